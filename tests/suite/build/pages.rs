//! The SPEC version 2 site (§9): the attention page holds exactly the
//! warnings of `check`, team pages list every account a person owns, works
//! on, sponsors or manages, money is never shown in another currency's
//! symbol, `portfolio.json` has the v2 fields, and the site is private by
//! default (robots.txt, noindex). Expected values are worked out by hand in
//! the comments.

use crate::common;
use common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const DAY: &str = "2026-12-01";

// The binary on the site at `root`, isolated from the caller's git setup.
use common::git::run as planfolio;

/// Builds `root` into a fresh folder; returns the temp dir and the output.
fn built(root: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("public");
    let o = planfolio(root, &["build", "--out", out.to_str().expect("utf-8"), "--today", DAY]);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    (tmp, out)
}

/// A file's text, with the entities Tera writes for `/`, quotes and `&` decoded.
fn read(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// Every HTML page of a built site: relative path → text.
fn pages(out: &Path) -> BTreeMap<String, String> {
    fn walk(base: &Path, dir: &Path, acc: &mut BTreeMap<String, String>) {
        for e in std::fs::read_dir(dir).expect("read dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, acc);
            } else if p.extension().is_some_and(|x| x == "html") {
                let rel = p
                    .strip_prefix(base)
                    .expect("inside")
                    .to_string_lossy()
                    .replace('\\', "/");
                acc.insert(rel, read(&p));
            }
        }
    }
    let mut acc = BTreeMap::new();
    walk(out, out, &mut acc);
    acc
}

/// The value of attribute `name` in the tag text `tag`.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    Some(&tag[start..start + tag[start..].find('"')?])
}

/// Opening tags of `html` that carry a `data-code` attribute, each with
/// the text up to its closing `</li>`.
fn finding_entries(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<li ") {
        let tail = &rest[i..];
        let end = tail.find('>').expect("tag ends");
        let tag = &tail[..end];
        let body_end = tail.find("</li>").unwrap_or(tail.len());
        if tag.contains(" data-code=\"") {
            out.push((tag.to_string(), tail[end..body_end].to_string()));
        }
        rest = &tail[end..];
    }
    out
}

/// The `(code, file, line)` of every warning `check --format json` reports.
fn check_warnings(root: &Path) -> Vec<(String, String, u64)> {
    let o = planfolio(root, &["check", "--format", "json", "--today", DAY]);
    let v: Value = serde_json::from_str(&stdout(&o)).expect("check JSON");
    let mut out: Vec<(String, String, u64)> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["severity"] == "warning")
        .map(|d| {
            (
                d["code"].as_str().expect("code").to_string(),
                d["file"].as_str().expect("file").to_string(),
                d["line"].as_u64().expect("line"),
            )
        })
        .collect();
    out.sort();
    out
}

/// Asserts the attention page lists exactly the warnings of `check`, and
/// that each entry links to a page (and anchor) that exists.
fn assert_attention_matches_check(root: &Path) {
    let expected = check_warnings(root);
    assert!(!expected.is_empty(), "the fixture should raise warnings");
    let (_tmp, out) = built(root);
    let html = read(&out.join("attention/index.html"));
    let entries = finding_entries(&html);
    let mut found: Vec<(String, String, u64)> = entries
        .iter()
        .map(|(tag, _)| {
            (
                attr(tag, "data-code").expect("data-code").to_string(),
                attr(tag, "data-file").expect("data-file").to_string(),
                attr(tag, "data-line").expect("data-line").parse().expect("line number"),
            )
        })
        .collect();
    found.sort();
    assert_eq!(found, expected);
    for (tag, body) in &entries {
        let href = attr(body, "href").unwrap_or_else(|| panic!("entry without a link: {tag}{body}"));
        let href = href.strip_prefix("../").expect("relative to attention/");
        let (page, anchor) = href.split_once('#').map_or((href, None), |(p, a)| (p, Some(a)));
        let target = out.join(page);
        assert!(target.is_file(), "{href} does not exist");
        if let Some(anchor) = anchor {
            assert!(
                read(&target).contains(&format!("id=\"{anchor}\"")),
                "{href}: no such anchor"
            );
        }
    }
}

