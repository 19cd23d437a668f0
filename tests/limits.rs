//! The limits on what a plan may be made of (issue 20): the command line and the API refuse the
//! same oversized input with the same field and limit, write and store nothing, and the largest
//! plan they accept stays small.

mod common;

use std::process::Output;

use common::server::Server;
use common::{Dir, with};

const PLAN: [&str; 5] = ["plan", "--at", "2027-02-05 16:00", "--tz", "Europe/London"];

/// Exit 2 with one line naming every `needle`, and no file written but the inputs.
fn refused(dir: &Dir, out: &Output, inputs: &[&str], needles: &[&str]) {
    common::refused_within(300, dir, out, inputs, needles);
}

fn daily_workouts(n: usize) -> String {
    "[[workout]]\nactivity = \"running\"\ndays = \"daily\"\nat = \"06:30\"\nminutes = 30\n"
        .repeat(n)
}

#[test]
fn an_oversized_habits_file_is_refused_naming_the_field_and_the_limit() {
    let dir = Dir::new();
    dir.write("h.toml", daily_workouts(1440));
    let out = dir.run(&with(&PLAN, &["--habits", "h.toml", "-o", "plan.ics"]));
    refused(
        &dir,
        &out,
        &["h.toml"],
        &["h.toml: workout: 1440 workouts; expected at most 50"],
    );
}

#[test]
fn a_100000_character_workout_name_is_refused() {
    let dir = Dir::new();
    let name = "x".repeat(100_000);
    dir.write(
        "h.toml",
        format!(
            "[[workout]]\nname = \"{name}\"\nactivity = \"running\"\ndays = \"sat\"\nat = \"09:00\"\nminutes = 60\n"
        ),
    );
    let out = dir.run(&with(&PLAN, &["--habits", "h.toml", "-o", "plan.ics"]));
    refused(
        &dir,
        &out,
        &["h.toml"],
        &["workout 1.name: 100000 characters; expected at most 200"],
    );
    // The same name in a --workout spec's activity words.
    let spec = format!("sat 09:00 1h {name}");
    let out = dir.run(&with(&PLAN, &["--workout", &spec, "-o", "plan.ics"]));
    refused(
        &dir,
        &out,
        &["h.toml"],
        &["--workout: 100013 characters; expected at most 200"],
    );
}

#[test]
fn too_many_setbacks_on_the_command_line_are_refused() {
    let dir = Dir::new();
    let mut args: Vec<&str> = PLAN.to_vec();
    for _ in 0..21 {
        args.extend(["--setback", "2027-02-06 10:00"]);
    }
    args.extend(["-o", "plan.ics"]);
    let out = dir.run(&args);
    refused(
        &dir,
        &out,
        &[],
        &["--setback: 21 setbacks; expected at most 20"],
    );
}

#[test]
fn the_api_refuses_what_the_command_line_refuses() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &[]);
    let workout =
        serde_json::json!({"activity": "running", "days": "daily", "at": "06:30", "minutes": 30});
    let body = serde_json::json!({
        "at": "2027-02-05 16:00", "tz": "Europe/London",
        "habits": {"workout": vec![workout.clone(); 1440]}
    });
    let reply = server.post_json("/api/plans", &body.to_string());
    assert_eq!(reply.status, 422, "{}", reply.text());
    let error = &reply.json()["error"];
    assert_eq!(error["field"], "habits.workout");
    assert_eq!(
        error["message"],
        "habits.workout: 1440 workouts; expected at most 50"
    );

    let setbacks = vec!["2027-02-06 10:00"; 3000];
    let body = serde_json::json!({
        "at": "2027-02-05 16:00", "tz": "Europe/London", "setbacks": setbacks
    });
    let reply = server.post_json("/api/plans", &body.to_string());
    assert_eq!(reply.status, 422, "{}", reply.text());
    assert_eq!(reply.json()["error"]["field"], "setbacks");
    assert_eq!(
        reply.json()["error"]["message"],
        "setbacks: 3000 setbacks; expected at most 20"
    );

    // A normal plan, and one at the limits, are still made; the 21st setback is refused and
    // the plan stays as it was.
    let body = serde_json::json!({
        "at": "2027-02-05 16:00", "tz": "Europe/London",
        "habits": {"workout": vec![workout; 7]},
        "setbacks": vec!["2027-02-06 10:00"; 20]
    });
    let reply = server.post_json("/api/plans", &body.to_string());
    assert_eq!(reply.status, 201, "{}", reply.text());
    let token = reply.json()["token"].as_str().unwrap().to_string();
    let reply = server.post_json(&format!("/api/plans/{token}/setback"), "{}");
    assert_eq!(reply.status, 422, "{}", reply.text());
    assert_eq!(reply.json()["error"]["field"], "setbacks");
    let reply = server.get(&format!("/api/plans/{token}"));
    assert_eq!(reply.json()["revision"], 0);
}

