//! Plans that fit the person: treatment areas, products, setbacks, the next treatment, and the
//! "exercised too soon" flow.

mod common;

use aftercare::model::{Appointment, Outcome, Plan, Session};
use aftercare::model::{Protocol, Sweat};
use aftercare::plan::{self, Options};
use aftercare::render::ics::{self, IcsOptions};
use chrono::{Duration, TimeZone, Timelike};
use common::*;

fn treated(at: &str, tz: &str, areas: &[&str], product: Option<&str>) -> Appointment {
    let mut a = appointment(at, tz, 30);
    a.areas = areas.iter().map(|s| s.to_string()).collect();
    a.product = product.map(str::to_string);
    a
}

fn plan_of(a: &Appointment, workouts: &[&str], options: &Options) -> Plan {
    plan::plan_with(a, &routine(workouts), &Protocol::builtin(), options)
}

fn window<'a>(p: &'a Plan, rule: &str) -> Option<&'a aftercare::model::Window> {
    p.windows.iter().find(|w| w.rule == rule)
}

#[test]
fn eye_area_rules_apply_only_to_those_areas() {
    let opts = Options::default();
    let eyes = plan_of(
        &treated(
            "2026-12-04 15:00",
            "America/New_York",
            &["crows-feet"],
            None,
        ),
        &[],
        &opts,
    );
    // Hats, helmets and goggles: one elapsed window, as long as the other face pressure.
    assert_eq!(
        (window(&eyes, "headwear").unwrap().end - eyes.appointment.end).num_hours(),
        48
    );
    let jaw = plan_of(
        &treated("2026-12-04 15:00", "America/New_York", &["masseter"], None),
        &[],
        &opts,
    );
    assert!(window(&jaw, "goggles").is_none() && window(&jaw, "headwear").is_none());
}

#[test]
fn headwear_rule_replaces_an_early_swim_even_when_a_clinic_allows_face_pressure_sooner() {
    // The clinic also lets its patients do more than walk and stretch while settling.
    let clinic = "[[rule]]\nid = \"facial-pressure\"\nduration = \"2h\"\n\n\
                  [[stage]]\nid = \"settle\"\nonly = []\n";
    let protocol = Protocol::builtin()
        .with_override(clinic, "c.toml".as_ref())
        .unwrap();
    let swim = &["fri 18:30 30m easy-swim"]; // 3 h after T0 (15:30)
    let with = plan::plan(
        &treated("2026-12-04 15:00", "America/New_York", &["forehead"], None),
        &routine(swim),
        &protocol,
        Sweat::Moderate,
    );
    assert_eq!(with.sessions[0].blocked_by, ["headwear"]);
    assert_eq!(with.sessions[0].outcome, Outcome::Replace);
    let without = plan::plan(
        &treated("2026-12-04 15:00", "America/New_York", &["masseter"], None),
        &routine(swim),
        &protocol,
        Sweat::Moderate,
    );
    assert_eq!(without.sessions[0].outcome, Outcome::Keep);
}

#[test]
fn underarms_no_exercise_or_heat_today_and_no_deodorant_until_morning() {
    let p = plan_of(
        &treated("2026-12-04 10:00", "Europe/Madrid", &["underarm"], None),
        &["fri 20:00 30m sauna", "fri 21:00 30m walking"],
        &Options::default(),
    );
    // "On the day" is a whole day, elapsed.
    assert_eq!(
        window(&p, "underarm-day").unwrap().end.to_rfc3339(),
        "2026-12-05T10:30:00+01:00"
    );
    assert_eq!(
        window(&p, "deodorant").unwrap().end.to_rfc3339(),
        "2026-12-05T07:00:00+01:00"
    );
    let sauna = p.sessions.iter().find(|s| s.name == "Sauna").unwrap();
    assert!(sauna.blocked_by.contains(&"underarm-day".to_string()));
    let walk = p
        .sessions
        .iter()
        .find(|s| s.name == "Leisurely walk")
        .unwrap();
    assert_eq!(walk.outcome, Outcome::Keep);
}

#[test]
fn next_morning_across_a_dst_change_is_the_local_morning() {
    // London falls back on Sun 25 Oct 2026: "07:00 the next day" is local 07:00 GMT.
    let p = plan_of(
        &treated("2026-10-24 22:00", "Europe/London", &["underarm"], None),
        &[],
        &Options::default(),
    );
    assert_eq!(
        window(&p, "deodorant").unwrap().end.to_rfc3339(),
        "2026-10-25T07:00:00+00:00"
    );
}

