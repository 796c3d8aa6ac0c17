//! The finding list of an attention page (`g.entries_html`): one item per
//! finding, with the data the filter reads.

use super::*;
use crate::keyword::Keyword;
use crate::render::context::FindingView;

/// The items of a finding list (its `<li>`s, each on its own line).
pub fn finding_items(o: &mut String, entries: &[FindingView], root: &str) {
    for f in entries {
        o.push_str("\n<li class=\"finding");
        if f.key {
            o.push_str(" finding-key");
        }
        put!(o; "\" data-code=\"" {f.code.as_str()} "\" data-file=\"" {&f.file} "\" data-line=\"");
        disp(o, f.line);
        o.push('"');
        if let Some(account) = f.account.as_deref().filter(|a| !a.is_empty()) {
            put!(o; " data-account=\"" {account} "\"");
        } else if let Some(member) = f.member.as_deref().filter(|m| !m.is_empty()) {
            put!(o; " data-member=\"" {member} "\"");
        }
        put!(o; ">\n<a class=\"finding-subject\" href=\"" {root} {&f.url} "\">" {&f.subject} "</a>");
        if let Some(s) = f.segment {
            o.push(' ');
            seg_badge(o, s.as_str(), "", false);
        }
        o.push_str("\n<span class=\"finding-message\">");
        o.push_str(&f.message_html);
        if let Some(owner) = f.owner.as_deref().filter(|w| !w.is_empty()) {
            put!(o; " <span class=\"finding-owner\">Owner: " {owner} "</span>");
        }
        source_link(o, f.source_url.as_deref(), f.line);
        o.push_str("</span>");
        if !f.hint.is_empty() {
            o.push_str("<span class=\"finding-hint\">");
            o.push_str(&f.hint_html);
            o.push_str("</span>");
        }
        o.push_str("\n</li>");
    }
}
