//! The plan page (SPEC §5.6, §5.7, §7 "Findings", §8 overrides, §9): money
//! in the plan's currency with the threshold in the site currency, "not set"
//! for missing amounts, attainment, sponsor and `covered_by` links, one
//! "Checks" entry per finding, and a site overriding one section partial.
//!
//! Every expected amount is computed by hand from the fixture, in the
//! comments next to it.

use crate::common;
use common::{CONFIG, Site, code, plan_with, stderr, stdout};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

/// Runs the binary with `args` on the site at `root`, today = 2026-11-23.
fn run(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_planfolio"))
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("NO_COLOR")
        .arg("--root")
        .arg(root)
        .args(args)
        .args(["--today", common::TODAY])
        .output()
        .expect("run planfolio")
}

/// Builds `site` and returns the page of plan `id`.
fn build_plan_page(site: &Site, id: &str) -> String {
    let out = site.root().join("public");
    let o = run(site.root(), &["build", "--out", out.to_str().expect("utf-8 path")]);
    assert_eq!(code(&o), 0, "build failed:\n{}\n{}", stdout(&o), stderr(&o));
    std::fs::read_to_string(out.join(format!("accounts/{id}/index.html"))).expect("plan page")
}

/// A site with the two team members, `config` and one plan `deepwell`.
fn site_with(config: &str, plan: &str) -> Site {
    let site = Site::with_team();
    site.config(config);
    site.plan("deepwell", plan);
    site
}

/// The text from `start` (which must occur) to the first `end` after it.
fn slice<'a>(page: &'a str, start: &str, end: &str) -> &'a str {
    let from = page
        .find(start)
        .unwrap_or_else(|| panic!("`{start}` not on the page:\n{page}"));
    let rest = &page[from..];
    let to = rest.find(end).map_or(rest.len(), |i| i + end.len());
    &rest[..to]
}

/// Every amount printed with `symbol`: the digits, separators and unit after it.
fn amounts_after(page: &str, symbol: char) -> Vec<String> {
    page.match_indices(symbol)
        .map(|(i, s)| {
            page[i + s.len()..]
                .chars()
                .take_while(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | 'K' | 'M' | 'B'))
                .collect::<String>()
                .trim_end_matches('.')
                .to_string()
        })
        .collect()
}

/// The site config with a fixed potential threshold of 1,000,000 and `extra`.
fn config_with(extra: &str) -> String {
    format!("{CONFIG}segmentation:\n  potential: {{high_from: 1000000}}\n{extra}")
}

#[test]
fn eur_plan_with_a_rate_shows_euros_and_the_threshold_in_pounds() {
    // EUR: 0.8 GBP. Potential value = max(aspirational 2,400,000, weighted
    // 250,000 × 0.4 = 100,000) = €2,400,000; in GBP 2,400,000 × 0.8 =
    // £1,920,000 = "£1.92M". Threshold configured: £1,000,000 = "£1M".
    let site = site_with(
        &config_with("exchange_rates: {EUR: 0.8}\n"),
        &plan_with(&[("  currency: GBP", "  currency: EUR")]),
    );
    let page = build_plan_page(&site, "deepwell");
    let pounds = amounts_after(&page, '£');
    assert!(!pounds.is_empty(), "no site-currency figure on the page");
    for a in &pounds {
        assert!(
            a == "1M" || a == "1.92M",
            "an amount in £ that is not the threshold or the converted potential: £{a}"
        );
    }
    assert!(pounds.contains(&"1M".to_string()), "threshold £1M missing: {pounds:?}");
    assert!(
        pounds.contains(&"1.92M".to_string()),
        "converted potential £1.92M missing: {pounds:?}"
    );
    assert!(page.contains("1 EUR = 0.8 GBP"), "the rate is not said");
    // The plan's own figures, in euros: potential value and the goal levels.
    let scores = slice(&page, "id=\"section-scores\"", "</section>");
    assert!(scores.contains("€2,400,000"), "{scores}");
    let financials = slice(&page, "id=\"section-financials\"", "</section>");
    for euros in ["€1,236,000", "€1,500,000", "€2,400,000", "€1,200,000"] {
        assert!(financials.contains(euros), "{euros} missing from the financials");
    }
    assert!(!financials.contains('£'), "a £ amount in the financials:\n{financials}");
    assert!(!page.contains('$'), "a $ amount on a EUR plan page");
}

