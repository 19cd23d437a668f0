//! The calendar renderer: a [`Plan`] as one RFC 5545 VCALENDAR.
//!
//! Layout, designed to be looked at on a phone rather than read: one appointment event, which
//! carries the whole list of warning signs (once); the restriction windows as *consecutive*
//! segments; one short event per stage milestone, reminder and check-in (each check-in and the
//! follow-up with a one-line pointer to the emergency number, not the whole list); one event per
//! habitual session in the recovery period, titled by what to do ("30 min walk instead of
//! CrossFit"), so a phone's cut drops the less useful half.
//!
//! **Restriction segments.** A new segment starts where the previous one ends, so bars never
//! stack; each is titled by what ENDS at its end ("Until 19:30: stay upright") and carries the
//! full avoid / why / instead text of only those restrictions, plus one line naming what stays in
//! force after it. Each restriction is so explained exactly once, in the bar that ends with it:
//! the earlier design (every segment listing everything still in force, titled "Stay upright +9
//! more") repeated the same paragraphs four times and said in its title what did not change.
//! Titling by the end reads as a countdown: the bar a person sees now tells them what they are
//! waiting for next and when.
//!
//! **One voice.** Alarms are spaced: an alarm within [`ALARM_GAP_MINUTES`] of an earlier one is
//! folded into it (one ring, both texts), and none rings before the appointment (or the moment
//! of exercise) has ended: a session's 30-minute warning comes at the end of the appointment at
//! the earliest. Reminders at night are moved by the planner (`[quiet_hours]`).
//!
//! Standards: every event has a stable UID (derived from the appointment and the event's
//! identity, not its time, so a re-import updates it), DTSTAMP from the caller (the binary uses
//! `SOURCE_DATE_EPOCH`), an explicit DTEND, CLASS:PRIVATE, and at most one start-relative
//! VALARM. Windows, milestones, reminders and sessions are TRANSPARENT. Times carry a TZID with a
//! generated VTIMEZONE, or are UTC with [`IcsOptions::utc`].
//!
//! ```
//! # use aftercare::{model::{Appointment, Protocol, Routine, Sweat}, plan::plan};
//! # use chrono::TimeZone;
//! use aftercare::render::ics::{render, IcsOptions};
//!
//! let tz: aftercare::tz::Zone = "Europe/London".parse().unwrap();
//! let appointment = Appointment::new(tz.with_ymd_and_hms(2026, 12, 4, 15, 0, 0).unwrap(), 30).unwrap();
//! let plan = plan(&appointment, &Routine::default(), &Protocol::builtin(), Sweat::Moderate);
//! let ics = render(&plan, &IcsOptions::default());
//! assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
//! assert!(ics.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n"));
//! assert!(ics.lines().all(|l| l.len() <= 76)); // 75 octets + the CR
//! ```

mod lines;
mod tree;
mod vtimezone;

use tree::Prop;
pub use vtimezone::vtimezone;

use chrono::{DateTime, Duration, Utc};

use crate::i18n::Lang;
use crate::model::{Outcome, Plan, Session, Window};
use crate::plan::oops::Monitoring;
use crate::plan::suggest::Suggestions;
use crate::tz::{Zone, is_utc};

/// How to render a plan as a calendar.
#[derive(Clone, Debug)]
pub struct IcsOptions {
    /// DTSTAMP of every event (pass `SOURCE_DATE_EPOCH` for reproducible output).
    pub dtstamp: DateTime<Utc>,
    /// Write UTC times instead of TZID + VTIMEZONE.
    pub utc: bool,
    /// Keep the procedure's name out of titles and the calendar name.
    pub discreet: bool,
    /// The procedure's name for titles (`Botox`).
    pub procedure: String,
    /// The clinic's e-mail address: adds ORGANIZER to every event and METHOD:PUBLISH.
    pub organizer: Option<String>,
    /// The clinic's name, the ORGANIZER's CN (the address when not given).
    pub organizer_name: Option<String>,
    /// Extra identity for UIDs (a patient id), so two people booked at the same time get
    /// different UIDs.
    pub uid_seed: String,
    /// SEQUENCE of every event: 0 for a first plan, raised for each revision (a setback) so that
    /// clients replace the events they already have.
    pub sequence: u32,
    /// The clinic the plan comes from: its contact line goes with the warning signs.
    pub clinic: Option<crate::model::Clinic>,
    /// How times are written in titles and descriptions.
    pub style: crate::units::week::TimeStyle,
    /// The calendar is a subscription feed: where it lives and how often to refresh it.
    pub feed: Option<Feed>,
    /// The plan's page (`https://…/p/<token>`), when a server keeps the plan: the calendar's
    /// URL (RFC 7986), the appointment event's URL and a line of its description. `None`
    /// (a file written by the CLI): no link at all.
    pub page: Option<String>,
    /// Encode through the `icalendar` crate's builder instead of aftercare's own encoder: the
    /// tests' independent oracle, which must give the same bytes. Only with the `oracle`
    /// feature (the tests turn it on): never in the product, where the crate's line folding
    /// never ends on some texts (80 × "é" in 0.17.17).
    #[cfg(any(test, feature = "oracle"))]
    pub reference_encoder: bool,
}

impl Default for IcsOptions {
    fn default() -> Self {
        IcsOptions {
            dtstamp: DateTime::UNIX_EPOCH,
            utc: false,
            discreet: false,
            procedure: "Botox".to_string(),
            organizer: None,
            organizer_name: None,
            uid_seed: String::new(),
            sequence: 0,
            clinic: None,
            style: crate::units::week::TimeStyle::default(),
            feed: None,
            page: None,
            #[cfg(any(test, feature = "oracle"))]
            reference_encoder: false,
        }
    }
}

