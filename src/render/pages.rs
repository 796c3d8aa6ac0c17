//! The pages of the site and the data each template receives (besides
//! `site`, `root`, `page` and `serving`, which every page gets).

use super::context::{self, AccountRow, Lookup, PersonRef, TotalView};
use super::{markdown, plan_page, urls};
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
    /// Every finding (SPEC §9 `attention/index.html`).
    Attention,
    NotFound,
}

impl PageSpec {
    /// The page's output path.
    pub fn path(&self, look: &Lookup) -> String {
        match self {
            PageSpec::Dashboard => urls::DASHBOARD.into(),
            PageSpec::Plan(i) => urls::plan(&look.site.plans[*i].id),
            PageSpec::Segment(s) => urls::segment(look.info.segments[*s].id),
            PageSpec::Team(t) => urls::member(&look.site.team[*t].id),
            PageSpec::Competitor(id) => urls::competitor(id),
            PageSpec::Attention => urls::ATTENTION.into(),
            PageSpec::NotFound => urls::NOT_FOUND.into(),
        }
    }
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
    /// The title's inline Markdown, rendered.
    title_html: String,
    /// The action on its plan page.
    url: String,
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

/// A contact a team member covers (`covered_by`).
#[derive(Serialize)]
struct CoveredContact {
    name: String,
    title: Option<String>,
    url: String,
    relationship: Option<crate::model::Relationship>,
    account_name: String,
    account_url: String,
}

/// Plans grouped by the people and competitors they name, so each page
/// finds its plans without scanning the portfolio.
#[derive(Default)]
pub struct Groups {
    by_owner: BTreeMap<String, Vec<usize>>,
    by_team: BTreeMap<String, Vec<usize>>,
    by_sponsor: BTreeMap<String, Vec<usize>>,
    /// Member id → (plan, contact) they cover.
    by_cover: BTreeMap<String, Vec<(usize, usize)>>,
    by_action_owner: BTreeMap<String, Vec<(usize, usize)>>,
    by_competitor: BTreeMap<String, Vec<usize>>,
    /// Manager id → direct reports.
    reports: BTreeMap<String, Vec<String>>,
}

impl Groups {
    /// Groups the plans of `look`.
    pub fn new(look: &Lookup) -> Groups {
        let mut g = Groups::default();
        let push = |map: &mut BTreeMap<String, Vec<usize>>, id: &str, i: usize| {
            let list = map.entry(id.to_string()).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        };
        for (i, p) in look.site.plans.iter().enumerate() {
            if let Some(o) = &p.owner {
                push(&mut g.by_owner, &o.value, i);
            }
            for t in &p.team {
                push(&mut g.by_team, &t.value, i);
            }
            if let Some(s) = &p.sponsor {
                push(&mut g.by_sponsor, &s.value, i);
            }
            for (j, c) in p.contacts.iter().enumerate() {
                if let Some(m) = &c.covered_by {
                    g.by_cover.entry(m.value.clone()).or_default().push((i, j));
                }
            }
            for (j, a) in p.actions.iter().enumerate() {
                if let Some(o) = &a.owner {
                    g.by_action_owner.entry(o.value.clone()).or_default().push((i, j));
                }
            }
            for c in &p.competitors {
                push(&mut g.by_competitor, &c.id.value, i);
            }
        }
        for m in &look.site.team {
            if let Some(manager) = &m.manager {
                g.reports.entry(manager.value.clone()).or_default().push(m.id.clone());
            }
        }
        g
    }

