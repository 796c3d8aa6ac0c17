//! Search over everything (issue 22, target 6): the sharded index finds
//! accounts, opportunities, goals, objectives, actions, contacts, products
//! and the narrative, each pointing at its page and anchor (SPEC §9), and no
//! index file outgrows its shard size.

use crate::common;
use common::{code, stderr, stdout, write};
use planfolio::render::search::{self, ENTRY_SHARD_BYTES, TOKEN_SHARD_BYTES};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use tempfile::TempDir;

/// Builds the site at `root` into `<tmp>/public`.
fn build(root: &Path) -> (TempDir, std::path::PathBuf) {
    let tmp = TempDir::new().expect("temp dir");
    let out = tmp.path().join("public");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_planfolio"))
        .env_remove("SOURCE_DATE_EPOCH")
        .arg("--root")
        .arg(root)
        .arg("build")
        .arg("--out")
        .arg(&out)
        .args(["--today", "2026-11-23"])
        .output()
        .expect("run planfolio build");
    assert_eq!(code(&o), 0, "build failed\n{}\n{}", stdout(&o), stderr(&o));
    (tmp, out)
}

/// The JSON value a search file assigns (`(…).name = value;`).
fn assigned(path: &Path) -> (String, Value) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let after = text.find("}).").expect("the global") + 3;
    let eq = after + text[after..].find('=').expect("an assignment");
    let json = text[eq + 1..].trim_end().trim_end_matches(';');
    let value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (text[after..eq].to_string(), value)
}

/// One entry as the reader would see it: kind name, title, URL from the root.
#[derive(Debug, Clone, PartialEq)]
struct Found {
    kind: String,
    title: String,
    url: String,
    account: String,
}

/// The index of a built site, read back from its files.
struct Index {
    keys: Vec<String>,
    entries: Vec<Found>,
    /// Token → (entry id, place) for every word.
    postings: BTreeMap<String, Vec<(u64, u64)>>,
    /// Token → the shard key of the file it was found in.
    shard: BTreeMap<String, String>,
}

fn read_index(out: &Path) -> Index {
    let (name, manifest) = assigned(&out.join("search-index.js"));
    assert_eq!(name, "index");
    let keys: Vec<String> = serde_json::from_value(manifest["tokens"].clone()).expect("token keys");
    let starts: Vec<u64> = serde_json::from_value(manifest["entries"].clone()).expect("entry starts");
    let kinds = &manifest["kinds"];
    let mut entries = Vec::new();
    for (n, start) in starts.iter().enumerate() {
        assert_eq!(*start, entries.len() as u64, "shard {n} starts at the next id");
        let (name, groups) = assigned(&out.join(format!("search/e{n}.js")));
        assert_eq!(name, format!("e{n}"));
        for g in groups.as_array().expect("groups") {
            let g = g.as_array().expect("a group");
            let page = g[0].as_str().expect("page");
            for e in &g[2..] {
                let href = e[2].as_str().expect("href");
                entries.push(Found {
                    kind: kinds[e[0].as_str().expect("kind")]
                        .as_str()
                        .expect("known kind")
                        .to_string(),
                    title: e[1].as_str().expect("title").to_string(),
                    url: if href.is_empty() || href.starts_with('#') {
                        format!("{page}{href}")
                    } else {
                        href.to_string()
                    },
                    account: g[1].as_str().expect("account").to_string(),
                });
            }
        }
    }
    let mut postings = BTreeMap::new();
    let mut shard = BTreeMap::new();
    for (n, key) in keys.iter().enumerate() {
        let (name, words) = assigned(&out.join(format!("search/t{n}.js")));
        assert_eq!(name, format!("t{n}"));
        for (word, list) in words.as_object().expect("words") {
            let mut id = 0;
            let list = list
                .as_array()
                .expect("postings")
                .iter()
                .map(|v| {
                    let v = v.as_u64().expect("a number");
                    id += v / 3;
                    (id, v % 3)
                })
                .collect();
            postings.insert(word.clone(), list);
            shard.insert(word.clone(), key.clone());
        }
    }
    Index {
        keys,
        entries,
        postings,
        shard,
    }
}

impl Index {
    /// The entries holding the word `token` exactly.
    fn find(&self, token: &str) -> Vec<&Found> {
        self.postings
            .get(token)
            .into_iter()
            .flatten()
            .map(|(id, _)| &self.entries[*id as usize])
            .collect()
    }
}

fn example() -> (TempDir, std::path::PathBuf) {
    build(Path::new(env!("CARGO_MANIFEST_DIR")))
}

fn found(kind: &str, title: &str, url: &str) -> Found {
    Found {
        kind: kind.into(),
        title: title.into(),
        url: url.into(),
        account: "Halden Rail Services".into(),
    }
}

const HALDEN: &str = "accounts/halden-rail/index.html";

