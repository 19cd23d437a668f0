//! Routines read from calendar exports: the fixtures shaped like Google, Apple and Outlook
//! exports, the shared corpus of real and broken calendars, and a huge file.

mod common;

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration as StdDuration;

use aftercare::input::calendar::{Imported, Matcher, import};
use aftercare::model::Outcome;
use aftercare::model::{Protocol, Sweat};
use aftercare::plan;
use chrono::{DateTime, TimeZone, Utc};
use common::*;

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

fn read(
    file: &str,
    zone_name: &str,
    window: (DateTime<Utc>, DateTime<Utc>),
    matcher: &Matcher,
) -> Imported {
    let path = Path::new("fixtures/calendars").join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    import(&text, &path, zone(zone_name), window, matcher).unwrap()
}

fn summary(got: &Imported) -> Vec<(String, String, String, u32)> {
    got.sessions
        .iter()
        .map(|s| {
            (
                s.name.clone(),
                s.activity.clone(),
                s.start.format("%a %d %H:%MZ").to_string(),
                s.minutes,
            )
        })
        .collect()
}

#[test]
fn google_export_with_a_moved_and_a_cancelled_class() {
    // Appointment Tue 8 Dec 10:00-10:30 London; full routine back Sun 13 Dec 10:30.
    let got = read(
        "google-export.ics",
        "Europe/London",
        (utc(2026, 12, 8, 10, 30), utc(2026, 12, 13, 10, 30)),
        &Matcher::builtin(),
    );
    assert_eq!(
        summary(&got),
        [
            // Bare IANA TZID without a VTIMEZONE, in another zone: 07:00 New York = 12:00Z.
            (
                "NY Bootcamp (remote)".into(),
                "hiit".into(),
                "Wed 09 12:00Z".into(),
                45
            ),
            // Daily COUNT=10 from 1 Dec; 9 Dec is an EXDATE.
            (
                "Morning run".into(),
                "running".into(),
                "Thu 10 07:00Z".into(),
                40
            ),
            // Tue/Thu 18:30 class: Tue 8 cancelled, Thu 10 moved to Fri 11 07:00.
            (
                "Spin class (moved)".into(),
                "spin".into(),
                "Fri 11 07:00Z".into(),
                45
            ),
        ]
    );
    assert_eq!(
        got.unmatched,
        ["Dentist"],
        "the all-day event is ignored, the dentist listed"
    );
    assert!(got.skipped.is_empty(), "{:?}", got.skipped);
    assert_eq!(got.events, 7);
}

#[test]
fn apple_export_with_until_and_interval() {
    // Appointment Fri 4 Dec 15:00-15:30 New York (20:30Z); full routine back Wed 9 Dec 20:30Z.
    let got = read(
        "apple-export.ics",
        "America/New_York",
        (utc(2026, 12, 4, 20, 30), utc(2026, 12, 9, 20, 30)),
        &Matcher::builtin(),
    );
    assert_eq!(
        summary(&got),
        [
            (
                "Hot Yoga".into(),
                "hot-yoga".into(),
                "Sat 05 14:00Z".into(),
                60
            ),
            (
                "5k with Ana".into(),
                "running".into(),
                "Sun 06 13:30Z".into(),
                30
            ),
            // Every other Monday from 23 Nov: 7 Dec (not 30 Nov).
            (
                "Legs day".into(),
                "weights".into(),
                "Mon 07 23:00Z".into(),
                60
            ),
        ]
    );
    assert_eq!(got.unmatched, ["Book club"]);
}

#[test]
fn outlook_export_with_windows_zones_floating_time_and_a_custom_zone() {
    // Appointment Thu 3 Dec 12:00-12:30 Berlin (11:30Z); full routine back Tue 8 Dec 11:30Z.
    let got = read(
        "outlook-export.ics",
        "Europe/Berlin",
        (utc(2026, 12, 3, 11, 30), utc(2026, 12, 8, 11, 30)),
        &Matcher::builtin(),
    );
    assert_eq!(
        summary(&got),
        [
            ("Boxing".into(), "boxing".into(), "Thu 03 18:00Z".into(), 60),
            // Floating 20:00, read in the person's zone (Berlin, UTC+1).
            ("Sauna".into(), "sauna".into(), "Fri 04 19:00Z".into(), 30),
            ("Boxing".into(), "boxing".into(), "Sat 05 18:00Z".into(), 60),
        ]
    );
    assert_eq!(got.skipped.len(), 1);
    assert!(
        got.skipped[0]
            .reason
            .contains("\"MyOwnZone\" is neither an IANA nor a Windows zone name")
    );
}

