//! Planfolio's Markdown shortcuts (texts it can tell are plain skip the
//! parser) against the parser itself, on every example of the CommonMark
//! spec (tests/commonmark/, with its licence), as a Markdown field or body
//! and as a text field; and on each example with its spaces and blank lines
//! made of every Unicode whitespace character, which CommonMark does not
//! count as blank (issue 18, target 8).

use planfolio::render::markdown::{
    render, render_inline, render_inline_parsed, render_inline_recurring, render_parsed,
};

/// The Markdown input of every example of the spec.
fn examples() -> Vec<(u64, String)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/commonmark/spec.json");
    let text = std::fs::read_to_string(path).expect("read the vendored spec examples");
    let json: serde_json::Value = serde_json::from_str(&text).expect("spec.json is JSON");
    json.as_array()
        .expect("a list of examples")
        .iter()
        .map(|e| {
            (
                e["example"].as_u64().expect("example number"),
                e["markdown"].as_str().expect("markdown").to_string(),
            )
        })
        .collect()
}

/// Unicode whitespace that is not a space or tab: text to CommonMark.
const UNICODE_SPACES: [char; 19] = [
    '\u{a0}', '\u{2000}', '\u{2001}', '\u{2002}', '\u{2003}', '\u{2004}', '\u{2005}', '\u{2006}', '\u{2007}',
    '\u{2008}', '\u{2009}', '\u{200a}', '\u{3000}', '\u{2028}', '\u{2029}', '\u{85}', '\u{1680}', '\u{202f}',
    '\u{205f}',
];

/// Asserts every entry point renders `text` as the parser does.
#[track_caller]
fn assert_agrees(what: &str, text: &str) {
    for allow_html in [false, true] {
        // Markdown fields and bodies both render through `render`.
        assert_eq!(
            render(text, allow_html, "h-"),
            render_parsed(text, allow_html, "h-"),
            "{what} as a Markdown field or body (allow_html {allow_html}): {text:?}"
        );
        assert_eq!(
            render_inline(text, allow_html),
            render_inline_parsed(text, allow_html),
            "{what} as a text field (allow_html {allow_html}): {text:?}"
        );
    }
    assert_eq!(
        render_inline_recurring(text),
        render_inline_parsed(text, false),
        "{what} as a finding's message: {text:?}"
    );
}

#[test]
fn every_spec_example_renders_as_the_parser_renders_it() {
    let examples = examples();
    assert_eq!(examples.len(), 655, "CommonMark 0.31.2 has 655 examples");
    for (n, markdown) in &examples {
        assert_agrees(&format!("example {n}"), markdown);
        // Each line on its own, as short text fields mostly are.
        for line in markdown.lines() {
            assert_agrees(&format!("a line of example {n}"), line);
        }
    }
}

#[test]
fn unicode_whitespace_is_text_to_every_shortcut() {
    let mut texts: Vec<String> = vec![
        "a\n{}\nb".into(),
        "{}".into(),
        "{}{}".into(),
        "a\n\n{}\n".into(),
        "{}\nTitle".into(),
        "Plain words\n{}\n\nMore words".into(),
        "a{}b".into(),
        "`code`{}".into(),
        "\u{b}".into(),
        "\u{c}".into(),
        "a\n\u{b}\nb".into(),
        "a\n\u{c}\nb".into(),
    ];
    // Every example, its blank lines and then its spaces replaced.
    for (_, markdown) in examples() {
        texts.push(markdown.replace("\n\n", "\n{}\n"));
        texts.push(markdown.replace(' ', "{}"));
    }
    for w in UNICODE_SPACES.iter().chain(&['\u{b}', '\u{c}']) {
        for t in &texts {
            assert_agrees(&format!("U+{:04X}", u32::from(*w)), &t.replace("{}", &w.to_string()));
        }
    }
}

#[test]
fn a_line_of_unicode_space_does_not_split_a_paragraph() {
    // CommonMark: a blank line holds only spaces or tabs; a line of NBSP is
    // a line of the paragraph (and is kept as written).
    assert_eq!(render("a\n\u{a0}\nb", false, "").html, "<p>a\n\u{a0}\nb</p>\n");
    // A lone NBSP is a paragraph, not "nothing written".
    assert_eq!(render("\u{a0}", false, "").html, "<p>\u{a0}</p>\n");
    assert_eq!(render_inline("\u{a0}", false), "\u{a0}");
}

#[test]
fn nul_renders_as_the_replacement_character() {
    // CommonMark §2.3: U+0000 must be replaced with U+FFFD.
    for text in ["a\0b", "\0", "*a\0*", "a\n\0\nb", "`a\0`"] {
        for html in [render(text, false, "").html, render_inline(text, false)] {
            assert!(!html.contains('\0'), "{text:?} gave {html:?}");
            assert!(html.contains('\u{FFFD}'), "{text:?} gave {html:?}");
        }
    }
}
