//! Command-line interface: argument parsing, the clock, the file system and the terminal. Each
//! subcommand is one documented function; everything else is the library's.

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use aftercare::tz::Zone;
use chrono::{DateTime, Utc};
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
    /// A batch finished, but some rows failed (exit status 3); each was reported.
    RowsFailed,
    /// The command line itself is wrong (exit status 2): one line naming the flag.
    Usage(String),
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
  # A plan on built-in defaults: writes aftercare-2026-12-04.ics, prints the timeline
  aftercare plan --at \"2026-12-04 15:00\" --tz America/New_York

  # With your weekly routine
  aftercare plan --at \"2026-12-04 15:00\" --tz Europe/London --workout \"mon,wed 06:30 45m hiit\"

  # When to book, so that recovery costs the least training
  aftercare suggest --habits my-week.toml --from 2026-12-01 --to 2026-12-21

  # A clinic's day of patients
  aftercare batch appointments.csv --out-dir plans/ --eml --from clinic@example.com

  # Print the built-in protocol, to copy and edit
  aftercare protocol > clinic.toml

Each command's --help has more examples.";

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

const BATCH_EXAMPLES: &str = "\
Examples:
  aftercare batch appointments.csv --out-dir plans/
  aftercare batch appointments.csv --out-dir plans/ --eml --from clinic@example.com
  AFTERCARE_SMTP_USERNAME=desk AFTERCARE_SMTP_PASSWORD=... \\
      aftercare batch appointments.csv --out-dir plans/ --send --smtp smtps://mail.example.com:465 \\
      --from \"Example Clinic <clinic@example.com>\"

CSV: a header row, then one appointment a row. Columns in any order; only id, at and tz are
required: id, name, email, at, tz, minutes, sweat, areas, product, habits (a habits file,
relative to the CSV), workouts (\"mon,wed 06:30 45m hiit; sat 09:00 1h running\"), discreet.

Each valid row gives OUT-DIR/<id>.ics (and <id>.eml). Invalid rows are listed in
OUT-DIR/errors.csv and on the terminal with their row, column and reason; the other rows are still
done. Re-running skips files that are complete and unchanged, so a stopped batch resumes; with
--send, a journal (OUT-DIR/sent.journal) makes sure no message is sent twice.

Exit status: 0 every row done; 3 some rows failed (the others are done); 2 bad arguments or CSV
header (nothing done); 1 a file or the mail server failed.";

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
    /// "I exercised too soon": check-ins over the following hours and days, what to look for
    /// and when to call the provider.
    #[command(
        after_help = "Examples:\n  aftercare oops --at \"2026-12-04 19:00\" --tz America/New_York\n  aftercare oops --at \"2026-12-04 19:00\" --tz America/New_York --appointment \"2026-12-04 15:00\""
    )]
    Oops(OopsArgs),
    /// Your weekly routine file: write a template, or check one and show the week.
    #[command(subcommand)]
    Habits(HabitsCommand),
    /// Plan a CSV file of appointments: one calendar (and e-mail) per patient, in parallel.
    #[command(after_help = BATCH_EXAMPLES)]
    Batch(BatchArgs),
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
    /// Print a shell completion script (from the same definitions as --help).
    #[command(
        after_help = "Examples:\n  aftercare completions bash > ~/.local/share/bash-completion/completions/aftercare\n  aftercare completions zsh > ~/.zfunc/_aftercare\n  aftercare completions fish > ~/.config/fish/completions/aftercare.fish"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), from the same definitions as --help.
    #[command(after_help = "Examples:\n  aftercare man | man -l -\n  aftercare man > aftercare.1")]
    Man,
}

#[derive(Subcommand)]
enum HabitsCommand {
    /// Write a commented habits template [default FILE: $XDG_CONFIG_HOME/aftercare/habits.toml,
    /// which `plan` and `suggest` read when no routine is given].
    #[command(
        after_help = "Examples:\n  aftercare habits init\n  aftercare habits init my-week.toml"
    )]
    Init {
        /// Where to write it.
        file: Option<PathBuf>,
        /// Replace an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Check a habits file and print the week as a table [default FILE: the one `init` writes].
    #[command(
        after_help = "Examples:\n  aftercare habits show\n  aftercare habits show my-week.toml"
    )]
    Show {
        /// The habits file.
        file: Option<PathBuf>,
    },
}

#[derive(clap::Args)]
struct OopsArgs {
    /// When you exercised: local "YYYY-MM-DD HH:MM" in --tz, or RFC 3339.
    #[arg(long, value_name = "DATETIME")]
    at: String,
    /// IANA time zone [default: the system's zone].
    #[arg(long, value_name = "ZONE")]
    tz: Option<String>,
    /// When the appointment started (to say how soon it was).
    #[arg(long, value_name = "DATETIME")]
    appointment: Option<String>,
    /// Appointment length in minutes.
    #[arg(
        long,
        default_value_t = 30,
        value_name = "N",
        allow_negative_numbers = true
    )]
    minutes: i64,
    /// A provider's protocol file.
    #[arg(long, value_name = "FILE")]
    protocol: Option<PathBuf>,
    /// Which instant to use when a time happens twice (clocks going back).
    #[arg(long, value_enum, value_name = "WHICH")]
    fold: Option<Fold>,
    /// Write UTC times instead of local times with a VTIMEZONE.
    #[arg(long)]
    utc: bool,
    #[command(flatten)]
    out: OutputArgs,
}

