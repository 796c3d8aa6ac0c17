//! Integration tests of `planfolio serve` (SPEC §8, "Serve"): the real
//! binary is started on 127.0.0.1 with port 0 over a small fixture site in a
//! temporary folder and spoken to over plain TCP with hand-written HTTP/1.1.

use crate::common;

use common::serve::{
    Response, ServeSite, Server, Sse, broken_plan_text, get_request, plan_text, poll_until, request, try_request,
};
use std::collections::BTreeSet;
use std::io::Write;
use std::net::TcpStream;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

/// Deadline for a condition polled or an event awaited (a reload, a line on
/// stdout): a guard against a hang, never a speed requirement, so generous
/// for a busy machine.
const PATIENCE: Duration = Duration::from_secs(120);

const OVERLAY: &str = "id=\"planfolio-overlay\"";

fn assert_common_headers(r: &Response, what: &str) {
    assert_eq!(r.header("Cache-Control"), Some("no-store"), "{what}: Cache-Control");
    assert_eq!(
        r.header("X-Content-Type-Options"),
        Some("nosniff"),
        "{what}: X-Content-Type-Options"
    );
}

fn assert_html_page(r: &Response, what: &str) {
    assert_eq!(r.status, 200, "{what}: status; body: {}", r.text());
    assert_eq!(
        r.header("Content-Type"),
        Some("text/html; charset=utf-8"),
        "{what}: Content-Type"
    );
    assert_common_headers(r, what);
}

/// Waits for the first event of a fresh stream and returns its generation.
fn initial_generation(sse: &mut Sse) -> u64 {
    let first = sse
        .next_event(PATIENCE)
        .expect("a live-reload stream sends an event at connect");
    assert_eq!(first.event, "reload", "first event: {first:?}");
    first
        .data
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("generation in {first:?}"))
}

#[test]
fn serves_pages_with_headers_and_head_has_no_body() {
    let site = ServeSite::fixture();
    let server = Server::start(site.root());

    let index = server.get("/");
    assert_html_page(&index, "GET /");
    let html = index.text();
    for (_, name) in common::serve::SERVE_SITE_PLANS {
        assert!(html.contains(name), "the dashboard lists {name}");
    }
    let script = html
        .find("/__planfolio/live")
        .expect("the live-reload script is injected");
    let body_end = html.rfind("</body>").expect("</body>");
    assert!(script < body_end, "the script sits before </body>");
    assert!(!html.contains(OVERLAY), "no overlay without errors");

    for path in [
        "/accounts/alpha-foods/",
        "/accounts/alpha-foods/index.html",
        "/accounts/alpha-foods",
        "/accounts/alpha-foods/?from=test#top",
    ] {
        let page = server.get(path);
        assert_html_page(&page, path);
        assert!(page.text().contains("Alpha Foods"), "{path} shows the plan");
        assert!(page.text().contains("/__planfolio/live"), "{path}: script");
    }

    let css = server.get("/static/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(
        css.body,
        request(
            server.port,
            b"GET /static/style.css HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"
        )
        .body,
        "the same bytes over HTTP/1.1 (perhaps chunked) and HTTP/1.0"
    );
    assert_eq!(css.header("Content-Type"), Some("text/css; charset=utf-8"));
    assert_common_headers(&css, "style.css");
    assert!(
        !css.text().contains("/__planfolio/live"),
        "nothing is injected into CSS"
    );

    let json = server.get("/portfolio.json");
    assert_eq!(json.status, 200);
    assert_eq!(json.header("Content-Type"), Some("application/json; charset=utf-8"));

    for (path, get) in [("/", &index), ("/static/style.css", &css)] {
        let head = request(
            server.port,
            format!("HEAD {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").as_bytes(),
        );
        assert_eq!(head.status, 200, "HEAD {path}");
        assert!(head.body.is_empty(), "HEAD {path} has no body");
        assert_eq!(head.header("Content-Type"), get.header("Content-Type"));
        assert_common_headers(&head, path);
        // HEAD announces the body framing of GET: its length, or chunks
        // (should the server ever send a body in chunks).
        assert_eq!(
            head.header("Transfer-Encoding"),
            get.header("Transfer-Encoding"),
            "HEAD {path}: Transfer-Encoding"
        );
        if get.header("Transfer-Encoding").is_none() {
            assert_eq!(
                head.header("Content-Length"),
                Some(get.body.len().to_string().as_str()),
                "HEAD {path} announces the length of the GET body"
            );
        }
    }
}

