//! The HTML pages: the form, the plan, the handout, and the small pages around them. Rendered
//! on the server, working without script (the one script only preselects the browser's zone
//! and copies a link), every typed text escaped.

use std::collections::HashMap;
use std::fmt::Write;
use std::path::Path as FsPath;
use std::sync::Arc;

use axum::extract::rejection::FormRejection;
use axum::extract::{Form, Multipart, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};

use super::plans::Loaded;
use super::{App, ServeError};
use crate::input::request::PlanRequest;
use crate::model::protocol::ReminderKind;
use crate::model::{Clinic, Outcome, Routine};
use crate::render::days::{Kind, day_label, days};
use crate::render::html::escape as e;
use crate::render::timeline;

/// How many routine rows the form offers (empty rows are ignored).
const ROWS: usize = 5;
const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// A whole page: the clinic's logo (when `logo`) and name on top, `body`, the stylesheet and
/// the script.
pub(crate) fn layout(title: &str, body: &str, clinic: Option<&Clinic>, logo: bool) -> String {
    let brand = clinic.map_or("aftercare".to_string(), |c| c.name.clone());
    let brand = if logo {
        format!("<img class=\"logo\" src=\"/logo\" alt=\"\"> {}", e(&brand))
    } else {
        e(&brand)
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n<title>{}</title>\n\
         <link rel=\"stylesheet\" href=\"/static/app.css\">\n\
         <script src=\"/static/app.js\" defer></script>\n</head>\n<body>\n\
         <header class=\"brand\">{brand}</header>\n<main>\n{body}\n</main>\n</body>\n</html>\n",
        e(title),
    )
}

/// A short page that says one thing (errors, refusals, "deleted").
pub(crate) fn message_page(title: &str, message: &str) -> axum::response::Html<String> {
    axum::response::Html(layout(
        title,
        &format!(
            "<h1>{}</h1>\n<p>{}</p>\n<p><a href=\"/\">Make a new plan</a></p>",
            e(title),
            e(message)
        ),
        None,
        false,
    ))
}

/// A missing plan: the same answer for unknown, deleted, purged and malformed tokens.
fn gone() -> Response {
    (
        StatusCode::GONE,
        message_page("Plan not found", &ServeError::Gone.to_string()),
    )
        .into_response()
}

impl ServeError {
    /// The error as a page.
    pub(crate) fn page(&self) -> Response {
        match self {
            ServeError::Gone => gone(),
            ServeError::Input(err) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                message_page("Please check", &err.to_string()),
            )
                .into_response(),
            ServeError::Conflict => (
                StatusCode::CONFLICT,
                message_page("Please try again", &self.to_string()),
            )
                .into_response(),
            ServeError::OverBudget => (
                StatusCode::TOO_MANY_REQUESTS,
                message_page("Please try again tomorrow", &self.to_string()),
            )
                .into_response(),
            _ => {
                eprintln!("aftercare serve: {self}");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    message_page(
                        "Something went wrong",
                        "Something went wrong on the server; nothing was changed.",
                    ),
                )
                    .into_response()
            }
        }
    }
}

/// The form's values (kept when it comes back with errors) and its errors, by field.
#[derive(Default)]
pub(crate) struct FormState {
    pub(crate) values: HashMap<String, Vec<String>>,
    pub(crate) errors: HashMap<String, String>,
    /// An error that belongs to no one field.
    pub(crate) general: Option<String>,
}

impl FormState {
    pub(crate) fn get(&self, name: &str) -> &str {
        self.values
            .get(name)
            .and_then(|v| v.first())
            .map_or("", |s| s.as_str())
    }

    fn has(&self, name: &str, value: &str) -> bool {
        self.values
            .get(name)
            .is_some_and(|v| v.iter().any(|x| x == value))
    }

    /// The error next to a field, if any, tied to it for screen readers.
    fn error(&self, name: &str) -> String {
        field_error(name, self.errors.get(name).map(String::as_str))
    }

    /// A field's `id`, tied to its error for screen readers; the first field in error (in
    /// the form's order) gets the focus when the page comes back.
    fn attrs(&self, name: &str) -> String {
        field_attrs(
            name,
            None,
            self.errors.contains_key(name),
            self.first_error(),
        )
    }

    /// The fields in error, in the form's order, with their messages.
    fn in_order(&self) -> Vec<(&'static str, &str)> {
        FIELDS
            .iter()
            .filter_map(|f| self.errors.get(*f).map(|m| (*f, m.as_str())))
            .collect()
    }

    fn first_error(&self) -> Option<&'static str> {
        self.in_order().first().map(|(f, _)| *f)
    }
}

/// The error shown next to field `name`, if it has one (`message`), tied to it for screen
/// readers by its id.
pub(crate) fn field_error(name: &str, message: Option<&str>) -> String {
    message.map_or(String::new(), |m| {
        format!(
            "<p class=\"error\" id=\"{name}-error\" role=\"alert\">{}</p>",
            e(m)
        )
    })
}

/// Field `name`'s `id` (and the `value` typed, kept when the form comes back), and when it is
/// `in_error`, what ties it to its error for screen readers; the form's `first` field in error
/// gets the focus.
pub(crate) fn field_attrs(
    name: &str,
    value: Option<&str>,
    in_error: bool,
    first: Option<&str>,
) -> String {
    let mut out = format!(" id=\"{name}\"");
    if let Some(value) = value.filter(|v| !v.is_empty()) {
        let _ = write!(out, " value=\"{}\"", e(value));
    }
    if in_error {
        let _ = write!(
            out,
            " aria-invalid=\"true\" aria-describedby=\"{name}-error\""
        );
        if first == Some(name) {
            out.push_str(" autofocus");
        }
    }
    out
}

/// The form's fields that can be in error, in the order the form shows them.
const FIELDS: [&str; 19] = [
    "email",
    "follow_ups",
    "adjust",
    "adjust_reason",
    "date",
    "time",
    "minutes",
    "tz",
    "areas",
    "product",
    "w0",
    "w1",
    "w2",
    "w3",
    "w4",
    "calendar",
    "sweat",
    "fold",
    "protocol",
];

/// What a page's title starts with when the form on it came back with errors.
pub(crate) const ERROR_TITLE: &str = "Error: ";

/// The box at the top of a page whose form came back: each problem, linked to its field (or
/// `None` for a problem of the whole form).
pub(crate) fn error_summary(problems: &[(Option<&str>, &str)]) -> String {
    if problems.is_empty() {
        return String::new();
    }
    let mut h = String::from(
        "<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"error-summary-h\"><h2 id=\"error-summary-h\">There is a problem</h2><ul>",
    );
    for (field, message) in problems {
        let _ = match field {
            Some(id) => write!(h, "<li><a href=\"#{id}\">{}</a></li>", e(message)),
            None => write!(h, "<li>{}</li>", e(message)),
        };
    }
    h.push_str("</ul></div>\n");
    h
}

/// The zone select: the value chosen, else the clinic's zone, else the browser's (the script
/// picks it; without script, UTC shows until someone chooses).
pub(crate) fn zone_select(chosen: &str, clinic: Option<&Clinic>, attrs: &str) -> String {
    let default = clinic.and_then(|c| c.tz.as_deref());
    let (chosen, auto) = match (chosen, default) {
        ("", Some(zone)) => (zone, false),
        ("", None) => ("UTC", true),
        (chosen, _) => (chosen, false),
    };
    let mut h = format!(
        "<select name=\"tz\"{}{attrs}>",
        if auto { " data-auto=\"1\"" } else { "" }
    );
    h.push_str(&zone_options(chosen));
    h.push_str("</select>");
    h
}

