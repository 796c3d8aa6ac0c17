//! Git history of the portfolio (SPEC §10, §10.1): the portfolio analysed at
//! every commit of the window, and what that shows — dated segment moves with
//! their cause, changes since approval, slipping deals, relationship dates,
//! each plan's month-end timeline and the changelog of `planfolio log`.
//!
//! Everything lands on [`SiteHistory`]; outside git, in a shallow clone or
//! with no commit in the window it is empty and says why ([`Unavailable`]).

mod engine;
pub mod log;
pub mod trends;
mod why;

pub use why::MoveWhy;

use crate::diff::ItemChange;
use crate::git::Repo;
use crate::model::{OppStage, Relationship, Segment};
use crate::pipeline::Analysis;
use chrono::{Datelike, Days, NaiveDate};
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

/// Why an account changed segment (SPEC §10.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cause {
    /// The commit changed the plan's own file.
    Edited,
    /// The commit changed `planfolio.yaml` (and not the plan).
    Config,
    /// Neither: other plans moved the portfolio median.
    Threshold,
}

impl Cause {
    /// The cause as written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Cause::Edited => "edited",
            Cause::Config => "config",
            Cause::Threshold => "threshold",
        }
    }

    /// A sentence a reader understands without the SPEC.
    pub fn explanation(self) -> &'static str {
        match self {
            Cause::Edited => "the plan was edited",
            Cause::Config => "no change to this plan; the site config (planfolio.yaml) changed",
            Cause::Threshold => "no change to this plan; the portfolio median moved",
        }
    }
}

/// A plan that changed segment at a commit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SegmentMove {
    /// The account (plan id).
    pub id: String,
    pub name: String,
    pub from: Segment,
    pub to: Segment,
    /// The committer date (today for the working tree).
    pub date: NaiveDate,
    /// The full commit hash; "" for the working tree.
    pub commit: String,
    pub cause: Cause,
    /// [`Cause::explanation`], for templates.
    pub explanation: &'static str,
    /// The scores before and after and the changes behind them, in words.
    pub why: MoveWhy,
}

/// An opportunity whose close date slipped or whose stage went down.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Slip {
    /// The opportunity id.
    pub opportunity: String,
    /// Commits at which its close date moved later.
    pub slips: usize,
    /// Commits at which its stage moved down (to `lost` does not count).
    pub regressions: usize,
    /// Every distinct close date, in the order they appeared.
    pub closes: Vec<NaiveDate>,
}

/// What changed in a plan between its approval and now.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ApprovalDiff {
    /// `status.approved`.
    pub approved: NaiveDate,
    /// The last analysed commit on or before the approval date: the plan as approved.
    pub commit: String,
    pub date: NaiveDate,
    /// Items added and removed since, as `planfolio diff` lists them.
    pub added: Vec<ItemChange>,
    pub removed: Vec<ItemChange>,
}

/// One account's history (SPEC §10.1).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct AccountHistory {
    /// `true`/`false`; `None` without `status.approved` or without a commit on or before it.
    pub changed_since_approval: Option<bool>,
    /// The item-level difference, when `changed_since_approval` is true.
    pub approval_diff: Option<ApprovalDiff>,
    /// Opportunities with a slip or a regression, by id.
    pub slips: Vec<Slip>,
    /// Contact id → date its current relationship level was set (within the window).
    pub relationship_since: BTreeMap<String, NaiveDate>,
}

/// An account's open pipeline and secured at one point, in its currency.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PipelineAt {
    pub currency: String,
    pub open_pipeline: f64,
    pub secured: f64,
}

/// The portfolio as it stood at the last review (`review.last_date`), to
/// compare with now on the changes page.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ReviewBase {
    /// The date compared against: the review date, or the first analysed
    /// commit when the history window starts after it.
    pub date: Option<NaiveDate>,
    /// Whether the history window starts after the review date (so changes
    /// before its first commit are unknown).
    pub starts_later: bool,
    /// Account id → its money then.
    pub accounts: BTreeMap<String, PipelineAt>,
}

