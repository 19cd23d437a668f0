//! Hostile input: every case here once crashed, hung, or was silently misread. Each must now be
//! read or refused with a one-line error (exit 2), within a deadline, writing nothing.

mod common;

use std::process::{Command, Output};

use common::{Dir, save_calendar, with};

const PLAN: [&str; 5] = ["plan", "--at", "2027-06-07 10:00", "--tz", "Europe/Berlin"];

/// Exit 2, one line on stderr that contains every `needle`, and no file written.
fn refused(dir: &Dir, out: &Output, inputs: &[&str], needles: &[&str]) {
    common::refused_within(400, dir, out, inputs, needles);
}

#[test]
fn deep_nesting_in_a_calendar_export_is_refused() {
    let dir = Dir::new();
    for (name, begin) in [
        ("x.ics", "BEGIN:X-A\r\n"),
        ("vevent.ics", "BEGIN:VEVENT\r\n"),
        ("valarm.ics", "BEGIN:VALARM\r\n"),
        ("vcalendar.ics", "BEGIN:VCALENDAR\r\n"),
    ] {
        let text = format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{}", begin.repeat(10_000));
        dir.write(name, text);
        let out = dir.run_with(&with(&PLAN, &["--routine-ics", name, "-o", "out.ics"]), b"");
        let inputs = ["x.ics", "vevent.ics", "valarm.ics", "vcalendar.ics"];
        refused(&dir, &out, &inputs, &[name, "nested more than 8 deep"]);
    }
}

#[test]
fn a_calendar_with_bare_cr_line_ends_and_a_long_line_is_refused() {
    // This panicked inside the parser (nom-language: "Formatting argument out of range").
    let dir = Dir::new();
    let text = format!("BEGIN:VCALENDAR\rX:{}\r", "y".repeat(70_000));
    dir.write("c.ics", text);
    let out = dir.run_with(&with(&PLAN, &["--routine-ics", "c.ics", "-o", "-"]), b"");
    refused(
        &dir,
        &out,
        &["c.ics"],
        &["c.ics", "not a readable calendar"],
    );
}

#[test]
fn long_non_ascii_titles_are_written_quickly() {
    // The icalendar crate's folding (0.17.17) never returns on these; every calendar is
    // written by aftercare's own encoder.
    let dir = Dir::new();
    for (name, title) in [
        ("accents.toml", "é".repeat(80)),
        ("emoji.toml", "🧖‍♀️".repeat(40)),
        ("combining.toml", "e\u{301}".repeat(60)),
    ] {
        dir.write(
            name,
            format!("[[rule]]\nid = \"heat\"\ntitle = \"{title}\"\n"),
        );
        let out = dir.run_with(&with(&PLAN, &["--protocol", name, "-o", "-"]), b"");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let ics = String::from_utf8(out.stdout).unwrap();
        assert!(ics.lines().all(|l| l.len() <= 76), "folded at 75 octets");
        save_calendar(
            &format!("hostile-title-{}", name.trim_end_matches(".toml")),
            &ics,
        );
    }
}

#[test]
fn endless_inputs_stop_at_64_mib() {
    let dir = Dir::new();
    for flag in ["--routine-ics", "--habits", "--protocol"] {
        let out = dir.run_with(&with(&PLAN, &[flag, "/dev/zero", "-o", "out.ics"]), b"");
        refused(&dir, &out, &[], &["/dev/zero", "larger than 64 MiB"]);
    }
}

#[test]
fn a_file_that_is_not_utf8_is_bad_input_with_its_byte_offset() {
    let dir = Dir::new();
    dir.write("habits.toml", b"[[workout]]\nname = \"caf\xe9\"\n");
    let out = dir.run_with(
        &with(&PLAN, &["--habits", "habits.toml", "-o", "out.ics"]),
        b"",
    );
    refused(
        &dir,
        &out,
        &["habits.toml"],
        // "[[workout]]\n" is 12 bytes and `name = "caf` 11 more: the bad byte is number 23.
        &["habits.toml:2", "not UTF-8", "byte 23"],
    );
}

#[test]
fn argument_errors_are_one_line_naming_the_flag() {
    let dir = Dir::new();
    for (args, needle) in [
        (vec!["plan", "--tz", "UTC"], "--at"),
        (with(&PLAN, &["--frobnicate"]), "--frobnicate"),
        (with(&PLAN, &["--format", "pdf"]), "--format"),
        (with(&PLAN, &["--minutes", "ten"]), "--minutes"),
        (
            vec![
                "suggest",
                "--from",
                "2026-12-01",
                "--to",
                "2026-12-10",
                "--tz",
                "UTC",
                "--top",
                "-1",
            ],
            "--top",
        ),
        (
            vec!["batch", "rows.csv", "--jobs", "18446744073709551615"],
            "--jobs",
        ),
        (vec!["batch", "rows.csv", "--jobs", "10000"], "--jobs"),
    ] {
        let out = dir.run_with(&args, b"");
        refused(&dir, &out, &[], &[needle]);
    }
}