/// A zone list's options, `chosen` selected: the offered zones, and first `chosen` itself when
/// it is an old name they leave out (a clinic's `US/Eastern` stays what it chose).
pub(crate) fn zone_options(chosen: &str) -> String {
    let mut h = String::new();
    if !chosen.is_empty() && !crate::tz::offered_zones().any(|z| z == chosen) {
        let _ = write!(h, "<option value=\"{0}\" selected>{0}</option>", e(chosen));
    }
    for name in crate::tz::offered_zones() {
        let _ = write!(
            h,
            "<option value=\"{name}\"{}>{name}</option>",
            if name == chosen { " selected" } else { "" },
            name = e(name)
        );
    }
    h
}

/// `GET /`: the form.
pub(crate) async fn form(State(app): State<Arc<App>>) -> Response {
    let mut state = FormState::default();
    state.values.insert("minutes".into(), vec!["30".into()]);
    state.values.insert("sweat".into(), vec!["moderate".into()]);
    axum::response::Html(form_page(&app, &state, None)).into_response()
}

/// The form: the patient's (`desk` is `None`), or the desk's hand-over form with the sign-in's
/// form token and the patient's e-mail address.
pub(crate) fn form_page(app: &App, s: &FormState, desk: Option<&str>) -> String {
    let protocol = app.plans.protocol(None).ok();
    let clinic = app.plans.clinic();
    // The desk's form speaks to staff about the patient; the patient's speaks to them.
    let words = if desk.is_some() {
        &STAFF_WORDS
    } else {
        &PATIENT_WORDS
    };
    let mut problems: Vec<(Option<&str>, &str)> =
        s.general.iter().map(|g| (None, g.as_str())).collect();
    problems.extend(s.in_order().into_iter().map(|(f, m)| (Some(f), m)));
    let mut h = error_summary(&problems);
    match desk {
        None => h.push_str("<h1>Your aftercare plan</h1>\n<p class=\"lede\">Enter your appointment and your usual week. You get a day-by-day plan and a calendar for your phone.</p>\n"),
        Some(_) => h.push_str("<p><a href=\"/desk\">Front desk</a></p><h1>Hand over a plan</h1>\n<p class=\"lede\">The patient's appointment and usual week. Then show them the QR code, or send the plan by e-mail.</p>\n"),
    }
    let _ = writeln!(
        h,
        "<form method=\"post\" action=\"{}\" enctype=\"multipart/form-data\" novalidate>",
        if desk.is_some() {
            "/desk/handover"
        } else {
            "/plans"
        }
    );
    if let Some(token) = desk {
        let _ = writeln!(
            h,
            "<input type=\"hidden\" name=\"form_token\" value=\"{}\">\
             <label>The patient's e-mail address (optional: used to send, and kept sealed only for follow-ups) <input type=\"text\" inputmode=\"email\" name=\"email\" autocomplete=\"off\" spellcheck=\"false\" value=\"{}\"{}></label>{}\
             <label class=\"check\"><input type=\"checkbox\" name=\"follow_ups\" value=\"on\"{}> {}</label>",
            e(token),
            e(s.get("email")),
            s.attrs("email"),
            s.error("email"),
            if s.has("follow_ups", "on") {
                " checked"
            } else {
                ""
            },
            e(&super::followups::texts().desk_consent)
        );
        let _ = writeln!(
            h,
            "<label>Adjust for this patient (optional): a rule and its length, e.g. heat 72h; several with commas <input type=\"text\" name=\"adjust\" autocomplete=\"off\" value=\"{}\"{}></label>{}\
             <label>Why (the patient reads it), e.g. because of today's dose <input type=\"text\" name=\"adjust_reason\" autocomplete=\"off\" value=\"{}\"{}></label>{}",
            e(s.get("adjust")),
            s.attrs("adjust"),
            s.error("adjust"),
            e(s.get("adjust_reason")),
            s.attrs("adjust_reason"),
            s.error("adjust_reason")
        );
    }
    let _ = writeln!(h, "<fieldset><legend>{}</legend>", words.appointment);
    let _ = writeln!(
        h,
        "<div class=\"row\"><label>Date <input type=\"date\" name=\"date\" value=\"{}\" required{}></label>\
         <label>Time <input type=\"time\" name=\"time\" value=\"{}\" required{}></label></div>{}{}",
        e(s.get("date")),
        s.attrs("date"),
        e(s.get("time")),
        s.attrs("time"),
        s.error("date"),
        s.error("time")
    );
    let _ = writeln!(
        h,
        "<label>Length, in minutes <input type=\"number\" name=\"minutes\" min=\"1\" max=\"720\" inputmode=\"numeric\" value=\"{}\"{}></label>{}",
        e(s.get("minutes")),
        s.attrs("minutes"),
        s.error("minutes")
    );
    let _ = writeln!(
        h,
        "<label>Time zone {}</label>{}",
        zone_select(s.get("tz"), clinic.as_ref(), &s.attrs("tz")),
        s.error("tz")
    );
    if let Some(p) = protocol {
        h.push_str("<fieldset class=\"choices\"><legend>Treated areas</legend>");
        for (i, area) in p.areas.iter().enumerate() {
            let _ = write!(
                h,
                "<label class=\"check\"><input type=\"checkbox\" name=\"areas\" value=\"{}\"{}{}> {}</label>",
                e(&area.id),
                if s.has("areas", &area.id) {
                    " checked"
                } else {
                    ""
                },
                if i == 0 {
                    s.attrs("areas")
                } else {
                    String::new()
                },
                e(&area.name)
            );
        }
        let _ = writeln!(h, "</fieldset>{}", s.error("areas"));
        let _ = write!(
            h,
            "<label>Product <select name=\"product\"{}><option",
            s.attrs("product")
        );
        h.push_str(" value=\"\">Not sure / not listed</option>");
        for product in &p.products {
            let _ = write!(
                h,
                "<option value=\"{}\"{}>{}</option>",
                e(&product.id),
                if s.get("product") == product.id {
                    " selected"
                } else {
                    ""
                },
                e(&product.name)
            );
        }
        let _ = writeln!(h, "</select></label>{}", s.error("product"));
    }
    let _ = writeln!(
        h,
        "<label class=\"check\"><input type=\"checkbox\" name=\"touch_up\" value=\"on\"{}> This visit is a touch-up of a recent treatment</label>",
        if s.has("touch_up", "on") {
            " checked"
        } else {
            ""
        }
    );
    let _ = writeln!(
        h,
        "</fieldset>\n<fieldset><legend>{}</legend>\n<p class=\"hint\">One row per workout; leave the rest empty.</p>",
        words.week
    );
    let catalogue = Routine::default().catalogue;
    for i in 0..ROWS {
        let name = format!("w{i}");
        let _ = write!(
            h,
            "<fieldset class=\"workout\"><legend>Workout {}</legend><div class=\"days\">",
            i + 1
        );
        for day in DAYS {
            let _ = write!(
                h,
                "<label class=\"day\"><input type=\"checkbox\" name=\"{name}_days\" value=\"{day}\"{}{}> {}</label>",
                if s.has(&format!("{name}_days"), day) {
                    " checked"
                } else {
                    ""
                },
                if day == DAYS[0] {
                    s.attrs(&name)
                } else {
                    String::new()
                },
                crate::units::capitalise(day)
            );
        }
        let _ = write!(
            h,
            "</div><div class=\"row\"><label>At <input type=\"time\" name=\"{name}_time\" value=\"{}\"></label>\
             <label>Minutes <input type=\"number\" name=\"{name}_minutes\" min=\"1\" max=\"720\" inputmode=\"numeric\" value=\"{}\"></label></div>\
             <label>Activity <select name=\"{name}_activity\">",
            e(s.get(&format!("{name}_time"))),
            e(s.get(&format!("{name}_minutes")))
        );
        let picked = s.get(&format!("{name}_activity"));
        // No activity chosen until one is: an empty row must not read as a workout.
        let _ = write!(
            h,
            "<option value=\"\"{}>Choose an activity</option>",
            if picked.is_empty() { " selected" } else { "" }
        );
        for a in catalogue.iter() {
            let _ = write!(
                h,
                "<option value=\"{}\"{}>{}</option>",
                e(&a.id),
                if picked == a.id { " selected" } else { "" },
                e(&crate::units::capitalise(&a.name))
            );
        }
        let _ = writeln!(h, "</select></label>{}</fieldset>", s.error(&name));
    }
    let _ = writeln!(
        h,
        "<label>{} <input type=\"file\" name=\"calendar\" accept=\".ics,text/calendar\"{}></label>{}",
        words.calendar,
        s.attrs("calendar"),
        s.error("calendar")
    );
    let _ = write!(
        h,
        "<fieldset class=\"choices\"><legend>{}</legend>",
        words.sweat
    );
    for (i, (value, label)) in SWEAT_CHOICES.into_iter().enumerate() {
        let _ = write!(
            h,
            "<label class=\"check\"><input type=\"radio\" name=\"sweat\" value=\"{value}\"{}{}> {label}</label>",
            if s.get("sweat") == value {
                " checked"
            } else {
                ""
            },
            if i == 0 {
                s.attrs("sweat")
            } else {
                String::new()
            },
        );
    }
    let _ = write!(h, "</fieldset>{}\n</fieldset>\n", s.error("sweat"));
    h.push_str("<details><summary>More options</summary>\n");
    let _ = writeln!(
        h,
        "<label class=\"check\"><input type=\"checkbox\" name=\"discreet\" value=\"on\"{}> Discreet titles (for a shared calendar)</label>",
        if s.has("discreet", "on") {
            " checked"
        } else {
            ""
        }
    );
    let _ = writeln!(
        h,
        "<label>Clock <select name=\"clock\"><option value=\"24h\">24-hour (18:00)</option><option value=\"12h\"{}>12-hour (6:00 PM)</option></select></label>",
        if s.get("clock") == "12h" {
            " selected"
        } else {
            ""
        }
    );
    let _ = writeln!(
        h,
        "<label>{} <select name=\"fold\"{}><option value=\"\">{}</option><option value=\"earlier\"{}>The first one</option><option value=\"later\"{}>The second one</option></select></label>{}",
        words.fold,
        s.attrs("fold"),
        words.ask,
        if s.get("fold") == "earlier" {
            " selected"
        } else {
            ""
        },
        if s.get("fold") == "later" {
            " selected"
        } else {
            ""
        },
        s.error("fold")
    );
    let names = app.plans.protocol_names();
    if names.len() > 1 {
        let _ = write!(
            h,
            "<label>Protocol <select name=\"protocol\"{}>",
            s.attrs("protocol")
        );
        for name in names {
            let _ = write!(
                h,
                "<option{}>{}</option>",
                if s.get("protocol") == name {
                    " selected"
                } else {
                    ""
                },
                e(&name)
            );
        }
        let _ = writeln!(h, "</select></label>{}", s.error("protocol"));
    }
    if desk.is_some() {
        h.push_str("</details>\n<button type=\"submit\">Make the plan</button>\n</form>\n");
    } else {
        h.push_str("</details>\n<button type=\"submit\">Make my plan</button>\n</form>\n");
        h.push_str("<p class=\"small\">No name is asked. An e-mail address is kept (sealed) only if you ask for reminders by e-mail. Your plan is stored under a secret link only you receive, and erased after its last event, or when you delete it.</p>");
    }
    let title = if desk.is_some() {
        "Hand over a plan"
    } else {
        "Your aftercare plan"
    };
    let title = if problems.is_empty() {
        title.to_string()
    } else {
        format!("{ERROR_TITLE}{title}")
    };
    layout(&title, &h, clinic.as_ref(), app.plans.logo().is_some())
}

