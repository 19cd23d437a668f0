//! Follow-up e-mails: the plan's key moments sent by e-mail to a patient who asked for them,
//! because Google Calendar and Outlook ignore the alarms of subscribed and imported calendars.
//!
//! * [`moments`] (pure): what is sent when, from the plan itself (a window's end, a reminder's
//!   time), with the words of `src/data/followups.toml`.
//! * [`subscribe`] and [`replan`]: the patient's consent and address, and the queue of a plan,
//!   refreshed when the plan is revised (a setback adds its check-in).
//! * [`send_due`]: every due message, each claimed in one transaction before it is sent (two
//!   servers or cron runs sharing the database never send the same one), then marked sent:
//!   the journal that makes a re-run send nothing twice.
//! * [`stop`]: the unsubscribe link, which needs no sign-in.
//!
//! What is stored is sealed with the server key ([`ServerKey::followups`]): the address and
//! the unsubscribe link once per plan (`followup_subscriptions`), each message's subject and
//! text (`followups`, erased once sent). The text holds the link to the plan's page, so that
//! every e-mail leads back to the setback form and the delete button; the link is the plan's
//! key, so until a message is sent the database holds, sealed with the server key, what opens
//! the plan: a stolen database and key file together open the plans of patients with messages
//! still queued. A plan's queue goes with the plan: deleted with it,
//! purged with it ([`super::store::Sqlite`]), and never sent once the plan is gone.

use std::sync::{Arc, OnceLock};

use crate::i18n::Lang;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use chrono::{DateTime, NaiveTime, Utc};
use lettre::Message;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, SinglePart};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::pages;
use super::plans::Loaded;
use super::seal::{SealKey, ServerKey};
use super::store::{Key, Sqlite, StoreError};
use super::token::Token;
use super::{App, ServeError};
use crate::deliver::mail::{self, Smtp};
use crate::model::protocol::ReminderKind;
use crate::model::{Clinic, Plan};
use crate::units::week::TimeStyle;

