//! The plan page's summary sections: header, navigation, scores, history,
//! status, and the checks' findings.

use super::*;
use crate::format::AmountView;
use crate::keyword::Keyword;
use crate::render::plan_page::CheckView;

/// The `header` section (`sections.header`).
pub fn header(o: &mut String, p: &PlanPage, root: &str) {
    let (a, plan) = (&p.account, &p.plan);
    let seg = a.segment.as_str();
    put!(o; "<nav class=\"breadcrumb\" aria-label=\"Breadcrumb\">\n<ol>\n<li><a href=\"" {root} "index.html\">Dashboard</a></li>\n<li><a href=\""
        {root} "segments/" {seg} "/index.html\">" {a.segment_label} " accounts</a></li>\n<li><span aria-current=\"page\">" {&plan.name}
        "</span></li>\n</ol>\n</nav>\n\n<header class=\"plan-head seg-edge-" {seg} "\">\n<div class=\"plan-title\">\n<p class=\"eyebrow\">Account plan</p>\n<h1>"
        {&plan.name} "</h1>\n<p class=\"plan-badges\">\n      ");
    seg_badge(o, seg, root, true);
    if plan.top10 {
        o.push_str(" <span class=\"top10\">Top 10 customer</span>");
    }
    if let Some(h) = plan.status.health.as_ref().filter(|h| h.id != "poor") {
        put!(o; " <span class=\"badge health-" {h.id} "\">health: " {&h.label} "</span>");
    }
    for b in &p.badges {
        put!(o; " <a class=\"finding-badge tone-" {b.tone} "\" href=\"" {&b.href} "\" data-badge=\"" {b.code} "\">" {&b.text} "</a>");
    }
    o.push_str("\n</p>");
    put!(o; "\n<p class=\"plan-links\"><a class=\"one-page-link\" href=\"" {root} {&crate::render::urls::one_page(plan.id)} "\">One-page plan</a>");
    if let Some(url) = &p.edit_url {
        put!(o; " <a class=\"edit-link\" href=\"" {url} "\" rel=\"noopener\">Edit this plan</a>");
    }
    o.push_str("</p>");
    match (a.declared_segment, &plan.segment_reason_html) {
        (Some(declared), reason) if declared != a.computed_segment => {
            put!(o; "\n<p class=\"seg-override\">Declared: <strong>" {declared.as_str()} "</strong>, computed: <strong>"
                {a.computed_segment.as_str()} "</strong>.");
            match reason {
                Some(r) => put!(o; " <span class=\"reason\">" [r] "</span>"),
                None => o.push_str(" <span class=\"muted\">No reason given.</span>"),
            }
            o.push_str("</p>");
        }
        (_, Some(r)) => put!(o; "\n<p class=\"seg-override\">" [r] "</p>"),
        _ => {}
    }
    o.push_str("\n</div>\n<dl class=\"facts\">\n<div><dt>Owner</dt><dd>");
    match &plan.owner {
        Some(w) => put!(o; "<a href=\"" {root} {&w.url} "\">" {&w.name} "</a>"),
        None => o.push_str("<span class=\"muted\">—</span>"),
    }
    o.push_str("</dd></div>\n<div id=\"fact-sponsor\"><dt>Executive sponsor</dt><dd>");
    match &plan.sponsor {
        Some(s) => put!(o; "<a class=\"sponsor\" href=\"" {root} {&s.url} "\">" {&s.name} "</a>"),
        None => o.push_str("<span class=\"muted\">none named</span>"),
    }
    o.push_str("</dd></div>");
    if !plan.team.is_empty() {
        o.push_str("\n<div class=\"fact-wide\"><dt>Team</dt><dd>");
        for (i, t) in plan.team.iter().enumerate() {
            put!(o; "<a href=\"" {root} {&t.url} "\">" {&t.name} "</a>");
            if i + 1 < plan.team.len() {
                o.push_str(", ");
            }
        }
        o.push_str("</dd></div>");
    }
    if let Some(x) = nonempty(&plan.industry) {
        put!(o; "<div><dt>Industry</dt><dd>" {x} "</dd></div>");
    }
    if let Some(x) = nonempty(&plan.hq) {
        put!(o; "<div><dt>Headquarters</dt><dd>" {x} "</dd></div>");
    }
    if let Some(n) = plan.employees {
        o.push_str("<div><dt>Employees</dt><dd>");
        num(o, n as f64, 0);
        o.push_str("</dd></div>");
    }
    if let Some(r) = &plan.revenue {
        put!(o; "<div><dt>Customer revenue</dt><dd>" {&r.short()} "</dd></div>");
    }
    // The plan's money at a glance, in its currency (SPEC §5.6).
    o.push('\n');
    money_facts(o, &p.money, true);
    o.push_str("\n<div id=\"fact-last-review\"><dt>Last review</dt><dd>");
    match nonempty(&plan.last_review) {
        Some(d) => {
            put!(o; "<span class=\"nowrap\">" {d} "</span>");
            if let Some(age) = nonempty(&plan.last_review_age) {
                put!(o; " <span class=\"muted\">(" {age} ")</span>");
            }
        }
        None => o.push_str("<span class=\"muted\">never</span>"),
    }
    if a.stale {
        o.push_str(" <span class=\"flag flag-stale\">stale</span>");
    }
    o.push_str("</dd></div>");
    if let Some(d) = nonempty(&plan.last_updated) {
        put!(o; "<div><dt>Plan last edited</dt><dd><span class=\"nowrap\">" {d} "</span></dd></div>");
    }
    o.push_str("\n<div><dt>Approved</dt><dd>");
    match nonempty(&plan.approved) {
        Some(d) => {
            put!(o; "<span class=\"nowrap\">" {d} "</span>");
            if p.git.changed_since_approval == Some(true) {
                o.push_str(" <a class=\"flag flag-stale\" href=\"#section-history\">changed since</a>");
            }
        }
        None => o.push_str("<span class=\"muted\">not yet</span>"),
    }
    o.push_str("</dd></div>");
    if let Some(w) = &plan.website {
        o.push_str("<div class=\"fact-wide\"><dt>Website</dt><dd class=\"break\">");
        match nonempty(&w.href) {
            Some(h) => put!(o; "<a href=\"" {h} "\" rel=\"noopener noreferrer\">" {&w.text} "</a>"),
            None => esc(o, &w.text),
        }
        o.push_str("</dd></div>");
    }
    put!(o; "\n</dl>\n</header>\n\n<aside class=\"guidance seg-box-" {seg} "\" aria-label=\"Segment guidance\">\n<p><strong>"
        {a.segment_label} " account.</strong> " {a.guidance} "</p>\n</aside>\n");
}

