//! Search over everything (issue 22, target 6), in the browser from disk:
//! nothing of the index loads with the page; typing an opportunity's name,
//! a product or a word of the narrative shows it, linked to its anchor
//! (SPEC §9), and only the shards the words need load.

use super::*;

const HALDEN: &str = "accounts/halden-rail/index.html";

/// The results shown: title, kind, account line, URL and snippet.
const RESULTS_JS: &str = r#"
var list = document.getElementById("search-results");
if (!list || list.hidden) return [];
return Array.from(list.querySelectorAll("[role=option][data-url]")).map(function (li) {
  var part = function (c) { var e = li.querySelector("." + c); return e ? e.textContent : ""; };
  var mark = li.querySelector(".sr-snippet mark");
  return { title: part("sr-title"), kind: part("sr-kind"), text: part("sr-text"),
           url: li.getAttribute("data-url"), snippet: part("sr-snippet"), marked: mark ? mark.textContent : "" };
});
"#;

/// The index files the page has asked for so far: the scripts in the page
/// (the loader adds one per file) and any fetched otherwise (file:// loads
/// make no resource timing entries; a served site's do).
const LOADED_JS: &str = r#"
var names = Array.from(document.scripts).map(function (s) { return s.src; })
  .concat(performance.getEntriesByType("resource").map(function (r) { return r.name; }));
return Array.from(new Set(names.filter(function (n) { return /search-index\.js$|\/search\/[^\/]+\.js$/.test(n || ""); })));
"#;

/// Clears the search box and types `query`; returns the results once one
/// satisfies `want`.
async fn search_for(client: &Client, query: &str, want: impl Fn(&Value) -> bool) -> Result<Vec<Value>, String> {
    let input = client
        .find(fantoccini::Locator::Css("#search-input"))
        .await
        .map_err(|e| format!("no search box: {e}"))?;
    input.clear().await.map_err(|e| format!("clearing: {e}"))?;
    input.click().await.map_err(|e| format!("focusing search: {e}"))?;
    input.send_keys(query).await.map_err(|e| format!("typing: {e}"))?;
    let (found, v) = poll_js(client, RESULTS_JS, PATIENCE, |v| {
        v.as_array().is_some_and(|a| a.iter().any(&want))
    })
    .await;
    ensure!(found, "no wanted result for {query:?}: {v:#}");
    Ok(v.as_array().cloned().unwrap_or_default())
}

#[test]
#[cfg_attr(
    not(feature = "external-tools"),
    ignore = "needs chromium and chromedriver (apt), axe-core (npm): run with --features external-tools, as .ci/run does"
)]
fn search_finds_opportunities_products_and_narrative_words_from_disk() {
    let (_out, site_dir) = build_example_site();
    let url = format!("file://{}", site_dir.join("index.html").display());
    let shards = std::fs::read_dir(site_dir.join("search")).map_or(0, |d| d.count());
    with_browser(async |client: &Client| -> Result<(), String> {
        client.goto(&url).await.map_err(|e| format!("opening {url}: {e}"))?;
        let loaded = eval(client, LOADED_JS).await;
        ensure!(
            loaded == Some(json!([])),
            "index files loaded with the page: {loaded:?}"
        );
        ensure!(
            eval(client, "return typeof window.PLANFOLIO_SEARCH;").await == Some(Value::from("undefined")),
            "the index is there before any search"
        );

        // An opportunity by two words of its name (content/accounts/halden-rail.md).
        let results = search_for(client, "tamping mach", |r| {
            r["title"] == "Tamping machine predictive maintenance pilot"
        })
        .await?;
        let top = &results[0];
        ensure!(
            top["kind"] == "Opportunity" && top["url"] == format!("{HALDEN}#opportunity-tamper-pilot"),
            "the opportunity first, at its anchor: {results:#?}"
        );
        ensure!(
            top["text"]
                .as_str()
                .is_some_and(|t| t.starts_with("Halden Rail Services")),
            "the result names its account: {top}"
        );

        // A product by the start of its name: Halden's whitespace map lists Predict.
        search_for(client, "predi halden", |r| {
            r["kind"] == "Product" && r["title"] == "Predict" && r["url"] == format!("{HALDEN}#section-whitespace")
        })
        .await?;

        // A word only the narrative has, with a snippet around it.
        let results = search_for(client, "strategically", |r| r["kind"] == "Narrative").await?;
        let hit = &results[0];
        ensure!(
            hit["title"] == "Customer overview" && hit["url"] == format!("{HALDEN}#h-customer-overview"),
            "the narrative part under its heading: {results:#?}"
        );
        ensure!(
            hit["marked"] == "strategically"
                && hit["snippet"]
                    .as_str()
                    .is_some_and(|s| s.contains("fleet data strategically important")),
            "a snippet around the word: {hit}"
        );

        // Only some shards were needed.
        let loaded = eval(client, LOADED_JS).await.unwrap_or_default();
        let n = loaded.as_array().map_or(0, Vec::len);
        ensure!(n > 1 && n < shards, "{n} of {shards} index files loaded: {loaded}");

        // Enter opens the first result at its anchor.
        let input = client
            .find(fantoccini::Locator::Css("#search-input"))
            .await
            .map_err(|e| format!("no search box: {e}"))?;
        input
            .send_keys("\u{E007}")
            .await
            .map_err(|e| format!("pressing Enter: {e}"))?;
        let (arrived, at) = poll_js(client, "return window.location.href;", PATIENCE, |v| {
            v.as_str()
                .is_some_and(|h| h.ends_with(&format!("{HALDEN}#h-customer-overview")))
        })
        .await;
        ensure!(arrived, "Enter went to {at}");
        Ok(())
    });
}

