//! The plan page's "Fix next" panel (SPEC v3 §9 plan page row): right under
//! the header, the plan's findings most pressing first (the attention
//! page's order of codes), each with `data-code`, named by its item's title
//! and linking to the item, and with `publish.source_url` to its line; at
//! most 8, then "+N more" to the Checks section; none for a clean plan.

use crate::common;
use common::git::run as planfolio;
use common::*;

const SOURCE: &str = "https://git.example/acme/plans/blob/main/{path}#L{line}";

/// Builds `site` and returns the page of plan `deepwell`.
fn deepwell_page(site: &Site) -> String {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("public");
    let o = planfolio(
        site.root(),
        &["build", "--out", out.to_str().expect("utf-8"), "--today", TODAY],
    );
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    std::fs::read_to_string(out.join("accounts/deepwell/index.html")).expect("plan page")
}

/// The panel's HTML (from its opening tag to `</aside>`), if any.
fn panel(page: &str) -> Option<&str> {
    let from = page.find("<aside id=\"fix-next\"")?;
    let rest = &page[from..];
    Some(&rest[..rest.find("</aside>").expect("panel ends")])
}

/// Each entry of the panel: its `data-code` and its whole `<li>`.
fn entries(panel: &str) -> Vec<(String, String)> {
    panel
        .split("<li data-code=\"")
        .skip(1)
        .map(|e| {
            let code = e.split('"').next().unwrap_or_default().to_string();
            (code, e.split("</li>").next().unwrap_or_default().to_string())
        })
        .collect()
}

#[test]
fn findings_most_pressing_first_named_by_title_with_their_line() {
    // Four findings (SPEC §7), in the file's order: poor health (at
    // `health:`), the goal off track (at its `status:`), RigWise ahead
    // (alignment 9 from James against our 8; at its `competitors` item),
    // the golf invite overdue (at its `due:` 2026-10-01, before today,
    // 2026-11-23). The attention order is
    // poor-health, competitor-ahead, goal-off-track, overdue-action.
    let text = plan_with(&[
        ("  health: good", "  health: poor"),
        ("    status: on-track", "    status: off-track"),
        ("      rigwise: 4", "      rigwise: 9"),
        ("    due: 2027-04-15", "    due: 2026-10-01"),
    ]);
    let site = Site::with_team();
    site.config(&format!("{CONFIG}publish:\n  source_url: {SOURCE}\n"));
    site.plan("deepwell", &text);
    let page = deepwell_page(&site);

    let panel = panel(&page).expect("a Fix next panel");
    // Right after the header, before the sections.
    let at = |s: &str| page.find(s).unwrap_or_else(|| panic!("no {s}"));
    assert!(at("</header>") < at("id=\"fix-next\"") && at("id=\"fix-next\"") < at("id=\"section-scores\""));
    assert!(
        panel.contains("Fix next <span class=\"count-badge\">4</span>"),
        "{panel}"
    );
    let found = entries(panel);
    let codes: Vec<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(
        codes,
        ["poor-health", "competitor-ahead", "goal-off-track", "overdue-action"]
    );
    let expected = [
        ("#section-status", "Status", "  health: poor"),
        ("#competitor-rigwise", "RigWise Analytics", "  - id: rigwise"),
        (
            "#goal-pilot-predictive",
            "Land a predictive-maintenance pilot",
            "    status: off-track",
        ),
        (
            "#action-golf-invite",
            "Invite Pete to the spring golf outing",
            "    due: 2026-10-01",
        ),
    ];
    for ((code, li), (href, title, line)) in found.iter().zip(expected) {
        assert!(
            li.contains(&format!("<a class=\"finding-target\" href=\"{href}\">{title}</a>")),
            "{code}: {li}"
        );
        let line = line_of(&text, line);
        assert!(
            li.contains(&format!(
                "href=\"https://git.example/acme/plans/blob/main/content/accounts/deepwell.md#L{line}\""
            )),
            "{code}: no link to line {line}: {li}"
        );
        // Every link goes to an element of the page.
        assert!(page.contains(&format!("id=\"{}\"", &href[1..])), "{href}");
    }
    assert!(!panel.contains("more</a>"), "four entries need no \"more\" link");
    // The Checks section at the bottom still lists the same four.
    let checks = page.split("id=\"section-checks\"").nth(1).expect("Checks");
    assert_eq!(checks.matches("<li data-code=\"").count(), 4);
}

#[test]
fn at_most_eight_entries_then_a_link_to_the_checks() {
    // Poor health and nine overdue actions (each due 2026-10-01): ten
    // findings. Poor health first, then the first seven actions in the
    // file's order; "+2 more" links to the Checks section.
    let mut extra = String::new();
    for i in 1..=9 {
        extra.push_str(&format!(
            "  - id: task-{i}\n    title: Overdue task {i}\n    owner: alex-king\n    due: 2026-10-01\n"
        ));
    }
    let text = plan_with(&[
        ("  health: good", "  health: poor"),
        ("    status: planned\n", &format!("    status: planned\n{extra}")),
    ]);
    let site = Site::with_team();
    site.plan("deepwell", &text);
    let page = deepwell_page(&site);
    let panel = panel(&page).expect("a Fix next panel");
    assert!(
        panel.contains("Fix next <span class=\"count-badge\">10</span>"),
        "{panel}"
    );
    let found = entries(panel);
    assert_eq!(found.len(), 8, "{panel}");
    assert_eq!(found[0].0, "poor-health");
    for (i, (code, li)) in found[1..].iter().enumerate() {
        assert_eq!(code, "overdue-action");
        let n = i + 1;
        assert!(
            li.contains(&format!("href=\"#action-task-{n}\">Overdue task {n}</a>")),
            "{li}"
        );
    }
    assert!(panel.contains("<a href=\"#section-checks\">+2 more</a>"), "{panel}");
    // Without `publish.source_url`, no source links.
    assert!(!panel.contains("source-link"), "{panel}");
}

#[test]
fn a_clean_plan_has_no_panel() {
    let site = Site::valid();
    let page = deepwell_page(&site);
    assert!(panel(&page).is_none());
    assert!(!page.contains("Fix next"));
}
