//! The client-side search index: an inverted index of word tokens, in
//! shards small enough to load on a search, as scripts so they load from
//! `file://` too (docs/theme.md, "Search index").
//!
//! - `search-index.js` (the manifest) sets `PLANFOLIO_SEARCH.index`: the
//!   kind names, the key of every token shard and the first entry id of
//!   every entry shard.
//! - `search/t<n>.js` sets `PLANFOLIO_SEARCH.t<n>`: the tokens whose
//!   longest prefix among the manifest's keys is key `n`, each with its
//!   postings (entry ids delta-coded, times 3, plus where the word is:
//!   0 in the text, 1 in the title, 2 first word of the title).
//! - `search/e<n>.js` sets `PLANFOLIO_SEARCH.e<n>`: entries from the n-th
//!   first id on, in groups `[page, account name, entry…]`, each entry
//!   `[kind, title, href, subtitle?, text?]` (`href` starting `#` is on the
//!   group's page).
//!
//! The entries are written as they are made; only the postings (a few
//! bytes per word and entry) are held until the end.

use super::context::{self, Lookup};
use super::{markdown, urls};
use crate::derive::Item;
use crate::keyword::Keyword;
use std::collections::{BTreeMap, HashMap};
use std::io;
use unicode_normalization::UnicodeNormalization;

/// The manifest, at the site root.
pub const MANIFEST: &str = "search-index.js";
/// The folder of the shards.
pub const DIR: &str = "search";
/// An entry shard ends after the entry that takes it past this size.
pub const ENTRY_SHARD_BYTES: usize = 192 * 1024;
/// A token shard above this size is split by one more character of its
/// tokens (so a search loads at most about this much per word).
pub const TOKEN_SHARD_BYTES: usize = 384 * 1024;
/// Text kept per entry for the snippet (the words after it are still found).
const SNIPPET_SOURCE_CHARS: usize = 1500;
/// The global the index files fill, one property per file.
const GLOBAL: &str = "(window.PLANFOLIO_SEARCH=window.PLANFOLIO_SEARCH||{})";

/// Kinds of entry: the code in the index and the name the reader sees.
const KINDS: &[(&str, &str)] = &[
    ("a", "Account"),
    ("o", "Objective"),
    ("g", "Goal"),
    ("t", "Action"),
    ("p", "Opportunity"),
    ("r", "Product"),
    ("c", "Contact"),
    ("n", "Narrative"),
    ("s", "Plan text"),
    ("k", "Competitor"),
    ("m", "Team"),
];

/// Lower case, accents removed: `norm()` of planfolio.js
/// (`toLowerCase`, NFD, marks U+0300–U+036F dropped).
pub fn normalize(s: &str) -> String {
    s.to_lowercase()
        .nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .collect()
}

/// The word tokens of `s`: runs of letters and digits of the normalised
/// text (planfolio.js splits a query the same way).
pub fn tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_token(s, &mut String::new(), &mut |t| out.push(t.to_string()));
    out
}

/// Calls `f` with each token of `s` (see [`tokens`]), `buf` its scratch
/// space. ASCII text, most of it, is split byte by byte; of other text only
/// the stretches holding a non-ASCII character (a `£`, an `é`) are
/// normalised. A stretch ends at an ASCII character that is neither a
/// letter, a digit nor case-ignorable (`'`, `.`, `:`, `^`, `` ` ``): lower
/// casing (a final sigma) and NFD carry nothing across one, so the tokens
/// are those of the whole text normalised.
fn for_each_token(s: &str, buf: &mut String, f: &mut dyn FnMut(&str)) {
    if s.is_ascii() {
        return ascii_tokens(s, buf, f);
    }
    let boundary = |c: char| c.is_ascii() && !c.is_ascii_alphanumeric() && !matches!(c, '\'' | '.' | ':' | '^' | '`');
    for part in s.split(boundary) {
        if part.is_ascii() {
            ascii_tokens(part, buf, f);
        } else {
            for word in normalize(part)
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
            {
                f(word);
            }
        }
    }
}

