//! Issue 19, read as an injector would: a setback steps back, the return to exercise is a
//! ladder that ends, and every substitute keeps to its stage's own words. Written from the
//! patient's side: the plan's words, the calendar, the JSON.

mod common;

use aftercare::model::{Outcome, Plan, Protocol, Session, Sweat};
use aftercare::plan::{self, Options};
use chrono::Duration;
use common::*;

/// The issue's patient: hot yoga on Tuesdays, HIIT on Mondays and Wednesdays, treated on
/// Friday 4 Dec at 15:00 in London.
const ISSUE: [&str; 8] = [
    "plan",
    "--at",
    "2026-12-04 15:00",
    "--tz",
    "Europe/London",
    "--workout",
    "tue 18:00 60m hot-yoga",
    "--workout",
];

fn run(dir: &Dir, extra: &[&str]) -> String {
    let mut args: Vec<&str> = ISSUE.to_vec();
    args.push("mon,wed 07:00 45m hiit");
    args.extend(extra);
    dir.ok(&args)
}

fn line_with<'a>(text: &'a str, needle: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in\n{text}"))
}

#[test]
fn a_setback_steps_back_a_stage_and_bars_heat_for_a_day() {
    let dir = Dir::new();
    let plain = run(&dir, &["--format", "text", "-o", "-"]);
    let text = run(
        &dir,
        &[
            "--setback",
            "2026-12-08 10:00",
            "--format",
            "text",
            "-o",
            "-",
        ],
    );
    // Without the setback, Tuesday's hot yoga (day 4, heat allowed again from 48 h) is a yoga
    // class at room temperature (the build-up stage); 8 h after "swelling increased" it is
    // gentle yoga.
    assert!(line_with(&plain, "Tue 8 Dec 18:00").contains("→ 45 min yoga;"));
    let yoga = line_with(&text, "Tue 8 Dec 18:00");
    assert!(
        yoga.contains("→ 30 min gentle yoga at room temperature")
            && yoga.ends_with("(Setback: Ease back until Wed 9 Dec 10:00)"),
        "{yoga}"
    );
    // The stage list says the setback was reported, what it means and until when.
    let back = line_with(&text, "from Tue 8 Dec 10:00");
    assert!(
        back.contains("Setback: Ease back until Wed 9 Dec 10:00"),
        "{back}"
    );
    assert!(
        back.ends_with(
            "No heat (sauna, steam, hot tub, hot yoga, hot showers) until Wed 9 Dec 10:00."
        ),
        "{back}"
    );
    assert!(line_with(&text, "from Wed 9 Dec 10:00").contains("Build up"));
    // Everything after moves a day: the full routine and its check-in come on day 6.
    assert!(line_with(&plain, "Full routine").contains("from Wed 9 Dec 15:30"));
    assert!(line_with(&text, "Full routine").contains("from Thu 10 Dec 15:30"));
    assert!(line_with(&text, "Thu 10 Dec 15:30  Check-in").contains("Check-in: day 6"));
    // Wednesday's HIIT, inside the step back, is a walk again.
    assert!(line_with(&text, "Wed 9 Dec 07:00").contains("→ 30 min leisurely walk"));
    // The setback's check-in comes when the step back ends, in its own words.
    let check = line_with(&text, "Wed 9 Dec 10:00  Check-in");
    assert!(check.contains("a day after the setback"), "{check}");
}

