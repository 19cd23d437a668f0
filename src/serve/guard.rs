//! What every request goes through, around the handlers: state-changing requests from another
//! site are refused (a link's owner must not be made to post by a page elsewhere), rate limits
//! per client address, the security headers of every response, and one log line per request
//! in which a plan's token never appears.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::App;

/// The Content-Security-Policy of every response: nothing from elsewhere, no inline script
/// or style; the pages' one script and stylesheet come from `/static/`.
pub(crate) const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The security headers of every answer, the server's own refusals included.
pub(crate) const SECURITY_HEADERS: [(&str, &str); 6] = [
    ("content-security-policy", CSP),
    ("referrer-policy", "no-referrer"),
    ("x-content-type-options", "nosniff"),
    ("x-robots-tag", "noindex, nofollow"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
];

/// What a body past the limit is told, wherever it is found.
pub(crate) fn too_large(max_body: usize) -> String {
    format!(
        "The request is larger than this server accepts: at most {} KiB.",
        max_body / 1024
    )
}

/// Rate limits, the same-origin rule and logging.
pub(crate) struct Guard {
    per_minute: u32,
    /// Suggestions (the heaviest work) per address and minute: a third of `per_minute`.
    suggest_per_minute: u32,
    /// Behind a proxy: the addresses `X-Forwarded-For` is believed from. Empty when the
    /// server faces clients directly.
    proxies: Vec<Cidr>,
    origin: String,
    log: bool,
    windows: Windows,
    suggest_windows: Windows,
}

/// A one-minute window of counted requests per address.
#[derive(Default)]
struct Windows(Mutex<HashMap<IpAddr, (Instant, u32)>>);

impl Windows {
    /// Counts one request from `client`; `Some(seconds)` to wait when over `limit` (0: none).
    fn over(&self, limit: u32, client: IpAddr, now: Instant) -> Option<u64> {
        if limit == 0 {
            return None;
        }
        let mut windows = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if windows.len() > 100_000 {
            windows.retain(|_, (start, _)| now.duration_since(*start) < Duration::from_secs(60));
        }
        let (start, count) = windows.entry(client).or_insert((now, 0));
        if now.duration_since(*start) >= Duration::from_secs(60) {
            *start = now;
            *count = 0;
        }
        *count += 1;
        (*count > limit).then(|| 60 - now.duration_since(*start).as_secs().min(59))
    }
}

/// A block of addresses (`127.0.0.0/8`, `::1/128`, or one address).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl Cidr {
    /// The loopback blocks: a proxy on the same machine, the usual set-up.
    pub const LOOPBACK: [Cidr; 2] = [
        Cidr {
            network: IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 0)),
            prefix: 8,
        },
        Cidr {
            network: IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
            prefix: 128,
        },
    ];

    /// Whether `ip` is in the block (an IPv4 address written as IPv6, `::ffff:a.b.c.d`,
    /// counts as the IPv4 one).
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        let bits = |a: IpAddr| -> (u128, u8) {
            match a {
                IpAddr::V4(v4) => (u128::from(u32::from(v4)), 32),
                IpAddr::V6(v6) => (u128::from(v6), 128),
            }
        };
        let ((net, width), (addr, addr_width)) = (bits(self.network), bits(ip));
        if width != addr_width {
            return false;
        }
        let host = u32::from(width - self.prefix);
        net.checked_shr(host) == addr.checked_shr(host) || self.prefix == 0
    }
}

impl std::str::FromStr for Cidr {
    type Err = String;

    /// `ADDRESS/PREFIX` or one address; the error says what is expected.
    fn from_str(text: &str) -> Result<Self, String> {
        let expected = || "an address or a block such as 10.0.0.0/8 or fd00::/8".to_string();
        let (addr, prefix) = match text.trim().split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text.trim(), None),
        };
        let network: IpAddr = addr.parse().map_err(|_| expected())?;
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(expected)?,
            None => max,
        };
        Ok(Cidr { network, prefix })
    }
}

impl Guard {
    pub(crate) fn new(per_minute: u32, proxies: Vec<Cidr>, origin: String, log: bool) -> Self {
        Guard {
            per_minute,
            suggest_per_minute: per_minute.div_ceil(3),
            proxies,
            origin,
            log,
            windows: Windows::default(),
            suggest_windows: Windows::default(),
        }
    }

