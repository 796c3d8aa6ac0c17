//! The plan page's relationship sections: contacts and their map, the
//! buying stages, competitors.

use super::*;
use crate::keyword::Keyword;
use crate::render::plan_page::{CompetitorItemView, ContactView, OrgChart};

// ---------------------------------------------------------------------------
// Contacts

/// The `contacts` section (`sections.contacts`).
pub fn contacts(o: &mut String, p: &PlanPage, root: &str) {
    o.push_str(
        r#"<section id="section-contacts" class="plan-section" aria-labelledby="hd-contacts">
<h2 id="hd-contacts">Contact map</h2>"#,
    );
    if p.plan.contacts.is_empty() {
        empty_note(o, "Not yet filled in.");
    } else {
        org_chart(o, &p.org_chart);
        o.push_str("\n\n<div class=\"contact-cards\">");
        for c in &p.plan.contacts {
            contact_card(o, c, root);
        }
        o.push_str("\n</div>");
    }
    o.push_str("\n</section>\n");
}

/// The contact map's figure: the SVG org chart and its legend.
fn org_chart(o: &mut String, oc: &OrgChart) {
    o.push_str("\n<figure class=\"orgchart-figure\">\n<div class=\"chart-scroll\" role=\"region\" aria-label=\"Contact map chart (scrolls sideways)\" tabindex=\"0\">\n<svg class=\"orgchart\" viewBox=\"0 0 ");
    disp(o, oc.width);
    o.push(' ');
    disp(o, oc.height);
    o.push_str("\" width=\"");
    disp(o, oc.width);
    o.push_str("\" height=\"");
    disp(o, oc.height);
    o.push_str(
        r#"" role="group" aria-labelledby="orgchart-title">
<title id="orgchart-title">Contact map: who reports to whom, coloured by the strength of our relationship</title>
<g class="edges" aria-hidden="true">"#,
    );
    for e in &oc.edges {
        o.push_str("\n<path class=\"edge\" d=\"M");
        disp(o, e.x1);
        o.push(' ');
        disp(o, e.y1);
        o.push_str(" V");
        quotient(o, e.y1 + e.y2, 2.0);
        o.push_str(" H");
        disp(o, e.x2);
        o.push_str(" V");
        disp(o, e.y2);
        o.push_str("\"/>");
    }
    o.push_str("\n</g>");
    for n in &oc.nodes {
        o.push_str("\n<a class=\"node-link\" href=\"#contact-");
        esc(o, n.id);
        o.push_str("\">\n<title>");
        esc(o, n.name);
        if let Some(t) = nonempty(&n.title) {
            o.push_str(", ");
            esc(o, t);
        }
        if let Some(r) = &n.role {
            o.push_str(". Role: ");
            esc(o, &r.label);
        }
        o.push_str(". Relationship: ");
        if n.relationship != "none" {
            esc(o, n.relationship);
        } else {
            o.push_str("not rated");
        }
        o.push_str(".</title>");
        for (class, width, rx) in [("node", None, "7"), ("node-edge", Some(6.0), "3")] {
            o.push_str("\n<rect class=\"");
            o.push_str(class);
            o.push_str(" rel-");
            esc(o, n.relationship);
            o.push_str("\" x=\"");
            disp(o, n.x);
            o.push_str("\" y=\"");
            disp(o, n.y);
            o.push_str("\" width=\"");
            disp(o, width.unwrap_or(oc.node_width));
            o.push_str("\" height=\"");
            disp(o, oc.node_height);
            o.push_str("\" rx=\"");
            o.push_str(rx);
            o.push_str("\"/>");
        }
        o.push_str("\n        ");
        node_text(o, n.x, n.y + 20.0, "node-name", None);
        truncate(o, n.name, 21);
        o.push_str("</text>");
        if let Some(t) = nonempty(&n.title) {
            node_text(o, n.x, n.y + 36.0, "node-title", None);
            truncate(o, t, 27);
            o.push_str("</text>");
        }
        if let Some(r) = &n.role {
            node_text(o, n.x, n.y + 51.0, "node-role", Some(r.id));
            esc(o, &r.label);
            o.push_str("</text>");
        }
        o.push_str("\n</a>");
    }
    o.push_str(
        r#"
</svg>
</div>
<figcaption class="legend">
<span class="legend-label">Relationship:</span>"#,
    );
    for r in ["strong", "good", "neutral", "weak", "poor"] {
        o.push_str("\n<span class=\"legend-item\"><span class=\"swatch rel-");
        o.push_str(r);
        o.push_str("\" aria-hidden=\"true\"></span>");
        o.push_str(r);
        o.push_str("</span>");
    }
    o.push_str(
        r#"
<span class="legend-item"><span class="swatch rel-none" aria-hidden="true"></span>not rated</span>
</figcaption>
</figure>"#,
    );
}

