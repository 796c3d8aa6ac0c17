//! Derived values of SPEC §5, checked against hand-computed expectations.
//!
//! Every fixture is a tiny site written into a temporary folder; every
//! expected number is worked out by hand from the SPEC formulas (the
//! arithmetic is in a comment next to it).

use crate::common;
use chrono::NaiveDate;
use common::write;
use planfolio::derive::{Account, SwotSource};
use planfolio::model::Segment;
use planfolio::pipeline::{Analysis, analyse};
use tempfile::TempDir;

/// The "today" every test uses unless it says otherwise.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// A site with team member `alex-king`, an optional `planfolio.yaml` and
/// `plans` as `(id, yaml)`: each plan gets `name` and `owner` and then `yaml`.
fn site(config: Option<&str>, plans: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    if let Some(c) = config {
        write(root, "planfolio.yaml", c);
    }
    write(root, "content/team/alex-king.md", "---\nname: Alex King\n---\n");
    for (id, yaml) in plans {
        write(
            root,
            &format!("content/accounts/{id}.md"),
            &format!("---\nname: Plan {id}\nowner: alex-king\n{yaml}---\nBody.\n"),
        );
    }
    dir
}

/// Analyses `dir` at `today` and fails on any error diagnostic.
fn analyse_at(dir: &TempDir, today: NaiveDate) -> Analysis {
    let a = analyse(dir.path(), today);
    let errors: Vec<_> = a
        .diagnostics
        .iter()
        .filter(|d| d.severity() == planfolio::diagnostic::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "fixture has errors: {errors:#?}");
    a
}

fn analyse_ok(dir: &TempDir) -> Analysis {
    analyse_at(dir, today())
}

/// The derived account of plan `id`.
fn account<'a>(a: &'a Analysis, id: &str) -> &'a Account {
    let i = a
        .site
        .plans
        .iter()
        .position(|p| p.id == id)
        .unwrap_or_else(|| panic!("no plan {id}"));
    &a.portfolio.accounts[i]
}

#[track_caller]
fn approx(actual: f64, expected: f64) {
    let tol = 1e-9 * expected.abs().max(1.0);
    assert!((actual - expected).abs() <= tol, "expected {expected}, got {actual}");
}

/// Rounds to 2 decimals, as SPEC §5 writes derived values.
fn r2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

// ---------------------------------------------------------------- 5.1

const MIXED_CONTACTS: &str = "\
contacts:
  - name: Ann High
    influence: high
    role: influencer
    relationship: strong
  - name: Bob Decider
    influence: low
    role: decision-maker
    relationship: weak
  - name: Cat Budget
    role: budget-holder
    relationship: good
  - name: Dan Medium
    influence: medium
    relationship: poor
  - name: Eve Unrated
    influence: high
    role: decision-maker
  - name: Fay Neutral
    influence: medium
    role: neutral
    relationship: neutral
";

#[test]
fn contact_score_weights_influence_and_doubles_deciders() {
    let dir = site(None, &[("mixed", MIXED_CONTACTS)]);
    let a = analyse_ok(&dir);
    let acc = account(&a, "mixed");
    // Ann: high 3, influencer -> w 3, strong 10
    // Bob: low 1, decision-maker x2 -> w 2, weak 2.5
    // Cat: missing influence 2, budget-holder x2 -> w 4, good 7.5
    // Dan: medium 2 -> w 2, poor 0
    // Eve: no relationship -> not counted
    // Fay: medium 2, neutral role -> w 2, neutral 5
    // sum w = 3 + 2 + 4 + 2 + 2 = 13
    // sum w*level = 30 + 5 + 30 + 0 + 10 = 75
    // contact_score = 75 / 13 = 5.769230769...
    approx(acc.contact_score, 75.0 / 13.0);
    assert_eq!(r2(acc.contact_score), 5.77);
    // no status.partnership -> relationship = contact_score
    approx(acc.relationship, 75.0 / 13.0);
    // 5.77 >= 5 -> high
    assert!(acc.relationship_high);
}

#[test]
fn contact_score_is_zero_without_rated_contacts() {
    let dir = site(
        None,
        &[
            ("none", ""),
            ("unrated", "contacts:\n  - name: Zed\n    influence: high\n"),
        ],
    );
    let a = analyse_ok(&dir);
    // no contact has a relationship -> 0
    approx(account(&a, "none").contact_score, 0.0);
    approx(account(&a, "none").relationship, 0.0);
    approx(account(&a, "unrated").contact_score, 0.0);
    assert!(!account(&a, "unrated").relationship_high);
}

