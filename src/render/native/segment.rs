//! The segment page, `segment.html`'s `main` block (see `super`).

use super::team::{m_account_table, m_money_strip};
use super::*;
use crate::keyword::Keyword;
use crate::render::context::{AccountRow, Pager, SegmentInfo, SiteInfo, TotalView};

/// One page of a segment's accounts, as `segment.html` receives it.
pub struct SegmentPage<'a> {
    pub segment: &'a SegmentInfo,
    pub totals: &'a TotalView,
    pub accounts: &'a [AccountRow<'a>],
    pub pager: &'a Pager,
}

/// `segment.html`'s `main` block.
pub fn segment_main(o: &mut String, p: &SegmentPage, site: &SiteInfo, root: &str) {
    let seg = p.segment;
    let id = seg.id.as_str();
    let lower = seg.label.to_lowercase();
    put!(o; "\n<nav class=\"breadcrumb\" aria-label=\"Breadcrumb\">\n  <ol>\n    <li><a href=\"" {root} "index.html\">Dashboard</a></li>\n    <li><span aria-current=\"page\">"
        {seg.label} " accounts</span></li>\n  </ol>\n</nav>\n\n<header class=\"page-head seg-edge-" {id} "\">\n  <p class=\"eyebrow\">Segment</p>\n  <h1>"
        {seg.label} " accounts <span class=\"h-count\">");
    disp(o, seg.count);
    put!(o; "</span></h1>\n  <p class=\"lede\">" {seg.summary} ".</p>\n</header>\n\n<aside class=\"guidance guidance-lg seg-box-" {id}
        "\" aria-label=\"Segment guidance\">\n  <p class=\"guidance-label\">How we manage " {&lower} " accounts</p>\n  <p>" {seg.guidance}
        "</p>\n</aside>\n\n<div class=\"grid-2 seg-info\">\n  <section class=\"card\" aria-labelledby=\"req-heading\">\n    <h2 id=\"req-heading\">What a "
        {&lower} " plan needs</h2>\n    <ul class=\"checks\">\n      <li>The date of the last review (<code>status.last_review</code>)</li>\n      <li>At least one customer objective</li>\n      <li>At least one goal of ours</li>\n      <li>At least one contact</li>");
    if id != "maintained" {
        o.push_str("\n      <li>A revenue goal (minimum, just right, aspirational)</li>\n      <li>At least one key action</li>\n      <li>A value proposition</li>");
    }
    if id == "key" {
        o.push_str("\n      <li>At least three contacts, including a decision-maker</li>\n      <li>A role and a relationship for every contact</li>\n      <li>At least one competitor</li>\n      <li>A proposition: competency, offer or price</li>");
    }
    o.push_str("\n    </ul>\n  </section>\n  <section class=\"card\" aria-labelledby=\"other-heading\">\n    <h2 id=\"other-heading\">Other segments</h2>\n    <ul class=\"segment-cards\">");
    for s in site.segments.iter().filter(|s| s.id != seg.id) {
        let sid = s.id.as_str();
        put!(o; "\n      <li class=\"segment-card seg-" {sid} "\">\n        <a href=\"" {root} "segments/" {sid} "/index.html\"><span class=\"sc-count\">");
        disp(o, s.count);
        put!(o; "</span> <span class=\"sc-label\">" {s.label} "</span></a>\n        <span class=\"sc-summary\">" {s.summary} "</span>\n      </li>");
    }
    o.push_str("\n    </ul>\n  </section>\n</div>\n\n<section class=\"card\" aria-labelledby=\"accounts-heading\">\n  <h2 id=\"accounts-heading\">Accounts in this segment</h2>");
    if p.accounts.is_empty() {
        o.push_str("\n  <p class=\"empty\">No account is in this segment at the moment.</p>");
    } else {
        o.push_str("\n  ");
        m_money_strip(
            o,
            p.totals,
            &format!("Totals of the {} accounts, in {}", seg.label, site.currency),
        );
        o.push_str("\n  ");
        m_account_table(o, p.accounts, root, &format!("{} accounts", seg.label), true, false);
        o.push_str("\n  ");
        m_pager(o, p.pager, root);
    }
    o.push_str("\n</section>\n");
}

/// `m::pager(p, root)`: links to the other pages of a long list.
pub fn m_pager(o: &mut String, p: &Pager, root: &str) {
    if p.pages <= 1 {
        return;
    }
    o.push_str("\n<nav class=\"pager\" aria-label=\"Pages\">\n  <p class=\"pager-count\">");
    disp(o, p.first);
    o.push('–');
    disp(o, p.last);
    o.push_str(" of ");
    disp(o, p.total);
    o.push_str("</p>\n  <ul>");
    if let Some(prev) = nonempty(&p.prev) {
        put!(o; "<li><a href=\"" {root} {prev} "\" rel=\"prev\">← Previous</a></li>");
    }
    for l in &p.links {
        o.push_str("\n    <li>");
        if l.current {
            o.push_str("<span aria-current=\"page\">");
            disp(o, l.number);
            o.push_str("</span>");
        } else {
            put!(o; "<a href=\"" {root} {&l.url} "\">");
            disp(o, l.number);
            o.push_str("</a>");
        }
        o.push_str("</li>");
    }
    if let Some(next) = nonempty(&p.next) {
        put!(o; "<li><a href=\"" {root} {next} "\" rel=\"next\">Next →</a></li>");
    }
    o.push_str("\n  </ul>\n</nav>");
}
