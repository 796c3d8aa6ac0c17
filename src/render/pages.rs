//! The pages of the site and the data each template receives (besides
//! `site`, `root`, `page` and `serving`, which every page gets).

use super::components::accounts::Columns;
use super::context::{self, AccountRow, CompetitorAt, Lookup, PAGE_SIZE, Pager};
use super::fields::{self, ThemeNames};
use super::{components, markdown, plan_page, team_page, urls};
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
    /// What changed since the last review (SPEC §9 `changes/index.html`).
    Changes,
    /// A plan's one-page plan, by index into the site's plans.
    OnePage(usize),
    /// Part `n` (from 1) of the review pack (SPEC §9 `review/index.html`).
    Review(usize),
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
            PageSpec::Changes => urls::CHANGES.into(),
            PageSpec::OnePage(i) => urls::one_page(&look.site.plans[*i].id),
            PageSpec::Review(n) => urls::review(*n),
            PageSpec::NotFound => urls::NOT_FOUND.into(),
        }
    }
}

/// A page ready to render: where it goes, the template that lays it out,
/// its kind and title (`page.kind`, `page.title`) and its data.
pub struct Page {
    pub path: String,
    pub template: &'static str,
    pub kind: &'static str,
    pub title: String,
    pub data: Context,
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
    specs.push(PageSpec::Changes);
    specs.extend((0..look.site.plans.len()).map(PageSpec::OnePage));
    let key = look
        .info
        .segments
        .iter()
        .find(|s| s.id == crate::model::Segment::Key)
        .map_or(0, |s| s.count);
    specs.extend((1..=super::review::parts(key)).map(PageSpec::Review));
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

/// Builds the page `spec` describes: each kind of page has its builder
/// below. Of a page's view, only the fields the theme's templates name
/// (`names`) are put into its data.
pub fn page(look: &Lookup, groups: &Groups, spec: &PageSpec, names: &ThemeNames) -> Page {
    let path = spec.path(look);
    let root = super::root_prefix(&path);
    let (template, kind, title, data) = match spec {
        PageSpec::Dashboard => dashboard(look, &root),
        PageSpec::Plan(i) => plan(look, *i, &root, names),
        PageSpec::Segment(s, n) => segment(look, *s, *n, &root, names),
        PageSpec::Team(t) => team(look, groups, *t, &root, names),
        PageSpec::Competitor(id) => competitor(look, groups, id, &root, names),
        PageSpec::Attention => attention(look, &root),
        PageSpec::AttentionCode(code, n) => attention_code(look, *code, *n, &root),
        PageSpec::Changes => changes(look),
        PageSpec::OnePage(i) => one_page(look, *i, &root, names),
        PageSpec::Review(n) => review(look, *n, &root, names),
        PageSpec::NotFound => not_found(look),
    };
    Page {
        path,
        template,
        kind,
        title,
        data,
    }
}

/// What a page builder gives: template, kind, title and data.
type Built = (&'static str, &'static str, String, Context);

/// Markdown of the site's pages; heading ids get a prefix so they never
/// clash with the page's own anchors.
fn md(look: &Lookup, text: &str) -> String {
    markdown::render(text, look.site.config.allow_html, "h-").html
}

/// Rendered HTML by name (a page's `tables` or `sections`), moved into one
/// value: `json!` and `Context::insert` would each copy every string.
fn html_values<const N: usize>(pairs: [(&str, String); N]) -> serde_json::Value {
    serde_json::Value::Object(
        pairs
            .into_iter()
            .map(|(name, html)| (name.to_string(), serde_json::Value::String(html)))
            .collect(),
    )
}

/// An account table (the component), as a page's `tables.<name>`.
fn table(rows: &[AccountRow], root: &str, caption: &str, cols: Columns) -> String {
    let mut html = String::with_capacity(512 + rows.len() * 1536);
    components::accounts::account_table(&mut html, rows, root, caption, cols);
    html
}

/// `index.html`: the dashboard.
fn dashboard(look: &Lookup, root: &str) -> Built {
    let site = look.site;
    let intro = site.index.as_ref().map(|i| md(look, &i.body)).unwrap_or_default();
    let dashboard = context::dashboard(look, intro);
    let (risks, key_total) = super::risk::key_risks(look, super::risk::DASHBOARD_ROWS);
    let mut key_risks = String::new();
    components::risk::risk_table(&mut key_risks, &risks, root, "Key-account risks");
    if key_total > risks.len() {
        key_risks.push_str(&format!(
            "<p class=\"note more-note\">Showing the {} key accounts most at risk of {key_total}. \
             Every key account has its row on the <a href=\"{root}{}\">Key segment's pages</a>.</p>",
            risks.len(),
            urls::segment(crate::model::Segment::Key)
        ));
    }
    let mut data = Context::new();
    fields::insert_value(
        &mut data,
        "tables",
        html_values([
            (
                "accounts",
                table(
                    &dashboard.accounts,
                    root,
                    "Accounts",
                    Columns {
                        owner: true,
                        segment: true,
                        ..Columns::default()
                    },
                ),
            ),
            ("key_risks", key_risks),
        ]),
    );
    let mut trends = String::new();
    components::charts::portfolio_trends(&mut trends, &dashboard.trends, &site.config.currency);
    fields::insert_value(&mut data, "sections", html_values([("trends", trends)]));
    data.insert("dashboard", &dashboard);
    ("index.html", "dashboard", site.config.title.clone(), data)
}

/// `404.html`: the page a host serves for any missing address, at any
/// depth (a renamed plan's old `accounts/<id>/`). With `publish.base_url`
/// its links start from that address (`root` is it); without, the template
/// finds the site root from the page's address with a tiny inline script
/// (`not_found.find_root`) that sets `<base href>` before anything loads.
fn not_found(look: &Lookup) -> Built {
    let mut data = Context::new();
    let base_url = look.site.config.base_url.as_deref();
    if let Some(url) = base_url {
        data.insert("root", url);
    }
    data.insert(
        "not_found",
        &json!({"base_url": base_url, "find_root": base_url.is_none(), "top_folders": urls::TOP_FOLDERS}),
    );
    ("404.html", "404", "Page not found".to_string(), data)
}

/// `plan.html`: one account plan, its sections written by the components.
fn plan(look: &Lookup, i: usize, root: &str, names: &ThemeNames) -> Built {
    let names = names.of("plan.html");
    let plan = &look.site.plans[i];
    let view = plan_page::plan_page(look, plan, &look.portfolio.accounts[i]);
    let mut data = Context::new();
    fields::insert_fields(&mut data, &view, names);
    if names.wants("sections") {
        // Moved into the context, not copied: together they are most of the page.
        let sections: serde_json::Map<String, serde_json::Value> = components::plan::sections(&view, root)
            .into_iter()
            .map(|(name, html)| (name.to_string(), serde_json::Value::String(html)))
            .collect();
        fields::insert_value(&mut data, "sections", serde_json::Value::Object(sections));
    }
    ("plan.html", "plan", plan.name.clone(), data)
}

/// `segment.html`: one page of a segment's accounts.
fn segment(look: &Lookup, s: usize, n: usize, root: &str, names: &ThemeNames) -> Built {
    let names = names.of("segment.html");
    let info = &look.info.segments[s];
    let pager = Pager::new(n, info.count, |k| urls::segment_page(info.id, k));
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
    let caption = format!("{} accounts", info.label);
    // The key segment's pages carry the risk table of their accounts.
    let mut key_risks = String::new();
    if info.id == crate::model::Segment::Key {
        let mut risks: Vec<_> = pager
            .slice(&accounts)
            .into_iter()
            .map(|(p, a)| super::risk::risk_row(look, p, a))
            .collect();
        super::risk::by_risk(&mut risks);
        components::risk::risk_table(&mut key_risks, &risks, root, "Key-account risks");
    }
    let mut data = Context::new();
    fields::insert_value(
        &mut data,
        "tables",
        html_values([
            (
                "accounts",
                table(
                    &rows,
                    root,
                    &caption,
                    Columns {
                        owner: true,
                        ..Columns::default()
                    },
                ),
            ),
            ("key_risks", key_risks),
        ]),
    );
    data.insert("segment", info);
    data.insert("totals", &totals);
    // The built-in template reads only `tables.accounts`: the rows become
    // Tera values (200 of them a page) only for a template that names them.
    if names.wants("accounts") {
        data.insert("accounts", &rows);
    }
    data.insert("pager", &pager);
    ("segment.html", "segment", title, data)
}

/// `team.html`: one team member and everything the plans give them.
fn team(look: &Lookup, groups: &Groups, t: usize, root: &str, names: &ThemeNames) -> Built {
    let names = names.of("team.html");
    let id = &look.site.team[t].id;
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
        reporting_line_actions: reporting_line
            .iter()
            .flat_map(|r| {
                groups
                    .by_action_owner
                    .get(r)
                    .map_or(&[][..], Vec::as_slice)
                    .iter()
                    .copied()
            })
            .collect(),
        reporting_line: &reporting_line,
    };
    let view = team_page::team_page(look, t, &named);
    let name = view.member.name.clone();
    let mut data = Context::new();
    fields::insert_fields(&mut data, &view, names);
    if names.wants("tables") {
        // Each account table ends with its note when the list was cut short.
        // Every table links to the one-page plans a 1:1 goes through.
        let accounts = |rows: &[AccountRow], total: usize, caption: String, show_owner: bool| {
            let cols = Columns {
                owner: show_owner,
                segment: true,
                one_page: true,
            };
            let mut html = table(rows, root, &caption, cols);
            components::more_note(&mut html, rows.len(), total, "accounts");
            html
        };
        let mut covered = String::new();
        components::team::covered_table(&mut covered, &view.covered, &name, root);
        let mut actions = String::new();
        components::team::actions_table(&mut actions, &view.actions, &name, root);
        let mut todo = String::new();
        components::team::todo_list(&mut todo, &view.todo, root, "todo", &format!("{name}'s"));
        let mut line_todo = String::new();
        if let Some(line) = &view.line_todo {
            components::team::todo_list(&mut line_todo, line, root, "line-todo", "the reporting line's");
        }
        let tables = html_values([
            (
                "accounts",
                accounts(
                    &view.accounts,
                    view.accounts_total,
                    format!("Accounts owned by {name}"),
                    false,
                ),
            ),
            (
                "on_team",
                accounts(
                    &view.on_team,
                    view.on_team_total,
                    format!("Accounts where {name} is on the team"),
                    true,
                ),
            ),
            (
                "sponsored",
                accounts(
                    &view.sponsored,
                    view.sponsored_total,
                    format!("Accounts {name} sponsors"),
                    true,
                ),
            ),
            (
                "managed",
                accounts(
                    &view.managed,
                    view.managed_total,
                    format!("Accounts in {name}'s reporting line"),
                    true,
                ),
            ),
            ("covered", covered),
            ("actions", actions),
            ("todo", todo),
            ("line_todo", line_todo),
        ]);
        fields::insert_value(&mut data, "tables", tables);
    }
    ("team.html", "team", name, data)
}

