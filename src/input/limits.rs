//! How much a plan may be made of: the one place the limits on what people type are set and
//! checked, for the command line, batch rows, the web form and the JSON API alike.
//!
//! Each limit is far above what a real person's week or recovery needs, and low enough that a
//! request cannot make a plan, a stored record or a calendar grow without end (a 179 KiB
//! request with 1,440 daily workouts was once stored as 20.7 MiB). A value over a limit is
//! refused with [`Error::Limit`], naming the field, how many there were and the limit:
//! never cut short or dropped.
//!
//! The events a plan has follow from these: its sessions are the week's sessions on each day of
//! the recovery, with the dated ones, and each setback adds a few. The largest plan they allow
//! (50 sessions a week, 200 dated sessions, 20 setbacks, every area) has about 300 events in a
//! calendar of about 200 KiB; a test keeps it under 1,000 events and 1 MiB.
//!
//! ```
//! use aftercare::input::limits::{self, MAX_WORKOUTS};
//! let err = limits::count("workout", 1440, MAX_WORKOUTS, "workouts").unwrap_err();
//! assert_eq!(err.to_string(), "workout: 1440 workouts; expected at most 50");
//! ```

use crate::error::{Error, Result};

/// Workouts in a weekly routine (habits file entries and `--workout` specs together). A real
/// week is a handful of sessions; 50 leaves room for two a day with a different name each.
pub const MAX_WORKOUTS: usize = 50;

/// Sessions a routine has in one week, counting a workout once per day it is on (`daily` is
/// 7). Training twice every day is 14; 50 is seven a day. Each becomes a calendar event on
/// every day of the recovery, so this, not [`MAX_WORKOUTS`], decides how many events a plan
/// has.
pub const MAX_SESSIONS_PER_WEEK: usize = 50;

/// Custom activities a habits file may define (`[[activity]]`): a person adds the few sports
/// the catalogue lacks.
pub const MAX_ACTIVITIES: usize = 50;

/// Dated sessions a plan request gives (the API's `sessions`): they fall in the few
/// weeks of recovery, where twice a day for a month is 60.
pub const MAX_DATED_SESSIONS: usize = 200;

/// Setbacks reported on one plan. Each steps the plan back a day; more than a few means the
/// injector should see the person, not that the plan should keep growing.
pub const MAX_SETBACKS: usize = 20;

/// Treated areas of one appointment: the built-in protocol has 14.
pub const MAX_AREAS: usize = 20;

/// Events the suggestion search accepted with an appointment must not spoil (`--protect`).
pub const MAX_PROTECTED: usize = 20;

/// Work one suggestion search may do: its candidate start times times the sessions each
/// candidate's plan has to place (the routine's sessions a week, plus one for the appointment
/// itself). One start time against one session takes about 4.5 µs in a release build on the
/// project's 2-core machine (a year of 5-minute slots around the clock for a week of 8 sessions:
/// 96,639 × 9 in 3.95 s), so this is about 1.1 s. A clinic's real search (three months of
/// 15-minute slots in nine opening hours, a week of ten sessions) is about 36,000.
pub const MAX_SUGGEST_WORK: usize = 250_000;

/// Characters in a name or a line people type: a workout's name, its spec
/// (`mon,wed 06:30 45m hot yoga`), an activity's words, a calendar event's title, a protected
/// event's label. Titles must fit a phone; 200 is several lines of one.
pub const MAX_NAME_CHARS: usize = 200;

/// Refuses `count` items of `what` (`workouts`) in `field` when over `max`.
pub fn count(field: &str, count: usize, max: usize, what: &str) -> Result<()> {
    if count > max {
        return Err(Error::Limit {
            field: field.to_string(),
            found: format!("{count} {what}"),
            limit: max.to_string(),
        });
    }
    Ok(())
}

/// Refuses a text in `field` longer than `max` characters.
pub fn chars(field: &str, text: &str, max: usize) -> Result<()> {
    // Counted only as far as needed: a 100,000-character name stops at max + 1.
    let found = text.chars().take(max + 1).count();
    if found > max {
        return Err(Error::Limit {
            field: field.to_string(),
            found: format!("{} characters", text.chars().count()),
            limit: max.to_string(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_texts_at_and_over_their_limits() {
        assert!(count("setbacks", MAX_SETBACKS, MAX_SETBACKS, "setbacks").is_ok());
        let err = count("setbacks", 3000, MAX_SETBACKS, "setbacks").unwrap_err();
        assert_eq!(err.field(), Some("setbacks"));
        assert_eq!(
            err.to_string(),
            "setbacks: 3000 setbacks; expected at most 20"
        );
        assert!(chars("name", &"é".repeat(MAX_NAME_CHARS), MAX_NAME_CHARS).is_ok());
        let err = chars("name", &"x".repeat(100_000), MAX_NAME_CHARS).unwrap_err();
        assert_eq!(
            err.to_string(),
            "name: 100000 characters; expected at most 200"
        );
    }
}