/// Contacts scoring (3*10 + 2*5) / (3 + 2) = 40 / 5 = 8.
const EIGHT: &str = "\
contacts:
  - name: Strong High
    influence: high
    relationship: strong
  - name: Neutral Medium
    influence: medium
    relationship: neutral
";

#[test]
fn relationship_blends_partnership_with_default_weight() {
    let dir = site(
        None,
        &[
            ("plain", EIGHT),
            ("sp", &format!("status:\n  partnership: service-provider\n{EIGHT}")),
            ("cv", &format!("status:\n  partnership: commodity-vendor\n{EIGHT}")),
            ("stp", &format!("status:\n  partnership: strategic-partner\n{EIGHT}")),
        ],
    );
    let a = analyse_ok(&dir);
    // contact_score = 40 / 5 = 8, no partnership -> 8
    approx(account(&a, "plain").contact_score, 8.0);
    approx(account(&a, "plain").relationship, 8.0);
    // pw 0.3: 0.7 * 8 + 0.3 * 5 = 5.6 + 1.5 = 7.1
    approx(account(&a, "sp").contact_score, 8.0);
    approx(account(&a, "sp").relationship, 7.1);
    // 0.7 * 8 + 0.3 * 0 = 5.6
    approx(account(&a, "cv").relationship, 5.6);
    // 0.7 * 8 + 0.3 * 10 = 5.6 + 3 = 8.6
    approx(account(&a, "stp").relationship, 8.6);
}

#[test]
fn relationship_uses_custom_partnership_weight() {
    let config = "segmentation:\n  relationship: {partnership_weight: 0.5}\n";
    let dir = site(
        Some(config),
        &[
            ("sp", &format!("status:\n  partnership: service-provider\n{EIGHT}")),
            ("cv", &format!("status:\n  partnership: commodity-vendor\n{EIGHT}")),
            ("stp", &format!("status:\n  partnership: strategic-partner\n{EIGHT}")),
            ("plain", EIGHT),
        ],
    );
    let a = analyse_ok(&dir);
    // 0.5 * 8 + 0.5 * 5 = 6.5
    approx(account(&a, "sp").relationship, 6.5);
    // 0.5 * 8 + 0.5 * 0 = 4 -> low (< 5)
    approx(account(&a, "cv").relationship, 4.0);
    assert!(!account(&a, "cv").relationship_high);
    // 0.5 * 8 + 0.5 * 10 = 9
    approx(account(&a, "stp").relationship, 9.0);
    // no partnership: the weight does not apply -> 8
    approx(account(&a, "plain").relationship, 8.0);
}

#[test]
fn relationship_high_from_five_inclusive() {
    let dir = site(
        None,
        &[
            // one neutral contact: 5 -> exactly the threshold -> high
            ("exact", "contacts:\n  - name: Nia\n    relationship: neutral\n"),
            // weak 2.5 and good 7.5 at equal weight 2: (5 + 15) / 4 = 5 -> high
            (
                "pair",
                "contacts:\n  - name: W\n    relationship: weak\n  - name: G\n    relationship: good\n",
            ),
            // neutral (w 2) + weak low (w 1): (2*5 + 1*2.5) / 3 = 12.5 / 3 = 4.1667 -> low
            (
                "below",
                "contacts:\n  - name: N\n    relationship: neutral\n  - name: L\n    influence: low\n    relationship: weak\n",
            ),
        ],
    );
    let a = analyse_ok(&dir);
    approx(account(&a, "exact").relationship, 5.0);
    assert!(account(&a, "exact").relationship_high);
    approx(account(&a, "pair").relationship, 5.0);
    assert!(account(&a, "pair").relationship_high);
    approx(account(&a, "below").relationship, 12.5 / 3.0);
    assert_eq!(r2(account(&a, "below").relationship), 4.17);
    assert!(!account(&a, "below").relationship_high);
}

#[test]
fn relationship_high_from_is_configurable() {
    let config = "segmentation:\n  relationship: {high_from: 8}\n";
    let dir = site(
        Some(config),
        &[
            ("eight", EIGHT),
            ("five", "contacts:\n  - name: N\n    relationship: neutral\n"),
        ],
    );
    let a = analyse_ok(&dir);
    // 8 >= 8 -> high
    assert!(account(&a, "eight").relationship_high);
    // 5 < 8 -> low
    assert!(!account(&a, "five").relationship_high);
}

// ---------------------------------------------------------------- 5.2

const ALL_STAGES: &str = "\
opportunities:
  - name: P1
    stage: prospect
    value: 100000
  - name: P2
    stage: pipeline
    value: 200000
  - name: P3
    stage: forecast
    value: 400000
  - name: P4
    stage: secured
    value: 50000
  - name: P5
    stage: lost
    value: 1000000
