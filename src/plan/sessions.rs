//! Habitual sessions from T0 until the full routine is back: each weekly workout at its local
//! time (and each dated one read from a calendar), adapted to the stage it starts in and the
//! windows it overlaps.

use chrono::{DateTime, Duration};

use crate::model::{
    Activity, Intensity, Outcome, Protocol, Routine, Session, Stage, StageSpan, Window,
};
use crate::tz::{Zone, resolve_recurring};
use crate::units::fill;

/// What every session of a plan is placed against.
pub(super) struct Context<'a> {
    pub(super) tz: Zone,
    pub(super) t0: DateTime<Zone>,
    pub(super) stages: &'a [(StageSpan, &'a Stage)],
    pub(super) windows: &'a [Window],
    pub(super) protocol: &'a Protocol,
    pub(super) routine: &'a Routine,
}

/// The sessions, in time order: from T0 until the full routine is back, and after it the
/// first sessions back while they still ease in (fact A10). A workout on a date the zone
/// skipped, or listed twice at the same time, gets a note.
pub(super) fn place(ctx: &Context<'_>, notes: &mut Vec<String>) -> Vec<Session> {
    // The last stage has no end: sessions in it are the usual routine.
    let last_start = ctx.stages.last().map_or(ctx.t0, |(s, _)| s.start);
    // Fact A10: the first sessions from the easing stage on are planned as in it.
    let easing = ctx.protocol.easing.as_ref().and_then(|e| {
        let at = ctx.stages.iter().position(|(s, _)| s.id == e.stage)?;
        Some((at, e.sessions))
    });
    let mut eased = 0;
    let mut sessions = Vec::new();
    // Sessions after the full routine is back are in the plan only while they still ease in:
    // if the first ones back have not all come by then, look up to two weeks further.
    let first_day = ctx.t0.date_naive();
    let mut pending: std::collections::VecDeque<_> =
        occurrences(ctx, (first_day, last_start.date_naive()), true, notes).into();
    let mut extended = false;
    while let Some(o) = pending.pop_front().or_else(|| {
        let still_easing = easing.is_some_and(|(_, count)| eased < count);
        if extended || !still_easing {
            return None;
        }
        extended = true;
        let after = last_start.date_naive().succ_opt()?;
        let until = (last_start + Duration::days(14)).date_naive();
        pending = occurrences(ctx, (after, until), false, notes).into();
        pending.pop_front()
    }) {
        let still_easing = easing.is_some_and(|(_, count)| eased < count);
        if o.start < ctx.t0 || (o.start >= last_start && !still_easing) {
            continue;
        }
        let Some(at) = ctx
            .stages
            .iter()
            .position(|(s, _)| s.start <= o.start && s.end.is_none_or(|e| o.start < e))
        else {
            continue;
        };
        let planned_as = match easing {
            Some((easing_at, count)) if at >= easing_at && eased < count => easing_at,
            _ => at,
        };
        let Some(session) = adapt_session(ctx, o, &ctx.stages[planned_as]) else {
            continue;
        };
        if easing.is_some_and(|(easing_at, _)| at >= easing_at) && session.outcome != Outcome::Skip
        {
            eased += 1;
        }
        sessions.push(session);
    }
    sessions.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.name.cmp(&b.name)));
    sessions
}

