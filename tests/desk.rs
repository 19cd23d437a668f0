//! The front desk in the browser, over HTTP: accounts from the command line, sign-in (wrong
//! password, lock-out, expiry, form tokens), hand-over with and without e-mail through a real
//! SMTP server on loopback, suggest → book, and the clinic's settings.

mod common;

use common::Dir;
use common::desk::{
    Desk, PASSWORD, add_user, encode, post_sign_in, set_cookie, sign_in, sign_in_form, sign_in_from,
};
use common::server::{Reply, Server};
use common::smtp::SmtpServer;

const VISIT: [(&str, &str); 8] = [
    ("date", "2027-02-05"),
    ("time", "16:00"),
    ("tz", "Europe/London"),
    ("minutes", "30"),
    ("w0_days", "mon"),
    ("w0_time", "18:00"),
    ("w0_minutes", "60"),
    ("w0_activity", "weights"),
];

#[test]
fn accounts_come_from_the_command_line() {
    let dir = Dir::new();
    add_user(&dir, "maria", true);
    add_user(&dir, "front", false);
    let out = dir.run(&["desk", "list-users", "--db", "plans.db"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "front\tdesk\nmaria\tadmin\n"
    );
    let again = dir.run_with(
        &[
            "desk",
            "add-user",
            "maria",
            "--password-stdin",
            "--db",
            "plans.db",
        ],
        b"another fine password\n",
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("a name no other account has"));
    let short = dir.run_with(
        &[
            "desk",
            "add-user",
            "bob",
            "--password-stdin",
            "--db",
            "plans.db",
        ],
        b"short\n",
    );
    assert_eq!(short.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&short.stderr).contains("at least 10 characters"));
    let out = dir.run(&["desk", "remove-user", "front", "--db", "plans.db"]);
    assert!(out.status.success());
    let out = dir.run(&["desk", "list-users", "--db", "plans.db"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "maria\tadmin\n");
    // The password is stored hashed.
    let db = std::fs::read(dir.path().join("plans.db")).unwrap();
    assert!(!db.windows(PASSWORD.len()).any(|w| w == PASSWORD.as_bytes()));
}

#[test]
fn signing_in_wrong_locked_expired_and_without_a_form_token() {
    let dir = Dir::new();
    add_user(&dir, "maria", false);
    add_user(&dir, "front", false);
    let server = Server::start(dir.path(), &["--desk-session-seconds", "2"]);

    let anonymous = server.get("/desk");
    assert_eq!(anonymous.status, 303);
    assert_eq!(anonymous.header("location"), Some("/desk/signin"));
    assert_eq!(server.get("/desk/handover").status, 303);

    let wrong = sign_in(&server, "maria", "not the password")
        .err()
        .expect("refused");
    assert_eq!(wrong.status, 401);
    assert!(wrong.text().contains("Wrong name or password."));
    let unknown = sign_in(&server, "nobody", PASSWORD).err().expect("refused");
    assert_eq!(unknown.status, 401);
    assert!(
        unknown.text().contains("Wrong name or password."),
        "an unknown name reads the same"
    );

    // Without the sign-in form's token (a form posted from elsewhere): refused.
    let origin = server.base();
    let bare = server.request(
        "POST",
        "/desk/signin",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Origin", &origin),
        ],
        encode(&[("name", "maria"), ("password", PASSWORD)]).as_bytes(),
    );
    assert_eq!(bare.status, 403);

    // Lock-out: five failures, then even the right password waits.
    for _ in 0..4 {
        assert_eq!(
            sign_in(&server, "maria", "still wrong!")
                .err()
                .unwrap()
                .status,
            401
        );
    }
    let locked = sign_in(&server, "maria", PASSWORD).err().expect("locked");
    assert_eq!(locked.status, 429);
    assert!(
        locked
            .header("retry-after")
            .unwrap()
            .parse::<u64>()
            .unwrap()
            > 0
    );
    assert!(locked.text().contains("Too many failed sign-ins"));
    // The failures are counted under a keyed hash of the address, never the address itself.
    let mut files = Vec::new();
    for suffix in ["", "-wal"] {
        files.extend(
            std::fs::read(dir.path().join(format!("plans.db{suffix}"))).unwrap_or_default(),
        );
    }
    assert!(
        !files.windows(9).any(|w| w == b"127.0.0.1"),
        "a client address in the database's files"
    );
    // Another account from the same address is not locked.
    let front = sign_in(&server, "front", PASSWORD).expect("signed in");

    // A state change without the form token: refused, nothing made.
    let refused = front.hand_over(&VISIT, Some("forged"));
    assert_eq!(refused.status, 403);
    let refused = front.post("/desk/signout", &[]);
    assert_eq!(refused.status, 403);

    // The sign-in expires.
    std::thread::sleep(std::time::Duration::from_millis(2500));
    let expired = front.get("/desk");
    assert_eq!(expired.status, 303, "{}", expired.text());
}

#[test]
fn signing_out_ends_the_sign_in() {
    let dir = Dir::new();
    add_user(&dir, "front", false);
    let server = Server::start(dir.path(), &[]);
    let desk = sign_in(&server, "front", PASSWORD).unwrap();
    let out = desk.post("/desk/signout", &[("form_token", &desk.form_token)]);
    assert_eq!(out.status, 303);
    assert!(
        set_cookie(&out, "__Host-aftercare-desk")
            .unwrap()
            .ends_with('=')
    );
    assert_eq!(
        desk.get("/desk").status,
        303,
        "the old cookie no longer works"
    );
}

#[test]
fn a_hand_over_shows_the_qr_code_and_sends_the_plan_by_e_mail() {
    let dir = Dir::new();
    add_user(&dir, "front", false);
    let smtp = SmtpServer::start("save");
    let clinic = format!(
        "{}/fixtures/clinic/example.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let server = Server::start(
        dir.path(),
        &[
            "--smtp",
            &smtp.url(),
            "--mail-from",
            "Example Clinic <desk@example.com>",
            "--clinic",
            &clinic,
        ],
    );
    let desk = sign_in(&server, "front", PASSWORD).unwrap();

    // Without an address: the plan, its QR code and link.
    let page = desk.hand_over(&VISIT, None);
    assert_eq!(page.status, 200, "{}", page.text());
    let html = page.text();
    assert!(html.contains("class=\"qr big-qr\"") && html.contains("<svg"));
    let link_at = html.find("/p/").unwrap();
    let token: String = html[link_at + 3..].chars().take(22).collect();
    assert_eq!(server.get(&format!("/p/{token}")).status, 200);
    assert!(html.contains("Weight training, 60 min"));

    // A bad address is refused before anything is made.
    let mut fields = VISIT.to_vec();
    fields.push(("email", "not an address"));
    let bad = desk.hand_over(&fields, None);
    assert_eq!(bad.status, 422);
    let html = bad.text();
    assert!(html.contains("id=\"email-error\""));
    assert!(
        html.contains("<title>Error: Hand over a plan</title>"),
        "{html}"
    );
    let summary = html
        .find("class=\"error-summary\"")
        .expect("a summary on top");
    assert!(summary < html.find("<h1>").unwrap());
    assert!(html.contains("<a href=\"#email\">"));
    assert!(
        html.contains(
            "id=\"email\" aria-invalid=\"true\" aria-describedby=\"email-error\" autofocus"
        )
    );

    // With an address: sent, and the page says the server took it.
    let mut fields = VISIT.to_vec();
    fields.push(("email", "ana@example.com"));
    let page = desk.hand_over(&fields, None);
    assert_eq!(page.status, 200);
    let html = page.text();
    let link_at = html.find("/desk/p/").unwrap();
    let token: String = html[link_at + 8..].chars().take(22).collect();
    let sent = desk.post(
        &format!("/desk/p/{token}/send"),
        &[
            ("form_token", &desk.form_token),
            ("email", "ana@example.com"),
        ],
    );
    assert_eq!(sent.status, 200);
    assert!(
        sent.text()
            .contains("Sent: the mail server accepted the message for ana@example.com."),
        "{}",
        sent.text()
    );
    let received = smtp.received();
    assert_eq!(received.len(), 1);
    let message = String::from_utf8_lossy(&received[0]).replace("=\r\n", "");
    assert!(message.contains("ana@example.com") && message.contains("Example Clinic"));
    assert!(message.contains("Content-Type: text/calendar"));
    let db = std::fs::read(dir.path().join("plans.db")).unwrap();
    assert!(
        !db.windows(15).any(|w| w == b"ana@example.com"),
        "the address is not stored"
    );
}