#[test]
fn attention_page_is_the_check_list_on_the_example_portfolio() {
    assert_attention_matches_check(Path::new(env!("CARGO_MANIFEST_DIR")));
}

#[test]
fn attention_page_is_the_check_list_on_a_fixture() {
    let site = Site::with_team();
    // One of each new warning, on two plans, plus owner-overload on a team member.
    site.plan(
        "deepwell",
        &plan_with(&[
            ("  health: good", "  health: poor"),
            ("    status: planned", "    status: blocked"),
            ("    status: on-track", "    status: off-track"),
            ("      rigwise: 4", "      rigwise: 9"),
            ("sponsor: alex-king\n", ""),
        ]),
    );
    site.plan(
        "second",
        &plan_with(&[
            ("name: Deepwell Solutions", "name: Second Co"),
            ("    aspirational: 2400000", "    aspirational: 8000000"),
        ]),
    );
    // A fixed threshold keeps both plans key accounts.
    site.config(&format!(
        "{CONFIG}review:\n  max_key_accounts_per_owner: 1\nsegmentation:\n  potential: {{high_from: 1000000}}\n"
    ));
    let warnings = check_warnings(site.root());
    for code in [
        "poor-health",
        "blocked-action",
        "goal-off-track",
        "competitor-ahead",
        "no-sponsor",
        "inflated-potential",
        "owner-overload",
    ] {
        assert!(warnings.iter().any(|w| w.0 == code), "{code} missing: {warnings:?}");
    }
    assert_attention_matches_check(site.root());
}

#[test]
fn dashboard_summary_counts_the_findings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let total = check_warnings(root).len();
    let (_tmp, out) = built(root);
    let html = read(&out.join("index.html"));
    assert!(
        html.contains(&format!("All {total} findings")),
        "dashboard does not count {total} findings"
    );
    assert!(html.contains("href=\"attention/index.html\""));
}

// ---------------------------------------------------------------- team pages

/// Account ids linked (`accounts/<id>/index.html`) in the section of `html`
/// labelled by heading `heading_id`; `None` when there is no such section.
fn section_accounts(html: &str, heading_id: &str) -> Option<Vec<String>> {
    let start = html.find(&format!("aria-labelledby=\"{heading_id}\""))?;
    let section = &html[start..start + html[start..].find("</section>")?];
    let mut ids: Vec<String> = section
        .split("href=\"../../accounts/")
        .skip(1)
        .filter_map(|s| s.split_once("/index.html\"").map(|(id, _)| id.to_string()))
        // A plan's one-page link sits beside its own link.
        .filter(|id| !id.ends_with("/one-page"))
        .collect();
    ids.sort();
    ids.dedup();
    Some(ids)
}

fn team_site() -> Site {
    let site = Site::new();
    site.config("title: T\ncurrency: GBP\nexchange_rates: {EUR: 0.5}\n");
    // boss ← mid ← {ann, bob}; carl reports to nobody.
    site.member("boss", "Bo Boss", None);
    site.member("mid", "Mo Mid", Some("boss"));
    site.member("ann", "Ann A", Some("mid"));
    site.member("bob", "Bob B", Some("mid"));
    site.member("carl", "Carl C", None);
    let plan = |name: &str, owner: &str, extra: &str, currency: &str, prior: u32| {
        format!(
            "---\nname: {name}\nowner: {owner}\n{extra}status:\n  last_review: 2026-11-20\ncontacts:\n  - name: Pat Contact\n    relationship: good\n    covered_by: bob\nfinancials:\n  currency: {currency}\n  prior_year_actual: {prior}\n---\n"
        )
    };
    site.plan(
        "p1",
        &plan("P One", "ann", "team: [bob]\nsponsor: boss\n", "GBP", 100_000),
    );
    site.plan("p2", &plan("P Two", "bob", "", "EUR", 400_000));
    site.plan("p3", &plan("P Three", "carl", "team: [ann]\n", "GBP", 50_000));
    site
}

