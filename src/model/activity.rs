//! Activities and the attributes that decide what the protocol allows.
//!
//! The built-in catalogue (`src/data/activities.toml`, printed by `aftercare activities`)
//! describes each activity by its [`Intensity`] and a set of [`Attribute`]s. Rules and stages of
//! the protocol forbid intensities and attributes, never activity names, so a custom activity in a
//! habits file is handled exactly like a built-in one.
//!
//! ```
//! use aftercare::model::activity::{Attribute, Catalogue, Intensity};
//!
//! let catalogue = Catalogue::builtin();
//! let hot_yoga = catalogue.get("hot-yoga").unwrap();
//! assert_eq!(hot_yoga.intensity, Intensity::Vigorous); // a sweat session (A2)
//! assert!(hot_yoga.has(Attribute::Heat) && hot_yoga.has(Attribute::Inverted));
//! assert_eq!(hot_yoga.easier.as_deref(), Some("yoga"));
//! ```

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result, suggest};

/// How hard an activity is, in the protocol's three classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Intensity {
    /// Upright, low heart rate: walking, gentle stretching.
    Light,
    /// Raises the heart rate: steady cardio, weights, mat Pilates.
    Moderate,
    /// Hard and sweaty: HIIT, running, spin, CrossFit.
    Vigorous,
}

impl fmt::Display for Intensity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Intensity::Light => "light",
            Intensity::Moderate => "moderate",
            Intensity::Vigorous => "vigorous",
        })
    }
}

/// A property of an activity that some rule or stage may forbid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attribute {
    /// Hot room, sauna, steam: raises core temperature.
    Heat,
    /// Head below the heart: inversions, downward dog, hanging.
    Inverted,
    /// Lying flat or face-down, floor work, repeated bending over.
    Floor,
    /// Goggles, masks, headgear or a face cradle pressing on the face.
    FacePressure,
    /// Deliberate facial exercise or strong grimacing.
    FacialStrain,
    /// Contact or impact to the head or face.
    HeadImpact,
}

impl Attribute {
    /// Every attribute, in a fixed order.
    pub const ALL: [Attribute; 6] = [
        Attribute::Heat,
        Attribute::Inverted,
        Attribute::Floor,
        Attribute::FacePressure,
        Attribute::FacialStrain,
        Attribute::HeadImpact,
    ];

    /// The attribute's name as written in files.
    pub fn id(self) -> &'static str {
        match self {
            Attribute::Heat => "heat",
            Attribute::Inverted => "inverted",
            Attribute::Floor => "floor",
            Attribute::FacePressure => "face_pressure",
            Attribute::FacialStrain => "facial_strain",
            Attribute::HeadImpact => "head_impact",
        }
    }
}

/// One activity of the catalogue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    /// Kebab-case id (`hot-yoga`).
    pub id: String,
    /// How it reads in a sentence (`hot yoga`).
    pub name: String,
    /// How a calendar title calls it, when the name is long (`cardio` for "steady cardio
    /// (bike, elliptical or brisk incline walk)"): titles must fit a phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short: Option<String>,
    /// What "60-70 % of your usual ..." measures for it: `load` (weights), `pace` (running,
    /// cycling, swimming); `effort` when not given (yoga, classes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
    /// Its intensity class.
    pub intensity: Intensity,
    /// Hot room, sauna or steam.
    #[serde(default, skip_serializing_if = "is_false")]
    pub heat: bool,
    /// Inversions or head-down positions.
    #[serde(default, skip_serializing_if = "is_false")]
    pub inverted: bool,
    /// Lying flat, face-down or floor work.
    #[serde(default, skip_serializing_if = "is_false")]
    pub floor: bool,
    /// Something presses on the face (goggles, headgear).
    #[serde(default, skip_serializing_if = "is_false")]
    pub face_pressure: bool,
    /// Facial exercise or strong grimacing.
    #[serde(default, skip_serializing_if = "is_false")]
    pub facial_strain: bool,
    /// Contact or impact to the head.
    #[serde(default, skip_serializing_if = "is_false")]
    pub head_impact: bool,
    /// The gentler activity to fall back to while this one is not allowed; none means the
    /// session is skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub easier: Option<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Activity {
    /// What a scaled session measures (`load`, `pace`, or `effort`).
    pub fn measure(&self) -> &str {
        self.measure.as_deref().unwrap_or("effort")
    }

    /// The name a title uses: the short one, else the name.
    pub fn title_name(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.name)
    }

    /// Whether the activity has `attribute`.
    pub fn has(&self, attribute: Attribute) -> bool {
        match attribute {
            Attribute::Heat => self.heat,
            Attribute::Inverted => self.inverted,
            Attribute::Floor => self.floor,
            Attribute::FacePressure => self.face_pressure,
            Attribute::FacialStrain => self.facial_strain,
            Attribute::HeadImpact => self.head_impact,
        }
    }
}

/// How free words were read as a catalogue activity when they were not its id: by a word or
/// phrase the calendar importer knows ("underwater hockey" by "hockey"). Plans say so in a note
/// (`[wording] read_as`), so a guess is never silent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reading {
    /// What was typed.
    pub typed: String,
    /// The activity's id.
    pub activity: String,
    /// The activity's name.
    pub name: String,
    /// The words that decided.
    pub word: String,
    /// The name of the workout it was read for, as the plan's sessions carry it (empty when it
    /// was not read for a workout).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub workout: String,
}

impl Reading {
    /// The plan's note for it, in the protocol's wording.
    pub fn note(&self, wording: &crate::model::Wording) -> String {
        crate::units::fill(
            &wording.read_as,
            &[
                ("typed", &self.typed),
                ("activity", &self.name),
                ("word", &self.word),
            ],
        )
    }
}

