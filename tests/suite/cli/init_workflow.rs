//! The CI workflow `planfolio init` writes, and docs/ci.md's GitLab example:
//! valid (actionlint, check-jsonschema), installing a planfolio it can
//! vouch for, least permissions, private publishing by default, and runnable
//! on the example site.

use crate::common;

use common::git::{commit, git, git_init, planfolio, run};
use common::lint::{actionlint, check_jsonschema};
use common::{code, stderr, stdout, write};
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const TODAY: &str = "2026-11-23";

fn json(o: &std::process::Output) -> Value {
    serde_json::from_str(&stdout(o))
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}\nstderr:\n{}", stdout(o), stderr(o)))
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

/// 2026-11-23T12:00:00Z as seconds (as worked out in cli::commands): days
/// 1970-01-01..2026-01-01 = 56*365 + 14 leap days = 20454; + 304 (Jan..Oct)
/// + 22 = 20780; 20780 * 86400 + 43200 = 1795435200.
const EPOCH_2026_11_23: &str = "1795435200";

fn account<'a>(portfolio: &'a Value, id: &str) -> &'a Value {
    portfolio["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .find(|a| a["id"] == id)
        .unwrap_or_else(|| panic!("no account {id} in {portfolio}"))
}

// ---------------------------------------------------------------------------
// 5. the workflow written by `init`

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Splits a shell command into words (single and double quotes), dropping a
/// `> file` redirection; returns the words and the redirection target.
fn shell_words(command: &str) -> (Vec<String>, Option<String>) {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut redirect = false;
    let mut target = None;
    let mut finish = |word: &mut String, in_word: &mut bool, redirect: bool| {
        if *in_word {
            if redirect {
                target = Some(std::mem::take(word));
            } else {
                words.push(std::mem::take(word));
            }
            *in_word = false;
        }
    };
    for ch in command.chars() {
        match (quote, ch) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => {
                quote = Some(ch);
                in_word = true;
            }
            (None, '>') => {
                finish(&mut word, &mut in_word, redirect);
                redirect = true;
            }
            (None, c) if c.is_whitespace() => finish(&mut word, &mut in_word, redirect),
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    finish(&mut word, &mut in_word, redirect);
    assert!(quote.is_none(), "unbalanced quotes in {command}");
    (words, target)
}

#[test]
fn shell_words_splits_quotes_and_redirections() {
    let (words, target) = shell_words("planfolio diff \"origin/main\" --format markdown > out.md");
    assert_eq!(words, ["planfolio", "diff", "origin/main", "--format", "markdown"]);
    assert_eq!(target.as_deref(), Some("out.md"));
    let (words, target) = shell_words("planfolio build --out 'my site'");
    assert_eq!(words, ["planfolio", "build", "--out", "my site"]);
    assert_eq!(target, None);
}

#[test]
fn init_workflow_is_valid_and_runs_on_the_example_site() {
    use yaml_rust2::Yaml;
    let tmp = TempDir::new().unwrap();
    let site = tmp.path().join("new-site");
    let o = planfolio().arg("init").arg(&site).output().unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = std::fs::read_to_string(site.join(".github/workflows/planfolio.yml")).expect("workflow written");

    let docs = yaml_rust2::YamlLoader::load_from_str(&text).expect("the workflow is valid YAML");
    assert_eq!(docs.len(), 1);
    let doc = &docs[0];
    let on = &doc["on"];
    assert!(on.as_hash().is_some(), "`on` is a mapping: {on:?}");
    assert!(!on["pull_request"].is_badvalue(), "on.pull_request");
    assert!(!on["push"].is_badvalue(), "on.push");
    let branches = on["push"]["branches"].as_vec().expect("on.push.branches");
    assert!(branches.contains(&Yaml::String("main".into())), "{branches:?}");

    let jobs = doc["jobs"].as_hash().expect("jobs");
    assert!(!jobs.is_empty());
    // (job condition, planfolio commands) per job.
    let mut commands: Vec<(String, String)> = Vec::new();
    for (name, job) in jobs {
        let steps = job["steps"]
            .as_vec()
            .unwrap_or_else(|| panic!("job {name:?} has steps"));
        assert!(!steps.is_empty(), "job {name:?}");
        for step in steps {
            assert!(
                step["uses"].as_str().is_some() || step["run"].as_str().is_some(),
                "each step uses an action or runs a command: {step:?}"
            );
            if let Some(run) = step["run"].as_str() {
                for line in run.lines().map(str::trim).filter(|l| l.starts_with("planfolio ")) {
                    commands.push((job["if"].as_str().unwrap_or("").to_string(), line.to_string()));
                }
            }
        }
    }
    let on_pr = |c: &(String, String)| c.0.contains("pull_request");
    let on_push = |c: &(String, String)| c.0.contains("push");
    assert!(
        commands
            .iter()
            .any(|c| on_pr(c) && c.1.starts_with("planfolio check ") && c.1.contains("--format github")),
        "pull requests run `check --format github`: {commands:?}"
    );
    assert!(
        commands.iter().any(|c| on_pr(c) && c.1.starts_with("planfolio diff ")),
        "pull requests run `diff`: {commands:?}"
    );
    assert!(
        commands
            .iter()
            .any(|c| on_push(c) && c.1.starts_with("planfolio build")),
        "pushes run `build`: {commands:?}"
    );

    // The example site in a repository: main at origin/main, then a pull
    // request branch with one warning-free change (bodmin's employee count).
    let repo = tmp.path().join("repo");
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&manifest.join("content"), &repo.join("content"));
    std::fs::copy(manifest.join("planfolio.yaml"), repo.join("planfolio.yaml")).unwrap();
    copy_dir(&site.join(".github"), &repo.join(".github"));
    git_init(&repo);
    commit(&repo, "2026-11-01", "the example site");
    git(&repo, &["update-ref", "refs/remotes/origin/main", "HEAD"]);
    git(&repo, &["checkout", "-q", "-b", "pr"]);
    let bodmin = "content/accounts/bodmin-aggregates.md";
    let before = std::fs::read_to_string(repo.join(bodmin)).unwrap();
    assert!(before.contains("\nemployees: 260\n"));
    write(
        &repo,
        bodmin,
        &before.replace("\nemployees: 260\n", "\nemployees: 270\n"),
    );
    commit(&repo, "2026-11-20", "bodmin grew");

    for (_, command) in &commands {
        let command = command.replace("${{ github.base_ref }}", "main");
        assert!(!command.contains("${{"), "unsubstituted expression in {command}");
        let (words, _redirect) = shell_words(&command);
        assert_eq!(words[0], "planfolio");
        // CI runs in the checkout; SOURCE_DATE_EPOCH pins "today" to 2026-11-23.
        let o = planfolio()
            .current_dir(&repo)
            .env("SOURCE_DATE_EPOCH", EPOCH_2026_11_23)
            .args(&words[1..])
            .output()
            .unwrap();
        assert_eq!(code(&o), 0, "`{command}` failed:\n{}\n{}", stdout(&o), stderr(&o));
        let out = stdout(&o);
        match words[1].as_str() {
            "check" => {
                assert!(!out.contains("::error"), "{out}");
                assert!(
                    out.lines().all(|l| l.contains(&format!("file={bodmin},"))),
                    "only the changed plan is reported: {out}"
                );
            }
            "diff" => {
                let first = out.lines().next().unwrap_or_default();
                assert!(first.contains("origin/main"), "summary line: {out}");
                assert!(out.contains("Bodmin Aggregates"), "{out}");
            }
            "build" => {}
            other => panic!("unexpected command {other}"),
        }
    }
    assert!(
        repo.join("public/index.html").is_file(),
        "build wrote public/index.html"
    );
    // The same diff as JSON: only bodmin changed.
    let o = run(&repo, &["diff", "origin/main", "--format", "json", "--today", TODAY]);
    let d = json(&o);
    let changed: Vec<&str> = d["changed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(changed, ["bodmin-aggregates"]);
    // And the built portfolio.json dates bodmin by the pull request's commit.
    let portfolio: Value =
        serde_json::from_str(&std::fs::read_to_string(repo.join("public/portfolio.json")).unwrap()).unwrap();
    assert_eq!(account(&portfolio, "bodmin-aggregates")["last_updated"], "2026-11-20");
    assert_eq!(account(&portfolio, "solent-marine")["last_updated"], "2026-11-01");
}