#[test]
fn the_setback_is_in_the_json_and_the_calendar() {
    let dir = Dir::new();
    let json: serde_json::Value = serde_json::from_str(&run(
        &dir,
        &[
            "--setback",
            "2026-12-08 10:00",
            "--format",
            "json",
            "-o",
            "-",
        ],
    ))
    .unwrap();
    assert_eq!(
        json["appointment"]["setbacks"][0],
        "2026-12-08T10:00:00+00:00"
    );
    let stages = json["stages"].as_array().unwrap();
    let backs: Vec<_> = stages.iter().filter(|s| s["setback"] == true).collect();
    assert_eq!(backs.len(), 1, "{stages:?}");
    assert_eq!(
        (backs[0]["id"].as_str(), backs[0]["end"].as_str()),
        (Some("ease"), Some("2026-12-09T10:00:00+00:00"))
    );
    // Stages that are not a step back do not carry the flag at all.
    assert!(stages.iter().filter(|s| s["setback"].is_null()).count() == stages.len() - 1);
    let check = json["reminders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "setback-check-1")
        .unwrap();
    assert!(
        check["text"]
            .as_str()
            .unwrap()
            .contains("carry on as your plan shows from now (\"Build up\")"),
        "{check}"
    );

    let ics = run(&dir, &["--setback", "2026-12-08 10:00", "-o", "-"]);
    save_calendar("clinical-setback", &ics);
    let ics = ics.replace("\r\n ", "");
    assert!(ics.contains("SUMMARY:Setback: Ease back until Wed 9 Dec 10:00\r\n"));
    assert!(ics.contains("SUMMARY:Check-in: a day after the setback\r\n"));
}

/// Each event of a calendar: UID → (DTSTART, SUMMARY, DESCRIPTION).
fn events(ics: &str) -> std::collections::BTreeMap<String, (String, String, String)> {
    let unfolded = ics.replace("\r\n ", "");
    let mut out = std::collections::BTreeMap::new();
    for event in unfolded.split("BEGIN:VEVENT").skip(1) {
        let get = |name: &str| {
            event
                .split("\r\n")
                .find_map(|l| l.strip_prefix(name))
                .unwrap_or_default()
                .to_string()
        };
        out.insert(
            get("UID:"),
            (get("DTSTART"), get("SUMMARY:"), get("DESCRIPTION:")),
        );
    }
    out
}

#[test]
fn sessions_and_reminders_before_a_setback_read_as_they_did() {
    let dir = Dir::new();
    let before = events(&run(&dir, &["-o", "-"]));
    let after = events(&run(&dir, &["--setback", "2026-12-08 10:00", "-o", "-"]));
    // Sessions and reminders that came before the setback: same UID, time, title and text.
    let early: Vec<_> = before
        .iter()
        .filter(|(_, (start, summary, _))| {
            start.as_str() < ";TZID=Europe/London:20261208T100000"
                && !summary.starts_with("Aftercare stage")
                && !summary.contains("appointment")
        })
        .collect();
    assert!(early.len() >= 8, "{early:?}");
    for (uid, event) in early {
        assert_eq!(after.get(uid), Some(event), "{uid} changed");
    }
}

#[test]
fn setbacks_compose_each_stepping_back_again() {
    let a = appointment("2026-12-04 15:00", "Europe/London", 30);
    let t0 = a.end();
    let at = |h: i64| t0 + Duration::hours(h);
    let p = plan::plan_with(
        &a,
        &routine(&["daily 18:00 45m hiit"]),
        &Protocol::builtin(),
        &Options {
            setbacks: vec![at(100), at(110)],
            ..Options::default()
        },
    );
    let spans: Vec<(&str, i64, bool)> = p
        .stages
        .iter()
        .map(|s| (s.id.as_str(), (s.start - t0).num_hours(), s.setback))
        .collect();
    // Build at 100 h steps back to ease; 10 h later a second setback steps back to settle for
    // a day; ease then resumes for what was left of it, and the build-up after it.
    assert_eq!(
        spans,
        [
            ("settle", 0, false),
            ("ease", 24, false),
            ("build", 72, false),
            ("ease", 100, true),
            ("settle", 110, true),
            ("ease", 134, true),
            ("build", 148, false),
            ("full", 168, false),
        ]
    );
    // Heat stays barred until the run of step backs ends.
    assert!(p.stages[4].advice.ends_with("until Thu 10 Dec 19:30."));
    assert!(p.stages[3].advice.ends_with("until Thu 10 Dec 19:30."));
    let checks: Vec<_> = p
        .reminders
        .iter()
        .filter(|r| r.id.starts_with("setback-check"))
        .map(|r| (r.at - t0).num_hours())
        .collect();
    // One check-in for both: the first one's would come during the second step back. It
    // comes when the second ends (05:30), after the quiet hours.
    assert_eq!(checks, [136]);
    // Tuesday's and Wednesday's sessions during the step backs are no harder than the stage
    // stepped back to.
    for s in &p.sessions {
        if let Some(span) = p.stage_at(s.start).filter(|st| st.setback) {
            assert_eq!(s.stage, span.id, "{} {}", s.start, s.substitute);
        }
    }
}

fn rank(s: &Session) -> usize {
    ["settle", "ease", "build", "full"]
        .iter()
        .position(|id| *id == s.stage)
        .unwrap()
}

#[test]
fn a_once_a_week_runner_runs_again_within_a_week() {
    // The issue's runner: Saturdays only. Day 1 is a walk (settle); the next Saturday, day 8,
    // is past the ladder's horizon (day 7): the usual run, not a walk on day 15.
    let p = make_plan(
        "2026-12-04 15:00",
        "Europe/London",
        &["sat 09:00 120m running"],
        Sweat::Moderate,
    );
    let days: Vec<_> = p
        .sessions
        .iter()
        .map(|s| {
            (
                s.start.format("%a %-d %b").to_string(),
                s.substitute.clone(),
            )
        })
        .collect();
    assert_eq!(
        days,
        [(
            "Sat 5 Dec".to_string(),
            "20 min leisurely walk; stay upright and keep it easy".to_string()
        )]
    );
    // Treated on a Saturday: the next Saturday, day 7, is the first session back; it eases in
    // (a walk), and the one after is the usual run.
    let p = make_plan(
        "2026-12-05 10:00",
        "Europe/London",
        &["sat 09:00 120m running"],
        Sweat::Moderate,
    );
    assert_eq!(p.sessions.len(), 1, "{:?}", p.sessions);
    assert_eq!(p.sessions[0].stage, "ease");
    assert!(p.sessions[0].start < p.appointment.end + Duration::days(7));
    let full = p.stages.last().unwrap();
    assert_eq!(full.start, p.sessions[0].end);
}

#[test]
fn the_return_climbs_one_stage_at_a_time_and_the_stages_say_so() {
    for (at, workouts, sweat) in [
        (
            "2026-12-04 15:00",
            &["daily 07:00 45m hiit"][..],
            Sweat::Moderate,
        ),
        (
            "2026-12-04 15:00",
            &["mon,thu 18:00 1h running", "sat 10:00 90m crossfit"][..],
            Sweat::Heavy,
        ),
        ("2026-12-07 09:00", &["fri 17:00 1h spin"][..], Sweat::Light),
        (
            "2026-12-04 15:00",
            &["tue,sat 06:00 45m rowing"][..],
            Sweat::Moderate,
        ),
    ] {
        let p = make_plan(at, "Europe/London", workouts, sweat);
        let mut previous: Option<usize> = None;
        for s in p.sessions.iter().filter(|s| s.stage != "settle") {
            let r = rank(s);
            match previous {
                None => assert!(r <= 1, "first session back at most ease: {s:?}"),
                Some(p) => assert!(r <= p + 1, "one stage at a time: {s:?}"),
            }
            if s.outcome != Outcome::Skip {
                previous = Some(r);
            }
        }
        // "Full routine" starts after every session that is not yet the usual one, and no
        // later than the horizon.
        let full = p.stages.last().unwrap();
        assert!(
            p.sessions.iter().all(|s| s.end <= full.start),
            "{at} {workouts:?}"
        );
        assert!(full.start <= p.appointment.end + Duration::days(7));
        let check = p.reminders.iter().find(|r| r.id == "check-day-5").unwrap();
        assert_eq!(
            check.at, full.start,
            "'your usual routine is back' when it is"
        );
    }
}

fn first_session<'p>(p: &'p Plan, name: &str) -> &'p Session {
    p.sessions
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no {name}: {:?}", p.sessions))
}