#[test]
fn the_example_index_finds_every_kind_of_item_at_its_anchor() {
    let (_tmp, out) = example();
    let index = read_index(&out);
    // content/accounts/halden-rail.md: opportunity `tamper-pilot`, goal
    // `tamper-predict-pilot`, action `bid-workshop` (SPEC §9 anchors).
    let tamping = index.find("tamping");
    for want in [
        found(
            "Opportunity",
            "Tamping machine predictive maintenance pilot",
            &format!("{HALDEN}#opportunity-tamper-pilot"),
        ),
        found(
            "Goal",
            "Prove Predict on 12 tamping machines",
            &format!("{HALDEN}#goal-tamper-predict-pilot"),
        ),
    ] {
        assert!(tamping.contains(&&want), "{want:?} not in {tamping:#?}");
    }
    let workshop = index.find("workshop");
    let action = found(
        "Action",
        "Bid strategy workshop with Martin Cole",
        &format!("{HALDEN}#action-bid-workshop"),
    );
    assert!(workshop.contains(&&action), "{workshop:#?}");
    // The product `Predict` is on Halden's whitespace map.
    let predict = index.find("predict");
    let product = found("Product", "Predict", &format!("{HALDEN}#section-whitespace"));
    assert!(predict.contains(&&product), "{predict:#?}");
    // "strategically" is only in the narrative, under "## Customer overview".
    let narrative = index.find("strategically");
    assert_eq!(
        narrative,
        [&found(
            "Narrative",
            "Customer overview",
            &format!("{HALDEN}#h-customer-overview")
        )]
    );
    // An account by its name, a contact (Martin Cole, in the action above too).
    let account = found("Account", "Halden Rail Services", HALDEN);
    assert!(index.find("halden").contains(&&account));
    assert!(
        index.find("martin").iter().any(|f| f.kind == "Contact"
            && f.title == "Martin Cole"
            && f.url.starts_with(&format!("{HALDEN}#contact-")))
    );
    // Words are lower-case, accents removed, as planfolio.js's `norm()`.
    assert!(index.postings.keys().all(|t| *t == search::normalize(t)));
    // The title's first word weighs most: place 2 for "tamping" in the opportunity.
    let id = index
        .entries
        .iter()
        .position(|e| e.title.starts_with("Tamping machine"))
        .unwrap() as u64;
    assert!(index.postings["tamping"].contains(&(id, 2)));
}

#[test]
fn every_example_search_url_names_a_page_and_an_id_on_it() {
    let (_tmp, out) = example();
    let index = read_index(&out);
    let mut problems = Vec::new();
    let mut pages: BTreeMap<String, String> = BTreeMap::new();
    for e in &index.entries {
        let (path, frag) = e.url.split_once('#').unwrap_or((&e.url, ""));
        let file = out.join(path);
        if e.url.starts_with('/') || !file.is_file() {
            problems.push(format!("{}: no such page", e.url));
            continue;
        }
        let html = pages
            .entry(path.to_string())
            .or_insert_with(|| std::fs::read_to_string(&file).unwrap_or_default());
        if !frag.is_empty() && !html.contains(&format!(" id=\"{frag}\"")) {
            problems.push(format!("{}: no id=\"{frag}\" in {path}", e.url));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A portfolio of `n` plans whose narratives hold many words starting
/// "co" (so that shard must split) and one word in every plan.
fn generated(root: &Path, n: usize) {
    write(root, "planfolio.yaml", "title: Many\ncurrency: GBP\n");
    write(root, "content/team/ann.md", "---\nname: Ann Lee\n---\n");
    for i in 0..n {
        let words: Vec<String> = (0..120).map(|k| format!("co{i}x{k}")).collect();
        write(
            root,
            &format!("content/accounts/p{i:04}.md"),
            &format!(
                "---\nname: Plan {i} Holdings\nowner: ann\nopportunities:\n  - {{id: deal, name: Deal {i}, stage: pipeline, value: 1000, product: Widget}}\n\
                 ---\n## Words\n\ncommon {}\n",
                words.join(" ")
            ),
        );
    }
}

#[test]
fn index_files_stay_within_their_shard_size_and_words_in_their_shard() {
    let site = TempDir::new().expect("temp dir");
    generated(site.path(), 300);
    let (_tmp, out) = build(site.path());
    let index = read_index(&out);
    // 300 plans × 120 words "co…" of ~14 bytes each: more than one shard's
    // worth, so "co" is split by the next character.
    assert!(
        index.keys.iter().any(|k| k.starts_with("co") && k.chars().count() == 3),
        "{:?}",
        index.keys
    );
    for entry in std::fs::read_dir(out.join("search")).expect("search folder") {
        let path = entry.expect("entry").path();
        let size = std::fs::metadata(&path).expect("size").len() as usize;
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        // An entry shard ends after the entry that passes its size: one
        // entry (at most a snippet of 1,500 characters and a title) over.
        let limit = if name.starts_with('e') {
            ENTRY_SHARD_BYTES + 8 * 1024
        } else {
            TOKEN_SHARD_BYTES
        };
        assert!(size <= limit, "{name}: {size} bytes, over {limit}");
        assert!(size < 10 * 1024 * 1024);
    }
    // Each word is in the shard of its longest key prefix, the rule
    // planfolio.js uses to find it.
    for (word, key) in &index.shard {
        assert_eq!(search::shard_of(word, &index.keys), Some(key.as_str()), "{word}");
        assert!(word.starts_with(key.as_str()), "{word} in shard {key}");
    }
    // "common" is in every plan's narrative; "widget" the product of each.
    assert_eq!(index.find("common").len(), 300);
    let widgets: Vec<_> = index
        .find("widget")
        .into_iter()
        .filter(|f| f.kind == "Product")
        .collect();
    assert_eq!(widgets.len(), 300);
    assert_eq!(widgets[0].url, "accounts/p0000/index.html#opportunity-deal");
    assert_eq!(index.find("co7x3")[0].account, "Plan 7 Holdings");
}