#[test]
fn serves_the_search_index_and_its_shards() {
    // The preview serves the sharded index as `build` writes it
    // (docs/theme.md, "Search index"): the manifest names the shards.
    let site = ServeSite::fixture();
    let server = Server::start(site.root());
    let manifest = server.get("/search-index.js");
    assert_eq!(manifest.status, 200);
    let text = manifest.text();
    let json = &text[text.find(".index=").expect("the manifest") + 7..];
    let index: serde_json::Value =
        serde_json::from_str(json.trim_end().trim_end_matches(';')).expect("the manifest's JSON");
    let keys = index["tokens"].as_array().expect("token keys");
    // "Alpha Foods": the word "alpha" is in the shard keyed "al".
    let n = keys.iter().position(|k| k == "al").expect("a shard for \"al\"");
    let shard = server.get(&format!("/search/t{n}.js"));
    assert_eq!(shard.status, 200);
    assert!(shard.text().contains("\"alpha\":["), "{}", shard.text());
    let entries = server.get("/search/e0.js");
    assert_eq!(entries.status, 200);
    assert!(entries.text().contains("\"Alpha Foods\""));
    assert_eq!(server.get(&format!("/search/t{}.js", keys.len())).status, 404);
    assert_eq!(server.get("/search/e0.json").status, 404);
}

#[test]
fn unknown_path_is_404_with_the_404_page() {
    let site = ServeSite::fixture();
    let server = Server::start(site.root());
    for path in ["/no-such-page/", "/accounts/nobody/", "/accounts/alpha-foods/x.html"] {
        let r = server.get(path);
        assert_eq!(r.status, 404, "{path}");
        assert_eq!(r.header("Content-Type"), Some("text/html; charset=utf-8"));
        assert_common_headers(&r, path);
        let text = r.text();
        // The site's own 404 page (it carries the site title), not the
        // server's bare fallback.
        assert!(
            text.contains("Serve Test Portfolio"),
            "{path}: the site's 404 page, got {text}"
        );
        let lower = text.to_ascii_lowercase();
        assert!(lower.contains("not found") || lower.contains("404"), "{path}");
        assert!(text.contains("/__planfolio/live"), "{path}: the script too");
    }
    let head = request(
        server.port,
        b"HEAD /no-such-page/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(head.status, 404);
    assert!(head.body.is_empty(), "HEAD of a 404 has no body");
}

#[test]
fn methods_other_than_get_and_head_are_405() {
    let site = ServeSite::fixture();
    let server = Server::start(site.root());
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        for path in ["/", "/accounts/alpha-foods/", "/__planfolio/live", "/nope"] {
            let raw = format!(
                "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\na=b"
            );
            let r = request(server.port, raw.as_bytes());
            assert_eq!(r.status, 405, "{method} {path}: {}", r.text());
            assert_eq!(r.header("Allow"), Some("GET, HEAD"), "{method} {path}");
            assert_common_headers(&r, &format!("{method} {path}"));
        }
    }
    // The site is untouched and still served.
    assert_html_page(&server.get("/"), "GET / after the 405s");
    assert_eq!(
        std::fs::read_to_string(site.path("content/accounts/alpha-foods.md")).expect("plan"),
        plan_text("Alpha Foods")
    );
}

