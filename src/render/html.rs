//! The plan as a small, self-contained HTML page (the e-mail's HTML part): the timeline picture
//! (see [`crate::render::timeline`]), what to avoid until when, what to do instead of each usual
//! workout, and the warning signs. Every piece of text is escaped.

use crate::model::{Clinic, Outcome, Plan};
use crate::units::week::TimeStyle;

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Renders the plan: everything the plain-text part says. `procedure` names the treatment
/// (`None`: discreet); `greeting` is the patient's name, if known; `clinic` adds its intro,
/// contact and sign-off; `style` is the reader's clock and date order.
pub fn render(
    plan: &Plan,
    procedure: Option<&str>,
    greeting: Option<&str>,
    clinic: Option<&Clinic>,
    style: TimeStyle,
) -> String {
    let e = escape;
    let year = chrono::Datelike::year(&plan.appointment.start.naive_local());
    let short_when = |t| style.when(t, year);
    let a = &plan.appointment;
    let mut h = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Your aftercare plan</title>\n</head>\n\
         <body style=\"font-family: sans-serif; line-height: 1.45; max-width: 42em; margin: 1em auto; padding: 0 1em;\">\n",
    );
    if let Some(name) = greeting {
        h.push_str(&format!("<p>Hello {},</p>\n", e(name)));
    }
    if let Some(intro) = clinic.and_then(|c| c.intro.as_deref()) {
        h.push_str(&format!("<p>{}</p>\n", e(intro)));
    }
    h.push_str(&format!(
        "<h1>Your aftercare plan</h1>\n<p>{} on {} ({}). The calendar attached to this message holds every step: import it into your calendar app.</p>\n",
        e(&procedure.map_or("Your appointment".to_string(), |p| format!("Your {p} appointment"))),
        e(&format!(
            "{}, {}",
            style.dated(a.start.date_naive()),
            style.clock(a.start.time())
        )),
        e(a.tz.name())
    ));
    for note in &plan.notes {
        h.push_str(&format!("<p><em>{}</em></p>\n", e(note)));
    }
    // The timeline picture, as on the web page (clients that do not show inline SVG show the
    // same content as text below).
    h.push_str(&crate::render::timeline::render(plan, None, style));
    h.push('\n');
    h.push_str("<h2>What to avoid, and until when</h2>\n<table cellpadding=\"4\">\n");
    let mut windows: Vec<_> = plan.windows.iter().collect();
    windows.sort_by_key(|w| w.end);
    for w in windows {
        h.push_str(&format!(
            "<tr><td><strong>{}</strong></td><td>until {}</td><td>{}</td></tr>\n",
            e(&crate::units::capitalise(&w.title)),
            e(&short_when(w.end)),
            e(&w.avoid)
        ));
    }
    h.push_str("</table>\n<h2>Getting back to exercise</h2>\n<ul>\n");
    for s in &plan.stages {
        h.push_str(&format!(
            "<li><strong>From {}: {}.</strong> {}</li>\n",
            e(&short_when(s.start)),
            e(&s.title),
            e(&s.advice)
        ));
    }
    h.push_str("</ul>\n");
    if !plan.sessions.is_empty() {
        h.push_str("<h2>Your usual workouts until then</h2>\n<ul>\n");
        for s in &plan.sessions {
            let what = match s.outcome {
                Outcome::Keep => "fine as usual".to_string(),
                _ => s.substitute.clone(),
            };
            h.push_str(&format!(
                "<li>{}: {} ({} min) &rarr; {}</li>\n",
                e(&short_when(s.start)),
                e(&s.name),
                s.minutes,
                e(&what)
            ));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("<h2>Reminders and check-ins</h2>\n<ul>\n");
    for r in &plan.reminders {
        h.push_str(&format!(
            "<li><strong>{}: {}.</strong> {}</li>\n",
            e(&short_when(r.at)),
            e(&r.title),
            e(&r.text)
        ));
    }
    h.push_str("</ul>\n<h2>Warning signs</h2>\n<ul>\n");
    let w = &plan.warnings;
    for (label, items) in crate::render::warning_groups(w, clinic) {
        h.push_str(&format!(
            "<li><strong>{}:</strong> {}.</li>\n",
            e(&label),
            e(&items.join("; "))
        ));
    }
    h.push_str("</ul>\n");
    if let Some(note) = &w.note {
        h.push_str(&format!("<p>{}</p>\n", e(note)));
    }
    if let Some(clinic) = clinic {
        h.push_str(&format!(
            "<p><strong>{}</strong></p>\n",
            e(&clinic.contact_line())
        ));
    }
    h.push_str(&format!(
        "<p><em>{}</em></p>\n<p><small>{}</small></p>\n",
        e(&plan.guidance),
        e(&crate::render::provenance(plan)).replace('\n', "<br>\n")
    ));
    if let Some(sign_off) = clinic.and_then(|c| c.sign_off.as_deref()) {
        h.push_str(&format!("<p>{}</p>\n", e(sign_off)));
    }
    h.push_str("</body>\n</html>\n");
    h
}
