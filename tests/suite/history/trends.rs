//! Trends (SPEC §10.3): the portfolio and each account at every month end
//! of the history, in `portfolio.json` and drawn on the dashboard and the
//! plan page.
//!
//! The history below is worked out by hand. Today is 2026-04-15; the
//! threshold is fixed (`potential.high_from: 1000000`), so potential =
//! 10 * potential_value / 2,000,000 (SPEC §5.2), and plans are reviewed
//! yearly so no plan goes stale.
//!
//! - c1, 2026-01-10: EUR is worth 0.5 GBP; plans a (GBP), b (EUR), d (GBP).
//! - no commit in February: its month end repeats January's state, seen
//!   on 2026-02-28, when a's action (due 2026-02-15) is overdue.
//! - c2, 2026-03-05: EUR is worth 0.8 GBP; plan c (USD, no rate) is added.
//! - c3, 2026-03-20: plan d is removed.
//! - working tree (April, today): a's pipeline deal is secured and its
//!   action done.

use crate::common;
use common::git::{commit, git_init};
use common::write;
use serde_json::{Value, json};
use std::path::Path;
use tempfile::TempDir;

const TODAY: &str = "2026-04-15";

fn config(eur: f64) -> String {
    format!(
        "title: Trends\ncurrency: GBP\nexchange_rates: {{EUR: {eur}}}\nreview:\n  max_age_days: 365\nsegmentation:\n  potential: {{high_from: 1000000}}\n"
    )
}

/// A plan reviewed on 2026-01-01 owned by alex-king, then `rest`.
fn plan(name: &str, rest: &str) -> String {
    format!("---\nname: {name}\nowner: alex-king\nstatus:\n  last_review: 2026-01-01\n{rest}---\nNotes.\n")
}

/// a: open 100,000 (pipeline), secured 50,000, weighted 0.4 * 100,000 +
/// 50,000 = 90,000 (potential 0.45), annual target 200,000; one action due
/// 2026-02-15. Findings: incomplete-plan (no objective, goal or contact),
/// and overdue-action once a month end passes 2026-02-15.
fn plan_a(o1_stage: &str, action_status: &str) -> String {
    plan(
        "Alpha",
        &format!(
            "financials:\n  annual_target: 200000\nopportunities:\n  - {{id: o1, name: One, stage: {o1_stage}, value: 100000}}\n  - {{id: o2, name: Two, stage: secured, value: 50000}}\nactions:\n  - {{id: call, title: Call, owner: alex-king, due: 2026-02-15, status: {action_status}}}\n"
        ),
    )
}

/// b (EUR): open 240,000 (forecast), weighted 0.75 * 240,000 = 180,000,
/// annual target 100,000. Findings: incomplete-plan.
const PLAN_B: &str = "financials:\n  currency: EUR\n  annual_target: 100000\nopportunities:\n  - {id: big, name: Big, stage: forecast, value: 240000}\n";

/// c (USD, no rate): open 10,000 (pipeline), weighted 4,000, used as it is
/// for the score: potential 0.02. Findings: incomplete-plan, mixed-currency.
const PLAN_C: &str =
    "financials:\n  currency: USD\nopportunities:\n  - {id: small, name: Small, stage: pipeline, value: 10000}\n";

/// d: one strong contact (relationship 10, managed), open 40,000 (prospect),
/// weighted 4,000. Findings: incomplete-plan, single-threaded.
const PLAN_D: &str = "contacts:\n  - {id: x, name: X, relationship: strong}\nopportunities:\n  - {id: p, name: P, stage: prospect, value: 40000}\n";

fn trends_repo() -> TempDir {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path();
    git_init(root);
    write(root, "planfolio.yaml", &config(0.5));
    write(root, "content/team/alex-king.md", "---\nname: Alex King\n---\n");
    write(root, "content/accounts/a.md", &plan_a("pipeline", "planned"));
    write(root, "content/accounts/b.md", &plan("Bravo", PLAN_B));
    write(root, "content/accounts/d.md", &plan("Delta", PLAN_D));
    commit(root, "2026-01-10", "c1");
    write(root, "planfolio.yaml", &config(0.8));
    write(root, "content/accounts/c.md", &plan("Charlie", PLAN_C));
    commit(root, "2026-03-05", "c2");
    std::fs::remove_file(root.join("content/accounts/d.md")).unwrap();
    commit(root, "2026-03-20", "c3");
    write(root, "content/accounts/a.md", &plan_a("secured", "done"));
    tmp
}

fn account<'a>(portfolio: &'a Value, id: &str) -> &'a Value {
    portfolio["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .find(|a| a["id"] == id)
        .unwrap_or_else(|| panic!("no account {id}"))
}

