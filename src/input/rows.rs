//! A batch's CSV: the header, and each row read into an appointment, a routine and the
//! patient's choices. Reading the file (chunks, parallel rows) is [`crate::deliver::batch`]'s.
//! The command line's `batch` and the desk's day's list both read files through here, so a
//! booking system's export is read the same way by both.
//!
//! Columns (header row, any order): `id`, `name`, `email`, `at` (or `date` and `time`), `tz`,
//! `minutes`, `sweat`, `areas`, `product`, `habits` (a habits file, relative to the CSV),
//! `workouts` (`;`-separated, as `--workout`), `discreet`, `touch_up` (a touch-up visit),
//! `language` (the patient's: `es`, `fr`, `de`, `pt-BR`, or a name such as "Español").
//! `id` and the appointment's date and time are required, and `tz` unless a default zone is
//! given. Other headers are not read, and said so ([`Columns::ignored`]).

use std::collections::HashMap;

use crate::error::Error;
use crate::input::request::PlanRequest;
use crate::model::{Appointment, Protocol, Routine, Sweat};
use crate::tz::{self, Fold};
use crate::units::week::TimeStyle;

/// Every column a batch file may have.
pub const COLUMNS: [&str; 17] = [
    "id", "name", "email", "at", "date", "time", "tz", "minutes", "sweat", "areas", "product",
    "habits", "workouts", "discreet", "touch_up", "status", "language",
];

/// A booking's status that means the treatment did not happen (cancelled, a no-show), as keys
/// (lower case, letters only): such a row gets no plan and no e-mail.
const NOT_HELD: &[&str] = &[
    "noshow",
    "didnotattend",
    "dna",
    "didnotarrive",
    "missed",
    "nopresentado",
    "nopresentada",
    "noasistió",
    "noasistio",
    "noacudió",
    "noacudio",
    "ausente",
    "nichterschienen",
    "nichtgekommen",
    "absent",
    "absente",
    "nonvenu",
    "nonvenue",
    "faltou",
    "falta",
    "nãocompareceu",
    "naocompareceu",
];

/// What a row refused for a date with slashes, when no date order was chosen, says: short,
/// because a whole list of such dates gives it once a row (the desk says once what to choose).
pub const AMBIGUOUS_DATE: &str =
    "a date with slashes, and no date order chosen (day first or month first)";

/// Where each column is in the file.
#[derive(Clone, Debug)]
pub struct Columns {
    index: HashMap<&'static str, usize>,
    /// The file's headers, as written: what errors call the columns.
    headers: Vec<String>,
    /// The headers that are not read, as written.
    ignored: Vec<String>,
    /// The zone of rows that give none.
    default_tz: Option<crate::tz::Zone>,
    /// How dates with slashes are read (`None`: refused as ambiguous).
    date_order: Option<super::when::DateOrder>,
    /// Whether a row without a `touch_up` value is a touch-up visit.
    touch_up: bool,
}

/// Why a header cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HeaderError {
    /// Two headers are read as the same column.
    #[error("column {0:?} appears twice")]
    Twice(&'static str),
    /// A required column is missing; the headers that are not read are listed.
    #[error("the header has no column for {what}{}", found(.ignored))]
    Missing {
        /// What is missing, in words.
        what: &'static str,
        /// The headers not read, any of which may be it.
        ignored: Vec<String>,
    },
    /// A rename names no column.
    #[error("{header:?} cannot be read as {column:?}; expected one of: {}", COLUMNS.join(", "))]
    NoSuchColumn {
        /// The header, as written.
        header: String,
        /// What it was to be read as.
        column: String,
    },
}

