//! The server's connections, owned here rather than left to `axum::serve`, so that no client
//! can hold them: each request's head is read and checked here first (within a deadline, at
//! most [`MAX_HEAD`] bytes), and only then handed to hyper, which reads no further than that
//! request's end and within the request's deadline; open connections are counted per client
//! address; and a request that cannot be read is answered here, with the security headers of
//! every other answer (hyper's own 400 and 431 carry none).
//!
//! hyper serves one request at a time: it is given the request's bytes and then an end of
//! input, so it stops after its answer; when it was ready for another request, this loop
//! reads the next head on the same connection (keep-alive is kept).

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, Uri};
use hyper::service::Service as _;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::time::{Instant, Sleep};

use super::guard::{self, Cidr};

/// The largest request head read: the request line and the headers.
pub(crate) const MAX_HEAD: usize = 32 * 1024;
/// The most header lines in one request (hyper's own limit).
const MAX_HEADERS: usize = 100;
/// How long in-flight requests may still take once the server is asked to stop.
const GRACE: Duration = Duration::from_secs(30);
/// After an answer to a request whose body was not read: how long, and how much, of what the
/// client still sends is read and dropped, so that it gets the answer rather than a reset.
const LINGER: (Duration, usize) = (Duration::from_secs(1), 16 * 1024 * 1024);

/// Deadlines and limits of the connections (from [`super::Config`]).
#[derive(Clone, Debug)]
pub(crate) struct Limits {
    /// From a connection's start, or a request's first byte, to the end of its head.
    pub(crate) header: Duration,
    /// From a request's start to the end of its body.
    pub(crate) request: Duration,
    /// Between requests on a kept-alive connection.
    pub(crate) idle: Duration,
    /// How long an answer may wait for the client to read any of it.
    pub(crate) send: Duration,
    /// Open connections per client address (0: no limit).
    pub(crate) per_address: usize,
    /// Addresses the limit does not apply to (trusted proxies).
    pub(crate) exempt: Vec<Cidr>,
    /// One line on standard error per request refused here.
    pub(crate) log: bool,
}

/// One request's state, shared by its connection and the guard.
#[derive(Default, Debug)]
pub(crate) struct Exchange {
    /// hyper handed the request to the router: whatever it writes now is the router's answer.
    routed: AtomicBool,
    /// The request did not arrive whole within its deadline.
    late: AtomicBool,
    /// That deadline (`--request-timeout`), for the answer to say.
    deadline: Duration,
}

impl Exchange {
    /// Whether the request's body missed its deadline (the guard then answers 408).
    pub(crate) fn late(&self) -> bool {
        self.late.load(Ordering::SeqCst)
    }

    /// The 408's text when it did: the limit and the flag that sets it.
    pub(crate) fn late_message(&self) -> String {
        format!(
            "The request did not arrive within {} s (the server's --request-timeout).",
            self.deadline.as_secs()
        )
    }
}

struct Shared {
    router: Router,
    limits: Limits,
    open: Mutex<HashMap<IpAddr, usize>>,
}

/// A connection's place in its address's count, given back when the connection ends.
struct Slot {
    shared: Arc<Shared>,
    counted: Option<IpAddr>,
}

impl Shared {
    fn slot(self: &Arc<Self>, peer: IpAddr) -> Option<Slot> {
        let ip = match peer {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(peer, IpAddr::V4),
            v4 => v4,
        };
        let limit = self.limits.per_address;
        if limit == 0 || self.limits.exempt.iter().any(|c| c.contains(ip)) {
            return Some(Slot {
                shared: self.clone(),
                counted: None,
            });
        }
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let count = open.entry(ip).or_insert(0);
        if *count >= limit {
            return None;
        }
        *count += 1;
        Some(Slot {
            shared: self.clone(),
            counted: Some(ip),
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let Some(ip) = self.counted else { return };
        let mut open = self.shared.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(count) = open.get_mut(&ip) {
            *count -= 1;
            if *count == 0 {
                open.remove(&ip);
            }
        }
    }
}

/// Accepts and serves connections until `shutdown` resolves; then lets requests in flight
/// finish (for up to [`GRACE`]) and closes idle connections at once.
pub(crate) async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let shared = Arc::new(Shared {
        router,
        limits,
        open: Mutex::new(HashMap::new()),
    });
    let (stop, stopping) = watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors, say: wait rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Counted here, in the order connections came, before any of them is served.
        match shared.slot(peer.ip()) {
            Some(slot) => {
                tokio::spawn(connection(stream, peer, slot, stopping.clone()));
            }
            None => {
                // Best effort, never waiting for the client.
                let _ = stream.try_write(&answer(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Too many connections from your address: close some and try again.",
                ));
                log(
                    &shared.limits,
                    StatusCode::SERVICE_UNAVAILABLE,
                    Instant::now(),
                );
            }
        }
    }
    drop(listener);
    let _ = stop.send(true);
    drop(stopping);
    let _ = tokio::time::timeout(GRACE, stop.closed()).await;
}

