//! `planfolio diff`: what a change does to the portfolio, for a pull-request comment.

use crate::derive::{Account, round2};
use crate::diagnostic::Diagnostic;
use crate::format::{money, money_short};
use crate::model::{Keyword, Plan, Segment};
use crate::pipeline::Analysis;
use crate::report::escape_markdown as md;
use crate::words;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A plan named in a diff.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlanRef {
    pub id: String,
    pub name: String,
    pub segment: Segment,
}

/// A number before and after.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Delta {
    pub before: Option<f64>,
    pub after: Option<f64>,
}

impl Delta {
    fn new(before: Option<f64>, after: Option<f64>) -> Delta {
        Delta {
            before: before.map(round2),
            after: after.map(round2),
        }
    }

    /// Whether the value changed.
    pub fn changed(&self) -> bool {
        self.before != self.after
    }

    /// after − before, treating a missing value as 0.
    pub fn change(&self) -> f64 {
        round2(self.after.unwrap_or(0.0) - self.before.unwrap_or(0.0))
    }
}

/// An item (objective, goal, contact, …) added to or removed from a plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ItemChange {
    pub kind: &'static str,
    pub id: String,
    pub title: String,
}

/// A diagnostic in a diff: where and what, without the line (lines shift).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct DiagnosticRef {
    pub severity: &'static str,
    pub code: &'static str,
    pub file: String,
    pub line: u32,
    pub message: String,
}

/// What changed in one plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlanChange {
    pub id: String,
    pub name: String,
    /// The previous id when the plan's file was renamed.
    pub renamed_from: Option<String>,
    pub segment_before: Segment,
    pub segment_after: Segment,
    /// The plan's currency (now): its amounts below are in it.
    pub currency: String,
    pub relationship: Delta,
    pub potential: Delta,
    pub weighted_pipeline: Delta,
    /// The revenue goal's `just_right`, `minimum` and `aspirational`.
    pub revenue_goal: Delta,
    pub revenue_goal_minimum: Delta,
    pub revenue_goal_aspirational: Delta,
    pub completeness: Delta,
    pub added: Vec<ItemChange>,
    pub removed: Vec<ItemChange>,
}

/// The portfolio at a revision against the working tree.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PortfolioDiff {
    pub rev: String,
    pub summary: String,
    pub added: Vec<PlanRef>,
    pub removed: Vec<PlanRef>,
    pub changed: Vec<PlanChange>,
    pub introduced: Vec<DiagnosticRef>,
    pub resolved: Vec<DiagnosticRef>,
    /// The errors of the portfolio at `rev` (it still diffs when it has some).
    pub errors_at_rev: Vec<DiagnosticRef>,
    pub errors_before: usize,
    pub errors_after: usize,
    /// The whole portfolio's weighted pipeline before and after.
    pub weighted_pipeline: Delta,
    /// The potential threshold before and after.
    pub potential_threshold: Delta,
    pub currency: String,
}

fn items(plan: &Plan) -> BTreeSet<(&'static str, String, String)> {
    let mut out = BTreeSet::new();
    for o in &plan.objectives {
        out.insert(("objective", o.id.value.clone(), o.title.clone()));
    }
    for g in &plan.goals {
        out.insert(("goal", g.id.value.clone(), g.title.clone()));
    }
    for c in &plan.contacts {
        out.insert(("contact", c.id.value.clone(), c.name.clone()));
    }
    for c in &plan.competitors {
        out.insert((
            "competitor",
            c.id.value.clone(),
            c.name.clone().unwrap_or_else(|| c.id.value.clone()),
        ));
    }
    for a in &plan.actions {
        out.insert(("action", a.id.value.clone(), a.title.clone()));
    }
    for o in &plan.opportunities {
        out.insert(("opportunity", o.id.value.clone(), o.name.clone()));
    }
    out
}

fn diagnostic_ref(d: &Diagnostic) -> DiagnosticRef {
    DiagnosticRef {
        severity: d.severity().as_str(),
        code: d.code.as_str(),
        file: d.file.clone(),
        line: d.span.line,
        message: d.message.clone(),
    }
}

fn revenue_goal(
    plan: &Plan,
    part: fn(&crate::model::RevenueGoal) -> &Option<crate::diagnostic::Spanned<f64>>,
) -> Option<f64> {
    plan.financials
        .revenue_goal
        .as_ref()
        .and_then(|g| part(g).as_ref())
        .map(|v| v.value)
}

