//! Getting rendered plans to people: [`mail`] (RFC 5322 messages, SMTP), [`files`] (output
//! files written whole or not at all) and [`batch`] (a clinic's CSV day list, streamed).

pub mod batch;
pub mod files;
pub mod mail;
