//! The typed content model: a site's config, plans, team and competitors.
//!
//! Values a later stage must point back at (ids, references, dates that
//! raise warnings) keep their source span.

use crate::diagnostic::{Span, Spanned};
pub use crate::keyword::Keyword;
use crate::keywords;
use chrono::NaiveDate;
use serde::Serialize;

keywords! {
    /// Where we stand with a customer (also the customer's and our ambition).
    Partnership { CommodityVendor = "commodity-vendor", ServiceProvider = "service-provider", StrategicPartner = "strategic-partner" }
}
keywords! {
    /// Overall account health.
    Health { Good = "good", Neutral = "neutral", Poor = "poor" }
}
keywords! {
    /// Portfolio segment (SPEC §5.3).
    Segment { Key = "key", Target = "target", Managed = "managed", Maintained = "maintained" }
}
keywords! {
    /// Whether a buying driver is external or internal to the customer.
    DriverKind { External = "external", Internal = "internal" }
}
keywords! {
    /// A buying driver's category; the first six are external, the rest internal.
    DriverCategory {
        Legislation = "legislation", MarketConditions = "market-conditions", PublicOpinion = "public-opinion",
        Competition = "competition", Technology = "technology", Economy = "economy",
        FinanceCompany = "finance-company", FinanceDepartment = "finance-department",
        CustomerDesires = "customer-desires", Strategy = "strategy", Staff = "staff", Suppliers = "suppliers",
    }
}
keywords! {
    /// Priority of a customer objective.
    Priority { High = "high", Medium = "medium", Low = "low" }
}
keywords! {
    /// Which SWOT quadrant an objective or competitor feeds.
    SwotSide { Opportunity = "opportunity", Threat = "threat" }
}
keywords! {
    /// Progress of one of our goals.
    GoalStatus { NotStarted = "not-started", OnTrack = "on-track", AtRisk = "at-risk", OffTrack = "off-track", Done = "done" }
}
keywords! {
    /// A contact's role in the decision.
    Role {
        DecisionMaker = "decision-maker", Influencer = "influencer", User = "user", Detractor = "detractor",
        Neutral = "neutral", Gatekeeper = "gatekeeper", BudgetHolder = "budget-holder", Supporter = "supporter",
    }
}
keywords! {
    /// A contact's buying role.
    BuyingRole { EconomicBuyer = "economic-buyer", TechnicalBuyer = "technical-buyer", UserBuyer = "user-buyer" }
}
keywords! {
    /// A contact's influence on the decision.
    Influence { High = "high", Medium = "medium", Low = "low" }
}
keywords! {
    /// Our relationship with a contact.
    Relationship { Strong = "strong", Good = "good", Neutral = "neutral", Weak = "weak", Poor = "poor" }
}
keywords! {
    /// The five buying stages.
    Stage {
        NeedRecognition = "need-recognition", InformationSearch = "information-search", Evaluation = "evaluation",
        PurchaseDecision = "purchase-decision", PurchaseEvaluation = "purchase-evaluation",
    }
}
keywords! {
    /// An opportunity's sales stage.
    OppStage { Prospect = "prospect", Pipeline = "pipeline", Forecast = "forecast", Secured = "secured", Lost = "lost" }
}
keywords! {
    /// A whitespace cell: what we have of a product in a business unit.
    Coverage { Owned = "owned", Pipeline = "pipeline", Open = "open", Competitor = "competitor" }
}
keywords! {
    /// Progress of an action.
    ActionStatus { Planned = "planned", InProgress = "in-progress", Done = "done", Blocked = "blocked" }
}

impl DriverCategory {
    /// The kind of driver this category belongs to.
    pub fn kind(self) -> DriverKind {
        use DriverCategory::*;
        match self {
            Legislation | MarketConditions | PublicOpinion | Competition | Technology | Economy => DriverKind::External,
            _ => DriverKind::Internal,
        }
    }
}

impl OppStage {
    /// The stage's place on the way to a deal: prospect 0 < pipeline 1 <
    /// forecast 2 < secured 3. `lost` is off that way (`None`), so a move to
    /// or from it is no step forward or back.
    pub fn progress(self) -> Option<u8> {
        match self {
            OppStage::Prospect => Some(0),
            OppStage::Pipeline => Some(1),
            OppStage::Forecast => Some(2),
            OppStage::Secured => Some(3),
            OppStage::Lost => None,
        }
    }
}

