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
//! let ny: chrono_tz::Tz = "America/New_York".parse().unwrap();
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

use chrono::{DateTime, Duration, FixedOffset, LocalResult, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetName, Tz};

use crate::error::{Error, Result, suggest};

/// Which of the two instants to take for a local time that happens twice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
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

/// Zones whose rules changed after the tz database carried by chrono-tz 0.10.4 (2025b), the
/// newest release available: each stopped changing its clocks (or changes them no more) from an
/// instant on. From that instant, aftercare shows times in the equivalent fixed-offset IANA zone
/// and says so in the plan, so that every instant is right.
///
/// Measured by diffing every zone's offsets over 2026-2028 between chrono-tz and the tz
/// database 2026.6 that the conformance harness uses (pytz/tzdata 2026.6); release notes:
/// British Columbia 2026b, Alberta and Morocco 2026c, Northwest Territories 2026d, Manitoba and
/// Cuba later in 2026. Remove an entry once chrono-tz carries the change.
const SUPERSEDED: &[(&str, i64, &str, &str)] = &[
    // (zone, from this UTC instant, fixed zone, what changed)
    (
        "America/Vancouver",
        1_793_523_600,
        "Etc/GMT+7",
        "British Columbia stays on UTC-07",
    ),
    (
        "Canada/Pacific",
        1_793_523_600,
        "Etc/GMT+7",
        "British Columbia stays on UTC-07",
    ),
    (
        "America/Edmonton",
        1_793_520_000,
        "Etc/GMT+6",
        "Alberta stays on UTC-06",
    ),
    (
        "America/Yellowknife",
        1_793_520_000,
        "Etc/GMT+6",
        "Alberta stays on UTC-06",
    ),
    (
        "Canada/Mountain",
        1_793_520_000,
        "Etc/GMT+6",
        "Alberta stays on UTC-06",
    ),
    (
        "America/Inuvik",
        1_793_520_000,
        "Etc/GMT+6",
        "the Northwest Territories stay on UTC-06",
    ),
    (
        "America/Winnipeg",
        1_793_516_400,
        "Etc/GMT+5",
        "Manitoba stays on UTC-05",
    ),
    (
        "America/Rainy_River",
        1_793_516_400,
        "Etc/GMT+5",
        "Manitoba stays on UTC-05",
    ),
    (
        "Canada/Central",
        1_793_516_400,
        "Etc/GMT+5",
        "Manitoba stays on UTC-05",
    ),
    (
        "America/Havana",
        1_793_509_200,
        "Etc/GMT+4",
        "Cuba stays on UTC-04",
    ),
    ("Cuba", 1_793_509_200, "Etc/GMT+4", "Cuba stays on UTC-04"),
    (
        "Africa/Casablanca",
        1_789_869_600,
        "Etc/UTC",
        "Morocco moves to permanent UTC",
    ),
    (
        "Africa/El_Aaiun",
        1_789_869_600,
        "Etc/UTC",
        "Western Sahara moves to permanent UTC",
    ),
];

/// The correction for `tz` at `at`, if its rules changed after chrono-tz's data: the fixed zone
/// to use and a note for the person.
pub fn superseded(tz: Tz, at: DateTime<Utc>) -> Option<(Tz, String)> {
    // The table's zones, parsed once: this runs several times per plan.
    static ZONES: std::sync::OnceLock<Vec<Option<Tz>>> = std::sync::OnceLock::new();
    let zones = ZONES.get_or_init(|| {
        SUPERSEDED
            .iter()
            .map(|(name, ..)| name.parse().ok())
            .collect()
    });
    let index = zones.iter().position(|z| *z == Some(tz))?;
    let (_, from, fixed, what) = SUPERSEDED[index];
    let since = DateTime::from_timestamp(from, 0)?;
    let fixed: Tz = fixed.parse().ok()?;
    (at >= since).then(|| {
        (
            fixed,
            format!(
                "{what} since {} (tz database 2026); the time-zone data built into aftercare \
                 (chrono-tz, tz 2025b) predates that, so times are shown in {}, the same offset.",
                since.with_timezone(&tz).format("%Y-%m-%d"),
                fixed.name()
            ),
        )
    })
}

/// `t` in the zone that is right for it: unchanged, or moved to the fixed-offset zone of
/// [`superseded`] (the same instant).
pub fn current(t: DateTime<Tz>) -> DateTime<Tz> {
    match superseded(t.timezone(), t.with_timezone(&Utc)) {
        Some((fixed, _)) => t.with_timezone(&fixed),
        None => t,
    }
}

