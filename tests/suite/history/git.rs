//! Git features on real repositories built in temporary folders (SPEC §10):
//! `last_updated`, `diff <REV>`, `check --since <REV>`, segment history and
//! the CI workflow written by `init`.
//!
//! Every commit gets fixed author and committer dates, so every expected date
//! and month-end point below is worked out by hand from the dates written here.
//! Scores are computed by hand from SPEC §5 (arithmetic in the comments) with
//! `segmentation.potential.high_from: 1000000` so the threshold never moves:
//! potential = 10 * min(1, potential_value / 2_000_000), high when >= 5, i.e.
//! when potential_value >= 1_000_000; relationship high when >= 5.

use crate::common;
use chrono::NaiveDate;
use common::git::{check_git, commit, commit_dated, git, git_command, git_init, planfolio, run};
use common::{code, stderr, stdout, write};
use planfolio::history::{HistoryPoint, SiteHistory, Unavailable};
use planfolio::model::Segment;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Output;
use tempfile::TempDir;

/// The fixed "today" of every test.
const TODAY: &str = "2026-11-23";

fn today() -> NaiveDate {
    date(TODAY)
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("valid date")
}

// ---------------------------------------------------------------------------
// git and planfolio helpers

/// `git status --porcelain` without refreshing the index (so it writes nothing).
fn status(dir: &Path) -> String {
    let args = ["status", "--porcelain", "--untracked-files=all"];
    let out = git_command(dir)
        .env("GIT_OPTIONAL_LOCKS", "0")
        .args(args)
        .output()
        .expect("run git");
    check_git(&args, &out)
}

fn remove(root: &Path, rel: &str) {
    std::fs::remove_file(root.join(rel)).unwrap();
}

fn json(o: &Output) -> Value {
    serde_json::from_str(&stdout(o))
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}\nstderr:\n{}", stdout(o), stderr(o)))
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// A plan file: `name`, `owner`, then `rest` (YAML lines), then a body.
fn plan(name: &str, owner: &str, rest: &str) -> String {
    format!("---\nname: {name}\nowner: {owner}\n{rest}---\nNotes.\n")
}

fn member(name: &str) -> String {
    format!("---\nname: {name}\n---\n")
}

/// A fixed potential threshold, so scores depend on one plan only.
const CONFIG: &str = "\
title: Git test
currency: GBP
segmentation:
  potential: {high_from: 1000000}
";

/// Config and two team members.
fn base_site(root: &Path) {
    write(root, "planfolio.yaml", CONFIG);
    write(root, "content/team/alex-king.md", &member("Alex King"));
    write(root, "content/team/priya-shah.md", &member("Priya Shah"));
}

/// `portfolio.json` of a build of `root` into a fresh folder (kept in the `TempDir`).
fn build_portfolio(root: &Path) -> (Value, TempDir) {
    let b = common::git::build(root, TODAY);
    (b.portfolio, b.out)
}

fn account<'a>(portfolio: &'a Value, id: &str) -> &'a Value {
    portfolio["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .find(|a| a["id"] == id)
        .unwrap_or_else(|| panic!("no account {id} in {portfolio}"))
}

fn account_ids(portfolio: &Value) -> Vec<String> {
    portfolio["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect()
}

// ---------------------------------------------------------------------------
// 1. last_updated

#[test]
fn last_updated_is_the_last_commit_date_of_each_plan() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path();
    git_init(root);
    base_site(root);
    write(root, "content/accounts/a.md", &plan("A Co", "alex-king", ""));
    write(root, "content/accounts/b.md", &plan("B Co", "alex-king", ""));
    commit(root, "2026-02-10", "a and b");
    write(root, "content/accounts/c.md", &plan("C Co", "priya-shah", ""));
    commit(root, "2026-05-20", "c");
    // Only b: authored 2026-07-01, committed 2026-08-30; the committer date counts.
    write(root, "content/accounts/b.md", &plan("B Co", "alex-king", "hq: Leeds\n"));
    commit_dated(root, "2026-07-01", "2026-08-30", "b only");
    // A renamed plan: its file at the new path was written by this commit.
    git(root, &["mv", "content/accounts/c.md", "content/accounts/c-renamed.md"]);
    commit(root, "2026-09-15", "rename c");
    // A change outside content/ leaves every plan's date alone.
    write(root, "README.md", "notes\n");
    commit(root, "2026-10-01", "readme");
    // Uncommitted: an edit of a (its date stays the last commit's) and a new plan d.
    write(root, "content/accounts/a.md", &plan("A Co", "alex-king", "hq: York\n"));
    write(root, "content/accounts/d.md", &plan("D Co", "priya-shah", ""));

    let (portfolio, out) = build_portfolio(root);
    assert_eq!(account_ids(&portfolio), ["a", "b", "c-renamed", "d"]);
    assert_eq!(account(&portfolio, "a")["last_updated"], "2026-02-10");
    assert_eq!(account(&portfolio, "b")["last_updated"], "2026-08-30");
    assert_eq!(account(&portfolio, "c-renamed")["last_updated"], "2026-09-15");
    assert_eq!(account(&portfolio, "d")["last_updated"], Value::Null);

    // The plan page shows it too (and says nothing for the uncommitted plan).
    let page = |id: &str| std::fs::read_to_string(out.path().join(format!("site/accounts/{id}/index.html"))).unwrap();
    let b = page("b");
    assert!(b.contains("2026-08-30"), "plan page of b lacks its last-updated date");
    assert!(
        !b.contains("2026-07-01"),
        "the author date is not the last-updated date"
    );
    assert!(!page("d").contains("Plan last edited"));
}

#[test]
fn last_updated_is_null_outside_git_and_build_still_works() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path().join("plain");
    base_site(&root);
    write(&root, "content/accounts/a.md", &plan("A Co", "alex-king", ""));
    write(&root, "content/accounts/b.md", &plan("B Co", "priya-shah", ""));
    let out = tmp.path().join("out");
    // The ceiling keeps git from finding a repository above the temp folder.
    let o = planfolio()
        .env("GIT_CEILING_DIRECTORIES", tmp.path())
        .arg("--root")
        .arg(&root)
        .args(["build", "--today", TODAY, "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "build outside git failed: {}", stderr(&o));
    assert!(out.join("index.html").is_file());
    let portfolio: Value = serde_json::from_str(&std::fs::read_to_string(out.join("portfolio.json")).unwrap()).unwrap();
    assert_eq!(account_ids(&portfolio), ["a", "b"]);
    for a in portfolio["accounts"].as_array().unwrap() {
        assert_eq!(a["last_updated"], Value::Null, "{}", a["id"]);
    }
    // And the library API: no history at all.
    let analysis = planfolio::pipeline::analyse(&root, today());
    let history = planfolio::history::collect(&root, &analysis, today());
    assert_eq!(history, SiteHistory::unavailable(Unavailable::NotARepository));
    assert!(!history.available);
    // The git commands say clearly that they need a repository.
    for args in [["diff", "HEAD"].as_slice(), ["check", "--since", "HEAD"].as_slice()] {
        let o = planfolio()
            .env("GIT_CEILING_DIRECTORIES", tmp.path())
            .arg("--root")
            .arg(&root)
            .args(args)
            .args(["--today", TODAY])
            .output()
            .unwrap();
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("git"), "{args:?}: {}", stderr(&o));
    }
}

