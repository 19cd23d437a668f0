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

impl Sweat {
    /// The level as its files and flags write it (`light`, `moderate`, `heavy`).
    pub fn as_str(self) -> &'static str {
        match self {
            Sweat::Light => "light",
            Sweat::Moderate => "moderate",
            Sweat::Heavy => "heavy",
        }
    }

    /// How much the patient sweats, in the words of the forms' choices: "a little",
    /// "moderately", "a lot".
    /// The level's id, as files write it (`moderate`).
    pub fn id(self) -> &'static str {
        match self {
            Sweat::Light => "light",
            Sweat::Moderate => "moderate",
            Sweat::Heavy => "heavy",
        }
    }

    /// How much, in words (`moderately`).
    pub fn amount(self) -> &'static str {
        match self {
            Sweat::Light => "a little",
            Sweat::Moderate => "moderately",
            Sweat::Heavy => "a lot",
        }
    }
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
    /// Treated areas this rule is for, by area id or [`Region`]; empty means every treatment
    /// (see [`Protocol::applies`]).
    pub areas: Vec<String>,
    /// Anything harder than this is forbidden during the window.
    pub max_intensity: Option<Intensity>,
    /// Activity attributes forbidden during the window.
    pub forbids: Vec<Attribute>,
    /// Fact ids of the reference.
    pub source: Vec<String>,
}

impl Rule {
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
    /// Activity ids allowed during the stage, when it names them ("walking and gentle
    /// stretching" only); empty allows any activity the rest of the stage allows.
    pub only: Vec<String>,
    /// Cap on the length of a substitute session.
    pub substitute_minutes: Option<u32>,
    /// How an allowed moderate or vigorous session is made lighter, by what the activity
    /// measures (`load`, `pace`, `effort`); empty when the stage keeps sessions as they are.
    /// A session harder than the stage allows whose measure is here is done lighter rather
    /// than replaced (a heavy lift becomes the lift at a reduced load).
    pub scale: BTreeMap<String, String>,
    /// Measures whose `scale` also goes with a substitute: a substitute lift still goes at a
    /// reduced load, while an easy run is already the easier run.
    pub scale_substitutes: Vec<String>,
    /// A short note added to substitutes.
    pub note: Option<String>,
    /// Fact ids of the reference.
    pub source: Vec<String>,
}

impl Stage {
    /// Whether the stage itself forbids `activity` at `intensity`.
    pub fn forbids_activity(&self, activity: &Activity, intensity: Intensity) -> bool {
        intensity > self.max_intensity
            || self.forbids.iter().any(|a| activity.has(*a))
            || !(self.only.is_empty() || self.only.contains(&activity.id))
    }

    /// How a session of `activity` is made lighter in this stage, if it is.
    pub fn scale_for(&self, activity: &Activity) -> Option<&str> {
        self.scale.get(activity.measure()).map(String::as_str)
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
    /// Treated areas this reminder is for, by area id or [`Region`]; empty means every
    /// treatment (see [`Protocol::applies`]).
    pub areas: Vec<String>,
    /// What `at` counts from.
    pub after: Anchor,
    /// For a next-treatment reminder: how long the effect lasts, in words (`3 to 4 months`),
    /// when neither the product nor an area says otherwise; `{lasts}` in its text.
    pub lasts: Option<String>,
    /// Only for this kind of visit (a first treatment or a touch-up); `None`: for both.
    pub visit: Option<Visit>,
    /// Fact ids of the reference.
    pub source: Vec<String>,
}

impl Reminder {
    /// Whether the reminder is for this kind of visit.
    pub fn for_visit(&self, touch_up: bool) -> bool {
        match self.visit {
            None => true,
            Some(Visit::Treatment) => !touch_up,
            Some(Visit::TouchUp) => touch_up,
        }
    }
}

/// The kind of visit a reminder is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Visit {
    /// A treatment (not a touch-up): its follow-up is where a touch-up may be booked.
    Treatment,
    /// A touch-up of a recent treatment (`--touch-up`): its own follow-up, no touch-up prompt.
    TouchUp,
}

/// Where a treatment area is. A rule or reminder scoped to a region applies to each of its
/// areas, and also when no area is given (the treated area could be any of them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Region {
    /// The face: the pressure, rubbing and facial-exercise rules.
    Face,
    /// The neck, shoulders and body.
    Body,
}

