//! Command-line interface: argument parsing, the clock, the file system and the terminal. Each
//! subcommand is one documented function; everything else is the library's.

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Offset, Utc};
use chrono_tz::Tz;
use clap::{Parser, Subcommand, ValueEnum};

use aftercare::activity::Attribute;
use aftercare::error::Error;
use aftercare::habits::Routine;
use aftercare::ics::{self, IcsOptions};
use aftercare::plan::{self, Appointment};
use aftercare::protocol::{self, Protocol, Sweat};
use aftercare::schedule;
use aftercare::tz::{self, Fold};

/// Why the program stopped.
pub enum Failure {
    /// Bad input or a failed file operation.
    Aftercare(Error),
    /// Standard output could not be written (a closed pipe is not an error).
    Stdout(io::Error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Aftercare(e)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Stdout(e)
    }
}

const MAIN_EXAMPLES: &str = "\
Examples:
  # A plan on built-in defaults: writes aftercare-2026-12-04.ics and prints the timeline
  aftercare plan --at \"2026-12-04 15:00\" --tz America/New_York

  # With your weekly routine
  aftercare plan --at \"2026-12-04 15:00\" --tz America/New_York --workout \"mon,wed,fri 06:30 45m hiit\"

  # Print the built-in protocol, to copy and edit
  aftercare protocol > clinic.toml";

const PLAN_EXAMPLES: &str = "\
Examples:
  aftercare plan --at \"2026-12-04 15:00\" --tz America/New_York
  aftercare plan --at 2026-12-04T15:00 --tz Europe/London --habits my-week.toml --sweat heavy
  aftercare plan --at \"2026-12-04 15:00\" --tz Asia/Kolkata \\
      --workout \"mon,wed,fri 06:30 45m hiit\" --workout \"sat 09:00 1h30m running\"
  aftercare plan --at 2026-12-04T15:00:00-05:00 --format json -o -
  aftercare plan --at \"2026-11-01 01:30\" --tz America/New_York --fold later -o plan.ics --force

Times: --at is a local time in --tz (or the system's zone, which the output names). A local time
that does not exist (clocks going forward) is refused with the valid neighbours; one that happens
twice (clocks going back) needs --fold earlier|later. Every window is elapsed time from the end
of the appointment.

Output: without -o, writes aftercare-<date>.ics here (never over an existing file unless --force)
and prints the timeline. `-o -` writes the chosen --format to standard output.

Exit status: 0 done, 2 bad input (nothing written), 1 a file or the terminal failed.";

const SUGGEST_EXAMPLES: &str = "\
Examples:
  aftercare suggest --habits my-week.toml --tz Europe/Madrid --from 2026-12-01 --to 2026-12-21
  aftercare suggest --workout \"mon,wed,fri 18:00 1h running\" --tz Europe/Madrid \\
      --from 2026-12-01 --to 2026-12-21 --clinic-hours \"tue-fri 09:00-18:00, sat 09:00-13:00\" \\
      --protect \"2026-12-20 08:00 half marathon\" --top 3
  aftercare suggest --habits my-week.toml --tz Europe/Madrid --from 2026-12-01 --to 2026-12-21 \\
      --format ics -o holds.ics

Every slot in the clinic hours is planned with the real planner and scored by what the recovery
costs your routine: a skipped session costs 3 points, a replaced one 2, a scaled one 1, a kept
one 0, doubled for the week's big workout (marked `big = true`, else the hardest and longest).
Ties go to rest days, then to the day after the big workout, then to the earliest slot.
A --protect event must fall in the full-routine stage; one whose label speaks of photos
(photo, shoot, wedding, portrait, headshot) must fall after the results day instead.";

/// Turns Botox aftercare advice into your calendar: what to avoid until when, and what to do
/// instead of each of your usual workouts until your full routine is back.
#[derive(Parser)]
#[command(name = "aftercare", version, after_help = MAIN_EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Make an aftercare plan for an appointment (.ics calendar, JSON or text).
    #[command(after_help = PLAN_EXAMPLES)]
    Plan(PlanArgs),
    /// Suggest appointment times whose recovery costs your routine the least.
    #[command(after_help = SUGGEST_EXAMPLES)]
    Suggest(SuggestArgs),
    /// Print the aftercare protocol (the built-in one, or with a provider's file applied).
    #[command(
        after_help = "Examples:\n  aftercare protocol > clinic.toml\n  aftercare protocol --protocol clinic.toml"
    )]
    Protocol {
        /// A provider's protocol file to apply (override by id, or `replace = true`).
        #[arg(long, value_name = "FILE")]
        protocol: Option<PathBuf>,
    },
    /// List the activity catalogue with the attributes the protocol looks at.
    #[command(
        after_help = "Examples:\n  aftercare activities\n  aftercare activities --habits my-week.toml"
    )]
    Activities {
        /// Include the custom activities of this habits file.
        #[arg(long, value_name = "FILE")]
        habits: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// RFC 5545 calendar.
    Ics,
    /// The plan as JSON.
    Json,
    /// A readable timeline.
    Text,
}