#[test]
fn team_pages_list_owned_team_sponsored_covered_and_managed_accounts() {
    let site = team_site();
    let (_tmp, out) = built(site.root());
    let page = |id: &str| read(&out.join(format!("team/{id}/index.html")));
    let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();

    // An owner who is also on another account's team.
    let ann = page("ann");
    assert_eq!(section_accounts(&ann, "accounts-heading"), Some(ids(&["p1"])));
    assert_eq!(section_accounts(&ann, "team-heading"), Some(ids(&["p3"])));
    assert_eq!(section_accounts(&ann, "managed-heading"), None, "ann manages nobody");

    // A team member who covers contacts in every plan.
    let bob = page("bob");
    assert_eq!(section_accounts(&bob, "accounts-heading"), Some(ids(&["p2"])));
    assert_eq!(section_accounts(&bob, "team-heading"), Some(ids(&["p1"])));
    assert_eq!(
        section_accounts(&bob, "covered-heading"),
        Some(ids(&["p1", "p2", "p3"]))
    );
    assert!(bob.contains("Pat Contact"));

    // A one-level manager: the accounts of ann and bob.
    let mid = page("mid");
    assert_eq!(section_accounts(&mid, "accounts-heading"), Some(vec![]));
    assert_eq!(section_accounts(&mid, "managed-heading"), Some(ids(&["p1", "p2"])));

    // A two-level manager: the same accounts through mid, and the sponsorship.
    let boss = page("boss");
    assert_eq!(section_accounts(&boss, "managed-heading"), Some(ids(&["p1", "p2"])));
    assert_eq!(section_accounts(&boss, "sponsor-heading"), Some(ids(&["p1"])));
    // Converted totals of the reporting line: 100,000 GBP + 400,000 EUR × 0.5
    // = £300K prior year; never an amount in euros there.
    let managed = &boss[boss.find("aria-labelledby=\"managed-heading\"").expect("managed")..];
    let strip = &managed[..managed.find("</dl>").expect("money strip")];
    assert!(strip.contains("£300K"), "{strip}");
    assert!(!strip.contains('€'), "{strip}");

    // carl's account is in nobody's reporting line.
    assert_eq!(section_accounts(&page("carl"), "managed-heading"), None);
}

// ---------------------------------------------------------------- money

/// A GBP site with an EUR rate: a GBP, an EUR and a USD (no rate) plan,
/// each with amounts whose printed forms are unique to it.
fn currency_site() -> Site {
    let site = Site::new();
    site.config("title: Money\ncurrency: GBP\nexchange_rates: {EUR: 0.9}\n");
    site.member("alex-king", "Alex King", None);
    let plan = |name: &str, currency: &str, prior: u32, target: u32, aspirational: u32, opps: &str| {
        format!(
            "---\nname: {name}\nowner: alex-king\nsponsor: alex-king\nstatus:\n  last_review: 2026-11-20\n\
             financials:\n  currency: {currency}\n  prior_year_actual: {prior}\n  annual_target: {target}\n\
             \x20 revenue_goal:\n    aspirational: {aspirational}\n{opps}---\n"
        )
    };
    let gbp_opps = "opportunities:\n  - {id: a, name: A, stage: prospect, value: 100000}\n  - {id: b, name: B, stage: forecast, value: 200000}\n  - {id: c, name: C, stage: secured, value: 50000}\n  - {id: d, name: D, stage: lost, value: 80000}\n";
    let eur_opps = "opportunities:\n  - {id: e, name: E, stage: secured, value: 100000}\n";
    site.plan("gbp-co", &plan("GBP Co", "GBP", 333_000, 500_000, 400_000, gbp_opps));
    site.plan(
        "eur-co",
        &plan("EUR Co", "EUR", 777_000, 1_000_000, 1_000_000, eur_opps),
    );
    site.plan("usd-co", &plan("USD Co", "USD", 555_000, 700_000, 2_000_000, ""));
    site
}

