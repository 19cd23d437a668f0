//! `suggest`: routines whose best slot is known by hand, protected events, and bad requests.

mod common;

use aftercare::model::Routine;
use aftercare::model::{Protocol, Sweat};
use aftercare::plan::suggest::{ClinicHours, Needs, Protect, Request, Suggestions, suggest};
use aftercare::render::ics::{self, IcsOptions};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use common::*;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn request(from: &str, to: &str, hours: &str) -> Request {
    Request {
        tz: zone("Europe/Madrid"),
        from: date(from),
        to: date(to),
        hours: ClinicHours::parse("--clinic-hours", hours).unwrap(),
        minutes: 30,
        step: Duration::minutes(30),
        protect: vec![],
        top: 7,
        per_day: 1,
        sweat: Sweat::Moderate,
        now: chrono::DateTime::UNIX_EPOCH,
        style: Default::default(),
    }
}

fn run(req: &Request, routine: &Routine) -> Suggestions {
    suggest(req, routine, &Protocol::builtin()).unwrap()
}

fn days(result: &Suggestions) -> Vec<Weekday> {
    result
        .suggestions
        .iter()
        .map(|s| s.start.weekday())
        .collect()
}

#[test]
fn the_rest_day_costs_least() {
    // Runs at 18:00 every day but Thursday: a Thursday slot loses the fewest runs to the
    // recovery (the rest day falls inside it), and says it is a rest day.
    let routine = routine(&["mon,tue,wed,fri,sat,sun 18:00 1h running"]);
    // Mon 7 Dec 2026 to Sun 13 Dec.
    let result = run(
        &request("2026-12-07", "2026-12-13", "daily 10:00-10:30"),
        &routine,
    );
    let scores: Vec<_> = result
        .suggestions
        .iter()
        .map(|s| (s.start.weekday(), s.score))
        .collect();
    assert_eq!(scores[0].0, Weekday::Thu, "{scores:?}");
    assert!(
        scores.windows(2).all(|p| p[0].1 <= p[1].1),
        "best first: {scores:?}"
    );
    assert!(result.suggestions[0].rest_day);
    assert!(
        result.suggestions[0].reason.contains("a rest day"),
        "{}",
        result.suggestions[0].reason
    );
}

#[test]
fn the_day_after_the_big_workout_wins_among_rest_days() {
    // One big run on Saturday 12:00, nothing else. Whatever the slot, the first Saturday run
    // after it eases in (fact A10: the first sessions back are low-impact), so every slot but
    // Saturday's costs the same; the tie goes to Sunday, the day after the big run, although
    // Monday 7 is six days earlier, then to the other rest days by time. A Saturday slot puts
    // that same day's run inside the first hours: the costliest.
    let routine = routine(&["sat 12:00 2h running"]);
    let result = run(
        &request("2026-12-07", "2026-12-13", "daily 10:00-10:30"),
        &routine,
    );
    assert_eq!(
        days(&result),
        [
            Weekday::Sun,
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat
        ]
    );
    let scores: Vec<u32> = result.suggestions.iter().map(|s| s.score).collect();
    assert!(scores[..6].iter().all(|s| *s == scores[0]), "{scores:?}");
    assert!(scores[6] > scores[0], "{scores:?}");
    assert!(result.suggestions[0].day_after_big && result.suggestions[0].rest_day);
    assert!(!result.suggestions[1].day_after_big && result.suggestions[1].rest_day);
    let reason = &result.suggestions[0].reason;
    assert!(
        reason.starts_with("Sun 13 Dec 10:00 — a rest day; costs about")
            && reason.contains("Saturday's Run (your big workout) becomes 30 min walk"),
        "{reason}"
    );
}

