//! Every URL of the site, relative to its root: the one place that knows
//! where a page lives (SPEC §9).

use crate::derive::{Item, Subject};
use crate::model::Segment;

/// The dashboard.
pub const DASHBOARD: &str = "index.html";
/// The attention page (every finding).
pub const ATTENTION: &str = "attention/index.html";
/// The not-found page.
pub const NOT_FOUND: &str = "404.html";

/// A plan's page.
pub fn plan(id: &str) -> String {
    format!("accounts/{id}/index.html")
}

/// An item on a plan's page.
pub fn plan_item(id: &str, item: &Item) -> String {
    format!("{}#{}", plan(id), item.anchor())
}

/// A team member's page.
pub fn member(id: &str) -> String {
    format!("team/{id}/index.html")
}

/// A competitor's page.
pub fn competitor(id: &str) -> String {
    format!("competitors/{id}/index.html")
}

/// A segment's page.
pub fn segment(s: Segment) -> String {
    segment_page(s, 1)
}

/// Page `n` (from 1) of a segment's accounts.
pub fn segment_page(s: Segment, n: usize) -> String {
    paged(&format!("segments/{s}"), n)
}

/// Page `n` (from 1) of the findings of one code (large portfolios only).
pub fn attention_code(code: crate::diagnostic::Code, n: usize) -> String {
    paged(&format!("attention/{code}"), n)
}

/// `<base>/index.html`, then `<base>/page/<n>/index.html`, as Hugo pages sections.
fn paged(base: &str, n: usize) -> String {
    if n <= 1 {
        format!("{base}/index.html")
    } else {
        format!("{base}/page/{n}/index.html")
    }
}

/// The page (and anchor) a finding is about.
pub fn subject(subject: &Subject) -> String {
    match subject {
        Subject::Plan { id, item: Some(item) } => plan_item(id, item),
        Subject::Plan { id, item: None } => plan(id),
        Subject::Member(id) => member(id),
    }
}

/// An anchor on the current page (`#goal-x`).
pub fn anchor(item: &Item) -> String {
    format!("#{}", item.anchor())
}
