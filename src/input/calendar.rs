//! Reading a routine from the calendar people already keep: a Google, Apple or Outlook export.
//!
//! Only what falls in the recovery period matters, so recurrences are expanded inside that
//! window and nowhere else (an endless weekly class costs a handful of occurrences, a file of
//! 100,000 events is read once). Expansion is the `rrule` crate's, through the `icalendar`
//! crate's `get_recurrence`; this module only normalises what those crates cannot read as is:
//!
//! * TZIDs: IANA names (also with a `/mozilla.org/.../` style prefix, or in another case) and
//!   the common Windows names Outlook writes (`W. Europe Standard Time`) map to IANA zones;
//!   anything else skips the event with a reason (no guessing of custom VTIMEZONEs).
//! * Floating times (no zone) are read in the person's zone, not the machine's.
//! * RECURRENCE-ID overrides move or cancel single occurrences; `STATUS:CANCELLED` drops them.
//! * All-day events are ignored; events whose summary matches no activity are listed as
//!   unmatched so the person can add a `--match` rule.
//!
//! ```
//! use aftercare::input::calendar::{import, Matcher};
//! use chrono::{TimeZone, Utc};
//!
//! let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:1\r\n\
//!            DTSTART;TZID=Europe/London:20261207T070000\r\nDTEND;TZID=Europe/London:20261207T080000\r\n\
//!            RRULE:FREQ=DAILY\r\nSUMMARY:Spin class\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
//! let window = (Utc.with_ymd_and_hms(2026, 12, 8, 0, 0, 0).unwrap(), Utc.with_ymd_and_hms(2026, 12, 10, 0, 0, 0).unwrap());
//! let got = import(ics, "cal.ics".as_ref(), "Europe/London".parse().unwrap(), window, &Matcher::builtin()).unwrap();
//! assert_eq!(got.sessions.len(), 2); // the 8th and the 9th, nothing else
//! assert_eq!(got.sessions[0].activity, "spin");
//! ```

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

use crate::tz::Zone;
use chrono::{DateTime, Duration, TimeZone, Utc};
use icalendar::{
    Calendar, CalendarComponent, CalendarDateTime, Component, DatePerhapsTime, Event, EventLike,
    Property,
};

use crate::error::{Error, Result};
use crate::input::limits::MAX_NAME_CHARS;
use crate::model::{Catalogue, FixedSession, Reading};
use crate::tz::resolve_recurring;

/// Largest calendar file read (a typo guard: exports of years of calendar stay well below).
pub const MAX_BYTES: usize = crate::input::MAX_INPUT_BYTES as usize;
/// Most occurrences one event may contribute to the window.
const MAX_OCCURRENCES: u16 = 1000;

/// An event that was read but not used, and why.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    /// Its summary.
    pub summary: String,
    /// Why it was not used.
    pub reason: String,
}

/// What a calendar gave.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    /// Workout occurrences in the window, in time order.
    pub sessions: Vec<FixedSession>,
    /// Summaries with occurrences in the window that matched no activity.
    pub unmatched: Vec<String>,
    /// Events that could not be used, with the reason.
    pub skipped: Vec<Skipped>,
    /// Number of VEVENTs in the file.
    pub events: usize,
    /// Summaries read by one of their words by the built-in dictionary ("Underwater hockey
    /// league" by "hockey"), for the plan's notes: the first summary for each word.
    pub readings: Vec<Reading>,
}

/// Maps event summaries to catalogue activities by keyword.
#[derive(Clone, Debug)]
pub struct Matcher {
    /// `--match` rules: (words of the pattern, activity id), checked first, longest first.
    user: Vec<(Vec<String>, String)>,
    /// The built-in dictionary, longest first.
    builtin: Vec<(Vec<String>, String)>,
}

