//! `planfolio serve`: builds the site in memory, serves it over HTTP,
//! rebuilds on change and tells open pages to reload.

pub mod inject;
pub mod state;
pub mod watch;

use state::{Builder, Shared};
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

/// The live-reload event stream's path.
pub const LIVE_PATH: &str = "/__planfolio/live";
/// Most live-reload streams open at once; a new stream beyond this is
/// refused with 503 and `Retry-After` (an open page is never cut off).
pub const MAX_STREAMS: usize = 512;
/// Seconds a refused stream is asked to wait before trying again.
pub const RETRY_AFTER_SECS: u32 = 5;
/// Threads answering page requests.
pub const WORKERS: usize = 8;
/// How often an idle stream sends a keep-alive comment (and so notices a closed client).
const KEEPALIVE: Duration = Duration::from_secs(5);
/// After a reload event the page usually closes its stream to reload; two
/// early comments notice that (the second write to a closed socket fails)
/// and free its place within about a second rather than ten.
const PROBE_AFTER_RELOAD: Duration = Duration::from_millis(500);
/// Stack of a stream's thread: it only waits and writes short lines.
const STREAM_STACK: usize = 128 * 1024;

/// Count of open live-reload streams.
#[derive(Default)]
struct Streams {
    open: AtomicUsize,
}

impl Streams {
    /// Takes a place for a new stream, or `None` when all are taken.
    fn admit(self: &Arc<Self>) -> Option<StreamSlot> {
        self.open
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < MAX_STREAMS).then_some(n + 1)
            })
            .ok()?;
        Some(StreamSlot(Arc::clone(self)))
    }
}

/// A stream's place, given back when the stream ends (even by a panic).
struct StreamSlot(Arc<Streams>);

impl Drop for StreamSlot {
    fn drop(&mut self) {
        self.0.open.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Options of `planfolio serve`.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    pub today: chrono::NaiveDate,
    pub open: bool,
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap_or_else(|()| {
        Header::from_bytes(&b"X-Planfolio"[..], &b"invalid-header"[..]).expect("static header is valid")
    })
}

/// The Content-Type of an output path.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Maps a request URL to a key of the in-memory site, or `None` for any
/// path that tries to leave it (`..`, backslashes, NUL, bad encoding).
pub fn site_path(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    if decoded.contains(['\\', '\0']) || !decoded.starts_with('/') {
        return None;
    }
    let mut parts = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return None,
            s => parts.push(s),
        }
    }
    let mut key = parts.join("/");
    if key.is_empty() || decoded.ends_with('/') {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Some(key)
}

fn respond(request: Request, status: u16, content_type: &str, body: Vec<u8>) {
    let head = *request.method() == Method::Head;
    let len = body.len();
    let mut response = Response::new(
        StatusCode(status),
        vec![
            header("Content-Type", content_type),
            header("Cache-Control", "no-store"),
            header("X-Content-Type-Options", "nosniff"),
        ],
        std::io::Cursor::new(if head { Vec::new() } else { body }),
        Some(len),
        None,
    );
    if status == 405 {
        response.add_header(header("Allow", "GET, HEAD"));
    }
    if status == 503 {
        response.add_header(header("Retry-After", &RETRY_AFTER_SECS.to_string()));
    }
    let _ = request.respond(response);
}

fn html_response(request: Request, status: u16, html: &str, generation: u64, errors: &[inject::OverlayItem]) {
    respond(
        request,
        status,
        "text/html; charset=utf-8",
        inject::inject(html, generation, errors).into_bytes(),
    );
}

