//! The JSON API, for a clinic's booking system: the CLI's words as fields (see
//! [`PlanRequest`] and [`SuggestRequest`]), the CLI's JSON back. Errors are
//! `{"error": {"field": …, "message": …}}` with the CLI's messages.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::plans::Loaded;
use super::{App, ServeError};
use crate::input::request::{PlanRequest, SuggestRequest};

/// An error as JSON.
pub(crate) fn error(status: StatusCode, field: Option<&str>, message: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        json!({"error": {"field": field, "message": message}}).to_string(),
    )
        .into_response()
}

impl ServeError {
    /// The error as the API answers it: 422 for a field's value, 410 for a missing plan.
    fn api(&self) -> Response {
        match self {
            ServeError::Input(e) => {
                error(StatusCode::UNPROCESSABLE_ENTITY, e.field(), &e.to_string())
            }
            ServeError::Gone => error(StatusCode::GONE, None, &self.to_string()),
            ServeError::Conflict => error(StatusCode::CONFLICT, None, &self.to_string()),
            ServeError::OverBudget => error(StatusCode::TOO_MANY_REQUESTS, None, &self.to_string()),
            ServeError::Store(_) | ServeError::Io { .. } | ServeError::Internal(_) => {
                eprintln!("aftercare serve: {self}");
                error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    None,
                    "Something went wrong on the server; nothing was changed.",
                )
            }
        }
    }
}

/// Reads a JSON body of at most the server's limit: 413 beyond it, 400 when it is not JSON
/// of the expected shape (naming the field serde names).
async fn body<T: DeserializeOwned>(app: &App, body: Body) -> Result<T, Response> {
    let bytes: Bytes = axum::body::to_bytes(body, app.max_body)
        .await
        .map_err(|_| {
            error(
                StatusCode::PAYLOAD_TOO_LARGE,
                None,
                &super::guard::too_large(app.max_body),
            )
        })?;
    let bytes = if bytes.is_empty() {
        Bytes::from_static(b"{}")
    } else {
        bytes
    };
    serde_json::from_slice(&bytes).map_err(|e| {
        error(
            StatusCode::BAD_REQUEST,
            None,
            &format!("The body is not the JSON expected: {e}"),
        )
    })
}

/// A plan as the API answers it: `plan` is the CLI's `--format json`, field for field.
#[derive(Serialize)]
struct Answer<'a> {
    token: &'a str,
    url: String,
    ics_url: String,
    webcal_url: String,
    revision: u32,
    plan: &'a crate::model::Plan,
    #[serde(skip_serializing_if = "Option::is_none")]
    monitoring: Option<&'a crate::plan::oops::Monitoring>,
}

fn created(app: &App, loaded: &Loaded, status: StatusCode) -> Response {
    let plans = &app.plans;
    let answer = Answer {
        token: loaded.token.as_str(),
        url: plans.page_url(&loaded.token),
        ics_url: plans.feed_url(&loaded.token),
        webcal_url: plans.webcal_url(&loaded.token),
        revision: loaded.record.revision,
        plan: &loaded.plan,
        monitoring: loaded.monitoring.as_ref(),
    };
    match serde_json::to_string(&answer) {
        Ok(body) => (status, [(header::CONTENT_TYPE, "application/json")], body).into_response(),
        Err(e) => ServeError::Internal(e.to_string()).api(),
    }
}

