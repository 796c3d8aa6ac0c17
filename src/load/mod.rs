//! Loading a site: find the files (SPEC §1), split front matter, parse the
//! YAML into span-carrying trees and decode them into the model.

pub mod decode;
pub mod markdown;
pub mod plan;
pub mod yaml;

use crate::diagnostic::{Code, Diagnostic, Span};
use crate::model::{Site, is_valid_id, slug};
use decode::Decoder;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Largest file planfolio reads; a plan is a few kilobytes.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// The config file's name, at the site root.
pub const CONFIG_FILE: &str = "planfolio.yaml";

/// The id of the plan, team member or competitor in the file at `rel`: its
/// file name without `.md`, wherever it sits under its folder (so moving a
/// file into a sub-folder keeps its id).
pub fn file_id(rel: &str) -> &str {
    rel.rsplit('/').next().unwrap_or("").trim_end_matches(".md")
}

/// What a content file is, by where it sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Index,
    Plan,
    Team,
    Competitor,
    Config,
}

impl FileKind {
    /// The kind of the file at `rel` (relative to the site root), if planfolio reads it.
    pub fn of(rel: &str) -> Option<FileKind> {
        if rel == CONFIG_FILE {
            return Some(FileKind::Config);
        }
        let rest = rel.strip_prefix("content/")?;
        if rest == "_index.md" {
            return Some(FileKind::Index);
        }
        // `_index.md` is the front page only at the top of content/.
        if rest.ends_with("/_index.md") {
            return None;
        }
        if !rest.ends_with(".md") || is_ignored_path(rest) {
            return None;
        }
        let (dir, _) = rest.split_once('/')?;
        match dir {
            "accounts" => Some(FileKind::Plan),
            "team" => Some(FileKind::Team),
            "competitors" => Some(FileKind::Competitor),
            _ => None,
        }
    }
}

/// Whether a file or folder name is skipped (SPEC §1): hidden, `_`-prefixed
/// (except `_index.md`), or an editor leftover.
pub fn is_ignored_name(name: &str) -> bool {
    (name.starts_with('.') || name.starts_with('_')) && name != "_index.md"
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
}

fn is_ignored_path(rel: &str) -> bool {
    rel.split('/').any(is_ignored_name)
}

/// One source file's bytes, by path relative to the site root.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub rel: String,
    pub bytes: Vec<u8>,
}

/// A loaded site and every problem found while loading it.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub site: Site,
    pub diagnostics: Vec<Diagnostic>,
}

/// The folders of `content/` that hold files planfolio reads.
const CONTENT_FOLDERS: [&str; 3] = ["accounts", "team", "competitors"];

