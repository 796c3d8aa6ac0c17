//! The changes page (SPEC §9 `changes/index.html`): what changed since the
//! last review (`review.last_date`), grouped by account, key accounts first.
//! A view of the history walk: every move, event and amount comes from
//! `history`, already explained in words there.

use super::context::Lookup;
use super::urls;
use crate::derive::money::{money_delta, money_short};
use crate::history::{Change, PipelineAt};
use crate::keyword::Keyword;
use crate::model::Segment;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// The changes page's data.
#[derive(Clone, Debug, Serialize)]
pub struct Changes {
    /// The review date the page starts at.
    pub since: String,
    /// Whether `since` is the default (no `review.last_date`).
    pub since_default: bool,
    /// Set when history is not available, saying why.
    pub unavailable: Option<&'static str>,
    /// Set when the history window starts after the review date.
    pub starts_later: Option<String>,
    /// Accounts with a change, key first.
    pub accounts: Vec<AccountChanges>,
    /// Counts for the summary line.
    pub moves: usize,
    pub added: usize,
    pub removed: usize,
    pub slips: usize,
    pub relationship_changes: usize,
    pub changed_since_approval: usize,
}

/// What changed in one account.
#[derive(Clone, Debug, Serialize)]
pub struct AccountChanges {
    pub id: String,
    pub name: String,
    /// The plan page; `None` for a plan that was removed.
    pub url: Option<String>,
    /// The segment now; `None` for a plan that was removed.
    pub segment: Option<Segment>,
    /// Dated events, oldest first.
    pub events: Vec<ChangeLine>,
    /// Open pipeline then and now, when it changed.
    pub open_pipeline: Option<AmountChange>,
    /// Secured then and now, when it changed.
    pub secured: Option<AmountChange>,
    /// Items added and removed since the plan's approval, when it changed after it.
    pub approval: Option<ApprovalChange>,
}

/// One dated event in words.
#[derive(Clone, Debug, Serialize)]
pub struct ChangeLine {
    pub date: String,
    /// `move`, `added`, `removed`, `slip`, `regression`, `relationship`, `approved`.
    pub kind: &'static str,
    /// What happened, e.g. "managed → key".
    pub what: String,
    /// Why, for a move: the inputs that changed and by how much.
    pub why: String,
    /// The item on the plan page it is about, if any.
    pub url: Option<String>,
}

/// An amount at the review and now, in the plan's currency.
#[derive(Clone, Debug, Serialize)]
pub struct AmountChange {
    pub from: String,
    pub to: String,
    /// Signed, e.g. "+£300K".
    pub delta: String,
    pub up: bool,
}

/// What changed since approval.
#[derive(Clone, Debug, Serialize)]
pub struct ApprovalChange {
    pub approved: String,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub url: String,
}

fn amount_change(from: f64, to: f64, currency: &str) -> Option<AmountChange> {
    (from != to).then(|| AmountChange {
        from: money_short(from, currency),
        to: money_short(to, currency),
        delta: money_delta(to - from, currency),
        up: to > from,
    })
}

