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
//! // Saturday's HIIT is 17.5 h after the appointment: it becomes an easy walk.
//! assert_eq!(plan.sessions[0].outcome, Outcome::Replace);
//! assert_eq!(plan.sessions[0].substitute, "20 min easy walk; stay upright and keep it easy");
//! ```

pub mod oops;
pub mod suggest;

use chrono::{DateTime, Duration};

use crate::model::{
    Activity, Anchor, Appointment, AppointmentSpan, Intensity, Outcome, Plan, Protocol, ReminderAt,
    ReminderKind, Routine, Session, Stage, StageSpan, Sweat, Until, Window,
};
use crate::tz::{Zone, resolve_recurring};

/// Choices that shape a plan beyond the appointment and the routine.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Sweat level.
    pub sweat: Sweat,
    /// Moments when swelling, bruising or discomfort increased: at each, the stage in force is
    /// repeated for 24 h before the plan progresses again.
    pub setbacks: Vec<DateTime<Zone>>,
    /// Add a "plan your next treatment" event.
    pub next_treatment: bool,
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

/// The first `time` (local) on a date after `t0`'s, resolved RFC 5545-style.
fn next_local(t0: DateTime<Zone>, time: chrono::NaiveTime) -> DateTime<Zone> {
    let date = t0.date_naive().succ_opt().unwrap_or(t0.date_naive());
    resolve_recurring(date.and_time(time), t0.timezone()).0
}

