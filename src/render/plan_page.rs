//! The plan page's view model: everything `plan.html` and its partials
//! (`plan/*.html`) show, with Markdown rendered, defaults applied, labels
//! and amounts formatted (in the plan's currency; portfolio comparisons in
//! the site currency) and cross-links ready as hrefs.
//!
//! Nothing here decides a finding, a sum over opportunities or a score:
//! those come from `derive` (`Account`, `Money`, `Finding`).

use super::context::{Lookup, PersonRef, WebsiteView, segment_guidance, website};
use super::markdown;
use super::urls;
use crate::derive::{Account, Finding, Item, ItemKind, Subject, SwotEntry, SwotSource, round2};
use crate::diagnostic::Code;
use crate::format::AmountView;
use crate::model::*;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;

// ---------------------------------------------------------------------------
// Small shared pieces

/// A link to an item on the same page (or, for competitors, their page).
/// Shared: an item is linked from many others, and each link is the same.
#[derive(Clone, Debug)]
pub struct ItemRef<'a>(std::rc::Rc<ItemLink<'a>>);

impl<'a> ItemRef<'a> {
    fn new(id: &'a str, title_html: Cow<'a, str>, href: String) -> ItemRef<'a> {
        ItemRef(std::rc::Rc::new(ItemLink { id, title_html, href }))
    }
}

impl<'a> std::ops::Deref for ItemRef<'a> {
    type Target = ItemLink<'a>;
    fn deref(&self) -> &ItemLink<'a> {
        &self.0
    }
}

impl Serialize for ItemRef<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

/// What an [`ItemRef`] links to.
#[derive(Debug, Serialize)]
pub struct ItemLink<'a> {
    pub id: &'a str,
    /// The item's title as HTML without tags, safe inside a link (`| safe`).
    pub title_html: Cow<'a, str>,
    /// `#goal-<id>` on this page (root-relative page URL for competitor pages).
    pub href: String,
}

/// A finding shown on the item it is about.
#[derive(Clone, Debug, Serialize)]
pub struct FlagView<'a> {
    /// The warning code (SPEC §7).
    pub code: &'static str,
    /// A short label ("off track", "blocked").
    pub label: &'static str,
    /// The finding's message.
    pub message: &'a str,
}

/// A badge of the plan header, summarising findings of one code.
#[derive(Clone, Debug, Serialize)]
pub struct BadgeView {
    pub code: &'static str,
    /// "2 blocked actions", "Health: poor".
    pub text: String,
    /// Where to look: the first item concerned, or the page section.
    pub href: String,
    /// `bad` (red) or `warn` (amber).
    pub tone: &'static str,
}

/// A finding in the plan's "Checks" section.
#[derive(Clone, Debug, Serialize)]
pub struct CheckView {
    /// The warning code, for `data-code`.
    pub code: &'static str,
    pub line: u32,
    pub column: u32,
    pub message: String,
    /// The message with its `code` spans as HTML (raw HTML always escaped).
    pub message_html: String,
    pub hint: Option<String>,
    /// The hint as HTML, like `message_html`.
    pub hint_html: Option<String>,
    /// The anchor of the item (or section) it is about, on this page.
    pub href: String,
    /// What the link reads: the item's title or the section's name.
    pub target_html: String,
    /// The finding's line in the source (`publish.source_url`), or `None`.
    pub source_url: Option<String>,
}

/// A keyword value with its human label (`decision-maker` / "decision maker").
#[derive(Clone, Debug, Serialize)]
pub struct Label {
    pub id: &'static str,
    pub label: Cow<'static, str>,
}

/// A keyword with its human label.
pub(super) fn label<K: Keyword>(k: K) -> Label {
    let id = k.as_str();
    // Most keywords are one word: their label is the keyword itself.
    let label = if id.contains('-') {
        Cow::Owned(id.replace('-', " "))
    } else {
        Cow::Borrowed(id)
    };
    Label { id, label }
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

use crate::words::count as plural;

/// Markdown rendering with the site's `allow_html`.
#[derive(Clone, Copy)]
pub(super) struct Md {
    pub(super) allow_html: bool,
}

impl Md {
    /// A "text" field as inline HTML.
    pub(super) fn inline(self, text: &str) -> Cow<'_, str> {
        markdown::render_inline_cow(text, self.allow_html)
    }
    /// An optional "text" field.
    fn inline_opt(self, text: &Option<String>) -> Option<Cow<'_, str>> {
        text.as_deref().map(|t| self.inline(t))
    }
    /// A list of "text" fields.
    fn inline_all(self, items: &[String]) -> Vec<Cow<'_, str>> {
        items.iter().map(|t| self.inline(t)).collect()
    }
    /// A "markdown" field as block HTML (heading ids prefixed `h-`).
    fn block_opt(self, text: &Option<String>) -> Option<Cow<'static, str>> {
        text.as_deref()
            .map(|t| Cow::Owned(markdown::render(t, self.allow_html, "h-").html))
    }
    /// A "text" field as HTML without tags, to put inside a link.
    pub(super) fn link_text(self, text: &str) -> Cow<'_, str> {
        let html = self.inline(text);
        // Most titles are plain text: nothing to strip.
        if html.contains('<') {
            Cow::Owned(super::escape::without_tags(&html))
        } else {
            html
        }
    }
}

use super::escape::escape_html as escape;

// ---------------------------------------------------------------------------
// The page

/// Everything the plan template receives besides the common values.
#[derive(Clone, Debug, Serialize)]
pub struct PlanPage<'a> {
    /// The plan, ready to show.
    pub plan: PlanView<'a>,
    /// Scores, segment, SWOT and completeness, with the figures behind them.
    pub account: AccountView<'a>,
    /// Money of SPEC §5.6 in the plan's currency.
    pub money: MoneyView,
    /// The plan's currency (ISO 4217).
    pub currency: String,
    /// The plan's findings, in the order `derive` found them.
    pub findings: Vec<CheckView>,
    /// Where the plan's file is edited (`publish.edit_url`), or `None`.
    pub edit_url: Option<String>,
    /// Header badges, one per code that deserves one.
    pub badges: Vec<BadgeView>,
    /// The contact map laid out as an org chart.
    pub org_chart: OrgChart<'a>,
    /// Contacts × buying stages.
    pub stage_matrix: StageMatrix<'a>,
    /// Business units × products.
    pub whitespace: WhitespaceGrid,
    /// Segment and scores at the last 12 month ends, then now (git).
    pub history: Vec<crate::history::HistoryPoint>,
    /// What git tells about this plan (SPEC §10.1).
    pub git: PlanHistoryView,
    /// The plan at every month of the trends (SPEC §10.3).
    pub trend: PlanTrendView,
    /// The Markdown body, rendered.
    pub body_html: Cow<'a, str>,
    /// The body's headings.
    pub toc: Vec<markdown::TocEntry>,
}

/// The plan as the page shows it.
#[derive(Clone, Debug, Serialize)]
pub struct PlanView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub industry: Option<&'a str>,
    pub hq: Option<&'a str>,
    pub employees: Option<u64>,
    /// The customer's own annual revenue.
    pub revenue: Option<AmountView>,
    pub website: Option<WebsiteView>,
    pub top10: bool,
    pub segment_reason_html: Option<Cow<'a, str>>,
    pub owner: Option<PersonRef<'a>>,
    pub team: Vec<PersonRef<'a>>,
    /// Our executive sponsor (v2).
    pub sponsor: Option<PersonRef<'a>>,
    pub last_review: Option<String>,
    /// "12 days ago", "today", "in 3 days".
    pub last_review_age: Option<String>,
    pub approved: Option<String>,
    /// Date of the last commit touching the plan file (git).
    pub last_updated: Option<String>,
    pub status: StatusView<'a>,
    pub customer: CustomerView<'a>,
    pub drivers: DriversView<'a>,
    pub faa: Vec<FaaColumn<'a>>,
    pub objectives: Vec<ObjectiveView<'a>>,
    pub goals: Vec<GoalView<'a>>,
    pub actions: Vec<ActionView<'a>>,
    pub contacts: Vec<ContactView<'a>>,
    pub competitors: Vec<CompetitorItemView<'a>>,
    pub proposition: Option<PropositionView<'a>>,
    pub expectations: Option<ExpectationsView<'a>>,
    pub opportunities: Vec<OpportunityView<'a>>,
}

