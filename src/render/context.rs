//! The data every template receives (documented in docs/theme.md).
//!
//! Everything a page shows is computed here, in Rust, so templates only lay
//! it out: cross-links both ways, the matrix and org-chart geometry, totals.

use crate::derive::{Account, Portfolio};
use crate::history::{SegmentMove, SiteHistory};
use crate::model::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Site-wide values, on every page as `site`.
#[derive(Clone, Debug, Serialize)]
pub struct SiteInfo {
    pub title: String,
    pub currency: String,
    pub today: String,
    pub products: Vec<String>,
    pub plan_count: usize,
    pub segments: Vec<SegmentInfo>,
    pub version: &'static str,
    /// Weights of opportunity stages in the weighted pipeline.
    pub stage_weights: crate::model::StageWeights,
    /// "configured" (`segmentation.potential.high_from`) or "portfolio median".
    pub potential_threshold_source: &'static str,
}

/// A segment with its guidance.
#[derive(Clone, Debug, Serialize)]
pub struct SegmentInfo {
    pub id: Segment,
    pub label: &'static str,
    pub summary: &'static str,
    pub guidance: &'static str,
    pub count: usize,
}

/// Name, summary and guidance of a segment (SPEC §5.3).
pub fn segment_guidance(s: Segment) -> (&'static str, &'static str, &'static str) {
    match s {
        Segment::Key => (
            "Key",
            "High potential, strong relationship",
            "Full plan, a senior sponsor and a quarterly review. These accounts carry the year: invest in every layer of the relationship and keep the plan current.",
        ),
        Segment::Target => (
            "Target",
            "High potential, relationship still to build",
            "Lite plan. Invest to build relationships: find the decision-makers, win supporters in each buying stage and earn the right to a bigger role.",
        ),
        Segment::Managed => (
            "Managed",
            "Strong relationship, limited potential",
            "Lite plan. Protect the relationship and grow efficiently: keep service excellent and look for whitespace without over-investing.",
        ),
        Segment::Maintained => (
            "Maintained",
            "Limited potential, lighter relationship",
            "Minimal plan. Serve efficiently through standard channels and review whether the potential has changed.",
        ),
    }
}

/// One account in a table: identity, scores and flags.
#[derive(Clone, Debug, Serialize)]
pub struct AccountRow {
    pub id: String,
    pub name: String,
    pub url: String,
    pub owner: Option<PersonRef>,
    pub industry: Option<String>,
    pub currency: String,
    pub segment: Segment,
    pub computed_segment: Segment,
    pub declared_segment: Option<Segment>,
    pub relationship: f64,
    pub potential: f64,
    pub potential_value: f64,
    pub weighted_pipeline: f64,
    pub prior_year_actual: Option<f64>,
    pub annual_target: Option<f64>,
    pub completeness: f64,
    pub completeness_pct: u32,
    pub last_review: Option<String>,
    /// Date of the last commit touching the plan (git), if any.
    pub last_updated: Option<String>,
    pub stale: bool,
    pub overdue_actions: usize,
    pub warnings: usize,
    pub top10: bool,
    pub health: Option<Health>,
}

/// A link to a team member.
#[derive(Clone, Debug, Serialize)]
pub struct PersonRef {
    pub id: String,
    pub name: String,
    pub url: String,
}

/// An item of the dashboard's attention list.
#[derive(Clone, Debug, Serialize)]
pub struct AttentionItem {
    pub kind: &'static str,
    pub label: &'static str,
    pub account: String,
    pub account_name: String,
    pub url: String,
    pub text: String,
}

/// A dot of the segmentation matrix, in SVG user units.
#[derive(Clone, Debug, Serialize)]
pub struct MatrixDot {
    pub id: String,
    pub name: String,
    pub url: String,
    pub segment: Segment,
    pub relationship: f64,
    pub potential: f64,
    pub cx: f64,
    pub cy: f64,
    pub r: f64,
    pub label_left: bool,
    pub computed_segment: Segment,
    pub declared_segment: Option<Segment>,
}

