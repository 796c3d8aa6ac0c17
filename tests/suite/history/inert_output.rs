//! `log` and `diff` print plan text that drives neither a terminal (no
//! control characters) nor a pull-request comment (checked by rendering it
//! as GitHub-flavoured Markdown with comrak).

use crate::common;

use common::git::{commit, git_init, run};
use common::{code, stderr, write};
use std::path::Path;
use tempfile::TempDir;

const TODAY: &str = "2026-11-23";

fn member(name: &str) -> String {
    format!("---\nname: {name}\n---\n")
}

/// A plan with a name, an owner and `rest` (YAML lines).
fn plan(name: &str, rest: &str) -> String {
    format!("---\nname: {name}\nowner: alex-king\n{rest}---\nNotes.\n")
}

/// Config (a fixed potential threshold) and one team member.
fn base_site(root: &Path) {
    write(
        root,
        "planfolio.yaml",
        "title: Hardening\ncurrency: GBP\nsegmentation:\n  potential: {high_from: 1000000}\n",
    );
    write(root, "content/team/alex-king.md", &member("Alex King"));
}

/// Plan names that would be HTML, an image, a link, an autolink, a mention,
/// an issue link, emphasis or code in GitHub-flavoured Markdown.
const HOSTILE: &[&str] = &[
    "<img src=x onerror=alert(1)>",
    "![t](http://evil.example/t.png)",
    "[l](javascript:alert(1))",
    "@someone and x@evil.example",
    "*emph* **strong** ~~gone~~",
    "_x_ and `code`",
    "https://evil.example and WWW.evil.example",
    "<https://evil.example> &lt;b&gt; #12 $x$",
    "a | b",
];

/// The name that clears a terminal and sets its title (YAML double-quoted
/// escapes: `\e` is ESC, `\a` is BEL).
const TERMINAL: &str = r#""Evil \e]0;PWNED\a\e[2J""#;

/// c1 2026-09-01: Alpha. c2 2026-10-01 (a hostile subject): Alpha renamed
/// "Cell | split <b>x</b>" with a hostile goal and Ann warmer; one plan per
/// hostile name added, and one named [`TERMINAL`].
fn hostile_repo(root: &Path) {
    git_init(root);
    base_site(root);
    let alpha = |name: &str, relationship: &str, goals: &str| {
        plan(
            name,
            &format!("contacts:\n  - id: ann\n    name: Ann\n    relationship: {relationship}\n{goals}"),
        )
    };
    write(root, "content/accounts/alpha.md", &alpha("Alpha", "weak", ""));
    commit(root, "2026-09-01", "Alpha");
    write(
        root,
        "content/accounts/alpha.md",
        &alpha(
            "\"Cell | split <b>x</b>\"",
            "good",
            "goals:\n  - id: g1\n    title: \"[goal](http://evil.example) \\e[31mred\"\n",
        ),
    );
    for (i, name) in HOSTILE.iter().enumerate() {
        write(
            root,
            &format!("content/accounts/h{i}.md"),
            &plan(&format!("\"{name}\""), ""),
        );
    }
    write(root, "content/accounts/terminal.md", &plan(TERMINAL, ""));
    commit(
        root,
        "2026-10-01",
        "*Evil* <img src=x onerror=alert(1)> @someone \u{1b}]0;PWNED\u{7}",
    );
}

/// stdout of a successful run.
fn output(root: &Path, args: &[&str]) -> Vec<u8> {
    let o = run(root, args);
    assert_eq!(code(&o), 0, "{args:?}: {}", stderr(&o));
    o.stdout
}

#[test]
fn log_and_diff_never_print_terminal_control_characters() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path();
    hostile_repo(root);
    let runs: [&[&str]; 4] = [
        &["log", "--format", "markdown", "--today", TODAY],
        &["log", "--format", "json", "--today", TODAY],
        &["diff", "HEAD~1", "--format", "markdown", "--today", TODAY],
        &["diff", "HEAD~1", "--format", "json", "--today", TODAY],
    ];
    for args in runs {
        let out = output(root, args);
        let text = String::from_utf8_lossy(&out);
        assert!(text.contains("PWNED"), "{args:?}: the name is there:\n{text}");
        let raw: Vec<(usize, u8)> = out
            .iter()
            .copied()
            .enumerate()
            .filter(|(_, b)| (*b < 0x20 && *b != b'\n') || *b == 0x7f)
            .collect();
        assert!(raw.is_empty(), "{args:?} printed control bytes {raw:?}:\n{text}");
    }
}

/// The text a reader sees in `html`: tags dropped, entities decoded, and
/// the zero-width spaces that break mentions removed.
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag && c != '\u{200b}' => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// `markdown` as GitHub renders a comment: GFM with its autolink, table and
/// strikethrough extensions, and raw HTML let through (GitHub keeps `<img>`).
/// GFM's tag filter (which only disarms `<script>`, `<iframe>` and a few
/// others) is left out: comrak no longer has it, and without it any HTML
/// that got through would show all the more.
fn render_gfm(markdown: &str) -> String {
    let mut options = comrak::Options::default();
    options.extension.autolink = true;
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.render.r#unsafe = true;
    comrak::markdown_to_html(markdown, &options)
}

/// What GFM must not make of plan text: HTML, images, links, emphasis,
/// mentions, issue links, extra table cells; and the names still read.
fn assert_inert(what: &str, markdown: &str, names: &[&str]) {
    let html = render_gfm(markdown);
    let context = format!("{what}:\n{markdown}\n---\n{html}");
    for forbidden in [
        "<img",
        "<a ",
        "<em>",
        "<del>",
        "<b>",
        "<strong>strong</strong>",
        "<code>code</code>",
    ] {
        assert!(!html.contains(forbidden), "{forbidden} in {context}");
    }
    // GitHub links `@name` and `#12` in the rendered text (`&#39;` is an entity).
    for (i, _) in html.match_indices(['@', '#']) {
        let next = html[i + 1..].chars().next().unwrap_or(' ');
        let entity = html[..i].ends_with('&');
        assert!(
            entity || !next.is_ascii_alphanumeric(),
            "a mention or issue link at {i} in {context}"
        );
    }
    let text = visible_text(&html);
    for name in names {
        assert!(text.contains(name), "{name:?} does not read as written in {context}");
    }
}

#[test]
fn diff_and_log_markdown_are_inert_in_github_flavoured_markdown() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path();
    hostile_repo(root);
    let cell = "Cell | split <b>x</b>";
    let mut names: Vec<&str> = HOSTILE.to_vec();
    names.extend([cell, "[goal](http://evil.example)"]);

    let diff = String::from_utf8(output(root, &["diff", "HEAD~1", "--today", TODAY])).unwrap();
    assert_inert("diff", &diff, &names);
    // Alpha's row of the changed plans keeps its six cells.
    let html = render_gfm(&diff);
    assert!(html.contains("<table>"), "{html}");
    let row = html
        .split("<tr>")
        .find(|r| visible_text(r).contains(cell))
        .unwrap_or_else(|| panic!("no row for Alpha in {html}"));
    assert_eq!(row.matches("<td").count(), 6, "{row}");

    let log = String::from_utf8(output(root, &["log", "--today", TODAY])).unwrap();
    names.retain(|n| !n.contains("goal"));
    names.push("*Evil* <img src=x onerror=alert(1)> @someone");
    assert_inert("log", &log, &names);
}