/// `status`, with the partnership ladder laid out.
#[derive(Clone, Debug, Serialize)]
pub struct StatusView<'a> {
    pub value_proposition_html: Option<Cow<'a, str>>,
    pub long_term_ambition_html: Option<Cow<'a, str>>,
    pub what_we_need_html: Vec<Cow<'a, str>>,
    pub health: Option<Label>,
    pub impact: Option<u8>,
    /// Four pips, `true` up to the impact level.
    pub impact_pips: Vec<bool>,
    /// The three partnership levels, in order.
    pub levels: Vec<Label>,
    /// Today / the customer wants / we aim for; empty when none is set.
    pub ladder: Vec<LadderRow>,
    /// "the customer wants a strategic partner, we aim to be a service provider".
    pub ambition_gap: Option<String>,
    /// Whether the section has anything to show.
    pub has_content: bool,
}

/// A row of the partnership ladder.
#[derive(Clone, Debug, Serialize)]
pub struct LadderRow {
    pub label: &'static str,
    pub level: Option<Label>,
    /// One per level, `true` at the row's level.
    pub cells: Vec<bool>,
}

/// `customer`.
#[derive(Clone, Debug, Serialize)]
pub struct CustomerView<'a> {
    pub overview_html: Option<Cow<'a, str>>,
    pub vision_html: Option<Cow<'a, str>>,
    pub kpis: Vec<KpiView<'a>>,
    pub business_units: Vec<BusinessUnitView<'a>>,
    pub has_content: bool,
}

/// A customer KPI.
#[derive(Clone, Debug, Serialize)]
pub struct KpiView<'a> {
    pub name: String,
    pub target_html: Option<Cow<'a, str>>,
    pub current_html: Option<Cow<'a, str>>,
}

/// A business unit of the customer.
#[derive(Clone, Debug, Serialize)]
pub struct BusinessUnitView<'a> {
    pub id: String,
    pub name: String,
    pub notes_html: Option<Cow<'a, str>>,
}

/// Buying drivers, by kind.
#[derive(Clone, Debug, Serialize)]
pub struct DriversView<'a> {
    pub external: Vec<DriverView<'a>>,
    pub internal: Vec<DriverView<'a>>,
    pub count: usize,
}

/// One buying driver.
#[derive(Clone, Debug, Serialize)]
pub struct DriverView<'a> {
    pub category: Label,
    pub text_html: Cow<'a, str>,
}

/// A column of fix / accomplish / avoid.
#[derive(Clone, Debug, Serialize)]
pub struct FaaColumn<'a> {
    pub key: &'static str,
    pub label: &'static str,
    pub items_html: Vec<Cow<'a, str>>,
}

/// A customer objective.
#[derive(Clone, Debug, Serialize)]
pub struct ObjectiveView<'a> {
    pub id: &'a str,
    /// `objective-<id>`, the element id.
    pub anchor: String,
    pub title_html: Cow<'a, str>,
    pub details_html: Option<Cow<'a, str>>,
    /// `priority`, default medium.
    pub priority: Label,
    pub business_unit: Option<&'a str>,
    /// The contact on the hook.
    pub contact: Option<ItemRef<'a>>,
    pub swot: Option<SwotSide>,
    /// Our goals that serve it.
    pub goals: Vec<ItemRef<'a>>,
    pub flags: Vec<FlagView<'a>>,
}

/// One of our goals.
#[derive(Clone, Debug, Serialize)]
pub struct GoalView<'a> {
    pub id: &'a str,
    pub anchor: String,
    pub title_html: Cow<'a, str>,
    /// `status`, default not-started.
    pub status: Label,
    pub due: Option<String>,
    pub measure_html: Option<Cow<'a, str>>,
    pub target_html: Option<Cow<'a, str>>,
    /// Objectives that list this goal.
    pub objectives: Vec<ItemRef<'a>>,
    /// Actions that serve this goal.
    pub actions: Vec<ItemRef<'a>>,
    pub flags: Vec<FlagView<'a>>,
}

/// A key action.
#[derive(Clone, Debug, Serialize)]
pub struct ActionView<'a> {
    pub id: &'a str,
    pub anchor: String,
    pub title_html: Cow<'a, str>,
    /// `status`, default planned.
    pub status: Label,
    pub owner: Option<PersonRef<'a>>,
    pub due: Option<String>,
    pub overdue: bool,
    pub goals: Vec<ItemRef<'a>>,
    pub resources_html: Option<Cow<'a, str>>,
    pub measure_html: Option<Cow<'a, str>>,
    pub notes_html: Option<Cow<'a, str>>,
    pub flags: Vec<FlagView<'a>>,
}

/// What the plan's history in git shows (SPEC §10.1).
#[derive(Clone, Debug, Serialize)]
pub struct PlanHistoryView {
    /// Whether history could be read; when not, `note` says why.
    pub available: bool,
    pub note: Option<&'static str>,
    /// The plan's segment moves in the history window, newest first.
    pub moves: Vec<crate::history::SegmentMove>,
    /// `true` / `false`, or `None` (no approval date, or none in the window).
    pub changed_since_approval: Option<bool>,
    /// The plan at approval against now, item by item.
    pub approval_diff: Option<crate::history::ApprovalDiff>,
    /// Opportunities that slipped or regressed, by id.
    pub slips: Vec<crate::history::Slip>,
}

/// A contact card.
#[derive(Clone, Debug, Serialize)]
pub struct ContactView<'a> {
    pub id: &'a str,
    pub anchor: String,
    pub name: &'a str,
    pub title: Option<&'a str>,
    pub role: Option<Label>,
    pub buying_role: Option<Label>,
    pub influence: Option<Label>,
    pub relationship: Option<Label>,
    pub business_unit: Option<&'a str>,
    pub reports_to: Option<ItemRef<'a>>,
    pub direct_reports: Vec<ItemRef<'a>>,
    pub stages: Vec<Label>,
    pub alignment: Vec<AlignmentView<'a>>,
    /// Objectives this contact is on the hook for.
    pub objectives: Vec<ItemRef<'a>>,
    pub personal_drivers_html: Option<Cow<'a, str>>,
    pub action_html: Option<Cow<'a, str>>,
    /// Who of ours owns the relationship (v2).
    pub covered_by: Option<PersonRef<'a>>,
    /// When the relationship last changed in git (`YYYY-MM-DD`), if in the window.
    pub relationship_since: Option<String>,
    pub flags: Vec<FlagView<'a>>,
}

/// One alignment score of a contact.
#[derive(Clone, Debug, Serialize)]
pub struct AlignmentView<'a> {
    /// `us` or a competitor id.
    pub key: &'a str,
    pub is_us: bool,
    /// "Us" or the competitor's name.
    pub name: &'a str,
    /// The competitor's anchor on this page; `None` for us.
    pub href: Option<String>,
    pub score: f64,
}

/// A competitor at this account.
#[derive(Clone, Debug, Serialize)]
pub struct CompetitorItemView<'a> {
    pub id: &'a str,
    pub anchor: String,
    pub name: &'a str,
    /// Root-relative URL of the competitor's page.
    pub url: String,
    pub swot: Option<SwotSide>,
    /// Mean alignment of contacts with them (SPEC §5.3), 0..10.
    pub status: Option<f64>,
    pub strengths_html: Vec<Cow<'a, str>>,
    pub weaknesses_html: Vec<Cow<'a, str>>,
    pub differentiators_html: Vec<Cow<'a, str>>,
    pub flags: Vec<FlagView<'a>>,
}

