//! The plan page's context: the plan, its derived values with the "why",
//! cross-links both ways, the contact map and the buying-stage matrix.

use super::context::{AccountRow, Lookup, PersonRef, segment_guidance};
use crate::derive::{Account, SwotEntry, SwotSource, round2};
use crate::model::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// A link to an item on the same page.
#[derive(Clone, Debug, Serialize)]
pub struct ItemRef {
    pub id: String,
    pub title: String,
    pub href: String,
}

/// A SWOT entry with a link to where it came from.
#[derive(Clone, Debug, Serialize)]
pub struct SwotItem {
    pub text: String,
    pub source: SwotSource,
    pub source_kind: &'static str,
    pub href: String,
}

/// The four SWOT quadrants.
#[derive(Clone, Debug, Serialize)]
pub struct SwotView {
    pub strengths: Vec<SwotItem>,
    pub weaknesses: Vec<SwotItem>,
    pub opportunities: Vec<SwotItem>,
    pub threats: Vec<SwotItem>,
}

/// One contact's part in the relationship score, named.
#[derive(Clone, Debug, Serialize)]
pub struct WeightView {
    pub id: String,
    pub name: String,
    pub relationship: Relationship,
    pub level: f64,
    pub weight: f64,
    pub share_pct: f64,
}

/// A competitor's status at this account, linked to its page.
#[derive(Clone, Debug, Serialize)]
pub struct CompetitorView {
    pub id: String,
    pub name: String,
    pub url: String,
    pub status: Option<f64>,
}

/// The derived values of the plan, with the figures behind them.
#[derive(Clone, Debug, Serialize)]
pub struct AccountView {
    pub relationship: f64,
    pub relationship_high: bool,
    pub relationship_threshold: f64,
    pub contact_score: f64,
    pub contact_weights: Vec<WeightView>,
    pub partnership_value: Option<f64>,
    pub partnership_weight: f64,
    pub potential: f64,
    pub potential_high: bool,
    pub potential_value: f64,
    pub potential_source: &'static str,
    pub aspirational: Option<f64>,
    pub weighted_pipeline: f64,
    pub potential_threshold: f64,
    pub segment: Segment,
    pub computed_segment: Segment,
    pub declared_segment: Option<Segment>,
    pub segment_label: &'static str,
    pub guidance: &'static str,
    pub swot: SwotView,
    pub competitors: Vec<CompetitorView>,
    pub our_alignment: Option<f64>,
    pub completeness_pct: u32,
    pub completeness_met: usize,
    pub completeness_total: usize,
    pub completeness_missing: Vec<&'static str>,
    pub stale: bool,
    pub review_age_days: Option<i64>,
    pub overdue_actions: Vec<String>,
}

/// A box of the contact map.
#[derive(Clone, Debug, Serialize)]
pub struct OrgNode {
    pub id: String,
    pub name: String,
    pub title: Option<String>,
    pub role: Option<Role>,
    pub relationship: Option<Relationship>,
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
pub struct OrgChart {
    pub width: f64,
    pub height: f64,
    pub node_width: f64,
    pub node_height: f64,
    pub nodes: Vec<OrgNode>,
    pub edges: Vec<OrgEdge>,
}

/// A column of the buying-stage matrix.
#[derive(Clone, Debug, Serialize)]
pub struct StageColumn {
    pub id: Stage,
    pub detractors: usize,
    pub supporters: usize,
    pub detractor_dominated: bool,
}

/// A row of the buying-stage matrix.
#[derive(Clone, Debug, Serialize)]
pub struct StageRow {
    pub id: String,
    pub name: String,
    pub role: Option<Role>,
    pub cells: Vec<bool>,
}

/// Contacts × buying stages.
#[derive(Clone, Debug, Serialize)]
pub struct StageMatrix {
    pub stages: Vec<StageColumn>,
    pub rows: Vec<StageRow>,
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

/// The revenue goal against prior year and target, as % of the largest.
#[derive(Clone, Debug, Serialize)]
pub struct RevenueBars {
    pub max: f64,
    pub bars: Vec<RevenueBar>,
}

/// One bar of the revenue chart.
#[derive(Clone, Debug, Serialize)]
pub struct RevenueBar {
    pub key: &'static str,
    pub label: &'static str,
    pub value: f64,
    pub pct: f64,
}

/// Cross-references, both ways, keyed by item id.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Links {
    pub goal_objectives: BTreeMap<String, Vec<ItemRef>>,
    pub goal_actions: BTreeMap<String, Vec<ItemRef>>,
    pub contact_objectives: BTreeMap<String, Vec<ItemRef>>,
    pub contact_reports: BTreeMap<String, Vec<ItemRef>>,
    pub goals: BTreeMap<String, ItemRef>,
    pub contacts: BTreeMap<String, ItemRef>,
    pub objectives: BTreeMap<String, ItemRef>,
    pub business_units: BTreeMap<String, String>,
    pub competitors: BTreeMap<String, ItemRef>,
    pub people: BTreeMap<String, PersonRef>,
}

/// A diagnostic of this plan, for the page.
#[derive(Clone, Debug, Serialize)]
pub struct NoteView {
    pub code: String,
    pub line: u32,
    pub message: String,
    pub hint: Option<String>,
}

/// Everything the plan template receives besides the common values.
#[derive(Clone, Debug, Serialize)]
pub struct PlanPage<'a> {
    pub plan: &'a Plan,
    pub row: AccountRow,
    pub account: AccountView,
    pub currency: String,
    pub owner: Option<PersonRef>,
    pub team: Vec<PersonRef>,
    pub links: Links,
    pub org_chart: OrgChart,
    pub stage_matrix: StageMatrix,
    pub whitespace: WhitespaceGrid,
    pub revenue: RevenueBars,
    pub warnings: Vec<NoteView>,
    /// Segment and scores at the last 12 month ends, then now (git).
    pub history: Vec<crate::history::HistoryPoint>,
}