";

#[test]
fn weighted_pipeline_default_weights_skip_lost() {
    let dir = site(None, &[("all", ALL_STAGES)]);
    let a = analyse_ok(&dir);
    let acc = account(&a, "all");
    // 100000*0.1 + 200000*0.4 + 400000*0.75 + 50000*1.0 + lost 0
    // = 10000 + 80000 + 300000 + 50000 = 440000
    approx(acc.weighted_pipeline(), 440_000.0);
    // no revenue goal: max(0, 440000) = 440000
    approx(acc.potential_value(), 440_000.0);
}

#[test]
fn weighted_pipeline_custom_stage_weights() {
    let config = "segmentation:\n  stage_weights: {prospect: 0.2, pipeline: 0.5, forecast: 0.8, secured: 0.9}\n";
    let dir = site(Some(config), &[("all", ALL_STAGES)]);
    let a = analyse_ok(&dir);
    // 100000*0.2 + 200000*0.5 + 400000*0.8 + 50000*0.9 + lost 0
    // = 20000 + 100000 + 320000 + 45000 = 485000
    approx(account(&a, "all").weighted_pipeline(), 485_000.0);
}

#[test]
fn weighted_pipeline_partial_custom_weights_keep_defaults() {
    // only pipeline overridden; the others keep their defaults
    let config = "segmentation:\n  stage_weights: {pipeline: 0.5}\n";
    let dir = site(Some(config), &[("all", ALL_STAGES)]);
    let a = analyse_ok(&dir);
    // 100000*0.1 + 200000*0.5 + 400000*0.75 + 50000*1.0
    // = 10000 + 100000 + 300000 + 50000 = 460000
    approx(account(&a, "all").weighted_pipeline(), 460_000.0);
}

#[test]
fn potential_value_is_max_of_aspirational_and_pipeline() {
    let goal = |asp: u32| {
        format!("financials:\n  revenue_goal:\n    minimum: 1000\n    just_right: 2000\n    aspirational: {asp}\n")
    };
    let dir = site(
        None,
        &[
            ("pipe-wins", &format!("{}{ALL_STAGES}", goal(300_000))),
            ("goal-wins", &format!("{}{ALL_STAGES}", goal(600_000))),
            ("goal-only", &goal(250_000)),
            (
                "no-asp",
                "financials:\n  revenue_goal:\n    minimum: 5000\nopportunities:\n  - name: X\n    stage: pipeline\n    value: 1000\n",
            ),
            ("empty", ""),
        ],
    );
    let a = analyse_ok(&dir);
    // max(300000, 440000) = 440000
    approx(account(&a, "pipe-wins").potential_value(), 440_000.0);
    approx(account(&a, "pipe-wins").weighted_pipeline(), 440_000.0);
    // max(600000, 440000) = 600000
    approx(account(&a, "goal-wins").potential_value(), 600_000.0);
    approx(account(&a, "goal-wins").weighted_pipeline(), 440_000.0);
    // max(250000, 0) = 250000
    approx(account(&a, "goal-only").potential_value(), 250_000.0);
    approx(account(&a, "goal-only").weighted_pipeline(), 0.0);
    // no aspirational -> 0; max(0, 1000*0.4 = 400) = 400
    approx(account(&a, "no-asp").potential_value(), 400.0);
    // nothing -> 0
    approx(account(&a, "empty").potential_value(), 0.0);
}

/// A plan whose potential value is `v` (one secured opportunity, weight 1).
fn pv(v: u32) -> String {
    format!("opportunities:\n  - name: Deal\n    stage: secured\n    value: {v}\n")
}

#[test]
fn potential_threshold_is_median_for_odd_count() {
    let dir = site(None, &[("a", &pv(100)), ("b", &pv(1000)), ("c", &pv(300))]);
    let a = analyse_ok(&dir);
    // sorted 100, 300, 1000 -> median 300
    approx(a.portfolio.potential_threshold, 300.0);
    // 10 * min(1, 100 / 600) = 1.6667
    approx(account(&a, "a").potential, 1000.0 / 600.0);
    assert_eq!(r2(account(&a, "a").potential), 1.67);
    assert!(!account(&a, "a").potential_high);
    // 10 * min(1, 300 / 600) = 5 exactly -> high (>= 5)
    approx(account(&a, "c").potential, 5.0);
    assert!(account(&a, "c").potential_high);
    // 10 * min(1, 1000 / 600) = 10
    approx(account(&a, "b").potential, 10.0);
    assert!(account(&a, "b").potential_high);
}

