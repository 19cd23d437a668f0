//! What an injector and a patient found reading twenty plans (issue 19's review), each kept
//! from coming back: read from the patient's side, in the plan's own words.

mod common;

use aftercare::model::{Outcome, Protocol, Sweat};
use aftercare::plan::{self, Options};
use common::*;

#[test]
fn after_a_late_setback_the_full_routine_is_not_announced_before_a_build_up_session() {
    // Runs on Mon, Wed and Fri at 18:00; swelling increased on Thu 10 Dec 20:00 (day 6).
    // Wednesday's run is still built up (one stage above Monday's walk), so "Full routine" may
    // only start after it, even though a later setback splits the last stage in two.
    let a = appointment("2026-12-04 15:00", "Europe/London", 30);
    let p = plan::plan_with(
        &a,
        &routine(&["mon,wed,fri 18:00 60m running"]),
        &Protocol::builtin(),
        &Options {
            setbacks: vec![local_in("2026-12-10 20:00", "Europe/London")],
            ..Options::default()
        },
    );
    for full in p.stages.iter().filter(|s| s.id == "full") {
        for s in &p.sessions {
            let inside = s.start >= full.start && full.end.is_none_or(|e| s.start < e);
            assert!(
                !inside,
                "{} ({}) falls in the full routine from {}",
                s.name, s.stage, full.start
            );
        }
    }
    let day5 = p.reminders.iter().find(|r| r.id == "check-day-5").unwrap();
    let wednesday = p
        .sessions
        .iter()
        .find(|s| s.start.format("%a %H:%M").to_string() == "Wed 18:00")
        .unwrap();
    assert!(
        day5.at >= wednesday.end,
        "'your usual routine is back' after the last easy run"
    );
}

#[test]
fn hot_yoga_is_a_sweat_session_that_waits_for_the_full_routine() {
    let p = make_plan(
        "2026-12-04 15:00",
        "Europe/London",
        &["tue,wed 17:00 60m hot-yoga"],
        Sweat::Moderate,
    );
    for s in &p.sessions {
        assert_ne!(s.outcome, Outcome::Keep, "{} on {}", s.name, s.start);
        assert_ne!(s.instead.as_deref(), Some("hot-yoga"));
    }
    let build: Vec<_> = p.sessions.iter().filter(|s| s.stage == "build").collect();
    assert!(!build.is_empty());
    assert!(build.iter().all(|s| s.instead.as_deref() == Some("yoga")));
}

#[test]
fn a_lift_that_replaces_crossfit_still_goes_at_a_reduced_load() {
    let p = make_plan(
        "2026-12-04 15:00",
        "Europe/London",
        &["sun 10:00 30m walking", "mon,wed 07:00 60m crossfit"],
        Sweat::Moderate,
    );
    let build = p
        .sessions
        .iter()
        .find(|s| s.name == "CrossFit" && s.stage == "build")
        .unwrap_or_else(|| panic!("{:?}", p.sessions));
    assert_eq!(build.instead.as_deref(), Some("weights"));
    assert!(
        build
            .substitute
            .contains("at about 60-70 % of your usual load; breathe out on the effort"),
        "{}",
        build.substitute
    );
    // An easy run is already the easy run: never "at an easy pace" on top.
    let p = make_plan(
        "2026-12-04 15:00",
        "Europe/London",
        &["sun 10:00 30m walking", "mon 18:00 60m running"],
        Sweat::Moderate,
    );
    let run = p.sessions.iter().find(|s| s.name == "Run").unwrap();
    assert_eq!(run.instead.as_deref(), Some("easy-run"));
    assert!(
        !run.substitute.contains("easy, steady pace"),
        "{}",
        run.substitute
    );
}

#[test]
fn a_class_kept_in_the_build_up_still_builds_up() {
    let p = make_plan(
        "2026-12-04 15:00",
        "Europe/London",
        &["sun 10:00 30m walking", "mon 18:00 45m dance"],
        Sweat::Moderate,
    );
    let dance = p.sessions.iter().find(|s| s.name == "Dance class").unwrap();
    assert_eq!(
        (dance.stage.as_str(), dance.outcome),
        ("build", Outcome::Keep)
    );
    assert_eq!(
        dance.substitute,
        "fine as usual; increase gradually; step back if swelling or bruising increases"
    );
}

fn follow_up(area: &str) -> String {
    let mut a = appointment("2026-12-04 15:00", "Europe/London", 30);
    a.areas = vec![area.to_string()];
    a.product = Some("botox".into());
    let p = plan::plan(&a, &routine(&[]), &Protocol::builtin(), Sweat::Moderate);
    p.reminders
        .iter()
        .find(|r| r.kind == aftercare::model::ReminderKind::FollowUp)
        .unwrap()
        .text
        .clone()
}

