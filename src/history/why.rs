//! Why an account moved segment, in words (SPEC §9 `changes/`): which inputs
//! of the scores changed between two analysed points, and by how much —
//! "potential 4.2 → 5.6: weighted pipeline +£300K (pm-pilot added)",
//! "median moved from £1.1M to £1.3M", "relationship.high_from 5 → 6 in
//! planfolio.yaml". The scores themselves come from `derive`, as in the
//! walk, so the words always agree with the numbers.

use crate::derive::{
    self,
    money::{money_delta as delta, money_short},
};
use crate::keyword::Keyword;
use crate::model::{Config, Plan, Segment};
use serde::Serialize;

/// One side of a move: the plan, the config in force and the threshold `t`.
pub(super) struct Side<'a> {
    pub plan: &'a Plan,
    pub config: &'a Config,
    pub threshold: f64,
}

/// The scores before and after a move and the changes behind them.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MoveWhy {
    /// Relationship score before and after (rounded to 2 decimals).
    pub relationship: (f64, f64),
    /// Potential score before and after (rounded to 2 decimals).
    pub potential: (f64, f64),
    /// One sentence per score or threshold that changed, e.g.
    /// "potential 4.2 → 5.6: weighted pipeline +£300K (pm-pilot added)".
    pub reasons: Vec<String>,
}

impl MoveWhy {
    /// The reasons as one line ("" when nothing is known).
    pub fn text(&self) -> String {
        self.reasons.join("; ")
    }
}

/// A score to one decimal, as pages show it.
fn score(x: f64) -> String {
    format!("{x:.1}")
}

