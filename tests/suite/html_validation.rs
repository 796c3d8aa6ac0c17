//! The built example site passes the Nu HTML Checker (npm `vnu-jar`, run
//! with `java -jar`). `.ci/run` installs it and sets `VNU_JAR`.

use std::path::PathBuf;
use std::process::Command;

fn vnu_jar() -> PathBuf {
    if let Some(p) = std::env::var_os("VNU_JAR") {
        return PathBuf::from(p);
    }
    let out = Command::new("npm")
        .args(["root", "-g"])
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run `npm root -g` to find vnu-jar ({e}): install Node.js with npm, then `npm install -g vnu-jar`, or set VNU_JAR")
        });
    let root = String::from_utf8_lossy(&out.stdout).trim().to_string();
    PathBuf::from(root).join("vnu-jar/build/dist/vnu.jar")
}

#[test]
#[cfg_attr(
    not(feature = "external-tools"),
    ignore = "needs java and the Nu HTML Checker (npm vnu-jar): run with --features external-tools, as .ci/run does"
)]
fn example_site_passes_the_nu_html_checker() {
    let jar = vnu_jar();
    assert!(
        jar.is_file(),
        "the Nu HTML Checker is missing at {}: run `npm install -g vnu-jar` (CI's .ci/run does)",
        jar.display()
    );
    let out_dir = tempfile::tempdir().expect("tempdir");
    let site = out_dir.path().join("public");
    let status = Command::new(env!("CARGO_BIN_EXE_planfolio"))
        .args([
            "--root",
            env!("CARGO_MANIFEST_DIR"),
            "build",
            "--today",
            "2026-11-23",
            "--out",
        ])
        .arg(&site)
        .status()
        .expect("run planfolio build");
    assert!(status.success(), "build of the example site failed");
    let html_files = walk(&site)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .count();
    assert!(
        html_files > 20,
        "expected the whole example site, found {html_files} pages"
    );
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html", "--format", "text"])
        .arg(&site)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run `java -jar vnu.jar` ({e}): install a Java runtime (`apt-get install -y default-jre-headless`, as .ci/run does)")
        });
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "the Nu HTML Checker reported errors:\n{report}");
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