/// `proposition`.
#[derive(Clone, Debug, Serialize)]
pub struct PropositionView<'a> {
    pub competency_html: Option<Cow<'a, str>>,
    pub offer_html: Option<Cow<'a, str>>,
    pub price_html: Option<Cow<'a, str>>,
    pub differentiators_html: Vec<Cow<'a, str>>,
}

/// `expectations`.
#[derive(Clone, Debug, Serialize)]
pub struct ExpectationsView<'a> {
    pub results_html: Option<Cow<'a, str>>,
    pub experience_html: Option<Cow<'a, str>>,
    pub interaction_html: Option<Cow<'a, str>>,
}

/// An opportunity of the bank.
#[derive(Clone, Debug, Serialize)]
pub struct OpportunityView<'a> {
    pub id: &'a str,
    pub anchor: String,
    pub name: &'a str,
    pub stage: Label,
    /// 0 lost, 1 prospect … 4 secured, for sorting.
    pub stage_rank: u8,
    pub value: AmountView,
    pub close: Option<String>,
    pub product: Option<&'a str>,
    pub business_unit: Option<&'a str>,
    pub lost: bool,
    /// Close dates that slipped and stages that went down (git), if any.
    pub slip: Option<crate::history::Slip>,
}

// ---------------------------------------------------------------------------
// Scores and money

/// A SWOT entry with a link to where it came from.
#[derive(Clone, Debug, Serialize)]
pub struct SwotItem<'a> {
    /// The entry as inline HTML (hand-written entries).
    pub text_html: Cow<'a, str>,
    /// The entry as HTML without tags, for a link.
    pub link_html: Cow<'a, str>,
    pub source: SwotSource,
    /// `swot`, `objective` or `competitor`.
    pub source_kind: &'static str,
    /// `#swot`, `#objective-<id>` or `#competitor-<id>`.
    pub href: String,
}

/// The four SWOT quadrants, in order.
#[derive(Clone, Debug, Serialize)]
pub struct SwotView<'a> {
    pub quadrants: Vec<SwotQuadrant<'a>>,
    pub is_empty: bool,
}

/// One SWOT quadrant.
#[derive(Clone, Debug, Serialize)]
pub struct SwotQuadrant<'a> {
    /// `strengths`, `weaknesses`, `opportunities`, `threats`.
    pub key: &'static str,
    pub label: &'static str,
    pub items: Vec<SwotItem<'a>>,
}

/// One contact's part in the relationship score, named.
#[derive(Clone, Debug, Serialize)]
pub struct WeightView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub relationship: Relationship,
    pub level: f64,
    pub weight: f64,
    pub share_pct: f64,
}

/// The derived values of the plan, with the figures behind them.
#[derive(Clone, Debug, Serialize)]
pub struct AccountView<'a> {
    pub relationship: f64,
    pub relationship_high: bool,
    pub relationship_threshold: f64,
    pub contact_score: f64,
    pub contact_weights: Vec<WeightView<'a>>,
    pub partnership: Option<Label>,
    pub partnership_value: Option<f64>,
    pub partnership_weight: f64,
    pub potential: f64,
    pub potential_high: bool,
    /// The amounts behind the potential score, in the right currencies.
    pub potential_basis: PotentialView,
    pub segment: Segment,
    pub computed_segment: Segment,
    pub declared_segment: Option<Segment>,
    pub segment_label: &'static str,
    pub guidance: &'static str,
    pub swot: SwotView<'a>,
    pub our_alignment: Option<f64>,
    pub completeness_pct: u32,
    pub completeness_met: usize,
    pub completeness_total: usize,
    pub completeness_missing: Vec<Cow<'static, str>>,
    pub stale: bool,
}

/// The potential score's basis: the plan's amounts in its own currency,
/// the threshold in the site currency, and the plan's potential value
/// converted to the site currency when there is a rate (SPEC §5.2, §5.7).
#[derive(Clone, Debug, Serialize)]
pub struct PotentialView {
    /// `aspirational-goal` or `weighted-pipeline`.
    pub source: &'static str,
    /// "aspirational revenue goal" or "weighted pipeline".
    pub source_label: &'static str,
    /// Potential value, in the plan's currency.
    pub value: AmountView,
    /// The aspirational revenue goal, in the plan's currency ("not set").
    pub aspirational: AmountView,
    /// The weighted pipeline, in the plan's currency.
    pub weighted_pipeline: AmountView,
    /// The potential threshold `t`, in the site currency.
    pub threshold: AmountView,
    /// `configured` or `portfolio median`.
    pub threshold_source: &'static str,
    /// `same` (plan in the site currency), `converted` (a rate) or `none` (no rate).
    pub conversion: &'static str,
    /// The potential value in the site currency; `None` without a rate.
    pub value_site: Option<AmountView>,
    /// "1 EUR = 0.86 GBP" when the plan's currency is converted.
    pub rate_text: Option<String>,
    pub currency: String,
    pub site_currency: String,
}

/// Secured against one target (annual target or a revenue goal level).
#[derive(Clone, Debug, Serialize)]
pub struct TargetView {
    /// `annual_target`, `minimum`, `just_right`, `aspirational`.
    pub key: &'static str,
    pub label: &'static str,
    pub amount: AmountView,
    /// Secured as a percentage of the amount; `None` when not set or 0.
    pub secured_pct: Option<f64>,
    /// Bar fill, 0..100.
    pub fill_pct: f64,
    /// What is left to secure; `None` when not set or already met.
    pub remaining: Option<AmountView>,
    pub met: bool,
}

/// One bar of the revenue chart.
#[derive(Clone, Debug, Serialize)]
pub struct RevenueBar {
    pub key: &'static str,
    pub label: &'static str,
    pub amount: AmountView,
    /// Width, as % of the largest bar.
    pub pct: f64,
}

/// Money of SPEC §5.6, in the plan's currency; missing amounts "not set".
#[derive(Clone, Debug, Serialize)]
pub struct MoneyView {
    pub currency: String,
    /// Opportunities at prospect, pipeline or forecast.
    pub open_pipeline: AmountView,
    /// Opportunities at secured.
    pub secured: AmountView,
    /// Opportunities weighted by stage (secured included, lost excluded).
    pub weighted_pipeline: AmountView,
    /// Opportunities at lost.
    pub lost: AmountView,
    pub prior_year_actual: AmountView,
    pub annual_target: AmountView,
    pub minimum: AmountView,
    pub just_right: AmountView,
    pub aspirational: AmountView,
    /// Secured / annual target × 100 (1 decimal); `None` without a target.
    pub attainment_pct: Option<f64>,
    /// Secured against the annual target and the three revenue goal levels.
    pub targets: Vec<TargetView>,
    /// Prior year, annual target and the revenue goal levels that are set.
    pub bars: Vec<RevenueBar>,
    /// The "just right" goal against the prior year, in % (1 decimal).
    pub growth_pct: Option<f64>,
    pub has_opportunities: bool,
}

// ---------------------------------------------------------------------------
// Contact map, buying stages, whitespace

/// A box of the contact map.
#[derive(Clone, Debug, Serialize)]
pub struct OrgNode<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub title: Option<&'a str>,
    pub role: Option<Label>,
    /// Relationship level, or `none`.
    pub relationship: &'static str,
    pub x: f64,
    pub y: f64,
}

/// A reporting line of the contact map.
#[derive(Clone, Debug, Serialize)]
pub struct OrgEdge {
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
}

/// The contact map laid out as an org chart.
#[derive(Clone, Debug, Serialize)]
pub struct OrgChart<'a> {
    pub width: f64,
    pub height: f64,
    pub node_width: f64,
    pub node_height: f64,
    pub nodes: Vec<OrgNode<'a>>,
    pub edges: Vec<OrgEdge>,
}

