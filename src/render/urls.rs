//! Every URL of the site, relative to its root: the one place that knows
//! where a page lives (SPEC §9).

use crate::derive::{Item, ItemKind, Subject};
use crate::model::Segment;

/// The dashboard.
pub const DASHBOARD: &str = "index.html";
/// The attention page (every finding).
pub const ATTENTION: &str = "attention/index.html";
/// The changes since the last review (SPEC §9 `changes/index.html`).
pub const CHANGES: &str = "changes/index.html";
/// The not-found page.
pub const NOT_FOUND: &str = "404.html";
/// The folders at the site root that hold pages or assets: the 404 page,
/// served at a missing address inside one of them, finds the site root as
/// the part of its address before the last of them.
pub const TOP_FOLDERS: &[&str] = &[
    "accounts",
    "segments",
    "team",
    "attention",
    "competitors",
    "changes",
    "review",
    "static",
];

/// A plan's page.
pub fn plan(id: &str) -> String {
    format!("accounts/{id}/index.html")
}

/// An item on a plan's page.
pub fn plan_item(id: &str, item: &Item) -> String {
    format!("{}#{}", plan(id), item.anchor())
}

/// A plan's one-page plan (SPEC §9 `accounts/<id>/one-page/`).
pub fn one_page(id: &str) -> String {
    format!("accounts/{id}/one-page/index.html")
}

/// Page `n` (from 1) of the review pack (SPEC §9 `review/`): large
/// portfolios split their key accounts' one-page plans over parts.
pub fn review(n: usize) -> String {
    paged("review", n)
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

/// The "Edit this plan" address of the plan in `file` (its path from the
/// site root), or `None` without `publish.edit_url`.
pub fn edit_link(config: &crate::model::Config, file: &str) -> Option<String> {
    let template = config.edit_url.as_deref()?;
    Some(template.replace("{path}", &encode_path(file)))
}

/// The address of line `line` of `file` (its path from the site root), or
/// `None` without `publish.source_url`.
pub fn source_link(config: &crate::model::Config, file: &str, line: u32) -> Option<String> {
    let template = config.source_url.as_deref()?;
    Some(
        template
            .replace("{path}", &encode_path(file))
            .replace("{line}", &line.to_string()),
    )
}

/// `path` percent-encoded for an address: every byte but the unreserved
/// characters of RFC 3986 and `/` (folders stay folders).
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An anchor on the current page (`#goal-x`).
pub fn anchor(item: &Item) -> String {
    let (kind, id) = item.parts();
    item_anchor(kind, id)
}

/// An anchor on the current page (`#goal-x`) of the item `id` of `kind`.
pub fn item_anchor(kind: ItemKind, id: &str) -> String {
    kind.anchor_after("#", id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_paths_are_encoded_but_keep_their_folders() {
        let config = crate::model::Config {
            edit_url: Some("https://git.example/e/{path}".into()),
            source_url: Some("https://git.example/b/{path}#L{line}".into()),
            ..Default::default()
        };
        assert_eq!(
            edit_link(&config, "content/accounts/eu/née & co.md").as_deref(),
            Some("https://git.example/e/content/accounts/eu/n%C3%A9e%20%26%20co.md")
        );
        assert_eq!(
            source_link(&config, "planfolio.yaml", 7).as_deref(),
            Some("https://git.example/b/planfolio.yaml#L7")
        );
        assert_eq!(edit_link(&crate::model::Config::default(), "x.md"), None);
        assert_eq!(source_link(&crate::model::Config::default(), "x.md", 1), None);
    }

    #[test]
    fn item_anchors_name_kind_and_id() {
        let items = [
            (Item::Objective("o-1".into()), "#objective-o-1"),
            (Item::Goal("g".into()), "#goal-g"),
            (Item::Contact("jane-doe".into()), "#contact-jane-doe"),
            (Item::Competitor("rival".into()), "#competitor-rival"),
            (Item::Action("a-2".into()), "#action-a-2"),
            (Item::Opportunity("deal".into()), "#opportunity-deal"),
        ];
        for (item, want) in items {
            assert_eq!(anchor(&item), want);
            assert_eq!(item.anchor(), &want[1..]);
            let (kind, id) = item.parts();
            assert_eq!(item_anchor(kind, id), want);
        }
    }
}