/// The built-in keyword dictionary: phrase → activity id.
const KEYWORDS: &[(&str, &str)] = &[
    ("hot yoga", "hot-yoga"),
    ("bikram", "hot-yoga"),
    ("hot pilates", "hot-yoga"),
    ("restorative yoga", "gentle-yoga"),
    ("yin yoga", "gentle-yoga"),
    ("yoga", "yoga"),
    ("vinyasa", "yoga"),
    ("ashtanga", "yoga"),
    ("hiit", "hiit"),
    ("tabata", "hiit"),
    ("bootcamp", "hiit"),
    ("boot camp", "hiit"),
    ("circuit", "hiit"),
    ("f45", "hiit"),
    ("orangetheory", "hiit"),
    ("metcon", "hiit"),
    ("spin", "spin"),
    ("spinning", "spin"),
    ("soulcycle", "spin"),
    ("peloton", "spin"),
    ("indoor cycling", "spin"),
    ("cycling", "cycling"),
    ("bike", "cycling"),
    ("ride", "cycling"),
    ("easy run", "easy-run"),
    ("recovery run", "easy-run"),
    ("run", "running"),
    ("running", "running"),
    ("jog", "running"),
    ("jogging", "running"),
    ("5k", "running"),
    ("10k", "running"),
    ("half marathon", "running"),
    ("marathon", "running"),
    ("parkrun", "running"),
    ("long run", "running"),
    ("tempo", "running"),
    ("walk", "walking"),
    ("walking", "walking"),
    ("hike", "hiking"),
    ("hiking", "hiking"),
    ("row", "rowing"),
    ("rowing", "rowing"),
    ("erg", "rowing"),
    ("swim", "swimming"),
    ("swimming", "swimming"),
    ("laps", "swimming"),
    ("pool", "swimming"),
    ("lifting", "weights"),
    ("weights", "weights"),
    ("gym", "weights"),
    ("strength", "weights"),
    ("legs day", "weights"),
    ("leg day", "weights"),
    ("push day", "weights"),
    ("pull day", "weights"),
    ("upper body", "weights"),
    ("lower body", "weights"),
    ("deadlift", "weights"),
    ("squat", "weights"),
    ("squats", "weights"),
    ("crossfit", "crossfit"),
    ("wod", "crossfit"),
    ("kickboxing", "kickboxing"),
    ("muay thai", "kickboxing"),
    ("mma", "kickboxing"),
    ("boxing", "boxing"),
    ("sparring", "boxing"),
    ("reformer", "pilates"),
    ("pilates", "pilates"),
    ("barre", "barre"),
    ("sauna", "sauna"),
    ("steam room", "steam-room"),
    ("hammam", "steam-room"),
    ("hot tub", "hot-tub"),
    ("jacuzzi", "hot-tub"),
    ("climbing", "climbing"),
    ("bouldering", "climbing"),
    ("climb", "climbing"),
    ("football", "team-sports"),
    ("soccer", "team-sports"),
    ("basketball", "team-sports"),
    ("rugby", "team-sports"),
    ("hockey", "team-sports"),
    ("volleyball", "team-sports"),
    ("netball", "team-sports"),
    ("tennis", "tennis"),
    ("squash", "tennis"),
    ("padel", "tennis"),
    ("badminton", "tennis"),
    ("dance", "dance"),
    ("zumba", "dance"),
    ("golf", "golf"),
    ("tai chi", "tai-chi"),
    ("stretch", "stretching"),
    ("stretching", "stretching"),
    ("mobility", "mobility"),
    ("elliptical", "elliptical"),
    ("stairmaster", "stair-climber"),
    ("massage", "massage"),
];

fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

impl Matcher {
    /// The built-in dictionary.
    pub fn builtin() -> Self {
        Self::shared().clone()
    }

    /// The built-in dictionary, built once per process: habits files and `--workout` specs
    /// consult it for every activity name that is not an id.
    pub(crate) fn shared() -> &'static Matcher {
        static BUILTIN: std::sync::OnceLock<Matcher> = std::sync::OnceLock::new();
        BUILTIN.get_or_init(Self::build_builtin)
    }

    fn build_builtin() -> Self {
        let mut builtin: Vec<_> = KEYWORDS
            .iter()
            .map(|(pattern, activity)| (words(pattern), activity.to_string()))
            .collect();
        // Longer phrases first, so "hot yoga" wins over "yoga" and "easy run" over "run".
        builtin.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        Matcher {
            user: Vec::new(),
            builtin,
        }
    }

    /// Adds `PATTERN=ACTIVITY` (from `--match`); user rules are checked before the built-in
    /// words.
    pub fn add(&mut self, spec: &str, catalogue: &Catalogue) -> Result<()> {
        let (pattern, activity) = spec.rsplit_once('=').ok_or_else(|| {
            Error::invalid(
                "match",
                spec,
                "PATTERN=ACTIVITY, e.g. \"Spin=spin\" or \"Legs day=weights\"",
            )
        })?;
        let pattern_words = words(pattern);
        if pattern_words.is_empty() {
            return Err(Error::invalid(
                "match",
                spec,
                "a pattern with at least one word",
            ));
        }
        let activity = catalogue.lookup("match", activity.trim())?;
        self.user.push((pattern_words, activity.id.clone()));
        self.user.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        Ok(())
    }

    /// The activity a summary names, if any: the first rule whose words appear consecutively.
    pub fn classify(&self, summary: &str) -> Option<&str> {
        self.matched(summary).map(|m| m.activity)
    }

    /// How a summary is read: the activity, the words that decided, and whether they were all
    /// of its words (a summary that is only "bikram" is not a guess; "underwater hockey" is).
    pub fn matched(&self, summary: &str) -> Option<Match<'_>> {
        let text = words(summary);
        self.user
            .iter()
            .chain(&self.builtin)
            .find(|(pattern, _)| text.windows(pattern.len()).any(|w| w == pattern.as_slice()))
            .map(|(pattern, activity)| Match {
                activity,
                word: pattern.join(" "),
                whole: *pattern == text,
                yours: self.user.iter().any(|(p, _)| p == pattern),
            })
    }
}

