//! Habitual sessions from T0 until the full routine is back: each weekly workout at its local
//! time (and each dated one read from a calendar), adapted to the stage it starts in and the
//! windows it overlaps.

use std::borrow::Cow;

use chrono::{DateTime, Duration};

use super::stages::Placed;
use crate::model::{Activity, Intensity, Outcome, Protocol, Routine, Session, Stage, Window};
use crate::tz::{Zone, resolve_recurring};
use crate::units::fill;
use crate::units::week::TimeStyle;

/// What every session of a plan is placed against.
pub(super) struct Context<'a> {
    pub(super) tz: Zone,
    pub(super) t0: DateTime<Zone>,
    pub(super) stages: &'a [Placed<'a>],
    pub(super) windows: &'a [Window],
    pub(super) protocol: &'a Protocol,
    pub(super) routine: &'a Routine,
}

/// The sessions, in time order, that are not yet the usual routine: each occurrence from T0
/// on is planned in the stage the clock has reached, held back by the ladder (see
/// [`crate::model::Ladder`]); those planned in the last stage are the usual routine and are
/// left out. A workout on a date the zone skipped, or listed twice at the same time, gets a
/// note.
pub(super) fn place(ctx: &Context<'_>, notes: &mut Vec<String>) -> Vec<Session> {
    let protocol = ctx.protocol;
    let rank = |id: &str| protocol.stages.iter().position(|s| s.id == id);
    let last_rank = protocol.stages.len().saturating_sub(1);
    let ladder = protocol
        .ladder
        .as_ref()
        .map(|l| (rank(&l.first).unwrap_or(last_rank), ctx.t0 + l.horizon));
    // Until the last stage starts for good (after any setback) and the ladder's horizon.
    let open_start = ctx.stages.last().map_or(ctx.t0, |(s, _)| s.start);
    let until = ladder.map_or(open_start, |(_, horizon)| horizon.max(open_start));
    let days = (ctx.t0.date_naive(), until.date_naive());
    // The planned rank of the last session done after the first stage.
    let mut previous: Option<usize> = None;
    let mut sessions = Vec::new();
    for o in occurrences(ctx, days, notes) {
        if o.start < ctx.t0 {
            continue;
        }
        let Some((span, in_force)) = ctx
            .stages
            .iter()
            .find(|(s, _)| s.start <= o.start && s.end.is_none_or(|e| o.start < e))
        else {
            continue;
        };
        let clock = rank(&span.id).unwrap_or(last_rank);
        let planned = match ladder {
            // The first stage is the same for everyone: no session there counts as back.
            Some(_) if clock == 0 => 0,
            Some((first, horizon)) => {
                let cap = match previous {
                    _ if o.start >= horizon => last_rank,
                    None => first,
                    Some(p) => p + 1,
                };
                clock.min(cap)
            }
            None => clock,
        };
        if planned >= last_rank {
            previous = Some(planned);
            continue;
        }
        let stage = planned_stage(protocol, in_force, clock, planned);
        let Some(session) = adapt_session(ctx, o, &stage) else {
            continue;
        };
        if clock > 0 && session.outcome != Outcome::Skip {
            previous = Some(planned);
        }
        sessions.push(session);
    }
    sessions.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.name.cmp(&b.name)));
    sessions
}

/// The stage a session is planned as: the one in force, or an earlier one the ladder holds it
/// to, with the bars of a setback in force kept.
fn planned_stage<'p>(
    protocol: &'p Protocol,
    in_force: &Cow<'p, Stage>,
    clock: usize,
    planned: usize,
) -> Cow<'p, Stage> {
    if planned == clock {
        return in_force.clone();
    }
    let Some(base) = protocol.stages.get(planned) else {
        return in_force.clone();
    };
    let protocol_stage = protocol.stages.get(clock);
    let added: Vec<_> = in_force
        .forbids
        .iter()
        .filter(|f| protocol_stage.is_some_and(|s| !s.forbids.contains(f)))
        .filter(|f| !base.forbids.contains(f))
        .copied()
        .collect();
    if added.is_empty() {
        return Cow::Borrowed(base);
    }
    let mut stage = base.clone();
    stage.forbids.extend(added);
    Cow::Owned(stage)
}

