//! Printing (issue 22): every one-page plan of the example site, and one
//! whose every list is long, prints on exactly one page, A4 and US Letter,
//! landscape; the review pack starts each key account's one-page plan on a
//! new page. The pages are counted in the PDFs Chromium prints (WebDriver
//! "Print Page"), and read back with `pdftotext` (poppler-utils).

use super::*;
use fantoccini::wd::{PrintConfiguration, PrintOrientation, PrintSize};

/// The pages of a PDF: the page objects, checked against the page tree's count.
fn page_count(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    let objects = text
        .match_indices("/Type")
        .filter(|(at, _)| {
            let rest = text[at + 5..].trim_start();
            rest.starts_with("/Page") && !rest.starts_with("/Pages")
        })
        .count();
    let tree = text
        .split("/Count ")
        .skip(1)
        .filter_map(|s| s.split(|c: char| !c.is_ascii_digit()).next()?.parse::<usize>().ok())
        .max()
        .unwrap_or(0);
    assert_eq!(objects, tree, "page objects and the page tree disagree");
    objects
}

/// The text of each page of `pdf`, by `pdftotext`.
fn page_texts(pdf: &[u8]) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("printed.pdf");
    std::fs::write(&file, pdf).expect("write pdf");
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(&file)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("cannot run pdftotext ({e}): install poppler-utils (.ci/run does)"));
    assert!(out.status.success(), "pdftotext failed");
    // pdftotext ends each page with a form feed.
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// Prints the page open in `client` on `size`, landscape, at 100%.
async fn print(client: &Client, size: PrintSize) -> Result<Vec<u8>, String> {
    let config = PrintConfiguration::builder()
        .orientation(PrintOrientation::Landscape)
        .size(size)
        .shrink_to_fit(false)
        .background(true)
        .build()
        .map_err(|e| format!("print configuration: {e}"))?;
    client.print(config).await.map_err(|e| format!("print: {e}"))
}

/// The example site with one more plan, whose every list is long.
fn site_with_long_plan() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let src = tmp.path().join("src");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(&src).expect("mkdir");
    for rel in ["planfolio.yaml", "content"] {
        let copied = Command::new("cp")
            .arg("-r")
            .arg(repo.join(rel))
            .arg(src.join(rel))
            .status();
        assert!(copied.map(|s| s.success()).unwrap_or(false), "copy {rel}");
    }
    common::write(&src, "content/team/mia-lund.md", "---\nname: Mia Lund\n---\n");
    common::write(&src, "content/accounts/longlist.md", &common::long_one_page_plan());
    let site = tmp.path().join("site");
    let build = Command::new(env!("CARGO_BIN_EXE_planfolio"))
        .arg("--root")
        .arg(&src)
        .args(["build", "--today", common::TODAY, "--out"])
        .arg(&site)
        .output()
        .expect("run planfolio build");
    assert!(
        build.status.success(),
        "building the site failed: {}",
        String::from_utf8_lossy(&build.stderr)
    );
    (tmp, site)
}

#[test]
#[cfg_attr(
    not(feature = "external-tools"),
    ignore = "needs chromium and chromedriver (apt) and poppler-utils: run with --features external-tools, as .ci/run does"
)]
fn every_one_page_plan_prints_on_one_landscape_page_a4_and_letter() {
    let (_tmp, site) = site_with_long_plan();
    let mut plans: Vec<String> = std::fs::read_dir(site.join("accounts"))
        .expect("accounts")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    plans.sort();
    assert!(
        plans.len() >= 12 && plans.contains(&"longlist".to_string()),
        "{plans:?}"
    );
    let port = static_server(site);
    with_browser(async |client| {
        for id in &plans {
            client
                .goto(&format!("http://127.0.0.1:{port}/accounts/{id}/one-page/index.html"))
                .await
                .map_err(|e| format!("open {id}: {e}"))?;
            for (name, size) in [("A4", PrintSize::A4), ("US Letter", PrintSize::US_LETTER)] {
                let pdf = print(client, size).await?;
                let pages = page_count(&pdf);
                ensure!(pages == 1, "{id}'s one-page plan prints on {pages} {name} pages");
                if id == "longlist" && name == "A4" {
                    // The cut lists say so on paper too: "+N more" of each part.
                    let text = page_texts(&pdf).join("\n");
                    for more in ["+4 more", "+3 more", "+2 more", "+1 more"] {
                        ensure!(text.contains(more), "the printed page lacks {more:?}:\n{text}");
                    }
                    ensure!(text.contains("Longlist Industries"), "no title:\n{text}");
                    // Headings print in capitals (text-transform): compare in lower case.
                    ensure!(text.to_lowercase().contains("next actions"), "no next actions:\n{text}");
                }
            }
        }
        Ok(())
    });
}

#[test]
#[cfg_attr(
    not(feature = "external-tools"),
    ignore = "needs chromium and chromedriver (apt) and poppler-utils: run with --features external-tools, as .ci/run does"
)]
fn the_review_pack_prints_each_key_account_on_a_page_of_its_own() {
    let (_tmp, site) = build_example_site();
    let pack = std::fs::read_to_string(site.join("review/index.html")).expect("review pack");
    // The key accounts, in the pack's order, by their one-page headings.
    let names: Vec<String> = pack
        .match_indices("<h2 id=\"op-")
        .map(|(at, _)| {
            let rest = &pack[at..];
            let name = &rest[rest.find("\">").unwrap() + 2..];
            let name = &name[name.find("\">").unwrap() + 2..];
            name[..name.find("</a>").unwrap()].to_string()
        })
        .collect();
    assert_eq!(names.len(), 4, "the example portfolio has 4 key accounts: {names:?}");
    let port = static_server(site);
    with_browser(async |client| {
        client
            .goto(&format!("http://127.0.0.1:{port}/review/index.html"))
            .await
            .map_err(|e| format!("open the pack: {e}"))?;
        let pdf = print(client, PrintSize::A4).await?;
        let pages = page_texts(&pdf);
        ensure!(pages.len() == page_count(&pdf), "pdftotext and the PDF disagree");
        // The last pages are the one-page plans, one each, in the pack's order.
        let one_pages: Vec<usize> = (0..pages.len())
            .filter(|&i| pages[i].to_lowercase().contains("one-page account plan"))
            .collect();
        ensure!(
            one_pages.len() == names.len(),
            "{} pages carry a one-page plan, expected {}",
            one_pages.len(),
            names.len()
        );
        ensure!(
            one_pages.first() == Some(&(pages.len() - names.len())),
            "the one-page plans are not the last pages"
        );
        for (page, name) in one_pages.iter().zip(&names) {
            ensure!(
                pages[*page].contains(name.as_str()),
                "page {} is not {name}'s",
                page + 1
            );
        }
        // Totals and changes come first.
        let first = pages[..one_pages[0]].join("\n");
        ensure!(first.contains("Changes since"), "no changes before the plans");
        ensure!(
            first.to_lowercase().contains("open pipeline"),
            "no totals before the plans"
        );
        Ok(())
    });
}