/// A calendar served as a subscription (`aftercare serve`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Feed {
    /// How often clients should fetch it again, in minutes (REFRESH-INTERVAL and
    /// X-PUBLISHED-TTL; a hint: Google Calendar refreshes on its own schedule).
    pub refresh_minutes: u32,
}

/// Namespace of aftercare's version-5 UUIDs (a fixed random value: changing it changes every
/// UID ever issued).
const UID_NAMESPACE: uuid::Uuid = uuid::Uuid::from_u128(0x6b1f_0c2e_9d4a_4f7e_8a35_2c9e_71d0_b4a3);

/// Renders `plan` as an `.ics` file (CRLF, folded, escaped).
pub fn render(plan: &Plan, options: &IcsOptions) -> String {
    let writer = Writer::new(
        plan.appointment.tz,
        plan_identity(plan, options),
        options,
        plan.lang,
    );
    let r = Renderer::new(plan, &writer);
    let mut specs = r.specs();
    space_alarms(&mut specs, plan.appointment.end);
    writer.calendar(
        &calendar_name(options, plan.lang),
        Some(&r.once),
        Some((plan.appointment.start, plan.last_instant())),
        specs,
    )
}

/// What a plan's UIDs are made from: the seed, the appointment's instant and zone.
fn plan_identity(plan: &Plan, options: &IcsOptions) -> String {
    format!(
        "{}|{}|{}",
        options.uid_seed,
        plan.appointment.start.with_timezone(&Utc).to_rfc3339(),
        plan.appointment.tz.name()
    )
}

/// The calendar's name: discreet, or naming the procedure.
fn calendar_name(options: &IcsOptions, lang: Lang) -> String {
    if options.discreet {
        lang.tr("cal-name-discreet", &[])
    } else {
        lang.tr("cal-name", &[("procedure", &options.procedure)])
    }
}

/// Renders appointment suggestions as TENTATIVE holds that a clinic can send (`aftercare
/// suggest --format ics`).
pub fn render_suggestions(result: &Suggestions, tz: Zone, options: &IcsOptions) -> String {
    let identity = format!("{}|suggest|{}", options.uid_seed, tz.name());
    // Suggestions are worded in English only (see `aftercare suggest`).
    let writer = Writer::new(tz, identity, options, Lang::En);
    let what = if options.discreet {
        "appointment".to_string()
    } else {
        format!("{} appointment", options.procedure)
    };
    let specs: Vec<Spec> = result
        .suggestions
        .iter()
        .enumerate()
        .map(|(i, s)| Spec {
            key: format!(
                "hold-{}",
                s.start.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ")
            ),
            summary: tree::escaped(&format!("Hold: {what} (option {})", i + 1)),
            description: tree::escaped(&format!(
                "Option {} of {} for the {what}, picked so that recovery costs your routine the \
                 least (score {}; lower is better).\n\n{}\n\nA tentative hold, not a booking: \
                 confirm with the clinic.",
                i + 1,
                result.suggestions.len(),
                s.score,
                s.reason
            )),
            start: s.start,
            end: s.end,
            categories: vec!["Aftercare", "Appointment option"],
            url: None,
            location: None,
            busy: true,
            tentative: true,
            alarm: None,
        })
        .collect();
    let span = result
        .suggestions
        .iter()
        .map(|s| s.start)
        .min()
        .zip(result.suggestions.iter().map(|s| s.end).max());
    writer.calendar(
        &format!("{} options", crate::units::capitalise(&what)),
        None,
        span,
        specs,
    )
}

/// Renders the "exercised too soon" monitoring plan (`aftercare oops`).
pub fn render_monitoring(m: &Monitoring, options: &IcsOptions) -> String {
    let tz = m.exercised.timezone();
    let identity = format!(
        "{}|oops|{}|{}",
        options.uid_seed,
        m.exercised.with_timezone(&Utc).to_rfc3339(),
        tz.name()
    );
    let writer = Writer::new(tz, identity, options, options.style.lang);
    // Said once: in the calendar's description and the first check-in.
    let lang = options.style.lang;
    let once = format!(
        "{}\n\n{}",
        m.guidance,
        crate::render::warning_signs(&m.warnings, options.clinic.as_ref(), lang)
    );
    let mut specs = monitoring_specs(m, Some(&once), options, lang);
    space_alarms(&mut specs, m.exercised);
    let span = specs
        .iter()
        .map(|s| s.start)
        .min()
        .zip(specs.iter().map(|s| s.end).max());
    writer.calendar(
        &lang.tr("cal-checks-name", &[]),
        Some(&tree::escaped(&once)),
        span,
        specs,
    )
}

/// Renders `plan` with the check-ins after exercising too soon (`m`) among its events: the
/// web app's feed, one calendar for everything. The check-ins do not repeat the warning
/// signs: the calendar says them once already.
pub fn render_with_checks(plan: &Plan, m: Option<&Monitoring>, options: &IcsOptions) -> String {
    let Some(m) = m else {
        return render(plan, options);
    };
    let identity = plan_identity(plan, options);
    let writer = Writer::new(plan.appointment.tz, identity, options, plan.lang);
    let r = Renderer::new(plan, &writer);
    let mut specs = r.specs();
    specs.extend(monitoring_specs(m, None, options, plan.lang));
    space_alarms(&mut specs, plan.appointment.end);
    let last = specs
        .iter()
        .map(|s| s.end)
        .max()
        .map_or(plan.last_instant(), |end| end.max(plan.last_instant()));
    writer.calendar(
        &calendar_name(options, plan.lang),
        Some(&r.once),
        Some((plan.appointment.start, last)),
        specs,
    )
}