/// Lists the files of the site at `root` that planfolio reads, and reports
/// those that cannot be read (I/O errors, symlink loops, links that leave the
/// site, folders where files belong and files where folders belong).
pub fn discover(root: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    let canon_root = canonical_root(root);
    // Whatever its type: reading it reports a folder, a FIFO or a link out.
    if std::fs::symlink_metadata(root.join(CONFIG_FILE)).is_ok() {
        files.push(root.join(CONFIG_FILE));
    }
    let content = root.join("content");
    let Ok(content_meta) = std::fs::symlink_metadata(&content) else {
        return (files, diags);
    };
    if content_meta.file_type().is_symlink()
        && let Some(d) = refused_link(&canon_root, root, &content)
    {
        diags.push(d);
        return (files, diags);
    }
    if content_meta.file_type().is_symlink() && std::fs::metadata(&content).is_err() {
        diags.push(
            Diagnostic::new(
                Code::UnreadableFile,
                "content",
                Span::file_start(),
                "broken symbolic link: its target does not exist",
            )
            .with_hint("remove the link or make it point at a folder inside the site"),
        );
        return (files, diags);
    }
    if !content.is_dir() {
        diags.push(not_a_folder(root, &content));
        return (files, diags);
    }
    // Links out of the site found while walking; the walker prunes them.
    let mut escaped = Vec::new();
    let walker = walkdir::WalkDir::new(&content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 || is_ignored_name(&e.file_name().to_string_lossy()) {
                return e.depth() == 0;
            }
            // Only a link can lead out: below a checked folder, plain
            // entries stay inside it.
            if e.path_is_symlink()
                && let Some(d) = refused_link(&canon_root, root, e.path())
            {
                escaped.push(d);
                return false;
            }
            true
        });
    for entry in walker {
        match entry {
            Ok(e) => {
                let rel = rel_path(root, e.path());
                let is_content_folder =
                    e.depth() == 1 && CONTENT_FOLDERS.contains(&e.file_name().to_string_lossy().as_ref());
                if is_content_folder && !e.file_type().is_dir() {
                    diags.push(not_a_folder(root, e.path()));
                } else if FileKind::of(&rel).is_some() {
                    // Folders, FIFOs and devices named `*.md` too: reading
                    // reports them (checking the type before opening).
                    files.push(e.into_path());
                }
            }
            Err(err) => {
                let rel = err
                    .path()
                    .map(|p| rel_path(root, p))
                    .unwrap_or_else(|| "content".into());
                let is_link = err
                    .path()
                    .is_some_and(|p| std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink()));
                let (message, hint) = walk_error_text(&err, is_link);
                diags.push(Diagnostic::new(Code::UnreadableFile, &rel, Span::file_start(), message).with_hint(hint));
            }
        }
    }
    diags.extend(escaped);
    (files, diags)
}

/// The message and hint for a folder walk's error at a path (`is_link`:
/// the path is a symbolic link).
pub fn walk_error_text(err: &walkdir::Error, is_link: bool) -> (String, &'static str) {
    if err.loop_ancestor().is_some() {
        (
            "symbolic link loop: this folder links back to one of its parents".into(),
            "remove the link",
        )
    } else if is_link && err.io_error().is_some_and(|e| e.kind() == std::io::ErrorKind::NotFound) {
        (
            "broken symbolic link: its target does not exist".into(),
            "remove the link or make it point at a file inside the site",
        )
    } else {
        (
            format!(
                "cannot read: {}",
                err.io_error().map_or(err.to_string(), |e| e.to_string())
            ),
            "fix the permissions of the file or folder",
        )
    }
}

/// The site root with every link resolved, for telling whether a link's
/// target lies inside it (the root itself unchanged when it cannot be resolved).
pub fn canonical_root(root: &Path) -> PathBuf {
    std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf())
}

/// The diagnostic for the link at `path` when planfolio must not follow it:
/// its target lies outside the site root, or inside it but on a path the
/// build never reads nor publishes (see [`unpublished_path`]), such as
/// `.git/config`. A broken link is left to the reader, which reports it.
pub fn refused_link(canon_root: &Path, root: &Path, path: &Path) -> Option<Diagnostic> {
    let target = std::fs::canonicalize(path).ok()?;
    let (message, hint) = refused_target(canon_root, &target)?;
    // The link's own text is part of the site; its target's bytes never are.
    let shown = std::fs::read_link(path)
        .map(|t| format!(" (`{}`)", t.display()))
        .unwrap_or_default();
    Some(
        Diagnostic::new(
            Code::UnreadableFile,
            &rel_path(root, path),
            Span::file_start(),
            message.replacen("symbolic link", &format!("symbolic link{shown}"), 1),
        )
        .with_hint(hint),
    )
}

/// Why a link whose target resolves to `target` (canonical) is not
/// followed, with a hint; `None` when it may be.
fn refused_target(canon_root: &Path, target: &Path) -> Option<(&'static str, &'static str)> {
    match target.strip_prefix(canon_root) {
        Err(_) => Some((
            "symbolic link to a target outside the site: planfolio never follows links out of the site root",
            "copy the file into the site, or point the link at a file inside the site",
        )),
        Ok(inside) if unpublished_path(inside) => Some((
            "symbolic link into a hidden or ignored path of the site (such as `.git`): planfolio never reads nor publishes those",
            "point the link at a file whose path has no part starting with `.` or `_`, or copy the file there",
        )),
        Ok(_) => None,
    }
}

