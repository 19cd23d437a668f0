//! The front desk in the browser (`/desk`): sign in, hand a plan over (QR code to scan, or an
//! e-mail), suggest appointment times and book one, and, for an admin, the clinic's settings.
//!
//! A sign-in is a `__Host-` cookie (Secure, HttpOnly, SameSite=Strict) that expires; every
//! state-changing desk form carries the sign-in's form token, and the sign-in form a token of
//! its own (double-submitted with a short-lived cookie). Failed sign-ins are counted per
//! account and per address: past the limit, that account or address waits.

use std::collections::HashMap;
use std::fmt::Write;
use std::net::IpAddr;
use std::path::Path as FsPath;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Form, Multipart, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;

use super::accounts::{Role, Session};
use super::pages::{self, FormState, days_html, layout, qr_svg};
use super::plans::Loaded;
use super::token::Token;
use super::{App, ServeError};
use crate::deliver::mail;
use crate::render::html::escape as e;

const COOKIE: &str = "__Host-aftercare-desk";
const SIGN_IN_COOKIE: &str = "__Host-aftercare-signin";
/// Failed sign-ins allowed per account, and per address, in [`WINDOW`].
const PER_ACCOUNT: usize = 5;
const PER_ADDRESS: usize = 20;
const WINDOW: Duration = Duration::from_secs(15 * 60);

/// Failed sign-ins, per account and per address.
#[derive(Default)]
pub(crate) struct SignIns {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

impl SignIns {
    /// Seconds to wait when `key` has used up its `limit` of failures.
    fn wait(&self, key: &str, limit: usize, now: Instant) -> Option<u64> {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let list = failures.entry(key.to_string()).or_default();
        list.retain(|t| now.duration_since(*t) < WINDOW);
        (list.len() >= limit).then(|| {
            let oldest = list[0];
            (WINDOW - now.duration_since(oldest)).as_secs().max(1)
        })
    }

    fn fail(&self, key: &str, now: Instant) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if failures.len() > 100_000 {
            failures.retain(|_, list| list.iter().any(|t| now.duration_since(*t) < WINDOW));
        }
        failures.entry(key.to_string()).or_default().push(now);
    }

    fn clear(&self, key: &str) {
        self.failures
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(key);
    }
}

/// A cookie's value.
fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v)
}

/// Equal strings, compared in a time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The sign-in of this request, or the way to the sign-in page.
fn signed_in(app: &App, headers: &HeaderMap) -> Result<Session, Box<Response>> {
    let session = cookie(headers, COOKIE)
        .and_then(|token| app.db.session(token, Utc::now().timestamp()).ok().flatten());
    session.ok_or_else(|| Box::new(Redirect::to("/desk/signin").into_response()))
}

/// The sign-in, and its form token checked against the one a form carried.
fn signed_in_with(
    app: &App,
    headers: &HeaderMap,
    given: Option<&str>,
) -> Result<Session, Box<Response>> {
    let session = signed_in(app, headers)?;
    if given.is_some_and(|g| same(g, &session.form_token)) {
        Ok(session)
    } else {
        Err(Box::new(refused_form()))
    }
}

fn refused_form() -> Response {
    (
        StatusCode::FORBIDDEN,
        pages::message_page(
            "Refused",
            "This form is out of date or did not come from this desk: open the page again and retry.",
        ),
    )
        .into_response()
}

fn desk_page(title: &str, session: &Session, body: &str, app: &App) -> Response {
    pages::private(Html(desk_html(title, session, body, app)).into_response())
}

/// A desk page: the desk's menu, then `body`.
fn desk_html(title: &str, session: &Session, body: &str, app: &App) -> String {
    let h = format!(
        "<nav class=\"desk\"><a href=\"/desk\">Front desk</a> · <a href=\"/desk/handover\">Hand over</a> · \
         <a href=\"/desk/suggest\">Suggest a time</a> · <a href=\"/desk/day\">A day's list</a>{} \
         <form method=\"post\" action=\"/desk/signout\" class=\"inline\"><input type=\"hidden\" name=\"form_token\" value=\"{}\">\
         <button type=\"submit\" class=\"link\">Sign out {}</button></form></nav>\n{body}",
        if session.user.role == Role::Admin {
            " · <a href=\"/desk/settings\">Settings</a>"
        } else {
            ""
        },
        e(&session.form_token),
        e(&session.user.name)
    );
    layout(
        title,
        &h,
        app.plans.clinic().as_ref(),
        app.plans.logo().is_some(),
    )
}

/// `GET /desk/signin`.
pub(crate) async fn signin_form() -> Response {
    signin_page(StatusCode::OK, None)
}

fn signin_page(status: StatusCode, error: Option<&str>) -> Response {
    let Ok(token) = Token::new() else {
        return ServeError::Internal("no random source".into()).into_response_page();
    };
    let body = format!(
        "<h1>Front desk: sign in</h1>{}\
         <form method=\"post\" action=\"/desk/signin\"><input type=\"hidden\" name=\"form_token\" value=\"{t}\">\
         <label>Name <input name=\"name\" autocomplete=\"username\" required></label>\
         <label>Password <input type=\"password\" name=\"password\" autocomplete=\"current-password\" required></label>\
         <button type=\"submit\">Sign in</button></form>",
        error.map_or(String::new(), |m| format!(
            "<p class=\"error\" role=\"alert\">{}</p>",
            e(m)
        )),
        t = token.as_str()
    );
    let mut response = (
        status,
        Html(layout("Front desk: sign in", &body, None, false)),
    )
        .into_response();
    if let Ok(value) = HeaderValue::from_str(&format!(
        "{SIGN_IN_COOKIE}={}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=3600",
        token.as_str()
    )) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

impl ServeError {
    fn into_response_page(self) -> Response {
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            pages::message_page("Something went wrong", &self.to_string()),
        )
            .into_response()
    }
}

