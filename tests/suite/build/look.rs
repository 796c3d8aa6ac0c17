//! How the site looks where a rule decides it (issue 21): the matrix's
//! labels never overlap a dot or each other and its dot sizes show
//! prior-year revenue at any scale; the 404 page's links work at any depth
//! (`publish.base_url`, SPEC §6); account tables carry the labels a phone
//! shows them with.

use crate::common;
use common::git::run as planfolio;
use common::*;
use planfolio::render::context::{
    COMPACT_DOT_RADIUS, DOT_RADIUS, LABEL_FONT, LabelBox, MatrixLabel, dot_radius, first_sentence, place_labels,
};
use std::path::{Path, PathBuf};

const DAY: &str = "2026-12-01";

/// Builds `root` into a fresh folder; returns the temp dir and the output.
fn built(root: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("public");
    let o = planfolio(root, &["build", "--out", out.to_str().expect("utf-8"), "--today", DAY]);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    (tmp, out)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

// ---------------------------------------------------------------- matrix labels

/// The box a placed label covers, from its anchor point (as place_labels
/// measures it: `chars` × the character width, one line high, baseline at
/// 0.78 of the line).
fn label_box(l: &MatrixLabel, chars: usize, (char_w, line_h): (f64, f64)) -> LabelBox {
    let w = chars as f64 * char_w;
    let x = match l.anchor {
        "start" => l.x,
        "end" => l.x - w,
        "middle" => l.x - w / 2.0,
        other => panic!("anchor {other}"),
    };
    (x, l.y - 0.78 * line_h, w, line_h)
}

fn boxes_overlap(a: LabelBox, b: LabelBox) -> bool {
    // Rounding to hundredths may make touching boxes overlap by a hair.
    const E: f64 = 0.02;
    a.0 + E < b.0 + b.2 && b.0 + E < a.0 + a.2 && a.1 + E < b.1 + b.3 && b.1 + E < a.1 + a.3
}

fn circle_overlaps(cx: f64, cy: f64, r: f64, b: LabelBox) -> bool {
    let nx = cx.clamp(b.0, b.0 + b.2);
    let ny = cy.clamp(b.1, b.1 + b.3);
    (cx - nx).powi(2) + (cy - ny).powi(2) < (r - 0.02).powi(2)
}

/// Every placed label is inside `area`, off every dot and off every other label.
fn assert_no_overlap(dots: &[(f64, f64, f64, usize)], labels: &[Option<MatrixLabel>], area: LabelBox) {
    let boxes: Vec<(usize, LabelBox)> = labels
        .iter()
        .enumerate()
        .filter_map(|(i, l)| l.as_ref().map(|l| (i, label_box(l, dots[i].3, LABEL_FONT))))
        .collect();
    for &(i, b) in &boxes {
        assert!(
            b.0 >= area.0 - 0.02
                && b.1 >= area.1 - 0.02
                && b.0 + b.2 <= area.0 + area.2 + 0.02
                && b.1 + b.3 <= area.1 + area.3 + 0.02,
            "label {i} {b:?} leaves the plot {area:?}"
        );
        for (j, &(cx, cy, r, _)) in dots.iter().enumerate() {
            assert!(!circle_overlaps(cx, cy, r, b), "label {i} {b:?} covers dot {j}");
        }
        for &(k, c) in &boxes {
            assert!(k == i || !boxes_overlap(b, c), "labels {i} {b:?} and {k} {c:?} overlap");
        }
    }
}

#[test]
fn two_accounts_at_the_same_spot_get_labels_that_do_not_meet() {
    let area = (0.0, 0.0, 500.0, 500.0);
    // Same centre, same size, names of 10 characters (74 units wide).
    let dots = [(250.0, 250.0, 10.0, 10), (250.0, 250.0, 10.0, 10)];
    let labels = place_labels(&dots, area, &[], LABEL_FONT);
    let first = labels[0].expect("the first label has the right side");
    let second = labels[1].expect("the second label takes the left side");
    // Right of the dot: x = 250 + 10 + 4 gap; left: x = 250 − 10 − 4, hanging from its end.
    assert_eq!((first.x, first.anchor), (264.0, "start"));
    assert_eq!((second.x, second.anchor), (236.0, "end"));
    assert_no_overlap(&dots, &labels, area);

    // Four at one spot: right, left, above, below; a fifth finds no room.
    let dots = [(250.0, 250.0, 10.0, 10); 5];
    let labels = place_labels(&dots, area, &[], LABEL_FONT);
    let anchors: Vec<Option<&str>> = labels.iter().map(|l| l.map(|l| l.anchor)).collect();
    assert_eq!(
        anchors,
        [Some("start"), Some("end"), Some("middle"), Some("middle"), None]
    );
    assert_no_overlap(&dots, &labels, area);
}

#[test]
fn a_label_never_covers_a_neighbouring_dot_or_leaves_the_plot() {
    // A dot right of the first one blocks its right side; the plot's left
    // edge blocks the left side of a dot near it.
    let area = (50.0, 0.0, 450.0, 500.0);
    let dots = [(200.0, 200.0, 8.0, 12), (240.0, 200.0, 8.0, 3), (60.0, 400.0, 6.0, 8)];
    let labels = place_labels(&dots, area, &[], LABEL_FONT);
    assert_eq!(labels[0].map(|l| l.anchor), Some("end"), "{labels:?}");
    assert_eq!(labels[2].map(|l| l.anchor), Some("start"), "{labels:?}");
    assert_no_overlap(&dots, &labels, area);

    // An obstacle (a quadrant name) is avoided like a label.
    let obstacle = (270.0, 190.0, 100.0, 20.0);
    let dots = [(250.0, 200.0, 8.0, 6)];
    let labels = place_labels(&dots, area, &[obstacle], LABEL_FONT);
    let l = labels[0].expect("placed");
    assert!(!boxes_overlap(label_box(&l, 6, LABEL_FONT), obstacle), "{l:?}");

    // A crowded plot: a grid of dots 30 units apart with long names. Some
    // labels cannot be placed; none of those placed overlaps anything.
    let mut dots = Vec::new();
    for i in 0..12 {
        for j in 0..12 {
            dots.push((
                70.0 + 35.0 * i as f64,
                20.0 + 37.0 * j as f64,
                4.0 + (i * j % 7) as f64,
                4 + (i + j) % 9,
            ));
        }
    }
    let labels = place_labels(&dots, area, &[], LABEL_FONT);
    assert_no_overlap(&dots, &labels, area);
    assert!(labels.iter().any(Option::is_some) && labels.iter().any(Option::is_none));
}

// ---------------------------------------------------------------- dot sizes

#[test]
fn dot_area_is_proportional_to_prior_year_revenue() {
    let (min, max) = DOT_RADIUS;
    assert_eq!(dot_radius(400.0, 400.0, DOT_RADIUS), max);
    assert_eq!(dot_radius(0.0, 400.0, DOT_RADIUS), min);
    assert_eq!(dot_radius(0.0, 0.0, DOT_RADIUS), min);
    // The area above the smallest dot's grows with revenue: a quarter of the
    // largest revenue adds a quarter of the area between min and max.
    // 6² + (22² − 6²) × ¼ = 36 + 112 = 148.
    let quarter = dot_radius(100.0, 400.0, DOT_RADIUS);
    assert!((quarter * quarter - 148.0).abs() < 1e-9, "{quarter}");
    // Ordered by revenue, in both modes.
    for scale in [DOT_RADIUS, COMPACT_DOT_RADIUS] {
        let radii: Vec<f64> = [0.0, 1.0, 10.0, 250.0, 399.0, 400.0]
            .iter()
            .map(|&r| dot_radius(r, 400.0, scale))
            .collect();
        assert!(radii.windows(2).all(|w| w[0] < w[1]), "{radii:?}");
    }
}

/// The `r` of each matrix dot linking to `accounts/<id>/`.
fn dot_radii(html: &str) -> Vec<(String, f64)> {
    let mut out = Vec::new();
    for part in html.split("<a ").skip(1) {
        let Some(href) = part
            .strip_prefix("href=\"")
            .or_else(|| part.strip_prefix("class=\"dot-link\" href=\""))
        else {
            continue;
        };
        let Some(id) = href.strip_prefix("accounts/").and_then(|h| h.split('/').next()) else {
            continue;
        };
        let Some(circle) = part.split("<circle class=\"dot ").nth(1) else {
            continue;
        };
        let r = circle
            .split(" r=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .expect("r");
        out.push((id.to_string(), r.parse().expect("number")));
    }
    out
}

fn revenue_plan(name: &str, revenue: u64) -> String {
    format!("---\nname: {name}\nowner: alex-king\nfinancials:\n  prior_year_actual: {revenue}\n---\n")
}

#[test]
fn dots_grow_with_revenue_with_few_plans_and_with_a_thousand() {
    for n in [3usize, 1000] {
        let site = Site::new();
        site.config("title: Sizes\n");
        site.member("alex-king", "Alex King", None);
        // Revenue 0, 1,000, 2,000, … so every plan's differs.
        for i in 0..n {
            site.plan(
                &format!("p{i:04}"),
                &revenue_plan(&format!("Plan {i}"), 1000 * i as u64),
            );
        }
        let (_tmp, out) = built(site.root());
        let html = read(&out.join("index.html"));
        let mut radii = dot_radii(&html);
        assert_eq!(radii.len(), n, "one dot per plan");
        radii.sort_by(|a, b| a.0.cmp(&b.0));
        // Ids sort as revenue does: each dot at least as big as the one before,
        // and the smallest and largest are the scale's ends.
        assert!(radii.windows(2).all(|w| w[0].1 <= w[1].1), "{:?}", &radii[..3]);
        let (min, max) = if n > 300 { COMPACT_DOT_RADIUS } else { DOT_RADIUS };
        assert_eq!(radii[0].1, min);
        assert_eq!(radii[n - 1].1, max);
        let distinct: std::collections::BTreeSet<String> = radii.iter().map(|r| r.1.to_string()).collect();
        assert!(
            distinct.len() > n.min(100) / 2,
            "only {} sizes among {n} dots",
            distinct.len()
        );
    }
}

// ---------------------------------------------------------------- folded introduction

#[test]
fn the_folded_introduction_shows_its_first_sentence() {
    let html = "<h2>Welcome</h2>\n<p>This site holds the plans.\nEach plan is kept current.</p>\n<p>More.</p>";
    assert_eq!(first_sentence(html), "This site holds the plans.");
    assert_eq!(first_sentence("<p>No full stop here</p>"), "No full stop here");
    // A point inside a number or a word does not end the sentence.
    assert_eq!(
        first_sentence("<p>Version 2.5 is out. Next.</p>"),
        "Version 2.5 is out."
    );
    assert_eq!(
        first_sentence("<p>R&amp;D <em>leads</em>! Then sales.</p>"),
        "R&amp;D leads!"
    );
    // A long sentence is cut at a word, never inside an entity, and says so.
    let long = format!("<p>{}&amp; the rest.</p>", "word ".repeat(31));
    let cut = first_sentence(&long);
    assert!(cut.ends_with("word…") && cut.chars().count() <= 161, "{cut}");
    // The example site's dashboard shows it on the folded introduction's line.
    let (_tmp, out) = built(example_copy().path());
    let dashboard = read(&out.join("index.html"));
    assert!(
        dashboard.contains("<details>\n<summary><span class=\"intro-label\">About this portfolio</span> <span class=\"intro-teaser\">This site holds the account plans for the customers that matter most to Northgate Industrial.</span></summary>"),
        "the introduction is folded, with its first sentence"
    );
    // The attention summary comes right after the totals, before the matrix.
    let at = |needle: &str| dashboard.find(needle).unwrap_or_else(|| panic!("{needle}"));
    assert!(at("id=\"kpi-heading\"") < at("id=\"attention-heading\""));
    assert!(at("id=\"attention-heading\"") < at("id=\"matrix-heading\""));
}

// ---------------------------------------------------------------- 404 page

/// The `href`s of a page's links and stylesheets.
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|s| s.replace("&#x2F;", "/"))
        .collect()
}

