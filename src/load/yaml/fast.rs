//! A fast path for the YAML that plans are written in.
//!
//! Parsing is most of the time `check` takes, and a general YAML scanner
//! spends it on generality plans never use. This reader handles block
//! mappings and sequences, single-line plain and quoted scalars (escapes
//! included), flow sequences and mappings of those (nested, and over several
//! lines), literal (`|`) and folded (`>`) block scalars, anchors on scalars
//! and aliases to them, and comments. It gives up (returns `None`) at the
//! first thing outside that subset, valid or not, and the caller then parses
//! the document with saphyr-parser, which also reports every syntax error.
//! Where it does answer, the tree is exactly the one the general path builds,
//! spans included; tests/suite/load/fast_path.rs compares the two on the example
//! portfolio, edge cases, mixed-style benchmark plans, and generated and
//! mutated documents, and tests/suite/load/yaml_test_suite.rs on the official YAML test
//! suite.

use super::{MAX_DEPTH, MAX_NODES, Node, Value, is_null_word};
use crate::diagnostic::Span;
use std::borrow::Cow;

/// One line of the document, without its line break.
#[derive(Clone, Copy)]
struct Line<'a> {
    /// The text after the indentation.
    text: &'a str,
    /// Where `text` starts: its column, and its byte offset in `full` (all
    /// that precedes it is ASCII: spaces, and `- ` for a key after a dash).
    indent: usize,
    /// 0-based line number in the document.
    no: usize,
    /// Whether the line is ASCII, so byte offsets are columns.
    ascii: bool,
    /// The whole line, for column counting.
    full: &'a str,
}

impl Line<'_> {
    /// Blank or comment-only lines carry no structure.
    fn is_filler(&self) -> bool {
        self.text.is_empty() || self.text.starts_with('#')
    }

    /// A block sequence entry: `-` then a space or the end of the line.
    fn is_entry(&self) -> bool {
        self.text == "-" || self.text.starts_with("- ")
    }

    /// The 0-based column of byte `at` of `text`.
    fn col(&self, at: usize) -> usize {
        let byte = self.indent + at;
        if self.ascii {
            byte
        } else {
            self.full[..byte].chars().count()
        }
    }
}

/// The document's lines and a cursor over them.
struct Reader<'a> {
    lines: Vec<Line<'a>>,
    pos: usize,
    line_offset: u32,
    /// Values counted so far, and the most the document may hold.
    nodes: usize,
    limit: usize,
    /// Where the value that crossed `limit` starts, once one has.
    crossed: Option<Span>,
    /// Anchored scalars so far (`&name value`), latest last.
    anchors: Vec<(&'a str, Node<'a>)>,
}

/// Parses `src` if it stays within the subset; `None` means "ask saphyr".
pub fn parse(src: &str, line_offset: u32) -> Option<Node<'_>> {
    parse_within(src, line_offset, MAX_NODES).ok().flatten()
}

/// [`parse`] of a document that may hold at most `limit` values, counted as
/// the general path counts them: `Err` with where the value that crosses
/// the limit starts, when one does before the fast path gives up.
pub fn parse_within(src: &str, line_offset: u32, limit: usize) -> Result<Option<Node<'_>>, Span> {
    let Some(lines) = split_lines(src) else {
        return Ok(None);
    };
    let mut reader = Reader {
        lines,
        pos: 0,
        line_offset,
        nodes: 0,
        limit,
        crossed: None,
        anchors: Vec::new(),
    };
    let root = reader.root();
    match reader.crossed {
        Some(span) => Err(span),
        None => Ok(root),
    }
}

