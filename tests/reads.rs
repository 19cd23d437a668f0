//! What the patient reads, read as the patient would: every sentence true of the plan it is in
//! (after a setback too), said once, short enough for a phone.

mod common;

use aftercare::model::{Plan, Protocol, Sweat};
use aftercare::plan::{self, Options};
use aftercare::render::text;
use common::*;

fn reminder<'a>(p: &'a Plan, id: &str) -> &'a aftercare::model::ReminderAt {
    p.reminders
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no reminder {id}"))
}

/// When the stage first starts (a step back after a setback is not that stage starting).
fn stage_start(p: &Plan, id: &str) -> chrono::DateTime<aftercare::tz::Zone> {
    p.stages
        .iter()
        .filter(|s| s.id == id && !s.setback)
        .map(|s| s.start)
        .min()
        .unwrap()
}

#[test]
fn after_a_setback_no_text_says_the_routine_is_back_before_it_is() {
    // The issue's case: a setback on Mon 7 Dec 10:00 steps back a stage for 24 h, so "Build
    // up" ends on Thu 10 Dec 10:30; the day-5 check-in ("your usual routine is back from
    // now") must not come on Wed 9 Dec.
    let a = appointment("2026-12-04 10:00", "Europe/London", 30);
    let setback = local_in("2026-12-07 10:00", "Europe/London");
    let p = plan::plan_with(
        &a,
        &routine(&[]),
        &Protocol::builtin(),
        &Options {
            setbacks: vec![setback],
            ..Options::default()
        },
    );
    let full = stage_start(&p, "full");
    let day5 = reminder(&p, "check-day-5");
    assert!(day5.text.contains("usual routine is back"));
    assert_eq!(day5.at, full, "comes when the full routine is back");
    assert_eq!(
        day5.title, "Check-in: day 6",
        "Thu 10 Dec, six days after Fri 4 Dec"
    );
    // Every check-in that speaks of a stage comes at or after that stage's start.
    assert!(reminder(&p, "check-day-3").at >= stage_start(&p, "build"));
    assert!(reminder(&p, "check-48h").at >= stage_start(&p, "ease"));
    // And the calendar agrees with itself: no event before the full routine says it is back.
    let ics = render(&p).replace("\r\n ", "");
    let back = ics.matches("usual routine is back").count();
    assert!(back >= 2, "the check-in and the full-routine milestone");
}

#[test]
fn a_check_in_moved_by_a_setback_names_the_day_it_comes() {
    let a = appointment("2026-12-04 10:00", "Europe/London", 30);
    let p = plan::plan_with(
        &a,
        &routine(&[]),
        &Protocol::builtin(),
        &Options {
            setbacks: vec![local_in("2026-12-09 09:00", "Europe/London")],
            ..Options::default()
        },
    );
    // The setback steps back to "Ease back" until Thu 10 Dec 09:00, then "Build up" resumes
    // for the 1 h 30 min it had left: the check-in comes at 10:30, and says day 6 (Friday's
    // appointment counts as day 0), not day 5.
    let day5 = reminder(&p, "check-day-5");
    assert_eq!(day5.at, stage_start(&p, "full"));
    assert_eq!(
        day5.at.format("%a %-d %b %H:%M").to_string(),
        "Thu 10 Dec 10:30"
    );
    assert_eq!(day5.title, "Check-in: day 6");
}

#[test]
fn heavy_sweaters_hear_sweat_is_fine_only_once_strenuous_exercise_is() {
    let p = make_plan("2026-12-04 10:00", "Europe/London", &[], Sweat::Heavy);
    let strenuous = p
        .windows
        .iter()
        .find(|w| w.rule == "strenuous-exercise")
        .unwrap();
    assert_eq!((strenuous.end - strenuous.start).num_hours(), 48);
    assert!(reminder(&p, "dab-dont-rub").at >= strenuous.end);
    // Moderate sweaters hear it at 24 h, when their strenuous window ends.
    let p = make_plan("2026-12-04 10:00", "Europe/London", &[], Sweat::Moderate);
    assert_eq!(
        (reminder(&p, "dab-dont-rub").at - p.appointment.end).num_hours(),
        24
    );
}

