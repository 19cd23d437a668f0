//! A batch's CSV: the header, and each row read into an appointment, a routine and the
//! patient's choices. Reading the file (chunks, parallel rows) is [`crate::deliver::batch`]'s.
//!
//! Columns (header row, any order; only `id`, `at` and `tz` required): `id`, `name`, `email`,
//! `at`, `tz`, `minutes`, `sweat`, `areas`, `product`, `habits` (a habits file, relative to the
//! CSV), `workouts` (`;`-separated, as `--workout`), `discreet`, `touch_up` (a touch-up visit).

use std::collections::HashMap;

use crate::error::Error;
use crate::model::{Appointment, Protocol, Routine, Sweat};
use crate::tz::{self, Fold};

/// Every column a batch file may have.
pub const COLUMNS: [&str; 13] = [
    "id", "name", "email", "at", "tz", "minutes", "sweat", "areas", "product", "habits",
    "workouts", "discreet", "touch_up",
];

/// Where each column is in the file.
#[derive(Clone, Debug)]
pub struct Columns {
    index: HashMap<&'static str, usize>,
    /// The zone of rows that give none.
    default_tz: Option<crate::tz::Zone>,
    /// How dates with slashes are read (`None`: refused as ambiguous).
    date_order: Option<super::when::DateOrder>,
    /// Whether a row without a `touch_up` value is a touch-up visit.
    touch_up: bool,
}

impl Columns {
    /// Checks the header: every name known, no repeats, `id` and `at` present (and `tz`, unless
    /// `default_tz` says every row without one is in a given zone). Common spellings are
    /// accepted ("Patient ID", "Appointment", "Time zone", "E-mail"); `renames` maps any other
    /// header to a column (`("Client", "name")`).
    pub fn new(header: &[&str]) -> Result<Self, String> {
        Self::with(header, &[], None)
    }

    /// [`Columns::new`] with the caller's header renames, and the zone of rows without a `tz`
    /// (then the column may be absent).
    pub fn with(
        header: &[&str],
        renames: &[(String, String)],
        default_tz: Option<crate::tz::Zone>,
    ) -> Result<Self, String> {
        let mut index = HashMap::new();
        for (i, raw) in header.iter().enumerate() {
            let cleaned = raw.trim().trim_start_matches('\u{feff}');
            let renamed = renames
                .iter()
                .find(|(from, _)| from.trim().eq_ignore_ascii_case(cleaned))
                .map(|(_, to)| to.as_str());
            let name = renamed.map_or_else(|| alias(cleaned), |to| to.to_ascii_lowercase());
            let Some(known) = COLUMNS.iter().find(|c| **c == name) else {
                return Err(format!(
                    "unknown column {raw:?}; expected some of: {} (or map it with --column \"{}=COLUMN\")",
                    COLUMNS.join(", "),
                    cleaned
                ));
            };
            if index.insert(*known, i).is_some() {
                return Err(format!("column {known:?} appears twice"));
            }
        }
        let required: &[&str] = if default_tz.is_some() {
            &["id", "at"]
        } else {
            &["id", "at", "tz"]
        };
        for required in required {
            if !index.contains_key(required) {
                return Err(format!(
                    "the header has no {required:?} column (required: {})",
                    required_list(default_tz.is_some())
                ));
            }
        }
        Ok(Columns {
            index,
            default_tz,
            date_order: None,
            touch_up: false,
        })
    }

    /// Reads dates with slashes in `order` (`01/12/2026`).
    pub fn with_date_order(self, order: Option<super::when::DateOrder>) -> Self {
        Columns {
            date_order: order,
            ..self
        }
    }

