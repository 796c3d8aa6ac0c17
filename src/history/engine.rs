//! The history walk (SPEC §10.1): the portfolio at every analysed commit,
//! oldest first, built incrementally.
//!
//! Git is read by a handful of processes whatever the size of the history:
//! one `git log --raw` for the commits and the blobs each changed (shared
//! with the last-updated dates), one
//! `git ls-tree` of HEAD, one `git status` for the working tree and one
//! `git cat-file --batch` for the file versions that are not already parsed.
//! The state at the first commit of the window comes from HEAD's tree with
//! the window's changes undone, so a file that did not change in the window is
//! never read from git: its version is the working tree's, parsed by the
//! build. Each (path, blob) is parsed once; each commit re-derives only the
//! plans it changed, plus every plan's potential and segment when the
//! threshold or the config moved.

use super::trends::{AccountPoint, PortfolioPoint, Trends, segment_counts};
use super::{
    AccountHistory, ApprovalDiff, Cause, Change, LogEntry, LogEvent, PipelineAt, ReviewBase, SegmentMove, SiteHistory,
    Slip, Unavailable, month_ends, why,
};
use crate::derive;
use crate::diagnostic::Severity;
use crate::git::{LogCommit, Repo};
use crate::load::{CONFIG_FILE, FileKind, SourceFile, file_id, parse_file};
use crate::model::{Config, OppStage, Plan, Segment, Site, TeamMember};
use crate::pipeline::Analysis;
use chrono::{Months, NaiveDate};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

/// Where a file's content at some point comes from.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Key {
    /// A blob in git.
    Blob(String),
    /// The working tree (already parsed by the build).
    Worktree,
}

/// One analysed point: a commit, or the working tree.
struct Point {
    /// Full hash; "" for the working tree.
    hash: String,
    date: NaiveDate,
    subject: String,
    /// Site files (plans and config) the point changed: new content, or `None` when removed.
    changes: BTreeMap<String, Option<Key>>,
}

/// A file's content as the history uses it.
#[derive(Clone)]
enum Version {
    /// A plan (for versions read from git, only the fields the history uses).
    Plan {
        plan: Arc<Plan>,
        errors: bool,
    },
    Config {
        config: Arc<Config>,
        errors: bool,
    },
    /// Nothing usable (e.g. YAML syntax error): the previous values stay.
    Broken,
}

/// An account in the state of the walk.
struct Acc {
    /// Its plan file now, and that file's content.
    path: String,
    key: Key,
    plan: Arc<Plan>,
    relationship: f64,
    /// Its money under the config in force (SPEC §5.6, §5.7).
    money: derive::Money,
    potential_value: f64,
    potential: f64,
    /// The declared segment, else the computed one.
    segment: Segment,
    computed: Segment,
    /// Its number of findings at the last month end, with what they depended
    /// on there; cleared when its plan or the config changes.
    findings: Option<(FindingsKey, usize)>,
}

/// What a plan's findings depend on besides its plan and the config: the
/// segments, and what the date decides (SPEC §7 `stale-review`, `overdue-action`).
#[derive(PartialEq)]
struct FindingsKey {
    segment: Segment,
    computed: Segment,
    stale: bool,
    overdue: Vec<usize>,
}

/// An opportunity followed through the window.
#[derive(Default)]
struct OppTrack {
    close: Option<NaiveDate>,
    stage: Option<OppStage>,
    slips: usize,
    regressions: usize,
    closes: Vec<NaiveDate>,
}

impl OppTrack {
    fn see_close(&mut self, close: Option<NaiveDate>) {
        if let Some(c) = close
            && !self.closes.contains(&c)
        {
            self.closes.push(c);
        }
        self.close = close;
    }
}

/// The plan's relationship score and potential value under `cfg` (in the
/// site currency when the plan's currency has a rate, SPEC §5.7). The one
/// place the history computes scores, through derive's public functions, so
/// it always agrees with the build.
fn scores(plan: &Plan, cfg: &Config) -> (f64, derive::Money) {
    (derive::relationship(plan, cfg), derive::Money::of_plan(plan, cfg))
}

/// The threshold `t` of SPEC §5.2 over the potential values (kept sorted).
fn threshold(cfg: &Config, sorted_values: &[f64]) -> f64 {
    cfg.potential_high_from.unwrap_or_else(|| derive::median(sorted_values))
}

/// Potential score and segment (declared, else computed) of an account.
fn classify(acc: &mut Acc, t: f64, cfg: &Config) {
    acc.potential = derive::potential(acc.potential_value, t);
    let computed = derive::segment(
        derive::potential_is_high(acc.potential),
        derive::relationship_is_high(acc.relationship, cfg),
    );
    acc.computed = computed;
    acc.segment = acc.plan.segment.as_ref().map_or(computed, |s| s.value);
}

/// The plan without its Markdown body, which the history never reads (the
/// month ends' findings read everything else).
fn strip(plan: &Plan) -> Plan {
    Plan {
        body: String::new(),
        ..plan.clone()
    }
}

