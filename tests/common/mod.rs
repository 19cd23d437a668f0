//! Helpers shared by the integration tests.
#![allow(dead_code)] // each test binary uses its own subset

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
