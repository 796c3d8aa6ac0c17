//! Printing diagnostics: rustc-like human text, JSON, and GitHub workflow commands.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Keyword;
use serde_json::json;
use std::collections::HashMap;
use std::path::Path;

/// Output format of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
}

/// Renders diagnostics in `format`; `root` is where source lines are read
/// from for human output; `colour` adds ANSI colours.
pub fn render(diags: &[Diagnostic], format: Format, root: &Path, colour: bool) -> String {
    match format {
        Format::Human => human(diags, root, colour),
        Format::Json => json(diags),
        Format::Github => github(diags),
    }
}

fn counts(diags: &[Diagnostic]) -> (usize, usize) {
    let errors = diags.iter().filter(|d| d.severity() == Severity::Error).count();
    (errors, diags.len() - errors)
}

/// The JSON object of SPEC §7.
pub fn json(diags: &[Diagnostic]) -> String {
    let (errors, warnings) = counts(diags);
    let list: Vec<_> = diags
        .iter()
        .map(|d| {
            json!({
                "severity": d.severity().as_str(),
                "code": d.code.as_str(),
                "file": d.file,
                "line": d.span.line,
                "column": d.span.col,
                "message": d.message,
                "hint": d.hint,
            })
        })
        .collect();
    let value = json!({"diagnostics": list, "errors": errors, "warnings": warnings});
    format!("{}\n", serde_json::to_string_pretty(&value).unwrap_or_default())
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One GitHub Actions workflow command per diagnostic.
pub fn github(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| {
            format!(
                "::{} file={},line={},col={},title={}::{}\n",
                d.severity().as_str(),
                escape_property(&d.file),
                d.span.line,
                d.span.col,
                d.code.as_str(),
                escape_data(&d.message)
            )
        })
        .collect()
}

/// Longest source line shown under a diagnostic.
const MAX_SHOWN: usize = 240;

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// rustc-style text: header, location, source line with caret, help, summary.
pub fn human(diags: &[Diagnostic], root: &Path, colour: bool) -> String {
    let paint = Paint(colour);
    let mut sources: HashMap<&str, Option<String>> = HashMap::new();
    let mut out = String::new();
    for d in diags {
        let (label, code) = match d.severity() {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        out.push_str(&paint.wrap(code, &format!("{label}[{}]", d.code.as_str())));
        out.push_str(&paint.wrap("1", &format!(": {}", d.message)));
        out.push('\n');
        let line_no = d.span.line.to_string();
        let gutter = " ".repeat(line_no.len());
        out.push_str(&format!(
            "{gutter}{} {}:{}:{}\n",
            paint.wrap("1;34", "-->"),
            d.file,
            d.span.line,
            d.span.col
        ));
        let text = sources.entry(d.file.as_str()).or_insert_with(|| {
            let path = root.join(&d.file);
            // Oversize files are reported unread; don't read them for a snippet.
            let small = std::fs::metadata(&path).is_ok_and(|m| m.len() <= crate::load::MAX_FILE_BYTES);
            if small {
                std::fs::read_to_string(path).ok()
            } else {
                None
            }
        });
        let line = text
            .as_deref()
            .and_then(|t| t.lines().nth(d.span.line.saturating_sub(1) as usize));
        if let Some(line) = line {
            let bar = paint.wrap("1;34", "|");
            // Very long lines (minified data, a one-line dump) are cut.
            let line = line.trim_end();
            let shown: String = line.chars().take(MAX_SHOWN).collect();
            let cut = if line.chars().count() > MAX_SHOWN { " …" } else { "" };
            out.push_str(&format!("{gutter} {bar}\n"));
            out.push_str(&format!("{} {bar} {shown}{cut}\n", paint.wrap("1;34", &line_no)));
            // Keep tabs so the caret lines up under the same characters.
            let pad: String = shown
                .chars()
                .take(d.span.col.saturating_sub(1) as usize)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let avail = shown.chars().count().saturating_sub(d.span.col as usize - 1).max(1);
            let carets = "^".repeat((d.span.len as usize).clamp(1, avail));
            out.push_str(&format!("{gutter} {bar} {pad}{}\n", paint.wrap(code, &carets)));
        }
        if let Some(hint) = &d.hint {
            out.push_str(&format!("{gutter} {} help: {hint}\n", paint.wrap("1;34", "=")));
        }
        out.push('\n');
    }
    out
}

/// The closing line of human output, e.g. `failed: 2 errors, 1 warning in 9 plans`.
pub fn summary(diags: &[Diagnostic], plans: usize, colour: bool) -> String {
    let paint = Paint(colour);
    let (errors, warnings) = counts(diags);
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let checked = format!("checked {}", plural(plans, "plan"));
    match (errors, warnings) {
        (0, 0) => format!("{}: {checked}, no problems found\n", paint.wrap("1;32", "ok")),
        (0, w) => format!("{}: {checked}, {}\n", paint.wrap("1;33", "ok"), plural(w, "warning")),
        (e, w) => format!(
            "{}: {checked}, {}, {}\n",
            paint.wrap("1;31", "failed"),
            plural(e, "error"),
            plural(w, "warning")
        ),
    }
}
