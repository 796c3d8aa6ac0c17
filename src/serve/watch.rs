//! Watching the site's sources and coalescing bursts of events.

use crate::load::{CONFIG_FILE, is_ignored_name, rel_path};
use notify::{EventKind, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// Folders of a site that are watched recursively.
pub const WATCHED_DIRS: &[&str] = &["content", "theme", "static"];

/// How long the sources must be quiet before a rebuild starts.
pub const QUIET: Duration = Duration::from_millis(15);
/// The longest a burst may delay a rebuild.
pub const MAX_DELAY: Duration = Duration::from_millis(400);

/// Whether a change at `rel` (relative to the root) can affect the site.
pub fn is_relevant(rel: &str) -> bool {
    let mut parts = rel.split('/');
    let first = parts.next().unwrap_or("");
    let in_site = rel == CONFIG_FILE || WATCHED_DIRS.contains(&first);
    in_site && !rel.split('/').skip(1).any(is_ignored_name)
}

/// A watcher over a site's sources.
pub struct SiteWatcher {
    root: PathBuf,
    watcher: notify::RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    watching: BTreeSet<String>,
}

impl SiteWatcher {
    /// Starts watching the site at `root`.
    pub fn new(root: &Path) -> notify::Result<SiteWatcher> {
        // Events carry the watched path as given; a canonical root makes
        // them comparable with `root.join(..)`.
        let root = &std::fs::canonicalize(root)?;
        let (tx, events) = std::sync::mpsc::channel();
        let mut watcher = notify::recommended_watcher(tx)?;
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        let mut w = SiteWatcher {
            root: root.to_path_buf(),
            watcher,
            events,
            watching: BTreeSet::new(),
        };
        w.watch_dirs();
        Ok(w)
    }

    /// Adds watches for site folders that exist now (they may appear later).
    fn watch_dirs(&mut self) {
        for dir in WATCHED_DIRS {
            let path = self.root.join(dir);
            if path.is_dir()
                && !self.watching.contains(*dir)
                && self.watcher.watch(&path, RecursiveMode::Recursive).is_ok()
            {
                self.watching.insert(dir.to_string());
            } else if !path.is_dir() {
                self.watching.remove(*dir);
            }
        }
    }

    fn collect(&self, event: notify::Result<notify::Event>, into: &mut BTreeSet<String>) {
        let Ok(event) = event else { return };
        // Our own reads show up as access events; only changes count.
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        for path in &event.paths {
            let rel = rel_path(&self.root, path);
            if is_relevant(&rel) {
                into.insert(rel);
            }
        }
    }

    /// Waits for the next burst of relevant changes and returns the changed
    /// paths (relative to the root). Returns `None` when watching has ended.
    pub fn next_burst(&mut self) -> Option<Vec<String>> {
        let mut changed = BTreeSet::new();
        while changed.is_empty() {
            let first = self.events.recv().ok()?;
            self.collect(first, &mut changed);
        }
        let started = Instant::now();
        loop {
            let left = MAX_DELAY.saturating_sub(started.elapsed());
            if left.is_zero() {
                break;
            }
            match self.events.recv_timeout(QUIET.min(left)) {
                Ok(ev) => self.collect(ev, &mut changed),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        if changed.iter().any(|p| WATCHED_DIRS.contains(&p.as_str())) {
            self.watch_dirs();
        }
        Some(changed.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relevance() {
        assert!(is_relevant("content/accounts/a.md"));
        assert!(is_relevant("planfolio.yaml"));
        assert!(is_relevant("theme/templates/plan.html"));
        assert!(is_relevant("content"));
        assert!(!is_relevant("content/accounts/.a.md.swp"));
        assert!(!is_relevant("content/accounts/a.md~"));
        assert!(!is_relevant("public/index.html"));
        assert!(!is_relevant(".git/index"));
        assert!(!is_relevant("content/#a.md#"));
    }
}