#[test]
fn no_alcohol_tonight_comes_in_the_evening() {
    use chrono::Timelike;
    // A morning appointment: at 18:00, not at lunchtime.
    let p = make_plan("2026-12-04 09:00", "Europe/London", &[], Sweat::Moderate);
    let r = reminder(&p, "no-alcohol");
    assert_eq!((r.at.hour(), r.at.minute()), (18, 0));
    assert_eq!(r.at.date_naive(), p.appointment.end.date_naive());
    // An evening appointment: as soon as it ends.
    let p = make_plan("2026-12-04 19:00", "Europe/London", &[], Sweat::Moderate);
    assert_eq!(reminder(&p, "no-alcohol").at, p.appointment.end);
}

#[test]
fn the_first_walks_are_leisurely_not_brisk() {
    // A run the morning after: the settle stage allows only a leisurely walk (the source:
    // "a leisurely walk just around your neighborhood").
    let p = make_plan(
        "2026-12-04 15:00",
        "Europe/London",
        &["sat 09:00 45m running"],
        Sweat::Moderate,
    );
    assert_eq!(p.sessions[0].stage, "settle");
    assert!(
        p.sessions[0].substitute.contains("leisurely walk"),
        "{}",
        p.sessions[0].substitute
    );
}

#[test]
fn the_text_view_says_where_advice_comes_from_once_without_fact_ids() {
    let p = make_plan(
        "2026-12-20 15:00",
        "Europe/London",
        &["mon,wed,fri 07:00 45m hiit"],
        Sweat::Moderate,
    );
    let view = text::render(&p, Some("Botox"), None, Default::default());
    assert_eq!(view.matches("Where this advice comes from").count(), 1);
    assert!(view.contains("A New York clinic's patient article"));
    for id in ["[A1", "[B", "A2]", "(source:"] {
        assert!(!view.contains(id), "{id} in\n{view}");
    }
    // A date in another year than the appointment's shows its year.
    assert!(view.contains("Sun 3 Jan 2027 15:30"), "{view}");
    // The warning signs do not tell the person to call their provider twice in one line.
    for line in view.lines() {
        assert!(
            line.matches("call your provider").count() + line.matches("Call your provider").count()
                <= 1,
            "{line}"
        );
    }
}

#[test]
fn a_provider_s_changes_are_theirs_not_the_default_s() {
    let clinic = "[[rule]]\nid = \"strenuous-exercise\"\nduration = \"4h\"\n";
    let protocol = Protocol::builtin()
        .with_override(clinic, "clinic.toml".as_ref())
        .unwrap();
    assert_eq!(
        protocol.name,
        "aftercare's standard advice (cautious), changed by clinic.toml"
    );
    let p = plan::plan(
        &appointment("2026-12-04 10:00", "Europe/London", 30),
        &routine(&[]),
        &protocol,
        Sweat::Moderate,
    );
    let changed = p
        .windows
        .iter()
        .find(|w| w.rule == "strenuous-exercise")
        .unwrap();
    assert_eq!((changed.end - changed.start).num_hours(), 4);
    assert!(changed.source.is_empty(), "no longer cited as A1-A3");
    let json = serde_json::to_value(&p).unwrap();
    assert_eq!(
        json["protocol"],
        "aftercare's standard advice (cautious), changed by clinic.toml"
    );
    let view = text::render(&p, Some("Botox"), None, Default::default());
    assert!(view.contains(
        "Where this advice comes from: aftercare's standard advice (cautious), changed by clinic.toml"
    ));
    // A file that names itself is named.
    let named = Protocol::builtin()
        .with_override(
            &format!("name = \"Example Clinic protocol, 2026\"\n{clinic}"),
            "clinic.toml".as_ref(),
        )
        .unwrap();
    assert_eq!(named.name, "Example Clinic protocol, 2026");
}

