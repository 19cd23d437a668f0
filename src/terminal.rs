//! Text bound for a terminal: user-supplied strings (arguments, workout names, calendar titles,
//! file contents quoted in errors) are shown, never obeyed.
//!
//! Control characters (ESC sequences, CR, backspace), the bidirectional overrides that reorder
//! what a line appears to say (U+202E and friends) and the Unicode line and paragraph
//! separators are written as `\u{1b}`-style escapes; everything else passes unchanged.
//!
//! ```
//! use aftercare::terminal::{quote, safe};
//! assert_eq!(safe("run\u{1b}[31m"), "run\\u{1b}[31m");
//! assert_eq!(quote("a\nb"), "\"a\\nb\"");
//! assert!(quote(&"x".repeat(10_000)).ends_with("… (10000 characters)"));
//! ```

use std::borrow::Cow;

/// Longest value quoted in an error, in characters.
pub const QUOTE_CHARS: usize = 80;

/// True for characters that must not reach a terminal raw.
fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
                | '\u{2028}' | '\u{2029}'
        )
}

/// `text` with every unsafe character escaped; newlines and tabs are kept (for multi-line
/// views).
pub fn safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A value for a one-line message: in double quotes, newlines and every unsafe character
/// escaped, at most [`QUOTE_CHARS`] characters (then `…` and the full length).
pub fn quote(value: &str) -> String {
    let mut out = String::from("\"");
    for (count, c) in value.chars().enumerate() {
        if count == QUOTE_CHARS {
            out.push_str(&format!("\"… ({} characters)", value.chars().count()));
            return out;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '"' => out.push_str("\\\""),
            c if unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_a_terminal_would_obey() {
        assert_eq!(safe("plain, café 🧖"), "plain, café 🧖");
        assert_eq!(safe("a\rb"), "a\\u{d}b");
        assert_eq!(safe("evil\u{202e}txt"), "evil\\u{202e}txt");
        assert_eq!(safe("line\u{2028}sep"), "line\\u{2028}sep");
        assert_eq!(safe("two\nlines"), "two\nlines");
    }

    #[test]
    fn quotes_are_short_and_one_line() {
        assert_eq!(quote("15:00"), "\"15:00\"");
        let long = quote(&"é".repeat(100_000));
        assert!(
            long.starts_with(&format!("\"{}\"…", "é".repeat(80))),
            "{long}"
        );
        assert!(long.ends_with("(100000 characters)"));
        assert!(!quote("a\r\nb").contains(['\r', '\n']));
    }
}