    /// Counts one state-changing request from `client`; `Some(seconds)` to wait when over
    /// the limit (a fixed one-minute window per address).
    fn over_limit(&self, client: IpAddr, now: Instant) -> Option<u64> {
        self.windows.over(self.per_minute, client, now)
    }

    /// Counts one request for suggestions, against their own smaller budget.
    fn over_suggest_limit(&self, client: IpAddr, now: Instant) -> Option<u64> {
        self.suggest_windows
            .over(self.suggest_per_minute, client, now)
    }

    /// A request from another site: `Sec-Fetch-Site` says so (every current browser sends
    /// it), or, without it, `Origin` names another site. `Sec-Fetch-Site` comes first because
    /// this server's `Referrer-Policy: no-referrer` makes browsers send `Origin: null` with
    /// its own forms. Requests with neither (a clinic's system calling the API) are not a
    /// browser's.
    fn cross_site(&self, headers: &HeaderMap) -> bool {
        if let Some(site) = headers.get("sec-fetch-site") {
            return !matches!(site.as_bytes(), b"same-origin" | b"none");
        }
        let Some(origin) = headers.get(header::ORIGIN) else {
            return false;
        };
        if origin.as_bytes() == self.origin.as_bytes() {
            return false;
        }
        // The server reached by another of its names (`localhost` for `127.0.0.1`): the
        // browser's Origin then names the host it asked, which a page elsewhere cannot set.
        let host = headers.get(header::HOST).map(HeaderValue::as_bytes);
        let origin_host = origin
            .to_str()
            .ok()
            .and_then(|o| o.split_once("://"))
            .map(|(_, host)| host.as_bytes());
        host.is_none() || origin_host != host
    }

    /// The client's address: the connection's, or, when that is a trusted proxy, the address
    /// the proxy vouches for (the last `X-Forwarded-For` entry: the proxy appends the address
    /// it saw). A client that connects directly cannot choose its address by sending the
    /// header itself.
    pub(crate) fn client_address(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.proxies.iter().any(|p| p.contains(peer)) {
            return peer;
        }
        headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(peer)
    }

    fn client(&self, request: &Request) -> Option<IpAddr> {
        let peer = request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())?;
        Some(self.client_address(peer, request.headers()))
    }
}

/// Whether the request asks for suggestions: the API's, or the desk's page with its form filled.
fn suggests(request: &Request) -> bool {
    let path = request.uri().path();
    path == "/api/suggest" || (path == "/desk/suggest" && request.uri().query().is_some())
}

