//! The findings read as plain English on the site (issue 21): items by
//! their title with their owner, no backticks, keys or file paths, the
//! site's short money form, right plurals, a blocked action's hint that
//! reads its notes, and an incomplete plan that names the unrated contact.
//! `check` shows the same messages and keeps naming the key to edit.
//!
//! Standalone on purpose: a tiny site written here, the binary run on it.

use std::path::Path;
use std::process::Command;

const TODAY: &str = "2026-11-23";

const CONFIG: &str = "\
title: Key Accounts
currency: GBP
review:
  max_key_accounts_per_owner: 1
  max_aspiration_ratio: 1.5
";

/// A key plan: two warm contacts and Ann Lee with no relationship, an
/// overdue action owned by Priya Shah, two blocked actions (one with notes),
/// an aspirational goal of £2.4M against a £1.5M target.
const DEEPWELL: &str = "\
---
name: Deepwell Solutions
owner: alex-king
sponsor: alex-king
status:
  customer_ambition: strategic-partner
  our_ambition: strategic-partner
  health: good
  value_proposition: Less downtime on every rig
  last_review: 2026-11-01
objectives:
  - id: cut-npt
    title: Cut non-productive time
    priority: high
    goals: [pilot-predictive]
goals:
  - id: pilot-predictive
    title: Land a predictive-maintenance pilot
    measure: Signed pilot statement of work
    due: 2027-03-31
    status: on-track
contacts:
  - id: james-morrison
    name: James Morrison
    role: decision-maker
    influence: high
    relationship: strong
  - id: pete-leslie
    name: Pete Leslie
    role: budget-holder
    relationship: good
  - id: ann-lee
    name: Ann Lee
    role: supporter
competitors:
  - id: rigwise
    name: RigWise Analytics
proposition:
  competency: Twenty years of rig data
  offer: Predictive maintenance
financials:
  currency: GBP
  prior_year_actual: 1200000
  annual_target: 1500000
  revenue_goal:
    minimum: 1236000
    just_right: 1500000
    aspirational: 2400000
actions:
  - id: send-proposal
    title: Send the pilot proposal to James
    owner: priya-shah
    due: 2026-11-01
    status: in-progress
  - id: site-visit
    title: Host the rig site visit
    owner: alex-king
    due: 2027-02-01
    status: blocked
    notes: |
      James has frozen travel until the budget round closes. We are
      asking Pete for an exception.
  - id: data-access
    title: Get access to the rig sensor data
    owner: alex-king
    due: 2027-02-01
    status: blocked
---
Body.
";

fn member(name: &str) -> String {
    format!("---\nname: {name}\ntitle: Account Manager\n---\nBio.\n")
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folders");
    std::fs::write(path, text).expect("write file");
}

/// The site: Deepwell, and Northwind (Deepwell with one warm contact), both
/// key accounts owned by Alex King, whose limit is one.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(root, "planfolio.yaml", CONFIG);
    write(root, "content/team/alex-king.md", &member("Alex King"));
    write(root, "content/team/priya-shah.md", &member("Priya Shah"));
    write(root, "content/accounts/deepwell.md", DEEPWELL);
    let northwind = DEEPWELL
        .replace("name: Deepwell Solutions", "name: Northwind Drilling")
        .replacen("relationship: good", "relationship: weak", 1);
    write(root, "content/accounts/northwind.md", &northwind);
    // A plan with nothing but its name and owner.
    write(
        root,
        "content/accounts/bare.md",
        "---\nname: Bare Minimum\nowner: priya-shah\nstatus:\n  last_review: 2026-11-01\n---\n",
    );
    dir
}

fn planfolio(root: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_planfolio"))
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("run planfolio")
}

/// Text without tags, entities decoded, whitespace collapsed.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The attention page's findings, each as text, and the page's main text.
fn attention() -> (Vec<String>, String, tempfile::TempDir) {
    let dir = site();
    let out = dir.path().join("out");
    let o = planfolio(
        dir.path(),
        &["build", "--today", TODAY, "--out", out.to_str().expect("utf-8 path")],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(out.join("attention/index.html")).expect("attention page");
    let main = &html[html.find("<main").expect("a main element")..];
    let entries = main
        .split("<li class=\"finding")
        .skip(1)
        .map(|li| {
            // After the rest of the opening tag, up to the item's end.
            let li = &li[..li.find("</li>").unwrap_or(li.len())];
            text_of(&li[li.find('>').map_or(0, |i| i + 1)..])
        })
        .collect();
    (entries, text_of(main), dir)
}

fn entry<'e>(entries: &'e [String], needle: &str) -> &'e str {
    entries
        .iter()
        .find(|e| e.contains(needle))
        .unwrap_or_else(|| panic!("no finding with {needle:?} in {entries:#?}"))
}

