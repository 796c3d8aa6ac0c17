//! The preview's HTTP/1.1: connections and request heads, with every limit
//! a client could push on made explicit.
//!
//! A connection has one thread and a fixed buffer of [`MAX_HEAD`] bytes; the
//! request head is parsed by `httparse` from that buffer, so no request can
//! make the server hold more. At most [`MAX_CONNECTIONS`] connections are
//! open at once (live-reload streams are counted apart, once their request
//! is read): when all are taken, the one that has waited longest for a
//! request is closed to make room, and when none is waiting the newcomer
//! gets 503 (after [`ADMIT_WAIT`]). Only GET and HEAD exist here, so request bodies are never read:
//! a request that announces one is answered and its connection closed.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Longest request line (method, target, version) answered; longer: 414.
pub const MAX_REQUEST_LINE: usize = 8 * 1024;
/// Largest request head (request line and headers) answered; larger: 431.
pub const MAX_HEAD: usize = 16 * 1024;
/// Most header lines in a request; more: 431.
pub const MAX_HEADERS: usize = 64;
/// Most connections open at once, live-reload streams aside.
pub const MAX_CONNECTIONS: usize = 64;
/// How long a new connection may wait for a place when every connection
/// is busy answering, before it is refused with 503.
pub const ADMIT_WAIT: Duration = Duration::from_secs(1);
/// How long a client may take to send a request head, and how long a
/// kept-alive connection may wait for its next request, before it is closed.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one write may wait for a client that does not read.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// After an answer that closes the connection, what the client still sends
/// is read and dropped (up to this much, for up to [`LINGER_TIME`]) so that
/// it can read the answer instead of a reset.
const LINGER_BYTES: usize = 1024 * 1024;
/// See [`LINGER_BYTES`].
const LINGER_TIME: Duration = Duration::from_secs(2);

/// The statuses the preview answers with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Ok,
    BadRequest,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    RequestTimeout,
    UriTooLong,
    HeadersTooLarge,
    InternalError,
    Unavailable,
}

impl Status {
    /// The status code.
    pub fn code(self) -> u16 {
        match self {
            Status::Ok => 200,
            Status::BadRequest => 400,
            Status::Forbidden => 403,
            Status::NotFound => 404,
            Status::MethodNotAllowed => 405,
            Status::RequestTimeout => 408,
            Status::UriTooLong => 414,
            Status::HeadersTooLarge => 431,
            Status::InternalError => 500,
            Status::Unavailable => 503,
        }
    }

    /// The reason phrase.
    pub fn reason(self) -> &'static str {
        match self {
            Status::Ok => "OK",
            Status::BadRequest => "Bad Request",
            Status::Forbidden => "Forbidden",
            Status::NotFound => "Not Found",
            Status::MethodNotAllowed => "Method Not Allowed",
            Status::RequestTimeout => "Request Timeout",
            Status::UriTooLong => "URI Too Long",
            Status::HeadersTooLarge => "Request Header Fields Too Large",
            Status::InternalError => "Internal Server Error",
            Status::Unavailable => "Service Unavailable",
        }
    }

    /// Whether a connection may carry on after this answer: only after a
    /// page or a missing page; a refused request closes it.
    fn keeps_connection(self) -> bool {
        matches!(self, Status::Ok | Status::NotFound)
    }
}

/// A request's method, as far as the preview cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
    /// Anything else: answered with 405.
    Other,
}

/// A request head.
#[derive(Debug)]
pub struct Request {
    /// GET, HEAD or another.
    pub method: Method,
    /// The request target as sent (path and query).
    pub target: String,
    /// The `Host` header's value; `None` when there is none.
    pub host: Option<String>,
    /// Whether the client allows another request on this connection.
    keep_alive: bool,
}

/// A whole response (a page is in memory anyway).
pub struct Response {
    /// Its status.
    pub status: Status,
    /// Its `Content-Type`.
    pub content_type: &'static str,
    /// Its body (not sent in answer to HEAD, though its length is).
    pub body: Vec<u8>,
}

impl Response {
    /// A plain-text response.
    pub fn text(status: Status, body: String) -> Response {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            body: body.into_bytes(),
        }
    }
}

/// Seconds a refused client is asked to wait before trying again.
pub const RETRY_AFTER_SECS: u32 = 5;

/// The headers every response carries after its status line.
fn common_headers(content_type: &str) -> String {
    format!("Content-Type: {content_type}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n")
}

