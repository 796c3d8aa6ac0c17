//! The data every template receives (documented in docs/theme.md).
//!
//! Everything a page shows is computed here, in Rust, so templates only lay
//! it out: cross-links both ways, the matrix and org-chart geometry, totals.

use super::urls;
use crate::derive::{Account, Finding, Money, Portfolio, Subject, Total};
use crate::diagnostic::Code;
use crate::format::AmountView;
use crate::history::{SegmentMove, SiteHistory};
use crate::model::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Site-wide values, on every page as `site`.
#[derive(Clone, Debug, Serialize)]
pub struct SiteInfo {
    pub title: String,
    pub currency: String,
    pub today: String,
    pub products: Vec<String>,
    pub plan_count: usize,
    pub segments: Vec<SegmentInfo>,
    pub version: &'static str,
    /// Weights of opportunity stages in the weighted pipeline.
    pub stage_weights: crate::model::StageWeights,
    /// "configured" (`segmentation.potential.high_from`) or "portfolio median".
    pub potential_threshold_source: &'static str,
    /// Whether search engines may index the site (`publish.indexable`).
    pub indexable: bool,
    /// Number of findings (SPEC §7 warnings) across the portfolio.
    pub findings: usize,
    /// `theme.extra_css`: stylesheets linked after the built-in one, as
    /// paths in the published site (prefix them with `root`).
    pub extra_css: Vec<String>,
}

/// A segment with its guidance.
#[derive(Clone, Debug, Serialize)]
pub struct SegmentInfo {
    pub id: Segment,
    pub label: &'static str,
    pub summary: &'static str,
    pub guidance: &'static str,
    pub count: usize,
}

/// Name, summary and guidance of a segment (SPEC §5.3).
pub fn segment_guidance(s: Segment) -> (&'static str, &'static str, &'static str) {
    match s {
        Segment::Key => (
            "Key",
            "High potential, strong relationship",
            "Full plan, a senior sponsor and a quarterly review. These accounts carry the year: invest in every layer of the relationship and keep the plan current.",
        ),
        Segment::Target => (
            "Target",
            "High potential, relationship still to build",
            "Lite plan. Invest to build relationships: find the decision-makers, win supporters in each buying stage and earn the right to a bigger role.",
        ),
        Segment::Managed => (
            "Managed",
            "Strong relationship, limited potential",
            "Lite plan. Protect the relationship and grow efficiently: keep service excellent and look for whitespace without over-investing.",
        ),
        Segment::Maintained => (
            "Maintained",
            "Limited potential, lighter relationship",
            "Minimal plan. Serve efficiently through standard channels and review whether the potential has changed.",
        ),
    }
}

/// One account in a table: identity, scores, money and flags.
#[derive(Clone, Debug, Serialize)]
pub struct AccountRow<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub url: String,
    pub owner: Option<PersonRef<'a>>,
    pub sponsor: Option<PersonRef<'a>>,
    pub industry: Option<&'a str>,
    /// The plan's currency; every amount of the row is in it.
    pub currency: &'a str,
    pub segment: Segment,
    pub computed_segment: Segment,
    pub declared_segment: Option<Segment>,
    pub relationship: f64,
    /// Whether the relationship is high (derive's rule, SPEC §5.1).
    pub relationship_high: bool,
    pub potential: f64,
    /// Whether the potential is high (derive's rule, SPEC §5.2).
    pub potential_high: bool,
    pub potential_value: AmountView,
    pub weighted_pipeline: AmountView,
    pub open_pipeline: AmountView,
    pub secured: AmountView,
    pub prior_year_actual: AmountView,
    pub annual_target: AmountView,
    /// Secured over annual target, in percent; `None` without a target.
    pub attainment_pct: Option<f64>,
    /// Weighted pipeline in the site currency, for sorting (`None` without a rate).
    pub site_weighted_pipeline: Option<f64>,
    pub completeness: f64,
    pub completeness_pct: u32,
    pub last_review: Option<String>,
    /// Date of the last commit touching the plan (git), if any.
    pub last_updated: Option<String>,
    pub stale: bool,
    pub overdue_actions: usize,
    /// Number of the plan's findings.
    pub warnings: usize,
    pub top10: bool,
    pub health: Option<Health>,
}

/// One account where a competitor appears, for the competitor's page.
#[derive(Serialize)]
pub struct CompetitorAt<'a> {
    pub row: AccountRow<'a>,
    /// The competitor's status there (mean contact alignment), rounded.
    pub status: Option<f64>,
    pub swot: Option<crate::model::SwotSide>,
    pub strengths: &'a [String],
    pub weaknesses: &'a [String],
    pub differentiators: &'a [String],
}

/// A customer's or competitor's website as pages show it: a link only for
/// http(s) addresses, its text without the scheme and trailing slashes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WebsiteView {
    pub href: Option<String>,
    pub text: String,
}

/// How every page shows a `website` address; `None` for a blank one.
pub fn website(address: &str) -> Option<WebsiteView> {
    if address.trim().is_empty() {
        return None;
    }
    let shown = address
        .strip_prefix("https://")
        .or_else(|| address.strip_prefix("http://"));
    Some(match shown {
        Some(rest) => WebsiteView {
            href: Some(address.to_string()),
            text: rest.trim_end_matches('/').to_string(),
        },
        None => WebsiteView {
            href: None,
            text: address.to_string(),
        },
    })
}

/// A link to a team member.
#[derive(Clone, Debug, Serialize)]
pub struct PersonRef<'p> {
    pub id: &'p str,
    pub name: &'p str,
    pub url: String,
}

/// One finding, ready to list: what it is about, where it links, what it says.
#[derive(Clone, Debug, Serialize)]
pub struct FindingView {
    pub code: Code,
    /// The plan's id when the finding is about a plan (for the filter).
    pub account: Option<String>,
    /// The team member's id when the finding is about one (for the filter).
    pub member: Option<String>,
    /// The group title of the code ("Poor account health").
    pub label: &'static str,
    /// The plan's or team member's name.
    pub subject: String,
    /// Who answers for it: the action's owner for an action, else the
    /// plan's owner; `None` for a team member's finding or an unowned plan.
    pub owner: Option<String>,
    /// Link to the item the finding is about (plan anchor or team page).
    pub url: String,
    pub message: String,
    /// The message with its `code` spans as HTML (user text escaped).
    pub message_html: String,
    pub hint: String,
    /// The hint as HTML (it may quote an item's notes, which are Markdown).
    pub hint_html: String,
    /// Whether the finding is about a key account.
    pub key: bool,
    pub segment: Option<Segment>,
    pub file: String,
    pub line: u32,
    /// The finding's line in the source (`publish.source_url`), or `None`.
    pub source_url: Option<String>,
}

/// The findings of one code.
#[derive(Clone, Debug, Serialize)]
pub struct FindingGroup {
    pub code: Code,
    pub label: &'static str,
    /// What the code means, for readers new to it.
    pub about: &'static str,
    pub count: usize,
    /// Key accounts first, then by subject name.
    pub entries: Vec<FindingView>,
    /// The code's own pages, when this page shows only a sample.
    pub more_url: Option<String>,
    /// `entries` as the items of a finding list (HTML), written by the
    /// component on the attention pages; empty elsewhere.
    pub entries_html: String,
}

/// A dot of the segmentation matrix, in SVG user units.
#[derive(Clone, Debug, Serialize)]
pub struct MatrixDot {
    pub id: String,
    pub name: String,
    pub url: String,
    pub segment: Segment,
    pub relationship: f64,
    pub potential: f64,
    pub cx: f64,
    pub cy: f64,
    pub r: f64,
    /// Where the name goes, or `None` when no spot is free of other dots
    /// and labels (the dot keeps its tooltip and link).
    pub label: Option<MatrixLabel>,
    /// The name's first word, for narrow screens (drawn larger there).
    pub short_name: String,
    /// Where `short_name` goes on a narrow screen, placed like `label`.
    pub short_label: Option<MatrixLabel>,
    /// The plan declares a segment other than the computed one (ringed dot).
    pub overridden: bool,
    pub computed_segment: Segment,
    pub declared_segment: Option<Segment>,
}