/// Resolves once the server is stopping.
async fn stopped(stopping: &mut watch::Receiver<bool>) {
    let _ = stopping.wait_for(|stop| *stop).await;
}

/// Serves one connection's requests, one after another.
async fn connection(
    mut stream: TcpStream,
    peer: SocketAddr,
    slot: Slot,
    mut stopping: watch::Receiver<bool>,
) {
    let limits = slot.shared.limits.clone();
    let router = slot.shared.router.clone();
    let _ = stream.set_nodelay(true);
    let mut buf: Vec<u8> = Vec::new();
    let mut started = Instant::now();
    let mut first = true;
    loop {
        if !first && buf.is_empty() {
            // Kept alive: the next request may take its time to begin.
            let read = tokio::select! {
                read = tokio::time::timeout(limits.idle, fill(&mut stream, &mut buf)) => read,
                () = stopped(&mut stopping) => return,
            };
            if !matches!(read, Ok(Ok(n)) if n > 0) {
                return;
            }
            started = Instant::now();
        }
        first = false;
        let head = tokio::select! {
            head = tokio::time::timeout_at(started + limits.header, read_head(&mut stream, &mut buf)) => head,
            () = stopped(&mut stopping) => return,
        };
        let head = match head {
            Ok(Ok(head)) => head,
            Ok(Err(Unread::Closed)) => return,
            Ok(Err(Unread::Bad(status))) => {
                refuse(&mut stream, &limits, status, started).await;
                return;
            }
            // Nothing at all within the deadline: a connection opened ahead of need.
            Err(_) if buf.is_empty() => return,
            Err(_) => {
                refuse(&mut stream, &limits, StatusCode::REQUEST_TIMEOUT, started).await;
                return;
            }
        };
        let exchange = Arc::new(Exchange {
            deadline: limits.request,
            ..Exchange::default()
        });
        let mut io = OneRequest {
            stream: &mut stream,
            buf: &mut buf,
            left: head.body.map(|n| n.saturating_add(head.len as u64)),
            deadline: Box::pin(tokio::time::sleep_until(started + limits.request)),
            exchange: exchange.clone(),
            ended: false,
            own_answer: Vec::new(),
            send: limits.send,
            stall: None,
        };
        let routed = exchange.clone();
        let router = router.clone();
        let service =
            hyper::service::service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
                routed.routed.store(true, Ordering::SeqCst);
                let mut request = request;
                request.extensions_mut().insert(ConnectInfo(peer));
                request.extensions_mut().insert(routed.clone());
                hyper_util::service::TowerToHyperService::new(router.clone()).call(request)
            });
        let mut http = hyper::server::conn::http1::Builder::new();
        // hyper must not read the end of input that follows the request as the client's
        // before it has answered; a chunked body's end is hyper's to find, so that request is
        // the connection's last.
        http.half_close(true).keep_alive(head.body.is_some());
        let served = http
            .serve_connection(hyper_util::rt::TokioIo::new(&mut io), service)
            .await;
        let (ended, left, own_answer) = (io.ended, io.left, std::mem::take(&mut io.own_answer));
        if !own_answer.is_empty() && !exchange.routed.load(Ordering::SeqCst) {
            // hyper could not read what was checked above and wrote its own answer, which
            // was held back: the same status, with the headers.
            let status = own_answer
                .get(9..12)
                .and_then(|code| std::str::from_utf8(code).ok()?.parse().ok())
                .and_then(|code| StatusCode::from_u16(code).ok())
                .unwrap_or(StatusCode::BAD_REQUEST);
            refuse(&mut stream, &limits, status, started).await;
            return;
        }
        if served.is_err() || !ended || *stopping.borrow() {
            if left != Some(0) {
                linger(&mut stream).await;
            }
            return;
        }
        started = Instant::now();
    }
}

/// Reads more of the connection into `buf`; 0 at its end.
async fn fill(stream: &mut TcpStream, buf: &mut Vec<u8>) -> io::Result<usize> {
    buf.reserve(4096);
    stream.read_buf(buf).await
}

