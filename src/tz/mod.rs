//! Time zones: looking them up, turning local wall-clock times into instants, and finding the
//! offset transitions that a VTIMEZONE must describe.
//!
//! # Local times that do not exist or happen twice
//!
//! When the clocks go forward, a range of local times never happens (a *gap*); when they go back,
//! a range happens twice (a *fold*). aftercare treats them in two deliberate ways:
//!
//! * **The appointment** ([`resolve_appointment`]) is a single, explicit instant, so guessing is
//!   wrong: a time in a gap is an error that names the valid neighbours, and a time in a fold is
//!   an error unless the caller picks [`Fold::Earlier`] or [`Fold::Later`] (jiff's *reject*
//!   disambiguation, with an opt-in *earlier*/*later*).
//! * **Habitual workouts** ([`resolve_recurring`]) are weekly wall-clock times, like an RRULE. They
//!   follow RFC 5545 §3.3.5 (jiff's *compatible* mode): a time in a gap is read with the offset
//!   before the gap, so it moves forward by the length of the gap, and a time in a fold takes the
//!   earlier of its two instants. The shift is never silent: [`resolve_recurring`] returns a note
//!   that the plan shows next to the session.
//!
//! ```
//! use aftercare::tz::{resolve_appointment, Fold};
//! use chrono::NaiveDate;
//!
//! let ny = aftercare::tz::parse_zone("--tz", "America/New_York").unwrap();
//! // 02:30 on 8 March 2026 never happens in New York.
//! let gap = NaiveDate::from_ymd_opt(2026, 3, 8).unwrap().and_hms_opt(2, 30, 0).unwrap();
//! let err = resolve_appointment("--at", gap, ny, Fold::Reject).unwrap_err();
//! assert!(err.to_string().contains("01:59") && err.to_string().contains("03:00"));
//!
//! // 01:30 on 1 November 2026 happens twice; --fold later picks the second one (EST).
//! let fold = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap().and_hms_opt(1, 30, 0).unwrap();
//! let later = resolve_appointment("--at", fold, ny, Fold::Later).unwrap();
//! assert_eq!(later.to_rfc3339(), "2026-11-01T01:30:00-05:00");
//! ```

use chrono::{
    DateTime, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc,
};

use crate::error::{Error, Result, suggest};

pub mod db;
mod zone;

pub use zone::{Zone, ZoneOffset};

/// Which of the two instants to take for a local time that happens twice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Fold {
    /// Refuse the ambiguous time (the default for an appointment).
    #[default]
    Reject,
    /// The first occurrence (still on the offset before the clocks go back).
    Earlier,
    /// The second occurrence (on the offset after the clocks go back).
    Later,
}

/// Looks up an IANA zone name and loads its rules from the tz database in use ([`db`]); on
/// failure the error suggests close names.
///
/// ```
/// let err = aftercare::tz::parse_zone("--tz", "America/New_Yrok").unwrap_err();
/// assert!(err.to_string().contains("America/New_York"));
/// ```
pub fn parse_zone(field: &str, name: &str) -> Result<Zone> {
    let tz = zone_name(name).ok_or_else(|| {
        // Only now, on a real error, and only for something shaped like a zone name (letters,
        // digits, `/ _ + -`, spaces; no longer than the longest name): this compares it with
        // every zone's name.
        let plausible = name.len() <= 40
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "/_+- ".contains(c));
        Error::UnknownZone {
            field: field.to_string(),
            value: name.to_string(),
            suggestions: if plausible {
                suggest(name, chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()))
            } else {
                Vec::new()
            },
        }
    })?;
    Zone::load(tz).map_err(|reason| Error::ZoneData {
        zone: tz.name().to_string(),
        database: db::database().describe().to_string(),
        reason,
    })
}

/// Looks up a zone name as [`parse_zone`] does, cheaply and without an error: `None` when the
/// name is unknown or its rules cannot be read. For names read from files by the thousand.
pub fn zone_named(name: &str) -> Option<Zone> {
    zone_name(name).and_then(|tz| Zone::load(tz).ok())
}

/// Every zone name aftercare knows (canonical names and links), in the tz database's order.
pub fn zone_names() -> impl Iterator<Item = &'static str> {
    chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name())
}

