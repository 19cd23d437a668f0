//! `cargo bench --bench serve`: `aftercare serve` (the release binary, its own process) under
//! 50 concurrent keep-alive connections on loopback, one phase after another:
//!
//! 1. baseline: the stylesheet, a static response from the same server (the stack's floor);
//! 2. the feed: `/p/{token}/calendar.ics` over 200 stored plans, for 60 s, with the server's
//!    memory sampled every 5 s;
//! 3. the feed answered 304 (`If-None-Match`);
//! 4. plan creations: `POST /api/plans` (a plan made, its calendar rendered, a row written);
//! 5. under attack: `/healthz` (10 connections) and the feed (40) side by side, first quiet,
//!    then while 4 clients flood `POST /api/suggest` with a year of 15-minute slots and 20
//!    slow clients send half a request head, a byte a second (reconnecting when cut off);
//!    each p99 under attack as a ratio to the quiet one.
//!
//! Prints requests/s, p50 and p99 latency per phase, and each phase's throughput as a ratio to
//! the baseline measured in the same run (this machine's absolute speed varies between
//! instances). The client runs on the same 2 cores as the server, so the figures are a floor.
//! `AFTERCARE_BENCH_SECS` sets the short phases' length (default 10) and
//! `AFTERCARE_BENCH_FEED_SECS` the feed's (default 60). No timing is asserted anywhere.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const CONNECTIONS: usize = 50;
const HEAVY_SUGGEST: &str = r#"{"from": "2027-01-01", "to": "2027-12-31", "tz": "Europe/Berlin", "step": "15m", "workouts": ["mon,wed,fri 18:00 1h weights", "sat 09:00 90m running"]}"#;
const PLAN: &str = r#"{"at": "2027-02-05 16:00", "tz": "Europe/London", "minutes": 30, "workouts": ["mon,wed,fri 18:00 60m weights", "sat 09:00 90m running"], "sweat": "heavy", "areas": ["forehead"]}"#;

fn secs(name: &str, default: u64) -> Duration {
    Duration::from_secs(
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default),
    )
}

/// One phase's results.
struct Phase {
    name: &'static str,
    requests: usize,
    elapsed: Duration,
    latencies: Vec<u32>,
    statuses: std::collections::BTreeMap<u16, usize>,
}

impl Phase {
    fn rate(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }

    fn percentile(&self, p: f64) -> f64 {
        let mut l = self.latencies.clone();
        l.sort_unstable();
        l[((l.len() - 1) as f64 * p) as usize] as f64 / 1000.0
    }
}

/// Sends one request on a keep-alive connection and reads the response; its status.
async fn exchange(
    stream: &mut tokio::io::BufReader<TcpStream>,
    request: &[u8],
    body: &mut Vec<u8>,
) -> u16 {
    stream.get_mut().write_all(request).await.unwrap();
    let mut line = String::new();
    stream.read_line(&mut line).await.unwrap();
    let status: u16 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    let mut length = 0usize;
    loop {
        line.clear();
        stream.read_line(&mut line).await.unwrap();
        if line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap();
        }
    }
    body.resize(length, 0);
    stream.read_exact(body).await.unwrap();
    status
}

/// `requests[i % len]` from each of the connections until `length` has passed.
async fn phase(
    name: &'static str,
    addr: &str,
    requests: Arc<Vec<Vec<u8>>>,
    length: Duration,
) -> Phase {
    phase_on(name, addr, requests, length, CONNECTIONS).await
}

/// [`phase`] over `connections` connections.
async fn phase_on(
    name: &'static str,
    addr: &str,
    requests: Arc<Vec<Vec<u8>>>,
    length: Duration,
    connections: usize,
) -> Phase {
    let started = Instant::now();
    let deadline = started + length;
    let mut tasks = Vec::new();
    for c in 0..connections {
        let addr = addr.to_string();
        let requests = requests.clone();
        tasks.push(tokio::spawn(async move {
            let mut stream = tokio::io::BufReader::new(TcpStream::connect(&addr).await.unwrap());
            let mut latencies = Vec::new();
            let mut statuses = std::collections::BTreeMap::new();
            let mut body = Vec::new();
            let mut i = c;
            while Instant::now() < deadline {
                let t = Instant::now();
                let status = exchange(&mut stream, &requests[i % requests.len()], &mut body).await;
                latencies.push(t.elapsed().as_micros() as u32);
                *statuses.entry(status).or_insert(0) += 1;
                i += connections;
            }
            (latencies, statuses)
        }));
    }
    let mut latencies = Vec::new();
    let mut statuses = std::collections::BTreeMap::new();
    for task in tasks {
        let (l, s) = task.await.unwrap();
        latencies.extend(l);
        for (k, v) in s {
            *statuses.entry(k).or_insert(0) += v;
        }
    }
    Phase {
        name,
        requests: latencies.len(),
        elapsed: started.elapsed(),
        latencies,
        statuses,
    }
}

