//! Derived portfolio values (SPEC §5): pure functions over the model.

pub mod findings;
pub mod money;

pub use findings::{Finding, Item, ItemKind, Subject};
pub use money::{Amounts, Money, Total};

use crate::model::*;
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;

/// The computed portfolio: one `Account` per plan, in the site's plan order.
#[derive(Clone, Debug, PartialEq)]
pub struct Portfolio {
    pub today: NaiveDate,
    /// The potential threshold `t` (configured, or the median potential value).
    pub potential_threshold: f64,
    pub accounts: Vec<Account>,
    /// Findings about team members (`owner-overload`).
    pub member_findings: Vec<Finding>,
    /// Money of every account: converted, and unconverted per currency.
    pub totals: Total,
    /// Every competitor named in a plan, with its footprint, by id.
    pub competitors: Vec<CompetitorFootprint>,
}

/// A competitor across the portfolio.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CompetitorFootprint {
    pub id: String,
    /// Accounts whose plan lists it.
    pub accounts: usize,
    /// Accounts where it is a SWOT threat / opportunity.
    pub threat_in: usize,
    pub opportunity_in: usize,
    /// Mean of its status (5.3) over the accounts that give one.
    pub mean_status: Option<f64>,
}

/// The footprint of every competitor the plans name, sorted by id.
pub fn competitor_footprints(plans: &[std::sync::Arc<Plan>], accounts: &[Account]) -> Vec<CompetitorFootprint> {
    let mut by_id: std::collections::BTreeMap<&str, (CompetitorFootprint, Vec<f64>)> = Default::default();
    for (plan, account) in plans.iter().zip(accounts) {
        let mut seen = std::collections::BTreeSet::new();
        for c in plan.competitors.iter().filter(|c| !c.id.value.is_empty()) {
            if !seen.insert(c.id.value.as_str()) {
                continue;
            }
            let (f, statuses) = by_id.entry(c.id.value.as_str()).or_default();
            f.accounts += 1;
            match c.swot {
                Some(SwotSide::Threat) => f.threat_in += 1,
                Some(SwotSide::Opportunity) => f.opportunity_in += 1,
                None => {}
            }
            let status = account.competitors.iter().find(|s| s.id == c.id.value);
            statuses.extend(status.and_then(|s| s.status));
        }
    }
    by_id
        .into_iter()
        .map(|(id, (f, statuses))| CompetitorFootprint {
            id: id.to_string(),
            mean_status: (!statuses.is_empty()).then(|| statuses.iter().sum::<f64>() / statuses.len() as f64),
            ..f
        })
        .collect()
}

/// Where an account's potential value comes from (the larger of the two).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PotentialSource {
    AspirationalGoal,
    WeightedPipeline,
}

/// Derived values of one plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Account {
    pub contact_score: f64,
    pub relationship: f64,
    pub relationship_high: bool,
    /// Amounts of SPEC §5.6 and §5.7 (own currency and site currency).
    pub money: Money,
    pub potential_source: PotentialSource,
    pub potential: f64,
    pub potential_high: bool,
    pub computed_segment: Segment,
    /// The declared segment if any, else the computed one.
    pub segment: Segment,
    pub swot: DerivedSwot,
    /// Status per competitor of the plan, sorted by id.
    pub competitors: Vec<CompetitorStatus>,
    pub our_alignment: Option<f64>,
    pub completeness: Completeness,
    pub stale: bool,
    /// Indices into `plan.actions` of actions past due and not done.
    pub overdue_actions: Vec<usize>,
    /// Each rated contact's part in the relationship score.
    pub contact_weights: Vec<ContactWeight>,
    /// The plan's findings (SPEC §7 warnings), in the order they are found.
    pub findings: Vec<Finding>,
}

impl Account {
    /// Weighted pipeline in the plan's currency.
    pub fn weighted_pipeline(&self) -> f64 {
        self.money.own.weighted_pipeline
    }

    /// Potential value in the plan's currency.
    pub fn potential_value(&self) -> f64 {
        self.money.own.potential_value
    }
}

/// One contact's contribution to the contact score.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ContactWeight {
    pub contact: String,
    pub level: f64,
    pub weight: f64,
}

/// Where a SWOT entry came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SwotSource {
    Swot,
    Objective(String),
    Competitor(String),
}