#[test]
fn a_refusing_mail_server_is_reported_on_the_page() {
    let dir = Dir::new();
    add_user(&dir, "front", false);
    let smtp = SmtpServer::start("refuse");
    let server = Server::start(
        dir.path(),
        &["--smtp", &smtp.url(), "--mail-from", "desk@example.com"],
    );
    let desk = sign_in(&server, "front", PASSWORD).unwrap();
    let html = desk.hand_over(&VISIT, None).text();
    let link_at = html.find("/desk/p/").unwrap();
    let token: String = html[link_at + 8..].chars().take(22).collect();
    let sent = desk.post(
        &format!("/desk/p/{token}/send"),
        &[
            ("form_token", &desk.form_token),
            ("email", "ana@example.com"),
        ],
    );
    assert_eq!(sent.status, 200);
    assert!(sent.text().contains("Not sent:"), "{}", sent.text());
    assert!(sent.text().contains("<title>Error: The patient"));
    assert!(
        sent.text()
            .contains("aria-describedby=\"send-error\" autofocus")
    );
    // A refused message is not counted as sent: the next press tries again.
    let again = desk.post(
        &format!("/desk/p/{token}/send"),
        &[
            ("form_token", &desk.form_token),
            ("email", "ana@example.com"),
        ],
    );
    assert!(again.text().contains("Not sent:"), "{}", again.text());
    assert!(!again.text().contains("Already sent"));
}

#[test]
fn a_name_with_accents_and_an_idn_domain_are_sent_once_even_after_a_restart() {
    let dir = Dir::new();
    add_user(&dir, "front", false);
    let smtp = SmtpServer::start("save");
    let flags = ["--smtp", &smtp.url(), "--mail-from", "desk@example.com"];
    let server = Server::start(dir.path(), &flags);
    let desk = sign_in(&server, "front", PASSWORD).unwrap();
    let address = "Zoë Müller <zoë.m@bücher.example>";
    let ascii_address = "Zoë Müller <zoe.m@bücher.example>";
    // The hand-over form and the send form take the same addresses.
    let mut fields = VISIT.to_vec();
    fields.push(("email", address));
    let refused = desk.hand_over(&fields, None);
    assert_eq!(
        refused.status, 422,
        "a non-ASCII part before the @ has no ASCII form"
    );
    assert!(refused.text().contains("before the @ is ASCII"));
    let mut fields = VISIT.to_vec();
    fields.push(("email", ascii_address));
    let page = desk.hand_over(&fields, None);
    assert_eq!(page.status, 200, "{}", page.text());
    let html = page.text();
    assert!(html.contains("type=\"text\" inputmode=\"email\""));
    let link_at = html.find("/desk/p/").unwrap();
    let token: String = html[link_at + 8..].chars().take(22).collect();
    let send = |desk: &Desk| {
        desk.post(
            &format!("/desk/p/{token}/send"),
            &[("form_token", &desk.form_token), ("email", ascii_address)],
        )
        .text()
    };
    let first = send(&desk);
    assert!(first.contains("Sent: the mail server accepted"), "{first}");
    let received = smtp.received();
    assert_eq!(received.len(), 1);
    let message = String::from_utf8_lossy(&received[0]).to_string();
    let to = message
        .lines()
        .find(|l| l.starts_with("To: "))
        .expect("a To header");
    assert!(to.is_ascii(), "{to}");
    assert!(to.contains("=?utf-8?b?"), "RFC 2047 display name: {to}");
    assert!(
        to.contains("<zoe.m@xn--bcher-kva.example>"),
        "punycode domain: {to}"
    );

    // A second press: nothing sent, and the page says when it was.
    let second = send(&desk);
    assert!(
        second.contains("Already sent to this address, at "),
        "{second}"
    );
    assert!(second.contains("not sent again"));
    assert_eq!(smtp.received().len(), 1);

    // The record is in the database: after a restart, still once.
    server.kill();
    let server = Server::start(dir.path(), &flags);
    let desk = sign_in(&server, "front", PASSWORD).unwrap();
    let third = send(&desk);
    assert!(
        third.contains("Already sent to this address, at "),
        "{third}"
    );
    assert_eq!(smtp.received().len(), 1);
}

#[test]
fn a_suggested_slot_books_into_the_hand_over_form() {
    let dir = Dir::new();
    add_user(&dir, "front", false);
    let server = Server::start(dir.path(), &[]);
    let desk = sign_in(&server, "front", PASSWORD).unwrap();
    let query = encode(&[
        ("from", "2027-02-01"),
        ("to", "2027-02-07"),
        ("tz", "Europe/London"),
        ("clinic_hours", "mon-fri 09:00-17:00"),
        (
            "workouts",
            "mon,wed,fri 18:00 1h weights\nsat 09:00 90m running",
        ),
    ]);
    let page = desk.get(&format!("/desk/suggest?{query}"));
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("Best times"), "{html}");
    let at = html.find("href=\"/desk/handover?").expect("a Book link") + 6;
    let link = html[at..].split('"').next().unwrap().replace("&#38;", "&");
    let form = desk.get(&link);
    assert_eq!(form.status, 200);
    let html = form.text();
    assert!(
        html.contains("value=\"2027-02-0"),
        "the slot's date is filled in"
    );
    assert!(html.contains("<option value=\"Europe/London\" selected>Europe/London</option>"));
    assert!(
        html.contains("name=\"w0_days\" value=\"mon\" checked"),
        "the routine came along"
    );
    assert!(html.contains("name=\"w1_days\" value=\"sat\" checked"));
    let bad = desk.get(&format!(
        "/desk/suggest?{}",
        encode(&[
            ("from", "2027-02-01"),
            ("to", "2027-02-07"),
            ("tz", "Mars/Base")
        ])
    ));
    assert!(bad.text().contains("unknown time zone"));
}