/// The opening `<text>` of a node's line at (`x + 14`, `y`).
fn node_text(o: &mut String, x: f64, y: f64, class: &str, role: Option<&str>) {
    o.push_str("<text class=\"");
    o.push_str(class);
    if let Some(id) = role {
        o.push_str(" role-");
        esc(o, id);
    }
    o.push_str("\" x=\"");
    disp(o, x + 14.0);
    o.push_str("\" y=\"");
    disp(o, y);
    o.push_str("\">");
}

/// One contact card of the contact map.
fn contact_card(o: &mut String, c: &ContactView, root: &str) {
    o.push_str("\n<article class=\"contact-card");
    if let Some(r) = &c.relationship {
        o.push_str(" rel-card-");
        esc(o, r.id);
    }
    o.push_str("\" id=\"");
    esc(o, &c.anchor);
    o.push_str("\">\n<header>\n<h3>");
    esc(o, c.name);
    o.push_str("</h3>");
    if let Some(t) = nonempty(&c.title) {
        o.push_str("<p class=\"contact-title\">");
        esc(o, t);
        o.push_str("</p>");
    }
    o.push_str("\n<p class=\"item-meta\">");
    if let Some(r) = &c.relationship {
        o.push_str("<span class=\"badge rel-");
        esc(o, r.id);
        o.push_str("\">relationship: ");
        esc(o, &r.label);
        if let Some(since) = nonempty(&c.relationship_since) {
            o.push_str(" since ");
            esc(o, since);
        }
        o.push_str("</span>");
    }
    if let Some(r) = &c.role {
        o.push_str(" <span class=\"badge role role-");
        esc(o, r.id);
        o.push_str("\">");
        esc(o, &r.label);
        o.push_str("</span>");
    }
    flags(o, &c.flags);
    o.push_str("\n</p>\n</header>\n<dl class=\"kv kv-compact\">\n<div class=\"covered\"><dt>Covered by</dt><dd>");
    match &c.covered_by {
        Some(by) => {
            o.push_str("<a class=\"covered-by\" href=\"");
            esc(o, root);
            esc(o, &by.url);
            o.push_str("\">");
            esc(o, by.name);
            o.push_str("</a>");
        }
        None => o.push_str("<span class=\"muted\">nobody named</span>"),
    }
    o.push_str("</dd></div>");
    if let Some(bu) = nonempty(&c.business_unit) {
        o.push_str("<div><dt>Business unit</dt><dd>");
        esc(o, bu);
        o.push_str("</dd></div>");
    }
    if let Some(r) = &c.reports_to {
        o.push_str("<div><dt>Reports to</dt><dd><a href=\"");
        esc(o, &r.href);
        o.push_str("\">");
        o.push_str(&r.title_html);
        o.push_str("</a></dd></div>");
    }
    if !c.direct_reports.is_empty() {
        o.push_str("<div><dt>Direct reports</dt><dd>");
        refs(o, &c.direct_reports, ", ");
        o.push_str("</dd></div>");
    }
    for (term, value) in [("Buying role", &c.buying_role), ("Influence", &c.influence)] {
        if let Some(l) = value {
            o.push_str("<div><dt>");
            o.push_str(term);
            o.push_str("</dt><dd>");
            esc(o, &l.label);
            o.push_str("</dd></div>");
        }
    }
    if !c.stages.is_empty() {
        o.push_str("<div><dt>Buying stages</dt><dd>");
        for (i, s) in c.stages.iter().enumerate() {
            if i > 0 {
                o.push_str(", ");
            }
            esc(o, &s.label);
        }
        o.push_str("</dd></div>");
    }
    if !c.alignment.is_empty() {
        o.push_str("\n<div><dt>Alignment</dt><dd><ul class=\"alignment\">");
        for al in &c.alignment {
            o.push_str("\n<li><span class=\"al-key\">");
            if al.is_us {
                o.push_str("<strong>Us</strong>");
            } else if let Some(href) = nonempty(&al.href) {
                o.push_str("<a href=\"");
                esc(o, href);
                o.push_str("\">");
                esc(o, al.name);
                o.push_str("</a>");
            } else {
                esc(o, al.name);
            }
            o.push_str("</span> ");
            score(o, al.score, al.is_us);
            o.push_str("</li>");
        }
        o.push_str("\n</ul></dd></div>");
    }
    if !c.objectives.is_empty() {
        o.push_str("<div><dt>On the hook for</dt><dd>");
        refs(o, &c.objectives, "; ");
        o.push_str("</dd></div>");
    }
    o.push_str("\n</dl>");
    if let Some(h) = nonempty(&c.personal_drivers_html) {
        o.push_str("<div class=\"prose contact-drivers\"><p class=\"notes-label\">Personal drivers</p>");
        o.push_str(h);
        o.push_str("</div>");
    }
    if let Some(h) = nonempty(&c.action_html) {
        o.push_str("<p class=\"contact-action\"><span class=\"notes-label\">Our action</span> ");
        o.push_str(h);
        o.push_str("</p>");
    }
    o.push_str("\n</article>");
}

