//! One fixture per diagnostic code of SPEC §7, each asserting the code, the
//! file and the line (and the column where SPEC makes it clear), plus the
//! cross-file behaviours SPEC §2–§7 describe.
//!
//! Expected positions are computed from the fixture text the test wrote.

use crate::common;
use common::*;
use planfolio::model::Keyword;

const PLAN: &str = "content/accounts/deepwell.md";
const ALEX: &str = "content/team/alex-king.md";

/// A site with the config, the team and `text` as `content/accounts/deepwell.md`.
fn analyse_plan(text: &str) -> planfolio::pipeline::Analysis {
    let site = Site::with_team();
    site.plan("deepwell", text);
    site.analyse()
}

/// The column where `value` starts on the line `line` of the fixture.
fn value_col(line: &str, value: &str) -> u32 {
    col_of(line, value)
}

// ---------------------------------------------------------------------------
// Baseline

#[test]
fn valid_baseline_has_no_diagnostics() {
    let a = Site::valid().analyse();
    assert_no_errors(&a);
    assert_clean(&a);
    assert_eq!(a.errors(), 0);
    assert_eq!(a.warnings(), 0);
}

#[test]
fn valid_baseline_is_key_and_complete() {
    // Sanity for the warning fixtures below: the baseline is a key account
    // meeting all 12 requirements, so each fixture changes exactly one thing.
    let a = Site::valid().analyse();
    let acc = &a.portfolio.accounts[0];
    assert_eq!(acc.segment.as_str(), "key", "{acc:?}");
    assert!(acc.completeness.missing.is_empty(), "{acc:?}");
}

// ---------------------------------------------------------------------------
// Errors (SPEC §7)

#[test]
fn error_unreadable_file_not_utf8() {
    let site = Site::with_team();
    // line 2 is `name: Deep<0xff>well`: the bad byte is the 11th character.
    site.write(
        PLAN,
        b"---\nname: Deep\xffwell\nowner: alex-king\n---\nbody\n".as_slice(),
    );
    let a = site.analyse();
    let d = assert_diag_at(&a, "unreadable-file", PLAN, 2, 11);
    assert!(d.message.contains("UTF-8"), "{}", d.message);
}

#[test]
fn error_missing_front_matter() {
    let a = analyse_plan("# Deepwell\n\nNo front matter here.\n");
    assert_diag_at(&a, "missing-front-matter", PLAN, 1, 1);
}

#[test]
fn error_yaml_syntax() {
    let text = plan_with(&[("hq: Aberdeen, UK", "hq: Aberdeen: UK")]);
    let a = analyse_plan(&text);
    assert_diag(&a, "yaml-syntax", PLAN, line_of(&text, "hq: Aberdeen: UK"));
}

#[test]
fn error_yaml_syntax_duplicate_key() {
    // A key written twice in one mapping is a YAML error.
    let text = plan_with(&[(
        "industry: Oilfield services\n",
        "industry: Oilfield services\nindustry: Drilling\n",
    )]);
    let a = analyse_plan(&text);
    assert_diag_at(&a, "yaml-syntax", PLAN, line_eq(&text, "industry: Drilling"), 1);
}

#[test]
fn error_unknown_field_top_level() {
    let text = plan_with(&[("industry: Oilfield services", "industy: Oilfield services")]);
    let a = analyse_plan(&text);
    let d = assert_diag_at(&a, "unknown-field", PLAN, line_of(&text, "industy:"), 1);
    let hint = d.hint.as_deref().unwrap_or_default();
    assert!(hint.contains("`industry`"), "hint: {hint}");
}

#[test]
fn error_unknown_field_nested_and_in_list_item() {
    let text = plan_with(&[
        ("  health: good", "  helth: good"),
        ("    influence: high", "    influnce: high"),
    ]);
    let a = analyse_plan(&text);
    let d = assert_diag_at(&a, "unknown-field", PLAN, line_of(&text, "helth:"), 3);
    assert!(d.hint.as_deref().unwrap_or_default().contains("`health`"));
    let d = assert_diag_at(&a, "unknown-field", PLAN, line_of(&text, "influnce:"), 5);
    assert!(d.hint.as_deref().unwrap_or_default().contains("`influence`"));
}

#[test]
fn error_missing_field_top_level_points_at_file_start() {
    let text = plan_with(&[("name: Deepwell Solutions\n", "")]);
    let a = analyse_plan(&text);
    let d = assert_diag_at(&a, "missing-field", PLAN, 1, 1);
    assert!(d.message.contains("name"), "{}", d.message);
}

#[test]
fn error_missing_owner_points_at_file_start() {
    let text = plan_with(&[("owner: alex-king\nteam", "team")]);
    let a = analyse_plan(&text);
    let d = assert_diag_at(&a, "missing-field", PLAN, 1, 1);
    assert!(d.message.contains("owner"), "{}", d.message);
}

#[test]
fn error_missing_field_in_list_item_points_at_item_first_key() {
    // The goal loses its title; its first key is `id` on the `- id:` line.
    let text = plan_with(&[("    title: Land a predictive-maintenance pilot\n", "")]);
    let a = analyse_plan(&text);
    let line = line_eq(&text, "  - id: pilot-predictive");
    let d = assert_diag_at(&a, "missing-field", PLAN, line, 5);
    assert!(d.message.contains("title"), "{}", d.message);
}