// ---------------------------------------------------------------------------
// 2. diff

/// The repository of the diff tests, returned with the commit ids.
///
/// c0 (2026-01-15, no planfolio.yaml yet): team, alpha, theta.
/// c1 (2026-03-02): config, beta, gamma, delta.
/// c2 (2026-06-10) = HEAD: zeta (with an error: `industy`), eta.
/// Then, uncommitted: the changes (a)–(f) of `change_working_tree`.
struct DiffRepo {
    tmp: TempDir,
    c0: String,
}

impl DiffRepo {
    fn root(&self) -> &Path {
        self.tmp.path()
    }
}

// alpha: one contact, good (7.5), influence medium → relationship 7.5: high.
// potential_value = max(aspirational 400000, pipeline 0) = 400000;
// potential = 10 * 400000 / 2000000 = 2.0: low → managed.
const ALPHA_BEFORE: &str = "\
contacts:
  - id: ann
    name: Ann Archer
    influence: medium
    relationship: good
financials:
  revenue_goal:
    minimum: 100000
    just_right: 200000
    aspirational: 400000
";
// alpha after: weighted pipeline = 200000 * 0.75 (forecast) = 150000;
// potential_value = max(1500000, 150000) = 1500000;
// potential = 10 * min(1, 1500000 / 2000000) = 7.5: high; relationship still
// 7.5: high → key.
const ALPHA_AFTER: &str = "\
contacts:
  - id: ann
    name: Ann Archer
    influence: medium
    relationship: good
financials:
  revenue_goal:
    minimum: 100000
    just_right: 800000
    aspirational: 1500000
opportunities:
  - id: big-deal
    name: Big deal
    stage: forecast
    value: 200000
";
// beta: bob good 7.5 (weight 2) → 7.5: high; potential 0: low → managed.
const BETA_BEFORE: &str = "\
contacts:
  - id: bob
    name: Bob Brown
    influence: medium
    relationship: good
actions:
  - id: call-bob
    title: Call Bob
    owner: alex-king
  - id: send-deck
    title: Send the deck
    owner: priya-shah
";
// beta after: + cara strong 10 with influence high (weight 3):
// (7.5 * 2 + 10 * 3) / (2 + 3) = 45 / 5 = 9.0; still managed. − send-deck.
const BETA_AFTER: &str = "\
contacts:
  - id: bob
    name: Bob Brown
    influence: medium
    relationship: good
  - id: cara
    name: Cara Diaz
    influence: high
    relationship: strong
actions:
  - id: call-bob
    title: Call Bob
    owner: alex-king
";
// delta: relationship 7.5, potential 0 → managed.
const DELTA: &str = "\
contacts:
  - id: dan
    name: Dan Dee
    relationship: good
";
// epsilon: strong 10 → high; potential_value 2000000 → potential 10: high → key.
const EPSILON: &str = "\
contacts:
  - id: eve
    name: Eve Evans
    relationship: strong
financials:
  revenue_goal:
    minimum: 500000
    just_right: 1000000
    aspirational: 2000000
";
// theta: managed like delta; never changes.
const THETA: &str = "\
contacts:
  - id: tom
    name: Tom Thumb
    relationship: good
";

fn diff_repo() -> DiffRepo {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path();
    git_init(root);
    write(root, "content/team/alex-king.md", &member("Alex King"));
    write(root, "content/team/priya-shah.md", &member("Priya Shah"));
    write(
        root,
        "content/accounts/alpha.md",
        &plan("Alpha Ltd", "alex-king", ALPHA_BEFORE),
    );
    write(root, "content/accounts/theta.md", &plan("Theta AG", "alex-king", THETA));
    commit(root, "2026-01-15", "c0: no config yet");
    let c0 = git(root, &["rev-parse", "HEAD"]).trim().to_string();
    write(root, "planfolio.yaml", CONFIG);
    write(
        root,
        "content/accounts/beta.md",
        &plan("Beta GmbH", "alex-king", BETA_BEFORE),
    );
    write(root, "content/accounts/gamma.md", &plan("Gamma Inc", "alex-king", ""));
    write(
        root,
        "content/accounts/delta.md",
        &plan("Delta plc", "priya-shah", DELTA),
    );
    commit(root, "2026-03-02", "c1");
    // zeta has an unknown field (`industy`, line 4) at HEAD.
    write(
        root,
        "content/accounts/zeta.md",
        &plan("Zeta Mining", "priya-shah", "industy: Mining\n"),
    );
    write(root, "content/accounts/eta.md", &plan("Eta Oy", "priya-shah", ""));
    commit(root, "2026-06-10", "c2");
    DiffRepo { tmp, c0 }
}

/// The working-tree changes against HEAD.
fn change_working_tree(root: &Path) {
    // (a) alpha moves managed → key; (a') it gains an opportunity.
    write(
        root,
        "content/accounts/alpha.md",
        &plan("Alpha Ltd", "alex-king", ALPHA_AFTER),
    );
    // (b) beta gains a contact and loses an action.
    write(
        root,
        "content/accounts/beta.md",
        &plan("Beta GmbH", "alex-king", BETA_AFTER),
    );
    // (c) gamma's file is renamed.
    git(
        root,
        &["mv", "content/accounts/gamma.md", "content/accounts/gamma-corp.md"],
    );
    // (d) delta is deleted.
    git(root, &["rm", "-q", "content/accounts/delta.md"]);
    // (e) epsilon is new (untracked).
    write(
        root,
        "content/accounts/epsilon.md",
        &plan("Epsilon SA", "priya-shah", EPSILON),
    );
    // (f) eta gets an unknown owner (line 3), zeta's unknown field is fixed.
    write(root, "content/accounts/eta.md", &plan("Eta Oy", "priya-shaw", ""));
    write(
        root,
        "content/accounts/zeta.md",
        &plan("Zeta Mining", "priya-shah", "industry: Mining\n"),
    );
}

fn index_bytes(root: &Path) -> Vec<u8> {
    std::fs::read(root.join(".git/index")).expect("index file")
}