#[test]
fn marked_big_workouts_weigh_double() {
    let week = |big: bool| {
        format!(
            "[[workout]]\nname = \"Long swim\"\nactivity = \"swimming\"\ndays = \"wed\"\nat = \"07:00\"\nminutes = 60\nbig = {big}\n\n[[workout]]\nname = \"HIIT\"\nactivity = \"hiit\"\ndays = \"sat\"\nat = \"07:00\"\nminutes = 45\n"
        )
    };
    let marked = Routine::parse(&week(true), "h.toml".as_ref()).unwrap();
    let big = aftercare::plan::suggest::big_workouts(&marked);
    assert_eq!(big.len(), 1);
    assert_eq!(big[0].name, "Long swim", "marked, although HIIT is harder");
    let plain = Routine::parse(&week(false), "h.toml".as_ref()).unwrap();
    let mut req = request("2026-12-07", "2026-12-13", "daily 10:00-10:30");
    req.top = 100;
    req.per_day = 0;
    let (marked, plain) = (run(&req, &marked), run(&req, &plain));
    let swim = |r: &Suggestions, start| {
        r.suggestions
            .iter()
            .find(|s| s.start == start)
            .and_then(|s| s.costs.iter().find(|c| c.name == "Long swim"))
            .map(|c| c.points)
    };
    let mut compared = 0;
    for s in &marked.suggestions {
        assert_eq!(s.score, s.costs.iter().map(|c| c.points).sum::<u32>());
        if let (Some(big), Some(usual)) = (swim(&marked, s.start), swim(&plain, s.start)) {
            assert!(big.abs_diff(2 * usual) <= 1, "{big} vs {usual}");
            compared += 1;
        }
    }
    assert!(compared > 0);
}

#[test]
fn a_wednesday_beats_a_tuesday_when_tuesday_s_recovery_takes_more_training() {
    // HIIT Mon, Tue and Wed at 07:00 and nothing else. A Tuesday appointment puts Wednesday's
    // HIIT inside the first day (a walk instead); a Wednesday one is followed by four rest
    // days, and only next Monday's HIIT lands in the build stage (cardio instead). Counting
    // sessions makes them equal; the training they take away does not.
    let routine = routine(&["mon,tue,wed 07:00 45m hiit"]);
    let mut req = request("2026-12-07", "2026-12-13", "daily 10:00-10:30");
    req.top = 7;
    let result = run(&req, &routine);
    let position = |day| days(&result).iter().position(|d| *d == day).unwrap();
    assert!(
        position(Weekday::Wed) < position(Weekday::Tue),
        "{:?}",
        days(&result)
    );
    let tuesday = &result.suggestions[position(Weekday::Tue)];
    assert!(
        tuesday.reason.contains(
            "this week's training: Wednesday's HIIT (your big workout) becomes 20 min walk"
        ),
        "{}",
        tuesday.reason
    );
    assert!(tuesday.week_share > 0 && tuesday.week_share <= 100);
}

#[test]
fn no_slot_clashes_with_a_usual_workout_or_lies_in_the_past() {
    // The week: weights Mon/Wed/Fri 18:00, hot yoga Tue 19:00, a big Saturday 09:00
    // run. Sat 5 Dec 09:00 used to rank first, on top of the run.
    let routine = routine(&[
        "mon,wed,fri 18:00 1h weights",
        "tue 19:00 1h hot-yoga",
        "sat 09:00 1h running",
    ]);
    let mut req = request("2026-12-01", "2026-12-14", "daily 08:00-20:00");
    req.tz = zone("Europe/London");
    req.top = 50;
    req.per_day = 0;
    req.now = local_in("2026-12-03 12:00", "Europe/London").to_utc();
    let result = run(&req, &routine);
    assert!(!result.suggestions.is_empty());
    for s in &result.suggestions {
        assert!(s.start.to_utc() >= req.now, "{} is in the past", s.start);
        let clash = routine.workouts.iter().any(|w| {
            w.days.contains(&s.start.weekday()) && {
                let from = s.start.date_naive().and_time(w.at);
                let to = from + Duration::minutes(w.minutes.into());
                from < s.end.naive_local() && s.start.naive_local() < to
            }
        });
        assert!(!clash, "{} clashes with a workout", s.start);
    }
    assert!(
        result.notes.iter().any(|n| n.contains("before now")),
        "{:?}",
        result.notes
    );
    assert!(
        result
            .notes
            .iter()
            .any(|n| n.contains("overlap one of your usual workouts"))
    );
}

