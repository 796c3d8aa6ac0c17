//! Typed reading of a YAML tree, with a diagnostic for every problem.
//!
//! Each accessor reads one key of a mapping, reports what is wrong with it
//! (wrong type, bad enum value, bad date, out of range) and returns `None`
//! so decoding carries on and one run reports every problem.

use super::yaml::{Node, Value};
use crate::diagnostic::{Code, Diagnostic, Span, Spanned, did_you_mean};
use crate::model::{Keyword, is_valid_id, slug};
use chrono::NaiveDate;

/// Where a value sits, e.g. `contacts[2].role`, formatted only when a
/// message needs it (most values are fine, and building every path would
/// cost an allocation per value).
///
/// As text (`text()`), an item of a list is `list[n]` (1-based) or, when it
/// has an id, `list[=id]`; `Display` writes it for people instead:
/// "`role` of contact `pat-quinn`", "the second goal" (see [`human_path`]).
#[derive(Clone, Copy, Debug)]
pub enum Path<'a> {
    /// `parent.key` (or `key` at the top).
    Key(&'a str, &'a str),
    /// `base[n]`, 1-based.
    Item(&'a str, usize),
    /// `base[=id]`: an item that has an id.
    Named(&'a str, &'a str),
}

impl Path<'_> {
    /// The path as text, without the formatter (paths are made for every
    /// mapping of every plan).
    pub fn text(&self) -> String {
        match *self {
            Path::Key("", key) => key.to_string(),
            Path::Key(parent, key) => [parent, ".", key].concat(),
            Path::Named(base, id) => [base, "[=", id, "]"].concat(),
            Path::Item(base, n) => {
                let mut digits = [0u8; 20];
                let mut at = digits.len();
                let mut n = n;
                loop {
                    at -= 1;
                    digits[at] = b'0' + (n % 10) as u8;
                    n /= 10;
                    if n == 0 {
                        break;
                    }
                }
                let digits = std::str::from_utf8(&digits[at..]).unwrap_or_default();
                [base, "[", digits, "]"].concat()
            }
        }
    }
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&human_path(&self.text()))
    }
}

/// The noun for one item of a list key, when the format has one.
fn item_noun(list_key: &str) -> Option<&'static str> {
    Some(match list_key {
        "objectives" => "objective",
        "goals" => "goal",
        "contacts" => "contact",
        "competitors" => "competitor",
        "actions" => "action",
        "opportunities" => "opportunity",
        "business_units" => "business unit",
        "drivers" => "driver",
        "kpis" => "KPI",
        _ => return None,
    })
}

/// A path's text (see [`Path`]) as people read it: list items by id when
/// they have one, else by their position spelled out (1-based), and the
/// keys inside an item after it: "`priority` of objective `pumps`",
/// "`alignment.us` of the second contact", "the third entry of `stages` of
/// contact `kim`", "`status.last_review`". Backticks included.
pub fn human_path(text: &str) -> String {
    let Some(open) = text.rfind('[') else {
        return format!("`{text}`");
    };
    let Some(close) = text[open..].find(']').map(|c| open + c) else {
        return format!("`{text}`");
    };
    let (list, marker, rest) = (&text[..open], &text[open + 1..close], &text[close + 1..]);
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    // The list's own key, and what holds it (an item of another list, or a section).
    let (owner, key) = match list.rfind(['.', ']']) {
        Some(i) if list.as_bytes()[i] == b']' => (&list[..=i], list[i + 1..].trim_start_matches('.')),
        Some(i) => (&list[..i], &list[i + 1..]),
        None => ("", list),
    };
    let item = match (item_noun(key), marker.strip_prefix('=')) {
        (Some(noun), Some(id)) => format!("{noun} `{id}`"),
        (Some(noun), None) => {
            let n = marker.parse().unwrap_or(0);
            format!("the {} {noun}", crate::words::ordinal(n))
        }
        (None, Some(id)) => format!("the entry `{id}` of `{key}`"),
        (None, None) => {
            let n = marker.parse().unwrap_or(0);
            format!("the {} entry of `{key}`", crate::words::ordinal(n))
        }
    };
    // An item of a list inside another item names that item too.
    let item = if owner.ends_with(']') {
        format!("{item} of {}", human_path(owner))
    } else {
        item
    };
    if rest.is_empty() {
        item
    } else {
        format!("`{rest}` of {item}")
    }
}

