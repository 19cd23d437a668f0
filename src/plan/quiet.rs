//! Quiet hours: a post-pass on placed reminders and check-ins. One that would come at night
//! (the protocol's `[quiet_hours]`, local time) comes at their end instead, the next morning;
//! one that comes within `awake` of what it counts from (the appointment's end, the moment of
//! exercise) stays, because the person is up then, and so does one for tonight (its protocol
//! entry has `not_before`). A reminder only ever moves later, so what
//! it says ("the window has ended") stays true. Pure, like the rest of the planner.

use chrono::{DateTime, Duration, NaiveTime};

use crate::model::{QuietHours, Reminder, ReminderAt, Wording};
use crate::tz::{Zone, resolve_recurring};

/// Whether `t` (a local time of day) is within the quiet hours.
fn is_quiet(q: &QuietHours, t: NaiveTime) -> bool {
    if q.from < q.to {
        q.from <= t && t < q.to
    } else {
        t >= q.from || t < q.to
    }
}

/// When the quiet hours around `at` end: `at` itself when it is not in them.
pub(crate) fn morning_after(q: &QuietHours, at: DateTime<Zone>) -> DateTime<Zone> {
    let local = at.naive_local();
    if !is_quiet(q, local.time()) {
        return at;
    }
    let mut date = local.date();
    if q.from > q.to && local.time() >= q.from {
        date = date.succ_opt().unwrap_or(date);
    }
    resolve_recurring(date.and_time(q.to), at.timezone())
        .0
        .max(at)
}

/// Moves every reminder of `reminders` out of the quiet hours, except those within `q.awake`
/// of `anchor`, then puts them back in time order. A moved reminder whose protocol entry (of
/// `templates`, by id) names its `{day}` gets the day it now comes on.
pub(crate) fn apply(
    reminders: &mut [ReminderAt],
    anchor: DateTime<Zone>,
    q: Option<&QuietHours>,
    templates: &[Reminder],
    wording: &Wording,
    lang: crate::i18n::Lang,
) {
    if let Some(q) = q {
        for r in reminders.iter_mut() {
            shift(r, anchor, q, templates, wording, lang);
        }
    }
    reminders.sort_by_key(|r| r.at);
}

/// One reminder of [`apply`].
fn shift(
    r: &mut ReminderAt,
    anchor: DateTime<Zone>,
    q: &QuietHours,
    templates: &[Reminder],
    wording: &Wording,
    lang: crate::i18n::Lang,
) {
    if r.at >= anchor && r.at - anchor <= q.awake {
        return;
    }
    let template = templates.iter().find(|t| t.id == r.id);
    // A reminder for tonight (`not_before`: no alcohol tonight, bedtime after the upright
    // hours) is meant for the night it speaks of.
    if template.is_some_and(|t| t.not_before.is_some()) {
        return;
    }
    let moved = morning_after(q, r.at);
    if moved == r.at {
        return;
    }
    r.at = moved;
    if let Some(t) = template {
        let day = super::reminders::elapsed_label(
            Duration::days((moved.date_naive() - anchor.date_naive()).num_days()),
            wording,
        );
        if t.title.contains("{day}") {
            r.title = t.title.replace("{day}", &day);
        }
        if t.title.contains("{after}") {
            r.title = t.title.replace(
                "{after}",
                &crate::units::duration::spoken(moved - anchor, lang),
            );
        }
        if t.text.contains("{day}") {
            r.text = t.text.replace("{day}", &day);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn quiet() -> QuietHours {
        QuietHours {
            from: NaiveTime::from_hms_opt(22, 0, 0).unwrap(),
            to: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
            awake: Duration::hours(1),
        }
    }

    #[test]
    fn a_night_time_moves_to_the_morning_and_a_day_time_stays() {
        let tz: Zone = "Europe/Madrid".parse().unwrap();
        let at = |d, h, m| tz.with_ymd_and_hms(2026, 10, d, h, m, 0).unwrap();
        assert_eq!(morning_after(&quiet(), at(24, 23, 30)), at(25, 8, 0));
        assert_eq!(morning_after(&quiet(), at(25, 1, 30)), at(25, 8, 0));
        assert_eq!(morning_after(&quiet(), at(25, 21, 59)), at(25, 21, 59));
        assert_eq!(morning_after(&quiet(), at(25, 8, 0)), at(25, 8, 0));
    }
}
