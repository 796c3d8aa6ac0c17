//! Helpers for the `planfolio serve` integration and browser tests
//! (`common::serve`): a small fixture site in a temporary folder
//! ([`ServeSite`]), the real server started on
//! 127.0.0.1 with port 0, a hand-written HTTP/1.1 client over
//! `std::net::TcpStream`, and a Server-Sent Events reader.
//!
//! Everything waits by polling with generous deadlines (the tests run on
//! busy two-core machines), never by fixed sleeps where a condition can be
//! observed instead.

#![allow(dead_code)]

use super::TODAY;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The site config of the serve fixture ([`ServeSite::fixture`]).
pub const SERVE_SITE_CONFIG: &str = "\
title: Serve Test Portfolio
currency: GBP
products: [Predict, Monitor]
";

/// The serve fixture's plans: id and customer name.
pub const SERVE_SITE_PLANS: &[(&str, &str)] = &[
    ("alpha-foods", "Alpha Foods"),
    ("beta-rail", "Beta Rail"),
    ("gamma-water", "Gamma Water"),
];

/// The text of a small valid plan named `name`.
pub fn plan_text(name: &str) -> String {
    format!(
        "---\nname: {name}\nowner: alex-king\nteam: [priya-shah]\nindustry: Testing\n---\n\
         ## Customer overview\n\nA fixture account used by the serve tests.\n"
    )
}

/// A plan whose YAML front matter has a syntax error on line 5 ("mapping
/// values are not allowed"): returns the text and the 1-based line.
pub fn broken_plan_text(name: &str) -> (String, usize) {
    let text =
        format!("---\nname: {name}\nowner: alex-king\nteam: [priya-shah]\nindustry: Testing: broken\n---\nBody.\n");
    let line = text
        .lines()
        .position(|l| l.starts_with("industry: Testing: broken"))
        .expect("the broken line")
        + 1;
    (text, line)
}

/// A fixture site in a temporary folder: `planfolio.yaml`, two team members
/// and three plans.
pub struct ServeSite {
    pub dir: tempfile::TempDir,
}

impl ServeSite {
    pub fn fixture() -> ServeSite {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = ServeSite { dir };
        site.write("planfolio.yaml", SERVE_SITE_CONFIG);
        site.write(
            "content/team/alex-king.md",
            "---\nname: Alex King\ntitle: Key Account Manager\n---\nAlex runs the fixture accounts.\n",
        );
        site.write(
            "content/team/priya-shah.md",
            "---\nname: Priya Shah\ntitle: Account Manager\n---\n",
        );
        for (id, name) in SERVE_SITE_PLANS {
            site.write(&format!("content/accounts/{id}.md"), &plan_text(name));
        }
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    /// Replaces `rel` with `text` atomically (creating folders), the way
    /// many editors save: write a hidden temporary file beside it, then
    /// rename it into place. The server so never sees a half-written file,
    /// and the first rebuild after the save is of the whole new text.
    pub fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        let dir = path.parent().expect("parent");
        std::fs::create_dir_all(dir).expect("create folders");
        let name = path.file_name().expect("file name").to_string_lossy();
        let tmp = dir.join(format!(".{name}.planfolio-test.tmp"));
        std::fs::write(&tmp, text).unwrap_or_else(|e| panic!("write {}: {e}", tmp.display()));
        std::fs::rename(&tmp, &path).unwrap_or_else(|e| panic!("rename to {}: {e}", path.display()));
    }

    /// Overwrites `rel` in place (truncate, then write), the way other
    /// editors save: the server may see the file empty for a moment.
    pub fn write_in_place(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    }

    pub fn plan_rel(id: &str) -> String {
        format!("content/accounts/{id}.md")
    }

    /// Replaces a plan atomically (see [`ServeSite::write`]).
    pub fn write_plan(&self, id: &str, text: &str) {
        self.write(&ServeSite::plan_rel(id), text);
    }

    /// Overwrites a plan in place (see [`ServeSite::write_in_place`]).
    pub fn write_plan_in_place(&self, id: &str, text: &str) {
        self.write_in_place(&ServeSite::plan_rel(id), text);
    }
}

