//! Small values every layer shares: lengths of time, days and times of day, years, ids, and
//! how moments are written. Each parser names the field it reads, so its error says where the
//! bad value came from.

pub mod duration;
pub mod rfc3339;
pub mod week;

use crate::error::{Error, Result};

/// The years an appointment (and any date a person gives) can be in. A calendar writes
/// four-digit years, and a recovery plan runs for months: this keeps well inside that, and
/// inside the years time-zone rules are known for.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2999;

/// Refuses a date outside [`YEARS`], naming `field` and `value` (the date as the person wrote
/// or meant it).
pub fn check_year(field: &str, value: impl std::fmt::Display, year: i32) -> Result<()> {
    if YEARS.contains(&year) {
        Ok(())
    } else {
        Err(Error::invalid(
            field,
            value.to_string(),
            format!(
                "a date between the years {} and {}",
                YEARS.start(),
                YEARS.end()
            ),
        ))
    }
}

/// The longest appointment or habitual session accepted (a typo guard): 12 hours.
pub const MAX_MINUTES: u32 = 12 * 60;

/// Refuses a length outside 1..=[`MAX_MINUTES`] minutes (negative ones included, as people
/// type them); `what` names it (`an appointment length`). The one place the limit is checked
/// and worded, for flags, files and CSV rows alike.
pub fn check_minutes(field: &str, minutes: i64, what: &str) -> Result<u32> {
    match u32::try_from(minutes) {
        Ok(m) if (1..=MAX_MINUTES).contains(&m) => Ok(m),
        _ => Err(Error::invalid(
            field,
            minutes.to_string(),
            format!("{what} from 1 to {MAX_MINUTES} minutes (12 h)"),
        )),
    }
}

/// Checks that `id` is kebab-case: lowercase ASCII letters and digits separated by single dashes.
pub fn check_id(field: &str, id: &str) -> Result<()> {
    let ok = !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            field,
            id,
            "a kebab-case id (lowercase letters, digits and single dashes)",
        ))
    }
}

/// Fills a template: each `{name}` of `values` is replaced by its value; anything else is kept
/// as written (templates are checked when the protocol is read).
///
/// ```
/// assert_eq!(aftercare::units::fill("{minutes} min {activity}", &[("minutes", "20"), ("activity", "walk")]), "20 min walk");
/// ```
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').and_then(|close| {
            values
                .iter()
                .find(|(k, _)| *k == &after[..close])
                .map(|v| (close, v))
        }) {
            Some((close, (_, value))) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{name}`s a template uses.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                names.push(&after[..close]);
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    names
}

/// Upper-cases the first letter.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => {
            let mut out = String::with_capacity(s.len() + 2);
            out.extend(first.to_uppercase());
            out.push_str(c.as_str());
            out
        }
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_must_be_kebab_case() {
        assert!(check_id("x", "hot-yoga").is_ok());
        for bad in ["Hot-Yoga", "hot_yoga", "-x", "x-", "a--b", ""] {
            assert!(check_id("x", bad).is_err(), "{bad}");
        }
    }
}