// ---------------------------------------------------------------------------
// Buying stages

/// The `stages` section (`sections.stages`).
pub fn stages(o: &mut String, p: &PlanPage, _root: &str) {
    if !p.plan.contacts.is_empty() {
        let sm = &p.stage_matrix;
        o.push_str(
            r#"
<section id="section-stages" class="plan-section" aria-labelledby="hd-stages">
<h2 id="hd-stages">Buying-stage matrix</h2>
<p class="section-sub">Who takes part in each stage of the customer’s buying process.</p>
<div class="table-scroll" role="region" aria-label="Buying-stage matrix" tabindex="0">
<table class="data stage-matrix">
<caption class="visually-hidden">Contacts by buying stage</caption>
<thead>
<tr>
<th scope="col">Contact</th>"#,
        );
        for s in &sm.stages {
            o.push_str("\n<th scope=\"col\" class=\"stage-col");
            dd(o, s.detractor_dominated);
            o.push_str("\">");
            esc(o, &s.label);
            if s.detractor_dominated {
                o.push_str(" <span class=\"flag flag-overdue\" aria-hidden=\"true\">!</span><span class=\"visually-hidden\"> (detractors outnumber supporters)</span>");
            }
            o.push_str("</th>");
        }
        o.push_str("\n</tr>\n</thead>\n<tbody>");
        for r in &sm.rows {
            o.push_str("\n<tr>\n<th scope=\"row\"><a href=\"#contact-");
            esc(o, r.id);
            o.push_str("\">");
            esc(o, r.name);
            o.push_str("</a>");
            if let Some(role) = &r.role {
                o.push_str(" <span class=\"sub role-text role-");
                esc(o, role.id);
                o.push_str("\">");
                esc(o, &role.label);
                o.push_str("</span>");
            }
            o.push_str("</th>");
            let mark = match r.role.as_ref().map(|l| l.id) {
                Some("detractor") => " mark-detractor",
                Some("supporter") => " mark-supporter",
                _ => "",
            };
            for cell in &r.cells {
                o.push_str("\n<td");
                dd_cell(o, cell.detractor_dominated);
                if cell.involved {
                    o.push_str("<span class=\"mark");
                    o.push_str(mark);
                    o.push_str("\"></span><span class=\"visually-hidden\">involved</span>");
                }
                o.push_str("</td>");
            }
            o.push_str("\n</tr>");
        }
        o.push_str(
            r#"
</tbody>
<tfoot>
<tr>
<th scope="row">Supporters / detractors</th>"#,
        );
        for s in &sm.stages {
            o.push_str("\n<td");
            dd_cell(o, s.detractor_dominated);
            disp(o, s.supporters);
            o.push_str(" / ");
            disp(o, s.detractors);
            o.push_str("</td>");
        }
        o.push_str(
            r#"
</tr>
</tfoot>
</table>
</div>
<p class="legend">
<span class="legend-item"><span class="mark" aria-hidden="true"></span>takes part</span>
<span class="legend-item"><span class="mark mark-supporter" aria-hidden="true"></span>supporter</span>
<span class="legend-item"><span class="mark mark-detractor" aria-hidden="true"></span>detractor</span>
<span class="legend-item"><span class="swatch dd-swatch" aria-hidden="true"></span>stage where detractors outnumber supporters</span>
</p>"#,
        );
        if !sm.dominated.is_empty() {
            o.push_str("\n<p class=\"note warn\" role=\"note\"><strong>Detractors dominate</strong> ");
            esc(o, &sm.dominated.join(", "));
            o.push_str(
                ": more detractors than supporters take part. Win a supporter there or neutralise a detractor.</p>",
            );
        }
        o.push_str("\n</section>");
    }
    o.push('\n');
}