#[test]
fn the_largest_accepted_plan_stays_small() {
    // Every limit at once: 50 sessions a week, 200 dated sessions, 20 setbacks, every area.
    let dir = Dir::new();
    let mut habits = daily_workouts(7);
    habits.push_str(
        "[[workout]]\nactivity = \"walking\"\ndays = \"mon\"\nat = \"12:00\"\nminutes = 30\n",
    );
    dir.write("h.toml", habits);
    let swims: String = (0..200)
        .map(|i| {
            let (day, hour) = (6 + i / 10, 8 + i % 10);
            format!(
                "BEGIN:VEVENT\r\nUID:{i}@t\r\nDTSTAMP:20270101T000000Z\r\n\
                 DTSTART:202702{day:02}T{hour:02}0000Z\r\nDTEND:202702{day:02}T{hour:02}3000Z\r\n\
                 SUMMARY:Swim {i}\r\nEND:VEVENT\r\n"
            )
        })
        .collect();
    dir.write(
        "c.ics",
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n{swims}END:VCALENDAR\r\n"),
    );
    let setbacks: Vec<String> = (0..20)
        .map(|k| {
            let day =
                chrono::NaiveDate::from_ymd_opt(2027, 2, 8).unwrap() + chrono::Days::new(3 * k);
            format!("{day} 20:00")
        })
        .collect();
    let mut args: Vec<&str> = PLAN.to_vec();
    // To a file: more than a pipe holds would wait for a reader.
    args.extend([
        "--habits",
        "h.toml",
        "--routine-ics",
        "c.ics",
        "-o",
        "plan.ics",
    ]);
    for area in [
        "forehead",
        "glabella",
        "crows-feet",
        "bunny-lines",
        "brow-lift",
        "lip-flip",
        "gummy-smile",
        "chin",
        "masseter",
        "neck",
        "trapezius",
        "migraine",
        "underarm",
    ] {
        args.extend(["--area", area]);
    }
    for s in &setbacks {
        args.extend(["--setback", s]);
    }
    dir.ok(&args);
    let ics = std::fs::read_to_string(dir.path().join("plan.ics")).unwrap();
    let events = ics.matches("BEGIN:VEVENT").count();
    // The dated sessions are in it, as well as the routine's.
    assert!(
        ics.contains("SUMMARY:20 min walk instead of Swim 0"),
        "{events} events"
    );
    assert!(events < 1_000, "{events} events");
    assert!(ics.len() < 1024 * 1024, "{} bytes", ics.len());
}

// Dates before a zone's first standard offset.

/// A TZif file (version 2) with these changes: (instant, offset in seconds, is DST,
/// abbreviation), after a local mean time of `lmt` seconds, and `footer` for later years.
fn tzif(lmt: i32, changes: &[(i64, i32, bool, &str)], footer: &str) -> Vec<u8> {
    let mut types = vec![(lmt, false, "LMT")];
    types.extend(
        changes
            .iter()
            .map(|(_, off, dst, abbr)| (*off, *dst, *abbr)),
    );
    let mut chars = Vec::new();
    let mut infos = Vec::new();
    for (off, dst, abbr) in &types {
        infos.extend(off.to_be_bytes());
        infos.push(u8::from(*dst));
        infos.push(chars.len() as u8);
        chars.extend(abbr.bytes());
        chars.push(0);
    }
    let header = |timecnt: usize, typecnt: usize, charcnt: usize| {
        let mut h = b"TZif2".to_vec();
        h.extend([0; 15]);
        for count in [0, 0, 0, timecnt, typecnt, charcnt] {
            h.extend((count as u32).to_be_bytes());
        }
        h
    };
    // Version 1 data: only the local mean time (readers of version 2 skip it).
    let mut file = header(0, 1, 4);
    file.extend(lmt.to_be_bytes());
    file.extend([0, 0]);
    file.extend(b"LMT\0");
    file.extend(header(changes.len(), types.len(), chars.len()));
    for (at, ..) in changes {
        file.extend(at.to_be_bytes());
    }
    file.extend((1..=changes.len()).map(|i| i as u8));
    file.extend(infos);
    file.extend(chars);
    file.extend(format!("\n{footer}\n").bytes());
    file
}

/// Runs the binary in `dir` with `TZDIR` set to `tzdir`.
fn run_in_zones(dir: &Dir, tzdir: &std::path::Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_aftercare"))
        .args(args)
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", "1764547200")
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("TZDIR", tzdir)
        .env_remove("TZ")
        .output()
        .unwrap()
}

