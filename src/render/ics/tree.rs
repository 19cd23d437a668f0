//! Calendars as components and properties, written into a [`Sink`]: the [`Encoder`] writes
//! content lines as they come (used by batches, where the `icalendar` crate's builder is the
//! bottleneck); the [`Builder`] makes a [`Comp`] tree that goes through the crate (the
//! reference, used by the interactive commands). Tests check that both give the same bytes.

use std::borrow::Cow;
#[cfg(any(test, feature = "oracle"))]
use std::str::FromStr;

#[cfg(any(test, feature = "oracle"))]
use icalendar::{Calendar, CalendarComponent, Component, Property};

use super::lines;

/// How a property value is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Written as is (dates, durations, RRULE, addresses).
    Raw,
    /// TEXT, cleaned and escaped when written.
    Text,
    /// TEXT that is already cleaned and escaped ([`escape_into`]): long texts made of parts
    /// that recur in many events are escaped once, then copied.
    Escaped,
}

/// One property: name, at most one parameter, value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prop {
    /// Property name.
    pub name: &'static str,
    /// One parameter (`TZID=...`, `RELATED=START`).
    pub param: Option<(&'static str, Cow<'static, str>)>,
    /// The value (borrowed when it is a constant, which saves an allocation per property in a
    /// batch).
    pub value: Cow<'static, str>,
    /// What the value is, which says how it is written.
    pub kind: Kind,
    /// Written after the single-valued properties (the crate's multi-properties: CATEGORIES).
    pub multi: bool,
}

impl Prop {
    /// A TEXT property (escaped when written).
    pub fn text(name: &'static str, value: impl Into<Cow<'static, str>>) -> Self {
        Prop {
            name,
            param: None,
            value: value.into(),
            kind: Kind::Text,
            multi: false,
        }
    }

    /// A property whose value is written as is (dates, durations, RRULE, addresses).
    pub fn raw(name: &'static str, value: impl Into<Cow<'static, str>>) -> Self {
        Prop {
            name,
            param: None,
            value: value.into(),
            kind: Kind::Raw,
            multi: false,
        }
    }

    /// A TEXT property whose value is already cleaned and escaped (as `escape_into` does).
    pub fn escaped(name: &'static str, value: impl Into<Cow<'static, str>>) -> Self {
        Prop {
            kind: Kind::Escaped,
            ..Prop::raw(name, value)
        }
    }

    /// With one parameter.
    pub fn with(mut self, key: &'static str, value: impl Into<Cow<'static, str>>) -> Self {
        self.param = Some((key, value.into()));
        self
    }
}

/// A component and its children.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comp {
    /// VCALENDAR, VEVENT, VALARM, VTIMEZONE...
    pub name: &'static str,
    /// Properties, in the order they are written.
    pub props: Vec<Prop>,
    /// Sub-components.
    pub children: Vec<Comp>,
}

/// Appends `text` cleaned as [`lines::clean_text`] does (CR and CRLF become a line break, a tab
/// a space, other control characters are dropped) and escaped as RFC 5545 TEXT (§3.3.11).
pub fn escape_into(text: &str, out: &mut String) {
    out.reserve(text.len() + text.len() / 16);
    escape_pieces(text, |piece| out.push_str(piece));
}

/// [`escape_into`] into a new string.
pub fn escaped(text: &str) -> String {
    let mut out = String::new();
    escape_into(text, &mut out);
    out
}

/// The escaped concatenation of `parts`, built without an intermediate string (event texts
/// are assembled from many parts, for every event of every calendar of a batch).
///
/// Long parts are the protocol's texts, which recur in every calendar of a batch: their escaped
/// form is remembered (per thread, a bounded number), so they are escaped once and then copied.
pub fn escaped_concat(parts: &[&str]) -> String {
    /// Parts shorter than this are times, names and ids, which rarely recur.
    const REMEMBERED: usize = 48;
    const CAPACITY: usize = 1024;
    thread_local! {
        static SEEN: std::cell::RefCell<rustc_hash::FxHashMap<Box<str>, Box<str>>> =
            Default::default();
    }
    let len: usize = parts.iter().map(|p| p.len()).sum();
    let mut out = String::with_capacity(len + len / 16 + 8);
    SEEN.with_borrow_mut(|seen| {
        for part in parts {
            if part.len() < REMEMBERED {
                escape_pieces(part, |piece| out.push_str(piece));
            } else if let Some(hit) = seen.get(*part) {
                out.push_str(hit);
            } else {
                let escaped = escaped(part);
                out.push_str(&escaped);
                if seen.len() >= CAPACITY {
                    seen.clear();
                }
                seen.insert(Box::from(*part), escaped.into_boxed_str());
            }
        }
    });
    out
}