#[test]
fn not_found_page_links_from_base_url_or_finds_the_root_itself() {
    let site = Site::valid();
    let (_tmp, out) = built(site.root());
    let html = read(&out.join("404.html"));
    // Without base_url: links relative to the root, resolved from a <base>
    // the inline script sets from the address.
    assert!(html.contains("document.createElement(\"base\")"), "no root finder");
    assert!(
        hrefs(&html).contains(&"static/style.css".to_string()),
        "{:?}",
        hrefs(&html)
    );
    assert!(hrefs(&html).contains(&"index.html".to_string()));

    site.config(&format!(
        "{}publish:\n  base_url: https://plans.example.com/team-a\n",
        CONFIG
    ));
    let (_tmp2, out2) = built(site.root());
    let html = read(&out2.join("404.html"));
    assert!(!html.contains("createElement(\"base\")"), "the script is not needed");
    let links = hrefs(&html);
    assert!(!links.is_empty());
    for href in &links {
        assert!(
            href.starts_with("https://plans.example.com/team-a/") || href.starts_with('#'),
            "{href} is not absolute"
        );
    }
    assert!(links.contains(&"https://plans.example.com/team-a/static/style.css".to_string()));
    assert!(links.contains(&"https://plans.example.com/team-a/index.html".to_string()));
    // Other pages stay relative (they work from disk).
    let dashboard = read(&out2.join("index.html"));
    assert!(hrefs(&dashboard).contains(&"static/style.css".to_string()));
}

