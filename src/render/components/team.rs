//! The team page's item tables: the relationships a member covers and the
//! actions they own (handed to `team.html` as `tables.covered` and
//! `tables.actions`).

use super::*;
use crate::keyword::Keyword;
use crate::render::escape::push_without_tags;
use crate::render::team_page::{CoveredContact, OwnedAction, Todo};

/// The customer contacts whose relationship `member` covers, sortable.
pub fn covered_table(o: &mut String, rows: &[CoveredContact], member: &str, root: &str) {
    put!(o; "<div class=\"table-scroll\" role=\"region\" aria-label=\"Contacts covered\" tabindex=\"0\">\n<table class=\"data phone-cards\" data-sortable>\n<caption class=\"visually-hidden\">Customer contacts whose relationship "
        {member} " owns</caption>\n<thead><tr><th scope=\"col\" data-sort=\"text\">Contact</th><th scope=\"col\" data-sort=\"text\">Account</th><th scope=\"col\" data-sort=\"text\">Relationship</th></tr></thead>\n<tbody>");
    for c in rows {
        put!(o; "\n<tr>\n<th scope=\"row\" data-value=\"" {&c.name.to_lowercase()} "\"><a href=\"" {root} {&c.url} "\">" {&c.name} "</a>");
        if let Some(t) = nonempty(&c.title) {
            put!(o; "<span class=\"sub\">" {t} "</span>");
        }
        put!(o; "</th>\n<td data-label=\"Account\" data-value=\"" {&c.account_name.to_lowercase()} "\"><a href=\"" {root} {&c.account_url} "\">"
            {&c.account_name} "</a></td>\n<td data-label=\"Relationship\" data-value=\"");
        match c.relationship {
            Some(r) => put!(o; {r.as_str()} "\"><span class=\"badge rel-" {r.as_str()} "\">" {r.as_str()} "</span>"),
            None => o.push_str("\"><span class=\"muted\">not rated</span>"),
        }
        o.push_str("</td>\n</tr>");
    }
    o.push_str("\n</tbody>\n</table>\n</div>");
}

/// The actions `member` owns across the plans, sortable; a note when there are none.
pub fn actions_table(o: &mut String, actions: &[OwnedAction], member: &str, root: &str) {
    if actions.is_empty() {
        o.push_str("<p class=\"empty\">No actions assigned in any plan.</p>");
        return;
    }
    put!(o; "<div class=\"table-scroll\" role=\"region\" aria-label=\"Actions owned\" tabindex=\"0\">\n<table class=\"data phone-cards\" data-sortable>\n<caption class=\"visually-hidden\">Actions owned by "
        {member} "</caption>\n<thead>\n<tr>\n<th scope=\"col\" data-sort=\"text\">Action</th>\n<th scope=\"col\" data-sort=\"text\">Account</th>\n<th scope=\"col\" data-sort=\"text\">Due</th>\n<th scope=\"col\" data-sort=\"text\">Status</th>\n</tr>\n</thead>\n<tbody>");
    for act in actions {
        o.push_str("\n<tr");
        if act.overdue {
            o.push_str(" class=\"is-overdue\"");
        }
        put!(o; ">\n<th scope=\"row\" data-value=\"" {&act.title.to_lowercase()} "\"><a href=\"" {root} {&act.url} "\">");
        push_without_tags(o, &act.title_html);
        put!(o; "</a></th>\n<td data-label=\"Account\" data-value=\"" {&act.account_name.to_lowercase()} "\"><a href=\"" {root} {&act.account_url}
            "\">" {&act.account_name} "</a></td>\n<td data-label=\"Due\" data-value=\"");
        match nonempty(&act.due) {
            Some(d) => put!(o; {d} "\"><span class=\"nowrap\">" {d} "</span>"),
            None => o.push_str("9999\"><span class=\"muted\">—</span>"),
        }
        if act.overdue {
            o.push_str(" <span class=\"flag flag-overdue\">overdue</span>");
        }
        let status = act.status.as_str();
        put!(o; "</td>\n<td data-label=\"Status\" data-value=\"" {status} "\">");
        pill(o, "action", status);
        o.push_str("</td>\n</tr>");
    }
    o.push_str("\n</tbody>\n</table>\n</div>");
}