/// Collects the diagnostics of decoding one file.
pub struct Decoder<'f> {
    pub file: &'f str,
    pub diags: Vec<Diagnostic>,
    /// The paths (as [`Path::text`]) of values that are present but were
    /// refused: what derives from them must not be reported again as missing.
    pub refused: Vec<String>,
}

/// The entries of a YAML mapping, checked against the keys it may have.
pub struct Fields<'n> {
    /// Where the mapping starts, or its key when it has one.
    pub span: Span,
    /// The mapping's name for messages, e.g. `contacts[2]`.
    pub path: String,
    entries: Vec<(&'n str, &'n Node<'n>, &'n Node<'n>)>,
}

/// What `keep` makes of each of `items`, in a vector sized for all of them:
/// nearly every item is valid, and `filter_map().collect()` would grow the
/// vector 0, 4, 8, 16 …, leaving up to half of it empty in the model of
/// 10,000 plans, which is most of a build's memory.
pub fn kept<I: ExactSizeIterator, T>(items: I, mut keep: impl FnMut(I::Item) -> Option<T>) -> Vec<T> {
    let mut out = Vec::with_capacity(items.len());
    for x in items {
        out.extend(keep(x));
    }
    out
}

impl<'n> Fields<'n> {
    /// The value of `key`, unless absent or null.
    pub fn get(&self, key: &str) -> Option<&'n Node<'n>> {
        self.entries
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, _, v)| *v)
            .filter(|v| !v.is_null())
    }

    /// Where `key` is written, if it is.
    pub fn key_span(&self, key: &str) -> Option<Span> {
        self.entries.iter().find(|(k, _, _)| *k == key).map(|(_, k, _)| k.span)
    }

    /// All entries in file order: key text, key node, value node.
    pub fn entries(&self) -> &[(&'n str, &'n Node<'n>, &'n Node<'n>)] {
        &self.entries
    }

    fn child_path(&self, key: &str) -> String {
        self.child(key).text()
    }

    /// The path of `key` in this mapping, formatted lazily.
    pub fn child<'k>(&'k self, key: &'k str) -> Path<'k> {
        Path::Key(&self.path, key)
    }
}

/// The largest amount of money a plan or the configuration may state
/// (10^15, a thousand times the largest company's revenue): sums, ratios
/// and bar widths of amounts up to it stay finite and exact enough to show.
pub const MAX_AMOUNT: f64 = 1e15;

/// The largest exchange rate `planfolio.yaml` may state: a site currency
/// unit worth a billionth of another currency's is beyond any real pair, and
/// an amount converted at it still stays finite.
pub const MAX_EXCHANGE_RATE: f64 = 1e9;

/// Parses a plain YAML number: integers and decimals; `.nan` and `.inf` are
/// recognised so they can be refused by name.
pub fn parse_number(text: &str) -> Option<f64> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    match lower.trim_start_matches(['+', '-']) {
        ".nan" => return Some(f64::NAN),
        ".inf" => {
            return Some(if lower.starts_with('-') {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            });
        }
        _ => {}
    }
    let looks_numeric = !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
        && t.chars().any(|c| c.is_ascii_digit());
    if looks_numeric { t.parse::<f64>().ok() } else { None }
}

/// Parses a strict `YYYY-MM-DD` date.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// An author's text as the model keeps it: NUL replaced (see
/// [`crate::model::replace_nul`]), so no output carries one.
pub fn model_text(text: &str) -> String {
    crate::model::replace_nul(text).into_owned()
}

