//! `portfolio.csv` and `portfolio.json` of a small site written here, built
//! by the binary: the CSV's columns, amounts in a plan's currency and in the
//! site currency (with and without an exchange rate), amounts a plan does
//! not set (an empty cell, `null`), cell neutralising and quoting, the
//! owner's manager, and the findings count against `check`.
//!
//! Every expected value is computed by hand from the plans below.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

const TODAY: &str = "2026-11-23";

/// The CSV header, column by column.
const HEADER: &str = "id,name,owner,segment,relationship,potential,potential_value,weighted_pipeline,\
                      last_review,stale,completeness,currency,open_pipeline,secured,annual_target,attainment,\
                      site_potential_value,site_weighted_pipeline,site_open_pipeline,site_secured,health,\
                      industry,sponsor,manager,findings";

/// A GBP site where 1 EUR = 0.5 GBP and USD has no rate.
const CONFIG: &str = "title: Exports\ncurrency: GBP\nexchange_rates: {EUR: 0.5}\n";

/// GBP, target 400,000, prior year 100,000. Opportunities: prospect 100,000,
/// forecast 200,000, secured 100,000, lost 50,000, so open pipeline 300,000,
/// secured 100,000, attainment 100,000 / 400,000 = 0.25; weighted (default
/// weights 0.1, 0.75, 1) 10,000 + 150,000 + 100,000 = 260,000, which is also
/// the potential value (no revenue goal). Rate 1: the site figures are the same.
const GBP_PLAN: &str = r#"---
name: 'Smith, Jones & "Partners"'
owner: ann
sponsor: carl
industry: Water
status:
  health: good
  last_review: 2026-11-20
financials:
  currency: GBP
  prior_year_actual: 100000
  annual_target: 400000
opportunities:
  - {id: a, name: A, stage: prospect, value: 100000}
  - {id: b, name: B, stage: forecast, value: 200000}
  - {id: c, name: C, stage: secured, value: 100000}
  - {id: d, name: D, stage: lost, value: 50000}
---
"#;

/// EUR, no target, no prior year, a name a spreadsheet would run as a
/// formula. Open pipeline 80,000, secured 40,000, weighted 0.4 × 80,000 +
/// 40,000 = 72,000 = potential value; × 0.5 in GBP: 36,000, 36,000, 40,000,
/// 20,000. No target: no attainment. Owner carl has no manager.
const EUR_PLAN: &str = r#"---
name: "=SUM(A1:A2)"
owner: carl
status:
  last_review: 2026-11-20
financials:
  currency: EUR
opportunities:
  - {id: e, name: E, stage: pipeline, value: 80000}
  - {id: f, name: F, stage: secured, value: 40000}
---
"#;

/// USD (no rate), target 50,000, no prior year: open pipeline 0, secured
/// 10,000, attainment 10,000 / 50,000 = 0.2, no site figures.
const USD_PLAN: &str = r#"---
name: USD Co
owner: ann
status:
  health: neutral
  last_review: 2026-11-20
financials:
  currency: USD
  annual_target: 50000
opportunities:
  - {id: g, name: G, stage: secured, value: 10000}
---
"#;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("create folders");
    std::fs::write(path, text).expect("write");
}

fn member(name: &str, manager: Option<&str>) -> String {
    let manager = manager.map(|m| format!("manager: {m}\n")).unwrap_or_default();
    format!("---\nname: {name}\ntitle: Account Manager\n{manager}---\nBio.\n")
}

/// The site: boss manages ann; carl has no manager.
fn site(root: &Path, plans: &[(&str, &str)]) {
    write(root, "planfolio.yaml", CONFIG);
    write(root, "content/team/boss.md", &member("Bea Boss", None));
    write(root, "content/team/ann.md", &member("Ann Owner", Some("boss")));
    write(root, "content/team/carl.md", &member("Carl Solo", None));
    for (id, text) in plans {
        write(root, &format!("content/accounts/{id}.md"), text);
    }
}

fn planfolio(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_planfolio"))
        .args(args)
        .output()
        .expect("run planfolio")
}