/// The lines of `src`, in one pass over its bytes; `None` when it holds a
/// control character other than `\n`, a character `plain_unicode` refuses,
/// or a line starting with a document marker or directive (`---`, `...`,
/// `%`: saphyr judges those).
fn split_lines(src: &str) -> Option<Vec<Line<'_>>> {
    let b = src.as_bytes();
    // A guess at the line count: too many is cheaper than growing the vector.
    let mut lines = Vec::with_capacity(b.len() / 16 + 2);
    let mut start = 0;
    let mut ascii = true;
    let mut push = |start: usize, end: usize, ascii: bool| -> Option<()> {
        let full = &src[start..end];
        if full.starts_with("---") || full.starts_with("...") || full.starts_with('%') {
            return None;
        }
        let text = full.trim_start_matches(' ');
        lines.push(Line {
            text: text.trim_end_matches(' '),
            indent: full.len() - text.len(),
            no: lines.len(),
            ascii,
            full,
        });
        Some(())
    };
    let mut i = 0;
    while i < b.len() {
        // Eight printable ASCII bytes at once: most of a document.
        if let Some(Ok(eight)) = b.get(i..i + 8).map(<[u8; 8]>::try_from)
            && all_printable_ascii(u64::from_le_bytes(eight))
        {
            i += 8;
            continue;
        }
        match b[i] {
            b' '..=0x7e => {}
            b'\n' => {
                push(start, i, ascii)?;
                start = i + 1;
                ascii = true;
            }
            0x80.. => {
                ascii = false;
                if !plain_unicode(b, i) {
                    return None;
                }
            }
            _ => return None,
        }
        i += 1;
    }
    push(start, b.len(), ascii)?;
    Some(lines)
}

/// Whether all eight bytes of `w` are in `' '..='~'` (the classic "has a
/// byte less than n / more than n" word tests, exact for n ≤ 127).
fn all_printable_ascii(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below_space = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
    let above_tilde = (w.wrapping_add(ONES) | w) & HIGH;
    below_space == 0 && above_tilde == 0
}

/// For the non-ASCII byte `b[i]`: whether it does not start one of the
/// Unicode characters YAML handles specially (C1 controls, U+2028, U+2029,
/// U+FEFF, U+FFFE, U+FFFF), checked on their UTF-8 bytes. With the ASCII
/// checks in `split_lines` (no tabs, carriage returns or other control
/// characters) this keeps the subset to characters whose treatment it is
/// sure of.
fn plain_unicode(b: &[u8], i: usize) -> bool {
    let next = |i: usize| b.get(i).copied().unwrap_or(0);
    match b[i] {
        0xc2 => !(0x80..=0x9f).contains(&next(i + 1)),
        0xe2 => !(next(i + 1) == 0x80 && matches!(next(i + 2), 0xa8 | 0xa9)),
        0xef => !matches!((next(i + 1), next(i + 2)), (0xbb, 0xbf) | (0xbf, 0xbe | 0xbf)),
        _ => true,
    }
}