#[test]
fn suggest_defaults_to_the_clinic_s_zone_and_book_carries_zone_and_sweat() {
    let dir = Dir::new();
    add_user(&dir, "front", false);
    let clinic = dir.write(
        "clinic.toml",
        "name = \"Clínica Ejemplo\"\ntz = \"Europe/Madrid\"\n",
    );
    let server = Server::start(dir.path(), &["--clinic", clinic.to_str().unwrap()]);
    let desk = sign_in(&server, "front", PASSWORD).unwrap();

    // The empty form: the clinic's zone chosen, a select (no free text), and the sweat level.
    let html = desk.get("/desk/suggest").text();
    assert!(
        html.contains("<option value=\"Europe/Madrid\" selected>"),
        "{html}"
    );
    assert!(!html.contains("<option value=\"UTC\" selected>"));
    assert!(
        !html.contains("<input name=\"tz\""),
        "the zone is not free text"
    );
    assert!(html.contains("name=\"sweat\" value=\"heavy\""));
    assert!(html.contains("How much does the patient sweat"));
    // The hand-over form too, and it speaks to staff.
    let form = desk.get("/desk/handover").text();
    assert!(form.contains("<option value=\"Europe/Madrid\" selected>"));
    assert!(
        form.contains("How much does the patient sweat when training?"),
        "{form}"
    );
    assert!(!form.contains("Your appointment") && !form.contains("Your usual week"));

    // Booking a suggestion: the zone and the sweat level come along.
    let query = encode(&[
        ("from", "2027-02-01"),
        ("to", "2027-02-07"),
        ("tz", "America/New_York"),
        ("sweat", "heavy"),
        ("clinic_hours", "mon-fri 09:00-17:00"),
        ("workouts", "mon,wed,fri 18:00 1h weights"),
    ]);
    let html = desk.get(&format!("/desk/suggest?{query}")).text();
    assert!(html.contains("name=\"sweat\" value=\"heavy\" checked"));
    let at = html.find("href=\"/desk/handover?").expect("a Book link") + 6;
    let link = html[at..].split('"').next().unwrap().replace("&#38;", "&");
    let form = desk.get(&link).text();
    assert!(form.contains("<option value=\"America/New_York\" selected>"));
    assert!(
        form.contains("name=\"sweat\" value=\"heavy\" checked"),
        "{link}"
    );

    // A bad zone: the summary at the top, the title says so, the field has the focus.
    let bad = desk
        .get(&format!(
            "/desk/suggest?{}",
            encode(&[
                ("from", "2027-02-01"),
                ("to", "2027-02-07"),
                ("tz", "UTC+1")
            ])
        ))
        .text();
    assert!(
        bad.contains("<title>Error: Suggest a time</title>"),
        "{bad}"
    );
    let summary = bad.find("class=\"error-summary\"").unwrap();
    assert!(summary < bad.find("<h1>").unwrap());
    assert!(bad.contains("<a href=\"#tz\">"));
    assert!(bad.contains(
        "id=\"tz\" aria-invalid=\"true\" aria-describedby=\"error-summary-h\" autofocus"
    ));

    // A profile with a zone that is none is refused at start, naming the field.
    let wrong = dir.write("wrong.toml", "name = \"A\"\ntz = \"Madrid\"\n");
    let out = dir.run(&[
        "plan",
        "--at",
        "2027-02-05 16:00",
        "--tz",
        "Europe/Madrid",
        "--clinic",
        wrong.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("tz:") && err.contains("Madrid"), "{err}");
}

#[test]
fn an_admin_s_settings_reach_the_next_patient_page() {
    let dir = Dir::new();
    add_user(&dir, "maria", true);
    add_user(&dir, "front", false);
    let server = Server::start(dir.path(), &[]);
    let front = sign_in(&server, "front", PASSWORD).unwrap();
    assert_eq!(front.get("/desk/settings").status, 403);
    let refused = front.settings("name = \"X\"", "", None);
    assert_eq!(refused.status, 403);

    let admin = sign_in(&server, "maria", PASSWORD).unwrap();
    let bad = admin.settings("name = \"Riverside\"\ncolour = 3", "", None);
    assert_eq!(bad.status, 422);
    assert!(bad.text().contains("id=\"clinic-error\""), "{}", bad.text());
    let html = bad.text();
    assert!(html.contains("<title>Error: Clinic settings</title>"));
    assert!(html.find("class=\"error-summary\"").unwrap() < html.find("<h1>").unwrap());
    assert!(html.contains("<a href=\"#clinic\">"));
    assert!(html.contains(
        "id=\"clinic\" aria-invalid=\"true\" aria-describedby=\"clinic-error\" autofocus"
    ));
    let bad = admin.settings("", "[[rule]]\nid = \"heat\"\nhours = -4", None);
    assert_eq!(bad.status, 422);
    assert!(bad.text().contains("id=\"protocol-error\""));
    let bad = admin.settings(
        "name = \"Riverside\"",
        "",
        Some(b"<svg onload=alert(1)></svg>"),
    );
    assert_eq!(bad.status, 422);
    assert!(bad.text().contains("id=\"logo-error\"") && bad.text().contains("a PNG or JPEG image"));
    assert_eq!(server.get("/logo").status, 404, "nothing saved");

    let png: Vec<u8> = b"\x89PNG\r\n\x1a\n-the-rest-of-a-png".to_vec();
    let good = admin.settings(
        "name = \"Riverside Skin Clinic\"\nphone = \"020 7946 0000\"",
        "",
        Some(&png),
    );
    assert_eq!(good.status, 200, "{}", good.text());
    assert!(good.text().contains("Saved"));
    let reply = server.post_json(
        "/api/plans",
        r#"{"at": "2027-02-05 16:00", "tz": "Europe/London"}"#,
    );
    let token = reply.json()["token"].as_str().unwrap().to_string();
    let page = server.get(&format!("/p/{token}")).text();
    assert!(page.contains("Riverside Skin Clinic") && page.contains("020 7946 0000"));
    assert!(page.contains("<img class=\"logo\" src=\"/logo\""));
    let logo = server.get("/logo");
    assert_eq!(logo.header("content-type"), Some("image/png"));
    assert_eq!(logo.body, png);
    let ics = server
        .get(&format!("/p/{token}/calendar.ics"))
        .text()
        .replace("\r\n ", "");
    assert!(ics.contains("Riverside Skin Clinic"));

    // Kept across a restart.
    drop(server);
    let server = Server::start(dir.path(), &[]);
    let page = server.get(&format!("/p/{token}")).text();
    assert!(page.contains("Riverside Skin Clinic") && page.contains("src=\"/logo\""));
    assert_eq!(server.get("/logo").body, png);

    // The clinic's zone, set by an admin: the patient's form and the desk's forms default to it;
    // a zone that is none is refused naming the field.
    let admin = sign_in(&server, "maria", PASSWORD).unwrap();
    let bad = admin.settings("name = \"Riverside\"\ntz = \"Mars/Base\"", "", None);
    assert_eq!(bad.status, 422);
    assert!(bad.text().contains("tz:") && bad.text().contains("Mars/Base"));
    let good = admin.settings("name = \"Riverside\"\ntz = \"Europe/Madrid\"", "", None);
    assert_eq!(good.status, 200, "{}", good.text());
    for html in [
        server.get("/").text(),
        admin.get("/desk/suggest").text(),
        admin.get("/desk/handover").text(),
    ] {
        assert!(
            html.contains("<option value=\"Europe/Madrid\" selected>"),
            "{html}"
        );
        assert!(
            !html.contains("data-auto"),
            "the clinic's zone, not the browser's"
        );
    }
}

#[test]
fn a_day_s_list_plans_every_good_row_and_sends_each_message_once() {
    let dir = Dir::new();
    add_user(&dir, "front", false);
    add_user(&dir, "other", false);
    let smtp = SmtpServer::start("save");
    let server = Server::start(
        dir.path(),
        &[
            "--smtp",
            &smtp.url(),
            "--mail-from",
            "Example Clinic <desk@example.com>",
        ],
    );
    let desk = sign_in(&server, "front", PASSWORD).unwrap();
    let csv = "Patient ID,E-mail,Appointment,Time zone,workouts\n\
               P-1,ana@example.com,2027-02-05 16:00,Europe/London,mon 18:00 1h weights\n\
               P-2,bo@example.com,2027-02-30 16:00,Europe/London,\n\
               ../../etc/passwd,cy@example.com,2027-02-05 17:00,Europe/London,\n\
               P-4,,2027-02-06 10:00,Mars/Base,\n";
    let csv = common::in_future(csv);
    let reply = desk.post_multipart(
        "/desk/day",
        &[("form_token", &desk.form_token)],
        Some(("csv", "day.csv", csv.as_bytes())),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let html = reply.text();
    assert!(html.contains("4 rows: 2 done, 2 refused."), "{html}");
    assert!(html.contains("P-1</a></td><td>done</td>"));
    assert!(
        html.contains("_.._etc_passwd</a></td><td>done</td>"),
        "path tricks become a plain name"
    );
    // Refused rows are named by their id, as done rows are.
    assert!(
        html.contains("P-2 (row 3)</td><td>refused: Appointment: &#34;2027-02-30&#34; is not a date that exists"),
        "named by the header, the half that is wrong said: {html}"
    );
    assert!(
        html.contains("P-4 (row 5)</td><td>refused: Time zone:"),
        "{html}"
    );

    let at = html.find("/desk/day/").unwrap();
    let link = html[at..].split('"').next().unwrap().to_string();
    let zip = desk.get(&link);
    assert_eq!(zip.status, 200);
    assert_eq!(zip.header("content-type"), Some("application/zip"));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.body.clone())).unwrap();
    let mut names: Vec<String> = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    names.sort();
    assert_eq!(names, ["P-1.ics", "_.._etc_passwd.ics", "results.csv"]);
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        if file.name().unwrap() == "results.csv" {
            continue;
        }
        let mut ics = String::new();
        std::io::Read::read_to_string(&mut file, &mut ics).unwrap();
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
        common::save_calendar(&format!("desk-day-{i}"), &ics);
    }
    // Another account cannot reach this list.
    let other = sign_in(&server, "other", PASSWORD).unwrap();
    assert_eq!(other.get(&link).status, 410);

    let send = link.replace("calendars.zip", "send");
    let sent = desk.post(&send, &[("form_token", &desk.form_token)]);
    assert_eq!(sent.status, 200);
    assert!(sent.text().contains("Sent 2 messages."), "{}", sent.text());
    let again = desk.post(&send, &[("form_token", &desk.form_token)]);
    assert!(
        again
            .text()
            .contains("Sent 0 messages (2 had been sent before)."),
        "{}",
        again.text()
    );
    assert_eq!(smtp.received().len(), 2, "each message once");
}

#[test]
fn a_long_day_s_list_is_sent_as_its_rows_are_done() {
    let dir = Dir::new();
    add_user(&dir, "front", false);
    let server = Server::start(dir.path(), &[]);
    let desk = sign_in(&server, "front", PASSWORD).unwrap();
    let mut csv = String::from("id,at,tz\n");
    for i in 0..120 {
        csv.push_str(&format!(
            "P-{i:03},2027-02-{:02} 1{}:00,Europe/London\n",
            1 + i % 28,
            i % 8
        ));
    }
    csv.push_str("bad,2027-13-01 10:00,Europe/London\n");
    let csv = common::in_future(&csv);
    let reply = desk.post_multipart(
        "/desk/day",
        &[("form_token", &desk.form_token)],
        Some(("csv", "day.csv", csv.as_bytes())),
    );
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("transfer-encoding"),
        Some("chunked"),
        "streamed, not held until the end"
    );
    let html = reply.text();
    assert!(html.contains("121 rows: 120 done, 1 refused."), "{html}");
    assert!(
        html.contains("P-000</a></td><td>done</td>")
            && html.contains("P-119</a></td><td>done</td>")
    );
    assert!(html.trim_end().ends_with("</html>"), "the page is whole");
    // A bad header is the form again, before any row.
    let bad = desk.post_multipart(
        "/desk/day",
        &[("form_token", &desk.form_token)],
        Some(("csv", "day.csv", b"colour,at\nred,2027-02-01 10:00\n")),
    );
    assert_eq!(bad.status, 422);
    assert!(bad.text().contains("colour"), "{}", bad.text());
}

