//! The plan day by day, as the web page and the handout show it: for each local day from the
//! appointment until the full routine is back, what to avoid (and until when, on the day it
//! ends), then what happens that day in time order: the appointment, a stage starting, each
//! usual workout with what to do instead, reminders, and the check-ins after exercising too
//! soon. Pure: the caller writes it as HTML (or anything else).

use chrono::{DateTime, NaiveDate};

use crate::model::{Outcome, Plan};
use crate::plan::oops::Monitoring;
use crate::tz::Zone;
use crate::units::week::TimeStyle;

/// One local day of the plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Day {
    /// The date, in the plan's zone.
    pub date: NaiveDate,
    /// The limits in force that day: each window's title (`no heat`), and its end's time when
    /// it ends that day.
    pub avoid: Vec<(String, Option<String>)>,
    /// What happens that day, in time order.
    pub entries: Vec<Entry>,
}

/// Something that happens at a time of the day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// When (for ordering).
    pub at: DateTime<Zone>,
    /// The time of day as the reader writes it (`18:00`, `6:00 PM`).
    pub time: String,
    /// What kind of entry.
    pub kind: Kind,
    /// The headline (`Weights, 60 min`).
    pub title: String,
    /// What to do (`instead: 20 min leisurely walk`).
    pub text: String,
}

/// The kind of a day's entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The appointment itself.
    Appointment,
    /// A stage of the return to exercise begins.
    Stage,
    /// A usual workout, with its outcome.
    Workout(Outcome),
    /// A care reminder or check-in.
    Reminder,
    /// A check-in after exercising too soon.
    Check,
}

/// The plan's days, from the appointment's day to the last day anything happens (the last
/// window's end, stage start, workout, reminder or check-in).
pub fn days(plan: &Plan, monitoring: Option<&Monitoring>, style: TimeStyle) -> Vec<Day> {
    let zone = plan.appointment.tz;
    let lang = plan.lang;
    let clock = |t: DateTime<Zone>| style.clock(t.naive_local().time());
    let mut entries = vec![Entry {
        at: plan.appointment.start,
        time: clock(plan.appointment.start),
        kind: Kind::Appointment,
        title: lang.tr(
            "plan-visit",
            &[(
                "kind",
                if plan.appointment.touch_up {
                    "touch-up"
                } else {
                    "appointment"
                },
            )],
        ),
        text: lang.tr(
            "days-appointment-text",
            &[("time", &clock(plan.appointment.end))],
        ),
    }];
    for stage in plan.stages.iter().skip(1) {
        entries.push(Entry {
            at: stage.start,
            time: clock(stage.start),
            kind: Kind::Stage,
            title: stage.title.clone(),
            text: stage.advice.clone(),
        });
    }
    for s in &plan.sessions {
        entries.push(Entry {
            at: s.start,
            time: clock(s.start),
            kind: Kind::Workout(s.outcome),
            title: lang.tr(
                "days-workout",
                &[("name", &s.name), ("minutes", &s.minutes.to_string())],
            ),
            text: match s.outcome {
                Outcome::Keep => lang.t("days-as-usual"),
                _ => crate::units::capitalise(&s.substitute),
            },
        });
    }
    for r in &plan.reminders {
        entries.push(Entry {
            at: r.at,
            time: clock(r.at),
            kind: Kind::Reminder,
            title: r.title.clone(),
            text: r.text.clone(),
        });
    }
    for c in monitoring.map_or(&[][..], |m| &m.checks) {
        entries.push(Entry {
            at: c.at,
            time: clock(c.at),
            kind: Kind::Check,
            title: c.title.clone(),
            text: c.text.clone(),
        });
    }
    entries.sort_by_key(|e| e.at);

    let first = plan.appointment.start.date_naive();
    let last = entries
        .iter()
        .map(|e| e.at)
        .chain(plan.windows.iter().map(|w| w.end))
        .max()
        .unwrap_or(plan.appointment.end)
        .date_naive();
    let mut out = Vec::new();
    let mut entries = entries.into_iter().peekable();
    for date in first.iter_days().take_while(|d| *d <= last) {
        let mut avoid = Vec::new();
        let mut windows: Vec<_> = plan.windows.iter().collect();
        windows.sort_by_key(|w| w.end);
        for w in windows {
            let (start, end) = (w.start.date_naive(), w.end.date_naive());
            if start <= date
                && date <= end
                && w.end.naive_local() > date.and_hms_opt(0, 0, 0).unwrap_or_default()
            {
                let until = (end == date).then(|| clock(w.end));
                avoid.push((w.title.clone(), until));
            }
        }
        let mut today = Vec::new();
        while let Some(e) = entries.next_if(|e| e.at.with_timezone(&zone).date_naive() == date) {
            today.push(e);
        }
        out.push(Day {
            date,
            avoid,
            entries: today,
        });
    }
    out
}

