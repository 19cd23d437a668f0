//! Follow-up e-mails that arrive: the plan's key moments sent to a real SMTP server on
//! loopback, each once: across re-runs, restarts and concurrent senders sharing the database;
//! never for a deleted plan or after an unsubscribe.

mod common;

use std::collections::BTreeSet;
use std::process::Output;

use chrono::{DateTime, Duration, Utc};
use common::server::Server;
use common::smtp::SmtpServer;

const FROM: &str = "Clínica Ejemplo <care@clinica.example>";

/// A plan for tomorrow at 14:00 in Madrid (forehead, Botox), as the API takes it.
fn request(extra: &str) -> String {
    let day = (Utc::now() + Duration::days(1)).format("%Y-%m-%d");
    format!(
        r#"{{"at": "{day} 14:00", "tz": "Europe/Madrid", "minutes": 30,
            "areas": ["forehead"], "product": "botox"{extra}}}"#
    )
}

fn consented(email: &str) -> String {
    request(&format!(r#", "email": "{email}", "follow_ups": true"#))
}

/// Makes a plan through the API; its token and the end of its appointment (T0).
fn make(server: &Server, body: &str) -> (String, DateTime<Utc>) {
    let reply = server.post_json("/api/plans", body);
    assert_eq!(reply.status, 201, "{}", reply.text());
    let json = reply.json();
    let end = DateTime::parse_from_rfc3339(json["plan"]["appointment"]["end"].as_str().unwrap())
        .unwrap()
        .with_timezone(&Utc);
    (json["token"].as_str().unwrap().to_string(), end)
}

/// `aftercare followups` on `server`'s database at `now`.
fn followups(server: &Server, smtp: &SmtpServer, now: DateTime<Utc>) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_aftercare"))
        .args(["followups", "--db"])
        .arg(&server.db)
        .args(["--smtp", &smtp.url(), "--mail-from", FROM, "--now"])
        .arg(now.to_rfc3339())
        .output()
        .unwrap()
}

/// How many `aftercare followups` says it sent.
fn sent(out: &Output) -> usize {
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text.trim()
        .strip_prefix("Follow-up e-mails: ")
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("unexpected output: {text}"))
}