/// Posts heavy suggestions back to back on one connection until `deadline`; the statuses.
async fn suggest_flood(addr: String, deadline: Instant) -> std::collections::BTreeMap<u16, usize> {
    let request = format!(
        "POST /api/suggest HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{HEAVY_SUGGEST}",
        HEAVY_SUGGEST.len()
    )
    .into_bytes();
    let mut statuses = std::collections::BTreeMap::new();
    let mut stream = tokio::io::BufReader::new(TcpStream::connect(&addr).await.unwrap());
    let mut body = Vec::new();
    while Instant::now() < deadline {
        let status = exchange(&mut stream, &request, &mut body).await;
        *statuses.entry(status).or_insert(0) += 1;
    }
    statuses
}

/// Sends half a request head, then a byte a second, reconnecting whenever the server cuts
/// it off, until `deadline`; how many times it was cut off.
async fn slow_client(addr: String, deadline: Instant) -> usize {
    let mut cut = 0;
    while Instant::now() < deadline {
        let Ok(mut stream) = TcpStream::connect(&addr).await else {
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        };
        if stream
            .write_all(format!("GET / HTTP/1.1\r\nHost: {addr}\r\nX-Slow: ").as_bytes())
            .await
            .is_err()
        {
            cut += 1;
            continue;
        }
        let mut sink = [0u8; 1024];
        while Instant::now() < deadline {
            tokio::select! {
                read = stream.read(&mut sink) => {
                    if matches!(read, Ok(0) | Err(_)) {
                        cut += 1;
                        break;
                    }
                }
                () = tokio::time::sleep(Duration::from_secs(1)) => {
                    if stream.write_all(b"a").await.is_err() {
                        cut += 1;
                        break;
                    }
                }
            }
        }
    }
    cut
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).map(|v| v.parse().unwrap_or(0)))
        })
        .unwrap_or(0)
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Command::new(env!("CARGO_BIN_EXE_aftercare"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--quiet",
            "--rate-limit",
            "0",
            // The client's 50 connections and the attackers' come from one address.
            "--max-connections-per-address",
            "0",
            // ...and so do its creations: a day's store budget (50 MiB) would refuse them
            // after about 20,000 plans, and the phase would measure 429s.
            "--store-budget-kib",
            "0",
            "--db",
        ])
        .arg(dir.path().join("plans.db"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split_whitespace()
        .nth(2)
        .unwrap()
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let pid = server.id();
    let short = secs("AFTERCARE_BENCH_SECS", 10);
    let feed_length = secs("AFTERCARE_BENCH_FEED_SECS", 60);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let get = |path: &str, extra: &str| format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n{extra}\r\n").into_bytes();
        let post = format!(
            "POST /api/plans HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{PLAN}",
            PLAN.len()
        )
        .into_bytes();

        // 200 stored plans to read.
        let mut stream = tokio::io::BufReader::new(TcpStream::connect(&addr).await.unwrap());
        let mut body = Vec::new();
        let mut feeds = Vec::new();
        let mut conditional = Vec::new();
        for _ in 0..200 {
            assert_eq!(exchange(&mut stream, &post, &mut body).await, 201);
            let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
            let path = format!("/p/{}/calendar.ics", json["token"].as_str().unwrap());
            let status = exchange(&mut stream, &get(&path, ""), &mut body).await;
            assert_eq!(status, 200);
            feeds.push(get(&path, ""));
            conditional.push(path);
        }
        // The ETags, for the 304 phase.
        let mut with_tags = Vec::new();
        for path in &conditional {
            let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n");
            stream.get_mut().write_all(request.as_bytes()).await.unwrap();
            let mut etag = String::new();
            let mut line = String::new();
            let mut length = 0;
            loop {
                line.clear();
                stream.read_line(&mut line).await.unwrap();
                if line == "\r\n" {
                    break;
                }
                let lower = line.to_ascii_lowercase();
                if let Some(v) = lower.strip_prefix("etag:") {
                    etag = v.trim().to_string();
                }
                if let Some(v) = lower.strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap();
                }
            }
            body.resize(length, 0);
            stream.read_exact(&mut body).await.unwrap();
            with_tags.push(get(path, &format!("If-None-Match: {etag}\r\n")));
        }
        println!("feed body: {} bytes; {CONNECTIONS} connections; server pid {pid}", body.len());

        let baseline = phase("baseline: static stylesheet", &addr, Arc::new(vec![get("/static/app.css", "")]), short).await;
        let rss_before = rss_kib(pid);
        let sampler = tokio::spawn(async move {
            let mut samples = Vec::new();
            let started = Instant::now();
            while started.elapsed() < feed_length {
                tokio::time::sleep(Duration::from_secs(5)).await;
                samples.push(rss_kib(pid));
            }
            samples
        });
        let feed = phase("feed (200 plans)", &addr, Arc::new(feeds.clone()), feed_length).await;
        let samples = sampler.await.unwrap();
        let not_modified = phase("feed, 304 (If-None-Match)", &addr, Arc::new(with_tags), short).await;
        let creations = phase("plan creations (POST /api/plans)", &addr, Arc::new(vec![post.clone()]), short).await;

        println!("{:<36} {:>10} {:>9} {:>9} {:>12}  statuses", "phase", "req/s", "p50 ms", "p99 ms", "x baseline");
        for p in [&baseline, &feed, &not_modified, &creations] {
            println!(
                "{:<36} {:>10.0} {:>9.2} {:>9.2} {:>12.3}  {:?}",
                p.name,
                p.rate(),
                p.percentile(0.5),
                p.percentile(0.99),
                p.rate() / baseline.rate(),
                p.statuses
            );
        }
        println!("server RSS: {rss_before} KiB before the feed phase; every 5 s during it: {samples:?} KiB");

        // Under attack, beside the same traffic measured quiet just before.
        let healthz = Arc::new(vec![get("/healthz", "")]);
        let feeds = Arc::new(feeds);
        let (quiet_health, quiet_feed) = tokio::join!(
            phase_on("quiet: /healthz", &addr, healthz.clone(), short, 10),
            phase_on("quiet: feed", &addr, feeds.clone(), short, 40),
        );
        let deadline = Instant::now() + short;
        let floods: Vec<_> = (0..4).map(|_| tokio::spawn(suggest_flood(addr.clone(), deadline))).collect();
        let slow: Vec<_> = (0..20).map(|_| tokio::spawn(slow_client(addr.clone(), deadline))).collect();
        let (attacked_health, attacked_feed) = tokio::join!(
            phase_on("attacked: /healthz", &addr, healthz.clone(), short, 10),
            phase_on("attacked: feed", &addr, feeds.clone(), short, 40),
        );
        let mut suggest_statuses = std::collections::BTreeMap::new();
        for flood in floods {
            for (k, v) in flood.await.unwrap() {
                *suggest_statuses.entry(k).or_insert(0) += v;
            }
        }
        let mut cut = 0;
        for client in slow {
            cut += client.await.unwrap();
        }
        println!("\n{:<36} {:>10} {:>9} {:>9} {:>12}  statuses", "phase (4 suggest floods, 20 slow)", "req/s", "p50 ms", "p99 ms", "p99 x quiet");
        for (p, quiet) in [(&quiet_health, &quiet_health), (&quiet_feed, &quiet_feed), (&attacked_health, &quiet_health), (&attacked_feed, &quiet_feed)] {
            println!(
                "{:<36} {:>10.0} {:>9.2} {:>9.2} {:>12.2}  {:?}",
                p.name,
                p.rate(),
                p.percentile(0.5),
                p.percentile(0.99),
                p.percentile(0.99) / quiet.percentile(0.99),
                p.statuses
            );
        }
        println!("suggest floods' answers: {suggest_statuses:?}; slow clients cut off {cut} times");
    });
    let _ = server.kill();
    let _ = server.wait();
}
