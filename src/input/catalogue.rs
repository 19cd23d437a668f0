//! The built-in activity catalogue (`src/data/activities.toml`, printed by
//! `aftercare activities`).

use serde::Deserialize;

use crate::error::{Error, Result};
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
    fn the_json_made_at_build_time_says_what_the_toml_says() {
        let file: CatalogueFile = toml::from_str(BUILTIN_TOML).unwrap();
        let mut from_toml = Catalogue::empty();
        from_toml.extend(file.activity).unwrap();
        assert_eq!(from_toml, Catalogue::builtin());
        assert!(from_toml.len() > 30);
    }
}
