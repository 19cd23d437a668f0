//! Input a front desk types, forgiven where the meaning is clear, refused plainly where it is
//! not: spreadsheet headers, area names, rows without a zone or an address, file names, and a
//! mail server that goes away.

mod common;

use common::Dir;

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn spreadsheet_headers_and_area_names_are_read_as_people_write_them() {
    let dir = Dir::new();
    dir.write(
        "day.csv",
        "Patient ID,Name,E-mail,Appointment,Time zone,Treated areas\n\
         P-1,Ana,ana@example.com,2026-12-04 15:00,Europe/London,\"Forehead, Crow's feet\"\n",
    );
    let out = dir.run(&["batch", "day.csv", "--out-dir", "out"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let ics = std::fs::read_to_string(dir.path().join("out/P-1.ics")).unwrap();
    common::save_calendar("frontdesk-headers", &ics);
    // Crow's feet is an eye area: its goggles rule applies.
    assert!(
        ics.contains("goggles") || ics.contains("Goggles"),
        "crow's feet read"
    );
}

#[test]
fn other_headers_are_mapped_with_column_and_a_default_zone_fills_empty_ones() {
    let dir = Dir::new();
    dir.write(
        "day.csv",
        "Ref,Client,Visit\nP-1,Ana,2026-12-04 15:00\nP-2,Bo,2026-12-04 16:00\n",
    );
    let out = dir.run(&["batch", "day.csv", "--out-dir", "out"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no column for the appointment's date and time")
            && stderr(&out).contains("\"Client\", \"Visit\"")
            && stderr(&out).contains("--column \"HEADER=COLUMN\""),
        "{}",
        stderr(&out)
    );
    let out = dir.run(&[
        "batch",
        "day.csv",
        "--out-dir",
        "out",
        "--column",
        "Client=name",
        "--column",
        "Visit=at",
        "--tz",
        "Europe/Madrid",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let ics = std::fs::read_to_string(dir.path().join("out/P-2.ics")).unwrap();
    assert!(ics.contains("TZID=Europe/Madrid:20261204T160000"));
}

#[test]
fn a_row_without_an_address_still_gets_its_calendar() {
    let dir = Dir::new();
    dir.write(
        "day.csv",
        "id,email,at,tz\nP-1,ana@example.com,2026-12-04 15:00,Europe/London\nP-2,,2026-12-04 16:00,Europe/London\n",
    );
    let out = dir.run(&[
        "batch",
        "day.csv",
        "--out-dir",
        "out",
        "--eml",
        "--from",
        "clinic@example.com",
    ]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "the missing message is reported"
    );
    let out_dir = dir.path().join("out");
    assert!(out_dir.join("P-2.ics").exists(), "the calendar is written");
    assert!(!out_dir.join("P-2.eml").exists());
    assert!(out_dir.join("P-1.eml").exists());
    let errors = std::fs::read_to_string(out_dir.join("errors.csv")).unwrap();
    assert!(
        errors.contains("3,email,") && errors.contains("the calendar was written; no message"),
        "{errors}"
    );
}

#[test]
fn an_unreachable_mail_server_says_how_far_sending_got() {
    let dir = Dir::new();
    dir.write(
        "day.csv",
        "id,email,at,tz\nP-1,ana@example.com,2026-12-04 15:00,Europe/London\n",
    );
    let out = dir.run(&[
        "batch",
        "day.csv",
        "--out-dir",
        "out",
        "--send",
        "--smtp",
        "smtp://127.0.0.1:1",
        "--from",
        "clinic@example.com",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("sending stopped after 0 messages sent in this run"),
        "{err}"
    );
    assert!(err.contains("running the same command again sends the rest"));
}

#[test]
fn a_calendar_is_never_written_under_another_format_s_name() {
    let dir = Dir::new();
    let at = ["plan", "--at", "2026-12-04 15:00", "--tz", "Europe/London"];
    let out = dir.run(&[&at[..], &["-o", "plan.md"]].concat());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("a file name ending in .ics, .json or .txt"));
    assert!(dir.files().is_empty());
    // Asking for a format explicitly is honoured.
    let out = dir.run(&[&at[..], &["-o", "plan.md", "--format", "text"]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("plan.md")).unwrap();
    assert!(text.starts_with("Aftercare plan:"));
}

#[test]
fn habits_can_come_from_standard_input() {
    let dir = Dir::new();
    let habits = "[[workout]]\nname = \"Piped run\"\nactivity = \"running\"\ndays = \"sat\"\nat = \"09:00\"\nminutes = 45\n";
    let out = dir.run_with(
        &[
            "plan",
            "--at",
            "2026-12-04 15:00",
            "--tz",
            "Europe/London",
            "--habits",
            "-",
            "--format",
            "text",
        ],
        habits.as_bytes(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Piped run"));
}

#[test]
fn workouts_are_read_as_people_type_them() {
    use aftercare::model::Routine;
    let mut routine = Routine::default();
    routine.add_workout("tues 7pm 1h hot yoga").unwrap();
    routine
        .add_workout("mon,thurs 7:30 pm 45m lifting")
        .unwrap();
    routine.add_workout("Saturdays 9am 1h bikram").unwrap();
    let read: Vec<(String, String, String)> = routine
        .workouts
        .iter()
        .map(|w| {
            (
                format!("{:?}", w.days),
                w.at.format("%H:%M").to_string(),
                w.activity.clone(),
            )
        })
        .collect();
    assert_eq!(
        read,
        [
            ("[Tue]".into(), "19:00".into(), "hot-yoga".into()),
            ("[Mon, Thu]".into(), "19:30".into(), "weights".into()),
            ("[Sat]".into(), "09:00".into(), "hot-yoga".into()),
        ]
    );
    // A habits file reads the same way.
    let file =
        "[[workout]]\nactivity = \"hot yoga\"\ndays = \"tues\"\nat = \"7:30pm\"\nminutes = 60\n";
    let parsed = Routine::parse(file, "h.toml".as_ref()).unwrap();
    assert_eq!(parsed.workouts[0].activity, "hot-yoga");
    assert_eq!(parsed.workouts[0].at.format("%H:%M").to_string(), "19:30");
    // What is not an activity still gets the nearest ids, and a time that is not one is refused.
    let err = routine
        .add_workout("mon 7pm 1h hitt")
        .unwrap_err()
        .to_string();
    assert!(err.contains("did you mean hiit"), "{err}");
    for bad in ["mon 13pm 1h hiit", "mon 7:5 1h hiit", "mon 25:00 1h hiit"] {
        assert!(routine.add_workout(bad).is_err(), "{bad}");
    }
}

#[test]
fn the_clinic_profile_says_whom_to_call_in_every_output() {
    let dir = Dir::new();
    let clinic = std::fs::canonicalize("fixtures/clinic/example.toml").unwrap();
    let clinic = clinic.to_str().unwrap();
    let contact =
        "Questions or worries: Example Clinic, 020 7946 0000 (after hours: 020 7946 0999).";
    let at = [
        "plan",
        "--at",
        "2026-12-04 15:00",
        "--tz",
        "Europe/London",
        "--clinic",
        clinic,
    ];
    let out = dir.run(&[&at[..], &["--format", "text", "-o", "-"]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches(contact).count(), 1, "{text}");
    // The calendar: once in the appointment event, once in each calendar description.
    let out = dir.run(&[&at[..], &["-o", "plan.ics"]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let ics = std::fs::read_to_string(dir.path().join("plan.ics")).unwrap();
    common::save_calendar("frontdesk-clinic", &ics);
    let unfolded = ics.replace("\r\n ", "");
    assert_eq!(
        unfolded
            .matches("Questions or worries: Example Clinic")
            .count(),
        3
    );
    // The e-mail: both parts hold the intro, the reminders, the contact line and the sign-off.
    let out = dir.run(
        &[
            &at[..],
            &[
                "--eml",
                "plan.eml",
                "--from",
                "Example Clinic <clinic@example.com>",
                "--to",
                "ana@example.com",
            ],
        ]
        .concat(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let eml = std::fs::read(dir.path().join("plan.eml")).unwrap();
    let message = mail_parts(&eml);
    let (plain, html) = (&message[0], &message[1]);
    for part in [plain, html] {
        assert!(part.contains("Thank you for visiting us today"), "{part}");
        assert!(part.contains("The team at Example Clinic"));
        assert!(
            part.contains("No alcohol for 24 hours"),
            "reminders in both parts"
        );
        assert!(part.contains("Results and follow-up"), "the follow-up too");
    }
    assert!(plain.contains("Example Clinic, 020 7946 0000"));
    // The HTML part dials the number with a tap.
    assert!(
        html.contains("Example Clinic, <a href=\"tel:02079460000\" style=\"white-space: nowrap;\">020 7946 0000</a>"),
        "{html}"
    );
}

/// The decoded text/plain and text/html parts of a message.
fn mail_parts(eml: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(eml).replace("\r\n", "\n");
    let mut parts = Vec::new();
    for kind in ["text/plain", "text/html"] {
        let start = text.find(&format!("Content-Type: {kind}")).unwrap();
        let body_start = text[start..].find("\n\n").unwrap() + start + 2;
        let body_end = text[body_start..].find("\n--").unwrap() + body_start;
        let header = &text[start..body_start];
        let body = &text[body_start..body_end];
        let decoded = if header.contains("base64") {
            use std::io::Read;
            let joined: String = body.lines().collect();
            let mut out = Vec::new();
            base64_decode(&joined, &mut out);
            let mut s = String::new();
            std::io::Cursor::new(out).read_to_string(&mut s).unwrap();
            s
        } else if header.contains("quoted-printable") {
            quoted_printable(body)
        } else {
            body.to_string()
        };
        parts.push(decoded);
    }
    parts
}

fn quoted_printable(body: &str) -> String {
    let joined = body.replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&joined[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn base64_decode(text: &str, out: &mut Vec<u8>) {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut buffer = 0u32;
    let mut bits = 0;
    for c in text.bytes().filter(|c| *c != b'=') {
        let Some(v) = ALPHABET.iter().position(|a| *a == c) else {
            continue;
        };
        buffer = (buffer << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
}

#[test]
fn dates_with_slashes_need_their_order() {
    let dir = Dir::new();
    dir.write("day.csv", "id,at,tz\nP-1,01/12/2026 09:00,Europe/London\n");
    let out = dir.run(&["batch", "day.csv", "--out-dir", "out"]);
    // Said once for the file, before any row: what to add.
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--date-order")
            && stderr(&out).contains("1 row writes its date with slashes"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("out").exists());
    for (order, expected) in [("dmy", "20261201T090000"), ("mdy", "20260112T090000")] {
        let out = dir.run(&[
            "batch",
            "day.csv",
            "--out-dir",
            order,
            "--date-order",
            order,
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        let ics = std::fs::read_to_string(dir.path().join(format!("{order}/P-1.ics"))).unwrap();
        assert!(
            ics.contains(&format!("TZID=Europe/London:{expected}")),
            "{order}"
        );
    }
    let out = dir.run(&["batch", "day.csv", "--out-dir", "x", "--date-order", "ymd"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--date-order: invalid value \"ymd\"; expected dmy or mdy"));
}

#[test]
fn times_read_in_the_reader_s_clock_and_date_order() {
    let dir = Dir::new();
    let plan = |extra: &[&str]| {
        let args = [
            &[
                "plan",
                "--at",
                "2026-12-04 15:00",
                "--tz",
                "America/New_York",
                "--format",
                "text",
                "-o",
                "-",
            ][..],
            extra,
        ]
        .concat();
        let out = dir.run(&args);
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    // The default: day first, 24-hour clock.
    let text = plan(&[]);
    assert!(text.contains("Fri 4 Dec 2026 15:00 to 15:30"), "{text}");
    assert!(text.contains("until Fri 4 Dec 19:30  stay upright"));
    // US readers: month first, 12-hour clock.
    let text = plan(&["--locale", "en-US"]);
    assert!(text.contains("Fri Dec 4 2026 3:00 PM to 3:30 PM"), "{text}");
    assert!(
        text.contains("until Fri Dec 4 7:30 PM  stay upright"),
        "{text}"
    );
    // Each can be set on its own.
    assert!(plan(&["--locale", "en-US", "--clock", "24h"]).contains("until Fri Dec 4 19:30"));
    assert!(plan(&["--clock", "12h"]).contains("until Fri 4 Dec 7:30 PM"));
    // The calendar's texts follow the same style.
    let out = dir.run(&[
        "plan",
        "--at",
        "2026-12-04 15:00",
        "--tz",
        "America/New_York",
        "--locale",
        "en-US",
        "-o",
        "us.ics",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let raw = std::fs::read_to_string(dir.path().join("us.ics")).unwrap();
    common::save_calendar("frontdesk-en-us", &raw);
    let ics = raw.replace("\r\n ", "");
    assert!(
        ics.contains("Stay upright until Fri Dec 4 7:30 PM."),
        "the first segment's description"
    );
}

#[test]
fn oops_and_suggest_read_in_the_reader_s_style_too() {
    let dir = Dir::new();
    let out = dir.run(&[
        "oops",
        "--at",
        "2026-12-04 19:00",
        "--tz",
        "America/New_York",
        "--appointment",
        "2026-12-04 15:00",
        "--locale",
        "en-US",
        "--format",
        "text",
        "-o",
        "-",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Skip heat until Sun Dec 6 3:30 PM"), "{text}");
    assert!(
        text.starts_with("Exercised too soon: Fri Dec 4 2026 7:00 PM"),
        "{text}"
    );
    let out = dir.run(&[
        "suggest",
        "--tz",
        "America/New_York",
        "--from",
        "2026-12-07",
        "--to",
        "2026-12-09",
        "--clinic-hours",
        "daily 09:00-10:00",
        "--locale",
        "en-US",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Mon Dec 7 9:00 AM — a rest day"), "{text}");
}

#[test]
fn the_plan_s_own_notes_follow_the_clock_too() {
    // London falls back on Sun 25 Oct 2026: the note names the change on the reader's clock.
    let dir = Dir::new();
    let out = dir.run(&[
        "plan",
        "--at",
        "2026-10-23 15:00",
        "--tz",
        "Europe/London",
        "--clock",
        "12h",
        "--format",
        "text",
        "-o",
        "-",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("The clocks go back on Sun 25 Oct 2026 (2:00 AM becomes 1:00 AM)"),
        "{text}"
    );
}

#[test]
fn a_booking_export_is_read_as_it_comes_with_the_clinic_s_zone_and_date_order() {
    let dir = Dir::new();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/clinic");
    let export = fixtures.join("booking-export.csv");
    let madrid = fixtures.join("madrid.toml");
    let (export, madrid) = (export.to_str().unwrap(), madrid.to_str().unwrap());
    // Without the clinic's date order: one message for the file, nothing written.
    let out = dir.run(&["batch", export, "--out-dir", "out", "--tz", "Europe/Madrid"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("30 rows write their dates with slashes"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    assert!(!dir.path().join("out").exists());

    let out = dir.run(&["batch", export, "--out-dir", "out", "--clinic", madrid]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "columns not read: \"Appointment ID\", \"Phone\", \"Practitioner\", \"Treatment\" (read"
        ),
        "{}",
        stderr(&out)
    );
    let ics = std::fs::read_to_string(dir.path().join("out/MAD-1008.ics")).unwrap();
    common::save_calendar("frontdesk-booking-export", &ics);
    // 09/03/2027 at 12:30 PM, in the clinic's zone.
    assert!(ics.contains("TZID=Europe/Madrid:20270309T123000"), "{ics}");
    let results = std::fs::read_to_string(dir.path().join("out/results.csv")).unwrap();
    assert_eq!(results.lines().count(), 31);
    assert_eq!(results.matches(",done,").count(), 30, "{results}");
    assert!(
        results
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("2,MAD-1001,done,"),
        "{results}"
    );
}