/// [`for_each_token`] of ASCII text: split byte by byte, a word copied
/// only when it has a capital to lower.
fn ascii_tokens(s: &str, buf: &mut String, f: &mut dyn FnMut(&str)) {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && !bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if i == start {
            continue;
        }
        let word = &s[start..i];
        if word.bytes().any(|b| b.is_ascii_uppercase()) {
            buf.clear();
            buf.push_str(word);
            buf.make_ascii_lowercase();
            f(buf);
        } else {
            f(word);
        }
    }
}

/// The key of the shard that holds `token`: the longest of `keys` (sorted)
/// that starts it, of two characters or more (a one-character token only
/// in its own shard).
pub fn shard_of<'k>(token: &str, keys: &'k [String]) -> Option<&'k str> {
    let found = |k: &str| {
        keys.binary_search_by(|x| x.as_str().cmp(k))
            .ok()
            .map(|i| keys[i].as_str())
    };
    if token.chars().nth(1).is_none() {
        return found(token);
    }
    let ends: Vec<usize> = token
        .char_indices()
        .map(|(i, _)| i)
        .skip(2)
        .chain([token.len()])
        .collect();
    ends.into_iter().rev().find_map(|end| found(&token[..end]))
}

/// A token's postings so far: varint-coded `(id delta) * 3 + place`, the
/// last entry's kept aside until the next, as the word may come again in it.
#[derive(Default)]
struct Postings {
    bytes: Vec<u8>,
    last: u32,
    pending: Option<(u32, u8)>,
    /// Length of the postings written as a JSON array, to size shards.
    json_len: usize,
}

impl Postings {
    fn push(&mut self, id: u32, place: u8) {
        match self.pending {
            Some((at, best)) if at == id => self.pending = Some((id, best.max(place))),
            _ => {
                self.flush();
                self.pending = Some((id, place));
            }
        }
    }

    fn flush(&mut self) {
        let Some((id, place)) = self.pending.take() else { return };
        let v = u64::from(id - self.last) * 3 + u64::from(place);
        self.last = id;
        self.json_len += decimal_len(v) + 1;
        let mut v = v;
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.bytes.push(b);
                break;
            }
            self.bytes.push(b | 0x80);
        }
    }

    /// The values, once flushed.
    fn values(&self) -> impl Iterator<Item = u64> + '_ {
        let mut i = 0;
        std::iter::from_fn(move || {
            let mut v = 0u64;
            let mut shift = 0;
            while i < self.bytes.len() {
                let b = self.bytes[i];
                i += 1;
                v |= u64::from(b & 0x7f) << shift;
                if b & 0x80 == 0 {
                    return Some(v);
                }
                shift += 7;
            }
            None
        })
    }
}

/// FNV-1a: the words are short, and SipHash cost more than the rest of
/// the indexing.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type Words = HashMap<String, Postings, std::hash::BuildHasherDefault<Fnv>>;

fn decimal_len(mut v: u64) -> usize {
    let mut n = 1;
    while v >= 10 {
        v /= 10;
        n += 1;
    }
    n
}

/// One searchable item as it goes into the index.
struct Entry<'a> {
    kind: &'static str,
    title: &'a str,
    /// `#anchor` on the group's page, or a path from the site root.
    href: String,
    sub: Option<String>,
    /// Searchable text besides the title and subtitle, shown as a snippet.
    text: Option<String>,
    /// Found but not shown (the account name on each of its items).
    also: Option<&'a str>,
}

/// Writes the index files through `put(path, bytes)`.
struct Builder<'p> {
    put: &'p mut dyn FnMut(String, Vec<u8>) -> io::Result<()>,
    postings: Words,
    /// Scratch space for lowering words.
    buf: String,
    next_id: u32,
    /// First entry id of every shard written or begun.
    starts: Vec<u32>,
    shard: Vec<u8>,
    /// The group (page, account) the shard is in, if one is open.
    group: Option<(String, String)>,
}

impl<'p> Builder<'p> {
    fn new(put: &'p mut dyn FnMut(String, Vec<u8>) -> io::Result<()>) -> Self {
        Builder {
            put,
            postings: Words::default(),
            buf: String::new(),
            next_id: 0,
            starts: Vec::new(),
            shard: Vec::new(),
            group: None,
        }
    }