/// Four plans, one per segment, with potential values 1000, 600, 200, 100.
fn four_segments(config: Option<&str>) -> TempDir {
    let strong = "contacts:\n  - name: S\n    relationship: strong\n";
    let weak = "contacts:\n  - name: W\n    relationship: weak\n";
    site(
        config,
        &[
            ("a-key", &format!("{}{strong}", pv(1000))),
            ("b-target", &format!("{}{weak}", pv(600))),
            ("c-managed", &format!("{}{strong}", pv(200))),
            ("d-maintained", &format!("{}{weak}", pv(100))),
        ],
    )
}

#[test]
fn potential_threshold_is_mean_of_middle_two_for_even_count() {
    let dir = four_segments(None);
    let a = analyse_ok(&dir);
    // sorted 100, 200, 600, 1000 -> (200 + 600) / 2 = 400; 2t = 800
    approx(a.portfolio.potential_threshold, 400.0);
    // 10 * min(1, 1000/800) = 10
    approx(account(&a, "a-key").potential, 10.0);
    // 10 * 600/800 = 7.5
    approx(account(&a, "b-target").potential, 7.5);
    // 10 * 200/800 = 2.5
    approx(account(&a, "c-managed").potential, 2.5);
    // 10 * 100/800 = 1.25
    approx(account(&a, "d-maintained").potential, 1.25);
}

#[test]
fn all_four_segments() {
    let dir = four_segments(None);
    let a = analyse_ok(&dir);
    // potentials 10, 7.5, 2.5, 1.25 (see above); strong = 10 (high), weak = 2.5 (low)
    let expect = [
        ("a-key", Segment::Key),               // high pot, high rel
        ("b-target", Segment::Target),         // high pot, low rel
        ("c-managed", Segment::Managed),       // low pot, high rel
        ("d-maintained", Segment::Maintained), // low pot, low rel
    ];
    for (id, seg) in expect {
        let acc = account(&a, id);
        assert_eq!(acc.computed_segment, seg, "{id}");
        assert_eq!(acc.segment, seg, "{id}");
    }
    approx(account(&a, "a-key").relationship, 10.0);
    approx(account(&a, "b-target").relationship, 2.5);
}

#[test]
fn potential_high_from_overrides_median() {
    let dir = four_segments(Some("segmentation:\n  potential: {high_from: 250}\n"));
    let a = analyse_ok(&dir);
    // t = 250 (not the median 400); 2t = 500
    approx(a.portfolio.potential_threshold, 250.0);
    // 10 * min(1, 1000/500) = 10
    approx(account(&a, "a-key").potential, 10.0);
    // 10 * min(1, 600/500) = 10
    approx(account(&a, "b-target").potential, 10.0);
    // 10 * 200/500 = 4 -> low
    approx(account(&a, "c-managed").potential, 4.0);
    assert!(!account(&a, "c-managed").potential_high);
    // 10 * 100/500 = 2
    approx(account(&a, "d-maintained").potential, 2.0);
}

#[test]
fn potential_high_from_exactly_half_of_value_gives_five() {
    let dir = site(
        Some("segmentation:\n  potential: {high_from: 500}\n"),
        &[("x", &pv(500)), ("y", &pv(499))],
    );
    let a = analyse_ok(&dir);
    // 10 * 500/1000 = 5 -> high
    approx(account(&a, "x").potential, 5.0);
    assert!(account(&a, "x").potential_high);
    // 10 * 499/1000 = 4.99 -> low
    approx(account(&a, "y").potential, 4.99);
    assert!(!account(&a, "y").potential_high);
}

#[test]
fn potential_with_zero_median_threshold() {
    let dir = site(None, &[("a", ""), ("b", ""), ("c", &pv(500))]);
    let a = analyse_ok(&dir);
    // values 0, 0, 500 -> median 0 -> t = 0
    approx(a.portfolio.potential_threshold, 0.0);
    // t = 0 and value 0 -> 0
    approx(account(&a, "a").potential, 0.0);
    assert!(!account(&a, "a").potential_high);
    approx(account(&a, "b").potential, 0.0);
    // t = 0 and value > 0 -> 10
    approx(account(&a, "c").potential, 10.0);
    assert!(account(&a, "c").potential_high);
}

#[test]
fn potential_with_zero_configured_threshold() {
    let dir = site(
        Some("segmentation:\n  potential: {high_from: 0}\n"),
        &[("a", ""), ("b", &pv(1)), ("c", &pv(500))],
    );
    let a = analyse_ok(&dir);
    // configured t = 0 (median would be 1)
    approx(a.portfolio.potential_threshold, 0.0);
    approx(account(&a, "a").potential, 0.0);
    approx(account(&a, "b").potential, 10.0);
    approx(account(&a, "c").potential, 10.0);
}