/// The check-ins of `m` as events; `once`, when given, goes at the end of the first one, and
/// every other carries the one-line pointer to the warning signs.
fn monitoring_specs(
    m: &Monitoring,
    once: Option<&str>,
    options: &IcsOptions,
    lang: Lang,
) -> Vec<Spec> {
    let words = Words::of(lang);
    let pointer = crate::render::warning_pointer(&m.warnings, options.clinic.as_ref());
    let specs: Vec<Spec> = m
        .checks
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut description = c.text.clone();
            if i == 0
                && let Some(note) = &m.note
            {
                description = format!("{note}\n\n{description}");
            }
            match once {
                Some(once) if i == 0 => description.push_str(&format!("\n\n{once}")),
                _ => description.push_str(&format!("\n\n{pointer}")),
            }
            Spec {
                key: format!("oops-{}", c.id),
                summary: tree::escaped(&crate::render::fit(&c.title)),
                description: tree::escaped(&description),
                start: c.at,
                end: c.at + Duration::minutes(15),
                categories: vec![words.aftercare.as_str(), words.check_in.as_str()],
                url: None,
                location: None,
                busy: false,
                tentative: false,
                alarm: c.alarm.then(|| (0, tree::escaped(&c.title))),
            }
        })
        .collect();
    if !specs.is_empty() {
        return specs;
    }
    // Exercise after the full routine was back: nothing to check, and the calendar says so.
    let mut description = m.note.clone().unwrap_or_default();
    if let Some(once) = once {
        description.push_str(&format!("\n\n{once}"));
    }
    vec![Spec {
        key: "oops-not-too-soon".into(),
        summary: tree::escaped(&lang.tr("cal-not-too-soon", &[])),
        description: tree::escaped(description.trim_start()),
        start: m.exercised,
        end: m.exercised + Duration::minutes(15),
        categories: vec![words.aftercare.as_str(), words.check_in.as_str()],
        url: None,
        location: None,
        busy: false,
        tentative: false,
        alarm: None,
    }]
}

/// Writes events in one zone: the header, the VTIMEZONE, the events, then line hygiene.
struct Writer<'a> {
    options: &'a IcsOptions,
    tz: Zone,
    utc: bool,
    /// SHA-1 state after the UUID namespace and `<identity>|`: every UID of the calendar is
    /// this plus the event's key (a version-5 UUID, computed without hashing the shared prefix
    /// again for each event).
    uid_prefix: sha1::Sha1,
    /// DTSTAMP, formatted once.
    dtstamp: String,
    /// The texts' language as RFC 5545 `LANGUAGE` (§3.2.10) on each title and description,
    /// when it is not English: it helps a screen reader read them right.
    language: Option<&'static str>,
}

/// `20261204T153000` (+ `suffix`), formatted by hand: it runs for every property of every
/// calendar of a batch, where chrono's format strings showed up in profiles.
pub(crate) fn ical_date_time(t: chrono::NaiveDateTime, suffix: &str) -> String {
    use chrono::{Datelike, Timelike};
    let Some(year) = u32::try_from(t.year()).ok().filter(|y| *y <= 9999) else {
        // Not a four-digit year: written as it is (not valid iCalendar), never changed. The
        // binary refuses such dates before they get here.
        return format!("{}{}", t.format("%Y%m%dT%H%M%S"), suffix);
    };
    let mut digits = *b"00000000T000000";
    let fields = [
        (0, 4, year),
        (4, 2, t.month()),
        (6, 2, t.day()),
        (9, 2, t.hour()),
        (11, 2, t.minute()),
        (13, 2, t.second()),
    ];
    for (at, width, mut value) in fields {
        for i in (at..at + width).rev() {
            digits[i] = b'0' + (value % 10) as u8;
            value /= 10;
        }
    }
    let mut out = String::with_capacity(digits.len() + suffix.len());
    out.push_str(std::str::from_utf8(&digits).unwrap_or_default());
    out.push_str(suffix);
    out
}

impl<'a> Writer<'a> {
    fn new(tz: Zone, identity: String, options: &'a IcsOptions, lang: Lang) -> Self {
        Writer {
            language: (lang != Lang::En).then(|| lang.tag()),
            options,
            tz,
            utc: options.utc,
            uid_prefix: {
                use sha1::Digest;
                let mut prefix = sha1::Sha1::new();
                prefix.update(UID_NAMESPACE.as_bytes());
                prefix.update(identity.as_bytes());
                prefix.update(b"|");
                prefix
            },
            dtstamp: ical_date_time(options.dtstamp.naive_utc(), "Z"),
        }
    }

    /// `span` is the time the events cover (for the VTIMEZONE); `None` when there are none.
    /// `description` is escaped TEXT, what the whole calendar should say once.
    fn calendar(
        &self,
        name: &str,
        description: Option<&str>,
        span: Option<(DateTime<Zone>, DateTime<Zone>)>,
        specs: Vec<Spec>,
    ) -> String {
        #[cfg(any(test, feature = "oracle"))]
        if self.options.reference_encoder {
            let mut builder = tree::Builder::default();
            self.write(name, description, span, specs, &mut builder);
            return builder
                .finish()
                .expect("write() begins and ends every component it opens")
                .encode_with_crate();
        }
        let mut encoder = tree::Encoder::new();
        self.write(name, description, span, specs, &mut encoder);
        encoder.finish()
    }

