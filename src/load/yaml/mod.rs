//! A span-carrying YAML tree built from saphyr-parser's event stream.
//!
//! serde stops at the first error and forgets where values came from; the
//! validator needs every node's line and column, so we build our own tree.
//! The builder is iterative (no recursion on nesting depth) and bounds both
//! depth and alias expansion, so hostile input cannot overflow the stack or
//! explode memory.

pub mod fast;

use crate::diagnostic::Span;
use saphyr_parser::{Event, Marker, Parser, ScalarStyle, ScanError};

/// Deepest nesting accepted; plans need about 5 levels.
pub const MAX_DEPTH: usize = 64;
/// Most nodes a document may expand to, aliases included ("billion laughs").
pub const MAX_NODES: usize = 1_000_000;

/// A YAML node with the place it starts in the source file. Its texts
/// borrow from the source where they can (keys and most plain scalars).
#[derive(Clone, Debug, PartialEq)]
pub struct Node<'a> {
    pub value: Value<'a>,
    pub span: Span,
}

/// The shape of a YAML node.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    /// `~`, `null`, or an empty value.
    Null,
    /// A scalar; `plain` is false for quoted and block scalars.
    Scalar {
        text: std::borrow::Cow<'a, str>,
        plain: bool,
    },
    Seq(Vec<Node<'a>>),
    Map(Vec<(Node<'a>, Node<'a>)>),
}

/// A YAML syntax problem, located.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
    pub hint: Option<String>,
}

impl Node<'_> {
    /// A short name of this node's kind, for messages ("a list", "text").
    pub fn kind_name(&self) -> &'static str {
        match &self.value {
            Value::Null => "nothing",
            Value::Scalar { .. } => "a single value",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// Whether this node is empty (`~`, `null` or nothing at all).
    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }
}

/// A container being built: its start, anchor, items so far and their size
/// in nodes (kept as we go, so anchors never need a walk of their subtree).
enum Open<'a> {
    Seq(Span, usize, Vec<Node<'a>>, usize),
    Map(Span, usize, Vec<(Node<'a>, Node<'a>)>, Option<Node<'a>>, usize),
}

/// Converts a parser marker (1-based line, 0-based column) into a file span.
fn span_at(mark: &Marker, line_offset: u32, len: usize) -> Span {
    Span {
        line: mark.line() as u32 + line_offset,
        col: mark.col() as u32 + 1,
        len: len.max(1) as u32,
    }
}

fn syntax(span: Span, message: String) -> SyntaxError {
    SyntaxError {
        span,
        message,
        hint: None,
    }
}

/// Parses one YAML document; `line_offset` is added to every line number
/// (the front matter starts on the file's second line).
pub fn parse(src: &str, line_offset: u32) -> Result<Node<'_>, SyntaxError> {
    match fast::parse_within(src, line_offset, MAX_NODES) {
        Ok(Some(node)) => Ok(node),
        Ok(None) => parse_general(src, line_offset),
        Err(at) => Err(too_many_values(at, MAX_NODES)),
    }
}

/// Parses any YAML document with saphyr-parser (the fast path's reference).
pub fn parse_general(src: &str, line_offset: u32) -> Result<Node<'_>, SyntaxError> {
    parse_general_within(src, line_offset, MAX_NODES)
}

