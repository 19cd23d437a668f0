//! A person's weekly routine: the workouts they usually do, with the catalogue their
//! activities come from. Read by [`crate::input::routine`] (habits files, `--workout` flags) and
//! [`crate::input::calendar`] (calendar exports).

use chrono::{DateTime, NaiveTime, Utc, Weekday};
use serde::Serialize;

use crate::model::activity::{Catalogue, Intensity, Reading};
use crate::model::protocol::Sweat;
use crate::units::week::day_id;

/// One weekly workout, validated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Workout {
    /// What the person calls it (`Morning HIIT`).
    pub name: String,
    /// Catalogue id.
    pub activity: String,
    /// Days of the week, Monday first, no repeats.
    #[serde(serialize_with = "serialize_days")]
    pub days: Vec<Weekday>,
    /// Local start time.
    pub at: NaiveTime,
    /// Length in minutes.
    pub minutes: u32,
    /// Intensity: the habits file's override, else the catalogue's.
    pub intensity: Intensity,
    /// Marked as the week's big workout.
    pub big: bool,
}

fn serialize_days<S: serde::Serializer>(days: &[Weekday], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(days.iter().map(|d| day_id(*d)))
}

/// A weekly routine with the catalogue its activities come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Routine {
    /// The workouts.
    pub workouts: Vec<Workout>,
    /// Dated occurrences read from a calendar export (see [`crate::input::calendar`]).
    pub fixed: Vec<FixedSession>,
    /// Sweat level from the habits file, if it gave one.
    pub sweat: Option<Sweat>,
    /// The language the person reads, from the habits file, if it gave one (`language = "es"`).
    pub lang: Option<crate::i18n::Lang>,
    /// The built-in catalogue plus any custom activities.
    pub catalogue: Catalogue,
    /// Activities read from free words by one of their words, for the plan's notes.
    pub readings: Vec<Reading>,
}

/// One occurrence of a workout read from a calendar.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FixedSession {
    /// The event's summary.
    pub name: String,
    /// The activity it was classified as.
    pub activity: String,
    /// Start.
    pub start: DateTime<Utc>,
    /// Length in minutes.
    pub minutes: u32,
}

impl Routine {
    /// True when the routine has no workouts.
    pub fn is_empty(&self) -> bool {
        self.workouts.is_empty() && self.fixed.is_empty()
    }
}
