//! HTML escaping: the one rule every page, template and preview overlay uses.
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
}
