//! The binary end to end: outputs, help, and every kind of bad input (exit 2, a one-line message
//! naming the field and the value, and no file written or overwritten).

mod common;

use std::process::{Command, Output};

use common::{Dir, save_calendar};

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

const AT: [&str; 4] = ["--at", "2026-12-04 15:00", "--tz", "America/New_York"];

#[test]
fn main_job_writes_the_calendar_and_prints_the_timeline() {
    let dir = Dir::new();
    let out = dir.run(&[
        "plan",
        "--at",
        "2026-12-04 15:00",
        "--tz",
        "America/New_York",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(dir.files(), ["aftercare-2026-12-04.ics"]);
    let text = stdout(&out);
    assert!(text.contains(
        "Aftercare plan: Botox appointment Fri 4 Dec 2026 15:00 to 15:30 (America/New_York)"
    ));
    assert!(
        text.contains("Warning signs:") && text.contains("Follow your provider's instructions")
    );
    assert!(stderr(&out).contains("wrote aftercare-2026-12-04.ics"));
    let ics = std::fs::read_to_string(dir.path().join("aftercare-2026-12-04.ics")).unwrap();
    save_calendar("cli-main-job", &ics);
    assert!(
        ics.contains("DTSTAMP:20251201T000000Z"),
        "SOURCE_DATE_EPOCH sets DTSTAMP"
    );
    // Run again: the file exists, so nothing changes without --force.
    let again = dir.run(&[
        "plan",
        "--at",
        "2026-12-04 15:00",
        "--tz",
        "America/New_York",
    ]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("already exists; pass --force"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn output_is_byte_reproducible() {
    let dir = Dir::new();
    let a = dir.run(&[
        "plan",
        AT[0],
        AT[1],
        AT[2],
        AT[3],
        "--workout",
        "daily 07:00 1h running",
        "-o",
        "-",
    ]);
    let b = dir.run(&[
        "plan",
        AT[0],
        AT[1],
        AT[2],
        AT[3],
        "--workout",
        "daily 07:00 1h running",
        "-o",
        "-",
    ]);
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
    assert!(stdout(&a).starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(dir.files().is_empty(), "-o - writes no file");
}

#[test]
fn json_and_text_formats() {
    let dir = Dir::new();
    let out = dir.run(&[
        "plan",
        AT[0],
        AT[1],
        AT[2],
        AT[3],
        "--workout",
        "sat 09:00 45m hiit",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["sessions"][0]["substitute"],
        "20 min leisurely walk; stay upright and keep it easy"
    );
    assert_eq!(json["windows"][1]["rule"], "strenuous-exercise");
    assert!(dir.files().is_empty());
    // -o with an extension picks the format.
    let out = dir.run(&["plan", AT[0], AT[1], AT[2], AT[3], "-o", "plan.json"]);
    assert!(out.status.success());
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("plan.json")).unwrap())
            .unwrap();
    assert_eq!(written["appointment"]["tz"], "America/New_York");
}

#[test]
fn force_replaces_atomically_and_leaves_no_temp_files() {
    let dir = Dir::new();
    dir.write("plan.ics", "precious");
    let out = dir.run(&["plan", AT[0], AT[1], AT[2], AT[3], "-o", "plan.ics"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("plan.ics")).unwrap(),
        "precious"
    );
    let out = dir.run(&[
        "plan", AT[0], AT[1], AT[2], AT[3], "-o", "plan.ics", "--force",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let ics = std::fs::read_to_string(dir.path().join("plan.ics")).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR"));
    save_calendar("cli-forced", &ics);
    assert_eq!(dir.files(), ["plan.ics"], "no temporary file left behind");
}

#[test]
fn system_zone_is_named_when_tz_is_absent() {
    let dir = Dir::new();
    let out = Command::new(env!("CARGO_BIN_EXE_aftercare"))
        .args(["plan", "--at", "2026-12-04 15:00", "--format", "text"])
        .current_dir(dir.path())
        .env("TZ", "Europe/Madrid")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        stdout(&out).contains("using the system's time zone, Europe/Madrid"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn help_carries_examples() {
    let dir = Dir::new();
    for args in [
        vec!["--help"],
        vec!["plan", "--help"],
        vec!["protocol", "--help"],
        vec!["activities", "--help"],
    ] {
        let out = dir.run(&args);
        assert!(out.status.success());
        let text = stdout(&out);
        assert!(
            text.contains("Examples:") && text.contains("aftercare "),
            "{args:?}: {text}"
        );
    }
}

#[test]
fn protocol_and_activities_commands() {
    let dir = Dir::new();
    let out = dir.run(&["protocol"]);
    assert!(out.status.success());
    assert!(stdout(&out).contains("id = \"strenuous-exercise\""));
    // What it prints is a file `--protocol` accepts with `replace = true`.
    let full = format!("replace = true\n{}", stdout(&out));
    let path = dir.write("full.toml", &full);
    let out = dir.run(&[
        "plan",
        AT[0],
        AT[1],
        AT[2],
        AT[3],
        "--protocol",
        path.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let clinic = dir.write(
        "clinic.toml",
        "[[rule]]\nid = \"strenuous-exercise\"\nduration = \"4h\"\n",
    );
    let out = dir.run(&["protocol", "--protocol", clinic.to_str().unwrap()]);
    assert!(
        stdout(&out).contains("duration = \"4h\""),
        "{}",
        stdout(&out)
    );
    let out = dir.run(&["activities"]);
    assert!(stdout(&out).lines().count() > 25);
    assert!(stdout(&out).contains("hot-yoga"));
}

/// Runs a bad command line in an empty directory: exit 2, one line on stderr with every
/// `needle`, no file created.
fn refused(args: &[&str], needles: &[&str]) {
    let dir = Dir::new();
    refused_in(&dir, args, needles);
}

fn refused_in(dir: &Dir, args: &[&str], needles: &[&str]) {
    let before = dir.files();
    let out = dir.run(args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    for n in needles {
        assert!(err.contains(n), "{args:?}: {err:?} lacks {n:?}");
    }
    assert_eq!(dir.files(), before, "{args:?} wrote a file");
    assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
}

#[test]
fn bad_zone_date_and_times() {
    refused(
        &[
            "plan",
            "--at",
            "2026-12-04 15:00",
            "--tz",
            "America/New_Yrok",
        ],
        &[
            "--tz: unknown time zone \"America/New_Yrok\"",
            "America/New_York",
        ],
    );
    refused(
        &["plan", "--at", "2026-13-04 15:00", "--tz", "UTC"],
        &[
            "--at: invalid value \"2026-13-04 15:00\"",
            "YYYY-MM-DD HH:MM",
        ],
    );
    refused(
        &["plan", "--at", "tomorrow", "--tz", "UTC"],
        &["--at: invalid value \"tomorrow\""],
    );
    refused(
        &[
            "plan",
            "--at",
            "2026-03-08 02:30",
            "--tz",
            "America/New_York",
        ],
        &[
            "--at: 2026-03-08 02:30 does not exist in America/New_York",
            "01:59",
            "03:00",
        ],
    );
    refused(
        &[
            "plan",
            "--at",
            "2026-11-01 01:30",
            "--tz",
            "America/New_York",
        ],
        &[
            "--at: 2026-11-01 01:30 happens twice",
            "--fold earlier",
            "--fold later",
        ],
    );
    refused(
        &[
            "plan",
            "--at",
            "2026-12-04T15:00:00-04:00",
            "--tz",
            "America/New_York",
        ],
        &[
            "--at: invalid value \"2026-12-04T15:00:00-04:00\"",
            "agrees with the time zone America/New_York (-05:00",
        ],
    );
}

#[test]
fn fold_choice_is_honoured() {
    let dir = Dir::new();
    let out = dir.run(&[
        "plan",
        "--at",
        "2026-11-01 01:30",
        "--tz",
        "America/New_York",
        "--fold",
        "later",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["appointment"]["start"], "2026-11-01T01:30:00-05:00");
}

#[test]
fn bad_durations() {
    refused(
        &["plan", AT[0], AT[1], AT[2], AT[3], "--minutes", "800"],
        &["--minutes: invalid value \"800\"", "1 to 720"],
    );
    refused(
        &["plan", AT[0], AT[1], AT[2], AT[3], "--minutes", "0"],
        &["--minutes: invalid value \"0\""],
    );
    // A calendar has four-digit years; a plan from late in year 9999 would leave them.
    refused(
        &["plan", "--at", "9999-12-30 10:00", "--tz", "UTC"],
        &[
            "--at: invalid value \"9999-12-30 10:00:00\"",
            "between the years 1900 and 2999",
        ],
    );
    refused(
        &["plan", AT[0], AT[1], AT[2], AT[3], "--minutes", "-5"],
        &["--minutes: invalid value \"-5\"", "1 to 720"],
    );
    refused(
        &[
            "plan",
            AT[0],
            AT[1],
            AT[2],
            AT[3],
            "--workout",
            "mon 06:30 -45m hiit",
        ],
        &["--workout: invalid value \"-45m\""],
    );
}

#[test]
fn bad_ids() {
    refused(
        &[
            "plan",
            AT[0],
            AT[1],
            AT[2],
            AT[3],
            "--workout",
            "mon 06:30 45m hitt",
        ],
        &["--workout: unknown activity \"hitt\" (did you mean hiit?)"],
    );
    let dir = Dir::new();
    let clinic = dir.write(
        "clinic.toml",
        "[[rule]]\nid = \"strenous-exercise\"\nduration = \"4h\"\n",
    );
    refused_in(
        &dir,
        &[
            "plan",
            AT[0],
            AT[1],
            AT[2],
            AT[3],
            "--protocol",
            clinic.to_str().unwrap(),
        ],
        &[
            "clinic.toml:2: rule.id: unknown rule \"strenous-exercise\" (did you mean strenuous-exercise?)",
        ],
    );
}

#[test]
fn malformed_files_name_file_line_and_field() {
    let dir = Dir::new();
    let habits = dir.write(
        "week.toml",
        "[[workout]]\nactivity = \"hiit\"\ndays = \"mon\"\nat = \"25:99\"\nminutes = 45\n",
    );
    refused_in(
        &dir,
        &[
            "plan",
            AT[0],
            AT[1],
            AT[2],
            AT[3],
            "--habits",
            habits.to_str().unwrap(),
        ],
        &["week.toml:4: workout 1.at: invalid value \"25:99\""],
    );
    let habits = dir.write("broken.toml", "[[workout]\nactivity = \"hiit\"\n");
    refused_in(
        &dir,
        &[
            "plan",
            AT[0],
            AT[1],
            AT[2],
            AT[3],
            "--habits",
            habits.to_str().unwrap(),
        ],
        &["broken.toml:1:"],
    );
    let habits = dir.write(
        "week.json",
        "{\"workout\": [{\"activity\": \"hiit\", \"days\": \"mon\", \"at\": \"06:00\"}]}",
    );
    refused_in(
        &dir,
        &[
            "plan",
            AT[0],
            AT[1],
            AT[2],
            AT[3],
            "--habits",
            habits.to_str().unwrap(),
        ],
        &["week.json:1: missing field `minutes`"],
    );
    let protocol = dir.write(
        "p.toml",
        "[[rule]]\nid = \"heat\"\nduration = \"a while\"\n",
    );
    refused_in(
        &dir,
        &[
            "plan",
            AT[0],
            AT[1],
            AT[2],
            AT[3],
            "--protocol",
            protocol.to_str().unwrap(),
        ],
        &["p.toml:2: rule heat.duration: invalid value \"a while\""],
    );
    let out = dir.run(&[
        "plan",
        AT[0],
        AT[1],
        AT[2],
        AT[3],
        "--habits",
        "missing.toml",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a file that cannot be read is an I/O failure"
    );
    assert!(stderr(&out).contains("missing.toml"));
}

#[test]
fn bad_environment_and_addresses() {
    let dir = Dir::new();
    let out = Command::new(env!("CARGO_BIN_EXE_aftercare"))
        .args(["plan", AT[0], AT[1], AT[2], AT[3]])
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("SOURCE_DATE_EPOCH: invalid value \"yesterday\""));
    assert!(dir.files().is_empty());
    refused(
        &[
            "plan",
            AT[0],
            AT[1],
            AT[2],
            AT[3],
            "--organizer",
            "clinic@example.com\r\nBCC: x@y",
        ],
        &["--organizer: invalid value"],
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let dir = Dir::new();
    // Enough workouts and setbacks, within the input limits, that the calendar is larger than
    // a pipe's buffer (64 KiB).
    let mut args: Vec<String> = ["plan", AT[0], AT[1], AT[2], AT[3], "-o", "-"]
        .map(String::from)
        .to_vec();
    for hour in (5..19).step_by(2) {
        args.push("--workout".into());
        args.push(format!("daily {hour:02}:00 30m hiit"));
    }
    for day in 6..12 {
        args.push("--setback".into());
        args.push(format!("2026-12-{day:02} 12:00"));
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_aftercare"))
        .args(&args)
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 15];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap(); // then the pipe closes
    let out = child.wait_with_output().unwrap();
    assert_eq!(&first, b"BEGIN:VCALENDAR");
    assert!(out.status.success(), "{:?}", out.status);
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
}

#[test]
fn unwritable_output_is_an_io_failure_with_no_file() {
    let dir = Dir::new();
    let out = dir.run(&[
        "plan",
        AT[0],
        AT[1],
        AT[2],
        AT[3],
        "-o",
        "no/such/dir/plan.ics",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no/such/dir/plan.ics"));
    assert!(dir.files().is_empty());
}

const SUGGEST: [&str; 7] = [
    "suggest",
    "--tz",
    "Europe/Madrid",
    "--from",
    "2026-12-01",
    "--to",
    "2026-12-21",
];

fn suggest_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args: Vec<&str> = SUGGEST.to_vec();
    args.extend_from_slice(extra);
    args
}

#[test]
fn suggest_prints_writes_and_explains() {
    let dir = Dir::new();
    let out = dir.run(&suggest_args(&[
        "--workout",
        "mon,wed,fri 18:00 1h running",
        "--protect",
        "2026-12-20 08:00 half marathon",
        "--top",
        "3",
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Protected: half marathon on Sun 20 Dec 08:00 (must fall after your full routine is back)"), "{text}");
    assert!(
        text.contains(" 1. score ") && text.contains("Ruled out:"),
        "{text}"
    );
    assert!(dir.files().is_empty());
    let out = dir.run(&suggest_args(&[
        "--workout",
        "mon,wed,fri 18:00 1h running",
        "--format",
        "json",
    ]));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["suggestions"].as_array().unwrap().len(), 5);
    for field in ["start", "end", "score", "reason"] {
        assert!(!json["suggestions"][0][field].is_null(), "{field}");
    }
    assert!(json["excluded"].as_array().unwrap().is_empty());
    let out = dir.run(&suggest_args(&["--format", "ics", "-o", "holds.ics"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let ics = std::fs::read_to_string(dir.path().join("holds.ics")).unwrap();
    assert_eq!(ics.matches("STATUS:TENTATIVE").count(), 5);
    save_calendar("cli-suggest-holds", &ics);
    // No habits: every day is a rest day, and the output says so.
    let out = dir.run(&suggest_args(&[]));
    assert!(stdout(&out).contains("every day counts as a rest day"));
}

#[test]
fn suggest_refuses_bad_requests() {
    refused(
        &[
            "suggest",
            "--tz",
            "Europe/Madrid",
            "--from",
            "2026-12-21",
            "--to",
            "2026-12-01",
        ],
        &[
            "--to: invalid value \"2026-12-01\"; expected a date on or after the first day (2026-12-21)",
        ],
    );
    refused(
        &[
            "suggest",
            "--tz",
            "Europe/Madrid",
            "--from",
            "2026-01-01",
            "--to",
            "2027-12-01",
        ],
        &["--to: invalid value", "at most 366 days"],
    );
    refused(
        &[
            "suggest",
            "--tz",
            "Europe/Madrid",
            "--from",
            "2026-12-01",
            "--to",
            "2026-12-31x",
        ],
        &["--to: invalid value \"2026-12-31x\"; expected a date YYYY-MM-DD"],
    );
    refused(
        &suggest_args(&["--clinic-hours", "sun 09:00-09:10"]),
        &["--clinic-hours: invalid value"],
    );
    refused(
        &suggest_args(&["--clinic-hours", "weekdays 18:00-09:00"]),
        &[
            "--clinic-hours: invalid value \"weekdays 18:00-09:00\"; expected a closing time after the opening time",
        ],
    );
    refused(
        &suggest_args(&["--protect", "2027-06-01 09:00 marathon"]),
        &["--protect: invalid value \"2027-06-01 09:00 marathon\""],
    );
    refused(
        &suggest_args(&["--protect", "soon"]),
        &["--protect: invalid value \"soon\""],
    );
    refused(
        &suggest_args(&["--step", "1m"]),
        &["--step: invalid value \"1m\"; expected a step from 5m to 24h"],
    );
    refused(
        &suggest_args(&["--step", "-3m"]),
        &["--step: invalid value \"-3m\"; expected a duration such as 45m"],
    );
    refused(
        &suggest_args(&["--top", "0"]),
        &["--top: invalid value \"0\""],
    );
    refused(
        &suggest_args(&["--minutes", "900"]),
        &["--minutes: invalid value \"900\""],
    );
}

#[test]
fn habits_init_show_and_the_default_file() {
    let dir = Dir::new();
    let out = dir.run(&["habits", "show"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("aftercare habits init"),
        "{}",
        stderr(&out)
    );
    let out = dir.run(&["habits", "init"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let default = dir.path().join("config/aftercare/habits.toml");
    assert!(default.exists());
    let again = dir.run(&["habits", "init"]);
    assert_eq!(
        again.status.code(),
        Some(2),
        "never overwritten without --force"
    );
    let out = dir.run(&["habits", "show"]);
    assert!(out.status.success());
    assert!(
        stdout(&out).contains("sat  08:00    90 min  Long run (running, vigorous)  [big workout]"),
        "{}",
        stdout(&out)
    );
    // With no routine given, plan reads it and says plainly that it is the untouched template.
    let out = dir.run(&["plan", AT[0], AT[1], AT[2], AT[3], "--format", "text"]);
    assert!(
        stdout(&out).contains("is still the untouched template from `aftercare habits init`"),
        "{}",
        stdout(&out)
    );
    // Once edited, it is the person's week, and the plan says where it came from.
    let edited = std::fs::read_to_string(&default)
        .unwrap()
        .replace("08:00", "08:30");
    std::fs::write(&default, edited).unwrap();
    let out = dir.run(&["plan", AT[0], AT[1], AT[2], AT[3], "--format", "text"]);
    assert!(
        stdout(&out).contains("Using your habits from"),
        "{}",
        stdout(&out)
    );
    assert!(!stdout(&out).contains("untouched template"));
    assert!(stdout(&out).contains("Long run"));
    // A routine on the command line wins, silently.
    let out = dir.run(&[
        "plan",
        AT[0],
        AT[1],
        AT[2],
        AT[3],
        "--workout",
        "sat 09:00 30m walking",
        "--format",
        "text",
    ]);
    assert!(!stdout(&out).contains("Using your habits"));
    // A broken one is refused with its line.
    std::fs::write(
        &default,
        "[[workout]]\nactivity = \"hitt\"\ndays = \"mon\"\nat = \"06:00\"\nminutes = 30\n",
    )
    .unwrap();
    let out = dir.run(&["habits", "show"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("habits.toml:2: workout 1.activity: unknown activity \"hitt\""),
        "{}",
        stderr(&out)
    );
}

#[test]
fn areas_products_and_setbacks_on_the_command_line() {
    refused(
        &[
            "plan",
            AT[0],
            AT[1],
            AT[2],
            AT[3],
            "--area",
            "forehead,elbow",
        ],
        &[
            "--area: unknown area \"elbow\"",
            "forehead, glabella, crows-feet, bunny-lines, brow-lift, lip-flip, gummy-smile, chin, masseter, neck, trapezius, migraine, underarm, other (for an area not listed, use other)",
        ],
    );
    refused(
        &["plan", AT[0], AT[1], AT[2], AT[3], "--product", "botux"],
        &[
            "--product: unknown product \"botux\" (did you mean botox?)",
            "dysport",
        ],
    );
    refused(
        &[
            "plan",
            AT[0],
            AT[1],
            AT[2],
            AT[3],
            "--setback",
            "2026-12-03 10:00",
        ],
        &[
            "--setback: invalid value \"2026-12-03 10:00\"; expected a time after the appointment ends",
        ],
    );
    let dir = Dir::new();
    let out = dir.run(&[
        "plan",
        AT[0],
        AT[1],
        AT[2],
        AT[3],
        "--area",
        "Neck",
        "--product",
        "dysport",
        "-o",
        "-",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let ics = stdout(&out);
    assert!(ics.contains("SUMMARY:Dysport appointment"));
    save_calendar("cli-neck-dysport", &ics);
    let out = dir.run(&[
        "plan",
        AT[0],
        AT[1],
        AT[2],
        AT[3],
        "--setback",
        "2026-12-06 08:00",
        "-o",
        "-",
    ]);
    assert!(stdout(&out).contains("SEQUENCE:1"));
    save_calendar("cli-setback", &stdout(&out));
}

#[test]
fn oops_writes_a_monitoring_calendar() {
    let dir = Dir::new();
    let out = dir.run(&[
        "oops",
        "--at",
        "2026-12-04 19:00",
        "--tz",
        "America/New_York",
        "--appointment",
        "2026-12-04 15:00",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(dir.files(), ["aftercare-oops-2026-12-04.ics"]);
    assert!(stdout(&out).contains("You exercised 3 hours 30 minutes after the appointment ended"));
    let ics = std::fs::read_to_string(dir.path().join("aftercare-oops-2026-12-04.ics")).unwrap();
    save_calendar("cli-oops", &ics);
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 5);
    assert!(ics.contains("slurred speech"));
    refused(
        &[
            "oops",
            "--at",
            "2026-03-08 02:30",
            "--tz",
            "America/New_York",
        ],
        &["--at: 2026-03-08 02:30 does not exist"],
    );
}

#[test]
fn zones_keep_their_name_and_follow_the_current_tz_data() {
    let dir = Dir::new();
    let out = dir.run(&[
        "plan",
        "--at",
        "2026-12-04 15:00",
        "--tz",
        "America/Vancouver",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // British Columbia stays on UTC-07 from November 2026 (tz 2026b); chrono-tz's 2025b data
    // would say -08. The zone keeps its own name.
    assert_eq!(json["appointment"]["start"], "2026-12-04T15:00:00-07:00");
    assert_eq!(json["appointment"]["tz"], "America/Vancouver");
    let data = json["appointment"]["tz_data"].as_str().unwrap();
    assert!(data.starts_with("tz 20"), "{data}");
    let out = dir.run(&[
        "plan",
        "--at",
        "2026-12-04 15:00",
        "--tz",
        "America/Vancouver",
        "-o",
        "-",
    ]);
    let ics = stdout(&out);
    // Devices whose tz data predates the change would read a TZID as -08:00: the times are
    // written in UTC (15:00 at -07:00 is 22:00Z), the calendar still names the zone, and the
    // plan says why.
    assert!(ics.contains("DTSTART:20261204T220000Z"), "{ics}");
    assert!(!ics.contains("TZID="), "{ics}");
    assert!(ics.contains("X-WR-TIMEZONE:America/Vancouver"));
    assert!(!ics.contains("Etc/GMT"));
    save_calendar("cli-vancouver", &ics);
    let notes = json["notes"].to_string();
    assert!(
        notes.contains("clock rules of America/Vancouver changed recently"),
        "{notes}"
    );

    // A zone whose rules did not change keeps its TZID.
    let out = dir.run(&[
        "plan",
        "--at",
        "2026-12-04 15:00",
        "--tz",
        "America/Toronto",
        "-o",
        "-",
    ]);
    assert!(stdout(&out).contains("DTSTART;TZID=America/Toronto:20261204T150000"));

    // What the tool prints, given back, is accepted: the offset agrees with the zone.
    for (at, zone, setback) in [
        (
            "2026-12-01T10:00:00-07:00",
            "America/Vancouver",
            "2026-12-02T09:00:00-07:00",
        ),
        (
            "2026-12-01T10:00:00+00:00",
            "Africa/Casablanca",
            "2026-12-02T09:00:00+00:00",
        ),
        (
            "2026-12-01T10:00:00-04:00",
            "America/Havana",
            "2026-12-02T09:00:00-04:00",
        ),
    ] {
        let out = dir.run(&[
            "plan",
            "--at",
            at,
            "--tz",
            zone,
            "--setback",
            setback,
            "--format",
            "json",
        ]);
        assert!(out.status.success(), "{zone}: {}", stderr(&out));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["appointment"]["start"], at);
        assert_eq!(json["appointment"]["setbacks"][0], setback);
    }
}

#[test]
fn completions_and_man_page_come_from_the_same_definitions() {
    let dir = Dir::new();
    for (shell, marker) in [
        ("bash", "_aftercare()"),
        ("zsh", "#compdef aftercare"),
        ("fish", "complete -c aftercare"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = dir.run(&["completions", shell]);
        assert!(out.status.success(), "{}", stderr(&out));
        let script = stdout(&out);
        assert!(script.contains(marker), "{shell}: {marker}");
        // Every subcommand and a subcommand's flag are offered.
        for word in ["plan", "suggest", "batch", "routine-ics"] {
            assert!(script.contains(word), "{shell} lacks {word}");
        }
    }
    let out = dir.run(&["man"]);
    assert!(out.status.success());
    let page = stdout(&out);
    assert!(
        page.starts_with(".ie") || page.contains(".TH aftercare"),
        "{page}"
    );
    assert!(page.contains("plan") && page.contains("suggest"));
    assert_eq!(
        dir.files(),
        Vec::<String>::new(),
        "printed, nothing written"
    );
}