/// The whole site as loaded from disk.
#[derive(Clone, Debug, Default)]
pub struct Site {
    pub config: Config,
    pub index: Option<IndexPage>,
    /// Plans are shared so an incremental reload copies only pointers.
    pub plans: Vec<std::sync::Arc<Plan>>,
    pub team: Vec<TeamMember>,
    pub competitors: Vec<CompetitorProfile>,
}

/// `planfolio.yaml` (SPEC §6), with defaults filled in.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Config {
    pub title: String,
    pub currency: String,
    pub products: Option<Vec<String>>,
    pub max_age_days: i64,
    pub max_key_accounts_per_owner: usize,
    pub stage_weights: StageWeights,
    pub potential_high_from: Option<f64>,
    pub relationship_high_from: f64,
    pub partnership_weight: f64,
    pub allow_html: bool,
    /// `exchange_rates`: site-currency units per unit of a currency (SPEC §5.7).
    pub exchange_rates: std::collections::BTreeMap<String, f64>,
    /// `review.max_aspiration_ratio` (`inflated-potential`).
    pub max_aspiration_ratio: f64,
    /// `history.months`: how far back history reads.
    pub history_months: u32,
    /// `review.last_date`: the last portfolio review; the changes page starts
    /// there (default: today − 90 days, see [`Config::last_review`]).
    pub review_last_date: Option<chrono::NaiveDate>,
    /// `publish.indexable`: whether search engines may index the site.
    pub indexable: bool,
    /// `publish.base_url`: the site's address (absolute http(s), ending in
    /// `/`); the 404 page links from it so it works at any depth.
    pub base_url: Option<String>,
    /// `publish.edit_url`: where a plan's file is edited, with `{path}` for
    /// its path from the site root; every plan page links there.
    pub edit_url: Option<String>,
    /// `publish.source_url`: where a file's source is shown, with `{path}`
    /// and optionally `{line}`; every finding links there.
    pub source_url: Option<String>,
    /// `theme.extra_css`: stylesheets linked after the built-in one on every
    /// page, as paths in the published site (`static/brand.css`).
    pub extra_css: Vec<Spanned<String>>,
}

impl Config {
    /// The date "since the last review" starts: `review.last_date`, else 90
    /// days before `today`.
    pub fn last_review(&self, today: chrono::NaiveDate) -> chrono::NaiveDate {
        self.review_last_date
            .unwrap_or_else(|| today.checked_sub_days(chrono::Days::new(90)).unwrap_or(today))
    }

    /// Site-currency units per unit of `currency`: 1 for the site currency,
    /// the configured rate, or `None` when there is none (SPEC §5.7).
    pub fn rate(&self, currency: &str) -> Option<f64> {
        if currency == self.currency {
            Some(1.0)
        } else {
            self.exchange_rates.get(currency).copied()
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Account plans".into(),
            currency: "GBP".into(),
            products: None,
            max_age_days: 90,
            max_key_accounts_per_owner: 3,
            stage_weights: StageWeights::default(),
            potential_high_from: None,
            relationship_high_from: 5.0,
            partnership_weight: 0.3,
            allow_html: false,
            exchange_rates: Default::default(),
            max_aspiration_ratio: 5.0,
            history_months: 12,
            review_last_date: None,
            indexable: false,
            base_url: None,
            edit_url: None,
            source_url: None,
            extra_css: Vec::new(),
        }
    }
}

/// Weights of opportunity stages in the weighted pipeline.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct StageWeights {
    pub prospect: f64,
    pub pipeline: f64,
    pub forecast: f64,
    pub secured: f64,
}

impl Default for StageWeights {
    fn default() -> Self {
        StageWeights {
            prospect: 0.1,
            pipeline: 0.4,
            forecast: 0.75,
            secured: 1.0,
        }
    }
}

impl StageWeights {
    /// The weight of a stage; lost opportunities weigh nothing.
    pub fn weight(&self, stage: OppStage) -> f64 {
        match stage {
            OppStage::Prospect => self.prospect,
            OppStage::Pipeline => self.pipeline,
            OppStage::Forecast => self.forecast,
            OppStage::Secured => self.secured,
            OppStage::Lost => 0.0,
        }
    }
}