/// Where the routine and the protocol come from (shared by `plan` and `suggest`).
#[derive(clap::Args)]
struct RoutineArgs {
    /// Weekly routine file (TOML, or JSON by extension).
    #[arg(long, value_name = "FILE")]
    habits: Option<PathBuf>,
    /// One weekly workout, "DAYS HH:MM DURATION ACTIVITY" (repeatable), e.g. "mon,wed 06:30 45m hiit".
    #[arg(long, value_name = "SPEC")]
    workout: Vec<String>,
    /// How much you sweat [default: the habits file's, else moderate].
    #[arg(long, value_enum)]
    sweat: Option<Sweat>,
    /// A provider's protocol file: overrides the built-in one by rule id, or replaces it.
    #[arg(long, value_name = "FILE")]
    protocol: Option<PathBuf>,
    /// A calendar export (.ics from Google, Apple or Outlook) whose workouts are your routine.
    #[arg(long, value_name = "FILE")]
    routine_ics: Vec<PathBuf>,
    /// Classify calendar events whose title contains PATTERN as ACTIVITY (repeatable), e.g. "Studio 9=spin".
    #[arg(long = "match", value_name = "PATTERN=ACTIVITY")]
    matches: Vec<String>,
}

impl RoutineArgs {
    /// Reads the weekly routine, the protocol and the sweat level.
    fn load(&self) -> Result<(Routine, Protocol, Sweat), Error> {
        let mut routine = match &self.habits {
            Some(path) => Routine::parse(&read(path)?, path)?,
            None => Routine::default(),
        };
        for spec in &self.workout {
            routine.add_workout_flag(spec)?;
        }
        let protocol = match &self.protocol {
            Some(path) => Protocol::builtin().with_override(&read(path)?, path)?,
            None => Protocol::builtin(),
        };
        let sweat = self.sweat.or(routine.sweat).unwrap_or_default();
        Ok((routine, protocol, sweat))
    }

    /// Adds the workouts of the calendar exports that fall in `window` to `routine` (times
    /// without a zone are read in `zone`), and describes what was read, left unmatched or
    /// skipped.
    fn import_calendars(
        &self,
        routine: &mut Routine,
        zone: Tz,
        window: (DateTime<Utc>, DateTime<Utc>),
    ) -> Result<Vec<String>, Error> {
        let mut matcher = aftercare::import::Matcher::builtin();
        for spec in &self.matches {
            matcher.add(spec, &routine.catalogue)?;
        }
        let mut notes = Vec::new();
        for path in &self.routine_ics {
            let got = aftercare::import::import(&read(path)?, path, zone, window, &matcher)?;
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
        }
        Ok(notes)
    }
}