impl Serialize for SwotSource {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            SwotSource::Swot => s.serialize_str("swot"),
            SwotSource::Objective(id) => s.serialize_str(&format!("objective:{id}")),
            SwotSource::Competitor(id) => s.serialize_str(&format!("competitor:{id}")),
        }
    }
}

/// One SWOT entry with its source.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SwotEntry {
    pub text: String,
    pub source: SwotSource,
}

/// The SWOT: hand-written entries, then objectives, then competitors.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DerivedSwot {
    pub strengths: Vec<SwotEntry>,
    pub weaknesses: Vec<SwotEntry>,
    pub opportunities: Vec<SwotEntry>,
    pub threats: Vec<SwotEntry>,
}

impl DerivedSwot {
    /// The quadrant an objective or competitor feeds.
    pub fn side(&mut self, side: SwotSide) -> &mut Vec<SwotEntry> {
        match side {
            SwotSide::Opportunity => &mut self.opportunities,
            SwotSide::Threat => &mut self.threats,
        }
    }
}

/// A competitor's status at one account.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CompetitorStatus {
    pub id: String,
    pub status: Option<f64>,
}

/// Met and unmet completeness requirements (SPEC §5.4).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Completeness {
    pub total: usize,
    /// The requirements not met, in SPEC order, in words a reader of the
    /// site understands (no keys: they see pages, not files).
    pub missing: Vec<Cow<'static, str>>,
    /// Requirements not met because the value they need is present but
    /// invalid: its error says so, so `incomplete-plan` does not list them.
    pub refused: Vec<Cow<'static, str>>,
}

impl Completeness {
    /// Met requirements over requirements, 0..1.
    pub fn ratio(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            (self.total - self.missing.len() - self.refused.len()) as f64 / self.total as f64
        }
    }
}

/// Rounds to 2 decimals, as every derived value is written.
pub fn round2(x: f64) -> f64 {
    // `+ 0.0` turns -0.0 (an empty f64 sum) into 0.0.
    (x * 100.0).round() / 100.0 + 0.0
}

/// The value of a relationship level (strong 10 … poor 0).
pub fn level_value(r: Relationship) -> f64 {
    match r {
        Relationship::Strong => 10.0,
        Relationship::Good => 7.5,
        Relationship::Neutral => 5.0,
        Relationship::Weak => 2.5,
        Relationship::Poor => 0.0,
    }
}

/// A contact's weight: influence 3/2/1 (missing 2), doubled for deciders.
pub fn contact_weight(c: &Contact) -> f64 {
    let base = match c.influence {
        Some(Influence::High) => 3.0,
        Some(Influence::Low) => 1.0,
        Some(Influence::Medium) | None => 2.0,
    };
    match c.role {
        Some(Role::DecisionMaker | Role::BudgetHolder) => base * 2.0,
        _ => base,
    }
}

/// The parts of the contact score, one per contact with a relationship.
pub fn contact_weights(contacts: &[Contact]) -> Vec<ContactWeight> {
    contacts
        .iter()
        .filter_map(|c| {
            c.relationship.map(|r| ContactWeight {
                contact: c.id.value.clone(),
                level: level_value(r),
                weight: contact_weight(c),
            })
        })
        .collect()
}

/// Weighted mean of relationship levels; 0 when no contact has one.
pub fn contact_score(contacts: &[Contact]) -> f64 {
    let parts = contact_weights(contacts);
    let total: f64 = parts.iter().map(|p| p.weight).sum();
    if total == 0.0 {
        0.0
    } else {
        parts.iter().map(|p| p.level * p.weight).sum::<f64>() / total
    }
}

/// The value of a partnership level (commodity-vendor 0, service-provider 5, strategic-partner 10).
pub fn partnership_value(p: Partnership) -> f64 {
    match p {
        Partnership::CommodityVendor => 0.0,
        Partnership::ServiceProvider => 5.0,
        Partnership::StrategicPartner => 10.0,
    }
}

/// The relationship score (SPEC §5.1).
pub fn relationship(plan: &Plan, config: &Config) -> f64 {
    let cs = contact_score(&plan.contacts);
    match plan.status.partnership {
        Some(p) => (1.0 - config.partnership_weight) * cs + config.partnership_weight * partnership_value(p),
        None => cs,
    }
}

