//! History at every commit (SPEC §10.1) and `planfolio log` (§10.2), on
//! scripted repositories with fixed commit dates.
//!
//! Every expected value is worked out by hand below from SPEC §5 with the
//! default weights: a contact with no influence and no role weighs 2, so a
//! plan's relationship is the plain mean of its contacts' levels (strong 10,
//! good 7.5, neutral 5, weak 2.5), high when >= 5. With threshold t,
//! potential = 10 * min(1, potential_value / (2t)), high when >= 5, that is
//! when potential_value >= t.

use crate::common;
use common::{code, stderr, stdout, write};
use serde_json::{Value, json};
use std::path::Path;
use std::process::{Command, Output};
use tempfile::TempDir;

const TODAY: &str = "2026-11-23";

// ---------------------------------------------------------------------------
// git and planfolio helpers

/// Runs git in `dir` and returns its stdout, trimmed; panics when it fails.
fn git(dir: &Path, args: &[&str]) -> String {
    common::git::git(dir, args).trim().to_string()
}

/// Stages everything and commits at noon UTC with these author and committer
/// dates; returns the full hash.
fn commit_dated(dir: &Path, author_day: &str, committer_day: &str, message: &str) -> String {
    common::git::commit_dated(dir, author_day, committer_day, message);
    git(dir, &["rev-parse", "HEAD"])
}

fn commit(dir: &Path, day: &str, message: &str) -> String {
    commit_dated(dir, day, day, message)
}

fn planfolio(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_planfolio"))
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("run planfolio")
}

/// `portfolio.json` of a build of `root`.
fn build(root: &Path) -> Value {
    let out = TempDir::new().unwrap();
    let site = out.path().join("site");
    let o = planfolio(root, &["build", "--today", TODAY, "--out", site.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "build failed: {}", stderr(&o));
    serde_json::from_str(&std::fs::read_to_string(site.join("portfolio.json")).unwrap()).unwrap()
}

fn account<'a>(p: &'a Value, id: &str) -> &'a Value {
    p["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap_or_else(|| panic!("no account {id}"))
}

