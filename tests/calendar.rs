//! The `.ics` renderer: RFC 5545 hygiene, escaping, UIDs, alarms, time zones and parse-back.

mod common;

use std::collections::BTreeSet;
use std::str::FromStr;

use aftercare::model::{Protocol, Sweat};
use aftercare::plan;
use aftercare::render::ics::{self, IcsOptions};
use chrono::{TimeZone, Utc};
use common::*;
use icalendar::{Calendar, CalendarComponent, Component};

/// Checks what RFC 5545 and this project promise of every file, octet by octet.
fn assert_hygiene(ics: &str) {
    assert!(ics.ends_with("\r\n"));
    for line in ics.split_terminator("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        assert!(
            !line.contains('\r') && !line.contains('\n'),
            "bare CR/LF in {line:?}"
        );
        assert!(!line.is_empty());
        assert!(
            !line.chars().any(|c| c.is_control() && c != '\t'),
            "control char in {line:?}"
        );
    }
    // A fold never splits an escape: no physical line ends in an odd run of backslashes.
    for line in ics.split_terminator("\r\n") {
        let trailing = line.bytes().rev().take_while(|b| *b == b'\\').count();
        assert_eq!(trailing % 2, 0, "fold inside an escape: {line:?}");
    }
    let unfolded = ics.replace("\r\n ", "");
    assert!(!unfolded.contains("DURATION"), "DTEND, never DURATION");
    assert!(!unfolded.contains("RELATED=END"));
    let mut component = Vec::new();
    let mut alarms_in_event = 0;
    for line in unfolded.split_terminator("\r\n") {
        if let Some(name) = line.strip_prefix("BEGIN:") {
            component.push(name.to_string());
            if name == "VALARM" {
                alarms_in_event += 1;
                assert!(alarms_in_event <= 1, "more than one VALARM in an event");
            }
            if name == "VEVENT" {
                alarms_in_event = 0;
            }
        } else if line.starts_with("END:") {
            component.pop();
        } else if component.last().is_some_and(|c| c != "VEVENT") {
            assert!(
                !line.starts_with("DTSTAMP") && !line.starts_with("UID"),
                "{line} in {component:?}"
            );
        }
    }
    // Every TZID used has its VTIMEZONE.
    let used: BTreeSet<&str> = unfolded
        .split("TZID=")
        .skip(1)
        .map(|rest| rest.split(':').next().unwrap())
        .collect();
    for tzid in used {
        assert!(
            unfolded.contains(&format!("BEGIN:VTIMEZONE\r\nTZID:{tzid}\r\n")),
            "no VTIMEZONE for {tzid}"
        );
    }
}

fn events(ics: &str) -> Vec<icalendar::Event> {
    let calendar = Calendar::from_str(ics).expect("parses back");
    calendar
        .components
        .into_iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect()
}

