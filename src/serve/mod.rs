//! `planfolio serve`: builds the site in memory, serves it over HTTP,
//! rebuilds on change and tells open pages to reload.

pub mod host;
pub mod http;
pub mod inject;
pub mod state;
pub mod watch;

use host::HostPolicy;
use http::{Connection, Connections, Method, Request, Response, Status};
use state::{Builder, Shared};
use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// The live-reload event stream's path.
pub const LIVE_PATH: &str = "/__planfolio/live";
/// Most live-reload streams open at once; a new stream beyond this is
/// refused with 503 and `Retry-After` (an open page is never cut off).
pub const MAX_STREAMS: usize = 512;
/// Most pages answered at once (rendering takes memory and CPU); the
/// other connections wait their turn.
pub const WORKERS: usize = 8;
/// How often an idle stream sends a keep-alive comment (and so notices a closed client).
const KEEPALIVE: Duration = Duration::from_secs(5);
/// After a reload event the page usually closes its stream to reload; two
/// early comments notice that (the second write to a closed socket fails)
/// and free its place within about a second rather than ten.
const PROBE_AFTER_RELOAD: Duration = Duration::from_millis(500);

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

/// An HTML page with the live-reload script and the error overlay.
fn html_response(status: Status, html: &str, generation: u64, errors: &[inject::OverlayItem]) -> Response {
    Response {
        status,
        content_type: "text/html; charset=utf-8",
        body: inject::inject(html, generation, errors).into_bytes(),
    }
}

/// The answer to a page request (any path but the live stream).
fn answer_page(shared: &Shared, request: &Request) -> Response {
    let (site, errors, generation) = shared.current();
    let Some(site) = site else {
        // No good build yet: every page is the overlay.
        let page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>planfolio</title></head><body><h1>The site has not built yet</h1><p>Fix the errors below; the page reloads by itself.</p></body></html>";
        return html_response(Status::Ok, page, generation, &errors);
    };
    let key = site_path(&request.target);
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
                errors.push(site.locate(&e));
                let page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Template error</title></head><body><h1>This page could not be rendered</h1></body></html>";
                return html_response(Status::InternalError, page, generation, &errors);
            }
        }
    }
    match found {
        Some((path, bytes)) => {
            let content_type = content_type(&path);
            let body = if content_type.starts_with("text/html") {
                inject::inject(&String::from_utf8_lossy(&bytes), generation, &errors).into_bytes()
            } else {
                bytes.to_vec()
            };
            Response {
                status: Status::Ok,
                content_type,
                body,
            }
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
            html_response(Status::NotFound, &page, generation, &errors)
        }
    }
}

/// Streams a reload event after each rebuild until the client goes away
/// (noticed when a write fails) or the server stops; the socket closes when
/// the stream is dropped.
fn stream_events(shared: &Shared, mut stream: TcpStream) {
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

/// Lets at most [`WORKERS`] threads answer pages at once.
#[derive(Default)]
struct PageTurns {
    busy: Mutex<usize>,
    freed: Condvar,
}

impl PageTurns {
    /// Waits for a turn, given back when the returned value is dropped.
    fn take(&self) -> PageTurn<'_> {
        let mut busy = self.busy.lock().unwrap_or_else(|e| e.into_inner());
        while *busy >= WORKERS {
            busy = self.freed.wait(busy).unwrap_or_else(|e| e.into_inner());
        }
        *busy += 1;
        PageTurn(self)
    }
}

/// A turn to answer a page.
struct PageTurn<'a>(&'a PageTurns);

impl Drop for PageTurn<'_> {
    fn drop(&mut self) {
        *self.0.busy.lock().unwrap_or_else(|e| e.into_inner()) -= 1;
        self.0.freed.notify_one();
    }
}

/// What the threads answering requests share.
struct App {
    shared: Arc<Shared>,
    hosts: HostPolicy,
    streams: Arc<Streams>,
    pages: PageTurns,
}