fn handle_page(shared: &Shared, request: Request) {
    let (site, errors, generation) = shared.current();
    let Some(site) = site else {
        // No good build yet: every page is the overlay.
        let page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>planfolio</title></head><body><h1>The site has not built yet</h1><p>Fix the errors below; the page reloads by itself.</p></body></html>";
        return html_response(request, 200, page, generation, &errors);
    };
    let key = site_path(request.url());
    let mut found = None;
    for path in key.iter().flat_map(|k| [k.clone(), format!("{k}/index.html")]) {
        match site.get(&path) {
            Ok(Some(bytes)) => {
                found = Some((path, bytes));
                break;
            }
            Ok(None) => {}
            Err(e) => {
                // A template that fails on this page: show it like any other error.
                let mut errors = (*errors).clone();
                errors.push(inject::OverlayItem {
                    location: e.template.clone(),
                    code: "template".into(),
                    message: e.message,
                });
                let page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Template error</title></head><body><h1>This page could not be rendered</h1></body></html>";
                return html_response(request, 500, page, generation, &errors);
            }
        }
    }
    match found {
        Some((path, bytes)) => {
            let ctype = content_type(&path);
            let body = if ctype.starts_with("text/html") {
                inject::inject(&String::from_utf8_lossy(&bytes), generation, &errors).into_bytes()
            } else {
                bytes.to_vec()
            };
            respond(request, 200, ctype, body);
        }
        None => {
            let page = match site.get("404.html") {
                Ok(Some(b)) => String::from_utf8_lossy(&b).into_owned(),
                _ => "<!doctype html><title>Not found</title><h1>Not found</h1>".to_string(),
            };
            // 404.html links relative to the site root; at any depth, a base makes them resolve.
            let page = match page.find("<head>") {
                Some(i) => format!("{}<head><base href=\"/\">{}", &page[..i], &page[i + 6..]),
                None => page,
            };
            html_response(request, 404, &page, generation, &errors);
        }
    }
}

/// Streams a reload event after each rebuild until the client goes away
/// (noticed when a write fails) or the server stops; the socket closes when
/// the stream is dropped.
fn stream_events(shared: &Shared, request: Request) {
    let response = Response::empty(StatusCode(200))
        .with_header(header("Content-Type", "text/event-stream; charset=utf-8"))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"));
    // `upgrade` hands over the raw socket after the headers, so each event is
    // written and flushed at once (a chunked body would be buffered).
    let mut stream = request.upgrade("planfolio-live", response);
    let mut seen = *shared.generation.lock().unwrap_or_else(|e| e.into_inner());
    let mut ok = write!(stream, "retry: 1000\n\nevent: reload\ndata: {seen}\n\n")
        .and_then(|()| stream.flush())
        .is_ok();
    let mut early_probes = 0;
    while ok && !shared.shutdown.load(Ordering::Relaxed) {
        let wait = if early_probes > 0 {
            early_probes -= 1;
            PROBE_AFTER_RELOAD
        } else {
            KEEPALIVE
        };
        let guard = shared.generation.lock().unwrap_or_else(|e| e.into_inner());
        let (guard, _) = shared
            .changed
            .wait_timeout_while(guard, wait, |g| *g == seen)
            .unwrap_or_else(|e| e.into_inner());
        let current = *guard;
        drop(guard);
        let message = if current != seen {
            seen = current;
            early_probes = 2;
            format!("event: reload\ndata: {current}\n\n")
        } else {
            ": keep-alive\n\n".to_string()
        };
        ok = stream
            .write_all(message.as_bytes())
            .and_then(|()| stream.flush())
            .is_ok();
    }
}

/// Starts a live-reload stream on its own thread, or answers 503 with
/// `Retry-After` when `MAX_STREAMS` are open (or no thread can be started).
fn open_stream(shared: &Arc<Shared>, streams: &Arc<Streams>, request: Request) {
    if *request.method() == Method::Head {
        return respond(request, 200, "text/event-stream; charset=utf-8", Vec::new());
    }
    let refuse = |request: Request| {
        respond(
            request,
            503,
            "text/plain; charset=utf-8",
            format!("503 Service Unavailable: {MAX_STREAMS} live-reload streams are open; retry later\n").into_bytes(),
        );
    };
    let Some(slot) = streams.admit() else {
        return refuse(request);
    };
    // The request goes to the thread once it runs, so a failed spawn can
    // still be answered here.
    let (tx, rx) = std::sync::mpsc::channel::<Request>();
    let shared = Arc::clone(shared);
    let spawned = std::thread::Builder::new()
        .name("planfolio-live".into())
        .stack_size(STREAM_STACK)
        .spawn(move || {
            let _slot = slot;
            if let Ok(request) = rx.recv() {
                stream_events(&shared, request);
            }
        });
    match spawned {
        Ok(_) => {
            if let Err(std::sync::mpsc::SendError(request)) = tx.send(request) {
                refuse(request);
            }
        }
        Err(_) => refuse(request),
    }
}

