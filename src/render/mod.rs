//! Rendering: the checked portfolio becomes a site held in memory
//! (path → bytes), which `build` writes to disk and `serve` serves.

pub mod context;
pub mod filters;
pub mod markdown;
pub mod output;
pub mod plan_page;
pub mod theme;

use crate::derive::round2;
use crate::history::SiteHistory;
use crate::model::{Keyword, Segment};
use crate::pipeline::Analysis;
use context::{AccountRow, Lookup, PersonRef};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;
use tera::{Context, Tera};
use theme::Theme;

/// A rendered site: output path (with `/` separators) → file bytes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SiteOutput {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl SiteOutput {
    /// Number of HTML pages.
    pub fn pages(&self) -> usize {
        self.files.keys().filter(|k| k.ends_with(".html")).count()
    }
}

/// A template that failed to compile or render.
#[derive(Clone, Debug, PartialEq)]
pub struct RenderError {
    pub template: String,
    pub message: String,
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "template {}: {}", self.template, self.message)
    }
}

fn tera_message(e: &tera::Error) -> String {
    // Tera nests the useful part in the error's sources.
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
pub fn compile(theme: &Theme, analysis: &Analysis) -> Result<Tera, RenderError> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    filters::register(
        &mut tera,
        &analysis.site.config.currency,
        analysis.site.config.allow_html,
    );
    tera.add_raw_templates(theme.templates.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        .map_err(|e| RenderError {
            template: "theme/templates".into(),
            message: tera_message(&e),
        })?;
    Ok(tera)
}

/// One page to render: output path, template, page kind, title and data.
struct Page {
    path: String,
    template: &'static str,
    kind: &'static str,
    title: String,
    data: Context,
}

fn root_prefix(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

fn ctx_of<T: Serialize>(value: &T) -> Context {
    Context::from_serialize(value).unwrap_or_default()
}

/// Team page: actions owned across the portfolio.
#[derive(Serialize)]
struct OwnedAction {
    account_id: String,
    account_name: String,
    account_url: String,
    id: String,
    title: String,
    due: Option<String>,
    status: crate::model::ActionStatus,
    overdue: bool,
}

/// Competitor page: one account where the competitor appears.
#[derive(Serialize)]
struct CompetitorAt<'a> {
    row: AccountRow,
    status: Option<f64>,
    swot: Option<crate::model::SwotSide>,
    strengths: &'a [String],
    weaknesses: &'a [String],
    differentiators: &'a [String],
}

fn pages(look: &Lookup, analysis: &Analysis, render_plan: &(dyn Fn(&str) -> bool + Sync)) -> Vec<Page> {
    let site = &analysis.site;
    let allow_html = site.config.allow_html;
    let mut pages = Vec::new();

    let intro = site
        .index
        .as_ref()
        .map(|i| markdown::render(&i.body, allow_html, "").html)
        .unwrap_or_default();
    let mut dash = Context::new();
    dash.insert("dashboard", &context::dashboard(look, intro));
    pages.push(Page {
        path: "index.html".into(),
        template: "index.html",
        kind: "dashboard",
        title: site.config.title.clone(),
        data: dash,
    });

    let plan_pages: Vec<Page> = look
        .pairs()
        .filter(|(p, _)| render_plan(&p.id))
        .collect::<Vec<_>>()
        .par_iter()
        .map(|(plan, account)| {
            let page = plan_page::plan_page(look, plan, account);
            let mut data = ctx_of(&page);
            let body = markdown::render(&plan.body, allow_html, "h-");
            data.insert("body_html", &body.html);
            data.insert("toc", &body.toc);
            Page {
                path: format!("accounts/{}/index.html", plan.id),
                template: "plan.html",
                kind: "plan",
                title: plan.name.clone(),
                data,
            }
        })
        .collect();
    pages.extend(plan_pages);

    for info in &look.info.segments {
        let rows: Vec<AccountRow> = look
            .pairs()
            .filter(|(_, a)| a.segment == info.id)
            .map(|(p, a)| look.row(p, a))
            .collect();
        let mut data = Context::new();
        data.insert("segment", info);
        data.insert("accounts", &rows);
        pages.push(Page {
            path: format!("segments/{}/index.html", info.id),
            template: "segment.html",
            kind: "segment",
            title: format!("{} accounts", info.label),
            data,
        });
    }

    for member in &site.team {
        let accounts: Vec<AccountRow> = look
            .pairs()
            .filter(|(p, _)| p.owner.as_ref().is_some_and(|o| o.value == member.id))
            .map(|(p, a)| look.row(p, a))
            .collect();
        let actions: Vec<OwnedAction> = look
            .pairs()
            .flat_map(|(p, a)| {
                p.actions
                    .iter()
                    .enumerate()
                    .filter(|(_, act)| act.owner.as_ref().is_some_and(|o| o.value == member.id))
                    .map(move |(i, act)| OwnedAction {
                        account_id: p.id.clone(),
                        account_name: p.name.clone(),
                        account_url: format!("accounts/{}/index.html", p.id),
                        id: act.id.value.clone(),
                        title: act.title.clone(),
                        due: act.due.as_ref().map(|d| d.value.to_string()),
                        status: act.status(),
                        overdue: a.overdue_actions.contains(&i),
                    })
            })
            .collect();
        let reports: Vec<PersonRef> = site
            .team
            .iter()
            .filter(|t| t.manager.as_ref().is_some_and(|m| m.value == member.id))
            .map(|t| look.person(&t.id))
            .collect();
        let mut data = Context::new();
        data.insert(
            "member",
            &json!({
                "id": member.id, "name": member.name, "title": member.title, "email": member.email,
                "body_html": markdown::render(&member.body, allow_html, "").html,
            }),
        );
        data.insert("manager", &member.manager.as_ref().map(|m| look.person(&m.value)));
        data.insert("reports", &reports);
        data.insert("accounts", &accounts);
        data.insert("actions", &actions);
        pages.push(Page {
            path: format!("team/{}/index.html", member.id),
            template: "team.html",
            kind: "team",
            title: member.name.clone(),
            data,
        });
    }

    for id in look.competitor_ids() {
        let profile = site.competitors.iter().find(|c| c.id == id);
        let accounts: Vec<CompetitorAt> = look
            .pairs()
            .filter_map(|(p, a)| {
                let c = p.competitors.iter().find(|c| c.id.value == id)?;
                Some(CompetitorAt {
                    row: look.row(p, a),
                    status: a
                        .competitors
                        .iter()
                        .find(|s| s.id == id)
                        .and_then(|s| s.status)
                        .map(round2),
                    swot: c.swot,
                    strengths: &c.strengths,
                    weaknesses: &c.weaknesses,
                    differentiators: &c.differentiators,
                })
            })
            .collect();
        let name = look.competitor_name(&id);
        let mut data = Context::new();
        data.insert(
            "competitor",
            &json!({
                "id": id, "name": name, "website": profile.and_then(|p| p.website.clone()),
                "body_html": profile.map(|p| markdown::render(&p.body, allow_html, "").html).unwrap_or_default(),
            }),
        );
        data.insert("accounts", &accounts);
        pages.push(Page {
            path: format!("competitors/{id}/index.html"),
            template: "competitor.html",
            kind: "competitor",
            title: name,
            data,
        });
    }

    pages.push(Page {
        path: "404.html".into(),
        template: "404.html",
        kind: "404",
        title: "Page not found".into(),
        data: Context::new(),
    });
    pages
}

/// A plan's inputs to its page: the plan, its derived values and its diagnostics.
type PlanState<'a> = (
    &'a crate::model::Plan,
    &'a crate::derive::Account,
    &'a [&'a crate::diagnostic::Diagnostic],
);