impl<'a> Reader<'a> {
    /// The document's root node, the reader at its end.
    fn root(&mut self) -> Option<Node<'a>> {
        let root = match self.next_structural() {
            None => Node {
                value: Value::Null,
                span: Span::new(1 + self.line_offset, 1, 1),
            },
            Some(first) => {
                if first.indent != 0 {
                    return None;
                }
                self.count(self.span(&first, 0, 1))?;
                self.block(0, 0)?
            }
        };
        // Anything left over (a second top-level node) is for saphyr to judge.
        if self.next_structural().is_some() {
            return None;
        }
        Some(root)
    }

    /// The next line with structure, skipping blank and comment lines.
    fn next_structural(&mut self) -> Option<Line<'a>> {
        while let Some(line) = self.lines.get(self.pos) {
            if !line.is_filler() {
                return Some(*line);
            }
            self.pos += 1;
        }
        None
    }

    fn span(&self, line: &Line, at: usize, len: usize) -> Span {
        Span::new(
            line.no as u32 + 1 + self.line_offset,
            line.col(at) as u32 + 1,
            len.max(1) as u32,
        )
    }

    /// Counts the value starting at `at`, before reading what it holds, in
    /// the order and measure the general path counts them (each value once,
    /// an alias as the scalar it copies, an anchored scalar once more for its
    /// kept copy); `None`, with `at` noted, when it crosses the limit.
    fn count(&mut self, at: Span) -> Option<()> {
        self.nodes += 1;
        if self.nodes > self.limit {
            self.crossed = Some(at);
            return None;
        }
        Some(())
    }

    /// A block node (mapping or sequence) starting at the current line.
    fn block(&mut self, indent: usize, depth: usize) -> Option<Node<'a>> {
        let line = self.next_structural()?;
        if line.is_entry() {
            self.sequence(indent, depth, false)
        } else {
            self.mapping(indent, depth)
        }
    }

    /// A block mapping whose keys sit at column `indent`.
    fn mapping(&mut self, indent: usize, depth: usize) -> Option<Node<'a>> {
        // Deep nesting is saphyr's to refuse; keep a margin below its limit.
        if depth + 2 >= MAX_DEPTH {
            return None;
        }
        let mut pairs = Vec::new();
        while let Some(line) = self.next_structural() {
            if line.indent < indent {
                break;
            }
            if line.indent > indent || line.is_entry() {
                return None;
            }
            let key_len = key_length(line.text)?;
            let key = Node {
                value: Value::Scalar {
                    text: line.text[..key_len].into(),
                    plain: true,
                },
                span: self.span(&line, 0, line.col(key_len) - line.col(0)),
            };
            self.count(key.span)?;
            let rest = line.text[key_len + 1..].trim_start_matches(' ');
            // `key: # note` is `key:` (key_length saw the space before `#`).
            let value = if rest.is_empty() || rest.starts_with('#') {
                self.pos += 1;
                match self.next_structural() {
                    Some(next) if next.indent > indent => {
                        self.count(self.span(&next, 0, 1))?;
                        self.block(next.indent, depth + 1)?
                    }
                    Some(next) if next.indent == indent && next.is_entry() => {
                        self.count(self.span(&next, 0, 1))?;
                        self.sequence(indent, depth + 1, true)?
                    }
                    _ => {
                        let span = self.span(&line, key_len, 1);
                        self.count(span)?;
                        Node {
                            value: Value::Null,
                            span,
                        }
                    }
                }
            } else {
                let at = line.text.len() - rest.len();
                self.count(self.span(&line, at, 1))?;
                self.inline(&line, at, indent, depth + 1)?
            };
            pairs.push((key, value));
        }
        let span = pairs.first().map(|(k, _): &(Node<'a>, Node<'a>)| k.span)?;
        Some(Node {
            value: Value::Map(pairs),
            span,
        })
    }

    /// A block sequence whose dashes sit at column `indent`; `indentless`
    /// when it is a mapping value written at the mapping's own indentation.
    fn sequence(&mut self, indent: usize, depth: usize, indentless: bool) -> Option<Node<'a>> {
        if depth + 2 >= MAX_DEPTH {
            return None;
        }
        let mut items = Vec::new();
        let mut span = None;
        while let Some(line) = self.next_structural() {
            if line.indent < indent || (indentless && line.indent == indent && !line.is_entry()) {
                break;
            }
            if line.indent > indent || !line.is_entry() {
                return None;
            }
            let rest = line.text[1..].trim_start_matches(' ');
            if rest.starts_with('#') || rest == "-" || rest.starts_with("- ") {
                return None;
            }
            let at = line.text.len() - rest.len();
            if rest.is_empty() && indentless && items.is_empty() {
                return None;
            }
            // saphyr marks an indentless sequence at its first item, others at the dash.
            span.get_or_insert_with(|| self.span(&line, if indentless { at } else { 0 }, 1));
            let item = if rest.is_empty() {
                // `-` alone: the item is the block below it, or nothing, which
                // saphyr marks at the end of the dash's line.
                self.pos += 1;
                match self.next_structural() {
                    Some(next) if next.indent > indent => {
                        self.count(self.span(&next, 0, 1))?;
                        self.block(next.indent, depth + 1)?
                    }
                    _ => {
                        let span = Span::new(line.no as u32 + 1 + self.line_offset, line.full.len() as u32 + 1, 1);
                        self.count(span)?;
                        Node {
                            value: Value::Null,
                            span,
                        }
                    }
                }
            } else if key_length(rest).is_some() {
                // `- key: value` opens a mapping at the key's column.
                self.count(self.span(&line, at, 1))?;
                let column = line.indent + at;
                self.lines[self.pos].text = rest;
                self.lines[self.pos].indent = column;
                self.mapping(column, depth + 1)?
            } else {
                self.count(self.span(&line, at, 1))?;
                self.inline(&line, at, indent, depth + 1)?
            };
            items.push(item);
        }
        Some(Node {
            value: Value::Seq(items),
            span: span?,
        })
    }

    /// A value written on the line of its key or dash, starting at byte `at`
    /// of `line.text`; `indent` is the parent's indentation (for `|` blocks).
    /// Leaves the reader on the line after the value.
    fn inline(&mut self, line: &Line<'a>, at: usize, indent: usize, depth: usize) -> Option<Node<'a>> {
        let rest = &line.text[at..];
        let first = *rest.as_bytes().first()?;
        let node = match first {
            b'&' => return self.anchored(line, at, indent, depth),
            b'*' => {
                // An alias: a copy of the anchored scalar, marked (like the
                // general path does) at the `*`.
                let name = anchor_name(&rest[1..])?;
                if !only_comment(&rest[1 + name.len()..]) {
                    return None;
                }
                let (_, target) = self.anchors.iter().rev().find(|(n, _)| *n == name)?;
                Node {
                    value: target.value.clone(),
                    span: self.span(line, at, 1),
                }
            }
            b'"' | b'\'' => {
                let start = line.indent + at;
                let (text, end) = quoted(line.full, start)?;
                // Anything but a comment after the closing quote is for saphyr.
                if !only_comment(&line.full[end..]) {
                    return None;
                }
                // saphyr ends a quoted scalar's mark at the end of its line when
                // spaces or a comment follow the closing quote.
                let len = if end == line.full.len() {
                    line.col(end - line.indent) - line.col(at)
                } else {
                    line.full.chars().count() - line.col(at)
                };
                Node {
                    value: Value::Scalar { text, plain: false },
                    span: self.span(line, at, len),
                }
            }
            b'[' | b'{' => {
                let mut flow = Flow {
                    lines: &self.lines,
                    li: self.pos,
                    at: line.indent + at,
                    parent_indent: indent,
                    line_offset: self.line_offset,
                    nodes: self.nodes,
                    limit: self.limit,
                    crossed: None,
                };
                let node = flow.node(depth);
                self.crossed = self.crossed.or(flow.crossed);
                let node = node?;
                // After the closing bracket only a comment may follow.
                let end = flow.lines[flow.li];
                if !only_comment(&end.full[flow.at..]) {
                    return None;
                }
                self.nodes = flow.nodes;
                self.pos = flow.li + 1;
                return Some(node);
            }
            b'|' | b'>' => return self.block_scalar(rest, indent),
            b'-' | b'?' | b':' | b',' | b']' | b'}' | b'#' | b'!' | b'%' | b'@' | b'`' => {
                return None;
            }
            _ => {
                let text = plain_text(rest)?;
                plain(self.span(line, at, line.col(at + text.len()) - line.col(at)), text)
            }
        };
        self.pos += 1;
        Some(node)
    }

    /// `&name value`: a plain or quoted scalar with an anchor, which saphyr
    /// marks from the `&` to the scalar's end. Anchors on collections, block
    /// scalars and empty values are left to saphyr.
    fn anchored(&mut self, line: &Line<'a>, at: usize, indent: usize, depth: usize) -> Option<Node<'a>> {
        let rest = &line.text[at..];
        let name = anchor_name(&rest[1..])?;
        let after = &rest[1 + name.len()..];
        let value_at = at + 1 + name.len() + (after.len() - after.trim_start_matches(' ').len());
        if value_at == at + 1 + name.len() || value_at >= line.text.len() {
            return None;
        }
        if matches!(
            line.text.as_bytes()[value_at],
            b'[' | b'{' | b'|' | b'>' | b'&' | b'*' | b'!' | b'#'
        ) {
            return None;
        }
        let mut node = self.inline(line, value_at, indent, depth)?;
        if node.is_null() {
            return None;
        }
        let start = self.span(line, at, 1);
        node.span.len = node.span.col + node.span.len - start.col;
        node.span.col = start.col;
        // Counted twice, as the general path counts the copy it keeps.
        self.count(node.span)?;
        self.anchors.push((name, node.clone()));
        Some(node)
    }

    /// A literal (`|`, `|-`, `|+`) or folded (`>`, `>-`, `>+`) block scalar
    /// whose content lines follow the current line and are indented deeper
    /// than `indent`.
    fn block_scalar(&mut self, header: &str, indent: usize) -> Option<Node<'a>> {
        let folded = header.starts_with('>');
        let (chomp, comment) = match header.as_bytes().get(1) {
            Some(c @ (b'-' | b'+')) => (*c, &header[2..]),
            _ => (b' ', &header[1..]),
        };
        if !only_comment(comment) {
            return None;
        }
        self.pos += 1;
        let first = *self.lines.get(self.pos)?;
        let content_indent = first.indent;
        if first.text.is_empty() || content_indent <= indent {
            return None;
        }
        // The piece after a final line break is no line.
        let end = self.lines.len() - usize::from(self.lines.len() > 1 && src_ends_in_break(&self.lines));
        let mut text = String::new();
        let mut blanks = 0;
        while self.pos < end {
            let l = self.lines[self.pos];
            if l.text.is_empty() {
                // Spaces beyond the indentation on a blank line are content.
                if l.full.len() > content_indent {
                    return None;
                }
                blanks += 1;
            } else if l.indent < content_indent {
                break;
            } else {
                let first_line = std::ptr::eq(l.full, first.full);
                if folded {
                    // More-indented lines keep their breaks in a folded
                    // scalar; those are for saphyr.
                    if l.indent > content_indent {
                        return None;
                    }
                    // Folding: a single break between lines is a space, and
                    // each blank line in between is one break.
                    if !first_line {
                        if blanks == 0 {
                            text.push(' ');
                        }
                        for _ in 0..blanks {
                            text.push('\n');
                        }
                    }
                } else {
                    if !text.is_empty() || blanks > 0 || !first_line {
                        text.push('\n');
                    }
                    for _ in 0..blanks {
                        text.push('\n');
                    }
                }
                blanks = 0;
                text.push_str(&l.full[content_indent..]);
            }
            self.pos += 1;
        }
        // Like saphyr, the last line counts as ended even at the end of input.
        match chomp {
            b'-' => {}
            b'+' => text.extend(std::iter::repeat_n('\n', blanks + 1)),
            _ => text.push('\n'),
        }
        Some(Node {
            value: Value::Scalar {
                text: text.into(),
                plain: false,
            },
            span: self.span(&first, 0, 1),
        })
    }
}