#[derive(clap::Args)]
struct SuggestArgs {
    #[command(flatten)]
    routine: RoutineArgs,
    /// IANA time zone of the clinic and the person [default: the system's zone].
    #[arg(long, value_name = "ZONE")]
    tz: Option<String>,
    /// First day to consider (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    from: String,
    /// Last day to consider, inclusive (YYYY-MM-DD); at most a year after --from.
    #[arg(long, value_name = "DATE")]
    to: String,
    /// Opening hours, e.g. "tue-fri 09:00-18:00, sat 09:00-13:00".
    #[arg(long, value_name = "HOURS", default_value = "daily 09:00-18:00")]
    clinic_hours: String,
    /// Appointment length in minutes.
    #[arg(
        long,
        default_value_t = 30,
        value_name = "N",
        allow_negative_numbers = true
    )]
    minutes: i64,
    /// Distance between candidate start times (e.g. 15m, 30m, 1h).
    #[arg(long, default_value = "30m", value_name = "DURATION")]
    step: String,
    /// An event the recovery must not spoil, "YYYY-MM-DD HH:MM LABEL" (repeatable).
    #[arg(long, value_name = "EVENT")]
    protect: Vec<String>,
    /// How many suggestions to show.
    #[arg(long, default_value_t = 5, value_name = "N")]
    top: usize,
    /// At most this many suggestions on one day (0: no limit).
    #[arg(long, default_value_t = 1, value_name = "N")]
    per_day: usize,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Output file, or - for standard output [default: standard output].
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Replace an existing output file (atomically).
    #[arg(long)]
    force: bool,
    /// Keep the procedure's name out of the holds' titles.
    #[arg(long)]
    discreet: bool,
}

#[derive(clap::Args)]
struct PlanArgs {
    /// Appointment start: local "YYYY-MM-DD HH:MM" (or with a T), or RFC 3339 with an offset.
    #[arg(long, value_name = "DATETIME")]
    at: String,
    /// IANA time zone, e.g. America/New_York [default: the system's zone].
    #[arg(long, value_name = "ZONE")]
    tz: Option<String>,
    /// Appointment length in minutes (1 to 720).
    #[arg(
        long,
        default_value_t = 30,
        value_name = "N",
        allow_negative_numbers = true
    )]
    minutes: i64,
    #[command(flatten)]
    routine: RoutineArgs,
    /// Output format [default: ics, or by the -o file's extension].
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Output file, or - for standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Replace an existing output file (atomically).
    #[arg(long)]
    force: bool,
    /// Write UTC times instead of local times with a VTIMEZONE.
    #[arg(long)]
    utc: bool,
    /// Keep the procedure's name out of event titles (for shared calendars).
    #[arg(long)]
    discreet: bool,
    /// Treated areas, comma-separated or repeated: forehead, glabella, crows-feet, masseter, neck, underarm.
    #[arg(long, value_name = "AREAS", value_delimiter = ',')]
    area: Vec<String>,
    /// The product: botox, dysport, xeomin, daxxify or jeuveau (sets titles and timing).
    #[arg(long, value_name = "PRODUCT")]
    product: Option<String>,
    /// Swelling, bruising or discomfort increased at this time ("YYYY-MM-DD HH:MM" in --tz, or
    /// RFC 3339): the current stage is repeated for 24 h. Repeatable.
    #[arg(long, value_name = "DATETIME")]
    setback: Vec<String>,
    /// Add a "plan your next treatment" event (at least 90 days on; longer for long-acting
    /// products and underarms), on a rest day of your routine.
    #[arg(long)]
    next_treatment: bool,
    /// Which instant to use when --at happens twice (clocks going back).
    #[arg(long, value_enum, value_name = "WHICH")]
    fold: Option<Fold>,
    /// The clinic's e-mail address: added as ORGANIZER, with METHOD:PUBLISH.
    #[arg(long, value_name = "EMAIL")]
    organizer: Option<String>,
}

/// Parses the command line and runs the subcommand.
pub fn run() -> Result<(), Failure> {
    run_from(std::env::args_os())
}

fn run_from(args: impl IntoIterator<Item = OsString>) -> Result<(), Failure> {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        // Help and version print and exit 0; usage errors exit 2 (clap's convention and ours).
        Err(e) => e.exit(),
    };
    match cli.command {
        Command::Plan(args) => plan_command(args),
        Command::Suggest(args) => suggest_command(args),
        Command::Protocol { protocol } => protocol_command(protocol.as_deref()),
        Command::Activities { habits } => activities_command(habits.as_deref()),
    }
}