fn plan_state<'a>(look: &'a Lookup<'a>, id: &str) -> Option<PlanState<'a>> {
    let i = look.site.plans.binary_search_by(|p| p.id.as_str().cmp(id)).ok()?;
    let plan = &*look.site.plans[i];
    Some((plan, look.portfolio.accounts.get(i)?, look.diagnostics_for(&plan.file)))
}

/// Compiled templates and assets of a site, reused across rebuilds.
pub struct Renderer {
    tera: Tera,
    theme: Theme,
    site_static: Vec<(String, Vec<u8>)>,
}

/// What a render produced and how much work it took.
pub struct Rendered {
    pub output: SiteOutput,
    /// Pages rendered (the rest were reused from the previous output).
    pub pages_rendered: usize,
}

impl Renderer {
    /// Loads the site's theme overrides and `static/` folder and compiles the templates.
    pub fn new(root: &std::path::Path, analysis: &Analysis) -> Result<Renderer, RenderError> {
        let as_render_error = |e: theme::ThemeError| RenderError {
            template: e.file,
            message: e.message,
        };
        let theme = Theme::for_site(root).map_err(as_render_error)?;
        let site_static = theme::read_tree(&root.join("static")).map_err(as_render_error)?;
        Renderer::with_theme(theme, site_static, analysis)
    }

