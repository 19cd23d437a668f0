//! The plan a clinician would sign (issue 19), from the patient's side: rules scoped to the
//! treated area, the areas and products clinics treat, the night after the appointment, the
//! day-0 care note, the precaution sentence and touch-up visits.

mod common;

use aftercare::model::{Plan, Protocol, Sweat};
use aftercare::plan::{self, Options};
use aftercare::render::text;
use aftercare::units::week::TimeStyle;
use common::*;

/// A plan for these areas and product; `touch_up` and `next_treatment` as asked.
fn plan_for(at: &str, areas: &[&str], product: Option<&str>, touch_up: bool) -> Plan {
    let mut a = appointment(at, "Europe/London", 30);
    a.areas = areas.iter().map(|s| s.to_string()).collect();
    a.product = product.map(str::to_string);
    a.touch_up = touch_up;
    plan::plan_with(
        &a,
        &routine(&[]),
        &Protocol::builtin(),
        &Options {
            sweat: Sweat::Moderate,
            next_treatment: true,
            ..Options::default()
        },
    )
}

/// Every word the patient reads: the text view and everything in the JSON.
fn words(plan: &Plan) -> String {
    format!(
        "{}\n{}",
        text::render(plan, Some("Botox"), None, TimeStyle::default()),
        serde_json::to_string(plan).unwrap()
    )
}

fn windows(plan: &Plan) -> Vec<&str> {
    plan.windows.iter().map(|w| w.rule.as_str()).collect()
}

fn reminder<'p>(plan: &'p Plan, id: &str) -> Option<&'p aftercare::model::ReminderAt> {
    plan.reminders.iter().find(|r| r.id == id)
}

#[test]
fn an_underarm_plan_has_the_underarm_rules_and_nothing_for_the_face() {
    let p = plan_for("2026-12-04 10:00", &["underarm"], Some("botox"), false);
    let rules = windows(&p);
    for face in [
        "facial-pressure",
        "headwear",
        "goggles",
        "head-down",
        "inversions",
    ] {
        assert!(!rules.contains(&face), "{face} for an underarm: {rules:?}");
    }
    for own in ["underarm-day", "deodorant", "strenuous-exercise", "heat"] {
        assert!(rules.contains(&own), "{own} missing: {rules:?}");
    }
    let said = words(&p);
    assert!(!said.contains("good light"), "{said}");
    assert!(!said.contains("Makeup"), "{said}");
    assert!(
        reminder(&p, "results-start")
            .unwrap()
            .text
            .starts_with("Less sweating shows within 2 to 4 days")
    );
}

#[test]
fn a_jaw_plan_speaks_of_chewing_from_day_0_and_of_weeks_not_two_weeks() {
    let p = plan_for("2026-12-04 15:00", &["masseter"], Some("botox"), false);
    let chewing = reminder(&p, "jaw-chewing").unwrap();
    assert_eq!(
        chewing.at.date_naive(),
        p.appointment.end.date_naive(),
        "chewing advice on day 0"
    );
    assert!(chewing.text.contains("chewing"));
    let said = words(&p);
    for wrong in [
        "full effect at about two weeks",
        "full effect shows at about two weeks",
        "full effect takes about 2 weeks",
    ] {
        assert!(!said.contains(wrong), "{wrong}");
    }
    assert!(
        reminder(&p, "results-start")
            .unwrap()
            .text
            .contains("builds over weeks")
    );
    let review = reminder(&p, "results-day-14").unwrap();
    assert_eq!((review.at - p.appointment.end).num_days(), 42);
}