fn insert_sorted(values: &mut Vec<f64>, v: f64) {
    let at = values.partition_point(|x| x.total_cmp(&v).is_lt());
    values.insert(at, v);
}

fn remove_sorted(values: &mut Vec<f64>, v: f64) {
    let at = values.partition_point(|x| x.total_cmp(&v).is_lt());
    if values.get(at).is_some_and(|x| x.total_cmp(&v).is_eq()) {
        values.remove(at);
    }
}

/// The shortest prefix (at least 7 characters) that tells the hashes apart.
fn short_len(hashes: &[&str]) -> usize {
    let mut len = 7;
    while len < 40 {
        let mut seen = HashSet::new();
        if hashes.iter().all(|h| seen.insert(h.get(..len).unwrap_or(h))) {
            break;
        }
        len += 1;
    }
    len
}

/// What git says before any file is parsed.
struct Points {
    /// Oldest first.
    points: Vec<Point>,
    /// HEAD's site files: path → blob.
    head_tree: BTreeMap<String, String>,
    /// Site files whose working-tree content differs from HEAD.
    dirty: BTreeSet<String>,
}

/// A parsed version read from git: (path, blob), the version, and the whole
/// plan when an approval diff needs it.
type ParsedVersion = ((String, String), Version, Option<Arc<Plan>>);

/// The analysed points, oldest first, and HEAD's tree: the first commit of
/// the window with every site file it holds, then each later commit with its
/// changes, then the working tree when it differs.
fn points(repo: &Repo, root: &Path, head: &str, log: &[LogCommit], today: NaiveDate, months: u32) -> Option<Points> {
    if months == 0 {
        // No window at all (the config allows 1 to 1200 months).
        return None;
    }
    let start = today.checked_sub_months(Months::new(months))?;
    // The window: first-parent order, so everything past the first commit
    // dated before it is older still.
    let log = &log[..log.iter().position(|c| c.date < start).unwrap_or(log.len())];
    // A commit dated after `today` (a skewed clock, or a pinned `--today`)
    // is still a commit of HEAD: it is analysed, with its own date. Were it
    // left out, its changes would show as the working tree's although the
    // tree matches HEAD.
    let first = log.len().checked_sub(1)?;
    let (tree, status) = std::thread::scope(|s| {
        let status = s.spawn(|| repo.worktree_changes());
        (repo.tree_of_commit(head), status.join())
    });
    let head_tree: BTreeMap<String, String> = tree.ok()?.into_iter().collect();
    let dirty: BTreeSet<String> = status.ok()?.ok()?.into_iter().collect();

    // The tree at the first analysed commit: HEAD's, with every later change undone.
    let mut tree: BTreeMap<String, String> = head_tree.clone();
    for c in &log[..first] {
        for ch in &c.changes {
            match &ch.old {
                Some(old) => tree.insert(ch.path.clone(), old.clone()),
                None => tree.remove(&ch.path),
            };
        }
    }
    let c0 = &log[first];
    let mut out = vec![Point {
        hash: c0.hash.clone(),
        date: c0.date,
        subject: c0.subject.clone(),
        changes: tree.into_iter().map(|(p, b)| (p, Some(Key::Blob(b)))).collect(),
    }];
    for c in log[..first].iter().rev() {
        out.push(Point {
            hash: c.hash.clone(),
            date: c.date,
            subject: c.subject.clone(),
            changes: c
                .changes
                .iter()
                .map(|ch| (ch.path.clone(), ch.new.clone().map(Key::Blob)))
                .collect(),
        });
    }
    // The working tree is a point only where it differs from HEAD.
    if !dirty.is_empty() {
        out.push(Point {
            hash: String::new(),
            date: today,
            subject: "Uncommitted changes in the working tree".into(),
            changes: dirty
                .iter()
                .map(|rel| (rel.clone(), root.join(rel).is_file().then_some(Key::Worktree)))
                .collect(),
        });
    }
    Some(Points {
        points: out,
        head_tree,
        dirty,
    })
}

