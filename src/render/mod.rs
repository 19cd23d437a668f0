//! Plans → what people read: [`text`] (the terminal), [`html`] (the e-mail's HTML part) and
//! [`ics`] (RFC 5545 calendars). JSON is `serde`'s, with the model's own field names.

pub mod html;
pub mod ics;
pub mod text;

use chrono::DateTime;

use crate::model::{Plan, Warnings};
use crate::tz::Zone;

// What the renderers share: the restriction list and the warning signs, worded once.

/// One line per restriction window: until when, what, and its sources.
pub(crate) fn restriction_list(plan: &Plan, when: impl Fn(DateTime<Zone>) -> String) -> String {
    let width = plan
        .windows
        .iter()
        .map(|w| w.title.len())
        .max()
        .unwrap_or(0);
    let mut windows: Vec<_> = plan.windows.iter().collect();
    windows.sort_by_key(|w| w.end); // stable: protocol order within the same end
    // Built without `format!` (its padding showed in batch profiles): this is part of every
    // calendar of a batch.
    let mut out = String::with_capacity(windows.len() * (width + 48));
    for (i, w) in windows.into_iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("  until ");
        out.push_str(&when(w.end));
        out.push_str("  ");
        out.push_str(&w.title);
        // Padded like `{:width$}`, which counts characters.
        out.extend(std::iter::repeat_n(
            ' ',
            width.saturating_sub(w.title.chars().count()),
        ));
        out.push_str("  [");
        out.push_str(&w.source.join(", "));
        out.push(']');
    }
    out
}

/// The warning signs as a block of text, emergency first.
pub fn warning_signs(w: &Warnings) -> String {
    let mut out = String::from("Warning signs:");
    if !w.first.is_empty() {
        out.push_str(&format!(
            "\n- First, for your treated area: {}.",
            w.first.join("; ")
        ));
    }
    for (label, items) in [
        ("Get help now (emergency)", &w.emergency),
        ("Contact your provider promptly", &w.provider),
        ("Call your provider", &w.routine),
    ] {
        if !items.is_empty() {
            out.push_str(&format!("\n- {label}: {}.", items.join("; ")));
        }
    }
    if let Some(note) = &w.note {
        out.push_str(&format!("\n{note}"));
    }
    out
}
