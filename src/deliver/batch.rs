//! A clinic's day of appointments, from a CSV file (see [`crate::input::rows`] for its columns),
//! into one calendar (and message) per patient: the file is streamed in chunks, rows are
//! rendered in parallel, files written atomically, messages sent once each (a journal makes a
//! re-run resume), and every refused row reported with its reason.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use rayon::prelude::*;

use crate::deliver::files;
use crate::deliver::mail::{self, Envelope};
use crate::error::{Error, Result};
use crate::input::protocol::Protocols;
use crate::input::rows::{Columns, Row, RowError, stem};
use crate::model::Routine;
use crate::plan::{self, Options};
use crate::render::ics::{self, IcsOptions};

/// A rendered row.
#[derive(Clone, Debug)]
pub struct Rendered {
    /// The row's line number.
    pub row: usize,
    /// The row's id, as the file gives it.
    pub id: String,
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
    /// Why the row has its calendar but no message (no or a bad e-mail address).
    pub no_message: Option<RowError>,
    /// Where the job's keeper keeps the row's plan, when it has one.
    pub kept: Option<Kept>,
    /// The appointment's start as read, local (`2027-03-09 09:00`): what the desk checks a
    /// date order against.
    pub appointment: String,
}

/// Where a row's plan is kept besides its files: the server's stored plans, each with a page
/// of its own that the calendar and the message link to, and a send-once claim shared with
/// every other way the plan is sent (so a list sent again, or the same patient handed the
/// plan at the desk, is not e-mailed twice). The `batch` command has none: files only.
pub trait Keeper: Sync {
    /// Keeps the plan of `row` (the same plan when the same row comes again), or says which
    /// column stops it and why: the row is then refused.
    fn keep(&self, row: &Row<'_>) -> std::result::Result<Kept, (&'static str, String)>;
    /// Claims the sending of `kept`'s plan to `address`: `None` when it is this run's to
    /// send; when it was sent (or is being sent) to that address before, since when.
    fn claim(
        &self,
        kept: &Kept,
        address: &str,
    ) -> std::result::Result<Option<DateTime<Utc>>, String>;
    /// Gives up a claim after the mail server did not take the message.
    fn release(&self, kept: &Kept);
}

/// A row's plan as a [`Keeper`] keeps it.
#[derive(Clone, PartialEq, Eq)]
pub struct Kept {
    /// The plan's page: the link its calendar and message carry.
    pub page: String,
    /// The seed of its calendar's UIDs, the kept plan's own (the same events as its feed).
    pub uid_seed: String,
    /// The keeper's handle on the plan (a secret: never written to a file or a log).
    pub handle: String,
}

impl std::fmt::Debug for Kept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Kept")
            .field("page", &"…")
            .finish_non_exhaustive()
    }
}

/// What every row shares.
pub struct Context<'a> {
    /// The protocol, in each language it covers.
    pub protocols: &'a Protocols,
    /// The language of rows that do not say theirs.
    pub lang: crate::i18n::Lang,
    /// DTSTAMP and Date.
    pub dtstamp: DateTime<Utc>,
    /// The clinic's address; required for e-mail.
    pub from: Option<lettre::message::Mailbox>,
    /// Make messages (`--eml` or `--send`).
    pub email: bool,
    /// Subject override.
    pub subject: Option<String>,
    /// The clinic the plans come from.
    pub clinic: Option<crate::model::Clinic>,
    /// How times read.
    pub style: crate::units::week::TimeStyle,
    /// Loads a habits file named in a row (cached by the caller).
    pub habits: &'a (dyn Fn(&str) -> std::result::Result<Routine, String> + Sync),
    /// Keeps each row's plan with a page of its own, when the job has a keeper.
    pub keeper: Option<&'a dyn Keeper>,
}