    fn add(&mut self, page: &str, account: &str, e: Entry) -> io::Result<()> {
        let id = self.next_id;
        self.next_id += 1;
        // Where each word is (the postings keep the best place of an entry).
        let (words, mut buf) = (&mut self.postings, std::mem::take(&mut self.buf));
        let mut note = |t: &str, place: u8| match words.get_mut(t) {
            Some(p) => p.push(id, place),
            None => words.entry(t.to_string()).or_default().push(id, place),
        };
        let mut first = true;
        for_each_token(e.title, &mut buf, &mut |t| {
            note(t, if first { 2 } else { 1 });
            first = false;
        });
        for text in [e.sub.as_deref(), e.text.as_deref(), e.also].into_iter().flatten() {
            // One-letter words of the text would only weigh the index down.
            for_each_token(text, &mut buf, &mut |t| {
                if t.chars().nth(1).is_some() {
                    note(t, 0);
                }
            });
        }
        self.buf = buf;
        self.write_entry(id, page, account, &e)
    }

    fn write_entry(&mut self, id: u32, page: &str, account: &str, e: &Entry) -> io::Result<()> {
        if self.shard.is_empty() {
            self.starts.push(id);
            let n = self.starts.len() - 1;
            self.shard.extend_from_slice(format!("{GLOBAL}.e{n}=[").as_bytes());
            self.group = None;
        }
        if self.group.as_ref().is_none_or(|(p, a)| p != page || a != account) {
            if self.group.is_some() {
                self.shard.extend_from_slice(b"],");
            }
            self.shard.push(b'[');
            json(&mut self.shard, page)?;
            self.shard.push(b',');
            json(&mut self.shard, account)?;
            self.group = Some((page.to_string(), account.to_string()));
        }
        self.shard.push(b',');
        self.shard.push(b'[');
        json(&mut self.shard, e.kind)?;
        self.shard.push(b',');
        json(&mut self.shard, e.title)?;
        self.shard.push(b',');
        json(&mut self.shard, &e.href)?;
        if e.sub.is_some() || e.text.is_some() {
            self.shard.push(b',');
            json(&mut self.shard, e.sub.as_deref().unwrap_or_default())?;
        }
        if let Some(text) = &e.text {
            self.shard.push(b',');
            json(&mut self.shard, clip(text, SNIPPET_SOURCE_CHARS))?;
        }
        self.shard.push(b']');
        if self.shard.len() >= ENTRY_SHARD_BYTES {
            self.close_shard()?;
        }
        Ok(())
    }

    fn close_shard(&mut self) -> io::Result<()> {
        if self.shard.is_empty() {
            return Ok(());
        }
        self.shard
            .extend_from_slice(if self.group.is_some() { b"]];\n" } else { b"];\n" });
        let n = self.starts.len() - 1;
        let bytes = std::mem::take(&mut self.shard);
        (self.put)(format!("{DIR}/e{n}.js"), bytes)
    }

    /// Writes the token shards and the manifest.
    fn finish(mut self) -> io::Result<()> {
        self.close_shard()?;
        let mut words: Vec<(String, Postings)> = self.postings.drain().collect();
        for (_, p) in &mut words {
            p.flush();
        }
        words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let sizes: Vec<(&str, usize)> = words
            .iter()
            .map(|(t, p)| (t.as_str(), t.len() + 6 + p.json_len))
            .collect();
        let keys = shard_keys(&sizes);
        // Words are sorted, and so are the shards' keys: each shard is a run.
        let mut by_key: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, (t, _)) in words.iter().enumerate() {
            if let Some(k) = shard_of(t, &keys) {
                by_key.entry(k).or_default().push(i);
            }
        }
        for (n, key) in keys.iter().enumerate() {
            let mut out = format!("{GLOBAL}.t{n}={{").into_bytes();
            for (j, &i) in by_key.get(key.as_str()).into_iter().flatten().enumerate() {
                let (t, p) = &words[i];
                if j > 0 {
                    out.push(b',');
                }
                json(&mut out, t)?;
                out.extend_from_slice(b":[");
                for (k, v) in p.values().enumerate() {
                    if k > 0 {
                        out.push(b',');
                    }
                    out.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
                }
                out.push(b']');
            }
            out.extend_from_slice(b"};\n");
            (self.put)(format!("{DIR}/t{n}.js"), out)?;
        }
        let kinds: BTreeMap<&str, &str> = KINDS.iter().copied().collect();
        let manifest = serde_json::json!({
            "kinds": kinds,
            "tokens": keys,
            "entries": self.starts,
        });
        let mut out = format!("{GLOBAL}.index=").into_bytes();
        serde_json::to_writer(&mut out, &manifest)?;
        out.extend_from_slice(b";\n");
        (self.put)(MANIFEST.to_string(), out)
    }
}