/// The server's resident memory, in KiB (VmRSS of /proc/<pid>/status).
fn resident_kib(server: &Server) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server_pid(server))).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS")
}

/// The server's process id: the process whose command line names its database.
fn server_pid(server: &Server) -> u32 {
    let db = server.db.to_string_lossy().to_string();
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .find(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|c| {
                let line = String::from_utf8_lossy(&c).replace('\0', " ");
                line.contains(" serve ") && line.contains(&db)
            })
        })
        .expect("the server's process")
}

#[test]
fn huge_names_at_sign_in_are_refused_at_once_and_nothing_of_them_is_kept() {
    let dir = Dir::new();
    add_user(&dir, "maria", false);
    let server = Server::start(dir.path(), &["--rate-limit", "0"]);
    let name = "a".repeat(1_900_000);
    // Once, so that what is read on first use (the catalogues) is not counted as growth.
    post_sign_in(
        &server,
        &sign_in_form(&server),
        "maria",
        "not the password",
        None,
    );
    let before = resident_kib(&server);
    for _ in 0..100 {
        let form = sign_in_form(&server);
        let reply = post_sign_in(&server, &form, &name, "not the password", None);
        assert!(
            [413, 422].contains(&reply.status),
            "refused at once: {}",
            reply.status
        );
        if reply.status == 413 {
            assert!(
                reply
                    .text()
                    .contains("The sign-in form was too large (at most 16 KiB)"),
                "{}",
                reply.text()
            );
        }
    }
    let grown = resident_kib(&server).saturating_sub(before);
    assert!(grown < 8 * 1024, "the server grew by {grown} KiB");
    // The account itself is not locked by any of it.
    sign_in(&server, "maria", PASSWORD).expect("signed in");
}

/// Posts `passwords` for `name`, all at once (each its own thread and connection, each form
/// fetched before the posts start); the statuses in order.
fn sign_in_at_once(server: &Server, name: &str, passwords: &[&str]) -> Vec<u16> {
    let forms: Vec<_> = passwords.iter().map(|_| sign_in_form(server)).collect();
    let start = std::sync::Barrier::new(passwords.len());
    std::thread::scope(|scope| {
        let threads: Vec<_> = forms
            .iter()
            .zip(passwords)
            .map(|(form, password)| {
                let start = &start;
                scope.spawn(move || {
                    start.wait();
                    post_sign_in(server, form, name, password, None).status
                })
            })
            .collect();
        threads.into_iter().map(|t| t.join().unwrap()).collect()
    })
}

#[test]
fn parallel_sign_ins_are_counted_before_their_passwords_are_checked() {
    let dir = Dir::new();
    add_user(&dir, "maria", false);
    add_user(&dir, "front", false);
    // 40 connections at once from one address: over the connection limit (32), which is not
    // what this test is about.
    let server = Server::start(
        dir.path(),
        &["--rate-limit", "0", "--max-connections-per-address", "0"],
    );

    // 40 wrong guesses at once: only the limit's five are checked.
    let statuses = sign_in_at_once(&server, "maria", &["wrong guess!"; 40]);
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let waited = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((checked, waited), (5, 35), "{statuses:?}");

    // Four wrong, then 40 at once, the 16th right: one attempt is left to check (a few more
    // only if that one was the right one and ended before the last arrived).
    for _ in 0..4 {
        assert_eq!(
            sign_in(&server, "front", "still wrong!")
                .err()
                .unwrap()
                .status,
            401
        );
    }
    let mut passwords = vec!["wrong guess!"; 40];
    passwords[15] = PASSWORD;
    let statuses = sign_in_at_once(&server, "front", &passwords);
    let checked = statuses.iter().filter(|s| **s != 429).count();
    assert!(
        (1..=6).contains(&checked),
        "{checked} checked: {statuses:?}"
    );
}

