//! One function per command: read the flags into the library's types, call the library, and
//! hand the result to the edges (files, terminal, mail server). Everything is read and checked
//! before anything is written or sent.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use aftercare::deliver::{batch as batch_engine, mail};
use aftercare::error::Error;
use aftercare::i18n::Lang;
use aftercare::input::protocol::Protocols;
use aftercare::input::{calendar, when::parse_date_time};
use aftercare::model::{Appointment, Attribute, Plan, Protocol, Routine, Sweat};
use aftercare::plan::{self as planner, oops as oops_plan, suggest as suggest_plan};
use aftercare::render::{ics, text};
use aftercare::tz::{Fold, Zone};
use chrono::{DateTime, Utc};

use super::Failure;
use super::args::{
    BatchArgs, ClockArg, DeskCommand, FollowupsArgs, Format, KeyCommand, MailArgs, OopsArgs,
    PlanArgs, RoutineArgs, ServeArgs, StyleArgs, SuggestArgs, ZoneArgs,
};
use super::edges::{
    default_habits_path, dtstamp, emit, load_protocol, load_protocols, print, print_text, read,
    same_file, to_json, write, zone_arg,
};

/// The zone, the appointment's length and the fold rule, as read from [`ZoneArgs`].
struct When {
    zone: Zone,
    /// Says the system's zone was used, when no `--tz` was given.
    zone_note: Option<String>,
    /// `--tz` was given: an RFC 3339 offset must agree with it.
    explicit: bool,
    minutes: u32,
    fold: Fold,
}

impl ZoneArgs {
    fn read(&self) -> Result<When, Error> {
        let (zone, zone_note) = zone_arg(self.tz.as_deref())?;
        let minutes =
            aftercare::units::check_minutes("minutes", self.minutes, "an appointment length")?;
        Ok(When {
            zone,
            zone_note,
            explicit: self.tz.is_some(),
            minutes,
            fold: self.fold.map(Fold::from).unwrap_or_default(),
        })
    }
}

impl When {
    /// A date-time flag in this zone (see [`parse_date_time`]).
    fn at(&self, field: &str, text: &str) -> Result<DateTime<Zone>, Error> {
        parse_date_time(field, text, self.zone, self.explicit, self.fold)
    }
}

impl RoutineArgs {
    /// Reads the weekly routine, the protocol and the sweat level. With no routine given at
    /// all, the habits file in the configuration directory is read if there is one (the third
    /// value says so).
    /// The protocol is in the person's language: `--lang`, else the habits file's, else the
    /// environment's (see [`StyleArgs::lang_or`]).
    pub(crate) fn load(
        &self,
        style: &StyleArgs,
    ) -> Result<(Routine, Protocol, Sweat, Option<String>), Error> {
        let nothing_given =
            self.habits.is_none() && self.workout.is_empty() && self.routine_ics.is_empty();
        let default = default_habits_path().filter(|p| nothing_given && p.exists());
        let path = self.habits.as_ref().or(default.as_ref());
        let text = path.map(|p| read(p)).transpose()?;
        let mut routine = match (path, &text) {
            (Some(path), Some(text)) => Routine::parse(text, path)?,
            _ => Routine::default(),
        };
        // The template `habits init` writes holds example workouts: used as they are, the plan
        // would adapt someone else's week.
        let untouched = text.as_deref() == Some(aftercare::input::routine::TEMPLATE);
        let note = match (path, untouched) {
            (Some(p), true) => Some(format!(
                "{} is still the untouched template from `aftercare habits init`: its example \
                 workouts are not your week until you edit them.",
                p.display()
            )),
            (Some(p), false) if default.is_some() => Some(format!(
                "Using your habits from {} (see `aftercare habits show`).",
                p.display()
            )),
            _ => None,
        };
        for spec in &self.workout {
            routine.add_workout(spec)?;
        }
        let protocol = load_protocol(self.protocol.as_deref(), style.lang_or(routine.lang))?;
        let sweat = self
            .sweat
            .map(Sweat::from)
            .or(routine.sweat)
            .unwrap_or_default();
        Ok((routine, protocol, sweat, note))
    }