/// The keys of the token shards for words (sorted) of the given sizes:
/// the words' first two characters (one-letter words on their own), a key
/// whose words take more than [`TOKEN_SHARD_BYTES`] split by one more
/// character.
fn shard_keys(words: &[(&str, usize)]) -> Vec<String> {
    let mut keys = Vec::new();
    split_keys(words, 0, &mut keys);
    keys.sort();
    keys
}

/// Adds the keys for `words`, which all share their first `depth` characters.
fn split_keys(words: &[(&str, usize)], depth: usize, keys: &mut Vec<String>) {
    let mut i = 0;
    while i < words.len() {
        let (word, _) = words[i];
        // One-letter words: their own shard, never split.
        let len = if depth == 0 && word.chars().nth(1).is_none() {
            1
        } else {
            (depth + 1).max(2)
        };
        let key = prefix(word, len);
        let mut j = i;
        let mut size = 0;
        while j < words.len() && prefix(words[j].0, len) == key && !(len == 1 && words[j].0.len() > key.len()) {
            size += words[j].1;
            j += 1;
        }
        let group = &words[i..j];
        if size > TOKEN_SHARD_BYTES && group.iter().any(|(w, _)| w.len() > key.len()) {
            // The word equal to the key (sorted first) keeps the key.
            let rest = if group[0].0 == key {
                keys.push(key.to_string());
                &group[1..]
            } else {
                group
            };
            split_keys(rest, key.chars().count(), keys);
        } else {
            keys.push(key.to_string());
        }
        i = j;
    }
}

