//! Every language aftercare speaks: its catalogues are complete, and a plan in it (text view,
//! calendar, e-mail) says nothing in English but the words the person typed.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use aftercare::i18n::Lang;
use common::server::Server;
use common::*;
use fluent_syntax::ast;

// ---------------------------------------------------------------------------------------------
// The catalogues.

/// Each message of a catalogue file with its variables and the keys of its selectors.
fn messages(source: &str) -> BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> {
    let resource = fluent_syntax::parser::parse(source).unwrap_or_else(|(_, errors)| {
        panic!("a catalogue does not parse: {errors:?}");
    });
    let mut out = BTreeMap::new();
    for entry in resource.body {
        if let ast::Entry::Message(m) = entry {
            let mut vars = BTreeSet::new();
            let mut keys = BTreeSet::new();
            if let Some(value) = &m.value {
                pattern(value, &mut vars, &mut keys);
            }
            out.insert(m.id.name.to_string(), (vars, keys));
        }
    }
    out
}

fn pattern(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>, keys: &mut BTreeSet<String>) {
    for element in &p.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_vars(expression, vars, keys);
        }
    }
}

fn expression_vars(
    e: &ast::Expression<&str>,
    vars: &mut BTreeSet<String>,
    keys: &mut BTreeSet<String>,
) {
    match e {
        ast::Expression::Inline(inline) => inline_vars(inline, vars, keys),
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, vars, keys);
            for v in variants {
                let key = match &v.key {
                    ast::VariantKey::Identifier { name } => name.to_string(),
                    ast::VariantKey::NumberLiteral { value } => value.to_string(),
                };
                keys.insert(format!("{}{key}", if v.default { "*" } else { "" }));
                pattern(&v.value, vars, keys);
            }
        }
    }
}

fn inline_vars(
    e: &ast::InlineExpression<&str>,
    vars: &mut BTreeSet<String>,
    keys: &mut BTreeSet<String>,
) {
    match e {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, vars, keys),
        _ => {}
    }
}

#[test]
fn every_message_is_in_every_language_with_the_same_variables() {
    let english = aftercare::i18n::catalogue_sources(Lang::En);
    for lang in Lang::ALL {
        let theirs = aftercare::i18n::catalogue_sources(lang);
        assert_eq!(theirs.len(), english.len());
        for (en, there) in english.iter().zip(theirs) {
            let (en, there) = (messages(en), messages(there));
            let missing: Vec<_> = en.keys().filter(|id| !there.contains_key(*id)).collect();
            let extra: Vec<_> = there.keys().filter(|id| !en.contains_key(*id)).collect();
            assert!(missing.is_empty(), "{lang} lacks {missing:?}");
            assert!(extra.is_empty(), "{lang} has ids English lacks: {extra:?}");
            for (id, (vars, _)) in &en {
                assert_eq!(&there[id].0, vars, "{lang} {id}: its variables");
            }
            for (id, (_, keys)) in &en {
                // Selectors on a word (`kind`, `sweat`) keep their keys; plural ones may differ.
                if keys
                    .iter()
                    .any(|k| k.contains("appointment") || k.contains("moderate"))
                {
                    assert_eq!(&there[id].1, keys, "{lang} {id}: its variants");
                }
            }
        }
    }
}

#[test]
fn a_language_is_read_from_tags_locales_and_headers() {
    assert_eq!("fr".parse::<Lang>().unwrap(), Lang::Fr);
    assert_eq!("pt_BR.UTF-8".parse::<Lang>().unwrap(), Lang::PtBr);
    assert_eq!(Lang::negotiate("es-419,es;q=0.9,en;q=0.8"), Some(Lang::Es));
    let err = "ja".parse::<Lang>().unwrap_err().to_string();
    assert!(err.contains("en, es, fr, de, pt-BR"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// A plan in every language: what the person typed, and what aftercare wrote.

/// What the person typed and the test's own fixtures: the only words that may stay as given.
const TYPED: &[&str] = &[
    "Europe/Madrid",
    "Clínica Ejemplo",
    "clinic@example.com",
    "ana@example.com",
    "Calle Mayor 1",
    "Madrid",
    "Botox",
];

/// The arguments of the fullest plan: areas with their own advice, a product, a routine that
/// every stage changes, a setback and a clinic.
fn plan_args<'a>(lang: &'a str, out: &'a [&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "plan",
        "--at",
        "2026-12-04 15:00",
        "--tz",
        "Europe/Madrid",
        "--area",
        "forehead,crows-feet,masseter",
        "--product",
        "botox",
        "--workout",
        "mon,wed,fri 18:00 1h running",
        "--workout",
        "sat 10:00 45m hot-yoga",
        "--workout",
        "tue 07:00 45m weights",
        "--setback",
        "2026-12-06 09:00",
        "--next-treatment",
        "--clinic",
        "clinic.toml",
        "--lang",
        lang,
    ];
    args.extend_from_slice(out);
    args
}

const CLINIC: &str = "name = \"Clínica Ejemplo\"\nphone = \"+34 910 000 000\"\n\
                      address = \"Calle Mayor 1, Madrid\"\n";

/// Words of four letters or more, in lower case.
fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
        .collect()
}

