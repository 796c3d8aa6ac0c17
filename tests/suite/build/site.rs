//! `planfolio build` end to end (SPEC §5, §8, §9): the pages of the output
//! site, internal links and anchors, `portfolio.json` / `portfolio.csv`
//! against hand-computed values, deterministic and atomic output, theme
//! overrides, HTML escaping and script URLs, and the summary line.
//!
//! The theme is being written in parallel, so page assertions are about
//! structure (files, links, anchors, escaping), never about wording. Every
//! expected number is computed by hand in the comments next to it.

use crate::common;
use common::{code, stderr, stdout, write};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tempfile::TempDir;
use yaml_rust2::{Yaml, YamlLoader};

/// The `--today` of every build here.
const TODAY: &str = "2026-11-23";

/// 2026-11-23T12:00:00Z. Days 1970-01-01..2026-01-01: 56*365 + 14 leap days
/// (1972, 1976, ..., 2024: (2024-1972)/4 + 1 = 14) = 20440 + 14 = 20454;
/// Jan..Oct 2026: 31+28+31+30+31+30+31+31+30+31 = 304; + 22 days of November
/// = 20780 days; 20780 * 86400 = 1_795_392_000; + 12 h (43_200) = 1_795_435_200.
const EPOCH_2026_11_23_NOON: &str = "1795435200";

/// The four segments of SPEC §5.3.
const SEGMENTS: &[&str] = &["key", "target", "managed", "maintained"];

// ---------------------------------------------------------------------------
// Running the binary

/// The binary, with no SOURCE_DATE_EPOCH or NO_COLOR inherited from the caller.
fn planfolio() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_planfolio"));
    c.env_remove("SOURCE_DATE_EPOCH").env_remove("NO_COLOR");
    c
}

/// `planfolio --root <root> build --out <out> --today 2026-11-23`.
fn build(root: &Path, out: &Path) -> Output {
    planfolio()
        .arg("--root")
        .arg(root)
        .arg("build")
        .arg("--out")
        .arg(out)
        .args(["--today", TODAY])
        .output()
        .expect("run planfolio build")
}

/// Asserts that a build succeeded, showing its output when not.
fn assert_built(o: &Output) {
    assert_eq!(
        code(o),
        0,
        "build failed\nstdout:\n{}\nstderr:\n{}",
        stdout(o),
        stderr(o)
    );
}

/// The example site of the repository (planfolio.yaml + content/).
fn example_site() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the example site into `<tmp>/public`.
fn build_example() -> (TempDir, PathBuf) {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("public");
    assert_built(&build(&example_site(), &out));
    (tmp, out)
}

