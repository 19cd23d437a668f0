//! The planner against the default protocol: every rule, every stage boundary, substitutes for
//! each intensity class, overrides.

mod common;

use aftercare::model::Outcome;
use aftercare::model::{Protocol, Sweat};
use aftercare::plan;
use chrono::Duration;
use common::*;

#[test]
fn every_default_rule_has_its_elapsed_duration() {
    let plan = make_plan("2026-12-04 15:00", "America/New_York", &[], Sweat::Moderate);
    let t0 = plan.appointment.end;
    assert_eq!(t0.to_rfc3339(), "2026-12-04T15:30:00-05:00");
    let expected = [
        ("upright", 4),
        ("strenuous-exercise", 24),
        ("high-intensity", 48),
        ("head-down", 24),
        ("inversions", 48),
        ("facial-pressure", 48),
        ("heat", 48),
        ("alcohol", 24),
    ];
    assert_eq!(plan.windows.len(), expected.len());
    for (rule, hours) in expected {
        let w = plan.windows.iter().find(|w| w.rule == rule).unwrap();
        assert_eq!(w.start, t0, "{rule}");
        assert_eq!(w.end - w.start, Duration::hours(hours), "{rule}");
        assert!(!w.source.is_empty(), "{rule}");
    }
}

#[test]
fn heavy_sweaters_wait_48_hours_for_strenuous_exercise_and_settle_longer() {
    let plan = make_plan("2026-12-04 15:00", "Europe/London", &[], Sweat::Heavy);
    let t0 = plan.appointment.end;
    let strenuous = plan
        .windows
        .iter()
        .find(|w| w.rule == "strenuous-exercise")
        .unwrap();
    assert_eq!(strenuous.end - t0, Duration::hours(48));
    let settle = &plan.stages[0];
    assert_eq!(settle.end.unwrap() - t0, Duration::hours(48));
    assert_eq!(plan.stages[1].start - t0, Duration::hours(48));
}

#[test]
fn stage_boundaries_are_24_72_and_120_hours() {
    let plan = make_plan("2026-12-04 15:00", "Asia/Kolkata", &[], Sweat::Light);
    let t0 = plan.appointment.end;
    let spans: Vec<_> = plan
        .stages
        .iter()
        .map(|s| {
            (
                s.id.as_str(),
                (s.start - t0).num_hours(),
                s.end.map(|e| (e - t0).num_hours()),
            )
        })
        .collect();
    assert_eq!(
        spans,
        [
            ("settle", 0, Some(24)),
            ("ease", 24, Some(72)),
            ("build", 72, Some(120)),
            ("full", 120, None)
        ]
    );
}

#[test]
fn reminders_and_check_ins_fall_at_their_elapsed_times() {
    let plan = make_plan("2026-12-04 15:00", "Europe/Dublin", &[], Sweat::Moderate);
    let t0 = plan.appointment.end;
    let at = |id: &str| (plan.reminders.iter().find(|r| r.id == id).unwrap().at - t0).num_minutes();
    assert_eq!(at("cold-compress"), 15);
    assert_eq!(at("check-24h"), 24 * 60);
    assert_eq!(at("check-48h"), 48 * 60);
    assert_eq!(at("check-day-3"), 72 * 60);
    assert_eq!(at("check-day-5"), 120 * 60);
    assert_eq!(at("results-day-14"), 14 * 24 * 60);
}

/// Appointment Fri 4 Dec 15:00-15:30 New York: settle until Sat 15:30, ease until Mon 15:30,
/// build until Wed 15:30.
fn session<'a>(
    plan: &'a aftercare::model::Plan,
    name: &str,
    day: u32,
) -> &'a aftercare::model::Session {
    plan.sessions
        .iter()
        .find(|s| s.name == name && chrono::Datelike::day(&s.start) == day)
        .unwrap_or_else(|| panic!("no {name} on day {day}: {:#?}", plan.sessions))
}

#[test]
fn vigorous_sessions_step_down_through_the_stages() {
    let plan = make_plan(
        "2026-12-04 15:00",
        "America/New_York",
        &["daily 18:00 45m hiit"],
        Sweat::Moderate,
    );
    // Fri 18:00, 2.5 h after T0: settle, upright window → a short easy walk.
    let fri = session(&plan, "HIIT", 4);
    assert_eq!(
        (fri.stage.as_str(), fri.outcome),
        ("settle", Outcome::Replace)
    );
    assert_eq!(
        fri.substitute,
        "20 min leisurely walk; stay upright and keep it easy"
    );
    assert!(fri.blocked_by.contains(&"strenuous-exercise".to_string()));
    assert!(fri.blocked_by.contains(&"high-intensity".to_string()));
    // Sun 18:00 (ease): a longer easy walk.
    let sun = session(&plan, "HIIT", 6);
    assert_eq!(
        (sun.stage.as_str(), sun.instead.as_deref()),
        ("ease", Some("walking"))
    );
    assert_eq!(sun.instead_minutes, Some(30));
    // Mon 18:00 (build): steady cardio, full length; not scaled again (one reduction, not two).
    let mon = session(&plan, "HIIT", 7);
    assert_eq!(
        (mon.stage.as_str(), mon.instead.as_deref()),
        ("build", Some("steady-cardio"))
    );
    assert_eq!(mon.instead_minutes, Some(45));
    assert_eq!(
        mon.substitute,
        "45 min steady cardio (bike, elliptical or brisk incline walk); increase gradually; \
         step back if swelling or bruising increases"
    );
    // Nothing from Wed 15:30 on: the full routine is back.
    assert!(plan.sessions.iter().all(|s| s.start < plan.stages[3].start));
    assert_eq!(plan.sessions.len(), 5, "Fri, Sat, Sun, Mon, Tue");
}

