//! The frame's main menu, on every page (`site_nav` in `base.html`): written
//! once per page here rather than looped over in Tera, which cost 12 µs a
//! page — a quarter of a second over the 20,000 pages of a large portfolio.

use super::*;
use crate::keyword::Keyword;
use crate::model::Segment;
use crate::render::context::SiteInfo;

/// The menu's list: the dashboard, a link per segment with its number of
/// accounts, and the attention page with the number of findings. The link
/// of the page it is on (`kind`, and `segment` on a segment's pages) is
/// marked `aria-current`.
pub fn site_nav(o: &mut String, site: &SiteInfo, root: &str, kind: &str, segment: Option<Segment>) {
    let current = |here: bool| if here { " aria-current=\"page\"" } else { "" };
    put!(o; "<ul>\n<li><a href=\"" {root} "index.html\"" [current(kind == "dashboard")] ">Dashboard</a></li>");
    for s in &site.segments {
        let id = s.id.as_str();
        put!(o; "\n<li><a class=\"nav-seg seg-" {id} "\" href=\"" {root} "segments/" {id} "/index.html\""
            [current(kind == "segment" && segment == Some(s.id))] "><span class=\"dot\" aria-hidden=\"true\"></span>"
            {s.label} " <span class=\"count\">");
        disp(o, s.count);
        o.push_str("<span class=\"visually-hidden\"> accounts</span></span></a></li>");
    }
    put!(o; "\n<li><a class=\"nav-attention\" href=\"" {root} "attention/index.html\"" [current(kind == "attention")]
        ">Attention <span class=\"count\">");
    disp(o, site.findings);
    o.push_str("<span class=\"visually-hidden\"> findings</span></span></a></li>\n</ul>");
}
