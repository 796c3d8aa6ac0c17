//! The key-account risk table (`tables.key_risks` on the dashboard and the
//! key segment's pages): one row per key account, each cell linking to the
//! reason behind it.

use super::*;
use crate::render::risk::{RiskCell, RiskRow};

/// The table; `caption` names it for screen readers.
pub fn risk_table(o: &mut String, rows: &[RiskRow], root: &str, caption: &str) {
    if rows.is_empty() {
        empty_note(o, "No key accounts.");
        return;
    }
    put!(o; "<div class=\"table-scroll\" role=\"region\" aria-label=\"" {caption}
        "\" tabindex=\"0\">\n<table class=\"data risk-table phone-cards\" data-sortable>\n<caption class=\"visually-hidden\">" {caption}
        " (select a column header to sort)</caption>\n<thead>\n<tr>\n<th scope=\"col\" data-sort=\"text\">Key account</th>\n<th scope=\"col\" data-sort=\"text\">Health</th>\n<th scope=\"col\" data-sort=\"num\">Attainment</th>\n<th scope=\"col\" data-sort=\"text\">Competitor ahead</th>\n<th scope=\"col\" data-sort=\"text\">Sponsor</th>\n<th scope=\"col\" class=\"num\" data-sort=\"num\">Overdue</th>\n<th scope=\"col\" class=\"num\" data-sort=\"num\">Slipping</th>\n<th scope=\"col\" data-sort=\"text\">Changed since approval</th>\n</tr>\n</thead>\n<tbody>");
    for r in rows {
        put!(o; "\n<tr data-account=\"" {&r.id} "\" data-risks=\"");
        disp(o, r.risks);
        put!(o; "\">\n<th scope=\"row\" data-value=\"" {&r.name.to_lowercase()} "\"><a href=\"" {root} {&r.url} "\">" {&r.name} "</a> <a class=\"one-page-link sub-inline\" href=\"" {root} {&crate::render::urls::one_page(&r.id)} "\">one page<span class=\"visually-hidden\">: " {&r.name} "</span></a></th>");
        risk_cell(o, &r.health, root, "Health", None, false);
        match (r.attainment_pct, &r.attainment.url) {
            (Some(pct), Some(url)) => {
                put!(o; "\n<td data-label=\"Attainment\" data-value=\"");
                disp(o, pct);
                put!(o; "\"><a class=\"risk-meter\" href=\"" {root} {url} "\">");
                meter(o, pct, "of annual target secured", false);
                o.push_str("</a></td>");
            }
            _ => risk_cell(o, &r.attainment, root, "Attainment", Some(-1), false),
        }
        risk_cell(o, &r.competitor_ahead, root, "Competitor ahead", None, false);
        risk_cell(o, &r.sponsor, root, "Sponsor", None, false);
        risk_cell(o, &r.overdue, root, "Overdue actions", None, true);
        risk_cell(o, &r.slipping, root, "Slipping deals", None, true);
        risk_cell(
            o,
            &r.changed_since_approval,
            root,
            "Changed since approval",
            None,
            false,
        );
        o.push_str("\n</tr>");
    }
    o.push_str("\n</tbody>\n</table>\n</div>");
}

/// One cell: a link to its reason when there is one, flagged when a risk.
fn risk_cell(o: &mut String, c: &RiskCell, root: &str, label: &str, sort: Option<i64>, numeric: bool) {
    put!(o; "\n<td data-label=\"" {label} "\"");
    if numeric {
        o.push_str(" class=\"num\"");
    }
    o.push_str(" data-value=\"");
    match sort {
        Some(v) => disp(o, v),
        None => esc(o, &c.text.to_lowercase()),
    }
    o.push_str("\">");
    let class = if c.risk { "risk risk-on" } else { "risk" };
    match &c.url {
        Some(url) => put!(o; "<a class=\"" [class] "\" href=\"" {root} {url} "\">" {&c.text} "</a>"),
        None => put!(o; "<span class=\"" [class] "\">" {&c.text} "</span>"),
    }
    if c.risk {
        o.push_str("<span class=\"visually-hidden\"> (a risk)</span>");
    }
    o.push_str("</td>");
}