    /// The whole VCALENDAR, properties in the order the icalendar crate writes them.
    fn write(
        &self,
        name: &str,
        description: Option<&str>,
        span: Option<(DateTime<Zone>, DateTime<Zone>)>,
        specs: Vec<Spec>,
        sink: &mut impl tree::Sink,
    ) {
        sink.begin("VCALENDAR");
        sink.prop(Prop::text("PRODID", "-//aftercare//aftercare 0.1//EN"));
        sink.prop(Prop::text("VERSION", "2.0"));
        sink.prop(Prop::text("CALSCALE", "GREGORIAN"));
        if self.options.organizer.is_some() {
            sink.prop(Prop::text("METHOD", "PUBLISH"));
        }
        sink.prop(Prop::text("X-WR-CALNAME", name.to_string()));
        sink.prop(Prop::text("NAME", name.to_string()));
        if let Some(description) = description {
            // RFC 7986's DESCRIPTION, and the older name Apple and Outlook read.
            sink.prop(self.read("DESCRIPTION", description.to_string()));
            sink.prop(Prop::escaped("X-WR-CALDESC", description.to_string()));
        }
        if let Some(page) = &self.options.page {
            // RFC 7986's URL: where the calendar's plan lives (its page, not the feed).
            sink.prop(Prop::raw("URL", page.clone()).with("VALUE", "URI"));
        }
        if let Some(feed) = &self.options.feed {
            // A subscription: how often to look again (RFC 7986, and the older name Apple and
            // Outlook read). No SOURCE: the one link a calendar carries is its plan's page
            // (URL), from which the patient subscribes.
            let every = format!("PT{}M", feed.refresh_minutes.max(1));
            sink.prop(Prop::raw("REFRESH-INTERVAL", every.clone()).with("VALUE", "DURATION"));
            sink.prop(Prop::raw("X-PUBLISHED-TTL", every));
        }
        let mut folds = Folds::new();
        if let (false, Some(span)) = (self.utc, span) {
            sink.prop(Prop::text("X-WR-TIMEZONE", self.tz.name()));
            // One VTIMEZONE per zone the events use (in practice the person's), or none for a
            // zone written in UTC.
            let mut zones: Vec<Zone> = vec![span.0.timezone()];
            for spec in &specs {
                for z in [spec.start.timezone(), spec.end.timezone()] {
                    if !zones.contains(&z) {
                        zones.push(z);
                    }
                }
            }
            let (from, to) = (span.0.with_timezone(&Utc), span.1.with_timezone(&Utc));
            for zone in zones.into_iter().filter(|z| !is_utc(*z)) {
                match vtimezone::form(zone, from, to) {
                    vtimezone::Form::Zone(vtimezone) => sink.comp(&vtimezone),
                    vtimezone::Form::Utc => {
                        // Every time of this zone is written in UTC (see `vtimezone::form`).
                        folds.push((zone, DateTime::<Utc>::MIN_UTC..DateTime::<Utc>::MAX_UTC));
                        continue;
                    }
                }
                folds.extend(
                    crate::tz::folds(zone, from, to)
                        .into_iter()
                        .map(|fold| (zone, fold)),
                );
            }
        }
        let mut specs = specs;
        specs.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.key.cmp(&b.key)));
        for spec in specs {
            self.event(spec, &folds, sink);
        }
        sink.end();
    }
}

/// The instants, per zone, written in UTC (see [`Writer::time`]): those whose local time happens
/// twice, and all of a zone whose VTIMEZONE Outlook would misread.
type Folds = Vec<(Zone, std::ops::Range<DateTime<Utc>>)>;

/// Turns a plan into event specs.
///
/// Event texts are built already escaped ([`Prop::escaped`]): the long parts that recur from
/// event to event (each restriction's explanation, the guidance, the warning signs) are
/// escaped once per calendar and then copied, which is what makes a batch fast.
struct Renderer<'a> {
    plan: &'a Plan,
    writer: &'a Writer<'a>,
    /// Per window (in plan order): its escaped line in a restriction segment.
    rule_lines: Vec<String>,
    /// Per window: "title until <when>", escaped, for the sessions it blocks.
    reasons: Vec<String>,
    /// Per stage: its escaped "Stage: ..." line for sessions.
    stage_lines: Vec<String>,
    /// What the person is told once (in the appointment event and the calendar's
    /// description): where the advice comes from, the guidance and the warning signs; escaped.
    once: String,
    /// The one line about the warning signs a check-in carries, escaped, after a blank line.
    pointer: String,
}

/// What one event needs. `summary`, `description` and the alarm text are escaped TEXT.
struct Spec {
    key: String,
    summary: String,
    description: String,
    start: DateTime<Zone>,
    end: DateTime<Zone>,
    categories: Vec<&'static str>,
    busy: bool,
    /// STATUS:TENTATIVE (a hold).
    tentative: bool,
    /// Minutes before the start, and the alarm text.
    alarm: Option<(i64, String)>,
    /// The event's URL (RFC 5545 §3.8.4.6): the plan's page, on the appointment and the
    /// check-ins (where a patient may have something to report).
    url: Option<String>,
    /// LOCATION: the clinic's address, on the appointment.
    location: Option<String>,
}

