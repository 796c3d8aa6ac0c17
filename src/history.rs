//! Git history of the portfolio: last-updated dates, each plan's segment and
//! scores at the last 12 month ends, and recent segment moves.

use crate::derive::round2;
use crate::git::{Commit, Repo};
use crate::load::{FileCache, ParsedFile, SourceFile, parse_file};
use crate::model::Segment;
use crate::pipeline::{Analysis, analyse_loaded};
use chrono::{Datelike, Days, NaiveDate};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Months of history shown on a plan page.
pub const MONTHS: usize = 12;
/// How far back the dashboard lists segment moves.
pub const MOVES_WINDOW_DAYS: u64 = 90;

/// A plan's segment and scores at one date.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HistoryPoint {
    pub date: NaiveDate,
    /// `YYYY-MM` of the month end, or "now".
    pub label: String,
    pub segment: Segment,
    pub relationship: f64,
    pub potential: f64,
}

/// A plan that changed segment.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SegmentMove {
    pub id: String,
    pub name: String,
    pub from: Segment,
    pub to: Segment,
    /// The first date the new segment was seen.
    pub date: NaiveDate,
}

/// What git adds to the site; empty outside a repository.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SiteHistory {
    /// Plan id → date of the last commit touching its file.
    pub last_updated: BTreeMap<String, NaiveDate>,
    /// Plan id → points at month ends (oldest first), then "now".
    pub timelines: BTreeMap<String, Vec<HistoryPoint>>,
    /// Segment moves within the last 90 days, newest first.
    pub moves: Vec<SegmentMove>,
}

/// The last day of the month before `d`'s month, going back `n` months.
pub fn month_ends(today: NaiveDate, n: usize) -> Vec<NaiveDate> {
    let mut out = Vec::with_capacity(n);
    let mut first = today.with_day(1).unwrap_or(today);
    for _ in 0..n {
        let Some(end) = first.checked_sub_days(Days::new(1)) else {
            break;
        };
        out.push(end);
        first = end.with_day(1).unwrap_or(end);
    }
    out.reverse();
    out
}

/// The newest commit made on or before `date` (commits are newest first).
pub fn commit_at(commits: &[Commit], date: NaiveDate) -> Option<&Commit> {
    commits.iter().find(|c| c.date <= date)
}

/// A revision's site files: (path relative to the root, blob id).
type Tree = Vec<(String, String)>;

/// A plan's segment, relationship and potential at one revision.
type Scores = (Segment, f64, f64);

fn scores(analysis: &Analysis) -> BTreeMap<String, Scores> {
    analysis
        .site
        .plans
        .iter()
        .zip(&analysis.portfolio.accounts)
        .map(|(p, a)| (p.id.clone(), (a.segment, round2(a.relationship), round2(a.potential))))
        .collect()
}

fn point(scores: &BTreeMap<String, Scores>, id: &str, date: NaiveDate, label: String) -> Option<HistoryPoint> {
    let &(segment, relationship, potential) = scores.get(id)?;
    Some(HistoryPoint {
        date,
        label,
        segment,
        relationship,
        potential,
    })
}