/// Makes the plan. Pure: the same inputs always give the same plan.
pub fn plan_with(
    appointment: &Appointment,
    routine: &Routine,
    protocol: &Protocol,
    options: &Options,
) -> Plan {
    let sweat = options.sweat;
    let t0 = appointment.end();
    let treated = &appointment.areas;
    let windows: Vec<Window> = protocol
        .rules
        .iter()
        .filter(|rule| rule.applies_to(treated))
        .map(|rule| Window {
            rule: rule.id.clone(),
            title: rule.title.clone(),
            start: t0,
            end: match rule.until_next {
                Some(time) => (t0 + rule.duration_for(sweat)).max(next_local(t0, time)),
                None => t0 + rule.duration_for(sweat),
            },
            avoid: rule.avoid.clone(),
            why: rule.why.clone(),
            instead: rule.instead.clone(),
            source: rule.source.clone(),
        })
        .collect();

    let mut notes = Vec::new();
    let mut stages: Vec<(StageSpan, &Stage)> = Vec::new();
    let mut start = t0;
    for stage in &protocol.stages {
        let end = stage.until.as_ref().map(|until| {
            let end = match until {
                Until::Elapsed(d) => t0 + *d,
                Until::Rule(id) => windows.iter().find(|w| &w.rule == id).map_or(t0, |w| w.end),
            };
            end.max(start)
        });
        if end == Some(start) {
            notes.push(format!(
                "The \"{}\" stage is left out: the previous stage already lasts past its end.",
                stage.title
            ));
            continue;
        }
        stages.push((
            StageSpan {
                id: stage.id.clone(),
                title: stage.title.clone(),
                start,
                end,
                advice: stage.advice.clone(),
                source: stage.source.clone(),
            },
            stage,
        ));
        if let Some(end) = end {
            start = end;
        }
    }
    let mut setbacks = options.setbacks.clone();
    setbacks.sort();
    // How long a setback holds the stage: the protocol's setback check-in comes then.
    let hold = protocol
        .anchored(Anchor::Setback)
        .map_or(Duration::hours(24), |r| r.at);
    for &at in setbacks.iter().filter(|s| **s >= t0) {
        hold_stage(&mut stages, at, hold);
    }
    // The last stage has no end, so it always survives the loop above.
    let last_start = stages.last().map_or(t0, |(s, _)| s.start);

    let tz = appointment.tz();
    // Every habitual session from T0 until the last stage: weekly workouts at their local time,
    // plus dated occurrences read from a calendar.
    let mut occurrences: Vec<Occurrence> = Vec::new();
    let (first_day, last_day) = (t0.date_naive(), last_start.date_naive());
    for workout in &routine.workouts {
        for date in first_day.iter_days().take_while(|d| *d <= last_day) {
            if workout.days.contains(&chrono::Datelike::weekday(&date)) {
                let (start, note) = resolve_recurring(date.and_time(workout.at), tz);
                if start.date_naive() != date {
                    // The whole day was skipped (Samoa and Tokelau moved across the date line
                    // on 30 Dec 2011): moving the session forward would land it on the next
                    // day's, so there is none that day.
                    notes.push(format!(
                        "{} does not happen in {} (the date was skipped), so neither does {} \
                         that day.",
                        date.format("%a %-d %b %Y"),
                        tz.name(),
                        workout.name
                    ));
                    continue;
                }
                occurrences.push(Occurrence {
                    name: &workout.name,
                    activity: &workout.activity,
                    intensity: Some(workout.intensity),
                    start,
                    minutes: workout.minutes,
                    note,
                });
            }
        }
    }
    for fixed in &routine.fixed {
        occurrences.push(Occurrence {
            name: &fixed.name,
            activity: &fixed.activity,
            intensity: None,
            start: fixed.start.with_timezone(&tz),
            minutes: fixed.minutes,
            note: None,
        });
    }
    // The same workout twice at the same time (a calendar export read twice, a habits entry
    // copied) is one session: two would share a UID.
    let before = occurrences.len();
    occurrences.sort_by(|a, b| {
        (a.start, a.name, a.activity, a.minutes).cmp(&(b.start, b.name, b.activity, b.minutes))
    });
    occurrences.dedup_by(|a, b| {
        (a.start, a.name, a.activity, a.minutes) == (b.start, b.name, b.activity, b.minutes)
    });
    if occurrences.len() < before {
        notes.push("A workout listed twice at the same time is planned once.".to_string());
    }
    let mut sessions = Vec::new();
    for o in occurrences {
        let Some(activity) = routine.catalogue.get(o.activity) else {
            continue; // Routine guarantees known activities; nothing to plan otherwise.
        };
        if o.start < t0 || o.start >= last_start {
            continue;
        }
        let end = o.start + Duration::minutes(o.minutes as i64);
        let Some((span, stage)) = stages
            .iter()
            .find(|(s, _)| s.start <= o.start && s.end.is_none_or(|e| o.start < e))
        else {
            continue;
        };
        let adapted = adapt(
            activity,
            o.intensity.unwrap_or(activity.intensity),
            o.minutes,
            stage,
            &windows,
            protocol,
            routine,
            (o.start, end),
        );
        sessions.push(Session {
            name: o.name.to_string(),
            activity: o.activity.to_string(),
            start: o.start,
            end,
            minutes: o.minutes,
            stage: span.id.clone(),
            outcome: adapted.outcome,
            substitute: adapted.text,
            instead: adapted.instead,
            instead_minutes: adapted.instead_minutes,
            instead_name: adapted.instead_name,
            blocked_by: adapted.blocked_by,
            note: o.note,
        });
    }
    sessions.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.name.cmp(&b.name)));

    let product = appointment
        .product
        .as_deref()
        .and_then(|id| protocol.products.iter().find(|p| p.id == id));
    let areas: Vec<&crate::model::protocol::Area> = protocol
        .areas
        .iter()
        .filter(|a| treated.contains(&a.id))
        .collect();
    // The follow-up moves later only when every treated area wants it later (a jaw-only
    // treatment is reviewed at six weeks); with other areas too, it stays and each slower area
    // gets its own review.
    let base_follow_up = product.map(|p| p.follow_up);
    let late = |a: &crate::model::protocol::Area| {
        a.follow_up
            .is_some_and(|f| base_follow_up.is_none_or(|b| f > b))
    };
    let all_late =
        !areas.is_empty() && areas.len() == treated.len() && areas.iter().all(|a| late(a));
    let follow_up = if all_late {
        areas.iter().filter_map(|a| a.follow_up).max()
    } else {
        base_follow_up
    };
    let mut reminders: Vec<ReminderAt> = Vec::new();
    let anchored_at_t0 = protocol
        .reminders
        .iter()
        .filter(|r| r.after == Anchor::Appointment);
    for r in anchored_at_t0.filter(|r| r.applies_to(treated)) {
        let at = match (r.kind, follow_up) {
            (ReminderKind::FollowUp, Some(moved)) => moved,
            _ => r.at,
        };
        let title = match r.kind {
            ReminderKind::FollowUp => format!("{} ({})", r.title, elapsed_label(at)),
            _ => r.title.clone(),
        };
        reminders.push(ReminderAt {
            id: r.id.clone(),
            kind: r.kind,
            at: t0 + at,
            title,
            text: r.text.clone(),
            alarm: r.alarm,
            source: r.source.clone(),
        });
        if r.kind == ReminderKind::FollowUp && !all_late {
            for a in areas.iter().filter(|a| late(a)) {
                let at = a.follow_up.unwrap_or(r.at);
                reminders.push(ReminderAt {
                    id: format!("{}-{}", r.id, a.id),
                    kind: r.kind,
                    at: t0 + at,
                    title: format!("Review: {} ({})", a.name, elapsed_label(at)),
                    text: format!(
                        "The effect on the {} builds over several weeks, so this is when to review it with your provider.",
                        a.name
                    ),
                    alarm: r.alarm,
                    source: a.source.clone(),
                });
            }
        }
    }
    let placed = |r: &crate::model::protocol::Reminder,
                  id: String,
                  at: DateTime<Zone>,
                  text: String| ReminderAt {
        id,
        kind: r.kind,
        at,
        title: r.title.clone(),
        text,
        alarm: r.alarm,
        source: r.source.clone(),
    };
    if let (Some(p), Some(r)) = (product, protocol.anchored(Anchor::Results)) {
        let mut source = r.source.clone();
        source.extend(p.source.iter().filter(|s| !r.source.contains(s)).cloned());
        reminders.push(ReminderAt {
            source,
            ..placed(
                r,
                r.id.clone(),
                t0 + p.results_from,
                format!("{} {}", p.results, r.text),
            )
        });
    }
    if let Some(r) = protocol.anchored(Anchor::Setback) {
        for (i, &at) in setbacks.iter().filter(|s| **s >= t0).enumerate() {
            reminders.push(placed(
                r,
                format!("{}-{}", r.id, i + 1),
                at + r.at,
                r.text.clone(),
            ));
        }
    }
    if let (true, Some(r)) = (
        options.next_treatment,
        protocol.anchored(Anchor::NextTreatment),
    ) {
        let wait = areas
            .iter()
            .filter_map(|a| a.next_treatment)
            .chain(product.map(|p| p.next_treatment))
            .fold(r.at, Duration::max);
        let at = next_treatment_day(t0, wait, routine, appointment.start.time());
        let text = r.text.replace("{days}", &wait.num_days().to_string());
        reminders.push(placed(r, r.id.clone(), at, text));
    }
    let mut warnings = protocol.warnings.clone();
    for a in &areas {
        for w in &a.warnings_first {
            if !warnings.first.contains(w) {
                warnings.first.push(w.clone());
            }
        }
    }
    reminders.sort_by_key(|r| r.at);

    let mut plan = Plan {
        appointment: AppointmentSpan {
            start: appointment.start,
            end: t0,
            tz,
            tz_data: crate::tz::db::database().describe(),
            areas: appointment.areas.clone(),
            product: appointment.product.clone(),
            setbacks: setbacks.into_iter().filter(|s| *s >= t0).collect(),
        },
        sweat,
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
    let clocks = clock_changes(&plan);
    plan.notes.extend(clocks);
    let (from, to) = (plan.appointment.start, plan.last_instant());
    if crate::tz::older_data_differs(tz, from.to_utc(), to.to_utc()) {
        plan.notes.push(format!(
            "The clock rules of {} changed recently ({}): a phone or computer whose time-zone \
             data is older may show other times, so the calendar file gives them in UTC.",
            tz.name(),
            plan.appointment.tz_data
        ));
    }
    plan
}