/// The head of a response: status line and headers, up to the blank line.
fn response_head(status: Status, content_type: &str, length: Option<usize>, keep_alive: bool) -> String {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n{}",
        status.code(),
        status.reason(),
        common_headers(content_type)
    );
    if let Some(length) = length {
        head.push_str(&format!("Content-Length: {length}\r\n"));
    }
    match status {
        Status::MethodNotAllowed => head.push_str("Allow: GET, HEAD\r\n"),
        Status::Unavailable => head.push_str(&format!("Retry-After: {RETRY_AFTER_SECS}\r\n")),
        _ => {}
    }
    head.push_str(if keep_alive {
        "Connection: keep-alive\r\n\r\n"
    } else {
        "Connection: close\r\n\r\n"
    });
    head
}

/// The open connections, each with the time it started waiting for a
/// request (`None` while one is being answered, or before its thread has
/// started reading).
#[derive(Default)]
pub struct Connections {
    open: Mutex<Vec<Entry>>,
    /// Signalled when a connection starts waiting or ends.
    changed: Condvar,
    next_id: AtomicU64,
}

struct Entry {
    id: u64,
    /// A handle on the socket, to close it when making room.
    socket: TcpStream,
    waiting_since: Option<Instant>,
}

impl Connections {
    /// Takes a place for a new connection. When all are taken, the one that
    /// has waited longest for a request is closed to make room; when none is
    /// waiting, this waits up to [`ADMIT_WAIT`] for one to finish or start
    /// waiting (meanwhile newer connections stay in the system's listen
    /// queue), then gives the socket back to be refused.
    pub fn admit(self: &Arc<Self>, socket: TcpStream) -> Result<Connection, TcpStream> {
        let Ok(handle) = socket.try_clone() else {
            return Err(socket);
        };
        let give_up = Instant::now() + ADMIT_WAIT;
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        while open.len() >= MAX_CONNECTIONS {
            let longest_waiting = open
                .iter()
                .enumerate()
                .filter_map(|(i, e)| Some((e.waiting_since?, i)))
                .min()
                .map(|(_, i)| i);
            if let Some(i) = longest_waiting {
                // Its thread sees the end of the connection and stops.
                let _ = open.swap_remove(i).socket.shutdown(Shutdown::Both);
                break;
            }
            let left = give_up.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(socket);
            }
            open = self
                .changed
                .wait_timeout(open, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        open.push(Entry {
            id,
            socket: handle,
            waiting_since: None,
        });
        drop(open);
        let _ = socket.set_nodelay(true);
        let _ = socket.set_write_timeout(Some(WRITE_TIMEOUT));
        Ok(Connection {
            socket,
            buf: vec![0; MAX_HEAD].into_boxed_slice(),
            filled: 0,
            place: Place {
                id,
                connections: Arc::clone(self),
            },
        })
    }

    /// Marks a connection as waiting for a request or busy answering one;
    /// `false` when it was closed to make room.
    fn set_waiting(&self, id: u64, waiting: bool) -> bool {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let Some(entry) = open.iter_mut().find(|e| e.id == id) else {
            return false;
        };
        entry.waiting_since = waiting.then(Instant::now);
        if waiting {
            self.changed.notify_all();
        }
        true
    }
}

/// A connection's place among [`Connections`], given back on drop.
struct Place {
    id: u64,
    connections: Arc<Connections>,
}

impl Drop for Place {
    fn drop(&mut self) {
        let mut open = self.connections.open.lock().unwrap_or_else(|e| e.into_inner());
        open.retain(|e| e.id != self.id);
        self.connections.changed.notify_all();
    }
}

/// Answers a connection that found no place with 503, without waiting on it.
pub fn refuse(socket: TcpStream) {
    let body = "503 Service Unavailable: too many connections; retry later\n";
    let head = response_head(
        Status::Unavailable,
        "text/plain; charset=utf-8",
        Some(body.len()),
        false,
    );
    if socket.set_nonblocking(true).is_ok() {
        let _ = (&socket).write_all(format!("{head}{body}").as_bytes());
    }
}

/// What reading a request head came to, when it is not a request.
enum HeadError {
    /// The client left or stayed silent: nothing to answer.
    Gone,
    /// A request that is refused with this status.
    Refused(Status),
}

/// An admitted connection.
pub struct Connection {
    socket: TcpStream,
    /// Bytes received and not yet used: a partial head, or the start of a
    /// pipelined request.
    buf: Box<[u8]>,
    filled: usize,
    place: Place,
}

impl Connection {
    /// The next request, or `None` once the connection is over. Requests
    /// that cannot be read (too long, malformed, too slow) are answered
    /// here and end the connection.
    pub fn next_request(&mut self) -> Option<Request> {
        if !self.place.connections.set_waiting(self.place.id, true) {
            return None;
        }
        let request = self.read_head();
        if !self.place.connections.set_waiting(self.place.id, false) {
            return None;
        }
        match request {
            Ok(request) => Some(request),
            Err(HeadError::Gone) => None,
            Err(HeadError::Refused(status)) => {
                let message = match status {
                    Status::UriTooLong => format!("the request line is over {MAX_REQUEST_LINE} bytes"),
                    Status::HeadersTooLarge => {
                        format!("the request head is over {MAX_HEAD} bytes or {MAX_HEADERS} headers")
                    }
                    Status::RequestTimeout => {
                        format!("the request head took over {} s", IDLE_TIMEOUT.as_secs())
                    }
                    _ => "a malformed request".to_string(),
                };
                let body = format!("{} {}: {message}\n", status.code(), status.reason());
                self.send(false, Response::text(status, body), false);
                None
            }
        }
    }

