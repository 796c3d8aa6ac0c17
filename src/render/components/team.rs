//! The team page's item tables: the relationships a member covers and the
//! actions they own (handed to `team.html` as `tables.covered` and
//! `tables.actions`).

use super::*;
use crate::keyword::Keyword;
use crate::render::escape::push_without_tags;
use crate::render::team_page::{CoveredContact, OwnedAction};

/// The customer contacts whose relationship `member` covers, sortable.
pub fn covered_table(o: &mut String, rows: &[CoveredContact], member: &str, root: &str) {
    put!(o; "<div class=\"table-scroll\" role=\"region\" aria-label=\"Contacts covered\" tabindex=\"0\">\n  <table class=\"data phone-cards\" data-sortable>\n    <caption class=\"visually-hidden\">Customer contacts whose relationship "
        {member} " owns</caption>\n    <thead><tr><th scope=\"col\" data-sort=\"text\">Contact</th><th scope=\"col\" data-sort=\"text\">Account</th><th scope=\"col\" data-sort=\"text\">Relationship</th></tr></thead>\n    <tbody>");
    for c in rows {
        put!(o; "\n      <tr>\n        <th scope=\"row\" data-value=\"" {&c.name.to_lowercase()} "\"><a href=\"" {root} {&c.url} "\">" {&c.name} "</a>");
        if let Some(t) = nonempty(&c.title) {
            put!(o; "<span class=\"sub\">" {t} "</span>");
        }
        put!(o; "</th>\n        <td data-label=\"Account\" data-value=\"" {&c.account_name.to_lowercase()} "\"><a href=\"" {root} {&c.account_url} "\">"
            {&c.account_name} "</a></td>\n        <td data-label=\"Relationship\" data-value=\"");
        match c.relationship {
            Some(r) => put!(o; {r.as_str()} "\"><span class=\"badge rel-" {r.as_str()} "\">" {r.as_str()} "</span>"),
            None => o.push_str("\"><span class=\"muted\">not rated</span>"),
        }
        o.push_str("</td>\n      </tr>");
    }
    o.push_str("\n    </tbody>\n  </table>\n  </div>");
}

/// The actions `member` owns across the plans, sortable; a note when there are none.
pub fn actions_table(o: &mut String, actions: &[OwnedAction], member: &str, root: &str) {
    if actions.is_empty() {
        o.push_str("<p class=\"empty\">No actions assigned in any plan.</p>");
        return;
    }
    put!(o; "<div class=\"table-scroll\" role=\"region\" aria-label=\"Actions owned\" tabindex=\"0\">\n  <table class=\"data phone-cards\" data-sortable>\n    <caption class=\"visually-hidden\">Actions owned by "
        {member} "</caption>\n    <thead>\n      <tr>\n        <th scope=\"col\" data-sort=\"text\">Action</th>\n        <th scope=\"col\" data-sort=\"text\">Account</th>\n        <th scope=\"col\" data-sort=\"text\">Due</th>\n        <th scope=\"col\" data-sort=\"text\">Status</th>\n      </tr>\n    </thead>\n    <tbody>");
    for act in actions {
        o.push_str("\n      <tr");
        if act.overdue {
            o.push_str(" class=\"is-overdue\"");
        }
        put!(o; ">\n        <th scope=\"row\" data-value=\"" {&act.title.to_lowercase()} "\"><a href=\"" {root} {&act.url} "\">");
        push_without_tags(o, &act.title_html);
        put!(o; "</a></th>\n        <td data-label=\"Account\" data-value=\"" {&act.account_name.to_lowercase()} "\"><a href=\"" {root} {&act.account_url}
            "\">" {&act.account_name} "</a></td>\n        <td data-label=\"Due\" data-value=\"");
        match nonempty(&act.due) {
            Some(d) => put!(o; {d} "\"><span class=\"nowrap\">" {d} "</span>"),
            None => o.push_str("9999\"><span class=\"muted\">—</span>"),
        }
        if act.overdue {
            o.push_str(" <span class=\"flag flag-overdue\">overdue</span>");
        }
        let status = act.status.as_str();
        put!(o; "</td>\n        <td data-label=\"Status\" data-value=\"" {status} "\">");
        pill(o, "action", status);
        o.push_str("</td>\n      </tr>");
    }
    o.push_str("\n    </tbody>\n  </table>\n  </div>");
}
