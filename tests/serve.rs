//! `aftercare serve`, driven over HTTP on a loopback port: the API, the pages, the feed, the
//! revisions, deletion, and every refusal.

mod common;

use std::collections::BTreeSet;

use common::server::{Reply, Server};
use common::{Dir, save_calendar};

const BODY: &str = r#"{"at": "2027-02-05 16:00", "tz": "Europe/London", "minutes": 30,
    "workouts": ["mon,wed,fri 18:00 60m weights"], "sweat": "heavy",
    "areas": ["forehead"], "product": "botox", "discreet": false}"#;

fn token_of(reply: &Reply) -> String {
    reply.json()["token"].as_str().unwrap().to_string()
}

/// The UIDs of a calendar's events, with their SEQUENCE (0 when absent).
fn uids(ics: &str) -> Vec<(String, u32)> {
    let unfolded = ics.replace("\r\n ", "");
    let mut out = Vec::new();
    for event in unfolded.split("BEGIN:VEVENT").skip(1) {
        let field = |name: &str| {
            event
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .map(|v| v.trim().to_string())
        };
        out.push((
            field("UID:").unwrap(),
            field("SEQUENCE:").map_or(0, |s| s.parse().unwrap()),
        ));
    }
    out
}

#[test]
fn a_plan_from_the_api_is_the_cli_s_plan_with_absolute_links() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &["--base-url", "https://plans.example.com"]);
    let reply = server.post_json("/api/plans", BODY);
    assert_eq!(reply.status, 201, "{}", reply.text());
    let json = reply.json();
    let token = token_of(&reply);
    assert_eq!(token.len(), 22);
    assert_eq!(json["url"], format!("https://plans.example.com/p/{token}"));
    assert_eq!(
        json["ics_url"],
        format!("https://plans.example.com/p/{token}/calendar.ics")
    );
    assert_eq!(
        json["webcal_url"],
        format!("webcal://plans.example.com/p/{token}/calendar.ics")
    );

    let cli = dir.run(&[
        "plan",
        "--at",
        "2027-02-05 16:00",
        "--tz",
        "Europe/London",
        "--minutes",
        "30",
        "--workout",
        "mon,wed,fri 18:00 60m weights",
        "--sweat",
        "heavy",
        "--area",
        "forehead",
        "--product",
        "botox",
        "--format",
        "json",
        "-o",
        "-",
    ]);
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    let cli: serde_json::Value = serde_json::from_slice(&cli.stdout).unwrap();
    assert_eq!(json["plan"], cli);

    let again = server.get(&format!("/api/plans/{token}"));
    assert_eq!(again.status, 200);
    assert_eq!(again.json()["plan"], cli);
}

#[test]
fn the_feed_is_a_subscription_that_answers_conditional_requests() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &[]);
    let token = token_of(&server.post_json("/api/plans", BODY));
    let feed = server.get(&format!("/p/{token}/calendar.ics"));
    assert_eq!(feed.status, 200);
    assert_eq!(
        feed.header("content-type"),
        Some("text/calendar; charset=utf-8")
    );
    assert!(
        feed.header("content-disposition")
            .unwrap()
            .contains("filename=\"aftercare.ics\"")
    );
    assert!(feed.header("cache-control").unwrap().contains("private"));
    let ics = feed.text();
    save_calendar("serve-feed", &ics);
    assert!(ics.contains("REFRESH-INTERVAL;VALUE=DURATION:PT60M\r\n"));
    assert!(ics.contains("X-PUBLISHED-TTL:PT60M\r\n"));
    // The token is in the calendar only as the way back to the plan: its page (the calendar's
    // URL and the appointment's), never the feed's own address.
    let unfolded = ics.replace("\r\n ", "");
    assert_eq!(
        unfolded.matches(&token).count(),
        unfolded.matches(&format!("/p/{token}\r\n")).count()
            + unfolded.matches(&format!("/p/{token}\\n")).count(),
        "{unfolded}"
    );
    assert!(!unfolded.contains("calendar.ics"));
    let etag = feed.header("etag").unwrap().to_string();
    assert!(etag.starts_with('"') && etag.ends_with('"'));

    let cached = server.request(
        "GET",
        &format!("/p/{token}/calendar.ics"),
        &[("If-None-Match", &etag)],
        b"",
    );
    assert_eq!(cached.status, 304);
    assert!(cached.body.is_empty());
    assert_eq!(cached.header("etag"), Some(etag.as_str()));
    let other = server.request(
        "GET",
        &format!("/p/{token}/calendar.ics"),
        &[("If-None-Match", "\"other\"")],
        b"",
    );
    assert_eq!(other.status, 200);
    assert_eq!(
        other.text(),
        ics,
        "the same calendar every time: re-imports update, never duplicate"
    );
}

