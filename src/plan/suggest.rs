//! Choosing the appointment: every candidate slot in the clinic's hours is planned with the real
//! planner and scored by what the recovery costs the person's routine (fact A14: book on a rest
//! day, or the day after the week's big workout).
//!
//! Pure, like the planner: the caller passes the range, the hours and the routine.
//!
//! ```
//! use aftercare::model::Routine;
//! use aftercare::model::{Protocol, Sweat};
//! use aftercare::plan::suggest::{suggest, ClinicHours, Request};
//! use chrono::{Duration, NaiveDate};
//!
//! let mut routine = Routine::default();
//! routine.add_workout("mon,wed,fri 18:00 1h running").unwrap();
//! let request = Request {
//!     tz: "Europe/Madrid".parse().unwrap(),
//!     from: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
//!     to: NaiveDate::from_ymd_opt(2026, 12, 14).unwrap(),
//!     hours: ClinicHours::parse("--clinic-hours", "daily 10:00-11:00").unwrap(),
//!     minutes: 30,
//!     step: Duration::minutes(30),
//!     protect: vec![],
//!     top: 3,
//!     per_day: 1,
//!     sweat: Sweat::Moderate,
//!     now: chrono::DateTime::UNIX_EPOCH,
//!     style: Default::default(),
//! };
//! let result = suggest(&request, &routine, &Protocol::builtin()).unwrap();
//! // Nothing is free of cost with runs every other day; the best slots cost one scaled run.
//! assert_eq!(result.suggestions.len(), 3);
//! assert!(result.suggestions[0].score <= result.suggestions[2].score);
//! ```

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Weekday};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::{
    Appointment, Intensity, Outcome, Plan, Protocol, ReminderKind, Routine, Session, Sweat, Workout,
};
use crate::plan;
use crate::tz::{Zone, resolve_appointment};
use crate::units::rfc3339;
use crate::units::week::{full_day, parse_days, parse_time};

/// The longest range `suggest` searches.
pub const MAX_RANGE_DAYS: i64 = 366;

/// Opening hours per weekday (Monday first).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClinicHours {
    days: [Vec<(NaiveTime, NaiveTime)>; 7],
}

impl ClinicHours {
    /// Parses `tue-fri 09:00-18:00, sat 09:00-13:00`: comma-separated entries of days (`mon`,
    /// `tue-fri`, `daily`, `weekdays`, `weekends`) and an `HH:MM-HH:MM` range.
    pub fn parse(field: &str, text: &str) -> Result<Self> {
        const EXPECTED: &str = "entries like \"tue-fri 09:00-18:00, sat 09:00-13:00\"";
        let mut days: [Vec<(NaiveTime, NaiveTime)>; 7] = Default::default();
        for entry in text.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let bad = || Error::invalid(field, entry, EXPECTED);
            let (day_spec, range) = entry.split_once(' ').ok_or_else(bad)?;
            let (open, close) = range.trim().split_once('-').ok_or_else(bad)?;
            let open = parse_time(field, open)?;
            let close = parse_time(field, close)?;
            if close <= open {
                return Err(Error::invalid(
                    field,
                    entry,
                    "a closing time after the opening time",
                ));
            }
            for day in parse_day_range(field, day_spec)? {
                days[day.num_days_from_monday() as usize].push((open, close));
            }
        }
        if days.iter().all(Vec::is_empty) {
            return Err(Error::invalid(field, text, EXPECTED));
        }
        Ok(ClinicHours { days })
    }

    fn on(&self, day: Weekday) -> &[(NaiveTime, NaiveTime)] {
        &self.days[day.num_days_from_monday() as usize]
    }
}

/// `tue-fri` or anything [`parse_days`] reads.
fn parse_day_range(field: &str, spec: &str) -> Result<Vec<Weekday>> {
    match spec.split_once('-') {
        Some((a, b)) if !matches!(spec, "weekdays" | "weekends") => {
            let first = parse_days(field, a)?;
            let last = parse_days(field, b)?;
            let (Some(first), Some(last)) = (first.first(), last.first()) else {
                return Err(Error::invalid(field, spec, "a day range such as tue-fri"));
            };
            let mut day = *first;
            let mut out = vec![day];
            while day != *last {
                day = day.succ();
                out.push(day);
            }
            Ok(out)
        }
        _ => parse_days(field, spec),
    }
}

