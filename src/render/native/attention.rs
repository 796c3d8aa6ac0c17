//! The attention pages, `attention.html`'s `main` block (see `super`).

use super::segment::m_pager;
use super::*;
use crate::keyword::Keyword;
use crate::render::context::{ChangedSinceApproval, FindingGroup, Pager, SiteInfo};

/// An attention page, as `attention.html` receives it: every code's first
/// findings (`attention/index.html`), or one page of one code's findings.
pub struct AttentionPage<'a> {
    /// The page's title (`page.title`).
    pub title: &'a str,
    pub total: usize,
    /// Each group shows a sample and links to its own pages.
    pub summarised: bool,
    pub groups: &'a [FindingGroup],
    /// Set on a page of one code's findings.
    pub pager: Option<&'a Pager>,
    /// Key plans edited since approval (the first page only).
    pub changed_since_approval: &'a [ChangedSinceApproval],
}

/// `attention.html`'s `main` block.
pub fn attention_main(o: &mut String, p: &AttentionPage, site: &SiteInfo, root: &str) {
    put!(o; "\n<nav class=\"breadcrumb\" aria-label=\"Breadcrumb\">\n  <ol>\n    <li><a href=\"" {root} "index.html\">Dashboard</a></li>");
    if p.pager.is_some() {
        put!(o; "\n    <li><a href=\"" {root} "attention/index.html\">Needs attention</a></li>\n    <li><span aria-current=\"page\">"
            {p.title} "</span></li>");
    } else {
        o.push_str("\n    <li><span aria-current=\"page\">Needs attention</span></li>");
    }
    o.push_str("\n  </ol>\n</nav>\n\n<div class=\"page-head\">\n  <p class=\"eyebrow\">Portfolio findings</p>\n  <h1>");
    match (p.pager, p.groups.first()) {
        (Some(_), Some(g)) => esc(o, g.label),
        (Some(_), None) => {}
        (None, _) => o.push_str("Needs attention"),
    }
    o.push_str("</h1>");
    if p.summarised {
        o.push_str("<p class=\"note\">Many findings: each kind shows its first entries (key accounts first) and links to all of them.</p>");
    }
    o.push_str("\n  <p class=\"lede\">");
    disp(o, p.total);
    put!(o; " finding" [pluralize(p.total)] " across ");
    disp(o, site.plan_count);
    put!(o; " account plan" [pluralize(site.plan_count)] ", as of " {&site.today}
        ". The same list <code>planfolio check</code> reports; key accounts come first in each group.</p>\n</div>");
    if p.groups.is_empty() {
        o.push_str("\n<section class=\"card\"><p class=\"empty\">Nothing needs attention: no plan raises a warning.</p></section>");
    }
    if p.pager.is_none() && !p.groups.is_empty() {
        o.push_str(
            "\n<nav class=\"card attention-index\" aria-label=\"Finding groups\">\n  <ul class=\"attention-summary\">",
        );
        for g in p.groups {
            put!(o; "\n    <li><a href=\"#" {g.code.as_str()} "\"><span class=\"count-badge\">");
            disp(o, g.count);
            put!(o; "</span> " {g.label} "</a></li>");
        }
        o.push_str("\n  </ul>\n</nav>");
    }
    if !p.changed_since_approval.is_empty() {
        o.push_str("\n<section class=\"card attention-section\" id=\"changed-since-approval\" aria-labelledby=\"hd-changed-since-approval\">\n  <h2 id=\"hd-changed-since-approval\">Key plans changed since approval <span class=\"count-badge\">");
        disp(o, p.changed_since_approval.len());
        o.push_str("</span></h2>\n  <p class=\"card-sub\">Key account plans edited after management approved them (from git): review the changes and approve again.</p>\n  <ul class=\"finding-list\">");
        for c in p.changed_since_approval {
            put!(o; "\n    <li class=\"finding finding-key\" data-history=\"changed-since-approval\">\n      <a class=\"finding-subject\" href=\""
                {root} {&c.url} "\">" {&c.name} "</a> ");
            m_seg(o, "key", "", false);
            o.push_str("\n      <span class=\"finding-message\">approved ");
            esc(o, c.approved.as_deref().unwrap_or_default());
            o.push_str(", edited since");
            if c.added + c.removed > 0 {
                o.push_str(": ");
                disp(o, c.added);
                put!(o; " item" [pluralize(c.added)] " added, ");
                disp(o, c.removed);
                o.push_str(" removed");
            }
            o.push_str("</span>\n    </li>");
        }
        o.push_str("\n  </ul>\n</section>");
    }
    for g in p.groups {
        let code = g.code.as_str();
        put!(o; "\n<section class=\"card attention-section\" id=\"" {code} "\" aria-labelledby=\"hd-" {code} "\">\n  <h2 id=\"hd-"
            {code} "\">" {g.label} " <span class=\"count-badge\">");
        disp(o, g.count);
        o.push_str("</span></h2>");
        if !g.about.is_empty() {
            put!(o; "<p class=\"card-sub\">" {g.about} " <code class=\"muted\">" {code} "</code></p>");
        }
        o.push_str("\n  <ul class=\"finding-list\">");
        for f in &g.entries {
            o.push_str("\n    <li class=\"finding");
            if f.key {
                o.push_str(" finding-key");
            }
            put!(o; "\" data-code=\"" {f.code.as_str()} "\" data-file=\"" {&f.file} "\" data-line=\"");
            disp(o, f.line);
            put!(o; "\">\n      <a class=\"finding-subject\" href=\"" {root} {&f.url} "\">" {&f.subject} "</a>");
            if let Some(s) = f.segment {
                o.push(' ');
                m_seg(o, s.as_str(), "", false);
            }
            put!(o; "\n      <span class=\"finding-message\">" [&f.message_html] "</span>");
            if !f.hint.is_empty() {
                put!(o; "<span class=\"finding-hint\">" {&f.hint} "</span>");
            }
            o.push_str("\n    </li>");
        }
        o.push_str("\n  </ul>");
        if let Some(url) = &g.more_url {
            put!(o; "\n  <p class=\"more\"><a href=\"" {root} {url} "\">All ");
            disp(o, g.count);
            o.push_str(": ");
            esc_lower(o, g.label);
            o.push_str(" <span aria-hidden=\"true\">→</span></a></p>");
        }
        if let Some(pager) = p.pager {
            m_pager(o, pager, root);
        }
        o.push_str("\n</section>");
    }
    o.push('\n');
}
