//! The plan page's money sections: financials, the opportunity bank, whitespace.

use super::*;
use crate::keyword::Keyword;
use crate::render::plan_page::{OpportunityView, TargetView};

// ---------------------------------------------------------------------------
// Money

/// The `financials` section (`sections.financials`).
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
    o.push_str("</p>\n<p class=\"mt-sub\">");
    match finite(mo.attainment_pct) {
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
    o.push_str("\n</ul>\n\n<h3>Revenue plan</h3>");
    if mo.bars.is_empty() {
        o.push_str("<p class=\"empty\">No prior year, target or revenue goal set yet.</p>");
    } else {
        o.push_str("\n<table class=\"bars revenue-bars\">\n<caption class=\"visually-hidden\">Prior year, annual target and the 12-month revenue goal, in ");
        esc(o, &mo.currency);
        o.push_str("</caption>\n<tbody>");
        for b in &mo.bars {
            o.push_str("\n<tr class=\"rev-");
            esc(o, b.key);
            o.push_str("\">\n<th scope=\"row\">");
            esc(o, b.label);
            o.push_str("</th>\n<td class=\"bar-cell\"><span class=\"hbar\" aria-hidden=\"true\"><span class=\"hbar-fill rev-fill-");
            esc(o, b.key);
            o.push_str("\" style=\"width: ");
            disp(o, b.pct);
            o.push_str("%\"></span></span></td>\n<td class=\"num\">");
            esc(o, &b.amount.text());
            o.push_str("</td>\n</tr>");
        }
        o.push_str("\n</tbody>\n</table>");
    }
    if let Some(g) = finite(mo.growth_pct) {
        o.push_str("\n<p class=\"fine\">The “just right” goal is ");
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
    o.push_str("\n<li class=\"target-");
    esc(o, t.key);
    o.push_str("\">\n<span class=\"tv-label\">");
    esc(o, t.label);
    o.push_str("</span>\n<span class=\"tv-amount\">");
    if finite(t.amount.value()).is_some() {
        esc(o, &t.amount.text());
    } else {
        o.push_str("<span class=\"not-set\">not set</span>");
    }
    o.push_str("</span>\n<span class=\"tv-progress\">");
    match finite(t.secured_pct) {
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
    o.push_str("</span>\n<span class=\"tv-left\">");
    if t.met {
        o.push_str("<span class=\"badge goal-done\">met</span>");
    } else if let Some(r) = &t.remaining {
        esc(o, &r.text());
        o.push_str(" to go");
    }
    o.push_str("</span>\n</li>");
}

/// The `opportunities` section (`sections.opportunities`).
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
        o.push_str("\n</tbody>\n</table>\n</div>\n</section>");
    }
    o.push('\n');
}

/// One row of the opportunity bank.
fn opportunity(o: &mut String, op: &OpportunityView) {
    o.push_str("\n<tr id=\"");
    esc(o, &op.anchor);
    o.push_str("\" class=\"");
    if op.lost {
        o.push_str("is-lost");
    }
    if op.slip.is_some() {
        o.push_str(" is-slipping");
    }
    o.push_str("\">\n<th scope=\"row\" data-value=\"");
    esc_lower(o, op.name);
    o.push_str("\">");
    esc(o, op.name);
    o.push_str("</th>\n<td data-value=\"");
    disp(o, op.stage_rank);
    o.push_str("\"><span class=\"badge stage-");
    esc(o, op.stage.id);
    o.push_str("\">");
    esc(o, &op.stage.label);
    o.push_str("</span></td>\n<td class=\"num\" data-value=\"");
    if let Some(v) = finite(op.value.value()) {
        disp(o, v);
    }
    o.push_str("\">");
    esc(o, &op.value.text());
    o.push_str("</td>\n<td data-value=\"");
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
        o.push_str("\n<span class=\"slip\">");
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
        o.push_str("\n<td>");
        match nonempty(value) {
            Some(v) => esc(o, v),
            None => o.push_str("<span class=\"muted\">—</span>"),
        }
        o.push_str("</td>");
    }
    o.push_str("\n</tr>");
}

// ---------------------------------------------------------------------------
// Whitespace and findings

/// The `whitespace` section (`sections.whitespace`).
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
        o.push_str("</tr>\n</thead>\n<tbody>");
        for r in &ws.rows {
            o.push_str("\n<tr>\n<th scope=\"row\">");
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
            o.push_str("\n</tr>");
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