/// `content/_index.md`: the front page intro.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct IndexPage {
    pub title: Option<String>,
    pub body: String,
}

/// A team member (`content/team/<id>.md`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TeamMember {
    pub id: String,
    #[serde(skip)]
    pub file: String,
    pub name: String,
    pub title: Option<String>,
    pub manager: Option<Spanned<String>>,
    pub email: Option<String>,
    pub body: String,
}

/// A competitor profile (`content/competitors/<id>.md`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CompetitorProfile {
    pub id: String,
    #[serde(skip)]
    pub file: String,
    pub name: String,
    pub website: Option<String>,
    pub body: String,
}

/// An account plan (`content/accounts/<id>.md`), SPEC §2.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Plan {
    pub id: String,
    /// Path relative to the site root.
    #[serde(skip)]
    pub file: String,
    pub name: String,
    /// Where the `name` key is (or the file start when it is missing).
    #[serde(skip)]
    pub name_span: Span,
    pub owner: Option<Spanned<String>>,
    pub team: Vec<Spanned<String>>,
    pub industry: Option<String>,
    pub hq: Option<String>,
    pub employees: Option<u64>,
    pub revenue: Option<f64>,
    pub website: Option<String>,
    pub top10: Option<bool>,
    pub segment: Option<Spanned<Segment>>,
    /// Why the declared segment differs; `None` also when the text renders
    /// to nothing (blanks, a lone link reference definition).
    pub segment_reason: Option<String>,
    /// Our executive sponsor: a team member id.
    pub sponsor: Option<Spanned<String>>,
    pub status: Status,
    /// Where the `status` key is, if present.
    #[serde(skip)]
    pub status_span: Option<Span>,
    pub customer: Customer,
    pub drivers: Vec<Driver>,
    pub faa: Faa,
    pub objectives: Vec<Objective>,
    pub goals: Vec<Goal>,
    pub contacts: Vec<Contact>,
    /// Where the `contacts` key is, if present.
    #[serde(skip)]
    pub contacts_span: Option<Span>,
    pub competitors: Vec<PlanCompetitor>,
    pub swot: Swot,
    pub proposition: Option<Proposition>,
    pub expectations: Option<Expectations>,
    pub financials: Financials,
    pub opportunities: Vec<Opportunity>,
    pub whitespace: Vec<WhitespaceRow>,
    pub actions: Vec<Action>,
    /// The Markdown body after the front matter.
    pub body: String,
    /// The paths of values that are present but invalid (their error is
    /// reported where they are), e.g. `status.last_review` or
    /// `contacts[=kim].role`: nothing derived from them is reported again
    /// as missing.
    #[serde(skip)]
    pub refused: Vec<String>,
}

impl Plan {
    /// Whether the value at `path`, or one inside it, is present but invalid.
    pub fn refused_at(&self, path: &str) -> bool {
        self.refused.iter().any(|p| {
            p.strip_prefix(path)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
        })
    }

    /// Whether the field `key` of some item of the list `list` is present but invalid.
    pub fn refused_in_items(&self, list: &str, key: &str) -> bool {
        self.refused.iter().any(|p| {
            p.strip_prefix(list)
                .and_then(|rest| rest.strip_prefix('['))
                .and_then(|rest| rest.split_once("]."))
                .is_some_and(|(_, field)| field == key)
        })
    }

    /// The currency of the plan's amounts: its own, else the site's.
    pub fn currency<'a>(&'a self, config: &'a Config) -> &'a str {
        self.financials
            .currency
            .as_ref()
            .map_or(config.currency.as_str(), |c| c.value.as_str())
    }
}

/// `status`: where we stand with the account.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Status {
    pub partnership: Option<Partnership>,
    pub customer_ambition: Option<Spanned<Partnership>>,
    pub our_ambition: Option<Spanned<Partnership>>,
    pub impact: Option<u8>,
    pub health: Option<Spanned<Health>>,
    pub value_proposition: Option<String>,
    pub long_term_ambition: Option<String>,
    pub what_we_need: Vec<String>,
    pub last_review: Option<Spanned<NaiveDate>>,
    pub approved: Option<NaiveDate>,
}

/// `customer`: who the customer is.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Customer {
    pub overview: Option<String>,
    pub vision: Option<String>,
    pub kpis: Vec<Kpi>,
    pub business_units: Vec<BusinessUnit>,
}