/// A column of the buying-stage matrix.
#[derive(Clone, Debug, Serialize)]
pub struct StageColumn {
    pub id: Stage,
    pub label: String,
    pub detractors: usize,
    pub supporters: usize,
    pub detractor_dominated: bool,
}

/// A cell of the buying-stage matrix.
#[derive(Clone, Debug, Serialize)]
pub struct StageCell {
    pub involved: bool,
    pub detractor_dominated: bool,
}

/// A row of the buying-stage matrix.
#[derive(Clone, Debug, Serialize)]
pub struct StageRow<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub role: Option<Label>,
    pub cells: Vec<StageCell>,
}

/// Contacts × buying stages.
#[derive(Clone, Debug, Serialize)]
pub struct StageMatrix<'a> {
    pub stages: Vec<StageColumn>,
    pub rows: Vec<StageRow<'a>>,
    /// Labels of the stages where detractors outnumber supporters.
    pub dominated: Vec<String>,
}

/// A row of the whitespace grid.
#[derive(Clone, Debug, Serialize)]
pub struct WhitespaceView {
    pub id: String,
    pub name: String,
    pub cells: Vec<Option<Coverage>>,
}

/// The whitespace grid: business units × products.
#[derive(Clone, Debug, Serialize)]
pub struct WhitespaceGrid {
    pub products: Vec<String>,
    pub rows: Vec<WhitespaceView>,
}

// ---------------------------------------------------------------------------
// Building the view

/// Per-page lookups: item titles by id, findings by anchor.
struct Ctx<'a> {
    look: &'a Lookup<'a>,
    plan: &'a Plan,
    md: Md,
    goals: BTreeMap<&'a str, ItemRef<'a>>,
    objectives: BTreeMap<&'a str, ItemRef<'a>>,
    contacts: BTreeMap<&'a str, ItemRef<'a>>,
    business_units: BTreeMap<&'a str, &'a str>,
    competitor_names: BTreeMap<&'a str, &'a str>,
    flags: BTreeMap<String, Vec<FlagView<'a>>>,
}

impl<'a> Ctx<'a> {
    fn new(look: &'a Lookup<'a>, plan: &'a Plan, account: &'a Account, md: Md) -> Ctx<'a> {
        let item_ref = |id: &'a str, title_html: Cow<'a, str>, kind: ItemKind| {
            ItemRef::new(id, title_html, urls::item_anchor(kind, id))
        };
        let mut flags: BTreeMap<String, Vec<FlagView<'a>>> = BTreeMap::new();
        for f in &account.findings {
            if let Subject::Plan { item: Some(item), .. } = &f.subject {
                flags.entry(item.anchor()).or_default().push(FlagView {
                    code: f.code.as_str(),
                    label: flag_label(f.code),
                    message: &f.message,
                });
            }
        }
        Ctx {
            look,
            plan,
            md,
            goals: plan
                .goals
                .iter()
                .map(|g| {
                    let id = g.id.value.as_str();
                    (id, item_ref(id, md.link_text(&g.title), ItemKind::Goal))
                })
                .collect(),
            objectives: plan
                .objectives
                .iter()
                .map(|o| {
                    let id = o.id.value.as_str();
                    (id, item_ref(id, md.link_text(&o.title), ItemKind::Objective))
                })
                .collect(),
            contacts: plan
                .contacts
                .iter()
                .map(|c| {
                    let id = c.id.value.as_str();
                    (id, item_ref(id, escape(&c.name), ItemKind::Contact))
                })
                .collect(),
            business_units: plan
                .customer
                .business_units
                .iter()
                .map(|b| (b.id.value.as_str(), b.name.as_str()))
                .collect(),
            competitor_names: plan
                .competitors
                .iter()
                .map(|c| {
                    let name = c
                        .name
                        .as_deref()
                        .unwrap_or_else(|| look.competitor_name_of(&c.id.value));
                    (c.id.value.as_str(), name)
                })
                .collect(),
            flags,
        }
    }

    /// The flags of the item at `anchor` (most items have none).
    fn flags(&self, anchor: &str) -> Vec<FlagView<'a>> {
        self.flags.get(anchor).cloned().unwrap_or_default()
    }

    fn goal_refs(&self, ids: &[crate::diagnostic::Spanned<String>]) -> Vec<ItemRef<'a>> {
        ids.iter()
            .filter_map(|g| self.goals.get(g.value.as_str()).cloned())
            .collect()
    }

    fn business_unit(&self, id: &'a Option<crate::diagnostic::Spanned<String>>) -> Option<&'a str> {
        id.as_ref().map(|b| {
            self.business_units
                .get(b.value.as_str())
                .copied()
                .unwrap_or(b.value.as_str())
        })
    }

    fn person(&self, id: &'a Option<crate::diagnostic::Spanned<String>>) -> Option<PersonRef<'a>> {
        id.as_ref().map(|p| self.look.person(&p.value))
    }
}

/// The short label of a finding shown on its item.
fn flag_label(code: Code) -> &'static str {
    match code {
        Code::GoalOffTrack => "off track",
        Code::BlockedAction => "blocked",
        Code::CompetitorAhead => "ahead of us",
        Code::OverdueAction => "overdue",
        Code::GoalNotSmart => "not SMART",
        Code::OrphanGoal => "serves no objective",
        Code::UnlinkedObjective => "no goal linked",
        Code::DetractorStage => "detractors dominate a stage",
        Code::PoorHealth => "poor health",
        Code::StaleReview => "review overdue",
        Code::InflatedPotential => "inflated potential",
        Code::NoSponsor => "no sponsor",
        Code::MixedCurrency => "no exchange rate",
        Code::SingleThreaded => "single-threaded",
        Code::IncompletePlan => "incomplete plan",
        Code::SegmentOverride => "segment override not explained",
        Code::AmbitionGap => "ambition gap",
        _ => "check",
    }
}

/// Where on the page a finding that names no item points, and what the link reads.
fn section_of(code: Code) -> (&'static str, &'static str) {
    match code {
        Code::StaleReview => ("#fact-last-review", "Last review"),
        Code::NoSponsor => ("#fact-sponsor", "Sponsor"),
        Code::PoorHealth | Code::AmbitionGap => ("#section-status", "Status"),
        Code::SingleThreaded => ("#section-contacts", "Contact map"),
        Code::DetractorStage => ("#section-stages", "Buying stages"),
        Code::IncompletePlan | Code::SegmentOverride => ("#section-scores", "Scores"),
        Code::MixedCurrency | Code::InflatedPotential => ("#section-financials", "Financials"),
        _ => ("#section-checks", "Checks"),
    }
}

fn finding_view(ctx: &Ctx, f: &Finding) -> CheckView {
    let item = match &f.subject {
        Subject::Plan { item: Some(item), .. } => Some(item),
        _ => None,
    };
    let (href, target_html) = match item {
        Some(item) => {
            let title = match item {
                Item::Objective(id) => ctx.objectives.get(id.as_str()).map(|r| r.title_html.clone()),
                Item::Goal(id) => ctx.goals.get(id.as_str()).map(|r| r.title_html.clone()),
                Item::Contact(id) => ctx.contacts.get(id.as_str()).map(|r| r.title_html.clone()),
                Item::Competitor(id) => ctx.competitor_names.get(id.as_str()).map(|n| escape(n)),
                Item::Action(id) => ctx
                    .plan
                    .actions
                    .iter()
                    .find(|a| &a.id.value == id)
                    .map(|a| ctx.md.link_text(&a.title)),
                Item::Opportunity(id) => ctx
                    .plan
                    .opportunities
                    .iter()
                    .find(|o| &o.id.value == id)
                    .map(|o| escape(&o.name)),
            };
            let title = title.map_or_else(|| escape(&item.anchor()).into_owned(), Cow::into_owned);
            (urls::anchor(item), title)
        }
        None => {
            let (href, name) = section_of(f.code);
            (href.to_string(), name.to_string())
        }
    };
    CheckView {
        code: f.code.as_str(),
        line: f.span.line,
        column: f.span.col,
        message: f.message.clone(),
        message_html: markdown::render_inline_recurring(&f.message),
        hint: (!f.hint.is_empty()).then(|| f.hint.clone()),
        hint_html: (!f.hint.is_empty()).then(|| markdown::render_inline_recurring(&f.hint)),
        href,
        target_html,
        source_url: urls::source_link(&ctx.look.site.config, &f.file, f.span.line),
    }
}

