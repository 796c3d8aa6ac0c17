//! The changes page (SPEC §9 `changes/index.html`): everything since
//! `review.last_date`, grouped by account, key first, moves explained in
//! words, and each account's open pipeline and secured then and now.
//!
//! The history below is scripted with fixed commit dates; every expected
//! score and amount is worked out by hand in the comments. The potential
//! threshold is fixed (`high_from: 1000000`), so
//! potential = 10 * min(1, potential_value / 2,000,000).

use crate::common;
use common::git::{build, commit, git_init};
use common::write;
use std::path::Path;
use tempfile::TempDir;

const TODAY: &str = "2026-11-23";

fn config(relationship_high_from: u32) -> String {
    format!(
        "title: Changes test\ncurrency: GBP\nreview:\n  last_date: 2026-09-30\n\
         segmentation:\n  potential: {{high_from: 1000000}}\n  relationship: {{high_from: {relationship_high_from}}}\n"
    )
}

fn plan(name: &str, rest: &str) -> String {
    format!("---\nname: {name}\nowner: alex-king\n{rest}---\nNotes.\n")
}

/// Dana: strong (10), so relationship 10.
const DANA: &str = "contacts:\n  - id: dana\n    name: Dana Ruiz\n    relationship: strong\n    influence: high\n";

/// Acme: weighted pipeline 1,000,000 × 0.4 = 400,000 → potential 2.0 (low);
/// relationship 10 (high): managed.
fn acme(big_close: &str, pilot: bool) -> String {
    let mut opps = format!(
        "opportunities:\n  - id: big\n    name: Big deal\n    stage: pipeline\n    value: 1000000\n    close: {big_close}\n"
    );
    if pilot {
        // + 2,000,000 × 0.4 = 800,000 → 1,200,000 → potential 6.0 (high): key.
        opps.push_str(
            "  - id: pm-pilot\n    name: PM pilot\n    stage: pipeline\n    value: 2000000\n    close: 2027-01-31\n",
        );
    }
    plan("Acme", &format!("{DANA}{opps}"))
}

/// Bolt: relationship good = 7.5; weighted 3,000,000 × 0.75 = 2,250,000 →
/// potential 10: key while high_from is 5, target once it is 8.
fn bolt(close: &str) -> String {
    plan(
        "Bolt",
        &format!(
            "contacts:\n  - id: eve\n    name: Eve Stone\n    relationship: good\n\
             opportunities:\n  - id: deal\n    name: Main deal\n    stage: forecast\n    value: 3000000\n    close: {close}\n"
        ),
    )
}

/// Cargo: no opportunity (potential 0) and a weak (2.5) or neutral (5)
/// contact: maintained whatever high_from (5 is not >= 8 once it is 8).
fn cargo(level: &str) -> String {
    plan(
        "Cargo",
        &format!("contacts:\n  - id: lee\n    name: Lee Park\n    relationship: {level}\n"),
    )
}

fn scripted(root: &Path) {
    git_init(root);
    write(root, "planfolio.yaml", &config(5));
    write(root, "content/team/alex-king.md", "---\nname: Alex King\n---\n");
    write(root, "content/accounts/acme.md", &acme("2026-12-31", false));
    write(root, "content/accounts/bolt.md", &bolt("2026-12-01"));
    write(root, "content/accounts/dune.md", &plan("Dune", ""));
    commit(root, "2026-08-01", "Start");
    // Before the review: not on the page.
    write(root, "content/accounts/early.md", &plan("Early", ""));
    commit(root, "2026-09-10", "Early added");
    // On the review date: on the page (it starts there).
    write(root, "content/accounts/acme.md", &acme("2027-03-31", false));
    commit(root, "2026-09-30", "Acme's big deal slips");
    write(root, "content/accounts/acme.md", &acme("2027-03-31", true));
    commit(root, "2026-10-15", "Acme adds the pilot");
    write(root, "planfolio.yaml", &config(8));
    commit(root, "2026-10-20", "Relationship bar raised");
    write(root, "content/accounts/cargo.md", &cargo("weak"));
    commit(root, "2026-11-01", "Cargo added");
    std::fs::remove_file(root.join("content/accounts/dune.md")).unwrap();
    commit(root, "2026-11-05", "Dune removed");
    write(root, "content/accounts/bolt.md", &bolt("2027-02-01"));
    commit(root, "2026-11-10", "Bolt's deal slips");
    write(root, "content/accounts/cargo.md", &cargo("neutral"));
    commit(root, "2026-11-12", "Cargo warms up");
}

