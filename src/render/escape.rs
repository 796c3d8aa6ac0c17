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

/// Whether any of the eight bytes of `chunk` needs an entity: `"`, `&`,
/// `'`, `<` or `>` (0x22, 0x26, 0x27, 0x3C, 0x3E), tested a word at a time.
fn needs_entity(chunk: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // Exact for "some byte is zero" (a borrow only follows a zero byte).
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS != 0;
    has_zero(chunk ^ (ONES * 0x22))
        // 0x26 and 0x27 differ in their lowest bit only, 0x3C and 0x3E in the
        // second (0x3D and 0x3F become 0x3F, which no byte is compared with).
        || has_zero((chunk | ONES) ^ (ONES * 0x27))
        || has_zero((chunk | (ONES * 2)) ^ (ONES * 0x3E))
}

/// The index of the first byte of `bytes` from `i` that needs an entity,
/// skipping eight bytes at a time over text that needs none (most of it).
fn next_special(bytes: &[u8], mut i: usize) -> Option<usize> {
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        if needs_entity(u64::from_le_bytes(word)) {
            break;
        }
        i += 8;
    }
    bytes
        .get(i..)?
        .iter()
        .position(|&b| ENTITY[usize::from(b)].is_some())
        .map(|at| i + at)
}

/// Appends `s` to `o`, escaped for HTML text and quoted attribute values.
pub fn push_escaped(o: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut last = 0;
    while let Some(i) = next_special(bytes, last) {
        o.push_str(&s[last..i]);
        o.push_str(ENTITY[usize::from(bytes[i])].unwrap_or_default());
        last = i + 1;
    }
    o.push_str(&s[last..]);
}

/// `s` escaped for HTML; borrowed when nothing needs escaping.
pub fn escape_html(s: &str) -> Cow<'_, str> {
    if next_special(s.as_bytes(), 0).is_some() {
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
    fn every_byte_at_every_place_of_a_word_is_escaped_as_one_at_a_time() {
        // The word-at-a-time scan against the byte rule, for each byte value
        // at each offset of texts longer than a word.
        let one_at_a_time = |s: &str| {
            let mut o = String::new();
            for c in s.chars() {
                match c {
                    '&' => o.push_str("&amp;"),
                    '<' => o.push_str("&lt;"),
                    '>' => o.push_str("&gt;"),
                    '"' => o.push_str("&quot;"),
                    '\'' => o.push_str("&#x27;"),
                    c => o.push(c),
                }
            }
            o
        };
        for b in 1u8..128 {
            for at in 0..19 {
                let mut text = "abcdefghijklmnopqrs".to_string().into_bytes();
                text[at] = b;
                let text = String::from_utf8(text).expect("ASCII");
                assert_eq!(escape_html(&text), one_at_a_time(&text), "byte {b:#x} at {at}");
            }
        }
        let mixed = "£1.2M <b>café</b> & \"naïve\" 'x' >€<";
        assert_eq!(escape_html(mixed), one_at_a_time(mixed));
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