/// What a protected event needs from the recovery.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Needs {
    /// A race or competition: the full routine must be back (the last stage).
    FullStage,
    /// A photo shoot or wedding: results must have shown (the follow-up / results day).
    Results,
}

/// An event the appointment must not spoil.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Protect {
    /// When.
    #[serde(serialize_with = "rfc3339::ser")]
    pub at: DateTime<Zone>,
    /// What (`half marathon`).
    pub label: String,
    /// What it needs.
    pub needs: Needs,
}

impl Protect {
    /// Parses `YYYY-MM-DD HH:MM LABEL` in `tz`. Labels with one of the protocol's results
    /// words (photo, shoot, wedding... in the built-in one) need the results; anything else
    /// needs the full routine.
    pub fn parse(field: &str, text: &str, tz: Zone, protocol: &Protocol) -> Result<Self> {
        const EXPECTED: &str =
            "\"YYYY-MM-DD HH:MM LABEL\", e.g. \"2026-12-20 08:00 half marathon\"";
        let mut parts = text.trim().splitn(3, ' ');
        let (Some(date), Some(time)) = (parts.next(), parts.next()) else {
            return Err(Error::invalid(field, text, EXPECTED));
        };
        let label = parts.next().unwrap_or("protected event").trim().to_string();
        crate::input::limits::chars(field, &label, crate::input::limits::MAX_NAME_CHARS)?;
        let local =
            chrono::NaiveDateTime::parse_from_str(&format!("{date} {time}"), "%Y-%m-%d %H:%M")
                .map_err(|_| Error::invalid(field, text, EXPECTED))?;
        let at = resolve_appointment(field, local, tz, crate::tz::Fold::Earlier)?;
        Ok(Protect {
            at,
            needs: if protocol.protect.needs_results(&label) {
                Needs::Results
            } else {
                Needs::FullStage
            },
            label,
        })
    }
}

/// What to search.
#[derive(Clone, Debug)]
pub struct Request {
    /// The clinic's (and person's) zone.
    pub tz: Zone,
    /// First day, inclusive.
    pub from: NaiveDate,
    /// Last day, inclusive.
    pub to: NaiveDate,
    /// Opening hours.
    pub hours: ClinicHours,
    /// Appointment length.
    pub minutes: u32,
    /// Distance between candidate start times.
    pub step: Duration,
    /// Events the recovery must not spoil.
    pub protect: Vec<Protect>,
    /// How many suggestions to return.
    pub top: usize,
    /// At most this many suggestions on one day (0: no limit), so the options spread out.
    pub per_day: usize,
    /// Sweat level for the plans.
    pub sweat: Sweat,
    /// The current time: no slot before it is offered.
    pub now: DateTime<chrono::Utc>,
    /// How times read in the reasons.
    pub style: crate::units::week::TimeStyle,
}

/// One habitual session a slot's recovery touches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Cost {
    /// Workout name.
    pub name: String,
    /// When it would have been.
    #[serde(serialize_with = "rfc3339::ser")]
    pub start: DateTime<Zone>,
    /// What happens to it.
    pub outcome: Outcome,
    /// What it becomes, in a few words (`20 min walk`, `lighter`, `skipped`).
    pub becomes: String,
    /// The training it loses (see [`load`]), doubled for the week's big workout: its share of
    /// the score.
    pub points: u32,
}

/// A suggested slot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// Start.
    #[serde(serialize_with = "rfc3339::ser")]
    pub start: DateTime<Zone>,
    /// End.
    #[serde(serialize_with = "rfc3339::ser")]
    pub end: DateTime<Zone>,
    /// Recovery cost, the training the recovery takes away (see [`load`]); lower is better.
    pub score: u32,
    /// The training the recovery takes away, as a percentage of the routine's week.
    pub week_share: u32,
    /// One line a person understands.
    pub reason: String,
    /// No habitual workout that day.
    pub rest_day: bool,
    /// The day after the week's big workout.
    pub day_after_big: bool,
    /// The sessions the recovery touches.
    pub costs: Vec<Cost>,
}

/// A range of slots ruled out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Excluded {
    /// First excluded slot's start.
    #[serde(serialize_with = "rfc3339::ser")]
    pub from: DateTime<Zone>,
    /// Last excluded slot's start.
    #[serde(serialize_with = "rfc3339::ser")]
    pub to: DateTime<Zone>,
    /// Why.
    pub reason: String,
}