#[test]
fn traversal_attempts_never_return_files_outside_the_site() {
    let site = ServeSite::fixture();
    let server = Server::start(site.root());
    let repo_cargo = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")).expect("Cargo.toml");
    // Text that only the files outside the built site contain.
    let secrets: Vec<(&str, String)> = vec![
        ("planfolio.yaml", "products: [Predict, Monitor]".to_string()),
        ("a plan's source", "owner: alex-king\nteam: [priya-shah]".to_string()),
        ("a team member's source", "title: Key Account Manager".to_string()),
        ("/etc/passwd", "root:x:0:0".to_string()),
        ("Cargo.toml", repo_cargo.lines().take(3).collect::<Vec<_>>().join("\n")),
    ];
    let targets = [
        "/../Cargo.toml",
        "/../planfolio.yaml",
        "/../../../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/%2E%2E/planfolio.yaml",
        "/..%2fplanfolio.yaml",
        "/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/accounts/..%2f..%2fplanfolio.yaml",
        "/static/../../planfolio.yaml",
        "/static/%2e%2e/%2e%2e/planfolio.yaml",
        "/a/..\\..\\x",
        "/a/..\\..\\planfolio.yaml",
        "/..\\planfolio.yaml",
        "/%5c..%5cplanfolio.yaml",
        "/%00",
        "/planfolio.yaml%00.html",
        "/%zz",
        "//etc/passwd",
        "///etc/passwd",
        "/planfolio.yaml",
        "/./planfolio.yaml",
        "/content/accounts/alpha-foods.md",
        "/content/team/alex-king.md",
        "http://x/../",
        "http://x/../planfolio.yaml",
        "http://127.0.0.1/../../etc/passwd",
        "../planfolio.yaml",
        "planfolio.yaml",
        "*",
    ];
    for target in targets {
        let raw = format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        let r = match try_request(server.port, raw.as_bytes()) {
            Ok(r) => r,
            // Refusing to answer at all is fine too.
            Err(e) => {
                eprintln!("GET {target}: no answer ({e})");
                continue;
            }
        };
        assert!(
            r.status == 404 || r.status == 400,
            "GET {target}: status {} (expected 404 or 400)",
            r.status
        );
        let body = r.text();
        for (what, secret) in &secrets {
            assert!(
                !body.contains(secret.as_str()),
                "GET {target} returned the contents of {what}"
            );
        }
    }
    // A traversal through HTTP/1.0 (no Host header) as well.
    let r = request(server.port, b"GET /../planfolio.yaml HTTP/1.0\r\n\r\n");
    assert!(r.status == 404 || r.status == 400, "HTTP/1.0: {}", r.status);
    assert!(!r.text().contains("products: [Predict, Monitor]"));
    assert_html_page(&server.get("/"), "GET / after the attempts");
}

#[test]
fn edit_on_disk_sends_reload_and_next_request_shows_it() {
    let site = ServeSite::fixture();
    let server = Server::start(site.root());
    let mut sse = Sse::open(server.port).expect("open the live stream");
    assert_eq!(sse.headers.status, 200);
    assert_eq!(
        sse.headers.header("Content-Type"),
        Some("text/event-stream; charset=utf-8")
    );
    assert_eq!(sse.headers.header("Cache-Control"), Some("no-store"));
    let g0 = initial_generation(&mut sse);

    let before = server.lines().len();
    let started = Instant::now();
    site.write_plan("alpha-foods", &plan_text("Alpha Foods Renamed"));
    let g1 = sse
        .reload_after(g0, PATIENCE)
        .unwrap_or_else(|| panic!("no reload event within {PATIENCE:?} of the edit"));
    eprintln!("reload event after {:?}", started.elapsed());
    assert!(g1 > g0);

    // The event is sent after the new site is in place: no polling needed.
    let page = server.get("/accounts/alpha-foods/");
    assert_html_page(&page, "plan after the edit");
    assert!(
        page.text().contains("Alpha Foods Renamed"),
        "the next GET shows the new name"
    );
    assert!(!page.text().contains(OVERLAY));
    assert!(server.get("/").text().contains("Alpha Foods Renamed"));

    let line = server
        .wait_for_line(before, PATIENCE, common::serve::is_rebuild_line)
        .expect("a rebuild line on stdout");
    assert!(
        line.starts_with("alpha-foods.md changed · ") && line.contains(" pages in "),
        "rebuild line: {line:?}"
    );

    // A second, later stream starts at the new generation.
    let mut late = Sse::open(server.port).expect("second stream");
    assert_eq!(initial_generation(&mut late), g1);
}