#[test]
fn every_event_carries_the_required_properties() {
    let plan = make_plan(
        "2026-12-04 15:00",
        "America/New_York",
        &["mon,wed,fri 06:30 45m hiit"],
        Sweat::Moderate,
    );
    let ics = render(&plan);
    save_calendar("properties-new-york", &ics);
    assert_hygiene(&ics);
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nPRODID:-//aftercare//aftercare 0.1//EN\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\n"));
    assert!(!ics.contains("METHOD:"), "no METHOD without an ORGANIZER");
    let events = events(&ics);
    assert!(events.len() > 10);
    for e in &events {
        let uid = e.get_uid().unwrap();
        assert!(uid.ends_with("@aftercare"), "{uid}");
        assert_eq!(
            e.get_timestamp().unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0).unwrap()
        );
        assert!(e.get_summary().is_some() && e.get_description().is_some());
        assert_eq!(e.property_value("CLASS"), Some("PRIVATE"));
        assert!(e.multi_properties().contains_key("CATEGORIES"));
        let start = instant(e.get_start().unwrap());
        let end = instant(e.get_end().unwrap());
        assert!(end > start, "{uid}");
        let summary = e.get_summary().unwrap();
        assert!(summary.chars().count() <= 40, "fits a phone: {summary:?}");
        let description = e.get_description().unwrap();
        // Fact ids are for providers: the patient's calendar says once where advice comes from.
        assert!(
            !description.contains("(source:") && !description.contains("[A"),
            "{description}"
        );
        let transp = e.property_value("TRANSP").unwrap();
        let summary = e.get_summary().unwrap();
        assert_eq!(
            transp == "OPAQUE",
            summary == "Botox appointment",
            "{summary}: {transp}"
        );
    }
    // The disclaimer and the warning signs are said once: in the appointment event (and the
    // calendar's own description), not in every event.
    for needle in [
        "slurred speech",
        "Follow your provider's instructions",
        "Where this advice comes from",
    ] {
        let with: Vec<_> = events
            .iter()
            .filter(|e| e.get_description().unwrap().contains(needle))
            .map(|e| e.get_summary().unwrap())
            .collect();
        assert_eq!(with, ["Botox appointment"], "{needle}");
        assert_eq!(
            ics.replace("\r\n ", "").matches(needle).count(),
            3,
            "{needle}: the event, DESCRIPTION and X-WR-CALDESC"
        );
    }
}

#[test]
fn uids_are_stable_unique_and_depend_on_the_appointment() {
    let a = render(&make_plan(
        "2026-12-04 15:00",
        "America/New_York",
        &["daily 07:00 1h running"],
        Sweat::Moderate,
    ));
    let b = render(&make_plan(
        "2026-12-04 15:00",
        "America/New_York",
        &["daily 07:00 1h running"],
        Sweat::Moderate,
    ));
    assert_eq!(a, b, "same input, byte-identical output");
    let uids = |ics: &str| -> Vec<String> {
        events(ics)
            .iter()
            .map(|e| e.get_uid().unwrap().to_string())
            .collect()
    };
    let ua = uids(&a);
    let unique: BTreeSet<_> = ua.iter().collect();
    assert_eq!(unique.len(), ua.len(), "UIDs are unique within a calendar");
    // Another appointment: no UID in common.
    let other = uids(&render(&make_plan(
        "2026-12-05 15:00",
        "America/New_York",
        &["daily 07:00 1h running"],
        Sweat::Moderate,
    )));
    assert!(ua.iter().all(|u| !other.contains(u)));
    // Same appointment, heavier sweat level: times change, identities stay (a re-import updates).
    let heavy = uids(&render(&make_plan(
        "2026-12-04 15:00",
        "America/New_York",
        &["daily 07:00 1h running"],
        Sweat::Heavy,
    )));
    assert!(ua.iter().filter(|u| heavy.contains(u)).count() >= ua.len() / 2);
    // A patient id keeps two people booked at the same time apart.
    let plan = make_plan("2026-12-04 15:00", "America/New_York", &[], Sweat::Moderate);
    let p1 = ics::render(
        &plan,
        &IcsOptions {
            uid_seed: "p1".into(),
            ..options()
        },
    );
    let p2 = ics::render(
        &plan,
        &IcsOptions {
            uid_seed: "p2".into(),
            ..options()
        },
    );
    assert!(uids(&p1).iter().all(|u| !uids(&p2).contains(u)));
}

#[test]
fn restriction_windows_are_consecutive_segments_not_a_stack() {
    let plan = make_plan("2026-12-04 15:00", "Europe/London", &[], Sweat::Moderate);
    let ics = render(&plan);
    let mut segments: Vec<_> = events(&ics)
        .into_iter()
        .filter(|e| has_category(e, "Restrictions"))
        .map(|e| {
            (
                instant(e.get_start().unwrap()),
                instant(e.get_end().unwrap()),
            )
        })
        .collect();
    segments.sort();
    // Windows end at 4 h, 24 h and 48 h: three segments, each starting where the previous ends.
    assert_eq!(segments.len(), 3);
    assert_eq!(segments[0].0, plan.appointment.end.with_timezone(&Utc));
    for pair in segments.windows(2) {
        assert_eq!(pair[0].1, pair[1].0);
    }
    let ends: BTreeSet<_> = plan
        .windows
        .iter()
        .map(|w| w.end.with_timezone(&Utc))
        .collect();
    assert_eq!(segments.iter().map(|s| s.1).collect::<BTreeSet<_>>(), ends);
}

