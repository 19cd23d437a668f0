//! Date-times as people give them: one reader for the command line's flags, a batch's CSV
//! columns and the web form's fields, so all three accept and refuse the same things.

use chrono::{DateTime, Datelike, NaiveDateTime, Offset, Timelike};

use crate::error::{Error, Result};
use crate::tz::{Fold, Zone};
use crate::units::check_year;

/// Reads a date-time as people give it (a flag, a CSV column, a form field): a local time
/// `YYYY-MM-DD HH:MM` (or with a `T`, or with `:SS`) in `zone`, resolved strictly (a time in a
/// gap is refused, one in a fold needs `fold`), or an RFC 3339 timestamp whose offset must agree
/// with `zone` when the zone was given explicitly (`zone_given`). Whole seconds only: a leap
/// second (`15:00:60`) or a fraction would be shifted silently, so it is refused; so is a year
/// outside [`crate::units::YEARS`], and a date before the zone's first supported one
/// ([`crate::tz::first_supported_date`]).
///
/// ```
/// use aftercare::input::when::parse_date_time;
/// use aftercare::tz::{Fold, parse_zone};
/// let london = parse_zone("--tz", "Europe/London").unwrap();
/// let t = parse_date_time("--at", "2026-12-04 15:00", london, true, Fold::Reject).unwrap();
/// assert_eq!(t.to_rfc3339(), "2026-12-04T15:00:00+00:00");
/// assert!(parse_date_time("--at", "2026-12-04 15:00:60", london, true, Fold::Reject).is_err());
/// assert!(parse_date_time("--at", "2026-12-04T15:00:00+01:00", london, true, Fold::Reject).is_err());
/// ```
pub fn parse_date_time(
    field: &str,
    text: &str,
    zone: Zone,
    zone_given: bool,
    fold: Fold,
) -> Result<DateTime<Zone>> {
    parse_date_time_in(field, text, zone, zone_given, fold, None)
}

/// The order of a date written with slashes (`01/12/2026`): day first, or month first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateOrder {
    /// `01/12/2026` is 1 December (most of the world).
    DayMonthYear,
    /// `01/12/2026` is 12 January (the United States).
    MonthDayYear,
}

impl std::str::FromStr for DateOrder {
    type Err = Error;

    /// `dmy` or `mdy`.
    fn from_str(text: &str) -> Result<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "dmy" => Ok(DateOrder::DayMonthYear),
            "mdy" => Ok(DateOrder::MonthDayYear),
            _ => Err(Error::invalid("date-order", text, "dmy or mdy")),
        }
    }
}

/// [`parse_date_time`], also reading `DD/MM/YYYY HH:MM` or `MM/DD/YYYY HH:MM` when `order` says
/// which; without it, such a date is refused as ambiguous rather than guessed.
///
/// ```
/// use aftercare::input::when::{parse_date_time_in, DateOrder};
/// use aftercare::tz::{Fold, parse_zone};
/// let london = parse_zone("tz", "Europe/London").unwrap();
/// let read = |order| parse_date_time_in("at", "01/12/2026 09:00", london, true, Fold::Reject, order);
/// assert_eq!(read(Some(DateOrder::DayMonthYear)).unwrap().to_rfc3339(), "2026-12-01T09:00:00+00:00");
/// assert_eq!(read(Some(DateOrder::MonthDayYear)).unwrap().to_rfc3339(), "2026-01-12T09:00:00+00:00");
/// assert!(read(None).unwrap_err().to_string().contains("ambiguous"));
/// // A 12-hour clock reads too.
/// let pm = parse_date_time_in("at", "03/12/2026 4:30 PM", london, true, Fold::Reject, Some(DateOrder::MonthDayYear));
/// assert_eq!(pm.unwrap().to_rfc3339(), "2026-03-12T16:30:00+00:00");
/// // A date that does not exist is named in the order chosen.
/// let err = read(Some(DateOrder::DayMonthYear)).and(
///     parse_date_time_in("at", "31/02/2027 9:00 AM", london, true, Fold::Reject, Some(DateOrder::DayMonthYear)),
/// );
/// assert_eq!(
///     err.unwrap_err().to_string(),
///     "at: invalid value \"31/02/2027 9:00 AM\"; expected a date that exists, day first: DD/MM/YYYY, and a time such as 09:00 or 9:00 AM"
/// );
/// ```
pub fn parse_date_time_in(
    field: &str,
    text: &str,
    zone: Zone,
    zone_given: bool,
    fold: Fold,
    order: Option<DateOrder>,
) -> Result<DateTime<Zone>> {
    let t = read_date_time(field, text, zone, zone_given, fold, order)?;
    crate::tz::check_supported(field, text, t)?;
    Ok(t)
}

