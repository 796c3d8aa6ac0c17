//! Findings (SPEC §7 warnings): facts about the derived portfolio worth a
//! look. Computed once, here; `check`, the attention page, the dashboard,
//! plan badges and `portfolio.json` are views of this list.

use super::{Account, Portfolio};
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::model::*;
use std::collections::BTreeMap;

/// What a finding is about: a plan (maybe one item of it) or a team member.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    /// A plan, by id, and the item of it the finding is about.
    Plan { id: String, item: Option<Item> },
    /// A team member, by id (`owner-overload`).
    Member(String),
}

/// An item of a plan that has an anchor on the plan page (SPEC §9).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Item {
    Objective(String),
    Goal(String),
    Contact(String),
    Competitor(String),
    Action(String),
    Opportunity(String),
}

/// What kind of item an [`Item`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    Objective,
    Goal,
    Contact,
    Competitor,
    Action,
    Opportunity,
}

impl ItemKind {
    /// The kind as the item's anchor names it.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Objective => "objective",
            ItemKind::Goal => "goal",
            ItemKind::Contact => "contact",
            ItemKind::Competitor => "competitor",
            ItemKind::Action => "action",
            ItemKind::Opportunity => "opportunity",
        }
    }

    /// The anchor of the item `id` of this kind on its plan page, after
    /// `prefix` (`""`, or `"#"` for a link on the same page).
    pub fn anchor_after(self, prefix: &str, id: &str) -> String {
        let kind = self.as_str();
        // One allocation: plan pages make thousands of these.
        let mut out = String::with_capacity(prefix.len() + kind.len() + 1 + id.len());
        out.push_str(prefix);
        out.push_str(kind);
        out.push('-');
        out.push_str(id);
        out
    }

    /// The anchor of the item `id` of this kind on its plan page, without `#`.
    pub fn anchor(self, id: &str) -> String {
        self.anchor_after("", id)
    }
}

impl Item {
    /// The item's kind and id.
    pub fn parts(&self) -> (ItemKind, &str) {
        match self {
            Item::Objective(id) => (ItemKind::Objective, id),
            Item::Goal(id) => (ItemKind::Goal, id),
            Item::Contact(id) => (ItemKind::Contact, id),
            Item::Competitor(id) => (ItemKind::Competitor, id),
            Item::Action(id) => (ItemKind::Action, id),
            Item::Opportunity(id) => (ItemKind::Opportunity, id),
        }
    }

    /// The anchor of the item on its plan page, without `#`.
    pub fn anchor(&self) -> String {
        let (kind, id) = self.parts();
        kind.anchor(id)
    }
}

/// One warning of SPEC §7, located, with what it is about.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// A warning code.
    pub code: Code,
    pub file: String,
    pub span: Span,
    pub message: String,
    pub hint: String,
    pub subject: Subject,
}

impl Finding {
    /// The finding as a `check` diagnostic.
    pub fn diagnostic(&self) -> Diagnostic {
        Diagnostic::new(self.code, &self.file, self.span, self.message.clone()).with_hint(self.hint.clone())
    }
}

/// Every finding of the portfolio, plans first (in plan order), then team members.
pub fn all(portfolio: &Portfolio) -> impl Iterator<Item = &Finding> {
    portfolio
        .accounts
        .iter()
        .flat_map(|a| &a.findings)
        .chain(&portfolio.member_findings)
}

/// The findings of one plan, given its derived values.
pub fn plan_findings(plan: &Plan, account: &Account, site: &Site, today: chrono::NaiveDate) -> Vec<Finding> {
    let mut out = Vec::new();
    plan_warnings(plan, account, site, today, &mut out);
    out
}