    /// Adds the workouts of the calendar exports that fall in `window` to `routine` (times
    /// without a zone are read in `zone`), and describes what was read, left unmatched or
    /// skipped.
    pub(crate) fn import_calendars(
        &self,
        routine: &mut Routine,
        zone: Zone,
        window: (DateTime<Utc>, DateTime<Utc>),
    ) -> Result<Vec<String>, Error> {
        let mut matcher = calendar::Matcher::builtin();
        for spec in &self.matches {
            matcher.add(spec, &routine.catalogue)?;
        }
        let mut notes = Vec::new();
        for path in &self.routine_ics {
            let got = calendar::import(&read(path)?, path, zone, window, &matcher)?;
            notes.push(format!(
                "Read {} workout sessions in the period from {} ({} events in the file).",
                got.sessions.len(),
                path.display(),
                got.events
            ));
            if !got.unmatched.is_empty() {
                notes.push(format!(
                    "Not recognised as workouts: {}. If one is, add --match \"TITLE=ACTIVITY\".",
                    got.unmatched
                        .iter()
                        .map(|u| format!("{u:?}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            for skipped in &got.skipped {
                notes.push(format!(
                    "Skipped {:?}: {}.",
                    skipped.summary, skipped.reason
                ));
            }
            routine.fixed.extend(got.sessions);
            routine.readings.extend(got.readings);
        }
        Ok(notes)
    }
}

/// `aftercare plan`: reads everything, plans, then writes; any error comes before any write.
pub(crate) fn plan(args: PlanArgs) -> Result<(), Failure> {
    let when = args.zone.read()?;
    let (mut routine, protocol, sweat, habits_note) = args.routine.load(&args.style)?;
    let lang = protocol.lang;
    let appointment = appointment(&args, &when, &protocol)?;
    let procedure = appointment
        .product
        .as_deref()
        .and_then(|id| protocol.products.iter().find(|p| p.id == id))
        .map_or("Botox".to_string(), |p| p.name.clone());
    let options = planner::Options {
        sweat,
        setbacks: setbacks(&args.setback, &when, &appointment)?,
        next_treatment: args.next_treatment,
        style: args.style.read().with_lang(lang),
    };
    // A calendar's workouts matter from the end of the appointment until the full routine is
    // back, which depends on the protocol and the sweat level: plan once without a routine to
    // find it.
    let bare = planner::plan_with(&appointment, &Routine::default(), &protocol, &options);
    let last = planner::recovery_end(&bare, &protocol);
    let window = (
        appointment.end().with_timezone(&Utc),
        last.with_timezone(&Utc),
    );
    let import_notes = args
        .routine
        .import_calendars(&mut routine, when.zone, window)?;
    let organizer = args
        .organizer
        .as_deref()
        .map(|o| mail::mailbox("organizer", o, None).map(|m| m.email.to_string()))
        .transpose()
        .map_err(|e| e.map_field(|_| "--organizer".into()))?;

    let mut plan = planner::plan_with(&appointment, &routine, &protocol, &options);
    plan.notes.splice(
        0..0,
        when.zone_note
            .into_iter()
            .chain(habits_note)
            .chain(import_notes),
    );
    let clinic = load_clinic(args.clinic.as_deref())?;
    let ics_options = ics::IcsOptions {
        dtstamp: dtstamp()?,
        utc: args.utc,
        discreet: args.discreet,
        clinic: clinic.clone(),
        style: options.style,
        organizer,
        procedure: procedure.clone(),
        sequence: options.setbacks.len() as u32,
        ..ics::IcsOptions::default()
    };
    if args.mail.eml.is_some() || args.mail.smtp.is_some() {
        deliver_plan(&args, &plan, &ics_options)?;
        if args.out.output.is_none() && args.out.format.is_none() {
            return Ok(());
        }
    }
    let shown_procedure = (!args.discreet).then_some(procedure.as_str());
    let render = |format: Format| -> Result<String, Failure> {
        Ok(match format {
            Format::Ics => ics::render(&plan, &ics_options),
            Format::Json => to_json(&plan)?,
            Format::Text => {
                text::render(&plan, shown_procedure, clinic.as_ref(), ics_options.style)
            }
        })
    };
    let default_name = format!("aftercare-{}.ics", appointment.start.format("%Y-%m-%d"));
    emit(&args.out, &default_name, render)
}

/// The appointment of `plan`: its start, length, treated areas and product.
fn appointment(args: &PlanArgs, when: &When, protocol: &Protocol) -> Result<Appointment, Error> {
    let mut appointment = Appointment::new(when.at("at", &args.at)?, when.minutes)?;
    let (areas, product) = aftercare::input::request::treated(
        protocol,
        ("--area", &args.area),
        args.product.as_deref().map(|p| ("--product", p)),
    )?;
    appointment.areas = areas;
    appointment.product = product;
    appointment.touch_up = args.touch_up;
    Ok(appointment)
}

/// `--setback` times: each after the appointment ends; one in a repeated hour follows `--fold`
/// like `--at`.
fn setbacks(
    texts: &[String],
    when: &When,
    appointment: &Appointment,
) -> Result<Vec<DateTime<Zone>>, Error> {
    use aftercare::input::limits;
    limits::count("--setback", texts.len(), limits::MAX_SETBACKS, "setbacks")?;
    texts
        .iter()
        .map(|text| appointment.check_after_end("--setback", text, when.at("--setback", text)?))
        .collect()
}

/// `plan --eml` and `plan --smtp`: the plan as an e-mail message, written and/or sent. Every
/// address and the server are checked before anything is written or sent.
fn deliver_plan(args: &PlanArgs, plan: &Plan, options: &ics::IcsOptions) -> Result<(), Failure> {
    let MailArgs {
        eml,
        to,
        from,
        subject,
        smtp,
        smtp_insecure_auth,
    } = &args.mail;
    let server = smtp
        .as_deref()
        .map(|url| mail::Smtp::new(url, mail::credentials_from_env(), *smtp_insecure_auth))
        .transpose()?;
    if let Some(subject) = subject {
        mail::check_header_text("--subject", subject)?;
    }
    if let (Some(eml), Some(out)) = (eml, &args.out.output)
        && same_file(eml, out)
    {
        return Err(Error::invalid(
            "--eml",
            eml.display().to_string(),
            "a file other than the -o output",
        )
        .into());
    }
    let address = |flag: &str, value: &Option<String>| {
        let value = value.as_deref().ok_or_else(|| Error::Requires {
            field: if eml.is_some() { "--eml" } else { "--smtp" }.into(),
            needs: format!("{flag} ADDRESS"),
        })?;
        mail::mailbox(flag, value, None)
    };
    let envelope = mail::Envelope {
        from: address("--from", from)?,
        to: address("--to", to)?,
        subject: subject.clone().unwrap_or_else(|| {
            mail::default_subject(
                (!args.discreet).then_some(options.procedure.as_str()),
                plan.lang,
            )
        }),
    };
    let (message, _) = mail::plan_message(plan, options, &envelope, None)?;
    if let Some(path) = eml {
        write(path, &message.formatted(), args.out.force)?;
        eprintln!("aftercare: wrote {}", path.display());
    }
    if let (Some(server), Some(url)) = (&server, smtp) {
        server.send(&message)?;
        eprintln!("aftercare: sent the plan through {url}");
    }
    Ok(())
}

impl StyleArgs {
    /// The patient's language: the flag's, else the environment's (POSIX order), else English.
    pub(crate) fn lang(&self) -> aftercare::i18n::Lang {
        self.lang_or(None)
    }

    /// [`StyleArgs::lang`], with the habits file's `language` before the environment's.
    pub(crate) fn lang_or(&self, habits: Option<aftercare::i18n::Lang>) -> aftercare::i18n::Lang {
        self.lang
            .or(habits)
            .or_else(|| aftercare::i18n::Lang::from_env_vars(|name| std::env::var(name).ok()))
            .unwrap_or_default()
    }

    /// The reader's style: the locale's (the flag's, else the environment's), then `--clock`.
    fn read(&self) -> aftercare::units::week::TimeStyle {
        let locale = self.locale.clone().or_else(|| {
            ["LC_ALL", "LC_TIME", "LANG"]
                .into_iter()
                .filter_map(|name| std::env::var(name).ok())
                .find(|value| !value.is_empty())
        });
        let mut style = locale
            .as_deref()
            .map(aftercare::units::week::TimeStyle::of_locale)
            .unwrap_or_default();
        if let Some(clock) = self.clock {
            style.twelve_hour = matches!(clock, ClockArg::Twelve);
        }
        style
    }
}

/// The clinic profile of `--clinic`, if given.
fn load_clinic(path: Option<&Path>) -> Result<Option<aftercare::model::Clinic>, Error> {
    path.map(|path| aftercare::model::Clinic::parse(&read(path)?, path))
        .transpose()
}

/// `aftercare oops`: a monitoring calendar after exercising too soon.
pub(crate) fn oops(args: OopsArgs) -> Result<(), Failure> {
    // The length is checked even without --appointment: a bad value is never ignored.
    let when = args.zone.read()?;
    let exercised = when.at("at", &args.at)?;
    let appointment_end = args
        .appointment
        .as_deref()
        .map(|text| Appointment::new(when.at("--appointment", text)?, when.minutes))
        .transpose()?
        .map(|a| a.end());
    let lang = args.style.lang();
    let protocol = load_protocol(args.protocol.as_deref(), lang)?;
    let style = args.style.read().with_lang(lang);
    let catalogue = aftercare::model::Catalogue::builtin_in(lang);
    let did = args
        .activity
        .as_deref()
        .map(|typed| catalogue.read("--activity", typed))
        .transpose()?;
    let exercise = oops_plan::Exercise {
        sweat: args.sweat.map(Sweat::from),
        activity: did.as_ref().map(|(a, _)| (*a).clone()),
        reading: did.and_then(|(_, reading)| reading),
        // No plan here: the protocol's usual stages.
        stages: Vec::new(),
    };
    let mut m = oops_plan::monitoring_for(exercised, appointment_end, &protocol, style, &exercise);
    if let Some(note) = when.zone_note {
        m.note = Some(match m.note {
            Some(n) => format!("{note} {n}"),
            None => note,
        });
    }
    let options = ics::IcsOptions {
        dtstamp: dtstamp()?,
        utc: args.utc,
        style,
        ..ics::IcsOptions::default()
    };
    let render = |format: Format| -> Result<String, Failure> {
        Ok(match format {
            Format::Ics => ics::render_monitoring(&m, &options),
            Format::Json => to_json(&m)?,
            Format::Text => text::render_monitoring(&m),
        })
    };
    let default_name = format!("aftercare-oops-{}.ics", exercised.format("%Y-%m-%d"));
    emit(&args.out, &default_name, render)
}

/// `aftercare suggest`: scores every slot, then prints or writes the best ones.
pub(crate) fn suggest(args: SuggestArgs) -> Result<(), Failure> {
    let when = args.zone.read()?;
    let date = |field: &str, text: &str| {
        let date = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map_err(|_| Error::invalid(field, text, "a date YYYY-MM-DD"))?;
        // Before any arithmetic on the range (a date of year -262143 made it panic).
        aftercare::units::check_year(field, text, chrono::Datelike::year(&date))?;
        Ok::<_, Error>(date)
    };
    let from = date("from", &args.from)?;
    let to = date("to", &args.to)?;
    let hours = suggest_plan::ClinicHours::parse("clinic-hours", &args.clinic_hours)?;
    let step = aftercare::units::duration::parse("step", &args.step)?;
    let window = (
        from.and_time(chrono::NaiveTime::MIN).and_utc() - chrono::Duration::days(1),
        to.and_time(chrono::NaiveTime::MIN).and_utc() + chrono::Duration::days(30),
    );
    // The suggestions are worded in English only: their scores are the same in any language.
    let english = StyleArgs {
        lang: Some(Lang::En),
        clock: args.style.clock,
        locale: args.style.locale.clone(),
    };
    if args.style.lang_or(None) != Lang::En {
        eprintln!("aftercare suggest: suggestions are written in English only, for now.");
    }
    let (mut routine, protocol, sweat, habits_note) = args.routine.load(&english)?;
    let import_notes = args
        .routine
        .import_calendars(&mut routine, when.zone, window)?;
    // Read with the protocol: it says which events need the results rather than the routine.
    let protect = args
        .protect
        .iter()
        .map(|p| suggest_plan::Protect::parse("protect", p, when.zone, &protocol))
        .collect::<Result<_, _>>()?;
    let request = suggest_plan::Request {
        tz: when.zone,
        from,
        to,
        hours,
        minutes: when.minutes,
        step,
        protect,
        top: args.top,
        per_day: args.per_day,
        sweat,
        now: dtstamp()?,
        style: args.style.read(),
    };
    let mut result = suggest_plan::suggest(&request, &routine, &protocol)?;
    result.notes.splice(
        0..0,
        when.zone_note
            .into_iter()
            .chain(habits_note)
            .chain(import_notes),
    );
    let rendered = match args.format {
        Format::Text => text::render_suggestions(&result, &request),
        Format::Json => to_json(&result)?,
        Format::Ics => ics::render_suggestions(
            &result,
            when.zone,
            &ics::IcsOptions {
                dtstamp: dtstamp()?,
                discreet: args.discreet,
                ..ics::IcsOptions::default()
            },
        ),
    };
    match &args.output {
        Some(path) if path != Path::new("-") => {
            write(path, rendered.as_bytes(), args.force)?;
            eprintln!("aftercare: wrote {}", path.display());
            Ok(())
        }
        _ if args.format == Format::Text => print_text(&rendered),
        _ => print(&rendered),
    }
}

/// `aftercare batch`: checks every option before the first row, runs the batch (see
/// [`aftercare::deliver::batch::run`]), then reports refused rows and the totals.
pub(crate) fn batch(args: BatchArgs) -> Result<(), Failure> {
    let lang = args.style.lang();
    let protocols = load_protocols(args.protocol.as_deref())?;
    let from = args
        .from
        .as_deref()
        .map(|f| mail::mailbox("--from", f, None))
        .transpose()?;
    if let Some(subject) = &args.subject {
        mail::check_header_text("--subject", subject)?;
    }
    let smtp = match (&args.smtp, args.send) {
        (Some(url), true) => Some(mail::Smtp::new(
            url,
            mail::credentials_from_env(),
            args.smtp_insecure_auth,
        )?),
        (None, true) => {
            return Err(Error::Requires {
                field: "--send".into(),
                needs: "--smtp smtp://host:port (the server to send through)".into(),
            }
            .into());
        }
        _ => None,
    };
    let mail = match from {
        Some(from) if args.eml || args.send => Some(batch_engine::Mail {
            from,
            subject: args.subject.clone(),
            smtp,
        }),
        None if args.eml || args.send => {
            return Err(Error::Requires {
                field: if args.send { "--send" } else { "--eml" }.into(),
                needs: "--from ADDRESS (the clinic's address the messages come from)".into(),
            }
            .into());
        }
        _ => None,
    };
    let default_tz = args
        .tz
        .as_deref()
        .map(|name| aftercare::tz::parse_zone("tz", name))
        .transpose()?;
    let renames = args
        .columns
        .iter()
        .map(|spec| {
            spec.split_once('=')
                .map(|(from, to)| (from.trim().to_string(), to.trim().to_ascii_lowercase()))
                // "Phone=" says a header is not read.
                .filter(|(from, to)| {
                    !from.is_empty()
                        && (to.is_empty() || aftercare::input::rows::COLUMNS.contains(&to.as_str()))
                })
                .ok_or_else(|| {
                    Error::invalid(
                        "--column",
                        spec,
                        format!(
                            "HEADER=COLUMN, where COLUMN is one of: {} (or empty: not read)",
                            aftercare::input::rows::COLUMNS.join(", ")
                        ),
                    )
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let clinic = load_clinic(args.clinic.as_deref())?;
    // The clinic's profile gives the defaults a booking system's export leaves out.
    let default_tz = default_tz.or_else(|| clinic.as_ref().and_then(|c| c.zone()));
    let date_order = match args.date_order.as_deref() {
        Some(order) => Some(order.parse()?),
        None => clinic.as_ref().and_then(|c| c.date_order()),
    };
    let job = batch_engine::Job {
        csv: &args.csv,
        out_dir: &args.out_dir,
        dry_run: args.dry_run,
        protocols: &protocols,
        lang,
        dtstamp: dtstamp()?,
        mail,
        threads: args.jobs.map(usize::from),
        force: args.force,
        habits_anywhere: args.habits_anywhere,
        renames,
        default_tz,
        clinic,
        style: args.style.read(),
        date_order,
        chunk_rows: 0,
        touch_up: args.touch_up,
        keeper: None,
    };
    let with_hint = |e: Error| -> Failure {
        match e {
            Error::Header { path, problem } => Failure::Aftercare(Error::File {
                path,
                line: Some(1),
                message: format!(
                    "{problem}; name a column with --column \"HEADER=COLUMN\" (one of: {})",
                    aftercare::input::rows::COLUMNS.join(", ")
                ),
            }),
            e => e.into(),
        }
    };
    // Said once for the file, not once a row.
    if job.date_order.is_none() {
        let slashed = batch_engine::slashed_dates(&job).map_err(with_hint)?;
        if slashed > 0 {
            return Err(Error::invalid(
                "--date-order",
                "",
                format!(
                    "dmy (day first) or mdy (month first): {} with slashes, such as 12/03/2026 \
                     (or set date_order in the --clinic profile)",
                    match slashed {
                        1 => "1 row writes its date".to_string(),
                        n => format!("{n} rows write their dates"),
                    }
                ),
            )
            .into());
        }
    }
    let report = with_progress(|progress| batch_engine::run(&job, progress)).map_err(with_hint)?;
    if !report.ignored.is_empty() {
        eprintln!(
            "aftercare: columns not read: {} (read one with --column \"HEADER=COLUMN\")",
            report
                .ignored
                .iter()
                .map(|h| format!("{h:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    report_batch(&report, args.send);
    if let Some(e) = report.send_failure {
        // Said plainly: how far sending got before it stopped, then the server's answer.
        eprintln!(
            "aftercare: sending stopped after {} sent in this run; the files are written, and \
             running the same command again sends the rest",
            match report.delivered {
                1 => "1 message".to_string(),
                n => format!("{n} messages"),
            }
        );
        return Err(e.into());
    }
    if report.errors.is_empty() {
        Ok(())
    } else {
        Err(Failure::RowsFailed)
    }
}

/// Runs `work` with a spinner on an interactive terminal, or a line every 10,000 rows when
/// standard error is a file.
fn with_progress<T>(work: impl FnOnce(&mut dyn FnMut(&batch_engine::Progress<'_>)) -> T) -> T {
    use std::io::IsTerminal;
    let bar = io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            // A whole number of rows a second: indicatif's `{per_sec}` shows four decimals.
            indicatif::ProgressStyle::with_template("{spinner} {pos} rows ({rate} rows/s) {msg}")
                .map(|style| {
                    style.with_key(
                        "rate",
                        |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                            let _ = write!(w, "{:.0}", state.per_sec());
                        },
                    )
                })
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar
    });
    let mut next_line = 10_000;
    let result = work(&mut |progress| match &bar {
        Some(bar) => bar.set_position(progress.rows as u64),
        None if progress.rows >= next_line => {
            eprintln!("aftercare: {} rows", progress.rows);
            next_line = (progress.rows / 10_000 + 1) * 10_000;
        }
        None => {}
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    result
}

/// The first 50 refused rows and the totals, on standard error.
fn report_batch(report: &batch_engine::Report, send: bool) {
    for e in report.errors.iter().take(50) {
        let column = if e.column.is_empty() {
            String::new()
        } else {
            format!(", column {}", e.column)
        };
        eprintln!("aftercare: row {}{column}: {}", e.row, e.reason);
    }
    if report.errors.len() > 50 {
        eprintln!(
            "aftercare: ... and {} more (see errors.csv)",
            report.errors.len() - 50
        );
    }
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    eprintln!(
        "aftercare: {}: {} done ({} written, {} unchanged{}), {} failed",
        count(report.rows, "row", "rows"),
        report.rows - report.errors.len(),
        count(report.written, "file", "files"),
        report.unchanged,
        if send {
            format!(
                ", {} sent, {} already sent",
                count(report.delivered, "message", "messages"),
                report.already_sent
            )
        } else {
            String::new()
        },
        report.errors.len()
    );
}

/// `aftercare habits init`: writes the commented template.
pub(crate) fn habits_init(path: Option<PathBuf>, force: bool) -> Result<(), Failure> {
    let path = match path {
        Some(path) => path,
        None => default_habits_path().ok_or_else(|| {
            Error::invalid(
                "FILE",
                "",
                "a path (no configuration directory is known here)",
            )
        })?,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    write(&path, aftercare::input::routine::TEMPLATE.as_bytes(), force)?;
    eprintln!(
        "aftercare: wrote {}; edit it, then check it with `aftercare habits show {}`",
        path.display(),
        path.display()
    );
    Ok(())
}

/// `aftercare habits show`: validates a habits file and prints the week.
pub(crate) fn habits_show(path: Option<PathBuf>) -> Result<(), Failure> {
    let path = match path {
        Some(path) => path,
        None => default_habits_path()
            .filter(|p| p.exists())
            .ok_or_else(|| {
                Error::invalid(
                    "FILE",
                    default_habits_path()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default(),
                    "an existing habits file (create one with `aftercare habits init`)",
                )
            })?,
    };
    let routine = Routine::parse(&read(&path)?, &path)?;
    print_text(&format!(
        "{} is valid.\n\n{}",
        path.display(),
        text::render_week(&routine)
    ))
}

/// `aftercare protocol`: the built-in protocol verbatim (comments included), or the merged one.
/// In another language than English, the merged file with its texts in that language (the
/// built-in file's comments are English, so they are left out then).
pub(crate) fn protocol(path: Option<&Path>, table: bool, lang: Lang) -> Result<(), Failure> {
    if table {
        return print_text(&protocol_table(&load_protocol(path, lang)?));
    }
    match path {
        None if lang == Lang::En => print(aftercare::input::protocol::BUILTIN_TOML),
        None => print(&aftercare::input::protocol::ProtocolFile::builtin(lang).to_toml()),
        Some(path) => {
            let (merged, _) = Protocol::merged_file_in(&read(path)?, path, lang)?;
            print(&merged.to_toml())
        }
    }
}

/// `aftercare protocol check`: for each language, whether a plan in it can use the file (the
/// built-in protocol is complete in every language, and checked by the tests).
pub(crate) fn protocol_check(path: Option<&Path>) -> Result<(), Failure> {
    let Some(path) = path else {
        return print_text(
            "The built-in protocol has its texts in every language: en, es, fr, de, pt-BR.\n",
        );
    };
    let text = read(path)?;
    let mut out = String::new();
    let mut missing = Vec::new();
    for (lang, result) in Protocol::coverage(&text, path) {
        match result {
            Ok(()) => out.push_str(&format!("{:<6} ok\n", lang.tag())),
            Err(e) => {
                out.push_str(&format!("{:<6} not covered: {e}\n", lang.tag()));
                missing.push(lang.tag());
            }
        }
    }
    print_text(&out)?;
    if missing.is_empty() {
        return Ok(());
    }
    Err(Error::invalid(
        "--protocol",
        path.display().to_string(),
        format!(
            "a file with its texts in every language (not covered: {})",
            missing.join(", ")
        ),
    )
    .into())
}

/// `aftercare protocol --table`: what a provider checks before signing, one line an entry: its
/// length, the treated areas it is for, and the sources it cites; then each tier of warning
/// signs (read from the model's fields, so a new tier shows without a change here) and what
/// each source is.
fn protocol_table(p: &Protocol) -> String {
    use aftercare::units::duration::format as length;
    let list = |items: &[String], empty: &str| {
        if items.is_empty() {
            empty.to_string()
        } else {
            items.join(",")
        }
    };
    let row = |out: &mut String, cells: [&str; 4]| {
        out.push_str(&format!(
            "  {:<20} {:<26} {:<28} {}\n",
            cells[0], cells[1], cells[2], cells[3]
        ));
    };
    let mut out = format!(
        "{}\n\nRules (what to avoid, from the end of the appointment):\n",
        p.name
    );
    row(&mut out, ["ID", "LENGTH", "AREAS", "SOURCES"]);
    for r in &p.rules {
        let mut span = match r.until_next {
            Some(next) if r.duration.is_zero() => format!("next day {}", next.format("%H:%M")),
            Some(next) => format!("{}, next day {}", length(r.duration), next.format("%H:%M")),
            None => length(r.duration),
        };
        if let Some(heavy) = r.heavy_duration {
            span.push_str(&format!(" (heavy {})", length(heavy)));
        }
        row(
            &mut out,
            [
                &r.id,
                &span,
                &list(&r.areas, "every area"),
                &list(&r.source, "-"),
            ],
        );
        out.push_str(&format!("      {}: {}\n", r.title, r.avoid));
    }
    out.push_str("\nStages (return to exercise):\n");
    row(&mut out, ["ID", "UNTIL", "", "SOURCES"]);
    for s in &p.stages {
        let until = match &s.until {
            Some(aftercare::model::Until::Elapsed(d)) => length(*d),
            Some(aftercare::model::Until::Rule(id)) => format!("end of {id}"),
            None => "-".to_string(),
        };
        row(&mut out, [&s.id, &until, "", &list(&s.source, "-")]);
    }
    for (heading, entries) in [
        (
            "Reminders and check-ins (from the end of the appointment)",
            &p.reminders,
        ),
        (
            "Exercised too soon (`aftercare oops`, from the exercise)",
            &p.oops,
        ),
    ] {
        out.push_str(&format!("\n{heading}:\n"));
        row(&mut out, ["ID", "AT", "AREAS", "SOURCES"]);
        for r in entries {
            row(
                &mut out,
                [
                    &r.id,
                    &length(r.at),
                    &list(&r.areas, "every area"),
                    &list(&r.source, "-"),
                ],
            );
        }
    }
    out.push_str("\nTreated areas:\n");
    row(&mut out, ["ID", "NAME", "", "SOURCES"]);
    for a in &p.areas {
        row(&mut out, [&a.id, &a.name, "", &list(&a.source, "-")]);
    }
    out.push_str("\nProducts:\n");
    row(&mut out, ["ID", "NAME", "", "SOURCES"]);
    for pr in &p.products {
        row(&mut out, [&pr.id, &pr.name, "", &list(&pr.source, "-")]);
    }
    // Every tier the model has, by its field name: read through serde, so tiers added to
    // `Warnings` show here as they are.
    out.push_str("\nWarning signs:\n");
    if let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(&p.warnings) {
        for (tier, value) in fields {
            let items: Vec<String> = match value {
                serde_json::Value::Array(items) => items
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_string))
                    .collect(),
                serde_json::Value::String(text) => vec![text],
                _ => continue,
            };
            if items.is_empty() {
                continue;
            }
            out.push_str(&format!("  {tier}: {}\n", items.join("; ")));
        }
    }
    out.push_str("\nSources:\n");
    for (id, text) in p.sources.iter() {
        out.push_str(&format!("  {id}: {text}\n"));
    }
    out
}

/// `aftercare activities`: the catalogue as a table.
pub(crate) fn activities(habits: Option<&Path>) -> Result<(), Failure> {
    let routine = match habits {
        Some(path) => Routine::parse(&read(path)?, path)?,
        None => Routine::default(),
    };
    let mut out = format!(
        "{:<15} {:<9} {:<40} {}\n",
        "ID", "INTENSITY", "ATTRIBUTES", "EASIER"
    );
    for a in routine.catalogue.iter() {
        let attributes: Vec<&str> = Attribute::ALL
            .iter()
            .filter(|attr| a.has(**attr))
            .map(|attr| attr.id())
            .collect();
        out.push_str(&format!(
            "{:<15} {:<9} {:<40} {}\n",
            a.id,
            a.intensity.to_string(),
            if attributes.is_empty() {
                "-".to_string()
            } else {
                attributes.join(",")
            },
            a.easier.as_deref().unwrap_or("-")
        ));
    }
    print_text(&out)
}

/// `aftercare completions SHELL`: the completion script, generated from the clap definitions.
pub(crate) fn completions(shell: clap_complete::Shell) -> Result<(), Failure> {
    use clap::CommandFactory;
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut super::Cli::command(), "aftercare", &mut out);
    io::stdout().lock().write_all(&out)?;
    Ok(())
}

/// `aftercare man`: the manual page in roff, generated from the clap definitions.
pub(crate) fn man() -> Result<(), Failure> {
    use clap::CommandFactory;
    let mut out = Vec::new();
    clap_mangen::Man::new(super::Cli::command()).render(&mut out)?;
    io::stdout().lock().write_all(&out)?;
    Ok(())
}

/// `aftercare serve`: reads the flags and files, then runs the server until it is stopped.
pub(crate) fn serve(args: ServeArgs) -> Result<(), Failure> {
    let listen = args.listen.parse().map_err(|_| {
        Error::invalid(
            "--listen",
            &args.listen,
            "an address and port, e.g. 127.0.0.1:8080",
        )
    })?;
    let db = database(args.db)?;
    let mut protocols = Vec::new();
    for spec in &args.protocol {
        let (name, path) = match spec.split_once('=') {
            Some((name, path)) => (name.trim().to_string(), PathBuf::from(path)),
            None => {
                let path = PathBuf::from(spec);
                let stem = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().to_string())
                    .unwrap_or_default();
                (stem, path)
            }
        };
        if name.is_empty() || protocols.iter().any(|(n, _)| *n == name) {
            return Err(
                Error::invalid("--protocol", spec, "FILE or NAME=FILE, each name once").into(),
            );
        }
        protocols.push((name, load_protocols(Some(&path))?));
    }
    if protocols.is_empty() {
        protocols.push(("default".to_string(), Protocols::builtin()));
    }
    if args.max_body_kib == 0 || args.max_body_kib > 64 * 1024 {
        return Err(Error::invalid(
            "--max-body-kib",
            args.max_body_kib.to_string(),
            "1 to 65536 KiB",
        )
        .into());
    }
    for (flag, seconds) in [
        ("--header-timeout", args.header_timeout),
        ("--request-timeout", args.request_timeout),
        ("--send-timeout", args.send_timeout),
    ] {
        if !(1..=3600).contains(&seconds) {
            return Err(Error::invalid(flag, seconds.to_string(), "1 to 3600 seconds").into());
        }
    }
    let mut trusted_proxies = Vec::new();
    for text in &args.trusted_proxy {
        trusted_proxies.push(
            text.parse::<aftercare::serve::Cidr>()
                .map_err(|expected| Error::invalid("--trusted-proxy", text, expected))?,
        );
    }
    if args.behind_proxy && trusted_proxies.is_empty() {
        trusted_proxies = aftercare::serve::Cidr::LOOPBACK.to_vec();
    }
    let config = aftercare::serve::Config {
        listen,
        db,
        key_file: args.key_file,
        store_budget: args.store_budget_kib.saturating_mul(1024),
        base_url: args.base_url,
        protocols,
        clinic: load_clinic(args.clinic.as_deref())?,
        retention_days: args.retention_days,
        rate_limit: args.rate_limit,
        max_body: args.max_body_kib * 1024,
        trusted_proxies,
        log: !args.quiet,
        smtp: args.smtp,
        smtp_insecure_auth: args.smtp_insecure_auth,
        mail_from: args.mail_from,
        desk_session: std::time::Duration::from_secs(args.desk_session_seconds.max(1)),
        header_timeout: std::time::Duration::from_secs(args.header_timeout),
        request_timeout: std::time::Duration::from_secs(args.request_timeout),
        send_timeout: std::time::Duration::from_secs(args.send_timeout),
        max_connections_per_address: args.max_connections_per_address,
        ..aftercare::serve::Config::default()
    };
    aftercare::serve::run(config)?;
    Ok(())
}

/// The server's database: `--db`, else `aftercare/plans.db` in the platform's data directory.
fn database(given: Option<PathBuf>) -> Result<PathBuf, Error> {
    if let Some(db) = given {
        return Ok(db);
    }
    let dir = dirs::data_dir()
        .ok_or_else(|| {
            Error::invalid(
                "--db",
                "",
                "a database file (no data directory is known here)",
            )
        })?
        .join("aftercare");
    std::fs::create_dir_all(&dir).map_err(|source| Error::Io {
        path: dir.clone(),
        source,
    })?;
    Ok(dir.join("plans.db"))
}

/// `aftercare desk …`: the desk's accounts.
pub(crate) fn desk(command: DeskCommand) -> Result<(), Failure> {
    use aftercare::serve::accounts::{Role, check_name, check_password};
    let open = |db: Option<PathBuf>| -> Result<aftercare::serve::store::Sqlite, Failure> {
        let path = database(db)?;
        aftercare::serve::store::Sqlite::open(&path, 1)
            .map_err(|e| Failure::Server(format!("{}: {e}", path.display())))
    };
    match command {
        DeskCommand::AddUser {
            name,
            admin,
            password_stdin,
            db,
        } => {
            check_name(&name)?;
            let password = if password_stdin {
                let mut line = String::new();
                io::stdin().read_line(&mut line)?;
                line.trim_end_matches(['\r', '\n']).to_string()
            } else {
                let first = rpassword::prompt_password(format!("Password for {name}: "))?;
                check_password(&first)?;
                let again = rpassword::prompt_password("Again: ")?;
                if again != first {
                    return Err(
                        Error::invalid("password", "(hidden)", "the same password twice").into(),
                    );
                }
                first
            };
            check_password(&password)?;
            let role = if admin { Role::Admin } else { Role::Desk };
            let store = open(db)?;
            store.add_user(&name, &password, role, chrono::Utc::now().timestamp())?;
            eprintln!(
                "aftercare: added {name} ({})",
                if admin { "admin" } else { "desk" }
            );
            Ok(())
        }
        DeskCommand::ListUsers { db } => {
            let store = open(db)?;
            let users = store.users().map_err(|e| Failure::Server(e.to_string()))?;
            let mut out = String::new();
            for user in users {
                out.push_str(&format!(
                    "{}\t{}\n",
                    user.name,
                    if user.role == Role::Admin {
                        "admin"
                    } else {
                        "desk"
                    }
                ));
            }
            print(&out)
        }
        DeskCommand::RemoveUser { name, db } => {
            let store = open(db)?;
            if store
                .remove_user(&name)
                .map_err(|e| Failure::Server(e.to_string()))?
            {
                eprintln!("aftercare: removed {name}");
                Ok(())
            } else {
                Err(Error::invalid(
                    "name",
                    &name,
                    "the name of an account (see `aftercare desk list-users`)",
                )
                .into())
            }
        }
        DeskCommand::Unlock { name, db } => {
            let store = open(db)?;
            let users = store.users().map_err(|e| Failure::Server(e.to_string()))?;
            if !users.iter().any(|u| u.name == name) {
                return Err(Error::invalid(
                    "name",
                    &name,
                    "the name of an account (see `aftercare desk list-users`)",
                )
                .into());
            }
            let forgotten = store
                .unlock(&name)
                .map_err(|e| Failure::Server(e.to_string()))?;
            eprintln!("aftercare: unlocked {name} ({forgotten} failed sign-ins forgotten)");
            Ok(())
        }
    }
}

/// `aftercare key …`: the server key.
/// `aftercare followups`: every due follow-up e-mail sent once; says how many.
pub(crate) fn followups(args: FollowupsArgs) -> Result<(), Failure> {
    use aftercare::serve::{followups, store::Sqlite};
    let db = database(args.db)?;
    if !db.exists() {
        return Err(Error::invalid(
            "--db",
            db.display().to_string(),
            "the database of `aftercare serve` (this file does not exist)",
        )
        .into());
    }
    let now = match &args.now {
        None => Utc::now(),
        Some(text) => DateTime::parse_from_rfc3339(text.trim())
            .map_err(|_| {
                Error::invalid(
                    "--now",
                    text,
                    "an RFC 3339 moment such as 2027-02-05T18:00:00Z",
                )
            })?
            .with_timezone(&Utc),
    };
    let smtp = mail::Smtp::new(
        &args.smtp,
        mail::credentials_from_env(),
        args.smtp_insecure_auth,
    )?;
    let from = mail::mailbox("--mail-from", &args.mail_from, None)?;
    let key_file = args
        .key_file
        .unwrap_or_else(|| PathBuf::from(format!("{}.key", db.display())));
    let store = Sqlite::open_sealed(&db, 1, &key_file)?;
    let report = followups::send_due(&store, &smtp, &from, now)
        .map_err(aftercare::serve::ServeError::from)?;
    let late = match report.late {
        0 => String::new(),
        n => format!(", {n} dropped as too late (the evening's after 4 hours, others after 24)"),
    };
    println!(
        "Follow-up e-mails: {} sent, {} not sent{late}.",
        report.sent, report.failed
    );
    if report.failed > 0 {
        return Err(Error::Send {
            server: args.smtp.clone(),
            reason: format!(
                "{} follow-up e-mails were not sent; they are tried again in 30 minutes",
                report.failed
            ),
        }
        .into());
    }
    Ok(())
}

pub(crate) fn key(command: KeyCommand) -> Result<(), Failure> {
    match command {
        KeyCommand::Rotate { db, key_file } => {
            let db = database(db)?;
            let key_file =
                key_file.unwrap_or_else(|| PathBuf::from(format!("{}.key", db.display())));
            let finished = aftercare::serve::store::rotate_key(&db, &key_file)?;
            eprintln!(
                "aftercare: {} {} is the database's key now; back it up, and destroy the old \
                 key's backups.",
                if finished {
                    "finished the interrupted rotation:"
                } else {
                    "rotated:"
                },
                key_file.display()
            );
            Ok(())
        }
        KeyCommand::Reset {
            db,
            key_file,
            erase_settings,
        } => {
            let db = database(db)?;
            let key_file =
                key_file.unwrap_or_else(|| PathBuf::from(format!("{}.key", db.display())));
            if !erase_settings {
                return Err(Error::Requires {
                    field: "key reset".into(),
                    needs: "--erase-settings (it erases the desk's clinic, logo and protocol \
                            settings; restore the lost key file from a backup instead if you can)"
                        .into(),
                }
                .into());
            }
            let erased = aftercare::serve::store::reset_key(&db, &key_file)?;
            eprintln!(
                "aftercare: reset: {erased} desk settings erased and {} is a new key; the plans \
                 are kept. Enter the settings again on /desk/settings, and back the key up.",
                key_file.display()
            );
            Ok(())
        }
    }
}