/// Reads and renders one row, or says which column is wrong. `stem` is the row's file-name
/// stem, already checked for collisions.
pub fn render_row(
    record: &[String],
    row: usize,
    stem: String,
    columns: &Columns,
    ctx: &Context<'_>,
) -> std::result::Result<Rendered, RowError> {
    let read = columns.read(record, row, ctx.protocols, ctx.habits)?;
    // The patient's language: the row's, else the list's; a protocol file without its texts
    // in that language refuses the row rather than mixing two languages.
    let protocol = ctx
        .protocols
        .get(read.lang.unwrap_or(ctx.lang))
        .map_err(|e| RowError {
            row,
            column: columns.header_of("language"),
            reason: e.to_string().trim_start_matches("language: ").to_string(),
            id: read.id.to_string(),
            not_held: false,
        })?;
    let kept = ctx
        .keeper
        .map(|keeper| keeper.keep(&read))
        .transpose()
        .map_err(|(column, reason)| RowError {
            row,
            column: columns.header_of(column),
            reason,
            id: read.id.to_string(),
            not_held: false,
        })?;
    let plan = plan::plan_with(
        &read.appointment,
        &read.routine,
        protocol,
        &Options {
            sweat: read.sweat,
            style: ctx.style,
            ..Options::default()
        },
    );
    let options = IcsOptions {
        dtstamp: ctx.dtstamp,
        discreet: read.discreet,
        procedure: read.procedure.clone(),
        uid_seed: kept
            .as_ref()
            .map_or_else(|| read.id.to_string(), |k| k.uid_seed.clone()),
        page: kept.as_ref().map(|k| k.page.clone()),
        organizer: ctx.from.as_ref().map(|f| f.email.to_string()),
        organizer_name: ctx.from.as_ref().and_then(|f| f.name.clone()),
        clinic: ctx.clinic.clone(),
        style: ctx.style,
        ..IcsOptions::default()
    };
    let appointment = read
        .appointment
        .start
        .naive_local()
        .format("%Y-%m-%d %H:%M")
        .to_string();
    let calendar_only = |no_message: Option<RowError>| Rendered {
        row,
        id: read.id.to_string(),
        stem: stem.clone(),
        ics: ics::render(&plan, &options),
        eml: None,
        fingerprint: String::new(),
        message: None,
        no_message,
        kept: kept.clone(),
        appointment: appointment.clone(),
    };
    if !ctx.email {
        return Ok(calendar_only(None));
    }
    let (message, ics, to) = match row_message(&read, &plan, &options, ctx) {
        Ok(made) => made,
        // A patient without a usable address still gets the calendar; only the message is
        // reported.
        Err(("email", reason)) => {
            return Ok(calendar_only(Some(RowError {
                row,
                column: columns.header_of("email"),
                reason: format!("{reason} (the calendar was written; no message)"),
                id: read.id.to_string(),
                not_held: false,
            })));
        }
        Err((column, reason)) => {
            return Err(RowError {
                row,
                column: columns.header_of(column),
                reason,
                id: read.id.to_string(),
                not_held: false,
            });
        }
    };
    // The send journal's key: the content without DTSTAMP, and the recipient.
    let stable: String = ics.lines().filter(|l| !l.starts_with("DTSTAMP:")).collect();
    let fingerprint = uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_OID,
        format!("{stable}|{to}").as_bytes(),
    )
    .simple()
    .to_string();
    Ok(Rendered {
        row,
        id: read.id.to_string(),
        stem,
        ics,
        eml: Some(message.formatted()),
        fingerprint,
        message: Some(message),
        no_message: None,
        kept,
        appointment,
    })
}

