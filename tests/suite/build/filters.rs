//! The dashboard's money labels (SPEC §5.6, §5.7) and the filter's data
//! file `filter-data.js` (SPEC §9, v3), on a small site mixing GBP, EUR
//! (with a rate) and USD (no rate). Expected values are worked out by hand
//! in the comments.

use crate::common;
use common::git::build;
use common::*;
use serde_json::Value;

/// Site currency GBP, `EUR: 0.75` (exact in binary, so sums are exact), no
/// USD rate; weights prospect 0.1, pipeline 0.4, forecast 0.75, secured 1.
///
/// | plan   | owner      | cur | prior   | target    | opportunities                                   |
/// |--------|------------|-----|---------|-----------|-------------------------------------------------|
/// | gbp-co | priya-shah | GBP | 300,000 | 200,000   | prospect 100K, pipeline 200K, secured 50K, lost 80K |
/// | eur-co | alex-king  | EUR | 500,000 | 1,200,000 | forecast 400K, secured 100K, secured 20K         |
/// | usd-co | sam-lee    | USD | 200,000 | 300,000   | prospect 50K, secured 40K                        |
///
/// sam-lee reports to priya-shah, who reports to alex-king.
fn money_site() -> Site {
    let site = Site::new();
    site.config(
        "title: Money\ncurrency: GBP\nexchange_rates: {EUR: 0.75}\n\
         segmentation:\n  stage_weights: {prospect: 0.1, pipeline: 0.4, forecast: 0.75, secured: 1.0}\n",
    );
    site.member("alex-king", "Alex King", None);
    site.member("priya-shah", "Priya Shah", Some("alex-king"));
    site.member("sam-lee", "Sam Lee", Some("priya-shah"));
    let plan = |name: &str, owner: &str, industry: &str, currency: &str, prior: u32, target: u32, opps: &str| {
        format!(
            "---\nname: {name}\nowner: {owner}\nsponsor: {owner}\nindustry: {industry}\nstatus:\n  last_review: 2026-11-20\n\
             financials:\n  currency: {currency}\n  prior_year_actual: {prior}\n  annual_target: {target}\n\
             opportunities:\n{opps}---\n"
        )
    };
    site.plan(
        "gbp-co",
        &plan(
            "GBP Co",
            "priya-shah",
            "Food & Drink",
            "GBP",
            300_000,
            200_000,
            "  - {id: a, name: A, stage: prospect, value: 100000}\n  - {id: b, name: B, stage: pipeline, value: 200000}\n  - {id: c, name: C, stage: secured, value: 50000}\n  - {id: d, name: D, stage: lost, value: 80000}\n",
        ),
    );
    site.plan(
        "eur-co",
        &plan(
            "EUR Co",
            "alex-king",
            "Chemicals",
            "EUR",
            500_000,
            1_200_000,
            "  - {id: e, name: E, stage: forecast, value: 400000}\n  - {id: f, name: F, stage: secured, value: 100000}\n  - {id: g, name: G, stage: secured, value: 20000}\n",
        ),
    );
    site.plan(
        "usd-co",
        &plan(
            "USD Co",
            "sam-lee",
            "Chemicals",
            "USD",
            200_000,
            300_000,
            "  - {id: h, name: H, stage: prospect, value: 50000}\n  - {id: i, name: I, stage: secured, value: 40000}\n",
        ),
    );
    site
}

/// `index.html` with the entities Tera writes decoded.
fn dashboard(out: &std::path::Path) -> String {
    std::fs::read_to_string(out.join("site/index.html"))
        .expect("index.html")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

/// The text of the element that starts at the first `from` of `html`, up to `to`.
fn between<'a>(html: &'a str, from: &str, to: &str) -> &'a str {
    let start = html.find(from).unwrap_or_else(|| panic!("no {from}"));
    let rest = &html[start..];
    &rest[..rest.find(to).unwrap_or(rest.len())]
}

