//! The pages of the site and the data each template receives (besides
//! `site`, `root`, `page` and `serving`, which every page gets).

use super::context::{self, AccountRow, CompetitorAt, Lookup, PAGE_SIZE, Pager};
use super::{markdown, native, plan_page, team_page, urls};
use crate::derive::round2;
use crate::diagnostic::Code;
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
    /// The template, or [`NATIVE`] for a page written in Rust.
    pub template: &'static str,
    pub kind: &'static str,
    pub title: String,
    pub data: Context,
    /// The whole page, when it is written in Rust ([`native`]).
    pub native_html: Option<String>,
}

/// [`Page::template`] of a page written in Rust.
pub const NATIVE: &str = "(written in Rust)";

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

/// The plan positions a group lists, or none.
fn listed(group: Option<&Vec<usize>>) -> &[usize] {
    group.map_or(&[], Vec::as_slice)
}

/// Builds the page `spec` describes. The kinds of page `native` names are written in Rust, and only their
/// frame comes from the templates.
pub fn page(look: &Lookup, groups: &Groups, spec: &PageSpec, native: native::Native) -> Page {
    let site = look.site;
    let allow_html = site.config.allow_html;
    // Heading ids get a prefix so they never clash with the page's own anchors.
    let md = |text: &str| markdown::render(text, allow_html, "h-").html;
    let path = spec.path(look);
    let mut data = Context::new();
    let mut native_html = None;
    // A page written in Rust, in its frame; `size` is a guess of its length.
    let framed = |kind: &'static str, title: &str, size: usize, main: &dyn Fn(&mut String, &str)| -> String {
        let root = super::root_prefix(&path);
        let segment = match spec {
            PageSpec::Segment(s, _) => Some(look.info.segments[*s].id),
            _ => None,
        };
        let frame = native::frame::FramePage {
            kind,
            title,
            root: &root,
            segment,
        };
        let mut html = String::with_capacity(size);
        native::frame::frame(&mut html, &look.info, &frame, |o| main(o, &root));
        html
    };
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
                native_html = Some(framed("plan", &plan.name, 96 * 1024, &|o, root| {
                    native::plan_main(o, &view, root)
                }));
                (NATIVE, "plan", plan.name.clone())
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
            let totals = look.total_view(accounts.iter().map(|(_, a)| &a.money));
            let title = match pager.page {
                1 => format!("{} accounts", info.label),
                k => format!("{} accounts, page {k}", info.label),
            };
            if native.segments {
                let view = native::segment::SegmentPage {
                    segment: info,
                    totals: &totals,
                    accounts: &rows,
                    pager: &pager,
                };
                native_html = Some(framed("segment", &title, 96 * 1024, &|o, root| {
                    native::segment::segment_main(o, &view, &look.info, root)
                }));
                (NATIVE, "segment", title)
            } else {
                data.insert("segment", info);
                data.insert("totals", &totals);
                data.insert("accounts", &rows);
                data.insert("pager", &pager);
                ("segment.html", "segment", title)
            }
        }
        PageSpec::Team(t) => {
            let id = &site.team[*t].id;
            let reporting_line = groups.all_reports(id);
            let named = team_page::Named {
                owned: listed(groups.by_owner.get(id)),
                on_team: listed(groups.by_team.get(id)),
                sponsored: listed(groups.by_sponsor.get(id)),
                covered: groups.by_cover.get(id).map_or(&[], Vec::as_slice),
                actions: groups.by_action_owner.get(id).map_or(&[], Vec::as_slice),
                reports: groups.reports.get(id).map_or(&[], Vec::as_slice),
                reporting_line_plans: reporting_line
                    .iter()
                    .flat_map(|r| listed(groups.by_owner.get(r)).iter().copied())
                    .collect(),
                reporting_line: &reporting_line,
            };
            let view = team_page::team_page(look, *t, &named);
            let name = view.member.name.clone();
            if native.teams {
                native_html = Some(framed("team", &name, 256 * 1024, &|o, root| {
                    native::team::team_main(o, &view, root)
                }));
                (NATIVE, "team", name)
            } else {
                data = Context::from_serialize(&view).unwrap_or_default();
                ("team.html", "team", name)
            }
        }
        PageSpec::Competitor(id) => {
            let profile = site.competitors.iter().find(|c| &c.id == id);
            // Only the rows shown are built (the first PAGE_SIZE on a large portfolio).
            let (shown, total) = look.capped(listed(groups.by_competitor.get(id)).to_vec());
            let accounts: Vec<CompetitorAt> = shown
                .iter()
                .filter_map(|&i| {
                    let (p, a) = look.at(i);
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
            let website = profile
                .and_then(|p| p.website.as_deref())
                .and_then(super::context::website);
            let body_html = profile.map(|p| md(&p.body)).unwrap_or_default();
            if native.competitors {
                let view = native::competitor::CompetitorPage {
                    id,
                    name: &name,
                    website: website.as_ref(),
                    body_html: &body_html,
                    accounts: &accounts,
                    total,
                    allow_html,
                };
                native_html = Some(framed("competitor", &name, 64 * 1024, &|o, root| {
                    native::competitor::competitor_main(o, &view, root)
                }));
                (NATIVE, "competitor", name)
            } else {
                data.insert(
                    "competitor",
                    &json!({"id": id, "name": name, "website": website, "body_html": body_html}),
                );
                data.insert("accounts", &accounts);
                data.insert("accounts_total", &total);
                ("competitor.html", "competitor", name)
            }
        }
        PageSpec::Attention | PageSpec::AttentionCode(..) => {
            // Every code's first findings, or one page of one code's.
            let (groups, summarised, pager, changed, title) = match spec {
                PageSpec::AttentionCode(code, n) => {
                    let start = n.saturating_sub(1) * PAGE_SIZE;
                    let groups: Vec<_> = context::finding_group(look, *code, start..start + PAGE_SIZE)
                        .into_iter()
                        .collect();
                    let total = groups.first().map_or(0, |g| g.count);
                    let pager = Pager::new(*n, total, |k| urls::attention_code(*code, k));
                    let title = format!("{}, page {}", context::finding_label(*code).0, pager.page);
                    (groups, false, Some(pager), Vec::new(), title)
                }
                _ => {
                    let summarised = look.info.findings > context::ATTENTION_ALL_UP_TO;
                    let mut groups = if summarised {
                        context::finding_groups_sampled(look, context::ATTENTION_SAMPLE)
                    } else {
                        context::finding_groups(look)
                    };
                    if summarised {
                        for g in &mut groups {
                            g.more_url = Some(urls::attention_code(g.code, 1));
                        }
                    }
                    let changed = context::changed_since_approval(look);
                    (groups, summarised, None, changed, "Needs attention".to_string())
                }
            };
            // A code's pages count all of its findings; the first page, all shown.
            let total: usize = match &pager {
                Some(_) => groups.first().map_or(0, |g| g.count),
                None => groups.iter().map(|g| g.count).sum(),
            };
            if native.attention {
                let view = native::attention::AttentionPage {
                    title: &title,
                    total,
                    summarised,
                    groups: &groups,
                    pager: pager.as_ref(),
                    changed_since_approval: &changed,
                };
                native_html = Some(framed("attention", &title, 128 * 1024, &|o, root| {
                    native::attention::attention_main(o, &view, &look.info, root)
                }));
                (NATIVE, "attention", title)
            } else {
                data.insert("total", &total);
                data.insert("summarised", &summarised);
                data.insert("groups", &groups);
                data.insert("pager", &pager);
                data.insert("changed_since_approval", &changed);
                ("attention.html", "attention", title)
            }
        }
        PageSpec::NotFound => ("404.html", "404", "Page not found".to_string()),
    };
    Page {
        path,
        template,
        kind,
        title,
        data,
        native_html,
    }
}