impl<'a> Renderer<'a> {
    fn new(plan: &'a Plan, writer: &'a Writer<'a>) -> Self {
        let year = chrono::Datelike::year(&plan.appointment.start.naive_local());
        let lang = plan.lang;
        let style = writer.options.style.with_lang(lang);
        let when = |t| style.when(t, year);
        let rule_lines = plan
            .windows
            .iter()
            .map(|w| {
                let title = crate::units::capitalise(&w.title);
                let end = when(w.end);
                let mut line = lang.tr(
                    "cal-rule",
                    &[
                        ("title", &title),
                        ("when", &end),
                        ("avoid", &w.avoid),
                        ("why", &w.why),
                    ],
                );
                if let Some(instead) = &w.instead {
                    line.push(' ');
                    line.push_str(&lang.tr("cal-rule-instead", &[("instead", instead)]));
                }
                tree::escaped_concat(&["\n- ", &line])
            })
            .collect();
        let reasons = plan
            .windows
            .iter()
            .map(|w| {
                tree::escaped(
                    &lang.tr("cal-reason", &[("title", &w.title), ("when", &when(w.end))]),
                )
            })
            .collect();
        let stage_lines = plan
            .stages
            .iter()
            .map(|s| {
                let line = lang.tr(
                    "cal-stage-line",
                    &[("title", &s.title), ("advice", &s.advice)],
                );
                tree::escaped_concat(&["\n", &line])
            })
            .collect();
        let contact = writer
            .options
            .clinic
            .as_ref()
            .map(|c| format!("\n\n{}", c.contact_line(lang)))
            .unwrap_or_default();
        let once = tree::escaped_concat(&[
            &plan.guidance,
            "\n\n",
            &crate::render::warning_signs(&plan.warnings, writer.options.clinic.as_ref(), lang),
            &contact,
            "\n\n",
            &crate::render::provenance(plan),
        ]);
        let pointer = tree::escaped_concat(&[
            "\n\n",
            &crate::render::warning_pointer(&plan.warnings, writer.options.clinic.as_ref()),
        ]);
        Renderer {
            plan,
            writer,
            rule_lines,
            reasons,
            stage_lines,
            once,
            pointer,
        }
    }

    fn specs(&self) -> Vec<Spec> {
        let mut specs = vec![self.appointment()];
        specs.extend(self.restriction_segments());
        specs.extend(self.milestones());
        specs.extend(self.reminders());
        specs.extend(self.plan.sessions.iter().map(|s| self.session(s)));
        specs
    }

    fn when(&self, t: DateTime<Zone>) -> String {
        let year = chrono::Datelike::year(&self.plan.appointment.start.naive_local());
        self.writer
            .options
            .style
            .with_lang(self.plan.lang)
            .when(t, year)
    }

    fn appointment(&self) -> Spec {
        let a = &self.plan.appointment;
        let options = self.writer.options;
        let lang = self.plan.lang;
        // A touch-up visit is called one, so the patient's agenda says which visit it was.
        let kind = if a.touch_up {
            "touch-up"
        } else {
            "appointment"
        };
        let summary = if options.discreet {
            tree::escaped(&lang.tr("cal-visit", &[("kind", kind)]))
        } else {
            let visit = lang.tr(
                "visit-of",
                &[("procedure", &options.procedure), ("kind", kind)],
            );
            tree::escaped(&crate::units::capitalise(&visit))
        };
        let page = options
            .page
            .as_ref()
            .map(|url| format!("{} {url}\n\n", lang.tr("page-link", &[])))
            .unwrap_or_default();
        let mut description = tree::escaped(&format!(
            "{}\n\n{page}{}",
            lang.tr("cal-plan-starts", &[("when", &self.when(a.end))]),
            crate::render::restriction_list(self.plan, |t| self.when(t))
        ));
        let words = Words::of(lang);
        description.push_str("\\n\\n");
        description.push_str(&self.once);
        Spec {
            key: "appointment".into(),
            summary,
            description,
            start: a.start,
            end: a.end,
            categories: vec![words.aftercare.as_str(), words.appointment.as_str()],
            busy: true,
            tentative: false,
            alarm: None,
            url: options.page.clone(),
            // Where the appointment is, unless the titles are discreet: an address can say
            // what kind of visit it was.
            location: options
                .clinic
                .as_ref()
                .and_then(|c| c.address.clone())
                .filter(|_| !options.discreet)
                .map(|a| tree::escaped(&a)),
        }
    }

    /// Consecutive segments: each ends where windows end, is titled by them and explains only
    /// them; a last line names what stays in force after it.
    fn restriction_segments(&self) -> Vec<Spec> {
        let windows = &self.plan.windows;
        let lang = self.plan.lang;
        let words = Words::of(lang);
        let mut ends: Vec<DateTime<Zone>> = windows.iter().map(|w| w.end).collect();
        ends.sort();
        ends.dedup();
        let mut start = self.plan.appointment.end;
        let mut specs = Vec::with_capacity(ends.len());
        for end in ends {
            let (ending, lines): (Vec<&Window>, Vec<&str>) = windows
                .iter()
                .zip(&self.rule_lines)
                .filter(|(w, _)| w.end == end)
                .map(|(w, line)| (w, line.as_str()))
                .unzip();
            // Each line says until when already: no heading that says it again.
            let mut description: String = lines.concat();
            if let Some(rest) = description.strip_prefix("\\n") {
                description = rest.to_string();
            }
            // What is still in force, soonest end first (protocol order within an end).
            let mut later: Vec<(DateTime<Zone>, &str)> = windows
                .iter()
                .zip(&self.reasons)
                .filter(|(w, _)| w.end > end)
                .map(|(w, reason)| (w.end, reason.as_str()))
                .collect();
            later.sort_by_key(|(end, _)| *end);
            let later: Vec<&str> = later.into_iter().map(|(_, reason)| reason).collect();
            if !later.is_empty() {
                description.push_str("\\n\\n");
                description.push_str(&tree::escaped(&lang.tr("cal-still-in-force", &[])));
                description.push(' ');
                description.push_str(&later.join("\\; "));
                description.push('.');
            }
            specs.push(Spec {
                key: format!(
                    "restrictions-until-{}",
                    ending
                        .iter()
                        .map(|w| w.rule.as_str())
                        .collect::<Vec<_>>()
                        .join("+")
                ),
                summary: tree::escaped(&segment_title(
                    &ending,
                    start,
                    end,
                    self.writer.options,
                    lang,
                )),
                description,
                start,
                end,
                categories: vec![words.aftercare.as_str(), words.restrictions.as_str()],
                url: None,
                location: None,
                busy: false,
                tentative: false,
                alarm: None,
            });
            start = end;
        }
        specs
    }