#[derive(clap::Args)]
struct BatchArgs {
    /// The CSV file of appointments.
    csv: PathBuf,
    /// Where to write the files.
    #[arg(long, value_name = "DIR")]
    out_dir: PathBuf,
    /// Also write each patient's e-mail message (<id>.eml); needs --from and an email column.
    #[arg(long)]
    eml: bool,
    /// Send each message through --smtp (once: see the journal).
    #[arg(long, requires = "smtp")]
    send: bool,
    /// SMTP server for --send: smtp://host:port or smtps://host:port.
    #[arg(long, value_name = "URL")]
    smtp: Option<String>,
    /// Send the SMTP credentials over a connection without TLS (insecure: anyone on the path
    /// can read them).
    #[arg(long)]
    smtp_insecure_auth: bool,
    /// The clinic's address (From, and ORGANIZER of every calendar).
    #[arg(long, value_name = "ADDRESS")]
    from: Option<String>,
    /// Subject [default: "Your <procedure> aftercare plan"].
    #[arg(long, value_name = "TEXT")]
    subject: Option<String>,
    /// A provider's protocol file for every row.
    #[arg(long, value_name = "FILE")]
    protocol: Option<PathBuf>,
    /// Let the `habits` column name files outside the CSV's folder (absolute paths, `..`).
    #[arg(long)]
    habits_anywhere: bool,
    /// Worker threads, 1 to 64 [default: one per core].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    jobs: Option<u16>,
    /// Redo every row, even when its files are complete and unchanged (never re-sends).
    #[arg(long)]
    force: bool,
    /// Render everything and write nothing (measures generation).
    #[arg(long)]
    dry_run: bool,
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
    /// Reads the weekly routine, the protocol and the sweat level. With no routine given at
    /// all, the habits file in the configuration directory is read if there is one (the third
    /// value says so).
    fn load(&self) -> Result<(Routine, Protocol, Sweat, Option<String>), Error> {
        let nothing_given =
            self.habits.is_none() && self.workout.is_empty() && self.routine_ics.is_empty();
        let default = default_habits_path().filter(|p| nothing_given && p.exists());
        let mut routine = match self.habits.as_ref().or(default.as_ref()) {
            Some(path) => Routine::parse(&read(path)?, path)?,
            None => Routine::default(),
        };
        let note = default.map(|p| {
            format!(
                "Using your habits from {} (see `aftercare habits show`).",
                p.display()
            )
        });
        for spec in &self.workout {
            routine.add_workout_flag(spec)?;
        }
        let protocol = load_protocol(self.protocol.as_deref())?;
        let sweat = self.sweat.or(routine.sweat).unwrap_or_default();
        Ok((routine, protocol, sweat, note))
    }

    /// Adds the workouts of the calendar exports that fall in `window` to `routine` (times
    /// without a zone are read in `zone`), and describes what was read, left unmatched or
    /// skipped.
    fn import_calendars(
        &self,
        routine: &mut Routine,
        zone: Zone,
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
    #[command(flatten)]
    out: OutputArgs,
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
    #[command(flatten)]
    mail: MailArgs,
}

/// Parses the command line and runs the subcommand.
pub fn run() -> Result<(), Failure> {
    run_from(std::env::args_os())
}

fn run_from(args: impl IntoIterator<Item = OsString>) -> Result<(), Failure> {
    use clap::{CommandFactory, FromArgMatches};
    // `--version` names the tz data too: which copy is used is decided at run time (see
    // `aftercare::tz::db`).
    let version = format!(
        "{} (time zones: {})",
        env!("CARGO_PKG_VERSION"),
        tz::db::database().describe()
    );
    // Made once per process; clap keeps borrowed strings only.
    let version: &'static str = Box::leak(version.into_boxed_str());
    let parsed = Cli::command()
        .version(version)
        // `--top -1` is a bad value for --top, not an unknown flag `-1`.
        .mut_subcommands(|sub| sub.allow_negative_numbers(true))
        .try_get_matches_from(args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        // Help and version print and exit 0.
        Err(e) if !e.use_stderr() => e.exit(),
        Err(e) => return Err(Failure::Usage(usage_line(&e))),
    };
    match cli.command {
        Command::Plan(args) => plan_command(args),
        Command::Suggest(args) => suggest_command(args),
        Command::Oops(args) => oops_command(args),
        Command::Batch(args) => batch_command(args),
        Command::Habits(HabitsCommand::Init { file, force }) => habits_init(file, force),
        Command::Habits(HabitsCommand::Show { file }) => habits_show(file),
        Command::Protocol { protocol } => protocol_command(protocol.as_deref()),
        Command::Activities { habits } => activities_command(habits.as_deref()),
        Command::Completions { shell } => completions_command(shell),
        Command::Man => man_command(),
    }
}

/// clap's message on one line: its first paragraph (the flag, the value and what is wrong),
/// without the usage block and the tips, which `--help` gives.
fn usage_line(e: &clap::Error) -> String {
    let text = e.render().to_string();
    let first: Vec<&str> = text
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .map(str::trim)
        .collect();
    let line = first.join(" ");
    let line = line.strip_prefix("error: ").unwrap_or(&line);
    format!("{} (see --help)", aftercare::terminal::safe(line))
}

/// `aftercare completions SHELL`: the completion script, generated from the clap definitions.
fn completions_command(shell: clap_complete::Shell) -> Result<(), Failure> {
    use clap::CommandFactory;
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "aftercare", &mut out);
    io::stdout().lock().write_all(&out)?;
    Ok(())
}