/// The middleware: refuse, or run the handler; then the headers and the log line.
pub(crate) async fn check(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = redact(request.uri().path());
    let api = request.uri().path().starts_with("/api/");
    let changes = !matches!(method, Method::GET | Method::HEAD | Method::OPTIONS);
    let guard = &app.guard;
    let exchange = request
        .extensions()
        .get::<Arc<super::conn::Exchange>>()
        .cloned();
    // The declared length is enough to refuse, before a byte of the body is read.
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.trim().parse::<u64>().ok());
    let client = guard.client(&request);
    let wait = |over: fn(&Guard, IpAddr, Instant) -> Option<u64>| {
        client.and_then(|client| over(guard, client, started))
    };
    let suggests = suggests(&request);
    let mut response = if declared.is_some_and(|n| n > app.max_body as u64) {
        let mut r = refuse(api, StatusCode::PAYLOAD_TOO_LARGE, &too_large(app.max_body));
        r.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        r
    } else if changes && guard.cross_site(request.headers()) {
        refuse(
            api,
            StatusCode::FORBIDDEN,
            "Refused: this request came from another site.",
        )
    } else if let Some(wait) = changes
        .then(|| wait(Guard::over_limit))
        .flatten()
        .or_else(|| suggests.then(|| wait(Guard::over_suggest_limit))?)
    {
        let mut r = refuse(
            api,
            StatusCode::TOO_MANY_REQUESTS,
            "Too many requests from your address: please wait a minute.",
        );
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(wait));
        r
    } else {
        next.run(request).await
    };
    // The body missed its deadline: whatever the handler made of a body cut short, the
    // answer is that it came too slowly.
    if let Some(exchange) = exchange.filter(|e| e.late()) {
        response = refuse(api, StatusCode::REQUEST_TIMEOUT, &exchange.late_message());
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    let headers = response.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        headers.insert(name, HeaderValue::from_static(value));
    }
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    if guard.log {
        eprintln!(
            "{} {method} {path} {} {:.1}ms",
            chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ"),
            response.status().as_u16(),
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    response
}

/// A refusal, as JSON for the API and as a short page otherwise.
pub(crate) fn refuse(api: bool, status: StatusCode, message: &str) -> Response {
    if api {
        super::api::error(status, None, message)
    } else {
        (status, super::pages::message_page("Refused", message)).into_response()
    }
}

/// The path as logged: a plan's token (the segment after `/p/`, `/desk/p/` or `/api/plans/`)
/// and a day's list id (after `/desk/day/`) become `{token}`, and the query string is never
/// logged. A path that no route knows can still carry a token where the routes do not put it
/// (`/P/…`, `/p%2F…`, `/p/./…`, `/…`): any run of [`SECRET_RUN`] or more characters of a token's
/// alphabet becomes `{token}` too. No route has a segment that long.
pub(crate) fn redact(path: &str) -> String {
    let segments: Vec<&str> = path.split('/').collect();
    let mut out = Vec::with_capacity(segments.len());
    for (i, segment) in segments.iter().enumerate() {
        let before = |n: usize| i.checked_sub(n).map(|j| segments[j]);
        let secret = !segment.is_empty()
            && (before(1) == Some("p")
                || (before(1) == Some("plans") && before(2) == Some("api"))
                || (before(1) == Some("day") && before(2) == Some("desk")));
        out.push(if secret { "{token}" } else { segment });
    }
    let joined = out.join("/");
    // Whatever else a path holds is the client's: keep the log one printable line.
    let printable: String = joined
        .chars()
        .take(200)
        .map(|c| if c.is_ascii_graphic() { c } else { '?' })
        .collect();
    let mut logged = String::with_capacity(printable.len());
    let mut run = String::new();
    let flush = |run: &mut String, logged: &mut String| {
        if run.chars().count() >= SECRET_RUN {
            logged.push_str("{token}");
        } else {
            logged.push_str(run);
        }
        run.clear();
    };
    for c in printable.chars() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            run.push(c);
        } else {
            flush(&mut run, &mut logged);
            logged.push(c);
        }
    }
    flush(&mut run, &mut logged);
    logged
}