fn table_row<'a>(markdown: &'a str, plan_cell: &str) -> &'a str {
    let start = format!("| {plan_cell} |");
    markdown
        .lines()
        .find(|l| l.starts_with(&start))
        .unwrap_or_else(|| panic!("no table row for {plan_cell} in\n{markdown}"))
}

/// The lines of the markdown section under `### title`, up to the next heading.
fn section<'a>(markdown: &'a str, title: &str) -> Vec<&'a str> {
    let heading = format!("### {title}");
    let mut lines = markdown.lines().skip_while(|l| *l != heading);
    assert!(lines.next().is_some(), "no section `{heading}` in\n{markdown}");
    lines
        .take_while(|l| !l.starts_with("### ") && !l.starts_with("_Note"))
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn diff_markdown_describes_the_change() {
    let repo = diff_repo();
    let root = repo.root();
    change_working_tree(root);
    let o = run(root, &["diff", "HEAD", "--today", TODAY]);
    assert_eq!(code(&o), 0, "diff failed: {}", stderr(&o));
    let md = stdout(&o);
    let lines: Vec<&str> = md.lines().collect();

    // A one-line summary: 5 changed plans (alpha, beta, eta, gamma-corp,
    // zeta), epsilon added, delta removed, one segment move (alpha), total
    // weighted pipeline 0 → 150000, one error introduced (eta) and one
    // resolved (zeta).
    assert_eq!(
        lines[0],
        "Since HEAD: 5 plans changed, 1 added, 1 removed, 1 segment move, weighted pipeline +£150K, errors +1 −1."
    );
    assert!(lines[1].is_empty(), "the summary is one line:\n{md}");

    // Plans added and removed.
    let added_removed = section(&md, "Plans added and removed");
    assert_eq!(
        added_removed,
        [
            "- ➕ **Epsilon SA** (`epsilon`), key",
            "- ➖ **Delta plc** (`delta`), was managed"
        ]
    );

    // The changed plans table.
    let alpha = table_row(&md, "Alpha Ltd");
    assert!(alpha.contains("| **managed → key** |"), "{alpha}");
    assert!(alpha.contains("| 7.50 |"), "unchanged relationship: {alpha}");
    assert!(alpha.contains("2.00 → 7.50 (+5.50)"), "potential: {alpha}");
    // Weighted pipeline 0 → 150000, +150K.
    assert!(alpha.contains("£0 → £150,000 (+£150K)"), "pipeline: {alpha}");
    // Revenue goal: just right 200000 → 800000 (+600000); aspirational
    // 400000 → 1500000 (+1100000); minimum unchanged.
    assert!(alpha.contains("£200,000 → £800,000 (+£600K)"), "revenue goal: {alpha}");
    assert!(
        alpha.contains("£400,000 → £1,500,000 (+£1.1M)"),
        "aspirational: {alpha}"
    );
    assert!(!alpha.contains("minimum"), "{alpha}");

    let beta = table_row(&md, "Beta GmbH");
    assert!(beta.contains("| managed |"), "no segment move: {beta}");
    assert!(beta.contains("7.50 → 9.00 (+1.50)"), "relationship: {beta}");
    assert!(!beta.contains("**"), "{beta}");

    let gamma = table_row(&md, "Gamma Inc (renamed from `gamma`)");
    assert!(gamma.contains("| maintained |"), "{gamma}");
    // eta (owner) and zeta (industry) changed without score moves.
    table_row(&md, "Eta Oy");
    table_row(&md, "Zeta Mining");
    let rows = lines
        .iter()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Plan |"))
        .count();
    assert_eq!(rows, 5, "five changed plans:\n{md}");

    // Items added and removed, with kind and id.
    assert!(
        md.contains("\n**Alpha Ltd**\n- added opportunity `big-deal`: Big deal\n"),
        "{md}"
    );
    assert!(
        md.contains(
            "\n**Beta GmbH**\n- added contact `cara`: Cara Diaz\n- removed action `send-deck`: Send the deck\n"
        ),
        "{md}"
    );

    // Diagnostics introduced and resolved (file:line computed from the text
    // written: `owner` is line 3 of eta, `industy` line 4 of zeta).
    let introduced = section(&md, "Diagnostics introduced");
    assert!(
        introduced
            .iter()
            .any(|l| l.starts_with("- ❌ `unknown-reference` content/accounts/eta.md:3 — ")),
        "{introduced:?}"
    );
    let resolved = section(&md, "Diagnostics resolved");
    assert!(
        resolved
            .iter()
            .any(|l| l.starts_with("- ❌ `unknown-field` content/accounts/zeta.md:4 — ")),
        "{resolved:?}"
    );
    assert!(!introduced.iter().any(|l| l.contains("zeta.md")), "{introduced:?}");
    assert!(md.contains("the portfolio at `HEAD` had 1 error."), "{md}");

    // theta did not change: never mentioned.
    assert!(!md.contains("Theta") && !md.contains("theta"), "{md}");
}