/// A request head that passed the checks.
struct Head {
    /// Its length in `buf`.
    len: usize,
    /// Its body's length; `None` for a chunked one.
    body: Option<u64>,
}

/// Why no head was read.
#[derive(Clone, Copy)]
enum Unread {
    /// The client closed the connection.
    Closed,
    /// What it sent is no request: the status to answer.
    Bad(StatusCode),
}

impl From<io::Error> for Unread {
    fn from(_: io::Error) -> Self {
        Unread::Closed
    }
}

/// Reads until `buf` starts with a whole request head and checks it as hyper will, so that
/// hyper never refuses it: 400 for what is not HTTP/1, 431 past [`MAX_HEAD`] or
/// [`MAX_HEADERS`]. A malformed request line is refused as soon as it ends.
async fn read_head(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Result<Head, Unread> {
    let mut scanned = 0;
    let mut line_checked = false;
    loop {
        // Empty lines before a request are allowed (RFC 9112, 2.2).
        let blank = leading_blank(buf);
        if blank > 0 {
            buf.drain(..blank);
            scanned = 0;
        }
        // Parsed twice at most: when the request line ends, and when the head does.
        let end = head_end(buf, scanned);
        let line_ended = !line_checked && buf[scanned.min(buf.len())..].contains(&b'\n');
        scanned = buf.len();
        if end.is_some() || line_ended {
            line_checked = true;
            if let Some(head) = check(buf)? {
                return Ok(head);
            }
        }
        if buf.len() >= MAX_HEAD {
            return Err(Unread::Bad(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE));
        }
        if fill(stream, buf).await? == 0 {
            return Err(Unread::Closed);
        }
    }
}

/// The empty lines (`CRLF` or `LF`) at the start of `buf`.
fn leading_blank(buf: &[u8]) -> usize {
    let mut at = 0;
    loop {
        match buf.get(at..) {
            Some([b'\r', b'\n', ..]) => at += 2,
            Some([b'\n', ..]) => at += 1,
            _ => return at,
        }
    }
}

/// Where the head ends (after its empty line), searching from about `from`.
fn head_end(buf: &[u8], from: usize) -> Option<usize> {
    let from = from.saturating_sub(3);
    let rest = buf.get(from..)?;
    (0..rest.len()).find_map(|i| {
        let tail = &rest[i..];
        if tail.starts_with(b"\n\r\n") {
            Some(from + i + 3)
        } else if tail.starts_with(b"\n\n") {
            Some(from + i + 2)
        } else {
            None
        }
    })
}

/// Parses `buf` with hyper's own parser and checks what hyper checks: `None` while the head
/// is incomplete.
fn check(buf: &[u8]) -> Result<Option<Head>, Unread> {
    let bad = Unread::Bad(StatusCode::BAD_REQUEST);
    let too_large = || Unread::Bad(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut headers);
    let len = match request.parse(buf) {
        Ok(httparse::Status::Complete(len)) if len > MAX_HEAD => return Err(too_large()),
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(httparse::Error::TooManyHeaders) => return Err(too_large()),
        Err(_) => return Err(bad),
    };
    let (Some(method), Some(path), Some(version)) = (request.method, request.path, request.version)
    else {
        return Err(bad);
    };
    if Method::from_bytes(method.as_bytes()).is_err() || path.parse::<Uri>().is_err() {
        return Err(bad);
    }
    let (mut length, mut chunked, mut encoded) = (None::<u64>, false, false);
    for header in request.headers.iter() {
        let Ok(name) = HeaderName::from_bytes(header.name.as_bytes()) else {
            return Err(bad);
        };
        if HeaderValue::from_bytes(header.value).is_err() {
            return Err(bad);
        }
        let value = std::str::from_utf8(header.value).unwrap_or("\u{0}");
        if name == axum::http::header::TRANSFER_ENCODING {
            // Only HTTP/1.1 has it, and `chunked` must be the last coding.
            if version == 0 {
                return Err(bad);
            }
            encoded = true;
            chunked = value
                .rsplit(',')
                .next()
                .is_some_and(|last| last.trim().eq_ignore_ascii_case("chunked"));
        } else if name == axum::http::header::CONTENT_LENGTH {
            // `5` or `5, 5`: one length, said once or repeated alike.
            for part in value.split(',') {
                let part = part.trim();
                let n = part
                    .bytes()
                    .all(|b| b.is_ascii_digit())
                    .then(|| part.parse::<u64>().ok())
                    .flatten()
                    .ok_or(Unread::Bad(StatusCode::BAD_REQUEST))?;
                if length.is_some_and(|l| l != n) {
                    return Err(bad);
                }
                length = Some(n);
            }
        }
    }
    if encoded && !chunked {
        return Err(bad);
    }
    Ok(Some(Head {
        len,
        body: if encoded {
            None
        } else {
            Some(length.unwrap_or(0))
        },
    }))
}

/// The connection as hyper sees it for one request: the request's bytes (from `buf`, then
/// the socket), then an end of input; the body's reads fail past the request's deadline.
struct OneRequest<'a> {
    stream: &'a mut TcpStream,
    buf: &'a mut Vec<u8>,
    /// Bytes of this request not yet given to hyper (`None`: up to the connection's end).
    left: Option<u64>,
    deadline: Pin<Box<Sleep>>,
    exchange: Arc<Exchange>,
    /// hyper read past the request: it was ready for the next one.
    ended: bool,
    /// The start of what hyper wrote before routing the request: its own refusal.
    own_answer: Vec<u8>,
    /// How long a write may wait for the client to read.
    send: Duration,
    /// Since when the current write has waited, if it has.
    stall: Option<Pin<Box<Sleep>>>,
}

