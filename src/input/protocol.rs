//! The aftercare protocol: restriction rules, return-to-exercise stages, reminders and warning
//! signs, as data.
//!
//! The built-in default is `src/data/protocol.toml` (printed by `aftercare protocol`), derived
//! from the reference's facts; each entry names its sources. A provider's file either replaces
//! it (`replace = true`) or overrides it by id, field by field:
//!
//! ```
//! use aftercare::model::{Protocol, Sweat};
//!
//! let clinic = "[[rule]]\nid = \"strenuous-exercise\"\nduration = \"4h\"\n";
//! let protocol = Protocol::builtin().with_override(clinic, "clinic.toml".as_ref()).unwrap();
//! let rule = protocol.rule("strenuous-exercise").unwrap();
//! assert_eq!(rule.duration_for(Sweat::Moderate).num_hours(), 4);
//! // Everything else is still the default.
//! assert_eq!(protocol.rule("heat").unwrap().duration_for(Sweat::Moderate).num_hours(), 48);
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::Duration;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::input::{self, locate, translation};
use crate::model::{
    Anchor, Area, Attribute, Intensity, Ladder, Product, ProtectRule, Protocol, QuietHours, Region,
    Reminder, ReminderKind, Rule, Setback, Stage, Until, Visit, Warnings, Wording,
};
use crate::units::{check_id, duration, placeholders};

/// The built-in protocol's source text.
pub const BUILTIN_TOML: &str = include_str!("../data/protocol.toml");

/// [`BUILTIN_TOML`] converted to JSON at build time (`build.rs`): it reads several times
/// faster, which a single plan's start feels.
const BUILTIN_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/protocol.json"));

// ------------------------------------------------------------------------------------------
// The file format. Every field is optional so that one type reads both a complete protocol and
// an override; `validate` turns a complete one into a `Protocol`.

/// A protocol file as written: complete, or an override by id.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProtocolFile {
    /// Replace the built-in protocol instead of overriding it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub replace: bool,
    /// The language of this file's own texts (English when not said).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    language: Option<Lang>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    guidance: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    sources: BTreeMap<String, String>,
    #[serde(default, rename = "rule", skip_serializing_if = "Vec::is_empty")]
    rules: Vec<RuleFile>,
    #[serde(default, rename = "stage", skip_serializing_if = "Vec::is_empty")]
    stages: Vec<StageFile>,
    #[serde(default, rename = "reminder", skip_serializing_if = "Vec::is_empty")]
    reminders: Vec<ReminderFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    warnings: Option<Warnings>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    quiet_hours: Option<QuietHoursFile>,
    #[serde(default, rename = "area", skip_serializing_if = "Vec::is_empty")]
    areas: Vec<AreaFile>,
    #[serde(default, rename = "product", skip_serializing_if = "Vec::is_empty")]
    products: Vec<ProductFile>,
    #[serde(default, rename = "oops", skip_serializing_if = "Vec::is_empty")]
    oops: Vec<ReminderFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    protect: Option<ProtectRule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ladder: Option<LadderFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    setback: Option<SetbackFile>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    wording: BTreeMap<String, String>,
    /// The file's texts in other languages, by tag (`[lang.fr]`): see [`translation`].
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    lang: BTreeMap<String, serde_json::Value>,
}

/// `[ladder]`: see [`Ladder`].
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LadderFile {
    first: String,
    horizon: String,
    #[serde(default)]
    source: Vec<String>,
}

/// `[setback]`: see [`Setback`]. Every field may be left out of an override.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SetbackFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hold: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    forbids: Option<Vec<Attribute>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    advice: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<Vec<String>>,
}

/// A stage's `scale`: one text for every measure (`{measure}` names it), or one per measure
/// (`{ load = "...", pace = "..." }`).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(untagged)]
enum ScaleFile {
    All(String),
    ByMeasure(BTreeMap<String, String>),
}

/// What an activity's session can measure (see `Activity::measure`).
const MEASURES: [&str; 3] = ["load", "pace", "effort"];

/// `[quiet_hours]`: `hours = "22:00-08:00"`, `awake = "1h"`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuietHoursFile {
    hours: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    awake: Option<String>,
}