/// Sum of opportunity values weighted by stage, lost excluded.
pub fn weighted_pipeline(opportunities: &[Opportunity], weights: &StageWeights) -> f64 {
    opportunities
        .iter()
        .filter(|o| o.stage != OppStage::Lost)
        .map(|o| o.value * weights.weight(o.stage))
        // Not `sum()`: an empty f64 sum is -0.0.
        .fold(0.0, |sum, v| sum + v)
}

/// Which of the two sets the potential value: the aspirational goal when
/// it is set and not below the weighted pipeline.
pub fn potential_source(plan: &Plan, amounts: &Amounts) -> PotentialSource {
    let has_goal = plan
        .financials
        .revenue_goal
        .as_ref()
        .is_some_and(|g| g.aspirational.is_some());
    if has_goal && amounts.revenue_goal_aspirational >= amounts.weighted_pipeline {
        PotentialSource::AspirationalGoal
    } else {
        PotentialSource::WeightedPipeline
    }
}

/// The median (mean of the two middle values for an even count); 0 when empty.
pub fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => 0.0,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// The potential score 0..10 for a potential value against threshold `t`.
pub fn potential(potential_value: f64, t: f64) -> f64 {
    if t > 0.0 {
        10.0 * (potential_value / (2.0 * t)).min(1.0)
    } else if potential_value > 0.0 {
        10.0
    } else {
        0.0
    }
}

/// Where a potential score counts as high (SPEC §5.2): from 5 of 10.
pub const POTENTIAL_HIGH_FROM: f64 = 5.0;

/// Whether a potential score is high (SPEC §5.2).
pub fn potential_is_high(potential: f64) -> bool {
    potential >= POTENTIAL_HIGH_FROM
}

/// Whether a relationship score is high: from the configured
/// `relationship.high_from` (SPEC §5.1).
pub fn relationship_is_high(relationship: f64, cfg: &Config) -> bool {
    relationship >= cfg.relationship_high_from
}

/// The segment of SPEC §5.3 from high/low potential and relationship.
pub fn segment(potential_high: bool, relationship_high: bool) -> Segment {
    match (potential_high, relationship_high) {
        (true, true) => Segment::Key,
        (true, false) => Segment::Target,
        (false, true) => Segment::Managed,
        (false, false) => Segment::Maintained,
    }
}

/// Hand-written SWOT entries, then objectives, then competitors (named by the
/// plan, else by their profile in `profiles`, else by id).
pub fn swot(plan: &Plan, profiles: &[CompetitorProfile]) -> DerivedSwot {
    let hand = |entries: &[String]| -> Vec<SwotEntry> {
        entries
            .iter()
            .map(|t| SwotEntry {
                text: t.clone(),
                source: SwotSource::Swot,
            })
            .collect()
    };
    let mut out = DerivedSwot {
        strengths: hand(&plan.swot.strengths),
        weaknesses: hand(&plan.swot.weaknesses),
        opportunities: hand(&plan.swot.opportunities),
        threats: hand(&plan.swot.threats),
    };
    for o in &plan.objectives {
        if let Some(s) = o.swot {
            out.side(s).push(SwotEntry {
                text: o.title.clone(),
                source: SwotSource::Objective(o.id.value.clone()),
            });
        }
    }
    for c in &plan.competitors {
        if let Some(s) = c.swot {
            out.side(s).push(SwotEntry {
                text: competitor_name(c, profiles),
                source: SwotSource::Competitor(c.id.value.clone()),
            });
        }
    }
    out
}

/// A plan's competitor as named by the plan, else by its profile, else its id.
pub fn competitor_name(c: &PlanCompetitor, profiles: &[CompetitorProfile]) -> String {
    c.name.clone().unwrap_or_else(|| {
        profiles
            .iter()
            .find(|p| p.id == c.id.value)
            .map_or_else(|| c.id.value.clone(), |p| p.name.clone())
    })
}

/// Mean alignment of contacts with `key` (`us` or a competitor id); None when no contact gives one.
pub fn alignment_mean(contacts: &[Contact], key: &str) -> Option<f64> {
    let scores: Vec<f64> = contacts.iter().filter_map(|c| c.alignment_with(key)).collect();
    (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64)
}

/// Status of each of the plan's competitors, sorted by id.
pub fn competitor_statuses(plan: &Plan) -> Vec<CompetitorStatus> {
    let mut out: Vec<CompetitorStatus> = plan
        .competitors
        .iter()
        .map(|c| CompetitorStatus {
            id: c.id.value.clone(),
            status: alignment_mean(&plan.contacts, &c.id.value),
        })
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out.dedup_by(|a, b| a.id == b.id);
    out
}

