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

/// The table row of `month` in the table captioned `caption` of `html`, as its cells' text.
fn row(html: &str, caption: &str, month: &str) -> Vec<String> {
    let start = html
        .find(&format!("<caption>{caption}</caption>"))
        .unwrap_or_else(|| panic!("no table {caption}"));
    let table = &html[start..start + html[start..].find("</table>").unwrap()];
    let at = table
        .find(&format!("<tr><th scope=\"row\">{month}</th>"))
        .unwrap_or_else(|| panic!("no row {month} in {table}"));
    let tr = &table[at..at + table[at..].find("</tr>").unwrap()];
    tr.split("<td>")
        .skip(1)
        .map(|c| c.split("</td>").next().unwrap().to_string())
        .collect()
}

#[test]
fn the_dashboard_and_plan_pages_draw_the_trends_with_their_tables() {
    let tmp = trends_repo();
    let b = common::git::build(tmp.path(), TODAY);
    let read = |rel: &str| std::fs::read_to_string(b.out.path().join("site").join(rel)).unwrap();
    let index = read("index.html");
    // Five charts, each an SVG with a title and a description.
    for title in [
        "Open pipeline",
        "Secured against annual target",
        "Weighted pipeline",
        "Segment mix",
        "Findings",
    ] {
        assert!(index.contains(&format!("-t\">{title}</title><desc id=")), "{title}");
    }
    assert!(index.contains("<desc id=\"tr-open-d\">Open pipeline at each month end from 2026-01 to 2026-04: £260K in 2026-01, £192K in 2026-04.</desc>"));
    // The trends come after the totals and before the matrix.
    let (kpis, trends, matrix) = (
        index.find("class=\"kpis\"").unwrap(),
        index.find("class=\"card trends\"").unwrap(),
        index.find("id=\"matrix-heading\"").unwrap(),
    );
    assert!(kpis < trends && trends < matrix);
    // Plans, open pipeline, secured, annual target, weighted pipeline, key,
    // target, managed, maintained, findings (figures of the JSON test).
    assert_eq!(
        row(&index, "Trends by month", "2026-02"),
        [
            "3",
            "£260,000",
            "£50,000",
            "£250,000",
            "£184,000",
            "0",
            "0",
            "1",
            "2",
            "5"
        ]
    );
    assert_eq!(
        row(&index, "Trends by month", "2026-04"),
        [
            "3",
            "£192,000",
            "£150,000",
            "£280,000",
            "£294,000",
            "0",
            "0",
            "0",
            "3",
            "4"
        ]
    );

    // a's page: scores, segment and money, and the table (segment,
    // relationship, potential, open pipeline, secured).
    let a = read("accounts/a/index.html");
    for id in ["pt-scores", "pt-segment", "pt-money"] {
        assert!(a.contains(&format!("aria-labelledby=\"{id}-t {id}-d\"")), "{id}");
    }
    assert_eq!(
        row(&a, "The plan by month", "2026-03"),
        ["maintained", "0.00", "0.45", "£100,000", "£50,000"]
    );
    assert_eq!(
        row(&a, "The plan by month", "2026-04"),
        ["maintained", "0.00", "0.75", "£0", "£150,000"]
    );
    // c did not exist in January: no figures, and no cell in the strip.
    let c = read("accounts/c/index.html");
    assert_eq!(row(&c, "The plan by month", "2026-01"), ["–", "–", "–", "–", "–"]);
    assert_eq!(row(&c, "The plan by month", "2026-03")[3], "$10,000");
    assert!(c.contains("<desc id=\"pt-segment-d\">Now maintained; each month in the table below.</desc>"));
    assert_eq!(
        c.matches("<rect class=\"bar seg-maintained\"").count(),
        2,
        "March and April"
    );
    // b's amounts are in its own currency.
    let bravo = read("accounts/b/index.html");
    assert_eq!(row(&bravo, "The plan by month", "2026-01")[3], "€240,000");
}
