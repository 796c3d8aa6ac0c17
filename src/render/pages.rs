//! The pages of the site and the data each template receives (besides
//! `site`, `root`, `page` and `serving`, which every page gets).

use super::context::{self, AccountRow, Lookup, PAGE_SIZE, Pager, PersonRef, TotalView};
use super::{markdown, native, plan_page, urls};
use crate::derive::round2;
use crate::diagnostic::Code;
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
    /// A segment (by index into `SiteInfo::segments`), page from 1.
    Segment(usize, usize),
    /// A team member, by index into the site's team.
    Team(usize),
    Competitor(String),
    /// Every finding (SPEC §9 `attention/index.html`).
    Attention,
    /// One code's findings, page from 1 (portfolios with many findings).
    AttentionCode(Code, usize),
    NotFound,
}

impl PageSpec {
    /// The page's output path.
    pub fn path(&self, look: &Lookup) -> String {
        match self {
            PageSpec::Dashboard => urls::DASHBOARD.into(),
            PageSpec::Plan(i) => urls::plan(&look.site.plans[*i].id),
            PageSpec::Segment(s, n) => urls::segment_page(look.info.segments[*s].id, *n),
            PageSpec::Team(t) => urls::member(&look.site.team[*t].id),
            PageSpec::Competitor(id) => urls::competitor(id),
            PageSpec::Attention => urls::ATTENTION.into(),
            PageSpec::AttentionCode(code, n) => urls::attention_code(*code, *n),
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
    for (i, s) in look.info.segments.iter().enumerate() {
        specs.extend((1..=context::page_count(s.count)).map(|n| PageSpec::Segment(i, n)));
    }
    specs.extend((0..look.site.team.len()).map(PageSpec::Team));
    specs.extend(look.competitor_ids().into_iter().map(PageSpec::Competitor));
    specs.push(PageSpec::Attention);
    if look.info.findings > context::ATTENTION_ALL_UP_TO {
        let mut per_code: BTreeMap<Code, usize> = BTreeMap::new();
        for f in crate::derive::findings::all(look.portfolio) {
            *per_code.entry(f.code).or_default() += 1;
        }
        for (code, n) in per_code {
            specs.extend((1..=context::page_count(n)).map(|p| PageSpec::AttentionCode(code, p)));
        }
    }
    specs.push(PageSpec::NotFound);
    specs
}

/// The page at output `path`, if the site has one.
pub fn spec_for_path(look: &Lookup, path: &str) -> Option<PageSpec> {
    specs(look).into_iter().find(|spec| spec.path(look) == path)
}

/// The first `PAGE_SIZE` rows on a large portfolio (all on a small one),
/// and how many there are in all.
fn capped<T>(look: &Lookup, mut rows: Vec<T>) -> (Vec<T>, usize) {
    let total = rows.len();
    if look.site.plans.len() > context::FULL_LISTS_UP_TO {
        rows.truncate(PAGE_SIZE);
    }
    (rows, total)
}

/// Table rows of the plans at positions `is` (all, or the first
/// `PAGE_SIZE` on a large portfolio) and how many there are in all.
fn rows(look: &Lookup, is: &[usize]) -> (Vec<AccountRow>, usize) {
    let shown: Vec<usize> = capped(look, is.to_vec()).0;
    let rows = shown
        .iter()
        .map(|&i| {
            let (p, a) = look.at(i);
            look.row(p, a)
        })
        .collect();
    (rows, is.len())
}

/// Money summed over the plans at positions `is`.
fn totals_of(look: &Lookup, is: &[usize]) -> TotalView {
    look.total_view(is.iter().map(|&i| &look.at(i).1.money))
}

/// The plan positions a group lists, or none.
fn listed(group: Option<&Vec<usize>>) -> &[usize] {
    group.map_or(&[], Vec::as_slice)
}

/// Builds the page `spec` describes.
/// The kinds of page `native` names are written in Rust, and only their
/// frame comes from the templates.
pub fn page(look: &Lookup, groups: &Groups, spec: &PageSpec, native: native::Native) -> Page {
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
            if native.plans {
                data.insert("main_html", &native::plan_main(&view, &super::root_prefix(&path)));
                (native::FRAME, "plan", plan.name.clone())
            } else {
                data = Context::from_serialize(&view).unwrap_or_default();
                ("plan.html", "plan", plan.name.clone())
            }
        }
        PageSpec::Segment(s, n) => {
            let info = &look.info.segments[*s];
            let pager = Pager::new(*n, info.count, |k| urls::segment_page(info.id, k));
            let accounts: Vec<_> = look.pairs().filter(|(_, a)| a.segment == info.id).collect();
            let rows: Vec<AccountRow> = pager
                .slice(&accounts)
                .into_iter()
                .map(|(p, a)| look.row(p, a))
                .collect();
            data.insert("segment", info);
            data.insert("totals", &look.total_view(accounts.iter().map(|(_, a)| &a.money)));
            data.insert("accounts", &rows);
            data.insert("pager", &pager);
            let title = match pager.page {
                1 => format!("{} accounts", info.label),
                k => format!("{} accounts, page {k}", info.label),
            };
            ("segment.html", "segment", title)
        }
        PageSpec::Team(t) => {
            let member = &site.team[*t];
            let id = &member.id;
            let owned = listed(groups.by_owner.get(id));
            let everyone_below = groups.all_reports(id);
            let mut managed: Vec<usize> = everyone_below
                .iter()
                .flat_map(|r| listed(groups.by_owner.get(r)).iter().copied())
                .collect();
            let plans = &site.plans;
            managed.sort_by(|&a, &b| {
                plans[a]
                    .name
                    .cmp(&plans[b].name)
                    .then_with(|| plans[a].id.cmp(&plans[b].id))
            });
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
            data.insert("owned_totals", &totals_of(look, owned));
            data.insert("managed_totals", &totals_of(look, &managed));
            // Large portfolios: the first rows of each list and its length.
            for (name, (rows, total)) in [
                ("accounts", rows(look, owned)),
                ("on_team", rows(look, listed(groups.by_team.get(id)))),
                ("sponsored", rows(look, listed(groups.by_sponsor.get(id)))),
                ("managed", rows(look, &managed)),
            ] {
                data.insert(name, &rows);
                data.insert(format!("{name}_total"), &total);
            }
            let (covered, covered_total) = capped(look, covered);
            data.insert("covered", &covered);
            data.insert("covered_total", &covered_total);
            let (actions, actions_total) = capped(look, actions);
            data.insert("actions", &actions);
            data.insert("actions_total", &actions_total);
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
            let (accounts, total) = capped(look, accounts);
            data.insert("accounts", &accounts);
            data.insert("accounts_total", &total);
            ("competitor.html", "competitor", name)
        }
        PageSpec::Attention => {
            let summarised = look.info.findings > context::ATTENTION_ALL_UP_TO;
            let mut groups = if summarised {
                context::finding_groups_sampled(look, context::ATTENTION_SAMPLE)
            } else {
                context::finding_groups(look)
            };
            let total: usize = groups.iter().map(|g| g.count).sum();
            if summarised {
                for g in &mut groups {
                    g.more_url = Some(urls::attention_code(g.code, 1));
                }
            }
            data.insert("total", &total);
            data.insert("summarised", &summarised);
            data.insert("groups", &groups);
            data.insert("pager", &None::<Pager>);
            data.insert("changed_since_approval", &context::changed_since_approval(look));
            ("attention.html", "attention", "Needs attention".to_string())
        }
        PageSpec::AttentionCode(code, n) => {
            let start = n.saturating_sub(1) * PAGE_SIZE;
            let groups: Vec<_> = context::finding_group(look, *code, start..start + PAGE_SIZE)
                .into_iter()
                .collect();
            let total = groups.first().map_or(0, |g| g.count);
            let pager = Pager::new(*n, total, |k| urls::attention_code(*code, k));
            let label = context::finding_label(*code).0;
            data.insert("total", &total);
            data.insert("summarised", &false);
            data.insert("groups", &groups);
            data.insert("pager", &pager);
            ("attention.html", "attention", format!("{label}, page {}", pager.page))
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
