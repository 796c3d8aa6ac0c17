//! The preview's site state: the last good build, the current errors, and
//! incremental rebuilds from a cache of parsed files.

use super::inject::OverlayItem;
use crate::diagnostic::Severity;
use crate::load::FileCache;
use crate::model::Keyword;
use crate::pipeline::{Analysis, analyse_loaded};
use crate::render::{Renderer, SiteOutput};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::Instant;

/// What requests read: the last good site and the latest errors.
#[derive(Default)]
pub struct Snapshot {
    pub output: Arc<SiteOutput>,
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
    pub fn current(&self) -> (Arc<SiteOutput>, Arc<Vec<OverlayItem>>, u64) {
        let s = self.snapshot.read().unwrap_or_else(|e| e.into_inner());
        (Arc::clone(&s.output), Arc::clone(&s.errors), s.generation)
    }

    fn publish(&self, output: Option<Arc<SiteOutput>>, errors: Vec<OverlayItem>) -> u64 {
        let generation = {
            let mut s = self.snapshot.write().unwrap_or_else(|e| e.into_inner());
            if let Some(o) = output {
                s.output = o;
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
    pub pages: usize,
    pub millis: u128,
    pub errors: usize,
}

/// Builds and rebuilds the site in memory.
pub struct Builder {
    root: PathBuf,
    today: NaiveDate,
    cache: FileCache,
    renderer: Option<Renderer>,
    last_good: Option<(Analysis, Arc<SiteOutput>)>,
    /// Git history, read once at start (commits do not change while editing).
    history: Option<crate::history::SiteHistory>,
    pub shared: Arc<Shared>,
}

fn overlay_items(analysis: &Analysis) -> Vec<OverlayItem> {
    analysis
        .diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .map(|d| OverlayItem {
            location: format!("{}:{}:{}", d.file, d.span.line, d.span.col),
            code: d.code.as_str().to_string(),
            message: d.message.clone(),
        })
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
            last_good: None,
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
        match changed {
            Some(paths) if self.cache.refresh(&self.root, paths) => {}
            _ => self.cache = FileCache::scan(&self.root),
        }
        let analysis = analyse_loaded(self.cache.loaded(), self.today);
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
            self.history = Some(crate::history::collect(&self.root, &analysis, self.today));
        }
        if theme_changed || self.renderer.is_none() {
            self.renderer = None;
            match Renderer::new(&self.root, &analysis) {
                Ok(r) => self.renderer = Some(r),
                Err(e) => return self.template_error(e, started),
            }
        }
        let Some(renderer) = &self.renderer else {
            return BuildReport {
                pages: 0,
                millis: 0,
                errors: 1,
            };
        };
        let previous = if theme_changed {
            None
        } else {
            self.last_good.as_ref().map(|(a, o)| (a, o.as_ref()))
        };
        let history = self.history.as_ref().unwrap_or(&crate::render::context::NO_HISTORY);
        let sink = crate::render::MemorySink::default();
        match renderer.render(&analysis, history, true, previous, &sink) {
            Ok(stats) => {
                let output = Arc::new(sink.into_output());
                self.shared.publish(Some(Arc::clone(&output)), Vec::new());
                self.last_good = Some((analysis, output));
                BuildReport {
                    pages: stats.pages_rendered,
                    millis: started.elapsed().as_millis(),
                    errors: 0,
                }
            }
            Err(e) => self.template_error(e, started),
        }
    }

    fn template_error(&mut self, e: crate::render::RenderError, started: Instant) -> BuildReport {
        // A broken template must be recompiled on the next change.
        self.renderer = None;
        self.shared.publish(
            None,
            vec![OverlayItem {
                location: e.template.clone(),
                code: "template".into(),
                message: e.message,
            }],
        );
        BuildReport {
            pages: 0,
            millis: started.elapsed().as_millis(),
            errors: 1,
        }
    }
}