/// Everything a language's own files say: a word English shares with it is not a leak
/// ("sauna", "Pilates", "Botox").
fn own_words(lang: Lang) -> BTreeSet<String> {
    let tag = lang.tag();
    let mut text = String::new();
    // The messages' texts: not their ids, comments or variables.
    for line in aftercare::i18n::catalogue_sources(lang).concat().lines() {
        let line = line.trim();
        if line.starts_with('#') {
            continue;
        }
        let value = match line.split_once(" = ") {
            Some((id, value)) if !id.contains(' ') => value,
            _ => line.rsplit_once(']').map_or(line, |(_, text)| text),
        };
        text.push_str(&strip_variables(value));
        text.push('\n');
    }
    // The translations' strings: not their keys, ids or comments (a glossary says English).
    let followups = match lang {
        Lang::En => "src/data/followups.toml".to_string(),
        _ => format!("src/data/followups.{tag}.toml"),
    };
    for file in [
        format!("src/data/protocol.{tag}.toml"),
        format!("src/data/activities.{tag}.toml"),
        followups,
    ] {
        for line in std::fs::read_to_string(file).unwrap().lines() {
            let line = line.trim();
            if line.starts_with('#') || line.starts_with("id =") || line.starts_with('[') {
                continue;
            }
            for (i, quoted) in line.split('"').enumerate() {
                if i % 2 == 1 {
                    text.push_str(&strip_variables(quoted));
                    text.push('\n');
                }
            }
        }
    }
    words(&text)
}