/// A note for each change of the clocks while the plan runs: the times shown already allow for
/// it, and the person should know their clock will jump. Names the tz data the times come from.
fn clock_changes(plan: &Plan) -> Vec<String> {
    let tz = plan.appointment.tz;
    let from = plan.appointment.start.with_timezone(&chrono::Utc);
    let to = plan.last_instant().with_timezone(&chrono::Utc);
    crate::tz::transitions(tz, from, to)
        .iter()
        .map(|change| {
            let before = change.local_before();
            let after =
                change.at.naive_utc() + Duration::seconds(change.to.local_minus_utc().into());
            let forward = change.to.local_minus_utc() > change.from.local_minus_utc();
            let way = if forward { "forward" } else { "back" };
            // A jump of a whole day (across the date line) names both dates.
            let (from, to) = if before.date() == after.date() {
                (before.format("%H:%M"), after.format("%H:%M"))
            } else {
                (
                    before.format("%a %-d %b %H:%M"),
                    after.format("%a %-d %b %H:%M"),
                )
            };
            format!(
                "The clocks go {way} on {} ({from} becomes {to}); the times here allow for it \
                 (time-zone data: {}).",
                before.format("%a %-d %b %Y"),
                plan.appointment.tz_data
            )
        })
        .collect()
}

/// One occurrence of a workout, before it is checked against the protocol.
struct Occurrence<'a> {
    name: &'a str,
    activity: &'a str,
    /// The habits file's intensity; `None` takes the catalogue's.
    intensity: Option<Intensity>,
    start: DateTime<Zone>,
    minutes: u32,
    note: Option<String>,
}