#[test]
fn diff_json_describes_the_change() {
    let repo = diff_repo();
    let root = repo.root();
    change_working_tree(root);
    let o = run(root, &["diff", "HEAD", "--format", "json", "--today", TODAY]);
    assert_eq!(code(&o), 0, "diff failed: {}", stderr(&o));
    let d = json(&o);
    assert_eq!(d["rev"], "HEAD");
    let md = stdout(&run(root, &["diff", "HEAD", "--today", TODAY]));
    assert_eq!(d["summary"].as_str(), md.lines().next(), "same summary in both formats");

    let ids = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&d["added"]), ["epsilon"]);
    assert_eq!(d["added"][0]["name"], "Epsilon SA");
    assert_eq!(d["added"][0]["segment"], "key");
    assert_eq!(ids(&d["removed"]), ["delta"]);
    assert_eq!(d["removed"][0]["name"], "Delta plc");
    assert_eq!(d["removed"][0]["segment"], "managed");
    assert_eq!(ids(&d["changed"]), ["alpha", "beta", "eta", "gamma-corp", "zeta"]);
    let changed = |id: &str| {
        d["changed"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()
            .clone()
    };

    let alpha = changed("alpha");
    assert_eq!(alpha["name"], "Alpha Ltd");
    assert_eq!(alpha["renamed_from"], Value::Null);
    assert_eq!(alpha["segment_before"], "managed");
    assert_eq!(alpha["segment_after"], "key");
    assert_eq!(
        (f(&alpha["relationship"]["before"]), f(&alpha["relationship"]["after"])),
        (7.5, 7.5)
    );
    assert_eq!(
        (f(&alpha["potential"]["before"]), f(&alpha["potential"]["after"])),
        (2.0, 7.5)
    );
    assert_eq!(
        (
            f(&alpha["weighted_pipeline"]["before"]),
            f(&alpha["weighted_pipeline"]["after"])
        ),
        (0.0, 150000.0)
    );
    assert_eq!(
        (f(&alpha["revenue_goal"]["before"]), f(&alpha["revenue_goal"]["after"])),
        (200000.0, 800000.0)
    );
    assert_eq!(
        alpha["added"],
        serde_json::json!([{"kind": "opportunity", "id": "big-deal", "title": "Big deal"}])
    );
    assert_eq!(alpha["removed"], serde_json::json!([]));

    let beta = changed("beta");
    assert_eq!(
        (&beta["segment_before"], &beta["segment_after"]),
        (&"managed".into(), &"managed".into())
    );
    assert_eq!(
        (f(&beta["relationship"]["before"]), f(&beta["relationship"]["after"])),
        (7.5, 9.0)
    );
    assert_eq!(
        (f(&beta["potential"]["before"]), f(&beta["potential"]["after"])),
        (0.0, 0.0)
    );
    assert_eq!(beta["revenue_goal"], serde_json::json!({"before": null, "after": null}));
    assert_eq!(
        beta["added"],
        serde_json::json!([{"kind": "contact", "id": "cara", "title": "Cara Diaz"}])
    );
    assert_eq!(
        beta["removed"],
        serde_json::json!([{"kind": "action", "id": "send-deck", "title": "Send the deck"}])
    );

    let gamma = changed("gamma-corp");
    assert_eq!(gamma["renamed_from"], "gamma");
    assert_eq!(gamma["name"], "Gamma Inc");
    assert_eq!(gamma["segment_before"], "maintained");
    assert_eq!(gamma["segment_after"], "maintained");
    assert_eq!(gamma["added"], serde_json::json!([]));
    assert_eq!(gamma["removed"], serde_json::json!([]));

    let has = |list: &Value, code: &str, file: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .any(|x| x["code"] == code && x["file"] == file && x["severity"] == "error")
    };
    assert!(
        has(&d["introduced"], "unknown-reference", "content/accounts/eta.md"),
        "{}",
        d["introduced"]
    );
    assert!(
        has(&d["resolved"], "unknown-field", "content/accounts/zeta.md"),
        "{}",
        d["resolved"]
    );
    assert!(!has(&d["introduced"], "unknown-field", "content/accounts/zeta.md"));
    assert_eq!(d["errors_before"], 1);
    assert_eq!(d["errors_after"], 1);
    assert!(!stdout(&o).contains("theta"), "unchanged theta is not mentioned");
}

#[test]
fn diff_errors_and_old_revisions() {
    let repo = diff_repo();
    let root = repo.root();

    // Nothing changed: a clean diff that says so.
    let o = run(root, &["diff", "HEAD", "--format", "json", "--today", TODAY]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let d = json(&o);
    for list in ["added", "removed", "changed", "introduced", "resolved"] {
        assert_eq!(d[list], serde_json::json!([]), "{list}");
    }
    // HEAD's own error (zeta) stays an error on both sides.
    assert_eq!(
        (d["errors_before"].as_u64(), d["errors_after"].as_u64()),
        (Some(1), Some(1))
    );

    // An unknown revision: exit 2, a clear message naming it, nothing on stdout.
    let o = run(root, &["diff", "no-such-rev", "--today", TODAY]);
    assert_eq!(code(&o), 2);
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(err.contains("no-such-rev") && err.contains("error"), "{err}");
    assert_eq!(err.lines().count(), 1, "one clear line, not a git dump: {err}");

    // A revision from before planfolio.yaml existed (c0: team, alpha, theta;
    // default config, so the threshold is the median potential value of
    // alpha 400000 and theta 0 = 200000, and alpha's potential is
    // 10 * min(1, 400000 / 400000) = 10: key).
    change_working_tree(root);
    let o = run(root, &["diff", &repo.c0, "--format", "json", "--today", TODAY]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let d = json(&o);
    assert_eq!(d["rev"], repo.c0.as_str());
    let ids = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&d["added"]), ["beta", "epsilon", "eta", "gamma-corp", "zeta"]);
    assert_eq!(ids(&d["removed"]), Vec::<String>::new());
    // theta is the same plan with the same scores (relationship 7.5,
    // potential 0 under both thresholds): not listed.
    assert_eq!(ids(&d["changed"]), ["alpha"]);
    let alpha = &d["changed"][0];
    assert_eq!(alpha["segment_before"], "key");
    assert_eq!(alpha["segment_after"], "key");
    assert_eq!(
        (f(&alpha["potential"]["before"]), f(&alpha["potential"]["after"])),
        (10.0, 7.5)
    );
    assert_eq!(
        (
            f(&d["potential_threshold"]["before"]),
            f(&d["potential_threshold"]["after"])
        ),
        (200000.0, 1000000.0)
    );
    assert_eq!(d["errors_before"], 0);
    // The markdown says the threshold moved.
    let o = run(root, &["diff", &repo.c0, "--today", TODAY]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("£200,000 → £1,000,000"), "{}", stdout(&o));
}