#[test]
fn empty_portfolio_has_zero_threshold() {
    let dir = site(None, &[]);
    let a = analyse_ok(&dir);
    assert!(a.portfolio.accounts.is_empty());
    approx(a.portfolio.potential_threshold, 0.0);
}

// ---------------------------------------------------------------- 5.3

#[test]
fn declared_segment_overrides_computed_one() {
    let dir = site(
        Some("segmentation:\n  potential: {high_from: 1000}\n"),
        &[
            (
                "declared",
                "segment: key\nsegment_reason: Strategic logo\ncontacts:\n  - name: W\n    relationship: weak\n",
            ),
            (
                "same",
                "segment: maintained\ncontacts:\n  - name: W\n    relationship: weak\n",
            ),
        ],
    );
    let a = analyse_ok(&dir);
    // potential 0 (value 0, t 1000), relationship 2.5 -> computed maintained
    let d = account(&a, "declared");
    assert_eq!(d.computed_segment, Segment::Maintained);
    assert_eq!(d.segment, Segment::Key);
    // completeness follows the declared segment: key -> 12 requirements
    assert_eq!(d.completeness.total, 12);
    let s = account(&a, "same");
    assert_eq!(s.computed_segment, Segment::Maintained);
    assert_eq!(s.segment, Segment::Maintained);
}

const SWOT_PLAN: &str = "\
objectives:
  - id: grow
    title: Grow the fleet
    swot: opportunity
  - title: Cut costs
    swot: threat
  - title: Quiet objective
  - title: Enter Asia
    swot: opportunity
competitors:
  - id: rigwise
    name: RigWise Analytics
    swot: threat
  - id: oakline
    name: Oakline Digital
    swot: opportunity
  - id: nobody
    name: Nobody Inc
swot:
  strengths: [Trusted brand, Local team]
  weaknesses: [No finance contact]
  opportunities: [New plant]
  threats: [Budget freeze]
";

#[test]
fn swot_order_and_sources() {
    let dir = site(None, &[("swot", SWOT_PLAN)]);
    let a = analyse_ok(&dir);
    let swot = &account(&a, "swot").swot;
    let list = |entries: &[planfolio::derive::SwotEntry]| -> Vec<(String, SwotSource)> {
        entries.iter().map(|e| (e.text.clone(), e.source.clone())).collect()
    };
    let hand = |t: &str| (t.to_string(), SwotSource::Swot);
    assert_eq!(list(&swot.strengths), vec![hand("Trusted brand"), hand("Local team")]);
    assert_eq!(list(&swot.weaknesses), vec![hand("No finance contact")]);
    // hand-written, then objectives (file order), then competitors (file order)
    assert_eq!(
        list(&swot.opportunities),
        vec![
            hand("New plant"),
            ("Grow the fleet".into(), SwotSource::Objective("grow".into())),
            // id defaults to slug("Enter Asia") = enter-asia
            ("Enter Asia".into(), SwotSource::Objective("enter-asia".into())),
            ("Oakline Digital".into(), SwotSource::Competitor("oakline".into())),
        ]
    );
    assert_eq!(
        list(&swot.threats),
        vec![
            hand("Budget freeze"),
            // slug("Cut costs") = cut-costs
            ("Cut costs".into(), SwotSource::Objective("cut-costs".into())),
            ("RigWise Analytics".into(), SwotSource::Competitor("rigwise".into())),
        ]
    );
}

#[test]
fn swot_source_serialises_as_spec_strings() {
    let s = |src: SwotSource| serde_json::to_value(src).unwrap();
    assert_eq!(s(SwotSource::Swot), serde_json::json!("swot"));
    assert_eq!(
        s(SwotSource::Objective("cut-npt".into())),
        serde_json::json!("objective:cut-npt")
    );
    assert_eq!(
        s(SwotSource::Competitor("rigwise".into())),
        serde_json::json!("competitor:rigwise")
    );
}

#[test]
fn swot_competitor_text_is_profile_name_when_plan_gives_none() {
    // SPEC §2: `name` is required unless content/competitors/<id>.md exists;
    // SPEC §5.3: the SWOT entry's text is the competitor's name.
    let dir = site(
        None,
        &[("prof", "competitors:\n  - id: kestrel-systems\n    swot: threat\n")],
    );
    write(
        dir.path(),
        "content/competitors/kestrel-systems.md",
        "---\nname: Kestrel Systems\n---\nProfile.\n",
    );
    let a = analyse_ok(&dir);
    let threats = &account(&a, "prof").swot.threats;
    assert_eq!(threats.len(), 1);
    assert_eq!(threats[0].source, SwotSource::Competitor("kestrel-systems".into()));
    assert_eq!(threats[0].text, "Kestrel Systems");
}