/// At most this many entries in the "Fix next" panel; the rest are in "Checks".
const FIX_NEXT_MAX: usize = 8;

/// The plan's findings most pressing first: the attention page's order of
/// codes (`ATTENTION_ORDER`), the plan's own order within a code.
pub fn most_pressing(findings: &[CheckView]) -> Vec<&CheckView> {
    let rank = |f: &CheckView| {
        crate::render::context::ATTENTION_ORDER
            .iter()
            .position(|c| c.as_str() == f.code)
            .unwrap_or(usize::MAX)
    };
    let mut out: Vec<&CheckView> = findings.iter().collect();
    // Stable: findings of one code keep the order `derive` found them in.
    out.sort_by_key(|f| rank(f));
    out
}

/// The `fix_next` section (`sections.fix_next`): the plan's findings, most
/// pressing first, each naming and linking to its item; none, no panel.
pub fn fix_next(o: &mut String, p: &PlanPage, _root: &str) {
    if p.findings.is_empty() {
        return;
    }
    o.push_str("<aside id=\"fix-next\" class=\"fix-next\" aria-labelledby=\"hd-fix-next\">\n<h2 id=\"hd-fix-next\">Fix next <span class=\"count-badge\">");
    disp(o, p.findings.len());
    o.push_str("</span></h2>\n<ol class=\"fix-list\">");
    for f in most_pressing(&p.findings).into_iter().take(FIX_NEXT_MAX) {
        put!(o; "\n<li data-code=\"" {f.code} "\"><code class=\"code\">" {f.code} "</code> <a class=\"finding-target\" href=\"" {&f.href} "\">" [&f.target_html] "</a>");
        source_link(o, f.source_url.as_deref(), f.line);
        o.push_str("</li>");
    }
    o.push_str("\n</ol>");
    if p.findings.len() > FIX_NEXT_MAX {
        o.push_str("\n<p class=\"fix-more\"><a href=\"#section-checks\">+");
        disp(o, p.findings.len() - FIX_NEXT_MAX);
        o.push_str(" more</a></p>");
    }
    o.push_str("\n</aside>\n");
}

