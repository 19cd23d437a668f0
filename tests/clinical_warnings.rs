//! Issue 19, from the patient's side: warning signs a patient acts on (an emergency line that
//! says whom to call, in the plan's country), one line about them in every check-in, and a
//! calendar that speaks with one voice (no piles of alarms, nothing ringing at night, each
//! restriction said once, workout titles that say what to do first).

mod common;

use aftercare::model::{Clinic, Protocol, Sweat};
use aftercare::plan;
use aftercare::render::ics::{self, IcsOptions};
use aftercare::render::text;
use aftercare::tz::Zone;
use chrono::{DateTime, Duration, NaiveDateTime, NaiveTime, TimeZone, Utc};
use common::*;

/// One VEVENT of a calendar, unfolded, its values unescaped.
struct Event {
    summary: String,
    description: String,
    categories: String,
    start: DateTime<Utc>,
    /// Alarm triggers, as instants.
    alarms: Vec<DateTime<Utc>>,
}

fn unfold(ics: &str) -> String {
    ics.replace("\r\n ", "").replace("\r\n\t", "")
}

fn unescape(value: &str) -> String {
    value
        .replace("\\n", "\n")
        .replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\\\", "\\")
}

/// `20261204T153000` with its TZID, or `20261204T153000Z`.
fn date_time(line: &str) -> DateTime<Utc> {
    let (params, value) = line.split_once(':').unwrap();
    if let Some(utc) = value.strip_suffix('Z') {
        let t = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").unwrap();
        return Utc.from_utc_datetime(&t);
    }
    let tzid = params.split("TZID=").nth(1).unwrap();
    let tz: Zone = tzid.parse().unwrap();
    let t = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").unwrap();
    tz.from_local_datetime(&t)
        .earliest()
        .unwrap()
        .with_timezone(&Utc)
}

/// `-PT1800S`, `P0D`, `PT0S`, `-P1DT2H`: what the calendar writes.
fn trigger(value: &str) -> Duration {
    let (sign, rest) = match value.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, value.strip_prefix('+').unwrap_or(value)),
    };
    let rest = rest.strip_prefix('P').unwrap();
    let mut total = Duration::zero();
    let mut number = String::new();
    for c in rest.chars() {
        match c {
            '0'..='9' => number.push(c),
            'T' => {}
            unit => {
                let n: i64 = number.parse().unwrap();
                number.clear();
                total += match unit {
                    'W' => Duration::weeks(n),
                    'D' => Duration::days(n),
                    'H' => Duration::hours(n),
                    'M' => Duration::minutes(n),
                    'S' => Duration::seconds(n),
                    other => panic!("unit {other} in {value}"),
                };
            }
        }
    }
    total * sign
}

fn events(ics: &str) -> Vec<Event> {
    let ics = unfold(ics);
    ics.split("BEGIN:VEVENT\r\n")
        .skip(1)
        .map(|block| {
            let block = block.split("END:VEVENT").next().unwrap();
            let (own, alarm_blocks) = block.split_once("BEGIN:VALARM").unwrap_or((block, ""));
            let prop = |name: &str| {
                own.lines()
                    .find(|l| {
                        l.starts_with(&format!("{name}:")) || l.starts_with(&format!("{name};"))
                    })
                    .unwrap_or_else(|| panic!("no {name} in {own}"))
                    .to_string()
            };
            let value = |name: &str| unescape(prop(name).split_once(':').unwrap().1);
            let start = date_time(&prop("DTSTART"));
            let alarms = alarm_blocks
                .lines()
                .filter(|l| l.starts_with("TRIGGER"))
                .map(|l| start + trigger(l.split_once(':').unwrap().1))
                .collect();
            Event {
                summary: value("SUMMARY"),
                description: value("DESCRIPTION"),
                categories: value("CATEGORIES"),
                start,
                alarms,
            }
        })
        .collect()
}

fn emergency_line(number: &str) -> String {
    format!("Call {number} now (or go to the nearest emergency department) if you have: ")
}

