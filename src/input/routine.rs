//! A person's weekly workout routine: from a habits file (TOML or JSON) or `--workout` flags.
//!
//! ```
//! use aftercare::model::Routine;
//!
//! let toml = r#"
//! sweat = "heavy"
//!
//! [[workout]]
//! name = "Morning HIIT"
//! activity = "hiit"
//! days = "mon,wed,fri"
//! at = "06:30"
//! minutes = 45
//! "#;
//! let mut routine = Routine::parse(toml, "my-week.toml".as_ref()).unwrap();
//! routine.add_workout("sat 09:00 1h30m running").unwrap();
//! assert_eq!(routine.workouts.len(), 2);
//! assert_eq!(routine.workouts[1].minutes, 90);
//! ```

use std::path::Path;

use chrono::Weekday;
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::input::limits::{
    self, MAX_ACTIVITIES, MAX_NAME_CHARS, MAX_SESSIONS_PER_WEEK, MAX_WORKOUTS,
};
use crate::input::{self, locate};
use crate::model::{Activity, Catalogue, Intensity, Reading, Routine, Sweat, Workout};
use crate::units::week::{parse_days, parse_time};
use crate::units::{capitalise, check_minutes, duration};

/// The commented template `aftercare habits init` writes.
pub const TEMPLATE: &str = include_str!("../data/habits-template.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HabitsFile {
    #[serde(default)]
    sweat: Option<Sweat>,
    #[serde(default)]
    language: Option<crate::i18n::Lang>,
    #[serde(default, rename = "workout")]
    workouts: Vec<WorkoutFile>,
    #[serde(default, rename = "activity")]
    activities: Vec<Activity>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WorkoutFile {
    #[serde(default)]
    name: Option<String>,
    activity: String,
    days: Days,
    at: String,
    minutes: u32,
    #[serde(default)]
    intensity: Option<Intensity>,
    #[serde(default)]
    big: bool,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Days {
    Text(String),
    List(Vec<String>),
}

/// An empty routine with the built-in catalogue.
/// One workout as written, before it is checked against the catalogue.
struct WorkoutSpec<'a> {
    name: Option<String>,
    activity: &'a str,
    days: Vec<Weekday>,
    at: &'a str,
    minutes: i64,
    intensity: Option<Intensity>,
    big: bool,
}

impl Default for Routine {
    fn default() -> Self {
        Routine {
            workouts: Vec::new(),
            fixed: Vec::new(),
            sweat: None,
            lang: None,
            catalogue: Catalogue::builtin(),
            readings: Vec::new(),
        }
    }
}

impl Routine {
    /// Parses a habits file (TOML, or JSON when `path` ends in `.json`).
    pub fn parse(text: &str, path: &Path) -> Result<Self> {
        let file: HabitsFile = input::parse_structured(text, path)?;
        Self::from_file(file, text).map_err(|b| {
            let (line, e) = *b;
            input::file_error(path, line, e)
        })
    }

    /// Reads a habits file's content given as JSON in `field` (the API's `habits`): errors
    /// name the field inside it (`habits.workout 2.at`).
    pub fn from_json(field: &str, value: &serde_json::Value) -> Result<Self> {
        let file = HabitsFile::deserialize(value)
            .map_err(|e| Error::invalid(field, "", format!("the content of a habits file: {e}")))?;
        Self::from_file(file, "").map_err(|b| b.1.in_field(field))
    }

    /// The routine of a habits file read from `text` (for the lines of errors, which name
    /// the field).
    fn from_file(file: HabitsFile, text: &str) -> Result<Self, Box<(Option<usize>, Error)>> {
        let whole = |e| Box::new((None, e));
        limits::count("workout", file.workouts.len(), MAX_WORKOUTS, "workouts").map_err(whole)?;
        limits::count(
            "activity",
            file.activities.len(),
            MAX_ACTIVITIES,
            "activities",
        )
        .map_err(whole)?;
        for (i, a) in file.activities.iter().enumerate() {
            let texts = [
                ("id", Some(&a.id)),
                ("name", Some(&a.name)),
                ("short", a.short.as_ref()),
                ("measure", a.measure.as_ref()),
            ];
            for (key, value) in texts {
                if let Some(value) = value {
                    limits::chars(&format!("activity {}.{key}", i + 1), value, MAX_NAME_CHARS)
                        .map_err(whole)?;
                }
            }
        }
        let mut catalogue = Catalogue::builtin();
        catalogue.extend(file.activities).map_err(whole)?;
        let mut routine = Routine {
            workouts: Vec::new(),
            fixed: Vec::new(),
            sweat: file.sweat,
            lang: file.language,
            catalogue,
            readings: Vec::new(),
        };
        for (i, w) in file.workouts.into_iter().enumerate() {
            let label = format!("workout {}", i + 1);
            let days = match &w.days {
                Days::Text(t) => parse_days("days", t),
                Days::List(l) => parse_days("days", &l.join(",")),
            };
            let line = |value: &str, key: &str| locate(text, key, value);
            let workout = days
                .and_then(|days| {
                    routine.validated(WorkoutSpec {
                        name: w.name.clone(),
                        activity: &w.activity,
                        days,
                        at: &w.at,
                        minutes: w.minutes.into(),
                        intensity: w.intensity,
                        big: w.big,
                    })
                })
                .map_err(|e| {
                    let line = match &e {
                        Error::Unknown { value, .. } | Error::Invalid { value, .. } => {
                            line(value, "activity")
                                .or(line(value, "at"))
                                .or(line(value, "days"))
                        }
                        _ => None,
                    };
                    Box::new((line, e.in_field(&label)))
                })?;
            routine.push(workout);
        }
        routine.check_week("workout").map_err(whole)?;
        Ok(routine)
    }

    /// Refuses a week of more than [`MAX_SESSIONS_PER_WEEK`] sessions (a workout counts once
    /// per day it is on); `field` names where the workouts came from.
    fn check_week(&self, field: &str) -> Result<()> {
        let sessions = self.workouts.iter().map(|w| w.days.len()).sum();
        limits::count(field, sessions, MAX_SESSIONS_PER_WEEK, "sessions a week")
    }

    /// Adds one workout written as `DAYS HH:MM DURATION ACTIVITY`, e.g.
    /// `mon,wed,fri 06:30 45m hiit` (days `mon`...`sun` or `daily`; duration like `45m` or
    /// `1h30m`). Errors name the field `workout`.
    pub fn add_workout(&mut self, spec: &str) -> Result<()> {
        let field = "workout";
        let refuse = || {
            Error::invalid(
                field,
                spec,
                "\"DAYS TIME DURATION ACTIVITY\", e.g. \"mon,wed,fri 06:30 45m hiit\" or \
                 \"tues 7pm 1h hot yoga\"",
            )
        };
        limits::chars(field, spec, MAX_NAME_CHARS)?;
        // A line break would let a tail ride along unread ("hiit\r\nX-INJ:1").
        if spec.chars().any(char::is_control) {
            return Err(Error::invalid(
                field,
                spec,
                "one line without control characters (line breaks, tabs), e.g. \
                 \"mon,wed,fri 06:30 45m hiit\"",
            ));
        }
        let parts: Vec<&str> = spec.split_whitespace().collect();
        // "7:30 pm" is one time written in two words.
        let (days, at, rest) = match parts.as_slice() {
            [days, at, half, rest @ ..]
                if ["am", "pm", "a.m.", "p.m."].contains(&half.to_ascii_lowercase().as_str()) =>
            {
                (*days, format!("{at}{half}"), rest)
            }
            [days, at, rest @ ..] => (*days, at.to_string(), rest),
            _ => return Err(refuse()),
        };
        // The activity may be several words ("hot yoga").
        let [length, activity @ ..] = rest else {
            return Err(refuse());
        };
        if activity.is_empty() {
            return Err(refuse());
        }
        let days = parse_days(field, days)?;
        let minutes = duration::parse(field, length)?.num_minutes();
        let workout = self
            .validated(WorkoutSpec {
                name: None,
                activity: &activity.join(" "),
                days,
                at: &at,
                minutes,
                intensity: None,
                big: false,
            })
            .map_err(|e| e.for_field(field))?;
        limits::count(field, self.workouts.len() + 1, MAX_WORKOUTS, "workouts")?;
        self.push(workout);
        if let Err(e) = self.check_week(field) {
            self.workouts.pop();
            return Err(e);
        }
        Ok(())
    }

    /// Adds a checked workout, and how its activity was read when that was a guess (said
    /// once per spelling).
    fn push(&mut self, (workout, reading): (Workout, Option<Reading>)) {
        if let Some(mut reading) = reading
            && !self.readings.iter().any(|r| r.typed == reading.typed)
        {
            reading.workout = workout.name.clone();
            self.readings.push(reading);
        }
        self.workouts.push(workout);
    }

    /// The workout, checked: its activity read by [`Catalogue::read`] (id, spaced id or
    /// known words; control characters refused). A name is the person's own words: the
    /// renderers keep it on one line.
    fn validated(&self, spec: WorkoutSpec<'_>) -> Result<(Workout, Option<Reading>)> {
        let (found, reading) = self.catalogue.read("activity", spec.activity)?;
        if let Some(name) = &spec.name {
            limits::chars("name", name, MAX_NAME_CHARS)?;
        }
        let at = parse_time("at", spec.at)?;
        let minutes = check_minutes("minutes", spec.minutes, "a session length")?;
        let name = spec
            .name
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| capitalise(&found.name));
        let workout = Workout {
            name,
            activity: found.id.clone(),
            days: spec.days,
            at,
            minutes,
            intensity: spec.intensity.unwrap_or(found.intensity),
            big: spec.big,
        };
        Ok((workout, reading))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workout_flag_forms() {
        let mut r = Routine::default();
        r.add_workout("daily 07:00 30m walking").unwrap();
        r.add_workout("tue,thu 18:15 1h hot-yoga").unwrap();
        assert_eq!(r.workouts[0].days.len(), 7);
        assert_eq!(r.workouts[1].name, "Hot yoga");
        // A heated class is a sweat session: vigorous (A2).
        assert_eq!(r.workouts[1].intensity, Intensity::Vigorous);
        for (bad, value) in [
            ("mon 06:30 45m", "\"mon 06:30 45m\""),
            ("funday 06:30 45m hiit", "\"funday\""),
            ("mon 25:00 45m hiit", "\"25:00\""),
            ("mon 06:30 0m hiit", "\"0\""),
            ("mon 06:30 45m hitt", "\"hitt\" (did you mean hiit?)"),
        ] {
            let err = r.add_workout(bad).unwrap_err().to_string();
            assert!(err.starts_with("workout: "), "{bad}: {err}");
            assert!(err.contains(value), "{bad}: {err}");
        }
    }

    #[test]
    fn file_errors_point_at_the_line() {
        let text =
            "[[workout]]\nactivity = \"hiit\"\ndays = \"mon\"\nat = \"16:30pm\"\nminutes = 45\n";
        let err = Routine::parse(text, Path::new("h.toml"))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "h.toml:4: workout 1.at: invalid value \"16:30pm\"; expected a time of day such as 06:30, 18:00 or 7:30 pm"
        );
        let text =
            "[[workout]]\nactivity = \"hitt\"\ndays = \"mon\"\nat = \"06:30\"\nminutes = 45\n";
        let err = Routine::parse(text, Path::new("h.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(
                "h.toml:2: workout 1.activity: unknown activity \"hitt\" (did you mean hiit?)"
            ),
            "{err}"
        );
        let err = Routine::parse("[[workout]]\nactivity = 3\n", Path::new("h.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("h.toml:2"), "{err}");
    }

    #[test]
    fn a_routine_is_bounded() {
        let daily =
            "[[workout]]\nactivity = \"running\"\ndays = \"daily\"\nat = \"06:30\"\nminutes = 30\n";
        let err = Routine::parse(&daily.repeat(1440), Path::new("h.toml"))
            .unwrap_err()
            .to_string();
        assert_eq!(err, "h.toml: workout: 1440 workouts; expected at most 50");
        // Fewer workouts, but more sessions a week than a plan takes.
        let err = Routine::parse(&daily.repeat(8), Path::new("h.toml"))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "h.toml: workout: 56 sessions a week; expected at most 50"
        );
        assert_eq!(
            Routine::parse(&daily.repeat(7), Path::new("h.toml"))
                .unwrap()
                .workouts
                .len(),
            7
        );
        let named = format!(
            "[[workout]]\nname = \"{}\"\n{}",
            "x".repeat(100_000),
            &daily[12..]
        );
        let err = Routine::parse(&named, Path::new("h.toml"))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "h.toml: workout 1.name: 100000 characters; expected at most 200"
        );
        let activity = format!(
            "[[activity]]\nid = \"a\"\nname = \"{}\"\nintensity = \"light\"\n",
            "y".repeat(201)
        );
        let err = Routine::parse(&activity, Path::new("h.toml"))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "h.toml: activity 1.name: 201 characters; expected at most 200"
        );
    }

    #[test]
    fn workout_flags_are_bounded_too() {
        let mut r = Routine::default();
        for _ in 0..7 {
            r.add_workout("daily 07:00 30m walking").unwrap();
        }
        let err = r.add_workout("mon,tue 07:00 30m walking").unwrap_err();
        assert_eq!(
            err.to_string(),
            "workout: 51 sessions a week; expected at most 50"
        );
        assert_eq!(r.workouts.len(), 7, "the refused one is not kept");
        let long = format!("mon 07:00 30m {}", "walking ".repeat(30));
        let err = r.add_workout(&long).unwrap_err().to_string();
        assert!(
            err.starts_with("workout: 254 characters; expected at most 200"),
            "{err}"
        );
        let mut r = Routine::default();
        for _ in 0..MAX_WORKOUTS {
            r.add_workout("mon 07:00 30m walking").unwrap();
        }
        let err = r.add_workout("tue 07:00 30m walking").unwrap_err();
        assert_eq!(err.to_string(), "workout: 51 workouts; expected at most 50");
    }

    #[test]
    fn the_template_is_a_valid_habits_file() {
        let r = Routine::parse(TEMPLATE, Path::new("habits.toml")).unwrap();
        assert_eq!(r.workouts.len(), 3);
        assert!(r.workouts.iter().any(|w| w.big));
    }

    #[test]
    fn custom_activities_and_json() {
        let json = r#"{"activity":[{"id":"paddle-board","name":"paddle boarding","intensity":"moderate","easier":"walking"}],
            "workout":[{"activity":"paddle-board","days":["sat"],"at":"10:00","minutes":60,"big":true}]}"#;
        let r = Routine::parse(json, Path::new("h.json")).unwrap();
        assert_eq!(r.workouts[0].activity, "paddle-board");
        assert!(r.workouts[0].big);
    }
}
