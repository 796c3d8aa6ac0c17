//! The competitor page's account lists: the sortable table of the accounts
//! where a competitor is named and a card per account with its strengths,
//! weaknesses and our differentiators (handed to `competitor.html` as
//! `tables.accounts` and `sections.accounts`). Written here rather than
//! looped over in Tera: a competitor named in thousands of plans has 200
//! rows on its page, and Tera took 20 ms to write them.

use super::*;
use crate::keyword::Keyword;
use crate::render::context::CompetitorAt;
use crate::render::markdown;

/// The table of the accounts where the competitor `name` (id `id`) competes.
pub fn accounts_table(o: &mut String, rows: &[CompetitorAt], id: &str, name: &str, root: &str) {
    put!(o; "<div class=\"table-scroll\" role=\"region\" aria-label=\"Accounts where " {name} " competes\" tabindex=\"0\">\n<table class=\"data\" data-sortable>\n<caption class=\"visually-hidden\">Accounts where "
        {name} " competes</caption>\n<thead>\n<tr>\n<th scope=\"col\" data-sort=\"text\">Account</th>\n<th scope=\"col\" data-sort=\"text\">Segment</th>\n<th scope=\"col\" data-sort=\"text\">Owner</th>\n<th scope=\"col\" data-sort=\"num\">Status</th>\n<th scope=\"col\" data-sort=\"text\">SWOT</th>\n</tr>\n</thead>\n<tbody>");
    for at in rows {
        let row = &at.row;
        let segment = row.segment.as_str();
        put!(o; "\n<tr>\n<th scope=\"row\" data-value=\"" {&row.name.to_lowercase()} "\"><a href=\"" {root} {&row.url} "#competitor-" {id} "\">"
            {row.name} "</a></th>\n<td data-value=\"" {segment} "\">");
        seg_badge(o, segment, root, false);
        o.push_str("</td>\n<td>");
        match &row.owner {
            Some(owner) => put!(o; "<a href=\"" {root} {&owner.url} "\">" {owner.name} "</a>"),
            None => o.push_str("<span class=\"muted\">—</span>"),
        }
        o.push_str("</td>\n<td data-value=\"");
        match at.status {
            Some(status) => {
                disp(o, status);
                o.push_str("\">");
                score(o, status, false);
            }
            None => o.push_str("-1\"><span class=\"muted\">no data</span>"),
        }
        o.push_str("</td>\n<td>");
        match at.swot {
            Some(side) => swot_badge(o, side.as_str()),
            None => o.push_str("<span class=\"muted\">—</span>"),
        }
        o.push_str("</td>\n</tr>");
    }
    o.push_str("\n</tbody>\n</table>\n</div>\n");
}

/// A card per account: the competitor's strengths and weaknesses there and
/// how we differentiate, each a list of Markdown lines.
pub fn account_cards(o: &mut String, rows: &[CompetitorAt], id: &str, root: &str, allow_html: bool) {
    for at in rows {
        let row = &at.row;
        put!(o; "\n<article class=\"item card competitor\">\n<h3 class=\"item-title\"><a href=\"" {root} {&row.url} "#competitor-" {id} "\">"
            {row.name} "</a></h3>\n<p class=\"item-meta\">");
        seg_badge(o, row.segment.as_str(), root, false);
        if let Some(side) = at.swot {
            o.push(' ');
            swot_badge(o, side.as_str());
        }
        if let Some(status) = at.status {
            o.push_str(" <span class=\"meta\">Status ");
            score(o, status, false);
            o.push_str("</span>");
        }
        o.push_str("</p>\n<div class=\"grid-3 comp-lists\">");
        for (heading, items) in [
            ("Their strengths", at.strengths),
            ("Their weaknesses", at.weaknesses),
            ("How we differentiate", at.differentiators),
        ] {
            put!(o; "\n<div><h4>" [heading] "</h4>");
            if items.is_empty() {
                o.push_str("<p class=\"empty\">—</p>");
            } else {
                o.push_str("<ul>");
                for item in items {
                    o.push_str("\n<li>");
                    o.push_str(&markdown::render_inline_cow(item, allow_html));
                    o.push_str("</li>");
                }
                o.push_str("\n</ul>");
            }
            o.push_str("</div>");
        }
        o.push_str("\n</div>\n</article>");
    }
}

/// A SWOT side as a badge (`threat`, `opportunity`).
fn swot_badge(o: &mut String, side: &str) {
    put!(o; "<span class=\"badge swot-" {side} "\">" {side} "</span>");
}