    fn milestones(&self) -> Vec<Spec> {
        // Numbered without a total, by the stage's place in the protocol (a stage resumed
        // after a setback keeps its number): the milestones before a setback read as they did.
        let lang = self.plan.lang;
        let words = Words::of(lang);
        let mut order: Vec<&str> = Vec::new();
        for s in self.plan.stages.iter().filter(|s| !s.setback) {
            if !order.contains(&s.id.as_str()) {
                order.push(&s.id);
            }
        }
        self.plan
            .stages
            .iter()
            .enumerate()
            .map(|(i, stage)| {
                // A setback can repeat a stage: its second span needs its own identity.
                let repeat = self.plan.stages[..i]
                    .iter()
                    .filter(|s| s.id == stage.id)
                    .count();
                let key = match repeat {
                    0 => format!("stage-{}", stage.id),
                    n => format!("stage-{}-{}", stage.id, n + 1),
                };
                // A step back's title already says until when.
                let text = [("title", stage.title.as_str()), ("advice", &stage.advice)];
                let description = match stage.end.filter(|_| !stage.setback) {
                    Some(end) => {
                        let when = self.when(end);
                        lang.tr("cal-stage-until", &[text[0], text[1], ("when", &when)])
                    }
                    None => lang.tr("cal-stage", &text),
                };
                let description = tree::escaped(&description);
                let number = order.iter().position(|id| *id == stage.id).unwrap_or(i) + 1;
                Spec {
                    key,
                    // A step back after a setback says what it is and until when, alone.
                    summary: tree::escaped(&crate::render::fit(&if stage.setback {
                        stage.title.clone()
                    } else {
                        lang.tr(
                            "cal-stage-title",
                            &[("number", &number.to_string()), ("title", &stage.title)],
                        )
                    })),
                    description,
                    start: stage.start,
                    end: stage.start + Duration::minutes(15),
                    categories: vec![words.aftercare.as_str(), words.stage.as_str()],
                    url: None,
                    location: None,
                    busy: false,
                    tentative: false,
                    // No alarm of its own: the check-ins that come as the stages change ring
                    // (moved out of the night by the quiet hours), and the workouts that a
                    // stage changes ring before they start. A stage's own alarm rang at night
                    // after a late appointment and doubled the check-in's.
                    alarm: None,
                }
            })
            .collect()
    }

    fn session(&self, s: &Session) -> Spec {
        // What to do first: a phone's cut drops the end of a title.
        let lang = self.plan.lang;
        let words = Words::of(lang);
        let name = [("name", s.name.as_str())];
        let summary = match s.outcome {
            Outcome::Keep => lang.tr("cal-session-keep", &name),
            Outcome::Scale => lang.tr("cal-session-scale", &name),
            Outcome::Replace => lang.tr(
                "cal-session-replace",
                &[
                    (
                        "minutes",
                        &s.instead_minutes.unwrap_or(s.minutes).to_string(),
                    ),
                    ("activity", s.instead_name.as_deref().unwrap_or_default()),
                    name[0],
                ],
            ),
            Outcome::Skip => lang.tr("cal-session-skip", &name),
        };
        let end = match (s.outcome, s.instead_minutes) {
            (Outcome::Replace, Some(m)) => s.start + Duration::minutes(m as i64),
            _ => s.end,
        };
        let mut description = tree::escaped_concat(&[
            &lang.tr(
                "cal-session-usual",
                &[name[0], ("minutes", &s.minutes.to_string())],
            ),
            "\n",
            &lang.tr("cal-session-now", &[("substitute", &s.substitute)]),
        ]);
        let mut reasons = self
            .plan
            .windows
            .iter()
            .zip(&self.reasons)
            .filter(|(w, _)| s.blocked_by.contains(&w.rule))
            .map(|(_, reason)| reason.as_str())
            .peekable();
        if reasons.peek().is_some() {
            description.push_str("\\n");
            description.push_str(&words.why);
            description.push(' ');
            for (i, reason) in reasons.enumerate() {
                if i > 0 {
                    description.push_str("\\; ");
                }
                description.push_str(reason);
            }
            description.push('.');
        }
        if let Some(i) = self.plan.stages.iter().position(|st| st.id == s.stage) {
            description.push_str(&self.stage_lines[i]);
        }
        if let Some(note) = &s.note {
            let note = lang.tr("cal-session-note", &[("note", note.trim_end_matches('.'))]);
            tree::escape_into(&format!("\n{note}"), &mut description);
        }
        Spec {
            key: {
                // `session-<name>-<YYYYMMDDTHHMM>`: the local start, to the minute.
                let mut when = ical_date_time(s.start.naive_local(), "");
                when.truncate(when.len() - 2);
                format!("session-{}-{when}", s.uid_name)
            },
            summary: tree::escaped(&crate::render::fit(&summary)),
            description,
            start: s.start,
            end,
            categories: vec![words.aftercare.as_str(), words.workout.as_str()],
            url: None,
            location: None,
            busy: false,
            tentative: false,
            alarm: (s.outcome != Outcome::Keep)
                .then(|| (30, tree::escaped(&format!("{}: {}", s.name, s.substitute)))),
        }
    }

