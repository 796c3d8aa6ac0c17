//! The key-account risk table (dashboard and key segment pages): one row per
//! key account with what puts it at risk, each cell linking to its reason.
//! A view: health, attainment, findings, overdue actions and history all
//! come from `derive` and `history`.

use super::context::Lookup;
use super::urls;
use crate::derive::Account;
use crate::diagnostic::Code;
use crate::model::{Health, Plan, Segment};
use serde::Serialize;

/// Rows the dashboard shows; every key account has its row on the key
/// segment's pages.
pub const DASHBOARD_ROWS: usize = 25;

/// One cell: what it says, where its reason is, and whether it is a risk.
#[derive(Clone, Debug, Serialize)]
pub struct RiskCell {
    pub text: String,
    /// Relative to the site root; `None` when there is nothing to open.
    pub url: Option<String>,
    pub risk: bool,
}

/// One key account's row.
#[derive(Clone, Debug, Serialize)]
pub struct RiskRow {
    pub id: String,
    pub name: String,
    pub url: String,
    pub health: RiskCell,
    /// Secured against annual target, as a whole percentage, when there is a target.
    pub attainment_pct: Option<i64>,
    pub attainment: RiskCell,
    pub competitor_ahead: RiskCell,
    pub sponsor: RiskCell,
    pub overdue: RiskCell,
    pub slipping: RiskCell,
    pub changed_since_approval: RiskCell,
    /// How many cells are risks (the table's order: most first).
    pub risks: usize,
}

fn cell(text: impl Into<String>, url: Option<String>, risk: bool) -> RiskCell {
    RiskCell {
        text: text.into(),
        url,
        risk,
    }
}

/// The row of one key account.
pub fn risk_row(look: &Lookup, plan: &Plan, a: &Account) -> RiskRow {
    let page = urls::plan(&plan.id);
    let at = |anchor: &str| Some(format!("{page}#{anchor}"));
    let finding = |code: Code| a.findings.iter().find(|f| f.code == code);

    let health = match plan.status.health.as_ref().map(|h| h.value) {
        Some(h) => cell(h.to_string(), at("section-status"), h == Health::Poor),
        None => cell("not set", at("section-status"), false),
    };
    let attainment_pct = a
        .money
        .attainment()
        .filter(|x| x.is_finite())
        .map(|x| (x * 100.0).round() as i64);
    // Shown as a bar, not flagged: how far along a year should be is the reader's call.
    let attainment = match attainment_pct {
        Some(p) => cell(format!("{p}%"), at("section-financials"), false),
        None => cell("no target", at("section-financials"), false),
    };
    let ahead: Vec<_> = a.findings.iter().filter(|f| f.code == Code::CompetitorAhead).collect();
    let competitor_ahead = match ahead.first() {
        Some(f) => {
            let names: Vec<String> = ahead
                .iter()
                .filter_map(|f| match &f.subject {
                    crate::derive::Subject::Plan {
                        item: Some(crate::derive::Item::Competitor(id)),
                        ..
                    } => Some(look.competitor_name(id)),
                    _ => None,
                })
                .collect();
            cell(names.join(", "), Some(urls::subject(&f.subject)), true)
        }
        None => cell("none", None, false),
    };
    let sponsor = match &plan.sponsor {
        Some(s) => {
            let p = look.person(&s.value);
            cell(p.name, Some(p.url), false)
        }
        None => cell(
            "none",
            finding(Code::NoSponsor).map_or(Some(page.clone()), |f| Some(urls::subject(&f.subject))),
            true,
        ),
    };
    let overdue = match a.overdue_actions.first().and_then(|&i| plan.actions.get(i)) {
        Some(first) => cell(
            a.overdue_actions.len().to_string(),
            at(&format!("action-{}", first.id.value)),
            true,
        ),
        None => cell("0", None, false),
    };
    let history = look.history.account(&plan.id);
    let slipping = match history.slips.first() {
        Some(s) => cell(
            history.slips.len().to_string(),
            at(&format!("opportunity-{}", s.opportunity)),
            true,
        ),
        None => cell("0", None, false),
    };
    let changed_since_approval = match history.changed_since_approval {
        Some(true) => cell(
            format!(
                "yes, approved {}",
                plan.status.approved.map(|d| d.to_string()).unwrap_or_default()
            ),
            at("section-history"),
            true,
        ),
        Some(false) => cell("no", None, false),
        None if plan.status.approved.is_none() => cell("not approved", at("section-status"), false),
        // Approved before the history window: nothing to compare with.
        None => cell("no history", None, false),
    };
    let risks = [
        &health,
        &attainment,
        &competitor_ahead,
        &sponsor,
        &overdue,
        &slipping,
        &changed_since_approval,
    ]
    .iter()
    .filter(|c| c.risk)
    .count();
    RiskRow {
        id: plan.id.clone(),
        name: plan.name.clone(),
        url: page.clone(),
        health,
        attainment_pct,
        attainment,
        competitor_ahead,
        sponsor,
        overdue,
        slipping,
        changed_since_approval,
        risks,
    }
}

/// Every key account's row, most risks first, then by name.
pub fn key_risks(look: &Lookup) -> Vec<RiskRow> {
    let mut rows: Vec<RiskRow> = look
        .pairs()
        .filter(|(_, a)| a.segment == Segment::Key)
        .map(|(p, a)| risk_row(look, p, a))
        .collect();
    by_risk(&mut rows);
    rows
}

/// Most risks first, then by name: the order of every risk table.
pub fn by_risk(rows: &mut [RiskRow]) {
    rows.sort_by(|a, b| b.risks.cmp(&a.risks).then_with(|| a.name.cmp(&b.name)));
}