impl QuietHoursFile {
    fn build(&self) -> Result<QuietHours> {
        let field = "quiet_hours.hours";
        let expected = "two local times, from-to (22:00-08:00)";
        let (from, to) = self
            .hours
            .split_once('-')
            .ok_or_else(|| Error::invalid(field, &self.hours, expected))?;
        let time = |t: &str| {
            crate::units::week::parse_time(field, t.trim())
                .map_err(|_| Error::invalid(field, &self.hours, expected))
        };
        let (from, to) = (time(from)?, time(to)?);
        if from == to {
            return Err(Error::invalid(field, &self.hours, expected));
        }
        let awake = match &self.awake {
            Some(a) => duration::parse("quiet_hours.awake", a)?,
            None => Duration::zero(),
        };
        Ok(QuietHours { from, to, awake })
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AreaFile {
    id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    results: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lasts: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    follow_up: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    follow_up_text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    next_treatment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    warnings_first: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<Vec<String>>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProductFile {
    id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    alias_of: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lasts: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    results: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    results_from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    follow_up: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    next_treatment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<Vec<String>>,
}

/// An entry of a protocol file that a provider's file can override field by field, by id.
trait Overlay: Clone {
    /// What the file calls an entry (`rule`).
    const KIND: &'static str;
    /// The fields a new entry must set, in words.
    const NEEDS: &'static str;
    fn id(&self) -> &str;
    /// Copies every field `over` sets onto `self`.
    fn overlay(&mut self, over: &Self);
    /// Sets every field a new entry needs.
    fn is_complete(&self) -> bool;
    /// Names its own sources.
    fn sets_sources(&self) -> bool;
    /// Forgets the sources (the provider changed the entry: the default's no longer apply).
    fn clear_sources(&mut self);
}

/// An entry of `over` whose id `base` lacks must be complete: an incomplete one is most
/// likely a mistyped id, and is reported as unknown with suggestions.
fn check_new<T: Overlay>(base: &[T], over: &[T], at: impl Fn(Error, &str) -> Error) -> Result<()> {
    for entry in over {
        if !entry.is_complete() && !base.iter().any(|b| b.id() == entry.id()) {
            let known: Vec<&str> = base.iter().map(Overlay::id).collect();
            let error = Error::Unknown {
                field: format!("{}.id", T::KIND),
                kind: T::KIND,
                value: entry.id().to_string(),
                suggestions: crate::error::suggest(entry.id(), known.iter().copied()),
                known: format!(
                    "{} (or a complete new {} with {})",
                    known.join(", "),
                    T::KIND,
                    T::NEEDS
                ),
            };
            return Err(at(error, entry.id()));
        }
    }
    Ok(())
}

/// Implements [`Overlay`] for a file entry by destructuring *every* field: a field added to the
/// struct and forgotten here is a compile error, not an override silently dropped (as
/// `until_next` and `areas` of rules once were).
macro_rules! overlay_fields {
    ($kind:ident ($name:literal, needs $needs:literal, complete $complete:expr) { $($field:ident),+ $(,)? }) => {
        impl Overlay for $kind {
            const KIND: &'static str = $name;
            const NEEDS: &'static str = $needs;

            fn id(&self) -> &str {
                &self.id
            }

            fn is_complete(&self) -> bool {
                let complete: fn(&Self) -> bool = $complete;
                complete(self)
            }

            fn sets_sources(&self) -> bool {
                self.source.is_some()
            }

            fn clear_sources(&mut self) {
                self.source = Some(Vec::new());
            }

            fn overlay(&mut self, over: &Self) {
                let $kind { id: _, $($field),+ } = over;
                $( if $field.is_some() { self.$field = $field.clone(); } )+
            }
        }
    };
}

overlay_fields!(RuleFile ("rule", needs "title, avoid, why and duration", complete |r| {
    r.title.is_some() && r.avoid.is_some() && r.why.is_some() && (r.duration.is_some() || r.until_next.is_some())
}) {
    title,
    avoid,
    why,
    instead,
    duration,
    heavy_duration,
    until_next,
    areas,
    max_intensity,
    forbids,
    source,
});
overlay_fields!(ReminderFile ("reminder", needs "kind, at, title and text", complete |r| {
    r.kind.is_some() && r.at.is_some() && r.title.is_some() && r.text.is_some()
}) {
    kind,
    at,
    not_before,
    follows,
    title,
    text,
    alarm,
    areas,
    after,
    lasts,
    visit,
    source
});
overlay_fields!(AreaFile ("area", needs "an id", complete |_| true) {
    name,
    region,
    results,
    lasts,
    follow_up,
    follow_up_text,
    next_treatment,
    warnings_first,
    source,
});
overlay_fields!(ProductFile ("product", needs "name and alias_of, or name, lasts, results, results_from, follow_up and next_treatment", complete |p| {
    p.name.is_some() && (p.alias_of.is_some() || (p.lasts.is_some() && p.results.is_some() && p.results_from.is_some() && p.follow_up.is_some() && p.next_treatment.is_some()))
}) {
    name,
    alias_of,
    lasts,
    results,
    results_from,
    follow_up,
    next_treatment,
    source,
});

impl Overlay for StageFile {
    const KIND: &'static str = "stage";
    const NEEDS: &'static str = "title, advice and max_intensity";

    fn id(&self) -> &str {
        &self.id
    }

    fn is_complete(&self) -> bool {
        self.title.is_some() && self.advice.is_some() && self.max_intensity.is_some()
    }

    fn sets_sources(&self) -> bool {
        self.source.is_some()
    }

    fn clear_sources(&mut self) {
        self.source = Some(Vec::new());
    }

    fn overlay(&mut self, over: &Self) {
        let StageFile {
            id: _,
            title,
            advice,
            until,
            until_rule,
            max_intensity,
            forbids,
            only,
            substitute_minutes,
            scale,
            scale_substitutes,
            note,
            source,
        } = over;
        // `until` and `until_rule` are two spellings of one field: setting either replaces
        // both.
        if until.is_some() || until_rule.is_some() {
            self.until = until.clone();
            self.until_rule = until_rule.clone();
        }
        set(&mut self.title, title);
        set(&mut self.advice, advice);
        set(&mut self.note, note);
        set(&mut self.scale, scale);
        set(&mut self.only, only);
        set(&mut self.scale_substitutes, scale_substitutes);
        set(&mut self.max_intensity, max_intensity);
        set(&mut self.forbids, forbids);
        set(&mut self.substitute_minutes, substitute_minutes);
        set(&mut self.source, source);
    }
}

/// What an override gives replaces the base's; what it leaves out keeps it.
fn set<T: Clone>(base: &mut Option<T>, over: &Option<T>) {
    if over.is_some() {
        *base = over.clone();
    }
}

/// Applies `over` onto `base` by id: a known id is overlaid field by field, a new one added.
/// An entry the provider changed without naming its sources no longer cites the default's.
fn overlay_all<T: Overlay>(base: &mut Vec<T>, over: &[T]) {
    for entry in over {
        match base.iter_mut().find(|b| b.id() == entry.id()) {
            Some(known) => {
                known.overlay(entry);
                if !entry.sets_sources() {
                    known.clear_sources();
                }
            }
            None => base.push(entry.clone()),
        }
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    avoid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    why: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    instead: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    duration: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    heavy_duration: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    until_next: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    areas: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_intensity: Option<Intensity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    forbids: Option<Vec<Attribute>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<Vec<String>>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StageFile {
    id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    advice: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    until: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    until_rule: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_intensity: Option<Intensity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    forbids: Option<Vec<Attribute>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    only: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    substitute_minutes: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    scale: Option<ScaleFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    scale_substitutes: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<Vec<String>>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReminderFile {
    id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kind: Option<ReminderKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    not_before: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    follows: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    alarm: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    areas: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    after: Option<Anchor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lasts: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    visit: Option<Visit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<Vec<String>>,
}

/// The longest window or stage a protocol may set: anything longer is a typo.
const MAX_ELAPSED_DAYS: i64 = 366;

impl ProtocolFile {
    /// Parses a protocol file (TOML, or JSON when `path` ends in `.json`).
    pub fn parse(text: &str, path: &Path) -> Result<Self> {
        input::parse_structured(text, path)
    }

    /// Applies `over` on top of `self`, by id. An id that is not in `self` adds an entry, which
    /// must then be complete; an incomplete one is most likely a mistyped id, and is reported as
    /// unknown with suggestions.
    fn merge(&mut self, over: &ProtocolFile, text: &str, path: &Path) -> Result<()> {
        let at = |e: Error, id: &str| input::file_error(path, locate(text, "id", id), e);
        check_new(&self.rules, &over.rules, at)?;
        check_new(&self.stages, &over.stages, at)?;
        check_new(&self.reminders, &over.reminders, at)?;
        check_new(&self.areas, &over.areas, at)?;
        check_new(&self.products, &over.products, at)?;
        check_new(&self.oops, &over.oops, at)?;
        // Every field, named: a new one cannot be forgotten here.
        let ProtocolFile {
            replace: _,
            name,
            guidance,
            sources,
            rules,
            stages,
            reminders,
            warnings,
            quiet_hours,
            areas,
            products,
            oops,
            protect,
            wording,
            ladder,
            setback,
            // A file's own language and translations are applied before it is merged.
            language: _,
            lang: _,
        } = over;
        set(&mut self.name, name);
        set(&mut self.guidance, guidance);
        self.sources.extend(sources.clone());
        self.wording.extend(wording.clone());
        if let Some(warnings) = warnings {
            self.warnings = Some(with_sentences(warnings, self.warnings.as_ref()));
        }
        set(&mut self.quiet_hours, quiet_hours);
        set(&mut self.protect, protect);
        set(&mut self.ladder, ladder);
        if let Some(over) = setback {
            let base = self.setback.get_or_insert_with(SetbackFile::default);
            let SetbackFile {
                hold,
                forbids,
                advice,
                source,
            } = over;
            set(&mut base.hold, hold);
            set(&mut base.forbids, forbids);
            set(&mut base.advice, advice);
            // A changed setback rule no longer cites the default's sources.
            base.source = source.clone().or(Some(Vec::new()));
        }
        overlay_all(&mut self.rules, rules);
        overlay_all(&mut self.stages, stages);
        overlay_all(&mut self.reminders, reminders);
        overlay_all(&mut self.areas, areas);
        overlay_all(&mut self.products, products);
        overlay_all(&mut self.oops, oops);
        Ok(())
    }

    /// Checks a complete protocol and converts it, one entity at a time. `text` and `path`
    /// are used to point errors at a line of the file.
    fn validate(&self, text: &str, path: &Path, lang: Lang) -> Result<Protocol> {
        let at = |e: Error, id: &str| input::file_error(path, locate(text, "id", id), e);
        let rules = build_all("rule", &self.rules, |r| r.build(&self.areas), at)?;
        let stages = build_all(
            "stage",
            &self.stages,
            |s| {
                let last = self.stages.last().is_some_and(|l| std::ptr::eq(l, s));
                s.build(last, &rules)
            },
            at,
        )?;
        if stages.is_empty() {
            return Err(input::file_error(
                path,
                None,
                Error::invalid("stage", "", "at least one [[stage]]"),
            ));
        }
        let reminders = build_all(
            "reminder",
            &self.reminders,
            |r| r.build(&self.areas, &rules, &stages),
            at,
        )?;
        // Check-ins after exercising too soon may share ids with the reminders.
        let oops = self
            .oops
            .iter()
            .map(|r| {
                r.build(&self.areas, &rules, &stages)
                    .map_err(|e| at(e.in_field(&format!("oops {}", r.id)), &r.id))
            })
            .collect::<Result<_>>()?;
        let areas = build_all("area", &self.areas, AreaFile::build, at)?;
        let products = build_all("product", &self.products, |p| p.build(&self.products), at)?;
        let protect = self.protect.clone().unwrap_or_default();
        if let Some(empty) = protect.results.iter().find(|w| w.trim().is_empty()) {
            return Err(input::file_error(
                path,
                locate(text, "results", empty),
                Error::invalid(
                    "protect.results",
                    empty.as_str(),
                    "words that labels contain (an empty one would match every label)",
                ),
            ));
        }
        let ladder = self
            .ladder
            .as_ref()
            .map(|l| {
                l.build(&stages)
                    .map_err(|e| input::file_error(path, section_line(text, "ladder"), e))
            })
            .transpose()?;
        let setback = self
            .setback
            .clone()
            .unwrap_or_default()
            .build()
            .map_err(|e| input::file_error(path, section_line(text, "setback"), e))?;
        Ok(Protocol {
            name: one_line(
                "name",
                self.name
                    .clone()
                    .unwrap_or_else(|| lang.tr("protocol-custom-name", &[])),
            )
            .map_err(|e| input::file_error(path, None, e))?,
            guidance: self
                .guidance
                .clone()
                .unwrap_or_else(|| lang.tr("protocol-default-guidance", &[])),
            lang,
            sources: std::sync::Arc::new(self.sources.clone()),
            rules,
            stages,
            reminders,
            warnings: self.warnings(text, path)?,
            quiet_hours: self
                .quiet_hours
                .as_ref()
                .map(|q| {
                    q.build()
                        .map_err(|e| input::file_error(path, locate(text, "hours", &q.hours), e))
                })
                .transpose()?,
            areas,
            products,
            oops,
            wording: self.wording(text, path)?,
            ladder,
            setback,
            protect: ProtectRule {
                results: protect
                    .results
                    .iter()
                    .map(|w| w.trim().to_lowercase())
                    .collect(),
                source: protect.source,
            },
        })
    }
}

/// `warnings` with the headings and the pointer it leaves out taken from `base`'s: they are
/// sentences, like `[wording]`, not a tier a provider must restate.
fn with_sentences(warnings: &Warnings, base: Option<&Warnings>) -> Warnings {
    let mut out = warnings.clone();
    if let Some(mut base) = base.cloned() {
        for ((_, sentence), (_, kept)) in out.sentences_mut().into_iter().zip(base.sentences_mut())
        {
            if sentence.trim().is_empty() {
                *sentence = std::mem::take(kept);
            }
        }
    }
    out
}

impl ProtocolFile {
    /// The warning signs, checked: each sentence one line, with no placeholder but `{number}`;
    /// an emergency number, if fixed, a short run of digits (`112`, `10177`).
    fn warnings(&self, text: &str, path: &Path) -> Result<Warnings> {
        let mut warnings = self.warnings.clone().unwrap_or_default();
        let at = |e: Error, key: &str| {
            input::file_error(
                path,
                text.lines()
                    .position(|l| l.trim_start().starts_with(key))
                    .map(|i| i + 1),
                e,
            )
        };
        for (key, sentence) in warnings.sentences_mut() {
            let field = format!("warnings.{key}");
            one_line(&field, sentence.clone()).map_err(|e| at(e, key))?;
            if sentence.trim().is_empty() {
                return Err(at(Error::invalid(field, "", "a sentence"), key));
            }
            if let Some(bad) = placeholders(sentence).into_iter().find(|p| *p != "number") {
                return Err(at(
                    Error::invalid(
                        field,
                        format!("{{{bad}}}"),
                        "a sentence whose only {placeholder} is {number}",
                    ),
                    key,
                ));
            }
        }
        if let Some(number) = &warnings.number {
            check_number("warnings.number", number).map_err(|e| at(e, "number"))?;
        }
        Ok(warnings)
    }
}

/// An emergency number as people dial it: digits, at most 15 (`112`, `000`, `10177`).
pub(crate) fn check_number(field: &str, number: &str) -> Result<()> {
    if number.is_empty() || number.len() > 15 || !number.chars().all(|c| c.is_ascii_digit()) {
        return Err(Error::invalid(
            field,
            number,
            "an emergency number: digits only (112, 911, 000)",
        ));
    }
    Ok(())
}

/// Converts every entry of one kind, naming the entry in errors and refusing an id used twice.
fn build_all<F: Overlay, T>(
    kind: &str,
    entries: &[F],
    build: impl Fn(&F) -> Result<T>,
    at: impl Fn(Error, &str) -> Error,
) -> Result<Vec<T>> {
    let mut ids = BTreeSet::new();
    let mut built = Vec::with_capacity(entries.len());
    for entry in entries {
        let id = entry.id();
        built.push(build(entry).map_err(|e| at(e.in_field(&format!("{kind} {id}")), id))?);
        if !ids.insert(id) {
            return Err(at(
                Error::invalid(format!("{kind}.id"), id, format!("a {kind} id used once")),
                id,
            ));
        }
    }
    Ok(built)
}

/// The line of a file's `[name]` table, for errors about it.
fn section_line(text: &str, name: &str) -> Option<usize> {
    let header = format!("[{name}]");
    text.lines().position(|l| l.trim() == header).map(|i| i + 1)
}

/// A value that must be given and not blank.
fn required(field: &str, value: &Option<String>) -> Result<String> {
    value
        .clone()
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| Error::invalid(field, "", "a non-empty value"))
}

/// Titles and names go into calendar titles and e-mail subjects: one line, no control
/// characters (a product name with one was once reported as a bad --subject).
fn one_line(field: &str, value: String) -> Result<String> {
    if value
        .chars()
        .any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'))
    {
        Err(Error::invalid(
            field,
            value,
            "one line of text without control characters",
        ))
    } else {
        Ok(value)
    }
}

/// An elapsed time from T0, at most [`MAX_ELAPSED_DAYS`].
fn elapsed(field: &str, value: &str) -> Result<Duration> {
    let d = duration::parse(field, value)?;
    if d > Duration::days(MAX_ELAPSED_DAYS) {
        return Err(Error::invalid(
            field,
            value,
            "a duration of at most 366 days",
        ));
    }
    Ok(d)
}

fn optional_elapsed(field: &str, value: &Option<String>) -> Result<Option<Duration>> {
    value.as_deref().map(|v| elapsed(field, v)).transpose()
}

/// Every id of `areas` names an `[[area]]` of the file or a region.
fn check_areas(areas: &Option<Vec<String>>, known: &[AreaFile]) -> Result<Vec<String>> {
    let areas = areas.clone().unwrap_or_default();
    let is_known =
        |id: &String| known.iter().any(|a| &a.id == id) || Region::ALL.iter().any(|r| r.id() == id);
    match areas.iter().find(|id| !is_known(id)) {
        Some(unknown) => Err(Error::invalid(
            "areas",
            unknown,
            "ids of [[area]] entries, or a region: face or body",
        )),
        None => Ok(areas),
    }
}

impl RuleFile {
    fn build(&self, areas: &[AreaFile]) -> Result<Rule> {
        check_id("id", &self.id)?;
        let until_next = self
            .until_next
            .as_deref()
            .map(|t| crate::units::week::parse_time("until_next", t))
            .transpose()?;
        let duration = match (&self.duration, until_next) {
            (None, Some(_)) => Duration::zero(),
            (d, _) => elapsed("duration", &required("duration", d)?)?,
        };
        if duration <= Duration::zero() && until_next.is_none() {
            return Err(Error::invalid("duration", "0m", "a positive duration"));
        }
        let heavy_duration = optional_elapsed("heavy_duration", &self.heavy_duration)?;
        if let Some(heavy) = heavy_duration.filter(|h| *h < duration) {
            return Err(Error::invalid(
                "heavy_duration",
                duration::format(heavy),
                format!(
                    "at least the rule's duration ({})",
                    duration::format(duration)
                ),
            ));
        }
        Ok(Rule {
            id: self.id.clone(),
            title: one_line("title", required("title", &self.title)?)?,
            avoid: required("avoid", &self.avoid)?,
            why: required("why", &self.why)?,
            instead: self.instead.clone(),
            duration,
            heavy_duration,
            until_next,
            areas: check_areas(&self.areas, areas)?,
            max_intensity: self.max_intensity,
            forbids: self.forbids.clone().unwrap_or_default(),
            source: self.source.clone().unwrap_or_default(),
        })
    }
}

impl StageFile {
    /// `rules` are the protocol's, for `until_rule`; only the `last` stage has no end.
    fn build(&self, last: bool, rules: &[Rule]) -> Result<Stage> {
        check_id("id", &self.id)?;
        let until = match (&self.until, &self.until_rule) {
            (Some(_), Some(_)) => {
                return Err(Error::invalid(
                    "until_rule",
                    self.until_rule.clone().unwrap_or_default(),
                    "either `until` or `until_rule`, not both",
                ));
            }
            (Some(u), None) => Some(Until::Elapsed(elapsed("until", u)?)),
            (None, Some(rule)) => {
                if !rules.iter().any(|r| &r.id == rule) {
                    return Err(Error::unknown(
                        "until_rule",
                        "rule",
                        rule,
                        rules.iter().map(|r| r.id.as_str()),
                    ));
                }
                Some(Until::Rule(rule.clone()))
            }
            (None, None) => None,
        };
        if last && until.is_some() {
            return Err(Error::invalid(
                "until",
                self.until
                    .clone()
                    .or(self.until_rule.clone())
                    .unwrap_or_default(),
                "no end on the last stage (it lasts from then on)",
            ));
        }
        if !last && until.is_none() {
            return Err(Error::invalid(
                "until",
                "",
                "an `until` or `until_rule` (only the last stage has no end)",
            ));
        }
        let scale = match &self.scale {
            None => BTreeMap::new(),
            Some(ScaleFile::All(text)) => {
                if let Some(bad) = placeholders(text).into_iter().find(|p| *p != "measure") {
                    return Err(Error::invalid(
                        "scale",
                        format!("{{{bad}}}"),
                        "text whose only placeholder is {measure} (load, pace or effort)",
                    ));
                }
                MEASURES
                    .iter()
                    .map(|m| (m.to_string(), crate::units::fill(text, &[("measure", m)])))
                    .collect()
            }
            Some(ScaleFile::ByMeasure(by)) => {
                if let Some(bad) = by.keys().find(|m| !MEASURES.contains(&m.as_str())) {
                    return Err(Error::invalid(
                        "scale",
                        bad,
                        "a table whose keys are load, pace or effort",
                    ));
                }
                if let Some((m, _)) = by.iter().find(|(_, t)| !placeholders(t).is_empty()) {
                    return Err(Error::invalid(
                        format!("scale.{m}"),
                        by[m].clone(),
                        "text without {placeholders}",
                    ));
                }
                by.clone()
            }
        };
        let scale_substitutes = self.scale_substitutes.clone().unwrap_or_default();
        if let Some(bad) = scale_substitutes
            .iter()
            .find(|m| !MEASURES.contains(&m.as_str()))
        {
            return Err(Error::invalid(
                "scale_substitutes",
                bad,
                "measures: load, pace or effort",
            ));
        }
        let only = self.only.clone().unwrap_or_default();
        let catalogue = crate::model::Catalogue::builtin();
        if let Some(unknown) = only.iter().find(|id| catalogue.get(id).is_none()) {
            return Err(Error::unknown(
                "only",
                "activity",
                unknown,
                catalogue.iter().map(|a| a.id.as_str()),
            ));
        }
        Ok(Stage {
            id: self.id.clone(),
            title: one_line("title", required("title", &self.title)?)?,
            advice: required("advice", &self.advice)?,
            until,
            max_intensity: self.max_intensity.ok_or_else(|| {
                Error::invalid("max_intensity", "", "light, moderate or vigorous")
            })?,
            forbids: self.forbids.clone().unwrap_or_default(),
            only,
            substitute_minutes: self.substitute_minutes,
            scale,
            scale_substitutes,
            note: self.note.clone(),
            source: self.source.clone().unwrap_or_default(),
        })
    }
}

impl ReminderFile {
    /// `rules` and `stages` are the protocol's, for `follows`.
    fn build(&self, areas: &[AreaFile], rules: &[Rule], stages: &[Stage]) -> Result<Reminder> {
        check_id("id", &self.id)?;
        let ids = || {
            rules
                .iter()
                .map(|r| r.id.as_str())
                .chain(stages.iter().map(|s| s.id.as_str()))
        };
        if let Some(follows) = self
            .follows
            .as_deref()
            .filter(|f| !ids().any(|id| id == *f))
        {
            return Err(Error::unknown("follows", "rule or stage", follows, ids()));
        }
        for (field, value) in [("title", &self.title), ("text", &self.text)] {
            let value = value.as_deref().unwrap_or_default();
            let setback = self.after == Some(Anchor::Setback);
            let known = |p: &&str| {
                ["day", "days", "lasts", "after"].contains(p)
                    || (setback && ["stage", "next"].contains(p))
                    || p.strip_prefix("until:")
                        .is_some_and(|id| rules.iter().any(|r| r.id == id))
            };
            if let Some(bad) = placeholders(value).into_iter().find(|p| !known(p)) {
                return Err(Error::invalid(
                    field,
                    format!("{{{bad}}}"),
                    "text whose {placeholders} are {day} (the day it comes), {after} (how long \
                     after what it counts from), {days} and \
                     {lasts} (when the next treatment is due, how long the effect lasts), \
                     {until:RULE} (when that rule's window ends), or after a setback {stage} \
                     (the stage stepped back to) and {next} (the stage it returns to)",
                ));
            }
        }
        let after = self.after.unwrap_or_default();
        if self.lasts.is_some() && after != Anchor::NextTreatment {
            return Err(Error::invalid(
                "lasts",
                self.lasts.clone().unwrap_or_default(),
                "no `lasts` but on the reminder with after = \"next-treatment\"",
            ));
        }
        if after == Anchor::NextTreatment && self.lasts.is_none() {
            return Err(Error::invalid(
                "lasts",
                "",
                "how long the effect lasts, in words (\"3 to 4 months\"), to go with `at`",
            ));
        }
        Ok(Reminder {
            id: self.id.clone(),
            kind: self
                .kind
                .ok_or_else(|| Error::invalid("kind", "", "care, check-in or follow-up"))?,
            at: elapsed("at", &required("at", &self.at)?)?,
            not_before: self
                .not_before
                .as_deref()
                .map(|t| crate::units::week::parse_time("not_before", t))
                .transpose()?,
            follows: self.follows.clone(),
            title: one_line("title", required("title", &self.title)?)?,
            text: required("text", &self.text)?,
            alarm: self.alarm.unwrap_or(false),
            areas: check_areas(&self.areas, areas)?,
            after,
            lasts: self.lasts.clone(),
            visit: self.visit,
            source: self.source.clone().unwrap_or_default(),
        })
    }
}

impl AreaFile {
    fn build(&self) -> Result<Area> {
        check_id("id", &self.id)?;
        let next_treatment = optional_elapsed("next_treatment", &self.next_treatment)?;
        // Every text that says how long the effect lasts agrees with the interval used.
        if next_treatment.is_some() && self.lasts.is_none() {
            return Err(Error::invalid(
                "lasts",
                "",
                "how long the effect lasts here, in words, to go with `next_treatment`",
            ));
        }
        Ok(Area {
            id: self.id.clone(),
            name: one_line("name", self.name.clone().unwrap_or_else(|| self.id.clone()))?,
            region: self.region,
            results: self.results.clone(),
            lasts: self.lasts.clone(),
            follow_up: optional_elapsed("follow_up", &self.follow_up)?,
            follow_up_text: self.follow_up_text.clone(),
            next_treatment,
            warnings_first: self.warnings_first.clone().unwrap_or_default(),
            source: self.source.clone().unwrap_or_default(),
        })
    }
}

impl ProductFile {
    /// `all` are the protocol's products: another name (`alias_of`) takes every field it does
    /// not set from the product it names.
    fn build(&self, all: &[ProductFile]) -> Result<Product> {
        check_id("id", &self.id)?;
        let base = match &self.alias_of {
            None => ProductFile::default(),
            Some(of) => all
                .iter()
                .find(|p| &p.id == of && p.alias_of.is_none())
                .cloned()
                .ok_or_else(|| {
                    Error::unknown("alias_of", "product", of, all.iter().map(|p| p.id.as_str()))
                })?,
        };
        let get = |field: &str, own: &Option<String>, base: &Option<String>| {
            required(field, &own.clone().or_else(|| base.clone()))
        };
        Ok(Product {
            id: self.id.clone(),
            name: one_line("name", required("name", &self.name)?)?,
            alias_of: self.alias_of.clone(),
            lasts: one_line("lasts", get("lasts", &self.lasts, &base.lasts)?)?,
            results: get("results", &self.results, &base.results)?,
            results_from: elapsed(
                "results_from",
                &get("results_from", &self.results_from, &base.results_from)?,
            )?,
            follow_up: elapsed(
                "follow_up",
                &get("follow_up", &self.follow_up, &base.follow_up)?,
            )?,
            next_treatment: elapsed(
                "next_treatment",
                &get("next_treatment", &self.next_treatment, &base.next_treatment)?,
            )?,
            source: self.source.clone().or(base.source).unwrap_or_default(),
        })
    }
}

impl LadderFile {
    /// `stages` are the protocol's: `first` must name one of them.
    fn build(&self, stages: &[Stage]) -> Result<Ladder> {
        if !stages.iter().any(|s| s.id == self.first) {
            return Err(Error::unknown(
                "ladder.first",
                "stage",
                &self.first,
                stages.iter().map(|s| s.id.as_str()),
            ));
        }
        let horizon = elapsed("ladder.horizon", &self.horizon)?;
        if horizon <= Duration::zero() {
            return Err(Error::invalid(
                "ladder.horizon",
                &self.horizon,
                "a positive duration (the usual routine is back from then on)",
            ));
        }
        Ok(Ladder {
            first: self.first.clone(),
            horizon,
            source: self.source.clone(),
        })
    }
}

impl SetbackFile {
    /// Left-out fields take the step back of the stage model: 24 h, heat barred.
    fn build(&self) -> Result<Setback> {
        let hold = match &self.hold {
            Some(text) => {
                let hold = elapsed("setback.hold", text)?;
                if hold <= Duration::zero() || hold > Duration::days(14) {
                    return Err(Error::invalid(
                        "setback.hold",
                        text,
                        "a duration from 1 minute to 14 days",
                    ));
                }
                hold
            }
            None => Duration::hours(24),
        };
        let advice = self.advice.clone().unwrap_or_default();
        if let Some(bad) = placeholders(&advice).into_iter().find(|p| *p != "until") {
            return Err(Error::invalid(
                "setback.advice",
                format!("{{{bad}}}"),
                "text whose only placeholder is {until} (when the step back ends)",
            ));
        }
        Ok(Setback {
            hold,
            forbids: self
                .forbids
                .clone()
                .unwrap_or_else(|| vec![Attribute::Heat]),
            advice,
            source: self.source.clone().unwrap_or_default(),
        })
    }
}

impl ProtocolFile {
    /// The `[wording]` table, checked: every entry known and present, each using only its own
    /// placeholders.
    fn wording(&self, text: &str, path: &Path) -> Result<Wording> {
        let at = |e: Error, key: &str| {
            input::file_error(
                path,
                text.lines()
                    .position(|l| l.trim_start().starts_with(key))
                    .map(|i| i + 1),
                e,
            )
        };
        for (key, template) in &self.wording {
            let field = format!("wording.{key}");
            let Some((_, allowed)) = Wording::ENTRIES.iter().find(|(k, _)| k == key) else {
                return Err(at(
                    Error::unknown(
                        "wording",
                        "wording entry",
                        key,
                        Wording::ENTRIES.iter().map(|(k, _)| *k),
                    ),
                    key,
                ));
            };
            one_line(&field, template.clone()).map_err(|e| at(e, key))?;
            if let Some(bad) = placeholders(template)
                .into_iter()
                .find(|p| !allowed.contains(p))
            {
                let expected = if allowed.is_empty() {
                    "a sentence without {placeholders}".to_string()
                } else {
                    format!(
                        "a sentence whose {{placeholders}} are among: {}",
                        allowed.join(", ")
                    )
                };
                return Err(at(
                    Error::invalid(field, format!("{{{bad}}}"), expected),
                    key,
                ));
            }
        }
        let get = |key: &str| -> Result<String> {
            self.wording.get(key).cloned().ok_or_else(|| {
                input::file_error(
                    path,
                    None,
                    Error::invalid(
                        format!("wording.{key}"),
                        "",
                        "a sentence (see `aftercare protocol`)",
                    ),
                )
            })
        };
        // Every field named: a new one is a compile error here until it is read.
        Ok(Wording {
            keep: get("keep")?,
            scale: get("scale")?,
            replace: get("replace")?,
            skip_rules: get("skip_rules")?,
            skip_stage: get("skip_stage")?,
            day: get("day")?,
            week: get("week")?,
            area_review_title: get("area_review_title")?,
            area_review_text: get("area_review_text")?,
            stage_left_out: get("stage_left_out")?,
            date_skipped: get("date_skipped")?,
            workout_twice: get("workout_twice")?,
            clocks_forward: get("clocks_forward")?,
            clocks_back: get("clocks_back")?,
            rules_changed: get("rules_changed")?,
            setback_stage: get("setback_stage")?,
            read_as: get("read_as")?,
            oops_before: get("oops_before")?,
            oops_not_too_soon: get("oops_not_too_soon")?,
            oops_soon: get("oops_soon")?,
            oops_length: get("oops_length")?,
            oops_lengths: get("oops_lengths")?,
            oops_heat_title: get("oops_heat_title")?,
            oops_heat: get("oops_heat")?,
        })
    }
}

impl Protocol {
    /// The built-in protocol, in English.
    pub fn builtin() -> Self {
        Self::builtin_in(Lang::En)
    }

    /// The built-in protocol with its texts in `lang` (`src/data/protocol.<lang>.toml`).
    ///
    /// ```
    /// use aftercare::{i18n::Lang, model::Protocol};
    ///
    /// let heat = Protocol::builtin_in(Lang::Es).rule("heat").unwrap().title.clone();
    /// assert_ne!(heat, Protocol::builtin().rule("heat").unwrap().title);
    /// // The rules themselves are the same in every language.
    /// assert_eq!(Protocol::builtin_in(Lang::Es).rule("heat").unwrap().duration,
    ///            Protocol::builtin().rule("heat").unwrap().duration);
    /// ```
    pub fn builtin_in(lang: Lang) -> Self {
        // Parsed and checked once per process and language (a batch, a server and the fuzzers
        // ask for it on every plan); the embedded files are checked by unit tests, so this
        // cannot fail.
        static BUILTIN: [std::sync::OnceLock<Protocol>; 5] =
            [const { std::sync::OnceLock::new() }; 5];
        let index = lang.index();
        BUILTIN[index]
            .get_or_init(|| {
                Self::builtin_file(lang)
                    .validate(BUILTIN_TOML, Path::new("built-in protocol"), lang)
                    .expect("the built-in protocol is valid in every language")
            })
            .clone()
    }

    fn builtin_file(lang: Lang) -> ProtocolFile {
        static FILES: [std::sync::OnceLock<ProtocolFile>; 5] =
            [const { std::sync::OnceLock::new() }; 5];
        let index = lang.index();
        FILES[index]
            .get_or_init(|| {
                let mut value: serde_json::Value = serde_json::from_str(BUILTIN_JSON)
                    .expect("the built-in protocol converts to valid JSON");
                if let Some(json) = builtin_translation(lang) {
                    let over: serde_json::Value = serde_json::from_str(json)
                        .expect("the built-in translations convert to valid JSON");
                    translation::apply(&mut value, &over, &format!("protocol.{lang}"))
                        .expect("the built-in translations give texts of the protocol only");
                }
                serde_json::from_value(value).expect("the built-in protocol reads back")
            })
            .clone()
    }

    /// The built-in protocol with a provider's file applied, in English: replaced when the file
    /// says `replace = true`, else overridden by id.
    pub fn with_override(&self, text: &str, path: &Path) -> Result<Protocol> {
        Ok(Self::merged_file_in(text, path, Lang::En)?.1)
    }

    /// [`Protocol::with_override`] in `lang`: the built-in texts in that language, and the
    /// provider's own texts as the file gives them in it. A file whose texts are in another
    /// language must translate every one of them under `[lang.<tag>]`; one it leaves out is an
    /// error that names it (see [`crate::input::translation`]).
    pub fn with_override_in(text: &str, path: &Path, lang: Lang) -> Result<Protocol> {
        Ok(Self::merged_file_in(text, path, lang)?.1)
    }

    /// Like [`Protocol::with_override`], also returning the merged file (to print it).
    pub fn merged_file(text: &str, path: &Path) -> Result<(ProtocolFile, Protocol)> {
        Self::merged_file_in(text, path, Lang::En)
    }

    /// [`Protocol::merged_file`] in `lang`.
    pub fn merged_file_in(text: &str, path: &Path, lang: Lang) -> Result<(ProtocolFile, Protocol)> {
        let parsed = ProtocolFile::parse(text, path)?;
        let over = parsed.in_language(lang, text, path)?;
        let merged = if over.replace {
            // The planner's sentences are not rules: a replacement keeps the built-in ones it
            // does not reword.
            let builtin = Self::builtin_file(lang);
            let mut wording = builtin.wording;
            wording.extend(over.wording.clone());
            let warnings = over
                .warnings
                .as_ref()
                .map(|w| with_sentences(w, builtin.warnings.as_ref()));
            ProtocolFile {
                wording,
                warnings,
                ..over
            }
        } else {
            let mut base = Self::builtin_file(lang);
            base.merge(&over, text, path)?;
            // A file that changes the default without naming itself: the plan says so rather
            // than presenting the changed rules as the default's.
            if over.name.is_none() {
                let file = path
                    .file_name()
                    .unwrap_or(path.as_os_str())
                    .to_string_lossy();
                let name = base.name.clone().unwrap_or_default();
                base.name = Some(lang.tr(
                    "protocol-changed-by",
                    &[("name", name.as_str()), ("file", &file)],
                ));
            }
            base
        };
        let protocol = merged.validate(text, path, lang)?;
        // Printed, the merged file says the language its texts are now in.
        let merged = ProtocolFile {
            language: (lang != Lang::En).then_some(lang),
            lang: BTreeMap::new(),
            ..merged
        };
        Ok((merged, protocol))
    }

    /// Which languages a provider's file can plan in: for each language, `Ok` or the error
    /// that names the first text it does not give in that language (`aftercare protocol check`).
    pub fn coverage(text: &str, path: &Path) -> Vec<(Lang, Result<()>)> {
        Lang::ALL
            .iter()
            .map(|&lang| (lang, Self::merged_file_in(text, path, lang).map(|_| ())))
            .collect()
    }
}

/// A protocol in every language it covers: the built-in one in all five, a provider's file in
/// those it gives its texts in. A batch or a server plans each patient in their own language
/// from it.
#[derive(Clone, Debug)]
pub struct Protocols {
    /// Per language of [`Lang::ALL`]: the protocol, or why the file cannot plan in it.
    each: Vec<std::result::Result<std::sync::Arc<Protocol>, String>>,
}

impl Protocols {
    /// The built-in protocol, in every language.
    pub fn builtin() -> Self {
        Protocols {
            each: Lang::ALL
                .iter()
                .map(|l| Ok(std::sync::Arc::new(Protocol::builtin_in(*l))))
                .collect(),
        }
    }

    /// A provider's file, in every language it covers. It must at least plan in its own
    /// language (`language`, English when not said): that error is returned as it is.
    pub fn from_file(text: &str, path: &Path) -> Result<Self> {
        let own = ProtocolFile::parse(text, path)?
            .language
            .unwrap_or_default();
        let mut each = Vec::new();
        for lang in Lang::ALL {
            match Protocol::with_override_in(text, path, lang) {
                Ok(p) => each.push(Ok(std::sync::Arc::new(p))),
                Err(e) if lang == own => return Err(e),
                Err(e) => each.push(Err(e.to_string())),
            }
        }
        Ok(Protocols { each })
    }

    /// The protocol in `lang`, or an error that says the file does not cover it, and why.
    pub fn get(&self, lang: Lang) -> Result<&std::sync::Arc<Protocol>> {
        let index = lang.index();
        self.each[index].as_ref().map_err(|why| {
            let covered: Vec<&str> = Lang::ALL
                .iter()
                .zip(&self.each)
                .filter(|(_, p)| p.is_ok())
                .map(|(l, _)| l.tag())
                .collect();
            Error::invalid(
                "language",
                lang.tag(),
                format!(
                    "a language the clinic's protocol has its texts in ({}); {why}",
                    covered.join(", ")
                ),
            )
        })
    }

    /// The protocol in its first covered language (English, unless the file is written in
    /// another): what reads a row's areas and products, which are the same in every language.
    pub fn first(&self) -> &std::sync::Arc<Protocol> {
        self.each
            .iter()
            .find_map(|p| p.as_ref().ok())
            .expect("a protocol set plans in its own language at least")
    }

    /// The protocol in each language it covers (the names a desk's list may use for an area
    /// are in any of them).
    pub fn all(&self) -> impl Iterator<Item = &std::sync::Arc<Protocol>> {
        self.each.iter().filter_map(|p| p.as_ref().ok())
    }
}

/// The built-in protocol's translation into `lang`, as JSON (`build.rs` converts
/// `src/data/protocol.<lang>.toml`); English is the source and has none.
fn builtin_translation(lang: Lang) -> Option<&'static str> {
    match lang {
        Lang::En => None,
        Lang::Es => Some(include_str!(concat!(env!("OUT_DIR"), "/protocol.es.json"))),
        Lang::Fr => Some(include_str!(concat!(env!("OUT_DIR"), "/protocol.fr.json"))),
        Lang::De => Some(include_str!(concat!(env!("OUT_DIR"), "/protocol.de.json"))),
        Lang::PtBr => Some(include_str!(concat!(
            env!("OUT_DIR"),
            "/protocol.pt-BR.json"
        ))),
    }
}

impl ProtocolFile {
    /// This file with its texts in `lang`: its own when it is written in `lang`, else those of
    /// its `[lang.<tag>]` translation, which must give every text the file sets.
    fn in_language(&self, lang: Lang, text: &str, path: &Path) -> Result<ProtocolFile> {
        let own = self.language.unwrap_or_default();
        let translation = self
            .lang
            .iter()
            .find(|(tag, _)| tag.parse::<Lang>().ok() == Some(lang))
            .map(|(_, t)| t);
        for tag in self.lang.keys() {
            tag.parse::<Lang>().map_err(|e| {
                input::file_error(
                    path,
                    section_line(text, &format!("lang.{tag}")),
                    Error::invalid(format!("lang.{tag}"), tag.as_str(), e.to_string()),
                )
            })?;
        }
        let Some(translation) = translation else {
            if own == lang {
                return Ok(self.clone());
            }
            let value = serde_json::to_value(self).unwrap_or_default();
            return match translation::uncovered(&value, None).first() {
                None => Ok(self.clone()),
                Some(place) => Err(input::file_error(
                    path,
                    None,
                    untranslated(place, &value, own, lang),
                )),
            };
        };
        let original = serde_json::to_value(self).unwrap_or_default();
        let mut value = original.clone();
        // The translation itself first (texts only, known ids), then what it leaves out.
        let at = format!("lang.{}", lang.tag());
        translation::apply(&mut value, translation, &at)
            .map_err(|e| input::file_error(path, section_line(text, &at), e))?;
        if own != lang
            && let Some(place) = translation::uncovered(&original, Some(translation)).first()
        {
            return Err(input::file_error(
                path,
                None,
                untranslated(place, &original, own, lang),
            ));
        }
        let mut translated: ProtocolFile = serde_json::from_value(value)
            .map_err(|e| input::file_error(path, None, Error::invalid(at, "", e.to_string())))?;
        translated.lang.clear();
        Ok(translated)
    }
}

/// A provider's text that a plan in `lang` would show in the file's own language.
fn untranslated(place: &str, file: &serde_json::Value, own: Lang, lang: Lang) -> Error {
    let quoted: String = translation::text_at(file, place).chars().take(60).collect();
    Error::invalid(
        format!("lang.{}.{place}", lang.tag()),
        quoted,
        format!(
            "its {} under [lang.{}] (a plan in {} shows none of the file's {} texts)",
            lang.english_name(),
            lang.tag(),
            lang.english_name(),
            own.english_name()
        ),
    )
}

impl ProtocolFile {
    /// The built-in protocol's file with its texts in `lang`, saying so (`language`), so that
    /// it reads back as what it is.
    pub fn builtin(lang: Lang) -> ProtocolFile {
        ProtocolFile {
            language: (lang != Lang::En).then_some(lang),
            ..Protocol::builtin_file(lang)
        }
    }

    /// The file as TOML.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Sweat;

    #[test]
    fn builtin_has_the_promised_rules_and_stages() {
        let p = Protocol::builtin();
        let hours = |id: &str, sweat| p.rule(id).unwrap().duration_for(sweat).num_hours();
        for (id, h) in [
            ("upright", 4),
            ("strenuous-exercise", 24),
            ("high-intensity", 48),
            ("head-down", 24),
            ("inversions", 48),
            ("facial-pressure", 48),
            ("heat", 48),
            ("alcohol", 24),
        ] {
            assert_eq!(hours(id, Sweat::Moderate), h, "{id}");
            assert!(!p.rule(id).unwrap().source.is_empty(), "{id} has no source");
        }
        assert_eq!(hours("strenuous-exercise", Sweat::Heavy), 48);
        assert_eq!(hours("heat", Sweat::Heavy), 48);
        let ids: Vec<_> = p.stages.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["settle", "ease", "build", "full"]);
        assert!(!p.warnings.emergency.is_empty() && !p.warnings.same_day.is_empty());
    }

    #[test]
    fn replace_needs_a_complete_protocol() {
        let err = Protocol::builtin()
            .with_override(
                "replace = true\n[[rule]]\nid = \"heat\"\nduration = \"2h\"\n",
                Path::new("c.toml"),
            )
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("c.toml:3: rule heat.title"), "{err}");
    }

    #[test]
    fn override_errors_name_file_line_and_field() {
        let text = "[[rule]]\nid = \"heat\"\nduration = \"soon\"\n";
        let err = Protocol::builtin()
            .with_override(text, Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "c.toml:2: rule heat.duration: invalid value \"soon\"; expected a duration such as 45m, 1h30m, 48h or 14d"
        );
        let text = "[[stage]]\nid = \"settle\"\nuntil_rule = \"strenous\"\n";
        let err = Protocol::builtin()
            .with_override(text, Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("strenuous-exercise"), "{err}");
        let err = Protocol::builtin()
            .with_override("[[rule]\n", Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("c.toml:1"), "{err}");
        let err = Protocol::builtin()
            .with_override("colour = 1\n", Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("colour"), "{err}");
    }

    #[test]
    fn a_mistyped_id_is_unknown_not_new() {
        let text = "[[rule]]\nid = \"strenuous\"\nduration = \"4h\"\n";
        let err = Protocol::builtin()
            .with_override(text, Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(
                "c.toml:2: rule.id: unknown rule \"strenuous\" (did you mean strenuous-exercise?)"
            ),
            "{err}"
        );
        let text = "[[stage]]\nid = \"eaze\"\nuntil = \"96h\"\n";
        let err = Protocol::builtin()
            .with_override(text, Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown stage \"eaze\""), "{err}");
    }

    #[test]
    fn heavy_shorter_than_normal_is_refused() {
        let text = "[[rule]]\nid = \"strenuous-exercise\"\nheavy_duration = \"12h\"\n";
        assert!(
            Protocol::builtin()
                .with_override(text, Path::new("c.toml"))
                .is_err()
        );
    }

    #[test]
    fn new_rules_and_stages_can_be_added() {
        let text = "[[rule]]\nid = \"makeup\"\ntitle = \"no makeup\"\navoid = \"Makeup.\"\nwhy = \"Rubbing.\"\nduration = \"6h\"\n";
        let p = Protocol::builtin()
            .with_override(text, Path::new("c.toml"))
            .unwrap();
        assert_eq!(p.rule("makeup").unwrap().duration.num_hours(), 6);
        assert_eq!(p.rules.len(), Protocol::builtin().rules.len() + 1);
    }
}

#[cfg(test)]
mod overlay_tests {
    use super::*;
    use crate::model::Sweat;

