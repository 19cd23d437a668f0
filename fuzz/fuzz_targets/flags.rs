//! The values people type: `--at`, `--setback`, `--workout`, `--clinic-hours`, `--protect`,
//! durations, areas. The first byte picks the reader; each reads or refuses.
#![no_main]

use aftercare::model::Routine;
use aftercare::model::Protocol;
use aftercare::plan::suggest::{ClinicHours, Protect};
use aftercare::tz::Fold;
use aftercare_fuzz::{berlin, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Some(value) = text(rest) else { return };
    let protocol = Protocol::builtin();
    match pick % 7 {
        0 | 1 => {
            let fold = [Fold::Reject, Fold::Earlier, Fold::Later][usize::from(pick / 7 % 3)];
            if let Ok(t) =
                aftercare::input::when::parse_date_time("--at", value, berlin(), pick > 128, fold)
            {
                // Whatever is accepted is a whole-second instant in the years a calendar writes.
                assert_eq!(t.timestamp_subsec_nanos(), 0);
                let _ = aftercare::model::Appointment::new(t, 30);
            }
        }
        2 => {
            let mut routine = Routine::default();
            if routine.add_workout(value).is_ok() {
                aftercare_fuzz::plan_and_check(&routine, &protocol);
            }
        }
        3 => {
            let _ = ClinicHours::parse("--clinic-hours", value);
        }
        4 => {
            let _ = Protect::parse("--protect", value, berlin(), &protocol);
        }
        5 => {
            if let Ok(d) = aftercare::units::duration::parse("--step", value) {
                assert!(d >= chrono::Duration::zero());
                assert_eq!(
                    aftercare::units::duration::parse("--step", &aftercare::units::duration::format(d)).ok(),
                    Some(d)
                );
            }
        }
        _ => {
            let ids: Vec<String> = value.split(',').map(str::to_string).collect();
            let _ = protocol.lookup_areas("--area", &ids);
        }
    }
});
