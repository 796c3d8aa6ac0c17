//! `init` and `new account`: starter files written from embedded templates.

use crate::model::slug;
use anyhow::{Context, Result, bail};
use chrono::{Days, NaiveDate};
use std::path::{Path, PathBuf};

const SITE_CONFIG: &str = include_str!("scaffold/site.yaml");
const INDEX: &str = include_str!("scaffold/index.md");
const MEMBER: &str = include_str!("scaffold/member.md");
const EXAMPLE_PLAN: &str = include_str!("scaffold/example.md");
const ACCOUNT_TEMPLATE: &str = include_str!("scaffold/account.md");
/// The GitHub Actions workflow `init` writes, with `{{INSTALL_ENV}}` and
/// `{{INSTALL_STEPS}}` still to fill in (see [`workflow`]).
pub const WORKFLOW: &str = include_str!("scaffold/workflow.yml");

/// The crate name cargo records installs under.
const PACKAGE: &str = env!("CARGO_PKG_NAME");

/// Where the workflow `init` writes gets planfolio: a source the site owner
/// named (or that cargo's own install record names), never a guess.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InstallSource {
    /// `cargo install --locked --git URL (--rev|--tag) REV planfolio`.
    Git {
        /// A URL cargo can clone (`https://…`, `ssh://…`, `git@host:path`, `file://…`).
        url: String,
        /// The revision built.
        rev: GitRev,
    },
    /// `cargo install --locked planfolio --version VERSION`, from crates.io.
    Registry {
        /// The exact published version.
        version: String,
    },
}

/// The revision of a [`InstallSource::Git`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GitRev {
    /// `--rev`: a full 40-hex commit hash, which names one tree forever.
    Commit(String),
    /// `--tag`: a tag, which its repository's owner can move.
    Tag(String),
}

/// Characters a URL, revision or version may have in the workflow: it is
/// written into a single-quoted YAML string that the shell splits into words
/// and into an actions/cache key, so nothing that quotes, expands, separates,
/// comments or (for the cache key) lists.
fn safe_word(s: &str) -> bool {
    !s.is_empty() && !s.starts_with('-') && s.chars().all(|c| c.is_ascii_alphanumeric() || "-._~:/@%+=".contains(c))
}

/// A full commit hash: 40 hex digits (SHA-1 object names).
fn is_full_commit(s: &str) -> bool {
    s.len() == 40 && s.chars().all(|c| c.is_ascii_hexdigit())
}

/// What `--install-from` accepts, for messages.
pub const INSTALL_FROM_FORMS: &str = "GIT_URL@COMMIT (a full 40-hex commit hash), GIT_URL@TAG, or registry[@VERSION]";

impl InstallSource {
    /// Parses the value of `init --install-from`: `registry[@VERSION]`
    /// (crates.io; default version: this one) or `GIT_URL@REV`, where a REV
    /// of 40 hex digits is a commit and anything else a tag.
    pub fn parse(spec: &str) -> Result<InstallSource> {
        let spec = spec.trim();
        // `registry` alone, or `registry@…`; a URL may start with the word too.
        if spec == "registry" || spec.starts_with("registry@") {
            let version = match spec.strip_prefix("registry@") {
                None => env!("CARGO_PKG_VERSION"),
                Some(v) if safe_word(v) && v.starts_with(|c: char| c.is_ascii_digit()) => v,
                Some(_) => {
                    bail!("`--install-from {spec}`: write `registry` or `registry@VERSION` (e.g. registry@0.1.0)")
                }
            };
            return Ok(InstallSource::Registry {
                version: version.to_string(),
            });
        }
        // `@` also appears in `git@host:path` and `ssh://git@host/…`: it
        // starts a revision only when no `/` or `:` follows it.
        let (url, rev) = match spec.rsplit_once('@') {
            Some((url, rev)) if !rev.contains('/') && !rev.contains(':') => (url, Some(rev)),
            _ => (spec, None),
        };
        if !safe_word(url) || !url.contains(':') {
            bail!(
                "`--install-from {spec}`: `{url}` is not a git URL cargo can clone \
                 (e.g. https://github.com/your-org/planfolio or git@github.com:your-org/planfolio.git)"
            );
        }
        let rev = match rev {
            Some(rev) if is_full_commit(rev) => GitRev::Commit(rev.to_ascii_lowercase()),
            Some(rev) if safe_word(rev) => GitRev::Tag(rev.to_string()),
            Some(rev) => bail!("`--install-from {spec}`: `{rev}` is not a revision; give a full commit hash or a tag"),
            None => bail!(
                "`--install-from {spec}` names no revision: add `@COMMIT` (the full 40-hex hash of the commit to build), \
                 so CI builds the code you chose and nothing pushed later"
            ),
        };
        Ok(InstallSource::Git {
            url: url.to_string(),
            rev,
        })
    }