/// The answer to a request that is refused whatever it asks for: one that
/// names no host or another host than the server's own, or whose method is
/// not GET or HEAD.
fn refusal(hosts: &HostPolicy, request: &Request) -> Option<Response> {
    let (status, message) = match request.host.as_deref() {
        // HTTP/1.1 requires a Host; HTTP/1.0 clients all send one too.
        None => (Status::BadRequest, "the request names no Host"),
        Some(host) if !hosts.allows(host) => (
            Status::Forbidden,
            "this server answers only requests for localhost, a loopback address or the address it listens on",
        ),
        Some(_) if request.method == Method::Other => (Status::MethodNotAllowed, "only GET and HEAD"),
        Some(_) => return None,
    };
    Some(Response::text(
        status,
        format!("{} {}: {message}\n", status.code(), status.reason()),
    ))
}

/// Answers the requests of one connection until it ends, or turns it into
/// a live-reload stream.
fn serve_connection(app: &App, mut connection: Connection) {
    while let Some(request) = connection.next_request() {
        let live = request.target.split('?').next() == Some(LIVE_PATH);
        let response = if let Some(refused) = refusal(&app.hosts, &request) {
            refused
        } else if live && request.method == Method::Get {
            return open_stream(app, connection, &request);
        } else if live {
            Response {
                status: Status::Ok,
                content_type: "text/event-stream; charset=utf-8",
                body: Vec::new(),
            }
        } else {
            let _turn = app.pages.take();
            answer_page(&app.shared, &request)
        };
        if !connection.respond(&request, response) {
            return;
        }
    }
}

/// Turns the connection into a live-reload stream on this thread (which
/// then only waits and writes short lines), or answers 503 with
/// `Retry-After` when `MAX_STREAMS` are open.
fn open_stream(app: &App, mut connection: Connection, request: &Request) {
    let Some(_slot) = app.streams.admit() else {
        let message = format!("503 Service Unavailable: {MAX_STREAMS} live-reload streams are open; retry later\n");
        connection.respond(request, Response::text(Status::Unavailable, message));
        return;
    };
    if let Some(stream) = connection.into_stream("text/event-stream; charset=utf-8") {
        stream_events(&app.shared, stream);
    }
}

/// Accepts connections, each answered on its own thread while there is
/// room for it (see [`http::Connections`]).
fn accept_loop(listener: TcpListener, app: Arc<App>) {
    let connections = Arc::new(Connections::default());
    for socket in listener.incoming() {
        let socket = match socket {
            Ok(socket) => socket,
            Err(_) => {
                // Out of file descriptors, most likely: let some close.
                std::thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        match connections.admit(socket) {
            Ok(connection) => {
                let app = Arc::clone(&app);
                // A thread that cannot start drops the connection, closing it.
                let _ = std::thread::Builder::new()
                    .name("planfolio-http".into())
                    .spawn(move || serve_connection(&app, connection));
            }
            Err(socket) => http::refuse(socket),
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
    let listener = TcpListener::bind(addr).map_err(|e| anyhow::anyhow!("cannot listen on {addr}: {e}"))?;
    let local = listener.local_addr().unwrap_or(addr);
    let url = format!("http://{local}/");
    if !opts.bind.is_loopback() {
        eprintln!(
            "warning: serving on {} makes the preview, with every plan, reachable from other machines; use --bind 127.0.0.1 to keep it local",
            opts.bind
        );
    }
    if report.errors > 0 {
        println!(
            "Initial build has {}; they are shown in the browser",
            crate::words::count_s(report.errors, "error")
        );
    } else {
        println!("Built {} pages in {} ms", report.pages, report.millis);
    }
    println!("Serving at {url} (Ctrl-C to stop)");
    let _ = std::io::stdout().flush();
    if opts.open {
        open_browser(&url);
    }

    let app = Arc::new(App {
        shared: Arc::clone(&shared),
        hosts: HostPolicy::new(opts.bind),
        streams: Arc::new(Streams::default()),
        pages: PageTurns::default(),
    });
    std::thread::spawn(move || accept_loop(listener, app));
    while let Some(changed) = watcher.next_burst() {
        let changed: Vec<String> = changed.into_iter().filter(|p| builder.matters(p)).collect();
        if changed.is_empty() {
            continue;
        }
        let report = builder.rebuild(Some(&changed));
        if report.errors > 0 {
            println!(
                "{} · {}, shown in the browser",
                describe(&changed),
                crate::words::count_s(report.errors, "error")
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