#[test]
fn settling_means_walking_and_gentle_stretching_only() {
    // Two hours after the appointment, and the next morning: still the settle stage.
    let p = make_plan(
        "2026-12-04 15:00",
        "Europe/London",
        &[
            "fri 17:30 45m spin",
            "sat 08:00 60m yoga",
            "sat 10:00 120m golf",
            "sat 12:00 60m hot-yoga",
            "sat 14:00 60m pilates",
        ],
        Sweat::Moderate,
    );
    for s in &p.sessions {
        assert_eq!(s.stage, "settle");
        assert_ne!(
            s.outcome,
            Outcome::Keep,
            "{} is not walking or stretching",
            s.name
        );
        if s.outcome == Outcome::Replace {
            let instead = s.instead.as_deref().unwrap();
            assert!(
                ["walking", "stretching"].contains(&instead),
                "{} -> {instead}",
                s.name
            );
            assert!(s.instead_minutes.unwrap() <= 20, "{:?}", s);
        }
    }
    assert_eq!(
        first_session(&p, "Spin class").instead.as_deref(),
        Some("walking")
    );
    assert_eq!(
        first_session(&p, "Yoga").substitute,
        "20 min gentle upright stretches; stay upright and keep it easy"
    );
    assert_eq!(
        first_session(&p, "Golf").substitute,
        "20 min leisurely walk; stay upright and keep it easy"
    );
}

