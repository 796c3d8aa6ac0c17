//! Shared helpers for the integration tests: build a site in a temporary
//! folder, run the analysis with a fixed "today", and assert located
//! diagnostics. Submodules hold the helpers of some tests only:
//! [`git`] builds real repositories, [`serve`] runs `planfolio serve`.
//!
//! Expected line and column numbers are computed from the text the test wrote
//! (`line_of`, `col_of`), never taken from the program's output.

#![allow(dead_code)]

use chrono::NaiveDate;
use planfolio::diagnostic::{Diagnostic, Severity};
use planfolio::model::Keyword;
use planfolio::pipeline::{Analysis, analyse, analyse_sources};
use std::path::{Path, PathBuf};
use std::process::Output;

pub mod git;
pub mod lint;
pub mod serve;

/// The fixed "today" of every test: 2026-11-23.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date")
}

/// The `--today` flag value matching [`today`].
pub const TODAY: &str = "2026-11-23";

/// A site config listing two products (so product checks are on).
pub const CONFIG: &str = "\
title: Key Accounts
currency: GBP
products: [Predict, Monitor]
";

/// A complete, valid `key` account plan that raises no error and no warning
/// on 2026-11-23 when it is the only plan of the site built by [`Site::valid`]:
/// reviewed recently, every completeness requirement met, two warm contacts,
/// no detractors, equal ambitions, site currency, ordered revenue goal.
pub const VALID_PLAN: &str = "\
---
name: Deepwell Solutions
owner: alex-king
team: [priya-shah]
sponsor: alex-king
industry: Oilfield services
hq: Aberdeen, UK
employees: 1200
revenue: 310000000
website: https://deepwell.example
top10: true
status:
  partnership: service-provider
  customer_ambition: strategic-partner
  our_ambition: strategic-partner
  impact: 2
  health: good
  value_proposition: Less downtime on every rig
  what_we_need: [Field engineers]
  last_review: 2026-11-01
  approved: 2026-11-02
customer:
  overview: |
    Oilfield services in the North Sea.
  vision: No unplanned downtime
  kpis:
    - name: Non-productive time
      target: \"< 4%\"
      current: \"6.1%\"
  business_units:
    - id: td
      name: Technical Department
drivers:
  - kind: external
    category: legislation
    text: New emission rules
faa:
  fix: [Downtime]
  accomplish: [Lower cost]
  avoid: [Accidents]
objectives:
  - id: cut-npt
    title: Cut non-productive time
    business_unit: td
    priority: high
    contact: james-morrison
    swot: opportunity
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
    business_unit: td
    reports_to: pete-leslie
    role: decision-maker
    buying_role: technical-buyer
    influence: high
    relationship: strong
    stages: [need-recognition, purchase-decision]
    alignment:
      us: 8
      rigwise: 4
  - id: pete-leslie
    name: Pete Leslie
    role: budget-holder
    relationship: good
  - id: ann-lee
    name: Ann Lee
    role: supporter
    relationship: neutral
competitors:
  - id: rigwise
    name: RigWise Analytics
    strengths: [Cheap]
    swot: threat
swot:
  strengths: [Installed base]
proposition:
  competency: Twenty years of rig data
  offer: Predictive maintenance
expectations:
  results: Fewer failures
financials:
  currency: GBP
  prior_year_actual: 1200000
  annual_target: 1500000
  revenue_goal:
    minimum: 1236000
    just_right: 1500000
    aspirational: 2400000
opportunities:
  - id: pm-pilot
    name: Predictive maintenance pilot
    stage: pipeline
    value: 250000
    close: 2027-02-28
    product: Predict
    business_unit: td
whitespace:
  td:
    Predict: pipeline
    Monitor: owned
actions:
  - id: golf-invite
    title: Invite Pete to the spring golf outing
    owner: alex-king
    goals: [pilot-predictive]
    due: 2027-04-15
    status: planned
---
## Customer overview
Free Markdown.
";

/// A team member file's text.
pub fn member_text(name: &str, manager: Option<&str>) -> String {
    match manager {
        Some(m) => format!("---\nname: {name}\ntitle: Account Manager\nmanager: {m}\n---\nBio.\n"),
        None => format!("---\nname: {name}\ntitle: Account Manager\n---\nBio.\n"),
    }
}

/// `VALID_PLAN` with each `(from, to)` replacement applied once; panics when
/// `from` does not occur, so a fixture cannot silently stop testing anything.
pub fn plan_with(replacements: &[(&str, &str)]) -> String {
    edit(VALID_PLAN, replacements)
}

