//! A provider's protocol file: merged or refused; what is merged plans and renders.
#![no_main]

use aftercare::model::Routine;
use aftercare::model::Protocol;
use aftercare_fuzz::{plan_and_check, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = text(data) else { return };
    let path = std::path::Path::new("clinic.toml");
    if let Ok(protocol) = Protocol::builtin().with_override(text, path) {
        let mut routine = Routine::default();
        routine
            .add_workout("daily 07:00 45m hiit")
            .expect("a valid workout");
        plan_and_check(&routine, &protocol);
    }
});