/// `aftercare plan`: reads everything, plans, then writes; any error comes before any write.
fn plan_command(args: PlanArgs) -> Result<(), Failure> {
    let (zone, zone_note) = match &args.tz {
        Some(name) => (tz::parse_zone("--tz", name)?, None),
        None => system_zone(),
    };
    let start = parse_at(
        &args.at,
        zone,
        args.tz.is_some(),
        args.fold.unwrap_or_default(),
    )?;
    // Out-of-range values (negative ones included) get the library's message.
    let minutes = u32::try_from(args.minutes).unwrap_or(0);
    let appointment = Appointment::new(start, minutes).map_err(|e| match e {
        Error::Invalid {
            field, expected, ..
        } => Error::Invalid {
            field,
            value: args.minutes.to_string(),
            expected,
        },
        other => other,
    })?;

    // A calendar's workouts matter from the end of the appointment until the full routine is
    // back, which depends on the protocol and the sweat level: plan once without a routine to
    // find it.
    let (mut routine, protocol, sweat) = args.routine.load()?;
    let mut appointment = appointment;
    let areas: Vec<String> = args
        .area
        .iter()
        .map(|a| a.trim().to_ascii_lowercase())
        .filter(|a| !a.is_empty())
        .collect();
    appointment.areas = protocol
        .lookup_areas("--area", &areas)?
        .iter()
        .map(|a| a.id.clone())
        .collect();
    let product = args
        .product
        .as_deref()
        .map(|p| protocol.lookup_product("--product", &p.trim().to_ascii_lowercase()))
        .transpose()?;
    appointment.product = product.map(|p| p.id.clone());
    let procedure = product.map_or("Botox".to_string(), |p| p.name.clone());
    let mut setbacks = Vec::new();
    for text in &args.setback {
        let at = parse_at_field("--setback", text, zone, args.tz.is_some(), Fold::Earlier)?;
        if at < appointment.end() {
            return Err(Error::invalid(
                "--setback",
                text,
                format!(
                    "a time after the appointment ends ({})",
                    appointment.end().format("%Y-%m-%d %H:%M")
                ),
            )
            .into());
        }
        setbacks.push(at);
    }
    let options = plan::Options {
        sweat,
        setbacks,
        next_treatment: args.next_treatment,
    };
    let bare = plan::plan_with(&appointment, &Routine::default(), &protocol, &options);
    let last = bare.stages.last().map_or(bare.appointment.end, |s| s.start);
    let window = (
        appointment.end().with_timezone(&Utc),
        last.with_timezone(&Utc),
    );
    let import_notes = args.routine.import_calendars(&mut routine, zone, window)?;
    if let Some(organizer) = &args.organizer {
        check_email("--organizer", organizer)?;
    }

    let mut plan = plan::plan_with(&appointment, &routine, &protocol, &options);
    plan.notes
        .splice(0..0, zone_note.into_iter().chain(import_notes));

    let format = args.format.unwrap_or(match &args.output {
        Some(path) if path != Path::new("-") => format_of(path),
        _ => Format::Ics,
    });
    let render = |format: Format| -> Result<String, Failure> {
        Ok(match format {
            Format::Ics => ics::render(
                &plan,
                &IcsOptions {
                    dtstamp: dtstamp()?,
                    utc: args.utc,
                    discreet: args.discreet,
                    organizer: args.organizer.clone(),
                    procedure: procedure.clone(),
                    sequence: options.setbacks.len() as u32,
                    ..IcsOptions::default()
                },
            ),
            Format::Json => {
                let mut json = serde_json::to_string_pretty(&plan).unwrap_or_default();
                json.push('\n');
                json
            }
            Format::Text => {
                aftercare::text::render(&plan, (!args.discreet).then_some(procedure.as_str()))
            }
        })
    };

    match &args.output {
        Some(path) if path == Path::new("-") => print(&render(format)?),
        Some(path) => {
            write_atomic(path, render(format)?.as_bytes(), args.force)?;
            eprintln!("aftercare: wrote {}", path.display());
            Ok(())
        }
        None if format == Format::Ics => {
            let path = PathBuf::from(format!(
                "aftercare-{}.ics",
                appointment.start.format("%Y-%m-%d")
            ));
            let calendar = render(Format::Ics)?;
            write_atomic(&path, calendar.as_bytes(), args.force)?;
            print(&render(Format::Text)?)?;
            eprintln!(
                "aftercare: wrote {} (import it into your calendar)",
                path.display()
            );
            Ok(())
        }
        None => print(&render(format)?),
    }
}