    #[test]
    fn the_json_made_at_build_time_says_what_the_toml_says() {
        let from_toml: ProtocolFile = toml::from_str(BUILTIN_TOML).unwrap();
        let from_toml = from_toml
            .validate(BUILTIN_TOML, Path::new("built-in protocol"), Lang::En)
            .unwrap();
        assert_eq!(from_toml, Protocol::builtin());
    }

    #[test]
    fn warnings_keep_the_sentences_a_file_leaves_out_and_refuse_bad_ones() {
        let over = |text: &str| Protocol::builtin().with_override(text, Path::new("clinic.toml"));
        let p = over("[warnings]\nemergency = [\"an emergency\"]\nsource = [\"X\"]\n").unwrap();
        assert_eq!(p.warnings.emergency, ["an emergency"]);
        assert_eq!(
            p.warnings.emergency_heading,
            Protocol::builtin().warnings.emergency_heading
        );
        assert!(p.warnings.pointer.contains("{number}"));
        let err = over("[warnings]\npointer = \"Call {phone}\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("warnings.pointer") && err.contains("{number}"),
            "{err}"
        );
        let err = over("[warnings]\nnumber = \"nine one one\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("warnings.number"), "{err}");
        // A replacement keeps the built-in sentences too.
        let before_warnings = &BUILTIN_TOML[..BUILTIN_TOML.find("\n[warnings]\n").unwrap()];
        let file = format!("replace = true\n{before_warnings}\n[warnings]\nemergency = [\"x\"]\n");
        let (_, replaced) = Protocol::merged_file(&file, Path::new("clinic.toml")).unwrap();
        assert_eq!(
            replaced.warnings.pointer,
            Protocol::builtin().warnings.pointer
        );
    }

    #[test]
    fn quiet_hours_are_read_and_checked() {
        let q = Protocol::builtin().quiet_hours.unwrap();
        assert_eq!(
            (q.from.to_string(), q.to.to_string()),
            ("22:00:00".into(), "08:00:00".into())
        );
        assert_eq!(q.awake, Duration::hours(1));
        let err = Protocol::builtin()
            .with_override(
                "[quiet_hours]\nhours = \"late\"\n",
                Path::new("clinic.toml"),
            )
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("quiet_hours.hours") && err.contains("22:00-08:00"),
            "{err}"
        );
    }

