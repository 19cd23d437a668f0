//! `aftercare serve` under a hostile client, on loopback: slow heads and bodies, huge declared
//! lengths, too many connections, requests hyper cannot read, floods of suggestions. Each case
//! once held the server or answered without its security headers.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::Dir;
use common::server::Server;

/// What a raw exchange got: the bytes, whether the server closed the connection, and when.
struct Raw {
    bytes: Vec<u8>,
    closed: bool,
    elapsed: Duration,
}

impl Raw {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).to_string()
    }

    fn status(&self) -> Option<u16> {
        self.text().split_whitespace().nth(1)?.parse().ok()
    }

    fn has_csp(&self) -> bool {
        self.text()
            .to_ascii_lowercase()
            .contains("content-security-policy: default-src 'none'")
    }
}

/// Sends `data`, then reads until the server closes the connection or `wait` passes.
fn raw(server: &Server, data: &[u8], wait: Duration) -> Raw {
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    let started = Instant::now();
    let _ = stream.write_all(data);
    read_until_closed(&mut stream, started, wait)
}

fn read_until_closed(stream: &mut TcpStream, started: Instant, wait: Duration) -> Raw {
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 16384];
    loop {
        let left = wait.saturating_sub(started.elapsed());
        if left.is_zero() {
            return Raw {
                bytes,
                closed: false,
                elapsed: started.elapsed(),
            };
        }
        stream.set_read_timeout(Some(left)).unwrap();
        match stream.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => bytes.extend_from_slice(&chunk[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            // A reset ends the connection as surely as a close.
            Err(_) => break,
        }
    }
    Raw {
        bytes,
        closed: true,
        elapsed: started.elapsed(),
    }
}

#[test]
fn half_sent_heads_are_closed_within_the_header_timeout() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &["--header-timeout", "1"]);
    let threads: Vec<_> = (0..20)
        .map(|i| {
            let addr = server.addr.clone();
            std::thread::spawn(move || {
                let mut stream = TcpStream::connect(&addr).unwrap();
                let started = Instant::now();
                stream
                    .write_all(format!("GET / HTTP/1.1\r\nHost: {addr}\r\n").as_bytes())
                    .unwrap();
                stream
                    .set_read_timeout(Some(Duration::from_millis(200)))
                    .unwrap();
                let mut chunk = [0u8; 4096];
                // Half of them keep sending a header line now and then, never the end.
                while started.elapsed() < Duration::from_secs(6) {
                    match stream.read(&mut chunk) {
                        Ok(0) => return Some(started.elapsed()),
                        Ok(_) => {}
                        Err(e)
                            if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) =>
                        {
                            if i % 2 == 1 {
                                let _ = stream.write_all(b"X-Slow: yes\r\n");
                            }
                        }
                        Err(_) => return Some(started.elapsed()),
                    }
                }
                None
            })
        })
        .collect();
    for (i, thread) in threads.into_iter().enumerate() {
        let closed = thread.join().unwrap();
        assert!(
            closed.is_some_and(|t| t < Duration::from_secs(3)),
            "socket {i} still open after 6 s, or closed late: {closed:?}"
        );
    }
    // The answer names the limit and what sets it.
    let reply = raw(
        &server,
        b"GET / HTTP/1.1\r\nHost: x\r\n",
        Duration::from_secs(5),
    );
    assert_eq!(reply.status(), Some(408), "{}", reply.text());
    assert!(
        reply
            .text()
            .contains("did not arrive within 1 s (the server's --header-timeout)"),
        "{}",
        reply.text()
    );
    // The server still answers.
    assert_eq!(server.get("/healthz").status, 200);
}

#[test]
fn a_trickling_body_is_cut_off_with_408() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &["--request-timeout", "2"]);
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    let started = Instant::now();
    stream
        .write_all(
            format!(
                "POST /api/plans HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{",
                server.addr
            )
            .as_bytes(),
        )
        .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_millis(300)))
        .unwrap();
    let mut got = Vec::new();
    let mut chunk = [0u8; 4096];
    while started.elapsed() < Duration::from_secs(8) {
        match stream.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&chunk[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                // A byte now and then, never the whole body.
                let _ = stream.write_all(b" ");
            }
            Err(_) => break,
        }
    }
    let text = String::from_utf8_lossy(&got).to_string();
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(
        text.contains("did not arrive within 2 s (the server's --request-timeout)"),
        "{text}"
    );
    assert!(
        text.to_ascii_lowercase()
            .contains("content-security-policy")
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_declared_length_over_the_limit_is_refused_at_once() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &[]);
    for path in ["/api/plans", "/plans"] {
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: 10000000000\r\n\r\n",
            server.addr
        );
        let reply = raw(&server, head.as_bytes(), Duration::from_secs(5));
        assert_eq!(reply.status(), Some(413), "{path}: {}", reply.text());
        assert!(reply.text().contains("2048 KiB"), "{}", reply.text());
        assert!(reply.has_csp());
        assert!(
            reply.elapsed < Duration::from_secs(2),
            "{:?}",
            reply.elapsed
        );
    }
}

