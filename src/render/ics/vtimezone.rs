//! VTIMEZONE components generated from the tz database, in forms that every parser and Outlook
//! read alike for the instants a calendar uses.
//!
//! # The yearly form
//!
//! The zone's transitions from a year before the plan to a year after it are grouped into yearly
//! series (same month, weekday, week of the month, local time and offsets). A series of two or
//! more years becomes one observance with an `RRULE` (`BYMONTH` + `BYDAY`, never `RDATE`),
//! ending with `UNTIL` when the zone's rules change inside that range; a one-off change becomes
//! an observance without `RRULE`. The first observance gives the offset in force at the start of
//! the plan. A zone without any change gets a single STANDARD.
//!
//! # What Outlook reads, and the other forms
//!
//! Outlook does not evaluate a VTIMEZONE observance by observance: it turns it into one yearly
//! rule (MS-OXCICAL 2.1.3.1.1.19.2: only the STANDARD and the DAYLIGHT with the largest DTSTART
//! are read; their RRULE, or else their DTSTART's month and weekday, gives the yearly dates; with
//! no DAYLIGHT, the STANDARD's offset holds all year). For zones whose rules changed (British
//! Columbia and Morocco in 2026, Cuba's skipped winter) or that change irregularly (Morocco's
//! Ramadan changes), that reading can be wrong by an hour on the plan's dates. So
//! [`form`] simulates Outlook's reading of the yearly form over the plan's span and, when it
//! differs from the tz database anywhere in it:
//!
//! * if the clocks do not change during the plan, writes a single STANDARD with the offset in
//!   force ([`Form::Zone`]): Outlook reads a fixed offset, right for every date of the plan;
//! * if they do, the zone's times are written in UTC instead ([`Form::Utc`]): every client shows
//!   the exact instants in the reader's own zone, and no VTIMEZONE is needed.
//!
//! Fixed-offset zones (`Etc/GMT+7`, `Asia/Kolkata`) always get the single STANDARD, which
//! Outlook reads as a fixed offset.
//!
//! # Zones whose rules changed recently
//!
//! Google, Apple and Outlook read a known TZID with their *own* tz data, not the file's
//! VTIMEZONE, and a device's data lags the tz releases by months. Where the previous release
//! (see [`crate::tz::older_data_differs`]) gives other offsets on the plan's dates, a TZID would
//! show the wrong hour on a device not yet updated, so that zone's times are written in UTC
//! ([`Form::Utc`]) and the plan's notes say so.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, Timelike, Utc};

use super::tree::{Comp, Prop};
use crate::tz::{Transition, Zone, offset_at, transitions, with_transitions};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// How a calendar writes the times of one zone.
#[derive(Clone, Debug)]
pub enum Form {
    /// With `TZID`, described by this VTIMEZONE.
    Zone(Arc<Comp>),
    /// In UTC (see the [module docs](self)).
    Utc,
}

/// Builds the VTIMEZONE of `tz` valid for every instant in `[from, to]`, in the yearly form:
/// yearly `RRULE`s (`BYMONTH` + `BYDAY`) for regular changes, dated observances for one-off
/// ones, opened by the offset in force at `from`.
pub fn vtimezone(tz: Zone, from: DateTime<Utc>, to: DateTime<Utc>) -> Comp {
    (*yearly(tz, from, to)).clone()
}

/// How to write the times of `tz` in `[from, to]`: the yearly form when Outlook reads it right
/// over that span, else a fixed STANDARD or UTC (see the [module docs](self)).
pub(crate) fn form(tz: Zone, from: DateTime<Utc>, to: DateTime<Utc>) -> Form {
    if crate::tz::older_data_differs(tz, from, to) {
        return Form::Utc;
    }
    let built = yearly(tz, from, to);
    if outlook_agrees(&read_observances(&built), tz, from, to) {
        return Form::Zone(built);
    }
    if transitions(tz, from, to).is_empty() {
        let (offset, name) = offset_at(tz, from);
        let start = opening_start(from);
        let fixed = Comp {
            name: "VTIMEZONE",
            props: vec![Prop::text("TZID", tz.name())],
            children: vec![observance(false, start, offset, offset, &name, None)],
        };
        Form::Zone(Arc::new(fixed))
    } else {
        Form::Utc
    }
}