/// Header badges from the findings (SPEC §7 "Findings": none re-derived).
fn badges(findings: &[CheckView]) -> Vec<BadgeView> {
    let order = [
        (Code::PoorHealth, "bad"),
        (Code::CompetitorAhead, "bad"),
        (Code::GoalOffTrack, "bad"),
        (Code::BlockedAction, "bad"),
        (Code::OverdueAction, "warn"),
        (Code::StaleReview, "warn"),
        (Code::InflatedPotential, "warn"),
        (Code::NoSponsor, "warn"),
    ];
    order
        .iter()
        .filter_map(|&(code, tone)| {
            let of_code: Vec<&CheckView> = findings.iter().filter(|f| f.code == code.as_str()).collect();
            let first = of_code.first()?;
            let n = of_code.len();
            let text = match code {
                Code::PoorHealth => "Health: poor".to_string(),
                Code::CompetitorAhead => format!("{} ahead of us", plural(n, "competitor", "competitors")),
                Code::GoalOffTrack => format!("{} off track", plural(n, "goal", "goals")),
                Code::BlockedAction => plural(n, "blocked action", "blocked actions"),
                Code::OverdueAction => plural(n, "overdue action", "overdue actions"),
                Code::StaleReview => "Review overdue".to_string(),
                Code::InflatedPotential => "Potential inflated".to_string(),
                _ => "No executive sponsor".to_string(),
            };
            Some(BadgeView {
                code: code.as_str(),
                text,
                href: first.href.clone(),
                tone,
            })
        })
        .collect()
}

/// The partnership ladder (today, what the customer wants, what we aim
/// for), empty when none is set, and the ambition gap in words.
pub(super) fn partnership_ladder(st: &Status) -> (Vec<LadderRow>, Option<String>) {
    let rows = [
        ("Today", st.partnership),
        ("The customer wants", st.customer_ambition.as_ref().map(|s| s.value)),
        ("We aim for", st.our_ambition.as_ref().map(|s| s.value)),
    ];
    let ladder = if rows.iter().any(|(_, v)| v.is_some()) {
        rows.iter()
            .map(|&(row_label, v)| LadderRow {
                label: row_label,
                level: v.map(label),
                cells: Partnership::ALL.iter().map(|&p| v == Some(p)).collect(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let ambition_gap = match (&st.customer_ambition, &st.our_ambition) {
        (Some(c), Some(o)) if c.value != o.value => Some(format!(
            "the customer wants a {}, we aim to be a {}",
            label(c.value).label,
            label(o.value).label
        )),
        _ => None,
    };
    (ladder, ambition_gap)
}

fn status_view(md: Md, st: &Status) -> StatusView<'_> {
    let levels: Vec<Label> = Partnership::ALL.iter().map(|&p| label(p)).collect();
    let (ladder, ambition_gap) = partnership_ladder(st);
    let view = StatusView {
        value_proposition_html: md.inline_opt(&st.value_proposition),
        long_term_ambition_html: md.inline_opt(&st.long_term_ambition),
        what_we_need_html: md.inline_all(&st.what_we_need),
        health: st.health.as_ref().map(|h| label(h.value)),
        impact: st.impact,
        impact_pips: (1..=4).map(|i| st.impact.is_some_and(|v| i <= v)).collect(),
        levels,
        ladder,
        ambition_gap,
        has_content: false,
    };
    StatusView {
        has_content: view.value_proposition_html.is_some()
            || !view.ladder.is_empty()
            || view.impact.is_some()
            || view.health.is_some()
            || view.long_term_ambition_html.is_some()
            || !view.what_we_need_html.is_empty(),
        ..view
    }
}

fn customer_view(md: Md, c: &Customer) -> CustomerView<'_> {
    CustomerView {
        overview_html: md.block_opt(&c.overview),
        vision_html: md.inline_opt(&c.vision),
        kpis: c
            .kpis
            .iter()
            .map(|k| KpiView {
                name: k.name.clone(),
                target_html: md.inline_opt(&k.target),
                current_html: md.inline_opt(&k.current),
            })
            .collect(),
        business_units: c
            .business_units
            .iter()
            .map(|b| BusinessUnitView {
                id: b.id.value.clone(),
                name: b.name.clone(),
                notes_html: md.inline_opt(&b.notes),
            })
            .collect(),
        has_content: c.overview.is_some() || c.vision.is_some() || !c.kpis.is_empty() || !c.business_units.is_empty(),
    }
}

fn drivers_view(md: Md, drivers: &[Driver]) -> DriversView<'_> {
    let of = |kind: DriverKind| {
        drivers
            .iter()
            .filter(|d| d.kind == kind)
            .map(|d| DriverView {
                category: label(d.category),
                text_html: md.inline(&d.text),
            })
            .collect()
    };
    DriversView {
        external: of(DriverKind::External),
        internal: of(DriverKind::Internal),
        count: drivers.len(),
    }
}

fn faa_view(md: Md, faa: &Faa) -> Vec<FaaColumn<'_>> {
    if faa.fix.is_empty() && faa.accomplish.is_empty() && faa.avoid.is_empty() {
        return Vec::new();
    }
    vec![
        FaaColumn {
            key: "fix",
            label: "Fix",
            items_html: md.inline_all(&faa.fix),
        },
        FaaColumn {
            key: "accomplish",
            label: "Accomplish",
            items_html: md.inline_all(&faa.accomplish),
        },
        FaaColumn {
            key: "avoid",
            label: "Avoid",
            items_html: md.inline_all(&faa.avoid),
        },
    ]
}

fn objectives<'a>(ctx: &Ctx<'a>) -> Vec<ObjectiveView<'a>> {
    ctx.plan
        .objectives
        .iter()
        .map(|o| {
            let anchor = ItemKind::Objective.anchor(&o.id.value);
            let flags = ctx.flags(&anchor);
            ObjectiveView {
                id: &o.id.value,
                anchor,
                title_html: ctx.md.inline(&o.title),
                details_html: ctx.md.block_opt(&o.details),
                priority: label(o.priority()),
                business_unit: ctx.business_unit(&o.business_unit),
                contact: o
                    .contact
                    .as_ref()
                    .and_then(|c| ctx.contacts.get(c.value.as_str()).cloned()),
                swot: o.swot,
                goals: ctx.goal_refs(&o.goals),
                flags,
            }
        })
        .collect()
}

fn goals<'a>(ctx: &Ctx<'a>) -> Vec<GoalView<'a>> {
    ctx.plan
        .goals
        .iter()
        .map(|g| {
            let id = g.id.value.as_str();
            let anchor = ItemKind::Goal.anchor(id);
            let flags = ctx.flags(&anchor);
            GoalView {
                id,
                anchor,
                title_html: ctx.md.inline(&g.title),
                status: label(g.status()),
                due: g.due.map(|d| d.to_string()),
                measure_html: ctx.md.inline_opt(&g.measure),
                target_html: ctx.md.inline_opt(&g.target),
                objectives: ctx
                    .plan
                    .objectives
                    .iter()
                    .filter(|o| o.goals.iter().any(|x| x.value == id))
                    .filter_map(|o| ctx.objectives.get(o.id.value.as_str()).cloned())
                    .collect(),
                actions: ctx
                    .plan
                    .actions
                    .iter()
                    .filter(|a| a.goals.iter().any(|x| x.value == id))
                    .map(|a| {
                        let id = a.id.value.as_str();
                        ItemRef::new(id, ctx.md.link_text(&a.title), urls::item_anchor(ItemKind::Action, id))
                    })
                    .collect(),
                flags,
            }
        })
        .collect()
}