    #[test]
    fn wording_is_checked_and_reaches_the_plan() {
        let refused = |wording: &str| {
            Protocol::builtin()
                .with_override(&format!("[wording]\n{wording}\n"), Path::new("clinic.toml"))
                .unwrap_err()
                .to_string()
        };
        let err = refused("kep = \"fine\"");
        assert!(
            err.contains("unknown wording entry \"kep\" (did you mean keep?)"),
            "{err}"
        );
        let err = refused("replace = \"{minutes} min {sport}\"");
        assert!(
            err.contains("wording.replace: invalid value \"{sport}\"")
                && err.contains("minutes, activity"),
            "{err}"
        );
        let err = refused("keep = \"fine\\nas usual\"");
        assert!(err.contains("one line"), "{err}");
        // A file that replaces the protocol keeps the wording it does not give.
        let rules_only = &BUILTIN_TOML[..BUILTIN_TOML.find("\n[wording]\n").unwrap()];
        let file = format!("replace = true\n{rules_only}\n[wording]\nkeep = \"as usual\"\n");
        let (_, replaced) = Protocol::merged_file(&file, Path::new("clinic.toml")).unwrap();
        assert_eq!(replaced.wording.keep, "as usual");
        assert_eq!(
            replaced.wording.replace,
            Protocol::builtin().wording.replace
        );

        // A reworded protocol's plan says it the provider's way.
        let reworded = Protocol::builtin()
            .with_override(
                "[wording]\nreplace = \"{activity}, {minutes} minutes\"\n",
                Path::new("clinic.toml"),
            )
            .unwrap();
        let tz: crate::tz::Zone = "Europe/London".parse().unwrap();
        let start = chrono::TimeZone::with_ymd_and_hms(&tz, 2026, 12, 4, 15, 0, 0).unwrap();
        let appointment = crate::model::Appointment::new(start, 30).unwrap();
        let mut routine = crate::model::Routine::default();
        routine.add_workout("sat 09:00 45m hiit").unwrap();
        let plan = crate::plan::plan(&appointment, &routine, &reworded, Sweat::Moderate);
        assert!(
            plan.sessions[0]
                .substitute
                .starts_with("leisurely walk, 20 minutes"),
            "{}",
            plan.sessions[0].substitute
        );
    }