/// A row's message, the calendar it carries and its recipient's address, or the column at
/// fault and why. The reason never quotes the address or the name: nothing personal in logs.
fn row_message(
    read: &Row<'_>,
    plan: &crate::model::Plan,
    options: &IcsOptions,
    ctx: &Context<'_>,
) -> std::result::Result<(lettre::Message, String, String), (&'static str, String)> {
    let from = ctx.from.clone().ok_or((
        "",
        "a clinic address is needed to send plans by e-mail".to_string(),
    ))?;
    let address = read.email.ok_or((
        "email",
        "no address given, so the plan cannot be sent by e-mail".to_string(),
    ))?;
    let to = mail::mailbox("email", address, read.name).map_err(|_| {
        (
            "email",
            "not a valid e-mail address, or a name with control characters".to_string(),
        )
    })?;
    let envelope = Envelope {
        from,
        to: to.clone(),
        subject: ctx.subject.clone().unwrap_or_else(|| {
            mail::default_subject(
                (!read.discreet).then_some(read.procedure.as_str()),
                plan.lang,
            )
        }),
    };
    // The message carries the calendar it rendered (with the clinic as ORGANIZER, as `options`
    // already has it): the same bytes the .ics file gets.
    let (message, ics) =
        mail::plan_message(plan, options, &envelope, read.name).map_err(|e| ("", e.to_string()))?;
    Ok((message, ics, to.email.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deliver::files::same_content;

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
        let no_tz = Columns::new(&["id", "at"]).unwrap_err().to_string();
        assert!(no_tz.contains("\"tz\""), "{no_tz}");
        // A column that names nothing is not read, and said so.
        let extra = Columns::new(&["id", "at", "tz", "colour"]).unwrap();
        assert_eq!(extra.ignored(), ["colour"]);
        assert!(
            Columns::new(&["id", "at", "tz", "id"])
                .unwrap_err()
                .to_string()
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

/// How a batch's messages are made (each written as `<id>.eml` beside its calendar) and sent.
pub struct Mail {
    /// The clinic's address (From, and ORGANIZER of every calendar).
    pub from: lettre::message::Mailbox,
    /// Subject override.
    pub subject: Option<String>,
    /// Send each message through this server (once: see the journal).
    pub smtp: Option<mail::Smtp>,
}

/// A batch to run.
pub struct Job<'a> {
    /// The CSV file; `habits` columns are read relative to its folder.
    pub csv: &'a Path,
    /// Where the files, `errors.csv` and the send journal go.
    pub out_dir: &'a Path,
    /// Render everything and write nothing (the journal is still read, so a broken one is
    /// found before a real run).
    pub dry_run: bool,
    /// The protocol, in each language it covers.
    pub protocols: &'a Protocols,
    /// The language of rows without a `language` column.
    pub lang: crate::i18n::Lang,
    /// DTSTAMP and Date.
    pub dtstamp: DateTime<Utc>,
    /// Messages, when asked for.
    pub mail: Option<Mail>,
    /// Worker threads (`None`: one per core).
    pub threads: Option<usize>,
    /// Redo every row, even when its files are complete and unchanged (never re-sends).
    pub force: bool,
    /// Let the `habits` column name files outside the CSV's folder.
    pub habits_anywhere: bool,
    /// Header renames: (header as written, column).
    pub renames: Vec<(String, String)>,
    /// The zone of rows without a `tz`.
    pub default_tz: Option<crate::tz::Zone>,
    /// The clinic every row's plan comes from.
    pub clinic: Option<crate::model::Clinic>,
    /// How the `at` column's dates with slashes are read.
    pub date_order: Option<crate::input::when::DateOrder>,
    /// How times read in the calendars and messages.
    pub style: crate::units::week::TimeStyle,
    /// Rows read and rendered at a time, and so how often progress is reported (0: 1,024).
    pub chunk_rows: usize,
    /// Every row is a touch-up visit, unless its `touch_up` column says otherwise.
    pub touch_up: bool,
    /// Keeps each row's plan with a page of its own (the server's day lists); `None`: the
    /// files are all there is.
    pub keeper: Option<&'a dyn Keeper>,
}

/// What a batch has done so far, reported after each chunk of rows.
#[derive(Debug)]
pub struct Progress<'a> {
    /// Rows read so far.
    pub rows: usize,
    /// The rows of this chunk that were done, in file order.
    pub done: &'a [Done],
    /// The rows of this chunk that were refused, in file order.
    pub refused: &'a [RowError],
}

/// A row done: its calendar is written, and what became of its message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Done {
    /// The row's line (the header is line 1).
    pub row: usize,
    /// The row's id, as the file gives it.
    pub id: String,
    /// Its files' name stem.
    pub stem: String,
    /// Its message.
    pub message: Message,
    /// Where its plan is kept, when the job has a keeper.
    pub kept: Option<Kept>,
    /// Its appointment's start as read, local (`2027-03-09 09:00`).
    pub appointment: String,
}

/// What became of a row's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    /// No messages were asked for.
    NotAsked,
    /// None could be made (no address, or not a valid one): why.
    Missing(String),
    /// Made (`<id>.eml`), not sent in this run.
    Made,
    /// The mail server accepted it in this run.
    Sent,
    /// The journal says an earlier run sent it.
    SentBefore,
    /// Sending stopped before it: why.
    NotSent(String),
}

impl Message {
    /// How a person reads it (the results file's `message` column); empty when none was asked.
    pub fn said(&self) -> String {
        match self {
            Message::NotAsked => String::new(),
            Message::Missing(why) => format!("no message: {why}"),
            Message::Made => "made, not sent".into(),
            Message::Sent => "sent".into(),
            Message::SentBefore => "sent before".into(),
            Message::NotSent(why) => format!("not sent: {why}"),
        }
    }
}