/// A placed dot label: the text's anchor point and which end it hangs from.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct MatrixLabel {
    pub x: f64,
    /// Baseline of the text.
    pub y: f64,
    /// `start`, `middle` or `end` (SVG `text-anchor`).
    pub anchor: &'static str,
}

/// The segmentation matrix geometry (plot area from `x0,y0` of `size` units).
#[derive(Clone, Debug, Serialize)]
pub struct Matrix {
    pub width: f64,
    pub height: f64,
    pub x0: f64,
    pub y0: f64,
    pub size: f64,
    /// x of the relationship threshold line.
    pub threshold_x: f64,
    /// y of the potential threshold line (potential 5).
    pub threshold_y: f64,
    pub ticks: Vec<MatrixTick>,
    pub dots: Vec<MatrixDot>,
    /// Plain linked dots without labels: many accounts (keeps the page small).
    pub compact: bool,
    /// In compact mode, the dots as SVG (`<a><circle/></a>` each), made in
    /// Rust: 10,000 dots as template data would cost more memory than the
    /// rest of the dashboard; `dots` is then empty. Empty otherwise.
    pub compact_svg: String,
    /// Any dot is ringed (the legend then explains the ring).
    pub any_override: bool,
}

/// An axis tick.
#[derive(Clone, Debug, Serialize)]
pub struct MatrixTick {
    pub value: u32,
    pub x: f64,
    pub y: f64,
}

/// Money summed over some accounts: converted amounts in the site currency
/// and, apart, what has no exchange rate (SPEC §5.7).
#[derive(Clone, Debug, Serialize)]
pub struct TotalView {
    pub prior_year_actual: AmountView,
    pub annual_target: AmountView,
    pub revenue_goal_minimum: AmountView,
    pub revenue_goal_just_right: AmountView,
    pub revenue_goal_aspirational: AmountView,
    pub weighted_pipeline: AmountView,
    pub open_pipeline: AmountView,
    pub secured: AmountView,
    pub lost: AmountView,
    /// Secured over annual target (converted amounts), in percent.
    pub attainment_pct: Option<f64>,
    /// Annual target over prior year, minus one, in percent.
    pub target_growth_pct: Option<f64>,
    /// Open deals whose value is in `open_pipeline` (converted ones only).
    pub open_deals: usize,
    /// Secured deals whose value is in `secured` (converted ones only).
    pub secured_deals: usize,
    pub by_stage: Vec<StageTotal>,
    /// Amounts without an exchange rate, one entry per currency.
    pub unconverted: Vec<UnconvertedView>,
}

/// Amounts of one currency that has no exchange rate, shown beside a total.
#[derive(Clone, Debug, Serialize)]
pub struct UnconvertedView {
    pub currency: String,
    pub prior_year_actual: AmountView,
    pub annual_target: AmountView,
    pub revenue_goal_just_right: AmountView,
    pub weighted_pipeline: AmountView,
    pub open_pipeline: AmountView,
    pub secured: AmountView,
    /// Open deals (prospect, pipeline, forecast) in `open_pipeline`.
    pub open_deals: usize,
    /// Secured deals in `secured`.
    pub secured_deals: usize,
}

/// Pipeline of one opportunity stage (converted amounts).
#[derive(Clone, Debug, Serialize)]
pub struct StageTotal {
    pub stage: OppStage,
    pub count: usize,
    pub value: AmountView,
    pub weighted: AmountView,
    pub pct: f64,
}

/// A sum over a group of accounts (an owner, a manager, a segment, an industry).
#[derive(Clone, Debug, Serialize)]
pub struct Rollup {
    pub key: String,
    pub label: String,
    pub url: Option<String>,
    pub accounts: usize,
    pub key_accounts: usize,
    pub stale: usize,
    pub overdue_actions: usize,
    pub totals: TotalView,
}

/// A competitor across the portfolio.
#[derive(Clone, Debug, Serialize)]
pub struct CompetitorRow {
    pub id: String,
    pub name: String,
    pub url: String,
    pub accounts: usize,
    pub threat_in: usize,
    pub opportunity_in: usize,
    pub mean_status: Option<f64>,
}

/// The dashboard (`index.html`).
#[derive(Clone, Debug, Serialize)]
pub struct Dashboard<'a> {
    pub intro_title: Option<String>,
    pub intro_html: String,
    /// The introduction's first sentence as text (HTML-escaped), shown on
    /// the folded introduction's one line.
    pub intro_teaser: String,
    pub totals: TotalView,
    pub potential_threshold: f64,
    pub relationship_threshold: f64,
    pub matrix: Matrix,
    /// Every account, or on a large portfolio the `PAGE_SIZE` with the
    /// highest potential (key accounts first).
    pub accounts: Vec<AccountRow<'a>>,
    /// Number of accounts in all.
    pub accounts_total: usize,
    /// Findings per code (count only), most pressing codes first.
    pub attention: Vec<AttentionSummary>,
    /// The most pressing findings (key accounts first), at most 8.
    pub attention_top: Vec<FindingView>,
    /// Number of findings in all.
    pub attention_total: usize,
    pub by_owner: Vec<Rollup>,
    pub by_manager: Vec<Rollup>,
    pub by_segment: Vec<Rollup>,
    pub by_industry: Vec<Rollup>,
    pub competitors: Vec<CompetitorRow>,
    /// Segment moves of the last 90 days (git), newest first.
    pub segment_moves: Vec<SegmentMove>,
    /// Whether git history could be read; when not, `history_note` says why.
    pub history_available: bool,
    pub history_note: Option<&'static str>,
    /// Opportunities with 2 or more slips or any regression in the window.
    pub slipping: Vec<SlippingDeal>,
    /// The filter's choices (SPEC §9, v3).
    pub filters: FilterOptions,
    /// The portfolio at every month end of the history, then now (SPEC §10.3).
    pub trends: crate::history::trends::PortfolioTrend,
}

/// The choices of the dashboard's and attention page's filter (SPEC §9,
/// v3): each a value for the page address and a label. The filter itself
/// runs in the browser over `filter-data.js`.
#[derive(Clone, Debug, Serialize)]
pub struct FilterOptions {
    pub owners: Vec<FilterOption>,
    /// Everyone above an account owner in a reporting line.
    pub managers: Vec<FilterOption>,
    pub industries: Vec<FilterOption>,
    pub segments: Vec<FilterOption>,
    pub currencies: Vec<FilterOption>,
    /// Number of accounts in all.
    pub total: usize,
    /// Whether the dashboard's account table lists only some accounts: the
    /// filter then loads the rows of the others from `filter-rows.js`.
    pub rows_file: bool,
}

/// One choice of a filter select.
#[derive(Clone, Debug, Serialize)]
pub struct FilterOption {
    pub value: String,
    pub label: String,
}

/// The filter value of an industry: its name in lower case, runs of other
/// characters than letters and digits as one `-`; `unspecified` for none.
pub fn industry_key(industry: Option<&str>) -> String {
    let mut key = String::new();
    for c in industry.unwrap_or("Unspecified").chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            key.push(c);
        } else if !key.is_empty() && !key.ends_with('-') {
            key.push('-');
        }
    }
    let key = key.trim_end_matches('-');
    if key.is_empty() {
        "unspecified".into()
    } else {
        key.into()
    }
}