#[test]
fn no_amount_is_printed_with_another_currencys_symbol() {
    let site = currency_site();
    let (_tmp, out) = built(site.root());
    let all = pages(&out);
    assert!(all.len() > 5);
    // Own amounts of each plan, by its currency's symbol; the threshold is
    // the median of the converted potential values [400K, 1M × 0.9, 2M]
    // (USD unconverted) = 900K, in pounds.
    // (Not "900,000" for £: the EUR plan page rightly shows €900,000 still
    // to secure, 1,000,000 target or goal − 100,000 secured.)
    let owned: &[(&str, &[&str])] = &[
        ("£", &["333K", "333,000", "900K"]),
        ("€", &["777K", "777,000", "1M", "1,000,000"]),
        ("$", &["555K", "555,000", "700K", "700,000", "2M", "2,000,000"]),
    ];
    let mut problems = Vec::new();
    for (path, html) in &all {
        // The trend charts' value axes are round numbers in the page's
        // currency (0, half, top), not amounts of a plan: "£1M" there is no
        // € plan's 1M.
        let mut html = html.clone();
        while let Some(at) = html.find("<g class=\"axis\">") {
            let end = at + html[at..].find("</g>").expect("the axis group ends");
            html.replace_range(at..end + "</g>".len(), "");
        }
        for (symbol, amounts) in owned {
            for other in ["£", "€", "$"].iter().filter(|o| *o != symbol) {
                for amount in *amounts {
                    // Followed by a non-digit, so "£1M" does not match "£1M5".
                    for (i, _) in html.match_indices(&format!("{other}{amount}")) {
                        let next = html[i + other.len() + amount.len()..].chars().next();
                        if !next.is_some_and(|c| c.is_ascii_digit() || c == '.') {
                            problems.push(format!("{path}: {other}{amount} (a {symbol} amount)"));
                        }
                    }
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "amounts in the wrong currency:\n{}",
        problems.join("\n")
    );
    // The dashboard's converted prior year: 333,000 + 777,000 × 0.9 = £1.03M;
    // the USD plan is shown apart, never added (it would make £1.59M).
    let dashboard = &all["index.html"];
    assert!(dashboard.contains("£1.03M"), "converted total");
    assert!(!dashboard.contains("£1.59M"));
    assert!(
        dashboard.contains("$555K"),
        "the unconverted USD prior year beside the total"
    );
}

#[test]
fn portfolio_json_v2_fields() {
    let site = currency_site();
    let (_tmp, out) = built(site.root());
    let v: Value = serde_json::from_str(&read(&out.join("portfolio.json"))).expect("JSON");
    assert_eq!(v["currency"], "GBP");
    assert_eq!(v["potential_threshold"], 900_000.0);
    let by_id = |id: &str| -> Value {
        v["accounts"]
            .as_array()
            .expect("accounts")
            .iter()
            .find(|a| a["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id}"))
    };
    let gbp = by_id("gbp-co");
    assert_eq!(gbp["currency"], "GBP");
    assert_eq!(gbp["rate"], 1.0);
    assert_eq!(gbp["sponsor"], "alex-king");
    // prospect 100K + forecast 200K open; 50K secured; 80K lost;
    // weighted 0.1 × 100K + 0.75 × 200K + 1.0 × 50K = 210K.
    assert_eq!(gbp["open_pipeline"], 300_000.0);
    assert_eq!(gbp["secured"], 50_000.0);
    assert_eq!(gbp["lost"], 80_000.0);
    assert_eq!(gbp["weighted_pipeline"], 210_000.0);
    assert_eq!(gbp["attainment"], 0.1); // 50K / 500K
    assert_eq!(gbp["site"]["prior_year_actual"], 333_000.0);

    let eur = by_id("eur-co");
    assert_eq!(eur["rate"], 0.9);
    assert_eq!(eur["potential_value"], 1_000_000.0, "in the plan's currency");
    assert_eq!(eur["site"]["potential_value"], 900_000.0);
    assert_eq!(eur["site"]["prior_year_actual"], 699_300.0);
    assert_eq!(eur["site"]["secured"], 90_000.0);
    assert_eq!(eur["site"]["annual_target"], 900_000.0);
    assert_eq!(eur["attainment"], 0.1); // 100K / 1M

    let usd = by_id("usd-co");
    assert_eq!(usd["rate"], Value::Null);
    assert_eq!(usd["site"], Value::Null);
    assert_eq!(usd["attainment"], 0.0); // nothing secured of a 700K target
    let codes: Vec<&str> = usd["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["code"].as_str().expect("code"))
        .collect();
    assert!(codes.contains(&"mixed-currency"), "{codes:?}");
    let mixed = usd["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["code"] == "mixed-currency")
        .expect("mixed-currency");
    // `---`, name, owner, sponsor, status, last_review, financials, then
    // `  currency: USD` on line 8.
    assert_eq!(mixed["line"], 8);

    let t = &v["totals"];
    assert_eq!(t["prior_year_actual"], 1_032_300.0); // 333,000 + 699,300
    assert_eq!(t["secured"], 140_000.0); // 50,000 + 90,000
    assert_eq!(t["annual_target"], 1_400_000.0); // 500,000 + 900,000
    assert_eq!(t["open_pipeline"], 300_000.0);
    assert_eq!(t["weighted_pipeline"], 300_000.0); // 210,000 + 90,000
    let unconverted = t["unconverted"].as_array().expect("unconverted");
    assert_eq!(unconverted.len(), 1);
    assert_eq!(unconverted[0]["currency"], "USD");
    assert_eq!(unconverted[0]["prior_year_actual"], 555_000.0);
    assert_eq!(unconverted[0]["annual_target"], 700_000.0);
    assert_eq!(unconverted[0]["secured"], 0.0);
}

// ---------------------------------------------------------------- privacy

#[test]
fn private_by_default_and_indexable_on_request() {
    let site = currency_site();
    let (_tmp, out) = built(site.root());
    assert_eq!(read(&out.join("robots.txt")), "User-agent: *\nDisallow: /\n");
    for (path, html) in pages(&out) {
        assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"), "{path}");
    }
    // A site's own robots.txt does not open a private site.
    site.write("static/robots.txt", "User-agent: *\nDisallow:\n");
    let (_tmp1, out1) = built(site.root());
    assert_eq!(read(&out1.join("robots.txt")), "User-agent: *\nDisallow: /\n");
    site.config("title: Money\ncurrency: GBP\nexchange_rates: {EUR: 0.9}\npublish:\n  indexable: true\n");
    site.remove("static/robots.txt");
    let (_tmp2, out2) = built(site.root());
    assert!(!out2.join("robots.txt").exists());
    for (path, html) in pages(&out2) {
        assert!(!html.contains("noindex"), "{path}");
    }
}

// ---------------------------------------------------------------- diff

#[test]
fn diff_shows_each_plans_amounts_in_its_own_currency() {
    let site = currency_site();
    common::git::git_init(site.root());
    common::git::commit(site.root(), "2026-11-30", "start");
    // The EUR plan's only deal grows from €100K to €300K secured.
    let path = site.root().join("content/accounts/eur-co.md");
    let text = read(&path).replace("value: 100000}", "value: 300000}");
    std::fs::write(&path, text).expect("write");
    let o = planfolio(site.root(), &["diff", "HEAD", "--today", DAY]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let md = stdout(&o);
    let row = md
        .lines()
        .find(|l| l.contains("EUR Co"))
        .unwrap_or_else(|| panic!("{md}"));
    // Weighted pipeline 100K → 300K (secured weighs 1), in euros.
    assert!(row.contains("€100,000") && row.contains("€300,000"), "{row}");
    assert!(!row.contains('£'), "{row}");
}

// ---------------------------------------------------------------- large portfolios

/// Number of account rows in a page's account table.
fn table_rows(html: &str) -> usize {
    html.matches("<th scope=\"row\" class=\"acct\"").count()
}

#[test]
fn long_lists_paginate_and_every_finding_stays_reachable() {
    // 450 bare plans: no scores, so all are maintained; each is stale (no
    // review), incomplete and in poor health: 3 × 450 = 1,350 findings,
    // above the 1,000 the attention page lists on one page.
    let site = Site::new();
    site.config("title: Big\n");
    site.member("alex-king", "Alex King", None);
    for i in 0..450 {
        site.plan(
            &format!("p{i:03}"),
            &format!("---\nname: Plan {i:03}\nowner: alex-king\nstatus:\n  health: poor\n---\n"),
        );
    }
    let warnings = check_warnings(site.root());
    assert_eq!(warnings.len(), 1350, "{:?}", &warnings[..3]);
    let (_tmp, out) = built(site.root());

    // Segment pages of 200 accounts: 200, 200, 50, linked to each other.
    let p1 = read(&out.join("segments/maintained/index.html"));
    let p2 = read(&out.join("segments/maintained/page/2/index.html"));
    let p3 = read(&out.join("segments/maintained/page/3/index.html"));
    assert!(!out.join("segments/maintained/page/4/index.html").exists());
    assert_eq!((table_rows(&p1), table_rows(&p2), table_rows(&p3)), (200, 200, 50));
    assert!(
        p1.contains("href=\"../../segments/maintained/page/2/index.html\""),
        "page 1 links to page 2"
    );
    assert!(
        p3.contains("href=\"../../../../segments/maintained/page/2/index.html\""),
        "page 3 links back"
    );
    assert!(p1.contains("Plan 000") && p3.contains("Plan 449"));

    // The dashboard shows a sample and says so; its matrix still links every
    // account (SPEC §9), as plain dots.
    let dashboard = read(&out.join("index.html"));
    assert_eq!(table_rows(&dashboard), 200);
    assert!(dashboard.contains("Showing 200 of 450 accounts"));
    for i in [0, 225, 449] {
        let link = format!("<a href=\"accounts/p{i:03}/index.html\"><circle class=\"dot seg-maintained\"");
        assert!(dashboard.contains(&link), "no matrix dot for p{i:03}");
    }
    assert_eq!(dashboard.matches("<circle class=\"dot seg-").count(), 450);
    // The filter lists any of them: every account's row, made by the same
    // component, waits in filter-rows.js (loaded only when filtering).
    let rows = read(&out.join("filter-rows.js"));
    assert!(rows.starts_with("window.PLANFOLIO_ROWS = {"));
    assert_eq!(rows.matches("<th scope=\\\"row\\\" class=\\\"acct\\\"").count(), 450);
    assert!(rows.contains("\"p449\":\"<tr data-id=\\\"p449\\\">"));
    assert!(
        dashboard.contains(" data-rows-file>"),
        "the form says where the rows are"
    );

    // The attention page summarises; the codes' own pages hold every finding once.
    let attention = read(&out.join("attention/index.html"));
    assert!(finding_entries(&attention).len() <= 3 * 10);
    let mut listed: Vec<(String, String, u64)> = Vec::new();
    for code in ["stale-review", "incomplete-plan", "poor-health"] {
        assert!(
            attention.contains(&format!("href=\"../attention/{code}/index.html\"")),
            "{code}"
        );
        for page in 1..=3 {
            let rel = match page {
                1 => format!("attention/{code}/index.html"),
                n => format!("attention/{code}/page/{n}/index.html"),
            };
            for (tag, _) in finding_entries(&read(&out.join(rel))) {
                listed.push((
                    attr(&tag, "data-code").expect("code").to_string(),
                    attr(&tag, "data-file").expect("file").to_string(),
                    attr(&tag, "data-line").expect("line").parse().expect("number"),
                ));
            }
        }
    }
    listed.sort();
    assert_eq!(listed, warnings);
    // No page of this site comes near 2 MB.
    for (path, html) in pages(&out) {
        assert!(html.len() < 1_000_000, "{path}: {} bytes", html.len());
    }
}

/// A site that overrides a section, or the frame, gets its own markup
/// there and the built-in components everywhere else, on the example
/// portfolio, the multi-currency site and a one-plan site with almost
/// nothing filled in.
#[test]
fn overriding_a_section_or_the_frame_changes_only_that() {
    let example = common::example_copy();
    let currencies = currency_site();
    let single = Site::new();
    single.config("title: One & only\ncurrency: GBP\n");
    single.member("sam", "Sam 'Solo' Smith", None);
    single.plan("solo", "---\nname: Solo <Ltd>\nowner: sam\n---\n");
    for root in [example.path(), currencies.root(), single.root()] {
        let (_before, builtin) = built(root);
        common::write(
            root,
            "theme/templates/plan/goals.html",
            "<section id=\"own-goals\">{% for g in plan.goals %}<p>{{ g.title_html | safe }}</p>{% endfor %}</section>",
        );
        let base = read(&std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("theme/templates/base.html"));
        common::write(
            root,
            "theme/templates/base.html",
            &base.replace("<body", "<body data-own-frame"),
        );
        let (_after, own) = built(root);
        for (path, html) in pages(&builtin) {
            let mine = read(&own.join(&path));
            assert!(mine.contains("<body data-own-frame"), "{path}: the site's frame");
            let mine = mine.replace("<body data-own-frame", "<body");
            if !path.starts_with("accounts/") || path.ends_with("/one-page/index.html") {
                assert_eq!(mine, html, "{path}: only the frame changed");
                continue;
            }
            // A plan page: the goals section is the site's, the rest as built in.
            let cut = |page: &str, from: &str| -> (String, String) {
                let at = page.find(from).unwrap_or_else(|| panic!("{path}: no {from}"));
                let end = at + page[at..].find("</section>").expect("section end") + "</section>".len();
                (format!("{}{}", &page[..at], &page[end..]), page[at..end].to_string())
            };
            let (rest_builtin, _) = if html.contains("<section id=\"section-goals\"") {
                cut(&html, "<section id=\"section-goals\"")
            } else {
                (html.clone(), String::new())
            };
            let (rest_own, section) = cut(&mine, "<section id=\"own-goals\">");
            assert_eq!(
                rest_own.replace('\n', ""),
                rest_builtin.replace('\n', ""),
                "{path}: every other section is the built-in one"
            );
            assert_eq!(
                section.matches("<p>").count(),
                html.matches("id=\"goal-").count(),
                "{path}: one entry per goal"
            );
        }
    }
}

#[test]
fn a_competitor_named_in_many_plans_counts_them_all_and_lists_the_first_200() {
    // 450 plans name RigWise: every third a threat (p000, p003 …: 150), every
    // third from p001 an opportunity (150), the rest neither.
    let site = Site::new();
    site.config("title: Big\n");
    site.member("alex-king", "Alex King", None);
    for i in 0..450 {
        let swot = match i % 3 {
            0 => "\n    swot: threat",
            1 => "\n    swot: opportunity",
            _ => "",
        };
        site.plan(
            &format!("p{i:03}"),
            &format!(
                "---\nname: Plan {i:03}\nowner: alex-king\ncompetitors:\n  - id: rigwise\n    name: RigWise\n    strengths:\n      - Fast *installs* at p{i:03}{swot}\n---\n"
            ),
        );
    }
    let (_tmp, out) = built(site.root());
    let page = read(&out.join("competitors/rigwise/index.html"));
    assert!(page.contains("<dt>Present at</dt><dd>450 accounts</dd>"), "{page}");
    assert!(page.contains("<dt>A threat at</dt><dd><span class=\"badge swot-threat\">150</span>"));
    assert!(page.contains("<dt>An opportunity at</dt><dd><span class=\"badge swot-opportunity\">150</span>"));
    // The table and the cards hold the first 200, and the table says so.
    assert_eq!(page.matches("<th scope=\"row\" data-value=\"plan ").count(), 200);
    assert_eq!(page.matches("<article class=\"item card competitor\">").count(), 200);
    assert!(page.contains("Showing the first 200 of 450 accounts."));
    assert!(page.contains("<a href=\"../../accounts/p000/index.html#competitor-rigwise\">Plan 000</a></th>"));
    assert!(!page.contains("Plan 200<"), "row 201 is not listed");
    // Each card's list items are Markdown, rendered inline.
    assert!(page.contains("<li>Fast <em>installs</em> at p199</li>"));
}

#[test]
fn a_theme_can_lay_out_the_competitor_rows_itself() {
    let site = Site::new();
    site.member("alex-king", "Alex King", None);
    site.plan(
        "halden",
        "---\nname: Halden\nowner: alex-king\ncompetitors:\n  - id: rigwise\n    name: RigWise\n    swot: threat\n---\n",
    );
    common::write(
        site.root(),
        "theme/templates/competitor.html",
        "{% for a in accounts %}<p class=\"own\"><a href=\"{{ root }}{{ a.row.url }}#competitor-{{ competitor.id }}\">{{ a.row.name }}</a> {{ a.swot }} of {{ accounts_total }}</p>{% endfor %}",
    );
    let (_tmp, out) = built(site.root());
    let page = read(&out.join("competitors/rigwise/index.html"));
    assert_eq!(
        page,
        "<p class=\"own\"><a href=\"../../accounts/halden/index.html#competitor-rigwise\">Halden</a> threat of 1</p>"
    );
}
