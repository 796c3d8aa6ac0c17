//! The pages of the site and the data each template receives (besides
//! `site`, `root`, `page` and `serving`, which every page gets).

use super::context::{self, AccountRow, Lookup, PersonRef};
use super::{markdown, plan_page};
use crate::derive::round2;
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;
use tera::Context;

/// One page of the site, described cheaply; its data is built when rendered.
#[derive(Clone, Debug, PartialEq)]
pub enum PageSpec {
    Dashboard,
    /// A plan, by index into the site's plans.
    Plan(usize),
    Segment(usize),
    /// A team member, by index into the site's team.
    Team(usize),
    Competitor(String),
    NotFound,
}

/// A page ready to render: output path, template, kind, title and data.
pub struct Page {
    pub path: String,
    pub template: &'static str,
    pub kind: &'static str,
    pub title: String,
    pub data: Context,
}

/// Team page: an action owned, anywhere in the portfolio.
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

/// Plans grouped by owner and by competitor, so each page finds its plans
/// without scanning the portfolio.
#[derive(Default)]
pub struct Groups {
    by_owner: BTreeMap<String, Vec<usize>>,
    by_action_owner: BTreeMap<String, Vec<(usize, usize)>>,
    by_competitor: BTreeMap<String, Vec<usize>>,
}