/// A summary read by [`Matcher::matched`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match<'a> {
    /// The activity's id.
    pub activity: &'a str,
    /// The words of the rule that matched.
    pub word: String,
    /// Whether those words were the whole summary.
    pub whole: bool,
    /// Whether the rule was a `--match` one (the person said so: not a guess).
    pub yours: bool,
}

/// Windows zone names (as Outlook writes them) for the most common zones.
const WINDOWS_ZONES: &[(&str, &str)] = &[
    ("Eastern Standard Time", "America/New_York"),
    ("US Eastern Standard Time", "America/Indiana/Indianapolis"),
    ("Central Standard Time", "America/Chicago"),
    ("Mountain Standard Time", "America/Denver"),
    ("US Mountain Standard Time", "America/Phoenix"),
    ("Pacific Standard Time", "America/Los_Angeles"),
    ("Alaskan Standard Time", "America/Anchorage"),
    ("Hawaiian Standard Time", "Pacific/Honolulu"),
    ("Atlantic Standard Time", "America/Halifax"),
    ("Newfoundland Standard Time", "America/St_Johns"),
    ("Canada Central Standard Time", "America/Regina"),
    ("Central America Standard Time", "America/Guatemala"),
    ("Mexico Standard Time", "America/Mexico_City"),
    ("Central Standard Time (Mexico)", "America/Mexico_City"),
    ("SA Pacific Standard Time", "America/Bogota"),
    ("E. South America Standard Time", "America/Sao_Paulo"),
    ("Argentina Standard Time", "America/Argentina/Buenos_Aires"),
    ("Pacific SA Standard Time", "America/Santiago"),
    ("GMT Standard Time", "Europe/London"),
    ("Greenwich Standard Time", "Atlantic/Reykjavik"),
    ("W. Europe Standard Time", "Europe/Berlin"),
    ("Romance Standard Time", "Europe/Paris"),
    ("Central Europe Standard Time", "Europe/Budapest"),
    ("Central European Standard Time", "Europe/Warsaw"),
    ("E. Europe Standard Time", "Europe/Chisinau"),
    ("FLE Standard Time", "Europe/Kiev"),
    ("GTB Standard Time", "Europe/Bucharest"),
    ("Turkey Standard Time", "Europe/Istanbul"),
    ("Russian Standard Time", "Europe/Moscow"),
    ("Israel Standard Time", "Asia/Jerusalem"),
    ("South Africa Standard Time", "Africa/Johannesburg"),
    ("Egypt Standard Time", "Africa/Cairo"),
    ("Morocco Standard Time", "Africa/Casablanca"),
    ("Arabian Standard Time", "Asia/Dubai"),
    ("Arab Standard Time", "Asia/Riyadh"),
    ("India Standard Time", "Asia/Kolkata"),
    ("China Standard Time", "Asia/Shanghai"),
    ("Singapore Standard Time", "Asia/Singapore"),
    ("Tokyo Standard Time", "Asia/Tokyo"),
    ("Korea Standard Time", "Asia/Seoul"),
    ("AUS Eastern Standard Time", "Australia/Sydney"),
    ("E. Australia Standard Time", "Australia/Brisbane"),
    ("Cen. Australia Standard Time", "Australia/Adelaide"),
    ("W. Australia Standard Time", "Australia/Perth"),
    ("Lord Howe Standard Time", "Australia/Lord_Howe"),
    ("New Zealand Standard Time", "Pacific/Auckland"),
    ("Chatham Islands Standard Time", "Pacific/Chatham"),
    ("UTC", "UTC"),
];

