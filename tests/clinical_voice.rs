//! Issue 19, "one voice": what the patient reads after exercising too soon, what each rule
//! means, how free words were read as an activity, the wording slips, and the protocol as a
//! provider reads it. From the patient's side: the binary's outputs and the plan's words.

mod common;

use std::process::Output;

use aftercare::model::Protocol;
use common::Dir;
use common::server::Server;

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Runs the binary, expecting success, and returns what it printed.
/// Runs the binary, expecting a refusal (exit 2), and returns the message.
fn refused(dir: &Dir, args: &[&str]) -> String {
    let out = dir.run(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stdout(&out));
    stderr(&out)
}

/// A calendar's text with its folded lines joined and its TEXT escapes undone, as a calendar
/// app shows it.
fn unfolded(ics: &str) -> String {
    ics.replace("\r\n ", "")
        .replace("\\n", "\n")
        .replace("\\,", ",")
        .replace("\\;", ";")
}

const OOPS: [&str; 8] = [
    "oops",
    "--at",
    "2026-12-04 19:00",
    "--tz",
    "Europe/London",
    "--appointment",
    "2026-12-04 15:00",
    "-o",
];

fn oops(dir: &Dir, extra: &[&str], format: &str) -> String {
    let mut args = OOPS.to_vec();
    args.extend(["-", "--format", format]);
    args.extend_from_slice(extra);
    dir.ok(&args)
}

fn plan(dir: &Dir, extra: &[&str], format: &str) -> String {
    let mut args = vec![
        "plan",
        "--at",
        "2026-12-04 15:00",
        "--tz",
        "Europe/London",
        "-o",
        "-",
        "--format",
        format,
    ];
    args.extend_from_slice(extra);
    dir.ok(&args)
}