#[test]
fn connections_per_address_are_limited() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &["--max-connections-per-address", "4"]);
    let mut open: Vec<TcpStream> = (0..4)
        .map(|_| TcpStream::connect(&server.addr).unwrap())
        .collect();
    let get = format!(
        "GET /healthz HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.addr
    );
    let refused = raw(&server, get.as_bytes(), Duration::from_secs(5));
    assert!(refused.closed, "the fifth connection is closed");
    assert_ne!(refused.status(), Some(200), "{}", refused.text());
    // One of the four goes away: its place is free again.
    drop(open.pop());
    let started = Instant::now();
    loop {
        let reply = raw(&server, get.as_bytes(), Duration::from_secs(5));
        if reply.status() == Some(200) {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{}",
            reply.text()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn requests_hyper_cannot_read_get_the_security_headers() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &[]);
    let host = &server.addr;
    let many = "X-Many: yes\r\n".repeat(101);
    for (data, status) in [
        (format!("GET /\u{1} HTTP/1.1\r\nHost: {host}\r\n\r\n"), 400),
        (format!("GET / HTTP/9.9\r\nHost: {host}\r\n\r\n"), 400),
        (
            format!(
                "GET / HTTP/1.1\r\nHost: {host}\r\nX-Big: {}\r\n\r\n",
                "a".repeat(40_000)
            ),
            431,
        ),
        (format!("GET / HTTP/1.1\r\nHost: {host}\r\n{many}\r\n"), 431),
    ] {
        let reply = raw(&server, data.as_bytes(), Duration::from_secs(5));
        assert_eq!(reply.status(), Some(status), "{}", reply.text());
        assert!(reply.has_csp(), "{}", reply.text());
        assert!(reply.closed);
    }
    // The bad request after a good one on the same connection too.
    let data = format!(
        "GET /healthz HTTP/1.1\r\nHost: {host}\r\n\r\nGET /\u{1} HTTP/1.1\r\nHost: {host}\r\n\r\n"
    );
    let reply = raw(&server, data.as_bytes(), Duration::from_secs(5));
    let text = reply.text();
    let second = &text[text.find("\r\n\r\nok\n").expect("the first answer") + 7..];
    assert!(second.starts_with("HTTP/1.1 400"), "{text}");
    assert!(
        second
            .to_ascii_lowercase()
            .contains("content-security-policy")
    );
}

#[test]
fn a_form_over_the_limit_is_413_saying_the_limit() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &[]);
    let big = vec![b'x'; 3 * 1024 * 1024];
    let reply = server.post_form(
        "/plans",
        &[("date", "2027-06-07"), ("time", "10:00")],
        Some(("big.ics", &big)),
    );
    assert_eq!(reply.status, 413, "{}", reply.text());
    assert!(reply.text().contains("2048 KiB"), "{}", reply.text());
    // Sent in chunks, with no length declared: found while reading, and said the same way.
    let boundary = "----aftercare-test-boundary-7c1f";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"calendar\"; filename=\"big.ics\"\r\nContent-Type: text/calendar\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(&big);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut data = format!(
        "POST /plans HTTP/1.1\r\nHost: {}\r\nOrigin: {}\r\nSec-Fetch-Site: same-origin\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nTransfer-Encoding: chunked\r\n\r\n",
        server.addr,
        server.base()
    )
    .into_bytes();
    for chunk in body.chunks(64 * 1024) {
        data.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        data.extend_from_slice(chunk);
        data.extend_from_slice(b"\r\n");
    }
    data.extend_from_slice(b"0\r\n\r\n");
    let reply = raw(&server, &data, Duration::from_secs(20));
    assert_eq!(reply.status(), Some(413), "{}", reply.text());
    assert!(reply.text().contains("2048 KiB"), "{}", reply.text());
    assert!(reply.has_csp());
}