#[test]
fn yaml_error_shows_overlay_everywhere_and_the_fix_clears_it() {
    let site = ServeSite::fixture();
    let mut server = Server::start(site.root());
    let mut sse = Sse::open(server.port).expect("open the live stream");
    let g0 = initial_generation(&mut sse);

    let before = server.lines().len();
    let (broken, line) = broken_plan_text("Beta Rail Broken");
    site.write_plan("beta-rail", &broken);
    let g1 = sse
        .reload_after(g0, PATIENCE)
        .expect("a reload event for the broken build");
    let location = format!("content/accounts/beta-rail.md:{line}:");

    for path in [
        "/",
        "/accounts/alpha-foods/",
        "/accounts/gamma-water/",
        "/accounts/beta-rail/",
        "/team/alex-king/",
    ] {
        let r = server.get(path);
        assert_html_page(&r, path);
        let text = r.text();
        let overlay = text
            .find(OVERLAY)
            .unwrap_or_else(|| panic!("{path}: no overlay while the build has errors"));
        assert!(
            text[overlay..].contains(&location),
            "{path}: the overlay names {location}; got {}",
            &text[overlay..]
        );
        assert!(text[overlay..].contains("yaml-syntax"), "{path}: the code");
        assert!(overlay < text.rfind("</body>").expect("</body>"));
    }
    // The last good site stays browsable.
    let beta = server.get("/accounts/beta-rail/").text();
    assert!(beta.contains("Beta Rail"), "last good page of the broken plan");
    assert!(!beta.contains("Beta Rail Broken"));
    // So does a 404.
    let missing = server.get("/no-such-page/");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains(OVERLAY), "the 404 page shows it too");

    let reported = server
        .wait_for_line(before, PATIENCE, common::serve::is_rebuild_line)
        .expect("a rebuild line");
    assert_eq!(
        reported, "beta-rail.md changed · 1 error, shown in the browser",
        "console line for the broken build"
    );
    assert!(server.is_running(), "bad content never crashes the server");

    site.write_plan("beta-rail", &plan_text("Beta Rail Fixed"));
    sse.reload_after(g1, PATIENCE)
        .expect("a reload event for the fixed build");
    for path in ["/", "/accounts/alpha-foods/", "/accounts/beta-rail/"] {
        let r = server.get(path);
        assert_html_page(&r, path);
        assert!(!r.text().contains(OVERLAY), "{path}: the fix clears the overlay");
    }
    assert!(server.get("/accounts/beta-rail/").text().contains("Beta Rail Fixed"));
}

#[test]
fn new_plan_appears_and_deleted_plan_disappears() {
    let site = ServeSite::fixture();
    let server = Server::start(site.root());

    site.write_plan("delta-labs", &plan_text("Delta Labs"));
    let (ok, last) = server.get_until("/accounts/delta-labs/", PATIENCE, |r| r.status == 200);
    assert!(ok, "the new plan's page is served; last: {}", last.status);
    assert_html_page(&last, "new plan");
    assert!(last.text().contains("Delta Labs"));
    assert!(server.get("/").text().contains("Delta Labs"), "and listed");

    std::fs::remove_file(site.path("content/accounts/delta-labs.md")).expect("remove");
    let (ok, last) = server.get_until("/accounts/delta-labs/", PATIENCE, |r| r.status == 404);
    assert!(ok, "the deleted plan's page is gone; last: {}", last.status);
    assert!(!server.get("/").text().contains("Delta Labs"), "and unlisted");

    // A plan of the initial build goes too.
    std::fs::remove_file(site.path("content/accounts/gamma-water.md")).expect("remove");
    let (ok, _) = server.get_until("/accounts/gamma-water/", PATIENCE, |r| r.status == 404);
    assert!(ok, "gamma-water's page is gone");
    let index = server.get("/");
    assert_html_page(&index, "index");
    assert!(!index.text().contains("Gamma Water"));
    assert!(!index.text().contains(OVERLAY));
}

#[test]
fn twenty_streams_and_two_hundred_concurrent_requests_all_succeed() {
    let site = ServeSite::fixture();
    let server = Server::start(site.root());
    let mut streams: Vec<Sse> = (0..20)
        .map(|i| Sse::open(server.port).unwrap_or_else(|e| panic!("stream {i}: {e}")))
        .collect();
    let mut generation = 0;
    for s in &mut streams {
        assert_eq!(s.headers.status, 200);
        generation = initial_generation(s);
    }

    let paths = [
        "/",
        "/accounts/alpha-foods/",
        "/accounts/beta-rail/",
        "/accounts/gamma-water/",
        "/team/alex-king/",
        "/static/style.css",
        "/portfolio.json",
        "/no-such-page/",
    ];
    let port = server.port;
    let n = 200;
    let barrier = Arc::new(Barrier::new(n));
    let started = Instant::now();
    let handles: Vec<_> = (0..n)
        .map(|i| {
            let barrier = Arc::clone(&barrier);
            let path = paths[i % paths.len()];
            std::thread::spawn(move || {
                barrier.wait();
                let r = try_request(port, &get_request(path));
                (path, r.map(|r| (r.status, r.body.len())))
            })
        })
        .collect();
    let mut failures = Vec::new();
    for h in handles {
        let (path, result) = h.join().expect("request thread");
        let expected = if path == "/no-such-page/" { 404 } else { 200 };
        match result {
            Ok((status, len)) if status == expected && len > 0 => {}
            other => failures.push(format!("{path}: {other:?}")),
        }
    }
    let took = started.elapsed();
    eprintln!("{n} concurrent requests with 20 open streams took {took:?}");
    assert!(failures.is_empty(), "failed requests: {failures:#?}");

    // Every stream is still alive and hears the next rebuild.
    site.write_plan("gamma-water", &plan_text("Gamma Water Again"));
    for (i, s) in streams.iter_mut().enumerate() {
        assert!(
            s.reload_after(generation, PATIENCE).is_some(),
            "stream {i} got no reload event after the requests"
        );
    }
}