/// The line of the text view that starts with `heading`.
fn tier<'a>(text: &'a str, heading: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(heading))
        .unwrap_or_else(|| panic!("no {heading:?} in:\n{text}"))
}

#[test]
fn the_emergency_tier_is_an_instruction_with_the_number_of_the_plans_country() {
    for (zone, number) in [
        ("Europe/London", "999"),
        ("America/New_York", "911"),
        ("Europe/Madrid", "112"),
        ("Australia/Sydney", "000"),
    ] {
        let plan = make_plan("2026-12-04 15:00", zone, &[], Sweat::Moderate);
        let text = text::render(&plan, None, None, Default::default());
        let line = tier(&text, &emergency_line(number));
        for sign in [
            "trouble breathing, swallowing or speaking",
            "slurred speech",
            "weakness spreading beyond the treated area",
            "sudden swelling of the lips, tongue or throat, or of the whole face",
            "severe allergic reaction",
        ] {
            assert!(line.contains(sign), "{zone}: {sign} missing from {line}");
        }
        let ics = render(&plan);
        assert!(
            unescape(&unfold(&ics)).contains(&emergency_line(number)),
            "{zone}: the calendar says whom to call"
        );
        // Nothing that is an emergency is also said to be for the provider.
        assert!(!tier(&text, "Call your provider today").contains("slurred speech"));
    }
}

#[test]
fn the_same_day_and_routine_tiers_are_there() {
    let plan = make_plan("2026-12-04 15:00", "Europe/London", &[], Sweat::Moderate);
    let text = text::render(&plan, None, None, Default::default());
    let today = tier(&text, "Call your provider today: ");
    for sign in [
        "vision",
        "eyelid that droops",
        "drooping brow",
        "voice",
        "bladder",
        "signs of infection",
    ] {
        assert!(today.contains(sign), "{sign} missing from {today}");
    }
    assert!(tier(&text, "Call your provider (not urgent): ").contains("results that look uneven"));
}

