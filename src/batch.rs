//! A clinic's day of appointments, from a CSV file, into one calendar (and message) per
//! patient. This module is the pure part: reading a row, naming its files, rendering it. The
//! binary streams the file, runs rows in parallel, writes atomically, resumes and sends.
//!
//! Columns (header row, any order; only `id`, `at` and `tz` required): `id`, `name`, `email`,
//! `at`, `tz`, `minutes`, `sweat`, `areas`, `product`, `habits` (a habits file, relative to the
//! CSV), `workouts` (`;`-separated, as `--workout`), `discreet`.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::habits::Routine;
use crate::ics::{self, IcsOptions};
use crate::mail::{self, Envelope};
use crate::plan::{self, Appointment, Options};
use crate::protocol::{Protocol, Sweat};
use crate::tz::{self, Fold};

/// Every column a batch file may have.
pub const COLUMNS: [&str; 12] = [
    "id", "name", "email", "at", "tz", "minutes", "sweat", "areas", "product", "habits",
    "workouts", "discreet",
];

/// Where each column is in the file.
#[derive(Clone, Debug)]
pub struct Columns {
    index: HashMap<&'static str, usize>,
}

impl Columns {
    /// Checks the header: every name known, no repeats, `id`, `at` and `tz` present.
    pub fn new(header: &[&str]) -> Result<Self, String> {
        let mut index = HashMap::new();
        for (i, raw) in header.iter().enumerate() {
            let name = raw
                .trim()
                .trim_start_matches('\u{feff}')
                .to_ascii_lowercase();
            let Some(known) = COLUMNS.iter().find(|c| **c == name) else {
                return Err(format!(
                    "unknown column {raw:?}; expected some of: {}",
                    COLUMNS.join(", ")
                ));
            };
            if index.insert(*known, i).is_some() {
                return Err(format!("column {known:?} appears twice"));
            }
        }
        for required in ["id", "at", "tz"] {
            if !index.contains_key(required) {
                return Err(format!(
                    "the header has no {required:?} column (required: id, at, tz)"
                ));
            }
        }
        Ok(Columns { index })
    }

    /// A column's value in a record, trimmed; `None` when absent or empty.
    pub fn value<'r>(&self, record: &'r [String], column: &str) -> Option<&'r str> {
        self.index
            .get(column)
            .and_then(|i| record.get(*i))
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
    }
}

/// Why a row was not done: its number (1 is the header), the column and the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// Line of the CSV record (the header is row 1).
    pub row: usize,
    /// The column at fault (empty when the row as a whole is).
    pub column: String,
    /// What is wrong, without personal data.
    pub reason: String,
}

/// A rendered row.
#[derive(Clone, Debug)]
pub struct Rendered {
    /// The row's line number.
    pub row: usize,
    /// File name stem (sanitised id).
    pub stem: String,
    /// The calendar.
    pub ics: String,
    /// The message, when e-mail was asked for.
    pub eml: Option<Vec<u8>>,
    /// Identity of the message's content, for the send journal (ignores DTSTAMP and Date);
    /// empty without e-mail.
    pub fingerprint: String,
    /// The message as lettre holds it, to send.
    pub message: Option<lettre::Message>,
}

/// What every row shares.
pub struct Context<'a> {
    /// The protocol.
    pub protocol: &'a Protocol,
    /// DTSTAMP and Date.
    pub dtstamp: DateTime<Utc>,
    /// The clinic's address; required for e-mail.
    pub from: Option<lettre::message::Mailbox>,
    /// Make messages (`--eml` or `--send`).
    pub email: bool,
    /// Subject override.
    pub subject: Option<String>,
    /// Loads a habits file named in a row (cached by the caller).
    pub habits: &'a (dyn Fn(&str) -> Result<Routine, String> + Sync),
}

/// A file-name stem from an id: letters, digits, `-`, `_` and `.` kept, anything else becomes
/// `_`; no leading dot (so no `..`), at most 100 bytes. Different ids can give the same stem:
/// the caller refuses the second one.
pub fn stem(id: &str) -> Result<String, String> {
    let cleaned: String = id
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let cleaned = cleaned.trim_start_matches('.').to_string();
    if cleaned.is_empty() || cleaned.chars().all(|c| c == '_') {
        return Err(format!(
            "an id with letters or digits is needed to name the files (got {:?})",
            id
        ));
    }
    if cleaned.len() > 100 {
        return Err("an id of at most 100 characters".into());
    }
    Ok(cleaned)
}

