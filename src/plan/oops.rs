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
//! assert!(m.note.unwrap().contains("3 h 30 min after"));
//! ```

use chrono::{DateTime, Duration};
use serde::Serialize;

use crate::model::{Protocol, ReminderAt, Sweat, Until, Warnings};
use crate::tz::Zone;
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
    /// How the exercise relates to the appointment, when it is known.
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

/// Builds the monitoring plan for exercise at `exercised`; `appointment_end` (T0), when given,
/// puts it in context: exercise after the full routine was back is not too soon, and gets no
/// check-ins, only a note that says so.
pub fn monitoring(
    exercised: DateTime<Zone>,
    appointment_end: Option<DateTime<Zone>>,
    protocol: &Protocol,
    style: TimeStyle,
) -> Monitoring {
    let year = chrono::Datelike::year(&exercised.naive_local());
    let full_routine = appointment_end.map(|t0| t0 + full_routine_after(protocol));
    if let (Some(t0), Some(back)) = (appointment_end, full_routine)
        && exercised >= back
    {
        return Monitoring {
            exercised,
            checks: Vec::new(),
            note: Some(format!(
                "That was not too soon: your full routine was back from {} ({} after the \
                 appointment). Nothing to watch for beyond the usual.",
                style.when(back, year),
                crate::units::duration::format(back - t0)
            )),
            warnings: super::with_number(protocol.warnings.clone(), exercised.timezone()),
            guidance: protocol.guidance.clone(),
            style,
        };
    }
    let mut checks: Vec<ReminderAt> = protocol
        .oops
        .iter()
        .map(|r| ReminderAt {
            id: r.id.clone(),
            kind: r.kind,
            at: exercised + r.at,
            title: r.title.clone(),
            text: until_rules(&r.text, appointment_end, protocol, |t| style.when(t, year)),
            alarm: r.alarm,
            source: r.source.clone(),
        })
        .collect();
    // Out of the quiet hours, except the first (the person is up: they just exercised).
    super::quiet::apply(
        &mut checks,
        exercised,
        protocol.quiet_hours.as_ref(),
        &protocol.oops,
        &protocol.wording,
    );
    let note = appointment_end.map(|t0| {
        let since = exercised - t0;
        let (h, m) = (since.num_hours(), since.num_minutes() % 60);
        // How long the protocol's first stage lasts (by default, the no-strenuous window).
        let first = protocol.stages.first().and_then(|stage| {
            let hours = match stage.until.as_ref()? {
                Until::Elapsed(d) => d.num_hours(),
                Until::Rule(id) => protocol.rule(id)?.duration.num_hours(),
            };
            Some((stage.title.to_lowercase(), hours))
        });
        if since.num_minutes() < 0 {
            "That was before the appointment ended: no aftercare restriction applied yet."
                .to_string()
        } else {
            let mut note = format!("You exercised {h} h {m} min after the appointment ended");
            if let Some((stage, hours)) = first {
                note.push_str(&format!(
                    "; the protocol's first stage ({stage}) lasts {hours} h"
                ));
            }
            note.push_str(". Most of the time nothing comes of it: watch for the signs below.");
            note
        }
    });
    Monitoring {
        exercised,
        checks,
        note,
        warnings: super::with_number(protocol.warnings.clone(), exercised.timezone()),
        guidance: protocol.guidance.clone(),
        style,
    }
}

/// How long after T0 the full routine is back at the latest: the last stage's start, with
/// every rule at its longer (heavy-sweat) length, since the sweat level is not known here.
fn full_routine_after(protocol: &Protocol) -> Duration {
    protocol
        .stages
        .iter()
        .filter_map(|stage| match stage.until.as_ref()? {
            Until::Elapsed(d) => Some(*d),
            Until::Rule(id) => protocol.rule(id).map(|r| r.duration_for(Sweat::Heavy)),
        })
        .max()
        .unwrap_or_else(Duration::zero)
}

/// Fills `{until:RULE}`: when that rule's window ends, or, without the appointment's time, how
/// long after the appointment it runs.
fn until_rules(
    text: &str,
    appointment_end: Option<DateTime<Zone>>,
    protocol: &Protocol,
    when: impl Fn(DateTime<Zone>) -> String,
) -> String {
    let mut out = text.to_string();
    for rule in &protocol.rules {
        let key = format!("{{until:{}}}", rule.id);
        if !out.contains(&key) {
            continue;
        }
        let length = rule.duration_for(Sweat::Heavy);
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
