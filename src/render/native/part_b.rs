//! Sections of the plan page, contacts to findings (see the partials of the
//! same names under theme/templates/plan/).

use super::*;
use crate::keyword::Keyword;
use crate::render::plan_page::{CompetitorItemView, ContactView, OpportunityView, OrgChart, TargetView};

// ---------------------------------------------------------------------------
// Tera's view of a value

/// `x is number`: a NaN or infinite float serialises as null.
fn number(x: Option<f64>) -> Option<f64> {
    x.filter(|x| x.is_finite())
}

/// `{{ a / b }}`: Tera divides as floats and writes a whole quotient as an integer.
fn quotient(o: &mut String, a: f64, b: f64) {
    let q = a / b;
    if !q.is_finite() {
        o.push_str("NaN");
    } else if q.round() == q {
        disp(o, q as i64);
    } else {
        disp(o, q);
    }
}

/// `{% if html %}<p>{{ html | safe }}</p>{% else %}<p class="empty">{{ none }}</p>{% endif %}`.
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

// ---------------------------------------------------------------------------
// Contacts

/// `plan/contacts.html`.
pub fn contacts(o: &mut String, p: &PlanPage, root: &str) {
    o.push_str(
        r#"<section id="section-contacts" class="plan-section" aria-labelledby="hd-contacts">
  <h2 id="hd-contacts">Contact map</h2>"#,
    );
    if p.plan.contacts.is_empty() {
        m_empty(o, "Not yet filled in.");
    } else {
        org_chart(o, &p.org_chart);
        o.push_str("\n\n  <div class=\"contact-cards\">");
        for c in &p.plan.contacts {
            contact_card(o, c, root);
        }
        o.push_str("\n  </div>");
    }
    o.push_str("\n</section>\n");
}

/// The contact map's figure: the SVG org chart and its legend.
fn org_chart(o: &mut String, oc: &OrgChart) {
    o.push_str("\n  <figure class=\"orgchart-figure\">\n    <div class=\"chart-scroll\" role=\"region\" aria-label=\"Contact map chart (scrolls sideways)\" tabindex=\"0\">\n    <svg class=\"orgchart\" viewBox=\"0 0 ");
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
        o.push_str("\n        <path class=\"edge\" d=\"M");
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
    o.push_str("\n      </g>");
    for n in &oc.nodes {
        o.push_str("\n      <a class=\"node-link\" href=\"#contact-");
        esc(o, n.id);
        o.push_str("\">\n        <title>");
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
            o.push_str("\n        <rect class=\"");
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
        o.push_str("\n      </a>");
    }
    o.push_str(
        r#"
    </svg>
    </div>
    <figcaption class="legend">
      <span class="legend-label">Relationship:</span>"#,
    );
    for r in ["strong", "good", "neutral", "weak", "poor"] {
        o.push_str("\n      <span class=\"legend-item\"><span class=\"swatch rel-");
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
    o.push_str("\n    <article class=\"contact-card");
    if let Some(r) = &c.relationship {
        o.push_str(" rel-card-");
        esc(o, r.id);
    }
    o.push_str("\" id=\"");
    esc(o, &c.anchor);
    o.push_str("\">\n      <header>\n        <h3>");
    esc(o, c.name);
    o.push_str("</h3>");
    if let Some(t) = nonempty(&c.title) {
        o.push_str("<p class=\"contact-title\">");
        esc(o, t);
        o.push_str("</p>");
    }
    o.push_str("\n        <p class=\"item-meta\">");
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
    pm_flags(o, &c.flags);
    o.push_str("\n        </p>\n      </header>\n      <dl class=\"kv kv-compact\">\n        <div class=\"covered\"><dt>Covered by</dt><dd>");
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
        pm_refs(o, &c.direct_reports, ", ");
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
        o.push_str("\n        <div><dt>Alignment</dt><dd><ul class=\"alignment\">");
        for al in &c.alignment {
            o.push_str("\n          <li><span class=\"al-key\">");
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
            m_score(o, al.score, al.is_us);
            o.push_str("</li>");
        }
        o.push_str("\n        </ul></dd></div>");
    }
    if !c.objectives.is_empty() {
        o.push_str("<div><dt>On the hook for</dt><dd>");
        pm_refs(o, &c.objectives, "; ");
        o.push_str("</dd></div>");
    }
    o.push_str("\n      </dl>");
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
    o.push_str("\n    </article>");
}