/// The zones a form's list offers (`src/data/zones.tab`): each country's zones by their
/// current names, then UTC; the old names (US/Eastern, Asia/Calcutta) are read, not offered.
pub fn offered_zones() -> impl Iterator<Item = &'static str> {
    include_str!("../data/zones.tab")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
}

/// The IANA name `name` spells, exactly or in another case (`europe/london`, as many systems
/// accept).
fn zone_name(name: &str) -> Option<chrono_tz::Tz> {
    name.parse::<chrono_tz::Tz>().ok().or_else(|| {
        chrono_tz::TZ_VARIANTS
            .iter()
            .find(|tz| tz.name().eq_ignore_ascii_case(name))
            .copied()
    })
}

/// True for zones that are plain UTC (including the `GMT` aliases), which calendars write with
/// a `Z` instead of a TZID.
pub(crate) fn is_utc(tz: Zone) -> bool {
    const UTC_ALIASES: [&str; 18] = [
        "UTC",
        "Etc/UTC",
        "UCT",
        "Etc/UCT",
        "Universal",
        "Etc/Universal",
        "Zulu",
        "Etc/Zulu",
        "GMT",
        "Etc/GMT",
        "GMT0",
        "Etc/GMT0",
        "GMT+0",
        "Etc/GMT+0",
        "GMT-0",
        "Etc/GMT-0",
        "Greenwich",
        "Etc/Greenwich",
    ];
    UTC_ALIASES.contains(&tz.name())
}

/// Resolves the local date-time of an appointment strictly: gaps are errors, folds are errors
/// unless `fold` picks a side. See the [module docs](self).
pub fn resolve_appointment(
    field: &str,
    local: NaiveDateTime,
    tz: Zone,
    fold: Fold,
) -> Result<DateTime<Zone>> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok(t),
        LocalResult::Ambiguous(earlier, later) => match fold {
            Fold::Earlier => Ok(earlier),
            Fold::Later => Ok(later),
            Fold::Reject => Err(Error::LocalTimeFold {
                field: field.to_string(),
                value: local.format("%Y-%m-%d %H:%M").to_string(),
                zone: tz.name().to_string(),
                earlier: earlier.to_rfc3339(),
                later: later.to_rfc3339(),
            }),
        },
        LocalResult::None => {
            let t = gap_transition(local, tz);
            let before = (t - Duration::minutes(1)).with_timezone(&tz);
            let after = t.with_timezone(&tz);
            Err(Error::LocalTimeGap(Box::new(crate::error::Gap {
                field: field.to_string(),
                value: local.format("%Y-%m-%d %H:%M").to_string(),
                zone: tz.name().to_string(),
                before_offset: format_offset(before.offset().fix()),
                after_offset: format_offset(after.offset().fix()),
                before: neighbour(before, local),
                after: neighbour(after, local),
            })))
        }
    }
}

/// A valid time next to a gap, for the error message: its time of day, with its date too when
/// the gap spans midnight (Samoa skipped all of 30 Dec 2011: "Thu 29 Dec 2011 23:59").
fn neighbour(t: DateTime<Zone>, given: NaiveDateTime) -> String {
    if t.date_naive() == given.date() {
        t.format("%H:%M").to_string()
    } else {
        t.format("%a %-d %b %Y %H:%M").to_string()
    }
}

/// Resolves a recurring local time (a habitual workout) the RFC 5545 way: a time in a gap is
/// read with the offset before the gap, a time in a fold takes its earlier instant. Returns a
/// note for the user when either happened.
pub fn resolve_recurring(local: NaiveDateTime, tz: Zone) -> (DateTime<Zone>, Option<String>) {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => (t, None),
        LocalResult::Ambiguous(earlier, _) => (
            earlier,
            Some(format!(
                "{} happens twice this day (the clocks go back); this is the first one",
                local.format("%H:%M")
            )),
        ),
        LocalResult::None => {
            let t = gap_transition(local, tz);
            let before_offset = (t - Duration::seconds(1)).with_timezone(&tz).offset().fix();
            let instant = local - Duration::seconds(before_offset.local_minus_utc() as i64);
            let resolved = Utc.from_utc_datetime(&instant).with_timezone(&tz);
            (
                resolved,
                Some(format!(
                    "{} does not exist this day (the clocks go forward), so it is shown at {}",
                    local.format("%H:%M"),
                    resolved.format("%H:%M")
                )),
            )
        }
    }
}

