//! Markdown to HTML with pulldown-cmark: heading anchors and a table of
//! contents, raw HTML escaped unless allowed, script URLs neutralised.
//! Texts that are plain words skip the parser (most notes and names);
//! tests/suite/markdown.rs holds those shortcuts to the parser's
//! output on every CommonMark spec example and on Unicode whitespace.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;
use std::borrow::Cow;

/// One heading of a Markdown body, for the table of contents.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// Rendered Markdown: the HTML and the headings found in it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
}

fn options() -> Options {
    crate::load::markdown::options()
}

/// Whether a link target could run script (`javascript:`, `vbscript:`, `data:`),
/// judged as a browser would: ignoring case, whitespace and control characters.
pub fn is_script_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| cleaned.starts_with(s))
}

fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    if is_script_url(&url) {
        CowStr::Borrowed("#")
    } else {
        url
    }
}

fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Renders a Markdown block. `id_prefix` namespaces heading ids so they
/// cannot clash with the page's own anchors.
pub fn render(text: &str, allow_html: bool, id_prefix: &str) -> Rendered {
    if let Some(html) = plain_paragraphs(text) {
        return Rendered { html, toc: Vec::new() };
    }
    render_parsed(text, allow_html, id_prefix)
}

/// [`render`] always through the parser, without the shortcut for plain
/// paragraphs: what the shortcut must agree with (tests compare the two).
pub fn render_parsed(text: &str, allow_html: bool, id_prefix: &str) -> Rendered {
    // pulldown-cmark passes NUL through; CommonMark wants U+FFFD. (The
    // shortcuts never answer for a NUL: `plain_chars` refuses it.)
    let text = &*crate::model::replace_nul(text);
    let mut events: Vec<Event> = Parser::new_ext(text, options())
        .map(|ev| match ev {
            Event::Html(h) | Event::InlineHtml(h) if !allow_html => Event::Text(h),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: safe_url(dest_url),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: safe_url(dest_url),
                title,
                id,
            }),
            other => other,
        })
        .collect();

    // Give every heading an id and collect the table of contents.
    let mut toc = Vec::new();
    let mut used: Vec<String> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, .. }) = &events[i] {
            let level = *level;
            let mut title = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    title.push_str(t);
                }
                j += 1;
            }
            let id = heading_id(&title, id_prefix, &mut used);
            toc.push(TocEntry {
                level: heading_level(level),
                id: id.clone(),
                title,
            });
            events[i] = Event::Start(Tag::Heading {
                level,
                id: Some(CowStr::from(id)),
                classes: Vec::new(),
                attrs: Vec::new(),
            });
            i = j;
        }
        i += 1;
    }
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    Rendered { html: out, toc }
}

/// The id of a heading titled `title`: its slug, numbered when an earlier
/// heading of the same text took it. `used` holds the ids given so far.
fn heading_id(title: &str, id_prefix: &str, used: &mut Vec<String>) -> String {
    let base = crate::model::slug(title);
    let base = if base.is_empty() { "section".to_string() } else { base };
    let mut id = format!("{id_prefix}{base}");
    let mut n = 1;
    while used.contains(&id) {
        n += 1;
        id = format!("{id_prefix}{base}-{n}");
    }
    used.push(id.clone());
    id
}

/// One part of a Markdown body as plain text, for the search index: the
/// text before the first heading (no heading), or a heading and the text
/// under it up to the next heading.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TextSection {
    /// The heading, with the id [`render`] gives it; `None` before the first heading.
    pub heading: Option<TocEntry>,
    /// The words under the heading, Markdown and HTML tags removed.
    pub text: String,
}