#[test]
fn burst_of_300_writes_is_coalesced_into_few_rebuilds() {
    let site = ServeSite::fixture();
    let server = Server::start(site.root());
    let skip = server.lines().len();

    let writes = 300;
    let started = Instant::now();
    let mut last_name = std::collections::BTreeMap::new();
    for i in 0..writes {
        let (id, name) = common::serve::SERVE_SITE_PLANS[i % common::serve::SERVE_SITE_PLANS.len()];
        let new_name = format!("{name} v{i}");
        // In place: the server sees truncated files mid-burst too.
        site.write_plan_in_place(id, &plan_text(&new_name));
        last_name.insert(id, new_name);
    }
    let burst = started.elapsed();

    // The served site ends up matching the files.
    for (id, name) in &last_name {
        let path = format!("/accounts/{id}/");
        let (ok, last) = server.get_until(&path, PATIENCE, |r| {
            r.status == 200 && r.text().contains(name.as_str()) && !r.text().contains(OVERLAY)
        });
        assert!(
            ok,
            "{path} never showed {name:?} without overlay; last: {} {}",
            last.status,
            last.text()
        );
    }
    let index = server.get("/").text();
    for name in last_name.values() {
        assert!(index.contains(name.as_str()), "the dashboard lists {name}");
    }
    // Then wait until the console has been quiet for longer than one
    // coalescing window plus a rebuild, so every rebuild is counted.
    let mut count = server.lines().len();
    let mut quiet_since = Instant::now();
    let quiet = poll_until(PATIENCE, || {
        let now = server.lines().len();
        if now != count {
            count = now;
            quiet_since = Instant::now();
        }
        quiet_since.elapsed() > Duration::from_millis(1500)
    });
    assert!(quiet, "the server kept rebuilding: {:?}", server.lines());

    let rebuilds: Vec<String> = server.lines()[skip..]
        .iter()
        .filter(|l| common::serve::is_rebuild_line(l))
        .cloned()
        .collect();
    // Bound: a burst ends either after 400 ms (MAX_DELAY) or after 30 ms
    // without events (QUIET). While the writes go on, at most
    // ceil(burst / 400 ms) bursts end by the first rule; the second only
    // ends a burst when the machine stalls the writer or the watcher for 30
    // ms in the middle of a tight loop, which we allow 10 times. Without
    // coalescing there would be at least one rebuild per write (300).
    let bound = 10 + burst.as_millis().div_ceil(400) as usize;
    eprintln!(
        "{writes} writes in {burst:?} gave {} rebuilds (bound {bound}): {rebuilds:#?}",
        rebuilds.len()
    );
    assert!(!rebuilds.is_empty(), "no rebuild at all");
    assert!(
        rebuilds.len() <= bound,
        "{} rebuilds for {writes} writes in {burst:?} (bound {bound}): {rebuilds:#?}",
        rebuilds.len()
    );
    let last = rebuilds.last().expect("a rebuild");
    assert!(last.contains(" pages in "), "the last rebuild succeeded: {last:?}");
}

