//! The types only: activities and their attributes, a routine, the protocol, a plan. Every
//! value here is valid (the input layer checks, the planner builds); nothing here reads a file,
//! asks the clock or writes a word of output.

pub mod activity;
pub mod clinic;
pub mod plan;
pub mod protocol;
pub mod routine;

pub use activity::{Activity, Attribute, Catalogue, Intensity, Reading};
pub use clinic::Clinic;
pub use plan::{
    Appointment, AppointmentSpan, Outcome, Plan, ReminderAt, Session, StageSpan, Window,
};
pub use protocol::{
    Anchor, Area, Product, ProtectRule, Protocol, QuietHours, Region, Reminder, ReminderKind, Rule,
    Stage, Sweat, Until, Visit, Warnings, Wording,
};
pub use protocol::{Ladder, Setback};
pub use routine::{FixedSession, Routine, Workout};
