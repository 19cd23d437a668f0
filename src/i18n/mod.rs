//! The languages aftercare speaks, and the message catalogues its renderers read.
//!
//! English is the source; Spanish, French, German and Brazilian Portuguese are translations.
//! Two kinds of text are translated, each where it belongs:
//!
//! - **The protocol's texts** (rules, stages, reminders, warning signs, the planner's own
//!   sentences) are clinical data: `src/data/protocol.<lang>.toml` gives each built-in text in
//!   that language, by id, and a provider's file gives its own under `[lang.<tag>]` (see
//!   [`crate::input::protocol`]). The activity names are in `src/data/activities.<lang>.toml`.
//! - **The renderers' words** (headings, labels, calendar and e-mail sentences) are Project
//!   Fluent messages, one file per language and output in `src/i18n/<lang>/`, compiled in.
//!
//! Dates use the language's own weekday and month names (the glibc locale data that chrono's
//! `unstable-locales` carries) in an order each catalogue gives (`date-day` and friends).
//!
//! ```
//! use aftercare::i18n::Lang;
//!
//! let lang: Lang = "fr_FR.UTF-8".parse().unwrap();
//! assert_eq!(lang, Lang::Fr);
//! assert_eq!(Lang::negotiate("de-CH, en;q=0.5"), Some(Lang::De));
//! // French typography: a narrow no-break space before the colon.
//! assert_eq!(lang.tr("text-restrictions-heading", &[("when", "ven. 4 déc. 15:30")]),
//!            "Restrictions, à partir de la fin du rendez-vous (ven. 4 déc. 15:30)\u{202f}:");
//! ```

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// A language aftercare writes in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// English, the source language.
    #[default]
    En,
    /// Spanish (Spain).
    Es,
    /// French (France).
    Fr,
    /// German (Germany).
    De,
    /// Brazilian Portuguese.
    PtBr,
}

impl Lang {
    /// Every language, the source first.
    pub const ALL: [Lang; 5] = [Lang::En, Lang::Es, Lang::Fr, Lang::De, Lang::PtBr];