/// The segmentation matrix geometry (plot area from `x0,y0` of `size` units).
#[derive(Clone, Debug, Serialize)]
pub struct Matrix {
    pub width: f64,
    pub height: f64,
    pub x0: f64,
    pub y0: f64,
    pub size: f64,
    /// x of the relationship threshold line.
    pub threshold_x: f64,
    /// y of the potential threshold line (potential 5).
    pub threshold_y: f64,
    pub ticks: Vec<MatrixTick>,
    pub dots: Vec<MatrixDot>,
}

/// An axis tick.
#[derive(Clone, Debug, Serialize)]
pub struct MatrixTick {
    pub value: u32,
    pub x: f64,
    pub y: f64,
}

/// A sum over a group of accounts (an owner, a segment, an industry).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Rollup {
    pub key: String,
    pub label: String,
    pub url: Option<String>,
    pub accounts: usize,
    pub key_accounts: usize,
    pub prior_year_actual: f64,
    pub revenue_goal: f64,
    pub weighted_pipeline: f64,
    pub stale: usize,
    pub overdue_actions: usize,
}

/// Pipeline of one opportunity stage across the portfolio.
#[derive(Clone, Debug, Serialize)]
pub struct StageTotal {
    pub stage: OppStage,
    pub count: usize,
    pub value: f64,
    pub weighted: f64,
    pub pct: f64,
}

/// Portfolio totals (amounts added as they are, see `mixed-currency`).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Totals {
    pub prior_year_actual: f64,
    pub annual_target: f64,
    pub revenue_goal_minimum: f64,
    pub revenue_goal_just_right: f64,
    pub revenue_goal_aspirational: f64,
    pub weighted_pipeline: f64,
    pub open_pipeline: f64,
    pub by_stage: Vec<StageTotal>,
    pub mixed_currency: bool,
}

/// A competitor across the portfolio.
#[derive(Clone, Debug, Serialize)]
pub struct CompetitorRow {
    pub id: String,
    pub name: String,
    pub url: String,
    pub accounts: usize,
    pub threat_in: usize,
    pub opportunity_in: usize,
    pub mean_status: Option<f64>,
}

/// The dashboard (`index.html`).
#[derive(Clone, Debug, Serialize)]
pub struct Dashboard {
    pub intro_title: Option<String>,
    pub intro_html: String,
    pub totals: Totals,
    pub potential_threshold: f64,
    pub relationship_threshold: f64,
    pub matrix: Matrix,
    pub accounts: Vec<AccountRow>,
    pub attention: Vec<AttentionItem>,
    pub by_owner: Vec<Rollup>,
    pub by_manager: Vec<Rollup>,
    pub by_segment: Vec<Rollup>,
    pub by_industry: Vec<Rollup>,
    pub competitors: Vec<CompetitorRow>,
    /// Segment moves of the last 90 days (git), newest first.
    pub segment_moves: Vec<SegmentMove>,
}

fn round2(x: f64) -> f64 {
    crate::derive::round2(x)
}

/// Shared lookups for building page contexts.
pub struct Lookup<'a> {
    pub site: &'a Site,
    pub portfolio: &'a Portfolio,
    pub warnings_per_file: BTreeMap<String, usize>,
    /// Every diagnostic, grouped by file.
    pub by_file: BTreeMap<&'a str, Vec<&'a crate::diagnostic::Diagnostic>>,
    /// Site-wide values, computed once.
    pub info: SiteInfo,
    /// What git tells about the plans (empty outside a repository).
    pub history: &'a SiteHistory,
}

/// History of a site outside git.
pub static NO_HISTORY: SiteHistory = SiteHistory::EMPTY;

impl<'a> Lookup<'a> {
    /// Lookups over a checked site and its diagnostics.
    pub fn new(site: &'a Site, portfolio: &'a Portfolio, diagnostics: &'a [crate::diagnostic::Diagnostic]) -> Self {
        let mut warnings_per_file = BTreeMap::new();
        let mut by_file: BTreeMap<&str, Vec<&crate::diagnostic::Diagnostic>> = BTreeMap::new();
        for d in diagnostics {
            if d.severity() == crate::diagnostic::Severity::Warning {
                *warnings_per_file.entry(d.file.clone()).or_insert(0) += 1;
            }
            by_file.entry(d.file.as_str()).or_default().push(d);
        }
        let info = site_info(site, portfolio);
        Lookup {
            site,
            portfolio,
            warnings_per_file,
            by_file,
            info,
            history: &NO_HISTORY,
        }
    }

