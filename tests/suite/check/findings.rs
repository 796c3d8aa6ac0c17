//! SPEC version 2 checks: the six new warnings at the locations §7 gives,
//! the `sponsor` and `covered_by` references, `exchange_rates` and the money
//! facts of §5.6 and §5.7. Positions are computed from the fixture text.

use crate::common;
use common::*;

const PLAN: &str = "content/accounts/deepwell.md";

fn analyse_plan(text: &str) -> planfolio::pipeline::Analysis {
    let site = Site::with_team();
    site.plan("deepwell", text);
    site.analyse()
}

/// Asserts one diagnostic `code` in PLAN at the line that is exactly
/// `line_text`, at the column where `value` starts on it.
fn assert_at(text: &str, code: &str, line_text: &str, value: &str) {
    let a = analyse_plan(text);
    assert_eq!(with_code(&a, code).len(), 1, "{}", render(&a));
    assert_diag_at(&a, code, PLAN, line_eq(text, line_text), col_of(line_text, value));
}

// ---------------------------------------------------------------- warnings

#[test]
fn poor_health_at_the_value() {
    let text = plan_with(&[("  health: good", "  health: poor")]);
    assert_at(&text, "poor-health", "  health: poor", "poor");
    assert_no_code(&analyse_plan(VALID_PLAN), "poor-health");
    let neutral = plan_with(&[("  health: good", "  health: neutral")]);
    assert_no_code(&analyse_plan(&neutral), "poor-health");
}

#[test]
fn goal_off_track_at_the_status() {
    let text = plan_with(&[("    status: on-track", "    status: off-track")]);
    assert_at(&text, "goal-off-track", "    status: off-track", "off-track");
    let at_risk = plan_with(&[("    status: on-track", "    status: at-risk")]);
    assert_no_code(&analyse_plan(&at_risk), "goal-off-track");
}

#[test]
fn blocked_action_at_the_status() {
    let text = plan_with(&[("    status: planned", "    status: blocked")]);
    assert_at(&text, "blocked-action", "    status: blocked", "blocked");
    let a = analyse_plan(&text);
    // A blocked action is not done: it is not overdue before its due date either.
    assert_no_code(&a, "overdue-action");
}

#[test]
fn competitor_ahead_at_the_competitors_item() {
    // James gives us 8 and rigwise 9; nobody else gives an alignment, so
    // our alignment is 8 and rigwise's status 9 > 8.
    let text = plan_with(&[("      rigwise: 4", "      rigwise: 9")]);
    let a = analyse_plan(&text);
    assert_eq!(with_code(&a, "competitor-ahead").len(), 1, "{}", render(&a));
    assert_diag_at(&a, "competitor-ahead", PLAN, line_eq(&text, "  - id: rigwise"), 5);
    // Equal is not ahead.
    let equal = plan_with(&[("      rigwise: 4", "      rigwise: 8")]);
    assert_no_code(&analyse_plan(&equal), "competitor-ahead");
    // Without our own alignment there is nothing to compare.
    let no_us = plan_with(&[("      us: 8\n", ""), ("      rigwise: 4", "      rigwise: 9")]);
    assert_no_code(&analyse_plan(&no_us), "competitor-ahead");
}

#[test]
fn inflated_potential_at_aspirational() {
    // The larger of prior year (1.2M) and target (1.5M) is 1.5M; 5 × 1.5M =
    // 7.5M; 8M is more, and it exceeds the weighted pipeline (0.4 × 250K).
    let text = plan_with(&[("    aspirational: 2400000", "    aspirational: 8000000")]);
    assert_at(&text, "inflated-potential", "    aspirational: 8000000", "8000000");
    // Exactly 5× is not more than 5×.
    let at_limit = plan_with(&[("    aspirational: 2400000", "    aspirational: 7500000")]);
    assert_no_code(&analyse_plan(&at_limit), "inflated-potential");
}

#[test]
fn inflated_potential_needs_a_base_and_to_set_the_potential() {
    // A secured deal of 9M makes the weighted pipeline (9M) the potential.
    let pipeline_wins = plan_with(&[
        ("    aspirational: 2400000", "    aspirational: 8000000"),
        (
            "    stage: pipeline\n    value: 250000",
            "    stage: secured\n    value: 9000000",
        ),
    ]);
    assert_no_code(&analyse_plan(&pipeline_wins), "inflated-potential");
    // No prior year and no target: no base to compare with.
    let no_base = plan_with(&[
        ("    aspirational: 2400000", "    aspirational: 8000000"),
        ("  prior_year_actual: 1200000\n  annual_target: 1500000\n", ""),
    ]);
    assert_no_code(&analyse_plan(&no_base), "inflated-potential");
}