/// Walks the history of the repository holding `root` (HEAD is `head`).
pub(super) fn walk(
    repo: &Repo,
    root: &Path,
    head: &str,
    log: &[LogCommit],
    current: &Analysis,
    today: NaiveDate,
) -> SiteHistory {
    let timer = crate::timing::Timer::start();
    let months = current.site.config.history_months;
    let Some(Points {
        points,
        head_tree,
        dirty,
    }) = points(repo, root, head, log, today, months)
    else {
        return SiteHistory::unavailable(Unavailable::NoCommits);
    };
    timer.lap("history: git log, tree and status");

    // Approvals: the plan as approved is the one at the last analysed
    // commit on or before the approval date.
    let commit_points = points.iter().filter(|p| !p.hash.is_empty()).count();
    let approval_point = |approved: NaiveDate| points[..commit_points].iter().rposition(|p| p.date <= approved);
    let mut approvals_at: BTreeMap<usize, Vec<&Plan>> = BTreeMap::new();
    for plan in &current.site.plans {
        if let Some(i) = plan.status.approved.and_then(approval_point) {
            approvals_at.entry(i).or_default().push(plan);
        }
    }
    let approved: HashMap<&str, &Plan> = approvals_at.values().flatten().map(|p| (p.id.as_str(), *p)).collect();
    // Blob-level replay, following each approved plan by its id (its file may
    // have moved): the version in force at its approval, as (path, content),
    // and the points at which its content changed.
    let mut approval_keys: HashMap<(usize, &str), (String, Key)> = HashMap::new();
    let mut changed_at: HashMap<&str, Vec<usize>> = HashMap::new();
    {
        let mut tree: BTreeMap<&str, &Key> = BTreeMap::new();
        let mut paths_of: HashMap<&str, BTreeSet<&str>> = HashMap::new();
        let mut last: HashMap<&str, Option<&Key>> = HashMap::new();
        /// The plan's file and its content: where it is now if that path
        /// holds it, else the first other path with its id.
        fn file_of<'a>(
            tree: &BTreeMap<&'a str, &'a Key>,
            paths_of: &HashMap<&str, BTreeSet<&'a str>>,
            plan: &'a Plan,
        ) -> Option<(&'a str, &'a Key)> {
            let path = Some(plan.file.as_str())
                .filter(|f| tree.contains_key(f))
                .or_else(|| paths_of.get(plan.id.as_str())?.first().copied())?;
            Some((path, *tree.get(path)?))
        }
        for (i, p) in points.iter().enumerate() {
            let mut ids: BTreeSet<&str> = BTreeSet::new();
            for (path, key) in &p.changes {
                let is_plan = FileKind::of(path) == Some(FileKind::Plan);
                let id = file_id(path);
                match key {
                    Some(k) => {
                        tree.insert(path, k);
                        if is_plan {
                            paths_of.entry(id).or_default().insert(path);
                        }
                    }
                    None => {
                        tree.remove(path.as_str());
                        if let Some(set) = paths_of.get_mut(id) {
                            set.remove(path.as_str());
                        }
                    }
                };
                if is_plan && approved.contains_key(id) {
                    ids.insert(id);
                }
            }
            for id in ids {
                let Some(plan) = approved.get(id) else { continue };
                let now = file_of(&tree, &paths_of, plan).map(|(_, k)| k);
                if last.insert(id, now) != Some(now) {
                    changed_at.entry(id).or_default().push(i);
                }
            }
            for plan in approvals_at.get(&i).into_iter().flatten() {
                if let Some((path, k)) = file_of(&tree, &paths_of, plan) {
                    approval_keys.insert((i, plan.id.as_str()), (path.to_string(), k.clone()));
                }
            }
        }
    }

    // Versions: from the build's parse when the content is the working
    // tree's, else read from git (one cat-file) and parsed in parallel.
    let current_plans: HashMap<&str, &Arc<Plan>> = current.site.plans.iter().map(|p| (p.file.as_str(), p)).collect();
    let error_files: HashSet<&str> = current
        .diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .map(|d| d.file.as_str())
        .collect();
    let is_current = |path: &str, key: &Key| match key {
        Key::Worktree => true,
        Key::Blob(b) => head_tree.get(path) == Some(b) && !dirty.contains(path),
    };
    let current_version = |path: &str| -> Version {
        let errors = error_files.contains(path);
        if path == CONFIG_FILE {
            Version::Config {
                config: Arc::new(current.site.config.clone()),
                errors,
            }
        } else {
            current_plans.get(path).map_or(Version::Broken, |p| Version::Plan {
                plan: Arc::clone(p),
                errors,
            })
        }
    };
    let mut wanted: BTreeSet<(&str, &str)> = BTreeSet::new();
    for p in &points {
        for (path, key) in &p.changes {
            if let Some(Key::Blob(b)) = key
                && !is_current(path, &Key::Blob(b.clone()))
            {
                wanted.insert((path, b));
            }
        }
    }
    for (path, key) in approval_keys.values() {
        if let Key::Blob(b) = key
            && !is_current(path, key)
        {
            wanted.insert((path, b));
        }
    }
    let full_wanted: HashSet<(&str, &str)> = approval_keys
        .values()
        .filter_map(|(path, key)| match key {
            Key::Blob(b) => Some((path.as_str(), b.as_str())),
            Key::Worktree => None,
        })
        .collect();
    let ids: Vec<String> = wanted.iter().map(|(_, b)| b.to_string()).collect();
    let blobs = repo.read_blobs(&ids).unwrap_or_default();
    timer.lap("history: read blobs");
    let wanted: Vec<(&str, &str)> = wanted.into_iter().collect();
    let parsed: Vec<ParsedVersion> = wanted
        .par_iter()
        .map(|&(path, blob)| {
            let key = (path.to_string(), blob.to_string());
            let Some(bytes) = blobs.get(blob) else {
                return (key, Version::Broken, None);
            };
            let file = parse_file(&SourceFile {
                rel: path.to_string(),
                bytes: bytes.clone(),
            });
            let errors = file.has_errors();
            if let Some(plan) = file.plan() {
                let full = full_wanted.contains(&(path, blob)).then(|| Arc::clone(plan));
                let version = Version::Plan {
                    plan: Arc::new(strip(plan)),
                    errors,
                };
                (key, version, full)
            } else if let Some(config) = file.config() {
                let version = Version::Config {
                    config: Arc::new(config.clone()),
                    errors,
                };
                (key, version, None)
            } else {
                (key, Version::Broken, None)
            }
        })
        .collect();
    drop(blobs);
    let mut versions: HashMap<(String, String), Version> = HashMap::with_capacity(parsed.len());
    let mut full_plans: HashMap<(String, String), Arc<Plan>> = HashMap::new();
    for (key, version, full) in parsed {
        if let Some(full) = full {
            full_plans.insert(key.clone(), full);
        }
        versions.insert(key, version);
    }
    timer.lap("history: parse versions");
    let version_of = |path: &str, key: &Key| -> Version {
        match key {
            Key::Blob(b) if !is_current(path, key) => versions
                .get(&(path.to_string(), b.clone()))
                .cloned()
                .unwrap_or(Version::Broken),
            _ => current_version(path),
        }
    };

    let mut walker = Walker::new(today, months, current);
    for (i, p) in points.iter().enumerate() {
        walker.step(i, p, &version_of);
    }
    walker.finish_month_ends();
    walker.review_base_at(today, false);
    timer.lap("history: walk");
    let mut trends = std::mem::take(&mut walker.trends);
    let n = trends.month_ends.len();
    // Only the current plans have a `trend`.
    let mut past = std::mem::take(&mut trends.accounts);
    for plan in &current.site.plans {
        if let Some(mut line) = past.remove(&plan.id) {
            line.resize(n, None);
            trends.accounts.insert(plan.id.clone(), line);
        }
    }
    drop(past);

    // Changed since approval, per current plan.
    let mut accounts: BTreeMap<String, AccountHistory> = BTreeMap::new();
    for plan in &current.site.plans {
        let mut acc = AccountHistory {
            slips: walker.slips(&plan.id),
            relationship_since: walker.relationship_since(&plan.id),
            ..AccountHistory::default()
        };
        if let Some(approved) = plan.status.approved
            && let Some(at) = approval_point(approved)
        {
            let changed = changed_at
                .get(plan.id.as_str())
                .is_some_and(|list| list.iter().any(|&i| i > at));
            acc.changed_since_approval = Some(changed);
            if changed {
                let base: Arc<Plan> = match approval_keys.get(&(at, plan.id.as_str())) {
                    None => Arc::new(Plan::default()),
                    Some((path, key @ Key::Blob(b))) if !is_current(path, key) => {
                        full_plans.get(&(path.clone(), b.clone())).cloned().unwrap_or_default()
                    }
                    Some(_) => Arc::clone(plan),
                };
                let (added, removed) = crate::diff::item_changes(&base, plan);
                acc.approval_diff = Some(ApprovalDiff {
                    approved,
                    commit: points[at].hash.clone(),
                    date: points[at].date,
                    added,
                    removed,
                });
            }
        }
        accounts.insert(plan.id.clone(), acc);
    }

    let short = short_len(
        &points
            .iter()
            .map(|p| p.hash.as_str())
            .filter(|h| !h.is_empty())
            .collect::<Vec<_>>(),
    );
    let mut log: Vec<LogEntry> = walker
        .entries
        .into_iter()
        .map(|(i, mut events)| {
            events.sort_by(|a, b| {
                (a.account.as_str(), kind_order(&a.change), detail(&a.change)).cmp(&(
                    b.account.as_str(),
                    kind_order(&b.change),
                    detail(&b.change),
                ))
            });
            let p = &points[i];
            LogEntry {
                hash: p.hash.clone(),
                commit: p.hash.get(..short).unwrap_or(&p.hash).to_string(),
                date: p.date,
                subject: p.subject.clone(),
                events,
            }
        })
        .collect();
    log.reverse();
    let mut moves = walker.moves;
    // Stable: moves of one account on one day keep their commit order.
    moves.sort_by(|a, b| a.date.cmp(&b.date).then(a.id.cmp(&b.id)));
    SiteHistory {
        available: true,
        unavailable: None,
        last_updated: BTreeMap::new(),
        trends,
        moves,
        accounts,
        log,
        review: walker.review,
    }
}