/// A to-do list (`tables.todo`, `tables.line_todo`): open actions, findings
/// on the plans owned, plans due for review; `prefix` keeps heading ids
/// unique when a page has two.
pub fn todo_list(o: &mut String, todo: &Todo, root: &str, prefix: &str, whose: &str) {
    if todo.is_empty() {
        put!(o; "<p class=\"empty\">Nothing to do: no open action, no finding on " {whose} " plans, no plan due for review.</p>");
        return;
    }
    o.push_str("<div class=\"todo\">");
    // Open actions.
    put!(o; "\n<section class=\"todo-part\" aria-labelledby=\"" [prefix] "-actions\">\n<h3 id=\"" [prefix] "-actions\">Open actions <span class=\"count-badge\">");
    disp(o, todo.actions_total);
    o.push_str("</span>");
    if todo.actions_overdue > 0 {
        o.push_str(" <span class=\"flag flag-overdue\">");
        disp(o, todo.actions_overdue);
        o.push_str(" overdue</span>");
    }
    o.push_str("</h3>");
    if todo.actions.is_empty() {
        o.push_str("\n<p class=\"empty\">No open action.</p>");
    } else {
        o.push_str("\n<ol class=\"todo-list\">");
        for act in &todo.actions {
            o.push_str("\n<li");
            if act.overdue {
                o.push_str(" class=\"is-overdue\"");
            }
            put!(o; "><a href=\"" {root} {&act.url} "\">");
            push_without_tags(o, &act.title_html);
            put!(o; "</a> <span class=\"sub\"><a href=\"" {root} {&act.account_url} "\">" {&act.account_name} "</a>");
            match nonempty(&act.due) {
                Some(d) => put!(o; " · due <span class=\"nowrap\">" {d} "</span>"),
                None => o.push_str(" · no due date"),
            }
            o.push_str("</span> ");
            if act.overdue {
                o.push_str("<span class=\"flag flag-overdue\">overdue</span> ");
            }
            pill(o, "action", act.status.as_str());
            o.push_str("</li>");
        }
        o.push_str("\n</ol>");
        todo_more(o, todo.actions.len(), todo.actions_total, "open actions");
    }
    o.push_str("\n</section>");
    // Findings on the plans owned.
    put!(o; "\n<section class=\"todo-part\" aria-labelledby=\"" [prefix] "-findings\">\n<h3 id=\"" [prefix] "-findings\">Findings on " {whose} " plans <span class=\"count-badge\">");
    disp(o, todo.findings_total);
    o.push_str("</span></h3>");
    if todo.findings.is_empty() {
        o.push_str("\n<p class=\"empty\">No finding.</p>");
    } else {
        o.push_str("\n<ul class=\"todo-list\">");
        for f in &todo.findings {
            put!(o; "\n<li data-code=\"" {f.code.as_str()} "\"><a href=\"" {root} {&f.url} "\">" {&f.subject} "</a> <span class=\"sub\"><strong>" {f.label} ":</strong> " [&f.message_html] "</span>");
            source_link(o, f.source_url.as_deref(), f.line);
            o.push_str("</li>");
        }
        o.push_str("\n</ul>");
        todo_more(o, todo.findings.len(), todo.findings_total, "findings");
    }
    o.push_str("\n</section>");
    // Plans due for review.
    put!(o; "\n<section class=\"todo-part\" aria-labelledby=\"" [prefix] "-reviews\">\n<h3 id=\"" [prefix] "-reviews\">Plans due for review <span class=\"count-badge\">");
    disp(o, todo.reviews_total);
    o.push_str("</span></h3>");
    if todo.reviews.is_empty() {
        o.push_str("\n<p class=\"empty\">No plan is due for review in the next 30 days.</p>");
    } else {
        o.push_str("\n<ul class=\"todo-list\">");
        for r in &todo.reviews {
            put!(o; "\n<li><a href=\"" {root} {&r.account_url} "\">" {&r.account_name} "</a> <span class=\"sub\">");
            match (nonempty(&r.last_review), nonempty(&r.due)) {
                (Some(last), Some(due)) => put!(o; "reviewed " {last} ", due " {due}),
                _ => o.push_str("never reviewed"),
            }
            o.push_str("</span>");
            if r.overdue {
                o.push_str(" <span class=\"flag flag-stale\">overdue</span>");
            }
            o.push_str("</li>");
        }
        o.push_str("\n</ul>");
        todo_more(o, todo.reviews.len(), todo.reviews_total, "plans");
    }
    o.push_str("\n</section>\n</div>");
}

/// "+N more" under a to-do list cut short.
fn todo_more(o: &mut String, shown: usize, total: usize, what: &str) {
    if total > shown {
        o.push_str("\n<p class=\"more\">+");
        disp(o, total - shown);
        put!(o; " more " {what} "</p>");
    }
}