#[test]
fn counts_beside_amounts_count_what_the_amounts_add_and_the_note_lists_every_unconverted_figure() {
    let site = money_site();
    let built = build(site.root(), "2026-12-01");
    let html = dashboard(built.out.path());
    let kpis = between(&html, "data-kpis", "</section>");
    // Converted (GBP as is, EUR × 0.75):
    //   prior year 300,000 + 500,000 × 0.75 = 675,000
    //   target 200,000 + 1,200,000 × 0.75 = 1,100,000
    //   secured 50,000 + 120,000 × 0.75 = 140,000 (12.7% of 1.1M)
    //   open 300,000 + 400,000 × 0.75 = 600,000
    //   weighted (10K + 80K + 50K) + (300K + 120K) × 0.75 = 140,000 + 315,000 = 455,000
    for (field, text) in [
        ("prior_year_actual", "£675K"),
        ("annual_target", "£1.1M"),
        ("secured", "£140K"),
        ("open_pipeline", "£600K"),
        ("weighted_pipeline", "£455K"),
    ] {
        assert!(
            kpis.contains(&format!("data-t=\"{field}\">{text}<")),
            "{field} = {text} in\n{kpis}"
        );
    }
    assert!(kpis.contains("<strong>12.7%</strong> of annual target"), "{kpis}");
    // Deals counted beside an amount are those it adds: secured 1 (GBP) + 2
    // (EUR), not the USD one; open 2 (GBP) + 1 (EUR), not the USD prospect.
    assert!(kpis.contains("data-t=\"secured_deals\">3 deals<"), "{kpis}");
    assert!(kpis.contains("data-t=\"open_deals\">3 open opportunities<"), "{kpis}");
    // The USD plan's figures beside each total, with their own deal counts.
    assert!(kpis.contains("+ $40K not converted · 1 deal<"), "{kpis}");
    assert!(kpis.contains("+ $50K not converted · 1 deal<"), "{kpis}");
    assert!(kpis.contains("+ $200K not converted<"), "prior year: {kpis}");
    // Weighted: 50,000 × 0.1 + 40,000 = 45,000.
    assert!(kpis.contains("+ $45K not converted<"), "weighted: {kpis}");
    // The note lists every unconverted figure.
    let note = between(kpis, "data-t=\"unconverted_note\"", "</p>");
    assert!(
        note.contains(
            "USD: prior year $200K, annual target $300K, secured $40K (1 deal), open pipeline $50K (1 deal), weighted pipeline $45K</span>."
        ),
        "{note}"
    );
}

#[test]
fn roll_ups_show_secured_open_weighted_target_and_attainment() {
    let site = money_site();
    let built = build(site.root(), "2026-12-01");
    let html = dashboard(built.out.path());
    let managers = between(&html, "data-rollup=\"manager\"", "</table>");
    // alex-king's reporting line: gbp-co (priya-shah) and usd-co (sam-lee,
    // under priya-shah): converted GBP figures, the USD ones apart.
    let alex = between(managers, "data-key=\"alex-king\"", "</tr>");
    assert!(alex.contains("data-f=\"accounts\">2"), "{alex}");
    assert!(
        alex.contains("data-f=\"secured\">£50K<span class=\"unconverted\">+ $40K not converted</span>"),
        "{alex}"
    );
    assert!(
        alex.contains("data-f=\"open_pipeline\">£300K<span class=\"unconverted\">+ $50K not converted"),
        "{alex}"
    );
    assert!(
        alex.contains("data-f=\"weighted_pipeline\">£140K<span class=\"unconverted\">+ $45K not converted"),
        "{alex}"
    );
    assert!(
        alex.contains("data-f=\"annual_target\">£200K<span class=\"unconverted\">+ $300K not converted"),
        "{alex}"
    );
    // Attainment over converted amounts: 50K / 200K = 25%.
    assert!(
        alex.contains("25%<span class=\"visually-hidden\"> of annual target secured"),
        "{alex}"
    );
    let owners = between(&html, "data-rollup=\"owner\"", "</table>");
    // alex-king owns eur-co: 90K / 900K = 10%.
    let own = between(owners, "data-key=\"alex-king\"", "</tr>");
    assert!(own.contains("data-f=\"secured\">£90K<"), "{own}");
    assert!(own.contains("10%<span class=\"visually-hidden\">"), "{own}");
    // sam-lee's only plan has no rate: no converted target, no attainment.
    let sam = between(owners, "data-key=\"sam-lee\"", "</tr>");
    assert!(sam.contains("no target"), "{sam}");
    let industries = between(&html, "data-rollup=\"industry\"", "</table>");
    assert!(industries.contains("data-key=\"food-drink\""), "{industries}");
}