/// What a batch did.
#[derive(Debug, Default)]
pub struct Report {
    /// Rows read (the header not counted).
    pub rows: usize,
    /// Files written.
    pub written: usize,
    /// Files left as they were (same content).
    pub unchanged: usize,
    /// Messages the server accepted in this run.
    pub delivered: usize,
    /// Messages the journal says were sent by an earlier run.
    pub already_sent: usize,
    /// Refused rows, and rows done without their message, in file order.
    pub errors: Vec<RowError>,
    /// The CSV's headers that were not read, as written.
    pub ignored: Vec<String>,
    /// Sending stopped at this failure (files were still written).
    pub send_failure: Option<Error>,
}

/// What became of one row: rendered (with the files written and left unchanged), or refused.
type RowOutcome = std::result::Result<(Rendered, usize, usize), RowError>;

/// Rows read and rendered at a time: memory stays bounded by it, whatever the file's length.
const CHUNK: usize = 1024;

/// A row read and named, waiting to be rendered: its line, its fields, its file-name stem.
type Pending = (usize, Vec<String>, String);

/// Runs a batch: streams the CSV in chunks; each chunk is rendered and written in parallel,
/// then its messages are sent one by one, each recorded in the journal (`sent.journal` in the
/// output folder) as soon as the server accepted it, so a re-run sends only what is missing.
/// Refused rows are listed in `errors.csv` there, and every row's outcome in `results.csv`
/// (row, id, done or refused, the column and reason, its message). `progress` hears each
/// chunk's rows as they are done.
pub fn run(job: &Job<'_>, progress: &mut dyn FnMut(&Progress<'_>)) -> Result<Report> {
    let (reader, columns) = open_csv(job)?;
    let out_dir = (!job.dry_run).then_some(job.out_dir);
    if let Some(dir) = out_dir {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        files::remove_stale_temporaries(dir);
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(job.threads.unwrap_or(0))
        .build()
        .map_err(|e| Error::invalid("jobs", job.threads.unwrap_or(0).to_string(), e.to_string()))?;
    let habits = HabitsFiles::new(job.csv, job.habits_anywhere);
    let load_habits = |name: &str| habits.load(name);
    let ctx = Context {
        protocols: job.protocols,
        lang: job.lang,
        dtstamp: job.dtstamp,
        from: job.mail.as_ref().map(|m| m.from.clone()),
        email: job.mail.is_some(),
        subject: job.mail.as_ref().and_then(|m| m.subject.clone()),
        clinic: job.clinic.clone(),
        style: job.style,
        habits: &load_habits,
        keeper: job.keeper,
    };
    let smtp = job.mail.as_ref().and_then(|m| m.smtp.as_ref());
    let journal = Journal::read(&job.out_dir.join("sent.journal"))?;
    let mut sender = match (out_dir, smtp) {
        (Some(_), Some(smtp)) => Some((smtp, journal.for_appending()?)),
        _ => None,
    };

    let mut report = Report {
        ignored: columns.ignored().to_vec(),
        ..Report::default()
    };
    let mut results = match out_dir {
        Some(dir) => Some(Results::new(dir, job.keeper.is_some())?),
        None => None,
    };
    let mut chunks = Chunks {
        records: reader.into_records().enumerate(),
        columns: &columns,
        names: StemNames::default(),
        size: if job.chunk_rows == 0 {
            CHUNK
        } else {
            job.chunk_rows
        },
    };
    let sending = sender.is_some();
    // One row: rendered, then its files written (unless unchanged).
    let render_and_write = |(row, record, stem): Pending| -> RowOutcome {
        let rendered = render_row(&record, row, stem, &columns, &ctx)?;
        match out_dir {
            Some(dir) => write_row(dir, rendered, job.force, sending),
            None => Ok((rendered.sent_only(false), 0, 0)),
        }
    };
    let mut next = chunks.next();
    loop {
        let (chunk, mut refused, read) = next;
        report.rows += read;
        if read == 0 {
            break;
        }
        // The next chunk is read while this one renders, so the workers are not left waiting
        // for the CSV reader.
        let (following, rendered): (_, Vec<RowOutcome>) = pool.install(|| {
            rayon::join(
                || chunks.next(),
                || chunk.into_par_iter().map(render_and_write).collect(),
            )
        });
        next = following;
        let mut done = Vec::with_capacity(rendered.len());
        let mut no_message = Vec::new();
        for result in rendered {
            match result {
                Ok((mut rendered, written, unchanged)) => {
                    report.written += written;
                    report.unchanged += unchanged;
                    let message = match (rendered.no_message.take(), sender.as_mut()) {
                        (Some(missing), _) => {
                            let why = Message::Missing(missing.reason.clone());
                            no_message.push(missing);
                            why
                        }
                        (None, _) if rendered.fingerprint.is_empty() => Message::NotAsked,
                        (None, None) => Message::Made,
                        (None, Some((smtp, journal))) => {
                            send(smtp, journal, &rendered, job.keeper, &mut report)?
                        }
                    };
                    done.push(Done {
                        row: rendered.row,
                        id: rendered.id,
                        stem: rendered.stem,
                        message,
                        kept: rendered.kept,
                        appointment: rendered.appointment,
                    });
                }
                Err(e) => refused.push(e),
            }
        }
        refused.sort_by_key(|e| e.row);
        if let Some(results) = results.as_mut() {
            results.write(&done, &refused)?;
        }
        progress(&Progress {
            rows: report.rows,
            done: &done,
            refused: &refused,
        });
        report.errors.extend(refused);
        report.errors.extend(no_message);
    }
    report.errors.sort_by_key(|e| e.row);
    if let Some(dir) = out_dir {
        write_errors(&dir.join("errors.csv"), &report.errors)?;
    }
    if let Some(results) = results {
        results.finish()?;
    }
    Ok(report)
}

/// The rows of a list whose appointments are on a day before `now`'s (in each row's own
/// zone): how many, and the earliest. A desk that uploads yesterday's list by mistake is told
/// before anyone is e-mailed. Rows that cannot be read are not counted (they are refused when
/// the list runs).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Past {
    /// Rows for a day before today.
    pub rows: usize,
    /// The earliest of their appointments.
    pub earliest: Option<DateTime<crate::tz::Zone>>,
}