#[test]
fn base_url_must_be_an_absolute_http_address() {
    for (value, ok) in [
        ("https://plans.example.com/", true),
        ("http://intranet:8080/plans", true),
        ("plans.example.com", false),
        ("/plans/", false),
        ("ftp://plans.example.com/", false),
        ("https:///nohost", false),
        ("https://plans.example.com/?x=1", false),
    ] {
        let site = Site::with_team();
        let config = format!("{CONFIG}publish:\n  base_url: \"{value}\"\n");
        site.config(&config);
        let a = site.analyse();
        if ok {
            assert_no_code(&a, "invalid-value");
        } else {
            let d = assert_diag(&a, "invalid-value", "planfolio.yaml", line_of(&config, "base_url"));
            assert!(
                d.message.contains("base_url") && d.message.contains("http"),
                "{}",
                d.message
            );
        }
    }
}

// ---------------------------------------------------------------- phone cards

#[test]
fn account_table_cells_carry_their_column_label_once() {
    let (_tmp, out) = built(example_copy().path());
    let html = read(&out.join("index.html"));
    let table = html
        .split("<table class=\"data accounts-table phone-cards\"")
        .nth(1)
        .and_then(|t| t.split("</table>").next())
        .expect("the account table, marked for phone cards");
    let body = table.split("<tbody>").nth(1).expect("tbody");
    let rows: Vec<&str> = body.split("<tr").skip(1).collect();
    assert!(!rows.is_empty());
    for row in rows {
        let cells = row.matches("<td").count();
        assert_eq!(
            row.matches(" data-label=\"").count(),
            cells,
            "every cell is labelled: {row}"
        );
        for label in [
            "Segment",
            "Owner",
            "Relationship",
            "Potential",
            "Weighted",
            "Complete",
            "Last review",
            "Overdue",
        ] {
            assert_eq!(
                row.matches(&format!("data-label=\"{label}\"")).count(),
                1,
                "{label} in {row}"
            );
        }
    }
}