fn parse_bool(value: &str) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "y" => Some(true),
        "0" | "false" | "no" | "n" => Some(false),
        _ => None,
    }
}

/// Renders one row, or says which column is wrong. `stem` is the row's file-name stem, already
/// checked for collisions.
pub fn render_row(
    record: &[String],
    row: usize,
    stem: String,
    columns: &Columns,
    ctx: &Context<'_>,
) -> Result<Rendered, RowError> {
    let fail = |column: &str, reason: String| RowError {
        row,
        column: column.to_string(),
        reason,
    };
    // Reasons come from the library's errors, which quote the value; keep the value out when
    // the column is personal.
    let plain = |column: &str, e: crate::Error| {
        let message = e.to_string();
        let reason = message
            .strip_prefix(&format!("{column}: "))
            .unwrap_or(&message)
            .to_string();
        fail(column, reason)
    };
    let get = |column: &str| columns.value(record, column);
    let id = get("id").unwrap_or_default();
    let zone = tz::parse_zone("tz", get("tz").unwrap_or_default()).map_err(|e| plain("tz", e))?;
    // The same reading as `--at`: the row's tz column is an explicit zone.
    let at_text = get("at").unwrap_or_default();
    let start = crate::input::parse_date_time("at", at_text, zone, true, Fold::Reject)
        .map_err(|e| plain("at", e))?;
    let minutes = match get("minutes") {
        Some(m) => m
            .parse::<u32>()
            .map_err(|_| fail("minutes", format!("invalid value {m:?}; expected 1 to 720")))?,
        None => 30,
    };
    let mut appointment =
        Appointment::new(start, minutes).map_err(|e| plain("minutes", e.for_field("minutes")))?;
    if let Some(areas) = get("areas") {
        let ids: Vec<String> = areas
            .split([',', ';', ' '])
            .map(|a| a.trim().to_ascii_lowercase())
            .filter(|a| !a.is_empty())
            .collect();
        appointment.areas = ctx
            .protocol
            .lookup_areas("areas", &ids)
            .map_err(|e| plain("areas", e))?
            .iter()
            .map(|a| a.id.clone())
            .collect();
    }
    let product = match get("product") {
        Some(p) => Some(
            ctx.protocol
                .lookup_product("product", &p.to_ascii_lowercase())
                .map_err(|e| plain("product", e))?,
        ),
        None => None,
    };
    appointment.product = product.map(|p| p.id.clone());
    let mut routine = match get("habits") {
        Some(path) => (ctx.habits)(path).map_err(|reason| fail("habits", reason))?,
        None => Routine::default(),
    };
    if let Some(workouts) = get("workouts") {
        for spec in workouts.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            routine
                .add_workout_flag(spec)
                .map_err(|e| plain("workouts", e))?;
        }
    }
    let sweat = match get("sweat") {
        Some(s) => match s.to_ascii_lowercase().as_str() {
            "light" => Sweat::Light,
            "moderate" => Sweat::Moderate,
            "heavy" => Sweat::Heavy,
            _ => {
                return Err(fail(
                    "sweat",
                    format!("invalid value {s:?}; expected light, moderate or heavy"),
                ));
            }
        },
        None => routine.sweat.unwrap_or_default(),
    };
    let discreet = match get("discreet") {
        Some(d) => parse_bool(d).ok_or_else(|| {
            fail(
                "discreet",
                format!("invalid value {d:?}; expected true or false"),
            )
        })?,
        None => false,
    };
    let plan = plan::plan_with(
        &appointment,
        &routine,
        ctx.protocol,
        &Options {
            sweat,
            ..Options::default()
        },
    );
    let procedure = product.map_or("Botox".to_string(), |p| p.name.clone());
    let options = IcsOptions {
        dtstamp: ctx.dtstamp,
        discreet,
        procedure: procedure.clone(),
        uid_seed: id.to_string(),
        organizer: ctx.from.as_ref().map(|f| f.email.to_string()),
        organizer_name: ctx.from.as_ref().and_then(|f| f.name.clone()),
        ..IcsOptions::default()
    };
    let (ics, eml, message, to) = if ctx.email {
        let from = ctx
            .from
            .clone()
            .ok_or_else(|| fail("", "a clinic address (--from) is needed for e-mail".into()))?;
        let address = get("email")
            .ok_or_else(|| fail("email", "an e-mail address is needed for e-mail".into()))?;
        // The reason never quotes the address or the name: nothing personal in logs.
        let to = mail::mailbox("email", address, get("name")).map_err(|_| {
            fail(
                "email",
                "not a valid e-mail address, or a name with control characters".into(),
            )
        })?;
        let envelope = Envelope {
            from,
            to: to.clone(),
            subject: ctx.subject.clone().unwrap_or_else(|| {
                mail::default_subject((!discreet).then_some(procedure.as_str()))
            }),
        };
        // The message carries the calendar it rendered (with the clinic as ORGANIZER, as
        // `options` already has it): the same bytes the .ics file gets.
        let (message, ics) = mail::plan_message(&plan, &options, &envelope, get("name"))
            .map_err(|e| plain("", e))?;
        (
            ics,
            Some(message.formatted()),
            Some(message),
            to.email.to_string(),
        )
    } else {
        (ics::render(&plan, &options), None, None, String::new())
    };
    // Only the send journal needs it, and hashing the whole calendar is not free.
    let fingerprint = if ctx.email {
        let stable: String = ics.lines().filter(|l| !l.starts_with("DTSTAMP:")).collect();
        uuid::Uuid::new_v5(
            &uuid::Uuid::NAMESPACE_OID,
            format!("{stable}|{to}").as_bytes(),
        )
        .simple()
        .to_string()
    } else {
        String::new()
    };
    Ok(Rendered {
        row,
        stem,
        ics,
        eml,
        fingerprint,
        message,
    })
}

