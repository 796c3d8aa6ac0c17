//! The real binary on temporary sites: exit codes, output formats, dates,
//! `init`, `new account` and `schema` (SPEC §5.5, §7, §8).

use crate::common;
use common::{code, stderr, stdout, write};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tempfile::TempDir;

/// 2026-11-23T12:00:00Z. Days 1970-01-01..2026-01-01: 56*365 + 14 leap days
/// (1972..2024) = 20454; + 304 (Jan..Oct) + 22 = 20780 days;
/// 20780 * 86400 + 43200 = 1795392000 + 43200.
const EPOCH_2026_11_23: &str = "1795435200";
/// 2027-06-01T12:00:00Z. Days to 2027-01-01: 57*365 + 14 = 20819;
/// + 151 (31+28+31+30+31) = 20970 days; 20970 * 86400 + 43200 = 1811808000 + 43200.
const EPOCH_2027_06_01: &str = "1811851200";

/// The SPEC §7 error codes; every other code is a warning.
const ERROR_CODES: &[&str] = &[
    "unreadable-file",
    "missing-front-matter",
    "yaml-syntax",
    "unknown-field",
    "missing-field",
    "invalid-value",
    "duplicate-id",
    "unknown-reference",
    "reference-cycle",
    "revenue-goal-order",
];
const WARNING_CODES: &[&str] = &[
    "stale-review",
    "overdue-action",
    "goal-not-smart",
    "orphan-goal",
    "unlinked-objective",
    "ambition-gap",
    "detractor-stage",
    "single-threaded",
    "incomplete-plan",
    "owner-overload",
    "segment-override",
    "mixed-currency",
    "poor-health",
    "goal-off-track",
    "blocked-action",
    "competitor-ahead",
    "inflated-potential",
    "no-sponsor",
];

/// The binary, with no SOURCE_DATE_EPOCH or NO_COLOR from the caller.
fn planfolio() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_planfolio"));
    c.env_remove("SOURCE_DATE_EPOCH").env_remove("NO_COLOR");
    c
}

fn run(args: &[&str]) -> Output {
    planfolio().args(args).output().expect("run planfolio")
}

fn run_env(args: &[&str], key: &str, value: &str) -> Output {
    planfolio().args(args).env(key, value).output().expect("run planfolio")
}

fn root_arg(dir: &TempDir) -> String {
    dir.path().to_str().unwrap().to_string()
}

/// A complete key plan (SPEC §5.4: all 12 requirements) with nothing to warn
/// about on 2026-11-23, reviewed on `last_review`.
fn clean_plan(last_review: &str) -> String {
    format!(
        "---
name: Acme Corp
owner: alex-king
sponsor: alex-king
status:
  last_review: {last_review}
  value_proposition: Less downtime
objectives:
  - id: uptime
    title: Raise uptime
    goals: [pilot]
goals:
  - id: pilot
    title: Run a pilot
    measure: Signed pilot
    due: 2027-03-31
contacts:
  - name: Dee Decider
    role: decision-maker
    relationship: strong
  - name: Sue Supporter
    role: supporter
    relationship: good
  - name: Ian Influencer
    role: influencer
    relationship: good
competitors:
  - id: rigwise
    name: RigWise
proposition:
  offer: Fewer stoppages
financials:
  revenue_goal:
    minimum: 100
    just_right: 200
    aspirational: 300
actions:
  - title: Send proposal
    owner: alex-king
    goals: [pilot]
    due: 2027-01-15
---
Body.
"
    )
}

/// A site with one clean plan reviewed on `last_review`.
fn clean_site_reviewed(last_review: &str) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "content/team/alex-king.md", "---\nname: Alex King\n---\n");
    write(dir.path(), "content/accounts/acme.md", &clean_plan(last_review));
    dir
}

fn clean_site() -> TempDir {
    clean_site_reviewed("2026-11-01")
}

/// A broken plan; line numbers count from the opening `---` (line 1).
const BROKEN: &str = "---
name: Broken Ltd
owner: alex-king
industy: Oil
status:
  last_review: 2026-01-01
contacts:
  - name: Solo
    relationship: wek
---
Body.
";
// line 4: `industy` -> unknown-field at 4:1 (hint: industry)
// line 6: last_review 2026-01-01 is > 90 days before 2026-11-23 -> stale-review
// line 9: `wek` -> invalid-value; the value starts at column 4 + 14 + 1 = 19