/// The items (objectives, goals, contacts, competitors, actions,
/// opportunities) of `after` that `before` lacks, and those it lost, matched
/// by kind and id: the item-level difference of `diff` and of the history's
/// "changed since approval".
pub fn item_changes(before: &Plan, after: &Plan) -> (Vec<ItemChange>, Vec<ItemChange>) {
    let (old_items, new_items) = (items(before), items(after));
    let key = |(k, id, _): &(&'static str, String, String)| (*k, id.clone());
    let old_keys: BTreeSet<_> = old_items.iter().map(key).collect();
    let new_keys: BTreeSet<_> = new_items.iter().map(key).collect();
    let to_change = |(kind, id, title): &(&'static str, String, String)| ItemChange {
        kind,
        id: id.clone(),
        title: title.clone(),
    };
    let added = new_items
        .iter()
        .filter(|i| !old_keys.contains(&key(i)))
        .map(to_change)
        .collect();
    let removed = old_items
        .iter()
        .filter(|i| !new_keys.contains(&key(i)))
        .map(to_change)
        .collect();
    (added, removed)
}

fn plan_change(
    id: &str,
    renamed_from: Option<String>,
    before: (&Plan, &Account),
    after: (&Plan, &Account),
) -> PlanChange {
    let (added, removed) = item_changes(before.0, after.0);
    PlanChange {
        id: id.to_string(),
        name: after.0.name.clone(),
        renamed_from,
        segment_before: before.1.segment,
        segment_after: after.1.segment,
        currency: after.1.money.currency.clone(),
        relationship: Delta::new(Some(before.1.relationship), Some(after.1.relationship)),
        potential: Delta::new(Some(before.1.potential), Some(after.1.potential)),
        weighted_pipeline: Delta::new(Some(before.1.weighted_pipeline()), Some(after.1.weighted_pipeline())),
        revenue_goal: Delta::new(
            revenue_goal(before.0, |g| &g.just_right),
            revenue_goal(after.0, |g| &g.just_right),
        ),
        revenue_goal_minimum: Delta::new(
            revenue_goal(before.0, |g| &g.minimum),
            revenue_goal(after.0, |g| &g.minimum),
        ),
        revenue_goal_aspirational: Delta::new(
            revenue_goal(before.0, |g| &g.aspirational),
            revenue_goal(after.0, |g| &g.aspirational),
        ),
        completeness: Delta::new(Some(before.1.completeness.ratio()), Some(after.1.completeness.ratio())),
        added,
        removed,
    }
}

/// Whether two versions of a plan say the same, wherever their files sit: a
/// plan moved into a sub-folder of content/accounts/ keeps its id, and the
/// move alone is no change.
fn same_content(before: &Plan, after: &Plan) -> bool {
    if before.file == after.file {
        return before == after;
    }
    let moved_back = Plan {
        file: before.file.clone(),
        ..after.clone()
    };
    moved_back == *before
}

fn total_pipeline(a: &Analysis) -> f64 {
    a.portfolio.totals.converted.weighted_pipeline
}

fn pair(a: &Analysis, i: usize) -> (&Plan, &Account) {
    (&a.site.plans[i], &a.portfolio.accounts[i])
}

/// Compares the analysis at `rev` (`before`) with the working tree (`after`).
pub fn diff(rev: &str, before: &Analysis, after: &Analysis) -> PortfolioDiff {
    let index = |a: &Analysis| -> BTreeMap<String, usize> {
        a.site
            .plans
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect()
    };
    let (old, new) = (index(before), index(after));
    let plan_ref = |a: &Analysis, i: usize| PlanRef {
        id: a.site.plans[i].id.clone(),
        name: a.site.plans[i].name.clone(),
        segment: a.portfolio.accounts[i].segment,
    };
    let mut added: Vec<PlanRef> = new
        .iter()
        .filter(|(id, _)| !old.contains_key(*id))
        .map(|(_, &i)| plan_ref(after, i))
        .collect();
    let mut removed: Vec<PlanRef> = old
        .iter()
        .filter(|(id, _)| !new.contains_key(*id))
        .map(|(_, &i)| plan_ref(before, i))
        .collect();

    let mut changed = Vec::new();
    // A removed and an added plan with the same name is a renamed file.
    let mut renames = Vec::new();
    for r in &removed {
        if let Some(a) = added.iter().find(|a| a.name == r.name) {
            renames.push((r.id.clone(), a.id.clone()));
        }
    }
    for (from, to) in &renames {
        added.retain(|a| &a.id != to);
        removed.retain(|r| &r.id != from);
        changed.push(plan_change(
            to,
            Some(from.clone()),
            pair(before, old[from]),
            pair(after, new[to]),
        ));
    }
    for (id, &j) in &new {
        if let Some(&i) = old.get(id) {
            let (b, a) = (pair(before, i), pair(after, j));
            let edited = !same_content(b.0, a.0);
            if edited || b.1 != a.1 {
                let change = plan_change(id, None, b, a);
                // Scores of untouched plans move with the portfolio threshold;
                // list them only when their segment moved.
                let visible = edited || change.segment_before != change.segment_after;
                if visible {
                    changed.push(change);
                }
            }
        }
    }
    changed.sort_by(|a, b| a.id.cmp(&b.id));

    // Diagnostics are matched without their line, which shifts with edits;
    // a renamed or moved plan's old diagnostics count under its new path.
    let moved: BTreeMap<String, String> = renames
        .iter()
        .map(|(from, to)| (old[from], new[to]))
        .chain(new.iter().filter_map(|(id, &j)| Some((*old.get(id)?, j))))
        .map(|(i, j)| (before.site.plans[i].file.clone(), after.site.plans[j].file.clone()))
        .filter(|(from, to)| from != to)
        .collect();
    let gone: BTreeSet<&str> = removed
        .iter()
        .map(|r| before.site.plans[old[&r.id]].file.as_str())
        .collect();
    let key = |d: &DiagnosticRef| (d.severity, d.code, d.file.clone(), d.message.clone());
    let old_diags: Vec<DiagnosticRef> = before
        .diagnostics
        .iter()
        .map(|d| {
            let mut r = diagnostic_ref(d);
            if let Some(to) = moved.get(&r.file) {
                r.file = to.clone();
            }
            r
        })
        .collect();
    let new_diags: Vec<DiagnosticRef> = after.diagnostics.iter().map(diagnostic_ref).collect();
    let old_keys: BTreeSet<_> = old_diags.iter().map(key).collect();
    let new_keys: BTreeSet<_> = new_diags.iter().map(key).collect();
    let introduced: Vec<DiagnosticRef> = new_diags
        .iter()
        .filter(|d| !old_keys.contains(&key(d)))
        .cloned()
        .collect();
    // A deleted plan's problems went with it; they are not "resolved".
    let resolved: Vec<DiagnosticRef> = old_diags
        .iter()
        .filter(|d| !new_keys.contains(&key(d)) && !gone.contains(d.file.as_str()))
        .cloned()
        .collect();
    let errors_at_rev: Vec<DiagnosticRef> = old_diags.iter().filter(|d| d.severity == "error").cloned().collect();

    let mut d = PortfolioDiff {
        rev: rev.to_string(),
        summary: String::new(),
        added,
        removed,
        changed,
        introduced,
        resolved,
        errors_at_rev,
        errors_before: before.errors(),
        errors_after: after.errors(),
        weighted_pipeline: Delta::new(Some(total_pipeline(before)), Some(total_pipeline(after))),
        potential_threshold: Delta::new(
            Some(before.portfolio.potential_threshold),
            Some(after.portfolio.potential_threshold),
        ),
        currency: after.site.config.currency.clone(),
    };
    d.summary = summary(&d);
    d
}

fn summary(d: &PortfolioDiff) -> String {
    if d.added.is_empty()
        && d.removed.is_empty()
        && d.changed.is_empty()
        && d.introduced.is_empty()
        && d.resolved.is_empty()
    {
        return format!("No portfolio changes since {}.", d.rev);
    }
    let mut parts = Vec::new();
    if !d.changed.is_empty() {
        parts.push(format!("{} changed", words::count_s(d.changed.len(), "plan")));
    }
    if !d.added.is_empty() {
        parts.push(format!("{} added", d.added.len()));
    }
    if !d.removed.is_empty() {
        parts.push(format!("{} removed", d.removed.len()));
    }
    let moves = d.changed.iter().filter(|c| c.segment_before != c.segment_after).count();
    if moves > 0 {
        parts.push(words::count_s(moves, "segment move"));
    }
    let pipeline = d.weighted_pipeline.change();
    if pipeline.abs() >= 0.005 {
        parts.push(format!("weighted pipeline {}", signed_money(pipeline, &d.currency)));
    }
    let new_errors = d.introduced.iter().filter(|x| x.severity == "error").count();
    let fixed_errors = d.resolved.iter().filter(|x| x.severity == "error").count();
    if new_errors + fixed_errors > 0 {
        parts.push(format!("errors +{new_errors} −{fixed_errors}"));
    }
    format!("Since {}: {}.", d.rev, parts.join(", "))
}

fn signed_money(x: f64, currency: &str) -> String {
    if x >= 0.0 {
        format!("+{}", money_short(x, currency))
    } else {
        format!("−{}", money_short(-x, currency))
    }
}

fn signed(x: f64) -> String {
    if x >= 0.0 {
        format!("+{x:.2}")
    } else {
        format!("−{:.2}", -x)
    }
}

fn segment_cell(c: &PlanChange) -> String {
    if c.segment_before == c.segment_after {
        c.segment_after.as_str().to_string()
    } else {
        format!("**{} → {}**", c.segment_before, c.segment_after)
    }
}

fn score_cell(d: &Delta) -> String {
    match (d.before, d.after) {
        (Some(b), Some(a)) if d.changed() => format!("{b:.2} → {a:.2} ({})", signed(a - b)),
        (_, Some(a)) => format!("{a:.2}"),
        _ => "–".into(),
    }
}

fn money_cell(d: &Delta, currency: &str) -> String {
    match (d.before, d.after) {
        _ if !d.changed() => d.after.map_or("–".into(), |a| money(a, currency)),
        (b, a) => format!(
            "{} → {} ({})",
            b.map_or("–".into(), |b| money(b, currency)),
            a.map_or("–".into(), |a| money(a, currency)),
            signed_money(d.change(), currency)
        ),
    }
}

fn revenue_cell(c: &PlanChange, currency: &str) -> String {
    let parts = [
        ("minimum", &c.revenue_goal_minimum),
        ("just right", &c.revenue_goal),
        ("aspirational", &c.revenue_goal_aspirational),
    ];
    let changed: Vec<String> = parts
        .iter()
        .filter(|(_, d)| d.changed())
        .map(|(name, d)| format!("{name}: {}", money_cell(d, currency)))
        .collect();
    if changed.is_empty() {
        money_cell(&c.revenue_goal, currency)
    } else {
        changed.join("<br>")
    }
}

/// Markdown fit for a pull-request comment. Every value that comes from
/// the plans or the command line (names, ids, titles, files, messages, the
/// revision) goes through [`md`], so plan text cannot add HTML, images,
/// links, mentions, emphasis or table cells to the comment.
pub fn markdown(d: &PortfolioDiff) -> String {
    let mut out = format!("{}\n", md(&d.summary));
    if d.potential_threshold.changed() {
        out.push_str(&format!(
            "\nThe potential threshold moved: {}. Every plan's potential score is rescored against it.\n",
            money_cell(&d.potential_threshold, &d.currency)
        ));
    }
    if !d.added.is_empty() || !d.removed.is_empty() {
        out.push_str("\n### Plans added and removed\n\n");
        for p in &d.added {
            out.push_str(&format!("- ➕ **{}** (`{}`), {}\n", md(&p.name), md(&p.id), p.segment));
        }
        for p in &d.removed {
            out.push_str(&format!(
                "- ➖ **{}** (`{}`), was {}\n",
                md(&p.name),
                md(&p.id),
                p.segment
            ));
        }
    }
    if !d.changed.is_empty() {
        out.push_str("\n### Changed plans\n\n");
        out.push_str("| Plan | Segment | Relationship | Potential | Weighted pipeline | Revenue goal (just right) |\n");
        out.push_str("|---|---|---|---|---|---|\n");
        for c in &d.changed {
            let name = match &c.renamed_from {
                Some(from) => format!("{} (renamed from `{}`)", md(&c.name), md(from)),
                None => md(&c.name),
            };
            out.push_str(&format!(
                "| {name} | {} | {} | {} | {} | {} |\n",
                segment_cell(c),
                score_cell(&c.relationship),
                score_cell(&c.potential),
                money_cell(&c.weighted_pipeline, &c.currency),
                revenue_cell(c, &c.currency),
            ));
        }
        for c in d
            .changed
            .iter()
            .filter(|c| !c.added.is_empty() || !c.removed.is_empty())
        {
            out.push_str(&format!("\n**{}**\n", md(&c.name)));
            for i in &c.added {
                out.push_str(&format!("- added {} `{}`: {}\n", i.kind, md(&i.id), md(&i.title)));
            }
            for i in &c.removed {
                out.push_str(&format!("- removed {} `{}`: {}\n", i.kind, md(&i.id), md(&i.title)));
            }
        }
    }
    let list = |title: &str, items: &[DiagnosticRef], out: &mut String| {
        if items.is_empty() {
            return;
        }
        out.push_str(&format!("\n### {title}\n\n"));
        for x in items {
            let icon = if x.severity == "error" { "❌" } else { "⚠️" };
            out.push_str(&format!(
                "- {icon} `{}` {}:{} — {}\n",
                x.code,
                md(&x.file),
                x.line,
                md(&x.message)
            ));
        }
    };
    list("Diagnostics introduced", &d.introduced, &mut out);
    list("Diagnostics resolved", &d.resolved, &mut out);
    if !d.errors_at_rev.is_empty() {
        out.push_str(&format!(
            "\n_Note: the portfolio at `{}` had {}._\n",
            md(&d.rev),
            words::count_s(d.errors_at_rev.len(), "error")
        ));
        list(&format!("Errors at {}", md(&d.rev)), &d.errors_at_rev, &mut out);
    }
    out
}

/// The diff as JSON.
pub fn json(d: &PortfolioDiff) -> String {
    serde_json::to_string_pretty(d).unwrap_or_default() + "\n"
}