/// Events of one account in a fixed order of kinds.
fn kind_order(c: &Change) -> u8 {
    match c {
        Change::Added { .. } => 0,
        Change::Removed { .. } => 1,
        Change::Move { .. } => 2,
        Change::Approved { .. } => 3,
        Change::Relationship { .. } => 4,
        Change::Slip { .. } => 5,
        Change::Regression { .. } => 6,
    }
}

fn detail(c: &Change) -> &str {
    match c {
        Change::Slip { opportunity, .. } | Change::Regression { opportunity, .. } => opportunity,
        Change::Relationship { contact, .. } => contact,
        _ => "",
    }
}

/// The state of the walk and what it has found so far.
struct Walker {
    today: NaiveDate,
    config: Arc<Config>,
    accounts: BTreeMap<String, Acc>,
    /// Plan file → account id.
    by_path: HashMap<String, String>,
    /// Potential values of all accounts, sorted, for the median.
    values: Vec<f64>,
    threshold: Option<f64>,
    /// Account → opportunity → its track.
    opps: HashMap<String, BTreeMap<String, OppTrack>>,
    since: HashMap<String, BTreeMap<String, NaiveDate>>,
    moves: Vec<SegmentMove>,
    /// (point index, events) for points with events, oldest first.
    entries: Vec<(usize, Vec<LogEvent>)>,
    month_ends: Vec<NaiveDate>,
    next_end: usize,
    /// The site as the month ends' findings see it: the config in force,
    /// the team members then (`team`), the current competitor profiles.
    site: Site,
    /// Team file → member (named as in the working tree when it is there).
    team: BTreeMap<String, TeamMember>,
    team_changed: bool,
    /// The working tree's team members, by id (for their names).
    current_team: HashMap<String, TeamMember>,
    trends: Trends,
    /// The date of the last review, and the state recorded there.
    review_date: NaiveDate,
    review: ReviewBase,
}

