//! The clinic a plan comes from: who the patient contacts, and how. Read from a clinic profile
//! ([`crate::input::clinic`]); shown in every human-readable output, so "contact your provider"
//! names who and how.

use serde::{Deserialize, Serialize};

/// A clinic's profile. Every field but the name is optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clinic {
    /// Its name (`Example Clinic`).
    pub name: String,
    /// The phone number patients call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// The number to call out of hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_hours: Option<String>,
    /// The emergency number its patients call (`999`), when it should not be the one of the
    /// plan's country: it wins in the warning signs' emergency line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emergency: Option<String>,
    /// Its address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Its website.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// Where patients book their follow-up visit (an `https://` address): the follow-up
    /// e-mail on the results day links to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking: Option<String>,
    /// A short paragraph at the top of messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intro: Option<String>,
    /// How messages end (`The team at Example Clinic`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_off: Option<String>,
    /// Its IANA time zone (`Europe/Madrid`): the default zone of the desk's and the patient
    /// form's zone select (so nobody books in UTC by accident), and the zone of a day's
    /// list's rows that give none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tz: Option<String>,
    /// How its booking system writes dates with slashes: `dmy` (01/12/2026 is 1 December) or
    /// `mdy` (12 January); chosen once, the default of every day's list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_order: Option<String>,
    /// The language of its patients unless they say theirs (`es`): the web app's pages for
    /// a browser that asks for none of aftercare's languages, the hand-over's first choice,
    /// and a day's list's rows without a language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<crate::i18n::Lang>,
}

impl Clinic {
    /// Its time zone, when its profile names one ([`Clinic::parse`] checked it).
    pub fn zone(&self) -> Option<crate::tz::Zone> {
        self.tz
            .as_deref()
            .and_then(|name| crate::tz::parse_zone("tz", name).ok())
    }

    /// Its date order: the one its profile names ([`Clinic::parse`] checked it), else day
    /// first when its patients' language is not English (Spanish, French, German and
    /// Brazilian dates with slashes are all day first: only English writes them both ways).
    pub fn date_order(&self) -> Option<crate::input::when::DateOrder> {
        self.date_order
            .as_deref()
            .and_then(|o| o.parse().ok())
            .or_else(|| {
                self.language
                    .filter(|l| *l != crate::i18n::Lang::En)
                    .map(|_| crate::input::when::DateOrder::DayMonthYear)
            })
    }

    /// "Questions or worries: Example Clinic, 020 7946 0000 (after hours: 020 7946 0999)."
    pub fn contact_line(&self, lang: crate::i18n::Lang) -> String {
        let mut out = lang.tr("clinic-contact", &[("name", &self.name)]);
        if let Some(phone) = &self.phone {
            out.push_str(&format!(", {phone}"));
        }
        if let Some(after) = &self.after_hours {
            out.push(' ');
            out.push_str(&lang.tr("clinic-after-hours", &[("phone", after)]));
        }
        out.push('.');
        for extra in [&self.address, &self.website].into_iter().flatten() {
            out.push_str(&format!(" {extra}."));
        }
        out
    }
}