fn scalar_text<'n>(node: &'n Node<'_>) -> Option<&'n str> {
    match &node.value {
        Value::Scalar { text, .. } => Some(text),
        _ => None,
    }
}

/// The id an item of a list goes by in messages: its `id` when that is a
/// valid id, else the slug of its `title` or `name` (as the model derives
/// ids); `None` when it has neither.
fn item_name<'n>(node: &'n Node<'n>) -> Option<std::borrow::Cow<'n, str>> {
    let Value::Map(pairs) = &node.value else {
        return None;
    };
    let text_of = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| scalar_text(k) == Some(key))
            .and_then(|(_, v)| scalar_text(v))
    };
    if let Some(id) = text_of("id") {
        return is_valid_id(id).then_some(std::borrow::Cow::Borrowed(id));
    }
    let id = slug(text_of("title").or_else(|| text_of("name"))?);
    (!id.is_empty()).then_some(std::borrow::Cow::Owned(id))
}

/// A bound of an allowed range as people read it: whole numbers of five
/// digits or more grouped by thousands (`1,000,000,000,000,000`, not
/// `1000000000000000`).
fn bound_text(x: f64) -> String {
    if x.fract() != 0.0 || x.abs() < 10_000.0 || x.abs() > 1e18 {
        return x.to_string();
    }
    let digits = format!("{}", x.abs() as u64);
    let mut out = String::with_capacity(digits.len() * 4 / 3 + 1);
    if x < 0.0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `s` with its first letter in upper case (a message that starts with a path).
fn capitalise_first(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

impl<'f> Decoder<'f> {
    /// A decoder for `file` (relative to the site root).
    pub fn new(file: &'f str) -> Self {
        Decoder {
            file,
            diags: Vec::new(),
            refused: Vec::new(),
        }
    }

    /// Records a diagnostic.
    pub fn report(&mut self, code: Code, span: Span, message: impl Into<String>, hint: Option<String>) {
        self.diags
            .push(Diagnostic::new(code, self.file, span, message).with_hint_opt(hint));
    }

    /// Records an `invalid-value` for the value at `path`, which is present but refused.
    pub fn refuse(&mut self, path: String, span: Span, message: impl Into<String>, hint: Option<String>) {
        self.refused.push(path);
        self.report(Code::InvalidValue, span, message, hint);
    }

    /// Reads `node` as a mapping whose keys must be among `known`.
    /// A null node reads as an empty mapping.
    pub fn fields<'n>(&mut self, node: &'n Node<'n>, path: String, span: Span, known: &[&str]) -> Option<Fields<'n>> {
        let pairs: &[(Node, Node)] = match &node.value {
            Value::Map(pairs) => pairs,
            Value::Null => &[],
            _ => {
                self.refuse(
                    path.clone(),
                    node.span,
                    format!(
                        "{} must be a mapping of `key: value` lines, found {}",
                        human_path(&path),
                        node.kind_name()
                    ),
                    None,
                );
                return None;
            }
        };
        let mut entries: Vec<(&'n str, &'n Node<'n>, &'n Node<'n>)> = Vec::with_capacity(pairs.len());
        for (k, v) in pairs {
            let Some(key) = scalar_text(k) else {
                self.report(
                    Code::InvalidValue,
                    k.span,
                    format!("keys in {} must be plain names", human_path(&path)),
                    None,
                );
                continue;
            };
            if entries.iter().any(|(seen, _, _)| *seen == key) {
                self.report(
                    Code::YamlSyntax,
                    k.span,
                    format!("duplicate key `{key}`"),
                    Some("a key may appear only once in a mapping; merge the two".into()),
                );
                continue;
            }
            if !known.is_empty() && !known.contains(&key) {
                let where_ = if path.is_empty() {
                    String::new()
                } else {
                    format!(" in {}", human_path(&path))
                };
                let hint = did_you_mean(key, known.iter().copied())
                    .or_else(|| Some(format!("known fields here: {}", known.join(", "))));
                self.report(
                    Code::UnknownField,
                    k.span,
                    format!("unknown field `{key}`{where_}"),
                    hint,
                );
                continue;
            }
            entries.push((key, k, v));
        }
        Some(Fields { span, path, entries })
    }

    /// Reads a nested mapping under `key`, when present.
    pub fn section<'n>(&mut self, f: &Fields<'n>, key: &str, known: &[&str]) -> Option<Fields<'n>> {
        let node = f.get(key)?;
        let span = f.key_span(key).unwrap_or(node.span);
        self.fields(node, f.child_path(key), span, known)
    }

    /// Reports a missing required key.
    pub fn missing(&mut self, f: &Fields, key: &str) {
        let where_ = if f.path.is_empty() {
            String::new()
        } else {
            format!(" in {}", human_path(&f.path))
        };
        self.report(
            Code::MissingField,
            f.span,
            format!("missing required field `{key}`{where_}"),
            Some(format!("add `{key}: ...`")),
        );
    }

    fn wrong_type(&mut self, f: &Fields, key: &str, node: &Node, expected: &str) {
        self.refuse(
            f.child(key).text(),
            node.span,
            format!("{} must be {expected}, found {}", f.child(key), node.kind_name()),
            None,
        );
    }

    /// Text (any scalar) under `key`.
    pub fn text(&mut self, f: &Fields, key: &str) -> Option<String> {
        self.text_spanned(f, key).map(|s| s.value)
    }

    /// Text under `key`, with its span.
    pub fn text_spanned(&mut self, f: &Fields, key: &str) -> Option<Spanned<String>> {
        let node = f.get(key)?;
        match scalar_text(node) {
            Some(t) => Some(Spanned::new(model_text(t), node.span)),
            None => {
                self.wrong_type(f, key, node, "text");
                None
            }
        }
    }

    /// Required text under `key`.
    pub fn req_text(&mut self, f: &Fields, key: &str) -> Option<Spanned<String>> {
        if f.get(key).is_none() {
            self.missing(f, key);
            return None;
        }
        self.text_spanned(f, key)
    }

    /// A list of text under `key`.
    pub fn texts(&mut self, f: &Fields, key: &str) -> Vec<String> {
        self.list(f, key, |dec, node, path| dec.text_node(node, path).map(|t| t.value))
    }

    /// Reads a node (at `path`) as text, with its span.
    pub fn text_node(&mut self, node: &Node, path: Path) -> Option<Spanned<String>> {
        match scalar_text(node) {
            Some(t) => Some(Spanned::new(model_text(t), node.span)),
            None => {
                self.refuse(
                    path.text(),
                    node.span,
                    format!("{path} must be text, found {}", node.kind_name()),
                    None,
                );
                None
            }
        }
    }

    /// A list under `key`, each item read by `item(decoder, node, path)`.
    pub fn list<T>(
        &mut self,
        f: &Fields,
        key: &str,
        mut item: impl FnMut(&mut Self, &Node, Path) -> Option<T>,
    ) -> Vec<T> {
        let Some(node) = f.get(key) else {
            return Vec::new();
        };
        let Value::Seq(items) = &node.value else {
            self.refuse(
                f.child(key).text(),
                node.span,
                format!("{} must be a list, found {}", f.child(key), node.kind_name()),
                Some(format!(
                    "write each entry on its own line starting with `- `, or `{key}: [a, b]`"
                )),
            );
            return Vec::new();
        };
        let base = f.child_path(key);
        kept(items.iter().enumerate(), |(i, n)| {
            item(self, n, Path::Item(&base, i + 1))
        })
    }

    /// A list of mappings under `key`, each item read by `item` from its fields.
    pub fn items<T>(
        &mut self,
        f: &Fields,
        key: &str,
        known: &[&str],
        mut item: impl FnMut(&mut Self, Fields) -> Option<T>,
    ) -> Vec<T> {
        self.list(f, key, |dec, node, path| {
            let path = match (path, item_name(node)) {
                (Path::Item(base, _), Some(id)) => Path::Named(base, &id).text(),
                _ => path.text(),
            };
            let fields = dec.fields(node, path, node.span, known)?;
            item(dec, fields)
        })
    }

    /// A keyword (enum value) under `key`.
    pub fn keyword<K: Keyword>(&mut self, f: &Fields, key: &str, what: &str) -> Option<Spanned<K>> {
        let node = f.get(key)?;
        self.keyword_node(node, f.child(key), what)
    }

    /// Reads a node as a keyword.
    pub fn keyword_node<K: Keyword>(&mut self, node: &Node, path: Path, what: &str) -> Option<Spanned<K>> {
        let Some(text) = scalar_text(node) else {
            self.refuse(
                path.text(),
                node.span,
                format!("{path} must be one {what}, found {}", node.kind_name()),
                Some(format!("expected one of: {}", K::names().join(", "))),
            );
            return None;
        };
        if let Some(k) = K::parse(text) {
            return Some(Spanned::new(k, node.span));
        }
        let hint = match did_you_mean(text, K::names()) {
            Some(dym) => format!("{dym} expected one of: {}", K::names().join(", ")),
            None => format!("expected one of: {}", K::names().join(", ")),
        };
        self.refuse(
            path.text(),
            node.span,
            format!("`{text}` is not a valid {what} (in {path})"),
            Some(hint),
        );
        None
    }

    /// A required keyword under `key`.
    pub fn req_keyword<K: Keyword>(&mut self, f: &Fields, key: &str, what: &str) -> Option<Spanned<K>> {
        if f.get(key).is_none() {
            self.missing(f, key);
            return None;
        }
        self.keyword(f, key, what)
    }

    /// A list of keywords under `key`.
    pub fn keywords<K: Keyword>(&mut self, f: &Fields, key: &str, what: &str) -> Vec<K> {
        self.list(f, key, |dec, node, path| {
            dec.keyword_node::<K>(node, path, what).map(|k| k.value)
        })
    }

    /// A `YYYY-MM-DD` date under `key`.
    pub fn date(&mut self, f: &Fields, key: &str) -> Option<Spanned<NaiveDate>> {
        let node = f.get(key)?;
        let text = scalar_text(node).unwrap_or("");
        match parse_date(text) {
            Some(d) => Some(Spanned::new(d, node.span)),
            None => {
                let msg = if text.is_empty() {
                    format!("{} must be a date, found {}", f.child(key), node.kind_name())
                } else {
                    format!("`{text}` is not a valid date (in {})", f.child(key))
                };
                self.refuse(
                    f.child(key).text(),
                    node.span,
                    msg,
                    Some("write dates as YYYY-MM-DD, e.g. 2026-03-31".into()),
                );
                None
            }
        }
    }

    /// A finite number within `min..=max` under `key`.
    pub fn number_in(&mut self, f: &Fields, key: &str, min: f64, max: f64) -> Option<Spanned<f64>> {
        let node = f.get(key)?;
        self.number_node(node, f.child(key), min, max)
    }

    /// Reads a node as a finite number within `min..=max`.
    pub fn number_node(&mut self, node: &Node, path: Path, min: f64, max: f64) -> Option<Spanned<f64>> {
        let parsed = match &node.value {
            Value::Scalar { text, plain: true } => parse_number(text),
            _ => None,
        };
        // Written only for a message: most numbers are fine.
        let range = || {
            if max.is_infinite() {
                format!("a number >= {}", bound_text(min))
            } else {
                format!("a number from {} to {}", bound_text(min), bound_text(max))
            }
        };
        match parsed {
            Some(n) if n.is_finite() && n >= min && n <= max => Some(Spanned::new(n, node.span)),
            Some(n) if !n.is_finite() => {
                self.refuse(
                    path.text(),
                    node.span,
                    format!("{path} must be a finite number"),
                    Some(format!("expected {}", range())),
                );
                None
            }
            Some(n) => {
                // `{:e}` for huge values: Display writes 1e308 in 309 digits.
                let shown = if n.abs() >= 1e16 {
                    format!("{n:e}")
                } else {
                    n.to_string()
                };
                self.refuse(
                    path.text(),
                    node.span,
                    format!("{path} is {shown}, out of range"),
                    Some(format!("expected {}", range())),
                );
                None
            }
            None => {
                let found = match &node.value {
                    Value::Scalar { text, .. } => format!("`{text}`"),
                    _ => node.kind_name().to_string(),
                };
                self.refuse(
                    path.text(),
                    node.span,
                    format!("{path} must be a number, found {found}"),
                    Some(format!(
                        "expected {}, written without quotes, currency symbols or separators",
                        range()
                    )),
                );
                None
            }
        }
    }

    /// A non-negative amount under `key`, at most [`MAX_AMOUNT`].
    pub fn amount(&mut self, f: &Fields, key: &str) -> Option<Spanned<f64>> {
        self.number_in(f, key, 0.0, MAX_AMOUNT)
    }

    /// A whole number within `min..=max` under `key`.
    pub fn integer(&mut self, f: &Fields, key: &str, min: u64, max: u64) -> Option<u64> {
        let node = f.get(key)?;
        let max = if max >= 1 << 50 { f64::INFINITY } else { max as f64 };
        let n = self.number_in(f, key, min as f64, max)?;
        if n.value.fract() != 0.0 {
            self.refuse(
                f.child(key).text(),
                node.span,
                format!("{} must be a whole number", f.child(key)),
                None,
            );
            return None;
        }
        Some(n.value as u64)
    }

    /// `true` or `false` under `key`.
    pub fn boolean(&mut self, f: &Fields, key: &str) -> Option<bool> {
        let node = f.get(key)?;
        match &node.value {
            Value::Scalar { text, plain: true } if text == "true" => Some(true),
            Value::Scalar { text, plain: true } if text == "false" => Some(false),
            _ => {
                self.refuse(
                    f.child(key).text(),
                    node.span,
                    format!("{} must be true or false", f.child(key)),
                    Some("expected one of: true, false".into()),
                );
                None
            }
        }
    }

    /// Checks that `text` (found at `span`) is a valid id.
    pub fn check_id(&mut self, text: &str, span: Span, path: Path) -> bool {
        if is_valid_id(text) {
            return true;
        }
        let fix = slug(text);
        let hint = if fix.is_empty() {
            "ids use lower-case letters, digits and `-`, starting with a letter or digit".to_string()
        } else {
            format!("ids use lower-case letters, digits and `-`; try `{fix}`")
        };
        self.refuse(
            path.text(),
            span,
            format!("`{text}` is not a valid id (in {path})"),
            Some(hint),
        );
        false
    }

    /// An id (or a reference to one) under `key`.
    pub fn id(&mut self, f: &Fields, key: &str) -> Option<Spanned<String>> {
        let node = f.get(key)?;
        self.id_node(node, f.child(key))
    }

    fn id_node(&mut self, node: &Node, path: Path) -> Option<Spanned<String>> {
        let Some(text) = scalar_text(node) else {
            self.refuse(
                path.text(),
                node.span,
                format!("{path} must be an id, found {}", node.kind_name()),
                None,
            );
            return None;
        };
        self.check_id(text, node.span, path)
            .then(|| Spanned::new(text.to_string(), node.span))
    }

    /// A list of ids under `key`.
    pub fn ids(&mut self, f: &Fields, key: &str) -> Vec<Spanned<String>> {
        self.list(f, key, |dec, node, path| dec.id_node(node, path))
    }

    /// An item's id: its `id` key, else `slug(label)`; reports when neither works.
    pub fn item_id(&mut self, f: &Fields, label: Option<&Spanned<String>>, label_key: &str) -> Spanned<String> {
        if f.get("id").is_some() {
            return self.id(f, "id").unwrap_or_else(|| Spanned::new(String::new(), f.span));
        }
        let slugged = label.map(|l| (l, slug(&l.value)));
        match slugged {
            Some((l, id)) if !id.is_empty() => Spanned::new(id, l.span),
            Some((l, _)) => {
                self.report(
                    Code::MissingField,
                    l.span,
                    format!(
                        "{} needs an explicit `id`: its {label_key} `{}` gives no usable id",
                        capitalise_first(&human_path(&f.path)),
                        l.value
                    ),
                    Some("add `id: some-name` with lower-case letters, digits and `-`".into()),
                );
                Spanned::new(String::new(), f.span)
            }
            None => Spanned::new(String::new(), f.span),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(parse_number("1200000"), Some(1_200_000.0));
        assert_eq!(parse_number("-3.5"), Some(-3.5));
        assert_eq!(parse_number("1e3"), Some(1000.0));
        assert!(parse_number(".NaN").is_some_and(f64::is_nan));
        assert_eq!(parse_number("£1,200"), None);
        assert_eq!(parse_number("twelve"), None);
    }

    #[test]
    fn range_bounds_are_grouped_by_thousands() {
        assert_eq!(bound_text(0.0), "0");
        assert_eq!(bound_text(10.0), "10");
        assert_eq!(bound_text(0.5), "0.5");
        assert_eq!(bound_text(9999.0), "9999");
        assert_eq!(bound_text(10_000.0), "10,000");
        assert_eq!(bound_text(1e15), "1,000,000,000,000,000");
        assert_eq!(bound_text(-123_456.0), "-123,456");
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("2026-10-14"), NaiveDate::from_ymd_opt(2026, 10, 14));
        assert_eq!(parse_date("2026-13-01"), None);
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("2026-1-5"), None);
        assert_eq!(parse_date("14/10/2026"), None);
    }
}

