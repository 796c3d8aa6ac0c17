//! The preview's site state: the last good analysis with its renderer, the
//! current errors, a cache of rendered pages, and incremental rebuilds from
//! a cache of parsed files.
//!
//! Pages are rendered when they are asked for and kept until the next
//! change, so an edit costs one re-parse, one re-check of the portfolio and
//! the pages the browser then asks for — never the whole site.

use super::inject::OverlayItem;
use crate::diagnostic::{Diagnostic, Severity};
use crate::history::SiteHistory;
use crate::load::FileCache;
use crate::model::Keyword;
use crate::pipeline::Analysis;
use crate::render::{RenderError, Renderer};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::Instant;

/// A checked site ready to render pages on demand.
pub struct LiveSite {
    root: PathBuf,
    analysis: Analysis,
    history: Arc<SiteHistory>,
    renderer: Arc<Renderer>,
    /// Rendered files by output path.
    cache: Mutex<HashMap<String, Arc<Vec<u8>>>>,
}

impl LiveSite {
    /// The output file at `path`: from the cache, else rendered now.
    pub fn get(&self, path: &str) -> Result<Option<Arc<Vec<u8>>>, RenderError> {
        if let Some(hit) = self.cache.lock().unwrap_or_else(|e| e.into_inner()).get(path) {
            return Ok(Some(Arc::clone(hit)));
        }
        if crate::render::search::is_index_file(path) {
            // The index is made whole: keep every shard of it, not only this
            // one (made before taking the lock, which pages wait on).
            let files = self.renderer.search_files(&self.analysis, &self.history);
            let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
            let mut found = None;
            for (name, bytes) in files {
                let bytes = Arc::new(bytes);
                if name == path {
                    found = Some(Arc::clone(&bytes));
                }
                cache.insert(name, bytes);
            }
            return Ok(found);
        }
        let Some(bytes) = self.renderer.render_path(&self.analysis, &self.history, true, path)? else {
            return Ok(None);
        };
        let bytes = Arc::new(bytes);
        self.cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), Arc::clone(&bytes));
        Ok(Some(bytes))
    }

    /// A page's rendering error as `check` and `build` report it: at the
    /// site template (and line) that caused it.
    pub fn locate(&self, e: &RenderError) -> OverlayItem {
        overlay_item(&crate::build::locate_render_error(&self.root, e))
    }
}

/// What requests read: the last good site and the latest errors.
#[derive(Default)]
pub struct Snapshot {
    pub site: Option<Arc<LiveSite>>,
    pub errors: Arc<Vec<OverlayItem>>,
    pub generation: u64,
}

/// State shared by the server's threads.
#[derive(Default)]
pub struct Shared {
    pub snapshot: RwLock<Snapshot>,
    /// The generation, for live-reload streams waiting on a change.
    pub generation: Mutex<u64>,
    pub changed: Condvar,
    pub shutdown: std::sync::atomic::AtomicBool,
}

impl Shared {
    /// The current snapshot (cheap: reference-counted).
    pub fn current(&self) -> (Option<Arc<LiveSite>>, Arc<Vec<OverlayItem>>, u64) {
        let s = self.snapshot.read().unwrap_or_else(|e| e.into_inner());
        (s.site.clone(), Arc::clone(&s.errors), s.generation)
    }

    fn publish(&self, site: Option<Arc<LiveSite>>, errors: Vec<OverlayItem>) -> u64 {
        let generation = {
            let mut s = self.snapshot.write().unwrap_or_else(|e| e.into_inner());
            if let Some(site) = site {
                s.site = Some(site);
            }
            s.errors = Arc::new(errors);
            s.generation += 1;
            s.generation
        };
        *self.generation.lock().unwrap_or_else(|e| e.into_inner()) = generation;
        self.changed.notify_all();
        generation
    }
}

/// The result of one (re)build, for the console.
pub struct BuildReport {
    /// Pages of the new site (each renders again when next asked for).
    pub pages: usize,
    pub millis: u128,
    pub errors: usize,
}

/// Builds and rebuilds the site in memory.
pub struct Builder {
    root: PathBuf,
    today: NaiveDate,
    cache: FileCache,
    renderer: Option<Arc<Renderer>>,
    /// Git history, read once at start (commits do not change while editing).
    history: Option<Arc<SiteHistory>>,
    pub shared: Arc<Shared>,
}

