//! Pages of the built-in theme written in Rust: plan, team and segment
//! pages, and the frame (`base.html`) around them.
//!
//! At 10,000 plans Tera spent most of a build walking the plan page's
//! context (issue 12). When a site overrides none of the templates a page
//! is made of ([`Native::for_theme`]), the page is written here from the
//! same view struct its template gets. The output is byte for byte what the
//! built-in templates make: the unit tests here render every plan section
//! and every team page both ways, and the integration tests build whole
//! sites both ways. A site that overrides one of those templates gets them
//! rendered by Tera, as before. The templates stay the reference: change
//! the theme there, and the writers here with it.

/// Writes template text and values: `put!(o; "<a href=\"" {url} "\">" [html] "</a>")`
/// pushes literals as they are, `{value}` escaped as `{{ value }}` is, and
/// `[html]` as it is, like `{{ html | safe }}`.
macro_rules! put {
    ($o:expr;) => {{}};
    ($o:expr; $lit:literal $($rest:tt)*) => {{
        $o.push_str($lit);
        put!($o; $($rest)*)
    }};
    ($o:expr; {$e:expr} $($rest:tt)*) => {{
        $crate::render::native::esc($o, $e);
        put!($o; $($rest)*)
    }};
    ($o:expr; [$e:expr] $($rest:tt)*) => {{
        $o.push_str($e);
        put!($o; $($rest)*)
    }};
}

pub mod attention;
pub mod competitor;
pub mod frame;
mod part_a;
mod part_b;
pub mod segment;
pub mod team;

use super::plan_page::{FlagView, ItemRef, PlanPage};
use super::theme::TEMPLATES;
use super::theme::Theme;
use std::fmt::Write as _;

/// Which kinds of page are written here rather than by their templates:
/// those whose templates, `base.html` included, are all the built-in ones
/// (a site's own `base.html` may read any of the page's values).
#[derive(Clone, Copy, Debug, Default)]
pub struct Native {
    /// `plan.html`, `plan/*.html` and the macro files.
    pub plans: bool,
    /// `team.html` and `macros.html`.
    pub teams: bool,
    /// `segment.html` and `macros.html`.
    pub segments: bool,
    /// `competitor.html` and `macros.html`.
    pub competitors: bool,
    /// `attention.html` and `macros.html`.
    pub attention: bool,
}

impl Native {
    /// What `theme` lets be written here.
    pub fn for_theme(theme: &Theme) -> Native {
        let frame = builtin(theme, |n| n == "base.html");
        Native {
            plans: frame
                && builtin(theme, |n| {
                    n == "plan.html" || n == "macros.html" || n.starts_with("plan/")
                }),
            teams: frame && builtin(theme, |n| n == "team.html" || n == "macros.html"),
            segments: frame && builtin(theme, |n| n == "segment.html" || n == "macros.html"),
            competitors: frame && builtin(theme, |n| n == "competitor.html" || n == "macros.html"),
            attention: frame && builtin(theme, |n| n == "attention.html" || n == "macros.html"),
        }
    }
}

/// Whether the templates of `theme` that `names` picks are exactly the
/// built-in ones (a site's new `plan/*.html` name counts as a difference:
/// its own `plan.html` would include it).
fn builtin(theme: &Theme, names: impl Fn(&str) -> bool) -> bool {
    let mut same = 0;
    for (name, text) in TEMPLATES.iter().filter(|(n, _)| names(n)) {
        if theme.templates.get(*name).map(String::as_str) != Some(*text) {
            return false;
        }
        same += 1;
    }
    same == theme.templates.keys().filter(|n| names(n)).count()
}