/// The count beside a navigation entry.
fn count(o: &mut String, n: usize) {
    o.push_str("<span class=\"nav-count\">");
    disp(o, n);
    o.push_str("</span>");
}

/// The `nav` section (`sections.nav`).
pub fn nav(o: &mut String, p: &PlanPage, _root: &str) {
    let plan = &p.plan;
    o.push_str("\n<nav class=\"plan-nav\" aria-label=\"Plan sections\">\n<details open data-collapse-narrow>\n<summary>On this page</summary>\n<ol>\n<li><a href=\"#section-scores\">Scores</a></li>\n<li><a href=\"#section-history\">Changes over time</a></li>\n<li><a href=\"#section-status\">Status</a></li>");
    if !p.body_html.trim().is_empty() {
        o.push_str("\n<li><a href=\"#section-narrative\">Narrative</a>");
        if !p.toc.is_empty() {
            o.push_str("\n<ol class=\"toc\">");
            for h in p.toc.iter().filter(|h| h.level <= 3) {
                o.push_str("\n<li class=\"toc-l");
                disp(o, h.level);
                put!(o; "\"><a href=\"#" {&h.id} "\">" {&h.title} "</a></li>");
            }
            o.push_str("\n</ol>");
        }
        o.push_str("\n</li>");
    }
    o.push_str("\n<li><a href=\"#section-customer\">Customer</a></li>");
    if plan.drivers.count > 0 {
        o.push_str("<li><a href=\"#section-drivers\">Buying drivers</a></li>");
    }
    if !plan.faa.is_empty() {
        o.push_str("<li><a href=\"#section-faa\">Fix, accomplish, avoid</a></li>");
    }
    o.push_str("\n<li><a href=\"#section-objectives\">Objectives ");
    count(o, plan.objectives.len());
    o.push_str("</a></li>\n<li><a href=\"#section-goals\">Goals ");
    count(o, plan.goals.len());
    o.push_str("</a></li>\n<li><a href=\"#section-actions\">Actions ");
    count(o, plan.actions.len());
    o.push_str("</a></li>\n<li><a href=\"#section-contacts\">Contacts ");
    count(o, plan.contacts.len());
    o.push_str("</a></li>");
    if !plan.contacts.is_empty() {
        o.push_str("<li><a href=\"#section-stages\">Buying stages</a></li>");
    }
    o.push_str("\n<li><a href=\"#section-competitors\">Competitors ");
    count(o, plan.competitors.len());
    o.push_str(
        "</a></li>\n<li><a href=\"#swot\">SWOT</a></li>\n<li><a href=\"#section-proposition\">Proposition</a></li>",
    );
    if plan.expectations.is_some() {
        o.push_str("<li><a href=\"#section-expectations\">Expectations</a></li>");
    }
    o.push_str("\n<li><a href=\"#section-financials\">Financials</a></li>");
    if !plan.opportunities.is_empty() {
        o.push_str("<li><a href=\"#section-opportunities\">Opportunities ");
        count(o, plan.opportunities.len());
        o.push_str("</a></li>");
    }
    if !p.whitespace.rows.is_empty() {
        o.push_str("<li><a href=\"#section-whitespace\">Whitespace</a></li>");
    }
    if !p.findings.is_empty() {
        o.push_str("<li><a href=\"#section-checks\">Checks <span class=\"nav-count nav-count-warn\">");
        disp(o, p.findings.len());
        o.push_str("</span></a></li>");
    }
    o.push_str("\n</ol>\n</details>\n</nav>\n");
}