/// The answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Suggestions {
    /// Best first.
    pub suggestions: Vec<Suggestion>,
    /// Ranges ruled out by protected events, merged.
    pub excluded: Vec<Excluded>,
    /// The protected events and what each needs.
    pub protect: Vec<Protect>,
    /// How many slots were planned and scored.
    pub candidates: usize,
    /// Things to know (no habits given...).
    pub notes: Vec<String>,
}

/// A session's training load: minutes times its intensity (light 1, moderate 2, vigorous 3).
/// A scaled session counts two thirds (the protocol's "60-70 % of your usual..."); a replaced
/// one counts the replacement's minutes at its own intensity; a skipped one nothing.
pub fn load(minutes: u32, intensity: Intensity) -> f64 {
    let weight = match intensity {
        Intensity::Light => 1.0,
        Intensity::Moderate => 2.0,
        Intensity::Vigorous => 3.0,
    };
    f64::from(minutes) * weight
}

/// The share of its load a scaled session keeps.
const SCALED_SHARE: f64 = 2.0 / 3.0;

/// How much heavier the week's big workout weighs in the score.
const BIG_WEIGHT: f64 = 2.0;

/// The training a session loses to the recovery, unweighted, and what it becomes in words.
fn lost(session: &Session, routine: &Routine) -> (f64, String) {
    let intensity = routine
        .workouts
        .iter()
        .find(|w| w.name == session.name && w.activity == session.activity)
        .map(|w| w.intensity)
        .or_else(|| {
            routine
                .catalogue
                .get(&session.activity)
                .map(|a| a.intensity)
        })
        .unwrap_or(Intensity::Moderate);
    let usual = load(session.minutes, intensity);
    let (planned, becomes) = match session.outcome {
        Outcome::Keep => (usual, "unchanged".to_string()),
        Outcome::Scale => (usual * SCALED_SHARE, "lighter".to_string()),
        Outcome::Replace => {
            let instead = session
                .instead
                .as_deref()
                .and_then(|id| routine.catalogue.get(id));
            let planned = instead.map_or(0.0, |a| {
                load(
                    session.instead_minutes.unwrap_or(session.minutes),
                    a.intensity,
                )
            });
            // "20 min mobility", "20 min stretches": no article to get wrong.
            let becomes = match instead {
                Some(a) => format!(
                    "{} min {}",
                    session.instead_minutes.unwrap_or(session.minutes),
                    a.title_name()
                ),
                None => "something easier".to_string(),
            };
            (planned.min(usual), becomes)
        }
        Outcome::Skip => (0.0, "skipped".to_string()),
    };
    ((usual - planned).max(0.0), becomes)
}

/// Whether `cost` is a session of the weekly workout `w` (its name, on one of its days: two
/// workouts may share a name).
fn is_session_of(w: &Workout, cost: &Cost) -> bool {
    w.name == cost.name && w.days.contains(&cost.start.weekday())
}

/// "1 slot", "3 slots".
pub fn slots(n: usize) -> String {
    if n == 1 {
        "1 slot".to_string()
    } else {
        format!("{n} slots")
    }
}

/// "was" for one, "were" for more.
fn were(n: usize) -> &'static str {
    if n == 1 { "was" } else { "were" }
}

/// The routine's training in one week (weekly workouts only).
fn weekly_load(routine: &Routine) -> f64 {
    routine
        .workouts
        .iter()
        .map(|w| load(w.minutes, w.intensity) * w.days.len() as f64)
        .sum()
}

/// The week's big workouts: those marked `big`, else the hardest, then longest.
pub fn big_workouts(routine: &Routine) -> Vec<&Workout> {
    let marked: Vec<&Workout> = routine.workouts.iter().filter(|w| w.big).collect();
    if !marked.is_empty() {
        return marked;
    }
    routine
        .workouts
        .iter()
        .max_by_key(|w| (w.intensity, w.minutes))
        .into_iter()
        .collect()
}

