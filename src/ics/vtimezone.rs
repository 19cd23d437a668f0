//! VTIMEZONE components generated from chrono-tz, in the form Outlook reads reliably:
//! STANDARD/DAYLIGHT observances with a yearly `RRULE` (`BYMONTH` + `BYDAY`), never `RDATE`
//! lists.
//!
//! The zone's transitions from a year before the plan to a year after it are grouped into yearly
//! series (same month, weekday, week of the month, local time and offsets). A series of two or
//! more years becomes one observance with an RRULE, ending with `UNTIL` when the zone's rules
//! change inside that range; a one-off change (a zone that changes its rules, or Morocco's
//! Ramadan changes, which follow no weekday rule) becomes an observance without RRULE. A zone
//! without any change gets a single STANDARD.

use std::collections::BTreeMap;

use crate::tz::Zone;
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, Timelike, Utc};

use super::tree::{Comp, Prop};
use crate::tz::{Transition, offset_at, transitions, with_transitions};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// Builds the VTIMEZONE of `tz` valid for every instant in `[from, to]`.
///
/// A batch asks for thousands of these, for a handful of zones and spans that differ by hours,
/// so they are cached under everything that decides their content: the changes found, the
/// observance that opens them (when none falls in the year before `from`) and which series end
/// with an `UNTIL`.
pub fn vtimezone(tz: Zone, from: DateTime<Utc>, to: DateTime<Utc>) -> Comp {
    (*shared(tz, from, to)).clone()
}

/// [`vtimezone`], shared with the cache rather than copied.
pub(crate) fn shared(tz: Zone, from: DateTime<Utc>, to: DateTime<Utc>) -> Arc<Comp> {
    type Key = (
        Zone,
        Option<DateTime<Utc>>,
        usize,
        Option<(FixedOffset, String)>,
        usize,
    );
    static CACHE: OnceLock<Mutex<HashMap<Key, Arc<Comp>>>> = OnceLock::new();

    let lower = from - Duration::days(366);
    let upper = to + Duration::days(366);
    let key = with_transitions(tz, lower, upper, |found| {
        // Nothing defines the offset at the start of the plan yet: an observance from 1970
        // does.
        let opening = found
            .first()
            .is_none_or(|first| first.at > from)
            .then(|| offset_at(tz, lower));
        let closed = found
            .iter()
            .filter(|t| t.at + Duration::days(366) <= upper)
            .count();
        (
            tz,
            found.first().map(|t| t.at),
            found.len(),
            opening,
            closed,
        )
    });
    let cache = CACHE.get_or_init(Default::default);
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return hit;
    }
    let built = Arc::new(build(
        tz,
        &transitions(tz, lower, upper),
        key.3.clone(),
        upper,
    ));
    if let Ok(mut c) = cache.lock() {
        if c.len() > 4096 {
            c.clear();
        }
        c.insert(key, Arc::clone(&built));
    }
    built
}

/// The VTIMEZONE for the changes `found` (up to `upper`), opened by `opening` when given.
fn build(
    tz: Zone,
    found: &[Transition],
    opening: Option<(FixedOffset, String)>,
    upper: DateTime<Utc>,
) -> Comp {
    let mut observances: Vec<(NaiveDateTime, Comp)> = Vec::new();
    if let Some((offset, name)) = opening {
        let start = NaiveDate::from_ymd_opt(1970, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .unwrap_or_default();
        observances.push((start, observance(false, start, offset, offset, &name, None)));
    }

    for run in yearly_runs(found) {
        let first = run.members[0];
        let last = run.members[run.members.len() - 1];
        let rrule = (run.members.len() >= 2).then(|| {
            let local = first.local_before();
            let mut rule = format!(
                "FREQ=YEARLY;BYMONTH={};BYDAY={}{}",
                local.month(),
                run.week,
                weekday_code(local.weekday())
            );
            // Open-ended only when the series reaches the end of what we looked at.
            if last.at + Duration::days(366) <= upper {
                rule.push_str(&format!(";UNTIL={}", last.at.format("%Y%m%dT%H%M%SZ")));
            }
            rule
        });
        let daylight = first.to.local_minus_utc() > first.from.local_minus_utc();
        observances.push((
            first.local_before(),
            observance(
                daylight,
                first.local_before(),
                first.from,
                first.to,
                &first.name,
                rrule,
            ),
        ));
    }
    observances.sort_by_key(|(start, _)| *start);

    Comp {
        name: "VTIMEZONE",
        props: vec![Prop::text("TZID", tz.name())],
        children: observances.into_iter().map(|(_, o)| o).collect(),
    }
}

/// A yearly series of transitions and its week-of-month (`2`, `-1`...).
struct Run<'a> {
    members: Vec<&'a Transition>,
    week: i8,
}

