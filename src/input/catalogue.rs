//! The built-in activity catalogue (`src/data/activities.toml`, printed by
//! `aftercare activities`).

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::model::Routine;
use crate::model::activity::{Activity, Catalogue, Reading};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueFile {
    activity: Vec<Activity>,
}

/// The built-in catalogue's source text.
pub const BUILTIN_TOML: &str = include_str!("../data/activities.toml");

/// [`BUILTIN_TOML`] converted to JSON at build time (`build.rs`): it reads several times
/// faster, which a single plan's start feels.
const BUILTIN_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/activities.json"));

impl Catalogue {
    /// The built-in catalogue (parsed once per process: batches ask for it on every row).
    pub fn builtin() -> Self {
        static BUILTIN: std::sync::OnceLock<Catalogue> = std::sync::OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                // The embedded file is checked by a unit test, so this cannot fail at run time.
                let file: CatalogueFile = serde_json::from_str(BUILTIN_JSON)
                    .expect("the built-in activity catalogue converts to valid JSON");
                let mut catalogue = Catalogue::empty();
                catalogue
                    .extend(file.activity)
                    .expect("the built-in activity catalogue is consistent");
                catalogue
            })
            .clone()
    }
}

/// The built-in activities' names in one language, by id (`src/data/activities.<lang>.toml`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Names {
    name: String,
    short: Option<String>,
}

/// [`Names`] for `lang`, as JSON (`build.rs` converts the TOML); English is the source.
fn names_json(lang: Lang) -> Option<&'static str> {
    match lang {
        Lang::En => None,
        Lang::Es => Some(include_str!(concat!(
            env!("OUT_DIR"),
            "/activities.es.json"
        ))),
        Lang::Fr => Some(include_str!(concat!(
            env!("OUT_DIR"),
            "/activities.fr.json"
        ))),
        Lang::De => Some(include_str!(concat!(
            env!("OUT_DIR"),
            "/activities.de.json"
        ))),
        Lang::PtBr => Some(include_str!(concat!(
            env!("OUT_DIR"),
            "/activities.pt-BR.json"
        ))),
    }
}

fn names(lang: Lang) -> &'static std::collections::BTreeMap<String, Names> {
    static NAMES: [std::sync::OnceLock<std::collections::BTreeMap<String, Names>>; 5] =
        [const { std::sync::OnceLock::new() }; 5];
    let index = lang.index();
    NAMES[index].get_or_init(|| {
        names_json(lang)
            .map(|json| serde_json::from_str(json).expect("the activity names read as JSON"))
            .unwrap_or_default()
    })
}

impl Catalogue {
    /// The built-in catalogue with its names in `lang` (the same activities, ids and
    /// attributes: only what people read changes).
    pub fn builtin_in(lang: Lang) -> Self {
        Catalogue::builtin().in_lang(lang)
    }

    /// This catalogue with the built-in activities' names in `lang`; a provider's or a
    /// person's own activities keep the names they were given.
    pub fn in_lang(&self, lang: Lang) -> Self {
        let names = names(lang);
        let builtin = Catalogue::builtin();
        let mut out = Catalogue::empty();
        let activities = self.iter().map(|a| {
            let mut a = a.clone();
            let own = builtin.get(&a.id).is_some_and(|b| b.name == a.name);
            if let Some(n) = names.get(&a.id).filter(|_| own) {
                a.name = n.name.clone();
                a.short = n.short.clone();
            }
            a
        });
        // The same activities as `self`, which was consistent: renaming keeps it so.
        out.extend(activities.collect::<Vec<_>>())
            .expect("renamed activities stay consistent");
        out
    }
}

/// `routine` with the built-in activities' names in `lang`: in its catalogue, and as the
/// name of each workout that was named by its activity (a workout the person named keeps
/// its name).
pub fn routine_in(routine: &Routine, lang: Lang) -> Routine {
    if lang == Lang::En {
        return routine.clone();
    }
    let catalogue = routine.catalogue.in_lang(lang);
    let mut out = routine.clone();
    for w in &mut out.workouts {
        let (Some(before), Some(after)) = (
            routine.catalogue.get(&w.activity),
            catalogue.get(&w.activity),
        ) else {
            continue;
        };
        if w.name == crate::units::capitalise(&before.name) {
            w.name = crate::units::capitalise(&after.name);
        }
    }
    for r in &mut out.readings {
        if let Some(after) = catalogue.get(&r.activity) {
            r.name = after.name.clone();
        }
    }
    out.catalogue = catalogue;
    out
}

impl Catalogue {
    /// The activity for what a person typed in `field`: its id, the id written with spaces
    /// ("hot yoga"), or words the calendar importer knows ("lifting", "bikram"). When only some
    /// of the words decided ("underwater hockey 9000" by "hockey"), the [`Reading`] says how
    /// it was read, for the plan's note. Words that match nothing are refused with the nearest
    /// ids, and so are control characters (a line break would smuggle text past the reading).
    pub fn read(&self, field: &str, typed: &str) -> Result<(&Activity, Option<Reading>)> {
        crate::input::limits::chars(field, typed, crate::input::limits::MAX_NAME_CHARS)?;
        if typed.chars().any(char::is_control) {
            return Err(Error::invalid(
                field,
                typed,
                "an activity id or a few words, without line breaks, tabs or other control \
                 characters",
            ));
        }
        let id = typed
            .trim()
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join("-");
        if let Some(found) = self.get(&id) {
            return Ok((found, None));
        }
        // A built-in activity's name in a language aftercare speaks ("course à pied", "Krafttraining").
        let key = |s: &str| s.trim().to_lowercase();
        let wanted = key(typed);
        let named = Lang::ALL.into_iter().find_map(|lang| {
            names(lang)
                .iter()
                .find(|(_, n)| {
                    key(&n.name) == wanted || n.short.as_deref().is_some_and(|s| key(s) == wanted)
                })
                .and_then(|(id, _)| self.get(id))
        });
        if let Some(found) = named {
            return Ok((found, None));
        }
        let matched = crate::input::calendar::Matcher::shared()
            .matched(typed)
            .and_then(|m| Some((self.get(m.activity)?, m)));
        match matched {
            Some((found, m)) => {
                let reading = (!m.whole).then(|| Reading {
                    typed: typed.trim().to_string(),
                    activity: found.id.clone(),
                    name: found.name.clone(),
                    word: m.word,
                    workout: String::new(),
                });
                Ok((found, reading))
            }
            None => self.lookup(field, typed).map(|found| (found, None)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_activity_is_read_by_its_name_in_any_language() {
        let catalogue = Catalogue::builtin();
        for (typed, id) in [
            ("course à pied", "running"),
            ("Laufen", "running"),
            ("Krafttraining", "weights"),
            ("hot yoga", "hot-yoga"),
        ] {
            assert_eq!(catalogue.read("did", typed).unwrap().0.id, id, "{typed}");
        }
        assert!(
            catalogue
                .read("did", "Unterwasserrugby im Mondschein")
                .is_err()
        );
    }

    #[test]
    fn the_json_made_at_build_time_says_what_the_toml_says() {
        let file: CatalogueFile = toml::from_str(BUILTIN_TOML).unwrap();
        let mut from_toml = Catalogue::empty();
        from_toml.extend(file.activity).unwrap();
        assert_eq!(from_toml, Catalogue::builtin());
        assert!(from_toml.len() > 30);
    }
}
