//! Golden calendars: byte-for-byte snapshots under a fixed DTSTAMP (what `SOURCE_DATE_EPOCH`
//! gives the binary). A change to the output is a deliberate act: review the diff, then
//! regenerate with `UPDATE_GOLDEN=1 cargo test --test golden`.

mod common;

use std::path::Path;
use std::str::FromStr;

use aftercare::model::Routine;
use aftercare::model::{Protocol, Sweat};
use aftercare::plan;
use aftercare::render::ics::{self, IcsOptions};
use common::*;

fn golden(name: &str, actual: &str) {
    save_calendar(&format!("golden-{name}"), actual);
    let parsed = icalendar::Calendar::from_str(actual).expect("the icalendar parser reads it back");
    let events = parsed
        .components
        .iter()
        .filter(|c| matches!(c, icalendar::CalendarComponent::Event(_)))
        .count();
    assert_eq!(events, actual.matches("BEGIN:VEVENT").count());
    let path = Path::new("fixtures/golden").join(format!("{name}.ics"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "{} is missing: run UPDATE_GOLDEN=1 cargo test --test golden",
            path.display()
        )
    });
    if expected != actual {
        let first = expected
            .split("\r\n")
            .zip(actual.split("\r\n"))
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "{} differs from the output at line {}:\n  golden: {:?}\n  actual: {:?}\n(review, then UPDATE_GOLDEN=1)",
            path.display(),
            first + 1,
            expected.split("\r\n").nth(first),
            actual.split("\r\n").nth(first)
        );
    }
}

#[test]
fn new_york_with_a_habits_file() {
    let text = std::fs::read_to_string("fixtures/habits/my-week.toml").unwrap();
    let routine = Routine::parse(&text, "my-week.toml".as_ref()).unwrap();
    let p = plan::plan(
        &appointment("2026-12-04 15:00", "America/New_York", 30),
        &routine,
        &Protocol::builtin(),
        routine.sweat.unwrap(),
    );
    golden("new-york-my-week", &render(&p));
}

#[test]
fn london_clinic_protocol_discreet() {
    let text = std::fs::read_to_string("fixtures/protocol/clinic-4h.toml").unwrap();
    let protocol = Protocol::builtin()
        .with_override(&text, "clinic-4h.toml".as_ref())
        .unwrap();
    let p = plan::plan(
        &appointment("2026-03-27 11:00", "Europe/London", 45),
        &routine(&["tue,thu 07:00 45m spin", "sun 09:00 1h swimming"]),
        &protocol,
        Sweat::Light,
    );
    golden(
        "london-clinic-discreet",
        &ics::render(
            &p,
            &IcsOptions {
                discreet: true,
                ..options()
            },
        ),
    );
}

#[test]
fn kolkata_in_utc() {
    let p = make_plan(
        "2026-12-04 15:00",
        "Asia/Kolkata",
        &["daily 06:00 30m yoga"],
        Sweat::Moderate,
    );
    golden(
        "kolkata-utc",
        &ics::render(
            &p,
            &IcsOptions {
                utc: true,
                ..options()
            },
        ),
    );
}

/// A snapshot of a text output, like [`golden`]'s calendars.
fn golden_text(name: &str, actual: &str) {
    let path = Path::new("fixtures/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "{} is missing: run UPDATE_GOLDEN=1 cargo test --test golden",
            path.display()
        )
    });
    if let Some((i, (e, a))) = expected
        .lines()
        .zip(actual.lines())
        .enumerate()
        .find(|(_, (e, a))| e != a)
    {
        panic!(
            "{} differs at line {}:\n  golden: {e:?}\n  actual: {a:?}\n(review, then UPDATE_GOLDEN=1)",
            path.display(),
            i + 1
        );
    }
    assert_eq!(expected, actual, "{}", path.display());
}

/// The same plan in every language: its calendar and its text view. A change to any wording
/// shows as a diff to review here, language by language.
#[test]
fn madrid_in_every_language() {
    use aftercare::i18n::Lang;
    for lang in Lang::ALL {
        let p = plan::plan_with(
            &appointment("2026-12-04 15:00", "Europe/Madrid", 30),
            &routine(&["mon,wed,fri 18:00 1h running", "sat 10:00 45m hot-yoga"]),
            &Protocol::builtin_in(lang),
            &plan::Options {
                sweat: Sweat::Heavy,
                setbacks: vec![local_in("2026-12-06 09:00", "Europe/Madrid")],
                ..plan::Options::default()
            },
        );
        assert_eq!(p.lang, lang);
        let tag = lang.tag();
        golden(&format!("madrid-{tag}"), &render(&p));
        golden_text(
            &format!("madrid-{tag}.txt"),
            &aftercare::render::text::render(&p, Some("Botox"), None, Default::default()),
        );
    }
}
