//! Property: windows are elapsed time, whatever the zone and the instant. For random zones of
//! the tz database and random appointments (biased towards DST changes), every window lasts
//! exactly its rule's duration, and the calendar writes times that read back as the same
//! instants.

mod common;

use std::collections::BTreeSet;
use std::str::FromStr;

use aftercare::model::Appointment;
use aftercare::model::Routine;
use aftercare::model::{Protocol, Sweat};
use aftercare::plan;
use aftercare::tz::{Zone, transitions, zone_names};
use chrono::{DateTime, Duration, TimeZone, Utc};
use common::*;
use icalendar::{Calendar, CalendarComponent, Component};
use proptest::prelude::*;

fn check(tz: Zone, start_utc: DateTime<Utc>, minutes: u32, heavy: bool, case: u64) {
    let sweat = if heavy { Sweat::Heavy } else { Sweat::Moderate };
    let protocol = Protocol::builtin();
    let mut routine = Routine::default();
    routine.add_workout("daily 06:30 45m hiit").unwrap();
    let appointment = Appointment::new(start_utc.with_timezone(&tz), minutes).unwrap();
    let p = plan::plan(&appointment, &routine, &protocol, sweat);
    let t0 = p.appointment.end;
    assert_eq!(t0 - p.appointment.start, Duration::minutes(minutes as i64));
    for w in &p.windows {
        let rule = protocol.rule(&w.rule).unwrap();
        assert_eq!(w.start, t0);
        assert_eq!(
            w.end - w.start,
            rule.duration_for(sweat),
            "{} in {}",
            w.rule,
            tz.name()
        );
        assert_eq!(
            w.end.timestamp() - t0.timestamp(),
            rule.duration_for(sweat).num_seconds()
        );
    }
    let ics = render(&p);
    let via_crate = aftercare::render::ics::render(
        &p,
        &aftercare::render::ics::IcsOptions {
            reference_encoder: true,
            ..options()
        },
    );
    assert_eq!(
        via_crate,
        ics,
        "the direct encoder agrees with the crate in {}",
        tz.name()
    );
    if case.is_multiple_of(16) {
        save_calendar(
            &format!("property-{case}-{}", tz.name().replace('/', "-")),
            &ics,
        );
    }
    let calendar = Calendar::from_str(&ics).unwrap();
    let mut ends = BTreeSet::new();
    for c in calendar.components {
        if let CalendarComponent::Event(e) = c {
            let end = instant(e.get_end().unwrap());
            assert!(instant(e.get_start().unwrap()) < end);
            if has_category(&e, "Restrictions") {
                ends.insert(end);
            }
        }
    }
    let expected: BTreeSet<_> = p
        .windows
        .iter()
        .map(|w| w.end.with_timezone(&Utc))
        .collect();
    assert_eq!(
        ends,
        expected,
        "restriction segments end where the windows end, in {}",
        tz.name()
    );
}

/// An instant within four days of one of the zone's offset changes in 2026-2027, or any
/// instant of those years when the zone has none.
fn near_a_transition(tz: Zone, pick: usize, shift_minutes: i64) -> DateTime<Utc> {
    let from = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let to = Utc.with_ymd_and_hms(2028, 1, 1, 0, 0, 0).unwrap();
    let found = transitions(tz, from, to);
    let anchor = if found.is_empty() {
        from + Duration::days((pick % 700) as i64)
    } else {
        found[pick % found.len()].at
    };
    // Whole minutes, as people book.
    let t = anchor + Duration::minutes(shift_minutes);
    Utc.timestamp_opt(t.timestamp() / 60 * 60, 0).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn windows_are_elapsed_durations(
        zone in 0..zone_names().count(),
        pick in 0usize..1000,
        shift in -(5 * 24 * 60i64)..(24 * 60i64),
        minutes in 1u32..=720,
        heavy in any::<bool>(),
    ) {
        let tz: Zone = zone_names().nth(zone).unwrap().parse().unwrap();
        let start = near_a_transition(tz, pick, shift);
        check(tz, start, minutes, heavy, (zone as u64) * 7 + pick as u64);
    }
}

#[test]
fn forty_eight_hours_across_spring_forward_is_forty_eight_real_hours() {
    // New York springs forward on Sun 8 Mar 2026: Fri 15:30 EST + 48 h = Sun 16:30 EDT.
    let p = make_plan("2026-03-06 15:00", "America/New_York", &[], Sweat::Moderate);
    let heat = p.windows.iter().find(|w| w.rule == "heat").unwrap();
    assert_eq!(heat.end.to_rfc3339(), "2026-03-08T16:30:00-04:00");
    // ... and across fall-back: Fri 15:30 EDT + 48 h = Sun 14:30 EST.
    let p = make_plan("2026-10-30 15:00", "America/New_York", &[], Sweat::Moderate);
    let heat = p.windows.iter().find(|w| w.rule == "heat").unwrap();
    assert_eq!(heat.end.to_rfc3339(), "2026-11-01T14:30:00-05:00");
    save_calendar("new-york-fall-back", &render(&p));
}
