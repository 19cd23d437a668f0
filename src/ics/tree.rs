//! A calendar as a tree of components and properties, in the order they are written, with two
//! encoders: through the `icalendar` crate (the reference, used by the interactive commands)
//! and direct (used by batches, where the crate's builder is the bottleneck). A test checks
//! that both give the same bytes.

use std::str::FromStr;

use icalendar::{Calendar, CalendarComponent, Component, Property};

use super::lines;

/// One property: name, at most one parameter, value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prop {
    /// Property name.
    pub name: &'static str,
    /// One parameter (`TZID=...`, `RELATED=START`).
    pub param: Option<(&'static str, String)>,
    /// The value, not yet escaped when `text`.
    pub value: String,
    /// A TEXT value, escaped when written.
    pub text: bool,
    /// Written after the single-valued properties (the crate's multi-properties: CATEGORIES).
    pub multi: bool,
}

impl Prop {
    /// A TEXT property (escaped when written).
    pub fn text(name: &'static str, value: impl Into<String>) -> Self {
        Prop {
            name,
            param: None,
            value: value.into(),
            text: true,
            multi: false,
        }
    }

    /// A property whose value is written as is (dates, durations, RRULE, addresses).
    pub fn raw(name: &'static str, value: impl Into<String>) -> Self {
        Prop {
            name,
            param: None,
            value: value.into(),
            text: false,
            multi: false,
        }
    }

    /// With one parameter.
    pub fn with(mut self, key: &'static str, value: impl Into<String>) -> Self {
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

/// RFC 5545 TEXT escaping (§3.3.11); the text is already free of CR (see
/// [`lines::clean_text`]).
pub fn escape_into(text: &str, out: &mut String) {
    // Copy runs of ordinary text at once (vectorised search for the next special byte); only
    // the four special characters are rewritten.
    out.reserve(text.len() + text.len() / 16);
    let bytes = text.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        let next = [
            memchr::memchr3(b'\\', b';', b',', &bytes[start..]),
            memchr::memchr(b'\n', &bytes[start..]),
        ]
        .into_iter()
        .flatten()
        .min();
        let Some(offset) = next else { break };
        let i = start + offset;
        out.push_str(&text[start..i]);
        out.push_str(match bytes[i] {
            b'\\' => "\\\\",
            b';' => "\\;",
            b',' => "\\,",
            _ => "\\n",
        });
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

impl Comp {
    /// Encodes directly: content lines folded at 75 octets, CRLF.
    pub fn encode(&self) -> String {
        let mut out = String::with_capacity(16 * 1024);
        self.encode_into(&mut out, &mut String::with_capacity(4096));
        out
    }

    fn encode_into(&self, out: &mut String, line: &mut String) {
        out.push_str("BEGIN:");
        out.push_str(self.name);
        out.push_str("\r\n");
        for p in self
            .props
            .iter()
            .filter(|p| !p.multi)
            .chain(self.props.iter().filter(|p| p.multi))
        {
            line.clear();
            line.push_str(p.name);
            if let Some((k, v)) = &p.param {
                line.push(';');
                line.push_str(k);
                line.push('=');
                line.push_str(v);
            }
            line.push(':');
            if p.text {
                escape_into(&p.value, line);
            } else {
                line.push_str(&p.value);
            }
            lines::fold_into(line, out);
        }
        for c in &self.children {
            c.encode_into(out, line);
        }
        out.push_str("END:");
        out.push_str(self.name);
        out.push_str("\r\n");
    }

    /// Encodes through the icalendar crate (its builder and serialiser), then closes its gaps
    /// with [`lines::normalise`].
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

/// The crate's property for `p`. The crate escapes the TEXT properties it knows; a TEXT value
/// it would write as given (RFC 7986 `NAME`, list properties) is escaped here.
fn property(p: &Prop) -> Property {
    let crate_escapes =
        !p.multi && Property::new(p.name, "").value_type() == Some(icalendar::ValueType::Text);
    let value = if p.text && !crate_escapes {
        let mut v = String::new();
        escape_into(&p.value, &mut v);
        v
    } else {
        p.value.clone()
    };
    let mut property = Property::new(p.name, value);
    if let Some((k, v)) = &p.param {
        property.add_parameter(k, v);
    }
    property.done()
}