// ---------------------------------------------------------------------------
// Buying stages

/// `plan/stages.html`.
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
            o.push_str("\n        <th scope=\"col\" class=\"stage-col");
            dd(o, s.detractor_dominated);
            o.push_str("\">");
            esc(o, &s.label);
            if s.detractor_dominated {
                o.push_str(" <span class=\"flag flag-overdue\" aria-hidden=\"true\">!</span><span class=\"visually-hidden\"> (detractors outnumber supporters)</span>");
            }
            o.push_str("</th>");
        }
        o.push_str("\n      </tr>\n    </thead>\n    <tbody>");
        for r in &sm.rows {
            o.push_str("\n      <tr>\n        <th scope=\"row\"><a href=\"#contact-");
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
                o.push_str("\n        <td class=\"stage-cell");
                dd(o, cell.detractor_dominated);
                o.push_str("\">");
                if cell.involved {
                    o.push_str("<span class=\"mark");
                    o.push_str(mark);
                    o.push_str("\" aria-hidden=\"true\"></span><span class=\"visually-hidden\">involved</span>");
                }
                o.push_str("</td>");
            }
            o.push_str("\n      </tr>");
        }
        o.push_str(
            r#"
    </tbody>
    <tfoot>
      <tr>
        <th scope="row">Supporters / detractors</th>"#,
        );
        for s in &sm.stages {
            o.push_str("\n        <td class=\"stage-cell");
            dd(o, s.detractor_dominated);
            o.push_str("\">");
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
            o.push_str("\n  <p class=\"note warn\" role=\"note\"><strong>Detractors dominate</strong> ");
            esc(o, &sm.dominated.join(", "));
            o.push_str(
                ": more detractors than supporters take part. Win a supporter there or neutralise a detractor.</p>",
            );
        }
        o.push_str("\n</section>");
    }
    o.push('\n');
}

/// The ` dd` class of a detractor-dominated stage.
fn dd(o: &mut String, dominated: bool) {
    if dominated {
        o.push_str(" dd");
    }
}

// ---------------------------------------------------------------------------
// Competitors, SWOT, proposition, expectations

/// `plan/competitors.html`.
pub fn competitors(o: &mut String, p: &PlanPage, root: &str) {
    o.push_str(
        r#"<section id="section-competitors" class="plan-section" aria-labelledby="hd-competitors">
  <h2 id="hd-competitors">Competitors</h2>"#,
    );
    if p.plan.competitors.is_empty() {
        m_empty(o, "No competitors recorded.");
    }
    o.push_str("\n  <div class=\"items\">");
    for c in &p.plan.competitors {
        competitor(o, c, number(p.account.our_alignment), root);
    }
    o.push_str("\n  </div>\n</section>\n");
}

/// One competitor's card; `ours` is the contacts' alignment with us.
fn competitor(o: &mut String, c: &CompetitorItemView, ours: Option<f64>, root: &str) {
    o.push_str("\n    <article class=\"item competitor");
    if !c.flags.is_empty() {
        o.push_str(" has-flags");
    }
    o.push_str("\" id=\"");
    esc(o, &c.anchor);
    o.push_str("\">\n      <h3 class=\"item-title\"><a href=\"");
    esc(o, root);
    esc(o, &c.url);
    o.push_str("\">");
    esc(o, c.name);
    o.push_str("</a></h3>\n      <p class=\"item-meta\">");
    if let Some(side) = c.swot {
        o.push_str("<a class=\"badge swot-");
        esc(o, side.as_str());
        o.push_str("\" href=\"#swot\">");
        esc(o, side.as_str());
        o.push_str("</a> ");
    }
    o.push_str("\n        <span class=\"meta\">Contacts’ alignment with them ");
    let status = number(c.status);
    match status {
        Some(s) => {
            m_score(o, s, false);
            o.push_str("<span class=\"visually-hidden\"> out of 10</span>");
        }
        None => o.push_str("<span class=\"muted\">no alignment data</span>"),
    }
    o.push_str("</span>");
    if let (Some(_), Some(us)) = (status, ours) {
        o.push_str(" <span class=\"meta\">with us ");
        m_score(o, us, true);
        o.push_str("</span>");
    }
    pm_flags(o, &c.flags);
    o.push_str("\n      </p>\n      <div class=\"grid-3 comp-lists\">");
    for (title, items) in [
        ("Strengths", &c.strengths_html),
        ("Weaknesses", &c.weaknesses_html),
        ("How we differentiate", &c.differentiators_html),
    ] {
        o.push_str("\n        <div><h4>");
        o.push_str(title);
        o.push_str("</h4>");
        if items.is_empty() {
            o.push_str("<p class=\"empty\">—</p>");
        } else {
            pm_html_list(o, items, "");
        }
        o.push_str("</div>");
    }
    o.push_str("\n      </div>\n    </article>");
}