fn item(id: &str, title: &str, kind: &str) -> ItemRef {
    ItemRef {
        id: id.to_string(),
        title: title.to_string(),
        href: format!("#{kind}-{id}"),
    }
}

fn swot_items(entries: &[SwotEntry]) -> Vec<SwotItem> {
    entries
        .iter()
        .map(|e| {
            let (kind, href) = match &e.source {
                SwotSource::Swot => ("swot", "#swot".to_string()),
                SwotSource::Objective(id) => ("objective", format!("#objective-{id}")),
                SwotSource::Competitor(id) => ("competitor", format!("#competitor-{id}")),
            };
            SwotItem {
                text: e.text.clone(),
                source: e.source.clone(),
                source_kind: kind,
                href,
            }
        })
        .collect()
}

fn links(look: &Lookup, plan: &Plan) -> Links {
    let mut l = Links::default();
    for g in &plan.goals {
        l.goals.insert(g.id.value.clone(), item(&g.id.value, &g.title, "goal"));
    }
    for c in &plan.contacts {
        l.contacts
            .insert(c.id.value.clone(), item(&c.id.value, &c.name, "contact"));
        if let Some(r) = &c.reports_to {
            l.contact_reports
                .entry(r.value.clone())
                .or_default()
                .push(item(&c.id.value, &c.name, "contact"));
        }
    }
    for o in &plan.objectives {
        let me = item(&o.id.value, &o.title, "objective");
        l.objectives.insert(o.id.value.clone(), me.clone());
        for g in &o.goals {
            l.goal_objectives.entry(g.value.clone()).or_default().push(me.clone());
        }
        if let Some(c) = &o.contact {
            l.contact_objectives
                .entry(c.value.clone())
                .or_default()
                .push(me.clone());
        }
    }
    for a in &plan.actions {
        for g in &a.goals {
            l.goal_actions
                .entry(g.value.clone())
                .or_default()
                .push(item(&a.id.value, &a.title, "action"));
        }
        if let Some(o) = &a.owner {
            l.people.insert(o.value.clone(), look.person(&o.value));
        }
    }
    for b in &plan.customer.business_units {
        l.business_units.insert(b.id.value.clone(), b.name.clone());
    }
    for c in &plan.competitors {
        let name = c.name.clone().unwrap_or_else(|| look.competitor_name(&c.id.value));
        l.competitors.insert(
            c.id.value.clone(),
            ItemRef {
                id: c.id.value.clone(),
                title: name,
                href: super::urls::competitor(&c.id.value),
            },
        );
    }
    for id in plan.owner.iter().chain(&plan.team) {
        l.people.insert(id.value.clone(), look.person(&id.value));
    }
    l
}

const NODE_W: f64 = 176.0;
const NODE_H: f64 = 60.0;
const GAP_X: f64 = 20.0;
const GAP_Y: f64 = 44.0;