/// The sweat levels a form offers: the value and its label.
pub(crate) const SWEAT_CHOICES: [(&str, &str); 3] = [
    ("light", "A little"),
    ("moderate", "Moderately"),
    ("heavy", "A lot"),
];

/// The form's words that differ between the patient's form and the desk's.
struct Words {
    appointment: &'static str,
    week: &'static str,
    calendar: &'static str,
    sweat: &'static str,
    fold: &'static str,
    ask: &'static str,
}

const PATIENT_WORDS: Words = Words {
    appointment: "Your appointment",
    week: "Your usual week",
    calendar: "Or a calendar export with your workouts (.ics)",
    sweat: "How much do you sweat when you train?",
    fold: "If your time happens twice (clocks going back)",
    ask: "Ask me",
};

const STAFF_WORDS: Words = Words {
    appointment: "The patient's appointment",
    week: "The patient's usual week",
    calendar: "Or a calendar export with the patient's workouts (.ics)",
    sweat: "How much does the patient sweat when training?",
    fold: "If the time happens twice (clocks going back)",
    ask: "Ask",
};

/// `POST /plans`: plan, store, and 303 to the plan's page; or the form again, with the
/// values kept and each error next to its field (422).
pub(crate) async fn create(
    State(app): State<Arc<App>>,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let (mut state, upload) = match read_form(&app, multipart).await {
        Ok(read) => read,
        Err((status, state)) => {
            return (status, axum::response::Html(form_page(&app, &state, None))).into_response();
        }
    };
    match request_of(&app, &mut state, upload) {
        Some(request) => match app.plans.create(
            request,
            Utc::now(),
            app.guard.client_address(peer.ip(), &headers),
        ) {
            Ok(loaded) => Redirect::to(&format!("/p/{}", loaded.token.as_str())).into_response(),
            Err(ServeError::Input(err)) => {
                place_error(&mut state, &err);
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    axum::response::Html(form_page(&app, &state, None)),
                )
                    .into_response()
            }
            Err(other) => other.page(),
        },
        None => (
            StatusCode::UNPROCESSABLE_ENTITY,
            axum::response::Html(form_page(&app, &state, None)),
        )
            .into_response(),
    }
}

/// An uploaded calendar export: its file name and bytes.
pub(crate) type Upload = Option<(String, Vec<u8>)>;