/// A config value as it reads in planfolio.yaml.
fn plain(x: f64) -> String {
    let s = format!("{x}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// Explains a move from `old` to `new` of an account whose segment went
/// from `from` to `to`.
pub(super) fn explain(old: &Side, new: &Side, from: Segment, to: Segment) -> MoveWhy {
    let (r0, r1) = (
        derive::relationship(old.plan, old.config),
        derive::relationship(new.plan, new.config),
    );
    let (m0, m1) = (
        derive::Money::of_plan(old.plan, old.config),
        derive::Money::of_plan(new.plan, new.config),
    );
    let (pv0, pv1) = (m0.potential_value_for_score(), m1.potential_value_for_score());
    let (p0, p1) = (
        derive::potential(pv0, old.threshold),
        derive::potential(pv1, new.threshold),
    );
    let mut reasons = Vec::new();

    let declared = |p: &Plan| p.segment.as_ref().map(|s| s.value);
    match (declared(old.plan), declared(new.plan)) {
        (a, b) if a == b => {}
        (_, Some(b)) => reasons.push(format!("segment declared in the plan: {b}")),
        (Some(a), None) => reasons.push(format!("the declared segment ({a}) was removed from the plan")),
        (None, None) => {}
    }

    if score(r0) != score(r1) {
        let mut why = contact_changes(old.plan, new.plan);
        if old.plan.status.partnership != new.plan.status.partnership {
            let name = |p: &Plan| {
                p.status
                    .partnership
                    .map_or("none".to_string(), |k| k.as_str().replace('-', " "))
            };
            why.push(format!("partnership {} → {}", name(old.plan), name(new.plan)));
        }
        if old.config.partnership_weight != new.config.partnership_weight {
            why.push(format!(
                "segmentation.relationship.partnership_weight {} → {} in planfolio.yaml",
                plain(old.config.partnership_weight),
                plain(new.config.partnership_weight)
            ));
        }
        reasons.push(with_causes(format!("relationship {} → {}", score(r0), score(r1)), &why));
    }
    if old.config.relationship_high_from != new.config.relationship_high_from {
        reasons.push(format!(
            "segmentation.relationship.high_from {} → {} in planfolio.yaml",
            plain(old.config.relationship_high_from),
            plain(new.config.relationship_high_from)
        ));
    }

    if score(p0) != score(p1) {
        let mut why = Vec::new();
        let cur = &m1.currency;
        let (w0, w1) = (m0.own.weighted_pipeline, m1.own.weighted_pipeline);
        if w0 != w1 {
            let opps = opportunity_changes(old.plan, new.plan, cur);
            let mut s = format!("weighted pipeline {}", delta(w1 - w0, cur));
            if !opps.is_empty() {
                s.push_str(&format!(" ({})", opps.join(", ")));
            }
            why.push(s);
        }
        let (a0, a1) = (m0.own.revenue_goal_aspirational, m1.own.revenue_goal_aspirational);
        if a0 != a1 {
            why.push(format!(
                "aspirational revenue goal {} → {}",
                money_short(a0, &m0.currency),
                money_short(a1, cur)
            ));
        }
        if old.config.stage_weights != new.config.stage_weights {
            why.push("segmentation.stage_weights changed in planfolio.yaml".into());
        }
        if m0.rate != m1.rate && m0.currency == m1.currency && *cur != new.config.currency {
            let rate = |r: Option<f64>| r.map_or("none".to_string(), plain);
            why.push(format!(
                "exchange_rates.{cur} {} → {} in planfolio.yaml",
                rate(m0.rate),
                rate(m1.rate)
            ));
        }
        let site = &new.config.currency;
        if old.threshold != new.threshold {
            match (old.config.potential_high_from, new.config.potential_high_from) {
                (Some(a), Some(b)) if a != b => why.push(format!(
                    "segmentation.potential.high_from {} → {} in planfolio.yaml",
                    money_short(a, site),
                    money_short(b, site)
                )),
                (None, None) => why.push(format!(
                    "median moved from {} to {}",
                    money_short(old.threshold, site),
                    money_short(new.threshold, site)
                )),
                _ => why.push(format!(
                    "potential threshold {} → {} (segmentation.potential.high_from in planfolio.yaml)",
                    money_short(old.threshold, site),
                    money_short(new.threshold, site)
                )),
            }
        }
        reasons.push(with_causes(format!("potential {} → {}", score(p0), score(p1)), &why));
    }
    if reasons.is_empty() {
        // Scores equal to one decimal: the move sits on a threshold.
        reasons.push(format!(
            "{from} → {to} at relationship {} and potential {}",
            score(r1),
            score(p1)
        ));
    }
    MoveWhy {
        relationship: (derive::round2(r0), derive::round2(r1)),
        potential: (derive::round2(p0), derive::round2(p1)),
        reasons,
    }
}

/// "what: cause, cause".
fn with_causes(what: String, causes: &[String]) -> String {
    if causes.is_empty() {
        what
    } else {
        format!("{what}: {}", causes.join(", "))
    }
}

/// Contacts whose part in the relationship score changed.
fn contact_changes(old: &Plan, new: &Plan) -> Vec<String> {
    let mut out = Vec::new();
    let level = |r: Option<crate::model::Relationship>| r.map_or("unrated", |r| r.as_str());
    for c in &new.contacts {
        match old.contacts.iter().find(|o| o.id.value == c.id.value) {
            None if c.relationship.is_some() => out.push(format!("{} added ({})", c.name, level(c.relationship))),
            None => {}
            Some(o) => {
                if o.relationship != c.relationship {
                    out.push(format!(
                        "{} {} → {}",
                        c.name,
                        level(o.relationship),
                        level(c.relationship)
                    ));
                }
                if o.influence != c.influence && c.relationship.is_some() {
                    let inf = |i: Option<crate::model::Influence>| i.map_or("not set", |i| i.as_str());
                    out.push(format!(
                        "{} influence {} → {}",
                        c.name,
                        inf(o.influence),
                        inf(c.influence)
                    ));
                }
                if o.role != c.role && c.relationship.is_some() {
                    let role =
                        |r: Option<crate::model::Role>| r.map_or("none".to_string(), |r| r.as_str().replace('-', " "));
                    out.push(format!("{} role {} → {}", c.name, role(o.role), role(c.role)));
                }
            }
        }
    }
    for o in old.contacts.iter().filter(|o| o.relationship.is_some()) {
        if !new.contacts.iter().any(|c| c.id.value == o.id.value) {
            out.push(format!("{} removed", o.name));
        }
    }
    out
}

/// Opportunities whose part in the weighted pipeline changed.
fn opportunity_changes(old: &Plan, new: &Plan, currency: &str) -> Vec<String> {
    let mut out = Vec::new();
    for o in &new.opportunities {
        let id = &o.id.value;
        match old.opportunities.iter().find(|p| p.id.value == *id) {
            None => out.push(format!("{id} added")),
            Some(p) => {
                if p.stage != o.stage {
                    out.push(format!("{id} {} → {}", p.stage.as_str(), o.stage.as_str()));
                }
                if p.value != o.value {
                    out.push(format!(
                        "{id} {} → {}",
                        money_short(p.value, currency),
                        money_short(o.value, currency)
                    ));
                }
            }
        }
    }
    for p in &old.opportunities {
        if !new.opportunities.iter().any(|o| o.id.value == p.id.value) {
            out.push(format!("{} removed", p.id.value));
        }
    }
    out
}