/// Counts the rows of `job`'s list before `now`'s day (see [`Past`]).
pub fn past_rows(job: &Job<'_>, now: DateTime<Utc>) -> Result<Past> {
    let (reader, columns) = open_csv(job)?;
    let no_habits = |_: &str| Err(String::new());
    let mut past = Past::default();
    for (i, record) in reader.into_records().enumerate() {
        let Ok(record) = record else { continue };
        let record: Vec<String> = record.iter().map(str::to_string).collect();
        let Ok(row) = columns.read(&record, i + 2, job.protocols, &no_habits) else {
            continue;
        };
        let start = row.appointment.start;
        if start.date_naive() < now.with_timezone(&start.timezone()).date_naive() {
            past.rows += 1;
            if past.earliest.is_none_or(|e| start < e) {
                past.earliest = Some(start);
            }
        }
    }
    Ok(past)
}

/// How many rows write their appointment's date with slashes (`12/03/2026`), whose order
/// must be chosen when the job leaves it open: said once for the whole file, before any row
/// is read for its plan, rather than once a row. Checks the header as [`run`] does.
pub fn slashed_dates(job: &Job<'_>) -> Result<usize> {
    let (reader, columns) = open_csv(job)?;
    Ok(reader
        .into_records()
        .filter_map(|record| record.ok())
        .filter(|record| {
            let record: Vec<String> = record.iter().map(str::to_string).collect();
            ["at", "date"]
                .iter()
                .any(|c| columns.value(&record, c).is_some_and(|v| v.contains('/')))
        })
        .count())
}

