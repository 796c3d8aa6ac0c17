//! The plan page's strategy sections: narrative, customer, drivers, FAA,
//! objectives, goals, actions.

use super::*;
use crate::keyword::Keyword;

/// The `narrative` section (`sections.narrative`).
pub fn narrative(o: &mut String, p: &PlanPage, _root: &str) {
    if !p.body_html.trim().is_empty() {
        put!(o; "\n<section id=\"section-narrative\" class=\"plan-section\" aria-labelledby=\"hd-narrative\">\n<h2 id=\"hd-narrative\">Narrative</h2>\n<div class=\"prose narrative\">"
            [&p.body_html] "</div>\n</section>");
    }
    o.push('\n');
}

/// The `customer` section (`sections.customer`).
pub fn customer(o: &mut String, p: &PlanPage, _root: &str) {
    let c = &p.plan.customer;
    o.push_str("<section id=\"section-customer\" class=\"plan-section\" aria-labelledby=\"hd-customer\">\n<h2 id=\"hd-customer\">Customer</h2>");
    if !c.has_content {
        empty_note(o, "Not yet filled in.");
    }
    if let Some(v) = nonempty(&c.vision_html) {
        put!(o; "\n<blockquote class=\"vision\"><p class=\"vp-label\">Their vision</p><p>" [v] "</p></blockquote>");
    }
    if let Some(v) = nonempty(&c.overview_html) {
        put!(o; "\n<div class=\"prose\">" [v] "</div>");
    }
    if !c.kpis.is_empty() {
        o.push_str("\n<h3>How they measure success</h3>\n<div class=\"table-scroll\" role=\"region\" aria-label=\"Customer KPIs\" tabindex=\"0\">\n<table class=\"data compact\">\n<caption class=\"visually-hidden\">Customer KPIs</caption>\n<thead><tr><th scope=\"col\">KPI</th><th scope=\"col\">Current</th><th scope=\"col\">Target</th></tr></thead>\n<tbody>");
        for k in &c.kpis {
            put!(o; "\n<tr><th scope=\"row\">" {&k.name} "</th><td>");
            match nonempty(&k.current_html) {
                Some(v) => o.push_str(v),
                None => o.push_str("<span class=\"muted\">—</span>"),
            }
            o.push_str("</td><td>");
            match nonempty(&k.target_html) {
                Some(v) => put!(o; "<strong>" [v] "</strong>"),
                None => o.push_str("<span class=\"muted\">—</span>"),
            }
            o.push_str("</td></tr>");
        }
        o.push_str("\n</tbody>\n</table>\n</div>");
    }
    if !c.business_units.is_empty() {
        o.push_str("\n<h3>Business units</h3>\n<ul class=\"bu-list\">");
        for b in &c.business_units {
            put!(o; "\n<li id=\"bu-" {&b.id} "\"><strong>" {&b.name} "</strong>");
            if let Some(n) = nonempty(&b.notes_html) {
                put!(o; " <span class=\"muted-ink\">— " [n] "</span>");
            }
            o.push_str("</li>");
        }
        o.push_str("\n</ul>");
    }
    o.push_str("\n</section>\n");
}

/// The `drivers` section (`sections.drivers`).
pub fn drivers(o: &mut String, p: &PlanPage, _root: &str) {
    let d = &p.plan.drivers;
    if d.count > 0 {
        o.push_str("\n<section id=\"section-drivers\" class=\"plan-section\" aria-labelledby=\"hd-drivers\">\n<h2 id=\"hd-drivers\">Why they buy</h2>\n<div class=\"grid-2\">");
        for (kind, ds) in [("External", &d.external), ("Internal", &d.internal)] {
            put!(o; "\n<div class=\"driver-col\">\n<h3>" [kind] " drivers</h3>");
            if ds.is_empty() {
                empty_note(o, "None recorded.");
            } else {
                o.push_str("\n<ul class=\"drivers\">");
                for dr in ds.iter() {
                    put!(o; "\n<li><span class=\"tag\">" {&dr.category.label} "</span> " [&dr.text_html] "</li>");
                }
                o.push_str("\n</ul>");
            }
            o.push_str("\n</div>");
        }
        o.push_str("\n</div>\n</section>");
    }
    o.push('\n');
}