/// `aftercare suggest`: scores every slot, then prints or writes the best ones.
fn suggest_command(args: SuggestArgs) -> Result<(), Failure> {
    let (zone, zone_note) = match &args.tz {
        Some(name) => (tz::parse_zone("--tz", name)?, None),
        None => system_zone(),
    };
    let date = |field: &str, text: &str| {
        chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map_err(|_| Error::invalid(field, text, "a date YYYY-MM-DD"))
    };
    let from = date("--from", &args.from)?;
    let to = date("--to", &args.to)?;
    let minutes = u32::try_from(args.minutes)
        .ok()
        .filter(|m| (1..=plan::MAX_APPOINTMENT_MINUTES).contains(m))
        .ok_or_else(|| {
            Error::invalid(
                "--minutes",
                args.minutes.to_string(),
                "an appointment length from 1 to 720 minutes (12 h)",
            )
        })?;
    let request = schedule::Request {
        tz: zone,
        from,
        to,
        hours: schedule::ClinicHours::parse("--clinic-hours", &args.clinic_hours)?,
        minutes,
        step: aftercare::duration::parse("--step", &args.step)?,
        protect: args
            .protect
            .iter()
            .map(|p| schedule::Protect::parse("--protect", p, zone))
            .collect::<Result<_, _>>()?,
        top: args.top,
        per_day: args.per_day,
        sweat: Sweat::Moderate,
    };
    let window = (
        from.and_time(chrono::NaiveTime::MIN).and_utc() - chrono::Duration::days(1),
        to.and_time(chrono::NaiveTime::MIN).and_utc() + chrono::Duration::days(30),
    );
    let (mut routine, protocol, sweat) = args.routine.load()?;
    let import_notes = args.routine.import_calendars(&mut routine, zone, window)?;
    let request = schedule::Request { sweat, ..request };
    let mut result = schedule::suggest(&request, &routine, &protocol)?;
    result
        .notes
        .splice(0..0, zone_note.into_iter().chain(import_notes));
    let rendered = match args.format {
        Format::Text => aftercare::text::render_suggestions(&result, &request),
        Format::Json => {
            let mut json = serde_json::to_string_pretty(&result).unwrap_or_default();
            json.push('\n');
            json
        }
        Format::Ics => ics::render_suggestions(
            &result,
            zone,
            &IcsOptions {
                dtstamp: dtstamp()?,
                discreet: args.discreet,
                ..IcsOptions::default()
            },
        ),
    };
    match &args.output {
        Some(path) if path != Path::new("-") => {
            write_atomic(path, rendered.as_bytes(), args.force)?;
            eprintln!("aftercare: wrote {}", path.display());
            Ok(())
        }
        _ => print(&rendered),
    }
}

/// `aftercare protocol`: the built-in protocol verbatim (comments included), or the merged one.
fn protocol_command(path: Option<&Path>) -> Result<(), Failure> {
    match path {
        None => print(protocol::BUILTIN_TOML),
        Some(path) => {
            let (merged, _) = Protocol::merged_file(&read(path)?, path)?;
            print(&merged.to_toml())
        }
    }
}

/// `aftercare activities`: the catalogue as a table.
fn activities_command(habits: Option<&Path>) -> Result<(), Failure> {
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
    print(&out)
}

/// Reads `--at`: a local time in `zone`, or RFC 3339 whose offset must agree with `--tz`.
fn parse_at(text: &str, zone: Tz, explicit_zone: bool, fold: Fold) -> Result<DateTime<Tz>, Error> {
    parse_at_field("--at", text, zone, explicit_zone, fold)
}