    /// Everyone who reports to `id`, directly or not (loop-safe), in id order.
    fn all_reports(&self, id: &str) -> Vec<String> {
        let mut seen: std::collections::BTreeSet<String> = Default::default();
        let mut todo = vec![id.to_string()];
        while let Some(m) = todo.pop() {
            for r in self.reports.get(&m).into_iter().flatten() {
                if r != id && seen.insert(r.clone()) {
                    todo.push(r.clone());
                }
            }
        }
        seen.into_iter().collect()
    }
}

/// Every page of the site.
pub fn specs(look: &Lookup) -> Vec<PageSpec> {
    let mut specs = vec![PageSpec::Dashboard];
    specs.extend((0..look.site.plans.len()).map(PageSpec::Plan));
    specs.extend((0..look.info.segments.len()).map(PageSpec::Segment));
    specs.extend((0..look.site.team.len()).map(PageSpec::Team));
    specs.extend(look.competitor_ids().into_iter().map(PageSpec::Competitor));
    specs.push(PageSpec::Attention);
    specs.push(PageSpec::NotFound);
    specs
}

/// The page at output `path`, if the site has one.
pub fn spec_for_path(look: &Lookup, path: &str) -> Option<PageSpec> {
    specs(look).into_iter().find(|spec| spec.path(look) == path)
}

/// Rows of the plans at positions `is`.
fn rows(look: &Lookup, is: Option<&Vec<usize>>) -> Vec<AccountRow> {
    is.into_iter()
        .flatten()
        .filter_map(|&i| look.plan(&look.site.plans[i].id))
        .map(|(p, a)| look.row(p, a))
        .collect()
}

/// Money summed over the plans with ids in `rows`.
fn totals_of(look: &Lookup, rows: &[AccountRow]) -> TotalView {
    look.total_view(rows.iter().filter_map(|r| look.plan(&r.id)).map(|(_, a)| &a.money))
}

/// Builds the page `spec` describes.
pub fn page(look: &Lookup, groups: &Groups, spec: &PageSpec) -> Page {
    let site = look.site;
    let allow_html = site.config.allow_html;
    // Heading ids get a prefix so they never clash with the page's own anchors.
    let md = |text: &str| markdown::render(text, allow_html, "h-").html;
    let path = spec.path(look);
    let mut data = Context::new();
    let (template, kind, title) = match spec {
        PageSpec::Dashboard => {
            let intro = site.index.as_ref().map(|i| md(&i.body)).unwrap_or_default();
            data.insert("dashboard", &context::dashboard(look, intro));
            ("index.html", "dashboard", site.config.title.clone())
        }
        PageSpec::Plan(i) => {
            let plan = &site.plans[*i];
            let view = plan_page::plan_page(look, plan, &look.portfolio.accounts[*i]);
            data = Context::from_serialize(&view).unwrap_or_default();
            ("plan.html", "plan", plan.name.clone())
        }
        PageSpec::Segment(s) => {
            let info = &look.info.segments[*s];
            let rows: Vec<AccountRow> = look
                .pairs()
                .filter(|(_, a)| a.segment == info.id)
                .map(|(p, a)| look.row(p, a))
                .collect();
            data.insert("segment", info);
            data.insert("totals", &totals_of(look, &rows));
            data.insert("accounts", &rows);
            ("segment.html", "segment", format!("{} accounts", info.label))
        }
        PageSpec::Team(t) => {
            let member = &site.team[*t];
            let id = &member.id;
            let owned = rows(look, groups.by_owner.get(id));
            let on_team = rows(look, groups.by_team.get(id));
            let sponsored = rows(look, groups.by_sponsor.get(id));
            let everyone_below = groups.all_reports(id);
            let mut managed: Vec<AccountRow> = everyone_below
                .iter()
                .flat_map(|r| rows(look, groups.by_owner.get(r)))
                .collect();
            managed.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
            let covered: Vec<CoveredContact> = groups
                .by_cover
                .get(id)
                .into_iter()
                .flatten()
                .map(|&(i, j)| {
                    let p = &site.plans[i];
                    let c = &p.contacts[j];
                    CoveredContact {
                        name: c.name.clone(),
                        title: c.title.clone(),
                        url: urls::plan_item(&p.id, &crate::derive::Item::Contact(c.id.value.clone())),
                        relationship: c.relationship,
                        account_name: p.name.clone(),
                        account_url: urls::plan(&p.id),
                    }
                })
                .collect();
            let actions: Vec<OwnedAction> = groups
                .by_action_owner
                .get(id)
                .into_iter()
                .flatten()
                .map(|&(i, j)| {
                    let (p, a) = (&site.plans[i], &look.portfolio.accounts[i]);
                    let act = &p.actions[j];
                    OwnedAction {
                        account_id: p.id.clone(),
                        account_name: p.name.clone(),
                        account_url: urls::plan(&p.id),
                        id: act.id.value.clone(),
                        title: act.title.clone(),
                        title_html: markdown::render_inline(&act.title, allow_html),
                        url: urls::plan_item(&p.id, &crate::derive::Item::Action(act.id.value.clone())),
                        due: act.due.as_ref().map(|d| d.value.to_string()),
                        status: act.status(),
                        overdue: a.overdue_actions.contains(&j),
                    }
                })
                .collect();
            let reports: Vec<PersonRef> = groups
                .reports
                .get(id)
                .into_iter()
                .flatten()
                .map(|r| look.person(r))
                .collect();
            let findings: Vec<context::FindingView> = look
                .portfolio
                .member_findings
                .iter()
                .filter(|f| matches!(&f.subject, crate::derive::Subject::Member(m) if m == id))
                .map(|f| look.finding(f))
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
            data.insert("all_reports", &everyone_below.len());
            data.insert("owned_totals", &totals_of(look, &owned));
            data.insert("managed_totals", &totals_of(look, &managed));
            data.insert("accounts", &owned);
            data.insert("on_team", &on_team);
            data.insert("sponsored", &sponsored);
            data.insert("managed", &managed);
            data.insert("covered", &covered);
            data.insert("actions", &actions);
            data.insert("findings", &findings);
            ("team.html", "team", member.name.clone())
        }
        PageSpec::Competitor(id) => {
            let profile = site.competitors.iter().find(|c| &c.id == id);
            let accounts: Vec<CompetitorAt> = groups
                .by_competitor
                .get(id)
                .into_iter()
                .flatten()
                .filter_map(|&i| {
                    let (p, a) = look.plan(&site.plans[i].id)?;
                    let c = p.competitors.iter().find(|c| &c.id.value == id)?;
                    Some(CompetitorAt {
                        row: look.row(p, a),
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
            ("competitor.html", "competitor", name)
        }
        PageSpec::Attention => {
            let groups = context::finding_groups(look);
            data.insert("total", &groups.iter().map(|g| g.count).sum::<usize>());
            data.insert("groups", &groups);
            ("attention.html", "attention", "Needs attention".to_string())
        }
        PageSpec::NotFound => ("404.html", "404", "Page not found".to_string()),
    };
    Page {
        path,
        template,
        kind,
        title,
        data,
    }
}