    /// The same lookups with the site's git history.
    pub fn with_history(mut self, history: &'a SiteHistory) -> Self {
        self.history = history;
        self
    }

    /// The diagnostics of one file.
    pub fn diagnostics_for(&self, file: &str) -> &[&'a crate::diagnostic::Diagnostic] {
        self.by_file.get(file).map_or(&[], Vec::as_slice)
    }

    /// A link to team member `id` (relative to the site root).
    pub fn person(&self, id: &str) -> PersonRef {
        let name = self
            .site
            .team
            .iter()
            .find(|t| t.id == id)
            .map_or_else(|| id.to_string(), |t| t.name.clone());
        PersonRef {
            id: id.to_string(),
            name,
            url: format!("team/{id}/index.html"),
        }
    }

    /// A competitor's display name: its profile's, else the first plan's.
    pub fn competitor_name(&self, id: &str) -> String {
        if let Some(p) = self.site.competitors.iter().find(|c| c.id == id) {
            return p.name.clone();
        }
        self.site
            .plans
            .iter()
            .flat_map(|p| &p.competitors)
            .find(|c| c.id.value == id)
            .and_then(|c| c.name.clone())
            .unwrap_or_else(|| id.to_string())
    }

    /// The currency of a plan's amounts.
    pub fn currency(&self, plan: &Plan) -> String {
        plan.financials
            .currency
            .as_ref()
            .map_or_else(|| self.site.config.currency.clone(), |c| c.value.clone())
    }

    /// The table row of a plan.
    pub fn row(&self, plan: &Plan, a: &Account) -> AccountRow {
        AccountRow {
            id: plan.id.clone(),
            name: plan.name.clone(),
            url: format!("accounts/{}/index.html", plan.id),
            owner: plan.owner.as_ref().map(|o| self.person(&o.value)),
            industry: plan.industry.clone(),
            currency: self.currency(plan),
            segment: a.segment,
            computed_segment: a.computed_segment,
            declared_segment: plan.segment.as_ref().map(|s| s.value),
            relationship: round2(a.relationship),
            potential: round2(a.potential),
            potential_value: round2(a.potential_value),
            weighted_pipeline: round2(a.weighted_pipeline),
            prior_year_actual: plan.financials.prior_year_actual,
            annual_target: plan.financials.annual_target,
            completeness: round2(a.completeness.ratio()),
            completeness_pct: (a.completeness.ratio() * 100.0).round() as u32,
            last_review: plan.status.last_review.as_ref().map(|d| d.value.to_string()),
            last_updated: self.history.last_updated.get(&plan.id).map(|d| d.to_string()),
            stale: a.stale,
            overdue_actions: a.overdue_actions.len(),
            warnings: self.warnings_per_file.get(&plan.file).copied().unwrap_or(0),
            top10: plan.top10.unwrap_or(false),
            health: plan.status.health,
        }
    }

    /// Rows of every plan, with their derived values.
    pub fn pairs(&self) -> impl Iterator<Item = (&'a Plan, &'a Account)> {
        self.site.plans.iter().map(|p| &**p).zip(&self.portfolio.accounts)
    }

    /// Every competitor id in the portfolio: profiles and plan entries.
    pub fn competitor_ids(&self) -> BTreeSet<String> {
        self.site
            .competitors
            .iter()
            .map(|c| c.id.clone())
            .chain(
                self.site
                    .plans
                    .iter()
                    .flat_map(|p| p.competitors.iter().map(|c| c.id.value.clone())),
            )
            .filter(|id| !id.is_empty())
            .collect()
    }
}