/// [`parse_general`] of a document that may hold at most `limit` values.
fn parse_general_within(src: &str, line_offset: u32, limit: usize) -> Result<Node<'_>, SyntaxError> {
    let mut parser = Parser::new_from_str(src);
    let mut stack: Vec<Open> = Vec::new();
    let mut anchors: std::collections::HashMap<usize, (Node, usize)> = Default::default();
    // Values so far, each alias counted as the values it copies, plus the
    // copies kept for aliases.
    let mut total_nodes: usize = 0;
    let mut root: Option<Node> = None;
    let mut documents = 0;

    loop {
        let (event, yspan) = match parser.next_event() {
            None => break,
            Some(Ok(ev)) => ev,
            Some(Err(e)) => return Err(scan_error(src, &e, line_offset)),
        };
        let mark = yspan.start;
        let here = span_at(&mark, line_offset, 1);
        let (node, anchor, size) = match event {
            Event::StreamStart | Event::Nothing | Event::DocumentEnd => continue,
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(SyntaxError {
                        span: here,
                        message: "more than one YAML document".into(),
                        hint: Some("front matter holds one document; remove the extra `---` or `...`".into()),
                    });
                }
                continue;
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                count_value(&mut total_nodes, limit, here)?;
                if stack.len() >= MAX_DEPTH {
                    return Err(syntax(here, format!("YAML nested deeper than {MAX_DEPTH} levels")));
                }
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Open::Seq(here, anchor, Vec::new(), 1)
                } else {
                    Open::Map(here, anchor, Vec::new(), None, 1)
                });
                continue;
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Open::Seq(span, anchor, items, size)) => (
                    Node {
                        value: Value::Seq(items),
                        span,
                    },
                    anchor,
                    size,
                ),
                _ => return Err(syntax(here, "unbalanced sequence".into())),
            },
            Event::MappingEnd => match stack.pop() {
                Some(Open::Map(span, anchor, pairs, _, size)) => (
                    Node {
                        // The parser marks a block mapping after its first key;
                        // the first key is where a reader sees the item start.
                        span: pairs.first().map_or(span, |(k, _)| k.span),
                        value: Value::Map(pairs),
                    },
                    anchor,
                    size,
                ),
                _ => return Err(syntax(here, "unbalanced mapping".into())),
            },
            Event::Scalar(text, style, anchor, tag) => {
                count_value(&mut total_nodes, limit, here)?;
                let plain = style == ScalarStyle::Plain;
                let block = matches!(style, ScalarStyle::Literal | ScalarStyle::Folded);
                let same_line = yspan.end.line() == mark.line();
                let len = if block || !same_line {
                    1
                } else {
                    yspan.end.col().saturating_sub(mark.col())
                };
                let is_null = plain && tag.is_none() && (text.is_empty() || is_null_word(&text));
                let value = if is_null {
                    Value::Null
                } else {
                    Value::Scalar { text, plain }
                };
                (
                    Node {
                        value,
                        span: span_at(&mark, line_offset, len),
                    },
                    anchor,
                    1,
                )
            }
            Event::Alias(id) => {
                let Some((target, size)) = anchors.get(&id) else {
                    return Err(syntax(here, "alias to an unknown anchor".into()));
                };
                if total_nodes + size > limit {
                    return Err(SyntaxError {
                        span: here,
                        message: format!("aliases expand this document beyond {limit} values"),
                        hint: Some("avoid aliases (`*name`); write the values out".into()),
                    });
                }
                total_nodes += size;
                let mut copy = target.clone();
                copy.span = here;
                (copy, 0, *size)
            }
        };
        if anchor > 0 {
            // The copy kept for aliases is memory like any value: it shares
            // the budget, so anchors nested 60 deep cannot hold 60 copies.
            total_nodes += size;
            if total_nodes > limit {
                return Err(SyntaxError {
                    span: here,
                    message: format!("anchors make this document hold more than {limit} values"),
                    hint: Some("avoid anchors (`&name`) on large lists and mappings".into()),
                });
            }
            anchors.insert(anchor, (node.clone(), size));
        }
        match stack.last_mut() {
            None => root = Some(node),
            Some(Open::Seq(_, _, items, total)) => {
                items.push(node);
                *total += size;
            }
            Some(Open::Map(_, _, pairs, pending, total)) => {
                *total += size;
                match pending.take() {
                    None => *pending = Some(node),
                    Some(key) => pairs.push((key, node)),
                }
            }
        }
    }
    Ok(root.unwrap_or(Node {
        value: Value::Null,
        span: Span::new(1 + line_offset, 1, 1),
    }))
}

/// Counts one more value of the document, which starts at `here`: the one
/// that crosses `limit` is where the error points. Every value counts once,
/// when it starts (a mapping or list before its items); an alias counts as
/// the values it copies, and an anchored value once more for the copy kept
/// for its aliases. The fast path counts the same way.
fn count_value(total: &mut usize, limit: usize, here: Span) -> Result<(), SyntaxError> {
    *total += 1;
    if *total > limit {
        return Err(too_many_values(here, limit));
    }
    Ok(())
}

/// The error for the value at `at`, the first beyond `limit`.
fn too_many_values(at: Span, limit: usize) -> SyntaxError {
    SyntaxError {
        span: at,
        message: format!("document has more than {limit} values"),
        hint: Some("split the data over several plans; a plan holds far fewer values".into()),
    }
}