impl Region {
    /// Every region.
    pub const ALL: [Region; 2] = [Region::Face, Region::Body];

    /// The id a rule's `areas` names it by.
    pub fn id(self) -> &'static str {
        match self {
            Region::Face => "face",
            Region::Body => "body",
        }
    }
}

/// A treatment area and what it changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Area {
    /// Kebab-case id (`crows-feet`).
    pub id: String,
    /// How it reads (`crow's feet`).
    pub name: String,
    /// Its region; `None` (the `other` area) gets only the rules for every treatment and those
    /// naming it.
    pub region: Option<Region>,
    /// What to expect and when, in words, instead of the product's results text and the
    /// results reminder's own.
    pub results: Option<String>,
    /// How long the effect lasts here (`about 6 months`), with `next_treatment`.
    pub lasts: Option<String>,
    /// The follow-up / review moves at least this far from T0.
    pub follow_up: Option<Duration>,
    /// What the follow-up says for this area, instead of the protocol's follow-up text, when
    /// every treated area has its own (a jaw is reviewed, not touched up).
    pub follow_up_text: Option<String>,
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
    /// Its name in titles (`Botox`), also for a product sold under another name.
    pub name: String,
    /// The product it is another name for (`xeomin` for Bocouture), whose timing it shares.
    pub alias_of: Option<String>,
    /// How long the effect lasts, in words (`3 to 4 months`).
    pub lasts: String,
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

/// The warning signs, always shown, in three tiers: an emergency (call the emergency number
/// now), the same day (call the provider today) and routine (call the provider, not urgent).
/// The headings and the one-line pointer are sentences a provider may reword; `{number}` in
/// them is the emergency number ([`Warnings::number`]).
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Warnings {
    /// For the treated areas, shown before everything else (set by the planner).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub first: Vec<String>,
    /// Call the emergency number now.
    #[serde(default)]
    pub emergency: Vec<String>,
    /// Call the provider today (`provider` in older files).
    #[serde(default, alias = "provider")]
    pub same_day: Vec<String>,
    /// Call the provider, not urgent.
    #[serde(default)]
    pub routine: Vec<String>,
    /// A sentence shown after the lists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The heading of the treated areas' own signs.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub first_heading: String,
    /// The emergency tier's heading, an instruction: `{number}`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub emergency_heading: String,
    /// The same-day tier's heading.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub same_day_heading: String,
    /// The routine tier's heading.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub routine_heading: String,
    /// The one line every check-in and the follow-up carry instead of the lists: `{number}`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub pointer: String,
    /// The emergency number (`112`): a protocol may fix it; else the planner sets the one of
    /// the plan's country. A clinic profile's own number wins over it when rendering.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// Fact ids of the reference.
    #[serde(default)]
    pub source: Vec<String>,
}

impl Warnings {
    /// The sentences of a file that may leave some out, by field name, for the ones it keeps
    /// from another file.
    pub(crate) fn sentences_mut(&mut self) -> [(&'static str, &mut String); 5] {
        [
            ("first_heading", &mut self.first_heading),
            ("emergency_heading", &mut self.emergency_heading),
            ("same_day_heading", &mut self.same_day_heading),
            ("routine_heading", &mut self.routine_heading),
            ("pointer", &mut self.pointer),
        ]
    }
}

/// Quiet hours: reminders that would come at night come at their end instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuietHours {
    /// Local time they start (`22:00`).
    pub from: chrono::NaiveTime,
    /// Local time they end (`08:00`), the next morning when before `from`.
    pub to: chrono::NaiveTime,
    /// A reminder this close to what it counts from stays where it is: the person is up.
    pub awake: Duration,
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
    /// The language of its texts.
    pub lang: crate::i18n::Lang,
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
    /// Quiet hours for reminders, if any.
    pub quiet_hours: Option<QuietHours>,
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
    /// The return session by session: each at most one stage above the one before.
    pub ladder: Option<Ladder>,
    /// What a reported setback does.
    pub setback: Setback,
}

