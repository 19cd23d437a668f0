//! A habits file in JSON: read or refused; what is read plans and renders.
#![no_main]

use aftercare::model::Routine;
use aftercare::model::Protocol;
use aftercare_fuzz::{plan_and_check, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = text(data) else { return };
    if let Ok(routine) = Routine::parse(text, std::path::Path::new("habits.json")) {
        plan_and_check(&routine, &Protocol::builtin());
    }
});
