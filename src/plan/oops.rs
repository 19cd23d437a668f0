//! "I exercised too soon": a short monitoring plan (fact A13). Not a disaster: check the
//! treated areas over the following hours and days, know what to look for, when to call the
//! provider, and the emergency signs.
//!
//! Pure, like the planner: the check-ins are the protocol's `[[oops]]` entries, at elapsed
//! times from the moment of exercise.
//!
//! ```
//! use aftercare::plan::oops::monitoring;
//! use aftercare::model::Protocol;
//! use chrono::TimeZone;
//!
//! let tz: aftercare::tz::Zone = "America/New_York".parse().unwrap();
//! let exercised = tz.with_ymd_and_hms(2026, 12, 4, 19, 0, 0).unwrap();
//! let appointment_end = tz.with_ymd_and_hms(2026, 12, 4, 15, 30, 0).unwrap();
//! let m = monitoring(exercised, Some(appointment_end), &Protocol::builtin(), Default::default());
//! assert_eq!(m.checks[0].at, exercised);
//! assert!(m.note.unwrap().contains("3 hours 30 minutes after"));
//! ```

use chrono::{DateTime, Duration};
use serde::Serialize;

use crate::model::{
    Activity, Attribute, Protocol, Reading, ReminderAt, ReminderKind, Sweat, Until, Warnings,
};
use crate::tz::Zone;
use crate::units::fill;
use crate::units::rfc3339;
use crate::units::week::TimeStyle;

/// The monitoring plan after exercising too soon.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Monitoring {
    /// When the exercise happened.
    #[serde(serialize_with = "rfc3339::ser")]
    pub exercised: DateTime<Zone>,
    /// Check-ins, in time order.
    pub checks: Vec<ReminderAt>,
    /// The sweat level the lengths are counted at, when it was given (else the longer,
    /// heavy-sweat lengths).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sweat: Option<Sweat>,
    /// What was done (a catalogue id), when it was said.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activity: Option<String>,
    /// How the exercise relates to the appointment, when it is known, and how the activity
    /// was read from free words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Warning signs.
    pub warnings: Warnings,
    /// "Follow your provider's instructions."
    pub guidance: String,
    /// How the times in its texts read, for the renderers too.
    #[serde(skip)]
    pub style: TimeStyle,
}

/// What is known about the exercise beyond its time.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Exercise {
    /// The plan's sweat level; not known counts every rule at its longer (heavy-sweat) length.
    pub sweat: Option<Sweat>,
    /// What was done: an activity with heat gets the heat check-in (`[wording] oops_heat`).
    pub activity: Option<Activity>,
    /// How free words were read as that activity, when they were a guess.
    pub reading: Option<Reading>,
    /// The plan's own stages, when there is a plan (the web app's): the stage the exercise fell
    /// in, its end and the full routine's return are then the plan's, which a setback or the
    /// ladder may have moved, rather than the protocol's usual offsets.
    pub stages: Vec<crate::model::StageSpan>,
}

/// Builds the monitoring plan for exercise at `exercised`, not knowing the sweat level or what
/// was done (see [`monitoring_for`]).
pub fn monitoring(
    exercised: DateTime<Zone>,
    appointment_end: Option<DateTime<Zone>>,
    protocol: &Protocol,
    style: TimeStyle,
) -> Monitoring {
    monitoring_for(
        exercised,
        appointment_end,
        protocol,
        style,
        &Exercise::default(),
    )
}