#[test]
fn oops_at_heavy_sweat_says_the_heavy_plan_s_48_hours() {
    let dir = Dir::new();
    let heavy_plan: serde_json::Value =
        serde_json::from_str(&plan(&dir, &["--sweat", "heavy"], "json")).unwrap();
    let strenuous = heavy_plan["windows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["rule"] == "strenuous-exercise")
        .unwrap();
    assert_eq!(strenuous["end"], "2026-12-06T15:30:00+00:00");

    let text = oops(&dir, &["--sweat", "heavy"], "text");
    assert!(
        text.contains("which ends 2 days after the appointment"),
        "{text}"
    );
    assert!(
        !text.contains("24 h") && !text.contains("24 hours"),
        "{text}"
    );
    assert!(
        text.contains("hard exercise until Sun 6 Dec 15:30"),
        "the plan's end: {text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&oops(&dir, &["--sweat", "heavy"], "json")).unwrap();
    assert_eq!(json["sweat"], "heavy");

    // A moderate sweater's plan ends strenuous exercise after 24 h: so does the oops.
    let text = oops(&dir, &["--sweat", "moderate"], "text");
    assert!(
        text.contains("which ends 24 hours after the appointment"),
        "{text}"
    );
    assert!(
        text.contains("hard exercise until Sat 5 Dec 15:30"),
        "{text}"
    );
}

#[test]
fn oops_after_hot_yoga_gives_the_heat_advice() {
    let dir = Dir::new();
    for did in [["--activity", "hot-yoga"], ["--did", "hot yoga"]] {
        let text = oops(&dir, &did, "text");
        assert!(
            text.contains("Cool down: hot yoga is heat as well as exercise"),
            "{text}"
        );
        assert!(
            text.contains("keep away from saunas") && text.contains("until Sun 6 Dec 15:30"),
            "{text}"
        );
        let ics = unfolded(&oops(&dir, &did, "ics"));
        assert!(ics.contains("SUMMARY:Cool down: hot yoga is heat"), "{ics}");
        let json: serde_json::Value = serde_json::from_str(&oops(&dir, &did, "json")).unwrap();
        assert_eq!(json["activity"], "hot-yoga");
        assert!(
            json["checks"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["id"] == "oops-heat")
        );
    }
    // A run is exercise, not heat.
    let text = oops(&dir, &["--activity", "running"], "text");
    assert!(!text.contains("heat as well as exercise"), "{text}");
    // Words that match nothing are refused, with the closest ids.
    let mut args = OOPS.to_vec();
    args.extend(["-", "--activity", "yogga"]);
    let err = refused(&dir, &args);
    assert!(
        err.contains("--activity") && err.contains("did you mean yoga"),
        "{err}"
    );
}

#[test]
fn oops_keeps_the_article_s_tone() {
    let dir = Dir::new();
    for extra in [&[][..], &["--sweat", "light", "--did", "sauna"][..]] {
        for format in ["text", "ics", "json"] {
            let out = unfolded(&oops(&dir, extra, format)).to_lowercase();
            assert!(!out.contains("nothing comes of it"), "{format}: {out}");
            assert!(out.contains("not a disaster"), "{format}: {out}");
        }
    }
    // Without the appointment's time too: the first check-in says it.
    let out = dir.ok(&[
        "oops",
        "--at",
        "2026-12-04 19:00",
        "--tz",
        "Europe/London",
        "-o",
        "-",
        "--format",
        "text",
    ]);
    assert!(out.contains("Not a disaster"), "{out}");
}

#[test]
fn the_text_view_says_what_no_pressure_on_the_face_means() {
    let dir = Dir::new();
    let text = plan(&dir, &[], "text");
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.ends_with("no pressure on the face"))
        .unwrap_or_else(|| panic!("{text}"));
    let meaning = lines[at + 1].to_lowercase();
    assert!(meaning.trim_start().starts_with("avoid:"), "{meaning}");
    for word in ["goggles", "gua sha", "expressions"] {
        assert!(meaning.contains(word), "{word}: {meaning}");
    }
    // Every rule says what it means, not only its title.
    let avoid_lines = text
        .lines()
        .filter(|l| l.trim_start().starts_with("avoid: "))
        .count();
    let rules = text.lines().filter(|l| l.starts_with("  until ")).count();
    assert_eq!(avoid_lines, rules, "{text}");
}

#[test]
fn a_fuzzy_activity_says_how_it_was_read_everywhere() {
    let dir = Dir::new();
    let workout = ["--workout", "sat 10:00 45m underwater-hockey-9000"];
    let said = "\"underwater-hockey-9000\" was read as team sport (football, basketball...), from the word \"hockey\"";
    let text = plan(&dir, &workout, "text");
    assert!(text.contains(&format!("Note: {said}.")), "{text}");
    let json: serde_json::Value = serde_json::from_str(&plan(&dir, &workout, "json")).unwrap();
    let notes = json["notes"].as_array().unwrap();
    assert!(
        notes.iter().any(|n| n.as_str().unwrap().starts_with(said)),
        "{notes:?}"
    );
    let ics = unfolded(&plan(&dir, &workout, "ics"));
    assert!(ics.contains(said), "the workout's events say it: {ics}");
    // An id, or a phrase that is all one known word, is no guess: no note.
    for sure in [
        "sat 10:00 45m team-sports",
        "sat 10:00 45m hot yoga",
        "sat 10:00 45m bikram",
    ] {
        let text = plan(&dir, &["--workout", sure], "text");
        assert!(!text.contains("was read as"), "{sure}: {text}");
    }
    // The same from a habits file.
    let habits = dir.write(
        "week.toml",
        "[[workout]]\nactivity = \"Sunday league football\"\ndays = \"sun\"\nat = \"10:00\"\nminutes = 90\n",
    );
    let text = plan(&dir, &["--habits", habits.to_str().unwrap()], "text");
    assert!(
        text.contains("\"Sunday league football\" was read as team sport"),
        "{text}"
    );
    let week = dir.ok(&["habits", "show", habits.to_str().unwrap()]);
    assert!(
        week.contains("\"Sunday league football\" was read as team sport"),
        "{week}"
    );
    let suggestions = dir.ok(&[
        "suggest",
        "--tz",
        "Europe/London",
        "--from",
        "2099-12-01",
        "--to",
        "2099-12-07",
        "--habits",
        habits.to_str().unwrap(),
    ]);
    assert!(
        suggestions.contains("Note: \"Sunday league football\" was read as team sport"),
        "{suggestions}"
    );
}

#[test]
fn words_that_match_nothing_and_control_characters_are_refused() {
    let dir = Dir::new();
    let base = [
        "plan",
        "--at",
        "2026-12-04 15:00",
        "--tz",
        "Europe/London",
        "-o",
        "-",
    ];
    let with = |workout: &str| {
        let mut args = base.to_vec();
        args.extend(["--workout", workout]);
        refused(&dir, &args)
    };
    let err = with("mon 06:30 45m quidditch");
    assert!(
        err.contains("--workout") && err.contains("unknown activity"),
        "{err}"
    );
    let err = with("mon 06:30 45m hiit\r\nX-INJ:1");
    assert!(err.starts_with("aftercare: --workout: "), "{err}");
    assert!(err.contains("control characters"), "{err}");
    let err = with("mon 06:30 45m hiit\tX");
    assert!(err.contains("control characters"), "{err}");
    // In a habits file, the field is named.
    let habits = dir.write(
        "week.toml",
        "[[workout]]\nactivity = \"hiit\\nX-INJ:1\"\ndays = \"mon\"\nat = \"06:30\"\nminutes = 45\n",
    );
    let mut args = base.to_vec();
    args.extend(["--habits", habits.to_str().unwrap()]);
    let err = refused(&dir, &args);
    assert!(
        err.contains("workout 1.activity") && err.contains("control characters"),
        "{err}"
    );
    // And for the oops.
    let mut args = OOPS.to_vec();
    args.extend(["-", "--did", "hot-yoga\r\nX"]);
    let err = refused(&dir, &args);
    assert!(
        err.contains("--activity") && err.contains("control characters"),
        "{err}"
    );
}

#[test]
fn a_blank_product_is_refused_not_called_botox() {
    let dir = Dir::new();
    for blank in ["", "   "] {
        let err = refused(
            &dir,
            &[
                "plan",
                "--at",
                "2026-12-04 15:00",
                "--tz",
                "Europe/London",
                "--product",
                blank,
                "-o",
                "-",
            ],
        );
        assert!(err.starts_with("aftercare: --product: "), "{err}");
        assert!(
            err.contains("a product id") && err.contains("leave it out"),
            "{err}"
        );
        assert!(dir.files().is_empty());
    }
}

/// Words that read wrong to a patient, wherever they appear.
const SLIPS: &[&str] = &[
    "becomes a mobility",
    "becomes a stretches",
    "a stretches",
    "becomes a ",
    "becomes an ",
    " 1 slots",
    "an e-mail address is needed for e-mail",
    "most of the time nothing comes of it",
];

#[test]
fn no_slip_reaches_a_plan_or_a_suggestion() {
    let dir = Dir::new();
    let routines: &[&[&str]] = &[
        &[
            "--workout",
            "mon,wed,fri 18:00 1h running",
            "--workout",
            "sat 09:00 1h30m running",
        ],
        &[
            "--workout",
            "daily 07:00 45m yoga",
            "--workout",
            "sat 09:00 1h30m running",
        ],
        &[
            "--workout",
            "tue,thu 18:00 1h weights",
            "--workout",
            "sun 10:00 1h swimming",
        ],
        &[
            "--workout",
            "mon,thu 19:00 1h pilates",
            "--workout",
            "wed 18:00 1h climbing",
        ],
        &["--workout", "sat 09:00 1h30m running"],
    ];
    let mut outputs = Vec::new();
    for routine in routines {
        for format in ["text", "json", "ics"] {
            outputs.push(unfolded(&plan(&dir, routine, format)));
        }
        let mut args = vec![
            "suggest",
            "--tz",
            "Europe/Madrid",
            "--from",
            "2026-12-01",
            "--to",
            "2026-12-21",
            "--top",
            "5",
        ];
        args.extend_from_slice(routine);
        let suggestions = dir.ok(&args);
        // "Saturday's Run ... Saturday's Run (your big workout)": each named once.
        for line in suggestions.lines().filter(|l| l.contains(" score ")) {
            for day in [
                "Monday",
                "Tuesday",
                "Wednesday",
                "Thursday",
                "Friday",
                "Saturday",
                "Sunday",
            ] {
                let named = format!("{day}'s ");
                for part in line.split(&named).skip(1) {
                    let what = part.split([' ', ';']).next().unwrap();
                    let again = format!("{named}{what}");
                    assert!(line.matches(&again).count() <= 1, "{again} twice: {line}");
                }
            }
        }
        outputs.push(suggestions);
    }
    // One slot says "1 slot", in the past or not.
    for (day, said) in [
        ("2020-12-01", "Note: 1 slot before now was left out."),
        ("2099-12-01", ": 1 slot planned"),
    ] {
        let one = dir.ok(&[
            "suggest",
            "--tz",
            "Europe/Madrid",
            "--from",
            day,
            "--to",
            day,
            "--clinic-hours",
            "daily 09:00-09:30",
            "--minutes",
            "30",
        ]);
        assert!(one.contains(said), "{one}");
        outputs.push(one);
    }
    // A batch row with no e-mail address, sent by e-mail.
    dir.write(
        "rows.csv",
        "id,name,email,at,tz\np1,Ann,,2026-12-04 15:00,Europe/London\n",
    );
    let out = dir.run(&[
        "batch",
        "rows.csv",
        "--out-dir",
        "out",
        "--eml",
        "--from",
        "clinic@example.com",
    ]);
    let said = stderr(&out);
    assert!(said.contains("column email: no address given"), "{said}");
    outputs.push(said);
    outputs.push(std::fs::read_to_string(dir.path().join("out/errors.csv")).unwrap());
    for out in &outputs {
        for slip in SLIPS {
            assert!(!out.contains(slip), "{slip:?} in:\n{out}");
        }
    }
}

#[test]
fn the_protocol_table_lists_each_rule_s_areas_and_sources() {
    let dir = Dir::new();
    let table = dir.ok(&["protocol", "--table"]);
    let protocol = Protocol::builtin();
    for rule in &protocol.rules {
        let line = table
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{} ", rule.id)))
            .unwrap_or_else(|| panic!("{}: {table}", rule.id));
        let areas = if rule.areas.is_empty() {
            "every area".to_string()
        } else {
            rule.areas.join(",")
        };
        assert!(line.contains(&areas), "{line}");
        assert!(line.contains(&rule.source.join(",")), "{line}");
    }
    for entry in protocol.stages.iter().map(|s| (&s.id, &s.source)).chain(
        protocol
            .reminders
            .iter()
            .chain(&protocol.oops)
            .map(|r| (&r.id, &r.source)),
    ) {
        assert!(
            table
                .lines()
                .any(|l| l.trim_start().starts_with(entry.0.as_str())
                    && l.contains(&entry.1.join(","))),
            "{}: {table}",
            entry.0
        );
    }
    // Every tier of warning signs, and what each source is.
    for tier in ["emergency:", "same_day:", "routine:"] {
        assert!(table.contains(tier), "{tier}: {table}");
    }
    for (id, text) in protocol.sources.iter() {
        assert!(table.contains(&format!("{id}: {text}")), "{id}");
    }
    // The TOML stays the default, for `aftercare protocol > clinic.toml`.
    assert!(dir.ok(&["protocol"]).contains("[[rule]]"));
}

#[test]
fn the_web_oops_form_passes_the_plan_s_sweat_and_what_was_done() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &[]);
    let body = r#"{"at": "2027-02-05 16:00", "tz": "Europe/London", "minutes": 30,
        "workouts": ["mon,wed,fri 18:00 60m weights"], "sweat": "heavy", "product": "botox"}"#;
    let created = server.post_json("/api/plans", body);
    let token = created.json()["token"].as_str().unwrap().to_string();
    let page = server.get(&format!("/p/{token}")).text();
    assert!(
        page.contains("name=\"activity\""),
        "the form asks what was done"
    );
    assert!(!page.contains("nothing comes of it"), "{page}");
    let reply = server.post_urlencoded(
        &format!("/p/{token}/oops"),
        "at=2027-02-05T19%3A00&activity=hot+yoga",
    );
    assert_eq!(reply.status, 303, "{}", reply.text());
    let api = server.get(&format!("/api/plans/{token}")).json();
    let m = &api["monitoring"];
    assert_eq!(m["sweat"], "heavy", "{m}");
    assert_eq!(m["activity"], "hot-yoga", "{m}");
    assert!(
        m["note"]
            .as_str()
            .unwrap()
            .contains("which ends 2 days after the appointment"),
        "{m}"
    );
    assert!(
        m["checks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == "oops-heat"),
        "{m}"
    );
    // The API too; a setback takes no activity, and says so rather than dropping it.
    let reply = server.post_json(
        &format!("/api/plans/{token}/oops"),
        r#"{"at": "2027-02-05 20:00", "activity": "sauna"}"#,
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json()["monitoring"]["activity"], "sauna");
    let reply = server.post_json(
        &format!("/api/plans/{token}/setback"),
        r#"{"at": "2027-02-06 10:00", "activity": "sauna"}"#,
    );
    assert_eq!(reply.status, 422, "{}", reply.text());
    assert!(reply.text().contains("activity"), "{}", reply.text());
    server.kill();
}

