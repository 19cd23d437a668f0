//! Reading the project's structured files (habits, protocols): TOML, or JSON by extension, with
//! errors that point at a file and line.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Error, Result};

/// Parses `text` as TOML, or as JSON when `path` ends in `.json`. Syntax errors and unknown or
/// mistyped fields come back as [`Error::File`] with the line.
pub fn parse_structured<T: DeserializeOwned>(text: &str, path: &Path) -> Result<T> {
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
pub fn line_of_offset(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// The 1-based line where `key` is set to the string `value` (`key = "value"` in TOML,
/// `"key": "value"` in JSON), if any: used to point a semantic error at its line.
pub fn locate(text: &str, key: &str, value: &str) -> Option<usize> {
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
pub fn file_error(path: &Path, line: Option<usize>, error: Error) -> Error {
    Error::File {
        path: path.to_path_buf(),
        line,
        message: error.to_string(),
    }
}