/// Resolves a local time in `tz` like chrono's `from_local_datetime`, applying [`superseded`]:
/// a local time after a zone's rule change is read in its fixed-offset zone.
pub fn local_result(tz: Tz, local: NaiveDateTime) -> LocalResult<DateTime<Tz>> {
    let probe = Utc.from_utc_datetime(&local);
    match superseded(tz, probe - Duration::days(1))
        .or_else(|| superseded(tz, probe + Duration::days(1)))
    {
        Some((fixed, _)) => {
            // Near the change, read with the old rules first; fall back to the fixed zone.
            match tz.from_local_datetime(&local) {
                LocalResult::Single(t) if superseded(tz, t.with_timezone(&Utc)).is_none() => {
                    LocalResult::Single(t)
                }
                _ => fixed.from_local_datetime(&local),
            }
        }
        None => tz.from_local_datetime(&local),
    }
}

/// Looks up an IANA zone name; on failure the error suggests close names.
///
/// ```
/// let err = aftercare::tz::parse_zone("--tz", "America/New_Yrok").unwrap_err();
/// assert!(err.to_string().contains("America/New_York"));
/// ```
pub fn parse_zone(field: &str, name: &str) -> Result<Tz> {
    name.parse::<Tz>()
        .or_else(|_| {
            // Accept a differently-cased spelling, as many systems do (`europe/london`).
            chrono_tz::TZ_VARIANTS
                .iter()
                .find(|tz| tz.name().eq_ignore_ascii_case(name))
                .copied()
                .ok_or(())
        })
        .map_err(|_| Error::UnknownZone {
            field: field.to_string(),
            value: name.to_string(),
            suggestions: suggest(name, chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name())),
        })
}

/// True for zones that are plain UTC (including the `GMT` aliases), which calendars write with
/// a `Z` instead of a TZID.
pub fn is_utc(tz: Tz) -> bool {
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
    tz: Tz,
    fold: Fold,
) -> Result<DateTime<Tz>> {
    match local_result(tz, local) {
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
                before: before.format("%H:%M").to_string(),
                after: after.format("%H:%M").to_string(),
            })))
        }
    }
}