/// The filter's choices: owners, managers, industries and currencies the
/// plans use, and every segment.
pub fn filter_options(look: &Lookup) -> FilterOptions {
    let mut owners: BTreeMap<&str, ()> = BTreeMap::new();
    let mut industries: BTreeMap<String, String> = BTreeMap::new();
    let mut currencies: BTreeSet<&str> = BTreeSet::new();
    for (p, a) in look.pairs() {
        if let Some(o) = &p.owner {
            owners.insert(o.value.as_str(), ());
        }
        let label = p.industry.clone().unwrap_or_else(|| "Unspecified".into());
        industries.entry(industry_key(p.industry.as_deref())).or_insert(label);
        currencies.insert(a.money.currency.as_str());
    }
    let mut managers: BTreeSet<String> = BTreeSet::new();
    for o in owners.keys() {
        managers.extend(manager_chain(look.site, o));
    }
    let person = |id: &str| FilterOption {
        value: id.to_string(),
        label: look.person(id).name.to_string(),
    };
    let by_label = |mut v: Vec<FilterOption>| {
        v.sort_by(|a, b| {
            a.label
                .to_lowercase()
                .cmp(&b.label.to_lowercase())
                .then(a.value.cmp(&b.value))
        });
        v
    };
    FilterOptions {
        owners: by_label(owners.keys().map(|o| person(o)).collect()),
        managers: by_label(managers.iter().map(|m| person(m)).collect()),
        industries: by_label(
            industries
                .into_iter()
                .map(|(value, label)| FilterOption { value, label })
                .collect(),
        ),
        segments: Segment::ALL
            .iter()
            .map(|s| FilterOption {
                value: s.as_str().to_string(),
                label: segment_guidance(*s).0.to_string(),
            })
            .collect(),
        currencies: currencies
            .into_iter()
            .map(|c| FilterOption {
                value: c.to_string(),
                label: c.to_string(),
            })
            .collect(),
        total: look.site.plans.len(),
        rows_file: look.site.plans.len() > FULL_LISTS_UP_TO,
    }
}

/// A deal that keeps slipping, for the dashboard's panel.
#[derive(Clone, Debug, Serialize)]
pub struct SlippingDeal {
    pub account: String,
    /// The opportunity's name.
    pub name: String,
    /// The opportunity on its plan page.
    pub url: String,
    pub slips: usize,
    pub regressions: usize,
    /// Every distinct close date, in order.
    pub closes: Vec<String>,
}

/// A code's count on the dashboard's attention summary.
#[derive(Clone, Debug, Serialize)]
pub struct AttentionSummary {
    pub code: Code,
    pub label: &'static str,
    pub count: usize,
    pub key: usize,
}

fn round2(x: f64) -> f64 {
    crate::derive::round2(x)
}

/// The site index: plans joined with their derived values by id, people
/// and competitors by id, and the diagnostics by file. Built once per
/// render; every page context reads it.
pub struct Lookup<'a> {
    pub site: &'a Site,
    pub portfolio: &'a Portfolio,
    /// Every diagnostic, grouped by file.
    pub by_file: BTreeMap<&'a str, Vec<&'a crate::diagnostic::Diagnostic>>,
    /// Site-wide values, computed once.
    pub info: SiteInfo,
    /// What git tells about the plans (empty outside a repository).
    pub history: &'a SiteHistory,
    /// Plan and derived values, in plan (id) order.
    entries: Vec<(&'a Plan, &'a Account)>,
    /// Plan id → position in `entries`.
    plan_ids: HashMap<&'a str, usize>,
    members: HashMap<&'a str, &'a TeamMember>,
    competitor_names: BTreeMap<String, String>,
    /// Every finding by code, key accounts first, then by subject name:
    /// sorted once, on first use, for all the attention pages.
    attention: std::sync::OnceLock<BTreeMap<Code, Vec<FindingAt>>>,
    /// The filter's choices: built once, on first use, for the dashboard
    /// and every attention page.
    filters: std::sync::OnceLock<FilterOptions>,
}

/// Where a finding is: a plan's position and its position among the
/// plan's findings, or (`None`) its position among team members' findings.
type FindingAt = (Option<usize>, usize);

/// History of a site outside git.
pub static NO_HISTORY: SiteHistory = SiteHistory::EMPTY;

impl<'a> Lookup<'a> {
    /// The filter's choices (SPEC §9, v3), built once.
    pub fn filters(&self) -> &FilterOptions {
        self.filters.get_or_init(|| filter_options(self))
    }

    /// The index of a checked site and its diagnostics.
    pub fn new(site: &'a Site, portfolio: &'a Portfolio, diagnostics: &'a [crate::diagnostic::Diagnostic]) -> Self {
        let mut by_file: BTreeMap<&str, Vec<&crate::diagnostic::Diagnostic>> = BTreeMap::new();
        for d in diagnostics {
            by_file.entry(d.file.as_str()).or_default().push(d);
        }
        // The one place where plans and their derived values are paired.
        let entries: Vec<(&Plan, &Account)> = site.plans.iter().map(|p| &**p).zip(&portfolio.accounts).collect();
        let plan_ids = entries
            .iter()
            .enumerate()
            .map(|(i, (p, _))| (p.id.as_str(), i))
            .collect();
        let members = site.team.iter().map(|t| (t.id.as_str(), t)).collect();
        let mut competitor_names: BTreeMap<String, String> = BTreeMap::new();
        for (p, _) in &entries {
            for c in &p.competitors {
                if !c.id.value.is_empty() {
                    let name = c.name.clone().unwrap_or_else(|| c.id.value.clone());
                    competitor_names.entry(c.id.value.clone()).or_insert(name);
                }
            }
        }
        for profile in &site.competitors {
            competitor_names.insert(profile.id.clone(), profile.name.clone());
        }
        Lookup {
            attention: std::sync::OnceLock::new(),
            filters: std::sync::OnceLock::new(),
            site,
            portfolio,
            by_file,
            info: site_info(site, portfolio),
            history: &NO_HISTORY,
            entries,
            plan_ids,
            members,
            competitor_names,
        }
    }

    /// The same lookups with the site's git history.
    pub fn with_history(mut self, history: &'a SiteHistory) -> Self {
        self.history = history;
        self
    }

    /// The diagnostics of one file.
    pub fn diagnostics_for(&self, file: &str) -> &[&'a crate::diagnostic::Diagnostic] {
        self.by_file.get(file).map_or(&[], Vec::as_slice)
    }

    /// The first `PAGE_SIZE` of `rows` on a large portfolio (all on a small
    /// one), and how many there are in all: each page stays small at 10,000 plans.
    pub fn capped<T>(&self, mut rows: Vec<T>) -> (Vec<T>, usize) {
        let total = rows.len();
        if self.site.plans.len() > FULL_LISTS_UP_TO {
            rows.truncate(PAGE_SIZE);
        }
        (rows, total)
    }

    /// How many rows of a list [`Lookup::capped`] keeps.
    pub fn shown(&self) -> usize {
        if self.site.plans.len() > FULL_LISTS_UP_TO {
            PAGE_SIZE
        } else {
            usize::MAX
        }
    }

    /// Table rows of the plans at positions `is`, capped as [`Lookup::capped`]
    /// does (only the rows shown are built), and how many there are in all.
    pub fn rows(&self, is: &[usize]) -> (Vec<AccountRow<'a>>, usize) {
        let (shown, total) = self.capped(is.to_vec());
        let rows = shown
            .into_iter()
            .map(|i| {
                let (p, a) = self.at(i);
                self.row(p, a)
            })
            .collect();
        (rows, total)
    }

    /// Money summed over the plans at positions `is` (all of them, shown or not).
    pub fn totals_of(&self, is: &[usize]) -> TotalView {
        self.total_view(is.iter().map(|&i| &self.at(i).1.money))
    }

