//! The front desk in the browser (`/desk`): sign in, hand a plan over (QR code to scan, or an
//! e-mail), suggest appointment times and book one, and, for an admin, the clinic's settings.
//!
//! A sign-in is a `__Host-` cookie (Secure, HttpOnly, SameSite=Strict) that expires; every
//! state-changing desk form carries the sign-in's form token, and the sign-in form a token of
//! its own (double-submitted with a short-lived cookie). Failed sign-ins are counted in the
//! database per account and address, and per address (see [`super::accounts`]): past the limit,
//! that address waits for that account, and the owner's own address still gets in.

use std::collections::HashMap;
use std::fmt::Write;
use std::net::IpAddr;
use std::path::{Path as FsPath, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Form, Multipart, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;

use super::accounts::{Attempt, Role, Session, User, check_name};
use super::pages::{self, FormState, days_html, layout, qr_svg};
use super::plans::Loaded;
use super::token::Token;
use super::{App, ServeError};
use crate::deliver::mail;
use crate::render::html::escape as e;

const COOKIE: &str = "__Host-aftercare-desk";
const SIGN_IN_COOKIE: &str = "__Host-aftercare-signin";
/// The longest password a sign-in reads, in bytes (a new one is at most 1,000 characters).
const MAX_PASSWORD_BYTES: usize = 4000;

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

/// Equal tokens, compared in a time that does not depend on where they differ; an empty one
/// is never a token.
fn same(a: &str, b: &str) -> bool {
    !a.is_empty()
        && a.len() == b.len()
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

/// A signed-in page: never stored by a browser or a proxy (it shows the sign-in's form token
/// and patients' details).
fn desk_page(title: &str, session: &Session, body: &str, app: &App) -> Response {
    no_store(Html(desk_html(title, session, body, app)).into_response())
}

fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
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
    /// The error as a desk page: a plan that is not here is 410, the request's content 422;
    /// the server's own failures are logged and said without their details (no server path).
    fn into_response_page(self) -> Response {
        let (status, title, message) = match &self {
            ServeError::Gone => (StatusCode::GONE, "Plan not found", self.to_string()),
            ServeError::Input(err) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "Please check",
                err.to_string(),
            ),
            ServeError::Conflict => (StatusCode::CONFLICT, "Please try again", self.to_string()),
            ServeError::OverBudget => (
                StatusCode::TOO_MANY_REQUESTS,
                "Please try again tomorrow",
                self.to_string(),
            ),
            ServeError::Store(_) | ServeError::Io { .. } | ServeError::Internal(_) => {
                eprintln!("aftercare serve: {self}");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong",
                    "Something went wrong on the server; nothing was changed.".to_string(),
                )
            }
        };
        (status, pages::message_page(title, &message)).into_response()
    }
}

/// The most a sign-in or password form may weigh: its fields are short, and a longer one is
/// refused before the rest of it is even read.
const SMALL_FORM: usize = 16 * 1024;

/// The fields of a short URL-encoded form; `None` when it is longer than [`SMALL_FORM`].
async fn small_form(body: axum::body::Body) -> Option<HashMap<String, String>> {
    let bytes = axum::body::to_bytes(body, SMALL_FORM).await.ok()?;
    Some(url::form_urlencoded::parse(&bytes).into_owned().collect())
}

/// A field of a form read by [`small_form`] ("" when missing).
fn field<'f>(form: &'f HashMap<String, String>, name: &str) -> &'f str {
    form.get(name).map_or("", String::as_str)
}

const TOO_LARGE_SIGN_IN: &str = "The sign-in form was too large (at most 16 KiB): a name is at \
     most 64 characters, a password at most 1,000.";

const TOO_LONG_SIGN_IN: &str = "Wrong name or password: a name is at most 64 letters, digits, \
     '.', '_', '-' or '@', a password at most 1,000 characters.";

/// `POST /desk/signin`.
pub(crate) async fn signin(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<std::net::SocketAddr>,
    body: axum::body::Body,
) -> Response {
    let Some(form) = small_form(body).await else {
        return signin_page(StatusCode::PAYLOAD_TOO_LARGE, Some(TOO_LARGE_SIGN_IN));
    };
    if !cookie(&headers, SIGN_IN_COOKIE).is_some_and(|c| same(c, field(&form, "form_token"))) {
        return refused_form();
    }
    let (name, password) = (field(&form, "name"), field(&form, "password"));
    // No account has such a name or password: refused before anything is counted or kept.
    if check_name(name).is_err() || password.len() > MAX_PASSWORD_BYTES {
        return signin_page(StatusCode::UNPROCESSABLE_ENTITY, Some(TOO_LONG_SIGN_IN));
    }
    let address: IpAddr = app.guard.client_address(peer.ip(), &headers);
    let checked = check_attempt(&app, name.to_string(), password.to_string(), address).await;
    let user = match checked {
        Ok(Checked::Right(user)) => user,
        Ok(Checked::Wrong) => {
            return signin_page(StatusCode::UNAUTHORIZED, Some("Wrong name or password."));
        }
        Ok(Checked::Wait(wait)) => {
            return too_many(
                signin_page(
                    StatusCode::TOO_MANY_REQUESTS,
                    Some(&format!(
                        "Too many failed sign-ins: wait {} minutes, or ask an admin.",
                        wait.div_ceil(60)
                    )),
                ),
                wait,
            );
        }
        Err(err) => return err.into_response_page(),
    };
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

/// A 429 with its `Retry-After`.
fn too_many(mut response: Response, wait: u64) -> Response {
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(wait));
    response
}

/// What a password check found.
enum Checked {
    Right(User),
    Wrong,
    /// Too many failures: seconds to wait; the password was not checked.
    Wait(u64),
}