#[test]
fn plan_without_a_rate_shows_no_pound_amount_for_its_own_figures() {
    // USD has no rate: its own figures stay in $, the only £ figure is the
    // configured threshold £1,000,000 ("£1M").
    let site = site_with(&config_with(""), &plan_with(&[("  currency: GBP", "  currency: USD")]));
    let page = build_plan_page(&site, "deepwell");
    let pounds = amounts_after(&page, '£');
    assert!(
        !pounds.is_empty() && pounds.iter().all(|a| a == "1M"),
        "£ figures other than the threshold: {pounds:?}"
    );
    let threshold = slice(&page, "class=\"threshold\"", "</div>");
    assert!(threshold.contains("no exchange rate"), "{threshold}");
    assert!(
        threshold.contains("$2.4M"),
        "the plan's potential value, in $: {threshold}"
    );
    assert!(page.contains("$2,400,000"));
    assert!(!page.contains('€'));
}

#[test]
fn a_missing_revenue_goal_reads_not_set_never_zero() {
    let plan = plan_with(&[(
        "  revenue_goal:\n    minimum: 1236000\n    just_right: 1500000\n    aspirational: 2400000\n",
        "",
    )]);
    let site = site_with(CONFIG, &plan);
    let page = build_plan_page(&site, "deepwell");
    for key in ["minimum", "just_right", "aspirational"] {
        let row = slice(&page, &format!("class=\"target-{key}\""), "</li>");
        assert!(row.contains("not set"), "{key}: {row}");
        assert!(!row.contains("£0"), "{key} shown as £0: {row}");
    }
    // The potential card names the aspirational goal as not set too.
    let scores = slice(&page, "id=\"section-scores\"", "</section>");
    assert!(scores.contains("aspirational goal not set"), "{scores}");
    // The annual target is set: £1,500,000.
    let target = slice(&page, "class=\"target-annual_target\"", "</li>");
    assert!(target.contains("£1,500,000"), "{target}");
}

/// VALID_PLAN with a secured opportunity of 500,000 added.
fn plan_with_secured_deal() -> String {
    plan_with(&[(
        "whitespace:\n",
        "  - id: big-deal\n    name: Big deal\n    stage: secured\n    value: 500000\nwhitespace:\n",
    )])
}

#[test]
fn attainment_is_secured_over_the_annual_target() {
    // Secured 500,000. Annual target 1,500,000: 500,000 / 1,500,000 =
    // 33.33…% → "33.3%". Minimum 1,236,000: 40.45…% → "40.5%", still to
    // secure 736,000. Just right 1,500,000: "33.3%", 1,000,000 to go.
    // Aspirational 2,400,000: 20.83…% → "20.8%", 1,900,000 to go.
    // Open pipeline: the 250,000 pipeline deal; weighted: 250,000 × 0.4 +
    // 500,000 × 1.0 = 600,000.
    let site = site_with(CONFIG, &plan_with_secured_deal());
    let page = build_plan_page(&site, "deepwell");
    let financials = slice(&page, "id=\"section-financials\"", "</section>");
    let tile = slice(financials, "mt-secured", "</div>");
    assert!(tile.contains("£500K"), "{tile}");
    assert!(tile.contains("33.3%"), "{tile}");
    for (key, pct, left) in [
        ("annual_target", "33.3%", "£1,000,000"),
        ("minimum", "40.5%", "£736,000"),
        ("just_right", "33.3%", "£1,000,000"),
        ("aspirational", "20.8%", "£1,900,000"),
    ] {
        let row = slice(financials, &format!("class=\"target-{key}\""), "</li>");
        assert!(row.contains(pct), "{key}: no {pct} in {row}");
        assert!(row.contains(left), "{key}: no {left} still to secure in {row}");
    }
    assert!(slice(financials, "mt-open", "</div>").contains("£250K"));
    assert!(slice(financials, "mt-weighted", "</div>").contains("£600K"));
    assert!(slice(financials, "mt-lost", "</div>").contains("£0"));
}