    /// The plan with id `id` and its derived values.
    pub fn plan(&self, id: &str) -> Option<(&'a Plan, &'a Account)> {
        self.plan_ids.get(id).map(|&i| self.entries[i])
    }

    /// The plan at position `i` of the site's plans, with its derived values.
    pub fn at(&self, i: usize) -> (&'a Plan, &'a Account) {
        self.entries[i]
    }

    /// The team member with id `id`.
    pub fn member(&self, id: &str) -> Option<&'a TeamMember> {
        self.members.get(id).copied()
    }

    /// A link to team member `id` (relative to the site root).
    pub fn person<'p>(&self, id: &'p str) -> PersonRef<'p>
    where
        'a: 'p,
    {
        PersonRef {
            id,
            name: self.member(id).map_or(id, |t| t.name.as_str()),
            url: urls::member(id),
        }
    }

    /// A competitor's display name: its profile's, else the first plan's.
    pub fn competitor_name(&self, id: &str) -> String {
        self.competitor_name_of(id).to_string()
    }

    /// [`Lookup::competitor_name`], borrowed.
    pub fn competitor_name_of<'s>(&'s self, id: &'s str) -> &'s str {
        self.competitor_names.get(id).map_or(id, String::as_str)
    }

    /// The table row of a plan.
    pub fn row(&self, plan: &'a Plan, a: &'a Account) -> AccountRow<'a> {
        let m = &a.money;
        let cur = m.currency.as_str();
        let f = &plan.financials;
        AccountRow {
            id: &plan.id,
            name: &plan.name,
            url: urls::plan(&plan.id),
            owner: plan.owner.as_ref().map(|o| self.person(&o.value)),
            sponsor: plan.sponsor.as_ref().map(|o| self.person(&o.value)),
            industry: plan.industry.as_deref(),
            currency: &m.currency,
            segment: a.segment,
            computed_segment: a.computed_segment,
            declared_segment: plan.segment.as_ref().map(|s| s.value),
            relationship: round2(a.relationship),
            relationship_high: a.relationship_high,
            potential: round2(a.potential),
            potential_high: a.potential_high,
            potential_value: AmountView::of(m.own.potential_value, cur),
            weighted_pipeline: AmountView::of(m.own.weighted_pipeline, cur),
            open_pipeline: AmountView::of(m.own.open_pipeline, cur),
            secured: AmountView::of(m.own.secured, cur),
            prior_year_actual: AmountView::new(f.prior_year_actual, cur),
            annual_target: AmountView::new(f.annual_target, cur),
            attainment_pct: m.attainment().map(pct),
            site_weighted_pipeline: m.site.map(|s| round2(s.weighted_pipeline)),
            completeness: round2(a.completeness.ratio()),
            completeness_pct: (a.completeness.ratio() * 100.0).round() as u32,
            last_review: plan.status.last_review.as_ref().map(|d| d.value.to_string()),
            last_updated: self.history.last_updated.get(&plan.id).map(|d| d.to_string()),
            stale: a.stale,
            overdue_actions: a.overdue_actions.len(),
            warnings: a.findings.len(),
            top10: plan.top10.unwrap_or(false),
            health: plan.status.health.as_ref().map(|h| h.value),
        }
    }

    /// Every plan with its derived values, in id order.
    pub fn pairs(&self) -> impl Iterator<Item = (&'a Plan, &'a Account)> + '_ {
        self.entries.iter().copied()
    }

    /// Every competitor id in the portfolio: profiles and plan entries.
    pub fn competitor_ids(&self) -> BTreeSet<String> {
        self.competitor_names.keys().cloned().collect()
    }

    /// A finding, ready to list.
    pub fn finding(&self, f: &Finding) -> FindingView {
        let (subject, segment, owner) = match &f.subject {
            Subject::Plan { id, item } => match self.plan(id) {
                Some((p, a)) => {
                    let action_owner = match item {
                        Some(crate::derive::Item::Action(action)) => p
                            .actions
                            .iter()
                            .find(|x| &x.id.value == action)
                            .and_then(|x| x.owner.as_ref()),
                        _ => None,
                    };
                    let owner = action_owner.or(p.owner.as_ref());
                    let owner = owner.map(|o| self.person(&o.value).name.to_string());
                    (p.name.clone(), Some(a.segment), owner)
                }
                None => (id.clone(), None, None),
            },
            Subject::Member(id) => (self.person(id).name.to_string(), None, None),
        };
        let (label, _) = finding_label(f.code);
        let (account, member) = match &f.subject {
            Subject::Plan { id, .. } => (Some(id.clone()), None),
            Subject::Member(id) => (None, Some(id.clone())),
        };
        FindingView {
            code: f.code,
            account,
            member,
            label,
            subject,
            owner,
            url: urls::subject(&f.subject),
            message: f.message.clone(),
            message_html: super::markdown::render_inline_recurring(&f.message),
            hint: f.hint.clone(),
            hint_html: super::markdown::render_inline_recurring(&f.hint),
            key: segment == Some(Segment::Key),
            segment,
            file: f.file.clone(),
            line: f.span.line,
            source_url: urls::source_link(&self.site.config, &f.file, f.span.line),
        }
    }

    /// Money summed over `accounts`, as shown: site currency, unconverted apart.
    pub fn total_view<'m>(&self, moneys: impl IntoIterator<Item = &'m Money>) -> TotalView {
        total_view(&Total::of(moneys), &self.site.config)
    }

    /// The whole portfolio's totals, as the dashboard shows them.
    pub fn portfolio_totals(&self) -> TotalView {
        total_view(&self.portfolio.totals, &self.site.config)
    }
}

/// Sorts `v` by `cmp` as far as a list cut to its first `n` shows it: the
/// first `n` in order, the rest after them in any order. With a total order
/// the head is what a full sort gives, without sorting what is cut.
pub fn sort_head_by<T>(v: &mut [T], n: usize, mut cmp: impl FnMut(&T, &T) -> std::cmp::Ordering) {
    if n == 0 {
        return;
    }
    if n < v.len() {
        v.select_nth_unstable_by(n - 1, &mut cmp);
        v[..n].sort_unstable_by(cmp);
    } else {
        v.sort_unstable_by(cmp);
    }
}

/// A fraction as a percentage with one decimal.
pub fn pct(x: f64) -> f64 {
    // `+ 0.0` turns -0.0 into 0.0, so no page prints "-0%".
    (x * 1000.0).round() / 10.0 + 0.0
}

/// Rows of one page of a long list (accounts of a segment, findings of a code).
pub const PAGE_SIZE: usize = 200;
/// Above this many findings the attention page summarises each code and
/// links to its own pages; at or below it lists every finding.
pub const ATTENTION_ALL_UP_TO: usize = 1000;
/// Findings of each code shown on a summarising attention page.
pub const ATTENTION_SAMPLE: usize = 10;
/// Above this many accounts the dashboard lists a sample, the matrix draws
/// plain dots and people's and competitors' pages list the first
/// `PAGE_SIZE` accounts of each list (every page stays small at 10,000 plans).
pub const FULL_LISTS_UP_TO: usize = 300;

/// Where a long list is cut into pages, and the links between them.
#[derive(Clone, Debug, Serialize)]
pub struct Pager {
    /// This page, from 1.
    pub page: usize,
    pub pages: usize,
    /// Items in the whole list.
    pub total: usize,
    /// Positions (from 1) of this page's first and last item.
    pub first: usize,
    pub last: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// Every page: number, URL, whether it is this one.
    pub links: Vec<PageLink>,
}

/// A link to one page of a list.
#[derive(Clone, Debug, Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
}

/// The number of pages a list of `total` items takes (at least one).
pub fn page_count(total: usize) -> usize {
    total.div_ceil(PAGE_SIZE).max(1)
}