/// `aftercare man`: the manual page in roff, generated from the clap definitions.
fn man_command() -> Result<(), Failure> {
    use clap::CommandFactory;
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    io::stdout().lock().write_all(&out)?;
    Ok(())
}

/// `aftercare plan`: reads everything, plans, then writes; any error comes before any write.
fn plan_command(args: PlanArgs) -> Result<(), Failure> {
    let (zone, zone_note) = zone_arg(args.tz.as_deref())?;
    let start = parse_at(
        &args.at,
        zone,
        args.tz.is_some(),
        args.fold.unwrap_or_default(),
    )?;
    // Out-of-range values (negative ones included) get the library's message.
    let appointment = Appointment::new(start, minutes_arg(args.minutes)?)?;

    // A calendar's workouts matter from the end of the appointment until the full routine is
    // back, which depends on the protocol and the sweat level: plan once without a routine to
    // find it.
    let (mut routine, protocol, sweat, habits_note) = args.routine.load()?;
    let mut appointment = appointment;
    let areas: Vec<String> = args
        .area
        .iter()
        .map(|a| a.trim().to_ascii_lowercase())
        .collect();
    if areas.iter().any(String::is_empty) {
        // `--area ""` or `--area ,` names no area: a slip, not "every area".
        return Err(Error::invalid(
            "--area",
            args.area.join(","),
            "area ids, comma-separated (see `aftercare protocol`)",
        )
        .into());
    }
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
        // A setback in a repeated hour follows --fold like --at: refused unless it says which.
        let fold = args.fold.unwrap_or_default();
        let at = parse_at_field("--setback", text, zone, args.tz.is_some(), fold)?;
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
    plan.notes.splice(
        0..0,
        zone_note.into_iter().chain(habits_note).chain(import_notes),
    );

    let ics_options = IcsOptions {
        dtstamp: dtstamp()?,
        utc: args.utc,
        discreet: args.discreet,
        organizer: args.organizer.clone(),
        procedure: procedure.clone(),
        sequence: options.setbacks.len() as u32,
        ..IcsOptions::default()
    };
    if args.mail.eml.is_some() || args.mail.smtp.is_some() {
        // Everything is checked before anything is written or sent.
        let smtp = args
            .mail
            .smtp
            .as_deref()
            .map(|url| {
                aftercare::mail::Smtp::new(
                    url,
                    aftercare::mail::credentials_from_env(),
                    args.mail.smtp_insecure_auth,
                )
            })
            .transpose()?;
        if let Some(subject) = &args.mail.subject {
            aftercare::mail::check_header_text("--subject", subject)?;
        }
        if let (Some(eml), Some(out)) = (&args.mail.eml, &args.out.output)
            && same_file(eml, out)
        {
            return Err(Error::invalid(
                "--eml",
                eml.display().to_string(),
                "a file other than the -o output",
            )
            .into());
        }
        let field = |name: &str, v: &Option<String>| {
            v.clone()
                .ok_or_else(|| Error::invalid(name, "", "an address (needed with --eml or --smtp)"))
        };
        let envelope = aftercare::mail::Envelope {
            from: aftercare::mail::mailbox("--from", &field("--from", &args.mail.from)?, None)?,
            to: aftercare::mail::mailbox("--to", &field("--to", &args.mail.to)?, None)?,
            subject: args.mail.subject.clone().unwrap_or_else(|| {
                aftercare::mail::default_subject((!args.discreet).then_some(procedure.as_str()))
            }),
        };
        let (message, _) = aftercare::mail::plan_message(&plan, &ics_options, &envelope, None)?;
        if let Some(path) = &args.mail.eml {
            write_atomic(path, &message.formatted(), args.out.force)?;
            eprintln!("aftercare: wrote {}", path.display());
        }
        if let (Some(smtp), Some(url)) = (&smtp, &args.mail.smtp) {
            smtp.send(&message)?;
            eprintln!("aftercare: sent the plan through {url}");
        }
        if args.out.output.is_none() && args.out.format.is_none() {
            return Ok(());
        }
    }
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
            Format::Json => to_json(&plan)?,
            Format::Text => {
                aftercare::text::render(&plan, (!args.discreet).then_some(procedure.as_str()))
            }
        })
    };
    let default_name = format!("aftercare-{}.ics", appointment.start.format("%Y-%m-%d"));
    emit(&args.out, &default_name, render)
}