/// Plans every candidate slot and returns the best `top`, with the ranges ruled out.
pub fn suggest(request: &Request, routine: &Routine, protocol: &Protocol) -> Result<Suggestions> {
    check_request(request, protocol)?;
    check_work(request, routine)?;
    let big = big_workouts(routine);
    let big_names: Vec<&str> = big.iter().map(|w| w.name.as_str()).collect();
    let big_days: Vec<Weekday> = big.iter().flat_map(|w| w.days.iter().copied()).collect();
    let training_days: Vec<Weekday> = routine
        .workouts
        .iter()
        .flat_map(|w| w.days.iter().copied())
        .collect();
    let fixed_dates: Vec<NaiveDate> = routine
        .fixed
        .iter()
        .map(|f| f.start.with_timezone(&request.tz).date_naive())
        .collect();

    let week = weekly_load(routine);
    let mut scored = Vec::new();
    let mut excluded: Vec<Excluded> = Vec::new();
    let mut last_was_excluded = false;
    let (mut candidates, mut past, mut clashing) = (0, 0, 0);
    let busy = busy_times(request, routine);
    for start in candidate_starts(request) {
        if start.with_timezone(&chrono::Utc) < request.now {
            past += 1;
            continue;
        }
        let end = start + Duration::minutes(request.minutes.into());
        if busy.iter().any(|(from, to)| *from < end && start < *to) {
            clashing += 1;
            continue;
        }
        candidates += 1;
        let appointment = Appointment::new(start, request.minutes)?;
        let plan = plan::plan(&appointment, routine, protocol, request.sweat);
        if let Some(reason) = conflict(&plan, &request.protect, request.style) {
            match excluded.last_mut() {
                Some(range) if last_was_excluded && range.reason == reason => range.to = start,
                _ => excluded.push(Excluded {
                    from: start,
                    to: start,
                    reason,
                }),
            }
            last_was_excluded = true;
            continue;
        }
        last_was_excluded = false;
        let mut lost_in_all = 0.0;
        let costs: Vec<Cost> = plan
            .sessions
            .iter()
            .filter(|s| s.outcome != Outcome::Keep)
            .map(|s| {
                let (lost, becomes) = lost(s, routine);
                lost_in_all += lost;
                let weight = if big_names.contains(&s.name.as_str()) {
                    BIG_WEIGHT
                } else {
                    1.0
                };
                Cost {
                    name: s.name.clone(),
                    start: s.start,
                    outcome: s.outcome,
                    becomes,
                    points: (lost * weight).round() as u32,
                }
            })
            .collect();
        let day = start.weekday();
        scored.push(Suggestion {
            start,
            end: appointment.end(),
            score: costs.iter().map(|c| c.points).sum(),
            week_share: if week > 0.0 {
                (lost_in_all / week * 100.0).round() as u32
            } else {
                0
            },
            reason: String::new(),
            rest_day: !training_days.contains(&day) && !fixed_dates.contains(&start.date_naive()),
            day_after_big: big_days.contains(&day.pred()),
            costs,
        });
    }
    // Ties go to rest days, then to the day after the big workout, then to the earliest slot.
    scored.sort_by_key(|s| (s.score, !s.rest_day, !s.day_after_big, s.start));
    let mut per_day: std::collections::HashMap<NaiveDate, usize> = Default::default();
    scored.retain(|s| {
        let n = per_day.entry(s.start.date_naive()).or_default();
        *n += 1;
        request.per_day == 0 || *n <= request.per_day
    });
    scored.truncate(request.top);
    for s in &mut scored {
        s.reason = reason(s, &big, request.style);
    }

    // How free words were read as activities, as a plan says it.
    let mut notes: Vec<String> = routine
        .readings
        .iter()
        .map(|r| r.note(&protocol.wording))
        .collect();
    if routine.is_empty() {
        notes.push(
            "No workouts given: every day counts as a rest day, so the earliest slots come first."
                .to_string(),
        );
    }
    if past > 0 {
        notes.push(format!(
            "{} before now {} left out.",
            slots(past),
            were(past)
        ));
    }
    if clashing > 0 {
        notes.push(format!(
            "{} that overlap one of your usual workouts {} left out.",
            slots(clashing),
            were(clashing)
        ));
    }
    if scored.is_empty() && candidates > 0 {
        notes.push("Every slot in the range is ruled out by a protected event.".to_string());
    } else if candidates == 0 {
        notes.push("No slot is left in the range: try later dates or other hours.".to_string());
    }
    Ok(Suggestions {
        suggestions: scored,
        excluded,
        protect: request.protect.clone(),
        candidates,
        notes,
    })
}