fn actions<'a>(ctx: &Ctx<'a>, account: &Account) -> Vec<ActionView<'a>> {
    ctx.plan
        .actions
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let anchor = ItemKind::Action.anchor(&a.id.value);
            let flags = ctx.flags(&anchor);
            ActionView {
                id: &a.id.value,
                anchor,
                title_html: ctx.md.inline(&a.title),
                status: label(a.status()),
                owner: ctx.person(&a.owner),
                due: a.due.as_ref().map(|d| d.value.to_string()),
                overdue: account.overdue_actions.contains(&i),
                goals: ctx.goal_refs(&a.goals),
                resources_html: ctx.md.inline_opt(&a.resources),
                measure_html: ctx.md.inline_opt(&a.measure),
                notes_html: ctx.md.block_opt(&a.notes),
                flags,
            }
        })
        .collect()
}

fn contacts<'a>(ctx: &Ctx<'a>) -> Vec<ContactView<'a>> {
    let plan = ctx.plan;
    plan.contacts
        .iter()
        .map(|c| {
            let id = c.id.value.as_str();
            let anchor = ItemKind::Contact.anchor(id);
            let flags = ctx.flags(&anchor);
            ContactView {
                id,
                anchor,
                name: &c.name,
                title: c.title.as_deref(),
                role: c.role.map(label),
                buying_role: c.buying_role.map(label),
                influence: c.influence.map(label),
                relationship: c.relationship.map(label),
                business_unit: ctx.business_unit(&c.business_unit),
                reports_to: c
                    .reports_to
                    .as_ref()
                    .and_then(|r| ctx.contacts.get(r.value.as_str()).cloned()),
                direct_reports: plan
                    .contacts
                    .iter()
                    .filter(|r| r.reports_to.as_ref().is_some_and(|x| x.value == id))
                    .filter_map(|r| ctx.contacts.get(r.id.value.as_str()).cloned())
                    .collect(),
                stages: c.stages.iter().map(|&s| label(s)).collect(),
                alignment: c
                    .alignment
                    .iter()
                    .map(|(k, score)| {
                        let is_us = k.value == "us";
                        AlignmentView {
                            key: &k.value,
                            is_us,
                            name: if is_us {
                                "Us"
                            } else {
                                ctx.competitor_names.get(k.value.as_str()).copied().unwrap_or(&k.value)
                            },
                            href: (!is_us && ctx.competitor_names.contains_key(k.value.as_str()))
                                .then(|| urls::item_anchor(ItemKind::Competitor, &k.value)),
                            score: *score,
                        }
                    })
                    .collect(),
                objectives: plan
                    .objectives
                    .iter()
                    .filter(|o| o.contact.as_ref().is_some_and(|x| x.value == id))
                    .filter_map(|o| ctx.objectives.get(o.id.value.as_str()).cloned())
                    .collect(),
                personal_drivers_html: ctx.md.block_opt(&c.personal_drivers),
                action_html: ctx.md.inline_opt(&c.action),
                covered_by: ctx.person(&c.covered_by),
                relationship_since: ctx
                    .look
                    .history
                    .account(&ctx.plan.id)
                    .relationship_since
                    .get(id)
                    .map(|d| d.to_string()),
                flags,
            }
        })
        .collect()
}

fn competitors<'a>(ctx: &Ctx<'a>, account: &Account) -> Vec<CompetitorItemView<'a>> {
    ctx.plan
        .competitors
        .iter()
        .map(|c| {
            let id = c.id.value.as_str();
            let anchor = ItemKind::Competitor.anchor(id);
            let flags = ctx.flags(&anchor);
            CompetitorItemView {
                id,
                anchor,
                name: ctx.competitor_names.get(id).copied().unwrap_or(id),
                url: urls::competitor(id),
                swot: c.swot,
                status: account
                    .competitors
                    .iter()
                    .find(|s| s.id == id)
                    .and_then(|s| s.status)
                    .map(round2),
                strengths_html: ctx.md.inline_all(&c.strengths),
                weaknesses_html: ctx.md.inline_all(&c.weaknesses),
                differentiators_html: ctx.md.inline_all(&c.differentiators),
                flags,
            }
        })
        .collect()
}

fn opportunities<'a>(ctx: &Ctx<'a>, currency: &str) -> Vec<OpportunityView<'a>> {
    ctx.plan
        .opportunities
        .iter()
        .map(|o| OpportunityView {
            id: &o.id.value,
            anchor: ItemKind::Opportunity.anchor(&o.id.value),
            name: &o.name,
            stage: label(o.stage),
            // Sorts lost first (0), then along the way to a deal.
            stage_rank: o.stage.progress().map_or(0, |p| p + 1),
            value: AmountView::of(o.value, currency),
            close: o.close.map(|d| d.to_string()),
            product: o.product.as_ref().map(|p| p.value.as_str()),
            business_unit: ctx.business_unit(&o.business_unit),
            lost: o.stage == OppStage::Lost,
            slip: ctx
                .look
                .history
                .account(&ctx.plan.id)
                .slips
                .iter()
                .find(|s| s.opportunity == o.id.value)
                .cloned(),
        })
        .collect()
}

fn swot_items(md: Md, entries: &[SwotEntry]) -> Vec<SwotItem<'_>> {
    entries
        .iter()
        .map(|e| {
            let (kind, href) = match &e.source {
                SwotSource::Swot => ("swot", "#swot".to_string()),
                SwotSource::Objective(id) => ("objective", urls::item_anchor(ItemKind::Objective, id)),
                SwotSource::Competitor(id) => ("competitor", urls::item_anchor(ItemKind::Competitor, id)),
            };
            SwotItem {
                text_html: md.inline(&e.text),
                link_html: md.link_text(&e.text),
                source: e.source.clone(),
                source_kind: kind,
                href,
            }
        })
        .collect()
}

fn swot_view(md: Md, account: &Account) -> SwotView<'_> {
    let s = &account.swot;
    let quadrants = vec![
        SwotQuadrant {
            key: "strengths",
            label: "Strengths",
            items: swot_items(md, &s.strengths),
        },
        SwotQuadrant {
            key: "weaknesses",
            label: "Weaknesses",
            items: swot_items(md, &s.weaknesses),
        },
        SwotQuadrant {
            key: "opportunities",
            label: "Opportunities",
            items: swot_items(md, &s.opportunities),
        },
        SwotQuadrant {
            key: "threats",
            label: "Threats",
            items: swot_items(md, &s.threats),
        },
    ];
    SwotView {
        is_empty: quadrants.iter().all(|q| q.items.is_empty()),
        quadrants,
    }
}

/// "1 EUR = 0.86 GBP".
fn rate_text(currency: &str, rate: f64, site_currency: &str) -> String {
    format!("1 {currency} = {rate} {site_currency}")
}

fn potential_view(look: &Lookup, plan: &Plan, account: &Account) -> PotentialView {
    let m = &account.money;
    let site_currency = look.site.config.currency.clone();
    let cur = m.currency.as_str();
    let aspirational = plan
        .financials
        .revenue_goal
        .as_ref()
        .and_then(|g| g.aspirational.as_ref())
        .map(|v| v.value);
    let conversion = match (m.rate, cur == site_currency) {
        (_, true) => "same",
        (Some(_), false) => "converted",
        (None, false) => "none",
    };
    let (source, source_label) = match account.potential_source {
        crate::derive::PotentialSource::AspirationalGoal => ("aspirational-goal", "aspirational revenue goal"),
        crate::derive::PotentialSource::WeightedPipeline => ("weighted-pipeline", "weighted pipeline"),
    };
    PotentialView {
        source,
        source_label,
        value: AmountView::of(m.own.potential_value, cur),
        aspirational: AmountView::new(aspirational, cur),
        weighted_pipeline: AmountView::of(m.own.weighted_pipeline, cur),
        threshold: AmountView::of(look.portfolio.potential_threshold, &site_currency),
        threshold_source: if look.site.config.potential_high_from.is_some() {
            "configured"
        } else {
            "portfolio median"
        },
        conversion,
        value_site: m.site.map(|s| AmountView::of(s.potential_value, &site_currency)),
        rate_text: m
            .rate
            .filter(|_| conversion == "converted")
            .map(|r| rate_text(cur, r, &site_currency)),
        currency: m.currency.clone(),
        site_currency,
    }
}

