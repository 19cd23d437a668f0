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
                &format!("The request body is larger than {} bytes.", app.max_body),
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
    let req: PlanRequest = match body(&app, request.into_body()).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    match app.plans.create(req, Utc::now(), client) {
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
        Ok(loaded) => created(&app, &loaded, StatusCode::OK),
        Err(e) => e.api(),
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
    let result = app.plans.protocol(None).and_then(|protocol| {
        let (request, routine) = req.prepare(&protocol, Utc::now())?;
        crate::plan::suggest::suggest(&request, &routine, &protocol)
    });
    match result {
        Ok(s) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            serde_json::to_string(&s).unwrap_or_else(|_| Value::Null.to_string()),
        )
            .into_response(),
        Err(e) => ServeError::Input(e).api(),
    }
}