/// Reads the form's fields and its upload; on failure, the status and the form's state with
/// the reason (413 past the size limit).
pub(crate) async fn read_form(
    app: &App,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<(FormState, Upload), (StatusCode, FormState)> {
    let mut state = FormState::default();
    let mut upload: Option<(String, Vec<u8>)> = None;
    // A body past the limit is told as such (413), whichever part of the form crossed it.
    let failed = |status: StatusCode, text: String| (status, text);
    let read = async {
        let mut multipart = multipart.map_err(|e| failed(e.status(), e.body_text()))?;
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|e| failed(e.status(), e.body_text()))?
        {
            let name = field.name().unwrap_or_default().to_string();
            if name == "calendar" {
                let file = field.file_name().unwrap_or("calendar.ics").to_string();
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|e| failed(e.status(), e.body_text()))?;
                if !bytes.is_empty() {
                    upload = Some((file, bytes.to_vec()));
                }
            } else if name.len() <= 40 {
                let text = field
                    .text()
                    .await
                    .map_err(|e| failed(e.status(), e.body_text()))?;
                state.values.entry(name).or_default().push(text);
            }
        }
        Ok::<_, (StatusCode, String)>(())
    };
    if let Err((status, reason)) = read.await {
        let too_large = status == StatusCode::PAYLOAD_TOO_LARGE;
        state.general = Some(if too_large {
            format!(
                "{} Is the calendar file the right one?",
                super::guard::too_large(app.max_body)
            )
        } else {
            format!("The form could not be read: {reason}")
        });
        let status = if too_large {
            StatusCode::PAYLOAD_TOO_LARGE
        } else {
            StatusCode::BAD_REQUEST
        };
        return Err((status, state));
    }
    Ok((state, upload))
}

/// Puts a library error next to the form field it names.
pub(crate) fn place_error(state: &mut FormState, err: &crate::error::Error) {
    let field = match err.field() {
        Some("at") => "date",
        Some(
            f @ ("tz" | "minutes" | "areas" | "product" | "sweat" | "fold" | "protocol"
            | "calendar" | "adjust" | "adjust_reason"),
        ) => f,
        _ => {
            state.general = Some(err.to_string());
            return;
        }
    };
    state.errors.insert(field.to_string(), err.to_string());
}

/// The form's values as a request; `None` when a row or the upload is wrong (the errors are
/// in `state`). The request's own fields are checked when it is planned.
pub(crate) fn request_of(
    app: &App,
    state: &mut FormState,
    upload: Option<(String, Vec<u8>)>,
) -> Option<PlanRequest> {
    let date = state.get("date").trim().to_string();
    let time = state.get("time").trim().to_string();
    if date.is_empty() {
        state
            .errors
            .insert("date".into(), "Please give the appointment's date.".into());
    }
    if time.is_empty() {
        state
            .errors
            .insert("time".into(), "Please give the appointment's time.".into());
    }
    let minutes = match state.get("minutes").trim() {
        "" => 30,
        text => match text.parse::<i64>() {
            Ok(m) => m,
            Err(_) => {
                state.errors.insert("minutes".into(), format!("minutes: invalid value {text:?}; expected a whole number of minutes, 1 to 720"));
                0
            }
        },
    };
    let mut workouts = Vec::new();
    for i in 0..ROWS {
        let name = format!("w{i}");
        let days: Vec<String> = state
            .values
            .get(&format!("{name}_days"))
            .cloned()
            .unwrap_or_default();
        let at = state.get(&format!("{name}_time")).trim().to_string();
        let length = state.get(&format!("{name}_minutes")).trim().to_string();
        if days.is_empty() && at.is_empty() && length.is_empty() {
            continue;
        }
        let activity = state.get(&format!("{name}_activity")).trim().is_empty();
        let missing = [
            (days.is_empty(), "the days"),
            (at.is_empty(), "the time"),
            (length.is_empty(), "the minutes"),
            (activity, "the activity"),
        ]
        .into_iter()
        .filter(|(m, _)| *m)
        .map(|(_, what)| what)
        .collect::<Vec<_>>();
        if !missing.is_empty() {
            state.errors.insert(
                name,
                format!("Workout {}: please give {}.", i + 1, missing.join(" and ")),
            );
            continue;
        }
        let spec = format!(
            "{} {at} {length}m {}",
            days.join(","),
            state.get(&format!("{name}_activity"))
        );
        match Routine::default().add_workout(&spec) {
            Ok(()) => workouts.push(spec),
            Err(err) => {
                state
                    .errors
                    .insert(name, format!("Workout {}: {err}", i + 1));
            }
        }
    }
    let optional = |v: &str| (!v.trim().is_empty()).then(|| v.trim().to_string());
    let mut request = PlanRequest {
        at: format!("{date} {time}"),
        tz: state.get("tz").to_string(),
        minutes,
        fold: match state.get("fold") {
            "earlier" => Some(crate::tz::Fold::Earlier),
            "later" => Some(crate::tz::Fold::Later),
            _ => None,
        },
        workouts,
        areas: state.values.get("areas").cloned().unwrap_or_default(),
        product: optional(state.get("product")),
        sweat: optional(state.get("sweat")),
        discreet: state.has("discreet", "on"),
        touch_up: state.has("touch_up", "on"),
        protocol: optional(state.get("protocol")),
        clock: optional(state.get("clock")),
        adjust: state
            .get("adjust")
            .split(',')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_string)
            .collect(),
        adjust_reason: optional(state.get("adjust_reason")),
        ..PlanRequest::default()
    };
    if !state.errors.is_empty() {
        return None;
    }
    if let Some((file, bytes)) = upload {
        // The window a calendar's workouts matter in: from the end of the appointment until the
        // full routine is back, known from a plan without them.
        let protocol = app.plans.protocol(request.protocol.as_deref()).ok()?;
        let prepared = match request.prepare(&protocol) {
            Ok(p) => p,
            Err(err) => {
                place_error(state, &err);
                return None;
            }
        };
        let bare = prepared.plan(&protocol);
        let last = crate::plan::recovery_end(&bare, &protocol);
        let window = (
            prepared.appointment.end().with_timezone(&Utc),
            last.with_timezone(&Utc),
        );
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => {
                state.errors.insert(
                    "calendar".into(),
                    "The calendar file is not UTF-8 text: is it an .ics export?".into(),
                );
                return None;
            }
        };
        let name = FsPath::new(&file)
            .file_name()
            .map_or("calendar.ics".into(), |n| n.to_string_lossy().to_string());
        match crate::input::calendar::import(
            &text,
            FsPath::new(&name),
            prepared.appointment.tz(),
            window,
            crate::input::calendar::Matcher::shared(),
        ) {
            Ok(got) => request.sessions = got.sessions,
            Err(err) => {
                state.errors.insert("calendar".into(), err.to_string());
                return None;
            }
        }
    }
    Some(request)
}