#[test]
fn a_setback_revises_the_feed_in_place_with_a_higher_sequence() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &[]);
    let token = token_of(&server.post_json("/api/plans", BODY));
    let before = server.get(&format!("/p/{token}/calendar.ics"));
    let old = uids(&before.text());
    assert!(old.iter().all(|(_, seq)| *seq == 0));

    let reply = server.post_json(
        &format!("/api/plans/{token}/setback"),
        r#"{"at": "2027-02-06 10:00"}"#,
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json()["revision"], 1);
    assert_eq!(
        reply.json()["plan"]["appointment"]["setbacks"][0],
        "2027-02-06T10:00:00+00:00"
    );

    let after = server.request(
        "GET",
        &format!("/p/{token}/calendar.ics"),
        &[("If-None-Match", before.header("etag").unwrap())],
        b"",
    );
    assert_eq!(after.status, 200, "a new ETag after a revision");
    assert_ne!(after.header("etag"), before.header("etag"));
    let ics = after.text();
    save_calendar("serve-feed-setback", &ics);
    let new = uids(&ics);
    assert!(new.iter().all(|(_, seq)| *seq == 1), "{new:?}");
    let new_ids: BTreeSet<_> = new.iter().map(|(u, _)| u.clone()).collect();
    for (uid, _) in &old {
        assert!(new_ids.contains(uid), "event {uid} kept its UID");
    }

    // The plan's setback stage, in the API's plan, the feed and the page (in the first stage,
    // it stays there: there is none to step back to).
    let stages = reply.json()["plan"]["stages"].as_array().unwrap().clone();
    let back = stages
        .iter()
        .find(|s| s["setback"] == true)
        .expect("a stage stepped back to");
    assert_eq!(back["start"], "2027-02-06T10:00:00+00:00");
    assert_eq!(back["end"], "2027-02-07T10:00:00+00:00");
    assert!(
        ics.replace("\r\n ", "")
            .contains("SUMMARY:Setback: Settle until Sun 7 Feb 10:00")
    );
    let page = server.get(&format!("/p/{token}")).text();
    assert!(page.contains("Your aftercare plan"));
    assert!(
        page.contains(
            "You reported more swelling at Sat 6 Feb 2027 10:00. The plan keeps you in its first \
             stage until Sun 7 Feb 2027 10:00, with no heat"
        ),
        "{page}"
    );
}

#[test]
fn exercising_too_soon_adds_the_check_ins_to_the_page_and_the_feed() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &[]);
    let token = token_of(&server.post_json("/api/plans", BODY));
    let signs = |ics: &str| ics.replace("\r\n ", "").matches("slurred speech").count();
    let plain = server.get(&format!("/p/{token}/calendar.ics")).text();
    let before = signs(&plain);
    let reply = server.post_urlencoded(&format!("/p/{token}/oops"), "at=2027-02-05T19%3A00");
    assert_eq!(reply.status, 303, "{}", reply.text());
    assert_eq!(
        reply.header("location"),
        Some(format!("/p/{token}").as_str())
    );
    let page = server.get(&format!("/p/{token}")).text();
    assert!(
        page.contains("You exercised at Fri 5 Feb 2027 19:00"),
        "{page}"
    );
    let ics = server.get(&format!("/p/{token}/calendar.ics")).text();
    save_calendar("serve-feed-oops", &ics);
    assert!(ics.contains("UID:") && ics.contains("SEQUENCE:1"));
    assert_eq!(ics.matches("BEGIN:VCALENDAR").count(), 1);
    // The check-ins do not say the warning signs again: the calendar says them once.
    assert_eq!(signs(&ics), before, "no check-in repeats them");
    let api = server.get(&format!("/api/plans/{token}")).json();
    let checks = api["monitoring"]["checks"].as_array().unwrap();
    assert!(!checks.is_empty());
    assert_eq!(
        uids(&ics).len(),
        uids(&plain).len() + checks.len(),
        "one event per check-in"
    );
    for check in checks {
        assert!(
            ics.replace("\r\n ", "")
                .contains(check["title"].as_str().unwrap())
        );
    }
}

