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
///
/// `message` and `hint` are read on the site as well as by `check`, so they
/// are plain English: items by their title, no keys, files or commands.
/// What to edit in the file goes in `edit`, which only `check` shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// A warning code.
    pub code: Code,
    pub file: String,
    pub span: Span,
    pub message: String,
    pub hint: String,
    /// For `check` only: the key to edit or the command that says more.
    pub edit: Option<String>,
    pub subject: Subject,
}

impl Finding {
    /// The finding as a `check` diagnostic: the hint, then what to edit.
    pub fn diagnostic(&self) -> Diagnostic {
        let hint = match &self.edit {
            Some(edit) => format!("{} ({edit})", self.hint),
            None => self.hint.clone(),
        };
        Diagnostic::new(self.code, &self.file, self.span, self.message.clone()).with_hint(hint)
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

/// A keyword as words: "in-progress" reads "in progress".
fn spoken(k: impl crate::keyword::Keyword) -> String {
    k.as_str().replace('-', " ")
}

/// The first sentence of `text` on one line, cut at a word near 120
/// characters; `None` when there is no text.
fn first_sentence(text: &str) -> Option<String> {
    const MAX: usize = 120;
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.is_empty() {
        return None;
    }
    let end = line
        .match_indices(['.', '!', '?'])
        .map(|(i, m)| i + m.len())
        .find(|&i| line[i..].is_empty() || line[i..].starts_with(' '))
        .unwrap_or(line.len());
    let sentence = &line[..end];
    if sentence.chars().count() <= MAX {
        return Some(sentence.to_string());
    }
    let cut: String = sentence.chars().take(MAX).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    Some(format!("{cut}…"))
}

/// A plan's amount as pages show it: "£1.2M".
fn amount(x: f64, account: &Account) -> String {
    super::money::money_short(x, &account.money.currency)
}

fn plan_warnings(plan: &Plan, account: &Account, site: &Site, today: chrono::NaiveDate, out: &mut Vec<Finding>) {
    let cfg = &site.config;
    let mut warn = |code: Code, span: Span, item: Option<Item>, message: String, hint: &str, edit: Option<String>| {
        out.push(Finding {
            code,
            file: plan.file.clone(),
            span,
            message,
            hint: hint.to_string(),
            edit,
            subject: Subject::Plan {
                id: plan.id.clone(),
                item,
            },
        });
    };
    let edit = |s: &str| Some(s.to_string());

    // A date written but invalid is an error already, not also a missing date.
    if account.stale && !plan.refused_at("status.last_review") {
        match &plan.status.last_review {
            Some(d) => warn(
                Code::StaleReview,
                d.span,
                None,
                format!(
                    "the plan was last reviewed on {}, {} ago; plans are reviewed at least every {}",
                    d.value,
                    crate::words::count_s((today - d.value).num_days().max(0) as usize, "day"),
                    crate::words::count_s(cfg.max_age_days.max(0) as usize, "day"),
                ),
                "review the plan with the account team and record the new review date",
                edit("update `status.last_review`"),
            ),
            None => warn(
                Code::StaleReview,
                plan.status_span.unwrap_or(Span::file_start()),
                None,
                "the plan has no review date, so it counts as stale".into(),
                "review the plan with the account team and record the review date",
                edit("`status.last_review: YYYY-MM-DD`"),
            ),
        }
    }
    for &i in &account.overdue_actions {
        let a = &plan.actions[i];
        if let Some(due) = &a.due {
            let now = match a.status() {
                ActionStatus::Blocked => "is blocked".to_string(),
                other => format!("is still {}", spoken(other)),
            };
            warn(
                Code::OverdueAction,
                due.span,
                Some(Item::Action(a.id.value.clone())),
                format!("action \"{}\" was due on {} and {now}", a.title, due.value),
                "finish it and mark it done, or agree a new due date",
                edit("set `status: done`, or a new `due`"),
            );
        }
    }
    let mut served: std::collections::HashSet<&str> = Default::default();
    for o in &plan.objectives {
        served.extend(o.goals.iter().map(|g| g.value.as_str()));
    }
    for g in &plan.goals {
        let (no_measure, no_due) = (
            g.measure.is_none(),
            g.due.is_none() && !plan.refused_at(&format!("goals[={}].due", g.id.value)),
        );
        let lacks = match (no_measure, no_due) {
            (true, true) => Some(("no measure and no due date", "`measure` and `due`")),
            (true, false) => Some(("no measure", "`measure`")),
            (false, true) => Some(("no due date", "`due`")),
            (false, false) => None,
        };
        if let Some((lacks, keys)) = lacks {
            warn(
                Code::GoalNotSmart,
                g.span,
                Some(Item::Goal(g.id.value.clone())),
                format!("goal \"{}\" has {lacks}", g.title),
                "a SMART goal says how success is measured and by when",
                Some(format!("add {keys}")),
            );
        }
        if !g.id.value.is_empty() && !served.contains(g.id.value.as_str()) {
            warn(
                Code::OrphanGoal,
                g.span,
                Some(Item::Goal(g.id.value.clone())),
                format!("goal \"{}\" serves no customer objective", g.title),
                "link the goal to the customer objective it serves",
                Some(format!("add `{}` to that objective's `goals`", g.id.value)),
            );
        }
    }
    for o in &plan.objectives {
        if o.priority() == Priority::High && o.goals.is_empty() {
            warn(
                Code::UnlinkedObjective,
                o.span,
                Some(Item::Objective(o.id.value.clone())),
                format!("high-priority objective \"{}\" has no goal of ours serving it", o.title),
                "link the goals of ours that serve it to the objective",
                edit("list them under its `goals`"),
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
            format!(
                "the customer wants a {} but we aim to be a {}",
                spoken(c.value),
                spoken(o.value)
            ),
            "agree the ambition with the customer, or explain the gap in the plan",
            None,
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
            format!(
                "in the {} stage, detractors outnumber supporters: {} against {}",
                spoken(stage),
                crate::words::count_s(detractors, "detractor"),
                match supporters {
                    0 => "none".to_string(),
                    n => crate::words::count_s(n, "supporter"),
                },
            ),
            "win a supporter for this stage or plan how to neutralise the detractors",
            None,
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
                match warm {
                    0 => "none of the contacts has a strong or good relationship".to_string(),
                    n => format!(
                        "only {} with a strong or good relationship",
                        crate::words::count_s(n, "contact")
                    ),
                },
                "build a second strong relationship so the account does not hang on one person",
                None,
            );
        }
    }
    if !account.completeness.missing.is_empty() {
        warn(
            Code::IncompletePlan,
            Span::file_start(),
            None,
            format!(
                "the {} account plan lacks: {}",
                account.segment,
                account.completeness.missing.join("; ")
            ),
            &format!(
                "add what is missing: a {} account plan needs all of it",
                account.segment
            ),
            edit("`planfolio explain incomplete-plan` lists what each segment requires"),
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
                "the plan puts the account in the {} segment, but its scores put it in {}, and no reason is given",
                declared.value, account.computed_segment
            ),
            "say why the account belongs in its declared segment, or let the scores decide",
            edit("write `segment_reason`, or remove `segment`"),
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
            "add an exchange rate to the site settings; until then portfolio totals show this plan's amounts apart",
            Some(format!(
                "`exchange_rates: {{{}: <{} per {}>}}` in planfolio.yaml",
                currency.value, cfg.currency, currency.value
            )),
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
            None,
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
                format!("goal \"{}\" is off track", g.title),
                "plan actions to bring it back, or revise its target and due date",
                None,
            );
        }
    }
    for a in &plan.actions {
        if let Some(status) = &a.status
            && status.value == ActionStatus::Blocked
        {
            // Notes already written say what blocks it: quote them and ask
            // for the way out instead of asking for notes again.
            let (hint, to_edit) = match a.notes.as_deref().and_then(first_sentence) {
                Some(said) => (
                    format!("the notes say “{said}”: agree the step that unblocks it, who takes it and by when"),
                    "set a new `due` once agreed",
                ),
                None => (
                    "write in its notes what blocks it and who can unblock it".to_string(),
                    "`notes`",
                ),
            };
            warn(
                Code::BlockedAction,
                status.span,
                Some(Item::Action(a.id.value.clone())),
                format!("action \"{}\" is blocked", a.title),
                &hint,
                edit(to_edit),
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
                    "contacts are more aligned with {} ({:.1} out of 10) than with us ({:.1})",
                    super::competitor_name(item, &site.competitors),
                    super::round2(theirs),
                    super::round2(ours)
                ),
                "win over the contacts aligned with this competitor; plan actions against it",
                None,
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
                    "the aspirational revenue goal of {} is {:.1}× the larger of last year's revenue and the annual target ({}), more than the {}× allowed, and it sets the account's potential",
                    amount(aspirational.value, account),
                    aspirational.value / base,
                    amount(base, account),
                    cfg.max_aspiration_ratio,
                ),
                "set an aspirational goal the account team believes in, or agree a higher limit for the portfolio",
                edit("the limit is `review.max_aspiration_ratio`"),
            );
        }
    }
    if account.segment == Segment::Key && plan.sponsor.is_none() && !plan.refused_at("sponsor") {
        warn(
            Code::NoSponsor,
            Span::file_start(),
            None,
            "key account with no executive sponsor".into(),
            "name an executive sponsor from the team",
            edit("`sponsor: <team member id>`"),
        );
    }
}