#[test]
fn awkward_text_is_escaped_and_folded() {
    let text = std::fs::read_to_string("fixtures/protocol/awkward-text.toml").unwrap();
    let protocol = Protocol::builtin()
        .with_override(&text, "awkward-text.toml".as_ref())
        .unwrap();
    let p = plan::plan(
        &appointment("2026-12-04 15:00", "Europe/Paris", 30),
        &routine(&[]),
        &protocol,
        Sweat::Moderate,
    );
    let ics = render(&p);
    save_calendar("awkward-text-paris", &ics);
    assert_hygiene(&ics);
    let unfolded = ics.replace("\r\n ", "");
    assert!(
        unfolded.contains("Sauna\\, hammam\\; bains chauds\\, C:\\\\temp\\\\notes"),
        "escaped"
    );
    assert!(
        unfolded.contains("fever.\\nSecond line\\nThird line"),
        "CRLF and CR become \\n"
    );
    // The parser reads back exactly what went in (CRs normalised).
    let heat = events(&ics)
        .into_iter()
        .find(|e| e.get_description().unwrap().contains("hammam"))
        .unwrap();
    assert!(
        heat.get_description()
            .unwrap()
            .contains("C:\\temp\\notes — 熱いお風呂やサウナは避けてください 🧖‍♀️🔥")
    );
    assert!(
        heat.get_description()
            .unwrap()
            .contains("Pas de chaleur; no heat, no sauna until")
    );
}

#[test]
fn organizer_brings_method_publish() {
    let plan = make_plan("2026-12-04 15:00", "America/New_York", &[], Sweat::Moderate);
    let ics = ics::render(
        &plan,
        &IcsOptions {
            organizer: Some("clinic@example.com".into()),
            ..options()
        },
    );
    save_calendar("organizer", &ics);
    assert!(ics.contains("\r\nMETHOD:PUBLISH\r\n"));
    let events = events(&ics);
    assert!(
        events
            .iter()
            .all(|e| e.property_value("ORGANIZER") == Some("mailto:clinic@example.com"))
    );
}

#[test]
fn discreet_titles_name_no_procedure() {
    let plan = make_plan(
        "2026-12-04 15:00",
        "America/New_York",
        &["sat 09:00 1h hiit"],
        Sweat::Moderate,
    );
    let ics = ics::render(
        &plan,
        &IcsOptions {
            discreet: true,
            ..options()
        },
    );
    save_calendar("discreet", &ics);
    for e in events(&ics) {
        assert!(!e.get_summary().unwrap().to_lowercase().contains("botox"));
    }
    assert!(!ics.contains("CALNAME:Botox"));
    assert!(render(&plan).contains("SUMMARY:Botox appointment"));
}

#[test]
fn utc_output_has_no_tzid_and_no_vtimezone() {
    let plan = make_plan(
        "2026-12-04 15:00",
        "Australia/Sydney",
        &["daily 06:00 45m running"],
        Sweat::Moderate,
    );
    let ics = ics::render(
        &plan,
        &IcsOptions {
            utc: true,
            ..options()
        },
    );
    save_calendar("utc-sydney", &ics);
    assert_hygiene(&ics);
    assert!(!ics.contains("TZID") && !ics.contains("VTIMEZONE"));
    let start = events(&ics)
        .into_iter()
        .find(|e| e.get_summary() == Some("Botox appointment"))
        .unwrap();
    assert_eq!(
        instant(start.get_start().unwrap()),
        plan.appointment.start.with_timezone(&Utc)
    );
    // A plan in a UTC zone is written in UTC without being asked.
    let utc = render(&make_plan("2026-12-04 15:00", "UTC", &[], Sweat::Moderate));
    save_calendar("utc-zone", &utc);
    assert!(!utc.contains("TZID"));
}