pub(super) fn money_view(plan: &Plan, account: &Account) -> MoneyView {
    let m = &account.money;
    let cur = m.currency.as_str();
    let own = &m.own;
    let f = &plan.financials;
    let goal = f.revenue_goal.as_ref();
    let level = |pick: fn(&RevenueGoal) -> &Option<crate::diagnostic::Spanned<f64>>| {
        goal.and_then(|g| pick(g).as_ref()).map(|v| v.value)
    };
    let (minimum, just_right, aspirational) = (
        level(|g| &g.minimum),
        level(|g| &g.just_right),
        level(|g| &g.aspirational),
    );
    let secured = own.secured;
    let target = |key, label, value: Option<f64>| {
        let share = value.filter(|v| *v > 0.0).map(|v| secured / v);
        TargetView {
            key,
            label,
            amount: AmountView::new(value, cur),
            secured_pct: share.map(super::context::pct),
            fill_pct: share.map_or(0.0, |f| round2((100.0 * f).min(100.0))),
            remaining: value.filter(|v| *v > secured).map(|v| AmountView::of(v - secured, cur)),
            met: value.is_some_and(|v| v > 0.0 && secured >= v),
        }
    };
    let raw = [
        ("prior_year_actual", "Prior year actual", f.prior_year_actual),
        ("annual_target", "Annual target", f.annual_target),
        ("minimum", "Goal: minimum", minimum),
        ("just_right", "Goal: just right", just_right),
        ("aspirational", "Goal: aspirational", aspirational),
    ];
    let max = raw.iter().filter_map(|(_, _, v)| *v).fold(0.0_f64, f64::max);
    MoneyView {
        currency: m.currency.clone(),
        open_pipeline: AmountView::of(own.open_pipeline, cur),
        secured: AmountView::of(own.secured, cur),
        weighted_pipeline: AmountView::of(own.weighted_pipeline, cur),
        lost: AmountView::of(own.lost, cur),
        prior_year_actual: AmountView::new(f.prior_year_actual, cur),
        annual_target: AmountView::new(f.annual_target, cur),
        minimum: AmountView::new(minimum, cur),
        just_right: AmountView::new(just_right, cur),
        aspirational: AmountView::new(aspirational, cur),
        attainment_pct: m.attainment().map(super::context::pct),
        targets: vec![
            target("annual_target", "Annual target", f.annual_target),
            target("minimum", "Goal: minimum", minimum),
            target("just_right", "Goal: just right", just_right),
            target("aspirational", "Goal: aspirational", aspirational),
        ],
        bars: raw
            .into_iter()
            .filter_map(|(key, label, v)| {
                v.map(|value| RevenueBar {
                    key,
                    label,
                    amount: AmountView::of(value, cur),
                    pct: if max > 0.0 { round2(100.0 * value / max) } else { 0.0 },
                })
            })
            .collect(),
        growth_pct: match (just_right, f.prior_year_actual) {
            (Some(j), Some(p)) if p > 0.0 => Some(super::context::pct(j / p - 1.0)),
            _ => None,
        },
        has_opportunities: !plan.opportunities.is_empty(),
    }
}

fn account_view<'a>(look: &Lookup, plan: &'a Plan, a: &'a Account, md: Md) -> AccountView<'a> {
    let cfg = &look.site.config;
    let total_weight: f64 = a.contact_weights.iter().map(|w| w.weight).sum();
    let contact_weights = a
        .contact_weights
        .iter()
        .filter_map(|w| {
            let c = plan.contacts.iter().find(|c| c.id.value == w.contact)?;
            Some(WeightView {
                id: &w.contact,
                name: &c.name,
                relationship: c.relationship?,
                level: w.level,
                weight: w.weight,
                share_pct: if total_weight > 0.0 {
                    round2(100.0 * w.weight / total_weight)
                } else {
                    0.0
                },
            })
        })
        .collect();
    let (segment_label, _, guidance) = segment_guidance(a.segment);
    AccountView {
        relationship: round2(a.relationship),
        relationship_high: a.relationship_high,
        relationship_threshold: cfg.relationship_high_from,
        contact_score: round2(a.contact_score),
        contact_weights,
        partnership: plan.status.partnership.map(label),
        partnership_value: plan.status.partnership.map(crate::derive::partnership_value),
        partnership_weight: cfg.partnership_weight,
        potential: round2(a.potential),
        potential_high: a.potential_high,
        potential_basis: potential_view(look, plan, a),
        segment: a.segment,
        computed_segment: a.computed_segment,
        declared_segment: plan.segment.as_ref().map(|s| s.value),
        segment_label,
        guidance,
        swot: swot_view(md, a),
        our_alignment: a.our_alignment.map(round2),
        completeness_pct: (a.completeness.ratio() * 100.0).round() as u32,
        completeness_met: a.completeness.total - a.completeness.missing.len(),
        completeness_total: a.completeness.total,
        completeness_missing: a.completeness.missing.clone(),
        stale: a.stale,
    }
}

fn review_age(days: i64) -> String {
    match days {
        0 => "today".to_string(),
        d if d < 0 => format!("in {}", plural(d.unsigned_abs() as usize, "day", "days")),
        d => format!("{} ago", plural(d as usize, "day", "days")),
    }
}

const NODE_W: f64 = 176.0;
const NODE_H: f64 = 60.0;
const GAP_X: f64 = 20.0;
const GAP_Y: f64 = 44.0;

/// Lays out contacts as a tree by `reports_to`: leaves take consecutive
/// slots, parents sit centred over their children.
pub fn org_chart(plan: &Plan) -> OrgChart<'_> {
    let n = plan.contacts.len();
    let index: BTreeMap<&str, usize> = plan
        .contacts
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.value.as_str(), i))
        .collect();
    let mut parent: Vec<Option<usize>> = plan
        .contacts
        .iter()
        .map(|c| c.reports_to.as_ref().and_then(|r| index.get(r.value.as_str()).copied()))
        .collect();
    // Break loops (reported by `check`) so the layout always terminates.
    for i in 0..n {
        let mut seen = vec![false; n];
        let mut cur = i;
        while let Some(p) = parent[cur] {
            if seen[p] || p == i {
                parent[cur] = None;
                break;
            }
            seen[p] = true;
            cur = p;
        }
    }
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut roots = Vec::new();
    for (i, p) in parent.iter().enumerate() {
        match p {
            Some(p) => children[*p].push(i),
            None => roots.push(i),
        }
    }
    let mut x = vec![0.0; n];
    let mut depth = vec![0usize; n];
    let mut next_slot = 0.0;
    // Iterative post-order walk.
    for &root in &roots {
        let mut stack = vec![(root, 0usize, false)];
        while let Some((node, d, done)) = stack.pop() {
            depth[node] = d;
            if done || children[node].is_empty() {
                if children[node].is_empty() {
                    x[node] = next_slot;
                    next_slot += 1.0;
                } else {
                    let first = x[children[node][0]];
                    let last = x[*children[node].last().unwrap_or(&node)];
                    x[node] = (first + last) / 2.0;
                }
                continue;
            }
            stack.push((node, d, true));
            for &c in children[node].iter().rev() {
                stack.push((c, d + 1, false));
            }
        }
    }
    let max_depth = depth.iter().copied().max().unwrap_or(0);
    let nodes = plan
        .contacts
        .iter()
        .enumerate()
        .map(|(i, c)| OrgNode {
            id: &c.id.value,
            name: &c.name,
            title: c.title.as_deref(),
            role: c.role.map(label),
            relationship: c.relationship.map_or("none", |r| r.as_str()),
            x: GAP_X / 2.0 + x[i] * (NODE_W + GAP_X),
            y: 8.0 + depth[i] as f64 * (NODE_H + GAP_Y),
        })
        .collect::<Vec<_>>();
    let edges = (0..n)
        .filter_map(|i| {
            parent[i].map(|p| OrgEdge {
                x1: nodes[p].x + NODE_W / 2.0,
                y1: nodes[p].y + NODE_H,
                x2: nodes[i].x + NODE_W / 2.0,
                y2: nodes[i].y,
            })
        })
        .collect();
    OrgChart {
        width: (next_slot * (NODE_W + GAP_X)).max(NODE_W + GAP_X),
        height: 16.0 + (max_depth + 1) as f64 * (NODE_H + GAP_Y) - GAP_Y,
        node_width: NODE_W,
        node_height: NODE_H,
        nodes,
        edges,
    }
}