    /// A provider's file that sets every field of one entry of each kind; every value must
    /// reach the protocol. (An override once dropped a rule's `until_next` and `areas`.)
    #[test]
    fn an_override_reaches_every_field_of_every_entity() {
        let text = r#"
name = "Example Clinic protocol, 2026"
guidance = "Follow Example Clinic's instructions."

[sources]
X1 = "Example Clinic handout, 2026"

[[rule]]
id = "heat"
title = "no hot baths"
avoid = "Hot baths."
why = "Heat."
instead = "Cool showers."
duration = "3d"
heavy_duration = "4d"
until_next = "07:30"
areas = ["forehead"]
max_intensity = "moderate"
forbids = ["inverted"]
source = ["X1"]

[[stage]]
id = "ease"
title = "Easy does it"
advice = "Gently."
until = "5d"
max_intensity = "light"
forbids = ["heat"]
substitute_minutes = 25
scale = "half your usual load"
note = "Take it slow."
source = ["X1"]

[[reminder]]
id = "check-day-3"
kind = "care"
at = "80h"
not_before = "19:15"
follows = "ease"
title = "Look in a mirror"
text = "Check the treated areas."
alarm = false
areas = ["glabella"]
after = "setback"
visit = "touch-up"
source = ["X1"]

[[reminder]]
id = "next-treatment"
lasts = "a season"

[[area]]
id = "neck"
name = "the neck bands"
region = "face"
results = "Smoother bands."
lasts = "a while"
follow_up = "10d"
next_treatment = "100d"
warnings_first = ["trouble swallowing"]
source = ["X1"]

[[product]]
id = "botox"
name = "BotoxX"
lasts = "a few months"
results = "in a few days"
results_from = "2d"
follow_up = "12d"
next_treatment = "95d"
source = ["X1"]

[[oops]]
id = "oops-now"
kind = "check-in"
at = "1h"
title = "Look now"
text = "Any swelling?"
alarm = false
areas = ["forehead"]
after = "appointment"
source = ["X1"]

[protect]
results = ["gala"]
source = ["X1"]

[ladder]
first = "settle"
horizon = "10d"
source = ["X1"]

[setback]
hold = "36h"
forbids = ["heat", "inverted"]
advice = "Nothing hot until {until}."
source = ["X1"]

[warnings]
first = ["first sign"]
emergency = ["an emergency"]
provider = ["call us"]
routine = ["usual"]
note = "Watch out."
source = ["X1"]

[wording]
keep = "w-keep"
scale = "w-scale {scale}"
replace = "w-replace {minutes} {activity}"
skip_rules = "w-skip-rules {rules}"
skip_stage = "w-skip-stage {stage}"
day = "w-day {n}"
week = "w-week {n}"
area_review_title = "w-review {area} {when}"
area_review_text = "w-review-text {area}"
stage_left_out = "w-left-out {stage}"
date_skipped = "w-skipped {date} {zone} {workout}"
workout_twice = "w-twice"
clocks_forward = "w-forward {date} {from} {to} {tz_data}"
clocks_back = "w-back {date} {from} {to} {tz_data}"
rules_changed = "w-changed {zone} {tz_data}"
setback_stage = "w-setback {stage}"
read_as = "w-read {typed} {activity} {word}"
oops_before = "w-oops-before"
oops_not_too_soon = "w-oops-late {when} {after}"
oops_soon = "w-oops-soon {since} {stage} {length}"
oops_length = "w-oops-length {length} {sweat}"
oops_lengths = "w-oops-lengths {usual} {heavy}"
oops_heat_title = "w-oops-heat-title {activity}"
oops_heat = "w-oops-heat {activity} {until}"
"#;
        let p = Protocol::builtin()
            .with_override(text, Path::new("clinic.toml"))
            .unwrap();
        assert_eq!(p.name, "Example Clinic protocol, 2026");
        assert_eq!(p.guidance, "Follow Example Clinic's instructions.");
        assert_eq!(p.sources["X1"], "Example Clinic handout, 2026");
        // Every wording entry, by the name a file gives it: the struct's fields in turn.
        let Wording {
            keep,
            scale,
            replace,
            skip_rules,
            skip_stage,
            day,
            week,
            area_review_title,
            area_review_text,
            stage_left_out,
            date_skipped,
            workout_twice,
            clocks_forward,
            clocks_back,
            rules_changed,
            setback_stage,
            read_as,
            oops_before,
            oops_not_too_soon,
            oops_soon,
            oops_length,
            oops_lengths,
            oops_heat_title,
            oops_heat,
        } = &p.wording;
        let read = [
            keep,
            scale,
            replace,
            skip_rules,
            skip_stage,
            day,
            week,
            area_review_title,
            area_review_text,
            stage_left_out,
            date_skipped,
            workout_twice,
            clocks_forward,
            clocks_back,
            rules_changed,
            setback_stage,
            read_as,
            oops_before,
            oops_not_too_soon,
            oops_soon,
            oops_length,
            oops_lengths,
            oops_heat_title,
            oops_heat,
        ];
        assert_eq!(read.len(), Wording::ENTRIES.len());
        for ((key, _), value) in Wording::ENTRIES.iter().zip(read) {
            let written = text[text.find("[wording]").unwrap()..]
                .lines()
                .find_map(|l| l.strip_prefix(&format!("{key} = \"")))
                .unwrap();
            assert_eq!(format!("{value}\""), written, "{key}");
        }

        let r = p.rule("heat").unwrap();
        assert_eq!(
            (r.title.as_str(), r.avoid.as_str(), r.why.as_str()),
            ("no hot baths", "Hot baths.", "Heat.")
        );
        assert_eq!(r.instead.as_deref(), Some("Cool showers."));
        assert_eq!(r.duration, Duration::days(3));
        assert_eq!(r.heavy_duration, Some(Duration::days(4)));
        assert_eq!(r.until_next, chrono::NaiveTime::from_hms_opt(7, 30, 0));
        assert_eq!(r.areas, ["forehead"]);
        assert_eq!(r.max_intensity, Some(Intensity::Moderate));
        assert_eq!(r.forbids, [Attribute::Inverted]);
        assert_eq!(r.source, ["X1"]);

        let s = p.stages.iter().find(|s| s.id == "ease").unwrap();
        assert_eq!(
            (s.title.as_str(), s.advice.as_str()),
            ("Easy does it", "Gently.")
        );
        assert_eq!(s.until, Some(Until::Elapsed(Duration::days(5))));
        assert_eq!(s.max_intensity, Intensity::Light);
        assert_eq!(s.forbids, [Attribute::Heat]);
        assert_eq!(s.substitute_minutes, Some(25));
        // One text for every measure.
        assert_eq!(
            s.scale.values().collect::<Vec<_>>(),
            ["half your usual load"; 3]
        );
        assert_eq!(s.note.as_deref(), Some("Take it slow."));
        assert_eq!(s.source, ["X1"]);

        let check = |r: &Reminder, kind, at, title: &str, text: &str, area: &str, after| {
            assert_eq!(r.kind, kind);
            assert_eq!(r.at, at);
            assert_eq!((r.title.as_str(), r.text.as_str()), (title, text));
            assert!(!r.alarm);
            assert_eq!(r.areas, [area]);
            assert_eq!(r.after, after);
            assert_eq!(r.source, ["X1"]);
        };
        let day3 = p.reminders.iter().find(|r| r.id == "check-day-3").unwrap();
        check(
            day3,
            ReminderKind::Care,
            Duration::hours(80),
            "Look in a mirror",
            "Check the treated areas.",
            "glabella",
            Anchor::Setback,
        );
        assert_eq!(day3.not_before, chrono::NaiveTime::from_hms_opt(19, 15, 0));
        assert_eq!(day3.follows.as_deref(), Some("ease"));
        assert_eq!(day3.visit, Some(crate::model::Visit::TouchUp));
        let next = p.anchored(Anchor::NextTreatment).unwrap();
        assert_eq!(next.lasts.as_deref(), Some("a season"));
        let oops = p.oops.iter().find(|r| r.id == "oops-now").unwrap();
        check(
            oops,
            ReminderKind::CheckIn,
            Duration::hours(1),
            "Look now",
            "Any swelling?",
            "forehead",
            Anchor::Appointment,
        );

        let a = p.areas.iter().find(|a| a.id == "neck").unwrap();
        assert_eq!(a.name, "the neck bands");
        assert_eq!(a.region, Some(crate::model::Region::Face));
        assert_eq!(a.results.as_deref(), Some("Smoother bands."));
        assert_eq!(a.lasts.as_deref(), Some("a while"));
        assert_eq!(a.follow_up, Some(Duration::days(10)));
        assert_eq!(a.next_treatment, Some(Duration::days(100)));
        assert_eq!(a.warnings_first, ["trouble swallowing"]);
        assert_eq!(a.source, ["X1"]);

        let b = p.products.iter().find(|b| b.id == "botox").unwrap();
        assert_eq!(
            (b.name.as_str(), b.results.as_str()),
            ("BotoxX", "in a few days")
        );
        assert_eq!(b.lasts, "a few months");
        assert_eq!(
            (b.results_from, b.follow_up, b.next_treatment),
            (Duration::days(2), Duration::days(12), Duration::days(95))
        );
        assert_eq!(b.source, ["X1"]);

        assert_eq!(p.protect.results, ["gala"]);
        assert_eq!(p.protect.source, ["X1"]);
        assert_eq!(
            p.ladder,
            Some(Ladder {
                first: "settle".into(),
                horizon: Duration::days(10),
                source: vec!["X1".into()],
            })
        );
        assert_eq!(
            p.setback,
            Setback {
                hold: Duration::hours(36),
                forbids: vec![Attribute::Heat, Attribute::Inverted],
                advice: "Nothing hot until {until}.".into(),
                source: vec!["X1".into()],
            }
        );
        assert_eq!(p.warnings.first, ["first sign"]);
        assert_eq!(p.warnings.emergency, ["an emergency"]);
        assert_eq!(p.warnings.same_day, ["call us"]);
        assert_eq!(p.warnings.routine, ["usual"]);
    }

