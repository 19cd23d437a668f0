//! The library's error type.
//!
//! Every variant names the field (a file field, a CSV column, or the library's name for a
//! value, such as `minutes` or `at`), the value that was given and what was expected, so the
//! caller can print it on one line; the binary renames fields to its flags
//! ([`Error::map_field`]). [`Error::is_input`] tells bad
//! input (exit status 2) from a failure of the environment (exit status 1).

use std::path::PathBuf;

use crate::terminal::quote;

/// Everything that can go wrong in aftercare.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A time zone name that is not in the IANA database.
    #[error("{field}: unknown time zone {}{}", quote(.value), did_you_mean(.suggestions))]
    UnknownZone {
        /// The field or flag.
        field: String,
        /// The value given.
        value: String,
        /// Close matches, best first.
        suggestions: Vec<String>,
    },
    /// A zone whose rules cannot be read from the tz database in use.
    #[error("time zone {zone}: {reason} ({database})")]
    ZoneData {
        /// The zone.
        zone: String,
        /// The tz database in use.
        database: String,
        /// What went wrong.
        reason: String,
    },
    /// A local time that does not exist in the zone (the clocks jump over it).
    #[error("{0}")]
    LocalTimeGap(Box<Gap>),
    /// A local time that happens twice in the zone (the clocks go back over it).
    #[error(
        "{field}: {value} happens twice in {zone} (at {earlier} and at {later}); \
         say which one"
    )]
    LocalTimeFold {
        /// The field or flag.
        field: String,
        /// The value given.
        value: String,
        /// The zone.
        zone: String,
        /// The first reading (RFC 3339).
        earlier: String,
        /// The second reading (RFC 3339).
        later: String,
    },
    /// A value of the wrong shape or out of range.
    #[error("{field}: invalid value {}; expected {expected}", quote(.value))]
    Invalid {
        /// The field or flag.
        field: String,
        /// The value given.
        value: String,
        /// What was expected.
        expected: String,
    },
    /// An option given without another one it needs (`--send` without `--smtp`).
    #[error("{field} needs {needs}")]
    Requires {
        /// The option given.
        field: String,
        /// The option it needs, with what it is for.
        needs: String,
    },
    /// More items, or a longer text, than aftercare takes (see [`crate::input::limits`]).
    #[error("{field}: {found}; expected at most {limit}")]
    Limit {
        /// The field or flag.
        field: String,
        /// How many there were (`1440 workouts`, `100000 characters`).
        found: String,
        /// The most allowed.
        limit: String,
    },
    /// SMTP credentials would cross a connection without TLS, which was not allowed.
    #[error(
        "{field}: invalid value {}; expected smtps://host:port or smtp://host:port?tls=required \
         when AFTERCARE_SMTP_USERNAME is set: credentials only travel over TLS",
        quote(.url)
    )]
    PlainCredentials {
        /// The field or flag.
        field: String,
        /// The server's URL.
        url: String,
    },
    /// An id that is not known (activity, rule, stage...).
    #[error("{field}: unknown {kind} {}{}; expected one of: {known}", quote(.value), did_you_mean(.suggestions))]
    Unknown {
        /// The field or flag.
        field: String,
        /// What kind of id (`activity`, `area`...).
        kind: &'static str,
        /// The value given.
        value: String,
        /// Close matches, best first.
        suggestions: Vec<String>,
        /// The valid ids, or where to find them.
        known: String,
    },
    /// A file that could not be parsed or whose content is invalid.
    #[error("{}{}: {message}", .path.display(), .line.map(|l| format!(":{l}")).unwrap_or_default())]
    File {
        /// The file.
        path: PathBuf,
        /// The line, when known.
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// A CSV's header row (line 1) that cannot be read: the command line and the desk each say
    /// in their own way how to name a column.
    #[error("{}:1: {problem}", .path.display())]
    Header {
        /// The file.
        path: PathBuf,
        /// What is wrong with the header.
        problem: crate::input::rows::HeaderError,
    },
    /// The output file exists and replacing it was not asked for.
    #[error("{}: output file already exists", .0.display())]
    OutputExists(PathBuf),
    /// The SMTP server refused the message or could not be reached.
    #[error("sending through {server} failed: {reason}")]
    Send {
        /// The server, as host:port.
        server: String,
        /// What the server or the connection said.
        reason: String,
    },
    /// An output could not be made (a failure of aftercare itself, not of the input).
    #[error("could not write the {what}: {reason}")]
    Output {
        /// What was being made.
        what: &'static str,
        /// What went wrong.
        reason: String,
    },
    /// Reading or writing a file failed.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The system's error.
        source: std::io::Error,
    },
}

