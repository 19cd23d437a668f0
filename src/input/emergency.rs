//! The emergency number of a plan's country, for the warning signs' emergency line: the time
//! zone gives the country (`src/data/zone-country.tab`, derived from the tz database's
//! `zone.tab` and `zone1970.tab`), the country gives the number (`src/data/emergency.toml`,
//! with a documented default for a zone or a country not listed). A clinic profile's own
//! number wins over both; that choice is the renderers' ([`crate::render::emergency_number`]).
//!
//! ```
//! use aftercare::input::emergency::number_for_zone;
//! assert_eq!(number_for_zone("Europe/London"), "999");
//! assert_eq!(number_for_zone("America/New_York"), "911");
//! assert_eq!(number_for_zone("Australia/Sydney"), "000");
//! assert_eq!(number_for_zone("Etc/UTC"), "112");
//! ```

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

/// `src/data/emergency.toml`: country -> number, and the default.
const NUMBERS_TOML: &str = include_str!("../data/emergency.toml");
/// `src/data/zone-country.tab`: zone, a tab, country; `#` comments.
const ZONES_TAB: &str = include_str!("../data/zone-country.tab");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Numbers {
    default: String,
    numbers: BTreeMap<String, String>,
}

fn numbers() -> &'static Numbers {
    static NUMBERS: OnceLock<Numbers> = OnceLock::new();
    NUMBERS.get_or_init(|| {
        toml::from_str(NUMBERS_TOML).expect("the built-in emergency numbers are valid TOML")
    })
}

/// The country (ISO 3166-1 alpha-2) of a time zone, if it has one.
pub fn country_of_zone(zone: &str) -> Option<&'static str> {
    ZONES_TAB
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .find(|(name, _)| *name == zone)
        .map(|(_, country)| country.trim_end())
}

/// The emergency number of a country, or the default.
pub fn number_for_country(country: Option<&str>) -> &'static str {
    let n = numbers();
    country
        .and_then(|c| n.numbers.get(c))
        .unwrap_or(&n.default)
        .as_str()
}

/// The emergency number of the country a time zone is in, or the default.
pub fn number_for_zone(zone: &str) -> &'static str {
    number_for_country(country_of_zone(zone))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_number_and_zone_row_is_well_formed() {
        let n = numbers();
        crate::input::protocol::check_number("default", &n.default).unwrap();
        for (country, number) in &n.numbers {
            assert!(
                country.len() == 2 && country.chars().all(|c| c.is_ascii_uppercase()),
                "{country}"
            );
            crate::input::protocol::check_number(country, number).unwrap();
        }
        let rows: Vec<&str> = ZONES_TAB.lines().filter(|l| !l.starts_with('#')).collect();
        assert!(rows.len() > 400);
        for row in rows {
            let (zone, country) = row.split_once('\t').unwrap();
            assert!(zone.parse::<chrono_tz::Tz>().is_ok(), "{zone}");
            assert_eq!(country.len(), 2, "{row}");
        }
    }

    #[test]
    fn major_countries_have_their_own_number() {
        for (zone, number) in [
            ("America/New_York", "911"),
            ("America/Toronto", "911"),
            ("America/Mexico_City", "911"),
            ("Europe/London", "999"),
            ("Europe/Belfast", "999"),
            ("Europe/Madrid", "112"),
            ("Europe/Berlin", "112"),
            ("Australia/Sydney", "000"),
            ("Pacific/Auckland", "111"),
            ("Asia/Tokyo", "119"),
            ("Asia/Kolkata", "112"),
            ("America/Sao_Paulo", "192"),
            ("Africa/Johannesburg", "10177"),
            ("Asia/Shanghai", "120"),
            ("Asia/Seoul", "119"),
            ("Asia/Singapore", "995"),
            ("US/Eastern", "911"),
            ("UTC", "112"),
        ] {
            assert_eq!(number_for_zone(zone), number, "{zone}");
        }
    }
}
