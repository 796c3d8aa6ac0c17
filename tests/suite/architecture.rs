//! The layering of the crate, checked mechanically (issue 20, target 4):
//! every top-level module of `src/` uses only modules in layers below its
//! own, so there are no cycles, and README's Architecture section lists the
//! same layers in the same order.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The layers, lowest first; modules in one layer may use each other.
/// README's Architecture section lists the same, as a numbered list.
const LAYERS: &[&[&str]] = &[
    &["keyword", "diagnostic", "words"],
    &["model"],
    &["timing"],
    &["load"],
    &["schema", "check"],
    &["derive"],
    &["format"],
    &["pipeline"],
    &["report", "explain"],
    &["git"],
    &["diff"],
    &["history"],
    &["render"],
    &["build"],
    &["serve"],
    &["scaffold"],
    &["cli"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file below `src/`: `["render", "validate"]` for
/// `render/validate.rs`, `["render"]` for `render/mod.rs`.
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn ident_at(s: &str) -> &str {
    let end = s.find(|c: char| !is_ident(c)).unwrap_or(s.len());
    &s[..end]
}

/// The first names of the paths in `use crate::{a, b::c, d::{e}}`, given the
/// text after the opening brace.
fn group_heads(after_brace: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let mut depth = 1;
    let mut expect_head = true;
    let mut rest = after_brace;
    while let Some(c) = rest.chars().next() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            ',' if depth == 1 => expect_head = true,
            c if is_ident(c) && expect_head && depth == 1 => {
                let word = ident_at(rest);
                heads.push(word.to_string());
                expect_head = false;
                rest = &rest[word.len()..];
                continue;
            }
            _ => {}
        }
        rest = &rest[c.len_utf8()..];
    }
    heads
}

/// The top-level modules one file refers to, through `crate::` and through
/// `super::` chains that climb to the crate root.
fn references(text: &str, path: &[String]) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    // Inline modules (`mod tests {`) sit at the end of a file: below one,
    // `super::` climbs one level less far.
    let mut inline = 0usize;
    // Comments are text, not imports.
    let code: Vec<&str> = text.lines().filter(|l| !l.trim_start().starts_with("//")).collect();
    let code = code.join("\n");
    for line in code.lines() {
        let t = line.trim_start();
        if (t.starts_with("mod ") || t.starts_with("pub mod ")) && t.trim_end().ends_with('{') {
            inline += 1;
        }
    }
    let mut inline_seen = 0usize;
    for line in code.lines() {
        let t = line.trim_start();
        if (t.starts_with("mod ") || t.starts_with("pub mod ")) && t.trim_end().ends_with('{') {
            inline_seen += 1;
        }
        let depth = path.len() + inline_seen.min(inline);
        for (i, _) in line.match_indices("crate::") {
            if line[..i].ends_with(|c: char| is_ident(c) || c == '$') {
                continue;
            }
            let rest = &line[i + "crate::".len()..];
            if rest.starts_with('{') {
                // A group may span lines: read on from here in the whole text.
                let offset = code.find(line).map_or(0, |o| o + i + "crate::{".len());
                found.extend(group_heads(&code[offset..]));
            } else {
                found.insert(ident_at(rest).to_string());
            }
        }
        for (i, _) in line.match_indices("super::") {
            if line[..i].ends_with(|c: char| is_ident(c) || c == ':') {
                continue;
            }
            let mut rest = &line[i..];
            let mut ups = 0;
            while let Some(r) = rest.strip_prefix("super::") {
                ups += 1;
                rest = r;
            }
            if ups == depth {
                if let Some(group) = rest.strip_prefix('{') {
                    found.extend(group_heads(group));
                } else {
                    found.insert(ident_at(rest).to_string());
                }
            }
        }
    }
    found
}

/// Every `(module, module it uses)` pair across `src/`, between different
/// top-level modules.
fn imports() -> Vec<(String, String, PathBuf)> {
    let root = src();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut pairs = Vec::new();
    for file in files {
        let rel = file.strip_prefix(&root).expect("below src").to_path_buf();
        let path = module_path(&rel);
        // The crate root and the binary only declare and call modules.
        if path == ["lib"] || path == ["main"] {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("source file");
        for used in references(&text, &path) {
            if used != path[0] {
                pairs.push((path[0].clone(), used, rel.clone()));
            }
        }
    }
    pairs
}

/// The modules `src/lib.rs` declares.
fn declared_modules() -> Vec<String> {
    let lib = std::fs::read_to_string(src().join("lib.rs")).expect("src/lib.rs");
    lib.lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix("pub mod ")
                .or_else(|| l.trim().strip_prefix("mod "))
        })
        .map(|rest| rest.trim_end_matches(';').trim().to_string())
        .collect()
}

#[test]
fn every_module_has_a_layer() {
    let modules = declared_modules();
    assert!(modules.len() > 5, "modules read from src/lib.rs: {modules:?}");
    let missing: Vec<_> = modules.iter().filter(|m| layer_of(m).is_none()).collect();
    assert!(
        missing.is_empty(),
        "modules in no layer (add them to LAYERS and README): {missing:?}"
    );
    let stale: Vec<_> = LAYERS
        .iter()
        .flat_map(|l| l.iter())
        .filter(|m| !modules.iter().any(|d| d == *m))
        .collect();
    assert!(
        stale.is_empty(),
        "layers name modules src/lib.rs does not declare: {stale:?}"
    );
}

#[test]
fn modules_use_only_lower_layers() {
    let pairs = imports();
    assert!(
        pairs.iter().any(|(m, u, _)| m == "cli" && u == "load"),
        "the scan finds the imports it should: {pairs:?}"
    );
    let mut upward = BTreeSet::new();
    for (module, used, file) in &pairs {
        let (Some(from), Some(to)) = (layer_of(module), layer_of(used)) else {
            continue;
        };
        if to > from {
            upward.insert(format!("{module} uses {used} (in src/{})", file.display()));
        }
    }
    assert!(
        upward.is_empty(),
        "modules using a higher layer (the order is in tests/suite/architecture.rs and README):\n{}",
        upward.into_iter().collect::<Vec<_>>().join("\n")
    );
}

/// README's Architecture section: its numbered list of layers, each item
/// starting with the layer's modules in backticks.
fn readme_layers() -> Vec<Vec<String>> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).expect("README.md");
    let section = readme
        .split("\n## Architecture")
        .nth(1)
        .expect("README has an Architecture section");
    let section = section.split("\n## ").next().unwrap_or(section);
    let mut layers = Vec::new();
    for line in section.lines() {
        let Some((number, rest)) = line.split_once(". ") else {
            continue;
        };
        if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        // "`keyword`, `diagnostic` — …": the names before the dash.
        let names = rest.split(" — ").next().unwrap_or(rest);
        layers.push(
            names
                .split(',')
                .map(|n| n.trim().trim_matches('`').to_string())
                .collect(),
        );
    }
    layers
}

#[test]
fn readme_lists_the_same_layers() {
    let expected: Vec<Vec<String>> = LAYERS
        .iter()
        .map(|l| l.iter().map(|m| m.to_string()).collect())
        .collect();
    assert_eq!(readme_layers(), expected);
}

#[test]
fn the_scan_reads_groups_and_super_chains() {
    let path = vec!["render".to_string(), "validate".to_string()];
    let text = "use crate::{derive::x, model::{A, B},\n    pipeline};\nuse super::theme;\nfn f() { super::super::history::collect(); }\n";
    let found: Vec<String> = references(text, &path).into_iter().collect();
    assert_eq!(found, ["derive", "history", "model", "pipeline"]);
}
