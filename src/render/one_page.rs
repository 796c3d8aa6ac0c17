//! The one-page plan's view (SPEC §9 `accounts/<id>/one-page/`): the parts
//! of a plan a 1:1 or a quarterly review goes through, each list cut to what
//! fits one printed landscape page, with how many more the full plan has.
//!
//! The review pack (`review/`) shows the same view for every key account.

use super::context::{Lookup, PersonRef};
use super::plan_page::{self, DriverView, Label, LadderRow, Md, MoneyView, RevenueBar};
use super::urls;
use crate::derive::{Account, ItemKind, SwotEntry, SwotSource};
use crate::model::*;
use serde::Serialize;
use std::borrow::Cow;

/// Key contacts shown; the rest are on the full plan.
pub const CONTACTS: usize = 6;
/// External drivers shown (SPEC: up to 5).
pub const TRENDS: usize = 5;
/// Entries of each fix / accomplish / avoid column.
pub const FAA_ITEMS: usize = 3;
/// Differentiators shown (SPEC: up to 3).
pub const DIFFERENTIATORS: usize = 3;
/// Weaknesses and threats shown (SPEC: up to 3).
pub const VULNERABILITIES: usize = 3;
/// Account goals shown.
pub const GOALS: usize = 5;
/// Next open actions shown (SPEC: up to 5).
pub const ACTIONS: usize = 5;

/// A list cut to what the page holds: the items shown and how many more
/// the full plan has ("+N more").
#[derive(Clone, Debug, Serialize)]
pub struct Capped<T> {
    pub items: Vec<T>,
    pub more: usize,
}

impl<T> Capped<T> {
    /// The first `cap` of `all`, each made by `view`, and how many are left
    /// out: only the items shown are made (their Markdown rendered).
    fn of<S>(mut all: impl Iterator<Item = S>, cap: usize, view: impl FnMut(S) -> T) -> Capped<T> {
        let items = all.by_ref().take(cap).map(view).collect();
        Capped {
            items,
            more: all.count(),
        }
    }

    /// Nothing to show.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// A key contact of the relationship map.
#[derive(Clone, Debug, Serialize)]
pub struct ContactLine<'a> {
    pub name: &'a str,
    pub title: Option<&'a str>,
    pub role: Option<Label>,
    pub relationship: Option<Label>,
    pub influence: Option<Label>,
    /// The name of the contact they report to.
    pub reports_to: Option<&'a str>,
    /// `#contact-<id>` on the plan page.
    pub anchor: String,
}

/// One column of fix / accomplish / avoid.
#[derive(Clone, Debug, Serialize)]
pub struct FaaList<'a> {
    pub key: &'static str,
    pub label: &'static str,
    pub items_html: Capped<Cow<'a, str>>,
}

/// A differentiator: ours in general, or against one competitor here.
#[derive(Clone, Debug, Serialize)]
pub struct Differentiator<'a> {
    pub text_html: Cow<'a, str>,
    /// The competitor's name, when it is against one.
    pub against: Option<&'a str>,
    /// Where the full plan has it.
    pub anchor: String,
}

/// A weakness or threat of the SWOT.
#[derive(Clone, Debug, Serialize)]
pub struct Vulnerability<'a> {
    /// `weakness` or `threat`.
    pub kind: &'static str,
    pub text_html: Cow<'a, str>,
    /// Where it comes from on the plan page (`#swot`, `#objective-…`, `#competitor-…`).
    pub anchor: String,
}

/// An account goal and its status.
#[derive(Clone, Debug, Serialize)]
pub struct GoalLine<'a> {
    pub title_html: Cow<'a, str>,
    pub status: Label,
    pub due: Option<String>,
    pub anchor: String,
}

/// An open action.
#[derive(Clone, Debug, Serialize)]
pub struct ActionLine<'a> {
    pub title_html: Cow<'a, str>,
    pub status: Label,
    pub owner: Option<PersonRef<'a>>,
    pub due: Option<String>,
    pub overdue: bool,
    pub anchor: String,
}