/// The plain scalars YAML reads as null.
fn is_null_word(text: &str) -> bool {
    matches!(text, "~" | "null" | "Null" | "NULL")
}

/// Lines as YAML sees them: `\r\n`, `\r` and `\n` all end a line.
fn yaml_line(src: &str, index: usize) -> &str {
    src.split("\r\n")
        .flat_map(|l| l.split(['\r', '\n']))
        .nth(index)
        .unwrap_or("")
}

/// A line's indentation in spaces and, for a list item (`- key: value`), the
/// column its keys start at; `None` for a blank or comment line.
fn columns(line: &str) -> Option<(usize, usize)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    if rest.trim().is_empty() || rest.starts_with('#') {
        return None;
    }
    let mut key = indent;
    let mut item = rest;
    while let Some(after) = item.strip_prefix('-').filter(|a| a.starts_with(' ')) {
        let spaces = after.len() - after.trim_start_matches(' ').len();
        key += 1 + spaces;
        item = &after[spaces..];
    }
    Some((indent, key))
}

/// Whether a line's value is empty, so that the lines after it, indented
/// deeper, belong to it (`key:`, `- key:`, `key: |`).
fn opens_block(line: &str) -> bool {
    let t = line.split(" #").next().unwrap_or("").trim_end();
    t.ends_with(':') || t.ends_with('|') || t.ends_with('>') || t.ends_with("|-") || t.ends_with(">-") || t == "-"
}

/// When the line at `index` is indented at no column the lines before it
/// allow (the keys of its own mapping, or of one that holds it), its
/// indentation and that of the nearest key it should line up with, with
/// that key's line index: the usual cause behind the scanner's messages
/// ("mapping values are not allowed", "did not find expected key").
fn misindented(src: &str, index: usize) -> Option<(usize, usize, usize)> {
    let lines: Vec<&str> = src.split("\r\n").flat_map(|l| l.split(['\r', '\n'])).collect();
    let (indent, _) = columns(lines.get(index)?)?;
    let mut before = (0..index).rev().filter_map(|i| columns(lines[i]).map(|c| (i, c)));
    let (prev, (prev_indent, prev_key)) = before.next()?;
    if opens_block(lines[prev]) && indent > prev_key.max(prev_indent) {
        return None;
    }
    // The columns a line may start at here: the previous line's, then each
    // enclosing line's, out to the left margin.
    let mut allowed = vec![(prev_indent, prev), (prev_key, prev)];
    let mut limit = prev_indent;
    for (i, (ind, key)) in before {
        if limit == 0 {
            break;
        }
        if ind < limit {
            allowed.push((ind, i));
            if key < limit {
                allowed.push((key, i));
            }
            limit = ind;
        }
    }
    if allowed.iter().any(|&(col, _)| col == indent) {
        return None;
    }
    let &(col, line) = allowed.iter().min_by_key(|&&(col, _)| col.abs_diff(indent))?;
    Some((indent, col, line))
}

