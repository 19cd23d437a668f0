//! aftercare turns the advice given after a botulinum toxin (Botox) appointment into a calendar.
#![warn(missing_docs)]

pub mod deliver;
pub mod error;
pub mod input;
pub mod model;
pub mod plan;
pub mod render;
pub mod terminal;
pub mod tz;
pub mod units;

pub use error::{Error, Result};
