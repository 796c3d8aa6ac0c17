//! The built-in theme's components, written once in Rust: the plan page's
//! sections, the account table, and the small pieces (segment badges,
//! pills, meters, scores) that templates call as functions.
//!
//! Templates keep each page's layout and the frame (`base.html`); they get
//! these as rendered fields (`sections.contacts`, `accounts_table`) or call
//! them (`{{ seg(s="key") }}`), as mdBook's `{{#toc}}` helper hands its table
//! of contents to `index.hbs`. A site that overrides a template loops over the
//! documented view fields instead (docs/theme.md).

/// Writes literal HTML and values: `put!(o; "<a href=\"" {url} "\">" [html] "</a>")`
/// pushes literals as they are, `{value}` escaped, and `[html]` as it is.
macro_rules! put {
    ($o:expr;) => {{}};
    ($o:expr; $lit:literal $($rest:tt)*) => {{
        $o.push_str($lit);
        put!($o; $($rest)*)
    }};
    ($o:expr; {$e:expr} $($rest:tt)*) => {{
        $crate::render::components::esc($o, $e);
        put!($o; $($rest)*)
    }};
    ($o:expr; [$e:expr] $($rest:tt)*) => {{
        $o.push_str($e);
        put!($o; $($rest)*)
    }};
}

pub mod accounts;
pub mod charts;
pub mod competitor;
pub mod findings;
pub mod frame;
pub mod one_page;
pub mod plan;
pub mod risk;
pub mod team;

use super::plan_page::{FlagView, ItemRef};
use std::fmt::Write as _;

/// A finite number, or `None` (NaN and infinite amounts are not shown).
pub fn finite(x: Option<f64>) -> Option<f64> {
    x.filter(|x| x.is_finite())
}

/// `a / b` written as a number: whole quotients without decimals.
pub fn quotient(o: &mut String, a: f64, b: f64) {
    let q = a / b;
    if !q.is_finite() {
        o.push_str("NaN");
    } else if q.round() == q {
        disp(o, q as i64);
    } else {
        disp(o, q);
    }
}

// ---------------------------------------------------------------------------
// Escaping, number display and case

/// Appends `s` escaped for HTML text and attributes (the site's one escaper).
pub fn esc(o: &mut String, s: &str) {
    super::escape::push_escaped(o, s);
}

/// An optional text that is present and not empty.
pub fn nonempty<S: AsRef<str>>(s: &Option<S>) -> Option<&str> {
    s.as_ref().map(AsRef::as_ref).filter(|s| !s.is_empty())
}

/// Appends a number as Rust's `Display` writes it.
pub fn disp(o: &mut String, x: impl Disp) {
    x.put(o);
}

/// A value [`disp`] writes as Rust's `Display` does.
pub trait Disp {
    /// Appends the value's `Display` text to `o`.
    fn put(self, o: &mut String);
}

macro_rules! disp_by_display {
    ($($t:ty),*) => {$(
        impl Disp for $t {
            fn put(self, o: &mut String) {
                let _ = write!(o, "{self}");
            }
        }
    )*};
}
disp_by_display!(i64, i32, u32, u8, usize, chrono::NaiveDate);

impl Disp for f64 {
    /// Coordinates, percentages and scores are mostly whole or of one
    /// decimal: those are written from integers, without the float formatter
    /// (the shortest text that reads back as `self`, as `Display` writes).
    fn put(self, o: &mut String) {
        let tenths = (self * 10.0).round();
        if self.is_finite() && tenths.abs() < 1e15 && tenths / 10.0 == self && !(self == 0.0 && self.is_sign_negative())
        {
            let t = tenths as i64;
            if t < 0 {
                o.push('-');
            }
            let t = t.unsigned_abs();
            let _ = write!(o, "{}", t / 10);
            if !t.is_multiple_of(10) {
                o.push('.');
                o.push(char::from(b'0' + (t % 10) as u8));
            }
        } else {
            let _ = write!(o, "{self}");
        }
    }
}

/// Appends `x` with thousands grouped and `decimals` decimals (as the `num` filter writes it).
pub fn num(o: &mut String, x: f64, decimals: usize) {
    o.push_str(&crate::format::group_thousands(x, decimals.min(6)));
}