/// Groups transitions into yearly series that one RRULE describes.
fn yearly_runs(found: &[Transition]) -> Vec<Run<'_>> {
    type Key = (i32, i32, String, u32, u32, u32);
    let mut groups: BTreeMap<Key, Vec<&Transition>> = BTreeMap::new();
    for t in found {
        let local = t.local_before();
        let key = (
            t.from.local_minus_utc(),
            t.to.local_minus_utc(),
            t.name.clone(),
            local.month(),
            local.weekday().num_days_from_monday(),
            local.num_seconds_from_midnight(),
        );
        groups.entry(key).or_default().push(t);
    }
    let mut runs = Vec::new();
    for members in groups.into_values() {
        let mut current: Option<(Vec<&Transition>, Vec<i8>)> = None;
        for t in members {
            let weeks = week_descriptors(t.local_before().date());
            current = match current.take() {
                Some((mut run, common)) => {
                    let consecutive = run.last().is_some_and(|prev| {
                        prev.local_before().year() + 1 == t.local_before().year()
                    });
                    let shared: Vec<i8> = common
                        .iter()
                        .copied()
                        .filter(|w| weeks.contains(w))
                        .collect();
                    if consecutive && !shared.is_empty() {
                        run.push(t);
                        Some((run, shared))
                    } else {
                        runs.push(finish(run, &common));
                        Some((vec![t], weeks))
                    }
                }
                None => Some((vec![t], weeks)),
            };
        }
        if let Some((run, common)) = current {
            runs.push(finish(run, &common));
        }
    }
    runs
}

fn finish<'a>(members: Vec<&'a Transition>, weeks: &[i8]) -> Run<'a> {
    // "Last Sunday" reads better and stays right in years with five Sundays.
    let week = if weeks.contains(&-1) {
        -1
    } else {
        weeks.first().copied().unwrap_or(1)
    };
    Run { members, week }
}

/// The ways to name a date's week of the month in BYDAY: its ordinal (1 to 5), and -1 when it
/// is the last such weekday of the month.
fn week_descriptors(date: NaiveDate) -> Vec<i8> {
    let day = date.day();
    let days_in_month = NaiveDate::from_ymd_opt(date.year(), date.month(), 1)
        .and_then(|first| first.checked_add_months(chrono::Months::new(1)))
        .and_then(|next| next.pred_opt())
        .map_or(31, |last| last.day());
    let mut out = vec![((day - 1) / 7 + 1) as i8];
    if day + 7 > days_in_month {
        out.push(-1);
    }
    out
}

fn weekday_code(day: chrono::Weekday) -> &'static str {
    use chrono::Weekday::*;
    match day {
        Mon => "MO",
        Tue => "TU",
        Wed => "WE",
        Thu => "TH",
        Fri => "FR",
        Sat => "SA",
        Sun => "SU",
    }
}