/// Site-wide values for every page.
pub fn site_info(site: &Site, portfolio: &Portfolio) -> SiteInfo {
    let cfg = &site.config;
    let mut products: Vec<String> = cfg.products.clone().unwrap_or_default();
    if products.is_empty() {
        let set: BTreeSet<String> = site
            .plans
            .iter()
            .flat_map(|p| {
                p.whitespace
                    .iter()
                    .flat_map(|r| r.cells.iter().map(|(k, _)| k.value.clone()))
            })
            .collect();
        products = set.into_iter().collect();
    }
    SiteInfo {
        title: cfg.title.clone(),
        currency: cfg.currency.clone(),
        today: portfolio.today.to_string(),
        products,
        plan_count: site.plans.len(),
        segments: Segment::ALL
            .iter()
            .map(|&s| {
                let (label, summary, guidance) = segment_guidance(s);
                SegmentInfo {
                    id: s,
                    label,
                    summary,
                    guidance,
                    count: portfolio.accounts.iter().filter(|a| a.segment == s).count(),
                }
            })
            .collect(),
        version: env!("CARGO_PKG_VERSION"),
        stage_weights: cfg.stage_weights,
        potential_threshold_source: if cfg.potential_high_from.is_some() {
            "configured"
        } else {
            "portfolio median"
        },
    }
}

/// Builds the segmentation matrix geometry.
pub fn matrix(look: &Lookup) -> Matrix {
    let (x0, y0, size) = (56.0, 16.0, 480.0);
    let to_x = |v: f64| x0 + v.clamp(0.0, 10.0) / 10.0 * size;
    let to_y = |v: f64| y0 + size - v.clamp(0.0, 10.0) / 10.0 * size;
    let max_revenue = look
        .site
        .plans
        .iter()
        .filter_map(|p| p.financials.prior_year_actual)
        .fold(0.0_f64, f64::max);
    let dots = look
        .pairs()
        .map(|(p, a)| {
            let revenue = p.financials.prior_year_actual.unwrap_or(0.0);
            // Area proportional to prior-year revenue, with a visible minimum.
            let r = if max_revenue > 0.0 {
                6.0 + 16.0 * (revenue / max_revenue).sqrt()
            } else {
                8.0
            };
            let cx = to_x(a.relationship);
            MatrixDot {
                id: p.id.clone(),
                name: p.name.clone(),
                url: format!("accounts/{}/index.html", p.id),
                segment: a.segment,
                relationship: round2(a.relationship),
                potential: round2(a.potential),
                cx: round2(cx),
                cy: round2(to_y(a.potential)),
                r: round2(r),
                label_left: cx > x0 + size * 0.7,
                computed_segment: a.computed_segment,
                declared_segment: p.segment.as_ref().map(|s| s.value),
            }
        })
        .collect();
    Matrix {
        width: x0 + size + 24.0,
        height: y0 + size + 48.0,
        x0,
        y0,
        size,
        threshold_x: round2(to_x(look.site.config.relationship_high_from)),
        threshold_y: round2(to_y(5.0)),
        ticks: (0..=10)
            .step_by(2)
            .map(|v| MatrixTick {
                value: v,
                x: to_x(v as f64),
                y: to_y(v as f64),
            })
            .collect(),
        dots,
    }
}

fn add_to(r: &mut Rollup, p: &Plan, a: &Account) {
    r.accounts += 1;
    if a.segment == Segment::Key {
        r.key_accounts += 1;
    }
    r.prior_year_actual += p.financials.prior_year_actual.unwrap_or(0.0);
    r.revenue_goal += p
        .financials
        .revenue_goal
        .as_ref()
        .and_then(|g| g.just_right.as_ref())
        .map_or(0.0, |v| v.value);
    r.weighted_pipeline += a.weighted_pipeline;
    r.stale += usize::from(a.stale);
    r.overdue_actions += a.overdue_actions.len();
}

fn rollup<'a>(
    look: &Lookup<'a>,
    key_of: impl Fn(&'a Plan, &'a Account) -> Vec<(String, String, Option<String>)>,
) -> Vec<Rollup> {
    let mut map: BTreeMap<String, Rollup> = BTreeMap::new();
    for (p, a) in look.pairs() {
        for (key, label, url) in key_of(p, a) {
            let r = map.entry(key.clone()).or_insert_with(|| Rollup {
                key,
                label,
                url,
                ..Rollup::default()
            });
            add_to(r, p, a);
        }
    }
    let mut out: Vec<Rollup> = map.into_values().collect();
    for r in &mut out {
        r.prior_year_actual = round2(r.prior_year_actual);
        r.revenue_goal = round2(r.revenue_goal);
        r.weighted_pipeline = round2(r.weighted_pipeline);
    }
    out
}

