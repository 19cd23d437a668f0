//! The edges the library leaves to the binary: the clock, the system's zone, the configuration
//! folder, files and the terminal.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use aftercare::deliver::files;
use aftercare::error::Error;
use aftercare::model::Protocol;
use aftercare::tz::{self, Zone};
use chrono::{DateTime, Utc};

use super::Failure;
use super::args::{Format, OutputArgs};

/// Reads an input file (see [`aftercare::input::read_text`]); `-` is standard input.
pub(crate) fn read(path: &Path) -> Result<String, Error> {
    if path == Path::new("-") {
        use std::io::Read;
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(aftercare::input::MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|source| Error::Io {
                path: "<standard input>".into(),
                source,
            })?;
        return aftercare::input::text_of(bytes, Path::new("<standard input>"));
    }
    aftercare::input::read_text(path)
}

/// Writes an output file atomically and durably; an existing one only with `force`.
pub(crate) fn write(path: &Path, bytes: &[u8], force: bool) -> Result<(), Error> {
    files::write_atomic(path, bytes, force, files::Sync::Durable)
}

/// The zone of `--tz`, or the system's with a note saying so.
pub(crate) fn zone_arg(name: Option<&str>) -> Result<(Zone, Option<String>), Error> {
    match name {
        Some(name) => Ok((tz::parse_zone("tz", name)?, None)),
        None => system_zone(),
    }
}

/// The system's zone: `TZ` if it names an IANA zone, else the platform's setting, else UTC;
/// the note says which.
pub(crate) fn system_zone() -> Result<(Zone, Option<String>), Error> {
    let from_env = std::env::var("TZ")
        .ok()
        .and_then(|v| tz::zone_named(v.trim_start_matches(':')));
    let zone = from_env.or_else(|| {
        iana_time_zone::get_timezone()
            .ok()
            .and_then(|name| tz::zone_named(&name))
    });
    Ok(match zone {
        Some(zone) => (
            zone,
            Some(format!(
                "No --tz given: using the system's time zone, {}.",
                zone.name()
            )),
        ),
        None => (
            tz::parse_zone("tz", "UTC")?,
            Some("No --tz given and the system's time zone is unknown: using UTC.".to_string()),
        ),
    })
}

/// DTSTAMP: `SOURCE_DATE_EPOCH` when set (reproducible builds), else now.
pub(crate) fn dtstamp() -> Result<DateTime<Utc>, Error> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => value
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|secs| DateTime::from_timestamp(secs, 0))
            // DTSTAMP is written with a four-digit year.
            .filter(|t| (1970..=9999).contains(&chrono::Datelike::year(t)))
            .ok_or_else(|| {
                Error::invalid(
                    "SOURCE_DATE_EPOCH",
                    value,
                    "whole seconds since 1970-01-01 UTC, before the year 10000",
                )
            }),
        Err(_) => {
            let now = Utc::now();
            Ok(DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now))
        }
    }
}

/// The format an output file's name asks for; a name that asks for none is refused rather
/// than given a calendar.
pub(crate) fn format_of(path: &Path) -> Result<Format, Error> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("ics" | "ical" | "ifb") => Ok(Format::Ics),
        Some("json") => Ok(Format::Json),
        Some("txt" | "text") => Ok(Format::Text),
        // A calendar under a `.md` name opens as nonsense: say what the names mean instead.
        _ => Err(Error::invalid(
            "-o",
            path.display().to_string(),
            "a file name ending in .ics, .json or .txt (or --format ics|json|text)",
        )),
    }
}

/// The built-in protocol in every language, or a provider's file in each it covers (a batch
/// or a server plans each patient in their own).
pub(crate) fn load_protocols(
    path: Option<&Path>,
) -> Result<aftercare::input::protocol::Protocols, Error> {
    use aftercare::input::protocol::Protocols;
    match path {
        Some(path) => Protocols::from_file(&read(path)?, path),
        None => Ok(Protocols::builtin()),
    }
}

/// The built-in protocol in `lang`, with a provider's file applied when one is given.
pub(crate) fn load_protocol(
    path: Option<&Path>,
    lang: aftercare::i18n::Lang,
) -> Result<Protocol, Error> {
    match path {
        Some(path) => Protocol::with_override_in(&read(path)?, path, lang),
        None => Ok(Protocol::builtin_in(lang)),
    }
}

/// Prints a human-readable view, escaping what a terminal would obey.
pub(crate) fn print_text(text: &str) -> Result<(), Failure> {
    print(&aftercare::terminal::safe(text))
}

pub(crate) fn print(text: &str) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// `$XDG_CONFIG_HOME/aftercare/habits.toml`, or the platform's configuration directory.
pub(crate) fn default_habits_path() -> Option<PathBuf> {
    std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(dirs::config_dir)
        .map(|dir| dir.join("aftercare").join("habits.toml"))
}

/// True when `a` and `b` name the same file (by path, or as the same existing file).
pub(crate) fn same_file(a: &Path, b: &Path) -> bool {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    absolute(a) == absolute(b)
        || matches!(
            (std::fs::canonicalize(a), std::fs::canonicalize(b)),
            (Ok(x), Ok(y)) if x == y
        )
}

/// Writes a calendar-producing command's result. Without `-o`, the calendar goes to
/// `default_name` in the current directory and the text view to the terminal; `-o -` prints the
/// chosen format; `-o FILE` writes it atomically.
pub(crate) fn emit(
    out: &OutputArgs,
    default_name: &str,
    render: impl Fn(Format) -> Result<String, Failure>,
) -> Result<(), Failure> {
    let format = match (out.format, &out.output) {
        (Some(format), _) => format,
        (None, Some(path)) if path != Path::new("-") => format_of(path)?,
        (None, _) => Format::Ics,
    };
    // The text view shows names people and calendars chose: escaped, never obeyed by the
    // terminal (see `aftercare::terminal`).
    let render = |format: Format| -> Result<String, Failure> {
        let rendered = render(format)?;
        Ok(match format {
            Format::Text => aftercare::terminal::safe(&rendered).into_owned(),
            _ => rendered,
        })
    };
    match &out.output {
        Some(path) if path == Path::new("-") => print(&render(format)?),
        Some(path) => {
            write(path, render(format)?.as_bytes(), out.force)?;
            eprintln!("aftercare: wrote {}", path.display());
            Ok(())
        }
        None if format == Format::Ics => {
            let path = PathBuf::from(default_name);
            let calendar = render(Format::Ics)?;
            let text = render(Format::Text)?;
            write(&path, calendar.as_bytes(), out.force)?;
            print(&text)?;
            eprintln!(
                "aftercare: wrote {} (import it into your calendar)",
                path.display()
            );
            Ok(())
        }
        None => print(&render(format)?),
    }
}

pub(crate) fn to_json(value: &impl serde::Serialize) -> Result<String, Error> {
    let mut json = serde_json::to_string_pretty(value).map_err(|e| Error::Output {
        what: "JSON",
        reason: e.to_string(),
    })?;
    json.push('\n');
    Ok(json)
}
