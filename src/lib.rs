//! aftercare turns the advice given after a botulinum toxin (Botox) appointment into a calendar:
//! restriction windows, a graduated return to the person's own workouts, care reminders,
//! check-ins and warning signs.
//!
//! Data flows one way: **input → model → plan → renderers**.
//!
//! * Input: [`input`] (every file through one bounded, UTF-8-checked reader; date-times as
//!   people type them), [`tz`] (zones from the IANA tz database, local times, gaps and folds),
//!   [`habits`] (the weekly routine), [`import`] (routines from calendar exports), [`protocol`]
//!   (the rules as data), [`activity`] (the catalogue).
//! * Plan: [`plan::plan`] is pure: no I/O, no clock.
//! * Renderers: [`ics`] (RFC 5545), [`text`] (terminal, made safe by [`terminal`]), and JSON
//!   through `serde`.
//!
//! The plan is guidance, not diagnosis: every default carries the fact ids of its source, and
//! every output tells the person to follow their provider's instructions and lists the warning
//! signs.

pub mod activity;
pub mod batch;
pub mod duration;
pub mod error;
pub mod habits;
pub mod html;
pub mod ics;
pub mod import;
pub mod input;
pub mod mail;
pub mod oops;
pub mod plan;
pub mod protocol;
pub mod schedule;
pub mod terminal;
pub mod text;
pub mod tz;

pub use error::{Error, Result};