/// The chain of managers above team member `id` (nearest first), loop-safe.
pub fn manager_chain(site: &Site, id: &str) -> Vec<String> {
    let mut chain = Vec::new();
    let mut current = id.to_string();
    while let Some(m) = site
        .team
        .iter()
        .find(|t| t.id == current)
        .and_then(|t| t.manager.as_ref())
    {
        if chain.contains(&m.value) || m.value == id {
            break;
        }
        chain.push(m.value.clone());
        current = m.value.clone();
    }
    chain
}

/// Builds the dashboard context.
pub fn dashboard(look: &Lookup, intro_html: String) -> Dashboard {
    let site = look.site;
    let cfg = &site.config;
    let mut totals = Totals::default();
    let mut by_stage: BTreeMap<OppStage, (usize, f64)> = BTreeMap::new();
    for (p, a) in look.pairs() {
        let f = &p.financials;
        totals.prior_year_actual += f.prior_year_actual.unwrap_or(0.0);
        totals.annual_target += f.annual_target.unwrap_or(0.0);
        if let Some(g) = &f.revenue_goal {
            let v = |x: &Option<crate::diagnostic::Spanned<f64>>| x.as_ref().map_or(0.0, |s| s.value);
            totals.revenue_goal_minimum += v(&g.minimum);
            totals.revenue_goal_just_right += v(&g.just_right);
            totals.revenue_goal_aspirational += v(&g.aspirational);
        }
        totals.weighted_pipeline += a.weighted_pipeline;
        totals.mixed_currency |= look.currency(p) != cfg.currency;
        for o in &p.opportunities {
            let e = by_stage.entry(o.stage).or_insert((0, 0.0));
            e.0 += 1;
            e.1 += o.value;
        }
    }
    let max_stage = by_stage.values().map(|(_, v)| *v).fold(0.0_f64, f64::max);
    totals.open_pipeline = by_stage
        .iter()
        .filter(|(s, _)| **s != OppStage::Lost)
        .map(|(_, (_, v))| v)
        .sum();
    totals.by_stage = OppStage::ALL
        .iter()
        .map(|&stage| {
            let (count, value) = by_stage.get(&stage).copied().unwrap_or((0, 0.0));
            StageTotal {
                stage,
                count,
                value: round2(value),
                weighted: round2(value * cfg.stage_weights.weight(stage)),
                pct: if max_stage > 0.0 {
                    round2(100.0 * value / max_stage)
                } else {
                    0.0
                },
            }
        })
        .collect();
    for v in [
        &mut totals.prior_year_actual,
        &mut totals.annual_target,
        &mut totals.revenue_goal_minimum,
        &mut totals.revenue_goal_just_right,
        &mut totals.revenue_goal_aspirational,
        &mut totals.weighted_pipeline,
        &mut totals.open_pipeline,
    ] {
        *v = round2(*v);
    }

    let by_owner = rollup(look, |p, _| {
        p.owner
            .as_ref()
            .map(|o| {
                let person = look.person(&o.value);
                vec![(o.value.clone(), person.name, Some(person.url))]
            })
            .unwrap_or_default()
    });
    let by_manager = rollup(look, |p, _| {
        p.owner
            .as_ref()
            .map(|o| {
                manager_chain(site, &o.value)
                    .into_iter()
                    .map(|m| {
                        let person = look.person(&m);
                        (m, person.name, Some(person.url))
                    })
                    .collect()
            })
            .unwrap_or_default()
    });
    let by_segment = {
        let mut rows = rollup(look, |_, a| {
            vec![(
                format!("{}", Segment::ALL.iter().position(|s| *s == a.segment).unwrap_or(0)),
                segment_guidance(a.segment).0.to_string(),
                Some(format!("segments/{}/index.html", a.segment)),
            )]
        });
        for r in &mut rows {
            r.key = r.label.to_lowercase();
        }
        rows
    };
    let by_industry = rollup(look, |p, _| {
        let label = p.industry.clone().unwrap_or_else(|| "Unspecified".into());
        vec![(label.to_lowercase(), label, None)]
    });

    Dashboard {
        intro_title: site.index.as_ref().and_then(|i| i.title.clone()),
        intro_html,
        totals,
        potential_threshold: round2(look.portfolio.potential_threshold),
        relationship_threshold: cfg.relationship_high_from,
        matrix: matrix(look),
        accounts: look.pairs().map(|(p, a)| look.row(p, a)).collect(),
        attention: attention(look),
        by_owner,
        by_manager,
        by_segment,
        by_industry,
        competitors: competitor_rows(look),
        segment_moves: look.history.recent_moves(look.portfolio.today),
    }
}