/// The clean site plus `broken.md`: errors and warnings in two files.
fn broken_site() -> TempDir {
    let dir = clean_site();
    write(dir.path(), "content/accounts/broken.md", BROKEN);
    dir
}

fn check_json(dir: &TempDir, extra: &[&str]) -> (i32, Value) {
    let root = root_arg(dir);
    let mut args = vec!["--root", &root, "check", "--format", "json"];
    args.extend_from_slice(extra);
    let o = run(&args);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(&o)));
    (code(&o), v)
}

fn diags(v: &Value) -> &Vec<Value> {
    v["diagnostics"].as_array().expect("diagnostics array")
}

fn codes(v: &Value) -> Vec<String> {
    diags(v)
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

// ---------------------------------------------------------------- exit codes

#[test]
fn clean_site_exits_zero_without_diagnostics() {
    let dir = clean_site();
    let o = run(&["--root", &root_arg(&dir), "check", "--today", "2026-11-23"]);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    let (c, v) = check_json(&dir, &["--today", "2026-11-23", "--deny-warnings"]);
    assert_eq!(c, 0);
    assert_eq!(v["errors"], 0);
    assert_eq!(v["warnings"], 0);
    assert!(diags(&v).is_empty(), "{v:#}");
}

#[test]
fn counts_of_one_read_in_the_singular() {
    let dir = clean_site_reviewed("2026-01-01");
    let o = planfolio()
        .args(["--root", &root_arg(&dir), "build", "--today", "2026-11-23"])
        .output()
        .expect("run build");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    // One plan and one warning (the plan is stale).
    assert!(out.contains("Built 1 plan, "), "{out}");
    assert!(out.contains("(1 warning: run `planfolio check`)"), "{out}");
    let o = planfolio()
        .args(["--root", &root_arg(&dir), "check", "--today", "2026-11-23"])
        .output()
        .expect("run check");
    assert!(stdout(&o).contains("checked 1 plan, 1 warning"), "{}", stdout(&o));
}

#[test]
fn init_in_the_current_folder_says_what_to_run_next_without_cd() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = planfolio()
        .current_dir(dir.path())
        .args(["init", "--install-from", "registry"])
        .output()
        .expect("run init");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Next: planfolio check"), "{out}");
    assert!(!out.contains("cd ."), "{out}");
}

#[test]
fn errors_exit_one() {
    let dir = broken_site();
    let o = run(&["--root", &root_arg(&dir), "check", "--today", "2026-11-23"]);
    assert_eq!(code(&o), 1, "{}", stdout(&o));
}

#[test]
fn warnings_only_exit_zero_but_one_under_deny_warnings() {
    // reviewed 2026-08-01: 30 (Aug 1..31) + 30 + 31 + 23 = 114 days > 90 -> stale
    let dir = clean_site_reviewed("2026-08-01");
    let root = root_arg(&dir);
    let o = run(&["--root", &root, "check", "--today", "2026-11-23"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let (c, v) = check_json(&dir, &["--today", "2026-11-23"]);
    assert_eq!(c, 0);
    assert_eq!(v["errors"], 0);
    assert_eq!(v["warnings"], 1);
    assert_eq!(codes(&v), ["stale-review"]);
    let o = run(&["--root", &root, "check", "--deny-warnings", "--today", "2026-11-23"]);
    assert_eq!(code(&o), 1, "{}", stdout(&o));
}

#[test]
fn missing_root_exits_two() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-site");
    let o = run(&["--root", missing.to_str().unwrap(), "check", "--today", "2026-11-23"]);
    assert_eq!(code(&o), 2);
    assert!(!stderr(&o).trim().is_empty());
}

#[test]
fn bad_usage_exits_two() {
    let dir = clean_site();
    let root = root_arg(&dir);
    for args in [
        vec!["--root", &root, "check", "--no-such-flag"],
        vec!["--root", &root, "check", "--format", "xml"],
        vec!["--root", &root, "no-such-command"],
        vec!["--root", &root],
    ] {
        let o = run(&args);
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).trim().is_empty(), "{args:?}");
    }
}

