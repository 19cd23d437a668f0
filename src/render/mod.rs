//! Plans → what people read: [`text`] (the terminal), [`html`] (the e-mail's HTML part) and
//! [`ics`] (RFC 5545 calendars). JSON is `serde`'s, with the model's own field names.

pub mod days;
pub mod html;
pub mod ics;
pub mod text;
pub mod timeline;

use chrono::DateTime;

use crate::i18n::Lang;
use crate::model::{Clinic, Plan, Warnings};
use crate::tz::Zone;
use crate::units::fill;

// What the renderers share: the restriction list and the warning signs, worded once.

/// One line per restriction window: until when, what, and its sources.
pub(crate) fn restriction_list(plan: &Plan, when: impl Fn(DateTime<Zone>) -> String) -> String {
    let mut windows: Vec<_> = plan.windows.iter().collect();
    windows.sort_by_key(|w| w.end); // stable: protocol order within the same end
    let mut out = String::with_capacity(windows.len() * 48);
    for (i, w) in windows.into_iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("  ");
        let end = when(w.end);
        out.push_str(
            &plan
                .lang
                .tr("text-restriction", &[("when", &end), ("title", &w.title)]),
        );
    }
    out
}

/// The emergency number the warning signs give: the clinic profile's own, else the plan's
/// (fixed by the protocol or found from the plan's time zone), else the default of
/// [`crate::input::emergency`].
pub fn emergency_number<'a>(w: &'a Warnings, clinic: Option<&'a Clinic>) -> &'a str {
    clinic
        .and_then(|c| c.emergency.as_deref())
        .or(w.number.as_deref())
        .unwrap_or_else(|| crate::input::emergency::number_for_country(None))
}

/// The warning signs in groups, each with its heading (an instruction: "Call 999 now (or go to
/// the nearest emergency department) if you have"), in the order every renderer says them: the
/// treated area's own first, then the emergency, the same day, routine; empty groups left out.
/// `{number}` in a heading or a sign (an area's own: "trouble swallowing or breathing: call
/// {number} now") is the emergency number.
pub fn warning_groups(w: &Warnings, clinic: Option<&Clinic>) -> Vec<(String, Vec<String>)> {
    let number = emergency_number(w, clinic);
    let filled = |text: &String| fill(text, &[("number", number)]);
    [
        (&w.first_heading, &w.first),
        (&w.emergency_heading, &w.emergency),
        (&w.same_day_heading, &w.same_day),
        (&w.routine_heading, &w.routine),
    ]
    .into_iter()
    .filter(|(_, items)| !items.is_empty())
    .map(|(heading, items)| (filled(heading), items.iter().map(filled).collect()))
    .collect()
}

/// The warning signs as a block of text, emergency first.
pub fn warning_signs(w: &Warnings, clinic: Option<&Clinic>, lang: Lang) -> String {
    let mut out = lang.tr("warnings-heading", &[]);
    for (heading, items) in warning_groups(w, clinic) {
        let items = items.join(lang.separator());
        out.push_str("\n- ");
        out.push_str(&lang.tr(
            "warnings-group",
            &[("heading", &heading), ("signs", &items)],
        ));
    }
    if let Some(note) = &w.note {
        out.push_str(&format!("\n{note}"));
    }
    out
}

/// The one line that stands for the warning signs where the whole list would be too much (a
/// check-in, the follow-up): "Trouble breathing, swallowing or speaking? Call 112 now. The
/// other warning signs are in your appointment's event in this calendar."
pub fn warning_pointer(w: &Warnings, clinic: Option<&Clinic>) -> String {
    fill(&w.pointer, &[("number", emergency_number(w, clinic))])
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
    let mut out = plan.lang.tr("provenance", &[("protocol", &plan.protocol)]);
    for text in cited.iter().filter_map(|letter| plan.sources.get(*letter)) {
        out.push_str("\n- ");
        out.push_str(text);
    }
    out
}

/// What a message says of the calendar it carries: with a page, where to subscribe to it.
pub fn calendar_line(page: Option<&str>, lang: Lang) -> String {
    match page {
        Some(_) => lang.tr("mail-calendar-feed", &[]),
        None => lang.tr("mail-calendar", &[]),
    }
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