/// `filter-data.js` as JSON.
fn filter_data(out: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(out.join("site/filter-data.js")).expect("filter-data.js");
    let json = text
        .strip_prefix("window.PLANFOLIO_FILTER = ")
        .and_then(|t| t.trim_end().strip_suffix(';'))
        .expect("a script setting window.PLANFOLIO_FILTER");
    serde_json::from_str(json).expect("JSON")
}

#[test]
fn the_filter_data_holds_the_converted_amounts_the_totals_add() {
    let site = money_site();
    let built = build(site.root(), "2026-12-01");
    let d = filter_data(built.out.path());
    assert_eq!(d["currency"], "GBP");
    assert_eq!(d["prefixes"]["USD"], "$");
    let fields: Vec<&str> = d["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        fields,
        [
            "prior_year_actual",
            "annual_target",
            "revenue_goal_minimum",
            "revenue_goal_just_right",
            "revenue_goal_aspirational",
            "open_pipeline",
            "secured",
            "weighted_pipeline"
        ]
    );
    let people = d["people"].as_array().expect("people");
    let name_of = |i: &Value| {
        people[i.as_u64().expect("index") as usize][0]
            .as_str()
            .expect("id")
            .to_string()
    };
    let accounts = d["accounts"].as_array().expect("accounts");
    // In id order: eur-co, gbp-co, usd-co.
    let ids: Vec<&str> = accounts.iter().map(|a| a[0].as_str().expect("id")).collect();
    assert_eq!(ids, ["eur-co", "gbp-co", "usd-co"]);
    let at = |id: &str| accounts.iter().find(|a| a[0] == id).expect("account");
    let (eur, gbp, usd) = (at("eur-co"), at("gbp-co"), at("usd-co"));
    // Owners, and their managers, nearest first.
    assert_eq!(name_of(&eur[1]), "alex-king");
    assert_eq!(name_of(&usd[1]), "sam-lee");
    let sam = &people[usd[1].as_u64().expect("index") as usize];
    let chain: Vec<String> = sam[2].as_array().expect("chain").iter().map(name_of).collect();
    assert_eq!(chain, ["priya-shah", "alex-king"]);
    assert_eq!(sam[1], "Sam Lee");
    // Segment, industry and currency by index.
    let industry = |a: &Value| d["industries"][a[3].as_u64().expect("i") as usize][0].clone();
    assert_eq!(industry(gbp), "food-drink");
    assert_eq!(industry(eur), "chemicals");
    assert_eq!(industry(usd), "chemicals");
    let currency = |a: &Value| d["currencies"][a[4].as_u64().expect("i") as usize].clone();
    assert_eq!(
        (currency(gbp), currency(eur), currency(usd)),
        ("GBP".into(), "EUR".into(), "USD".into())
    );
    // Converted flag and set figures (prior year 1, target 2, revenue goal 4).
    assert_eq!((&eur[5], &usd[5]), (&Value::from(1), &Value::from(0)));
    assert_eq!(gbp[6], 3);
    // Amounts: EUR converted at 0.75; USD in dollars (not converted).
    let nums = |a: &Value| -> Vec<f64> {
        a[7].as_array()
            .expect("amounts")
            .iter()
            .filter_map(Value::as_f64)
            .collect()
    };
    assert_eq!(
        nums(gbp),
        [300_000.0, 200_000.0, 0.0, 0.0, 0.0, 300_000.0, 50_000.0, 140_000.0]
    );
    assert_eq!(
        nums(eur),
        [375_000.0, 900_000.0, 0.0, 0.0, 0.0, 300_000.0, 90_000.0, 315_000.0]
    );
    assert_eq!(
        nums(usd),
        [200_000.0, 300_000.0, 0.0, 0.0, 0.0, 50_000.0, 40_000.0, 45_000.0]
    );
    // Deals per stage: prospect, pipeline, forecast, secured, lost.
    assert_eq!(gbp[8], serde_json::json!([1, 1, 0, 1, 1]));
    assert_eq!(eur[8], serde_json::json!([0, 0, 1, 2, 0]));
    // Per stage: value, then value × weight (prospect 0.1, pipeline 0.4,
    // forecast 0.75, secured 1, lost 0); EUR converted (400K × 0.75 = 300K).
    assert_eq!(
        gbp[12],
        serde_json::json!([100_000.0, 200_000.0, 0.0, 50_000.0, 80_000.0])
    );
    assert_eq!(gbp[13], serde_json::json!([10_000.0, 80_000.0, 0.0, 50_000.0, 0.0]));
    assert_eq!(eur[12], serde_json::json!([0.0, 0.0, 300_000.0, 90_000.0, 0.0]));
    assert_eq!(eur[13], serde_json::json!([0.0, 0.0, 225_000.0, 90_000.0, 0.0]));
    // Findings by code: the USD plan raises mixed-currency.
    let codes: Vec<&str> = usd[11]
        .as_array()
        .expect("findings")
        .iter()
        .map(|c| d["codes"][c.as_u64().expect("i") as usize].as_str().expect("code"))
        .collect();
    assert!(codes.contains(&"mixed-currency"), "{codes:?}");
}