/// The graduated return, session by session (facts A10, A11): the first habitual session after
/// the first stage (the no-strenuous window) is planned at most as stage `first`; each later
/// one at most one stage above the previous session done, and never above the stage the clock
/// has reached; from `horizon` after T0 on, the usual routine is back whatever the sessions
/// before were (a once-a-week runner is not kept walking for weeks).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ladder {
    /// The highest stage of the first session back (`ease`).
    pub first: String,
    /// Elapsed time from T0 after which every session is the usual one.
    pub horizon: Duration,
    /// Fact ids.
    pub source: Vec<String>,
}

/// What a setback (`--setback`: swelling, bruising or discomfort increased) does: from that
/// moment the plan steps back one stage (never before the first) for `hold`, with `forbids`
/// barred whatever the stage, then progresses again from where it was, everything after moved
/// later by `hold`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setback {
    /// How long the step back lasts.
    pub hold: Duration,
    /// Activity attributes barred during the step back (heat).
    pub forbids: Vec<Attribute>,
    /// Added to the stepped-back stage's advice: `{until}` is when the step back ends.
    pub advice: String,
    /// Fact ids.
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
    /// The title of a stage stepped back to after a setback: `{stage}` (its title), `{until}`
    /// (when the step back ends).
    pub setback_stage: String,
    /// Free words read as a catalogue activity by one of their words: `{typed}`, `{activity}`
    /// (its name), `{word}` (the words that decided).
    pub read_as: String,
    /// `aftercare oops`, exercise before the appointment ended.
    pub oops_before: String,
    /// `aftercare oops`, exercise once the full routine was back: `{when}`, `{after}` (how long
    /// after the appointment).
    pub oops_not_too_soon: String,
    /// `aftercare oops`, exercise too soon: `{since}` (how long after the appointment),
    /// `{stage}` (the title of the stage it fell in, lower case), `{length}` (when that stage
    /// ends after the appointment: one of the next two).
    pub oops_soon: String,
    /// When that stage ends, at a known sweat level: `{length}`, `{sweat}`.
    pub oops_length: String,
    /// When it ends, the sweat level not known: `{usual}`, `{heavy}`.
    pub oops_lengths: String,
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
        ("setback_stage", &["stage", "until"]),
        ("read_as", &["typed", "activity", "word"]),
        ("oops_before", &[]),
        ("oops_not_too_soon", &["when", "after"]),
        ("oops_soon", &["since", "stage", "length"]),
        ("oops_length", &["length", "sweat"]),
        ("oops_lengths", &["usual", "heavy"]),
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

    /// Whether a rule or reminder for `scope` (area ids and regions; empty: every treatment)
    /// applies to a treatment of the `treated` area ids. With no area given, a scope naming a
    /// region applies (cautiously: the treated area could be any of it); one naming only areas
    /// does not.
    pub fn applies(&self, scope: &[String], treated: &[String]) -> bool {
        if scope.is_empty() {
            return true;
        }
        if treated.is_empty() {
            return Region::ALL
                .iter()
                .any(|r| scope.iter().any(|s| s == r.id()));
        }
        treated.iter().any(|id| {
            scope.contains(id)
                || self
                    .areas
                    .iter()
                    .find(|a| &a.id == id)
                    .and_then(|a| a.region)
                    .is_some_and(|r| scope.iter().any(|s| s == r.id()))
        })
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
                        known: self.known_areas(),
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
                known: format!(
                    "{} (for another product, leave the product out: the plan then uses the \
                     usual timing)",
                    self.products
                        .iter()
                        .map(|p| p.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            })
    }

    /// The areas as the hand-over form names them ("forehead, frown lines (glabella), …"),
    /// with the one for an area not listed: what a day's list is told when a row's area is
    /// not known, in the words its staff choose from.
    pub fn area_names(&self) -> String {
        self.areas_listed(|a| &a.name, "write")
    }

    /// The area ids, and which to use for an area not listed (one without a region, which
    /// gets the rules for every treatment only).
    fn known_areas(&self) -> String {
        self.areas_listed(|a| &a.id, "use")
    }

    /// Every area by `word`, then which one to `verb` for an area not listed.
    fn areas_listed(&self, word: fn(&Area) -> &String, verb: &str) -> String {
        let listed = self
            .areas
            .iter()
            .map(|a| word(a).as_str())
            .collect::<Vec<_>>()
            .join(", ");
        match self.areas.iter().find(|a| a.region.is_none()) {
            Some(other) => format!("{listed} (for an area not listed, {verb} {})", word(other)),
            None => listed,
        }
    }
}
