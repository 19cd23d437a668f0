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
            clinic.contact_line(),
            "Questions or worries: Example Clinic, 020 7946 0000 (after hours: 020 7946 0999)."
        );
        let err = Clinic::parse("name = \"A\\nB\"\n", Path::new("clinic.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("name: invalid value"), "{err}");
        let err = Clinic::parse("name = \"A\"\nfax = \"1\"\n", Path::new("clinic.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown field `fax`"), "{err}");
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