/// E-mail delivery (`plan` and `batch`).
#[derive(clap::Args)]
struct MailArgs {
    /// Write the plan as an e-mail message (RFC 5322, with the calendar inline and attached).
    #[arg(long, value_name = "FILE")]
    eml: Option<PathBuf>,
    /// The patient's address, e.g. "Ana <ana@example.com>".
    #[arg(long, value_name = "ADDRESS")]
    to: Option<String>,
    /// The clinic's address (also the calendar's ORGANIZER).
    #[arg(long, value_name = "ADDRESS")]
    from: Option<String>,
    /// Subject [default: "Your <procedure> aftercare plan"].
    #[arg(long, value_name = "TEXT")]
    subject: Option<String>,
    /// Send through this SMTP server: smtp://host:port (add ?tls=required for STARTTLS) or
    /// smtps://host:port. Credentials: AFTERCARE_SMTP_USERNAME, AFTERCARE_SMTP_PASSWORD.
    #[arg(long, value_name = "URL")]
    smtp: Option<String>,
    /// Send the SMTP credentials over a connection without TLS (insecure: anyone on the path
    /// can read them).
    #[arg(long)]
    smtp_insecure_auth: bool,
}

/// Where and how a command writes its result.
#[derive(clap::Args)]
struct OutputArgs {
    /// Output format [default: ics, or by the -o file's extension].
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Output file, or - for standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Replace an existing output file (atomically).
    #[arg(long)]
    force: bool,
}

/// True when `a` and `b` name the same file (by path, or as the same existing file).
fn same_file(a: &Path, b: &Path) -> bool {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    absolute(a) == absolute(b)
        || matches!(
            (std::fs::canonicalize(a), std::fs::canonicalize(b)),
            (Ok(x), Ok(y)) if x == y
        )
}

/// Writes a calendar-producing command's result. Without `-o`, the calendar goes to
/// `default_name` in the current directory and the text view to the terminal; `-o -` prints the
/// chosen format; `-o FILE` writes it atomically.
fn emit(
    out: &OutputArgs,
    default_name: &str,
    render: impl Fn(Format) -> Result<String, Failure>,
) -> Result<(), Failure> {
    let format = out.format.unwrap_or(match &out.output {
        Some(path) if path != Path::new("-") => format_of(path),
        _ => Format::Ics,
    });
    // The text view shows names people and calendars chose: escaped, never obeyed by the
    // terminal (see `aftercare::terminal`).
    let render = |format: Format| -> Result<String, Failure> {
        let rendered = render(format)?;
        Ok(match format {
            Format::Text => aftercare::terminal::safe(&rendered).into_owned(),
            _ => rendered,
        })
    };
    match &out.output {
        Some(path) if path == Path::new("-") => print(&render(format)?),
        Some(path) => {
            write_atomic(path, render(format)?.as_bytes(), out.force)?;
            eprintln!("aftercare: wrote {}", path.display());
            Ok(())
        }
        None if format == Format::Ics => {
            let path = PathBuf::from(default_name);
            let calendar = render(Format::Ics)?;
            let text = render(Format::Text)?;
            write_atomic(&path, calendar.as_bytes(), out.force)?;
            print(&text)?;
            eprintln!(
                "aftercare: wrote {} (import it into your calendar)",
                path.display()
            );
            Ok(())
        }
        None => print(&render(format)?),
    }
}

fn to_json(value: &impl serde::Serialize) -> Result<String, Error> {
    let mut json = serde_json::to_string_pretty(value).map_err(|e| Error::Output {
        what: "JSON",
        reason: e.to_string(),
    })?;
    json.push('\n');
    Ok(json)
}

/// What became of one row of a batch: rendered (with the files written and left unchanged), or
/// refused.
type RowOutcome = Result<(aftercare::batch::Rendered, usize, usize), aftercare::batch::RowError>;

