//! The aftercare protocol as the planner uses it: restriction rules, return-to-exercise
//! stages, reminders, warning signs, areas and products. Reading and checking protocol files is
//! [`crate::input::protocol`]'s job; these types are always valid.

use std::collections::BTreeMap;

use chrono::Duration;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::activity::{Activity, Attribute, Intensity};

/// How much a person sweats; heavy sweaters get the longer variant of some windows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sweat {
    /// Sweats little.
    Light,
    /// The default.
    #[default]
    Moderate,
    /// Sweats a lot: the no-strenuous window is longer (A2).
    Heavy,
}

impl std::str::FromStr for Sweat {
    type Err = Error;

    /// `light`, `moderate` or `heavy`; errors name the field `sweat`.
    fn from_str(text: &str) -> Result<Self> {
        match text {
            "light" => Ok(Sweat::Light),
            "moderate" => Ok(Sweat::Moderate),
            "heavy" => Ok(Sweat::Heavy),
            _ => Err(Error::invalid("sweat", text, "light, moderate or heavy")),
        }
    }
}

/// A restriction window: what to avoid, for how long from T0.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Kebab-case id (`heat`).
    pub id: String,
    /// Short title that fits in a calendar summary (`no heat`).
    pub title: String,
    /// What to avoid.
    pub avoid: String,
    /// Why.
    pub why: String,
    /// What to do instead, if anything.
    pub instead: Option<String>,
    /// Length of the window.
    pub duration: Duration,
    /// Length for heavy sweaters, when different.
    pub heavy_duration: Option<Duration>,
    /// The window lasts at least until this local time on the day after T0's date ("until the
    /// next morning"): the protocol's one wall-clock boundary, for rules that speak of days.
    pub until_next: Option<chrono::NaiveTime>,
    /// Treated areas this rule is for; empty means every treatment.
    pub areas: Vec<String>,
    /// Anything harder than this is forbidden during the window.
    pub max_intensity: Option<Intensity>,
    /// Activity attributes forbidden during the window.
    pub forbids: Vec<Attribute>,
    /// Fact ids of the reference.
    pub source: Vec<String>,
}

impl Rule {
    /// Whether the rule applies to a treatment of these areas.
    pub fn applies_to(&self, treated: &[String]) -> bool {
        applies(&self.areas, treated)
    }

    /// The window's length for this sweat level.
    pub fn duration_for(&self, sweat: Sweat) -> Duration {
        match (sweat, self.heavy_duration) {
            (Sweat::Heavy, Some(heavy)) => heavy,
            _ => self.duration,
        }
    }

    /// Whether this rule forbids `activity` (by intensity or attributes).
    pub fn forbids_activity(&self, activity: &Activity, intensity: Intensity) -> bool {
        self.max_intensity.is_some_and(|max| intensity > max)
            || self.forbids.iter().any(|a| activity.has(*a))
    }
}

fn applies(areas: &[String], treated: &[String]) -> bool {
    areas.is_empty() || areas.iter().any(|a| treated.contains(a))
}

/// Where a stage ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Until {
    /// A fixed elapsed time from T0.
    Elapsed(Duration),
    /// When the window of this rule ends (so it follows the sweat level and overrides).
    Rule(String),
}

/// One stage of the graduated return to exercise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stage {
    /// Kebab-case id (`ease`).
    pub id: String,
    /// Title (`Ease back`).
    pub title: String,
    /// What is fine during the stage.
    pub advice: String,
    /// Where it ends; `None` for the last stage.
    pub until: Option<Until>,
    /// The hardest intensity allowed.
    pub max_intensity: Intensity,
    /// Attributes not allowed during the stage (on top of the active rules).
    pub forbids: Vec<Attribute>,
    /// Cap on the length of a substitute session.
    pub substitute_minutes: Option<u32>,
    /// How an allowed moderate or vigorous session is scaled (`at about 60-70 %...`).
    pub scale: Option<String>,
    /// A short note added to substitutes.
    pub note: Option<String>,
    /// Fact ids of the reference.
    pub source: Vec<String>,
}

impl Stage {
    /// Whether the stage itself forbids `activity` at `intensity`.
    pub fn forbids_activity(&self, activity: &Activity, intensity: Intensity) -> bool {
        intensity > self.max_intensity || self.forbids.iter().any(|a| activity.has(*a))
    }
}

/// What a reminder is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReminderKind {
    /// A care instruction (cold compress...).
    Care,
    /// A look at the treated areas.
    CheckIn,
    /// Results and follow-up visit.
    FollowUp,
}

/// What a reminder's `at` counts from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Anchor {
    /// T0, the end of the appointment.
    #[default]
    Appointment,
    /// Each setback (`--setback`); its `at` is also how long the setback holds the stage.
    Setback,
    /// T0, for the "plan your next treatment" event (`--next-treatment`): `at` is the earliest
    /// next treatment, unless the product or an area says later; `{days}` in the text is
    /// replaced by that number of days.
    NextTreatment,
    /// T0, when a product is given: at the product's `results_from`, and the product's
    /// `results` text is added.
    Results,
}