/// The name of an anchor or alias at the start of `text` (after its `&` or
/// `*`): letters, digits, `-` and `_` up to a space or the line's end. Other
/// names (YAML allows more) are for saphyr.
fn anchor_name(text: &str) -> Option<&str> {
    let end = text.find(' ').unwrap_or(text.len());
    let name = &text[..end];
    let simple = !name.is_empty()
        && name
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_');
    simple.then_some(name)
}

/// Whether `after` (what follows a value on its line) is nothing or a comment.
fn only_comment(after: &str) -> bool {
    let rest = after.trim_start_matches(' ');
    rest.is_empty() || (rest.starts_with('#') && rest.len() < after.len())
}

/// Whether the document's last line ended with a line break.
fn src_ends_in_break(lines: &[Line]) -> bool {
    lines.last().is_some_and(|l| l.full.is_empty())
}

/// A plain scalar node, `Null` for the null words.
fn plain(span: Span, text: &str) -> Node<'_> {
    let value = if is_null_word(text) {
        Value::Null
    } else {
        Value::Scalar {
            text: text.into(),
            plain: true,
        }
    };
    Node { value, span }
}

/// A single-line plain scalar: `rest` up to a comment; `None` when it holds
/// a `: ` or ends in `:` (a mapping saphyr should judge).
fn plain_text(rest: &str) -> Option<&str> {
    let b = rest.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        match c {
            b':' if matches!(b.get(i + 1), None | Some(b' ')) => return None,
            b'#' if i > 0 && b[i - 1] == b' ' => return Some(rest[..i].trim_end_matches(' ')),
            _ => {}
        }
    }
    Some(rest)
}