#[test]
fn editor_leftovers_cause_no_rebuild() {
    let site = ServeSite::fixture();
    let server = Server::start(site.root());
    let skip = server.lines().len();

    let dir = site.path("content/accounts");
    let leftovers = [
        ".x.md.swp",
        "x.md~",
        "#x.md#",
        ".alpha-foods.md.swp",
        "alpha-foods.md~",
        "#alpha-foods.md#",
        "4913",
    ];
    for name in leftovers {
        std::fs::write(dir.join(name), "scratch: [").expect("write leftover");
    }
    for name in leftovers {
        std::fs::write(dir.join(name), "scratch: [again").expect("rewrite leftover");
    }
    // vim's write probe: created and removed at once.
    std::fs::remove_file(dir.join("4913")).expect("remove 4913");
    std::fs::remove_file(dir.join("x.md~")).expect("remove x.md~");

    // An absence cannot be awaited, so real edits serve as markers: the
    // watcher reports events in order, so a rebuild caused by the leftovers
    // would come before the first real edit's (or share its line, naming
    // them). The real edit gives exactly one rebuild, naming only the real
    // file; a second real edit bounds the count without a sleep.
    site.write_plan("alpha-foods", &plan_text("Alpha Foods Edited"));
    let line = server
        .wait_for_line(skip, PATIENCE, common::serve::is_rebuild_line)
        .expect("a rebuild after a real edit");
    assert!(
        line.starts_with("alpha-foods.md changed · "),
        "editor leftovers caused a rebuild, or share it: {line:?}"
    );
    site.write_plan("beta-rail", &plan_text("Beta Rail Marker"));
    server
        .wait_for_line(skip, PATIENCE, |l| l.starts_with("beta-rail.md changed · "))
        .expect("a rebuild after the marker edit");
    let rebuilds: Vec<String> = server.lines()[skip..]
        .iter()
        .filter(|l| common::serve::is_rebuild_line(l))
        .cloned()
        .collect();
    assert_eq!(
        rebuilds.len(),
        2,
        "one rebuild per real edit, none for the leftovers: {rebuilds:?}"
    );
    assert!(rebuilds[0].starts_with("alpha-foods.md changed · "), "{rebuilds:?}");
    let page = server.get("/accounts/alpha-foods/").text();
    assert!(page.contains("Alpha Foods Edited"));
    assert!(!page.contains(OVERLAY), "leftovers are not parsed");
}

/// Whether the server has neither closed `stream` nor written to it.
fn still_open(stream: &TcpStream) -> bool {
    stream.set_nonblocking(true).expect("non-blocking");
    let mut byte = [0u8; 1];
    let open = matches!(stream.peek(&mut byte), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock);
    stream.set_nonblocking(false).expect("blocking");
    open
}

