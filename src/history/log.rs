//! `planfolio log` (SPEC §10.2): the history as a changelog, newest first,
//! as Markdown (a PR comment, a terminal, a review pack) or JSON.

use super::{Change, LogEntry, SiteHistory};
use crate::report::escape_markdown as md;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashSet;

/// Where `--since` starts the log.
#[derive(Clone, Debug, PartialEq)]
pub enum Since {
    /// After this date.
    Date(NaiveDate),
    /// After a revision: the first-parent commits it does not contain (full hashes).
    Rev { rev: String, after: HashSet<String> },
}

impl Since {
    /// Whether an entry lies after the start (the working tree always does).
    fn keeps(&self, e: &LogEntry) -> bool {
        match self {
            Since::Date(d) => e.date > *d,
            Since::Rev { after, .. } => e.hash.is_empty() || after.contains(&e.hash),
        }
    }

    fn label(&self) -> String {
        match self {
            Since::Date(d) => d.to_string(),
            Since::Rev { rev, .. } => format!("`{}`", md(rev)),
        }
    }
}

/// The entries after `since` (all of them without it), newest first.
pub fn select<'a>(history: &'a SiteHistory, since: Option<&Since>) -> Vec<&'a LogEntry> {
    history
        .log
        .iter()
        .filter(|e| since.is_none_or(|s| s.keeps(e)))
        .collect()
}

/// `{"entries": [...]}`.
pub fn json(entries: &[&LogEntry]) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        entries: &'a [&'a LogEntry],
    }
    serde_json::to_string_pretty(&Out { entries }).unwrap_or_default() + "\n"
}

use crate::words::count as plural;

/// One line per event; every value from a plan goes through [`md`].
fn event_line(name: &str, account: &str, change: &Change) -> String {
    let what = match change {
        Change::Move { from, to, cause, why } => {
            let cause = match cause {
                super::Cause::Edited => "edited".to_string(),
                c => format!("{}: {}", c.as_str(), c.explanation()),
            };
            if why.is_empty() {
                format!("segment **{from} → {to}** ({cause})")
            } else {
                format!("segment **{from} → {to}** ({cause}; {})", md(why))
            }
        }
        Change::Added { segment } => format!("plan added ({segment})"),
        Change::Removed { segment } => format!("plan removed (was {segment})"),
        Change::Slip { opportunity, from, to } => {
            format!("opportunity `{}` slipped: close date {from} → {to}", md(opportunity))
        }
        Change::Regression { opportunity, from, to } => {
            format!("opportunity `{}` went back: stage {from} → {to}", md(opportunity))
        }
        Change::Relationship { contact, from, to } => match from {
            Some(from) => format!("contact `{}`: relationship {from} → {to}", md(contact)),
            None => format!("contact `{}`: relationship {to}", md(contact)),
        },
        Change::Approved { from, to } => match from {
            Some(from) => format!("approved on {to} (was {from})"),
            None => format!("approved on {to}"),
        },
    };
    format!("- **{}** (`{}`): {what}\n", md(name), md(account))
}

/// The changelog as Markdown: a title, a one-line summary, then one section
/// per commit, newest first.
pub fn markdown(history: &SiteHistory, entries: &[&LogEntry], since: Option<&Since>, months: u32) -> String {
    let title = match since {
        Some(s) => format!("# Portfolio changes since {}\n\n", s.label()),
        None => format!(
            "# Portfolio changes in the last {}\n\n",
            plural(months as usize, "month", "months")
        ),
    };
    let mut out = title;
    if let Some(why) = history.unavailable {
        out.push_str(why.message());
        out.push('\n');
        return out;
    }
    if entries.is_empty() {
        out.push_str(
            "No segment moves, added or removed plans, slips, regressions, relationship changes or approvals.\n",
        );
        return out;
    }
    let count = |kind: &str| {
        entries
            .iter()
            .flat_map(|e| &e.events)
            .filter(|ev| ev.change.kind() == kind)
            .count()
    };
    let mut parts = vec![plural(entries.len(), "commit", "commits")];
    for (kind, one, many) in [
        ("move", "segment move", "segment moves"),
        ("added", "plan added", "plans added"),
        ("removed", "plan removed", "plans removed"),
        ("slip", "slip", "slips"),
        ("regression", "regression", "regressions"),
        ("relationship", "relationship change", "relationship changes"),
        ("approved", "approval", "approvals"),
    ] {
        let n = count(kind);
        if n > 0 {
            parts.push(plural(n, one, many));
        }
    }
    out.push_str(&parts.join(" · "));
    out.push('\n');
    for e in entries {
        let commit = if e.commit.is_empty() {
            String::new()
        } else {
            format!(" (`{}`)", e.commit)
        };
        out.push_str(&format!("\n## {} — {}{commit}\n\n", e.date, md(&e.subject)));
        for ev in &e.events {
            out.push_str(&event_line(&ev.name, &ev.account, &ev.change));
        }
    }
    out
}