/// Whether a path relative to the site root passes through a name the
/// build ignores ([`is_ignored_name`]: `.git`, `.env`, `_drafts` …), so
/// that reaching it through a link would read or publish what the build
/// itself never does.
fn unpublished_path(rel: &Path) -> bool {
    rel.components()
        .any(|c| is_ignored_name(&c.as_os_str().to_string_lossy()))
}

fn not_a_folder(root: &Path, path: &Path) -> Diagnostic {
    let rel = rel_path(root, path);
    Diagnostic::new(
        Code::UnreadableFile,
        &rel,
        Span::file_start(),
        format!("`{rel}` is a file, but planfolio expects a folder here"),
    )
    .with_hint(format!(
        "move the file away and create a folder `{rel}/` for the site's files"
    ))
}

/// Why a path is not a regular file planfolio can read, by its file type
/// (read without opening it, so a FIFO never blocks).
fn not_regular(file_type: std::fs::FileType) -> Option<(&'static str, &'static str)> {
    #[cfg(unix)]
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_file() {
        return None;
    }
    if file_type.is_dir() {
        return Some((
            "is a folder, not a file",
            "rename the folder: names ending in `.md` (and `planfolio.yaml`) are files planfolio reads",
        ));
    }
    #[cfg(unix)]
    {
        if file_type.is_fifo() {
            return Some(("is a named pipe (FIFO), not a file", "replace it with a regular file"));
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return Some(("is a device, not a file", "replace it with a regular file"));
        }
        if file_type.is_socket() {
            return Some(("is a socket, not a file", "replace it with a regular file"));
        }
    }
    Some(("is not a regular file", "replace it with a regular file"))
}

/// Opens the regular file at `path` for reading, after checking what it is:
/// a link leaving the site root (`canon_root`), a folder, a FIFO or a device
/// is refused with the reason and a hint, never opened. With `whole_path`,
/// every folder on the way is checked too (the walker checks them itself).
pub fn open_regular(
    canon_root: &Path,
    path: &Path,
    whole_path: bool,
) -> Result<(std::fs::File, u64), (String, Option<&'static str>)> {
    let cannot = |e: std::io::Error| (format!("cannot read: {e}"), None);
    let link = std::fs::symlink_metadata(path).map_err(cannot)?;
    let is_link = link.file_type().is_symlink();
    if is_link || whole_path {
        match std::fs::canonicalize(path) {
            Ok(target) => {
                if let Some((message, hint)) = refused_target(canon_root, &target) {
                    return Err((message.into(), Some(hint)));
                }
            }
            Err(_) if is_link && std::fs::metadata(path).is_err() => {
                return Err((
                    "broken symbolic link: its target does not exist".into(),
                    Some("remove the link or make it point at a file inside the site"),
                ));
            }
            Err(e) => return Err(cannot(e)),
        }
    }
    let meta = if is_link {
        std::fs::metadata(path).map_err(cannot)?
    } else {
        link
    };
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    if let Some((what, hint)) = not_regular(meta.file_type()) {
        return Err((format!("`{name}` {what}"), Some(hint)));
    }
    let file = std::fs::File::open(path).map_err(cannot)?;
    // The type again, of what was opened: the path may have changed since.
    let meta = file.metadata().map_err(cannot)?;
    if let Some((what, hint)) = not_regular(meta.file_type()) {
        return Err((format!("`{name}` {what}"), Some(hint)));
    }
    Ok((file, meta.len()))
}

/// `path` relative to `root`, with `/` separators.
pub fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Loads the site at `root` from disk.
pub fn load_site(root: &Path) -> Loaded {
    let cache = FileCache::scan(root);
    let timer = crate::timing::Timer::start();
    let loaded = cache.loaded();
    timer.lap("load: assemble");
    loaded
}