/// Whether two versions of an output file say the same thing: equal but for the DTSTAMP of
/// the calendar and the Date of the message, which only record when they were made.
pub fn same_content(old: &[u8], new: &[u8]) -> bool {
    let volatile = |l: &&[u8]| !(l.starts_with(b"DTSTAMP:") || l.starts_with(b"Date: "));
    old.split(|b| *b == b'\n')
        .filter(volatile)
        .eq(new.split(|b| *b == b'\n').filter(volatile))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_cannot_escape_the_directory() {
        for (id, expected) in [
            ("P-0001", "P-0001"),
            ("../x", "_x"),
            ("/etc/passwd", "_etc_passwd"),
            ("a/b\\c", "a_b_c"),
            ("..", ""),
            ("Ana Núñez", "Ana_N__ez"),
            ("C:\\temp", "C__temp"),
        ] {
            match stem(id) {
                Ok(s) => {
                    assert_eq!(s, expected, "{id}");
                    assert!(!s.contains('/') && !s.contains('\\') && !s.starts_with('.'));
                }
                Err(_) => assert_eq!(expected, "", "{id}"),
            }
        }
        assert!(stem("///").is_err());
        assert!(stem(&"x".repeat(101)).is_err());
    }

    #[test]
    fn header_checks() {
        assert!(Columns::new(&["id", "at", "tz"]).is_ok());
        assert!(Columns::new(&["tz", "email", "at", "id", "workouts"]).is_ok());
        assert!(Columns::new(&["id", "at"]).unwrap_err().contains("\"tz\""));
        assert!(
            Columns::new(&["id", "at", "tz", "colour"])
                .unwrap_err()
                .contains("unknown column")
        );
        assert!(
            Columns::new(&["id", "at", "tz", "id"])
                .unwrap_err()
                .contains("twice")
        );
    }

    #[test]
    fn same_content_ignores_only_the_stamps() {
        assert!(same_content(
            b"A\r\nDTSTAMP:1\r\nB\r\n",
            b"A\r\nDTSTAMP:2\r\nB\r\n"
        ));
        assert!(!same_content(
            b"A\r\nDTSTAMP:1\r\nB\r\n",
            b"A\r\nDTSTAMP:1\r\nC\r\n"
        ));
        assert!(!same_content(b"A\r\nB\r\n", b"A\r\nB"));
    }
}