/// Everything the one-page plan shows.
#[derive(Clone, Debug, Serialize)]
pub struct OnePage<'a> {
    pub id: &'a str,
    pub name: &'a str,
    /// Root-relative URL of the full plan.
    pub plan_url: String,
    /// Root-relative URL of this one-page plan.
    pub url: String,
    pub segment: Segment,
    pub segment_label: &'static str,
    pub industry: Option<&'a str>,
    pub owner: Option<PersonRef<'a>>,
    pub sponsor: Option<PersonRef<'a>>,
    pub health: Option<Label>,
    pub last_review: Option<String>,
    pub stale: bool,
    /// The figures are as of this day.
    pub today: String,
    /// Partnership status: today, what the customer wants, what we aim for.
    pub ladder: Vec<LadderRow>,
    pub ambition_gap: Option<String>,
    pub value_proposition_html: Option<Cow<'a, str>>,
    pub contacts: Capped<ContactLine<'a>>,
    /// External drivers: the trends the customer faces.
    pub trends: Capped<DriverView<'a>>,
    /// Whether the plan has drivers at all (its page has a drivers section).
    pub has_drivers: bool,
    /// Fix, accomplish, avoid; empty when the plan sets none.
    pub faa: Vec<FaaList<'a>>,
    pub differentiators: Capped<Differentiator<'a>>,
    pub vulnerabilities: Capped<Vulnerability<'a>>,
    pub goals: Capped<GoalLine<'a>>,
    /// The money of the full plan (secured, pipeline, target, attainment).
    pub money: MoneyView,
    /// Prior year, annual target, the three revenue goal levels and what is
    /// secured, as bars against the largest.
    pub revenue: Vec<RevenueBar>,
    pub actions: Capped<ActionLine<'a>>,
}

/// The rank of a contact's influence: high first, unknown last.
fn influence_rank(i: Option<Influence>) -> u8 {
    match i {
        Some(Influence::High) => 0,
        Some(Influence::Medium) => 1,
        Some(Influence::Low) => 2,
        None => 3,
    }
}

/// Builds the one-page view of `plan`.
pub fn one_page<'a>(look: &'a Lookup<'a>, plan: &'a Plan, a: &'a Account) -> OnePage<'a> {
    let md = Md {
        allow_html: look.site.config.allow_html,
    };
    let (ladder, ambition_gap) = plan_page::partnership_ladder(&plan.status);
    let contact_name = |id: &str| plan.contacts.iter().find(|c| c.id.value == id).map(|c| c.name.as_str());
    let mut contacts: Vec<&Contact> = plan.contacts.iter().collect();
    // Stable: within an influence level, the plan's own order.
    contacts.sort_by_key(|c| influence_rank(c.influence));
    let contacts = Capped::of(contacts.into_iter(), CONTACTS, |c| ContactLine {
        name: &c.name,
        title: c.title.as_deref(),
        role: c.role.map(plan_page::label),
        relationship: c.relationship.map(plan_page::label),
        influence: c.influence.map(plan_page::label),
        reports_to: c.reports_to.as_ref().and_then(|r| contact_name(&r.value)),
        anchor: urls::item_anchor(ItemKind::Contact, &c.id.value),
    });
    let trends = Capped::of(
        plan.drivers.iter().filter(|d| d.kind == DriverKind::External),
        TRENDS,
        |d| DriverView {
            category: plan_page::label(d.category),
            text_html: md.inline(&d.text),
        },
    );
    let f = &plan.faa;
    let faa = if f.fix.is_empty() && f.accomplish.is_empty() && f.avoid.is_empty() {
        Vec::new()
    } else {
        [
            ("fix", "Fix", &f.fix),
            ("accomplish", "Accomplish", &f.accomplish),
            ("avoid", "Avoid", &f.avoid),
        ]
        .into_iter()
        .map(|(key, label, items)| FaaList {
            key,
            label,
            items_html: Capped::of(items.iter(), FAA_ITEMS, |t| md.inline(t)),
        })
        .collect()
    };
    // Ours, then against each competitor (by the competitor's id).
    let ours = plan
        .proposition
        .iter()
        .flat_map(|p| p.differentiators.iter().map(|t| (t, None)));
    let against = plan
        .competitors
        .iter()
        .flat_map(|c| c.differentiators.iter().map(move |t| (t, Some(c))));
    let differentiators = Capped::of(ours.chain(against), DIFFERENTIATORS, |(t, c)| Differentiator {
        text_html: md.inline(t),
        against: c.map(|c| {
            c.name
                .as_deref()
                .unwrap_or_else(|| look.competitor_name_of(&c.id.value))
        }),
        anchor: c.map_or_else(
            || "#section-proposition".to_string(),
            |c| urls::item_anchor(ItemKind::Competitor, &c.id.value),
        ),
    });
    let weaknesses = a.swot.weaknesses.iter().map(|e| ("weakness", e));
    let threats = a.swot.threats.iter().map(|e| ("threat", e));
    let vulnerabilities = Capped::of(
        weaknesses.chain(threats),
        VULNERABILITIES,
        |(kind, e): (_, &SwotEntry)| Vulnerability {
            kind,
            text_html: md.inline(&e.text),
            anchor: match &e.source {
                SwotSource::Swot => "#swot".to_string(),
                SwotSource::Objective(id) => urls::item_anchor(ItemKind::Objective, id),
                SwotSource::Competitor(id) => urls::item_anchor(ItemKind::Competitor, id),
            },
        },
    );
    let goals = Capped::of(plan.goals.iter(), GOALS, |g| GoalLine {
        title_html: md.inline(&g.title),
        status: plan_page::label(g.status()),
        due: g.due.map(|d| d.to_string()),
        anchor: urls::item_anchor(ItemKind::Goal, &g.id.value),
    });
    // Open actions by due date, undated last; the plan's order breaks ties.
    let mut open: Vec<(usize, &Action)> = plan
        .actions
        .iter()
        .enumerate()
        .filter(|(_, x)| x.status() != ActionStatus::Done)
        .collect();
    open.sort_by_key(|(_, x)| (x.due.is_none(), x.due.as_ref().map(|d| d.value)));
    let actions = Capped::of(open.into_iter(), ACTIONS, |(i, x)| ActionLine {
        title_html: md.inline(&x.title),
        status: plan_page::label(x.status()),
        owner: x.owner.as_ref().map(|o| look.person(&o.value)),
        due: x.due.as_ref().map(|d| d.value.to_string()),
        overdue: a.overdue_actions.contains(&i),
        anchor: urls::item_anchor(ItemKind::Action, &x.id.value),
    });
    let money = plan_page::money_view(plan, a);
    let revenue = revenue_bars(&money);
    let (segment_label, _, _) = super::context::segment_guidance(a.segment);
    OnePage {
        id: &plan.id,
        name: &plan.name,
        plan_url: urls::plan(&plan.id),
        url: urls::one_page(&plan.id),
        segment: a.segment,
        segment_label,
        industry: plan.industry.as_deref(),
        owner: plan.owner.as_ref().map(|o| look.person(&o.value)),
        sponsor: plan.sponsor.as_ref().map(|s| look.person(&s.value)),
        health: plan.status.health.as_ref().map(|h| plan_page::label(h.value)),
        last_review: plan.status.last_review.as_ref().map(|d| d.value.to_string()),
        stale: a.stale,
        today: look.portfolio.today.to_string(),
        ladder,
        ambition_gap,
        value_proposition_html: plan.status.value_proposition.as_deref().map(|t| md.inline(t)),
        contacts,
        trends,
        has_drivers: !plan.drivers.is_empty(),
        faa,
        differentiators,
        vulnerabilities,
        goals,
        money,
        revenue,
        actions,
    }
}