/// `owner-overload`: team members who own more key accounts than the limit.
pub fn member_findings(site: &Site, accounts: &[Account]) -> Vec<Finding> {
    overloaded_members(
        site,
        site.plans
            .iter()
            .zip(accounts)
            .map(|(plan, account)| (plan.as_ref(), account.segment)),
    )
}

/// `owner-overload` of `site.team`, given every plan with its segment (the
/// history's month ends pass the plans in force then).
pub fn overloaded_members<'a>(site: &Site, plans: impl Iterator<Item = (&'a Plan, Segment)>) -> Vec<Finding> {
    let mut key_by_owner: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (plan, segment) in plans {
        if let (Some(owner), Segment::Key) = (&plan.owner, segment) {
            // Accounts by name, as every page names them.
            key_by_owner
                .entry(owner.value.as_str())
                .or_default()
                .push(plan.name.as_str());
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
                    "{} owns {}: {}; the limit is {limit}",
                    member.name,
                    crate::words::count_s(accounts.len(), "key account"),
                    crate::words::and_list(accounts)
                ),
                hint: "share key accounts across the team, or agree a higher limit for the portfolio".into(),
                edit: Some("the limit is `review.max_key_accounts_per_owner`".into()),
                subject: Subject::Member(member.id.clone()),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::first_sentence;

    #[test]
    fn the_first_sentence_of_notes_is_quoted_short() {
        assert_eq!(first_sentence("  \n "), None);
        assert_eq!(
            first_sentence("Derek is away.\nAsk Andrea. Then book."),
            Some("Derek is away.".into())
        );
        assert_eq!(first_sentence("v1.2 is late"), Some("v1.2 is late".into()));
        let long = "word ".repeat(40);
        let quoted = first_sentence(&long).unwrap_or_default();
        assert!(quoted.ends_with("word…") && quoted.chars().count() <= 121, "{quoted}");
    }
}