/// `aftercare batch`: streams the CSV in chunks; each chunk is rendered and written in parallel,
/// then its messages are sent one by one, each recorded in the journal as soon as the server
/// accepted it. Memory stays bounded by the chunk size, whatever the number of rows.
fn batch_command(args: BatchArgs) -> Result<(), Failure> {
    use aftercare::batch::{self, Columns, Context, RowError};
    use rayon::prelude::*;
    use std::collections::{HashMap, HashSet};
    use std::io::IsTerminal;
    use std::sync::Mutex;

    const CHUNK: usize = 1024;
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io {
            path: path.clone(),
            source,
        }
    };
    let protocol = load_protocol(args.protocol.as_deref())?;
    // Every option is checked before the first row: a bad --smtp found after writing every
    // file used to leave them behind.
    let smtp = match (&args.smtp, args.send) {
        (Some(url), true) => Some(aftercare::mail::Smtp::new(
            url,
            aftercare::mail::credentials_from_env(),
            args.smtp_insecure_auth,
        )?),
        _ => None,
    };
    let from = args
        .from
        .as_deref()
        .map(|f| aftercare::mail::mailbox("--from", f, None))
        .transpose()?;
    let email = args.eml || args.send;
    if email && from.is_none() {
        return Err(Error::invalid(
            "--from",
            "",
            "the clinic's address (needed with --eml or --send)",
        )
        .into());
    }
    if let Some(subject) = &args.subject {
        aftercare::mail::check_header_text("--subject", subject)?;
    }
    let file = std::fs::File::open(&args.csv).map_err(io(&args.csv))?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(std::io::BufReader::new(file));
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| Error::File {
            path: args.csv.clone(),
            line: Some(1),
            message: e.to_string(),
        })?
        .iter()
        .map(str::to_string)
        .collect();
    let columns = Columns::new(&header.iter().map(String::as_str).collect::<Vec<_>>()).map_err(
        |message| Error::File {
            path: args.csv.clone(),
            line: Some(1),
            message,
        },
    )?;
    if !args.dry_run {
        std::fs::create_dir_all(&args.out_dir).map_err(io(&args.out_dir))?;
        remove_stale_temporaries(&args.out_dir);
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.map_or(0, usize::from))
        .build()
        .map_err(|e| Error::invalid("--jobs", args.jobs.unwrap_or(0).to_string(), e.to_string()))?;

    // Habits files named in rows are read once each.
    let base = args.csv.parent().map(Path::to_path_buf).unwrap_or_default();
    let habits_cache: Mutex<HashMap<String, Result<Routine, String>>> = Mutex::default();
    let load_habits = |name: &str| -> Result<Routine, String> {
        if let Some(hit) = habits_cache.lock().ok().and_then(|c| c.get(name).cloned()) {
            return hit;
        }
        let path = base.join(name);
        let inside = || {
            let lexically = Path::new(name)
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
            // And not through a link that leads out.
            let real = std::fs::canonicalize(&path).ok();
            let real_base = std::fs::canonicalize(if base.as_os_str().is_empty() {
                Path::new(".")
            } else {
                &base
            })
            .ok();
            lexically
                && match (real, real_base) {
                    (Some(real), Some(real_base)) => real.starts_with(real_base),
                    _ => true, // missing: reading it reports that
                }
        };
        if !args.habits_anywhere && !inside() {
            return Err(format!(
                "{}: a habits file inside the CSV's folder (--habits-anywhere allows others)",
                aftercare::terminal::quote(name)
            ));
        }
        let loaded = aftercare::input::read_text(&path)
            .and_then(|text| Routine::parse(&text, &path))
            .map_err(|e| e.to_string());
        if let Ok(mut c) = habits_cache.lock() {
            c.insert(name.to_string(), loaded.clone());
        }
        loaded
    };
    let ctx = Context {
        protocol: &protocol,
        dtstamp: dtstamp()?,
        from: from.clone(),
        email,
        subject: args.subject.clone(),
        habits: &load_habits,
    };

    let journal_path = args.out_dir.join("sent.journal");
    // Only a journal that does not exist yet is empty: one that cannot be read would make
    // every message go out again.
    let mut sent: HashSet<String> = match std::fs::read_to_string(&journal_path) {
        Ok(text) => text.lines().map(str::to_string).collect(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => HashSet::new(),
        Err(source) => {
            return Err(Error::Io {
                path: journal_path,
                source,
            }
            .into());
        }
    };
    let mut journal = if args.send {
        Some(
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&journal_path)
                .map_err(io(&journal_path))?,
        )
    } else {
        None
    };

    let progress = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos} rows ({per_sec}) {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar
    });
    let mut errors: Vec<RowError> = Vec::new();
    let (mut rows, mut written, mut unchanged, mut delivered, mut already_sent) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    let mut send_failure: Option<Error> = None;
    let mut records = reader.records().enumerate();
    // File names already taken, as 64-bit hashes of their lower-case form: 8 bytes a row
    // rather than the name, so a batch of millions stays small. Two different names hashing
    // alike (odds under 1 in 10^7 for a million rows) would refuse the second row, reported
    // like any collision.
    let mut stems: HashSet<u64> = HashSet::new();
    let taken = |stem: &str| {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        stem.to_ascii_lowercase().hash(&mut hasher);
        hasher.finish()
    };
    let column_names = &columns;
    // Reads the next chunk: the rows to render, the rows refused, and how many were read. File
    // names are assigned in file order, so the second of two colliding ids is the one refused.
    let mut read_chunk = move || {
        let mut chunk: Vec<(usize, Vec<String>, String)> = Vec::with_capacity(CHUNK);
        let mut refused: Vec<RowError> = Vec::new();
        let mut read = 0;
        for (i, record) in records.by_ref().take(CHUNK) {
            let row = i + 2;
            read += 1;
            let record: Vec<String> = match record {
                Ok(r) => r.iter().map(str::to_string).collect(),
                Err(e) => {
                    refused.push(RowError {
                        row,
                        column: String::new(),
                        reason: format!("unreadable CSV record: {e}"),
                    });
                    continue;
                }
            };
            let id = column_names
                .value(&record, "id")
                .unwrap_or_default()
                .to_string();
            match batch::stem(&id) {
                Ok(stem) if stems.insert(taken(&stem)) => chunk.push((row, record, stem)),
                Ok(stem) => refused.push(RowError {
                    row,
                    column: "id".into(),
                    reason: format!("another row's id already names the files {stem}.*"),
                }),
                Err(reason) => refused.push(RowError {
                    row,
                    column: "id".into(),
                    reason,
                }),
            }
        }
        (chunk, refused, read)
    };
    // One row: rendered, then its files written (unless unchanged).
    let render_and_write = |(row, record, stem): (usize, Vec<String>, String)| -> RowOutcome {
        let rendered = batch::render_row(&record, row, stem, &columns, &ctx)?;
        if args.dry_run {
            return Ok((
                batch::Rendered {
                    ics: String::new(),
                    eml: None,
                    message: None,
                    ..rendered
                },
                0,
                0,
            ));
        }
        let mut counts = (0, 0);
        let outputs = [
            (
                format!("{}.ics", rendered.stem),
                Some(rendered.ics.as_bytes()),
            ),
            (format!("{}.eml", rendered.stem), rendered.eml.as_deref()),
        ];
        for (name, bytes) in outputs {
            let Some(bytes) = bytes else { continue };
            let path = args.out_dir.join(&name);
            match write_if_changed(&path, bytes, args.force) {
                Ok(true) => counts.0 += 1,
                Ok(false) => counts.1 += 1,
                Err(e) => {
                    return Err(RowError {
                        row,
                        column: String::new(),
                        reason: format!("writing {name}: {e}"),
                    });
                }
            }
        }
        // Keep only what sending needs: a chunk's calendars and messages are not held.
        let rendered = batch::Rendered {
            ics: String::new(),
            eml: None,
            message: rendered.message.filter(|_| args.send),
            ..rendered
        };
        Ok((rendered, counts.0, counts.1))
    };
    let mut next = read_chunk();
    loop {
        let (chunk, refused, read) = next;
        rows += read;
        errors.extend(refused);
        if read == 0 {
            break;
        }
        // The next chunk is read while this one renders, so the workers are not left waiting
        // for the CSV reader.
        let (following, results): (_, Vec<RowOutcome>) = pool.install(|| {
            rayon::join(&mut read_chunk, || {
                chunk.into_par_iter().map(render_and_write).collect()
            })
        });
        next = following;
        for result in results {
            match result {
                Ok((rendered, w, u)) => {
                    written += w;
                    unchanged += u;
                    if let (Some(journal), Some(message), None) =
                        (journal.as_mut(), &rendered.message, &send_failure)
                    {
                        let entry = format!("{}\t{}", rendered.stem, rendered.fingerprint);
                        if sent.contains(&entry) {
                            already_sent += 1;
                            continue;
                        }
                        let Some(smtp) = &smtp else {
                            continue;
                        };
                        match smtp.send(message) {
                            Ok(()) => {
                                writeln!(journal, "{entry}")
                                    .and_then(|_| journal.sync_data())
                                    .map_err(io(&journal_path))?;
                                sent.insert(entry);
                                delivered += 1;
                            }
                            // Stop sending at the first failure: a server that refuses one
                            // message will likely refuse the rest; files are still written.
                            Err(e) => send_failure = Some(e),
                        }
                    }
                }
                Err(e) => errors.push(e),
            }
        }
        match &progress {
            Some(bar) => bar.set_position(rows as u64),
            None if rows % 10_000 < CHUNK && rows >= 10_000 => eprintln!("aftercare: {rows} rows"),
            None => {}
        }
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }

    errors.sort_by_key(|e| e.row);
    for e in errors.iter().take(50) {
        let column = if e.column.is_empty() {
            String::new()
        } else {
            format!(", column {}", e.column)
        };
        eprintln!("aftercare: row {}{column}: {}", e.row, e.reason);
    }
    if errors.len() > 50 {
        eprintln!(
            "aftercare: ... and {} more (see errors.csv)",
            errors.len() - 50
        );
    }
    if !args.dry_run {
        let errors_path = args.out_dir.join("errors.csv");
        if errors.is_empty() {
            let _ = std::fs::remove_file(&errors_path);
        } else {
            let csv_failed = |e: String| Error::Output {
                what: "errors.csv",
                reason: e,
            };
            let mut out = csv::Writer::from_writer(Vec::new());
            out.write_record(["row", "column", "reason"])
                .map_err(|e| csv_failed(e.to_string()))?;
            for e in &errors {
                out.write_record([e.row.to_string(), e.column.clone(), e.reason.clone()])
                    .map_err(|e| csv_failed(e.to_string()))?;
            }
            let bytes = out.into_inner().map_err(|e| csv_failed(e.to_string()))?;
            write_atomic(&errors_path, &bytes, true)?;
        }
    }
    eprintln!(
        "aftercare: {rows} rows: {} done ({written} files written, {unchanged} unchanged{}), {} failed",
        rows - errors.len(),
        if args.send {
            format!(", {delivered} messages sent, {already_sent} already sent")
        } else {
            String::new()
        },
        errors.len()
    );
    if let Some(e) = send_failure {
        return Err(e.into());
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Failure::RowsFailed)
    }
}

