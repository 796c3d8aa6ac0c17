//! Snapshots of the example site: the HTML of a set of its pages, checked
//! in under `tests/snapshots/example/` and compared byte for byte. A change
//! to the theme or the components shows here as a diff to review; when it is
//! meant, rewrite the snapshots with
//! `UPDATE_SNAPSHOTS=1 cargo test --test suite build::snapshots` and commit them.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The pages kept as snapshots: every kind of page, and plans that reach
/// every section.
const PAGES: &[&str] = &[
    "index.html",
    "accounts/meridian-airports/index.html",
    "accounts/halden-rail/index.html",
    "accounts/bodmin-aggregates/index.html",
    "team/alex-king/index.html",
    "segments/key/index.html",
    "competitors/rigwise/index.html",
    "attention/index.html",
    "404.html",
    "accounts/halden-rail/one-page/index.html",
    "review/index.html",
];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies the example site (config and content, not the repository's git
/// history, which would put commit dates in the pages) into `dir`.
fn copy_example(dir: &Path) {
    std::fs::copy(repo().join("planfolio.yaml"), dir.join("planfolio.yaml")).expect("copy planfolio.yaml");
    for entry in walkdir::WalkDir::new(repo().join("content")) {
        let entry = entry.expect("walk content/");
        let rel = entry.path().strip_prefix(repo()).expect("inside the repository");
        let to = dir.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).expect("make folder");
        } else {
            std::fs::copy(entry.path(), &to).expect("copy plan");
        }
    }
}

/// Builds a copy of the example site, with `overrides` (theme file, text)
/// written first, and returns the folder and its output.
fn build_example(overrides: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let site = tempfile::tempdir().expect("temp dir");
    copy_example(site.path());
    for (rel, text) in overrides {
        let file = site.path().join(rel);
        std::fs::create_dir_all(file.parent().expect("a theme file has a folder")).expect("theme folder");
        std::fs::write(file, text).expect("write override");
    }
    let out = site.path().join("public");
    let built = Command::new(env!("CARGO_BIN_EXE_planfolio"))
        .arg("--root")
        .arg(site.path())
        .args(["build", "--today", "2026-11-23", "--out"])
        .arg(&out)
        .output()
        .expect("run planfolio build");
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    (site, out)
}

/// The first line where two pages differ, both ways, for the failure message.
fn first_difference(want: &str, got: &str) -> String {
    let (w, g): (Vec<_>, Vec<_>) = (want.lines().collect(), got.lines().collect());
    let at = w.iter().zip(&g).take_while(|(a, b)| a == b).count();
    format!(
        "first difference at line {}:\n  snapshot: {:?}\n  built:    {:?}",
        at + 1,
        w.get(at).unwrap_or(&"(end of file)"),
        g.get(at).unwrap_or(&"(end of file)")
    )
}

#[test]
fn example_site_pages_match_their_snapshots() {
    let (_site, out) = build_example(&[]);
    let snapshots = repo().join("tests/snapshots/example");
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut stale = Vec::new();
    for page in PAGES {
        let got = std::fs::read_to_string(out.join(page)).unwrap_or_else(|e| panic!("{page} was not built: {e}"));
        let file = snapshots.join(page);
        if update {
            std::fs::create_dir_all(file.parent().expect("a page has a folder")).expect("make snapshot folder");
            std::fs::write(&file, &got).expect("write snapshot");
            continue;
        }
        let want = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("no snapshot {}: {e}", file.display()));
        if want != got {
            stale.push(format!("{page}: {}", first_difference(&want, &got)));
        }
    }
    assert!(
        stale.is_empty(),
        "pages differ from their snapshots (if the change is meant, rerun with UPDATE_SNAPSHOTS=1 and review the diff):\n{}",
        stale.join("\n")
    );
}

#[test]
fn snapshots_show_every_section_of_a_plan() {
    // The snapshots are only worth keeping if they cover the page: every
    // section of the plan page appears in at least one plan snapshot.
    let dir = repo().join("tests/snapshots/example/accounts");
    let plans: String = PAGES
        .iter()
        .filter_map(|p| p.strip_prefix("accounts/"))
        .map(|p| std::fs::read_to_string(dir.join(p)).expect("plan snapshot"))
        .collect();
    for id in [
        "section-scores",
        "section-history",
        "section-status",
        "section-narrative",
        "section-customer",
        "section-drivers",
        "section-faa",
        "section-objectives",
        "section-goals",
        "section-actions",
        "section-contacts",
        "section-stages",
        "section-competitors",
        "swot",
        "section-proposition",
        "section-expectations",
        "section-financials",
        "section-opportunities",
        "section-whitespace",
        "section-checks",
    ] {
        assert!(
            plans.contains(&format!("<section id=\"{id}\"")),
            "no plan snapshot shows #{id}"
        );
    }
}

/// The worked example of docs/theme.md: a site's own opportunity bank,
/// written from the documented variables, replaces only that section.
#[test]
fn the_documented_section_override_builds_and_replaces_its_section() {
    let docs = std::fs::read_to_string(repo().join("docs/theme.md")).expect("docs/theme.md");
    let from = docs
        .find("**Overriding one section: the open deals only.**")
        .expect("the worked example is in docs/theme.md");
    let block = &docs[from..];
    let start = block.find("```jinja\n").expect("its template") + "```jinja\n".len();
    let template = &block[start..start + block[start..].find("```").expect("its end")];
    let (_site, out) = build_example(&[("theme/templates/plan/opportunities.html", template)]);
    let page = std::fs::read_to_string(out.join("accounts/meridian-airports/index.html")).expect("plan page");
    let section = &page[page.find("id=\"section-opportunities\"").expect("the section is there")..];
    let section = &section[..section.find("</section>").expect("section ends")];
    // The override's own column heading, and an open deal with its anchor.
    assert!(section.contains(">Product</th>"), "{section}");
    assert!(section.contains("id=\"opportunity-"), "{section}");
    // Meridian's lost deal is left out by the override (and shown by the built-in section).
    assert!(!section.contains("Ground power unit monitoring"), "{section}");
    let builtin = std::fs::read_to_string(repo().join("tests/snapshots/example/accounts/meridian-airports/index.html"))
        .expect("snapshot");
    assert!(builtin.contains("Ground power unit monitoring"));
    // The other sections are the built-in ones, unchanged.
    let goals = |html: &str| {
        let at = html.find("id=\"section-goals\"").expect("goals section");
        html[at..at + html[at..].find("</section>").expect("end")].to_string()
    };
    assert_eq!(goals(&page), goals(&builtin));
}