/// The transition that creates the gap `local` falls in.
fn gap_transition(local: NaiveDateTime, tz: Zone) -> DateTime<Utc> {
    let guess = Utc.from_utc_datetime(&local);
    transitions(tz, guess - Duration::days(2), guess + Duration::days(2))
        .into_iter()
        .find(|tr| {
            let start = tr.at.naive_utc() + Duration::seconds(tr.from.local_minus_utc() as i64);
            let end = tr.at.naive_utc() + Duration::seconds(tr.to.local_minus_utc() as i64);
            start <= local && local < end
        })
        .map(|tr| tr.at)
        .unwrap_or(guess)
}

/// The first local date on which `tz` keeps a standard offset that every calendar reads alike:
/// the day after the zone leaves its local mean time (the offset before its first change in
/// the tz database) and any later offset that is not a whole number of minutes (Amsterdam's
/// mean time, +00:19:32, until 1937 in some copies of the data; Monrovia's -00:44:30 until
/// 1972). Calendar apps read such offsets in two ways (some drop the seconds), so a plan is
/// not made before it. `None` for a zone that never changed (`UTC`, `Etc/GMT+5`).
///
/// ```
/// let kathmandu = aftercare::tz::parse_zone("tz", "Asia/Kathmandu").unwrap();
/// assert_eq!(aftercare::tz::first_supported_date(kathmandu).unwrap().to_string(), "1920-01-01");
/// ```
pub fn first_supported_date(tz: Zone) -> Option<NaiveDate> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<HashMap<Zone, Option<NaiveDate>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&tz).copied()) {
        return hit;
    }
    let rules = tz.rules();
    let start = jiff::Timestamp::MIN;
    // Every listed change is before 2100; the rule for later years keeps whole minutes.
    let end = zone::timestamp(4_102_444_800);
    let mut before = rules.to_offset(start);
    let mut last_unreadable = None;
    for (i, change) in rules.following(start).enumerate() {
        if change.timestamp() > end {
            break;
        }
        if i == 0 || before.seconds() % 60 != 0 {
            last_unreadable = Some((change.timestamp(), change.offset()));
        }
        before = change.offset();
    }
    let first = last_unreadable.and_then(|(at, offset)| {
        let local = DateTime::from_timestamp(at.as_second(), 0)?.naive_utc()
            + Duration::seconds(offset.seconds().into());
        // The next whole day: a reader that misplaces the change by its seconds still puts
        // every time of the plan on the new offset.
        local.date().succ_opt()
    });
    if let Ok(mut c) = cache.lock() {
        c.insert(tz, first);
    }
    first
}

/// Refuses a date-time in `field` (typed as `value`) before [`first_supported_date`] of its
/// zone, naming that date.
pub fn check_supported(
    field: &str,
    value: impl std::fmt::Display,
    t: DateTime<Zone>,
) -> Result<()> {
    check_supported_date(field, value, t.date_naive(), t.timezone())
}

/// [`check_supported`] for a local date in `tz`.
pub fn check_supported_date(
    field: &str,
    value: impl std::fmt::Display,
    date: NaiveDate,
    tz: Zone,
) -> Result<()> {
    match first_supported_date(tz) {
        Some(first) if date < first => Err(Error::invalid(
            field,
            value.to_string(),
            format!(
                "a date from {first} on (before it, {} kept local mean time, which calendar \
                 apps read in different ways)",
                tz.name()
            ),
        )),
        _ => Ok(()),
    }
}

/// Formats an offset as `+05:30`.
pub(crate) fn format_offset(offset: FixedOffset) -> String {
    let secs = offset.local_minus_utc();
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.abs();
    format!("{sign}{:02}:{:02}", secs / 3600, (secs % 3600) / 60)
}

/// One change of UTC offset in a zone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transition {
    /// The instant of the change.
    pub at: DateTime<Utc>,
    /// The offset before the change.
    pub from: FixedOffset,
    /// The offset after the change.
    pub to: FixedOffset,
    /// The abbreviation after the change (`EDT`, `+0530`...).
    pub name: String,
}

impl Transition {
    /// The local wall-clock time of the change, read on the offset before it (how a VTIMEZONE
    /// DTSTART is written).
    pub fn local_before(&self) -> NaiveDateTime {
        self.at.naive_utc() + Duration::seconds(self.from.local_minus_utc() as i64)
    }
}

