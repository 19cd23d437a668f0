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
use super::pages::{self, FormState, days_html, qr_svg};
use super::plans::Loaded;
use super::token::Token;
use super::views::{self, render};
use super::{App, ServeError};
use crate::deliver::mail;
use crate::i18n::Lang;
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
/// The desk speaks the language the staff's browser asks for, else the clinic's.
fn signed_in(app: &App, headers: &HeaderMap) -> Result<Session, Box<Response>> {
    let session = cookie(headers, COOKIE)
        .and_then(|token| app.db.session(token, Utc::now().timestamp()).ok().flatten());
    let mut session =
        session.ok_or_else(|| Box::new(Redirect::to("/desk/signin").into_response()))?;
    session.lang = pages::asked_lang(app, None, headers);
    Ok(session)
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
        Err(Box::new(refused_form(session.lang)))
    }
}

fn refused_form(lang: Lang) -> Response {
    (
        StatusCode::FORBIDDEN,
        pages::message_page_to(
            pages::Home::Desk,
            lang,
            &lang.t("desk-refused-title"),
            &lang.t("desk-refused"),
        ),
    )
        .into_response()
}

/// A signed-in page: never stored by a browser or a proxy (it shows the sign-in's form token
/// and patients' details).
fn desk_page(page: String) -> Response {
    no_store(Html(page).into_response())
}

fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A desk page's frame, titled `title`, and the desk's menu, in the desk's language.
fn frame(app: &App, session: &Session, title: String) -> (views::Frame, views::Nav) {
    let l = session.lang;
    (
        views::Frame::of(app, l, title),
        views::Nav {
            admin: session.user.role == Role::Admin,
            form_token: session.form_token.clone(),
            sign_out: l.tr("desk-sign-out", &[("name", &session.user.name)]),
        },
    )
}

/// `GET /desk/signin`.
pub(crate) async fn signin_form(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    signin_page(
        pages::asked_lang(&app, None, &headers),
        StatusCode::OK,
        None,
    )
}