// ---------------------------------------------------------------------------
// Files

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// Every file and folder below `dir` by `/`-separated relative path:
/// `Some(bytes)` for a file, `None` for a folder.
fn snapshot(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Option<Vec<u8>>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            let rel = path.strip_prefix(base).unwrap().to_string_lossy().replace('\\', "/");
            if entry.file_type().unwrap().is_dir() {
                out.insert(rel, None);
                walk(base, &path, out);
            } else {
                out.insert(rel, Some(std::fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The files of a snapshot (folders dropped).
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    snapshot(dir)
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect()
}

/// Names of the entries of a folder.
fn entries(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

/// The `.html` files of an output folder, by relative path.
fn html_pages(out: &Path) -> BTreeMap<String, String> {
    files(out)
        .into_iter()
        .filter(|(k, _)| k.ends_with(".html"))
        .map(|(k, v)| (k, String::from_utf8(v).expect("HTML is UTF-8")))
        .collect()
}

/// Whether a file name is ignored by planfolio (SPEC §1).
fn ignored(name: &str) -> bool {
    ((name.starts_with('.') || name.starts_with('_')) && name != "_index.md")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
}

/// Ids (file stems) of the `.md` files of a content folder.
fn stems(dir: &Path) -> BTreeSet<String> {
    entries(dir)
        .into_iter()
        .filter(|n| !ignored(n))
        .filter_map(|n| n.strip_suffix(".md").map(str::to_string))
        .collect()
}

// ---------------------------------------------------------------------------
// Front matter, slugs

/// The YAML front matter of a Markdown file.
fn front_matter(path: &Path) -> Yaml {
    let text = read(path);
    let rest = text
        .strip_prefix("---\n")
        .unwrap_or_else(|| panic!("{}: no front matter", path.display()));
    let end = rest
        .find("\n---\n")
        .unwrap_or_else(|| panic!("{}: no closing ---", path.display()));
    YamlLoader::load_from_str(&rest[..=end])
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .into_iter()
        .next()
        .expect("a YAML document")
}

/// SPEC §2 `slug(s)`: lower-case; every run of characters outside `[a-z0-9]`
/// becomes one `-`; leading and trailing `-` removed.
fn slug(s: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in s.to_lowercase().chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

/// Ids of the items of `list` in a plan: the explicit `id`, else `slug(<name_key>)`.
fn item_ids(plan: &Yaml, list: &str, name_key: &str) -> Vec<String> {
    plan[list]
        .as_vec()
        .map(|items| {
            items
                .iter()
                .map(|it| match it["id"].as_str() {
                    Some(id) => id.to_string(),
                    None => slug(it[name_key].as_str().expect("item name")),
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn slug_helper_follows_the_spec() {
    assert_eq!(slug("Cut downtime by 20%"), "cut-downtime-by-20");
    assert_eq!(slug("  RigWise -- Analytics! "), "rigwise-analytics");
    assert_eq!(slug("Émile"), "mile");
}

// ---------------------------------------------------------------------------
// A small HTML scanner: tags with their attributes (entities decoded),
// skipping comments and the content of <script> and <style>.

struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').filter(|&semi| semi <= 10).and_then(|semi| {
            let ent = &rest[1..semi];
            let c = match ent {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => {
                    if let Some(hex) = ent.strip_prefix("#x").or_else(|| ent.strip_prefix("#X")) {
                        u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
                    } else if let Some(dec) = ent.strip_prefix('#') {
                        dec.parse().ok().and_then(char::from_u32)
                    } else {
                        None
                    }
                }
            };
            c.map(|c| (c, semi))
        });
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let len = b.len();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(len, |e| start + e + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") || rest.starts_with("</") {
            i = rest.find('>').map_or(len, |e| start + e + 1);
            continue;
        }
        let name_len = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
            .unwrap_or(rest.len() - 1);
        if name_len == 0 {
            i = start + 1;
            continue;
        }
        let name = rest[1..=name_len].to_ascii_lowercase();
        let mut j = start + 1 + name_len;
        let mut attrs = Vec::new();
        while j < len {
            while j < len && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= len {
                break;
            }
            if b[j] == b'>' {
                j += 1;
                break;
            }
            let name_start = j;
            while j < len && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/') {
                j += 1;
            }
            if j == name_start {
                // A stray '=': skip it.
                j += 1;
                continue;
            }
            let attr = html[name_start..j].to_ascii_lowercase();
            while j < len && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = String::new();
            if j < len && b[j] == b'=' {
                j += 1;
                while j < len && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < len && (b[j] == b'"' || b[j] == b'\'') {
                    let quote = b[j] as char;
                    let value_start = j + 1;
                    let value_end = html[value_start..].find(quote).map_or(len, |e| value_start + e);
                    value = decode_entities(&html[value_start..value_end]);
                    j = (value_end + 1).min(len);
                } else {
                    let value_start = j;
                    while j < len && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = decode_entities(&html[value_start..j]);
                }
            }
            attrs.push((attr, value));
        }
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            i = html[j..].to_ascii_lowercase().find(&close).map_or(len, |e| j + e);
        } else {
            i = j;
        }
        out.push(Tag { name, attrs });
    }
    out
}

/// A link found on a page: tag, attribute and (decoded) value.
struct Link {
    tag: String,
    attr: String,
    value: String,
}

/// The ids and the links (`href`, `src`, `xlink:href`) of a page.
struct ParsedPage {
    ids: Vec<String>,
    links: Vec<Link>,
}

fn parse_page(html: &str) -> ParsedPage {
    let mut page = ParsedPage {
        ids: Vec::new(),
        links: Vec::new(),
    };
    for tag in tags(html) {
        for (attr, value) in &tag.attrs {
            match attr.as_str() {
                "id" => page.ids.push(value.clone()),
                "href" | "src" | "xlink:href" => page.links.push(Link {
                    tag: tag.name.clone(),
                    attr: attr.clone(),
                    value: value.clone(),
                }),
                _ => {}
            }
        }
    }
    page
}

#[test]
fn html_scanner_reads_attributes_and_skips_scripts() {
    let html = "<!-- <a href=\"comment\"> --><a class=x href=\"..&#x2F;a&amp;b.html#f\" id='top'>\
                <script>var s = '<a href=\"in-script\">';</script><img src=pic.png alt=\"\"/>\
                <svg><a xlink:href=\"#top\"></a></svg>";
    let page = parse_page(html);
    assert_eq!(page.ids, vec!["top"]);
    let links: Vec<&str> = page.links.iter().map(|l| l.value.as_str()).collect();
    assert_eq!(links, vec!["../a&b.html#f", "pic.png", "#top"]);
}

// ---------------------------------------------------------------------------
// The internal link checker

/// Joins a relative `path` to the folder of `page` (both `/`-separated,
/// relative to the output root); `None` when it climbs above the root.
fn resolve(page: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Every problem with the internal links of the site in `out`: each relative
/// `href`/`src` must name a file of the output (not a folder), and its
/// `#fragment` an id of the target page. External links (http, https,
/// mailto, tel) and a bare `#` are skipped.
fn link_problems(out: &Path) -> Vec<String> {
    let pages: BTreeMap<String, ParsedPage> = html_pages(out).into_iter().map(|(k, v)| (k, parse_page(&v))).collect();
    let mut problems = Vec::new();
    for (rel, page) in &pages {
        for link in &page.links {
            let v = link.value.as_str();
            let mut problem = |what: &str| {
                problems.push(format!("{rel}: <{} {}=\"{v}\">: {what}", link.tag, link.attr));
            };
            let lower = v.to_ascii_lowercase();
            if ["http:", "https:", "mailto:", "tel:"]
                .iter()
                .any(|s| lower.starts_with(s))
                || v == "#"
            {
                continue;
            }
            if v.is_empty() {
                problem("empty link");
                continue;
            }
            if v.trim() != v {
                problem("leading or trailing whitespace");
                continue;
            }
            if v.starts_with('/') {
                problem("absolute link: internal links must be relative (SPEC §8)");
                continue;
            }
            let (path_query, fragment) = v.split_once('#').unwrap_or((v, ""));
            let path = path_query.split_once('?').map_or(path_query, |(p, _)| p);
            if path.split('/').next().is_some_and(|first| first.contains(':')) {
                problem("unexpected URL scheme");
                continue;
            }
            let target = if path.is_empty() {
                rel.clone()
            } else {
                if path.ends_with('/') || path == "." || path == ".." || path.ends_with("/.") || path.ends_with("/..") {
                    problem("directory URL: link to .../index.html so the site works from disk");
                    continue;
                }
                match resolve(rel, path) {
                    None => {
                        problem("climbs above the site root");
                        continue;
                    }
                    Some(t) => t,
                }
            };
            let full = out.join(&target);
            if full.is_dir() {
                problem("directory URL: link to .../index.html so the site works from disk");
                continue;
            }
            if !full.is_file() {
                problem(&format!("target {target} does not exist"));
                continue;
            }
            if !fragment.is_empty() {
                match pages.get(&target) {
                    Some(t) if t.ids.iter().any(|id| id == fragment) => {}
                    Some(_) => problem(&format!("no id=\"{fragment}\" in {target}")),
                    None => problem(&format!("fragment #{fragment} on non-HTML target {target}")),
                }
            }
        }
    }
    problems
}

fn assert_links_resolve(out: &Path) {
    let problems = link_problems(out);
    assert!(
        problems.is_empty(),
        "{} broken internal link(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn link_checker_finds_broken_links() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path();
    write(
        out,
        "index.html",
        "<a href=\"a/index.html#x\">ok</a><a href=\"a/index.html#nope\">frag</a>\
        <a href=\"/abs.html\">abs</a><a href=\"a/\">dir</a><a href=\"a\">dir2</a><a href=\"gone.html\">gone</a>\
        <a href=\"#\">top</a><a href=\"https://example.com\">ext</a><a href=\"javascript:x()\">js</a>",
    );
    write(
        out,
        "a/index.html",
        "<p id=\"x\"><a href=\"../index.html\">up</a><a href=\"../../up.html\">above</a></p>",
    );
    let problems = link_problems(out);
    let joined = problems.join("\n");
    assert_eq!(problems.len(), 7, "{joined}");
    for needle in [
        "#nope",
        "/abs.html",
        "\"a/\"",
        "\"a\"",
        "gone.html",
        "javascript:",
        "../../up.html",
    ] {
        assert!(joined.contains(needle), "{needle} not reported:\n{joined}");
    }
}

// ---------------------------------------------------------------------------
// 1. Every page of SPEC §9 exists for the example content

/// Competitor ids of the example site: every competitor used in a plan
/// (explicit id, else slug(name)) and every profile.
fn example_competitor_ids() -> BTreeSet<String> {
    let content = example_site().join("content");
    let mut ids = stems(&content.join("competitors"));
    for plan in stems(&content.join("accounts")) {
        let fm = front_matter(&content.join(format!("accounts/{plan}.md")));
        ids.extend(item_ids(&fm, "competitors", "name"));
    }
    ids
}

#[test]
fn example_site_has_every_spec_page() {
    let (_tmp, out) = build_example();
    let content = example_site().join("content");
    let plans = stems(&content.join("accounts"));
    let team = stems(&content.join("team"));
    let competitors = example_competitor_ids();
    assert!(plans.len() >= 3 && !team.is_empty() && !competitors.is_empty());

    let mut expected: Vec<String> = vec![
        "index.html".into(),
        "portfolio.json".into(),
        "portfolio.csv".into(),
        "404.html".into(),
    ];
    expected.extend(plans.iter().map(|id| format!("accounts/{id}/index.html")));
    expected.extend(SEGMENTS.iter().map(|s| format!("segments/{s}/index.html")));
    expected.extend(team.iter().map(|id| format!("team/{id}/index.html")));
    expected.extend(competitors.iter().map(|id| format!("competitors/{id}/index.html")));
    let missing: Vec<&String> = expected.iter().filter(|p| !out.join(p).is_file()).collect();
    assert!(missing.is_empty(), "missing pages: {missing:?}");

    // Every HTML page is an HTML document.
    for (rel, html) in html_pages(&out) {
        let lower = html.to_ascii_lowercase();
        assert!(
            lower.contains("<html") && lower.contains("</html>") && lower.contains("<title"),
            "{rel} is not a complete HTML document (no <html>, </html> or <title>): {:?}",
            &html[..html.len().min(200)]
        );
    }

    // portfolio.json lists every plan, sorted by id.
    let json: Value = serde_json::from_str(&read(&out.join("portfolio.json"))).unwrap();
    let ids: Vec<&str> = json["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    let sorted: Vec<&str> = plans.iter().map(String::as_str).collect();
    assert_eq!(ids, sorted);
    // portfolio.csv: the header and one row per plan.
    let csv = read(&out.join("portfolio.csv"));
    assert_eq!(csv.lines().count(), 1 + plans.len(), "{csv}");
}

// ---------------------------------------------------------------------------
// 2. Internal links and anchors of the example site

#[test]
fn example_site_internal_links_resolve() {
    let (_tmp, out) = build_example();
    // The check is only meaningful if the pages link to each other.
    let links: usize = html_pages(&out).values().map(|h| parse_page(h).links.len()).sum();
    assert!(links > 0, "the built pages contain no links at all");
    assert_links_resolve(&out);
}

#[test]
fn links_are_written_as_plain_urls() {
    let (_tmp, out) = build_example();
    let pages = html_pages(&out);
    let mut plain = 0;
    for (path, html) in &pages {
        // A `/` needs no escaping in a quoted attribute; `&#x2F;` there is noise
        // to every reader of the source and every tool that matches URLs.
        assert!(!html.contains("&#x2F;"), "{path} writes `/` as an entity");
        plain += html.matches("href=\"accounts/").count() + html.matches("href=\"../../accounts/").count();
    }
    assert!(plain > 0, "no page links to a plan with a plain relative URL");
    let dashboard = &pages["index.html"];
    assert!(
        dashboard.contains("href=\"accounts/halden-rail/index.html\""),
        "dashboard links to Halden plainly"
    );
}

#[test]
fn example_site_pages_have_unique_ids() {
    let (_tmp, out) = build_example();
    let mut problems = Vec::new();
    for (rel, html) in html_pages(&out) {
        let mut seen = BTreeSet::new();
        for id in parse_page(&html).ids {
            if !seen.insert(id.clone()) {
                problems.push(format!("{rel}: id=\"{id}\" appears more than once"));
            }
        }
    }
    problems.dedup();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn example_plan_pages_have_the_spec_anchors() {
    let (_tmp, out) = build_example();
    let content = example_site().join("content");
    let mut problems = Vec::new();
    let mut checked = 0;
    for plan in stems(&content.join("accounts")) {
        let fm = front_matter(&content.join(format!("accounts/{plan}.md")));
        let page_rel = format!("accounts/{plan}/index.html");
        let ids: BTreeSet<String> = parse_page(&read(&out.join(&page_rel))).ids.into_iter().collect();
        let mut want = vec!["swot".to_string()];
        for (list, name_key, kind) in [
            ("objectives", "title", "objective"),
            ("goals", "title", "goal"),
            ("contacts", "name", "contact"),
            ("competitors", "name", "competitor"),
            ("actions", "title", "action"),
            ("opportunities", "name", "opportunity"),
        ] {
            want.extend(item_ids(&fm, list, name_key).iter().map(|id| format!("{kind}-{id}")));
        }
        for id in want {
            checked += 1;
            if !ids.contains(&id) {
                problems.push(format!("{page_rel}: no id=\"{id}\""));
            }
        }
    }
    // northbrook-water alone has 4 objectives, 5 goals, 8 contacts,
    // 2 competitors, 5 actions, 6 opportunities and the SWOT: 31 anchors.
    assert!(checked >= 31, "only {checked} anchors checked");
    assert!(
        problems.is_empty(),
        "{} missing anchor(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn northbrook_anchor_ids_come_from_the_front_matter() {
    // Guards the helper: the ids of northbrook-water.md, read by hand.
    let fm = front_matter(&example_site().join("content/accounts/northbrook-water.md"));
    assert_eq!(
        item_ids(&fm, "objectives", "title"),
        [
            "cut-pollution",
            "energy-efficiency",
            "in-house-reliability",
            "single-data-platform"
        ]
    );
    assert_eq!(item_ids(&fm, "competitors", "name"), ["rigwise", "oakline-digital"]);
    assert_eq!(item_ids(&fm, "opportunities", "name").len(), 6);
}

// ---------------------------------------------------------------------------
// 3. portfolio.json and portfolio.csv against hand-computed values

const FIXTURE_CONFIG: &str = "title: Fixture & Co\ncurrency: GBP\n";

const TEAM_ALEX: &str = "---\nname: Alex King\ntitle: Key Account Manager\n---\nAlex.\n";
const TEAM_PRIYA: &str = "---\nname: Priya Shah\nmanager: alex-king\n---\n";
const PROFILE_RIGWISE: &str =
    "---\nname: RigWise Analytics\nwebsite: https://rigwise.example\n---\nCloud-only analytics.\n";

/// alpha: a key account named with a comma.
const PLAN_ALPHA: &str = "\
---
name: Zenith, Inc.
owner: alex-king
industry: Water
status:
  partnership: service-provider
  value_proposition: Less downtime
  last_review: 2026-08-25
objectives:
  - title: Cut downtime by 20%
    priority: high
    contact: ann-lee
    swot: opportunity
    goals: [pilot]
  - id: grow-share
    title: Grow share of wallet
    swot: threat
goals:
  - id: pilot
    title: Land a pilot
    measure: Signed statement of work
    due: 2027-03-31
contacts:
  - name: Ann Lee
    role: decision-maker
    influence: high
    relationship: strong
    alignment: {us: 8, rigwise: 4}
  - name: Bob Stone
    role: influencer
    influence: medium
    relationship: good
    alignment: {us: 6, rigwise: 5}
  - name: Cy Park
    influence: low
    relationship: neutral
    alignment: {us: 7}
competitors:
  - id: rigwise
    swot: threat
  - name: Acme Monitoring
    swot: threat
swot:
  strengths: [Trusted by operations]
  weaknesses: [Unknown to IT]
  opportunities: [Budget ring-fenced]
  threats: [Vendor consolidation]
proposition:
  competency: Ten years of pump data
financials:
  revenue_goal:
    minimum: 500000
    just_right: 800000
    aspirational: 2000000
opportunities:
  - name: Big deal
    stage: pipeline
    value: 1000000
  - name: Small deal
    stage: secured
    value: 50000
  - name: Lost deal
    stage: lost
    value: 900000
actions:
  - id: send-proposal
    title: Send the proposal
    owner: alex-king
    due: 2026-11-01
    status: planned
  - id: kickoff
    title: Kick off
    owner: alex-king
    due: 2026-10-01
    status: done
  - id: review-today
    title: Review today
    owner: priya-shah
    due: 2026-11-23
    status: in-progress
  - id: follow-up
    title: Follow up
    owner: alex-king
    due: 2026-12-31
  - id: no-date
    title: Someday
    owner: alex-king
---
## Notes

Zenith runs pumps.
";

/// beta: a stale, maintained account.
const PLAN_BETA: &str = "\
---
name: Beta Foods
owner: priya-shah
status:
  last_review: 2026-08-24
objectives:
  - title: Keep the contract
    swot: threat
contacts:
  - name: Dee Fox
    role: budget-holder
    influence: medium
    relationship: weak
    alignment: {us: 3, rigwise: 9}
competitors:
  - id: rigwise
opportunities:
  - name: Renewal
    stage: forecast
    value: 800000
  - name: Add-on
    stage: prospect
    value: 100000
actions:
  - id: chase-renewal
    title: Chase the renewal
    owner: priya-shah
    due: 2026-11-22
    status: blocked
---
Beta.
";

/// gamma: a declared key account whose computed segment is target; a name
/// with double quotes.
const PLAN_GAMMA: &str = "\
---
name: 'Acme \"Gamma\" Works'
owner: alex-king
segment: key
segment_reason: Board-level bet on the new plant
status:
  partnership: commodity-vendor
contacts:
  - id: eve-moss
    name: Eve Moss
    role: detractor
    influence: low
    relationship: poor
    alignment: {us: 2}
competitors:
  - name: Kestrel Systems
financials:
  revenue_goal:
    minimum: 100000
    just_right: 500000
    aspirational: 1000000
---
";

/// Writes the three-plan fixture site into `root`.
fn fixture_site(root: &Path) {
    write(root, "planfolio.yaml", FIXTURE_CONFIG);
    write(
        root,
        "content/_index.md",
        "---\ntitle: Welcome\n---\nThe **fixture** portfolio.\n",
    );
    write(root, "content/team/alex-king.md", TEAM_ALEX);
    write(root, "content/team/priya-shah.md", TEAM_PRIYA);
    write(root, "content/competitors/rigwise.md", PROFILE_RIGWISE);
    write(root, "content/accounts/alpha.md", PLAN_ALPHA);
    write(root, "content/accounts/beta.md", PLAN_BETA);
    write(root, "content/accounts/gamma.md", PLAN_GAMMA);
}

/// A fixture site in `<tmp>/site`.
fn fixture() -> (TempDir, PathBuf) {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path().join("site");
    fixture_site(&root);
    (tmp, root)
}

/// What SPEC §5 / §9 give for one fixture account, computed by hand.
struct Expected {
    id: &'static str,
    name: &'static str,
    owner: &'static str,
    segment: &'static str,
    computed_segment: &'static str,
    declared_segment: Option<&'static str>,
    relationship: f64,
    potential: f64,
    potential_value: f64,
    weighted_pipeline: f64,
    our_alignment: Option<f64>,
    competitors: &'static [(&'static str, Option<f64>)],
    strengths: &'static [(&'static str, &'static str)],
    weaknesses: &'static [(&'static str, &'static str)],
    opportunities: &'static [(&'static str, &'static str)],
    threats: &'static [(&'static str, &'static str)],
    completeness: f64,
    stale: bool,
    last_review: Option<&'static str>,
    overdue_actions: u64,
}

/// Potential values (SPEC §5.2, default stage weights):
/// - alpha: weighted pipeline = 1_000_000 * 0.4 (pipeline) + 50_000 * 1.0
///   (secured) + lost excluded = 400_000 + 50_000 = 450_000;
///   potential value = max(aspirational 2_000_000, 450_000) = 2_000_000.
/// - beta: 800_000 * 0.75 (forecast) + 100_000 * 0.1 (prospect)
///   = 600_000 + 10_000 = 610_000; no revenue goal, so potential value 610_000.
/// - gamma: no opportunities, weighted 0; potential value = aspirational 1_000_000.
///
/// Threshold t = median(610_000, 1_000_000, 2_000_000) = 1_000_000.
const THRESHOLD: f64 = 1_000_000.0;

fn expected_accounts() -> Vec<Expected> {
    vec![
        Expected {
            id: "alpha",
            name: "Zenith, Inc.",
            owner: "alex-king",
            // Relationship (§5.1): Ann strong 10, weight 3 (high) * 2
            // (decision-maker) = 6; Bob good 7.5, weight 2 (medium); Cy neutral
            // 5, weight 1 (low). contact score = (60 + 15 + 5) / 9 = 80/9
            // = 8.888..; partnership service-provider 5, pw 0.3:
            // 0.7 * 80/9 + 0.3 * 5 = 6.222.. + 1.5 = 7.7222.. -> 7.72 (>= 5: high).
            // Potential: 10 * min(1, 2_000_000 / 2_000_000) = 10 (high) -> key.
            segment: "key",
            computed_segment: "key",
            declared_segment: None,
            relationship: 7.72,
            potential: 10.0,
            potential_value: 2_000_000.0,
            weighted_pipeline: 450_000.0,
            // us: (8 + 6 + 7) / 3 = 7.
            our_alignment: Some(7.0),
            // Sorted by id: acme-monitoring (slug of its name; no contact
            // rates it: null), rigwise: (4 + 5) / 2 = 4.5.
            competitors: &[("acme-monitoring", None), ("rigwise", Some(4.5))],
            strengths: &[("Trusted by operations", "swot")],
            weaknesses: &[("Unknown to IT", "swot")],
            // Hand-written, then objectives, then competitors, each in file order.
            opportunities: &[
                ("Budget ring-fenced", "swot"),
                ("Cut downtime by 20%", "objective:cut-downtime-by-20"),
            ],
            threats: &[
                ("Vendor consolidation", "swot"),
                ("Grow share of wallet", "objective:grow-share"),
                // Named by its profile: the plan gives no name.
                ("RigWise Analytics", "competitor:rigwise"),
                ("Acme Monitoring", "competitor:acme-monitoring"),
            ],
            // Key: 12 requirements; all met but "every contact has role and
            // relationship" (Cy has no role): 11/12 = 0.9166.. -> 0.92.
            completeness: 0.92,
            // 2026-08-25 -> 2026-11-23: 6 + 30 + 31 + 23 = 90 days, not more than 90.
            stale: false,
            last_review: Some("2026-08-25"),
            // send-proposal (due 11-01, planned) is overdue; kickoff is done;
            // review-today is due today (not before); follow-up is later;
            // no-date has no due date: 1.
            overdue_actions: 1,
        },
        Expected {
            id: "beta",
            name: "Beta Foods",
            owner: "priya-shah",
            // Dee weak 2.5, weight 2 * 2 (budget-holder) = 4: contact score 2.5;
            // no partnership, so relationship 2.5 (low).
            // Potential: 10 * 610_000 / 2_000_000 = 3.05 (low) -> maintained.
            segment: "maintained",
            computed_segment: "maintained",
            declared_segment: None,
            relationship: 2.5,
            potential: 3.05,
            potential_value: 610_000.0,
            weighted_pipeline: 610_000.0,
            our_alignment: Some(3.0),
            competitors: &[("rigwise", Some(9.0))],
            strengths: &[],
            weaknesses: &[],
            opportunities: &[],
            threats: &[("Keep the contract", "objective:keep-the-contract")],
            // Maintained: 4 requirements; no goal: 3/4 = 0.75.
            completeness: 0.75,
            // 2026-08-24 -> 2026-11-23: 91 days > 90.
            stale: true,
            last_review: Some("2026-08-24"),
            // chase-renewal: due 2026-11-22 < today, blocked: 1.
            overdue_actions: 1,
        },
        Expected {
            id: "gamma",
            name: "Acme \"Gamma\" Works",
            owner: "alex-king",
            // Eve poor 0, weight 1: contact score 0; commodity-vendor 0:
            // 0.7 * 0 + 0.3 * 0 = 0 (low). Potential: 10 * 1_000_000 /
            // 2_000_000 = 5.0 (>= 5: high) -> computed target; declared key.
            segment: "key",
            computed_segment: "target",
            declared_segment: Some("key"),
            relationship: 0.0,
            potential: 5.0,
            potential_value: 1_000_000.0,
            weighted_pipeline: 0.0,
            our_alignment: Some(2.0),
            competitors: &[("kestrel-systems", None)],
            strengths: &[],
            weaknesses: &[],
            opportunities: &[],
            threats: &[],
            // Key (declared): 12 requirements; met: a contact, a revenue
            // goal, role + relationship for every contact, a competitor = 4;
            // 4/12 = 0.333.. -> 0.33.
            completeness: 0.33,
            // No last review: stale.
            stale: true,
            last_review: None,
            overdue_actions: 0,
        },
    ]
}

fn close(actual: &Value, expected: f64, what: &str) {
    let a = actual
        .as_f64()
        .unwrap_or_else(|| panic!("{what}: expected a number, got {actual}"));
    assert!((a - expected).abs() < 1e-9, "{what}: expected {expected}, got {a}");
}

fn assert_swot(actual: &Value, expected: &[(&str, &str)], what: &str) {
    let got: Vec<(String, String)> = actual
        .as_array()
        .unwrap_or_else(|| panic!("{what}: not a list: {actual}"))
        .iter()
        .map(|e| {
            (
                e["text"].as_str().unwrap_or_default().to_string(),
                e["source"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let want: Vec<(String, String)> = expected.iter().map(|(t, s)| (t.to_string(), s.to_string())).collect();
    assert_eq!(got, want, "{what}");
}

#[test]
fn portfolio_json_matches_hand_computed_values() {
    let (tmp, root) = fixture();
    let out = tmp.path().join("public");
    assert_built(&build(&root, &out));
    let json: Value = serde_json::from_str(&read(&out.join("portfolio.json"))).unwrap();
    assert_eq!(json["title"], "Fixture & Co");
    assert_eq!(json["today"], TODAY);
    close(&json["potential_threshold"], THRESHOLD, "potential_threshold");

    let accounts = json["accounts"].as_array().unwrap();
    let expected = expected_accounts();
    let ids: Vec<&str> = accounts.iter().map(|a| a["id"].as_str().unwrap()).collect();
    // Sorted by id (alpha, beta, gamma), not by name (Acme.., Beta.., Zenith..).
    assert_eq!(ids, ["alpha", "beta", "gamma"]);
    for (a, e) in accounts.iter().zip(&expected) {
        let id = e.id;
        assert_eq!(a["name"], e.name, "{id} name");
        assert_eq!(a["owner"], e.owner, "{id} owner");
        assert_eq!(a["segment"], e.segment, "{id} segment");
        assert_eq!(a["computed_segment"], e.computed_segment, "{id} computed_segment");
        assert_eq!(
            a["declared_segment"],
            e.declared_segment.map_or(Value::Null, Value::from),
            "{id} declared_segment"
        );
        close(
            &a["scores"]["relationship"],
            e.relationship,
            &format!("{id} scores.relationship"),
        );
        close(
            &a["scores"]["potential"],
            e.potential,
            &format!("{id} scores.potential"),
        );
        close(
            &a["potential_value"],
            e.potential_value,
            &format!("{id} potential_value"),
        );
        close(
            &a["weighted_pipeline"],
            e.weighted_pipeline,
            &format!("{id} weighted_pipeline"),
        );
        match e.our_alignment {
            Some(v) => close(&a["our_alignment"], v, &format!("{id} our_alignment")),
            None => assert!(a["our_alignment"].is_null(), "{id} our_alignment"),
        }
        let comps = a["competitors"].as_array().unwrap();
        assert_eq!(comps.len(), e.competitors.len(), "{id} competitors: {comps:?}");
        for (c, (cid, status)) in comps.iter().zip(e.competitors) {
            assert_eq!(c["id"], *cid, "{id} competitors: {comps:?}");
            match status {
                Some(s) => close(&c["status"], *s, &format!("{id} competitor {cid} status")),
                None => assert!(
                    c.get("status").is_some_and(Value::is_null),
                    "{id} competitor {cid}: status must be null, got {c}"
                ),
            }
        }
        assert_swot(&a["swot"]["strengths"], e.strengths, &format!("{id} swot.strengths"));
        assert_swot(&a["swot"]["weaknesses"], e.weaknesses, &format!("{id} swot.weaknesses"));
        assert_swot(
            &a["swot"]["opportunities"],
            e.opportunities,
            &format!("{id} swot.opportunities"),
        );
        assert_swot(&a["swot"]["threats"], e.threats, &format!("{id} swot.threats"));
        close(&a["completeness"], e.completeness, &format!("{id} completeness"));
        assert_eq!(a["stale"], e.stale, "{id} stale");
        assert_eq!(
            a["last_review"],
            e.last_review.map_or(Value::Null, Value::from),
            "{id} last_review"
        );
        assert_eq!(a["overdue_actions"], e.overdue_actions, "{id} overdue_actions");
    }
}

/// Splits one CSV record (RFC 4180 quoting, no embedded newlines).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => fields.push(std::mem::take(&mut field)),
            (_, c) => field.push(c),
        }
    }
    fields.push(field);
    fields
}

#[test]
fn portfolio_csv_matches_hand_computed_values() {
    let (tmp, root) = fixture();
    let out = tmp.path().join("public");
    assert_built(&build(&root, &out));
    let csv = read(&out.join("portfolio.csv"));
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "id,name,owner,segment,relationship,potential,potential_value,weighted_pipeline,last_review,stale,completeness,\
             currency,open_pipeline,secured,annual_target,attainment,site_potential_value,site_weighted_pipeline,\
             site_open_pipeline,site_secured,health,industry,sponsor,manager,findings"
        )
    );
    let rows: Vec<&str> = lines.collect();
    let expected = expected_accounts();
    assert_eq!(rows.len(), expected.len(), "{csv}");
    // A name with a comma is quoted; inner double quotes are doubled.
    assert!(rows[0].starts_with("alpha,\"Zenith, Inc.\",alex-king,"), "{}", rows[0]);
    assert!(
        rows[2].starts_with("gamma,\"Acme \"\"Gamma\"\" Works\",alex-king,"),
        "{}",
        rows[2]
    );
    for (row, e) in rows.iter().zip(&expected) {
        let f = csv_fields(row);
        // The first 11 columns; tests/exports.rs covers the other 14.
        assert_eq!(f.len(), 25, "{row}");
        assert_eq!(
            [f[0].as_str(), &f[1], &f[2], &f[3]],
            [e.id, e.name, e.owner, e.segment],
            "{row}"
        );
        let num = |i: usize, want: f64, what: &str| {
            let got: f64 = f[i]
                .parse()
                .unwrap_or_else(|_| panic!("{}: {what} {:?} is not a number", e.id, f[i]));
            assert!(
                (got - want).abs() < 1e-9,
                "{}: {what}: expected {want}, got {got}",
                e.id
            );
        };
        num(4, e.relationship, "relationship");
        num(5, e.potential, "potential");
        num(6, e.potential_value, "potential_value");
        num(7, e.weighted_pipeline, "weighted_pipeline");
        assert_eq!(f[8], e.last_review.unwrap_or(""), "{}: last_review", e.id);
        assert_eq!(f[9], e.stale.to_string(), "{}: stale", e.id);
        num(10, e.completeness, "completeness");
    }
}

#[test]
fn fixture_site_pages_and_links() {
    let (tmp, root) = fixture();
    let out = tmp.path().join("public");
    assert_built(&build(&root, &out));
    // Competitor pages: rigwise (profile and plans), acme-monitoring and
    // kestrel-systems (slugs of names, no profile).
    for p in [
        "index.html",
        "404.html",
        "accounts/alpha/index.html",
        "accounts/beta/index.html",
        "accounts/gamma/index.html",
        "team/alex-king/index.html",
        "team/priya-shah/index.html",
        "competitors/rigwise/index.html",
        "competitors/acme-monitoring/index.html",
        "competitors/kestrel-systems/index.html",
    ] {
        assert!(out.join(p).is_file(), "missing {p}");
    }
    for s in SEGMENTS {
        assert!(
            out.join(format!("segments/{s}/index.html")).is_file(),
            "missing segment {s}"
        );
    }
    // Anchors of alpha's plan page (ids default to slugs).
    let ids: BTreeSet<String> = parse_page(&read(&out.join("accounts/alpha/index.html")))
        .ids
        .into_iter()
        .collect();
    for id in [
        "swot",
        "objective-cut-downtime-by-20",
        "objective-grow-share",
        "goal-pilot",
        "contact-ann-lee",
        "contact-bob-stone",
        "contact-cy-park",
        "competitor-rigwise",
        "competitor-acme-monitoring",
        "action-send-proposal",
        "action-no-date",
        "opportunity-big-deal",
        "opportunity-lost-deal",
    ] {
        assert!(ids.contains(id), "accounts/alpha/index.html: no id=\"{id}\"");
    }
    assert_links_resolve(&out);
}

// ---------------------------------------------------------------------------
// 4. Determinism

#[test]
fn two_builds_are_byte_identical() {
    let tmp = TempDir::new().unwrap();
    let (a, b) = (tmp.path().join("one/public"), tmp.path().join("two/site-out"));
    assert_built(&build(&example_site(), &a));
    assert_built(&build(&example_site(), &b));
    let (fa, fb) = (files(&a), files(&b));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    let differ: Vec<&String> = fa.keys().filter(|k| fa[*k] != fb[*k]).collect();
    assert!(differ.is_empty(), "files differ between two builds: {differ:?}");
}

#[test]
fn source_date_epoch_builds_are_byte_identical_to_today_builds() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path().join("site");
    fixture_site(&root);
    let epoch_build = |out: &Path| {
        planfolio()
            .arg("--root")
            .arg(&root)
            .arg("build")
            .arg("--out")
            .arg(out)
            .env("SOURCE_DATE_EPOCH", EPOCH_2026_11_23_NOON)
            .output()
            .unwrap()
    };
    let (e1, e2, t) = (tmp.path().join("e1"), tmp.path().join("e2"), tmp.path().join("t"));
    assert_built(&epoch_build(&e1));
    assert_built(&epoch_build(&e2));
    assert_built(&build(&root, &t));
    let json: Value = serde_json::from_str(&read(&e1.join("portfolio.json"))).unwrap();
    assert_eq!(json["today"], TODAY);
    let (f1, f2, ft) = (files(&e1), files(&e2), files(&t));
    assert_eq!(f1, f2, "two SOURCE_DATE_EPOCH builds differ");
    let differ: Vec<&String> = f1.keys().filter(|k| ft.get(*k) != Some(&f1[*k])).collect();
    assert!(
        differ.is_empty() && f1.len() == ft.len(),
        "SOURCE_DATE_EPOCH and --today builds of the same day differ: {differ:?}"
    );
}

// ---------------------------------------------------------------------------
// 5. A build with errors writes nothing

/// beta without its required `owner`: a `missing-field` error.
fn break_fixture(root: &Path) {
    write(
        root,
        "content/accounts/beta.md",
        &PLAN_BETA.replace("owner: priya-shah\nstatus:", "status:"),
    );
}

#[test]
fn build_with_errors_creates_no_output() {
    let (tmp, root) = fixture();
    break_fixture(&root);
    let dest = tmp.path().join("dest");
    std::fs::create_dir(&dest).unwrap();
    let out = dest.join("public");
    let o = build(&root, &out);
    assert_eq!(code(&o), 1, "stderr:\n{}", stderr(&o));
    assert!(stderr(&o).contains("missing-field"), "{}", stderr(&o));
    assert!(!out.exists(), "the output folder was created");
    assert!(entries(&dest).is_empty(), "left behind: {:?}", entries(&dest));
}

#[test]
fn build_with_errors_leaves_previous_output_untouched() {
    let (tmp, root) = fixture();
    let dest = tmp.path().join("dest");
    let out = dest.join("public");
    assert_built(&build(&root, &out));
    let before = snapshot(&out);
    assert!(before.contains_key("portfolio.json"));
    break_fixture(&root);
    let o = build(&root, &out);
    assert_eq!(code(&o), 1, "stderr:\n{}", stderr(&o));
    assert!(snapshot(&out) == before, "the previous output was changed");
    assert_eq!(entries(&dest), BTreeSet::from(["public".to_string()]));
}

// ---------------------------------------------------------------------------
// 6. A successful rebuild replaces the old output entirely

#[test]
fn rebuild_replaces_the_old_output() {
    let (tmp, root) = fixture();
    let dest = tmp.path().join("dest");
    let out = dest.join("public");
    assert_built(&build(&root, &out));
    assert!(out.join("accounts/gamma/index.html").is_file());
    write(&out, "stale.txt", "left from an old build");
    write(&out, "accounts/old-plan/index.html", "<html></html>");
    // Links in the old output are removed as links, never followed.
    let elsewhere = tmp.path().join("elsewhere");
    write(&elsewhere, "keep/me.txt", "not the site's");
    std::os::unix::fs::symlink(&elsewhere, out.join("linked")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("accounts/linked")).unwrap();
    // gamma is removed from the content: its page must go too.
    std::fs::remove_file(root.join("content/accounts/gamma.md")).unwrap();
    assert_built(&build(&root, &out));
    assert!(elsewhere.join("keep/me.txt").is_file(), "a linked folder was emptied");
    assert!(!out.join("linked").exists() && !out.join("accounts/linked").exists());
    assert!(!out.join("stale.txt").exists(), "stale.txt survived the rebuild");
    assert!(!out.join("accounts/old-plan").exists(), "accounts/old-plan survived");
    assert!(!out.join("accounts/gamma").exists(), "the removed plan's page survived");
    assert!(out.join("accounts/alpha/index.html").is_file());
    let json: Value = serde_json::from_str(&read(&out.join("portfolio.json"))).unwrap();
    assert_eq!(json["accounts"].as_array().unwrap().len(), 2);
    assert_eq!(entries(&dest), BTreeSet::from(["public".to_string()]));
}

#[test]
fn build_into_a_relative_default_out() {
    // Without --out the site goes to <root>/public; a rebuild leaves no
    // `.public.planfolio-*` siblings in the site root.
    let (_tmp, root) = fixture();
    for _ in 0..2 {
        let o = planfolio()
            .arg("--root")
            .arg(&root)
            .args(["build", "--today", TODAY])
            .output()
            .unwrap();
        assert_built(&o);
    }
    assert!(root.join("public/index.html").is_file());
    let leftovers: Vec<String> = entries(&root).into_iter().filter(|n| n.starts_with('.')).collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

// ---------------------------------------------------------------------------
// 7. Theme overrides

const OVERRIDE_PLAN: &str = "<!doctype html><html lang=\"en\"><head><title>{{ plan.name }}</title></head>\
<body>OVERRIDE {{ plan.name }}</body></html>";

#[test]
fn theme_overrides_templates_and_assets() {
    let (tmp, root) = fixture();
    write(&root, "theme/templates/plan.html", OVERRIDE_PLAN);
    write(
        &root,
        "theme/static/style.css",
        "/* site style */\nbody { color: red }\n",
    );
    write(&root, "theme/static/extra.js", "console.log('extra');\n");
    write(&root, "static/robots.txt", "User-agent: *\nDisallow:\n");
    let out = tmp.path().join("public");
    assert_built(&build(&root, &out));
    for (id, name) in [("alpha", "Zenith, Inc."), ("beta", "Beta Foods")] {
        let page = read(&out.join(format!("accounts/{id}/index.html")));
        assert!(page.contains(&format!("OVERRIDE {name}")), "{id}: {page}");
    }
    // Tera escapes the name in the override too.
    let gamma = read(&out.join("accounts/gamma/index.html"));
    assert!(gamma.contains("OVERRIDE Acme &quot;Gamma&quot; Works"), "{gamma}");
    assert!(!read(&out.join("index.html")).contains("OVERRIDE"));
    assert_eq!(
        read(&out.join("static/style.css")),
        "/* site style */\nbody { color: red }\n"
    );
    assert_eq!(read(&out.join("static/extra.js")), "console.log('extra');\n");
    // A private site (the default) keeps its generated robots.txt (SPEC §9).
    assert_eq!(read(&out.join("robots.txt")), "User-agent: *\nDisallow: /\n");
    // Built-in assets that are not overridden stay.
    for (name, _) in planfolio::render::theme::STATIC {
        if *name != "style.css" {
            assert!(
                out.join("static").join(name).is_file(),
                "built-in static/{name} missing"
            );
        }
    }
}

#[test]
fn broken_override_template_fails_and_writes_nothing() {
    let (tmp, root) = fixture();
    write(&root, "theme/templates/plan.html", "<html>{{ plan.name </html>");
    let dest = tmp.path().join("dest");
    std::fs::create_dir(&dest).unwrap();
    let out = dest.join("public");
    let o = build(&root, &out);
    assert_ne!(code(&o), 0, "a broken template must fail the build");
    assert!(
        stderr(&o).contains("plan.html"),
        "the message must name the template:\n{}",
        stderr(&o)
    );
    assert!(!out.exists());
    assert!(entries(&dest).is_empty(), "{:?}", entries(&dest));

    // With a previous output: left untouched.
    std::fs::remove_file(root.join("theme/templates/plan.html")).unwrap();
    assert_built(&build(&root, &out));
    let before = snapshot(&out);
    write(
        &root,
        "theme/templates/plan.html",
        "<html>{% if plan.name %}unclosed</html>",
    );
    let o = build(&root, &out);
    assert_ne!(code(&o), 0);
    assert!(stderr(&o).contains("plan.html"), "{}", stderr(&o));
    assert!(snapshot(&out) == before, "the previous output was changed");
    assert_eq!(entries(&dest), BTreeSet::from(["public".to_string()]));
}

#[test]
fn override_template_render_error_fails_and_writes_nothing() {
    // Parses, but fails at render time on an undefined variable.
    let (tmp, root) = fixture();
    write(
        &root,
        "theme/templates/index.html",
        "<html>{{ no_such_variable.field }}</html>",
    );
    let out = tmp.path().join("public");
    let o = build(&root, &out);
    assert_ne!(code(&o), 0);
    assert!(stderr(&o).contains("index.html"), "{}", stderr(&o));
    assert!(!out.exists());
}

// ---------------------------------------------------------------------------
// 8. HTML escaping and script URLs

const EVIL: &str = "<script>alert(1)</script> \"><img src=x onerror=alert(1)>";

/// A plan with the hostile text in its name, industry, an objective title, a
/// contact name and a competitor name (when `evil`), and raw HTML and script
/// URLs in its Markdown body.
fn hostile_plan(evil: bool) -> String {
    let bad = |prefix: &str| {
        if evil {
            format!("'{prefix} {EVIL}'")
        } else {
            prefix.to_string()
        }
    };
    format!(
        "---
name: {}
owner: alex-king
industry: {}
website: https://hostile.example
status:
  last_review: 2026-11-01
objectives:
  - id: evil-objective
    title: {}
    contact: evil-contact
    swot: opportunity
contacts:
  - id: evil-contact
    name: {}
    relationship: good
competitors:
  - id: evil-competitor
    name: {}
    swot: threat
---
## Notes

<script>alert(2)</script>

<iframe src=\"https://example.com/embed\"></iframe>

Links: [x](javascript:alert(3)) and [y]( JAVASCRIPT:alert(4)) and
[z](data:text/html,hi) and [ok](https://example.com).
",
        bad("Evil"),
        bad("Industry"),
        bad("Objective"),
        bad("Contact"),
        bad("Competitor"),
    )
}

fn hostile_site(root: &Path, evil: bool, allow_html: bool) {
    write(
        root,
        "planfolio.yaml",
        &format!("title: Hostile\nmarkdown:\n  allow_html: {allow_html}\n"),
    );
    write(root, "content/team/alex-king.md", TEAM_ALEX);
    write(root, "content/accounts/hostile.md", &hostile_plan(evil));
}

/// Every `href`/`src` of the HTML pages whose value could run script.
fn script_urls(out: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for (rel, html) in html_pages(out) {
        for link in parse_page(&html).links {
            let cleaned: String = link
                .value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            if ["javascript:", "vbscript:", "data:"]
                .iter()
                .any(|s| cleaned.starts_with(s))
            {
                found.push(format!("{rel}: <{} {}=\"{}\">", link.tag, link.attr, link.value));
            }
        }
    }
    found
}

fn has_href(html: &str, url: &str) -> bool {
    parse_page(html)
        .links
        .iter()
        .any(|l| l.attr == "href" && l.value == url)
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path().join("site");
    hostile_site(&root, true, false);
    let out = tmp.path().join("public");
    assert_built(&build(&root, &out));
    let pages = html_pages(&out);
    assert!(pages.len() > 5);
    let mut problems = Vec::new();
    for (rel, html) in &pages {
        let lower = html.to_ascii_lowercase();
        for bad in ["<script>alert", "<img src=x", "<iframe"] {
            if lower.contains(bad) {
                problems.push(format!("{rel}: contains literal {bad}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The text is shown, escaped, not dropped: the name, the body's raw HTML.
    let plan = &pages["accounts/hostile/index.html"];
    assert!(plan.contains("&lt;script&gt;alert(1)"), "the escaped name is missing");
    assert!(
        plan.contains("&lt;script&gt;alert(2)&lt;/script&gt;"),
        "the escaped raw HTML block is missing"
    );
    assert!(plan.contains("&lt;iframe"), "the escaped iframe is missing");
    assert!(
        pages["index.html"].contains("&lt;script&gt;alert(1)"),
        "the dashboard lacks the escaped name"
    );
}

#[test]
fn raw_html_is_kept_when_allowed() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path().join("site");
    hostile_site(&root, false, true);
    let out = tmp.path().join("public");
    assert_built(&build(&root, &out));
    let plan = read(&out.join("accounts/hostile/index.html"));
    assert!(
        plan.contains("<script>alert(2)</script>"),
        "raw <script> block not kept"
    );
    assert!(
        plan.contains("<iframe src=\"https://example.com/embed\"></iframe>"),
        "raw <iframe> not kept"
    );
    // Script URLs are still neutralised in Markdown links.
    let found = script_urls(&out);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn markdown_script_urls_are_neutralised() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path().join("site");
    hostile_site(&root, true, false);
    let out = tmp.path().join("public");
    assert_built(&build(&root, &out));
    let found = script_urls(&out);
    assert!(found.is_empty(), "script URLs in links:\n{}", found.join("\n"));
    let plan = read(&out.join("accounts/hostile/index.html"));
    assert!(has_href(&plan, "https://example.com"), "the safe link was dropped");
    let lower = plan.to_ascii_lowercase();
    assert!(!lower.contains("href=\"javascript:") && !lower.contains("href=\"data:"));
}

#[test]
fn website_fields_with_script_urls_are_not_links() {
    // `website` is a plain string in SPEC §2 and §4; a page must not turn
    // `javascript:` into a clickable link. (Rejecting it as an error at load
    // time would also be acceptable.)
    let tmp = TempDir::new().unwrap();
    let root = tmp.path().join("site");
    hostile_site(&root, false, false);
    let plan = hostile_plan(false).replace("website: https://hostile.example", "website: 'javascript:alert(6)'");
    write(&root, "content/accounts/hostile.md", &plan);
    write(
        &root,
        "content/competitors/evil-competitor.md",
        "---\nname: Evil Co\nwebsite: ' JavaScript:alert(7)'\n---\nProfile.\n",
    );
    let out = tmp.path().join("public");
    let o = build(&root, &out);
    if code(&o) == 1 {
        assert!(stderr(&o).contains("website"), "{}", stderr(&o));
        return;
    }
    assert_built(&o);
    let found = script_urls(&out);
    assert!(
        found.is_empty(),
        "script URLs from `website` fields:\n{}",
        found.join("\n")
    );
}

// ---------------------------------------------------------------------------
// 9. --out at the site itself is refused

#[test]
fn out_at_the_site_root_is_refused() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path().join("site");
    fixture_site(&root);
    let before = snapshot(tmp.path());
    for out in [root.clone(), tmp.path().to_path_buf()] {
        let o = build(&root, &out);
        assert_eq!(code(&o), 2, "--out {}: stderr:\n{}", out.display(), stderr(&o));
        assert!(snapshot(tmp.path()) == before, "--out {} changed files", out.display());
    }
    // Relative: from inside the site, `--out .`.
    let o = planfolio()
        .current_dir(&root)
        .args(["build", "--out", ".", "--today", TODAY])
        .output()
        .unwrap();
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(snapshot(tmp.path()) == before, "--out . changed files");
}

// ---------------------------------------------------------------------------
// 10. The summary line

/// Parses `Built N plans, M pages in X ms` (an optional ` (...)` may follow;
/// a count of one takes the singular: `Built 1 plan, …`).
fn summary(stdout: &str) -> (u64, u64) {
    let line = stdout
        .lines()
        .find(|l| l.starts_with("Built "))
        .unwrap_or_else(|| panic!("no summary line in {stdout:?}"));
    let t: Vec<&str> = line.split_whitespace().collect();
    assert!(t.len() >= 8, "{line}");
    let n: u64 = t[1].parse().unwrap_or_else(|_| panic!("{line}"));
    let m: u64 = t[3].parse().unwrap_or_else(|_| panic!("{line}"));
    let x: u64 = t[6].parse().unwrap_or_else(|_| panic!("{line}"));
    let (plans, pages) = (
        if n == 1 { "plan," } else { "plans," },
        if m == 1 { "page" } else { "pages" },
    );
    assert_eq!(
        [t[0], t[2], t[4], t[5], t[7]],
        ["Built", plans, pages, "in", "ms"],
        "{line}"
    );
    let head = format!("Built {n} {plans} {m} {pages} in {x} ms");
    let tail = line.strip_prefix(&head).unwrap_or_else(|| panic!("{line}"));
    assert!(tail.is_empty() || tail.starts_with(" ("), "{line}");
    (n, m)
}

#[test]
fn summary_line_counts_plans_and_pages() {
    let (tmp, root) = fixture();
    let out = tmp.path().join("public");
    let o = build(&root, &out);
    assert_built(&o);
    let (n, m) = summary(&stdout(&o));
    assert_eq!(n, 3);
    // Pages: the HTML files written.
    assert_eq!(m, html_pages(&out).len() as u64);

    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("public");
    let o = build(&example_site(), &out);
    assert_built(&o);
    let (n, m) = summary(&stdout(&o));
    assert_eq!(n, stems(&example_site().join("content/accounts")).len() as u64);
    assert_eq!(m, html_pages(&out).len() as u64);
}

#[test]
fn out_inside_the_sources_is_refused() {
    // Building into content/, content/accounts/, theme/ or static/ would
    // replace the site's own sources with the output (found by hand:
    // `build --out content/accounts` deletes every plan and exits 0).
    let tmp = TempDir::new().unwrap();
    let root = tmp.path().join("site");
    fixture_site(&root);
    write(&root, "theme/static/extra.js", "1;\n");
    write(&root, "static/robots.txt", "User-agent: *\n");
    let before = snapshot(tmp.path());
    for rel in ["content", "content/accounts", "theme", "static"] {
        let o = build(&root, &root.join(rel));
        assert_eq!(
            code(&o),
            2,
            "--out <site>/{rel} must be refused; stdout: {}",
            stdout(&o)
        );
        assert!(
            snapshot(tmp.path()) == before,
            "--out <site>/{rel} changed the site's sources"
        );
    }
}

// ---------------------------------------------------------------------------
// 11. Extra stylesheets (`theme.extra_css`)

#[test]
fn extra_stylesheets_are_linked_after_the_built_in_one_on_every_page() {
    let (tmp, root) = fixture();
    write(
        &root,
        "planfolio.yaml",
        &format!("{FIXTURE_CONFIG}theme:\n  extra_css: [static/brand.css, print.css]\n"),
    );
    write(&root, "theme/static/brand.css", "body { color: navy; }\n");
    write(&root, "static/print.css", "@media print { nav { display: none; } }\n");
    let out = tmp.path().join("public");
    let o = build(&root, &out);
    assert_built(&o);
    assert_eq!(read(&out.join("static/brand.css")), "body { color: navy; }\n");
    assert!(
        out.join("print.css").is_file(),
        "a site static file is published at its path"
    );
    let pages = html_pages(&out);
    assert!(pages.len() > 10, "{} pages", pages.len());
    for (path, html) in &pages {
        // Relative to the page, as every internal link is.
        let root = "../".repeat(path.matches('/').count());
        let builtin = format!("<link rel=\"stylesheet\" href=\"{root}static/style.css\">");
        let brand = format!("<link rel=\"stylesheet\" href=\"{root}static/brand.css\">");
        let print = format!("<link rel=\"stylesheet\" href=\"{root}print.css\">");
        let (b, s, p) = (html.find(&builtin), html.find(&brand), html.find(&print));
        assert!(
            b.is_some() && s.is_some() && p.is_some(),
            "{path} links all three stylesheets"
        );
        assert!(
            b < s && s < p,
            "{path}: the built-in stylesheet first, then the extra ones in order"
        );
    }
}

#[test]
fn an_extra_stylesheet_must_be_a_file_of_the_published_site() {
    let (_tmp, root) = fixture();
    let config = format!(
        "{FIXTURE_CONFIG}theme:\n  extra_css:\n    - static/missing.css\n    - https://cdn.example/x.css\n    - ../outside.css\n"
    );
    write(&root, "planfolio.yaml", &config);
    let o = planfolio()
        .arg("--root")
        .arg(&root)
        .args(["check", "--format", "json", "--today", TODAY])
        .output()
        .expect("run check");
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    let report: Value = serde_json::from_str(&stdout(&o)).expect("json");
    let at: Vec<(String, u64)> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "invalid-value" && d["file"] == "planfolio.yaml")
        .map(|d| {
            (
                d["message"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    // The config's two lines, `theme:`, `extra_css:`, then the entries on lines 5–7.
    let want = [
        ("`static/missing.css`", "no file of the published site", 5),
        ("`https://cdn.example/x.css`", "not a path in the published site", 6),
        ("`../outside.css`", "not a path in the published site", 7),
    ];
    assert_eq!(at.len(), want.len(), "{at:?}");
    for (name, problem, line) in want {
        assert!(
            at.iter()
                .any(|(m, l)| m.contains(name) && m.contains(problem) && *l == line),
            "{name} on line {line}: {at:?}"
        );
    }
}