impl Pager {
    /// Page `page` of `total` items, whose pages live at `url(n)`.
    pub fn new(page: usize, total: usize, url: impl Fn(usize) -> String) -> Pager {
        let pages = page_count(total);
        let page = page.clamp(1, pages);
        Pager {
            page,
            pages,
            total,
            first: ((page - 1) * PAGE_SIZE + 1).min(total),
            last: (page * PAGE_SIZE).min(total),
            prev: (page > 1).then(|| url(page - 1)),
            next: (page < pages).then(|| url(page + 1)),
            links: (1..=pages)
                .map(|n| PageLink {
                    number: n,
                    url: url(n),
                    current: n == page,
                })
                .collect(),
        }
    }

    /// This page's slice of `items`.
    pub fn slice<T: Clone>(&self, items: &[T]) -> Vec<T> {
        let start = (self.page - 1) * PAGE_SIZE;
        items.iter().skip(start).take(PAGE_SIZE).cloned().collect()
    }
}

/// Codes in the order the attention page lists them: what costs revenue first.
pub const ATTENTION_ORDER: &[Code] = &[
    Code::PoorHealth,
    Code::CompetitorAhead,
    Code::BlockedAction,
    Code::GoalOffTrack,
    Code::OverdueAction,
    Code::StaleReview,
    Code::IncompletePlan,
    Code::NoSponsor,
    Code::DetractorStage,
    Code::SingleThreaded,
    Code::InflatedPotential,
    Code::AmbitionGap,
    Code::OwnerOverload,
    Code::SegmentOverride,
    Code::MixedCurrency,
    Code::GoalNotSmart,
    Code::OrphanGoal,
    Code::UnlinkedObjective,
];

/// A finding code's group title and a sentence on what it means.
pub fn finding_label(code: Code) -> (&'static str, &'static str) {
    match code {
        Code::PoorHealth => (
            "Poor account health",
            "The plan rates the account's overall health as poor.",
        ),
        Code::CompetitorAhead => (
            "Competitor ahead",
            "Customer contacts are more aligned with a competitor than with us.",
        ),
        Code::BlockedAction => ("Blocked actions", "Key actions whose status is blocked."),
        Code::GoalOffTrack => ("Goals off track", "Our goals for the account that are off track."),
        Code::OverdueAction => ("Overdue actions", "Actions past their due date and not done."),
        Code::StaleReview => ("Stale plans", "Plans not reviewed within the review period."),
        Code::IncompletePlan => (
            "Incomplete plans",
            "Plans missing what their segment requires (key accounts first).",
        ),
        Code::NoSponsor => (
            "Key accounts without a sponsor",
            "Key accounts with no executive sponsor named.",
        ),
        Code::DetractorStage => (
            "Detractors dominate a buying stage",
            "Buying stages where detractors outnumber supporters.",
        ),
        Code::SingleThreaded => (
            "Single-threaded accounts",
            "Fewer than two contacts with a strong or good relationship.",
        ),
        Code::InflatedPotential => (
            "Inflated potential",
            "An aspirational goal far above prior year and target sets the potential score.",
        ),
        Code::AmbitionGap => (
            "Ambition gaps",
            "The customer wants a different partnership from the one we aim for.",
        ),
        Code::OwnerOverload => ("Owner overload", "People who own more key accounts than the limit."),
        Code::SegmentOverride => (
            "Unexplained segment overrides",
            "A declared segment differs from the computed one without a reason.",
        ),
        Code::MixedCurrency => (
            "Currencies without a rate",
            "Plans in a currency with no exchange rate: kept out of converted totals.",
        ),
        Code::GoalNotSmart => ("Goals that are not SMART", "Goals without a measure or a due date."),
        Code::OrphanGoal => ("Goals serving no objective", "Goals no customer objective lists."),
        Code::UnlinkedObjective => (
            "High-priority objectives without goals",
            "High-priority customer objectives that no goal of ours serves.",
        ),
        other => (other.as_str(), ""),
    }
}

/// A key account whose plan changed after its approval (SPEC §10.1).
#[derive(Clone, Debug, Serialize)]
pub struct ChangedSinceApproval {
    /// The plan's id (for the filter).
    pub id: String,
    pub name: String,
    /// The plan's "Changes over time" section.
    pub url: String,
    pub approved: Option<String>,
    /// Items added and removed since the approval, when known.
    pub added: usize,
    pub removed: usize,
}

/// Key accounts changed since approval, for the attention page.
pub fn changed_since_approval(look: &Lookup) -> Vec<ChangedSinceApproval> {
    look.pairs()
        .filter(|(p, a)| a.segment == Segment::Key && look.history.account(&p.id).changed_since_approval == Some(true))
        .map(|(p, _)| {
            let diff = look.history.account(&p.id).approval_diff.as_ref();
            ChangedSinceApproval {
                id: p.id.clone(),
                name: p.name.clone(),
                url: format!("{}#section-history", urls::plan(&p.id)),
                approved: p.status.approved.map(|d| d.to_string()),
                added: diff.map_or(0, |d| d.added.len()),
                removed: diff.map_or(0, |d| d.removed.len()),
            }
        })
        .collect()
}

/// Every finding of the portfolio, grouped by code in attention order.
pub fn finding_groups(look: &Lookup) -> Vec<FindingGroup> {
    finding_groups_of(look, |_| true, 0..usize::MAX)
}

/// Every group with only its first `n` entries (key accounts first); the
/// views of the others are never built, so a large portfolio's summary
/// pages stay cheap.
pub fn finding_groups_sampled(look: &Lookup, n: usize) -> Vec<FindingGroup> {
    finding_groups_of(look, |_| true, 0..n)
}

/// The findings of one code with the views of entries `shown` only (a
/// page of a code's own attention pages); `count` is still all of them.
pub fn finding_group(look: &Lookup, code: Code, shown: std::ops::Range<usize>) -> Option<FindingGroup> {
    finding_groups_of(look, |c| c == code, shown).pop()
}

/// Whether a finding is about a key account, and the name of what it is about.
fn subject_of<'a>(look: &Lookup<'a>, f: &'a Finding) -> (bool, &'a str) {
    match &f.subject {
        Subject::Plan { id, .. } => look.plan(id).map_or((false, id.as_str()), |(p, a)| {
            (a.segment == Segment::Key, p.name.as_str())
        }),
        Subject::Member(id) => (false, look.member(id).map_or(id.as_str(), |m| m.name.as_str())),
    }
}

fn finding_groups_of(look: &Lookup, wanted: impl Fn(Code) -> bool, shown: std::ops::Range<usize>) -> Vec<FindingGroup> {
    // A plan's findings are about that plan: no lookup by id for each of them.
    let entry = |at: &FindingAt| -> (bool, &str, &Finding) {
        match *at {
            (Some(i), j) => {
                let (p, a) = look.at(i);
                (a.segment == Segment::Key, p.name.as_str(), &a.findings[j])
            }
            (None, k) => {
                let f = &look.portfolio.member_findings[k];
                let (key, subject) = subject_of(look, f);
                (key, subject, f)
            }
        }
    };
    let by_code = look.attention.get_or_init(|| {
        let mut by_code: BTreeMap<Code, Vec<FindingAt>> = BTreeMap::new();
        let of_plans = (look.portfolio.accounts.iter().enumerate())
            .flat_map(|(i, a)| a.findings.iter().enumerate().map(move |(j, f)| (f.code, (Some(i), j))));
        let of_members = (look.portfolio.member_findings.iter().enumerate()).map(|(k, f)| (f.code, (None, k)));
        for (code, at) in of_plans.chain(of_members) {
            by_code.entry(code).or_default().push(at);
        }
        // Key accounts first, then by subject name.
        for found in by_code.values_mut() {
            found.sort_by(|a, b| {
                let (a, b) = (entry(a), entry(b));
                b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1))
            });
        }
        by_code
    });
    // Only the views of the entries shown are built.
    ATTENTION_ORDER
        .iter()
        .filter(|code| wanted(**code))
        .filter_map(|code| {
            let found = by_code.get(code)?;
            let (label, about) = finding_label(*code);
            Some(FindingGroup {
                code: *code,
                label,
                about,
                count: found.len(),
                entries: found
                    .iter()
                    .skip(shown.start)
                    .take(shown.len())
                    .map(|at| look.finding(entry(at).2))
                    .collect(),
                more_url: None,
                entries_html: String::new(),
            })
        })
        .collect()
}

