//! Rendering: the checked portfolio becomes the site's files. `build`
//! renders them all into a folder; `serve` renders each page on demand.

pub mod components;
pub mod context;
pub mod escape;
pub mod fields;
pub mod filters;
pub mod markdown;
pub mod output;
pub mod pages;
pub mod plan_page;
pub mod team_page;
pub mod theme;
pub mod urls;
pub mod validate;

use crate::derive::round2;
use crate::history::SiteHistory;
use crate::model::{Config, Keyword, Segment};
use crate::pipeline::Analysis;
use context::Lookup;
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
    tera.add_raw_templates(theme.templates.iter().map(|(n, s)| (n.as_str(), s.as_str())))
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

impl Sink for DirSink {
    fn put(&self, path: String, bytes: Vec<u8>) -> std::io::Result<()> {
        let full = self.0.join(&path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(full, bytes)
    }

    fn put_with(&self, path: String, write: WriteFile) -> std::io::Result<()> {
        use std::io::Write;
        let full = self.0.join(&path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut out = std::io::BufWriter::new(std::fs::File::create(full)?);
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
    ) -> Result<(String, String), RenderError> {
        let page = pages::page(look, groups, spec, &self.names);
        let root = root_prefix(&page.path);
        let mut ctx = base.clone();
        ctx.insert("root", &root);
        ctx.insert(
            "page",
            &json!({"kind": page.kind, "title": page.title, "path": page.path}),
        );
        ctx.extend(page.data);
        let html = self.tera.render(page.template, &ctx).map_err(|e| RenderError::Page {
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
        // the other core idled.
        specs.sort_by_key(|spec| matches!(spec, pages::PageSpec::Plan(_)));
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
                    put(path, html.into_bytes())
                })
            },
            || {
                timer.lap("render: data files start");
                streamed("portfolio.json", &|w| write_portfolio_json(w, analysis, history))?;
                put("portfolio.csv".into(), portfolio_csv(analysis).into_bytes())?;
                streamed("search-index.js", &|w| write_search_index(w, &look))?;
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
            "search-index.js" => Some(search_index(&look)),
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
            return Ok(Some(html.into_bytes()));
        }
        Ok(self
            .site_static
            .iter()
            .find(|(rel, _)| rel == path)
            .map(|(_, b)| b.clone()))
    }
}

/// The amounts of `site` in `portfolio.json` (SPEC §9, v2).
#[derive(serde::Serialize)]
struct SiteAmountsJson {
    annual_target: f64,
    open_pipeline: f64,
    potential_value: f64,
    prior_year_actual: f64,
    secured: f64,
    weighted_pipeline: f64,
}

impl SiteAmountsJson {
    fn of(a: &crate::derive::Amounts) -> SiteAmountsJson {
        SiteAmountsJson {
            annual_target: round2(a.annual_target),
            open_pipeline: round2(a.open_pipeline),
            potential_value: round2(a.potential_value),
            prior_year_actual: round2(a.prior_year_actual),
            secured: round2(a.secured),
            weighted_pipeline: round2(a.weighted_pipeline),
        }
    }
}

/// A value written as a JSON value would be: objects with sorted keys.
fn as_json_value<T: serde::Serialize, S: serde::Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
    use serde::Serialize;
    serde_json::to_value(value)
        .map_err(serde::ser::Error::custom)?
        .serialize(s)
}

/// One account of `portfolio.json`. Written straight from the model (no
/// JSON values in between, which cost as much as the rest of the file);
/// every object's fields are in key order, as the file has always had them.
#[derive(serde::Serialize)]
struct AccountJson<'a> {
    attainment: Option<f64>,
    changed_since_approval: Option<bool>,
    competitors: Vec<CompetitorJson<'a>>,
    completeness: f64,
    completeness_missing: &'a [std::borrow::Cow<'static, str>],
    computed_segment: Segment,
    currency: &'a str,
    declared_segment: Option<Segment>,
    findings: Vec<FindingJson<'a>>,
    id: &'a str,
    last_review: Option<String>,
    last_updated: Option<String>,
    lost: f64,
    name: &'a str,
    open_pipeline: f64,
    our_alignment: Option<f64>,
    overdue_actions: usize,
    owner: Option<&'a str>,
    potential_value: f64,
    rate: Option<f64>,
    relationship_since: &'a std::collections::BTreeMap<String, chrono::NaiveDate>,
    scores: ScoresJson,
    secured: f64,
    segment: Segment,
    site: Option<SiteAmountsJson>,
    #[serde(serialize_with = "as_json_value")]
    slips: &'a [crate::history::Slip],
    sponsor: Option<&'a str>,
    stale: bool,
    swot: SwotJson<'a>,
    url: String,
    weighted_pipeline: f64,
}

