//! A fast path for the plain block-style YAML that plans are written in.
//!
//! Parsing is most of the time `check` takes, and a general YAML scanner
//! spends it on generality plans never use. This reader handles only block
//! mappings and sequences, single-line plain and quoted scalars, one-line
//! flow sequences of plain words and literal (`|`) block scalars. It gives up
//! (returns `None`) at the first thing outside that subset, valid or not, and
//! the caller then parses the document with saphyr-parser, which also
//! reports every syntax error. Where it does answer, the tree is exactly the
//! one the general path builds, spans included; tests/yaml_fast_path.rs
//! compares the two on the example portfolio, edge cases, and generated and
//! mutated documents.

use super::{MAX_DEPTH, MAX_NODES, Node, Value, is_null_word};
use crate::diagnostic::Span;

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
    nodes: usize,
}

/// Parses `src` if it stays within the subset; `None` means "ask saphyr".
pub fn parse(src: &str, line_offset: u32) -> Option<Node> {
    if !plain_characters(src) {
        return None;
    }
    let lines = src
        .split('\n')
        .enumerate()
        .map(|(no, full)| {
            let text = full.trim_start_matches(' ');
            Line {
                text: text.trim_end_matches(' '),
                indent: full.len() - text.len(),
                no,
                ascii: full.is_ascii(),
                full,
            }
        })
        .collect::<Vec<Line>>();
    // Document markers and directives start at column 0; saphyr judges them.
    if lines
        .iter()
        .any(|l| ["---", "...", "%"].iter().any(|m| l.full.starts_with(m)))
    {
        return None;
    }
    let mut reader = Reader {
        lines,
        pos: 0,
        line_offset,
        nodes: 0,
    };
    let root = match reader.next_structural() {
        None => Node {
            value: Value::Null,
            span: Span::new(1 + line_offset, 1, 1),
        },
        Some(first) => {
            if first.indent != 0 {
                return None;
            }
            reader.count()?;
            reader.block(0, 0)?
        }
    };
    // Anything left over (a second top-level node) is for saphyr to judge.
    if reader.next_structural().is_some() {
        return None;
    }
    Some(root)
}

/// Whether `src` holds only characters whose treatment the subset is sure
/// of: no tabs, carriage returns or other control characters, and none of
/// the Unicode characters YAML handles specially (C1 controls, U+2028,
/// U+2029, U+FEFF, U+FFFE, U+FFFF), checked on their UTF-8 bytes.
fn plain_characters(src: &str) -> bool {
    let b = src.as_bytes();
    let next = |i: usize| b.get(i).copied().unwrap_or(0);
    b.iter().enumerate().all(|(i, &c)| match c {
        b'\n' | b' '..=0x7e => true,
        0xc2 => !(0x80..=0x9f).contains(&next(i + 1)),
        0xe2 => !(next(i + 1) == 0x80 && matches!(next(i + 2), 0xa8 | 0xa9)),
        0xef => !matches!((next(i + 1), next(i + 2)), (0xbb, 0xbf) | (0xbf, 0xbe | 0xbf)),
        0x80.. => true,
        _ => false,
    })
}

impl<'a> Reader<'a> {
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

    fn count(&mut self) -> Option<()> {
        self.nodes += 1;
        (self.nodes <= MAX_NODES).then_some(())
    }

    /// A block node (mapping or sequence) starting at the current line.
    fn block(&mut self, indent: usize, depth: usize) -> Option<Node> {
        let line = self.next_structural()?;
        if line.is_entry() {
            self.sequence(indent, depth, false)
        } else {
            self.mapping(indent, depth)
        }
    }