/// The shortest run of token characters (`A-Z a-z 0-9 - _`) the log never shows: shorter
/// than a token (22) or a day's list id, longer than any segment of a route.
const SECRET_RUN: usize = 16;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_never_reach_the_log() {
        let token = "AAAAAAAAAAAAAAAAAAAAAA";
        assert_eq!(redact(&format!("/p/{token}")), "/p/{token}");
        assert_eq!(
            redact(&format!("/p/{token}/calendar.ics")),
            "/p/{token}/calendar.ics"
        );
        assert_eq!(
            redact(&format!("/api/plans/{token}/setback")),
            "/api/plans/{token}/setback"
        );
        assert_eq!(redact("/api/plans"), "/api/plans");
        assert_eq!(
            redact(&format!("/desk/p/{token}/send")),
            "/desk/p/{token}/send"
        );
        assert_eq!(
            redact(&format!("/desk/day/{token}/calendars.zip")),
            "/desk/day/{token}/calendars.zip"
        );
        assert_eq!(redact("/desk/day"), "/desk/day");
        assert_eq!(redact("/"), "/");
        assert_eq!(redact("/x\ny"), "/x?y");
        // Paths no route knows, which still carry a token.
        let token = "Zm9vYmFyYmF6cXV4LV9fMQ";
        for path in [
            format!("/P/{token}"),
            format!("/p%2F{token}"),
            format!("/p/./{token}"),
            format!("/{token}"),
            format!("/p/{token}%00"),
            format!("/static/{token}.css"),
            format!("/api/x/{token}?t={token}"),
        ] {
            let logged = redact(&path);
            assert!(!logged.contains(&token[2..18]), "{path} logged as {logged}");
        }
        // What routes are stays readable.
        for path in [
            "/api/suggest",
            "/static/app.css",
            "/desk/settings",
            "/healthz",
        ] {
            assert_eq!(redact(path), path);
        }
    }

    #[test]
    fn forwarded_addresses_are_believed_from_trusted_proxies_only() {
        let guard = Guard::new(60, Cidr::LOOPBACK.to_vec(), String::new(), false);
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("6.6.6.6, 203.0.113.9"),
        );
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        // From the proxy on this machine: the address it appended.
        assert_eq!(
            guard.client_address(ip("127.0.0.1"), &headers),
            ip("203.0.113.9")
        );
        assert_eq!(guard.client_address(ip("::1"), &headers), ip("203.0.113.9"));
        // A client connecting directly: its own address, whatever it sends.
        assert_eq!(
            guard.client_address(ip("198.51.100.7"), &headers),
            ip("198.51.100.7")
        );
        // Not behind a proxy at all.
        let direct = Guard::new(60, Vec::new(), String::new(), false);
        assert_eq!(
            direct.client_address(ip("127.0.0.1"), &headers),
            ip("127.0.0.1")
        );
        // Blocks.
        let block: Cidr = "10.1.0.0/16".parse().unwrap();
        assert!(block.contains(ip("10.1.200.3")) && !block.contains(ip("10.2.0.1")));
        assert!(block.contains(ip("::ffff:10.1.0.1")));
        let v6: Cidr = "fd00::/8".parse().unwrap();
        assert!(v6.contains(ip("fd12::1")) && !v6.contains(ip("fe80::1")));
        assert!("0.0.0.0/0".parse::<Cidr>().unwrap().contains(ip("8.8.8.8")));
        for bad in ["10.0.0.0/33", "example.com", "10.0.0.0/x", ""] {
            assert!(bad.parse::<Cidr>().is_err(), "{bad}");
        }
    }

    #[test]
    fn the_limit_counts_per_address_and_resets_each_minute() {
        let guard = Guard::new(2, Vec::new(), "http://a".into(), false);
        let (a, b): (IpAddr, IpAddr) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        let t = Instant::now();
        assert_eq!(guard.over_limit(a, t), None);
        assert_eq!(guard.over_limit(a, t), None);
        assert!(guard.over_limit(a, t).is_some());
        assert_eq!(guard.over_limit(b, t), None);
        assert_eq!(guard.over_limit(a, t + Duration::from_secs(61)), None);
    }

    #[test]
    fn suggestions_have_a_third_of_the_budget_on_their_own() {
        let guard = Guard::new(6, Vec::new(), "http://a".into(), false);
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let t = Instant::now();
        assert_eq!(guard.over_suggest_limit(a, t), None);
        assert_eq!(guard.over_suggest_limit(a, t), None);
        assert!(guard.over_suggest_limit(a, t).is_some());
        // Plans are counted apart.
        assert_eq!(guard.over_limit(a, t), None);
        let none = Guard::new(0, Vec::new(), "http://a".into(), false);
        assert!((0..100).all(|_| none.over_suggest_limit(a, t).is_none()));
    }

    #[test]
    fn cross_site_state_changes_are_recognised() {
        let guard = Guard::new(0, Vec::new(), "https://plans.example.com".into(), false);
        let headers = |pairs: &[(&'static str, &'static str)]| {
            let mut h = HeaderMap::new();
            for (k, v) in pairs {
                h.insert(*k, HeaderValue::from_static(v));
            }
            h
        };
        assert!(!guard.cross_site(&headers(&[])));
        assert!(!guard.cross_site(&headers(&[("origin", "https://plans.example.com")])));
        assert!(guard.cross_site(&headers(&[("origin", "https://evil.example")])));
        assert!(guard.cross_site(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(guard.cross_site(&headers(&[("sec-fetch-site", "same-site")])));
        assert!(!guard.cross_site(&headers(&[
            ("sec-fetch-site", "same-origin"),
            ("origin", "https://plans.example.com")
        ])));
        assert!(!guard.cross_site(&headers(&[
            ("origin", "http://localhost:8080"),
            ("host", "localhost:8080")
        ])));
        assert!(guard.cross_site(&headers(&[
            ("origin", "http://evil.example"),
            ("host", "localhost:8080")
        ])));
    }
}