#[test]
fn inflated_potential_ratio_is_configurable() {
    let text = plan_with(&[("    aspirational: 2400000", "    aspirational: 8000000")]);
    let site = Site::with_team();
    site.config(&format!("{CONFIG}review:\n  max_aspiration_ratio: 6\n"));
    site.plan("deepwell", &text);
    // 6 × 1.5M = 9M > 8M.
    assert_no_code(&site.analyse(), "inflated-potential");
    site.config(&format!("{CONFIG}review:\n  max_aspiration_ratio: 2\n"));
    // 2 × 1.5M = 3M: the valid plan's 2.4M is within it, 8M is not.
    site.plan("deepwell", VALID_PLAN);
    assert_no_code(&site.analyse(), "inflated-potential");
    site.plan("deepwell", &text);
    assert_code_in(&site.analyse(), "inflated-potential", PLAN);
}

#[test]
fn no_sponsor_on_key_accounts_at_file_start() {
    let text = plan_with(&[("sponsor: alex-king\n", "")]);
    let a = analyse_plan(&text);
    assert_eq!(with_code(&a, "no-sponsor").len(), 1, "{}", render(&a));
    assert_diag_at(&a, "no-sponsor", PLAN, 1, 1);
    // A managed account needs no sponsor.
    let managed = plan_with(&[
        ("sponsor: alex-king\n", ""),
        (
            "top10: true\n",
            "top10: true\nsegment: managed\nsegment_reason: Small budget\n",
        ),
    ]);
    assert_no_code(&analyse_plan(&managed), "no-sponsor");
}

#[test]
fn new_warnings_do_not_block() {
    let text = plan_with(&[
        ("  health: good", "  health: poor"),
        ("    status: planned", "    status: blocked"),
        ("sponsor: alex-king\n", ""),
    ]);
    let a = analyse_plan(&text);
    assert_eq!(a.errors(), 0, "{}", render(&a));
    assert_eq!(a.warnings(), 3, "{}", render(&a));
}

// ---------------------------------------------------------------- references

#[test]
fn unknown_sponsor_is_an_unknown_reference_at_the_value() {
    let text = plan_with(&[("sponsor: alex-king", "sponsor: alex-kin")]);
    let a = analyse_plan(&text);
    let d = assert_diag_at(&a, "unknown-reference", PLAN, line_eq(&text, "sponsor: alex-kin"), 10);
    assert_eq!(d.hint.as_deref(), Some("did you mean `alex-king`?"));
}

#[test]
fn unknown_covered_by_is_an_unknown_reference_at_the_value() {
    let line = "    covered_by: ghost";
    let text = plan_with(&[(
        "    relationship: strong\n",
        &format!("    relationship: strong\n{line}\n"),
    )]);
    let a = analyse_plan(&text);
    assert_diag_at(
        &a,
        "unknown-reference",
        PLAN,
        line_eq(&text, line),
        col_of(line, "ghost"),
    );
    // A known team member is fine.
    let ok = plan_with(&[(
        "    relationship: strong\n",
        "    relationship: strong\n    covered_by: priya-shah\n",
    )]);
    assert_no_errors(&analyse_plan(&ok));
}

#[test]
fn bad_sponsor_id_is_an_invalid_value() {
    let text = plan_with(&[("sponsor: alex-king", "sponsor: Alex King")]);
    let a = analyse_plan(&text);
    assert_code_in(&a, "invalid-value", PLAN);
}

// ---------------------------------------------------------------- exchange rates

fn eur_plan() -> String {
    plan_with(&[("  currency: GBP", "  currency: EUR")])
}

#[test]
fn a_rate_removes_mixed_currency_and_converts_the_potential() {
    let site = Site::with_team();
    site.config(&format!("{CONFIG}exchange_rates: {{EUR: 0.86, USD: 0.79}}\n"));
    site.plan("deepwell", &eur_plan());
    let a = site.analyse();
    assert_no_code(&a, "mixed-currency");
    let acc = &a.portfolio.accounts[0];
    assert_eq!(acc.money.currency, "EUR");
    assert_eq!(acc.money.rate, Some(0.86));
    // Own currency: max(2.4M, 0.4 × 250K) = 2.4M; in GBP: 2.4M × 0.86.
    assert!((acc.potential_value() - 2_400_000.0).abs() < 1e-6);
    let site_amounts = acc.money.site.expect("converted");
    assert!((site_amounts.potential_value - 2_064_000.0).abs() < 1e-6);
    // The only account: the median threshold is its converted value.
    assert!((a.portfolio.potential_threshold - 2_064_000.0).abs() < 1e-6);
}