#[test]
fn how_long_the_effect_lasts_agrees_with_the_next_treatment() {
    for (areas, product) in [
        (&["underarm"][..], Some("botox")),
        (&["underarm"][..], None),
        (&[][..], Some("daxxify")),
        (&["forehead"][..], Some("daxxify")),
    ] {
        let p = plan_for("2026-12-04 15:00", areas, product, false);
        let said = words(&p);
        assert!(!said.contains("3 to 4 months"), "{areas:?} {product:?}");
        let next = reminder(&p, "next-treatment").unwrap();
        assert!(
            next.text.contains("lasts about 6 months") && next.text.contains("180 days"),
            "{}",
            next.text
        );
    }
    let usual = plan_for("2026-12-04 15:00", &["forehead"], Some("botox"), false);
    let next = reminder(&usual, "next-treatment").unwrap();
    assert!(next.text.contains("3 to 4 months") && next.text.contains("90 days"));
}

#[test]
fn every_area_clinics_treat_is_accepted_with_its_own_rules_and_words() {
    let generic = plan_for("2026-12-04 15:00", &["forehead"], Some("botox"), false);
    let generic_results = &reminder(&generic, "results-start").unwrap().text;
    for (area, rule) in [
        ("lip-flip", "lips"),
        ("gummy-smile", "lips"),
        ("chin", "facial-pressure"),
        ("bunny-lines", "headwear"),
        ("brow-lift", "headwear"),
        ("trapezius", "treated-massage"),
        ("migraine", "treated-massage"),
        ("neck", "treated-massage"),
    ] {
        let p = plan_for("2026-12-04 15:00", &[area], Some("botox"), false);
        assert!(windows(&p).contains(&rule), "{area}: {:?}", windows(&p));
        let results = &reminder(&p, "results-start").unwrap().text;
        assert_ne!(results, generic_results, "{area} has its own results text");
        assert!(!p.appointment.areas.is_empty());
    }
    let lips = plan_for("2026-12-04 15:00", &["lip-flip"], None, false);
    let rule = lips.windows.iter().find(|w| w.rule == "lips").unwrap();
    assert!(rule.title.contains("straws") && rule.avoid.contains("puckering"));
    assert_eq!((rule.end - rule.start).num_hours(), 24);
    for area in ["trapezius", "migraine"] {
        let p = plan_for("2026-12-04 15:00", &[area], None, false);
        assert!(
            // The emergency first, then the area's call-today sign.
            p.warnings.first[0].starts_with("trouble swallowing or breathing: call {number} now")
                && p.warnings.first[1].starts_with("neck or shoulder weakness"),
            "{area}: {:?}",
            p.warnings.first
        );
    }
    let neck = plan_for("2026-12-04 15:00", &["neck"], None, false);
    assert_eq!(
        neck.warnings.first[0],
        "trouble swallowing or breathing: call {number} now"
    );
    assert!(!windows(&neck).contains(&"facial-pressure"));
    // And on the command line.
    let dir = Dir::new();
    for area in [
        "lip-flip",
        "gummy-smile",
        "chin",
        "bunny-lines",
        "brow-lift",
        "trapezius",
        "migraine",
        "other",
    ] {
        let out = dir.run(&[
            "plan",
            "--at",
            "2026-12-04 15:00",
            "--tz",
            "UTC",
            "--area",
            area,
            "-o",
            "-",
        ]);
        assert!(
            out.status.success(),
            "{area}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn another_area_gets_the_rules_for_every_treatment_only() {
    let p = plan_for("2026-12-04 15:00", &["other"], None, false);
    let protocol = Protocol::builtin();
    let general: Vec<&str> = protocol
        .rules
        .iter()
        .filter(|r| r.areas.is_empty())
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(windows(&p), general);
    assert!(!words(&p).contains("Makeup"));
}

#[test]
fn a_product_under_its_european_name_is_shown_by_that_name() {
    let dir = Dir::new();
    let text = dir.ok(&[
        "plan",
        "--at",
        "2026-12-04 15:00",
        "--tz",
        "Europe/Berlin",
        "--product",
        "bocouture",
        "--format",
        "text",
        "-o",
        "-",
    ]);
    assert!(
        text.starts_with("Aftercare plan: Bocouture appointment"),
        "{text}"
    );
    let protocol = Protocol::builtin();
    let bocouture = protocol.lookup_product("product", "bocouture").unwrap();
    let xeomin = protocol.lookup_product("product", "xeomin").unwrap();
    assert_eq!(bocouture.name, "Bocouture");
    assert_eq!(
        (bocouture.next_treatment, &bocouture.lasts),
        (xeomin.next_treatment, &xeomin.lasts)
    );
    for id in ["letybo", "azzalure", "alluzience", "nuceiva", "vistabel"] {
        assert!(protocol.lookup_product("product", id).is_ok(), "{id}");
    }
}

#[test]
fn a_refused_area_or_product_says_what_to_use_instead() {
    let dir = Dir::new();
    let out = dir.run(&[
        "plan",
        "--at",
        "2026-12-04 15:00",
        "--tz",
        "UTC",
        "--area",
        "elbow",
        "-o",
        "-",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown area \"elbow\"") && err.contains("use other"),
        "{err}"
    );
    let out = dir.run(&[
        "plan",
        "--at",
        "2026-12-04 15:00",
        "--tz",
        "UTC",
        "--product",
        "myobloc",
        "-o",
        "-",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("letybo") && err.contains("leave the product out"),
        "{err}"
    );
}

#[test]
fn hats_helmets_and_goggles_wait_the_same_elapsed_time_at_any_hour() {
    let length = |at: &str| {
        let p = plan_for(at, &["forehead"], None, false);
        let w = p.windows.iter().find(|w| w.rule == "headwear").unwrap();
        w.end - w.start
    };
    assert_eq!(length("2026-12-04 09:00"), length("2026-12-04 23:00"));
    assert_eq!(length("2026-12-04 23:00").num_hours(), 48);
    let p = plan_for("2026-12-04 23:00", &["forehead"], None, false);
    let pressure = p
        .windows
        .iter()
        .find(|w| w.rule == "facial-pressure")
        .unwrap();
    let headwear = p.windows.iter().find(|w| w.rule == "headwear").unwrap();
    assert_eq!(
        pressure.end, headwear.end,
        "consistent with the face pressure"
    );
    assert!(!windows(&p).contains(&"goggles"));
}

#[test]
fn bike_and_ski_substitutes_mention_the_helmet_strap() {
    let mut a = appointment("2026-12-04 15:00", "Europe/London", 30);
    a.areas = vec!["forehead".into()];
    let p = plan::plan(
        &a,
        // Saturday 17:00 is past the settle stage (walking and stretching only): ease back.
        &routine(&["sat 17:00 60m spin", "daily 16:00 60m skiing"]),
        &Protocol::builtin(),
        Sweat::Moderate,
    );
    let spin = p.sessions.iter().find(|s| s.activity == "spin").unwrap();
    assert!(spin.substitute.contains("helmet"), "{}", spin.substitute);
    // Once easy skiing is allowed (the build stage), it says how to wear the helmet.
    let ski = p
        .sessions
        .iter()
        .find(|s| s.instead.as_deref() == Some("easy-skiing"))
        .unwrap();
    assert!(ski.substitute.contains("strap"), "{}", ski.substitute);
}

#[test]
fn an_evening_appointment_is_told_it_may_lie_down_on_its_back_tonight() {
    let dir = Dir::new();
    let out = dir.run(&[
        "plan",
        "--at",
        "2026-12-04 21:00",
        "--tz",
        "Europe/London",
        "--format",
        "text",
        "-o",
        "-",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Sat 5 Dec 01:30  Bedtime: you may lie down, on your back"),
        "{text}"
    );
    let p = plan_for("2026-12-04 21:00", &[], None, false);
    let night = reminder(&p, "first-night").unwrap();
    let upright = p.windows.iter().find(|w| w.rule == "upright").unwrap();
    assert_eq!(night.at, upright.end);
    let head_down = p.windows.iter().find(|w| w.rule == "head-down").unwrap();
    assert!(
        head_down.avoid.contains("not about going to bed")
            && head_down.avoid.contains("exercise and chores"),
        "{}",
        head_down.avoid
    );
    // A daytime appointment hears it at bedtime.
    let day = plan_for("2026-12-04 10:00", &[], None, false);
    let night = reminder(&day, "first-night").unwrap();
    assert_eq!(night.at.to_rfc3339(), "2026-12-04T21:00:00+00:00");
}

#[test]
fn the_day_0_care_note_says_what_the_article_leaves_out() {
    let p = plan_for("2026-12-04 15:00", &["forehead"], None, false);
    let care = reminder(&p, "day-0-care").unwrap();
    assert_eq!(care.at.date_naive(), p.appointment.end.date_naive());
    assert!(care.text.contains("fish oil") && care.text.contains("never stop a medicine"));
    let face = reminder(&p, "face-care").unwrap();
    for said in [
        "Makeup",
        "peels, lasers and microneedling",
        "two weeks",
        "face-down",
        "at least a week",
    ] {
        assert!(face.text.contains(said), "{said}: {}", face.text);
    }
    let text = text::render(&p, None, None, TimeStyle::default());
    assert!(text.contains("Today and the next days: what is normal"));
}

#[test]
fn the_rules_are_called_cautious_precautions_once() {
    let p = plan_for("2026-12-04 15:00", &[], None, false);
    let text = text::render(&p, None, None, TimeStyle::default());
    assert_eq!(text.matches("cautious precautions").count(), 1, "{text}");
    assert!(text.contains("facial exercises"));
    assert!(!text.contains("primary source of every number"));
}

#[test]
fn a_touch_up_is_planned_as_one() {
    let first = plan_for("2026-12-04 15:00", &["forehead"], Some("botox"), false);
    let touch = plan_for("2026-12-18 15:00", &["forehead"], Some("botox"), true);
    assert!(reminder(&first, "results-day-14").is_some());
    assert!(reminder(&touch, "results-day-14").is_none());
    let follow = reminder(&touch, "touch-up-follow-up").unwrap();
    assert_ne!(
        follow.text,
        reminder(&first, "results-day-14").unwrap().text
    );
    assert!(!words(&touch).contains("touch-up visit usually happens"));
    assert!(words(&first).contains("follow-up visit usually happens"));

    let dir = Dir::new();
    let out = dir.run(&[
        "plan",
        "--at",
        "2026-12-18 15:00",
        "--tz",
        "UTC",
        "--touch-up",
        "--format",
        "json",
        "-o",
        "-",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["appointment"]["touch_up"], true);
    let ids: Vec<&str> = json["reminders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"touch-up-follow-up") && !ids.contains(&"results-day-14"));

    // A CSV column, and the request of the web form.
    dir.write(
        "day.csv",
        "id,at,tz,areas,touch_up\nP-1,2026-12-18 15:00,UTC,forehead,true\nP-2,2026-12-18 16:00,UTC,forehead,\n",
    );
    let out = dir.run(&["batch", "day.csv", "--out-dir", "out"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let p1 = std::fs::read_to_string(dir.path().join("out/P-1.ics")).unwrap();
    let p2 = std::fs::read_to_string(dir.path().join("out/P-2.ics")).unwrap();
    assert!(p1.contains("Touch-up: check the result") && !p1.contains("Results and follow-up"));
    assert!(p2.contains("Results and follow-up"));
    let request: aftercare::input::request::PlanRequest =
        serde_json::from_str(r#"{"at": "2026-12-18 15:00", "tz": "UTC", "touch_up": true}"#)
            .unwrap();
    let protocol = Protocol::builtin();
    let web = request.prepare(&protocol).unwrap().plan(&protocol);
    assert!(reminder(&web, "touch-up-follow-up").is_some());
}
