//! aftercare turns the advice given after a botulinum toxin (Botox) appointment into a calendar:
//! restriction windows, a graduated return to the person's own workouts, care reminders,
//! check-ins and warning signs. The plan is guidance, not diagnosis: every default carries the
//! fact ids of its source, and every output tells the person to follow their provider's
//! instructions and lists the warning signs.
//!
//! ```
//! use aftercare::model::{Appointment, Protocol, Routine, Sweat};
//! use aftercare::render::ics::{self, IcsOptions};
//! use aftercare::tz::{Fold, parse_zone};
//!
//! let zone = parse_zone("tz", "Europe/London")?;
//! let start = aftercare::input::when::parse_date_time("at", "2026-12-04 15:00", zone, true, Fold::Reject)?;
//! let appointment = Appointment::new(start, 30)?;
//! let mut routine = Routine::default();
//! routine.add_workout("mon,wed,fri 06:30 45m hiit")?;
//!
//! let plan = aftercare::plan::plan(&appointment, &routine, &Protocol::builtin(), Sweat::Moderate);
//! let calendar = ics::render(&plan, &IcsOptions::default());
//! assert!(calendar.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n"));
//! # Ok::<(), aftercare::Error>(())
//! ```
//!
//! # The map
//!
//! Data flows one way, **input → model → plan → render → deliver**; a module imports only from
//! its own layer or the ones before it.
//!
//! | Layer | What lives there |
//! |---|---|
//! | [`error`], [`terminal`] | the one error type (fields, values, what was expected); text made safe to print |
//! | [`units`] | durations, weekdays and times of day, years, ids, RFC 3339: small values all layers share |
//! | [`tz`] | zones from a current tz database, local times resolved (gaps and folds), transitions |
//! | [`model`] | the types only: activities, a routine, the protocol, a plan |
//! | [`input`] | files and flags → model: habits files, protocol files, calendar exports, CSV rows, date-times, requests in the flags' words |
//! | [`plan`] | the pure planner (no I/O, no clock), [`plan::oops`] and [`plan::suggest`] |
//! | [`render`] | plans → text, HTML and RFC 5545 calendars (JSON is `serde`'s), the day-by-day view, the timeline SVG |
//! | [`deliver`] | e-mail and SMTP, atomic output files, the batch engine |
//! | `serve` | `aftercare serve` (feature `serve`, on by default): the web app, its store, the JSON API and the front desk; a shell over the layers above |
//!
//! The `aftercare` binary (`src/main.rs`, `src/cli/`, behind the default `cli` feature) is a
//! thin shell: clap definitions, one function per command, and the edges the library leaves
//! out on purpose (the clock, the system's zone, the terminal).
//!
//! # Where a change goes
//!
//! * **A rule, stage, reminder, area or product**: data, in `src/data/protocol.toml` (each
//!   entry names its sources); a new *field* goes in [`model::protocol`] and its file form in
//!   [`input::protocol`], whose override merge destructures every field so a forgotten one is
//!   a compile error.
//! * **An activity**: data, in `src/data/activities.toml`; rules forbid intensities and
//!   attributes ([`model::Attribute`]), never names.
//! * **A renderer**: a module in [`render`] that reads a [`model::Plan`]; it adds no rule.
//! * **A command**: a function in `src/cli/commands.rs` over library calls, its flags in
//!   `src/cli/args.rs`.
//! * **A page or an API call**: a handler in `serve` (`pages`, `api`, `desk`) over
//!   `serve::plans::Plans`; what it shows comes from [`render`].

#![warn(missing_docs)]

pub mod deliver;
pub mod error;
pub mod i18n;
pub mod input;
pub mod model;
pub mod plan;
pub mod render;
#[cfg(feature = "serve")]
pub mod serve;
pub mod terminal;
pub mod tz;
pub mod units;

pub use error::{Error, Result};