/// The sign-in form's fields.
#[derive(Deserialize)]
pub(crate) struct SignInForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    form_token: String,
}

/// `POST /desk/signin`.
pub(crate) async fn signin(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<std::net::SocketAddr>,
    Form(form): Form<SignInForm>,
) -> Response {
    if !cookie(&headers, SIGN_IN_COOKIE).is_some_and(|c| same(c, &form.form_token)) {
        return refused_form();
    }
    let now = Instant::now();
    let address: IpAddr = app.guard.client_address(peer.ip(), &headers);
    let account_key = format!("account:{}", form.name);
    let address_key = format!("address:{address}");
    let wait = app
        .sign_ins
        .wait(&account_key, PER_ACCOUNT, now)
        .or_else(|| app.sign_ins.wait(&address_key, PER_ADDRESS, now));
    if let Some(wait) = wait {
        let mut response = signin_page(
            StatusCode::TOO_MANY_REQUESTS,
            Some(&format!(
                "Too many failed sign-ins: wait {} minutes, or ask an admin.",
                wait.div_ceil(60)
            )),
        );
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(wait));
        return response;
    }
    // Argon2 takes a while on purpose: off the threads that serve pages.
    let worker = app.clone();
    let (name, password) = (form.name.clone(), form.password.clone());
    let verified = tokio::task::spawn_blocking(move || worker.db.verify(&name, &password))
        .await
        .map_err(|e| ServeError::Internal(e.to_string()))
        .and_then(|r| r.map_err(ServeError::from));
    let user = match verified {
        Ok(Some(user)) => user,
        Ok(None) => {
            app.sign_ins.fail(&account_key, now);
            app.sign_ins.fail(&address_key, now);
            return signin_page(StatusCode::UNAUTHORIZED, Some("Wrong name or password."));
        }
        Err(err) => return err.into_response_page(),
    };
    app.sign_ins.clear(&account_key);
    let expires = Utc::now().timestamp() + app.desk_session.as_secs() as i64;
    let (token, _) = match app.db.start_session(&user, expires) {
        Ok(started) => started,
        Err(err) => return ServeError::from(err).into_response_page(),
    };
    let mut response = Redirect::to("/desk").into_response();
    if let Ok(value) = HeaderValue::from_str(&format!(
        "{COOKIE}={token}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age={}",
        app.desk_session.as_secs()
    )) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_static(
            "__Host-aftercare-signin=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0",
        ),
    );
    response
}

/// A form with only its token.
#[derive(Deserialize)]
pub(crate) struct TokenForm {
    #[serde(default)]
    form_token: String,
}

/// `POST /desk/signout`.
pub(crate) async fn signout(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Form(form): Form<TokenForm>,
) -> Response {
    if let Err(response) = signed_in_with(&app, &headers, Some(&form.form_token)) {
        return *response;
    }
    if let Some(token) = cookie(&headers, COOKIE) {
        let _ = app.db.end_session(token, Utc::now().timestamp());
    }
    let mut response = Redirect::to("/desk/signin").into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static(
            "__Host-aftercare-desk=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0",
        ),
    );
    response
}

/// `GET /desk`.
pub(crate) async fn home(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let session = match signed_in(&app, &headers) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let body = format!(
        "<h1>Front desk</h1><p>Signed in as {}.</p><ul class=\"menu\">\
         <li><a href=\"/desk/handover\">Hand over a plan</a>: the patient's appointment and week, then a QR code to scan or an e-mail.</li>\
         <li><a href=\"/desk/suggest\">Suggest a time</a>: the slots whose recovery costs the patient's routine the least; book one.</li>\
         <li><a href=\"/desk/day\">A day's list</a>: a CSV of appointments, every plan at once, calendars as a zip, all e-mails sent.</li>{}</ul>",
        e(&session.user.name),
        if session.user.role == Role::Admin {
            "<li><a href=\"/desk/settings\">Clinic settings</a>: the clinic's details and the protocol in force.</li>"
        } else {
            ""
        }
    );
    desk_page("Front desk", &session, &body, &app)
}

/// `GET /desk/handover`: the hand-over form, filled from the query (a booked suggestion).
pub(crate) async fn handover_form(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let session = match signed_in(&app, &headers) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let mut state = FormState::default();
    state.values.insert("minutes".into(), vec!["30".into()]);
    state.values.insert("sweat".into(), vec!["moderate".into()]);
    for (name, value) in query.into_iter().take(200) {
        if name.len() <= 40 && value.len() <= 200 {
            let entry = state.values.entry(name.clone()).or_default();
            if ["minutes", "sweat"].contains(&name.as_str()) {
                entry.clear();
            }
            entry.push(value);
        }
    }
    desk_form(&app, &session, &state, StatusCode::OK)
}