mod oops {
    use super::*;
    use aftercare::plan::oops::monitoring;
    use aftercare::render::ics::{self, IcsOptions};

    #[test]
    fn times_of_day_in_words_match_the_clock() {
        // Exercise at 09:00: the 12-hour check-in is at 21:00, so no title may call it morning.
        let m = monitoring(
            local_in("2026-12-05 09:00", "Europe/London"),
            None,
            &Protocol::builtin(),
            Default::default(),
        );
        for c in &m.checks {
            let title = c.title.to_lowercase();
            use chrono::Timelike;
            if title.contains("morning") {
                assert!(c.at.hour() < 12, "{} at {}", c.title, c.at);
            }
        }
        assert!(
            m.checks
                .iter()
                .any(|c| c.title == "Check-in: 12 hours after exercising")
        );
    }

    #[test]
    fn skip_heat_says_until_when_the_heat_window_runs() {
        let t0 = local_in("2026-12-04 15:30", "Europe/London");
        let m = monitoring(
            local_in("2026-12-04 19:00", "Europe/London"),
            Some(t0),
            &Protocol::builtin(),
            Default::default(),
        );
        // Heat: 48 h from T0; strenuous exercise: 48 h at the most (heavy sweaters).
        assert!(
            m.checks[0].text.contains("Skip heat until Sun 6 Dec 15:30"),
            "{}",
            m.checks[0].text
        );
        assert!(!m.checks[0].text.contains("rest of the day"));
        // Without the appointment's time, how long after it.
        let m = monitoring(
            local_in("2026-12-04 19:00", "Europe/London"),
            None,
            &Protocol::builtin(),
            Default::default(),
        );
        assert!(
            m.checks[0]
                .text
                .contains("Skip heat until 48h after your appointment"),
            "{}",
            m.checks[0].text
        );
    }

    #[test]
    fn exercise_after_the_full_routine_is_back_is_not_too_soon() {
        let t0 = local_in("2026-12-04 15:30", "Europe/London");
        let m = monitoring(
            local_in("2026-12-12 09:00", "Europe/London"),
            Some(t0),
            &Protocol::builtin(),
            Default::default(),
        );
        assert!(m.checks.is_empty(), "nothing to check");
        let note = m.note.clone().unwrap();
        assert!(note.starts_with("That was not too soon"), "{note}");
        let view = text::render_monitoring(&m);
        assert!(!view.contains("Check-ins:"), "{view}");
        let calendar = ics::render_monitoring(&m, &options());
        save_calendar("oops-not-too-soon", &calendar);
        assert!(calendar.contains("SUMMARY:Exercise: not too soon"));
        let _ = IcsOptions::default();
    }
}

#[test]
fn the_first_session_back_eases_in_and_the_ladder_ends_at_its_horizon() {
    // Facts A10 and A11 as [ladder]: someone who runs only on Thursdays comes back on day 6,
    // in the full-routine stage by the clock, yet that first session back is at most "Ease
    // back"; the next Thursday is past the ladder's horizon (day 7): the usual run, so not in
    // the plan, and the full routine starts after that first session, not before it.
    let p = make_plan(
        "2026-12-04 15:00",
        "Europe/London",
        &["thu 18:00 1h running"],
        Sweat::Moderate,
    );
    let ladder = Protocol::builtin().ladder.unwrap();
    assert_eq!(
        (ladder.first.as_str(), ladder.horizon.num_days()),
        ("ease", 7)
    );
    assert_eq!(ladder.source, ["A10", "A11"]);
    let runs: Vec<_> = p.sessions.iter().filter(|s| s.name == "Run").collect();
    assert_eq!(runs.len(), 1, "{:?}", p.sessions);
    assert_eq!(runs[0].stage, "ease");
    assert_eq!(
        runs[0].substitute,
        "30 min leisurely walk; keep it low impact"
    );
    let full = p.stages.last().unwrap();
    assert_eq!(full.id, "full");
    assert_eq!(
        full.start, runs[0].end,
        "the full routine is back after the walk"
    );
}