#[test]
fn bad_today_exits_two() {
    let dir = clean_site();
    let root = root_arg(&dir);
    for bad in ["2026-13-01", "2026-02-30", "yesterday", "23/11/2026", ""] {
        let o = run(&["--root", &root, "check", "--today", bad]);
        assert_eq!(code(&o), 2, "--today {bad:?}: {}", stdout(&o));
    }
}

// ---------------------------------------------------------------- json

#[test]
fn json_output_has_spec_shape_and_order() {
    let dir = broken_site();
    let (c, v) = check_json(&dir, &["--today", "2026-11-23"]);
    assert_eq!(c, 1);
    let top: Vec<&str> = {
        let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        k.sort();
        k
    };
    assert_eq!(top, ["diagnostics", "errors", "warnings"]);
    let list = diags(&v);
    assert!(!list.is_empty());
    let mut errors = 0;
    let mut warnings = 0;
    for d in list {
        let mut keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(
            keys,
            ["code", "column", "file", "hint", "line", "message", "severity"],
            "{d}"
        );
        let code = d["code"].as_str().unwrap();
        let severity = d["severity"].as_str().unwrap();
        match severity {
            "error" => {
                errors += 1;
                assert!(ERROR_CODES.contains(&code), "{code} is not an error code");
            }
            "warning" => {
                warnings += 1;
                assert!(WARNING_CODES.contains(&code), "{code} is not a warning code");
            }
            other => panic!("bad severity {other}"),
        }
        assert!(d["file"].is_string());
        assert!(d["line"].as_u64().unwrap() >= 1);
        assert!(d["column"].as_u64().unwrap() >= 1);
        assert!(!d["message"].as_str().unwrap().is_empty());
        assert!(d["hint"].is_null() || d["hint"].is_string());
        assert!(!d["file"].as_str().unwrap().contains('\\'));
    }
    assert_eq!(v["errors"], errors);
    assert_eq!(v["warnings"], warnings);
    // sorted by file, line, column, code
    let keys: Vec<(String, u64, u64, String)> = list
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);

    // the diagnostics we planted (see BROKEN)
    let find = |code: &str| {
        list.iter()
            .find(|d| d["code"] == code && d["file"] == "content/accounts/broken.md")
            .unwrap_or_else(|| panic!("no {code} in {v:#}"))
    };
    let unknown = find("unknown-field");
    assert_eq!(unknown["severity"], "error");
    assert_eq!(unknown["line"], 4);
    assert_eq!(unknown["column"], 1);
    assert!(unknown["hint"].as_str().unwrap().contains("industry"));
    let invalid = find("invalid-value");
    assert_eq!(invalid["severity"], "error");
    assert_eq!(invalid["line"], 9);
    // points at the key (column 5) or the value (column 19)
    let col = invalid["column"].as_u64().unwrap();
    assert!(col == 5 || col == 19, "column {col}");
    let hint = invalid["hint"].as_str().unwrap();
    assert!(hint.contains("strong") && hint.contains("poor"), "{hint}");
    let stale = find("stale-review");
    assert_eq!(stale["severity"], "warning");
    assert_eq!(stale["line"], 6);
    // two planted errors, nothing in the clean plan
    assert_eq!(v["errors"], 2);
    assert!(list.iter().all(|d| d["file"] == "content/accounts/broken.md"));
}

#[test]
fn json_output_spans_files_in_path_order() {
    let dir = broken_site();
    // an error in a team file and in the config, too
    write(
        dir.path(),
        "content/team/zoe.md",
        "---\nname: Zoe\nmanager: nobody-here\n---\n",
    );
    write(dir.path(), "planfolio.yaml", "titel: Oops\n");
    let (c, v) = check_json(&dir, &["--today", "2026-11-23"]);
    assert_eq!(c, 1);
    let files: Vec<&str> = diags(&v).iter().map(|d| d["file"].as_str().unwrap()).collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted);
    assert!(files.contains(&"planfolio.yaml"), "{files:?}");
    assert!(files.contains(&"content/team/zoe.md"), "{files:?}");
    let zoe = diags(&v).iter().find(|d| d["file"] == "content/team/zoe.md").unwrap();
    assert_eq!(zoe["code"], "unknown-reference");
    assert_eq!(zoe["line"], 3);
    let cfg = diags(&v).iter().find(|d| d["file"] == "planfolio.yaml").unwrap();
    assert_eq!(cfg["code"], "unknown-field");
    assert_eq!(cfg["line"], 1);
    assert_eq!(cfg["column"], 1);
}