fn signin_page(lang: Lang, status: StatusCode, error: Option<&str>) -> Response {
    let Ok(token) = Token::new() else {
        return ServeError::Internal("no random source".into()).into_response_page(lang);
    };
    let page = render(&views::SignIn {
        frame: views::Frame::bare(lang, lang.t("desk-signin-title")),
        error,
        token: token.as_str(),
    });
    let mut response = (status, Html(page)).into_response();
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
    fn into_response_page(self, lang: Lang) -> Response {
        self.page_to(pages::Home::Desk, lang)
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

/// `POST /desk/signin`.
pub(crate) async fn signin(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<std::net::SocketAddr>,
    body: axum::body::Body,
) -> Response {
    let lang = pages::asked_lang(&app, None, &headers);
    let Some(form) = small_form(body).await else {
        return signin_page(
            lang,
            StatusCode::PAYLOAD_TOO_LARGE,
            Some(&lang.t("desk-signin-too-large")),
        );
    };
    if !cookie(&headers, SIGN_IN_COOKIE).is_some_and(|c| same(c, field(&form, "form_token"))) {
        return refused_form(lang);
    }
    let (name, password) = (field(&form, "name"), field(&form, "password"));
    // No account has such a name or password: refused before anything is counted or kept.
    if check_name(name).is_err() || password.len() > MAX_PASSWORD_BYTES {
        return signin_page(
            lang,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(&lang.t("desk-signin-too-long")),
        );
    }
    let address: IpAddr = app.guard.client_address(peer.ip(), &headers);
    let checked = check_attempt(&app, name.to_string(), password.to_string(), address).await;
    let user = match checked {
        Ok(Checked::Right(user)) => user,
        Ok(Checked::Wrong) => {
            return signin_page(
                lang,
                StatusCode::UNAUTHORIZED,
                Some(&lang.t("desk-signin-wrong")),
            );
        }
        Ok(Checked::Wait(wait)) => {
            return too_many(
                signin_page(
                    lang,
                    StatusCode::TOO_MANY_REQUESTS,
                    Some(&lang.tr(
                        "desk-signin-wait",
                        &[("minutes", &wait.div_ceil(60).to_string())],
                    )),
                ),
                wait,
            );
        }
        Err(err) => return err.into_response_page(lang),
    };
    let expires = Utc::now().timestamp() + app.desk_session.as_secs() as i64;
    let (token, _) = match app.db.start_session(&user, expires) {
        Ok(started) => started,
        Err(err) => return ServeError::from(err).into_response_page(lang),
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
    let (frame, nav) = frame(app, session, session.lang.t("desk-password-title"));
    let mut response = desk_page(render(&views::Password {
        frame,
        nav,
        note: said.and_then(Result::ok),
        error: said.and_then(Result::err),
    }));
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
    let l = session.lang;
    let refuse = |status, message: &str| password_page(&app, &session, status, Some(Err(message)));
    let (current, new) = (field(&form, "current"), field(&form, "new"));
    if new != field(&form, "again") {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            &l.t("desk-password-differ"),
        );
    }
    if let Err(err) = super::accounts::check_password(new) {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, &pages::say(&err, l));
    }
    if current.len() > MAX_PASSWORD_BYTES {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            &l.t("desk-password-wrong"),
        );
    }
    let address = app.guard.client_address(peer.ip(), &headers);
    let name = session.user.name.clone();
    match check_attempt(&app, name.clone(), current.to_string(), address).await {
        Ok(Checked::Right(_)) => {}
        Ok(Checked::Wrong) => {
            return refuse(StatusCode::UNAUTHORIZED, &l.t("desk-password-wrong"));
        }
        Ok(Checked::Wait(wait)) => {
            return too_many(
                refuse(
                    StatusCode::TOO_MANY_REQUESTS,
                    &l.tr(
                        "desk-password-wait",
                        &[("minutes", &wait.div_ceil(60).to_string())],
                    ),
                ),
                wait,
            );
        }
        Err(err) => return err.into_response_page(l),
    }
    let Some(keep) = cookie(&headers, COOKIE).map(str::to_string) else {
        return refused_form(l);
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
            Some(Ok(&l.t("desk-password-changed"))),
        ),
        Err(err) => err.into_response_page(l),
    }
}

