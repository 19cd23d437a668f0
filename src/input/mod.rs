//! Files and flags → model. Every file goes through one bounded, UTF-8-checked reader
//! ([`read_text`]); structured files (habits, protocols) are TOML, or JSON by extension, with
//! errors that point at a file and line.
//!
//! * [`when`]: date-times as people type them (flags, CSV columns, form fields).
//! * [`routine`]: habits files and `--workout` specs → [`crate::model::Routine`].
//! * [`catalogue`]: the built-in activity catalogue.
//! * [`protocol`]: protocol files, checked and merged → [`crate::model::Protocol`].
//! * [`calendar`]: calendar exports → dated sessions of a routine.
//! * [`clinic`]: clinic profiles → [`crate::model::Clinic`].
//! * [`emergency`]: the emergency number of a plan's country, from its time zone.
//! * [`table`]: a day's list's bytes (UTF-8 or Windows-1252; commas, semicolons or tabs) → text.
//! * [`rows`]: a batch CSV's header and rows → appointments.
//! * [`request`]: a plan request in the flags' words, as one value (the web app's form and API).
//! * [`limits`]: how many workouts, setbacks... and how long a name may be, checked here.

pub mod calendar;
pub mod catalogue;
pub mod clinic;
pub mod emergency;
pub mod limits;
pub mod protocol;
pub mod request;
pub mod routine;
pub mod rows;
pub mod table;
pub mod translation;
pub mod when;

use std::io::Read;
use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Error, Result};

/// The most any input file may hold: far more than any real habits file, protocol, calendar
/// export or CSV day list, and a bound for pipes and devices (`/dev/zero`) that never end.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// Reads an input file as UTF-8 text, refusing one larger than [`MAX_INPUT_BYTES`] (read no
/// further than that, whatever the file is) or one that is not UTF-8 (naming the byte offset).
pub fn read_text(path: &Path) -> Result<String> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    text_of(bytes, path)
}

/// Checks that `bytes` read from `path` are UTF-8 text of at most [`MAX_INPUT_BYTES`].
pub fn text_of(bytes: Vec<u8>, path: &Path) -> Result<String> {
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(Error::File {
            path: path.to_path_buf(),
            line: None,
            message: format!(
                "larger than {} MiB, the most an input file may be",
                MAX_INPUT_BYTES / 1024 / 1024
            ),
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        Error::File {
            path: path.to_path_buf(),
            line: Some(line_of_offset(
                &String::from_utf8_lossy(&bytes[..offset]),
                offset,
            )),
            message: format!("not UTF-8 text (byte {offset} is 0x{:02X})", bytes[offset]),
        }
    })
}

/// Parses `text` as TOML, or as JSON when `path` ends in `.json`. Syntax errors and unknown or
/// mistyped fields come back as [`Error::File`] with the line.
pub(crate) fn parse_structured<T: DeserializeOwned>(text: &str, path: &Path) -> Result<T> {
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        serde_json::from_str(text).map_err(|e| Error::File {
            path: path.to_path_buf(),
            line: Some(e.line()).filter(|l| *l > 0),
            message: strip_position(&e.to_string()),
        })
    } else {
        toml::from_str(text).map_err(|e| Error::File {
            path: path.to_path_buf(),
            line: e.span().map(|s| line_of_offset(text, s.start)),
            message: e.message().trim().replace('\n', "; "),
        })
    }
}

/// serde_json appends " at line L column C"; the line is reported separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// The 1-based line of a byte offset.
pub(crate) fn line_of_offset(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// The 1-based line where `key` is set to the string `value` (`key = "value"` in TOML,
/// `"key": "value"` in JSON), if any: used to point a semantic error at its line.
pub(crate) fn locate(text: &str, key: &str, value: &str) -> Option<usize> {
    let quoted = format!("\"{value}\"");
    text.lines()
        .position(|line| {
            let line = line.trim_start();
            (line.starts_with(key) || line.starts_with(&format!("\"{key}\"")))
                && line.contains(&quoted)
        })
        .map(|i| i + 1)
}

/// Wraps a semantic error with its file and line.
pub(crate) fn file_error(path: &Path, line: Option<usize>, error: Error) -> Error {
    Error::File {
        path: path.to_path_buf(),
        line,
        message: error.to_string(),
    }
}

/// Runs `f`, turning a panic inside it into `None` without printing the panic message: for
/// parser dependencies that can panic on damaged input, which must be refused, not crash.
pub(crate) fn catch_panic<T>(f: impl FnOnce() -> T) -> Option<T> {
    use std::cell::Cell;
    use std::sync::Once;
    thread_local! {
        static QUIET: Cell<bool> = const { Cell::new(false) };
    }
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was));
    result.ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_a_dependency_becomes_none() {
        assert_eq!(catch_panic(|| 7), Some(7));
        let caught: Option<()> = catch_panic(|| panic!("a parser gave up"));
        assert_eq!(caught, None);
        // Panics outside still reach the hook as usual (the flag is reset).
        assert_eq!(
            catch_panic(|| catch_panic(|| panic!("inner")).is_none()),
            Some(true)
        );
    }

    #[test]
    fn text_is_utf8_and_bounded() {
        let path = Path::new("f.toml");
        assert_eq!(text_of(b"ok\n".to_vec(), path).unwrap(), "ok\n");
        let err = text_of(b"a\nb\xffc".to_vec(), path)
            .unwrap_err()
            .to_string();
        assert_eq!(err, "f.toml:2: not UTF-8 text (byte 3 is 0xFF)");
    }
}