/// The text of an element's inner HTML with tags dropped and spaces squeezed.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The section of the page about one account.
fn section<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!("id=\"account-{id}\""))
        .unwrap_or_else(|| panic!("no section for {id}"));
    let end = page[start..].find("</section>").map_or(page.len(), |e| start + e);
    &page[start..end]
}

#[test]
fn changes_since_the_review_date_grouped_by_account_key_first() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path();
    scripted(root);
    let built = build(root, TODAY);
    let page = std::fs::read_to_string(built.out.path().join("site/changes/index.html")).unwrap();

    assert!(text(&page).contains("Changes since 2026-09-30"), "{}", text(&page));
    // Key first (Acme), then target (Bolt), then maintained (Cargo), removed last (Dune);
    // Early changed only before the review.
    let order: Vec<usize> = ["acme", "bolt", "cargo", "dune"]
        .iter()
        .map(|id| page.find(&format!("id=\"account-{id}\"")).unwrap_or(usize::MAX))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "order {order:?}");
    assert!(!page.contains("account-early"), "Early changed before the review");

    let acme = text(section(&page, "acme"));
    // The slip on the review date itself is listed.
    assert!(
        acme.contains("2026-09-30 Big deal slipped: close date 2026-12-31 → 2027-03-31"),
        "{acme}"
    );
    // The move, with its cause in words.
    assert!(acme.contains("2026-10-15 segment managed → key"), "{acme}");
    assert!(
        acme.contains("potential 2.0 → 6.0: weighted pipeline +£800K (pm-pilot added)"),
        "{acme}"
    );
    // Open pipeline at the review 1,000,000, now 3,000,000.
    assert!(acme.contains("Open pipeline £1M → £3M +£2M"), "{acme}");
    assert!(!acme.contains("Secured"), "secured did not change: {acme}");

    let bolt = text(section(&page, "bolt"));
    assert!(bolt.contains("2026-10-20 segment key → target"), "{bolt}");
    assert!(
        bolt.contains("segmentation.relationship.high_from 5 → 8 in planfolio.yaml"),
        "{bolt}"
    );
    assert!(
        bolt.contains("Main deal slipped: close date 2026-12-01 → 2027-02-01"),
        "{bolt}"
    );

    let cargo = text(section(&page, "cargo"));
    assert!(cargo.contains("2026-11-01 plan added (maintained)"), "{cargo}");
    assert!(
        cargo.contains("2026-11-12 Lee Park: relationship weak → neutral"),
        "{cargo}"
    );

    let dune = text(section(&page, "dune"));
    assert!(dune.contains("Dune (removed)"), "{dune}");
    assert!(dune.contains("2026-11-05 plan removed (was maintained)"), "{dune}");

    // The summary counts: 2 moves, 1 added, 1 removed, 2 slips, 1 relationship change.
    let summary = text(&page[page.find("changes-counts").unwrap()..page.find("</section>").unwrap()]);
    assert!(summary.contains("4 accounts changed"), "{summary}");
    assert!(summary.contains("2 segment moves"), "{summary}");
    assert!(summary.contains("1 plan added"), "{summary}");
    assert!(summary.contains("1 plan removed"), "{summary}");
    assert!(summary.contains("2 slips or stage regressions"), "{summary}");
    assert!(summary.contains("1 relationship change"), "{summary}");

    // The dashboard links to the page.
    let dashboard = std::fs::read_to_string(built.out.path().join("site/index.html")).unwrap();
    assert!(dashboard.contains("href=\"changes/index.html\""));
}

#[test]
fn without_a_review_date_the_page_starts_90_days_before_today() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path();
    scripted(root);
    write(root, "planfolio.yaml", "title: Changes test\ncurrency: GBP\n");
    commit(root, "2026-11-20", "No review date");
    let built = build(root, TODAY);
    let page = std::fs::read_to_string(built.out.path().join("site/changes/index.html")).unwrap();
    // 2026-11-23 − 90 days = 2026-08-25: the 2026-09-10 addition is listed now.
    assert!(text(&page).contains("Changes since 2026-08-25"), "{}", text(&page));
    assert!(text(section(&page, "early")).contains("2026-09-10 plan added"));
}

#[test]
fn outside_git_the_page_says_history_is_not_available() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path();
    write(root, "planfolio.yaml", &config(5));
    write(root, "content/team/alex-king.md", "---\nname: Alex King\n---\n");
    write(root, "content/accounts/acme.md", &acme("2026-12-31", false));
    let built = build(root, TODAY);
    let page = std::fs::read_to_string(built.out.path().join("site/changes/index.html")).unwrap();
    assert!(text(&page).contains("History is not available"), "{}", text(&page));
}