/// Why there is no history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unavailable {
    /// The site is not in a git repository (or git is not installed).
    NotARepository,
    /// A shallow clone holds too little history.
    Shallow,
    /// No commit in the window changes the site.
    NoCommits,
}

impl Unavailable {
    /// A short note for the site and `planfolio log`.
    pub fn message(self) -> &'static str {
        match self {
            Unavailable::NotARepository => "History is not available: the site is not in a git repository.",
            Unavailable::Shallow => {
                "History is not available: this is a shallow clone. Fetch the whole history (`git fetch --unshallow`, or `fetch-depth: 0` in GitHub Actions)."
            }
            Unavailable::NoCommits => "History is not available: no commit in the history window changes the site.",
        }
    }
}

/// A change `planfolio log` reports, with its details.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Change {
    /// The segment changed.
    Move {
        from: Segment,
        to: Segment,
        cause: Cause,
        /// [`MoveWhy::text`]: which inputs changed and by how much.
        why: String,
    },
    /// The plan appeared (not at the first analysed commit, which is the baseline).
    Added { segment: Segment },
    /// The plan's file went away.
    Removed { segment: Segment },
    /// An opportunity's close date moved later.
    Slip {
        opportunity: String,
        from: NaiveDate,
        to: NaiveDate,
    },
    /// An opportunity's stage moved down.
    Regression {
        opportunity: String,
        from: OppStage,
        to: OppStage,
    },
    /// A contact's relationship changed (or the contact appeared with one).
    Relationship {
        contact: String,
        from: Option<Relationship>,
        to: Relationship,
    },
    /// `status.approved` was set or changed.
    Approved { from: Option<NaiveDate>, to: NaiveDate },
}

impl Change {
    /// The kind as written in JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            Change::Move { .. } => "move",
            Change::Added { .. } => "added",
            Change::Removed { .. } => "removed",
            Change::Slip { .. } => "slip",
            Change::Regression { .. } => "regression",
            Change::Relationship { .. } => "relationship",
            Change::Approved { .. } => "approved",
        }
    }
}

/// One event of a log entry: an account and what happened to it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LogEvent {
    pub account: String,
    /// The plan's name at that commit.
    pub name: String,
    #[serde(flatten)]
    pub change: Change,
}

/// One analysed commit that produced events.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LogEntry {
    /// The full hash ("" for the working tree); JSON carries the short one.
    #[serde(skip)]
    pub hash: String,
    /// The short hash ("" for the working tree).
    pub commit: String,
    pub date: NaiveDate,
    pub subject: String,
    pub events: Vec<LogEvent>,
}

/// What git adds to the site; empty outside a repository.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SiteHistory {
    /// Whether the history was read (else pages say it is not available).
    pub available: bool,
    /// Why not, when it is not.
    pub unavailable: Option<Unavailable>,
    /// Plan id → date of the last commit touching its file.
    pub last_updated: BTreeMap<String, NaiveDate>,
    /// The portfolio and each account at every past month end (SPEC §10.3).
    pub trends: trends::Trends,
    /// Every segment move in the window, sorted by date, then account.
    pub moves: Vec<SegmentMove>,
    /// Per current account: approval, slips, relationship dates.
    pub accounts: BTreeMap<String, AccountHistory>,
    /// The changelog, newest first.
    pub log: Vec<LogEntry>,
    /// The portfolio at the last review (`review.last_date`).
    pub review: ReviewBase,
}

/// Empty per-account history, for accounts git knows nothing about.
static NO_ACCOUNT: AccountHistory = AccountHistory {
    changed_since_approval: None,
    approval_diff: None,
    slips: Vec::new(),
    relationship_since: BTreeMap::new(),
};