/// A care reminder or check-in at an elapsed time from T0 (or another anchor).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reminder {
    /// Kebab-case id.
    pub id: String,
    /// What kind.
    pub kind: ReminderKind,
    /// When, from T0.
    pub at: Duration,
    /// Not before this local time on T0's date ("tonight"): the reminder's one wall-clock
    /// boundary.
    pub not_before: Option<chrono::NaiveTime>,
    /// Never before the end of this rule's window, or the start of this stage (after any
    /// setback), so that what it says holds when it comes ("before stepping up...").
    pub follows: Option<String>,
    /// Title.
    pub title: String,
    /// Text.
    pub text: String,
    /// Whether the calendar event carries an alarm.
    pub alarm: bool,
    /// Treated areas this reminder is for; empty means every treatment.
    pub areas: Vec<String>,
    /// What `at` counts from.
    pub after: Anchor,
    /// Fact ids of the reference.
    pub source: Vec<String>,
}

impl Reminder {
    /// Whether the reminder applies to a treatment of these areas.
    pub fn applies_to(&self, treated: &[String]) -> bool {
        applies(&self.areas, treated)
    }
}

/// A treatment area and what it changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Area {
    /// Kebab-case id (`crows-feet`).
    pub id: String,
    /// How it reads (`crow's feet`).
    pub name: String,
    /// The follow-up / review moves at least this far from T0.
    pub follow_up: Option<Duration>,
    /// The next treatment is at least this far from T0.
    pub next_treatment: Option<Duration>,
    /// Warning signs to show first for this area.
    pub warnings_first: Vec<String>,
    /// Fact ids.
    pub source: Vec<String>,
}

/// A botulinum toxin product and its timing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Product {
    /// Kebab-case id (`botox`).
    pub id: String,
    /// Its name in titles (`Botox`).
    pub name: String,
    /// When results are expected, in words.
    pub results: String,
    /// When results are expected to start showing, from T0.
    pub results_from: Duration,
    /// The follow-up visit, from T0.
    pub follow_up: Duration,
    /// The earliest next treatment, from T0.
    pub next_treatment: Duration,
    /// Fact ids.
    pub source: Vec<String>,
}

/// The warning signs, always shown.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Warnings {
    /// For the treated areas, shown before everything else (set by the planner).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub first: Vec<String>,
    /// Get help now.
    #[serde(default)]
    pub emergency: Vec<String>,
    /// Contact the provider promptly.
    #[serde(default)]
    pub provider: Vec<String>,
    /// Call the provider, not urgent.
    #[serde(default)]
    pub routine: Vec<String>,
    /// A sentence shown after the lists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Fact ids of the reference.
    #[serde(default)]
    pub source: Vec<String>,
}

/// How `aftercare suggest` reads a protected event (`--protect "2026-12-19 15:00 wedding"`):
/// an event whose label contains one of `results` needs the treatment's results to have shown;
/// any other needs the full routine back.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProtectRule {
    /// Words (lower case) of labels where being seen matters: photos, weddings...
    #[serde(default)]
    pub results: Vec<String>,
    /// Fact ids.
    #[serde(default)]
    pub source: Vec<String>,
}

impl ProtectRule {
    /// True when `label` speaks of an event where the results must show.
    pub fn needs_results(&self, label: &str) -> bool {
        let label = label.to_lowercase();
        self.results
            .iter()
            .any(|word| label.contains(word.as_str()))
    }
}

/// A complete, validated protocol.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Protocol {
    /// Its name (shown in the plan).
    pub name: String,
    /// The "follow your provider" sentence.
    pub guidance: String,
    /// What the source letters stand for.
    pub sources: std::sync::Arc<BTreeMap<String, String>>,
    /// Restriction rules.
    pub rules: Vec<Rule>,
    /// Stages, in order.
    pub stages: Vec<Stage>,
    /// Reminders and check-ins.
    pub reminders: Vec<Reminder>,
    /// Warning signs.
    pub warnings: Warnings,
    /// Treatment areas.
    pub areas: Vec<Area>,
    /// Products.
    pub products: Vec<Product>,
    /// Check-ins after exercising too soon (`aftercare oops`), from the moment of exercise.
    pub oops: Vec<Reminder>,
    /// How protected events are read by `aftercare suggest`.
    pub protect: ProtectRule,
    /// The planner's own sentences.
    pub wording: Wording,
    /// The first sessions back are planned as in an early stage, whatever the clock says.
    pub easing: Option<Easing>,
}

/// Fact A10: "for the first couple of workouts" after the waiting period, low-impact work. The
/// first `sessions` habitual sessions from the start of `stage` on are planned as in `stage`,
/// even when the clock has moved on to a later one (someone who rests until day 4 still eases
/// back).
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Easing {
    /// How many sessions.
    pub sessions: u32,
    /// The stage they are planned as (`ease`).
    pub stage: String,
    /// Fact ids.
    #[serde(default)]
    pub source: Vec<String>,
}