/// Checks `password` for account `name` from `address`: the attempt is counted first (see
/// [`super::store::Sqlite::begin_attempt`]), then Argon2 runs, off the threads that serve pages
/// (it takes a while on purpose).
async fn check_attempt(
    app: &Arc<App>,
    name: String,
    password: String,
    address: IpAddr,
) -> Result<Checked, ServeError> {
    let worker = app.clone();
    tokio::task::spawn_blocking(move || {
        let address = worker.db.sealing()?.sign_in(address);
        let now = Utc::now().timestamp();
        let attempt = match worker.db.begin_attempt(&name, &address, now)? {
            Attempt::Wait(wait) => return Ok(Checked::Wait(wait)),
            Attempt::Counted(attempt) => attempt,
        };
        Ok(match worker.db.verify(&name, &password)? {
            Some(user) => {
                worker.db.attempt_succeeded(&name, &address, attempt)?;
                Checked::Right(user)
            }
            None => Checked::Wrong,
        })
    })
    .await
    .map_err(|e| ServeError::Internal(e.to_string()))?
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

/// `GET /desk/password`: the form to change one's own password.
pub(crate) async fn password_form(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    match signed_in(&app, &headers) {
        Ok(session) => password_page(&app, &session, StatusCode::OK, None),
        Err(r) => *r,
    }
}

fn password_page(
    app: &App,
    session: &Session,
    status: StatusCode,
    said: Option<Result<&str, &str>>,
) -> Response {
    let said = match said {
        Some(Ok(m)) => format!("<p class=\"note\" role=\"status\">{}</p>", e(m)),
        Some(Err(m)) => format!("<p class=\"error\" role=\"alert\">{}</p>", e(m)),
        None => String::new(),
    };
    let body = format!(
        "<h1>Your password</h1>{said}\
         <form method=\"post\" action=\"/desk/password\"><input type=\"hidden\" name=\"form_token\" value=\"{}\">\
         <label>Current password <input type=\"password\" name=\"current\" autocomplete=\"current-password\" required></label>\
         <label>New password (at least 10 characters; a few words make a good one) \
         <input type=\"password\" name=\"new\" autocomplete=\"new-password\" minlength=\"10\" required></label>\
         <label>The new password again <input type=\"password\" name=\"again\" autocomplete=\"new-password\" required></label>\
         <button type=\"submit\">Change the password</button>\
         <p class=\"hint\">Your other sign-ins end; this one goes on.</p></form>",
        e(&session.form_token)
    );
    let mut response = desk_page("Your password", session, &body, app);
    *response.status_mut() = status;
    response
}

/// `POST /desk/password`: the current password (counted as a sign-in attempt), then the new
/// one, twice; the account's other sign-ins end.
pub(crate) async fn password(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<std::net::SocketAddr>,
    body: axum::body::Body,
) -> Response {
    // A form too long to be read has no token either: refused as one from elsewhere.
    let form = small_form(body).await.unwrap_or_default();
    let session = match signed_in_with(&app, &headers, Some(field(&form, "form_token"))) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let refuse = |status, message: &str| password_page(&app, &session, status, Some(Err(message)));
    let (current, new) = (field(&form, "current"), field(&form, "new"));
    if new != field(&form, "again") {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The new password and its repetition differ: type the same one twice.",
        );
    }
    if let Err(err) = super::accounts::check_password(new) {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, &err.to_string());
    }
    if current.len() > MAX_PASSWORD_BYTES {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The current password is wrong.",
        );
    }
    let address = app.guard.client_address(peer.ip(), &headers);
    let name = session.user.name.clone();
    match check_attempt(&app, name.clone(), current.to_string(), address).await {
        Ok(Checked::Right(_)) => {}
        Ok(Checked::Wrong) => {
            return refuse(StatusCode::UNAUTHORIZED, "The current password is wrong.");
        }
        Ok(Checked::Wait(wait)) => {
            return too_many(
                refuse(
                    StatusCode::TOO_MANY_REQUESTS,
                    &format!(
                        "Too many wrong passwords: wait {} minutes, or ask an admin.",
                        wait.div_ceil(60)
                    ),
                ),
                wait,
            );
        }
        Err(err) => return err.into_response_page(),
    }
    let Some(keep) = cookie(&headers, COOKIE).map(str::to_string) else {
        return refused_form();
    };
    let worker = app.clone();
    let new = new.to_string();
    let changed = tokio::task::spawn_blocking(move || worker.db.set_password(&name, &new, &keep))
        .await
        .map_err(|e| ServeError::Internal(e.to_string()))
        .and_then(|r| r.map_err(ServeError::from));
    match changed {
        Ok(()) => password_page(
            &app,
            &session,
            StatusCode::OK,
            Some(Ok("Changed: your other sign-ins have ended.")),
        ),
        Err(err) => err.into_response_page(),
    }
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
         <li><a href=\"/desk/day\">A day's list</a>: a CSV of appointments, every plan at once, calendars as a zip, all e-mails sent.</li>{}\
         <li><a href=\"/desk/password\">Your password</a>: change it.</li></ul>",
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
    let mut state = FormState {
        desk: true,
        lang: app.plans.default_lang(),
        ..FormState::default()
    };
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
    no_store((status, Html(page)).into_response())
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
    let (mut state, upload) = match pages::read_form(&app, multipart, true).await {
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
    let follow_ups = state.get("follow_ups") == "on";
    if follow_ups && email.is_empty() {
        state.errors.insert(
            "email".into(),
            "email: the patient's e-mail address, for the follow-up e-mails".into(),
        );
    }
    let request = pages::request_of(&app, &mut state, upload);
    let Some(request) = request.filter(|_| state.errors.is_empty()) else {
        return desk_form(&app, &session, &state, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let client = app.guard.client_address(peer.ip(), &headers);
    match app.plans.create(request, Utc::now(), client) {
        Ok(loaded) => {
            let consent = follow_ups.then(|| {
                super::followups::consent(&app, &loaded, &email, Utc::now())
                    .map(|()| super::followups::desk_on(&app, &email))
                    .map_err(|e| format!("Follow-up e-mails are not on: {e}"))
            });
            handed_over(&app, &session, &loaded, &email, consent)
        }
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
    let page = plans.page_url(&loaded.token);
    let mut h = String::from("<h1>The patient's plan</h1>");
    match &sent {
        Some(Ok(message)) => {
            let _ = write!(h, "<p class=\"note\" role=\"status\">{}</p>", e(message));
        }
        Some(Err(message)) => {
            let _ = write!(
                h,
                "<p class=\"error\" id=\"send-error\" role=\"alert\">{}</p>",
                e(message)
            );
        }
        None => {}
    }
    let _ = write!(
        h,
        "<figure class=\"qr big-qr\">{}<figcaption>The patient scans this with their phone's camera: it opens their plan, where they add it to their calendar.</figcaption></figure>\
         <p>The patient's page: <a href=\"{p}\">{p}</a></p>",
        qr_svg(&page, crate::i18n::Lang::En),
        p = e(&page)
    );
    if app.mail.is_some() {
        let _ = write!(
            h,
            "<form method=\"post\" action=\"/desk/p/{t}/send\"><input type=\"hidden\" name=\"form_token\" value=\"{ft}\">\
             <label>Send it by e-mail to <input type=\"text\" inputmode=\"email\" name=\"email\" id=\"email\" value=\"{em}\" autocomplete=\"off\" spellcheck=\"false\" required{invalid}></label>\
             <button type=\"submit\">Send by e-mail</button><p class=\"hint\">An address, or a name and address (Zoë Müller &lt;zoe@example.com&gt;). It is used to send, and kept (sealed) only if the patient agreed to follow-ups; the plan is sent once.</p></form>",
            t = loaded.token.as_str(),
            ft = e(&session.form_token),
            em = e(email),
            invalid = if matches!(sent, Some(Err(_))) {
                " aria-invalid=\"true\" aria-describedby=\"send-error\" autofocus"
            } else {
                ""
            },
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
    let title = if matches!(sent, Some(Err(_))) {
        format!("{}The patient's plan", pages::ERROR_TITLE)
    } else {
        "The patient's plan".to_string()
    };
    desk_page(&title, session, &h, app)
}

/// `GET /desk/p/{token}`: a plan's hand-over page again (a day's list links each patient's),
/// to show its QR code or e-mail it.
pub(crate) async fn handover_again(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Response {
    let session = match signed_in(&app, &headers) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    match app.plans.load(&token) {
        Ok(loaded) => handed_over(&app, &session, &loaded, "", None),
        Err(err) => err.into_response_page(),
    }
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
                // Claimed before it is sent: a second press, or a press on another server,
                // finds the claim and sends nothing.
                let now = Utc::now();
                match worker.plans.claim_sent(&token, to.email.as_ref(), now) {
                    Ok(None) => {}
                    Ok(Some(at)) => {
                        let year = chrono::Datelike::year(&now.naive_utc());
                        return Ok(format!(
                            "Already sent to this address, at {}: not sent again.",
                            prepared
                                .options
                                .style
                                .when(at.with_timezone(&plan.appointment.tz), year)
                        ));
                    }
                    Err(err) => {
                        eprintln!("aftercare serve: {err}");
                        return Err(
                            "Not sent: the server could not record the sending; please try again."
                                .to_string(),
                        );
                    }
                }
                let sent = (|| {
                    let options = worker
                        .plans
                        .ics_options(&token, &prepared, revision, Utc::now());
                    let envelope = mail::Envelope {
                        from: mailer.from.clone(),
                        to,
                        subject: mail::default_subject(
                            (!prepared.discreet).then_some(prepared.procedure.as_str()),
                            plan.lang,
                        ),
                    };
                    let (message, _) = mail::plan_message(&plan, &options, &envelope, None)
                        .map_err(|e| format!("Not sent: {e}"))?;
                    mailer
                        .smtp
                        .send(&message)
                        .map(|()| {
                            format!("Sent: the mail server accepted the message for {email}.")
                        })
                        .map_err(|e| format!("Not sent: {e}"))
                })();
                if sent.is_err()
                    && let Err(err) = worker.plans.release_sent(&token)
                {
                    eprintln!("aftercare serve: {err}");
                }
                sent
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
    let sweat = if get("sweat").is_empty() {
        "moderate"
    } else {
        get("sweat")
    };
    let mut results = String::new();
    let mut problem: Option<(Option<&'static str>, String)> = None;
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
            sweat: Some(sweat.to_string()),
            ..Default::default()
        };
        let protocol = app.plans.protocol(None);
        let asked = request.clone();
        let now = Utc::now();
        let work = move || {
            let protocol = protocol?;
            let (prepared, routine) = asked.prepare(&protocol, now)?;
            let found = crate::plan::suggest::suggest(&prepared, &routine, &protocol)?;
            Ok::<_, crate::error::Error>((found, prepared))
        };
        let result = match app.suggest.run(work).await {
            Ok(result) => result,
            Err(busy) => return busy.answer(false),
        };
        match result {
            Err(err) => {
                let field = SUGGEST_FIELDS.into_iter().find(|f| err.field() == Some(*f));
                problem = Some((field, err.to_string()));
            }
            Ok((found, prepared)) => {
                let h = &mut results;
                h.push_str("<h2>Best times</h2><ol class=\"slots\">");
                let year = chrono::Datelike::year(&Utc::now().naive_utc());
                for s in &found.suggestions {
                    let local = s.start.naive_local();
                    let mut book = vec![
                        ("date".to_string(), local.format("%Y-%m-%d").to_string()),
                        ("time".to_string(), local.format("%H:%M").to_string()),
                        ("tz".to_string(), request.tz.clone()),
                        ("minutes".to_string(), request.minutes.to_string()),
                        ("sweat".to_string(), sweat.to_string()),
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
    let attrs = |name: &str| {
        let mut out = format!(" id=\"{name}\"");
        if problem.as_ref().is_some_and(|(f, _)| *f == Some(name)) {
            let _ = write!(
                out,
                " aria-invalid=\"true\" aria-describedby=\"error-summary-h\" autofocus"
            );
        }
        out
    };
    let mut h = problem
        .as_ref()
        .map(|(f, m)| pages::error_summary(&[(*f, m.as_str())]))
        .unwrap_or_default();
    h.push_str(
        "<h1>Suggest a time</h1><p class=\"lede\">The slots whose recovery costs the patient's usual week the least.</p>",
    );
    let _ = write!(
        h,
        "<form method=\"get\" action=\"/desk/suggest\">\
         <div class=\"row\"><label>From <input type=\"date\" name=\"from\" value=\"{}\" required{}></label>\
         <label>To <input type=\"date\" name=\"to\" value=\"{}\" required{}></label></div>\
         <label>Time zone {}</label>\
         <label>Clinic hours <input name=\"clinic_hours\" value=\"{}\" placeholder=\"tue-fri 09:00-18:00, sat 09:00-13:00\"{}></label>\
         <label>Appointment length, minutes <input type=\"number\" name=\"minutes\" value=\"{}\" min=\"1\" max=\"720\"{}></label>\
         <label>Events the recovery must not spoil, one per line (YYYY-MM-DD HH:MM what) <textarea name=\"protect\" rows=\"2\"{}>{}</textarea></label>\
         <label>The patient's usual workouts, one per line (DAYS HH:MM DURATION ACTIVITY, e.g. mon,wed 18:00 1h weights) <textarea name=\"workouts\" rows=\"3\"{}>{}</textarea></label>\
         <fieldset class=\"choices\"><legend>How much does the patient sweat when training?</legend>",
        e(get("from")),
        attrs("from"),
        e(get("to")),
        attrs("to"),
        pages::zone_select(get("tz"), app.plans.clinic().as_ref(), &attrs("tz")),
        e(get("clinic_hours")),
        attrs("clinic_hours"),
        e(if get("minutes").is_empty() {
            "30"
        } else {
            get("minutes")
        }),
        attrs("minutes"),
        attrs("protect"),
        e(&all("protect").join("\n")),
        attrs("workouts"),
        e(&all("workouts").join("\n")),
    );
    for (i, (value, label)) in pages::SWEAT_CHOICES.into_iter().enumerate() {
        let _ = write!(
            h,
            "<label class=\"check\"><input type=\"radio\" name=\"sweat\" value=\"{value}\"{}{}> {label}</label>",
            if sweat == value { " checked" } else { "" },
            if i == 0 {
                attrs("sweat")
            } else {
                String::new()
            },
        );
    }
    h.push_str("</fieldset><button type=\"submit\">Suggest</button></form>");
    h.push_str(&results);
    let title = if problem.is_some() {
        format!("{}Suggest a time", pages::ERROR_TITLE)
    } else {
        "Suggest a time".to_string()
    };
    desk_page(&title, &session, &h, &app)
}

/// The suggest form's fields an error can name.
const SUGGEST_FIELDS: [&str; 8] = [
    "from",
    "to",
    "tz",
    "clinic_hours",
    "minutes",
    "protect",
    "workouts",
    "sweat",
];

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
    let form = SettingsForm {
        clinic,
        protocol,
        day_list_rows: row_limit(&app).to_string(),
        ..SettingsForm::default()
    };
    settings_page(&app, &session, &form, &HashMap::new(), None, StatusCode::OK)
}

fn settings_page(
    app: &App,
    session: &Session,
    form: &SettingsForm,
    errors: &HashMap<&str, String>,
    saved: Option<&str>,
    status: StatusCode,
) -> Response {
    let error = |name: &str| pages::field_error(name, errors.get(name).map(String::as_str));
    let problems: Vec<(Option<&str>, &str)> = SETTINGS_FIELDS
        .into_iter()
        .filter_map(|f| errors.get(f).map(|m| (Some(f), m.as_str())))
        .collect();
    let first = problems.first().and_then(|(f, _)| *f);
    let attrs = |name: &str| pages::field_attrs(name, None, errors.contains_key(name), first);
    let mut h = pages::error_summary(&problems);
    h.push_str("<h1>Clinic settings</h1>");
    if let Some(saved) = saved {
        let _ = write!(h, "<p class=\"note\" role=\"status\">{}</p>", e(saved));
    }
    let _ = write!(
        h,
        "<form method=\"post\" action=\"/desk/settings\" enctype=\"multipart/form-data\"><input type=\"hidden\" name=\"form_token\" value=\"{}\">\
         <label>The clinic (TOML: name, phone, after_hours, address, website, intro, sign_off; tz, e.g. Europe/Madrid, the default zone of the forms and the day's lists; date_order, dmy or mdy, for a day's list's slashed dates) <textarea name=\"clinic\" rows=\"9\" spellcheck=\"false\"{}>{}</textarea></label>{}\
         <fieldset><legend>Logo (on every patient page)</legend>{}\
         <label>A new logo: PNG or JPEG, at most 200 KB <input type=\"file\" name=\"logo\" accept=\"image/png,image/jpeg\"{}></label>{}\
         <label class=\"check\"><input type=\"checkbox\" name=\"remove_logo\" value=\"on\"> No logo</label></fieldset>\
         <label>The protocol in force: a provider's override of the built-in one (TOML, as for --protocol; empty: the built-in) <textarea name=\"protocol\" rows=\"12\" spellcheck=\"false\"{}>{}</textarea></label>{}\
         <label>The most rows a day's list may have (1 to {MAX_DAY_LIST_ROWS}; empty: {DEFAULT_DAY_LIST_ROWS}) \
         <input type=\"number\" name=\"day_list_rows\" value=\"{}\" min=\"1\" max=\"{MAX_DAY_LIST_ROWS}\"{}></label>{}\
         <button type=\"submit\">Save</button></form>",
        e(&session.form_token),
        attrs("clinic"),
        e(&form.clinic),
        error("clinic"),
        if app.plans.logo().is_some() {
            "<p><img class=\"logo\" src=\"/logo\" alt=\"The current logo\"></p>"
        } else {
            ""
        },
        attrs("logo"),
        error("logo"),
        attrs("protocol"),
        e(&form.protocol),
        error("protocol"),
        e(&form.day_list_rows),
        attrs("day_list_rows"),
        error("day_list_rows")
    );
    let title = if problems.is_empty() {
        "Clinic settings".to_string()
    } else {
        format!("{}Clinic settings", pages::ERROR_TITLE)
    };
    let mut response = desk_page(&title, session, &h, app);
    *response.status_mut() = status;
    response
}

/// The settings form's fields an error can name, in the form's order.
const SETTINGS_FIELDS: [&str; 4] = ["clinic", "logo", "protocol", "day_list_rows"];

/// The settings form's fields.
#[derive(Default)]
pub(crate) struct SettingsForm {
    form_token: String,
    clinic: String,
    protocol: String,
    day_list_rows: String,
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
                "day_list_rows" => form.day_list_rows = text,
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
            &form,
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
        Some(crate::input::protocol::Protocols::builtin())
    } else {
        match crate::input::protocol::Protocols::from_file(&form.protocol, FsPath::new("protocol"))
        {
            Ok(p) => Some(p),
            Err(err) => {
                errors.insert("protocol", err.to_string());
                None
            }
        }
    };
    let rows = form.day_list_rows.trim();
    if !rows.is_empty()
        && !rows
            .parse::<usize>()
            .is_ok_and(|n| (1..=MAX_DAY_LIST_ROWS).contains(&n))
    {
        errors.insert(
            "day_list_rows",
            crate::error::Error::invalid(
                "day_list_rows",
                rows,
                format!("a whole number of rows from 1 to {MAX_DAY_LIST_ROWS}"),
            )
            .to_string(),
        );
    }
    if !errors.is_empty() {
        return settings_page(
            &app,
            &session,
            &form,
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
        .and_then(|()| {
            app.db
                .set_setting("day_list_rows", form.day_list_rows.trim())
        })
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
    if form.day_list_rows.trim().is_empty() {
        form.day_list_rows = DEFAULT_DAY_LIST_ROWS.to_string();
    }
    settings_page(
        &app,
        &session,
        &form,
        &errors,
        Some("Saved: the next plan and page use these settings."),
        StatusCode::OK,
    )
}

/// A day's list uploaded at the desk: its CSV and the files made from it, in a folder of its
/// own (0700, its files 0600), kept for an hour (the addresses in it are used to send, then
/// erased with it).
struct DayList {
    dir: tempfile::TempDir,
    /// The id of the account that uploaded it, not its name: a later account of the same name
    /// is someone else.
    owner: String,
    /// The file's name as uploaded: what errors call it.
    upload: String,
    /// Held while its zip is written: the requests that come meanwhile wait and send it too.
    zip: Arc<Mutex<()>>,
    made: Instant,
    /// What it is read with, each time.
    choices: Choices,
}

/// The day's lists being handled, in this server's own folder inside `<database>.lists/`.
pub(crate) struct DayLists {
    /// The folder, or why it could not be made (then a day's list is refused).
    root: Result<tempfile::TempDir, String>,
    /// Locked while this server runs: a server that starts erases every folder there that no
    /// running server holds (what a crash left behind).
    _lock: Option<std::fs::File>,
    lists: Mutex<HashMap<String, DayList>>,
}

const DAY_LIST_KEPT: Duration = Duration::from_secs(3600);
/// The rows a day's list may have unless the clinic's settings say otherwise.
const DEFAULT_DAY_LIST_ROWS: usize = 2000;
/// The most the settings may allow.
const MAX_DAY_LIST_ROWS: usize = 100_000;

impl DayLists {
    /// The lists of a server whose database is `db`: its folder made, what servers no longer
    /// running left there erased.
    pub(crate) fn new(db: &FsPath) -> DayLists {
        let (root, lock) = match lists_folder(db) {
            Ok((root, lock)) => (Ok(root), Some(lock)),
            Err(err) => {
                eprintln!("aftercare serve: no folder for a day's lists: {err}");
                (Err(err.to_string()), None)
            }
        };
        DayLists {
            root,
            _lock: lock,
            lists: Mutex::default(),
        }
    }

    /// List `id`, if account `owner` uploaded it and it is still kept.
    fn get(&self, id: &str, owner: &str) -> Option<Kept> {
        let lists = self.lists.lock().unwrap_or_else(|e| e.into_inner());
        lists
            .get(id)
            .filter(|l| l.owner == owner && l.made.elapsed() < DAY_LIST_KEPT)
            .map(|l| Kept {
                folder: l.dir.path().to_path_buf(),
                upload: l.upload.clone(),
                zip: l.zip.clone(),
                choices: l.choices.clone(),
            })
    }

    /// Stops keeping list `id` (the caller checked its owner): its folder, handed back to be
    /// erased off the threads that serve pages.
    fn remove(&self, id: &str) -> Option<DayList> {
        self.lists
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(id)
    }

    /// Keeps list `id`'s new choices (the caller checked its owner).
    fn set_choices(&self, id: &str, choices: Choices) {
        let mut lists = self.lists.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(list) = lists.get_mut(id) {
            list.choices = choices;
        }
    }
}

/// A day's list that is kept: its folder, its upload's name, its zip's lock, its choices.
struct Kept {
    folder: PathBuf,
    upload: String,
    zip: Arc<Mutex<()>>,
    choices: Choices,
}

/// `<db>.lists/` (0700), emptied of what no running server holds, and in it this server's
/// folder, with its lock taken.
fn lists_folder(db: &FsPath) -> std::io::Result<(tempfile::TempDir, std::fs::File)> {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
    let mut name = db.as_os_str().to_owned();
    name.push(".lists");
    let base = PathBuf::from(name);
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(&base)?;
    std::fs::set_permissions(&base, std::fs::Permissions::from_mode(0o700))?;
    for entry in std::fs::read_dir(&base)? {
        let path = entry?.path();
        let held = std::fs::File::open(path.join(".lock")).is_ok_and(|f| f.try_lock().is_err());
        if !held {
            let erased = if path.is_dir() {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
            if let Err(err) = erased {
                eprintln!("aftercare serve: a day's list left behind could not be erased: {err}");
            }
        }
    }
    let root = tempfile::Builder::new()
        .prefix("server-")
        .permissions(std::fs::Permissions::from_mode(0o700))
        .tempdir_in(&base)?;
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(0o600)
        .open(root.path().join(".lock"))?;
    lock.try_lock().map_err(std::io::Error::other)?;
    Ok((root, lock))
}

/// Why a day's list was not taken.
enum NotTaken {
    /// More rows than the clinic's limit.
    TooLong(usize),
    /// Not a CSV file (a workbook, a PDF, a picture).
    NotCsv(crate::input::table::NotCsv),
    /// Its folder could not be made.
    Failed(std::io::Error),
}

/// Checks the rows of `csv` against `limit`, then writes it in a new folder in `root`:
/// nothing is written for a list that is too long.
fn take_list(root: &FsPath, csv: &[u8], limit: usize) -> Result<tempfile::TempDir, NotTaken> {
    use std::io::Write as _;
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
    // Kept as UTF-8 (a Windows-1252 export is converted once, here); its delimiter is found
    // again by each reader.
    let table = crate::input::table::CsvText::read(csv).map_err(NotTaken::NotCsv)?;
    let rows = table.reader().records().take(limit + 1).count();
    if rows > limit {
        return Err(NotTaken::TooLong(limit));
    }
    let made = (|| {
        let dir = tempfile::Builder::new()
            .prefix("list-")
            .permissions(std::fs::Permissions::from_mode(0o700))
            .tempdir_in(root)?;
        let file = |path: PathBuf| {
            std::fs::OpenOptions::new()
                .create_new(true)
                .write(true)
                .mode(0o600)
                .open(path)
        };
        file(dir.path().join("appointments.csv"))?.write_all(table.text.as_bytes())?;
        std::fs::DirBuilder::new()
            .mode(0o700)
            .create(dir.path().join("plans"))?;
        // The batch engine appends to its journal: made here, so that it is 0600 too.
        file(dir.path().join("plans").join("sent.journal"))?;
        Ok(dir)
    })();
    made.map_err(NotTaken::Failed)
}

/// The most rows of a day's list, as the clinic's settings say.
fn row_limit(app: &App) -> usize {
    app.db
        .setting("day_list_rows")
        .ok()
        .flatten()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(DEFAULT_DAY_LIST_ROWS)
}

/// A day's list's error as the desk shows it: the file by the name it was uploaded under, never
/// where the server keeps it.
fn list_error(err: &crate::error::Error, upload: &str, folder: &FsPath) -> String {
    use crate::error::Error;
    let text = match err {
        Error::File {
            line: Some(line),
            message,
            ..
        } => format!("{upload}, line {line}: {message}"),
        Error::File { message, .. } => format!("{upload}: {message}"),
        Error::Header { problem, .. } => format!("{upload}, line 1: {problem}."),
        Error::Io { source, .. } => format!("{upload} could not be read or written: {source}"),
        other => other.to_string(),
    };
    hide_folder(&text, folder)
}

/// `text` without the server's folder of a list in it.
fn hide_folder(text: &str, folder: &FsPath) -> String {
    let folder = folder.display().to_string();
    text.replace(&format!("{folder}/"), "")
        .replace(&folder, "the list")
}

/// What errors call an uploaded file: its own name, without any folder, or "the list".
fn upload_name(file_name: Option<&str>) -> String {
    file_name
        .and_then(|n| n.rsplit(['/', '\\']).next())
        .map(|n| {
            n.chars()
                .filter(|c| !c.is_control())
                .take(100)
                .collect::<String>()
        })
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "the list".to_string())
}

/// The choices a day's list is read with, made at upload (else the clinic's): kept with the
/// list, so that sending reads the file exactly as the page that said "done" did.
#[derive(Clone, Debug, Default)]
struct Choices {
    /// How dates with slashes read; `None`: refused.
    date_order: Option<crate::input::when::DateOrder>,
    /// The zone of rows without one.
    tz: Option<crate::tz::Zone>,
    /// How headers read: (header, column); an empty column: not read.
    renames: Vec<(String, String)>,
    /// Rows for a day before today are planned too (the desk said so, once told).
    past: bool,
}

/// The setting that remembers how the clinic's lists' headers read (JSON pairs of header and
/// column), so that the next list from the same booking system needs no choosing.
const COLUMNS_SETTING: &str = "day_list_columns";

/// What the desk may say a column holds, in its words; `habits` is not here: a habits file
/// cannot come with an upload.
const COLUMN_LABELS: [(&str, &str); 15] = [
    ("id", "Patient ID"),
    ("name", "Name"),
    ("email", "E-mail"),
    ("at", "Date and time"),
    ("date", "Date"),
    ("time", "Time"),
    ("tz", "Time zone"),
    ("minutes", "Length in minutes"),
    ("sweat", "Sweat level"),
    ("areas", "Treated areas"),
    ("product", "Product"),
    ("workouts", "Workouts"),
    ("discreet", "Discreet titles"),
    ("touch_up", "Touch-up visit"),
    (
        "status",
        "Booking status (cancelled and no-show rows get no plan)",
    ),
];

/// The choices a form gives, the clinic's where it gives none (a field left out; an empty
/// one is a choice: "refuse them", "each row's own zone"), or what is wrong.
fn choices_from(
    app: &App,
    fields: &HashMap<String, String>,
    maps: &[String],
) -> Result<Choices, String> {
    let clinic = app.plans.clinic();
    let date_order = match fields.get("date_order").map(|o| o.trim()) {
        None => clinic.as_ref().and_then(|c| c.date_order()),
        Some("") => None,
        Some(order) => Some(
            order
                .parse()
                .map_err(|e: crate::error::Error| e.to_string())?,
        ),
    };
    let tz = match fields.get("tz").map(|z| z.trim()) {
        None => clinic.as_ref().and_then(|c| c.zone()),
        Some("") => None,
        Some(name) => Some(crate::tz::parse_zone("tz", name).map_err(|e| e.to_string())?),
    };
    let mut renames = Vec::new();
    for map in maps {
        let Some((column, header)) = map.split_once('=') else {
            continue;
        };
        if !column.is_empty() && !COLUMN_LABELS.iter().any(|(c, _)| *c == column) {
            return Err(format!("{header:?} cannot be read as {column:?}"));
        }
        renames.push((header.to_string(), column.to_string()));
    }
    if maps.is_empty() {
        renames = remembered_columns(app);
    }
    Ok(Choices {
        date_order,
        tz,
        renames,
        past: fields.get("past").is_some_and(|v| v == "on"),
    })
}

/// How the clinic's last list's headers were read.
fn remembered_columns(app: &App) -> Vec<(String, String)> {
    app.db
        .setting(COLUMNS_SETTING)
        .ok()
        .flatten()
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

/// The header row of a kept list's file (empty when it cannot be read).
fn list_header(folder: &FsPath) -> Vec<String> {
    std::fs::read(folder.join("appointments.csv"))
        .ok()
        .and_then(|bytes| crate::input::table::CsvText::read(&bytes).ok())
        .and_then(|table| table.reader().headers().ok().cloned())
        .map(|h| {
            h.iter()
                .map(|c| c.trim().trim_start_matches('\u{feff}').to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// `GET /desk/day`: the upload form.
pub(crate) async fn day_form(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let session = match signed_in(&app, &headers) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let choices = choices_from(&app, &HashMap::new(), &[]).unwrap_or_default();
    let body = day_upload_form(&session, None, &choices, None);
    desk_page("A day's list", &session, &body, &app)
}

/// A list kept from an earlier upload, offered to run again with other choices: its id, its
/// upload's name and its header row.
struct Again<'a> {
    id: &'a str,
    upload: &'a str,
    header: &'a [String],
}

/// The upload form: the file (or the kept one), the date order, the zone, and (with a kept
/// list's header) what each column holds.
fn day_upload_form(
    session: &Session,
    again: Option<&Again<'_>>,
    choices: &Choices,
    error: Option<&str>,
) -> String {
    let mut h = String::from(
        "<h1>A day's list</h1><p class=\"lede\">A CSV of the day's appointments, as the booking \
         system exports it: a header row, then one appointment a row. The page reads the usual \
         headings (\"Patient ID\", \"Appointment Date\", \"Time\", \"Treatment Area\", \"E-mail\"); \
         say below what any other column holds.</p>",
    );
    if let Some(m) = error {
        let _ = write!(h, "<p class=\"error\" role=\"alert\">{}</p>", e(m));
    }
    let _ = write!(
        h,
        "<form method=\"post\" action=\"/desk/day\" enctype=\"multipart/form-data\" id=\"day-form\">\
         <input type=\"hidden\" name=\"form_token\" value=\"{}\">",
        e(&session.form_token)
    );
    match again {
        Some(again) => {
            let _ = write!(
                h,
                "<input type=\"hidden\" name=\"list\" value=\"{}\"><p class=\"note\">The list: {} \
                 (kept: no need to choose it again).</p>\
                 <label>Or another file <input type=\"file\" name=\"csv\" accept=\".csv,text/csv\"></label>",
                e(again.id),
                e(again.upload)
            );
        }
        None => h.push_str(
            "<label>The CSV file <input type=\"file\" name=\"csv\" accept=\".csv,text/csv\" required></label>",
        ),
    }
    use crate::input::when::DateOrder;
    let order = |o: Option<DateOrder>| {
        if choices.date_order == o {
            " selected"
        } else {
            ""
        }
    };
    let _ = write!(
        h,
        "<label>Dates with slashes <select name=\"date_order\"><option value=\"\"{}>Refuse them (ambiguous)</option>\
         <option value=\"dmy\"{}>Day first (01/12 is 1 December)</option>\
         <option value=\"mdy\"{}>Month first (01/12 is January 12)</option></select></label>",
        order(None),
        order(Some(DateOrder::DayMonthYear)),
        order(Some(DateOrder::MonthDayYear))
    );
    let chosen = choices.tz.map(|z| z.name().to_string()).unwrap_or_default();
    let _ = write!(
        h,
        "<label>Time zone of rows without one <select name=\"tz\"><option value=\"\">None: every row gives its own</option>"
    );
    h.push_str(&pages::zone_options(&chosen));
    h.push_str("</select></label>");
    if again.is_some() {
        let _ = write!(
            h,
            "<label class=\"check\"><input type=\"checkbox\" name=\"past\"{}> Include appointments before today</label>",
            if choices.past { " checked" } else { "" }
        );
    }
    let header = again.map_or(&[][..], |a| a.header);
    h.push_str(&mapping_html(header, &choices.renames));
    h.push_str("<button type=\"submit\">Make the plans</button></form>");
    h.push_str(&mapping_script_data(&choices.renames));
    h
}

/// What the page's script needs to propose, from a chosen file's header row, the reading the
/// server would make: the columns' labels, the usual spellings and the clinic's remembered
/// choices, as data (the CSP runs no inline script). Without script, the server reads the
/// header itself.
fn mapping_script_data(renames: &[(String, String)]) -> String {
    let labels: Vec<[&str; 2]> = COLUMN_LABELS.iter().map(|(c, l)| [*c, *l]).collect();
    let spellings: Vec<[&str; 2]> = crate::input::rows::SPELLINGS
        .iter()
        .filter(|(_, c)| COLUMN_LABELS.iter().any(|(l, _)| l == c))
        .map(|(k, c)| [*k, *c])
        .collect();
    format!(
        "<div id=\"mapping-data\" hidden data-labels=\"{}\" data-spellings=\"{}\" data-remembered=\"{}\"></div>\
         <script src=\"/static/day-list.js\" defer></script>",
        e(&serde_json::to_string(&labels).unwrap_or_default()),
        e(&serde_json::to_string(&spellings).unwrap_or_default()),
        e(&serde_json::to_string(renames).unwrap_or_default())
    )
}

/// The column a header is read as: the desk's choice, else its usual spelling's; `""`: not read.
fn proposed_column<'a>(header: &str, renames: &'a [(String, String)]) -> &'a str {
    renames
        .iter()
        .find(|(from, _)| from.trim().eq_ignore_ascii_case(header.trim()))
        .map(|(_, to)| to.as_str())
        .or_else(|| crate::input::rows::column_of(header))
        .unwrap_or("")
}

/// One select per header: what the column holds, proposed, for the desk to correct; nothing
/// before a file's header is known.
fn mapping_html(header: &[String], renames: &[(String, String)]) -> String {
    if header.is_empty() {
        return String::new();
    }
    let mut h = String::from(
        "<fieldset class=\"mapping\" id=\"mapping\"><legend>What each column holds</legend>",
    );
    for name in header {
        let proposed = proposed_column(name, renames);
        let _ = write!(
            h,
            "<label>{} <select name=\"map\"><option value=\"={}\">Not read</option>",
            e(name),
            e(name)
        );
        for (column, label) in COLUMN_LABELS {
            let _ = write!(
                h,
                "<option value=\"{column}={}\"{}>{label}</option>",
                e(name),
                if column == proposed { " selected" } else { "" }
            );
        }
        h.push_str("</select></label>");
    }
    h.push_str("</fieldset>");
    h
}

/// Why a list was not run, said above the form with the list kept.
enum NotRun {
    /// Its header cannot be read.
    Header(crate::error::Error),
    /// Rows write dates with slashes, and no order was chosen: how many.
    NeedsOrder(usize),
    /// Rows are for a day before today, and the desk has not said to plan them.
    Past(crate::deliver::batch::Past),
    /// Anything else stopped it before its first row.
    Failed(crate::error::Error),
}

/// Empties a kept list's outputs before it runs again with other choices; its send journal
/// stays, so what was sent is not sent again.
fn clear_outputs(folder: &FsPath) -> std::io::Result<()> {
    let _ = std::fs::remove_file(folder.join("calendars.zip"));
    for entry in std::fs::read_dir(folder.join("plans"))? {
        let path = entry?.path();
        if path.file_name().is_some_and(|n| n != "sent.journal") {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}

/// `POST /desk/day`: every row planned; the page lists each row's result. A form naming a kept
/// list (`list`) and no file runs that list again with the form's choices.
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
    let mut maps: Vec<String> = Vec::new();
    let mut csv: Option<Vec<u8>> = None;
    let mut upload = None;
    let read = async {
        let mut multipart = multipart.map_err(|e| e.body_text())?;
        while let Some(field) = multipart.next_field().await.map_err(|e| e.body_text())? {
            let name = field.name().unwrap_or_default().to_string();
            if name == "csv" {
                let file_name = upload_name(field.file_name());
                let bytes = field.bytes().await.map_err(|e| e.body_text())?.to_vec();
                if !bytes.is_empty() {
                    upload = Some(file_name);
                    csv = Some(bytes);
                }
            } else if name == "map" {
                if maps.len() < 200 {
                    maps.push(field.text().await.map_err(|e| e.body_text())?);
                }
            } else if name.len() <= 40 {
                let text = field.text().await.map_err(|e| e.body_text())?;
                fields.insert(name, text);
            }
        }
        Ok::<_, String>(())
    };
    let form_again =
        |status: StatusCode, message: &str, again: Option<&Again<'_>>, choices: &Choices| {
            let body = day_upload_form(&session, again, choices, Some(message));
            let mut response = desk_page("A day's list", &session, &body, &app);
            *response.status_mut() = status;
            response
        };
    if let Err(reason) = read.await {
        return form_again(
            StatusCode::BAD_REQUEST,
            &format!("The upload could not be read: {reason}"),
            None,
            &Choices::default(),
        );
    }
    if !fields
        .get("form_token")
        .is_some_and(|t| same(t, &session.form_token))
    {
        return refused_form();
    }
    let kept = match (&csv, fields.get("list")) {
        (None, Some(id)) => match app.day_lists.get(id, &session.user.id) {
            Some(kept) => Some((id.clone(), kept)),
            None => return list_gone(),
        },
        _ => None,
    };
    let choices = match choices_from(&app, &fields, &maps) {
        Ok(choices) => choices,
        Err(reason) => {
            let header = kept.as_ref().map(|(_, k)| list_header(&k.folder));
            let again = kept
                .as_ref()
                .zip(header.as_ref())
                .map(|((id, k), header)| Again {
                    id,
                    upload: &k.upload,
                    header,
                });
            return form_again(
                StatusCode::UNPROCESSABLE_ENTITY,
                &reason,
                again.as_ref(),
                &Choices::default(),
            );
        }
    };
    let (id, folder, upload) = match (csv, kept) {
        (Some(csv), _) => {
            let upload = upload.unwrap_or_else(|| upload_name(None));
            match new_list(&app, &session, csv, &upload, &choices).await {
                Ok((id, folder)) => (id, folder, upload),
                Err(NewList::TooLong(limit)) => {
                    return form_again(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        &format!(
                            "{upload} has more than {limit} rows, the most a day's list may have here: \
                             split it, or ask an admin to raise the limit in the clinic settings."
                        ),
                        None,
                        &choices,
                    );
                }
                Err(NewList::NotCsv(what)) => {
                    return form_again(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        &format!("{upload}: {what}."),
                        None,
                        &choices,
                    );
                }
                Err(NewList::Failed(response)) => return *response,
            }
        }
        (None, Some((id, kept))) => {
            let folder = kept.folder.clone();
            let zip = kept.zip.clone();
            let clearing = folder.clone();
            let cleared = tokio::task::spawn_blocking(move || {
                let _writing = zip.lock().unwrap_or_else(|e| e.into_inner());
                clear_outputs(&clearing)
            })
            .await
            .map_err(|e| std::io::Error::other(e.to_string()))
            .and_then(|c| c);
            if let Err(err) = cleared {
                return ServeError::Internal(err.to_string()).into_response_page();
            }
            app.day_lists.set_choices(&id, choices.clone());
            (id, folder, kept.upload)
        }
        (None, None) => {
            return form_again(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Please choose the CSV file.",
                None,
                &choices,
            );
        }
    };

    // The batch engine runs on its own thread and reports each chunk of rows as it is done;
    // the page is sent as the rows come.
    let (tx, mut rx) = tokio::sync::mpsc::channel::<DayEvent>(64);
    let worker = app.clone();
    let run_folder = folder.clone();
    let run_choices = choices.clone();
    let job_past = choices.past;
    tokio::task::spawn_blocking(move || {
        let rows = tx.clone();
        let outcome = with_day_job(&worker, &run_folder, &run_choices, false, |job| {
            if job.date_order.is_none() {
                match crate::deliver::batch::slashed_dates(job) {
                    Ok(0) => {}
                    Ok(n) => return Ok(Err(NotRun::NeedsOrder(n))),
                    Err(err @ crate::error::Error::Header { .. }) => {
                        return Ok(Err(NotRun::Header(err)));
                    }
                    Err(err) => return Ok(Err(NotRun::Failed(err))),
                }
            }
            if !job_past {
                match crate::deliver::batch::past_rows(job, Utc::now()) {
                    Ok(past) if past.rows > 0 => return Ok(Err(NotRun::Past(past))),
                    Ok(_) => {}
                    Err(err) => return Ok(Err(NotRun::Failed(err))),
                }
            }
            Ok(crate::deliver::batch::run(job, &mut |p| {
                let _ = rows.blocking_send(DayEvent::Rows(p.done.to_vec(), p.refused.to_vec()));
            })
            .map_err(|err| match err {
                crate::error::Error::Header { .. } => NotRun::Header(err),
                err => NotRun::Failed(err),
            }))
        });
        let event = match outcome {
            Ok(Ok(report)) => DayEvent::Finished(Ok(report)),
            Ok(Err(not_run)) => DayEvent::NotRun(not_run, list_header(&run_folder)),
            Err(err) => DayEvent::NotRun(NotRun::Failed(err), list_header(&run_folder)),
        };
        let _ = tx.blocking_send(event);
    });
    // The header and the dates are checked before any row: the form again, with the list kept
    // and one message that says what to choose.
    let first = rx.recv().await;
    if let Some(DayEvent::NotRun(why, header)) = &first {
        let message = match why {
            NotRun::Header(err) => format!(
                "{} Say below what each column holds.",
                list_error(err, &upload, &folder)
            ),
            NotRun::Failed(err) => list_error(err, &upload, &folder),
            NotRun::NeedsOrder(n) => format!(
                "{upload}: {} with slashes (such as 12/03/2026). Choose below whether the day or \
                 the month comes first, then make the plans again; an admin can set the clinic's \
                 usual order once (date_order in the clinic settings).",
                match n {
                    1 => "1 row writes its date".to_string(),
                    n => format!("{n} rows write their dates"),
                }
            ),
            NotRun::Past(past) => format!(
                "{upload}: {} before today{}. Check that this is the right list; to make and send \
                 their plans anyway, tick \"Include appointments before today\" below and make the \
                 plans again.",
                match past.rows {
                    1 => "1 row is for an appointment".to_string(),
                    n => format!("{n} rows are for appointments"),
                },
                past.earliest.map_or(String::new(), |at| format!(
                    " (the earliest: {})",
                    crate::units::week::TimeStyle::default()
                        .when(at, chrono::Datelike::year(&Utc::now().naive_utc()))
                ))
            ),
        };
        let again = Again {
            id: &id,
            upload: &upload,
            header,
        };
        return form_again(
            StatusCode::UNPROCESSABLE_ENTITY,
            &message,
            Some(&again),
            &choices,
        );
    }
    if !maps.is_empty()
        && let Ok(json) = serde_json::to_string(&choices.renames)
        && let Err(err) = app.db.set_setting(COLUMNS_SETTING, &json)
    {
        eprintln!("aftercare serve: the list's columns could not be remembered: {err}");
    }
    const MARK: &str = "<!--rows-->";
    let page = desk_html(
        "A day's list",
        &session,
        &format!(
            "<h1>A day's list</h1><p class=\"lede\">{}: each row as it is done.</p>{}{MARK}",
            e(&upload),
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
        folder,
        upload,
        counts: Counts::default(),
        finished: false,
    };
    let body =
        axum::body::Body::from_stream(futures_util::stream::unfold(stream, |mut s| async move {
            s.next()
                .await
                .map(|chunk| (Ok::<_, std::convert::Infallible>(chunk), s))
        }));
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// Why a new list was not taken.
enum NewList {
    /// More rows than the clinic's limit.
    TooLong(usize),
    /// Not a CSV file.
    NotCsv(crate::input::table::NotCsv),
    /// The page that says what failed.
    Failed(Box<Response>),
}

/// Takes an uploaded list into a folder of its own and keeps it with its choices: its id and
/// folder. Lists kept longer than an hour go.
async fn new_list(
    app: &Arc<App>,
    session: &Session,
    csv: Vec<u8>,
    upload: &str,
    choices: &Choices,
) -> Result<(String, PathBuf), NewList> {
    let failed = |reason: String| {
        NewList::Failed(Box::new(ServeError::Internal(reason).into_response_page()))
    };
    let root = match &app.day_lists.root {
        Ok(root) => root.path().to_path_buf(),
        Err(reason) => return Err(failed(reason.clone())),
    };
    let limit = row_limit(app);
    let taken = tokio::task::spawn_blocking(move || take_list(&root, &csv, limit))
        .await
        .map_err(|e| NotTaken::Failed(std::io::Error::other(e.to_string())))
        .and_then(|taken| taken);
    let dir = match taken {
        Ok(dir) => dir,
        Err(NotTaken::TooLong(limit)) => return Err(NewList::TooLong(limit)),
        Err(NotTaken::NotCsv(what)) => return Err(NewList::NotCsv(what)),
        Err(NotTaken::Failed(err)) => return Err(failed(err.to_string())),
    };
    let Ok(id) = Token::new() else {
        return Err(failed("no random source".into()));
    };
    let id = id.as_str().to_string();
    let folder = dir.path().to_path_buf();
    let expired: Vec<DayList> = {
        let mut lists = app
            .day_lists
            .lists
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let expired = lists
            .extract_if(|_, l| l.made.elapsed() >= DAY_LIST_KEPT)
            .map(|(_, l)| l)
            .collect();
        lists.insert(
            id.clone(),
            DayList {
                dir,
                owner: session.user.id.clone(),
                upload: upload.to_string(),
                zip: Arc::default(),
                made: Instant::now(),
                choices: choices.clone(),
            },
        );
        expired
    };
    // Erasing their files takes a while: off the threads that serve pages.
    if !expired.is_empty() {
        tokio::task::spawn_blocking(move || drop(expired));
    }
    Ok((id, folder))
}

/// What the batch engine's thread tells the page.
enum DayEvent {
    /// A chunk of rows: those done, those refused.
    Rows(
        Vec<crate::deliver::batch::Done>,
        Vec<crate::input::rows::RowError>,
    ),
    /// Not run: why, and the list's header row (for the form that says what columns hold).
    NotRun(NotRun, Vec<String>),
    /// The end.
    Finished(Result<crate::deliver::batch::Report, crate::error::Error>),
}

const RESULTS_HEAD: &str = "<table class=\"results\"><thead><tr><th scope=\"col\">Patient</th><th scope=\"col\">Result</th><th scope=\"col\">Appointment, as read</th></tr></thead><tbody>";

/// How many rows a page has listed, and what became of their messages.
#[derive(Default)]
struct Counts {
    done: usize,
    /// Done rows that give no e-mail address: their calendars are made, no message.
    no_address: usize,
    refused: usize,
    sent: usize,
    sent_before: usize,
    not_sent: usize,
}

impl Counts {
    fn add(&mut self, done: &[crate::deliver::batch::Done], refused: usize) {
        use crate::deliver::batch::Message;
        self.done += done.len();
        self.refused += refused;
        for row in done {
            match row.message {
                Message::Sent => self.sent += 1,
                Message::SentBefore => self.sent_before += 1,
                Message::Missing(_) => {
                    self.no_address += 1;
                    self.not_sent += 1;
                }
                Message::NotSent(_) => self.not_sent += 1,
                Message::NotAsked | Message::Made => {}
            }
        }
    }
}

/// The results page of a day's list, written as the rows are done.
struct DayStream {
    head: Option<String>,
    first: Option<DayEvent>,
    rx: tokio::sync::mpsc::Receiver<DayEvent>,
    tail: String,
    app: Arc<App>,
    session: Session,
    id: String,
    /// Where the list is kept, and what it was called when uploaded: errors say the latter.
    folder: PathBuf,
    upload: String,
    counts: Counts,
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
                self.counts.add(&done, refused.len());
                h.push_str(&rows_html(&done, &refused, &self.folder));
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
                        &self.counts,
                        &report.ignored,
                        false,
                    )),
                    Err(err) => {
                        let _ = write!(
                            h,
                            "<p class=\"error\" role=\"alert\">Stopped: {}</p>",
                            e(&list_error(&err, &self.upload, &self.folder))
                        );
                    }
                }
                h.push_str(&self.tail);
            }
            Some(DayEvent::NotRun(..)) | None => {
                self.finished = true;
                h.push_str("</tbody></table>");
                h.push_str(&self.tail);
            }
        }
        Some(h)
    }
}

/// Table rows in file order: each row done, by its id (with what became of its message), or
/// refused, by its id and line, with the reason (without the list's `folder`).
fn rows_html(
    done: &[crate::deliver::batch::Done],
    refused: &[crate::input::rows::RowError],
    folder: &FsPath,
) -> String {
    use crate::deliver::batch::Message;
    let mut lines: Vec<(usize, String)> = Vec::with_capacity(done.len() + refused.len());
    for row in done {
        let (class, said) = match &row.message {
            Message::NotAsked | Message::Made => ("", String::new()),
            Message::Sent => ("", "; e-mail sent".to_string()),
            Message::SentBefore => ("", "; e-mail sent before".to_string()),
            Message::Missing(why) => (" class=\"failed\"", format!(", but no e-mail: {why}")),
            Message::NotSent(why) => (" class=\"failed\"", format!("; e-mail not sent: {why}")),
        };
        // The patient's own hand-over page: their QR code, and e-mail for one without.
        let who = match &row.kept {
            Some(kept) => format!(
                "<a href=\"/desk/p/{}\">{}</a>",
                e(&kept.handle),
                e(&row.stem)
            ),
            None => e(&row.stem).to_string(),
        };
        lines.push((
            row.row,
            format!(
                "<tr{class}><td>{who}</td><td>done{}</td><td>{}</td></tr>",
                e(&hide_folder(&said, folder)),
                e(&row.appointment)
            ),
        ));
    }
    for err in refused {
        let who = if err.id.trim().is_empty() {
            format!("row {}", err.row)
        } else {
            format!("{} (row {})", err.id.trim(), err.row)
        };
        lines.push((
            err.row,
            format!(
                "<tr class=\"failed\"><td>{}</td><td>refused: {}{}</td><td></td></tr>",
                e(&who),
                if err.column.is_empty() {
                    String::new()
                } else {
                    format!("{}: ", e(&err.column))
                },
                e(&hide_folder(&err.reason, folder))
            ),
        ));
    }
    lines.sort_by_key(|(row, _)| *row);
    lines.into_iter().map(|(_, line)| line).collect()
}

/// After the rows: the counts, the columns not read, the zip and the send button.
fn day_summary(
    app: &App,
    session: &Session,
    id: &str,
    rows: usize,
    counts: &Counts,
    ignored: &[String],
    sending: bool,
) -> String {
    // A done row without an address gets no e-mail: the desk must hand that patient the
    // plan another way, so the count says so.
    let without = match counts.no_address {
        0 => String::new(),
        1 => " (1 without an e-mail address)".to_string(),
        n => format!(" ({n} without an e-mail address)"),
    };
    let mut h = format!(
        "<p class=\"lede\" role=\"status\">{rows} rows: {} done{without}, {} refused.</p>",
        counts.done, counts.refused
    );
    if sending {
        let _ = write!(
            h,
            "<p class=\"note\">E-mails: {} sent now, {} sent before, {} not sent.</p>",
            counts.sent, counts.sent_before, counts.not_sent
        );
    }
    if !ignored.is_empty() {
        let _ = write!(
            h,
            "<p class=\"hint\">Columns not read: {}.</p>",
            e(&ignored.join(", "))
        );
    }
    if counts.done > 0 {
        h.push_str(
            "<p class=\"hint\">A row's Patient ID opens its plan's hand-over page: the QR code to \
             scan, or their e-mail on its own.</p>",
        );
        let _ = write!(
            h,
            "<p><a class=\"button\" href=\"/desk/day/{id}/calendars.zip\">Download the calendars and the results (zip)</a></p>"
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
        let _ = write!(
            h,
            "<form method=\"post\" action=\"/desk/day/{id}/erase\"><input type=\"hidden\" name=\"form_token\" value=\"{}\">\
             <button type=\"submit\" class=\"link\">Wrong list? Delete its plans</button></form>",
            e(&session.form_token)
        );
    }
    h
}

/// Runs `work` with the batch job of a day's list in `folder`, read with its `choices`:
/// calendars (and messages, with a sender) into `folder/plans`; with `send`, through the
/// server's SMTP server (once per message).
fn with_day_job<T>(
    app: &App,
    folder: &FsPath,
    choices: &Choices,
    send: bool,
    work: impl FnOnce(&crate::deliver::batch::Job<'_>) -> Result<T, crate::error::Error>,
) -> Result<T, crate::error::Error> {
    use crate::deliver::batch::{Job, Mail};
    let protocols = app.plans.protocols(None)?;
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
    let style = crate::units::week::TimeStyle::default();
    // Every row's plan is kept with a page of its own, the link its calendar and e-mail carry.
    let lang = app.plans.default_lang();
    let keeper = super::listed::ListKeeper::new(app, style, lang, Utc::now());
    let job = Job {
        csv: &csv,
        out_dir: &out_dir,
        dry_run: false,
        protocols: &protocols,
        lang,
        dtstamp: Utc::now(),
        mail,
        threads: Some(2),
        force: false,
        habits_anywhere: false,
        renames: choices.renames.clone(),
        default_tz: choices.tz,
        clinic: app.plans.clinic(),
        date_order: choices.date_order,
        style,
        // Small chunks: the page shows the rows as they are done.
        chunk_rows: 25,
        touch_up: false,
        keeper: keeper
            .as_ref()
            .map(|k| k as &dyn crate::deliver::batch::Keeper),
    };
    work(&job)
}

/// The results of a day's list after sending: each row, then the counts.
fn day_results(
    app: &App,
    session: &Session,
    id: &str,
    folder: &FsPath,
    ran: &Ran,
    sent: String,
) -> Response {
    let mut counts = Counts::default();
    counts.add(&ran.done, ran.refused.len());
    let h = format!(
        "<h1>A day's list</h1><p class=\"note\" role=\"status\">{}</p>{RESULTS_HEAD}{}</tbody></table>{}",
        e(&sent),
        rows_html(&ran.done, &ran.refused, folder),
        day_summary(
            app,
            session,
            id,
            ran.report.rows,
            &counts,
            &ran.report.ignored,
            true
        )
    );
    desk_page("A day's list", session, &h, app)
}

/// A run of a day's list: what the engine reported, and every row.
struct Ran {
    report: crate::deliver::batch::Report,
    done: Vec<crate::deliver::batch::Done>,
    refused: Vec<crate::input::rows::RowError>,
}

/// The rows of a day's list that have their calendar, by file name.
fn calendars_made(folder: &FsPath) -> Vec<(usize, String)> {
    let mut done: Vec<(usize, String)> = std::fs::read_dir(folder.join("plans"))
        .map(|dir| {
            dir.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().to_string())
                .filter_map(|n| n.strip_suffix(".ics").map(|s| (0, s.to_string())))
                .collect()
        })
        .unwrap_or_default();
    done.sort();
    done
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

/// Opens `calendars.zip` in a day's list's folder, written first (0600, never whole in memory)
/// unless it already is: the file, at its start, and its length.
fn write_zip(folder: &FsPath) -> std::io::Result<(std::fs::File, u64)> {
    use std::io::{Seek, SeekFrom};
    if let Ok(file) = std::fs::File::open(folder.join("calendars.zip")) {
        let length = file.metadata()?.len();
        return Ok((file, length));
    }
    let plans = folder.join("plans");
    let names: Vec<String> = calendars_made(folder)
        .into_iter()
        .map(|(_, stem)| format!("{stem}.ics"))
        .collect();
    let temp = tempfile::Builder::new()
        .prefix(".calendars-")
        .tempfile_in(folder)?;
    let mut zip = zip::ZipWriter::new(temp);
    let results = plans.join("results.csv");
    let names = names
        .into_iter()
        .chain(results.exists().then(|| "results.csv".to_string()));
    for name in names {
        let mut ics = std::fs::File::open(plans.join(&name))?;
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .map_err(std::io::Error::other)?;
        std::io::copy(&mut ics, &mut zip)?;
    }
    let temp = zip.finish().map_err(std::io::Error::other)?;
    let mut file = temp
        .persist(folder.join("calendars.zip"))
        .map_err(|e| e.error)?;
    let length = file.seek(SeekFrom::End(0))?;
    file.seek(SeekFrom::Start(0))?;
    Ok((file, length))
}

/// A file's content as a response body, read a piece at a time off the threads that serve
/// pages.
fn file_body(file: std::fs::File) -> axum::body::Body {
    let pieces = futures_util::stream::unfold(Some(file), |file| async move {
        let mut file = file?;
        // The piece is made here, on the thread that sends it and then frees it: made on a
        // blocking thread, each freed piece would wait in that thread's heap, and eight
        // stalled downloads held megabytes that way.
        let mut piece = vec![0; 64 * 1024];
        let read = tokio::task::spawn_blocking(move || {
            let n = std::io::Read::read(&mut file, &mut piece);
            (file, piece, n)
        })
        .await;
        match read {
            Ok((_, _, Ok(0))) => None,
            Ok((file, mut piece, Ok(n))) => {
                piece.truncate(n);
                Some((Ok(axum::body::Bytes::from(piece)), Some(file)))
            }
            Ok((_, _, Err(err))) => Some((Err(err), None)),
            Err(err) => Some((Err(std::io::Error::other(err.to_string())), None)),
        }
    });
    axum::body::Body::from_stream(pieces)
}

/// `GET /desk/day/{id}/calendars.zip`: written to the list's folder, then sent from there.
pub(crate) async fn day_zip(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let session = match signed_in(&app, &headers) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let Some(list) = app.day_lists.get(&id, &session.user.id) else {
        return list_gone();
    };
    let written = tokio::task::spawn_blocking(move || {
        let _writing = list.zip.lock().unwrap_or_else(|e| e.into_inner());
        write_zip(&list.folder)
    })
    .await
    .map_err(|e| std::io::Error::other(e.to_string()))
    .and_then(|w| w);
    match written {
        Ok((file, length)) => (
            [
                (header::CONTENT_TYPE, "application/zip".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"calendars.zip\"".to_string(),
                ),
                (header::CACHE_CONTROL, "no-store".to_string()),
                (header::CONTENT_LENGTH, length.to_string()),
            ],
            file_body(file),
        )
            .into_response(),
        Err(err) => ServeError::Internal(format!("the calendars' zip: {err}")).into_response_page(),
    }
}

/// The form of `POST /desk/day/{id}/erase`: the sign-in's token, and `confirm` at the
/// second step.
#[derive(Deserialize)]
pub(crate) struct EraseForm {
    #[serde(default)]
    form_token: String,
    #[serde(default)]
    confirm: String,
}

/// The plans a day's list made, by the pages its `results.csv` gives.
fn list_plans(folder: &FsPath) -> Vec<String> {
    let Ok(mut results) = csv::Reader::from_path(folder.join("plans").join("results.csv")) else {
        return Vec::new();
    };
    let Some(page_at) = results
        .headers()
        .ok()
        .and_then(|h| h.iter().position(|c| c == "page"))
    else {
        return Vec::new();
    };
    results
        .records()
        .filter_map(Result::ok)
        .filter_map(|r| {
            let page = r.get(page_at)?;
            Some(page.rsplit_once("/p/")?.1.to_string())
        })
        .filter(|token| !token.is_empty())
        .collect()
}

/// `POST /desk/day/{id}/erase`: a list uploaded by mistake. The first press asks (a second
/// step that works without script); the second erases every plan the list made (their pages,
/// feeds, follow-ups and send records) and the list with its files.
pub(crate) async fn day_erase(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<EraseForm>,
) -> Response {
    let session = match signed_in_with(&app, &headers, Some(&form.form_token)) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let Some(list) = app.day_lists.get(&id, &session.user.id) else {
        return list_gone();
    };
    let tokens = list_plans(&list.folder);
    if form.confirm != "yes" {
        let h = format!(
            "<h1>Delete this list's plans?</h1><p>{} made from {}. Their patients' pages and \
             calendar feeds stop working and their follow-up e-mails stop; e-mails already sent \
             cannot be called back. The list and its files are erased too.</p>\
             <form method=\"post\" action=\"/desk/day/{id}/erase\"><input type=\"hidden\" name=\"form_token\" value=\"{}\">\
             <input type=\"hidden\" name=\"confirm\" value=\"yes\"><button type=\"submit\" class=\"danger\">Delete {}</button></form>\
             <p><a href=\"/desk/day\">Keep them</a></p>",
            match tokens.len() {
                1 => "1 plan was".to_string(),
                n => format!("{n} plans were"),
            },
            e(&list.upload),
            e(&session.form_token),
            match tokens.len() {
                1 => "the plan".to_string(),
                n => format!("the {n} plans"),
            },
        );
        return desk_page("Delete this list's plans?", &session, &h, &app);
    }
    let worker = app.clone();
    let erased = tokio::task::spawn_blocking(move || {
        let mut erased = 0;
        for token in &tokens {
            match worker.plans.delete(token) {
                Ok(()) => erased += 1,
                Err(ServeError::Gone) => {}
                Err(err) => return Err(err),
            }
        }
        drop(worker.day_lists.remove(&id));
        Ok(erased)
    })
    .await
    .unwrap_or_else(|e| Err(ServeError::Internal(e.to_string())));
    match erased {
        Ok(n) => {
            let h = format!(
                "<h1>A day's list</h1><p class=\"note\" role=\"status\">Deleted {} made from {}; the list and its files are erased.</p>\
                 <p><a href=\"/desk/day\">Upload a list</a></p>",
                match n {
                    1 => "1 plan".to_string(),
                    n => format!("{n} plans"),
                },
                e(&list.upload)
            );
            desk_page("A day's list", &session, &h, &app)
        }
        Err(err) => err.into_response_page(),
    }
}

/// `POST /desk/day/{id}/send`: every row's message, once (the batch's journal), with the
/// choices the list was made with.
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
    let Some(Kept {
        folder,
        upload,
        zip,
        choices,
    }) = app.day_lists.get(&id, &session.user.id)
    else {
        return list_gone();
    };
    let worker = app.clone();
    let dir = folder.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        // The run writes the calendars again: the zip is made anew from them when next asked.
        let _writing = zip.lock().unwrap_or_else(|e| e.into_inner());
        let _ = std::fs::remove_file(dir.join("calendars.zip"));
        let mut done = Vec::new();
        let mut refused = Vec::new();
        let report = with_day_job(&worker, &dir, &choices, true, |job| {
            crate::deliver::batch::run(job, &mut |p| {
                done.extend_from_slice(p.done);
                refused.extend_from_slice(p.refused);
            })
        })?;
        Ok(Ran {
            report,
            done,
            refused,
        })
    })
    .await
    .unwrap_or_else(|e| Err(crate::error::Error::invalid("csv", "", e.to_string())));
    match outcome {
        Ok(ran) => {
            let report = &ran.report;
            let mut said = format!(
                "Sent {}{}.",
                match report.delivered {
                    1 => "1 message".to_string(),
                    n => format!("{n} messages"),
                },
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
            day_results(&app, &session, &id, &folder, &ran, said)
        }
        Err(err) => {
            let body = day_upload_form(
                &session,
                None,
                &Choices::default(),
                Some(&list_error(&err, &upload, &folder)),
            );
            desk_page("A day's list", &session, &body, &app)
        }
    }
}