/// The listbox's state: options, the selected one, the input's pointers.
const LISTBOX_JS: &str = r##"
var input = document.getElementById("search-input");
var options = Array.from(document.querySelectorAll("#search-results [role=option]"));
return { expanded: input.getAttribute("aria-expanded"), active: input.getAttribute("aria-activedescendant"),
         selected: options.filter(function (o) { return o.getAttribute("aria-selected") === "true"; }).map(function (o) { return o.id; }),
         marks: Array.from(document.querySelectorAll("#search-results .sr-title mark")).map(function (m) { return m.textContent; }),
         status: (document.querySelector("[data-search-status]") || {}).textContent };
"##;

#[test]
#[cfg_attr(
    not(feature = "external-tools"),
    ignore = "needs chromium and chromedriver (apt), axe-core (npm): run with --features external-tools, as .ci/run does"
)]
fn search_keeps_its_keyboard_listbox_and_says_when_the_index_is_missing() {
    let (_out, site_dir) = build_example_site();
    let url = format!("file://{}", site_dir.join("index.html").display());
    let plan_page = site_dir.join("accounts/halden-rail/index.html");
    with_browser(async |client: &Client| -> Result<(), String> {
        client.goto(&url).await.map_err(|e| format!("opening {url}: {e}"))?;
        search_for(client, "northbrook", |r| r["title"] == "Northbrook Water").await?;
        let input = client
            .find(fantoccini::Locator::Css("#search-input"))
            .await
            .map_err(|e| format!("no search box: {e}"))?;
        // Arrow down selects the first option and points the input at it.
        input
            .send_keys("\u{E015}")
            .await
            .map_err(|e| format!("arrow down: {e}"))?;
        let v = eval(client, LISTBOX_JS).await.unwrap_or_default();
        ensure!(
            v["expanded"] == "true" && v["active"] == "sr-0" && v["selected"] == json!(["sr-0"]),
            "after ArrowDown: {v}"
        );
        ensure!(
            v["marks"]
                .as_array()
                .is_some_and(|m| m.iter().any(|t| t == "Northbrook")),
            "the typed word is marked: {v}"
        );
        ensure!(
            v["status"].as_str().is_some_and(|s| s.contains("use the arrow keys")),
            "the status counts the results: {v}"
        );
        // Escape closes the list.
        input.send_keys("\u{E00C}").await.map_err(|e| format!("escape: {e}"))?;
        let v = eval(client, LISTBOX_JS).await.unwrap_or_default();
        ensure!(v["expanded"] == "false", "after Escape: {v}");
        Ok(())
    });
    // Without its shards, the search says so instead of failing silently.
    std::fs::remove_dir_all(site_dir.join("search")).expect("remove the shards");
    let url = format!("file://{}", plan_page.display());
    with_browser(async |client: &Client| -> Result<(), String> {
        client.goto(&url).await.map_err(|e| format!("opening {url}: {e}"))?;
        let input = client
            .find(fantoccini::Locator::Css("#search-input"))
            .await
            .map_err(|e| format!("no search box: {e}"))?;
        input.click().await.map_err(|e| format!("focusing search: {e}"))?;
        input.send_keys("tamping").await.map_err(|e| format!("typing: {e}"))?;
        let (said, v) = poll_js(client, LISTBOX_JS, PATIENCE, |v| {
            v["status"] == "Search is not available"
        })
        .await;
        ensure!(said, "no word of the missing index: {v}");
        Ok(())
    });
}

#[test]
#[cfg_attr(
    not(feature = "external-tools"),
    ignore = "needs chromium and chromedriver (apt), axe-core (npm): run with --features external-tools, as .ci/run does"
)]
fn results_open_on_screen_when_a_long_title_wraps_the_header() {
    let (_out, site_dir) = build_example_site();
    let url = format!("file://{}", site_dir.join("index.html").display());
    with_browser(async |client: &Client| -> Result<(), String> {
        client.goto(&url).await.map_err(|e| format!("opening {url}: {e}"))?;
        // Where a long site title or long navigation wraps the header, the
        // search box ends up at the left of the page: put it there.
        eval(
            client,
            "var b = document.querySelector('[data-search]'); b.style.position = 'absolute'; b.style.left = '8px'; b.style.top = '64px'; b.style.width = '18rem'; return true;",
        )
        .await;
        search_for(client, "northbrook", |r| r["title"] == "Northbrook Water").await?;
        let rect = eval(
            client,
            "var r = document.getElementById('search-results').getBoundingClientRect(); return [r.left, r.right, window.innerWidth];",
        )
        .await
        .unwrap_or_default();
        let n = |i: usize| rect[i].as_f64().unwrap_or(f64::NAN);
        ensure!(
            n(0) >= 0.0 && n(1) <= n(2),
            "the results list is off the screen: {rect}"
        );
        Ok(())
    });
}