fn plan_warnings(plan: &Plan, account: &Account, site: &Site, today: chrono::NaiveDate, out: &mut Vec<Finding>) {
    let cfg = &site.config;
    let mut warn = |code: Code, span: Span, item: Option<Item>, message: String, hint: &str| {
        out.push(Finding {
            code,
            file: plan.file.clone(),
            span,
            message,
            hint: hint.to_string(),
            subject: Subject::Plan {
                id: plan.id.clone(),
                item,
            },
        });
    };

    // A date written but invalid is an error already, not also a missing date.
    if account.stale && !plan.refused_at("status.last_review") {
        match &plan.status.last_review {
            Some(d) => warn(
                Code::StaleReview,
                d.span,
                None,
                format!(
                    "plan was last reviewed on {}, {} days ago (the limit is {} days)",
                    d.value,
                    (today - d.value).num_days(),
                    cfg.max_age_days
                ),
                "review the plan with the account team and update `status.last_review`",
            ),
            None => warn(
                Code::StaleReview,
                plan.status_span.unwrap_or(Span::file_start()),
                None,
                "plan has no `status.last_review`, so it counts as stale".into(),
                "review the plan and record the date as `status.last_review: YYYY-MM-DD`",
            ),
        }
    }
    for &i in &account.overdue_actions {
        let a = &plan.actions[i];
        if let Some(due) = &a.due {
            warn(
                Code::OverdueAction,
                due.span,
                Some(Item::Action(a.id.value.clone())),
                format!("action `{}` was due on {} and is {}", a.id.value, due.value, a.status()),
                "finish it and set `status: done`, or agree a new `due` date",
            );
        }
    }
    let mut served: std::collections::HashSet<&str> = Default::default();
    for o in &plan.objectives {
        served.extend(o.goals.iter().map(|g| g.value.as_str()));
    }
    for g in &plan.goals {
        let mut lacks = Vec::new();
        if g.measure.is_none() {
            lacks.push("`measure`");
        }
        if g.due.is_none() && !plan.refused_at(&format!("goals[={}].due", g.id.value)) {
            lacks.push("`due`");
        }
        if !lacks.is_empty() {
            warn(
                Code::GoalNotSmart,
                g.span,
                Some(Item::Goal(g.id.value.clone())),
                format!("goal `{}` has no {}", g.id.value, lacks.join(" and no ")),
                "a SMART goal says how success is measured and by when",
            );
        }
        if !g.id.value.is_empty() && !served.contains(g.id.value.as_str()) {
            warn(
                Code::OrphanGoal,
                g.span,
                Some(Item::Goal(g.id.value.clone())),
                format!("no objective lists goal `{}`", g.id.value),
                "add the goal's id to the `goals` of the customer objective it serves",
            );
        }
    }
    for o in &plan.objectives {
        if o.priority() == Priority::High && o.goals.is_empty() {
            warn(
                Code::UnlinkedObjective,
                o.span,
                Some(Item::Objective(o.id.value.clone())),
                format!("high-priority objective \"{}\" lists no goal", o.title),
                "list the goals of ours that serve it under `goals`",
            );
        }
    }
    if let (Some(c), Some(o)) = (&plan.status.customer_ambition, &plan.status.our_ambition)
        && c.value != o.value
    {
        warn(
            Code::AmbitionGap,
            c.span,
            None,
            format!("the customer wants a {} but we aim to be a {}", c.value, o.value),
            "agree the ambition with the customer, or explain the gap in the plan",
        );
    }
    for balance in super::stage_balances(plan).iter().filter(|b| b.detractor_dominated()) {
        let (stage, detractors, supporters) = (balance.stage, balance.detractors, balance.supporters);
        let first = plan
            .contacts
            .iter()
            .find(|c| c.stages.contains(&stage) && c.role == Some(Role::Detractor));
        warn(
            Code::DetractorStage,
            first.map_or(Span::file_start(), |c| c.span),
            first.map(|c| Item::Contact(c.id.value.clone())),
            format!("in the {stage} stage, detractors ({detractors}) outnumber supporters ({supporters})"),
            "win a supporter for this stage or plan how to neutralise the detractors",
        );
    }
    if !plan.contacts.is_empty() {
        let warm = plan
            .contacts
            .iter()
            .filter(|c| matches!(c.relationship, Some(Relationship::Strong | Relationship::Good)))
            .count();
        if warm < 2 {
            warn(
                Code::SingleThreaded,
                plan.contacts_span.unwrap_or(Span::file_start()),
                None,
                format!(
                    "only {} with a strong or good relationship",
                    crate::words::count_s(warm, "contact")
                ),
                "build a second strong relationship so the account does not hang on one person",
            );
        }
    }
    if !account.completeness.missing.is_empty() {
        warn(
            Code::IncompletePlan,
            Span::file_start(),
            None,
            format!(
                "{} plan is missing: {}",
                account.segment,
                account.completeness.missing.join("; ")
            ),
            "`planfolio explain incomplete-plan` lists what each segment requires",
        );
    }
    if let Some(declared) = &plan.segment
        && declared.value != account.computed_segment
        && plan.segment_reason.is_none()
    {
        warn(
            Code::SegmentOverride,
            declared.span,
            None,
            format!(
                "declared segment {} differs from the computed segment {}",
                declared.value, account.computed_segment
            ),
            "say why in `segment_reason`, or remove `segment`",
        );
    }
    if let Some(currency) = &plan.financials.currency
        && account.money.rate.is_none()
    {
        warn(
            Code::MixedCurrency,
            currency.span,
            None,
            format!(
                "amounts are in {} but the site currency is {} and there is no exchange rate for {}",
                currency.value, cfg.currency, currency.value
            ),
            &format!(
                "add `exchange_rates: {{{}: <{} per {}>}}` to planfolio.yaml; until then portfolio totals show this plan's amounts apart",
                currency.value, cfg.currency, currency.value
            ),
        );
    }
    if let Some(health) = &plan.status.health
        && health.value == Health::Poor
    {
        warn(
            Code::PoorHealth,
            health.span,
            None,
            "the account's health is poor".into(),
            "agree a recovery plan with the account team and record it as actions",
        );
    }
    for g in &plan.goals {
        if let Some(status) = &g.status
            && status.value == GoalStatus::OffTrack
        {
            warn(
                Code::GoalOffTrack,
                status.span,
                Some(Item::Goal(g.id.value.clone())),
                format!("goal `{}` is off track", g.id.value),
                "plan actions to bring it back, or revise its target and due date",
            );
        }
    }
    for a in &plan.actions {
        if let Some(status) = &a.status
            && status.value == ActionStatus::Blocked
        {
            warn(
                Code::BlockedAction,
                status.span,
                Some(Item::Action(a.id.value.clone())),
                format!("action `{}` is blocked", a.id.value),
                "say what blocks it in `notes` and who can unblock it",
            );
        }
    }
    if let Some(ours) = account.our_alignment {
        for status in &account.competitors {
            let Some(theirs) = status.status.filter(|&t| t > ours) else {
                continue;
            };
            let Some(item) = plan.competitors.iter().find(|c| c.id.value == status.id) else {
                continue;
            };
            warn(
                Code::CompetitorAhead,
                item.span,
                Some(Item::Competitor(status.id.clone())),
                format!(
                    "contacts are more aligned with {} ({:.1}) than with us ({:.1})",
                    super::competitor_name(item, &site.competitors),
                    super::round2(theirs),
                    super::round2(ours)
                ),
                "win over the contacts aligned with this competitor; plan actions against it",
            );
        }
    }
    if let Some(aspirational) = plan
        .financials
        .revenue_goal
        .as_ref()
        .and_then(|g| g.aspirational.as_ref())
    {
        let base = account.money.own.prior_year_actual.max(account.money.own.annual_target);
        let limit = cfg.max_aspiration_ratio * base;
        if base > 0.0 && aspirational.value > limit && aspirational.value > account.money.own.weighted_pipeline {
            warn(
                Code::InflatedPotential,
                aspirational.span,
                None,
                format!(
                    "the aspirational goal of {cur} {} is {:.1}× the larger of prior year and annual target ({cur} {}), above the limit of {}×, and it sets the potential",
                    super::money::group_thousands(aspirational.value, 0),
                    aspirational.value / base,
                    super::money::group_thousands(base, 0),
                    cfg.max_aspiration_ratio,
                    cur = account.money.currency,
                ),
                "set an aspirational goal the account team believes in, or raise `review.max_aspiration_ratio`",
            );
        }
    }
    if account.segment == Segment::Key && plan.sponsor.is_none() && !plan.refused_at("sponsor") {
        warn(
            Code::NoSponsor,
            Span::file_start(),
            None,
            "key account without an executive sponsor".into(),
            "name one with `sponsor: <team member id>`",
        );
    }
}

/// `owner-overload`: team members who own more key accounts than the limit.
pub fn member_findings(site: &Site, accounts: &[Account]) -> Vec<Finding> {
    let mut key_by_owner: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (plan, account) in site.plans.iter().zip(accounts) {
        if let (Some(owner), Segment::Key) = (&plan.owner, account.segment) {
            key_by_owner
                .entry(owner.value.as_str())
                .or_default()
                .push(plan.id.as_str());
        }
    }
    let limit = site.config.max_key_accounts_per_owner;
    site.team
        .iter()
        .filter_map(|member| {
            let accounts = key_by_owner.get(member.id.as_str())?;
            (accounts.len() > limit).then(|| Finding {
                code: Code::OwnerOverload,
                file: member.file.clone(),
                span: Span::file_start(),
                message: format!(
                    "{} owns {} key accounts ({}); the limit is {limit}",
                    member.name,
                    accounts.len(),
                    accounts.join(", ")
                ),
                hint: "share key accounts across the team or raise `review.max_key_accounts_per_owner`".into(),
                subject: Subject::Member(member.id.clone()),
            })
        })
        .collect()
}
