//! Printing diagnostics: rustc-like human text, JSON, and GitHub workflow commands.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Keyword;
use std::borrow::Cow;
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
    /// One diagnostic, serialised straight from the list (no JSON tree of
    /// the whole report); fields in the order a JSON map would sort them.
    #[derive(serde::Serialize)]
    struct Entry<'a> {
        code: &'static str,
        column: u32,
        file: &'a str,
        hint: Option<&'a str>,
        line: u32,
        message: &'a str,
        severity: &'static str,
    }
    /// The report's top level.
    #[derive(serde::Serialize)]
    struct Report<'a> {
        diagnostics: Vec<Entry<'a>>,
        errors: usize,
        warnings: usize,
    }
    let (errors, warnings) = counts(diags);
    let report = Report {
        diagnostics: diags
            .iter()
            .map(|d| Entry {
                code: d.code.as_str(),
                column: d.span.col,
                file: &d.file,
                hint: d.hint.as_deref(),
                line: d.span.line,
                message: &d.message,
                severity: d.severity().as_str(),
            })
            .collect(),
        errors,
        warnings,
    };
    format!("{}\n", serde_json::to_string_pretty(&report).unwrap_or_default())
}

/// Whether `c` must never reach a terminal or a CI log as is: control
/// characters (ESC starts colour and title sequences, BEL ends them) and the
/// bidirectional overrides that make text read differently than it is.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `s` with every unsafe character except those in `keep` written as a
/// visible escape (`\u{1b}`), so a file name or a value cannot drive the
/// terminal or forge output lines.
pub fn escape_control_except<'a>(s: &'a str, keep: &[char]) -> Cow<'a, str> {
    if !s.chars().any(|c| is_unsafe(c) && !keep.contains(&c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) && !keep.contains(&c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `s` with every control character written as a visible escape.
pub fn escape_control(s: &str) -> Cow<'_, str> {
    escape_control_except(s, &[])
}

/// The zero-width space put after `@` and `#` in Markdown output.
const ZERO_WIDTH_SPACE: char = '\u{200b}';

/// `s` as literal text in GitHub-flavoured Markdown (the pull-request comment
/// of `diff`, the changelog of `log`): whatever a plan says, it reads as
/// written and adds no HTML, image, link, mention, emphasis, code or table
/// cell. The one escaper of Markdown output:
///
/// - control characters are shown as escapes ([`escape_control`]), and line
///   breaks and tabs become spaces (a value stays on its line);
/// - the ASCII punctuation that starts or ends something inline is
///   backslash-escaped: `\` `` ` `` `*` `_` `~` `[` `]` `<` `>` `!` `&` `|`
///   `#` `$` (emphasis, strikethrough, code, links and images, HTML and
///   `<…>` autolinks, entities, table cells, headings, math). The others
///   (`.`, `-`, `+`, `(`…) only mean something at the start of a line or
///   after an escaped character, and values never start a line;
/// - GFM's extended autolinks are broken: the `:` of `scheme://` and the `.`
///   of `www.` are escaped, and e-mail addresses lose their `@` (next);
/// - GitHub links `@name` (a mention, which notifies that person or team)
///   and `#12` (an issue) in the rendered text itself, where a backslash no
///   longer is, so a zero-width space goes after every `@` and `#`, as
///   dependabot does with mentions. It is the character itself, not the
///   entity `&#8203;`: the HTML is the same, and the Markdown stays readable
///   in a terminal.
pub fn escape_markdown(s: &str) -> String {
    let text = escape_control_except(s, &['\n', '\r', '\t']);
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '\\' | '`' | '*' | '_' | '~' | '[' | ']' | '<' | '>' | '!' | '&' | '|' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '#' => {
                out.push_str("\\#");
                out.push(ZERO_WIDTH_SPACE);
            }
            '@' => {
                out.push('@');
                out.push(ZERO_WIDTH_SPACE);
            }
            ':' if chars.peek() == Some(&'/') => out.push_str("\\:"),
            '.' if out
                .get(out.len().saturating_sub(3)..)
                .is_some_and(|w| w.eq_ignore_ascii_case("www")) =>
            {
                out.push_str("\\.")
            }
            _ => out.push(c),
        }
    }
    out
}

