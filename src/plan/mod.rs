//! The planner: a pure function from an appointment, a routine and a protocol to a [`Plan`].
//!
//! No I/O and no clock. Every window, stage and reminder is an *elapsed* duration from T0, the
//! end of the appointment, added to the instant (never to the wall clock), then shown in the
//! person's zone: 48 h across a daylight-saving change is 48 real hours.
//!
//! ```
//! use aftercare::model::Routine;
//! use aftercare::model::{Appointment, Outcome};
//! use aftercare::plan::plan;
//! use aftercare::model::{Protocol, Sweat};
//! use aftercare::tz::{resolve_appointment, Fold};
//! use chrono::NaiveDate;
//!
//! let tz: aftercare::tz::Zone = "America/New_York".parse().unwrap();
//! let local = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap().and_hms_opt(15, 0, 0).unwrap();
//! let appointment = Appointment::new(resolve_appointment("--at", local, tz, Fold::Reject).unwrap(), 30).unwrap();
//! let mut routine = Routine::default();
//! routine.add_workout("sat 09:00 45m hiit").unwrap();
//!
//! let plan = plan(&appointment, &routine, &Protocol::builtin(), Sweat::Moderate);
//! let heat = plan.windows.iter().find(|w| w.rule == "heat").unwrap();
//! assert_eq!((heat.end - heat.start).num_hours(), 48);
//! // Saturday's HIIT is 17.5 h after the appointment: it becomes a leisurely walk.
//! assert_eq!(plan.sessions[0].outcome, Outcome::Replace);
//! assert_eq!(plan.sessions[0].substitute, "20 min leisurely walk; stay upright and keep it easy");
//! ```

pub mod oops;
pub mod suggest;

mod notes;
mod quiet;
mod reminders;
mod sessions;
mod stages;
mod windows;

use chrono::DateTime;

use crate::model::{Appointment, AppointmentSpan, Plan, Protocol, Routine, Sweat, Warnings};
use crate::tz::Zone;

/// Choices that shape a plan beyond the appointment and the routine.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Sweat level.
    pub sweat: Sweat,
    /// Moments when swelling, bruising or discomfort increased: at each, the plan steps one
    /// stage back for the protocol's `[setback]` hold (24 h), heat barred, before it
    /// progresses again (see [`crate::model::Setback`]).
    pub setbacks: Vec<DateTime<Zone>>,
    /// Add a "plan your next treatment" event.
    pub next_treatment: bool,
    /// How times read in the plan's notes.
    pub style: crate::units::week::TimeStyle,
}

/// `warnings` with the emergency number of `zone`'s country, unless the protocol fixed one.
fn with_number(mut warnings: Warnings, zone: Zone) -> Warnings {
    if warnings.number.is_none() {
        warnings.number = Some(crate::input::emergency::number_for_zone(zone.name()).to_string());
    }
    warnings
}

/// Makes the plan with default options but the sweat level. Pure.
pub fn plan(
    appointment: &Appointment,
    routine: &Routine,
    protocol: &Protocol,
    sweat: Sweat,
) -> Plan {
    plan_with(
        appointment,
        routine,
        protocol,
        &Options {
            sweat,
            ..Options::default()
        },
    )
}

/// Until when a habitual session may still differ from the usual one, for a plan made without
/// a routine (`bare`): the start of its last stage, or the protocol's ladder horizon when that
/// is later (a first session back on day 6 is still eased in). A calendar export's workouts
/// matter from T0 until then.
pub fn recovery_end(bare: &Plan, protocol: &Protocol) -> DateTime<Zone> {
    let last = bare.stages.last().map_or(bare.appointment.end, |s| s.start);
    protocol
        .ladder
        .as_ref()
        .map_or(last, |l| last.max(bare.appointment.end + l.horizon))
}