/// The yearly form, shared with the cache rather than copied.
///
/// A batch asks for thousands of these, for a handful of zones and spans that differ by hours,
/// so they are cached under everything that decides their content: the changes found, the
/// observance that opens them (when none falls in the year before `from`) and which series end
/// with an `UNTIL`.
fn yearly(tz: Zone, from: DateTime<Utc>, to: DateTime<Utc>) -> Arc<Comp> {
    type Key = (
        Zone,
        Option<DateTime<Utc>>,
        usize,
        Option<(FixedOffset, String, NaiveDateTime)>,
        usize,
    );
    static CACHE: OnceLock<Mutex<HashMap<Key, Arc<Comp>>>> = OnceLock::new();

    let lower = from - Duration::days(366);
    let upper = to + Duration::days(366);
    let key = with_transitions(tz, lower, upper, |found| {
        // Nothing defines the offset at the start of the plan yet: an observance that starts
        // before it does.
        let opening = found.first().is_none_or(|first| first.at > from).then(|| {
            let (offset, name) = offset_at(tz, lower);
            (offset, name, opening_start(from))
        });
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

/// Where an opening observance starts: 1970-01-01, or 1 January of the year before `from` for
/// older plans, so that it always starts before every instant the calendar uses.
fn opening_start(from: DateTime<Utc>) -> NaiveDateTime {
    let year = (from.year() - 1).min(1970);
    NaiveDate::from_ymd_opt(year, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default()
}

/// The VTIMEZONE for the changes `found` (up to `upper`), opened by `opening` when given.
fn build(
    tz: Zone,
    found: &[Transition],
    opening: Option<(FixedOffset, String, NaiveDateTime)>,
    upper: DateTime<Utc>,
) -> Comp {
    let mut observances: Vec<(NaiveDateTime, Comp)> = Vec::new();
    if let Some((offset, name, start)) = opening {
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
                crate::units::week::rrule_day(local.weekday())
            );
            // Open-ended only when the series reaches the end of what we looked at. UNTIL is a
            // day after the last onset, not the onset itself: RFC 5545 includes an onset equal
            // to UNTIL, but vobject drops it (Gaza 2026, Tunis 2008, Perth 2009...), and a day
            // later no further onset of a yearly rule can fall.
            if last.at + Duration::days(366) <= upper {
                let until = last.at + Duration::days(1);
                rule.push_str(&format!(";UNTIL={}", until.format("%Y%m%dT%H%M%SZ")));
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

/// What Outlook takes from one observance: kind, start, offset after, yearly rule.
struct Read {
    daylight: bool,
    start: NaiveDateTime,
    offset: i32,
    /// Month, week of the month (1 to 5, or -1 for the last) and weekday of the yearly onset.
    rule: (u32, i8, chrono::Weekday),
}

/// The observances of a VTIMEZONE this module wrote, as Outlook reads them.
fn read_observances(vtimezone: &Comp) -> Vec<Read> {
    vtimezone
        .children
        .iter()
        .filter_map(|o| {
            let value = |name: &str| {
                o.props
                    .iter()
                    .find(|p| p.name == name)
                    .map(|p| p.value.to_string())
            };
            let start = NaiveDateTime::parse_from_str(&value("DTSTART")?, "%Y%m%dT%H%M%S").ok()?;
            let offset = parse_utc_offset(&value("TZOFFSETTO")?)?;
            let from_start = (
                start.month(),
                (((start.day() - 1) / 7 + 1).min(5)) as i8,
                start.weekday(),
            );
            let rule = value("RRULE")
                .and_then(|rule| parse_yearly(&rule))
                .unwrap_or(from_start);
            Some(Read {
                daylight: o.name == "DAYLIGHT",
                start,
                offset,
                rule,
            })
        })
        .collect()
}

/// `BYMONTH` and `BYDAY` of a yearly rule this module wrote.
fn parse_yearly(rule: &str) -> Option<(u32, i8, chrono::Weekday)> {
    let part = |name: &str| {
        rule.split(';')
            .find_map(|p| p.strip_prefix(name)?.strip_prefix('='))
    };
    let month = part("BYMONTH")?.parse().ok()?;
    let byday = part("BYDAY")?;
    let (week, day) = byday.split_at(byday.len().checked_sub(2)?);
    let weekday = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
        .iter()
        .position(|c| *c == day)
        .and_then(|i| chrono::Weekday::try_from(i as u8).ok())?;
    Some((month, week.parse().ok()?, weekday))
}

/// `+0530` or `-031500` as seconds.
fn parse_utc_offset(text: &str) -> Option<i32> {
    let sign = match text.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits = &text[1..];
    let field = |range: std::ops::Range<usize>| -> Option<i32> { digits.get(range)?.parse().ok() };
    let seconds = if digits.len() == 6 { field(4..6)? } else { 0 };
    Some(sign * (field(0..2)? * 3600 + field(2..4)? * 60 + seconds))
}

/// The date of the `week`-th `weekday` of `month` in `year` (-1: the last; 5: the last when
/// there are only four, as Windows reads it).
fn nth_weekday(year: i32, month: u32, week: i8, weekday: chrono::Weekday) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let last = first
        .checked_add_months(chrono::Months::new(1))?
        .pred_opt()?;
    let last_match = last
        - Duration::days(
            ((last.weekday().num_days_from_monday() + 7 - weekday.num_days_from_monday()) % 7)
                .into(),
        );
    if !(1..5).contains(&week) {
        return Some(last_match);
    }
    let first_match = first
        + Duration::days(
            ((weekday.num_days_from_monday() + 7 - first.weekday().num_days_from_monday()) % 7)
                .into(),
        );
    Some(first_match + Duration::weeks(i64::from(week) - 1))
}

/// Outlook's yearly rule for these observances: standard offset, daylight offset, and the
/// onsets of daylight and standard time in a year as UTC instants (`None`: a fixed offset).
struct OutlookRule<'a> {
    standard: &'a Read,
    daylight: Option<&'a Read>,
}

impl<'a> OutlookRule<'a> {
    fn new(observances: &'a [Read]) -> Option<Self> {
        let latest = |daylight: bool| {
            observances
                .iter()
                .filter(|o| o.daylight == daylight)
                .max_by_key(|o| o.start)
        };
        Some(OutlookRule {
            standard: latest(false)?,
            daylight: latest(true),
        })
    }

    /// The onsets of daylight and of standard time in `year`, as instants. Onsets are local
    /// times, read on the offset in force before them.
    fn onsets(&self, year: i32) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let daylight = self.daylight?;
        let onset = |o: &Read, before: i32| {
            let (month, week, weekday) = o.rule;
            let local = nth_weekday(year, month, week, weekday)?.and_time(o.start.time());
            Some(local.and_utc() - Duration::seconds(before.into()))
        };
        Some((
            onset(daylight, self.standard.offset)?,
            onset(self.standard, daylight.offset)?,
        ))
    }

    /// The offset Outlook shows at `t`.
    fn offset(&self, t: DateTime<Utc>) -> Option<i32> {
        let Some(daylight) = self.daylight else {
            return Some(self.standard.offset);
        };
        let (to_daylight, to_standard) = self.onsets(t.year())?;
        let in_daylight = if to_daylight < to_standard {
            to_daylight <= t && t < to_standard
        } else {
            t >= to_daylight || t < to_standard
        };
        Some(if in_daylight {
            daylight.offset
        } else {
            self.standard.offset
        })
    }
}

/// True when Outlook's reading of `observances` gives the tz database's offset at every instant
/// of `[from, to]`. Both are step functions whose steps are known (the zone's transitions, the
/// rule's yearly onsets): they agree everywhere when they agree at `from` and at every step of
/// either inside the span.
fn outlook_agrees(observances: &[Read], tz: Zone, from: DateTime<Utc>, to: DateTime<Utc>) -> bool {
    let Some(rule) = OutlookRule::new(observances) else {
        return false;
    };
    let mut probes = vec![from];
    probes.extend(transitions(tz, from, to).iter().map(|t| t.at));
    for year in from.year() - 1..=to.year() + 1 {
        if let Some((a, b)) = rule.onsets(year) {
            probes.extend([a, b].into_iter().filter(|t| from < *t && *t <= to));
        }
    }
    probes
        .into_iter()
        .all(|t| rule.offset(t) == Some(offset_at(tz, t).0.local_minus_utc()))
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
            out.contains("BYMONTH=2;BYDAY=3SU;UNTIL=20190218T020000Z"),
            "{out}"
        );
        assert!(out.contains("BYMONTH=10;BYDAY=3SU;UNTIL=2017"), "{out}");
        assert!(out.contains("DTSTART:20181104T000000"), "{out}");
    }

    #[test]
    fn outlook_reading_of_the_yearly_form() {
        let span = |y, m, d, days| {
            let from = Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap();
            (from, from + Duration::days(days))
        };
        // New York: one STANDARD and one DAYLIGHT rule, which is all Outlook reads.
        let ny: Zone = "America/New_York".parse().unwrap();
        let (from, to) = span(2026, 10, 1, 120);
        assert!(outlook_agrees(
            &read_observances(&yearly(ny, from, to)),
            ny,
            from,
            to
        ));
        // Vancouver in autumn 2026 (tz 2026f: -07:00 from March on, for good): the yearly form
        // holds the 2025 STANDARD (-08:00) and the 2026 DAYLIGHT, which Outlook would repeat
        // every year, showing November at -08:00.
        let vancouver: Zone = "America/Vancouver".parse().unwrap();
        let (from, to) = span(2026, 10, 15, 60);
        let observances = read_observances(&yearly(vancouver, from, to));
        assert!(!outlook_agrees(&observances, vancouver, from, to));
        let rule = OutlookRule::new(&observances).unwrap();
        assert_eq!(rule.offset(from), Some(-7 * 3600));
        assert_eq!(rule.offset(to), Some(-8 * 3600));
        // From December, the year before holds only the March DAYLIGHT: with no STANDARD,
        // Outlook has nothing to read at all.
        let (from, to) = span(2026, 12, 1, 60);
        let observances = read_observances(&yearly(vancouver, from, to));
        assert!(OutlookRule::new(&observances).is_none());
        assert!(!outlook_agrees(&observances, vancouver, from, to));
    }

    #[test]
    fn nth_weekday_of_a_month() {
        use chrono::Weekday::Sun;
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(nth_weekday(2026, 3, 2, Sun), date(2026, 3, 8));
        assert_eq!(nth_weekday(2026, 3, -1, Sun), date(2026, 3, 29));
        // Windows reads week 5 as "the last", also in months with four such days.
        assert_eq!(nth_weekday(2026, 2, 5, Sun), date(2026, 2, 22));
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
