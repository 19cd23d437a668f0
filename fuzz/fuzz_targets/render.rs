//! Any text in any field a person or a provider controls goes through the encoder: the result
//! is a well-formed calendar, and every title and text reads back as it was given (cleaned of
//! control characters, on one line for titles).
#![no_main]

use aftercare::model::Routine;
use aftercare::model::Protocol;
use aftercare_fuzz::{plan_and_check, text};
use icalendar::{CalendarComponent, Component};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = text(data) else { return };
    // Three texts separated by NUL: a workout name, a rule title, a rule's advice.
    let mut parts = text.splitn(3, '\0');
    let (name, title, avoid) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or("x"),
        parts.next().unwrap_or("x"),
    );
    let toml_string = |s: &str| {
        let escaped: String = s.chars().flat_map(char::escape_default).collect();
        format!("\"{escaped}\"")
    };
    let protocol_text = format!(
        "[[rule]]\nid = \"heat\"\ntitle = {}\navoid = {}\n",
        toml_string(title),
        toml_string(avoid)
    );
    let Ok(protocol) =
        Protocol::builtin().with_override(&protocol_text, std::path::Path::new("p.toml"))
    else {
        return;
    };
    let habits = format!(
        "[[workout]]\nname = {}\nactivity = \"hiit\"\ndays = \"daily\"\nat = \"07:00\"\nminutes = 45\n",
        toml_string(name)
    );
    let Ok(routine) = Routine::parse(&habits, std::path::Path::new("h.toml")) else {
        return;
    };
    let (_, calendar) = plan_and_check(&routine, &protocol);
    for c in &calendar.components {
        if let CalendarComponent::Event(e) = c {
            let summary = e.get_summary().unwrap_or_default();
            assert!(
                !summary.contains('\n') && !summary.contains('\r'),
                "{summary:?}"
            );
        }
    }
});