impl SiteHistory {
    /// No history at all (outside git, or before it was read).
    pub const EMPTY: SiteHistory = SiteHistory {
        available: false,
        unavailable: None,
        last_updated: BTreeMap::new(),
        trends: trends::Trends::EMPTY,
        moves: Vec::new(),
        accounts: BTreeMap::new(),
        log: Vec::new(),
        review: ReviewBase {
            date: None,
            starts_later: false,
            accounts: BTreeMap::new(),
        },
    };

    /// An empty history that says why.
    pub fn unavailable(why: Unavailable) -> SiteHistory {
        SiteHistory {
            unavailable: Some(why),
            ..SiteHistory::default()
        }
    }

    /// Moves of the last 90 days before `today`, newest first (the dashboard's list).
    pub fn recent_moves(&self, today: NaiveDate) -> Vec<SegmentMove> {
        let start = today.checked_sub_days(Days::new(MOVES_WINDOW_DAYS)).unwrap_or(today);
        let mut out: Vec<SegmentMove> = self.moves.iter().filter(|m| m.date >= start).cloned().collect();
        out.sort_by(|a, b| b.date.cmp(&a.date).then(a.id.cmp(&b.id)));
        out
    }

    /// One account's moves, oldest first (the plan page's list).
    pub fn moves_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a SegmentMove> + 'a {
        self.moves.iter().filter(move |m| m.id == id)
    }

    /// A plan's segment and scores at the last 12 month ends at which it
    /// existed, then now (`now`: its derived values at `today`); empty when it existed
    /// at none (the plan page's segment history, a view of its trend).
    pub fn timeline(&self, id: &str, now: &crate::derive::Account, today: NaiveDate) -> Vec<HistoryPoint> {
        let Some(past) = self.trends.accounts.get(id) else {
            return Vec::new();
        };
        let from = self.trends.month_ends.len().saturating_sub(MONTHS);
        let mut out: Vec<HistoryPoint> = self.trends.month_ends[from..]
            .iter()
            .zip(&past[from..])
            .filter_map(|(date, p)| {
                let p = p.as_ref()?;
                Some(HistoryPoint {
                    date: *date,
                    label: trends::month_label(*date),
                    segment: p.segment,
                    relationship: p.relationship,
                    potential: p.potential,
                })
            })
            .collect();
        if out.is_empty() {
            return out;
        }
        out.push(HistoryPoint {
            date: today,
            label: "now".into(),
            segment: now.segment,
            relationship: crate::derive::round2(now.relationship),
            potential: crate::derive::round2(now.potential),
        });
        out
    }

    /// [`SiteHistory::timeline`] of every plan of `current` that has one, by id.
    pub fn timelines(&self, current: &Analysis) -> BTreeMap<String, Vec<HistoryPoint>> {
        current
            .site
            .plans
            .iter()
            .zip(&current.portfolio.accounts)
            .map(|(p, a)| (p.id.clone(), self.timeline(&p.id, a, current.portfolio.today)))
            .filter(|(_, line)| !line.is_empty())
            .collect()
    }

    /// One account's history (empty when git knows nothing of it).
    pub fn account(&self, id: &str) -> &AccountHistory {
        self.accounts.get(id).unwrap_or(&NO_ACCOUNT)
    }

    /// Opportunities with 2 or more slips or any regression: (account, slip),
    /// by account then opportunity (the dashboard's panel).
    pub fn slipping_deals(&self) -> Vec<(&str, &Slip)> {
        self.accounts
            .iter()
            .flat_map(|(id, a)| a.slips.iter().map(move |s| (id.as_str(), s)))
            .filter(|(_, s)| s.slips >= 2 || s.regressions > 0)
            .collect()
    }

    /// `portfolio.json`'s top-level `moves` (SPEC §10.1).
    pub fn moves_json(&self) -> Vec<serde_json::Value> {
        self.moves
            .iter()
            .map(|m| {
                serde_json::json!({
                    "account": m.id, "date": m.date, "commit": m.commit,
                    "from": m.from, "to": m.to, "cause": m.cause,
                })
            })
            .collect()
    }
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

