//! `aftercare serve`: the plan on a web page, and a calendar subscription that stays current.
//!
//! A patient (or the front desk with them) fills one form; the server plans, stores the
//! request under a random token, and answers with the plan's page at `/p/{token}`: the day by
//! day view, the timeline picture, the calendar to download or subscribe to (with a QR code of
//! the subscription link), and forms to report a setback, exercise that came too soon, or to
//! delete the plan. Clinics' systems use the same through a JSON API (`/api/…`).
//!
//! * [`store`]: the storage interface and its SQLite implementation.
//! * [`token`]: the random tokens in links, stored only as hashes.
//! * [`seal`]: what the database keeps, sealed: plans with their token's key, the rest with
//!   the server's key file.
//! * [`plans`]: create, load, revise, delete: what pages and the API share.
//! * `conn`: the connections: each request's head read and checked before hyper sees it,
//!   deadlines for heads and bodies, open connections per address.
//! * `guard`: what every request goes through: security headers, same-origin checks for
//!   state changes, rate limits, one log line without tokens.
//! * `pages` and `api`: the HTML pages and the JSON API.
//! * [`accounts`] and `desk`: the front desk's accounts, sign-ins and settings, and its pages
//!   (`/desk`: hand over, suggest and book, a day's list, clinic settings).
//!
//! The server is a thin shell: everything a page says comes from the planner and renderers
//! of the rest of the library.

pub mod accounts;
mod api;
mod conn;
mod desk;
pub mod followups;
mod guard;
mod listed;

pub use guard::Cidr;
mod pages;
pub mod plans;
pub mod seal;
pub mod store;
pub mod token;
mod views;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::error::Error;
use crate::input::protocol::Protocols;
use crate::model::Clinic;
use plans::Plans;
use store::StoreError;

/// How to run the server.
#[derive(Clone, Debug)]
pub struct Config {
    /// Where to listen (`127.0.0.1:8080`; port 0 picks a free one).
    pub listen: SocketAddr,
    /// The SQLite database file.
    pub db: PathBuf,
    /// The server key's file (see [`seal::ServerKey`]); `<db>.key` when not given.
    pub key_file: Option<PathBuf>,
    /// The bytes of plans one client address may store per day (0: no limit).
    pub store_budget: u64,
    /// What links, feeds and QR codes point to (`https://plans.example.com`); the listening
    /// address when not given.
    pub base_url: Option<String>,
    /// The protocols offered, by name, the default first (at least one).
    pub protocols: Vec<(String, Protocols)>,
    /// The clinic shown on every page and calendar.
    pub clinic: Option<Clinic>,
    /// Days a plan is kept after its last event.
    pub retention_days: u32,
    /// State-changing requests allowed per client address and minute (0: no limit).
    pub rate_limit: u32,
    /// The largest request body accepted, in bytes (a calendar upload included).
    pub max_body: usize,
    /// Behind a reverse proxy: the client's address is the last one in `X-Forwarded-For`, when
    /// the connection comes from one of these addresses; empty when clients connect directly.
    pub trusted_proxies: Vec<guard::Cidr>,
    /// One line per request on standard error.
    pub log: bool,
    /// The SMTP server the desk sends plans through (`smtps://host`, as for the CLI's
    /// `--smtp`; credentials from the environment).
    pub smtp: Option<String>,
    /// Allow credentials over a plain connection (a local relay).
    pub smtp_insecure_auth: bool,
    /// The desk's e-mails' sender (`Example Clinic <desk@example.com>`).
    pub mail_from: Option<String>,
    /// How long a desk sign-in lasts.
    pub desk_session: std::time::Duration,
    /// How long a client has to send a request's head (its request line and headers): from
    /// connecting, or from the request's first byte on a kept-alive connection.
    pub header_timeout: std::time::Duration,
    /// How long a whole request may take to arrive, its body included (408 past it).
    pub request_timeout: std::time::Duration,
    /// How long a kept-alive connection may wait for its next request.
    pub idle_timeout: std::time::Duration,
    /// How long an answer may wait for its client to read any of it before the connection
    /// ends (a client that stops reading holds nothing longer).
    pub send_timeout: std::time::Duration,
    /// Open connections per client address (0: no limit); `trusted_proxies` have none.
    pub max_connections_per_address: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            db: PathBuf::from("aftercare.db"),
            key_file: None,
            store_budget: 50 * 1024 * 1024,
            base_url: None,
            protocols: vec![("default".into(), Protocols::builtin())],
            clinic: None,
            retention_days: 180,
            rate_limit: 60,
            max_body: 2 * 1024 * 1024,
            trusted_proxies: Vec::new(),
            log: true,
            smtp: None,
            smtp_insecure_auth: false,
            mail_from: None,
            desk_session: std::time::Duration::from_secs(8 * 3600),
            header_timeout: std::time::Duration::from_secs(10),
            request_timeout: std::time::Duration::from_secs(30),
            idle_timeout: std::time::Duration::from_secs(30),
            send_timeout: std::time::Duration::from_secs(30),
            max_connections_per_address: 32,
        }
    }
}