/// Lays out contacts as a tree by `reports_to`: leaves take consecutive
/// slots, parents sit centred over their children.
pub fn org_chart(plan: &Plan) -> OrgChart {
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
            id: c.id.value.clone(),
            name: c.name.clone(),
            title: c.title.clone(),
            role: c.role,
            relationship: c.relationship,
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

fn stage_matrix(plan: &Plan) -> StageMatrix {
    let stages = crate::derive::stage_balances(plan)
        .into_iter()
        .map(|b| StageColumn {
            id: b.stage,
            detractors: b.detractors,
            supporters: b.supporters,
            detractor_dominated: b.detractor_dominated(),
        })
        .collect();
    let rows = plan
        .contacts
        .iter()
        .map(|c| StageRow {
            id: c.id.value.clone(),
            name: c.name.clone(),
            role: c.role,
            cells: Stage::ALL.iter().map(|s| c.stages.contains(s)).collect(),
        })
        .collect();
    StageMatrix { stages, rows }
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

fn revenue(plan: &Plan) -> RevenueBars {
    let f = &plan.financials;
    let goal = f.revenue_goal.as_ref();
    let g = |pick: fn(&RevenueGoal) -> &Option<crate::diagnostic::Spanned<f64>>| {
        goal.and_then(|g| pick(g).as_ref()).map(|v| v.value)
    };
    let raw: Vec<(&'static str, &'static str, Option<f64>)> = vec![
        ("prior_year_actual", "Prior year", f.prior_year_actual),
        ("annual_target", "Annual target", f.annual_target),
        ("minimum", "Goal: minimum", g(|g| &g.minimum)),
        ("just_right", "Goal: just right", g(|g| &g.just_right)),
        ("aspirational", "Goal: aspirational", g(|g| &g.aspirational)),
    ];
    let max = raw.iter().filter_map(|(_, _, v)| *v).fold(0.0_f64, f64::max);
    RevenueBars {
        max,
        bars: raw
            .into_iter()
            .filter_map(|(key, label, v)| {
                v.map(|value| RevenueBar {
                    key,
                    label,
                    value,
                    pct: if max > 0.0 { round2(100.0 * value / max) } else { 0.0 },
                })
            })
            .collect(),
    }
}

/// Builds the plan page context.
pub fn plan_page<'a>(look: &Lookup, plan: &'a Plan, a: &Account) -> PlanPage<'a> {
    let cfg = &look.site.config;
    let total_weight: f64 = a.contact_weights.iter().map(|w| w.weight).sum();
    let contact_weights = a
        .contact_weights
        .iter()
        .filter_map(|w| {
            let c = plan.contacts.iter().find(|c| c.id.value == w.contact)?;
            Some(WeightView {
                id: w.contact.clone(),
                name: c.name.clone(),
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
    let aspirational = plan
        .financials
        .revenue_goal
        .as_ref()
        .and_then(|g| g.aspirational.as_ref())
        .map(|v| v.value);
    let (label, _, guidance) = segment_guidance(a.segment);
    let account = AccountView {
        relationship: round2(a.relationship),
        relationship_high: a.relationship_high,
        relationship_threshold: cfg.relationship_high_from,
        contact_score: round2(a.contact_score),
        contact_weights,
        partnership_value: plan.status.partnership.map(crate::derive::partnership_value),
        partnership_weight: cfg.partnership_weight,
        potential: round2(a.potential),
        potential_high: a.potential_high,
        potential_value: round2(a.potential_value()),
        potential_source: match a.potential_source {
            crate::derive::PotentialSource::AspirationalGoal => "aspirational revenue goal",
            crate::derive::PotentialSource::WeightedPipeline => "weighted pipeline",
        },
        aspirational,
        weighted_pipeline: round2(a.weighted_pipeline()),
        potential_threshold: round2(look.portfolio.potential_threshold),
        segment: a.segment,
        computed_segment: a.computed_segment,
        declared_segment: plan.segment.as_ref().map(|s| s.value),
        segment_label: label,
        guidance,
        swot: SwotView {
            strengths: swot_items(&a.swot.strengths),
            weaknesses: swot_items(&a.swot.weaknesses),
            opportunities: swot_items(&a.swot.opportunities),
            threats: swot_items(&a.swot.threats),
        },
        competitors: a
            .competitors
            .iter()
            .map(|c| CompetitorView {
                id: c.id.clone(),
                name: plan
                    .competitors
                    .iter()
                    .find(|pc| pc.id.value == c.id)
                    .and_then(|pc| pc.name.clone())
                    .unwrap_or_else(|| look.competitor_name(&c.id)),
                url: super::urls::competitor(&c.id),
                status: c.status.map(round2),
            })
            .collect(),
        our_alignment: a.our_alignment.map(round2),
        completeness_pct: (a.completeness.ratio() * 100.0).round() as u32,
        completeness_met: a.completeness.total - a.completeness.missing.len(),
        completeness_total: a.completeness.total,
        completeness_missing: a.completeness.missing.clone(),
        stale: a.stale,
        review_age_days: crate::derive::review_age_days(plan, look.portfolio.today),
        overdue_actions: a
            .overdue_actions
            .iter()
            .map(|&i| plan.actions[i].id.value.clone())
            .collect(),
    };
    let products = &look.info.products;
    PlanPage {
        plan,
        row: look.row(plan, a),
        account,
        currency: look.currency(plan),
        owner: plan.owner.as_ref().map(|o| look.person(&o.value)),
        team: plan.team.iter().map(|t| look.person(&t.value)).collect(),
        links: links(look, plan),
        org_chart: org_chart(plan),
        stage_matrix: stage_matrix(plan),
        whitespace: whitespace(plan, products),
        revenue: revenue(plan),
        history: look.history.timelines.get(&plan.id).cloned().unwrap_or_default(),
        warnings: look
            .diagnostics_for(&plan.file)
            .iter()
            .map(|d| NoteView {
                code: crate::model::Keyword::as_str(d.code).to_string(),
                line: d.span.line,
                message: d.message.clone(),
                hint: d.hint.clone(),
            })
            .collect(),
    }
}