/// The IANA zone a calendar's TZID means, if it can be known without guessing.
pub(crate) fn zone_for_tzid(tzid: &str) -> Option<Zone> {
    // A file names a handful of TZIDs thousands of times: each is looked up once.
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static SEEN: OnceLock<Mutex<HashMap<String, Option<Zone>>>> = OnceLock::new();
    let seen = SEEN.get_or_init(Default::default);
    if let Some(hit) = seen.lock().ok().and_then(|s| s.get(tzid).copied()) {
        return hit;
    }
    let found = look_up_tzid(tzid);
    if let Ok(mut s) = seen.lock()
        && s.len() < 10_000
    {
        s.insert(tzid.to_string(), found);
    }
    found
}

fn look_up_tzid(tzid: &str) -> Option<Zone> {
    let tzid = tzid.trim().trim_matches('"');
    if let Some(tz) = crate::tz::zone_named(tzid) {
        return Some(tz);
    }
    if let Some((_, iana)) = WINDOWS_ZONES
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(tzid))
    {
        return crate::tz::zone_named(iana);
    }
    // Prefixed IANA names: /mozilla.org/20070129_1/America/New_York, posix/Europe/Vaduz,
    // /freeassociation.sourceforge.net/Tzfile/America/Argentina/Buenos_Aires.
    let parts: Vec<&str> = tzid.split('/').filter(|p| !p.is_empty()).collect();
    (1..parts.len()).find_map(|skip| crate::tz::zone_named(&parts[skip..].join("/")))
}

/// Reads the workouts of a calendar export that fall in `window`. Times without a zone are read
/// in `zone`.
pub fn import(
    text: &str,
    path: &Path,
    zone: Zone,
    window: (DateTime<Utc>, DateTime<Utc>),
    matcher: &Matcher,
) -> Result<Imported> {
    let refuse = |message: String| Error::File {
        path: path.to_path_buf(),
        line: None,
        message,
    };
    if text.len() > MAX_BYTES {
        return Err(refuse(format!(
            "{} bytes is more than the {} MiB a calendar export may have",
            text.len(),
            MAX_BYTES / 1024 / 1024
        )));
    }
    let body = text.trim_start_matches('\u{feff}').trim_start();
    if !body
        .get(..15)
        .is_some_and(|s| s.eq_ignore_ascii_case("BEGIN:VCALENDAR"))
    {
        return Err(refuse(
            "not an iCalendar file (it does not start with BEGIN:VCALENDAR)".into(),
        ));
    }
    let body = check_structure(body).map_err(|(line, message)| Error::File {
        path: path.to_path_buf(),
        line: Some(line),
        message,
    })?;
    // The parser (icalendar, on nom) has panicked on some damaged files: a panic there refuses
    // the file instead of ending the process.
    let parsed = crate::input::catch_panic(|| {
        Calendar::from_str(&body).map_err(|e| parse_error_message(&e))
    });
    let calendar = match parsed {
        Some(Ok(calendar)) => calendar,
        Some(Err(message)) => return Err(refuse(message)),
        None => {
            return Err(refuse(
                "not a readable calendar (the iCalendar parser failed on it)".into(),
            ));
        }
    };

    let mut out = Imported::default();
    let mut masters: Vec<&Event> = Vec::new();
    let mut overrides: BTreeMap<String, Vec<&Event>> = BTreeMap::new();
    for component in &calendar.components {
        if let CalendarComponent::Event(event) = component {
            out.events += 1;
            match (
                event.get_uid(),
                event.properties().contains_key("RECURRENCE-ID"),
            ) {
                (Some(uid), true) => overrides.entry(uid.to_string()).or_default().push(event),
                _ => masters.push(event),
            }
        }
    }

    let reader = Reader {
        zone,
        window,
        matcher,
    };
    let mut unmatched = std::collections::BTreeSet::new();
    for master in masters {
        let own_overrides = master
            .get_uid()
            .and_then(|uid| overrides.remove(uid))
            .unwrap_or_default();
        reader.read(master, &own_overrides, &mut out, &mut unmatched);
    }
    // Overrides whose master is not in the file stand on their own.
    for orphans in overrides.into_values() {
        for event in orphans {
            reader.read(event, &[], &mut out, &mut unmatched);
        }
    }
    out.sessions
        .sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.name.cmp(&b.name)));
    out.unmatched = unmatched.into_iter().collect();
    Ok(out)
}

/// Components deeper than this are refused before parsing: an export nests VCALENDAR, VEVENT
/// and VALARM (or VTIMEZONE and STANDARD), and the parser recurses once per level.
const MAX_NESTING: usize = 8;