/// Polls `f` every 25 ms until it returns true or `timeout` passes.
pub fn poll_until(timeout: Duration, mut f: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        if f() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// A running `planfolio serve`, killed on drop.
pub struct Server {
    child: Child,
    pub port: u16,
    /// Every stdout line after "Serving at …".
    lines: Arc<Mutex<Vec<String>>>,
    stderr: Arc<Mutex<Vec<String>>>,
}

/// Whether a stdout line reports a rebuild ("<file> changed · …").
pub fn is_rebuild_line(line: &str) -> bool {
    line.contains(" changed · ")
}

impl Server {
    /// Starts `planfolio --root <root> serve --port 0 --today 2026-11-23`,
    /// waits (20 s at most) for "Serving at http://127.0.0.1:PORT/" and then
    /// for a first answered request, which proves the request loop and so
    /// the file watcher (set up before it) are running.
    pub fn start(root: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_planfolio"))
            .arg("--root")
            .arg(root)
            .args(["serve", "--port", "0", "--today", TODAY])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start planfolio serve");
        let stdout = child.stdout.take().expect("stdout");
        let stderr = child.stderr.take().expect("stderr");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let errs = Arc::new(Mutex::new(Vec::new()));
        {
            let errs = Arc::clone(&errs);
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    errs.lock().unwrap().push(line);
                }
            });
        }
        let (tx, rx) = mpsc::channel::<String>();
        {
            let lines = Arc::clone(&lines);
            std::thread::spawn(move || {
                let mut serving = false;
                for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                    if serving {
                        lines.lock().unwrap().push(line);
                    } else {
                        serving = line.starts_with("Serving at ");
                        let _ = tx.send(line);
                    }
                }
            });
        }
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut before = Vec::new();
        let port = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) => {
                    if let Some(rest) = line.strip_prefix("Serving at http://127.0.0.1:") {
                        let port: u16 = rest
                            .split('/')
                            .next()
                            .and_then(|p| p.parse().ok())
                            .unwrap_or_else(|| panic!("no port in {line:?}"));
                        assert!(rest.ends_with("/ (Ctrl-C to stop)"), "unexpected serving line {line:?}");
                        break port;
                    }
                    before.push(line);
                }
                Err(_) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    std::thread::sleep(Duration::from_millis(100));
                    panic!(
                        "no \"Serving at http://127.0.0.1:PORT/\" line within 20 s; stdout: {before:?}; stderr: {:?}",
                        errs.lock().unwrap()
                    );
                }
            }
        };
        assert!(
            before
                .iter()
                .any(|l| l.starts_with("Built ") && l.contains(" pages in ")),
            "expected a \"Built N pages in X ms\" line before \"Serving at\", got {before:?}"
        );
        let server = Server {
            child,
            port,
            lines,
            stderr: errs,
        };
        let answered = poll_until(Duration::from_secs(20), || try_request(port, &get_request("/")).is_ok());
        assert!(answered, "the server never answered GET /");
        server
    }

    /// A snapshot of the stdout lines printed after "Serving at".
    pub fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }

    /// The rebuild lines printed so far.
    pub fn rebuild_lines(&self) -> Vec<String> {
        self.lines().into_iter().filter(|l| is_rebuild_line(l)).collect()
    }

    pub fn stderr(&self) -> Vec<String> {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits until a stdout line (after the first `skip`) satisfies `pred`.
    pub fn wait_for_line(&self, skip: usize, timeout: Duration, pred: impl Fn(&str) -> bool) -> Option<String> {
        let mut found = None;
        poll_until(timeout, || {
            found = self.lines().into_iter().skip(skip).find(|l| pred(l));
            found.is_some()
        });
        found
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// GET `path`; panics on a transport error.
    pub fn get(&self, path: &str) -> Response {
        request(self.port, &get_request(path))
    }

    /// Polls GET `path` until `pred` holds; returns the last response.
    pub fn get_until(&self, path: &str, timeout: Duration, pred: impl Fn(&Response) -> bool) -> (bool, Response) {
        let mut last = None;
        let ok = poll_until(timeout, || {
            let r = self.get(path);
            let ok = pred(&r);
            last = Some(r);
            ok
        });
        (ok, last.expect("at least one response"))
    }

    /// The server's process id (for reading `/proc/<pid>/status`).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether the child is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A parsed HTTP response.
#[derive(Clone, Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// The first header of that name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A GET request for `path` that asks the server to close the connection.
pub fn get_request(path: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").into_bytes()
}

/// Sends raw request bytes and reads the response until the server closes
/// the connection (every request the tests send says `Connection: close`).
pub fn try_request(port: u16, raw: &[u8]) -> std::io::Result<Response> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(20)))?;
    stream.set_write_timeout(Some(Duration::from_secs(20)))?;
    stream.write_all(raw)?;
    let head_only = raw.starts_with(b"HEAD ");
    let mut bytes = Vec::new();
    let mut buf = [0u8; 16384];
    // Read until the response is complete by its own framing (some servers,
    // such as chromedriver, keep the connection open), or until EOF.
    loop {
        if response_complete(&bytes, head_only) {
            break;
        }
        let n = stream.read(&mut buf)?;
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&buf[..n]);
    }
    parse_response(&bytes).ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "not an HTTP response: {:?}",
                String::from_utf8_lossy(&bytes[..bytes.len().min(300)])
            ),
        )
    })
}

/// Like [`try_request`], panicking on a transport error.
pub fn request(port: u16, raw: &[u8]) -> Response {
    try_request(port, raw).unwrap_or_else(|e| {
        panic!(
            "request {:?} failed: {e}",
            String::from_utf8_lossy(&raw[..raw.len().min(200)])
        )
    })
}

