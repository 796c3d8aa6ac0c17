//! `planfolio explain <code>` (SPEC §8): every code of §7 explained, each
//! example site giving exactly its code, and no output that sends a site
//! owner to a file they do not have.

use crate::common;

use common::{code, stderr, stdout};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

/// SPEC §7's codes, and the project's `template-error`, with their severity.
const CODES: &[(&str, &str)] = &[
    ("unreadable-file", "error"),
    ("missing-front-matter", "error"),
    ("yaml-syntax", "error"),
    ("unknown-field", "error"),
    ("missing-field", "error"),
    ("invalid-value", "error"),
    ("duplicate-id", "error"),
    ("unknown-reference", "error"),
    ("reference-cycle", "error"),
    ("revenue-goal-order", "error"),
    ("template-error", "error"),
    ("stale-review", "warning"),
    ("overdue-action", "warning"),
    ("goal-not-smart", "warning"),
    ("orphan-goal", "warning"),
    ("unlinked-objective", "warning"),
    ("ambition-gap", "warning"),
    ("detractor-stage", "warning"),
    ("single-threaded", "warning"),
    ("incomplete-plan", "warning"),
    ("owner-overload", "warning"),
    ("segment-override", "warning"),
    ("mixed-currency", "warning"),
    ("poor-health", "warning"),
    ("goal-off-track", "warning"),
    ("blocked-action", "warning"),
    ("competitor-ahead", "warning"),
    ("inflated-potential", "warning"),
    ("no-sponsor", "warning"),
];

/// The day every example is checked on (the explanations say so).
const TODAY: &str = "2026-11-23";

fn planfolio(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_planfolio"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run planfolio")
}

/// The files of an explanation's example: the fenced blocks of its
/// `## Example` section whose info string names a path after the language.
fn example_files(text: &str) -> Vec<(String, Vec<u8>)> {
    let start = text.find("\n## Example\n").expect("an Example section");
    let end = text.find("\n## Fix\n").expect("a Fix section");
    assert!(start < end, "Example comes before Fix");
    let mut files = Vec::new();
    let mut lines = text[start..end].lines();
    while let Some(line) = lines.next() {
        let Some(info) = line.strip_prefix("```") else { continue };
        let words: Vec<&str> = info.split_whitespace().collect();
        let body: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
        let Some(path) = words.get(1) else { continue };
        let text = body.iter().map(|l| format!("{l}\n")).collect::<String>();
        let bytes = if words.get(2) == Some(&"latin-1") {
            text.chars()
                .map(|c| u8::try_from(u32::from(c)).expect("a Latin-1 character"))
                .collect()
        } else {
            text.into_bytes()
        };
        files.push((path.to_string(), bytes));
    }
    files
}

fn write_site(root: &Path, files: &[(String, Vec<u8>)]) {
    for (path, bytes) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

#[test]
fn every_code_has_an_explanation_whose_example_gives_exactly_that_code() {
    for (name, severity) in CODES {
        let o = planfolio(&["explain", name]);
        assert_eq!(code(&o), 0, "{name}: {}", stderr(&o));
        let text = stdout(&o);
        assert!(
            text.starts_with(&format!("# `{name}` ({severity})\n")),
            "{name}: {text}"
        );
        assert!(text.contains("\n## Fix\n"), "{name}: no fix");

        let tmp = tempfile::tempdir().unwrap();
        let files = example_files(&text);
        assert!(!files.is_empty(), "{name}: the example has no files");
        write_site(tmp.path(), &files);
        let root = tmp.path().to_str().unwrap();
        let o = planfolio(&["--root", root, "check", "--format", "json", "--today", TODAY]);
        let report: Value = serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{name}: {e}: {}", stderr(&o)));
        let diagnostics = report["diagnostics"].as_array().unwrap();
        let codes: Vec<(&str, &str)> = diagnostics
            .iter()
            .map(|d| (d["code"].as_str().unwrap(), d["severity"].as_str().unwrap()))
            .collect();
        assert!(codes.contains(&(name, severity)), "{name}: the example gives {codes:?}");
        // No other error: an error example fails only for its own reason,
        // and a warning example is otherwise a valid site.
        let other_errors: Vec<_> = codes.iter().filter(|(c, s)| *s == "error" && c != name).collect();
        assert!(other_errors.is_empty(), "{name}: also {other_errors:?}");
    }
}

#[test]
fn explain_accepts_any_case_and_an_unknown_code_exits_2_listing_every_code() {
    let o = planfolio(&["explain", "Stale-Review"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).starts_with("# `stale-review` (warning)"));

    let o = planfolio(&["explain", "stale-reviews"]);
    assert_eq!(code(&o), 2);
    assert_eq!(stdout(&o), "");
    let err = stderr(&o);
    assert!(
        err.contains("`stale-reviews` is not a planfolio diagnostic code"),
        "{err}"
    );
    for (name, severity) in CODES {
        assert!(
            err.contains(&format!("  {name} ({severity})\n")),
            "{name} not listed: {err}"
        );
    }
}

/// Text a site owner reads must not send them to `docs/…`, which is in
/// planfolio's repository, not in their site.
fn assert_no_docs_reference(what: &str, text: &str) {
    assert!(!text.contains("docs/"), "{what} sends the owner to docs/:\n{text}");
}

#[test]
fn hints_explanations_and_templates_never_point_to_files_the_owner_lacks() {
    for (name, _) in CODES {
        let text = stdout(&planfolio(&["explain", name]));
        assert_no_docs_reference(&format!("explain {name}"), &text);
        // The human report of the example, help lines included.
        let tmp = tempfile::tempdir().unwrap();
        write_site(tmp.path(), &example_files(&text));
        let root = tmp.path().to_str().unwrap();
        let o = planfolio(&["--root", root, "check", "--today", TODAY]);
        assert_no_docs_reference(&format!("check on the {name} example"), &stdout(&o));
        // Just above the summary, the report says where codes are explained.
        let report = stdout(&o);
        let lines: Vec<&str> = report.trim_end().lines().collect();
        assert!(
            lines.len() >= 2 && lines[lines.len() - 2].contains("`planfolio explain <code>`"),
            "{name}: {report}"
        );
    }
    // The help lines that point further point to `planfolio explain`.
    let tmp = tempfile::tempdir().unwrap();
    write_site(
        tmp.path(),
        &example_files(&stdout(&planfolio(&["explain", "incomplete-plan"]))),
    );
    let o = planfolio(&["--root", tmp.path().to_str().unwrap(), "check", "--today", TODAY]);
    assert!(
        stdout(&o).contains("planfolio explain incomplete-plan"),
        "{}",
        stdout(&o)
    );

    // What `init` and `new account` write.
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let o = Command::new(env!("CARGO_BIN_EXE_planfolio"))
        .arg("init")
        .arg(&site)
        .env("CARGO_HOME", tmp.path())
        .env_remove("CARGO_INSTALL_ROOT")
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_no_docs_reference("init's messages", &format!("{}{}", stdout(&o), stderr(&o)));
    let site_s = site.to_str().unwrap();
    let o = planfolio(&[
        "--root",
        site_s,
        "new",
        "account",
        "Deepwell Solutions",
        "--owner",
        "alex-king",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let plan = std::fs::read_to_string(site.join("content/accounts/deepwell-solutions.md")).unwrap();
    assert!(plan.contains("planfolio explain"), "{plan}");
    for entry in walk(&site) {
        let text = String::from_utf8_lossy(&std::fs::read(&entry).unwrap()).into_owned();
        assert_no_docs_reference(&entry.display().to_string(), &text);
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