#[test]
fn masseter_review_moves_to_six_weeks_unless_other_areas_need_day_14() {
    let opts = Options::default();
    let jaw = plan_of(
        &treated("2026-12-04 15:00", "America/New_York", &["masseter"], None),
        &[],
        &opts,
    );
    let follow = jaw
        .reminders
        .iter()
        .find(|r| r.id == "results-day-14")
        .unwrap();
    assert_eq!((follow.at - jaw.appointment.end).num_days(), 42);
    assert_eq!(follow.title, "Results and follow-up (week 6)");
    let both = plan_of(
        &treated(
            "2026-12-04 15:00",
            "America/New_York",
            &["masseter", "forehead"],
            None,
        ),
        &[],
        &opts,
    );
    let day14 = both
        .reminders
        .iter()
        .find(|r| r.id == "results-day-14")
        .unwrap();
    assert_eq!((day14.at - both.appointment.end).num_days(), 14);
    let review = both
        .reminders
        .iter()
        .find(|r| r.id == "results-day-14-masseter")
        .unwrap();
    assert_eq!((review.at - both.appointment.end).num_days(), 42);
}

#[test]
fn neck_puts_swallowing_voice_and_breathing_first() {
    let p = plan_of(
        &treated("2026-12-04 15:00", "America/New_York", &["neck"], None),
        &[],
        &Options::default(),
    );
    assert!(p.warnings.first[0].contains("swallowing"));
    assert!(p.warnings.first[1].contains("voice"));
    let text = aftercare::render::warning_signs(&p.warnings, None, aftercare::i18n::Lang::En);
    assert!(
        text.find("First, for your treated area").unwrap() < text.find("Call 911 now").unwrap()
    );
    let plain = plan_of(
        &appointment("2026-12-04 15:00", "America/New_York", 30),
        &[],
        &Options::default(),
    );
    assert!(plain.warnings.first.is_empty());
}

#[test]
fn products_set_results_and_the_next_treatment_on_a_rest_day() {
    let opts = Options {
        next_treatment: true,
        ..Options::default()
    };
    let workouts = &["mon,tue,wed,thu,fri 07:00 45m running"];
    for (product, areas, days) in [
        (Some("botox"), vec![], 90),
        (Some("daxxify"), vec![], 180),
        (None, vec![], 90),
        (Some("botox"), vec!["underarm"], 180),
    ] {
        let p = plan_of(
            &treated("2026-12-04 15:00", "America/New_York", &areas, product),
            workouts,
            &opts,
        );
        let next = p
            .reminders
            .iter()
            .find(|r| r.id == "next-treatment")
            .unwrap();
        let waited = (next.at - p.appointment.end).num_days();
        assert!(
            waited >= days - 1 && waited < days + 3,
            "{product:?} {areas:?}: {waited}"
        );
        assert!(next.at.date_naive() >= (p.appointment.end + Duration::days(days)).date_naive());
        let weekday = chrono::Datelike::weekday(&next.at);
        assert!(
            matches!(weekday, chrono::Weekday::Sat | chrono::Weekday::Sun),
            "a rest day: {weekday}"
        );
        assert_eq!(
            (next.at.hour(), next.at.minute()),
            (15, 0),
            "at the appointment's time of day"
        );
        assert_eq!(
            p.reminders.iter().any(|r| r.id == "results-start"),
            product.is_some()
        );
    }
    // Titles name the product, except in discreet mode.
    let p = plan_of(
        &treated("2026-12-04 15:00", "America/New_York", &[], Some("xeomin")),
        &[],
        &opts,
    );
    let options = IcsOptions {
        procedure: "Xeomin".into(),
        ..options()
    };
    let ics = ics::render(&p, &options);
    save_calendar("product-xeomin", &ics);
    assert!(ics.contains("SUMMARY:Xeomin appointment"));
    let discreet = ics::render(
        &p,
        &IcsOptions {
            discreet: true,
            ..options
        },
    );
    assert!(!discreet.contains("Xeomin appointment"));
}