/// Checks what the parser cannot be trusted with and normalises line ends to CRLF: the parser
/// panicked on lines ending in a bare CR (old Mac exports), and on bare LF (Unix tools) it
/// searches the rest of the file for every property's CRLF, which took minutes for 20,000
/// events. Components may nest at most [`MAX_NESTING`] deep. An error is the 1-based line and
/// what is wrong there.
fn check_structure(body: &str) -> std::result::Result<std::borrow::Cow<'_, str>, (usize, String)> {
    let bytes = body.as_bytes();
    let crlf_only = bytes.iter().enumerate().all(|(i, &b)| match b {
        b'\r' => bytes.get(i + 1) == Some(&b'\n'),
        b'\n' => i > 0 && bytes[i - 1] == b'\r',
        _ => true,
    });
    let body = if crlf_only {
        std::borrow::Cow::Borrowed(body)
    } else {
        std::borrow::Cow::Owned(
            body.replace("\r\n", "\n")
                .replace('\r', "\n")
                .replace('\n', "\r\n"),
        )
    };
    let mut depth = 0usize;
    for (i, line) in body.lines().enumerate() {
        let upper = |prefix: &str| {
            line.get(..prefix.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
        };
        if upper("BEGIN:") {
            depth += 1;
            if depth > MAX_NESTING {
                return Err((
                    i + 1,
                    format!(
                        "components nested more than {MAX_NESTING} deep; a calendar export \
                         nests at most a few (VCALENDAR, VEVENT, VALARM)"
                    ),
                ));
            }
        } else if upper("END:") {
            depth = depth.saturating_sub(1);
        }
    }
    Ok(body)
}

/// The parser's error in the file's terms: its first line, without the parser's own words.
fn parse_error_message(error: &str) -> String {
    let line = error
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && *l != "error:")
        .unwrap_or("");
    // nom reports "0: at line 38, in Tag:": keep the line, drop the combinator names.
    let at_line = line
        .split("at line ")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .filter(|n| !n.is_empty());
    match at_line {
        Some(n) => {
            format!("not a readable calendar: line {n} is not a valid iCalendar content line")
        }
        None => "not a readable calendar: its content lines are not valid iCalendar".to_string(),
    }
}

struct Reader<'a> {
    zone: Zone,
    window: (DateTime<Utc>, DateTime<Utc>),
    matcher: &'a Matcher,
}

enum When {
    AllDay,
    At(DateTime<Utc>),
}