#[test]
fn a_lock_out_from_elsewhere_leaves_the_owner_s_address_and_unlock_lifts_it() {
    let dir = Dir::new();
    add_user(&dir, "maria", false);
    let server = Server::start(dir.path(), &["--behind-proxy", "--rate-limit", "0"]);
    let elsewhere = Some("203.0.113.7");
    for _ in 0..5 {
        let wrong = sign_in_from(&server, "maria", "a guess!!!", elsewhere);
        assert_eq!(wrong.err().unwrap().status, 401);
    }
    let locked = sign_in_from(&server, "maria", PASSWORD, elsewhere);
    assert_eq!(locked.err().expect("locked there").status, 429);
    // The owner, from their own address, gets in.
    sign_in(&server, "maria", PASSWORD).expect("the owner signs in");
    sign_in_from(&server, "maria", PASSWORD, Some("198.51.100.2")).expect("and from a third");
    assert_eq!(
        sign_in_from(&server, "maria", PASSWORD, elsewhere)
            .err()
            .unwrap()
            .status,
        429,
        "still locked there"
    );

    let unknown = dir.run(&["desk", "unlock", "nobody", "--db", "plans.db"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("the name of an account"));
    let out = dir.run(&["desk", "unlock", "maria", "--db", "plans.db"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("unlocked maria (5 failed sign-ins forgotten)")
    );
    sign_in_from(&server, "maria", PASSWORD, elsewhere).expect("unlocked");
}

#[test]
fn a_desk_user_changes_their_own_password_with_the_current_one() {
    let dir = Dir::new();
    add_user(&dir, "front", false);
    let server = Server::start(dir.path(), &["--rate-limit", "0"]);
    let desk = sign_in(&server, "front", PASSWORD).unwrap();
    let other = sign_in(&server, "front", PASSWORD).unwrap();
    let form = desk.get("/desk/password");
    assert_eq!(form.status, 200);
    assert_eq!(form.header("cache-control"), Some("no-store"));
    assert!(form.text().contains("name=\"current\""));
    let new = "a new and longer one";
    let change = |current: &str, new: &str, again: &str, token: &str| {
        desk.post(
            "/desk/password",
            &[
                ("form_token", token),
                ("current", current),
                ("new", new),
                ("again", again),
            ],
        )
    };
    assert_eq!(change(PASSWORD, new, new, "forged").status, 403);
    let wrong = change("not the current one", new, new, &desk.form_token);
    assert_eq!(wrong.status, 401);
    assert!(wrong.text().contains("The current password is wrong."));
    let differ = change(PASSWORD, new, "another one entirely", &desk.form_token);
    assert_eq!(differ.status, 422);
    let short = change(PASSWORD, "short", "short", &desk.form_token);
    assert_eq!(short.status, 422);
    assert!(short.text().contains("at least 10 characters"));
    assert_eq!(other.get("/desk").status, 200, "nothing changed yet");

    let changed = change(PASSWORD, new, new, &desk.form_token);
    assert_eq!(changed.status, 200, "{}", changed.text());
    assert!(
        changed
            .text()
            .contains("Changed: your other sign-ins have ended.")
    );
    assert_eq!(desk.get("/desk").status, 200, "this sign-in goes on");
    assert_eq!(other.get("/desk").status, 303, "the other one ended");
    assert_eq!(
        sign_in(&server, "front", PASSWORD).err().unwrap().status,
        401
    );
    sign_in(&server, "front", new).expect("the new password works");
}

#[test]
fn signed_in_pages_are_not_stored_and_an_empty_token_is_no_token() {
    let dir = Dir::new();
    add_user(&dir, "front", false);
    let server = Server::start(dir.path(), &[]);
    let origin = server.base();
    let empty = server.request(
        "POST",
        "/desk/signin",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Origin", &origin),
            ("Cookie", "__Host-aftercare-signin="),
        ],
        encode(&[
            ("name", "front"),
            ("password", PASSWORD),
            ("form_token", ""),
        ])
        .as_bytes(),
    );
    assert_eq!(empty.status, 403, "{}", empty.text());
    let desk = sign_in(&server, "front", PASSWORD).unwrap();
    for path in ["/desk", "/desk/day", "/desk/suggest", "/desk/handover"] {
        assert_eq!(
            desk.get(path).header("cache-control"),
            Some("no-store"),
            "{path}"
        );
    }
}

/// A day's list of `rows` good rows.
fn day_csv(rows: usize) -> String {
    let mut csv = String::from("id,at,tz\n");
    for i in 0..rows {
        csv.push_str(&format!(
            "P-{i:05},2027-02-{:02} 1{}:00,Europe/London\n",
            1 + i % 28,
            i % 8
        ));
    }
    common::in_future(&csv)
}

/// Uploads a day's list; the reply and the zip's link in it (when there is one).
fn upload_day(desk: &Desk, name: &str, csv: &str) -> (Reply, Option<String>) {
    let reply = desk.post_multipart(
        "/desk/day",
        &[("form_token", &desk.form_token)],
        Some(("csv", name, csv.as_bytes())),
    );
    let html = String::from_utf8_lossy(&reply.body).to_string();
    let link = html
        .find("/desk/day/")
        .map(|at| html[at..].split('"').next().unwrap().to_string())
        .filter(|l| l.ends_with("calendars.zip"));
    (reply, link)
}

#[test]
fn a_day_s_list_belongs_to_the_account_not_to_its_name() {
    let dir = Dir::new();
    add_user(&dir, "carol", false);
    let server = Server::start(dir.path(), &[]);
    let carol = sign_in(&server, "carol", PASSWORD).unwrap();
    let (reply, link) = upload_day(&carol, "day.csv", &day_csv(2));
    assert_eq!(reply.status, 200);
    let link = link.expect("the zip's link");
    assert_eq!(carol.get(&link).status, 200);
    assert!(
        dir.run(&["desk", "remove-user", "carol", "--db", "plans.db"])
            .status
            .success()
    );
    add_user(&dir, "carol", false);
    let new_carol = sign_in(&server, "carol", PASSWORD).unwrap();
    assert_eq!(new_carol.get(&link).status, 410, "another carol's list");
}

/// Every folder and file under `root`, with its permission bits.
fn modes(root: &std::path::Path) -> Vec<(std::path::PathBuf, u32)> {
    use std::os::unix::fs::PermissionsExt;
    let mut out = Vec::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(path) = todo.pop() {
        let meta = std::fs::symlink_metadata(&path).unwrap();
        out.push((path.clone(), meta.permissions().mode() & 0o777));
        if meta.is_dir() {
            todo.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        }
    }
    out
}

#[test]
fn a_day_s_list_is_kept_privately_beside_the_database_and_a_crash_s_leftovers_go() {
    let dir = Dir::new();
    add_user(&dir, "maria", true);
    let lists = dir.path().join("plans.db.lists");
    let leftover = lists.join("server-crashed").join("list-1");
    std::fs::create_dir_all(&leftover).unwrap();
    std::fs::write(
        leftover.join("appointments.csv"),
        "id,email\nP-1,ana@example.com\n",
    )
    .unwrap();
    let server = Server::start(dir.path(), &[]);
    assert!(!lists.join("server-crashed").exists(), "erased at start");
    let admin = sign_in(&server, "maria", PASSWORD).unwrap();

    // Over the clinic's row limit: refused, nothing written.
    let limit = admin.post_multipart(
        "/desk/settings",
        &[("form_token", &admin.form_token), ("day_list_rows", "0")],
        None,
    );
    assert_eq!(limit.status, 422);
    assert!(limit.text().contains("id=\"day_list_rows-error\""));
    let page = admin.get("/desk/settings").text();
    assert!(
        page.contains("name=\"day_list_rows\" value=\"2000\""),
        "the default"
    );
    let limit = admin.post_multipart(
        "/desk/settings",
        &[("form_token", &admin.form_token), ("day_list_rows", "50")],
        None,
    );
    assert_eq!(limit.status, 200, "{}", limit.text());
    let files_before = modes(&lists).len();
    let (reply, _) = upload_day(&admin, "monday.csv", &day_csv(51));
    assert_eq!(reply.status, 422);
    assert!(
        reply.text().contains("monday.csv has more than 50 rows"),
        "{}",
        reply.text()
    );
    assert_eq!(modes(&lists).len(), files_before, "no file written");

    let (reply, link) = upload_day(&admin, "monday.csv", &day_csv(50));
    assert_eq!(reply.status, 200);
    assert!(reply.text().contains("50 rows: 50 done, 0 refused."));
    assert_eq!(admin.get(&link.unwrap()).status, 200);
    let all = modes(&lists);
    assert!(all.len() > 50, "the list's files are there: {all:?}");
    assert!(all.iter().any(|(p, _)| p.ends_with("calendars.zip")));
    for (path, mode) in all {
        let expected = if path.is_dir() { 0o700 } else { 0o600 };
        assert_eq!(mode, expected, "{}", path.display());
    }
}

#[test]
fn a_day_s_zip_is_streamed_from_disk_and_the_desk_answers_meanwhile() {
    use std::io::{Read, Write};
    use std::time::{Duration, Instant};
    let dir = Dir::new();
    add_user(&dir, "front", false);
    let server = Server::start(dir.path(), &[]);
    let desk = sign_in(&server, "front", PASSWORD).unwrap();
    let rows = 1000;
    let (reply, link) = upload_day(&desk, "day.csv", &day_csv(rows));
    assert_eq!(reply.status, 200);
    assert!(reply.text().contains(&format!("{rows} rows: {rows} done")));
    let link = link.unwrap();

    // The first download makes the zip; /healthz answers meanwhile.
    let (zip, slowest) = std::thread::scope(|scope| {
        let fetch = scope.spawn(|| desk.get(&link));
        let mut slowest = Duration::ZERO;
        while !fetch.is_finished() {
            let started = Instant::now();
            assert_eq!(server.get("/healthz").status, 200);
            slowest = slowest.max(started.elapsed());
            std::thread::sleep(Duration::from_millis(20));
        }
        (fetch.join().unwrap(), slowest)
    });
    assert!(
        slowest < Duration::from_secs(1),
        "/healthz took {slowest:?}"
    );
    assert_eq!(zip.status, 200);
    assert_eq!(
        zip.header("content-length"),
        Some(zip.body.len().to_string().as_str())
    );
    let archive = zip::ZipArchive::new(std::io::Cursor::new(zip.body.clone())).unwrap();
    assert_eq!(archive.len(), rows + 1, "every calendar, and the results");

    // Eight downloads that read only their first bytes: the server holds a piece of each,
    // not each whole zip.
    let before = resident_kib(&server);
    let stalled: Vec<std::net::TcpStream> = (0..8)
        .map(|_| {
            let mut stream = std::net::TcpStream::connect(&server.addr).unwrap();
            write!(
                stream,
                "GET {link} HTTP/1.1\r\nHost: {}\r\nCookie: {}\r\n\r\n",
                server.addr, desk.cookie
            )
            .unwrap();
            let mut first = [0; 4096];
            let n = stream.read(&mut first).unwrap();
            assert!(first[..n].starts_with(b"HTTP/1.1 200"));
            stream
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let grown = resident_kib(&server).saturating_sub(before);
    let size = zip.body.len() as u64 / 1024;
    assert!(
        grown < 16 * 1024,
        "eight stalled downloads of a {size} KiB zip grew the server by {grown} KiB"
    );
    drop(stalled);
}

#[test]
fn sending_a_plan_that_is_not_here_is_410() {
    let dir = Dir::new();
    add_user(&dir, "front", false);
    let smtp = SmtpServer::start("save");
    let server = Server::start(
        dir.path(),
        &["--smtp", &smtp.url(), "--mail-from", "desk@example.com"],
    );
    let desk = sign_in(&server, "front", PASSWORD).unwrap();
    let html = desk.hand_over(&VISIT, None).text();
    let at = html.find("/desk/p/").unwrap();
    let token: String = html[at + 8..].chars().take(22).collect();
    assert_eq!(
        server
            .request("DELETE", &format!("/api/plans/{token}"), &[], b"")
            .status,
        204
    );
    for token in [token.as_str(), "not-a-token", "%2e%2e"] {
        let sent = desk.post(
            &format!("/desk/p/{token}/send"),
            &[
                ("form_token", &desk.form_token),
                ("email", "ana@example.com"),
            ],
        );
        assert_eq!(sent.status, 410, "{token}: {}", sent.text());
        assert!(sent.text().contains("This plan is not here"));
    }
    assert!(smtp.received().is_empty());
}

#[test]
fn a_bad_day_s_list_is_named_as_uploaded_never_by_a_server_path() {
    let dir = Dir::new();
    add_user(&dir, "front", false);
    let server = Server::start(dir.path(), &[]);
    let desk = sign_in(&server, "front", PASSWORD).unwrap();
    let (bad, _) = upload_day(
        &desk,
        "C:\\fakepath\\tuesday.csv",
        "colour,at\nred,2027-02-01 10:00\n",
    );
    assert_eq!(bad.status, 422);
    let html = bad.text();
    assert!(html.contains("tuesday.csv, line 1:"), "{html}");
    let root = dir.path().to_string_lossy().to_string();
    for path in ["/tmp", root.as_str(), "appointments.csv", "fakepath"] {
        assert!(!html.contains(path), "{path} in {html}");
    }
}

#[test]
fn a_european_excel_s_list_reads_and_a_workbook_is_named_as_one() {
    let dir = Dir::new();
    add_user(&dir, "front", false);
    let server = Server::start(dir.path(), &[]);
    let desk = sign_in(&server, "front", PASSWORD).unwrap();
    // Saved by a Spanish Excel as "CSV": semicolons, Windows-1252, Spanish headers, "a. m.",
    // and a cancelled booking.
    let csv = common::in_future(
        "ID Paciente;Nombre;Fecha;Hora;Zona tratada;Zona horaria;Estado\r\n\
         MAD-1;Mar\u{ed}a Pe\u{f1}a;2027-03-09;9:00 a. m.;Frown Lines;Europe/Madrid;Confirmada\r\n\
         MAD-2;Jos\u{e9} Ruiz;2027-03-09;9:30 a. m.;Forehead;Europe/Madrid;Cancelada\r\n",
    );
    let latin: Vec<u8> = csv
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    let reply = desk.post_multipart(
        "/desk/day",
        &[("form_token", &desk.form_token)],
        Some(("csv", "export.csv", &latin)),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let html = reply.text();
    // The cancelled booking is not a mistake to correct: counted and shown apart, not in red.
    assert!(html.contains("2 rows: 1 done, 0 refused."), "{html}");
    assert!(
        html.contains("1 row is a cancelled or missed appointment: no plan and no e-mail for it."),
        "{html}"
    );
    assert!(
        html.contains(
            "<tr><td>MAD-2 (row 3)</td><td>not planned: the booking says &#34;Cancelada&#34;"
        ),
        "{html}"
    );
    // A workbook is not read as text: it is named, with what to do.
    let reply = desk.post_multipart(
        "/desk/day",
        &[("form_token", &desk.form_token)],
        Some(("csv", "day.xlsx", b"PK\x03\x04\x14\x00\x06\x00")),
    );
    assert_eq!(reply.status, 422);
    let html = reply.text();
    assert!(
        html.contains("day.xlsx: this is an Excel workbook, not a CSV file"),
        "{html}"
    );
}

/// The parts of a message, by Python's own e-mail parser: plain text, HTML, the calendar.
fn message_parts(message: &[u8]) -> (String, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.eml");
    std::fs::write(&path, message).unwrap();
    let script = r#"
import sys, json, email
from email import policy
m = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=policy.default)
alt = next(m.iter_parts())
print(json.dumps([p.get_content() for p in alt.iter_parts()]))
"#;
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let parts: Vec<String> = serde_json::from_slice(&out.stdout).unwrap();
    (parts[0].clone(), parts[1].clone(), parts[2].clone())
}

#[test]
fn the_plan_s_page_is_the_link_the_e_mail_and_the_calendar_carry() {
    let dir = Dir::new();
    add_user(&dir, "front", false);
    let smtp = SmtpServer::start("save");
    let clinic = format!(
        "{}/fixtures/clinic/example.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let server = Server::start(
        dir.path(),
        &[
            "--smtp",
            &smtp.url(),
            "--mail-from",
            "Example Clinic <desk@example.com>",
            "--clinic",
            &clinic,
            "--base-url",
            "https://plans.example.com",
        ],
    );
    let desk = sign_in(&server, "front", PASSWORD).unwrap();
    // No workouts: the message must not ask for a routine the patient cannot add from it.
    let html = desk.hand_over(&VISIT[..4], None).text();
    let link_at = html.find("/desk/p/").unwrap();
    let token: String = html[link_at + 8..].chars().take(22).collect();
    let page = format!("https://plans.example.com/p/{token}");
    assert!(html.contains(&format!("The patient&#39;s page: <a href=\"{page}\">")));
    let sent = desk.post(
        &format!("/desk/p/{token}/send"),
        &[
            ("form_token", &desk.form_token),
            ("email", "ana@example.com"),
        ],
    );
    assert_eq!(sent.status, 200, "{}", sent.text());
    let received = smtp.received();
    assert_eq!(received.len(), 1);
    let (plain, html, calendar) = message_parts(&received[0]);
    let plain = plain.replace("\r\n", "\n");

    // The page, in both parts, said what it is for.
    assert!(
        plain.contains(&format!("delete the plan:\n{page}\n")),
        "{plain}"
    );
    assert!(
        html.contains(&format!("<a href=\"{page}\">{page}</a>")),
        "{html}"
    );
    assert!(!plain.contains("weekly routine"), "{plain}");
    // The clinic's numbers and website are links; no inline SVG.
    assert!(
        html.contains(
            "<a href=\"tel:02079460000\" style=\"white-space: nowrap;\">020 7946 0000</a>"
        ),
        "{html}"
    );
    assert!(
        html.contains(
            "<a href=\"tel:02079460999\" style=\"white-space: nowrap;\">020 7946 0999</a>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"https://clinic.example.com\">"),
        "{html}"
    );
    assert!(!html.contains("<svg"));

    // The calendar: its URL (RFC 7986), the appointment's URL and a line saying what it is.
    let feed = server.get(&format!("/p/{token}/calendar.ics")).text();
    for (name, ics) in [("page-link-mail", &calendar), ("page-link-feed", &feed)] {
        let unfolded = ics.replace("\r\n ", "");
        let calendar_part = unfolded.split("BEGIN:VTIMEZONE").next().unwrap();
        assert!(
            calendar_part.contains(&format!("\r\nURL;VALUE=URI:{page}\r\n")),
            "{name}: {calendar_part}"
        );
        let appointment = unfolded
            .split("BEGIN:VEVENT")
            .find(|e| e.contains("CATEGORIES:Aftercare,Appointment"))
            .unwrap();
        assert!(
            appointment.contains(&format!("\r\nURL;VALUE=URI:{page}\r\n")),
            "{name}: {appointment}"
        );
        assert!(
            appointment.contains(&format!("print the handout or delete the plan: {page}")),
            "{name}: {appointment}"
        );
        let check_ins = unfolded
            .split("BEGIN:VEVENT")
            .filter(|e| {
                e.contains("CATEGORIES:Aftercare,Check-in")
                    || e.contains("CATEGORIES:Aftercare,Follow-up")
            })
            .count();
        assert!(check_ins > 0, "{name}");
        assert_eq!(
            unfolded.matches(&format!("URL;VALUE=URI:{page}")).count(),
            2 + check_ins,
            "{name}: the calendar, the appointment and each check-in, no other event"
        );
        common::conforms(name, ics);
    }
}

/// The UID lines of a calendar, sorted.
fn uids(ics: &str) -> Vec<String> {
    let mut uids: Vec<String> = ics
        .replace("\r\n ", "")
        .lines()
        .filter(|l| l.starts_with("UID:"))
        .map(str::to_string)
        .collect();
    uids.sort();
    uids
}

#[test]
fn a_day_s_list_links_each_patient_s_page_and_a_list_uploaded_again_sends_nothing_twice() {
    let dir = Dir::new();
    add_user(&dir, "front", false);
    let smtp = SmtpServer::start("save");
    let server = Server::start(
        dir.path(),
        &[
            "--smtp",
            &smtp.url(),
            "--mail-from",
            "Example Clinic <desk@example.com>",
            "--base-url",
            "https://plans.example.com",
        ],
    );
    let desk = sign_in(&server, "front", PASSWORD).unwrap();
    let list = |workouts: &str| {
        common::in_future(&format!(
            "Patient ID,E-mail,Appointment,Time zone,workouts\n\
             P-1,ana@example.com,2027-02-05 16:00,Europe/London,{workouts}\n\
             P-2,bo@example.com,2027-02-05 17:00,Europe/London,\n\
             P-3,,2027-02-05 18:00,Europe/London,\n"
        ))
    };
    let upload = |csv: &str| {
        let reply = desk.post_multipart(
            "/desk/day",
            &[("form_token", &desk.form_token)],
            Some(("csv", "day.csv", csv.as_bytes())),
        );
        assert_eq!(reply.status, 200, "{}", reply.text());
        reply.text()
    };
    let html = upload(&list("mon 18:00 1h weights"));
    assert!(
        html.contains("3 rows: 3 done (1 without an e-mail address)"),
        "{html}"
    );
    let sent = desk.post(
        &link_ending(&html, "/send"),
        &[("form_token", &desk.form_token)],
    );
    assert!(sent.text().contains("Sent 2 messages."), "{}", sent.text());
    let received = smtp.received();
    assert_eq!(received.len(), 2);

    // Each message carries its patient's own page, which is a real plan, and the calendar it
    // carries is the feed's: the same events.
    let mut pages = Vec::new();
    for (i, message) in received.iter().enumerate() {
        let (plain, _html, calendar) = message_parts(message);
        let at = plain
            .find("https://plans.example.com/p/")
            .expect("a page link");
        let page: String = plain[at..].chars().take(28 + 22).collect();
        let token = &page[28..];
        assert!(
            calendar
                .replace("\r\n ", "")
                .contains(&format!("URL;VALUE=URI:{page}")),
            "{calendar}"
        );
        let shown = server.get(&format!("/p/{token}"));
        assert_eq!(shown.status, 200);
        let feed = server.get(&format!("/p/{token}/calendar.ics")).text();
        assert_eq!(
            uids(&calendar),
            uids(&feed),
            "the message's events are the feed's"
        );
        common::conforms(&format!("desk-day-linked-{i}"), &calendar);
        pages.push(page);
    }
    assert_ne!(pages[0], pages[1], "a page per patient");

    // The results give every done row's page, the patient without an address included, and
    // the desk's row opens that patient's hand-over page (its QR code).
    let results = &zip_files(&desk.get(&link_ending(&html, "calendars.zip")).body)["results.csv"];
    for page in &pages {
        assert!(
            results
                .lines()
                .any(|l| l.contains(",sent,") && l.ends_with(&format!(",{page}"))),
            "{results}"
        );
    }
    let p3 = results.lines().find(|l| l.contains(",P-3,")).unwrap();
    assert!(p3.contains(",https://plans.example.com/p/"), "{p3}");
    let p3_token = &p3[p3.len() - 22..];
    let hand_over = desk.get(&format!("/desk/p/{p3_token}"));
    assert_eq!(hand_over.status, 200);
    assert!(
        hand_over.text().contains(&format!(
            "The patient&#39;s page: <a href=\"https://plans.example.com/p/{p3_token}\">"
        )),
        "{}",
        hand_over.text()
    );
    assert!(hand_over.text().contains("<svg"), "the QR code");
    assert_eq!(
        server.get(&format!("/desk/p/{p3_token}")).status,
        303,
        "signed in only"
    );

    // The same list uploaded again (another file, another hour): the same plans, nothing
    // sent twice; a changed row updates its patient's plan, whose page and feed show it.
    let html = upload(&list("mon 18:00 1h spin"));
    let again = desk.post(
        &link_ending(&html, "/send"),
        &[("form_token", &desk.form_token)],
    );
    assert!(
        again
            .text()
            .contains("Sent 0 messages (2 had been sent before)."),
        "{}",
        again.text()
    );
    assert_eq!(smtp.received().len(), 2, "each patient e-mailed once");
    let token = &pages[0][28..];
    let feed = server.get(&format!("/p/{token}/calendar.ics")).text();
    assert!(feed.contains("SEQUENCE:1"), "revised once: {feed}");
    assert!(feed.to_lowercase().contains("spin"), "{feed}");
    // The hand-over's own button finds the same claim.
    let button = desk.post(
        &format!("/desk/p/{token}/send"),
        &[
            ("form_token", &desk.form_token),
            ("email", "ana@example.com"),
        ],
    );
    assert!(
        button.text().contains("Already sent to this address, at "),
        "{}",
        button.text()
    );
    assert_eq!(smtp.received().len(), 2);
    // A corrected address is sent to: the desk fixed a typing mistake.
    let html = upload(&list("mon 18:00 1h spin").replace("bo@example.com", "bo2@example.com"));
    let fixed = desk.post(
        &link_ending(&html, "/send"),
        &[("form_token", &desk.form_token)],
    );
    assert!(
        fixed
            .text()
            .contains("Sent 1 message (1 had been sent before)."),
        "{}",
        fixed.text()
    );
    assert_eq!(smtp.received().len(), 3);
}

#[test]
fn a_list_with_appointments_before_today_is_run_only_once_the_desk_says_so() {
    let dir = Dir::new();
    add_user(&dir, "front", false);
    let smtp = SmtpServer::start("save");
    let server = Server::start(
        dir.path(),
        &[
            "--smtp",
            &smtp.url(),
            "--mail-from",
            "Example Clinic <desk@example.com>",
        ],
    );
    let desk = sign_in(&server, "front", PASSWORD).unwrap();
    // Two days ago and in two days, in the row's zone: whatever the hour the test runs.
    let day = |days: i64| {
        (chrono::Utc::now() + chrono::Duration::days(days))
            .format("%Y-%m-%d")
            .to_string()
    };
    let csv = format!(
        "Patient ID,E-mail,Appointment,Time zone\n\
         P-1,ana@example.com,{} 10:00,Pacific/Auckland\n\
         P-2,bo@example.com,{} 10:00,Pacific/Auckland\n",
        day(-2),
        day(2)
    );
    let first = desk.post_multipart(
        "/desk/day",
        &[("form_token", &desk.form_token)],
        Some(("csv", "monday.csv", csv.as_bytes())),
    );
    assert_eq!(first.status, 422, "{}", first.text());
    let html = first.text();
    assert!(
        html.contains("monday.csv: 1 row is for an appointment before today (the earliest: "),
        "{html}"
    );
    assert!(html.contains("name=\"past\""), "{html}");
    assert!(!html.contains("calendars.zip"), "nothing made: {html}");
    let at = html.find("name=\"list\" value=\"").unwrap() + 19;
    let list: String = html[at..].chars().take_while(|c| *c != '"').collect();

    let confirmed = desk.post_multipart(
        "/desk/day",
        &[
            ("form_token", &desk.form_token),
            ("list", &list),
            ("past", "on"),
        ],
        None,
    );
    assert_eq!(confirmed.status, 200, "{}", confirmed.text());
    let html = confirmed.text();
    assert!(html.contains("2 rows: 2 done, 0 refused."), "{html}");
    let sent = desk.post(
        &link_ending(&html, "/send"),
        &[("form_token", &desk.form_token)],
    );
    assert!(sent.text().contains("Sent 2 messages."), "{}", sent.text());
    assert_eq!(smtp.received().len(), 2);
}

#[test]
fn a_wrong_list_s_plans_are_deleted_after_a_second_step() {
    let dir = Dir::new();
    add_user(&dir, "front", false);
    let server = Server::start(dir.path(), &["--base-url", "https://plans.example.com"]);
    let desk = sign_in(&server, "front", PASSWORD).unwrap();
    let (reply, zip) = upload_day(&desk, "wrong.csv", &day_csv(3));
    assert_eq!(reply.status, 200, "{}", reply.text());
    let zip = zip.unwrap();
    let results = &zip_files(&desk.get(&zip).body)["results.csv"];
    let tokens: Vec<String> = results
        .lines()
        .skip(1)
        .map(|l| l.rsplit_once("/p/").unwrap().1.to_string())
        .collect();
    assert_eq!(tokens.len(), 3, "{results}");
    for token in &tokens {
        assert_eq!(server.get(&format!("/p/{token}")).status, 200);
    }
    let erase = zip.replace("calendars.zip", "erase");
    assert!(reply.text().contains(&format!("action=\"{erase}\"")));
    // The first press asks; nothing is deleted yet.
    let asked = desk.post(&erase, &[("form_token", &desk.form_token)]);
    assert_eq!(asked.status, 200);
    assert!(
        asked.text().contains("3 plans were made from wrong.csv."),
        "{}",
        asked.text()
    );
    assert_eq!(server.get(&format!("/p/{}", tokens[0])).status, 200);
    // Without the sign-in's form token, nothing either.
    assert_eq!(
        desk.post(&erase, &[("form_token", "x"), ("confirm", "yes")])
            .status,
        403
    );
    let done = desk.post(
        &erase,
        &[("form_token", &desk.form_token), ("confirm", "yes")],
    );
    assert!(
        done.text().contains("Deleted 3 plans made from wrong.csv"),
        "{}",
        done.text()
    );
    for token in &tokens {
        assert_eq!(server.get(&format!("/p/{token}")).status, 410);
        assert_eq!(server.get(&format!("/p/{token}/calendar.ics")).status, 410);
    }
    assert_eq!(desk.get(&zip).status, 410, "the list is gone too");
}

/// The Madrid clinic's booking export (fixtures/clinic/booking-export.csv): 30 patients,
/// dates day first, 12-hour times, no zone column.
fn booking_export() -> String {
    common::in_future(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures/clinic/booking-export.csv"),
        )
        .unwrap(),
    )
}

/// The files of a day's zip, by name.
fn zip_files(zip: &[u8]) -> std::collections::BTreeMap<String, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.to_vec())).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut text = String::new();
            std::io::Read::read_to_string(&mut file, &mut text).unwrap();
            (file.name().unwrap().to_string(), text)
        })
        .collect()
}

