//! `init` and `new account`: starter files written from embedded templates.

use crate::model::slug;
use anyhow::{Context, Result, bail};
use chrono::{Days, NaiveDate};
use std::path::Path;

const SITE_CONFIG: &str = include_str!("scaffold/site.yaml");
const INDEX: &str = include_str!("scaffold/index.md");
const MEMBER: &str = include_str!("scaffold/member.md");
const EXAMPLE_PLAN: &str = include_str!("scaffold/example.md");
const ACCOUNT_TEMPLATE: &str = include_str!("scaffold/account.md");
/// The GitHub Actions workflow `init` writes, with `{{INSTALL}}` still to
/// fill in (see [`workflow`]).
pub const WORKFLOW: &str = include_str!("scaffold/workflow.yml");

/// The repository CI installs planfolio from when `init` is given no
/// `--install-from` (Cargo.toml's `repository`).
pub const DEFAULT_REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// Where the workflow `init` writes gets planfolio: a git repository and a
/// pinned revision, built with `cargo install --locked --git`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstallSource {
    /// A URL cargo can clone (`https://…`, `ssh://…`, `git@host:path`, `file://…`).
    pub url: String,
    pub pin: Pin,
}

/// The revision of [`InstallSource`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pin {
    /// `--rev`: a commit hash (or any revision git resolves).
    Rev(String),
    /// `--tag`: a release tag.
    Tag(String),
}

impl Default for InstallSource {
    /// planfolio's own repository at the release tag of this version.
    fn default() -> Self {
        InstallSource {
            url: DEFAULT_REPOSITORY.to_string(),
            pin: Pin::Tag(format!("v{}", env!("CARGO_PKG_VERSION"))),
        }
    }
}

/// Characters a URL or revision may have in the workflow: it is written into
/// a single-quoted YAML string that the shell splits into words, so nothing
/// that quotes, expands, separates or comments.
fn safe_word(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~:/@%+=,".contains(c))
}

impl InstallSource {
    /// Parses `URL[@REV]` (the value of `init --install-from`). Without
    /// `@REV`, the pin is the release tag of this version, `v<version>`.
    pub fn parse(spec: &str) -> Result<InstallSource> {
        let spec = spec.trim();
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
        let pin = match rev {
            Some(rev) if safe_word(rev) => Pin::Rev(rev.to_string()),
            Some(rev) => bail!("`--install-from {spec}`: `{rev}` is not a revision; give a commit hash or a tag"),
            None => InstallSource::default().pin,
        };
        Ok(InstallSource {
            url: url.to_string(),
            pin,
        })
    }

    /// The shell command that installs planfolio.
    pub fn command(&self) -> String {
        let pin = match &self.pin {
            Pin::Rev(rev) => format!("--rev {rev}"),
            Pin::Tag(tag) => format!("--tag {tag}"),
        };
        format!("cargo install --locked --git {} {pin} planfolio", self.url)
    }
}

/// The workflow `init` writes, installing planfolio from `source`.
pub fn workflow(source: &InstallSource) -> String {
    WORKFLOW.replace("{{INSTALL}}", &source.command())
}

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
/// from `install`; refuses to touch an existing site.
/// Returns the files written, relative to `dir`.
pub fn init(dir: &Path, today: NaiveDate, install: &InstallSource) -> Result<Vec<String>> {
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
