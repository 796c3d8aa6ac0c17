//! Everything in a site's theme and static files that would make `build`
//! fail, found ahead of it and located at file:line, so that `check` passes
//! only what `build` then builds. The build driver (`crate::build`) runs
//! these for every command; rendering errors are located here too.

use super::RenderError;
use super::theme::{self, TEMPLATES_DIR, Theme};
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::pipeline::Analysis;
use std::path::Path;

/// Problems reading the theme and static folders, and syntax errors in the
/// site's templates: cheap (static files are opened, not read), so every
/// command runs it. Returns the templates read (with the built-in assets), for
/// rendering.
pub fn file_problems(root: &Path, analysis: &Analysis) -> (Theme, Vec<Diagnostic>) {
    // Assets are opened, not read: only their templates are needed here.
    let (own, mut diags) = own_templates(root);
    let (theme_assets, more) = theme::walk_tree(root, theme::THEME_STATIC_DIR, false);
    diags.extend(more);
    let (site_static, more) = theme::walk_tree(root, theme::SITE_STATIC_DIR, false);
    diags.extend(more);
    let assets: Vec<&str> = theme::STATIC
        .iter()
        .map(|(n, _)| *n)
        .chain(theme_assets.iter().map(|(n, _)| n.as_str()))
        .collect();
    let static_files: Vec<&str> = site_static.iter().map(|(n, _)| n.as_str()).collect();
    diags.extend(output_conflicts(&static_files, &assets, analysis));
    diags.extend(missing_stylesheets(&static_files, &assets, analysis));
    let mut theme = Theme::builtin();
    theme.templates.extend(own.iter().cloned());
    let mut syntax_ok = true;
    for (name, text) in &own {
        if let Err(e) = tera::Template::new(name, None, text) {
            syntax_ok = false;
            diags.push(syntax_error(name, text, &super::tera_message(&e)));
        }
    }
    // Each template parses: what is left is how they fit together
    // (a missing parent, a circular `extends`, a missing macro file).
    if syntax_ok
        && !own.is_empty()
        && let Err(e) = super::compile(&theme, &analysis.site.config)
    {
        diags.push(locate(&own, &e.message(), None));
    }
    (theme, diags)
}

/// A rendering error as a diagnostic at the site template (and line) that
/// caused it, for `build` to report like any other.
pub fn render_error(own: &[(String, String)], e: &RenderError) -> Diagnostic {
    locate(own, &e.message(), Some(e.file()))
}

/// The site's own templates, read again (only their names and text matter).
pub fn own_templates(root: &Path) -> (Vec<(String, String)>, Vec<Diagnostic>) {
    theme::site_templates(root)
}

/// `theme.extra_css` entries that name no file of the published site: a
/// theme asset (`theme/static/<path>`, published as `static/<path>`) or a
/// site static file (`static/<path>`, published as `<path>`).
fn missing_stylesheets(static_files: &[&str], assets: &[&str], analysis: &Analysis) -> Vec<Diagnostic> {
    let published =
        |path: &str| static_files.contains(&path) || path.strip_prefix("static/").is_some_and(|a| assets.contains(&a));
    analysis
        .site
        .config
        .extra_css
        .iter()
        .filter(|css| !published(&css.value))
        .map(|css| {
            Diagnostic::new(
                Code::InvalidValue,
                crate::load::CONFIG_FILE,
                css.span,
                format!(
                    "`{}` (in `theme.extra_css`) is no file of the published site",
                    css.value
                ),
            )
            .with_hint(format!(
                "put the stylesheet at theme/static/{0} to publish it as static/{0}, and list `static/{0}`",
                css.value.strip_prefix("static/").unwrap_or(&css.value)
            ))
        })
        .collect()
}

/// Files `build` writes at the output root besides pages and assets.
const GENERATED_FILES: &[&str] = &[
    "portfolio.json",
    "portfolio.csv",
    "search-index.js",
    // The search index's shards: a file named `search` would take their folder.
    "search/e0.js",
    "filter-data.js",
    "filter-rows.js",
];

/// Site static files (`static/<path>`, copied to `<path>`) that would stand
/// where `build` writes a folder of pages, or below a file it writes: the
/// build would fail writing the site.
fn output_conflicts(static_files: &[&str], assets: &[&str], analysis: &Analysis) -> Vec<Diagnostic> {
    use std::collections::HashSet;
    if static_files.is_empty() {
        return Vec::new();
    }
    let site = &analysis.site;
    let mut outputs: Vec<String> = GENERATED_FILES.iter().map(|f| f.to_string()).collect();
    outputs.extend(assets.iter().map(|a| format!("static/{a}")));
    // Every page, from the one list of pages the renderer writes.
    let look = super::context::Lookup::new(site, &analysis.portfolio, &analysis.diagnostics);
    outputs.extend(super::pages::specs(&look).iter().map(|spec| spec.path(&look)));
    // Every folder the written files need.
    let mut folders = HashSet::new();
    for path in &outputs {
        let mut parent = path.as_str();
        while let Some((p, _)) = parent.rsplit_once('/') {
            folders.insert(p.to_string());
            parent = p;
        }
    }
    let files: HashSet<String> = outputs.into_iter().collect();
    let mut diags = Vec::new();
    for rel in static_files {
        let clash = if folders.contains(*rel) {
            Some(format!("`{rel}` is where the site's pages go (a folder)"))
        } else {
            rel.match_indices('/')
                .map(|(i, _)| &rel[..i])
                .find(|prefix| files.contains(*prefix))
                .map(|prefix| format!("`{prefix}` is a file the site writes"))
        };
        if let Some(clash) = clash {
            diags.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    &format!("{}/{rel}", theme::SITE_STATIC_DIR),
                    Span::file_start(),
                    format!("this file would be copied to `{rel}`, but {clash}"),
                )
                .with_hint("rename or move the file: files in static/ must not take the place of generated pages"),
            );
        }
    }
    diags
}