#[test]
fn heavy_suggestions_leave_the_server_responsive() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &[]);
    // A year of hourly slots: accepted, and seconds of work in a debug build.
    let heavy = r#"{"from": "2027-01-01", "to": "2027-12-31", "tz": "Europe/Berlin", "step": "60m", "workouts": ["mon,wed,fri 18:00 1h weights", "sat 09:00 90m running"]}"#;
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let probe = {
        let addr = server.addr.clone();
        let done = done.clone();
        std::thread::spawn(move || {
            let mut worst = Duration::ZERO;
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                let started = Instant::now();
                let mut stream = TcpStream::connect(&addr).unwrap();
                stream
                    .write_all(
                        format!(
                            "GET /healthz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
                        )
                        .as_bytes(),
                    )
                    .unwrap();
                let reply = read_until_closed(&mut stream, started, Duration::from_secs(30));
                assert!(reply.text().starts_with("HTTP/1.1 200"), "{}", reply.text());
                worst = worst.max(reply.elapsed);
                std::thread::sleep(Duration::from_millis(50));
            }
            worst
        })
    };
    std::thread::sleep(Duration::from_millis(200));
    let floods: Vec<_> = (0..8)
        .map(|_| {
            let server_addr = server.addr.clone();
            std::thread::spawn(move || {
                let mut stream = TcpStream::connect(&server_addr).unwrap();
                let body = heavy.as_bytes();
                stream
                    .write_all(
                        format!(
                            "POST /api/suggest HTTP/1.1\r\nHost: {server_addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                            body.len()
                        )
                        .as_bytes(),
                    )
                    .unwrap();
                stream.write_all(body).unwrap();
                read_until_closed(&mut stream, Instant::now(), Duration::from_secs(60))
            })
        })
        .collect();
    let replies: Vec<Raw> = floods.into_iter().map(|t| t.join().unwrap()).collect();
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let worst = probe.join().unwrap();
    assert!(worst < Duration::from_secs(1), "/healthz took {worst:?}");
    let mut answered = 0;
    let mut busy = 0;
    for reply in &replies {
        match reply.status() {
            Some(200) => answered += 1,
            Some(503) => {
                assert!(reply.text().to_ascii_lowercase().contains("retry-after: 5"));
                assert!(reply.text().contains("try again"), "{}", reply.text());
                busy += 1;
            }
            _ => panic!("{}", reply.text()),
        }
    }
    // Two at work and four waiting at most: the rest are told to come back.
    assert!(answered >= 1, "{answered} answered");
    assert!(busy >= 2, "{busy} told to come back");
}

#[test]
fn plain_http_beyond_loopback_is_warned_about() {
    let dir = Dir::new();
    let mut child = Command::new(env!("CARGO_BIN_EXE_aftercare"))
        .args(["serve", "--listen", "0.0.0.0:0", "--quiet", "--db"])
        .arg(dir.path().join("plans.db"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            let _ = tx.send(line);
        }
    });
    let mut lines = Vec::new();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(10) {
        match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(line) => {
                let warned = line.contains("plain HTTP") && line.contains("sign-in");
                lines.push(line);
                if warned {
                    break;
                }
            }
            Err(_) if lines.len() >= 2 => break,
            Err(_) => {}
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        lines
            .iter()
            .any(|l| l.contains("plain HTTP") && l.contains("--base-url https://")),
        "{lines:?}"
    );
    // On loopback, no warning.
    let server = Server::start(dir.path(), &[]);
    std::thread::sleep(Duration::from_millis(200));
    assert!(!server.log.lock().unwrap().contains("plain HTTP"));
}

#[test]
fn a_base_url_with_credentials_is_refused() {
    let dir = Dir::new();
    let db = dir.path().join("plans.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_aftercare"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--base-url",
            "https://frontdesk:s3cret@plans.example.com",
            "--db",
        ])
        .arg(&db)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(
        status.and_then(|s| s.code()),
        Some(2),
        "still serving: {err}"
    );
    assert!(err.contains("--base-url"), "{err}");
    assert!(err.contains("user name or password"), "{err}");
    assert!(!err.contains("s3cret"), "{err}");
}

#[test]
fn a_client_that_stops_reading_loses_its_connection() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &["--send-timeout", "2"]);
    // Pipelined requests, none of whose answers is read: the answers fill the socket's
    // buffers, the server's write waits, and after --send-timeout the server ends the
    // connection, so the client's writes fail with a reset. Before, the server waited for as
    // long as the client liked, and the writes only ever blocked once its reads stopped.
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    stream
        .set_write_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    let request = format!("GET / HTTP/1.1\r\nHost: {}\r\n\r\n", server.addr).repeat(64);
    let started = Instant::now();
    let ended = loop {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the server still held the connection after 20 s"
        );
        match stream.write_all(request.as_bytes()) {
            Ok(()) => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(e) => break e,
        }
    };
    assert!(
        matches!(
            ended.kind(),
            ErrorKind::ConnectionReset | ErrorKind::BrokenPipe
        ),
        "{ended}"
    );
    // A client that reads slowly is not cut off: a kept-alive connection reads one answer a
    // second, each within the timeout.
    let mut slow = TcpStream::connect(&server.addr).unwrap();
    for _ in 0..3 {
        slow.write_all(
            format!("GET /healthz HTTP/1.1\r\nHost: {}\r\n\r\n", server.addr).as_bytes(),
        )
        .unwrap();
        let mut buf = [0u8; 4096];
        let n = slow.read(&mut buf).unwrap();
        assert!(
            buf[..n].starts_with(b"HTTP/1.1 200"),
            "{}",
            String::from_utf8_lossy(&buf[..n])
        );
        std::thread::sleep(Duration::from_secs(1));
    }
}