    /// The language's place in [`Lang::ALL`]: the index of its entry in per-language caches.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The BCP 47 tag (`pt-BR`), as in `lang` attributes, RFC 5545 `LANGUAGE` and file names.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
            Lang::Fr => "fr",
            Lang::De => "de",
            Lang::PtBr => "pt-BR",
        }
    }

    /// The language's name in itself, for a language switch (`Español`).
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Es => "Español",
            Lang::Fr => "Français",
            Lang::De => "Deutsch",
            Lang::PtBr => "Português (Brasil)",
        }
    }

    /// The language's name in English, for messages to providers and translators (`French`).
    pub fn english_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Es => "Spanish",
            Lang::Fr => "French",
            Lang::De => "German",
            Lang::PtBr => "Brazilian Portuguese",
        }
    }

    /// The locale whose weekday and month names dates use.
    pub fn chrono_locale(self) -> chrono::Locale {
        match self {
            Lang::En => chrono::Locale::en_GB,
            Lang::Es => chrono::Locale::es_ES,
            Lang::Fr => chrono::Locale::fr_FR,
            Lang::De => chrono::Locale::de_DE,
            Lang::PtBr => chrono::Locale::pt_BR,
        }
    }

    /// The language of the environment, as POSIX orders it: `LC_ALL`, then `LC_MESSAGES`, then
    /// `LANG`; the first one set decides, and one that names no language of ours (`C`,
    /// `ja_JP.UTF-8`) means English. `None` when none is set.
    pub fn from_env_vars(get: impl Fn(&str) -> Option<String>) -> Option<Lang> {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| get(name).filter(|v| !v.is_empty()))
            .map(|value| value.parse().unwrap_or_default())
            .next()
    }

    /// The best language for an HTTP `Accept-Language` header (RFC 9110 §12.5.4): the one
    /// with the highest weight that aftercare speaks; `None` when it asks for none of them
    /// (the caller chooses: a clinic's language, else English).
    pub fn negotiate(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, usize, Lang)> = None;
        for (i, item) in header.split(',').enumerate() {
            let mut parts = item.split(';');
            let Ok(lang) = parts.next().unwrap_or("").trim().parse::<Lang>() else {
                continue;
            };
            let weight = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if weight <= 0.0 {
                continue;
            }
            // Higher weight wins; between equal weights, the one listed first.
            let better = best.is_none_or(|(w, j, _)| weight > w || (weight == w && i < j));
            if better {
                best = Some((weight, i, lang));
            }
        }
        best.map(|(_, _, lang)| lang)
    }

    /// The message `id` with its variables filled in. Every id exists in every language (a
    /// test checks it), so a missing one is a bug: it is shown as `[id]`, never as another
    /// language's text.
    pub fn tr(self, id: &str, args: &[(&str, &str)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, FluentValue::from(*value));
        }
        self.format(id, &fluent_args)
    }

    /// [`Lang::tr`] of a message without variables (the pages' templates call it).
    pub fn t(self, id: &str) -> String {
        self.tr(id, &[])
    }

    /// [`Lang::tr`] for a message that chooses its words by a number (`$n` in
    /// `-> [one] … *[other] …`): the count is passed as a number, so the language's plural
    /// rules apply.
    pub fn tr_n(self, id: &str, n: i64, args: &[(&str, &str)]) -> String {
        let mut fluent_args = FluentArgs::new();
        fluent_args.set("n", FluentValue::from(n));
        for (name, value) in args {
            fluent_args.set(*name, FluentValue::from(*value));
        }
        self.format(id, &fluent_args)
    }

    fn format(self, id: &str, args: &FluentArgs) -> String {
        let bundle = bundle(self);
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            return format!("[{id}]");
        };
        let mut errors = Vec::new();
        let text = bundle
            .format_pattern(pattern, Some(args), &mut errors)
            .into_owned();
        if self == Lang::En && pseudo_locale() {
            pseudo(&text)
        } else {
            text
        }
    }

    /// A title as it reads inside a sentence: lower case, except in German, where nouns keep
    /// their capital ("the ease back stage", but "Phase „Schonen“").
    pub fn in_sentence(self, title: &str) -> String {
        match self {
            Lang::De => title.to_string(),
            _ => title.to_lowercase(),
        }
    }

    /// What separates the items of a list in a sentence (`; `; French puts a narrow no-break
    /// space before the semicolon).
    pub fn separator(self) -> &'static str {
        match self {
            Lang::Fr => "\u{202f}; ",
            _ => "; ",
        }
    }

    /// Whether the catalogue has the message `id` (tests, and texts that are optional).
    pub fn has(self, id: &str) -> bool {
        bundle(self).has_message(id)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// Whether English is shown as a pseudo-locale (`AFTERCARE_PSEUDO_LOCALE=1`, read once):
/// the browser tests' way to find text that is not in the catalogues (it stays plain) and
/// layouts that break with longer words. Not a language anyone reads.
pub fn pseudo_locale() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("AFTERCARE_PSEUDO_LOCALE").is_some_and(|v| v == "1"))
}

/// `text` in the pseudo-locale: its letters accented, 40 % longer, in brackets; the markup,
/// the entities and the `{placeholders}` of a text that holds some are left as they are.
///
/// ```
/// assert_eq!(aftercare::i18n::pseudo("Day by day"), "[Ðåý ƀý ðåý ~~~~]");
/// ```
pub fn pseudo(text: &str) -> String {
    const PLAIN: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const ACCENTED: &str = "åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ";
    let accented: Vec<char> = ACCENTED.chars().collect();
    let mut out = String::from("[");
    let (mut in_tag, mut in_entity) = (false, false);
    let mut letters: usize = 0;
    for c in text.chars() {
        match c {
            '<' | '{' => in_tag = true,
            '>' | '}' if in_tag => in_tag = false,
            '&' if !in_tag => in_entity = true,
            ';' if in_entity => in_entity = false,
            _ => {}
        }
        match PLAIN.find(c) {
            Some(i) if !in_tag && !in_entity => {
                letters += 1;
                out.push(accented[i]);
            }
            _ => out.push(c),
        }
    }
    out.push(' ');
    out.push_str(&"~".repeat((letters * 2).div_ceil(5).max(1)));
    out.push(']');
    out
}