impl Groups {
    /// Groups the plans of `look`.
    pub fn new(look: &Lookup) -> Groups {
        let mut g = Groups {
            by_owner: BTreeMap::new(),
            by_action_owner: BTreeMap::new(),
            by_competitor: BTreeMap::new(),
        };
        for (i, p) in look.site.plans.iter().enumerate() {
            if let Some(o) = &p.owner {
                g.by_owner.entry(o.value.clone()).or_default().push(i);
            }
            for (j, a) in p.actions.iter().enumerate() {
                if let Some(o) = &a.owner {
                    g.by_action_owner.entry(o.value.clone()).or_default().push((i, j));
                }
            }
            for c in &p.competitors {
                let list = g.by_competitor.entry(c.id.value.clone()).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        g
    }
}

/// Every page of the site.
pub fn specs(look: &Lookup) -> Vec<PageSpec> {
    let mut specs = vec![PageSpec::Dashboard];
    specs.extend((0..look.site.plans.len()).map(PageSpec::Plan));
    specs.extend((0..look.info.segments.len()).map(PageSpec::Segment));
    specs.extend((0..look.site.team.len()).map(PageSpec::Team));
    specs.extend(look.competitor_ids().into_iter().map(PageSpec::Competitor));
    specs.push(PageSpec::NotFound);
    specs
}

/// The page at output `path`, if the site has one.
pub fn spec_for_path(look: &Lookup, path: &str) -> Option<PageSpec> {
    match path {
        "index.html" => return Some(PageSpec::Dashboard),
        "404.html" => return Some(PageSpec::NotFound),
        _ => {}
    }
    let (section, rest) = path.split_once('/')?;
    let id = rest.strip_suffix("/index.html")?;
    match section {
        "accounts" => look
            .site
            .plans
            .binary_search_by(|p| p.id.as_str().cmp(id))
            .ok()
            .map(PageSpec::Plan),
        "segments" => look
            .info
            .segments
            .iter()
            .position(|s| s.id.to_string() == id)
            .map(PageSpec::Segment),
        "team" => look.site.team.iter().position(|t| t.id == id).map(PageSpec::Team),
        "competitors" => look
            .competitor_ids()
            .contains(id)
            .then(|| PageSpec::Competitor(id.to_string())),
        _ => None,
    }
}

/// Builds the page `spec` describes.
pub fn page(look: &Lookup, groups: &Groups, spec: &PageSpec) -> Page {
    let site = look.site;
    let allow_html = site.config.allow_html;
    // Heading ids get a prefix so they never clash with the page's own anchors.
    let md = |text: &str| markdown::render(text, allow_html, "h-").html;
    let row = |i: usize| look.row(&site.plans[i], &look.portfolio.accounts[i]);
    let mut data = Context::new();
    match spec {
        PageSpec::Dashboard => {
            let intro = site.index.as_ref().map(|i| md(&i.body)).unwrap_or_default();
            data.insert("dashboard", &context::dashboard(look, intro));
            Page {
                path: "index.html".into(),
                template: "index.html",
                kind: "dashboard",
                title: site.config.title.clone(),
                data,
            }
        }
        PageSpec::Plan(i) => {
            let plan = &site.plans[*i];
            let view = plan_page::plan_page(look, plan, &look.portfolio.accounts[*i]);
            let data = Context::from_serialize(&view).unwrap_or_default();
            Page {
                path: super::urls::plan(&plan.id),
                template: "plan.html",
                kind: "plan",
                title: plan.name.clone(),
                data,
            }
        }
        PageSpec::Segment(s) => {
            let info = &look.info.segments[*s];
            let rows: Vec<AccountRow> = look
                .portfolio
                .accounts
                .iter()
                .enumerate()
                .filter(|(_, a)| a.segment == info.id)
                .map(|(i, _)| row(i))
                .collect();
            data.insert("segment", info);
            data.insert("accounts", &rows);
            Page {
                path: super::urls::segment(info.id),
                template: "segment.html",
                kind: "segment",
                title: format!("{} accounts", info.label),
                data,
            }
        }
        PageSpec::Team(t) => {
            let member = &site.team[*t];
            let accounts: Vec<AccountRow> = groups
                .by_owner
                .get(&member.id)
                .map(|is| is.iter().map(|&i| row(i)).collect())
                .unwrap_or_default();
            let actions: Vec<OwnedAction> = groups
                .by_action_owner
                .get(&member.id)
                .map(|list| {
                    list.iter()
                        .map(|&(i, j)| {
                            let (p, a) = (&site.plans[i], &look.portfolio.accounts[i]);
                            let act = &p.actions[j];
                            OwnedAction {
                                account_id: p.id.clone(),
                                account_name: p.name.clone(),
                                account_url: super::urls::plan(&p.id),
                                id: act.id.value.clone(),
                                title: act.title.clone(),
                                due: act.due.as_ref().map(|d| d.value.to_string()),
                                status: act.status(),
                                overdue: a.overdue_actions.contains(&j),
                            }
                        })
                        .collect()
                })
                .unwrap_or_default();
            let reports: Vec<PersonRef> = site
                .team
                .iter()
                .filter(|m| m.manager.as_ref().is_some_and(|x| x.value == member.id))
                .map(|m| look.person(&m.id))
                .collect();
            data.insert(
                "member",
                &json!({
                    "id": member.id, "name": member.name, "title": member.title, "email": member.email,
                    "body_html": md(&member.body),
                }),
            );
            data.insert("manager", &member.manager.as_ref().map(|m| look.person(&m.value)));
            data.insert("reports", &reports);
            data.insert("accounts", &accounts);
            data.insert("actions", &actions);
            Page {
                path: super::urls::member(&member.id),
                template: "team.html",
                kind: "team",
                title: member.name.clone(),
                data,
            }
        }
        PageSpec::Competitor(id) => {
            let profile = site.competitors.iter().find(|c| &c.id == id);
            let accounts: Vec<CompetitorAt> = groups
                .by_competitor
                .get(id)
                .into_iter()
                .flatten()
                .filter_map(|&i| {
                    let (p, a) = (&site.plans[i], &look.portfolio.accounts[i]);
                    let c = p.competitors.iter().find(|c| &c.id.value == id)?;
                    Some(CompetitorAt {
                        row: row(i),
                        status: a
                            .competitors
                            .iter()
                            .find(|s| &s.id == id)
                            .and_then(|s| s.status)
                            .map(round2),
                        swot: c.swot,
                        strengths: &c.strengths,
                        weaknesses: &c.weaknesses,
                        differentiators: &c.differentiators,
                    })
                })
                .collect();
            let name = look.competitor_name(id);
            data.insert(
                "competitor",
                &json!({
                    "id": id, "name": name, "website": profile.and_then(|p| p.website.clone()),
                    "body_html": profile.map(|p| md(&p.body)).unwrap_or_default(),
                }),
            );
            data.insert("accounts", &accounts);
            Page {
                path: super::urls::competitor(id),
                template: "competitor.html",
                kind: "competitor",
                title: name,
                data,
            }
        }
        PageSpec::NotFound => Page {
            path: "404.html".into(),
            template: "404.html",
            kind: "404",
            title: "Page not found".into(),
            data,
        },
    }
}
