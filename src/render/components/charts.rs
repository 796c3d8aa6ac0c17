//! Small SVG charts of the trends (SPEC §10.3), written once here: line
//! charts, stacked bar charts and a segment strip, each with a title and a
//! description for screen readers; the figures are also in a table beside
//! them ([`trend_table`]). Colours come from CSS classes (style.css, the
//! "Trend charts" block), no script.

use super::{disp, esc};
use crate::keyword::Keyword;
use crate::model::Segment;

/// Width and height of a chart's drawing (CSS scales it to its box).
const W: f64 = 300.0;
const H: f64 = 140.0;
/// The plot area inside it: room for the value axis on the left and the
/// months below.
const LEFT: f64 = 46.0;
const RIGHT: f64 = 6.0;
const TOP: f64 = 8.0;
const BOTTOM: f64 = 20.0;

/// One series: its name (legend and table), its CSS class, and a value per month.
pub struct Series<'a> {
    pub name: &'a str,
    pub class: &'static str,
    pub values: Vec<Option<f64>>,
}

/// How a chart draws its series.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One line per series (a gap where a value is missing).
    Lines,
    /// One bar per month, the series stacked.
    Stacked,
}

/// A chart of series over months.
pub struct Chart<'a> {
    /// Unique on the page: the ids of its title and description.
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
    /// `YYYY-MM`, oldest first.
    pub months: &'a [String],
    pub series: Vec<Series<'a>>,
    pub kind: Kind,
    /// A fixed top of the value axis (scores: 10), else the data's, rounded up.
    pub max: Option<f64>,
    /// How an axis value is written ("£1.2M", "12").
    pub label: &'a dyn Fn(f64) -> String,
}

/// The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above `x` (1 when `x` ≤ 0 or NaN).
fn nice_max(x: f64) -> f64 {
    if !x.is_finite() || x <= 0.0 {
        return 1.0;
    }
    let p = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|f| f * p)
        .find(|v| *v >= x)
        .unwrap_or(10.0 * p)
}

/// A coordinate, whole (short SVG text: plan pages are written 10,000 times).
fn c(o: &mut String, x: f64) {
    disp(o, x.round() as i64);
}