#[test]
fn the_filter_form_is_labelled_hidden_without_a_script_and_lists_the_choices() {
    let site = money_site();
    let built = build(site.root(), "2026-12-01");
    let html = dashboard(built.out.path());
    let form = between(&html, "<form class=\"filters", "</form>");
    assert!(form.contains(" hidden"), "inert without a script: {form}");
    for (id, name) in [
        ("filter-owner", "owner"),
        ("filter-manager", "manager"),
        ("filter-industry", "industry"),
        ("filter-segment", "segment"),
        ("filter-currency", "currency"),
    ] {
        assert!(form.contains(&format!("<label for=\"{id}\">")), "{id}");
        assert!(form.contains(&format!("<select id=\"{id}\" name=\"{name}\">")), "{id}");
    }
    // Managers: everyone above an owner (alex-king, priya-shah), not sam-lee.
    let managers = between(form, "name=\"manager\"", "</select>");
    assert!(managers.contains("value=\"alex-king\">Alex King<"));
    assert!(managers.contains("value=\"priya-shah\">Priya Shah<"));
    assert!(!managers.contains("sam-lee"));
    assert!(form.contains("Showing 3 of 3 accounts"));
    // A small portfolio's dashboard carries every row: no rows file.
    assert!(!form.contains("data-rows-file"));
    assert!(!built.out.path().join("site/filter-rows.js").exists());
    assert!(form.contains("data-filter-clear>Clear</a>"));
    // The attention page carries the form too, and its entries their plan.
    let attention = std::fs::read_to_string(built.out.path().join("site/attention/index.html")).expect("attention");
    assert!(attention.contains("<form class=\"filters"));
    assert!(attention.contains("data-account=\"usd-co\""));
}
