//! Days of the week and times of day, as people write them and as the outputs show them.

use crate::i18n::Lang;
use chrono::{DateTime, NaiveTime, Weekday};

use crate::error::{Error, Result};
use crate::tz::Zone;

/// Parses a time of day as people write it: `06:30`, `18:00`, `7pm`, `7:30 pm`, `7.30am`
/// (12 am is midnight, 12 pm noon).
pub fn parse_time(field: &str, text: &str) -> Result<NaiveTime> {
    let refuse = || Error::invalid(field, text, "a time of day such as 06:30, 18:00 or 7:30 pm");
    let lower = text.trim().to_ascii_lowercase();
    let (clock, half) = match lower
        .strip_suffix("am")
        .or_else(|| lower.strip_suffix("a.m."))
    {
        Some(clock) => (clock.trim_end(), Some(false)),
        None => match lower
            .strip_suffix("pm")
            .or_else(|| lower.strip_suffix("p.m."))
        {
            Some(clock) => (clock.trim_end(), Some(true)),
            None => (lower.as_str(), None),
        },
    };
    let (hour, minute) = match clock.split_once([':', '.']) {
        Some((h, m)) if m.len() == 2 => (h, m),
        Some(_) => return Err(refuse()),
        None if half.is_some() => (clock, "00"),
        None => return Err(refuse()),
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(hour) || !digits(minute) {
        return Err(refuse());
    }
    let (mut hour, minute): (u32, u32) = (
        hour.parse().map_err(|_| refuse())?,
        minute.parse().map_err(|_| refuse())?,
    );
    match half {
        Some(pm) => {
            if !(1..=12).contains(&hour) {
                return Err(refuse());
            }
            hour = match (hour, pm) {
                (12, false) => 0,
                (12, true) => 12,
                (h, true) => h + 12,
                (h, false) => h,
            };
        }
        None if hour > 23 => return Err(refuse()),
        None => {}
    }
    NaiveTime::from_hms_opt(hour, minute, 0).ok_or_else(refuse)
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

/// Parses `mon,wed,fri`, `daily`, `weekdays` or `weekends` into sorted, distinct weekdays;
/// full names, plurals and the usual abbreviations (`tues`, `thurs`) are read too.
pub fn parse_days(field: &str, text: &str) -> Result<Vec<Weekday>> {
    const EXPECTED: &str = "days mon..sun separated by commas, or daily, weekdays, weekends";
    let mut days = Vec::new();
    for part in text.split(',').map(str::trim) {
        let lower = part.to_ascii_lowercase();
        // "mondays" is Monday; "weekdays" is matched whole first.
        let add = day_names(&lower)
            .or_else(|| day_names(lower.strip_suffix('s')?))
            .ok_or_else(|| Error::invalid(field, text, EXPECTED))?;
        days.extend_from_slice(add);
    }
    days.sort_by_key(|d| d.num_days_from_monday());
    days.dedup();
    Ok(days)
}

/// The days one word names.
fn day_names(word: &str) -> Option<&'static [Weekday]> {
    Some(match word {
        "daily" | "everyday" => &[
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
        "tue" | "tues" | "tuesday" => &[Weekday::Tue],
        "wed" | "weds" | "wednesday" => &[Weekday::Wed],
        "thu" | "thur" | "thurs" | "thursday" => &[Weekday::Thu],
        "fri" | "friday" => &[Weekday::Fri],
        "sat" | "saturday" => &[Weekday::Sat],
        "sun" | "sunday" => &[Weekday::Sun],
        _ => return None,
    })
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

/// How moments are written for people: in which language, with a 24- or 12-hour clock, the
/// day or the month first.
///
/// ```
/// use aftercare::{i18n::Lang, units::week::TimeStyle};
/// use chrono::NaiveDate;
///
/// let day = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
/// assert_eq!(TimeStyle::default().day(day, 2026), "Fri 4 Dec");
/// assert_eq!(TimeStyle::of_locale("en_US.UTF-8").day(day, 2026), "Fri Dec 4");
/// assert_eq!(TimeStyle::in_lang(Lang::Fr).day(day, 2026), "ven. 4 déc.");
/// assert_eq!(TimeStyle::in_lang(Lang::De).dated(day), "Fr., 4. Dezember 2026");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TimeStyle {
    /// `3:30 PM` rather than `15:30`.
    pub twelve_hour: bool,
    /// `Fri Dec 4` rather than `Fri 4 Dec` (English only: the other languages have one order).
    pub month_first: bool,
    /// The language of weekday and month names, and of the order of a date's parts.
    pub lang: Lang,
}

impl TimeStyle {
    /// The style of a locale name (`en-US`, `en_US.UTF-8`, `en-GB`...): the United States write
    /// the month first and use a 12-hour clock; everyone else, by default, neither.
    pub fn of_locale(locale: &str) -> Self {
        let us = locale
            .split(['.', '@'])
            .next()
            .is_some_and(|l| l.replace('_', "-").eq_ignore_ascii_case("en-US"));
        TimeStyle {
            twelve_hour: us,
            month_first: us,
            // The language is the plan's (`--lang`): see [`TimeStyle::with_lang`].
            lang: Lang::En,
        }
    }

    /// The style of a language: its own date order, a 24-hour clock (English: `Fri 4 Dec`).
    pub fn in_lang(lang: Lang) -> Self {
        TimeStyle {
            lang,
            ..TimeStyle::default()
        }
    }

    /// This style in `lang`: the clock stays, the date's order becomes the language's own.
    pub fn with_lang(self, lang: Lang) -> Self {
        TimeStyle { lang, ..self }
    }

    /// A time of day: `15:30` or `3:30 PM`.
    pub fn clock(&self, time: chrono::NaiveTime) -> String {
        use chrono::Timelike;
        if self.twelve_hour {
            let (pm, hour) = time.hour12();
            // The marks in the style's language ("6:00 p. m." in Spanish).
            let mark = self.lang.t(if pm { "clock-pm" } else { "clock-am" });
            format!("{hour}:{:02} {mark}", time.minute())
        } else {
            format!("{:02}:{:02}", time.hour(), time.minute())
        }
    }

    /// A day: `Fri 4 Dec` or `Fri Dec 4`, with the year when it is not `year`.
    pub fn day(&self, date: chrono::NaiveDate, year: i32) -> String {
        use chrono::Datelike;
        if self.lang != Lang::En {
            let id = if date.year() == year {
                "date-day"
            } else {
                "date-day-year"
            };
            return self.localized(date, id);
        }
        let mut out = if self.month_first {
            date.format("%a %b %-d").to_string()
        } else {
            date.format("%a %-d %b").to_string()
        };
        if date.year() != year {
            out.push_str(&format!(" {}", date.year()));
        }
        out
    }

    /// A day with its year, always: `Fri 4 Dec 2026` or `Fri Dec 4 2026`.
    pub fn dated(&self, date: chrono::NaiveDate) -> String {
        use chrono::Datelike;
        if self.lang != Lang::En {
            return self.localized(date, "date-day-year");
        }
        format!("{} {}", self.day(date, date.year()), date.year())
    }

    /// `date` by the catalogue's pattern `id`, with the language's own names.
    fn localized(&self, date: chrono::NaiveDate, id: &str) -> String {
        let pattern = self.lang.tr(id, &[]);
        date.format_localized(&pattern, self.lang.chrono_locale())
            .to_string()
    }

    /// A moment: `Fri 4 Dec 15:30`, `Fri Dec 4 3:30 PM`, with the year outside `year`.
    pub fn when(&self, t: DateTime<Zone>, year: i32) -> String {
        if *self == TimeStyle::default() {
            // The common case, by hand: it runs for every event of every calendar of a batch.
            return short_when_in(t, year);
        }
        let local = t.naive_local();
        let (day, clock) = (self.day(local.date(), year), self.clock(local.time()));
        if self.lang == Lang::En {
            return format!("{day} {clock}");
        }
        self.lang.tr(
            "date-time",
            &[("day", day.as_str()), ("time", clock.as_str())],
        )
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