/// The person's usual workouts as instants, from the day before `from` to `to`: weekly ones at
/// their local time each day (the day before too, for one that runs past midnight), and dated
/// ones from a calendar export. Worked out once per request, not per candidate slot.
fn busy_times(request: &Request, routine: &Routine) -> Vec<(DateTime<Zone>, DateTime<Zone>)> {
    let first = request.from.pred_opt().unwrap_or(request.from);
    let weekly = first
        .iter_days()
        .take_while(|day| *day <= request.to)
        .flat_map(|day| {
            routine
                .workouts
                .iter()
                .filter(move |w| w.days.contains(&day.weekday()))
                .map(move |w| {
                    let (from, _) = crate::tz::resolve_recurring(day.and_time(w.at), request.tz);
                    (from, from + Duration::minutes(w.minutes.into()))
                })
        });
    let dated = routine.fixed.iter().map(|f| {
        let from = f.start.with_timezone(&request.tz);
        (from, from + Duration::minutes(f.minutes.into()))
    });
    weekly.chain(dated).collect()
}

fn check_request(request: &Request, protocol: &Protocol) -> Result<()> {
    for (field, date) in [("from", request.from), ("to", request.to)] {
        crate::units::check_year(field, date, date.year())?;
        crate::tz::check_supported_date(field, date, date, request.tz)?;
    }
    if request.to < request.from {
        return Err(Error::invalid(
            "to",
            request.to.to_string(),
            format!("a date on or after the first day ({})", request.from),
        ));
    }
    if (request.to - request.from).num_days() + 1 > MAX_RANGE_DAYS {
        return Err(Error::invalid(
            "to",
            request.to.to_string(),
            format!(
                "a range of at most {MAX_RANGE_DAYS} days from the first day ({})",
                request.from
            ),
        ));
    }
    if request.step < Duration::minutes(5) || request.step > Duration::days(1) {
        return Err(Error::invalid(
            "step",
            crate::units::duration::format(request.step),
            "a step from 5m to 24h",
        ));
    }
    crate::input::limits::count(
        "protect",
        request.protect.len(),
        crate::input::limits::MAX_PROTECTED,
        "events",
    )?;
    if request.top == 0 {
        return Err(Error::invalid("top", "0", "at least 1"));
    }
    if candidate_starts(request).next().is_none() {
        return Err(Error::invalid(
            "clinic-hours",
            "(the given hours)",
            format!(
                "hours that open on some day from {} to {} long enough for a {}-minute appointment",
                request.from, request.to, request.minutes
            ),
        ));
    }
    // A protected event can only conflict with a slot before it, and only within the longest
    // recovery a slot in the range can have; outside that it is most likely a typo.
    let horizon = longest_need(protocol);
    for p in &request.protect {
        let first = request.from.and_time(NaiveTime::MIN);
        let last = request.to.and_time(NaiveTime::MIN) + Duration::days(1) + horizon;
        let local = p.at.naive_local();
        if local < first || local > last {
            return Err(Error::invalid(
                "protect",
                format!("{} {}", p.at.format("%Y-%m-%d %H:%M"), p.label),
                format!(
                    "an event from {} to {} (no slot in the range can affect it otherwise)",
                    request.from,
                    last.date()
                ),
            ));
        }
    }
    Ok(())
}

/// Refuses a search whose candidates times the routine's sessions exceed
/// [`MAX_SUGGEST_WORK`](crate::input::limits::MAX_SUGGEST_WORK), before any is planned: the
/// search's time grows with both, and the person can narrow either.
fn check_work(request: &Request, routine: &Routine) -> Result<()> {
    use crate::input::limits::MAX_SUGGEST_WORK;
    let sessions: usize =
        routine.workouts.iter().map(|w| w.days.len()).sum::<usize>() + routine.fixed.len() + 1;
    let budget = MAX_SUGGEST_WORK / sessions;
    // Counting is cheap next to planning (the range and the step bound it to 105,408).
    let candidates = candidate_starts(request).count();
    if candidates > budget {
        return Err(Error::Limit {
            field: "step".to_string(),
            found: format!(
                "{candidates} start times ({} to {}, every {}) for a routine of {} sessions",
                request.from,
                request.to,
                crate::units::duration::format(request.step),
                sessions - 1
            ),
            limit: format!(
                "{budget} for that routine: a shorter range, a longer step or fewer clinic hours"
            ),
        });
    }
    Ok(())
}

/// The longest time from T0 that a protected event may need.
fn longest_need(protocol: &Protocol) -> Duration {
    protocol
        .reminders
        .iter()
        .map(|r| r.at)
        .chain(
            protocol
                .rules
                .iter()
                .map(|r| r.heavy_duration.unwrap_or(r.duration)),
        )
        .max()
        .unwrap_or_default()
        .max(Duration::days(14))
}