/// `competitor.html`: one competitor and the accounts where it is met.
fn competitor(look: &Lookup, groups: &Groups, id: &str, root: &str, names: &ThemeNames) -> Built {
    let names = names.of("competitor.html");
    let site = look.site;
    let profile = site.competitors.iter().find(|c| c.id == id);
    let named_at = |i: usize| {
        let (p, a) = look.at(i);
        Some((p, a, p.competitors.iter().find(|c| c.id.value == id)?))
    };
    let all = listed(groups.by_competitor.get(id));
    // Counted over every plan naming it, not only the rows shown.
    let sides = all.iter().filter_map(|&i| named_at(i)?.2.swot);
    let threats = sides.clone().filter(|s| *s == crate::model::SwotSide::Threat).count();
    let opportunities = sides.filter(|s| *s == crate::model::SwotSide::Opportunity).count();
    // Only the rows shown are built (the first PAGE_SIZE on a large portfolio).
    let (shown, total) = look.capped(all.to_vec());
    let accounts: Vec<CompetitorAt> = shown
        .iter()
        .filter_map(|&i| {
            let (p, a, c) = named_at(i)?;
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
    let name = look.competitor_name(id);
    let website = profile
        .and_then(|p| p.website.as_deref())
        .and_then(super::context::website);
    let body_html = profile.map(|p| md(look, &p.body)).unwrap_or_default();
    let mut data = Context::new();
    data.insert(
        "competitor",
        &json!({"id": id, "name": name, "website": website, "body_html": body_html,
                "threats": threats, "opportunities": opportunities}),
    );
    if names.wants("tables") || names.wants("sections") {
        let mut table = String::with_capacity(512 + accounts.len() * 1024);
        components::competitor::accounts_table(&mut table, &accounts, id, &name, root);
        components::more_note(&mut table, accounts.len(), total, "accounts");
        let mut cards = String::with_capacity(accounts.len() * 1536);
        components::competitor::account_cards(&mut cards, &accounts, id, root, site.config.allow_html);
        fields::insert_value(&mut data, "tables", html_values([("accounts", table)]));
        fields::insert_value(&mut data, "sections", html_values([("accounts", cards)]));
    }
    /// The rows, for a theme that lays them out itself.
    #[derive(serde::Serialize)]
    struct Fields<'v, 'a> {
        accounts: &'v [CompetitorAt<'a>],
    }
    fields::insert_fields(&mut data, &Fields { accounts: &accounts }, names);
    data.insert("accounts_total", &total);
    ("competitor.html", "competitor", name, data)
}

/// `changes.html`: what changed since the last review.
fn changes(look: &Lookup) -> Built {
    let mut data = Context::new();
    data.insert("changes", &super::changes::changes(look));
    (
        "changes.html",
        "changes",
        "Changes since the last review".to_string(),
        data,
    )
}

/// `one-page.html`: a plan on one printed page.
fn one_page(look: &Lookup, i: usize, root: &str, names: &ThemeNames) -> Built {
    let names = names.of("one-page.html");
    let plan = &look.site.plans[i];
    let view = super::one_page::one_page(look, plan, &look.portfolio.accounts[i]);
    let mut data = Context::new();
    if names.wants("sections") {
        let mut html = String::with_capacity(12 * 1024);
        components::one_page::one_page(&mut html, &view, root, 1);
        fields::insert_value(&mut data, "sections", html_values([("one_page", html)]));
    }
    /// The view under its name.
    #[derive(serde::Serialize)]
    struct Fields<'v, 'a> {
        one_page: &'v super::one_page::OnePage<'a>,
    }
    fields::insert_fields(&mut data, &Fields { one_page: &view }, names);
    ("one-page.html", "one-page", format!("{} on one page", plan.name), data)
}

/// `review.html`: one part of the review pack.
fn review(look: &Lookup, n: usize, root: &str, names: &ThemeNames) -> Built {
    let names = names.of("review.html");
    let pack = super::review::review(look, n);
    let mut data = Context::new();
    if names.wants("sections") {
        let mut trends = String::new();
        if let Some(t) = &pack.trends {
            components::charts::portfolio_trends(&mut trends, t, &look.site.config.currency);
        }
        let mut plans = String::with_capacity(pack.plan_indices.len() * 12 * 1024);
        for (i, a) in pack.plan_indices.iter().map(|&i| (i, &look.portfolio.accounts[i])) {
            let view = super::one_page::one_page(look, &look.site.plans[i], a);
            components::one_page::one_page(&mut plans, &view, root, 2);
        }
        fields::insert_value(
            &mut data,
            "sections",
            html_values([("trends", trends), ("plans", plans)]),
        );
    }
    let title = match pack.part {
        1 => "Review pack".to_string(),
        k => format!("Review pack, part {k}"),
    };
    /// The view under its name.
    #[derive(serde::Serialize)]
    struct Fields<'v, 'a> {
        review: &'v super::review::ReviewPack<'a>,
    }
    fields::insert_fields(&mut data, &Fields { review: &pack }, names);
    ("review.html", "review", title, data)
}

/// `attention.html`, first page: every code's findings (a sample of each
/// on a large portfolio) and the key plans changed since approval.
fn attention(look: &Lookup, root: &str) -> Built {
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
    let total: usize = groups.iter().map(|g| g.count).sum();
    let changed = context::changed_since_approval(look);
    let action = "attention/index.html".to_string();
    attention_data(
        look,
        groups,
        total,
        summarised,
        None,
        changed,
        ("Needs attention".to_string(), action),
        root,
    )
}

/// `attention.html`, one page of one code's findings.
fn attention_code(look: &Lookup, code: Code, n: usize, root: &str) -> Built {
    let start = n.saturating_sub(1) * PAGE_SIZE;
    let groups: Vec<_> = context::finding_group(look, code, start..start + PAGE_SIZE)
        .into_iter()
        .collect();
    let total = groups.first().map_or(0, |g| g.count);
    let pager = Pager::new(n, total, |k| urls::attention_code(code, k));
    let title = format!("{}, page {}", context::finding_label(code).0, pager.page);
    let action = urls::attention_code(code, pager.page);
    attention_data(
        look,
        groups,
        total,
        false,
        Some(pager),
        Vec::new(),
        (title, action),
        root,
    )
}

/// The data of either kind of attention page.
#[allow(clippy::too_many_arguments)]
fn attention_data(
    look: &Lookup,
    mut groups: Vec<context::FindingGroup>,
    total: usize,
    summarised: bool,
    pager: Option<Pager>,
    changed: Vec<context::ChangedSinceApproval>,
    (title, action): (String, String),
    root: &str,
) -> Built {
    // The lists are written by the component: up to 200 findings a page
    // looped over in Tera were most of an attention page's cost.
    for g in &mut groups {
        components::findings::finding_items(&mut g.entries_html, &g.entries, root);
    }
    let mut data = Context::new();
    data.insert("total", &total);
    data.insert("summarised", &summarised);
    data.insert("groups", &groups);
    data.insert("pager", &pager);
    data.insert("changed_since_approval", &changed);
    data.insert("filters", look.filters());
    // The filter keeps the reader on this page.
    data.insert("filter_action", &action);
    ("attention.html", "attention", title, data)
}