const ALIGNMENT_PLAN: &str = "\
competitors:
  - id: rigwise
    name: RigWise
  - id: oakline
    name: Oakline
  - id: kestrel
    name: Kestrel
contacts:
  - name: C1
    alignment: {us: 8, rigwise: 4}
  - name: C2
    alignment: {us: 6, rigwise: 7, oakline: 2}
  - name: C3
    alignment: {us: 5}
  - name: C4
";

#[test]
fn competitor_status_and_our_alignment_are_means() {
    let dir = site(
        None,
        &[
            ("aligned", ALIGNMENT_PLAN),
            (
                "unaligned",
                "competitors:\n  - id: rigwise\n    name: RigWise\ncontacts:\n  - name: Solo\n",
            ),
        ],
    );
    let a = analyse_ok(&dir);
    let acc = account(&a, "aligned");
    // sorted by id: kestrel, oakline, rigwise
    let ids: Vec<&str> = acc.competitors.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["kestrel", "oakline", "rigwise"]);
    // kestrel: no contact gives one -> None
    assert_eq!(acc.competitors[0].status, None);
    // oakline: only C2 -> 2
    approx(acc.competitors[1].status.unwrap(), 2.0);
    // rigwise: (4 + 7) / 2 = 5.5
    approx(acc.competitors[2].status.unwrap(), 5.5);
    // us: (8 + 6 + 5) / 3 = 19 / 3 = 6.333...
    approx(acc.our_alignment.unwrap(), 19.0 / 3.0);
    assert_eq!(r2(acc.our_alignment.unwrap()), 6.33);

    let u = account(&a, "unaligned");
    assert_eq!(u.our_alignment, None);
    assert_eq!(u.competitors.len(), 1);
    assert_eq!(u.competitors[0].status, None);
}

// ---------------------------------------------------------------- 5.4

/// A fixture for completeness: `high_from: 1000000` makes potential depend
/// only on each plan's own value.
const COMPLETENESS_CONFIG: &str = "segmentation:\n  potential: {high_from: 1000000}\n";

#[test]
fn completeness_maintained_has_four_requirements() {
    let dir = site(
        Some(COMPLETENESS_CONFIG),
        &[
            // value 0 -> potential 0; no contacts -> relationship 0 -> maintained
            // met: last_review, goal; missing: objective, contact -> 2/4
            ("half", "status:\n  last_review: 2026-11-01\ngoals:\n  - title: G\n"),
            // all four met; weak contact -> relationship 2.5 -> maintained
            (
                "full",
                "status:\n  last_review: 2026-11-01\nobjectives:\n  - title: O\n    goals: [g]\ngoals:\n  - id: g\n    title: G\ncontacts:\n  - name: W\n    relationship: weak\n",
            ),
            // nothing met -> 0/4
            ("bare", ""),
        ],
    );
    let a = analyse_ok(&dir);
    let half = account(&a, "half");
    assert_eq!(half.segment, Segment::Maintained);
    assert_eq!(half.completeness.total, 4);
    assert_eq!(half.completeness.missing.len(), 2);
    // 2 / 4 = 0.5
    approx(half.completeness.ratio(), 0.5);
    let full = account(&a, "full");
    assert_eq!(full.segment, Segment::Maintained);
    assert_eq!(full.completeness.total, 4);
    assert!(full.completeness.missing.is_empty());
    approx(full.completeness.ratio(), 1.0);
    let bare = account(&a, "bare");
    assert_eq!(bare.completeness.total, 4);
    // 0 / 4 = 0
    approx(bare.completeness.ratio(), 0.0);
}

const BASICS: &str = "\
status:
  last_review: 2026-11-01
objectives:
  - title: O
    goals: [g]
goals:
  - id: g
    title: G
";