#[derive(serde::Serialize)]
struct CompetitorJson<'a> {
    id: &'a str,
    status: Option<f64>,
}

#[derive(serde::Serialize)]
struct FindingJson<'a> {
    code: crate::diagnostic::Code,
    column: u32,
    line: u32,
    message: &'a str,
}

#[derive(serde::Serialize)]
struct ScoresJson {
    potential: f64,
    relationship: f64,
}

#[derive(serde::Serialize)]
struct SwotJson<'a> {
    opportunities: Vec<SwotEntryJson<'a>>,
    strengths: Vec<SwotEntryJson<'a>>,
    threats: Vec<SwotEntryJson<'a>>,
    weaknesses: Vec<SwotEntryJson<'a>>,
}

#[derive(serde::Serialize)]
struct SwotEntryJson<'a> {
    source: &'a crate::derive::SwotSource,
    text: &'a str,
}

/// One account of `portfolio.json`.
fn account_json<'a>(
    plan: &'a crate::model::Plan,
    a: &'a crate::derive::Account,
    history: &'a SiteHistory,
) -> AccountJson<'a> {
    let swot = |entries: &'a [crate::derive::SwotEntry]| -> Vec<SwotEntryJson<'a>> {
        entries
            .iter()
            .map(|e| SwotEntryJson {
                source: &e.source,
                text: &e.text,
            })
            .collect()
    };
    let m = &a.money;
    let past = history.account(&plan.id);
    AccountJson {
        attainment: m.attainment().map(round2),
        changed_since_approval: past.changed_since_approval,
        competitors: a
            .competitors
            .iter()
            .map(|c| CompetitorJson {
                id: &c.id,
                status: c.status.map(round2),
            })
            .collect(),
        completeness: round2(a.completeness.ratio()),
        completeness_missing: &a.completeness.missing,
        computed_segment: a.computed_segment,
        currency: &m.currency,
        declared_segment: plan.segment.as_ref().map(|s| s.value),
        findings: a
            .findings
            .iter()
            .map(|f| FindingJson {
                code: f.code,
                column: f.span.col,
                line: f.span.line,
                message: &f.message,
            })
            .collect(),
        id: &plan.id,
        last_review: plan.status.last_review.as_ref().map(|d| d.value.to_string()),
        last_updated: history.last_updated.get(&plan.id).map(|d| d.to_string()),
        lost: round2(m.own.lost),
        name: &plan.name,
        open_pipeline: round2(m.own.open_pipeline),
        our_alignment: a.our_alignment.map(round2),
        overdue_actions: a.overdue_actions.len(),
        owner: plan.owner.as_ref().map(|o| o.value.as_str()),
        potential_value: round2(m.own.potential_value),
        rate: m.rate,
        relationship_since: &past.relationship_since,
        scores: ScoresJson {
            potential: round2(a.potential),
            relationship: round2(a.relationship),
        },
        secured: round2(m.own.secured),
        segment: a.segment,
        site: m.site.as_ref().map(SiteAmountsJson::of),
        slips: &past.slips,
        sponsor: plan.sponsor.as_ref().map(|o| o.value.as_str()),
        stale: a.stale,
        swot: SwotJson {
            opportunities: swot(&a.swot.opportunities),
            strengths: swot(&a.swot.strengths),
            threats: swot(&a.swot.threats),
            weaknesses: swot(&a.swot.weaknesses),
        },
        url: urls::plan(&plan.id),
        weighted_pipeline: round2(m.own.weighted_pipeline),
    }
}