fn overlay_item(d: &Diagnostic) -> OverlayItem {
    OverlayItem {
        location: format!("{}:{}:{}", d.file, d.span.line, d.span.col),
        code: d.code.as_str().to_string(),
        message: d.message.clone(),
    }
}

fn overlay_items(analysis: &Analysis) -> Vec<OverlayItem> {
    analysis
        .diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .map(overlay_item)
        .collect()
}

impl Builder {
    /// A builder for the site at `root`; call `rebuild(None)` for the first build.
    pub fn new(root: &Path, today: NaiveDate) -> Builder {
        Builder {
            root: root.to_path_buf(),
            today,
            cache: FileCache::default(),
            renderer: None,
            history: None,
            shared: Arc::new(Shared::default()),
        }
    }

    /// Whether a change at `rel` can affect the site (editor scratch files
    /// such as vim's `4913` probe do not).
    pub fn matters(&self, rel: &str) -> bool {
        crate::load::FileKind::of(rel).is_some()
            || ["theme", "static"]
                .iter()
                .any(|d| rel == *d || rel.starts_with(&format!("{d}/")))
            || self.root.join(rel).is_dir()
            || self.cache.has_files_under(rel)
    }

    /// Rebuilds after `changed` (paths relative to the root); `None` means everything.
    pub fn rebuild(&mut self, changed: Option<&[String]>) -> BuildReport {
        let started = Instant::now();
        let theme_changed = changed.is_none_or(|c| {
            c.iter().any(|p| {
                p == crate::load::CONFIG_FILE
                    || p.starts_with("theme/")
                    || p == "theme"
                    || p.starts_with("static/")
                    || p == "static"
            })
        });
        if theme_changed {
            // Compiled again once the site has no errors, even when this
            // change brings some (the last good site keeps its own).
            self.renderer = None;
        }
        match changed {
            Some(paths) if self.cache.refresh(&self.root, paths) => {}
            _ => self.cache = FileCache::scan(&self.root),
        }
        // The build driver's stages, as `check` and `build` run them: only
        // the changed files were parsed again.
        let analysis = crate::build::analyse(&self.root, self.cache.loaded(), self.today);
        let errors = overlay_items(&analysis);
        if !errors.is_empty() {
            let n = errors.len();
            self.shared.publish(None, errors);
            return BuildReport {
                pages: 0,
                millis: started.elapsed().as_millis(),
                errors: n,
            };
        }
        if self.history.is_none() {
            self.history = Some(Arc::new(crate::build::read_history(&self.root, &analysis, self.today)));
        }
        if self.renderer.is_none() {
            match crate::build::compile_templates(&self.root, &analysis.site.config) {
                Ok(r) => self.renderer = Some(Arc::new(r)),
                Err(e) => return self.template_error(e, started),
            }
        }
        let (Some(renderer), Some(history)) = (&self.renderer, &self.history) else {
            return BuildReport {
                pages: 0,
                millis: 0,
                errors: 1,
            };
        };
        let total = renderer.page_count(&analysis);
        // Every rebuild starts with an empty page cache. Any change can alter
        // portfolio-wide figures (counts in the navigation and footer, a
        // declared segment, a plan gone from the lists) that every page
        // shows, so no rendered page is known to be still right; pages are
        // rendered again when next asked for, so this costs the edit nothing.
        let site = LiveSite {
            root: self.root.clone(),
            analysis,
            history: Arc::clone(history),
            renderer: Arc::clone(renderer),
            cache: Mutex::new(HashMap::new()),
        };
        self.shared.publish(Some(Arc::new(site)), Vec::new());
        BuildReport {
            pages: total,
            millis: started.elapsed().as_millis(),
            errors: 0,
        }
    }

    fn template_error(&mut self, e: RenderError, started: Instant) -> BuildReport {
        // A broken template must be recompiled on the next change.
        self.renderer = None;
        self.shared.publish(
            None,
            vec![OverlayItem {
                location: e.file().to_string(),
                code: "template".into(),
                message: e.message(),
            }],
        );
        BuildReport {
            pages: 0,
            millis: started.elapsed().as_millis(),
            errors: 1,
        }
    }
}