/// A customer KPI.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Kpi {
    pub name: String,
    pub target: Option<String>,
    pub current: Option<String>,
}

/// A customer business unit.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct BusinessUnit {
    pub id: Spanned<String>,
    pub name: String,
    pub notes: Option<String>,
}

/// A reason the customer buys.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Driver {
    pub kind: DriverKind,
    pub category: DriverCategory,
    pub text: String,
}

/// What the customer wants to fix, accomplish and avoid.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Faa {
    pub fix: Vec<String>,
    pub accomplish: Vec<String>,
    pub avoid: Vec<String>,
}

/// A customer objective.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Objective {
    pub id: Spanned<String>,
    /// Where the item starts (its first key).
    #[serde(skip)]
    pub span: Span,
    pub title: String,
    pub details: Option<String>,
    pub business_unit: Option<Spanned<String>>,
    pub priority: Option<Priority>,
    pub contact: Option<Spanned<String>>,
    pub swot: Option<SwotSide>,
    pub goals: Vec<Spanned<String>>,
}

impl Objective {
    /// The priority, medium when not given.
    pub fn priority(&self) -> Priority {
        self.priority.unwrap_or(Priority::Medium)
    }
}

/// One of our goals for the account.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Goal {
    pub id: Spanned<String>,
    #[serde(skip)]
    pub span: Span,
    pub title: String,
    pub measure: Option<String>,
    pub target: Option<String>,
    pub due: Option<NaiveDate>,
    pub status: Option<Spanned<GoalStatus>>,
}

impl Goal {
    /// The status, not-started when not given.
    pub fn status(&self) -> GoalStatus {
        self.status.as_ref().map_or(GoalStatus::NotStarted, |s| s.value)
    }
}

/// A person at the customer.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Contact {
    pub id: Spanned<String>,
    #[serde(skip)]
    pub span: Span,
    pub name: String,
    pub title: Option<String>,
    pub business_unit: Option<Spanned<String>>,
    pub reports_to: Option<Spanned<String>>,
    pub role: Option<Role>,
    pub buying_role: Option<BuyingRole>,
    pub influence: Option<Influence>,
    pub relationship: Option<Relationship>,
    pub stages: Vec<Stage>,
    /// `alignment`: key (`us` or a competitor id) and score 0..10, in file order.
    pub alignment: Vec<(Spanned<String>, f64)>,
    pub personal_drivers: Option<String>,
    pub action: Option<String>,
    /// Which of our people owns this relationship: a team member id.
    pub covered_by: Option<Spanned<String>>,
}

impl Contact {
    /// This contact's alignment score with `key` (`us` or a competitor id).
    pub fn alignment_with(&self, key: &str) -> Option<f64> {
        self.alignment.iter().find(|(k, _)| k.value == key).map(|(_, v)| *v)
    }
}

/// A competitor at this account.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PlanCompetitor {
    pub id: Spanned<String>,
    #[serde(skip)]
    pub span: Span,
    pub name: Option<String>,
    pub strengths: Vec<String>,
    pub weaknesses: Vec<String>,
    pub differentiators: Vec<String>,
    pub swot: Option<SwotSide>,
}

/// Hand-written SWOT entries.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Swot {
    pub strengths: Vec<String>,
    pub weaknesses: Vec<String>,
    pub opportunities: Vec<String>,
    pub threats: Vec<String>,
}

/// Our proposition to the customer.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Proposition {
    pub competency: Option<String>,
    pub offer: Option<String>,
    pub price: Option<String>,
    pub differentiators: Vec<String>,
}

/// What the customer expects from us.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Expectations {
    pub results: Option<String>,
    pub experience: Option<String>,
    pub interaction: Option<String>,
}

/// Money: prior year, target and the Goldilocks revenue goal.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Financials {
    pub currency: Option<Spanned<String>>,
    pub prior_year_actual: Option<f64>,
    pub annual_target: Option<f64>,
    pub revenue_goal: Option<RevenueGoal>,
}

/// The "Goldilocks" 12-month revenue goal.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RevenueGoal {
    #[serde(skip)]
    pub span: Span,
    pub minimum: Option<Spanned<f64>>,
    pub just_right: Option<Spanned<f64>>,
    pub aspirational: Option<Spanned<f64>>,
}