#[cfg(any(test, feature = "oracle"))]
/// Reverses [`escape_into`] (for the crate, which escapes what it is given).
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (c, c == '\\') {
            (_, true) => match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            },
            (c, false) => out.push(c),
        }
    }
    out
}

/// Cleans and escapes `text`, handing the result to `sink` in pieces, each of which starts at an
/// escape boundary (so a folder may cut between pieces, and inside a piece where it does not
/// split an escape).
fn escape_pieces(text: &str, mut sink: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    // `run` is where the text not yet handed over starts; `i` scans ahead for a byte that needs
    // attention, skipping plain runs 16 bytes at a time.
    let mut run = 0;
    let mut i = 0;
    loop {
        i += plain_prefix(&bytes[i..]);
        let Some(&b) = bytes.get(i) else { break };
        let (replacement, len) = match b {
            b'\\' => ("\\\\", 1),
            b';' => ("\\;", 1),
            b',' => ("\\,", 1),
            b'\n' => ("\\n", 1),
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => ("\\n", 2),
            b'\r' => ("\\n", 1),
            b'\t' => (" ", 1),
            // A C1 control character (U+0080 to U+009F) is dropped; any other character starting
            // with 0xC2 is ordinary text.
            0xc2 if matches!(bytes.get(i + 1), Some(0x80..=0x9f)) => ("", 2),
            0xc2 => {
                i += 1;
                continue;
            }
            // U+2028 and U+2029, the Unicode line and paragraph separators, are line breaks
            // (khal's listing split on them); any other character starting with 0xE2 is text.
            0xe2 if bytes.get(i + 1) == Some(&0x80)
                && matches!(bytes.get(i + 2), Some(0xa8 | 0xa9)) =>
            {
                ("\\n", 3)
            }
            0xe2 => {
                i += 1;
                continue;
            }
            _ => ("", 1),
        };
        sink(&text[run..i]);
        sink(replacement);
        i += len;
        run = i;
    }
    sink(&text[run..]);
}

/// How many leading bytes of `bytes` need no escaping or cleaning. Long runs are checked 16
/// bytes at a time with a branch-free test the compiler vectorises; the rest, and short texts,
/// byte by byte through a table.
fn plain_prefix(bytes: &[u8]) -> usize {
    const fn special(b: u8) -> bool {
        (b < 0x20)
            | (b == b'\\')
            | (b == b';')
            | (b == b',')
            | (b == 0x7f)
            | (b == 0xc2)
            | (b == 0xe2)
    }
    const SPECIAL: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 256 {
            table[b] = special(b as u8);
            b += 1;
        }
        table
    };
    let mut n = 0;
    if bytes.len() >= 32 {
        for chunk in bytes.chunks_exact(16) {
            if chunk.iter().fold(0u8, |any, &b| any | u8::from(special(b))) != 0 {
                break;
            }
            n += 16;
        }
    }
    n + bytes[n..]
        .iter()
        .position(|&b| SPECIAL[usize::from(b)])
        .unwrap_or(bytes.len() - n)
}

impl Prop {
    /// Appends the property as a folded content line.
    fn encode_into(&self, out: &mut String) {
        // The name and parameter fit on the first line (the longest, a TZID, is under 50
        // octets), so they are copied without the folding checks.
        let start = out.len();
        out.push_str(self.name);
        if let Some((k, v)) = &self.param {
            out.push(';');
            out.push_str(k);
            out.push('=');
            out.push_str(v);
        }
        out.push(':');
        let mut line = Line {
            col: out.len() - start,
            out,
        };
        if line.col > lines::MAX_OCTETS {
            // Not with aftercare's own names; folded like any other text if it happens.
            let header = line.out.split_off(start);
            line.col = 0;
            line.push(&header);
        }
        match self.kind {
            Kind::Text => escape_pieces(&self.value, |piece| line.push(piece)),
            Kind::Raw | Kind::Escaped => line.push(&self.value),
        }
        out.push_str("\r\n");
    }
}

/// Where a calendar goes as it is made, component by component and in the order written:
/// straight to bytes ([`Encoder`], for batches: no tree is built) or into a [`Comp`] tree
/// ([`Builder`], for the icalendar crate). The same calls give the same bytes either way (a test
/// checks it).
pub trait Sink {
    /// Opens a component inside the open one.
    fn begin(&mut self, name: &'static str);
    /// Adds a property to the open component. The crate writes multi-properties
    /// (CATEGORIES) after the others, so they must come last.
    fn prop(&mut self, prop: Prop);
    /// Adds a finished component (a cached VTIMEZONE) inside the open one.
    fn comp(&mut self, comp: &Comp);
    /// Closes the open component.
    fn end(&mut self);
}

/// A [`Sink`] that encodes as it goes.
#[derive(Debug, Default)]
pub struct Encoder {
    out: String,
    open: Vec<&'static str>,
}

impl Encoder {
    /// An encoder with room for a typical calendar.
    pub fn new() -> Self {
        Encoder {
            // Most calendars are 20 to 40 KB.
            out: String::with_capacity(48 * 1024),
            open: Vec::new(),
        }
    }