#[test]
fn error_missing_field_in_item_whose_first_key_is_not_id() {
    // An opportunity without `value`; its first key is `name`.
    let text = plan_with(&[(
        "  - id: pm-pilot\n    name: Predictive maintenance pilot\n    stage: pipeline\n    value: 250000\n",
        "  - name: Predictive maintenance pilot\n    stage: pipeline\n",
    )]);
    let a = analyse_plan(&text);
    let line = line_eq(&text, "  - name: Predictive maintenance pilot");
    let d = assert_diag_at(&a, "missing-field", PLAN, line, 5);
    assert!(d.message.contains("value"), "{}", d.message);
}

#[test]
fn error_invalid_value_enum() {
    let text = plan_with(&[("  health: good", "  health: great")]);
    let a = analyse_plan(&text);
    let line_text = "  health: great";
    let d = assert_diag_at(
        &a,
        "invalid-value",
        PLAN,
        line_eq(&text, line_text),
        value_col(line_text, "great"),
    );
    let hint = d.hint.as_deref().unwrap_or_default();
    for allowed in ["good", "neutral", "poor"] {
        assert!(hint.contains(allowed), "hint: {hint}");
    }
}

#[test]
fn error_duplicate_id_in_one_list() {
    let text = plan_with(&[(
        "contacts:\n",
        "  - id: pilot-predictive\n    title: Another goal\n    measure: m\n    due: 2027-01-01\ncontacts:\n",
    )]);
    let a = analyse_plan(&text);
    let second = nth_line_of(&text, "  - id: pilot-predictive", 2);
    assert_diag(&a, "duplicate-id", PLAN, second);
    // The first one is not the duplicate.
    let first = nth_line_of(&text, "  - id: pilot-predictive", 1);
    assert!(
        !with_code(&a, "duplicate-id").iter().any(|d| d.span.line == first),
        "{}",
        render(&a)
    );
}

#[test]
fn error_unknown_reference() {
    let text = plan_with(&[("owner: alex-king\nteam", "owner: alex-kin\nteam")]);
    let a = analyse_plan(&text);
    let d = assert_diag_at(&a, "unknown-reference", PLAN, line_eq(&text, "owner: alex-kin"), 8);
    assert!(d.hint.as_deref().unwrap_or_default().contains("alex-king"), "{d:?}");
}

#[test]
fn error_reference_cycle_reports_to() {
    let text = plan_with(&[(
        "    name: Pete Leslie\n",
        "    name: Pete Leslie\n    reports_to: james-morrison\n",
    )]);
    let a = analyse_plan(&text);
    let lines = [
        line_eq(&text, "    reports_to: pete-leslie"),
        line_eq(&text, "    reports_to: james-morrison"),
    ];
    assert_diag_on_one_of(&a, "reference-cycle", PLAN, &lines);
    // One loop, one diagnostic.
    assert_eq!(with_code(&a, "reference-cycle").len(), 1, "{}", render(&a));
}

#[test]
fn error_reference_cycle_self_loop() {
    let text = plan_with(&[("    reports_to: pete-leslie", "    reports_to: james-morrison")]);
    let a = analyse_plan(&text);
    assert_diag(
        &a,
        "reference-cycle",
        PLAN,
        line_eq(&text, "    reports_to: james-morrison"),
    );
}

#[test]
fn error_reference_cycle_team_manager() {
    let site = Site::valid();
    // alex -> priya -> alex; line 4 of each file is `manager: ...`.
    site.member("alex-king", "Alex King", Some("priya-shah"));
    let a = site.analyse();
    let files = ["content/team/alex-king.md", "content/team/priya-shah.md"];
    let cycles = with_code(&a, "reference-cycle");
    assert_eq!(cycles.len(), 1, "{}", render(&a));
    let d = cycles[0];
    assert!(files.contains(&d.file.as_str()), "{}", render(&a));
    let text = member_text("Alex King", Some("priya-shah"));
    assert_eq!(d.span.line, line_of(&text, "manager:"), "{}", render(&a));
}

#[test]
fn error_revenue_goal_order() {
    // minimum <= just_right holds; aspirational is below just_right.
    let text = plan_with(&[("    aspirational: 2400000", "    aspirational: 1400000")]);
    let a = analyse_plan(&text);
    assert_diag(
        &a,
        "revenue-goal-order",
        PLAN,
        line_eq(&text, "    aspirational: 1400000"),
    );
}

#[test]
fn revenue_goal_equal_values_are_in_order() {
    let text = plan_with(&[
        ("    minimum: 1236000", "    minimum: 1500000"),
        ("    aspirational: 2400000", "    aspirational: 1500000"),
    ]);
    let a = analyse_plan(&text);
    assert_no_code(&a, "revenue-goal-order");
}

// ---------------------------------------------------------------------------
// Warnings (SPEC §7)

#[test]
fn warning_stale_review() {
    // 2026-08-24 is 91 days before 2026-11-23 (limit: 90).
    let text = plan_with(&[("  last_review: 2026-11-01", "  last_review: 2026-08-24")]);
    let a = analyse_plan(&text);
    let line_text = "  last_review: 2026-08-24";
    assert_diag_at(
        &a,
        "stale-review",
        PLAN,
        line_eq(&text, line_text),
        value_col(line_text, "2026"),
    );
    assert_no_errors(&a);
}

