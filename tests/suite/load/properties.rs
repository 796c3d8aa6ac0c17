//! Property tests over the loader and validator, in memory (no disk):
//! arbitrary bytes, mutations of a valid plan and documents from a small
//! YAML grammar must never panic, and every diagnostic must be located
//! inside the file it names.

use crate::common;
use common::*;
use planfolio::load::{SourceFile, load_sources};
use planfolio::model::Keyword;
use planfolio::pipeline::{Analysis, analyse_sources};
use proptest::prelude::*;
use proptest::sample::Index;
use std::collections::BTreeMap;

const PLAN: &str = "content/accounts/deepwell.md";

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// The site's other files plus `plan` as `content/accounts/deepwell.md`.
fn sources(plan: &[u8]) -> Vec<SourceFile> {
    let file = |rel: &str, bytes: &[u8]| SourceFile {
        rel: rel.to_string(),
        bytes: bytes.to_vec(),
    };
    vec![
        file("planfolio.yaml", CONFIG.as_bytes()),
        file("content/team/alex-king.md", member_text("Alex King", None).as_bytes()),
        file(
            "content/team/priya-shah.md",
            member_text("Priya Shah", Some("alex-king")).as_bytes(),
        ),
        file(PLAN, plan),
    ]
}

fn run(plan: &[u8]) -> Analysis {
    analyse_sources(sources(plan), today())
}

/// Number of lines of `bytes` as YAML and most editors count them: `\n`,
/// `\r\n` and a lone `\r` each end a line; a final line without a newline
/// counts; an empty file has one line.
fn line_count(bytes: &[u8]) -> u32 {
    let breaks = bytes
        .iter()
        .enumerate()
        .filter(|(i, b)| **b == b'\n' || (**b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count();
    breaks as u32 + 1
}

/// The lines of `text`, split like [`line_count`] counts them.
fn text_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push(&text[start..i]);
                start = i + 1;
            }
            b'\r' => {
                lines.push(&text[start..i]);
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    lines.push(&text[start..]);
    lines
}

/// Every diagnostic is at line >= 1, col >= 1; those of the plan are within
/// its lines (+1 for a problem found at the end of the file).
fn check_located(a: &Analysis, plan: &[u8]) -> Result<(), TestCaseError> {
    let lines = line_count(plan);
    for d in &a.diagnostics {
        prop_assert!(
            d.span.line >= 1 && d.span.col >= 1,
            "unlocated diagnostic:\n{}",
            render(a)
        );
        if d.file == PLAN {
            prop_assert!(
                d.span.line <= lines + 1,
                "line {} beyond the file's {} lines:\n{}",
                d.span.line,
                lines,
                render(a)
            );
        }
    }
    Ok(())
}

/// For UTF-8 plans: a diagnostic on a line that exists points at most one
/// column past the line's end.
fn check_columns(a: &Analysis, text: &str) -> Result<(), TestCaseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = text_lines(text);
    for d in a.diagnostics.iter().filter(|d| d.file == PLAN) {
        if let Some(line) = lines.get(d.span.line as usize - 1) {
            let width = line.chars().count() as u32;
            prop_assert!(
                d.span.col <= width + 1,
                "column {} beyond the {} characters of line {} {:?}:\n{}",
                d.span.col,
                width,
                d.span.line,
                line,
                render(a)
            );
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// (a) arbitrary bytes

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..1024)) {
        let a = run(&bytes);
        check_located(&a, &bytes)?;
    }

    #[test]
    fn arbitrary_bytes_in_front_matter_never_panic(
        bytes in prop::collection::vec(any::<u8>(), 0..1024),
    ) {
        let mut plan = b"---\n".to_vec();
        plan.extend(&bytes);
        plan.extend(b"\n---\nbody\n");
        let a = run(&plan);
        check_located(&a, &plan)?;
    }

    #[test]
    fn arbitrary_yamlish_text_never_panics(
        // Lone `\r` line breaks are covered by deterministic tests in
        // tests/suite/check/bad_input.rs (see `lone_cr_*`); here `\r` comes as `\r\n`.
        text in "([ -~\t\n\u{e9}\u{feff}\u{2028}\u{1F600}]|\r\n){0,400}",
    ) {
        let plan = format!("---\n{text}\n---\n");
        let a = run(plan.as_bytes());
        check_located(&a, plan.as_bytes())?;
        check_columns(&a, &plan)?;
    }

    #[test]
    fn load_sources_alone_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let loaded = load_sources(vec![SourceFile { rel: PLAN.into(), bytes: bytes.clone() }]);
        for d in &loaded.diagnostics {
            prop_assert!(d.span.line >= 1 && d.span.col >= 1);
            prop_assert!(d.span.line <= line_count(&bytes) + 1);
        }
    }
}