/// The set of known activities, by id.
///
/// Shared, and copied only when changed: a batch makes a routine (and so a catalogue) per row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Catalogue {
    activities: std::sync::Arc<BTreeMap<String, Activity>>,
}

impl Catalogue {
    /// A catalogue with no activities (see `Catalogue::builtin` for the default one).
    pub fn empty() -> Self {
        Catalogue {
            activities: Default::default(),
        }
    }

    /// Adds (or replaces, by id) activities, then checks the whole catalogue: ids are
    /// kebab-case and every `easier` exists without a cycle.
    /// On an error the catalogue is left as it was.
    pub fn extend(&mut self, activities: impl IntoIterator<Item = Activity>) -> Result<()> {
        let mut grown = self.clone();
        for activity in activities {
            crate::units::check_id("activity.id", &activity.id)?;
            std::sync::Arc::make_mut(&mut grown.activities).insert(activity.id.clone(), activity);
        }
        grown.check_chains()?;
        *self = grown;
        Ok(())
    }

    /// Every `easier` names a known activity, and no chain loops.
    fn check_chains(&self) -> Result<()> {
        // Each activity is walked once: a chain is followed until it meets an activity already
        // known to end well, or one on the chain being walked (a loop). Linear in the number of
        // activities, however long the chains (a provider's file may hold thousands).
        let mut ends_well: std::collections::HashSet<&str> = Default::default();
        for activity in self.activities.values() {
            let mut chain: Vec<&str> = Vec::new();
            let mut on_chain: std::collections::HashSet<&str> = Default::default();
            let mut current = activity;
            while !ends_well.contains(current.id.as_str()) {
                chain.push(&current.id);
                on_chain.insert(&current.id);
                let Some(next) = &current.easier else {
                    break;
                };
                let field = format!("activity {}: easier", current.id);
                current = self.lookup(&field, next)?;
                if on_chain.contains(current.id.as_str()) {
                    return Err(Error::invalid(
                        field,
                        next,
                        "an activity whose `easier` chain does not loop back",
                    ));
                }
            }
            ends_well.extend(chain);
        }
        Ok(())
    }

    /// The activity with this id, if any.
    pub fn get(&self, id: &str) -> Option<&Activity> {
        self.activities.get(id)
    }

    /// The activity with this id, or an error naming `field` with suggestions.
    pub fn lookup(&self, field: &str, id: &str) -> Result<&Activity> {
        self.get(id).ok_or_else(|| Error::Unknown {
            field: field.to_string(),
            kind: "activity",
            value: id.to_string(),
            suggestions: suggest(id, self.activities.keys().map(String::as_str)),
            known: "the ids listed by `aftercare activities`".to_string(),
        })
    }

    /// All activities, by id.
    pub fn iter(&self) -> impl Iterator<Item = &Activity> {
        self.activities.values()
    }

    /// The number of activities.
    pub fn len(&self) -> usize {
        self.activities.len()
    }

    /// True when the catalogue is empty.
    pub fn is_empty(&self) -> bool {
        self.activities.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalogue_has_the_promised_activities() {
        let c = Catalogue::builtin();
        assert!(c.len() >= 25, "only {} activities", c.len());
        for id in [
            "walking",
            "running",
            "hiit",
            "spin",
            "cycling",
            "rowing",
            "swimming",
            "weights",
            "crossfit",
            "boxing",
            "pilates",
            "yoga",
            "hot-yoga",
            "sauna",
            "stretching",
            "steam-room",
            "climbing",
            "team-sports",
            "dance",
            "tennis",
        ] {
            assert!(c.get(id).is_some(), "missing {id}");
        }
    }

    #[test]
    fn unknown_activity_suggests() {
        let err = Catalogue::builtin()
            .lookup("workout.activity", "hitt")
            .unwrap_err();
        assert!(err.to_string().contains("hiit"), "{err}");
    }

    #[test]
    fn a_long_easier_chain_loads_in_linear_time() {
        // 5,000 activities, each easier than the next: this took over 20 s when every chain
        // was walked from every activity. Checked by counting, not timing: the chain is walked
        // once, so a loop at its far end is found and named.
        let link = |i: usize, easier: Option<String>| Activity {
            id: format!("step-{i}"),
            easier,
            ..Catalogue::builtin().get("running").unwrap().clone()
        };
        let mut catalogue = Catalogue::builtin();
        let chain: Vec<Activity> = (0..5000)
            .map(|i| link(i, (i > 0).then(|| format!("step-{}", i - 1))))
            .collect();
        catalogue.extend(chain).unwrap();
        assert_eq!(
            catalogue.get("step-4999").unwrap().easier.as_deref(),
            Some("step-4998")
        );
        let err = catalogue
            .extend([link(0, Some("step-4999".into()))])
            .unwrap_err()
            .to_string();
        assert!(err.contains("does not loop back"), "{err}");
        assert_eq!(
            catalogue.get("step-0").unwrap().easier,
            None,
            "left as it was"
        );
    }

    #[test]
    fn cycles_and_dangling_easier_are_refused() {
        let mut c = Catalogue::builtin();
        let mut a = c.get("walking").unwrap().clone();
        a.easier = Some("brisk-walk".into());
        assert!(c.extend([a]).is_err());
        let mut c = Catalogue::builtin();
        let mut b = c.get("walking").unwrap().clone();
        b.easier = Some("teleport".into());
        assert!(c.extend([b]).is_err());
    }
}
