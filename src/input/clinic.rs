//! Clinic profiles (`--clinic FILE`): TOML, or JSON by extension, checked like every other file.

use std::path::Path;

use crate::error::{Error, Result};
use crate::input;
use crate::model::Clinic;

impl Clinic {
    /// Parses a clinic profile. The name, phone numbers, address and website go into calendar
    /// text and message headers: one line each, no control characters.
    pub fn parse(text: &str, path: &Path) -> Result<Self> {
        let clinic: Clinic = input::parse_structured(text, path)?;
        let one_line = |field: &str, value: &str| {
            if value.trim().is_empty() && field == "name" {
                return Err(Error::invalid(field, value, "the clinic's name"));
            }
            if value
                .chars()
                .any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'))
            {
                return Err(Error::invalid(
                    field,
                    value,
                    "one line of text without control characters",
                ));
            }
            Ok(())
        };
        let line = |field: &str| {
            text.lines()
                .position(|l| l.trim_start().starts_with(field))
                .map(|i| i + 1)
        };
        let fields = [
            ("name", Some(&clinic.name)),
            ("phone", clinic.phone.as_ref()),
            ("after_hours", clinic.after_hours.as_ref()),
            ("address", clinic.address.as_ref()),
            ("website", clinic.website.as_ref()),
        ];
        for (field, value) in fields {
            if let Some(value) = value {
                one_line(field, value).map_err(|e| input::file_error(path, line(field), e))?;
            }
        }
        if let Some(zone) = &clinic.tz {
            crate::tz::parse_zone("tz", zone)
                .map_err(|e| input::file_error(path, line("tz"), e))?;
        }
        if let Some(order) = &clinic.date_order {
            order
                .parse::<crate::input::when::DateOrder>()
                .map_err(|_| {
                    Error::invalid("date_order", order, "dmy (day first) or mdy (month first)")
                })
                .map_err(|e| input::file_error(path, line("date_order"), e))?;
        }
        if let Some(booking) = &clinic.booking {
            let web = url::Url::parse(booking)
                .ok()
                .filter(|u| matches!(u.scheme(), "https" | "http") && u.host_str().is_some());
            if web.is_none() {
                return Err(input::file_error(
                    path,
                    line("booking"),
                    Error::invalid(
                        "booking",
                        booking,
                        "a web address such as https://example.com/book",
                    ),
                ));
            }
        }
        if let Some(number) = &clinic.emergency {
            crate::input::protocol::check_number("emergency", number)
                .map_err(|e| input::file_error(path, line("emergency"), e))?;
        }
        Ok(clinic)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_reads_and_a_bad_one_is_refused_with_its_field() {
        let clinic = Clinic::parse(
            "name = \"Example Clinic\"\nphone = \"020 7946 0000\"\nafter_hours = \"020 7946 0999\"\n",
            Path::new("clinic.toml"),
        )
        .unwrap();
        assert_eq!(
            clinic.contact_line(crate::i18n::Lang::En),
            "Questions or worries: Example Clinic, 020 7946 0000 (after hours: 020 7946 0999)."
        );
        let madrid = Clinic::parse(
            "name = \"Clínica Sol\"\ntz = \"Europe/Madrid\"\ndate_order = \"dmy\"\n",
            Path::new("clinic.toml"),
        )
        .unwrap();
        assert_eq!(
            madrid.zone().map(|z| z.name().to_string()).as_deref(),
            Some("Europe/Madrid")
        );
        assert_eq!(
            madrid.date_order(),
            Some(crate::input::when::DateOrder::DayMonthYear)
        );
        for bad in ["tz = \"Europe/Madird\"", "date_order = \"ymd\""] {
            let err = Clinic::parse(&format!("name = \"A\"\n{bad}\n"), Path::new("clinic.toml"))
                .unwrap_err()
                .to_string();
            assert!(err.contains("clinic.toml:2"), "{err}");
        }
        let err = Clinic::parse("name = \"A\\nB\"\n", Path::new("clinic.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("name: invalid value"), "{err}");
        let err = Clinic::parse("name = \"A\"\nfax = \"1\"\n", Path::new("clinic.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown field `fax`"), "{err}");
        let madrid = Clinic::parse(
            "name = \"A\"\ntz = \"Europe/Madrid\"\n",
            Path::new("clinic.toml"),
        )
        .unwrap();
        assert_eq!(madrid.tz.as_deref(), Some("Europe/Madrid"));
        let err = Clinic::parse("name = \"A\"\ntz = \"UTC+1\"\n", Path::new("clinic.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("tz:") && err.contains("UTC+1"), "{err}");
        let err = Clinic::parse(
            "name = \"A\"\nbooking = \"call us\"\n",
            Path::new("clinic.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("booking") && err.contains("web address"),
            "{err}"
        );
    }
}