/// Builds the site at `root` into `root/../public` and returns that folder.
fn build(root: &Path) -> std::path::PathBuf {
    let out = root.parent().expect("parent").join("public");
    let o = planfolio(&[
        "build",
        "--root",
        root.to_str().expect("utf-8 path"),
        "--today",
        TODAY,
        "--out",
        out.to_str().expect("utf-8 path"),
    ]);
    assert!(
        o.status.success(),
        "build failed: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

/// The three-plan site, built: (temp folder, site root, output folder).
fn built() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("site");
    site(
        &root,
        &[("gbp-co", GBP_PLAN), ("eur-co", EUR_PLAN), ("usd-co", USD_PLAN)],
    );
    let out = build(&root);
    (tmp, root, out)
}

/// How many findings `check --format json` reports in each plan's file.
fn check_counts(root: &Path) -> std::collections::BTreeMap<String, usize> {
    let o = planfolio(&[
        "check",
        "--root",
        root.to_str().expect("utf-8 path"),
        "--today",
        TODAY,
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_slice(&o.stdout).expect("check prints JSON");
    let mut counts = std::collections::BTreeMap::new();
    for d in v["diagnostics"].as_array().expect("diagnostics") {
        let file = d["file"].as_str().expect("file");
        if let Some(id) = file
            .strip_prefix("content/accounts/")
            .and_then(|f| f.strip_suffix(".md"))
        {
            *counts.entry(id.to_string()).or_insert(0) += 1;
        }
    }
    counts
}

#[test]
fn csv_header_names_every_column_in_order() {
    let (_tmp, _root, out) = built();
    let csv = std::fs::read_to_string(out.join("portfolio.csv")).expect("portfolio.csv");
    assert_eq!(csv.lines().next(), Some(HEADER));
    assert_eq!(HEADER.split(',').count(), 25);
    // Header and one row per plan, each ending in a newline.
    assert_eq!(csv.lines().count(), 4, "{csv}");
    assert!(csv.ends_with('\n'));
}

#[test]
fn csv_without_plans_is_the_header_alone() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("site");
    site(&root, &[]);
    let out = build(&root);
    let csv = std::fs::read_to_string(out.join("portfolio.csv")).expect("portfolio.csv");
    assert_eq!(csv, format!("{HEADER}\n"));
}

#[test]
fn csv_rows_hold_hand_computed_values() {
    let (_tmp, root, out) = built();
    let csv = std::fs::read_to_string(out.join("portfolio.csv")).expect("portfolio.csv");
    let findings = check_counts(&root);
    let count = |id: &str| findings.get(id).copied().unwrap_or(0);
    // Each of these small plans has findings (not complete, at least), so
    // the column is tested on counts other than 0.
    for id in ["eur-co", "gbp-co", "usd-co"] {
        assert!(count(id) > 0, "{id}: {findings:?}");
    }
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 3, "{csv}");
    // Rows by id: eur-co, gbp-co, usd-co. The first columns: the name that
    // starts a formula gets a leading `'` and needs no quotes; the name
    // with a comma and quotes is quoted, its quotes doubled.
    assert!(rows[0].starts_with("eur-co,'=SUM(A1:A2),carl,"), "{}", rows[0]);
    assert!(
        rows[1].starts_with(r#"gbp-co,"Smith, Jones & ""Partners""",ann,"#),
        "{}",
        rows[1]
    );
    assert!(rows[2].starts_with("usd-co,USD Co,ann,"), "{}", rows[2]);
    // The last 14 columns, currency to findings.
    let tails = [
        // No target: annual_target and attainment empty; no health,
        // industry, sponsor; carl has no manager.
        format!(",EUR,80000,40000,,,36000,36000,40000,20000,,,,,{}", count("eur-co")),
        format!(
            ",GBP,300000,100000,400000,0.25,260000,260000,300000,100000,good,Water,carl,boss,{}",
            count("gbp-co")
        ),
        // No USD rate: every site column empty.
        format!(",USD,0,10000,50000,0.2,,,,,neutral,,,boss,{}", count("usd-co")),
    ];
    for (row, tail) in rows.iter().zip(&tails) {
        assert!(row.ends_with(tail.as_str()), "{row}\nexpected to end with\n{tail}");
    }
    // Each row has the header's 25 cells (the quoted name holds one comma).
    for row in &rows {
        let commas = row.matches(',').count() - usize::from(row.starts_with("gbp-co"));
        assert_eq!(commas, 24, "{row}");
    }
}

#[test]
fn json_amounts_a_plan_does_not_set_are_null() {
    let (_tmp, _root, out) = built();
    let text = std::fs::read_to_string(out.join("portfolio.json")).expect("portfolio.json");
    let v: Value = serde_json::from_str(&text).expect("JSON");
    let account = |id: &str| -> Value {
        v["accounts"]
            .as_array()
            .expect("accounts")
            .iter()
            .find(|a| a["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("no account {id}"))
    };

    let eur = account("eur-co");
    assert_eq!(eur["annual_target"], Value::Null);
    assert_eq!(eur["prior_year_actual"], Value::Null);
    assert_eq!(eur["attainment"], Value::Null);
    assert_eq!(eur["secured"], 40_000.0);
    assert_eq!(eur["rate"], 0.5);
    assert_eq!(eur["site"]["annual_target"], Value::Null);
    assert_eq!(eur["site"]["prior_year_actual"], Value::Null);
    assert_eq!(eur["site"]["secured"], 20_000.0);
    assert_eq!(eur["site"]["open_pipeline"], 40_000.0);
    assert_eq!(eur["site"]["potential_value"], 36_000.0);
    assert_eq!(eur["site"]["weighted_pipeline"], 36_000.0);

    let gbp = account("gbp-co");
    assert_eq!(gbp["annual_target"], 400_000.0);
    assert_eq!(gbp["prior_year_actual"], 100_000.0);
    assert_eq!(gbp["attainment"], 0.25);
    assert_eq!(gbp["site"]["annual_target"], 400_000.0);
    assert_eq!(gbp["site"]["prior_year_actual"], 100_000.0);

    let usd = account("usd-co");
    assert_eq!(usd["annual_target"], 50_000.0);
    assert_eq!(usd["prior_year_actual"], Value::Null);
    assert_eq!(usd["site"], Value::Null);

    // Totals add 0 for an amount a plan does not set: converted target
    // 400,000 (GBP) + nothing (EUR); prior year 100,000. USD apart.
    let t = &v["totals"];
    assert_eq!(t["annual_target"], 400_000.0);
    assert_eq!(t["prior_year_actual"], 100_000.0);
    let unconverted = t["unconverted"].as_array().expect("unconverted");
    assert_eq!(unconverted.len(), 1);
    assert_eq!(unconverted[0]["currency"], "USD");
    assert_eq!(unconverted[0]["annual_target"], 50_000.0);
    assert_eq!(unconverted[0]["prior_year_actual"], 0.0);
}