#[test]
fn deleted_unknown_and_malformed_plans_all_answer_410_alike() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &[]);
    let token = token_of(&server.post_json("/api/plans", BODY));
    assert_eq!(
        server
            .request("DELETE", &format!("/api/plans/{token}"), &[], b"")
            .status,
        204
    );
    let unknown = "AAAAAAAAAAAAAAAAAAAAAA";
    for path in [
        format!("/p/{token}"),
        format!("/p/{unknown}"),
        "/p/not-a-token".to_string(),
        format!("/p/{token}x"),
    ] {
        assert_eq!(server.get(&path).status, 410, "{path}");
    }
    let bodies: BTreeSet<Vec<u8>> = [token.as_str(), unknown, "short", "%2e%2e"]
        .iter()
        .map(|t| {
            let r = server.get(&format!("/p/{t}/calendar.ics"));
            assert_eq!(r.status, 410);
            r.body
        })
        .collect();
    assert_eq!(bodies.len(), 1, "a client cannot tell them apart");
    let api: BTreeSet<String> = [token.as_str(), unknown]
        .iter()
        .map(|t| {
            let r = server.get(&format!("/api/plans/{t}"));
            assert_eq!(r.status, 410);
            r.text()
        })
        .collect();
    assert_eq!(api.len(), 1);
    assert_eq!(
        server
            .request("DELETE", &format!("/api/plans/{token}"), &[], b"")
            .status,
        410
    );
    // The page's own delete button.
    let token = token_of(&server.post_json("/api/plans", BODY));
    // First it asks, and nothing is erased yet; the question's own button erases.
    let reply = server.post_urlencoded(&format!("/p/{token}/delete"), "");
    assert_eq!(reply.status, 200);
    let asked = reply.text();
    assert!(asked.contains("<h1>Delete your plan?</h1>"), "{asked}");
    assert!(asked.contains("name=\"confirm\" value=\"yes\""));
    assert!(asked.contains(&format!("href=\"/p/{token}\">No, keep my plan")));
    assert_eq!(server.get(&format!("/p/{token}/calendar.ics")).status, 200);
    let reply = server.post_urlencoded(&format!("/p/{token}/delete"), "confirm=no");
    assert!(reply.text().contains("Delete your plan?"));
    assert_eq!(server.get(&format!("/p/{token}")).status, 200);
    let reply = server.post_urlencoded(&format!("/p/{token}/delete"), "confirm=yes");
    assert_eq!(reply.status, 200);
    assert!(reply.text().contains("Your plan is deleted"));
    assert_eq!(server.get(&format!("/p/{token}/calendar.ics")).status, 410);
    // Asking about a plan that is gone: gone.
    let reply = server.post_urlencoded(&format!("/p/{token}/delete"), "");
    assert_eq!(reply.status, 410);
}

#[test]
fn guessing_tokens_finds_nothing() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &[]);
    let real = token_of(&server.post_json("/api/plans", BODY));
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    for _ in 0..300 {
        let guess: String = (0..22)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                    [(seed % 64) as usize] as char
            })
            .collect();
        if guess != real {
            assert_eq!(server.get(&format!("/p/{guess}/calendar.ics")).status, 410);
        }
    }
    assert_eq!(server.get(&format!("/p/{real}/calendar.ics")).status, 200);
}

