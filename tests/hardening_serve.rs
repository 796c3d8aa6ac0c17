//! Hardening of `planfolio serve` (issue 11, points 2 and 3): no page is
//! served stale after a change of portfolio-wide figures, and every open
//! page hears every reload, up to a documented number of streams beyond
//! which new streams are refused with 503 and `Retry-After`; and the
//! issue's consistency check: 300 plans, every kind of change.

mod support;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use support::{Server, Site, Sse, plan_text, poll_until};

/// Generous deadline for conditions polled on a busy machine.
const PATIENCE: Duration = Duration::from_secs(90);

/// Live-reload streams the server keeps at once (README, "serve").
const MAX_STREAMS: usize = 512;

/// Every file of a fresh `planfolio build` of `root`, by path relative to the output.
fn fresh_build(root: &Path) -> Vec<(String, Vec<u8>)> {
    let out = tempfile::tempdir().expect("tempdir");
    let site_out = out.path().join("public");
    let o = Command::new(env!("CARGO_BIN_EXE_planfolio"))
        .env_remove("SOURCE_DATE_EPOCH")
        .arg("--root")
        .arg(root)
        .arg("build")
        .arg("--out")
        .arg(&site_out)
        .args(["--today", support::TODAY])
        .output()
        .expect("run planfolio build");
    assert!(
        o.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let mut files = Vec::new();
    let mut dirs = vec![site_out.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("read output folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                let rel = path
                    .strip_prefix(&site_out)
                    .expect("inside the output")
                    .to_string_lossy()
                    .replace('\\', "/");
                files.push((rel, std::fs::read(&path).expect("read output file")));
            }
        }
    }
    files.sort();
    files
}

/// A served page without what only the preview adds: the live-reload
/// script (the `<script>` element that opens `/__planfolio/live`).
fn without_live_script(body: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(body);
    let Some(at) = text.find("/__planfolio/live") else {
        return body.to_vec();
    };
    let start = text[..at].rfind("<script>").expect("the live script's start");
    let end = at + text[at..].find("</script>").expect("the live script's end") + "</script>".len();
    format!("{}{}", &text[..start], &text[end..]).into_bytes()
}

/// The served files that differ from a fresh build's (empty when all agree).
fn stale_files(server: &Server, built: &[(String, Vec<u8>)]) -> Vec<String> {
    built
        .iter()
        .filter_map(|(rel, bytes)| {
            let r = server.get(&format!("/{rel}"));
            let body = if rel.ends_with(".html") {
                without_live_script(&r.body)
            } else {
                r.body.clone()
            };
            (r.status != 200 || body != *bytes).then(|| format!("{rel} (status {})", r.status))
        })
        .collect()
}