    /// A renderer for a given theme and static files.
    pub fn with_theme(
        theme: Theme,
        site_static: Vec<(String, Vec<u8>)>,
        analysis: &Analysis,
    ) -> Result<Renderer, RenderError> {
        let tera = compile(&theme, analysis)?;
        Ok(Renderer {
            tera,
            theme,
            site_static,
        })
    }

    /// Renders the site. With `previous` (the last analysis and its output),
    /// plan pages whose plan, derived values and warnings are unchanged are
    /// copied instead of rendered again.
    pub fn render(
        &self,
        analysis: &Analysis,
        history: &SiteHistory,
        serving: bool,
        previous: Option<(&Analysis, &SiteOutput)>,
    ) -> Result<Rendered, RenderError> {
        let look = Lookup::new(&analysis.site, &analysis.portfolio, &analysis.diagnostics).with_history(history);
        let prev_look = previous.map(|(prev, _)| Lookup::new(&prev.site, &prev.portfolio, &prev.diagnostics));
        let mut base = Context::new();
        base.insert("site", &look.info);
        base.insert("serving", &serving);

        let mut out = SiteOutput::default();
        for (rel, bytes) in &self.site_static {
            out.files.insert(rel.clone(), bytes.clone());
        }
        for (path, bytes) in &self.theme.assets {
            out.files.insert(format!("static/{path}"), bytes.clone());
        }
        let unchanged = |id: &str| -> bool {
            let Some((prev, prev_out)) = previous else {
                return false;
            };
            let path = format!("accounts/{id}/index.html");
            if !prev_out.files.contains_key(&path) || prev.site.config != analysis.site.config {
                return false;
            }
            let Some(prev_look) = &prev_look else {
                return false;
            };
            let (old, new) = (plan_state(prev_look, id), plan_state(&look, id));
            old.is_some() && old == new && prev.portfolio.potential_threshold == analysis.portfolio.potential_threshold
        };
        if let Some((_, prev_out)) = previous {
            for p in analysis.site.plans.iter().filter(|p| unchanged(&p.id)) {
                let path = format!("accounts/{}/index.html", p.id);
                if let Some(bytes) = prev_out.files.get(&path) {
                    out.files.insert(path, bytes.clone());
                }
            }
        }
        let to_render = pages(&look, analysis, &|id| !unchanged(id));
        let pages_rendered = to_render.len();
        let rendered: Result<Vec<(String, Vec<u8>)>, RenderError> = to_render
            .into_par_iter()
            .map(|page| {
                let mut ctx = base.clone();
                ctx.insert("root", &root_prefix(&page.path));
                ctx.insert(
                    "page",
                    &json!({"kind": page.kind, "title": page.title, "path": page.path}),
                );
                ctx.extend(page.data);
                self.tera
                    .render(page.template, &ctx)
                    .map(|html| (page.path.clone(), html.into_bytes()))
                    .map_err(|e| RenderError {
                        template: page.template.to_string(),
                        message: format!("rendering {}: {}", page.path, tera_message(&e)),
                    })
            })
            .collect();
        out.files.extend(rendered?);
        out.files
            .insert("portfolio.json".into(), portfolio_json(analysis, history).into_bytes());
        out.files
            .insert("portfolio.csv".into(), portfolio_csv(analysis).into_bytes());
        out.files
            .insert("search-index.js".into(), search_index(&look).into_bytes());
        Ok(Rendered {
            output: out,
            pages_rendered,
        })
    }
}

/// Renders the whole site into memory with `theme` (no site static files).
pub fn render_site(analysis: &Analysis, theme: &Theme, serving: bool) -> Result<SiteOutput, RenderError> {
    let renderer = Renderer::with_theme(theme.clone(), Vec::new(), analysis)?;
    Ok(renderer.render(analysis, &context::NO_HISTORY, serving, None)?.output)
}

/// Renders the site at `root` with its theme overrides and `static/` folder
/// (copied verbatim to the output root).
pub fn build_output(
    root: &std::path::Path,
    analysis: &Analysis,
    history: &SiteHistory,
    serving: bool,
) -> Result<SiteOutput, RenderError> {
    Ok(Renderer::new(root, analysis)?
        .render(analysis, history, serving, None)?
        .output)
}

