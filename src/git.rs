//! Reading a site's history with the `git` command: one process per
//! question (never one per file), and nothing at all outside a repository.

use crate::load::{CONFIG_FILE, FileKind, SourceFile};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What to do when a commit is missing because the clone is shallow.
pub const SHALLOW_ADVICE: &str = "this is a shallow clone, so older commits were not fetched: \
fetch the whole history with `git fetch --unshallow` (in GitHub Actions, give actions/checkout \
`fetch-depth: 0`; in GitLab CI, set `GIT_DEPTH: 0`)";

/// A problem running git.
#[derive(Debug)]
pub struct GitError(pub String);

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for GitError {}

/// A site inside a git repository.
#[derive(Clone, Debug)]
pub struct Repo {
    /// The site root.
    root: PathBuf,
    /// The site root's path inside the repository (`""` at the top, else `"a/b/"`).
    prefix: String,
}

/// A commit of the first-parent line with the site files it changed.
#[derive(Clone, Debug, PartialEq)]
pub struct LogCommit {
    /// The full hash.
    pub hash: String,
    /// The committer date.
    pub date: NaiveDate,
    /// The first line of the message.
    pub subject: String,
    pub changes: Vec<FileChange>,
}

/// One file a commit changed: blob ids before and after (`None`: absent).
#[derive(Clone, Debug, PartialEq)]
pub struct FileChange {
    /// Path relative to the site root.
    pub path: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// The commits of `git log --raw -z --no-abbrev
/// --format=%x01%H%x00%cs%x00%s%x00`, with their changes to site files.
///
/// The log is read with `--no-renames`, so a moved file is a deletion and an
/// addition; should git still report a rename or a copy (`R`/`C` with two
/// paths), it is split the same way, so that history always sees a move as
/// the old path going away and the new one appearing (and follows the plan
/// by its id across it).
fn parse_raw_log(out: &str) -> Vec<LogCommit> {
    let mut commits = Vec::new();
    for record in out.split('\x01').filter(|r| !r.is_empty()) {
        let mut fields = record.split('\0');
        let (Some(hash), Some(date), Some(subject)) = (fields.next(), fields.next(), fields.next()) else {
            continue;
        };
        let Ok(date) = NaiveDate::parse_from_str(date, "%Y-%m-%d") else {
            continue;
        };
        let mut changes = Vec::new();
        while let Some(meta) = fields.next() {
            // ":<old mode> <new mode> <old blob> <new blob> <status>", then
            // the path (two paths, old then new, for a rename or a copy).
            let Some(meta) = meta.trim_start_matches('\n').strip_prefix(':') else {
                continue;
            };
            let Some(path) = fields.next() else { break };
            let parts: Vec<&str> = meta.split(' ').collect();
            let blob = |s: Option<&&str>| s.filter(|b| b.bytes().any(|c| c != b'0')).map(|b| b.to_string());
            let (old, new) = (blob(parts.get(2)), blob(parts.get(3)));
            let status = parts.get(4).and_then(|s| s.chars().next());
            if matches!(status, Some('R' | 'C')) {
                let Some(to) = fields.next() else { break };
                if status == Some('R') && FileKind::of(path).is_some() {
                    changes.push(FileChange {
                        path: path.to_string(),
                        old: old.clone(),
                        new: None,
                    });
                }
                if FileKind::of(to).is_some() {
                    changes.push(FileChange {
                        path: to.to_string(),
                        old: None,
                        new,
                    });
                }
            } else if FileKind::of(path).is_some() {
                changes.push(FileChange {
                    path: path.to_string(),
                    old,
                    new,
                });
            }
        }
        commits.push(LogCommit {
            hash: hash.to_string(),
            date,
            subject: subject.to_string(),
            changes,
        });
    }
    commits
}

/// A commit: hash and committer date.
#[derive(Clone, Debug, PartialEq)]
pub struct Commit {
    pub hash: String,
    pub date: NaiveDate,
}

fn git(root: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C")
        .arg(root)
        .env("GIT_OPTIONAL_LOCKS", "0")
        .stdin(Stdio::null());
    c
}

fn run(cmd: &mut Command) -> Result<String, GitError> {
    let out = cmd.output().map_err(|e| GitError(format!("cannot run git: {e}")))?;
    if !out.status.success() {
        return Err(GitError(String::from_utf8_lossy(&out.stderr).trim().to_string()));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

impl Repo {
    /// The repository holding the site at `root`, if there is one (and git is installed).
    pub fn open(root: &Path) -> Option<Repo> {
        let prefix = run(git(root).args(["rev-parse", "--show-prefix"])).ok()?;
        Some(Repo {
            root: root.to_path_buf(),
            prefix: prefix.trim().to_string(),
        })
    }

    /// Resolves `rev` to a commit hash; a clear error when it names nothing.
    pub fn resolve(&self, rev: &str) -> Result<String, GitError> {
        run(git(&self.root).args([
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &format!("{rev}^{{commit}}"),
        ]))
        .map(|s| s.trim().to_string())
        .map_err(|_| {
            let mut message = format!("`{rev}` is not a commit in this repository");
            if self.is_shallow() {
                message.push_str(&format!("; {SHALLOW_ADVICE}"));
            }
            GitError(message)
        })
    }

    /// Whether the repository is a shallow clone (history cut at some depth).
    pub fn is_shallow(&self) -> bool {
        run(git(&self.root).args(["rev-parse", "--is-shallow-repository"])).is_ok_and(|s| s.trim() == "true")
    }

    /// The commits at which a shallow clone's history is cut (their parents
    /// were not fetched); empty for a complete repository.
    pub fn shallow_boundary(&self) -> Vec<String> {
        let Ok(path) = run(git(&self.root).args(["rev-parse", "--git-path", "shallow"])) else {
            return Vec::new();
        };
        let path = self.root.join(path.trim());
        std::fs::read_to_string(path)
            .map(|text| text.split_whitespace().map(str::to_string).collect())
            .unwrap_or_default()
    }

    /// The date of the last commit touching each site file (paths relative to the root), from one `git log`.
    ///
    /// In a shallow clone, the commits where the history is cut are left out:
    /// git shows them as adding every file, so the date they would give a file
    /// is the clone's depth, not its last change. Such a file has no date.
    pub fn last_updated(&self) -> BTreeMap<String, NaiveDate> {
        let mut out = BTreeMap::new();
        let boundary = self.shallow_boundary();
        let mut cmd = git(&self.root);
        cmd.args(["log", "--format=%x00%cs", "--name-only", "--relative", "--no-renames"]);
        if !boundary.is_empty() {
            cmd.arg("HEAD").args(boundary.iter().map(|hash| format!("^{hash}")));
        }
        let Ok(log) = run(cmd.args(["--", "content"])) else {
            return out;
        };
        let mut date = None;
        for line in log.lines() {
            if let Some(d) = line.strip_prefix('\0') {
                date = NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok();
            } else if !line.is_empty()
                && let Some(d) = date
            {
                // Newest first: the first date seen for a path is its last change.
                out.entry(line.to_string()).or_insert(d);
            }
        }
        out
    }

    /// Commits reachable from HEAD (first parent), newest first, with dates.
    pub fn commits(&self) -> Vec<Commit> {
        let Ok(log) = run(git(&self.root).args(["log", "--first-parent", "--format=%H %cs", "HEAD"])) else {
            return Vec::new();
        };
        log.lines()
            .filter_map(|l| {
                let (hash, date) = l.split_once(' ')?;
                Some(Commit {
                    hash: hash.to_string(),
                    date: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?,
                })
            })
            .collect()
    }

    /// HEAD's commit hash and whether the repository is a shallow clone, from
    /// one `git rev-parse`; `None` when HEAD names no commit yet.
    pub fn head_and_shallow(&self) -> Option<(String, bool)> {
        let out = run(git(&self.root).args(["rev-parse", "--is-shallow-repository", "--verify", "HEAD"])).ok()?;
        let mut lines = out.lines();
        let shallow = lines.next()? == "true";
        let head = lines.next()?.trim().to_string();
        (!head.is_empty()).then_some((head, shallow))
    }

    /// The commits on HEAD's first-parent line that change the site's
    /// `content/` or `planfolio.yaml`, newest first, each with its file
    /// changes (paths relative to the site root, full blob ids), from one
    /// `git log --raw`. A merge shows its changes against its first parent.
    pub fn first_parent_changes(&self) -> Result<Vec<LogCommit>, GitError> {
        let out = run(git(&self.root).args([
            "log",
            "-m",
            "--first-parent",
            "--raw",
            "-z",
            "--no-renames",
            "--no-abbrev",
            "--relative",
            "--format=%x01%H%x00%cs%x00%s%x00",
            "HEAD",
            "--",
            "content",
            CONFIG_FILE,
        ]))?;
        Ok(parse_raw_log(&out))
    }

    /// The site's files at commit `hash` (no revision lookup): (path relative
    /// to the root, blob id).
    pub fn tree_of_commit(&self, hash: &str) -> Result<Vec<(String, String)>, GitError> {
        let listing = run(git(&self.root).args(["ls-tree", "-r", "-z", "--full-tree", hash]))?;
        Ok(listing
            .split('\0')
            .filter_map(|entry| {
                // "<mode> blob <oid>\t<path>"
                let (meta, full) = entry.split_once('\t')?;
                let mut meta = meta.split(' ');
                let (_, kind, oid) = (meta.next(), meta.next()?, meta.next()?);
                let rel = full.strip_prefix(&self.prefix)?;
                (kind == "blob" && FileKind::of(rel).is_some()).then(|| (rel.to_string(), oid.to_string()))
            })
            .collect())
    }

    /// Site files whose working-tree content differs from HEAD (modified,
    /// staged, deleted or untracked), from one `git status`.
    pub fn worktree_changes(&self) -> Result<Vec<String>, GitError> {
        let out = run(git(&self.root).args([
            "status",
            "--porcelain=v1",
            "-z",
            "--no-renames",
            "--untracked-files=all",
            "--",
            "content",
            CONFIG_FILE,
        ]))?;
        // Porcelain paths are relative to the repository's top.
        let mut files: Vec<String> = out
            .split('\0')
            .filter_map(|entry| entry.get(3..))
            .filter_map(|full| full.strip_prefix(&self.prefix))
            .filter(|rel| FileKind::of(rel).is_some())
            .map(str::to_string)
            .collect();
        files.sort();
        files.dedup();
        Ok(files)
    }

    /// The first-parent commits of HEAD that `rev` does not contain (what
    /// came after it), from one `git rev-list`.
    pub fn first_parent_after(&self, rev: &str) -> Result<Vec<String>, GitError> {
        let hash = self.resolve(rev)?;
        let out = run(git(&self.root).args(["rev-list", "--first-parent", "HEAD", &format!("^{hash}")]))?;
        Ok(out.lines().map(str::to_string).collect())
    }

    /// Site files changed between `rev` and the working tree, plus untracked files.
    pub fn changed_since(&self, rev: &str) -> Result<Vec<String>, GitError> {
        let hash = self.resolve(rev)?;
        let diff = run(git(&self.root).args(["diff", "--name-only", "--relative", "--no-renames", &hash, "--", "."]))?;
        let untracked = run(git(&self.root).args(["ls-files", "--others", "--exclude-standard", "--", "."]))?;
        let mut files: Vec<String> = diff.lines().chain(untracked.lines()).map(str::to_string).collect();
        files.sort();
        files.dedup();
        Ok(files)
    }

    /// The site's files at `rev`: (path relative to the root, blob id), from
    /// the tree alone (no file contents read).
    pub fn tree_at(&self, rev: &str) -> Result<Vec<(String, String)>, GitError> {
        self.tree_of_commit(&self.resolve(rev)?)
    }

    /// The site's files as they were at `rev`, read from git objects (the
    /// working tree and index are not touched).
    pub fn sources_at(&self, rev: &str) -> Result<Vec<SourceFile>, GitError> {
        let tree = self.tree_at(rev)?;
        let ids: Vec<String> = tree.iter().map(|(_, oid)| oid.clone()).collect();
        let mut blobs = self.read_blobs(&ids)?;
        let mut sources: Vec<SourceFile> = tree
            .into_iter()
            .filter_map(|(rel, oid)| blobs.remove(&oid).map(|bytes| SourceFile { rel, bytes }))
            .collect();
        sources.extend(self.submodule_sources_at(rev)?);
        Ok(sources)
    }

    /// The site files inside git submodules under `content/` at `rev`, read
    /// from each submodule's own repository at the commit `rev` records for
    /// it (the working tree reads the submodule's files, so the revision must
    /// too). A submodule that is not checked out here, or lacks that commit,
    /// adds nothing.
    pub fn submodule_sources_at(&self, rev: &str) -> Result<Vec<SourceFile>, GitError> {
        let hash = self.resolve(rev)?;
        let listing = run(git(&self.root).args(["ls-tree", "-r", "-z", "--full-tree", &hash]))?;
        let mut sources = Vec::new();
        for entry in listing.split('\0') {
            // "160000 commit <oid>\t<path>" is a submodule.
            let Some((meta, full)) = entry.split_once('\t') else {
                continue;
            };
            let mut meta = meta.split(' ');
            let (Some(_), Some("commit"), Some(commit)) = (meta.next(), meta.next(), meta.next()) else {
                continue;
            };
            let Some(rel) = full.strip_prefix(&self.prefix) else {
                continue;
            };
            if rel != "content" && !rel.starts_with("content/") {
                continue;
            }
            // Checked out: git finds a repository whose top is that folder.
            let Some(sub) = Repo::open(&self.root.join(rel)).filter(|sub| sub.prefix.is_empty()) else {
                continue;
            };
            let Ok(files) = run(git(&sub.root).args(["ls-tree", "-r", "-z", "--full-tree", commit])) else {
                continue;
            };
            let tree: Vec<(String, String)> = files
                .split('\0')
                .filter_map(|entry| {
                    let (meta, path) = entry.split_once('\t')?;
                    let mut meta = meta.split(' ');
                    let (_, kind, oid) = (meta.next(), meta.next()?, meta.next()?);
                    let site_rel = format!("{rel}/{path}");
                    (kind == "blob" && FileKind::of(&site_rel).is_some()).then(|| (site_rel, oid.to_string()))
                })
                .collect();
            let ids: Vec<String> = tree.iter().map(|(_, oid)| oid.clone()).collect();
            let Ok(mut blobs) = sub.read_blobs(&ids) else {
                continue;
            };
            sources.extend(
                tree.into_iter()
                    .filter_map(|(rel, oid)| blobs.remove(&oid).map(|bytes| SourceFile { rel, bytes })),
            );
        }
        Ok(sources)
    }

    /// Reads blobs by id with one `git cat-file --batch`; the same id is read once.
    pub fn read_blobs(&self, ids: &[String]) -> Result<BTreeMap<String, Vec<u8>>, GitError> {
        let mut unique: Vec<&String> = ids.iter().collect();
        unique.sort();
        unique.dedup();
        let mut out = BTreeMap::new();
        if unique.is_empty() {
            return Ok(out);
        }
        let mut child = git(&self.root)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| GitError(format!("cannot run git: {e}")))?;
        let mut stdin = child
            .stdin
            .take()
            .ok_or_else(|| GitError("git cat-file: no stdin".into()))?;
        let requests: String = unique.iter().map(|id| format!("{id}\n")).collect();
        // Write from another thread so a full stdout pipe cannot deadlock us.
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(requests.as_bytes());
        });
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| GitError("git cat-file: no stdout".into()))?;
        let mut reader = BufReader::new(stdout);
        for id in unique {
            let mut header = String::new();
            reader.read_line(&mut header).map_err(|e| GitError(e.to_string()))?;
            let mut parts = header.split_whitespace();
            let (_, kind, size) = (parts.next(), parts.next(), parts.next());
            let size: usize = match (kind, size.and_then(|s| s.parse().ok())) {
                (Some("blob"), Some(size)) => size,
                _ => continue,
            };
            let mut bytes = vec![0; size];
            reader.read_exact(&mut bytes).map_err(|e| GitError(e.to_string()))?;
            let mut newline = [0u8; 1];
            reader.read_exact(&mut newline).map_err(|e| GitError(e.to_string()))?;
            out.insert(id.clone(), bytes);
        }
        let _ = writer.join();
        let _ = child.wait();
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "d9a47c507567b2521af4c259df03d627dd3fbbfc";
    const NEW: &str = "1111111111111111111111111111111111111111";
    const NONE: &str = "0000000000000000000000000000000000000000";