/// The current time in the plan's zone, as a form field holds it.
pub(crate) fn local_now(loaded: &Loaded, now: DateTime<Utc>) -> String {
    now.with_timezone(&loaded.plan.appointment.tz)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// `GET /p/{token}`: the plan.
pub(crate) async fn plan(State(app): State<Arc<App>>, Path(token): Path<String>) -> Response {
    match app.plans.load(&token) {
        Ok(loaded) => private(
            axum::response::Html(plan_page(
                &app,
                &loaded,
                Utc::now(),
                &HashMap::new(),
                &HashMap::new(),
            ))
            .into_response(),
        ),
        Err(err) => err.page(),
    }
}

/// Plan pages may be kept by the browser, never by a shared cache.
pub(crate) fn private(mut response: Response) -> Response {
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    response
}

/// The plan's page; a report that came back has its `errors` by field and what was `typed`
/// in the report's fields, kept.
pub(crate) fn plan_page(
    app: &App,
    loaded: &Loaded,
    now: DateTime<Utc>,
    errors: &HashMap<&str, String>,
    typed: &HashMap<&str, String>,
) -> String {
    let plan = &loaded.plan;
    let style = loaded.prepared.options.style;
    let plans = &app.plans;
    let a = &plan.appointment;
    let zone = a.tz;
    let local_now = now.with_timezone(&zone);
    let year = chrono::Datelike::year(&local_now.naive_local());
    let procedure = if loaded.prepared.discreet {
        "Your appointment".to_string()
    } else {
        format!("Your {} appointment", loaded.prepared.procedure)
    };
    // A report that came back: said at the top, its field focused (in the form's order).
    let problems: Vec<(Option<&str>, &str)> = ["setbacks", "oops", "oops_activity"]
        .into_iter()
        .filter_map(|f| errors.get(f).map(|m| (Some(f), m.as_str())))
        .collect();
    let first = problems.first().and_then(|(f, _)| *f);
    let mut h = error_summary(&problems);
    let _ = write!(
        h,
        "<h1>Your aftercare plan</h1>\n<p class=\"lede\">{}: {}, {} ({}).</p>\n",
        e(&procedure),
        e(&style.dated(a.start.date_naive())),
        e(&style.clock(a.start.time())),
        e(zone.name())
    );
    let clinic = plans.clinic();
    if let Some(intro) = clinic.as_ref().and_then(|c| c.intro.as_deref()) {
        let _ = writeln!(h, "<p>{}</p>", e(intro));
    }
    for note in &plan.notes {
        let _ = writeln!(h, "<p class=\"note\">{}</p>", e(note));
    }
    for at in &plan.appointment.setbacks {
        // The step back the planner made for it (a setback before the plan's stages has none).
        let back = plan.stages.iter().find(|st| st.setback && st.start == *at);
        let _ = match back.and_then(|b| b.end) {
            Some(until) => writeln!(
                h,
                "<p class=\"note\">You reported more swelling at {}. The plan steps back one stage until {}, with no heat; then it carries on from there.</p>",
                e(&style.when(*at, year)),
                e(&style.when(until, year)),
            ),
            None => writeln!(
                h,
                "<p class=\"note\">You reported more swelling at {}.</p>",
                e(&style.when(*at, year))
            ),
        };
    }
    if let Some(m) = &loaded.monitoring {
        let _ = write!(
            h,
            "<section class=\"oops\"><h2>You exercised at {}</h2>",
            e(&style.when(m.exercised, year))
        );
        if let Some(note) = &m.note {
            let _ = write!(h, "<p>{}</p>", e(note));
        }
        h.push_str("<p>The check-ins are in the day-by-day plan below and in your calendar.</p></section>\n");
    }

    let _ = writeln!(
        h,
        "<p class=\"jump\"><a href=\"#report-h\">Report a change</a> · <a href=\"#days-h\">Day by day</a> · <a href=\"/p/{}/handout\">Printable handout</a></p>",
        loaded.token.as_str()
    );

    // The calendar: download, subscribe, QR code.
    let feed = plans.feed_url(&loaded.token);
    let webcal = plans.webcal_url(&loaded.token);
    let calendar_name = if loaded.prepared.discreet {
        "Recovery plan".to_string()
    } else {
        format!("{} aftercare", loaded.prepared.procedure)
    };
    let outlook = url::Url::parse_with_params(
        "https://outlook.live.com/calendar/0/addfromweb",
        &[("url", feed.as_str()), ("name", calendar_name.as_str())],
    )
    .map(|u| u.to_string())
    .unwrap_or_default();
    let mut calendar = String::new();
    let _ = write!(
        calendar,
        "<section class=\"calendar\" aria-labelledby=\"cal-h\"><h2 id=\"cal-h\">Add it to your calendar</h2>\n\
         <p class=\"buttons\"><a class=\"button\" href=\"/p/{t}/calendar.ics\" download=\"aftercare.ics\">Download the calendar file</a> \
         <a class=\"button\" href=\"{webcal}\">Subscribe (Apple Calendar, Outlook)</a></p>\n\
         <p><strong>Google Calendar:</strong> copy the link, open <a href=\"https://calendar.google.com/calendar/u/0/r/settings/addbyurl\" rel=\"noreferrer\">From URL</a> in Google Calendar's settings, paste it and press Add calendar.</p>\n\
         <p class=\"copy\"><label for=\"feed-url\">Your calendar's link</label><input id=\"feed-url\" readonly value=\"{feed_e}\"><button type=\"button\" class=\"copy-button\" data-copy=\"feed-url\">Copy link</button></p>\n\
         <p><strong>Outlook.com:</strong> <a href=\"{outlook}\" rel=\"noreferrer\">add it from the web</a>.</p>\n\
         <figure class=\"qr\">{qr}<figcaption>Scan with your phone's camera to open this plan there.</figcaption></figure>\n\
         <p class=\"small\">A subscribed calendar follows changes to this plan: Apple Calendar and Outlook look again every hour; Google Calendar only every few hours to a day, and it ignores the calendar's reminders (alarms). The link is private: anyone who has it can see this plan.</p></section>\n",
        t = loaded.token.as_str(),
        webcal = e(&webcal),
        feed_e = e(&feed),
        outlook = e(&outlook),
        qr = qr_svg(&plans.page_url(&loaded.token))
    );

    // What a patient needs first on a phone: the calendar, then the signs to watch for; the
    // picture and the days after.
    h.push_str(&calendar);
    h.push_str(&super::followups::page_section(app, loaded, errors));
    h.push_str(&warnings_html(plan, clinic.as_ref()));
    let _ = writeln!(
        h,
        "<section aria-labelledby=\"tl-h\"><h2 id=\"tl-h\">At a glance</h2>{}</section>",
        timeline::render(plan, Some(now), style)
    );
    h.push_str(&days_html(loaded, local_now));

    // Reporting: a setback, exercise too soon, deleting.
    let field_error = |name: &str| field_error(name, errors.get(name).map(String::as_str));
    let invalid = |name: &str| {
        let typed = typed.get(name).map(String::as_str);
        field_attrs(name, typed, errors.contains_key(name), first)
    };
    let _ = write!(
        h,
        "<section aria-labelledby=\"report-h\"><h2 id=\"report-h\">Report a change: your plan adjusts</h2>\n\
         <form method=\"post\" action=\"/p/{t}/setback\"><h3>My swelling increased</h3><p class=\"hint\">The plan steps back a stage for a day, with no heat, and your calendar follows.</p>\
         <label>When (leave empty for now) <input type=\"datetime-local\" name=\"at\"{inv_s}></label>{err_s}<button type=\"submit\">Update my plan</button></form>\n\
         <form method=\"post\" action=\"/p/{t}/oops\"><h3>I exercised too soon</h3><p class=\"hint\">Not a disaster: you get check-ins over the next hours and days, timed to your plan, and the signs to watch for.</p>\
         <label>When (leave empty for now) <input type=\"datetime-local\" name=\"at\"{inv_o}></label>{err_o}<label>What you did (optional) <input type=\"text\" name=\"activity\" placeholder=\"e.g. hot yoga\" autocomplete=\"off\"{inv_a}></label>{err_a}<button type=\"submit\">Add check-ins</button></form>\n\
         <form method=\"post\" action=\"/p/{t}/delete\"><h3>Delete my plan</h3><p class=\"hint\">Erases it: this page and the calendar link stop working. You are asked once more first.</p><button type=\"submit\" class=\"danger\">Delete my plan</button></form>\n\
         <p><a href=\"/p/{t}/handout\">Printable handout</a></p></section>\n",
        t = loaded.token.as_str(),
        inv_s = invalid("setbacks"),
        err_s = field_error("setbacks"),
        inv_o = invalid("oops"),
        err_o = field_error("oops"),
        inv_a = invalid("oops_activity"),
        err_a = field_error("oops_activity"),
    );
    h.push_str(&footer(plan, clinic.as_ref()));
    let title = if problems.is_empty() {
        "Your aftercare plan".to_string()
    } else {
        format!("{ERROR_TITLE}Your aftercare plan")
    };
    layout(&title, &h, clinic.as_ref(), plans.logo().is_some())
}

/// The day-by-day view of a plan read at `local_now`: earlier days folded away.
pub(crate) fn days_html(loaded: &Loaded, local_now: DateTime<crate::tz::Zone>) -> String {
    let plan = &loaded.plan;
    let style = loaded.prepared.options.style;
    let year = chrono::Datelike::year(&local_now.naive_local());
    let mut h = String::new();
    h.push_str("<section aria-labelledby=\"days-h\"><h2 id=\"days-h\">Day by day</h2>\n");
    // Days with nothing to do or avoid are left out; today stays, to say so.
    let today = local_now.date_naive();
    let all: Vec<_> = days(plan, loaded.monitoring.as_ref(), style)
        .into_iter()
        .filter(|d| d.date == today || !d.avoid.is_empty() || !d.entries.is_empty())
        .collect();
    let past = all
        .iter()
        .take_while(|d| d.date < local_now.date_naive())
        .count();
    for (i, day) in all.into_iter().enumerate() {
        if i == 0 && past > 0 {
            let _ = write!(
                h,
                "<details class=\"earlier\"><summary>Earlier days ({past})</summary>"
            );
        }
        let label = day_label(day.date, local_now, style);
        let is_today = day.date == local_now.date_naive();
        let _ = write!(
            h,
            "<article class=\"day{}\"><h3>{}</h3>",
            if is_today { " today" } else { "" },
            e(&label)
        );
        if label != style.day(day.date, year) {
            let _ = write!(h, "<p class=\"date\">{}</p>", e(&style.day(day.date, year)));
        }
        if !day.avoid.is_empty() {
            let list: Vec<String> = day
                .avoid
                .iter()
                .map(|(what, until)| match until {
                    Some(t) => format!("{} (until {})", e(what), e(t)),
                    None => e(what),
                })
                .collect();
            let _ = write!(
                h,
                "<p class=\"avoid\"><strong>Limits:</strong> {}.</p>",
                list.join("; ")
            );
        }
        if day.avoid.is_empty() && day.entries.is_empty() {
            h.push_str("<p>Nothing planned today.</p>");
        }
        if !day.entries.is_empty() {
            h.push_str("<ul class=\"entries\">");
            for entry in &day.entries {
                let class = match entry.kind {
                    Kind::Appointment => "appointment",
                    Kind::Stage => "stage",
                    Kind::Workout(Outcome::Keep) => "keep",
                    Kind::Workout(Outcome::Scale) => "scale",
                    Kind::Workout(Outcome::Replace) => "replace",
                    Kind::Workout(Outcome::Skip) => "skip",
                    Kind::Reminder => "reminder",
                    Kind::Check => "check",
                };
                let _ = write!(
                    h,
                    "<li class=\"{class}\"><span class=\"time\">{}</span> <strong>{}</strong><br>{}</li>",
                    e(&entry.time),
                    e(&entry.title),
                    e(&entry.text)
                );
            }
            h.push_str("</ul>");
        }
        h.push_str("</article>\n");
        if past > 0 && i + 1 == past {
            h.push_str("</details>\n");
        }
    }
    h.push_str("</section>\n");
    h
}

/// The warning signs, as lists.
pub(crate) fn warnings_html(plan: &crate::model::Plan, clinic: Option<&Clinic>) -> String {
    let w = &plan.warnings;
    let mut h = String::from(
        "<section class=\"warnings\" aria-labelledby=\"warn-h\"><h2 id=\"warn-h\">Warning signs</h2>",
    );
    let number = crate::render::emergency_number(w, clinic);
    let dial = crate::render::html::dial;
    for (label, items) in crate::render::warning_groups(w, clinic) {
        let _ = write!(h, "<h3>{}</h3><ul>", dial(&e(&label), number, ""));
        for item in items {
            let _ = write!(
                h,
                "<li>{}</li>",
                dial(&e(&crate::units::capitalise(&item)), number, "")
            );
        }
        h.push_str("</ul>");
    }
    if let Some(note) = &w.note {
        let _ = write!(h, "<p>{}</p>", e(note));
    }
    h.push_str("</section>\n");
    h
}

/// Guidance, the clinic's contact and sign-off, and where the advice comes from: said once.
pub(crate) fn footer(plan: &crate::model::Plan, clinic: Option<&Clinic>) -> String {
    let mut h = format!(
        "<footer class=\"about\"><p><strong>{}</strong></p>",
        e(&plan.guidance)
    );
    if let Some(c) = clinic {
        let _ = write!(
            h,
            "<p>{}</p>",
            crate::render::html::contact(c, "", crate::i18n::Lang::En)
        );
        if let Some(sign_off) = &c.sign_off {
            let _ = write!(h, "<p>{}</p>", e(sign_off));
        }
    }
    let _ = write!(
        h,
        "<p class=\"small\">{}</p></footer>",
        // The sources one a line, as the text view lists them.
        e(&crate::render::provenance(plan)).replace('\n', "<br>\n")
    );
    h
}

/// The QR code of `text`, as inline SVG.
pub(crate) fn qr_svg(text: &str) -> String {
    match qrcode::QrCode::new(text.as_bytes()) {
        Ok(code) => {
            let svg = code
                .render::<qrcode::render::svg::Color<'_>>()
                .min_dimensions(200, 200)
                .quiet_zone(true)
                .build();
            // Inline: without the XML declaration, with a name for screen readers.
            let svg = svg
                .find("<svg")
                .map_or(svg.as_str(), |i| &svg[i..])
                .to_string();
            svg.replacen(
                "<svg",
                "<svg role=\"img\" aria-label=\"QR code of the plan's link\"",
                1,
            )
        }
        Err(_) => String::new(),
    }
}

/// `GET /p/{token}/calendar.ics`: the feed, as stored; 304 when the client has it already.
pub(crate) async fn feed(
    State(app): State<Arc<App>>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(token) = super::token::Token::parse(&token) else {
        return gone_feed();
    };
    let record = match app.plans.stored(&token) {
        Ok(Some(record)) => record,
        Ok(None) => return gone_feed(),
        Err(err) => return err.page(),
    };
    let etag = HeaderValue::from_str(&record.etag).unwrap_or(HeaderValue::from_static("\"0\""));
    let fresh = headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|tag| {
            let tag = tag.trim();
            tag == "*" || tag.trim_start_matches("W/") == record.etag
        });
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/calendar; charset=utf-8"),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_static("attachment; filename=\"aftercare.ics\""),
                ),
            ],
            match app.plans.calendar(&token, &record) {
                Ok(calendar) => calendar,
                Err(err) => return err.page(),
            },
        )
            .into_response()
    };
    response.headers_mut().insert(header::ETAG, etag);
    private(response)
}