/// `GET /desk`.
pub(crate) async fn home(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let session = match signed_in(&app, &headers) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let l = session.lang;
    let mut menu = vec!["desk-home-handover", "desk-home-suggest", "desk-home-day"];
    if session.user.role == Role::Admin {
        menu.push("desk-home-settings");
    }
    menu.push("desk-home-password");
    let (frame, nav) = frame(&app, &session, l.t("desk-home-title"));
    desk_page(render(&views::DeskHome {
        frame,
        nav,
        signed_in: l.tr("desk-home-signed-in", &[("name", &session.user.name)]),
        menu,
    }))
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
        desk: Some(session.lang),
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
    let (mut state, upload) = match pages::read_form(&app, multipart, Some(session.lang)).await {
        Ok(read) => read,
        Err((status, state)) => return desk_form(&app, &session, &state, status),
    };
    let l = session.lang;
    if !same(state.get("form_token"), &session.form_token) {
        return refused_form(l);
    }
    let email = state.get("email").trim().to_string();
    if !email.is_empty()
        && let Err(err) = mail::mailbox("email", &email, None)
    {
        state.errors.insert("email".into(), pages::say(&err, l));
    }
    let follow_ups = state.get("follow_ups") == "on";
    if follow_ups && email.is_empty() {
        state
            .errors
            .insert("email".into(), l.t("desk-follow-ups-email"));
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
                    .map(|()| super::followups::desk_on(&app, &email, l))
                    .map_err(|e| l.tr("desk-follow-ups-off", &[("reason", &e.to_string())]))
            });
            handed_over(&app, &session, &loaded, &email, consent)
        }
        Err(ServeError::Input(err)) => {
            pages::place_error(&mut state, &err);
            desk_form(&app, &session, &state, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(other) => other.into_response_page(l),
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
    let l = session.lang;
    let plans = &app.plans;
    let page = plans.page_url(&loaded.token);
    let heading = l.t("desk-handed-title");
    let failed = matches!(sent, Some(Err(_)));
    let title = if failed {
        l.tr("page-error-title", &[("title", &heading)])
    } else {
        heading.clone()
    };
    // The plan below is the patient's, in their language: said, when it is not the desk's.
    let patient = loaded.plan.lang;
    let now = Utc::now();
    let (frame, nav) = frame(app, session, title);
    desk_page(render(&views::Handed {
        frame,
        nav,
        heading,
        note: sent
            .as_ref()
            .and_then(|s| s.as_ref().ok())
            .map(String::as_str),
        error: sent
            .as_ref()
            .and_then(|s| s.as_ref().err())
            .map(String::as_str),
        qr: qr_svg(&page, l),
        page,
        language: (patient != l)
            .then(|| l.tr("desk-handed-language", &[("language", patient.own_name())])),
        mail: app.mail.is_some(),
        token: loaded.token.as_str(),
        email,
        patient,
        timeline: crate::render::timeline::render(
            &loaded.plan,
            Some(now),
            loaded.prepared.options.style,
        ),
        days: days_html(loaded, now.with_timezone(&loaded.plan.appointment.tz)),
    }))
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
        Err(err) => err.into_response_page(session.lang),
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
    let l = session.lang;
    let loaded = match app.plans.load(&token) {
        Ok(l) => l,
        Err(err) => return err.into_response_page(l),
    };
    let not_sent = move |reason: &dyn std::fmt::Display| {
        l.tr("desk-not-sent", &[("reason", &reason.to_string())])
    };
    let outcome = match &app.mail {
        None => Err(l.t("desk-not-sent-no-mail")),
        Some(mailer) => {
            let mailer = mailer.clone();
            let worker = app.clone();
            let email = form.email.trim().to_string();
            let token = loaded.token.clone();
            let plan = loaded.plan.clone();
            let prepared = loaded.prepared.clone();
            let revision = loaded.record.revision;
            tokio::task::spawn_blocking(move || {
                let to = mail::mailbox("email", &email, None).map_err(|e| not_sent(&e))?;
                // Claimed before it is sent: a second press, or a press on another server,
                // finds the claim and sends nothing.
                let now = Utc::now();
                match worker.plans.claim_sent(&token, to.email.as_ref(), now) {
                    Ok(None) => {}
                    Ok(Some(at)) => {
                        let year = chrono::Datelike::year(&now.naive_utc());
                        let when = prepared
                            .options
                            .style
                            .with_lang(l)
                            .when(at.with_timezone(&plan.appointment.tz), year);
                        return Ok(l.tr("desk-sent-before", &[("when", &when)]));
                    }
                    Err(err) => {
                        eprintln!("aftercare serve: {err}");
                        return Err(l.t("desk-not-sent-record"));
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
                        .map_err(|e| not_sent(&e))?;
                    mailer
                        .smtp
                        .send(&message)
                        .map(|()| l.tr("desk-sent", &[("email", &email)]))
                        .map_err(|e| not_sent(&e))
                })();
                if sent.is_err()
                    && let Err(err) = worker.plans.release_sent(&token)
                {
                    eprintln!("aftercare serve: {err}");
                }
                sent
            })
            .await
            .unwrap_or_else(|e| Err(not_sent(&e)))
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
    let l = session.lang;
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
    let mut found_view: Option<views::Found> = None;
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
                problem = Some((field, pages::say(&err, l)));
            }
            Ok((found, prepared)) => {
                let year = chrono::Datelike::year(&Utc::now().naive_utc());
                let slots = found
                    .suggestions
                    .iter()
                    .map(|s| {
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
                        (
                            prepared.style.with_lang(l).when(s.start, year),
                            s.reason.clone(),
                            link,
                        )
                    })
                    .collect();
                found_view = Some(views::Found {
                    slots,
                    notes: found.notes.clone(),
                    english_only: l != Lang::En,
                });
            }
        }
    }
    let heading = l.t("desk-suggest-title");
    let title = if problem.is_some() {
        l.tr("page-error-title", &[("title", &heading)])
    } else {
        heading.clone()
    };
    let zone_attrs = match &problem {
        Some((Some("tz"), _)) => {
            " id=\"tz\" aria-invalid=\"true\" aria-describedby=\"error-summary-h\" autofocus"
        }
        _ => " id=\"tz\"",
    };
    let (frame, nav) = frame(&app, &session, title);
    desk_page(render(&views::Suggest {
        frame,
        nav,
        problems: problem
            .as_ref()
            .map(|(f, m)| vec![(*f, m.as_str())])
            .unwrap_or_default(),
        heading,
        from: get("from"),
        to: get("to"),
        zones: pages::zone_select(get("tz"), app.plans.clinic().as_ref(), zone_attrs),
        clinic_hours: get("clinic_hours"),
        minutes: if get("minutes").is_empty() {
            "30"
        } else {
            get("minutes")
        },
        protect: all("protect").join("\n"),
        workouts: all("workouts").join("\n"),
        sweat: pages::SWEAT_CHOICES
            .iter()
            .map(|value| views::Choice {
                id: value.to_string(),
                name: l.t(&format!("form-sweat-{value}")),
                on: sweat == *value,
            })
            .collect(),
        found: found_view,
    }))
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

fn admins_only(lang: Lang) -> Response {
    (
        StatusCode::FORBIDDEN,
        pages::message_page_to(
            pages::Home::Desk,
            lang,
            &lang.t("desk-admins-title"),
            &lang.t("desk-admins"),
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
        return admins_only(session.lang);
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
    let l = session.lang;
    let problems: Vec<(Option<&str>, &str)> = SETTINGS_FIELDS
        .into_iter()
        .filter_map(|f| errors.get(f).map(|m| (Some(f), m.as_str())))
        .collect();
    let first = problems.first().and_then(|(f, _)| *f);
    let heading = l.t("desk-settings-title");
    let title = if problems.is_empty() {
        heading.clone()
    } else {
        l.tr("page-error-title", &[("title", &heading)])
    };
    let typed = HashMap::new();
    let (frame, nav) = frame(app, session, title);
    let mut response = desk_page(render(&views::Settings {
        frame,
        nav,
        problems,
        heading,
        saved,
        clinic: &form.clinic,
        logo: app.plans.logo().is_some(),
        protocol: &form.protocol,
        rows_label: l.tr(
            "desk-settings-rows",
            &[
                ("max", &MAX_DAY_LIST_ROWS.to_string()),
                ("default", &DEFAULT_DAY_LIST_ROWS.to_string()),
            ],
        ),
        day_list_rows: &form.day_list_rows,
        max_rows: MAX_DAY_LIST_ROWS,
        fields: views::Fields {
            errors,
            typed: &typed,
            first,
        },
    }));
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
        return admins_only(session.lang);
    }
    if let Some(reason) = unreadable {
        let mut errors = HashMap::new();
        errors.insert(
            "logo",
            session
                .lang
                .tr("desk-settings-unreadable", &[("reason", &reason)]),
        );
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
            errors.insert("logo", pages::say(&err, session.lang));
            None
        }
    };
    let clinic = if form.clinic.trim().is_empty() {
        None
    } else {
        match crate::model::Clinic::parse(&form.clinic, FsPath::new("clinic")) {
            Ok(c) => Some(c),
            Err(err) => {
                errors.insert("clinic", pages::say(&err, session.lang));
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
                errors.insert("protocol", pages::say(&err, session.lang));
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
            pages::say(
                &crate::error::Error::invalid(
                    "day_list_rows",
                    rows,
                    format!("a whole number of rows from 1 to {MAX_DAY_LIST_ROWS}"),
                ),
                session.lang,
            ),
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
        return ServeError::from(err).into_response_page(session.lang);
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
        Some(&session.lang.t("desk-settings-saved")),
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
fn list_error(err: &crate::error::Error, upload: &str, folder: &FsPath, lang: Lang) -> String {
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
    let text = hide_folder(&text, folder);
    match lang {
        Lang::En => text,
        // The reader's own words are English: introduced in the desk's language.
        _ => lang.tr("form-error-other", &[("detail", &text)]),
    }
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
        .unwrap_or_else(|| "list.csv".to_string())
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

/// What the desk may say a column holds (each labelled by the catalogue's `desk-column`);
/// `habits` is not here: a habits file cannot come with an upload.
const COLUMNS: [&str; 16] = [
    "id", "name", "email", "language", "at", "date", "time", "tz", "minutes", "sweat", "areas",
    "product", "workouts", "discreet", "touch_up", "status",
];

/// The choices a form gives, the clinic's where it gives none (a field left out; an empty
/// one is a choice: "refuse them", "each row's own zone"), or what is wrong.
fn choices_from(
    app: &App,
    fields: &HashMap<String, String>,
    maps: &[String],
    lang: Lang,
) -> Result<Choices, String> {
    let clinic = app.plans.clinic();
    let date_order = match fields.get("date_order").map(|o| o.trim()) {
        None => clinic.as_ref().and_then(|c| c.date_order()),
        Some("") => None,
        Some(order) => Some(
            order
                .parse()
                .map_err(|e: crate::error::Error| pages::say(&e, lang))?,
        ),
    };
    let tz = match fields.get("tz").map(|z| z.trim()) {
        None => clinic.as_ref().and_then(|c| c.zone()),
        Some("") => None,
        Some(name) => Some(crate::tz::parse_zone("tz", name).map_err(|e| pages::say(&e, lang))?),
    };
    let mut renames = Vec::new();
    for map in maps {
        let Some((column, header)) = map.split_once('=') else {
            continue;
        };
        if !column.is_empty() && !COLUMNS.contains(&column) {
            return Err(lang.tr(
                "desk-day-cannot-read-as",
                &[("header", header), ("column", column)],
            ));
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
    let choices = choices_from(&app, &HashMap::new(), &[], session.lang).unwrap_or_default();
    day_page(&app, &session, None, &choices, None)
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
fn day_page(
    app: &App,
    session: &Session,
    again: Option<&Again<'_>>,
    choices: &Choices,
    error: Option<&str>,
) -> Response {
    use crate::input::when::DateOrder;
    let l = session.lang;
    let chosen = choices.tz.map(|z| z.name().to_string()).unwrap_or_default();
    let again = again.map(|a| views::AgainView {
        id: a.id.to_string(),
        kept: l.tr("desk-day-kept", &[("file", a.upload)]),
        columns: a
            .header
            .iter()
            .map(|header| {
                let proposed = proposed_column(header, &choices.renames);
                views::ColumnView {
                    header: header.clone(),
                    choices: COLUMNS
                        .iter()
                        .map(|c| views::Choice {
                            id: c.to_string(),
                            name: column_label(c, l),
                            on: *c == proposed,
                        })
                        .collect(),
                }
            })
            .collect(),
    });
    let labels: Vec<[String; 2]> = COLUMNS
        .iter()
        .map(|c| [c.to_string(), column_label(c, l)])
        .collect();
    let spellings: Vec<[&str; 2]> = crate::input::rows::SPELLINGS
        .iter()
        .filter(|(_, c)| COLUMNS.contains(c))
        .map(|(k, c)| [*k, *c])
        .collect();
    let (frame, nav) = frame(app, session, l.t("desk-day-title"));
    desk_page(render(&views::Day {
        frame,
        nav,
        error,
        again,
        order: match choices.date_order {
            None => "",
            Some(DateOrder::DayMonthYear) => "dmy",
            Some(DateOrder::MonthDayYear) => "mdy",
        },
        zones: pages::zone_options(&chosen),
        past: choices.past,
        labels: serde_json::to_string(&labels).unwrap_or_default(),
        spellings: serde_json::to_string(&spellings).unwrap_or_default(),
        remembered: serde_json::to_string(&choices.renames).unwrap_or_default(),
    }))
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

/// A column as the mapping's choices name it, in `lang`.
fn column_label(column: &str, lang: Lang) -> String {
    lang.tr("desk-column", &[("column", column)])
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
    let l = session.lang;
    let form_again =
        |status: StatusCode, message: &str, again: Option<&Again<'_>>, choices: &Choices| {
            let mut response = day_page(&app, &session, again, choices, Some(message));
            *response.status_mut() = status;
            response
        };
    if let Err(reason) = read.await {
        return form_again(
            StatusCode::BAD_REQUEST,
            &l.tr("desk-day-unreadable", &[("reason", &reason)]),
            None,
            &Choices::default(),
        );
    }
    if !fields
        .get("form_token")
        .is_some_and(|t| same(t, &session.form_token))
    {
        return refused_form(l);
    }
    let kept = match (&csv, fields.get("list")) {
        (None, Some(id)) => match app.day_lists.get(id, &session.user.id) {
            Some(kept) => Some((id.clone(), kept)),
            None => return list_gone(l),
        },
        _ => None,
    };
    let choices = match choices_from(&app, &fields, &maps, l) {
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
                        &l.tr(
                            "desk-day-too-long",
                            &[("file", &upload), ("limit", &limit.to_string())],
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
                return ServeError::Internal(err.to_string()).into_response_page(l);
            }
            app.day_lists.set_choices(&id, choices.clone());
            (id, folder, kept.upload)
        }
        (None, None) => {
            return form_again(
                StatusCode::UNPROCESSABLE_ENTITY,
                &l.t("desk-day-choose-file"),
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
            NotRun::Header(err) => l.tr(
                "desk-day-header",
                &[("problem", &list_error(err, &upload, &folder, l))],
            ),
            NotRun::Failed(err) => list_error(err, &upload, &folder, l),
            NotRun::NeedsOrder(n) => {
                l.tr_n("desk-day-needs-order", *n as i64, &[("file", &upload)])
            }
            NotRun::Past(past) => {
                let earliest = past.earliest.map_or(String::new(), |at| {
                    let when = crate::units::week::TimeStyle::default()
                        .with_lang(l)
                        .when(at, chrono::Datelike::year(&Utc::now().naive_utc()));
                    l.tr("desk-day-earliest", &[("when", &when)])
                });
                l.tr_n(
                    "desk-day-past-rows",
                    past.rows as i64,
                    &[("file", &upload), ("earliest", &earliest)],
                )
            }
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
    // The page, cut where the rows go and where the summary goes: the rows are sent as they
    // are done, the summary at the end.
    const ROWS: &str = "<!--rows-->";
    const SUMMARY: &str = "<!--summary-->";
    let (frame, nav) = frame(&app, &session, l.t("desk-day-title"));
    let page = render(&views::DayResults {
        frame,
        nav,
        lede: Some(l.tr("desk-day-each-row", &[("file", &upload)])),
        note: None,
        rows: ROWS.to_string(),
        summary: SUMMARY.to_string(),
    });
    let (head, rest) = page.split_once(ROWS).unwrap_or((&page, ""));
    let (middle, tail) = rest.split_once(SUMMARY).unwrap_or((rest, ""));
    let stream = DayStream {
        head: Some(head.to_string()),
        first,
        rx,
        middle: middle.to_string(),
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
        NewList::Failed(Box::new(
            ServeError::Internal(reason).into_response_page(session.lang),
        ))
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

/// How many rows a page has listed, and what became of their messages.
#[derive(Default)]
struct Counts {
    done: usize,
    /// Done rows that give no e-mail address: their calendars are made, no message.
    no_address: usize,
    refused: usize,
    /// Rows the booking says did not happen (cancelled, a no-show): no plan, on purpose.
    not_held: usize,
    sent: usize,
    sent_before: usize,
    not_sent: usize,
}

impl Counts {
    fn add(
        &mut self,
        done: &[crate::deliver::batch::Done],
        refused: &[crate::input::rows::RowError],
    ) {
        use crate::deliver::batch::Message;
        self.done += done.len();
        let not_held = refused.iter().filter(|r| r.not_held).count();
        self.not_held += not_held;
        self.refused += refused.len() - not_held;
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
    /// The page up to the rows, between the rows and the summary, and after it.
    head: Option<String>,
    first: Option<DayEvent>,
    rx: tokio::sync::mpsc::Receiver<DayEvent>,
    middle: String,
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
                self.counts.add(&done, &refused);
                h.push_str(&rows_html(&done, &refused, &self.folder, self.session.lang));
            }
            Some(DayEvent::Finished(outcome)) => {
                self.finished = true;
                h.push_str(&self.middle);
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
                        let l = self.session.lang;
                        let reason = list_error(&err, &self.upload, &self.folder, l);
                        let _ = write!(
                            h,
                            "<p class=\"error\" role=\"alert\">{}</p>",
                            e(&l.tr("desk-day-stopped", &[("reason", &reason)]))
                        );
                    }
                }
                h.push_str(&self.tail);
            }
            Some(DayEvent::NotRun(..)) | None => {
                self.finished = true;
                h.push_str(&self.middle);
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
    l: Lang,
) -> String {
    use crate::deliver::batch::Message;
    let mut rows: Vec<(usize, views::RowView)> = Vec::with_capacity(done.len() + refused.len());
    for row in done {
        let (failed, result) = match &row.message {
            Message::NotAsked | Message::Made => (false, l.t("desk-day-done")),
            Message::Sent => (false, l.t("desk-day-done-sent")),
            Message::SentBefore => (false, l.t("desk-day-done-sent-before")),
            Message::Missing(why) => (true, l.tr("desk-day-done-no-email", &[("reason", why)])),
            Message::NotSent(why) => (true, l.tr("desk-day-done-not-sent", &[("reason", why)])),
        };
        rows.push((
            row.row,
            views::RowView {
                failed,
                who: row.stem.clone(),
                // The patient's own hand-over page: their QR code, and e-mail for one without.
                handle: row.kept.as_ref().map(|k| k.handle.clone()),
                result: hide_folder(&result, folder),
                appointment: row.appointment.clone(),
            },
        ));
    }
    for err in refused {
        let row = err.row.to_string();
        let who = if err.id.trim().is_empty() {
            l.tr("desk-day-row", &[("row", &row)])
        } else {
            l.tr("desk-day-id-row", &[("id", err.id.trim()), ("row", &row)])
        };
        let reason = hide_folder(&err.reason, folder);
        let result = if err.not_held {
            l.tr("desk-day-not-held", &[("reason", &reason)])
        } else if err.column.is_empty() {
            l.tr("desk-day-refused", &[("reason", &reason)])
        } else {
            l.tr(
                "desk-day-refused-column",
                &[("column", &err.column), ("reason", &reason)],
            )
        };
        rows.push((
            err.row,
            views::RowView {
                // Not a mistake to correct: not shown as one.
                failed: !err.not_held,
                who,
                handle: None,
                result,
                appointment: String::new(),
            },
        ));
    }
    rows.sort_by_key(|(row, _)| *row);
    render(&views::DayRows {
        rows: rows.into_iter().map(|(_, row)| row).collect(),
    })
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
    let l = session.lang;
    // A done row without an address gets no e-mail: the desk must hand that patient the
    // plan another way, so the count says so.
    let without = match counts.no_address {
        0 => String::new(),
        n => l.tr_n("desk-day-without", n as i64, &[]),
    };
    let count = |n: usize| n.to_string();
    render(&views::DaySummary {
        lang: l,
        counts: l.tr(
            "desk-day-counts",
            &[
                ("rows", &count(rows)),
                ("done", &count(counts.done)),
                ("without", &without),
                ("refused", &count(counts.refused)),
            ],
        ),
        emails: sending.then(|| {
            l.tr(
                "desk-day-emails",
                &[
                    ("sent", &count(counts.sent)),
                    ("before", &count(counts.sent_before)),
                    ("not", &count(counts.not_sent)),
                ],
            )
        }),
        not_held: (counts.not_held > 0)
            .then(|| l.tr_n("desk-day-not-held-count", counts.not_held as i64, &[])),
        ignored: (!ignored.is_empty())
            .then(|| l.tr("desk-day-ignored", &[("columns", &ignored.join(", "))])),
        done: counts.done > 0,
        mail: app.mail.is_some(),
        id,
        form_token: &session.form_token,
    })
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
    let l = session.lang;
    let mut counts = Counts::default();
    counts.add(&ran.done, &ran.refused);
    let (frame, nav) = frame(app, session, l.t("desk-day-title"));
    desk_page(render(&views::DayResults {
        frame,
        nav,
        lede: None,
        note: Some(sent),
        rows: rows_html(&ran.done, &ran.refused, folder, l),
        summary: day_summary(
            app,
            session,
            id,
            ran.report.rows,
            &counts,
            &ran.report.ignored,
            true,
        ),
    }))
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

fn list_gone(lang: Lang) -> Response {
    (
        StatusCode::GONE,
        pages::message_page_to(
            pages::Home::Desk,
            lang,
            &lang.t("desk-day-gone-title"),
            &lang.t("desk-day-gone"),
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
        return list_gone(session.lang);
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
        Err(err) => ServeError::Internal(format!("the calendars' zip: {err}"))
            .into_response_page(session.lang),
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
        return list_gone(session.lang);
    };
    let tokens = list_plans(&list.folder);
    let l = session.lang;
    if form.confirm != "yes" {
        let n = tokens.len() as i64;
        let (frame, nav) = frame(&app, &session, l.t("desk-erase-title"));
        return desk_page(render(&views::Erase {
            frame,
            nav,
            text: l.tr_n("desk-erase-text", n, &[("file", &list.upload)]),
            yes: l.tr_n("desk-erase-yes", n, &[]),
            id: &id,
        }));
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
            let (frame, nav) = frame(&app, &session, l.t("desk-day-title"));
            desk_page(render(&views::Erased {
                frame,
                nav,
                text: l.tr_n("desk-erased", n as i64, &[("file", &list.upload)]),
            }))
        }
        Err(err) => err.into_response_page(l),
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
        return list_gone(session.lang);
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
            let l = session.lang;
            let report = &ran.report;
            let before = if report.already_sent > 0 {
                l.tr_n("desk-day-sent-before", report.already_sent as i64, &[])
            } else {
                String::new()
            };
            let mut said = l.tr_n(
                "desk-day-sent",
                report.delivered as i64,
                &[("before", &before)],
            );
            if let Some(failure) = &report.send_failure {
                said.push_str(&l.tr("desk-day-send-stopped", &[("reason", &failure.to_string())]));
            }
            day_results(&app, &session, &id, &folder, &ran, said)
        }
        Err(err) => {
            let error = list_error(&err, &upload, &folder, session.lang);
            day_page(&app, &session, None, &Choices::default(), Some(&error))
        }
    }
}
