//! Days of the week and times of day, as people write them and as the outputs show them.

use chrono::{DateTime, NaiveTime, Weekday};

use crate::error::{Error, Result};
use crate::tz::Zone;

/// Parses `HH:MM` (24-hour).
pub fn parse_time(field: &str, text: &str) -> Result<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M")
        .map_err(|_| Error::invalid(field, text, "a 24-hour time HH:MM, e.g. 06:30"))
}

/// The three-letter id of a weekday (`mon`).
pub fn day_id(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

/// Parses `mon,wed,fri`, `daily`, `weekdays` or `weekends` into sorted, distinct weekdays.
pub fn parse_days(field: &str, text: &str) -> Result<Vec<Weekday>> {
    const EXPECTED: &str = "days mon..sun separated by commas, or daily, weekdays, weekends";
    let mut days = Vec::new();
    for part in text.split(',').map(str::trim) {
        let add: &[Weekday] = match part.to_ascii_lowercase().as_str() {
            "daily" => &[
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
                Weekday::Sat,
                Weekday::Sun,
            ],
            "weekdays" => &[
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
            "weekends" => &[Weekday::Sat, Weekday::Sun],
            "mon" | "monday" => &[Weekday::Mon],
            "tue" | "tuesday" => &[Weekday::Tue],
            "wed" | "wednesday" => &[Weekday::Wed],
            "thu" | "thursday" => &[Weekday::Thu],
            "fri" | "friday" => &[Weekday::Fri],
            "sat" | "saturday" => &[Weekday::Sat],
            "sun" | "sunday" => &[Weekday::Sun],
            _ => return Err(Error::invalid(field, text, EXPECTED)),
        };
        days.extend_from_slice(add);
    }
    days.sort_by_key(|d| d.num_days_from_monday());
    days.dedup();
    Ok(days)
}

/// The weekday as RFC 5545 writes it in a BYDAY rule (`MO`).
pub fn rrule_day(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

/// The weekday's full name (`Monday`).
pub fn full_day(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// `Fri 4 Dec 15:30`, or `Thu 4 Mar 2027 10:30` outside the year `year` (the plan's): how the
/// calendar and the timeline name a moment.
pub fn short_when_in(t: DateTime<Zone>, year: i32) -> String {
    use chrono::Datelike;
    let mut out = short_when(t);
    if t.naive_local().year() != year {
        // Before the " HH:MM" the string ends with.
        out.insert_str(out.len() - 6, &format!(" {}", t.naive_local().year()));
    }
    out
}

/// `Fri 4 Dec 15:30`: how the calendar and the timeline name a moment (written by hand: this
/// runs for every event of every calendar of a batch).
pub fn short_when(t: DateTime<Zone>) -> String {
    use chrono::{Datelike, Timelike};
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    // By hand rather than with `format!`: it runs for every window of every calendar of a batch.
    // The local time is worked out once (each accessor of a zoned time would do it again).
    let local = t.naive_local();
    let mut out = String::with_capacity(16);
    out.push_str(DAYS[local.weekday().num_days_from_monday() as usize]);
    out.push(' ');
    let day = local.day();
    if day >= 10 {
        out.push(char::from(b'0' + (day / 10) as u8));
    }
    out.push(char::from(b'0' + (day % 10) as u8));
    out.push(' ');
    out.push_str(MONTHS[local.month0() as usize]);
    let (hour, minute) = (local.hour(), local.minute());
    out.extend(
        [
            b' ',
            b'0' + (hour / 10) as u8,
            b'0' + (hour % 10) as u8,
            b':',
            b'0' + (minute / 10) as u8,
            b'0' + (minute % 10) as u8,
        ]
        .map(char::from),
    );
    out
}