fn gone_feed() -> Response {
    (
        StatusCode::GONE,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        ServeError::Gone.to_string(),
    )
        .into_response()
}

/// `GET /p/{token}/handout`: one printable page.
pub(crate) async fn handout(State(app): State<Arc<App>>, Path(token): Path<String>) -> Response {
    let loaded = match app.plans.load(&token) {
        Ok(l) => l,
        Err(err) => return err.page(),
    };
    let plan = &loaded.plan;
    let style = loaded.prepared.options.style;
    let year = chrono::Datelike::year(&plan.appointment.start.naive_local());
    let when = |t| style.when(t, year);
    let a = &plan.appointment;
    let mut h = String::new();
    let _ = write!(
        h,
        "<h1>Your aftercare plan</h1><p class=\"lede\">{}: {}, {} ({}).</p>",
        e(&if loaded.prepared.discreet {
            "Your appointment".to_string()
        } else {
            format!("Your {} appointment", loaded.prepared.procedure)
        }),
        e(&style.dated(a.start.date_naive())),
        e(&style.clock(a.start.time())),
        e(a.tz.name())
    );
    let _ = write!(
        h,
        "<figure class=\"qr small-qr\">{}<figcaption>Scan to open your plan on your phone: add it to your calendar there, or report a change. <a href=\"{url}\" class=\"page-link\">Open your plan</a></figcaption></figure>",
        qr_svg(&app.plans.page_url(&loaded.token)),
        url = e(&app.plans.page_url(&loaded.token))
    );
    // On paper, the windows that end together are one line, the time said once: "Until Sun
    // 7 Feb 16:30: No heat. No pressure on the face." (a plan of six areas has a dozen).
    h.push_str("<h2>What to avoid, and until when</h2><ul class=\"avoid\">");
    let mut windows: Vec<_> = plan.windows.iter().collect();
    windows.sort_by_key(|w| w.end);
    for group in windows.chunk_by(|a, b| a.end == b.end) {
        let titles: Vec<String> = group
            .iter()
            .map(|w| format!("{}.", e(&crate::units::capitalise(&w.title))))
            .collect();
        let _ = write!(
            h,
            "<li><strong class=\"when\">Until {}:</strong> {}</li>",
            e(&when(group[0].end)),
            titles.join(" ")
        );
    }
    h.push_str("</ul><h2>Getting back to exercise</h2><ul>");
    for s in &plan.stages {
        let _ = write!(
            h,
            "<li><strong>From {}: {}.</strong> {}</li>",
            e(&when(s.start)),
            e(&s.title),
            e(&s.advice)
        );
    }
    h.push_str("</ul>");
    // On paper, only the workouts that change are listed one by one; those kept as usual are
    // named once.
    let changed: Vec<_> = plan
        .sessions
        .iter()
        .filter(|s| s.outcome != Outcome::Keep)
        .collect();
    let mut kept: Vec<&str> = Vec::new();
    for s in plan.sessions.iter().filter(|s| s.outcome == Outcome::Keep) {
        if !kept.contains(&s.name.as_str()) {
            kept.push(&s.name);
        }
    }
    if !plan.sessions.is_empty() {
        h.push_str("<h2>Your usual workouts until then</h2><ul class=\"compact\">");
        for s in changed {
            let _ = write!(
                h,
                "<li>{}: {} → {}</li>",
                e(&when(s.start)),
                e(&s.name),
                e(&s.substitute)
            );
        }
        if !kept.is_empty() {
            let _ = write!(h, "<li>{}: as usual.</li>", e(&kept.join(", ")));
        }
        h.push_str("</ul>");
    }
    // The dates to come back to: the check-ins and the follow-up (and any after exercising too
    // soon), with what each is for.
    let mut checks: Vec<_> = plan
        .reminders
        .iter()
        .filter(|r| r.kind != ReminderKind::Care)
        .map(|r| (r.at, &r.title))
        .chain(
            loaded
                .monitoring
                .iter()
                .flat_map(|m| m.checks.iter().map(|c| (c.at, &c.title))),
        )
        .collect();
    checks.sort_by_key(|(at, _)| *at);
    if !checks.is_empty() {
        h.push_str("<h2>Check-ins and follow-up</h2><ul class=\"compact\">");
        for (at, title) in checks {
            let _ = write!(h, "<li>{}: {}</li>", e(&when(at)), e(title));
        }
        h.push_str("</ul>");
    }
    let clinic = app.plans.clinic();
    h.push_str(&warnings_html(plan, clinic.as_ref()));
    h.push_str(&footer(plan, clinic.as_ref()));
    let h = format!(
        "<div class=\"handout{}\">{h}</div>",
        handout_density(text_length(&h))
    );
    let page = layout(
        "Aftercare handout",
        &h,
        clinic.as_ref(),
        app.plans.logo().is_some(),
    );
    private(axum::response::Html(page).into_response())
}

