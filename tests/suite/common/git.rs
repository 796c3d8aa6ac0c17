//! Git helpers for tests that build real repositories in temporary folders
//! (the ones the history and init-workflow tests use): every command is isolated from the
//! user's git configuration, and commits get fixed dates at noon UTC.
//!
//! Use it as `common::git` after `use crate::common;`.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// Environment variables that could point git somewhere else than the test's
/// folder, or change its behaviour through the user's configuration.
pub fn isolate(c: &mut Command) {
    for var in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
        "GIT_CEILING_DIRECTORIES",
    ] {
        c.env_remove(var);
    }
    c.env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_TERMINAL_PROMPT", "0");
}

/// `git -C dir` with a test identity, no signing, and local-path submodules
/// allowed.
pub fn git_command(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C").arg(dir).args([
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.com",
        "-c",
        "commit.gpgsign=false",
        "-c",
        "protocol.file.allow=always",
    ]);
    isolate(&mut c);
    c
}

/// The stdout of a git run; panics with its stderr when it failed.
pub fn check_git(args: &[&str], out: &Output) -> String {
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("utf-8 git output")
}

/// Runs git in `dir` and returns its stdout; panics when it fails.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = git_command(dir).args(args).output().expect("run git");
    check_git(args, &out)
}

/// A new repository on branch `main`.
pub fn git_init(dir: &Path) {
    std::fs::create_dir_all(dir).expect("create the repository folder");
    git(dir, &["init", "-q", "-b", "main"]);
}

/// Stages everything and commits with author and committer dates at noon UTC.
pub fn commit(dir: &Path, day: &str, message: &str) {
    commit_dated(dir, day, day, message);
}

/// Stages everything and commits with different author and committer dates.
pub fn commit_dated(dir: &Path, author_day: &str, committer_day: &str, message: &str) {
    git(dir, &["add", "-A"]);
    let args = ["commit", "-q", "--no-verify", "-m", message];
    let out = git_command(dir)
        .env("GIT_AUTHOR_DATE", format!("{author_day}T12:00:00Z"))
        .env("GIT_COMMITTER_DATE", format!("{committer_day}T12:00:00Z"))
        .args(args)
        .output()
        .expect("run git commit");
    check_git(&args, &out);
}

/// `git clone --depth N file://from to` (a shallow clone).
pub fn shallow_clone(from: &Path, to: &Path, depth: u32) {
    let parent = to.parent().expect("clone target has a parent");
    let url = format!("file://{}", from.display());
    let to = to.to_str().expect("utf-8 path");
    git(parent, &["clone", "-q", "--depth", &depth.to_string(), &url, to]);
}

/// The planfolio binary, isolated like git and with no SOURCE_DATE_EPOCH.
pub fn planfolio() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_planfolio"));
    c.env_remove("SOURCE_DATE_EPOCH").env("NO_COLOR", "1");
    isolate(&mut c);
    c
}

/// Runs the binary on the site at `root` (`--root root args…`).
pub fn run(root: &Path, args: &[&str]) -> Output {
    planfolio()
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("run planfolio")
}

/// A site built from `root` into a fresh folder on `today`.
pub struct Built {
    /// Its `portfolio.json`.
    pub portfolio: serde_json::Value,
    /// What the build wrote to standard error (notes about the history).
    pub stderr: String,
    /// The folder holding the site (`site/` inside); removed when dropped.
    pub out: tempfile::TempDir,
}

/// Builds `root` into a fresh folder; the build must succeed.
pub fn build(root: &Path, today: &str) -> Built {
    let out = tempfile::TempDir::new().expect("tempdir");
    let site = out.path().join("site");
    let o = run(
        root,
        &["build", "--today", today, "--out", site.to_str().expect("utf-8 path")],
    );
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(0), "build failed: {stderr}");
    let text = std::fs::read_to_string(site.join("portfolio.json")).expect("portfolio.json");
    Built {
        portfolio: serde_json::from_str(&text).expect("portfolio.json is JSON"),
        stderr,
        out,
    }
}