/// The plain text of a Markdown body cut at its headings, with the heading
/// ids [`render`] gives for the same `id_prefix`. Raw HTML counts as text
/// when the page shows it as text (`allow_html` off), else it is left out.
pub fn text_sections(text: &str, allow_html: bool, id_prefix: &str) -> Vec<TextSection> {
    let text = &*crate::model::replace_nul(text);
    let mut out = vec![TextSection::default()];
    let mut used = Vec::new();
    let mut heading: Option<(u8, String)> = None;
    for ev in Parser::new_ext(text, options()) {
        let ev = match ev {
            Event::Html(h) | Event::InlineHtml(h) if !allow_html => Event::Text(h),
            other => other,
        };
        match ev {
            Event::Start(Tag::Heading { level, .. }) => heading = Some((heading_level(level), String::new())),
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, title)) = heading.take() {
                    let id = heading_id(&title, id_prefix, &mut used);
                    out.push(TextSection {
                        heading: Some(TocEntry { level, id, title }),
                        text: String::new(),
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => match &mut heading {
                Some((_, title)) => title.push_str(&t),
                None => push_words(out.last_mut().map(|s| &mut s.text), &t),
            },
            Event::SoftBreak | Event::HardBreak | Event::End(_) if heading.is_none() => {
                push_words(out.last_mut().map(|s| &mut s.text), " ")
            }
            _ => {}
        }
    }
    for s in &mut out {
        let trimmed = s.text.trim_end().len();
        s.text.truncate(trimmed);
    }
    out.retain(|s| s.heading.is_some() || !s.text.is_empty());
    out
}

/// Appends `t` to `text`, one space between words.
fn push_words(text: Option<&mut String>, t: &str) {
    let Some(text) = text else { return };
    if t.trim().is_empty() {
        if !text.is_empty() && !text.ends_with(' ') {
            text.push(' ');
        }
    } else {
        text.push_str(t);
    }
}

/// Renders Markdown meant for one line (a "text" field): no wrapping `<p>`.
pub fn render_inline(text: &str, allow_html: bool) -> String {
    render_inline_cow(text, allow_html).into_owned()
}

/// [`render_inline`], borrowing `text` when it renders as itself.
pub fn render_inline_cow(text: &str, allow_html: bool) -> Cow<'_, str> {
    // Most short texts (titles, names, notes) hold no Markdown at all; they
    // render as themselves, and skipping the parser saves much of a page's time.
    if is_plain_text(text) {
        return Cow::Borrowed(text);
    }
    if let Some(html) = plain_with_code_spans(text) {
        return Cow::Owned(html);
    }
    Cow::Owned(inline_of(render(text, allow_html, "").html))
}

/// [`render_inline`] always through the parser, without any shortcut: what
/// the shortcuts must agree with (tests compare the two).
pub fn render_inline_parsed(text: &str, allow_html: bool) -> String {
    inline_of(render_parsed(text, allow_html, "").html)
}

/// Block HTML of one paragraph without its `<p>`; any other HTML unchanged.
fn inline_of(html: String) -> String {
    let trimmed = html.trim_end();
    match trimmed.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html,
    }
}

/// [`render_inline`] without raw HTML, of a text planfolio writes itself
/// (a finding's message or hint): a few hundred such texts recur on
/// thousands of pages, so each thread keeps the ones it has rendered.
pub fn render_inline_recurring(text: &str) -> String {
    use std::cell::RefCell;
    use std::collections::HashMap;
    /// Enough for every hint and the messages of a large portfolio; beyond
    /// it texts are rendered each time, so memory stays bounded.
    const KEEP: usize = 4096;
    thread_local!(static RENDERED: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new()));
    if is_plain_text(text) {
        return text.to_string();
    }
    RENDERED.with_borrow_mut(|rendered| {
        if let Some(html) = rendered.get(text) {
            return html.clone();
        }
        let html = render_inline(text, false);
        if rendered.len() < KEEP {
            rendered.insert(text.to_string(), html.clone());
        }
        html
    })
}

/// Paragraphs of plain lines (see [`is_plain_text`]) separated by blank
/// lines, as the parser writes them: most notes and details are just that,
/// and the parser costs much of a plan page's time.
fn plain_paragraphs(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 16);
    let mut open = false;
    for line in text.split('\n') {
        // Blank as CommonMark means it: spaces and tabs only (and the `\r`
        // of a CRLF ending). Other Unicode spaces (NBSP, U+2000–U+200A,
        // U+3000 …) are text to the parser, and `is_plain_text` refuses
        // them, so such a line goes to the parser.
        if line.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r')) {
            if open {
                out.push_str("</p>\n");
                open = false;
            }
        } else if !is_plain_text(line) {
            return None;
        } else if open {
            out.push('\n');
            out.push_str(line);
        } else {
            out.push_str("<p>");
            out.push_str(line);
            open = true;
        }
    }
    if open {
        out.push_str("</p>\n");
    }
    Some(out)
}

