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

/// Which cells of a key account's row are risks: the one rule, read by the
/// row and by the order of the table (so the dashboard ranks every key
/// account without building the rows it leaves out).
struct Flags {
    poor_health: bool,
    competitor_ahead: bool,
    no_sponsor: bool,
    overdue: bool,
    slipping: bool,
    changed_since_approval: bool,
}

impl Flags {
    fn of(look: &Lookup, plan: &Plan, a: &Account) -> Flags {
        let history = look.history.account(&plan.id);
        Flags {
            poor_health: plan.status.health.as_ref().map(|h| h.value) == Some(Health::Poor),
            competitor_ahead: a.findings.iter().any(|f| f.code == Code::CompetitorAhead),
            no_sponsor: plan.sponsor.is_none(),
            overdue: a.overdue_actions.first().and_then(|&i| plan.actions.get(i)).is_some(),
            slipping: !history.slips.is_empty(),
            changed_since_approval: history.changed_since_approval == Some(true),
        }
    }

    /// How many cells are risks (attainment is shown, never flagged).
    fn count(&self) -> usize {
        [
            self.poor_health,
            self.competitor_ahead,
            self.no_sponsor,
            self.overdue,
            self.slipping,
            self.changed_since_approval,
        ]
        .iter()
        .filter(|&&f| f)
        .count()
    }
}

/// The row of one key account.
pub fn risk_row(look: &Lookup, plan: &Plan, a: &Account) -> RiskRow {
    let flags = Flags::of(look, plan, a);
    let page = urls::plan(&plan.id);
    let at = |anchor: &str| Some(format!("{page}#{anchor}"));
    let finding = |code: Code| a.findings.iter().find(|f| f.code == code);

    let health = match plan.status.health.as_ref().map(|h| h.value) {
        Some(h) => cell(h.to_string(), at("section-status"), flags.poor_health),
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
            cell(
                names.join(", "),
                Some(urls::subject(&f.subject)),
                flags.competitor_ahead,
            )
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
            flags.no_sponsor,
        ),
    };
    let overdue = match a.overdue_actions.first().and_then(|&i| plan.actions.get(i)) {
        Some(first) => cell(
            a.overdue_actions.len().to_string(),
            at(&format!("action-{}", first.id.value)),
            flags.overdue,
        ),
        None => cell("0", None, false),
    };
    let history = look.history.account(&plan.id);
    let slipping = match history.slips.first() {
        Some(s) => cell(
            history.slips.len().to_string(),
            at(&format!("opportunity-{}", s.opportunity)),
            flags.slipping,
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
            flags.changed_since_approval,
        ),
        Some(false) => cell("no", None, false),
        None if plan.status.approved.is_none() => cell("not approved", at("section-status"), false),
        // Approved before the history window: nothing to compare with.
        None => cell("no history", None, false),
    };
    let risks = flags.count();
    debug_assert_eq!(
        risks,
        [
            &health,
            &attainment,
            &competitor_ahead,
            &sponsor,
            &overdue,
            &slipping,
            &changed_since_approval
        ]
        .iter()
        .filter(|c| c.risk)
        .count()
    );
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

/// The rows of the `limit` key accounts most at risk, most risks first,
/// then by name, and the number of key accounts.
pub fn key_risks(look: &Lookup, limit: usize) -> (Vec<RiskRow>, usize) {
    // Ranked as `by_risk` orders rows (a stable sort: plan order breaks ties),
    // then only the rows shown are built.
    let mut ranked: Vec<(std::cmp::Reverse<usize>, &str, usize)> = look
        .pairs()
        .enumerate()
        .filter(|(_, (_, a))| a.segment == Segment::Key)
        .map(|(i, (p, a))| (std::cmp::Reverse(Flags::of(look, p, a).count()), p.name.as_str(), i))
        .collect();
    let total = ranked.len();
    if limit < ranked.len() {
        ranked.select_nth_unstable(limit);
        ranked.truncate(limit);
    }
    ranked.sort_unstable();
    let rows = ranked
        .into_iter()
        .map(|(_, _, i)| {
            let (p, a) = look.at(i);
            risk_row(look, p, a)
        })
        .collect();
    (rows, total)
}

/// Most risks first, then by name: the order of every risk table.
pub fn by_risk(rows: &mut [RiskRow]) {
    rows.sort_by(|a, b| b.risks.cmp(&a.risks).then_with(|| a.name.cmp(&b.name)));
}