fn read_file(root: &Path, canon_root: &Path, path: &Path, whole_path: bool) -> Result<SourceFile, Diagnostic> {
    let rel = rel_path(root, path);
    let unreadable = |msg: String| Diagnostic::new(Code::UnreadableFile, &rel, Span::file_start(), msg);
    let cannot = |e: std::io::Error| unreadable(format!("cannot read: {e}"));
    let (mut file, len) = open_regular(canon_root, path, whole_path)
        .map_err(|(message, hint)| unreadable(message).with_hint_opt(hint.map(String::from)))?;
    if len > MAX_FILE_BYTES {
        return Err(unreadable(format!(
            "file is {:.1} MiB; planfolio reads files of at most {} MiB",
            len as f64 / 1_048_576.0,
            MAX_FILE_BYTES / 1_048_576
        ))
        .with_hint("a plan is a few kilobytes; move attachments out of content/"));
    }
    let mut bytes = Vec::with_capacity(len as usize + 1);
    // At most one byte more than the limit, should the file grow meanwhile.
    std::io::Read::read_to_end(&mut std::io::Read::take(&mut file, MAX_FILE_BYTES + 1), &mut bytes).map_err(cannot)?;
    Ok(SourceFile { rel, bytes })
}

/// The text of the site file `rel` for showing its lines in a report, when
/// it is a small regular file inside the site (never a link out of the site,
/// a FIFO or a device).
pub fn read_for_report(root: &Path, rel: &str) -> Option<String> {
    let (file, len) = open_regular(&canonical_root(root), &root.join(rel), true).ok()?;
    if len > MAX_FILE_BYTES {
        return None;
    }
    let mut text = String::new();
    std::io::Read::read_to_string(&mut std::io::Read::take(file, MAX_FILE_BYTES), &mut text).ok()?;
    Some(text)
}

/// One parsed file: what it contributes to the site and its diagnostics.
#[derive(Clone, Debug)]
pub struct ParsedFile(Parsed, Vec<Diagnostic>);

impl ParsedFile {
    /// The plan this file holds, when it is a plan that decoded (perhaps with errors).
    pub fn plan(&self) -> Option<&Arc<crate::model::Plan>> {
        match &self.0 {
            Parsed::Plan(p) => Some(p),
            _ => None,
        }
    }

    /// The site config, when this is `planfolio.yaml` and it decoded.
    pub fn config(&self) -> Option<&crate::model::Config> {
        match &self.0 {
            Parsed::Config(c) => Some(c),
            _ => None,
        }
    }

    /// Whether reading this file found an error.
    pub fn has_errors(&self) -> bool {
        self.1
            .iter()
            .any(|d| d.severity() == crate::diagnostic::Severity::Error)
    }
}

/// Parses one file (the same bytes at the same path always parse the same).
pub fn parse_file(src: &SourceFile) -> ParsedFile {
    let (parsed, diags) = parse_source(src);
    ParsedFile(parsed, diags)
}

/// What one parsed file contributes to the site.
#[derive(Clone, Debug)]
enum Parsed {
    Config(crate::model::Config),
    Index(crate::model::IndexPage),
    Plan(Arc<crate::model::Plan>),
    Team(crate::model::TeamMember),
    Competitor(crate::model::CompetitorProfile),
    Nothing,
}

/// Parsed files by path, so that a change re-parses only the files it touched.
#[derive(Clone, Debug, Default)]
pub struct FileCache {
    files: BTreeMap<String, (Parsed, Vec<Diagnostic>)>,
    /// Problems found while walking the folders (loops, permissions).
    walk_diagnostics: Vec<Diagnostic>,
}

impl FileCache {
    /// Parses every file of the site at `root`.
    pub fn scan(root: &Path) -> FileCache {
        let timer = crate::timing::Timer::start();
        let (paths, walk_diagnostics) = discover(root);
        timer.lap("load: discover");
        let canon_root = canonical_root(root);
        let files = paths
            .par_iter()
            .map(|p| {
                let rel = rel_path(root, p);
                let entry = match read_file(root, &canon_root, p, false) {
                    Ok(src) => parse_source(&src),
                    Err(d) => (Parsed::Nothing, vec![d]),
                };
                (rel, entry)
            })
            .collect();
        FileCache {
            files,
            walk_diagnostics,
        }
    }