/// A workflow command's message (GitHub's `escapeData`): `%`, CR and LF are
/// percent-encoded; other control characters are shown as escapes.
fn escape_data(s: &str) -> String {
    escape_control_except(s, &['\r', '\n'])
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value (GitHub's `escapeProperty`): as data,
/// plus `:` and `,`, which would end the value.
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
                escape_property(d.code.as_str()),
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
    use rayon::prelude::*;
    // Each file's diagnostics are written on their own, on all cores: the
    // report reads every file again for its source lines, which on 10,000
    // plans costs more than checking them.
    let mut runs = Vec::new();
    let mut start = 0;
    for i in 1..=diags.len() {
        if i == diags.len() || diags[i].file != diags[start].file {
            runs.push(&diags[start..i]);
            start = i;
        }
    }
    let parts: Vec<String> = runs.par_iter().map(|run| human_run(run, root, colour)).collect();
    parts.concat()
}

/// [`human`] for diagnostics of one file (or a few, in order).
fn human_run(diags: &[Diagnostic], root: &Path, colour: bool) -> String {
    let paint = Paint(colour);
    // Diagnostics come sorted by file: only the current file's text is kept,
    // so a report on 10,000 plans never holds them all.
    let mut source: Option<(&str, Option<String>)> = None;
    let mut out = String::new();
    for d in diags {
        let (label, code) = match d.severity() {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        // Messages may span lines and hold tabs; nothing else is shown raw.
        let message = escape_control_except(&d.message, &['\n', '\t']);
        out.push_str(&paint.wrap(code, &format!("{label}[{}]", d.code.as_str())));
        out.push_str(&paint.wrap("1", &format!(": {message}")));
        out.push('\n');
        let line_no = d.span.line.to_string();
        let gutter = " ".repeat(line_no.len());
        out.push_str(&format!(
            "{gutter}{} {}:{}:{}\n",
            paint.wrap("1;34", "-->"),
            escape_control(&d.file),
            d.span.line,
            d.span.col
        ));
        // Only a small regular file inside the site is read: never a link
        // out of it, a FIFO (which would block) or a device.
        if source.as_ref().is_none_or(|(file, _)| *file != d.file.as_str()) {
            source = Some((d.file.as_str(), crate::load::read_for_report(root, &d.file)));
        }
        let text = source.as_ref().map_or(&None, |(_, text)| text);
        let line = text
            .as_deref()
            .and_then(|t| t.lines().nth(d.span.line.saturating_sub(1) as usize));
        if let Some(line) = line {
            let bar = paint.wrap("1;34", "|");
            // Very long lines (minified data, a one-line dump) are cut.
            let line = line.trim_end();
            let raw: Vec<char> = line.chars().take(MAX_SHOWN).collect();
            let cut = if line.chars().count() > MAX_SHOWN { " …" } else { "" };
            let shown_of = |chars: &[char]| -> String {
                escape_control_except(&chars.iter().collect::<String>(), &['\t']).into_owned()
            };
            let start = (d.span.col.saturating_sub(1) as usize).min(raw.len());
            let end = (start + d.span.len.max(1) as usize).min(raw.len());
            let shown = shown_of(&raw);
            out.push_str(&format!("{gutter} {bar}\n"));
            out.push_str(&format!("{} {bar} {shown}{cut}\n", paint.wrap("1;34", &line_no)));
            // Keep tabs so the caret lines up under the same characters;
            // an escaped character is as wide as its escape.
            let pad: String = shown_of(&raw[..start])
                .chars()
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let avail = shown.chars().count().saturating_sub(pad.chars().count()).max(1);
            let width = shown_of(&raw[start..end]).chars().count();
            let carets = "^".repeat(width.clamp(1, avail));
            out.push_str(&format!("{gutter} {bar} {pad}{}\n", paint.wrap(code, &carets)));
        }
        if let Some(hint) = &d.hint {
            let hint = escape_control_except(hint, &['\n', '\t']);
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
    let plural = crate::words::count_s;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_text_is_literal() {
        assert_eq!(escape_markdown("O'Brien (UK) - 1. Co"), "O'Brien (UK) - 1. Co");
        assert_eq!(
            escape_markdown("*a* _b_ `c` ~d~ |"),
            "\\*a\\* \\_b\\_ \\`c\\` \\~d\\~ \\|"
        );
        assert_eq!(escape_markdown("<b>&amp;</b>"), "\\<b\\>\\&amp;\\</b\\>");
        assert_eq!(escape_markdown("![i](u) $x$"), "\\!\\[i\\](u) \\$x\\$");
        assert_eq!(escape_markdown("@al #1 a@b"), "@\u{200b}al \\#\u{200b}1 a@\u{200b}b");
        assert_eq!(
            escape_markdown("https://x.example www.y Www.z wwwa"),
            "https\\://x.example www\\.y Www\\.z wwwa"
        );
        assert_eq!(escape_markdown("a:b 10:30"), "a:b 10:30");
        assert_eq!(escape_markdown("a\nb\tc\\"), "a b c\\\\");
        assert_eq!(escape_markdown("\u{1b}[2J\u{7}"), "\\\\u{1b}\\[2J\\\\u{7}");
    }
}