#[test]
fn bad_requests_name_the_field_and_change_nothing() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &[]);
    for (body, status, field, words) in [
        (
            r#"{"at": "2027-02-30 16:00", "tz": "Europe/London"}"#,
            422,
            Some("at"),
            "2027-02-30",
        ),
        (
            r#"{"at": "2027-02-05 16:00", "tz": "Europe/Londn"}"#,
            422,
            Some("tz"),
            "Europe/London",
        ),
        (
            r#"{"at": "2027-02-05 16:00", "tz": "UTC", "minutes": 0}"#,
            422,
            Some("minutes"),
            "0",
        ),
        (
            r#"{"at": "2027-02-05 16:00", "tz": "UTC", "workouts": ["someday 18:00 1h weights"]}"#,
            422,
            Some("workouts"),
            "someday",
        ),
        (
            r#"{"at": "2027-02-05 16:00", "tz": "UTC", "sweat": "buckets"}"#,
            422,
            Some("sweat"),
            "buckets",
        ),
        (
            r#"{"at": "2027-02-05 16:00", "tz": "UTC", "protocol": "other"}"#,
            422,
            Some("protocol"),
            "default",
        ),
        (
            r#"{"at": "2027-03-28 01:30", "tz": "Europe/London"}"#,
            422,
            Some("at"),
            "01:30",
        ),
        (
            r#"{"at": "2027-02-05 16:00", "tz": "UTC", "colour": "red"}"#,
            400,
            None,
            "colour",
        ),
        (r#"not json"#, 400, None, "JSON"),
    ] {
        let reply = server.post_json("/api/plans", body);
        assert_eq!(reply.status, status, "{body}: {}", reply.text());
        assert_eq!(reply.header("content-type"), Some("application/json"));
        let json = reply.json();
        assert_eq!(json["error"]["field"].as_str(), field, "{body}");
        assert!(
            json["error"]["message"].as_str().unwrap().contains(words),
            "{body}: {json}"
        );
    }
    let token = token_of(&server.post_json("/api/plans", BODY));
    let early = server.post_json(
        &format!("/api/plans/{token}/setback"),
        r#"{"at": "2027-02-05 15:00"}"#,
    );
    assert_eq!(early.status, 422);
    assert_eq!(early.json()["error"]["field"], "setbacks");
    assert_eq!(
        server.get(&format!("/api/plans/{token}")).json()["revision"],
        0,
        "nothing changed"
    );

    let huge = format!(
        r#"{{"at": "2027-02-05 16:00", "tz": "UTC", "workouts": ["{}"]}}"#,
        "x".repeat(3 * 1024 * 1024)
    );
    let reply = server.post_json("/api/plans", &huge);
    assert_eq!(reply.status, 413);
    assert_eq!(reply.json()["error"]["field"], serde_json::Value::Null);

    let suggest = server.post_json("/api/suggest", r#"{"from": "2027-02-01", "to": "2027-02-07", "tz": "Europe/London", "workouts": ["mon,wed,fri 18:00 60m weights"]}"#);
    assert_eq!(suggest.status, 200, "{}", suggest.text());
    assert!(!suggest.json()["suggestions"].as_array().unwrap().is_empty());
    let bad = server.post_json(
        "/api/suggest",
        r#"{"from": "2027-02-01", "to": "2027-02-07", "tz": "UTC", "step": "never"}"#,
    );
    assert_eq!(bad.status, 422);
    assert_eq!(bad.json()["error"]["field"], "step");
}

#[test]
fn other_sites_cannot_change_a_plan() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &[]);
    let token = token_of(&server.post_json("/api/plans", BODY));
    for headers in [
        vec![("Origin", "https://evil.example")],
        vec![("Sec-Fetch-Site", "cross-site")],
        vec![
            ("Sec-Fetch-Site", "same-site"),
            ("Origin", "https://sub.evil.example"),
        ],
    ] {
        for path in [
            format!("/p/{token}/delete"),
            format!("/p/{token}/setback"),
            "/plans".to_string(),
        ] {
            let mut h = headers.clone();
            h.push(("Content-Type", "application/x-www-form-urlencoded"));
            let reply = server.request("POST", &path, &h, b"at=");
            assert_eq!(reply.status, 403, "{path} {headers:?}");
        }
        let api = server.request("DELETE", &format!("/api/plans/{token}"), &headers, b"");
        assert_eq!(api.status, 403);
        assert_eq!(
            api.json()["error"]["message"],
            "Refused: this request came from another site."
        );
    }
    assert_eq!(
        server.get(&format!("/api/plans/{token}")).status,
        200,
        "still there"
    );
}

#[test]
fn too_many_changes_from_one_address_wait_a_minute() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &["--rate-limit", "3"]);
    for _ in 0..3 {
        assert_eq!(server.post_json("/api/plans", BODY).status, 201);
    }
    let reply = server.post_json("/api/plans", BODY);
    assert_eq!(reply.status, 429);
    let wait: u64 = reply.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait));
    // Reading is not limited: calendars poll.
    assert_eq!(server.get("/healthz").status, 200);
}

