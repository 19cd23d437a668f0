//! What the pages and the API do with plans, in one place: make one from a request, load it by
//! its token, revise it (a setback, exercise too soon) and delete it. Each revision plans
//! again from the stored request and renders the calendar with the next SEQUENCE, so the
//! events a subscribed calendar already holds (same UIDs) are replaced in place.
//!
//! What is stored of a plan is its request (JSON) and its calendar, deflated against a preset
//! dictionary (a sample calendar: most of a calendar is the protocol's wording), then sealed
//! with its token's key ([`SealKey::for_plan`], the record's key as associated data): a
//! typical plan's 23 KB calendar takes some 2 KB, and opens only with the patient's link.

use std::net::IpAddr;
use std::sync::{Arc, RwLock};

use chrono::{DateTime, TimeZone, Utc};
use sha2::{Digest, Sha256};

use super::ServeError;
use super::seal::{SealKey, ServerKey};
use super::store::{Charge, Record, Store};
use super::token::Token;
use crate::error::Error;
use crate::input::protocol::Protocols;
use crate::input::request::{PlanRequest, Prepared};
use crate::model::{Clinic, Plan, Protocol};
use crate::plan::oops::{Monitoring, monitoring_for};
use crate::render::ics::{self, Feed, IcsOptions};

/// The plans of a server: its store, protocols, clinic and links.
pub struct Plans {
    store: Arc<dyn Store>,
    /// The protocols offered, the default first (the desk's settings can change them).
    protocols: RwLock<Vec<(String, Arc<Protocols>)>>,
    clinic: RwLock<Option<Clinic>>,
    logo: RwLock<Option<Arc<Logo>>>,
    base_url: String,
    /// How long after its last event a plan is kept.
    retention: chrono::Duration,
    /// Refresh hint for subscribed calendars, in minutes.
    refresh_minutes: u32,
    budget: Budget,
}

/// The bytes of plans one client address may store per UTC day, counted under a keyed hash
/// of the address and the day (never the address).
#[derive(Clone, Debug)]
pub struct Budget {
    key: ServerKey,
    per_day: u64,
}

impl Budget {
    /// `per_day` bytes a day (0: no limit), counted under hashes keyed with `key`.
    pub fn new(key: ServerKey, per_day: u64) -> Self {
        Budget { key, per_day }
    }

    /// What a plan made by `client` at `now` is counted against.
    fn charge(&self, client: IpAddr, now: DateTime<Utc>) -> Charge {
        let day = now.timestamp().div_euclid(86_400);
        Charge {
            client: self.key.client(client, day),
            day,
            limit: self.per_day,
        }
    }
}

/// The preset dictionary a plan's content is deflated against: a calendar of made-up
/// appointments. Stored plans need it to open: never change it; a new one comes with a new
/// [`CONTENT`] format.
const DICTIONARY: &[u8] = include_bytes!("plan-dictionary.ics");

/// The format of a plan's content, its first byte once opened: the request's JSON, a line
/// feed, the calendar, deflated (raw, against [`DICTIONARY`]).
const CONTENT: u8 = 1;

/// The largest content opened: far more than any plan's calendar.
const MAX_CONTENT: usize = 16 * 1024 * 1024;

/// A plan's stored content, opened.
struct Opened {
    request: PlanRequest,
    calendar: String,
}

/// The clinic's logo: a PNG or JPEG image of at most [`Logo::MAX_BYTES`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Logo {
    /// `image/png` or `image/jpeg`.
    pub content_type: &'static str,
    /// The image.
    pub bytes: Vec<u8>,
}

impl Logo {
    /// The largest logo accepted.
    pub const MAX_BYTES: usize = 200 * 1024;

    /// Checks an uploaded image by its first bytes (never by its name): PNG or JPEG, and
    /// small. SVG is refused: it can carry script.
    pub fn new(bytes: Vec<u8>) -> Result<Self, Error> {
        let content_type = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            "image/png"
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            "image/jpeg"
        } else {
            return Err(Error::invalid("logo", "(the file)", "a PNG or JPEG image"));
        };
        if bytes.len() > Self::MAX_BYTES {
            return Err(Error::invalid(
                "logo",
                format!("{} KB", bytes.len() / 1024),
                "an image of at most 200 KB",
            ));
        }
        Ok(Logo {
            content_type,
            bytes,
        })
    }
}