#[test]
fn review_exactly_max_age_is_not_stale() {
    // 2026-08-25 is exactly 90 days before today: not "more than" 90.
    let text = plan_with(&[("  last_review: 2026-11-01", "  last_review: 2026-08-25")]);
    let a = analyse_plan(&text);
    assert_no_code(&a, "stale-review");
}

#[test]
fn stale_review_when_last_review_missing_points_at_status() {
    let text = plan_with(&[("  last_review: 2026-11-01\n", "")]);
    let a = analyse_plan(&text);
    assert_diag_at(&a, "stale-review", PLAN, line_eq(&text, "status:"), 1);
}

#[test]
fn stale_review_respects_config_max_age() {
    let site = Site::with_team();
    site.config(&format!("{CONFIG}review:\n  max_age_days: 10\n"));
    site.plan("deepwell", VALID_PLAN); // reviewed 22 days ago
    let a = site.analyse();
    assert_diag(&a, "stale-review", PLAN, line_of(VALID_PLAN, "last_review:"));
}

#[test]
fn warning_overdue_action() {
    let text = plan_with(&[("    due: 2027-04-15", "    due: 2026-11-22")]);
    let a = analyse_plan(&text);
    let line_text = "    due: 2026-11-22";
    assert_diag_at(
        &a,
        "overdue-action",
        PLAN,
        line_eq(&text, line_text),
        value_col(line_text, "2026"),
    );
}

#[test]
fn done_or_due_today_actions_are_not_overdue() {
    let done = plan_with(&[
        ("    due: 2027-04-15", "    due: 2026-01-01"),
        ("    status: planned", "    status: done"),
    ]);
    assert_no_code(&analyse_plan(&done), "overdue-action");
    let today = plan_with(&[("    due: 2027-04-15", "    due: 2026-11-23")]);
    assert_no_code(&analyse_plan(&today), "overdue-action");
}

#[test]
fn warning_goal_not_smart_without_measure() {
    let text = plan_with(&[("    measure: Signed pilot statement of work\n", "")]);
    let a = analyse_plan(&text);
    assert_diag_at(
        &a,
        "goal-not-smart",
        PLAN,
        line_eq(&text, "  - id: pilot-predictive"),
        5,
    );
}

#[test]
fn warning_goal_not_smart_without_due() {
    let text = plan_with(&[("    due: 2027-03-31\n", "")]);
    let a = analyse_plan(&text);
    assert_diag(&a, "goal-not-smart", PLAN, line_eq(&text, "  - id: pilot-predictive"));
}

#[test]
fn warning_orphan_goal() {
    let text = plan_with(&[(
        "contacts:\n",
        "  - id: extra-goal\n    title: Extra goal\n    measure: m\n    due: 2027-01-01\ncontacts:\n",
    )]);
    let a = analyse_plan(&text);
    assert_diag_at(&a, "orphan-goal", PLAN, line_eq(&text, "  - id: extra-goal"), 5);
    // The listed goal is not an orphan.
    assert_eq!(with_code(&a, "orphan-goal").len(), 1, "{}", render(&a));
}

#[test]
fn warning_unlinked_objective() {
    let text = plan_with(&[(
        "goals:\n  - id: pilot",
        "  - id: grow-share\n    title: Grow share\n    priority: high\n  - id: calm\n    title: Stay calm\ngoals:\n  - id: pilot",
    )]);
    let a = analyse_plan(&text);
    assert_diag_at(&a, "unlinked-objective", PLAN, line_eq(&text, "  - id: grow-share"), 5);
    // `calm` has the default priority (medium): no warning.
    assert_eq!(with_code(&a, "unlinked-objective").len(), 1, "{}", render(&a));
}

#[test]
fn warning_ambition_gap() {
    let text = plan_with(&[("  our_ambition: strategic-partner", "  our_ambition: service-provider")]);
    let a = analyse_plan(&text);
    let lines = [line_of(&text, "customer_ambition:"), line_of(&text, "our_ambition:")];
    assert_diag_on_one_of(&a, "ambition-gap", PLAN, &lines);
}

#[test]
fn warning_detractor_stage() {
    let text = plan_with(&[(
        "    role: supporter\n    relationship: neutral\n",
        "    role: detractor\n    relationship: neutral\n    stages: [evaluation]\n",
    )]);
    let a = analyse_plan(&text);
    assert_diag(&a, "detractor-stage", PLAN, line_eq(&text, "  - id: ann-lee"));
}

#[test]
fn detractor_balanced_by_supporter_is_fine() {
    let text = plan_with(&[
        (
            "    role: supporter\n    relationship: neutral\n",
            "    role: detractor\n    relationship: neutral\n    stages: [evaluation]\n",
        ),
        (
            "    role: budget-holder\n    relationship: good\n",
            "    role: supporter\n    relationship: good\n    stages: [evaluation]\n",
        ),
    ]);
    let a = analyse_plan(&text);
    assert_no_code(&a, "detractor-stage");
}