#[test]
fn the_header_shows_the_plans_money_in_short() {
    // Secured: the 500,000 deal → £500K. Open pipeline: the 250,000
    // pipeline deal → £250K. Annual target 1,500,000 → £1.5M. Attainment
    // 500,000 / 1,500,000 = 33.33…% → 33.3%.
    let site = site_with(CONFIG, &plan_with_secured_deal());
    let page = build_plan_page(&site, "deepwell");
    let head = slice(&page, "<header class=\"plan-head", "</header>");
    for (id, figure) in [
        ("fact-secured", "£500K"),
        ("fact-open", "£250K"),
        ("fact-target", "£1.5M"),
        ("fact-attainment", "33.3%"),
    ] {
        let fact = slice(head, &format!("id=\"{id}\""), "</div>");
        assert!(fact.contains(figure), "{id}: no {figure} in {fact}");
    }
    // Without an annual target: "not set", and no attainment.
    let plan = plan_with(&[("  annual_target: 1500000\n", "")]);
    let site = site_with(CONFIG, &plan);
    let page = build_plan_page(&site, "deepwell");
    let target = slice(&page, "id=\"fact-target\"", "</div>");
    assert!(target.contains("not set") && !target.contains('£'), "{target}");
    let attainment = slice(&page, "id=\"fact-attainment\"", "</div>");
    assert!(
        attainment.contains("no target") && !attainment.contains('%'),
        "{attainment}"
    );
}

#[test]
fn sponsor_and_covered_by_link_to_team_pages() {
    let plan = plan_with(&[(
        "    relationship: strong\n",
        "    relationship: strong\n    covered_by: priya-shah\n",
    )]);
    let site = site_with(CONFIG, &plan);
    let page = build_plan_page(&site, "deepwell");
    let sponsor = slice(&page, "id=\"fact-sponsor\"", "</div>");
    assert!(
        sponsor.contains("href=\"../../team/alex-king/index.html\"") && sponsor.contains("Alex King"),
        "{sponsor}"
    );
    let james = slice(&page, "id=\"contact-james-morrison\"", "</article>");
    let covered = slice(james, "Covered by", "</div>");
    assert!(
        covered.contains("href=\"../../team/priya-shah/index.html\"") && covered.contains("Priya Shah"),
        "{covered}"
    );
    let pete = slice(&page, "id=\"contact-pete-leslie\"", "</article>");
    let covered = slice(pete, "Covered by", "</div>");
    assert!(!covered.contains("team/"), "pete-leslie has no covered_by: {covered}");
}

