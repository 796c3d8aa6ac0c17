//! The built-in theme, embedded in the binary, and a site's overrides.
//!
//! Like mdBook: a site's `theme/templates/<name>.html` replaces the built-in
//! template of that name and `theme/static/<path>` replaces or adds an asset.
//! Names may have folders (`plan/goals.html`), always with `/` separators.

use crate::diagnostic::{Code, Diagnostic, Span};
use crate::load;
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
        "plan/fix_next.html",
        include_str!("../../theme/templates/plan/fix_next.html"),
    ),
    (
        "plan/findings.html",
        include_str!("../../theme/templates/plan/findings.html"),
    ),
    (
        "plan/history.html",
        include_str!("../../theme/templates/plan/history.html"),
    ),
    ("segment.html", include_str!("../../theme/templates/segment.html")),
    ("team.html", include_str!("../../theme/templates/team.html")),
    ("competitor.html", include_str!("../../theme/templates/competitor.html")),
    ("attention.html", include_str!("../../theme/templates/attention.html")),
    ("changes.html", include_str!("../../theme/templates/changes.html")),
    ("one-page.html", include_str!("../../theme/templates/one-page.html")),
    ("review.html", include_str!("../../theme/templates/review.html")),
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

/// A problem reading a site's theme overrides or `static/` folder, located
/// at a file relative to the site root.
#[derive(Debug)]
pub struct ThemeError {
    pub file: String,
    pub message: String,
}

impl From<Diagnostic> for ThemeError {
    fn from(d: Diagnostic) -> ThemeError {
        ThemeError {
            message: format!("{}:{}: {}", d.span.line, d.span.col, d.message),
            file: d.file,
        }
    }
}

/// The folders a site's theme and static files come from, relative to the root.
pub const TEMPLATES_DIR: &str = "theme/templates";
/// A site's theme assets (`theme/static/<path>` is served at `static/<path>`).
pub const THEME_STATIC_DIR: &str = "theme/static";
/// A site's own static files, copied to the output root.
pub const SITE_STATIC_DIR: &str = "static";

impl Theme {
    /// The built-in theme.
    pub fn builtin() -> Theme {
        Theme {
            templates: TEMPLATES.iter().map(|(n, s)| (n.to_string(), s.to_string())).collect(),
            assets: STATIC.iter().map(|(n, b)| (n.to_string(), b.to_vec())).collect(),
        }
    }

    /// The built-in theme with the overrides of the site at `root`; the
    /// first problem found (all of them: [`Theme::for_site_checked`]).
    pub fn for_site(root: &Path) -> Result<Theme, ThemeError> {
        let (theme, diags) = Theme::for_site_checked(root);
        match diags.into_iter().next() {
            Some(d) => Err(d.into()),
            None => Ok(theme),
        }
    }

    /// The built-in theme with the overrides of the site at `root`, and
    /// every problem reading them (the files concerned are left out).
    pub fn for_site_checked(root: &Path) -> (Theme, Vec<Diagnostic>) {
        let mut theme = Theme::builtin();
        let (templates, mut diags) = site_templates(root);
        theme.templates.extend(templates);
        let (assets, more) = walk_tree(root, THEME_STATIC_DIR, true);
        diags.extend(more);
        theme.assets.extend(assets);
        (theme, diags)
    }
}

/// The site's own templates (`theme/templates/**.html`) by name, and every
/// problem reading them: unreadable, not UTF-8 (at the first bad byte).
pub fn site_templates(root: &Path) -> (Vec<(String, String)>, Vec<Diagnostic>) {
    let (files, mut diags) = walk_tree(root, TEMPLATES_DIR, true);
    let mut templates = Vec::new();
    for (name, bytes) in files {
        if !name.ends_with(".html") {
            continue;
        }
        match String::from_utf8(bytes) {
            Ok(text) => templates.push((name, text)),
            Err(e) => {
                let bytes = e.as_bytes();
                let valid = &bytes[..e.utf8_error().valid_up_to()];
                let line = valid.iter().filter(|b| **b == b'\n').count() as u32 + 1;
                let col = String::from_utf8_lossy(valid.rsplit(|b| *b == b'\n').next().unwrap_or_default())
                    .chars()
                    .count() as u32
                    + 1;
                diags.push(
                    Diagnostic::new(
                        Code::UnreadableFile,
                        &format!("{TEMPLATES_DIR}/{name}"),
                        Span::new(line, col, 1),
                        "template is not valid UTF-8 text",
                    )
                    .with_hint("save the template with UTF-8 encoding"),
                );
            }
        }
    }
    (templates, diags)
}

/// The site's `static/` files, by path, for copying to the output root.
pub fn site_static(root: &Path) -> Result<Vec<(String, Vec<u8>)>, ThemeError> {
    let (files, diags) = walk_tree(root, SITE_STATIC_DIR, true);
    match diags.into_iter().next() {
        Some(d) => Err(d.into()),
        None => Ok(files),
    }
}

/// Every regular file below `root/dir` (skipping ignored names), by
/// `/`-separated path relative to `dir`, with its bytes when `read` (else
/// empty, the file only opened to prove it readable); and a located
/// diagnostic for each problem that would make a build fail: a broken link,
/// a link loop, a link whose target is outside the site root or on a
/// hidden or ignored path inside it (never followed, never read), an
/// unreadable file or folder.
pub fn walk_tree(root: &Path, dir: &str, read: bool) -> (Vec<(String, Vec<u8>)>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    let base = root.join(dir);
    let Ok(meta) = std::fs::symlink_metadata(&base) else {
        return (out, diags);
    };
    let canon_root = load::canonical_root(root);
    if meta.file_type().is_symlink()
        && let Some(d) = load::refused_link(&canon_root, root, &base)
    {
        diags.push(d);
        return (out, diags);
    }
    if !base.is_dir() {
        return (out, diags);
    }
    let mut escaped = Vec::new();
    let walker = walkdir::WalkDir::new(&base)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 || load::is_ignored_name(&e.file_name().to_string_lossy()) {
                return e.depth() == 0;
            }
            if e.path_is_symlink()
                && let Some(d) = load::refused_link(&canon_root, root, e.path())
            {
                escaped.push(d);
                return false;
            }
            true
        });
    let unreadable = |path: &Path, message: String, hint: &str| {
        Diagnostic::new(
            Code::UnreadableFile,
            &load::rel_path(root, path),
            Span::file_start(),
            message,
        )
        .with_hint(hint)
    };
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err.path().unwrap_or(&base);
                let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
                let (message, hint) = load::walk_error_text(&err, is_link);
                diags.push(unreadable(path, message, hint));
                continue;
            }
        };
        // A build copies regular files only: FIFOs and devices are skipped
        // there and here, never opened.
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let rel = load::rel_path(&base, path);
        let bytes = if read {
            std::fs::read(path)
        } else {
            std::fs::File::open(path).map(|_| Vec::new())
        };
        match bytes {
            Ok(bytes) => out.push((rel, bytes)),
            Err(e) => diags.push(unreadable(
                path,
                format!("cannot read: {e}"),
                "fix the file's permissions",
            )),
        }
    }
    diags.extend(escaped);
    (out, diags)
}
