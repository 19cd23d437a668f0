//! Restriction windows: one per rule that applies to the treated areas, from T0 for the rule's
//! elapsed duration (the heavy-sweat one when it applies), or until a local time the next day
//! when the rule says so.

use chrono::DateTime;

use crate::model::{Appointment, Protocol, Sweat, Window};
use crate::tz::{Zone, resolve_recurring};

/// The windows, in protocol order.
pub(super) fn place(appointment: &Appointment, protocol: &Protocol, sweat: Sweat) -> Vec<Window> {
    let t0 = appointment.end();
    protocol
        .rules
        .iter()
        .filter(|rule| protocol.applies(&rule.areas, &appointment.areas))
        .map(|rule| Window {
            rule: rule.id.clone(),
            title: rule.title.clone(),
            start: t0,
            end: match rule.until_next {
                Some(time) => (t0 + rule.duration_for(sweat)).max(next_local(t0, time)),
                None => t0 + rule.duration_for(sweat),
            },
            avoid: rule.avoid.clone(),
            why: rule.why.clone(),
            instead: rule.instead.clone(),
            source: rule.source.clone(),
        })
        .collect()
}

/// The first `time` (local) on a date after `t0`'s, resolved RFC 5545-style.
fn next_local(t0: DateTime<Zone>, time: chrono::NaiveTime) -> DateTime<Zone> {
    let date = t0.date_naive().succ_opt().unwrap_or(t0.date_naive());
    resolve_recurring(date.and_time(time), t0.timezone()).0
}