/// `portfolio.json` (SPEC §9), with a few extra fields.
pub fn portfolio_json(analysis: &Analysis, history: &SiteHistory) -> String {
    let p = &analysis.portfolio;
    let accounts: Vec<_> = analysis
        .site
        .plans
        .iter()
        .zip(&p.accounts)
        .map(|(plan, a)| {
            let competitors: Vec<_> = a
                .competitors
                .iter()
                .map(|c| json!({"id": c.id, "status": c.status.map(round2)}))
                .collect();
            let swot = |entries: &[crate::derive::SwotEntry]| -> Vec<serde_json::Value> {
                entries
                    .iter()
                    .map(|e| json!({"text": e.text, "source": e.source}))
                    .collect()
            };
            json!({
                "id": plan.id,
                "name": plan.name,
                "owner": plan.owner.as_ref().map(|o| o.value.clone()),
                "segment": a.segment,
                "computed_segment": a.computed_segment,
                "declared_segment": plan.segment.as_ref().map(|s| s.value),
                "scores": {"relationship": round2(a.relationship), "potential": round2(a.potential)},
                "potential_value": round2(a.potential_value),
                "weighted_pipeline": round2(a.weighted_pipeline),
                "our_alignment": a.our_alignment.map(round2),
                "competitors": competitors,
                "swot": {
                    "strengths": swot(&a.swot.strengths),
                    "weaknesses": swot(&a.swot.weaknesses),
                    "opportunities": swot(&a.swot.opportunities),
                    "threats": swot(&a.swot.threats),
                },
                "completeness": round2(a.completeness.ratio()),
                "completeness_missing": a.completeness.missing,
                "stale": a.stale,
                "last_review": plan.status.last_review.as_ref().map(|d| d.value.to_string()),
                "overdue_actions": a.overdue_actions.len(),
                "last_updated": history.last_updated.get(&plan.id).map(|d| d.to_string()),
                "url": format!("accounts/{}/index.html", plan.id),
            })
        })
        .collect();
    let value = json!({
        "title": analysis.site.config.title,
        "today": p.today.to_string(),
        "currency": analysis.site.config.currency,
        "potential_threshold": round2(p.potential_threshold),
        "accounts": accounts,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}

fn csv_field(s: &str) -> String {
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
        let fields = [
            plan.id.clone(),
            plan.name.clone(),
            plan.owner.as_ref().map(|o| o.value.clone()).unwrap_or_default(),
            a.segment.as_str().to_string(),
            round2(a.relationship).to_string(),
            round2(a.potential).to_string(),
            round2(a.potential_value).to_string(),
            round2(a.weighted_pipeline).to_string(),
            plan.status
                .last_review
                .as_ref()
                .map(|d| d.value.to_string())
                .unwrap_or_default(),
            a.stale.to_string(),
            round2(a.completeness.ratio()).to_string(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

/// The client-side search index, as a script so it loads from `file://` too.
fn search_index(look: &Lookup) -> String {
    let mut entries = Vec::new();
    for (p, a) in look.pairs() {
        let url = format!("accounts/{}/index.html", p.id);
        let owner = p.owner.as_ref().map(|o| look.person(&o.value).name).unwrap_or_default();
        let seg: Segment = a.segment;
        entries.push(json!({"title": p.name, "kind": "Account", "url": url,
            "text": format!("{} · {} · {}", seg.as_str(), p.industry.clone().unwrap_or_default(), owner)}));
        for o in &p.objectives {
            entries.push(json!({"title": o.title, "kind": "Objective", "url": format!("{url}#objective-{}", o.id.value), "text": p.name}));
        }
        for c in &p.contacts {
            entries.push(
                json!({"title": c.name, "kind": "Contact", "url": format!("{url}#contact-{}", c.id.value),
                "text": format!("{} · {}", c.title.clone().unwrap_or_default(), p.name)}),
            );
        }
    }
    for row in context::competitor_rows(look) {
        entries.push(json!({"title": row.name, "kind": "Competitor", "url": row.url, "text": format!("{} accounts", row.accounts)}));
    }
    for t in &look.site.team {
        entries.push(json!({"title": t.name, "kind": "Team", "url": format!("team/{}/index.html", t.id), "text": t.title.clone().unwrap_or_default()}));
    }
    format!(
        "window.PLANFOLIO_SEARCH = {};\n",
        serde_json::to_string(&entries).unwrap_or_else(|_| "[]".into())
    )
}