#[test]
fn moderate_sessions_are_replaced_then_scaled() {
    let plan = make_plan(
        "2026-12-04 15:00",
        "America/New_York",
        &["daily 18:00 1h weights"],
        Sweat::Moderate,
    );
    assert_eq!(
        session(&plan, "Weight training", 5).instead.as_deref(),
        Some("mobility")
    );
    let mon = session(&plan, "Weight training", 7);
    assert_eq!(mon.outcome, Outcome::Scale);
    assert_eq!(
        mon.substitute,
        "same session at about 60-70 % of your usual load; breathe out on the effort, no \
         breath-holding"
    );
}

#[test]
fn a_scaled_session_speaks_the_activity_s_language() {
    // Weights go by load; a yoga class has no load or pace, and the build-up stage allows it
    // as it is: "60-70 % of your usual load or pace" fits no yoga class.
    // Monday evening is in the build stage (from 72 h); Sunday's two walks are the first
    // sessions back, which ease in (fact A10).
    let plan = make_plan(
        "2026-12-04 15:00",
        "America/New_York",
        &[
            "sun 12:00 30m walking",
            "sun 16:00 30m walking",
            "mon 18:00 1h weights",
            "mon 19:30 45m running",
            "mon 21:00 1h yoga",
        ],
        Sweat::Moderate,
    );
    let monday = |name: &str| session(&plan, name, 7).substitute.clone();
    assert!(monday("Weight training").contains("of your usual load"));
    // A run has an easier form of its own: an easy run, not reduced again.
    assert!(monday("Run").starts_with("45 min easy run at conversational pace;"));
    assert_eq!(
        monday("Yoga"),
        "fine as usual; increase gradually; step back if swelling or bruising increases"
    );
}

#[test]
fn light_sessions_are_kept_and_say_so() {
    let plan = make_plan(
        "2026-12-04 15:00",
        "America/New_York",
        &["daily 17:00 30m walking"],
        Sweat::Moderate,
    );
    assert!(plan.sessions.iter().all(|s| s.outcome == Outcome::Keep));
    assert!(
        plan.sessions
            .iter()
            .all(|s| s.substitute.starts_with("fine as usual"))
    );
    assert!(!plan.sessions.is_empty());
}

#[test]
fn heat_and_inversions_follow_attributes() {
    let plan = make_plan(
        "2026-12-04 15:00",
        "America/New_York",
        &["daily 19:00 20m sauna", "daily 09:00 1h hot-yoga"],
        Sweat::Moderate,
    );
    // Sauna in the heat window: nothing gentler exists, so skip it.
    let fri = session(&plan, "Sauna", 4);
    assert_eq!(fri.outcome, Outcome::Skip);
    assert!(fri.substitute.contains("no heat"), "{}", fri.substitute);
    // After 48 h the heat window is over and sauna is light: kept.
    assert_eq!(session(&plan, "Sauna", 6).outcome, Outcome::Keep);
    // Hot yoga on Saturday morning (settle, head-down window): upright stretches.
    assert_eq!(
        session(&plan, "Hot yoga", 5).instead.as_deref(),
        Some("stretching")
    );
    // Monday morning (ease, after 48 h): room-temperature gentle yoga without inversions.
    let mon = session(&plan, "Hot yoga", 7);
    assert_eq!(mon.instead.as_deref(), Some("gentle-yoga"));
    assert!(mon.substitute.contains("room temperature, no inversions"));
}

#[test]
fn a_session_overlapping_a_window_end_is_still_restricted() {
    // T0 = Fri 15:30; the strenuous window ends Sat 15:30. A run Sat 15:00-16:00 overlaps it.
    let plan = make_plan(
        "2026-12-04 15:00",
        "America/New_York",
        &["sat 15:00 1h running"],
        Sweat::Moderate,
    );
    assert!(
        plan.sessions[0]
            .blocked_by
            .contains(&"strenuous-exercise".to_string())
    );
    // One starting exactly at the end is outside it (windows are half-open).
    let plan = make_plan(
        "2026-12-04 15:00",
        "America/New_York",
        &["sat 15:30 1h running"],
        Sweat::Moderate,
    );
    assert!(
        !plan.sessions[0]
            .blocked_by
            .contains(&"strenuous-exercise".to_string())
    );
    assert_eq!(plan.sessions[0].stage, "ease");
}

