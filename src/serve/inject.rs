//! What the preview server adds to HTML pages: the live-reload script and,
//! while the latest build has errors, an overlay listing them.

use crate::render::escape::escape_html as escape;
use crate::words;

/// One problem shown in the overlay.
#[derive(Clone, Debug, PartialEq)]
pub struct OverlayItem {
    pub location: String,
    pub code: String,
    pub message: String,
}

/// The live-reload client: reloads on each rebuild and keeps the scroll
/// position; reconnects after a refusal.
fn script(generation: u64) -> String {
    let retry_ms = u64::from(super::http::RETRY_AFTER_SECS) * 1000;
    format!(
        r#"<script>
(function () {{
  var key = "planfolio-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {{
    sessionStorage.removeItem(key);
    var restore = function () {{ window.scrollTo(0, +saved); }};
    if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
  }}
  var generation = {generation};
  var reload = function () {{ sessionStorage.setItem(key, String(window.scrollY)); location.reload(); }};
  var connect = function () {{
    var source = new EventSource("/__planfolio/live");
    source.addEventListener("reload", function (e) {{ if (+e.data !== generation) reload(); }});
    // A refused stream (503: too many open pages) is closed for good by
    // EventSource; try again later, spread out so refused pages do not return at once.
    source.addEventListener("error", function () {{
      if (source.readyState === 2) setTimeout(connect, {retry_ms} + Math.random() * {retry_ms});
    }});
  }};
  connect();
}})();
</script>"#
    )
}

fn overlay(items: &[OverlayItem]) -> String {
    let mut html = String::from(
        r#"<div id="planfolio-overlay" role="alert" style="position:fixed;inset:auto 1rem 1rem 1rem;max-height:60vh;overflow:auto;z-index:2147483647;background:#2b0b0e;color:#fde8e8;border:2px solid #e5484d;border-radius:10px;padding:1rem 1.25rem;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;box-shadow:0 10px 30px rgba(0,0,0,.4)">"#,
    );
    html.push_str(&format!(
        r#"<strong style="font-size:15px">planfolio: the latest build failed with {} — showing the last good site</strong><ul style="margin:.5rem 0 0;padding-left:1.2rem">"#,
        words::count_s(items.len(), "error")
    ));
    for item in items {
        html.push_str(&format!(
            r#"<li><span style="color:#ffb3b8">{}</span> <b>error[{}]</b>: {}</li>"#,
            escape(&item.location),
            escape(&item.code),
            escape(&item.message)
        ));
    }
    html.push_str("</ul></div>");
    html
}

/// Adds the overlay (when `errors` is not empty) and the live-reload script
/// before `</body>`, or at the end when there is none.
pub fn inject(html: &str, generation: u64, errors: &[OverlayItem]) -> String {
    let mut extra = String::new();
    if !errors.is_empty() {
        extra.push_str(&overlay(errors));
    }
    extra.push_str(&script(generation));
    match html.rfind("</body>") {
        Some(i) => format!("{}{}{}", &html[..i], extra, &html[i..]),
        None => format!("{html}{extra}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_body_end_and_escapes() {
        let items = vec![OverlayItem {
            location: "content/accounts/a.md:3:1".into(),
            code: "yaml-syntax".into(),
            message: "bad <b>".into(),
        }];
        let out = inject("<html><body><p>x</p></body></html>", 7, &items);
        let body_end = out.find("</body>").expect("body");
        assert!(out.find("EventSource").expect("script") < body_end);
        assert!(out.contains("planfolio-overlay"));
        assert!(out.contains("bad &lt;b&gt;"));
        assert!(out.contains("var generation = 7;"));
        assert!(!inject("<p>x</p>", 1, &[]).contains("planfolio-overlay"));
    }
}