/// Every occurrence on the local dates `days` (inclusive), once each, in time order; with
/// `dated`, the routine's dated sessions (from a calendar export) too.
fn occurrences<'a>(
    ctx: &Context<'a>,
    days: (chrono::NaiveDate, chrono::NaiveDate),
    dated: bool,
    notes: &mut Vec<String>,
) -> Vec<Occurrence<'a>> {
    let wording = &ctx.protocol.wording;
    let mut occurrences: Vec<Occurrence> = Vec::new();
    let (first_day, last_day) = days;
    for workout in &ctx.routine.workouts {
        for date in first_day.iter_days().take_while(|d| *d <= last_day) {
            if !workout.days.contains(&chrono::Datelike::weekday(&date)) {
                continue;
            }
            let (start, note) = resolve_recurring(date.and_time(workout.at), ctx.tz);
            if start.date_naive() != date {
                // The whole day was skipped (Samoa and Tokelau moved across the date line on
                // 30 Dec 2011): moving the session forward would land it on the next day's, so
                // there is none that day.
                notes.push(fill(
                    &wording.date_skipped,
                    &[
                        ("date", &date.format("%a %-d %b %Y").to_string()),
                        ("zone", ctx.tz.name()),
                        ("workout", &workout.name),
                    ],
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
    for fixed in ctx.routine.fixed.iter().filter(|_| dated) {
        occurrences.push(Occurrence {
            name: &fixed.name,
            activity: &fixed.activity,
            intensity: None,
            start: fixed.start.with_timezone(&ctx.tz),
            minutes: fixed.minutes,
            note: None,
        });
    }
    // The same workout twice at the same time (a calendar export read twice, a habits entry
    // copied) is one session: two would share a UID.
    let before = occurrences.len();
    let key = |o: &Occurrence<'a>| (o.start, o.name, o.activity, o.minutes);
    occurrences.sort_by_key(key);
    occurrences.dedup_by_key(|o| key(o));
    if occurrences.len() < before {
        notes.push(wording.workout_twice.clone());
    }
    occurrences
}

/// One occurrence as a session of the plan, planned as in `stage`.
fn adapt_session(
    ctx: &Context<'_>,
    o: Occurrence<'_>,
    (span, stage): &(StageSpan, &Stage),
) -> Option<Session> {
    // Routine guarantees known activities; nothing to plan otherwise.
    let activity = ctx.routine.catalogue.get(o.activity)?;
    let end = o.start + Duration::minutes(o.minutes as i64);
    let adapted = adapt(
        ctx,
        Usual {
            activity,
            intensity: o.intensity.unwrap_or(activity.intensity),
            minutes: o.minutes,
            stage,
            span: (o.start, end),
        },
    );
    Some(Session {
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
    })
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

/// The usual session, as the person would do it, in the stage it starts in.
struct Usual<'a> {
    activity: &'a Activity,
    intensity: Intensity,
    minutes: u32,
    stage: &'a Stage,
    span: (DateTime<Zone>, DateTime<Zone>),
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
fn adapt(ctx: &Context<'_>, usual: Usual<'_>) -> Adapted {
    let Usual {
        activity,
        intensity,
        minutes,
        stage,
        span: (start, end),
    } = usual;
    let (protocol, routine, wording) = (ctx.protocol, ctx.routine, &ctx.protocol.wording);
    let active: Vec<_> = ctx
        .windows
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
    // The stage's scale in the activity's own terms ("of your usual pace" for a run).
    let scaled = |a: &Activity, i: Intensity| match &stage.scale {
        Some(scale) if i >= Intensity::Moderate => Some(fill(scale, &[("measure", a.measure())])),
        _ => None,
    };

    let blocked_by = blockers(activity, intensity);
    if blocked_by.is_empty() {
        return match scaled(activity, intensity) {
            Some(scale) => Adapted {
                outcome: Outcome::Scale,
                text: fill(&wording.scale, &[("scale", &scale)]),
                instead: None,
                instead_minutes: None,
                instead_name: None,
                blocked_by,
            },
            None => Adapted {
                outcome: Outcome::Keep,
                text: wording.keep.clone(),
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
            let mut text = fill(
                &wording.replace,
                &[("minutes", &m.to_string()), ("activity", &c.name)],
            );
            if let Some(scale) = scaled(c, c.intensity) {
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
                instead_name: Some(c.title_name().to_string()),
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
            fill(
                &wording.skip_stage,
                &[("stage", &stage.title.to_lowercase())],
            )
        } else {
            fill(&wording.skip_rules, &[("rules", &reasons.join(", "))])
        },
        instead: None,
        instead_minutes: None,
        instead_name: None,
        blocked_by,
    }
}