#[test]
fn warning_single_threaded() {
    let text = plan_with(&[(
        "    role: budget-holder\n    relationship: good\n",
        "    role: budget-holder\n    relationship: weak\n",
    )]);
    let a = analyse_plan(&text);
    let d = assert_diag_at(&a, "single-threaded", PLAN, line_eq(&text, "contacts:"), 1);
    // One warm contact is "1 contact", not "1 contact(s)".
    assert!(
        d.message
            .starts_with("only 1 contact with a strong or good relationship"),
        "{}",
        d.message
    );
}

#[test]
fn no_contacts_is_not_single_threaded() {
    let site = Site::with_team();
    site.plan(
        "tiny",
        "---\nname: Tiny\nowner: alex-king\nstatus:\n  last_review: 2026-11-01\n---\n",
    );
    let a = site.analyse();
    assert_no_errors(&a);
    assert_no_code(&a, "single-threaded");
}

#[test]
fn warning_incomplete_plan() {
    let text = plan_with(&[(
        "proposition:\n  competency: Twenty years of rig data\n  offer: Predictive maintenance\n",
        "",
    )]);
    let a = analyse_plan(&text);
    let d = assert_diag(&a, "incomplete-plan", PLAN, 1);
    assert!(d.message.contains("proposition"), "{}", d.message);
}

#[test]
fn maintained_plan_needs_only_four_requirements() {
    // Declared maintained (with a reason): no actions, revenue goal or value
    // proposition needed.
    let site = Site::with_team();
    site.plan(
        "small",
        "---\nname: Small Co\nowner: alex-king\nsegment: maintained\nsegment_reason: tiny\n\
         status:\n  last_review: 2026-11-01\n\
         objectives:\n  - title: Keep going\n    goals: [keep]\n\
         goals:\n  - id: keep\n    title: Keep\n    measure: m\n    due: 2027-01-01\n\
         contacts:\n  - name: Sam Small\n    relationship: good\n  - name: Kim Small\n    relationship: strong\n---\n",
    );
    let a = site.analyse();
    assert_no_errors(&a);
    assert_no_code(&a, "incomplete-plan");
}

#[test]
fn warning_owner_overload_on_team_member_file() {
    // Four identical key plans owned by alex-king; the default limit is 3.
    let site = Site::with_team();
    for id in ["a1", "a2", "a3", "a4"] {
        site.plan(id, VALID_PLAN);
    }
    let a = site.analyse();
    assert!(a.portfolio.accounts.iter().all(|acc| acc.segment.as_str() == "key"));
    assert_diag_at(&a, "owner-overload", ALEX, 1, 1);
    assert_eq!(with_code(&a, "owner-overload").len(), 1, "{}", render(&a));
    assert!(
        !a.diagnostics
            .iter()
            .any(|d| d.code.as_str() == "owner-overload" && d.file.contains("accounts")),
    );
}

#[test]
fn owner_at_limit_is_not_overloaded() {
    let site = Site::with_team();
    for id in ["a1", "a2", "a3"] {
        site.plan(id, VALID_PLAN);
    }
    assert_no_code(&site.analyse(), "owner-overload");
}

#[test]
fn owner_overload_respects_config_limit() {
    let site = Site::with_team();
    site.config(&format!("{CONFIG}review:\n  max_key_accounts_per_owner: 1\n"));
    site.plan("a1", VALID_PLAN);
    site.plan("a2", VALID_PLAN);
    let a = site.analyse();
    assert_diag(&a, "owner-overload", ALEX, 1);
}

#[test]
fn warning_segment_override() {
    let text = plan_with(&[("top10: true\n", "top10: true\nsegment: maintained\n")]);
    let a = analyse_plan(&text);
    let line_text = "segment: maintained";
    assert_diag_at(
        &a,
        "segment-override",
        PLAN,
        line_eq(&text, line_text),
        value_col(line_text, "maintained"),
    );
}

#[test]
fn segment_override_silenced_by_reason_or_agreement() {
    let with_reason = plan_with(&[(
        "top10: true\n",
        "top10: true\nsegment: maintained\nsegment_reason: Winding down\n",
    )]);
    assert_no_code(&analyse_plan(&with_reason), "segment-override");
    let agreeing = plan_with(&[("top10: true\n", "top10: true\nsegment: key\n")]);
    assert_no_code(&analyse_plan(&agreeing), "segment-override");
}

#[test]
fn warning_mixed_currency() {
    let site = Site::with_team();
    let eur = plan_with(&[("  currency: GBP", "  currency: EUR")]);
    site.plan("deepwell", &eur);
    site.plan("gbp-co", VALID_PLAN);
    let a = site.analyse();
    let line_text = "  currency: EUR";
    assert_diag_at(
        &a,
        "mixed-currency",
        PLAN,
        line_eq(&eur, line_text),
        value_col(line_text, "EUR"),
    );
    // Only the plan whose currency differs from the site's.
    let mixed = with_code(&a, "mixed-currency");
    assert_eq!(mixed.len(), 1, "{}", render(&a));
}

#[test]
fn mixed_currency_against_configured_site_currency() {
    let site = Site::with_team();
    site.config("currency: EUR\nproducts: [Predict, Monitor]\n");
    site.plan("deepwell", VALID_PLAN); // GBP
    let a = site.analyse();
    assert_diag(&a, "mixed-currency", PLAN, line_eq(VALID_PLAN, "  currency: GBP"));
}

// ---------------------------------------------------------------------------
// Every code is covered and warnings never block.

