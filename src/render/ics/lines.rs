//! Content-line hygiene for what the icalendar crate writes (RFC 5545 §3.1).
//!
//! The crate gets the structure right but leaves gaps that this pass closes where they fall:
//! its folding can emit a 76-octet line, it writes a `DTSTAMP` (with the current time) and a
//! random `UID` into every component, VALARM and VTIMEZONE included, and it passes a bare CR in
//! TEXT through. [`clean_text`] normalises text before it goes in; [`normalise`] unfolds the
//! crate's output, drops the injected properties, and folds again at 75 octets on UTF-8
//! boundaries, never inside an escape sequence, with CRLF line ends.

#[cfg(any(test, feature = "oracle"))]
/// Components where RFC 5545 allows neither DTSTAMP nor UID (the crate adds both).
const NO_STAMP: [&str; 4] = ["VALARM", "VTIMEZONE", "STANDARD", "DAYLIGHT"];

/// The longest physical line, in octets, without its CRLF.
pub const MAX_OCTETS: usize = 75;

#[cfg(any(test, feature = "oracle"))]
/// Normalises free text before it becomes a TEXT value: CRLF, lone CR and the Unicode line and
/// paragraph separators (U+2028, U+2029) become LF (which the crate escapes as `\n`), tabs
/// become spaces, and other control characters are dropped.
pub fn clean_text(text: &str) -> String {
    clean_owned(text.to_string())
}

#[cfg(any(test, feature = "oracle"))]
/// [`clean_text`] for an owned string: returned as is (no copy) when there is nothing to clean,
/// which is almost always.
pub fn clean_owned(text: String) -> String {
    // C0 controls and DEL are ASCII; C1 controls are U+0080..U+009F, encoded 0xC2 0x80..0x9F.
    // The first scan is a plain byte loop the compiler vectorises; the second runs only when
    // the text has a 0xC2 byte at all.
    let bytes = text.as_bytes();
    let dirty = bytes
        .iter()
        .any(|&b| (b < 0x20 && b != b'\n') | (b == 0x7f))
        || (bytes.contains(&0xc2)
            && bytes
                .windows(2)
                .any(|w| w[0] == 0xc2 && (0x80..0xa0).contains(&w[1])))
        || text.contains(['\u{2028}', '\u{2029}']);
    if !dirty {
        return text;
    }
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    unified
        .chars()
        .filter_map(|c| match c {
            '\n' | '\u{2028}' | '\u{2029}' => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

#[cfg(any(test, feature = "oracle"))]
/// Rewrites the crate's serialisation into clean RFC 5545 content lines.
pub fn normalise(crate_output: &str) -> String {
    let mut out = String::with_capacity(crate_output.len() + crate_output.len() / 20);
    let mut stack: Vec<String> = Vec::new();
    for line in unfold(crate_output) {
        if let Some(name) = line.strip_prefix("BEGIN:") {
            stack.push(name.to_string());
        } else if line.starts_with("END:") {
            stack.pop();
        } else if stack.last().is_some_and(|c| NO_STAMP.contains(&c.as_str()))
            && (line.starts_with("DTSTAMP:") || line.starts_with("UID:"))
        {
            continue;
        }
        fold_into(&line, &mut out);
    }
    out
}

#[cfg(any(test, feature = "oracle"))]
/// Splits into logical lines, joining continuation lines (CRLF or LF followed by a space or
/// tab).
fn unfold(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for raw in text.split('\n') {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if let (Some(rest), Some(last)) = (raw.strip_prefix([' ', '\t']), lines.last_mut()) {
            last.push_str(rest);
            continue;
        }
        if !raw.is_empty() {
            lines.push(raw.to_string());
        }
    }
    lines
}

#[cfg(any(test, feature = "oracle"))]
/// Appends `line` folded to at most [`MAX_OCTETS`] octets a physical line, CRLF-terminated.
/// Breaks fall on UTF-8 boundaries and never between a backslash and the character it escapes.
pub fn fold_into(line: &str, out: &mut String) {
    let mut rest = line;
    let mut limit = MAX_OCTETS;
    while rest.len() > limit {
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        if ends_inside_escape(&rest[..cut]) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        // Continuation lines start with a space, which counts towards the 75 octets.
        limit = MAX_OCTETS - 1;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

#[cfg(any(test, feature = "oracle"))]
/// True when `s` ends with an unpaired backslash, i.e. cutting here would split an escape.
fn ends_inside_escape(s: &str) -> bool {
    s.bytes().rev().take_while(|b| *b == b'\\').count() % 2 == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn physical(out: &str) -> Vec<&str> {
        out.split("\r\n").filter(|l| !l.is_empty()).collect()
    }

    #[test]
    fn folds_at_75_octets_on_char_boundaries() {
        for filler in ["a", "é", "€", "😀", "a\\n", "\\\\"] {
            for prefix_len in 0..8 {
                let line = format!(
                    "DESCRIPTION:{}{}",
                    "x".repeat(prefix_len),
                    filler.repeat(200)
                );
                let mut out = String::new();
                fold_into(&line, &mut out);
                for l in physical(&out) {
                    assert!(l.len() <= 75, "{} octets: {l:?}", l.len());
                }
                assert!(!out.replace("\r\n", "").contains('\r'));
                // Unfolding gives the original back, and no physical line ends in a half escape.
                assert_eq!(unfold(&out), vec![line.clone()]);
                for l in physical(&out) {
                    assert!(!ends_inside_escape(l), "{l:?}");
                }
            }
        }
    }

    #[test]
    fn drops_injected_stamps_only_where_they_do_not_belong() {
        let crate_output = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTAMP:20260101T000000Z\r\nUID:a\r\n\
            BEGIN:VALARM\r\nDTSTAMP:20990101T000000Z\r\nUID:random\r\nACTION:DISPLAY\r\nEND:VALARM\r\n\
            END:VEVENT\r\nEND:VCALENDAR\r\n";
        let out = normalise(crate_output);
        assert_eq!(out.matches("DTSTAMP").count(), 1);
        assert!(out.contains("UID:a\r\n") && !out.contains("random"));
    }

    #[test]
    fn clean_text_normalises_line_ends_and_controls() {
        assert_eq!(clean_text("a\r\nb\rc\td\u{7}e"), "a\nb\nc de");
    }
}