/// Whether `text` is one line that Markdown renders unchanged: it starts
/// as no block does (see [`plain_start`]), ends without a space, and holds
/// only letters, digits, single-line spacing and punctuation that neither
/// Markdown nor HTML escaping touches.
pub(crate) fn is_plain_text(text: &str) -> bool {
    plain_start(text) && !text.ends_with(' ') && plain_chars(text)
}

/// Whether every character of `text` is one that Markdown and HTML
/// escaping leave alone in the middle of a line (see [`is_plain_text`]).
fn plain_chars(text: &str) -> bool {
    // Byte by byte with a table: this runs on every text of every page.
    const ASCII: [bool; 128] = {
        let mut table = [false; 128];
        let mut b = 0;
        while b < 128 {
            let c = b as u8;
            table[b] = c.is_ascii_alphanumeric()
                || matches!(
                    c,
                    b' ' | b','
                        | b'.'
                        | b';'
                        | b':'
                        | b'?'
                        | b'('
                        | b')'
                        | b'/'
                        | b'%'
                        | b'+'
                        | b'='
                        | b'@'
                        | b'\''
                        | b'-'
                        | b'$'
                );
            b += 1;
        }
        table
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(&ok) = ASCII.get(usize::from(bytes[i])) {
            if !ok {
                return false;
            }
            i += 1;
        } else {
            // A multi-byte character: `i` is on a boundary, as every step is.
            let Some(c) = text[i..].chars().next() else {
                return false;
            };
            if !(c.is_alphanumeric() || c == '£' || c == '€') {
                return false;
            }
            i += c.len_utf8();
        }
    }
    true
}

/// The inline HTML of a line of plain words (see [`is_plain_text`]) and
/// code spans of an id's characters (`` `set-up-a-call` ``), as the parser
/// writes it: most finding messages look like this, and each is different,
/// so none is rendered twice. `None` for any other text.
fn plain_with_code_spans(text: &str) -> Option<String> {
    if !text.contains('`') || !plain_start(text) || text.ends_with(' ') {
        return None;
    }
    let code_char = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.');
    let last = text.bytes().filter(|&b| b == b'`').count();
    // Words and code alternate, starting and ending with words (maybe none).
    if !last.is_multiple_of(2) {
        return None;
    }
    let mut html = String::with_capacity(text.len() + 13 * last / 2);
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            if part.is_empty() || !part.bytes().all(code_char) {
                return None;
            }
            html.push_str("<code>");
            html.push_str(part);
            html.push_str("</code>");
        } else {
            // Words between two spans: none would make a double backtick.
            if (part.is_empty() && i != 0 && i != last) || !plain_chars(part) {
                return None;
            }
            html.push_str(part);
        }
    }
    Some(html)
}