    fn reminders(&self) -> Vec<Spec> {
        let words = Words::of(self.plan.lang);
        self.plan
            .reminders
            .iter()
            .map(|r| {
                let category = match r.kind {
                    crate::model::protocol::ReminderKind::Care => words.care.as_str(),
                    crate::model::protocol::ReminderKind::CheckIn => words.check_in.as_str(),
                    crate::model::protocol::ReminderKind::FollowUp => words.follow_up.as_str(),
                };
                let mut description = tree::escaped(&r.text);
                if r.kind != crate::model::protocol::ReminderKind::Care {
                    description.push_str(&self.pointer);
                }
                let title = tree::escaped(&crate::render::fit(&r.title));
                Spec {
                    key: format!("reminder-{}", r.id),
                    alarm: r.alarm.then(|| (0, title.clone())),
                    summary: title,
                    description,
                    start: r.at,
                    end: r.at + Duration::minutes(15),
                    categories: vec![words.aftercare.as_str(), category],
                    // A check-in is where "it got worse" comes up: the page is a tap away.
                    url: (r.kind != crate::model::protocol::ReminderKind::Care)
                        .then(|| self.writer.options.page.clone())
                        .flatten(),
                    location: None,
                    busy: false,
                    tentative: false,
                }
            })
            .collect()
    }
}

impl Writer<'_> {
    fn uid(&self, key: &str) -> String {
        use sha1::Digest;
        let mut hash = self.uid_prefix.clone();
        hash.update(key.as_bytes());
        let digest: [u8; 20] = hash.finalize().into();
        let uuid =
            uuid::Builder::from_sha1_bytes(digest[..16].try_into().unwrap_or_default()).into_uuid();
        let mut out = String::with_capacity(46);
        out.push_str(
            uuid.hyphenated()
                .encode_lower(&mut uuid::Uuid::encode_buffer()),
        );
        out.push_str("@aftercare");
        out
    }

    /// A date-time property value: local time with a TZID, or UTC. A local time that happens
    /// twice (clocks going back) means its first occurrence in RFC 5545 (§3.3.5), but clients
    /// do not agree on that (Python's `icalendar` reads it through the VTIMEZONE as the second
    /// one), so an instant in either half of a fold is written in UTC: the same instant
    /// everywhere, at the cost of one property in another form.
    fn time(&self, name: &'static str, t: DateTime<Zone>, folds: &Folds) -> Prop {
        let utc = t.with_timezone(&Utc);
        let in_fold = folds
            .iter()
            .any(|(zone, fold)| *zone == t.timezone() && fold.contains(&utc));
        if self.utc || is_utc(t.timezone()) || in_fold {
            Prop::raw(name, ical_date_time(t.naive_utc(), "Z"))
        } else {
            Prop::raw(name, ical_date_time(t.naive_local(), "")).with("TZID", t.timezone().name())
        }
    }

    /// A text property people read, with the texts' `LANGUAGE` when not English.
    fn read(&self, name: &'static str, escaped: String) -> Prop {
        match self.language {
            Some(tag) => Prop::escaped(name, escaped).with("LANGUAGE", tag),
            None => Prop::escaped(name, escaped),
        }
    }

    fn event(&self, spec: Spec, folds: &Folds, sink: &mut impl tree::Sink) {
        sink.begin("VEVENT");
        sink.prop(Prop::text("CLASS", "PRIVATE"));
        sink.prop(self.read("DESCRIPTION", spec.description));
        sink.prop(self.time("DTEND", spec.end, folds));
        sink.prop(Prop::raw("DTSTAMP", self.dtstamp.clone()));
        sink.prop(self.time("DTSTART", spec.start, folds));
        if let Some(location) = spec.location {
            sink.prop(Prop::escaped("LOCATION", location));
        }
        if let Some(organizer) = &self.options.organizer {
            let name = self.options.organizer_name.as_deref().unwrap_or(organizer);
            sink.prop(
                Prop::raw("ORGANIZER", format!("mailto:{organizer}"))
                    .with("CN", quoted_param(name)),
            );
        }
        if self.options.sequence > 0 {
            sink.prop(Prop::raw("SEQUENCE", self.options.sequence.to_string()));
        }
        if spec.tentative {
            sink.prop(Prop::text("STATUS", "TENTATIVE"));
        }
        sink.prop(self.read("SUMMARY", one_line(spec.summary)));
        sink.prop(Prop::text(
            "TRANSP",
            if spec.busy { "OPAQUE" } else { "TRANSPARENT" },
        ));
        sink.prop(Prop::text("UID", self.uid(&spec.key)));
        if let Some(url) = spec.url {
            sink.prop(Prop::raw("URL", url).with("VALUE", "URI"));
        }
        let mut categories = String::new();
        for (i, c) in spec.categories.iter().enumerate() {
            if i > 0 {
                categories.push(',');
            }
            tree::escape_into(c, &mut categories);
        }
        sink.prop(Prop {
            multi: true,
            ..Prop::raw("CATEGORIES", categories)
        });
        if let Some((minutes, text)) = spec.alarm {
            // Start-relative, as the crate writes it (`RELATED=START`); some clients ignore
            // RELATED=END.
            let trigger = Duration::minutes(-minutes).to_string();
            sink.begin("VALARM");
            sink.prop(Prop::text("ACTION", "DISPLAY"));
            sink.prop(self.read("DESCRIPTION", text));
            sink.prop(Prop::raw("TRIGGER", trigger).with("RELATED", "START"));
            sink.end();
        }
        sink.end();
    }
}