/// Opens the CSV and checks its header.
fn open_csv(job: &Job<'_>) -> Result<(csv::Reader<std::io::Cursor<Vec<u8>>>, Columns)> {
    use std::io::Read as _;
    let path = job.csv;
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(io)?
        .take(crate::input::MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > crate::input::MAX_INPUT_BYTES {
        return Err(Error::File {
            path: path.to_path_buf(),
            line: None,
            message: format!(
                "larger than {} MiB, the most a list may hold",
                crate::input::MAX_INPUT_BYTES >> 20
            ),
        });
    }
    // UTF-8 or Windows-1252, commas, semicolons or tabs: read as the spreadsheet saved it.
    let table = crate::input::table::CsvText::read(&bytes).map_err(|e| Error::File {
        path: path.to_path_buf(),
        line: None,
        message: e.to_string(),
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(table.delimiter)
        .from_reader(std::io::Cursor::new(table.text.into_bytes()));
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| Error::File {
            path: path.to_path_buf(),
            line: Some(1),
            message: e.to_string(),
        })?
        .iter()
        .map(str::to_string)
        .collect();
    let columns = Columns::with(
        &header.iter().map(String::as_str).collect::<Vec<_>>(),
        &job.renames,
        job.default_tz,
    )
    .map_err(|problem| Error::Header {
        path: path.to_path_buf(),
        problem,
    })?
    .with_date_order(job.date_order)
    .with_touch_up(job.touch_up);
    Ok((reader, columns))
}

/// The CSV's records, a chunk ([`CHUNK`] by default) at a time. File names are assigned in file order, so the second
/// of two colliding ids is the one refused.
struct Chunks<'c, R> {
    records: std::iter::Enumerate<csv::StringRecordsIntoIter<R>>,
    columns: &'c Columns,
    names: StemNames,
    /// Rows a chunk holds.
    size: usize,
}

impl<R: std::io::Read> Chunks<'_, R> {
    /// The next chunk: the rows to render, the rows refused, and how many were read.
    fn next(&mut self) -> (Vec<Pending>, Vec<RowError>, usize) {
        let mut chunk: Vec<Pending> = Vec::with_capacity(self.size);
        let mut refused: Vec<RowError> = Vec::new();
        let mut read = 0;
        for (i, record) in self.records.by_ref().take(self.size) {
            let row = i + 2;
            read += 1;
            let refuse = |column: &str, reason: String, id: &str| RowError {
                row,
                column: if column.is_empty() {
                    String::new()
                } else {
                    self.columns.header_of(column)
                },
                reason,
                id: id.to_string(),
                not_held: false,
            };
            let record: Vec<String> = match record {
                Ok(r) => r.iter().map(str::to_string).collect(),
                Err(e) => {
                    refused.push(refuse("", format!("unreadable CSV record: {e}"), ""));
                    continue;
                }
            };
            let id = self.columns.value(&record, "id").unwrap_or_default();
            match self.names.claim(id) {
                Ok(stem) => chunk.push((row, record, stem)),
                Err(reason) => refused.push(refuse("id", reason, id)),
            }
        }
        (chunk, refused, read)
    }
}

/// Writes a row's calendar (and message) unless unchanged; keeps only what sending needs.
fn write_row(dir: &Path, rendered: Rendered, force: bool, sending: bool) -> RowOutcome {
    let mut counts = (0, 0);
    let outputs = [
        ("ics", Some(rendered.ics.as_bytes())),
        ("eml", rendered.eml.as_deref()),
    ];
    for (extension, bytes) in outputs {
        let Some(bytes) = bytes else { continue };
        let name = format!("{}.{extension}", rendered.stem);
        match files::write_if_changed(&dir.join(&name), bytes, force) {
            Ok(true) => counts.0 += 1,
            Ok(false) => counts.1 += 1,
            Err(e) => {
                return Err(RowError {
                    row: rendered.row,
                    column: String::new(),
                    reason: format!("writing {name}: {e}"),
                    id: rendered.id,
                    not_held: false,
                });
            }
        }
    }
    Ok((rendered.sent_only(sending), counts.0, counts.1))
}

/// Sends a row's message unless the journal has it (or the keeper says its plan was sent
/// before), and records it once the server accepted it. Sending stops at the first failure
/// (a server that refuses one message will likely refuse the rest); files are still written.
fn send(
    smtp: &mail::Smtp,
    journal: &mut Journal,
    rendered: &Rendered,
    keeper: Option<&dyn Keeper>,
    report: &mut Report,
) -> Result<Message> {
    let entry = format!("{}\t{}", rendered.stem, rendered.fingerprint);
    if journal.has(&entry) {
        report.already_sent += 1;
        return Ok(Message::SentBefore);
    }
    if let Some(failure) = &report.send_failure {
        return Ok(Message::NotSent(format!(
            "sending stopped at an earlier message ({failure})"
        )));
    }
    let Some(message) = &rendered.message else {
        return Ok(Message::Made);
    };
    let claimed = keeper.zip(rendered.kept.as_ref());
    if let Some((keeper, kept)) = claimed {
        let to = message.envelope().to().first().map(|a| a.to_string());
        match keeper.claim(kept, &to.unwrap_or_default()) {
            Ok(None) => {}
            Ok(Some(_)) => {
                report.already_sent += 1;
                return Ok(Message::SentBefore);
            }
            Err(why) => return Ok(Message::NotSent(why)),
        }
    }
    match smtp.send(message) {
        Ok(()) => {
            journal.record(entry)?;
            report.delivered += 1;
            Ok(Message::Sent)
        }
        Err(e) => {
            if let Some((keeper, kept)) = claimed {
                keeper.release(kept);
            }
            let why = Message::NotSent(e.to_string());
            report.send_failure = Some(e);
            Ok(why)
        }
    }
}

