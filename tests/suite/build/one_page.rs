//! The one-page plan (`accounts/<id>/one-page/`, SPEC §9) and the review
//! pack (`review/`): what each part shows, how long lists are cut ("+N
//! more", counted by hand from the fixture), the links to the full plan,
//! and where the site links to them. That they print on one page is the
//! real browser's test (`browser::print`).

use crate::common;
use common::git::run as planfolio;
use common::*;
use std::path::Path;

/// The inner HTML of the one-page part `key` of plan `id`.
fn part<'a>(page: &'a str, id: &str, key: &str) -> &'a str {
    let at = page
        .find(&format!("id=\"op-{id}-{key}\""))
        .unwrap_or_else(|| panic!("no part {key}"));
    &page[at..at + page[at..].find("</section>").expect("section end")]
}

/// The list items of a part, tags and all (each item's main text first).
fn items(part: &str) -> Vec<&str> {
    part.split("<li>")
        .skip(1)
        .map(|li| {
            let li = &li[..li.find("</li>").expect("</li>")];
            li.strip_prefix("<span class=\"op-main\">").unwrap_or(li)
        })
        .collect()
}

fn site(root: &Path) {
    write(root, "planfolio.yaml", "title: One page\ncurrency: GBP\n");
    write(root, "content/team/mia-lund.md", "---\nname: Mia Lund\n---\n");
    write(root, "content/accounts/longlist.md", &long_one_page_plan());
    write(
        root,
        "content/accounts/zeta.md",
        "---\nname: Zeta Works\nowner: mia-lund\nsegment: key\nsegment_reason: Board priority\n---\nNotes.\n",
    );
    write(
        root,
        "content/accounts/middle.md",
        "---\nname: Middle Ltd\nowner: mia-lund\nsegment: managed\nsegment_reason: Small\n---\nNotes.\n",
    );
}