#[test]
fn a_heavy_lift_builds_back_at_a_reduced_load_without_holding_the_breath() {
    let p = make_plan(
        "2026-12-04 15:00",
        "Europe/London",
        &[
            "sun 10:00 30m walking",
            "mon,wed 18:00 90m weights vigorous",
            "tue 07:00 60m running",
        ],
        Sweat::Moderate,
    );
    // Sunday's walk is the first session back (ease); Mon 7 Dec 18:00 is 74.5 h on: "Build
    // up", one stage above it.
    let lift = p
        .sessions
        .iter()
        .find(|s| s.name == "Weight training" && s.stage == "build")
        .unwrap_or_else(|| panic!("{:?}", p.sessions));
    assert_eq!(lift.outcome, Outcome::Scale);
    assert_eq!(
        lift.substitute,
        "same session at about 60-70 % of your usual load; breathe out on the effort, no \
         breath-holding"
    );
    // A run in the build-up is an easy run: one reduction, said once.
    let run = p.sessions.iter().find(|s| s.name == "Run").unwrap();
    assert_eq!(
        run.substitute,
        "45 min easy run at conversational pace; increase gradually; step back if swelling or \
         bruising increases"
    );
    assert!(
        p.sessions
            .iter()
            .all(|s| !s.substitute.contains("mobility"))
    );
}

#[test]
fn no_substitute_is_longer_than_its_stage_allows() {
    let protocol = Protocol::builtin();
    let cap = |stage: &str| {
        protocol
            .stages
            .iter()
            .find(|s| s.id == stage)
            .and_then(|s| s.substitute_minutes)
    };
    let p = make_plan(
        "2026-12-04 15:00",
        "Europe/London",
        &[
            "daily 07:00 120m hiit",
            "daily 18:00 150m cycling",
            "sat,sun 10:00 180m team-sports",
        ],
        Sweat::Heavy,
    );
    let replaced: Vec<_> = p
        .sessions
        .iter()
        .filter(|s| s.outcome == Outcome::Replace)
        .collect();
    assert!(replaced.len() >= 6);
    for s in replaced {
        let limit = cap(&s.stage).unwrap_or_else(|| panic!("{} has no cap", s.stage));
        assert!(
            s.instead_minutes.unwrap() <= limit,
            "{} {} min in {}",
            s.name,
            s.instead_minutes.unwrap(),
            s.stage
        );
        assert!(
            s.substitute
                .starts_with(&format!("{} min", s.instead_minutes.unwrap()))
        );
    }
}

#[test]
fn after_a_late_appointment_nothing_but_the_patient_s_own_workouts_rings_at_night() {
    // 21:30 to 22:00: every stage starts at 22:00. Stage milestones carry no alarm of their own
    // (the check-ins ring, moved to the morning); only a workout's own reminder may come early
    // in the morning, before the patient's usual 06:30 session.
    let dir = Dir::new();
    let ics = dir
        .ok(&[
            "plan",
            "--at",
            "2026-12-04 21:30",
            "--tz",
            "Europe/London",
            "--workout",
            "daily 06:30 45m hiit",
            "-o",
            "-",
        ])
        .replace("\r\n ", "");
    let mut rings = 0;
    for event in ics.split("BEGIN:VEVENT").skip(1) {
        let Some((own, alarm)) = event.split_once("BEGIN:VALARM") else {
            continue;
        };
        rings += 1;
        if own.contains("CATEGORIES:Aftercare,Workout") {
            continue;
        }
        let start = own
            .split("\r\n")
            .find_map(|l| l.strip_prefix("DTSTART;TZID=Europe/London:"))
            .unwrap_or_else(|| panic!("{own}"));
        let hour: u32 = start[9..11].parse().unwrap();
        assert!(alarm.contains("TRIGGER;RELATED=START:P0D"), "{alarm}");
        // The first hour after the appointment, the patient is up (the cold compress).
        let first_hour = start.starts_with("20261204T22");
        assert!(
            first_hour || (8..22).contains(&hour),
            "an alarm at {start}: {}",
            own.lines()
                .find(|l| l.starts_with("SUMMARY"))
                .unwrap_or_default()
        );
    }
    assert!(rings >= 5, "the check-ins still ring ({rings})");
}

#[test]
fn a_setback_on_the_first_day_never_brings_heat_back_sooner() {
    let dir = Dir::new();
    // Treated Fri 4 Dec, ends 15:30; heat's 48 h end Sun 6 Dec 15:30. A setback on Saturday
    // morning holds for 24 h (to Sun 09:00), but its "no heat" says the later of the two.
    let text = run(
        &dir,
        &[
            "--setback",
            "2026-12-05 09:00",
            "--format",
            "text",
            "-o",
            "-",
        ],
    );
    let stage = line_with(&text, "Setback:");
    assert!(
        stage.contains(
            "No heat (sauna, steam, hot tub, hot yoga, hot showers) until Sun 6 Dec 15:30"
        ),
        "{stage}"
    );
    assert!(!stage.contains("until Sun 6 Dec 09:00."), "{stage}");
}