/// An opportunity in the bank.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Opportunity {
    pub id: Spanned<String>,
    #[serde(skip)]
    pub span: Span,
    pub name: String,
    pub stage: OppStage,
    pub value: f64,
    pub close: Option<NaiveDate>,
    pub product: Option<Spanned<String>>,
    pub business_unit: Option<Spanned<String>>,
}

/// One business unit's row of the whitespace map.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WhitespaceRow {
    pub business_unit: Spanned<String>,
    pub cells: Vec<(Spanned<String>, Coverage)>,
}

/// A key action or initiative.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Action {
    pub id: Spanned<String>,
    #[serde(skip)]
    pub span: Span,
    pub title: String,
    pub owner: Option<Spanned<String>>,
    pub goals: Vec<Spanned<String>>,
    pub resources: Option<String>,
    pub measure: Option<String>,
    pub due: Option<Spanned<NaiveDate>>,
    pub status: Option<Spanned<ActionStatus>>,
    pub notes: Option<String>,
}

impl Action {
    /// The status, planned when not given.
    pub fn status(&self) -> ActionStatus {
        self.status.as_ref().map_or(ActionStatus::Planned, |s| s.value)
    }
}

/// `slug(s)` of SPEC §2: lower-case, runs outside `[a-z0-9]` become one `-`.
pub fn slug(s: &str) -> String {
    // ASCII lowers byte by byte; other text as Unicode says (`İ` → `i̇`).
    if s.is_ascii() {
        slug_of(s.len(), s.bytes().map(|b| char::from(b.to_ascii_lowercase())))
    } else {
        slug_of(s.len(), s.chars().flat_map(char::to_lowercase))
    }
}

/// The slug of lower-cased characters: runs of `[a-z0-9]` joined by `-`.
fn slug_of(len: usize, lowered: impl Iterator<Item = char>) -> String {
    let mut out = String::with_capacity(len);
    let mut dash = false;
    for c in lowered {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

/// Whether `s` matches the id pattern `^[a-z0-9][a-z0-9-]*$`.
pub fn is_valid_id(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// `text` with each NUL (U+0000) replaced by U+FFFD, the replacement
/// character, as CommonMark requires (§2.3 "Insecure characters"): applied
/// to every text read from a plan and to every Markdown text rendered, so
/// no page, export or terminal receives a NUL.
pub fn replace_nul(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\0') {
        std::borrow::Cow::Owned(text.replace('\0', "\u{FFFD}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_progress_from_prospect_to_secured_and_lost_is_off_the_way() {
        use OppStage::*;
        let order: Vec<_> = [Prospect, Pipeline, Forecast, Secured].map(OppStage::progress).into();
        assert_eq!(order, [Some(0), Some(1), Some(2), Some(3)]);
        assert_eq!(Lost.progress(), None);
    }

    #[test]
    fn ascii_slugs_are_the_unicode_rule() {
        for b in 0u8..128 {
            let c = char::from(b);
            for text in [format!("{c}"), format!("Ab{c}Cd 9"), format!("{c}{c}X-y")] {
                let by_unicode = slug_of(text.len(), text.chars().flat_map(char::to_lowercase));
                assert_eq!(slug(&text), by_unicode, "{text:?}");
            }
        }
    }

    #[test]
    fn slug_follows_spec() {
        assert_eq!(
            slug("Cut non-productive time below 4%"),
            "cut-non-productive-time-below-4"
        );
        assert_eq!(slug("  James  O'Morrison "), "james-o-morrison");
        assert_eq!(slug("--Ünïcode--"), "n-code");
        assert_eq!(slug("!!!"), "");
        // Characters outside ASCII that lower-case into it (Kelvin sign).
        assert_eq!(slug("\u{212A}ey Accounts"), "key-accounts");
    }

    #[test]
    fn id_pattern() {
        assert!(is_valid_id("deepwell-2"));
        assert!(is_valid_id("9lives"));
        assert!(!is_valid_id("-lead"));
        assert!(!is_valid_id("Deepwell"));
        assert!(!is_valid_id("deep well"));
        assert!(!is_valid_id(""));
    }

    #[test]
    fn categories_know_their_kind() {
        assert_eq!(DriverCategory::Economy.kind(), DriverKind::External);
        assert_eq!(DriverCategory::Staff.kind(), DriverKind::Internal);
    }
}
