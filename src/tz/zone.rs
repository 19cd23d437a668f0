//! [`Zone`]: an IANA time zone whose rules come from the tz database in use ([`super::db`]),
//! behind chrono's [`TimeZone`] trait, so the rest of aftercare keeps chrono's types
//! (`DateTime<Zone>`) while every offset and transition is read from current data.
//!
//! chrono-tz still names the zones (parsing, case-insensitive look-up, "did you mean"), but its
//! built-in rules (tz 2025b) are never used.

use std::sync::OnceLock;

use chrono::{
    DateTime, Datelike, FixedOffset, MappedLocalTime, NaiveDate, NaiveDateTime, Offset, TimeZone,
    Timelike, Utc,
};

use super::db::database;

/// A time zone of the IANA database, by name, with its rules loaded.
///
/// Cheap to copy and compare. Only [`Zone::load`] makes one, after the zone's data was read, so
/// using a `Zone` never fails.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Zone(chrono_tz::Tz);

/// The offset of a [`Zone`] at some instant, as chrono's `DateTime<Zone>` stores it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ZoneOffset {
    zone: Zone,
    fixed: FixedOffset,
}

impl Zone {
    /// The zone `tz` names, with its rules read from the tz database in use; an error says why
    /// they could not be read (the zone is missing from that copy, or its file is unreadable).
    pub fn load(tz: chrono_tz::Tz) -> Result<Zone, String> {
        let slot = &slots()[tz as usize];
        if slot.get().is_none() {
            let data = database().tzif(tz.name())?;
            let rules = jiff::tz::TimeZone::tzif(tz.name(), &data)
                .map_err(|e| format!("its tz data cannot be read: {e}"))?;
            // Another thread may have won the race with the same data: either copy is right.
            let _ = slot.set(rules);
        }
        Ok(Zone(tz))
    }

    /// The IANA name (`Europe/London`).
    pub fn name(self) -> &'static str {
        self.0.name()
    }

    /// The zone's rules in the previous tz release that chrono-tz carries (2025b), used only to
    /// tell when they changed since (see [`super::older_data_differs`]).
    pub(crate) fn previous_release(self) -> chrono_tz::Tz {
        self.0
    }

    /// The zone's rules.
    pub(crate) fn rules(self) -> &'static jiff::tz::TimeZone {
        slots()[self.0 as usize]
            .get()
            .expect("a Zone is only made by Zone::load, after its rules were stored")
    }

    /// The offset and abbreviation (`EDT`, or `+0530` where the database has none) at `at`.
    pub fn offset_info(self, at: DateTime<Utc>) -> (FixedOffset, String) {
        let info = self.rules().to_offset_info(timestamp(at.timestamp()));
        (
            fixed(info.offset()),
            abbreviation(info.abbreviation(), info.offset()),
        )
    }
}

/// Parses an IANA name as [`super::parse_zone`] does (any case; unknown names get suggestions).
///
/// ```
/// let london: aftercare::tz::Zone = "europe/london".parse().unwrap();
/// assert_eq!(london.name(), "Europe/London");
/// ```
impl std::str::FromStr for Zone {
    type Err = crate::Error;

    fn from_str(name: &str) -> crate::Result<Zone> {
        super::parse_zone("time zone", name)
    }
}

impl std::fmt::Debug for Zone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::fmt::Display for Zone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One loaded rule set per zone name, indexed by chrono-tz's zone number.
fn slots() -> &'static [OnceLock<jiff::tz::TimeZone>] {
    static SLOTS: OnceLock<Vec<OnceLock<jiff::tz::TimeZone>>> = OnceLock::new();
    SLOTS.get_or_init(|| {
        let highest = chrono_tz::TZ_VARIANTS
            .iter()
            .map(|tz| *tz as usize)
            .max()
            .unwrap_or(0);
        (0..=highest).map(|_| OnceLock::new()).collect()
    })
}