    /// A warning to show the owner about this source, if it can change under them.
    pub fn warning(&self) -> Option<String> {
        match self {
            InstallSource::Git {
                url,
                rev: GitRev::Tag(tag),
            } => Some(format!(
                "`{tag}` is not a full 40-hex commit hash, so the workflow installs the tag `{tag}` of {url}; \
                 a tag can be moved to other code after you chose it. Pin the commit instead: \
                 --install-from {url}@<40-hex commit>"
            )),
            _ => None,
        }
    }

    /// The shell command that installs planfolio (the workflow adds `--root`).
    pub fn command(&self) -> String {
        match self {
            InstallSource::Git { url, rev } => {
                let rev = match rev {
                    GitRev::Commit(commit) => format!("--rev {commit}"),
                    GitRev::Tag(tag) => format!("--tag {tag}"),
                };
                format!("cargo install --locked --git {url} {rev} {PACKAGE}")
            }
            InstallSource::Registry { version } => format!("cargo install --locked {PACKAGE} --version {version}"),
        }
    }

    /// The source cargo's install record (`<root>/.crates2.json`, root being
    /// an install root such as `$CARGO_HOME`) gives for the running
    /// planfolio: only when `exe` is that root's `bin/planfolio` and the record is for this package and version, from
    /// a git commit or crates.io (never a local path, which CI cannot reach).
    pub fn from_cargo_record(root: &Path, exe: &Path) -> Option<InstallSource> {
        let bin = std::fs::canonicalize(root.join("bin")).ok()?;
        let exe = std::fs::canonicalize(exe).ok()?;
        if exe.parent() != Some(bin.as_path()) {
            return None;
        }
        let text = std::fs::read_to_string(root.join(".crates2.json")).ok()?;
        let record: serde_json::Value = serde_json::from_str(&text).ok()?;
        let exe_name = exe.file_name()?.to_str()?;
        record.get("installs")?.as_object()?.iter().find_map(|(key, entry)| {
            let installs_this_exe = entry
                .get("bins")
                .and_then(|b| b.as_array())
                .is_some_and(|bins| bins.iter().any(|b| b.as_str() == Some(exe_name)));
            installs_this_exe.then(|| Self::from_record_key(key)).flatten()
        })
    }

    /// Reads a `.crates2.json` key, `NAME VERSION (SOURCE)`, for this
    /// package and version.
    fn from_record_key(key: &str) -> Option<InstallSource> {
        let mut parts = key.splitn(3, ' ');
        let (name, version, source) = (parts.next()?, parts.next()?, parts.next()?);
        if name != PACKAGE || version != env!("CARGO_PKG_VERSION") {
            return None;
        }
        let source = source.strip_prefix('(')?.strip_suffix(')')?;
        if let Some(git) = source.strip_prefix("git+") {
            // `URL[?rev=…|?tag=…|?branch=…]#COMMIT`: the fragment is the commit built.
            let (url, commit) = git.rsplit_once('#')?;
            let url = url.split_once('?').map_or(url, |(u, _)| u);
            return (is_full_commit(commit) && safe_word(url) && url.contains(':')).then(|| InstallSource::Git {
                url: url.to_string(),
                rev: GitRev::Commit(commit.to_ascii_lowercase()),
            });
        }
        let crates_io = [
            "registry+https://github.com/rust-lang/crates.io-index",
            "sparse+https://index.crates.io/",
        ];
        (crates_io.contains(&source) && safe_word(version)).then(|| InstallSource::Registry {
            version: version.to_string(),
        })
    }
}

/// Where `cargo install` puts binaries and its record: `$CARGO_INSTALL_ROOT`
/// when set, and cargo's home (`$CARGO_HOME`, else `~/.cargo`).
pub fn install_roots() -> Vec<PathBuf> {
    let set = |var: &str| std::env::var_os(var).filter(|v| !v.is_empty()).map(PathBuf::from);
    let home = set("CARGO_HOME").or_else(|| set("HOME").or_else(|| set("USERPROFILE")).map(|h| h.join(".cargo")));
    set("CARGO_INSTALL_ROOT").into_iter().chain(home).collect()
}

/// Why the workflow has no install source, and what to pass: printed by
/// `init` and written into the workflow's failing install step.
pub fn no_source_message() -> String {
    format!(
        "the CI workflow does not install planfolio yet: cargo has no record of installing this planfolio \
         from a git commit or from crates.io, so init cannot vouch for any source to build it from. \
         Run init again with --install-from {INSTALL_FROM_FORMS}, \
         or edit the Install planfolio steps of .github/workflows/planfolio.yml"
    )
}

/// The workflow `init` writes: installing planfolio from `source`, cached
/// between runs under the exact command; without a source, an install step
/// that fails with [`no_source_message`].
pub fn workflow(source: Option<&InstallSource>) -> String {
    let (env, steps) = match source {
        Some(source) => (
            format!(
                "env:\n  # How CI gets planfolio: the source named to `planfolio init --install-from`,\n  \
                 # or the one cargo recorded when it installed the planfolio that ran init.\n  \
                 # The built binary is cached under this exact command: change it and\n  \
                 # the next run builds again.\n  \
                 PLANFOLIO_INSTALL: '{}'",
                source.command()
            ),
            INSTALL_STEPS.to_string(),
        ),
        None => (
            "# No install source yet: see the Install planfolio steps below.".to_string(),
            format!(
                "      - name: Install planfolio\n        \
                 run: |\n          \
                 echo '::error::{}'\n          \
                 exit 1",
                no_source_message().replace('\'', "")
            ),
        ),
    };
    WORKFLOW
        .replace("{{INSTALL_ENV}}", &env)
        .replace("{{INSTALL_STEPS}}", &steps)
}