/// The link in a page that ends with `end`.
fn link_ending(html: &str, end: &str) -> String {
    html.match_indices("/desk/day/")
        .map(|(at, _)| html[at..].split('"').next().unwrap().to_string())
        .find(|l| l.ends_with(end))
        .unwrap_or_else(|| panic!("no link to {end} in {html}"))
}

#[test]
fn send_all_sends_what_the_page_says_is_done_with_the_choices_made_at_upload() {
    let dir = Dir::new();
    add_user(&dir, "front", false);
    let smtp = SmtpServer::start("save");
    let server = Server::start(
        dir.path(),
        &[
            "--smtp",
            &smtp.url(),
            "--mail-from",
            "Clínica Sol <citas@example.es>",
        ],
    );
    let desk = sign_in(&server, "front", PASSWORD).unwrap();
    // The export with US dates (09/03/2027 becomes 03/09/2027), and two rows of an area the
    // protocol does not know.
    let csv: String = booking_export()
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let line = line
                .replace(
                    &common::in_future("09/03/2027"),
                    &common::in_future("03/09/2027"),
                )
                .replace(
                    &common::in_future("10/03/2027"),
                    &common::in_future("03/10/2027"),
                );
            let line = if i == 4 || i == 17 {
                let (head, _) = line.rsplit_once(",\"").unwrap();
                format!("{head},\"Knees\",Confirmed")
            } else {
                line
            };
            format!("{line}\n")
        })
        .collect();
    assert_eq!(csv.matches("Knees").count(), 2);
    let upload = |fields: &[(&str, &str)]| {
        let mut all = vec![("form_token", desk.form_token.as_str())];
        all.extend_from_slice(fields);
        desk.post_multipart(
            "/desk/day",
            &all,
            Some(("csv", "export.csv", csv.as_bytes())),
        )
    };
    // Without a date order: one message at the top, not one a row; the list is kept.
    let unchosen = upload(&[("tz", "Europe/Madrid"), ("date_order", "")]);
    assert_eq!(unchosen.status, 422);
    let html = unchosen.text();
    assert!(
        html.contains("30 rows write their dates with slashes"),
        "{html}"
    );
    assert_eq!(
        html.matches("with slashes").count(),
        2,
        "the message, and the select's label"
    );
    assert!(
        html.contains("name=\"list\""),
        "the list is kept to run again: {html}"
    );

    let made = upload(&[("tz", "Europe/Madrid"), ("date_order", "mdy")]);
    assert_eq!(made.status, 200, "{}", made.text());
    let html = made.text();
    assert!(
        html.contains("30 rows: 28 done (2 without an e-mail address), 2 refused."),
        "{html}"
    );
    assert!(html.contains("MAD-1001</a></td><td>done</td>"), "{html}");
    // Each done row shows its appointment as read: month first, 03/09 is 9 March.
    assert!(
        html.contains(&common::in_future("<td>done</td><td>2027-03-09 09:00</td>")),
        "{html}"
    );
    assert!(
        html.contains("MAD-1004 (row 5)</td><td>refused: Treatment Area: unknown area"),
        "{html}"
    );
    let send = link_ending(&html, "/send");
    let zip = link_ending(&html, "calendars.zip");
    let calendars = zip_files(&desk.get(&zip).body);
    // Month first: 03/09/2027 is 9 March, in the clinic's zone.
    assert!(
        calendars["MAD-1001.ics"]
            .contains(&common::in_future("TZID=Europe/Madrid:20270309T090000")),
        "{}",
        calendars["MAD-1001.ics"]
    );

    let sent = desk.post(&send, &[("form_token", &desk.form_token)]);
    assert_eq!(sent.status, 200);
    let html = sent.text();
    // Two rows have no address: 26 messages, each received.
    assert!(html.contains("Sent 26 messages."), "{html}");
    assert!(
        html.contains("30 rows: 28 done (2 without an e-mail address), 2 refused."),
        "the same rows: {html}"
    );
    assert!(
        html.contains("E-mails: 26 sent now, 0 sent before, 2 not sent."),
        "{html}"
    );
    assert!(
        html.contains("MAD-1001</a></td><td>done; e-mail sent</td>"),
        "{html}"
    );
    assert!(
        html.contains("MAD-1007</a></td><td>done, but no e-mail: no address given"),
        "{html}"
    );
    assert_eq!(smtp.received().len(), 26);
    // The results in the zip say the same, row by row.
    let results = &zip_files(&desk.get(&zip).body)["results.csv"];
    let lines: Vec<&str> = results.lines().collect();
    assert_eq!(
        lines[0],
        "row,id,result,column,reason,message,appointment,page"
    );
    assert_eq!(lines.len(), 31, "{results}");
    assert_eq!(results.matches(",done,,,sent,").count(), 26, "{results}");
    // The appointment as read, so the desk sees that 03/09 was read as 9 March.
    assert!(
        lines[1].contains(&common::in_future(",sent,2027-03-09 09:00,http")),
        "{results}"
    );
    assert_eq!(
        results.matches(",refused,Treatment Area,").count(),
        2,
        "{results}"
    );
    assert!(lines[1].starts_with("2,MAD-1001,done,"), "{results}");

    let again = desk.post(&send, &[("form_token", &desk.form_token)]);
    assert!(
        again
            .text()
            .contains("Sent 0 messages (26 had been sent before).")
    );
    assert_eq!(smtp.received().len(), 26, "each message once");
}