/// `POST /api/plans`: 201 with the token, the absolute URLs and the plan.
pub(crate) async fn create(
    State(app): State<Arc<App>>,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<std::net::SocketAddr>,
    request: axum::extract::Request,
) -> Response {
    let client = app.guard.client_address(peer.ip(), request.headers());
    let mut fields: serde_json::Map<String, Value> = match body(&app, request.into_body()).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    // The consent to follow-up e-mails travels with the request but is not part of the plan.
    let email = fields.remove("email");
    let follow_ups = fields.remove("follow_ups");
    let consent = match super::followups::api_consent(email, follow_ups) {
        Ok(c) => c,
        Err(e) => return e.api(),
    };
    let req: PlanRequest = match serde_json::from_value(Value::Object(fields)) {
        Ok(r) => r,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                None,
                &format!("The body is not the JSON expected: {e}"),
            );
        }
    };
    let now = Utc::now();
    let made = app.plans.create(req, now, client).and_then(|loaded| {
        if let Some(email) = &consent {
            super::followups::consent(&app, &loaded, email, now)?;
        }
        Ok(loaded)
    });
    match made {
        Ok(loaded) => created(&app, &loaded, StatusCode::CREATED),
        Err(e) => e.api(),
    }
}

/// `GET /api/plans/{token}`.
pub(crate) async fn read(State(app): State<Arc<App>>, Path(token): Path<String>) -> Response {
    match app.plans.load(&token) {
        Ok(loaded) => created(&app, &loaded, StatusCode::OK),
        Err(e) => e.api(),
    }
}

/// `DELETE /api/plans/{token}`: 204, then 410 for everything about it.
pub(crate) async fn delete(State(app): State<Arc<App>>, Path(token): Path<String>) -> Response {
    match app.plans.delete(&token) {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => e.api(),
    }
}

/// The body of a setback or "oops": when, local like the appointment (now when not given),
/// and for an "oops", what was done (an activity id or words).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct At {
    #[serde(default)]
    at: Option<String>,
    #[serde(default)]
    activity: Option<String>,
}

/// `POST /api/plans/{token}/setback`: the plan again, revised.
pub(crate) async fn setback(
    State(app): State<Arc<App>>,
    Path(token): Path<String>,
    request: axum::extract::Request,
) -> Response {
    revise(app, token, request, false, |req, at, _| {
        req.setbacks.push(at)
    })
    .await
}

/// `POST /api/plans/{token}/oops`: the plan again, with the check-ins after exercising.
pub(crate) async fn oops(
    State(app): State<Arc<App>>,
    Path(token): Path<String>,
    request: axum::extract::Request,
) -> Response {
    revise(app, token, request, true, |req, at, activity| {
        req.oops = Some(at);
        req.oops_activity = activity;
    })
    .await
}

async fn revise(
    app: Arc<App>,
    token: String,
    request: axum::extract::Request,
    takes_activity: bool,
    change: impl FnOnce(&mut PlanRequest, String, Option<String>),
) -> Response {
    let At { at, activity } = match body(&app, request.into_body()).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    // Only an "oops" says what was done: an activity elsewhere is refused, never dropped.
    if let Some(activity) = activity.as_ref().filter(|_| !takes_activity) {
        return ServeError::Input(crate::error::Error::invalid(
            "activity",
            activity,
            "no activity for a setback (an \"oops\" takes one)",
        ))
        .api();
    }
    let now = Utc::now();
    let result = app.plans.load(&token).and_then(|current| {
        let at = at.unwrap_or_else(|| super::pages::local_now(&current, now));
        app.plans
            .revise(&token, now, |req| change(req, at, activity))
    });
    match result {
        Ok(loaded) => {
            super::followups::revised(&app, &loaded);
            created(&app, &loaded, StatusCode::OK)
        }
        Err(e) => e.api(),
    }
}

/// Suggestions are the server's one long computation (a year of slots is seconds of work):
/// they run on blocking threads, off the workers that answer everything else, at most
/// [`SUGGEST_AT_ONCE`] at a time; at most [`SUGGEST_QUEUE`] more wait their turn, and none
/// takes more than [`SUGGEST_TIMEOUT`] in all. Past that, 503 with `Retry-After`.
pub(crate) struct SuggestPool {
    permits: Arc<tokio::sync::Semaphore>,
    waiting: Arc<std::sync::atomic::AtomicUsize>,
}