fn desk_form(app: &App, session: &Session, state: &FormState, status: StatusCode) -> Response {
    let page = pages::form_page(app, state, Some(&session.form_token));
    let mut response = pages::private((status, Html(page)).into_response());
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `POST /desk/handover`: the plan made; the page to hand it over.
pub(crate) async fn handover(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<std::net::SocketAddr>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let session = match signed_in(&app, &headers) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let (mut state, upload) = match pages::read_form(&app, multipart).await {
        Ok(read) => read,
        Err((status, state)) => return desk_form(&app, &session, &state, status),
    };
    if !same(state.get("form_token"), &session.form_token) {
        return refused_form();
    }
    let email = state.get("email").trim().to_string();
    if !email.is_empty()
        && let Err(err) = mail::mailbox("email", &email, None)
    {
        state.errors.insert("email".into(), err.to_string());
    }
    let request = pages::request_of(&app, &mut state, upload);
    let Some(request) = request.filter(|_| state.errors.is_empty()) else {
        return desk_form(&app, &session, &state, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let client = app.guard.client_address(peer.ip(), &headers);
    match app.plans.create(request, Utc::now(), client) {
        Ok(loaded) => handed_over(&app, &session, &loaded, &email, None),
        Err(e @ ServeError::OverBudget) => (
            StatusCode::TOO_MANY_REQUESTS,
            pages::message_page("Please try again tomorrow", &e.to_string()),
        )
            .into_response(),
        Err(ServeError::Input(err)) => {
            pages::place_error(&mut state, &err);
            desk_form(&app, &session, &state, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(other) => other.into_response_page(),
    }
}

/// The hand-over page: the QR code to scan, the links, e-mail, and the plan.
fn handed_over(
    app: &App,
    session: &Session,
    loaded: &Loaded,
    email: &str,
    sent: Option<Result<String, String>>,
) -> Response {
    let plans = &app.plans;
    let webcal = plans.webcal_url(&loaded.token);
    let page = plans.page_url(&loaded.token);
    let mut h = String::from("<h1>The patient's plan</h1>");
    match &sent {
        Some(Ok(message)) => {
            let _ = write!(h, "<p class=\"note\" role=\"status\">{}</p>", e(message));
        }
        Some(Err(message)) => {
            let _ = write!(h, "<p class=\"error\" role=\"alert\">{}</p>", e(message));
        }
        None => {}
    }
    let _ = write!(
        h,
        "<figure class=\"qr big-qr\">{}<figcaption>The patient scans this with their phone's camera: it subscribes their calendar to the plan.</figcaption></figure>\
         <p>The patient's page: <a href=\"{p}\">{p}</a></p>",
        qr_svg(&webcal),
        p = e(&page)
    );
    if app.mail.is_some() {
        let _ = write!(
            h,
            "<form method=\"post\" action=\"/desk/p/{t}/send\"><input type=\"hidden\" name=\"form_token\" value=\"{ft}\">\
             <label>Send it by e-mail to <input type=\"email\" name=\"email\" value=\"{em}\" autocomplete=\"off\" required></label>\
             <button type=\"submit\">Send by e-mail</button><p class=\"hint\">The address is used to send and not kept.</p></form>",
            t = loaded.token.as_str(),
            ft = e(&session.form_token),
            em = e(email),
        );
    } else {
        h.push_str("<p class=\"hint\">E-mail is not set up on this server (start it with --smtp and --mail-from).</p>");
    }
    let now = Utc::now();
    let _ = write!(
        h,
        "<section aria-labelledby=\"tl-h\"><h2 id=\"tl-h\">At a glance</h2>{}</section>",
        crate::render::timeline::render(&loaded.plan, Some(now), loaded.prepared.options.style)
    );
    h.push_str(&days_html(
        loaded,
        now.with_timezone(&loaded.plan.appointment.tz),
    ));
    let mut response = desk_page("The patient's plan", session, &h, app);
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The "send by e-mail" form.
#[derive(Deserialize)]
pub(crate) struct SendForm {
    #[serde(default)]
    form_token: String,
    #[serde(default)]
    email: String,
}

/// `POST /desk/p/{token}/send`: sends the plan; the page says whether the server took it.
pub(crate) async fn send(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(form): Form<SendForm>,
) -> Response {
    let session = match signed_in_with(&app, &headers, Some(&form.form_token)) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let loaded = match app.plans.load(&token) {
        Ok(l) => l,
        Err(err) => return err.into_response_page(),
    };
    let outcome = match &app.mail {
        None => Err(
            "Not sent: e-mail is not set up on this server (start it with --smtp and --mail-from)."
                .to_string(),
        ),
        Some(mailer) => {
            let mailer = mailer.clone();
            let worker = app.clone();
            let email = form.email.trim().to_string();
            let token = loaded.token.clone();
            let plan = loaded.plan.clone();
            let prepared = loaded.prepared.clone();
            let revision = loaded.record.revision;
            tokio::task::spawn_blocking(move || {
                let to =
                    mail::mailbox("email", &email, None).map_err(|e| format!("Not sent: {e}"))?;
                let options = worker
                    .plans
                    .ics_options(&token, &prepared, revision, Utc::now());
                let envelope = mail::Envelope {
                    from: mailer.from.clone(),
                    to,
                    subject: mail::default_subject(
                        (!prepared.discreet).then_some(prepared.procedure.as_str()),
                    ),
                };
                let (message, _) = mail::plan_message(&plan, &options, &envelope, None)
                    .map_err(|e| format!("Not sent: {e}"))?;
                mailer
                    .smtp
                    .send(&message)
                    .map(|()| format!("Sent: the mail server accepted the message for {email}."))
                    .map_err(|e| format!("Not sent: {e}"))
            })
            .await
            .unwrap_or_else(|e| Err(format!("Not sent: {e}")))
        }
    };
    handed_over(&app, &session, &loaded, &form.email, Some(outcome))
}

/// The server's mail settings.
#[derive(Clone)]
pub(crate) struct Mailer {
    pub(crate) smtp: Arc<mail::Smtp>,
    pub(crate) from: lettre::message::Mailbox,
    /// The server's URL and whether plain credentials are allowed: a day's list makes its own
    /// connection from them.
    pub(crate) url: String,
    pub(crate) insecure_auth: bool,
}

/// `GET /desk/suggest`: the form, and with `from` and `to`, the ranked slots to book.
pub(crate) async fn suggest(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let session = match signed_in(&app, &headers) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let get = |name: &str| {
        query
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    };
    let all = |name: &str| -> Vec<String> {
        query
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .collect()
    };
    let mut h = String::from(
        "<h1>Suggest a time</h1><p class=\"lede\">The slots whose recovery costs the patient's usual week the least.</p>",
    );
    let _ = write!(
        h,
        "<form method=\"get\" action=\"/desk/suggest\">\
         <div class=\"row\"><label>From <input type=\"date\" name=\"from\" value=\"{}\" required></label>\
         <label>To <input type=\"date\" name=\"to\" value=\"{}\" required></label></div>\
         <label>Time zone <input name=\"tz\" value=\"{}\" required></label>\
         <label>Clinic hours <input name=\"clinic_hours\" value=\"{}\" placeholder=\"tue-fri 09:00-18:00, sat 09:00-13:00\"></label>\
         <label>Appointment length, minutes <input type=\"number\" name=\"minutes\" value=\"{}\" min=\"1\" max=\"720\"></label>\
         <label>Events the recovery must not spoil, one per line (YYYY-MM-DD HH:MM what) <textarea name=\"protect\" rows=\"2\">{}</textarea></label>\
         <label>The patient's usual workouts, one per line (DAYS HH:MM DURATION ACTIVITY, e.g. mon,wed 18:00 1h weights) <textarea name=\"workouts\" rows=\"3\">{}</textarea></label>\
         <button type=\"submit\">Suggest</button></form>",
        e(get("from")),
        e(get("to")),
        e(if get("tz").is_empty() {
            "UTC"
        } else {
            get("tz")
        }),
        e(get("clinic_hours")),
        e(if get("minutes").is_empty() {
            "30"
        } else {
            get("minutes")
        }),
        e(&all("protect").join("\n")),
        e(&all("workouts").join("\n")),
    );
    if !get("from").is_empty() {
        let lines = |name: &str| -> Vec<String> {
            all(name)
                .iter()
                .flat_map(|v| {
                    v.lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(String::from)
                        .collect::<Vec<_>>()
                })
                .collect()
        };
        let request = crate::input::request::SuggestRequest {
            from: get("from").to_string(),
            to: get("to").to_string(),
            tz: get("tz").to_string(),
            minutes: get("minutes").trim().parse().unwrap_or(30),
            clinic_hours: Some(get("clinic_hours"))
                .filter(|v| !v.trim().is_empty())
                .map(String::from),
            protect: lines("protect"),
            workouts: lines("workouts"),
            ..Default::default()
        };
        let result = app.plans.protocol(None).and_then(|protocol| {
            let (prepared, routine) = request.prepare(&protocol, Utc::now())?;
            let found = crate::plan::suggest::suggest(&prepared, &routine, &protocol)?;
            Ok((found, prepared))
        });
        match result {
            Err(err) => {
                let _ = write!(
                    h,
                    "<p class=\"error\" role=\"alert\">{}</p>",
                    e(&err.to_string())
                );
            }
            Ok((found, prepared)) => {
                h.push_str("<h2>Best times</h2><ol class=\"slots\">");
                let year = chrono::Datelike::year(&Utc::now().naive_utc());
                for s in &found.suggestions {
                    let local = s.start.naive_local();
                    let mut book = vec![
                        ("date".to_string(), local.format("%Y-%m-%d").to_string()),
                        ("time".to_string(), local.format("%H:%M").to_string()),
                        ("tz".to_string(), request.tz.clone()),
                        ("minutes".to_string(), request.minutes.to_string()),
                    ];
                    book.extend(workout_rows(&request.workouts));
                    let link = url::form_urlencoded::Serializer::new(String::new())
                        .extend_pairs(book)
                        .finish();
                    let _ = write!(
                        h,
                        "<li><strong>{}</strong>: {} <a class=\"button\" href=\"/desk/handover?{}\">Book</a></li>",
                        e(&prepared.style.when(s.start, year)),
                        e(&s.reason),
                        e(&link)
                    );
                }
                h.push_str("</ol>");
                for note in &found.notes {
                    let _ = write!(h, "<p class=\"note\">{}</p>", e(note));
                }
            }
        }
    }
    desk_page("Suggest a time", &session, &h, &app)
}

/// `DAYS HH:MM DURATION ACTIVITY` lines as the hand-over form's rows (the ones it can hold).
fn workout_rows(workouts: &[String]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, spec) in workouts.iter().enumerate().take(5) {
        let mut routine = crate::model::Routine::default();
        if routine.add_workout(spec).is_err() {
            continue;
        }
        let Some(w) = routine.workouts.first() else {
            continue;
        };
        for day in &w.days {
            out.push((
                format!("w{i}_days"),
                crate::units::week::day_id(*day).to_string(),
            ));
        }
        out.push((format!("w{i}_time"), w.at.format("%H:%M").to_string()));
        out.push((format!("w{i}_minutes"), w.minutes.to_string()));
        out.push((format!("w{i}_activity"), w.activity.clone()));
    }
    out
}

fn admins_only() -> Response {
    (
        StatusCode::FORBIDDEN,
        pages::message_page(
            "Admins only",
            "Clinic settings can be changed by an admin account.",
        ),
    )
        .into_response()
}

/// `GET /desk/settings` (admin).
pub(crate) async fn settings_form(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let session = match signed_in(&app, &headers) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    if session.user.role != Role::Admin {
        return admins_only();
    }
    let clinic = app.db.setting("clinic").ok().flatten().unwrap_or_else(|| {
        app.plans
            .clinic()
            .and_then(|c| toml::to_string(&c).ok())
            .unwrap_or_default()
    });
    let protocol = app
        .db
        .setting("protocol")
        .ok()
        .flatten()
        .unwrap_or_default();
    settings_page(
        &app,
        &session,
        &clinic,
        &protocol,
        &HashMap::new(),
        None,
        StatusCode::OK,
    )
}

fn settings_page(
    app: &App,
    session: &Session,
    clinic: &str,
    protocol: &str,
    errors: &HashMap<&str, String>,
    saved: Option<&str>,
    status: StatusCode,
) -> Response {
    let error = |name: &str| {
        errors.get(name).map_or(String::new(), |m| {
            format!(
                "<p class=\"error\" id=\"{name}-error\" role=\"alert\">{}</p>",
                e(m)
            )
        })
    };
    let mut h = String::from("<h1>Clinic settings</h1>");
    if let Some(saved) = saved {
        let _ = write!(h, "<p class=\"note\" role=\"status\">{}</p>", e(saved));
    }
    let _ = write!(
        h,
        "<form method=\"post\" action=\"/desk/settings\" enctype=\"multipart/form-data\"><input type=\"hidden\" name=\"form_token\" value=\"{}\">\
         <label>The clinic (TOML: name, phone, after_hours, address, website, intro, sign_off) <textarea name=\"clinic\" rows=\"9\" spellcheck=\"false\">{}</textarea></label>{}\
         <fieldset><legend>Logo (on every patient page)</legend>{}\
         <label>A new logo: PNG or JPEG, at most 200 KB <input type=\"file\" name=\"logo\" accept=\"image/png,image/jpeg\"></label>{}\
         <label class=\"check\"><input type=\"checkbox\" name=\"remove_logo\" value=\"on\"> No logo</label></fieldset>\
         <label>The protocol in force: a provider's override of the built-in one (TOML, as for --protocol; empty: the built-in) <textarea name=\"protocol\" rows=\"12\" spellcheck=\"false\">{}</textarea></label>{}\
         <button type=\"submit\">Save</button></form>",
        e(&session.form_token),
        e(clinic),
        error("clinic"),
        if app.plans.logo().is_some() {
            "<p><img class=\"logo\" src=\"/logo\" alt=\"The current logo\"></p>"
        } else {
            ""
        },
        error("logo"),
        e(protocol),
        error("protocol")
    );
    let mut response = desk_page("Clinic settings", session, &h, app);
    *response.status_mut() = status;
    response
}

/// The settings form's fields.
#[derive(Default)]
pub(crate) struct SettingsForm {
    form_token: String,
    clinic: String,
    protocol: String,
    logo: Option<Vec<u8>>,
    remove_logo: bool,
}

/// `POST /desk/settings` (admin): checked exactly as the files are, then in force at once.
pub(crate) async fn settings(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let mut form = SettingsForm::default();
    let read = async {
        let mut multipart = multipart.map_err(|e| e.body_text())?;
        while let Some(field) = multipart.next_field().await.map_err(|e| e.body_text())? {
            let name = field.name().unwrap_or_default().to_string();
            if name == "logo" {
                let bytes = field.bytes().await.map_err(|e| e.body_text())?;
                if !bytes.is_empty() {
                    form.logo = Some(bytes.to_vec());
                }
                continue;
            }
            let text = field.text().await.map_err(|e| e.body_text())?;
            match name.as_str() {
                "form_token" => form.form_token = text,
                "clinic" => form.clinic = text,
                "protocol" => form.protocol = text,
                "remove_logo" => form.remove_logo = text == "on",
                _ => {}
            }
        }
        Ok::<_, String>(())
    };
    let unreadable = read.await.err();
    let session = match signed_in_with(&app, &headers, Some(&form.form_token)) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    if session.user.role != Role::Admin {
        return admins_only();
    }
    if let Some(reason) = unreadable {
        let mut errors = HashMap::new();
        errors.insert("logo", format!("The form could not be read: {reason}"));
        return settings_page(
            &app,
            &session,
            &form.clinic,
            &form.protocol,
            &errors,
            None,
            StatusCode::BAD_REQUEST,
        );
    }
    let mut errors = HashMap::new();
    let logo = match form
        .logo
        .take()
        .map(crate::serve::plans::Logo::new)
        .transpose()
    {
        Ok(logo) => logo,
        Err(err) => {
            errors.insert("logo", err.to_string());
            None
        }
    };
    let clinic = if form.clinic.trim().is_empty() {
        None
    } else {
        match crate::model::Clinic::parse(&form.clinic, FsPath::new("clinic")) {
            Ok(c) => Some(c),
            Err(err) => {
                errors.insert("clinic", err.to_string());
                None
            }
        }
    };
    let protocol = if form.protocol.trim().is_empty() {
        Some(crate::model::Protocol::builtin())
    } else {
        match crate::model::Protocol::builtin()
            .with_override(&form.protocol, FsPath::new("protocol"))
        {
            Ok(p) => Some(p),
            Err(err) => {
                errors.insert("protocol", err.to_string());
                None
            }
        }
    };
    if !errors.is_empty() {
        return settings_page(
            &app,
            &session,
            &form.clinic,
            &form.protocol,
            &errors,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let logo_setting = match (&logo, form.remove_logo) {
        (Some(logo), _) => {
            use base64::Engine;
            Some(base64::engine::general_purpose::STANDARD.encode(&logo.bytes))
        }
        (None, true) => Some(String::new()),
        (None, false) => None,
    };
    let stored = app
        .db
        .set_setting("clinic", &form.clinic)
        .and_then(|()| app.db.set_setting("protocol", &form.protocol))
        .and_then(|()| match &logo_setting {
            Some(value) => app.db.set_setting("logo", value),
            None => Ok(()),
        });
    if let Err(err) = stored {
        return ServeError::from(err).into_response_page();
    }
    app.plans.set_clinic(clinic);
    match (logo, form.remove_logo) {
        (Some(logo), _) => app.plans.set_logo(Some(logo)),
        (None, true) => app.plans.set_logo(None),
        (None, false) => {}
    }
    if let Some(protocol) = protocol {
        app.plans.set_default_protocol(protocol);
    }
    settings_page(
        &app,
        &session,
        &form.clinic,
        &form.protocol,
        &errors,
        Some("Saved: the next plan and page use these settings."),
        StatusCode::OK,
    )
}

/// A day's list uploaded at the desk: its CSV and the files made from it, in a folder of their
/// own, kept for an hour (the addresses in it are used to send, then erased with it).
struct DayList {
    dir: tempfile::TempDir,
    user: String,
    made: Instant,
}

/// The day's lists being handled.
#[derive(Default)]
pub(crate) struct DayLists {
    lists: Mutex<HashMap<String, DayList>>,
}

const DAY_LIST_KEPT: Duration = Duration::from_secs(3600);

impl DayLists {
    /// The folder of list `id`, if `user` uploaded it and it is still kept.
    fn folder(&self, id: &str, user: &str) -> Option<std::path::PathBuf> {
        let lists = self.lists.lock().unwrap_or_else(|e| e.into_inner());
        lists
            .get(id)
            .filter(|l| l.user == user && l.made.elapsed() < DAY_LIST_KEPT)
            .map(|l| l.dir.path().to_path_buf())
    }
}

/// `GET /desk/day`: the upload form.
pub(crate) async fn day_form(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let session = match signed_in(&app, &headers) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let body = day_upload_form(&session, None);
    desk_page("A day's list", &session, &body, &app)
}

fn day_upload_form(session: &Session, error: Option<&str>) -> String {
    format!(
        "<h1>A day's list</h1><p class=\"lede\">A CSV of appointments, as for <code>aftercare batch</code>: a header row \
         (id, name, email, at, tz, minutes, sweat, areas, product, workouts, discreet, touch_up; spreadsheet headings such as \
         \"Patient ID\" or \"Appointment\" are read too), then one appointment a row.</p>{}\
         <form method=\"post\" action=\"/desk/day\" enctype=\"multipart/form-data\"><input type=\"hidden\" name=\"form_token\" value=\"{}\">\
         <label>The CSV file <input type=\"file\" name=\"csv\" accept=\".csv,text/csv\" required></label>\
         <label>Dates with slashes <select name=\"date_order\"><option value=\"\">Refuse them (ambiguous)</option>\
         <option value=\"dmy\">Day first (01/12 is 1 December)</option><option value=\"mdy\">Month first (01/12 is January 12)</option></select></label>\
         <button type=\"submit\">Make the plans</button></form>",
        error.map_or(String::new(), |m| format!(
            "<p class=\"error\" role=\"alert\">{}</p>",
            e(m)
        )),
        e(&session.form_token)
    )
}

/// `POST /desk/day`: every row planned; the page lists each row's result.
pub(crate) async fn day(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let session = match signed_in(&app, &headers) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let mut fields: HashMap<String, String> = HashMap::new();
    let mut csv: Option<Vec<u8>> = None;
    let read = async {
        let mut multipart = multipart.map_err(|e| e.body_text())?;
        while let Some(field) = multipart.next_field().await.map_err(|e| e.body_text())? {
            let name = field.name().unwrap_or_default().to_string();
            if name == "csv" {
                csv = Some(field.bytes().await.map_err(|e| e.body_text())?.to_vec());
            } else if name.len() <= 40 {
                let text = field.text().await.map_err(|e| e.body_text())?;
                fields.insert(name, text);
            }
        }
        Ok::<_, String>(())
    };
    if let Err(reason) = read.await {
        let body = day_upload_form(
            &session,
            Some(&format!("The upload could not be read: {reason}")),
        );
        let mut response = desk_page("A day's list", &session, &body, &app);
        *response.status_mut() = StatusCode::BAD_REQUEST;
        return response;
    }
    if !fields
        .get("form_token")
        .is_some_and(|t| same(t, &session.form_token))
    {
        return refused_form();
    }
    let Some(csv) = csv.filter(|c| !c.is_empty()) else {
        let body = day_upload_form(&session, Some("Please choose the CSV file."));
        let mut response = desk_page("A day's list", &session, &body, &app);
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return response;
    };
    let date_order = match fields.get("date_order").map(String::as_str) {
        Some("dmy") => Some(crate::input::when::DateOrder::DayMonthYear),
        Some("mdy") => Some(crate::input::when::DateOrder::MonthDayYear),
        _ => None,
    };
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(err) => return ServeError::Internal(err.to_string()).into_response_page(),
    };
    if let Err(err) = std::fs::write(dir.path().join("appointments.csv"), &csv) {
        return ServeError::Internal(err.to_string()).into_response_page();
    }
    let Ok(id) = Token::new() else {
        return ServeError::Internal("no random source".into()).into_response_page();
    };
    let id = id.as_str().to_string();
    let folder = dir.path().to_path_buf();
    {
        let mut lists = app
            .day_lists
            .lists
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        lists.retain(|_, l| l.made.elapsed() < DAY_LIST_KEPT);
        lists.insert(
            id.clone(),
            DayList {
                dir,
                user: session.user.name.clone(),
                made: Instant::now(),
            },
        );
    }

    // The batch engine runs on its own thread and reports each chunk of rows as it is done;
    // the page is sent as the rows come.
    let (tx, mut rx) = tokio::sync::mpsc::channel::<DayEvent>(64);
    let worker = app.clone();
    let run_folder = folder.clone();
    tokio::task::spawn_blocking(move || {
        let rows = tx.clone();
        let outcome = run_day(&worker, &run_folder, date_order, false, &mut |p| {
            let _ = rows.blocking_send(DayEvent::Rows(p.done.to_vec(), p.refused.to_vec()));
        });
        let _ = tx.blocking_send(DayEvent::Finished(outcome));
    });
    // The header is checked before any row: a bad one is the form again, with the reason.
    let first = rx.recv().await;
    if let Some(DayEvent::Finished(Err(err))) = &first {
        app.day_lists
            .lists
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&id);
        let body = day_upload_form(&session, Some(&err.to_string()));
        let mut response = desk_page("A day's list", &session, &body, &app);
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return response;
    }
    const MARK: &str = "<!--rows-->";
    let page = desk_html(
        "A day's list",
        &session,
        &format!(
            "<h1>A day's list</h1><p class=\"lede\">Each row as it is done.</p>{}{MARK}",
            RESULTS_HEAD
        ),
        &app,
    );
    let (head, tail) = page.split_once(MARK).unwrap_or((&page, ""));
    let stream = DayStream {
        head: Some(head.to_string()),
        first,
        rx,
        tail: tail.to_string(),
        app: app.clone(),
        session,
        id,
        done: 0,
        refused: 0,
        finished: false,
    };
    let body =
        axum::body::Body::from_stream(futures_util::stream::unfold(stream, |mut s| async move {
            s.next()
                .await
                .map(|chunk| (Ok::<_, std::convert::Infallible>(chunk), s))
        }));
    let mut response = (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// What the batch engine's thread tells the page.
enum DayEvent {
    /// A chunk of rows: those done (line, file-name stem), those refused.
    Rows(Vec<(usize, String)>, Vec<crate::input::rows::RowError>),
    /// The end.
    Finished(Result<crate::deliver::batch::Report, crate::error::Error>),
}

const RESULTS_HEAD: &str = "<table class=\"results\"><thead><tr><th scope=\"col\">Row</th><th scope=\"col\">Result</th></tr></thead><tbody>";

/// The results page of a day's list, written as the rows are done.
struct DayStream {
    head: Option<String>,
    first: Option<DayEvent>,
    rx: tokio::sync::mpsc::Receiver<DayEvent>,
    tail: String,
    app: Arc<App>,
    session: Session,
    id: String,
    done: usize,
    refused: usize,
    finished: bool,
}

impl DayStream {
    /// The next piece of the page; `None` at its end.
    async fn next(&mut self) -> Option<String> {
        if let Some(head) = self.head.take() {
            return Some(head);
        }
        if self.finished {
            return None;
        }
        let event = match self.first.take() {
            Some(event) => Some(event),
            None => self.rx.recv().await,
        };
        let mut h = String::new();
        match event {
            Some(DayEvent::Rows(done, refused)) => {
                self.done += done.len();
                self.refused += refused.iter().filter(|r| r.column != "email").count();
                h.push_str(&rows_html(&done, &refused));
            }
            Some(DayEvent::Finished(outcome)) => {
                self.finished = true;
                h.push_str("</tbody></table>");
                match outcome {
                    Ok(report) => h.push_str(&day_summary(
                        &self.app,
                        &self.session,
                        &self.id,
                        report.rows,
                        self.done,
                        self.refused,
                    )),
                    Err(err) => {
                        let _ = write!(
                            h,
                            "<p class=\"error\" role=\"alert\">Stopped: {}</p>",
                            e(&err.to_string())
                        );
                    }
                }
                h.push_str(&self.tail);
            }
            None => {
                self.finished = true;
                h.push_str("</tbody></table>");
                h.push_str(&self.tail);
            }
        }
        Some(h)
    }
}

/// Table rows: each row done, or refused with the reason (as errors.csv says); a row done
/// without its message says why.
fn rows_html(done: &[(usize, String)], refused: &[crate::input::rows::RowError]) -> String {
    let mut h = String::new();
    for (_, stem) in done {
        let _ = write!(h, "<tr><td>{}</td><td>done</td></tr>", e(stem));
    }
    for err in refused {
        let what = if err.column == "email" {
            "done, but no e-mail"
        } else {
            "failed"
        };
        let _ = write!(
            h,
            "<tr class=\"failed\"><td>row {}</td><td>{what}: {}{}</td></tr>",
            err.row,
            if err.column.is_empty() {
                String::new()
            } else {
                format!("{}: ", e(&err.column))
            },
            e(&err.reason)
        );
    }
    h
}

/// After the rows: the counts, the zip and the send button.
fn day_summary(
    app: &App,
    session: &Session,
    id: &str,
    rows: usize,
    done: usize,
    refused: usize,
) -> String {
    let mut h = format!(
        "<p class=\"lede\" role=\"status\">{rows} rows: {done} done, {refused} refused.</p>"
    );
    if done > 0 {
        let _ = write!(
            h,
            "<p><a class=\"button\" href=\"/desk/day/{id}/calendars.zip\">Download the calendars (zip)</a></p>"
        );
        if app.mail.is_some() {
            let _ = write!(
                h,
                "<form method=\"post\" action=\"/desk/day/{id}/send\"><input type=\"hidden\" name=\"form_token\" value=\"{}\">\
                 <button type=\"submit\">Send all e-mails</button><p class=\"hint\">Each message goes once, even if you press twice.</p></form>",
                e(&session.form_token)
            );
        } else {
            h.push_str("<p class=\"hint\">E-mail is not set up on this server (start it with --smtp and --mail-from).</p>");
        }
    }
    h
}

/// Runs the batch engine on a day's list in `folder`: calendars (and messages, with a sender)
/// into `folder/plans`; with `send`, through the server's SMTP server (once per message).
fn run_day(
    app: &App,
    folder: &FsPath,
    date_order: Option<crate::input::when::DateOrder>,
    send: bool,
    progress: &mut dyn FnMut(&crate::deliver::batch::Progress<'_>),
) -> Result<crate::deliver::batch::Report, crate::error::Error> {
    use crate::deliver::batch::{Job, Mail, run};
    let protocol = app.plans.protocol(None)?;
    let mail = match &app.mail {
        Some(m) => Some(Mail {
            from: m.from.clone(),
            subject: None,
            smtp: if send {
                Some(mail::Smtp::new(
                    &m.url,
                    mail::credentials_from_env(),
                    m.insecure_auth,
                )?)
            } else {
                None
            },
        }),
        None => None,
    };
    let csv = folder.join("appointments.csv");
    let out_dir = folder.join("plans");
    let job = Job {
        csv: &csv,
        out_dir: &out_dir,
        dry_run: false,
        protocol: &protocol,
        dtstamp: Utc::now(),
        mail,
        threads: Some(2),
        force: false,
        habits_anywhere: false,
        renames: Vec::new(),
        default_tz: None,
        clinic: app.plans.clinic(),
        date_order,
        style: Default::default(),
        // Small chunks: the page shows the rows as they are done.
        chunk_rows: 25,
        touch_up: false,
    };
    run(&job, progress)
}

/// The results of a day's list after sending: each row done or refused, then the counts.
fn day_results(
    app: &App,
    session: &Session,
    id: &str,
    folder: &FsPath,
    report: &crate::deliver::batch::Report,
    sent: String,
) -> Response {
    let mut done: Vec<(usize, String)> = std::fs::read_dir(folder.join("plans"))
        .map(|dir| {
            dir.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().to_string())
                .filter_map(|n| n.strip_suffix(".ics").map(|s| (0, s.to_string())))
                .collect()
        })
        .unwrap_or_default();
    done.sort();
    let refused = report.errors.iter().filter(|e| e.column != "email").count();
    let h = format!(
        "<h1>A day's list</h1><p class=\"note\" role=\"status\">{}</p>{RESULTS_HEAD}{}</tbody></table>{}",
        e(&sent),
        rows_html(&done, &report.errors),
        day_summary(app, session, id, report.rows, done.len(), refused)
    );
    let mut response = desk_page("A day's list", session, &h, app);
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn list_gone() -> Response {
    (
        StatusCode::GONE,
        pages::message_page(
            "Not here any more",
            "This list is kept for an hour: upload it again.",
        ),
    )
        .into_response()
}

/// `GET /desk/day/{id}/calendars.zip`.
pub(crate) async fn day_zip(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let session = match signed_in(&app, &headers) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let Some(folder) = app.day_lists.folder(&id, &session.user.name) else {
        return list_gone();
    };
    let zipped = (|| -> Result<Vec<u8>, String> {
        use std::io::Write as _;
        let mut names: Vec<_> = std::fs::read_dir(folder.join("plans"))
            .map_err(|e| e.to_string())?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| n.ends_with(".ics"))
            .collect();
        names.sort();
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for name in names {
            let bytes =
                std::fs::read(folder.join("plans").join(&name)).map_err(|e| e.to_string())?;
            zip.start_file(name, zip::write::SimpleFileOptions::default())
                .map_err(|e| e.to_string())?;
            zip.write_all(&bytes).map_err(|e| e.to_string())?;
        }
        Ok(zip.finish().map_err(|e| e.to_string())?.into_inner())
    })();
    match zipped {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, "application/zip"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"calendars.zip\"",
                ),
                (header::CACHE_CONTROL, "no-store"),
            ],
            bytes,
        )
            .into_response(),
        Err(err) => ServeError::Internal(err).into_response_page(),
    }
}

/// `POST /desk/day/{id}/send`: every row's message, once (the batch's journal).
pub(crate) async fn day_send(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<TokenForm>,
) -> Response {
    let session = match signed_in_with(&app, &headers, Some(&form.form_token)) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let Some(folder) = app.day_lists.folder(&id, &session.user.name) else {
        return list_gone();
    };
    let worker = app.clone();
    let dir = folder.clone();
    let outcome =
        tokio::task::spawn_blocking(move || run_day(&worker, &dir, None, true, &mut |_| {}))
            .await
            .unwrap_or_else(|e| Err(crate::error::Error::invalid("csv", "", e.to_string())));
    match outcome {
        Ok(report) => {
            let mut said = format!(
                "Sent {} messages{}.",
                report.delivered,
                if report.already_sent > 0 {
                    format!(" ({} had been sent before)", report.already_sent)
                } else {
                    String::new()
                }
            );
            if let Some(failure) = &report.send_failure {
                said.push_str(&format!(
                    " Sending stopped: {failure}. Press the button again to send the rest."
                ));
            }
            day_results(&app, &session, &id, &folder, &report, said)
        }
        Err(err) => {
            let body = day_upload_form(&session, Some(&err.to_string()));
            desk_page("A day's list", &session, &body, &app)
        }
    }
}