/// Writes `bytes` atomically unless the file already says the same (see
/// `batch::same_content`); `force` always writes. Returns whether it wrote.
fn write_if_changed(path: &Path, bytes: &[u8], force: bool) -> Result<bool, Error> {
    if !force && std::fs::read(path).is_ok_and(|old| aftercare::batch::same_content(&old, bytes)) {
        return Ok(false);
    }
    write_atomic_with(path, bytes, true, false)?;
    Ok(true)
}

/// Temporary files of a batch that was killed mid-write: never complete outputs, so removed.
fn remove_stale_temporaries(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(".aftercare-") && name.ends_with(".tmp") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// `aftercare oops`: a monitoring calendar after exercising too soon.
fn oops_command(args: OopsArgs) -> Result<(), Failure> {
    let (zone, zone_note) = zone_arg(args.tz.as_deref())?;
    let fold = args.fold.unwrap_or_default();
    // Checked even without --appointment: a bad value is never ignored.
    let minutes = minutes_arg(args.minutes)?;
    let exercised = parse_at(&args.at, zone, args.tz.is_some(), fold)?;
    let appointment_end = match &args.appointment {
        Some(text) => {
            let start = parse_at_field("--appointment", text, zone, args.tz.is_some(), fold)?;
            Some(Appointment::new(start, minutes)?.end())
        }
        None => None,
    };
    let protocol = load_protocol(args.protocol.as_deref())?;
    let mut m = aftercare::oops::monitoring(exercised, appointment_end, &protocol);
    if let Some(note) = zone_note {
        m.note = Some(match m.note {
            Some(n) => format!("{note} {n}"),
            None => note,
        });
    }
    let render = |format: Format| -> Result<String, Failure> {
        Ok(match format {
            Format::Ics => ics::render_monitoring(
                &m,
                &IcsOptions {
                    dtstamp: dtstamp()?,
                    utc: args.utc,
                    ..IcsOptions::default()
                },
            ),
            Format::Json => to_json(&m)?,
            Format::Text => aftercare::text::render_monitoring(&m),
        })
    };
    let default_name = format!("aftercare-oops-{}.ics", exercised.format("%Y-%m-%d"));
    emit(&args.out, &default_name, render)
}

/// An appointment length from the command line (negative values included) or a clear error.
fn minutes_arg(minutes: i64) -> Result<u32, Error> {
    u32::try_from(minutes)
        .ok()
        .filter(|m| (1..=plan::MAX_APPOINTMENT_MINUTES).contains(m))
        .ok_or_else(|| {
            Error::invalid(
                "--minutes",
                minutes.to_string(),
                "an appointment length from 1 to 720 minutes (12 h)",
            )
        })
}

/// `aftercare habits init`: writes the commented template.
fn habits_init(path: Option<PathBuf>, force: bool) -> Result<(), Failure> {
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
    write_atomic(&path, aftercare::habits::TEMPLATE.as_bytes(), force)?;
    eprintln!(
        "aftercare: wrote {}; edit it, then check it with `aftercare habits show {}`",
        path.display(),
        path.display()
    );
    Ok(())
}

/// `aftercare habits show`: validates a habits file and prints the week.
fn habits_show(path: Option<PathBuf>) -> Result<(), Failure> {
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
        aftercare::text::render_week(&routine)
    ))
}