#[test]
fn a_setback_steps_back_one_stage_for_24_hours() {
    let a = appointment("2026-12-04 15:00", "America/New_York", 30);
    let t0 = a.end();
    let setback = t0 + Duration::hours(60); // in "ease", which ends at 72 h
    let before = plan_of(&a, &["daily 18:00 45m hiit"], &Options::default());
    let after = plan_of(
        &a,
        &["daily 18:00 45m hiit"],
        &Options {
            setbacks: vec![setback],
            ..Options::default()
        },
    );
    let spans = |p: &Plan| -> Vec<(String, i64)> {
        p.stages
            .iter()
            .map(|s| (s.id.clone(), (s.start - t0).num_hours()))
            .collect()
    };
    assert_eq!(
        spans(&before),
        [
            ("settle".into(), 0),
            ("ease".into(), 24),
            ("build".into(), 72),
            ("full".into(), 120)
        ]
    );
    // One stage back (to "Settle") for 24 h from the setback, then "Ease back" resumes for
    // what was left of it (12 h), and everything after moves 24 h later.
    assert_eq!(
        spans(&after),
        [
            ("settle".into(), 0),
            ("ease".into(), 24),
            ("settle".into(), 60),
            ("ease".into(), 84),
            ("build".into(), 96),
            ("full".into(), 144)
        ]
    );
    let back = &after.stages[2];
    assert!(back.setback && !after.stages[1].setback);
    assert_eq!(back.title, "Setback: Settle until Tue 8 Dec 03:30");
    assert!(
        back.advice.ends_with(
            "No heat (sauna, steam, hot tub, hot yoga, hot showers) until Tue 8 Dec 03:30."
        ),
        "{}",
        back.advice
    );
    // Monday 18:00 (74.5 h) was "build"; 14.5 h after the setback it is back to "Settle": a
    // walk, not 45 minutes of cardio.
    let monday = |p: &Plan| {
        p.sessions
            .iter()
            .find(|s| chrono::Datelike::day(&s.start) == 7)
            .unwrap()
            .clone()
    };
    assert_eq!(
        (
            monday(&before).stage.as_str(),
            monday(&after).stage.as_str()
        ),
        ("build", "settle")
    );
    assert_eq!(
        monday(&after).substitute,
        "20 min leisurely walk; stay upright and keep it easy"
    );
    // Its check-in comes when the step back ends, with its own words; that is 03:30 at
    // night, so the quiet hours move it to 08:00.
    let check = after
        .reminders
        .iter()
        .find(|r| r.id == "setback-check-1")
        .unwrap();
    assert_eq!(
        check.at,
        setback + Duration::hours(24) + Duration::minutes(270)
    );
    assert!(
        check
            .text
            .contains("carry on as your plan shows from now (\"Ease back\")")
            && check.text.contains("keep to \"Settle\" for another day"),
        "{}",
        check.text
    );
    // Sessions before the setback are as they were.
    let until = |p: &Plan| -> Vec<Session> {
        p.sessions
            .iter()
            .filter(|s| s.start < setback)
            .cloned()
            .collect()
    };
    assert_eq!(until(&before), until(&after));
    // In the last stage, it steps back to the stage before it.
    let late = plan_of(
        &a,
        &[],
        &Options {
            setbacks: vec![t0 + Duration::hours(130)],
            ..Options::default()
        },
    );
    let ids: Vec<_> = late.stages.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["settle", "ease", "build", "full", "build", "full"]);
}

#[test]
fn a_setback_reimport_updates_events_instead_of_duplicating_them() {
    let a = appointment("2026-12-04 15:00", "America/New_York", 30);
    let setback = a.end() + Duration::hours(60);
    let first = ics::render(
        &plan_of(&a, &["daily 18:00 45m hiit"], &Options::default()),
        &options(),
    );
    let revised_plan = plan_of(
        &a,
        &["daily 18:00 45m hiit"],
        &Options {
            setbacks: vec![setback],
            ..Options::default()
        },
    );
    let revised = ics::render(
        &revised_plan,
        &IcsOptions {
            sequence: 1,
            ..options()
        },
    );
    save_calendar("setback-revised", &revised);
    let events = |ics: &str| -> Vec<(String, String, Option<String>)> {
        use icalendar::{Calendar, CalendarComponent, Component};
        use std::str::FromStr;
        Calendar::from_str(ics)
            .unwrap()
            .components
            .into_iter()
            .filter_map(|c| match c {
                CalendarComponent::Event(e) => Some((
                    e.get_uid().unwrap().to_string(),
                    format!("{:?}", e.get_start().unwrap()),
                    e.property_value("SEQUENCE").map(str::to_string),
                )),
                _ => None,
            })
            .collect()
    };
    let (old, new) = (events(&first), events(&revised));
    // Every event of the first import is in the revision, under the same UID, with a higher
    // SEQUENCE; the build and full milestones moved.
    for (uid, _, seq) in &old {
        assert_eq!(seq, &None);
        assert!(
            new.iter()
                .any(|(u, _, s)| u == uid && s.as_deref() == Some("1")),
            "{uid} missing from the revision"
        );
    }
    let moved = old
        .iter()
        .filter(|(uid, start, _)| new.iter().any(|(u, s, _)| u == uid && s != start))
        .count();
    assert!(moved >= 2, "stage milestones moved ({moved})");
    // New events: the step back's milestone and the milestone of the stage it resumes, the
    // setback's check-in, and Wednesday's session, now inside the recovery (the full routine
    // comes back 24 h later). Each event says one thing: none is merged with another that
    // shares its instant.
    assert_eq!(new.len(), old.len() + 4);
}

