//! Elapsed durations as people write them: `45m`, `1h30m`, `48h`, `14d`.
//!
//! ```
//! use aftercare::units::duration::{format, parse};
//! let d = parse("appointment.minutes", "1h30m").unwrap();
//! assert_eq!(d.num_minutes(), 90);
//! assert_eq!(format(d), "1h30m");
//! assert!(parse("x", "-5m").is_err());
//! assert!(parse("x", "24").is_err(), "a unit is needed");
//! ```

use chrono::Duration;

use crate::error::{Error, Result};

const EXPECTED: &str = "a duration such as 45m, 1h30m, 48h or 14d";

/// Parses a duration of zero or more made of `<n>d`, `<n>h` and `<n>m` parts, in that order
/// (each use checks its own range: a zero `--step` is refused, a zero reminder offset is not). A bare
/// number is refused: `24` could mean minutes, hours or days, and guessing is how a protocol's
/// 24 hours once became 24 minutes.
pub fn parse(field: &str, text: &str) -> Result<Duration> {
    let bad = || Error::invalid(field, text, EXPECTED);
    let s = text.trim();
    if s.is_empty() {
        return Err(bad());
    }
    let mut total: i64 = 0;
    let mut number = String::new();
    let mut last_unit = 0; // enforces d, h, m order and no repeats
    for c in s.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let (rank, minutes_per) = match c {
            'd' => (1, 24 * 60),
            'h' => (2, 60),
            'm' => (3, 1),
            _ => return Err(bad()),
        };
        if number.is_empty() || rank <= last_unit || number.len() > 6 {
            return Err(bad());
        }
        let n: i64 = number.parse().map_err(|_| bad())?;
        total += n * minutes_per;
        number.clear();
        last_unit = rank;
    }
    if !number.is_empty() {
        return Err(bad());
    }
    Ok(Duration::minutes(total))
}

/// A duration as a patient says it, in `lang`: "2 hours", "8 hours 30 minutes", "2 days"
/// (whole days from two on), "45 minutes"; each unit by the language's plural rules.
///
/// ```
/// use aftercare::{i18n::Lang, units::duration::spoken};
/// use chrono::Duration;
///
/// assert_eq!(spoken(Duration::minutes(510), Lang::En), "8 hours 30 minutes");
/// assert_eq!(spoken(Duration::hours(56), Lang::Es), "2 días");
/// assert_eq!(spoken(Duration::hours(1), Lang::Fr), "1 heure");
/// ```
pub fn spoken(d: Duration, lang: crate::i18n::Lang) -> String {
    let total = d.num_minutes().max(0);
    let (days, hours, minutes) = (total / 1440, (total % 1440) / 60, total % 60);
    // From two days on, whole days ("2 days" for 56 h 30 min): the hours stop mattering.
    if days >= 2 {
        return lang.tr_n("duration-days", days, &[]);
    }
    let hours = hours + days * 24;
    match (hours, minutes) {
        (0, m) => lang.tr_n("duration-minutes", m, &[]),
        (h, 0) => lang.tr_n("duration-hours", h, &[]),
        (h, m) => lang.tr(
            "duration-hours-minutes",
            &[
                ("hours", &lang.tr_n("duration-hours", h, &[])),
                ("minutes", &lang.tr_n("duration-minutes", m, &[])),
            ],
        ),
    }
}

/// Formats a duration the way [`parse`] reads it (`2d`, `1h30m`, `0m`).
pub fn format(d: Duration) -> String {
    let total = d.num_minutes();
    if total == 0 {
        return "0m".to_string();
    }
    let (days, hours, minutes) = (total / 1440, (total % 1440) / 60, total % 60);
    let mut out = String::new();
    // Whole days read better as hours below a week ("48h", not "2d"): protocols speak in hours.
    if days > 0 && hours == 0 && minutes == 0 && days >= 7 {
        return format!("{days}d");
    }
    // Past six digits of hours, the days are written apart: [`parse`] reads six digits a part.
    let hours = if (hours + days * 24) > 999_999 {
        out.push_str(&format!("{days}d"));
        hours
    } else {
        hours + days * 24
    };
    if hours > 0 {
        out.push_str(&format!("{hours}h"));
    }
    if minutes > 0 {
        out.push_str(&format!("{minutes}m"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spoken_durations_read_as_people_say_them() {
        let said = |m: i64| spoken(Duration::minutes(m), crate::i18n::Lang::En);
        assert_eq!(said(120), "2 hours");
        assert_eq!(said(60), "1 hour");
        assert_eq!(said(510), "8 hours 30 minutes");
        assert_eq!(said(45), "45 minutes");
        assert_eq!(said(2880), "2 days");
        assert_eq!(said(1440), "24 hours");
        assert_eq!(said(7200), "5 days");
        assert_eq!(said(3390), "2 days");
    }

    #[test]
    fn parses_and_formats() {
        for (text, minutes, back) in [
            ("45m", 45, "45m"),
            ("1h30m", 90, "1h30m"),
            ("48h", 2880, "48h"),
            ("14d", 20160, "14d"),
            ("1d2h", 1560, "26h"),
            ("50001d03m", 50001 * 1440 + 3, "50001d3m"),
        ] {
            let d = parse("f", text).unwrap();
            assert_eq!(d.num_minutes(), minutes, "{text}");
            assert_eq!(format(d), back);
        }
    }

    #[test]
    fn refuses_malformed() {
        for bad in [
            "", "-5m", "5x", "m", "30m1h", "1h1h", "1.5h", "9999999m", "h30", "24", "90",
        ] {
            let err = parse("--minutes", bad).unwrap_err().to_string();
            assert!(err.starts_with("--minutes: invalid value"), "{bad}: {err}");
        }
    }
}
