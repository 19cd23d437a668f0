//! A clinic's day of appointments, from a CSV file (see [`crate::input::rows`] for its columns),
//! into one calendar (and message) per patient: the file is streamed in chunks, rows are
//! rendered in parallel, files written atomically, messages sent once each (a journal makes a
//! re-run resume), and every refused row reported with its reason.

use chrono::{DateTime, Utc};

use crate::deliver::mail::{self, Envelope};
use crate::input::rows::{Columns, RowError};
use crate::model::{Protocol, Routine};
use crate::plan::{self, Options};
use crate::render::ics::{self, IcsOptions};

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

/// Reads and renders one row, or says which column is wrong. `stem` is the row's file-name
/// stem, already checked for collisions.
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
    let read = columns.read(record, row, ctx.protocol, ctx.habits)?;
    let plan = plan::plan_with(
        &read.appointment,
        &read.routine,
        ctx.protocol,
        &Options {
            sweat: read.sweat,
            ..Options::default()
        },
    );
    let (discreet, procedure) = (read.discreet, read.procedure);
    let options = IcsOptions {
        dtstamp: ctx.dtstamp,
        discreet,
        procedure: procedure.clone(),
        uid_seed: read.id.to_string(),
        organizer: ctx.from.as_ref().map(|f| f.email.to_string()),
        organizer_name: ctx.from.as_ref().and_then(|f| f.name.clone()),
        ..IcsOptions::default()
    };
    let (ics, eml, message, to) = if ctx.email {
        let from = ctx
            .from
            .clone()
            .ok_or_else(|| fail("", "a clinic address (--from) is needed for e-mail".into()))?;
        let address = read
            .email
            .ok_or_else(|| fail("email", "an e-mail address is needed for e-mail".into()))?;
        // The reason never quotes the address or the name: nothing personal in logs.
        let to = mail::mailbox("email", address, read.name).map_err(|_| {
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
        let (message, ics) = mail::plan_message(&plan, &options, &envelope, read.name)
            .map_err(|e| fail("", e.to_string()))?;
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