#[test]
fn completeness_target_and_managed_have_seven_requirements() {
    let dir = site(
        Some(COMPLETENESS_CONFIG),
        &[
            // aspirational 2000000 -> 10 * min(1, 2e6 / 2e6) = 10 -> high;
            // weak contact -> 2.5 -> low -> target
            // met: 4 basics + revenue goal; missing: action, value proposition -> 5/7
            (
                "target",
                &format!(
                    "{BASICS}contacts:\n  - name: W\n    relationship: weak\nfinancials:\n  revenue_goal:\n    aspirational: 2000000\n"
                ),
            ),
            // value 0 -> low; strong contact -> 10 -> high -> managed
            // met: 4 basics + action + value proposition; missing: revenue goal -> 6/7
            (
                "managed",
                "status:\n  last_review: 2026-11-01\n  value_proposition: Less downtime\nobjectives:\n  - title: O\n    goals: [g]\ngoals:\n  - id: g\n    title: G\ncontacts:\n  - name: S\n    relationship: strong\nactions:\n  - title: Call\n    owner: alex-king\n",
            ),
        ],
    );
    let a = analyse_ok(&dir);
    let t = account(&a, "target");
    assert_eq!(t.segment, Segment::Target);
    assert_eq!(t.completeness.total, 7);
    assert_eq!(t.completeness.missing.len(), 2, "{:?}", t.completeness.missing);
    // 5 / 7 = 0.714285...
    approx(t.completeness.ratio(), 5.0 / 7.0);
    assert_eq!(r2(t.completeness.ratio()), 0.71);
    let m = account(&a, "managed");
    assert_eq!(m.segment, Segment::Managed);
    assert_eq!(m.completeness.total, 7);
    assert_eq!(m.completeness.missing.len(), 1, "{:?}", m.completeness.missing);
    assert!(m.completeness.missing[0].contains("revenue"));
    // 6 / 7 = 0.857142...
    approx(m.completeness.ratio(), 6.0 / 7.0);
}

const KEY_CONTACTS: &str = "\
contacts:
  - name: Dee Decider
    role: decision-maker
    relationship: strong
  - name: Sue Supporter
    role: supporter
    relationship: good
  - name: Ian Influencer
    role: influencer
    relationship: neutral
";

#[test]
fn completeness_key_has_twelve_requirements() {
    let common = format!(
        "status:\n  last_review: 2026-11-01\n  value_proposition: Less downtime\nobjectives:\n  - title: O\n    goals: [g]\ngoals:\n  - id: g\n    title: G\n{KEY_CONTACTS}financials:\n  revenue_goal:\n    aspirational: 2000000\nactions:\n  - title: Call\n    owner: alex-king\n"
    );
    let dir = site(
        Some(COMPLETENESS_CONFIG),
        &[
            // contacts: (2*2*10 + 2*7.5 + 2*5) / (4 + 2 + 2) = (40 + 15 + 10) / 8 = 8.125 -> high
            // aspirational 2e6 -> potential 10 -> high -> key
            // missing: a competitor and a proposition -> 10/12
            ("ten", &common),
            // everything -> 12/12
            (
                "twelve",
                &format!(
                    "{common}competitors:\n  - id: rigwise\n    name: RigWise\nproposition:\n  offer: Fewer stoppages\n"
                ),
            ),
        ],
    );
    let a = analyse_ok(&dir);
    let ten = account(&a, "ten");
    approx(ten.relationship, 8.125);
    assert_eq!(ten.segment, Segment::Key);
    assert_eq!(ten.completeness.total, 12);
    assert_eq!(ten.completeness.missing.len(), 2, "{:?}", ten.completeness.missing);
    assert!(ten.completeness.missing.iter().any(|m| m.contains("competitor")));
    assert!(ten.completeness.missing.iter().any(|m| m.contains("proposition")));
    // 10 / 12 = 0.8333...
    approx(ten.completeness.ratio(), 10.0 / 12.0);
    assert_eq!(r2(ten.completeness.ratio()), 0.83);
    let twelve = account(&a, "twelve");
    assert_eq!(twelve.segment, Segment::Key);
    assert_eq!(twelve.completeness.total, 12);
    assert!(
        twelve.completeness.missing.is_empty(),
        "{:?}",
        twelve.completeness.missing
    );
    approx(twelve.completeness.ratio(), 1.0);
}

#[test]
fn completeness_key_contact_requirements() {
    // declared key: 12 requirements whatever the scores
    let dir = site(
        None,
        &[(
            "k",
            "segment: key\nsegment_reason: Board decision\nstatus:\n  last_review: 2026-11-01\n  value_proposition: V\nobjectives:\n  - title: O\n    goals: [g]\ngoals:\n  - id: g\n    title: G\ncontacts:\n  - name: A\n    role: influencer\n    relationship: good\n  - name: B\n    relationship: good\nfinancials:\n  revenue_goal:\n    aspirational: 10\nactions:\n  - title: Call\n    owner: alex-king\ncompetitors:\n  - id: rigwise\n    name: RigWise\nproposition:\n  price: Fair\n",
        )],
    );
    let a = analyse_ok(&dir);
    let k = account(&a, "k");
    assert_eq!(k.segment, Segment::Key);
    assert_eq!(k.completeness.total, 12);
    // missing: at least 3 contacts (2), a decision-maker (none),
    // every contact with role and relationship (B has no role) -> 9/12
    assert_eq!(k.completeness.missing.len(), 3, "{:?}", k.completeness.missing);
    approx(k.completeness.ratio(), 9.0 / 12.0);
}