/// `$XDG_CONFIG_HOME/aftercare/habits.toml`, or the platform's configuration directory.
fn default_habits_path() -> Option<PathBuf> {
    std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(dirs::config_dir)
        .map(|dir| dir.join("aftercare").join("habits.toml"))
}

/// `aftercare suggest`: scores every slot, then prints or writes the best ones.
fn suggest_command(args: SuggestArgs) -> Result<(), Failure> {
    let (zone, zone_note) = zone_arg(args.tz.as_deref())?;
    let date = |field: &str, text: &str| {
        chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map_err(|_| Error::invalid(field, text, "a date YYYY-MM-DD"))
    };
    let from = date("--from", &args.from)?;
    let to = date("--to", &args.to)?;
    // Before any arithmetic on the range (a date of year -262143 made it panic).
    aftercare::plan::check_year("--from", &args.from, chrono::Datelike::year(&from))?;
    aftercare::plan::check_year("--to", &args.to, chrono::Datelike::year(&to))?;
    let minutes = minutes_arg(args.minutes)?;
    let hours = schedule::ClinicHours::parse("--clinic-hours", &args.clinic_hours)?;
    let step = aftercare::duration::parse("--step", &args.step)?;
    let window = (
        from.and_time(chrono::NaiveTime::MIN).and_utc() - chrono::Duration::days(1),
        to.and_time(chrono::NaiveTime::MIN).and_utc() + chrono::Duration::days(30),
    );
    let (mut routine, protocol, sweat, habits_note) = args.routine.load()?;
    let import_notes = args.routine.import_calendars(&mut routine, zone, window)?;
    // Read with the protocol: it says which events need the results rather than the routine.
    let protect = args
        .protect
        .iter()
        .map(|p| schedule::Protect::parse("--protect", p, zone, &protocol))
        .collect::<Result<_, _>>()?;
    let request = schedule::Request {
        tz: zone,
        from,
        to,
        hours,
        minutes,
        step,
        protect,
        top: args.top,
        per_day: args.per_day,
        sweat,
    };
    let mut result = schedule::suggest(&request, &routine, &protocol)?;
    result.notes.splice(
        0..0,
        zone_note.into_iter().chain(habits_note).chain(import_notes),
    );
    let rendered = match args.format {
        Format::Text => aftercare::text::render_suggestions(&result, &request),
        Format::Json => to_json(&result)?,
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
        _ if args.format == Format::Text => print_text(&rendered),
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
    print_text(&out)
}

/// Reads `--at`: a local time in `zone`, or RFC 3339 whose offset must agree with `--tz`.
fn parse_at(
    text: &str,
    zone: Zone,
    explicit_zone: bool,
    fold: Fold,
) -> Result<DateTime<Zone>, Error> {
    parse_at_field("--at", text, zone, explicit_zone, fold)
}

/// Reads a date-time flag: see [`aftercare::input::parse_date_time`].
fn parse_at_field(
    field: &str,
    text: &str,
    zone: Zone,
    explicit_zone: bool,
    fold: Fold,
) -> Result<DateTime<Zone>, Error> {
    aftercare::input::parse_date_time(field, text, zone, explicit_zone, fold)
}

/// The zone of `--tz`, or the system's with a note saying so.
fn zone_arg(name: Option<&str>) -> Result<(Zone, Option<String>), Error> {
    match name {
        Some(name) => Ok((tz::parse_zone("--tz", name)?, None)),
        None => system_zone(),
    }
}

/// The system's zone: `TZ` if it names an IANA zone, else the platform's setting, else UTC;
/// the note says which.
fn system_zone() -> Result<(Zone, Option<String>), Error> {
    let from_env = std::env::var("TZ")
        .ok()
        .and_then(|v| tz::zone_named(v.trim_start_matches(':')));
    let zone = from_env.or_else(|| {
        iana_time_zone::get_timezone()
            .ok()
            .and_then(|name| tz::zone_named(&name))
    });
    Ok(match zone {
        Some(zone) => (
            zone,
            Some(format!(
                "No --tz given: using the system's time zone, {}.",
                zone.name()
            )),
        ),
        None => (
            tz::parse_zone("--tz", "UTC")?,
            Some("No --tz given and the system's time zone is unknown: using UTC.".to_string()),
        ),
    })
}

/// DTSTAMP: `SOURCE_DATE_EPOCH` when set (reproducible builds), else now.
fn dtstamp() -> Result<DateTime<Utc>, Error> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => value
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|secs| DateTime::from_timestamp(secs, 0))
            // DTSTAMP is written with a four-digit year.
            .filter(|t| (1970..=9999).contains(&chrono::Datelike::year(t)))
            .ok_or_else(|| {
                Error::invalid(
                    "SOURCE_DATE_EPOCH",
                    value,
                    "whole seconds since 1970-01-01 UTC, before the year 10000",
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

/// The built-in protocol, with a provider's file applied when one is given.
fn load_protocol(path: Option<&Path>) -> Result<Protocol, Error> {
    match path {
        Some(path) => Protocol::builtin().with_override(&read(path)?, path),
        None => Ok(Protocol::builtin()),
    }
}

fn read(path: &Path) -> Result<String, Error> {
    aftercare::input::read_text(path)
}

/// Prints a human-readable view, escaping what a terminal would obey.
fn print_text(text: &str) -> Result<(), Failure> {
    print(&aftercare::terminal::safe(text))
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
    write_atomic_with(path, bytes, force, true)
}

/// [`write_atomic`], with the fsync optional: a batch skips it (the rename alone already
/// guarantees that a killed process leaves a file complete or absent; only a power cut could
/// lose data, and a re-run redoes what is missing).
fn write_atomic_with(path: &Path, bytes: &[u8], force: bool, durable: bool) -> Result<(), Error> {
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
    if durable {
        temp.as_file().sync_all().map_err(io_error)?;
    }
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