/// Reads the history of the site at `root` for `current` (the working tree's analysis).
pub fn collect(root: &Path, current: &Analysis, today: NaiveDate) -> SiteHistory {
    let timer = crate::timing::Timer::start();
    let Some(repo) = Repo::open(root) else {
        return SiteHistory::default();
    };
    let by_file = repo.last_updated();
    let last_updated = current
        .site
        .plans
        .iter()
        .filter_map(|p| by_file.get(&p.file).map(|d| (p.id.clone(), *d)))
        .collect();

    timer.lap("history: last updated");
    let commits = repo.commits();
    let ends: Vec<(NaiveDate, String)> = month_ends(today, MONTHS)
        .into_iter()
        .filter_map(|d| commit_at(&commits, d).map(|c| (d, c.hash.clone())))
        .collect();
    // One analysis per distinct commit (at most 12), in parallel.
    let mut distinct: Vec<&String> = ends.iter().map(|(_, h)| h).collect();
    distinct.sort();
    distinct.dedup();
    // Month ends share most files: read and parse each (path, blob) once,
    // then analyse each revision from the shared parses, keeping only each
    // plan's segment and scores.
    let trees: Vec<(&String, NaiveDate, Tree)> = distinct
        .iter()
        .filter_map(|hash| {
            let date = ends.iter().find(|(_, h)| h == *hash).map(|(d, _)| *d)?;
            Some((*hash, date, repo.tree_at(hash).ok()?))
        })
        .collect();
    let ids: Vec<String> = trees
        .iter()
        .flat_map(|(_, _, t)| t.iter().map(|(_, oid)| oid.clone()))
        .collect();
    let blobs = repo.read_blobs(&ids).unwrap_or_default();
    let mut pairs: Vec<(&String, &String)> = trees
        .iter()
        .flat_map(|(_, _, t)| t.iter().map(|(r, o)| (r, o)))
        .collect();
    pairs.sort();
    pairs.dedup();
    let parsed: BTreeMap<(&String, &String), ParsedFile> = pairs
        .par_iter()
        .filter_map(|&(rel, oid)| {
            let bytes = blobs.get(oid)?.clone();
            Some((
                (rel, oid),
                parse_file(&SourceFile {
                    rel: rel.clone(),
                    bytes,
                }),
            ))
        })
        .collect();
    let analyses: BTreeMap<&String, BTreeMap<String, Scores>> = trees
        .par_iter()
        .map(|(hash, date, tree)| {
            let files = tree
                .iter()
                .filter_map(|(rel, oid)| Some((rel.clone(), parsed.get(&(rel, oid))?.clone())));
            let analysis = analyse_loaded(FileCache::from_parsed(files).loaded(), *date);
            (*hash, scores(&analysis))
        })
        .collect();
    timer.lap("history: month-end analyses");
    let mut timelines: BTreeMap<String, Vec<HistoryPoint>> = BTreeMap::new();
    let mut moves = Vec::new();
    let window_start = today.checked_sub_days(Days::new(MOVES_WINDOW_DAYS)).unwrap_or(today);
    let now = scores(current);
    for plan in &current.site.plans {
        let mut points: Vec<HistoryPoint> = ends
            .iter()
            .filter_map(|(date, hash)| {
                let a = analyses.get(hash)?;
                point(a, &plan.id, *date, format!("{:04}-{:02}", date.year(), date.month()))
            })
            .collect();
        if let Some(now) = point(&now, &plan.id, today, "now".into()) {
            points.push(now);
        }
        for pair in points.windows(2) {
            if pair[0].segment != pair[1].segment && pair[1].date >= window_start {
                moves.push(SegmentMove {
                    id: plan.id.clone(),
                    name: plan.name.clone(),
                    from: pair[0].segment,
                    to: pair[1].segment,
                    date: pair[1].date,
                });
            }
        }
        if points.len() > 1 {
            timelines.insert(plan.id.clone(), points);
        }
    }
    moves.sort_by(|a, b| b.date.cmp(&a.date).then(a.id.cmp(&b.id)));
    SiteHistory {
        last_updated,
        timelines,
        moves,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::load::decode::parse_date(s).expect("date")
    }

    #[test]
    fn month_ends_of_the_last_year() {
        let ends = month_ends(d("2026-11-23"), 12);
        assert_eq!(ends.len(), 12);
        assert_eq!(ends[0], d("2025-11-30"));
        assert_eq!(ends[2], d("2026-01-31"));
        assert_eq!(ends[3], d("2026-02-28"));
        assert_eq!(ends[11], d("2026-10-31"));
    }

    #[test]
    fn commit_at_picks_newest_not_after() {
        let commits = vec![
            Commit {
                hash: "c".into(),
                date: d("2026-10-05"),
            },
            Commit {
                hash: "b".into(),
                date: d("2026-09-30"),
            },
            Commit {
                hash: "a".into(),
                date: d("2026-08-01"),
            },
        ];
        assert_eq!(commit_at(&commits, d("2026-09-30")).map(|c| c.hash.as_str()), Some("b"));
        assert_eq!(commit_at(&commits, d("2026-10-31")).map(|c| c.hash.as_str()), Some("c"));
        assert_eq!(commit_at(&commits, d("2026-07-31")), None);
    }
}
