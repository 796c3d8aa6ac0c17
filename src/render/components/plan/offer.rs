//! The plan page's offer sections: SWOT, value proposition, what the
//! customer expects.

use super::*;

/// A paragraph of rendered HTML, or the empty note `none` when there is none.
fn para_or<S: AsRef<str>>(o: &mut String, html: &Option<S>, none: &str) {
    match nonempty(html) {
        Some(h) => {
            o.push_str("<p>");
            o.push_str(h);
            o.push_str("</p>");
        }
        None => {
            o.push_str("<p class=\"empty\">");
            o.push_str(none);
            o.push_str("</p>");
        }
    }
}

/// The `swot` section (`sections.swot`).
pub fn swot(o: &mut String, p: &PlanPage, _root: &str) {
    let sw = &p.account.swot;
    o.push_str(
        r#"<section id="swot" class="plan-section" aria-labelledby="hd-swot">
<h2 id="hd-swot">SWOT</h2>"#,
    );
    if sw.is_empty {
        empty_note(o, "Not yet filled in.");
    } else {
        o.push_str("\n<div class=\"swot\">");
        for q in &sw.quadrants {
            o.push_str("\n<div class=\"swot-q swot-");
            esc(o, q.key);
            o.push_str("\">\n<h3>");
            esc(o, q.label);
            o.push_str("</h3>");
            if q.items.is_empty() {
                o.push_str("<p class=\"empty\">None recorded.</p>");
            } else {
                o.push_str("\n<ul>");
                for e in &q.items {
                    o.push_str("\n<li>");
                    if e.source_kind == "swot" {
                        o.push_str(&e.text_html);
                    } else {
                        o.push_str("<a href=\"");
                        esc(o, &e.href);
                        o.push_str("\">");
                        o.push_str(&e.link_html);
                        o.push_str("</a> <span class=\"src\">");
                        esc(o, e.source_kind);
                        o.push_str("</span>");
                    }
                    o.push_str("</li>");
                }
                o.push_str("\n</ul>");
            }
            o.push_str("\n</div>");
        }
        o.push_str("\n</div>");
    }
    o.push_str("\n</section>\n");
}

/// The `proposition` section (`sections.proposition`).
pub fn proposition(o: &mut String, p: &PlanPage, _root: &str) {
    o.push_str(
        r#"<section id="section-proposition" class="plan-section" aria-labelledby="hd-proposition">
<h2 id="hd-proposition">Our proposition</h2>"#,
    );
    match &p.plan.proposition {
        None => empty_note(o, "Not yet filled in."),
        Some(pr) => {
            o.push_str("\n<div class=\"grid-3 prop\">");
            prop_cols(
                o,
                &[
                    ("Competency", &pr.competency_html),
                    ("Offer", &pr.offer_html),
                    ("Price and value", &pr.price_html),
                ],
                "Not yet filled in.",
            );
            o.push_str("\n</div>");
            if !pr.differentiators_html.is_empty() {
                o.push_str("\n<h3>Differentiators</h3>\n  ");
                html_list(o, &pr.differentiators_html, "checks");
            }
        }
    }
    o.push_str("\n</section>\n");
}

/// The three `prop-col` columns of the proposition and the expectations.
fn prop_cols(o: &mut String, cols: &[(&str, &Option<std::borrow::Cow<str>>)], none: &str) {
    for (title, html) in cols {
        o.push_str("\n<div class=\"prop-col\"><h3>");
        o.push_str(title);
        o.push_str("</h3>");
        para_or(o, html, none);
        o.push_str("</div>");
    }
}

/// The `expectations` section (`sections.expectations`).
pub fn expectations(o: &mut String, p: &PlanPage, _root: &str) {
    if let Some(ex) = &p.plan.expectations {
        o.push_str(
            r#"
<section id="section-expectations" class="plan-section" aria-labelledby="hd-expectations">
<h2 id="hd-expectations">What they expect from us</h2>
<div class="grid-3 prop">"#,
        );
        prop_cols(
            o,
            &[
                ("Results", &ex.results_html),
                ("Experience", &ex.experience_html),
                ("Interaction", &ex.interaction_html),
            ],
            "—",
        );
        o.push_str("\n</div>\n</section>");
    }
    o.push('\n');
}
