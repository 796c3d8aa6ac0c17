//! A to-do per person on the team page (issue 22): open actions (overdue
//! first, then by due date, none last; done ones left out), the findings on
//! the plans the person owns, their plans due for review (stale, never
//! reviewed, or due within 30 days); for a manager the same over the
//! reporting line.

use crate::common;
use common::git::run as planfolio;
use common::*;
use serde_json::Value;
use std::path::Path;

const DAY: &str = "2026-11-23";

fn site(root: &Path) {
    write(
        root,
        "planfolio.yaml",
        "title: To-do\ncurrency: GBP\nreview:\n  max_age_days: 90\n",
    );
    write(root, "content/team/mia-lund.md", "---\nname: Mia Lund\n---\n");
    write(
        root,
        "content/team/raj-rao.md",
        "---\nname: Raj Rao\nmanager: mia-lund\n---\n",
    );
    // Reviewed 2026-09-01: due 2026-11-30 (+90 days), within 30 days of
    // 2026-11-23 but not past: listed, not overdue.
    write(
        root,
        "content/accounts/pine.md",
        "---\nname: Pine\nowner: raj-rao\nstatus:\n  last_review: 2026-09-01\n\
         actions:\n\
         \x20 - {id: later, title: Later call, owner: raj-rao, due: 2026-12-20, status: in-progress}\n\
         \x20 - {id: late, title: Late call, owner: raj-rao, due: 2026-10-01, status: planned}\n\
         \x20 - {id: done, title: Done call, owner: raj-rao, due: 2026-09-01, status: done}\n\
         \x20 - {id: someday, title: Someday call, owner: raj-rao}\n\
         \x20 - {id: boss, title: Boss call, owner: mia-lund, due: 2026-12-01}\n\
         ---\nNotes.\n",
    );
    // Reviewed 2026-11-01: due 2027-01-30, after 2026-12-23: not listed.
    write(
        root,
        "content/accounts/quay.md",
        "---\nname: Quay\nowner: raj-rao\nstatus:\n  last_review: 2026-11-01\n---\nNotes.\n",
    );
    // Never reviewed: listed first, overdue.
    write(
        root,
        "content/accounts/sand.md",
        "---\nname: Sand\nowner: raj-rao\n---\nNotes.\n",
    );
}

/// The inner HTML of the `<section>` whose heading has `id`.
fn part<'a>(page: &'a str, id: &str) -> &'a str {
    let at = page.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no #{id}"));
    &page[at..at + page[at..].find("</section>").expect("section end")]
}

/// Link texts in order.
fn links(html: &str) -> Vec<String> {
    html.split("<a href=\"")
        .skip(1)
        .map(|a| {
            let text = &a[a.find('>').unwrap() + 1..];
            text[..text.find("</a>").unwrap()].to_string()
        })
        .collect()
}

#[test]
fn a_team_page_lists_what_a_one_to_one_goes_through() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    site(&root);
    let out = tmp.path().join("public");
    let o = planfolio(&root, &["build", "--out", out.to_str().unwrap(), "--today", DAY]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let raj = std::fs::read_to_string(out.join("team/raj-rao/index.html")).unwrap();

    // Overdue first (Late call, due 2026-10-01), then by due date, no date
    // last; the done action is left out; Mia's action is not Raj's.
    let actions = part(&raj, "todo-actions");
    let titles: Vec<String> = links(actions).into_iter().filter(|t| t.ends_with("call")).collect();
    assert_eq!(titles, ["Late call", "Later call", "Someday call"]);
    assert!(actions.contains("<span class=\"count-badge\">3</span>"), "{actions}");
    assert!(actions.contains("1 overdue"), "{actions}");

    // Sand (never reviewed) first, then Pine (due 2026-11-30); Quay is not due.
    let reviews = part(&raj, "todo-reviews");
    assert_eq!(links(reviews), ["Sand", "Pine"]);
    assert!(reviews.contains("reviewed 2026-09-01, due 2026-11-30"), "{reviews}");

    // The findings on Raj's plans: the same list as portfolio.json's.
    let portfolio: Value = serde_json::from_str(&std::fs::read_to_string(out.join("portfolio.json")).unwrap()).unwrap();
    let expected: usize = portfolio["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["findings"].as_array().unwrap().len())
        .sum();
    let findings = part(&raj, "todo-findings");
    assert_eq!(findings.matches("data-code=\"").count(), expected, "{findings}");
    assert!(findings.contains("data-code=\"overdue-action\""), "{findings}");
    assert!(!raj.contains("id=\"line-todo-heading\""), "Raj has no reports");

    // Mia: her own open action, and the reporting line's (Raj's) to-do.
    let mia = std::fs::read_to_string(out.join("team/mia-lund/index.html")).unwrap();
    let own: Vec<String> = links(part(&mia, "todo-actions"))
        .into_iter()
        .filter(|t| t.ends_with("call"))
        .collect();
    assert_eq!(own, ["Boss call"]);
    let line: Vec<String> = links(part(&mia, "line-todo-actions"))
        .into_iter()
        .filter(|t| t.ends_with("call"))
        .collect();
    assert_eq!(line, ["Late call", "Later call", "Someday call"]);
    assert_eq!(links(part(&mia, "line-todo-reviews")), ["Sand", "Pine"]);
}
