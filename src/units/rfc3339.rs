//! Serde helpers: moments as RFC 3339 with the person's offset (`2026-12-04T15:30:00-05:00`),
//! to the second, and zones by their IANA name. The one serialiser the JSON views use.

use chrono::{DateTime, SecondsFormat};
use serde::Serializer;

use crate::tz::Zone;

/// `2026-12-04T15:30:00-05:00`.
pub fn format(t: &DateTime<Zone>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// Serialises a moment.
pub fn ser<S: Serializer>(t: &DateTime<Zone>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format(t))
}

/// Serialises an optional moment (`null` when absent).
pub fn ser_opt<S: Serializer>(t: &Option<DateTime<Zone>>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => ser(t, s),
        None => s.serialize_none(),
    }
}

/// Serialises a zone as its IANA name.
pub fn ser_tz<S: Serializer>(tz: &Zone, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(tz.name())
}

/// Serialises a list of moments.
pub fn ser_vec<S: Serializer>(ts: &[DateTime<Zone>], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(ts.iter().map(format))
}