/// Appends at most `n` graphemes of `s`, then `…` if it was cut; escaped.
pub fn truncate(o: &mut String, s: &str, n: usize) {
    use unicode_segmentation::UnicodeSegmentation;
    // A grapheme is at least a byte: a short text is never cut, and in
    // ASCII without `\r\n` each byte is one grapheme.
    if s.len() <= n {
        return esc(o, s);
    }
    if s.is_ascii() && !s.contains('\r') {
        esc(o, &s[..n]);
        o.push('…');
        return;
    }
    match s.grapheme_indices(true).nth(n) {
        Some((at, _)) => {
            esc(o, &s[..at]);
            o.push('…');
        }
        None => esc(o, s),
    }
}

/// `s` unless `n` is one.
pub use crate::words::plural_s as pluralize;

/// Appends `s` with its first character upper case and the rest lower; escaped.
pub fn capitalize(o: &mut String, s: &str) {
    // Short ASCII words (labels, segment names) without an allocation.
    if let Some(t) = ascii_cased(s, true) {
        return esc(o, t.text());
    }
    let mut chars = s.chars();
    if let Some(f) = chars.next() {
        let t: String = f.to_uppercase().chain(chars.as_str().to_lowercase().chars()).collect();
        esc(o, &t);
    }
}

/// Appends `s` in lower case, escaped.
pub fn esc_lower(o: &mut String, s: &str) {
    match ascii_cased(s, false) {
        Some(t) => esc(o, t.text()),
        None => esc(o, &s.to_lowercase()),
    }
}

/// A short ASCII text with its case changed, on the stack.
pub struct AsciiCased {
    bytes: [u8; 64],
    len: usize,
}