/// Whether a line of allowed characters starting so opens no block and
/// cannot underline the line before: not a space (indented code), `=` or
/// `-` alone (setext underline, list, rule), `+` (list), nor `1.` or `1)`
/// followed by a space or the end (ordered list). Amounts like `85%`,
/// `-3%` and `2.5 days` are plain.
fn plain_start(text: &str) -> bool {
    let b = text.as_bytes();
    match b.first() {
        None | Some(b' ' | b'=' | b'+') => false,
        Some(b'-') => b.get(1).is_some_and(u8::is_ascii_alphanumeric),
        Some(c) if c.is_ascii_digit() => {
            let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
            !(matches!(b.get(digits), Some(b'.' | b')')) && matches!(b.get(digits + 1), None | Some(b' ')))
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_shortcut_matches_the_parser() {
        let samples = [
            "Cut non-productive time by 10%",
            "Grow wells delivered (2027): 10/year; payback in 18 months?",
            "O'Brien's team, £2.5m + €1m = $4m @ HQ",
            "Zoë Müller",
            "a  b",
            "Word",
            "85%",
            "-3%",
            "12",
            "2.5%",
            "1.5 days",
            "2027-01-01",
            "£500k of new business",
            "(optional) notes",
            "-x",
            "123456789.5",
        ];
        for text in samples {
            assert!(is_plain_text(text), "{text}");
            // The parser itself: `render` would take the shortcut.
            let mut parsed = String::new();
            html::push_html(&mut parsed, Parser::new_ext(text, options()));
            let inner = parsed
                .trim_end()
                .strip_prefix("<p>")
                .and_then(|s| s.strip_suffix("</p>"));
            assert_eq!(inner, Some(text), "{text}");
        }
        // Anything Markdown or HTML escaping would change takes the parser.
        for text in [
            "1. item", "- item", "# h", "*a*", "a_b_", "[x](y)", "a & b", "a <b>", "\"q\"", "a\nb", "a ", " a", "`c`",
            "~~s~~", "1.", "1)", "12. x", "3) y", "-", "- x", "--", "---", "-- x", "=", "==", "+", "+ x", "< 5%",
        ] {
            assert!(!is_plain_text(text), "{text}");
        }
    }

    /// What the parser makes of a one-line text, without its paragraph.
    fn parsed_inline(text: &str) -> String {
        let mut parsed = String::new();
        html::push_html(&mut parsed, Parser::new_ext(text, options()));
        let trimmed = parsed.trim_end();
        trimmed
            .strip_prefix("<p>")
            .and_then(|s| s.strip_suffix("</p>"))
            .unwrap_or(trimmed)
            .to_string()
    }

    #[test]
    fn code_span_shortcut_matches_the_parser() {
        let messages = [
            "action `set-up-a-steering-group` is blocked",
            "`goal-1` is off track",
            "objective `o_1` names contact `jane.doe` (not on this plan)",
            "see `a`",
            "a `b`c `d` e",
        ];
        for text in messages {
            let fast = plain_with_code_spans(text);
            assert_eq!(fast.as_deref(), Some(parsed_inline(text).as_str()), "{text}");
        }
        for text in [
            "``a``", "`a``b`", "a `b", "`a b`", "` a`", "`a`` b", "1. `a`", "- `a`", "`*a*`", "*x* `a`", "`a` ",
            "`<a>`", "a & `b`",
        ] {
            assert_eq!(plain_with_code_spans(text), None, "{text}");
        }
        // Every short text over characters that matter here: whenever the
        // shortcut answers, it answers as the parser does.
        let alphabet = ['a', ' ', '`', '-', '_', '.', '1', '*', '#', '(', ':', 'é', '&', '\\'];
        let mut answered = 0;
        let mut text = String::new();
        for n in 0..alphabet.len().pow(6) {
            text.clear();
            let mut k = n;
            for _ in 0..6 {
                text.push(alphabet[k % alphabet.len()]);
                k /= alphabet.len();
            }
            if let Some(fast) = plain_with_code_spans(&text) {
                answered += 1;
                assert_eq!(fast, parsed_inline(&text), "{text:?}");
            }
        }
        assert!(answered > 10_000, "{answered}");
    }

    #[test]
    fn recurring_texts_render_as_inline_texts() {
        let texts = [
            "say what blocks it in `notes`",
            "a <b> & `c`",
            "Plain words",
            "*twice*",
            "say what blocks it in `notes`",
        ];
        for _ in 0..2 {
            for text in texts {
                assert_eq!(render_inline_recurring(text), render_inline(text, false), "{text}");
            }
        }
    }

    #[test]
    fn plain_text_table_matches_its_definition() {
        // The definition the byte table implements, as a plain char test.
        let definition = |text: &str| {
            plain_start(text)
                && !text.ends_with(' ')
                && text
                    .chars()
                    .all(|c| c.is_alphanumeric() || " ,.;:?()/%+=@'-$£€".contains(c))
        };
        let chars = (0u32..0x3000).chain([0x1F600, 0x10FFFF]).filter_map(char::from_u32);
        for c in chars {
            for text in [format!("{c}"), format!("a{c}"), format!("a{c}b"), format!("Zoë{c}é")] {
                assert_eq!(is_plain_text(&text), definition(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn plain_paragraphs_match_the_parser() {
        let lines = [
            "Cut non-productive time by 10%",
            "Grow wells (2027): 10/year; payback?",
            "O'Brien's team, £2.5m = $4m @ HQ",
            "Zoë Müller",
            "a  b",
            "Word",
            "",
            "   ",
            "\t",
            "- item",
            "1. item",
            "*a*",
            "Title",
            "===",
            "---",
            "  indented",
            "trailing  ",
            "a & b",
            "x\r",
            "85%",
            "-3%",
            "1.",
            "2) x",
            "-x",
            "=",
            // Unicode spaces: text to CommonMark, not blank.
            "\u{a0}",
            "\u{3000}",
            "\u{b}",
        ];
        // Every text of up to four of those lines, joined by newlines, with
        // and without a final newline.
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let mut longer = Vec::new();
            for t in &texts {
                for l in lines {
                    longer.push(if t.is_empty() {
                        l.to_string()
                    } else {
                        format!("{t}\n{l}")
                    });
                }
            }
            texts.extend(longer);
        }
        let mut fast = 0;
        for t in texts.iter().flat_map(|t| [t.clone(), format!("{t}\n")]) {
            if let Some(html) = plain_paragraphs(&t) {
                fast += 1;
                let mut parsed = String::new();
                html::push_html(&mut parsed, Parser::new_ext(&t, options()));
                assert_eq!(html, parsed, "{t:?}");
            }
        }
        assert!(fast > 1000, "the shortcut took only {fast} texts");
    }

    #[test]
    fn raw_html_is_escaped_unless_allowed() {
        let r = render("Hi <script>alert(1)</script>\n\n<div>x</div>\n", false, "");
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"));
        assert!(render("<b>x</b>", true, "").html.contains("<b>x</b>"));
    }

    #[test]
    fn script_urls_are_neutralised() {
        let r = render(
            "[a](javascript:alert(1)) [b]( JaVaScRiPt:x) [c](https://ok.example)",
            false,
            "",
        );
        assert!(!r.html.to_lowercase().contains("javascript:"), "{}", r.html);
        assert!(r.html.contains("https://ok.example"));
        assert!(is_script_url("java\tscript:alert(1)"));
        assert!(is_script_url("data:text/html;base64,xx"));
        assert!(!is_script_url("https://x.example/javascript:"));
    }

    #[test]
    fn headings_get_ids_and_toc() {
        let r = render(
            "## Customer overview\ntext\n## Customer overview\n### Risks & `npt`\n",
            false,
            "s-",
        );
        assert_eq!(r.toc.len(), 3);
        assert_eq!(r.toc[0].id, "s-customer-overview");
        assert_eq!(r.toc[1].id, "s-customer-overview-2");
        assert_eq!(r.toc[2].title, "Risks & npt");
        assert!(r.html.contains("<h2 id=\"s-customer-overview\">"));
    }

    #[test]
    fn text_sections_cut_at_headings_with_the_page_ids() {
        let body = "Intro *words*\nnext line.\n\n## Customer overview\n- one\n- two\n## Customer overview\n### Risks & `npt`\n";
        let sections = text_sections(body, false, "h-");
        let page = render(body, false, "h-");
        let ids: Vec<&str> = page.toc.iter().map(|t| t.id.as_str()).collect();
        let cut: Vec<Option<&str>> = sections
            .iter()
            .map(|s| s.heading.as_ref().map(|h| h.id.as_str()))
            .collect();
        assert_eq!(cut, [None, Some(ids[0]), Some(ids[1]), Some(ids[2])]);
        let texts: Vec<&str> = sections.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["Intro words next line.", "one two", "", ""]);
        assert_eq!(
            sections[3].heading.as_ref().map(|h| h.title.as_str()),
            Some("Risks & npt")
        );
    }

    #[test]
    fn inline_drops_paragraph() {
        assert_eq!(render_inline("a *b*", false), "a <em>b</em>");
    }
}