/// Appends `chart` as a `<figure>`: the SVG, then its legend.
pub fn chart(o: &mut String, chart: &Chart) {
    let n = chart.months.len();
    if n == 0 {
        return;
    }
    let top = match chart.max {
        Some(m) => m,
        None => {
            let data_max = (0..n)
                .map(|i| match chart.kind {
                    Kind::Lines => chart
                        .series
                        .iter()
                        .filter_map(|s| s.values.get(i).copied().flatten())
                        .fold(0.0, f64::max),
                    Kind::Stacked => chart
                        .series
                        .iter()
                        .filter_map(|s| s.values.get(i).copied().flatten())
                        .sum(),
                })
                .fold(0.0, f64::max);
            nice_max(data_max)
        }
    };
    let (pw, ph) = (W - LEFT - RIGHT, H - TOP - BOTTOM);
    let band = pw / n as f64;
    let x = |i: usize| LEFT + band * (i as f64 + 0.5);
    let y = |v: f64| TOP + ph * (1.0 - (v / top).clamp(0.0, 1.0));
    let id = chart.id;
    put!(o; "\n<figure class=\"chart\">\n<svg viewBox=\"0 0 300 140\" role=\"img\" aria-labelledby=\"" {id} "-t " {id} "-d\"><title id=\"" {id} "-t\">"
        {chart.title} "</title><desc id=\"" {id} "-d\">" {chart.desc} "</desc>");
    // Value axis: 0, half and the top, with grid lines.
    o.push_str("<g class=\"axis\"><path d=\"");
    for v in [0.0, top / 2.0, top] {
        o.push('M');
        c(o, LEFT);
        o.push(' ');
        c(o, y(v));
        o.push('H');
        c(o, W - RIGHT);
    }
    o.push_str("\"/>");
    for v in [0.0, top / 2.0, top] {
        o.push_str("<text x=\"");
        c(o, LEFT - 4.0);
        o.push_str("\" y=\"");
        c(o, y(v) + 3.5);
        put!(o; "\" text-anchor=\"end\">" {&(chart.label)(v)} "</text>");
    }
    // Months: the first and the last.
    let month = |o: &mut String, i: usize, anchor: &str| {
        o.push_str("<text x=\"");
        c(o, x(i));
        o.push_str("\" y=\"");
        c(o, H - 6.0);
        put!(o; "\" text-anchor=\"" {anchor} "\">" {&chart.months[i]} "</text>");
    };
    if n == 1 {
        month(o, 0, "middle");
    } else {
        month(o, 0, "start");
        month(o, n - 1, "end");
    }
    o.push_str("</g>");
    match chart.kind {
        Kind::Lines => {
            for s in &chart.series {
                // One polyline per run of months that have a value; a dot
                // for a month on its own.
                let mut i = 0;
                while i < n {
                    if s.values.get(i).copied().flatten().is_none() {
                        i += 1;
                        continue;
                    }
                    let start = i;
                    while i < n && s.values.get(i).copied().flatten().is_some() {
                        i += 1;
                    }
                    let value = |k: usize| s.values.get(k).copied().flatten().unwrap_or(0.0);
                    if i - start == 1 {
                        put!(o; "<circle class=\"pt " {s.class} "\" r=\"3\" cx=\"");
                        c(o, x(start));
                        o.push_str("\" cy=\"");
                        c(o, y(value(start)));
                        o.push_str("\"/>");
                    } else {
                        put!(o; "<polyline class=\"ln " {s.class} "\" points=\"");
                        for k in start..i {
                            if k > start {
                                o.push(' ');
                            }
                            c(o, x(k));
                            o.push(',');
                            c(o, y(value(k)));
                        }
                        o.push_str("\"/>");
                    }
                }
            }
        }
        Kind::Stacked => {
            let bar = (band * 0.7).min(24.0);
            for i in 0..n {
                let mut base = 0.0;
                for s in &chart.series {
                    let v = s.values.get(i).copied().flatten().unwrap_or(0.0);
                    if v <= 0.0 {
                        continue;
                    }
                    let (y0, y1) = (y(base + v), y(base));
                    put!(o; "<rect class=\"bar " {s.class} "\" x=\"");
                    c(o, x(i) - bar / 2.0);
                    o.push_str("\" y=\"");
                    c(o, y0);
                    o.push_str("\" width=\"");
                    c(o, bar);
                    o.push_str("\" height=\"");
                    c(o, (y1 - y0).max(0.5));
                    o.push_str("\"/>");
                    base += v;
                }
            }
        }
    }
    o.push_str("</svg>\n<figcaption><span class=\"chart-title\">");
    esc(o, chart.title);
    o.push_str("</span>");
    legend(o, chart.series.iter().map(|s| (s.name, s.class)));
    o.push_str("</figcaption>\n</figure>");
}

/// The key of a chart's colours (hidden from screen readers: the
/// description and the table say it).
fn legend<'a>(o: &mut String, items: impl Iterator<Item = (&'a str, &'static str)>) {
    o.push_str("<span class=\"chart-legend\" aria-hidden=\"true\">");
    for (name, class) in items {
        put!(o; "<span class=\"key-item\"><span class=\"key " {class} "\"></span>" {name} "</span>");
    }
    o.push_str("</span>");
}

/// A strip of one cell per month coloured by the segment then (none where
/// the plan did not exist): the plan page's segment history.
pub fn segment_strip(o: &mut String, id: &str, months: &[String], segments: &[Option<Segment>]) {
    let n = months.len();
    if n == 0 {
        return;
    }
    let band = (W - LEFT - RIGHT) / n as f64;
    put!(o; "\n<figure class=\"chart chart-strip\">\n<svg viewBox=\"0 0 300 40\" role=\"img\" aria-labelledby=\"" {id} "-t " {id} "-d\"><title id=\"" {id}
        "-t\">Segment by month</title><desc id=\"" {id} "-d\">Now ");
    // The table beside it has every month; the description says where it stands.
    esc(o, segments.last().copied().flatten().map_or("none", |s| s.as_str()));
    o.push_str("; each month in the table below.</desc>");
    for (i, s) in segments.iter().enumerate() {
        let Some(s) = s else { continue };
        put!(o; "<rect class=\"bar " {segment_class(*s)} "\" y=\"4\" height=\"16\" x=\"");
        c(o, LEFT + band * i as f64 + 0.5);
        o.push_str("\" width=\"");
        c(o, (band - 1.0).max(0.5));
        o.push_str("\"/>");
    }
    o.push_str("<g class=\"axis\">");
    let month = |o: &mut String, i: usize, anchor: &str| {
        o.push_str("<text y=\"34\" x=\"");
        c(o, LEFT + band * (i as f64 + 0.5));
        put!(o; "\" text-anchor=\"" {anchor} "\">" {&months[i]} "</text>");
    };
    month(o, 0, if n == 1 { "middle" } else { "start" });
    if n > 1 {
        month(o, n - 1, "end");
    }
    o.push_str("</g></svg>\n<figcaption><span class=\"chart-title\">Segment</span>");
    legend(
        o,
        Segment::ALL
            .iter()
            .filter(|s| segments.contains(&Some(**s)))
            .map(|s| (s.as_str(), segment_class(*s))),
    );
    o.push_str("</figcaption>\n</figure>");
}

