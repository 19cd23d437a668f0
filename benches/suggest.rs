//! `cargo bench --bench suggest`: how long `suggest` takes for three months of 15-minute slots
//! around the clock (8,456 candidates, each planned with the real planner), with a week of
//! training. Prints the median of several runs; no timing is asserted anywhere.

use std::hint::black_box;
use std::time::{Duration as StdDuration, Instant};

use aftercare::model::Routine;
use aftercare::model::{Protocol, Sweat};
use aftercare::plan::suggest::{ClinicHours, Protect, Request, suggest};
use chrono::{Duration, NaiveDate};

fn main() {
    let text = std::fs::read_to_string("fixtures/habits/my-week.toml")
        .expect("run from the repository root");
    let routine = Routine::parse(&text, "my-week.toml".as_ref()).unwrap();
    let protocol = Protocol::builtin();
    let tz: aftercare::tz::Zone = "Europe/Madrid".parse().unwrap();
    let request = Request {
        tz,
        from: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
        to: NaiveDate::from_ymd_opt(2027, 3, 31).unwrap(),
        hours: ClinicHours::parse("--clinic-hours", "daily 00:00-23:59").unwrap(),
        minutes: 30,
        step: Duration::minutes(15),
        protect: vec![
            Protect::parse(
                "--protect",
                "2027-03-14 09:00 marathon",
                tz,
                &Protocol::builtin(),
            )
            .unwrap(),
        ],
        top: 5,
        per_day: 1,
        sweat: Sweat::Heavy,
        now: chrono::DateTime::UNIX_EPOCH,
        style: Default::default(),
    };
    let mut times = Vec::new();
    let mut candidates = 0;
    for _ in 0..9 {
        let start = Instant::now();
        let result = suggest(black_box(&request), &routine, &protocol).unwrap();
        times.push(start.elapsed());
        candidates = result.candidates;
        black_box(result);
    }
    times.sort();
    let median: StdDuration = times[times.len() / 2];
    println!(
        "suggest: {candidates} candidates in {:.1} ms (median of {}; min {:.1} ms, max {:.1} ms) = {:.1} us per slot",
        median.as_secs_f64() * 1e3,
        times.len(),
        times[0].as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3,
        median.as_secs_f64() * 1e6 / candidates as f64
    );
}