#[test]
fn every_response_carries_the_security_headers() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &[]);
    let token = token_of(&server.post_json("/api/plans", BODY));
    for path in [
        "/".to_string(),
        format!("/p/{token}"),
        format!("/p/{token}/calendar.ics"),
        format!("/p/{token}/handout"),
        "/nowhere".into(),
        "/p/gone".into(),
        "/static/app.css".into(),
        "/healthz".into(),
    ] {
        let reply = server.get(&path);
        let csp = reply
            .header("content-security-policy")
            .unwrap_or_else(|| panic!("{path}"));
        assert!(
            csp.contains("default-src 'none'")
                && csp.contains("script-src 'self'")
                && !csp.contains("unsafe-inline"),
            "{path}"
        );
        assert_eq!(
            reply.header("referrer-policy"),
            Some("no-referrer"),
            "{path}"
        );
        assert_eq!(
            reply.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert!(
            reply.header("x-robots-tag").unwrap().contains("noindex"),
            "{path}"
        );
        if path.starts_with("/p/") && path != "/p/gone" {
            assert!(
                reply
                    .header("cache-control")
                    .unwrap()
                    .starts_with("private"),
                "{path}"
            );
        }
        // No inline script anywhere: the only script is a file.
        let text = String::from_utf8_lossy(&reply.body);
        assert!(
            !text.contains("<script>") && !text.contains("onclick="),
            "{path}"
        );
    }
}

#[test]
fn the_form_makes_a_plan_and_comes_back_with_errors_next_to_the_fields() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &[]);
    let form = server.get("/");
    assert_eq!(form.status, 200);
    let html = form.text();
    for needle in [
        "name=\"date\"",
        "name=\"tz\"",
        "<option value=\"Europe/London\">Europe/London</option>",
        "name=\"w0_days\"",
        "name=\"calendar\"",
        "value=\"forehead\"",
    ] {
        assert!(html.contains(needle), "{needle}");
    }
    let good = [
        ("date", "2027-02-05"),
        ("time", "16:00"),
        ("minutes", "30"),
        ("tz", "Europe/London"),
        ("areas", "forehead"),
        ("sweat", "heavy"),
        ("w0_days", "mon"),
        ("w0_days", "wed"),
        ("w0_time", "18:00"),
        ("w0_minutes", "60"),
        ("w0_activity", "weights"),
    ];
    let reply = server.post_form("/plans", &good, None);
    assert_eq!(reply.status, 303, "{}", reply.text());
    let page_path = reply.header("location").unwrap().to_string();
    let page = server.get(&page_path).text();
    assert!(page.contains("Weight training, 60 min"), "{page}");
    assert!(page.contains("<svg") && page.contains("Your recovery at a glance"));

    let bad = [
        ("date", "2027-02-30"),
        ("time", "16:00"),
        ("minutes", "30"),
        ("tz", "Europe/London"),
        ("w0_days", "mon"),
        ("w0_time", "18:00"),
        ("w0_activity", "weights"),
        ("w1_days", "tue"),
        ("w1_time", "07:00"),
        ("w1_minutes", "45"),
        ("w1_activity", "running"),
    ];
    let reply = server.post_form("/plans", &bad, None);
    assert_eq!(reply.status, 422);
    let html = reply.text();
    assert!(
        html.contains("id=\"w0-error\""),
        "the incomplete row is pointed at"
    );
    assert!(html.contains("please give the minutes"));
    assert!(html.contains("value=\"2027-02-30\""), "values are kept");
    assert!(html.contains("value=\"45\""));
    assert!(html.contains("<option value=\"Europe/London\" selected>Europe/London</option>"));
    // The summary on top lists the problem, linked to its field; the field has the focus;
    // the title says there is an error.
    assert!(html.contains("<title>Error: Your aftercare plan</title>"));
    let summary = html.find("class=\"error-summary\"").expect("a summary");
    assert!(summary < html.find("<h1>").unwrap());
    assert!(html[summary..].contains("<a href=\"#w0\">Workout 1: please give the minutes.</a>"));
    assert_eq!(html.matches(" autofocus").count(), 1);
    assert!(html.contains("value=\"mon\" checked id=\"w0\" aria-invalid=\"true\" aria-describedby=\"w0-error\" autofocus"));

    // A setback before the appointment ended: a sentence next to the setback button, and
    // the page's summary and title say it; nothing changes.
    let early = server.post_urlencoded(&format!("{page_path}/setback"), "at=2027-02-05T16%3A10");
    assert_eq!(early.status, 422);
    let html = early.text();
    assert!(html.contains("<title>Error: Your aftercare plan</title>"));
    let sentence = "That time is before your appointment ended (";
    assert!(html.contains(sentence), "{html}");
    assert!(!html.contains("setbacks: invalid value"), "{html}");
    let field = html
        .find("id=\"setbacks\" value=\"2027-02-05T16:10\" aria-invalid=\"true\" aria-describedby=\"setbacks-error\" autofocus")
        .expect("the field in error, focused, with what was typed");
    let button = html[field..].find("Update my plan</button>").unwrap();
    assert!(
        html[field..field + button].contains(sentence),
        "the sentence is between the field and its button"
    );
    assert!(html.find("<a href=\"#setbacks\">").unwrap() < html.find("<h1>").unwrap());
    assert!(
        !server
            .get(&page_path)
            .text()
            .contains("You reported more swelling")
    );

    let bad_date = [
        ("date", "2027-02-30"),
        ("time", "16:00"),
        ("tz", "Europe/London"),
    ];
    let html = server.post_form("/plans", &bad_date, None).text();
    assert!(
        html.contains("id=\"date-error\"") && html.contains("2027-02-30"),
        "{html}"
    );
}