/// The `faa` section (`sections.faa`).
pub fn faa(o: &mut String, p: &PlanPage, _root: &str) {
    if !p.plan.faa.is_empty() {
        o.push_str("\n<section id=\"section-faa\" class=\"plan-section\" aria-labelledby=\"hd-faa\">\n<h2 id=\"hd-faa\">What they want to fix, accomplish and avoid</h2>\n<div class=\"grid-3 faa\">");
        for col in &p.plan.faa {
            put!(o; "\n<div class=\"faa-col faa-" {col.key} "\">\n<h3>" {col.label} "</h3>");
            if col.items_html.is_empty() {
                empty_note(o, "Nothing recorded.");
            } else {
                o.push_str("<ul>");
                for t in &col.items_html {
                    put!(o; "<li>" [t] "</li>");
                }
                o.push_str("</ul>");
            }
            o.push_str("\n</div>");
        }
        o.push_str("\n</div>\n</section>");
    }
    o.push('\n');
}

/// The start of an item section: heading, "not yet filled in" and the list.
fn items_open(o: &mut String, id: &str, title: &str, empty: bool, class: &str) {
    put!(o; "<section id=\"section-" [id] "\" class=\"plan-section\" aria-labelledby=\"hd-" [id] "\">\n<h2 id=\"hd-" [id] "\">" [title] "</h2>");
    if empty {
        empty_note(o, "Not yet filled in.");
    }
    put!(o; "\n<div class=\"" [class] "\">");
}

/// `<p class="xref">` with links to items, or a note when there are none.
fn xref(o: &mut String, label: &str, items: &[ItemRef], none: &str) {
    put!(o; "\n<p class=\"xref\"><span class=\"xref-label\">" [label] "</span>\n        ");
    if items.is_empty() {
        put!(o; "<span class=\"muted\">" [none] "</span>");
    } else {
        refs(o, items, "; ");
    }
    o.push_str("\n</p>");
}

/// `pm::flags` without the codes a badge of the item already shows.
fn flags_except(o: &mut String, all: &[FlagView], shown: &[&str]) {
    let rest: Vec<FlagView> = all.iter().filter(|f| !shown.contains(&f.code)).cloned().collect();
    flags(o, &rest);
}

/// The `objectives` section (`sections.objectives`).
pub fn objectives(o: &mut String, p: &PlanPage, _root: &str) {
    let list = &p.plan.objectives;
    items_open(o, "objectives", "Customer objectives", list.is_empty(), "items");
    for ob in list {
        o.push_str("\n<article class=\"item");
        if ob.priority.id == "high" {
            o.push_str(" prio-high");
        }
        put!(o; "\" id=\"" {&ob.anchor} "\">\n<h3 class=\"item-title\">" [&ob.title_html] "</h3>\n<p class=\"item-meta\">\n<span class=\"badge priority-"
            {ob.priority.id} "\">" {&ob.priority.label} " priority</span>");
        if let Some(bu) = nonempty(&ob.business_unit) {
            put!(o; " <span class=\"meta\">" {bu} "</span>");
        }
        if let Some(c) = &ob.contact {
            put!(o; " <span class=\"meta\">On the hook: <a href=\"" {&c.href} "\">" [&c.title_html] "</a></span>");
        }
        if let Some(s) = ob.swot {
            let s = s.as_str();
            put!(o; " <a class=\"badge swot-" {s} "\" href=\"#swot\">SWOT: " {s} "</a>");
        }
        flags(o, &ob.flags);
        o.push_str("\n</p>");
        if let Some(d) = nonempty(&ob.details_html) {
            put!(o; "<div class=\"prose item-details\">" [d] "</div>");
        }
        xref(o, "Our goals:", &ob.goals, "none linked yet");
        o.push_str("\n</article>");
    }
    o.push_str("\n</div>\n</section>\n");
}

