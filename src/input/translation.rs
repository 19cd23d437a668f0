//! A protocol's texts in another language: a *translation* is a protocol file that gives only
//! texts, by id (`[[rule]] id = "heat"` with `title`, `avoid`…), and changes nothing else.
//!
//! The built-in protocol's translations are `src/data/protocol.<lang>.toml`; a provider's
//! file gives its own under `[lang.<tag>]`, in the same shape:
//!
//! ```toml
//! language = "en"            # the language of this file's own texts (English by default)
//!
//! [[rule]]
//! id = "strenuous-exercise"
//! duration = "4h"
//! avoid = "Anything that raises your heart rate."
//!
//! [[lang.fr.rule]]
//! id = "strenuous-exercise"
//! avoid = "Tout ce qui accélère le cœur."
//! ```
//!
//! A text the provider wrote in one language is never shown in another: a plan in a language
//! whose translation leaves out one of the provider's texts is refused, naming the text (see
//! [`uncovered`]), instead of mixing the provider's English with the built-in French.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// The entries of a protocol matched by `id`, and the text fields each kind has.
const ENTRIES: &[(&str, &[&str])] = &[
    ("rule", &["title", "avoid", "why", "instead"]),
    ("stage", &["title", "advice", "note", "scale"]),
    ("reminder", &["title", "text", "lasts"]),
    ("oops", &["title", "text"]),
    (
        "area",
        &[
            "name",
            "results",
            "follow_up_text",
            "warnings_first",
            "lasts",
        ],
    ),
    ("product", &["lasts", "results"]),
];

/// The tables whose fields are texts, and which fields (`None`: every field is one).
const TABLES: &[(&str, Option<&[&str]>)] = &[
    ("sources", None),
    ("wording", None),
    ("setback", Some(&["advice"])),
    (
        "warnings",
        Some(&[
            "first",
            "emergency",
            "same_day",
            "provider",
            "routine",
            "note",
            "first_heading",
            "emergency_heading",
            "same_day_heading",
            "routine_heading",
            "pointer",
        ]),
    ),
];

/// The top-level texts.
const TOP: &[&str] = &["name", "guidance"];

/// Applies the translation `over` to the protocol file `base` (both as JSON values): every
/// text it gives replaces the one of the same id and field. `at` names where the translation
/// is (`lang.fr`) in errors. A field that is not a text, an id `base` lacks or a table it does
/// not have is refused: a translation changes no rule.
pub fn apply(base: &mut Value, over: &Value, at: &str) -> Result<()> {
    let (Some(base), Some(over)) = (base.as_object_mut(), over.as_object()) else {
        return Err(Error::invalid(at, "", "a table of texts by id"));
    };
    for (key, value) in over {
        let field = format!("{at}.{key}");
        if TOP.contains(&key.as_str()) {
            base.insert(key.clone(), text(&field, value)?);
        } else if let Some((_, texts)) = ENTRIES.iter().find(|(k, _)| k == key) {
            let entries = base.get_mut(key).and_then(Value::as_array_mut);
            apply_entries(entries, value, texts, &field)?;
        } else if let Some((_, fields)) = TABLES.iter().find(|(k, _)| k == key) {
            let table = base
                .entry(key.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            apply_table(table, value, *fields, &field)?;
        } else {
            return Err(not_text(&field, key));
        }
    }
    Ok(())
}

fn apply_entries(
    entries: Option<&mut Vec<Value>>,
    over: &Value,
    texts: &[&str],
    field: &str,
) -> Result<()> {
    let Some(list) = over.as_array() else {
        return Err(Error::invalid(
            field,
            "",
            "a list of entries, each with its id",
        ));
    };
    let mut none = Vec::new();
    let entries = entries.unwrap_or(&mut none);
    for entry in list {
        let Some(entry) = entry.as_object() else {
            return Err(Error::invalid(
                field,
                "",
                "entries with an id and their texts",
            ));
        };
        let id = entry.get("id").and_then(Value::as_str).unwrap_or("");
        let known: Vec<String> = entries
            .iter()
            .filter_map(|e| e.get("id")?.as_str().map(str::to_string))
            .collect();
        let Some(target) = entries
            .iter_mut()
            .find(|e| e.get("id").and_then(Value::as_str) == Some(id))
            .and_then(Value::as_object_mut)
        else {
            return Err(Error::unknown(
                format!("{field}.id"),
                "id to translate",
                id,
                known.iter().map(String::as_str),
            ));
        };
        for (key, value) in entry.iter().filter(|(k, _)| *k != "id") {
            let at = format!("{field}.{id}.{key}");
            if !texts.contains(&key.as_str()) {
                return Err(not_text(&at, key));
            }
            target.insert(key.clone(), text(&at, value)?);
        }
    }
    Ok(())
}

fn apply_table(table: &mut Value, over: &Value, fields: Option<&[&str]>, at: &str) -> Result<()> {
    let (Some(table), Some(over)) = (table.as_object_mut(), over.as_object()) else {
        return Err(Error::invalid(at, "", "a table of texts"));
    };
    for (key, value) in over {
        let field = format!("{at}.{key}");
        let known = match fields {
            Some(fields) => fields.contains(&key.as_str()),
            // `[sources]` and `[wording]`: a translation words what is there, adds nothing.
            None => table.contains_key(key),
        };
        if !known {
            return Err(not_text(&field, key));
        }
        table.insert(key.clone(), text(&field, value)?);
    }
    Ok(())
}

/// A text as a translation may give it: a sentence, a list of sentences (the warning signs),
/// or a table of sentences (a stage's `scale`).
fn text(field: &str, value: &Value) -> Result<Value> {
    let ok = match value {
        Value::String(_) => true,
        Value::Array(items) => items.iter().all(Value::is_string),
        Value::Object(items) => items.values().all(Value::is_string),
        _ => false,
    };
    if ok {
        Ok(value.clone())
    } else {
        Err(Error::invalid(field, value.to_string(), "a text"))
    }
}

fn not_text(field: &str, key: &str) -> Error {
    Error::invalid(
        field,
        key,
        "a text of the protocol (title, avoid, why, instead, advice, note, text, name, \
         results…): a translation gives texts only, the rules stay those of the file",
    )
}

/// Every text a protocol file (as JSON) sets, by where it is: `rule.heat.avoid`,
/// `wording.day`, `warnings.pointer`.
pub fn texts(file: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let Some(file) = file.as_object() else {
        return out;
    };
    for key in TOP {
        if file.contains_key(*key) {
            out.insert(key.to_string());
        }
    }
    for (kind, fields) in ENTRIES {
        for entry in file
            .get(*kind)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let id = entry.get("id").and_then(Value::as_str).unwrap_or("");
            for field in fields.iter().filter(|f| entry.get(**f).is_some()) {
                out.insert(format!("{kind}.{id}.{field}"));
            }
        }
    }
    for (table, fields) in TABLES {
        for key in file
            .get(*table)
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if fields.is_none_or(|f| f.contains(&key.0.as_str())) {
                out.insert(format!("{table}.{}", key.0));
            }
        }
    }
    out
}