impl AsciiCased {
    fn text(&self) -> &str {
        // Only ASCII bytes were copied in, so this never fails.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

/// `s` in lower case, its first letter upper case if `capital`: what
/// Unicode case mapping gives for ASCII. `None` when `s` is not short ASCII.
fn ascii_cased(s: &str, capital: bool) -> Option<AsciiCased> {
    if s.len() > 64 || !s.is_ascii() {
        return None;
    }
    let mut t = AsciiCased {
        bytes: [0; 64],
        len: s.len(),
    };
    for (i, b) in s.bytes().enumerate() {
        t.bytes[i] = if capital && i == 0 {
            b.to_ascii_uppercase()
        } else {
            b.to_ascii_lowercase()
        };
    }
    Some(t)
}

// ---------------------------------------------------------------------------
// Small pieces: badges, pills, meters, scores, flags, links

/// The link from a finding to its line in the source (`publish.source_url`),
/// led by a space; nothing without an address.
pub fn source_link(o: &mut String, url: Option<&str>, line: u32) {
    if let Some(url) = url.filter(|u| !u.is_empty()) {
        o.push_str(" <a class=\"source-link\" href=\"");
        esc(o, url);
        o.push_str("\" rel=\"noopener\"><span class=\"visually-hidden\">source, </span>line ");
        disp(o, line);
        o.push_str("</a>");
    }
}

/// A segment's badge; a link to the segment's page when `link`.
pub fn seg_badge(o: &mut String, s: &str, root: &str, link: bool) {
    if link {
        o.push_str("<a class=\"badge seg seg-");
        esc(o, s);
        o.push_str("\" href=\"");
        esc(o, root);
        o.push_str("segments/");
        esc(o, s);
        o.push_str("/index.html\">");
        capitalize(o, s);
        o.push_str("</a>");
    } else {
        o.push_str("<span class=\"badge seg seg-");
        esc(o, s);
        o.push_str("\">");
        capitalize(o, s);
        o.push_str("</span>");
    }
}

/// A segment move: the two segments' badges, then its cause and why
/// (`why` may be empty). The dashboard's recent moves (the `seg_move`
/// function) and the plan page's history both write it here.
pub fn segment_move(o: &mut String, from: &str, to: &str, cause: &str, explanation: &str, why: &str) {
    o.push_str("<span class=\"move\">");
    seg_badge(o, from, "", false);
    o.push_str(" <span aria-hidden=\"true\">→</span><span class=\"visually-hidden\">to</span> ");
    seg_badge(o, to, "", false);
    put!(o; "</span> <span class=\"move-cause cause-" {cause} "\">" {cause} ": " {explanation});
    if !why.is_empty() {
        put!(o; "<span class=\"move-why\">" {why} "</span>");
    }
    o.push_str("</span>");
}

/// A plan's money at a glance (SPEC §5.6), as `<div><dt>…</dt><dd>…</dd></div>`
/// facts: secured, open pipeline, annual target and attainment, in the
/// plan's currency. The plan header's carry ids (`#fact-secured` …), link
/// secured to the financials and say "of target"; the one-page plan's do not.
pub fn money_facts(o: &mut String, m: &crate::render::plan_page::MoneyView, plan_header: bool) {
    let fact = |o: &mut String, id: &str, label: &str| {
        if plan_header {
            put!(o; "<div id=\"fact-" {id} "\"><dt>" {label} "</dt><dd>");
        } else {
            put!(o; "<div><dt>" {label} "</dt><dd>");
        }
    };
    fact(o, "secured", "Secured");
    if plan_header {
        put!(o; "<a href=\"#section-financials\">" {&m.secured.short()} "</a>");
    } else {
        esc(o, &m.secured.short());
    }
    o.push_str("</dd></div>\n");
    fact(o, "open", "Open pipeline");
    put!(o; {&m.open_pipeline.short()} "</dd></div>\n");
    fact(o, "target", "Annual target");
    match finite(m.annual_target.value()) {
        Some(_) => esc(o, &m.annual_target.short()),
        None => o.push_str("<span class=\"not-set\">not set</span>"),
    }
    o.push_str("</dd></div>\n");
    fact(o, "attainment", "Attainment");
    match finite(m.attainment_pct) {
        Some(pct) => {
            disp(o, pct);
            o.push_str(if plan_header {
                "% <span class=\"muted\">of target</span>"
            } else {
                "%"
            });
        }
        None => o.push_str("<span class=\"not-set\">no target</span>"),
    }
    o.push_str("</dd></div>");
}

/// A keyword's badge (`badge role-decision-maker`), its dashes read as spaces.
pub fn pill(o: &mut String, kind: &str, value: &str) {
    o.push_str("<span class=\"badge ");
    esc(o, kind);
    o.push('-');
    esc(o, value);
    o.push_str("\">");
    // `replace(from="-", to=" ")`, piece by piece (neither is escaped).
    for (i, piece) in value.split('-').enumerate() {
        if i > 0 {
            o.push(' ');
        }
        esc(o, piece);
    }
    o.push_str("</span>");
}

/// A percentage bar, coloured by level unless `plain`; `label` is read to screen readers.
pub fn meter(o: &mut String, pct: i64, label: &str, plain: bool) {
    o.push_str("<span class=\"meter-wrap\"><span class=\"meter");
    if plain {
        o.push_str(" meter-plain");
    } else if pct >= 100 {
        o.push_str(" meter-full");
    } else if pct < 50 {
        o.push_str(" meter-low");
    }
    o.push_str("\"><span class=\"meter-fill\" style=\"width: ");
    disp(o, pct);
    o.push_str("%\"></span></span><span class=\"meter-num\">");
    disp(o, pct);
    o.push('%');
    if !label.is_empty() {
        o.push_str("<span class=\"visually-hidden\"> ");
        esc(o, label);
        o.push_str("</span>");
    }
    o.push_str("</span></span>");
}

/// A 0–10 score with its bar, highlighted when `high`.
pub fn score(o: &mut String, value: f64, high: bool) {
    o.push_str("<span class=\"score");
    if high {
        o.push_str(" score-high");
    }
    o.push_str("\"><span class=\"score-num\">");
    num(o, value, 1);
    o.push_str("</span><span class=\"score-bar\"><span style=\"width: ");
    // One decimal: `9.38 * 10.0` prints as 93.80000000000001.
    disp(o, (value * 100.0).round() / 10.0);
    o.push_str("%\"></span></span></span>");
}

/// "Showing the first N of M" under a list cut short on a large
/// portfolio; nothing when every item is shown.
pub fn more_note(o: &mut String, shown: usize, total: usize, what: &str) {
    if total > shown {
        o.push_str("<p class=\"note more-note\">Showing the first ");
        disp(o, shown);
        o.push_str(" of ");
        disp(o, total);
        o.push(' ');
        esc(o, what);
        o.push_str(". Every account is listed on the segment pages and in <code>portfolio.csv</code>.</p>");
    }
}

/// The note shown for an empty section or field.
pub fn empty_note(o: &mut String, text: &str) {
    o.push_str("<p class=\"empty\">");
    esc(o, text);
    o.push_str("</p>");
}

/// An item's finding flags (`stale`, `overdue`), each titled with its message.
pub fn flags(o: &mut String, flags: &[FlagView]) {
    flag_badges(o, flags.iter().map(|f| (f.code, f.message, f.label)));
}

/// Finding flags from (code, message, label): what [`flags`] writes.
pub fn flag_badges<'a>(o: &mut String, flags: impl Iterator<Item = (&'a str, &'a str, &'a str)>) {
    for (code, message, label) in flags {
        o.push_str(" <span class=\"item-flag flag-");
        esc(o, code);
        o.push_str("\" title=\"");
        esc(o, message);
        o.push_str("\">");
        esc(o, label);
        o.push_str("</span>");
    }
}

