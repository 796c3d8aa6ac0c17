//! Rendering: the checked portfolio becomes the site's files. `build`
//! renders them all into a folder; `serve` renders each page on demand.

pub mod changes;
pub mod components;
pub mod context;
pub mod data_files;
pub mod escape;
pub mod fields;
pub mod filters;
pub mod markdown;
pub mod one_page;
pub mod output;
pub mod pages;
pub mod plan_page;
pub mod review;
pub mod risk;
pub mod search;
pub mod squeeze;
pub mod team_page;
pub mod theme;
pub mod urls;
pub mod validate;

use crate::history::SiteHistory;
use crate::model::Config;
use crate::pipeline::Analysis;
use context::Lookup;
pub use data_files::portfolio_csv;
use data_files::{
    filter_data, filter_rows, portfolio_json, write_filter_data, write_filter_rows, write_portfolio_csv,
    write_portfolio_json,
};
use rayon::prelude::*;
use serde_json::json;
use tera::{Context, Tera};
use theme::Theme;

/// Why the site's files could not be rendered.
#[derive(Clone, Debug, PartialEq)]
pub enum RenderError {
    /// The theme could not be read, or its templates did not compile.
    Theme { file: String, message: String },
    /// A template failed while rendering a page.
    Page {
        template: String,
        page: String,
        message: String,
    },
    /// An output file could not be written.
    Write { path: String, message: String },
}

impl RenderError {
    /// The file the error is about: a template, the theme folder, or an output file.
    pub fn file(&self) -> &str {
        match self {
            RenderError::Theme { file, .. } => file,
            RenderError::Page { template, .. } => template,
            RenderError::Write { path, .. } => path,
        }
    }

    /// What went wrong, in a sentence (with the page, for a page's error).
    pub fn message(&self) -> String {
        match self {
            RenderError::Theme { message, .. } => message.clone(),
            RenderError::Page { page, message, .. } => format!("rendering {page}: {message}"),
            RenderError::Write { path, message } => format!("writing {path}: {message}"),
        }
    }
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenderError::Write { .. } => write!(f, "{}", self.message()),
            _ => write!(f, "template {}: {}", self.file(), self.message()),
        }
    }
}

/// A Tera error and its sources, joined: Tera nests the useful part.
fn tera_message(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    msg
}

/// Compiles the theme's templates with planfolio's filters.
pub fn compile(theme: &Theme, config: &Config) -> Result<Tera, RenderError> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.set_escape_fn(escape::tera_escape);
    filters::register(&mut tera, &config.currency, config.allow_html);
    filters::register_components(&mut tera);
    // Compiled without their indentation (the pages' markup needs none).
    let sources: Vec<(&str, String)> = theme
        .templates
        .iter()
        .map(|(n, s)| {
            let source = if n.ends_with(".html") {
                squeeze::template(s)
            } else {
                s.clone()
            };
            (n.as_str(), source)
        })
        .collect();
    tera.add_raw_templates(sources.iter().map(|(n, s)| (*n, s.as_str())))
        .map_err(|e| RenderError::Theme {
            file: "theme/templates".into(),
            message: tera_message(&e),
        })?;
    Ok(tera)
}

fn root_prefix(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Writes one generated file's bytes to `w`.
pub type WriteFile<'a> = &'a dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()>;

/// Where rendered files go (a folder for `build`).
pub trait Sink: Sync {
    /// Stores one output file.
    fn put(&self, path: String, bytes: Vec<u8>) -> std::io::Result<()>;

    /// Stores one output file that `write` produces. A folder sink streams
    /// it to disk, so a large file (`portfolio.json`) is never held whole.
    fn put_with(&self, path: String, write: WriteFile) -> std::io::Result<()> {
        let mut bytes = Vec::new();
        write(&mut bytes)?;
        self.put(path, bytes)
    }
}

/// Writes each file into a folder as soon as it is rendered, so a build
/// never holds the whole site in memory.
pub struct DirSink(pub std::path::PathBuf);

impl DirSink {
    /// Creates the file at `path` in the folder, and the folders on its way
    /// when they are missing, in as few system calls as it can: a page
    /// (`accounts/<id>/index.html`) has a folder of its own, made first;
    /// another file's folder exists as a rule, so the file is tried first.
    /// (`create_dir_all` for every page cost two failing calls a plan.)
    fn create(&self, path: &str) -> std::io::Result<std::fs::File> {
        let full = self.0.join(path);
        if let Some(parent) = full.parent().filter(|_| path.ends_with("/index.html")) {
            match std::fs::create_dir(parent) {
                Ok(()) => return std::fs::File::create(&full),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return std::fs::File::create(&full),
                // Its parent is missing too: made below.
                Err(_) => {}
            }
        }
        match std::fs::File::create(&full) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(parent) = full.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::File::create(&full)
            }
            created => created,
        }
    }
}

impl Sink for DirSink {
    fn put(&self, path: String, bytes: Vec<u8>) -> std::io::Result<()> {
        std::io::Write::write_all(&mut self.create(&path)?, &bytes)
    }