/// A stored plan, loaded and planned again.
pub struct Loaded {
    /// Its token.
    pub token: Token,
    /// What it was made from.
    pub request: PlanRequest,
    /// Its record.
    pub record: Record,
    /// The request, read.
    pub prepared: Prepared,
    /// The plan.
    pub plan: Plan,
    /// The check-ins after exercising too soon, when reported.
    pub monitoring: Option<Monitoring>,
}

impl Plans {
    /// Plans stored in `store`, made with `protocols` (the first is the default; at least
    /// one), signed by `clinic`, linked from `base_url` (no trailing slash), kept for
    /// `retention` after their last event, made within `budget`.
    pub fn new(
        store: Arc<dyn Store>,
        protocols: Vec<(String, Protocols)>,
        clinic: Option<Clinic>,
        base_url: String,
        retention: chrono::Duration,
        budget: Budget,
    ) -> Self {
        Plans {
            store,
            protocols: RwLock::new(
                protocols
                    .into_iter()
                    .map(|(name, p)| (name, Arc::new(p)))
                    .collect(),
            ),
            clinic: RwLock::new(clinic),
            logo: RwLock::new(None),
            base_url: base_url.trim_end_matches('/').to_string(),
            retention,
            refresh_minutes: 60,
            budget,
        }
    }

    /// The store.
    pub fn store(&self) -> &dyn Store {
        &*self.store
    }