impl Walker {
    fn new(today: NaiveDate, months: u32, current: &Analysis) -> Walker {
        Walker {
            today,
            config: Arc::new(Config::default()),
            accounts: BTreeMap::new(),
            by_path: HashMap::new(),
            values: Vec::new(),
            threshold: None,
            opps: HashMap::new(),
            since: HashMap::new(),
            moves: Vec::new(),
            entries: Vec::new(),
            // Every month end a commit of the window can precede.
            month_ends: month_ends(today, months as usize),
            next_end: 0,
            site: Site {
                config: Config::default(),
                index: None,
                plans: Vec::new(),
                team: Vec::new(),
                competitors: current.site.competitors.clone(),
            },
            team: BTreeMap::new(),
            team_changed: false,
            current_team: current.site.team.iter().map(|m| (m.id.clone(), m.clone())).collect(),
            trends: Trends::default(),
            review_date: current.site.config.last_review(today),
            review: ReviewBase::default(),
        }
    }

    /// Records every account's money as the state at the review, once.
    fn review_base_at(&mut self, date: NaiveDate, starts_later: bool) {
        if self.review.date.is_some() {
            return;
        }
        self.review = ReviewBase {
            date: Some(if starts_later { date } else { self.review_date }),
            starts_later,
            accounts: self
                .accounts
                .iter()
                .map(|(id, a)| {
                    let m = derive::Money::of_plan(&a.plan, &self.config);
                    let at = PipelineAt {
                        currency: m.currency,
                        open_pipeline: m.own.open_pipeline,
                        secured: m.own.secured,
                    };
                    (id.clone(), at)
                })
                .collect(),
        };
    }

    /// Records the state in force at each month end before `date`.
    fn month_ends_before(&mut self, date: NaiveDate) {
        while let Some(&end) = self.month_ends.get(self.next_end) {
            if end >= date {
                break;
            }
            self.record(end);
            self.next_end += 1;
        }
    }

    /// The portfolio and every account at the month end `end`, analysed with
    /// `end` as today (SPEC §10.3). A plan's findings are derived again only
    /// when its plan, the config, its segments or what the date decides
    /// changed since the last month end.
    fn record(&mut self, end: NaiveDate) {
        if self.team_changed {
            self.site.team = self.team.values().cloned().collect();
            self.team_changed = false;
        }
        let t = self.threshold.unwrap_or(0.0);
        let site = &self.site;
        self.accounts.par_iter_mut().for_each(|(_, a)| {
            let key = FindingsKey {
                segment: a.segment,
                computed: a.computed,
                stale: derive::is_stale(&a.plan, end, site.config.max_age_days),
                overdue: derive::overdue_actions(&a.plan, end),
            };
            if a.findings.as_ref().is_some_and(|(k, _)| *k == key) {
                return;
            }
            let n = derive::account(&a.plan, a.money.clone(), t, site, end).findings.len();
            a.findings = Some((key, n));
        });
        let k = self.trends.month_ends.len();
        let mut total = derive::Total::default();
        let mut findings = 0;
        // Every line has room for all its month ends at once (no doubling
        // over 10,000 lines): those recorded and those still to come.
        let months = k + self.month_ends.len().saturating_sub(self.next_end);
        for (id, a) in &self.accounts {
            total.add(&a.money);
            findings += a.findings.as_ref().map_or(0, |(_, n)| *n);
            let line = self
                .trends
                .accounts
                .entry(id.clone())
                .or_insert_with(|| Vec::with_capacity(months));
            line.resize(k, None);
            line.push(Some(AccountPoint::new(
                a.segment,
                a.relationship,
                a.potential,
                &a.money,
            )));
        }
        findings +=
            derive::findings::overloaded_members(site, self.accounts.values().map(|a| (a.plan.as_ref(), a.segment)))
                .len();
        self.trends.month_ends.push(end);
        self.trends.portfolio.push(PortfolioPoint::new(
            self.accounts.len(),
            &total,
            segment_counts(self.accounts.values().map(|a| a.segment)),
            findings,
        ));
    }