/// The names of the plan partials in the order `plan.html` includes them,
/// each with the function that writes it.
pub const SECTIONS: &[(&str, Section)] = &[
    ("plan/header.html", part_a::header),
    ("plan/nav.html", part_a::nav),
    ("plan/scores.html", part_a::scores),
    ("plan/history.html", part_a::history),
    ("plan/status.html", part_a::status),
    ("plan/narrative.html", part_a::narrative),
    ("plan/customer.html", part_a::customer),
    ("plan/drivers.html", part_a::drivers),
    ("plan/faa.html", part_a::faa),
    ("plan/objectives.html", part_a::objectives),
    ("plan/goals.html", part_a::goals),
    ("plan/actions.html", part_a::actions),
    ("plan/contacts.html", part_b::contacts),
    ("plan/stages.html", part_b::stages),
    ("plan/competitors.html", part_b::competitors),
    ("plan/swot.html", part_b::swot),
    ("plan/proposition.html", part_b::proposition),
    ("plan/expectations.html", part_b::expectations),
    ("plan/financials.html", part_b::financials),
    ("plan/opportunities.html", part_b::opportunities),
    ("plan/whitespace.html", part_b::whitespace),
    ("plan/findings.html", part_b::findings),
];

/// Writes one section of the plan page: the output of its partial.
pub type Section = fn(&mut String, &PlanPage, &str);

/// The plan page's `main` block, as `plan.html` makes it; `root` is the
/// relative path back to the site root (`../../`).
pub fn plan_main(o: &mut String, p: &PlanPage, root: &str) {
    let section = |o: &mut String, i: usize| (SECTIONS[i].1)(o, p, root);
    o.push('\n');
    section(o, 0);
    o.push_str("\n<div class=\"plan-layout\">\n");
    section(o, 1);
    o.push_str("\n<div class=\"plan-body\">\n");
    for i in 2..SECTIONS.len() {
        section(o, i);
        o.push('\n');
    }
    o.push_str("</div>\n</div>\n");
}

// ---------------------------------------------------------------------------
// What Tera does to a value: escaping, filters, number display

/// `{{ s }}` with autoescape: the site's one HTML escaper.
pub fn esc(o: &mut String, s: &str) {
    super::escape::push_escaped(o, s);
}

/// `{% if s %}` of an optional text: present and not empty.
pub fn nonempty<S: AsRef<str>>(s: &Option<S>) -> Option<&str> {
    s.as_ref().map(AsRef::as_ref).filter(|s| !s.is_empty())
}

/// `{{ x }}` of a number: Rust's `Display`, as Tera writes numbers.
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

/// `{{ x | num(decimals=d) }}` (the theme's `num` filter).
pub fn num(o: &mut String, x: f64, decimals: usize) {
    o.push_str(&crate::format::group_thousands(x, decimals.min(6)));
}

/// `{{ s | truncate(length=n) }}`: at most `n` graphemes, then `…`; escaped.
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

/// `{{ n | pluralize }}`: `s` unless `n` is one.
pub use crate::words::plural_s as pluralize;

/// `{{ s | capitalize }}`: first character upper case, the rest lower; escaped.
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

/// `{{ s | lower }}`, escaped.
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
// The macros of macros.html and plan/macros.html