    /// The encoded calendar.
    pub fn finish(self) -> String {
        self.out
    }
}

impl Sink for Encoder {
    fn begin(&mut self, name: &'static str) {
        self.out.push_str("BEGIN:");
        self.out.push_str(name);
        self.out.push_str("\r\n");
        self.open.push(name);
    }

    fn prop(&mut self, prop: Prop) {
        prop.encode_into(&mut self.out);
    }

    fn comp(&mut self, comp: &Comp) {
        comp.encode_into(&mut self.out);
    }

    fn end(&mut self) {
        if let Some(name) = self.open.pop() {
            self.out.push_str("END:");
            self.out.push_str(name);
            self.out.push_str("\r\n");
        }
    }
}

/// A [`Sink`] that builds a [`Comp`] tree.
#[cfg(any(test, feature = "oracle"))]
#[derive(Debug, Default)]
pub struct Builder {
    open: Vec<Comp>,
    done: Option<Comp>,
}

#[cfg(any(test, feature = "oracle"))]
impl Builder {
    /// The outermost component, once closed.
    pub fn finish(self) -> Option<Comp> {
        self.done
    }
}

#[cfg(any(test, feature = "oracle"))]
impl Sink for Builder {
    fn begin(&mut self, name: &'static str) {
        self.open.push(Comp {
            name,
            props: Vec::new(),
            children: Vec::new(),
        });
    }

    fn prop(&mut self, prop: Prop) {
        if let Some(comp) = self.open.last_mut() {
            comp.props.push(prop);
        }
    }

    fn comp(&mut self, comp: &Comp) {
        if let Some(parent) = self.open.last_mut() {
            parent.children.push(comp.clone());
        }
    }

    fn end(&mut self) {
        let Some(comp) = self.open.pop() else { return };
        match self.open.last_mut() {
            Some(parent) => parent.children.push(comp),
            None => self.done = Some(comp),
        }
    }
}

impl Comp {
    /// Encodes directly: content lines folded at 75 octets, CRLF. TEXT values are cleaned (as
    /// [`lines::clean_text`] does), escaped and folded in one pass as they are copied.
    pub fn encode(&self) -> String {
        let mut out = String::with_capacity(32 * 1024);
        self.encode_into(&mut out);
        out
    }

    /// [`Comp::encode`], appending to `out`.
    pub fn encode_into(&self, out: &mut String) {
        out.push_str("BEGIN:");
        out.push_str(self.name);
        out.push_str("\r\n");
        for p in self
            .props
            .iter()
            .filter(|p| !p.multi)
            .chain(self.props.iter().filter(|p| p.multi))
        {
            p.encode_into(out);
        }
        for c in &self.children {
            c.encode_into(out);
        }
        out.push_str("END:");
        out.push_str(self.name);
        out.push_str("\r\n");
    }
}

/// The test oracle: the same tree through the icalendar crate.
#[cfg(any(test, feature = "oracle"))]
impl Comp {
    /// Encodes through the icalendar crate (its builder and serialiser), then closes its gaps
    /// with `lines::normalise`.
    pub fn encode_with_crate(&self) -> String {
        let mut calendar = Calendar::empty();
        for p in &self.props {
            calendar.append_property(self::property(p));
        }
        for c in &self.children {
            calendar.push(c.to_crate());
        }
        lines::normalise(&calendar.to_string())
    }

    fn to_crate(&self) -> CalendarComponent {
        let mut component =
            CalendarComponent::from_str(&format!("BEGIN:{0}\r\nEND:{0}\r\n", self.name))
                .unwrap_or_else(|_| CalendarComponent::Other(Default::default()));
        match &mut component {
            CalendarComponent::Event(e) => self.fill(e),
            CalendarComponent::Other(o) => self.fill(o),
            _ => {}
        }
        component
    }