    fn put_with(&self, path: String, write: WriteFile) -> std::io::Result<()> {
        use std::io::Write;
        let mut out = std::io::BufWriter::new(self.create(&path)?);
        write(&mut out)?;
        out.flush()
    }
}

/// Compiled templates and assets of a site, reused across rebuilds.
pub struct Renderer {
    tera: Tera,
    /// The variables the templates name: the page data they can read.
    names: fields::ThemeNames,
    theme: Theme,
    site_static: Vec<(String, Vec<u8>)>,
}

/// How much work a render took.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RenderStats {
    /// HTML pages in the site.
    pub pages: usize,
}

fn io_error(path: &str, e: std::io::Error) -> RenderError {
    RenderError::Write {
        path: path.to_string(),
        message: e.to_string(),
    }
}

/// The values every page gets: `site` and `serving`.
fn base_context(look: &Lookup, serving: bool) -> Context {
    let mut base = Context::new();
    base.insert("site", &look.info);
    base.insert("serving", &serving);
    base
}

impl Renderer {
    /// Loads the site's theme overrides and `static/` folder and compiles the templates.
    pub fn new(root: &std::path::Path, config: &Config) -> Result<Renderer, RenderError> {
        let as_render_error = |e: theme::ThemeError| RenderError::Theme {
            file: e.file,
            message: e.message,
        };
        let theme = Theme::for_site(root).map_err(as_render_error)?;
        let site_static = theme::site_static(root).map_err(as_render_error)?;
        Renderer::with_theme(theme, site_static, config)
    }

    /// A renderer for a given theme and static files.
    pub fn with_theme(
        theme: Theme,
        site_static: Vec<(String, Vec<u8>)>,
        config: &Config,
    ) -> Result<Renderer, RenderError> {
        let tera = compile(&theme, config)?;
        Ok(Renderer {
            tera,
            names: fields::ThemeNames::of_theme(&theme),
            theme,
            site_static,
        })
    }

    /// Renders one page with the values every page gets.
    fn render_page(
        &self,
        look: &Lookup,
        groups: &pages::Groups,
        base: &Context,
        spec: &pages::PageSpec,
    ) -> Result<(String, Vec<u8>), RenderError> {
        let page = pages::page(look, groups, spec, &self.names);
        let root = root_prefix(&page.path);
        let mut ctx = base.clone();
        ctx.insert("root", &root);
        ctx.insert(
            "page",
            &json!({"kind": page.kind, "title": page.title, "path": page.path}),
        );
        ctx.extend(page.data);
        // The menu, from the page's final `root` (the 404 page sets its own).
        let segment = match spec {
            pages::PageSpec::Segment(s, _) => look.info.segments.get(*s).map(|s| s.id),
            _ => None,
        };
        let mut nav = String::with_capacity(1024);
        let root = ctx.get("root").and_then(|r| r.as_str()).unwrap_or(&root);
        components::frame::site_nav(&mut nav, &look.info, root, page.kind, segment);
        ctx.insert("site_nav", &nav);
        // Rendered straight into a buffer of about the page's size: growing
        // one from empty copied a plan page three times over.
        let mut html = Vec::with_capacity(if page.kind == "plan" { 160 * 1024 } else { 64 * 1024 });
        self.tera
            .render_to(page.template, &ctx, &mut html)
            .map_err(|e| RenderError::Page {
                template: page.template.to_string(),
                page: page.path.clone(),
                message: tera_message(&e),
            })?;
        Ok((page.path, html))
    }