impl OneRequest<'_> {
    fn gave(&mut self, n: usize) {
        if let Some(left) = &mut self.left {
            *left -= n as u64;
        }
    }

    fn late(&mut self) -> Poll<io::Result<()>> {
        self.exchange.late.store(true, Ordering::SeqCst);
        Poll::Ready(Err(io::Error::new(
            io::ErrorKind::TimedOut,
            "the request did not arrive in time",
        )))
    }

    /// hyper's own answer is held back (see [`connection`]): only its status line is kept.
    fn hold_back(&mut self, data: &[u8]) -> usize {
        let room = 16usize.saturating_sub(self.own_answer.len());
        self.own_answer
            .extend_from_slice(&data[..room.min(data.len())]);
        data.len()
    }

    fn routed(&self) -> bool {
        self.exchange.routed.load(Ordering::SeqCst)
    }

    /// A client that stops reading would hold its connection, its per-address slot and the
    /// answer's buffers for as long as it likes: a write that makes no progress for
    /// [`Limits::send`] fails, and the connection ends. A slow reader that keeps reading is
    /// not cut off, however long the answer takes.
    fn watch<T>(
        &mut self,
        cx: &mut Context<'_>,
        polled: Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        if polled.is_ready() {
            self.stall = None;
            return polled;
        }
        let send = self.send;
        let stall = self
            .stall
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(send)));
        match stall.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client stopped reading the answer",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl AsyncRead for OneRequest<'_> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        out: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let room = match this.left {
            Some(0) => {
                this.ended = true;
                return Poll::Ready(Ok(()));
            }
            Some(left) => usize::try_from(left).unwrap_or(usize::MAX),
            None => usize::MAX,
        }
        .min(out.remaining());
        if !this.buf.is_empty() {
            let n = room.min(this.buf.len());
            out.put_slice(&this.buf[..n]);
            this.buf.drain(..n);
            this.gave(n);
            return Poll::Ready(Ok(()));
        }
        if this.deadline.is_elapsed() {
            return this.late();
        }
        let mut chunk = [0u8; 8192];
        let mut part = ReadBuf::new(&mut chunk[..room.min(8192)]);
        match Pin::new(&mut *this.stream).poll_read(cx, &mut part) {
            Poll::Ready(Ok(())) => {
                let n = part.filled().len();
                out.put_slice(part.filled());
                this.gave(n);
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => match this.deadline.as_mut().poll(cx) {
                Poll::Ready(()) => this.late(),
                Poll::Pending => Poll::Pending,
            },
        }
    }
}

impl AsyncWrite for OneRequest<'_> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if !this.routed() {
            return Poll::Ready(Ok(this.hold_back(data)));
        }
        let polled = Pin::new(&mut *this.stream).poll_write(cx, data);
        this.watch(cx, polled)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if !this.routed() {
            return Poll::Ready(Ok(bufs.iter().map(|b| this.hold_back(b)).sum()));
        }
        let polled = Pin::new(&mut *this.stream).poll_write_vectored(cx, bufs);
        this.watch(cx, polled)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut *this.stream).poll_flush(cx);
        this.watch(cx, polled)
    }

    /// The connection outlives the request: only flushed.
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.poll_flush(cx)
    }
}