#[test]
fn an_instant_in_the_second_half_of_a_fold_is_written_in_utc() {
    // Europe/London falls back at 02:00 BST on Sun 25 Oct 2026, so 01:00-02:00 happens twice.
    // A T0 of Sat 01:00Z puts every 24 h window end on Sun 01:00Z, the second 01:00.
    let tz = zone("Europe/London");
    let start = tz.with_ymd_and_hms(2026, 10, 24, 1, 0, 0).unwrap(); // Sat 01:00 BST = 00:00Z
    let appointment = aftercare::model::Appointment::new(start, 60).unwrap(); // T0 = Sat 01:00Z
    let p = plan::plan(
        &appointment,
        &routine(&[]),
        &Protocol::builtin(),
        Sweat::Moderate,
    );
    // 24 h after Sat 01:00Z is Sun 01:00Z = Sun 01:00 GMT, the second 01:00 of the fold.
    let strenuous = p
        .windows
        .iter()
        .find(|w| w.rule == "strenuous-exercise")
        .unwrap();
    assert_eq!(
        strenuous.end.with_timezone(&Utc),
        Utc.with_ymd_and_hms(2026, 10, 25, 1, 0, 0).unwrap()
    );
    let ics = render(&p);
    save_calendar("fold-london", &ics);
    assert_hygiene(&ics);
    assert!(
        ics.contains(":20261025T010000Z"),
        "the second 01:00 is written in UTC"
    );
    for e in events(&ics) {
        let end = instant(e.get_end().unwrap());
        assert!(
            end != Utc.with_ymd_and_hms(2026, 10, 25, 0, 0, 0).unwrap(),
            "nothing lands on the first 01:00 by mistake: {:?}",
            e.get_summary()
        );
    }
}

#[test]
fn written_times_map_back_to_the_plans_instants_across_dst() {
    // Every time the calendar writes, read back by the icalendar parser and resolved with RFC
    // 5545 semantics, is one of the plan's instants. (That the generated VTIMEZONE agrees with
    // the tz database is checked by ../shared/conformance/check-ics on the saved files.)
    for (name, at) in [
        ("America/New_York", "2026-03-06 15:00"),
        ("America/New_York", "2026-10-30 15:00"),
        ("Europe/Dublin", "2026-03-27 10:00"),
        ("Australia/Lord_Howe", "2026-04-03 09:00"),
        ("Pacific/Chatham", "2026-09-25 12:00"),
        ("America/St_Johns", "2026-11-30 12:00"),
        ("Africa/Casablanca", "2026-02-12 11:00"),
    ] {
        let plan = make_plan(at, name, &["daily 07:00 45m running"], Sweat::Heavy);
        let ics = render(&plan);
        save_calendar(
            &format!("dst-{}-{}", name.replace('/', "-"), &at[..10]),
            &ics,
        );
        assert_hygiene(&ics);
        let starts: BTreeSet<_> = events(&ics)
            .iter()
            .map(|e| instant(e.get_start().unwrap()))
            .collect();
        assert!(
            starts.contains(&plan.appointment.start.with_timezone(&Utc)),
            "{name}"
        );
        for s in &plan.sessions {
            assert!(
                starts.contains(&s.start.with_timezone(&Utc)),
                "{name}: session {}",
                s.start
            );
        }
    }
}