/// "day 14", or "week 6" for whole weeks from four on.
fn elapsed_label(d: Duration) -> String {
    let days = d.num_days();
    if days >= 28 && days % 7 == 0 {
        format!("week {}", days / 7)
    } else {
        format!("day {days}")
    }
}

/// The first day at least `wait` after `t0` with no habitual workout (within two weeks; else
/// the first day), at the appointment's time of day.
fn next_treatment_day(
    t0: DateTime<Zone>,
    wait: Duration,
    routine: &Routine,
    time: chrono::NaiveTime,
) -> DateTime<Zone> {
    let tz = t0.timezone();
    let first = (t0 + wait).date_naive();
    let busy = |date: chrono::NaiveDate| {
        routine
            .workouts
            .iter()
            .any(|w| w.days.contains(&chrono::Datelike::weekday(&date)))
            || routine
                .fixed
                .iter()
                .any(|f| f.start.with_timezone(&tz).date_naive() == date)
    };
    let day = first
        .iter_days()
        .take(14)
        .find(|d| !busy(*d))
        .unwrap_or(first);
    resolve_recurring(day.and_time(time), tz).0
}

/// A setback at `at`: the stage in force is held until `hold` (24 h by default) after it, and
/// every later stage moves by the same amount. In the last stage (nothing to hold), the stage
/// before it is repeated for `hold`.
fn hold_stage(stages: &mut Vec<(StageSpan, &Stage)>, at: DateTime<Zone>, hold: Duration) {
    let hold_until = at + hold;
    let Some(k) = stages
        .iter()
        .position(|(s, _)| s.start <= at && s.end.is_none_or(|e| at < e))
    else {
        return;
    };
    if stages[k].0.end.is_none() {
        if k == 0 {
            return;
        }
        let (mut repeat, stage) = stages[k - 1].clone();
        repeat.start = at;
        repeat.end = Some(hold_until);
        stages[k].0.end = Some(at);
        let mut last = stages[k].clone();
        last.0.start = hold_until;
        last.0.end = None;
        stages.push((repeat, stage));
        stages.push(last);
        return;
    }
    let end = stages[k].0.end.unwrap_or(hold_until);
    let delta = hold_until - end;
    if delta <= Duration::zero() {
        return;
    }
    stages[k].0.end = Some(hold_until);
    for (span, _) in stages.iter_mut().skip(k + 1) {
        span.start += delta;
        span.end = span.end.map(|e| e + delta);
    }
}