impl Reader<'_> {
    fn read(
        &self,
        event: &Event,
        overrides: &[&Event],
        out: &mut Imported,
        unmatched: &mut std::collections::BTreeSet<String>,
    ) {
        let summary = event
            .get_summary()
            .unwrap_or("(no title)")
            .trim()
            .to_string();
        // A title is a workout's name in the plan: one too long for a phone's title is said,
        // not cut (its start is enough to find it).
        if summary.chars().nth(MAX_NAME_CHARS).is_some() {
            let start: String = summary.chars().take(40).collect();
            out.skipped.push(Skipped {
                summary: format!("{start}…"),
                reason: format!(
                    "a title of {} characters; expected at most {MAX_NAME_CHARS}",
                    summary.chars().count()
                ),
            });
            return;
        }
        let mut skip = |reason: String| {
            out.skipped.push(Skipped {
                summary: summary.clone(),
                reason,
            })
        };
        if is_cancelled(event) {
            return;
        }
        let start = match event.get_start().map(|s| self.instant(s)) {
            Some(Ok(When::At(t))) => t,
            Some(Ok(When::AllDay)) => return, // all-day: not a workout session
            Some(Err(reason)) => return skip(reason),
            None => return skip("no start time (DTSTART)".into()),
        };
        let minutes = match self.minutes(event, start) {
            Ok(m) => m,
            Err(reason) => return skip(reason),
        };
        let recurring = event.property_value("RRULE").is_some()
            || event.multi_properties().contains_key("RDATE");
        let mut starts = if recurring {
            match self.expand(event, minutes) {
                Ok(starts) => starts,
                Err(reason) => return skip(reason),
            }
        } else {
            vec![start]
        };
        // RECURRENCE-ID overrides: drop the original occurrence; keep the moved one unless
        // cancelled.
        let mut moved = Vec::new();
        for o in overrides {
            if let Some(Ok(When::At(original))) = o.get_recurrence_id().map(|r| self.instant(r)) {
                starts.retain(|s| *s != original);
            }
            if !is_cancelled(o) {
                moved.push(*o);
            }
        }
        let length = Duration::minutes(minutes as i64);
        let in_window = |s: &DateTime<Utc>| *s + length > self.window.0 && *s < self.window.1;
        starts.retain(in_window);
        let matched = self.matcher.matched(&summary);
        if let Some(m) = matched.as_ref().filter(|m| !m.whole && !m.yours)
            && !starts.is_empty()
            // Once per word, not per summary: an export may hold thousands ("Run 1"...).
            && !out
                .readings
                .iter()
                .any(|r| r.activity == m.activity && r.word == m.word)
        {
            // The built-in words name built-in activities.
            let name = Catalogue::builtin()
                .get(m.activity)
                .map_or(m.activity.to_string(), |a| a.name.clone());
            out.readings.push(Reading {
                typed: summary.clone(),
                activity: m.activity.to_string(),
                name,
                word: m.word.clone(),
                workout: summary.clone(),
            });
        }
        let activity = matched.map(|m| m.activity.to_string());
        match &activity {
            Some(activity) => {
                for s in starts {
                    out.sessions.push(FixedSession {
                        name: summary.clone(),
                        activity: activity.clone(),
                        start: s,
                        minutes,
                    });
                }
            }
            None if !starts.is_empty() => {
                unmatched.insert(summary.clone());
            }
            None => {}
        }
        for o in moved {
            let mut single = (*o).clone();
            single.remove_property("RECURRENCE-ID");
            single.remove_property("RRULE");
            if single.get_summary().is_none() {
                single.summary(&summary);
            }
            self.read(&single, &[], out, unmatched);
        }
    }

    /// The instant of a DTSTART-like value, or why it cannot be used.
    fn instant(&self, value: DatePerhapsTime) -> std::result::Result<When, String> {
        match value {
            DatePerhapsTime::Date(_) => Ok(When::AllDay),
            DatePerhapsTime::DateTime(CalendarDateTime::Utc(t)) => Ok(When::At(t)),
            DatePerhapsTime::DateTime(CalendarDateTime::Floating(local)) => Ok(When::At(
                resolve_recurring(local, self.zone).0.with_timezone(&Utc),
            )),
            DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, tzid }) => {
                let tz = zone_for_tzid(&tzid).ok_or_else(|| unknown_tzid(&tzid))?;
                Ok(When::At(
                    resolve_recurring(date_time, tz).0.with_timezone(&Utc),
                ))
            }
        }
    }

    /// DTEND − DTSTART, or DURATION, or an hour when neither is given.
    fn minutes(&self, event: &Event, start: DateTime<Utc>) -> std::result::Result<u32, String> {
        let length = if let Some(end) = event.get_end() {
            match self.instant(end)? {
                When::At(end) => end - start,
                When::AllDay => return Err("ends on a date but starts at a time".into()),
            }
        } else if let Some(d) = event.property_value("DURATION") {
            iso_duration(d).ok_or_else(|| format!("unreadable DURATION {d:?}"))?
        } else {
            Duration::hours(1)
        };
        let minutes = length.num_minutes();
        if !(1..=24 * 60).contains(&minutes) {
            return Err(format!(
                "lasts {minutes} minutes, not like a workout session"
            ));
        }
        Ok(minutes as u32)
    }

    /// Occurrence starts of a recurring event that can touch the window.
    fn expand(
        &self,
        event: &Event,
        minutes: u32,
    ) -> std::result::Result<Vec<DateTime<Utc>>, String> {
        if let Some(rule) = event.property_value("RRULE") {
            let freq = rule
                .split(';')
                .find_map(|p| p.trim().strip_prefix("FREQ="))
                .unwrap_or("");
            if matches!(freq, "HOURLY" | "MINUTELY" | "SECONDLY") {
                return Err(format!(
                    "repeats {} (only daily and slower rules are read)",
                    freq.to_lowercase()
                ));
            }
        }
        let normalised = self.normalise(event)?;
        let utc = icalendar::rrule::Tz::UTC;
        let from = utc.from_utc_datetime(
            &(self.window.0 - Duration::minutes(minutes as i64 + 1)).naive_utc(),
        );
        let to = utc.from_utc_datetime(&self.window.1.naive_utc());
        // The rrule crate panics on some damaged rules (a non-ASCII BYDAY, found by fuzzing):
        // such an event is skipped with the reason, not the end of the program.
        let expanded = crate::input::catch_panic(|| {
            normalised
                .get_recurrence()
                .map(|set| set.after(from).before(to).all(MAX_OCCURRENCES).dates)
                .map_err(|e| format!("recurrence not readable: {e}"))
        })
        .unwrap_or_else(|| Err("recurrence not readable".to_string()))?;
        Ok(expanded
            .into_iter()
            .map(|d| d.with_timezone(&Utc))
            .collect())
    }

    /// A copy of the recurrence properties with every zone written as an IANA TZID (or UTC), so
    /// that `rrule` reads them the way this module does.
    fn normalise(&self, event: &Event) -> std::result::Result<Event, String> {
        let mut copy = Event::new();
        let start = event.properties().get("DTSTART").ok_or("no DTSTART")?;
        let start = self.zoned(start)?;
        let start = match event.property_value("RRULE") {
            Some(rule) => self.fast_forward(start, rule)?,
            None => start,
        };
        copy.append_property(start);
        if let Some(rule) = event.property_value("RRULE") {
            copy.add_property("RRULE", rule);
        }
        for key in ["EXDATE", "RDATE"] {
            for p in event.multi_properties().get(key).into_iter().flatten() {
                copy.append_multi_property(self.zoned(p)?);
            }
        }
        Ok(copy.done())
    }

    /// `rrule` walks a series from its DTSTART, so a daily rule that started decades before the
    /// window would cost thousands of steps per event. For DAILY and WEEKLY rules without COUNT,
    /// moving DTSTART forward by whole periods (INTERVAL days or weeks, in local time) leaves the
    /// set of occurrences in the window unchanged; a COUNT series is walked as is, unless it is
    /// too long to expand.
    fn fast_forward(&self, start: Property, rule: &str) -> std::result::Result<Property, String> {
        let part = |name: &str| {
            rule.split(';').find_map(|p| {
                p.trim()
                    .strip_prefix(name)
                    .and_then(|v| v.strip_prefix('='))
            })
        };
        let unit_days = match part("FREQ") {
            Some("DAILY") => 1,
            Some("WEEKLY") => 7,
            _ => return Ok(start),
        };
        let interval: i64 = part("INTERVAL")
            .and_then(|v| v.parse().ok())
            .filter(|n| *n > 0)
            .unwrap_or(1);
        // INTERVAL comes from the file: a huge one must not overflow (it did, silently in
        // release builds).
        let Some(period) = interval.checked_mul(unit_days).filter(|p| *p <= 36_600_000) else {
            return Err(format!("an INTERVAL of {interval} is too large to expand"));
        };
        let value = start.value().to_string();
        let utc = value.ends_with('Z');
        let Ok(local) =
            chrono::NaiveDateTime::parse_from_str(value.trim_end_matches('Z'), "%Y%m%dT%H%M%S")
        else {
            return Ok(start); // a DATE or odd value: let rrule judge it
        };
        let window_start = match (utc, start.params().get("TZID")) {
            (true, _) => self.window.0.naive_utc(),
            (false, Some(tzid)) => match crate::tz::zone_named(tzid.value()) {
                Some(tz) => self.window.0.with_timezone(&tz).naive_local(),
                None => return Ok(start),
            },
            (false, None) => return Ok(start),
        };
        // Two periods of margin keep the first occurrences that overlap the window's start.
        let behind = (window_start - local).num_days() / period - 2;
        if behind <= 0 {
            return Ok(start);
        }
        if let Some(count) = part("COUNT").and_then(|c| c.parse::<i64>().ok()) {
            if behind > 50_000 && count > 50_000 {
                return Err(format!(
                    "a series of {count} occurrences is too long to expand"
                ));
            }
            return Ok(start);
        }
        let Some(moved) = behind
            .checked_mul(period)
            .and_then(Duration::try_days)
            .and_then(|d| local.checked_add_signed(d))
        else {
            return Ok(start);
        };
        let text = moved.format("%Y%m%dT%H%M%S").to_string() + if utc { "Z" } else { "" };
        let mut p = Property::new("DTSTART", text);
        if let Some(tzid) = start.params().get("TZID") {
            p.add_parameter("TZID", tzid.value());
        }
        Ok(p.done())
    }

    fn zoned(&self, p: &Property) -> std::result::Result<Property, String> {
        let value = p.value();
        if p.params()
            .get("VALUE")
            .is_some_and(|v| v.value().eq_ignore_ascii_case("DATE"))
            || value.ends_with('Z')
        {
            return Ok(p.clone());
        }
        let tz = match p.params().get("TZID") {
            Some(tzid) => zone_for_tzid(tzid.value()).ok_or_else(|| unknown_tzid(tzid.value()))?,
            None => self.zone,
        };
        Ok(Property::new(p.key(), value)
            .add_parameter("TZID", tz.name())
            .done())
    }
}