/// A refusal written here, before or instead of the router: a short text, the security
/// headers of every answer, and the connection's end.
fn answer(status: StatusCode, message: &str) -> Vec<u8> {
    let mut text = format!(
        "HTTP/1.1 {} {}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\ncache-control: no-store\r\n",
        status.as_u16(),
        status.canonical_reason().unwrap_or("Error"),
        message.len() + 1
    );
    for (name, value) in guard::SECURITY_HEADERS {
        text.push_str(name);
        text.push_str(": ");
        text.push_str(value);
        text.push_str("\r\n");
    }
    text.push_str("\r\n");
    text.push_str(message);
    text.push('\n');
    text.into_bytes()
}

/// Answers a request that cannot be served, then closes.
async fn refuse(stream: &mut TcpStream, limits: &Limits, status: StatusCode, started: Instant) {
    let message = match status {
        StatusCode::REQUEST_TIMEOUT => format!(
            "The request's headers did not arrive within {} s (the server's --header-timeout).",
            limits.header.as_secs()
        ),
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => format!(
            "The request's headers are too large: at most {MAX_HEADERS} lines and {} KiB.",
            MAX_HEAD / 1024
        ),
        _ => "The request could not be read: it is not well-formed HTTP/1.1.".to_string(),
    };
    let _ = tokio::time::timeout(
        Duration::from_secs(2),
        stream.write_all(&answer(status, &message)),
    )
    .await;
    log(limits, status, started);
    linger(stream).await;
}

/// Ends the connection after an answer, reading (and dropping) for a moment what the client
/// still sends, so that closing with it unread does not reset the connection before the
/// client has the answer.
async fn linger(stream: &mut TcpStream) {
    let _ = stream.shutdown().await;
    let until = Instant::now() + LINGER.0;
    let mut sink = vec![0u8; 16 * 1024];
    let mut dropped = 0;
    while dropped < LINGER.1 {
        match tokio::time::timeout_at(until, stream.read(&mut sink)).await {
            Ok(Ok(n)) if n > 0 => dropped += n,
            _ => break,
        }
    }
}

/// The log line of a request refused before any route saw it: no method or path (it may
/// not have one, and a path can hold a plan's token).
fn log(limits: &Limits, status: StatusCode, started: Instant) {
    if limits.log {
        eprintln!(
            "{} - - {} {:.1}ms",
            chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ"),
            status.as_u16(),
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(buf: &[u8]) -> Option<u16> {
        match check(buf) {
            Ok(_) => None,
            Err(Unread::Bad(s)) => Some(s.as_u16()),
            Err(Unread::Closed) => Some(0),
        }
    }

    #[test]
    fn heads_are_checked_as_hyper_reads_them() {
        let ok = |b: &[u8]| match check(b) {
            Ok(Some(head)) => (head.len, head.body),
            _ => panic!("{}", String::from_utf8_lossy(b)),
        };
        assert_eq!(ok(b"GET / HTTP/1.1\r\nHost: a\r\n\r\nrest"), (27, Some(0)));
        assert_eq!(
            ok(b"POST / HTTP/1.1\r\nContent-Length: 5, 5\r\n\r\n").1,
            Some(5)
        );
        assert_eq!(
            ok(b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n").1,
            None
        );
        assert!(matches!(check(b"GET / HTTP/1.1\r\nHost"), Ok(None)));
        for bad in [
            &b"GET / HTTP/9.9\r\n\r\n"[..],
            b"G\x01T / HTTP/1.1\r\n\r\n",
            b"GET / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
            b"GET / HTTP/1.1\r\nContent-Length: +5\r\n\r\n",
            b"GET / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
            b"GET / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
            b"GET / HTTP/1.1\r\nBad Name: x\r\n\r\n",
        ] {
            assert_eq!(status(bad), Some(400), "{}", String::from_utf8_lossy(bad));
        }
        let many = format!("GET / HTTP/1.1\r\n{}\r\n", "X: y\r\n".repeat(101));
        assert_eq!(status(many.as_bytes()), Some(431));
    }

    #[test]
    fn the_head_ends_at_its_empty_line() {
        assert_eq!(head_end(b"GET / HTTP/1.1\r\n\r\nbody", 0), Some(18));
        assert_eq!(head_end(b"GET / HTTP/1.1\n\nbody", 0), Some(16));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nA: b\r\n", 0), None);
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nA: b\r\n\r\n", 21), Some(24));
    }
}