/// The `data-code` of every entry of the "Checks" section, with its link.
fn check_entries(page: &str) -> Vec<(String, String)> {
    let checks = slice(page, "id=\"section-checks\"", "</section>");
    checks
        .split("<li data-code=\"")
        .skip(1)
        .map(|entry| {
            let code = entry.split('"').next().unwrap_or_default().to_string();
            let href = entry
                .split("href=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap_or_default()
                .to_string();
            (code, href)
        })
        .collect()
}

#[test]
fn checks_list_one_entry_per_finding_linking_to_its_item() {
    // Four v2 findings: poor health, an off-track goal, a blocked action,
    // and rigwise ahead (alignment 9 from James, the only contact giving one,
    // against our 8).
    let plan = plan_with(&[
        ("  health: good", "  health: poor"),
        ("    status: on-track", "    status: off-track"),
        ("    status: planned", "    status: blocked"),
        ("      rigwise: 4", "      rigwise: 9"),
    ]);
    let site = site_with(CONFIG, &plan);
    let page = build_plan_page(&site, "deepwell");
    let entries = check_entries(&page);
    let expected = [
        ("poor-health", "#section-status"),
        ("goal-off-track", "#goal-pilot-predictive"),
        ("blocked-action", "#action-golf-invite"),
        ("competitor-ahead", "#competitor-rigwise"),
    ];
    for (code, href) in expected {
        let found: Vec<_> = entries.iter().filter(|(c, _)| c == code).collect();
        assert_eq!(found.len(), 1, "{code}: {entries:?}");
        assert_eq!(found[0].1, href, "{code} links elsewhere");
    }
    // Every link goes to an element of the page.
    for (code, href) in &entries {
        let id = href.trim_start_matches('#');
        assert!(
            page.contains(&format!("id=\"{id}\"")),
            "{code}: no id=\"{id}\" on the page"
        );
    }
    // Exactly the findings `check` reports for the plan's file.
    let o = run(site.root(), &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("check json");
    let mut from_check: BTreeMap<String, usize> = BTreeMap::new();
    for d in json["diagnostics"].as_array().expect("diagnostics") {
        if d["file"] == "content/accounts/deepwell.md" {
            *from_check
                .entry(d["code"].as_str().unwrap_or_default().to_string())
                .or_default() += 1;
        }
    }
    let mut on_page: BTreeMap<String, usize> = BTreeMap::new();
    for (code, _) in &entries {
        *on_page.entry(code.clone()).or_default() += 1;
    }
    assert_eq!(on_page, from_check);
    // The header carries a badge for each of the four.
    let head = slice(&page, "<header class=\"plan-head", "</header>");
    for (code, _) in expected {
        assert!(
            head.contains(&format!("data-badge=\"{code}\"")),
            "no {code} badge: {head}"
        );
    }
}

#[test]
fn a_clean_plan_has_no_checks_section() {
    let site = Site::valid();
    let page = build_plan_page(&site, "deepwell");
    assert!(!page.contains("id=\"section-checks\""));
    assert!(!page.contains("data-code="));
}

#[test]
fn defaults_are_applied_for_status_and_priority() {
    // No goal status: not started; no action status: planned; no priority: medium.
    let plan = plan_with(&[
        ("    status: on-track\n", ""),
        ("    status: planned\n", ""),
        ("    priority: high\n", ""),
    ]);
    let site = site_with(CONFIG, &plan);
    let page = build_plan_page(&site, "deepwell");
    let goal = slice(&page, "id=\"goal-pilot-predictive\"", "</article>");
    assert!(
        goal.contains("badge goal-not-started") && goal.contains("not started"),
        "{goal}"
    );
    let action = slice(&page, "id=\"action-golf-invite\"", "</article>");
    assert!(action.contains("badge action-planned"), "{action}");
    let objective = slice(&page, "id=\"objective-cut-npt\"", "</article>");
    assert!(objective.contains("medium priority"), "{objective}");
}

#[test]
fn cross_links_go_both_ways() {
    let site = Site::valid();
    let page = build_plan_page(&site, "deepwell");
    let objective = slice(&page, "id=\"objective-cut-npt\"", "</article>");
    assert!(objective.contains("href=\"#goal-pilot-predictive\""), "{objective}");
    assert!(objective.contains("href=\"#contact-james-morrison\""), "{objective}");
    let goal = slice(&page, "id=\"goal-pilot-predictive\"", "</article>");
    assert!(goal.contains("href=\"#objective-cut-npt\""), "{goal}");
    assert!(goal.contains("href=\"#action-golf-invite\""), "{goal}");
    let james = slice(&page, "id=\"contact-james-morrison\"", "</article>");
    assert!(james.contains("href=\"#objective-cut-npt\""), "{james}");
    let swot = slice(&page, "id=\"swot\"", "</section>");
    assert!(swot.contains("href=\"#objective-cut-npt\""), "{swot}");
    assert!(swot.contains("href=\"#competitor-rigwise\""), "{swot}");
}

#[test]
fn a_site_can_override_one_section() {
    let site = Site::valid();
    site.write(
        "theme/templates/plan/goals.html",
        "<section id=\"section-goals\"><p>CUSTOM GOALS {{ plan.goals | length }}</p>\
         {% for g in plan.goals %}<p id=\"{{ g.anchor }}\">{{ g.title_html | safe }} ({{ g.status.label }})</p>\
         <p class=\"serves\">{{ pm::refs(items=g.objectives) }}</p>{% endfor %}{{ m::empty(text=\"END\") }}</section>\n",
    );
    let page = build_plan_page(&site, "deepwell");
    assert!(page.contains("CUSTOM GOALS 1"));
    assert!(page.contains("<p id=\"goal-pilot-predictive\">Land a predictive-maintenance pilot (on track)</p>"));
    assert!(
        !page.contains("id=\"hd-goals\""),
        "the built-in goals section is still there"
    );
    // The partial can call the macros plan.html imports (`m`, `pm`).
    assert!(page.contains("<p class=\"serves\"><a href=\"#objective-cut-npt\">Cut non-productive time</a></p>"));
    assert!(page.contains("<p class=\"empty\">END</p>"));
    // The other sections are the built-in ones.
    for id in ["hd-objectives", "hd-actions", "hd-contacts", "hd-financials", "hd-swot"] {
        assert!(page.contains(&format!("id=\"{id}\"")), "{id} missing");
    }
}

/// A site's own `base.html` may read the page's values: with it, plan pages
/// are rendered by the templates (not written in Rust), so `plan` is there.
#[test]
fn a_site_base_template_sees_the_plan() {
    let site = Site::valid();
    let builtin = include_str!("../../../theme/templates/base.html");
    site.write(
        "theme/templates/base.html",
        builtin.replace(
            "<body class=\"page-{{ page.kind }}\">",
            "<body class=\"page-{{ page.kind }}\">{% if page.kind == \"plan\" %}<p id=\"own-frame\">Plan of {{ plan.owner.name }}</p>{% endif %}",
        ),
    );
    let page = build_plan_page(&site, "deepwell");
    assert!(
        page.contains("<p id=\"own-frame\">Plan of Alex King</p>"),
        "the site base.html frames the page"
    );
    // The sections are still all there.
    for id in ["hd-goals", "hd-objectives", "hd-contacts", "hd-financials"] {
        assert!(page.contains(&format!("id=\"{id}\"")), "{id} missing");
    }
}

/// No secured deal: 0 / 1,500,000 = 0% of target, never "-0%" (an empty
/// sum of floats is -0.0 in Rust).
#[test]
fn nothing_secured_reads_zero_percent() {
    let site = Site::valid();
    let page = build_plan_page(&site, "deepwell");
    let attainment = slice(&page, "id=\"fact-attainment\"", "</div>");
    assert!(attainment.contains("<dd>0% "), "the header's attainment: {attainment}");
    assert!(!page.contains("-0%"), "a negative zero is shown");
}

/// A `segment_reason` that renders to nothing is no reason: the page says
/// "No reason given.", whether written in Rust (the built-in theme) or by the
/// theme's `plan/header.html` (a site overriding it with the same file).
#[test]
fn a_reason_that_renders_empty_reads_no_reason_given() {
    // VALID_PLAN computes to `key`; declaring `maintained` is an override.
    let expected = "<p class=\"seg-override\">Declared: <strong>maintained</strong>, computed: <strong>key</strong>. \
                    <span class=\"muted\">No reason given.</span></p>";
    for reason in [r#""""#, r#""   ""#, r#""\u00a0""#, r#""[x]: /y""#] {
        let plan = plan_with(&[(
            "top10: true\n",
            &format!("top10: true\nsegment: maintained\nsegment_reason: {reason}\n"),
        )]);
        for override_header in [false, true] {
            let site = site_with(CONFIG, &plan);
            if override_header {
                site.write(
                    "theme/templates/plan/header.html",
                    include_str!("../../../theme/templates/plan/header.html"),
                );
            }
            let page = build_plan_page(&site, "deepwell");
            let shown = slice(&page, "<p class=\"seg-override\">", "</p>");
            assert_eq!(shown, expected, "reason {reason}, header overridden: {override_header}");
        }
    }
}

/// A blank `website` is no website: the page has no empty "Website" fact.
#[test]
fn a_blank_website_is_not_shown() {
    let shown = build_plan_page(&site_with(CONFIG, &plan_with(&[])), "deepwell");
    assert!(shown.contains("<dt>Website</dt>"), "the fixture's website is shown");
    let plan = plan_with(&[("website: https://deepwell.example", "website: \"  \"")]);
    let page = build_plan_page(&site_with(CONFIG, &plan), "deepwell");
    assert!(!page.contains("<dt>Website</dt>"), "a blank website is shown");
}