// ---------------------------------------------------------------- github

#[test]
fn github_format_is_one_workflow_command_per_diagnostic() {
    let dir = broken_site();
    let root = root_arg(&dir);
    let o = run(&["--root", &root, "check", "--format", "github", "--today", "2026-11-23"]);
    assert_eq!(code(&o), 1);
    let (_, v) = check_json(&dir, &["--today", "2026-11-23"]);
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), diags(&v).len(), "{text}");
    for (line, d) in lines.iter().zip(diags(&v)) {
        let severity = d["severity"].as_str().unwrap();
        let expected_head = format!(
            "::{severity} file={},line={},col={},title={}::",
            d["file"].as_str().unwrap(),
            d["line"],
            d["column"],
            d["code"].as_str().unwrap()
        );
        assert!(
            line.starts_with(&expected_head),
            "{line:?} does not start with {expected_head:?}"
        );
        let message = &line[expected_head.len()..];
        assert_eq!(message, d["message"].as_str().unwrap());
    }
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("::error file=content/accounts/broken.md,line=4,col=1,title=unknown-field::"))
    );
    assert!(lines.iter().any(|l| l.starts_with("::warning ")));
}

#[test]
fn github_format_escapes_workflow_command_data() {
    // GitHub workflow commands need `%`, CR and LF escaped in the message
    let dir = clean_site();
    write(
        dir.path(),
        "content/accounts/pct.md",
        "---\nname: Pct\nowner: alex-king\n\"50%off\": 1\n---\n",
    );
    let o = run(&[
        "--root",
        &root_arg(&dir),
        "check",
        "--format",
        "github",
        "--today",
        "2026-11-23",
    ]);
    assert_eq!(code(&o), 1);
    let text = stdout(&o);
    let line = text
        .lines()
        .find(|l| l.contains("title=unknown-field::"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        line.starts_with("::error file=content/accounts/pct.md,line=4,col=1,title=unknown-field::"),
        "{line}"
    );
    let message = line.split_once("::").unwrap().1.split_once("::").unwrap().1;
    assert!(message.contains("50%25off"), "{message}");
    assert!(!message.contains("50%off"), "{message}");
}

// ---------------------------------------------------------------- human

#[test]
fn human_format_is_rustc_like_without_colour_when_piped() {
    let dir = broken_site();
    let o = run(&["--root", &root_arg(&dir), "check", "--today", "2026-11-23"]);
    assert_eq!(code(&o), 1);
    let text = stdout(&o);
    assert!(!text.contains('\x1b'), "ANSI escapes in piped output");
    assert!(text.contains("error[unknown-field]: "), "{text}");
    assert!(text.contains("warning[stale-review]: "), "{text}");
    assert!(text.contains("--> content/accounts/broken.md:4:1"), "{text}");
    assert!(text.contains("= help:"), "{text}");
    // the source line, then a caret under the offending key
    let lines: Vec<&str> = text.lines().collect();
    let src = lines
        .iter()
        .position(|l| l.ends_with("industy: Oil"))
        .unwrap_or_else(|| panic!("no source line in {text}"));
    let key_at = lines[src].find("industy").unwrap();
    let caret_line = lines[src + 1];
    assert_eq!(caret_line.find('^'), Some(key_at), "{caret_line:?}");
    // `industy` is 7 characters long
    assert!(caret_line[key_at..].starts_with("^^^^^^^"), "{caret_line:?}");
    // the final summary line counts the 2 errors
    let last = lines.iter().rev().find(|l| !l.trim().is_empty()).unwrap();
    assert!(last.contains("2 error"), "summary: {last:?}");
}

#[test]
fn human_format_summary_on_clean_site() {
    let dir = clean_site();
    let o = run(&["--root", &root_arg(&dir), "check", "--today", "2026-11-23"]);
    assert_eq!(code(&o), 0);
    let text = stdout(&o);
    assert!(!text.contains('\x1b'));
    assert!(!text.contains("error["));
    assert!(!text.contains("warning["));
    assert_eq!(
        text.lines().filter(|l| !l.trim().is_empty()).count(),
        1,
        "only a summary line expected: {text}"
    );
}

// ---------------------------------------------------------------- dates

#[test]
fn source_date_epoch_sets_today() {
    // reviewed 2026-11-01; SOURCE_DATE_EPOCH = 2027-06-01:
    // 29 (Nov 1..30) + 1 + 31 + 31 + 28 + 31 + 30 + 31 = 212 days > 90 -> stale
    let dir = clean_site();
    let root = root_arg(&dir);
    let o = run_env(
        &["--root", &root, "check", "--format", "json"],
        "SOURCE_DATE_EPOCH",
        EPOCH_2027_06_01,
    );
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(code(&o), 0, "warnings only");
    let stale = diags(&v)
        .iter()
        .find(|d| d["code"] == "stale-review")
        .unwrap_or_else(|| panic!("no stale-review in {v:#}"));
    assert!(stale["message"].as_str().unwrap().contains("212"), "{stale}");
    // the action due 2027-01-15 is overdue by then, too
    assert!(codes(&v).contains(&"overdue-action".to_string()));

    // SOURCE_DATE_EPOCH = 2026-11-23: 22 days -> fresh, nothing to report
    let o = run_env(
        &["--root", &root, "check", "--format", "json"],
        "SOURCE_DATE_EPOCH",
        EPOCH_2026_11_23,
    );
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(code(&o), 0);
    assert!(diags(&v).is_empty(), "{v:#}");
}

#[test]
fn today_flag_wins_over_source_date_epoch() {
    let dir = clean_site();
    let root = root_arg(&dir);
    // env says 2027-06-01 (stale), flag says 2026-11-23 (fresh): flag wins
    let o = run_env(
        &["--root", &root, "check", "--format", "json", "--today", "2026-11-23"],
        "SOURCE_DATE_EPOCH",
        EPOCH_2027_06_01,
    );
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(diags(&v).is_empty(), "{v:#}");
    // env says 2026-11-23 (fresh), flag says 2027-06-01 (stale): flag wins
    let o = run_env(
        &["--root", &root, "check", "--format", "json", "--today", "2027-06-01"],
        "SOURCE_DATE_EPOCH",
        EPOCH_2026_11_23,
    );
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(codes(&v).contains(&"stale-review".to_string()), "{v:#}");
}

#[test]
fn bad_source_date_epoch_exits_two_unless_today_given() {
    let dir = clean_site();
    let root = root_arg(&dir);
    let o = run_env(&["--root", &root, "check"], "SOURCE_DATE_EPOCH", "not-a-number");
    assert_eq!(code(&o), 2, "{}", stdout(&o));
    // --today is used first, so the bad variable does not matter
    let o = run_env(
        &["--root", &root, "check", "--today", "2026-11-23"],
        "SOURCE_DATE_EPOCH",
        "not-a-number",
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}

// ---------------------------------------------------------------- init / new

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn init_creates_a_clean_site_and_refuses_to_overwrite() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let site_s = site.to_str().unwrap();
    let o = run_env(&["init", site_s], "SOURCE_DATE_EPOCH", EPOCH_2026_11_23);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(site.join("planfolio.yaml").is_file());
    assert!(std::fs::read_dir(site.join("content/accounts")).unwrap().count() >= 1);
    assert!(std::fs::read_dir(site.join("content/team")).unwrap().count() >= 1);

    // checked the same day and with the default "today" of the env var
    for extra in [vec!["--today", "2026-11-23"], vec![]] {
        let mut args = vec!["--root", site_s, "check", "--format", "json", "--deny-warnings"];
        args.extend(extra);
        let o = run_env(&args, "SOURCE_DATE_EPOCH", EPOCH_2026_11_23);
        let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
        assert_eq!(v["errors"], 0, "{v:#}");
        assert_eq!(v["warnings"], 0, "{v:#}");
        assert_eq!(code(&o), 0);
    }

    // a second init must not touch the existing site
    let before: Vec<(PathBuf, Vec<u8>)> = files_under(&site)
        .into_iter()
        .map(|p| {
            let b = std::fs::read(&p).unwrap();
            (p, b)
        })
        .collect();
    std::fs::write(site.join("planfolio.yaml"), "title: Mine\n").unwrap();
    let o = run_env(&["init", site_s], "SOURCE_DATE_EPOCH", EPOCH_2027_06_01);
    assert_eq!(code(&o), 2);
    assert!(!stderr(&o).trim().is_empty());
    assert_eq!(
        std::fs::read_to_string(site.join("planfolio.yaml")).unwrap(),
        "title: Mine\n"
    );
    let after = files_under(&site);
    assert_eq!(after, before.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>());
    for (p, bytes) in &before {
        if !p.ends_with("planfolio.yaml") {
            assert_eq!(&std::fs::read(p).unwrap(), bytes, "{}", p.display());
        }
    }
}

#[test]
fn init_uses_root_when_no_dir_given() {
    let tmp = tempfile::tempdir().unwrap();
    let o = run_env(
        &["--root", &root_arg(&tmp), "init"],
        "SOURCE_DATE_EPOCH",
        EPOCH_2026_11_23,
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(tmp.path().join("planfolio.yaml").is_file());
}

#[test]
fn new_account_creates_a_checkable_plan_and_refuses_to_overwrite() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let site_s = site.to_str().unwrap();
    let o = run_env(&["init", site_s], "SOURCE_DATE_EPOCH", EPOCH_2026_11_23);
    assert_eq!(code(&o), 0);

    let new = [
        "--root",
        site_s,
        "new",
        "account",
        "Deepwell Solutions",
        "--owner",
        "alex-king",
    ];
    let o = run_env(&new, "SOURCE_DATE_EPOCH", EPOCH_2026_11_23);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let path = site.join("content/accounts/deepwell-solutions.md");
    assert!(path.is_file());

    let o = run(&["--root", site_s, "check", "--format", "json", "--today", "2026-11-23"]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["errors"], 0, "{v:#}");
    assert_eq!(code(&o), 0);

    // the plan carries the name and owner it was created with
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let a = planfolio::pipeline::analyse(&site, today);
    let plan = a
        .site
        .plans
        .iter()
        .find(|p| p.id == "deepwell-solutions")
        .expect("new plan loaded");
    assert_eq!(plan.name, "Deepwell Solutions");
    assert_eq!(plan.owner.as_ref().unwrap().value, "alex-king");

    // a second `new` must not overwrite the edited plan
    let edited = std::fs::read_to_string(&path).unwrap() + "\nMy notes.\n";
    std::fs::write(&path, &edited).unwrap();
    let o = run_env(&new, "SOURCE_DATE_EPOCH", EPOCH_2026_11_23);
    assert_eq!(code(&o), 2);
    assert!(!stderr(&o).trim().is_empty());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);
}

