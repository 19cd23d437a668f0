//! A plan: the appointment, restriction windows, stages, sessions and reminders, placed in time
//! in the person's zone. Made by [`crate::plan`]; read by the renderers and serialised as JSON.

use chrono::{DateTime, Duration};
use serde::Serialize;

use crate::error::Result;
use crate::model::protocol::{ReminderKind, Sweat, Warnings};
use crate::tz::Zone;
use crate::units::{check_minutes, check_year, rfc3339};

/// The treatment appointment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Appointment {
    /// When it starts, in the person's zone.
    pub start: DateTime<Zone>,
    /// How long it lasts.
    pub minutes: u32,
    /// Treated area ids (the protocol's `[[area]]`s); empty when not given.
    pub areas: Vec<String>,
    /// Product id (the protocol's `[[product]]`s), if given.
    pub product: Option<String>,
    /// A touch-up of a recent treatment: planned as one (its own follow-up, no touch-up
    /// prompt).
    pub touch_up: bool,
}

impl Appointment {
    /// An appointment of `minutes` (1 to 720) starting at `start`. Errors name the fields
    /// `minutes` and `at`.
    pub fn new(start: DateTime<Zone>, minutes: u32) -> Result<Self> {
        use chrono::Datelike;
        check_minutes("minutes", minutes.into(), "an appointment length")?;
        check_year("at", start.naive_local(), start.year())?;
        crate::tz::check_supported("at", start.naive_local(), start)?;
        Ok(Appointment {
            start,
            minutes,
            areas: Vec::new(),
            product: None,
            touch_up: false,
        })
    }

    /// T0: the end of the appointment, where every window starts.
    pub fn end(&self) -> DateTime<Zone> {
        self.start + Duration::minutes(self.minutes as i64)
    }

    /// Checks that `t` (read from `text` in `field`: a setback, exercise) comes after the
    /// appointment ends.
    pub fn check_after_end(
        &self,
        field: &str,
        text: &str,
        t: DateTime<Zone>,
    ) -> Result<DateTime<Zone>> {
        if t < self.end() {
            return Err(crate::error::Error::invalid(
                field,
                text,
                format!(
                    "a time after the appointment ends ({})",
                    self.end().format("%Y-%m-%d %H:%M")
                ),
            ));
        }
        Ok(t)
    }

    /// The person's zone.
    pub fn tz(&self) -> Zone {
        self.start.timezone()
    }
}

/// The appointment as the plan shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AppointmentSpan {
    /// Start.
    #[serde(serialize_with = "rfc3339::ser")]
    pub start: DateTime<Zone>,
    /// End (T0).
    #[serde(serialize_with = "rfc3339::ser")]
    pub end: DateTime<Zone>,
    /// IANA zone name.
    #[serde(serialize_with = "rfc3339::ser_tz")]
    pub tz: Zone,
    /// The tz database the times come from (`tz 2026f, built in`).
    pub tz_data: &'static str,
    /// Treated areas.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<String>,
    /// Product.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// A touch-up visit.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub touch_up: bool,
    /// Setbacks applied, in time order.
    #[serde(
        serialize_with = "rfc3339::ser_vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub setbacks: Vec<DateTime<Zone>>,
}

/// A restriction window: one per rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Window {
    /// Rule id.
    pub rule: String,
    /// Short title (`no heat`).
    pub title: String,
    /// Start (T0).
    #[serde(serialize_with = "rfc3339::ser")]
    pub start: DateTime<Zone>,
    /// End (T0 + the rule's duration).
    #[serde(serialize_with = "rfc3339::ser")]
    pub end: DateTime<Zone>,
    /// What to avoid.
    pub avoid: String,
    /// Why.
    pub why: String,
    /// What to do instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instead: Option<String>,
    /// Fact ids.
    pub source: Vec<String>,
}

/// A stage of the return to exercise, placed in time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StageSpan {
    /// Stage id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Start.
    #[serde(serialize_with = "rfc3339::ser")]
    pub start: DateTime<Zone>,
    /// End; `null` for the last stage.
    #[serde(serialize_with = "rfc3339::ser_opt")]
    pub end: Option<DateTime<Zone>>,
    /// What is fine.
    pub advice: String,
    /// Set on the step back after a setback (`setbacks` in the appointment says when).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub setback: bool,
    /// Fact ids.
    pub source: Vec<String>,
}