/// `text` without its `{ $variable }` and `{placeholder}` parts.
fn strip_variables(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '{' => depth += 1,
            // A line may start with a selector's closing brace.
            '}' => depth = (depth - 1).max(0),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The calendar's texts: the values of the properties people read, unfolded and unescaped.
fn calendar_texts(ics: &str) -> String {
    let unfolded = ics.replace("\r\n ", "");
    unfolded
        .lines()
        .filter_map(|line| {
            let (name, value) = line.split_once(':')?;
            let name = name.split(';').next()?;
            [
                "SUMMARY",
                "DESCRIPTION",
                "X-WR-CALNAME",
                "NAME",
                "CATEGORIES",
                "X-WR-CALDESC",
            ]
            .contains(&name)
            .then(|| {
                value
                    .replace("\\n", "\n")
                    .replace("\\,", ",")
                    .replace("\\;", ";")
            })
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The decoded text and HTML parts and the subject of an e-mail written by `--eml`.
fn mail_texts(eml: &str) -> (String, String, String) {
    let subject = eml
        .lines()
        .find_map(|l| l.strip_prefix("Subject: "))
        .unwrap()
        .to_string();
    let subject = match subject.strip_prefix("=?utf-8?b?") {
        Some(encoded) => {
            use base64::Engine;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(encoded.trim_end_matches("?="))
                .unwrap();
            String::from_utf8(bytes).unwrap()
        }
        None => subject,
    };
    let part = |kind: &str| {
        let start = eml.find(&format!("Content-Type: {kind}")).unwrap();
        let body = &eml[start..];
        let body = &body[body.find("\r\n\r\n").unwrap() + 4..];
        let body = &body[..body.find("\r\n--").unwrap()];
        quoted_printable(body)
    };
    (subject, part("text/plain"), part("text/html"))
}

/// What a page shows: `html` without its tags, entities and the head.
fn shown(html: &str) -> String {
    let body = html
        .split_once("<body")
        .and_then(|(_, b)| b.split_once('>'))
        .map_or(html, |(_, b)| b);
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split('&')
        .enumerate()
        .map(|(i, part)| match part.split_once(';') {
            Some((entity, rest)) if i > 0 && entity.len() < 8 => rest.to_string(),
            _ => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The English words of `english` found in `theirs`, but for those the language's own files
/// use and those the person typed.
fn leaks(english: &str, theirs: &str, lang: Lang) -> Vec<String> {
    let allowed = own_words(lang);
    // What nobody translates: the products' brand names.
    let brands: Vec<String> = aftercare::model::Protocol::builtin()
        .products
        .iter()
        .map(|p| p.name.clone())
        .collect();
    let typed = words(&format!("{} {}", TYPED.join(" "), brands.join(" ")));
    let english = words(english);
    words(theirs)
        .into_iter()
        .filter(|w| english.contains(w) && !allowed.contains(w) && !typed.contains(w))
        .collect()
}

/// What `aftercare oops` says in `lang` after hot yoga the day after: its text and calendar.
fn oops(lang: Lang) -> (String, String) {
    let dir = Dir::new();
    let args = [
        "oops",
        "--at",
        "2026-12-05 10:00",
        "--tz",
        "Europe/Madrid",
        "--appointment",
        "2026-12-04 15:00",
        "--did",
        "hot-yoga",
        "--lang",
        lang.tag(),
    ];
    let text = dir.ok(&with(&args, &["--format", "text", "-o", "-"]));
    dir.ok(&with(&args, &["-o", "oops.ics"]));
    (text, read_file(&dir, "oops.ics"))
}

/// The text view, the calendar and the e-mail of the fullest plan in `lang`.
fn outputs(lang: Lang) -> (String, String, (String, String, String)) {
    let dir = Dir::new();
    dir.write("clinic.toml", CLINIC);
    let text = dir.ok(&plan_args(lang.tag(), &["--format", "text", "-o", "-"]));
    dir.ok(&plan_args(
        lang.tag(),
        &[
            "-o",
            "plan.ics",
            "--eml",
            "plan.eml",
            "--from",
            "clinic@example.com",
            "--to",
            "ana@example.com",
        ],
    ));
    let ics = std::fs::read_to_string(dir.path().join("plan.ics")).unwrap();
    let eml = std::fs::read_to_string(dir.path().join("plan.eml")).unwrap();
    // The message says its language (RFC 3282).
    assert!(
        eml.contains(&format!("Content-Language: {}\r\n", lang.tag())),
        "{lang}"
    );
    (text, ics, mail_texts(&eml))
}

#[test]
fn a_plan_in_every_language_says_nothing_in_english() {
    let (en_text, en_ics, (en_subject, en_plain, en_html)) = outputs(Lang::En);
    let (en_oops, en_oops_ics) = oops(Lang::En);
    let english = [
        en_text.as_str(),
        &calendar_texts(&en_ics),
        &en_subject,
        &en_plain,
        &shown(&en_html),
        &en_oops,
        &calendar_texts(&en_oops_ics),
    ]
    .join("\n");
    for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
        let (text, ics, (subject, plain, html)) = outputs(lang);
        let (oops_text, oops_ics) = oops(lang);
        conforms(&format!("language-{}", lang.tag()), &ics);
        conforms(&format!("language-oops-{}", lang.tag()), &oops_ics);
        for (what, output) in [
            ("text view", text.as_str()),
            ("calendar", &calendar_texts(&ics)),
            ("subject", &subject),
            ("e-mail text", &plain),
            ("e-mail HTML", &shown(&html)),
            ("oops", &oops_text),
            ("oops calendar", &calendar_texts(&oops_ics)),
        ] {
            assert!(
                !output.contains('['),
                "{lang} {what}: a message id shows:\n{output}"
            );
            let leaks = leaks(&english, output, lang);
            assert!(
                leaks.is_empty(),
                "{lang} {what}: English words {leaks:?} in:\n{output}"
            );
        }
        assert!(
            html.contains(&format!("<html lang=\"{}\">", lang.tag())),
            "{lang}"
        );
        // Every title and description says its language (RFC 5545 §3.2.10), for screen readers.
        let tagged = format!(";LANGUAGE={}:", lang.tag());
        let unfolded = ics.replace("\r\n ", "");
        for line in unfolded.lines() {
            if line.starts_with("SUMMARY") || line.starts_with("DESCRIPTION") {
                assert!(line.contains(&tagged), "{lang}: {line}");
            }
        }
        assert!(!en_ics.contains(";LANGUAGE="), "English says none");
        // The calendar is the same plan: the same events at the same times.
        let starts = |ics: &str| -> Vec<String> {
            ics.lines()
                .filter(|l| l.starts_with("DTSTART") || l.starts_with("UID"))
                .map(str::to_string)
                .collect()
        };
        assert_eq!(
            starts(&ics),
            starts(&en_ics),
            "{lang}: the events and their times"
        );
    }
}

#[test]
fn the_leak_check_finds_english() {
    // The check itself: an English sentence in a French output is found.
    let found = leaks(
        "Stay upright",
        "Restez à la verticale. Stay upright.",
        Lang::Fr,
    );
    assert_eq!(found, ["stay", "upright"]);
}

#[test]
fn the_environment_chooses_the_language_and_the_flag_wins() {
    let dir = Dir::new();
    let run = |env: &[(&str, &str)], extra: &[&str]| {
        let mut args = vec!["plan", "--at", "2026-12-04 15:00", "--tz", "Europe/Berlin"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--format", "text", "-o", "-"]);
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_aftercare"))
            .args(&args)
            .current_dir(dir.path())
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .envs(env.iter().copied())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let first = |s: String| s.lines().next().unwrap().to_string();
    assert!(first(run(&[], &[])).starts_with("Aftercare plan"));
    let german = first(run(&[("LANG", "de_DE.UTF-8")], &[]));
    assert!(german.contains("Fr., 4. Dezember 2026"), "{german}");
    let french = first(run(
        &[("LANG", "de_DE.UTF-8"), ("LC_MESSAGES", "fr_FR.UTF-8")],
        &[],
    ));
    assert!(french.contains("ven. 4 déc."), "{french}");
    let spanish = first(run(&[("LC_ALL", "de_DE.UTF-8")], &["--lang", "es"]));
    assert!(spanish.contains("vie 4 dic"), "{spanish}");
    let out = dir.run(&[
        "plan",
        "--at",
        "2026-12-04 15:00",
        "--tz",
        "UTC",
        "--lang",
        "ja",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("\"ja\"") && said.contains("pt-BR"), "{said}");
    assert!(
        dir.files().is_empty(),
        "nothing written on a refused language"
    );
}

#[test]
fn a_provider_file_is_checked_in_every_language() {
    let dir = Dir::new();
    dir.write(
        "clinic.toml",
        "[[rule]]\nid = \"heat\"\navoid = \"Saunas and hot baths.\"\n\n\
         [[lang.es.rule]]\nid = \"heat\"\navoid = \"Saunas y baños calientes.\"\n",
    );
    let out = dir.run(&["protocol", "check", "--protocol", "clinic.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("en     ok") && said.contains("es     ok"),
        "{said}"
    );
    assert!(
        said.contains("fr     not covered") && said.contains("lang.fr.rule.heat.avoid"),
        "{said}"
    );
    // A plan in Spanish uses the clinic's Spanish; one in French is refused, and writes nothing.
    let spanish = dir.ok(&[
        "plan",
        "--at",
        "2026-12-04 15:00",
        "--tz",
        "Europe/Madrid",
        "--protocol",
        "clinic.toml",
        "--lang",
        "es",
        "--format",
        "text",
        "-o",
        "-",
    ]);
    assert!(spanish.contains("Saunas y baños calientes."), "{spanish}");
    let out = dir.run(&[
        "plan",
        "--at",
        "2026-12-04 15:00",
        "--tz",
        "Europe/Paris",
        "--protocol",
        "clinic.toml",
        "--lang",
        "fr",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("lang.fr.rule.heat.avoid"));
    assert_eq!(dir.files(), ["clinic.toml"]);
}

#[test]
fn a_day_s_list_plans_each_patient_in_their_language() {
    let dir = Dir::new();
    dir.write(
        "list.csv",
        "id,at,tz,Language\n\
         p1,2026-12-04 15:00,Europe/Madrid,Español\n\
         p2,2026-12-04 16:00,Europe/Paris,fr\n\
         p3,2026-12-04 17:00,Europe/Berlin,\n\
         p4,2026-12-04 18:00,Europe/Berlin,klingon\n",
    );
    let out = dir.run(&["batch", "list.csv", "--out-dir", "out", "--lang", "de"]);
    let said = String::from_utf8_lossy(&out.stderr);
    let read = |id: &str| {
        calendar_texts(&std::fs::read_to_string(dir.path().join(format!("out/{id}.ics"))).unwrap())
    };
    assert!(read("p1").contains("vie 4 dic"), "{}", read("p1"));
    assert!(read("p2").contains("ven. 4 déc."), "{}", read("p2"));
    // No language in the row: the list's (`--lang de`).
    assert!(read("p3").contains("Fr., 4. Dezember"), "{}", read("p3"));
    for id in ["p1", "p2", "p3"] {
        conforms(
            &format!("batch-language-{id}"),
            &std::fs::read_to_string(dir.path().join(format!("out/{id}.ics"))).unwrap(),
        );
    }
    assert!(!dir.path().join("out/p4.ics").exists());
    let errors = std::fs::read_to_string(dir.path().join("out/errors.csv")).unwrap();
    assert!(
        errors.contains("Language") && errors.contains("klingon"),
        "{errors}\n{said}"
    );

    // A clinic protocol with Spanish only: the French row is refused and says why.
    dir.write(
        "clinic.toml",
        "[[rule]]\nid = \"heat\"\navoid = \"Saunas and hot baths.\"\n\n\
         [[lang.es.rule]]\nid = \"heat\"\navoid = \"Saunas y baños calientes.\"\n",
    );
    dir.write(
        "two.csv",
        "id,at,tz,language\nq1,2026-12-04 15:00,Europe/Madrid,es\nq2,2026-12-04 16:00,Europe/Paris,fr\n",
    );
    dir.run(&[
        "batch",
        "two.csv",
        "--out-dir",
        "two",
        "--protocol",
        "clinic.toml",
    ]);
    assert!(calendar_texts(&read_file(&dir, "two/q1.ics")).contains("Saunas y baños calientes."));
    assert!(!dir.path().join("two/q2.ics").exists());
    let errors = read_file(&dir, "two/errors.csv");
    assert!(errors.contains("lang.fr.rule.heat.avoid"), "{errors}");
}

fn read_file(dir: &Dir, name: &str) -> String {
    std::fs::read_to_string(dir.path().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn the_protocol_prints_in_a_language_and_reads_back_as_one() {
    let dir = Dir::new();
    let french = dir.ok(&["protocol", "--lang", "fr"]);
    assert!(french.starts_with("language = \"fr\""), "{}", &french[..80]);
    let heat = aftercare::model::Protocol::builtin_in(Lang::Fr)
        .rule("heat")
        .unwrap()
        .title
        .clone();
    assert!(french.contains(&format!("title = \"{heat}\"")), "{heat}");
    // A clinic starting from it has a file in French: it plans in French as it is, and the
    // check says the other languages need its texts.
    dir.write("clinic.toml", &french);
    let plan = dir.ok(&[
        "plan",
        "--at",
        "2026-12-04 15:00",
        "--tz",
        "Europe/Paris",
        "--protocol",
        "clinic.toml",
        "--lang",
        "fr",
        "--format",
        "text",
        "-o",
        "-",
    ]);
    assert!(plan.contains(&heat), "{plan}");
    let out = dir.run(&["protocol", "check", "--protocol", "clinic.toml"]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("fr     ok") && said.contains("en     not covered"),
        "{said}"
    );
}

// ---------------------------------------------------------------------------------------------
// The web app.

/// `html` without the parts every language shows alike: the zone list (IANA names) and the
/// language switch and the patient's language list (each language named in itself).
fn page_text(html: &str) -> String {
    let mut html = html.to_string();
    for (open, close) in [
        ("<select name=\"tz\"", "</select>"),
        ("<nav class=\"languages\"", "</nav>"),
        ("<select name=\"lang\"", "</select>"),
    ] {
        while let Some(start) = html.find(open) {
            let end = html[start..]
                .find(close)
                .map_or(html.len(), |e| start + e + close.len());
            html.replace_range(start..end, "");
        }
    }
    shown(&html)
}

/// A request's headers with the browser's languages.
fn browser(lang: Lang) -> [(&'static str, String); 1] {
    [("Accept-Language", format!("{},en;q=0.5", lang.tag()))]
}

/// The form a patient fills in, in `lang`: two areas, two workouts.
fn filled(lang: Lang) -> Vec<(&'static str, &'static str)> {
    vec![
        ("lang", lang.tag()),
        ("date", "2026-12-04"),
        ("time", "15:00"),
        ("minutes", "30"),
        ("tz", "Europe/Madrid"),
        ("areas", "forehead"),
        ("areas", "crows-feet"),
        ("w0_days", "mon"),
        ("w0_days", "thu"),
        ("w0_time", "18:00"),
        ("w0_minutes", "60"),
        ("w0_activity", "running"),
        ("w1_days", "sat"),
        ("w1_time", "10:00"),
        ("w1_minutes", "45"),
        ("w1_activity", "hot-yoga"),
        ("sweat", "heavy"),
    ]
}

/// Every page a patient reads in `lang` on a server: the form (from the browser's
/// `Accept-Language`), the form back with an error, the plan's page after a setback, its
/// handout, "delete?", a missing plan's page, and the feed.
fn web_pages(server: &Server, lang: Lang) -> (Vec<(&'static str, String)>, String) {
    let get = |path: &str| {
        let headers = browser(lang);
        let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
        server.request("GET", path, &headers, b"")
    };
    let form = get("/");
    assert_eq!(form.status, 200);
    assert_eq!(form.header("Vary"), Some("Accept-Language"));
    let mut no_date = filled(lang);
    no_date.retain(|(name, _)| *name != "date");
    let again = server.post_form("/plans", &no_date, None);
    assert_eq!(again.status, 422);
    let made = server.post_form("/plans", &filled(lang), None);
    assert_eq!(made.status, 303, "{}", made.text());
    let page = made.header("Location").unwrap().to_string();
    let token = page.rsplit('/').next().unwrap().to_string();
    let reported = server.post_urlencoded(&format!("/p/{token}/setback"), "at=2026-12-05T09%3A00");
    assert_eq!(reported.status, 303, "{}", reported.text());
    let early = server.post_urlencoded(&format!("/p/{token}/oops"), "at=2026-12-04T10%3A00");
    assert_eq!(early.status, 422);
    let plan = get(&page);
    let handout = get(&format!("/p/{token}/handout"));
    let delete = server.post_urlencoded(&format!("/p/{token}/delete"), "");
    let gone = get("/p/AAAAAAAAAAAAAAAAAAAAAA");
    assert_eq!(gone.status, 410);
    let feed = get(&format!("/p/{token}/calendar.ics")).text();
    (
        vec![
            ("form", form.text()),
            ("form with an error", again.text()),
            ("plan page", plan.text()),
            ("report refused", early.text()),
            ("handout", handout.text()),
            ("delete?", delete.text()),
            ("missing plan", gone.text()),
        ],
        feed,
    )
}

#[test]
fn the_web_app_speaks_the_patient_s_language_from_the_form_to_the_feed() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &[]);
    let (english_pages, english_feed) = web_pages(&server, Lang::En);
    let english = english_pages
        .iter()
        .map(|(_, html)| page_text(html))
        .collect::<Vec<_>>()
        .join("\n");
    for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
        let (pages, feed) = web_pages(&server, lang);
        for (what, html) in &pages {
            assert!(
                html.contains(&format!("<html lang=\"{}\" dir=\"ltr\">", lang.tag())),
                "{lang} {what}"
            );
            let text = page_text(html);
            assert!(
                !text.contains('['),
                "{lang} {what}: a message id shows:\n{text}"
            );
            let leaks = leaks(&english, &text, lang);
            assert!(
                leaks.is_empty(),
                "{lang} {what}: English words {leaks:?} in:\n{text}"
            );
        }
        // The feed is the plan's calendar, in its language, and passes the checker.
        conforms(&format!("web-feed-{}", lang.tag()), &feed);
        assert!(
            feed.contains(&format!(";LANGUAGE={}:", lang.tag())),
            "{lang}"
        );
        // The plan's page is linked from its events: an address, in no language.
        let without_links = |text: String| -> String {
            text.split_whitespace()
                .filter(|w| !w.contains("://"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let leaks = leaks(
            &without_links(calendar_texts(&english_feed)),
            &without_links(calendar_texts(&feed)),
            lang,
        );
        assert!(leaks.is_empty(), "{lang} feed: English words {leaks:?}");
    }
    // `?lang=` (the switch's links) wins over the browser's languages.
    let headers = [("Accept-Language", "de-DE,de;q=0.9")];
    let chosen = server.request("GET", "/?lang=fr", &headers, b"").text();
    assert!(chosen.contains("<html lang=\"fr\""));
    let unknown = server
        .request("GET", "/", &[("Accept-Language", "ja,ko;q=0.8")], b"")
        .text();
    assert!(
        unknown.contains("<html lang=\"en\""),
        "English when none of ours is asked for"
    );
}

#[test]
fn a_plan_s_language_is_changed_on_its_page_and_its_calendar_follows() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &[]);
    let made = server.post_form("/plans", &filled(Lang::Es), None);
    let page = made.header("Location").unwrap().to_string();
    let feed_path = format!("{page}/calendar.ics");
    let before = server.get(&feed_path).text();
    assert!(before.contains(";LANGUAGE=es:"));
    // The page in Spanish, whatever the browser says: the plan keeps its language.
    let html = server
        .request("GET", &page, &[("Accept-Language", "en-GB")], b"")
        .text();
    assert!(html.contains("<html lang=\"es\""));
    assert!(
        html.contains(&format!("action=\"{page}/language\"")),
        "the switch posts"
    );
    let switched = server.post_urlencoded(&format!("{page}/language"), "lang=de");
    assert_eq!(switched.status, 303);
    assert!(server.get(&page).text().contains("<html lang=\"de\""));
    let after = server.get(&feed_path).text();
    assert!(after.contains(";LANGUAGE=de:") && !after.contains(";LANGUAGE=es:"));
    conforms("web-feed-switched", &after);
    // The same events, a revision on: a subscribed calendar updates them in place.
    let uids = |ics: &str| -> Vec<String> {
        ics.lines()
            .filter(|l| l.starts_with("UID"))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(uids(&before), uids(&after));
    assert!(!before.contains("SEQUENCE:") && after.contains("SEQUENCE:1"));
    // Back to English: the stored request says no language, as before languages existed.
    server.post_urlencoded(&format!("{page}/language"), "lang=en");
    let english = server.get(&feed_path).text();
    assert!(!english.contains(";LANGUAGE="));
    // A language we do not speak is refused, in the plan's language, and changes nothing.
    let refused = server.post_urlencoded(&format!("{page}/language"), "lang=ja");
    assert_eq!(refused.status, 422);
    assert!(
        refused.text().contains("one of en, es, fr, de, pt-BR"),
        "{}",
        refused.text()
    );
    assert_eq!(server.get(&feed_path).text(), english);
}

#[test]
fn the_follow_up_texts_are_in_every_language_with_the_same_keys_and_placeholders() {
    fn flat(value: &toml::Value, at: &str, out: &mut BTreeMap<String, String>) {
        match value {
            toml::Value::Table(t) => {
                for (k, v) in t {
                    flat(v, &format!("{at}{k}."), out);
                }
            }
            toml::Value::String(s) => {
                out.insert(at.trim_end_matches('.').to_string(), s.clone());
            }
            other => panic!("{at}: {other:?}"),
        }
    }
    let read = |file: &str| {
        let mut out = BTreeMap::new();
        flat(
            &std::fs::read_to_string(file)
                .unwrap()
                .parse::<toml::Table>()
                .unwrap()
                .into(),
            "",
            &mut out,
        );
        out
    };
    let placeholders = |text: &str| -> BTreeSet<String> {
        text.split('{')
            .skip(1)
            .filter_map(|p| p.split_once('}'))
            .map(|(n, _)| n.to_string())
            .collect()
    };
    let english = read("src/data/followups.toml");
    for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
        let theirs = read(&format!("src/data/followups.{}.toml", lang.tag()));
        assert_eq!(
            theirs.keys().collect::<Vec<_>>(),
            english.keys().collect::<Vec<_>>(),
            "{lang}: the keys"
        );
        for (key, text) in &english {
            assert_eq!(
                placeholders(&theirs[key]),
                placeholders(text),
                "{lang} {key}"
            );
            // Ids stay ids; everything else is translated.
            if key.ends_with(".rule") || key.ends_with(".reminder") || key.ends_with(".skip") {
                assert_eq!(&theirs[key], text, "{lang} {key} is an id");
            } else if !placeholders(text).is_empty()
                && text
                    .trim_start_matches('{')
                    .split_once('}')
                    .is_some_and(|(_, rest)| rest.is_empty())
            {
                // "{title}", "{text}": the plan's own words.
            } else {
                assert_ne!(&theirs[key], text, "{lang} {key} is not translated");
            }
        }
    }
}

/// Every desk page a front desk reads in `lang` (its browser's): home, the hand-over form and
/// a plan handed over, suggest, password, the settings (an admin), a day's list and its
/// results (one row refused), and "delete this list's plans?".
fn desk_pages(server: &Server, lang: Lang) -> Vec<(&'static str, String)> {
    let mut desk = common::desk::sign_in(server, "admin", common::desk::PASSWORD).unwrap();
    desk.lang = Some(format!("{},en;q=0.5", lang.tag()));
    let home = desk.get("/desk");
    let form = desk.get("/desk/handover");
    // The patient's plan in the desk's language too: the page shows it.
    let handed = desk.hand_over(
        &[
            ("lang", lang.tag()),
            ("date", "2027-02-05"),
            ("time", "16:00"),
            ("tz", "Europe/Madrid"),
            ("minutes", "30"),
        ],
        None,
    );
    assert_eq!(handed.status, 200, "{}", handed.text());
    let suggest = desk.get("/desk/suggest");
    let password = desk.get("/desk/password");
    let settings = desk.get("/desk/settings");
    let day = desk.get("/desk/day");
    let csv = common::in_future(
        "id,at,tz\nP-1,2027-02-05 16:00,Europe/Madrid\nP-2,2027-02-30 16:00,Europe/Madrid\n",
    );
    let token = desk.form_token.clone();
    let results = desk.post_multipart(
        "/desk/day",
        &[("form_token", &token)],
        Some(("csv", "day.csv", csv.as_bytes())),
    );
    assert_eq!(results.status, 200, "{}", results.text());
    let results = results.text();
    let list = results
        .split("/desk/day/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .expect("the list's links")
        .to_string();
    let erase = desk.post(
        &format!("/desk/day/{list}/erase"),
        &[("form_token", &token)],
    );
    vec![
        ("desk home", home.text()),
        ("hand-over form", form.text()),
        ("handed over", handed.text()),
        ("suggest", suggest.text()),
        ("password", password.text()),
        ("settings", settings.text()),
        ("day's list", day.text()),
        ("day's results", results),
        ("delete the list's plans?", erase.text()),
    ]
}

#[test]
fn the_front_desk_speaks_its_staff_s_language() {
    let dir = Dir::new();
    common::desk::add_user(&dir, "admin", true);
    let server = Server::start(dir.path(), &[]);
    let english_pages = desk_pages(&server, Lang::En);
    let english = english_pages
        .iter()
        .map(|(_, html)| page_text(html))
        .collect::<Vec<_>>()
        .join("\n");
    for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
        for (what, html) in desk_pages(&server, lang) {
            assert!(
                html.contains(&format!("<html lang=\"{}\" dir=\"ltr\">", lang.tag())),
                "{lang} {what}"
            );
            // The row refused says why in the reader's words (English, introduced in the
            // desk's language): left out here, as the sign-in name is.
            let text = page_text(&html)
                .replace("admin", "")
                // The patient's page's address, in no language.
                .replace("http://", "")
                .split(['\n'])
                .filter(|line| !line.contains("2027-02-30"))
                .collect::<Vec<_>>()
                .join("\n");
            assert!(
                !text.contains('['),
                "{lang} {what}: a message id shows:\n{text}"
            );
            let leaks = leaks(&english, &text, lang);
            assert!(
                leaks.is_empty(),
                "{lang} {what}: English words {leaks:?} in:\n{text}"
            );
        }
    }
}
