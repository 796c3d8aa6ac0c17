//! The account table, the one component the dashboard, segment and team
//! pages share (handed to their templates as `tables.accounts` and the like).

use super::*;
use crate::keyword::Keyword;
use crate::model::Segment;
use crate::render::context::AccountRow;

/// What an account table shows besides the columns every one has.
#[derive(Clone, Copy, Debug, Default)]
pub struct Columns {
    /// The owner's column.
    pub owner: bool,
    /// The segment's column.
    pub segment: bool,
    /// A link to each account's one-page plan, under its name (team pages,
    /// where a 1:1 goes through them).
    pub one_page: bool,
}

/// The account table of the dashboard, segment and team pages: one row per
/// account, sortable, with the columns `cols` asks for.
pub fn account_table(o: &mut String, rows: &[AccountRow], root: &str, caption: &str, cols: Columns) {
    let (show_owner, show_segment) = (cols.owner, cols.segment);
    if rows.is_empty() {
        o.push_str("<p class=\"empty\">No accounts.</p>");
        return;
    }
    put!(o; "<div class=\"table-scroll\" role=\"region\" aria-label=\"" {caption}
        "\" tabindex=\"0\">\n<table class=\"data accounts-table phone-cards\" data-sortable>\n<caption class=\"visually-hidden\">" {caption});
    if rows.len() > 1 {
        o.push_str(" (select a column header to sort)");
    }
    o.push_str("</caption>\n<thead>\n<tr>\n<th scope=\"col\" data-sort=\"text\">Account</th>");
    if show_segment {
        o.push_str("<th scope=\"col\" data-sort=\"text\">Segment</th>");
    }
    if show_owner {
        o.push_str("<th scope=\"col\" data-sort=\"text\">Owner</th>");
    }
    o.push_str("\n<th scope=\"col\" data-sort=\"num\">Relationship</th>\n<th scope=\"col\" data-sort=\"num\">Potential</th>\n<th scope=\"col\" class=\"num\" data-sort=\"num\"><abbr title=\"Weighted pipeline: each open deal's value times its stage's weight\">Weighted</abbr></th>\n<th scope=\"col\" data-sort=\"num\">Complete</th>\n<th scope=\"col\" data-sort=\"text\">Last review</th>\n<th scope=\"col\" class=\"num\" data-sort=\"num\">Overdue</th>\n</tr>\n</thead>\n<tbody>");
    account_rows(o, rows, root, cols);
    o.push_str("\n</tbody>\n</table>\n</div>");
}

/// The body rows of [`account_table`] alone (the dashboard's filter lists
/// accounts the page does not carry with them).
pub fn account_rows(o: &mut String, rows: &[AccountRow], root: &str, cols: Columns) {
    for r in rows {
        account_row(o, r, root, cols);
    }
}

/// One row of [`account_table`].
fn account_row(o: &mut String, r: &AccountRow, root: &str, cols: Columns) {
    let (show_owner, show_segment) = (cols.owner, cols.segment);
    let computed = r.computed_segment.as_str();
    // `r.declared_segment and r.declared_segment != r.computed_segment`.
    let overridden = r.declared_segment.filter(|d| *d != r.computed_segment);
    put!(o; "\n<tr data-id=\"" {r.id} "\">\n<th scope=\"row\" class=\"acct\" data-value=\"" {&r.name.to_lowercase()} "\">\n<a href=\"" {root} {&r.url}
        "\">" {&r.name} "</a>");
    let industry = nonempty(&r.industry);
    if industry.is_some() || r.top10 {
        o.push_str("<span class=\"sub\">");
        if r.top10 {
            o.push_str("<span class=\"top10\">Top 10</span> ");
        }
        if let Some(i) = industry {
            esc(o, i);
        }
        o.push_str("</span>");
    }
    if cols.one_page {
        put!(o; "<span class=\"sub\"><a class=\"one-page-link\" href=\"" {root} {&crate::render::urls::one_page(r.id)} "\">one-page plan<span class=\"visually-hidden\">: " {&r.name} "</span></a></span>");
    }
    if let (false, Some(d)) = (show_segment, overridden) {
        put!(o; "<span class=\"sub\">declared " {d.as_str()} ", computed " {computed} "</span>");
    }
    o.push_str("\n</th>");
    if show_segment {
        o.push_str("\n<td data-label=\"Segment\" data-value=\"");
        o.push_str(match r.segment {
            Segment::Key => "1",
            Segment::Target => "2",
            Segment::Managed => "3",
            Segment::Maintained => "4",
        });
        o.push_str("\">");
        seg_badge(o, r.segment.as_str(), "", false);
        if overridden.is_some() {
            put!(o; "<span class=\"sub\">computed: " {computed} "</span>");
        }
        o.push_str("</td>");
    }
    if show_owner {
        o.push_str("\n<td class=\"nowrap\" data-label=\"Owner\" data-value=\"");
        match &r.owner {
            Some(w) => put!(o; {&w.name.to_lowercase()} "\"><a href=\"" {root} {&w.url} "\">" {&w.name} "</a>"),
            None => o.push_str("\"><span class=\"muted\">—</span>"),
        }
        o.push_str("</td>");
    }
    o.push_str("\n<td data-label=\"Relationship\" data-value=\"");
    disp(o, r.relationship);
    o.push_str("\">");
    score(o, r.relationship, r.relationship_high);
    o.push_str("</td>\n<td data-label=\"Potential\" data-value=\"");
    disp(o, r.potential);
    o.push_str("\">");
    score(o, r.potential, r.potential_high);
    o.push_str("</td>\n<td class=\"num\" data-label=\"Weighted\" data-value=\"");
    // Sorted by the amount in the site currency; an amount with no exchange
    // rate has no sort value, and the table puts it last either way.
    if let Some(x) = r.site_weighted_pipeline {
        disp(o, x);
    }
    put!(o; "\">" {&r.weighted_pipeline.short()} "</td>\n<td data-label=\"Complete\" data-value=\"");
    disp(o, r.completeness_pct);
    o.push_str("\">");
    meter(o, i64::from(r.completeness_pct), "complete", false);
    o.push_str("</td>\n<td data-label=\"Last review\" data-value=\"");
    let review = nonempty(&r.last_review);
    match review {
        Some(d) => esc(o, d),
        None => o.push_str("0000"),
    }
    o.push_str("\">");
    match review {
        Some(d) => put!(o; "<span class=\"nowrap\">" {d} "</span>"),
        None => o.push_str("<span class=\"muted\">never</span>"),
    }
    if r.stale {
        o.push_str(" <span class=\"flag flag-stale\">stale</span>");
    }
    if let Some(d) = nonempty(&r.last_updated) {
        put!(o; "<span class=\"sub\">edited " {d} "</span>");
    }
    o.push_str("</td>\n<td class=\"num\" data-label=\"Overdue\" data-value=\"");
    disp(o, r.overdue_actions);
    o.push_str("\">");
    if r.overdue_actions > 0 {
        o.push_str("<span class=\"flag flag-overdue\">");
        disp(o, r.overdue_actions);
        o.push_str("</span>");
    } else {
        o.push_str("<span class=\"muted\">0</span>");
    }
    o.push_str("</td>\n</tr>");
}