/// What git says before the working tree is analysed.
enum Fetched {
    NotARepository,
    NoCommits,
    /// A shallow clone: only the (boundary-aware) last-updated dates.
    Shallow(BTreeMap<String, NaiveDate>),
    /// HEAD and the first-parent log with each commit's changes.
    Log(Repo, String, Vec<crate::git::LogCommit>),
}

/// The git reads of the history, started on another thread so that they
/// overlap loading and checking the site (`git log` is most of the cost).
pub struct Prefetch(std::thread::JoinHandle<Fetched>);

/// Starts reading the history of the site at `root`.
pub fn prefetch(root: &Path) -> Prefetch {
    let root = root.to_path_buf();
    Prefetch(std::thread::spawn(move || {
        let timer = crate::timing::Timer::start();
        let Some(repo) = Repo::open(&root) else {
            return Fetched::NotARepository;
        };
        let Some((head, shallow)) = repo.head_and_shallow() else {
            return Fetched::NoCommits;
        };
        if shallow {
            // No history to walk; the dates leave out the commits where the
            // clone is cut (see `Repo::last_updated`).
            return Fetched::Shallow(repo.last_updated());
        }
        // One pass over the log gives both the last-updated dates and the
        // commits of the window: git's tree diffs are most of the cost.
        let log = repo.first_parent_changes().unwrap_or_default();
        timer.lap("history: git log");
        Fetched::Log(repo, head, log)
    }))
}

impl Prefetch {
    /// Finishes the history for `current` (the working tree's analysis).
    pub fn collect(self, root: &Path, current: &Analysis, today: NaiveDate) -> SiteHistory {
        let timer = crate::timing::Timer::start();
        let fetched = self.0.join().unwrap_or(Fetched::NoCommits);
        timer.lap("history: waited for git log");
        let (by_file, mut history) = match fetched {
            Fetched::NotARepository => return SiteHistory::unavailable(Unavailable::NotARepository),
            Fetched::NoCommits => return SiteHistory::unavailable(Unavailable::NoCommits),
            Fetched::Shallow(dates) => (dates, SiteHistory::unavailable(Unavailable::Shallow)),
            Fetched::Log(repo, head, log) => {
                let mut by_file: BTreeMap<String, NaiveDate> = BTreeMap::new();
                for c in &log {
                    for ch in c.changes.iter().filter(|ch| ch.new.is_some()) {
                        // Newest first: the first date seen for a path is its last change.
                        by_file.entry(ch.path.clone()).or_insert(c.date);
                    }
                }
                (by_file, engine::walk(&repo, root, &head, &log, current, today))
            }
        };
        timer.lap("history: walk");
        history.last_updated = current
            .site
            .plans
            .iter()
            .filter_map(|p| by_file.get(&p.file).map(|d| (p.id.clone(), *d)))
            .collect();
        history
    }
}

/// Reads the history of the site at `root` for `current` (the working tree's analysis).
pub fn collect(root: &Path, current: &Analysis, today: NaiveDate) -> SiteHistory {
    prefetch(root).collect(root, current, today)
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
    fn recent_moves_are_the_last_90_days_newest_first() {
        let mv = |id: &str, date: &str| SegmentMove {
            id: id.into(),
            name: id.into(),
            from: Segment::Managed,
            to: Segment::Key,
            date: d(date),
            commit: String::new(),
            cause: Cause::Edited,
            explanation: Cause::Edited.explanation(),
            why: MoveWhy::default(),
        };
        let h = SiteHistory {
            moves: vec![mv("a", "2026-08-24"), mv("b", "2026-08-25"), mv("a", "2026-11-01")],
            ..SiteHistory::default()
        };
        // 2026-11-23 − 90 days = 2026-08-25.
        let recent: Vec<(String, NaiveDate)> = h
            .recent_moves(d("2026-11-23"))
            .into_iter()
            .map(|m| (m.id, m.date))
            .collect();
        assert_eq!(
            recent,
            [("a".to_string(), d("2026-11-01")), ("b".to_string(), d("2026-08-25"))]
        );
    }
}