/// Whether `bytes` hold a whole response per its Content-Length or chunked
/// framing (`false` when neither says, so the caller reads to EOF).
fn response_complete(bytes: &[u8], head_only: bool) -> bool {
    let Some(end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&bytes[..end]).to_ascii_lowercase();
    if head_only {
        return true;
    }
    let body = &bytes[end + 4..];
    for line in head.split("\r\n").skip(1) {
        if let Some((name, value)) = line.split_once(':') {
            match (name.trim(), value.trim()) {
                ("content-length", n) => {
                    return n.parse::<usize>().is_ok_and(|n| body.len() >= n);
                }
                ("transfer-encoding", "chunked") => return dechunk(body).is_some(),
                _ => {}
            }
        }
    }
    false
}

fn parse_response(bytes: &[u8]) -> Option<Response> {
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&bytes[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next()?;
    let status = status_line.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let raw_body = &bytes[end + 4..];
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("Transfer-Encoding") && v.eq_ignore_ascii_case("chunked"));
    let body = if chunked && !raw_body.is_empty() {
        dechunk(raw_body)?
    } else {
        raw_body.to_vec()
    };
    Some(Response { status, headers, body })
}

/// Decodes a `Transfer-Encoding: chunked` body.
fn dechunk(mut raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let eol = raw.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&raw[..eol]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        raw = &raw[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(raw.get(..size)?);
        raw = raw.get(size + 2..)?;
    }
}

/// An open `/__planfolio/live` stream.
pub struct Sse {
    reader: BufReader<TcpStream>,
    /// A line read only in part when a read timed out.
    pending: String,
    pub headers: Response,
}

/// One Server-Sent Event.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub event: String,
    pub data: String,
}

impl Sse {
    /// Opens the live-reload stream and reads its response headers.
    pub fn open(port: u16) -> std::io::Result<Sse> {
        let mut stream = TcpStream::connect(("127.0.0.1", port))?;
        stream.set_read_timeout(Some(Duration::from_secs(20)))?;
        stream.write_all(b"GET /__planfolio/live HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")?;
        let mut reader = BufReader::new(stream);
        let mut head = String::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line)? == 0 {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    format!("stream closed in the headers: {head:?}"),
                ));
            }
            if line == "\r\n" {
                break;
            }
            head.push_str(&line);
        }
        head.push_str("\r\n\r\n");
        let headers = parse_response(head.as_bytes())
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidData, head.clone()))?;
        Ok(Sse {
            reader,
            pending: String::new(),
            headers,
        })
    }

    /// The next line of the stream without its line end, or `None` when
    /// none came by `deadline` or the stream ended.
    fn next_line(&mut self, deadline: Instant) -> Option<String> {
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            self.reader
                .get_ref()
                .set_read_timeout(Some(left.max(Duration::from_millis(1))))
                .ok()?;
            // On a timeout `read_line` keeps what it read of the line in
            // `pending`, and the next call goes on from there.
            match self.reader.read_line(&mut self.pending) {
                Ok(0) => return None,
                Ok(_) if !self.pending.ends_with('\n') => return None,
                Ok(_) => {}
                Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
                    continue;
                }
                Err(_) => return None,
            }
            let line = std::mem::take(&mut self.pending);
            return Some(line.trim_end_matches(['\n', '\r']).to_string());
        }
    }

    /// The next comment line (`: …`), skipping events, or `None` when none
    /// came within `timeout`.
    pub fn next_comment(&mut self, timeout: Duration) -> Option<String> {
        let deadline = Instant::now() + timeout;
        loop {
            let line = self.next_line(deadline)?;
            if line.starts_with(':') {
                return Some(line);
            }
        }
    }

    /// The next event (comments and `retry:` skipped), or `None` when none
    /// came within `timeout` or the stream ended.
    pub fn next_event(&mut self, timeout: Duration) -> Option<Event> {
        let deadline = Instant::now() + timeout;
        let mut event = String::new();
        let mut data = String::new();
        loop {
            let line = self.next_line(deadline)?;
            if line.is_empty() {
                if !event.is_empty() || !data.is_empty() {
                    return Some(Event {
                        event: std::mem::take(&mut event),
                        data: std::mem::take(&mut data),
                    });
                }
                continue;
            }
            if line.starts_with(':') {
                continue;
            }
            let (field, value) = line.split_once(':').unwrap_or((&line, ""));
            let value = value.strip_prefix(' ').unwrap_or(value);
            match field {
                "event" => event = value.to_string(),
                "data" => {
                    if !data.is_empty() {
                        data.push('\n');
                    }
                    data.push_str(value);
                }
                _ => {}
            }
        }
    }

    /// Waits for a `reload` event whose generation is above `after`.
    pub fn reload_after(&mut self, after: u64, timeout: Duration) -> Option<u64> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let ev = self.next_event(left)?;
            if ev.event == "reload" {
                let generation: u64 = ev.data.trim().parse().ok()?;
                if generation > after {
                    return Some(generation);
                }
            }
        }
    }
}