/// Suggestions worked out at the same time.
pub(crate) const SUGGEST_AT_ONCE: usize = 2;
/// Suggestions that may wait for one of those.
pub(crate) const SUGGEST_QUEUE: usize = 4;
/// The longest a suggestion may take, its wait included.
pub(crate) const SUGGEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Why a suggestion was not worked out.
#[derive(Debug)]
pub(crate) enum Busy {
    /// Every place, and every place in the queue, was taken.
    Full,
    /// It took longer than [`SUGGEST_TIMEOUT`].
    Slow,
    /// The work failed (a panic): the server's fault.
    Failed,
}

impl Busy {
    /// What the client is told.
    pub(crate) fn message(&self) -> &'static str {
        match self {
            Busy::Full => {
                "The server is busy working out suggestions for others: please try again in a few seconds."
            }
            Busy::Slow => {
                "Working out these suggestions took too long: try fewer days or a longer step."
            }
            Busy::Failed => "Something went wrong on the server; nothing was changed.",
        }
    }

    /// The answer: 503, and when to try again (500 for a failure).
    pub(crate) fn answer(&self, api: bool) -> Response {
        if let Busy::Failed = self {
            return super::guard::refuse(api, StatusCode::INTERNAL_SERVER_ERROR, self.message());
        }
        let mut r = super::guard::refuse(api, StatusCode::SERVICE_UNAVAILABLE, self.message());
        r.headers_mut()
            .insert(header::RETRY_AFTER, axum::http::HeaderValue::from(5));
        r
    }
}

impl Default for SuggestPool {
    fn default() -> Self {
        SuggestPool {
            permits: Arc::new(tokio::sync::Semaphore::new(SUGGEST_AT_ONCE)),
            waiting: Arc::default(),
        }
    }
}

/// One place in the queue, given back however the wait ends (the client may go away).
struct Waiting(Arc<std::sync::atomic::AtomicUsize>);

impl Drop for Waiting {
    fn drop(&mut self) {
        self.0.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

impl SuggestPool {
    /// Runs `work` on a blocking thread when a place is free. The place is held until the
    /// work ends, even after its answer was given up on: the bound is on work, not answers.
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Busy> {
        use std::sync::atomic::Ordering;
        let deadline = tokio::time::Instant::now() + SUGGEST_TIMEOUT;
        let permit = match self.permits.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                if self.waiting.fetch_add(1, Ordering::SeqCst) >= SUGGEST_QUEUE {
                    self.waiting.fetch_sub(1, Ordering::SeqCst);
                    return Err(Busy::Full);
                }
                let _waiting = Waiting(self.waiting.clone());
                match tokio::time::timeout_at(deadline, self.permits.clone().acquire_owned()).await
                {
                    Ok(Ok(permit)) => permit,
                    _ => return Err(Busy::Full),
                }
            }
        };
        let task = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        });
        match tokio::time::timeout_at(deadline, task).await {
            Ok(Ok(done)) => Ok(done),
            Ok(Err(e)) => {
                eprintln!("aftercare serve: suggestions failed: {e}");
                Err(Busy::Failed)
            }
            Err(_) => Err(Busy::Slow),
        }
    }
}

/// `POST /api/suggest`: the `suggest` command's JSON.
pub(crate) async fn suggest(
    State(app): State<Arc<App>>,
    request: axum::extract::Request,
) -> Response {
    let req: SuggestRequest = match body(&app, request.into_body()).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    let protocol = match app.plans.protocol(None) {
        Ok(protocol) => protocol,
        Err(e) => return ServeError::Input(e).api(),
    };
    let now = Utc::now();
    let work = move || {
        let (request, routine) = req.prepare(&protocol, now)?;
        crate::plan::suggest::suggest(&request, &routine, &protocol)
    };
    match app.suggest.run(work).await {
        Ok(Ok(s)) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            serde_json::to_string(&s).unwrap_or_else(|_| Value::Null.to_string()),
        )
            .into_response(),
        Ok(Err(e)) => ServeError::Input(e).api(),
        Err(busy) => busy.answer(true),
    }
}