    /// Parses files already in memory.
    pub fn from_sources(sources: &[SourceFile]) -> FileCache {
        let files = sources
            .par_iter()
            .map(|src| (src.rel.clone(), parse_source(src)))
            .collect();
        FileCache {
            files,
            walk_diagnostics: Vec::new(),
        }
    }

    /// A cache of files parsed elsewhere (e.g. shared between git revisions).
    pub fn from_parsed(files: impl IntoIterator<Item = (String, ParsedFile)>) -> FileCache {
        FileCache {
            files: files.into_iter().map(|(rel, ParsedFile(p, d))| (rel, (p, d))).collect(),
            walk_diagnostics: Vec::new(),
        }
    }

    /// Re-reads the files at `changed` (paths relative to `root`); a file
    /// that no longer exists is dropped. Returns false when a change needs a
    /// full rescan (a folder appeared or vanished).
    pub fn refresh(&mut self, root: &Path, changed: &[String]) -> bool {
        let canon_root = canonical_root(root);
        for rel in changed {
            let path = root.join(rel);
            if path.is_dir() || (!path.exists() && self.has_files_under(rel)) {
                return false;
            }
            if FileKind::of(rel).is_none() {
                continue;
            }
            // Whatever is there now is read (and reported when it cannot be).
            if std::fs::symlink_metadata(&path).is_ok() {
                let entry = match read_file(root, &canon_root, &path, true) {
                    Ok(src) => parse_source(&src),
                    Err(d) => (Parsed::Nothing, vec![d]),
                };
                self.files.insert(rel.clone(), entry);
            } else {
                self.files.remove(rel);
            }
        }
        true
    }

    /// Whether any parsed file lies below folder `rel`.
    pub fn has_files_under(&self, rel: &str) -> bool {
        let prefix = format!("{rel}/");
        self.files
            .range(prefix.clone()..)
            .next()
            .is_some_and(|(k, _)| k.starts_with(&prefix))
    }

    /// Assembles the site from the parsed files.
    pub fn loaded(&self) -> Loaded {
        let mut loaded = Loaded {
            diagnostics: self.walk_diagnostics.clone(),
            ..Loaded::default()
        };
        for (parsed, diags) in self.files.values() {
            loaded.diagnostics.extend(diags.iter().cloned());
            match parsed {
                Parsed::Config(c) => loaded.site.config = c.clone(),
                Parsed::Index(i) => loaded.site.index = Some(i.clone()),
                Parsed::Plan(p) => loaded.site.plans.push(Arc::clone(p)),
                Parsed::Team(t) => loaded.site.team.push(t.clone()),
                Parsed::Competitor(c) => loaded.site.competitors.push(c.clone()),
                Parsed::Nothing => {}
            }
        }
        // Files in sub-folders can share a stem; the first (by path) wins.
        let site = &mut loaded.site;
        dedup_files(&mut site.plans, |p| (&p.id, &p.file), &mut loaded.diagnostics);
        dedup_files(&mut site.team, |t| (&t.id, &t.file), &mut loaded.diagnostics);
        dedup_files(&mut site.competitors, |c| (&c.id, &c.file), &mut loaded.diagnostics);
        site.plans.sort_by(|a, b| a.id.cmp(&b.id));
        site.team.sort_by(|a, b| a.id.cmp(&b.id));
        site.competitors.sort_by(|a, b| a.id.cmp(&b.id));
        loaded
    }
}

/// Loads a site from files already in memory (from disk or from git).
pub fn load_sources(sources: Vec<SourceFile>) -> Loaded {
    FileCache::from_sources(&sources).loaded()
}

fn dedup_files<T>(items: &mut Vec<T>, key: impl Fn(&T) -> (&String, &String), diags: &mut Vec<Diagnostic>) {
    let mut seen: std::collections::HashMap<String, String> = Default::default();
    items.retain(|item| {
        let (id, file) = key(item);
        if let Some(first) = seen.get(id) {
            diags.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    file,
                    Span::file_start(),
                    format!("id `{id}` is already used by {first}"),
                )
                .with_hint("ids come from file names; rename one of the files"),
            );
            false
        } else {
            seen.insert(id.clone(), file.clone());
            true
        }
    });
}