/// The accounts of `portfolio.json`, serialized one at a time so a large
/// portfolio never exists twice in memory as JSON values.
struct AccountsJson<'a>(&'a Analysis, &'a SiteHistory);

impl serde::Serialize for AccountsJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Self(analysis, history) = self;
        s.collect_seq(
            analysis
                .site
                .plans
                .iter()
                .zip(&analysis.portfolio.accounts)
                .map(|(plan, a)| account_json(plan, a, history)),
        )
    }
}

/// `portfolio.json`'s top level.
#[derive(serde::Serialize)]
struct PortfolioJson<'a> {
    title: &'a str,
    today: String,
    currency: &'a str,
    potential_threshold: f64,
    totals: serde_json::Value,
    /// Segment moves of the history window (SPEC §10.1).
    moves: Vec<serde_json::Value>,
    accounts: AccountsJson<'a>,
}

/// `totals` of `portfolio.json`: converted figures, and per currency the
/// amounts that have no exchange rate.
fn totals_json(t: &crate::derive::Total) -> serde_json::Value {
    let amounts = |a: &crate::derive::Amounts| {
        json!({
            "open_pipeline": round2(a.open_pipeline),
            "secured": round2(a.secured),
            "weighted_pipeline": round2(a.weighted_pipeline),
            "lost": round2(a.lost),
            "annual_target": round2(a.annual_target),
            "prior_year_actual": round2(a.prior_year_actual),
        })
    };
    let mut out = amounts(&t.converted);
    out["attainment"] = json!(t.attainment().map(round2));
    out["unconverted"] = t
        .unconverted
        .iter()
        .map(|(currency, a)| {
            let mut v = amounts(a);
            v["currency"] = json!(currency);
            v
        })
        .collect();
    out
}

/// `portfolio.json` (SPEC §9), with a few extra fields.
pub fn portfolio_json(analysis: &Analysis, history: &SiteHistory) -> String {
    let mut bytes = Vec::new();
    let _ = write_portfolio_json(&mut bytes, analysis, history);
    String::from_utf8(bytes).unwrap_or_default()
}

/// Writes `portfolio.json` to `w` as it is serialised.
fn write_portfolio_json(w: &mut dyn std::io::Write, analysis: &Analysis, history: &SiteHistory) -> std::io::Result<()> {
    let value = PortfolioJson {
        title: &analysis.site.config.title,
        today: analysis.portfolio.today.to_string(),
        currency: &analysis.site.config.currency,
        potential_threshold: round2(analysis.portfolio.potential_threshold),
        totals: totals_json(&analysis.portfolio.totals),
        moves: history.moves_json(),
        accounts: AccountsJson(analysis, history),
    };
    let mut w = buffered(w);
    serde_json::to_writer_pretty(&mut w, &value)?;
    std::io::Write::write_all(&mut w, b"\n")?;
    std::io::Write::flush(&mut w)
}

/// `robots.txt` (SPEC §9): keeps search engines out unless
/// `publish.indexable: true`; then none is generated, and a site's own
/// `static/robots.txt` is copied as it is.
fn robots_txt(analysis: &Analysis) -> Option<String> {
    (!analysis.site.config.indexable).then(|| "User-agent: *\nDisallow: /\n".to_string())
}