fn total_view(t: &Total, cfg: &Config) -> TotalView {
    let cur = cfg.currency.as_str();
    let c = &t.converted;
    let money = |v: f64| AmountView::of(v, cur);
    // A figure no account sets reads "not set", never 0 (SPEC §5.6).
    let set_money = |set: bool, v: f64| AmountView::new(set.then_some(v), cur);
    let max_stage = c.by_stage.iter().copied().fold(0.0_f64, f64::max);
    TotalView {
        prior_year_actual: set_money(t.set.prior_year_actual, c.prior_year_actual),
        annual_target: set_money(t.set.annual_target, c.annual_target),
        revenue_goal_minimum: set_money(t.set.revenue_goal, c.revenue_goal_minimum),
        revenue_goal_just_right: set_money(t.set.revenue_goal, c.revenue_goal_just_right),
        revenue_goal_aspirational: set_money(t.set.revenue_goal, c.revenue_goal_aspirational),
        weighted_pipeline: money(c.weighted_pipeline),
        open_pipeline: money(c.open_pipeline),
        secured: money(c.secured),
        lost: money(c.lost),
        attainment_pct: t.attainment().map(pct),
        target_growth_pct: (t.set.prior_year_actual && t.set.annual_target && c.prior_year_actual > 0.0)
            .then(|| pct(c.annual_target / c.prior_year_actual - 1.0)),
        open_deals: t.open_deals(),
        secured_deals: t.deals[crate::derive::money::stage_index(OppStage::Secured)],
        by_stage: OppStage::ALL
            .iter()
            .enumerate()
            .map(|(i, &stage)| StageTotal {
                stage,
                count: t.deals[i],
                value: money(c.by_stage[i]),
                weighted: money(t.weighted_stage(stage, &cfg.stage_weights)),
                pct: if max_stage > 0.0 {
                    round2(100.0 * c.by_stage[i] / max_stage)
                } else {
                    0.0
                },
            })
            .collect(),
        unconverted: t
            .unconverted
            .iter()
            .map(|(currency, a)| {
                let set = t.unconverted_set.get(currency).copied().unwrap_or_default();
                let set_money = |is_set: bool, v: f64| AmountView::new(is_set.then_some(v), currency);
                UnconvertedView {
                    currency: currency.clone(),
                    prior_year_actual: set_money(set.prior_year_actual, a.prior_year_actual),
                    annual_target: set_money(set.annual_target, a.annual_target),
                    revenue_goal_just_right: set_money(set.revenue_goal, a.revenue_goal_just_right),
                    weighted_pipeline: AmountView::of(a.weighted_pipeline, currency),
                    open_pipeline: AmountView::of(a.open_pipeline, currency),
                    secured: AmountView::of(a.secured, currency),
                    open_deals: t.unconverted_open_deals(currency),
                    secured_deals: t
                        .unconverted_deals
                        .get(currency)
                        .map_or(0, |d| d[crate::derive::money::stage_index(OppStage::Secured)]),
                }
            })
            .collect(),
    }
}

/// Site-wide values for every page.
pub fn site_info(site: &Site, portfolio: &Portfolio) -> SiteInfo {
    let cfg = &site.config;
    let mut products: Vec<String> = cfg.products.clone().unwrap_or_default();
    if products.is_empty() {
        let set: BTreeSet<String> = site
            .plans
            .iter()
            .flat_map(|p| {
                p.whitespace
                    .iter()
                    .flat_map(|r| r.cells.iter().map(|(k, _)| k.value.clone()))
            })
            .collect();
        products = set.into_iter().collect();
    }
    SiteInfo {
        title: cfg.title.clone(),
        currency: cfg.currency.clone(),
        today: portfolio.today.to_string(),
        products,
        plan_count: site.plans.len(),
        segments: Segment::ALL
            .iter()
            .map(|&s| {
                let (label, summary, guidance) = segment_guidance(s);
                SegmentInfo {
                    id: s,
                    label,
                    summary,
                    guidance,
                    count: portfolio.accounts.iter().filter(|a| a.segment == s).count(),
                }
            })
            .collect(),
        version: env!("CARGO_PKG_VERSION"),
        stage_weights: cfg.stage_weights,
        potential_threshold_source: if cfg.potential_high_from.is_some() {
            "configured"
        } else {
            "portfolio median"
        },
        indexable: cfg.indexable,
        findings: crate::derive::findings::all(portfolio).count(),
        extra_css: cfg.extra_css.iter().map(|c| c.value.clone()).collect(),
    }
}

/// Smallest and largest dot radius (SVG units) of a labelled matrix.
pub const DOT_RADIUS: (f64, f64) = (6.0, 22.0);
/// Smallest and largest dot radius of a compact matrix (many accounts).
pub const COMPACT_DOT_RADIUS: (f64, f64) = (2.0, 12.0);
/// Font metrics of the full labels (11.5px, see style.css): average advance
/// per character and line height, in SVG units, generous so text never
/// overruns its box.
pub const LABEL_FONT: (f64, f64) = (7.4, 13.0);
/// Font metrics of the short labels shown on narrow screens (18px).
pub const SHORT_LABEL_FONT: (f64, f64) = (11.6, 19.0);

/// A dot's radius: its area is proportional to prior-year revenue
/// (`revenue / max_revenue`), between `min` and `max`; no revenue (or no
/// rate to compare it) gets the smallest dot.
pub fn dot_radius(revenue: f64, max_revenue: f64, (min, max): (f64, f64)) -> f64 {
    if max_revenue > 0.0 && revenue > 0.0 {
        // min² + (max² − min²)·share keeps the area linear in revenue while
        // every dot stays visible.
        let share = (revenue / max_revenue).clamp(0.0, 1.0);
        (min * min + (max * max - min * min) * share).sqrt()
    } else {
        min
    }
}

/// An axis-aligned box (x, y of the top left corner, width, height).
pub type LabelBox = (f64, f64, f64, f64);

/// Places one label per dot (`dots`: centre x, centre y, radius, label
/// characters) inside `area`, trying right, left, above and below the dot;
/// a spot is taken only if its box touches no dot circle, no `obstacles` box
/// (the quadrant names) and no label placed before it. Dots are served in
/// the order given (put the most important first); a label with no free
/// spot is `None`.
pub fn place_labels(
    dots: &[(f64, f64, f64, usize)],
    area: LabelBox,
    obstacles: &[LabelBox],
    (char_w, line_h): (f64, f64),
) -> Vec<Option<MatrixLabel>> {
    const GAP: f64 = 4.0;
    let mut placed: Vec<LabelBox> = obstacles.to_vec();
    let mut out = Vec::with_capacity(dots.len());
    for &(cx, cy, r, chars) in dots {
        let w = chars as f64 * char_w;
        let h = line_h;
        // Baseline sits at 0.78 of the line box (typical ascent).
        let base = 0.78 * h;
        let candidates = [
            ((cx + r + GAP, cy - h / 2.0), "start", cx + r + GAP),
            ((cx - r - GAP - w, cy - h / 2.0), "end", cx - r - GAP),
            ((cx - w / 2.0, cy - r - GAP / 2.0 - h), "middle", cx),
            ((cx - w / 2.0, cy + r + GAP / 2.0), "middle", cx),
        ];
        let spot = candidates.into_iter().find(|&((x, y), _, _)| {
            let b = (x, y, w, h);
            x >= area.0
                && y >= area.1
                && x + w <= area.0 + area.2
                && y + h <= area.1 + area.3
                && !placed.iter().any(|p| boxes_meet(*p, b))
                && !dots.iter().any(|&(dx, dy, dr, _)| circle_meets_box(dx, dy, dr, b))
        });
        out.push(spot.map(|((x, y), anchor, ax)| {
            placed.push((x, y, w, h));
            MatrixLabel {
                x: round2(ax),
                y: round2(y + base),
                anchor,
            }
        }));
    }
    out
}