#[test]
fn warnings_are_warnings_and_errors_are_errors() {
    use planfolio::diagnostic::{Code, Severity};

    let errors = [
        "unreadable-file",
        "missing-front-matter",
        "yaml-syntax",
        "unknown-field",
        "missing-field",
        "invalid-value",
        "duplicate-id",
        "unknown-reference",
        "reference-cycle",
        "revenue-goal-order",
        // Beyond SPEC §7: a site template that does not parse or render.
        "template-error",
    ];
    let warnings = [
        "stale-review",
        "overdue-action",
        "goal-not-smart",
        "orphan-goal",
        "unlinked-objective",
        "ambition-gap",
        "detractor-stage",
        "single-threaded",
        "incomplete-plan",
        "owner-overload",
        "segment-override",
        "mixed-currency",
        "poor-health",
        "goal-off-track",
        "blocked-action",
        "competitor-ahead",
        "inflated-potential",
        "no-sponsor",
    ];
    assert_eq!(Code::ALL.len(), errors.len() + warnings.len());
    for c in Code::ALL {
        let expected = if errors.contains(&c.as_str()) {
            Severity::Error
        } else {
            assert!(warnings.contains(&c.as_str()), "unexpected code {c}");
            Severity::Warning
        };
        assert_eq!(c.severity(), expected, "{c}");
    }
}

// ---------------------------------------------------------------------------
// Several problems in one run

#[test]
fn one_run_reports_every_problem_across_files() {
    let site = Site::with_team();
    let config = "title: Key Accounts\ncurrency: GBP\nproducts: [Predict, Monitor]\nmarkdwn:\n  allow_html: true\n";
    site.config(config);
    let plan = plan_with(&[
        ("industry: Oilfield services", "industy: Oilfield services"),
        ("  health: good", "  health: great"),
        ("    contact: james-morrison", "    contact: james-morison"),
        ("    stage: pipeline", "    stage: pipline"),
    ]);
    site.plan("deepwell", &plan);
    let other = "---\nowner: nobody-here\n---\n";
    site.plan("other", other);
    site.write("content/team/sam-osei.md", "---\ntitle: Manager\n---\n");
    let a = site.analyse();

    assert_diag_at(&a, "unknown-field", "planfolio.yaml", line_eq(config, "markdwn:"), 1);
    assert_diag(&a, "unknown-field", PLAN, line_of(&plan, "industy:"));
    assert_diag(&a, "invalid-value", PLAN, line_of(&plan, "health: great"));
    assert_diag(&a, "unknown-reference", PLAN, line_of(&plan, "contact: james-morison"));
    assert_diag(&a, "invalid-value", PLAN, line_of(&plan, "stage: pipline"));
    let other_rel = "content/accounts/other.md";
    assert_diag_at(&a, "missing-field", other_rel, 1, 1); // name
    assert_diag_at(&a, "unknown-reference", other_rel, 2, 8); // owner
    assert_diag_at(&a, "missing-field", "content/team/sam-osei.md", 1, 1);
    assert!(a.errors() >= 8, "{}", render(&a));
}