// ---------------------------------------------------------------- 5.5

#[test]
fn stale_boundary_at_ninety_days() {
    // today 2026-11-23; 2026-08-25 -> Aug 25..31 = 6, +30 (Sep) = 36,
    // +31 (Oct) = 67, +23 (Nov) = 90 days -> not stale (stale is > 90)
    // 2026-08-24 -> 91 days -> stale
    let dir = site(
        None,
        &[
            ("d90", "status:\n  last_review: 2026-08-25\n"),
            ("d91", "status:\n  last_review: 2026-08-24\n"),
            ("fresh", "status:\n  last_review: 2026-11-23\n"),
            ("never", ""),
            ("no-date", "status:\n  health: good\n"),
        ],
    );
    let a = analyse_ok(&dir);
    assert!(!account(&a, "d90").stale);
    assert!(account(&a, "d91").stale);
    assert!(!account(&a, "fresh").stale);
    // missing last_review -> stale
    assert!(account(&a, "never").stale);
    assert!(account(&a, "no-date").stale);
}

#[test]
fn stale_uses_custom_max_age_days() {
    // max 30: 2026-10-24 -> Oct 24..31 = 7, +23 = 30 days -> not stale;
    // 2026-10-23 -> 31 days -> stale
    let dir = site(
        Some("review:\n  max_age_days: 30\n"),
        &[
            ("d30", "status:\n  last_review: 2026-10-24\n"),
            ("d31", "status:\n  last_review: 2026-10-23\n"),
        ],
    );
    let a = analyse_ok(&dir);
    assert!(!account(&a, "d30").stale);
    assert!(account(&a, "d31").stale);
}

#[test]
fn stale_follows_today() {
    let dir = site(None, &[("p", "status:\n  last_review: 2026-11-01\n")]);
    // 2026-11-01 -> 2027-01-30: 29 (Nov) + 31 (Dec) + 30 = 90 -> not stale
    let a = analyse_at(&dir, NaiveDate::from_ymd_opt(2027, 1, 30).unwrap());
    assert!(!account(&a, "p").stale);
    // one day later: 91 -> stale
    let a = analyse_at(&dir, NaiveDate::from_ymd_opt(2027, 1, 31).unwrap());
    assert!(account(&a, "p").stale);
}

#[test]
fn overdue_actions_before_today_and_not_done() {
    let dir = site(
        None,
        &[(
            "acts",
            "\
actions:
  - title: Yesterday planned
    owner: alex-king
    due: 2026-11-22
    status: planned
  - title: Due today
    owner: alex-king
    due: 2026-11-23
    status: in-progress
  - title: Long done
    owner: alex-king
    due: 2026-01-01
    status: done
  - title: Old blocked
    owner: alex-king
    due: 2025-12-31
    status: blocked
  - title: No due date
    owner: alex-king
  - title: Yesterday default status
    owner: alex-king
    due: 2026-11-22
  - title: Tomorrow
    owner: alex-king
    due: 2026-11-24
  - title: Old in progress
    owner: alex-king
    due: 2020-02-29
    status: in-progress
",
        )],
    );
    let a = analyse_ok(&dir);
    // overdue: 0 (yesterday, planned), 3 (blocked, last year),
    // 5 (yesterday, default planned), 7 (2020, in-progress);
    // not: 1 (due today), 2 (done), 4 (no due), 6 (tomorrow)
    assert_eq!(account(&a, "acts").overdue_actions, vec![0, 3, 5, 7]);
    let overdue_warnings = a
        .diagnostics
        .iter()
        .filter(|d| d.code.to_string() == "overdue-action")
        .count();
    assert_eq!(overdue_warnings, 4);
}

#[test]
fn accounts_parallel_to_plans_sorted_by_id() {
    let dir = site(None, &[("zeta", &pv(1)), ("alpha", &pv(2)), ("mid", &pv(3))]);
    let a = analyse_ok(&dir);
    let ids: Vec<&str> = a.site.plans.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["alpha", "mid", "zeta"]);
    assert_eq!(a.portfolio.accounts.len(), 3);
    // alpha's value is 2, zeta's 1
    approx(a.portfolio.accounts[0].potential_value(), 2.0);
    approx(a.portfolio.accounts[2].potential_value(), 1.0);
}