/// HTML text with its entities read back (named and numeric, as escapers write them).
fn unescaped(html: &str) -> String {
    [
        ("&lt;", "<"),
        ("&#60;", "<"),
        ("&gt;", ">"),
        ("&#62;", ">"),
        ("&quot;", "\""),
        ("&#34;", "\""),
        ("&#39;", "'"),
        ("&amp;", "&"),
        ("&#38;", "&"),
    ]
    .iter()
    .fold(html.to_string(), |text, (entity, c)| {
        text.replace(entity, c)
    })
}

#[test]
fn hostile_text_is_shown_as_text_everywhere() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &[]);
    let hostile = r#"<script>alert(1)</script>"><img src=x onerror=alert(2)>"#;
    let body = serde_json::json!({
        "at": "2027-02-05 16:00", "tz": "Europe/London",
        "habits": {"workout": [{"name": hostile, "activity": "running", "days": "sat", "at": "09:00", "minutes": 60}]}
    });
    let reply = server.post_json("/api/plans", &body.to_string());
    assert_eq!(reply.status, 201, "{}", reply.text());
    let token = token_of(&reply);
    for path in [format!("/p/{token}"), format!("/p/{token}/handout")] {
        let html = server.get(&path).text();
        // Escaped (whichever entities the escaper picks): shown as the text it is, and never
        // markup.
        assert!(unescaped(&html).contains(hostile), "{path}");
        assert!(
            !html.contains("<img") && !html.contains("<script>"),
            "{path}"
        );
    }
    // In form fields, and in the error that quotes them.
    let reply = server.post_form(
        "/plans",
        &[("date", "2027-02-05"), ("time", "16:00"), ("tz", hostile)],
        None,
    );
    assert_eq!(reply.status, 422);
    let html = reply.text();
    assert!(
        !html.contains("<img") && !html.contains("<script>alert"),
        "{html}"
    );
    // And in an uploaded calendar's event titles.
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:1@t\r\nDTSTAMP:20270101T000000Z\r\nDTSTART:20270206T090000Z\r\nDTEND:20270206T100000Z\r\nSUMMARY:<img src=x onerror=alert(3)> run\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let reply = server.post_form(
        "/plans",
        &[
            ("date", "2027-02-05"),
            ("time", "16:00"),
            ("tz", "Europe/London"),
        ],
        Some(("mine.ics", ics.as_bytes())),
    );
    assert_eq!(reply.status, 303, "{}", reply.text());
    let page = server.get(reply.header("location").unwrap()).text();
    assert!(
        page.contains("&lt;img src=x onerror=alert(3)&gt; run"),
        "the imported session is on the page"
    );
    assert!(!page.contains("<img"));
}