// ---------------------------------------------------------------------------
// (b) mutations of a valid plan

#[derive(Clone, Debug)]
enum Mutation {
    DeleteLine(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
    Insert(Index, String),
    ReplaceChar(Index, char),
    Truncate(Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let noise = prop_oneof![
        "[\t :\\-\\[\\]{}#&*!|>'\"%@`,?a-z0-9\n]{1,6}",
        Just("\t".to_string()),
        Just(": ".to_string()),
        Just("\n- ".to_string()),
        Just("\n---\n".to_string()),
        Just("&a ".to_string()),
        Just("*a".to_string()),
        Just("\u{e9}".to_string()),
    ];
    prop_oneof![
        any::<Index>().prop_map(Mutation::DeleteLine),
        any::<Index>().prop_map(Mutation::DuplicateLine),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (any::<Index>(), noise).prop_map(|(i, s)| Mutation::Insert(i, s)),
        (
            any::<Index>(),
            prop_oneof![
                Just('\t'),
                Just(':'),
                Just(' '),
                Just('-'),
                Just('#'),
                Just('"'),
                any::<char>()
            ]
        )
            .prop_map(|(i, c)| Mutation::ReplaceChar(i, c)),
        any::<Index>().prop_map(Mutation::Truncate),
    ]
}

fn apply(text: &str, m: &Mutation) -> String {
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    match m {
        Mutation::DeleteLine(i) if !lines.is_empty() => {
            lines.remove(i.index(lines.len()));
            lines.concat()
        }
        Mutation::DuplicateLine(i) if !lines.is_empty() => {
            let at = i.index(lines.len());
            lines.insert(at, lines[at]);
            lines.concat()
        }
        Mutation::SwapLines(a, b) if !lines.is_empty() => {
            let (a, b) = (a.index(lines.len()), b.index(lines.len()));
            lines.swap(a, b);
            lines.concat()
        }
        Mutation::Insert(i, s) => {
            let chars: Vec<char> = text.chars().collect();
            let at = i.index(chars.len() + 1);
            let mut out: String = chars[..at].iter().collect();
            out.push_str(s);
            out.extend(&chars[at..]);
            out
        }
        Mutation::ReplaceChar(i, c) if !text.is_empty() => {
            let mut chars: Vec<char> = text.chars().collect();
            let at = i.index(chars.len());
            chars[at] = *c;
            chars.into_iter().collect()
        }
        Mutation::Truncate(i) => {
            let chars: Vec<char> = text.chars().collect();
            chars[..i.index(chars.len() + 1)].iter().collect()
        }
        _ => text.to_string(),
    }
}

/// Byte-level mutations: a random byte overwritten anywhere (may break UTF-8).
fn flip_byte(text: &str, at: Index, byte: u8) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    if !bytes.is_empty() {
        let i = at.index(bytes.len());
        bytes[i] = byte;
    }
    bytes
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mutated_valid_plan_never_panics(mutations in prop::collection::vec(mutation(), 1..5)) {
        let mut text = VALID_PLAN.to_string();
        for m in &mutations {
            text = apply(&text, m);
        }
        let a = run(text.as_bytes());
        check_located(&a, text.as_bytes())?;
        check_columns(&a, &text)?;
        // Deterministic: the same input gives the same diagnostics.
        let again = run(text.as_bytes());
        prop_assert_eq!(&a.diagnostics, &again.diagnostics);
    }

    #[test]
    fn byte_flipped_valid_plan_never_panics(at in any::<Index>(), byte in any::<u8>()) {
        let bytes = flip_byte(VALID_PLAN, at, byte);
        let a = run(&bytes);
        check_located(&a, &bytes)?;
    }

    #[test]
    fn unknown_top_level_key_is_reported_where_inserted(
        at in any::<Index>(),
        key in "zz[a-z_]{1,8}",
        value in prop_oneof![Just("1"), Just("text"), Just("[a, b]"), Just("{a: 1}"), Just("")],
    ) {
        // Insert `key: value` before a top-level key of the valid plan.
        let lines: Vec<&str> = VALID_PLAN.lines().collect();
        let close = lines.iter().skip(1).position(|l| *l == "---").expect("closing ---") + 1;
        let starts: Vec<usize> = (1..=close)
            .filter(|&i| i == close || !lines[i].starts_with(' '))
            .collect();
        let before = starts[at.index(starts.len())];
        let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        out.insert(before, format!("{key}: {value}"));
        let text = out.join("\n") + "\n";
        let a = run(text.as_bytes());
        let line = before as u32 + 1;
        prop_assert!(
            a.diagnostics
                .iter()
                .any(|d| d.code.as_str() == "unknown-field" && d.file == PLAN && d.span.line == line && d.span.col == 1),
            "expected unknown-field at {}:1\n{}", line, render(&a)
        );
        prop_assert_eq!(a.errors(), 1, "{}", render(&a));
    }

    #[test]
    fn dates_are_checked_against_the_calendar(y in 1000i32..3000, m in 0u32..15, d in 0u32..33) {
        let date = format!("{y:04}-{m:02}-{d:02}");
        let text = plan_with(&[("  approved: 2026-11-02", &format!("  approved: {date}"))]);
        let a = run(text.as_bytes());
        let real = chrono::NaiveDate::from_ymd_opt(y, m, d).is_some();
        let line = line_of(&text, "  approved:");
        let flagged = a
            .diagnostics
            .iter()
            .any(|x| x.code.as_str() == "invalid-value" && x.span.line == line && x.span.col == 13);
        prop_assert_eq!(flagged, !real, "{}\n{}", date, render(&a));
    }

    #[test]
    fn amounts_must_be_non_negative(n in -1_000_000_000i64..1_000_000_000, frac in prop::option::of(0u32..100)) {
        let value = match frac {
            Some(f) => format!("{n}.{f:02}"),
            None => n.to_string(),
        };
        let text = plan_with(&[("  prior_year_actual: 1200000", &format!("  prior_year_actual: {value}"))]);
        let a = run(text.as_bytes());
        let line = line_of(&text, "  prior_year_actual:");
        let flagged = a
            .diagnostics
            .iter()
            .any(|x| x.code.as_str() == "invalid-value" && x.span.line == line);
        let negative = n < 0;
        prop_assert_eq!(flagged, negative, "{}\n{}", value, render(&a));
    }
}

// ---------------------------------------------------------------------------
// (c) YAML-ish documents from a small grammar
//
// The renderer always writes well-formed YAML (unique keys, safe plain
// scalars, nesting of at most ~6 levels), so the loader must never report
// `yaml-syntax`; whatever it does report must be located in the file, and
// an unknown field must point at a key.

#[derive(Clone, Debug)]
enum Y {
    Scalar(String),
    Flow(Vec<String>),
    Map(BTreeMap<String, Y>),
    Seq(Vec<Y>),
}

const KEYS: &[&str] = &[
    "name",
    "owner",
    "team",
    "industry",
    "employees",
    "revenue",
    "segment",
    "status",
    "partnership",
    "health",
    "impact",
    "last_review",
    "customer",
    "business_units",
    "id",
    "title",
    "objectives",
    "goals",
    "contacts",
    "reports_to",
    "role",
    "relationship",
    "alignment",
    "us",
    "stages",
    "competitors",
    "swot",
    "financials",
    "currency",
    "revenue_goal",
    "minimum",
    "just_right",
    "aspirational",
    "opportunities",
    "stage",
    "value",
    "product",
    "whitespace",
    "actions",
    "due",
    "drivers",
    "kind",
    "category",
    "text",
    "faa",
    "fix",
    "proposition",
    "offer",
    "kpis",
];

const WORDS: &[&str] = &[
    "alex-king",
    "priya-shah",
    "nobody",
    "key",
    "target",
    "good",
    "poor",
    "strong",
    "decision-maker",
    "detractor",
    "supporter",
    "pipeline",
    "lost",
    "external",
    "legislation",
    "strategy",
    "opportunity",
    "threat",
    "high",
    "low",
    "GBP",
    "EUR",
    "eur",
    "Predict",
    "Monitor",
    "td",
    "0",
    "1",
    "4",
    "10",
    "11",
    "-5",
    "2.5",
    "1e3",
    ".nan",
    ".inf",
    "~",
    "null",
    "true",
    "false",
    "yes",
    "2026-10-14",
    "2026-13-01",
    "2026-02-30",
    "Cut NPT",
    "cut-npt",
    "need-recognition",
];

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(KEYS).prop_map(str::to_string),
        1 => "[a-z_]{1,10}",
    ]
}

fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(WORDS).prop_map(str::to_string),
        2 => "[A-Za-z0-9]([A-Za-z0-9 .-]{0,10}[A-Za-z0-9])?",
        1 => "[a-z :#,\\[\\]{}'-]{0,10}".prop_map(|s| format!("\"{s}\"")),
    ]
}

fn node() -> impl Strategy<Value = Y> {
    let leaf = prop_oneof![
        4 => scalar().prop_map(Y::Scalar),
        1 => prop::collection::vec(scalar(), 0..4).prop_map(Y::Flow),
    ];
    leaf.prop_recursive(4, 40, 5, |inner| {
        prop_oneof![
            prop::collection::btree_map(key(), inner.clone(), 1..5).prop_map(Y::Map),
            prop::collection::vec(inner, 1..4).prop_map(Y::Seq),
        ]
    })
}

fn document() -> impl Strategy<Value = BTreeMap<String, Y>> {
    prop::collection::btree_map(key(), node(), 0..10)
}

/// Renders `map` as block YAML, each key at `indent` spaces.
fn render_map(map: &BTreeMap<String, Y>, indent: usize, out: &mut String) {
    for (k, v) in map {
        out.push_str(&" ".repeat(indent));
        out.push_str(k);
        out.push(':');
        render_value(v, indent, out);
    }
}