#[test]
fn without_a_rate_the_plan_is_mixed_currency_and_unconverted() {
    let site = Site::with_team();
    site.config(&format!("{CONFIG}exchange_rates: {{USD: 0.79}}\n"));
    site.plan("deepwell", &eur_plan());
    site.plan("gbp-co", VALID_PLAN);
    let a = site.analyse();
    let d = assert_diag_at(
        &a,
        "mixed-currency",
        PLAN,
        line_eq(&eur_plan(), "  currency: EUR"),
        col_of("  currency: EUR", "EUR"),
    );
    assert!(d.message.contains("no exchange rate"), "{}", d.message);
    let eur = &a.portfolio.accounts[0];
    assert_eq!(eur.money.rate, None);
    assert_eq!(eur.money.site, None);
    // Totals: the GBP plan converted, the EUR plan apart.
    let totals = &a.portfolio.totals;
    assert!((totals.converted.prior_year_actual - 1_200_000.0).abs() < 1e-6);
    let apart = totals.unconverted.get("EUR").expect("EUR apart");
    assert!((apart.prior_year_actual - 1_200_000.0).abs() < 1e-6);
    assert!((apart.open_pipeline - 250_000.0).abs() < 1e-6);
}

#[test]
fn bad_exchange_rates_are_located_errors() {
    let config = format!("{CONFIG}exchange_rates:\n  eur: 0.86\n  USD: 0\n  JPY: lots\n  GBP: 2\n");
    let site = Site::with_team();
    site.config(&config);
    site.plan("deepwell", VALID_PLAN);
    let a = site.analyse();
    let bad: Vec<u32> = with_code(&a, "invalid-value")
        .iter()
        .filter(|d| d.file == "planfolio.yaml")
        .map(|d| d.span.line)
        .collect();
    assert_eq!(
        bad,
        [
            line_eq(&config, "  eur: 0.86"),
            line_eq(&config, "  USD: 0"),
            line_eq(&config, "  JPY: lots"),
            line_eq(&config, "  GBP: 2")
        ],
        "{}",
        render(&a)
    );
}

#[test]
fn unknown_config_keys_still_fail_in_new_sections() {
    let site = Site::with_team();
    site.config(&format!("{CONFIG}publish:\n  indexible: true\nhistory:\n  month: 3\n"));
    site.plan("deepwell", VALID_PLAN);
    let a = site.analyse();
    let unknown = with_code(&a, "unknown-field");
    assert_eq!(unknown.len(), 2, "{}", render(&a));
}

// ---------------------------------------------------------------- money (5.6)

#[test]
fn open_pipeline_secured_lost_and_attainment_are_distinct() {
    let opportunities = "opportunities:
  - id: a
    name: A
    stage: prospect
    value: 100000
  - id: b
    name: B
    stage: forecast
    value: 200000
  - id: c
    name: C
    stage: secured
    value: 300000
  - id: d
    name: D
    stage: lost
    value: 400000
whitespace:";
    let from = &VALID_PLAN[VALID_PLAN.find("opportunities:").unwrap()..VALID_PLAN.find("whitespace:").unwrap() + 11];
    let text = plan_with(&[(from, opportunities)]);
    let a = analyse_plan(&text);
    assert_no_errors(&a);
    let m = &a.portfolio.accounts[0].money.own;
    assert!((m.open_pipeline - 300_000.0).abs() < 1e-6, "prospect + forecast");
    assert!((m.secured - 300_000.0).abs() < 1e-6);
    assert!((m.lost - 400_000.0).abs() < 1e-6);
    // 0.1 × 100K + 0.75 × 200K + 1.0 × 300K = 460K.
    assert!((m.weighted_pipeline - 460_000.0).abs() < 1e-6);
    // 300K secured against the 1.5M target.
    let attainment = a.portfolio.accounts[0].money.attainment().expect("target set");
    assert!((attainment - 0.2).abs() < 1e-9);
}

#[test]
fn no_annual_target_means_no_attainment() {
    let text = plan_with(&[("  annual_target: 1500000\n", "")]);
    let a = analyse_plan(&text);
    assert_eq!(a.portfolio.accounts[0].money.attainment(), None);
}
