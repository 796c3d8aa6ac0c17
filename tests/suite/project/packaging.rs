//! The project around the code: release archives a pipeline can trust
//! (`.ci/package`, the release workflow), the oldest Rust it claims, and a
//! README and `.ci/run` that a newcomer can follow alone.

use crate::common;

use common::{code, stderr, stdout};
use std::path::{Path, PathBuf};
use std::process::Command;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(manifest_dir().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn run_in(dir: &Path, program: &str, args: &[&str]) -> std::process::Output {
    Command::new(program)
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("run {program}: {e}"))
}

// ------------------------------------------------------------ release archives

#[test]
fn the_package_script_makes_an_archive_with_the_binary_and_a_line_sha256sum_checks() {
    let tmp = tempfile::tempdir().unwrap();
    let binary = tmp.path().join("built-planfolio");
    std::fs::write(&binary, b"#!/bin/sh\necho planfolio 0.0.0\n").unwrap();
    let out = tmp.path().join("dist");
    let script = manifest_dir().join(".ci/package");
    let package = |target: &str| {
        let o = Command::new("bash")
            .arg(&script)
            .args(["v9.8.7", target])
            .arg(&binary)
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        stdout(&o).trim().to_string()
    };
    let linux = package("x86_64-unknown-linux-musl");
    let arm = package("aarch64-unknown-linux-musl");
    assert_eq!(linux, "planfolio-v9.8.7-x86_64-unknown-linux-musl.tar.gz");
    assert_eq!(arm, "planfolio-v9.8.7-aarch64-unknown-linux-musl.tar.gz");

    // The archive holds one folder with the binary (executable), README and licence.
    let listing = stdout(&run_in(&out, "tar", &["tzf", &linux]));
    let mut entries: Vec<&str> = listing.lines().filter(|l| !l.ends_with('/')).collect();
    entries.sort();
    let folder = "planfolio-v9.8.7-x86_64-unknown-linux-musl";
    assert_eq!(
        entries,
        [
            format!("{folder}/LICENSE"),
            format!("{folder}/README.md"),
            format!("{folder}/planfolio")
        ]
    );
    let unpacked = tmp.path().join("unpacked");
    std::fs::create_dir(&unpacked).unwrap();
    let o = run_in(&unpacked, "tar", &["xzf", out.join(&linux).to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let binary_out = unpacked.join(folder).join("planfolio");
    assert_eq!(std::fs::read(&binary_out).unwrap(), std::fs::read(&binary).unwrap());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&binary_out).unwrap().permissions().mode();
        assert_eq!(mode & 0o111, 0o111, "the binary is executable: {mode:o}");
    }
    assert_eq!(
        std::fs::read(unpacked.join(folder).join("LICENSE")).unwrap(),
        read("LICENSE").into_bytes()
    );

    // The checksum lines make a SHA256SUMS that `sha256sum -c` accepts, and
    // that rejects an archive changed afterwards.
    let sums: String = [&linux, &arm]
        .iter()
        .map(|a| std::fs::read_to_string(out.join(format!("{a}.sha256"))).unwrap())
        .collect();
    assert_eq!(sums.lines().count(), 2, "{sums}");
    std::fs::write(out.join("SHA256SUMS"), &sums).unwrap();
    let o = run_in(&out, "sha256sum", &["-c", "SHA256SUMS"]);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    std::fs::write(out.join(&arm), b"tampered").unwrap();
    let o = run_in(&out, "sha256sum", &["-c", "SHA256SUMS"]);
    assert_ne!(code(&o), 0, "a changed archive fails the check");

    // Names that could escape the folder or the checksum file are refused.
    for bad in ["../x86_64", "x86 64", ""] {
        let o = Command::new("bash")
            .arg(&script)
            .args(["v1", bad])
            .arg(&binary)
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(code(&o), 2, "{bad:?}");
    }
}