/// Makes the plan. Pure: the same inputs always give the same plan.
///
/// In order: the restriction windows from T0; the stages, each setback stepping one back;
/// every habitual session until the full routine is back, planned in its stage as the ladder
/// allows and adapted to the windows it overlaps; the last stage moved after the last session
/// the ladder kept below it; the reminders and check-ins; then notes on the clocks.
pub fn plan_with(
    appointment: &Appointment,
    routine: &Routine,
    protocol: &Protocol,
    options: &Options,
) -> Plan {
    let t0 = appointment.end();
    // The routine's activities are named in the protocol's language, like everything else;
    // the calendar's UIDs keep the names as given.
    let given = routine;
    let routine = &crate::input::catalogue::routine_in(routine, protocol.lang);
    let renamed: std::collections::HashMap<&str, &str> = routine
        .workouts
        .iter()
        .zip(&given.workouts)
        .filter(|(now, was)| now.name != was.name)
        .map(|(now, was)| (now.name.as_str(), was.name.as_str()))
        .collect();
    let options = &Options {
        style: options.style.with_lang(protocol.lang),
        ..options.clone()
    };
    // How free words were read as activities, first: the rest of the plan rests on it.
    let mut notes: Vec<String> = routine
        .readings
        .iter()
        .map(|r| r.note(&protocol.wording))
        .collect();
    let windows = windows::place(appointment, protocol, options.sweat);
    let setbacks = stages::setbacks(&options.setbacks, t0);
    let mut stages = stages::place(t0, &windows, protocol, &setbacks, options.style, &mut notes);
    let sessions = sessions::place(
        &sessions::Context {
            tz: appointment.tz(),
            t0,
            stages: &stages,
            windows: &windows,
            protocol,
            routine,
        },
        &mut notes,
    );
    let mut sessions = said_how_read(sessions, routine, protocol);
    for s in &mut sessions {
        if let Some(was) = renamed.get(s.name.as_str()) {
            s.uid_name = was.to_string();
        }
    }
    stages::follow_sessions(&mut stages, &sessions);
    let (mut reminders, warnings) = reminders::place(
        appointment,
        routine,
        protocol,
        reminders::Placed {
            windows: &windows,
            stages: &stages,
        },
        &setbacks,
        options.next_treatment,
    );
    quiet::apply(
        &mut reminders,
        t0,
        protocol.quiet_hours.as_ref(),
        &protocol.reminders,
        &protocol.wording,
        protocol.lang,
    );
    let warnings = with_number(warnings, appointment.tz());
    let mut plan = Plan {
        lang: protocol.lang,
        appointment: AppointmentSpan {
            start: appointment.start,
            end: t0,
            tz: appointment.tz(),
            tz_data: crate::tz::db::database().describe(),
            areas: appointment.areas.clone(),
            product: appointment.product.clone(),
            touch_up: appointment.touch_up,
            setbacks,
        },
        sweat: options.sweat,
        protocol: protocol.name.clone(),
        guidance: protocol.guidance.clone(),
        windows,
        stages: stages.into_iter().map(|(s, _)| s).collect(),
        sessions,
        reminders,
        warnings,
        sources: std::sync::Arc::clone(&protocol.sources),
        notes,
    };
    let zone_notes = notes::zone_notes(&plan, &protocol.wording, options.style);
    plan.notes.extend(zone_notes);
    plan
}

/// Each session of a workout whose activity was read from some of its words says so in its
/// note (the calendar's event and the text view show it), as the plan's notes do.
fn said_how_read(
    mut sessions: Vec<crate::model::Session>,
    routine: &Routine,
    protocol: &Protocol,
) -> Vec<crate::model::Session> {
    for reading in &routine.readings {
        let said = reading.note(&protocol.wording);
        let said = said.trim_end_matches('.');
        for s in sessions
            .iter_mut()
            .filter(|s| s.name == reading.workout && s.activity == reading.activity)
        {
            s.note = Some(match s.note.take() {
                Some(note) => format!("{note}{}{said}", protocol.lang.separator()),
                None => said.to_string(),
            });
        }
    }
    sessions
}