    #[test]
    fn overriding_a_rule_keeps_what_it_does_not_set_and_checks_what_it_does() {
        let over = |text: &str| Protocol::builtin().with_override(text, Path::new("c.toml"));
        // Only the title changes: the deodorant rule keeps its 07:00 and its underarm area.
        let p = over("[[rule]]\nid = \"deodorant\"\ntitle = \"no antiperspirant\"\n").unwrap();
        let r = p.rule("deodorant").unwrap();
        assert_eq!(r.until_next, chrono::NaiveTime::from_hms_opt(7, 0, 0));
        assert_eq!(r.areas, ["underarm"]);
        for (field, bad) in [
            ("until_next", "\"25:00\""),
            ("until_next", "\"tomorrow\""),
            ("areas", "[\"elbow\"]"),
        ] {
            let err = over(&format!("[[rule]]\nid = \"deodorant\"\n{field} = {bad}\n"))
                .unwrap_err()
                .to_string();
            let value = bad.trim_matches(['[', ']', '"']);
            assert!(err.contains(value), "{field} = {bad}: {err}");
        }
        // A duration needs its unit: "24" could be minutes, hours or days.
        let err = over("[[rule]]\nid = \"heat\"\nduration = \"24\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("duration") && err.contains("\"24\""), "{err}");
    }
}