    /// Rows without a `touch_up` value are touch-up visits when `touch_up` (`batch --touch-up`).
    pub fn with_touch_up(self, touch_up: bool) -> Self {
        Columns { touch_up, ..self }
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

fn required_list(default_tz: bool) -> &'static str {
    if default_tz { "id, at" } else { "id, at, tz" }
}

/// The column a header names, by its usual spellings: case, spaces, dashes and underscores do
/// not matter ("Patient ID", "patient_id" and "PatientId" are all `id`).
fn alias(header: &str) -> String {
    let key: String = header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    let column = match key.as_str() {
        "id" | "patientid" | "patient" | "ref" | "reference" | "patientnumber" | "mrn" => "id",
        "name" | "patientname" | "fullname" => "name",
        "email" | "emailaddress" | "mail" => "email",
        "at"
        | "appointment"
        | "appointmentat"
        | "datetime"
        | "when"
        | "start"
        | "appointmenttime"
        | "appointmentdatetime" => "at",
        "tz" | "timezone" | "zone" => "tz",
        "minutes" | "length" | "duration" | "durationminutes" => "minutes",
        "sweat" | "sweatlevel" => "sweat",
        "areas" | "area" | "treatedareas" | "treatmentareas" => "areas",
        "product" | "toxin" => "product",
        "habits" | "habitsfile" => "habits",
        "workouts" | "routine" => "workouts",
        "discreet" | "private" => "discreet",
        "touchup" | "touchupvisit" => "touch_up",
        other => return other.to_string(),
    };
    column.to_string()
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

/// One row, read: everything a plan and its calendar need.
#[derive(Clone, Debug)]
pub struct Row<'r> {
    /// The row's id (also the seed of its calendar's UIDs).
    pub id: &'r str,
    /// The patient's name, if given.
    pub name: Option<&'r str>,
    /// The patient's address, if given.
    pub email: Option<&'r str>,
    /// The appointment, with its areas and product.
    pub appointment: Appointment,
    /// The routine (habits file and `workouts` column).
    pub routine: Routine,
    /// The sweat level (the column, else the habits file's, else moderate).
    pub sweat: Sweat,
    /// Discreet titles.
    pub discreet: bool,
    /// The product's name for titles (`Botox` when none is given).
    pub procedure: String,
}

impl Columns {
    /// Reads one row, or says which column is wrong. `habits` loads a habits file named in the
    /// row (the caller caches and confines them).
    pub fn read<'r>(
        &self,
        record: &'r [String],
        row: usize,
        protocol: &Protocol,
        habits: &(dyn Fn(&str) -> Result<Routine, String> + Sync),
    ) -> Result<Row<'r>, RowError> {
        let get = |column: &str| self.value(record, column);
        let fail = |(column, reason): (&str, String)| RowError {
            row,
            column: column.to_string(),
            reason,
        };
        let (mut appointment, procedure) =
            appointment(&get, self.default_tz, self.date_order, protocol).map_err(fail)?;
        appointment.touch_up = match get("touch_up") {
            Some(t) => parse_bool(t).ok_or_else(|| {
                fail((
                    "touch_up",
                    format!("invalid value {t:?}; expected true or false"),
                ))
            })?,
            None => self.touch_up,
        };
        let mut routine = match get("habits") {
            Some(path) => habits(path).map_err(|reason| fail(("habits", reason)))?,
            None => Routine::default(),
        };
        for spec in get("workouts")
            .unwrap_or_default()
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            routine
                .add_workout(spec)
                .map_err(|e| fail(plain("workouts", e.for_field("workouts"))))?;
        }
        let sweat = match get("sweat") {
            Some(s) => s
                .to_ascii_lowercase()
                .parse::<Sweat>()
                .map_err(|e| fail(plain("sweat", e)))?,
            None => routine.sweat.unwrap_or_default(),
        };
        let discreet = match get("discreet") {
            Some(d) => parse_bool(d).ok_or_else(|| {
                fail((
                    "discreet",
                    format!("invalid value {d:?}; expected true or false"),
                ))
            })?,
            None => false,
        };
        Ok(Row {
            id: get("id").unwrap_or_default(),
            name: get("name"),
            email: get("email"),
            appointment,
            routine,
            sweat,
            discreet,
            procedure,
        })
    }
}

/// The library's errors name the column as their field: the reason is what follows.
fn plain(column: &str, e: crate::Error) -> (&str, String) {
    let message = e.to_string();
    let reason = message
        .strip_prefix(&format!("{column}: "))
        .unwrap_or(&message)
        .to_string();
    (column, reason)
}

/// A row's appointment (`at`, `tz`, `minutes`, `areas`, `product`) and the product's name for
/// titles, or the column at fault and why.
fn appointment<'c>(
    get: &dyn Fn(&str) -> Option<&'c str>,
    default_tz: Option<crate::tz::Zone>,
    date_order: Option<super::when::DateOrder>,
    protocol: &Protocol,
) -> Result<(Appointment, String), (&'static str, String)> {
    let zone = match (get("tz"), default_tz) {
        (None, Some(zone)) => zone,
        (given, _) => {
            tz::parse_zone("tz", given.unwrap_or_default()).map_err(|e| plain("tz", e))?
        }
    };
    // The same reading as `--at`: the row's tz column is an explicit zone.
    let start = super::when::parse_date_time_in(
        "at",
        get("at").unwrap_or_default(),
        zone,
        true,
        Fold::Reject,
        date_order,
    )
    .map_err(|e| plain("at", e))?;
    let minutes = match get("minutes") {
        Some(m) => {
            let length = "an appointment length";
            m.parse::<i64>()
                .map_err(|_| Error::invalid("minutes", m, format!("{length} in whole minutes")))
                .and_then(|n| crate::units::check_minutes("minutes", n, length))
                .map_err(|e| plain("minutes", e))?
        }
        None => 30,
    };
    let mut appointment = Appointment::new(start, minutes).map_err(|e| match e.field() {
        Some("at") => plain("at", e),
        _ => plain("minutes", e),
    })?;
    if let Some(areas) = get("areas") {
        // "Forehead, Crow's feet" is two areas: `forehead` and `crows-feet`.
        let ids: Vec<String> = areas
            .split([',', ';'])
            .map(|a| {
                a.trim()
                    .to_lowercase()
                    .replace(['\'', '’'], "")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join("-")
            })
            .filter(|a| !a.is_empty())
            .collect();
        appointment.areas = protocol
            .lookup_areas("areas", &ids)
            .map_err(|e| plain("areas", e))?
            .iter()
            .map(|a| a.id.clone())
            .collect();
    }
    let product = get("product")
        .map(|p| protocol.lookup_product("product", &p.to_ascii_lowercase()))
        .transpose()
        .map_err(|e| plain("product", e))?;
    appointment.product = product.map(|p| p.id.clone());
    let procedure = product.map_or("Botox".to_string(), |p| p.name.clone());
    Ok((appointment, procedure))
}