/// `text` with each `(from, to)` replacement applied to its first occurrence.
pub fn edit(text: &str, replacements: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (from, to) in replacements {
        assert!(out.contains(from), "fixture edit: `{from}` not found");
        out = out.replacen(from, to, 1);
    }
    out
}

/// 1-based line of the first line of `text` containing `needle`.
pub fn line_of(text: &str, needle: &str) -> u32 {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i as u32 + 1)
        .unwrap_or_else(|| panic!("`{needle}` not found in fixture"))
}

/// 1-based line of the line of `text` that is exactly `line` (no newline).
pub fn line_eq(text: &str, line: &str) -> u32 {
    text.lines()
        .position(|l| l == line)
        .map(|i| i as u32 + 1)
        .unwrap_or_else(|| panic!("line `{line}` not found in fixture"))
}

/// 1-based line of the `n`-th (1-based) line of `text` containing `needle`.
pub fn nth_line_of(text: &str, needle: &str, n: usize) -> u32 {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.contains(needle))
        .nth(n - 1)
        .map(|(i, _)| i as u32 + 1)
        .unwrap_or_else(|| panic!("occurrence {n} of `{needle}` not found in fixture"))
}

/// 1-based column (in characters) of `needle` on the first line containing it.
pub fn col_of(text: &str, needle: &str) -> u32 {
    let line = text
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` not found in fixture"));
    let byte = line.find(needle).expect("found");
    line[..byte].chars().count() as u32 + 1
}

/// A site in a temporary folder, removed when dropped.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Default for Site {
    fn default() -> Self {
        Self::new()
    }
}

impl Site {
    /// An empty site folder.
    pub fn new() -> Site {
        Site {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    /// Config, two team members (alex-king, priya-shah managed by alex-king)
    /// and `content/accounts/deepwell.md` = [`VALID_PLAN`].
    pub fn valid() -> Site {
        let site = Site::with_team();
        site.plan("deepwell", VALID_PLAN);
        site
    }

    /// Config and the two team members, no plan.
    pub fn with_team() -> Site {
        let site = Site::new();
        site.config(CONFIG);
        site.member("alex-king", "Alex King", None);
        site.member("priya-shah", "Priya Shah", Some("alex-king"));
        site
    }

    /// The site root.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `bytes` at `rel` (relative to the root), creating folders.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.root().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folders");
        }
        std::fs::write(&path, bytes).expect("write file");
        path
    }

    /// Writes `planfolio.yaml`.
    pub fn config(&self, text: &str) {
        self.write("planfolio.yaml", text);
    }

    /// Writes `content/accounts/<id>.md`.
    pub fn plan(&self, id: &str, text: &str) -> String {
        let rel = format!("content/accounts/{id}.md");
        self.write(&rel, text);
        rel
    }

    /// Writes `content/team/<id>.md`.
    pub fn member(&self, id: &str, name: &str, manager: Option<&str>) -> String {
        let rel = format!("content/team/{id}.md");
        self.write(&rel, member_text(name, manager));
        rel
    }

    /// Removes a file.
    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.root().join(rel)).expect("remove file");
    }

    /// Runs the analysis with today = 2026-11-23.
    pub fn analyse(&self) -> Analysis {
        analyse(self.root(), today())
    }
}

/// Analyses files held in memory (no disk), today = 2026-11-23.
pub fn analyse_mem(files: &[(&str, &[u8])]) -> Analysis {
    let sources = files
        .iter()
        .map(|(rel, bytes)| planfolio::load::SourceFile {
            rel: rel.to_string(),
            bytes: bytes.to_vec(),
        })
        .collect();
    analyse_sources(sources, today())
}

/// One line per diagnostic, for failure messages.
pub fn render(a: &Analysis) -> String {
    a.diagnostics
        .iter()
        .map(|d| {
            format!(
                "  {}[{}] {}:{}:{}: {}{}",
                d.severity().as_str(),
                d.code.as_str(),
                d.file,
                d.span.line,
                d.span.col,
                d.message,
                d.hint.as_ref().map(|h| format!(" (help: {h})")).unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Diagnostics with `code`.
pub fn with_code<'a>(a: &'a Analysis, code: &str) -> Vec<&'a Diagnostic> {
    a.diagnostics.iter().filter(|d| d.code.as_str() == code).collect()
}

/// Asserts a diagnostic `code` in `file` on `line` and returns it.
#[track_caller]
pub fn assert_diag<'a>(a: &'a Analysis, code: &str, file: &str, line: u32) -> &'a Diagnostic {
    a.diagnostics
        .iter()
        .find(|d| d.code.as_str() == code && d.file == file && d.span.line == line)
        .unwrap_or_else(|| panic!("expected {code} in {file} on line {line}; got:\n{}", render(a)))
}

/// Asserts a diagnostic `code` in `file` at `line:col` and returns it.
#[track_caller]
pub fn assert_diag_at<'a>(a: &'a Analysis, code: &str, file: &str, line: u32, col: u32) -> &'a Diagnostic {
    a.diagnostics
        .iter()
        .find(|d| d.code.as_str() == code && d.file == file && d.span.line == line && d.span.col == col)
        .unwrap_or_else(|| panic!("expected {code} in {file} at {line}:{col}; got:\n{}", render(a)))
}

/// Asserts a diagnostic `code` in `file` on one of `lines`.
#[track_caller]
pub fn assert_diag_on_one_of<'a>(a: &'a Analysis, code: &str, file: &str, lines: &[u32]) -> &'a Diagnostic {
    a.diagnostics
        .iter()
        .find(|d| d.code.as_str() == code && d.file == file && lines.contains(&d.span.line))
        .unwrap_or_else(|| {
            panic!(
                "expected {code} in {file} on one of lines {lines:?}; got:\n{}",
                render(a)
            )
        })
}

/// Asserts a diagnostic `code` anywhere in `file` and returns it.
#[track_caller]
pub fn assert_code_in<'a>(a: &'a Analysis, code: &str, file: &str) -> &'a Diagnostic {
    a.diagnostics
        .iter()
        .find(|d| d.code.as_str() == code && d.file == file)
        .unwrap_or_else(|| panic!("expected {code} in {file}; got:\n{}", render(a)))
}

/// Asserts there is no diagnostic with `code`.
#[track_caller]
pub fn assert_no_code(a: &Analysis, code: &str) {
    let found = with_code(a, code);
    assert!(found.is_empty(), "expected no {code}; got:\n{}", render(a));
}

/// Asserts the analysis has no errors (warnings are allowed).
#[track_caller]
pub fn assert_no_errors(a: &Analysis) {
    assert!(
        a.diagnostics.iter().all(|d| d.severity() != Severity::Error),
        "expected no errors; got:\n{}",
        render(a)
    );
}

/// Asserts the analysis has no diagnostics at all.
#[track_caller]
pub fn assert_clean(a: &Analysis) {
    assert!(a.diagnostics.is_empty(), "expected no diagnostics; got:\n{}", render(a));
}

/// Asserts every diagnostic is located at line >= 1 and col >= 1.
#[track_caller]
pub fn assert_located(a: &Analysis) {
    for d in &a.diagnostics {
        assert!(
            d.span.line >= 1 && d.span.col >= 1,
            "diagnostic not located: {}",
            render(a)
        );
    }
}

/// Writes `text` to `root/rel`, creating folders.
pub fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The exit code of a finished command.
pub fn code(o: &Output) -> i32 {
    o.status.code().expect("exit code")
}

/// A command's standard output, which must be UTF-8.
pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

/// A command's standard error.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `dir`, by path relative to it.
fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk output"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("under dir")
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).expect("read output"))
        })
        .collect()
}

/// A copy of the example portfolio (`content/` and `planfolio.yaml`) in a
/// temporary folder, outside git.
pub fn example_copy() -> tempfile::TempDir {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::copy(here.join("planfolio.yaml"), tmp.path().join("planfolio.yaml")).expect("copy config");
    for e in walkdir::WalkDir::new(here.join("content")) {
        let e = e.expect("walk content");
        let to = tmp
            .path()
            .join(e.path().strip_prefix(here).expect("under the repository"));
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).expect("mkdir");
        } else {
            std::fs::copy(e.path(), &to).expect("copy plan");
        }
    }
    tmp
}

/// Runs `f` on another thread; fails the test when it takes longer than
/// `secs` (a hang, e.g. reading a FIFO) or panics. `secs` is a guard against
/// a hang, far above a normal run even on a busy machine: no test asserts
/// how fast something ran.
pub fn within<T: Send + 'static>(secs: u64, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    let handle = std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(std::time::Duration::from_secs(secs)) {
        Ok(v) => v,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => panic!("did not finish within {secs} s"),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            let err = handle.join().expect_err("thread ended without a result");
            std::panic::resume_unwind(err)
        }
    }
}

/// A plan whose every list is longer than the one-page plan shows, each
/// entry long enough to wrap (issue 22: the one-page plan still prints on
/// one page, longer lists ending in "+N more"). Owner `mia-lund`; the
/// figures are worked out by hand in `build::one_page`.
pub fn long_one_page_plan() -> String {
    let long = "with a sentence long enough to wrap over several lines in a narrow column of a printed landscape page, \
                and then some more words so that nothing about it is short or convenient for the layout at all";
    let mut t =
        String::from("---\nname: Longlist Industries\nowner: mia-lund\nindustry: Everything at once\nsegment: key\n");
    t.push_str("status:\n  partnership: commodity-vendor\n  customer_ambition: strategic-partner\n  our_ambition: service-provider\n");
    t.push_str(&format!(
        "  health: poor\n  value_proposition: Our value proposition {long}\n  last_review: 2026-10-01\n"
    ));
    t.push_str("drivers:\n");
    for i in 1..=8 {
        t.push_str(&format!(
            "  - {{kind: external, category: economy, text: \"External driver {i} {long}\"}}\n"
        ));
    }
    t.push_str("  - {kind: internal, category: strategy, text: Internal driver one}\n");
    t.push_str("faa:\n");
    for (key, n) in [("fix", 5), ("accomplish", 4), ("avoid", 3)] {
        t.push_str(&format!("  {key}:\n"));
        for i in 1..=n {
            t.push_str(&format!("    - \"{key} item {i} {long}\"\n"));
        }
    }
    // Influence: c1 low, c2 high, c3 none, c4 medium, c5 high, c6 low, c7
    // medium, c8 high, c9 none, c10 low.
    t.push_str("contacts:\n");
    let influence = ["low", "high", "", "medium", "high", "low", "medium", "high", "", "low"];
    for (i, inf) in influence.iter().enumerate() {
        let n = i + 1;
        t.push_str(&format!(
            "  - id: c{n}\n    name: Contact Number{n}\n    title: Head of a very long department name {n} {long}\n    role: influencer\n    relationship: good\n"
        ));
        if !inf.is_empty() {
            t.push_str(&format!("    influence: {inf}\n"));
        }
        if n > 1 {
            t.push_str("    reports_to: c1\n");
        }
    }
    t.push_str("competitors:\n  - id: rival\n    name: Rival Corp\n    differentiators:\n");
    for i in 1..=3 {
        t.push_str(&format!("      - \"Against Rival {i} {long}\"\n"));
    }
    t.push_str("proposition:\n  differentiators:\n");
    for i in 1..=2 {
        t.push_str(&format!("    - \"Ours {i} {long}\"\n"));
    }
    t.push_str("swot:\n  weaknesses:\n");
    for i in 1..=2 {
        t.push_str(&format!("    - \"Weakness {i} {long}\"\n"));
    }
    t.push_str("  threats:\n");
    for i in 1..=3 {
        t.push_str(&format!("    - \"Threat {i} {long}\"\n"));
    }
    t.push_str("financials:\n  currency: GBP\n  prior_year_actual: 1000000\n  annual_target: 1200000\n");
    t.push_str("  revenue_goal: {minimum: 1100000, just_right: 1500000, aspirational: 3000000}\n");
    t.push_str("opportunities:\n  - {id: won, name: Won deal, stage: secured, value: 600000}\n");
    t.push_str("goals:\n");
    for i in 1..=7 {
        t.push_str(&format!(
            "  - {{id: g{i}, title: \"Goal {i} {long}\", status: on-track, due: 2027-0{i}-01}}\n"
        ));
    }
    // Open by due date: a5 (2026-11-01), a3 (2026-12-01), a1 (2027-01-15),
    // a7 (2027-02-01), a2 (2027-03-01), then undated a4, a9; a6 and a8 done.
    t.push_str("actions:\n");
    let actions = [
        ("a1", "2027-01-15", "planned"),
        ("a2", "2027-03-01", "in-progress"),
        ("a3", "2026-12-01", "planned"),
        ("a4", "", "planned"),
        ("a5", "2026-11-01", "blocked"),
        ("a6", "2026-10-01", "done"),
        ("a7", "2027-02-01", "planned"),
        ("a8", "2026-09-01", "done"),
        ("a9", "", "planned"),
    ];
    for (id, due, status) in actions {
        t.push_str(&format!(
            "  - id: {id}\n    title: \"Action {id} {long}\"\n    owner: mia-lund\n    status: {status}\n"
        ));
        if !due.is_empty() {
            t.push_str(&format!("    due: {due}\n"));
        }
    }
    t.push_str("---\nThe narrative.\n");
    t
}