/// The changes since the last review.
pub fn changes(look: &Lookup) -> Changes {
    let history = look.history;
    let config = &look.site.config;
    let since: NaiveDate = config.last_review(look.portfolio.today);
    let mut out = Changes {
        since: since.to_string(),
        since_default: config.review_last_date.is_none(),
        unavailable: (!history.available).then(|| {
            history
                .unavailable
                .map_or(crate::history::Unavailable::NotARepository.message(), |u| u.message())
        }),
        starts_later: history
            .review
            .starts_later
            .then(|| history.review.date.map(|d| d.to_string()).unwrap_or_default()),
        accounts: Vec::new(),
        moves: 0,
        added: 0,
        removed: 0,
        slips: 0,
        relationship_changes: 0,
        changed_since_approval: 0,
    };
    if !history.available {
        return out;
    }
    let mut by_id: BTreeMap<String, AccountChanges> = BTreeMap::new();
    let blank = |id: &str, name: &str| {
        let here = look.plan(id);
        AccountChanges {
            id: id.to_string(),
            name: here.map_or_else(|| name.to_string(), |(p, _)| p.name.clone()),
            url: here.map(|_| urls::plan(id)),
            segment: here.map(|(_, a)| a.segment),
            events: Vec::new(),
            open_pipeline: None,
            secured: None,
            approval: None,
        }
    };
    // The log is newest first; the page reads oldest first.
    for entry in history.log.iter().rev().filter(|e| e.date >= since) {
        for ev in &entry.events {
            let acc = by_id
                .entry(ev.account.clone())
                .or_insert_with(|| blank(&ev.account, &ev.name));
            let item = |anchor: String| acc.url.as_ref().map(|u| format!("{u}#{anchor}"));
            let opp_name = |id: &str| {
                look.plan(&ev.account)
                    .and_then(|(p, _)| p.opportunities.iter().find(|o| o.id.value == id))
                    .map_or_else(|| id.to_string(), |o| o.name.clone())
            };
            let (what, why, url) = match &ev.change {
                Change::Move { from, to, why, .. } => {
                    out.moves += 1;
                    (format!("segment {from} → {to}"), why.clone(), None)
                }
                Change::Added { segment } => {
                    out.added += 1;
                    (format!("plan added ({segment})"), String::new(), None)
                }
                Change::Removed { segment } => {
                    out.removed += 1;
                    (format!("plan removed (was {segment})"), String::new(), None)
                }
                Change::Slip { opportunity, from, to } => {
                    out.slips += 1;
                    let what = format!("{} slipped: close date {from} → {to}", opp_name(opportunity));
                    (what, String::new(), item(format!("opportunity-{opportunity}")))
                }
                Change::Regression { opportunity, from, to } => {
                    out.slips += 1;
                    let what = format!("{} went back: stage {from} → {to}", opp_name(opportunity));
                    (what, String::new(), item(format!("opportunity-{opportunity}")))
                }
                Change::Relationship { contact, from, to } => {
                    out.relationship_changes += 1;
                    let name = look
                        .plan(&ev.account)
                        .and_then(|(p, _)| p.contacts.iter().find(|c| c.id.value == *contact))
                        .map_or_else(|| contact.clone(), |c| c.name.clone());
                    let what = match from {
                        Some(from) => format!("{name}: relationship {from} → {to}"),
                        None => format!("{name}: relationship {to}"),
                    };
                    (what, String::new(), item(format!("contact-{contact}")))
                }
                Change::Approved { from, to } => {
                    let what = match from {
                        Some(from) => format!("approved on {to} (was {from})"),
                        None => format!("approved on {to}"),
                    };
                    (what, String::new(), None)
                }
            };
            acc.events.push(ChangeLine {
                date: entry.date.to_string(),
                kind: ev.change.kind(),
                what,
                why,
                url,
            });
        }
    }
    // Open pipeline and secured: at the review against now.
    let none = PipelineAt {
        currency: String::new(),
        open_pipeline: 0.0,
        secured: 0.0,
    };
    for (p, a) in look.pairs() {
        let then = history.review.accounts.get(&p.id).unwrap_or(&none);
        let now = &a.money;
        let cur = &now.currency;
        let (open0, sec0) = if then.currency.is_empty() || then.currency == *cur {
            (then.open_pipeline, then.secured)
        } else {
            // The plan changed currency: its amounts then are not comparable.
            (now.own.open_pipeline, now.own.secured)
        };
        let open = amount_change(open0, now.own.open_pipeline, cur);
        let secured = amount_change(sec0, now.own.secured, cur);
        let approval = look
            .history
            .account(&p.id)
            .approval_diff
            .as_ref()
            .map(|d| ApprovalChange {
                approved: d.approved.to_string(),
                added: d.added.iter().map(|c| format!("{} {}", c.kind, c.title)).collect(),
                removed: d.removed.iter().map(|c| format!("{} {}", c.kind, c.title)).collect(),
                url: format!("{}#section-history", urls::plan(&p.id)),
            });
        if open.is_none() && secured.is_none() && approval.is_none() && !by_id.contains_key(&p.id) {
            continue;
        }
        out.changed_since_approval += usize::from(approval.is_some());
        let acc = by_id.entry(p.id.clone()).or_insert_with(|| blank(&p.id, &p.name));
        acc.open_pipeline = open;
        acc.secured = secured;
        acc.approval = approval;
    }
    let mut accounts: Vec<AccountChanges> = by_id.into_values().collect();
    // Key first, then the other segments in order, removed plans last.
    let rank = |a: &AccountChanges| a.segment.map_or(Segment::ALL.len(), |s| s as usize);
    accounts.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.name.cmp(&b.name)));
    out.accounts = accounts;
    out
}