/// Candidate start instants in order: each day's opening ranges, every `step`, as long as the
/// appointment ends by closing time. Local times in a DST gap or fold are left out: a front desk
/// should not offer a time that does not exist or that happens twice.
fn candidate_starts(request: &Request) -> impl Iterator<Item = DateTime<Zone>> + '_ {
    let length = Duration::minutes(request.minutes as i64);
    request
        .from
        .iter_days()
        .take_while(move |d| *d <= request.to)
        .flat_map(move |date| {
            request
                .hours
                .on(date.weekday())
                .iter()
                .flat_map(move |(open, close)| {
                    let mut times = Vec::new();
                    let mut t = date.and_time(*open);
                    let close = date.and_time(*close);
                    while t + length <= close {
                        times.push(t);
                        t += request.step;
                    }
                    times
                })
        })
        .filter_map(move |local| {
            chrono::TimeZone::from_local_datetime(&request.tz, &local).single()
        })
}

/// Why a slot's recovery spoils a protected event, if it does.
fn conflict(
    plan: &Plan,
    protect: &[Protect],
    style: crate::units::week::TimeStyle,
) -> Option<String> {
    protect.iter().find_map(|p| {
        if p.at < plan.appointment.start {
            return None;
        }
        let (ready, what) = match p.needs {
            Needs::FullStage => (
                plan.stages.last().map(|s| s.start)?,
                "your full routine is back",
            ),
            Needs::Results => (
                plan.reminders
                    .iter()
                    .find(|r| r.kind == ReminderKind::FollowUp)
                    .map(|r| r.at)
                    .or(plan.stages.last().map(|s| s.start))?,
                "results have fully shown (photos)",
            ),
        };
        (p.at < ready).then(|| {
            format!(
                "{} on {} falls before {what}",
                p.label,
                style.when(p.at, p.at.naive_local().year())
            )
        })
    })
}

/// "Wed 2 Dec 10:00 — a training day; costs about 12 % of this week's training: Monday's HIIT
/// becomes 30 min cardio; Saturday's long run (your big workout) is untouched." A big workout
/// that is the costliest session is called so there, and not named twice.
fn reason(s: &Suggestion, big: &[&Workout], style: crate::units::week::TimeStyle) -> String {
    let day = if s.rest_day {
        "a rest day".to_string()
    } else if s.day_after_big {
        "the day after your big workout".to_string()
    } else {
        "a training day".to_string()
    };
    // The costliest session first, each named by its weekday.
    let mut costs: Vec<&Cost> = s.costs.iter().collect();
    costs.sort_by_key(|c| std::cmp::Reverse(c.points));
    let costs = match costs.as_slice() {
        [] => "costs no training".to_string(),
        [first, rest @ ..] => {
            let said = |c: &Cost| {
                let is_big = big.iter().any(|w| is_session_of(w, c));
                format!(
                    "{}'s {}{} {}",
                    full_day(c.start.weekday()),
                    c.name,
                    if is_big { " (your big workout)" } else { "" },
                    match c.outcome {
                        Outcome::Skip => "is skipped".to_string(),
                        Outcome::Scale => "is lighter".to_string(),
                        _ => format!("becomes {}", c.becomes),
                    }
                )
            };
            let share = if s.week_share == 0 {
                "costs little of this week's training".to_string()
            } else {
                format!("costs about {} % of this week's training", s.week_share)
            };
            match rest.len() {
                0 => format!("{share}: {}", said(first)),
                n => format!("{share}: {} (and {n} more)", said(first)),
            }
        }
    };
    let year = s.start.naive_local().year();
    let mut line = format!("{} — {day}; {costs}", style.when(s.start, year));
    // The one `costs` names first (the first of the costliest, as the stable sort puts it).
    let costliest = s.costs.iter().rev().max_by_key(|c| c.points);
    for w in big
        .iter()
        .filter(|w| !costliest.is_some_and(|c| is_session_of(w, c)))
    {
        let touched = s.costs.iter().any(|c| c.name == w.name);
        // "Saturday's long run", but not "Saturday's Saturday run".
        let when = match w.days.as_slice() {
            [one]
                if !w
                    .name
                    .to_lowercase()
                    .contains(&full_day(*one).to_lowercase()) =>
            {
                format!("{}'s", full_day(*one))
            }
            _ => "the".to_string(),
        };
        line.push_str(&format!(
            "; {when} {} (your big workout) is {}",
            w.name,
            if touched { "affected" } else { "untouched" }
        ));
    }
    line
}