impl Config {
    /// The server key's file: `--key-file`, else beside the database (`<db>.key`).
    pub fn key_path(&self) -> PathBuf {
        self.key_file
            .clone()
            .unwrap_or_else(|| PathBuf::from(format!("{}.key", self.db.display())))
    }
}

/// What can go wrong serving a request or starting the server.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The request's content: a field, its value, what is expected.
    #[error(transparent)]
    Input(#[from] Error),
    /// No plan for this token: unknown, deleted, purged or malformed, all alike.
    #[error("This plan is not here: it was deleted, it expired, or the link is incomplete.")]
    Gone,
    /// Someone else revised the plan at the same moment.
    #[error("The plan changed at the same moment; please try again.")]
    Conflict,
    /// The client's address has stored its bytes of plans for the day.
    #[error("Too many plans from your address today; please try again tomorrow.")]
    OverBudget,
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Listening or the runtime failed.
    #[error("{what}: {source}")]
    Io {
        /// What was being done.
        what: String,
        /// Why it failed.
        source: std::io::Error,
    },
    /// Something that is the server's fault, not the request's.
    #[error("internal error: {0}")]
    Internal(String),
}

/// What the handlers share.
pub(crate) struct App {
    pub(crate) plans: Plans,
    pub(crate) guard: guard::Guard,
    pub(crate) max_body: usize,
    /// Accounts, sign-ins and settings (the same database as the plans).
    pub(crate) db: Arc<store::Sqlite>,
    pub(crate) desk_session: std::time::Duration,
    pub(crate) mail: Option<desk::Mailer>,
    pub(crate) day_lists: desk::DayLists,
    /// Where suggestions are worked out, a few at a time.
    pub(crate) suggest: api::SuggestPool,
}

/// The server's routes, over `plans` and the accounts of `db` (used by [`run`]).
fn router(
    config: &Config,
    plans: Plans,
    db: Arc<store::Sqlite>,
    mail: Option<desk::Mailer>,
    origin: String,
) -> Router {
    let app = Arc::new(App {
        plans,
        guard: guard::Guard::new(
            config.rate_limit,
            config.trusted_proxies.clone(),
            origin,
            config.log,
        ),
        max_body: config.max_body,
        db,
        desk_session: config.desk_session,
        mail,
        day_lists: desk::DayLists::new(&config.db),
        suggest: api::SuggestPool::default(),
    });
    Router::new()
        .route("/", get(pages::form))
        .route("/plans", post(pages::create))
        .route("/p/{token}", get(pages::plan))
        .route("/p/{token}/calendar.ics", get(pages::feed))
        .route("/p/{token}/handout", get(pages::handout))
        .route("/p/{token}/setback", post(pages::setback))
        .route("/p/{token}/oops", post(pages::oops))
        .route("/p/{token}/delete", post(pages::delete))
        .route("/p/{token}/language", post(pages::language))
        .route("/p/{token}/followups", post(followups::page_consent))
        .route(
            "/u/{token}",
            get(followups::stop_form).post(followups::stop_now),
        )
        .route("/static/{name}", get(pages::asset))
        .route("/logo", get(pages::logo))
        .route("/healthz", get(pages::health))
        .route("/api/plans", post(api::create))
        .route("/api/plans/{token}", get(api::read).delete(api::delete))
        .route("/api/plans/{token}/setback", post(api::setback))
        .route("/api/plans/{token}/oops", post(api::oops))
        .route("/api/suggest", post(api::suggest))
        .route("/desk", get(desk::home))
        .route("/desk/signin", get(desk::signin_form).post(desk::signin))
        .route("/desk/signout", post(desk::signout))
        .route(
            "/desk/password",
            get(desk::password_form).post(desk::password),
        )
        .route(
            "/desk/handover",
            get(desk::handover_form).post(desk::handover),
        )
        .route("/desk/p/{token}", get(desk::handover_again))
        .route("/desk/p/{token}/send", post(desk::send))
        .route("/desk/suggest", get(desk::suggest))
        .route("/desk/day", get(desk::day_form).post(desk::day))
        .route("/desk/day/{id}/calendars.zip", get(desk::day_zip))
        .route("/desk/day/{id}/send", post(desk::day_send))
        .route("/desk/day/{id}/erase", post(desk::day_erase))
        .route(
            "/desk/settings",
            get(desk::settings_form).post(desk::settings),
        )
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            guard::check,
        ))
        .layer(DefaultBodyLimit::max(config.max_body))
        .with_state(app)
}