#[test]
fn an_appointment_in_local_mean_time_is_refused_naming_the_first_date() {
    let dir = Dir::new();
    // Kathmandu kept its local mean time (+05:41:16) until 1920.
    let out = dir.run(&[
        "plan",
        "--at",
        "1900-06-01 10:00",
        "--tz",
        "Asia/Kathmandu",
        "-o",
        "p.ics",
    ]);
    refused(
        &dir,
        &out,
        &[],
        &[
            "--at",
            "1900-06-01 10:00",
            "a date from 1920-01-01 on",
            "local mean time",
        ],
    );
    let out = dir.run(&[
        "suggest",
        "--from",
        "1919-12-20",
        "--to",
        "1920-01-05",
        "--tz",
        "Asia/Kathmandu",
    ]);
    refused(&dir, &out, &[], &["--from", "a date from 1920-01-01 on"]);
    dir.ok(&[
        "plan",
        "--at",
        "1920-01-01 10:00",
        "--tz",
        "Asia/Kathmandu",
        "-o",
        "p.ics",
    ]);

    // In the built-in data Amsterdam's 1900 is Brussels' WET (+00:00): accepted, with a
    // VTIMEZONE of whole minutes only, and 1990 as ever.
    for at in ["1900-06-01 10:00", "1990-06-01 10:00"] {
        let ics = dir.ok(&["plan", "--at", at, "--tz", "Europe/Amsterdam", "-o", "-"]);
        let offsets: Vec<&str> = ics
            .lines()
            .filter_map(|l| {
                l.strip_prefix("TZOFFSETTO:")
                    .or(l.strip_prefix("TZOFFSETFROM:"))
            })
            .collect();
        assert!(!offsets.is_empty(), "{at}");
        assert!(offsets.iter().all(|o| o.len() == 5), "{at}: {offsets:?}");
    }

    // Data that keeps Amsterdam's own history (tz's backzone, as some systems ship it): its
    // mean time, +00:19:32, lasted until 1 July 1937.
    let tzdir = dir.path().join("zoneinfo");
    std::fs::create_dir_all(tzdir.join("Europe")).unwrap();
    std::fs::write(tzdir.join("+VERSION"), "2099a\n").unwrap();
    std::fs::write(
        tzdir.join("Europe/Amsterdam"),
        tzif(
            1172,
            &[
                (-4_260_212_372, 1172, false, "AMT"),
                (-1_025_741_972, 1200, false, "+0020"),
                (-935_022_000, 7200, true, "CEST"),
            ],
            "CET-1CEST,M3.5.0,M10.5.0/3",
        ),
    )
    .unwrap();
    let plan = |at: &str| {
        run_in_zones(
            &dir,
            &tzdir,
            &["plan", "--at", at, "--tz", "Europe/Amsterdam", "-o", "-"],
        )
    };
    let out = plan("1900-06-01 10:00");
    refused(
        &dir,
        &out,
        &["zoneinfo", "p.ics"],
        &[
            "--at",
            "1900-06-01 10:00",
            "a date from 1937-07-02 on",
            "Europe/Amsterdam",
        ],
    );
    let out = plan("1990-06-01 10:00");
    let ics = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(ics.contains("TZOFFSETTO:+0200"), "{ics}");
}

#[test]
fn a_suggestion_search_too_large_to_plan_is_refused_before_it_starts() {
    // A year of 5-minute slots around the clock for a week of 8 sessions: about 4 s of planning
    // in a release build, minutes in a debug one. Refused at once, by the CLI and the API alike.
    let dir = Dir::new();
    let habits = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/habits/my-week.toml"),
    )
    .unwrap();
    dir.write("h.toml", habits);
    let args = [
        "suggest",
        "--habits",
        "h.toml",
        "--tz",
        "Europe/Madrid",
        "--from",
        "2027-01-04",
        "--to",
        "2028-01-03",
        "--clinic-hours",
        "daily 00:00-23:59",
        "--step",
        "5m",
        "-o",
        "holds.ics",
        "--format",
        "ics",
    ];
    // 365 days of 282 starts (the last 30-minute slot starts at 23:25), less the 12 that do
    // not exist in March's gap and the 12 that happen twice in October's fold.
    let out = dir.run(&args);
    refused(
        &dir,
        &out,
        &["h.toml"],
        &[
            "--step: 102906 start times (2027-01-04 to 2028-01-03, every 5m) for a routine of 8 sessions",
            "expected at most 27777 for that routine: a shorter range, a longer step or fewer clinic hours",
        ],
    );
    // A clinic's three months of 15-minute slots in its hours is planned.
    let out = dir.run(&with(
        &args[..9],
        &[
            "--clinic-hours",
            "mon-sat 09:00-18:00",
            "--step",
            "15m",
            "--top",
            "1",
        ],
    ));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let server = Server::start(dir.path(), &[]);
    let body = serde_json::json!({
        "from": "2027-01-04", "to": "2028-01-03", "tz": "Europe/Madrid", "step": "5m",
        "clinic_hours": "daily 00:00-23:59",
        "workouts": ["mon,wed,fri 18:00 1h weights", "sat 09:00 90m running"]
    });
    let reply = server.post_json("/api/suggest", &body.to_string());
    assert_eq!(reply.status, 422, "{}", reply.text());
    assert_eq!(reply.json()["error"]["field"], "step");
    assert!(
        reply.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("102906 start times"),
        "{}",
        reply.text()
    );
}
