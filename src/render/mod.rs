//! Plans → what people read: [`text`] (the terminal), [`html`] (the e-mail's HTML part) and
//! [`ics`] (RFC 5545 calendars). JSON is `serde`'s, with the model's own field names.

pub mod html;
pub mod ics;
pub mod text;