/// Dispatches requests: streams get their own thread (bounded), pages go to
/// a pool of workers, so neither can hold up the other.
fn accept_loop(server: Arc<Server>, shared: Arc<Shared>) {
    let (tx, rx) = std::sync::mpsc::channel::<Request>();
    let rx = Arc::new(Mutex::new(rx));
    for _ in 0..WORKERS {
        let (rx, shared) = (Arc::clone(&rx), Arc::clone(&shared));
        std::thread::spawn(move || {
            loop {
                let next = rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
                match next {
                    Ok(request) => handle_page(&shared, request),
                    Err(_) => break,
                }
            }
        });
    }
    let streams = Arc::new(Streams::default());
    for request in server.incoming_requests() {
        if !matches!(request.method(), Method::Get | Method::Head) {
            respond(
                request,
                405,
                "text/plain; charset=utf-8",
                b"405 Method Not Allowed: only GET and HEAD\n".to_vec(),
            );
            continue;
        }
        if request.url().split('?').next() == Some(LIVE_PATH) {
            open_stream(&shared, &streams, request);
            continue;
        }
        if tx.send(request).is_err() {
            break;
        }
    }
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener).arg(url).spawn() {
        eprintln!("warning: could not open a browser ({opener}: {e}); open {url} yourself");
    }
}

fn describe(changed: &[String]) -> String {
    // File names are shown on the terminal: no escape sequence gets through.
    let names: Vec<String> = changed
        .iter()
        .map(|p| crate::report::escape_control(p.rsplit('/').next().unwrap_or(p)).into_owned())
        .collect();
    match names.len() {
        1 => format!("{} changed", names[0]),
        2 | 3 => format!("{} changed", names.join(", ")),
        n => format!("{n} files changed"),
    }
}

/// Runs the preview server until the process is stopped (Ctrl-C).
pub fn serve(opts: ServeOptions) -> anyhow::Result<()> {
    let root: &Path = &opts.root;
    // Watch before the first build, so nothing saved during it is missed.
    let mut watcher =
        watch::SiteWatcher::new(root).map_err(|e| anyhow::anyhow!("cannot watch {}: {e}", root.display()))?;
    let mut builder = Builder::new(root, opts.today);
    let report = builder.rebuild(None);
    let shared = Arc::clone(&builder.shared);
    let addr = SocketAddr::new(opts.bind, opts.port);
    let server = Server::http(addr).map_err(|e| anyhow::anyhow!("cannot listen on {addr}: {e}"))?;
    let local = server.server_addr().to_ip().unwrap_or(addr);
    let url = format!("http://{local}/");
    if !opts.bind.is_loopback() {
        eprintln!(
            "warning: serving on {} makes the preview, with every plan, reachable from other machines; use --bind 127.0.0.1 to keep it local",
            opts.bind
        );
    }
    if report.errors > 0 {
        println!(
            "Initial build has {} error(s); they are shown in the browser",
            report.errors
        );
    } else {
        println!("Built {} pages in {} ms", report.pages, report.millis);
    }
    println!("Serving at {url} (Ctrl-C to stop)");
    let _ = std::io::stdout().flush();
    if opts.open {
        open_browser(&url);
    }

    let server = Arc::new(server);
    {
        let (server, shared) = (Arc::clone(&server), Arc::clone(&shared));
        std::thread::spawn(move || accept_loop(server, shared));
    }
    while let Some(changed) = watcher.next_burst() {
        let changed: Vec<String> = changed.into_iter().filter(|p| builder.matters(p)).collect();
        if changed.is_empty() {
            continue;
        }
        let report = builder.rebuild(Some(&changed));
        if report.errors > 0 {
            println!(
                "{} · {} error(s), shown in the browser",
                describe(&changed),
                report.errors
            );
        } else {
            println!(
                "{} · {} pages in {} ms",
                describe(&changed),
                report.pages,
                report.millis
            );
        }
        let _ = std::io::stdout().flush();
    }
    shared.shutdown.store(true, Ordering::Relaxed);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_never_leave_the_site() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/accounts/x/").as_deref(), Some("accounts/x/index.html"));
        assert_eq!(
            site_path("/accounts/x/index.html?x=1#a").as_deref(),
            Some("accounts/x/index.html")
        );
        assert_eq!(site_path("/static/style.css").as_deref(), Some("static/style.css"));
        assert_eq!(site_path("/../etc/passwd"), None);
        assert_eq!(site_path("/%2e%2e/%2e%2e/etc/passwd"), None);
        assert_eq!(site_path("/a%5c..%5cb"), None);
        assert_eq!(site_path("/a%00b"), None);
        assert_eq!(site_path("/%zz"), None);
        assert_eq!(site_path("//etc/passwd").as_deref(), Some("etc/passwd"));
    }
}