#[test]
fn after_a_setback_the_oops_note_gives_the_plan_s_own_stage_end() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &[]);
    let body = r#"{"at": "2027-02-05 16:00", "tz": "Europe/London", "minutes": 30,
        "sweat": "heavy", "setbacks": ["2027-02-06 10:00"]}"#;
    let created = server.post_json("/api/plans", body);
    assert_eq!(created.status, 201, "{}", created.text());
    let token = created.json()["token"].as_str().unwrap().to_string();
    let reply = server.post_json(
        &format!("/api/plans/{token}/oops"),
        r#"{"at": "2027-02-07 09:00"}"#,
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let api = server.get(&format!("/api/plans/{token}")).json();
    let plan = &api["plan"];
    let at =
        |v: &serde_json::Value| chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap();
    let t0 = at(&plan["appointment"]["end"]);
    let exercised = chrono::DateTime::parse_from_rfc3339("2027-02-07T09:00:00+00:00").unwrap();
    // The stage the exercise fell in, as the plan has it after the setback.
    let stage = plan["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| at(&s["start"]) <= exercised && !s["end"].is_null() && exercised < at(&s["end"]))
        .expect("a stage at that moment");
    let length = (at(&stage["end"]) - t0).to_std().unwrap();
    let said = aftercare::units::duration::spoken(
        chrono::Duration::from_std(length).unwrap(),
        aftercare::i18n::Lang::En,
    );
    let note = api["monitoring"]["note"].as_str().unwrap();
    assert!(
        note.contains(&format!("which ends {said} after the appointment")),
        "{said}: {note}"
    );
    // Without the setback the stage would end 2 days after: the note is the plan's, not the
    // protocol's usual one.
    assert!(!note.contains("which ends 2 days after"), "{note}");
    server.kill();
}

#[test]
fn a_calendar_event_read_by_one_word_says_so() {
    let dir = Dir::new();
    let export = dir.write(
        "week.ics",
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:1@test\r\n\
         DTSTAMP:20261201T000000Z\r\nDTSTART:20261205T100000Z\r\nDTEND:20261205T113000Z\r\n\
         SUMMARY:Underwater hockey league\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:2@test\r\n\
         DTSTAMP:20261201T000000Z\r\nDTSTART:20261206T100000Z\r\nDTEND:20261206T110000Z\r\n\
         SUMMARY:Spin\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    );
    let args = ["--routine-ics", export.to_str().unwrap()];
    let said = "\"Underwater hockey league\" was read as team sport (football, basketball...), from the word \"hockey\"";
    let text = plan(&dir, &args, "text");
    assert!(text.contains(said), "{text}");
    assert!(
        !text.contains("\"Spin\" was read"),
        "a whole known word is no guess: {text}"
    );
    let ics = unfolded(&plan(&dir, &args, "ics"));
    assert!(ics.contains(said), "{ics}");
}