/// `m::seg(s, root, link)`.
pub fn m_seg(o: &mut String, s: &str, root: &str, link: bool) {
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

/// `m::pill(kind, value)`.
pub fn m_pill(o: &mut String, kind: &str, value: &str) {
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

/// `m::meter(pct, label, plain)`.
pub fn m_meter(o: &mut String, pct: i64, label: &str, plain: bool) {
    o.push_str("<span class=\"meter-wrap\"><span class=\"meter");
    if plain {
        o.push_str(" meter-plain");
    } else if pct >= 100 {
        o.push_str(" meter-full");
    } else if pct < 50 {
        o.push_str(" meter-low");
    }
    o.push_str("\" aria-hidden=\"true\"><span class=\"meter-fill\" style=\"width: ");
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

/// `m::score(value, high)`.
pub fn m_score(o: &mut String, value: f64, high: bool) {
    o.push_str("<span class=\"score");
    if high {
        o.push_str(" score-high");
    }
    o.push_str("\"><span class=\"score-num\">");
    num(o, value, 1);
    o.push_str("</span><span class=\"score-bar\" aria-hidden=\"true\"><span style=\"width: ");
    disp(o, value * 10.0);
    o.push_str("%\"></span></span></span>");
}

/// `m::empty(text)`; `m::empty()` is `m_empty(o, "Not yet filled in.")`.
pub fn m_empty(o: &mut String, text: &str) {
    o.push_str("<p class=\"empty\">");
    esc(o, text);
    o.push_str("</p>");
}

/// `pm::flags(flags)`.
pub fn pm_flags(o: &mut String, flags: &[FlagView]) {
    for f in flags {
        o.push_str(" <span class=\"item-flag flag-");
        esc(o, f.code);
        o.push_str("\" title=\"");
        esc(o, f.message);
        o.push_str("\">");
        esc(o, f.label);
        o.push_str("</span>");
    }
}

/// `pm::refs(items, sep)`.
pub fn pm_refs(o: &mut String, items: &[ItemRef], sep: &str) {
    for (i, r) in items.iter().enumerate() {
        o.push_str("<a href=\"");
        esc(o, &r.href);
        o.push_str("\">");
        o.push_str(&r.title_html);
        o.push_str("</a>");
        if i + 1 < items.len() {
            esc(o, sep);
        }
    }
}

/// `pm::html_list(items, class)`.
pub fn pm_html_list<S: AsRef<str>>(o: &mut String, items: &[S], class: &str) {
    o.push_str("<ul");
    if !class.is_empty() {
        o.push_str(" class=\"");
        esc(o, class);
        o.push('"');
    }
    o.push('>');
    for t in items {
        o.push_str("\n  <li>");
        o.push_str(t.as_ref());
        o.push_str("</li>");
    }
    o.push_str("\n</ul>");
}

#[cfg(test)]
pub(crate) mod tests {
    //! Every section, written here and by its built-in partial, for every
    //! plan of the example portfolio and of the mixed-style fixture.
    use super::*;
    use crate::render::context::Lookup;
    use crate::render::plan_page::plan_page;
    use std::path::Path;

    #[test]
    fn escaping_is_the_templates() {
        // The site's Tera, as `compile` sets it up, escapes `{{ s }}` exactly as `esc` does.
        let mut tera = crate::render::compile(
            &crate::render::theme::Theme::builtin(),
            &crate::model::Config::default(),
        )
        .expect("built-in theme compiles");
        tera.add_raw_template("probe.html", "{{ s }}").expect("template");
        let all: String = (0u32..0x250)
            .chain([0x20AC, 0x1F600])
            .filter_map(char::from_u32)
            .collect();
        for text in [all.as_str(), "", "a", "&", "<<a>>", "plain text", "x/y's \"q\" & more"] {
            let mut got = String::new();
            esc(&mut got, text);
            let mut ctx = tera::Context::new();
            ctx.insert("s", text);
            assert_eq!(got, tera.render("probe.html", &ctx).expect("renders"), "{text:?}");
        }
    }

    #[test]
    fn case_filters_are_teras() {
        let long = "Decision-Maker ".repeat(5);
        for text in [
            "",
            "a",
            "key",
            "decision-maker",
            "ÉTAT d'Âme",
            "Ünïcode",
            "A&B <x>",
            long.as_str(),
        ] {
            let mut got = String::new();
            capitalize(&mut got, text);
            let mut chars = text.chars();
            let want: String = chars
                .next()
                .map(|f| f.to_uppercase().chain(chars.as_str().to_lowercase().chars()).collect())
                .unwrap_or_default();
            assert_eq!(got, crate::render::escape::tera_escape(&want), "capitalize {text:?}");
            let mut got = String::new();
            esc_lower(&mut got, text);
            assert_eq!(
                got,
                crate::render::escape::tera_escape(&text.to_lowercase()),
                "lower {text:?}"
            );
        }
    }

    #[test]
    fn pills_read_as_words() {
        for value in ["", "high", "decision-maker", "-a--b-", "x&y-<z>"] {
            let mut got = String::new();
            m_pill(&mut got, "role", value);
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

    /// The first difference between two renderings, with some context.
    pub(crate) fn first_difference(want: &str, got: &str) -> Option<String> {
        if want == got {
            return None;
        }
        let at = want.bytes().zip(got.bytes()).take_while(|(a, b)| a == b).count();
        let from = at.saturating_sub(120);
        let show = |s: &str| {
            let mut a = from.min(s.len());
            while !s.is_char_boundary(a) {
                a -= 1;
            }
            let mut b = (at + 120).min(s.len());
            while !s.is_char_boundary(b) {
                b += 1;
            }
            s[a..b].to_string()
        };
        Some(format!(
            "at byte {at}\n--- template:\n{}\n--- native:\n{}",
            show(want),
            show(got)
        ))
    }

    /// Compares each section for every plan of the site at `root`.
    fn compare(root: &Path) -> Vec<String> {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
        let analysis = crate::pipeline::analyse(root, today);
        let history = crate::history::collect(root, &analysis, today);
        let tera = crate::render::compile(&Theme::builtin(), &analysis.site.config).expect("built-in theme compiles");
        let look = Lookup::new(&analysis.site, &analysis.portfolio, &analysis.diagnostics).with_history(&history);
        let root_prefix = "../../";
        let mut problems = Vec::new();
        assert!(!analysis.site.plans.is_empty(), "no plans in {}", root.display());
        for i in 0..analysis.site.plans.len() {
            let (plan, account) = look.at(i);
            let page = plan_page(&look, plan, account);
            let mut ctx = tera::Context::new();
            ctx.insert("site", &look.info);
            ctx.insert("serving", &false);
            ctx.insert("root", root_prefix);
            ctx.extend(tera::Context::from_serialize(&page).expect("view serialises"));
            for (name, section) in SECTIONS {
                let want = tera.render(name, &ctx).expect("partial renders");
                let mut got = String::new();
                section(&mut got, &page, root_prefix);
                if let Some(d) = first_difference(&want, &got) {
                    problems.push(format!("{} in plan {}: {d}", name, plan.id));
                }
            }
        }
        problems
    }

    #[test]
    fn every_section_matches_its_partial() {
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut problems = compare(here);
        // Plans in every YAML style, as a site of their own.
        let mixed = tempfile::tempdir().expect("tempdir");
        let accounts = mixed.path().join("content/accounts");
        std::fs::create_dir_all(&accounts).expect("mkdir");
        std::fs::write(mixed.path().join("planfolio.yaml"), "title: Mixed\ncurrency: GBP\n").expect("config");
        let fixtures = here.join("tests/fixtures/mixed-style");
        for e in std::fs::read_dir(&fixtures).expect("fixtures") {
            let path = e.expect("fixture").path();
            std::fs::copy(&path, accounts.join(path.file_name().expect("name"))).expect("copy");
        }
        problems.extend(compare(mixed.path()));
        // The first difference of each section.
        let mut firsts: std::collections::BTreeMap<&str, &str> = std::collections::BTreeMap::new();
        for p in &problems {
            firsts.entry(p.split(' ').next().unwrap_or("")).or_insert(p);
        }
        let shown: Vec<&str> = firsts.values().copied().collect();
        assert!(
            problems.is_empty(),
            "{} differences; the first of each section:\n\n{}",
            problems.len(),
            shown.join("\n\n")
        );
    }

    /// Text values of the example plans with characters that escaping,
    /// Markdown and truncation treat specially, each section compared again.
    #[test]
    fn every_section_matches_with_awkward_text() {
        // Keys whose plain values are free text (not ids, keywords, dates,
        // amounts or references).
        const TEXT_KEYS: &[&str] = &[
            "name",
            "title",
            "measure",
            "target",
            "text",
            "notes",
            "details",
            "resources",
            "overview",
            "hq",
            "industry",
            "personal_drivers",
            "action",
            "value_proposition",
            "current",
            "business_unit",
        ];
        let awkward = [
            " <b>&amp;</b> \"q\" 'a' / x",
            " Zoë’s — ünïcode naïve café résumé long long long",
            " *em* `code` [l](https://x.example)",
        ];
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        let site = tempfile::tempdir().expect("tempdir");
        std::fs::copy(here.join("planfolio.yaml"), site.path().join("planfolio.yaml")).expect("config");
        let accounts = site.path().join("content/accounts");
        std::fs::create_dir_all(&accounts).expect("mkdir");
        for team in ["team", "competitors"] {
            let from = here.join("content").join(team);
            let to = site.path().join("content").join(team);
            std::fs::create_dir_all(&to).expect("mkdir");
            for e in std::fs::read_dir(&from).into_iter().flatten().flatten() {
                std::fs::copy(e.path(), to.join(e.file_name())).expect("copy");
            }
        }
        let mut changed = 0;
        for (k, e) in std::fs::read_dir(here.join("content/accounts"))
            .expect("plans")
            .flatten()
            .enumerate()
        {
            let text = std::fs::read_to_string(e.path()).expect("plan");
            let mut out = String::new();
            for line in text.lines() {
                let trimmed = line.trim_start().trim_start_matches("- ");
                let key = trimmed.split(':').next().unwrap_or("");
                let value = trimmed.get(key.len() + 1..).map(str::trim).unwrap_or("");
                let plain = !value.is_empty() && !value.starts_with(['[', '{', '|', '>', '"', '\'', '&', '*', '#']);
                if TEXT_KEYS.contains(&key) && plain && line.contains(": ") {
                    let at = line.len() - value.len();
                    let extra = awkward[(changed + k) % awkward.len()];
                    let quoted = serde_json::to_string(&format!("{value}{extra}")).expect("json string");
                    out.push_str(&line[..at]);
                    out.push_str(&quoted);
                    changed += 1;
                } else {
                    out.push_str(line);
                }
                out.push('\n');
            }
            std::fs::write(accounts.join(e.file_name()), out).expect("write plan");
        }
        assert!(changed > 100, "only {changed} values changed");
        // The plans still load, with the awkward names.
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
        let analysis = crate::pipeline::analyse(site.path(), today);
        assert!(
            analysis.site.plans.len() >= 10,
            "plans lost: {:?}",
            analysis.diagnostics.first()
        );
        assert!(analysis.site.plans.iter().any(|p| p.name.contains("<b>&amp;</b>")));
        let problems = compare(site.path());
        assert!(
            problems.is_empty(),
            "{} differences; first:\n{}",
            problems.len(),
            problems[0]
        );
    }

    #[test]
    fn escaping_and_filters_match_tera() {
        let mut o = String::new();
        esc(&mut o, "a&b<c>\"d'e/f é");
        assert_eq!(o, "a&amp;b&lt;c&gt;&quot;d&#x27;e/f é");
        o.clear();
        truncate(&mut o, "Chief Executive Officer of Everything", 21);
        assert_eq!(o, "Chief Executive Offic…");
        // Every path agrees with Tera's filter.
        let mut tera = tera::Tera::default();
        tera.add_raw_template("t", "{{ s | truncate(length=5) }}")
            .expect("template");
        for s in [
            "abc",
            "abcde",
            "abcdef",
            "a\r\nbcdef",
            "Zoë Müller",
            "👩‍👩‍👧 family",
            "e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}",
        ] {
            let mut ctx = tera::Context::new();
            ctx.insert("s", s);
            let want = tera.render("t", &ctx).expect("render");
            o.clear();
            truncate(&mut o, s, 5);
            assert_eq!(o, want, "{s:?}");
        }
        o.clear();
        capitalize(&mut o, "kEY");
        assert_eq!(o, "Key");
    }
}
