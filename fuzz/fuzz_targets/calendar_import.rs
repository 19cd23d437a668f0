//! A calendar export (`--routine-ics`): read or refused, and what is read is planned and
//! rendered into a calendar that parses back.
#![no_main]

use aftercare::model::Routine;
use aftercare::input::calendar::{self, Matcher};
use aftercare::model::Protocol;
use aftercare_fuzz::{appointment, berlin, plan_and_check, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = text(data) else { return };
    let t0 = appointment().end().to_utc();
    let window = (t0, t0 + chrono::Duration::days(21));
    let path = std::path::Path::new("export.ics");
    if let Ok(imported) = calendar::import(text, path, berlin(), window, &Matcher::builtin()) {
        let mut routine = Routine::default();
        routine.fixed = imported.sessions;
        plan_and_check(&routine, &Protocol::builtin());
    }
});