/// A parameter value in double quotes (RFC 5545 §3.2): a name may hold `:`, `;` or `,`. A
/// double quote cannot appear inside (RFC 6868's `^'` is not widely read), so it becomes `'`;
/// control characters become spaces.
fn quoted_param(value: &str) -> String {
    let inner: String = value
        .chars()
        .map(|c| match c {
            '"' => '\'',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    format!("\"{}\"", inner.trim())
}

/// An escaped title on one line: escaped line breaks (`\n`) and the Unicode line and paragraph
/// separators become spaces. A name with a line break in it (a habits file, a calendar title)
/// made calcurse drop the event and broke khal's listing.
fn one_line(escaped: String) -> String {
    if !escaped.contains(['\\', '\u{2028}', '\u{2029}', '\u{85}']) {
        return escaped;
    }
    let mut out = String::with_capacity(escaped.len());
    let mut chars = escaped.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n' | 'N') => out.push(' '),
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push('\\'),
            },
            '\u{2028}' | '\u{2029}' | '\u{85}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A restriction segment's title: when it ends and what ends then, the first in protocol order
/// (what matters first) and how many more end with it, cut to a phone's width ("Until 19:30:
/// stay upright", "Until Sat 15:30: no alcohol +2"). The clock alone when the segment ends on
/// the day it starts.
fn segment_title(
    ending: &[&Window],
    start: DateTime<Zone>,
    end: DateTime<Zone>,
    options: &IcsOptions,
    lang: Lang,
) -> String {
    let clock = options.style.clock(end.time());
    let when = if end.date_naive() == start.date_naive() {
        clock
    } else {
        let day = end.format_localized("%a", lang.chrono_locale());
        format!("{day} {clock}")
    };
    let first = ending.first().map_or("", |w| w.title.as_str());
    let words = [("when", when.as_str()), ("title", first)];
    let title = match ending.len() {
        0 | 1 => lang.tr("cal-segment", &words),
        n => lang.tr(
            "cal-segment-more",
            &[words[0], words[1], ("more", &(n - 1).to_string())],
        ),
    };
    crate::render::fit(&title)
}

/// The calendar's fixed words in one language, looked up once per process: the categories
/// go on every event of every calendar of a batch.
struct Words {
    aftercare: String,
    appointment: String,
    restrictions: String,
    stage: String,
    workout: String,
    care: String,
    check_in: String,
    follow_up: String,
    /// "Why:", before the windows a workout waits for.
    why: String,
}

impl Words {
    fn of(lang: Lang) -> &'static Words {
        static WORDS: [std::sync::OnceLock<Words>; 5] = [const { std::sync::OnceLock::new() }; 5];
        let index = lang.index();
        WORDS[index].get_or_init(|| {
            let t = |id: &str| lang.tr(id, &[]);
            Words {
                aftercare: t("category-aftercare"),
                appointment: t("category-appointment"),
                restrictions: t("category-restrictions"),
                stage: t("category-stage"),
                workout: t("category-workout"),
                care: t("category-care"),
                check_in: t("category-check-in"),
                follow_up: t("category-follow-up"),
                why: tree::escaped(&t("cal-session-why")),
            }
        })
    }
}

/// The fewest minutes between two alarms: a later one within them is folded into the first.
pub const ALARM_GAP_MINUTES: i64 = 10;

/// Spaces the alarms of `specs`: none rings before `not_before` (a session's early warning
/// comes at `not_before`, an event that starts before it loses its alarm), and an alarm within
/// [`ALARM_GAP_MINUTES`] of an earlier one is folded into it: one ring, both texts.
fn space_alarms(specs: &mut [Spec], not_before: DateTime<Zone>) {
    let ring = |s: &Spec| {
        s.alarm
            .as_ref()
            .map(|(m, _)| s.start - Duration::minutes(*m))
    };
    for spec in specs.iter_mut() {
        if let Some((minutes, _)) = &mut spec.alarm {
            if spec.start < not_before {
                spec.alarm = None;
            } else if spec.start - Duration::minutes(*minutes) < not_before {
                *minutes = (spec.start - not_before).num_minutes();
            }
        }
    }
    let mut order: Vec<usize> = (0..specs.len())
        .filter(|&i| specs[i].alarm.is_some())
        .collect();
    order.sort_by_key(|&i| (ring(&specs[i]), specs[i].key.clone()));
    let mut kept: Option<(usize, DateTime<Zone>)> = None;
    for i in order {
        let Some(at) = ring(&specs[i]) else { continue };
        match kept {
            Some((first, first_at)) if at - first_at < Duration::minutes(ALARM_GAP_MINUTES) => {
                if let Some((_, text)) = specs[i].alarm.take()
                    && let Some((_, first_text)) = &mut specs[first].alarm
                {
                    first_text.push_str("\\n");
                    first_text.push_str(&text);
                }
            }
            _ => kept = Some((i, at)),
        }
    }
}

#[cfg(test)]
mod one_line_tests {
    use super::*;

    #[test]
    fn titles_are_one_line() {
        assert_eq!(one_line(tree::escaped("Run\nfast")), "Run fast");
        assert_eq!(one_line(tree::escaped("a\u{2028}b\u{2029}c")), "a b c");
        // An escaped backslash before an n is not a line break.
        assert_eq!(one_line(tree::escaped("C:\\new")), "C:\\\\new");
        assert_eq!(one_line(tree::escaped("x, y; z")), "x\\, y\\; z");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uids_are_version_5_uuids_of_identity_and_key() {
        let options = IcsOptions::default();
        let tz: Zone = "Europe/Paris".parse().unwrap();
        for identity in [
            "",
            "P1|2026-12-04T14:00:00+00:00|Europe/Paris",
            &"x".repeat(200),
        ] {
            let writer = Writer::new(tz, identity.to_string(), &options, Lang::En);
            for key in ["appointment", "stage-full", "session-Run-20261205T0700", ""] {
                let name = format!("{identity}|{key}");
                let expected = uuid::Uuid::new_v5(&UID_NAMESPACE, name.as_bytes());
                assert_eq!(writer.uid(key), format!("{expected}@aftercare"));
            }
        }
    }
}