/// The characters that cannot start a plain key (YAML's indicators), as a
/// table: this test runs on every line.
const INDICATOR: [bool; 256] = {
    let mut table = [false; 256];
    let indicators = b"-?:,[]{}#&*!|>'\"%@`";
    let mut i = 0;
    while i < indicators.len() {
        table[indicators[i] as usize] = true;
        i += 1;
    }
    table
};

/// The length in bytes of the key of a `key: value` line: a plain scalar
/// followed by `:` and a space or the end of the line.
fn key_length(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let len = (0..b.len()).find(|&i| b[i] == b':' && matches!(b.get(i + 1), None | Some(b' ')))?;
    let key = &text[..len];
    let starts_well = key.bytes().next().is_some_and(|c| !INDICATOR[usize::from(c)]);
    // saphyr refuses keys longer than 1024 characters; null words and
    // comments are its to interpret.
    let simple = len <= 1024
        && !key.ends_with(' ')
        && !key.as_bytes().windows(2).any(|w| w[0] == b' ' && w[1] == b'#')
        && !is_null_word(key);
    (starts_well && simple).then_some(len)
}

/// A quoted scalar starting at byte `start` of `line` (on its quote): its
/// text and the byte just after the closing quote. Only single-line scalars
/// and the common escapes; `None` leaves the rest to saphyr.
fn quoted(line: &str, start: usize) -> Option<(Cow<'_, str>, usize)> {
    let b = line.as_bytes();
    let quote = *b.get(start)?;
    let mut text = String::new();
    let mut i = start + 1;
    // Copy runs of ordinary characters at once.
    let mut run = i;
    loop {
        let c = *b.get(i)?;
        if c == quote && run == start + 1 && b.get(i + 1) != Some(&b'\'') {
            // No escape and no `''`: the text as written.
            return Some((Cow::Borrowed(&line[run..i]), i + 1));
        }
        if c == quote {
            text.push_str(&line[run..i]);
            if quote == b'\'' && b.get(i + 1) == Some(&b'\'') {
                // `''` is one quote inside single quotes.
                text.push('\'');
                i += 2;
                run = i;
                continue;
            }
            return Some((Cow::Owned(text), i + 1));
        }
        if c == b'\\' && quote == b'"' {
            text.push_str(&line[run..i]);
            let (ch, len) = escape(&b[i + 1..])?;
            text.push(ch);
            i += 1 + len;
            run = i;
            continue;
        }
        i += 1;
    }
}

