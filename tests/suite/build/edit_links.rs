//! Edit links (SPEC v3 §6 `publish.edit_url`, `publish.source_url`; §9
//! "Edit links"): every plan page links to its file for editing, every
//! finding to its line; without the settings no such link appears; a bad
//! template is `invalid-value` where it is written.

use crate::common;
use common::git::run as planfolio;
use common::*;
use std::path::{Path, PathBuf};

const EDIT: &str = "https://git.example/acme/plans/edit/main/{path}";
const SOURCE: &str = "https://git.example/acme/plans/blob/main/{path}#L{line}";

/// The plan's file: in a sub-folder whose name needs encoding in an address.
const FILE: &str = "content/accounts/eu west/deepwell.md";
/// `FILE` as the addresses hold it (the space percent-encoded, `/` kept).
const FILE_IN_URL: &str = "content/accounts/eu%20west/deepwell.md";

/// A plan with two findings: poor health (at `health:`) and an overdue
/// action (at the action's `due:`).
fn plan_text() -> String {
    plan_with(&[
        ("  health: good", "  health: poor"),
        ("    due: 2027-04-15", "    due: 2026-10-01"),
    ])
}

/// A site with the plan in `FILE`, and `publish` set to `publish` (if any).
fn site(publish: Option<&str>) -> Site {
    let site = Site::with_team();
    if let Some(p) = publish {
        site.config(&format!("{CONFIG}publish:\n{p}"));
    }
    site.write(FILE, plan_text());
    site
}

fn built(root: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("public");
    let o = planfolio(
        root,
        &["build", "--out", out.to_str().expect("utf-8"), "--today", TODAY],
    );
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    (tmp, out)
}

fn read(out: &Path, page: &str) -> String {
    let path = out.join(page);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `href` of the source link of line `line`.
fn source_href(line: u32) -> String {
    format!("href=\"https://git.example/acme/plans/blob/main/{FILE_IN_URL}#L{line}\"")
}

#[test]
fn plan_pages_link_to_edit_and_findings_to_their_line() {
    let site = site(Some(&format!("  edit_url: {EDIT}\n  source_url: {SOURCE}\n")));
    let text = plan_text();
    let health = line_of(&text, "  health: poor");
    let due = line_of(&text, "    due: 2026-10-01");
    let (_tmp, out) = built(site.root());

    let plan = read(&out, "accounts/deepwell/index.html");
    assert!(
        plan.contains(&format!(
            "<a class=\"edit-link\" href=\"https://git.example/acme/plans/edit/main/{FILE_IN_URL}\" rel=\"noopener\">Edit this plan</a>"
        )),
        "the plan header links to edit the file"
    );
    // The Checks section: each finding links to its own line.
    let checks = plan.split("id=\"section-checks\"").nth(1).expect("Checks section");
    let checks = checks.split("</section>").next().unwrap_or_default();
    for line in [health, due] {
        assert!(
            checks.contains(&format!(
                "<a class=\"source-link\" {} rel=\"noopener\">",
                source_href(line)
            )),
            "line {line} in {checks}"
        );
    }

    // The attention page, the dashboard's most pressing list and the owner's
    // to-do list link each finding to its line.
    for page in ["attention/index.html", "index.html", "team/alex-king/index.html"] {
        let html = read(&out, page);
        for line in [health, due] {
            assert!(html.contains(&source_href(line)), "{page}: no link to line {line}");
        }
    }
    // The attention entry keeps its link to the item beside the new one.
    let attention = read(&out, "attention/index.html");
    let entry = attention
        .split("data-code=\"overdue-action\"")
        .nth(1)
        .and_then(|e| e.split("</li>").next())
        .expect("the overdue action's entry");
    assert!(
        entry.contains("href=\"../accounts/deepwell/index.html#action-golf-invite\""),
        "{entry}"
    );
    assert!(entry.contains(&source_href(due)), "{entry}");
}

#[test]
fn without_the_settings_no_page_links_to_the_source() {
    let site = site(None);
    let (_tmp, out) = built(site.root());
    let mut pages = 0;
    let mut stack = vec![out.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                let html = std::fs::read_to_string(&path).expect("read page");
                pages += 1;
                for needle in ["edit-link", "source-link", "git.example", "Edit this plan"] {
                    assert!(!html.contains(needle), "{}: {needle}", path.display());
                }
            }
        }
    }
    assert!(pages > 5, "the site was built ({pages} pages)");
    // The plan page still shows each finding's line, as plain text.
    let plan = read(&out, "accounts/deepwell/index.html");
    let due = line_of(&plan_text(), "    due: 2026-10-01");
    assert!(plan.contains(&format!("<span class=\"muted\">line {due}</span>")));
}

#[test]
fn link_templates_must_be_absolute_addresses_with_a_path() {
    for (key, value, ok) in [
        ("edit_url", EDIT, true),
        ("source_url", SOURCE, true),
        ("source_url", "http://git.internal:3000/plans/src/{path}", true),
        ("edit_url", "git.example/edit/{path}", false),
        ("edit_url", "/edit/{path}", false),
        ("edit_url", "https://git.example/edit/main/", false),
        ("edit_url", "https://git.example/edit/{path}#L{line}", false),
        ("source_url", "https://git.example/blob/{file}#L{line}", false),
        ("source_url", "https://{path}", false),
        ("source_url", "ftp://git.example/{path}", false),
        ("source_url", "https://git.example/{path", false),
    ] {
        let site = site(None);
        let config = format!("{CONFIG}publish:\n  indexable: false\n  {key}: \"{value}\"\n");
        site.config(&config);
        let a = site.analyse();
        if ok {
            assert_no_code(&a, "invalid-value");
        } else {
            let d = assert_diag(&a, "invalid-value", "planfolio.yaml", line_of(&config, key));
            assert!(d.message.contains(&format!("publish.{key}")), "{value}: {}", d.message);
            let hint = d.hint.as_deref().unwrap_or_default();
            assert!(hint.contains("{path}"), "{value}: {hint}");
        }
    }
    // `planfolio check` reports it and fails.
    let site = site(None);
    let config = format!("{CONFIG}publish:\n  source_url: git.example/{{path}}\n");
    site.config(&config);
    let o = planfolio(site.root(), &["check", "--today", TODAY]);
    assert_ne!(code(&o), 0);
    let line = line_of(&config, "source_url");
    let said = format!("{}{}", stdout(&o), stderr(&o));
    assert!(
        said.contains(&format!("planfolio.yaml:{line}:")) && said.contains("invalid-value"),
        "{said}"
    );
}
