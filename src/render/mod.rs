//! Plans → what people read: [`text`] (the terminal), [`html`] (the e-mail's HTML part) and
//! [`ics`] (RFC 5545 calendars). JSON is `serde`'s, with the model's own field names.

pub mod days;
pub mod html;
pub mod ics;
pub mod text;
pub mod timeline;

use chrono::DateTime;

use crate::model::{Plan, Warnings};
use crate::tz::Zone;

// What the renderers share: the restriction list and the warning signs, worded once.

/// One line per restriction window: until when, what, and its sources.
pub(crate) fn restriction_list(plan: &Plan, when: impl Fn(DateTime<Zone>) -> String) -> String {
    let mut windows: Vec<_> = plan.windows.iter().collect();
    windows.sort_by_key(|w| w.end); // stable: protocol order within the same end
    // Built without `format!`: this is part of every calendar of a batch.
    let mut out = String::with_capacity(windows.len() * 48);
    for (i, w) in windows.into_iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("  until ");
        out.push_str(&when(w.end));
        out.push_str("  ");
        out.push_str(&w.title);
    }
    out
}

/// The warning signs in groups, each with its heading, in the order every renderer says them
/// (the treated area's own first, then emergency, then the provider); empty groups left out.
pub fn warning_groups(w: &Warnings) -> Vec<(&'static str, &[String])> {
    [
        ("First, for your treated area", &w.first),
        ("Get help now (emergency)", &w.emergency),
        ("Contact your provider promptly", &w.provider),
        ("Call your provider", &w.routine),
    ]
    .into_iter()
    .filter(|(_, items)| !items.is_empty())
    .map(|(label, items)| (label, items.as_slice()))
    .collect()
}

/// The warning signs as a block of text, emergency first.
pub fn warning_signs(w: &Warnings) -> String {
    let mut out = String::from("Warning signs:");
    for (label, items) in warning_groups(w) {
        out.push_str(&format!("\n- {label}: {}.", items.join("; ")));
    }
    if let Some(note) = &w.note {
        out.push_str(&format!("\n{note}"));
    }
    out
}

/// Where the plan's advice comes from, said once to the patient: the protocol's name and the
/// sources its rules, stages and reminders cite (their fact ids stay in the JSON and in
/// `aftercare protocol`, for providers).
pub fn provenance(plan: &Plan) -> String {
    let cited: std::collections::BTreeSet<&str> = plan
        .windows
        .iter()
        .flat_map(|w| &w.source)
        .chain(plan.stages.iter().flat_map(|s| &s.source))
        .chain(plan.reminders.iter().flat_map(|r| &r.source))
        .chain(&plan.warnings.source)
        // `A1` cites source `A`.
        .map(|id| id.trim_end_matches(|c: char| c.is_ascii_digit()))
        .collect();
    let mut out = format!("Where this advice comes from: {}, based on:", plan.protocol);
    for text in cited.iter().filter_map(|letter| plan.sources.get(*letter)) {
        out.push_str("\n- ");
        out.push_str(text);
    }
    out
}

/// The longest title a phone's agenda shows in full, in characters.
pub const TITLE_CHARS: usize = 40;

/// `title` cut to [`TITLE_CHARS`] at a word boundary, with "…" when cut.
pub fn fit(title: &str) -> String {
    if title.chars().count() <= TITLE_CHARS {
        return title.to_string();
    }
    let cut: String = title.chars().take(TITLE_CHARS - 1).collect();
    let at_word = match cut.rfind(' ') {
        Some(space) if space > TITLE_CHARS / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", at_word.trim_end_matches([' ', ',', ':', ';', '·']))
}