fn attention(look: &Lookup) -> Vec<AttentionItem> {
    let site = look.site;
    let today = look.portfolio.today;
    let mut items = Vec::new();
    let mut push = |kind: &'static str, label: &'static str, p: &Plan, text: String| {
        items.push(AttentionItem {
            kind,
            label,
            account: p.id.clone(),
            account_name: p.name.clone(),
            url: format!("accounts/{}/index.html", p.id),
            text,
        });
    };
    for (p, a) in look.pairs() {
        if a.stale {
            let text = match &p.status.last_review {
                Some(d) => format!("last reviewed {} ({} days ago)", d.value, (today - d.value).num_days()),
                None => "never reviewed".into(),
            };
            push("stale", "Stale plan", p, text);
        }
        for &i in &a.overdue_actions {
            let action = &p.actions[i];
            let due = action.due.as_ref().map(|d| d.value.to_string()).unwrap_or_default();
            push("overdue", "Overdue action", p, format!("{} — due {due}", action.title));
        }
        if let (Some(c), Some(o)) = (&p.status.customer_ambition, &p.status.our_ambition)
            && c.value != o.value
        {
            push(
                "ambition-gap",
                "Ambition gap",
                p,
                format!("customer wants {}, we aim for {}", c.value, o.value),
            );
        }
        for stage in Stage::ALL {
            let count = |role: Role| {
                p.contacts
                    .iter()
                    .filter(|c| c.stages.contains(stage) && c.role == Some(role))
                    .count()
            };
            let (d, s) = (count(Role::Detractor), count(Role::Supporter));
            if d > s {
                push(
                    "detractor-stage",
                    "Detractors dominate",
                    p,
                    format!("{stage}: {d} detractor(s), {s} supporter(s)"),
                );
            }
        }
        if a.segment == Segment::Key && !a.completeness.missing.is_empty() {
            push(
                "incomplete",
                "Incomplete key plan",
                p,
                format!(
                    "{}% complete; missing {}",
                    (a.completeness.ratio() * 100.0).round(),
                    a.completeness.missing.join("; ")
                ),
            );
        }
    }
    let limit = site.config.max_key_accounts_per_owner;
    for member in &site.team {
        let key: Vec<&Plan> = look
            .pairs()
            .filter(|(p, a)| a.segment == Segment::Key && p.owner.as_ref().is_some_and(|o| o.value == member.id))
            .map(|(p, _)| p)
            .collect();
        if key.len() > limit {
            items.push(AttentionItem {
                kind: "owner-overload",
                label: "Owner overload",
                account: member.id.clone(),
                account_name: member.name.clone(),
                url: format!("team/{}/index.html", member.id),
                text: format!("owns {} key accounts (limit {limit})", key.len()),
            });
        }
    }
    items
}

/// Every competitor with its footprint across the portfolio.
pub fn competitor_rows(look: &Lookup) -> Vec<CompetitorRow> {
    look.competitor_ids()
        .into_iter()
        .map(|id| {
            let mut accounts = 0;
            let (mut threat, mut opp) = (0, 0);
            let mut statuses = Vec::new();
            for (p, a) in look.pairs() {
                if let Some(c) = p.competitors.iter().find(|c| c.id.value == id) {
                    accounts += 1;
                    match c.swot {
                        Some(SwotSide::Threat) => threat += 1,
                        Some(SwotSide::Opportunity) => opp += 1,
                        None => {}
                    }
                    if let Some(s) = a.competitors.iter().find(|s| s.id == id).and_then(|s| s.status) {
                        statuses.push(s);
                    }
                }
            }
            CompetitorRow {
                name: look.competitor_name(&id),
                url: format!("competitors/{id}/index.html"),
                id,
                accounts,
                threat_in: threat,
                opportunity_in: opp,
                mean_status: (!statuses.is_empty())
                    .then(|| round2(statuses.iter().sum::<f64>() / statuses.len() as f64)),
            }
        })
        .collect()
}
