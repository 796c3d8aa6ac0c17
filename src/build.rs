//! The one build driver: the stages every command runs, in this order.
//!
//! 1. load the files (`load`; `serve` re-parses only the changed ones);
//! 2. check and derive the portfolio and its findings (`pipeline`);
//! 3. validate the theme and static files ([`analyse`]): from here on
//!    `check` reports, `build` refuses and `serve` shows the same errors;
//! 4. read the git history ([`read_history`]);
//! 5. compile the templates ([`compile_templates`]);
//! 6. render: `build` every page into a folder ([`build`]), `serve` each
//!    page when it is asked for, `check` every page into nothing when the
//!    site has templates of its own ([`check`]), to find their errors.
//!
//! `build` starts reading git and compiling templates while the site is
//! loaded and checked, for speed; it uses their results in the same order.

use crate::diagnostic::{self, Diagnostic};
use crate::history::{self, SiteHistory};
use crate::load::Loaded;
use crate::model::Config;
use crate::pipeline::{self, Analysis};
use crate::render::theme::Theme;
use crate::render::{DirSink, RenderError, RenderStats, Renderer, Sink, validate};
use crate::timing::Timer;
use chrono::NaiveDate;
use std::path::Path;

/// Stages 2 and 3: checks and derives a loaded site, then validates its
/// theme and static files. Its diagnostics are everything `check` reports
/// short of rendering, what `build` refuses on and what `serve` shows.
pub fn analyse(root: &Path, loaded: Loaded, today: NaiveDate) -> Analysis {
    analyse_with_theme(root, loaded, today).0
}

/// [`analyse`], also returning the theme it read and whether the theme and
/// static files had problems of their own.
fn analyse_with_theme(root: &Path, loaded: Loaded, today: NaiveDate) -> (Analysis, Theme, bool) {
    let mut analysis = pipeline::analyse_loaded(loaded, today);
    let (theme, problems) = validate::file_problems(root, &analysis);
    let theme_ok = problems.is_empty();
    add(&mut analysis, problems);
    (analysis, theme, theme_ok)
}

/// Adds diagnostics to an analysis, keeping its order.
fn add(analysis: &mut Analysis, more: Vec<Diagnostic>) {
    if !more.is_empty() {
        analysis.diagnostics.extend(more);
        diagnostic::sort(&mut analysis.diagnostics);
    }
}

/// Stage 4: the site's git history (commits do not change while `serve` runs,
/// so it reads this once).
pub fn read_history(root: &Path, analysis: &Analysis, today: NaiveDate) -> SiteHistory {
    history::collect(root, analysis, today)
}

/// Stage 5: the site's templates and static files, compiled.
pub fn compile_templates(root: &Path, config: &Config) -> Result<Renderer, RenderError> {
    Renderer::new(root, config)
}

/// A rendering error located at the site template (and line) that caused it.
pub fn locate_render_error(root: &Path, e: &RenderError) -> Diagnostic {
    let (own, _) = validate::own_templates(root);
    validate::render_error(&own, e)
}

/// `check`: every stage up to rendering, and then, when the site has
/// templates of its own and nothing else is wrong, the first error rendering
/// its pages (into a sink that keeps nothing). The built-in theme is known
/// to render, so a site without templates costs no rendering and no git.
pub fn check(root: &Path, today: NaiveDate) -> Analysis {
    let (mut analysis, theme, theme_ok) = analyse_with_theme(root, pipeline::load(root), today);
    let (own, _) = validate::own_templates(root);
    if !theme_ok || own.is_empty() || analysis.errors() > 0 {
        return analysis;
    }
    let history = read_history(root, &analysis, today);
    // Pages are not written, so the static files are not read.
    let renderer = match Renderer::with_theme(theme, Vec::new(), &analysis.site.config) {
        Ok(r) => r,
        Err(e) => {
            add(&mut analysis, vec![validate::render_error(&own, &e)]);
            return analysis;
        }
    };
    if let Err(any) = renderer.render(&analysis, &history, false, &Discard) {
        // Pages render in parallel, so which failure came first varies; the
        // report must not. Again on one thread: the first page in order.
        let first = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .map(|pool| pool.install(|| renderer.render(&analysis, &history, false, &Discard)));
        let e = match first {
            Ok(Err(e)) => e,
            _ => any,
        };
        add(&mut analysis, vec![validate::render_error(&own, &e)]);
    }
    analysis
}

/// A sink that keeps nothing: rendering for its errors only.
struct Discard;

impl Sink for Discard {
    fn put(&self, _path: String, _bytes: Vec<u8>) -> std::io::Result<()> {
        Ok(())
    }
}

/// How a [`build`] ended.
pub enum Built {
    /// The site has errors (content, theme or static files): nothing was written.
    Invalid(Box<Analysis>),
    /// The templates did not compile: nothing was written.
    TemplatesFailed(RenderError),
    /// A template failed rendering a page, located at the site template
    /// that caused it: the output folder is unchanged.
    RenderFailed(Diagnostic),
    /// Writing the output failed: the output folder is unchanged.
    WriteFailed(RenderError),
    /// The site was written.
    Written(Box<Written>),
}

/// A written site: what it was built from, and how many pages it has.
pub struct Written {
    pub analysis: Analysis,
    pub history: SiteHistory,
    pub renderer: Renderer,
    pub stats: RenderStats,
}

/// `build`: every stage, rendering every page into `out`, which is replaced
/// only when all of it was written. `on_history` sees the history as soon
/// as it is read (to tell the user what it lacks before anything else).
pub fn build(
    root: &Path,
    out: &Path,
    today: NaiveDate,
    on_history: impl FnOnce(&SiteHistory),
) -> anyhow::Result<Built> {
    // git reads the history while the site is loaded and checked.
    let history = history::prefetch(root);
    let loaded = pipeline::load(root);
    // The templates compile while the site is checked and derived.
    let config = loaded.site.config.clone();
    let (analysis, renderer) = rayon::join(|| analyse(root, loaded, today), || compile_templates(root, &config));
    if analysis.errors() > 0 {
        return Ok(Built::Invalid(Box::new(analysis)));
    }
    let history = history.collect(root, &analysis, today);
    on_history(&history);
    let timer = Timer::start();
    let renderer = match renderer {
        Ok(r) => r,
        Err(e) => return Ok(Built::TemplatesFailed(e)),
    };
    let rendered = crate::render::output::replace_dir(out, |dir| {
        renderer.render(&analysis, &history, false, &DirSink(dir.to_path_buf()))
    })?;
    timer.lap("render");
    Ok(match rendered {
        Ok(stats) => Built::Written(Box::new(Written {
            analysis,
            history,
            renderer,
            stats,
        })),
        Err(e @ RenderError::Page { .. }) => Built::RenderFailed(locate_render_error(root, &e)),
        Err(e) => Built::WriteFailed(e),
    })
}
