//! Helpers shared by the integration tests.
#![allow(dead_code)] // each test binary uses its own subset

pub mod desk;
pub mod server;
pub mod smtp;

use std::path::PathBuf;

use aftercare::model::Routine;
use aftercare::model::{Appointment, Plan};
use aftercare::model::{Protocol, Sweat};
use aftercare::plan;
use aftercare::render::ics::{self, IcsOptions};
use aftercare::tz::Zone;
use aftercare::tz::{Fold, resolve_appointment};
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use icalendar::{CalendarDateTime, DatePerhapsTime};

/// A day's list's appointments are in 2027 when written; run later, they move to next year, so
/// that none is before today (a list with past appointments waits for the desk).
pub fn in_future(text: &str) -> String {
    let next = chrono::Datelike::year(&Utc::now()) + 1;
    text.replace("2027", &next.max(2027).to_string())
}

/// Where tests leave every calendar they write; `.ci/run` checks them all with
/// `../shared/conformance/check-ics`.
pub fn calendars_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("calendars");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Saves a calendar written by a test, for the conformance check.
pub fn save_calendar(name: &str, ics: &str) {
    std::fs::write(calendars_dir().join(format!("{name}.ics")), ics).unwrap();
}

pub fn local(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
}

/// `"YYYY-MM-DD HH:MM"` in zone `tz`, refused if it does not exist or happens twice.
pub fn local_in(text: &str, tz: &str) -> DateTime<Zone> {
    resolve_appointment("at", local(text), zone(tz), Fold::Reject).unwrap()
}

pub fn zone(name: &str) -> Zone {
    name.parse().unwrap()
}

pub fn appointment(at: &str, tz: &str, minutes: u32) -> Appointment {
    let start = resolve_appointment("--at", local(at), zone(tz), Fold::Reject).unwrap();
    Appointment::new(start, minutes).unwrap()
}

pub fn routine(workouts: &[&str]) -> Routine {
    let mut routine = Routine::default();
    for w in workouts {
        routine.add_workout(w).unwrap();
    }
    routine
}

pub fn make_plan(at: &str, tz: &str, workouts: &[&str], sweat: Sweat) -> Plan {
    plan::plan(
        &appointment(at, tz, 30),
        &routine(workouts),
        &Protocol::builtin(),
        sweat,
    )
}

/// Whether a parsed event lists `name` among its CATEGORIES.
pub fn has_category(e: &icalendar::Event, name: &str) -> bool {
    use icalendar::Component;
    // The parser keeps CATEGORIES as a single or as a multi-property, depending on the input.
    let listed = |value: &str| value.split(',').any(|c| c == name);
    e.property_value("CATEGORIES").is_some_and(listed)
        || e.multi_properties()
            .get("CATEGORIES")
            .is_some_and(|all| all.iter().any(|p| listed(p.value())))
}

pub fn options() -> IcsOptions {
    IcsOptions {
        dtstamp: Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0).unwrap(),
        ..IcsOptions::default()
    }
}

pub fn render(plan: &Plan) -> String {
    ics::render(plan, &options())
}

/// The instant a parsed DTSTART/DTEND denotes, reading TZID times with RFC 5545 §3.3.5
/// semantics (a time that happens twice is its first occurrence).
pub fn instant(value: DatePerhapsTime) -> DateTime<Utc> {
    match value {
        DatePerhapsTime::DateTime(CalendarDateTime::Utc(t)) => t,
        DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, tzid }) => {
            let tz: Zone = tzid.parse().unwrap();
            tz.from_local_datetime(&date_time)
                .earliest()
                .expect("a TZID time that exists")
                .with_timezone(&Utc)
        }
        other => panic!("unexpected date value {other:?}"),
    }
}

/// A scratch folder to run the binary in, with a fixed DTSTAMP, no configuration and no `TZ`.
pub struct Dir(tempfile::TempDir);

/// Longest any run may take: a hang is killed and reported rather than stalling the suite.
pub const DEADLINE: std::time::Duration = std::time::Duration::from_secs(30);

impl Dir {
    pub fn new() -> Self {
        Dir(tempfile::tempdir().unwrap())
    }

    pub fn path(&self) -> &std::path::Path {
        self.0.path()
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// Runs the binary with `args` and nothing on standard input.
    pub fn run(&self, args: &[&str]) -> std::process::Output {
        self.run_with(args, b"")
    }

    /// Runs the binary with `args` and `stdin`, killing it at [`DEADLINE`].
    pub fn run_with(&self, args: &[&str], stdin: &[u8]) -> std::process::Output {
        use std::io::Write;
        use std::process::{Command, Stdio};
        let mut child = Command::new(env!("CARGO_BIN_EXE_aftercare"))
            .args(args)
            .current_dir(self.path())
            .env("SOURCE_DATE_EPOCH", "1764547200")
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env_remove("TZ")
            // The reader's style comes from the locale: tests read the default one.
            .env_remove("LC_ALL")
            .env_remove("LC_TIME")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C.UTF-8")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut input = child.stdin.take().unwrap();
        let stdin = stdin.to_vec();
        std::thread::spawn(move || input.write_all(&stdin));
        let started = std::time::Instant::now();
        while child.try_wait().unwrap().is_none() {
            if started.elapsed() > DEADLINE {
                child.kill().unwrap();
                panic!("aftercare {args:?} still running after {DEADLINE:?}");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        child.wait_with_output().unwrap()
    }

    /// Runs the binary with `args`, which must succeed (its standard error is shown if not),
    /// and returns what it printed.
    #[allow(dead_code)] // Not every test file that shares this module runs the binary.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("the binary prints UTF-8")
    }

    /// Files in the folder, but for the configuration folder and the inputs a test wrote.
    pub fn outputs(&self, inputs: &[&str]) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "config" && !inputs.contains(&n.as_str()))
            .collect();
        names.sort();
        names
    }

    /// Every file in the folder but the configuration folder.
    pub fn files(&self) -> Vec<String> {
        self.outputs(&[])
    }
}

/// `base` then `more`, as one argument list.
pub fn with<'a>(base: &[&'a str], more: &[&'a str]) -> Vec<&'a str> {
    base.iter().chain(more).copied().collect()
}

/// Exit 2, one line on stderr shorter than `max_len` that contains every `needle`, and no file
/// written but the `inputs`.
pub fn refused_within(
    max_len: usize,
    dir: &Dir,
    out: &std::process::Output,
    inputs: &[&str],
    needles: &[&str],
) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    for needle in needles {
        assert!(err.contains(needle), "{needle:?} in {err}");
    }
    assert!(err.len() < max_len, "short: {err}");
    assert_eq!(dir.outputs(inputs), Vec::<String>::new(), "nothing written");
}

/// Saves a calendar a test wrote (see [`save_calendar`]) and runs the conformance checker
/// on it at once.
pub fn conforms(name: &str, ics: &str) {
    save_calendar(name, ics);
    let checker =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/check-ics");
    let file = calendars_dir().join(format!("{name}.ics"));
    let out = std::process::Command::new(&checker)
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "check-ics {name}: {}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// A quoted-printable body (RFC 2045 §6.7) read back: soft line breaks joined, `=XX` bytes
/// decoded.
pub fn quoted_printable(text: &str) -> String {
    let joined = text.replace("=\r\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}