    /// The clinic, if configured.
    pub fn clinic(&self) -> Option<Clinic> {
        self.clinic
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The clinic's logo, if an admin uploaded one.
    pub fn logo(&self) -> Option<Arc<Logo>> {
        self.logo.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Replaces the clinic's logo (the desk's settings).
    pub fn set_logo(&self, logo: Option<Logo>) {
        *self.logo.write().unwrap_or_else(|e| e.into_inner()) = logo.map(Arc::new);
    }

    /// Replaces the clinic (the desk's settings): the next page and calendar show it.
    /// The clinic's language for its patients (its profile's `language`), else English.
    pub fn default_lang(&self) -> crate::i18n::Lang {
        self.clinic
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .and_then(|c| c.language)
            .unwrap_or_default()
    }

    /// Replaces the clinic profile (the desk's settings).
    pub fn set_clinic(&self, clinic: Option<Clinic>) {
        *self.clinic.write().unwrap_or_else(|e| e.into_inner()) = clinic;
    }

    /// Replaces the default protocol (the desk's settings), keeping its name.
    pub fn set_default_protocol(&self, protocol: Protocols) {
        let mut protocols = self.protocols.write().unwrap_or_else(|e| e.into_inner());
        protocols[0].1 = Arc::new(protocol);
    }

    /// The protocols' names, the default first.
    pub fn protocol_names(&self) -> Vec<String> {
        self.protocols
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .map(|(name, _)| name.clone())
            .collect()
    }

    /// The protocol named `name` (the default when `None`), in English for now: the web app's
    /// pages are; errors name the field `protocol`.
    pub fn protocol(&self, name: Option<&str>) -> Result<Arc<Protocol>, Error> {
        Ok(self.protocols(name)?.get(crate::i18n::Lang::En)?.clone())
    }

    /// The protocol named `name` (the default when `None`), in every language it covers.
    pub fn protocols(&self, name: Option<&str>) -> Result<Arc<Protocols>, Error> {
        let protocols = self.protocols.read().unwrap_or_else(|e| e.into_inner());
        match name.map(str::trim).filter(|n| !n.is_empty()) {
            None => Ok(protocols[0].1.clone()),
            Some(name) => protocols
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, p)| p.clone())
                .ok_or_else(|| {
                    Error::invalid(
                        "protocol",
                        name,
                        format!(
                            "one of: {}",
                            protocols
                                .iter()
                                .map(|(n, _)| n.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                }),
        }
    }

    /// What links point to (no trailing slash).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The plan page's absolute URL.
    pub fn page_url(&self, token: &Token) -> String {
        format!("{}/p/{}", self.base_url, token.as_str())
    }

    /// The feed's absolute URL.
    pub fn feed_url(&self, token: &Token) -> String {
        format!("{}/p/{}/calendar.ics", self.base_url, token.as_str())
    }

    /// The feed's `webcal://` URL (Apple Calendar, Outlook desktop).
    pub fn webcal_url(&self, token: &Token) -> String {
        let feed = self.feed_url(token);
        let rest = feed
            .strip_prefix("https://")
            .or_else(|| feed.strip_prefix("http://"))
            .unwrap_or(&feed);
        format!("webcal://{rest}")
    }

    /// Makes and stores a plan from `request` at `now`, asked for by `client` (counted
    /// against its budget for the day: [`ServeError::OverBudget`] past it).
    pub fn create(
        &self,
        request: PlanRequest,
        now: DateTime<Utc>,
        client: IpAddr,
    ) -> Result<Loaded, ServeError> {
        let token = Token::new().map_err(|e| ServeError::Internal(e.to_string()))?;
        let loaded = self.make(token, request, 0, now)?;
        let charge = self.budget.charge(client, now);
        if !self
            .store
            .create(&loaded.token.key(), &loaded.record, &charge)?
        {
            return Err(ServeError::OverBudget);
        }
        Ok(loaded)
    }

    /// Makes or updates the plan of a day's list row under `token`, which the row's identity
    /// gives (so the same row of a list sent again is the same plan): made when new, not
    /// counted against a client address's budget (the desk is signed in and its lists are
    /// bounded); planned again when the row changed, keeping what the patient reported since
    /// (setbacks, exercising too soon) and the provider's adjustments.
    pub fn keep_listed(
        &self,
        token: Token,
        request: PlanRequest,
        now: DateTime<Utc>,
    ) -> Result<Loaded, ServeError> {
        let current = match self.load(token.as_str()) {
            Ok(current) => current,
            Err(ServeError::Gone) => {
                let loaded = self.make(token, request, 0, now)?;
                let unbounded = Charge {
                    client: [0; 16],
                    day: 0,
                    limit: 0,
                };
                return match self
                    .store
                    .create(&loaded.token.key(), &loaded.record, &unbounded)
                {
                    Ok(_) => Ok(loaded),
                    // Another server made it meanwhile, from the same row.
                    Err(_) => self.load(loaded.token.as_str()),
                };
            }
            Err(other) => return Err(other),
        };
        let reported = PlanRequest {
            setbacks: current.request.setbacks.clone(),
            oops: current.request.oops.clone(),
            oops_activity: current.request.oops_activity.clone(),
            adjust: current.request.adjust.clone(),
            adjust_reason: current.request.adjust_reason.clone(),
            ..request
        };
        if reported == current.request {
            return Ok(current);
        }
        let revised = self.make(current.token, reported, current.record.revision + 1, now)?;
        if !self.store.revise(&revised.token.key(), &revised.record)? {
            return Err(ServeError::Conflict);
        }
        Ok(revised)
    }

    /// The plan of the token in a link. Unknown, deleted, purged and malformed tokens are all
    /// [`ServeError::Gone`]: a client cannot tell them apart.
    pub fn load(&self, token: &str) -> Result<Loaded, ServeError> {
        let token = Token::parse(token).ok_or(ServeError::Gone)?;
        let record = self.stored(&token)?.ok_or(ServeError::Gone)?;
        let Opened { request, .. } = open(&token, &record)?;
        let (prepared, plan, monitoring) = self.planned(&request)?;
        Ok(Loaded {
            token,
            request,
            record,
            prepared,
            plan,
            monitoring,
        })
    }

    /// The record of `token`, if there is one. One stored before plans were sealed is sealed
    /// now, the token being at hand.
    pub fn stored(&self, token: &Token) -> Result<Option<Record>, ServeError> {
        let key = token.key();
        if let Some(record) = self.store.read(&key)? {
            return Ok(Some(record));
        }
        let Some(old) = self.store.unsealed(&key)? else {
            return Ok(None);
        };
        let request: PlanRequest = serde_json::from_str(&old.request)
            .map_err(|e| ServeError::Internal(format!("stored request: {e}")))?;
        let record = seal(
            token,
            &request,
            &old.calendar,
            Record {
                sealed: Vec::new(),
                revision: old.revision,
                etag: String::new(),
                updated: old.updated,
                purge_after: old.purge_after,
            },
        )?;
        self.store.reseal(&key, &record)?;
        Ok(Some(record))
    }

    /// The calendar of `token`'s `record`, as the feed serves it.
    pub fn calendar(&self, token: &Token, record: &Record) -> Result<String, ServeError> {
        Ok(open(token, record)?.calendar)
    }

    /// Changes the stored request of `token` with `change`, plans again and stores the result
    /// as the next revision (the calendar's next SEQUENCE).
    pub fn revise(
        &self,
        token: &str,
        now: DateTime<Utc>,
        change: impl FnOnce(&mut PlanRequest),
    ) -> Result<Loaded, ServeError> {
        let current = self.load(token)?;
        let mut request = current.request;
        change(&mut request);
        let revised = self.make(current.token, request, current.record.revision + 1, now)?;
        if !self.store.revise(&revised.token.key(), &revised.record)? {
            return Err(ServeError::Conflict);
        }
        Ok(revised)
    }

    /// Claims the e-mailing of the plan of `token` to `address` at `now`: `None` when it is
    /// this call's to send; when it was sent (or is being sent) to that address already,
    /// since when. Another address is sent to (a corrected one).
    pub fn claim_sent(
        &self,
        token: &Token,
        address: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, ServeError> {
        // The address is kept as a hash only the token (never stored) gives.
        let mut hash = Sha256::new();
        hash.update(token.as_str().as_bytes());
        hash.update([0]);
        hash.update(address.trim().to_lowercase().as_bytes());
        Ok(self
            .store
            .claim_sent(&token.key(), &hash.finalize().into(), now.timestamp())?
            .and_then(|at| DateTime::from_timestamp(at, 0)))
    }

    /// Gives up the claim of [`Plans::claim_sent`] after the mail server refused the message.
    pub fn release_sent(&self, token: &Token) -> Result<(), ServeError> {
        Ok(self.store.release_sent(&token.key())?)
    }

    /// Erases the plan of `token`; [`ServeError::Gone`] when there is none.
    pub fn delete(&self, token: &str) -> Result<(), ServeError> {
        let token = Token::parse(token).ok_or(ServeError::Gone)?;
        if self.store.delete(&token.key())? {
            Ok(())
        } else {
            Err(ServeError::Gone)
        }
    }

    /// Plans `request` and renders its calendar as revision `revision`, made at `now`.
    fn make(
        &self,
        token: Token,
        request: PlanRequest,
        revision: u32,
        now: DateTime<Utc>,
    ) -> Result<Loaded, ServeError> {
        let (prepared, plan, monitoring) = self.planned(&request)?;
        // Whole seconds: DTSTAMP has no fractions, and the record keeps seconds.
        let updated = now.timestamp();
        let dtstamp = Utc.timestamp_opt(updated, 0).single().unwrap_or(now);
        let options = self.ics_options(&token, &prepared, revision, dtstamp);
        let calendar = ics::render_with_checks(&plan, monitoring.as_ref(), &options);
        let last = monitoring
            .as_ref()
            .and_then(|m| m.checks.last().map(|c| c.at))
            .map_or(plan.last_instant(), |c| c.max(plan.last_instant()));
        let record = seal(
            &token,
            &request,
            &calendar,
            Record {
                sealed: Vec::new(),
                revision,
                etag: String::new(),
                updated,
                purge_after: (last.with_timezone(&Utc) + self.retention).timestamp(),
            },
        )?;
        Ok(Loaded {
            token,
            request,
            record,
            prepared,
            plan,
            monitoring,
        })
    }

    /// How the calendar of a plan is rendered: the feed's, and the e-mail's with the same UIDs.
    pub fn ics_options(
        &self,
        token: &Token,
        prepared: &Prepared,
        revision: u32,
        dtstamp: DateTime<Utc>,
    ) -> IcsOptions {
        IcsOptions {
            dtstamp,
            discreet: prepared.discreet,
            procedure: prepared.procedure.clone(),
            uid_seed: uid_seed(token),
            sequence: revision,
            clinic: self.clinic(),
            style: prepared.options.style,
            feed: Some(Feed {
                refresh_minutes: self.refresh_minutes,
            }),
            page: Some(self.page_url(token)),
            ..IcsOptions::default()
        }
    }

    /// `request` read and planned, with the check-ins after exercising too soon.
    fn planned(
        &self,
        request: &PlanRequest,
    ) -> Result<(Prepared, Plan, Option<Monitoring>), ServeError> {
        let protocols = self.protocols(request.protocol.as_deref())?;
        let protocol = &**protocols.get(request.lang.unwrap_or_default())?;
        let prepared = request.prepare(protocol)?;
        let plan = prepared.plan(protocol);
        // The check-ins' note speaks of the plan's own stages (a setback moves them).
        let exercise = crate::plan::oops::Exercise {
            stages: plan.stages.clone(),
            ..prepared.exercise.clone()
        };
        let monitoring = prepared.oops.map(|at| {
            monitoring_for(
                at,
                Some(prepared.appointment.end()),
                protocol,
                prepared.options.style,
                &exercise,
            )
        });
        Ok((prepared, plan, monitoring))
    }
}

/// The seed of a plan's calendar UIDs: from its key, so two plans never share UIDs, and
/// stable across revisions.
pub fn uid_seed(token: &Token) -> String {
    token.key().0[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `record` (its clear fields) with the content `request` and `calendar` of `token` sealed in,
/// and the ETag of the sealed bytes (random each time, so it tells nothing of the calendar).
fn seal(
    token: &Token,
    request: &PlanRequest,
    calendar: &str,
    record: Record,
) -> Result<Record, ServeError> {
    let internal = |e: &dyn std::fmt::Display| ServeError::Internal(format!("sealing a plan: {e}"));
    // Compact JSON has no raw line feed: the first one ends it.
    let mut plain = serde_json::to_vec(request).map_err(|e| internal(&e))?;
    plain.push(b'\n');
    plain.extend_from_slice(calendar.as_bytes());
    let mut deflate = flate2::Compress::new(flate2::Compression::best(), false);
    deflate
        .set_dictionary(DICTIONARY)
        .map_err(|e| internal(&e))?;
    let mut content = Vec::with_capacity(plain.len() / 4 + 64);
    content.push(CONTENT);
    loop {
        content.reserve(4096);
        let done = usize::try_from(deflate.total_in()).map_err(|e| internal(&e))?;
        let status = deflate
            .compress_vec(&plain[done..], &mut content, flate2::FlushCompress::Finish)
            .map_err(|e| internal(&e))?;
        if status == flate2::Status::StreamEnd {
            break;
        }
    }
    let sealed = SealKey::for_plan(token)
        .seal(&token.key().0, &content)
        .map_err(|e| internal(&e))?;
    let digest = Sha256::digest(&sealed);
    let etag = format!(
        "\"{}\"",
        digest[..12]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    Ok(Record {
        sealed,
        etag,
        ..record
    })
}

/// The content [`seal`] sealed in `record` for `token`.
fn open(token: &Token, record: &Record) -> Result<Opened, ServeError> {
    let internal = |e: &dyn std::fmt::Display| ServeError::Internal(format!("a stored plan: {e}"));
    let content = SealKey::for_plan(token)
        .open(&token.key().0, &record.sealed)
        .map_err(|e| internal(&e))?;
    let Some((&CONTENT, deflated)) = content.split_first() else {
        return Err(internal(&"an unknown format"));
    };
    let mut inflate = flate2::Decompress::new(false);
    inflate
        .set_dictionary(DICTIONARY)
        .map_err(|e| internal(&e))?;
    let mut plain = Vec::with_capacity(deflated.len() * 8);
    loop {
        if plain.len() > MAX_CONTENT {
            return Err(internal(&"content past its size limit"));
        }
        plain.reserve(16 * 1024);
        let (done, before) = (inflate.total_in(), inflate.total_out());
        let rest = &deflated[usize::try_from(done).map_err(|e| internal(&e))?..];
        let status = inflate
            .decompress_vec(rest, &mut plain, flate2::FlushDecompress::Finish)
            .map_err(|e| internal(&e))?;
        if status == flate2::Status::StreamEnd {
            break;
        }
        // Room was made: no progress means the stream ends early.
        if (inflate.total_in(), inflate.total_out()) == (done, before) {
            return Err(internal(&"content cut short"));
        }
    }
    let split = plain
        .iter()
        .position(|&b| b == b'\n')
        .ok_or_else(|| internal(&"no request"))?;
    let request = serde_json::from_slice(&plain[..split]).map_err(|e| internal(&e))?;
    let calendar = String::from_utf8(plain[split + 1..].to_vec()).map_err(|e| internal(&e))?;
    Ok(Opened { request, calendar })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::store::Sqlite;

    /// A typical plan: an appointment, four workouts a week (one named), one area.
    const TYPICAL: &str = r#"{"at": "2027-02-05 16:00", "tz": "Europe/London", "minutes": 30,
        "workouts": ["mon,wed,fri 18:00 60m weights"], "sweat": "heavy",
        "habits": {"workout": [{"name": "Zebrafinchrun", "activity": "running",
            "days": "sat", "at": "08:00", "minutes": 90}]},
        "areas": ["forehead"], "product": "botox", "discreet": false}"#;

    fn plans(dir: &std::path::Path) -> Plans {
        let db = Sqlite::open_sealed(&dir.join("plans.db"), 1, &dir.join("plans.db.key")).unwrap();
        let budget = Budget::new(db.sealing().unwrap().clone(), 0);
        Plans::new(
            Arc::new(db),
            vec![("default".into(), Protocols::builtin())],
            None,
            "http://localhost".into(),
            chrono::Duration::days(180),
            budget,
        )
    }

    #[test]
    fn a_typical_plan_is_stored_sealed_in_a_few_kilobytes() {
        let dir = tempfile::tempdir().unwrap();
        let plans = plans(dir.path());
        let request: PlanRequest = serde_json::from_str(TYPICAL).unwrap();
        let made = plans
            .create(request.clone(), Utc::now(), "127.0.0.1".parse().unwrap())
            .unwrap();
        let calendar = plans.calendar(&made.token, &made.record).unwrap();
        assert!(calendar.contains("Zebrafinchrun"), "the calendar is whole");
        let clear = serde_json::to_string(&request).unwrap().len() + calendar.len();
        let sealed = made.record.sealed.len();
        eprintln!("a typical plan: {clear} bytes in clear (request and calendar), {sealed} sealed");
        assert!(
            sealed * 5 < clear,
            "{sealed} bytes sealed, {clear} in clear"
        );
        assert!(sealed < 4 * 1024, "{sealed} bytes");
        let read = plans.load(made.token.as_str()).unwrap();
        assert_eq!(read.request, request);
    }

    #[test]
    fn a_plan_opens_with_its_own_token_only() {
        let dir = tempfile::tempdir().unwrap();
        let plans = plans(dir.path());
        let request: PlanRequest = serde_json::from_str(TYPICAL).unwrap();
        let made = plans
            .create(request, Utc::now(), "127.0.0.1".parse().unwrap())
            .unwrap();
        let other = Token::new().unwrap();
        assert!(plans.calendar(&other, &made.record).is_err());
        let mut changed = made.record.clone();
        let last = changed.sealed.len() - 1;
        changed.sealed[last] ^= 1;
        assert!(plans.calendar(&made.token, &changed).is_err());
        assert!(plans.calendar(&made.token, &made.record).is_ok());
    }
}
