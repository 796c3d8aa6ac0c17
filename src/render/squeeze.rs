//! Indentation out of the HTML templates. Templates (and the components,
//! whose markup strings are written without it) indent their markup to
//! stay readable; on the page the spaces that start a line before a tag
//! were about 8% of a plan page (50 MB of a 10,000-plan site) and change
//! nothing a reader sees: HTML collapses them with the line break they
//! follow, and the line break stays. Each template is squeezed once, when
//! the theme is compiled, so pages cost nothing more to render (a pass
//! over every rendered page took 8% of a build's CPU). Preformatted
//! elements (`pre`, `textarea`) and raw text (`script`, `style`) keep
//! their whitespace.

/// Elements whose content keeps its whitespace.
const RAW: [&[u8]; 4] = [b"pre", b"textarea", b"script", b"style"];

/// The template `source` without the indentation of its lines that start
/// with a tag or a Tera tag (`<`, `{{`, `{%`, `{#`): what such a line
/// writes starts a line of the page, where the spaces before it collapse.
pub fn template(source: &str) -> String {
    let mut bytes = source.as_bytes().to_vec();
    strip_indentation(&mut bytes, b"<{");
    // Only ASCII spaces and tabs after a line break go: still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|_| source.to_string())
}

/// Removes the spaces and tabs between a line break and a byte of `before`
/// in `html`, outside the elements of [`RAW`], in place.
pub fn strip_indentation(html: &mut Vec<u8>, before: &[u8]) {
    let raw = raw_ranges(html);
    let mut raw = raw.iter().peekable();
    let len = html.len();
    let mut read = 0;
    let mut write = 0;
    let mut from = 0;
    while let Some(at) = html[from..].iter().position(|&b| b == b'\n').map(|i| from + i) {
        let start = at + 1;
        let mut end = start;
        while end < len && matches!(html[end], b' ' | b'\t') {
            end += 1;
        }
        from = end.max(start);
        if end == start || end == len || !before.contains(&html[end]) {
            continue;
        }
        while raw.next_if(|r| r.end <= at).is_some() {}
        if raw.peek().is_some_and(|r| r.start <= at) {
            continue;
        }
        // Keep everything up to the line break, drop the indentation.
        html.copy_within(read..start, write);
        write += start - read;
        read = end;
    }
    html.copy_within(read..len, write);
    write += len - read;
    html.truncate(write);
}

/// The byte ranges of the elements of [`RAW`] (from their start tag to the
/// `<` of their end tag, or to the end), in order. Tag names match in any
/// case, as HTML has them.
fn raw_ranges(html: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut from = 0;
    while let Some(lt) = html[from..].iter().position(|&b| b == b'<').map(|i| from + i) {
        from = lt + 1;
        let Some(name) = RAW.iter().find(|name| tag_named(&html[lt + 1..], name)) else {
            continue;
        };
        let end = find_end_tag(html, lt + 1 + name.len(), name).unwrap_or(html.len());
        ranges.push(lt..end);
        from = end.max(from);
    }
    ranges
}

/// Whether `rest` (the bytes after a `<`) starts with the tag `name`, in any case.
fn tag_named(rest: &[u8], name: &[u8]) -> bool {
    rest.len() > name.len()
        && rest[..name.len()].eq_ignore_ascii_case(name)
        && matches!(rest[name.len()], b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Where `</name` starts at or after `from`, in any case.
fn find_end_tag(html: &[u8], mut from: usize, name: &[u8]) -> Option<usize> {
    while let Some(lt) = html[from..].iter().position(|&b| b == b'<').map(|i| from + i) {
        let rest = &html[lt + 1..];
        if rest.first() == Some(&b'/') && tag_named(&rest[1..], name) {
            return Some(lt);
        }
        from = lt + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn squeezed(s: &str) -> String {
        let mut v = s.as_bytes().to_vec();
        strip_indentation(&mut v, b"<");
        String::from_utf8(v).expect("utf-8 in, utf-8 out")
    }

    #[test]
    fn indentation_before_a_tag_goes_and_the_line_break_stays() {
        assert_eq!(
            squeezed("<ul>\n  <li>a</li>\n\t\t<li>b</li>\n</ul>\n"),
            "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"
        );
        assert_eq!(squeezed("<p>\n    \n    <b>x</b>"), "<p>\n    \n<b>x</b>");
    }

    #[test]
    fn text_lines_and_spaces_inside_lines_stay() {
        let s = "<p>one\n    two <b>x</b>  <i>y</i>\n   </p>";
        assert_eq!(squeezed(s), "<p>one\n    two <b>x</b>  <i>y</i>\n</p>");
        assert_eq!(squeezed("a\n  "), "a\n  ");
        assert_eq!(squeezed(""), "");
    }

    #[test]
    fn templates_lose_the_indentation_of_tags_and_tera_tags() {
        let t = "<ul>\n  {%- for x in xs %}\n    <li>{{ x }}</li>\n  {% endfor %}\n  text {{ y }}\n</ul>\n<pre>\n  {{ z }}</pre>";
        assert_eq!(
            template(t),
            "<ul>\n{%- for x in xs %}\n<li>{{ x }}</li>\n{% endfor %}\n  text {{ y }}\n</ul>\n<pre>\n  {{ z }}</pre>"
        );
    }

    #[test]
    fn preformatted_and_raw_text_keep_their_whitespace() {
        let s = "<div>\n  <pre><code>fn x() {\n    <b>\n}</code></pre>\n  <PRE>\n  <i></PRE>\n  <script>\n  <x></script>\n  <p>";
        assert_eq!(
            squeezed(s),
            "<div>\n<pre><code>fn x() {\n    <b>\n}</code></pre>\n<PRE>\n  <i></PRE>\n<script>\n  <x></script>\n<p>"
        );
        // `<prefix>` is not a `pre`; an unclosed `textarea` runs to the end.
        assert_eq!(squeezed("<prefix>\n  <a>"), "<prefix>\n<a>");
        assert_eq!(squeezed("<textarea>\n  <a>\n  <b>"), "<textarea>\n  <a>\n  <b>");
    }
}