/// Renders a value after `key:` (the key being at `indent`).
fn render_value(v: &Y, indent: usize, out: &mut String) {
    match v {
        Y::Scalar(s) => {
            out.push(' ');
            out.push_str(s);
            out.push('\n');
        }
        Y::Flow(items) => {
            out.push_str(" [");
            out.push_str(&items.join(", "));
            out.push_str("]\n");
        }
        Y::Map(m) => {
            out.push('\n');
            render_map(m, indent + 2, out);
        }
        Y::Seq(items) => {
            out.push('\n');
            render_seq(items, indent + 2, out);
        }
    }
}

/// Renders `items` as a block sequence, each `- ` at `indent` spaces.
fn render_seq(items: &[Y], indent: usize, out: &mut String) {
    for item in items {
        match item {
            Y::Scalar(s) => out.push_str(&format!("{}- {s}\n", " ".repeat(indent))),
            Y::Flow(f) => out.push_str(&format!("{}- [{}]\n", " ".repeat(indent), f.join(", "))),
            Y::Map(m) => {
                let mut inner = String::new();
                render_map(m, indent + 2, &mut inner);
                out.push_str(&" ".repeat(indent));
                out.push_str("- ");
                out.push_str(&inner[indent + 2..]);
            }
            Y::Seq(s) => {
                let mut inner = String::new();
                render_seq(s, indent + 2, &mut inner);
                out.push_str(&" ".repeat(indent));
                out.push_str("- ");
                out.push_str(&inner[indent + 2..]);
            }
        }
    }
}

fn render_document(map: &BTreeMap<String, Y>) -> String {
    let mut out = String::from("---\n");
    render_map(map, 0, &mut out);
    out.push_str("---\nBody.\n");
    out
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn grammar_documents_are_parsed_and_located(doc in document()) {
        let text = render_document(&doc);
        let a = run(text.as_bytes());
        check_located(&a, text.as_bytes())?;
        check_columns(&a, &text)?;
        prop_assert!(
            a.diagnostics.iter().all(|d| d.code.as_str() != "yaml-syntax"),
            "well-formed YAML reported as a syntax error:\n{}\n{}", text, render(&a)
        );
        let lines = text_lines(&text);
        for d in a.diagnostics.iter().filter(|d| d.code.as_str() == "unknown-field") {
            let line = lines[d.span.line as usize - 1];
            let at: String = line.chars().skip(d.span.col as usize - 1).collect();
            let key_len = at.find(':').unwrap_or(0);
            prop_assert!(
                key_len > 0 && at[..key_len].chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "unknown-field does not point at a key: {:?}\n{}", at, render(&a)
            );
        }
    }

    #[test]
    fn grammar_documents_as_team_and_config_never_panic(doc in document()) {
        let text = render_document(&doc);
        let yaml = text.strip_prefix("---\n").unwrap_or(&text).split("---\n").next().unwrap_or("").to_string();
        let files = vec![
            SourceFile { rel: "planfolio.yaml".into(), bytes: yaml.clone().into_bytes() },
            SourceFile { rel: "content/team/alex-king.md".into(), bytes: text.clone().into_bytes() },
            SourceFile { rel: "content/competitors/rigwise.md".into(), bytes: text.clone().into_bytes() },
            SourceFile { rel: "content/_index.md".into(), bytes: text.clone().into_bytes() },
            SourceFile { rel: PLAN.into(), bytes: VALID_PLAN.as_bytes().to_vec() },
        ];
        let a = analyse_sources(files, today());
        for d in &a.diagnostics {
            let limit = if d.file == "planfolio.yaml" { line_count(yaml.as_bytes()) } else { line_count(text.as_bytes()) };
            prop_assert!(d.span.line >= 1 && d.span.col >= 1);
            if d.file != PLAN {
                prop_assert!(d.span.line <= limit + 1, "{}", render(&a));
            }
            prop_assert!(d.code.as_str() != "yaml-syntax", "{}\n{}", text, render(&a));
        }
    }
}
