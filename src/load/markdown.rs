//! What the loader needs to know about Markdown: the parser options every
//! text is read with, and whether a text shows anything at all once rendered.
//! Here, below `derive` and `render`, so that both read texts the same way.

use pulldown_cmark::{Event, Options, Parser, Tag};

/// The Markdown extensions planfolio reads: tables, footnotes,
/// strikethrough and task lists (the one set; `render::markdown` uses it).
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// Whether `text` renders to nothing a reader sees: empty, blanks (a
/// no-break space included), or only link reference definitions such as
/// `[x]: /y`. Any HTML counts as something: shown as text, or kept as a tag.
pub fn renders_empty(text: &str) -> bool {
    !Parser::new_ext(text, options()).any(|event| match event {
        Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
            !t.chars().all(char::is_whitespace)
        }
        Event::Html(_)
        | Event::InlineHtml(_)
        | Event::FootnoteReference(_)
        | Event::TaskListMarker(_)
        | Event::Rule
        | Event::Start(Tag::Image { .. }) => true,
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_texts_and_lone_link_definitions_render_empty() {
        for text in ["", "   ", "\u{a0}", "\n\n", "[x]: /y", "[x]: /y\n[z]: /w \"title\""] {
            assert!(renders_empty(text), "{text:?}");
        }
    }

    #[test]
    fn words_code_html_and_images_render_something() {
        for text in [
            "Board decision",
            "`x`",
            "<b></b>",
            "![](a.png)",
            "---",
            "[x]: /y\n\nBecause",
            "[x]",
        ] {
            assert!(!renders_empty(text), "{text:?}");
        }
    }
}