#[test]
fn diagnostics_are_sorted_by_file_line_column_code() {
    let site = Site::with_team();
    let plan = plan_with(&[
        ("industry: Oilfield services", "industy: Oilfield services"),
        ("  health: good", "  health: great"),
    ]);
    site.plan("deepwell", &plan);
    site.plan("aaa", "no front matter\n");
    let a = site.analyse();
    let keys: Vec<_> = a
        .diagnostics
        .iter()
        .map(|d| (d.file.clone(), d.span.line, d.span.col, d.code.as_str()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

// ---------------------------------------------------------------------------
// Hints

#[test]
fn hint_unknown_field_names_closest_key() {
    let text = plan_with(&[("    measure: Signed pilot statement of work", "    mesure: Signed")]);
    let a = analyse_plan(&text);
    let d = assert_diag_at(&a, "unknown-field", PLAN, line_of(&text, "mesure:"), 5);
    let hint = d.hint.as_deref().unwrap_or_default();
    assert!(hint.contains("measure"), "hint: {hint}");
}

#[test]
fn hint_unknown_reference_names_closest_id() {
    let text = plan_with(&[(
        "    goals: [pilot-predictive]\ngoals:",
        "    goals: [pilot-predictve]\ngoals:",
    )]);
    let a = analyse_plan(&text);
    let line_text = "    goals: [pilot-predictve]";
    let d = assert_diag_at(
        &a,
        "unknown-reference",
        PLAN,
        line_eq(&text, line_text),
        value_col(line_text, "pilot-predictve"),
    );
    let hint = d.hint.as_deref().unwrap_or_default();
    assert!(hint.contains("pilot-predictive"), "hint: {hint}");
}

#[test]
fn hint_invalid_value_lists_allowed_values() {
    let text = plan_with(&[("    stage: pipeline", "    stage: pipline")]);
    let a = analyse_plan(&text);
    let line_text = "    stage: pipline";
    let d = assert_diag_at(
        &a,
        "invalid-value",
        PLAN,
        line_eq(&text, line_text),
        value_col(line_text, "pipline"),
    );
    let hint = d.hint.as_deref().unwrap_or_default();
    for allowed in ["prospect", "pipeline", "forecast", "secured", "lost"] {
        assert!(hint.contains(allowed), "hint: {hint}");
    }
}

#[test]
fn hint_invalid_driver_category_lists_categories_of_its_kind() {
    let text = plan_with(&[("    category: legislation", "    category: strategy")]);
    let a = analyse_plan(&text);
    let d = assert_diag(&a, "invalid-value", PLAN, line_of(&text, "category: strategy"));
    let hint = d.hint.as_deref().unwrap_or_default();
    assert!(hint.contains("legislation") && hint.contains("economy"), "{hint}");
}

// ---------------------------------------------------------------------------
// Ids, references and cross-file rules

#[test]
fn duplicate_id_across_two_files() {
    let site = Site::with_team();
    site.plan("x", VALID_PLAN);
    site.plan("emea/x", VALID_PLAN);
    let a = site.analyse();
    let dups = with_code(&a, "duplicate-id");
    assert_eq!(dups.len(), 1, "{}", render(&a));
    assert!(
        ["content/accounts/x.md", "content/accounts/emea/x.md"].contains(&dups[0].file.as_str()),
        "{}",
        render(&a)
    );
    assert_eq!((dups[0].span.line, dups[0].span.col), (1, 1));
}

#[test]
fn missing_competitor_name_without_profile() {
    let text = plan_with(&[(
        "swot:\n  strengths",
        "  - id: acme\n    swot: threat\nswot:\n  strengths",
    )]);
    let a = analyse_plan(&text);
    let d = assert_diag_at(&a, "missing-field", PLAN, line_eq(&text, "  - id: acme"), 5);
    assert!(d.message.contains("name"), "{}", d.message);
}

#[test]
fn competitor_name_may_come_from_profile() {
    let site = Site::with_team();
    let text = plan_with(&[(
        "swot:\n  strengths",
        "  - id: acme\n    swot: threat\nswot:\n  strengths",
    )]);
    site.plan("deepwell", &text);
    site.write(
        "content/competitors/acme.md",
        "---\nname: Acme Corp\nwebsite: https://acme.example\n---\nProfile.\n",
    );
    let a = site.analyse();
    assert_no_errors(&a);
}

#[test]
fn competitor_without_id_or_name_is_missing_name() {
    let text = plan_with(&[("swot:\n  strengths", "  - strengths: [Fast]\nswot:\n  strengths")]);
    let a = analyse_plan(&text);
    assert_diag(&a, "missing-field", PLAN, line_eq(&text, "  - strengths: [Fast]"));
}

#[test]
fn alignment_key_not_us_nor_competitor_is_unknown_reference() {
    let text = plan_with(&[("      rigwise: 4", "      rigwize: 4")]);
    let a = analyse_plan(&text);
    let d = assert_diag_at(&a, "unknown-reference", PLAN, line_eq(&text, "      rigwize: 4"), 7);
    assert!(d.hint.as_deref().unwrap_or_default().contains("rigwise"));
}

#[test]
fn alignment_with_profile_only_competitor_is_unknown_reference() {
    // The key must be a competitor *of this plan*, not merely a profile.
    let site = Site::with_team();
    let text = plan_with(&[("      rigwise: 4", "      acme: 4")]);
    site.plan("deepwell", &text);
    site.write("content/competitors/acme.md", "---\nname: Acme\n---\n");
    let a = site.analyse();
    assert_diag_at(&a, "unknown-reference", PLAN, line_eq(&text, "      acme: 4"), 7);
}

#[test]
fn alignment_out_of_range_is_invalid_value() {
    let text = plan_with(&[("      us: 8", "      us: 11")]);
    let a = analyse_plan(&text);
    assert_diag_at(&a, "invalid-value", PLAN, line_eq(&text, "      us: 11"), 11);
}

#[test]
fn product_not_in_config_is_unknown_reference() {
    let text = plan_with(&[("    product: Predict", "    product: Predikt")]);
    let a = analyse_plan(&text);
    let line_text = "    product: Predikt";
    let d = assert_diag_at(
        &a,
        "unknown-reference",
        PLAN,
        line_eq(&text, line_text),
        value_col(line_text, "Predikt"),
    );
    assert!(d.hint.as_deref().unwrap_or_default().contains("Predict"));
}

#[test]
fn whitespace_product_not_in_config_is_unknown_reference() {
    let text = plan_with(&[("    Monitor: owned", "    Analyse: owned")]);
    let a = analyse_plan(&text);
    assert_diag_at(&a, "unknown-reference", PLAN, line_eq(&text, "    Analyse: owned"), 5);
}

#[test]
fn products_unchecked_when_config_lists_none() {
    let site = Site::with_team();
    site.config("title: Key Accounts\n");
    site.plan(
        "deepwell",
        &plan_with(&[("    product: Predict", "    product: Anything")]),
    );
    assert_no_errors(&site.analyse());
}

#[test]
fn whitespace_business_unit_must_exist() {
    let text = plan_with(&[("whitespace:\n  td:", "whitespace:\n  ops:")]);
    let a = analyse_plan(&text);
    assert_diag_at(&a, "unknown-reference", PLAN, line_eq(&text, "  ops:"), 3);
}

#[test]
fn action_owner_must_be_team_member() {
    let text = plan_with(&[("    owner: alex-king", "    owner: jo-nobody")]);
    let a = analyse_plan(&text);
    assert_diag_at(
        &a,
        "unknown-reference",
        PLAN,
        line_eq(&text, "    owner: jo-nobody"),
        12,
    );
}

#[test]
fn action_without_owner_is_missing_field_at_item() {
    let text = plan_with(&[("    owner: alex-king\n", "")]);
    let a = analyse_plan(&text);
    assert_diag_at(&a, "missing-field", PLAN, line_eq(&text, "  - id: golf-invite"), 5);
}

#[test]
fn team_member_unknown_manager() {
    let site = Site::valid();
    let rel = site.member("sam-osei", "Sam Osei", Some("alex-kng"));
    let a = site.analyse();
    let text = member_text("Sam Osei", Some("alex-kng"));
    let d = assert_diag_at(&a, "unknown-reference", &rel, line_of(&text, "manager:"), 10);
    assert!(d.hint.as_deref().unwrap_or_default().contains("alex-king"));
}

#[test]
fn team_member_unknown_field() {
    let site = Site::valid();
    site.write(
        "content/team/sam-osei.md",
        "---\nname: Sam Osei\nemial: sam@example.com\n---\n",
    );
    let a = site.analyse();
    let d = assert_diag_at(&a, "unknown-field", "content/team/sam-osei.md", 3, 1);
    assert!(d.hint.as_deref().unwrap_or_default().contains("email"));
}

#[test]
fn competitor_profile_requires_name() {
    let site = Site::valid();
    site.write(
        "content/competitors/rigwise.md",
        "---\nwebsite: https://r.example\n---\n",
    );
    let a = site.analyse();
    assert_diag_at(&a, "missing-field", "content/competitors/rigwise.md", 1, 1);
}

#[test]
fn config_errors_are_reported_on_planfolio_yaml() {
    let site = Site::valid();
    let config = "title: Key Accounts\ncurrency: pounds\nproducts: [Predict, Monitor]\nreveiw:\n  max_age_days: 90\nsegmentation:\n  relationship: {high_from: 11}\n";
    site.config(config);
    let a = site.analyse();
    let f = "planfolio.yaml";
    let line_text = "currency: pounds";
    assert_diag_at(
        &a,
        "invalid-value",
        f,
        line_eq(config, line_text),
        value_col(line_text, "pounds"),
    );
    let d = assert_diag_at(&a, "unknown-field", f, line_eq(config, "reveiw:"), 1);
    assert!(d.hint.as_deref().unwrap_or_default().contains("review"));
    assert_diag(&a, "invalid-value", f, line_of(config, "high_from: 11"));
}

#[test]
fn config_yaml_syntax_error_on_planfolio_yaml() {
    let site = Site::valid();
    let config = "title: Key Accounts\nproducts: [Predict, Monitor\ncurrency: GBP\n";
    site.config(config);
    let a = site.analyse();
    let d = assert_code_in(&a, "yaml-syntax", "planfolio.yaml");
    assert!(d.span.line >= 2 && d.span.line <= 4, "{}", render(&a));
}

#[test]
fn config_unknown_nested_key() {
    let site = Site::valid();
    let config = "segmentation:\n  stage_weights: {prospect: 0.1, pipline: 0.4}\n";
    site.config(config);
    let a = site.analyse();
    let d = assert_diag(&a, "unknown-field", "planfolio.yaml", 2);
    assert!(d.hint.as_deref().unwrap_or_default().contains("pipeline"));
}

// ---------------------------------------------------------------------------
// Messages that name the real cause (issue 19, target 4)

#[test]
fn a_misindented_key_is_reported_as_indentation() {
    for (indent, spaces) in [("   ", "3 spaces"), (" ", "1 space")] {
        let text = plan_with(&[("  impact: 2\n", &format!("{indent}impact: 2\n"))]);
        let a = analyse_plan(&text);
        let line = line_of(&text, "impact: 2");
        let d = assert_diag_at(&a, "yaml-syntax", PLAN, line, 1);
        // The key before it, `our_ambition`, sits two spaces in.
        let want = format!(
            "this line is indented {spaces}; the keys beside it, 2 (`our_ambition` on line {})",
            line - 1
        );
        assert!(d.message.contains(&want), "{}", d.message);
        let hint = d.hint.as_deref().unwrap_or("");
        assert!(hint.contains("same number of spaces"), "{hint}");
        assert!(!hint.contains("quoted"), "{hint}");
    }
}

#[test]
fn a_colon_in_a_value_still_asks_for_quotes() {
    let text = plan_with(&[("name: Deepwell Solutions\n", "name: Deepwell: Solutions\n")]);
    let a = analyse_plan(&text);
    let d = assert_diag(&a, "yaml-syntax", PLAN, line_of(&text, "name: Deepwell"));
    assert!(
        d.hint.as_deref().unwrap_or("").contains("must be quoted"),
        "{:?}",
        d.hint
    );
}

#[test]
fn an_invalid_date_is_reported_once_not_again_as_missing() {
    // An old review date would be stale; an invalid one is only invalid.
    let text = plan_with(&[("  last_review: 2026-11-01\n", "  last_review: 2026-13-01\n")]);
    let a = analyse_plan(&text);
    assert_diag(&a, "invalid-value", PLAN, line_of(&text, "last_review:"));
    assert_no_code(&a, "stale-review");
    assert_no_code(&a, "incomplete-plan");
    assert_eq!(a.diagnostics.len(), 1, "{}", render(&a));

    let text = plan_with(&[("    due: 2027-03-31\n", "    due: 31/03/2027\n")]);
    let a = analyse_plan(&text);
    assert_diag(&a, "invalid-value", PLAN, line_of(&text, "due: 31/03/2027"));
    assert_no_code(&a, "goal-not-smart");

    let text = plan_with(&[("sponsor: alex-king\n", "sponsor: Alex King\n")]);
    let a = analyse_plan(&text);
    assert_diag(&a, "invalid-value", PLAN, line_of(&text, "sponsor:"));
    assert_no_code(&a, "no-sponsor");

    // A relationship that is invalid is not also "missing" for completeness.
    let text = plan_with(&[("    relationship: neutral\n", "    relationship: so-so\n")]);
    let a = analyse_plan(&text);
    assert_diag(&a, "invalid-value", PLAN, line_of(&text, "relationship: so-so"));
    assert_no_code(&a, "incomplete-plan");
}

#[test]
fn a_missing_date_is_still_reported_as_missing() {
    let text = plan_with(&[("  last_review: 2026-11-01\n", "")]);
    let a = analyse_plan(&text);
    assert_code_in(&a, "stale-review", PLAN);
    let d = assert_code_in(&a, "incomplete-plan", PLAN);
    assert!(d.message.contains("last review"), "{}", d.message);
}

#[test]
fn list_items_are_named_by_id_or_by_their_position_in_words() {
    let text = plan_with(&[("    priority: high\n", "    priority: urgent\n")]);
    let d = assert_diag(
        &analyse_plan(&text),
        "invalid-value",
        PLAN,
        line_of(&text, "priority: urgent"),
    )
    .message
    .clone();
    assert!(d.contains("(in `priority` of objective `cut-npt`)"), "{d}");

    // Without an `id`, a contact goes by the id its name gives.
    let text = plan_with(&[
        ("  - id: ann-lee\n    name: Ann Lee\n", "  - name: Ann Lee\n"),
        ("    role: supporter\n", "    role: fan\n"),
    ]);
    let d = assert_diag(&analyse_plan(&text), "invalid-value", PLAN, line_of(&text, "role: fan"))
        .message
        .clone();
    assert!(d.contains("(in `role` of contact `ann-lee`)"), "{d}");

    // Entries of a plain list, and items with nothing to name them by, by position.
    let text = plan_with(&[(
        "    stages: [need-recognition, purchase-decision]\n",
        "    stages: [need-recognition, buying]\n",
    )]);
    let d = assert_diag(
        &analyse_plan(&text),
        "invalid-value",
        PLAN,
        line_of(&text, "need-recognition, buying"),
    )
    .message
    .clone();
    assert!(
        d.contains("(in the second entry of `stages` of contact `james-morrison`)"),
        "{d}"
    );

    let text = plan_with(&[(
        "  - kind: external\n    category: legislation\n",
        "  - kind: outside\n    category: legislation\n",
    )]);
    let d = assert_diag(
        &analyse_plan(&text),
        "invalid-value",
        PLAN,
        line_of(&text, "kind: outside"),
    )
    .message
    .clone();
    assert!(d.contains("(in `kind` of the first driver)"), "{d}");
    assert!(!d.contains('['), "{d}");
}

#[test]
fn range_limits_read_as_numbers() {
    let text = plan_with(&[("    value: 250000\n", "    value: 1e16\n")]);
    let d = assert_diag(
        &analyse_plan(&text),
        "invalid-value",
        PLAN,
        line_of(&text, "value: 1e16"),
    )
    .clone();
    assert!(
        d.message.starts_with("`value` of opportunity `pm-pilot` is"),
        "{}",
        d.message
    );
    let hint = d.hint.unwrap_or_default();
    assert!(hint.contains("from 0 to 1,000,000,000,000,000"), "{hint}");
}

#[test]
fn a_duplicated_contact_id_is_not_also_a_loop() {
    // Ann Lee renamed by copy-and-paste to Pete Leslie's id, keeping a
    // `reports_to` that names the first Pete Leslie.
    let text = plan_with(&[(
        "  - id: ann-lee\n    name: Ann Lee\n",
        "  - id: pete-leslie\n    name: Ann Lee\n    reports_to: pete-leslie\n",
    )]);
    let a = analyse_plan(&text);
    assert_code_in(&a, "duplicate-id", PLAN);
    assert_no_code(&a, "reference-cycle");
}

/// A `segment_reason` that renders to nothing on the page (empty, blanks, a
/// no-break space, a lone Markdown link reference definition) is no reason:
/// the override is still reported.
#[test]
fn segment_override_not_silenced_by_a_reason_that_renders_empty() {
    for reason in [r#""""#, r#""   ""#, r#""\u00a0""#, r#""[x]: /y""#] {
        let text = plan_with(&[(
            "top10: true\n",
            &format!("top10: true\nsegment: maintained\nsegment_reason: {reason}\n"),
        )]);
        let a = analyse_plan(&text);
        assert_eq!(
            with_code(&a, "segment-override").len(),
            1,
            "reason {reason}: {}",
            render(&a)
        );
    }
}
