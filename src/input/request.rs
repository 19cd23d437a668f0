//! A plan request in the command line's words, as one value: what the web app's form and JSON
//! API take, and what it stores to plan again after a setback (`aftercare serve`).
//!
//! The fields are the `plan` command's flags: `at` is read like `--at`, `workouts` like
//! `--workout`, `habits` is a habits file's content as a JSON object, and so on. Errors name
//! these fields.
//!
//! ```
//! use aftercare::input::request::PlanRequest;
//! use aftercare::model::Protocol;
//!
//! let request: PlanRequest = serde_json::from_str(r#"{
//!     "at": "2027-02-05 16:00", "tz": "Europe/London", "minutes": 30,
//!     "workouts": ["mon,wed,fri 18:00 60m weights"], "sweat": "heavy"
//! }"#).unwrap();
//! let protocol = Protocol::builtin();
//! let plan = request.prepare(&protocol).unwrap().plan(&protocol);
//! assert_eq!(plan.appointment.tz.name(), "Europe/London");
//! assert!(!plan.sessions.is_empty());
//!
//! let bad: PlanRequest = serde_json::from_str(r#"{"at": "2027-02-30 16:00", "tz": "UTC"}"#).unwrap();
//! assert_eq!(bad.prepare(&protocol).unwrap_err().field(), Some("at"));
//! ```

use chrono::DateTime;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::input::limits::{
    self, MAX_AREAS, MAX_DATED_SESSIONS, MAX_NAME_CHARS, MAX_SETBACKS, MAX_WORKOUTS,
};
use crate::input::when::parse_date_time;
use crate::model::{Appointment, FixedSession, Plan, Protocol, Routine, Sweat};
use crate::plan::{Options, plan_with};
use crate::tz::{Fold, Zone, parse_zone};
use crate::units::week::TimeStyle;

/// What a plan is made from, field by field as the `plan` command's flags.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanRequest {
    /// The appointment's local start, `YYYY-MM-DD HH:MM` (or RFC 3339).
    pub at: String,
    /// IANA time zone.
    pub tz: String,
    /// The appointment's length in minutes (1 to 720; 30 when not given).
    #[serde(default = "default_minutes")]
    pub minutes: i64,
    /// Which instant a time that happens twice means (`earlier` or `later`); refused otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fold: Option<Fold>,
    /// Weekly workouts, each `DAYS HH:MM DURATION ACTIVITY`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub workouts: Vec<String>,
    /// A habits file's content, as a JSON object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub habits: Option<serde_json::Value>,
    /// Dated workouts, as read from a calendar export.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sessions: Vec<FixedSession>,
    /// `light`, `moderate` or `heavy` (the habits' value, else moderate, when not given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sweat: Option<String>,
    /// Treated area ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<String>,
    /// Product id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// Keep the procedure's name out of the calendar's titles.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub discreet: bool,
    /// A touch-up visit of a recent treatment (`--touch-up`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub touch_up: bool,
    /// The protocol's name, when the server offers several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// `12h` or `24h` (24-hour when not given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock: Option<String>,
    /// Times the swelling increased (setbacks), local like `at`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub setbacks: Vec<String>,
    /// When the person exercised too soon, local like `at`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oops: Option<String>,
    /// What they did then: an activity id or a few words (`hot yoga`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oops_activity: Option<String>,
    /// The provider's changes for this patient, each `RULE DURATION` (`heat 72h`): that rule's
    /// window lasts this long, whatever the sweat level (1 minute to 366 days), on the
    /// protocol in force.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adjust: Vec<String>,
    /// Why (`because of today's dose`): shown to the patient with the instruction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adjust_reason: Option<String>,
    /// The patient's language (`es`, `pt-BR`; English when not given): the plan, its page,
    /// calendar, e-mails and follow-ups all speak it. Kept with the plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<crate::i18n::Lang>,
}

/// The most adjustments one plan takes.
const MAX_ADJUSTMENTS: usize = 8;

/// The longest adjusted window, as for a protocol's rules.
const MAX_ADJUSTED_DAYS: i64 = 366;

fn default_minutes() -> i64 {
    30
}

