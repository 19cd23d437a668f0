//! Notes on the clocks: each change of the clocks while the plan runs, and a zone whose rules
//! changed recently (its times are written in UTC in the calendar).

use chrono::Duration;

use crate::model::{Plan, Wording};
use crate::units::fill;

/// The clock changes during the plan, then the recent-rule-change note if it applies.
pub(super) fn zone_notes(plan: &Plan, wording: &Wording) -> Vec<String> {
    let mut notes = clock_changes(plan, wording);
    let tz = plan.appointment.tz;
    let (from, to) = (plan.appointment.start, plan.last_instant());
    if crate::tz::older_data_differs(tz, from.to_utc(), to.to_utc()) {
        notes.push(fill(
            &wording.rules_changed,
            &[("zone", tz.name()), ("tz_data", plan.appointment.tz_data)],
        ));
    }
    notes
}

/// A note for each change of the clocks while the plan runs: the times shown already allow for
/// it, and the person should know their clock will jump. Names the tz data the times come from.
fn clock_changes(plan: &Plan, wording: &Wording) -> Vec<String> {
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
            let (from, to) = if before.date() == after.date() {
                (before.format("%H:%M"), after.format("%H:%M"))
            } else {
                (
                    before.format("%a %-d %b %H:%M"),
                    after.format("%a %-d %b %H:%M"),
                )
            };
            fill(
                template,
                &[
                    ("date", &before.format("%a %-d %b %Y").to_string()),
                    ("from", &from.to_string()),
                    ("to", &to.to_string()),
                    ("tz_data", plan.appointment.tz_data),
                ],
            )
        })
        .collect()
}