/// The sentences the planner writes itself (what a session becomes, notes on how the plan was
/// made), as templates: `{name}` stands for a value the planner fills in. Data, like the rules,
/// so a provider can reword them (`[wording]` in a protocol file) and the planner holds no
/// English of its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wording {
    /// A session nothing forbids (`fine as usual`).
    pub keep: String,
    /// The same session, lighter: `{scale}` is the stage's scale.
    pub scale: String,
    /// A gentler activity instead: `{minutes}`, `{activity}`.
    pub replace: String,
    /// Nothing safe instead, because of windows: `{rules}` (their titles).
    pub skip_rules: String,
    /// Nothing safe instead, because of the stage: `{stage}` (its title, lower case).
    pub skip_stage: String,
    /// An elapsed time in days: `{n}`.
    pub day: String,
    /// An elapsed time in whole weeks (from four on): `{n}`.
    pub week: String,
    /// The title of an area's own review: `{area}`, `{when}` (day or week).
    pub area_review_title: String,
    /// Its text: `{area}`.
    pub area_review_text: String,
    /// A stage of no length: `{stage}`.
    pub stage_left_out: String,
    /// A weekly workout on a date the zone skipped: `{date}`, `{zone}`, `{workout}`.
    pub date_skipped: String,
    /// The same workout listed twice at the same time.
    pub workout_twice: String,
    /// The clocks go forward during the plan: `{date}`, `{from}`, `{to}`, `{tz_data}`.
    pub clocks_forward: String,
    /// The clocks go back during the plan: `{date}`, `{from}`, `{to}`, `{tz_data}`.
    pub clocks_back: String,
    /// The zone's rules changed recently, so times are written in UTC: `{zone}`, `{tz_data}`.
    pub rules_changed: String,
    /// Free words read as a catalogue activity by one of their words: `{typed}`, `{activity}`
    /// (its name), `{word}` (the words that decided).
    pub read_as: String,
    /// `aftercare oops`, exercise before the appointment ended.
    pub oops_before: String,
    /// `aftercare oops`, exercise once the full routine was back: `{when}`, `{after}` (how long
    /// after the appointment).
    pub oops_not_too_soon: String,
    /// `aftercare oops`, exercise too soon: `{since}` (how long after the appointment),
    /// `{stage}` (the first stage's title, lower case), `{length}` (how long it lasts at this
    /// sweat level), `{sweat}`.
    pub oops_soon: String,
    /// `aftercare oops`, the check-in for an activity with heat: its title, `{activity}`.
    pub oops_heat_title: String,
    /// Its text: `{activity}`, `{until}` (when the rules against heat end).
    pub oops_heat: String,
}

impl Wording {
    /// Every entry as a protocol file names it, with the placeholders it may use.
    pub const ENTRIES: &[(&str, &[&str])] = &[
        ("keep", &[]),
        ("scale", &["scale"]),
        ("replace", &["minutes", "activity"]),
        ("skip_rules", &["rules"]),
        ("skip_stage", &["stage"]),
        ("day", &["n"]),
        ("week", &["n"]),
        ("area_review_title", &["area", "when"]),
        ("area_review_text", &["area"]),
        ("stage_left_out", &["stage"]),
        ("date_skipped", &["date", "zone", "workout"]),
        ("workout_twice", &[]),
        ("clocks_forward", &["date", "from", "to", "tz_data"]),
        ("clocks_back", &["date", "from", "to", "tz_data"]),
        ("rules_changed", &["zone", "tz_data"]),
        ("read_as", &["typed", "activity", "word"]),
        ("oops_before", &[]),
        ("oops_not_too_soon", &["when", "after"]),
        ("oops_soon", &["since", "stage", "length", "sweat"]),
        ("oops_heat_title", &["activity"]),
        ("oops_heat", &["activity", "until"]),
    ];
}

impl Protocol {
    /// The first reminder counted from `anchor`, if the protocol has one.
    pub fn anchored(&self, anchor: Anchor) -> Option<&Reminder> {
        self.reminders.iter().find(|r| r.after == anchor)
    }

    /// The rule with this id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Looks up treatment areas (from `--area`), listing the valid ones on error.
    pub fn lookup_areas(&self, field: &str, ids: &[String]) -> Result<Vec<&Area>> {
        ids.iter()
            .map(|id| {
                self.areas
                    .iter()
                    .find(|a| &a.id == id)
                    .ok_or_else(|| Error::Unknown {
                        field: field.to_string(),
                        kind: "area",
                        value: id.clone(),
                        suggestions: crate::error::suggest(
                            id,
                            self.areas.iter().map(|a| a.id.as_str()),
                        ),
                        known: self
                            .areas
                            .iter()
                            .map(|a| a.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    })
            })
            .collect()
    }

    /// Looks up a product (from `--product`), listing the valid ones on error.
    pub fn lookup_product(&self, field: &str, id: &str) -> Result<&Product> {
        self.products
            .iter()
            .find(|p| p.id == id)
            .ok_or_else(|| Error::Unknown {
                field: field.to_string(),
                kind: "product",
                value: id.to_string(),
                suggestions: crate::error::suggest(id, self.products.iter().map(|p| p.id.as_str())),
                known: self
                    .products
                    .iter()
                    .map(|p| p.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }
}