fn template_file(name: &str) -> String {
    format!("{TEMPLATES_DIR}/{name}")
}

fn diagnostic(name: &str, span: Span, message: String) -> Diagnostic {
    Diagnostic::new(Code::TemplateError, &template_file(name), span, message)
        .with_hint("fix the template, or remove it to use the built-in one; see `planfolio explain template-error`")
}

/// A parse error: Tera's message carries ` --> line:col` and an
/// `= expected …` line.
fn syntax_error(name: &str, text: &str, message: &str) -> Diagnostic {
    let span = parse_position(message).map(|(line, col)| Span::new(line, col, 1));
    let expected = message
        .lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix("= "))
        .map(str::to_string);
    match (span, expected) {
        (Some(span), Some(expected)) => diagnostic(name, span, format!("template syntax error: {expected}")),
        // A parse error without a position (e.g. a duplicated block): find
        // the quoted name in the template.
        _ => {
            let first = message.lines().last().unwrap_or(message).trim();
            let span = quoted_words(message)
                .iter()
                .find_map(|w| find_line(text, w))
                .unwrap_or_else(Span::file_start);
            diagnostic(name, span, format!("template syntax error: {first}"))
        }
    }
}

/// The `line:col` after ` --> ` in a parse error.
fn parse_position(message: &str) -> Option<(u32, u32)> {
    let rest = &message[message.find("--> ")? + 4..];
    let end = rest.find(|c: char| !c.is_ascii_digit() && c != ':')?;
    let (line, col) = rest[..end].split_once(':')?;
    Some((line.parse().ok()?, col.parse().ok()?))
}

/// Words Tera quotes in its messages: `x`, 'x' or "x".
fn quoted_words(message: &str) -> Vec<String> {
    let mut words = Vec::new();
    for q in ['`', '\'', '"'] {
        let mut parts = message.split(q);
        parts.next();
        while let (Some(word), Some(_)) = (parts.next(), parts.next()) {
            if !word.is_empty() && word.len() < 200 {
                words.push(word.to_string());
            }
        }
    }
    words
}

/// The first line of `text` holding `word`, as a span over it.
fn find_line(text: &str, word: &str) -> Option<Span> {
    text.lines().enumerate().find_map(|(i, l)| {
        let byte = l.find(word)?;
        let col = l[..byte].chars().count() as u32 + 1;
        Some(Span::new(i as u32 + 1, col, word.chars().count() as u32))
    })
}

/// Locates an error Tera gives without a position (render errors,
/// inheritance errors): in the site template it names — the one it says the
/// error happened in first — at the first line holding a name it quotes
/// (a variable, a filter, a macro, a parent template).
fn locate(own: &[(String, String)], message: &str, template: Option<&str>) -> Diagnostic {
    let words = quoted_words(message);
    let happened_in = message
        .split("error happened in '")
        .nth(1)
        .and_then(|r| r.split('\'').next());
    let candidates = happened_in
        .into_iter()
        .chain(template)
        .chain(words.iter().map(String::as_str));
    let mut found = None;
    for name in candidates {
        if let Some((n, text)) = own.iter().find(|(n, _)| n == name) {
            found = Some((n, text));
            break;
        }
    }
    let short = message.replace('\n', " ");
    match found {
        Some((name, text)) => {
            let span = words
                .iter()
                .filter(|w| *w != name)
                .find_map(|w| find_line(text, w).or_else(|| w.split('.').next().and_then(|h| find_line(text, h))))
                .unwrap_or_else(Span::file_start);
            diagnostic(name, span, format!("template error: {short}"))
        }
        // A built-in template failed, through an override of another one
        // (e.g. a macro file without a macro the built-in pages call).
        None => {
            let name = own.first().map_or("", |(n, _)| n.as_str());
            diagnostic(name, Span::file_start(), format!("template error: {short}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_and_quotes() {
        assert_eq!(
            parse_position("Failed to parse 'a.html':  --> 3:15\n  |"),
            Some((3, 15))
        );
        assert_eq!(parse_position("no position"), None);
        assert_eq!(
            quoted_words("Variable `a.b` not found in context while rendering 'plan.html'"),
            ["a.b", "plan.html"]
        );
        assert_eq!(find_line("x\n  {{ a.b }}\n", "a.b"), Some(Span::new(2, 6, 3)));
    }
}