/// The offset and abbreviation of `tz` at `at`.
pub fn offset_at(tz: Zone, at: DateTime<Utc>) -> (FixedOffset, String) {
    tz.offset_info(at)
}

/// Every offset change of `tz` in `(from, to]`, in order, from the tz database. A change of
/// abbreviation alone (no new offset) is not a change here: no time moves.
pub fn transitions(tz: Zone, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Transition> {
    with_transitions(tz, from, to, <[Transition]>::to_vec)
}

/// [`transitions`], lent to `f` instead of copied.
///
/// Between 1970 and 2100 (the plans people make), a zone's changes are listed once per process
/// and sliced: a batch makes thousands of VTIMEZONEs for a handful of zones.
pub(crate) fn with_transitions<R>(
    tz: Zone,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    f: impl FnOnce(&[Transition]) -> R,
) -> R {
    if !(CACHED.contains(&from.timestamp()) && CACHED.contains(&to.timestamp())) {
        return f(&read_transitions(tz, from.timestamp(), to.timestamp()));
    }
    let all = zone_transitions(tz);
    let first = all.partition_point(|t| t.at <= from);
    let last = all.partition_point(|t| t.at <= to);
    f(&all[first..last])
}

/// The instants in `(from, to]`, roughly, whose local time in `tz` happens twice (clocks going
/// back): around each backward change of `d`, the `d` before it and the `d` after it. A fold
/// that starts or ends within two days of the range is included whole.
pub(crate) fn folds(
    tz: Zone,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<std::ops::Range<DateTime<Utc>>> {
    with_transitions(
        tz,
        from - Duration::days(2),
        to + Duration::days(2),
        |found| {
            found
                .iter()
                .filter_map(|t| {
                    let back = Duration::seconds(i64::from(
                        t.from.local_minus_utc() - t.to.local_minus_utc(),
                    ));
                    (back > Duration::zero()).then(|| t.at - back..t.at + back)
                })
                .collect()
        },
    )
}

/// True when the previous tz release that aftercare also carries (chrono-tz's, tz 2025b, kept
/// for zone names) gives `tz` another offset somewhere in `[from, to]` than the data in use:
/// the zone's rules changed recently (British Columbia, Morocco, Cuba and others in 2026), and a
/// device whose own tz data is not yet updated would show these times wrong if the calendar
/// named the zone. Calendars then write such times in UTC, and the plan says why.
///
/// Checked once a week and on both sides of every change of the current data: a rule change
/// moves a transition (caught on its sides) or changes offsets for weeks or months (caught by
/// the weekly probes; a difference of under a week with no current transition near it is not
/// a rule change any release has made). Results are kept per zone and year, so a batch pays
/// once.
pub(crate) fn older_data_differs(tz: Zone, from: DateTime<Utc>, to: DateTime<Utc>) -> bool {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static YEARS: OnceLock<Mutex<HashMap<(Zone, i32), bool>>> = OnceLock::new();
    let years = YEARS.get_or_init(Default::default);
    let year_differs = |year: i32| {
        if let Some(hit) = years.lock().ok().and_then(|y| y.get(&(tz, year)).copied()) {
            return hit;
        }
        let start = Utc.with_ymd_and_hms(year, 1, 1, 0, 0, 0).single();
        let end = Utc.with_ymd_and_hms(year + 1, 1, 1, 0, 0, 0).single();
        let differs = match (start, end) {
            (Some(start), Some(end)) => span_differs(tz, start, end),
            _ => false,
        };
        if let Ok(mut y) = years.lock() {
            y.insert((tz, year), differs);
        }
        differs
    };
    use chrono::Datelike;
    (from.year()..=to.year()).any(year_differs) && span_differs(tz, from, to)
}

/// [`older_data_differs`] for one span, uncached.
fn span_differs(tz: Zone, from: DateTime<Utc>, to: DateTime<Utc>) -> bool {
    let older = tz.previous_release();
    let differs = |t: DateTime<Utc>| {
        older.offset_from_utc_datetime(&t.naive_utc()).fix()
            != tz.offset_from_utc_datetime(&t.naive_utc()).fix()
    };
    let mut t = from;
    while t <= to {
        if differs(t) {
            return true;
        }
        t += Duration::weeks(1);
    }
    differs(to)
        || with_transitions(tz, from, to, |changes| {
            changes
                .iter()
                .any(|c| differs(c.at) || differs(c.at - Duration::seconds(1)))
        })
}

/// The span, in seconds since the epoch, over which a zone's changes are listed once (the
/// plans people make now; others are read directly): 2000-01-01 to 2060-01-01.
const CACHED: std::ops::Range<i64> = 946_684_800..2_840_140_800;

/// The changes of `tz` over [`CACHED`], listed once per zone.
fn zone_transitions(tz: Zone) -> std::sync::Arc<Vec<Transition>> {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<HashMap<Zone, Arc<Vec<Transition>>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&tz).cloned()) {
        return hit;
    }
    let all = Arc::new(read_transitions(tz, CACHED.start, CACHED.end));
    if let Ok(mut c) = cache.lock() {
        c.insert(tz, Arc::clone(&all));
    }
    all
}