#[test]
fn values_in_errors_are_short_escaped_and_on_one_line() {
    let dir = Dir::new();
    let long = "9".repeat(100_000);
    let out = dir.run_with(&["plan", "--at", &long, "--tz", "UTC"], b"");
    refused(&dir, &out, &[], &["--at", "… (100000 characters)"]);
    let out = dir.run_with(
        &["plan", "--at", "2026\n\u{1b}[31mred\u{202e}", "--tz", "UTC"],
        b"",
    );
    refused(&dir, &out, &[], &["\\n\\u{1b}[31mred\\u{202e}"]);
    assert!(
        !out.stderr.contains(&0x1b),
        "no raw ESC reaches the terminal"
    );
}

#[test]
fn dates_far_outside_the_calendar_are_refused_before_use() {
    // This panicked: the range was used before its years were checked.
    let dir = Dir::new();
    let out = dir.run_with(
        &[
            "suggest",
            "--from=-262143-01-01",
            "--to=-262143-01-02",
            "--tz",
            "UTC",
        ],
        b"",
    );
    refused(
        &dir,
        &out,
        &[],
        &["--from", "between the years 1900 and 2999"],
    );
}

#[test]
fn a_huge_rrule_interval_is_read_without_overflow() {
    // INTERVAL=i64::MAX overflowed (a panic in debug builds, a silent wrap in release ones).
    let dir = Dir::new();
    let event = "BEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20200101T000000Z\r\n\
                 DTSTART;TZID=Europe/Berlin:20200106T070000\r\nDTEND;TZID=Europe/Berlin:20200106T080000\r\n\
                 RRULE:FREQ=WEEKLY;INTERVAL=9223372036854775807\r\nSUMMARY:Running\r\nEND:VEVENT\r\n";
    dir.write(
        "c.ics",
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n{event}END:VCALENDAR\r\n"),
    );
    let out = dir.run_with(
        &with(
            &PLAN,
            &["--routine-ics", "c.ics", "--format", "json", "-o", "-"],
        ),
        b"",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let notes = plan["notes"].to_string();
    assert!(
        notes.contains("an INTERVAL of 9223372036854775807 is too large"),
        "the event is skipped and the plan says why: {notes}"
    );
}

#[test]
fn a_workout_given_twice_is_planned_once() {
    let dir = Dir::new();
    let twice = [
        "--workout",
        "daily 07:00 45m hiit",
        "--workout",
        "daily 07:00 45m hiit",
    ];
    let out = dir.run_with(
        &with(&PLAN, &with(&twice, &["--format", "json", "-o", "-"])),
        b"",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let starts: Vec<&str> = plan["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["start"].as_str().unwrap())
        .collect();
    let mut unique = starts.clone();
    unique.dedup();
    assert_eq!(starts, unique);
    assert!(
        plan["notes"]
            .to_string()
            .contains("A workout listed twice at the same time is planned once.")
    );
    // The same calendar export twice: one set of sessions, and no UID twice in the calendar.
    let export = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/calendars/google-export.ics"
    ))
    .unwrap();
    dir.write("g.ics", export);
    let args = with(
        &["plan", "--at", "2026-12-03 12:00", "--tz", "Europe/London"],
        &[
            "--routine-ics",
            "g.ics",
            "--routine-ics",
            "g.ics",
            "-o",
            "-",
        ],
    );
    let out = dir.run_with(&args, b"");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ics = String::from_utf8(out.stdout).unwrap();
    let mut uids: Vec<&str> = ics.lines().filter(|l| l.starts_with("UID:")).collect();
    let all = uids.len();
    uids.sort();
    uids.dedup();
    assert_eq!(uids.len(), all, "no duplicate UIDs");
}

#[test]
fn times_are_whole_seconds_and_setbacks_follow_fold() {
    let dir = Dir::new();
    let out = dir.run_with(&["plan", "--at", "2026-12-04 15:00:60", "--tz", "UTC"], b"");
    refused(&dir, &out, &[], &["--at", "15:00:60", "whole seconds"]);
    let out = dir.run_with(
        &["plan", "--at", "2026-12-04T15:00:00.5Z", "--tz", "UTC"],
        b"",
    );
    refused(&dir, &out, &[], &["--at", "whole seconds"]);
    // 01:30 on 25 Oct 2026 happens twice in London: a setback then follows --fold.
    let base = ["plan", "--at", "2026-10-23 10:00", "--tz", "Europe/London"];
    let out = dir.run_with(
        &with(&base, &["--setback", "2026-10-25 01:30", "-o", "x.ics"]),
        b"",
    );
    refused(&dir, &out, &[], &["--setback", "happens twice"]);
    let out = dir.run_with(
        &with(
            &base,
            &[
                "--setback",
                "2026-10-25 01:30",
                "--fold",
                "later",
                "--format",
                "json",
                "-o",
                "-",
            ],
        ),
        b"",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        plan["appointment"]["setbacks"][0],
        "2026-10-25T01:30:00+00:00"
    );
}

#[test]
fn empty_areas_and_zero_minutes_are_refused() {
    let dir = Dir::new();
    for area in ["", ","] {
        let out = dir.run_with(&with(&PLAN, &["--area", area, "-o", "x.ics"]), b"");
        refused(&dir, &out, &[], &["--area"]);
    }
    let out = dir.run_with(
        &[
            "oops",
            "--at",
            "2026-12-04 15:00",
            "--tz",
            "UTC",
            "--minutes",
            "0",
            "-o",
            "x.ics",
        ],
        b"",
    );
    refused(&dir, &out, &[], &["--minutes", "\"0\""]);
}

const ROWS: &str = "id,name,email,at,tz\nP-1,Ana,ana@example.com,2026-12-04 15:00,UTC\n\
                    P-2,Bo,bo@example.com,2026-12-05 10:00,UTC\n";

#[test]
fn bad_mail_options_are_refused_before_anything_is_written() {
    let dir = Dir::new();
    dir.write("rows.csv", ROWS);
    let batch = [
        "batch",
        "rows.csv",
        "--out-dir",
        "out",
        "--eml",
        "--from",
        "desk@example.com",
        "--send",
    ];
    let out = dir.run_with(&with(&batch, &["--smtp", "smtp://u:p@127.0.0.1:1"]), b"");
    refused(
        &dir,
        &out,
        &["rows.csv"],
        &["--smtp", "without credentials"],
    );

    // --send with no server to send through, or no address to send from: refused naming --send.
    let out = dir.run_with(&batch, b"");
    refused(
        &dir,
        &out,
        &["rows.csv"],
        &["--send needs --smtp smtp://host:port (the server to send through)"],
    );
    let out = dir.run_with(
        &with(&batch[..5], &["--send", "--smtp", "smtp://127.0.0.1:1"]),
        b"",
    );
    refused(&dir, &out, &["rows.csv"], &["--send needs --from ADDRESS"]);

    // A plan's e-mail with no sender.
    let out = dir.run_with(
        &with(&PLAN, &["--eml", "plan.eml", "--to", "ana@example.com"]),
        b"",
    );
    refused(&dir, &out, &["rows.csv"], &["--eml needs --from ADDRESS"]);

    // -o and --eml naming one file: refused before the calendar is written.
    let plan = with(
        &PLAN,
        &["--to", "ana@example.com", "--from", "desk@example.com"],
    );
    let out = dir.run_with(&with(&plan, &["-o", "same.out", "--eml", "same.out"]), b"");
    refused(
        &dir,
        &out,
        &["rows.csv"],
        &["--eml", "other than the -o output"],
    );
}

#[test]
fn smtp_credentials_never_travel_in_clear_text_unless_asked() {
    let dir = Dir::new();
    let plan = with(
        &PLAN,
        &[
            "--to",
            "ana@example.com",
            "--from",
            "desk@example.com",
            "--eml",
            "m.eml",
            "--smtp",
            "smtp://127.0.0.1:1",
        ],
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_aftercare"));
    let out = child
        .args(&plan)
        .current_dir(dir.path())
        .env("AFTERCARE_SMTP_USERNAME", "desk")
        .env("AFTERCARE_SMTP_PASSWORD", "secret")
        .output()
        .unwrap();
    refused(
        &dir,
        &out,
        &[],
        &[
            "--smtp",
            "only travel over TLS",
            "--smtp-insecure-auth allows",
        ],
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("secret"));
}

#[test]
fn an_unreadable_send_journal_stops_the_batch() {
    // Read as empty, it would send every message again.
    let dir = Dir::new();
    dir.write("rows.csv", ROWS);
    std::fs::create_dir_all(dir.path().join("out/sent.journal")).unwrap();
    let out = dir.run_with(&["batch", "rows.csv", "--out-dir", "out", "--dry-run"], b"");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("sent.journal"), "{err}");
}

#[test]
fn names_are_one_line_in_calendars_and_escaped_on_the_terminal() {
    let dir = Dir::new();
    dir.write(
        "h.toml",
        "[[workout]]\nname = \"Leg\\nday\\u2028now\\u001b[2J\\u202e\"\nactivity = \"weights\"\n\
         days = \"daily\"\nat = \"07:00\"\nminutes = 45\n",
    );
    let out = dir.run_with(&with(&PLAN, &["--habits", "h.toml", "-o", "-"]), b"");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ics = String::from_utf8(out.stdout).unwrap();
    let unfolded = ics.replace("\r\n ", "");
    let summaries: Vec<&str> = unfolded
        .lines()
        .filter(|l| l.starts_with("SUMMARY:") && l.contains("Leg"))
        .collect();
    assert!(!summaries.is_empty(), "{ics}");
    for s in &summaries {
        assert!(s.contains("Leg day now"), "{s}");
        assert!(!s.contains("\\n") && !s.contains('\u{2028}'), "{s}");
    }
    // Nowhere in the file, descriptions included: khal's listing split on them.
    assert!(!ics.contains(['\u{2028}', '\u{2029}']), "{ics}");
    save_calendar("hostile-names", &ics);

    let out = dir.run_with(
        &with(
            &PLAN,
            &["--habits", "h.toml", "--format", "text", "-o", "-"],
        ),
        b"",
    );
    assert!(out.status.success());
    assert!(!out.stdout.contains(&0x1b), "no raw ESC in the text view");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\\u{1b}[2J\\u{202e}"), "{text}");
}

#[test]
fn message_headers_fit_rfc_5322() {
    let dir = Dir::new();
    let name = "Ñ".repeat(120);
    let to = format!("{name} <ana@bücher.example>");
    let subject = "é".repeat(200);
    let args = with(
        &PLAN,
        &[
            "--to",
            &to,
            "--from",
            "Clinique Éloïse <desk@example.com>",
            "--subject",
            &subject,
            "--eml",
            "m.eml",
        ],
    );
    let out = dir.run_with(&args, b"");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let eml = std::fs::read(dir.path().join("m.eml")).unwrap();
    assert!(eml.is_ascii(), "8-bit header or body");
    let text = String::from_utf8(eml).unwrap();
    for line in text.split("\r\n") {
        assert!(line.len() <= 998, "a line of {} octets", line.len());
    }
    let headers = &text[..text.find("\r\n\r\n").unwrap()];
    assert!(headers.contains("xn--bcher-kva.example"), "{headers}");
    assert!(
        text.matches("text/calendar; method=PUBLISH").count() >= 2,
        "both calendar parts say METHOD:PUBLISH in their Content-Type"
    );
    // Too long to be a subject or a name at all.
    let long = "s".repeat(10_000);
    let out = dir.run_with(
        &with(
            &PLAN,
            &[
                "--to",
                "ana@example.com",
                "--from",
                "desk@example.com",
                "--subject",
                &long,
                "--eml",
                "n.eml",
            ],
        ),
        b"",
    );
    refused(
        &dir,
        &out,
        &["m.eml"],
        &["--subject", "at most 200 characters"],
    );
}

#[test]
fn batch_habits_stay_inside_the_csv_folder() {
    let dir = Dir::new();
    std::fs::create_dir_all(dir.path().join("day")).unwrap();
    dir.write(
        "day/rows.csv",
        "id,at,tz,habits\nP-1,2026-12-04 15:00,UTC,/etc/passwd\nP-2,2026-12-04 16:00,UTC,../h.toml\n\
         P-3,2026-12-04 17:00,UTC,h.toml\n",
    );
    let habits = "[[workout]]\nname = \"Run\"\nactivity = \"running\"\ndays = \"daily\"\n\
                  at = \"07:00\"\nminutes = 30\n";
    dir.write("h.toml", habits);
    dir.write("day/h.toml", habits);
    let out = dir.run_with(&["batch", "day/rows.csv", "--out-dir", "out"], b"");
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let errors = std::fs::read_to_string(dir.path().join("out/errors.csv")).unwrap();
    assert!(
        errors.contains("2,habits,") && errors.contains("3,habits,"),
        "{errors}"
    );
    assert!(errors.contains("inside the CSV's folder"), "{errors}");
    assert!(!errors.contains("root:"), "nothing of /etc/passwd is read");
    assert!(dir.path().join("out/P-3.ics").exists());
    let out = dir.run_with(
        &[
            "batch",
            "day/rows.csv",
            "--out-dir",
            "out2",
            "--habits-anywhere",
        ],
        b"",
    );
    let errors = std::fs::read_to_string(dir.path().join("out2/errors.csv")).unwrap_or_default();
    assert_eq!(out.status.code(), Some(3), "/etc/passwd is no habits file");
    assert!(
        !errors.contains("3,habits"),
        "../h.toml is read with the flag: {errors}"
    );
}

/// `n` events of a daily run, with `tzid` and `eol` line ends.
fn export(n: usize, tzid: &str, eol: &str) -> String {
    let mut out = format!("BEGIN:VCALENDAR{eol}VERSION:2.0{eol}PRODID:x{eol}");
    for i in 0..n {
        let day = format!("2026{:02}{:02}", i % 12 + 1, i % 28 + 1);
        out.push_str(&format!(
            "BEGIN:VEVENT{eol}UID:e{i}{eol}DTSTAMP:20260101T000000Z{eol}\
             DTSTART;TZID={tzid}:{day}T070000{eol}DTEND;TZID={tzid}:{day}T080000{eol}\
             SUMMARY:Running{eol}END:VEVENT{eol}"
        ));
    }
    out.push_str(&format!("END:VCALENDAR{eol}"));
    out
}

#[test]
fn large_exports_read_quickly_whatever_their_line_ends_and_zone_names() {
    // LF line ends made the parser search the rest of the file for every property (70 s for
    // 20,000 events); Windows zone names ran the "did you mean" search on every property.
    // Both are now read well inside the deadline.
    let dir = Dir::new();
    for (name, text) in [
        ("lf.ics", export(20_000, "Europe/Berlin", "\n")),
        (
            "outlook.ics",
            export(20_000, "W. Europe Standard Time", "\r\n"),
        ),
    ] {
        dir.write(name, text);
        let out = dir.run_with(
            &with(
                &["plan", "--at", "2026-06-01 10:00", "--tz", "Europe/Berlin"],
                &["--routine-ics", name, "--format", "json", "-o", "-"],
            ),
            b"",
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(
            plan["notes"].to_string().contains("20000 events"),
            "{name}: {}",
            plan["notes"]
        );
        assert!(!plan["sessions"].as_array().unwrap().is_empty(), "{name}");
    }
}

#[test]
fn a_protocol_name_with_control_characters_is_reported_where_it_is() {
    // It was reported as "--subject: invalid value" though no --subject was given.
    let dir = Dir::new();
    dir.write(
        "p.toml",
        "[[product]]\nid = \"botox\"\nname = \"Bo\\u001btox\"\n",
    );
    let args = with(
        &PLAN,
        &[
            "--protocol",
            "p.toml",
            "--product",
            "botox",
            "--to",
            "ana@example.com",
            "--from",
            "desk@example.com",
            "--eml",
            "m.eml",
        ],
    );
    let out = dir.run_with(&args, b"");
    refused(&dir, &out, &["p.toml"], &["p.toml:2", "product botox.name"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("--subject"));
}

#[test]
fn a_damaged_rrule_skips_its_event_instead_of_crashing() {
    // The rrule crate panics on a BYDAY with a non-ASCII letter (found by fuzzing).
    let dir = Dir::new();
    let event = "BEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20260101T000000Z\r\n\
                 DTSTART;TZID=Europe/Berlin:20270601T070000\r\nDTEND;TZID=Europe/Berlin:20270601T080000\r\n\
                 RRULE:FREQ=WEEKLY;BYDAY=TU\u{2ab}H\r\nSUMMARY:Running\r\nEND:VEVENT\r\n";
    dir.write(
        "c.ics",
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n{event}END:VCALENDAR\r\n"),
    );
    let out = dir.run_with(
        &with(
            &PLAN,
            &["--routine-ics", "c.ics", "--format", "json", "-o", "-"],
        ),
        b"",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        plan["notes"]
            .to_string()
            .contains("recurrence not readable"),
        "{}",
        plan["notes"]
    );
}

#[test]
fn a_device_or_pipe_given_as_output_is_never_replaced() {
    // `-o /dev/null --force` once renamed a regular file over /dev/null. A fifo made here
    // stands for it, so the test never touches the real one.
    let dir = Dir::new();
    let fifo = dir.path().join("pipe.ics");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let out = dir.run_with(&with(&PLAN, &["-o", "pipe.ics", "--force"]), b"");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("pipe.ics: not a regular file"), "{err}");
    assert!(!std::fs::metadata(&fifo).unwrap().is_file(), "still a fifo");
}