/// Two boxes overlap (touching edges do not count).
fn boxes_meet(a: LabelBox, b: LabelBox) -> bool {
    a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3
}

/// A circle (with its 1-unit outline) and a box overlap.
fn circle_meets_box(cx: f64, cy: f64, r: f64, b: LabelBox) -> bool {
    let nx = cx.clamp(b.0, b.0 + b.2);
    let ny = cy.clamp(b.1, b.1 + b.3);
    let r = r + 1.0;
    (cx - nx).powi(2) + (cy - ny).powi(2) < r * r
}

/// Builds the segmentation matrix geometry.
pub fn matrix(look: &Lookup) -> Matrix {
    let (x0, y0, size) = (56.0, 16.0, 480.0);
    let (width, height) = (x0 + size + 24.0, y0 + size + 48.0);
    let to_x = |v: f64| x0 + v.clamp(0.0, 10.0) / 10.0 * size;
    let to_y = |v: f64| y0 + size - v.clamp(0.0, 10.0) / 10.0 * size;
    // Dot size compares converted prior-year revenue; a plan without a
    // rate cannot be compared and gets the smallest dot.
    let revenue = |a: &Account| a.money.site.map_or(0.0, |s| s.prior_year_actual);
    let max_revenue = look.pairs().map(|(_, a)| revenue(a)).fold(0.0_f64, f64::max);
    let compact = look.site.plans.len() > FULL_LISTS_UP_TO;
    let radius = if compact { COMPACT_DOT_RADIUS } else { DOT_RADIUS };
    let mut dots: Vec<MatrixDot> = look
        .pairs()
        .map(|(p, a)| {
            let declared = p.segment.as_ref().map(|s| s.value);
            MatrixDot {
                id: p.id.clone(),
                name: p.name.clone(),
                url: urls::plan(&p.id),
                segment: a.segment,
                relationship: round2(a.relationship),
                potential: round2(a.potential),
                cx: round2(to_x(a.relationship)),
                cy: round2(to_y(a.potential)),
                r: round2(dot_radius(revenue(a), max_revenue, radius)),
                label: None,
                short_name: if compact {
                    String::new()
                } else {
                    p.name.split(' ').next().unwrap_or_default().to_string()
                },
                short_label: None,
                overridden: declared.is_some_and(|d| d != a.computed_segment),
                computed_segment: a.computed_segment,
                declared_segment: declared,
            }
        })
        .collect();
    // Largest first: drawn first (small dots stay on top, clickable) and
    // labelled first (the biggest accounts get the free spots).
    dots.sort_by(|a, b| b.r.total_cmp(&a.r).then_with(|| a.id.cmp(&b.id)));
    if !compact {
        let geometry = |name: fn(&MatrixDot) -> usize| -> Vec<(f64, f64, f64, usize)> {
            dots.iter().map(|d| (d.cx, d.cy, d.r, name(d))).collect()
        };
        // Labels stay inside the plot (clear of the axes) and off the
        // quadrant names drawn in its corners (13px capitals, see index.html).
        let area = (x0, 0.0, size + 20.0, y0 + size + 4.0);
        let (x1, y1) = (x0 + size, y0 + size);
        let corner = |chars: f64, left: bool, top: bool, (char_w, h): (f64, f64)| {
            let w = chars * char_w + 6.0;
            let x = if left { x0 + 6.0 } else { x1 - 6.0 - w };
            let y = if top { y0 + 4.0 } else { y1 - 8.0 - h };
            (x, y, w, h + 4.0)
        };
        // Their size on wide screens (13px capitals) and narrow ones (19px).
        let quadrant_names = |font: (f64, f64)| {
            [
                corner(6.0, true, true, font),
                corner(3.0, false, true, font),
                corner(10.0, true, false, font),
                corner(7.0, false, false, font),
            ]
        };
        let full = place_labels(
            &geometry(|d| d.name.chars().count()),
            area,
            &quadrant_names((12.0, 16.0)),
            LABEL_FONT,
        );
        let short = place_labels(
            &geometry(|d| d.short_name.chars().count()),
            area,
            &quadrant_names((16.5, 22.0)),
            SHORT_LABEL_FONT,
        );
        for ((d, l), s) in dots.iter_mut().zip(full).zip(short) {
            d.label = l;
            d.short_label = s;
        }
    }
    Matrix {
        width,
        height,
        x0,
        y0,
        size,
        threshold_x: round2(to_x(look.site.config.relationship_high_from)),
        threshold_y: round2(to_y(crate::derive::POTENTIAL_HIGH_FROM)),
        any_override: !compact && dots.iter().any(|d| d.overridden),
        compact_svg: if compact {
            compact_dots_svg(&dots)
        } else {
            String::new()
        },
        dots: if compact { Vec::new() } else { dots },
        compact,
        ticks: (0..=10)
            .step_by(2)
            .map(|v| MatrixTick {
                value: v,
                x: to_x(v as f64),
                y: to_y(v as f64),
            })
            .collect(),
    }
}

/// The matrix dots as plain linked circles (segment class, radius by
/// prior-year revenue), largest first so small dots stay on top.
fn compact_dots_svg(dots: &[MatrixDot]) -> String {
    use std::fmt::Write;
    let mut svg = String::with_capacity(dots.len() * 96);
    for d in dots {
        // Ids match `^[a-z0-9][a-z0-9-]*$`, so URLs need no escaping; the
        // dashboard is at the site root, so they are relative to it as is.
        let _ = write!(
            svg,
            r#"<a href="{}"><circle class="dot seg-{}" cx="{}" cy="{}" r="{}"/></a>"#,
            d.url, d.segment, d.cx, d.cy, d.r
        );
    }
    svg
}