/// The character a double-quoted escape (after its backslash) stands for,
/// and how many bytes it takes.
fn escape(b: &[u8]) -> Option<(char, usize)> {
    let simple = match *b.first()? {
        b'0' => '\0',
        b'a' => '\x07',
        b'b' => '\x08',
        b't' => '\t',
        b'n' => '\n',
        b'v' => '\x0b',
        b'f' => '\x0c',
        b'r' => '\r',
        b'e' => '\x1b',
        b' ' => ' ',
        b'"' => '"',
        b'/' => '/',
        b'\\' => '\\',
        b'N' => '\u{85}',
        b'_' => '\u{a0}',
        b'L' => '\u{2028}',
        b'P' => '\u{2029}',
        b'x' => return hex_escape(b, 2),
        b'u' => return hex_escape(b, 4),
        b'U' => return hex_escape(b, 8),
        _ => return None,
    };
    Some((simple, 1))
}

/// `\xXX`, `\uXXXX` or `\UXXXXXXXX`: exactly `digits` hex digits after the
/// letter, naming a Unicode scalar value (no surrogates).
fn hex_escape(b: &[u8], digits: usize) -> Option<(char, usize)> {
    let hex = b.get(1..1 + digits)?;
    let mut code: u32 = 0;
    for &h in hex {
        code = code * 16 + (h as char).to_digit(16)?;
    }
    Some((char::from_u32(code)?, 1 + digits))
}