/// Asserts that, soon after a change, every file `serve` returns equals
/// the one a fresh build writes (a stale cached page never catches up).
#[track_caller]
fn assert_serves_a_fresh_build(server: &Server, site: &Site, after: &str) {
    let built = fresh_build(site.root());
    let deadline = Instant::now() + PATIENCE;
    loop {
        let stale = stale_files(server, &built);
        if stale.is_empty() {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "after {after}, these differ from a fresh build: {stale:#?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A plan that declares its segment.
fn declared_key_plan(name: &str) -> String {
    format!(
        "---\nname: {name}\nowner: alex-king\nteam: [priya-shah]\nindustry: Testing\nsegment: key\n---\n\
         ## Customer overview\n\nA fixture account that declares its segment.\n"
    )
}

#[test]
fn every_page_matches_a_fresh_build_after_portfolio_wide_changes() {
    let site = Site::fixture();
    for i in 0..9 {
        site.write_plan(&format!("extra-{i}"), &plan_text(&format!("Extra Account {i}")));
    }
    let server = Server::start(site.root());
    let mut sse = Sse::open(server.port).expect("open a live stream");
    let _ = sse.next_event(PATIENCE).expect("the connect event");

    // Fill the cache: every page of the site is asked for once.
    assert_serves_a_fresh_build(&server, &site, "the first build");

    std::fs::remove_file(site.path(&Site::plan_rel("beta-rail"))).expect("delete a plan");
    assert_serves_a_fresh_build(&server, &site, "deleting beta-rail.md");
    assert_eq!(
        server.get("/accounts/beta-rail/").status,
        404,
        "the deleted plan's page is gone"
    );

    site.write_plan("gamma-water", &declared_key_plan("Gamma Water"));
    assert_serves_a_fresh_build(&server, &site, "declaring `segment: key`");

    std::fs::create_dir_all(site.path("content/accounts/_archive")).expect("create an ignored folder");
    std::fs::rename(
        site.path(&Site::plan_rel("extra-3")),
        site.path("content/accounts/_archive/extra-3.md"),
    )
    .expect("move a plan into an ignored folder");
    assert_serves_a_fresh_build(&server, &site, "moving extra-3.md into _archive/");
    assert_eq!(server.get("/accounts/extra-3/").status, 404);
}

#[test]
fn every_open_stream_hears_every_reload_and_one_too_many_is_refused() {
    let site = Site::fixture();
    let server = Server::start(site.root());
    let mut streams = Vec::with_capacity(MAX_STREAMS);
    let mut generation = 0;
    for i in 0..MAX_STREAMS {
        let mut sse = Sse::open(server.port).unwrap_or_else(|e| panic!("stream {i}: {e}"));
        assert_eq!(sse.headers.status, 200, "stream {i} was refused");
        let first = sse
            .next_event(PATIENCE)
            .unwrap_or_else(|| panic!("stream {i}: no connect event"));
        generation = first.data.trim().parse().expect("a generation");
        streams.push(sse);
    }

    // One more is refused, with a hint of when to come back.
    let extra = Sse::open(server.port).expect("connect the extra stream");
    assert_eq!(extra.headers.status, 503, "stream {} of {MAX_STREAMS}", MAX_STREAMS + 1);
    let retry = extra.headers.header("Retry-After").expect("a Retry-After header");
    assert!(
        retry.parse::<u32>().is_ok_and(|s| s > 0),
        "Retry-After is a number of seconds: {retry:?}"
    );
    drop(extra);

    // Two edits: every open stream hears each of them.
    for (round, name) in ["Alpha Foods Renamed", "Alpha Foods Again"].iter().enumerate() {
        site.write_plan("alpha-foods", &plan_text(name));
        let mut deaf = Vec::new();
        let mut newest = generation;
        for (i, s) in streams.iter_mut().enumerate() {
            match s.reload_after(generation, PATIENCE) {
                Some(g) => newest = newest.max(g),
                None => deaf.push(i),
            }
        }
        assert!(
            deaf.is_empty(),
            "edit {}: {} of {MAX_STREAMS} streams got no reload, the first {:?}",
            round + 1,
            deaf.len(),
            &deaf[..deaf.len().min(10)]
        );
        generation = newest;
    }

    // A client that leaves frees its place for a new one.
    drop(streams.pop());
    let mut status = 0;
    let admitted = poll_until(PATIENCE, || {
        status = Sse::open(server.port).map_or(0, |s| s.headers.status);
        status == 200
    });
    assert!(admitted, "no stream admitted after one left (last status {status})");
}

/// A plan with a revenue goal, so potentials (and with them segments) vary.
fn plan_with_goal(name: &str, aspirational: u64) -> String {
    format!(
        "---\nname: {name}\nowner: alex-king\nteam: [priya-shah]\nindustry: Testing\n\
         financials:\n  revenue_goal:\n    minimum: 0\n    just_right: 0\n    aspirational: {aspirational}\n---\n\
         ## Customer overview\n\nA fixture account of the consistency test.\n"
    )
}

/// The built-in `base.html` with `marker` added to its footer (or before
/// `</body>`), as a site's override of it.
fn base_template_with(marker: &str) -> String {
    let builtin = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("theme/templates/base.html"))
        .expect("the built-in base.html");
    let at = builtin
        .find("</footer>")
        .or_else(|| builtin.rfind("</body>"))
        .expect("a footer or a body end in base.html");
    format!("{}<p>{marker}</p>{}", &builtin[..at], &builtin[at..])
}

/// One change made to the site on disk.
type Change<'a> = Box<dyn Fn() + 'a>;

/// Issue 11, "Done when": on a site of 300 plans with a fixed potential
/// threshold, after each kind of change, every file `serve` returns (the
/// live-reload script aside) equals what a fresh build writes; every file
/// is asked for before each change, so the cache is full.
#[test]
fn three_hundred_plans_every_kind_of_change_serves_a_fresh_build() {
    let site = Site::fixture();
    let config = format!(
        "{}segmentation:\n  potential:\n    high_from: 100000\n",
        support::CONFIG
    );
    site.write("planfolio.yaml", &config);
    for i in 0..297 {
        site.write_plan(
            &format!("acct-{i:03}"),
            &plan_with_goal(&format!("Account {i:03}"), (i % 7) * 50_000),
        );
    }
    site.write("static/notes.txt", "first notes\n");
    let server = Server::start(site.root());
    assert_serves_a_fresh_build(&server, &site, "the first build");

    let steps: Vec<(&str, Change)> = vec![
        (
            "an edit",
            Box::new(|| site.write_plan("acct-010", &plan_with_goal("Account Ten Edited", 900_000))),
        ),
        (
            "a delete",
            Box::new(|| std::fs::remove_file(site.path(&Site::plan_rel("acct-020"))).expect("delete")),
        ),
        (
            "a rename",
            Box::new(|| {
                std::fs::rename(
                    site.path(&Site::plan_rel("acct-030")),
                    site.path(&Site::plan_rel("acct-030-renamed")),
                )
                .expect("rename")
            }),
        ),
        (
            "a move into an ignored folder",
            Box::new(|| {
                std::fs::create_dir_all(site.path("content/accounts/_old")).expect("mkdir");
                std::fs::rename(
                    site.path(&Site::plan_rel("acct-040")),
                    site.path("content/accounts/_old/acct-040.md"),
                )
                .expect("move")
            }),
        ),
        (
            "a declared segment",
            Box::new(|| site.write_plan("acct-050", &declared_key_plan("Account 050"))),
        ),
        (
            "a config change",
            Box::new(|| {
                site.write(
                    "planfolio.yaml",
                    &config
                        .replace("Serve Test Portfolio", "Renamed Portfolio")
                        .replace("100000", "150000"),
                )
            }),
        ),
        (
            "a theme template change",
            Box::new(|| site.write("theme/templates/base.html", &base_template_with("theme-marker-1"))),
        ),
        (
            "a static file change",
            Box::new(|| site.write("static/notes.txt", "second notes\n")),
        ),
    ];
    for (what, change) in steps {
        change();
        assert_serves_a_fresh_build(&server, &site, what);
    }
    for gone in ["acct-020", "acct-030", "acct-040"] {
        assert_eq!(server.get(&format!("/accounts/{gone}/")).status, 404, "{gone}");
    }
}