#[test]
fn oops_checks_follow_the_exercise_and_pass_hygiene() {
    let tz = zone("Australia/Lord_Howe");
    let exercised = tz.with_ymd_and_hms(2026, 10, 3, 20, 0, 0).unwrap(); // DST starts 4 Oct 02:00
    let m = aftercare::plan::oops::monitoring(
        exercised,
        None,
        &Protocol::builtin(),
        Default::default(),
    );
    let hours: Vec<i64> = m
        .checks
        .iter()
        .map(|c| (c.at - exercised).num_hours())
        .collect();
    // The 2 h check-in would come at 22:00, in the quiet hours: it comes at 08:00, 11.5 h later
    // with the clocks gone forward half an hour.
    assert_eq!(hours, [0, 11, 12, 48, 120]);
    assert!(m.note.is_none());
    let ics = ics::render_monitoring(&m, &options());
    save_calendar("oops-lord-howe", &ics);
    assert!(ics.contains("BEGIN:VTIMEZONE\r\nTZID:Australia/Lord_Howe"));
    assert!(ics.split("\r\n").all(|l| l.len() <= 75));
}

#[test]
fn the_setback_hold_and_texts_are_protocol_data() {
    let clinic = "[setback]\nhold = \"48h\"\n\n[[reminder]]\nid = \"next-treatment\"\nat = \"120d\"\ntext = \"Book again after {days} days.\"\n";
    let protocol = Protocol::builtin()
        .with_override(clinic, "c.toml".as_ref())
        .unwrap();
    let a = appointment("2026-12-04 15:00", "America/New_York", 30);
    let t0 = a.end();
    let options = Options {
        setbacks: vec![t0 + Duration::hours(60)],
        next_treatment: true,
        ..Options::default()
    };
    let p = plan::plan_with(&a, &routine(&[]), &protocol, &options);
    let build = p.stages.iter().find(|s| s.id == "build").unwrap();
    assert_eq!(
        (build.start - t0).num_hours(),
        120,
        "a step back of 48 h at 60 h moves the build-up from 72 h to 120 h"
    );
    let check = p
        .reminders
        .iter()
        .find(|r| r.id == "setback-check-1")
        .unwrap();
    // When the step back ends (Wed 03:30), after the quiet hours: 08:00.
    assert_eq!((check.at - t0).num_hours(), 112, "when the step back ends");
    let next = p
        .reminders
        .iter()
        .find(|r| r.id == "next-treatment")
        .unwrap();
    assert_eq!(next.text, "Book again after 120 days.");
}

#[test]
fn a_discreet_calendar_never_names_the_procedure() {
    let all_areas = [
        "forehead",
        "glabella",
        "crows-feet",
        "masseter",
        "neck",
        "underarm",
    ];
    let a = treated(
        "2026-12-04 15:00",
        "America/New_York",
        &all_areas,
        Some("dysport"),
    );
    let options = Options {
        next_treatment: true,
        setbacks: vec![a.end() + Duration::hours(30)],
        ..Options::default()
    };
    let p = plan_of(
        &a,
        &["daily 07:00 45m hiit", "sat 10:00 20m sauna"],
        &options,
    );
    let ics = ics::render(
        &p,
        &IcsOptions {
            discreet: true,
            procedure: "Dysport".into(),
            ..common::options()
        },
    );
    save_calendar("discreet-everything", &ics);
    let unfolded = ics.replace("\r\n ", "").to_lowercase();
    for word in ["dysport", "botox", "botulinum", "injection", "toxin"] {
        assert!(!unfolded.contains(word), "{word} in a discreet calendar");
    }
}