#[test]
fn trends_at_every_month_end_in_portfolio_json() {
    let tmp = trends_repo();
    let b = common::git::build(tmp.path(), TODAY);
    let p = &b.portfolio;
    assert_eq!(
        p["trends"],
        json!({
            "months": ["2026-01", "2026-02", "2026-03", "2026-04"],
            // Jan, Feb: a, b, d; Mar: d removed, c added; Apr: a, b, c.
            "accounts": [3, 3, 3, 3],
            // Jan, Feb: a 100,000 + b 240,000 * 0.5 + d 40,000; Mar: a 100,000
            // + b 240,000 * 0.8 (c has no rate); Apr: a 0 + b 192,000.
            "open_pipeline": [260000.0, 260000.0, 292000.0, 192000.0],
            "secured": [50000.0, 50000.0, 50000.0, 150000.0],
            // Jan, Feb: 90,000 + 180,000 * 0.5 + 4,000; Mar: 90,000 + 180,000
            // * 0.8; Apr: 150,000 + 144,000.
            "weighted_pipeline": [184000.0, 184000.0, 234000.0, 294000.0],
            // 200,000 + 100,000 * 0.5, then 200,000 + 100,000 * 0.8.
            "annual_target": [250000.0, 250000.0, 280000.0, 280000.0],
            "segments": {
                "key": [0, 0, 0, 0], "target": [0, 0, 0, 0],
                "managed": [1, 1, 0, 0], "maintained": [2, 2, 3, 3]
            },
            // Jan: a 1 + b 1 + d 2; Feb: a's action is overdue (+1); Mar: a 2
            // + b 1 + c 2; Apr: a's action is done (a 1).
            "findings": [4, 5, 5, 4]
        })
    );
    let m = "maintained";
    assert_eq!(
        account(p, "a")["trend"],
        json!({
            "segment": [m, m, m, m],
            "relationship": [0.0, 0.0, 0.0, 0.0],
            // 90,000 then 150,000 over 2,000,000.
            "potential": [0.45, 0.45, 0.45, 0.75],
            "open_pipeline": [100000.0, 100000.0, 100000.0, 0.0],
            "secured": [50000.0, 50000.0, 50000.0, 150000.0]
        })
    );
    assert_eq!(
        account(p, "b")["trend"],
        json!({
            "segment": [m, m, m, m],
            "relationship": [0.0, 0.0, 0.0, 0.0],
            // 180,000 * 0.5 = 90,000, then * 0.8 = 144,000 (site currency).
            "potential": [0.45, 0.45, 0.72, 0.72],
            // In the plan's currency (EUR).
            "open_pipeline": [240000.0, 240000.0, 240000.0, 240000.0],
            "secured": [0.0, 0.0, 0.0, 0.0]
        })
    );
    assert_eq!(
        account(p, "c")["trend"],
        json!({
            "segment": [null, null, m, m],
            "relationship": [null, null, 0.0, 0.0],
            "potential": [null, null, 0.02, 0.02],
            "open_pipeline": [null, null, 10000.0, 10000.0],
            "secured": [null, null, 0.0, 0.0]
        })
    );
    // d is gone: it counts in the totals of its months only.
    assert!(p["accounts"].as_array().unwrap().iter().all(|a| a["id"] != "d"));
}

/// The same site outside a repository.
fn copy_without_git(from: &Path, to: &Path) {
    for rel in [
        "planfolio.yaml",
        "content/team/alex-king.md",
        "content/accounts/a.md",
        "content/accounts/b.md",
        "content/accounts/c.md",
    ] {
        write(to, rel, &std::fs::read_to_string(from.join(rel)).unwrap());
    }
}

#[test]
fn outside_a_repository_the_trends_hold_the_current_month() {
    let repo = trends_repo();
    let tmp = TempDir::new().unwrap();
    copy_without_git(repo.path(), tmp.path());
    let b = common::git::build(tmp.path(), TODAY);
    let p = &b.portfolio;
    assert_eq!(
        p["trends"],
        json!({
            "months": ["2026-04"],
            "accounts": [3],
            "open_pipeline": [192000.0],
            "secured": [150000.0],
            "weighted_pipeline": [294000.0],
            "annual_target": [280000.0],
            "segments": {"key": [0], "target": [0], "managed": [0], "maintained": [3]},
            "findings": [4]
        })
    );
    assert_eq!(
        account(p, "b")["trend"],
        json!({
            "segment": ["maintained"], "relationship": [0.0], "potential": [0.72],
            "open_pipeline": [240000.0], "secured": [0.0]
        })
    );
}