#[test]
fn slow_and_half_open_clients_do_not_stall_others() {
    let site = ServeSite::fixture();
    let server = Server::start(site.root());

    // More half-open connections than the server has page workers (8).
    let mut idle: Vec<TcpStream> = Vec::new();
    for i in 0..16 {
        let mut s = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
        match i % 4 {
            0 => {}                                                        // says nothing
            1 => s.write_all(b"GET /accounts/al").expect("write"),         // half a line
            2 => s.write_all(b"GET / HTTP/1.1\r\nHost: 127.").expect("w"), // half a header
            _ => s
                .write_all(b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nab")
                .expect("write"), // half a body
        }
        idle.push(s);
    }
    std::thread::sleep(Duration::from_millis(200));

    let started = Instant::now();
    let mut seen = BTreeSet::new();
    for i in 0..30 {
        let path = ["/", "/accounts/alpha-foods/", "/static/style.css"][i % 3];
        let r = server.get(path);
        assert_eq!(r.status, 200, "{path} while clients hang");
        // Not a stopwatch but the server's own clock: had the hanging
        // clients held the workers, this answer would have waited for the
        // server to time them out and close them. Every one that has not
        // sent a whole request must still be open.
        let closed: Vec<usize> = (0..idle.len())
            .filter(|&j| j % 4 != 3 && !still_open(&idle[j]))
            .collect();
        assert!(
            closed.is_empty(),
            "{path} was answered only after the server closed hanging clients {closed:?}"
        );
        seen.insert(path);
    }
    eprintln!("30 requests next to 16 half-open clients: {:?}", started.elapsed());
    assert_eq!(seen.len(), 3);

    // Live reload still works next to them.
    let mut sse = Sse::open(server.port).expect("stream");
    let g = initial_generation(&mut sse);
    site.write_plan("alpha-foods", &plan_text("Alpha Foods Busy"));
    assert!(sse.reload_after(g, PATIENCE).is_some());
    drop(idle);
    assert_html_page(&server.get("/"), "after the idle clients left");
}

#[test]
fn config_static_and_theme_changes_are_picked_up() {
    let site = ServeSite::fixture();
    let server = Server::start(site.root());

    // planfolio.yaml: every page shows the new title.
    site.write("planfolio.yaml", CONFIG_RENAMED);
    let (ok, last) = server.get_until("/accounts/beta-rail/", PATIENCE, |r| {
        r.text().contains("Renamed Portfolio")
    });
    assert!(ok, "the new site title never showed: {}", last.text());
    assert!(server.get("/").text().contains("Renamed Portfolio"));

    // static/: copied to the output root (the folder appears after start).
    site.write("static/hello.txt", "hello from static\n");
    let (ok, last) = server.get_until("/hello.txt", PATIENCE, |r| r.status == 200);
    assert!(ok, "static/hello.txt never served: {}", last.status);
    assert_eq!(last.text(), "hello from static\n");
    assert_eq!(last.header("Content-Type"), Some("text/plain; charset=utf-8"));

    // theme/static: adds an asset under static/.
    site.write("theme/static/extra.css", "body { color: #123456; }\n");
    let (ok, last) = server.get_until("/static/extra.css", PATIENCE, |r| r.status == 200);
    assert!(ok, "theme/static/extra.css never served: {}", last.status);
    assert!(last.text().contains("#123456"));

    // theme/templates: a broken override shows the overlay; removing it
    // clears it.
    site.write("theme/templates/plan.html", "{% if %}broken{% endif %}\n");
    let (ok, last) = server.get_until("/", PATIENCE, |r| r.text().contains(OVERLAY));
    assert!(ok, "no overlay for a broken template: {}", last.text());
    let text = last.text();
    let overlay = &text[text.find(OVERLAY).expect("overlay")..];
    assert!(overlay.contains("plan.html"), "names the template: {overlay}");
    assert_html_page(&server.get("/accounts/alpha-foods/"), "plan with a broken theme");
    std::fs::remove_file(site.path("theme/templates/plan.html")).expect("remove");
    let (ok, last) = server.get_until("/accounts/alpha-foods/", PATIENCE, |r| {
        r.status == 200 && !r.text().contains(OVERLAY)
    });
    assert!(ok, "the overlay stayed after the fix: {}", last.text());
    assert!(last.text().contains("Renamed Portfolio"));
}

const CONFIG_RENAMED: &str = "\
title: Renamed Portfolio
currency: GBP
products: [Predict, Monitor]
";

#[test]
fn percent_encoded_paths_of_real_pages_are_served() {
    let site = ServeSite::fixture();
    let server = Server::start(site.root());
    for path in ["/accounts/alpha%2Dfoods/", "/%61ccounts/alpha-foods/index%2Ehtml"] {
        let r = server.get(path);
        assert_html_page(&r, path);
        assert!(r.text().contains("Alpha Foods"), "{path}");
    }
}

/// A page that reloads (each save, or the user pressing F5) closes its
/// stream and opens a new one. Streams whose client has gone must not keep
/// counting against the limit of open streams (512): beyond it a page is
/// refused (503) and must wait before it can live-reload again.
#[test]
fn streams_of_clients_that_left_are_released() {
    let site = ServeSite::fixture();
    let server = Server::start(site.root());
    let mut statuses = Vec::new();
    for _ in 0..80 {
        let mut sse = Sse::open(server.port).expect("open a stream");
        statuses.push(sse.headers.status);
        if sse.headers.status == 200 {
            // Read the connect event like a browser does, then leave.
            initial_generation(&mut sse);
        }
        drop(sse);
    }
    let refused = statuses.iter().filter(|s| **s != 200).count();
    assert_eq!(
        refused,
        0,
        "{refused} of 80 successive (open, read, close) streams were refused; \
         first refusal at #{:?} with status {:?}",
        statuses.iter().position(|s| *s != 200).map(|i| i + 1),
        statuses.iter().find(|s| **s != 200)
    );
}

/// HEAD answers headers only, the live-reload path included.
#[test]
fn head_of_the_live_stream_has_no_body() {
    let site = ServeSite::fixture();
    let server = Server::start(site.root());
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    stream
        .write_all(b"HEAD /__planfolio/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .expect("write");
    stream.set_read_timeout(Some(Duration::from_secs(3))).expect("timeout");
    let mut bytes = Vec::new();
    let mut buf = [0u8; 4096];
    // Read what comes within 3 s (the server may close sooner).
    while let Ok(n) = std::io::Read::read(&mut stream, &mut buf) {
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&bytes);
    let end = text.find("\r\n\r\n").expect("response headers");
    assert!(
        text[end + 4..].is_empty(),
        "HEAD /__planfolio/live sent a body: {:?}",
        &text[end + 4..]
    );
}

/// An idle stream gets a keep-alive comment (every 10 s), which keeps
/// proxies and browsers from timing it out.
#[test]
fn idle_stream_gets_keep_alive_comments() {
    let site = ServeSite::fixture();
    let server = Server::start(site.root());
    let mut sse = Sse::open(server.port).expect("open a stream");
    let g = initial_generation(&mut sse);
    let started = Instant::now();
    let comment = sse.next_comment(PATIENCE).expect("a keep-alive comment");
    eprintln!("keep-alive {comment:?} after {:?}", started.elapsed());
    // The stream still works after it.
    site.write_plan("alpha-foods", &plan_text("Alpha Foods Awake"));
    assert!(sse.reload_after(g, PATIENCE).is_some());
}

/// `serve`, `check` and `build` run the same validations (issue 20, target
/// 3): a site static file standing where the site's pages go is an error
/// in `check`, stops `build`, and shows in serve's overlay at the same
/// place, with the same code and message.
#[test]
fn the_overlay_lists_the_static_file_problems_check_reports() {
    let site = ServeSite::fixture();
    let server = Server::start(site.root());
    // Plan pages are written to `accounts/<id>/index.html`, so a file
    // `static/accounts` (copied to `accounts`) cannot be written.
    site.write("static/accounts", "not a folder\n");

    let errors = check_errors(site.root());
    assert_eq!(errors.len(), 1, "one error, at static/accounts: {errors:?}");
    let error = &errors[0];
    assert_eq!(error["file"], "static/accounts");
    assert_eq!(error["code"], "invalid-value");

    let build = std::process::Command::new(env!("CARGO_BIN_EXE_planfolio"))
        .arg("--root")
        .arg(site.root())
        .args(["build", "--today", common::TODAY, "--out"])
        .arg(site.path("out"))
        .output()
        .expect("run planfolio build");
    assert_eq!(build.status.code(), Some(1), "build refuses the conflict");
    assert!(
        String::from_utf8_lossy(&build.stderr).contains("static/accounts"),
        "build names the file: {}",
        String::from_utf8_lossy(&build.stderr)
    );

    let (ok, last) = server.get_until("/", PATIENCE, |r| r.text().contains(OVERLAY));
    assert!(ok, "no overlay for static/accounts: {}", last.text());
    let text = last.text();
    let overlay = &text[text.find(OVERLAY).expect("overlay")..];
    let location = format!("static/accounts:{}:{}", error["line"], error["column"]);
    assert!(overlay.contains(&location), "the overlay names {location}: {overlay}");
    assert!(
        overlay.contains("invalid-value"),
        "the overlay gives the code: {overlay}"
    );
    // The overlay is HTML: the apostrophe in "site's" comes escaped.
    let message = error["message"].as_str().expect("message").replace('\'', "&#x27;");
    assert!(
        overlay.contains(&message),
        "the overlay gives check's message {message:?}: {overlay}"
    );
}

/// A site template that parses but fails rendering a page is reported by
/// serve where `check` reports it: at the template's file, line and column
/// (issue 20, target 3; SPEC §8: the overlay lists file:line).
#[test]
fn a_template_failing_on_a_page_is_located_as_check_locates_it() {
    let site = ServeSite::fixture();
    // Line 2, column 7 is where the unknown value is named.
    site.write("theme/templates/plan.html", "<p>plan</p>\n<p>{{ no_such_value }}</p>\n");

    let errors = check_errors(site.root());
    assert_eq!(errors.len(), 1, "one error, in plan.html: {errors:?}");
    assert_eq!(errors[0]["file"], "theme/templates/plan.html");
    assert_eq!(errors[0]["code"], "template-error");
    assert_eq!(
        (errors[0]["line"].as_u64(), errors[0]["column"].as_u64()),
        (Some(2), Some(7))
    );

    let server = Server::start(site.root());
    let page = server.get("/accounts/alpha-foods/");
    assert_eq!(page.status, 500, "the plan page cannot render: {}", page.text());
    let text = page.text();
    let overlay = &text[text.find(OVERLAY).expect("an overlay on the failed page")..];
    assert!(
        overlay.contains("theme/templates/plan.html:2:7"),
        "the overlay locates the error as check does: {overlay}"
    );
    assert!(overlay.contains("template-error"), "with check's code: {overlay}");
    assert!(overlay.contains("no_such_value"), "naming the value: {overlay}");
}

/// The errors `planfolio check --format json` reports for the site at
/// `root`, which must fail (exit 1).
fn check_errors(root: &std::path::Path) -> Vec<serde_json::Value> {
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_planfolio"))
        .arg("--root")
        .arg(root)
        .args(["check", "--format", "json", "--today", common::TODAY])
        .output()
        .expect("run planfolio check");
    assert_eq!(
        check.status.code(),
        Some(1),
        "check fails: {}",
        String::from_utf8_lossy(&check.stdout)
    );
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).expect("check's JSON report");
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["severity"] == "error")
        .cloned()
        .collect()
}