fn parse_source(src: &SourceFile) -> (Parsed, Vec<Diagnostic>) {
    let Some(kind) = FileKind::of(&src.rel) else {
        return (Parsed::Nothing, Vec::new());
    };
    let mut dec = Decoder::new(&src.rel);
    let text = match std::str::from_utf8(&src.bytes) {
        Ok(t) => t.strip_prefix('\u{feff}').unwrap_or(t),
        Err(e) => {
            let valid = &src.bytes[..e.valid_up_to()];
            let line = valid.iter().filter(|b| **b == b'\n').count() as u32 + 1;
            let col = valid.iter().rev().take_while(|b| **b != b'\n').count() as u32 + 1;
            dec.report(
                Code::UnreadableFile,
                Span::new(line, col, 1),
                "file is not valid UTF-8 text",
                Some("save the file with UTF-8 encoding".into()),
            );
            return (Parsed::Nothing, dec.diags);
        }
    };
    let stem = file_id(&src.rel);
    if matches!(kind, FileKind::Plan | FileKind::Team | FileKind::Competitor) && !is_valid_id(stem) {
        let fix = slug(stem);
        dec.report(
            Code::InvalidValue,
            Span::file_start(),
            format!("file name `{stem}.md` is not a valid id"),
            Some(if fix.is_empty() {
                "ids use lower-case letters, digits and `-`".into()
            } else {
                format!("ids use lower-case letters, digits and `-`; rename the file to `{fix}.md`")
            }),
        );
    }
    if is_lfs_pointer(text) {
        let code = if kind == FileKind::Config {
            Code::UnreadableFile
        } else {
            Code::MissingFrontMatter
        };
        dec.report(
            code,
            Span::file_start(),
            "this is a Git LFS pointer, not the file: its content was not downloaded from LFS",
            Some(
                "run `git lfs pull` (in GitHub Actions, give actions/checkout `lfs: true`); plans are small text files, so they need not be stored in LFS"
                    .into(),
            ),
        );
        return (Parsed::Nothing, dec.diags);
    }
    let (yaml, body, offset) = if kind == FileKind::Config {
        (text, "", 0)
    } else {
        match split_front_matter(text) {
            Ok((yaml, body)) => (yaml, body, 1),
            Err(message) => {
                dec.report(
                    Code::MissingFrontMatter,
                    Span::file_start(),
                    message,
                    Some("start the file with a line `---`, the YAML fields, then a line `---`".into()),
                );
                return (Parsed::Nothing, dec.diags);
            }
        }
    };
    let root = match yaml::parse(yaml, offset) {
        Ok(root) => root,
        Err(e) => {
            dec.report(
                Code::YamlSyntax,
                e.span,
                format!("YAML syntax error: {}", e.message),
                e.hint,
            );
            return (Parsed::Nothing, dec.diags);
        }
    };
    let body = decode::model_text(body);
    let parsed = match kind {
        FileKind::Config => Parsed::Config(plan::decode_config(&mut dec, &root)),
        FileKind::Index => Parsed::Index(plan::decode_index(&mut dec, &root, body)),
        FileKind::Plan => Parsed::Plan(Arc::new(plan::decode_plan(&mut dec, stem, &root, body))),
        FileKind::Team => Parsed::Team(plan::decode_team_member(&mut dec, stem, &root, body)),
        FileKind::Competitor => Parsed::Competitor(plan::decode_profile(&mut dec, stem, &root, body)),
    };
    (parsed, dec.diags)
}

/// Whether `text` is a Git LFS pointer file: a `version` line naming the LFS
/// specification, then an `oid` line (git-lfs docs/spec.md).
pub fn is_lfs_pointer(text: &str) -> bool {
    let mut lines = text.lines();
    lines.next().is_some_and(|first| {
        first.starts_with("version https://git-lfs.github.com/spec/")
            || first.starts_with("version https://hawser.github.com/spec/")
    }) && lines.any(|l| l.starts_with("oid "))
}

