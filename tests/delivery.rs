//! Clinic delivery end to end: e-mail messages, a real SMTP server on loopback (aiosmtpd, set up
//! by these tests in a venv under target/), and batches of patients.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::save_calendar;
use common::smtp::SmtpServer as Server;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_aftercare"));
    c.env("SOURCE_DATE_EPOCH", "1764547200")
        .env_remove("TZ")
        .env_remove("LC_ALL")
        .env_remove("LC_TIME")
        .env("LANG", "C.UTF-8")
        .env_remove("AFTERCARE_SMTP_USERNAME");
    c
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Checks a message with Python's own e-mail parser: the structure mail clients recognise, and
/// returns its calendar part.
fn check_structure(message: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.eml");
    std::fs::write(&path, message).unwrap();
    let script = r#"
import sys, email
from email import policy
m = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=policy.default)
for h in ['From', 'To', 'Subject', 'Date', 'Message-ID', 'MIME-Version']:
    assert m[h], h
assert m.get_content_type() == 'multipart/mixed', m.get_content_type()
alt, att = list(m.iter_parts())
assert alt.get_content_type() == 'multipart/alternative'
kinds = [p.get_content_type() for p in alt.iter_parts()]
assert kinds == ['text/plain', 'text/html', 'text/calendar'], kinds
cal = list(alt.iter_parts())[2]
assert cal.get_param('method') == 'PUBLISH', cal.get_param('method')
assert att.get_content_type() == 'text/calendar' and att.get_filename().endswith('.ics')
assert att.get_content() == cal.get_content()
from html.parser import HTMLParser
html = list(alt.iter_parts())[1].get_content()
HTMLParser().feed(html)
# The timeline as mail clients show it: a table, never inline SVG (webmail strips it).
assert '<svg' not in html and 'What to avoid, and until when' in html and '<table' in html, 'the timeline'
# Nothing invents a link: a message made without a server links to no plan page.
assert '/p/' not in html and '/p/' not in list(alt.iter_parts())[0].get_content(), 'no page link'
assert not any(l.startswith('URL') for l in cal.get_content().splitlines()), 'no URL in the calendar'
assert '<script' not in html
assert all(len(l) <= 998 for l in open(sys.argv[1], 'rb').read().split(b'\r\n'))
sys.stdout.write(cal.get_content())
"#;
    let out = Command::new("python3")
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
    String::from_utf8(out.stdout).unwrap()
}

const PLAN: [&str; 6] = [
    "plan",
    "--at",
    "2026-12-04 15:00",
    "--tz",
    "America/New_York",
    "--workout",
];

