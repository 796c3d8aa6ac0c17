//! HTML text: escaping, the one rule every page, template and preview
//! overlay uses, and stripping tags, the one rule for text taken out of HTML.
//!
//! The five characters that can end a text or a quoted attribute value are
//! escaped: `&`, `<`, `>`, `"` and `'`. A `/` is left as it is (Tera's own
//! escaper writes it as `&#x2F;`, which browsers accept but which turns every
//! relative link into `accounts&#x2F;x&#x2F;index.html` for anyone reading the
//! source or matching URLs); no quoted attribute or text can be closed by it.

use std::borrow::Cow;

/// The entity for a byte that needs one, by byte value.
const ENTITY: [Option<&str>; 256] = {
    let mut t: [Option<&str>; 256] = [None; 256];
    t[b'&' as usize] = Some("&amp;");
    t[b'<' as usize] = Some("&lt;");
    t[b'>' as usize] = Some("&gt;");
    t[b'"' as usize] = Some("&quot;");
    t[b'\'' as usize] = Some("&#x27;");
    t
};

/// Appends `s` to `o`, escaped for HTML text and quoted attribute values.
pub fn push_escaped(o: &mut String, s: &str) {
    let mut last = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        if let Some(entity) = ENTITY[usize::from(b)] {
            o.push_str(&s[last..i]);
            o.push_str(entity);
            last = i + 1;
        }
    }
    o.push_str(&s[last..]);
}

/// `s` escaped for HTML; borrowed when nothing needs escaping.
pub fn escape_html(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| ENTITY[usize::from(b)].is_some()) {
        let mut o = String::with_capacity(s.len() + 16);
        push_escaped(&mut o, s);
        Cow::Owned(o)
    } else {
        Cow::Borrowed(s)
    }
}

/// The escaper handed to Tera for autoescaped templates.
pub fn tera_escape(s: &str) -> String {
    escape_html(s).into_owned()
}

/// Appends `html` without its tags (the one tag stripper): drops every
/// match of `<!--.*?-->|<[^>]*>` (a comment ends on its line: `.` is not a
/// newline) and leaves the rest, entities included, as it is, as Tera's
/// `striptags` filter does in a site's own templates.
pub fn push_without_tags(o: &mut String, html: &str) {
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        o.push_str(&rest[..at]);
        let tail = &rest[at..];
        // The regex tries the comment first, then any tag; an unclosed `<` stays.
        let comment = tail.strip_prefix("<!--").and_then(|body| {
            let line = body.find('\n').map_or(body, |nl| &body[..nl]);
            line.find("-->").map(|end| 4 + end + 3)
        });
        let skip = comment.or_else(|| tail.find('>').map(|end| end + 1));
        match skip {
            Some(n) => rest = &tail[n..],
            None => {
                o.push('<');
                rest = &tail[1..];
            }
        }
    }
    o.push_str(rest);
}

/// `html` without its tags (see [`push_without_tags`]), keeping text and entities.
pub fn without_tags(html: &str) -> String {
    let mut o = String::with_capacity(html.len());
    push_without_tags(&mut o, html);
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_characters_and_keeps_slashes() {
        assert_eq!(escape_html("a&b<c>\"d'e/f é"), "a&amp;b&lt;c&gt;&quot;d&#x27;e/f é");
        assert_eq!(escape_html("accounts/x/index.html"), "accounts/x/index.html");
        assert!(matches!(escape_html("plain/text"), Cow::Borrowed(_)));
    }

    #[test]
    fn no_escaped_text_can_close_a_quoted_attribute_or_open_a_tag() {
        for s in ["\"><script>", "'onmouseover='x", "</a>", "&lt;"] {
            let e = escape_html(s);
            assert!(!e.contains(['<', '>', '"', '\'']), "{s:?} → {e}");
        }
        // `&` itself is escaped, so an entity in the text stays text.
        assert_eq!(escape_html("&lt;"), "&amp;lt;");
    }

    #[test]
    fn tags_are_stripped_as_tera_strips_them() {
        let tera = |s: &str| {
            let mut t = tera::Tera::default();
            t.add_raw_template("t", "{{ s | striptags | safe }}").expect("template");
            let mut ctx = tera::Context::new();
            ctx.insert("s", s);
            t.render("t", &ctx).expect("renders")
        };
        for s in [
            "plain &amp; <strong>bold</strong> <code>x</code>",
            "a <!-- c --> b <!-- two\nlines --> c",
            "<!---->x<!-->y",
            "unclosed < and <b",
            "a > b <i\n>c</i>",
            "",
        ] {
            let mut o = String::new();
            push_without_tags(&mut o, s);
            assert_eq!(o, tera(s), "striptags of {s:?}");
        }
    }

    #[test]
    fn without_tags_keeps_text_and_entities() {
        assert_eq!(without_tags("Cut <em>NPT</em> &amp; <code>x</code>"), "Cut NPT &amp; x");
        assert_eq!(without_tags("plain"), "plain");
    }
}