/// An instant for jiff, kept inside the range it supports (years -9999 to 9999; aftercare's own
/// dates are checked to lie in 1900-2999 long before this).
pub(crate) fn timestamp(seconds: i64) -> jiff::Timestamp {
    let clamped = seconds.clamp(
        jiff::Timestamp::MIN.as_second() + 86_400,
        jiff::Timestamp::MAX.as_second() - 86_400,
    );
    jiff::Timestamp::from_second(clamped).unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

pub(crate) fn fixed(offset: jiff::tz::Offset) -> FixedOffset {
    // jiff offsets are within ±25:59:59, chrono's within ±23:59:59; no real zone comes close.
    FixedOffset::east_opt(offset.seconds().clamp(-86_399, 86_399))
        .expect("an offset clamped to chrono's range")
}

/// The abbreviation, or `+0530` when the database gives a numeric one or none.
pub(crate) fn abbreviation(name: &str, offset: jiff::tz::Offset) -> String {
    if name.is_empty() {
        super::format_offset(fixed(offset)).replace(':', "")
    } else {
        name.to_string()
    }
}

/// A local date-time for jiff, or `None` outside the years it supports.
fn civil(local: &NaiveDateTime) -> Option<jiff::civil::DateTime> {
    jiff::civil::DateTime::new(
        i16::try_from(local.year()).ok()?,
        local.month() as i8,
        local.day() as i8,
        local.hour() as i8,
        local.minute() as i8,
        // chrono shows a leap second as second 59 plus a nanosecond count past one second.
        local.second().min(59) as i8,
        0,
    )
    .ok()
}

impl Offset for ZoneOffset {
    fn fix(&self) -> FixedOffset {
        self.fixed
    }
}

impl std::fmt::Display for ZoneOffset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.fixed, f)
    }
}

impl TimeZone for Zone {
    type Offset = ZoneOffset;

    fn from_offset(offset: &ZoneOffset) -> Zone {
        offset.zone
    }

    fn offset_from_local_date(&self, local: &NaiveDate) -> MappedLocalTime<ZoneOffset> {
        match local.and_hms_opt(0, 0, 0) {
            Some(midnight) => self.offset_from_local_datetime(&midnight),
            None => MappedLocalTime::None,
        }
    }

    fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> MappedLocalTime<ZoneOffset> {
        use jiff::tz::AmbiguousOffset;
        let make = |offset: jiff::tz::Offset| ZoneOffset {
            zone: *self,
            fixed: fixed(offset),
        };
        let Some(civil) = civil(local) else {
            // Outside jiff's years: the offset at the nearest instant it knows.
            return MappedLocalTime::Single(self.offset_from_utc_datetime(local));
        };
        match self.rules().to_ambiguous_timestamp(civil).offset() {
            AmbiguousOffset::Unambiguous { offset } => MappedLocalTime::Single(make(offset)),
            AmbiguousOffset::Fold { before, after } => {
                MappedLocalTime::Ambiguous(make(before), make(after))
            }
            AmbiguousOffset::Gap { .. } => MappedLocalTime::None,
        }
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> ZoneOffset {
        self.offset_from_utc_datetime(&utc.and_time(chrono::NaiveTime::MIN))
    }

    fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> ZoneOffset {
        let offset = self.rules().to_offset(timestamp(utc.and_utc().timestamp()));
        ZoneOffset {
            zone: *self,
            fixed: fixed(offset),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tz::tests::local;

    fn zone(name: &str) -> Zone {
        Zone::load(name.parse().unwrap()).unwrap()
    }

    #[test]
    fn offsets_come_from_the_database_not_chrono_tz() {
        // tz 2026f: British Columbia stays on -07:00 from November 2026; chrono-tz (2025b)
        // still has it return to -08:00.
        let vancouver = zone("America/Vancouver");
        let winter = vancouver
            .from_local_datetime(&local(2026, 12, 1, 10, 0))
            .single()
            .unwrap();
        assert_eq!(winter.to_rfc3339(), "2026-12-01T10:00:00-07:00");
        let old: chrono_tz::Tz = "America/Vancouver".parse().unwrap();
        let old = old.from_local_datetime(&local(2026, 12, 1, 10, 0)).unwrap();
        assert_eq!(old.to_rfc3339(), "2026-12-01T10:00:00-08:00");
    }

    #[test]
    fn gaps_and_folds_map_to_chrono() {
        let ny = zone("America/New_York");
        assert_eq!(
            ny.from_local_datetime(&local(2026, 3, 8, 2, 30)),
            MappedLocalTime::None
        );
        let MappedLocalTime::Ambiguous(a, b) = ny.from_local_datetime(&local(2026, 11, 1, 1, 30))
        else {
            panic!("01:30 on 1 Nov 2026 happens twice in New York");
        };
        assert_eq!(b.timestamp() - a.timestamp(), 3600);
        assert_eq!(a.timezone(), ny);
    }

    #[test]
    fn abbreviations() {
        let ny = zone("America/New_York");
        let summer = Utc.with_ymd_and_hms(2026, 7, 1, 12, 0, 0).unwrap();
        assert_eq!(ny.offset_info(summer).1, "EDT");
        let kolkata = zone("Asia/Kolkata");
        assert_eq!(kolkata.offset_info(summer).1, "IST");
        let sao_paulo = zone("America/Sao_Paulo");
        assert_eq!(sao_paulo.offset_info(summer).1, "-03");
    }
}