/// Resolves a recurring local time (a habitual workout) the RFC 5545 way: a time in a gap is
/// read with the offset before the gap, a time in a fold takes its earlier instant. Returns a
/// note for the user when either happened.
pub fn resolve_recurring(local: NaiveDateTime, tz: Tz) -> (DateTime<Tz>, Option<String>) {
    match local_result(tz, local) {
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
fn gap_transition(local: NaiveDateTime, tz: Tz) -> DateTime<Utc> {
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

/// Formats an offset as `+05:30`.
pub fn format_offset(offset: FixedOffset) -> String {
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
pub fn offset_at(tz: Tz, at: DateTime<Utc>) -> (FixedOffset, String) {
    let offset = tz.offset_from_utc_datetime(&at.naive_utc());
    let name = offset
        .abbreviation()
        .map(str::to_string)
        .unwrap_or_else(|| format_offset(offset.fix()).replace(':', ""));
    (offset.fix(), name)
}

/// Every offset change of `tz` in `(from, to]`, in order.
///
/// chrono-tz does not expose its transition table, so `scan` finds it. Between 1970 and 2100
/// (every plan a person can make), a zone is scanned once per process and the changes sliced from
/// that list: a batch makes thousands of VTIMEZONEs for a handful of zones.
pub fn transitions(tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Transition> {
    with_transitions(tz, from, to, <[Transition]>::to_vec)
}

/// [`transitions`], lent to `f` instead of copied.
pub fn with_transitions<R>(
    tz: Tz,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    f: impl FnOnce(&[Transition]) -> R,
) -> R {
    if !(CACHED.contains(&from.timestamp()) && CACHED.contains(&to.timestamp())) {
        return f(&scan(tz, from, to));
    }
    let all = zone_transitions(tz);
    let first = all.partition_point(|t| t.at <= from);
    let last = all.partition_point(|t| t.at <= to);
    f(&all[first..last])
}

/// The instants in `(from, to]`, roughly, whose local time in `tz` happens twice (clocks going
/// back): around each backward change of `d`, the `d` before it and the `d` after it. A fold
/// that starts or ends within two days of the range is included whole.
pub fn folds(
    tz: Tz,
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

/// The span, in seconds since the epoch, over which zones are scanned once: 1970-01-01 to
/// 2100-01-01.
const CACHED: std::ops::Range<i64> = 0..4_102_444_800;

/// The changes of `tz` over [`CACHED`], scanned once per zone.
fn zone_transitions(tz: Tz) -> std::sync::Arc<Vec<Transition>> {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<HashMap<Tz, Arc<Vec<Transition>>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&tz).cloned()) {
        return hit;
    }
    let at = |t| DateTime::from_timestamp(t, 0).unwrap_or_default();
    let all = Arc::new(scan(tz, at(CACHED.start), at(CACHED.end)));
    if let Ok(mut c) = cache.lock() {
        c.insert(tz, Arc::clone(&all));
    }
    all
}

/// Finds the offset changes of `tz` in `(from, to]`: probes the offset once a week and bisects to
/// the second where it changes. Real zones never change offset twice within a week in the years
/// a plan can span (the closest, Morocco's Ramadan changes, are about a month apart).
fn scan(tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Transition> {
    const STEP: i64 = 7 * 24 * 3600;
    let mut found = Vec::new();
    let mut lo = from.timestamp();
    let end = to.timestamp();
    // Offsets only: the abbreviation (an allocation) is read once per change found.
    let offset = |t: i64| {
        let at = DateTime::from_timestamp(t, 0).unwrap_or(from);
        tz.offset_from_utc_datetime(&at.naive_utc()).fix()
    };
    let mut lo_offset = offset(lo);
    while lo < end {
        let hi = (lo + STEP).min(end);
        let hi_offset = offset(hi);
        if hi_offset != lo_offset {
            // Invariant: offset(a) == lo_offset, offset(b) != lo_offset.
            let (mut a, mut b) = (lo, hi);
            while b - a > 1 {
                let mid = a + (b - a) / 2;
                if offset(mid) == lo_offset {
                    a = mid;
                } else {
                    b = mid;
                }
            }
            let at = DateTime::from_timestamp(b, 0).unwrap_or(from);
            let (to_offset, name) = offset_at(tz, at);
            found.push(Transition {
                at,
                from: lo_offset,
                to: to_offset,
                name,
            });
            lo = b;
            lo_offset = to_offset;
        } else {
            lo = hi;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    #[test]
    fn finds_new_york_transitions_of_2026() {
        let ny: Tz = "America/New_York".parse().unwrap();
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
        let lh: Tz = "Australia/Lord_Howe".parse().unwrap();
        let from = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let to = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap();
        let found = transitions(lh, from, to);
        assert_eq!(found.len(), 2);
        let diff = found[0].from.local_minus_utc() - found[0].to.local_minus_utc();
        assert_eq!(diff, 1800);
    }

    #[test]
    fn gap_is_rejected_with_neighbours() {
        let ny: Tz = "America/New_York".parse().unwrap();
        let err =
            resolve_appointment("--at", local(2026, 3, 8, 2, 30), ny, Fold::Later).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("does not exist"), "{msg}");
        assert!(msg.contains("01:59") && msg.contains("03:00"), "{msg}");
    }

    #[test]
    fn fold_needs_a_choice() {
        let ny: Tz = "America/New_York".parse().unwrap();
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
        let ny: Tz = "America/New_York".parse().unwrap();
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

    #[test]
    fn superseded_zones_keep_the_right_instant() {
        let vancouver: Tz = "America/Vancouver".parse().unwrap();
        // Before the change: the old rules (PDT, -07).
        let summer =
            resolve_appointment("--at", local(2026, 7, 1, 10, 0), vancouver, Fold::Reject).unwrap();
        assert_eq!(summer.to_rfc3339(), "2026-07-01T10:00:00-07:00");
        assert_eq!(summer.timezone().name(), "America/Vancouver");
        // After it: -07 all winter, shown in Etc/GMT+7; 01:30 on 1 Nov no longer happens twice.
        let winter =
            resolve_appointment("--at", local(2026, 12, 4, 15, 0), vancouver, Fold::Reject)
                .unwrap();
        assert_eq!(winter.to_rfc3339(), "2026-12-04T15:00:00-07:00");
        assert_eq!(winter.timezone().name(), "Etc/GMT+7");
        assert!(
            resolve_appointment("--at", local(2026, 11, 1, 1, 30), vancouver, Fold::Reject).is_ok()
        );
        let havana: Tz = "America/Havana".parse().unwrap();
        let (t, _) = resolve_recurring(local(2027, 3, 13, 9, 0), havana);
        assert_eq!(t.to_rfc3339(), "2027-03-13T09:00:00-04:00");
        assert!(superseded("Europe/London".parse().unwrap(), Utc::now()).is_none());
        let casablanca = current(
            Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0)
                .unwrap()
                .with_timezone(&"Africa/Casablanca".parse().unwrap()),
        );
        assert_eq!(casablanca.to_rfc3339(), "2026-12-01T12:00:00+00:00");
    }

    #[test]
    fn utc_detection() {
        assert!(is_utc("UTC".parse().unwrap()));
        assert!(is_utc("Etc/UTC".parse().unwrap()));
        assert!(!is_utc("Europe/London".parse().unwrap()));
        assert!(!is_utc("Asia/Kolkata".parse().unwrap()));
    }
}
