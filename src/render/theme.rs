//! The built-in theme, embedded in the binary, and a site's overrides.
//!
//! Like mdBook: a site's `theme/templates/<name>.html` replaces the built-in
//! template of that name and `theme/static/<path>` replaces or adds an asset.
//! Names may have folders (`plan/goals.html`), always with `/` separators.

use std::collections::BTreeMap;
use std::path::Path;

/// Built-in templates: (name, source).
pub const TEMPLATES: &[(&str, &str)] = &[
    ("macros.html", include_str!("../../theme/templates/macros.html")),
    ("base.html", include_str!("../../theme/templates/base.html")),
    ("index.html", include_str!("../../theme/templates/index.html")),
    ("plan.html", include_str!("../../theme/templates/plan.html")),
    // The plan page's sections: a site overrides one with theme/templates/plan/<name>.html.
    (
        "plan/macros.html",
        include_str!("../../theme/templates/plan/macros.html"),
    ),
    (
        "plan/header.html",
        include_str!("../../theme/templates/plan/header.html"),
    ),
    ("plan/nav.html", include_str!("../../theme/templates/plan/nav.html")),
    (
        "plan/scores.html",
        include_str!("../../theme/templates/plan/scores.html"),
    ),
    (
        "plan/status.html",
        include_str!("../../theme/templates/plan/status.html"),
    ),
    (
        "plan/narrative.html",
        include_str!("../../theme/templates/plan/narrative.html"),
    ),
    (
        "plan/customer.html",
        include_str!("../../theme/templates/plan/customer.html"),
    ),
    (
        "plan/drivers.html",
        include_str!("../../theme/templates/plan/drivers.html"),
    ),
    ("plan/faa.html", include_str!("../../theme/templates/plan/faa.html")),
    (
        "plan/objectives.html",
        include_str!("../../theme/templates/plan/objectives.html"),
    ),
    ("plan/goals.html", include_str!("../../theme/templates/plan/goals.html")),
    (
        "plan/actions.html",
        include_str!("../../theme/templates/plan/actions.html"),
    ),
    (
        "plan/contacts.html",
        include_str!("../../theme/templates/plan/contacts.html"),
    ),
    (
        "plan/stages.html",
        include_str!("../../theme/templates/plan/stages.html"),
    ),
    (
        "plan/competitors.html",
        include_str!("../../theme/templates/plan/competitors.html"),
    ),
    ("plan/swot.html", include_str!("../../theme/templates/plan/swot.html")),
    (
        "plan/proposition.html",
        include_str!("../../theme/templates/plan/proposition.html"),
    ),
    (
        "plan/expectations.html",
        include_str!("../../theme/templates/plan/expectations.html"),
    ),
    (
        "plan/financials.html",
        include_str!("../../theme/templates/plan/financials.html"),
    ),
    (
        "plan/opportunities.html",
        include_str!("../../theme/templates/plan/opportunities.html"),
    ),
    (
        "plan/whitespace.html",
        include_str!("../../theme/templates/plan/whitespace.html"),
    ),
    (
        "plan/findings.html",
        include_str!("../../theme/templates/plan/findings.html"),
    ),
    ("segment.html", include_str!("../../theme/templates/segment.html")),
    ("team.html", include_str!("../../theme/templates/team.html")),
    ("competitor.html", include_str!("../../theme/templates/competitor.html")),
    ("404.html", include_str!("../../theme/templates/404.html")),
];

/// Built-in static assets: (path under `static/`, bytes).
pub const STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../../theme/static/style.css")),
    ("planfolio.js", include_bytes!("../../theme/static/planfolio.js")),
];

/// A theme: templates by name and assets by path, overrides applied.
#[derive(Clone, Debug, Default)]
pub struct Theme {
    pub templates: BTreeMap<String, String>,
    pub assets: BTreeMap<String, Vec<u8>>,
}

/// A problem reading a site's theme overrides.
#[derive(Debug)]
pub struct ThemeError {
    pub file: String,
    pub message: String,
}

impl Theme {
    /// The built-in theme.
    pub fn builtin() -> Theme {
        Theme {
            templates: TEMPLATES.iter().map(|(n, s)| (n.to_string(), s.to_string())).collect(),
            assets: STATIC.iter().map(|(n, b)| (n.to_string(), b.to_vec())).collect(),
        }
    }

    /// The built-in theme with the overrides of the site at `root`.
    pub fn for_site(root: &Path) -> Result<Theme, ThemeError> {
        let mut theme = Theme::builtin();
        let templates = root.join("theme/templates");
        for (rel, bytes) in read_tree(&templates)? {
            if rel.ends_with(".html") {
                let text = String::from_utf8(bytes).map_err(|_| ThemeError {
                    file: format!("theme/templates/{rel}"),
                    message: "template is not UTF-8 text".into(),
                })?;
                theme.templates.insert(rel, text);
            }
        }
        for (rel, bytes) in read_tree(&root.join("theme/static"))? {
            theme.assets.insert(rel, bytes);
        }
        Ok(theme)
    }
}

/// Every file below `dir` (skipping ignored names), by `/`-separated relative path.
pub fn read_tree(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, ThemeError> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !crate::load::is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = entry.map_err(|e| ThemeError {
            file: e
                .path()
                .map_or_else(|| dir.display().to_string(), |p| p.display().to_string()),
            message: e.to_string(),
        })?;
        if entry.file_type().is_file() {
            let rel = crate::load::rel_path(dir, entry.path());
            let bytes = std::fs::read(entry.path()).map_err(|e| ThemeError {
                file: entry.path().display().to_string(),
                message: e.to_string(),
            })?;
            out.push((rel, bytes));
        }
    }
    Ok(out)
}
