//! A provider's protocol file, in one of the languages (its `[lang.*]` translations too):
//! merged or refused; what is merged plans and renders.
#![no_main]

use aftercare::i18n::Lang;
use aftercare::model::Protocol;
use aftercare::model::Routine;
use aftercare_fuzz::{plan_and_check, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = text(data) else { return };
    let path = std::path::Path::new("clinic.toml");
    let lang = Lang::ALL[text.len() % Lang::ALL.len()];
    if let Ok(protocol) = Protocol::with_override_in(text, path, lang) {
        let mut routine = Routine::default();
        routine
            .add_workout("daily 07:00 45m hiit")
            .expect("a valid workout");
        plan_and_check(&routine, &protocol);
    }
});
