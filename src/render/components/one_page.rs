//! The one-page plan (`sections.one_page` on `accounts/<id>/one-page/`,
//! and each key account of the review pack): the plan's essentials in three
//! columns that print on one landscape page. Every part's heading links to
//! its full section of the plan; a list cut short ends in "+N more".

use super::*;
use crate::keyword::Keyword;
use crate::render::one_page::{Capped, OnePage};

/// Writes the one-page plan of `p` as an `<article>`; `level` is the
/// account name's heading level (1 on its own page, 2 inside the review pack).
pub fn one_page(o: &mut String, p: &OnePage, root: &str, level: u8) {
    let plan = format!("{root}{}", p.plan_url);
    let seg = p.segment.as_str();
    let (h, hp) = (level.clamp(1, 5), level.clamp(1, 5) + 1);
    put!(o; "<article class=\"one-page\" id=\"one-page-" {p.id} "\" aria-labelledby=\"op-" {p.id} "\">\n<header class=\"op-head seg-edge-" {seg}
        "\">\n<div class=\"op-title\">\n<p class=\"eyebrow\">One-page account plan · as of " {&p.today} "</p>\n<h");
    disp(o, h);
    put!(o; " id=\"op-" {p.id} "\"><a href=\"" {&plan} "\">" {p.name} "</a></h");
    disp(o, h);
    o.push_str(">\n<p class=\"op-badges\">");
    seg_badge(o, seg, root, false);
    if let Some(health) = &p.health {
        put!(o; " <span class=\"badge health-" {health.id} "\">health: " {&health.label} "</span>");
    }
    if let Some(i) = p.industry.filter(|i| !i.is_empty()) {
        put!(o; " <span class=\"muted\">" {i} "</span>");
    }
    o.push_str("</p>\n</div>\n<dl class=\"op-facts\">\n<div><dt>Owner</dt><dd>");
    person(o, p.owner.as_ref(), root, "—");
    o.push_str("</dd></div>\n<div><dt>Sponsor</dt><dd>");
    person(o, p.sponsor.as_ref(), root, "none named");
    o.push_str("</dd></div>\n<div><dt>Last review</dt><dd>");
    match &p.last_review {
        Some(d) => put!(o; "<span class=\"nowrap\">" {d} "</span>"),
        None => o.push_str("<span class=\"muted\">never</span>"),
    }
    if p.stale {
        o.push_str(" <span class=\"flag flag-stale\">stale</span>");
    }
    let m = &p.money;
    o.push_str("</dd></div>\n");
    money_facts(o, m, false);
    o.push_str("\n</dl>\n</header>\n<div class=\"op-grid\">\n<div class=\"op-col\">");

    // The heading links to the plan's section; the plan page leaves out the
    // drivers and fix/accomplish/avoid sections when the plan has none.
    let part = |o: &mut String, key: &str, title: &str, anchor: &str| {
        put!(o; "\n<section class=\"op-part op-" {key} "\" aria-labelledby=\"op-" {p.id} "-" {key} "\">\n<h");
        disp(o, hp);
        put!(o; " id=\"op-" {p.id} "-" {key} "\">");
        let absent = (key == "trends" && !p.has_drivers) || (key == "faa" && p.faa.is_empty());
        if absent {
            esc(o, title);
        } else {
            put!(o; "<a href=\"" {&plan} {anchor} "\">" {title} "</a>");
        }
        o.push_str("</h");
        disp(o, hp);
        o.push('>');
    };
    let more = |o: &mut String, n: usize, anchor: &str| {
        if n > 0 {
            put!(o; "\n<p class=\"op-more\"><a href=\"" {&plan} {anchor} "\">+");
            disp(o, n);
            o.push_str(" more</a></p>");
        }
    };

    // Column 1: where we stand, and with whom.
    part(o, "status", "Partnership status", "#section-status");
    if p.ladder.is_empty() {
        empty_note(o, "Not set.");
    } else {
        o.push_str("\n<dl class=\"op-ladder\">");
        for row in &p.ladder {
            put!(o; "<div><dt>" {row.label} "</dt><dd>");
            match &row.level {
                Some(l) => esc(o, &l.label),
                None => o.push_str("<span class=\"not-set\">not set</span>"),
            }
            o.push_str("</dd></div>");
        }
        o.push_str("</dl>");
        if let Some(gap) = &p.ambition_gap {
            put!(o; "\n<p class=\"op-note\">Ambition gap: " {gap} ".</p>");
        }
    }
    if let Some(vp) = &p.value_proposition_html {
        put!(o; "\n<p class=\"op-text\"><span class=\"op-label\">Value proposition:</span> " [vp] "</p>");
    }
    o.push_str("\n</section>");

    part(o, "contacts", "Relationship map", "#section-contacts");
    list(
        o,
        &p.contacts,
        "No contacts yet.",
        |o, c| {
            put!(o; "<a href=\"" {&plan} {&c.anchor} "\">" {c.name} "</a>");
            if let Some(t) = c.title.filter(|t| !t.is_empty()) {
                put!(o; " <span class=\"muted\">" {t} "</span>");
            }
        },
        |o, c| {
            if let Some(r) = &c.role {
                pill(o, "role", r.id);
                o.push(' ');
            }
            match &c.relationship {
                Some(r) => {
                    put!(o; "<span class=\"badge rel-" {r.id} "\">" {&r.label} "</span>");
                }
                None => o.push_str("<span class=\"not-set\">relationship not rated</span>"),
            }
            if let Some(i) = &c.influence {
                put!(o; " <span class=\"muted\">" {&i.label} " influence</span>");
            }
            if let Some(boss) = c.reports_to {
                put!(o; " <span class=\"op-reports\">reports to " {boss} "</span>");
            }
        },
    );
    more(o, p.contacts.more, "#section-contacts");
    o.push_str("\n</section>");

    part(o, "actions", "Next actions", "#section-actions");
    list(
        o,
        &p.actions,
        "No open actions.",
        |o, a| {
            put!(o; "<a href=\"" {&plan} {&a.anchor} "\">" [&a.title_html] "</a>");
        },
        |o, a| {
            put!(o; "<span class=\"badge action-" {a.status.id} "\">" {&a.status.label} "</span>");
            if let Some(d) = &a.due {
                o.push_str(" <span class=\"");
                o.push_str(if a.overdue { "overdue" } else { "muted" });
                put!(o; "\">due " {d} "</span>");
            }
            if a.overdue {
                o.push_str(" <span class=\"flag flag-overdue\">overdue</span>");
            }
            if let Some(w) = &a.owner {
                put!(o; " <span class=\"muted\">" {w.name} "</span>");
            }
        },
    );
    more(o, p.actions.more, "#section-actions");
    o.push_str("\n</section>\n</div>\n<div class=\"op-col\">");

    // Column 2: what the customer wants, and the world around them.
    part(o, "faa", "Fix · accomplish · avoid", "#section-faa");
    if p.faa.is_empty() {
        empty_note(o, "Not set.");
    }
    for col in &p.faa {
        put!(o; "\n<p class=\"op-faa-label op-faa-" {col.key} "\">" {col.label} "</p>");
        list(o, &col.items_html, "—", |o, t| o.push_str(t), no_sub);
        more(o, col.items_html.more, "#section-faa");
    }
    o.push_str("\n</section>");

    part(o, "trends", "Trends", "#section-drivers");
    list(
        o,
        &p.trends,
        "No external drivers noted.",
        |o, t| {
            o.push_str("<span class=\"op-label\">");
            capitalize(o, &t.category.label);
            put!(o; ":</span> " [&t.text_html]);
        },
        no_sub,
    );
    more(o, p.trends.more, "#section-drivers");
    o.push_str("\n</section>\n</div>\n<div class=\"op-col\">");

    // Column 3: the money, our goals, where we win and where we are exposed.
    part(o, "revenue", "Revenue goal", "#section-financials");
    if p.revenue.is_empty() {
        empty_note(o, "No prior year, target or revenue goal set yet.");
    } else {
        put!(o; "\n<table class=\"op-bars\">\n<caption class=\"visually-hidden\">Revenue goal against prior year and target, in " {&m.currency} "</caption>");
        for b in &p.revenue {
            put!(o; "\n<tr class=\"op-bar-" {b.key} "\"><th scope=\"row\">" {b.label} "</th><td><span class=\"op-bar\" style=\"width: ");
            disp(o, b.pct);
            put!(o; "%\"></span></td><td class=\"num\">" {&b.amount.short()} "</td></tr>");
        }
        o.push_str("\n</table>");
    }
    o.push_str("\n</section>");

    part(o, "goals", "Account goals", "#section-goals");
    list(
        o,
        &p.goals,
        "No goals yet.",
        |o, g| {
            put!(o; "<a href=\"" {&plan} {&g.anchor} "\">" [&g.title_html] "</a>");
        },
        |o, g| {
            put!(o; "<span class=\"badge goal-" {g.status.id} "\">" {&g.status.label} "</span>");
            if let Some(d) = &g.due {
                put!(o; " <span class=\"muted\">due " {d} "</span>");
            }
        },
    );
    more(o, p.goals.more, "#section-goals");
    o.push_str("\n</section>");

    part(o, "differentiators", "Differentiators", "#section-proposition");
    list(
        o,
        &p.differentiators,
        "None written yet.",
        |o, d| {
            o.push_str(&d.text_html);
            if let Some(c) = d.against {
                put!(o; " <a class=\"muted\" href=\"" {&plan} {&d.anchor} "\">vs " {c} "</a>");
            }
        },
        no_sub,
    );
    more(o, p.differentiators.more, "#section-proposition");
    o.push_str("\n</section>");

    part(o, "vulnerabilities", "Vulnerabilities", "#swot");
    list(
        o,
        &p.vulnerabilities,
        "No weaknesses or threats noted.",
        |o, v| {
            put!(o; "<a class=\"op-label\" href=\"" {&plan} {&v.anchor} "\">");
            capitalize(o, v.kind);
            put!(o; ":</a> " [&v.text_html]);
        },
        no_sub,
    );
    more(o, p.vulnerabilities.more, "#swot");
    o.push_str("\n</section>\n</div>\n</div>\n</article>\n");
}