#[cfg(test)]
mod language_tests {
    use super::*;
    use crate::units::placeholders;

    fn builtin_json() -> serde_json::Value {
        serde_json::from_str(BUILTIN_JSON).unwrap()
    }

    #[test]
    fn every_built_in_text_is_translated_with_the_same_placeholders() {
        let english = builtin_json();
        for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
            let over: serde_json::Value =
                serde_json::from_str(builtin_translation(lang).unwrap()).unwrap();
            let left_out = translation::uncovered(&english, Some(&over));
            assert!(left_out.is_empty(), "{lang} leaves out {left_out:?}");
            let mut translated = english.clone();
            translation::apply(&mut translated, &over, "t").unwrap();
            // Every string of a text (a sentence, each warning sign, each way to scale).
            fn strings(value: Option<&serde_json::Value>) -> Vec<String> {
                match value {
                    Some(serde_json::Value::String(s)) => vec![s.clone()],
                    Some(serde_json::Value::Array(items)) => items
                        .iter()
                        .filter_map(|i| i.as_str().map(str::to_string))
                        .collect(),
                    Some(serde_json::Value::Object(items)) => items
                        .values()
                        .filter_map(|i| i.as_str().map(str::to_string))
                        .collect(),
                    _ => Vec::new(),
                }
            }
            for place in translation::texts(&english) {
                let en = strings(translation::value_at(&english, &place));
                let there = strings(translation::value_at(&translated, &place));
                assert_eq!(en.len(), there.len(), "{lang} {place}");
                for (en, there) in en.iter().zip(&there) {
                    let mut a = placeholders(en);
                    let mut b = placeholders(there);
                    a.sort_unstable();
                    b.sort_unstable();
                    assert_eq!(a, b, "{lang} {place}: {there:?}");
                }
            }
        }
    }

    #[test]
    fn the_built_in_protocol_is_the_same_in_every_language_but_its_words() {
        let en = Protocol::builtin();
        for lang in Lang::ALL {
            let p = Protocol::builtin_in(lang);
            assert_eq!(p.lang, lang);
            let ids = |p: &Protocol| -> Vec<(String, Duration)> {
                p.rules.iter().map(|r| (r.id.clone(), r.duration)).collect()
            };
            assert_eq!(ids(&p), ids(&en));
            assert_eq!(p.stages.len(), en.stages.len());
            assert_eq!(p.reminders.len(), en.reminders.len());
            if lang != Lang::En {
                assert_ne!(
                    p.rule("heat").unwrap().title,
                    en.rule("heat").unwrap().title
                );
                assert_ne!(p.wording.day, en.wording.day);
            }
        }
    }

    #[test]
    fn a_provider_text_is_never_shown_in_another_language() {
        let file = "[[rule]]\nid = \"strenuous-exercise\"\nduration = \"4h\"\n\
                    avoid = \"Running and weights.\"\n";
        let path = Path::new("clinic.toml");
        // English: the provider's own words.
        let en = Protocol::with_override_in(file, path, Lang::En).unwrap();
        assert_eq!(
            en.rule("strenuous-exercise").unwrap().avoid,
            "Running and weights."
        );
        // French without a translation: refused, naming the text.
        let err = Protocol::with_override_in(file, path, Lang::Fr).unwrap_err();
        let said = err.to_string();
        assert!(
            said.contains("lang.fr.rule.strenuous-exercise.avoid"),
            "{said}"
        );
        assert!(said.contains("Running and weights."), "{said}");
        // A file that only changes numbers plans in every language.
        let numbers = "[[rule]]\nid = \"strenuous-exercise\"\nduration = \"4h\"\n";
        for (lang, result) in Protocol::coverage(numbers, path) {
            assert!(result.is_ok(), "{lang}: {result:?}");
        }
        // With its French, it plans in French with the provider's words; still not in German.
        let both = format!(
            "{file}\n[[lang.fr.rule]]\nid = \"strenuous-exercise\"\navoid = \"Course et musculation.\"\n"
        );
        let fr = Protocol::with_override_in(&both, path, Lang::Fr).unwrap();
        let rule = fr.rule("strenuous-exercise").unwrap();
        assert_eq!(rule.avoid, "Course et musculation.");
        assert_eq!(
            rule.duration_for(crate::model::Sweat::Moderate).num_hours(),
            4
        );
        assert_eq!(
            rule.title,
            Protocol::builtin_in(Lang::Fr)
                .rule("strenuous-exercise")
                .unwrap()
                .title
        );
        let coverage: Vec<(Lang, bool)> = Protocol::coverage(&both, path)
            .into_iter()
            .map(|(l, r)| (l, r.is_ok()))
            .collect();
        assert_eq!(
            coverage,
            [
                (Lang::En, true),
                (Lang::Es, false),
                (Lang::Fr, true),
                (Lang::De, false),
                (Lang::PtBr, false)
            ]
        );
        // A translation that changes a rule is refused.
        let sneaky =
            format!("{file}\n[[lang.fr.rule]]\nid = \"strenuous-exercise\"\nduration = \"1h\"\n");
        let err = Protocol::with_override_in(&sneaky, path, Lang::Fr).unwrap_err();
        assert!(
            err.to_string()
                .contains("lang.fr.rule.strenuous-exercise.duration"),
            "{err}"
        );
        // A file written in French plans in French as it is.
        let french = "language = \"fr\"\n[[rule]]\nid = \"heat\"\ntitle = \"pas de sauna\"\n";
        let p = Protocol::with_override_in(french, path, Lang::Fr).unwrap();
        assert_eq!(p.rule("heat").unwrap().title, "pas de sauna");
        assert!(Protocol::with_override_in(french, path, Lang::En).is_err());
    }
}