/// Every occurrence on the local dates `days` (inclusive), and the routine's dated sessions
/// (from a calendar export), once each, in time order.
fn occurrences<'a>(
    ctx: &Context<'a>,
    days: (chrono::NaiveDate, chrono::NaiveDate),
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
                        ("date", &TimeStyle::in_lang(ctx.protocol.lang).dated(date)),
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
    for fixed in &ctx.routine.fixed {
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
fn adapt_session(ctx: &Context<'_>, o: Occurrence<'_>, stage: &Stage) -> Option<Session> {
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
        uid_name: o.name.to_string(),
        activity: o.activity.to_string(),
        start: o.start,
        end,
        minutes: o.minutes,
        stage: stage.id.clone(),
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
    // The same session, lighter: what the stage says for what the activity measures.
    let scaled = |text: &str| Adapted {
        outcome: Outcome::Scale,
        text: fill(&wording.scale, &[("scale", text)]),
        instead: None,
        instead_minutes: None,
        instead_name: None,
        blocked_by: Vec::new(),
    };

    let blocked_by = blockers(activity, intensity);
    let scale = stage.scale_for(activity);
    if blocked_by.is_empty() {
        return match scale {
            Some(text) if intensity >= Intensity::Moderate => scaled(text),
            // Kept, in the stage's words: a yoga class in the build-up still builds up.
            _ => Adapted {
                outcome: Outcome::Keep,
                text: match &stage.note {
                    Some(note) => {
                        format!("{}{}{note}", wording.keep, ctx.protocol.lang.separator())
                    }
                    None => wording.keep.clone(),
                },
                instead: None,
                instead_minutes: None,
                instead_name: None,
                blocked_by,
            },
        };
    }
    // The activities of the `easier` chain that nothing forbids, gentlest last.
    let chain: Vec<&Activity> = std::iter::successors(
        activity
            .easier
            .as_deref()
            .and_then(|id| routine.catalogue.get(id)),
        |c| c.easier.as_deref().and_then(|id| routine.catalogue.get(id)),
    )
    .take(routine.catalogue.len())
    .filter(|c| blockers(c, c.intensity).is_empty())
    .collect();
    // A gentler activity instead: it is the lighter session, so it is not scaled again.
    let replace = |c: &Activity| {
        let m = stage
            .substitute_minutes
            .map_or(minutes, |cap| cap.min(minutes));
        let mut text = fill(
            &wording.replace,
            &[("minutes", &m.to_string()), ("activity", &c.name)],
        );
        if let Some(scale) = stage
            .scale_for(c)
            .filter(|_| stage.scale_substitutes.iter().any(|m| m == c.measure()))
        {
            text.push(' ');
            text.push_str(scale);
        }
        if let Some(note) = &stage.note {
            text.push_str(ctx.protocol.lang.separator());
            text.push_str(note);
        }
        Adapted {
            outcome: Outcome::Replace,
            text,
            instead: Some(c.id.clone()),
            instead_minutes: Some(m),
            instead_name: Some(c.title_name().to_string()),
            blocked_by: blocked_by.clone(),
        }
    };
    // First choice: the easier form of the same sport at the hardest the stage allows (an
    // easy run for a run, easy skiing for skiing).
    if let Some(c) = chain.iter().find(|c| c.intensity == stage.max_intensity) {
        return replace(c);
    }
    // Else, too hard for the stage and nothing else against it: done lighter, when the stage
    // says how for this activity (a heavy lift at a reduced load, not an hour of mobility work).
    if let Some(text) = scale
        && blockers(activity, intensity.min(stage.max_intensity)).is_empty()
    {
        return Adapted {
            blocked_by,
            ..scaled(text)
        };
    }
    if let Some(c) = chain.first() {
        return replace(c);
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
                &[("stage", &ctx.protocol.lang.in_sentence(&stage.title))],
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