#[test]
fn match_rules_add_and_override() {
    let mut matcher = Matcher::builtin();
    matcher
        .add(
            "Book club=walking",
            &aftercare::model::activity::Catalogue::builtin(),
        )
        .unwrap();
    matcher
        .add(
            "Hot Yoga=stretching",
            &aftercare::model::activity::Catalogue::builtin(),
        )
        .unwrap();
    let got = read(
        "apple-export.ics",
        "America/New_York",
        (utc(2026, 12, 4, 20, 30), utc(2026, 12, 9, 20, 30)),
        &matcher,
    );
    let activities: Vec<_> = got
        .sessions
        .iter()
        .map(|s| (s.name.as_str(), s.activity.as_str()))
        .collect();
    assert!(activities.contains(&("Book club", "walking")));
    assert!(activities.contains(&("Hot Yoga", "stretching")));
    assert!(got.unmatched.is_empty());
}

#[test]
fn imported_sessions_are_planned_like_habits() {
    let got = read(
        "google-export.ics",
        "Europe/London",
        (utc(2026, 12, 8, 10, 30), utc(2026, 12, 13, 10, 30)),
        &Matcher::builtin(),
    );
    let routine = aftercare::model::Routine {
        fixed: got.sessions,
        ..Default::default()
    };
    let p = plan::plan(
        &appointment("2026-12-08 10:00", "Europe/London", 30),
        &routine,
        &Protocol::builtin(),
        Sweat::Moderate,
    );
    let names: Vec<_> = p
        .sessions
        .iter()
        .map(|s| (s.name.as_str(), s.stage.as_str(), s.outcome))
        .collect();
    assert_eq!(
        names,
        [
            ("NY Bootcamp (remote)", "ease", Outcome::Replace),
            ("Morning run", "ease", Outcome::Replace),
            ("Spin class (moved)", "ease", Outcome::Replace),
        ]
    );
    let json = serde_json::to_value(&p).unwrap();
    assert_eq!(json["sessions"][0]["start"], "2026-12-09T12:00:00+00:00");
    save_calendar("imported-google", &render(&p));
}

/// Runs `import` on another thread and fails the test if it takes longer than `limit`.
fn import_within(text: String, name: String, limit: StdDuration) -> Result<Imported, String> {
    let window = (utc(2026, 1, 1, 0, 0), utc(2026, 1, 15, 0, 0));
    import_in(text, name, window, limit)
}

/// [`import_within`] for sessions in `window`.
fn import_in(
    text: String,
    name: String,
    window: (DateTime<Utc>, DateTime<Utc>),
    limit: StdDuration,
) -> Result<Imported, String> {
    let (tx, rx) = mpsc::channel();
    let label = name.clone();
    std::thread::spawn(move || {
        let result = import(
            &text,
            Path::new(&label),
            zone("Europe/London"),
            window,
            &Matcher::builtin(),
        );
        let _ = tx.send(result.map_err(|e| e.to_string()));
    });
    match rx.recv_timeout(limit) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("{name}: no answer within {limit:?} (a hang?)")
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{name}: the import panicked"),
    }
}

#[test]
fn every_corpus_file_is_read_or_refused_clearly() {
    let dir = Path::new("../shared/ical-corpus/python-icalendar");
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("../shared/ical-corpus is next to the checkout")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ics"))
        .collect();
    entries.sort();
    assert!(entries.len() > 100);
    let (mut read_ok, mut refused) = (0, 0);
    for path in entries {
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        match import_within(text, name.clone(), StdDuration::from_secs(20)) {
            Ok(_) => read_ok += 1,
            Err(message) => {
                refused += 1;
                assert!(message.starts_with(&name), "{message}");
                assert!(
                    !message.contains('\n') && message.len() < 400,
                    "one clear line: {message}"
                );
            }
        }
    }
    eprintln!("corpus: {read_ok} read, {refused} refused");
    assert!(
        read_ok > 80,
        "most real calendars are readable ({read_ok} read)"
    );
}