#[test]
fn a_clinics_own_emergency_number_wins() {
    let dir = Dir::new();
    let clinic = dir.write(
        "clinic.toml",
        "name = \"Clínica Ejemplo\"\nphone = \"910 000 000\"\nemergency = \"061\"\n",
    );
    let text = dir.ok(&[
        "plan",
        "--at",
        "2026-12-04 15:00",
        "--tz",
        "Europe/Madrid",
        "--clinic",
        clinic.to_str().unwrap(),
        "--format",
        "text",
        "-o",
        "-",
    ]);
    tier(&text, &emergency_line("061"));
    assert!(!text.contains("Call 112"), "{text}");

    // The same in the calendar, the pointers too.
    let plan = make_plan("2026-12-04 15:00", "Europe/Madrid", &[], Sweat::Moderate);
    let options = IcsOptions {
        clinic: Some(Clinic {
            name: "Clínica Ejemplo".into(),
            emergency: Some("061".into()),
            ..Clinic::default()
        }),
        ..options()
    };
    let ics = unescape(&unfold(&ics::render(&plan, &options)));
    assert!(ics.contains(&emergency_line("061")));
    assert!(ics.contains("Call 061 now. The other warning signs"));
    assert!(!ics.contains("Call 112"));

    // A number that is not one is refused, naming the field.
    let bad = dir.write("bad.toml", "name = \"A\"\nemergency = \"call 999\"\n");
    let out = dir.run(&[
        "plan",
        "--at",
        "2026-12-04 15:00",
        "--tz",
        "Europe/Madrid",
        "--clinic",
        bad.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("emergency"));
}

#[test]
fn check_ins_point_at_the_warning_signs_and_the_appointment_lists_them_once() {
    let plan = make_plan(
        "2026-12-04 15:00",
        "Europe/London",
        &["sat 09:00 45m crossfit"],
        Sweat::Moderate,
    );
    let ics = render(&plan);
    save_calendar("clinical-warnings-pointer", &ics);
    let pointer = "Trouble breathing, swallowing or speaking? Call 999 now. The other warning signs are in your appointment's event in this calendar.";
    let events = events(&ics);
    let checks: Vec<&Event> = events
        .iter()
        .filter(|e| e.categories.contains("Check-in") || e.categories.contains("Follow-up"))
        .collect();
    assert!(checks.len() >= 5);
    assert!(
        checks
            .iter()
            .any(|e| e.summary.starts_with("Results and follow-up"))
    );
    for e in checks {
        assert!(
            e.description.contains(pointer),
            "{}: {}",
            e.summary,
            e.description
        );
        assert!(!e.description.contains("slurred speech"), "{}", e.summary);
    }
    let appointment = events
        .iter()
        .find(|e| e.categories.contains("Appointment"))
        .unwrap();
    assert_eq!(appointment.description.matches("slurred speech").count(), 1);
    assert_eq!(
        appointment
            .description
            .matches("Call your provider today")
            .count(),
        1
    );
    assert_eq!(
        appointment
            .description
            .matches(&emergency_line("999"))
            .count(),
        1
    );
}

#[test]
fn alarms_never_pile_up_nor_ring_before_the_appointment_ends() {
    // A busy routine: sessions right after the appointment, every morning and evening.
    let workouts = [
        "fri 15:40 30m run",
        "fri 16:00 45m weights",
        "mon,tue,wed,thu,fri,sat,sun 06:30 45m hiit",
        "mon,wed,sat 07:00 30m run",
        "tue,thu 18:00 60m hot-yoga",
        "sat 15:30 60m crossfit",
    ];
    for zone in ["Europe/London", "America/New_York"] {
        let plan = make_plan("2026-12-04 15:00", zone, &workouts, Sweat::Moderate);
        let end = plan.appointment.end.with_timezone(&Utc);
        let ics = render(&plan);
        save_calendar(
            &format!("clinical-warnings-alarms-{}", zone.replace('/', "-")),
            &ics,
        );
        let mut alarms: Vec<DateTime<Utc>> =
            events(&ics).into_iter().flat_map(|e| e.alarms).collect();
        assert!(alarms.len() > 10, "{zone}: {alarms:?}");
        alarms.sort();
        for a in &alarms {
            assert!(
                *a >= end,
                "{zone}: an alarm at {a}, before the appointment ends at {end}"
            );
        }
        for pair in alarms.windows(2) {
            assert!(
                pair[1] - pair[0] >= Duration::minutes(10),
                "{zone}: alarms at {} and {}",
                pair[0],
                pair[1]
            );
        }
    }
}

/// Whether a local time is between 22:00 and 08:00.
fn at_night(t: DateTime<Utc>, zone: &str) -> bool {
    let local = t.with_timezone(&zone.parse::<Zone>().unwrap()).time();
    local >= NaiveTime::from_hms_opt(22, 0, 0).unwrap()
        || local < NaiveTime::from_hms_opt(8, 0, 0).unwrap()
}

#[test]
fn no_check_in_rings_at_night_after_a_late_appointment() {
    let plan = make_plan("2026-12-04 21:30", "Europe/London", &[], Sweat::Moderate);
    let ics = render(&plan);
    save_calendar("clinical-warnings-late-appointment", &ics);
    let events = events(&ics);
    let checks: Vec<&Event> = events
        .iter()
        .filter(|e| e.categories.contains("Check-in") || e.categories.contains("Follow-up"))
        .collect();
    assert!(checks.len() >= 5);
    for e in checks {
        assert!(
            !at_night(e.start, "Europe/London"),
            "{} at {}",
            e.summary,
            e.start
        );
    }
    // The day a check-in names is the day it now comes: 72 h after 22:00 on Friday is Monday
    // night, so the check-in comes on Tuesday morning, day 4.
    let titles: Vec<&str> = plan.reminders.iter().map(|r| r.title.as_str()).collect();
    assert!(titles.contains(&"Check-in: day 4"), "{titles:?}");
}

#[test]
fn check_ins_after_exercising_late_at_night_wait_for_the_morning() {
    let dir = Dir::new();
    let ics = dir.ok(&[
        "oops",
        "--at",
        "2026-10-24 23:30",
        "--tz",
        "Europe/London",
        "-o",
        "-",
    ]);
    save_calendar("clinical-warnings-oops-night", &ics);
    let events = events(&ics);
    assert!(events.len() >= 4);
    let exercised = Utc.with_ymd_and_hms(2026, 10, 24, 22, 30, 0).unwrap(); // 23:30 BST
    for e in &events {
        // The first one is at once: the person is up, they just exercised.
        if e.start == exercised {
            continue;
        }
        assert!(
            !at_night(e.start, "Europe/London"),
            "{} at {}",
            e.summary,
            e.start
        );
    }
    // The two-hour check-in comes at 08:00 (GMT: the clocks went back that night), and its
    // title says how long after the exercise that really is.
    let two_hours = events
        .iter()
        .find(|e| e.summary.starts_with("Check-in: 9 hours 30 minutes after"))
        .expect("the two-hour check-in, moved to the morning");
    assert_eq!(
        two_hours.start,
        Utc.with_ymd_and_hms(2026, 10, 25, 8, 0, 0).unwrap()
    );
    // Check-ins other than the first point at the warning signs.
    assert!(events.iter().filter(|e| e.start != exercised).all(|e| {
        e.description
            .contains("Call 999 now. The other warning signs")
    }));
}

#[test]
fn each_restriction_is_explained_once_and_bars_do_not_stack() {
    let plan = make_plan(
        "2026-12-04 15:00",
        "America/New_York",
        &["sat 09:00 45m crossfit"],
        Sweat::Moderate,
    );
    let ics = render(&plan);
    let text = unescape(&unfold(&ics));
    for w in &plan.windows {
        assert_eq!(text.matches(w.avoid.as_str()).count(), 1, "{}", w.rule);
        assert_eq!(text.matches(w.why.as_str()).count(), 1, "{}", w.rule);
    }
    let events = events(&ics);
    let mut segments: Vec<&Event> = events
        .iter()
        .filter(|e| e.categories.contains("Restrictions"))
        .collect();
    segments.sort_by_key(|e| e.start);
    // Titled by when it ends and what ends then.
    assert_eq!(segments[0].summary, "Until 19:30: stay upright");
    for e in &segments {
        assert!(e.summary.starts_with("Until "), "{}", e.summary);
        assert!(!e.summary.contains("more"), "{}", e.summary);
    }
    // Consecutive: each starts where the previous one ends (a DTEND is the next DTSTART).
    let unfolded = unfold(&ics);
    let starts: Vec<DateTime<Utc>> = segments.iter().map(|e| e.start).collect();
    for pair in starts.windows(2) {
        assert!(pair[0] < pair[1]);
    }
    assert_eq!(
        unfolded
            .matches("CATEGORIES:Aftercare,Restrictions")
            .count(),
        segments.len()
    );
}

#[test]
fn workout_titles_say_what_to_do_first() {
    let plan = plan::plan(
        &appointment("2026-12-04 15:00", "Europe/London", 30),
        &routine(&[
            "sat 09:00 45m crossfit",
            "sun 10:00 60m hot-yoga",
            "tue 07:00 45m run",
        ]),
        &Protocol::builtin(),
        Sweat::Moderate,
    );
    let events = events(&render(&plan));
    let workouts: Vec<&Event> = events
        .iter()
        .filter(|e| e.categories.contains("Workout"))
        .collect();
    assert!(!workouts.is_empty());
    let crossfit = workouts
        .iter()
        .find(|e| e.summary.contains("CrossFit"))
        .unwrap();
    assert!(
        crossfit.summary.starts_with("20 min ")
            && crossfit.summary.ends_with(" instead of CrossFit"),
        "{}",
        crossfit.summary
    );
    for e in workouts {
        let s = &e.summary;
        assert!(
            s.starts_with(|c: char| c.is_ascii_digit())
                || s.starts_with("Skip ")
                || s.starts_with("Go lighter")
                || s.ends_with("fine as usual"),
            "{s}"
        );
    }
}