/// The revenue goal against prior year and target, with what is secured:
/// the plan page's revenue bars plus a bar for secured, all against the
/// largest of them.
fn revenue_bars(m: &MoneyView) -> Vec<RevenueBar> {
    let mut bars: Vec<RevenueBar> = m.bars.clone();
    if bars.is_empty() {
        return bars;
    }
    bars.push(RevenueBar {
        key: "secured",
        label: "Secured",
        amount: m.secured.clone(),
        pct: 0.0,
    });
    let max = bars
        .iter()
        .filter_map(|b| b.amount.value())
        .filter(|v| v.is_finite())
        .fold(0.0_f64, f64::max);
    for b in &mut bars {
        b.pct = match b.amount.value() {
            Some(v) if max > 0.0 && v.is_finite() => crate::derive::round2(100.0 * v / max),
            _ => 0.0,
        };
    }
    bars
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_capped_list_counts_what_it_leaves_out() {
        let mut made = 0;
        let c = Capped::of(1..=8, 5, |x| {
            made += 1;
            x * 10
        });
        assert_eq!(c.items, vec![10, 20, 30, 40, 50]);
        assert_eq!(c.more, 3);
        assert_eq!(made, 5, "only the items shown are made");
        let c = Capped::of(1..=2, 5, |x| x);
        assert_eq!((c.items.len(), c.more), (2, 0));
    }

    #[test]
    fn influence_puts_high_first_and_unknown_last() {
        let mut v = vec![
            None,
            Some(Influence::Low),
            Some(Influence::High),
            Some(Influence::Medium),
        ];
        v.sort_by_key(|i| influence_rank(*i));
        assert_eq!(
            v,
            vec![
                Some(Influence::High),
                Some(Influence::Medium),
                Some(Influence::Low),
                None
            ]
        );
    }
}