/// [`parse_date_time_in`] but for the zone's first supported date.
fn read_date_time(
    field: &str,
    text: &str,
    zone: Zone,
    zone_given: bool,
    fold: Fold,
    order: Option<DateOrder>,
) -> Result<DateTime<Zone>> {
    const EXPECTED: &str =
        "a local date-time \"YYYY-MM-DD HH:MM\" (or YYYY-MM-DDTHH:MM), or RFC 3339 with an offset";
    let trimmed = text.trim();
    let whole_seconds = |nanos: u32| {
        if nanos == 0 {
            Ok(())
        } else {
            Err(Error::invalid(
                field,
                text,
                "whole seconds from 00 to 59 (no leap second or fraction)",
            ))
        }
    };
    // The first of `patterns` the text reads as, placed in the zone.
    let first_reading = |patterns: &[&str]| {
        patterns
            .iter()
            .find_map(|p| NaiveDateTime::parse_from_str(trimmed, p).ok())
            .map(|local| {
                whole_seconds(local.nanosecond())?;
                check_year(field, local, local.year())?;
                crate::tz::resolve_appointment(field, local, zone, fold)
            })
    };
    // A date with dots (04.12.2026 09:30, as German booking systems write it) is day first
    // wherever dots are used that way: never ambiguous.
    let day = trimmed.split_whitespace().next().unwrap_or("");
    if day.split('.').count() == 3 && day.chars().all(|c| c.is_ascii_digit() || c == '.') {
        if let Some(read) = first_reading(&[
            "%d.%m.%Y %H:%M",
            "%d.%m.%Y %H:%M:%S",
            "%d.%m.%Y %I:%M %p",
            "%d.%m.%Y %I:%M:%S %p",
        ]) {
            return read;
        }
        return Err(Error::invalid(
            field,
            text,
            "a date that exists, day first: DD.MM.YYYY, and a time such as 09:00 or 9:00 AM",
        ));
    }
    if trimmed.contains('/') {
        let patterns: &[&str] = match order {
            Some(DateOrder::DayMonthYear) => &[
                "%d/%m/%Y %H:%M",
                "%d/%m/%Y %H:%M:%S",
                "%d/%m/%Y %I:%M %p",
                "%d/%m/%Y %I:%M:%S %p",
            ],
            Some(DateOrder::MonthDayYear) => &[
                "%m/%d/%Y %H:%M",
                "%m/%d/%Y %H:%M:%S",
                "%m/%d/%Y %I:%M %p",
                "%m/%d/%Y %I:%M:%S %p",
            ],
            None => {
                return Err(Error::invalid(
                    field,
                    text,
                    "YYYY-MM-DD HH:MM; a date with slashes is ambiguous (01/12/2026 is 1 December \
                     or 12 January) unless its order, day-month-year or month-day-year, is given",
                ));
            }
        };
        if let Some(read) = first_reading(patterns) {
            return read;
        }
        // The order was chosen: say what it reads, not the ISO form the text does not use.
        let form = match order {
            Some(DateOrder::MonthDayYear) => "month first: MM/DD/YYYY",
            _ => "day first: DD/MM/YYYY",
        };
        return Err(Error::invalid(
            field,
            text,
            format!("a date that exists, {form}, and a time such as 09:00 or 9:00 AM"),
        ));
    }
    if let Some(read) = first_reading(&[
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        // A booking system's 12-hour clock: "2026-03-12 9:00 AM".
        "%Y-%m-%d %I:%M %p",
        "%Y-%m-%d %I:%M:%S %p",
    ]) {
        return read;
    }
    let with_offset =
        DateTime::parse_from_rfc3339(trimmed).map_err(|_| Error::invalid(field, text, EXPECTED))?;
    whole_seconds(with_offset.nanosecond())?;
    let in_zone = with_offset.with_timezone(&zone);
    if zone_given && in_zone.offset().fix() != *with_offset.offset() {
        return Err(Error::invalid(
            field,
            text,
            format!(
                "an offset that agrees with the time zone {} ({} at that time)",
                zone.name(),
                crate::tz::format_offset(in_zone.offset().fix())
            ),
        ));
    }
    check_year(field, in_zone.naive_local(), in_zone.year())?;
    Ok(in_zone)
}