/// The queue's tables (created with the others, see [`Sqlite::open`]).
pub(crate) const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS followup_subscriptions (
    plan BLOB PRIMARY KEY,
    stop BLOB NOT NULL UNIQUE,
    link BLOB NOT NULL,
    address BLOB,
    stopped INTEGER
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS followups (
    plan BLOB NOT NULL,
    moment TEXT NOT NULL,
    due INTEGER NOT NULL,
    sealed BLOB,
    claimed INTEGER,
    claimer BLOB,
    sent INTEGER,
    PRIMARY KEY (plan, moment)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS followups_due ON followups (due) WHERE sent IS NULL;
";

/// How long a claim holds: a sender that stopped (a crash) or a message the mail server
/// refused is tried again after it.
const LEASE_SECONDS: i64 = 30 * 60;

/// The evening's message more than this late is dropped, not sent: checked when the queue is
/// made and again when it is claimed, so a server that was down does not send "this evening"
/// after 22:00 or the next day.
const LATE_SECONDS: i64 = 4 * 3600;

/// Any other message more than this late is dropped: "heat is fine again" or "book your
/// follow-up" still hold a day later, not a week later.
const LATE_OTHER_SECONDS: i64 = 24 * 3600;

/// The moment whose message goes stale first.
const EVENING: &str = "evening";

/// How late a moment's message may be sent.
fn lateness(moment: &str) -> i64 {
    if moment == EVENING {
        LATE_SECONDS
    } else {
        LATE_OTHER_SECONDS
    }
}

/// Messages claimed at a time.
const BATCH: i64 = 50;

/// The words of the follow-up e-mails (`src/data/followups.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Texts {
    greeting: String,
    sign_off: String,
    no_clinic: String,
    page: String,
    urgent: String,
    footer: String,
    pub(crate) stop_title: String,
    pub(crate) stop_ask: String,
    pub(crate) stop_button: String,
    pub(crate) stop_done: String,
    pub(crate) stop_unknown: String,
    page_heading: String,
    page_hint: String,
    page_consent: String,
    page_button: String,
    page_on: String,
    page_need_consent: String,
    pub(crate) desk_consent: String,
    desk_on: String,
    desk_no_sender: String,
    evening: Evening,
    heat: Allowed,
    exercise: Allowed,
    both: Subject,
    still: Still,
    check_in: FromReminder,
    results: Results,
    setback_now: Letter,
    full: Letter,
    setback: FromReminder,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Still {
    lead: String,
    line: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Letter {
    subject: String,
    text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Evening {
    subject: String,
    lead: String,
    line: String,
    close: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Allowed {
    rule: String,
    subject: String,
    text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Subject {
    subject: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FromReminder {
    reminder: String,
    subject: String,
    text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Results {
    skip: String,
    subject: String,
    text: String,
    book: String,
}

/// The texts in `lang` (`src/data/followups.<tag>.toml`), read once. Every file is read by
/// the tests, with the same keys and placeholders as the English: a broken one fails them.
pub(crate) fn texts(lang: Lang) -> &'static Texts {
    static TEXTS: [OnceLock<Texts>; 5] = [const { OnceLock::new() }; 5];
    TEXTS[lang.index()].get_or_init(|| {
        let mut table: toml::Table =
            toml::from_str(texts_source(lang)).expect("the follow-up texts are read by the tests");
        if lang == Lang::En && crate::i18n::pseudo_locale() {
            pseudo(&mut table);
        }
        toml::Value::Table(table)
            .try_into()
            .expect("the follow-up texts are read by the tests")
    })
}

/// The texts of `table` in the pseudo-locale, but for the ids (`rule`, `reminder`, `skip`).
fn pseudo(table: &mut toml::Table) {
    for (key, value) in table.iter_mut() {
        match value {
            toml::Value::String(text) if !matches!(key.as_str(), "rule" | "reminder" | "skip") => {
                *text = crate::i18n::pseudo(text);
            }
            toml::Value::Table(inner) => pseudo(inner),
            _ => {}
        }
    }
}

/// The follow-up texts of `lang`, as written.
pub(crate) fn texts_source(lang: Lang) -> &'static str {
    match lang {
        Lang::En => include_str!("../data/followups.toml"),
        Lang::Es => include_str!("../data/followups.es.toml"),
        Lang::Fr => include_str!("../data/followups.fr.toml"),
        Lang::De => include_str!("../data/followups.de.toml"),
        Lang::PtBr => include_str!("../data/followups.pt-BR.toml"),
    }
}

/// One follow-up e-mail of a plan: which key moment, when, and what it says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moment {
    /// Which moment (`evening`, `heat`, `check-in`, `setback-check-1`...): a plan sends
    /// each once.
    pub id: String,
    /// When it is due.
    pub due: DateTime<Utc>,
    /// The subject line.
    pub subject: String,
    /// The body, greeting and sign-off included (the unsubscribe lines come when it is sent).
    pub text: String,
    /// The plan's language, which the unsubscribe lines are written in too (English for
    /// the messages queued before plans had one).
    #[serde(default)]
    pub lang: Lang,
}

/// The follow-up e-mails of `plan`, in time order, in `clinic`'s voice and the patient's
/// clock (`style`), each with a link to the plan's `page` when there is one. Pure: the
/// moments are the plan's own.
pub fn moments(
    plan: &Plan,
    clinic: Option<&Clinic>,
    style: TimeStyle,
    page: Option<&str>,
) -> Vec<Moment> {
    let lang = plan.lang;
    let t = texts(lang);
    let name = clinic.map_or(t.no_clinic.as_str(), |c| c.name.as_str());
    let year = {
        use chrono::Datelike;
        plan.appointment.end.naive_local().year()
    };
    let when = |at: DateTime<crate::tz::Zone>| style.when(at, year);
    let sign_off = clinic
        .and_then(|c| c.sign_off.clone())
        .unwrap_or_else(|| t.sign_off.replace("{clinic}", name));
    let contact = clinic.map(|c| c.contact_line(lang));
    let urgent = t.urgent.replace(
        "{number}",
        crate::render::emergency_number(&plan.warnings, clinic),
    );
    let letter = |body: String| {
        let mut out = format!("{}\n\n{body}\n\n", t.greeting.replace("{clinic}", name));
        out.push_str(&urgent);
        out.push_str("\n\n");
        if let Some(url) = page {
            out.push_str(&t.page.replace("{url}", url));
            out.push_str("\n\n");
        }
        if let Some(contact) = &contact {
            out.push_str(contact);
            out.push_str("\n\n");
        }
        out.push_str(&sign_off);
        out.push('\n');
        out
    };
    // The plan's windows open at `at`, a `line` each.
    let open_at = |at: DateTime<crate::tz::Zone>, line: &str| -> Vec<String> {
        plan.windows
            .iter()
            .filter(|w| w.start <= at && at < w.end)
            .map(|w| {
                line.replace("{title}", &crate::units::capitalise(&w.title))
                    .replace("{until}", &when(w.end))
                    .replace("{avoid}", &w.avoid)
            })
            .collect()
    };
    let mut out = Vec::new();

    // The evening: the plan's first reminder of the appointment's day from 18:00 on, and what
    // is still to avoid then.
    let t0 = plan.appointment.end;
    let six = NaiveTime::from_hms_opt(18, 0, 0).unwrap_or_default();
    if let Some(evening) = plan.reminders.iter().map(|r| r.at).find(|at| {
        at.naive_local().date() == t0.naive_local().date() && at.naive_local().time() >= six
    }) {
        let open = open_at(evening, &t.evening.line);
        if !open.is_empty() {
            out.push(Moment {
                lang,
                id: EVENING.into(),
                due: evening.with_timezone(&Utc),
                subject: t.evening.subject.clone(),
                text: letter(format!(
                    "{}\n\n{}\n\n{}",
                    t.evening.lead,
                    open.join("\n"),
                    t.evening.close
                )),
            });
        }
    }

    // Heat and hard exercise allowed again: the ends of their windows.
    let end_of = |rule: &str| plan.windows.iter().find(|w| w.rule == rule).map(|w| w.end);
    // The stage in force at `at`: the last to start by then.
    let stage_at = |at: DateTime<crate::tz::Zone>| {
        plan.stages
            .iter()
            .filter(|s| s.start <= at)
            .max_by_key(|s| s.start)
    };
    let allowed = |a: &Allowed, at| {
        let (stage, advice) = stage_at(at).map_or((String::new(), String::new()), |s| {
            (s.title.clone(), s.advice.clone())
        });
        a.text
            .replace("{when}", &when(at))
            .replace("{stage}", &stage)
            .replace("{advice}", &advice)
    };
    // What stays off limits once these are allowed, so "fine again" is never "everything is".
    let still = |at: DateTime<crate::tz::Zone>| {
        let open = open_at(at, &t.still.line);
        if open.is_empty() {
            String::new()
        } else {
            format!("\n\n{}\n{}", t.still.lead, open.join("\n"))
        }
    };
    // A message that something is fine again waits for any setback's step back in force
    // then to end; exercise's, also for the first stage (rest) to end, so that "exercise
    // again" always comes with a stage that has exercise in it.
    let rest = plan.stages.first().map(|s| s.id.clone());
    let when_allowed = |at: DateTime<crate::tz::Zone>, exercise: bool| {
        let mut at = at;
        while let Some(s) =
            stage_at(at).filter(|s| s.setback || (exercise && Some(&s.id) == rest.as_ref()))
        {
            let next = if s.setback {
                s.end
            } else {
                plan.stages
                    .iter()
                    .filter(|n| n.start > at)
                    .map(|n| n.start)
                    .min()
            };
            match next {
                Some(next) if next > at => at = next,
                _ => break,
            }
        }
        at
    };
    let heat_at = end_of(&t.heat.rule).map(|at| when_allowed(at, false));
    let exercise_at = end_of(&t.exercise.rule).map(|at| when_allowed(at, true));
    match (heat_at, exercise_at) {
        (Some(heat), Some(exercise)) if heat == exercise => out.push(Moment {
            lang,
            id: "heat-exercise".into(),
            due: heat.with_timezone(&Utc),
            subject: t.both.subject.clone(),
            text: letter(format!(
                "{}\n\n{}{}",
                allowed(&t.heat, heat),
                allowed(&t.exercise, exercise),
                still(heat)
            )),
        }),
        (heat, exercise) => {
            for (id, a, at) in [("heat", &t.heat, heat), ("exercise", &t.exercise, exercise)] {
                if let Some(at) = at {
                    out.push(Moment {
                        lang,
                        id: id.into(),
                        due: at.with_timezone(&Utc),
                        subject: a.subject.clone(),
                        text: letter(format!("{}{}", allowed(a, at), still(at))),
                    });
                }
            }
        }
    }

    // The day-3 check-in, the results day and each setback's check-in: the plan's reminders.
    if let Some(r) = plan.reminders.iter().find(|r| r.id == t.check_in.reminder) {
        out.push(Moment {
            lang,
            id: "check-in".into(),
            due: r.at.with_timezone(&Utc),
            subject: t.check_in.subject.replace("{title}", &r.title),
            text: letter(t.check_in.text.replace("{text}", &r.text)),
        });
    }
    if let Some(r) = plan
        .reminders
        .iter()
        .find(|r| r.kind == ReminderKind::FollowUp && r.id != t.results.skip)
    {
        let mut body = t.results.text.replace("{text}", &r.text);
        if let Some(url) = clinic.and_then(|c| c.booking.as_deref()) {
            body.push_str("\n\n");
            body.push_str(&t.results.book.replace("{url}", url));
        }
        out.push(Moment {
            lang,
            id: "results".into(),
            due: r.at.with_timezone(&Utc),
            subject: t.results.subject.clone(),
            text: letter(body),
        });
    }
    // The full routine back: the last stage's start (after any setback).
    if let Some(full) = plan
        .stages
        .iter()
        .filter(|s| !s.setback)
        .max_by_key(|s| s.start)
        && plan.stages.len() > 1
    {
        out.push(Moment {
            lang,
            id: "full".into(),
            due: full.start.with_timezone(&Utc),
            subject: t.full.subject.clone(),
            text: letter(
                t.full
                    .text
                    .replace("{when}", &when(full.start))
                    .replace("{title}", &full.title)
                    .replace("{advice}", &full.advice),
            ),
        });
    }
    // Each setback as reported: the plan's step back that starts then.
    for (i, at) in plan.appointment.setbacks.iter().enumerate() {
        if let Some(stage) = plan.stages.iter().find(|s| s.setback && s.start == *at) {
            out.push(Moment {
                lang,
                id: format!("setback-{}", i + 1),
                due: at.with_timezone(&Utc),
                subject: t.setback_now.subject.clone(),
                text: letter(
                    t.setback_now
                        .text
                        .replace("{title}", &stage.title)
                        .replace("{advice}", &stage.advice),
                ),
            });
        }
    }
    // Numbered by the setbacks they follow (`setback-check-1`...).
    let after_setback = |id: &str| {
        id.strip_prefix(t.setback.reminder.as_str())
            .is_some_and(|n| n.starts_with('-'))
    };
    for r in plan.reminders.iter().filter(|r| after_setback(&r.id)) {
        out.push(Moment {
            lang,
            id: r.id.clone(),
            due: r.at.with_timezone(&Utc),
            subject: t.setback.subject.clone(),
            text: letter(t.setback.text.replace("{text}", &r.text)),
        });
    }
    out.sort_by_key(|m| m.due);
    out
}

/// A plan's subscription, opened: where to send, and the link that stops it.
struct Subscription {
    to: Recipient,
    stop_url: String,
}

/// Whom the follow-ups go to, as sealed: the address as checked by [`mail::mailbox`] (its
/// domain in ASCII), and the name given with it ("Lucía Pérez <lucia@example.com>").
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Sealed")]
struct Recipient {
    address: String,
    name: Option<String>,
}

/// A recipient as databases hold it: the address alone (consents given before names were
/// kept), or address and name. An old row must still open, or its plan's messages, and every
/// message claimed with it, would fail to send.
#[derive(Deserialize)]
#[serde(untagged)]
enum Sealed {
    Address(String),
    Named {
        address: String,
        name: Option<String>,
    },
}

impl From<Sealed> for Recipient {
    fn from(sealed: Sealed) -> Self {
        match sealed {
            Sealed::Address(address) => Recipient {
                address,
                name: None,
            },
            Sealed::Named { address, name } => Recipient { address, name },
        }
    }
}

impl From<&Mailbox> for Recipient {
    fn from(m: &Mailbox) -> Self {
        Recipient {
            address: m.email.to_string(),
            name: m.name.clone(),
        }
    }
}

/// Where a subscription's address is sealed: apart from its link, which stays after a stop.
fn address_aad(plan: &Key) -> Vec<u8> {
    [&plan.0[..], b"|address"].concat()
}

/// A message, as sealed in the queue.
#[derive(Serialize, Deserialize)]
struct Queued {
    subject: String,
    text: String,
    /// The plan's language (English for the messages queued before plans had one).
    #[serde(default)]
    lang: Lang,
}

fn store_error(e: impl std::fmt::Display) -> StoreError {
    StoreError::new(format!("follow-ups: {e}"))
}

fn seal_json(key: &SealKey, aad: &[u8], value: &impl Serialize) -> Result<Vec<u8>, StoreError> {
    let plain = serde_json::to_vec(value).map_err(store_error)?;
    key.seal(aad, &plain).map_err(store_error)
}

fn open_json<T: for<'de> Deserialize<'de>>(
    key: &SealKey,
    aad: &[u8],
    sealed: &[u8],
) -> Result<T, StoreError> {
    let plain = key.open(aad, sealed).map_err(store_error)?;
    serde_json::from_slice(&plain).map_err(store_error)
}

/// A queued message's place, its associated data: the plan's key and the moment.
fn message_aad(plan: &[u8], moment: &str) -> Vec<u8> {
    [plan, b"|", moment.as_bytes()].concat()
}

/// The address under which an unsubscribe token is kept: its SHA-256.
fn stop_hash(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// Records the patient's consent to follow-ups of plan `plan`, sent to `to` (as
/// [`mail::mailbox`] reads it), and queues `moments` (those not yet past at `now`). Asked
/// again after an unsubscribe, it subscribes again. `base_url` makes the unsubscribe link.
pub fn subscribe(
    db: &Sqlite,
    plan: &Key,
    to: &Mailbox,
    moments: &[Moment],
    base_url: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let key = db.sealing()?.followups();
    let mut c = db.writer();
    let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let address = seal_json(&key, &address_aad(plan), &Recipient::from(to))?;
    // Consent given again (after an unsubscribe, or with another address) keeps the stop
    // link of the e-mails already sent.
    let again = tx.execute(
        "UPDATE followup_subscriptions SET address = ?2, stopped = NULL WHERE plan = ?1",
        params![&plan.0[..], address],
    )?;
    if again == 0 {
        let stop = Token::new().map_err(store_error)?;
        let link = format!("{}/u/{}", base_url.trim_end_matches('/'), stop.as_str());
        tx.execute(
            "INSERT INTO followup_subscriptions (plan, stop, link, address) \
             VALUES (?1, ?2, ?3, ?4)",
            params![
                &plan.0[..],
                &stop_hash(stop.as_str())[..],
                seal_json(&key, &plan.0, &link)?,
                address
            ],
        )?;
    }
    queue(&tx, &key, plan, moments, now)?;
    tx.commit()?;
    Ok(())
}

/// Queues `moments` again for a revised plan, when its patient asked for follow-ups (and did
/// not stop them); says whether they did. Messages already sent are not sent again.
pub fn replan(
    db: &Sqlite,
    plan: &Key,
    moments: &[Moment],
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let key = db.sealing()?.followups();
    let mut c = db.writer();
    let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let subscribed: Option<i64> = tx
        .query_row(
            "SELECT 1 FROM followup_subscriptions WHERE plan = ?1 AND stopped IS NULL",
            params![&plan.0[..]],
            |row| row.get(0),
        )
        .optional()?;
    if subscribed.is_none() {
        return Ok(false);
    }
    queue(&tx, &key, plan, moments, now)?;
    tx.commit()?;
    Ok(true)
}

/// Whether the patient of `plan` asked for follow-ups and did not stop them.
pub fn subscribed(db: &Sqlite, plan: &Key) -> Result<bool, StoreError> {
    Ok(db
        .reader()
        .query_row(
            "SELECT 1 FROM followup_subscriptions WHERE plan = ?1 AND stopped IS NULL",
            params![&plan.0[..]],
            |row| row.get::<_, i64>(0),
        )
        .optional()?
        .is_some())
}

/// Replaces a plan's unsent messages with `moments`; one sent (or being sent) stays as it is.
fn queue(
    c: &Connection,
    key: &SealKey,
    plan: &Key,
    moments: &[Moment],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    c.execute(
        "DELETE FROM followups WHERE plan = ?1 AND sent IS NULL AND claimed IS NULL",
        params![&plan.0[..]],
    )?;
    let mut insert = c.prepare_cached(
        "INSERT OR IGNORE INTO followups (plan, moment, due, sealed) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for m in moments
        .iter()
        .filter(|m| m.due.timestamp() >= now.timestamp() - lateness(&m.id))
    {
        let sealed = seal_json(
            key,
            &message_aad(&plan.0, &m.id),
            &Queued {
                subject: m.subject.clone(),
                text: m.text.clone(),
                lang: m.lang,
            },
        )?;
        insert.execute(params![&plan.0[..], m.id, m.due.timestamp(), sealed])?;
    }
    Ok(())
}

/// The unsubscribe link's token: stops every follow-up of its plan (and forgets the address);
/// false when it names no plan (deleted, expired, or never one).
pub fn stop(db: &Sqlite, token: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
    if Token::parse(token).is_none() {
        return Ok(false);
    }
    let mut c = db.writer();
    let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let plan: Option<Vec<u8>> = tx
        .query_row(
            "SELECT plan FROM followup_subscriptions WHERE stop = ?1",
            params![&stop_hash(token)[..]],
            |row| row.get(0),
        )
        .optional()?;
    let Some(plan) = plan else {
        return Ok(false);
    };
    tx.execute(
        "UPDATE followup_subscriptions SET address = NULL, stopped = COALESCE(stopped, ?2) \
         WHERE plan = ?1",
        params![plan, now.timestamp()],
    )?;
    tx.execute(
        "DELETE FROM followups WHERE plan = ?1 AND sent IS NULL AND claimed IS NULL",
        params![plan],
    )?;
    tx.commit()?;
    Ok(true)
}

/// Erases every follow-up and consent (`aftercare key reset`: their addresses were sealed
/// with the key that is lost).
pub(crate) fn erase_all(c: &Connection) -> Result<(), StoreError> {
    c.execute_batch("DELETE FROM followups; DELETE FROM followup_subscriptions;")?;
    Ok(())
}

/// Erases the follow-ups of plans that are gone (in the store's delete and purge
/// transactions): `plan` one plan's key, or `None` for every plan no longer stored.
pub(crate) fn erase(c: &Connection, plan: Option<&Key>) -> Result<usize, StoreError> {
    let mut n = 0;
    for table in ["followups", "followup_subscriptions"] {
        n += match plan {
            Some(k) => c
                .prepare_cached(&format!("DELETE FROM {table} WHERE plan = ?1"))?
                .execute(params![&k.0[..]])?,
            None => c
                .prepare_cached(&format!(
                    "DELETE FROM {table} WHERE plan NOT IN (SELECT key FROM plans)"
                ))?
                .execute([])?,
        };
    }
    Ok(n)
}

/// Re-seals the queue with `new` (a key rotation, in its transaction).
pub(crate) fn reseal(c: &Connection, old: &ServerKey, new: &ServerKey) -> Result<(), StoreError> {
    let (old, new) = (old.followups(), new.followups());
    let again = |aad: &[u8], sealed: &[u8]| -> Result<Vec<u8>, StoreError> {
        let plain = old.open(aad, sealed).map_err(store_error)?;
        new.seal(aad, &plain).map_err(store_error)
    };
    // Each row: the plan's key, its sealed link, its sealed address (none once stopped).
    type Row = (Vec<u8>, Vec<u8>, Option<Vec<u8>>);
    let subscriptions: Vec<Row> = c
        .prepare("SELECT plan, link, address FROM followup_subscriptions")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<Result<_, _>>()?;
    for (plan, link, address) in subscriptions {
        let address = match address {
            Some(sealed) => {
                let aad = [&plan[..], b"|address"].concat();
                Some(again(&aad, &sealed)?)
            }
            None => None,
        };
        c.execute(
            "UPDATE followup_subscriptions SET link = ?2, address = ?3 WHERE plan = ?1",
            params![plan, again(&plan, &link)?, address],
        )?;
    }
    let queued: Vec<(Vec<u8>, String, Vec<u8>)> = c
        .prepare("SELECT plan, moment, sealed FROM followups WHERE sealed IS NOT NULL")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<Result<_, _>>()?;
    for (plan, moment, sealed) in queued {
        c.execute(
            "UPDATE followups SET sealed = ?3 WHERE plan = ?1 AND moment = ?2",
            params![plan, moment, again(&message_aad(&plan, &moment), &sealed)?],
        )?;
    }
    Ok(())
}

/// What one sending run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Messages the mail server accepted.
    pub sent: usize,
    /// Messages it refused or could not be reached for: tried again after the claim's lease.
    pub failed: usize,
    /// Messages dropped unsent, too late (the evening's after 4 hours, any other after 24: the
    /// server or cron was not running when they came due).
    pub late: usize,
}

/// A claimed message, with its subscription.
struct Claimed {
    plan: Vec<u8>,
    moment: String,
    message: Queued,
    subscription: Subscription,
}

/// Sends every message due at `now` through `smtp`, from `from`, each once: claimed (in one
/// transaction, so that no other sender takes it), sent, then marked sent and its sealed
/// text erased. Messages of deleted plans and stopped subscriptions are never claimed.
pub fn send_due(
    db: &Sqlite,
    smtp: &Smtp,
    from: &Mailbox,
    now: DateTime<Utc>,
) -> Result<Report, StoreError> {
    let key = db.sealing()?.followups();
    let mut claimer = [0u8; 16];
    getrandom::fill(&mut claimer).map_err(store_error)?;
    let mut report = Report::default();
    loop {
        let (batch, late) = claim(db, &key, &claimer, now)?;
        report.late += late;
        if batch.is_empty() {
            return Ok(report);
        }
        for c in batch {
            let outcome = message(&c, from, now).and_then(|m| smtp.send(&m));
            let w = db.writer();
            match outcome {
                Ok(()) => {
                    report.sent += 1;
                    w.execute(
                        "UPDATE followups SET sent = ?4, sealed = NULL \
                         WHERE plan = ?1 AND moment = ?2 AND claimer = ?3",
                        params![c.plan, c.moment, &claimer[..], now.timestamp()],
                    )?;
                }
                Err(e) => {
                    report.failed += 1;
                    // The claim stands until its lease ends: this run does not try it again.
                    eprintln!("aftercare: a follow-up e-mail was not sent: {e}");
                }
            }
        }
    }
}

/// Claims up to [`BATCH`] due messages for `claimer`, in one transaction, after dropping
/// those later than [`lateness`] allows that no one holds; returns the claimed and the
/// number dropped.
fn claim(
    db: &Sqlite,
    key: &SealKey,
    claimer: &[u8],
    now: DateTime<Utc>,
) -> Result<(Vec<Claimed>, usize), StoreError> {
    let mut c = db.writer();
    let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let late = tx
        .prepare_cached(
            "DELETE FROM followups WHERE sent IS NULL \
               AND due < ?1 - CASE moment WHEN ?5 THEN ?2 ELSE ?4 END \
               AND (claimed IS NULL OR claimed < ?1 - ?3)",
        )?
        .execute(params![
            now.timestamp(),
            LATE_SECONDS,
            LEASE_SECONDS,
            LATE_OTHER_SECONDS,
            EVENING
        ])?;
    let mut rows: Vec<(Vec<u8>, String, Vec<u8>, i64)> = tx
        .prepare_cached(
            "UPDATE followups SET claimed = ?1, claimer = ?2 WHERE (plan, moment) IN ( \
                 SELECT f.plan, f.moment FROM followups f \
                 JOIN followup_subscriptions s ON s.plan = f.plan \
                 JOIN plans p ON p.key = f.plan \
                 WHERE f.sent IS NULL AND f.due <= ?1 AND f.sealed IS NOT NULL \
                   AND s.stopped IS NULL AND s.address IS NOT NULL \
                   AND (f.claimed IS NULL OR f.claimed < ?1 - ?3) \
                 ORDER BY f.due LIMIT ?4) \
             RETURNING plan, moment, sealed, due",
        )?
        .query_map(
            params![now.timestamp(), claimer, LEASE_SECONDS, BATCH],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
        )?
        .collect::<Result<_, _>>()?;
    // RETURNING keeps no order: messages due together go out in their plan's order.
    rows.sort_by_key(|(_, _, _, due)| *due);
    let mut claimed = Vec::with_capacity(rows.len());
    for (plan, moment, sealed, _) in rows {
        let (link, address): (Vec<u8>, Vec<u8>) = tx
            .prepare_cached("SELECT link, address FROM followup_subscriptions WHERE plan = ?1")?
            .query_row(params![plan], |row| Ok((row.get(0)?, row.get(1)?)))?;
        let key_of = Key(plan.as_slice().try_into().map_err(store_error)?);
        claimed.push(Claimed {
            message: open_json(key, &message_aad(&plan, &moment), &sealed)?,
            subscription: Subscription {
                to: open_json(key, &address_aad(&key_of), &address)?,
                stop_url: open_json(key, &plan, &link)?,
            },
            plan,
            moment,
        });
    }
    tx.commit()?;
    Ok((claimed, late))
}

/// The e-mail of a claimed message: plain text, the unsubscribe link at its end and in the
/// `List-Unsubscribe` headers (RFC 2369, and RFC 8058's one-click POST).
fn message(c: &Claimed, from: &Mailbox, now: DateTime<Utc>) -> crate::error::Result<Message> {
    let to = &c.subscription.to;
    let to = mail::mailbox("email", &to.address, to.name.as_deref())?;
    let t = texts(c.message.lang);
    let clinic_name = from.name.clone().unwrap_or_else(|| t.no_clinic.clone());
    let footer = t.footer.replace("{clinic}", &clinic_name);
    let body = format!(
        "{}\n-- \n{footer}\n{}\n",
        c.message.text, c.subscription.stop_url
    );
    let id = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, &message_aad(&c.plan, &c.moment))
        .simple()
        .to_string();
    let mut message = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(c.message.subject.clone())
        .date(now.into())
        .message_id(Some(format!("<{id}@{}>", from.email.domain())))
        .singlepart(SinglePart::plain(body))
        .map_err(|e| crate::error::Error::invalid("message", "", e.to_string()))?;
    let headers = message.headers_mut();
    headers.insert_raw(HeaderValue::new(
        HeaderName::new_from_ascii_str("List-Unsubscribe"),
        format!("<{}>", c.subscription.stop_url),
    ));
    headers.insert_raw(HeaderValue::new(
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
        "List-Unsubscribe=One-Click".into(),
    ));
    mail::content_language(&mut message, c.message.lang);
    Ok(message)
}

/// The patient's consent, given with `email` for the plan `loaded` (the hand-over form, the
/// plan's page, `"follow_ups": true` in the API): its moments queued from now on. The address
/// is checked as the desk's e-mail field is; an error names the field `email`.
pub(crate) fn consent(
    app: &App,
    loaded: &Loaded,
    email: &str,
    now: DateTime<Utc>,
) -> Result<(), ServeError> {
    if email.trim().is_empty() {
        return Err(crate::error::Error::invalid(
            "email",
            "",
            "the patient's e-mail address, to send the follow-ups to",
        )
        .into());
    }
    let to = mail::mailbox("email", email, None)?;
    let page = app.plans.page_url(&loaded.token);
    let plan_moments = moments(
        &loaded.plan,
        app.plans.clinic().as_ref(),
        loaded.prepared.options.style,
        Some(&page),
    );
    subscribe(
        &app.db,
        &loaded.token.key(),
        &to,
        &plan_moments,
        app.plans.base_url(),
        now,
    )?;
    Ok(())
}

/// The plan page's section: the consent form, or that the e-mails are on. `errors` are the
/// page's, by field (`email`, `follow_ups`), and `typed` what was typed in its fields.
pub(crate) fn page_section(
    app: &App,
    loaded: &Loaded,
    errors: &std::collections::HashMap<&str, String>,
    typed: &std::collections::HashMap<&str, String>,
) -> String {
    let lang = loaded.plan.lang;
    let t = texts(lang);
    let on = subscribed(&app.db, &loaded.token.key()).unwrap_or(false);
    super::views::render(&super::views::FollowUps {
        heading: &t.page_heading,
        on: on.then_some(t.page_on.as_str()),
        token: loaded.token.as_str(),
        hint: &t.page_hint,
        email_label: lang.t("plan-email"),
        email: typed.get("email").map_or("", String::as_str),
        email_error: errors.get("email").map(String::as_str),
        consent: &t.page_consent,
        consent_error: errors.get("follow_ups").map(String::as_str),
        button: &t.page_button,
    })
}

/// The plan page's consent form.
#[derive(serde::Deserialize)]
pub(crate) struct ConsentForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    follow_ups: String,
}

/// `POST /p/{token}/followups`: the patient's consent from their page; back to the page.
pub(crate) async fn page_consent(
    State(app): State<Arc<App>>,
    Path(token): Path<String>,
    headers: axum::http::HeaderMap,
    axum::extract::Form(form): axum::extract::Form<ConsentForm>,
) -> Response {
    let now = Utc::now();
    let loaded = match app.plans.load(&token) {
        Ok(l) => l,
        Err(err) => return err.page_in(pages::asked_lang(&app, None, &headers)),
    };
    let lang = loaded.plan.lang;
    let outcome = if form.follow_ups != "on" {
        Err(ServeError::Input(crate::error::Error::invalid(
            "follow_ups",
            "",
            texts(lang).page_need_consent.as_str(),
        )))
    } else {
        consent(&app, &loaded, &form.email, now)
    };
    match outcome {
        Ok(()) => axum::response::Redirect::to(&format!("/p/{}#fu-h", loaded.token.as_str()))
            .into_response(),
        Err(ServeError::Input(err)) => {
            let mut errors = std::collections::HashMap::new();
            errors.insert(
                if err.field() == Some("follow_ups") {
                    "follow_ups"
                } else {
                    "email"
                },
                match err.field() {
                    // Said as the box's own words, in the plan's language.
                    Some("follow_ups") => crate::units::capitalise(&texts(lang).page_need_consent),
                    // To the patient, about their own address.
                    Some("email") => lang.t("form-error-email"),
                    _ => pages::say(&err, lang),
                },
            );
            pages::private(
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Html(pages::plan_page(
                        &app,
                        &loaded,
                        now,
                        &errors,
                        // The address stays in its field, to be corrected.
                        &std::collections::HashMap::from([("email", form.email.clone())]),
                    )),
                )
                    .into_response(),
            )
        }
        Err(other) => other.page_in(lang),
    }
}

/// The API's consent fields, checked before the plan is made: `"follow_ups": true` with an
/// `"email"`; the address to subscribe, if consent was given.
pub(crate) fn api_consent(
    email: Option<serde_json::Value>,
    follow_ups: Option<serde_json::Value>,
) -> Result<Option<String>, ServeError> {
    use crate::error::Error;
    use serde_json::Value;
    let email = match email {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(other) => {
            return Err(Error::invalid("email", other.to_string(), "an e-mail address").into());
        }
    };
    match follow_ups {
        None | Some(Value::Null) | Some(Value::Bool(false)) => match email {
            Some(address) if !address.trim().is_empty() => Err(Error::invalid(
                "follow_ups",
                "(not given)",
                "true, to send follow-up e-mails to this address (an address alone is not used)",
            )
            .into()),
            _ => Ok(None),
        },
        Some(Value::Bool(true)) => {
            let address = email.unwrap_or_default();
            if address.trim().is_empty() {
                return Err(Error::invalid(
                    "email",
                    "",
                    "the patient's e-mail address, to send the follow-ups to",
                )
                .into());
            }
            mail::mailbox("email", &address, None)?;
            Ok(Some(address))
        }
        Some(other) => Err(Error::invalid("follow_ups", other.to_string(), "true or false").into()),
    }
}

/// What the hand-over page says once the follow-ups of `email` are on, in the desk's `lang`.
pub(crate) fn desk_on(app: &App, email: &str, lang: Lang) -> String {
    let t = texts(lang);
    let on = t.desk_on.replace("{email}", email);
    match app.mail {
        Some(_) => on,
        None => format!("{on} {}", t.desk_no_sender),
    }
}

/// After a revision (a setback, exercise too soon): the queue follows the revised plan. A
/// failure is logged, never the revision's: the plan itself was stored.
pub(crate) fn revised(app: &App, loaded: &Loaded) {
    let page = app.plans.page_url(&loaded.token);
    let plan_moments = moments(
        &loaded.plan,
        app.plans.clinic().as_ref(),
        loaded.prepared.options.style,
        Some(&page),
    );
    if let Err(e) = replan(&app.db, &loaded.token.key(), &plan_moments, Utc::now()) {
        eprintln!("aftercare serve: the follow-ups of a revised plan: {e}");
    }
}

/// `GET /u/{token}`: the unsubscribe link opened; a button that stops the e-mails (a link
/// checker or a mail client's preview opening it stops nothing).
pub(crate) async fn stop_form(
    State(app): State<Arc<App>>,
    Path(token): Path<String>,
    headers: axum::http::HeaderMap,
) -> Response {
    let lang = pages::asked_lang(&app, None, &headers);
    let t = texts(lang);
    let known = Token::parse(&token).is_some()
        && app
            .db
            .reader()
            .query_row(
                "SELECT 1 FROM followup_subscriptions WHERE stop = ?1",
                params![&stop_hash(&token)[..]],
                |row| row.get::<_, i64>(0),
            )
            .optional()
            .ok()
            .flatten()
            .is_some();
    if !known {
        return (
            StatusCode::NOT_FOUND,
            pages::message_page_in(lang, &t.stop_title, &t.stop_unknown),
        )
            .into_response();
    }
    Html(super::views::render(&super::views::Stop {
        frame: super::views::Frame::of(&app, lang, t.stop_title.clone()),
        ask: &t.stop_ask,
        token: &token,
        button: &t.stop_button,
    }))
    .into_response()
}

/// `POST /u/{token}`: the e-mails stopped, from the page's button or a mail client's
/// one-click unsubscribe (RFC 8058).
pub(crate) async fn stop_now(
    State(app): State<Arc<App>>,
    Path(token): Path<String>,
    headers: axum::http::HeaderMap,
) -> Response {
    let lang = pages::asked_lang(&app, None, &headers);
    let t = texts(lang);
    match stop(&app.db, &token, Utc::now()) {
        Ok(true) => pages::message_page_in(lang, &t.stop_title, &t.stop_done).into_response(),
        Ok(false) => (
            StatusCode::NOT_FOUND,
            pages::message_page_in(lang, &t.stop_title, &t.stop_unknown),
        )
            .into_response(),
        Err(err) => ServeError::from(err).page_in(lang),
    }
}

/// `aftercare serve` with `--smtp`: what is due, sent every minute (from the start: a
/// restart sends what came due while it was down).
pub(crate) async fn every_minute(db: Arc<Sqlite>, smtp: Arc<Smtp>, from: Mailbox) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let (db, smtp, from) = (db.clone(), smtp.clone(), from.clone());
        let run = tokio::task::spawn_blocking(move || send_due(&db, &smtp, &from, Utc::now()));
        match run.await {
            Ok(Ok(Report {
                sent: 0,
                failed: 0,
                late: 0,
            })) => {}
            Ok(Ok(r)) => eprintln!(
                "aftercare serve: follow-up e-mails: {} sent, {} not sent (tried again later), \
                 {} dropped as too late",
                r.sent, r.failed, r.late
            ),
            Ok(Err(e)) => eprintln!("aftercare serve: follow-up e-mails: {e}"),
            Err(e) => eprintln!("aftercare serve: follow-up e-mails: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::request::PlanRequest;
    use crate::model::Protocol;

    fn plan(json: &str) -> Plan {
        let request: PlanRequest = serde_json::from_str(json).unwrap();
        let protocol = Protocol::builtin();
        request.prepare(&protocol).unwrap().plan(&protocol)
    }

    const BASE: &str = r#"{"at": "2027-02-05 14:00", "tz": "Europe/Madrid", "minutes": 30,
        "areas": ["forehead"], "product": "botox""#;

    #[test]
    fn a_claim_is_taken_once_survives_a_key_rotation_and_goes_with_its_plan() {
        use crate::serve::store::{Charge, Record, Store, rotate_key};
        let dir = tempfile::tempdir().unwrap();
        let (path, key_file) = (dir.path().join("plans.db"), dir.path().join("plans.db.key"));
        let db = Sqlite::open_sealed(&path, 1, &key_file).unwrap();
        let plan = Key([7; 32]);
        let record = Record {
            sealed: b"sealed".to_vec(),
            revision: 0,
            etag: "\"e\"".into(),
            updated: 0,
            purge_after: i64::MAX,
        };
        let free = Charge {
            client: [0; 16],
            day: 0,
            limit: 0,
        };
        assert!(db.create(&plan, &record, &free).unwrap());
        let now = Utc::now();
        let moment = |id: &str, minutes: i64| Moment {
            lang: Lang::En,
            id: id.into(),
            due: now + chrono::Duration::minutes(minutes),
            subject: format!("subject {id}"),
            text: "Zebrafinch text".into(),
        };
        let due = [
            moment("now", 0),
            moment("later", 60),
            moment("stale", -25 * 60),
        ];
        let zebra = mail::mailbox("email", "Zoë Zebra <zebra@example.com>", None).unwrap();
        subscribe(&db, &plan, &zebra, &due, "http://x", now).unwrap();
        drop(db);
        assert!(!rotate_key(&path, &key_file).unwrap());
        let db = Sqlite::open_sealed(&path, 1, &key_file).unwrap();
        let key = db.sealing().unwrap().followups();
        let (claimed, late) = claim(&db, &key, b"one", now).unwrap();
        assert_eq!(late, 0);
        assert_eq!(
            claimed.len(),
            1,
            "the due one; the stale one was never queued"
        );
        assert_eq!(
            claimed[0].subscription.to,
            Recipient {
                address: "zebra@example.com".into(),
                name: Some("Zoë Zebra".into())
            }
        );
        assert!(claimed[0].subscription.stop_url.starts_with("http://x/u/"));
        assert_eq!(claimed[0].message.subject, "subject now");
        assert!(claim(&db, &key, b"two", now).unwrap().0.is_empty(), "taken");
        // Past the lease, a claim never marked sent (its sender stopped) is taken again.
        let later = now + chrono::Duration::minutes(LEASE_SECONDS / 60 + 1);
        let again: Vec<String> = claim(&db, &key, b"two", later)
            .unwrap()
            .0
            .into_iter()
            .map(|c| c.moment)
            .collect();
        assert_eq!(again, ["now"]);
        // More than a day late, a message is dropped, not sent: "later" (never sent, due
        // an hour after `now`) and "now" (its claim's lease over).
        let too_late = now + chrono::Duration::minutes(60 + LATE_OTHER_SECONDS / 60 + 1);
        let (claimed, late) = claim(&db, &key, b"three", too_late).unwrap();
        assert!(claimed.is_empty());
        assert_eq!(late, 2);
        // A purged plan's queue goes with it too.
        let short = Key([8; 32]);
        let expiring = Record {
            purge_after: 10,
            ..record.clone()
        };
        assert!(db.create(&short, &expiring, &free).unwrap());
        let short_to = mail::mailbox("email", "short@example.com", None).unwrap();
        subscribe(&db, &short, &short_to, &due, "http://x", now).unwrap();
        assert_eq!(db.purge(20).unwrap(), 1);
        assert!(db.delete(&plan).unwrap());
        let left: i64 = db
            .writer()
            .query_row(
                "SELECT (SELECT COUNT(*) FROM followups) + (SELECT COUNT(*) FROM followup_subscriptions)",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(left, 0, "the queue goes with its plan");
    }

    #[test]
    fn a_recipient_sealed_before_names_were_kept_still_opens() {
        let old: Recipient = serde_json::from_str("\"zebra@example.com\"").unwrap();
        assert_eq!(
            old,
            Recipient {
                address: "zebra@example.com".into(),
                name: None
            }
        );
        let named = Recipient {
            address: "zoe@example.com".into(),
            name: Some("Zoë".into()),
        };
        let again: Recipient =
            serde_json::from_str(&serde_json::to_string(&named).unwrap()).unwrap();
        assert_eq!(again, named);
    }

    #[test]
    fn the_texts_read() {
        assert!(texts(Lang::En).greeting.contains("{clinic}"));
    }

    #[test]
    fn the_moments_are_the_plan_s_own_times() {
        let p = plan(&format!("{BASE}}}"));
        let clinic = Clinic {
            name: "Clínica Ejemplo".into(),
            booking: Some("https://clinica.example/reservar".into()),
            ..Clinic::default()
        };
        let m = moments(&p, Some(&clinic), TimeStyle::default(), None);
        assert!(m.iter().all(|m| !m.text.contains("Your plan, and")));
        let ids: Vec<&str> = m.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(
            ids,
            ["evening", "exercise", "heat", "check-in", "full", "results"]
        );
        let tz = p.appointment.tz;
        let local = |m: &Moment| {
            m.due
                .with_timezone(&tz)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        };
        // The evening: the plan's 18:00 reminder; hard exercise and heat (moderate sweat):
        // when their windows end.
        assert_eq!(local(&m[0]), "2027-02-05 18:00");
        let end = |rule: &str| {
            p.windows
                .iter()
                .find(|w| w.rule == rule)
                .unwrap()
                .end
                .with_timezone(&Utc)
        };
        assert_eq!(m[1].due, end("strenuous-exercise"));
        // What it allows is the plan's stage then, not more.
        let ease = p
            .stages
            .iter()
            .find(|s| s.start == end("strenuous-exercise"))
            .unwrap();
        assert_eq!(ease.title, "Ease back");
        assert!(
            m[1].text.contains(&format!(
                "your plan moves on to \"Ease back\": {}",
                ease.advice
            )),
            "{}",
            m[1].text
        );
        assert!(
            m[1].text
                .contains("These still apply, until the times below:\n- No intense workouts until"),
            "{}",
            m[1].text
        );
        assert_eq!(m[2].due, end("heat"));
        let check = p.reminders.iter().find(|r| r.id == "check-day-3").unwrap();
        assert_eq!(m[3].due, check.at.with_timezone(&Utc));
        assert!(m[3].text.contains(&check.text));
        assert!(m[5].text.contains("https://clinica.example/reservar"));
        // Heavy sweat: hard exercise waits as long as heat, and one message says both.
        let heavy = plan(&format!(r#"{BASE}, "sweat": "heavy"}}"#));
        let page = "https://care.example/p/AAAAAAAAAAAAAAAAAAAAAA";
        let m = moments(&heavy, Some(&clinic), TimeStyle::default(), Some(page));
        assert!(m.iter().all(|m| m.text.contains(&format!(
            "Your plan's page, to update it if something changes: {page}\n"
        ))));
        let both = m.iter().find(|m| m.id == "heat-exercise").unwrap();
        assert!(
            both.text.contains("saunas") && both.text.contains("your plan moves on to"),
            "{}",
            both.text
        );
        assert!(m[0].text.starts_with("Hello from Clínica Ejemplo,"));
        assert!(
            m[0].text.contains("No heat until Sun 7 Feb 14:30"),
            "{}",
            m[0].text
        );
        assert!(m[0].text.contains("The team at Clínica Ejemplo"));
    }

    #[test]
    fn a_setback_adds_its_check_in_and_without_booking_no_link() {
        let p = plan(&format!(r#"{BASE}, "setbacks": ["2027-02-06 10:00"]}}"#));
        let m = moments(&p, None, TimeStyle::default(), None);
        let setback = m.iter().find(|m| m.id == "setback-check-1").unwrap();
        let check = p
            .reminders
            .iter()
            .find(|r| r.id == "setback-check-1")
            .unwrap();
        assert_eq!(setback.due, check.at.with_timezone(&Utc));
        let now = m.iter().find(|m| m.id == "setback-1").unwrap();
        assert_eq!(now.due, p.appointment.setbacks[0].with_timezone(&Utc));
        let back = p.stages.iter().find(|s| s.setback).unwrap();
        assert!(now.text.contains(&back.advice), "{}", now.text);
        // Exercise (24 h) falls inside the setback's step back: its message waits for the
        // step back to end, and then names a stage with exercise in it.
        let stepped = p.stages.iter().find(|s| s.setback).unwrap();
        let moved = m
            .iter()
            .find(|m| m.id == "exercise" || m.id == "heat-exercise")
            .unwrap();
        assert!(moved.due >= stepped.end.unwrap().with_timezone(&Utc));
        assert!(!moved.text.contains("Setback") && !moved.text.contains("\"Settle\""));
        // Every message says what cannot wait, with the number of the plan's country.
        assert!(m.iter().all(|m| m.text.contains("Call 112 now")), "{m:#?}");
        let results = m.iter().find(|m| m.id == "results").unwrap();
        assert!(!results.text.contains("Book your follow-up"));
        assert!(results.text.starts_with("Hello from your clinic,"));
    }
}
