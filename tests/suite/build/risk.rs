//! The key-account risk table (issue 21, SPEC §9 v3 dashboard): one row per
//! key account with health, attainment, competitor ahead, sponsor, overdue
//! actions, slipping deals and changed since approval, each cell linking to
//! its reason; on the dashboard and the key segment's page.
//!
//! Potential threshold fixed at 1,000,000: an aspirational goal of
//! 2,000,000 gives potential 10 (high); a strong contact gives relationship
//! 10 (high): key. A weak one (2.5, low) with the same goal: target.

use crate::common;
use common::git::run as planfolio;
use common::*;
use std::path::Path;

const DAY: &str = "2026-11-23";

fn site(root: &Path) {
    write(
        root,
        "planfolio.yaml",
        "title: Risks\ncurrency: GBP\nsegmentation:\n  potential: {high_from: 1000000}\n",
    );
    write(root, "content/team/alex-king.md", "---\nname: Alex King\n---\n");
    write(root, "content/team/sam-lee.md", "---\nname: Sam Lee\n---\n");
    // Acme: poor health, no sponsor, an overdue action (due 2026-10-01,
    // planned), contacts more aligned with Rival (8) than with us (2);
    // secured 300,000 of a 1,200,000 target = 25%.
    write(
        root,
        "content/accounts/acme.md",
        "---\nname: Acme\nowner: alex-king\nstatus:\n  health: poor\n\
         contacts:\n  - id: dana\n    name: Dana Ruiz\n    relationship: strong\n    alignment: {us: 2, rival: 8}\n\
         competitors:\n  - id: rival\n    name: Rival Ltd\n\
         financials:\n  annual_target: 1200000\n  revenue_goal: {minimum: 100000, just_right: 500000, aspirational: 2000000}\n\
         opportunities:\n  - id: renewal\n    name: Renewal\n    stage: secured\n    value: 300000\n    close: 2026-12-31\n\
         actions:\n  - id: call-dana\n    title: Call Dana\n    owner: alex-king\n    due: 2026-10-01\n    status: planned\n\
         ---\nNotes.\n",
    );
    // Bolt: healthy, sponsored by Sam Lee, nothing overdue, no target.
    write(
        root,
        "content/accounts/bolt.md",
        "---\nname: Bolt\nowner: alex-king\nsponsor: sam-lee\nstatus:\n  health: good\n\
         contacts:\n  - id: eve\n    name: Eve Stone\n    relationship: strong\n\
         financials:\n  revenue_goal: {minimum: 100000, just_right: 500000, aspirational: 2000000}\n\
         ---\nNotes.\n",
    );
    // Cargo: a weak relationship: target, so not in the table.
    write(
        root,
        "content/accounts/cargo.md",
        "---\nname: Cargo\nowner: alex-king\n\
         contacts:\n  - id: lee\n    name: Lee Park\n    relationship: weak\n\
         financials:\n  revenue_goal: {minimum: 100000, just_right: 500000, aspirational: 2000000}\n\
         ---\nNotes.\n",
    );
}

/// The risk table's rows: (account id, the row's HTML).
fn rows(page: &str) -> Vec<(String, String)> {
    let start = page.find("class=\"data risk-table").expect("a risk table");
    let table = &page[start..start + page[start..].find("</table>").expect("table end")];
    table
        .split("<tr data-account=\"")
        .skip(1)
        .map(|r| {
            let id = r[..r.find('"').unwrap()].to_string();
            (id, r.to_string())
        })
        .collect()
}

/// The cell of `label` in a row: its inner HTML.
fn cell<'a>(row: &'a str, label: &str) -> &'a str {
    let at = row
        .find(&format!("data-label=\"{label}\""))
        .unwrap_or_else(|| panic!("no {label} cell in {row}"));
    let rest = &row[at..];
    &rest[rest.find('>').unwrap() + 1..rest.find("</td>").unwrap()]
}

#[test]
fn key_accounts_get_a_risk_row_with_each_cell_linking_to_its_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    site(&root);
    let out = tmp.path().join("public");
    let o = planfolio(&root, &["build", "--out", out.to_str().unwrap(), "--today", DAY]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));

    for page in ["index.html", "segments/key/index.html"] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        let root_prefix = if page == "index.html" { "" } else { "../../" };
        let rows = rows(&html);
        // Acme has 4 risks (health, competitor, sponsor, overdue), Bolt none: Acme first; Cargo is not key.
        let ids: Vec<&str> = rows.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["acme", "bolt"], "{page}");
        let acme = &rows[0].1;
        assert!(acme.starts_with("acme\" data-risks=\"4\""), "{acme}");
        let link = |label: &str| cell(acme, label).to_string();
        assert!(
            link("Health").contains(&format!(
                "href=\"{root_prefix}accounts/acme/index.html#section-status\">poor</a>"
            )),
            "{}",
            link("Health")
        );
        assert!(link("Health").contains("risk-on"));
        assert!(
            link("Competitor ahead").contains(&format!(
                "href=\"{root_prefix}accounts/acme/index.html#competitor-rival\">Rival Ltd</a>"
            )),
            "{}",
            link("Competitor ahead")
        );
        assert!(link("Sponsor").contains(">none</a>") && link("Sponsor").contains("risk-on"));
        assert!(
            link("Overdue actions").contains(&format!(
                "href=\"{root_prefix}accounts/acme/index.html#action-call-dana\">1</a>"
            )),
            "{}",
            link("Overdue actions")
        );
        // 300,000 / 1,200,000 = 25%.
        assert!(link("Attainment").contains("25%"), "{}", link("Attainment"));
        assert!(link("Slipping deals").contains(">0<"));
        // Outside git: approval is "not approved" (no status.approved).
        assert!(link("Changed since approval").contains("not approved"));

        let bolt = &rows[1].1;
        assert!(bolt.starts_with("bolt\" data-risks=\"0\""), "{bolt}");
        assert!(
            cell(bolt, "Sponsor").contains(&format!("href=\"{root_prefix}team/sam-lee/index.html\">Sam Lee</a>")),
            "{}",
            cell(bolt, "Sponsor")
        );
        assert!(cell(bolt, "Attainment").contains("no target"));
        assert!(!bolt.contains("risk-on"), "{bolt}");
    }
}