/// The texts of `file` that `translation` leaves out, first one first.
pub fn uncovered(file: &Value, translation: Option<&Value>) -> Vec<String> {
    let given = translation.map(texts).unwrap_or_default();
    texts(file).difference(&given).cloned().collect()
}

/// The text at a place (`rule.heat.avoid`) in a protocol file, for an error to quote.
pub fn text_at(file: &Value, place: &str) -> String {
    match value_at(file, place) {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// The value at a text's place (`rule.heat.avoid`) in a protocol file.
pub fn value_at<'a>(file: &'a Value, place: &str) -> Option<&'a Value> {
    let parts: Vec<&str> = place.splitn(3, '.').collect();
    match parts.as_slice() {
        [key] => file.get(*key),
        [table, key] => file.get(*table).and_then(|t| t.get(*key)),
        [kind, id, field] => file
            .get(*kind)
            .and_then(Value::as_array)
            .and_then(|list| {
                list.iter()
                    .find(|e| e.get("id").and_then(Value::as_str) == Some(*id))
            })
            .and_then(|e| e.get(*field)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_translation_replaces_texts_by_id() {
        let mut base = json!({
            "name": "x",
            "rule": [{"id": "heat", "title": "no heat", "duration": "48h"}],
            "wording": {"day": "day {n}"},
        });
        let over = json!({"rule": [{"id": "heat", "title": "pas de chaleur"}],
                          "wording": {"day": "jour {n}"}});
        apply(&mut base, &over, "lang.fr").unwrap();
        assert_eq!(base["rule"][0]["title"], "pas de chaleur");
        assert_eq!(base["rule"][0]["duration"], "48h");
        assert_eq!(base["wording"]["day"], "jour {n}");
    }

    #[test]
    fn a_translation_changes_no_rule() {
        let base = json!({"rule": [{"id": "heat", "title": "no heat", "duration": "48h"}]});
        let cases = [
            (
                json!({"rule": [{"id": "heat", "duration": "4h"}]}),
                "lang.fr.rule.heat.duration",
            ),
            (
                json!({"rule": [{"id": "hot", "title": "x"}]}),
                "lang.fr.rule.id",
            ),
            (json!({"wording": {"new": "x"}}), "lang.fr.wording.new"),
            (
                json!({"quiet_hours": {"hours": "x"}}),
                "lang.fr.quiet_hours",
            ),
            (
                json!({"rule": [{"id": "heat", "title": 3}]}),
                "lang.fr.rule.heat.title",
            ),
        ];
        for (over, field) in cases {
            let error = apply(&mut base.clone(), &over, "lang.fr").unwrap_err();
            assert_eq!(error.field(), Some(field), "{over}");
        }
    }

    #[test]
    fn uncovered_lists_the_texts_left_out() {
        let file = json!({"rule": [{"id": "heat", "title": "a", "avoid": "b", "duration": "1h"}],
                          "wording": {"day": "d"}});
        let fr = json!({"rule": [{"id": "heat", "title": "a"}]});
        assert_eq!(
            uncovered(&file, Some(&fr)),
            ["rule.heat.avoid", "wording.day"]
        );
        assert_eq!(text_at(&file, "rule.heat.avoid"), "b");
        assert!(uncovered(&json!({"rule": [{"id": "heat", "duration": "1h"}]}), None).is_empty());
    }
}
