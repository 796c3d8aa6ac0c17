//! Git edge cases (SPEC §10): shallow clones, submodules and Git LFS
//! pointers, on real repositories built in temporary folders with fixed
//! commit dates, so every expected date below is one written here.

use crate::common;

use common::git::{commit, git, git_init, run, shallow_clone};
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
