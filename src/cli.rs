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

    let mut routine = match &args.habits {
        Some(path) => Routine::parse(&read(path)?, path)?,
        None => Routine::default(),
    };
    for spec in &args.workout {
        routine.add_workout_flag(spec)?;
    }
    let protocol = match &args.protocol {
        Some(path) => Protocol::builtin().with_override(&read(path)?, path)?,
        None => Protocol::builtin(),
    };
    let sweat = args.sweat.or(routine.sweat).unwrap_or_default();
    if let Some(organizer) = &args.organizer {
        check_email("--organizer", organizer)?;
    }

    let mut plan = plan::plan(&appointment, &routine, &protocol, sweat);
    if let Some(note) = zone_note {
        plan.notes.insert(0, note);
    }

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
                    ..IcsOptions::default()
                },
            ),
            Format::Json => {
                let mut json = serde_json::to_string_pretty(&plan).unwrap_or_default();
                json.push('\n');
                json
            }
            Format::Text => aftercare::text::render(&plan, (!args.discreet).then_some("Botox")),
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
            return tz::resolve_appointment("--at", local, zone, fold);
        }
    }
    let with_offset = DateTime::parse_from_rfc3339(trimmed)
        .map_err(|_| Error::invalid("--at", text, EXPECTED))?;
    let in_zone = with_offset.with_timezone(&zone);
    if explicit_zone && in_zone.offset().fix() != *with_offset.offset() {
        return Err(Error::invalid(
            "--at",
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