/// The CSS class of a segment's colour.
pub fn segment_class(s: Segment) -> &'static str {
    match s {
        Segment::Key => "seg-key",
        Segment::Target => "seg-target",
        Segment::Managed => "seg-managed",
        Segment::Maintained => "seg-maintained",
    }
}

/// The figures of the charts as a table: a row per month, a column per
/// figure (`columns`: heading and the cell text per month; "–" where none).
pub fn trend_table(o: &mut String, caption: &str, months: &[String], columns: &[(&str, Vec<Option<String>>)]) {
    o.push_str("\n<div class=\"table-scroll\" role=\"region\" aria-label=\"");
    esc(o, caption);
    o.push_str("\" tabindex=\"0\">\n<table class=\"data compact trend-table\">\n<caption>");
    esc(o, caption);
    o.push_str("</caption>\n<thead><tr><th scope=\"col\">Month</th>");
    for (name, _) in columns {
        put!(o; "<th scope=\"col\">" {name} "</th>");
    }
    o.push_str("</tr></thead>\n<tbody>");
    for (i, m) in months.iter().enumerate() {
        put!(o; "\n<tr><th scope=\"row\">" {m} "</th>");
        for (_, cells) in columns {
            // Right-aligned by `.trend-table td` (no class per cell: bytes).
            o.push_str("<td>");
            match cells.get(i).and_then(Option::as_deref) {
                Some(text) => esc(o, text),
                None => o.push('–'),
            }
            o.push_str("</td>");
        }
        o.push_str("</tr>");
    }
    o.push_str("\n</tbody>\n</table>\n</div>");
}

/// An amount as the tables write it: the currency's symbol or code, then the
/// whole amount with thousands grouped ("£260,000").
fn amount(x: f64, currency: &str) -> String {
    format!(
        "{}{}",
        crate::derive::money::currency_prefix(currency),
        crate::derive::money::group_thousands(x.round(), 0)
    )
}

/// "from A in M1 to B in M2" over a series' first and last values.
fn range_words(months: &[String], values: &[Option<f64>], word: &dyn Fn(f64) -> String) -> String {
    let known: Vec<(usize, f64)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| Some((i, (*v)?)))
        .collect();
    match (known.first(), known.last()) {
        (Some(&(i, a)), Some(&(j, b))) if i != j => {
            format!("{} in {}, {} in {}", word(a), months[i], word(b), months[j])
        }
        // One month: the span already names it.
        (Some(&(_, a)), _) if months.len() == 1 => word(a),
        (Some(&(i, a)), _) => format!("{} in {}", word(a), months[i]),
        _ => "no figures".to_string(),
    }
}