fn observance(
    daylight: bool,
    start: NaiveDateTime,
    from: FixedOffset,
    to: FixedOffset,
    name: &str,
    rrule: Option<String>,
) -> Comp {
    // In the order the icalendar crate writes them (sorted by name).
    let mut props = vec![Prop::raw(
        "DTSTART",
        start.format("%Y%m%dT%H%M%S").to_string(),
    )];
    if let Some(rrule) = rrule {
        props.push(Prop::raw("RRULE", rrule));
    }
    props.push(Prop::text("TZNAME", name.to_string()));
    props.push(Prop::raw("TZOFFSETFROM", utc_offset(from)));
    props.push(Prop::raw("TZOFFSETTO", utc_offset(to)));
    Comp {
        name: if daylight { "DAYLIGHT" } else { "STANDARD" },
        props,
        children: Vec::new(),
    }
}

/// An RFC 5545 UTC-OFFSET: `+0530`, with seconds only when there are any.
fn utc_offset(offset: FixedOffset) -> String {
    let secs = offset.local_minus_utc();
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.abs();
    let (h, m, s) = (secs / 3600, (secs % 3600) / 60, secs % 60);
    if s == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn render(tz: &str, y: i32, m: u32) -> String {
        render_span(tz, y, m, 14)
    }

    fn render_span(tz: &str, y: i32, m: u32, days: i64) -> String {
        let tz: Zone = tz.parse().unwrap();
        let from = Utc.with_ymd_and_hms(y, m, 1, 0, 0, 0).unwrap();
        vtimezone(tz, from, from + Duration::days(days)).encode()
    }

    #[test]
    fn new_york_uses_yearly_rules() {
        let out = render("America/New_York", 2026, 12);
        assert!(
            out.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU"),
            "{out}"
        );
        assert!(
            out.contains("RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU"),
            "{out}"
        );
        assert!(!out.contains("RDATE"));
        assert!(!out.contains("UNTIL"), "{out}");
    }

    #[test]
    fn london_uses_last_sunday() {
        let out = render("Europe/London", 2026, 6);
        assert!(out.contains("BYMONTH=3;BYDAY=-1SU"), "{out}");
        assert!(out.contains("BYMONTH=10;BYDAY=-1SU"), "{out}");
    }

    #[test]
    fn zone_without_dst_has_one_standard() {
        let out = render("Asia/Kolkata", 2026, 12);
        assert_eq!(out.matches("BEGIN:STANDARD").count(), 1, "{out}");
        assert!(!out.contains("DAYLIGHT"));
        assert!(out.contains("TZOFFSETTO:+0530"));
    }

    #[test]
    fn sao_paulo_after_abolishing_dst_has_one_standard() {
        let out = render("America/Sao_Paulo", 2026, 12);
        assert_eq!(out.matches("BEGIN:STANDARD").count(), 1, "{out}");
        assert!(out.contains("TZOFFSETTO:-0300"));
    }

    #[test]
    fn a_rule_change_inside_the_range_gets_until() {
        // Brazil's DST ended on the third Sunday of February until 2019, then stopped; its
        // start moved from October to November in 2018.
        let out = render_span("America/Sao_Paulo", 2017, 6, 730);
        assert!(
            out.contains("BYMONTH=2;BYDAY=3SU;UNTIL=20190217T020000Z"),
            "{out}"
        );
        assert!(out.contains("BYMONTH=10;BYDAY=3SU;UNTIL=2017"), "{out}");
        assert!(out.contains("DTSTART:20181104T000000"), "{out}");
    }

    #[test]
    fn week_descriptors_cover_last() {
        assert_eq!(
            week_descriptors(NaiveDate::from_ymd_opt(2026, 3, 8).unwrap()),
            vec![2]
        );
        assert_eq!(
            week_descriptors(NaiveDate::from_ymd_opt(2026, 3, 29).unwrap()),
            vec![5, -1]
        );
        assert_eq!(
            week_descriptors(NaiveDate::from_ymd_opt(2027, 2, 22).unwrap()),
            vec![4, -1]
        );
    }
}