/// One CSV cell. A text cell that a spreadsheet would run as a formula (it
/// starts with `=`, `+`, `-`, `@`, TAB or CR) gets a leading `'`, as OWASP
/// advises; number cells are left alone, so a negative amount stays a
/// number. A cell holding `,`, `"`, CR or LF is then quoted.
fn csv_field(s: &str, text: bool) -> String {
    let neutralised;
    let s = if text && s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        neutralised = format!("'{s}");
        neutralised.as_str()
    } else {
        s
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// `portfolio.csv`: one row per account (SPEC §9).
pub fn portfolio_csv(analysis: &Analysis) -> String {
    let mut out = String::from(
        "id,name,owner,segment,relationship,potential,potential_value,weighted_pipeline,last_review,stale,completeness\n",
    );
    for (plan, a) in analysis.site.plans.iter().zip(&analysis.portfolio.accounts) {
        let text = |s: String| (s, true);
        let number = |x: f64| (round2(x).to_string(), false);
        let fields = [
            text(plan.id.clone()),
            text(plan.name.clone()),
            text(plan.owner.as_ref().map(|o| o.value.clone()).unwrap_or_default()),
            text(a.segment.as_str().to_string()),
            number(a.relationship),
            number(a.potential),
            number(a.potential_value()),
            number(a.weighted_pipeline()),
            text(
                plan.status
                    .last_review
                    .as_ref()
                    .map(|d| d.value.to_string())
                    .unwrap_or_default(),
            ),
            text(a.stale.to_string()),
            number(a.completeness.ratio()),
        ];
        let line: Vec<String> = fields.iter().map(|(f, is_text)| csv_field(f, *is_text)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

/// The client-side search index, as a script so it loads from `file://` too.
fn search_index(look: &Lookup) -> String {
    let mut bytes = Vec::new();
    let _ = write_search_index(&mut bytes, look);
    String::from_utf8(bytes).unwrap_or_default()
}

/// Writes the search index to `w` entry by entry, never holding it whole.
fn write_search_index(w: &mut dyn std::io::Write, look: &Lookup) -> std::io::Result<()> {
    use std::io::Write;
    let w = &mut buffered(w);
    /// One searchable item.
    #[derive(serde::Serialize)]
    struct Entry<'a> {
        title: &'a str,
        kind: &'static str,
        url: String,
        text: String,
    }
    let mut first = true;
    let mut entry = |w: &mut Buffered, e: Entry| -> std::io::Result<()> {
        w.write_all(if first { b"[" } else { b"," })?;
        first = false;
        serde_json::to_writer(&mut *w, &e)?;
        Ok(())
    };
    w.write_all(b"window.PLANFOLIO_SEARCH = ")?;
    for (p, a) in look.pairs() {
        let url = urls::plan(&p.id);
        let owner = p.owner.as_ref().map_or("", |o| look.person(&o.value).name);
        let seg: Segment = a.segment;
        let industry = p.industry.as_deref().unwrap_or_default();
        entry(
            w,
            Entry {
                title: &p.name,
                kind: "Account",
                url: url.clone(),
                text: format!("{} · {industry} · {owner}", seg.as_str()),
            },
        )?;
        for o in &p.objectives {
            entry(
                w,
                Entry {
                    title: &o.title,
                    kind: "Objective",
                    url: urls::plan_item(&p.id, &crate::derive::Item::Objective(o.id.value.clone())),
                    text: p.name.clone(),
                },
            )?;
        }
        for c in &p.contacts {
            entry(
                w,
                Entry {
                    title: &c.name,
                    kind: "Contact",
                    url: urls::plan_item(&p.id, &crate::derive::Item::Contact(c.id.value.clone())),
                    text: format!("{} · {}", c.title.as_deref().unwrap_or_default(), p.name),
                },
            )?;
        }
    }
    for row in context::competitor_rows(look) {
        entry(
            w,
            Entry {
                title: &row.name,
                kind: "Competitor",
                url: row.url.clone(),
                text: format!("{} accounts", row.accounts),
            },
        )?;
    }
    for t in &look.site.team {
        entry(
            w,
            Entry {
                title: &t.name,
                kind: "Team",
                url: urls::member(&t.id),
                text: t.title.clone().unwrap_or_default(),
            },
        )?;
    }
    w.write_all(if first { b"[];\n" } else { b"];\n" })?;
    w.flush()
}

/// A writer of generated data: serde writes token by token, which through
/// `dyn Write` costs a call each; this buffer takes them without one.
type Buffered<'w> = std::io::BufWriter<&'w mut dyn std::io::Write>;

fn buffered(w: &mut dyn std::io::Write) -> Buffered<'_> {
    std::io::BufWriter::with_capacity(1 << 16, w)
}