/// The dashboard's "Trends" section: the portfolio's open pipeline, secured
/// against annual target, weighted pipeline, segment mix and findings at
/// every month end, then the same as a table (`sections.trends`).
pub fn portfolio_trends(o: &mut String, t: &crate::history::trends::PortfolioTrend, currency: &str) {
    let months = &t.months;
    let money = |f: fn(&crate::history::trends::PortfolioPoint) -> f64| -> Vec<Option<f64>> {
        t.points.iter().map(|p| Some(f(p))).collect()
    };
    let count = |f: &dyn Fn(&crate::history::trends::PortfolioPoint) -> usize| -> Vec<Option<f64>> {
        t.points.iter().map(|p| Some(f(p) as f64)).collect()
    };
    let short = |x: f64| crate::derive::money::money_short(x, currency);
    let whole = |x: f64| crate::derive::money::group_thousands(x, 0);
    let open = money(|p| p.open_pipeline);
    let secured = money(|p| p.secured);
    let target = money(|p| p.annual_target);
    let weighted = money(|p| p.weighted_pipeline);
    let findings = count(&|p| p.findings);
    let segs: Vec<Vec<Option<f64>>> = (0..4).map(|k| count(&|p| p.segments[k])).collect();
    let span = match (months.first(), months.last()) {
        (Some(a), Some(b)) if a != b => format!("at each month end from {a} to {b}"),
        (Some(a), _) => format!("in {a}"),
        _ => String::new(),
    };
    o.push_str("\n<section class=\"card trends\" aria-labelledby=\"trends-heading\">\n<h2 id=\"trends-heading\">Trends</h2>\n<p class=\"card-sub\">The portfolio at the end of each month of the history in git, and today for this month. Amounts in ");
    esc(o, currency);
    o.push_str(" at each month's exchange rates; plans in a currency without a rate are left out.</p>\n<div class=\"chart-grid\">");
    let desc = |name: &str, values: &[Option<f64>], word: &dyn Fn(f64) -> String| {
        format!("{name} {span}: {}.", range_words(months, values, word))
    };
    let lines = |o: &mut String, id: &str, title: &str, desc: &str, series: Vec<Series>| {
        chart(
            o,
            &Chart {
                id,
                title,
                desc,
                months,
                series,
                kind: Kind::Lines,
                max: None,
                label: &short,
            },
        );
    };
    lines(
        o,
        "tr-open",
        "Open pipeline",
        &desc("Open pipeline", &open, &short),
        vec![Series {
            name: "Open pipeline",
            class: "c-open",
            values: open.clone(),
        }],
    );
    lines(
        o,
        "tr-secured",
        "Secured against annual target",
        &format!(
            "{} {}",
            desc("Secured", &secured, &short),
            desc("Annual target", &target, &short)
        ),
        vec![
            Series {
                name: "Secured",
                class: "c-secured",
                values: secured.clone(),
            },
            Series {
                name: "Annual target",
                class: "c-annual",
                values: target.clone(),
            },
        ],
    );
    lines(
        o,
        "tr-weighted",
        "Weighted pipeline",
        &desc("Weighted pipeline", &weighted, &short),
        vec![Series {
            name: "Weighted pipeline",
            class: "c-weighted",
            values: weighted.clone(),
        }],
    );
    let names = ["Key", "Target", "Managed", "Maintained"];
    let classes = ["seg-key", "seg-target", "seg-managed", "seg-maintained"];
    let last = t.points.last().map(|p| p.segments).unwrap_or_default();
    let mix_desc = format!(
        "Plans per segment {span}; now {}.",
        names
            .iter()
            .zip(last)
            .map(|(n, k)| format!("{n} {k}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let plain = |x: f64| whole(x);
    chart(
        o,
        &Chart {
            id: "tr-segments",
            title: "Segment mix",
            desc: &mix_desc,
            months,
            series: (0..4)
                .map(|k| Series {
                    name: names[k],
                    class: classes[k],
                    values: segs[k].clone(),
                })
                .collect(),
            kind: Kind::Stacked,
            max: None,
            label: &plain,
        },
    );
    chart(
        o,
        &Chart {
            id: "tr-findings",
            title: "Findings",
            desc: &desc("Findings (warnings)", &findings, &plain),
            months,
            series: vec![Series {
                name: "Findings",
                class: "c-findings",
                values: findings.clone(),
            }],
            kind: Kind::Stacked,
            max: None,
            label: &plain,
        },
    );
    o.push_str("\n</div>");
    let text = |values: &[Option<f64>], f: &dyn Fn(f64) -> String| values.iter().map(|v| v.map(f)).collect::<Vec<_>>();
    let cash = |x: f64| amount(x, currency);
    let mut columns = vec![
        ("Plans", text(&count(&|p| p.accounts), &plain)),
        ("Open pipeline", text(&open, &cash)),
        ("Secured", text(&secured, &cash)),
        ("Annual target", text(&target, &cash)),
        ("Weighted pipeline", text(&weighted, &cash)),
    ];
    for k in 0..4 {
        columns.push((names[k], text(&segs[k], &plain)));
    }
    columns.push(("Findings", text(&findings, &plain)));
    trend_table(o, "Trends by month", months, &columns);
    o.push_str("\n</section>");
}

/// A plan's trend on its page: scores, segment and money at every month
/// end at which it existed, then today, and the same as a table.
pub fn plan_trend(
    o: &mut String,
    months: &[String],
    points: &[Option<crate::history::trends::AccountPoint>],
    currency: &str,
) {
    if months.is_empty() {
        return;
    }
    let each = |f: fn(&crate::history::trends::AccountPoint) -> f64| -> Vec<Option<f64>> {
        points.iter().map(|p| p.as_ref().map(f)).collect()
    };
    let (rel, pot, open, secured) = (
        each(|p| p.relationship),
        each(|p| p.potential),
        each(|p| p.open_pipeline),
        each(|p| p.secured),
    );
    // As portfolio.json writes them (2 decimals).
    let score = |x: f64| crate::derive::money::group_thousands(x, 2);
    let short = |x: f64| crate::derive::money::money_short(x, currency);
    o.push_str("\n<h3>Trends</h3>\n<div class=\"chart-grid\">");
    chart(
        o,
        &Chart {
            id: "pt-scores",
            title: "Scores",
            desc: &format!(
                "Relationship: {}. Potential: {}.",
                range_words(months, &rel, &score),
                range_words(months, &pot, &score)
            ),
            months,
            series: vec![
                Series {
                    name: "Relationship",
                    class: "c-rel",
                    values: rel.clone(),
                },
                Series {
                    name: "Potential",
                    class: "c-pot",
                    values: pot.clone(),
                },
            ],
            kind: Kind::Lines,
            max: Some(10.0),
            label: &|x: f64| crate::derive::money::group_thousands(x, 0),
        },
    );
    let segments: Vec<Option<Segment>> = points.iter().map(|p| p.map(|p| p.segment)).collect();
    segment_strip(o, "pt-segment", months, &segments);
    chart(
        o,
        &Chart {
            id: "pt-money",
            title: "Open pipeline and secured",
            desc: &format!(
                "Open pipeline: {}. Secured: {}.",
                range_words(months, &open, &short),
                range_words(months, &secured, &short)
            ),
            months,
            series: vec![
                Series {
                    name: "Open pipeline",
                    class: "c-open",
                    values: open.clone(),
                },
                Series {
                    name: "Secured",
                    class: "c-secured",
                    values: secured.clone(),
                },
            ],
            kind: Kind::Lines,
            max: None,
            label: &short,
        },
    );
    o.push_str("\n</div>");
    let text = |values: &[Option<f64>], f: &dyn Fn(f64) -> String| values.iter().map(|v| v.map(f)).collect::<Vec<_>>();
    let cash = |x: f64| amount(x, currency);
    let columns = vec![
        (
            "Segment",
            segments.iter().map(|s| s.map(|s| s.as_str().to_string())).collect(),
        ),
        ("Relationship", text(&rel, &score)),
        ("Potential", text(&pot, &score)),
        ("Open pipeline", text(&open, &cash)),
        ("Secured", text(&secured, &cash)),
    ];
    trend_table(o, "The plan by month", months, &columns);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_value_axis_ends_at_a_round_number() {
        assert_eq!(nice_max(0.0), 1.0);
        assert_eq!(nice_max(7.0), 10.0);
        assert_eq!(nice_max(260_000.0), 500_000.0);
        assert_eq!(nice_max(184_000.0), 200_000.0);
        assert_eq!(nice_max(2.2), 2.5);
    }

    #[test]
    fn a_line_breaks_where_a_value_is_missing() {
        let months: Vec<String> = ["2026-01", "2026-02", "2026-03", "2026-04"].map(String::from).to_vec();
        let mut o = String::new();
        chart(
            &mut o,
            &Chart {
                id: "t",
                title: "T & co",
                desc: "d",
                months: &months,
                series: vec![Series {
                    name: "S",
                    class: "c-open",
                    values: vec![Some(1.0), None, Some(2.0), Some(4.0)],
                }],
                kind: Kind::Lines,
                max: None,
                label: &|v| v.to_string(),
            },
        );
        assert!(o.contains("<title id=\"t-t\">T &amp; co</title>"), "{o}");
        assert_eq!(o.matches("<circle").count(), 1, "{o}");
        assert_eq!(o.matches("<polyline").count(), 1, "{o}");
    }
}