/// A request read and checked: everything the planner needs.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// The appointment, with its areas and product.
    pub appointment: Appointment,
    /// The routine.
    pub routine: Routine,
    /// Sweat level, setbacks and the reader's style.
    pub options: Options,
    /// The product's name for titles (`Botox` when none is given).
    pub procedure: String,
    /// Keep the procedure's name out of titles.
    pub discreet: bool,
    /// When the person exercised too soon, if they said so.
    pub oops: Option<DateTime<Zone>>,
    /// What they did then, with the plan's sweat level: for the check-ins.
    pub exercise: crate::plan::oops::Exercise,
    /// The protocol with the provider's adjustments for this patient, when there are any.
    pub adjusted: Option<Protocol>,
    /// The adjustments, as the patient reads them.
    pub instructions: Vec<String>,
}

impl Prepared {
    /// The plan (with the provider's adjustments, when there are any, in place of
    /// `protocol`'s rules, and said in its notes).
    pub fn plan(&self, protocol: &Protocol) -> Plan {
        let protocol = self.adjusted.as_ref().unwrap_or(protocol);
        let mut plan = plan_with(&self.appointment, &self.routine, protocol, &self.options);
        plan.notes.extend(self.instructions.iter().cloned());
        plan
    }
}

/// The protocol in force with the provider's adjustments (`heat 72h`, `alcohol 48h`): each
/// rule's length, and its "why" opened by the instruction the patient reads (returned too),
/// in the protocol's language. Errors name the field `adjust` (or `adjust_reason`) and the
/// value.
fn adjusted(
    protocol: &Protocol,
    given: &[String],
    reason: Option<&str>,
    sweat: Sweat,
) -> Result<(Option<Protocol>, Vec<String>)> {
    use crate::units::duration;
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if given.is_empty() {
        return match reason {
            Some(r) => Err(Error::invalid(
                "adjust_reason",
                r,
                "a reason given with an adjustment (adjust, such as heat 72h)",
            )),
            None => Ok((None, Vec::new())),
        };
    }
    limits::count("adjust", given.len(), MAX_ADJUSTMENTS, "adjustments")?;
    if let Some(r) = reason {
        crate::deliver::mail::check_header_text("adjust_reason", r)?;
    }
    // Changed on the protocol in force itself (a clinic's, in the plan's language), never on
    // the built-in one: only the rule's length and its "why" change.
    let mut adjusted = protocol.clone();
    let mut instructions = Vec::new();
    for a in given {
        let shape = || Error::invalid("adjust", a, "a rule and a duration, such as heat 72h");
        let (id, length) = a.trim().split_once(char::is_whitespace).ok_or_else(shape)?;
        let rule = protocol.rule(id).ok_or_else(|| {
            Error::invalid(
                "adjust",
                a,
                format!(
                    "one of the protocol's rules: {}",
                    protocol
                        .rules
                        .iter()
                        .map(|r| r.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })?;
        let new = duration::parse("adjust", length.trim())?;
        if new <= chrono::Duration::zero() || new > chrono::Duration::days(MAX_ADJUSTED_DAYS) {
            return Err(Error::invalid(
                "adjust",
                a,
                format!("a duration from 1 minute to {MAX_ADJUSTED_DAYS} days"),
            ));
        }
        // How it reads for the patient, in the plan's notes and in the window's "why" (page,
        // calendar, text), in the protocol's language.
        let instruction = crate::units::capitalise(&protocol.lang.tr(
            "adjust-instruction",
            &[
                ("title", &rule.title),
                ("new", &duration::format(new)),
                ("old", &duration::format(rule.duration_for(sweat))),
                (
                    "reason",
                    &reason.map_or(String::new(), |r| format!(", {r}")),
                ),
            ],
        ));
        if let Some(changed) = adjusted.rules.iter_mut().find(|r| r.id == rule.id) {
            changed.duration = new;
            if changed.heavy_duration.is_some() {
                changed.heavy_duration = Some(new);
            }
            changed.why = format!("{instruction} {}", rule.why);
        }
        instructions.push(instruction);
    }
    Ok((Some(adjusted), instructions))
}

impl PlanRequest {
    /// Reads and checks every field against `protocol`; the first error names its field.
    pub fn prepare(&self, protocol: &Protocol) -> Result<Prepared> {
        let zone = parse_zone("tz", self.tz.trim())?;
        let minutes =
            crate::units::check_minutes("minutes", self.minutes, "an appointment length")?;
        let fold = self.fold.unwrap_or_default();
        let start = parse_date_time("at", &self.at, zone, true, fold)?;
        let mut appointment = Appointment::new(start, minutes)?;
        let (areas, product) = treated(
            protocol,
            ("areas", &self.areas),
            self.product.as_deref().map(|p| ("product", p)),
        )?;
        appointment.areas = areas;
        appointment.product = product;
        appointment.touch_up = self.touch_up;

        let routine = routine(self.habits.as_ref(), &self.workouts, &self.sessions)?;

        let sweat = sweat(self.sweat.as_deref(), &routine)?;
        let style = style(self.clock.as_deref())?.with_lang(protocol.lang);
        let at = |field: &str, text: &str| {
            appointment.check_after_end(
                field,
                text,
                parse_date_time(field, text, zone, true, fold)?,
            )
        };
        limits::count("setbacks", self.setbacks.len(), MAX_SETBACKS, "setbacks")?;
        let setbacks = self
            .setbacks
            .iter()
            .map(|s| at("setbacks", s))
            .collect::<Result<Vec<_>>>()?;
        let oops = self.oops.as_deref().map(|s| at("oops", s)).transpose()?;
        let did = self
            .oops_activity
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(|s| routine.catalogue.read("oops_activity", s))
            .transpose()?;
        let exercise = crate::plan::oops::Exercise {
            sweat: Some(sweat),
            activity: did.as_ref().map(|(a, _)| (*a).clone()),
            reading: did.and_then(|(_, reading)| reading),
            stages: Vec::new(),
        };
        let (adjusted, instructions) =
            adjusted(protocol, &self.adjust, self.adjust_reason.as_deref(), sweat)?;
        let procedure = appointment
            .product
            .as_deref()
            .and_then(|id| protocol.products.iter().find(|p| p.id == id))
            .map_or("Botox".to_string(), |p| p.name.clone());
        Ok(Prepared {
            appointment,
            routine,
            options: Options {
                sweat,
                setbacks,
                next_treatment: false,
                style,
            },
            procedure,
            discreet: self.discreet,
            oops,
            exercise,
            adjusted,
            instructions,
        })
    }
}

/// The treated area ids and product id of an appointment, looked up in `protocol` (case and
/// spaces ignored): `areas` and `product` are `(field, value)`. An empty area id is refused,
/// never read as "every area", and a blank product, never read as the default one.
pub fn treated(
    protocol: &Protocol,
    areas: (&str, &[String]),
    product: Option<(&str, &str)>,
) -> Result<(Vec<String>, Option<String>)> {
    let (field, given) = areas;
    limits::count(field, given.len(), MAX_AREAS, "areas")?;
    let ids: Vec<String> = given
        .iter()
        .map(|a| a.trim().to_ascii_lowercase())
        .collect();
    if ids.iter().any(String::is_empty) {
        return Err(Error::invalid(
            field,
            given.join(","),
            "area ids, comma-separated (see `aftercare protocol`)",
        ));
    }
    let areas = protocol
        .lookup_areas(field, &ids)?
        .iter()
        .map(|a| a.id.clone())
        .collect();
    // A blank product is refused, never read as the default one: the titles would name a
    // product nobody gave.
    let product = product
        .map(|(field, p)| match p.trim() {
            "" => Err(Error::invalid(
                field,
                p,
                format!(
                    "a product id ({}); leave it out when not known",
                    protocol
                        .products
                        .iter()
                        .map(|p| p.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
            id => protocol.lookup_product(field, &id.to_ascii_lowercase()),
        })
        .transpose()?
        .map(|p| p.id.clone());
    Ok((areas, product))
}

/// The routine of a request: a habits file's content (a JSON object), weekly workouts and
/// dated sessions; errors name `habits`, `workouts` or `sessions`.
fn routine(
    habits: Option<&serde_json::Value>,
    workouts: &[String],
    sessions: &[FixedSession],
) -> Result<Routine> {
    let mut routine = match habits {
        Some(habits) => Routine::from_json("habits", habits)?,
        None => Routine::default(),
    };
    // Counted before any is read: 1,440 of them are refused at once.
    limits::count("workouts", workouts.len(), MAX_WORKOUTS, "workouts")?;
    for spec in workouts {
        routine
            .add_workout(spec)
            .map_err(|e| e.map_field(|_| "workouts".into()))?;
    }
    limits::count(
        "sessions",
        sessions.len(),
        MAX_DATED_SESSIONS,
        "dated sessions",
    )?;
    for session in sessions {
        limits::chars("sessions", &session.name, MAX_NAME_CHARS)?;
        if routine.catalogue.get(&session.activity).is_none() {
            return Err(Error::invalid(
                "sessions",
                &session.activity,
                "an activity id (see `aftercare activities`)",
            ));
        }
        crate::units::check_minutes("sessions", session.minutes.into(), "a workout length")?;
    }
    routine.fixed.extend(sessions.iter().cloned());
    Ok(routine)
}

/// The sweat level: the field's, else the habits', else moderate.
fn sweat(given: Option<&str>, routine: &Routine) -> Result<Sweat> {
    Ok(given
        .map(|s| s.trim().to_ascii_lowercase().parse::<Sweat>())
        .transpose()?
        .or(routine.sweat)
        .unwrap_or_default())
}

/// The reader's clock: `12h` or `24h` (the default).
fn style(clock: Option<&str>) -> Result<TimeStyle> {
    Ok(TimeStyle {
        twelve_hour: match clock.map(str::trim) {
            None | Some("") | Some("24h") => false,
            Some("12h") => true,
            Some(other) => return Err(Error::invalid("clock", other, "12h or 24h")),
        },
        month_first: false,
        lang: crate::i18n::Lang::En,
    })
}

/// A request for appointment suggestions, field by field as the `suggest` command's flags.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuggestRequest {
    /// First day to consider, `YYYY-MM-DD`.
    pub from: String,
    /// Last day, inclusive.
    pub to: String,
    /// IANA time zone.
    pub tz: String,
    /// The appointment's length in minutes (30 when not given).
    #[serde(default = "default_minutes")]
    pub minutes: i64,
    /// Opening hours (`tue-fri 09:00-18:00, sat 09:00-13:00`; every day 09:00-18:00 when not
    /// given).
    #[serde(default)]
    pub clinic_hours: Option<String>,
    /// Distance between candidate start times (`30m` when not given).
    #[serde(default)]
    pub step: Option<String>,
    /// Events the recovery must not spoil, `YYYY-MM-DD HH:MM LABEL`.
    #[serde(default)]
    pub protect: Vec<String>,
    /// How many suggestions (5 when not given, at most 50).
    #[serde(default)]
    pub top: Option<usize>,
    /// At most this many on one day (1 when not given; 0: no limit).
    #[serde(default)]
    pub per_day: Option<usize>,
    /// Weekly workouts, each `DAYS HH:MM DURATION ACTIVITY`.
    #[serde(default)]
    pub workouts: Vec<String>,
    /// A habits file's content, as a JSON object.
    #[serde(default)]
    pub habits: Option<serde_json::Value>,
    /// `light`, `moderate` or `heavy`.
    #[serde(default)]
    pub sweat: Option<String>,
    /// `12h` or `24h`.
    #[serde(default)]
    pub clock: Option<String>,
}

impl SuggestRequest {
    /// Reads and checks every field: the suggestion request (slots before `now` are not
    /// offered) and the routine it is scored against.
    pub fn prepare(
        &self,
        protocol: &Protocol,
        now: DateTime<chrono::Utc>,
    ) -> Result<(crate::plan::suggest::Request, Routine)> {
        use crate::plan::suggest::{ClinicHours, Protect, Request};
        let tz = parse_zone("tz", self.tz.trim())?;
        let date = |field: &str, text: &str| {
            let date = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
                .map_err(|_| Error::invalid(field, text, "a date YYYY-MM-DD"))?;
            crate::units::check_year(field, text, chrono::Datelike::year(&date))?;
            Ok::<_, Error>(date)
        };
        let routine = routine(self.habits.as_ref(), &self.workouts, &[])?;
        let top = self.top.unwrap_or(5);
        if !(1..=50).contains(&top) {
            return Err(Error::invalid("top", top.to_string(), "1 to 50"));
        }
        let request = Request {
            tz,
            from: date("from", &self.from)?,
            to: date("to", &self.to)?,
            hours: ClinicHours::parse(
                "clinic_hours",
                self.clinic_hours.as_deref().unwrap_or("daily 09:00-18:00"),
            )?,
            minutes: crate::units::check_minutes("minutes", self.minutes, "an appointment length")?,
            step: crate::units::duration::parse("step", self.step.as_deref().unwrap_or("30m"))?,
            protect: self
                .protect
                .iter()
                .map(|p| Protect::parse("protect", p, tz, protocol))
                .collect::<Result<_>>()?,
            top,
            per_day: self.per_day.unwrap_or(1),
            sweat: sweat(self.sweat.as_deref(), &routine)?,
            now,
            style: style(self.clock.as_deref())?,
        };
        Ok((request, routine))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(json: serde_json::Value) -> PlanRequest {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn a_provider_s_adjustment_changes_one_rule_and_says_so() {
        let protocol = Protocol::builtin();
        let base = serde_json::json!({"at": "2027-02-05 14:00", "tz": "Europe/Madrid",
            "adjust": ["heat 72h"], "adjust_reason": "because of today's dose"});
        let plan = request(base.clone())
            .prepare(&protocol)
            .unwrap()
            .plan(&protocol);
        let heat = plan.windows.iter().find(|w| w.rule == "heat").unwrap();
        assert_eq!((heat.end - heat.start).num_hours(), 72);
        let said = "No heat for 72h instead of 48h: your provider's instruction for you, because of today's dose.";
        assert!(heat.why.starts_with(said), "{}", heat.why);
        assert!(plan.notes.iter().any(|n| n == said), "{:?}", plan.notes);
        let exercise = plan
            .windows
            .iter()
            .find(|w| w.rule == "strenuous-exercise")
            .unwrap();
        assert_eq!(
            (exercise.end - exercise.start).num_hours(),
            24,
            "the other rules stay"
        );
        // Heavy sweat has its own length for hard exercise: an adjustment sets both.
        let mut heavy = base.clone();
        heavy["sweat"] = "heavy".into();
        heavy["adjust"] = serde_json::json!(["strenuous-exercise 72h"]);
        let plan = request(heavy).prepare(&protocol).unwrap().plan(&protocol);
        let exercise = plan
            .windows
            .iter()
            .find(|w| w.rule == "strenuous-exercise")
            .unwrap();
        assert_eq!((exercise.end - exercise.start).num_hours(), 72);

        for (adjust, reason, field, expected) in [
            ("heat soon", None, "adjust", "a duration such as"),
            (
                "sauna 72h",
                None,
                "adjust",
                "one of the protocol's rules: upright,",
            ),
            ("heat", None, "adjust", "a rule and a duration"),
            ("heat 400d", None, "adjust", "from 1 minute to 366 days"),
            (
                "heat 72h",
                Some("a\nb"),
                "adjust_reason",
                "without line breaks",
            ),
        ] {
            let mut bad = base.clone();
            bad["adjust"] = serde_json::json!([adjust]);
            if let Some(r) = reason {
                bad["adjust_reason"] = r.into();
            }
            let err = request(bad).prepare(&protocol).unwrap_err();
            assert_eq!(err.field(), Some(field), "{adjust}: {err}");
            assert!(err.to_string().contains(expected), "{adjust}: {err}");
        }
        let mut alone = base;
        alone["adjust"] = serde_json::json!([]);
        let err = request(alone).prepare(&protocol).unwrap_err();
        assert_eq!(err.field(), Some("adjust_reason"), "{err}");
    }

    #[test]
    fn an_adjustment_keeps_the_protocol_in_force_and_its_language() {
        // A clinic's own change (alcohol for 48 hours) and the built-in texts in Spanish.
        let clinic = Protocol::builtin_in(crate::i18n::Lang::Es);
        let mut clinic = clinic.clone();
        clinic
            .rules
            .iter_mut()
            .find(|r| r.id == "alcohol")
            .unwrap()
            .duration = chrono::Duration::hours(48);
        let asked = request(serde_json::json!({
            "at": "2027-02-05 16:00", "tz": "Europe/Madrid",
            "adjust": ["heat 72h"], "adjust_reason": "por la dosis de hoy"
        }));
        let prepared = asked.prepare(&clinic).unwrap();
        let plan = prepared.plan(&clinic);
        assert_eq!(plan.lang, crate::i18n::Lang::Es);
        let note = plan.notes.iter().find(|n| n.contains("72h")).unwrap();
        assert!(
            note.contains("en lugar de") && note.contains("por la dosis de hoy"),
            "{note}"
        );
        let length = |id: &str| {
            let w = plan.windows.iter().find(|w| w.rule == id).unwrap();
            w.end - w.start
        };
        assert_eq!(length("heat"), chrono::Duration::hours(72));
        assert_eq!(
            length("alcohol"),
            chrono::Duration::hours(48),
            "the clinic's change stays"
        );
    }

    #[test]
    fn a_request_is_bounded_field_by_field() {
        let protocol = Protocol::builtin();
        let workout = serde_json::json!({"activity": "running", "days": "daily", "at": "06:00", "minutes": 30});
        let too_many = request(serde_json::json!({
            "at": "2027-02-05 16:00", "tz": "UTC",
            "habits": {"workout": vec![workout.clone(); 1440]}
        }));
        let err = too_many.prepare(&protocol).unwrap_err();
        assert_eq!(err.field(), Some("habits.workout"));
        assert_eq!(
            err.to_string(),
            "habits.workout: 1440 workouts; expected at most 50"
        );
        let setbacks: Vec<String> = (0..3000).map(|_| "2027-02-06 10:00".to_string()).collect();
        let err = request(serde_json::json!({
            "at": "2027-02-05 16:00", "tz": "UTC", "setbacks": setbacks
        }))
        .prepare(&protocol)
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "setbacks: 3000 setbacks; expected at most 20"
        );
        let mut named = workout.clone();
        named["name"] = "n".repeat(100_000).into();
        let err = request(serde_json::json!({
            "at": "2027-02-05 16:00", "tz": "UTC", "habits": {"workout": [named]}
        }))
        .prepare(&protocol)
        .unwrap_err();
        assert_eq!(err.field(), Some("habits.workout 1.name"));
        for (field, json) in [
            (
                "workouts",
                serde_json::json!({"workouts": vec!["mon 06:00 30m running"; 51]}),
            ),
            ("areas", serde_json::json!({"areas": vec!["forehead"; 21]})),
            (
                "oops_activity",
                serde_json::json!({"oops": "2027-02-05 18:00", "oops_activity": "y".repeat(201)}),
            ),
            (
                "sessions",
                serde_json::json!({"sessions": vec![serde_json::json!({
                "name": "Run", "activity": "running", "start": "2027-02-06T10:00:00Z", "minutes": 30
            }); 201]}),
            ),
            (
                "sessions",
                serde_json::json!({"sessions": [{
                    "name": "r".repeat(201), "activity": "running", "start": "2027-02-06T10:00:00Z", "minutes": 30
                }]}),
            ),
        ] {
            let mut json = json;
            json["at"] = "2027-02-05 16:00".into();
            json["tz"] = "UTC".into();
            let err = request(json).prepare(&protocol).unwrap_err();
            assert!(matches!(err, Error::Limit { .. }), "{err}");
            assert_eq!(err.field(), Some(field), "{err}");
        }
        // Other habits errors name their field inside `habits` too.
        let mut wrong = workout;
        wrong["at"] = "25:00".into();
        let err = request(serde_json::json!({
            "at": "2027-02-05 16:00", "tz": "UTC", "habits": {"workout": [wrong]}
        }))
        .prepare(&protocol)
        .unwrap_err();
        assert_eq!(err.field(), Some("habits.workout 1.at"), "{err}");
    }
}