#[test]
fn a_booking_export_reads_with_the_clinic_s_settings_and_the_columns_chosen_once() {
    let dir = Dir::new();
    add_user(&dir, "maria", true);
    let server = Server::start(dir.path(), &[]);
    let admin = sign_in(&server, "maria", PASSWORD).unwrap();
    let saved = admin.settings(
        "name = \"Clínica Sol\"\ntz = \"Europe/Madrid\"\ndate_order = \"dmy\"",
        "",
        None,
    );
    assert_eq!(saved.status, 200, "{}", saved.text());
    // As it comes: no choice made on the page at all.
    let (reply, link) = upload_day(&admin, "export.csv", &booking_export());
    assert_eq!(reply.status, 200, "{}", reply.text());
    let html = reply.text();
    assert!(html.contains("30 rows: 30 done, 0 refused."), "{html}");
    assert!(
        html.contains("Columns not read: Appointment ID, Phone, Practitioner, Treatment."),
        "{html}"
    );
    let calendars = zip_files(&admin.get(&link.unwrap()).body);
    // Day first, 4:30 PM, Madrid; "Frown Lines, Crow's Feet" are two areas.
    let ics = &calendars["MAD-1008.ics"];
    assert!(
        ics.contains(&common::in_future("TZID=Europe/Madrid:20270309T123000")),
        "{ics}"
    );
    assert!(
        calendars["MAD-1005.ics"].contains("oggles"),
        "crow's feet read"
    );

    // A header the page does not know: the form again with the list kept, saying what each
    // column holds; never a server path, never a command-line flag.
    let spanish = booking_export().replacen("Patient ID", "Nº historia", 1);
    let (bad, _) = upload_day(&admin, "export.csv", &spanish);
    assert_eq!(bad.status, 422);
    let html = bad.text();
    assert!(
        html.contains("export.csv, line 1: the header has no column for the row&#39;s id")
            || html.contains("export.csv, line 1: the header has no column for the row's id"),
        "{html}"
    );
    for wrong in ["--column", "/tmp", "appointments.csv"] {
        assert!(!html.contains(wrong), "{wrong} in {html}");
    }
    assert!(
        html.contains("<option value=\"date=Appointment Date\" selected>"),
        "{html}"
    );
    let list = html
        .split("name=\"list\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    // Chosen once, without choosing the file again.
    let rerun = admin.post_multipart(
        "/desk/day",
        &[
            ("form_token", &admin.form_token),
            ("list", list),
            ("map", "id=Nº historia"),
            ("map", "=Phone"),
        ],
        None,
    );
    assert_eq!(rerun.status, 200, "{}", rerun.text());
    assert!(
        rerun.text().contains("30 rows: 30 done, 0 refused."),
        "{}",
        rerun.text()
    );
    // Remembered for the clinic: the next list from the same system needs no choosing.
    let (next, _) = upload_day(&admin, "export-2.csv", &spanish);
    assert_eq!(next.status, 200, "{}", next.text());
    assert!(next.text().contains("MAD-1030</a></td><td>done</td>"));
}

#[test]
fn a_day_s_list_makes_each_patient_s_plan_in_their_language_page_and_feed_included() {
    let dir = Dir::new();
    add_user(&dir, "front", false);
    let server = Server::start(dir.path(), &[]);
    let desk = sign_in(&server, "front", PASSWORD).unwrap();
    let csv = common::in_future(
        "id,at,tz,Idioma\n\
         L-1,2027-03-09 09:00,Europe/Madrid,English\n\
         L-2,2027-03-09 09:30,Europe/Madrid,Español\n",
    );
    let (reply, _) = upload_day(&desk, "day.csv", &csv);
    assert_eq!(reply.status, 200, "{}", reply.text());
    let html = reply.text();
    assert!(html.contains("2 rows: 2 done, 0 refused."), "{html}");
    // Each row's own page and feed, in its language (the column read by its header "Idioma").
    let token = |id: &str| -> String {
        let at = html.find(&format!(">{id}</a>")).expect(id);
        let link = &html[..at];
        let link = &link[link.rfind("/desk/p/").expect("a hand-over link") + "/desk/p/".len()..];
        link[..link.find('"').unwrap()].to_string()
    };
    for (id, lang) in [("L-1", "en"), ("L-2", "es")] {
        let page = server.get(&format!("/p/{}", token(id))).text();
        assert!(
            page.contains(&format!("<html lang=\"{lang}\"")),
            "{id}: {page}"
        );
        let feed = server.get(&format!("/p/{}/calendar.ics", token(id))).text();
        assert_eq!(feed.contains(";LANGUAGE=es:"), lang == "es", "{id}");
    }
}