/// The `scores` section (`sections.scores`).
pub fn scores(o: &mut String, p: &PlanPage, _root: &str) {
    let a = &p.account;
    let b = &a.potential_basis;
    let high_low = |h: bool| if h { "high" } else { "low" };
    o.push_str("<section id=\"section-scores\" class=\"plan-section\" aria-labelledby=\"hd-scores\">\n<h2 id=\"hd-scores\">Scores and why</h2>\n<div class=\"score-cards\">\n<div class=\"score-card");
    if a.relationship_high {
        o.push_str(" is-high");
    }
    put!(o; "\">\n<p class=\"sc-head\">Relationship <span class=\"hl\">" [high_low(a.relationship_high)] "</span></p>\n<p class=\"sc-big\">");
    num(o, a.relationship, 1);
    o.push_str("<span class=\"sc-of\">/10</span></p>\n      ");
    score(o, a.relationship, a.relationship_high);
    o.push_str("\n<p class=\"sc-why\">");
    match &a.partnership {
        Some(ps) => {
            o.push_str("\n        (1 − ");
            disp(o, a.partnership_weight);
            o.push_str(") × <strong>");
            num(o, a.contact_score, 2);
            o.push_str("</strong> contact score + ");
            disp(o, a.partnership_weight);
            o.push_str(" × <strong>");
            // The view always sets the value with the partnership.
            num(o, a.partnership_value.unwrap_or_default(), 0);
            put!(o; "</strong> partnership (" {&ps.label} ") = ");
            num(o, a.relationship, 2);
            o.push('.');
        }
        None => {
            o.push_str("\n        The contact score, <strong>");
            num(o, a.contact_score, 2);
            o.push_str("</strong>: no partnership status is set.");
        }
    }
    o.push_str("\n        High from ");
    disp(o, a.relationship_threshold);
    o.push_str(".\n</p>");
    if let Some(al) = a.our_alignment {
        o.push_str("\n<p class=\"sc-why\">Contacts’ alignment with us: <strong>");
        num(o, al, 1);
        o.push_str("</strong>/10.</p>");
    }
    o.push_str("\n</div>\n<div class=\"score-card");
    if a.potential_high {
        o.push_str(" is-high");
    }
    put!(o; "\">\n<p class=\"sc-head\">Potential <span class=\"hl\">" [high_low(a.potential_high)] "</span></p>\n<p class=\"sc-big\">");
    num(o, a.potential, 1);
    o.push_str("<span class=\"sc-of\">/10</span></p>\n      ");
    score(o, a.potential, a.potential_high);
    put!(o; "\n<p class=\"sc-why\">Potential value <strong>" {&b.value.text()} "</strong> comes from the <strong>" {b.source_label}
        "</strong>\n        (aspirational goal " {&b.aspirational.short()} ", weighted pipeline " {&b.weighted_pipeline.short()} ").</p>");
    for f in p.findings.iter().filter(|f| f.code == "inflated-potential") {
        put!(o; "\n<p class=\"note inflated\" role=\"note\"><strong>Inflated?</strong> " [&f.message_html] ".</p>");
    }
    put!(o; "\n<div class=\"threshold\" data-conversion=\"" {b.conversion} "\">\n<p class=\"threshold-line\"><span class=\"threshold-label\">Portfolio threshold</span> <strong class=\"site-amount\">"
        {&b.threshold.short()} "</strong> <span class=\"muted\">(" {b.threshold_source} ", in " {&b.site_currency} ")</span></p>");
    let formula = |o: &mut String, value: &str| {
        put!(o; "10 × min(1, " {value} " ÷ (2 × " {&b.threshold.short()} ")) = ");
        num(o, a.potential, 2);
    };
    match b.conversion {
        "same" => {
            o.push_str("\n<p class=\"sc-why\">");
            formula(o, &b.value.short());
            o.push_str(". High from 5.</p>");
        }
        "converted" => {
            let site_value = b.value_site.as_ref().map(AmountView::short).unwrap_or_default();
            let site_value = site_value.as_str();
            put!(o; "\n<p class=\"threshold-line\"><span class=\"threshold-label\">Potential value in " {&b.site_currency}
                "</span> <strong class=\"site-amount\">" {site_value} "</strong> <span class=\"muted\">at " {b.rate_text.as_deref().unwrap_or("")}
                "</span></p>\n<p class=\"sc-why\">");
            formula(o, site_value);
            o.push_str(". High from 5.</p>");
        }
        _ => {
            put!(o; "\n<p class=\"note warn no-rate\" role=\"note\">" {&b.currency} " has no exchange rate to " {&b.site_currency}
                ", so the potential value is compared with the threshold as it is: ");
            formula(o, &b.value.short());
            put!(o; ". Add an exchange rate for " {&b.currency} " to the site settings.</p>");
        }
    }
    o.push_str("\n</div>\n</div>\n<div class=\"score-card");
    if a.completeness_pct >= 100 {
        o.push_str(" is-high");
    }
    o.push_str("\">\n<p class=\"sc-head\">Plan completeness</p>\n<p class=\"sc-big\">");
    disp(o, a.completeness_pct);
    o.push_str("<span class=\"sc-of\">%</span></p>\n      ");
    meter(o, i64::from(a.completeness_pct), "", false);
    o.push_str("\n<p class=\"sc-why\">");
    disp(o, a.completeness_met);
    o.push_str(" of ");
    disp(o, a.completeness_total);
    put!(o; " requirements for a " {a.segment.as_str()} " plan met.</p>");
    if !a.completeness_missing.is_empty() {
        o.push_str("\n<p class=\"sc-why\">Missing:</p>\n<ul class=\"missing\">");
        for r in &a.completeness_missing {
            put!(o; "<li>" {r} "</li>");
        }
        o.push_str("\n</ul>");
    }
    o.push_str("\n</div>\n</div>");
    if p.history.len() > 1 {
        o.push_str("\n<h3 class=\"history-title\">Over the last 12 months</h3>\n<div class=\"table-scroll\" role=\"region\" aria-label=\"Segment history\" tabindex=\"0\">\n<table class=\"history\">\n<caption class=\"visually-hidden\">Segment and scores at each month end, then today</caption>\n<thead>\n<tr><th scope=\"col\"><span class=\"visually-hidden\">Measure</span></th>");
        for h in &p.history {
            o.push_str("<th scope=\"col\">");
            if h.label == "now" {
                o.push_str("Now");
            } else {
                esc(o, &h.label);
            }
            o.push_str("</th>");
        }
        o.push_str("</tr>\n</thead>\n<tbody>\n<tr><th scope=\"row\">Segment</th>");
        for h in &p.history {
            let s = h.segment.as_str();
            put!(o; "<td class=\"hist-seg hist-" {s} "\">");
            if s == "maintained" {
                o.push_str("<abbr title=\"Maintained\">Maint.</abbr>");
            } else {
                esc(o, s);
            }
            o.push_str("</td>");
        }
        o.push_str("</tr>\n<tr><th scope=\"row\">Relationship</th>");
        for h in &p.history {
            o.push_str("<td>");
            num(o, h.relationship, 1);
            o.push_str("</td>");
        }
        o.push_str("</tr>\n<tr><th scope=\"row\">Potential</th>");
        for h in &p.history {
            o.push_str("<td>");
            num(o, h.potential, 1);
            o.push_str("</td>");
        }
        o.push_str("</tr>\n</tbody>\n</table>\n</div>");
    }
    if !a.contact_weights.is_empty() {
        o.push_str("\n<details class=\"why-details\">\n<summary>How each contact counts in the contact score</summary>\n<div class=\"table-scroll\" role=\"region\" aria-label=\"Contact weights\" tabindex=\"0\">\n<table class=\"data compact\">\n<caption class=\"visually-hidden\">Contact weights in the relationship score</caption>\n<thead><tr><th scope=\"col\">Contact</th><th scope=\"col\">Relationship</th><th scope=\"col\" class=\"num\">Level</th><th scope=\"col\" class=\"num\">Weight</th><th scope=\"col\">Share</th></tr></thead>\n<tbody>");
        for w in &a.contact_weights {
            let rel = w.relationship.as_str();
            put!(o; "\n<tr>\n<th scope=\"row\"><a href=\"#contact-" {&w.id} "\">" {&w.name} "</a></th>\n<td><span class=\"badge rel-"
                {rel} "\">" {rel} "</span></td>\n<td class=\"num\">");
            num(o, w.level, 1);
            o.push_str("</td>\n<td class=\"num\">");
            num(o, w.weight, 0);
            o.push_str("</td>\n<td>");
            meter(o, w.share_pct.round() as i64, "", true);
            o.push_str("</td>\n</tr>");
        }
        o.push_str("\n</tbody>\n</table>\n</div>\n<p class=\"fine\">Level: strong 10, good 7.5, neutral 5, weak 2.5, poor 0. Weight: influence high 3, medium 2, low 1, doubled for decision-makers and budget holders. The contact score is the weighted mean of the levels.</p>\n</details>");
    }
    o.push_str("\n</section>\n");
}

