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
/// outside [`crate::units::YEARS`].
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
    for pattern in [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
    ] {
        if let Ok(local) = NaiveDateTime::parse_from_str(trimmed, pattern) {
            whole_seconds(local.nanosecond())?;
            check_year(field, local, local.year())?;
            return crate::tz::resolve_appointment(field, local, zone, fold);
        }
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
