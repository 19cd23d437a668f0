//! The plan as a small, self-contained HTML page (the e-mail's HTML part): the link to the
//! plan's page, what to avoid until when (a table with a bar for each, the timeline as mail
//! clients show it), what to do instead of each usual workout, and the warning signs. Every
//! piece of text is escaped.

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

/// Who reads the e-mail's HTML part and what it may link to.
pub struct Reader<'a> {
    /// The treatment's name (`None`: discreet).
    pub procedure: Option<&'a str>,
    /// The patient's name, if known.
    pub greeting: Option<&'a str>,
    /// The clinic: its intro, contact (linked) and sign-off.
    pub clinic: Option<&'a Clinic>,
    /// The plan's page, when a server keeps the plan.
    pub page: Option<&'a str>,
    /// The reader's clock and date order.
    pub style: TimeStyle,
}

/// A message's phone links keep their number on one line.
const NO_BREAK: &str = " style=\"white-space: nowrap;\"";

/// The bar colour of a restriction (the web timeline's).
const BAR: &str = "#b3261e";

/// Renders the plan: everything the plain-text part says, for mail clients: tables and inline
/// styles only (webmail strips inline SVG and style sheets), the clinic's phone numbers and
/// website as links.
pub fn render(plan: &Plan, reader: &Reader<'_>) -> String {
    let e = escape;
    let style = reader.style;
    let clinic = reader.clinic;
    let year = chrono::Datelike::year(&plan.appointment.start.naive_local());
    let short_when = |t| style.when(t, year);
    let a = &plan.appointment;
    let mut h = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Your aftercare plan</title>\n</head>\n\
         <body style=\"font-family: sans-serif; line-height: 1.45; max-width: 42em; margin: 1em auto; padding: 0 1em;\">\n",
    );
    if let Some(name) = reader.greeting {
        h.push_str(&format!("<p>Hello {},</p>\n", e(name)));
    }
    if let Some(intro) = clinic.and_then(|c| c.intro.as_deref()) {
        h.push_str(&format!("<p>{}</p>\n", e(intro)));
    }
    h.push_str(&format!(
        "<h1>Your aftercare plan</h1>\n<p>{} on {} ({}). {}</p>\n",
        e(&reader
            .procedure
            .map_or("Your appointment".to_string(), |p| format!(
                "Your {p} appointment"
            ))),
        e(&format!(
            "{}, {}",
            style.dated(a.start.date_naive()),
            style.clock(a.start.time())
        )),
        e(a.tz.name()),
        e(crate::render::calendar_line(reader.page))
    ));
    if let Some(page) = reader.page {
        h.push_str(&format!(
            "<p>{}<br><a href=\"{page}\">{page}</a></p>\n",
            e(crate::render::PAGE_LINK),
            page = e(page)
        ));
    }
    for note in &plan.notes {
        h.push_str(&format!("<p><em>{}</em></p>\n", e(note)));
    }
    // The timeline as a table: each restriction with its end, and a bar from the end of the
    // appointment to it, on one scale (the longest restriction is the whole width).
    h.push_str("<h2>What to avoid, and until when</h2>\n<table role=\"presentation\" width=\"100%\" cellpadding=\"4\" cellspacing=\"0\">\n");
    let mut windows: Vec<_> = plan.windows.iter().collect();
    windows.sort_by_key(|w| w.end);
    let from = a.end;
    let span = windows
        .iter()
        .map(|w| (w.end - from).num_minutes())
        .max()
        .unwrap_or(1)
        .max(1);
    for w in windows {
        let lead = (w.start - from).num_minutes().clamp(0, span) * 100 / span;
        let length = ((w.end - w.start).num_minutes() * 100 / span).clamp(1, (100 - lead).max(1));
        h.push_str(&format!(
            "<tr><td><strong>{}</strong></td><td align=\"right\" style=\"white-space: nowrap;\">until {}</td></tr>\n\
             <tr><td colspan=\"2\" style=\"padding-top: 0;\">{}<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\"><tr>{}<td width=\"{length}%\" bgcolor=\"{BAR}\" style=\"background: {BAR}; height: 6px; font-size: 0; line-height: 0;\">&nbsp;</td><td></td></tr></table></td></tr>\n",
            e(&crate::units::capitalise(&w.title)),
            e(&short_when(w.end)),
            e(&w.avoid),
            if lead > 0 {
                format!("<td width=\"{lead}%\"></td>")
            } else {
                String::new()
            }
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
    let number = crate::render::emergency_number(w, clinic);
    for (label, items) in crate::render::warning_groups(w, clinic) {
        h.push_str(&format!(
            "<li><strong>{}:</strong> {}.</li>\n",
            dial(&e(&label), number, NO_BREAK),
            dial(&e(&items.join("; ")), number, NO_BREAK)
        ));
    }
    h.push_str("</ul>\n");
    if let Some(note) = &w.note {
        h.push_str(&format!("<p>{}</p>\n", e(note)));
    }
    if let Some(clinic) = clinic {
        h.push_str(&format!(
            "<p><strong>{}</strong></p>\n",
            contact(clinic, NO_BREAK)
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

/// The clinic's contact line as HTML: its phone numbers `tel:` links (with `attrs`, see
/// [`dial`]), its website a link.
pub fn contact(clinic: &Clinic, attrs: &str) -> String {
    let mut h = escape(&clinic.contact_line());
    for number in [&clinic.phone, &clinic.after_hours].into_iter().flatten() {
        h = dial(&h, number, attrs);
    }
    if let Some(site) = clinic
        .website
        .as_deref()
        .filter(|s| s.starts_with("https://") || s.starts_with("http://"))
    {
        let shown = escape(site);
        h = h.replacen(&shown, &format!("<a href=\"{shown}\">{shown}</a>"), 1);
    }
    h
}

/// `html` with each whole occurrence of the phone `number` in its text (not in a tag, not in a
/// link already, not inside a longer number) a `tel:` link, so a phone dials it with a tap.
/// `attrs` go into each link (a message's inline style; the web page's come from its
/// stylesheet).
pub fn dial(html: &str, number: &str, attrs: &str) -> String {
    let tel: String = number
        .trim()
        .chars()
        .enumerate()
        .filter(|(i, c)| c.is_ascii_digit() || (*i == 0 && *c == '+'))
        .map(|(_, c)| c)
        .collect();
    let shown = escape(number.trim());
    if !tel.chars().any(|c| c.is_ascii_digit()) {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 32);
    let mut in_link = false;
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            let tag = &rest[..end];
            if tag.starts_with("<a ") {
                in_link = true;
            } else if tag == "</a>" {
                in_link = false;
            }
            out.push_str(tag);
            rest = &rest[end..];
        } else if !in_link
            && rest.starts_with(&shown)
            && !out.ends_with(|c: char| c.is_ascii_digit())
            && !rest[shown.len()..].starts_with(|c: char| c.is_ascii_digit())
        {
            out.push_str(&format!("<a href=\"tel:{tel}\"{attrs}>{shown}</a>"));
            rest = &rest[shown.len()..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_become_links_once_and_whole() {
        assert_eq!(
            dial("Call 112 now, not 1120.", "112", ""),
            "Call <a href=\"tel:112\">112</a> now, not 1120."
        );
        let once = dial("Call 999 now", "999", "");
        assert_eq!(dial(&once, "999", ""), once, "a link is not linked again");
        assert_eq!(
            dial("Ring +44 20 7946 0000.", "+44 20 7946 0000", " class=\"x\""),
            "Ring <a href=\"tel:+442079460000\" class=\"x\">+44 20 7946 0000</a>."
        );
        assert_eq!(dial("No number.", "ask us", ""), "No number.");
    }
}