/// A person's name linking to their team page, or `none` muted.
fn person(o: &mut String, who: Option<&crate::render::context::PersonRef>, root: &str, none: &str) {
    match who {
        Some(w) => put!(o; "<a href=\"" {root} {&w.url} "\">" {w.name} "</a>"),
        None => put!(o; "<span class=\"muted\">" {none} "</span>"),
    }
}

/// A capped list: each item's main text (`main`, at most two lines when
/// printed) and, when `sub` writes any, a line of badges and dates under it.
fn list<T>(
    o: &mut String,
    items: &Capped<T>,
    empty: &str,
    main: impl Fn(&mut String, &T),
    sub: impl Fn(&mut String, &T),
) {
    if items.is_empty() {
        empty_note(o, empty);
        return;
    }
    o.push_str("\n<ul class=\"op-list\">");
    for x in &items.items {
        o.push_str("\n<li><span class=\"op-main\">");
        main(o, x);
        o.push_str("</span>");
        let open = o.len();
        o.push_str("<span class=\"op-sub\">");
        let start = o.len();
        sub(o, x);
        if o.len() == start {
            o.truncate(open);
        } else {
            o.push_str("</span>");
        }
        o.push_str("</li>");
    }
    o.push_str("\n</ul>");
}

/// No line under an item.
fn no_sub<T>(_: &mut String, _: &T) {}