#[cfg(test)]
mod path_tests {
    use super::{Path, human_path};

    #[test]
    fn path_text_is_built_without_the_formatter() {
        let paths = [
            (Path::Key("", "name"), "name"),
            (Path::Key("customer", "kpis"), "customer.kpis"),
            (Path::Item("contacts", 0), "contacts[0]"),
            (Path::Item("contacts", 7), "contacts[7]"),
            (Path::Item("customer.kpis", 10), "customer.kpis[10]"),
            (Path::Named("goals", "pilot"), "goals[=pilot]"),
        ];
        for (p, want) in paths {
            assert_eq!(p.text(), want);
        }
        assert_eq!(Path::Item("x", usize::MAX).text(), format!("x[{}]", usize::MAX));
    }

    #[test]
    fn paths_read_as_people_name_things() {
        let want = [
            ("status.last_review", "`status.last_review`"),
            ("goals[1]", "the first goal"),
            ("goals[=pilot]", "goal `pilot`"),
            ("objectives[=pumps].priority", "`priority` of objective `pumps`"),
            ("contacts[2].alignment.us", "`alignment.us` of the second contact"),
            (
                "contacts[=kim].stages[3]",
                "the third entry of `stages` of contact `kim`",
            ),
            (
                "customer.business_units[=docks].name",
                "`name` of business unit `docks`",
            ),
            ("opportunities[12]", "the 12th opportunity"),
        ];
        for (text, human) in want {
            assert_eq!(human_path(text), human, "{text}");
        }
        assert_eq!(Path::Named("goals", "pilot").to_string(), "goal `pilot`");
    }
}