/// What happens to a habitual session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Fine as usual.
    Keep,
    /// Same activity, lighter.
    Scale,
    /// A gentler activity instead.
    Replace,
    /// Nothing safe to do instead: skip it.
    Skip,
}

/// One occurrence of a habitual workout between T0 and the last stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Session {
    /// The workout's name.
    pub name: String,
    /// The workout's name as the routine gave it, before the plan's language named its
    /// activity: what the calendar's UIDs are made of, so that a plan made again in another
    /// language updates the same events.
    #[serde(skip)]
    pub uid_name: String,
    /// Its activity id.
    pub activity: String,
    /// Start.
    #[serde(serialize_with = "rfc3339::ser")]
    pub start: DateTime<Zone>,
    /// End.
    #[serde(serialize_with = "rfc3339::ser")]
    pub end: DateTime<Zone>,
    /// Usual length in minutes.
    pub minutes: u32,
    /// Stage id at the start of the session.
    pub stage: String,
    /// Keep, scale, replace or skip.
    pub outcome: Outcome,
    /// What to do, in words (`20 min leisurely walk; stay upright...`).
    pub substitute: String,
    /// The replacement activity id, for [`Outcome::Replace`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instead: Option<String>,
    /// Minutes of the replacement, for [`Outcome::Replace`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instead_minutes: Option<u32>,
    /// How a title calls the replacement (`cardio`), for [`Outcome::Replace`].
    #[serde(skip)]
    pub instead_name: Option<String>,
    /// Rule ids (and the stage id) that do not allow the usual session.
    pub blocked_by: Vec<String>,
    /// Set when the usual local time fell in a DST gap or fold.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A care reminder or check-in placed in time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReminderAt {
    /// Reminder id.
    pub id: String,
    /// Kind.
    pub kind: ReminderKind,
    /// When.
    #[serde(serialize_with = "rfc3339::ser")]
    pub at: DateTime<Zone>,
    /// Title.
    pub title: String,
    /// Text.
    pub text: String,
    /// Whether it carries an alarm in the calendar.
    pub alarm: bool,
    /// Fact ids.
    pub source: Vec<String>,
}

/// The complete aftercare plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// The language of its texts, which every output of it speaks (its calendar, page,
    /// e-mails and follow-ups).
    pub lang: crate::i18n::Lang,
    /// The appointment.
    pub appointment: AppointmentSpan,
    /// Sweat level used.
    pub sweat: Sweat,
    /// Name of the protocol used.
    pub protocol: String,
    /// "Follow your provider's instructions."
    pub guidance: String,
    /// One window per rule, in protocol order.
    pub windows: Vec<Window>,
    /// Stages, in order (stages of zero length are left out and noted).
    pub stages: Vec<StageSpan>,
    /// Habitual sessions from T0 until the last stage, in time order.
    pub sessions: Vec<Session>,
    /// Care reminders and check-ins, in time order.
    pub reminders: Vec<ReminderAt>,
    /// Warning signs.
    pub warnings: Warnings,
    /// What the source letters stand for (shared with the protocol: a batch makes a plan a row).
    pub sources: std::sync::Arc<std::collections::BTreeMap<String, String>>,
    /// Things the person should know about how the plan was made.
    pub notes: Vec<String>,
}

impl Plan {
    /// The last instant any event of the plan reaches.
    pub fn last_instant(&self) -> DateTime<Zone> {
        let ends = self.windows.iter().map(|w| w.end);
        let stages = self.stages.iter().map(|s| s.end.unwrap_or(s.start));
        let sessions = self.sessions.iter().map(|s| s.end);
        // A reminder lasts 15 minutes: only the latest one's end is computed (adding to a
        // zoned time looks its offset up again).
        let reminders = self
            .reminders
            .iter()
            .map(|r| r.at)
            .max()
            .map(|at| at + Duration::minutes(15));
        ends.chain(stages)
            .chain(sessions)
            .chain(reminders)
            .max()
            .unwrap_or(self.appointment.end)
            .max(self.appointment.end)
    }

    /// The stage that contains `t`.
    pub fn stage_at(&self, t: DateTime<Zone>) -> Option<&StageSpan> {
        self.stages
            .iter()
            .find(|s| s.start <= t && s.end.is_none_or(|end| t < end))
    }
}