fn found(ignored: &[String]) -> String {
    if ignored.is_empty() {
        String::new()
    } else {
        format!(
            " (not read: {})",
            ignored
                .iter()
                .map(|h| format!("{h:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

impl Columns {
    /// Checks the header: no column twice, `id` and the appointment's date and time present
    /// (and `tz`). Common spellings are accepted ("Patient ID", "Appointment Date", "Time
    /// zone", "E-mail", "Treatment Area"); headers that name no column are not read.
    pub fn new(header: &[&str]) -> Result<Self, HeaderError> {
        Self::with(header, &[], None)
    }

    /// [`Columns::new`] with the caller's header renames (`("Client", "name")`; an empty
    /// column: the header is not read), and the zone of rows without a `tz` (then the column
    /// may be absent).
    pub fn with(
        header: &[&str],
        renames: &[(String, String)],
        default_tz: Option<crate::tz::Zone>,
    ) -> Result<Self, HeaderError> {
        let mut index = HashMap::new();
        let mut ignored = Vec::new();
        for (i, raw) in header.iter().enumerate() {
            let cleaned = raw.trim().trim_start_matches('\u{feff}');
            let renamed = renames
                .iter()
                .find(|(from, _)| from.trim().eq_ignore_ascii_case(cleaned))
                .map(|(_, to)| to.trim().to_ascii_lowercase());
            let name = match renamed {
                Some(to) if to.is_empty() => {
                    ignored.push(cleaned.to_string());
                    continue;
                }
                Some(to) => match COLUMNS.iter().find(|c| **c == to) {
                    Some(known) => *known,
                    None => {
                        return Err(HeaderError::NoSuchColumn {
                            header: cleaned.to_string(),
                            column: to,
                        });
                    }
                },
                None => match column_of(cleaned) {
                    Some(known) => known,
                    None => {
                        ignored.push(cleaned.to_string());
                        continue;
                    }
                },
            };
            if index.insert(name, i).is_some() {
                return Err(HeaderError::Twice(name));
            }
        }
        // "Appointment Time" alone is the whole date-time; beside a date, only its time. A
        // header that says only "Time" is a time: its date column is missing.
        let plain_time = |i: usize| {
            header
                .get(i)
                .is_some_and(|h| matches!(header_key(h).as_str(), "time" | "hora"))
        };
        if !index.contains_key("date")
            && !index.contains_key("at")
            && let Some(&i) = index.get("time")
        {
            if plain_time(i) {
                return Err(HeaderError::Missing {
                    what: "the appointment's date (\"date\", beside \"time\")",
                    ignored: ignored.clone(),
                });
            }
            index.remove("time");
            index.insert("at", i);
        }
        let missing = |what| HeaderError::Missing {
            what,
            ignored: ignored.clone(),
        };
        if !index.contains_key("id") {
            return Err(missing("the row's id (\"id\", e.g. \"Patient ID\")"));
        }
        if !index.contains_key("at") && !index.contains_key("date") {
            return Err(missing(
                "the appointment's date and time (\"at\", or \"date\" and \"time\")",
            ));
        }
        if index.contains_key("date") && !index.contains_key("time") {
            return Err(missing(
                "the appointment's time (\"time\", beside \"date\")",
            ));
        }
        if default_tz.is_none() && !index.contains_key("tz") {
            return Err(missing(
                "the time zone (\"tz\"), and no default zone was given",
            ));
        }
        Ok(Columns {
            index,
            headers: header
                .iter()
                .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
                .collect(),
            ignored,
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

    /// What the file calls `column` (one of [`COLUMNS`]): its header as written ("Treatment
    /// Area"), both headers for a date-time read from two ("Appointment Date and Time"), the
    /// column's own name when the file has none (a zone given by default).
    pub fn header_of(&self, column: &str) -> String {
        let header = |c: &str| {
            self.index
                .get(c)
                .and_then(|i| self.headers.get(*i))
                .cloned()
        };
        match header(column) {
            Some(h) => h,
            None if column == "at" => match (header("date"), header("time")) {
                (Some(date), Some(time)) => format!("{date} and {time}"),
                _ => column.to_string(),
            },
            None => column.to_string(),
        }
    }

    /// The headers that are not read, as written, in file order.
    pub fn ignored(&self) -> &[String] {
        &self.ignored
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

/// The usual spellings of each column's header, as keys: lower case, letters and digits only
/// ("Patient ID" is `patientid`). Public so that the desk's page proposes the same reading in
/// the browser.
pub const SPELLINGS: &[(&str, &str)] = &[
    ("id", "id"),
    ("patientid", "id"),
    ("patient", "id"),
    ("ref", "id"),
    ("reference", "id"),
    ("patientnumber", "id"),
    ("patientno", "id"),
    ("patientref", "id"),
    ("clientid", "id"),
    ("mrn", "id"),
    ("idpaciente", "id"),
    ("númeropaciente", "id"),
    ("numeropaciente", "id"),
    ("nhc", "id"),
    ("patientenid", "id"),
    ("patientennummer", "id"),
    ("patientennr", "id"),
    ("nr", "id"),
    ("npatient", "id"),
    ("nopatient", "id"),
    ("npaciente", "id"),
    ("nummer", "id"),
    ("idpatient", "id"),
    ("numéropatient", "id"),
    ("numeropatient", "id"),
    ("codigopaciente", "id"),
    ("name", "name"),
    ("patientname", "name"),
    ("fullname", "name"),
    ("clientname", "name"),
    ("nombre", "name"),
    ("nombrepaciente", "name"),
    ("nombrecompleto", "name"),
    ("nombreyapellidos", "name"),
    ("nom", "name"),
    ("nomcomplet", "name"),
    ("patientenname", "name"),
    ("nome", "name"),
    ("nomecompleto", "name"),
    ("email", "email"),
    ("emailaddress", "email"),
    ("mail", "email"),
    ("patientemail", "email"),
    ("clientemail", "email"),
    ("correo", "email"),
    ("correoelectrónico", "email"),
    ("correoelectronico", "email"),
    ("emailadresse", "email"),
    ("courriel", "email"),
    ("adresseemail", "email"),
    ("at", "at"),
    ("appointment", "at"),
    ("appointmentat", "at"),
    ("datetime", "at"),
    ("when", "at"),
    ("start", "at"),
    ("appointmentdatetime", "at"),
    ("termin", "at"),
    ("beginn", "at"),
    ("rendezvous", "at"),
    ("consulta", "at"),
    ("startdatetime", "at"),
    ("date", "date"),
    ("appointmentdate", "date"),
    ("visitdate", "date"),
    ("bookingdate", "date"),
    ("startdate", "date"),
    ("fecha", "date"),
    ("fechacita", "date"),
    ("fechadelacita", "date"),
    ("datum", "date"),
    ("termindatum", "date"),
    ("datedurendezvous", "date"),
    ("data", "date"),
    ("datadaconsulta", "date"),
    ("time", "time"),
    ("appointmenttime", "time"),
    ("starttime", "time"),
    ("visittime", "time"),
    ("bookingtime", "time"),
    ("hora", "time"),
    ("horacita", "time"),
    ("horadelacita", "time"),
    ("horainicio", "time"),
    ("uhrzeit", "time"),
    ("zeit", "time"),
    ("heure", "time"),
    ("horário", "time"),
    ("horario", "time"),
    ("tz", "tz"),
    ("timezone", "tz"),
    ("zone", "tz"),
    ("zonahoraria", "tz"),
    ("zeitzone", "tz"),
    ("fuseauhoraire", "tz"),
    ("fusohorário", "tz"),
    ("fusohorario", "tz"),
    ("minutes", "minutes"),
    ("length", "minutes"),
    ("duration", "minutes"),
    ("durationminutes", "minutes"),
    ("durationmin", "minutes"),
    ("durationmins", "minutes"),
    ("mins", "minutes"),
    ("duración", "minutes"),
    ("duracion", "minutes"),
    ("minutos", "minutes"),
    ("dauer", "minutes"),
    ("durée", "minutes"),
    ("duree", "minutes"),
    ("duração", "minutes"),
    ("duracao", "minutes"),
    ("sweat", "sweat"),
    ("sweatlevel", "sweat"),
    ("areas", "areas"),
    ("area", "areas"),
    ("treatedareas", "areas"),
    ("treatedarea", "areas"),
    ("treatmentareas", "areas"),
    ("treatmentarea", "areas"),
    ("zona", "areas"),
    ("zonas", "areas"),
    ("zonatratada", "areas"),
    ("zonastratadas", "areas"),
    ("behandlungsbereich", "areas"),
    ("bereich", "areas"),
    ("behandlungsbereiche", "areas"),
    ("zonestraitées", "areas"),
    ("zonestraitees", "areas"),
    ("áreastratadas", "areas"),
    ("areastratadas", "areas"),
    ("zonetraitée", "areas"),
    ("zonetraitee", "areas"),
    ("áreatratada", "areas"),
    ("areatratada", "areas"),
    ("product", "product"),
    ("toxin", "product"),
    ("producto", "product"),
    ("produkt", "product"),
    ("wirkstoff", "product"),
    ("präparat", "product"),
    ("produit", "product"),
    ("produto", "product"),
    ("habits", "habits"),
    ("habitsfile", "habits"),
    ("workouts", "workouts"),
    ("routine", "workouts"),
    ("discreet", "discreet"),
    ("private", "discreet"),
    ("touchup", "touch_up"),
    ("touchupvisit", "touch_up"),
    ("status", "status"),
    ("appointmentstatus", "status"),
    ("bookingstatus", "status"),
    ("estado", "status"),
    ("terminstatus", "status"),
    ("statut", "status"),
    ("situação", "status"),
    ("situacao", "status"),
    ("language", "language"),
    ("lang", "language"),
    ("preferredlanguage", "language"),
    ("patientlanguage", "language"),
    ("idioma", "language"),
    ("langue", "language"),
    ("sprache", "language"),
    ("lingua", "language"),
];

/// The column a header names, by its usual spellings ([`SPELLINGS`]): case, spaces, dashes
/// and underscores do not matter ("Patient ID", "patient_id" and "PatientId" are all `id`);
/// `None` for a header that names none.
pub fn column_of(header: &str) -> Option<&'static str> {
    let key = header_key(header);
    SPELLINGS
        .iter()
        .find(|(spelling, _)| *spelling == key)
        .map(|(_, column)| *column)
}

/// A header's key: lower case, letters and digits only.
fn header_key(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase()
}

/// Whether a booking's status says the treatment did not happen: cancelled (in English,
/// Spanish, French, German or Portuguese), or a no-show.
fn not_held(status: &str) -> bool {
    let key = header_key(status);
    ["cancel", "anulad", "annul", "storn", "abgesagt", "desmarc"]
        .iter()
        .any(|stem| key.contains(stem))
        || NOT_HELD.contains(&key.as_str())
}

/// A 12-hour time as booking systems write it ("9:00 am", "9:00 a. m.", "9:00PM") in the
/// form the date-time reader takes ("9:00 AM"); any other text as it is.
fn twelve_hour(time: &str) -> String {
    let squeezed: String = time
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.')
        .collect::<String>()
        .to_ascii_lowercase();
    for (suffix, marker) in [("am", "AM"), ("pm", "PM")] {
        if let Some(clock) = squeezed.strip_suffix(suffix)
            && clock.contains(':')
        {
            return format!("{clock} {marker}");
        }
    }
    time.to_string()
}

/// Why a row was not done: its number (1 is the header), the column and the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// Line of the CSV record (the header is row 1).
    pub row: usize,
    /// The column at fault, as the file's header names it ([`Columns::header_of`]; empty
    /// when the row as a whole is).
    pub column: String,
    /// What is wrong, without personal data.
    pub reason: String,
    /// The row's id as the file gives it (empty when it gives none): what the desk names the
    /// row by, as it names the rows done.
    pub id: String,
    /// The booking says the treatment did not happen (cancelled, a no-show): no plan, by
    /// design rather than by a mistake in the row.
    pub not_held: bool,
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
        return Err(if id.trim().is_empty() {
            "the id is empty: every row needs one, with letters or digits (its calendar is \
             named by it)"
                .to_string()
        } else {
            format!("the id {id:?} has no letters or digits: its calendar is named by it")
        });
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
    /// The patient's language, when the row says it.
    pub lang: Option<crate::i18n::Lang>,
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
    /// The `workouts` column's workouts, as written (`DAYS HH:MM DURATION ACTIVITY`).
    pub workouts: Vec<&'r str>,
    /// The habits file the row names, if any.
    pub habits: Option<&'r str>,
}

impl Row<'_> {
    /// The row as the server's plan request (what a hand-over makes), for a plan kept with a
    /// page of its own: the start as RFC 3339, so a time that happens twice stays the one the
    /// row meant. `None` for a row whose routine comes from a habits file, which a request
    /// does not name.
    pub fn request(&self, style: TimeStyle, lang: crate::i18n::Lang) -> Option<PlanRequest> {
        if self.habits.is_some() {
            return None;
        }
        let appointment = &self.appointment;
        Some(PlanRequest {
            at: appointment.start.to_rfc3339(),
            tz: appointment.start.timezone().name().to_string(),
            minutes: i64::from(appointment.minutes),
            workouts: self.workouts.iter().map(|w| w.to_string()).collect(),
            sweat: Some(self.sweat.as_str().to_string()),
            areas: appointment.areas.clone(),
            product: appointment.product.clone(),
            discreet: self.discreet,
            touch_up: appointment.touch_up,
            clock: Some(if style.twelve_hour { "12h" } else { "24h" }.to_string()),
            lang: Some(self.lang.unwrap_or(lang)).filter(|l| *l != crate::i18n::Lang::En),
            ..PlanRequest::default()
        })
    }
}

impl Columns {
    /// Reads one row, or says which column is wrong. `habits` loads a habits file named in the
    /// row (the caller caches and confines them).
    pub fn read<'r>(
        &self,
        record: &'r [String],
        row: usize,
        protocols: &crate::input::protocol::Protocols,
        habits: &(dyn Fn(&str) -> Result<Routine, String> + Sync),
    ) -> Result<Row<'r>, RowError> {
        let get = |column: &str| self.value(record, column);
        let fail = |(column, reason): (&str, String)| RowError {
            row,
            column: self.header_of(column),
            reason,
            id: get("id").unwrap_or_default().to_string(),
            not_held: false,
        };
        if let Some(status) = get("status").filter(|s| not_held(s)) {
            return Err(RowError {
                not_held: true,
                ..fail((
                    "status",
                    format!(
                        "the booking says {status:?} (a cancelled or missed appointment gets no \
                         plan and no e-mail)"
                    ),
                ))
            });
        }
        // A booking system's "Appointment Date" and "Time" are one date-time.
        let joined;
        let at = match (get("at"), get("date"), get("time")) {
            (Some(at), _, _) => at,
            (None, Some(date), Some(time)) => {
                joined = format!("{date} {}", twelve_hour(time));
                &joined
            }
            (None, Some(_), None) => {
                return Err(fail(("time", "the appointment's time is empty".into())));
            }
            (None, None, _) => {
                return Err(fail(("at", "the appointment's date is empty".into())));
            }
        };
        if self.date_order.is_none() && at.contains('/') {
            let column = if get("at").is_some() { "at" } else { "date" };
            return Err(fail((column, AMBIGUOUS_DATE.to_string())));
        }
        let (mut appointment, procedure) =
            appointment(at, &get, self.default_tz, self.date_order, protocols).map_err(fail)?;
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
        let workouts: Vec<&str> = get("workouts")
            .unwrap_or_default()
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        for spec in &workouts {
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
        let lang = get("language")
            .map(|l| read_lang(l).map_err(|reason| fail(("language", reason))))
            .transpose()?;
        Ok(Row {
            lang,
            id: get("id").unwrap_or_default(),
            name: get("name"),
            email: get("email"),
            appointment,
            routine,
            sweat,
            discreet,
            procedure,
            workouts,
            habits: get("habits"),
        })
    }
}

/// A language as a booking system writes it: a tag (`es`, `pt-BR`, `es_ES`) or the language's
/// name, in English or in itself ("Spanish", "Español", "français").
fn read_lang(text: &str) -> Result<crate::i18n::Lang, String> {
    use crate::i18n::Lang;
    let lower = text.trim().to_lowercase();
    let by_name = Lang::ALL.into_iter().find(|l| {
        [l.english_name(), l.own_name()].iter().any(|n| {
            let n = n.to_lowercase();
            n == lower || n.split([' ', '(', ')']).any(|word| word == lower)
        })
    });
    by_name
        .map(Ok)
        .unwrap_or_else(|| lower.parse::<Lang>())
        .map_err(|_| {
            format!(
                "{text:?} is not a language aftercare writes in; expected en, es, fr, de or pt-BR \
                 (or English, Español, Français, Deutsch, Português)"
            )
        })
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
    at: &str,
    get: &dyn Fn(&str) -> Option<&'c str>,
    default_tz: Option<crate::tz::Zone>,
    date_order: Option<super::when::DateOrder>,
    protocols: &crate::input::protocol::Protocols,
) -> Result<(Appointment, String), (&'static str, String)> {
    let protocol = &**protocols.first();
    let zone = match (get("tz"), default_tz) {
        (None, Some(zone)) => zone,
        (given, _) => {
            tz::parse_zone("tz", given.unwrap_or_default()).map_err(|e| plain("tz", e))?
        }
    };
    // The same reading as `--at`: the row's tz column is an explicit zone.
    let start = super::when::parse_date_time_in("at", at, zone, true, Fold::Reject, date_order)
        .map_err(|e| match (get("at"), get("date"), get("time")) {
            (None, Some(date), Some(time)) => {
                split_date_time(date, &twelve_hour(time), date_order, e)
            }
            // One column: still say which half is wrong, when one is ("2027-02-30 16:00").
            (Some(at), _, _) => match at.trim().split_once([' ', 'T']) {
                Some((date, time)) if !at.contains(['+', 'Z']) => {
                    let (_, reason) = split_date_time(date, time.trim(), date_order, e);
                    ("at", reason)
                }
                _ => plain("at", e),
            },
            _ => plain("at", e),
        })?;
    let minutes = match get("minutes") {
        Some(m) => {
            let length = "an appointment length";
            // "30", "30 min", "30 mins", "30 minutes", "30m": a number of minutes.
            let number = m
                .trim()
                .trim_end_matches(|c: char| c.is_alphabetic() || c == '.')
                .trim();
            number
                .parse::<i64>()
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
        appointment.areas = area_words(areas)
            .iter()
            .map(|word| {
                // An area's name in any language the protocol speaks ("Stirn", "frente").
                protocols
                    .all()
                    .find_map(|p| area_id(p, word))
                    .map(str::to_string)
                    .ok_or(word.as_str())
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(|word| {
                // In the hand-over form's words, which the desk knows, not the protocol's ids.
                let refused = Error::Unknown {
                    field: "areas".into(),
                    kind: "area",
                    value: word.to_string(),
                    suggestions: crate::error::suggest(
                        &word.to_lowercase(),
                        protocol.areas.iter().map(|a| a.name.as_str()),
                    ),
                    known: protocol.area_names(),
                };
                plain("areas", refused)
            })?;
    }
    let product = get("product")
        .map(|p| {
            protocol
                .lookup_product("product", &p.to_ascii_lowercase())
                .map_err(|_| {
                    let names = protocol.products.iter().map(|p| p.name.as_str());
                    Error::Unknown {
                        field: "product".into(),
                        kind: "product",
                        value: p.to_string(),
                        suggestions: crate::error::suggest(p, names.clone()),
                        known: format!(
                            "{} (for another product, leave the cell empty: the plan then uses \
                             the usual timing)",
                            names.collect::<Vec<_>>().join(", ")
                        ),
                    }
                })
        })
        .transpose()
        .map_err(|e| plain("product", e))?;
    appointment.product = product.map(|p| p.id.clone());
    let procedure = product.map_or("Botox".to_string(), |p| p.name.clone());
    Ok((appointment, procedure))
}

/// A date-time from a date and a time column that does not read: which of the two is wrong,
/// when one is, so the desk is pointed at the cell to mend ("Time: \"25:00\" is not a time
/// of day"); else (a time the clocks skip, a date out of range) the date-time's own error.
fn split_date_time(
    date: &str,
    time: &str,
    order: Option<super::when::DateOrder>,
    e: Error,
) -> (&'static str, String) {
    use super::when::DateOrder;
    let is_time = ["%H:%M", "%H:%M:%S", "%I:%M %p", "%I:%M:%S %p"]
        .iter()
        .any(|p| chrono::NaiveTime::parse_from_str(time, p).is_ok());
    if !is_time {
        return (
            "time",
            format!("{time:?} is not a time of day; expected a time such as 09:30 or 9:30 AM"),
        );
    }
    let (pattern, form) = match order {
        _ if date.contains('.') => ("%d.%m.%Y", "day first, DD.MM.YYYY"),
        _ if !date.contains('/') => ("%Y-%m-%d", "YYYY-MM-DD, such as 2027-03-09"),
        Some(DateOrder::MonthDayYear) => ("%m/%d/%Y", "month first, MM/DD/YYYY"),
        _ => ("%d/%m/%Y", "day first, DD/MM/YYYY"),
    };
    if chrono::NaiveDate::parse_from_str(date, pattern).is_err() {
        return (
            "date",
            format!("{date:?} is not a date that exists; expected {form}"),
        );
    }
    plain("at", e)
}

/// The areas a cell names: "Forehead, Crow's feet" is two; commas inside brackets do not
/// split ("migraine protocol (head, neck and shoulders)" is one), nor does "and"; `;`, `+`,
/// `&` and `/` split too.
fn area_words(cell: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut depth = 0usize;
    let mut word = String::new();
    for c in cell.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 && matches!(c, ',' | ';' | '+' | '&' | '/') {
            words.push(std::mem::take(&mut word));
        } else {
            word.push(c);
        }
    }
    words.push(word);
    words
        .into_iter()
        .map(|w| w.trim().to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

/// The key two spellings of an area share: lower case, letters and digits only, apostrophes
/// dropped, a plural's `s` dropped ("Crow's feet", "crows-feet"; "Frown Lines", "frown line").
fn area_key(text: &str) -> String {
    let key: String = text
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    key.strip_suffix('s').map_or(key.clone(), str::to_string)
}

/// The area a word names: its id, its name as the hand-over form shows it ("frown lines
/// (glabella)"), the name without its brackets ("frown lines") or what the brackets say
/// ("glabella").
fn area_id<'p>(protocol: &'p Protocol, word: &str) -> Option<&'p str> {
    let key = area_key(word);
    protocol
        .areas
        .iter()
        .find(|area| {
            let (outside, inside) = match area.name.split_once('(') {
                Some((before, after)) => (before, after.trim_end_matches(')')),
                None => (area.name.as_str(), ""),
            };
            [area.id.as_str(), area.name.as_str(), outside, inside]
                .iter()
                .any(|spelling| !spelling.trim().is_empty() && area_key(spelling) == key)
        })
        .map(|area| area.id.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(header: &[&str], cells: &[&str], columns: Columns) -> Result<Row<'static>, RowError> {
        let record: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
        let record: &'static [String] = Box::leak(record.into_boxed_slice());
        let _ = header;
        let protocols: &'static crate::input::protocol::Protocols =
            Box::leak(Box::new(crate::input::protocol::Protocols::builtin()));
        columns.read(record, 2, protocols, &|_| Ok(Routine::default()))
    }

    #[test]
    fn a_booking_export_reads_as_it_comes() {
        let header = [
            "Patient ID",
            "Patient Name",
            "Phone",
            "Appointment Date",
            "Time",
            "Treatment Area",
            "Practitioner",
        ];
        let madrid = tz::parse_zone("tz", "Europe/Madrid").unwrap();
        let columns = Columns::with(&header, &[], Some(madrid))
            .unwrap()
            .with_date_order(Some(super::super::when::DateOrder::DayMonthYear));
        assert_eq!(columns.ignored(), ["Phone", "Practitioner"]);
        let read = row(
            &header,
            &[
                "MAD-0007",
                "Ana",
                "600",
                "12/03/2026",
                "4:30 PM",
                "Frown Lines, Crow's Feet",
                "Dr Ruiz",
            ],
            columns.clone(),
        )
        .unwrap();
        assert_eq!(read.id, "MAD-0007");
        assert_eq!(
            read.appointment.start.to_rfc3339(),
            "2026-03-12T16:30:00+01:00"
        );
        assert_eq!(read.appointment.areas, ["glabella", "crows-feet"]);
        // Every area as the hand-over form names it, and by what its brackets say.
        let protocol = Protocol::builtin();
        for area in &protocol.areas {
            for word in [area.id.as_str(), area.name.as_str()] {
                assert_eq!(area_words(word).len(), 1, "{word}");
                assert_eq!(area_id(&protocol, word), Some(area.id.as_str()), "{word}");
            }
        }
        for (word, id) in [
            ("Glabella", "glabella"),
            ("Masseter", "masseter"),
            ("Underarm", "underarm"),
        ] {
            assert_eq!(area_id(&protocol, word), Some(id));
        }
        let refused = row(
            &header,
            &["MAD-8", "", "", "12/03/2026", "9:00 AM", "Knees", ""],
            columns.clone(),
        )
        .unwrap_err();
        assert_eq!(
            (refused.column.as_str(), refused.id.as_str()),
            ("Treatment Area", "MAD-8"),
            "named as the file names it"
        );
        assert!(
            refused.reason.starts_with("unknown area \"Knees\"")
                && refused
                    .reason
                    .contains("frown lines (glabella), crow's feet"),
            "the area as written, and the form's words: {}",
            refused.reason
        );
        // A date and a time from two columns: the one that is wrong is named.
        let cells =
            |date: &'static str, time: &'static str| ["MAD-9", "", "", date, time, "Forehead", ""];
        for (date, time, column, says) in [
            (
                "12/03/2026",
                "25:00",
                "Time",
                "\"25:00\" is not a time of day",
            ),
            (
                "31/02/2026",
                "9:00 AM",
                "Appointment Date",
                "day first, DD/MM/YYYY",
            ),
            (
                "29/03/2026",
                "2:30 AM",
                "Appointment Date and Time",
                "does not exist in Europe/Madrid",
            ),
        ] {
            let refused = row(&header, &cells(date, time), columns.clone()).unwrap_err();
            assert_eq!(refused.column, column, "{date} {time}");
            assert!(refused.reason.contains(says), "{}", refused.reason);
        }
    }

    #[test]
    fn a_spanish_export_with_its_status_reads_and_cancelled_rows_get_no_plan() {
        let header = [
            "ID Paciente",
            "Nombre",
            "Fecha",
            "Hora",
            "Zona tratada",
            "Duración",
            "Estado",
        ];
        let madrid = tz::parse_zone("tz", "Europe/Madrid").unwrap();
        let columns = Columns::with(&header, &[], Some(madrid))
            .unwrap()
            .with_date_order(Some(super::super::when::DateOrder::DayMonthYear));
        assert!(columns.ignored().is_empty(), "{:?}", columns.ignored());
        let cells = |time: &'static str, status: &'static str| {
            ["M-1", "Ana", "09/03/2027", time, "Forehead", "30", status]
        };
        for time in ["9:00 a. m.", "9:00 am", "9:00AM", "09:00"] {
            let read = row(&header, &cells(time, "Confirmada"), columns.clone()).unwrap();
            assert_eq!(
                read.appointment.start.to_rfc3339(),
                "2027-03-09T09:00:00+01:00",
                "{time}"
            );
        }
        let mut long = cells("9:00", "");
        for written in ["45 min", "45 mins", "45 minutos", "45m"] {
            long[5] = written;
            let read = row(&header, &long, columns.clone()).unwrap();
            assert_eq!(read.appointment.minutes, 45, "{written}");
        }
        long[5] = "half an hour";
        assert_eq!(
            row(&header, &long, columns.clone()).unwrap_err().column,
            "Duración"
        );
        let pm = row(&header, &cells("4:30 p. m.", ""), columns.clone()).unwrap();
        assert_eq!(
            pm.appointment.start.to_rfc3339(),
            "2027-03-09T16:30:00+01:00"
        );
        for status in [
            "Cancelled",
            "Canceled by patient",
            "No-show",
            "DNA",
            "Cancelada",
            "No presentado",
        ] {
            let refused = row(&header, &cells("9:00", status), columns.clone()).unwrap_err();
            assert_eq!(refused.column, "Estado", "{status}");
            assert!(
                refused.reason.contains("no plan and no e-mail"),
                "{}",
                refused.reason
            );
        }
        // A date column named in a way not read: one message for the header, not one a row.
        let no_date = Columns::with(&["Patient ID", "Día", "Time"], &[], Some(madrid)).unwrap_err();
        assert!(
            no_date.to_string().contains("the appointment's date"),
            "{no_date}"
        );
    }

    #[test]
    fn a_german_export_reads_its_dotted_dates_areas_and_statuses() {
        let header = [
            "Patienten-ID",
            "Name",
            "Datum",
            "Uhrzeit",
            "Behandlungsbereich",
            "Dauer",
            "Status",
            "Wirkstoff",
        ];
        let berlin = tz::parse_zone("tz", "Europe/Berlin").unwrap();
        // No date order chosen: dots are day first wherever they are written.
        let columns = Columns::with(&header, &[], Some(berlin)).unwrap();
        assert!(columns.ignored().is_empty(), "{:?}", columns.ignored());
        let cells = |date: &'static str, area: &'static str, status: &'static str| {
            ["P-1", "Anna", date, "9:00", area, "30", status, "Botox"]
        };
        let read = row(
            &header,
            &cells("09.03.2027", "Stirn", "Bestätigt"),
            columns.clone(),
        )
        .unwrap();
        assert_eq!(
            read.appointment.start.to_rfc3339(),
            "2027-03-09T09:00:00+01:00"
        );
        assert_eq!(read.appointment.areas, ["forehead"]);
        // The area's name in French or Spanish is read too; a made-up one is refused.
        for area in ["front", "frente", "Forehead"] {
            let read = row(&header, &cells("09.03.2027", area, ""), columns.clone()).unwrap();
            assert_eq!(read.appointment.areas, ["forehead"], "{area}");
        }
        let refused = row(&header, &cells("09.03.2027", "Nase", ""), columns.clone()).unwrap_err();
        assert_eq!(refused.column, "Behandlungsbereich");
        let refused = row(&header, &cells("30.02.2027", "Stirn", ""), columns.clone()).unwrap_err();
        assert!(refused.reason.contains("DD.MM.YYYY"), "{}", refused.reason);
        for status in [
            "Storniert",
            "abgesagt",
            "Nicht erschienen",
            "Annulé",
            "Absent",
            "Desmarcado",
            "Faltou",
        ] {
            let refused = row(
                &header,
                &cells("09.03.2027", "Stirn", status),
                columns.clone(),
            )
            .unwrap_err();
            assert_eq!(refused.column, "Status", "{status}");
        }
    }

    #[test]
    fn slashed_dates_without_an_order_say_so_shortly_and_headers_say_what_is_missing() {
        let columns = Columns::new(&["id", "at", "tz"]).unwrap();
        let refused = row(&[], &["P-1", "12/03/2026 09:00", "Europe/Madrid"], columns).unwrap_err();
        assert_eq!(refused.reason, AMBIGUOUS_DATE);
        let missing = Columns::new(&["Ref", "Client", "Visit"])
            .unwrap_err()
            .to_string();
        assert!(
            missing.contains("date and time") && missing.contains("\"Visit\""),
            "{missing}"
        );
        assert!(
            !missing.contains("--column"),
            "the library names no flag: {missing}"
        );
        let date_only = Columns::new(&["id", "Appointment Date", "tz"]).unwrap_err();
        assert!(date_only.to_string().contains("time"), "{date_only}");
        // "Appointment Time" alone is the whole date-time.
        assert!(Columns::new(&["id", "Appointment Time", "tz"]).is_ok());
    }
}