/// The `history` section (`sections.history`).
pub fn history(o: &mut String, p: &PlanPage, _root: &str) {
    let git = &p.git;
    o.push_str("\n<section id=\"section-history\" class=\"plan-section\" aria-labelledby=\"hd-history\">\n<h2 id=\"hd-history\">Changes over time</h2>");
    if !git.available {
        put!(o; "\n<p class=\"empty\">" {git.note.unwrap_or("")} "</p>");
    } else {
        let approved = p.plan.approved.as_deref().unwrap_or("");
        match git.changed_since_approval {
            Some(true) => {
                put!(o; "\n<div class=\"note approval-changed\" role=\"note\">\n<p><strong>Changed since approval.</strong> The plan was approved on "
                    {approved} " and has been edited since");
                match &git.approval_diff {
                    Some(d) => {
                        o.push_str("; against the plan as it was on ");
                        disp(o, d.date);
                        o.push_str(":</p>");
                        if d.added.is_empty() && d.removed.is_empty() {
                            o.push_str("\n<p class=\"muted\">No objective, goal, contact, competitor, action or opportunity was added or removed; the edits are within items or the narrative.</p>");
                        } else {
                            o.push_str("\n<ul class=\"approval-diff\">");
                            for i in &d.added {
                                put!(o; "<li class=\"diff-added\"><span class=\"diff-sign\" aria-hidden=\"true\">+</span> " {i.kind} " <a href=\"#"
                                    {i.kind} "-" {&i.id} "\">" {&i.title} "</a> <span class=\"visually-hidden\">added</span></li>");
                            }
                            for i in &d.removed {
                                put!(o; "<li class=\"diff-removed\"><span class=\"diff-sign\" aria-hidden=\"true\">−</span> " {i.kind} " "
                                    {&i.title} " <span class=\"visually-hidden\">removed</span></li>");
                            }
                            o.push_str("\n</ul>");
                        }
                    }
                    None => o.push_str(".</p>"),
                }
                o.push_str("\n</div>");
            }
            Some(false) => put!(o; "\n<p class=\"approval-ok\">Unchanged since its approval on " {approved} ".</p>"),
            None => {}
        }
        o.push_str("\n<h3>Segment moves</h3>");
        if git.moves.is_empty() {
            o.push_str("\n<p class=\"empty\">The plan has not changed segment in the history window.</p>");
        } else {
            o.push_str("\n<ul class=\"moves\">");
            for mv in &git.moves {
                o.push_str("\n<li><span class=\"nowrap\">");
                disp(o, mv.date);
                o.push_str("</span> ");
                segment_move(
                    o,
                    mv.from.as_str(),
                    mv.to.as_str(),
                    mv.cause.as_str(),
                    mv.explanation,
                    &mv.why.text(),
                );
                o.push_str("</li>");
            }
            o.push_str("\n</ul>");
        }
        crate::render::components::charts::plan_trend(o, &p.trend.months, &p.trend.points, &p.currency);
    }
    o.push_str("\n</section>\n");
}