/// `planfolio log --format json` with extra arguments.
fn log_json(root: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["log", "--format", "json", "--today", TODAY];
    args.extend_from_slice(extra);
    let o = planfolio(root, &args);
    assert_eq!(code(&o), 0, "log failed: {}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(&o)))
}

fn short(hash: &str) -> String {
    hash[..7].to_string()
}

fn plan(name: &str, rest: &str) -> String {
    format!("---\nname: {name}\nowner: alex-king\n{rest}---\nNotes.\n")
}

// ---------------------------------------------------------------------------
// The portfolio of the main scenario

const ALPHA_C1: &str = "\
contacts:
  - id: ann
    name: Ann Ash
    relationship: strong
  - id: bob
    name: Bob Birch
    relationship: neutral
financials:
  revenue_goal: {minimum: 100000, just_right: 500000, aspirational: 1000000}
opportunities:
  - id: renewal
    name: Renewal
    stage: secured
    value: 50000
    close: 2026-06-30
";
/// Aspirational up to 2,500,000; the renewal closes earlier (no slip) and
/// is lost (no regression).
const ALPHA_C2: &str = "\
contacts:
  - id: ann
    name: Ann Ash
    relationship: strong
  - id: bob
    name: Bob Birch
    relationship: neutral
financials:
  revenue_goal: {minimum: 100000, just_right: 500000, aspirational: 2500000}
opportunities:
  - id: renewal
    name: Renewal
    stage: lost
    value: 50000
    close: 2026-05-31
";
/// Bob warms up (neutral → good) and the plan is approved on the commit's day.
const ALPHA_C6: &str = "\
status:
  approved: 2026-10-05
contacts:
  - id: ann
    name: Ann Ash
    relationship: strong
  - id: bob
    name: Bob Birch
    relationship: good
financials:
  revenue_goal: {minimum: 100000, just_right: 500000, aspirational: 2500000}
opportunities:
  - id: renewal
    name: Renewal
    stage: lost
    value: 50000
    close: 2026-05-31
";
const BRAVO_C1: &str = "\
status:
  approved: 2026-02-01
contacts:
  - id: bea
    name: Bea Brook
    relationship: strong
financials:
  revenue_goal: {minimum: 100000, just_right: 1000000, aspirational: 2000000}
";
/// A goal and a small opportunity (10,000 × 0.1 = 1,000 weighted) added.
const BRAVO_C7: &str = "\
status:
  approved: 2026-02-01
contacts:
  - id: bea
    name: Bea Brook
    relationship: strong
goals:
  - id: expand
    title: Expand to Europe
financials:
  revenue_goal: {minimum: 100000, just_right: 1000000, aspirational: 2000000}
opportunities:
  - id: eu-pilot
    name: EU pilot
    stage: prospect
    value: 10000
    close: 2027-05-31
";
fn charlie(stage: &str, close: &str) -> String {
    format!(
        "\
contacts:
  - id: cid
    name: Cid Cole
    relationship: weak
financials:
  revenue_goal: {{minimum: 100000, just_right: 1000000, aspirational: 3000000}}
opportunities:
  - id: big-deal
    name: Big deal
    stage: {stage}
    value: 100000
    close: {close}
"
    )
}
/// An unknown key (an error), with values that would move Charlie to
/// managed if they were used: aspirational 0 and a strong contact.
const CHARLIE_BROKEN: &str = "\
contcts: []
contacts:
  - id: cid
    name: Cid Cole
    relationship: strong
financials:
  revenue_goal: {minimum: 0, just_right: 0, aspirational: 0}
";
const DELTA: &str = "\
contacts:
  - id: dan
    name: Dan Dale
    relationship: weak
";

struct Scenario {
    dir: TempDir,
    /// c1 … c7 by name.
    hashes: std::collections::BTreeMap<&'static str, String>,
}

impl Scenario {
    fn root(&self) -> &Path {
        self.dir.path()
    }
    fn hash(&self, c: &str) -> &str {
        &self.hashes[c]
    }
}

/// Scores at each commit (t = threshold; a, b, c = alpha, bravo, charlie):
///
/// - c1 2026-01-15: relationships a (10+5)/2 = 7.5 high, b 10 high, c 2.5
///   low; potential values a max(1,000,000, 50,000×1.0) = 1,000,000,
///   b 2,000,000, c max(3,000,000, 100,000×0.75) = 3,000,000; t = median =
///   2,000,000; potentials a 10×1/4 = 2.5 low → managed, b 10×2/4 = 5 high
///   → key, c 10×min(1, 3/4) = 7.5 high → target. The baseline: no events.
/// - c2 (author 2026-02-01, committer 2026-03-10): a's aspirational
///   2,500,000 (renewal lost: pipeline 0); t = median(2.5M, 2M, 3M) = 2.5M;
///   a 10×2.5/5 = 5 high → key (moved, edited); b 10×2/5 = 4 low → managed
///   (moved, threshold: b did not change); c 6 → target.
/// - c3 2026-05-20: config sets `potential.high_from: 2000000`: a 6.25 key,
///   b 5 → key (moved, config), c 7.5 target.
/// - c4 2026-07-01: c's big deal closes 2027-03-31 instead of 2026-12-31: a slip.
/// - 2026-07-20: a README outside the site: not analysed.
/// - c4b 2026-08-10: c's file has an error: its previous values stay (its
///   broken values would make it managed).
/// - c5 2026-09-15: c's deal closes 2027-06-30 (slip) and goes forecast →
///   pipeline (regression); potential value still 3,000,000.
/// - c6 2026-10-05: a's Bob neutral → good (relationship 8.75, still key);
///   a approved 2026-10-05.
/// - c7 2026-11-02: b gains a goal and an opportunity (potential value still
///   2,000,000); Delta added: relationship 2.5, potential value 0 → maintained.
fn scenario() -> Scenario {
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main"]);
    let mut hashes = std::collections::BTreeMap::new();
    write(root, "planfolio.yaml", "title: History test\ncurrency: GBP\n");
    write(root, "content/team/alex-king.md", "---\nname: Alex King\n---\n");
    write(root, "content/accounts/alpha.md", &plan("Alpha Ltd", ALPHA_C1));
    write(root, "content/accounts/bravo.md", &plan("Bravo plc", BRAVO_C1));
    write(
        root,
        "content/accounts/charlie.md",
        &plan("Charlie Co", &charlie("forecast", "2026-12-31")),
    );
    hashes.insert("c1", commit(root, "2026-01-15", "Initial portfolio"));
    write(root, "content/accounts/alpha.md", &plan("Alpha Ltd", ALPHA_C2));
    hashes.insert(
        "c2",
        commit_dated(root, "2026-02-01", "2026-03-10", "Alpha: raise the aspirational goal"),
    );
    write(
        root,
        "planfolio.yaml",
        "title: History test\ncurrency: GBP\nsegmentation:\n  potential: {high_from: 2000000}\n",
    );
    hashes.insert("c3", commit(root, "2026-05-20", "Config: fix the potential threshold"));
    write(
        root,
        "content/accounts/charlie.md",
        &plan("Charlie Co", &charlie("forecast", "2027-03-31")),
    );
    hashes.insert("c4", commit(root, "2026-07-01", "Charlie: big deal slips to March"));
    write(root, "README.md", "Our plans.\n");
    commit(root, "2026-07-20", "Readme");
    write(root, "content/accounts/charlie.md", &plan("Charlie Co", CHARLIE_BROKEN));
    hashes.insert("c4b", commit(root, "2026-08-10", "Charlie: work in progress"));
    write(
        root,
        "content/accounts/charlie.md",
        &plan("Charlie Co", &charlie("pipeline", "2027-06-30")),
    );
    hashes.insert("c5", commit(root, "2026-09-15", "Charlie: big deal slips again"));
    write(root, "content/accounts/alpha.md", &plan("Alpha Ltd", ALPHA_C6));
    hashes.insert("c6", commit(root, "2026-10-05", "Alpha: Bob warms up; approved"));
    write(root, "content/accounts/bravo.md", &plan("Bravo plc", BRAVO_C7));
    write(root, "content/accounts/delta.md", &plan("Delta GmbH", DELTA));
    hashes.insert(
        "c7",
        commit(root, "2026-11-02", "Bravo: new goal and opportunity; Delta added"),
    );
    Scenario { dir, hashes }
}

#[test]
fn portfolio_json_history_fields() {
    let s = scenario();
    let p = build(s.root());
    assert_eq!(
        p["moves"],
        json!([
            {"account": "alpha", "date": "2026-03-10", "commit": s.hash("c2"),
             "from": "managed", "to": "key", "cause": "edited"},
            {"account": "bravo", "date": "2026-03-10", "commit": s.hash("c2"),
             "from": "key", "to": "managed", "cause": "threshold"},
            {"account": "bravo", "date": "2026-05-20", "commit": s.hash("c3"),
             "from": "managed", "to": "key", "cause": "config"},
        ])
    );
    let slips = |id: &str| account(&p, id)["slips"].clone();
    assert_eq!(
        slips("alpha"),
        json!([]),
        "an earlier close and a lost deal are neither"
    );
    assert_eq!(slips("bravo"), json!([]));
    assert_eq!(
        slips("charlie"),
        json!([{"opportunity": "big-deal", "slips": 2, "regressions": 1,
                "closes": ["2026-12-31", "2027-03-31", "2027-06-30"]}])
    );
    assert_eq!(slips("delta"), json!([]));

    let since = |id: &str| account(&p, id)["relationship_since"].clone();
    assert_eq!(since("alpha"), json!({"bob": "2026-10-05"}));
    assert_eq!(since("bravo"), json!({}));
    assert_eq!(
        since("charlie"),
        json!({}),
        "the broken version's strong contact never counted"
    );
    assert_eq!(
        since("delta"),
        json!({"dan": "2026-11-02"}),
        "appeared with a relationship at c7"
    );

    let changed = |id: &str| account(&p, id)["changed_since_approval"].clone();
    // alpha: approved 2026-10-05, the plan at c6 (2026-10-05); no later change.
    assert_eq!(changed("alpha"), json!(false));
    // bravo: approved 2026-02-01, the plan at c1 (2026-01-15); c7 changed it.
    assert_eq!(changed("bravo"), json!(true));
    assert_eq!(changed("charlie"), Value::Null, "no approved date");
    assert_eq!(changed("delta"), Value::Null);
}

#[test]
fn library_history_details() {
    use planfolio::history::{Cause, Unavailable};
    use planfolio::model::Segment;
    let s = scenario();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let analysis = planfolio::pipeline::analyse(s.root(), today);
    let h = planfolio::history::collect(s.root(), &analysis, today);
    let timelines = h.timelines(&analysis);
    assert!(h.available);
    assert_eq!(h.unavailable, None::<Unavailable>);

    // The approval diff of bravo: the plan at c1 against now.
    let diff = h.account("bravo").approval_diff.as_ref().expect("bravo changed");
    assert_eq!(diff.commit, s.hash("c1"));
    assert_eq!(diff.date.to_string(), "2026-01-15");
    let added: Vec<(&str, &str)> = diff.added.iter().map(|i| (i.kind, i.id.as_str())).collect();
    assert_eq!(added, [("goal", "expand"), ("opportunity", "eu-pilot")]);
    assert!(diff.removed.is_empty());
    assert!(h.account("alpha").approval_diff.is_none());

    // The move by edit fell between the month ends of February and March:
    // dated 2026-03-10, and alpha's timeline turns key at the 2026-03 point.
    let alpha: Vec<(String, Segment)> = timelines["alpha"]
        .iter()
        .map(|p| (p.label.clone(), p.segment))
        .collect();
    assert_eq!(alpha[0], ("2026-01".to_string(), Segment::Managed));
    assert_eq!(alpha[1], ("2026-02".to_string(), Segment::Managed));
    assert_eq!(alpha[2], ("2026-03".to_string(), Segment::Key));
    assert_eq!(alpha.last().unwrap().0, "now");
    // bravo at month ends: key (Jan, Feb), managed (Mar, Apr), key from May.
    let bravo: Vec<Segment> = timelines["bravo"].iter().map(|p| p.segment).collect();
    use Segment::{Key, Managed};
    assert_eq!(bravo, [Key, Key, Managed, Managed, Key, Key, Key, Key, Key, Key, Key]);

    // The dashboard's list: the last 90 days (from 2026-08-25) have no move.
    assert!(h.recent_moves(today).is_empty());
    let moves: Vec<(&str, Cause)> = h.moves_of("bravo").map(|m| (m.explanation, m.cause)).collect();
    assert_eq!(
        moves,
        [
            ("no change to this plan; the portfolio median moved", Cause::Threshold),
            (
                "no change to this plan; the site config (planfolio.yaml) changed",
                Cause::Config
            )
        ]
    );
    // The dashboard panel: 2 or more slips or any regression.
    let deals: Vec<(&str, &str)> = h
        .slipping_deals()
        .into_iter()
        .map(|(a, s)| (a, s.opportunity.as_str()))
        .collect();
    assert_eq!(deals, [("charlie", "big-deal")]);
}

/// The log of the scenario, newest first, by hand.
fn expected_log(s: &Scenario) -> Vec<Value> {
    vec![
        json!({"commit": short(s.hash("c7")), "date": "2026-11-02",
               "subject": "Bravo: new goal and opportunity; Delta added",
               "events": [{"account": "delta", "name": "Delta GmbH", "kind": "added", "segment": "maintained"}]}),
        json!({"commit": short(s.hash("c6")), "date": "2026-10-05",
               "subject": "Alpha: Bob warms up; approved",
               "events": [
                   {"account": "alpha", "name": "Alpha Ltd", "kind": "approved", "from": null, "to": "2026-10-05"},
                   {"account": "alpha", "name": "Alpha Ltd", "kind": "relationship", "contact": "bob",
                    "from": "neutral", "to": "good"}]}),
        json!({"commit": short(s.hash("c5")), "date": "2026-09-15",
               "subject": "Charlie: big deal slips again",
               "events": [
                   {"account": "charlie", "name": "Charlie Co", "kind": "slip", "opportunity": "big-deal",
                    "from": "2027-03-31", "to": "2027-06-30"},
                   {"account": "charlie", "name": "Charlie Co", "kind": "regression", "opportunity": "big-deal",
                    "from": "forecast", "to": "pipeline"}]}),
        json!({"commit": short(s.hash("c4")), "date": "2026-07-01",
               "subject": "Charlie: big deal slips to March",
               "events": [{"account": "charlie", "name": "Charlie Co", "kind": "slip", "opportunity": "big-deal",
                           "from": "2026-12-31", "to": "2027-03-31"}]}),
        json!({"commit": short(s.hash("c3")), "date": "2026-05-20",
               "subject": "Config: fix the potential threshold",
               "events": [{"account": "bravo", "name": "Bravo plc", "kind": "move",
                           "from": "managed", "to": "key", "cause": "config",
                           // t: the median 2,500,000, then 2,000,000: 10×2/5 = 4 → 10×2/4 = 5.
                           "why": "potential 4.0 → 5.0: potential threshold £2.5M → £2M \
                                   (segmentation.potential.high_from in planfolio.yaml)"}]}),
        json!({"commit": short(s.hash("c2")), "date": "2026-03-10",
               "subject": "Alpha: raise the aspirational goal",
               "events": [
                   // 10×1/4 = 2.5 → 10×2.5/5 = 5; the renewal (50,000 secured) lost.
                   {"account": "alpha", "name": "Alpha Ltd", "kind": "move",
                    "from": "managed", "to": "key", "cause": "edited",
                    "why": "potential 2.5 → 5.0: weighted pipeline −£50K (renewal secured → lost), \
                            aspirational revenue goal £1M → £2.5M, median moved from £2M to £2.5M"},
                   // 10×2/4 = 5 → 10×2/5 = 4.
                   {"account": "bravo", "name": "Bravo plc", "kind": "move",
                    "from": "key", "to": "managed", "cause": "threshold",
                    "why": "potential 5.0 → 4.0: median moved from £2M to £2.5M"}]}),
    ]
}

#[test]
fn log_json_and_since() {
    let s = scenario();
    let all = expected_log(&s);
    assert_eq!(log_json(s.root(), &[]), json!({ "entries": all }));
    // After c5 (a revision): c6 and c7.
    assert_eq!(
        log_json(s.root(), &["--since", s.hash("c5")]),
        json!({ "entries": all[..2] })
    );
    // A symbolic revision works too: HEAD~1 is c6, so only c7 follows.
    assert_eq!(
        log_json(s.root(), &["--since", "HEAD~1"]),
        json!({ "entries": all[..1] })
    );
    // After 2026-07-01 (a date): c5, c6, c7, not c4 made on that day.
    assert_eq!(
        log_json(s.root(), &["--since", "2026-07-01"]),
        json!({ "entries": all[..3] })
    );
    // A revision that does not exist is a usage error.
    let o = planfolio(s.root(), &["log", "--since", "no-such-rev", "--today", TODAY]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("no-such-rev"), "{}", stderr(&o));
}

#[test]
fn log_markdown_reads_as_a_changelog() {
    let s = scenario();
    let o = planfolio(s.root(), &["log", "--today", TODAY, "--since", "2026-03-01"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let md = stdout(&o);
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines[0], "# Portfolio changes since 2026-03-01");
    assert_eq!(
        lines[2],
        "6 commits · 3 segment moves · 1 plan added · 2 slips · 1 regression · 1 relationship change · 1 approval"
    );
    // Newest first, one heading per commit.
    let headings: Vec<&str> = lines.iter().copied().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        headings,
        [
            format!(
                "## 2026-11-02 — Bravo: new goal and opportunity; Delta added (`{}`)",
                short(s.hash("c7"))
            ),
            format!(
                "## 2026-10-05 — Alpha: Bob warms up; approved (`{}`)",
                short(s.hash("c6"))
            ),
            format!(
                "## 2026-09-15 — Charlie: big deal slips again (`{}`)",
                short(s.hash("c5"))
            ),
            format!(
                "## 2026-07-01 — Charlie: big deal slips to March (`{}`)",
                short(s.hash("c4"))
            ),
            format!(
                "## 2026-05-20 — Config: fix the potential threshold (`{}`)",
                short(s.hash("c3"))
            ),
            format!(
                "## 2026-03-10 — Alpha: raise the aspirational goal (`{}`)",
                short(s.hash("c2"))
            ),
        ]
    );
    for line in [
        "- **Bravo plc** (`bravo`): segment **key → managed** (threshold: no change to this plan; the portfolio median \
         moved; potential 5.0 → 4.0: median moved from £2M to £2.5M)",
        "- **Alpha Ltd** (`alpha`): segment **managed → key** (edited; potential 2.5 → 5.0: weighted pipeline −£50K \
         (renewal secured → lost), aspirational revenue goal £1M → £2.5M, median moved from £2M to £2.5M)",
        "- **Charlie Co** (`charlie`): opportunity `big-deal` slipped: close date 2027-03-31 → 2027-06-30",
        "- **Charlie Co** (`charlie`): opportunity `big-deal` went back: stage forecast → pipeline",
        "- **Alpha Ltd** (`alpha`): contact `bob`: relationship neutral → good",
        "- **Alpha Ltd** (`alpha`): approved on 2026-10-05",
        "- **Delta GmbH** (`delta`): plan added (maintained)",
    ] {
        assert!(lines.contains(&line), "missing {line:?} in:\n{md}");
    }
}

/// Echo: one weak contact (2.5, low) and aspirational 1,500,000 against a
/// fixed threshold of 1,000,000 (potential 10 × 1.5/2 = 7.5, high): target.
const ECHO: &str = "\
status:
  approved: 2026-10-01
contacts:
  - id: eve
    name: Eve East
    relationship: weak
financials:
  revenue_goal: {minimum: 100000, just_right: 500000, aspirational: 1500000}
";

/// A repository whose one commit (2026-09-01) adds Echo AG, with a fixed
/// potential threshold.
fn echo_repo() -> TempDir {
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main"]);
    write(
        root,
        "planfolio.yaml",
        "segmentation:\n  potential: {high_from: 1000000}\n",
    );
    write(root, "content/team/alex-king.md", "---\nname: Alex King\n---\n");
    write(root, "content/accounts/echo.md", &plan("Echo AG", ECHO));
    commit(root, "2026-09-01", "Echo");
    dir
}

#[test]
fn the_working_tree_is_the_last_point_dated_today() {
    let dir = echo_repo();
    let root = dir.path();
    // Built clean: no point for the working tree, no event at the baseline.
    let p = build(root);
    assert_eq!(p["moves"], json!([]));
    assert_eq!(account(&p, "echo")["changed_since_approval"], json!(false));
    assert_eq!(log_json(root, &[]), json!({"entries": []}));

    // Eve strong (10, high): key, uncommitted.
    write(
        root,
        "content/accounts/echo.md",
        &plan("Echo AG", &ECHO.replace("weak", "strong")),
    );
    let p = build(root);
    assert_eq!(
        p["moves"],
        json!([{"account": "echo", "date": TODAY, "commit": "", "from": "target", "to": "key", "cause": "edited"}])
    );
    let echo = account(&p, "echo");
    // Approved 2026-10-01: the plan at the commit of 2026-09-01; the working
    // tree differs.
    assert_eq!(echo["changed_since_approval"], json!(true));
    assert_eq!(echo["relationship_since"], json!({"eve": TODAY}));
    assert_eq!(
        log_json(root, &[]),
        json!({"entries": [{"commit": "", "date": TODAY, "subject": "Uncommitted changes in the working tree",
            "events": [
                {"account": "echo", "name": "Echo AG", "kind": "move", "from": "target", "to": "key", "cause": "edited",
                 "why": "relationship 2.5 → 10.0: Eve East weak → strong"},
                {"account": "echo", "name": "Echo AG", "kind": "relationship", "contact": "eve", "from": "weak", "to": "strong"}]}]})
    );
    // After HEAD: only the working tree.
    assert_eq!(
        log_json(root, &["--since", "HEAD"])["entries"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn no_history_outside_git_or_outside_the_window() {
    // Outside git: empty fields, and `log` says why without failing.
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    write(root, "content/team/alex-king.md", "---\nname: Alex King\n---\n");
    write(root, "content/accounts/echo.md", &plan("Echo AG", ECHO));
    let p = build(root);
    assert_eq!(p["moves"], json!([]));
    let echo = account(&p, "echo");
    assert_eq!(echo["slips"], json!([]));
    assert_eq!(echo["relationship_since"], json!({}));
    assert_eq!(echo["changed_since_approval"], Value::Null);
    assert_eq!(log_json(root, &[]), json!({"entries": []}));
    let o = planfolio(root, &["log", "--today", TODAY]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("not in a git repository"), "{}", stdout(&o));

    // In git, with `history.months: 2`: the window starts 2026-09-23, after
    // both commits; nothing is analysed.
    git(root, &["init", "-q", "-b", "main"]);
    write(root, "planfolio.yaml", "history:\n  months: 2\n");
    commit(root, "2026-08-01", "Echo");
    write(
        root,
        "content/accounts/echo.md",
        &plan("Echo AG", &ECHO.replace("weak", "strong")),
    );
    commit(root, "2026-09-01", "Eve strong");
    let p = build(root);
    assert_eq!(p["moves"], json!([]));
    assert_eq!(account(&p, "echo")["changed_since_approval"], Value::Null);
    let o = planfolio(root, &["log", "--today", TODAY]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("no commit in the history window"), "{}", stdout(&o));
    // With the default 12 months every commit counts: the second moved Echo.
    write(root, "planfolio.yaml", "history:\n  months: 12\n");
    commit(root, TODAY, "Default window");
    let p = build(root);
    assert_eq!(p["moves"][0]["date"], "2026-09-01");
    assert_eq!(p["moves"][0]["cause"], "edited");
}

#[test]
fn history_months_is_checked() {
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    write(root, "planfolio.yaml", "history:\n  months: -1\n  mnths: 3\n");
    let o = planfolio(root, &["check", "--format", "json", "--today", TODAY]);
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    let report: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let codes: Vec<(&str, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(codes, [("invalid-value", 2), ("unknown-field", 3)]);
}

#[test]
fn a_merged_branch_counts_on_the_day_it_was_merged() {
    let dir = echo_repo();
    let root = dir.path();
    // On a branch, 2026-09-10: Eve strong, so Echo target → key (as above).
    git(root, &["checkout", "-q", "-b", "warm-up"]);
    write(
        root,
        "content/accounts/echo.md",
        &plan("Echo AG", &ECHO.replace("weak", "strong")),
    );
    commit(root, "2026-09-10", "Eve strong");
    git(root, &["checkout", "-q", "main"]);
    let out = common::git::git_command(root)
        .env("GIT_AUTHOR_DATE", "2026-09-20T12:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-09-20T12:00:00Z")
        .args(["merge", "-q", "--no-ff", "-m", "Merge warm-up", "warm-up"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let merge = git(root, &["rev-parse", "HEAD"]);
    // The first-parent line sees the change when the merge brings it.
    let p = build(root);
    assert_eq!(
        p["moves"],
        json!([{"account": "echo", "date": "2026-09-20", "commit": merge, "from": "target", "to": "key", "cause": "edited"}])
    );
    assert_eq!(account(&p, "echo")["last_updated"], "2026-09-20");
    assert_eq!(account(&p, "echo")["relationship_since"], json!({"eve": "2026-09-20"}));
}

#[test]
fn scores_use_converted_amounts_so_a_new_rate_is_a_config_move() {
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main"]);
    let strong = |aspirational: &str, currency: &str| {
        format!(
            "contacts:\n  - id: sam\n    name: Sam Stone\n    relationship: strong\nfinancials:\n  currency: {currency}\n  revenue_goal: {{minimum: 0, just_right: 0, aspirational: {aspirational}}}\n"
        )
    };
    write(root, "planfolio.yaml", "currency: GBP\n");
    write(root, "content/team/alex-king.md", "---\nname: Alex King\n---\n");
    write(root, "content/accounts/x.md", &plan("X Ltd", &strong("1000000", "GBP")));
    write(root, "content/accounts/y.md", &plan("Y SA", &strong("5000000", "EUR")));
    write(root, "content/accounts/z.md", &plan("Z Ltd", &strong("3000000", "GBP")));
    // Every relationship is 10 (high). Without a EUR rate, y counts its own
    // 5,000,000: t = median(1M, 5M, 3M) = 3M; x 10×1/6 = 1.67 → managed,
    // y 8.33 → key, z 5 → key.
    commit(root, "2026-06-01", "Three plans");
    // EUR at 0.1 GBP: y is worth 500,000; t = median(1M, 0.5M, 3M) = 1M;
    // x 10×1/2 = 5 → key, y 2.5 → managed, z 10 → key.
    write(root, "planfolio.yaml", "currency: GBP\nexchange_rates: {EUR: 0.1}\n");
    let c2 = commit(root, "2026-07-01", "EUR rate");
    let p = build(root);
    assert_eq!(p["potential_threshold"], json!(1000000.0));
    assert_eq!(
        p["moves"],
        json!([
            {"account": "x", "date": "2026-07-01", "commit": c2, "from": "managed", "to": "key", "cause": "config"},
            {"account": "y", "date": "2026-07-01", "commit": c2, "from": "key", "to": "managed", "cause": "config"},
        ])
    );
}

// ---------------------------------------------------------------------------
// What the pages show of the history

/// The built page at `rel`, with the entities Tera writes for `/` decoded.
fn page(site: &Path, rel: &str) -> String {
    std::fs::read_to_string(site.join(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
        .replace("&gt;", ">")
}

#[test]
fn pages_show_moves_with_their_cause_slips_approvals_and_relationship_dates() {
    let s = scenario();
    let out = TempDir::new().unwrap();
    let site = out.path().join("site");
    let o = planfolio(s.root(), &["build", "--today", TODAY, "--out", site.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "build failed: {}", stderr(&o));

    // bravo: its own moves, newest first, each with its cause; changed since
    // its approval (c7 added a goal and an opportunity).
    let bravo = page(&site, "accounts/bravo/index.html");
    let config = bravo.find("2026-05-20").expect("the config move is listed");
    let threshold = bravo.find("2026-03-10").expect("the threshold move is listed");
    assert!(config < threshold, "newest first");
    assert!(bravo.contains("threshold: no change to this plan; the portfolio median moved"));
    assert!(bravo.contains("config: no change to this plan; the site config (planfolio.yaml) changed"));
    // And why in numbers: 10×2/4 = 5 → 10×2/5 = 4 as the median went from 2,000,000 to 2,500,000.
    assert!(bravo.contains("<span class=\"move-why\">potential 5.0 → 4.0: median moved from £2M to £2.5M</span>"));
    // And why in numbers: 10×2/4 = 5 → 10×2/5 = 4 as the median went from 2,000,000 to 2,500,000.
    assert!(bravo.contains("<span class=\"move-why\">potential 5.0 → 4.0: median moved from £2M to £2.5M</span>"));
    assert!(bravo.contains("Changed since approval"));
    assert!(
        bravo.contains("href=\"#goal-expand\">Expand to Europe</a>"),
        "the added goal"
    );
    assert!(
        bravo.contains("href=\"#opportunity-eu-pilot\">EU pilot</a>"),
        "the added opportunity"
    );

    // alpha: approved and unchanged since; Bob's relationship dates from c6.
    let alpha = page(&site, "accounts/alpha/index.html");
    assert!(alpha.contains("Unchanged since its approval on 2026-10-05"));
    assert!(alpha.contains("relationship: good since 2026-10-05"));
    assert!(alpha.contains("edited: the plan was edited"), "alpha's own move at c2");

    // charlie: the big deal slipped twice and went down a stage once.
    let charlie = page(&site, "accounts/charlie/index.html");
    assert!(charlie.contains("slipped 2×") && charlie.contains("stage down 1×"));
    assert!(charlie.contains("2026-12-31 → 2027-03-31 → 2027-06-30"));

    // The dashboard's panel of deals that keep slipping links to the deal.
    let dashboard = page(&site, "index.html");
    assert!(dashboard.contains("Deals that keep slipping"));
    assert!(dashboard.contains("accounts/charlie/index.html#opportunity-big-deal"));

    // The attention page lists bravo, a key account, as changed since approval.
    let attention = page(&site, "attention/index.html");
    let section = &attention[attention.find("id=\"changed-since-approval\"").expect("section")..];
    let section = &section[..section.find("</section>").expect("end")];
    assert!(
        section.contains("Bravo plc") && !section.contains("Alpha Ltd"),
        "{section}"
    );
}

#[test]
fn pages_say_history_is_not_available_outside_git() {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "planfolio.yaml", "title: No git\n");
    write(dir.path(), "content/team/alex-king.md", "---\nname: Alex King\n---\n");
    write(dir.path(), "content/accounts/alpha.md", &plan("Alpha Ltd", ALPHA_C1));
    let out = TempDir::new().unwrap();
    let site = out.path().join("site");
    let o = planfolio(
        dir.path(),
        &["build", "--today", TODAY, "--out", site.to_str().unwrap()],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    // Said once, with the reason (it used to be said twice).
    for p in ["index.html", "accounts/alpha/index.html"] {
        let html = page(&site, p);
        assert_eq!(html.matches("History is not available").count(), 1, "{p}");
        assert!(html.contains("the site is not in a git repository."), "{p}");
    }
}

/// A site's own history section reads the same history as the built-in
/// one: its moves with their cause and whether it changed since approval.
#[test]
fn a_sites_own_history_section_reads_the_moves() {
    let s = scenario();
    write(
        s.root(),
        "theme/templates/plan/history.html",
        "<ol id=\"own-history\">{% for m in git.moves %}<li>{{ m.date }} {{ m.cause }}</li>{% endfor %}</ol>\
         <p id=\"own-approval\">{{ git.changed_since_approval }}</p>",
    );
    let out = TempDir::new().unwrap();
    let site = out.path().join("site");
    let o = planfolio(s.root(), &["build", "--today", TODAY, "--out", site.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "build failed: {}", stderr(&o));
    // bravo moved at the config change and at the threshold commit, newest
    // first, and changed after its approval (the scenario's c7).
    let bravo = page(&site, "accounts/bravo/index.html");
    let own = &bravo[bravo.find("<ol id=\"own-history\">").expect("the site's section")..];
    let own = &own[..own.find("</ol>").expect("its end")];
    assert_eq!(
        own,
        "<ol id=\"own-history\"><li>2026-05-20 config</li><li>2026-03-10 threshold</li>"
    );
    assert!(bravo.contains("<p id=\"own-approval\">true</p>"));
    // The built-in section is replaced, the others stay.
    assert!(!bravo.contains("id=\"section-history\""));
    assert!(bravo.contains("id=\"section-goals\""));
}

/// Echo's plan for the move scenario: Eve at `relationship`, the big deal at
/// `close`, aspirational `aspirational`; approved 2026-04-15.
fn echo_moving(relationship: &str, close: &str, aspirational: &str) -> String {
    plan(
        "Echo AG",
        &format!(
            "\
status:
  approved: 2026-04-15
contacts:
  - id: eve
    name: Eve East
    relationship: {relationship}
financials:
  revenue_goal: {{minimum: 100000, just_right: 500000, aspirational: {aspirational}}}
opportunities:
  - id: big
    name: Big deal
    stage: forecast
    value: 100000
    close: {close}
"
        ),
    )
}

/// Moves a file inside the site (creating the folder it goes to).
fn move_file(root: &Path, from: &str, to: &str) {
    let to = root.join(to);
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::rename(root.join(from), to).unwrap();
}

/// A plan keeps its id when its file moves into a sub-folder of
/// content/accounts/, and so keeps its history: no "removed"/"added", its
/// relationship dates and slips carry on, and edits after the move count.
///
/// Threshold fixed at 1,000,000; Echo's one contact is its relationship
/// (weak 2.5 low, good 7.5 high); potential 10 × aspirational / 2,000,000
/// (1,500,000: 7.5 high; 800,000: 4 low).
///
/// - c1 2026-03-02: weak, 1.5M: target (the baseline).
/// - c2 2026-04-01: Eve good → key (edited); the big deal slips to 2027-03-31.
/// - c3 2026-05-04: echo.md → eu/echo.md as it was: no event at all.
/// - c4 2026-06-01: eu/echo.md → de/echo.md (which sorts before it) and the
///   deal slips again, to 2027-06-30, in the same commit: one slip.
/// - c5 2026-07-01: aspirational 800,000: key → managed (edited).
#[test]
fn a_plan_moved_into_a_sub_folder_keeps_its_history() {
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main"]);
    write(
        root,
        "planfolio.yaml",
        "segmentation:\n  potential: {high_from: 1000000}\n",
    );
    write(root, "content/team/alex-king.md", "---\nname: Alex King\n---\n");
    write(
        root,
        "content/accounts/echo.md",
        &echo_moving("weak", "2026-12-31", "1500000"),
    );
    commit(root, "2026-03-02", "Echo");
    write(
        root,
        "content/accounts/echo.md",
        &echo_moving("good", "2027-03-31", "1500000"),
    );
    let c2 = commit(root, "2026-04-01", "Echo: Eve warms up; the deal slips");
    move_file(root, "content/accounts/echo.md", "content/accounts/eu/echo.md");
    commit(root, "2026-05-04", "Echo moves to eu/");
    move_file(root, "content/accounts/eu/echo.md", "content/accounts/de/echo.md");
    write(
        root,
        "content/accounts/de/echo.md",
        &echo_moving("good", "2027-06-30", "1500000"),
    );
    let c4 = commit(root, "2026-06-01", "Echo moves to de/ and slips");
    write(
        root,
        "content/accounts/de/echo.md",
        &echo_moving("good", "2027-06-30", "800000"),
    );
    let c5 = commit(root, "2026-07-01", "Echo: lower the aspirational goal");

    let move_event = |from: &str, to: &str, why: &str| json!({"account": "echo", "name": "Echo AG", "kind": "move", "from": from, "to": to, "cause": "edited", "why": why});
    let slip = |from: &str, to: &str| json!({"account": "echo", "name": "Echo AG", "kind": "slip", "opportunity": "big", "from": from, "to": to});
    let expected = json!({"entries": [
        {"commit": short(&c5), "date": "2026-07-01", "subject": "Echo: lower the aspirational goal",
         "events": [move_event("key", "managed", "potential 7.5 → 4.0: aspirational revenue goal £1.5M → £800K")]},
        {"commit": short(&c4), "date": "2026-06-01", "subject": "Echo moves to de/ and slips",
         "events": [slip("2027-03-31", "2027-06-30")]},
        {"commit": short(&c2), "date": "2026-04-01", "subject": "Echo: Eve warms up; the deal slips",
         "events": [
            move_event("target", "key", "relationship 2.5 → 7.5: Eve East weak → good"),
            {"account": "echo", "name": "Echo AG", "kind": "relationship", "contact": "eve", "from": "weak", "to": "good"},
            slip("2026-12-31", "2027-03-31")]},
    ]});
    assert_eq!(log_json(root, &[]), expected);

    let p = build(root);
    assert_eq!(
        p["moves"],
        json!([
            {"account": "echo", "date": "2026-04-01", "commit": c2, "from": "target", "to": "key", "cause": "edited"},
            {"account": "echo", "date": "2026-07-01", "commit": c5, "from": "key", "to": "managed", "cause": "edited"},
        ])
    );
    let echo = account(&p, "echo");
    assert_eq!(echo["relationship_since"], json!({"eve": "2026-04-01"}));
    assert_eq!(
        echo["slips"],
        json!([{"opportunity": "big", "slips": 2, "regressions": 0,
                "closes": ["2026-12-31", "2027-03-31", "2027-06-30"]}])
    );
    // Approved 2026-04-15, that is as at c2; c4 and c5 changed it since.
    assert_eq!(echo["changed_since_approval"], json!(true));
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let h = planfolio::history::collect(root, &planfolio::pipeline::analyse(root, today), today);
    let diff = h
        .account("echo")
        .approval_diff
        .as_ref()
        .expect("changed since approval");
    assert_eq!(diff.commit, c2);
    // The plan as approved is found under its old path: same items.
    assert!(diff.added.is_empty() && diff.removed.is_empty(), "{diff:?}");

    // Moved again in the working tree (not committed): still no event.
    git(root, &["mv", "content/accounts/de/echo.md", "content/accounts/echo.md"]);
    assert_eq!(log_json(root, &[]), expected);
    assert_eq!(build(root)["moves"], p["moves"]);
}

/// A moved plan that was approved and only moved since is unchanged since
/// its approval.
#[test]
fn a_plan_only_moved_since_its_approval_is_unchanged() {
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main"]);
    write(root, "content/team/alex-king.md", "---\nname: Alex King\n---\n");
    write(
        root,
        "content/accounts/echo.md",
        &echo_moving("weak", "2026-12-31", "1500000"),
    );
    commit(root, "2026-03-02", "Echo");
    move_file(root, "content/accounts/echo.md", "content/accounts/eu/echo.md");
    commit(root, "2026-05-04", "Echo moves to eu/");
    assert_eq!(account(&build(root), "echo")["changed_since_approval"], json!(false));
    assert_eq!(log_json(root, &[]), json!({"entries": []}));
}

/// A commit dated after `--today` (a skewed clock, or a pinned date in CI)
/// is a commit of HEAD: it is analysed with its own date, and a clean tree
/// has no working-tree point, as `diff HEAD` agrees.
#[test]
fn a_commit_dated_after_today_is_a_commit_not_the_working_tree() {
    let dir = echo_repo();
    let root = dir.path();
    // Eve strong (10, high): target → key, in a commit dated after TODAY.
    write(
        root,
        "content/accounts/echo.md",
        &plan("Echo AG", &ECHO.replace("weak", "strong")),
    );
    let c2 = commit(root, "2026-12-15", "Eve strong");

    assert_eq!(
        log_json(root, &[]),
        json!({"entries": [{"commit": short(&c2), "date": "2026-12-15", "subject": "Eve strong",
            "events": [
                {"account": "echo", "name": "Echo AG", "kind": "move", "from": "target", "to": "key", "cause": "edited",
                 "why": "relationship 2.5 → 10.0: Eve East weak → strong"},
                {"account": "echo", "name": "Echo AG", "kind": "relationship", "contact": "eve", "from": "weak", "to": "strong"}]}]})
    );
    let o = planfolio(root, &["log", "--today", TODAY]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(!stdout(&o).contains("Uncommitted"), "{}", stdout(&o));
    let o = planfolio(root, &["diff", "HEAD", "--today", TODAY]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), "No portfolio changes since HEAD.\n");
    assert_eq!(
        build(root)["moves"],
        json!([{"account": "echo", "date": "2026-12-15", "commit": c2, "from": "target", "to": "key", "cause": "edited"}])
    );
}