#[test]
fn sessions_before_the_appointment_end_are_not_planned() {
    let plan = make_plan(
        "2026-12-04 15:00",
        "America/New_York",
        &["fri 15:15 30m running"],
        Sweat::Moderate,
    );
    assert!(
        plan.sessions
            .iter()
            .all(|s| s.start >= plan.appointment.end)
    );
}

/// The plan of a 15:00 New York appointment, no routine, under the built-in protocol with
/// `clinic`'s override.
fn plan_with_clinic(clinic: &str) -> aftercare::model::Plan {
    let protocol = Protocol::builtin()
        .with_override(clinic, "clinic.toml".as_ref())
        .unwrap();
    plan::plan(
        &appointment("2026-12-04 15:00", "America/New_York", 30),
        &routine(&[]),
        &protocol,
        Sweat::Moderate,
    )
}

#[test]
fn a_clinic_override_moves_the_settle_stage_with_its_rule() {
    let clinic = "[[rule]]\nid = \"strenuous-exercise\"\nduration = \"4h\"\n";
    let p = plan_with_clinic(clinic);
    let t0 = p.appointment.end;
    assert_eq!(p.stages[0].end.unwrap() - t0, Duration::hours(4));
    assert_eq!(p.stages[1].start - t0, Duration::hours(4));
}

#[test]
fn a_stage_swallowed_by_a_long_rule_is_left_out_and_noted() {
    let clinic =
        "[[rule]]\nid = \"strenuous-exercise\"\nduration = \"96h\"\nheavy_duration = \"96h\"\n";
    let p = plan_with_clinic(clinic);
    let ids: Vec<_> = p.stages.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["settle", "build", "full"]);
    assert!(
        p.notes.iter().any(|n| n.contains("Ease back")),
        "{:?}",
        p.notes
    );
}

#[test]
fn a_habit_in_a_dst_gap_moves_forward_with_a_note() {
    // New York springs forward on Sun 8 Mar 2026 at 02:00.
    let plan = make_plan(
        "2026-03-06 15:00",
        "America/New_York",
        &["sun 02:30 30m walking"],
        Sweat::Moderate,
    );
    let s = &plan.sessions[0];
    assert_eq!(s.start.to_rfc3339(), "2026-03-08T03:30:00-04:00");
    assert!(s.note.as_deref().unwrap().contains("does not exist"));
}

#[test]
fn custom_activities_are_planned_by_attributes() {
    let text = r#"
[[activity]]
id = "paddle-board"
name = "paddle boarding"
intensity = "vigorous"
easier = "walking"

[[activity]]
id = "infrared-pilates"
name = "infrared Pilates"
intensity = "light"
heat = true

[[workout]]
activity = "paddle-board"
days = "sat"
at = "10:00"
minutes = 60

[[workout]]
activity = "infrared-pilates"
days = "sat"
at = "12:00"
minutes = 45
"#;
    let routine = aftercare::model::Routine::parse(text, "h.toml".as_ref()).unwrap();
    let p = plan::plan(
        &appointment("2026-12-04 15:00", "America/New_York", 30),
        &routine,
        &Protocol::builtin(),
        Sweat::Moderate,
    );
    assert_eq!(p.sessions[0].instead.as_deref(), Some("walking"));
    assert_eq!(p.sessions[1].outcome, Outcome::Skip);
    // Heat, and the settle stage: walking and gentle stretching only.
    assert_eq!(p.sessions[1].blocked_by, ["heat", "settle"]);
}

#[test]
fn json_view_has_the_promised_fields() {
    let plan = make_plan(
        "2026-12-04 15:00",
        "America/New_York",
        &["sat 09:00 45m hiit"],
        Sweat::Moderate,
    );
    let json = serde_json::to_value(&plan).unwrap();
    assert_eq!(json["appointment"]["start"], "2026-12-04T15:00:00-05:00");
    assert_eq!(json["appointment"]["end"], "2026-12-04T15:30:00-05:00");
    assert_eq!(json["appointment"]["tz"], "America/New_York");
    assert_eq!(json["windows"].as_array().unwrap().len(), 8);
    assert_eq!(json["windows"][0]["rule"], "upright");
    assert_eq!(json["windows"][0]["end"], "2026-12-04T19:30:00-05:00");
    assert_eq!(json["stages"][3]["id"], "full");
    assert!(json["stages"][3]["end"].is_null());
    let s = &json["sessions"][0];
    for field in ["name", "activity", "start", "end", "stage", "substitute"] {
        assert!(!s[field].is_null(), "sessions[].{field}");
    }
    assert_eq!(s["activity"], "hiit");
    assert!(json["reminders"].as_array().unwrap().len() >= 8);
}
