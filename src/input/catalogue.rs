//! The built-in activity catalogue (`src/data/activities.toml`, printed by
//! `aftercare activities`).

use serde::Deserialize;

use crate::model::activity::{Activity, Catalogue};

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