    /// The month ends after the last commit.
    fn finish_month_ends(&mut self) {
        let after_all = self.today.succ_opt().unwrap_or(self.today);
        self.month_ends_before(after_all);
    }

    /// Starts following a plan that appeared at `path` (scored with the others later).
    fn add(&mut self, path: &str, key: &Key, plan: Arc<Plan>, date: NaiveDate, baseline: bool) {
        let id = plan.id.clone();
        let tracks = self.opps.entry(id.clone()).or_default();
        for o in &plan.opportunities {
            let t = tracks.entry(o.id.value.clone()).or_default();
            t.see_close(o.close);
            t.stage = Some(o.stage);
        }
        if !baseline {
            let since = self.since.entry(id.clone()).or_default();
            for c in plan.contacts.iter().filter(|c| c.relationship.is_some()) {
                since.insert(c.id.value.clone(), date);
            }
        }
        self.by_path.insert(path.to_string(), id.clone());
        self.accounts.insert(
            id,
            Acc {
                path: path.to_string(),
                key: key.clone(),
                money: derive::Money::of_plan(&plan, &self.config),
                plan,
                relationship: 0.0,
                potential_value: f64::NAN,
                potential: 0.0,
                segment: Segment::Maintained,
                computed: Segment::Maintained,
                findings: None,
            },
        );
    }