#[test]
fn the_release_workflow_builds_every_system_with_the_package_script_and_publishes_sha256sums() {
    let text = read(".github/workflows/release.yml");
    let docs = yaml_rust2::YamlLoader::load_from_str(&text).unwrap();
    let doc = &docs[0];
    let jobs = doc["jobs"].as_hash().unwrap();
    let binaries = &doc["jobs"]["binaries"];
    let targets: Vec<&str> = binaries["strategy"]["matrix"]["include"]
        .as_vec()
        .unwrap()
        .iter()
        .filter_map(|m| m["target"].as_str())
        .collect();
    for wanted in [
        "x86_64-unknown-linux-musl",
        "aarch64-unknown-linux-musl",
        "apple-darwin",
        "windows",
    ] {
        assert!(targets.iter().any(|t| t.contains(wanted)), "{wanted}: {targets:?}");
    }
    let runs = |job: &yaml_rust2::Yaml| -> String {
        job["steps"]
            .as_vec()
            .unwrap()
            .iter()
            .filter_map(|s| s["run"].as_str())
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(runs(binaries).contains(".ci/package "), "{}", runs(binaries));
    // The building jobs cannot write to the repository; only the job that
    // publishes can, and it checks every archive against SHA256SUMS first.
    assert_eq!(binaries["permissions"]["contents"].as_str(), Some("read"));
    let publishers: Vec<_> = jobs
        .iter()
        .filter(|(_, j)| runs(j).contains("gh release"))
        .map(|(n, j)| (n.as_str().unwrap(), j))
        .collect();
    assert_eq!(publishers.len(), 1, "one job publishes");
    let (_, publish) = publishers[0];
    let script = runs(publish);
    let sums = script.find("> SHA256SUMS").expect("SHA256SUMS written");
    let check = script.find("sha256sum -c SHA256SUMS").expect("and checked");
    let release = script.find("gh release").unwrap();
    assert!(sums < check && check < release, "{script}");
}

#[test]
fn the_docs_show_installing_a_release_archive_with_its_checksum_checked() {
    let ci = read("docs/ci.md");
    assert!(ci.contains("SHA256SUMS"), "docs/ci.md");
    assert!(
        ci.contains("sha256sum --check --ignore-missing SHA256SUMS"),
        "docs/ci.md"
    );
}

// ------------------------------------------------------------ rust-version

/// `1.91` or `1.91.0` as (major, minor, patch).
fn version(s: &str) -> (u32, u32, u32) {
    let mut parts = s.split('.').map(|p| p.parse::<u32>().unwrap_or_else(|_| panic!("{s}")));
    (
        parts.next().unwrap(),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    )
}

#[test]
fn rust_version_is_set_to_what_the_locked_dependencies_need_and_ci_builds_with_it() {
    let manifest = read("Cargo.toml");
    let declared = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = "))
        .expect("Cargo.toml sets rust-version")
        .trim_matches('"');
    // Edition 2024 needs 1.85.
    assert!(version(declared) >= (1, 85, 0), "{declared}");

    // Every locked dependency (for this machine's platform) builds with it.
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
    let host = stdout(&run_in(&manifest_dir(), &rustc, &["-vV"]))
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
        .expect("rustc's host");
    let o = run_in(
        &manifest_dir(),
        env!("CARGO"),
        &[
            "metadata",
            "--locked",
            "--offline",
            "--format-version",
            "1",
            "--filter-platform",
            &host,
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let meta: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    for package in meta["packages"].as_array().unwrap() {
        if let Some(needed) = package["rust_version"].as_str() {
            assert!(
                version(needed) <= version(declared),
                "{} needs Rust {needed}; Cargo.toml says {declared}",
                package["name"]
            );
        }
    }

    // CI builds and tests with exactly that toolchain.
    let ci = read(".github/workflows/ci.yml");
    let docs = yaml_rust2::YamlLoader::load_from_str(&ci).unwrap();
    let on_toolchain = docs[0]["jobs"].as_hash().unwrap().values().any(|job| {
        let steps = job["steps"].as_vec().cloned().unwrap_or_default();
        let pinned = steps.iter().any(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("dtolnay/rust-toolchain@"))
                && s["with"]["toolchain"].as_str() == Some(declared)
        });
        let builds = steps
            .iter()
            .any(|s| s["run"].as_str().is_some_and(|r| r.starts_with("cargo build --locked")));
        pinned && builds
    });
    assert!(on_toolchain, "no job of ci.yml builds on Rust {declared}:\n{ci}");
}

// ------------------------------------------------------------ README and .ci/run

#[test]
fn the_readme_stands_alone() {
    let readme = read("README.md");
    // No link or path outside the repository.
    assert!(!readme.contains("../"), "README points outside the repository");
    assert!(
        !readme.contains("SPEC.md"),
        "README names the spec, which is not in the repository"
    );
    // Every relative link names a file of the repository.
    for (i, _) in readme.match_indices("](") {
        let target = &readme[i + 2..];
        let target = &target[..target.find(')').unwrap()];
        let path = target.split('#').next().unwrap();
        if path.is_empty() || target.contains("://") {
            continue;
        }
        assert!(manifest_dir().join(path).exists(), "README links to missing {target}");
    }
    // How a contributor gets planfolio on PATH, and what .ci/run needs.
    assert!(readme.contains("cargo install --path . --locked"), "README");
    for prerequisite in ["root", "apt-get", "npm", "python3", "venv"] {
        assert!(readme.contains(prerequisite), "README does not name {prerequisite}");
    }
    assert!(
        readme.contains("rust-version") || readme.contains("Rust 1.91"),
        "README names the oldest Rust"
    );
}

#[test]
fn ci_run_checks_its_prerequisites_first_and_leaves_git_config_alone() {
    let script = read(".ci/run");
    assert!(!script.contains("git config"), "it must not change git's configuration");
    // With nothing on PATH, it names each missing prerequisite, one line
    // each, and stops before installing anything.
    let empty = tempfile::tempdir().unwrap();
    let o = Command::new("/bin/bash")
        .arg(manifest_dir().join(".ci/run"))
        .env_clear()
        .env("PATH", empty.path())
        .env("HOME", empty.path())
        .output()
        .unwrap();
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    for needle in ["cargo", "npm", "apt-get"] {
        let mentions = lines
            .iter()
            .filter(|l| l.starts_with("error: .ci/run: ") && l.contains(needle))
            .count();
        assert!(mentions >= 1, "{needle} not named: {err}");
    }
    assert_eq!(stdout(&o), "", "nothing ran");
    assert_eq!(
        std::fs::read_dir(empty.path()).unwrap().count(),
        0,
        "nothing was installed"
    );
}