/// The first `n` characters of `s` (all of it if shorter).
fn prefix(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

/// `s` cut to about `n` characters, at a character boundary.
fn clip(s: &str, n: usize) -> &str {
    prefix(s, n)
}

fn json(out: &mut Vec<u8>, s: &str) -> io::Result<()> {
    serde_json::to_writer(out, s).map_err(io::Error::other)
}

/// The plain text of a Markdown field, for the index.
fn plain(text: &str, allow_html: bool) -> String {
    // Most fields are a line of words, which Markdown leaves as they are.
    if markdown::is_plain_text(text) {
        return text.to_string();
    }
    markdown::text_sections(text, allow_html, "")
        .into_iter()
        .flat_map(|s| s.heading.map(|h| h.title).into_iter().chain([s.text]))
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Joins the texts that are set, as one paragraph.
fn joined<'t>(parts: impl IntoIterator<Item = Option<&'t str>>, allow_html: bool) -> Option<String> {
    let text: Vec<String> = parts
        .into_iter()
        .flatten()
        .map(|t| plain(t, allow_html))
        .filter(|t| !t.is_empty())
        .collect();
    (!text.is_empty()).then(|| text.join(" · "))
}

/// Writes every index file through `put(path, bytes)`: the shards in
/// [`DIR`], then the manifest [`MANIFEST`].
pub fn write_search_index(look: &Lookup, put: &mut dyn FnMut(String, Vec<u8>) -> io::Result<()>) -> io::Result<()> {
    let mut b = Builder::new(put);
    let html = look.site.config.allow_html;
    for (p, a) in look.pairs() {
        let page = urls::plan(&p.id);
        let name = p.name.as_str();
        let also = Some(name);
        let item = |kind: &'static str, title: &'static str, href: String| Entry {
            kind,
            title,
            href,
            sub: None,
            text: None,
            also,
        };
        let owner = p.owner.as_ref().map_or("", |o| look.person(&o.value).name);
        let industry = p.industry.as_deref().unwrap_or_default();
        b.add(
            &page,
            name,
            Entry {
                sub: Some(format!("{} · {industry} · {owner}", a.segment.as_str())),
                also: None,
                ..item("a", "", String::new())
            }
            .titled(name),
        )?;
        for o in &p.objectives {
            let e = Entry {
                text: joined([o.details.as_deref()], html),
                ..item("o", "", urls::anchor(&Item::Objective(o.id.value.clone())))
            };
            b.add(&page, name, e.titled(&o.title))?;
        }
        for g in &p.goals {
            let e = Entry {
                text: joined([g.measure.as_deref(), g.target.as_deref()], html),
                ..item("g", "", urls::anchor(&Item::Goal(g.id.value.clone())))
            };
            b.add(&page, name, e.titled(&g.title))?;
        }
        for t in &p.actions {
            let e = Entry {
                text: joined([t.notes.as_deref(), t.measure.as_deref()], html),
                ..item("t", "", urls::anchor(&Item::Action(t.id.value.clone())))
            };
            b.add(&page, name, e.titled(&t.title))?;
        }
        for o in &p.opportunities {
            let e = Entry {
                sub: o.product.as_ref().map(|s| s.value.clone()),
                ..item("p", "", urls::anchor(&Item::Opportunity(o.id.value.clone())))
            };
            b.add(&page, name, e.titled(&o.name))?;
        }
        // Each product once: on the whitespace map if the plan has one,
        // else at the first opportunity that sells it.
        let mut products: BTreeMap<&str, String> = BTreeMap::new();
        for row in &p.whitespace {
            for (product, _) in &row.cells {
                products
                    .entry(product.value.as_str())
                    .or_insert_with(|| "#section-whitespace".to_string());
            }
        }
        for o in &p.opportunities {
            if let Some(product) = &o.product {
                products
                    .entry(product.value.as_str())
                    .or_insert_with(|| urls::anchor(&Item::Opportunity(o.id.value.clone())));
            }
        }
        for (product, href) in products {
            b.add(&page, name, item("r", "", href).titled(product))?;
        }
        for c in &p.contacts {
            let e = Entry {
                sub: c.title.clone(),
                text: joined([c.personal_drivers.as_deref(), c.action.as_deref()], html),
                ..item("c", "", urls::anchor(&Item::Contact(c.id.value.clone())))
            };
            b.add(&page, name, e.titled(&c.name))?;
        }
        let customer = joined([p.customer.vision.as_deref(), p.customer.overview.as_deref()], html);
        if let Some(text) = customer {
            let e = Entry {
                text: Some(text),
                ..item("s", "Customer", "#section-customer".to_string())
            };
            b.add(&page, name, e)?;
        }
        let st = &p.status;
        let status = joined(
            [st.value_proposition.as_deref(), st.long_term_ambition.as_deref()]
                .into_iter()
                .chain(st.what_we_need.iter().map(|s| Some(s.as_str()))),
            html,
        );
        if let Some(text) = status {
            let e = Entry {
                text: Some(text),
                ..item("s", "Status", "#section-status".to_string())
            };
            b.add(&page, name, e)?;
        }
        if let Some(pr) = &p.proposition {
            let text = joined(
                [pr.competency.as_deref(), pr.offer.as_deref(), pr.price.as_deref()]
                    .into_iter()
                    .chain(pr.differentiators.iter().map(|s| Some(s.as_str()))),
                html,
            );
            if let Some(text) = text {
                let e = Entry {
                    text: Some(text),
                    ..item("s", "Our proposition", "#section-proposition".to_string())
                };
                b.add(&page, name, e)?;
            }
        }
        // The narrative, a part per heading (the page gives the same ids).
        for s in markdown::text_sections(&p.body, html, "h-") {
            let (title, href) = match &s.heading {
                Some(h) => (h.title.as_str(), format!("#{}", h.id)),
                None => ("Narrative", "#section-narrative".to_string()),
            };
            let e = Entry {
                text: (!s.text.is_empty()).then_some(s.text.clone()),
                ..item("n", "", href)
            };
            b.add(&page, name, e.titled(title))?;
        }
    }
    for row in context::competitor_rows(look) {
        let e = Entry {
            kind: "k",
            title: &row.name,
            href: row.url.clone(),
            sub: Some(format!("{} accounts", row.accounts)),
            text: None,
            also: None,
        };
        b.add("", "", e)?;
    }
    for t in &look.site.team {
        let e = Entry {
            kind: "m",
            title: &t.name,
            href: urls::member(&t.id),
            sub: t.title.clone(),
            text: None,
            also: None,
        };
        b.add("", "", e)?;
    }
    b.finish()
}

impl<'a> Entry<'a> {
    /// The entry with `title` (entries are made from a template above).
    fn titled(self, title: &'a str) -> Entry<'a> {
        Entry { title, ..self }
    }
}

/// Every index file, for the preview server, which renders files when asked.
pub fn search_files(look: &Lookup) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let _ = write_search_index(look, &mut |path, bytes| {
        files.push((path, bytes));
        Ok(())
    });
    files
}

/// Whether `path` is one of the index files (the manifest or a shard).
pub fn is_index_file(path: &str) -> bool {
    path == MANIFEST
        || path
            .strip_prefix(DIR)
            .and_then(|p| p.strip_prefix('/'))
            .is_some_and(|f| f.ends_with(".js") && !f.contains('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_lower_case_without_accents() {
        assert_eq!(
            tokens("Sørensen's Café, non-productive 10%"),
            ["sørensen", "s", "cafe", "non", "productive", "10"]
        );
    }

    #[test]
    fn ascii_tokens_are_split_at_anything_but_letters_and_digits() {
        assert_eq!(
            tokens("  Hello, WORLD-wide pm-pilot_2 10% x."),
            ["hello", "world", "wide", "pm", "pilot", "2", "10", "x"]
        );
        assert!(tokens(" -- ").is_empty());
    }

    #[test]
    fn tokens_are_those_of_the_whole_text_normalised() {
        // The definition: the whole text normalised, split at anything but
        // letters and digits. Stretches are normalised one by one; lower
        // casing a final sigma and NFD must come out the same.
        let whole = |s: &str| -> Vec<String> {
            normalize(s)
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect()
        };
        for s in [
            "£1.2M pipeline, Café-crème at Zürich",
            "ΟΔΟΣ. ΑΣ'Β ΑΣ:Β ΑΣ Β (ΟΔΟΣ)",
            "e\u{301}tude a\u{301}-b \u{301}x 'é' x^\u{301}y",
            "İstanbul STRASSE Straße ǅemal",
            "naïve—coöperate…10 % off; Ørsted/Æon",
        ] {
            assert_eq!(tokens(s), whole(s), "{s}");
        }
        // And every text of up to 10 characters drawn from the tricky ones.
        let alphabet = [
            'a', 'Z', '1', 'Σ', 'Α', 'ς', 'é', '\u{301}', '\u{345}', 'İ', 'ß', '£', '\'', '.', ':', '^', '`', ' ', '-',
            '/',
        ];
        let mut seed: u64 = 7;
        for _ in 0..5000 {
            let mut text = String::new();
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            for k in 0..(seed >> 60) {
                let pick = (seed >> (4 * (k % 14))) as usize % alphabet.len();
                text.push(alphabet[pick]);
            }
            assert_eq!(tokens(&text), whole(&text), "{text:?}");
        }
    }

    #[test]
    fn postings_round_trip() {
        let mut p = Postings::default();
        // The second word in entry 5 is in its title: the best place stays.
        for (id, place) in [(0, 2), (5, 0), (5, 1), (300, 1), (70000, 0)] {
            p.push(id, place);
        }
        p.flush();
        let v: Vec<u64> = p.values().collect();
        assert_eq!(v, [2, 16, 886, 209100]);
    }

    #[test]
    fn big_shards_split_by_one_more_character() {
        let words = [
            ("co", 10),
            ("com", TOKEN_SHARD_BYTES),
            ("con", 10),
            ("cu", 10),
            ("d", 1),
        ];
        assert_eq!(shard_keys(&words), ["co", "com", "con", "cu", "d"]);
        let keys = shard_keys(&words);
        assert_eq!(shard_of("company", &keys), Some("com"));
        assert_eq!(shard_of("co", &keys), Some("co"));
        assert_eq!(shard_of("d", &keys), Some("d"));
        assert_eq!(shard_of("cup", &keys), Some("cu"));
    }
}