/// How tightly a handout of `chars` characters of text is printed, so that it stays on one
/// sheet of A4 or Letter: a class of `app.css`'s print rules. Measured in the browser tests
/// (`the_handout_prints_on_one_page_of_a4_and_of_letter`): a full week and two areas is about
/// 3,400 characters and fits at the usual size; six areas, four workouts a week and a setback
/// is about 4,300.
fn handout_density(chars: usize) -> &'static str {
    match chars {
        0..=3_700 => "",
        3_701..=4_800 => " dense",
        _ => " denser",
    }
}

/// The characters of an HTML fragment's text (tags left out, entities as one each).
fn text_length(html: &str) -> usize {
    let mut in_tag = false;
    let mut in_entity = false;
    let mut n = 0;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            '&' => {
                in_entity = true;
                n += 1;
            }
            ';' if in_entity => in_entity = false,
            _ if in_entity => {}
            _ => n += 1,
        }
    }
    n
}

/// The `at` field of the setback and "oops" forms, and what was done (the "oops" form's).
#[derive(serde::Deserialize)]
pub(crate) struct AtForm {
    #[serde(default)]
    at: String,
    #[serde(default)]
    activity: String,
}

/// The setback and "oops" forms' body: past the limit, 413 saying the limit.
fn read_at(app: &App, form: Result<Form<AtForm>, FormRejection>) -> Result<AtForm, Box<Response>> {
    match form {
        Ok(Form(form)) => Ok(form),
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(Box::new(
            (
                StatusCode::PAYLOAD_TOO_LARGE,
                message_page("Too large", &super::guard::too_large(app.max_body)),
            )
                .into_response(),
        )),
        Err(e) => Err(Box::new(e.into_response())),
    }
}

/// `POST /p/{token}/setback`.
pub(crate) async fn setback(
    State(app): State<Arc<App>>,
    Path(token): Path<String>,
    form: Result<Form<AtForm>, FormRejection>,
) -> Response {
    let form = match read_at(&app, form) {
        Ok(form) => form,
        Err(r) => return *r,
    };
    revise(&app, &token, form, "setbacks", |req, at| {
        req.setbacks.push(at)
    })
}

/// `POST /p/{token}/oops`.
pub(crate) async fn oops(
    State(app): State<Arc<App>>,
    Path(token): Path<String>,
    form: Result<Form<AtForm>, FormRejection>,
) -> Response {
    let form = match read_at(&app, form) {
        Ok(form) => form,
        Err(r) => return *r,
    };
    let did = form.activity.trim().to_string();
    // An error names the field it is about: the time, or what was done.
    let field = if did.is_empty() {
        "oops"
    } else {
        "oops_activity"
    };
    revise(&app, &token, form, field, move |req, at| {
        req.oops = Some(at);
        req.oops_activity = (!did.is_empty()).then_some(did);
    })
}