fn stage_matrix(plan: &Plan) -> StageMatrix<'_> {
    let stages: Vec<StageColumn> = crate::derive::stage_balances(plan)
        .into_iter()
        .map(|b| StageColumn {
            id: b.stage,
            label: capitalized(&label(b.stage).label),
            detractors: b.detractors,
            supporters: b.supporters,
            detractor_dominated: b.detractor_dominated(),
        })
        .collect();
    let rows = plan
        .contacts
        .iter()
        .map(|c| StageRow {
            id: &c.id.value,
            name: &c.name,
            role: c.role.map(label),
            cells: stages
                .iter()
                .map(|s| StageCell {
                    involved: c.stages.contains(&s.id),
                    detractor_dominated: s.detractor_dominated,
                })
                .collect(),
        })
        .collect();
    StageMatrix {
        dominated: stages
            .iter()
            .filter(|s| s.detractor_dominated)
            .map(|s| label(s.id).label.into_owned())
            .collect(),
        stages,
        rows,
    }
}

fn whitespace(plan: &Plan, products: &[String]) -> WhitespaceGrid {
    let mut cols: Vec<String> = products.to_vec();
    for row in &plan.whitespace {
        for (p, _) in &row.cells {
            if !cols.contains(&p.value) {
                cols.push(p.value.clone());
            }
        }
    }
    let rows = plan
        .whitespace
        .iter()
        .map(|r| WhitespaceView {
            id: r.business_unit.value.clone(),
            name: plan
                .customer
                .business_units
                .iter()
                .find(|b| b.id.value == r.business_unit.value)
                .map_or_else(|| r.business_unit.value.clone(), |b| b.name.clone()),
            cells: cols
                .iter()
                .map(|p| r.cells.iter().find(|(k, _)| &k.value == p).map(|(_, c)| *c))
                .collect(),
        })
        .collect();
    WhitespaceGrid { products: cols, rows }
}

/// Builds the plan page context.
pub fn plan_page<'a>(look: &'a Lookup<'a>, plan: &'a Plan, a: &'a Account) -> PlanPage<'a> {
    let md = Md {
        allow_html: look.site.config.allow_html,
    };
    let ctx = Ctx::new(look, plan, a, md);
    let currency = a.money.currency.clone();
    let findings: Vec<CheckView> = a.findings.iter().map(|f| finding_view(&ctx, f)).collect();
    let body = markdown::render(&plan.body, md.allow_html, "h-");
    let view = PlanView {
        id: &plan.id,
        name: &plan.name,
        industry: plan.industry.as_deref(),
        hq: plan.hq.as_deref(),
        employees: plan.employees,
        revenue: plan.revenue.map(|r| AmountView::of(r, &currency)),
        website: plan.website.as_deref().and_then(website),
        top10: plan.top10.unwrap_or(false),
        segment_reason_html: md.inline_opt(&plan.segment_reason),
        owner: ctx.person(&plan.owner),
        team: plan.team.iter().map(|t| look.person(&t.value)).collect(),
        sponsor: ctx.person(&plan.sponsor),
        last_review: plan.status.last_review.as_ref().map(|d| d.value.to_string()),
        last_review_age: crate::derive::review_age_days(plan, look.portfolio.today).map(review_age),
        approved: plan.status.approved.map(|d| d.to_string()),
        last_updated: look.history.last_updated.get(&plan.id).map(|d| d.to_string()),
        status: status_view(md, &plan.status),
        customer: customer_view(md, &plan.customer),
        drivers: drivers_view(md, &plan.drivers),
        faa: faa_view(md, &plan.faa),
        objectives: objectives(&ctx),
        goals: goals(&ctx),
        actions: actions(&ctx, a),
        contacts: contacts(&ctx),
        competitors: competitors(&ctx, a),
        proposition: plan.proposition.as_ref().map(|p| PropositionView {
            competency_html: md.inline_opt(&p.competency),
            offer_html: md.inline_opt(&p.offer),
            price_html: md.inline_opt(&p.price),
            differentiators_html: md.inline_all(&p.differentiators),
        }),
        expectations: plan.expectations.as_ref().map(|e| ExpectationsView {
            results_html: md.inline_opt(&e.results),
            experience_html: md.inline_opt(&e.experience),
            interaction_html: md.inline_opt(&e.interaction),
        }),
        opportunities: opportunities(&ctx, &currency),
    };
    PlanPage {
        plan: view,
        account: account_view(look, plan, a, md),
        money: money_view(plan, a),
        currency,
        badges: badges(&findings),
        findings,
        edit_url: urls::edit_link(&look.site.config, &plan.file),
        org_chart: org_chart(plan),
        stage_matrix: stage_matrix(plan),
        whitespace: whitespace(plan, &look.info.products),
        history: look.history.timeline(&plan.id, a, look.portfolio.today),
        git: plan_history(look, &plan.id),
        trend: PlanTrendView {
            months: look.history.trends.months(look.portfolio.today),
            points: look.history.trends.account(&plan.id, a),
        },
        body_html: body.html.into(),
        toc: body.toc,
    }
}

/// A plan's trend (SPEC §10.3): `YYYY-MM` of every month, oldest first,
/// and the plan then (`null` where it did not exist).
#[derive(Clone, Debug, Serialize)]
pub struct PlanTrendView {
    pub months: Vec<String>,
    pub points: Vec<Option<crate::history::trends::AccountPoint>>,
}

/// The plan's own part of the site's history.
fn plan_history(look: &Lookup, id: &str) -> PlanHistoryView {
    let h = look.history;
    let account = h.account(id);
    let mut moves: Vec<_> = h.moves_of(id).cloned().collect();
    moves.reverse();
    PlanHistoryView {
        available: h.available,
        note: h.unavailable.map(|u| u.message()),
        moves,
        changed_since_approval: account.changed_since_approval,
        approval_diff: account.approval_diff.clone(),
        slips: account.slips.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn review_age_reads_naturally() {
        assert_eq!(review_age(0), "today");
        assert_eq!(review_age(1), "1 day ago");
        assert_eq!(review_age(26), "26 days ago");
        assert_eq!(review_age(-3), "in 3 days");
    }

    #[test]
    fn labels_are_words() {
        let l = label(Role::DecisionMaker);
        assert_eq!((l.id, l.label.as_ref()), ("decision-maker", "decision maker"));
        let l = label(Role::Influencer);
        assert_eq!((l.id, l.label.as_ref()), ("influencer", "influencer"));
        assert_eq!(capitalized("need recognition"), "Need recognition");
    }
}