#[test]
fn path_tricks_reach_nothing() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &[]);
    for path in [
        "/static/../Cargo.toml",
        "/static/%2e%2e/Cargo.toml",
        "/static/..%2fCargo.toml",
        "/p/../../etc/passwd",
        "/p/%2e%2e%2f%2e%2e%2fetc%2fpasswd/calendar.ics",
        "/static/app.css%00.js",
        "//etc/passwd",
        "/static/",
        "/api/plans/../../healthz",
    ] {
        let reply = server.get(path);
        assert!(
            matches!(reply.status, 400 | 404 | 410),
            "{path}: {}",
            reply.status
        );
        let text = String::from_utf8_lossy(&reply.body);
        assert!(
            !text.contains("[package]") && !text.contains("root:"),
            "{path}"
        );
    }
}

#[test]
fn the_database_keeps_no_token_and_survives_a_crash() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &[]);
    let tokens: Vec<String> = (0..20)
        .map(|_| token_of(&server.post_json("/api/plans", BODY)))
        .collect();
    let log = server.log.lock().unwrap().clone();
    let db = server.db.clone();
    server.kill();
    let mut stored = Vec::new();
    for ext in ["", "-wal", "-shm"] {
        let path = format!("{}{ext}", db.display());
        if let Ok(bytes) = std::fs::read(&path) {
            stored.extend(bytes);
        }
    }
    for token in &tokens {
        assert!(
            !stored.windows(token.len()).any(|w| w == token.as_bytes()),
            "a token in the database"
        );
        assert!(!log.contains(token.as_str()), "a token in the log");
    }
    assert!(log.contains("POST /api/plans 201"), "{log}");
    let server = Server::start(dir.path(), &[]);
    for token in &tokens {
        assert_eq!(
            server.get(&format!("/p/{token}/calendar.ics")).status,
            200,
            "kept across kill -9"
        );
    }
}

#[test]
fn plans_are_purged_after_their_retention() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &["--retention-days", "0"]);
    let old =
        token_of(&server.post_json("/api/plans", r#"{"at": "2021-03-01 10:00", "tz": "UTC"}"#));
    let new = token_of(&server.post_json("/api/plans", BODY));
    server.kill();
    // The purge runs when the server starts, then every hour.
    let server = Server::start(dir.path(), &["--retention-days", "0"]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(server.get(&format!("/p/{old}")).status, 410);
    assert_eq!(server.get(&format!("/p/{new}")).status, 200);
}

#[test]
fn a_bad_flag_stops_the_server_before_it_listens() {
    let dir = Dir::new();
    for (args, code, words) in [
        (vec!["serve", "--listen", "nowhere"], 2, "--listen"),
        (
            vec![
                "serve",
                "--base-url",
                "ftp://x",
                "--listen",
                "127.0.0.1:0",
                "--db",
                "p.db",
            ],
            2,
            "--base-url",
        ),
        (
            vec!["serve", "--protocol", "missing.toml", "--db", "p.db"],
            1,
            "missing.toml",
        ),
        (
            vec!["serve", "--max-body-kib", "0", "--db", "p.db"],
            2,
            "--max-body-kib",
        ),
    ] {
        let out = dir.run(&args);
        assert_eq!(out.status.code(), Some(code), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(words), "{args:?}: {err}");
    }
}

#[test]
fn the_plan_s_page_offers_the_calendar_first_and_shows_only_days_that_hold_something() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &["--base-url", "https://plans.example.com"]);
    let token = token_of(&server.post_json("/api/plans", BODY));
    let page = server.get(&format!("/p/{token}")).text();
    let days = &page[page.find("id=\"days-h\"").unwrap()..];
    let days = &days[..days.find("</section>").unwrap()];
    // The follow-up's day is there; the quiet days between the full routine and it are not.
    assert!(days.contains("Fri 19 Feb"), "{days}");
    for quiet in ["Thu 11 Feb", "Sat 13 Feb", "Thu 18 Feb"] {
        assert!(!days.contains(quiet), "{quiet}: {days}");
    }
    // The calendar (the subscription and the download) and the warning signs come first.
    let at = |needle: &str| page.find(needle).unwrap_or_else(|| panic!("{needle}"));
    assert!(at("id=\"cal-h\"") < at("id=\"warn-h\"") && at("id=\"warn-h\"") < at("id=\"days-h\""));
    assert!(page.contains(&format!(
        "href=\"webcal://plans.example.com/p/{token}/calendar.ics\""
    )));
    assert!(page.contains(&format!("href=\"/p/{token}/calendar.ics\" download")));
    let handout = server.get(&format!("/p/{token}/handout")).text();
    assert!(
        handout.contains("<h2>Check-ins and follow-up</h2>"),
        "{handout}"
    );
}