/// The rest of a stage cell's start tag: ` class="dd"` on a
/// detractor-dominated stage (the table's class styles every cell).
fn dd_cell(o: &mut String, dominated: bool) {
    o.push_str(if dominated { " class=\"dd\">" } else { ">" });
}

/// The ` dd` class of a detractor-dominated stage.
fn dd(o: &mut String, dominated: bool) {
    if dominated {
        o.push_str(" dd");
    }
}

// ---------------------------------------------------------------------------
// Competitors, SWOT, proposition, expectations

/// The `competitors` section (`sections.competitors`).
pub fn competitors(o: &mut String, p: &PlanPage, root: &str) {
    o.push_str(
        r#"<section id="section-competitors" class="plan-section" aria-labelledby="hd-competitors">
<h2 id="hd-competitors">Competitors</h2>"#,
    );
    if p.plan.competitors.is_empty() {
        empty_note(o, "No competitors recorded.");
    }
    o.push_str("\n<div class=\"items\">");
    for c in &p.plan.competitors {
        competitor(o, c, finite(p.account.our_alignment), root);
    }
    o.push_str("\n</div>\n</section>\n");
}

/// One competitor's card; `ours` is the contacts' alignment with us.
fn competitor(o: &mut String, c: &CompetitorItemView, ours: Option<f64>, root: &str) {
    o.push_str("\n<article class=\"item competitor");
    if !c.flags.is_empty() {
        o.push_str(" has-flags");
    }
    o.push_str("\" id=\"");
    esc(o, &c.anchor);
    o.push_str("\">\n<h3 class=\"item-title\"><a href=\"");
    esc(o, root);
    esc(o, &c.url);
    o.push_str("\">");
    esc(o, c.name);
    o.push_str("</a></h3>\n<p class=\"item-meta\">");
    if let Some(side) = c.swot {
        o.push_str("<a class=\"badge swot-");
        esc(o, side.as_str());
        o.push_str("\" href=\"#swot\">");
        esc(o, side.as_str());
        o.push_str("</a> ");
    }
    o.push_str("\n<span class=\"meta\">Contacts’ alignment with them ");
    let status = finite(c.status);
    match status {
        Some(s) => {
            score(o, s, false);
            o.push_str("<span class=\"visually-hidden\"> out of 10</span>");
        }
        None => o.push_str("<span class=\"muted\">no alignment data</span>"),
    }
    o.push_str("</span>");
    if let (Some(_), Some(us)) = (status, ours) {
        o.push_str(" <span class=\"meta\">with us ");
        score(o, us, true);
        o.push_str("</span>");
    }
    flags(o, &c.flags);
    o.push_str("\n</p>\n<div class=\"grid-3 comp-lists\">");
    for (title, items) in [
        ("Strengths", &c.strengths_html),
        ("Weaknesses", &c.weaknesses_html),
        ("How we differentiate", &c.differentiators_html),
    ] {
        o.push_str("\n<div><h4>");
        o.push_str(title);
        o.push_str("</h4>");
        if items.is_empty() {
            o.push_str("<p class=\"empty\">—</p>");
        } else {
            html_list(o, items, "");
        }
        o.push_str("</div>");
    }
    o.push_str("\n</div>\n</article>");
}