impl Rendered {
    /// Keeps only what sending needs: a chunk's calendars and messages are not held.
    fn sent_only(self, sending: bool) -> Self {
        Rendered {
            ics: String::new(),
            eml: None,
            message: self.message.filter(|_| sending),
            ..self
        }
    }
}

/// `errors.csv`: one line per refused row; removed when every row went through.
fn write_errors(path: &Path, errors: &[RowError]) -> Result<()> {
    if errors.is_empty() {
        let _ = std::fs::remove_file(path);
        return Ok(());
    }
    let failed = |e: &dyn std::fmt::Display| Error::Output {
        what: "errors.csv",
        reason: e.to_string(),
    };
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(["row", "column", "reason"])
        .map_err(|e| failed(&e))?;
    for e in errors {
        out.write_record([e.row.to_string(), e.column.clone(), e.reason.clone()])
            .map_err(|e| failed(&e))?;
    }
    let bytes = out.into_inner().map_err(|e| failed(&e))?;
    files::write_atomic(path, &bytes, true, files::Sync::Durable)
}

/// `results.csv`: every row in file order, done or refused, with why and its message; written
/// a chunk at a time to a temporary file, which replaces the last run's at the end.
struct Results {
    out: csv::Writer<tempfile::NamedTempFile>,
    path: PathBuf,
    /// A `page` column: each done row's plan page (a job with a keeper).
    pages: bool,
}