/// The plan's own times, in order: its windows' ends, its stages' starts, its reminders and
/// its setbacks (the moments a follow-up can be due at), as the API gives them.
fn plan_times(server: &Server, token: &str) -> Vec<DateTime<Utc>> {
    let json = server.get(&format!("/api/plans/{token}")).json();
    let plan = &json["plan"];
    let at = |v: &serde_json::Value| {
        DateTime::parse_from_rfc3339(v.as_str().unwrap())
            .unwrap()
            .with_timezone(&Utc)
    };
    let mut times: Vec<DateTime<Utc>> = plan["windows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| at(&w["end"]))
        .chain(
            plan["reminders"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| at(&r["at"])),
        )
        .chain(
            plan["appointment"]["setbacks"]
                .as_array()
                .into_iter()
                .flatten()
                .map(at),
        )
        .collect();
    times.sort();
    times.dedup();
    times
}

/// `aftercare followups` a minute after each of `times` in `from..=to`, as cron would run it
/// (a message more than four hours late is dropped, so a test cannot jump to the end); what
/// each run sent, by run.
fn run_at(
    server: &Server,
    smtp: &SmtpServer,
    times: &[DateTime<Utc>],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<usize> {
    times
        .iter()
        .filter(|t| from <= **t && **t <= to)
        .map(|t| sent(&followups(server, smtp, *t + Duration::minutes(1))))
        .collect()
}

/// A header's value in a raw message (unfolded).
fn header(message: &[u8], name: &str) -> Option<String> {
    let text = String::from_utf8_lossy(message).replace("\r\n ", " ");
    let head = text
        .split("\r\n\r\n")
        .next()
        .unwrap_or_default()
        .to_string();
    head.lines().find_map(|l| {
        l.strip_prefix(name)
            .and_then(|rest| rest.strip_prefix(": "))
            .map(str::to_string)
    })
}

fn files_contain(dir: &std::path::Path, needle: &[u8]) -> bool {
    std::fs::read_dir(dir).unwrap().any(|entry| {
        let path = entry.unwrap().path();
        path.is_file()
            && std::fs::read(&path)
                .unwrap()
                .windows(needle.len())
                .any(|w| w == needle)
    })
}

#[test]
fn the_key_moments_arrive_once_never_for_a_deleted_plan_and_a_setback_adds_its_check_in() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["--rate-limit", "0"]);
    let smtp = SmtpServer::start("save");
    let (kept, t0) = make(&server, &consented("zebrafinch@example.com"));
    let (deleted, _) = make(&server, &consented("deleted@example.com"));
    make(&server, &request(""));
    assert_eq!(
        server
            .request("DELETE", &format!("/api/plans/{deleted}"), &[], b"")
            .status,
        204
    );
    assert!(
        !files_contain(dir.path(), b"zebrafinch@example.com"),
        "the address is sealed at rest"
    );

    // Nothing is due an hour after the appointment: the evening's comes at 18:00.
    assert_eq!(sent(&followups(&server, &smtp, t0 + Duration::hours(1))), 0);
    // The evening of day 0.
    assert_eq!(sent(&followups(&server, &smtp, t0 + Duration::hours(4))), 1);
    let evening = &smtp.received()[0];
    assert_eq!(
        header(evening, "Subject").as_deref(),
        Some("Tonight, after your treatment")
    );
    // A setback the next morning: its check-in joins the queue.
    let setback_at = (t0 + Duration::hours(20))
        .with_timezone(&chrono_tz::Europe::Madrid)
        .format("%Y-%m-%d %H:%M")
        .to_string();
    let reply = server.post_json(
        &format!("/api/plans/{kept}/setback"),
        &format!(r#"{{"at": "{setback_at}"}}"#),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());

    // Cron, a minute after each of the revised plan's times.
    let times = plan_times(&server, &kept);
    let runs = run_at(
        &server,
        &smtp,
        &times,
        t0 + Duration::hours(4),
        t0 + Duration::days(30),
    );
    let first: usize = runs.iter().sum();
    let last = *times.last().unwrap() + Duration::minutes(1);
    let again = sent(&followups(&server, &smtp, last));
    let received = smtp.received();
    eprintln!(
        "follow-ups: 1 on the evening, {first} more in {} cron runs, {again} on a re-run; {} received",
        runs.len(),
        received.len()
    );
    // Each at its moment, in the plan's order: the setback as reported (the next morning) and
    // its check-in a day later; exercise waits for the setback's step back to end, so it comes
    // with heat (48 h); the check-in (day 4 once the plan is revised), the full routine, the
    // results day.
    let order: Vec<String> = received
        .iter()
        .map(|m| header(m, "Subject").unwrap())
        .collect();
    assert_eq!(
        order,
        [
            "Tonight, after your treatment",
            "After the setback you reported: your plan now",
            "A day after the setback: how is it now?",
            "From now: heat and exercise are fine again",
            "Check-in: day 4",
            "From now: your usual routine",
            "Your results, and your follow-up visit",
        ]
    );
    assert_eq!(first, 6);
    assert_eq!(again, 0, "a re-run sends nothing twice");
    for m in &received {
        assert_eq!(header(m, "To").as_deref(), Some("zebrafinch@example.com"));
        let stop = header(m, "List-Unsubscribe").unwrap();
        assert!(
            stop.starts_with(&format!("<{}/u/", server.base())),
            "{stop}"
        );
        assert_eq!(
            header(m, "List-Unsubscribe-Post").as_deref(),
            Some("List-Unsubscribe=One-Click")
        );
        let body = String::from_utf8_lossy(m).replace("=\r\n", "");
        assert!(body.contains("/u/"), "the link is in the text too");
        assert!(
            body.contains(&format!("{}/p/{kept}", server.base())),
            "every message leads back to the plan's page: {body}"
        );
    }
    let results = received
        .iter()
        .find(|m| header(m, "Subject").unwrap().starts_with("Your results"))
        .unwrap();
    assert!(String::from_utf8_lossy(results).contains("follow-up"));
}

#[test]
fn four_senders_sharing_the_database_send_each_message_once() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["--rate-limit", "0"]);
    let smtp = SmtpServer::start("save");
    let tokens: Vec<String> = (0..20)
        .map(|i| make(&server, &consented(&format!("patient{i}@example.com"))).0)
        .collect();
    // The plans' times, and four cron jobs started together a minute after each.
    let mut times: Vec<DateTime<Utc>> =
        tokens.iter().flat_map(|t| plan_times(&server, t)).collect();
    times.sort();
    times.dedup();
    let mut counts = [0usize; 4];
    for at in &times {
        let runs: Vec<_> = (0..4)
            .map(|_| {
                std::process::Command::new(env!("CARGO_BIN_EXE_aftercare"))
                    .args(["followups", "--db"])
                    .arg(&server.db)
                    .args(["--smtp", &smtp.url(), "--mail-from", FROM, "--now"])
                    .arg((*at + Duration::minutes(1)).to_rfc3339())
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for (count, run) in counts.iter_mut().zip(runs) {
            *count += sent(&run.wait_with_output().unwrap());
        }
    }
    let received = smtp.received();
    let distinct: BTreeSet<(String, String)> = received
        .iter()
        .map(|m| (header(m, "To").unwrap(), header(m, "Subject").unwrap()))
        .collect();
    eprintln!(
        "four concurrent senders, {} rounds, sent {counts:?}: {} received, {} distinct",
        times.len(),
        received.len(),
        distinct.len()
    );
    // Six moments each (the evening, hard exercise, heat, the day-3 check-in, the full
    // routine, results).
    assert_eq!(counts.iter().sum::<usize>(), 120);
    assert_eq!(received.len(), 120);
    assert_eq!(distinct.len(), 120, "no message twice");
}

#[test]
fn the_unsubscribe_link_stops_what_is_left_without_signing_in() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["--rate-limit", "0"]);
    let smtp = SmtpServer::start("save");
    let (token, t0) = make(&server, &consented("stop@example.com"));
    assert_eq!(sent(&followups(&server, &smtp, t0 + Duration::hours(4))), 1);
    let link = header(&smtp.received()[0], "List-Unsubscribe").unwrap();
    let path = link
        .trim_matches(['<', '>'])
        .strip_prefix(&server.base())
        .unwrap()
        .to_string();
    // Opening the link asks; it stops nothing by itself (link checkers open links).
    let page = server.get(&path);
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Stop the e-mails"));
    // A mail client's one-click unsubscribe: a POST from no page at all.
    let reply = server.request(
        "POST",
        &path,
        &[("Content-Type", "application/x-www-form-urlencoded")],
        b"List-Unsubscribe=One-Click",
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert!(reply.text().contains("no more follow-up e-mails"));
    let times = plan_times(&server, &token);
    let runs = run_at(&server, &smtp, &times, t0, t0 + Duration::days(30));
    assert_eq!(runs.iter().sum::<usize>(), 0, "{runs:?}");
    assert_eq!(smtp.received().len(), 1);
    // The page offers the e-mails again; a made-up link is told apart.
    let page = server.get(&format!("/p/{token}")).text();
    assert!(page.contains("Send me the reminders"));
    assert_eq!(server.get("/u/AAAAAAAAAAAAAAAAAAAAAA").status, 404);
}

#[test]
fn consent_on_the_patient_s_page_and_in_the_api_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["--rate-limit", "0"]);
    let smtp = SmtpServer::start("save");
    let (token, t0) = make(&server, &request(""));
    let page = server.get(&format!("/p/{token}")).text();
    assert!(page.contains("Reminders by e-mail"));
    // Without the box ticked, nothing is on.
    let reply =
        server.post_urlencoded(&format!("/p/{token}/followups"), "email=page%40example.com");
    assert_eq!(reply.status, 422);
    assert!(reply.text().contains("Tick the box"), "{}", reply.text());
    let reply = server.post_urlencoded(
        &format!("/p/{token}/followups"),
        "email=not-an-address&follow_ups=on",
    );
    assert_eq!(reply.status, 422);
    assert!(reply.text().contains("e-mail address"), "{}", reply.text());
    // A name with accents comes with the address (as the desk's field takes it).
    let reply = server.post_urlencoded(
        &format!("/p/{token}/followups"),
        "email=Luc%C3%ADa+P%C3%A9rez+%3Cpage%40example.com%3E&follow_ups=on",
    );
    assert_eq!(reply.status, 303, "{}", reply.text());
    assert!(
        server
            .get(&format!("/p/{token}"))
            .text()
            .contains("Reminders by e-mail are on")
    );
    let times = plan_times(&server, &token);
    let runs = run_at(&server, &smtp, &times, t0, t0 + Duration::days(30));
    assert_eq!(runs.iter().sum::<usize>(), 6, "{runs:?}");
    let to = header(&smtp.received()[0], "To").unwrap();
    assert!(
        to.to_ascii_lowercase().starts_with("=?utf-8?b?") && to.ends_with(" <page@example.com>"),
        "the name, RFC 2047-encoded, and the address: {to}"
    );

    // The API: an address alone, consent without one, a bad one: refused, nothing made.
    for (body, field) in [
        (request(r#", "email": "a@example.com""#), "follow_ups"),
        (request(r#", "follow_ups": true"#), "email"),
        (request(r#", "email": "a@", "follow_ups": true"#), "email"),
        (
            request(r#", "email": "a@example.com", "follow_ups": "yes""#),
            "follow_ups",
        ),
    ] {
        let reply = server.post_json("/api/plans", &body);
        assert_eq!(reply.status, 422, "{body}: {}", reply.text());
        assert_eq!(reply.json()["error"]["field"], field, "{body}");
    }
}

#[test]
fn the_server_sends_what_came_due_while_it_was_down() {
    let dir = tempfile::tempdir().unwrap();
    let smtp = SmtpServer::start("save");
    let flags = [
        "--rate-limit",
        "0",
        "--smtp",
        &smtp.url(),
        "--mail-from",
        FROM,
    ];
    let first = Server::start(dir.path(), &flags);
    // Hard exercise's 24 hours ended half an hour ago: due, not stale.
    let at = (Utc::now() - Duration::minutes(25 * 60))
        .format("%Y-%m-%d %H:%M")
        .to_string();
    make(
        &first,
        &format!(
            r#"{{"at": "{at}", "tz": "UTC", "minutes": 30, "email": "down@example.com", "follow_ups": true}}"#
        ),
    );
    first.kill();
    let second = Server::start(dir.path(), &flags);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while smtp.received().is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let received = smtp.received();
    assert_eq!(received.len(), 1, "{}", second.log.lock().unwrap());
    assert_eq!(
        header(&received[0], "Subject").as_deref(),
        Some("From now: exercise again, gently")
    );
    // A cron run beside the server finds nothing left to send.
    assert_eq!(sent(&followups(&second, &smtp, Utc::now())), 0);
    assert_eq!(smtp.received().len(), 1);
}

/// Signs `name` in at the desk; the session's cookie and the hand-over form's token.
fn desk_sign_in(server: &Server, name: &str, password: &str) -> (String, String) {
    let form = common::desk::sign_in_form(server);
    let reply = common::desk::post_sign_in(server, &form, name, password, None);
    assert_eq!(reply.status, 303, "{}", reply.text());
    let cookie = common::desk::set_cookie(&reply, "__Host-aftercare-desk").unwrap();
    let handover = server.request("GET", "/desk/handover", &[("Cookie", &cookie)], b"");
    (cookie.clone(), common::desk::form_token(&handover.text()))
}

#[test]
fn the_desk_hands_over_an_adjusted_plan_with_follow_ups() {
    let dir = common::Dir::new();
    let password = "correct horse battery";
    let out = dir.run_with(
        &[
            "desk",
            "add-user",
            "front",
            "--password-stdin",
            "--db",
            "plans.db",
        ],
        format!("{password}\n").as_bytes(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let server = Server::start(dir.path(), &["--rate-limit", "0"]);
    let smtp = SmtpServer::start("save");
    let (cookie, form_token) = desk_sign_in(&server, "front", password);
    let day = (Utc::now() + Duration::days(1))
        .format("%Y-%m-%d")
        .to_string();
    let fields = [
        ("form_token", form_token.as_str()),
        ("email", "desk-patient@example.com"),
        ("follow_ups", "on"),
        ("adjust", "heat 72h"),
        ("adjust_reason", "because of today's dose"),
        ("date", &day),
        ("time", "14:00"),
        ("tz", "Europe/Madrid"),
        ("minutes", "30"),
        ("areas", "forehead"),
        ("product", "botox"),
        ("sweat", "moderate"),
    ];
    let boundary = "----followups-boundary";
    let mut body = String::new();
    for (name, value) in fields {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    let origin = server.base();
    let page = server.request(
        "POST",
        "/desk/handover",
        &[
            (
                "Content-Type",
                &format!("multipart/form-data; boundary={boundary}"),
            ),
            ("Origin", &origin),
            ("Cookie", &cookie),
        ],
        body.as_bytes(),
    );
    assert_eq!(page.status, 200, "{}", page.text());
    let html = page.text();
    assert!(
        html.contains(
            "Follow-up e-mails are on for desk-patient@example.com. This server does not send \
             them itself (it has no --smtp): run aftercare followups from cron."
        ),
        "{html}"
    );
    let at = html.find("/p/").unwrap();
    let token: String = html[at + 3..].chars().take(22).collect();

    // The patient reads the provider's instruction on the page and in the calendar.
    let said = "No heat for 72h instead of 48h: your provider&#39;s instruction for you, because of today&#39;s dose.";
    let plan_page = server.get(&format!("/p/{token}")).text();
    assert!(
        plan_page.contains(said) || plan_page.contains(&said.replace("&#39;", "'")),
        "the page says it"
    );
    let ics = server.get(&format!("/p/{token}/calendar.ics")).text();
    common::save_calendar("followups-adjusted", &ics);
    let unfolded = ics.replace("\r\n ", "").replace("\\,", ",");
    assert!(
        unfolded.contains("your provider's instruction for you, because of today's dose"),
        "the calendar says it"
    );
    let json = server.get(&format!("/api/plans/{token}")).json();
    let t0 = DateTime::parse_from_rfc3339(json["plan"]["appointment"]["end"].as_str().unwrap())
        .unwrap()
        .with_timezone(&Utc);

    // Heat's e-mail comes at the adjusted 72 hours, not at 48.
    let times = plan_times(&server, &token);
    let runs = run_at(&server, &smtp, &times, t0, t0 + Duration::hours(60));
    assert_eq!(runs.iter().sum::<usize>(), 2, "{runs:?}");
    let subjects = |from: usize| -> Vec<String> {
        smtp.received()[from..]
            .iter()
            .map(|m| header(m, "Subject").unwrap())
            .collect()
    };
    assert!(!subjects(0).contains(&"From now: heat is fine again".to_string()));
    assert_eq!(
        sent(&followups(&server, &smtp, t0 + Duration::hours(73))),
        2
    );
    assert!(subjects(2).contains(&"From now: heat is fine again".to_string()));
}

#[test]
fn a_refused_message_is_tried_again_after_its_lease_not_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["--rate-limit", "0"]);
    let refusing = SmtpServer::start("refuse");
    let (_, t0) = make(&server, &consented("retry@example.com"));
    let evening = t0 + Duration::hours(4);
    let out = followups(&server, &refusing, evening);
    assert_eq!(out.status.code(), Some(1), "a refusal is an error");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("0 sent, 1 not sent"), "{said}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("tried again in 30 minutes"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let accepting = SmtpServer::start("save");
    assert_eq!(
        sent(&followups(&server, &accepting, evening)),
        0,
        "not at once"
    );
    assert_eq!(
        sent(&followups(
            &server,
            &accepting,
            evening + Duration::minutes(31)
        )),
        1
    );
    assert_eq!(accepting.received().len(), 1);
}

#[test]
fn a_late_message_is_sent_within_its_time_then_dropped_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["--rate-limit", "0"]);
    let smtp = SmtpServer::start("save");
    let (token, t0) = make(&server, &consented("late@example.com"));
    let evening = plan_times(&server, &token)
        .into_iter()
        .find(|t| {
            t.with_timezone(&chrono_tz::Europe::Madrid)
                .format("%H:%M")
                .to_string()
                == "18:00"
        })
        .unwrap();
    let out = |at| {
        let out = followups(&server, &smtp, at);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    // "This evening" five hours late (cron off all afternoon and evening): dropped.
    assert_eq!(
        out(evening + Duration::hours(5)),
        "Follow-up e-mails: 0 sent, 0 not sent, 1 dropped as too late (the evening's after 4 hours, others after 24)."
    );
    // "Exercise again" 20 hours late still holds: sent.
    assert_eq!(
        out(t0 + Duration::hours(44)),
        "Follow-up e-mails: 1 sent, 0 not sent."
    );
    // Cron off for three weeks: heat, the check-in, the full routine and the results day are
    // dropped, and said so, not sent late; once dropped, gone.
    assert_eq!(
        out(t0 + Duration::days(21)),
        "Follow-up e-mails: 0 sent, 0 not sent, 4 dropped as too late (the evening's after 4 hours, others after 24)."
    );
    assert_eq!(
        out(t0 + Duration::days(21)),
        "Follow-up e-mails: 0 sent, 0 not sent."
    );
    let received = smtp.received();
    assert_eq!(received.len(), 1);
    assert_eq!(
        header(&received[0], "Subject").as_deref(),
        Some("From now: exercise again, gently")
    );
}

/// A header's value with its RFC 2047 encoded words read back (`=?utf-8?b?…?=`).
fn decoded_header(message: &[u8], name: &str) -> String {
    use base64::Engine;
    let value = header(message, name).unwrap();
    // Whitespace between two encoded words is not part of the text (RFC 2047 §6.2).
    let mut out = String::new();
    let mut after_encoded = false;
    for word in value.split_whitespace() {
        let encoded = word
            .strip_prefix("=?utf-8?b?")
            .and_then(|w| w.strip_suffix("?="));
        if !(out.is_empty() || after_encoded && encoded.is_some()) {
            out.push(' ');
        }
        match encoded {
            Some(encoded) => out.push_str(
                &String::from_utf8(
                    base64::engine::general_purpose::STANDARD
                        .decode(encoded)
                        .unwrap(),
                )
                .unwrap(),
            ),
            None => out.push_str(word),
        }
        after_encoded = encoded.is_some();
    }
    out
}

/// A single-part message's body, its transfer encoding undone.
fn body(message: &[u8]) -> String {
    use base64::Engine;
    let text = String::from_utf8_lossy(message).to_string();
    let (_, raw) = text.split_once("\r\n\r\n").unwrap();
    match header(message, "Content-Transfer-Encoding").as_deref() {
        Some("base64") => String::from_utf8(
            base64::engine::general_purpose::STANDARD
                .decode(raw.split_whitespace().collect::<String>())
                .unwrap(),
        )
        .unwrap(),
        Some("quoted-printable") => common::quoted_printable(raw),
        _ => raw.to_string(),
    }
}

#[test]
fn the_follow_ups_speak_the_plan_s_language_and_follow_a_change_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["--rate-limit", "0"]);
    let smtp = SmtpServer::start("save");
    let (token, t0) = make(
        &server,
        &request(r#", "email": "ana@example.com", "follow_ups": true, "lang": "es""#),
    );
    // The evening's, in Spanish: its subject, its words, the unsubscribe lines.
    assert_eq!(sent(&followups(&server, &smtp, t0 + Duration::hours(4))), 1);
    let evening = &smtp.received()[0];
    let texts: toml::Table = std::fs::read_to_string("src/data/followups.es.toml")
        .unwrap()
        .parse()
        .unwrap();
    let es = |table: &str, key: &str| texts[table][key].as_str().unwrap().to_string();
    assert_eq!(decoded_header(evening, "Subject"), es("evening", "subject"));
    assert_eq!(header(evening, "Content-Language").as_deref(), Some("es"));
    let text = body(evening);
    assert!(text.contains(&es("evening", "lead")), "{text}");
    assert!(
        text.contains(texts["footer"].as_str().unwrap().split('{').next().unwrap()),
        "the unsubscribe lines are Spanish too: {text}"
    );
    // The patient switches the plan to German on its page: what is still to come is German.
    let switched = server.post_urlencoded(&format!("/p/{token}/language"), "lang=de");
    assert_eq!(switched.status, 303, "{}", switched.text());
    let times = plan_times(&server, &token);
    run_at(
        &server,
        &smtp,
        &times,
        t0 + Duration::hours(5),
        t0 + Duration::days(3),
    );
    let received = smtp.received();
    assert!(received.len() > 1, "{}", received.len());
    let german: toml::Table = std::fs::read_to_string("src/data/followups.de.toml")
        .unwrap()
        .parse()
        .unwrap();
    let subjects: Vec<String> = received[1..]
        .iter()
        .map(|m| decoded_header(m, "Subject"))
        .collect();
    let heat = german["heat"]["subject"].as_str().unwrap();
    let both = german["both"]["subject"].as_str().unwrap();
    assert!(
        subjects.iter().any(|s| s == heat || s == both),
        "{subjects:?}"
    );
}