    fn fill(&self, target: &mut impl Component) {
        for p in &self.props {
            if p.multi {
                target.append_multi_property(property(p));
            } else {
                target.append_property(property(p));
            }
        }
        for c in &self.children {
            if let CalendarComponent::Other(child) = c.to_crate() {
                target.append_component(child);
            }
        }
    }
}

#[cfg(any(test, feature = "oracle"))]
/// The crate's property for `p`. The crate escapes the TEXT properties it knows; a TEXT value
/// it would write as given (RFC 7986 `NAME`, list properties) is escaped here.
fn property(p: &Prop) -> Property {
    let crate_escapes =
        !p.multi && Property::new(p.name, "").value_type() == Some(icalendar::ValueType::Text);
    let value = match (p.kind, crate_escapes) {
        (Kind::Text, true) => lines::clean_text(&p.value),
        (Kind::Text, false) => escaped(&p.value),
        (Kind::Escaped, true) => unescape(&p.value),
        (Kind::Raw | Kind::Escaped, _) => p.value.to_string(),
    };
    let mut property = Property::new(p.name, value);
    if let Some((k, v)) = &p.param {
        property.add_parameter(k, v.as_ref());
    }
    property.done()
}

/// One content line being written to the output: text is escaped and the line folded at
/// [`lines::MAX_OCTETS`] octets as it is appended, at the same places as [`lines::fold_into`]
/// (a test checks it): on UTF-8 boundaries, never inside an escape.
struct Line<'a> {
    out: &'a mut String,
    /// Octets on the current physical line.
    col: usize,
}

impl Line<'_> {
    /// Appends `s`, which starts at an escape boundary (it never begins with the second half of
    /// an escape), folding where the line is full.
    fn push(&mut self, mut s: &str) {
        while self.col + s.len() > lines::MAX_OCTETS {
            let mut cut = lines::MAX_OCTETS - self.col;
            while !s.is_char_boundary(cut) {
                cut -= 1;
            }
            if s.as_bytes()[..cut]
                .iter()
                .rev()
                .take_while(|b| **b == b'\\')
                .count()
                % 2
                == 1
            {
                cut -= 1;
            }
            self.out.push_str(&s[..cut]);
            self.out.push_str("\r\n ");
            // The continuation's leading space counts towards the line's octets.
            self.col = 1;
            s = &s[cut..];
        }
        self.out.push_str(s);
        self.col += s.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Property names of every length from 1 to 20, so that values start at every offset, and
    /// one longer than a line.
    const NAMES: [&str; 21] = [
        "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
        "X",
        "XX",
        "XXX",
        "XXXX",
        "XXXXX",
        "XXXXXX",
        "XXXXXXX",
        "XXXXXXXX",
        "XXXXXXXXX",
        "XXXXXXXXXX",
        "XXXXXXXXXXX",
        "XXXXXXXXXXXX",
        "XXXXXXXXXXXXX",
        "XXXXXXXXXXXXXX",
        "XXXXXXXXXXXXXXX",
        "XXXXXXXXXXXXXXXX",
        "XXXXXXXXXXXXXXXXX",
        "XXXXXXXXXXXXXXXXXX",
        "XXXXXXXXXXXXXXXXXXX",
        "XXXXXXXXXXXXXXXXXXXX",
    ];

    /// Text with what makes folding hard: multi-byte characters, escapes, runs of backslashes,
    /// line ends and control characters (C0, DEL, C1).
    fn awkward_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                "[a-z ]{1,20}",
                Just("é".to_string()),
                Just("€".to_string()),
                Just("😀".to_string()),
                Just("\\".to_string()),
                Just(",;".to_string()),
                Just("\r\n".to_string()),
                Just("\r".to_string()),
                Just("\n".to_string()),
                Just("\t".to_string()),
                Just("\u{7}\u{7f}\u{85}\u{a9}".to_string()),
            ],
            0..120,
        )
        .prop_map(|parts| parts.concat())
    }

    /// The reference: clean, escape, then fold the whole line at once.
    fn reference(name: &str, text: &str) -> String {
        let mut line = format!("{name}:");
        for c in lines::clean_text(text).chars() {
            match c {
                '\\' => line.push_str("\\\\"),
                ';' => line.push_str("\\;"),
                ',' => line.push_str("\\,"),
                '\n' => line.push_str("\\n"),
                c => line.push(c),
            }
        }
        let mut out = String::new();
        lines::fold_into(&line, &mut out);
        out
    }

    fn encoded_property(prop: Prop) -> String {
        let comp = Comp {
            name: "X",
            props: vec![prop],
            children: Vec::new(),
        };
        let out = comp.encode();
        out["BEGIN:X\r\n".len()..out.len() - "END:X\r\n".len()].to_string()
    }

    proptest! {
        #[test]
        fn streaming_encoder_folds_where_the_reference_does(
            name in 0..NAMES.len(),
            text in awkward_text(),
        ) {
            let name = NAMES[name];
            let expected = reference(name, &text);
            prop_assert_eq!(encoded_property(Prop::text(name, text.clone())), expected.clone());
            prop_assert_eq!(encoded_property(Prop::escaped(name, escaped(&text))), expected);
        }

        #[test]
        fn unescape_reverses_escape(text in awkward_text()) {
            prop_assert_eq!(unescape(&escaped(&text)), lines::clean_text(&text));
        }
    }
}