/// `plan/swot.html`.
pub fn swot(o: &mut String, p: &PlanPage, _root: &str) {
    let sw = &p.account.swot;
    o.push_str(
        r#"<section id="swot" class="plan-section" aria-labelledby="hd-swot">
  <h2 id="hd-swot">SWOT</h2>"#,
    );
    if sw.is_empty {
        m_empty(o, "Not yet filled in.");
    } else {
        o.push_str("\n  <div class=\"swot\">");
        for q in &sw.quadrants {
            o.push_str("\n    <div class=\"swot-q swot-");
            esc(o, q.key);
            o.push_str("\">\n      <h3>");
            esc(o, q.label);
            o.push_str("</h3>");
            if q.items.is_empty() {
                o.push_str("<p class=\"empty\">None recorded.</p>");
            } else {
                o.push_str("\n      <ul>");
                for e in &q.items {
                    o.push_str("\n        <li>");
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
                o.push_str("\n      </ul>");
            }
            o.push_str("\n    </div>");
        }
        o.push_str("\n  </div>");
    }
    o.push_str("\n</section>\n");
}

/// `plan/proposition.html`.
pub fn proposition(o: &mut String, p: &PlanPage, _root: &str) {
    o.push_str(
        r#"<section id="section-proposition" class="plan-section" aria-labelledby="hd-proposition">
  <h2 id="hd-proposition">Our proposition</h2>"#,
    );
    match &p.plan.proposition {
        None => m_empty(o, "Not yet filled in."),
        Some(pr) => {
            o.push_str("\n  <div class=\"grid-3 prop\">");
            prop_cols(
                o,
                &[
                    ("Competency", &pr.competency_html),
                    ("Offer", &pr.offer_html),
                    ("Price and value", &pr.price_html),
                ],
                "Not yet filled in.",
            );
            o.push_str("\n  </div>");
            if !pr.differentiators_html.is_empty() {
                o.push_str("\n  <h3>Differentiators</h3>\n  ");
                pm_html_list(o, &pr.differentiators_html, "checks");
            }
        }
    }
    o.push_str("\n</section>\n");
}

/// The three `prop-col` columns of the proposition and the expectations.
fn prop_cols(o: &mut String, cols: &[(&str, &Option<std::borrow::Cow<str>>)], none: &str) {
    for (title, html) in cols {
        o.push_str("\n    <div class=\"prop-col\"><h3>");
        o.push_str(title);
        o.push_str("</h3>");
        para_or(o, html, none);
        o.push_str("</div>");
    }
}

/// `plan/expectations.html`.
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
        o.push_str("\n  </div>\n</section>");
    }
    o.push('\n');
}

// ---------------------------------------------------------------------------
// Money

