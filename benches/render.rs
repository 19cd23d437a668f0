//! `cargo bench --bench render`: the cost of one patient's calendar, split into planning,
//! the VTIMEZONE, and the two encoders (through the icalendar crate's builder plus line hygiene,
//! and direct). Prints figures only. Uses the binary's allocator, so the figures are the
//! binary's.

use std::hint::black_box;
use std::time::Instant;

use aftercare::model::Appointment;
use aftercare::model::Routine;
use aftercare::model::{Protocol, Sweat};
use aftercare::plan;
use aftercare::render::ics::{self, IcsOptions};
use chrono::{Duration, TimeZone, Utc};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let protocol = Protocol::builtin();
    let mut routine = Routine::default();
    routine.add_workout("mon,wed,fri 06:30 45m hiit").unwrap();
    routine.add_workout("sat 09:00 1h30m running").unwrap();
    let tz: aftercare::tz::Zone = "America/New_York".parse().unwrap();
    let n = 5_000;
    let appointments: Vec<Appointment> = (0..n)
        .map(|i| {
            Appointment::new(
                tz.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap() + Duration::minutes(15 * i),
                30,
            )
            .unwrap()
        })
        .collect();
    let options = IcsOptions::default();

    let t = Instant::now();
    let plans: Vec<_> = appointments
        .iter()
        .map(|a| plan::plan(a, &routine, &protocol, Sweat::Moderate))
        .collect();
    let plan_us = t.elapsed().as_secs_f64() * 1e6 / n as f64;

    let t = Instant::now();
    for p in &plans {
        black_box(ics::vtimezone(
            tz,
            p.appointment.start.with_timezone(&Utc),
            p.last_instant().with_timezone(&Utc),
        ));
    }
    let vtz_us = t.elapsed().as_secs_f64() * 1e6 / n as f64;

    let crate_options = IcsOptions {
        reference_encoder: true,
        ..options.clone()
    };
    let t = Instant::now();
    let mut bytes = 0;
    for p in &plans {
        bytes += black_box(ics::render(p, &crate_options)).len();
    }
    let render_us = t.elapsed().as_secs_f64() * 1e6 / n as f64;

    let t = Instant::now();
    for p in &plans {
        black_box(ics::render(p, &options));
    }
    let direct_us = t.elapsed().as_secs_f64() * 1e6 / n as f64;
    println!(
        "per calendar: plan {plan_us:.1} us, VTIMEZONE {vtz_us:.1} us; through the icalendar crate {render_us:.1} us, direct {direct_us:.1} us; {} bytes each",
        bytes / n as usize,
    );
    println!(
        "one core, plan + render: {:.0} calendars/s through the crate, {:.0} direct",
        1e6 / (plan_us + render_us),
        1e6 / (plan_us + direct_us)
    );
}