    /// One commit of `git log --raw -z` (as git writes it) with these raw entries.
    fn record(entries: &[(&str, &str, &str, &[&str])]) -> String {
        let mut out = format!("\x01{}\x002026-12-07\x00Move Acme\x00\x00", "a".repeat(40));
        for (old, new, status, paths) in entries {
            out.push_str(&format!("\n:100644 100644 {old} {new} {status}\x00"));
            for p in *paths {
                out.push_str(p);
                out.push('\0');
            }
        }
        out
    }

    fn change(path: &str, old: Option<&str>, new: Option<&str>) -> FileChange {
        FileChange {
            path: path.into(),
            old: old.map(str::to_string),
            new: new.map(str::to_string),
        }
    }

    #[test]
    fn a_rename_entry_is_a_deletion_and_an_addition() {
        let log = record(&[
            (
                OLD,
                NEW,
                "R087",
                &["content/accounts/acme.md", "content/accounts/eu/acme.md"],
            ),
            (
                OLD,
                OLD,
                "C100",
                &["content/accounts/beta.md", "content/accounts/gamma.md"],
            ),
            (NONE, NEW, "A", &["planfolio.yaml"]),
            // What `--no-renames` gives for a move: left as it is.
            (OLD, NONE, "D", &["content/accounts/delta.md"]),
            (NONE, OLD, "A", &["content/accounts/eu/delta.md"]),
        ]);
        let commits = parse_raw_log(&log);
        assert_eq!(commits.len(), 1);
        assert_eq!(
            commits[0].changes,
            [
                change("content/accounts/acme.md", Some(OLD), None),
                change("content/accounts/eu/acme.md", None, Some(NEW)),
                // A copy leaves its source in place.
                change("content/accounts/gamma.md", None, Some(OLD)),
                change("planfolio.yaml", None, Some(NEW)),
                change("content/accounts/delta.md", Some(OLD), None),
                change("content/accounts/eu/delta.md", None, Some(OLD)),
            ]
        );
    }
}