/// Links to cross-referenced items, separated by `sep`.
pub fn refs(o: &mut String, items: &[ItemRef], sep: &str) {
    links(o, items.iter().map(|r| (r.href.as_str(), &*r.title_html)), sep);
}

/// Links from (href, title as HTML), separated by `sep`: what [`refs`] writes.
pub fn links<'a>(o: &mut String, items: impl ExactSizeIterator<Item = (&'a str, &'a str)>, sep: &str) {
    let n = items.len();
    for (i, (href, title_html)) in items.enumerate() {
        o.push_str("<a href=\"");
        esc(o, href);
        o.push_str("\">");
        o.push_str(title_html);
        o.push_str("</a>");
        if i + 1 < n {
            esc(o, sep);
        }
    }
}

/// A list of rendered Markdown items.
pub fn html_list<S: AsRef<str>>(o: &mut String, items: &[S], class: &str) {
    o.push_str("<ul");
    if !class.is_empty() {
        o.push_str(" class=\"");
        esc(o, class);
        o.push('"');
    }
    o.push('>');
    for t in items {
        o.push_str("\n<li>");
        o.push_str(t.as_ref());
        o.push_str("</li>");
    }
    o.push_str("\n</ul>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pills_read_as_words() {
        for value in ["", "high", "decision-maker", "-a--b-", "x&y-<z>"] {
            let mut got = String::new();
            pill(&mut got, "role", value);
            let want = format!(
                "<span class=\"badge role-{}\">{}</span>",
                crate::render::escape::tera_escape(value),
                crate::render::escape::tera_escape(&value.replace('-', " "))
            );
            assert_eq!(got, want, "{value:?}");
        }
    }

    #[test]
    fn floats_are_written_as_display_writes_them() {
        let mut values = vec![
            0.0,
            -0.0,
            0.1,
            -0.1,
            0.05,
            1e14,
            -1e14 + 0.1,
            9.999_999e14,
            1e15,
            2e16,
            f64::NAN,
            f64::INFINITY,
        ];
        values.extend((-3000..3000).map(|k| f64::from(k) / 10.0));
        values.extend((-3000..3000).map(|k| f64::from(k) / 100.0));
        values.extend((0..200).map(|k| f64::from(k) * 0.1 * 3.0 + 14.0));
        // Deterministic scatter over many magnitudes.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            values.push(f64::from_bits(x));
            values.push((x % 1_000_000) as f64 / 7.0);
        }
        for v in values {
            let mut got = String::new();
            disp(&mut got, v);
            assert_eq!(got, format!("{v}"), "{v:e}");
        }
    }

    #[test]
    fn truncation_counts_graphemes() {
        let cut = |s: &str, n| {
            let mut o = String::new();
            truncate(&mut o, s, n);
            o
        };
        assert_eq!(
            cut("Chief Executive Officer of Everything", 21),
            "Chief Executive Offic…"
        );
        assert_eq!(cut("abcde", 5), "abcde");
        assert_eq!(cut("abcdef", 5), "abcde…");
        // `\r\n` is one grapheme, as are a family emoji and an accented e.
        assert_eq!(cut("a\r\nbcdef", 5), "a\r\nbcd…");
        assert_eq!(cut("👩‍👩‍👧 family", 3), "👩‍👩‍👧 f…");
        assert_eq!(cut("e\u{301}e\u{301}e\u{301}e\u{301}", 2), "e\u{301}e\u{301}…");
        assert_eq!(cut("a<b>c", 2), "a&lt;…");
    }

    #[test]
    fn case_changes_are_unicode_aware() {
        let cap = |s: &str| {
            let mut o = String::new();
            capitalize(&mut o, s);
            o
        };
        let low = |s: &str| {
            let mut o = String::new();
            esc_lower(&mut o, s);
            o
        };
        assert_eq!(cap("kEY"), "Key");
        assert_eq!(cap("ÉTAT d'Âme"), "État d&#x27;âme");
        assert_eq!(cap(""), "");
        assert_eq!(low("Decision-Maker"), "decision-maker");
        assert_eq!(low("ÜNÏ <X>"), "ünï &lt;x&gt;");
    }
}