/// A cursor over flow collections (`[a, b]`, `{k: v}`), which may run over
/// several lines: line `li`, byte `at` of that line's full text.
struct Flow<'r, 'a> {
    lines: &'r [Line<'a>],
    li: usize,
    at: usize,
    /// The indentation of the block node holding the collection: its
    /// continuation lines must be indented deeper.
    parent_indent: usize,
    line_offset: u32,
    /// As in [`Reader`]: values so far, the most allowed, where the one
    /// crossing that started.
    nodes: usize,
    limit: usize,
    crossed: Option<Span>,
}

impl<'a> Flow<'_, 'a> {
    fn full(&self) -> &'a str {
        self.lines[self.li].full
    }

    fn peek(&self) -> Option<u8> {
        self.full().as_bytes().get(self.at).copied()
    }

    /// Counts the value starting at the cursor, as [`Reader::count`] does.
    fn count(&mut self) -> Option<()> {
        self.nodes += 1;
        if self.nodes > self.limit {
            self.crossed = Some(self.span_at(self.at, 1));
            return None;
        }
        Some(())
    }

    /// A span at byte `at` of the current line, `len` characters long.
    fn span_at(&self, at: usize, len: usize) -> Span {
        let line = &self.lines[self.li];
        let col = if line.ascii {
            at
        } else {
            line.full[..at].chars().count()
        };
        Span::new(line.no as u32 + 1 + self.line_offset, col as u32 + 1, len.max(1) as u32)
    }

    /// Skips spaces, comments and line breaks up to the next token. Every
    /// line it enters must be blank, a comment, or indented deeper than the
    /// parent block node.
    fn skip_space(&mut self) -> Option<()> {
        loop {
            let b = self.full().as_bytes();
            while b.get(self.at) == Some(&b' ') {
                self.at += 1;
            }
            let comment = b.get(self.at) == Some(&b'#') && (self.at == 0 || b[self.at - 1] == b' ');
            if self.at < b.len() && !comment {
                return Some(());
            }
            self.li += 1;
            self.at = 0;
            let next = self.lines.get(self.li)?;
            if !next.is_filler() && next.indent <= self.parent_indent {
                return None;
            }
        }
    }

    /// The flow node at the cursor; leaves the cursor just after it.
    fn node(&mut self, depth: usize) -> Option<Node<'a>> {
        if depth + 2 >= MAX_DEPTH {
            return None;
        }
        match self.peek()? {
            b'[' => self.sequence(depth),
            b'{' => self.mapping(depth),
            _ => self.scalar(),
        }
    }

    /// Moves past a `,` between entries, or past the closing bracket:
    /// `Some(true)` after `close` (a trailing comma before it is allowed),
    /// `Some(false)` after a comma with another entry to come.
    fn separator(&mut self, close: u8) -> Option<bool> {
        self.skip_space()?;
        match self.peek()? {
            b',' => {
                self.at += 1;
                self.skip_space()?;
                match self.peek()? {
                    c if c == close => {
                        self.at += 1;
                        Some(true)
                    }
                    // `[a,,b]` and mismatched brackets are saphyr's to judge.
                    b',' | b']' | b'}' => None,
                    _ => Some(false),
                }
            }
            c if c == close => {
                self.at += 1;
                Some(true)
            }
            _ => None,
        }
    }

    fn sequence(&mut self, depth: usize) -> Option<Node<'a>> {
        let span = self.span_at(self.at, 1);
        self.at += 1;
        self.skip_space()?;
        let mut items = Vec::new();
        if self.peek() == Some(b']') {
            self.at += 1;
        } else {
            loop {
                self.count()?;
                items.push(self.node(depth + 1)?);
                if self.separator(b']')? {
                    break;
                }
            }
        }
        Some(Node {
            value: Value::Seq(items),
            span,
        })
    }

    fn mapping(&mut self, depth: usize) -> Option<Node<'a>> {
        let open = self.span_at(self.at, 1);
        self.at += 1;
        self.skip_space()?;
        let mut pairs: Vec<(Node<'a>, Node<'a>)> = Vec::new();
        if self.peek() == Some(b'}') {
            self.at += 1;
        } else {
            loop {
                // Keys: a plain or quoted scalar, then `: ` on the same line.
                if matches!(self.peek()?, b'[' | b'{') {
                    return None;
                }
                self.count()?;
                let key = self.scalar()?;
                let b = self.full().as_bytes();
                if b.get(self.at) != Some(&b':') || b.get(self.at + 1) != Some(&b' ') {
                    return None;
                }
                self.at += 1;
                self.skip_space()?;
                if matches!(self.peek()?, b',' | b'}') {
                    return None;
                }
                self.count()?;
                let value = self.node(depth + 1)?;
                pairs.push((key, value));
                if self.separator(b'}')? {
                    break;
                }
            }
        }
        // Like the general path, a mapping is marked at its first key.
        let span = pairs.first().map_or(open, |(k, _)| k.span);
        Some(Node {
            value: Value::Map(pairs),
            span,
        })
    }

    /// A plain or quoted scalar inside a flow collection, on one line.
    fn scalar(&mut self) -> Option<Node<'a>> {
        let full = self.full();
        let b = full.as_bytes();
        let start = self.at;
        match b[start] {
            b'"' | b'\'' => {
                let (text, end) = quoted(full, start)?;
                // saphyr's mark takes in the spaces after the closing quote;
                // when only a comment or the line's end follows, the mark's
                // end is unclear: saphyr judges.
                let mut next = end;
                while b.get(next) == Some(&b' ') {
                    next += 1;
                }
                if next == b.len() || b[next] == b'#' {
                    return None;
                }
                let len = full[start..next].chars().count();
                self.at = end;
                Some(Node {
                    value: Value::Scalar { text, plain: false },
                    span: self.span_at(start, len),
                })
            }
            _ => {
                // Up to the next indicator that ends a flow scalar, a comment,
                // or the end of the line.
                let mut end = start;
                while end < b.len() {
                    match b[end] {
                        b',' | b']' | b'}' | b'[' | b'{' => break,
                        b'#' if end > start && b[end - 1] == b' ' => break,
                        // `: ` (or `:` before an indicator or the line's end)
                        // ends a key; any other `:` is left to saphyr below.
                        b':' if matches!(b.get(end + 1), None | Some(b' ' | b',' | b'[' | b']' | b'{' | b'}')) => break,
                        _ => end += 1,
                    }
                }
                let word = full[start..end].trim_end_matches(' ');
                // Indicators may not start a plain scalar; inside one, only
                // `:` and `#` could change its meaning (brackets end it).
                let bad_start = word.starts_with(|c: char| "[]{}\"'#:&*!|>%@`?,".contains(c));
                // A dash is only safe between two other characters (`run-qbr`).
                let odd_dash =
                    word.starts_with('-') || word.ends_with('-') || word.contains(" -") || word.contains("- ");
                if word.is_empty() || bad_start || odd_dash || word.contains([':', '#']) {
                    return None;
                }
                self.at = start + word.len();
                let span = self.span_at(start, word.chars().count());
                Some(plain(span, word))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_words_are_found_exactly() {
        for v in 0u8..=255 {
            for filler in [b' ', b'a', b'~'] {
                for at in 0..8 {
                    let mut bytes = [filler; 8];
                    bytes[at] = v;
                    let want = (b' '..=b'~').contains(&v);
                    assert_eq!(all_printable_ascii(u64::from_le_bytes(bytes)), want, "{v:#x} at {at}");
                }
            }
        }
    }
}