/// The steps that install planfolio into `~/.planfolio`, skipped when the
/// cache holds the build of the same command for this runner.
const INSTALL_STEPS: &str = "      - name: Restore planfolio from the cache
        id: planfolio-cache
        uses: actions/cache@v5
        with:
          path: ~/.planfolio
          key: planfolio-${{ runner.os }}-${{ runner.arch }}-${{ env.PLANFOLIO_INSTALL }}
      - name: Install planfolio
        if: steps.planfolio-cache.outputs.cache-hit != 'true'
        run: $PLANFOLIO_INSTALL --root \"$HOME/.planfolio\"
      - name: Put planfolio on PATH
        run: echo \"$HOME/.planfolio/bin\" >> \"$GITHUB_PATH\"";

fn write_new(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    // `create_new` never follows a link at `path` (a dangling link would
    // otherwise create its target, wherever it points) and never overwrites.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    std::io::Write::write_all(&mut file, text.as_bytes()).with_context(|| format!("writing {}", path.display()))
}

fn plus_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(d)
}

/// Writes a new site into `dir`, with a CI workflow that installs planfolio
/// from `install` (or, without one, says it cannot); refuses to touch an
/// existing site. Returns the files written, relative to `dir`.
pub fn init(dir: &Path, today: NaiveDate, install: Option<&InstallSource>) -> Result<Vec<String>> {
    for existing in ["planfolio.yaml", "content"] {
        if dir.join(existing).exists() {
            bail!(
                "{} already has `{existing}`; init only creates new sites",
                dir.display()
            );
        }
    }
    let plan = EXAMPLE_PLAN
        .replace("{{TODAY}}", &today.to_string())
        .replace("{{IN_30_DAYS}}", &plus_days(today, 30).to_string())
        .replace("{{IN_90_DAYS}}", &plus_days(today, 90).to_string());
    let files = [
        ("planfolio.yaml", SITE_CONFIG.to_string()),
        ("content/_index.md", INDEX.to_string()),
        ("content/team/alex-king.md", MEMBER.to_string()),
        ("content/accounts/example-industries.md", plan),
        (".github/workflows/planfolio.yml", workflow(install)),
    ];
    for (rel, text) in &files {
        write_new(&dir.join(rel), text)?;
    }
    Ok(files.iter().map(|(rel, _)| rel.to_string()).collect())
}

/// Writes `content/accounts/<slug>.md` for a new account; returns its path.
pub fn new_account(root: &Path, name: &str, owner: Option<&str>, today: NaiveDate) -> Result<String> {
    let id = slug(name);
    if id.is_empty() {
        bail!("`{name}` gives no usable file name; use letters or digits in the name");
    }
    let rel = format!("content/accounts/{id}.md");
    let path = root.join(&rel);
    if path.exists() || path.symlink_metadata().is_ok() {
        bail!("{rel} already exists");
    }
    // The folder may be a link: never write a plan outside the site.
    let folder = root.join("content/accounts");
    if let (Ok(folder), Ok(site)) = (std::fs::canonicalize(&folder), std::fs::canonicalize(root))
        && !folder.starts_with(&site)
    {
        bail!("content/accounts links to a folder outside the site; planfolio never writes through such a link");
    }
    let owner = match owner {
        Some(o) => o.to_string(),
        None => first_team_member(root).unwrap_or_else(|| "your-team-id".to_string()),
    };
    if !crate::model::is_valid_id(&owner) {
        bail!("`--owner {owner}` is not a valid id (lower-case letters, digits and `-`)");
    }
    if !root.join(format!("content/team/{owner}.md")).is_file() {
        eprintln!("note: there is no content/team/{owner}.md yet; `check` will report the owner until you add it");
    }
    let name_yaml = serde_json::to_string(name).unwrap_or_else(|_| format!("{name:?}"));
    let text = ACCOUNT_TEMPLATE
        .replace("{{NAME_YAML}}", &name_yaml)
        .replace("{{NAME}}", name.lines().next().unwrap_or(""))
        .replace("{{OWNER}}", &owner)
        .replace("{{TODAY}}", &today.to_string());
    write_new(&path, &text)?;
    Ok(rel)
}

fn first_team_member(root: &Path) -> Option<String> {
    let mut ids: Vec<String> = std::fs::read_dir(root.join("content/team"))
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".md"))
                .map(str::to_string)
        })
        .filter(|id| crate::model::is_valid_id(id))
        .collect();
    ids.sort();
    ids.into_iter().next()
}