    /// Sends `response` to `request`; `true` when the connection stays open
    /// for another request.
    pub fn respond(&mut self, request: &Request, response: Response) -> bool {
        let keep_alive = request.keep_alive && response.status.keeps_connection();
        self.send(request.method == Method::Head, response, keep_alive)
    }

    /// Sends the head of an endless response (no length; it ends when the
    /// connection closes) and hands over the socket to write the rest.
    pub fn into_stream(mut self, content_type: &str) -> Option<TcpStream> {
        let head = response_head(Status::Ok, content_type, None, false);
        self.socket.write_all(head.as_bytes()).ok()?;
        Some(self.socket)
    }

    fn send(&mut self, head_only: bool, response: Response, keep_alive: bool) -> bool {
        let head = response_head(
            response.status,
            response.content_type,
            Some(response.body.len()),
            keep_alive,
        );
        let sent = self.socket.write_all(head.as_bytes()).is_ok()
            && (head_only || self.socket.write_all(&response.body).is_ok());
        if !sent {
            return false;
        }
        if !keep_alive {
            self.linger();
        }
        keep_alive
    }

    /// Closes the sending side, then reads and drops what the client still
    /// sends (bounded), so a client still writing sees the answer.
    fn linger(&mut self) {
        let _ = self.socket.shutdown(Shutdown::Write);
        let deadline = Instant::now() + LINGER_TIME;
        let mut dropped = 0;
        while dropped < LINGER_BYTES {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() || self.socket.set_read_timeout(Some(left)).is_err() {
                break;
            }
            match self.socket.read(&mut self.buf) {
                Ok(0) => break,
                Ok(n) => dropped += n,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
    }

    fn read_head(&mut self) -> Result<Request, HeadError> {
        let deadline = Instant::now() + IDLE_TIMEOUT;
        loop {
            let parsed = if self.filled > 0 {
                parse_head(&self.buf[..self.filled]).map_err(HeadError::Refused)?
            } else {
                None
            };
            if let Some((request, used)) = parsed {
                self.buf.copy_within(used..self.filled, 0);
                self.filled -= used;
                return Ok(request);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            let timed_out = if self.filled == 0 {
                HeadError::Gone
            } else {
                HeadError::Refused(Status::RequestTimeout)
            };
            if left.is_zero() || self.socket.set_read_timeout(Some(left)).is_err() {
                return Err(timed_out);
            }
            match self.socket.read(&mut self.buf[self.filled..]) {
                Ok(0) => return Err(HeadError::Gone),
                Ok(n) => self.filled += n,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => return Err(timed_out),
                Err(_) => return Err(HeadError::Gone),
            }
        }
    }
}

/// Parses a request head from the start of `bytes`: the request and the
/// bytes it took, `None` while it is incomplete (and within the limits).
fn parse_head(bytes: &[u8]) -> Result<Option<(Request, usize)>, Status> {
    // Empty lines before a request are allowed (and skipped by httparse).
    let start = bytes
        .iter()
        .position(|&b| b != b'\r' && b != b'\n')
        .unwrap_or(bytes.len());
    let line = &bytes[start..];
    let line = match line.iter().position(|&b| b == b'\n') {
        Some(end) => &line[..end],
        None => line,
    };
    if line.strip_suffix(b"\r").unwrap_or(line).len() > MAX_REQUEST_LINE {
        return Err(Status::UriTooLong);
    }
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut headers);
    let used = match parsed.parse(bytes) {
        Ok(httparse::Status::Complete(used)) => used,
        Ok(httparse::Status::Partial) if bytes.len() >= MAX_HEAD => return Err(Status::HeadersTooLarge),
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(httparse::Error::TooManyHeaders) => return Err(Status::HeadersTooLarge),
        Err(_) => return Err(Status::BadRequest),
    };
    let method = match parsed.method {
        Some("GET") => Method::Get,
        Some("HEAD") => Method::Head,
        _ => Method::Other,
    };
    let mut host = None;
    let mut close = parsed.version != Some(1);
    for header in parsed.headers.iter() {
        let value = std::str::from_utf8(header.value)
            .map_err(|_| Status::BadRequest)?
            .trim();
        if header.name.eq_ignore_ascii_case("host") {
            // RFC 9112: a request with two Host headers is malformed.
            if host.replace(value.to_string()).is_some() {
                return Err(Status::BadRequest);
            }
        } else if header.name.eq_ignore_ascii_case("connection") {
            close |= value.split(',').any(|t| t.trim().eq_ignore_ascii_case("close"));
        } else if header.name.eq_ignore_ascii_case("transfer-encoding")
            || (header.name.eq_ignore_ascii_case("content-length") && value != "0")
        {
            // A body is never read, so nothing after it can be.
            close = true;
        }
    }
    let request = Request {
        method,
        target: parsed.path.unwrap_or("").to_string(),
        host,
        keep_alive: !close,
    };
    Ok(Some((request, used)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Option<(Request, usize)>, Status> {
        parse_head(text.as_bytes())
    }

    #[test]
    fn request_line_at_the_cap_is_read_and_over_it_refused() {
        let at_cap = format!("GET /{} HTTP/1.1", "a".repeat(MAX_REQUEST_LINE - 14));
        assert_eq!(at_cap.len(), MAX_REQUEST_LINE);
        let (request, used) = parse(&format!("{at_cap}\r\nHost: x\r\n\r\n"))
            .expect("within the cap")
            .expect("complete");
        assert_eq!(request.target.len(), MAX_REQUEST_LINE - 13);
        assert_eq!(used, MAX_REQUEST_LINE + 13);
        // Still incomplete, without its line end yet: not judged early.
        assert!(matches!(parse(&format!("{at_cap}\r")), Ok(None)));
        let over = format!("GET /{} HTTP/1.1", "a".repeat(MAX_REQUEST_LINE - 13));
        assert_eq!(parse(&over).err(), Some(Status::UriTooLong));
        assert_eq!(parse(&format!("{over}\r\n\r\n")).err(), Some(Status::UriTooLong));
    }

    #[test]
    fn heads_over_the_cap_or_with_too_many_headers_are_431() {
        let big = format!("GET / HTTP/1.1\r\nX: {}", "a".repeat(MAX_HEAD));
        assert_eq!(parse(&big[..MAX_HEAD]).err(), Some(Status::HeadersTooLarge));
        let many: String = (0..=MAX_HEADERS).map(|i| format!("X-{i}: y\r\n")).collect();
        assert_eq!(
            parse(&format!("GET / HTTP/1.1\r\n{many}\r\n")).err(),
            Some(Status::HeadersTooLarge)
        );
    }

    #[test]
    fn heads_say_host_method_and_whether_the_connection_stays() {
        let (r, _) = parse("\r\nHEAD /x?y HTTP/1.1\r\nHost: a:1\r\n\r\nGET")
            .unwrap()
            .unwrap();
        assert_eq!(
            (r.method, r.target.as_str(), r.host.as_deref(), r.keep_alive),
            (Method::Head, "/x?y", Some("a:1"), true)
        );
        let (r, _) = parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\n")
            .unwrap()
            .unwrap();
        assert_eq!((r.method, r.keep_alive), (Method::Other, false));
        let (r, _) = parse("GET / HTTP/1.1\r\nConnection: keep-alive, Close\r\n\r\n")
            .unwrap()
            .unwrap();
        assert_eq!((r.host, r.keep_alive), (None, false));
        let (r, _) = parse("GET / HTTP/1.0\r\nHost: a\r\n\r\n").unwrap().unwrap();
        assert!(!r.keep_alive);
        assert_eq!(
            parse("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").err(),
            Some(Status::BadRequest)
        );
        assert_eq!(parse("GET / HTTP/9\r\n\r\n").err(), Some(Status::BadRequest));
    }
}