#[test]
fn not_a_calendar_truncated_and_oversized_files_are_refused() {
    for (text, expected) in [
        ("hello, world", "not an iCalendar file"),
        (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Spin\r\nDTSTART:2026",
            "not a readable calendar",
        ),
    ] {
        let err = import_within(text.to_string(), "x.ics".into(), StdDuration::from_secs(10))
            .unwrap_err();
        assert!(err.contains(expected), "{err}");
    }
    let huge = format!(
        "BEGIN:VCALENDAR\r\n{}",
        "X".repeat(aftercare::input::calendar::MAX_BYTES)
    );
    let err = import_within(huge, "big.ics".into(), StdDuration::from_secs(10)).unwrap_err();
    assert!(err.contains("MiB"), "{err}");
}

#[test]
fn a_rule_the_recurrence_crate_rejects_is_skipped_with_its_reason() {
    let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20260101T000000Z\r\n\
        DTSTART:20260101T070000Z\r\nDTEND:20260101T080000Z\r\nRRULE:FREQ=WEEKLY;BYDAY=XX\r\nSUMMARY:Spin\r\nEND:VEVENT\r\n\
        BEGIN:VEVENT\r\nUID:b\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260101T070000Z\r\nDTEND:20260101T080000Z\r\n\
        RRULE:FREQ=SECONDLY\r\nSUMMARY:Run\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let got = import_within(text.to_string(), "r.ics".into(), StdDuration::from_secs(10)).unwrap();
    assert!(got.sessions.is_empty());
    assert_eq!(got.skipped.len(), 2, "{:?}", got.skipped);
    assert!(
        got.skipped
            .iter()
            .any(|s| s.summary == "Spin" && s.reason.contains("recurrence not readable"))
    );
    assert!(
        got.skipped
            .iter()
            .any(|s| s.summary == "Run" && s.reason.contains("secondly"))
    );
}

#[test]
fn a_hundred_thousand_events_are_read_once_and_expanded_only_in_the_window() {
    let mut text = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n");
    for i in 0..100_000u32 {
        // Daily forever from a date spread over 30 years: expansion must stay in the window.
        let day = 1 + i % 28;
        let year = 1996 + i % 30;
        text.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:{i}@load\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:{year}01{day:02}T060000Z\r\n\
             DTEND:{year}01{day:02}T064500Z\r\nRRULE:FREQ=DAILY\r\nSUMMARY:Run {i}\r\nEND:VEVENT\r\n"
        ));
    }
    text.push_str("END:VCALENDAR\r\n");
    let got = import_within(text, "huge.ics".into(), StdDuration::from_secs(300)).unwrap();
    assert_eq!(got.events, 100_000);
    // The window is 14 days and each event is daily: at most 15 occurrences each, and all of
    // them inside the window.
    assert!(
        got.sessions
            .iter()
            .all(|s| s.start >= utc(2025, 12, 31, 23, 0) && s.start < utc(2026, 1, 15, 0, 0))
    );
    assert!(got.sessions.len() <= 100_000 * 15);
}

#[test]
fn fast_forwarding_old_series_keeps_the_same_occurrences() {
    use icalendar::{Calendar, CalendarComponent, EventLike};
    use std::str::FromStr;
    let window = (utc(2026, 12, 1, 0, 0), utc(2026, 12, 20, 0, 0));
    for (start, rule) in [
        (
            "DTSTART;TZID=Europe/London:20010305T183000",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
        ),
        (
            "DTSTART;TZID=America/New_York:19990101T063000",
            "FREQ=DAILY;INTERVAL=3",
        ),
        (
            "DTSTART:20150607T070000Z",
            "FREQ=WEEKLY;INTERVAL=5;BYDAY=SU,WE",
        ),
        (
            "DTSTART;TZID=Australia/Lord_Howe:20100110T020000",
            "FREQ=WEEKLY;BYDAY=SU",
        ),
    ] {
        let text = format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20260101T000000Z\r\n{start}\r\n\
             DURATION:PT45M\r\nRRULE:{rule}\r\nSUMMARY:Run\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        );
        let got = import(
            &text,
            Path::new("x.ics"),
            zone("UTC"),
            window,
            &Matcher::builtin(),
        )
        .unwrap();
        // The same event expanded by rrule from its real DTSTART, without any help.
        let calendar = Calendar::from_str(&text).unwrap();
        let CalendarComponent::Event(event) = &calendar.components[0] else {
            panic!()
        };
        let utc_tz = icalendar::rrule::Tz::UTC;
        let all = event
            .get_recurrence()
            .unwrap()
            .after(
                utc_tz.from_utc_datetime(&(window.0 - chrono::Duration::minutes(46)).naive_utc()),
            )
            .before(utc_tz.from_utc_datetime(&window.1.naive_utc()))
            .all(1000);
        let expected: Vec<DateTime<Utc>> = all
            .dates
            .iter()
            .map(|d| d.with_timezone(&Utc))
            .filter(|d| *d + chrono::Duration::minutes(45) > window.0 && *d < window.1)
            .collect();
        let actual: Vec<DateTime<Utc>> = got.sessions.iter().map(|s| s.start).collect();
        assert!(!expected.is_empty(), "{rule}");
        assert_eq!(actual, expected, "{start} {rule}");
    }
}