#[test]
fn diff_of_a_pure_rename_introduces_and_resolves_nothing() {
    let repo = diff_repo();
    let root = repo.root();
    // Only gamma's file is renamed; its content, and so its problems
    // (stale-review, incomplete-plan), are the same: nothing is introduced or
    // resolved by the rename.
    git(
        root,
        &["mv", "content/accounts/gamma.md", "content/accounts/gamma-corp.md"],
    );
    let o = run(root, &["diff", "HEAD", "--format", "json", "--today", TODAY]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let d = json(&o);
    assert_eq!(d["changed"].as_array().map(Vec::len), Some(1), "{}", d["changed"]);
    assert_eq!(d["changed"][0]["id"], "gamma-corp");
    assert_eq!(d["changed"][0]["renamed_from"], "gamma");
    assert_eq!(d["added"], serde_json::json!([]));
    assert_eq!(d["removed"], serde_json::json!([]));
    assert_eq!(
        d["introduced"],
        serde_json::json!([]),
        "a rename introduces no diagnostic"
    );
    assert_eq!(d["resolved"], serde_json::json!([]), "a rename resolves no diagnostic");
}

/// A plan moved into a sub-folder of content/accounts/ keeps its id (its
/// file name): the move alone is no change and moves no diagnostic; a move
/// with an edit is the edit.
#[test]
fn diff_across_a_move_into_a_sub_folder_is_the_edit_only() {
    let repo = diff_repo();
    let root = repo.root();
    std::fs::create_dir_all(root.join("content/accounts/eu")).unwrap();
    git(
        root,
        &["mv", "content/accounts/gamma.md", "content/accounts/eu/gamma.md"],
    );
    let o = run(root, &["diff", "HEAD", "--today", TODAY]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    // (HEAD's own error, zeta's, is still listed after the summary.)
    assert!(
        stdout(&o).starts_with("No portfolio changes since HEAD.\n"),
        "{}",
        stdout(&o)
    );

    // Moved and given an objective: gamma changed by that objective only.
    let text = std::fs::read_to_string(root.join("content/accounts/eu/gamma.md")).unwrap();
    let text = text.replacen("---\n", "---\nobjectives:\n  - id: grow\n    title: Grow\n", 1);
    write(root, "content/accounts/eu/gamma.md", &text);
    let o = run(root, &["diff", "HEAD", "--format", "json", "--today", TODAY]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let d = json(&o);
    assert_eq!(d["added"], serde_json::json!([]));
    assert_eq!(d["removed"], serde_json::json!([]));
    assert_eq!(d["changed"].as_array().map(Vec::len), Some(1), "{}", d["changed"]);
    assert_eq!(d["changed"][0]["id"], "gamma");
    assert_eq!(
        d["changed"][0]["added"],
        serde_json::json!([{"kind": "objective", "id": "grow", "title": "Grow"}])
    );
    // Its incomplete-plan warning changed wording (an objective is no longer
    // missing); stale-review, the same under the new path, is not listed.
    let codes = |list: &Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|x| format!("{} {}", x["code"].as_str().unwrap(), x["file"].as_str().unwrap()))
            .collect()
    };
    assert!(
        !codes(&d["introduced"]).iter().any(|c| c.starts_with("stale-review")),
        "{d}"
    );
    assert!(
        !codes(&d["resolved"]).iter().any(|c| c.starts_with("stale-review")),
        "{d}"
    );
}

/// SPEC §10: "A REV whose content has errors still diffs (its errors are
/// listed)": the errors at REV are named, not only counted, even when the
/// working tree still has them.
#[test]
fn diff_lists_the_errors_at_rev_even_when_unfixed() {
    let repo = diff_repo();
    let root = repo.root();
    // HEAD has one error: zeta's unknown field `industy` (line 4); the
    // working tree changes alpha only and keeps zeta's error.
    write(
        root,
        "content/accounts/alpha.md",
        &plan("Alpha Ltd", "alex-king", ALPHA_AFTER),
    );
    let o = run(root, &["diff", "HEAD", "--today", TODAY]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let md = stdout(&o);
    assert!(md.contains("had 1 error"), "{md}");
    assert!(
        md.contains("unknown-field") && md.contains("content/accounts/zeta.md"),
        "the error at HEAD is listed:\n{md}"
    );
}

#[test]
fn a_repository_without_commits() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path();
    git_init(root);
    base_site(root);
    write(root, "content/accounts/a.md", &plan("A Co", "alex-king", ""));
    // Nothing committed yet: no dates, no history, and the build works.
    let (portfolio, _out) = build_portfolio(root);
    assert_eq!(account(&portfolio, "a")["last_updated"], Value::Null);
    let analysis = planfolio::pipeline::analyse(root, today());
    let history = planfolio::history::collect(root, &analysis, today());
    assert!(history.last_updated.is_empty() && history.timelines(&analysis).is_empty() && history.moves.is_empty());
    // HEAD names no commit yet: a clear error.
    for args in [["diff", "HEAD"].as_slice(), ["check", "--since", "HEAD"].as_slice()] {
        let o = run(root, &[args, &["--today", TODAY]].concat());
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("HEAD"), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn diff_never_touches_the_working_tree_or_index() {
    let repo = diff_repo();
    let root = repo.root();
    change_working_tree(root);
    let status_before = status(root);
    let index_before = index_bytes(root);
    // The renamed, deleted and added files are all there to be disturbed.
    assert!(status_before.contains("gamma-corp.md") && status_before.contains("epsilon.md"));
    for args in [
        ["diff", "HEAD"].as_slice(),
        ["diff", "HEAD", "--format", "json"].as_slice(),
        ["diff", "HEAD~2"].as_slice(),
        ["diff", "no-such-rev"].as_slice(),
        ["check", "--since", "HEAD", "--format", "json"].as_slice(),
    ] {
        let o = run(root, &[args, &["--today", TODAY]].concat());
        assert!(code(&o) <= 2, "{args:?}: {}", stderr(&o));
        assert_eq!(status(root), status_before, "after {args:?}");
        assert!(index_bytes(root) == index_before, "the index changed after {args:?}");
    }
    assert!(!root.join("content/accounts/gamma.md").exists());
    assert!(!root.join("content/accounts/delta.md").exists());
}

// ---------------------------------------------------------------------------
// 3. check --since

/// a: an objective serving goal `expand`. b: a pre-existing warning
/// (goal-not-smart: no measure, no due). c: a pre-existing error (unknown
/// field). d: owned by priya-shah. All committed on 2026-10-01.
fn check_repo() -> TempDir {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path();
    git_init(root);
    base_site(root);
    write(root, "content/accounts/a.md", &plan("Plan A", "alex-king", A_BEFORE));
    write(
        root,
        "content/accounts/b.md",
        &plan("Plan B", "alex-king", "goals:\n  - id: vague\n    title: Do better\n"),
    );
    write(
        root,
        "content/accounts/c.md",
        &plan("Plan C", "alex-king", "colour: blue\n"),
    );
    write(root, "content/accounts/d.md", &plan("Plan D", "priya-shah", ""));
    commit(root, "2026-10-01", "portfolio");
    tmp
}

const A_BEFORE: &str = "\
objectives:
  - id: grow
    title: Grow the account
    goals: [expand]
goals:
  - id: expand
    title: Expand to the second site
    measure: Signed order
    due: 2027-06-30
";

/// `check --format json` (with extra args) → the diagnostics as (severity, code, file).
fn check_json(root: &Path, extra: &[&str]) -> (i32, Value, Vec<(String, String, String)>) {
    let o = run(
        root,
        &[&["check", "--format", "json", "--today", TODAY], extra].concat(),
    );
    let v = json(&o);
    let diags = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["severity"].as_str().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (code(&o), v, diags)
}

fn files_of(diags: &[(String, String, String)]) -> BTreeSet<String> {
    diags.iter().map(|(_, _, file)| file.clone()).collect()
}

fn has(diags: &[(String, String, String)], severity: &str, code: &str, file: &str) -> bool {
    diags.iter().any(|(s, c, f)| s == severity && c == code && f == file)
}

#[test]
fn check_since_reports_only_changed_files() {
    let tmp = check_repo();
    let root = tmp.path();
    // The filter is what hides b's warning and c's error: without it they show.
    let (_, _, all) = check_json(root, &[]);
    assert!(
        has(&all, "warning", "goal-not-smart", "content/accounts/b.md"),
        "{all:?}"
    );
    assert!(has(&all, "error", "unknown-field", "content/accounts/c.md"), "{all:?}");

    // a gets an error (unknown field `indusry`) and a warning (an action due
    // 2026-01-15, before today, not done: overdue-action).
    let a = plan(
        "Plan A",
        "alex-king",
        &format!(
            "indusry: Retail\n{A_BEFORE}actions:\n  - id: late\n    title: Late action\n    owner: alex-king\n    due: 2026-01-15\n"
        ),
    );
    write(root, "content/accounts/a.md", &a);
    let (exit, v, diags) = check_json(root, &["--since", "HEAD"]);
    assert_eq!(
        files_of(&diags),
        BTreeSet::from(["content/accounts/a.md".to_string()]),
        "{diags:?}"
    );
    assert!(
        has(&diags, "error", "unknown-field", "content/accounts/a.md"),
        "{diags:?}"
    );
    assert!(
        has(&diags, "warning", "overdue-action", "content/accounts/a.md"),
        "{diags:?}"
    );
    // Counts and exit code follow the reported diagnostics.
    let errors = diags.iter().filter(|(s, _, _)| s == "error").count();
    assert_eq!(v["errors"].as_u64(), Some(errors as u64));
    assert_eq!(v["warnings"].as_u64(), Some((diags.len() - errors) as u64));
    assert_eq!(exit, 1);
}

#[test]
fn check_since_reports_a_removed_goal_in_the_same_plan() {
    let tmp = check_repo();
    let root = tmp.path();
    // a drops goal `expand`; its objective `grow` still lists it.
    let a = plan(
        "Plan A",
        "alex-king",
        "objectives:\n  - id: grow\n    title: Grow the account\n    goals: [expand]\n",
    );
    write(root, "content/accounts/a.md", &a);
    let (exit, _, diags) = check_json(root, &["--since", "HEAD"]);
    assert!(
        has(&diags, "error", "unknown-reference", "content/accounts/a.md"),
        "{diags:?}"
    );
    assert_eq!(
        files_of(&diags),
        BTreeSet::from(["content/accounts/a.md".to_string()]),
        "{diags:?}"
    );
    assert_eq!(exit, 1);
}

#[test]
fn check_since_reports_new_errors_a_change_causes_elsewhere() {
    let tmp = check_repo();
    let root = tmp.path();
    let (_, _, all_before) = check_json(root, &[]);
    let d_warnings_before = all_before
        .iter()
        .filter(|(s, _, f)| s == "warning" && f == "content/accounts/d.md")
        .count();
    // The team member who owns the unchanged plan d leaves.
    remove(root, "content/team/priya-shah.md");
    let (exit, _, diags) = check_json(root, &["--since", "HEAD"]);
    // d's new error is reported although d did not change …
    assert!(
        has(&diags, "error", "unknown-reference", "content/accounts/d.md"),
        "{diags:?}"
    );
    // … but not d's old warnings, nor b's warning or c's error.
    assert!(
        !diags
            .iter()
            .any(|(s, _, f)| s == "warning" && f == "content/accounts/d.md"),
        "d's pre-existing warnings ({d_warnings_before} of them) are not reported: {diags:?}"
    );
    assert_eq!(
        diags,
        [(
            "error".to_string(),
            "unknown-reference".to_string(),
            "content/accounts/d.md".to_string()
        )]
    );
    assert_eq!(exit, 1);
}

#[test]
fn check_since_includes_untracked_files_and_committed_ranges() {
    let tmp = check_repo();
    let root = tmp.path();
    // Nothing changed: nothing reported, and c's old error does not fail the run.
    let (exit, v, diags) = check_json(root, &["--since", "HEAD"]);
    assert_eq!(diags, [], "{v}");
    assert_eq!((v["errors"].as_u64(), v["warnings"].as_u64()), (Some(0), Some(0)));
    assert_eq!(exit, 0);

    // A new, untracked plan with an error (unknown field `colour`).
    write(
        root,
        "content/accounts/e.md",
        &plan("Plan E", "alex-king", "colour: red\n"),
    );
    let (exit, _, diags) = check_json(root, &["--since", "HEAD"]);
    assert!(
        has(&diags, "error", "unknown-field", "content/accounts/e.md"),
        "{diags:?}"
    );
    assert_eq!(
        files_of(&diags),
        BTreeSet::from(["content/accounts/e.md".to_string()]),
        "{diags:?}"
    );
    assert_eq!(exit, 1);
    let untracked = diags;

    // Committed on a branch: `--since` the parent reports the same.
    commit(root, "2026-10-20", "add e");
    let (_, _, diags) = check_json(root, &["--since", "HEAD~1"]);
    assert_eq!(diags, untracked);
    let (exit, _, diags) = check_json(root, &["--since", "HEAD"]);
    assert_eq!((exit, diags), (0, vec![]));

    // A revision that does not exist: exit 2, message on stderr.
    let o = run(root, &["check", "--since", "no-such-rev", "--today", TODAY]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("no-such-rev"), "{}", stderr(&o));
}

// ---------------------------------------------------------------------------
// 4. segment history

// r: one contact weak (2.5) → relationship 2.5: low; potential 0 → maintained.
const R_WEAK: &str = "contacts:\n  - id: rita\n    name: Rita Ray\n    relationship: weak\n";
// r: the contact good (7.5): high → managed.
const R_GOOD: &str = "contacts:\n  - id: rita\n    name: Rita Ray\n    relationship: good\n";
// p: weak 2.5, no revenue goal → maintained.
const P_WEAK: &str = "contacts:\n  - id: pat\n    name: Pat Poe\n    relationship: weak\n";
// p: aspirational 1200000 → potential 10 * 1200000 / 2000000 = 6.0: high;
// relationship 2.5: low → target.
const P_TARGET: &str = "\
contacts:
  - id: pat
    name: Pat Poe
    relationship: weak
financials:
  revenue_goal: {minimum: 100000, just_right: 600000, aspirational: 1200000}
";
// p: the contact strong (10): high; potential 6.0 → key.
const P_KEY: &str = "\
contacts:
  - id: pat
    name: Pat Poe
    relationship: strong
financials:
  revenue_goal: {minimum: 100000, just_right: 600000, aspirational: 1200000}
";

/// c1 2026-01-10: q, r (maintained). c2 2026-04-05: r → managed; p added
/// (maintained). c3 2026-09-20: p → target. c4 2026-10-12: p → key.
/// c5 2026-11-02: only q's hq changes.
fn history_repo() -> TempDir {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path();
    git_init(root);
    base_site(root);
    write(root, "content/accounts/q.md", &plan("Quarry Co", "alex-king", ""));
    write(root, "content/accounts/r.md", &plan("Rail Ltd", "alex-king", R_WEAK));
    commit(root, "2026-01-10", "c1");
    write(root, "content/accounts/r.md", &plan("Rail Ltd", "alex-king", R_GOOD));
    write(root, "content/accounts/p.md", &plan("Pivot Ltd", "priya-shah", P_WEAK));
    commit(root, "2026-04-05", "c2");
    write(
        root,
        "content/accounts/p.md",
        &plan("Pivot Ltd", "priya-shah", P_TARGET),
    );
    commit(root, "2026-09-20", "c3");
    write(root, "content/accounts/p.md", &plan("Pivot Ltd", "priya-shah", P_KEY));
    commit(root, "2026-10-12", "c4");
    write(
        root,
        "content/accounts/q.md",
        &plan("Quarry Co", "alex-king", "hq: Bodmin\n"),
    );
    commit(root, "2026-11-02", "c5");
    tmp
}

/// The history of the site at `root`, and each plan's month-end timeline.
fn history_of(root: &Path) -> (SiteHistory, BTreeMap<String, Vec<HistoryPoint>>) {
    let analysis = planfolio::pipeline::analyse(root, today());
    assert_eq!(analysis.errors(), 0, "{:?}", analysis.diagnostics);
    let h = planfolio::history::collect(root, &analysis, today());
    let timelines = h.timelines(&analysis);
    (h, timelines)
}

fn labels(points: &[HistoryPoint]) -> Vec<&str> {
    points.iter().map(|p| p.label.as_str()).collect()
}

#[test]
fn history_points_at_month_ends_and_recent_moves() {
    let tmp = history_repo();
    let (h, timelines) = history_of(tmp.path());
    use Segment::{Key, Maintained, Managed, Target};

    // The 12 month ends before 2026-11-23 are 2025-11-30 … 2026-10-31. The
    // commit in force at each: none for 2025-11 and 2025-12; c1 for 2026-01
    // … 2026-03; c2 for 2026-04 … 2026-08; c3 for 2026-09; c4 for 2026-10
    // (c5 on 2026-11-02 is after the last month end: only "now").
    let p = &timelines["p"];
    assert_eq!(
        labels(p),
        [
            "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "now"
        ],
        "p exists from c2 (2026-04-05) on"
    );
    let dates: Vec<NaiveDate> = p.iter().map(|x| x.date).collect();
    let expected_dates: Vec<NaiveDate> = [
        "2026-04-30",
        "2026-05-31",
        "2026-06-30",
        "2026-07-31",
        "2026-08-31",
        "2026-09-30",
        "2026-10-31",
        TODAY,
    ]
    .iter()
    .map(|s| date(s))
    .collect();
    assert_eq!(dates, expected_dates);
    let segments: Vec<Segment> = p.iter().map(|x| x.segment).collect();
    assert_eq!(
        segments,
        [
            Maintained, Maintained, Maintained, Maintained, Maintained, Target, Key, Key
        ]
    );
    let scores: Vec<(f64, f64)> = p.iter().map(|x| (x.relationship, x.potential)).collect();
    assert_eq!(
        scores,
        [
            (2.5, 0.0),
            (2.5, 0.0),
            (2.5, 0.0),
            (2.5, 0.0),
            (2.5, 0.0),
            (2.5, 6.0),
            (10.0, 6.0),
            (10.0, 6.0)
        ]
    );

    let ten_months_and_now = [
        "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10",
        "now",
    ];
    let r = &timelines["r"];
    assert_eq!(labels(r), ten_months_and_now);
    let segments: Vec<Segment> = r.iter().map(|x| x.segment).collect();
    let mut expected = vec![Maintained; 3];
    expected.extend([Managed; 8]);
    assert_eq!(segments, expected);
    assert_eq!(r[2].relationship, 2.5);
    assert_eq!(r[3].relationship, 7.5);

    let q = &timelines["q"];
    assert_eq!(labels(q), ten_months_and_now);
    assert!(q.iter().all(|x| x.segment == Maintained), "{q:?}");

    // Moves are dated by the commit that made them (SPEC §10.1), over the
    // whole window, sorted by date: r at c2 (its contact went good), p at c3
    // and c4 (its own edits). p's appearance at c2 is not a move.
    let moves: Vec<(&str, Segment, Segment, NaiveDate)> =
        h.moves.iter().map(|m| (m.id.as_str(), m.from, m.to, m.date)).collect();
    assert_eq!(
        moves,
        [
            ("r", Maintained, Managed, date("2026-04-05")),
            ("p", Maintained, Target, date("2026-09-20")),
            ("p", Target, Key, date("2026-10-12"))
        ]
    );
    // The dashboard's list: within 90 days of 2026-11-23 (on or after
    // 2026-08-25), newest first; r's move (232 days ago) is too old.
    let recent: Vec<(String, NaiveDate)> = h.recent_moves(today()).into_iter().map(|m| (m.id, m.date)).collect();
    assert_eq!(
        recent,
        [
            ("p".to_string(), date("2026-10-12")),
            ("p".to_string(), date("2026-09-20"))
        ]
    );
    assert_eq!(h.moves[1].name, "Pivot Ltd");

    // last_updated: the last commit touching each file.
    assert_eq!(h.last_updated["p"], date("2026-10-12"));
    assert_eq!(h.last_updated["q"], date("2026-11-02"));
    assert_eq!(h.last_updated["r"], date("2026-04-05"));
}

#[test]
fn history_on_the_built_pages() {
    let tmp = history_repo();
    let (_, out) = build_portfolio(tmp.path());
    let read = |rel: &str| std::fs::read_to_string(out.path().join("site").join(rel)).unwrap();
    // The dashboard lists p's two recent moves, not r's old one.
    let index = read("index.html");
    let start = index.find("<ul class=\"moves\">").expect("a list of segment moves");
    let moves = &index[start..start + index[start..].find("</ul>").unwrap()];
    assert_eq!(moves.matches("<li>").count(), 2, "{moves}");
    assert_eq!(moves.matches(">Pivot Ltd</a>").count(), 2, "{moves}");
    assert!(moves.contains("2026-10-12") && moves.contains("2026-09-20"), "{moves}");
    assert!(!moves.contains("Rail Ltd"), "{moves}");
    // p's page shows its months (from 2026-04) and now; r's starts in 2026-01
    // (in the segment history table; the trends' table lists every month).
    let history_table = |html: String| {
        let start = html.find("<table class=\"history\">").expect("a segment history table");
        html[start..start + html[start..].find("</table>").unwrap()].to_string()
    };
    let p = history_table(read("accounts/p/index.html"));
    assert!(
        p.contains(">2026-04</th>") && p.contains(">2026-10</th>") && p.contains(">Now</th>"),
        "p history"
    );
    assert!(!p.contains(">2026-03</th>"), "p did not exist in March");
    let r = history_table(read("accounts/r/index.html"));
    assert!(r.contains(">2026-01</th>") && !r.contains(">2025-12</th>"), "r history");
}

#[test]
fn history_in_a_shallow_clone() {
    let tmp = history_repo();
    let clone_parent = TempDir::new().unwrap();
    let clone = clone_parent.path().join("clone");
    let url = format!("file://{}", tmp.path().display());
    git(
        clone_parent.path(),
        &["clone", "-q", "--depth", "1", &url, clone.to_str().unwrap()],
    );
    assert_eq!(
        git(&clone, &["rev-list", "--count", "HEAD"]).trim(),
        "1",
        "a shallow clone"
    );

    let (h, timelines) = history_of(&clone);
    // The one commit (c5, 2026-11-02) is after every month end: no earlier
    // points, so no timeline longer than "now" and no moves.
    for (id, points) in &timelines {
        assert_eq!(labels(points), ["now"], "{id}");
    }
    assert!(h.moves.is_empty(), "{:?}", h.moves);
    // A shallow clone has no history to read, and says so.
    assert!(!h.available);
    assert_eq!(h.unavailable, Some(Unavailable::Shallow));
    // git shows that single commit as adding every file: it says nothing of
    // when a plan last changed, so no date is known (tests/suite/history/git_edge_cases.rs
    // has deeper clones).
    assert!(h.last_updated.is_empty(), "{:?}", h.last_updated);

    // The binary works there too.
    let (portfolio, _out) = build_portfolio(&clone);
    for id in ["p", "q", "r"] {
        assert_eq!(account(&portfolio, id)["last_updated"], Value::Null, "{id}");
    }
    let o = run(&clone, &["check", "--since", "HEAD", "--today", TODAY]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    // HEAD~1 is not in a depth-1 clone: a clear error, not a crash.
    let o = run(&clone, &["diff", "HEAD~1", "--today", TODAY]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("HEAD~1"), "{}", stderr(&o));
}

#[test]
fn site_in_a_subfolder_of_the_repository() {
    let tmp = TempDir::new().unwrap();
    let repo = tmp.path();
    git_init(repo);
    // A folder name with a space and non-ASCII letters, which git quotes in
    // some outputs.
    let root = repo.join("sites/Kundpläne 2026");
    base_site(&root);
    write(&root, "content/accounts/a.md", &plan("A Co", "alex-king", ALPHA_BEFORE));
    // A file with a site-like path outside the site is not part of it.
    write(repo, "content/accounts/outside.md", &plan("Outside", "nobody", ""));
    commit(repo, "2026-03-03", "c1");
    write(&root, "content/accounts/a.md", &plan("A Co", "alex-king", ALPHA_AFTER));
    write(repo, "content/accounts/outside.md", "garbage");

    let (portfolio, _out) = build_portfolio(&root);
    assert_eq!(account_ids(&portfolio), ["a"]);
    assert_eq!(account(&portfolio, "a")["last_updated"], "2026-03-03");

    // Same scores as alpha in the diff tests: managed → key.
    let o = run(&root, &["diff", "HEAD", "--format", "json", "--today", TODAY]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let d = json(&o);
    assert_eq!(d["added"], serde_json::json!([]));
    assert_eq!(d["removed"], serde_json::json!([]));
    assert_eq!(d["changed"][0]["id"], "a");
    assert_eq!(d["changed"][0]["segment_before"], "managed");
    assert_eq!(d["changed"][0]["segment_after"], "key");
    assert_eq!(d["errors_before"], 0);

    let (_, _, diags) = check_json(&root, &["--since", "HEAD"]);
    assert!(diags.iter().all(|(_, _, f)| f == "content/accounts/a.md"), "{diags:?}");
}

/// The real git, found on PATH.
fn real_git() -> PathBuf {
    let path = std::env::var_os("PATH").expect("PATH");
    std::env::split_paths(&path)
        .map(|dir| dir.join("git"))
        .find(|p| p.is_file())
        .expect("git on PATH")
}

/// A build of a repository with `plans` plans and commits in three months,
/// through a `git` wrapper that logs each subcommand: the subcommands run.
fn git_subcommands_of_a_build(plans: usize) -> Vec<String> {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path().join("site");
    git_init(&root);
    base_site(&root);
    let write_plans = |hq: &str| {
        for i in 0..plans {
            write(
                &root,
                &format!("content/accounts/p{i}.md"),
                &plan(&format!("P{i}"), "alex-king", hq),
            );
        }
    };
    write_plans("");
    commit(&root, "2026-06-10", "one");
    write_plans("hq: Leeds\n");
    commit(&root, "2026-08-10", "two");
    write_plans("hq: York\n");
    commit(&root, "2026-10-10", "three");

    let bin = tmp.path().join("bin");
    let log = tmp.path().join("git.log");
    write(
        &bin,
        "git",
        &format!(
            "#!/bin/sh\n# planfolio runs `git -C <root> <subcommand> …`\necho \"$3\" >> '{}'\nexec '{}' \"$@\"\n",
            log.display(),
            real_git().display()
        ),
    );
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(bin.join("git"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = std::env::join_paths(
        std::iter::once(bin.clone()).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = planfolio()
        .env("PATH", path)
        .arg("--root")
        .arg(&root)
        .args(["build", "--today", TODAY, "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    // The dates did come from git.
    let portfolio: Value = serde_json::from_str(&std::fs::read_to_string(out.join("portfolio.json")).unwrap()).unwrap();
    assert_eq!(account(&portfolio, "p0")["last_updated"], "2026-10-10");
    std::fs::read_to_string(&log)
        .expect("git was run")
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn git_processes_do_not_grow_with_the_number_of_files() {
    // Sorted: the past commits are read in parallel, in any order.
    let mut few = git_subcommands_of_a_build(2);
    let mut many = git_subcommands_of_a_build(30);
    few.sort();
    many.sort();
    assert_eq!(few, many, "the same git processes for 2 and 30 plans");
    // One pass over the log, for the dates and the history's commits.
    assert_eq!(many.iter().filter(|s| *s == "log").count(), 1, "{many:?}");
}

#[test]
fn without_git_installed_the_site_still_builds() {
    let tmp = history_repo();
    let empty = TempDir::new().unwrap();
    let out = empty.path().join("out");
    let planfolio_without_git = |args: &[&str]| {
        planfolio()
            .env("PATH", empty.path())
            .arg("--root")
            .arg(tmp.path())
            .args(args)
            .output()
            .unwrap()
    };
    let o = planfolio_without_git(&["build", "--today", TODAY, "--out", out.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let portfolio: Value = serde_json::from_str(&std::fs::read_to_string(out.join("portfolio.json")).unwrap()).unwrap();
    assert_eq!(account(&portfolio, "p")["last_updated"], Value::Null);
    let o = planfolio_without_git(&["diff", "HEAD", "--today", TODAY]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("git"), "{}", stderr(&o));
}