/// Detractors and supporters among a plan's contacts in one buying stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct StageBalance {
    pub stage: Stage,
    pub detractors: usize,
    pub supporters: usize,
}

impl StageBalance {
    /// Whether detractors outnumber supporters (`detractor-stage`).
    pub fn detractor_dominated(&self) -> bool {
        self.detractors > self.supporters
    }
}

/// The balance of detractors and supporters in each buying stage, in SPEC order.
pub fn stage_balances(plan: &Plan) -> Vec<StageBalance> {
    Stage::ALL
        .iter()
        .map(|&stage| {
            let count = |role: Role| {
                plan.contacts
                    .iter()
                    .filter(|c| c.stages.contains(&stage) && c.role == Some(role))
                    .count()
            };
            StageBalance {
                stage,
                detractors: count(Role::Detractor),
                supporters: count(Role::Supporter),
            }
        })
        .collect()
}

/// Completeness requirements of SPEC §5.4 for a plan in `segment`.
pub fn completeness(plan: &Plan, segment: Segment) -> Completeness {
    // Each requirement: what it asks, whether it is met, and whether the
    // value it needs was written but refused.
    let mut reqs: Vec<(Cow<'static, str>, bool, bool)> = vec![
        (
            "a last review date".into(),
            plan.status.last_review.is_some(),
            plan.refused_at("status.last_review"),
        ),
        (
            "at least one objective".into(),
            !plan.objectives.is_empty(),
            plan.refused_at("objectives"),
        ),
        (
            "at least one goal".into(),
            !plan.goals.is_empty(),
            plan.refused_at("goals"),
        ),
        (
            "at least one contact".into(),
            !plan.contacts.is_empty(),
            plan.refused_at("contacts"),
        ),
    ];
    if segment != Segment::Maintained {
        reqs.extend([
            (
                "a revenue goal".into(),
                plan.financials.revenue_goal.is_some(),
                plan.refused_at("financials.revenue_goal"),
            ),
            (
                "at least one action".into(),
                !plan.actions.is_empty(),
                plan.refused_at("actions"),
            ),
            (
                "a value proposition".into(),
                plan.status.value_proposition.is_some(),
                plan.refused_at("status.value_proposition"),
            ),
        ]);
    }
    if segment == Segment::Key {
        let prop = plan.proposition.as_ref();
        reqs.extend([
            (
                "at least 3 contacts".into(),
                plan.contacts.len() >= 3,
                plan.refused_at("contacts"),
            ),
            (
                "a decision-maker among the contacts".into(),
                plan.contacts.iter().any(|c| c.role == Some(Role::DecisionMaker)),
                plan.refused_in_items("contacts", "role"),
            ),
            (
                every_contact_rated(plan),
                plan.contacts
                    .iter()
                    .all(|c| c.role.is_some() && c.relationship.is_some()),
                plan.refused_in_items("contacts", "role") || plan.refused_in_items("contacts", "relationship"),
            ),
            (
                "at least one competitor".into(),
                !plan.competitors.is_empty(),
                plan.refused_at("competitors"),
            ),
            (
                "a proposition with our competency, offer or price".into(),
                prop.is_some_and(|p| p.competency.is_some() || p.offer.is_some() || p.price.is_some()),
                plan.refused_at("proposition"),
            ),
        ]);
    }
    let (mut missing, mut refused) = (Vec::new(), Vec::new());
    let total = reqs.len();
    for (what, met, was_refused) in reqs {
        match (met, was_refused) {
            (true, _) => {}
            (false, true) => refused.push(what),
            (false, false) => missing.push(what),
        }
    }
    Completeness {
        total,
        missing,
        refused,
    }
}

/// The requirement that every contact has a role and a relationship,
/// naming the contacts that lack one: the reader must know whom to rate.
fn every_contact_rated(plan: &Plan) -> Cow<'static, str> {
    let unrated: Vec<&str> = plan
        .contacts
        .iter()
        .filter(|c| c.role.is_none() || c.relationship.is_none())
        .map(|c| {
            if c.name.is_empty() {
                c.id.value.as_str()
            } else {
                c.name.as_str()
            }
        })
        .collect();
    match unrated.as_slice() {
        [] => "a role and relationship for every contact".into(),
        names => format!("a role and relationship for {}", crate::words::and_list(names)).into(),
    }
}