    /// Applies one point: new versions, rescoring, events.
    fn step(&mut self, i: usize, p: &Point, version_of: &dyn Fn(&str, &Key) -> Version) {
        let baseline = i == 0;
        if baseline {
            // Month ends before the first commit have no state.
            while self.month_ends.get(self.next_end).is_some_and(|e| *e < p.date) {
                self.next_end += 1;
            }
        } else {
            self.month_ends_before(p.date);
            // The state at the review: before the first point dated on or after it.
            if p.date >= self.review_date {
                self.review_base_at(p.date, false);
            }
        }
        let mut events: Vec<LogEvent> = Vec::new();
        let config_touched = p.changes.contains_key(CONFIG_FILE);
        // The state before this point, to explain a move in words.
        let old_config = Arc::clone(&self.config);
        let old_threshold = self.threshold;
        let mut old_plans: HashMap<String, Arc<Plan>> = HashMap::new();
        let mut rescore_all = false;
        if let Some(change) = p.changes.get(CONFIG_FILE) {
            let next = match change {
                None => Some(Arc::new(Config::default())),
                Some(key) => match version_of(CONFIG_FILE, key) {
                    Version::Config { config, errors: false } => Some(config),
                    // A config with errors leaves the previous one in force.
                    _ => None,
                },
            };
            if let Some(next) = next
                && *next != *self.config
            {
                self.site.config = (*next).clone();
                self.config = next;
                rescore_all = true;
            }
        }
        // Team members come and go with their files (for `owner-overload`).
        for (path, key) in p
            .changes
            .iter()
            .filter(|(path, _)| FileKind::of(path) == Some(FileKind::Team))
        {
            let id = file_id(path);
            match key {
                Some(_) => {
                    let member = self.current_team.get(id).cloned().unwrap_or_else(|| TeamMember {
                        id: id.to_string(),
                        file: path.clone(),
                        name: id.to_string(),
                        title: None,
                        manager: None,
                        email: None,
                        body: String::new(),
                    });
                    self.team.insert(path.clone(), member);
                }
                None => {
                    self.team.remove(path);
                }
            }
            self.team_changed = true;
        }
        let mut touched: BTreeSet<String> = BTreeSet::new();
        let mut added: BTreeSet<String> = BTreeSet::new();
        // Accounts whose plan content this point changed (for the cause of a move).
        let mut edited: BTreeSet<String> = BTreeSet::new();
        let plan_changes = p
            .changes
            .iter()
            .filter(|(path, _)| FileKind::of(path) == Some(FileKind::Plan));
        // New and changed files first, removals after: an account is its id,
        // so a file that moved (same name, another folder of
        // content/accounts/) carries the account over before its old path
        // goes away, and the move is neither a removal nor an addition.
        for (path, key) in plan_changes
            .clone()
            .filter_map(|(path, key)| Some((path, key.as_ref()?)))
        {
            let version = version_of(path, key);
            let id = match self.by_path.get(path) {
                Some(id) => {
                    // Changed in place.
                    edited.insert(id.clone());
                    id.clone()
                }
                None => {
                    let id = file_id(path);
                    match self.accounts.get(id) {
                        // Its file was removed at this point: it moved here.
                        Some(a) if p.changes.get(&a.path) == Some(&None) => {
                            // Moved as it was (the same blob), or edited too.
                            if a.key != *key || *key == Key::Worktree {
                                edited.insert(id.to_string());
                            }
                            self.by_path.remove(&a.path);
                            self.by_path.insert(path.clone(), id.to_string());
                            if let Some(a) = self.accounts.get_mut(id) {
                                a.path = path.clone();
                            }
                            id.to_string()
                        }
                        // Another file already has this id; the first one keeps it.
                        Some(_) => continue,
                        None => {
                            if let Version::Plan { plan, errors: false } = version {
                                self.add(path, key, plan, p.date, baseline);
                                touched.insert(id.to_string());
                                added.insert(id.to_string());
                            }
                            // A version with errors waits to appear until it reads cleanly.
                            continue;
                        }
                    }
                }
            };
            let Some(a) = self.accounts.get_mut(&id) else {
                continue;
            };
            a.key = key.clone();
            if let Version::Plan { plan, errors: false } = version {
                if !baseline {
                    events.extend(plan_events(
                        &id,
                        &a.plan,
                        &plan,
                        p.date,
                        &mut self.opps,
                        &mut self.since,
                    ));
                }
                old_plans.entry(id.clone()).or_insert_with(|| Arc::clone(&a.plan));
                a.plan = plan;
                a.findings = None;
                touched.insert(id);
            }
            // A version with errors keeps the previous values.
        }
        for (path, _) in plan_changes.filter(|(_, key)| key.is_none()) {
            // The file went away (a file that moved no longer holds its account).
            let Some(id) = self.by_path.remove(path) else {
                continue;
            };
            if let Some(a) = self.accounts.remove(&id) {
                remove_sorted(&mut self.values, a.potential_value);
                touched.remove(&id);
                if !baseline {
                    events.push(LogEvent {
                        account: id.clone(),
                        name: a.plan.name.clone(),
                        change: Change::Removed { segment: a.segment },
                    });
                }
            }
        }

        // Scores: every plan when the config changed, else only those that did.
        let cfg = Arc::clone(&self.config);
        if rescore_all {
            self.values.clear();
            for a in self.accounts.values_mut() {
                (a.relationship, a.money) = scores(&a.plan, &cfg);
                a.potential_value = a.money.potential_value_for_score();
                a.findings = None;
                self.values.push(a.potential_value);
            }
            self.values.sort_by(f64::total_cmp);
        } else {
            for id in &touched {
                if let Some(a) = self.accounts.get_mut(id) {
                    if !a.potential_value.is_nan() {
                        remove_sorted(&mut self.values, a.potential_value);
                    }
                    (a.relationship, a.money) = scores(&a.plan, &cfg);
                    a.potential_value = a.money.potential_value_for_score();
                    insert_sorted(&mut self.values, a.potential_value);
                }
            }
        }
        let t = threshold(&cfg, &self.values);
        // Everyone is reclassified when the threshold or the config moved;
        // otherwise only the plans this point changed.
        let everyone = rescore_all || self.threshold.is_none_or(|old| old.to_bits() != t.to_bits());
        let mut moved: Vec<(String, Segment)> = Vec::new();
        let mut reclassify = |id: &String, a: &mut Acc| {
            let old = a.segment;
            classify(a, t, &cfg);
            if a.segment != old && !added.contains(id) {
                moved.push((id.clone(), old));
            }
        };
        if everyone {
            for (id, a) in self.accounts.iter_mut() {
                reclassify(id, a);
            }
        } else {
            for id in &touched {
                if let Some(a) = self.accounts.get_mut(id) {
                    reclassify(id, a);
                }
            }
        }
        self.threshold = Some(t);

        for id in &added {
            if let (false, Some(a)) = (baseline, self.accounts.get(id)) {
                events.push(LogEvent {
                    account: id.clone(),
                    name: a.plan.name.clone(),
                    change: Change::Added { segment: a.segment },
                });
            }
        }
        if !baseline {
            for (id, old) in moved {
                let Some(a) = self.accounts.get(&id) else { continue };
                let cause = if edited.contains(&id) {
                    Cause::Edited
                } else if config_touched {
                    Cause::Config
                } else {
                    Cause::Threshold
                };
                let why = why::explain(
                    &why::Side {
                        plan: old_plans.get(&id).unwrap_or(&a.plan),
                        config: &old_config,
                        threshold: old_threshold.unwrap_or(t),
                    },
                    &why::Side {
                        plan: &a.plan,
                        config: &cfg,
                        threshold: t,
                    },
                    old,
                    a.segment,
                );
                self.moves.push(SegmentMove {
                    id: id.clone(),
                    name: a.plan.name.clone(),
                    from: old,
                    to: a.segment,
                    date: p.date,
                    commit: p.hash.clone(),
                    cause,
                    explanation: cause.explanation(),
                    why: why.clone(),
                });
                events.push(LogEvent {
                    account: id,
                    name: a.plan.name.clone(),
                    change: Change::Move {
                        from: old,
                        to: a.segment,
                        cause,
                        why: why.text(),
                    },
                });
            }
        }
        if !events.is_empty() {
            self.entries.push((i, events));
        }
        if baseline && p.date >= self.review_date {
            // The window starts after the review: compare with its first commit.
            self.review_base_at(p.date, true);
        }
    }

