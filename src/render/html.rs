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

/// The e-mail's HTML part (`src/render/templates/mail.html`): every text in the plan's
/// language, escaped by the template but for the warning signs and the clinic's line, which
/// are escaped here before their phone numbers become links.
#[derive(askama::Template)]
#[template(path = "mail.html", config = "src/render/templates/askama.toml")]
struct Mail {
    lang: &'static str,
    title: String,
    hello: Option<String>,
    intro: Option<String>,
    visit: String,
    calendar: String,
    page: Option<String>,
    page_label: String,
    notes: Vec<String>,
    restrictions_heading: String,
    restrictions: Vec<Restriction>,
    stages_heading: String,
    /// "From …: title." and the stage's advice.
    stages: Vec<(String, String)>,
    sessions_heading: String,
    sessions: Vec<SessionLine>,
    reminders_heading: String,
    reminders: Vec<ReminderLine>,
    warnings_heading: String,
    /// Each group's heading and its signs, as HTML (escaped, numbers linked).
    warnings: Vec<(String, String)>,
    warnings_note: Option<String>,
    /// The clinic's line, as HTML (escaped, numbers and website linked).
    contact: Option<String>,
    guidance: String,
    provenance: Vec<String>,
    sign_off: Option<String>,
}

/// A restriction's row: its bar starts `lead` % of the way along and is `length` % long.
struct Restriction {
    title: String,
    until: String,
    avoid: String,
    lead: i64,
    length: i64,
}

struct SessionLine {
    when: String,
    name: String,
    minutes: u32,
    what: String,
}

struct ReminderLine {
    when: String,
    title: String,
    text: String,
}

/// Renders the plan: everything the plain-text part says, for mail clients: tables and inline
/// styles only (webmail strips inline SVG and style sheets), the clinic's phone numbers and
/// website as links.
pub fn render(plan: &Plan, reader: &Reader<'_>) -> String {
    use askama::Template;
    let lang = plan.lang;
    let t = |id: &str| lang.tr(id, &[]);
    let style = reader.style.with_lang(lang);
    let clinic = reader.clinic;
    let year = chrono::Datelike::year(&plan.appointment.start.naive_local());
    let short_when = |t| style.when(t, year);
    let a = &plan.appointment;
    let kind = if a.touch_up {
        "touch-up"
    } else {
        "appointment"
    };
    let visit = match reader.procedure {
        Some(p) => lang.tr("html-visit-of", &[("procedure", p), ("kind", kind)]),
        None => lang.tr("html-visit", &[("kind", kind)]),
    };
    let when = lang.tr(
        "html-date-time",
        &[
            ("date", &style.dated(a.start.date_naive())),
            ("time", &style.clock(a.start.time())),
        ],
    );
    let mut windows: Vec<_> = plan.windows.iter().collect();
    windows.sort_by_key(|w| w.end);
    let from = a.end;
    let span = windows
        .iter()
        .map(|w| (w.end - from).num_minutes())
        .max()
        .unwrap_or(1)
        .max(1);
    let restrictions = windows
        .into_iter()
        .map(|w| {
            let lead = (w.start - from).num_minutes().clamp(0, span) * 100 / span;
            Restriction {
                title: crate::units::capitalise(&w.title),
                until: lang.tr("html-until", &[("when", &short_when(w.end))]),
                avoid: w.avoid.clone(),
                lead,
                length: ((w.end - w.start).num_minutes() * 100 / span)
                    .clamp(1, (100 - lead).max(1)),
            }
        })
        .collect();
    let stages = plan
        .stages
        .iter()
        .map(|s| {
            let from = lang.tr(
                "html-stage",
                &[("when", &short_when(s.start)), ("title", &s.title)],
            );
            (from, s.advice.clone())
        })
        .collect();
    let sessions = plan
        .sessions
        .iter()
        .map(|s| SessionLine {
            when: short_when(s.start),
            name: s.name.clone(),
            minutes: s.minutes,
            what: match s.outcome {
                Outcome::Keep => t("session-keep"),
                _ => s.substitute.clone(),
            },
        })
        .collect();
    let reminders = plan
        .reminders
        .iter()
        .map(|r| ReminderLine {
            when: short_when(r.at),
            title: r.title.clone(),
            text: r.text.clone(),
        })
        .collect();
    let w = &plan.warnings;
    let number = crate::render::emergency_number(w, clinic);
    let warnings = crate::render::warning_groups(w, clinic)
        .into_iter()
        .map(|(label, items)| {
            (
                dial(&escape(&label), number, NO_BREAK),
                dial(&escape(&items.join(lang.separator())), number, NO_BREAK),
            )
        })
        .collect();
    let mail = Mail {
        lang: lang.tag(),
        title: t("html-title"),
        hello: reader
            .greeting
            .map(|name| lang.tr("mail-hello", &[("name", name)])),
        intro: clinic.and_then(|c| c.intro.clone()),
        visit: lang.tr(
            "html-visit-on",
            &[("visit", &visit), ("when", &when), ("zone", a.tz.name())],
        ),
        calendar: crate::render::calendar_line(reader.page, lang),
        page: reader.page.map(str::to_string),
        page_label: t("page-link"),
        notes: plan.notes.clone(),
        restrictions_heading: t("html-restrictions"),
        restrictions,
        stages_heading: t("html-stages"),
        stages,
        sessions_heading: t("html-sessions"),
        sessions,
        reminders_heading: t("html-reminders"),
        reminders,
        warnings_heading: t("html-warnings"),
        warnings,
        warnings_note: w.note.clone(),
        contact: clinic.map(|c| contact(c, NO_BREAK, lang)),
        guidance: plan.guidance.clone(),
        provenance: crate::render::provenance(plan)
            .lines()
            .map(str::to_string)
            .collect(),
        sign_off: clinic.and_then(|c| c.sign_off.clone()),
    };
    // The template's fields are all strings and numbers: rendering cannot fail.
    let mut html = mail.render().unwrap_or_default();
    html.push('\n');
    html
}

/// The clinic's contact line as HTML: its phone numbers `tel:` links (with `attrs`, see
/// [`dial`]), its website a link.
pub fn contact(clinic: &Clinic, attrs: &str, lang: crate::i18n::Lang) -> String {
    let mut h = escape(&clinic.contact_line(lang));
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