#[test]
fn a_race_rules_out_the_five_days_before_it_as_one_range() {
    let routine = routine(&["tue,thu 18:00 45m hiit"]);
    let mut req = request("2026-12-01", "2026-12-21", "daily 09:00-18:00");
    req.protect = vec![protect("2026-12-20 08:00 half marathon", req.tz).unwrap()];
    assert_eq!(req.protect[0].needs, Needs::FullStage);
    let result = run(&req, &routine);
    // The full stage starts 120 h after T0 (start + 30 min): a slot is excluded when it starts
    // after Tue 15 Dec 07:30 and before the race.
    assert_eq!(result.excluded.len(), 1, "{:#?}", result.excluded);
    let e = &result.excluded[0];
    assert_eq!(e.from.to_rfc3339(), "2026-12-15T09:00:00+01:00");
    assert_eq!(e.to.to_rfc3339(), "2026-12-19T17:30:00+01:00");
    assert!(e.reason.contains("half marathon") && e.reason.contains("full routine"));
    for s in &result.suggestions {
        assert!(s.start < e.from || s.start > e.to);
    }
    let json = serde_json::to_value(&result).unwrap();
    assert_eq!(json["excluded"][0]["from"], "2026-12-15T09:00:00+01:00");
    assert!(json["suggestions"][0]["score"].is_number());
    assert!(json["suggestions"][0]["reason"].is_string());
}

/// A `--protect` event read with the built-in protocol.
fn protect(text: &str, tz: aftercare::tz::Zone) -> aftercare::Result<Protect> {
    Protect::parse("--protect", text, tz, &Protocol::builtin())
}

#[test]
fn which_events_need_the_results_is_protocol_data() {
    let tz = zone("Europe/London");
    let builtin = Protocol::builtin();
    let needs = |label: &str, protocol: &Protocol| {
        Protect::parse(
            "--protect",
            &format!("2026-12-19 15:00 {label}"),
            tz,
            protocol,
        )
        .unwrap()
        .needs
    };
    assert_eq!(needs("Wedding photos", &builtin), Needs::Results);
    assert_eq!(needs("half marathon", &builtin), Needs::FullStage);
    let path = std::path::Path::new("clinic.toml");
    let clinic = builtin
        .with_override("[protect]\nresults = [\"Gala\"]\nsource = [\"B2\"]\n", path)
        .unwrap();
    assert_eq!(needs("charity gala", &clinic), Needs::Results);
    assert_eq!(needs("wedding photos", &clinic), Needs::FullStage);
    let error = builtin
        .with_override("[protect]\nresults = [\"photo\", \" \"]\n", path)
        .unwrap_err()
        .to_string();
    assert!(error.contains("protect.results"), "{error}");
}

#[test]
fn a_photo_shoot_needs_the_results_day() {
    let mut req = request("2026-12-01", "2026-12-21", "daily 10:00-10:30");
    req.protect = vec![protect("2026-12-19 15:00 wedding photos", req.tz).unwrap()];
    assert_eq!(req.protect[0].needs, Needs::Results);
    let result = run(&req, &Routine::default());
    // Results show at day 14, 336 h after T0 (start + 30 min): a slot spoils the shoot when it
    // starts after Sat 5 Dec 14:30, so the 10:00 slots from Sun 6 Dec on.
    let e = &result.excluded[0];
    assert_eq!(e.from.to_rfc3339(), "2026-12-06T10:00:00+01:00");
    assert_eq!(e.to.to_rfc3339(), "2026-12-19T10:00:00+01:00");
    assert!(e.reason.contains("photos"));
    assert_eq!(
        result.suggestions[0].start.to_rfc3339(),
        "2026-12-01T10:00:00+01:00"
    );
}

#[test]
fn no_habits_means_every_day_is_a_rest_day() {
    let result = run(
        &request("2026-12-01", "2026-12-03", "daily 10:00-11:00"),
        &Routine::default(),
    );
    assert!(
        result
            .notes
            .iter()
            .any(|n| n.contains("every day counts as a rest day"))
    );
    assert!(
        result
            .suggestions
            .iter()
            .all(|s| s.score == 0 && s.rest_day)
    );
    assert_eq!(
        result.suggestions[0].start.to_rfc3339(),
        "2026-12-01T10:00:00+01:00"
    );
}

#[test]
fn per_day_spreads_the_options() {
    let routine = routine(&["sat 12:00 2h running"]);
    let mut req = request("2026-12-07", "2026-12-13", "daily 09:00-18:00");
    let result = run(&req, &routine);
    let mut dates: Vec<_> = result
        .suggestions
        .iter()
        .map(|s| s.start.date_naive())
        .collect();
    dates.dedup();
    assert_eq!(dates.len(), result.suggestions.len(), "one per day");
    req.per_day = 0;
    let result = run(&req, &routine);
    assert!(
        result
            .suggestions
            .windows(2)
            .any(|w| w[0].start.date_naive() == w[1].start.date_naive())
    );
}