impl Error {
    /// True when the error is the user's input (exit status 2), false when the environment
    /// failed (exit status 1).
    pub fn is_input(&self) -> bool {
        !matches!(
            self,
            Error::Io { .. } | Error::Send { .. } | Error::ZoneData { .. } | Error::Output { .. }
        )
    }

    /// Shorthand for [`Error::Invalid`].
    pub fn invalid(
        field: impl Into<String>,
        value: impl Into<String>,
        expected: impl Into<String>,
    ) -> Self {
        Error::Invalid {
            field: field.into(),
            value: value.into(),
            expected: expected.into(),
        }
    }

    /// Shorthand for [`Error::Unknown`]: `value` is not one of `ids`, which the error lists,
    /// the closest first.
    pub fn unknown<'a>(
        field: impl Into<String>,
        kind: &'static str,
        value: &str,
        ids: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        let ids: Vec<&str> = ids.into_iter().collect();
        Error::Unknown {
            field: field.into(),
            kind,
            value: value.to_string(),
            suggestions: suggest(value, ids.iter().copied()),
            known: ids.join(", "),
        }
    }

    /// The field (or flag) the error is about, when it names one.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::UnknownZone { field, .. }
            | Error::LocalTimeFold { field, .. }
            | Error::Invalid { field, .. }
            | Error::Limit { field, .. }
            | Error::Requires { field, .. }
            | Error::PlainCredentials { field, .. }
            | Error::Unknown { field, .. } => Some(field),
            Error::LocalTimeGap(gap) => Some(&gap.field),
            _ => None,
        }
    }

    /// Renames the field the error is about with `rename` (the binary turns the library's
    /// field names into its flags this way).
    pub fn map_field(mut self, rename: impl FnOnce(&str) -> String) -> Self {
        let field = match &mut self {
            Error::UnknownZone { field, .. }
            | Error::LocalTimeFold { field, .. }
            | Error::Invalid { field, .. }
            | Error::Limit { field, .. }
            | Error::Requires { field, .. }
            | Error::PlainCredentials { field, .. }
            | Error::Unknown { field, .. } => field,
            Error::LocalTimeGap(gap) => &mut gap.field,
            _ => return self,
        };
        *field = rename(field);
        self
    }

    /// Replaces the field name (e.g. a file field becomes the column it came from).
    pub fn for_field(self, name: &str) -> Self {
        self.map_field(|_| name.to_string())
    }

    /// Prefixes the field name, e.g. to say which file entry an error belongs to.
    pub fn in_field(self, prefix: &str) -> Self {
        self.map_field(|f| format!("{prefix}.{f}"))
    }
}

/// Details of a local time that falls in a DST gap.
#[derive(Debug, thiserror::Error)]
#[error(
    "{field}: {value} does not exist in {zone} (the clocks go forward from {before_offset} to {after_offset} that day); \
     pick a valid time such as {before} or {after}"
)]
pub struct Gap {
    /// The flag or field.
    pub field: String,
    /// The local time given.
    pub value: String,
    /// The zone.
    pub zone: String,
    /// Offset before the gap.
    pub before_offset: String,
    /// Offset after the gap.
    pub after_offset: String,
    /// The last valid local time before the gap.
    pub before: String,
    /// The first valid local time after the gap.
    pub after: String,
}

/// Result alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

fn did_you_mean(suggestions: &[String]) -> String {
    match suggestions {
        [] => String::new(),
        [one] => format!(" (did you mean {one}?)"),
        many => format!(" (did you mean one of {}?)", many.join(", ")),
    }
}

/// Returns up to three names from `candidates` that are close to `value`, best first.
///
/// Closeness is case-insensitive Jaro–Winkler similarity, also tried against the last path
/// component of each candidate (so `new york` finds `America/New_York`).
pub fn suggest<'a>(value: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let norm = |s: &str| s.to_ascii_lowercase().replace([' ', '-'], "_");
    let wanted = norm(value);
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| {
            let full = norm(c);
            let last = full.rsplit('/').next().unwrap_or(&full).to_string();
            let score =
                strsim::jaro_winkler(&wanted, &full).max(strsim::jaro_winkler(&wanted, &last));
            (score, c)
        })
        .filter(|(score, _)| *score >= 0.85)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored
        .into_iter()
        .take(3)
        .map(|(_, c)| c.to_string())
        .collect()
}