/// Opens the database, listens, prints the address to open, and serves until Ctrl-C or
/// SIGTERM, purging expired plans every hour.
pub fn run(config: Config) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|source| ServeError::Io {
            what: "starting the server".into(),
            source,
        })?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .map_err(|source| ServeError::Io {
                what: format!("listening on {}", config.listen),
                source,
            })?;
        let local = listener.local_addr().map_err(|source| ServeError::Io {
            what: "listening".into(),
            source,
        })?;
        let base = config
            .base_url
            .clone()
            .unwrap_or_else(|| format!("http://{local}"));
        let origin = origin_of(&base)?;
        let mail = mailer(&config)?;
        let db = Arc::new(store::Sqlite::open_sealed(
            &config.db,
            4,
            &config.key_path(),
        )?);
        let store: Arc<dyn store::Store> = db.clone();
        let budget = db
            .sealing()
            .map(|key| plans::Budget::new(key.clone(), config.store_budget))?;
        let plans = Plans::new(
            store.clone(),
            config.protocols.clone(),
            config.clinic.clone(),
            base.clone(),
            chrono::Duration::days(config.retention_days.into()),
            budget,
        );
        apply_settings(&db, &plans)?;
        if let Some(m) = &mail {
            tokio::spawn(followups::every_minute(
                db.clone(),
                m.smtp.clone(),
                m.from.clone(),
            ));
        }
        let app = router(&config, plans, db, mail, origin);
        tokio::spawn(purge_every_hour(store));
        // The first line on standard output is the address: people open it, tests read it.
        println!("Listening on http://{local}/  (links point to {base}/)");
        eprintln!("aftercare serve: database {}", config.db.display());
        if base.starts_with("http://") && !local.ip().is_loopback() {
            eprintln!(
                "aftercare serve: warning: serving plain HTTP beyond this machine ({local}): \
                 the desk cannot keep a sign-in here (its cookie needs HTTPS); put a TLS proxy \
                 in front and give --base-url https://…"
            );
        }
        let limits = conn::Limits {
            header: config.header_timeout,
            request: config.request_timeout,
            idle: config.idle_timeout,
            send: config.send_timeout,
            per_address: config.max_connections_per_address,
            exempt: config.trusted_proxies.clone(),
            log: config.log,
        };
        conn::serve(listener, app, limits, shutdown()).await;
        Ok(())
    })
}

/// The desk's mail settings, checked before the server listens.
fn mailer(config: &Config) -> Result<Option<desk::Mailer>, ServeError> {
    let Some(url) = &config.smtp else {
        return Ok(None);
    };
    let from = config.mail_from.as_deref().ok_or_else(|| {
        Error::invalid("mail-from", "", "the sender's address (needed with --smtp)")
    })?;
    let smtp = crate::deliver::mail::Smtp::new(
        url,
        crate::deliver::mail::credentials_from_env(),
        config.smtp_insecure_auth,
    )?;
    Ok(Some(desk::Mailer {
        smtp: Arc::new(smtp),
        from: crate::deliver::mail::mailbox("mail-from", from, None)?,
        url: url.clone(),
        insecure_auth: config.smtp_insecure_auth,
    }))
}

/// The clinic, logo and protocol an admin saved at the desk replace the flags' (checked again: a
/// setting that no longer passes stops the server, never silently ignored).
fn apply_settings(db: &store::Sqlite, plans: &Plans) -> Result<(), ServeError> {
    if let Some(text) = db.setting("clinic")? {
        let clinic = Clinic::parse(&text, std::path::Path::new("clinic (desk settings)"))?;
        plans.set_clinic(Some(clinic));
    }
    if let Some(text) = db.setting("logo")? {
        use base64::Engine;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(text.trim())
            .map_err(|e| ServeError::Internal(format!("the stored logo: {e}")))?;
        plans.set_logo(Some(plans::Logo::new(bytes)?));
    }
    if let Some(text) = db.setting("protocol")? {
        let protocols =
            Protocols::from_file(&text, std::path::Path::new("protocol (desk settings)"))?;
        plans.set_default_protocol(protocols);
    }
    Ok(())
}

/// `scheme://host[:port]` of a base URL: what a same-origin request's `Origin` header says.
fn origin_of(base: &str) -> Result<String, ServeError> {
    let url = url::Url::parse(base).map_err(|_| {
        Error::invalid(
            "base-url",
            base,
            "an absolute http or https URL, e.g. https://plans.example.com",
        )
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(Error::invalid("base-url", base, "an absolute http or https URL").into());
    }
    // Every link and QR code would carry them; the value is not repeated, for the same reason.
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::invalid(
            "base-url",
            format!(
                "{}://…@{}",
                url.scheme(),
                url.host_str().unwrap_or_default()
            ),
            "an address without a user name or password",
        )
        .into());
    }
    Ok(url.origin().ascii_serialization())
}

async fn purge_every_hour(store: Arc<dyn store::Store>) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        tick.tick().await;
        let now = chrono::Utc::now().timestamp();
        match store.purge(now) {
            Ok(0) => {}
            Ok(n) => eprintln!("aftercare serve: purged {n} expired plans"),
            Err(e) => eprintln!("aftercare serve: purge failed: {e}"),
        }
    }
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