#[test]
fn clinic_hours_are_honoured_and_gap_times_skipped() {
    // Madrid springs forward on Sun 29 Mar 2026 at 02:00: 02:00-02:59 does not exist.
    let mut req = request(
        "2026-03-28",
        "2026-03-30",
        "tue-fri 09:00-18:00, sat 09:00-13:00, sun 01:00-04:00",
    );
    req.step = Duration::minutes(60);
    req.top = 100;
    req.per_day = 0;
    let result = run(&req, &Routine::default());
    let starts: Vec<String> = result
        .suggestions
        .iter()
        .map(|s| s.start.format("%a %H:%M").to_string())
        .collect();
    assert!(starts.contains(&"Sat 12:00".to_string()), "{starts:?}");
    assert!(
        !starts.contains(&"Sat 13:00".to_string()),
        "must end by closing time"
    );
    assert!(
        !starts.iter().any(|s| s.starts_with("Mon")),
        "closed on Mondays"
    );
    assert!(!starts.contains(&"Sun 02:00".to_string()), "does not exist");
    assert!(starts.contains(&"Sun 01:00".to_string()) && starts.contains(&"Sun 03:00".to_string()));
    // Sat 09, 10, 11, 12; Sun 01 and 03 (02:00 does not exist); Monday closed.
    assert_eq!(result.candidates, 6);
}

#[test]
fn bad_requests_are_refused() {
    let r = Routine::default();
    let p = Protocol::builtin();
    let err = |req: &Request| suggest(req, &r, &p).unwrap_err().to_string();
    assert!(
        err(&request("2026-12-10", "2026-12-01", "daily 09:00-18:00")).starts_with(
            "to: invalid value \"2026-12-01\"; expected a date on or after the first day"
        )
    );
    assert!(
        err(&request("2026-01-01", "2027-06-01", "daily 09:00-18:00")).contains("at most 366 days")
    );
    assert!(
        err(&request("2999-12-30", "3000-01-02", "daily 09:00-18:00"))
            .starts_with("to: invalid value \"3000-01-02\"; expected a date between the years")
    );
    // Open only on Sundays, in a range with no Sunday.
    assert!(
        err(&request("2026-12-01", "2026-12-04", "sun 09:00-18:00")).starts_with("clinic-hours")
    );
    // Open 15 minutes, for a 30-minute appointment.
    assert!(
        err(&request("2026-12-01", "2026-12-04", "daily 09:00-09:15")).starts_with("clinic-hours")
    );
    let mut req = request("2026-12-01", "2026-12-04", "daily 09:00-18:00");
    req.protect = vec![protect("2026-11-20 08:00 10k", req.tz).unwrap()];
    assert!(
        err(&req).starts_with("protect: invalid value \"2026-11-20 08:00 10k\""),
        "{}",
        err(&req)
    );
    req.protect = vec![protect("2027-03-20 08:00 marathon", req.tz).unwrap()];
    assert!(err(&req).starts_with("protect"));
    for bad in [
        "tue-fri",
        "tue-fri 18:00-09:00",
        "funday 09:00-18:00",
        "daily 9-18",
    ] {
        assert!(ClinicHours::parse("--clinic-hours", bad).is_err(), "{bad}");
    }
    assert!(protect("next sunday", zone("UTC")).is_err());
}

#[test]
fn suggestions_as_tentative_holds() {
    let routine = routine(&["mon,wed,fri 18:00 1h running"]);
    let result = run(
        &request(
            "2026-12-01",
            "2026-12-14",
            "tue-fri 09:00-18:00, sat 09:00-13:00",
        ),
        &routine,
    );
    let ics = ics::render_suggestions(&result, zone("Europe/Madrid"), &options());
    save_calendar("suggestions-madrid", &ics);
    assert_eq!(
        ics.matches("BEGIN:VEVENT").count(),
        result.suggestions.len()
    );
    assert_eq!(
        ics.matches("STATUS:TENTATIVE").count(),
        result.suggestions.len()
    );
    assert!(ics.contains("SUMMARY:Hold: Botox appointment (option 1)"));
    assert!(ics.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Madrid"));
    let discreet = ics::render_suggestions(
        &result,
        zone("Europe/Madrid"),
        &IcsOptions {
            discreet: true,
            ..options()
        },
    );
    assert!(!discreet.contains("Botox"));
    save_calendar("suggestions-madrid-discreet", &discreet);
}