/// The `goals` section (`sections.goals`).
pub fn goals(o: &mut String, p: &PlanPage, _root: &str) {
    let list = &p.plan.goals;
    items_open(o, "goals", "Our goals", list.is_empty(), "items items-grid");
    for g in list {
        o.push_str("\n<article class=\"item");
        if g.status.id == "off-track" {
            o.push_str(" is-off-track");
        }
        put!(o; "\" id=\"" {&g.anchor} "\">\n<h3 class=\"item-title\">" [&g.title_html] "</h3>\n<p class=\"item-meta\">\n<span class=\"badge goal-"
            {g.status.id} "\">" {&g.status.label} "</span>");
        if let Some(d) = nonempty(&g.due) {
            put!(o; " <span class=\"meta\">Due <span class=\"nowrap\">" {d} "</span></span>");
        }
        flags_except(o, &g.flags, &["goal-off-track"]);
        o.push_str("\n</p>\n<dl class=\"kv kv-compact\">\n<div><dt>Measure</dt><dd>");
        match nonempty(&g.measure_html) {
            Some(m) => o.push_str(m),
            None => o.push_str("<span class=\"muted\">not set</span>"),
        }
        o.push_str("</dd></div>");
        if let Some(t) = nonempty(&g.target_html) {
            put!(o; "<div><dt>Target</dt><dd>" [t] "</dd></div>");
        }
        o.push_str("\n</dl>");
        xref(o, "Serves objectives:", &g.objectives, "no objective lists this goal");
        xref(o, "Actions:", &g.actions, "none yet");
        o.push_str("\n</article>");
    }
    o.push_str("\n</div>\n</section>\n");
}

/// The `actions` section (`sections.actions`).
pub fn actions(o: &mut String, p: &PlanPage, root: &str) {
    let list = &p.plan.actions;
    items_open(o, "actions", "Key actions", list.is_empty(), "items");
    for act in list {
        o.push_str("\n<article class=\"item");
        if act.overdue {
            o.push_str(" is-overdue");
        }
        if act.status.id == "blocked" {
            o.push_str(" is-blocked");
        }
        put!(o; "\" id=\"" {&act.anchor} "\">\n<h3 class=\"item-title\">" [&act.title_html] "</h3>\n<p class=\"item-meta\">\n<span class=\"badge action-"
            {act.status.id} "\">" {&act.status.label} "</span>");
        if let Some(w) = &act.owner {
            put!(o; " <span class=\"meta\">Owner: <a href=\"" {root} {&w.url} "\">" {&w.name} "</a></span>");
        }
        if let Some(d) = nonempty(&act.due) {
            o.push_str(" <span class=\"meta");
            if act.overdue {
                o.push_str(" overdue");
            }
            put!(o; "\">Due <span class=\"nowrap\">" {d} "</span>");
            if act.overdue {
                o.push_str(" <span class=\"flag flag-overdue\">overdue</span>");
            }
            o.push_str("</span>");
        }
        flags_except(o, &act.flags, &["blocked-action", "overdue-action"]);
        o.push_str("\n</p>\n<dl class=\"kv kv-compact\">");
        if !act.goals.is_empty() {
            o.push_str("<div><dt>Goals</dt><dd>");
            refs(o, &act.goals, "; ");
            o.push_str("</dd></div>");
        }
        if let Some(r) = nonempty(&act.resources_html) {
            put!(o; "<div><dt>Resources</dt><dd>" [r] "</dd></div>");
        }
        if let Some(m) = nonempty(&act.measure_html) {
            put!(o; "<div><dt>Measure</dt><dd>" [m] "</dd></div>");
        }
        o.push_str("\n</dl>");
        if let Some(n) = nonempty(&act.notes_html) {
            put!(o; "<div class=\"prose item-details notes\"><p class=\"notes-label\">Notes</p>" [n] "</div>");
        }
        o.push_str("\n</article>");
    }
    o.push_str("\n</div>\n</section>\n");
}