/// `plan/financials.html`.
pub fn financials(o: &mut String, p: &PlanPage, _root: &str) {
    let mo = &p.money;
    o.push_str(
        r#"<section id="section-financials" class="plan-section" aria-labelledby="hd-financials">
  <h2 id="hd-financials">Financials <span class="h-note">in "#,
    );
    esc(o, &mo.currency);
    o.push_str(
        r#"</span></h2>
  <div class="money-tiles">
    <div class="money-tile mt-secured">
      <p class="mt-label">Secured</p>
      <p class="mt-value">"#,
    );
    esc(o, &mo.secured.short());
    o.push_str("</p>\n      <p class=\"mt-sub\">");
    match number(mo.attainment_pct) {
        Some(a) => {
            o.push_str("<strong class=\"attainment\">");
            disp(o, a);
            o.push_str("%</strong> of the annual target");
        }
        None => o.push_str("attainment: no annual target set"),
    }
    o.push_str(
        r#"</p>
    </div>
    <div class="money-tile mt-open">
      <p class="mt-label">Open pipeline</p>
      <p class="mt-value">"#,
    );
    esc(o, &mo.open_pipeline.short());
    o.push_str(
        r#"</p>
      <p class="mt-sub">prospect, pipeline and forecast deals at full value</p>
    </div>
    <div class="money-tile mt-weighted">
      <p class="mt-label">Weighted pipeline</p>
      <p class="mt-value">"#,
    );
    esc(o, &mo.weighted_pipeline.short());
    o.push_str(
        r#"</p>
      <p class="mt-sub">each deal × its stage weight, secured included</p>
    </div>
    <div class="money-tile mt-lost">
      <p class="mt-label">Lost</p>
      <p class="mt-value">"#,
    );
    esc(o, &mo.lost.short());
    o.push_str(
        r#"</p>
      <p class="mt-sub">counted in none of the above</p>
    </div>
  </div>

  <h3>Secured against target and revenue goal</h3>
  <ul class="secured-vs" aria-label="Secured ("#,
    );
    esc(o, &mo.secured.text());
    o.push_str(r#") against the annual target and the revenue goal">"#);
    for t in &mo.targets {
        target(o, t);
    }
    o.push_str("\n  </ul>\n\n  <h3>Revenue plan</h3>");
    if mo.bars.is_empty() {
        o.push_str("<p class=\"empty\">No prior year, target or revenue goal set yet.</p>");
    } else {
        o.push_str("\n  <table class=\"bars revenue-bars\">\n    <caption class=\"visually-hidden\">Prior year, annual target and the 12-month revenue goal, in ");
        esc(o, &mo.currency);
        o.push_str("</caption>\n    <tbody>");
        for b in &mo.bars {
            o.push_str("\n      <tr class=\"rev-");
            esc(o, b.key);
            o.push_str("\">\n        <th scope=\"row\">");
            esc(o, b.label);
            o.push_str("</th>\n        <td class=\"bar-cell\"><span class=\"hbar\" aria-hidden=\"true\"><span class=\"hbar-fill rev-fill-");
            esc(o, b.key);
            o.push_str("\" style=\"width: ");
            disp(o, b.pct);
            o.push_str("%\"></span></span></td>\n        <td class=\"num\">");
            esc(o, &b.amount.text());
            o.push_str("</td>\n      </tr>");
        }
        o.push_str("\n    </tbody>\n  </table>");
    }
    if let Some(g) = number(mo.growth_pct) {
        o.push_str("\n  <p class=\"fine\">The “just right” goal is ");
        if g >= 0.0 {
            o.push('+');
        }
        disp(o, g);
        o.push_str("% on the prior year.</p>");
    }
    o.push_str("\n</section>\n");
}

/// One line of "Secured against target and revenue goal".
fn target(o: &mut String, t: &TargetView) {
    o.push_str("\n    <li class=\"target-");
    esc(o, t.key);
    o.push_str("\">\n      <span class=\"tv-label\">");
    esc(o, t.label);
    o.push_str("</span>\n      <span class=\"tv-amount\">");
    if number(t.amount.value()).is_some() {
        esc(o, &t.amount.text());
    } else {
        o.push_str("<span class=\"not-set\">not set</span>");
    }
    o.push_str("</span>\n      <span class=\"tv-progress\">");
    match number(t.secured_pct) {
        Some(pct) => {
            o.push_str("<span class=\"progress");
            if t.met {
                o.push_str(" is-met");
            }
            o.push_str("\"><span class=\"progress-bar\" aria-hidden=\"true\"><span style=\"width: ");
            disp(o, t.fill_pct);
            o.push_str("%\"></span></span><span class=\"progress-num\">");
            disp(o, pct);
            o.push_str("% secured</span></span>");
        }
        None => o.push_str("<span class=\"muted\">—</span>"),
    }
    o.push_str("</span>\n      <span class=\"tv-left\">");
    if t.met {
        o.push_str("<span class=\"badge goal-done\">met</span>");
    } else if let Some(r) = &t.remaining {
        esc(o, &r.text());
        o.push_str(" to go");
    }
    o.push_str("</span>\n    </li>");
}

/// `plan/opportunities.html`.
pub fn opportunities(o: &mut String, p: &PlanPage, _root: &str) {
    if !p.plan.opportunities.is_empty() {
        let mo = &p.money;
        o.push_str(
            r#"
<section id="section-opportunities" class="plan-section" aria-labelledby="hd-opportunities">
  <h2 id="hd-opportunities">Opportunities</h2>
  <p class="section-sub">Open pipeline <strong>"#,
        );
        esc(o, &mo.open_pipeline.text());
        o.push_str("</strong> · secured <strong>");
        esc(o, &mo.secured.text());
        o.push_str("</strong> · weighted pipeline <strong>");
        esc(o, &mo.weighted_pipeline.text());
        o.push_str("</strong> · lost ");
        esc(o, &mo.lost.text());
        o.push_str(
            r#"</p>
  <div class="table-scroll" role="region" aria-label="Opportunities" tabindex="0">
  <table class="data" data-sortable>
    <caption class="visually-hidden">Opportunity bank</caption>
    <thead>
      <tr>
        <th scope="col" data-sort="text">Opportunity</th>
        <th scope="col" data-sort="num">Stage</th>
        <th scope="col" class="num" data-sort="num">Value</th>
        <th scope="col" data-sort="text">Close</th>
        <th scope="col" data-sort="text">Product</th>
        <th scope="col" data-sort="text">Business unit</th>
      </tr>
    </thead>
    <tbody>"#,
        );
        for op in &p.plan.opportunities {
            opportunity(o, op);
        }
        o.push_str("\n    </tbody>\n  </table>\n  </div>\n</section>");
    }
    o.push('\n');
}

/// One row of the opportunity bank.
fn opportunity(o: &mut String, op: &OpportunityView) {
    o.push_str("\n      <tr id=\"");
    esc(o, &op.anchor);
    o.push_str("\" class=\"");
    if op.lost {
        o.push_str("is-lost");
    }
    if op.slip.is_some() {
        o.push_str(" is-slipping");
    }
    o.push_str("\">\n        <th scope=\"row\" data-value=\"");
    esc_lower(o, op.name);
    o.push_str("\">");
    esc(o, op.name);
    o.push_str("</th>\n        <td data-value=\"");
    disp(o, op.stage_rank);
    o.push_str("\"><span class=\"badge stage-");
    esc(o, op.stage.id);
    o.push_str("\">");
    esc(o, &op.stage.label);
    o.push_str("</span></td>\n        <td class=\"num\" data-value=\"");
    if let Some(v) = number(op.value.value()) {
        disp(o, v);
    }
    o.push_str("\">");
    esc(o, &op.value.text());
    o.push_str("</td>\n        <td data-value=\"");
    if let Some(c) = &op.close {
        esc(o, c);
    }
    o.push_str("\">");
    match nonempty(&op.close) {
        Some(c) => {
            o.push_str("<span class=\"nowrap\">");
            esc(o, c);
            o.push_str("</span>");
        }
        None => o.push_str("<span class=\"muted\">—</span>"),
    }
    if let Some(slip) = &op.slip {
        o.push_str("\n          <span class=\"slip\">");
        if slip.slips > 0 {
            o.push_str("<span class=\"flag flag-overdue\">slipped ");
            disp(o, slip.slips);
            o.push_str("×</span>");
        }
        if slip.regressions > 0 {
            o.push_str(" <span class=\"flag flag-stale\">stage down ");
            disp(o, slip.regressions);
            o.push_str("×</span>");
        }
        o.push_str("</span>");
        if slip.closes.len() > 1 {
            o.push_str("<span class=\"sub slip-closes\">close dates: ");
            for (i, d) in slip.closes.iter().enumerate() {
                if i > 0 {
                    o.push_str(" → ");
                }
                // A date is digits and `-`: nothing to escape.
                let _ = std::fmt::Write::write_fmt(o, format_args!("{d}"));
            }
            o.push_str("</span>");
        }
    }
    o.push_str("</td>");
    for value in [&op.product, &op.business_unit] {
        o.push_str("\n        <td>");
        match nonempty(value) {
            Some(v) => esc(o, v),
            None => o.push_str("<span class=\"muted\">—</span>"),
        }
        o.push_str("</td>");
    }
    o.push_str("\n      </tr>");
}

// ---------------------------------------------------------------------------
// Whitespace and findings

/// `plan/whitespace.html`.
pub fn whitespace(o: &mut String, p: &PlanPage, _root: &str) {
    let ws = &p.whitespace;
    if !ws.rows.is_empty() {
        o.push_str(
            r#"
<section id="section-whitespace" class="plan-section" aria-labelledby="hd-whitespace">
  <h2 id="hd-whitespace">Whitespace</h2>
  <p class="section-sub">Which of our products each business unit has, is buying, could buy, or buys from a competitor.</p>
  <div class="table-scroll" role="region" aria-label="Whitespace map" tabindex="0">
  <table class="whitespace">
    <caption class="visually-hidden">Business units by product</caption>
    <thead>
      <tr><th scope="col">Business unit</th>"#,
        );
        for product in &ws.products {
            o.push_str("<th scope=\"col\">");
            esc(o, product);
            o.push_str("</th>");
        }
        o.push_str("</tr>\n    </thead>\n    <tbody>");
        for r in &ws.rows {
            o.push_str("\n      <tr>\n        <th scope=\"row\">");
            esc(o, &r.name);
            o.push_str("</th>");
            for cell in &r.cells {
                match cell {
                    Some(c) => {
                        o.push_str("<td class=\"cov cov-");
                        esc(o, c.as_str());
                        o.push_str("\">");
                        esc(o, c.as_str());
                        o.push_str("</td>");
                    }
                    None => {
                        o.push_str("<td class=\"cov cov-none\"><span class=\"visually-hidden\">not mapped</span></td>")
                    }
                }
            }
            o.push_str("\n      </tr>");
        }
        o.push_str(
            r#"
    </tbody>
  </table>
  </div>
  <p class="legend">
    <span class="legend-item"><span class="swatch cov-owned" aria-hidden="true"></span>owned: they have it</span>
    <span class="legend-item"><span class="swatch cov-pipeline" aria-hidden="true"></span>pipeline: in play</span>
    <span class="legend-item"><span class="swatch cov-open" aria-hidden="true"></span>open: could buy</span>
    <span class="legend-item"><span class="swatch cov-competitor" aria-hidden="true"></span>competitor: bought elsewhere</span>
  </p>
</section>"#,
        );
    }
    o.push('\n');
}

/// `plan/findings.html`.
pub fn findings(o: &mut String, p: &PlanPage, _root: &str) {
    if !p.findings.is_empty() {
        o.push_str(
            r#"
<section id="section-checks" class="plan-section checks" aria-labelledby="hd-checks">
  <h2 id="hd-checks">Checks <span class="count-badge">"#,
        );
        disp(o, p.findings.len());
        o.push_str(
            r#"</span></h2>
  <p class="section-sub">What <code>planfolio check</code> reports for this plan.</p>
  <ul class="warnings findings">"#,
        );
        for f in &p.findings {
            o.push_str("\n    <li data-code=\"");
            esc(o, f.code);
            o.push_str("\">\n      <p><code class=\"code\">");
            esc(o, f.code);
            o.push_str("</code> <a class=\"finding-target\" href=\"");
            esc(o, &f.href);
            o.push_str("\">");
            o.push_str(&f.target_html);
            o.push_str("</a> <span class=\"muted\">line ");
            disp(o, f.line);
            o.push_str("</span></p>\n      <p>");
            o.push_str(&f.message_html);
            o.push_str("</p>");
            if let Some(h) = nonempty(&f.hint_html) {
                o.push_str("<p class=\"hint\">");
                o.push_str(h);
                o.push_str("</p>");
            }
            o.push_str("\n    </li>");
        }
        o.push_str("\n  </ul>\n</section>");
    }
    o.push('\n');
}