/// Splits `---`-delimited front matter from the Markdown body.
pub fn split_front_matter(text: &str) -> Result<(&str, &str), String> {
    if text.trim().is_empty() {
        return Err("file is empty: it needs a front matter block".into());
    }
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err("no front matter: the first line must be `---`".into());
    }
    let yaml_start = (first_end + 1).min(text.len());
    // Only lines starting with `---` can close the front matter: look for
    // those (a substring search) rather than at every line.
    for (i, _) in text[first_end..].match_indices("\n---") {
        let pos = first_end + i + 1;
        let end = text[pos..].find('\n').map_or(text.len(), |j| pos + j);
        if text[pos..end].trim_end() == "---" {
            let body_start = (end + 1).min(text.len());
            return Ok((&text[yaml_start..pos], &text[body_start..]));
        }
    }
    Err("front matter is not closed: no line `---` after the opening one".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lfs_pointers_are_recognised() {
        let pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n";
        assert!(is_lfs_pointer(pointer));
        assert!(!is_lfs_pointer(
            "---\nname: version https://git-lfs.github.com/spec/v1\n---\n"
        ));
        assert!(!is_lfs_pointer("version https://git-lfs.github.com/spec/v1\n"));
        assert!(!is_lfs_pointer(""));
    }

    #[test]
    fn front_matter_split() {
        assert_eq!(split_front_matter("---\na: 1\n---\nbody\n"), Ok(("a: 1\n", "body\n")));
        assert_eq!(split_front_matter("---\r\na: 1\r\n---\r\n"), Ok(("a: 1\r\n", "")));
        assert!(split_front_matter("").is_err());
        assert!(split_front_matter("# title\n").is_err());
        assert!(split_front_matter("---\na: 1\n").is_err());
        assert_eq!(split_front_matter("---\n---\nbody"), Ok(("", "body")));
        assert_eq!(split_front_matter("---\na: ---\n--- \t\nb"), Ok(("a: ---\n", "b")));
        assert_eq!(split_front_matter("---\na: 1\n----\n---"), Ok(("a: 1\n----\n", "")));
        assert!(split_front_matter("---").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_named_by_type() {
        // A device node needs root to create in a site; the system's own do.
        let kind = |p: &str| std::fs::metadata(p).map(|m| not_regular(m.file_type()).map(|(what, _)| what));
        assert_eq!(kind("/dev/null").ok().flatten(), Some("is a device, not a file"));
        assert_eq!(kind("/").ok().flatten(), Some("is a folder, not a file"));
        // Opening refuses the device without reading it (reading /dev/zero never ends).
        let root = canonical_root(Path::new("/dev"));
        let refused = open_regular(&root, Path::new("/dev/zero"), true).map(|_| ());
        assert_eq!(
            refused.map_err(|(m, _)| m),
            Err("`zero` is a device, not a file".to_string())
        );
    }

    #[test]
    fn kinds_and_ignores() {
        assert_eq!(FileKind::of("content/accounts/deepwell.md"), Some(FileKind::Plan));
        assert_eq!(FileKind::of("content/accounts/emea/deepwell.md"), Some(FileKind::Plan));
        assert_eq!(FileKind::of("content/_index.md"), Some(FileKind::Index));
        assert_eq!(FileKind::of("content/accounts/_draft.md"), None);
        assert_eq!(FileKind::of("content/accounts/.deepwell.md.swp"), None);
        assert_eq!(FileKind::of("content/accounts/deepwell.md~"), None);
        assert_eq!(FileKind::of("content/team/#alex.md#"), None);
        assert_eq!(FileKind::of("content/notes.md"), None);
        assert_eq!(FileKind::of("content/accounts/_index.md"), None);
        assert_eq!(FileKind::of("planfolio.yaml"), Some(FileKind::Config));
    }
}