/// The offset changes of `tz` in `(from, to]` (seconds since the epoch), read from its rules:
/// the listed transitions, then those of its rule for future years.
fn read_transitions(tz: Zone, from: i64, to: i64) -> Vec<Transition> {
    let rules = tz.rules();
    let mut before = rules.to_offset(zone::timestamp(from));
    let mut found = Vec::new();
    for change in rules.following(zone::timestamp(from)) {
        let at = change.timestamp().as_second();
        if at > to {
            break;
        }
        let after = change.offset();
        if after == before || at <= from {
            before = after;
            continue;
        }
        found.push(Transition {
            at: DateTime::from_timestamp(at, 0).unwrap_or_default(),
            from: zone::fixed(before),
            to: zone::fixed(after),
            name: zone::abbreviation(change.abbreviation(), after),
        });
        before = after;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn zone(name: &str) -> Zone {
        parse_zone("--tz", name).unwrap()
    }

    /// A local date-time, to the minute.
    pub(super) fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    #[test]
    fn finds_new_york_transitions_of_2026() {
        let ny = zone("America/New_York");
        let from = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let to = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap();
        let found = transitions(ny, from, to);
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].at,
            Utc.with_ymd_and_hms(2026, 3, 8, 7, 0, 0).unwrap()
        );
        assert_eq!(found[0].local_before(), local(2026, 3, 8, 2, 0));
        assert_eq!(found[0].name, "EDT");
        assert_eq!(
            found[1].at,
            Utc.with_ymd_and_hms(2026, 11, 1, 6, 0, 0).unwrap()
        );
        assert_eq!(found[1].local_before(), local(2026, 11, 1, 2, 0));
    }

    #[test]
    fn lord_howe_moves_half_an_hour() {
        let lh = zone("Australia/Lord_Howe");
        let from = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let to = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap();
        let found = transitions(lh, from, to);
        assert_eq!(found.len(), 2);
        let diff = found[0].from.local_minus_utc() - found[0].to.local_minus_utc();
        assert_eq!(diff, 1800);
    }

    #[test]
    fn gap_is_rejected_with_neighbours() {
        let ny = zone("America/New_York");
        let err =
            resolve_appointment("--at", local(2026, 3, 8, 2, 30), ny, Fold::Later).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("does not exist"), "{msg}");
        assert!(msg.contains("01:59") && msg.contains("03:00"), "{msg}");
    }

    #[test]
    fn fold_needs_a_choice() {
        let ny = zone("America/New_York");
        let t = local(2026, 11, 1, 1, 30);
        assert!(matches!(
            resolve_appointment("--at", t, ny, Fold::Reject),
            Err(Error::LocalTimeFold { .. })
        ));
        let earlier = resolve_appointment("--at", t, ny, Fold::Earlier).unwrap();
        let later = resolve_appointment("--at", t, ny, Fold::Later).unwrap();
        assert_eq!(later.timestamp() - earlier.timestamp(), 3600);
    }

    #[test]
    fn recurring_gap_moves_forward_and_says_so() {
        let ny = zone("America/New_York");
        let (t, note) = resolve_recurring(local(2026, 3, 8, 2, 30), ny);
        assert_eq!(t.to_rfc3339(), "2026-03-08T03:30:00-04:00");
        assert!(note.unwrap().contains("03:30"));
        let (t, note) = resolve_recurring(local(2026, 11, 1, 1, 30), ny);
        assert_eq!(t.to_rfc3339(), "2026-11-01T01:30:00-04:00");
        assert!(note.is_some());
        assert!(resolve_recurring(local(2026, 6, 1, 6, 30), ny).1.is_none());
    }

    #[test]
    fn unknown_zone_suggests() {
        let err = parse_zone("--tz", "Europe/Londn").unwrap_err().to_string();
        assert!(err.contains("Europe/London"), "{err}");
        assert_eq!(
            parse_zone("--tz", "europe/london").unwrap().name(),
            "Europe/London"
        );
    }

    /// Facts of tz 2026f (the built-in data) that chrono-tz's tz 2025b does not have, each
    /// read in its own words from the tz release notes.
    #[test]
    fn zones_follow_the_2026_rules() {
        // Cuba skips only the winter of 2026/27: back on -05:00 by December 2027.
        let havana = zone("America/Havana");
        let t =
            resolve_appointment("--at", local(2027, 12, 1, 10, 0), havana, Fold::Reject).unwrap();
        assert_eq!(
            t.with_timezone(&Utc).to_rfc3339(),
            "2027-12-01T15:00:00+00:00"
        );
        // Morocco moves to UTC at 01:00Z on 2026-09-20 (02:00 local becomes 01:00): 01:30 local
        // happens twice, 02:30 once.
        let casablanca = zone("Africa/Casablanca");
        let moved = transitions(
            casablanca,
            Utc.with_ymd_and_hms(2026, 9, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap(),
        );
        assert_eq!(moved.len(), 1, "{moved:?}");
        assert_eq!(
            moved[0].at,
            Utc.with_ymd_and_hms(2026, 9, 20, 1, 0, 0).unwrap()
        );
        assert!(matches!(
            resolve_appointment("--at", local(2026, 9, 20, 1, 30), casablanca, Fold::Reject),
            Err(Error::LocalTimeFold { .. })
        ));
        let once = resolve_appointment("--at", local(2026, 9, 20, 2, 30), casablanca, Fold::Reject);
        assert_eq!(once.unwrap().to_rfc3339(), "2026-09-20T02:30:00+00:00");
        // Moldova changes at 03:00 local: 03:30 on 2026-03-29 does not exist.
        let chisinau = zone("Europe/Chisinau");
        assert!(matches!(
            resolve_appointment("--at", local(2026, 3, 29, 3, 30), chisinau, Fold::Reject),
            Err(Error::LocalTimeGap(_))
        ));
        // British Columbia stays on -07:00: the zone keeps its name, winter is -07:00, and
        // 01:30 on 1 Nov 2026 happens once.
        let vancouver = zone("America/Vancouver");
        let winter =
            resolve_appointment("--at", local(2026, 12, 4, 15, 0), vancouver, Fold::Reject)
                .unwrap();
        assert_eq!(winter.to_rfc3339(), "2026-12-04T15:00:00-07:00");
        assert_eq!(winter.timezone().name(), "America/Vancouver");
        assert!(
            resolve_appointment("--at", local(2026, 11, 1, 1, 30), vancouver, Fold::Reject).is_ok()
        );
    }

    #[test]
    fn the_first_supported_date_follows_the_mean_times() {
        let first = |name: &str| first_supported_date(zone(name)).map(|d| d.to_string());
        assert_eq!(first("UTC"), None);
        assert_eq!(first("Etc/GMT+5"), None);
        // Railway time replaced New York's mean time on 18 November 1883.
        assert_eq!(first("America/New_York").as_deref(), Some("1883-11-19"));
        // Monrovia kept -00:44:30 until 1972.
        assert_eq!(first("Africa/Monrovia").as_deref(), Some("1972-01-08"));
        let kathmandu = zone("Asia/Kathmandu");
        let at =
            |y, m, d| resolve_appointment("at", local(y, m, d, 10, 0), kathmandu, Fold::Reject);
        let err = check_supported("at", "1919-12-31 10:00", at(1919, 12, 31).unwrap())
            .unwrap_err()
            .to_string();
        assert!(err.contains("a date from 1920-01-01 on"), "{err}");
        assert!(check_supported("at", "1920-01-01 10:00", at(1920, 1, 1).unwrap()).is_ok());
    }

    #[test]
    fn utc_detection() {
        assert!(is_utc(zone("UTC")));
        assert!(is_utc(zone("Etc/UTC")));
        assert!(!is_utc(zone("Europe/London")));
        assert!(!is_utc(zone("Asia/Kolkata")));
    }
}