    /// Renders the whole site into `sink`, one page at a time on all cores.
    pub fn render(
        &self,
        analysis: &Analysis,
        history: &SiteHistory,
        serving: bool,
        sink: &dyn Sink,
    ) -> Result<RenderStats, RenderError> {
        let setup = crate::timing::Timer::start();
        let look = Lookup::new(&analysis.site, &analysis.portfolio, &analysis.diagnostics).with_history(history);
        setup.lap("render: lookup");
        let base = base_context(&look, serving);
        let put = |path: String, bytes: Vec<u8>| sink.put(path.clone(), bytes).map_err(|e| io_error(&path, e));
        // Site static files first: theme assets and generated files win.
        for (rel, bytes) in &self.site_static {
            put(rel.clone(), bytes.clone())?;
        }
        for (path, bytes) in &self.theme.assets {
            put(format!("static/{path}"), bytes.clone())?;
        }
        let mut specs = pages::specs(&look);
        // The few slow pages (dashboard, team, competitor and attention
        // pages) first and the thousands of quick plan pages after: left at
        // the end, a run of slow pages kept one thread busy for 0.3 s while
        // the other core idled. Each plan's page right before its one-page
        // plan, which then finds the plan's folder made.
        specs.sort_by_key(|spec| match spec {
            pages::PageSpec::Plan(i) => (1, *i, 0),
            pages::PageSpec::OnePage(i) => (1, *i, 1),
            _ => (0, 0, 0),
        });
        let total = specs.len();
        let timer = crate::timing::Timer::start();
        let streamed = |path: &str, write: WriteFile| sink.put_with(path.into(), write).map_err(|e| io_error(path, e));
        // The data files are written while the pages render: one long task
        // beside thousands of short ones keeps both cores busy to the end.
        let (pages, data) = rayon::join(
            || {
                // Grouped here, while the other core starts on the data files.
                let groups = pages::Groups::new(&look);
                timer.lap("render: plans grouped");
                specs.into_par_iter().try_for_each(|spec| {
                    // Build, render and hand over one page at a time to bound memory.
                    let page_timer = crate::timing::Timer::start();
                    let (path, html) = self.render_page(&look, &groups, &base, &spec)?;
                    page_timer.slow(&path, 20.0);
                    put(path, html)
                })
            },
            || {
                timer.lap("render: data files start");
                streamed("portfolio.json", &|w| write_portfolio_json(w, analysis, history))?;
                streamed("portfolio.csv", &|w| write_portfolio_csv(w, analysis))?;
                search::write_search_index(&look, &mut |path, bytes| {
                    let named = |e: std::io::Error| std::io::Error::new(e.kind(), format!("{path}: {e}"));
                    sink.put(path.clone(), bytes).map_err(named)
                })
                .map_err(|e| io_error("search index", e))?;
                streamed("filter-data.js", &|w| write_filter_data(w, &look))?;
                if look.site.plans.len() > context::FULL_LISTS_UP_TO {
                    streamed("filter-rows.js", &|w| write_filter_rows(w, &look))?;
                }
                timer.lap("render: data files end");
                Ok(())
            },
        );
        pages?;
        data?;
        timer.lap("render: pages and data files");
        // Written after the site's static files: on a private site it
        // replaces a `static/robots.txt`.
        if let Some(robots) = robots_txt(analysis) {
            put("robots.txt".into(), robots.into_bytes())?;
        }
        Ok(RenderStats { pages: total })
    }

    /// Number of HTML pages the site has.
    pub fn page_count(&self, analysis: &Analysis) -> usize {
        let look = Lookup::new(&analysis.site, &analysis.portfolio, &analysis.diagnostics);
        pages::specs(&look).len()
    }

    /// Every file of the search index (`search-index.js`, `search/*.js`):
    /// the preview server makes them together, as one index.
    pub fn search_files(&self, analysis: &Analysis, history: &SiteHistory) -> Vec<(String, Vec<u8>)> {
        let look = Lookup::new(&analysis.site, &analysis.portfolio, &analysis.diagnostics).with_history(history);
        search::search_files(&look)
    }

    /// Renders the one output file at `path` (e.g. `accounts/x/index.html`),
    /// or `None` when the site has no such file. The preview server renders
    /// pages this way, when they are asked for.
    pub fn render_path(
        &self,
        analysis: &Analysis,
        history: &SiteHistory,
        serving: bool,
        path: &str,
    ) -> Result<Option<Vec<u8>>, RenderError> {
        let look = Lookup::new(&analysis.site, &analysis.portfolio, &analysis.diagnostics).with_history(history);
        let generated = match path {
            "portfolio.json" => Some(portfolio_json(analysis, history)),
            "portfolio.csv" => Some(portfolio_csv(analysis)),
            p if search::is_index_file(p) => search::search_files(&look)
                .into_iter()
                .find(|(name, _)| name == p)
                .and_then(|(_, bytes)| String::from_utf8(bytes).ok()),
            "filter-data.js" => Some(filter_data(&look)),
            "filter-rows.js" if look.site.plans.len() > context::FULL_LISTS_UP_TO => Some(filter_rows(&look)),
            "robots.txt" => robots_txt(analysis),
            _ => None,
        };
        if let Some(text) = generated {
            return Ok(Some(text.into_bytes()));
        }
        if let Some(asset) = path.strip_prefix("static/").and_then(|p| self.theme.assets.get(p)) {
            return Ok(Some(asset.clone()));
        }
        if let Some(spec) = pages::spec_for_path(&look, path) {
            // Only team and competitor pages need the plans grouped.
            let groups = match spec {
                pages::PageSpec::Team(_) | pages::PageSpec::Competitor(_) => pages::Groups::new(&look),
                _ => pages::Groups::default(),
            };
            let (_, html) = self.render_page(&look, &groups, &base_context(&look, serving), &spec)?;
            return Ok(Some(html));
        }
        Ok(self
            .site_static
            .iter()
            .find(|(rel, _)| rel == path)
            .map(|(_, b)| b.clone()))
    }
}

/// `robots.txt` (SPEC §9): keeps search engines out unless
/// `publish.indexable: true`; then none is generated, and a site's own
/// `static/robots.txt` is copied as it is.
fn robots_txt(analysis: &Analysis) -> Option<String> {
    (!analysis.site.config.indexable).then(|| "User-agent: *\nDisallow: /\n".to_string())
}