/// Days since the last review, if there was one.
pub fn review_age_days(plan: &Plan, today: NaiveDate) -> Option<i64> {
    plan.status.last_review.as_ref().map(|d| (today - d.value).num_days())
}

/// Whether the plan is stale (SPEC §5.5): never reviewed, or reviewed more
/// than `max_age_days` ago, i.e. today is past its [`review_due`] date.
pub fn is_stale(plan: &Plan, today: NaiveDate, max_age_days: i64) -> bool {
    match review_due(plan, max_age_days) {
        Some(due) => today > due,
        // Never reviewed, or a due date beyond the calendar: the age decides.
        None => review_age_days(plan, today).is_none_or(|age| age > max_age_days),
    }
}

/// The last day the plan's review is current: `last_review` +
/// `max_age_days` (SPEC §5.5); `None` when never reviewed (or when the sum
/// leaves the calendar).
pub fn review_due(plan: &Plan, max_age_days: i64) -> Option<NaiveDate> {
    let last = plan.status.last_review.as_ref()?.value;
    last.checked_add_signed(chrono::TimeDelta::try_days(max_age_days)?)
}

/// Indices of actions due before today and not done.
pub fn overdue_actions(plan: &Plan, today: NaiveDate) -> Vec<usize> {
    plan.actions
        .iter()
        .enumerate()
        .filter(|(_, a)| a.status() != ActionStatus::Done && a.due.as_ref().is_some_and(|d| d.value < today))
        .map(|(i, _)| i)
        .collect()
}

/// Every derived value of one plan, findings included, given its money and
/// the potential threshold `t` (the one place an `Account` is made: the
/// build and the history's month ends both use it).
pub fn account(plan: &Plan, money: Money, t: f64, site: &Site, today: NaiveDate) -> Account {
    let cfg = &site.config;
    let rel = relationship(plan, cfg);
    let pot = potential(money.potential_value_for_score(), t);
    let relationship_high = relationship_is_high(rel, cfg);
    let potential_high = potential_is_high(pot);
    let computed = segment(potential_high, relationship_high);
    let seg = plan.segment.as_ref().map_or(computed, |s| s.value);
    let mut account = Account {
        contact_score: contact_score(&plan.contacts),
        relationship: rel,
        relationship_high,
        potential_source: potential_source(plan, &money.own),
        money,
        potential: pot,
        potential_high,
        computed_segment: computed,
        segment: seg,
        swot: swot(plan, &site.competitors),
        competitors: competitor_statuses(plan),
        our_alignment: alignment_mean(&plan.contacts, "us"),
        completeness: completeness(plan, seg),
        stale: is_stale(plan, today, cfg.max_age_days),
        overdue_actions: overdue_actions(plan, today),
        contact_weights: contact_weights(&plan.contacts),
        findings: Vec::new(),
    };
    account.findings = findings::plan_findings(plan, &account, site, today);
    account
}

/// Computes every derived value of the portfolio, findings included.
pub fn derive_portfolio(site: &Site, today: NaiveDate) -> Portfolio {
    let cfg = &site.config;
    let moneys: Vec<Money> = site.plans.par_iter().map(|p| Money::of_plan(p, cfg)).collect();
    let values: Vec<f64> = moneys.iter().map(Money::potential_value_for_score).collect();
    let t = cfg.potential_high_from.unwrap_or_else(|| median(&values));
    let totals = Total::of(&moneys);
    let accounts: Vec<Account> = site
        .plans
        .par_iter()
        .zip(moneys)
        .map(|(plan, money)| account(plan, money, t, site, today))
        .collect();
    Portfolio {
        today,
        potential_threshold: t,
        member_findings: findings::member_findings(site, &accounts),
        competitors: competitor_footprints(&site.plans, &accounts),
        totals,
        accounts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn potential_is_high_from_five() {
        assert!(!potential_is_high(4.99));
        assert!(potential_is_high(5.0));
        assert!(potential_is_high(10.0));
    }

    #[test]
    fn relationship_is_high_from_the_configured_threshold() {
        let mut cfg = Config::default();
        // The default `relationship.high_from` is 5.
        assert!(!relationship_is_high(4.99, &cfg));
        assert!(relationship_is_high(5.0, &cfg));
        cfg.relationship_high_from = 7.0;
        assert!(!relationship_is_high(6.5, &cfg));
        assert!(relationship_is_high(7.0, &cfg));
    }
}