    /// A block mapping whose keys sit at column `indent`.
    fn mapping(&mut self, indent: usize, depth: usize) -> Option<Node> {
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
                    text: line.text[..key_len].to_string(),
                    plain: true,
                },
                span: self.span(&line, 0, line.col(key_len) - line.col(0)),
            };
            self.count()?;
            let rest = line.text[key_len + 1..].trim_start_matches(' ');
            let value = if rest.is_empty() {
                self.pos += 1;
                match self.next_structural() {
                    Some(next) if next.indent > indent => self.block(next.indent, depth + 1)?,
                    Some(next) if next.indent == indent && next.is_entry() => self.sequence(indent, depth + 1, true)?,
                    _ => Node {
                        value: Value::Null,
                        span: self.span(&line, key_len, 1),
                    },
                }
            } else {
                let at = line.text.len() - rest.len();
                self.inline(&line, at, indent, depth + 1)?
            };
            self.count()?;
            pairs.push((key, value));
        }
        let span = pairs.first().map(|(k, _): &(Node, Node)| k.span)?;
        Some(Node {
            value: Value::Map(pairs),
            span,
        })
    }

    /// A block sequence whose dashes sit at column `indent`; `indentless`
    /// when it is a mapping value written at the mapping's own indentation.
    fn sequence(&mut self, indent: usize, depth: usize, indentless: bool) -> Option<Node> {
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
                    Some(next) if next.indent > indent => self.block(next.indent, depth + 1)?,
                    _ => Node {
                        value: Value::Null,
                        span: Span::new(line.no as u32 + 1 + self.line_offset, line.full.len() as u32 + 1, 1),
                    },
                }
            } else if key_length(rest).is_some() {
                // `- key: value` opens a mapping at the key's column.
                let column = line.indent + at;
                self.lines[self.pos].text = rest;
                self.lines[self.pos].indent = column;
                self.mapping(column, depth + 1)?
            } else {
                self.inline(&line, at, indent, depth + 1)?
            };
            self.count()?;
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
    fn inline(&mut self, line: &Line<'a>, at: usize, indent: usize, depth: usize) -> Option<Node> {
        let rest = &line.text[at..];
        let first = *rest.as_bytes().first()?;
        let node = match first {
            b'"' | b'\'' => {
                let inner = &rest[1..];
                let close = inner.find(first as char)?;
                let text = &inner[..close];
                let after = &inner[close + 1..];
                // Escapes, doubled quotes and anything but a comment after the
                // closing quote are for saphyr.
                if (first == b'"' && text.contains('\\')) || !only_comment(after) {
                    return None;
                }
                // saphyr ends a quoted scalar's mark at the end of its line when
                // spaces or a comment follow the closing quote.
                let quote_end = line.indent + at + close + 2;
                let len = if quote_end == line.full.len() {
                    line.col(at + close + 2) - line.col(at)
                } else {
                    line.full.chars().count() - line.col(at)
                };
                Node {
                    value: Value::Scalar {
                        text: text.to_string(),
                        plain: false,
                    },
                    span: self.span(line, at, len),
                }
            }
            b'[' => {
                if depth + 2 >= MAX_DEPTH {
                    return None;
                }
                let node = self.flow_sequence(line, at)?;
                self.pos += 1;
                return Some(node);
            }
            b'|' => return self.literal(rest, indent),
            b'-' | b'?' | b':' | b',' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'>' | b'%' | b'@' | b'`' => {
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

    /// `[a, b, c]` on one line, of plain words.
    fn flow_sequence(&mut self, line: &Line<'a>, at: usize) -> Option<Node> {
        let rest = &line.text[at..];
        let close = rest.find(']')?;
        if !only_comment(&rest[close + 1..]) {
            return None;
        }
        let inner = &rest[1..close];
        let mut items = Vec::new();
        if !inner.trim_start_matches(' ').is_empty() {
            // Columns are counted as we go: a long line must not cost a count per item.
            let line_no = line.no as u32 + 1 + self.line_offset;
            let mut col = line.col(at) + 1;
            for part in inner.split(',') {
                let word = part.trim_matches(' ');
                let unsafe_char = |c: char| "[]{}\"'#:&*!|>%@`?".contains(c);
                // A dash is only safe between two other characters (`run-qbr`).
                let odd_dash =
                    word.starts_with('-') || word.ends_with('-') || word.contains(" -") || word.contains("- ");
                if word.is_empty() || odd_dash || word.contains(unsafe_char) {
                    return None;
                }
                let start = col + (part.len() - part.trim_start_matches(' ').len());
                let len = word.chars().count();
                col += part.chars().count() + 1;
                self.count()?;
                items.push(plain(Span::new(line_no, start as u32 + 1, len.max(1) as u32), word));
            }
        }
        Some(Node {
            value: Value::Seq(items),
            span: self.span(line, at, 1),
        })
    }

    /// A literal block scalar (`|`, `|-` or `|+`) whose content lines follow
    /// the current line and are indented deeper than `indent`.
    fn literal(&mut self, header: &str, indent: usize) -> Option<Node> {
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
                if !text.is_empty() || blanks > 0 || !std::ptr::eq(l.full, first.full) {
                    text.push('\n');
                }
                for _ in 0..blanks {
                    text.push('\n');
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
        self.count()?;
        Some(Node {
            value: Value::Scalar { text, plain: false },
            span: self.span(&first, 0, 1),
        })
    }
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
fn plain(span: Span, text: &str) -> Node {
    let value = if is_null_word(text) {
        Value::Null
    } else {
        Value::Scalar {
            text: text.to_string(),
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

/// The length in bytes of the key of a `key: value` line: a plain scalar
/// followed by `:` and a space or the end of the line.
fn key_length(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let len = (0..b.len()).find(|&i| b[i] == b':' && matches!(b.get(i + 1), None | Some(b' ')))?;
    let key = &text[..len];
    let starts_well = key
        .bytes()
        .next()
        .is_some_and(|c| !b"-?:,[]{}#&*!|>'\"%@`".contains(&c));
    // saphyr refuses keys longer than 1024 characters; null words and
    // comments are its to interpret.
    let simple =
        len <= 1024 && !key.ends_with(' ') && !key.as_bytes().windows(2).any(|w| w == b" #") && !is_null_word(key);
    (starts_well && simple).then_some(len)
}