fn scan_error(src: &str, err: &ScanError, line_offset: u32) -> SyntaxError {
    let mark = err.marker();
    let mut span = span_at(mark, line_offset, 1);
    let info = err.info().to_string();
    // A tab in indentation is the most common cause of a confusing scanner
    // message; name it plainly (a tab inside a value is another matter).
    let line_text = yaml_line(src, mark.line().saturating_sub(1));
    let indent_len = line_text.len() - line_text.trim_start_matches([' ', '\t']).len();
    let hint = if let Some(tab) = line_text[..indent_len].find('\t') {
        span.col = line_text[..tab].chars().count() as u32 + 1;
        Some("YAML indentation must use spaces, not tabs".to_string())
    } else if let Some((indent, col, line)) = misindented(src, mark.line().saturating_sub(1)) {
        let key = yaml_line(src, line).trim_start_matches([' ', '-']);
        let key = key.split(':').next().unwrap_or(key).trim();
        span.col = 1;
        span.len = indent.max(1) as u32;
        return SyntaxError {
            span,
            message: format!(
                "this line is indented {}; the keys beside it, {} (`{key}` on line {})",
                crate::words::count(indent, "space", "spaces"),
                col,
                line as u32 + line_offset + 1
            ),
            hint: Some("indent the keys of one mapping by the same number of spaces".to_string()),
        };
    } else if info.contains("mapping values are not allowed") {
        Some("a value containing `: ` must be quoted".to_string())
    } else {
        None
    };
    SyntaxError {
        span,
        message: info,
        hint,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line and column, if any.
    type At = Option<(u32, u32)>;

    /// Where each reader puts the "more than `limit` values" error on `doc`
    /// (the fast path's `None`: it gave up first, or accepted the document).
    fn limit_errors(doc: &str, limit: usize) -> (At, At) {
        let fast = fast::parse_within(doc, 0, limit).err().map(|s| (s.line, s.col));
        let general = parse_general_within(doc, 0, limit)
            .err()
            .map(|e| (e.span.line, e.span.col));
        (fast, general)
    }

    #[test]
    fn the_value_crossing_the_limit_is_where_the_error_points() {
        // Values in reading order: 1 the root mapping, 2 `a`, 3 `1`, 4 `b`,
        // 5 the list `[`, 6 `x`, 7 `y`, 8 `c`, 9 the list of `c`, 10 `p`,
        // 11 the mapping `q: r`, 12 `q`, 13 `r`, 14 `d`, 15 `{`, 16 `k`,
        // 17 `v`.
        let doc = "a: 1\nb: [x, y]\nc:\n  - p\n  - q: r\nd: {k: v}\n";
        let both = |at: (u32, u32)| (Some(at), Some(at));
        assert_eq!(limit_errors(doc, 2), both((1, 4)));
        assert_eq!(limit_errors(doc, 4), both((2, 4)));
        assert_eq!(limit_errors(doc, 6), both((2, 8)));
        assert_eq!(limit_errors(doc, 7), both((3, 1)));
        assert_eq!(limit_errors(doc, 8), both((4, 3)));
        assert_eq!(limit_errors(doc, 9), both((4, 5)));
        assert_eq!(limit_errors(doc, 10), both((5, 5)));
        assert_eq!(limit_errors(doc, 12), both((5, 8)));
        assert_eq!(limit_errors(doc, 15), both((6, 5)));
        assert_eq!(limit_errors(doc, 16), both((6, 8)));
        // At the limit both readers accept it, with the same tree.
        let fast_tree = fast::parse_within(doc, 0, 17).expect("within").expect("in the subset");
        assert_eq!(parse_general_within(doc, 0, 17), Ok(fast_tree));
        // An anchored scalar counts twice (its kept copy), its alias once:
        // 1 root, 2 `a`, 3 `&x 1`, 4 its copy, 5 `b`, 6 `*x`.
        let doc = "a: &x 1\nb: *x\n";
        assert_eq!(limit_errors(doc, 3), both((1, 4)));
        assert_eq!(limit_errors(doc, 4), both((2, 1)));
        assert_eq!(limit_errors(doc, 5), both((2, 4)));
        assert!(fast::parse_within(doc, 0, 6).is_ok_and(|t| t.is_some()));
        assert!(parse_general_within(doc, 0, 6).is_ok());
        // Block scalars count once.
        let doc = "a: |\n  text\nb: c\n";
        assert_eq!(limit_errors(doc, 3), both((3, 1)));
        assert!(fast::parse_within(doc, 0, 5).is_ok_and(|t| t.is_some()));
    }

    #[test]
    fn spans_are_one_based_and_offset() {
        let n = parse("name: Deepwell\nowner: alex\n", 1).expect("parses");
        let Value::Map(pairs) = n.value else { panic!("map") };
        assert_eq!(pairs[1].0.span, Span::new(3, 1, 5));
        assert_eq!(pairs[1].1.span, Span::new(3, 8, 4));
        assert_eq!(pairs[0].1.span, Span::new(2, 7, 8));
    }

    #[test]
    fn billion_laughs_is_refused() {
        let mut doc = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = (b'a' + i - 1) as char;
            let cur = (b'a' + i) as char;
            doc.push_str(&format!(
                "{cur}: &{cur} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        let err = parse(&doc, 0).expect_err("must refuse");
        assert!(err.message.contains("aliases expand"), "{}", err.message);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let doc = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let err = parse(&doc, 0).expect_err("must refuse");
        assert!(
            err.message.contains("nested deeper") || err.message.contains("recursion limit"),
            "{}",
            err.message
        );
    }

    #[test]
    fn tab_indentation_gets_hint() {
        let err = parse("status:\n\tpartnership: x\n", 1).expect_err("tab");
        assert_eq!(err.span.line, 3);
        assert!(err.hint.unwrap_or_default().contains("tabs"));
    }
}
