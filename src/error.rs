//! The library's error type.
//!
//! Every variant names the field (a command-line flag or a file field), the value that was given
//! and what was expected, so the binary can print it on one line. [`Error::is_input`] tells bad
//! input (exit status 2) from a failure of the environment (exit status 1).

use std::path::PathBuf;

use crate::terminal::quote;

/// Everything that can go wrong in aftercare.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A time zone name that is not in the IANA database.
    #[error("{field}: unknown time zone {}{}", quote(.value), did_you_mean(.suggestions))]
    UnknownZone {
        field: String,
        value: String,
        suggestions: Vec<String>,
    },
    /// A zone whose rules cannot be read from the tz database in use.
    #[error("time zone {zone}: {reason} ({database})")]
    ZoneData {
        zone: String,
        database: String,
        reason: String,
    },
    /// A local time that does not exist in the zone (the clocks jump over it).
    #[error("{0}")]
    LocalTimeGap(Box<Gap>),
    /// A local time that happens twice in the zone (the clocks go back over it).
    #[error(
        "{field}: {value} happens twice in {zone} (at {earlier} and at {later}); \
         add --fold earlier or --fold later to say which"
    )]
    LocalTimeFold {
        field: String,
        value: String,
        zone: String,
        earlier: String,
        later: String,
    },
    /// A value of the wrong shape or out of range.
    #[error("{field}: invalid value {}; expected {expected}", quote(.value))]
    Invalid {
        field: String,
        value: String,
        expected: String,
    },
    /// An id that is not known (activity, rule, stage...).
    #[error("{field}: unknown {kind} {}{}; expected one of: {known}", quote(.value), did_you_mean(.suggestions))]
    Unknown {
        field: String,
        kind: &'static str,
        value: String,
        suggestions: Vec<String>,
        known: String,
    },
    /// A file that could not be parsed or whose content is invalid.
    #[error("{}{}: {message}", .path.display(), .line.map(|l| format!(":{l}")).unwrap_or_default())]
    File {
        path: PathBuf,
        line: Option<usize>,
        message: String,
    },
    /// The output file exists and `--force` was not given.
    #[error("{}: output file already exists; pass --force to replace it", .0.display())]
    OutputExists(PathBuf),
    /// The SMTP server refused the message or could not be reached.
    #[error("sending through {server} failed: {reason}")]
    Send { server: String, reason: String },
    /// An output could not be made (a failure of aftercare itself, not of the input).
    #[error("could not write the {what}: {reason}")]
    Output { what: &'static str, reason: String },
    /// Reading or writing a file failed.
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
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

    /// Replaces the field name (e.g. a file field becomes the flag it came from).
    pub fn for_field(self, name: &str) -> Self {
        match self {
            Error::Invalid {
                value, expected, ..
            } => Error::Invalid {
                field: name.to_string(),
                value,
                expected,
            },
            Error::Unknown {
                kind,
                value,
                suggestions,
                known,
                ..
            } => Error::Unknown {
                field: name.to_string(),
                kind,
                value,
                suggestions,
                known,
            },
            other => other,
        }
    }

    /// Prefixes the field name, e.g. to say which file entry an error belongs to.
    pub fn in_field(self, prefix: &str) -> Self {
        let join = |f: String| format!("{prefix}.{f}");
        match self {
            Error::Invalid {
                field,
                value,
                expected,
            } => Error::Invalid {
                field: join(field),
                value,
                expected,
            },
            Error::Unknown {
                field,
                kind,
                value,
                suggestions,
                known,
            } => Error::Unknown {
                field: join(field),
                kind,
                value,
                suggestions,
                known,
            },
            Error::UnknownZone {
                field,
                value,
                suggestions,
            } => Error::UnknownZone {
                field: join(field),
                value,
                suggestions,
            },
            other => other,
        }
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
