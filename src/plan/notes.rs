//! Notes on the clocks: each change of the clocks while the plan runs, and a zone whose rules
//! changed recently (its times are written in UTC in the calendar).

use chrono::Duration;

use crate::model::{Plan, Wording};
use crate::units::fill;
use crate::units::week::TimeStyle;
use chrono::Datelike;

/// The tz data the plan's times come from, as its notes name it: in English with where the
/// copy is ("tz 2026f, built in"); in other languages its release only ("tz 2026f"), the part
/// a patient can compare with their phone's.
fn tz_data(plan: &Plan) -> String {
    match plan.lang {
        crate::i18n::Lang::En => plan.appointment.tz_data.to_string(),
        _ => format!("tz {}", crate::tz::db::database().version),
    }
}

/// The clock changes during the plan, then the recent-rule-change note if it applies.
pub(super) fn zone_notes(plan: &Plan, wording: &Wording, style: TimeStyle) -> Vec<String> {
    let mut notes = clock_changes(plan, wording, style);
    let tz = plan.appointment.tz;
    let (from, to) = (plan.appointment.start, plan.last_instant());
    if crate::tz::older_data_differs(tz, from.to_utc(), to.to_utc()) {
        notes.push(fill(
            &wording.rules_changed,
            &[("zone", tz.name()), ("tz_data", &tz_data(plan))],
        ));
    }
    notes
}

/// A note for each change of the clocks while the plan runs: the times shown already allow for
/// it, and the person should know their clock will jump. Names the tz data the times come from.
fn clock_changes(plan: &Plan, wording: &Wording, style: TimeStyle) -> Vec<String> {
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
            let template = if forward {
                &wording.clocks_forward
            } else {
                &wording.clocks_back
            };
            // A jump of a whole day (across the date line) names both dates.
            let year = before.year();
            let (from, to) = if before.date() == after.date() {
                (style.clock(before.time()), style.clock(after.time()))
            } else {
                let moment = |t: chrono::NaiveDateTime| {
                    format!("{} {}", style.day(t.date(), year), style.clock(t.time()))
                };
                (moment(before), moment(after))
            };
            fill(
                template,
                &[
                    ("date", &style.dated(before.date())),
                    ("from", &from),
                    ("to", &to),
                    ("tz_data", &tz_data(plan)),
                ],
            )
        })
        .collect()
}