fn build(root: &Path, out: &Path) {
    let o = planfolio(root, &["build", "--out", out.to_str().unwrap(), "--today", TODAY]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn the_one_page_plan_cuts_every_long_list_and_says_how_many_more() {
    let tmp = tempfile::tempdir().unwrap();
    let (root, out) = (tmp.path().join("site"), tmp.path().join("public"));
    site(&root);
    build(&root, &out);
    let page = read(&out, "accounts/longlist/one-page/index.html");
    let plan = "../../../accounts/longlist/index.html";

    // Relationship map: 10 contacts, high influence first, then medium, low
    // and unrated, each level in file order: c2 c5 c8 c4 c7 c1, 4 more.
    let contacts = part(&page, "longlist", "contacts");
    let shown: Vec<&str> = items(contacts)
        .iter()
        .map(|li| {
            let link = &li[..li.find("</a>").unwrap()];
            &link[link.rfind("\">").unwrap() + 2..]
        })
        .collect();
    assert_eq!(
        shown,
        [
            "Contact Number2",
            "Contact Number5",
            "Contact Number8",
            "Contact Number4",
            "Contact Number7",
            "Contact Number1"
        ]
    );
    assert!(
        contacts.contains(&format!("<a href=\"{plan}#section-contacts\">+4 more</a>")),
        "{contacts}"
    );
    // Role, relationship and reporting line.
    let c2 = items(contacts)[0];
    assert!(
        c2.contains("role-influencer") && c2.contains("rel-good") && c2.contains("reports to Contact Number1"),
        "{c2}"
    );
    assert!(c2.contains(&format!("href=\"{plan}#contact-c2\"")), "{c2}");

    // Trends: the 8 external drivers, 5 shown; the internal one is not a trend.
    let trends = part(&page, "longlist", "trends");
    assert_eq!(items(trends).len(), 5);
    assert!(
        trends.contains("External driver 5") && !trends.contains("External driver 6"),
        "{trends}"
    );
    assert!(!trends.contains("Internal driver"), "{trends}");
    assert!(trends.contains(">+3 more</a>"), "{trends}");

    // Fix 5 → 3 (+2), accomplish 4 → 3 (+1), avoid 3 → 3.
    let faa = part(&page, "longlist", "faa");
    assert_eq!(items(faa).len(), 9, "{faa}");
    assert!(faa.contains(">+2 more</a>") && faa.contains(">+1 more</a>"), "{faa}");
    assert_eq!(faa.matches("more</a>").count(), 2, "{faa}");

    // Differentiators: ours (2) first, then against Rival (3): 3 shown, 2 more.
    let diff = part(&page, "longlist", "differentiators");
    let d = items(diff);
    assert_eq!(d.len(), 3);
    assert!(
        d[0].starts_with("Ours 1") && d[1].starts_with("Ours 2") && d[2].starts_with("Against Rival 1"),
        "{diff}"
    );
    assert!(
        d[2].contains(&format!("href=\"{plan}#competitor-rival\">vs Rival Corp</a>")),
        "{}",
        d[2]
    );
    assert!(diff.contains(">+2 more</a>"), "{diff}");

    // Vulnerabilities: weaknesses (2), then threats (3): 3 shown, 2 more.
    let vul = part(&page, "longlist", "vulnerabilities");
    let v = items(vul);
    assert_eq!(v.len(), 3);
    assert!(
        v[0].contains("Weakness:</a> Weakness 1") && v[2].contains("Threat:</a> Threat 1"),
        "{vul}"
    );
    assert!(vul.contains(">+2 more</a>"), "{vul}");

    // Goals: 7, 5 shown with their status and due date.
    let goals = part(&page, "longlist", "goals");
    assert_eq!(items(goals).len(), 5);
    assert!(
        items(goals)[0].contains("goal-on-track") && items(goals)[0].contains("due 2027-01-01"),
        "{goals}"
    );
    assert!(goals.contains(">+2 more</a>"), "{goals}");

    // Next actions: the 7 open ones by due date, undated last; 5 shown.
    let actions = part(&page, "longlist", "actions");
    let order: Vec<&str> = items(actions)
        .iter()
        .map(|li| {
            let t = &li[li.find("Action ").unwrap() + 7..];
            &t[..2]
        })
        .collect();
    assert_eq!(order, ["a5", "a3", "a1", "a7", "a2"]);
    assert!(items(actions)[0].contains("flag-overdue"), "a5 is overdue on {TODAY}");
    assert!(!items(actions)[1].contains("flag-overdue"), "a3 is due after {TODAY}");
    assert!(actions.contains(">+2 more</a>"), "{actions}");

    // Partnership status: today, what the customer wants, what we aim for.
    let status = part(&page, "longlist", "status");
    assert!(status.contains("<dt>Today</dt><dd>commodity vendor</dd>"), "{status}");
    assert!(
        status.contains("<dt>The customer wants</dt><dd>strategic partner</dd>"),
        "{status}"
    );
    assert!(
        status.contains("<dt>We aim for</dt><dd>service provider</dd>"),
        "{status}"
    );

    // Revenue goal against prior year and target, with secured: bars are a
    // share of the largest (aspirational £3M): prior 1/3, target 40%,
    // minimum 11/30, just right 50%, secured (£600K) 20%.
    let revenue = part(&page, "longlist", "revenue");
    for (key, width, amount) in [
        ("prior_year_actual", "33.33", "£1M"),
        ("annual_target", "40", "£1.2M"),
        ("minimum", "36.67", "£1.1M"),
        ("just_right", "50", "£1.5M"),
        ("aspirational", "100", "£3M"),
        ("secured", "20", "£600K"),
    ] {
        let row = &revenue[revenue
            .find(&format!("op-bar-{key}\""))
            .unwrap_or_else(|| panic!("{key}"))..];
        let row = &row[..row.find("</tr>").unwrap()];
        assert!(
            row.contains(&format!("width: {width}%")) && row.contains(amount),
            "{row}"
        );
    }
    // Attainment: £600K of £1.2M.
    assert!(page.contains("<dt>Attainment</dt><dd>50%</dd>"), "attainment");

    // Every part's heading links to its full section.
    for (key, anchor) in [
        ("status", "#section-status"),
        ("contacts", "#section-contacts"),
        ("trends", "#section-drivers"),
        ("faa", "#section-faa"),
        ("differentiators", "#section-proposition"),
        ("vulnerabilities", "#swot"),
        ("goals", "#section-goals"),
        ("revenue", "#section-financials"),
        ("actions", "#section-actions"),
    ] {
        let p = part(&page, "longlist", key);
        assert!(
            p.starts_with(&format!("id=\"op-longlist-{key}\"><a href=\"{plan}{anchor}\">")),
            "{key}: {p}"
        );
    }
    // The plan page links here; so do the team page's tables.
    let full = read(&out, "accounts/longlist/index.html");
    assert!(full.contains("href=\"../../accounts/longlist/one-page/index.html\">One-page plan</a>"));
    let mia = read(&out, "team/mia-lund/index.html");
    assert!(
        mia.contains("href=\"../../accounts/longlist/one-page/index.html\""),
        "team page"
    );
    let dashboard = read(&out, "index.html");
    assert!(
        dashboard.contains("href=\"accounts/longlist/one-page/index.html\""),
        "the dashboard's key-account table"
    );
}

#[test]
fn a_short_plan_has_no_more_links_and_says_what_is_missing() {
    let tmp = tempfile::tempdir().unwrap();
    let (root, out) = (tmp.path().join("site"), tmp.path().join("public"));
    site(&root);
    build(&root, &out);
    let page = read(&out, "accounts/zeta/one-page/index.html");
    assert!(!page.contains(" more</a>"), "nothing is cut");
    assert!(part(&page, "zeta", "contacts").contains("No contacts yet."));
    assert!(part(&page, "zeta", "actions").contains("No open actions."));
    assert!(part(&page, "zeta", "revenue").contains("No prior year, target or revenue goal set yet."));
    assert!(page.contains("<dt>Annual target</dt><dd><span class=\"not-set\">not set</span>"));
}

#[test]
fn the_review_pack_has_totals_changes_and_every_key_accounts_one_page() {
    let tmp = tempfile::tempdir().unwrap();
    let (root, out) = (tmp.path().join("site"), tmp.path().join("public"));
    site(&root);
    build(&root, &out);
    let pack = read(&out, "review/index.html");
    // Totals (the dashboard's tiles) and the changes since the last review
    // come first (no git here: the changes say why there are none).
    let totals = pack.find("data-kpis").expect("totals");
    let changes = pack.find("id=\"review-changes-heading\"").expect("changes");
    let first_plan = pack.find("<article class=\"one-page\"").expect("one-page plans");
    assert!(totals < changes && changes < first_plan);
    // Secured: £600K (Longlist's only secured deal).
    assert!(pack[totals..changes].contains("£600K"), "secured total");
    // The key accounts by name, the managed one left out.
    let ids: Vec<&str> = pack
        .match_indices("<article class=\"one-page\" id=\"one-page-")
        .map(|(at, m)| {
            let rest = &pack[at + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    assert_eq!(ids, ["longlist", "zeta"]);
    assert!(
        pack.contains("<a href=\"#one-page-longlist\">Longlist Industries</a>"),
        "contents"
    );
    // Inside the pack the account names are second-level headings.
    assert!(pack.contains("<h2 id=\"op-zeta\"><a href=\"../accounts/zeta/index.html\">Zeta Works</a></h2>"));
    // The dashboard links to it.
    assert!(read(&out, "index.html").contains("<a href=\"review/index.html\">Review pack</a>"));
}
