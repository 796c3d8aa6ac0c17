//! A publishable crate and its release workflow (checked with actionlint
//! and check-jsonschema).

use crate::common;

use common::lint::{actionlint, check_jsonschema};
use common::{stderr, stdout};
use std::path::PathBuf;
use tempfile::TempDir;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
#[cfg_attr(
    not(feature = "external-tools"),
    ignore = "needs actionlint and check-jsonschema (PyPI): run with --features external-tools, as .ci/run does"
)]
fn the_release_workflow_passes_actionlint_and_builds_for_three_systems() {
    let path = manifest_dir().join(".github/workflows/release.yml");
    actionlint(&[&path]);
    check_jsonschema("vendor.github-workflows", &path);
    let text = std::fs::read_to_string(&path).unwrap();
    let docs = yaml_rust2::YamlLoader::load_from_str(&text).unwrap();
    let doc = &docs[0];
    let tags = doc["on"]["push"]["tags"].as_vec().expect("on.push.tags");
    assert!(tags.iter().any(|t| t.as_str() == Some("v*")), "{tags:?}");
    let matrix = doc["jobs"]["binaries"]["strategy"]["matrix"]["include"]
        .as_vec()
        .expect("a build matrix");
    let os: Vec<&str> = matrix.iter().filter_map(|m| m["os"].as_str()).collect();
    for system in ["ubuntu", "macos", "windows"] {
        assert!(os.iter().any(|o| o.starts_with(system)), "{system}: {os:?}");
    }
    // The archives and SHA256SUMS are published with the release
    // (project::packaging checks how).
    assert!(
        text.contains("gh release create") && text.contains("dist/*"),
        "archives are attached to the release"
    );
}

#[test]
fn the_crate_is_publishable() {
    let manifest = std::fs::read_to_string(manifest_dir().join("Cargo.toml")).unwrap();
    let doc: Vec<&str> = manifest.lines().collect();
    for key in [
        "license = \"MIT\"",
        "readme = \"README.md\"",
        "keywords = ",
        "categories = ",
    ] {
        assert!(doc.iter().any(|l| l.starts_with(key)), "Cargo.toml lacks `{key}`");
    }
    // No placeholder repository: `init` once installed CI's planfolio from
    // it, and it named someone else's project.
    assert!(
        !doc.iter().any(|l| l.contains("github.com/planfolio/planfolio")),
        "Cargo.toml names a repository that is not planfolio's"
    );
    let licence = std::fs::read_to_string(manifest_dir().join("LICENSE")).expect("a LICENSE file");
    assert!(licence.starts_with("MIT License"), "{licence}");

    // `cargo package` (no verify build: that is the release job's) packs the
    // sources, theme, docs, README and licence, and no tests or benchmarks.
    let target = TempDir::new().unwrap();
    let o = std::process::Command::new(env!("CARGO"))
        .current_dir(manifest_dir())
        .args([
            "package",
            "--allow-dirty",
            "--no-verify",
            "--offline",
            "--locked",
            "--target-dir",
        ])
        .arg(target.path())
        .output()
        .expect("run cargo package");
    assert!(o.status.success(), "cargo package failed:\n{}", stderr(&o));
    // The tests are left out on purpose (cargo notes each one); any other
    // warning (a missing licence or description, say) is a failure.
    let err = stderr(&o);
    let warnings: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("warning") && !l.starts_with("warning: ignoring test"))
        // There is no public repository or home page yet; one is named only
        // once it exists.
        .filter(|l| *l != "warning: manifest has no documentation, homepage or repository")
        .collect();
    assert!(warnings.is_empty(), "{warnings:?}");
    let o = std::process::Command::new(env!("CARGO"))
        .current_dir(manifest_dir())
        .args(["package", "--list", "--allow-dirty", "--offline", "--locked"])
        .output()
        .expect("run cargo package --list");
    assert!(o.status.success(), "{}", stderr(&o));
    let files: Vec<String> = stdout(&o).lines().map(str::to_string).collect();
    for needed in [
        "LICENSE",
        "README.md",
        "src/main.rs",
        "src/scaffold/workflow.yml",
        "theme/templates/plan.html",
        "theme/static/style.css",
    ] {
        assert!(files.iter().any(|f| f == needed), "{needed} not packaged: {files:?}");
    }
    assert!(
        files
            .iter()
            .all(|f| !f.starts_with("tests/") && !f.starts_with("bench/")),
        "{files:?}"
    );
    let crate_file = target
        .path()
        .join(format!("package/planfolio-{}.crate", env!("CARGO_PKG_VERSION")));
    let size = std::fs::metadata(&crate_file).expect("the .crate file").len();
    assert!(size < 1_000_000, "the crate is {size} bytes");
}