/// Builds the monitoring plan for exercise at `exercised`; `appointment_end` (T0), when given,
/// puts it in context: exercise after the full routine was back is not too soon, and gets no
/// check-ins, only a note that says so. Every length is the one the plan has at the sweat level
/// given, and an activity with heat adds its own check-in.
pub fn monitoring_for(
    exercised: DateTime<Zone>,
    appointment_end: Option<DateTime<Zone>>,
    protocol: &Protocol,
    style: TimeStyle,
    exercise: &Exercise,
) -> Monitoring {
    let year = chrono::Datelike::year(&exercised.naive_local());
    let when = |t| style.when(t, year);
    let wording = &protocol.wording;
    let sweat = exercise.sweat.unwrap_or(Sweat::Heavy);
    let read = exercise.reading.as_ref().map(|r| r.note(wording));
    let with_read = |note: String| match &read {
        Some(read) => format!("{read} {note}"),
        None => note,
    };
    let full_routine = match exercise.stages.last() {
        Some(last) => Some(last.start),
        None => appointment_end.map(|t0| t0 + full_routine_after(protocol, sweat)),
    };
    let bare = |checks, note| Monitoring {
        exercised,
        sweat: exercise.sweat,
        activity: exercise.activity.as_ref().map(|a| a.id.clone()),
        checks,
        note,
        warnings: super::with_number(protocol.warnings.clone(), exercised.timezone()),
        guidance: protocol.guidance.clone(),
        style,
    };
    if let (Some(t0), Some(back)) = (appointment_end, full_routine)
        && exercised >= back
    {
        let note = fill(
            &wording.oops_not_too_soon,
            &[
                ("when", &when(back)),
                ("after", &crate::units::duration::format(back - t0)),
            ],
        );
        return bare(Vec::new(), Some(with_read(note)));
    }
    let mut checks: Vec<ReminderAt> = protocol
        .oops
        .iter()
        .map(|r| ReminderAt {
            id: r.id.clone(),
            kind: r.kind,
            at: exercised + r.at,
            title: r.title.replace(
                "{after}",
                &crate::units::duration::spoken(r.at, protocol.lang),
            ),
            text: until_rules(&r.text, appointment_end, protocol, sweat, when),
            alarm: r.alarm,
            source: r.source.clone(),
        })
        .collect();
    if let Some(activity) = exercise
        .activity
        .as_ref()
        .filter(|a| a.has(Attribute::Heat))
    {
        checks.extend(heat_check(
            exercised,
            appointment_end,
            protocol,
            sweat,
            activity,
            when,
        ));
    }
    checks.sort_by_key(|c| c.at);
    // Out of the quiet hours, except the first (the person is up: they just exercised).
    super::quiet::apply(
        &mut checks,
        exercised,
        protocol.quiet_hours.as_ref(),
        &protocol.oops,
        &protocol.wording,
        protocol.lang,
    );
    let note = appointment_end.map(|t0| {
        let since = exercised - t0;
        if since.num_minutes() < 0 {
            return wording.oops_before.clone();
        }
        // The stage the exercise fell in, by the clock, and when it ends after the appointment,
        // at a sweat level (the last stage has no end: exercise then was not too soon).
        let in_force = |sweat| {
            // The plan's stage at that moment, and how long after the appointment it ends.
            if let Some(stage) = exercise
                .stages
                .iter()
                .find(|s| s.start <= exercised && s.end.is_some_and(|e| exercised < e))
            {
                let end = stage.end.map_or(Duration::zero(), |e| e - t0);
                return (protocol.lang.in_sentence(&stage.title), end);
            }
            let mut end = Duration::zero();
            for stage in &protocol.stages {
                let until = match stage.until.as_ref() {
                    Some(Until::Elapsed(d)) => *d,
                    Some(Until::Rule(id)) => {
                        protocol.rule(id).map_or(end, |r| r.duration_for(sweat))
                    }
                    None => break,
                };
                end = end.max(until);
                if since < end {
                    return (protocol.lang.in_sentence(&stage.title), end);
                }
            }
            (String::new(), end)
        };
        let (stage, length) = in_force(sweat);
        // Not knowing the sweat level, the note gives both lengths when they differ.
        let length = match exercise.sweat {
            None if in_force(Sweat::Moderate).1 != length => fill(
                &wording.oops_lengths,
                &[
                    (
                        "usual",
                        &crate::units::duration::spoken(in_force(Sweat::Moderate).1, protocol.lang),
                    ),
                    (
                        "heavy",
                        &crate::units::duration::spoken(length, protocol.lang),
                    ),
                ],
            ),
            _ => fill(
                &wording.oops_length,
                &[
                    (
                        "length",
                        &crate::units::duration::spoken(length, protocol.lang),
                    ),
                    ("sweat", Sweat::as_str(sweat)),
                ],
            ),
        };
        fill(
            &wording.oops_soon,
            &[
                (
                    "since",
                    &crate::units::duration::spoken(since, protocol.lang),
                ),
                ("stage", &stage),
                ("length", &length),
            ],
        )
    });
    let note = match note {
        Some(note) => Some(with_read(note)),
        None => read.clone(),
    };
    bare(checks, note)
}

/// The check-in for exercise with heat (hot yoga, sauna...): cool down, and no heat until the
/// rules against it end. Cites those rules' sources.
fn heat_check(
    exercised: DateTime<Zone>,
    appointment_end: Option<DateTime<Zone>>,
    protocol: &Protocol,
    sweat: Sweat,
    activity: &Activity,
    when: impl Fn(DateTime<Zone>) -> String,
) -> Option<ReminderAt> {
    let against: Vec<_> = protocol
        .rules
        .iter()
        .filter(|r| r.forbids.contains(&Attribute::Heat))
        .collect();
    let longest = against.iter().map(|r| r.duration_for(sweat)).max()?;
    let until = match appointment_end {
        Some(t0) => when(t0 + longest),
        None => format!(
            "{} after your appointment",
            crate::units::duration::format(longest)
        ),
    };
    let mut source: Vec<String> = against.iter().flat_map(|r| r.source.clone()).collect();
    source.sort();
    source.dedup();
    let name = activity.name.as_str();
    Some(ReminderAt {
        id: "oops-heat".to_string(),
        kind: ReminderKind::Care,
        at: exercised,
        title: fill(&protocol.wording.oops_heat_title, &[("activity", name)]),
        text: fill(
            &protocol.wording.oops_heat,
            &[("activity", name), ("until", &until)],
        ),
        alarm: true,
        source,
    })
}

/// How long after T0 the full routine is back at the latest: the last stage's start, with
/// every rule at its length for `sweat`.
fn full_routine_after(protocol: &Protocol, sweat: Sweat) -> Duration {
    protocol
        .stages
        .iter()
        .filter_map(|stage| match stage.until.as_ref()? {
            Until::Elapsed(d) => Some(*d),
            Until::Rule(id) => protocol.rule(id).map(|r| r.duration_for(sweat)),
        })
        .max()
        .unwrap_or_else(Duration::zero)
}

/// Fills `{until:RULE}`: when that rule's window ends at this sweat level, or, without the
/// appointment's time, how long after the appointment it runs.
fn until_rules(
    text: &str,
    appointment_end: Option<DateTime<Zone>>,
    protocol: &Protocol,
    sweat: Sweat,
    when: impl Fn(DateTime<Zone>) -> String,
) -> String {
    let mut out = text.to_string();
    for rule in &protocol.rules {
        let key = format!("{{until:{}}}", rule.id);
        if !out.contains(&key) {
            continue;
        }
        let length = rule.duration_for(sweat);
        let when = match appointment_end {
            Some(t0) => when(t0 + length),
            None => format!(
                "{} after your appointment",
                crate::units::duration::format(length)
            ),
        };
        out = out.replace(&key, &when);
    }
    out
}