impl Results {
    fn new(dir: &Path, pages: bool) -> Result<Self> {
        let failed = |reason: String| Error::Output {
            what: "results.csv",
            reason,
        };
        let file = tempfile::Builder::new()
            // The name a killed run's leftovers are known by (see `remove_stale_temporaries`).
            .prefix(".aftercare-results-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| failed(e.to_string()))?;
        let mut out = csv::Writer::from_writer(file);
        let header = [
            "row",
            "id",
            "result",
            "column",
            "reason",
            "message",
            "appointment",
            "page",
        ];
        out.write_record(&header[..if pages { 8 } else { 7 }])
            .map_err(|e| failed(e.to_string()))?;
        Ok(Results {
            out,
            path: dir.join("results.csv"),
            pages,
        })
    }

    /// A chunk's rows, in file order.
    fn write(&mut self, done: &[Done], refused: &[RowError]) -> Result<()> {
        let mut lines: Vec<(usize, [String; 8])> = done
            .iter()
            .map(|d| {
                let line = [
                    d.row.to_string(),
                    d.id.clone(),
                    "done".into(),
                    String::new(),
                    String::new(),
                    d.message.said(),
                    d.appointment.clone(),
                    d.kept.as_ref().map(|k| k.page.clone()).unwrap_or_default(),
                ];
                (d.row, line)
            })
            .chain(refused.iter().map(|e| {
                let line = [
                    e.row.to_string(),
                    e.id.clone(),
                    "refused".into(),
                    e.column.clone(),
                    e.reason.clone(),
                    String::new(),
                    String::new(),
                    String::new(),
                ];
                (e.row, line)
            }))
            .collect();
        lines.sort_by_key(|(row, _)| *row);
        let width = if self.pages { 8 } else { 7 };
        for (_, line) in lines {
            self.out
                .write_record(&line[..width])
                .map_err(|e| Error::Output {
                    what: "results.csv",
                    reason: e.to_string(),
                })?;
        }
        Ok(())
    }

    fn finish(self) -> Result<()> {
        let failed = |reason: String| Error::Output {
            what: "results.csv",
            reason,
        };
        let file = self.out.into_inner().map_err(|e| failed(e.to_string()))?;
        file.as_file()
            .sync_data()
            .map_err(|e| failed(e.to_string()))?;
        file.persist(&self.path)
            .map_err(|e| failed(e.error.to_string()))?;
        Ok(())
    }
}

/// The file names already taken, as 64-bit hashes of their lower-case form: 8 bytes a row
/// rather than the name, so a batch of millions stays small. Two different names hashing alike
/// (odds under 1 in 10^7 for a million rows) would refuse the second row, reported like any
/// collision.
#[derive(Default)]
struct StemNames(HashSet<u64>);

impl StemNames {
    /// The file-name stem for a row's id, unless another row's id already took it.
    fn claim(&mut self, id: &str) -> std::result::Result<String, String> {
        use std::hash::{Hash, Hasher};
        let stem = stem(id)?;
        let mut hasher = std::hash::DefaultHasher::new();
        stem.to_ascii_lowercase().hash(&mut hasher);
        if self.0.insert(hasher.finish()) {
            Ok(stem)
        } else {
            Err(format!(
                "an earlier row has the same id ({stem}); each row's calendar is named by its \
                 id, so a list holds one row per id"
            ))
        }
    }
}

/// The send journal: one line per message the server accepted, synced as it is written.
struct Journal {
    path: PathBuf,
    file: Option<std::fs::File>,
    sent: HashSet<String>,
}

impl Journal {
    /// Reads the journal. Only a journal that does not exist yet is empty: one that cannot be
    /// read would make every message go out again.
    fn read(path: &Path) -> Result<Self> {
        let sent = match std::fs::read_to_string(path) {
            Ok(text) => text.lines().map(str::to_string).collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => HashSet::new(),
            Err(source) => {
                return Err(Error::Io {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        Ok(Journal {
            path: path.to_path_buf(),
            file: None,
            sent,
        })
    }

    /// Opens the journal to record sent messages (creating it if need be).
    fn for_appending(mut self) -> Result<Self> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(|source| Error::Io {
                path: self.path.clone(),
                source,
            })?;
        self.file = Some(file);
        Ok(self)
    }

    fn has(&self, entry: &str) -> bool {
        self.sent.contains(entry)
    }

    fn record(&mut self, entry: String) -> Result<()> {
        let Some(file) = self.file.as_mut() else {
            return Ok(());
        };
        writeln!(file, "{entry}")
            .and_then(|_| file.sync_data())
            .map_err(|source| Error::Io {
                path: self.path.clone(),
                source,
            })?;
        self.sent.insert(entry);
        Ok(())
    }
}

/// Habits files named in rows: read once each, and only inside the CSV's folder unless allowed.
struct HabitsFiles {
    base: PathBuf,
    anywhere: bool,
    cache: Mutex<HashMap<String, std::result::Result<Routine, String>>>,
}

impl HabitsFiles {
    fn new(csv: &Path, anywhere: bool) -> Self {
        HabitsFiles {
            base: csv.parent().map(Path::to_path_buf).unwrap_or_default(),
            anywhere,
            cache: Mutex::default(),
        }
    }

    fn load(&self, name: &str) -> std::result::Result<Routine, String> {
        if let Some(hit) = self.cache.lock().ok().and_then(|c| c.get(name).cloned()) {
            return hit;
        }
        let path = self.base.join(name);
        if !self.anywhere && !self.inside(name, &path) {
            return Err(format!(
                "{}: a habits file inside the CSV's folder (others must be allowed explicitly)",
                crate::terminal::quote(name)
            ));
        }
        let loaded = crate::input::read_text(&path)
            .and_then(|text| Routine::parse(&text, &path))
            .map_err(|e| e.to_string());
        if let Ok(mut c) = self.cache.lock() {
            c.insert(name.to_string(), loaded.clone());
        }
        loaded
    }

    /// Inside the CSV's folder: lexically, and not through a link that leads out.
    fn inside(&self, name: &str, path: &Path) -> bool {
        let lexically = Path::new(name)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        let base = if self.base.as_os_str().is_empty() {
            Path::new(".")
        } else {
            &self.base
        };
        lexically
            && match (std::fs::canonicalize(path), std::fs::canonicalize(base)) {
                (Ok(real), Ok(real_base)) => real.starts_with(real_base),
                _ => true, // missing: reading it reports that
            }
    }
}