/// A language name aftercare does not speak.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a language aftercare speaks; expected one of en, es, fr, de, pt-BR")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;

    /// Reads a BCP 47 tag (`es`, `es-MX`, `pt-BR`) or a POSIX locale (`de_DE.UTF-8`,
    /// `fr_FR@euro`): the language decides, and Portuguese is Brazil's (the only one we have).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let base = text.trim().split(['.', '@']).next().unwrap_or("");
        let primary = base
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "en" => Ok(Lang::En),
            "es" => Ok(Lang::Es),
            "fr" => Ok(Lang::Fr),
            "de" => Ok(Lang::De),
            "pt" => Ok(Lang::PtBr),
            _ => Err(UnknownLang(text.to_string())),
        }
    }
}

impl serde::Serialize for Lang {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.tag())
    }
}

impl<'de> serde::Deserialize<'de> for Lang {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The catalogue files of one language, in the order they are loaded.
fn sources(lang: Lang) -> &'static [&'static str] {
    macro_rules! files {
        ($dir:literal) => {
            &[
                include_str!(concat!($dir, "/plan.ftl")),
                include_str!(concat!($dir, "/calendar.ftl")),
                include_str!(concat!($dir, "/mail.ftl")),
                include_str!(concat!($dir, "/pages.ftl")),
                include_str!(concat!($dir, "/desk.ftl")),
            ]
        };
    }
    match lang {
        Lang::En => files!("en"),
        Lang::Es => files!("es"),
        Lang::Fr => files!("fr"),
        Lang::De => files!("de"),
        Lang::PtBr => files!("pt-BR"),
    }
}

/// The catalogue files of `lang` as text (for the tests that compare languages).
pub fn catalogue_sources(lang: Lang) -> &'static [&'static str] {
    sources(lang)
}

fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    static BUNDLES: [OnceLock<FluentBundle<FluentResource>>; 5] = [const { OnceLock::new() }; 5];
    let index = lang.index();
    BUNDLES[index].get_or_init(|| {
        let tag: unic_langid::LanguageIdentifier =
            lang.tag().parse().expect("our tags are valid BCP 47");
        let mut bundle = FluentBundle::new_concurrent(vec![tag]);
        // No Unicode isolation marks around variables: the texts go into calendars, e-mails
        // and terminals, where the invisible marks would be stray characters.
        bundle.set_use_isolating(false);
        for source in sources(lang) {
            // The catalogues are checked by the tests: one that does not parse fails them.
            let resource = FluentResource::try_new(source.to_string())
                .unwrap_or_else(|(resource, _)| resource);
            bundle.add_resource_overriding(resource);
        }
        bundle
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_s_index_is_its_place_in_all() {
        for (i, lang) in Lang::ALL.into_iter().enumerate() {
            assert_eq!(lang.index(), i, "{lang}");
        }
    }

    #[test]
    fn reads_tags_and_locales() {
        assert_eq!("pt-BR".parse::<Lang>().unwrap(), Lang::PtBr);
        assert_eq!("pt_PT.UTF-8".parse::<Lang>().unwrap(), Lang::PtBr);
        assert_eq!("ES-mx".parse::<Lang>().unwrap(), Lang::Es);
        assert_eq!("de_DE@euro".parse::<Lang>().unwrap(), Lang::De);
        assert!("ja_JP.UTF-8".parse::<Lang>().is_err());
        assert!("C".parse::<Lang>().is_err());
    }

    #[test]
    fn environment_follows_posix_order() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            Lang::from_env_vars(env(&[("LANG", "fr_FR.UTF-8"), ("LC_ALL", "de_DE.UTF-8")])),
            Some(Lang::De)
        );
        assert_eq!(
            Lang::from_env_vars(env(&[("LANG", "fr_FR.UTF-8"), ("LC_MESSAGES", "")])),
            Some(Lang::Fr)
        );
        assert_eq!(Lang::from_env_vars(env(&[("LANG", "C")])), Some(Lang::En));
        assert_eq!(Lang::from_env_vars(env(&[])), None);
    }

    #[test]
    fn accept_language_takes_the_heaviest_known() {
        assert_eq!(Lang::negotiate("ja, fr;q=0.8, es;q=0.9"), Some(Lang::Es));
        assert_eq!(Lang::negotiate("pt-BR,pt;q=0.9,en;q=0.8"), Some(Lang::PtBr));
        assert_eq!(Lang::negotiate("de;q=0, fr;q=0.1"), Some(Lang::Fr));
        assert_eq!(Lang::negotiate("*"), None);
        assert_eq!(Lang::negotiate(""), None);
        assert_eq!(Lang::negotiate("es, fr"), Some(Lang::Es));
    }
}