    /// The account's opportunities with a slip or a regression, by id.
    fn slips(&self, id: &str) -> Vec<Slip> {
        self.opps
            .get(id)
            .into_iter()
            .flatten()
            .filter(|(_, t)| t.slips > 0 || t.regressions > 0)
            .map(|(opp, t)| Slip {
                opportunity: opp.clone(),
                slips: t.slips,
                regressions: t.regressions,
                closes: t.closes.clone(),
            })
            .collect()
    }

    /// Relationship dates of the account's contacts that have a relationship now.
    fn relationship_since(&self, id: &str) -> BTreeMap<String, NaiveDate> {
        let (Some(since), Some(a)) = (self.since.get(id), self.accounts.get(id)) else {
            return BTreeMap::new();
        };
        since
            .iter()
            .filter(|(contact, _)| {
                a.plan
                    .contacts
                    .iter()
                    .any(|c| &c.id.value == *contact && c.relationship.is_some())
            })
            .map(|(c, d)| (c.clone(), *d))
            .collect()
    }
}

/// Slips, regressions, relationship changes and approvals between two
/// versions of one plan, updating the tracks.
fn plan_events(
    id: &str,
    old: &Plan,
    new: &Plan,
    date: NaiveDate,
    opps: &mut HashMap<String, BTreeMap<String, OppTrack>>,
    since: &mut HashMap<String, BTreeMap<String, NaiveDate>>,
) -> Vec<LogEvent> {
    let mut out = Vec::new();
    let event = |change: Change| LogEvent {
        account: id.to_string(),
        name: new.name.clone(),
        change,
    };
    let tracks = opps.entry(id.to_string()).or_default();
    let mut seen = HashSet::new();
    for o in &new.opportunities {
        if !seen.insert(o.id.value.as_str()) {
            continue;
        }
        let t = tracks.entry(o.id.value.clone()).or_default();
        if let (Some(before), Some(after)) = (t.close, o.close)
            && after > before
        {
            t.slips += 1;
            out.push(event(Change::Slip {
                opportunity: o.id.value.clone(),
                from: before,
                to: after,
            }));
        }
        if let Some(before) = t.stage
            && let (Some(a), Some(b)) = (o.stage.progress(), before.progress())
            && a < b
        {
            t.regressions += 1;
            out.push(event(Change::Regression {
                opportunity: o.id.value.clone(),
                from: before,
                to: o.stage,
            }));
        }
        t.see_close(o.close);
        t.stage = Some(o.stage);
    }
    let dates = since.entry(id.to_string()).or_default();
    for c in &new.contacts {
        let before = old
            .contacts
            .iter()
            .find(|x| x.id.value == c.id.value)
            .and_then(|x| x.relationship);
        match c.relationship {
            Some(to) if before != Some(to) => {
                dates.insert(c.id.value.clone(), date);
                out.push(event(Change::Relationship {
                    contact: c.id.value.clone(),
                    from: before,
                    to,
                }));
            }
            None => {
                dates.remove(&c.id.value);
            }
            _ => {}
        }
    }
    if let Some(to) = new.status.approved
        && old.status.approved != Some(to)
    {
        out.push(event(Change::Approved {
            from: old.status.approved,
            to,
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_hashes_grow_until_unique() {
        assert_eq!(short_len(&["abcdef01", "12345678"]), 7);
        assert_eq!(short_len(&["abcdef01aa", "abcdef01bb"]), 9);
        assert_eq!(short_len(&[]), 7);
    }

    #[test]
    fn sorted_values_insert_and_remove() {
        let mut v = vec![];
        for x in [3.0, 1.0, 2.0, 2.0] {
            insert_sorted(&mut v, x);
        }
        assert_eq!(v, [1.0, 2.0, 2.0, 3.0]);
        remove_sorted(&mut v, 2.0);
        remove_sorted(&mut v, 9.0);
        assert_eq!(v, [1.0, 2.0, 3.0]);
    }

    #[test]
    fn lost_is_no_regression() {
        assert!(OppStage::Lost.progress().is_none());
        assert!(OppStage::Secured.progress() > OppStage::Forecast.progress());
    }
}