/// Reads a date-time flag: a local time in `zone`, or RFC 3339 whose offset must agree with
/// `--tz`.
fn parse_at_field(
    field: &str,
    text: &str,
    zone: Tz,
    explicit_zone: bool,
    fold: Fold,
) -> Result<DateTime<Tz>, Error> {
    const EXPECTED: &str =
        "a local date-time \"YYYY-MM-DD HH:MM\" (or YYYY-MM-DDTHH:MM), or RFC 3339 with an offset";
    let trimmed = text.trim();
    for pattern in [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
    ] {
        if let Ok(local) = NaiveDateTime::parse_from_str(trimmed, pattern) {
            return tz::resolve_appointment(field, local, zone, fold);
        }
    }
    let with_offset =
        DateTime::parse_from_rfc3339(trimmed).map_err(|_| Error::invalid(field, text, EXPECTED))?;
    let in_zone = with_offset.with_timezone(&zone);
    if explicit_zone && in_zone.offset().fix() != *with_offset.offset() {
        return Err(Error::invalid(
            field,
            text,
            format!(
                "an offset that agrees with --tz {} ({} at that time)",
                zone.name(),
                tz::format_offset(in_zone.offset().fix())
            ),
        ));
    }
    Ok(in_zone)
}

/// The system's zone: `TZ` if it names an IANA zone, else the platform's setting, else UTC.
fn system_zone() -> (Tz, Option<String>) {
    let from_env = std::env::var("TZ")
        .ok()
        .and_then(|v| v.trim_start_matches(':').parse::<Tz>().ok());
    let zone = from_env.or_else(|| {
        iana_time_zone::get_timezone()
            .ok()
            .and_then(|name| name.parse::<Tz>().ok())
    });
    match zone {
        Some(zone) => (
            zone,
            Some(format!(
                "No --tz given: using the system's time zone, {}.",
                zone.name()
            )),
        ),
        None => (
            Tz::UTC,
            Some("No --tz given and the system's time zone is unknown: using UTC.".to_string()),
        ),
    }
}

/// DTSTAMP: `SOURCE_DATE_EPOCH` when set (reproducible builds), else now.
fn dtstamp() -> Result<DateTime<Utc>, Error> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => value
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|secs| DateTime::from_timestamp(secs, 0))
            .ok_or_else(|| {
                Error::invalid(
                    "SOURCE_DATE_EPOCH",
                    value,
                    "whole seconds since 1970-01-01 UTC",
                )
            }),
        Err(_) => {
            let now = Utc::now();
            Ok(DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now))
        }
    }
}

fn format_of(path: &Path) -> Format {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("json") => Format::Json,
        Some("txt") | Some("text") => Format::Text,
        _ => Format::Ics,
    }
}

/// A plain address check: one `@`, no spaces, no control characters, nothing that could break
/// out of a header or a calendar property.
fn check_email(field: &str, value: &str) -> Result<(), Error> {
    let ok = value.split('@').count() == 2
        && !value.starts_with('@')
        && !value.ends_with('@')
        && value
            .chars()
            .all(|c| !c.is_control() && !c.is_whitespace() && !"<>\"(),;:\\[]".contains(c));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            field,
            value.escape_debug().to_string(),
            "an e-mail address such as clinic@example.com",
        ))
    }
}

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn print(text: &str) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename, so the
/// file is either complete or absent. Without `force`, an existing file is never replaced (the
/// final link fails rather than racing a check).
fn write_atomic(path: &Path, bytes: &[u8], force: bool) -> Result<(), Error> {
    if !force && path.exists() {
        return Err(Error::OutputExists(path.to_path_buf()));
    }
    let io_error = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".aftercare-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io_error)?;
    temp.write_all(bytes).map_err(io_error)?;
    temp.as_file().sync_all().map_err(io_error)?;
    if force {
        temp.persist(path).map_err(|e| io_error(e.error))?;
    } else {
        temp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == io::ErrorKind::AlreadyExists {
                Error::OutputExists(path.to_path_buf())
            } else {
                io_error(e.error)
            }
        })?;
    }
    Ok(())
}