#[test]
fn the_appointment_says_where_and_each_check_in_links_the_page() {
    let dir = Dir::new();
    let clinic = format!(
        "{}/fixtures/clinic/example.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let server = Server::start(dir.path(), &["--clinic", &clinic]);
    let reply = server.post_json("/api/plans", BODY);
    assert_eq!(reply.status, 201, "{}", reply.text());
    let token = token_of(&reply);
    let page = reply.json()["url"].as_str().unwrap().to_string();
    let ics = server.get(&format!("/p/{token}/calendar.ics")).text();
    save_calendar("serve-location-links", &ics);
    let unfolded = ics.replace("\r\n ", "");
    let events: Vec<&str> = unfolded.split("BEGIN:VEVENT").skip(1).collect();
    let with = |category: &str| -> Vec<&str> {
        events
            .iter()
            .copied()
            .filter(|e| {
                e.lines()
                    .any(|l| l.starts_with("CATEGORIES:") && l.contains(category))
            })
            .collect()
    };
    let appointment = with("Appointment");
    assert_eq!(appointment.len(), 1);
    assert!(
        appointment[0].contains("\r\nLOCATION:1 Example Street\\, London\r\n"),
        "{}",
        appointment[0]
    );
    let link = format!("\r\nURL;VALUE=URI:{page}\r\n");
    let check_ins = with("Check-in");
    assert!(!check_ins.is_empty());
    assert!(check_ins.iter().all(|e| e.contains(&link)), "{check_ins:?}");
    // Care reminders (a cold compress) need no page.
    assert!(with("Care").iter().all(|e| !e.contains("URL;")));
    // Discreet titles: no address either.
    let discreet = server.post_json(
        "/api/plans",
        &BODY.replace("\"discreet\": false", "\"discreet\": true"),
    );
    assert_eq!(discreet.status, 201, "{}", discreet.text());
    let ics = server
        .get(&format!("/p/{}/calendar.ics", token_of(&discreet)))
        .text();
    assert!(!ics.contains("LOCATION"), "{ics}");
}

#[test]
fn a_workout_row_names_its_activity_or_is_pointed_at() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &[]);
    let form = server.get("/").text();
    assert!(
        form.contains("<option value=\"\" selected>Choose an activity</option>"),
        "no activity is chosen for the patient"
    );
    let reply = server.post_form(
        "/plans",
        &[
            ("date", "2027-02-05"),
            ("time", "16:00"),
            ("minutes", "30"),
            ("tz", "Europe/London"),
            ("w0_days", "mon"),
            ("w0_time", "18:00"),
            ("w0_minutes", "60"),
            ("w0_activity", ""),
        ],
        None,
    );
    assert_eq!(reply.status, 422);
    assert!(
        reply
            .text()
            .contains("Workout 1: please give the activity."),
        "{}",
        reply.text()
    );
}

#[test]
fn a_setback_in_the_first_stage_says_the_plan_stays_in_it() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &[]);
    let page_after = |setback: &str| {
        let body = format!(
            r#"{{"at": "2027-02-05 16:00", "tz": "Europe/London", "setbacks": ["{setback}"]}}"#
        );
        let reply = server.post_json("/api/plans", &body);
        assert_eq!(reply.status, 201, "{}", reply.text());
        let token = reply.json()["token"].as_str().unwrap().to_string();
        server.get(&format!("/p/{token}")).text()
    };
    // The next morning: still the first stage, there is none before it.
    let early = page_after("2027-02-06 09:00");
    assert!(
        early.contains("The plan keeps you in its first stage until"),
        "{early}"
    );
    assert!(!early.contains("steps back one stage"));
    // Day 4, in a later stage: one stage back.
    let later = page_after("2027-02-09 09:00");
    assert!(
        later.contains("The plan steps back one stage until"),
        "{later}"
    );
}
