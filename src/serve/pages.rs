//! The HTML pages: the form, the plan, the handout, and the small pages around them. Rendered
//! on the server from templates (`src/serve/templates/`, see [`super::views`]), in the
//! patient's language, working without script (the one script only preselects the browser's
//! zone and copies a link), every typed text escaped.
//!
//! The language of a page: a plan's pages speak the plan's (kept with it, changed by the
//! switch on its page); the form and the pages without a plan speak `?lang=`, else the
//! browser's `Accept-Language`, else English.

use std::collections::HashMap;
use std::fmt::Write;
use std::path::Path as FsPath;
use std::sync::Arc;

use axum::extract::rejection::FormRejection;
use axum::extract::{Form, Multipart, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};

use super::plans::Loaded;
use super::views::{self, Choice, Frame, render};
use super::{App, ServeError};
use crate::i18n::Lang;
use crate::input::request::PlanRequest;
use crate::model::protocol::ReminderKind;
use crate::model::{Clinic, Outcome, Routine};
use crate::render::days::{Kind, day_label, days};
use crate::render::html::escape as e;
use crate::render::timeline;

/// How many routine rows the form offers (empty rows are ignored).
const ROWS: usize = 5;
const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The language a page without a plan speaks: `?lang=` (the switch's links), else the
/// browser's first choice among ours (`Accept-Language`), else the clinic's, else English.
pub(crate) fn asked_lang(app: &App, query: Option<&str>, headers: &HeaderMap) -> Lang {
    query
        .and_then(|q| q.parse().ok())
        .or_else(|| {
            Lang::negotiate(
                headers
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or(""),
            )
        })
        .unwrap_or_else(|| app.plans.default_lang())
}

/// The `?lang=` of a page's address.
#[derive(serde::Deserialize)]
pub(crate) struct LangQuery {
    #[serde(default)]
    lang: Option<String>,
}

/// A short page in English that says one thing (the guard's refusals).
pub(crate) fn message_page(title: &str, message: &str) -> axum::response::Html<String> {
    message_page_in(Lang::En, title, message)
}

/// Where a short page leads on: the patient's form, or the desk's first page.
#[derive(Clone, Copy)]
pub(crate) enum Home {
    Patient,
    Desk,
}

/// A short page that says one thing, in `lang`, leading on to the patient's form.
pub(crate) fn message_page_in(
    lang: Lang,
    title: &str,
    message: &str,
) -> axum::response::Html<String> {
    message_page_to(Home::Patient, lang, title, message)
}

/// A short page that says one thing, in `lang`, leading on to `home`.
pub(crate) fn message_page_to(
    home: Home,
    lang: Lang,
    title: &str,
    message: &str,
) -> axum::response::Html<String> {
    let (href, label) = match home {
        Home::Patient => ("/", "page-new-plan"),
        Home::Desk => ("/desk", "desk-nav-home"),
    };
    axum::response::Html(render(&views::Message {
        frame: Frame::bare(lang, title.to_string()),
        message,
        href,
        label: lang.t(label),
    }))
}

/// A missing plan: the same answer for unknown, deleted, purged and malformed tokens.
fn gone(home: Home, lang: Lang) -> Response {
    (
        StatusCode::GONE,
        message_page_to(home, lang, &lang.t("gone-title"), &lang.t("gone-text")),
    )
        .into_response()
}

impl ServeError {
    /// The error as a page, in English (the desk's).
    pub(crate) fn page(&self) -> Response {
        self.page_in(Lang::En)
    }

    /// The error as a page, in `lang`.
    pub(crate) fn page_in(&self, lang: Lang) -> Response {
        self.page_to(Home::Patient, lang)
    }

    /// The error as a page, in `lang`, leading on to `home`.
    pub(crate) fn page_to(&self, home: Home, lang: Lang) -> Response {
        let page = |status: StatusCode, title: &str, text: &str| {
            (status, message_page_to(home, lang, &lang.t(title), text)).into_response()
        };
        match self {
            ServeError::Gone => gone(home, lang),
            ServeError::Input(err) => page(
                StatusCode::UNPROCESSABLE_ENTITY,
                "check-title",
                &say(err, lang),
            ),
            ServeError::Conflict => {
                page(StatusCode::CONFLICT, "retry-title", &lang.t("retry-text"))
            }
            ServeError::OverBudget => page(
                StatusCode::TOO_MANY_REQUESTS,
                "tomorrow-title",
                &lang.t("tomorrow-text"),
            ),
            _ => {
                eprintln!("aftercare serve: {self}");
                page(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "server-title",
                    &lang.t("server-text"),
                )
            }
        }
    }
}

/// A library error as a patient reads it in `lang`. In English, the library's own words,
/// which name the field, the value and what is expected. In another language, the errors a
/// form can meet are said in it; any other is introduced in it, its detail in English (the
/// library's checks are worded in English only).
pub(crate) fn say(err: &crate::error::Error, lang: Lang) -> String {
    use crate::error::Error;
    if lang == Lang::En {
        return err.to_string();
    }
    match err {
        Error::LocalTimeGap(gap) => lang.tr(
            "form-error-gap",
            &[
                ("value", &gap.value),
                ("zone", &gap.zone),
                ("before", &gap.before),
                ("after", &gap.after),
            ],
        ),
        Error::LocalTimeFold { value, zone, .. } => {
            lang.tr("form-error-fold", &[("value", value), ("zone", zone)])
        }
        Error::UnknownZone { .. } => lang.t("form-error-zone"),
        Error::Invalid { field, .. }
        | Error::Unknown { field, .. }
        | Error::Limit { field, .. }
            if field == "minutes" =>
        {
            lang.t("form-error-minutes")
        }
        Error::Invalid { field, .. } | Error::Unknown { field, .. } if field == "areas" => {
            lang.t("form-error-areas")
        }
        Error::Invalid { field, .. } | Error::Unknown { field, .. } if field == "product" => {
            lang.t("form-error-product")
        }
        Error::Invalid { field, .. } if field == "email" => lang.t("form-error-email"),
        Error::Invalid { field, .. } | Error::Limit { field, .. } if field == "workout" => {
            lang.t("form-error-workout-value")
        }
        Error::Invalid { field, .. } if matches!(field.as_str(), "at" | "setbacks" | "oops") => {
            lang.t("form-error-at")
        }
        other => lang.tr("form-error-other", &[("detail", &other.to_string())]),
    }
}

/// The form's values (kept when it comes back with errors) and its errors, by field.
#[derive(Default)]
pub(crate) struct FormState {
    pub(crate) values: HashMap<String, Vec<String>>,
    pub(crate) errors: HashMap<String, String>,
    /// An error that belongs to no one field.
    pub(crate) general: Option<String>,
    /// The patient's language (the form's `lang` field): the plan's.
    pub(crate) lang: Lang,
    /// The desk's form: the language it speaks to staff (the staff's, whatever the patient's).
    pub(crate) desk: Option<Lang>,
}

impl FormState {
    /// The language the form's own messages are written in.
    pub(crate) fn speaks(&self) -> Lang {
        self.desk.unwrap_or(self.lang)
    }

    pub(crate) fn get(&self, name: &str) -> &str {
        self.values
            .get(name)
            .and_then(|v| v.first())
            .map_or("", |s| s.as_str())
    }

    pub(crate) fn has(&self, name: &str, value: &str) -> bool {
        self.values
            .get(name)
            .is_some_and(|v| v.iter().any(|x| x == value))
    }

    /// The error next to a field, if any, tied to it for screen readers.
    pub(crate) fn error(&self, name: &str) -> String {
        field_error(name, self.errors.get(name).map(String::as_str))
    }

    /// A field's `id`, tied to its error for screen readers; the first field in error (in
    /// the form's order) gets the focus when the page comes back.
    pub(crate) fn attrs(&self, name: &str) -> String {
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

/// `GET /`: the form, in the language asked for (`?lang=`, else `Accept-Language`).
pub(crate) async fn form(
    State(app): State<Arc<App>>,
    Query(query): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let mut state = FormState {
        lang: asked_lang(&app, query.lang.as_deref(), &headers),
        ..FormState::default()
    };
    state.values.insert("minutes".into(), vec!["30".into()]);
    state.values.insert("sweat".into(), vec!["moderate".into()]);
    let mut response = axum::response::Html(form_page(&app, &state, None)).into_response();
    // The page differs by the browser's languages: a cache keeps one copy for each.
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("Accept-Language"));
    response
}

/// The form: the patient's (`desk` is `None`), in the patient's language, or the desk's
/// hand-over form with the sign-in's form token, in the desk's, where the patient's language
/// is chosen.
pub(crate) fn form_page(app: &App, s: &FormState, desk: Option<&str>) -> String {
    let lang = s.speaks();
    let protocol = app.plans.protocols(None).ok();
    // The areas and products as the patient's language names them, when the clinic's
    // protocol covers it.
    let protocol = protocol
        .as_ref()
        .and_then(|p| p.get(lang).or_else(|_| p.get(Lang::En)).ok().cloned());
    let clinic = app.plans.clinic();
    let mut problems: Vec<(Option<&str>, &str)> =
        s.general.iter().map(|g| (None, g.as_str())).collect();
    problems.extend(s.in_order().into_iter().map(|(f, m)| (Some(f), m)));
    let title = lang.t(if desk.is_some() {
        "desk-form-title"
    } else {
        "form-title"
    });
    let title = if problems.is_empty() {
        title
    } else {
        lang.tr("page-error-title", &[("title", &title)])
    };
    let mut frame = Frame::of(app, lang, title);
    if desk.is_none() {
        frame = frame.switching(None);
    }
    let choice = |id: &str, name: String, on: bool| Choice {
        id: id.to_string(),
        name,
        on,
    };
    let (areas, products) = match &protocol {
        Some(p) => (
            p.areas
                .iter()
                .map(|a| choice(&a.id, a.name.clone(), s.has("areas", &a.id)))
                .collect(),
            p.products
                .iter()
                .map(|p| choice(&p.id, p.name.clone(), s.get("product") == p.id))
                .collect(),
        ),
        None => (Vec::new(), Vec::new()),
    };
    let catalogue = crate::model::Catalogue::builtin_in(lang);
    let day_names: Vec<String> = DAYS
        .iter()
        .map(|d| lang.tr("form-day", &[("day", d)]))
        .collect();
    let workouts = (0..ROWS)
        .map(|i| {
            let name = format!("w{i}");
            let field = |part: &str| s.get(&format!("{name}_{part}")).to_string();
            views::WorkoutRow {
                legend: lang.tr("form-workout", &[("n", &(i + 1).to_string())]),
                days: DAYS
                    .iter()
                    .zip(&day_names)
                    .map(|(d, day)| choice(d, day.clone(), s.has(&format!("{name}_days"), d)))
                    .collect(),
                time: field("time"),
                minutes: field("minutes"),
                activity: field("activity"),
                name,
            }
        })
        .collect();
    // In the order of their names in the page's language, as a person looks for one.
    let mut activities: Vec<Choice> = catalogue
        .iter()
        .map(|a| choice(&a.id, crate::units::capitalise(&a.name), false))
        .collect();
    activities.sort_by_key(|a| a.name.to_lowercase());
    let sweat = SWEAT_CHOICES
        .iter()
        .map(|value| {
            choice(
                value,
                lang.t(&format!("form-sweat-{value}")),
                s.get("sweat") == *value,
            )
        })
        .collect();
    let names = app.plans.protocol_names();
    let protocols = names
        .iter()
        .map(|n| choice(n, n.clone(), s.get("protocol") == n))
        .collect();
    let desk = desk.map(|token| views::DeskPart {
        token: token.to_string(),
        consent: super::followups::texts(lang).desk_consent.clone(),
        languages: Lang::ALL
            .into_iter()
            .map(|l| (l.tag(), l.own_name(), l == s.lang))
            .collect(),
    });
    let words = if desk.is_some() {
        &views::STAFF_WORDS
    } else {
        &views::PATIENT_WORDS
    };
    render(&views::Form {
        frame,
        problems,
        desk,
        s,
        words,
        zones: zone_select(s.get("tz"), clinic.as_ref(), &s.attrs("tz")),
        areas,
        products,
        workouts,
        activities,
        sweat,
        protocols,
    })
}

/// The sweat levels a form offers (each labelled by the catalogue's `form-sweat-<level>`).
pub(crate) const SWEAT_CHOICES: [&str; 3] = ["light", "moderate", "heavy"];

/// `POST /plans`: plan, store, and 303 to the plan's page; or the form again, with the
/// values kept and each error next to its field (422).
pub(crate) async fn create(
    State(app): State<Arc<App>>,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let (mut state, upload) = match read_form(&app, multipart, None).await {
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
            Err(other) => other.page_in(state.speaks()),
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

/// Reads the form's fields and its upload (the desk's form, in the `desk`'s language, or the
/// patient's); on failure, the status and the form's state with the reason (413 past the
/// size limit).
pub(crate) async fn read_form(
    app: &App,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
    desk: Option<Lang>,
) -> Result<(FormState, Upload), (StatusCode, FormState)> {
    let mut state = FormState {
        desk,
        ..FormState::default()
    };
    let mut upload: Option<(String, Vec<u8>)> = None;
    // A body past the limit is told as such (413), whichever part of the form crossed it.
    let failed = |status: StatusCode| status;
    let read = async {
        let mut multipart = multipart.map_err(|e| failed(e.status()))?;
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|e| failed(e.status()))?
        {
            let name = field.name().unwrap_or_default().to_string();
            if name == "calendar" {
                let file = field.file_name().unwrap_or("calendar.ics").to_string();
                let bytes = field.bytes().await.map_err(|e| failed(e.status()))?;
                if !bytes.is_empty() {
                    upload = Some((file, bytes.to_vec()));
                }
            } else if name.len() <= 40 {
                let text = field.text().await.map_err(|e| failed(e.status()))?;
                state.values.entry(name).or_default().push(text);
            }
        }
        Ok::<_, StatusCode>(())
    };
    let read = read.await;
    // The form's first field is its language: known even when a later part failed.
    state.lang = state.get("lang").parse().unwrap_or_default();
    if let Err(status) = read {
        let lang = state.speaks();
        let too_large = status == StatusCode::PAYLOAD_TOO_LARGE;
        state.general = Some(if too_large {
            lang.tr(
                "form-error-too-large",
                &[("kib", &(app.max_body / 1024).to_string())],
            )
        } else {
            lang.t("form-error-unreadable")
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

/// Puts a library error next to the form field it names, in the form's language.
pub(crate) fn place_error(state: &mut FormState, err: &crate::error::Error) {
    let message = say(err, state.speaks());
    let field = match err.field() {
        Some("at") => "date",
        Some(
            f @ ("tz" | "minutes" | "areas" | "product" | "sweat" | "fold" | "protocol"
            | "calendar" | "adjust" | "adjust_reason"),
        ) => f,
        _ => {
            state.general = Some(message);
            return;
        }
    };
    state.errors.insert(field.to_string(), message);
}

/// The form's values as a request; `None` when a row or the upload is wrong (the errors are
/// in `state`). The request's own fields are checked when it is planned.
pub(crate) fn request_of(
    app: &App,
    state: &mut FormState,
    upload: Option<(String, Vec<u8>)>,
) -> Option<PlanRequest> {
    let lang = state.speaks();
    let date = state.get("date").trim().to_string();
    let time = state.get("time").trim().to_string();
    if date.is_empty() {
        state
            .errors
            .insert("date".into(), lang.t("form-error-date"));
    }
    if time.is_empty() {
        state
            .errors
            .insert("time".into(), lang.t("form-error-time"));
    }
    let minutes = match state.get("minutes").trim() {
        "" => 30,
        text => match text.parse::<i64>() {
            Ok(m) => m,
            Err(_) => {
                let message = if lang == Lang::En {
                    format!(
                        "minutes: invalid value {text:?}; expected a whole number of minutes, 1 to 720"
                    )
                } else {
                    lang.t("form-error-minutes")
                };
                state.errors.insert("minutes".into(), message);
                0
            }
        },
    };
    let mut workouts = Vec::new();
    for i in 0..ROWS {
        let name = format!("w{i}");
        let n = (i + 1).to_string();
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
            (days.is_empty(), "form-missing-days"),
            (at.is_empty(), "form-missing-time"),
            (length.is_empty(), "form-missing-minutes"),
            (activity, "form-missing-activity"),
        ]
        .into_iter()
        .filter(|(m, _)| *m)
        .map(|(_, what)| lang.t(what))
        .collect::<Vec<_>>();
        if !missing.is_empty() {
            // "the days, the time and the minutes": commas, and the language's "and" last.
            let missing = match missing.split_last() {
                Some((last, [])) => last.clone(),
                Some((last, rest)) => {
                    format!("{}{}{last}", rest.join(", "), lang.t("form-error-and"))
                }
                None => String::new(),
            };
            state.errors.insert(
                name,
                lang.tr("form-error-workout", &[("n", &n), ("missing", &missing)]),
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
                state.errors.insert(
                    name,
                    lang.tr(
                        "form-error-workout-other",
                        &[("n", &n), ("reason", &say(&err, lang))],
                    ),
                );
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
        // English is said by leaving the field out, so that the stored requests of English
        // plans are as they were.
        lang: Some(state.lang).filter(|l| *l != Lang::En),
        ..PlanRequest::default()
    };
    if !state.errors.is_empty() {
        return None;
    }
    if let Some((file, bytes)) = upload {
        // The window a calendar's workouts matter in: from the end of the appointment until the
        // full routine is back, known from a plan without them.
        let protocols = app.plans.protocols(request.protocol.as_deref()).ok()?;
        let protocol = match protocols.get(state.lang) {
            Ok(p) => p.clone(),
            Err(err) => {
                place_error(state, &err);
                return None;
            }
        };
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
                state
                    .errors
                    .insert("calendar".into(), lang.t("form-error-calendar-text"));
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
                let message = match lang {
                    Lang::En => err.to_string(),
                    // The reader's account of what is wrong in the file is English: said in
                    // the page's language as what the patient can do about it.
                    _ => lang.t("form-error-calendar"),
                };
                state.errors.insert("calendar".into(), message);
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

/// `GET /p/{token}`: the plan, in its language.
pub(crate) async fn plan(
    State(app): State<Arc<App>>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
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
        Err(err) => err.page_in(asked_lang(&app, None, &headers)),
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

/// "Your Botox appointment" (or touch-up), as the plan's pages name the visit.
fn visit(loaded: &Loaded) -> String {
    let lang = loaded.plan.lang;
    let kind = if loaded.plan.appointment.touch_up {
        "touch-up"
    } else {
        "appointment"
    };
    if loaded.prepared.discreet {
        lang.tr("plan-visit", &[("kind", kind)])
    } else {
        lang.tr(
            "plan-visit-of",
            &[("procedure", &loaded.prepared.procedure), ("kind", kind)],
        )
    }
}

/// "Your Botox appointment: Thu 4 Dec, 15:00 (Europe/Madrid)."
fn lede(loaded: &Loaded) -> String {
    let a = &loaded.plan.appointment;
    let style = loaded.prepared.options.style;
    loaded.plan.lang.tr(
        "plan-lede",
        &[
            ("visit", &visit(loaded)),
            ("date", &style.dated(a.start.date_naive())),
            ("time", &style.clock(a.start.time())),
            ("zone", a.tz.name()),
        ],
    )
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
    let lang = plan.lang;
    let style = loaded.prepared.options.style;
    let plans = &app.plans;
    let zone = plan.appointment.tz;
    let local_now = now.with_timezone(&zone);
    let year = chrono::Datelike::year(&local_now.naive_local());
    // A report that came back: said at the top, its field focused (in the form's order).
    let problems: Vec<(Option<&str>, &str)> = ["setbacks", "oops", "oops_activity"]
        .into_iter()
        .filter_map(|f| errors.get(f).map(|m| (Some(f), m.as_str())))
        .collect();
    let first = problems.first().and_then(|(f, _)| *f);
    let clinic = plans.clinic();
    let mut notes = plan.notes.clone();
    for at in &plan.appointment.setbacks {
        // The step back the planner made for it (a setback before the plan's stages has none).
        let back = plan
            .stages
            .iter()
            .position(|st| st.setback && st.start == *at);
        // In the first stage there is none to step back to: the plan stays in it.
        let stayed = back.is_some_and(|i| i > 0 && plan.stages[i - 1].id == plan.stages[i].id);
        let when = style.when(*at, year);
        notes.push(match back.and_then(|i| plan.stages[i].end) {
            Some(until) => lang.tr(
                if stayed {
                    "plan-setback-stay"
                } else {
                    "plan-setback"
                },
                &[("when", &when), ("until", &style.when(until, year))],
            ),
            None => lang.tr("plan-setback-before", &[("when", &when)]),
        });
    }
    let exercised = loaded.monitoring.as_ref().map(|m| {
        (
            lang.tr(
                "plan-exercised",
                &[("when", &style.when(m.exercised, year))],
            ),
            m.note.clone(),
        )
    });
    // The calendar: download, subscribe, QR code.
    let feed = plans.feed_url(&loaded.token);
    let calendar_name = if loaded.prepared.discreet {
        lang.t("plan-calendar-name-discreet")
    } else {
        lang.tr(
            "plan-calendar-name",
            &[("procedure", &loaded.prepared.procedure)],
        )
    };
    let outlook = url::Url::parse_with_params(
        "https://outlook.live.com/calendar/0/addfromweb",
        &[("url", feed.as_str()), ("name", calendar_name.as_str())],
    )
    .map(|u| u.to_string())
    .unwrap_or_default();
    let title = lang.t("plan-title");
    let title = if problems.is_empty() {
        title
    } else {
        lang.tr("page-error-title", &[("title", &title)])
    };
    let token = loaded.token.as_str();
    render(&views::PlanPage {
        frame: Frame::of(app, lang, title).switching(Some(format!("/p/{token}/language"))),
        problems,
        lede: lede(loaded),
        intro: clinic.as_ref().and_then(|c| c.intro.clone()),
        notes,
        exercised,
        token,
        webcal: plans.webcal_url(&loaded.token),
        feed,
        outlook: lang.tr("plan-outlook", &[("href", &e(&outlook))]),
        qr: qr_svg(&plans.page_url(&loaded.token), lang),
        // What a patient needs first on a phone: the calendar, then the signs to watch for;
        // the picture and the days after.
        followups: super::followups::page_section(app, loaded, errors, typed),
        warnings: warnings_html(plan, clinic.as_ref()),
        timeline: timeline::render(plan, Some(now), style),
        days: days_html(loaded, local_now),
        report: views::Fields {
            errors,
            typed,
            first,
        },
        footer: footer(plan, clinic.as_ref()),
    })
}

/// The day-by-day view of a plan read at `local_now`, in the plan's language: earlier days
/// folded away.
pub(crate) fn days_html(loaded: &Loaded, local_now: DateTime<crate::tz::Zone>) -> String {
    let plan = &loaded.plan;
    let lang = plan.lang;
    let style = loaded.prepared.options.style.with_lang(lang);
    let year = chrono::Datelike::year(&local_now.naive_local());
    // Days with nothing to do or avoid are left out; today stays, to say so.
    let today = local_now.date_naive();
    let all: Vec<_> = days(plan, loaded.monitoring.as_ref(), style)
        .into_iter()
        .filter(|d| d.date == today || !d.avoid.is_empty() || !d.entries.is_empty())
        .collect();
    let past = all.iter().take_while(|d| d.date < today).count();
    let days = all
        .into_iter()
        .map(|day| {
            let label = day_label(day.date, local_now, style);
            let date = style.day(day.date, year);
            // The date under a label that is a word ("Tomorrow"), not under the date itself.
            let date = (label != date).then_some(date);
            // A heading starts with a capital, whatever the language writes mid-sentence.
            let label = crate::units::capitalise(&label);
            let avoid: Vec<String> = day
                .avoid
                .iter()
                .map(|(what, until)| match until {
                    Some(t) => lang.tr("days-until", &[("what", what), ("time", t)]),
                    None => what.clone(),
                })
                .collect();
            views::DayView {
                date,
                label,
                today: day.date == today,
                avoid: avoid.join(lang.separator()),
                nothing: day.avoid.is_empty() && day.entries.is_empty(),
                entries: day
                    .entries
                    .into_iter()
                    .map(|entry| views::EntryView {
                        class: match entry.kind {
                            Kind::Appointment => "appointment",
                            Kind::Stage => "stage",
                            Kind::Workout(Outcome::Keep) => "keep",
                            Kind::Workout(Outcome::Scale) => "scale",
                            Kind::Workout(Outcome::Replace) => "replace",
                            Kind::Workout(Outcome::Skip) => "skip",
                            Kind::Reminder => "reminder",
                            Kind::Check => "check",
                        },
                        time: entry.time,
                        title: entry.title,
                        text: entry.text,
                    })
                    .collect(),
            }
        })
        .collect();
    render(&views::Days {
        lang,
        days,
        past,
        earlier: lang.tr("days-earlier", &[("n", &past.to_string())]),
    })
}

/// The warning signs, as lists, in the plan's language.
pub(crate) fn warnings_html(plan: &crate::model::Plan, clinic: Option<&Clinic>) -> String {
    let w = &plan.warnings;
    let number = crate::render::emergency_number(w, clinic);
    let dial = crate::render::html::dial;
    render(&views::Warnings {
        lang: plan.lang,
        groups: crate::render::warning_groups(w, clinic)
            .into_iter()
            .map(|(label, items)| {
                (
                    dial(&e(&label), number, ""),
                    items
                        .iter()
                        .map(|item| dial(&e(&crate::units::capitalise(item)), number, ""))
                        .collect(),
                )
            })
            .collect(),
        note: w.note.clone(),
    })
}

/// Guidance, the clinic's contact and sign-off, and where the advice comes from: said once.
pub(crate) fn footer(plan: &crate::model::Plan, clinic: Option<&Clinic>) -> String {
    render(&views::Footer {
        guidance: &plan.guidance,
        contact: clinic.map(|c| crate::render::html::contact(c, "", plan.lang)),
        sign_off: clinic.and_then(|c| c.sign_off.as_deref()),
        // The sources one a line, as the text view lists them.
        provenance: crate::render::provenance(plan)
            .lines()
            .map(str::to_string)
            .collect(),
    })
}

/// The QR code of `text`, as inline SVG.
pub(crate) fn qr_svg(text: &str, lang: Lang) -> String {
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
                &format!(
                    "<svg role=\"img\" aria-label=\"{}\"",
                    e(&lang.t("plan-qr-label"))
                ),
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
        return gone_feed(asked_lang(&app, None, &headers));
    };
    let record = match app.plans.stored(&token) {
        Ok(Some(record)) => record,
        Ok(None) => return gone_feed(asked_lang(&app, None, &headers)),
        Err(err) => return err.page_in(asked_lang(&app, None, &headers)),
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

/// A feed that is not here, said in `lang` (calendar apps show it to the person).
fn gone_feed(lang: Lang) -> Response {
    (
        StatusCode::GONE,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        lang.t("gone-text"),
    )
        .into_response()
}

/// `GET /p/{token}/handout`: one printable page, in the plan's language.
pub(crate) async fn handout(
    State(app): State<Arc<App>>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let loaded = match app.plans.load(&token) {
        Ok(l) => l,
        Err(err) => return err.page_in(asked_lang(&app, None, &headers)),
    };
    let plan = &loaded.plan;
    let lang = plan.lang;
    let style = loaded.prepared.options.style;
    let year = chrono::Datelike::year(&plan.appointment.start.naive_local());
    let when = |t| style.when(t, year);
    // On paper, the windows that end together are one line, the time said once: "Until Sun
    // 7 Feb 16:30: No heat. No pressure on the face." (a plan of six areas has a dozen).
    let mut windows: Vec<_> = plan.windows.iter().collect();
    windows.sort_by_key(|w| w.end);
    let avoid = windows
        .chunk_by(|a, b| a.end == b.end)
        .map(|group| {
            let titles: Vec<String> = group
                .iter()
                .map(|w| format!("{}.", crate::units::capitalise(&w.title)))
                .collect();
            (
                lang.tr("handout-until", &[("when", &when(group[0].end))]),
                titles.join(" "),
            )
        })
        .collect();
    let stages = plan
        .stages
        .iter()
        .map(|s| {
            (
                lang.tr(
                    "handout-stage",
                    &[("when", &when(s.start)), ("title", &s.title)],
                ),
                s.advice.clone(),
            )
        })
        .collect();
    // On paper, only the workouts that change are listed one by one; those kept as usual are
    // named once.
    let sessions = plan
        .sessions
        .iter()
        .filter(|s| s.outcome != Outcome::Keep)
        .map(|s| {
            lang.tr(
                "handout-session",
                &[
                    ("when", &when(s.start)),
                    ("name", &s.name),
                    ("what", &s.substitute),
                ],
            )
        })
        .collect();
    let mut kept: Vec<&str> = Vec::new();
    for s in plan.sessions.iter().filter(|s| s.outcome == Outcome::Keep) {
        if !kept.contains(&s.name.as_str()) {
            kept.push(&s.name);
        }
    }
    let kept =
        (!kept.is_empty()).then(|| lang.tr("handout-as-usual", &[("names", &kept.join(", "))]));
    // The dates to come back to: the check-ins and the follow-up (and any after exercising too
    // soon), with what each is for.
    let mut checks: Vec<_> = plan
        .reminders
        .iter()
        .filter(|r| r.kind != ReminderKind::Care)
        .map(|r| (r.at, r.title.clone()))
        .chain(
            loaded
                .monitoring
                .iter()
                .flat_map(|m| m.checks.iter().map(|c| (c.at, c.title.clone()))),
        )
        .collect();
    checks.sort_by_key(|(at, _)| *at);
    let clinic = app.plans.clinic();
    let url = app.plans.page_url(&loaded.token);
    let body = render(&views::HandoutBody {
        lang,
        lede: lede(&loaded),
        qr: qr_svg(&url, lang),
        url,
        avoid,
        stages,
        sessions,
        kept,
        checks: checks
            .into_iter()
            .map(|(at, title)| lang.tr("handout-check", &[("when", &when(at)), ("title", &title)]))
            .collect(),
        warnings: warnings_html(plan, clinic.as_ref()),
        footer: footer(plan, clinic.as_ref()),
    });
    let page = render(&views::Handout {
        frame: Frame::of(&app, lang, lang.t("handout-title")),
        density: handout_density(text_length(&body)),
        body,
    });
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

/// The small forms of a plan's page (setback, "oops", language): past the limit, 413 saying
/// the limit in the plan's language, asked for (`lang`) only then.
fn read_at<T>(
    app: &App,
    form: Result<Form<T>, FormRejection>,
    lang: impl FnOnce() -> Lang,
) -> Result<T, Box<Response>> {
    match form {
        Ok(Form(form)) => Ok(form),
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(Box::new({
            // Only a refusal needs the plan's language: a form read costs no plan's reading.
            let lang = lang();
            (
                StatusCode::PAYLOAD_TOO_LARGE,
                message_page_in(
                    lang,
                    &lang.t("large-title"),
                    &lang.tr("large-text", &[("kib", &(app.max_body / 1024).to_string())]),
                ),
            )
                .into_response()
        })),
        Err(e) => Err(Box::new(e.into_response())),
    }
}

/// The language of the plan of `token`, for the pages that answer a form about it before
/// the plan is read (English when there is no such plan: its page says so in the browser's).
fn plan_lang(app: &App, token: &str, headers: &HeaderMap) -> Lang {
    app.plans
        .load(token)
        .map_or_else(|_| asked_lang(app, None, headers), |l| l.plan.lang)
}

/// `POST /p/{token}/setback`.
pub(crate) async fn setback(
    State(app): State<Arc<App>>,
    Path(token): Path<String>,
    headers: HeaderMap,
    form: Result<Form<AtForm>, FormRejection>,
) -> Response {
    let form = match read_at(&app, form, || plan_lang(&app, &token, &headers)) {
        Ok(form) => form,
        Err(r) => return *r,
    };
    revise(&app, &token, &headers, form, "setbacks", |req, at| {
        req.setbacks.push(at)
    })
}

/// `POST /p/{token}/oops`.
pub(crate) async fn oops(
    State(app): State<Arc<App>>,
    Path(token): Path<String>,
    headers: HeaderMap,
    form: Result<Form<AtForm>, FormRejection>,
) -> Response {
    let form = match read_at(&app, form, || plan_lang(&app, &token, &headers)) {
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
    revise(&app, &token, &headers, form, field, move |req, at| {
        req.oops = Some(at);
        req.oops_activity = (!did.is_empty()).then_some(did);
    })
}

/// The language switch of a plan's page.
#[derive(serde::Deserialize)]
pub(crate) struct LangForm {
    #[serde(default)]
    lang: String,
}

/// `POST /p/{token}/language`: the plan in another language, from now on: its page, its
/// calendar (the feed's next revision, the same events), its e-mails and follow-ups.
pub(crate) async fn language(
    State(app): State<Arc<App>>,
    Path(token): Path<String>,
    headers: HeaderMap,
    form: Result<Form<LangForm>, FormRejection>,
) -> Response {
    let current = plan_lang(&app, &token, &headers);
    let form = match read_at(&app, form, || current) {
        Ok(form) => form,
        Err(r) => return *r,
    };
    let Ok(lang) = form.lang.parse::<Lang>() else {
        return ServeError::Input(crate::error::Error::invalid(
            "lang",
            &form.lang,
            "one of en, es, fr, de, pt-BR",
        ))
        .page_in(current);
    };
    if lang == current {
        return Redirect::to(&format!("/p/{token}")).into_response();
    }
    match app.plans.revise(&token, Utc::now(), |req| {
        req.lang = Some(lang).filter(|l| *l != Lang::En);
    }) {
        Ok(loaded) => {
            // The follow-up e-mails still to come are written again, in the new language.
            super::followups::revised(&app, &loaded);
            Redirect::to(&format!("/p/{}", loaded.token.as_str())).into_response()
        }
        Err(err) => err.page_in(current),
    }
}

fn revise(
    app: &App,
    token: &str,
    headers: &HeaderMap,
    form: AtForm,
    field: &'static str,
    change: impl FnOnce(&mut PlanRequest, String),
) -> Response {
    let now = Utc::now();
    let current = match app.plans.load(token) {
        Ok(c) => c,
        Err(err) => return err.page_in(asked_lang(app, None, headers)),
    };
    let lang = current.plan.lang;
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
        Err(other) => other.page_in(lang),
    }
}

/// The delete form: `confirm=yes` from the confirmation page's button.
#[derive(serde::Deserialize)]
pub(crate) struct DeleteForm {
    #[serde(default)]
    confirm: String,
}

/// A report's error as the patient reads it: a time before the appointment ended is said in
/// a sentence with the time it ended; other errors as [`say`] words them.
fn report_error(current: &Loaded, err: &crate::error::Error) -> String {
    let lang = current.plan.lang;
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
            lang.tr(
                "plan-error-before",
                &[(
                    "end",
                    &style.when(end, chrono::Datelike::year(&end.naive_local())),
                )],
            )
        }
        _ => say(err, lang),
    }
}

/// `POST /p/{token}/delete`: without `confirm=yes` (the plan page's button), the page that
/// asks; with it, erased, and says so. Two steps without script, so a slip of the thumb
/// erases nothing.
pub(crate) async fn delete(
    State(app): State<Arc<App>>,
    Path(token): Path<String>,
    headers: HeaderMap,
    form: Result<Form<DeleteForm>, FormRejection>,
) -> Response {
    let confirmed = form.is_ok_and(|Form(f)| f.confirm == "yes");
    let loaded = match app.plans.load(&token) {
        Ok(loaded) => loaded,
        Err(err) => return err.page_in(asked_lang(&app, None, &headers)),
    };
    let lang = loaded.plan.lang;
    if !confirmed {
        let page = render(&views::Delete {
            frame: Frame::of(&app, lang, lang.t("delete-title")),
            token: loaded.token.as_str(),
        });
        return private(axum::response::Html(page).into_response());
    }
    match app.plans.delete(&token) {
        Ok(()) => {
            message_page_in(lang, &lang.t("deleted-title"), &lang.t("deleted-text")).into_response()
        }
        Err(err) => err.page_in(lang),
    }
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
        None => not_found_in(asked_lang(&app, None, &HeaderMap::new())),
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
        _ => return not_found_in(Lang::En),
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

/// Anything else: 404, in the browser's language.
pub(crate) async fn not_found(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    not_found_in(asked_lang(&app, None, &headers))
}

/// "Not found", in `lang`.
fn not_found_in(lang: Lang) -> Response {
    (
        StatusCode::NOT_FOUND,
        message_page_in(lang, &lang.t("not-found-title"), &lang.t("not-found-text")),
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