fn is_cancelled(event: &Event) -> bool {
    event
        .property_value("STATUS")
        .is_some_and(|s| s.eq_ignore_ascii_case("CANCELLED"))
}

fn unknown_tzid(tzid: &str) -> String {
    format!("time zone {tzid:?} is neither an IANA nor a Windows zone name")
}

/// Parses an RFC 5545 DURATION (`PT1H30M`, `P1D`, `-PT15M`).
fn iso_duration(text: &str) -> Option<Duration> {
    let (negative, rest) = match text.trim().strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text.trim().trim_start_matches('+')),
    };
    let rest = rest.strip_prefix('P')?;
    let mut total = Duration::zero();
    let mut number = String::new();
    let mut in_time = false;
    for c in rest.chars() {
        match c {
            '0'..='9' => number.push(c),
            'T' if !in_time && number.is_empty() => in_time = true,
            _ => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                // Checked: a fuzzed DURATION of billions of weeks must not panic.
                let part = match (c, in_time) {
                    ('W', false) => Duration::try_weeks(n),
                    ('D', false) => Duration::try_days(n),
                    ('H', true) => Duration::try_hours(n),
                    ('M', true) => Duration::try_minutes(n),
                    ('S', true) => Duration::try_seconds(n),
                    _ => None,
                }?;
                total = total.checked_add(&part)?;
            }
        }
    }
    if !number.is_empty() {
        return None;
    }
    Some(if negative { -total } else { total })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_words_most_specific_first() {
        let m = Matcher::builtin();
        for (summary, activity) in [
            ("HIIT with Sam", Some("hiit")),
            ("Spin @ Studio 9", Some("spin")),
            ("Bikram 90", Some("hot-yoga")),
            ("Hot Yoga Flow", Some("hot-yoga")),
            ("Morning run", Some("running")),
            ("5k parkrun", Some("running")),
            ("Lifting", Some("weights")),
            ("Legs day", Some("weights")),
            ("Swim laps", Some("swimming")),
            ("CrossFit WOD", Some("crossfit")),
            ("Boxing", Some("boxing")),
            ("Reformer Pilates", Some("pilates")),
            ("Sauna", Some("sauna")),
            ("Brunch with Ana", None),
            ("Dentist", None),
        ] {
            assert_eq!(m.classify(summary), activity, "{summary}");
        }
    }

    #[test]
    fn builtin_keywords_name_catalogue_activities() {
        let catalogue = Catalogue::builtin();
        for (pattern, activity) in KEYWORDS {
            assert!(catalogue.get(activity).is_some(), "{pattern} -> {activity}");
        }
    }

    #[test]
    fn user_rules_win() {
        let mut m = Matcher::builtin();
        m.add("Studio 9=pilates", &Catalogue::builtin()).unwrap();
        assert_eq!(m.classify("Spin @ Studio 9"), Some("pilates"));
        m.add("yoga=stretching", &Catalogue::builtin()).unwrap();
        assert_eq!(
            m.classify("Hot yoga"),
            Some("stretching"),
            "a user rule beats a longer built-in one"
        );
        assert!(m.add("nonsense", &Catalogue::builtin()).is_err());
        let err = m
            .add("Jump=trampoline", &Catalogue::builtin())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("match: unknown activity \"trampoline\""),
            "{err}"
        );
    }

    #[test]
    fn tzids_map_without_guessing() {
        for (tzid, iana) in [
            ("America/New_York", Some("America/New_York")),
            (
                "/mozilla.org/20070129_1/America/New_York",
                Some("America/New_York"),
            ),
            (
                "/freeassociation.sourceforge.net/Tzfile/America/Argentina/Buenos_Aires",
                Some("America/Argentina/Buenos_Aires"),
            ),
            ("W. Europe Standard Time", Some("Europe/Berlin")),
            ("\"Eastern Standard Time\"", Some("America/New_York")),
            ("MyTimezone", None),
            ("GMT +0100 (Standard) / GMT +0200 (Daylight)", None),
        ] {
            assert_eq!(zone_for_tzid(tzid).map(|t| t.name()), iana, "{tzid}");
        }
    }

    #[test]
    fn iso_durations() {
        assert_eq!(iso_duration("PT1H30M"), Some(Duration::minutes(90)));
        assert_eq!(iso_duration("P1D"), Some(Duration::days(1)));
        assert_eq!(iso_duration("-PT15M"), Some(Duration::minutes(-15)));
        assert_eq!(iso_duration("PT"), Some(Duration::zero()));
        assert_eq!(iso_duration("1H"), None);
        assert_eq!(iso_duration("PT5"), None);
    }
}