#[test]
fn the_direct_encoder_writes_exactly_what_the_crate_writes() {
    let awkward = std::fs::read_to_string("fixtures/protocol/awkward-text.toml").unwrap();
    let awkward = Protocol::builtin()
        .with_override(&awkward, "a.toml".as_ref())
        .unwrap();
    let mut cases = Vec::new();
    for (at, tz) in [
        ("2026-12-04 15:00", "America/New_York"),
        ("2026-03-06 15:00", "America/New_York"),
        ("2026-10-24 01:00", "Europe/London"),
        ("2026-04-03 09:00", "Australia/Lord_Howe"),
        ("2026-12-04 15:00", "UTC"),
        ("2026-10-28 15:00", "America/Edmonton"),
    ] {
        let a = appointment(at, tz, 30);
        let r = routine(&[
            "mon,wed,fri 06:30 45m hiit",
            "sat 09:00 1h hot-yoga",
            "daily 20:00 20m sauna",
        ]);
        cases.push(plan::plan(&a, &r, &Protocol::builtin(), Sweat::Heavy));
        cases.push(plan::plan(&a, &r, &awkward, Sweat::Light));
    }
    for p in &cases {
        for options in [
            options(),
            IcsOptions {
                utc: true,
                ..options()
            },
            IcsOptions {
                discreet: true,
                organizer: Some("clinic@example.com".into()),
                sequence: 2,
                page: Some("https://plans.example.com/p/AAAAAAAAAAAAAAAAAAAAAA".into()),
                ..options()
            },
        ] {
            let direct = ics::render(p, &options);
            let via_crate = ics::render(
                p,
                &IcsOptions {
                    reference_encoder: true,
                    ..options.clone()
                },
            );
            assert_eq!(
                via_crate,
                direct,
                "{} {}",
                p.appointment.start,
                p.appointment.tz.name()
            );
        }
    }
}

/// The direct encoder and the icalendar crate (the oracle) write the same bytes for the other
/// two calendars too: "I exercised too soon" check-ins and suggested appointment holds, across
/// a change of the clocks and in UTC, discreet or not.
#[test]
fn oops_and_suggestion_calendars_match_the_oracle() {
    use aftercare::model::Routine;
    use aftercare::plan::{oops, suggest};
    let protocol = Protocol::builtin();
    let tz: aftercare::tz::Zone = "America/New_York".parse().unwrap();
    let same = |render: &dyn Fn(&IcsOptions) -> String, options: IcsOptions, what: &str| {
        let direct = render(&options);
        let oracle = render(&IcsOptions {
            reference_encoder: true,
            ..options
        });
        assert_eq!(oracle, direct, "{what}");
        assert_hygiene(&direct);
        direct
    };
    // Exercise on the evening the clocks go back, 2 h after a 15:00 appointment.
    let end = tz.with_ymd_and_hms(2026, 10, 31, 15, 30, 0).unwrap();
    let exercised = tz.with_ymd_and_hms(2026, 10, 31, 17, 30, 0).unwrap();
    let monitoring = oops::monitoring(exercised, Some(end), &protocol, Default::default());
    for utc in [false, true] {
        let ics = same(
            &|o| ics::render_monitoring(&monitoring, o),
            IcsOptions { utc, ..options() },
            "oops",
        );
        save_calendar(&format!("oracle-oops-utc-{utc}"), &ics);
    }

    let mut routine = Routine::default();
    routine.add_workout("mon,wed,fri 18:00 1h running").unwrap();
    routine.add_workout("sat 09:00 1h30m hiit").unwrap();
    let request = suggest::Request {
        tz,
        from: chrono::NaiveDate::from_ymd_opt(2026, 10, 26).unwrap(),
        to: chrono::NaiveDate::from_ymd_opt(2026, 11, 6).unwrap(),
        hours: suggest::ClinicHours::parse("clinic-hours", "mon-sat 09:00-17:00").unwrap(),
        minutes: 30,
        step: chrono::Duration::minutes(30),
        protect: vec![],
        top: 4,
        per_day: 1,
        sweat: Sweat::Moderate,
        now: chrono::DateTime::UNIX_EPOCH,
        style: Default::default(),
    };
    let result = suggest::suggest(&request, &routine, &protocol).unwrap();
    assert_eq!(result.suggestions.len(), 4);
    for discreet in [false, true] {
        let ics = same(
            &|o| ics::render_suggestions(&result, tz, o),
            IcsOptions {
                discreet,
                ..options()
            },
            "suggestions",
        );
        save_calendar(&format!("oracle-suggest-discreet-{discreet}"), &ics);
    }
}