#[test]
fn slow_areas_are_reviewed_in_their_own_words_and_migraine_has_no_touch_up() {
    for area in ["masseter", "trapezius"] {
        let text = follow_up(area);
        assert!(text.contains("review"), "{area}: {text}");
        assert!(
            !text.contains("touch-up") && !text.contains("built up"),
            "{area}: {text}"
        );
    }
    let migraine = follow_up("migraine");
    assert!(migraine.contains("headache diary") && migraine.contains("no touch-up"));
    // The forehead keeps the usual follow-up.
    assert!(follow_up("forehead").contains("follow-up visit usually happens"));
}

#[test]
fn the_area_s_own_emergency_sign_comes_first_with_the_number() {
    let dir = Dir::new();
    let text = dir.ok(&[
        "plan",
        "--at",
        "2026-12-04 15:00",
        "--tz",
        "America/Chicago",
        "--area",
        "trapezius",
        "--format",
        "text",
        "-o",
        "-",
    ]);
    let first = text
        .lines()
        .find(|l| l.starts_with("- First, for your treated area"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        first
            .contains(": trouble swallowing or breathing: call 911 now; neck or shoulder weakness"),
        "{first}"
    );
    assert!(!text.contains("{number}"));
}

#[test]
fn two_setbacks_a_day_apart_get_one_check_in_that_points_the_right_way() {
    let a = appointment("2026-12-04 15:00", "Europe/London", 30);
    let p = plan::plan_with(
        &a,
        &routine(&["daily 07:00 45m hiit"]),
        &Protocol::builtin(),
        &Options {
            setbacks: vec![
                local_in("2026-12-08 19:30", "Europe/London"),
                local_in("2026-12-09 05:30", "Europe/London"),
            ],
            ..Options::default()
        },
    );
    let checks: Vec<_> = p
        .reminders
        .iter()
        .filter(|r| r.id.starts_with("setback-check"))
        .collect();
    assert_eq!(checks.len(), 1, "{checks:?}");
    // Stepping back twice, then back up: from Settle to Ease back, never the other way.
    assert!(
        checks[0]
            .text
            .contains("carry on as your plan shows from now (\"Ease back\")")
            && checks[0]
                .text
                .contains("keep to \"Settle\" for another day"),
        "{}",
        checks[0].text
    );
    // The bar on heat is said where each setback starts, not on what resumes.
    let said = p
        .stages
        .iter()
        .filter(|s| s.advice.contains("No heat (sauna"))
        .count();
    assert_eq!(said, 2);
}

#[test]
fn exercising_late_says_true_times_and_both_lengths_when_the_sweat_is_not_known() {
    let dir = Dir::new();
    let text = dir.ok(&[
        "oops",
        "--at",
        "2026-12-04 23:30",
        "--tz",
        "Europe/London",
        "--appointment",
        "2026-12-04 20:00",
        "--format",
        "text",
        "-o",
        "-",
    ]);
    assert!(
        text.contains("which ends 24 hours (2 days if you sweat heavily) after the appointment"),
        "{text}"
    );
    // The check-in the quiet hours moved to 08:00 says how long after the exercise it is.
    assert!(
        text.contains("Sat 5 Dec 08:00  Check-in: 8 hours 30 minutes after exercising"),
        "{text}"
    );
    // At 27 h 30 min a moderate sweater is easing back, not settling.
    let text = dir.ok(&[
        "oops",
        "--at",
        "2026-12-05 19:00",
        "--tz",
        "Europe/London",
        "--appointment",
        "2026-12-04 15:00",
        "--sweat",
        "moderate",
        "--format",
        "text",
        "-o",
        "-",
    ]);
    assert!(
        text.contains("during the ease back stage, which ends 3 days after the appointment"),
        "{text}"
    );
}

#[test]
fn a_touch_up_is_called_a_touch_up_in_the_calendar_and_the_text() {
    let dir = Dir::new();
    let run = |extra: &[&str]| {
        let mut args = vec![
            "plan",
            "--at",
            "2026-12-18 15:00",
            "--tz",
            "Europe/London",
            "--area",
            "glabella",
            "--product",
            "dysport",
            "-o",
            "-",
        ];
        args.extend(extra);
        dir.ok(&args)
    };
    assert!(run(&["--touch-up"]).contains("SUMMARY:Dysport touch-up\r\n"));
    assert!(run(&[]).contains("SUMMARY:Dysport appointment\r\n"));
    assert!(
        run(&["--touch-up", "--format", "text"])
            .starts_with("Aftercare plan: Dysport touch-up Fri 18 Dec 2026 15:00")
    );
    assert!(run(&["--touch-up", "--discreet"]).contains("SUMMARY:Touch-up\r\n"));
}