/// Lines that stress a reader: odd recurrences, unknown zones, bad durations, folding tricks.
const NASTY_LINES: [&str; 12] = [
    "RRULE:FREQ=SECONDLY;INTERVAL=1",
    "RRULE:FREQ=WEEKLY;INTERVAL=0",
    "RRULE:FREQ=DAILY;COUNT=999999999",
    "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
    "EXDATE;TZID=Nowhere/Zone:20260105T070000",
    "DTSTART;TZID=Nowhere/Zone:20260105T070000",
    "DTSTART;VALUE=DATE:20261340",
    "DURATION:P99999999W",
    "DURATION:-PT1H",
    "RECURRENCE-ID:20260105T070000Z",
    " folded continuation with no line before it",
    "BEGIN:VEVENT",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// A cheap fuzzer: the fixture exports, damaged at random (lines cut, repeated or replaced
    /// by nasty ones, bytes changed, the end cut off), are read or refused with one clear line,
    /// quickly, and whatever is read can be planned and rendered.
    #[test]
    fn damaged_exports_are_read_or_refused_clearly(
        file in 0..3usize,
        edits in proptest::collection::vec(
            (0..5u8, proptest::prelude::any::<proptest::sample::Index>(), 0..NASTY_LINES.len(), 0..=255u8),
            1..4,
        ),
        cut in proptest::prelude::any::<proptest::sample::Index>(),
        truncate in proptest::prelude::any::<bool>(),
    ) {
        let name = ["google-export.ics", "apple-export.ics", "outlook-export.ics"][file];
        let text = std::fs::read_to_string(Path::new("fixtures/calendars").join(name)).unwrap();
        let mut lines: Vec<String> = text.split("\r\n").map(str::to_string).collect();
        for (op, at, nasty, byte) in edits {
            let i = at.index(lines.len());
            match op {
                0 => { lines.remove(i); }
                1 => { let line = lines[i].clone(); lines.insert(i, line); }
                2 => lines[i] = NASTY_LINES[nasty].to_string(),
                3 => lines.insert(i, NASTY_LINES[nasty].to_string()),
                _ => {
                    let mut bytes = std::mem::take(&mut lines[i]).into_bytes();
                    if !bytes.is_empty() {
                        let j = at.index(bytes.len());
                        bytes[j] = byte;
                    }
                    lines[i] = String::from_utf8_lossy(&bytes).into_owned();
                }
            }
            if lines.is_empty() {
                lines.push(String::new());
            }
        }
        let mut damaged = lines.join("\r\n");
        if truncate {
            let mut end = cut.index(damaged.len() + 1);
            while !damaged.is_char_boundary(end) {
                end -= 1;
            }
            damaged.truncate(end);
        }
        // The fixtures' recovery window: an appointment on Tue 8 Dec 2026.
        let window = (utc(2026, 12, 8, 10, 30), utc(2026, 12, 13, 10, 30));
        match import_in(damaged, name.to_string(), window, StdDuration::from_secs(20)) {
            Ok(imported) => {
                let mut routine = aftercare::model::Routine::default();
                routine.fixed.extend(imported.sessions);
                let a = appointment("2026-12-08 10:00", "Europe/London", 30);
                let p = plan::plan(&a, &routine, &Protocol::builtin(), Sweat::Moderate);
                let ics = aftercare::render::ics::render(&p, &aftercare::render::ics::IcsOptions::default());
                proptest::prop_assert!(ics.ends_with("END:VCALENDAR\r\n"));
            }
            Err(message) => {
                proptest::prop_assert!(message.starts_with(name), "{}", message);
                proptest::prop_assert!(!message.contains('\n') && message.len() < 400, "{}", message);
            }
        }
    }
}
