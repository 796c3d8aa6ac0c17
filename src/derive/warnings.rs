//! Warnings of SPEC §7: facts about the derived portfolio worth a look.

use super::{Account, Portfolio};
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::model::*;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Every warning of the portfolio.
pub fn warnings(site: &Site, portfolio: &Portfolio) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = site
        .plans
        .par_iter()
        .zip(&portfolio.accounts)
        .flat_map_iter(|(plan, account)| {
            let mut diags = Vec::new();
            plan_warnings(plan, account, site, portfolio, &mut diags);
            diags
        })
        .collect();
    owner_overload(site, portfolio, &mut out);
    out
}

fn plan_warnings(plan: &Plan, account: &Account, site: &Site, portfolio: &Portfolio, out: &mut Vec<Diagnostic>) {
    let file = plan.file.as_str();
    let cfg = &site.config;
    let mut warn = |code: Code, span: Span, message: String, hint: &str| {
        out.push(Diagnostic::new(code, file, span, message).with_hint(hint));
    };

    if account.stale {
        match &plan.status.last_review {
            Some(d) => warn(
                Code::StaleReview,
                d.span,
                format!(
                    "plan was last reviewed on {}, {} days ago (the limit is {} days)",
                    d.value,
                    (portfolio.today - d.value).num_days(),
                    cfg.max_age_days
                ),
                "review the plan with the account team and update `status.last_review`",
            ),
            None => warn(
                Code::StaleReview,
                plan.status_span.unwrap_or(Span::file_start()),
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
        if g.due.is_none() {
            lacks.push("`due`");
        }
        if !lacks.is_empty() {
            warn(
                Code::GoalNotSmart,
                g.span,
                format!("goal `{}` has no {}", g.id.value, lacks.join(" and no ")),
                "a SMART goal says how success is measured and by when",
            );
        }
        if !g.id.value.is_empty() && !served.contains(g.id.value.as_str()) {
            warn(
                Code::OrphanGoal,
                g.span,
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
            format!("the customer wants a {} but we aim to be a {}", c.value, o.value),
            "agree the ambition with the customer, or explain the gap in the plan",
        );
    }
    for stage in Stage::ALL {
        let in_stage = || plan.contacts.iter().filter(|c| c.stages.contains(stage));
        let detractors = in_stage().filter(|c| c.role == Some(Role::Detractor)).count();
        let supporters = in_stage().filter(|c| c.role == Some(Role::Supporter)).count();
        if detractors > supporters {
            let first = in_stage()
                .find(|c| c.role == Some(Role::Detractor))
                .map_or(Span::file_start(), |c| c.span);
            warn(
                Code::DetractorStage,
                first,
                format!("in the {stage} stage, detractors ({detractors}) outnumber supporters ({supporters})"),
                "win a supporter for this stage or plan how to neutralise the detractors",
            );
        }
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
                format!("only {warm} contact(s) with a strong or good relationship"),
                "build a second strong relationship so the account does not hang on one person",
            );
        }
    }
    if !account.completeness.missing.is_empty() {
        warn(
            Code::IncompletePlan,
            Span::file_start(),
            format!(
                "{} plan is missing: {}",
                account.segment,
                account.completeness.missing.join("; ")
            ),
            "see the completeness requirements for the segment in docs/format.md",
        );
    }
    if let Some(declared) = &plan.segment
        && declared.value != account.computed_segment
        && plan.segment_reason.is_none()
    {
        warn(
            Code::SegmentOverride,
            declared.span,
            format!(
                "declared segment {} differs from the computed segment {}",
                declared.value, account.computed_segment
            ),
            "say why in `segment_reason`, or remove `segment`",
        );
    }
    if let Some(currency) = &plan.financials.currency
        && currency.value != cfg.currency
    {
        warn(
            Code::MixedCurrency,
            currency.span,
            format!(
                "amounts are in {} but the site currency is {}; planfolio does not convert",
                currency.value, cfg.currency
            ),
            "portfolio totals add this plan's amounts as they are",
        );
    }
}

fn owner_overload(site: &Site, portfolio: &Portfolio, out: &mut Vec<Diagnostic>) {
    let mut key_by_owner: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (plan, account) in site.plans.iter().zip(&portfolio.accounts) {
        if let (Some(owner), Segment::Key) = (&plan.owner, account.segment) {
            key_by_owner
                .entry(owner.value.as_str())
                .or_default()
                .push(plan.id.as_str());
        }
    }
    let limit = site.config.max_key_accounts_per_owner;
    for member in &site.team {
        if let Some(accounts) = key_by_owner.get(member.id.as_str())
            && accounts.len() > limit
        {
            out.push(
                Diagnostic::new(
                    Code::OwnerOverload,
                    &member.file,
                    Span::file_start(),
                    format!(
                        "{} owns {} key accounts ({}); the limit is {limit}",
                        member.name,
                        accounts.len(),
                        accounts.join(", ")
                    ),
                )
                .with_hint("share key accounts across the team or raise `review.max_key_accounts_per_owner`"),
            );
        }
    }
}
