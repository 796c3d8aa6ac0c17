//! Trends (SPEC §10.3): the portfolio and each account at every month end
//! of the history, then the current month.
//!
//! The walk (engine.rs) records the past month ends once; the current month
//! is always the working tree's analysis, read when the site is rendered (so
//! `serve`, which reads the history once, shows the current month as edited).

use crate::derive::Portfolio;
use crate::derive::{self, Money, Total, round2};
use crate::keyword::Keyword;
use crate::model::Segment;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// One account at one month end, rounded as written (money in the plan's currency).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct AccountPoint {
    pub segment: Segment,
    pub relationship: f64,
    pub potential: f64,
    pub open_pipeline: f64,
    pub secured: f64,
}

impl AccountPoint {
    /// The point of an account with these scores and money.
    pub fn new(segment: Segment, relationship: f64, potential: f64, money: &Money) -> AccountPoint {
        AccountPoint {
            segment,
            relationship: round2(relationship),
            potential: round2(potential),
            open_pipeline: round2(money.own.open_pipeline),
            secured: round2(money.own.secured),
        }
    }

    /// The point of a derived account (the current month).
    pub fn of(a: &derive::Account) -> AccountPoint {
        AccountPoint::new(a.segment, a.relationship, a.potential, &a.money)
    }
}

/// The portfolio at one month end: money in the site currency at that
/// point's rates (amounts without a rate left out, SPEC §5.7), unrounded.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PortfolioPoint {
    /// Number of plans.
    pub accounts: usize,
    pub open_pipeline: f64,
    pub secured: f64,
    pub weighted_pipeline: f64,
    pub annual_target: f64,
    /// Plans per segment, in `Segment::ALL` order.
    pub segments: [usize; 4],
    /// Number of warnings (SPEC §7).
    pub findings: usize,
}

impl PortfolioPoint {
    /// The point of `accounts` plans with these totals, segments and findings.
    pub fn new(accounts: usize, total: &Total, segments: [usize; 4], findings: usize) -> PortfolioPoint {
        let c = &total.converted;
        PortfolioPoint {
            accounts,
            open_pipeline: c.open_pipeline,
            secured: c.secured,
            weighted_pipeline: c.weighted_pipeline,
            annual_target: c.annual_target,
            segments,
            findings,
        }
    }

    /// The current month: the working tree's analysis.
    pub fn of(p: &Portfolio) -> PortfolioPoint {
        PortfolioPoint::new(
            p.accounts.len(),
            &p.totals,
            segment_counts(p.accounts.iter().map(|a| a.segment)),
            derive::findings::all(p).count(),
        )
    }
}

/// Plans per segment, in `Segment::ALL` order.
pub fn segment_counts(segments: impl Iterator<Item = Segment>) -> [usize; 4] {
    let mut out = [0; 4];
    for s in segments {
        if let Some(i) = Segment::ALL.iter().position(|x| *x == s) {
            out[i] += 1;
        }
    }
    out
}

/// `YYYY-MM` of a date.
pub fn month_label(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

/// The past month ends the walk recorded (the current month is not here).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Trends {
    /// The month ends, oldest first: the last day of each month, from the
    /// month of the first analysed commit to the month before today's.
    pub month_ends: Vec<NaiveDate>,
    /// The portfolio at each of them.
    pub portfolio: Vec<PortfolioPoint>,
    /// Current account id → its point at each month end (`None` where the
    /// plan did not exist); accounts that existed at none are absent.
    pub accounts: BTreeMap<String, Vec<Option<AccountPoint>>>,
}

/// Every month of the trends with the portfolio then (the dashboard's charts).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PortfolioTrend {
    /// `YYYY-MM`, oldest first; the last is the current month.
    pub months: Vec<String>,
    pub points: Vec<PortfolioPoint>,
}

impl Trends {
    /// No past month end (outside git): the lists hold the current month only.
    pub const EMPTY: Trends = Trends {
        month_ends: Vec::new(),
        portfolio: Vec::new(),
        accounts: BTreeMap::new(),
    };

    /// `YYYY-MM` of every month: the past month ends, then today's month.
    pub fn months(&self, today: NaiveDate) -> Vec<String> {
        self.month_ends
            .iter()
            .copied()
            .chain(std::iter::once(today))
            .map(month_label)
            .collect()
    }

    /// The portfolio at every month, the current one from `current`.
    pub fn portfolio(&self, current: &Portfolio) -> PortfolioTrend {
        let mut points = self.portfolio.clone();
        points.push(PortfolioPoint::of(current));
        PortfolioTrend {
            months: self.months(current.today),
            points,
        }
    }

    /// One account at every month (`None` where its plan did not exist), the
    /// current month from its derived values `now`.
    pub fn account(&self, id: &str, now: &derive::Account) -> Vec<Option<AccountPoint>> {
        let mut out = match self.accounts.get(id) {
            Some(past) => past.clone(),
            None => vec![None; self.month_ends.len()],
        };
        out.push(Some(AccountPoint::of(now)));
        out
    }

    /// `portfolio.json`'s top-level `trends` (SPEC §10.3).
    pub fn json(&self, current: &Portfolio) -> serde_json::Value {
        let t = self.portfolio(current);
        let money = |f: fn(&PortfolioPoint) -> f64| t.points.iter().map(|p| round2(f(p))).collect::<Vec<_>>();
        let count = |f: fn(&PortfolioPoint) -> usize| t.points.iter().map(f).collect::<Vec<_>>();
        let segment = |i: usize| t.points.iter().map(|p| p.segments[i]).collect::<Vec<_>>();
        serde_json::json!({
            "months": t.months,
            "accounts": count(|p| p.accounts),
            "open_pipeline": money(|p| p.open_pipeline),
            "secured": money(|p| p.secured),
            "weighted_pipeline": money(|p| p.weighted_pipeline),
            "annual_target": money(|p| p.annual_target),
            "segments": {
                "key": segment(0), "target": segment(1), "managed": segment(2), "maintained": segment(3),
            },
            "findings": count(|p| p.findings),
        })
    }
}

/// An account's `trend` in `portfolio.json` (SPEC §10.3): one list per
/// figure, aligned with `trends.months`, `null` where the plan did not exist.
#[derive(Debug, PartialEq, Serialize)]
pub struct AccountTrendJson {
    pub open_pipeline: Vec<Option<f64>>,
    pub potential: Vec<Option<f64>>,
    pub relationship: Vec<Option<f64>>,
    pub secured: Vec<Option<f64>>,
    pub segment: Vec<Option<Segment>>,
}

impl AccountTrendJson {
    /// The lists of one account's points.
    pub fn of(points: &[Option<AccountPoint>]) -> AccountTrendJson {
        let each = |f: fn(&AccountPoint) -> f64| points.iter().map(|p| p.as_ref().map(f)).collect();
        AccountTrendJson {
            open_pipeline: each(|p| p.open_pipeline),
            potential: each(|p| p.potential),
            relationship: each(|p| p.relationship),
            secured: each(|p| p.secured),
            segment: points.iter().map(|p| p.map(|p| p.segment)).collect(),
        }
    }
}