/// How a day is called on a page read at `now`: `Today`, `Tomorrow`, `Yesterday`, else
/// `Sat 5 Dec` (with the year outside `now`'s), in the style's language.
pub fn day_label(date: NaiveDate, now: DateTime<Zone>, style: TimeStyle) -> String {
    let today = now.date_naive();
    match (date - today).num_days() {
        0 => style.lang.t("days-today"),
        1 => style.lang.t("days-tomorrow"),
        -1 => style.lang.t("days-yesterday"),
        _ => style.day(date, chrono::Datelike::year(&today)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Appointment, Protocol};
    use chrono::TimeZone;

    fn plan() -> Plan {
        let tz: Zone = "Europe/London".parse().unwrap();
        let appointment =
            Appointment::new(tz.with_ymd_and_hms(2027, 2, 5, 16, 0, 0).unwrap(), 30).unwrap();
        let mut routine = crate::model::Routine::default();
        routine
            .add_workout("mon,wed,fri 18:00 60m weights")
            .unwrap();
        crate::plan::plan(
            &appointment,
            &routine,
            &Protocol::builtin(),
            Default::default(),
        )
    }

    #[test]
    fn every_entry_lands_on_its_own_day_and_windows_say_when_they_end() {
        let plan = plan();
        let days = days(&plan, None, TimeStyle::default());
        assert_eq!(days[0].date, NaiveDate::from_ymd_opt(2027, 2, 5).unwrap());
        assert_eq!(days[0].entries[0].kind, Kind::Appointment);
        let total: usize = days.iter().map(|d| d.entries.len()).sum();
        assert_eq!(
            total,
            1 + plan.stages.len() - 1 + plan.sessions.len() + plan.reminders.len()
        );
        for day in &days {
            for e in &day.entries {
                assert_eq!(e.at.date_naive(), day.date);
            }
        }
        // The heat window ends on its own day, at its own time, and is not listed after it.
        let heat = plan.windows.iter().find(|w| w.rule == "heat").unwrap();
        let end_day = days
            .iter()
            .find(|d| d.date == heat.end.date_naive())
            .unwrap();
        assert!(
            end_day
                .avoid
                .iter()
                .any(|(_, until)| until.as_deref()
                    == Some(&heat.end.format("%H:%M").to_string()[..]))
        );
        let after = days
            .iter()
            .find(|d| d.date > heat.end.date_naive())
            .unwrap();
        assert!(!after.avoid.iter().any(|(t, _)| *t == heat.title));
    }

    #[test]
    fn labels_are_relative_to_now() {
        let tz: Zone = "Europe/London".parse().unwrap();
        let now = tz.with_ymd_and_hms(2027, 2, 5, 23, 59, 0).unwrap();
        let d = |day| NaiveDate::from_ymd_opt(2027, 2, day).unwrap();
        assert_eq!(day_label(d(5), now, TimeStyle::default()), "Today");
        assert_eq!(day_label(d(6), now, TimeStyle::default()), "Tomorrow");
        assert_eq!(day_label(d(8), now, TimeStyle::default()), "Mon 8 Feb");
    }
}