/// Groups accounts by `key_of` (an account may fall in several groups) and
/// sums each group.
fn rollup<'a>(
    look: &Lookup<'a>,
    key_of: impl Fn(&'a Plan, &'a Account) -> Vec<(String, String, Option<String>)>,
) -> Vec<Rollup> {
    let mut groups: BTreeMap<String, (String, Option<String>, Vec<&'a Account>)> = BTreeMap::new();
    for (p, a) in look.pairs() {
        for (key, label, url) in key_of(p, a) {
            groups.entry(key).or_insert_with(|| (label, url, Vec::new())).2.push(a);
        }
    }
    groups
        .into_iter()
        .map(|(key, (label, url, accounts))| Rollup {
            key,
            label,
            url,
            accounts: accounts.len(),
            key_accounts: accounts.iter().filter(|a| a.segment == Segment::Key).count(),
            stale: accounts.iter().filter(|a| a.stale).count(),
            overdue_actions: accounts.iter().map(|a| a.overdue_actions.len()).sum(),
            totals: look.total_view(accounts.iter().map(|a| &a.money)),
        })
        .collect()
}

/// The chain of managers above team member `id` (nearest first), loop-safe.
pub fn manager_chain(site: &Site, id: &str) -> Vec<String> {
    let mut chain = Vec::new();
    let mut current = id.to_string();
    while let Some(m) = site
        .team
        .iter()
        .find(|t| t.id == current)
        .and_then(|t| t.manager.as_ref())
    {
        if chain.contains(&m.value) || m.value == id {
            break;
        }
        chain.push(m.value.clone());
        current = m.value.clone();
    }
    chain
}

/// The first sentence of `html`'s first paragraph (or of all its text when
/// it has none; tags dropped, entities kept, whitespace folded), at most
/// about 160 characters.
pub fn first_sentence(html: &str) -> String {
    let paragraph = html
        .find("<p>")
        .and_then(|start| html[start..].find("</p>").map(|end| &html[start..start + end]))
        .unwrap_or(html);
    let text = crate::render::escape::without_tags(paragraph);
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let end = folded
        .match_indices(['.', '!', '?'])
        .map(|(i, _)| i + 1)
        .find(|&i| folded[i..].is_empty() || folded[i..].starts_with(' '))
        .unwrap_or(folded.len());
    let sentence = &folded[..end];
    if sentence.chars().count() <= 160 {
        return sentence.to_string();
    }
    // Cut at a word, never inside an entity.
    let cut: String = sentence.chars().take(160).collect();
    let cut = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    let cut = match (cut.rfind('&'), cut.rfind(';')) {
        (Some(a), s) if s.is_none_or(|s| s < a) => &cut[..a],
        _ => cut,
    };
    format!("{}…", cut.trim_end())
}

/// Builds the dashboard context.
pub fn dashboard<'a>(look: &Lookup<'a>, intro_html: String) -> Dashboard<'a> {
    let site = look.site;
    let cfg = &site.config;
    let by_owner = rollup(look, |p, _| {
        p.owner
            .as_ref()
            .map(|o| {
                let person = look.person(&o.value);
                vec![(o.value.clone(), person.name.to_string(), Some(person.url))]
            })
            .unwrap_or_default()
    });
    let by_manager = rollup(look, |p, _| {
        p.owner
            .as_ref()
            .map(|o| {
                manager_chain(site, &o.value)
                    .into_iter()
                    .map(|m| {
                        let person = look.person(&m);
                        let (name, url) = (person.name.to_string(), person.url);
                        (m, name, Some(url))
                    })
                    .collect()
            })
            .unwrap_or_default()
    });
    let by_segment = {
        let mut rows = rollup(look, |_, a| {
            vec![(
                format!("{}", Segment::ALL.iter().position(|s| *s == a.segment).unwrap_or(0)),
                segment_guidance(a.segment).0.to_string(),
                Some(urls::segment(a.segment)),
            )]
        });
        for r in &mut rows {
            r.key = r.label.to_lowercase();
        }
        rows
    };
    let by_industry = rollup(look, |p, _| {
        let label = p.industry.clone().unwrap_or_else(|| "Unspecified".into());
        vec![(industry_key(p.industry.as_deref()), label, None)]
    });
    // Each group's first 8 hold its key accounts first: enough for the top 8.
    let groups = finding_groups_sampled(look, 8);
    let mut top: Vec<FindingView> = groups.iter().flat_map(|g| g.entries.iter().cloned()).collect();
    // Key accounts first; within them the attention order of the groups.
    top.sort_by_key(|f| !f.key);
    top.truncate(8);
    Dashboard {
        intro_title: site.index.as_ref().and_then(|i| i.title.clone()),
        intro_teaser: first_sentence(&intro_html),
        intro_html,
        totals: look.portfolio_totals(),
        potential_threshold: round2(look.portfolio.potential_threshold),
        relationship_threshold: cfg.relationship_high_from,
        matrix: matrix(look),
        accounts: dashboard_accounts(look),
        accounts_total: look.site.plans.len(),
        attention_total: groups.iter().map(|g| g.count).sum(),
        attention: groups
            .iter()
            .map(|g| AttentionSummary {
                code: g.code,
                label: g.label,
                count: g.count,
                key: g.entries.iter().filter(|e| e.key).count(),
            })
            .collect(),
        attention_top: top,
        by_owner,
        by_manager,
        by_segment,
        by_industry,
        competitors: competitor_rows(look),
        filters: look.filters().clone(),
        segment_moves: look.history.recent_moves(look.portfolio.today),
        history_available: look.history.available,
        history_note: look.history.unavailable.map(|u| u.message()),
        trends: look.history.trends.portfolio(look.portfolio),
        slipping: look
            .history
            .slipping_deals()
            .into_iter()
            .filter_map(|(id, slip)| {
                let (plan, _) = look.plan(id)?;
                let opportunity = plan.opportunities.iter().find(|o| o.id.value == slip.opportunity)?;
                Some(SlippingDeal {
                    account: plan.name.clone(),
                    name: opportunity.name.clone(),
                    url: urls::plan_item(id, &crate::derive::Item::Opportunity(slip.opportunity.clone())),
                    slips: slip.slips,
                    regressions: slip.regressions,
                    closes: slip.closes.iter().map(|d| d.to_string()).collect(),
                })
            })
            .collect(),
    }
}

/// The dashboard's account table: all accounts, or on a large portfolio a
/// sample: segment order (key first), then highest potential.
fn dashboard_accounts<'a>(look: &Lookup<'a>) -> Vec<AccountRow<'a>> {
    let mut pairs: Vec<_> = look.pairs().collect();
    if pairs.len() > FULL_LISTS_UP_TO {
        let order = |s: Segment| Segment::ALL.iter().position(|x| *x == s).unwrap_or(0);
        pairs.sort_by(|(_, a), (_, b)| {
            order(a.segment)
                .cmp(&order(b.segment))
                .then(b.potential.total_cmp(&a.potential))
        });
        pairs.truncate(PAGE_SIZE);
    }
    pairs.into_iter().map(|(p, a)| look.row(p, a)).collect()
}

/// Every competitor with its footprint across the portfolio (profiles
/// named by no plan included, with no accounts).
pub fn competitor_rows(look: &Lookup) -> Vec<CompetitorRow> {
    let footprints: BTreeMap<&str, &crate::derive::CompetitorFootprint> =
        look.portfolio.competitors.iter().map(|f| (f.id.as_str(), f)).collect();
    look.competitor_ids()
        .into_iter()
        .map(|id| {
            let f = footprints.get(id.as_str()).copied().cloned().unwrap_or_default();
            CompetitorRow {
                name: look.competitor_name(&id),
                url: urls::competitor(&id),
                id,
                accounts: f.accounts,
                threat_in: f.threat_in,
                opportunity_in: f.opportunity_in,
                mean_status: f.mean_status.map(round2),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn industry_keys_are_lower_case_words_joined_by_dashes() {
        assert_eq!(industry_key(Some("Food & Drink")), "food-drink");
        assert_eq!(
            industry_key(Some("Steel (electric arc furnace, long products)")),
            "steel-electric-arc-furnace-long-products"
        );
        assert_eq!(industry_key(Some("Énergie")), "énergie");
        assert_eq!(industry_key(None), "unspecified");
        assert_eq!(industry_key(Some(" & ")), "unspecified");
    }

    #[test]
    fn websites_link_only_over_http_and_blank_ones_are_not_shown() {
        let w = website("https://deepwell.example/").expect("shown");
        assert_eq!(
            (w.href.as_deref(), w.text.as_str()),
            (Some("https://deepwell.example/"), "deepwell.example")
        );
        let w = website("http://a.example/b//").expect("shown");
        assert_eq!(w.text, "a.example/b");
        let w = website("javascript:alert(1)").expect("shown");
        assert_eq!((w.href, w.text.as_str()), (None, "javascript:alert(1)"));
        assert_eq!(website(""), None);
        assert_eq!(website("  "), None);
    }
}
