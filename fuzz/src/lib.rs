//! What the fuzz targets share: a fixed zone and appointment, and the check that a calendar
//! aftercare wrote parses back.

use aftercare::model::Routine;
use aftercare::render::ics::{self, IcsOptions};
use aftercare::model::{Appointment, Plan};
use aftercare::plan;
use aftercare::model::{Protocol, Sweat};
use aftercare::tz::{Fold, Zone};

/// Europe/Berlin, loaded once.
pub fn berlin() -> Zone {
    aftercare::tz::parse_zone("--tz", "Europe/Berlin").expect("a known zone")
}

/// An appointment on 7 June 2027 at 10:00 in Berlin.
pub fn appointment() -> Appointment {
    let start =
        aftercare::input::when::parse_date_time("--at", "2027-06-07 10:00", berlin(), true, Fold::Reject)
            .expect("a valid time");
    Appointment::new(start, 30).expect("a valid length")
}

/// Plans with `routine` and `protocol`, renders the calendar and checks it (see
/// [`check_calendar`]); returns the plan and the parsed calendar.
pub fn plan_and_check(routine: &Routine, protocol: &Protocol) -> (Plan, icalendar::Calendar) {
    let p = plan::plan(&appointment(), routine, protocol, Sweat::Heavy);
    let text = ics::render(&p, &IcsOptions::default());
    let calendar = check_calendar(&text);
    (p, calendar)
}

/// Checks a rendered calendar: CRLF lines of at most 75 octets, and parsed back by the
/// icalendar crate with as many events as it was written with.
pub fn check_calendar(text: &str) -> icalendar::Calendar {
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    for line in text.split_terminator("\r\n") {
        assert!(line.len() <= 75, "a line of {} octets", line.len());
        assert!(!line.contains('\n') && !line.contains('\r'));
    }
    // Whole lines: "BEGIN:VEVENT" may also appear inside a text value, escaped.
    let written = text
        .split("\r\n")
        .filter(|line| *line == "BEGIN:VEVENT")
        .count();
    let parsed: icalendar::Calendar = text.parse().expect("a calendar aftercare wrote parses");
    let events = parsed
        .components
        .iter()
        .filter(|c| matches!(c, icalendar::CalendarComponent::Event(_)))
        .count();
    assert_eq!(events, written);
    parsed
}

/// The line structure of a rendered calendar, without parsing it back (cheaper, for targets that
/// render many calendars per input; `render` and the others parse theirs back): CRLF lines of at
/// most 75 octets, balanced BEGIN/END, one VCALENDAR.
pub fn check_lines(text: &str) {
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"));
    let mut depth = 0usize;
    for line in text.split_terminator("\r\n") {
        assert!(line.len() <= 75, "a line of {} octets", line.len());
        assert!(!line.contains('\n') && !line.contains('\r'));
        if line.starts_with("BEGIN:") {
            depth += 1;
        } else if line.starts_with("END:") {
            depth = depth.checked_sub(1).expect("an END without its BEGIN");
        }
    }
    assert_eq!(depth, 0, "every BEGIN has its END");
}

/// Text from fuzz bytes (lossy: invalid UTF-8 is refused by the readers before the parsers).
pub fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}