#[test]
fn an_overdue_action_is_named_by_its_title_with_its_owner() {
    let (entries, _, _dir) = attention();
    let e = entry(&entries, "Send the pilot proposal to James");
    assert!(
        e.contains("action \"Send the pilot proposal to James\" was due on 2026-11-01 and is still in progress"),
        "{e}"
    );
    // The action's owner, not the plan's (Alex King).
    assert!(e.contains("Owner: Priya Shah"), "{e}");
    assert!(!e.contains("send-proposal"), "named by id: {e}");
    // A finding about the plan itself names the plan's owner.
    let e = entry(&entries, "owns 2 key accounts");
    assert!(!e.contains("Owner:"), "a person's finding has no owner: {e}");
    let e = entry(&entries, "only 1 contact");
    assert!(e.contains("Owner: Alex King"), "{e}");
}

#[test]
fn the_attention_page_reads_as_plain_english() {
    let (_, text, _dir) = attention();
    for bad in [
        "`",
        "docs/",
        "planfolio.yaml",
        "relationship.high_from",
        "max_aspiration_ratio",
        "max_key_accounts_per_owner",
        "status.last_review",
        "exchange_rates",
        "planfolio explain",
        "(s)",
        "GBP 2,400,000",
    ] {
        assert!(!text.contains(bad), "{bad:?} on the attention page: {text}");
    }
}

#[test]
fn counts_agree_with_their_number() {
    let (entries, _, _dir) = attention();
    let one = entry(&entries, "only 1 contact with a strong or good relationship");
    assert!(one.starts_with("Northwind Drilling"), "{one}");
    let two = entry(
        &entries,
        "Alex King owns 2 key accounts: Deepwell Solutions and Northwind Drilling",
    );
    assert!(two.contains("the limit is 1"), "{two}");
}

#[test]
fn money_is_in_the_short_form_of_the_pages() {
    let (entries, _, _dir) = attention();
    let e = entry(&entries, "aspirational revenue goal");
    assert!(e.contains("£2.4M") && e.contains("(£1.5M)"), "{e}");
    assert!(!e.contains("2,400,000") && !e.contains("GBP"), "{e}");
}

#[test]
fn a_blocked_action_hint_reads_its_notes() {
    let (entries, _, _dir) = attention();
    let with_notes = entry(&entries, "\"Host the rig site visit\" is blocked");
    let without = entry(&entries, "\"Get access to the rig sensor data\" is blocked");
    // The notes say what blocks it: the hint quotes them, not asks for them.
    assert!(
        with_notes.contains("James has frozen travel until the budget round closes."),
        "{with_notes}"
    );
    assert!(!with_notes.contains("write in its notes"), "{with_notes}");
    assert!(without.contains("write in its notes what blocks it"), "{without}");
}

#[test]
fn an_incomplete_plan_names_the_unrated_contact() {
    let (entries, _, _dir) = attention();
    let e = entry(&entries, "account plan lacks");
    assert!(e.contains("a role and relationship for Ann Lee"), "{e}");
}

#[test]
fn an_incomplete_plan_lists_each_missing_requirement_in_words() {
    let (entries, _, _dir) = attention();
    let e = entry(&entries, "Bare Minimum");
    assert!(
        e.contains("account plan lacks: at least one objective; at least one goal; at least one contact"),
        "{e}"
    );
}

#[test]
fn check_shows_the_same_messages_and_names_the_key_to_edit() {
    let dir = site();
    let o = planfolio(dir.path(), &["check", "--today", TODAY, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "warnings only");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let diags = v["diagnostics"].as_array().cloned().unwrap_or_default();
    let find = |code: &str, needle: &str| {
        diags
            .iter()
            .find(|d| d["code"] == code && d["message"].as_str().unwrap_or("").contains(needle))
            .unwrap_or_else(|| panic!("no {code} with {needle:?} in {v:#}"))
            .clone()
    };
    let overdue = find("overdue-action", "Send the pilot proposal to James");
    assert_eq!(
        overdue["message"],
        "action \"Send the pilot proposal to James\" was due on 2026-11-01 and is still in progress"
    );
    // check keeps naming the field to edit, after the plain-English hint.
    let hint = overdue["hint"].as_str().unwrap_or("");
    assert!(
        hint.starts_with("finish it and mark it done") && hint.contains("`status: done`"),
        "{hint}"
    );
    let blocked = find("blocked-action", "Host the rig site visit");
    assert!(
        blocked["hint"]
            .as_str()
            .unwrap_or("")
            .contains("James has frozen travel"),
        "{blocked}"
    );
    let incomplete = find("incomplete-plan", "Ann Lee");
    assert!(
        incomplete["hint"]
            .as_str()
            .unwrap_or("")
            .contains("planfolio explain incomplete-plan"),
        "{incomplete}"
    );
    let inflated = find("inflated-potential", "£2.4M");
    assert!(
        inflated["hint"]
            .as_str()
            .unwrap_or("")
            .contains("review.max_aspiration_ratio"),
        "{inflated}"
    );
}