/// The `status` section (`sections.status`).
pub fn status(o: &mut String, p: &PlanPage, _root: &str) {
    let st = &p.plan.status;
    o.push_str("<section id=\"section-status\" class=\"plan-section\" aria-labelledby=\"hd-status\">\n<h2 id=\"hd-status\">Status</h2>");
    if let Some(vp) = nonempty(&st.value_proposition_html) {
        put!(o; "\n<blockquote class=\"value-prop\"><p class=\"vp-label\">Value proposition</p><p>" [vp] "</p></blockquote>");
    }
    if !st.ladder.is_empty() {
        o.push_str("\n<div class=\"table-scroll\" role=\"region\" aria-label=\"Partnership ladder\" tabindex=\"0\">\n<table class=\"ladder\">\n<caption>Where we stand and where we are heading</caption>\n<thead><tr><th scope=\"col\"><span class=\"visually-hidden\">Perspective</span></th>");
        for l in &st.levels {
            o.push_str("<th scope=\"col\">");
            capitalize(o, &l.label);
            o.push_str("</th>");
        }
        o.push_str("</tr></thead>\n<tbody>");
        for row in &st.ladder {
            put!(o; "\n<tr>\n<th scope=\"row\">" {row.label});
            if row.level.is_none() {
                o.push_str(" <span class=\"ladder-unset\">not set</span>");
            }
            o.push_str("</th>");
            for &cell in &row.cells {
                o.push_str("\n<td>");
                if cell {
                    o.push_str("<span class=\"ladder-mark\" aria-hidden=\"true\"></span><span class=\"visually-hidden\">yes</span>");
                }
                o.push_str("</td>");
            }
            o.push_str("\n</tr>");
        }
        o.push_str("\n</tbody>\n</table>\n</div>");
        if let Some(gap) = nonempty(&st.ambition_gap) {
            put!(o; "\n<p class=\"note\" role=\"note\"><strong>Ambition gap:</strong> " {gap} ".</p>");
        }
    }
    o.push_str("\n<dl class=\"kv\">");
    if let Some(impact) = st.impact {
        o.push_str("<div><dt>Account impact</dt><dd><span class=\"impact\" aria-hidden=\"true\">");
        for &on in &st.impact_pips {
            o.push_str(if on {
                "<span class=\"pip on\"></span>"
            } else {
                "<span class=\"pip\"></span>"
            });
        }
        o.push_str("</span> level ");
        disp(o, impact);
        o.push_str(" of 4</dd></div>");
    }
    if let Some(h) = &st.health {
        put!(o; "<div><dt>Health</dt><dd><span class=\"badge health-" {h.id} "\">" {&h.label} "</span></dd></div>");
    }
    if let Some(t) = nonempty(&st.long_term_ambition_html) {
        put!(o; "<div class=\"kv-wide\"><dt>Long-term ambition</dt><dd>" [t] "</dd></div>");
    }
    if !st.what_we_need_html.is_empty() {
        o.push_str("<div class=\"kv-wide\"><dt>What we need from our own company</dt><dd><ul>");
        for t in &st.what_we_need_html {
            put!(o; "<li>" [t] "</li>");
        }
        o.push_str("</ul></dd></div>");
    }
    o.push_str("\n</dl>");
    if !st.has_content {
        o.push_str("\n  ");
        empty_note(o, "Not yet filled in.");
    }
    o.push_str("\n</section>\n");
}

/// The `findings` section (`sections.findings`).
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
<p class="section-sub">What the plan checks find in this plan.</p>
<ul class="warnings findings">"#,
        );
        for f in &p.findings {
            o.push_str("\n<li data-code=\"");
            esc(o, f.code);
            o.push_str("\">\n<p><code class=\"code\">");
            esc(o, f.code);
            o.push_str("</code> <a class=\"finding-target\" href=\"");
            esc(o, &f.href);
            o.push_str("\">");
            o.push_str(&f.target_html);
            o.push_str("</a>");
            match &f.source_url {
                Some(_) => source_link(o, f.source_url.as_deref(), f.line),
                None => {
                    o.push_str(" <span class=\"muted\">line ");
                    disp(o, f.line);
                    o.push_str("</span>");
                }
            }
            o.push_str("</p>\n<p>");
            o.push_str(&f.message_html);
            o.push_str("</p>");
            if let Some(h) = nonempty(&f.hint_html) {
                o.push_str("<p class=\"hint\">");
                o.push_str(h);
                o.push_str("</p>");
            }
            o.push_str("\n</li>");
        }
        o.push_str("\n</ul>\n</section>");
    }
    o.push('\n');
}