// ---------------------------------------------------------------- schema

#[test]
fn schema_is_closed_json_schema_with_every_plan_key() {
    let o = run(&["schema"]);
    assert_eq!(code(&o), 0);
    let v: Value = serde_json::from_str(&stdout(&o)).expect("schema is JSON");
    assert!(v["$schema"].is_string(), "{v:#}");
    assert_eq!(v["additionalProperties"], Value::Bool(false));
    let mut keys: Vec<&str> = v["properties"]
        .as_object()
        .expect("properties")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    let mut spec = vec![
        "name",
        "owner",
        "team",
        "industry",
        "hq",
        "employees",
        "revenue",
        "website",
        "top10",
        "segment",
        "segment_reason",
        "sponsor",
        "status",
        "customer",
        "drivers",
        "faa",
        "objectives",
        "goals",
        "contacts",
        "competitors",
        "swot",
        "proposition",
        "expectations",
        "financials",
        "opportunities",
        "whitespace",
        "actions",
    ];
    spec.sort();
    assert_eq!(keys, spec);
    let required: Vec<&str> = v["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(required.contains(&"name") && required.contains(&"owner"));
}

// ---------------------------------------------------------------- repo content

#[test]
fn repository_content_has_no_errors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let accounts = root.join("content/accounts");
    let has_accounts = accounts.is_dir()
        && std::fs::read_dir(&accounts)
            .unwrap()
            .any(|e| e.unwrap().path().extension().is_some_and(|x| x == "md"));
    if !has_accounts {
        return;
    }
    let site = root.join("content").join("..");
    let site_s = site.to_str().unwrap();
    let o = run(&["--root", site_s, "check", "--today", "2026-11-23"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let o = run(&["--root", site_s, "check", "--format", "json", "--today", "2026-11-23"]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["errors"], 0, "{v:#}");
}