struct Adapted {
    outcome: Outcome,
    text: String,
    instead: Option<String>,
    instead_minutes: Option<u32>,
    instead_name: Option<String>,
    blocked_by: Vec<String>,
}

/// Decides what a session becomes: the rules whose windows overlap it and the stage it starts in
/// forbid intensities and attributes; the first activity of the `easier` chain that nothing
/// forbids replaces it.
#[allow(clippy::too_many_arguments)]
fn adapt(
    activity: &Activity,
    intensity: Intensity,
    minutes: u32,
    stage: &Stage,
    windows: &[Window],
    protocol: &Protocol,
    routine: &Routine,
    (start, end): (DateTime<Zone>, DateTime<Zone>),
) -> Adapted {
    let active: Vec<_> = windows
        .iter()
        .filter(|w| w.start < end && start < w.end)
        .filter_map(|w| protocol.rule(&w.rule))
        .collect();
    let blockers = |a: &Activity, i: Intensity| -> Vec<String> {
        let mut ids: Vec<String> = active
            .iter()
            .filter(|r| r.forbids_activity(a, i))
            .map(|r| r.id.clone())
            .collect();
        if stage.forbids_activity(a, i) {
            ids.push(stage.id.clone());
        }
        ids
    };
    let scaled = |i: Intensity| match &stage.scale {
        Some(scale) if i >= Intensity::Moderate => Some(scale.clone()),
        _ => None,
    };

    let blocked_by = blockers(activity, intensity);
    if blocked_by.is_empty() {
        return match scaled(intensity) {
            Some(scale) => Adapted {
                outcome: Outcome::Scale,
                text: format!("same session {scale}"),
                instead: None,
                instead_minutes: None,
                instead_name: None,
                blocked_by,
            },
            None => Adapted {
                outcome: Outcome::Keep,
                text: "fine as usual".to_string(),
                instead: None,
                instead_minutes: None,
                instead_name: None,
                blocked_by,
            },
        };
    }

    let mut candidate = activity
        .easier
        .as_deref()
        .and_then(|id| routine.catalogue.get(id));
    while let Some(c) = candidate {
        if blockers(c, c.intensity).is_empty() {
            let m = stage
                .substitute_minutes
                .map_or(minutes, |cap| cap.min(minutes));
            let mut text = format!("{m} min {}", c.name);
            if let Some(scale) = scaled(c.intensity) {
                text.push(' ');
                text.push_str(&scale);
            }
            if let Some(note) = &stage.note {
                text.push_str("; ");
                text.push_str(note);
            }
            return Adapted {
                outcome: Outcome::Replace,
                text,
                instead: Some(c.id.clone()),
                instead_minutes: Some(m),
                instead_name: Some(c.name.clone()),
                blocked_by,
            };
        }
        candidate = c.easier.as_deref().and_then(|id| routine.catalogue.get(id));
    }
    let reasons: Vec<&str> = active
        .iter()
        .filter(|r| blocked_by.contains(&r.id))
        .map(|r| r.title.as_str())
        .collect();
    Adapted {
        outcome: Outcome::Skip,
        text: if reasons.is_empty() {
            format!("skip this session ({} stage)", stage.title.to_lowercase())
        } else {
            format!("skip this session ({})", reasons.join(", "))
        },
        instead: None,
        instead_minutes: None,
        instead_name: None,
        blocked_by,
    }
}