fn revise(
    app: &App,
    token: &str,
    form: AtForm,
    field: &'static str,
    change: impl FnOnce(&mut PlanRequest, String),
) -> Response {
    let now = Utc::now();
    let current = match app.plans.load(token) {
        Ok(c) => c,
        Err(err) => return err.page(),
    };
    let typed_at = form.at.trim().to_string();
    let typed_activity = form.activity.trim().to_string();
    let at = if typed_at.is_empty() {
        local_now(&current, now)
    } else {
        typed_at.clone()
    };
    match app.plans.revise(token, now, |req| change(req, at)) {
        Ok(loaded) => {
            super::followups::revised(app, &loaded);
            Redirect::to(&format!("/p/{}", loaded.token.as_str())).into_response()
        }
        Err(ServeError::Input(err)) => {
            let mut errors = HashMap::new();
            errors.insert(field, report_error(&current, &err));
            // What was typed stays in the fields, to be corrected rather than typed again.
            let at_field = if field == "setbacks" {
                "setbacks"
            } else {
                "oops"
            };
            let typed = HashMap::from([(at_field, typed_at), ("oops_activity", typed_activity)]);
            private(
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    axum::response::Html(plan_page(app, &current, now, &errors, &typed)),
                )
                    .into_response(),
            )
        }
        Err(other) => other.page(),
    }
}

/// The delete form: `confirm=yes` from the confirmation page's button.
#[derive(serde::Deserialize)]
pub(crate) struct DeleteForm {
    #[serde(default)]
    confirm: String,
}

/// A report's error as the patient reads it: a time before the appointment ended is said in
/// a sentence with the time it ended; other errors as the library words them.
fn report_error(current: &Loaded, err: &crate::error::Error) -> String {
    let end = current.plan.appointment.end;
    let given = match err {
        crate::error::Error::Invalid { field, value, .. }
            if matches!(field.as_str(), "setbacks" | "oops") =>
        {
            ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
                .iter()
                .find_map(|f| chrono::NaiveDateTime::parse_from_str(value.trim(), f).ok())
        }
        _ => None,
    };
    match given {
        Some(given) if given < end.naive_local() => {
            let style = current.prepared.options.style;
            format!(
                "That time is before your appointment ended ({}). Choose a later time, or leave it empty for now.",
                style.when(end, chrono::Datelike::year(&end.naive_local()))
            )
        }
        _ => err.to_string(),
    }
}

/// `POST /p/{token}/delete`: without `confirm=yes` (the plan page's button), the page that
/// asks; with it, erased, and says so. Two steps without script, so a slip of the thumb
/// erases nothing.
pub(crate) async fn delete(
    State(app): State<Arc<App>>,
    Path(token): Path<String>,
    form: Result<Form<DeleteForm>, FormRejection>,
) -> Response {
    let confirmed = form.is_ok_and(|Form(f)| f.confirm == "yes");
    if !confirmed {
        return match app.plans.load(&token) {
            Ok(loaded) => private(axum::response::Html(delete_page(&app, &loaded)).into_response()),
            Err(err) => err.page(),
        };
    }
    match app.plans.delete(&token) {
        Ok(()) => message_page("Your plan is deleted", "It is erased from this server: its page and calendar link no longer work, and no more reminder e-mails are sent. Events already in your calendar stay until you remove the subscription or the events.").into_response(),
        Err(err) => err.page(),
    }
}

/// "Delete your plan?": what goes, and the two ways on.
fn delete_page(app: &App, loaded: &Loaded) -> String {
    let clinic = app.plans.clinic();
    let body = format!(
        "<h1>Delete your plan?</h1>\n\
         <p>This erases your plan from this server now. Its page and its calendar link stop working, reminder e-mails stop, and it cannot be undone. Events already in your calendar stay until you remove them.</p>\n\
         <form method=\"post\" action=\"/p/{t}/delete\"><input type=\"hidden\" name=\"confirm\" value=\"yes\">\
         <button type=\"submit\" class=\"danger\">Yes, delete my plan</button></form>\n\
         <p><a class=\"button\" href=\"/p/{t}\">No, keep my plan</a></p>",
        t = loaded.token.as_str()
    );
    layout(
        "Delete your plan?",
        &body,
        clinic.as_ref(),
        app.plans.logo().is_some(),
    )
}

/// `GET /healthz`: 200 when the database answers.
pub(crate) async fn health(State(app): State<Arc<App>>) -> Response {
    match app.plans.store().ping() {
        Ok(()) => (StatusCode::OK, "ok\n").into_response(),
        Err(err) => {
            eprintln!("aftercare serve: health check: {err}");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response()
        }
    }
}

/// `GET /logo`: the clinic's logo, as an admin uploaded it (PNG or JPEG).
pub(crate) async fn logo(State(app): State<Arc<App>>) -> Response {
    match app.plans.logo() {
        Some(logo) => (
            [
                (header::CONTENT_TYPE, logo.content_type),
                (header::CACHE_CONTROL, "public, max-age=300"),
            ],
            logo.bytes.clone(),
        )
            .into_response(),
        None => not_found().await,
    }
}

/// `GET /static/{name}`: the stylesheet and the script, from the binary.
pub(crate) async fn asset(Path(name): Path<String>) -> Response {
    let (body, kind) = match name.as_str() {
        "app.css" => (include_str!("assets/app.css"), "text/css; charset=utf-8"),
        "app.js" => (
            include_str!("assets/app.js"),
            "text/javascript; charset=utf-8",
        ),
        "day-list.js" => (
            include_str!("assets/day-list.js"),
            "text/javascript; charset=utf-8",
        ),
        _ => return not_found().await,
    };
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// Anything else: 404.
pub(crate) async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        message_page("Not found", "There is no page at this address."),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_handout_s_length_is_its_text_and_sets_its_print_size() {
        assert_eq!(
            text_length("<li><strong>No heat</strong> &amp; sun</li>"),
            13
        );
        assert_eq!(text_length("<svg><path d=\"M0 0h5\"/></svg>"), 0);
        assert_eq!(handout_density(3_400), "");
        assert_eq!(handout_density(4_300), " dense");
        assert_eq!(handout_density(6_000), " denser");
    }

    #[test]
    fn the_zone_lists_offer_current_names_and_keep_an_old_one_chosen() {
        let offered: Vec<&str> = crate::tz::offered_zones().collect();
        assert!(offered.len() > 400, "{}", offered.len());
        for zone in &offered {
            assert!(crate::tz::zone_named(zone).is_some(), "{zone} is read");
        }
        for current in ["Europe/Madrid", "America/New_York", "Asia/Kolkata", "UTC"] {
            assert!(offered.contains(&current), "{current}");
        }
        for old in ["US/Eastern", "Asia/Calcutta", "GB", "Etc/GMT+5", "EST5EDT"] {
            assert!(!offered.contains(&old), "{old}");
        }
        let options = zone_options("US/Eastern");
        assert!(options.starts_with("<option value=\"US/Eastern\" selected>"));
        assert_eq!(options.matches(" selected").count(), 1);
        assert!(
            zone_options("Europe/Madrid").contains("<option value=\"Europe/Madrid\" selected>")
        );
        assert!(!zone_options("").contains(" selected"));
    }
}
