//! The competitor page, `competitor.html`'s `main` block (see `super`).

use super::*;
use crate::keyword::Keyword;
use crate::model::SwotSide;
use crate::render::context::{CompetitorAt, WebsiteView};

/// A competitor's page, as `competitor.html` receives it.
pub struct CompetitorPage<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub website: Option<&'a WebsiteView>,
    /// The profile's Markdown body, rendered.
    pub body_html: &'a str,
    /// The accounts shown (the first `PAGE_SIZE` on a large portfolio).
    pub accounts: &'a [CompetitorAt<'a>],
    /// How many accounts name the competitor.
    pub total: usize,
    /// The site's `allow_html`, for the `inline` filter.
    pub allow_html: bool,
}

/// `competitor.html`'s `main` block.
pub fn competitor_main(o: &mut String, p: &CompetitorPage, root: &str) {
    let name = p.name;
    put!(o; "\n<nav class=\"breadcrumb\" aria-label=\"Breadcrumb\">\n  <ol>\n    <li><a href=\"" {root}
        "index.html\">Dashboard</a></li>\n    <li><a href=\"" {root}
        "index.html#competitors-heading\">Competitors</a></li>\n    <li><span aria-current=\"page\">" {name}
        "</span></li>\n  </ol>\n</nav>\n<header class=\"page-head\">\n  <p class=\"eyebrow\">Competitor</p>\n  <h1>" {name}
        "</h1>\n  <dl class=\"facts\">");
    if let Some(w) = p.website {
        o.push_str("<div class=\"fact-wide\"><dt>Website</dt><dd class=\"break\">");
        match nonempty(&w.href) {
            Some(h) => put!(o; "<a href=\"" {h} "\" rel=\"noopener noreferrer\">" {&w.text} "</a>"),
            None => esc(o, &w.text),
        }
        o.push_str("</dd></div>");
    }
    o.push_str("\n    <div><dt>Present at</dt><dd>");
    disp(o, p.total);
    put!(o; " account" [pluralize(p.total)] "</dd></div>\n    <div><dt>A threat at</dt><dd>");
    side_count(o, p.accounts, SwotSide::Threat);
    o.push_str("</dd></div>\n    <div><dt>An opportunity at</dt><dd>");
    side_count(o, p.accounts, SwotSide::Opportunity);
    o.push_str("</dd></div>\n  </dl>\n</header>");
    if !p.body_html.trim().is_empty() {
        put!(o; "\n<section class=\"card\" aria-labelledby=\"profile-heading\">\n  <h2 id=\"profile-heading\">Profile</h2>\n  <div class=\"prose\">"
            [p.body_html] "</div>\n</section>");
    }
    put!(o; "\n\n<section class=\"card\" aria-labelledby=\"at-heading\">\n  <h2 id=\"at-heading\">Across the portfolio</h2>\n  <p class=\"card-sub\">Status is the mean alignment of the account’s contacts with "
        {name} " (0–10): the higher, the stronger their position there.</p>");
    if p.accounts.is_empty() {
        o.push_str("\n  <p class=\"empty\">No plan names this competitor.</p>");
    } else {
        put!(o; "\n  <div class=\"table-scroll\" role=\"region\" aria-label=\"Accounts where " {name}
            " competes\" tabindex=\"0\">\n  <table class=\"data\" data-sortable>\n    <caption class=\"visually-hidden\">Accounts where "
            {name} " competes</caption>\n    <thead>\n      <tr>\n        <th scope=\"col\" data-sort=\"text\">Account</th>\n        <th scope=\"col\" data-sort=\"text\">Segment</th>\n        <th scope=\"col\" data-sort=\"text\">Owner</th>\n        <th scope=\"col\" data-sort=\"num\">Status</th>\n        <th scope=\"col\" data-sort=\"text\">SWOT</th>\n      </tr>\n    </thead>\n    <tbody>");
        for at in p.accounts {
            let row = &at.row;
            let seg = row.segment.as_str();
            o.push_str("\n      <tr>\n        <th scope=\"row\" data-value=\"");
            esc_lower(o, row.name);
            put!(o; "\"><a href=\"" {root} {&row.url} "#competitor-" {p.id} "\">" {&row.name}
                "</a></th>\n        <td data-value=\"" {seg} "\">");
            m_seg(o, seg, "", false);
            o.push_str("</td>\n        <td>");
            match &row.owner {
                Some(w) => put!(o; "<a href=\"" {root} {&w.url} "\">" {&w.name} "</a>"),
                None => o.push_str("<span class=\"muted\">—</span>"),
            }
            o.push_str("</td>\n        <td data-value=\"");
            match at.status {
                Some(s) => {
                    disp(o, s);
                    o.push_str("\">");
                    m_score(o, s, false);
                }
                None => o.push_str("-1\"><span class=\"muted\">no data</span>"),
            }
            o.push_str("</td>\n        <td>");
            match at.swot {
                Some(side) => put!(o; "<span class=\"badge swot-" {side.as_str()} "\">" {side.as_str()} "</span>"),
                None => o.push_str("<span class=\"muted\">—</span>"),
            }
            o.push_str("</td>\n      </tr>");
        }
        o.push_str("\n    </tbody>\n  </table>\n  </div>\n  ");
        team::m_more(o, p.accounts.len(), p.total, "accounts");
    }
    o.push_str("\n</section>");
    if !p.accounts.is_empty() {
        o.push_str("\n<section aria-labelledby=\"detail-heading\">\n  <h2 id=\"detail-heading\" class=\"section-title\">Account by account</h2>\n  <div class=\"items\">");
        for at in p.accounts {
            let row = &at.row;
            put!(o; "\n    <article class=\"item card competitor\">\n      <h3 class=\"item-title\"><a href=\"" {root} {&row.url}
                "#competitor-" {p.id} "\">" {&row.name} "</a></h3>\n      <p class=\"item-meta\">");
            m_seg(o, row.segment.as_str(), "", false);
            if let Some(side) = at.swot {
                put!(o; " <span class=\"badge swot-" {side.as_str()} "\">" {side.as_str()} "</span>");
            }
            if let Some(s) = at.status {
                o.push_str(" <span class=\"meta\">Status ");
                m_score(o, s, false);
                o.push_str("</span>");
            }
            o.push_str("</p>\n      <div class=\"grid-3 comp-lists\">\n        <div><h4>Their strengths</h4>");
            list_or_dash(o, at.strengths, p.allow_html);
            o.push_str("</div>\n        <div><h4>Their weaknesses</h4>");
            list_or_dash(o, at.weaknesses, p.allow_html);
            o.push_str("</div>\n        <div><h4>How we differentiate</h4>");
            list_or_dash(o, at.differentiators, p.allow_html);
            o.push_str("</div>\n      </div>\n    </article>");
        }
        o.push_str("\n  </div>\n</section>");
    }
    o.push('\n');
}

/// How many of the accounts shown see the competitor on `side` of their
/// SWOT, as a badge (or `0`).
fn side_count(o: &mut String, accounts: &[CompetitorAt], side: SwotSide) {
    let n = accounts.iter().filter(|a| a.swot == Some(side)).count();
    if n > 0 {
        put!(o; "<span class=\"badge swot-" {side.as_str()} "\">");
        disp(o, n);
        o.push_str("</span>");
    } else {
        o.push('0');
    }
}

/// `m::text_list(items)` of "text" fields, or a dash when there are none.
fn list_or_dash(o: &mut String, items: &[String], allow_html: bool) {
    if items.is_empty() {
        o.push_str("<p class=\"empty\">—</p>");
        return;
    }
    let html: Vec<_> = items
        .iter()
        .map(|t| crate::render::markdown::render_inline_cow(t, allow_html))
        .collect();
    pm_html_list(o, &html, "");
}