#[test]
fn one_patient_by_eml_and_by_smtp() {
    let dir = tempfile::tempdir().unwrap();
    let eml = dir.path().join("m.eml");
    let out = bin()
        .args(PLAN)
        .args(["sat 09:00 45m hiit", "--eml"])
        .arg(&eml)
        .args([
            "--to",
            "Ána Ñúñez <ana@example.com>",
            "--from",
            "clinic@example.com",
            "--subject",
            "Votre plan – soins",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let message = std::fs::read(&eml).unwrap();
    let calendar = check_structure(&message);
    assert!(
        calendar.contains("METHOD:PUBLISH")
            && calendar.contains("ORGANIZER;CN=\"clinic@example.com\":mailto:clinic@example.com")
    );
    save_calendar("email-inline", &calendar);
    let text = String::from_utf8_lossy(&message);
    assert!(
        text.contains("Subject: Votre plan =?utf-8?"),
        "RFC 2047 subject"
    );
    assert!(
        text.contains("Date: Mon, 01 Dec 2025 00:00:00 +0000"),
        "Date from SOURCE_DATE_EPOCH"
    );
    // Same input, same bytes.
    let again = dir.path().join("again.eml");
    bin()
        .args(PLAN)
        .args(["sat 09:00 45m hiit", "--eml"])
        .arg(&again)
        .args([
            "--to",
            "Ána Ñúñez <ana@example.com>",
            "--from",
            "clinic@example.com",
            "--subject",
            "Votre plan – soins",
        ])
        .output()
        .unwrap();
    assert_eq!(std::fs::read(&again).unwrap(), message);

    let server = Server::start("save");
    let out = bin()
        .args(PLAN)
        .args([
            "sat 09:00 45m hiit",
            "--to",
            "ana@example.com",
            "--from",
            "clinic@example.com",
            "--smtp",
            &server.url(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let received = server.received();
    assert_eq!(received.len(), 1);
    let calendar = check_structure(&received[0]);
    save_calendar("email-smtp", &calendar);
}

#[test]
fn a_refusing_or_absent_server_is_an_error_and_nothing_is_reported_sent() {
    let server = Server::start("refuse");
    let out = bin()
        .args(PLAN)
        .args([
            "sat 09:00 45m hiit",
            "--to",
            "ana@example.com",
            "--from",
            "clinic@example.com",
            "--smtp",
            &server.url(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("sending through 127.0.0.1") && stderr(&out).contains("550"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("sent the plan"));
    // Nothing listens on a port we just freed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = bin()
        .args(PLAN)
        .args([
            "sat 09:00 45m hiit",
            "--to",
            "ana@example.com",
            "--from",
            "clinic@example.com",
            "--smtp",
        ])
        .arg(format!("smtp://127.0.0.1:{port}"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // Credentials never travel in argv.
    let out = bin()
        .args(PLAN)
        .args([
            "sat 09:00 45m hiit",
            "--to",
            "ana@example.com",
            "--from",
            "clinic@example.com",
            "--smtp",
            "smtp://desk:secret@127.0.0.1:25",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("AFTERCARE_SMTP_USERNAME") && !stderr(&out).contains("secret"));
}

#[test]
fn header_injection_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let eml = dir.path().join("m.eml");
    for (flag, value) in [
        ("--to", "ana@example.com\r\nBcc: all@example.com"),
        ("--from", "clinic@example.com\nBcc: all@example.com"),
        ("--subject", "Plan\r\nBcc: all@example.com"),
        ("--subject", "Plan\u{2028}Bcc: all@example.com"),
        ("--subject", "Plan\u{2029}Bcc: all@example.com"),
    ] {
        let mut args: Vec<String> = PLAN.iter().map(|s| s.to_string()).collect();
        args.push("sat 09:00 45m hiit".into());
        args.extend(["--eml".into(), eml.display().to_string()]);
        for (f, v) in [
            ("--to", "ana@example.com"),
            ("--from", "clinic@example.com"),
            ("--subject", "Plan"),
        ] {
            args.push(f.into());
            args.push(if f == flag {
                value.to_string()
            } else {
                v.to_string()
            });
        }
        let out = bin().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{flag}: {}", stderr(&out));
        assert!(stderr(&out).contains(flag), "{}", stderr(&out));
        assert!(!eml.exists(), "{flag}: nothing written");
    }
}

/// Runs `aftercare batch CSV --out-dir OUT_DIR`.
fn batch(csv: &Path, out_dir: &Path) -> Output {
    bin()
        .arg("batch")
        .arg(csv)
        .arg("--out-dir")
        .arg(out_dir)
        .output()
        .unwrap()
}

fn write_csv(dir: &Path, rows: &[&str]) -> PathBuf {
    let path = dir.join("appointments.csv");
    let mut text =
        String::from("id,name,email,at,tz,minutes,sweat,areas,product,habits,workouts,discreet\n");
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_batch_does_the_good_rows_and_reports_the_bad_ones() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("fixtures/habits/my-week.toml", dir.path().join("week.toml")).unwrap();
    let csv = write_csv(
        dir.path(),
        &[
            "P-1,Ana,ana@example.com,2026-12-04 15:00,America/New_York,30,heavy,\"forehead,glabella\",dysport,week.toml,,no",
            "P-2,Bo,bo@example.com,2026-12-04T16:00,Europe/London,45,,,,,\"tue,thu 07:00 45m spin; sat 09:00 1h running\",yes",
            "../../etc/passwd,Eve,eve@example.com,2026-12-05 10:00,UTC,,,,,,,",
            "P-4,Dee,dee@example.com,2026-12-05 10:00,Mars/Base,,,,,,,",
            "p-1,Dup,dup@example.com,2026-12-05 10:00,UTC,,,,,,,",
            "P-6,Fay,not an address,2026-12-05 10:00,UTC,,,,,,,",
            "P-7,Gus,gus@example.com,2026-12-05 10:00,UTC,,,,,missing.toml,,",
            "P-8,Hal,hal@example.com,2026-12-05 10:00,UTC,900,,,,,,",
        ],
    );
    let out_dir = dir.path().join("plans");
    let out = bin()
        .arg("batch")
        .arg(&csv)
        .arg("--out-dir")
        .arg(&out_dir)
        .args(["--eml", "--from", "Clinic <clinic@example.com>"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(3),
        "some rows failed: {}",
        stderr(&out)
    );
    let mut names: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "P-1.eml",
            "P-1.ics",
            "P-2.eml",
            "P-2.ics",
            // Its address is not one, so it gets no message; its calendar is still written.
            "P-6.ics",
            "_.._etc_passwd.eml",
            "_.._etc_passwd.ics",
            "errors.csv",
            "results.csv"
        ]
    );
    let errors = std::fs::read_to_string(out_dir.join("errors.csv")).unwrap();
    let lines: Vec<&str> = errors.lines().collect();
    assert_eq!(lines[0], "row,column,reason");
    let rows: Vec<String> = lines[1..]
        .iter()
        .map(|l| l.split(',').take(2).collect::<Vec<_>>().join(","))
        .collect();
    assert_eq!(rows, ["5,tz", "6,id", "7,email", "8,habits", "9,minutes"]);
    assert!(
        !errors.contains("not an address"),
        "no personal data in the reasons"
    );
    for row in [
        "row 5, column tz",
        "row 6, column id",
        "row 7, column email",
        "row 8, column habits",
        "row 9, column minutes",
    ] {
        assert!(stderr(&out).contains(row), "{row}: {}", stderr(&out));
    }
    for name in ["P-1", "P-2"] {
        let ics = std::fs::read_to_string(out_dir.join(format!("{name}.ics"))).unwrap();
        save_calendar(&format!("batch-{name}"), &ics);
        check_structure(&std::fs::read(out_dir.join(format!("{name}.eml"))).unwrap());
    }
    let p2 = std::fs::read_to_string(out_dir.join("P-2.ics")).unwrap();
    assert!(
        !p2.contains("Botox") && p2.contains("SUMMARY:Appointment"),
        "discreet row"
    );
    assert!(
        std::fs::read_to_string(out_dir.join("P-1.ics"))
            .unwrap()
            .contains("SUMMARY:Dysport appointment")
    );
}

#[test]
fn a_long_run_of_refused_ids_does_not_end_the_batch() {
    // More refused rows in a row than the batch reads at once, then a good one.
    let dir = tempfile::tempdir().unwrap();
    let mut rows: Vec<String> = (0..3000)
        .map(|_| ",,,2026-12-05 10:00,UTC,,,,,,,".to_string())
        .collect();
    rows.push("LAST,,,2026-12-05 10:00,UTC,,,,,,,".to_string());
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let csv = write_csv(dir.path(), &rows);
    let out_dir = dir.path().join("plans");
    let out = batch(&csv, &out_dir);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(out_dir.join("LAST.ics").exists(), "{}", stderr(&out));
    let errors = std::fs::read_to_string(out_dir.join("errors.csv")).unwrap();
    assert_eq!(errors.lines().count(), 1 + 3000);
}

#[test]
fn bad_headers_stop_the_batch_before_any_row() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("a.csv");
    std::fs::write(&csv, "id,colour,tz\nP-1,2026-12-04 15:00,UTC\n").unwrap();
    let out = bin()
        .arg("batch")
        .arg(&csv)
        .args(["--out-dir"])
        .arg(dir.path().join("plans"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        // A column that names nothing is not read; the missing one is what stops the batch.
        stderr(&out)
            .contains("a.csv:1: the header has no column for the appointment's date and time")
            && stderr(&out).contains("(not read: \"colour\")"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("plans").exists());
}

#[test]
fn a_batch_resumes_and_never_sends_twice() {
    let server = Server::start("save");
    let dir = tempfile::tempdir().unwrap();
    let csv = write_csv(
        dir.path(),
        &[
            "A,Ana,ana@example.com,2026-12-04 15:00,America/New_York,,,,,,,",
            "B,Bo,bo@example.com,2026-12-04 16:00,Europe/Paris,,,,,,,",
            "C,Cy,cy@example.com,2026-12-05 16:00,Asia/Kolkata,,,,,,,",
        ],
    );
    let out_dir = dir.path().join("plans");
    let run = |extra: &[&str]| {
        bin()
            .arg("batch")
            .arg(&csv)
            .arg("--out-dir")
            .arg(&out_dir)
            .args([
                "--send",
                "--smtp",
                &server.url(),
                "--from",
                "clinic@example.com",
            ])
            .args(extra)
            .env_remove("SOURCE_DATE_EPOCH") // DTSTAMP changes between runs: resume must not care
            .output()
            .unwrap()
    };
    let first = run(&[]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(server.received().len(), 3);
    assert!(stderr(&first).contains("3 messages sent"));
    let mtime = std::fs::metadata(out_dir.join("A.ics"))
        .unwrap()
        .modified()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = run(&[]);
    assert!(second.status.success());
    assert!(
        stderr(&second).contains("0 files written, 6 unchanged, 0 messages sent, 3 already sent"),
        "{}",
        stderr(&second)
    );
    assert_eq!(server.received().len(), 3, "nothing sent twice");
    assert_eq!(
        std::fs::metadata(out_dir.join("A.ics"))
            .unwrap()
            .modified()
            .unwrap(),
        mtime,
        "not rewritten"
    );
    let forced = run(&["--force"]);
    assert!(
        stderr(&forced).contains("6 files written"),
        "{}",
        stderr(&forced)
    );
    assert_eq!(
        server.received().len(),
        3,
        "--force rewrites files but never re-sends"
    );
    for (i, m) in server.received().iter().enumerate() {
        save_calendar(&format!("batch-smtp-{i}"), &check_structure(m));
    }
}

#[test]
fn a_killed_batch_leaves_no_truncated_file_and_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let rows: Vec<String> = (0..6000)
        .map(|i| format!("R{i:05},N,n{i}@example.com,2026-12-{:02} {:02}:00,Europe/London,,,,,,\"mon,wed,fri 07:00 45m hiit\",", 1 + i % 28, 8 + i % 10))
        .collect();
    let csv = write_csv(
        dir.path(),
        &rows.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let out_dir = dir.path().join("plans");
    let mut child = bin()
        .arg("batch")
        .arg(&csv)
        .arg("--out-dir")
        .arg(&out_dir)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it as soon as some files exist (SIGKILL: no chance to tidy up).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while std::fs::read_dir(&out_dir).map(|d| d.count()).unwrap_or(0) < 50
        && std::time::Instant::now() < deadline
    {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let complete = |p: &Path| {
        std::fs::read_to_string(p)
            .is_ok_and(|t| t.starts_with("BEGIN:VCALENDAR\r\n") && t.ends_with("END:VCALENDAR\r\n"))
    };
    let written: Vec<PathBuf> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!written.is_empty());
    for p in written
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "ics"))
    {
        assert!(complete(p), "{} is truncated", p.display());
    }
    // The re-run finishes the job, and cleans up temporary files of the killed run.
    let out = batch(&csv, &out_dir);
    assert!(out.status.success(), "{}", stderr(&out));
    let names: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names.len(),
        6001,
        "every row, the results, no temporary file"
    );
    assert!(
        names
            .iter()
            .all(|n| n.ends_with(".ics") || n == "results.csv")
    );
    for n in names.iter().filter(|n| n.ends_with(".ics")).step_by(500) {
        assert!(complete(&out_dir.join(n)));
    }
    save_calendar(
        "batch-resumed-sample",
        &std::fs::read_to_string(out_dir.join("R00007.ics")).unwrap(),
    );
}
