//! The command line's definitions, in one place: every subcommand's flags, with the groups
//! that several commands share (the appointment's time, the routine, the output) flattened once.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

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

Every slot in the clinic hours that is not in the past and does not overlap one of your usual
workouts is planned with the real planner and scored by the training its recovery takes away:
each session's usual load (minutes x intensity: light 1, moderate 2, vigorous 3) minus what the
plan keeps of it (two thirds when scaled, the replacement's load when replaced, nothing when
skipped), doubled for the week's big workout (marked `big = true`, else the hardest and
longest). Ties go to rest days, then to the day after the big workout, then to the earliest slot.
A --protect event must fall in the full-routine stage; one whose label speaks of photos
(photo, shoot, wedding, portrait, headshot) must fall after the results day instead.";

const BATCH_EXAMPLES: &str = "\
Examples:
  aftercare batch appointments.csv --out-dir plans/
  aftercare batch appointments.csv --out-dir plans/ --eml --from clinic@example.com
  AFTERCARE_SMTP_USERNAME=desk AFTERCARE_SMTP_PASSWORD=... \\
      aftercare batch appointments.csv --out-dir plans/ --send --smtp smtps://mail.example.com:465 \\
      --from \"Example Clinic <clinic@example.com>\"

CSV: a header row, then one appointment a row, as a booking system exports it. Columns in any
order; id, at (or date and time) and tz (unless --tz or the --clinic profile's tz) are
required: id, name, email, at, date, time, tz, minutes, sweat, areas, product, habits (a habits
file, relative to the CSV), workouts (\"mon,wed 06:30 45m hiit; sat 09:00 1h running\"),
discreet, touch_up (true for a touch-up visit). Usual headings are read (\"Patient ID\",
\"Appointment Date\", \"Time\", \"Treatment Area\"); other headers are not read, unless
mapped with --column. Every row's outcome goes to OUT-DIR/results.csv.

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
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Make an aftercare plan for an appointment (.ics calendar, JSON or text).
    #[command(after_help = PLAN_EXAMPLES)]
    Plan(PlanArgs),
    /// Run the web app: a form for the appointment and routine, the plan's page, and a
    /// calendar subscription that follows changes.
    #[command(after_help = SERVE_EXAMPLES)]
    Serve(ServeArgs),
    /// Send the follow-up e-mails that are due (for cron; `aftercare serve --smtp` sends them
    /// itself every minute), each once, and exit.
    #[command(after_help = FOLLOWUPS_EXAMPLES)]
    Followups(FollowupsArgs),
    /// The front desk's accounts for `aftercare serve` (in the server's database).
    #[command(subcommand)]
    Desk(DeskCommand),
    /// The server key that seals `aftercare serve`'s database (see the README, "Data at rest").
    #[command(subcommand)]
    Key(KeyCommand),
    /// Suggest appointment times whose recovery costs your routine the least.
    #[command(after_help = SUGGEST_EXAMPLES)]
    Suggest(SuggestArgs),
    /// "I exercised too soon": check-ins over the following hours and days, what to look for
    /// and when to call the provider.
    #[command(
        after_help = "Examples:\n  aftercare oops --at \"2026-12-04 19:00\" --tz America/New_York\n  aftercare oops --at \"2026-12-04 19:00\" --tz America/New_York --appointment \"2026-12-04 15:00\" --sweat heavy --did hot-yoga"
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
        after_help = "Examples:\n  aftercare protocol > clinic.toml\n  aftercare protocol --protocol clinic.toml\n  aftercare protocol --table --protocol clinic.toml\n  aftercare protocol check --protocol clinic.toml\n\n`check` says, for each language, whether a plan in it can use the file: a file's own texts\nmust each be translated under [lang.TAG] (see the README, \"Languages\"). Exit status: 0 when\nevery language is covered, 2 when one is not."
    )]
    Protocol {
        /// `check`: which languages the file covers, instead of printing it.
        #[arg(value_enum, value_name = "ACTION")]
        action: Option<ProtocolAction>,
        /// A provider's protocol file to apply (override by id, or `replace = true`).
        #[arg(long, value_name = "FILE")]
        protocol: Option<PathBuf>,
        /// A table for providers instead of the TOML: each entry's length, treated areas and
        /// sources, and each tier of warning signs.
        #[arg(long)]
        table: bool,
        /// Print the texts in this language (en, es, fr, de, pt-BR): where a translator or a
        /// clinic starts its own [lang.TAG] from.
        #[arg(long, value_name = "LANG")]
        lang: Option<aftercare::i18n::Lang>,
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
pub(crate) enum HabitsCommand {
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
pub(crate) struct OopsArgs {
    /// When you exercised: local "YYYY-MM-DD HH:MM" in --tz, or RFC 3339.
    #[arg(long, value_name = "DATETIME")]
    pub(crate) at: String,
    #[command(flatten)]
    pub(crate) zone: ZoneArgs,
    /// When the appointment started (to say how soon it was).
    #[arg(long, value_name = "DATETIME")]
    pub(crate) appointment: Option<String>,
    /// Your plan's sweat level, so the lengths agree with it [default: the longer, heavy-sweat
    /// lengths].
    #[arg(long, value_enum)]
    pub(crate) sweat: Option<SweatArg>,
    /// What you did: an activity id or a few words ("hot-yoga", "hot yoga", "spin class"); an
    /// activity with heat gets the heat advice.
    #[arg(long, visible_alias = "did", value_name = "ACTIVITY")]
    pub(crate) activity: Option<String>,
    /// A provider's protocol file.
    #[arg(long, value_name = "FILE")]
    pub(crate) protocol: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) style: StyleArgs,
    /// Write UTC times instead of local times with a VTIMEZONE.
    #[arg(long)]
    pub(crate) utc: bool,
    #[command(flatten)]
    pub(crate) out: OutputArgs,
}

#[derive(clap::Args)]
pub(crate) struct BatchArgs {
    /// The CSV file of appointments.
    pub(crate) csv: PathBuf,
    /// Where to write the files.
    #[arg(long, value_name = "DIR")]
    pub(crate) out_dir: PathBuf,
    /// Also write each patient's e-mail message (<id>.eml); needs --from and an email column.
    #[arg(long)]
    pub(crate) eml: bool,
    /// Send each message through --smtp (once: see the journal).
    #[arg(long)]
    pub(crate) send: bool,
    /// SMTP server for --send: smtp://host:port or smtps://host:port.
    #[arg(long, value_name = "URL")]
    pub(crate) smtp: Option<String>,
    /// Send the SMTP credentials over a connection without TLS (insecure: anyone on the path
    /// can read them).
    #[arg(long)]
    pub(crate) smtp_insecure_auth: bool,
    /// The clinic's address (From, and ORGANIZER of every calendar).
    #[arg(long, value_name = "ADDRESS")]
    pub(crate) from: Option<String>,
    /// Subject [default: "Your <procedure> aftercare plan"].
    #[arg(long, value_name = "TEXT")]
    pub(crate) subject: Option<String>,
    /// The clinic's profile for every row (see `plan --clinic`).
    #[arg(long, value_name = "FILE")]
    pub(crate) clinic: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) style: StyleArgs,
    /// A provider's protocol file for every row.
    #[arg(long, value_name = "FILE")]
    pub(crate) protocol: Option<PathBuf>,
    /// Let the `habits` column name files outside the CSV's folder (absolute paths, `..`).
    #[arg(long)]
    pub(crate) habits_anywhere: bool,
    /// The time zone of rows that have no `tz` column or leave it empty [default: the --clinic
    /// profile's tz].
    #[arg(long, value_name = "ZONE")]
    pub(crate) tz: Option<String>,
    /// How dates with slashes in the `at` column are read: dmy (01/12/2026 is 1 December) or
    /// mdy (12 January) [default: the --clinic profile's date_order]. Without either, a file
    /// with such dates is refused before any row.
    #[arg(long, value_name = "ORDER")]
    pub(crate) date_order: Option<String>,
    /// Read a header as a column (repeatable), e.g. "Client=name" or "Visit=at"; "Phone=" is
    /// not read.
    #[arg(long = "column", value_name = "HEADER=COLUMN")]
    pub(crate) columns: Vec<String>,
    /// Worker threads, 1 to 64 [default: one per core].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub(crate) jobs: Option<u16>,
    /// Redo every row, even when its files are complete and unchanged (never re-sends).
    #[arg(long)]
    pub(crate) force: bool,
    /// Every row is a touch-up visit, unless its touch_up column says otherwise.
    #[arg(long)]
    pub(crate) touch_up: bool,
    /// Render everything and write nothing (measures generation).
    #[arg(long)]
    pub(crate) dry_run: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// RFC 5545 calendar.
    Ics,
    /// The plan as JSON.
    Json,
    /// A readable timeline.
    Text,
}

/// Where the routine and the protocol come from (shared by `plan` and `suggest`).
#[derive(clap::Args)]
pub(crate) struct RoutineArgs {
    /// Weekly routine file (TOML, or JSON by extension).
    #[arg(long, value_name = "FILE")]
    pub(crate) habits: Option<PathBuf>,
    /// One weekly workout, "DAYS HH:MM DURATION ACTIVITY" (repeatable), e.g. "mon,wed 06:30 45m hiit".
    #[arg(long, value_name = "SPEC")]
    pub(crate) workout: Vec<String>,
    /// How much you sweat [default: the habits file's, else moderate].
    #[arg(long, value_enum)]
    pub(crate) sweat: Option<SweatArg>,
    /// A provider's protocol file: overrides the built-in one by rule id, or replaces it.
    #[arg(long, value_name = "FILE")]
    pub(crate) protocol: Option<PathBuf>,
    /// A calendar export (.ics from Google, Apple or Outlook) whose workouts are your routine.
    #[arg(long, value_name = "FILE")]
    pub(crate) routine_ics: Vec<PathBuf>,
    /// Classify calendar events whose title contains PATTERN as ACTIVITY (repeatable), e.g. "Studio 9=spin".
    #[arg(long = "match", value_name = "PATTERN=ACTIVITY")]
    pub(crate) matches: Vec<String>,
}

#[derive(clap::Args)]
pub(crate) struct SuggestArgs {
    #[command(flatten)]
    pub(crate) routine: RoutineArgs,
    #[command(flatten)]
    pub(crate) zone: ZoneArgs,
    /// First day to consider (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub(crate) from: String,
    /// Last day to consider, inclusive (YYYY-MM-DD); at most a year after --from.
    #[arg(long, value_name = "DATE")]
    pub(crate) to: String,
    /// Opening hours, e.g. "tue-fri 09:00-18:00, sat 09:00-13:00".
    #[arg(long, value_name = "HOURS", default_value = "daily 09:00-18:00")]
    pub(crate) clinic_hours: String,
    /// Distance between candidate start times (e.g. 15m, 30m, 1h).
    // Hyphen values are taken so that "-3m" reaches the duration's own check, which says what
    // a step is, rather than clap's "unexpected argument".
    #[arg(
        long,
        default_value = "30m",
        value_name = "DURATION",
        allow_hyphen_values = true
    )]
    pub(crate) step: String,
    /// An event the recovery must not spoil, "YYYY-MM-DD HH:MM LABEL" (repeatable).
    #[arg(long, value_name = "EVENT")]
    pub(crate) protect: Vec<String>,
    /// How many suggestions to show.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub(crate) top: usize,
    /// At most this many suggestions on one day (0: no limit).
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub(crate) per_day: usize,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub(crate) format: Format,
    /// Output file, or - for standard output [default: standard output].
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// Replace an existing output file (atomically).
    #[arg(long)]
    pub(crate) force: bool,
    /// Keep the procedure's name out of the holds' titles.
    #[arg(long)]
    pub(crate) discreet: bool,
    #[command(flatten)]
    pub(crate) style: StyleArgs,
}

#[derive(clap::Args)]
pub(crate) struct PlanArgs {
    /// Appointment start: local "YYYY-MM-DD HH:MM" (or with a T), or RFC 3339 with an offset.
    #[arg(long, value_name = "DATETIME")]
    pub(crate) at: String,
    #[command(flatten)]
    pub(crate) zone: ZoneArgs,
    #[command(flatten)]
    pub(crate) routine: RoutineArgs,
    #[command(flatten)]
    pub(crate) out: OutputArgs,
    /// Write UTC times instead of local times with a VTIMEZONE.
    #[arg(long)]
    pub(crate) utc: bool,
    /// Keep the procedure's name out of event titles (for shared calendars).
    #[arg(long)]
    pub(crate) discreet: bool,
    /// Treated areas, comma-separated or repeated: forehead, glabella, crows-feet, bunny-lines,
    /// brow-lift, lip-flip, gummy-smile, chin, masseter, neck, trapezius, migraine, underarm, or
    /// other (an area not listed: the general rules only).
    #[arg(long, value_name = "AREAS", value_delimiter = ',')]
    pub(crate) area: Vec<String>,
    /// The product: botox, dysport, xeomin, jeuveau, daxxify or letybo, or a name used outside
    /// the US: vistabel, azzalure, alluzience, bocouture, nuceiva (sets titles and timing).
    #[arg(long, value_name = "PRODUCT")]
    pub(crate) product: Option<String>,
    /// This visit is a touch-up of a recent treatment: its own follow-up, no touch-up prompt.
    #[arg(long)]
    pub(crate) touch_up: bool,
    /// Swelling, bruising or discomfort increased at this time ("YYYY-MM-DD HH:MM" in --tz, or
    /// RFC 3339): the stage you are in then is repeated for 24 h. Repeatable.
    #[arg(long, value_name = "DATETIME")]
    pub(crate) setback: Vec<String>,
    /// Add a "plan your next treatment" event (at least 90 days on; longer for long-acting
    /// products and underarms), on a rest day of your routine.
    #[arg(long)]
    pub(crate) next_treatment: bool,
    /// The clinic's profile (TOML: name, phone, after_hours, address, website, intro,
    /// sign_off): whom to call, in the plan, the calendar and the e-mail.
    #[arg(long, value_name = "FILE")]
    pub(crate) clinic: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) style: StyleArgs,
    /// The clinic's e-mail address: added as ORGANIZER, with METHOD:PUBLISH.
    #[arg(long, value_name = "EMAIL")]
    pub(crate) organizer: Option<String>,
    #[command(flatten)]
    pub(crate) mail: MailArgs,
}

/// E-mail delivery (`plan` and `batch`).
#[derive(clap::Args)]
pub(crate) struct MailArgs {
    /// Write the plan as an e-mail message (RFC 5322, with the calendar inline and attached).
    #[arg(long, value_name = "FILE")]
    pub(crate) eml: Option<PathBuf>,
    /// The patient's address, e.g. "Ana <ana@example.com>".
    #[arg(long, value_name = "ADDRESS")]
    pub(crate) to: Option<String>,
    /// The clinic's address (also the calendar's ORGANIZER).
    #[arg(long, value_name = "ADDRESS")]
    pub(crate) from: Option<String>,
    /// Subject [default: "Your <procedure> aftercare plan"].
    #[arg(long, value_name = "TEXT")]
    pub(crate) subject: Option<String>,
    /// Send through this SMTP server: smtp://host:port (add ?tls=required for STARTTLS) or
    /// smtps://host:port. Credentials: AFTERCARE_SMTP_USERNAME, AFTERCARE_SMTP_PASSWORD.
    #[arg(long, value_name = "URL")]
    pub(crate) smtp: Option<String>,
    /// Send the SMTP credentials over a connection without TLS (insecure: anyone on the path
    /// can read them).
    #[arg(long)]
    pub(crate) smtp_insecure_auth: bool,
}

/// Where and how a command writes its result.
#[derive(clap::Args)]
pub(crate) struct OutputArgs {
    /// Output format [default: ics, or by the -o file's extension].
    #[arg(long, value_enum)]
    pub(crate) format: Option<Format>,
    /// Output file, or - for standard output.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// Replace an existing output file (atomically).
    #[arg(long)]
    pub(crate) force: bool,
}

/// The appointment's zone, length and reading of a repeated local time (`plan`, `oops` and
/// `suggest`).
#[derive(clap::Args)]
pub(crate) struct ZoneArgs {
    /// IANA time zone, e.g. America/New_York [default: the system's zone].
    #[arg(long, value_name = "ZONE")]
    pub(crate) tz: Option<String>,
    /// Appointment length in minutes (1 to 720).
    #[arg(
        long,
        default_value_t = 30,
        value_name = "N",
        allow_negative_numbers = true
    )]
    pub(crate) minutes: i64,
    /// Which instant to use when a time given happens twice (clocks going back).
    #[arg(long, value_enum, value_name = "WHICH")]
    pub(crate) fold: Option<FoldArg>,
}

/// A library enum offered as a flag's values, with each value's help.
macro_rules! value_enum {
    ($(#[$doc:meta])* $name:ident => $library:ty { $($(#[$vdoc:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, ValueEnum)]
        pub(crate) enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl From<$name> for $library {
            fn from(value: $name) -> Self {
                match value {
                    $($name::$variant => <$library>::$variant),+
                }
            }
        }
    };
}

value_enum!(
    /// `--fold`.
    FoldArg => aftercare::tz::Fold {
        /// Refuse the time and say what the two readings are.
        Reject,
        /// The first of the two instants (before the clocks go back).
        Earlier,
        /// The second of the two instants (after the clocks go back).
        Later,
    }
);

value_enum!(
    /// `--sweat`.
    SweatArg => aftercare::model::Sweat {
        /// Sweats little.
        Light,
        /// The default.
        Moderate,
        /// Sweats a lot: the no-strenuous window is longer.
        Heavy,
    }
);

/// How times read for the person (`plan` and `batch`).
#[derive(clap::Args)]
pub(crate) struct StyleArgs {
    /// The clock in titles and texts [default: the locale's].
    #[arg(long, value_enum, value_name = "CLOCK")]
    pub(crate) clock: Option<ClockArg>,
    /// The reader's locale, for the date order and clock: en-US writes "Fri Dec 4 3:30 PM"
    /// [default: LC_ALL, LC_TIME or LANG; else "Fri 4 Dec 15:30"].
    #[arg(long, value_name = "LOCALE")]
    pub(crate) locale: Option<String>,
    /// The language of everything the patient reads: en, es, fr, de or pt-BR
    /// [default: LC_ALL, LC_MESSAGES or LANG; else en].
    #[arg(long, value_name = "LANG")]
    pub(crate) lang: Option<aftercare::i18n::Lang>,
}

/// What `aftercare protocol` does besides printing.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum ProtocolAction {
    /// Check the file in every language aftercare speaks.
    Check,
}

/// `--clock`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum ClockArg {
    /// 15:30.
    #[value(name = "24h")]
    TwentyFour,
    /// 3:30 PM.
    #[value(name = "12h")]
    Twelve,
}

const SERVE_EXAMPLES: &str = "Examples:
  aftercare serve                                  # then open the address it prints
  aftercare serve --listen 127.0.0.1:8080 --base-url https://plans.example.com --behind-proxy
  aftercare serve --protocol clinic=clinic.toml --clinic example.toml --db /var/lib/aftercare/plans.db";

const FOLLOWUPS_EXAMPLES: &str = "Examples:
  aftercare followups --db /var/lib/aftercare/plans.db --smtp smtps://mail.example.com:465 \\
      --mail-from \"Example Clinic <care@example.com>\"
  # crontab: every five minutes
  */5 * * * * aftercare followups --db /var/lib/aftercare/plans.db --smtp smtps://mail.example.com:465 --mail-from care@example.com";

/// `aftercare followups`.
#[derive(clap::Args)]
pub(crate) struct FollowupsArgs {
    /// The server's database [default: as for `serve`].
    #[arg(long, value_name = "FILE")]
    pub(crate) db: Option<PathBuf>,
    /// Its key file [default: as for `serve`].
    #[arg(long, value_name = "FILE")]
    pub(crate) key_file: Option<PathBuf>,
    /// The SMTP server: smtp://host:port (add ?tls=required for STARTTLS) or
    /// smtps://host:port. Credentials: AFTERCARE_SMTP_USERNAME, AFTERCARE_SMTP_PASSWORD.
    #[arg(long, value_name = "URL")]
    pub(crate) smtp: String,
    /// Allow SMTP credentials over a plain connection (a local relay).
    #[arg(long)]
    pub(crate) smtp_insecure_auth: bool,
    /// The sender ("Example Clinic <care@example.com>").
    #[arg(long, value_name = "ADDRESS")]
    pub(crate) mail_from: String,
    /// Send what is due at this moment (RFC 3339) instead of now.
    #[arg(long, value_name = "RFC3339")]
    pub(crate) now: Option<String>,
}

/// `aftercare serve`.
#[derive(clap::Args)]
pub(crate) struct ServeArgs {
    /// Address and port to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
    pub(crate) listen: String,
    /// The SQLite database [default: aftercare/plans.db in the platform's data directory].
    #[arg(long, value_name = "FILE")]
    pub(crate) db: Option<PathBuf>,
    /// The server key, which seals the desk's settings: 32 bytes, mode 0600, made on first
    /// start; keep a backup of it apart from the database's [default: the database's path
    /// with .key added].
    #[arg(long, value_name = "FILE")]
    pub(crate) key_file: Option<PathBuf>,
    /// KiB of plans one client address may store per day (0: no limit).
    #[arg(long, default_value_t = 50 * 1024, value_name = "KIB")]
    pub(crate) store_budget_kib: u64,
    /// The public address links, feeds and QR codes point to (behind a TLS proxy:
    /// https://plans.example.com) [default: the listening address].
    #[arg(long, value_name = "URL")]
    pub(crate) base_url: Option<String>,
    /// A protocol to offer, as FILE or NAME=FILE (repeatable; the first is the default, and
    /// the built-in one is offered only when none is given).
    #[arg(long, value_name = "[NAME=]FILE")]
    pub(crate) protocol: Vec<String>,
    /// The clinic profile shown on every page and calendar.
    #[arg(long, value_name = "FILE")]
    pub(crate) clinic: Option<PathBuf>,
    /// Days a plan is kept after its last event, then erased.
    #[arg(long, default_value_t = 180, value_name = "DAYS")]
    pub(crate) retention_days: u32,
    /// Plans made or changed per client address and minute, and a third as many
    /// suggestions (0: no limit).
    #[arg(long, default_value_t = 60, value_name = "N")]
    pub(crate) rate_limit: u32,
    /// The largest request accepted, in KiB (a calendar upload included).
    #[arg(long, default_value_t = 2048, value_name = "KIB")]
    pub(crate) max_body_kib: usize,
    /// Seconds a client has to send a request's headers, from connecting or from the
    /// request's first byte.
    #[arg(long, default_value_t = 10, value_name = "SECONDS")]
    pub(crate) header_timeout: u64,
    /// Seconds a whole request may take to arrive, its body included.
    #[arg(long, default_value_t = 30, value_name = "SECONDS")]
    pub(crate) request_timeout: u64,
    /// Seconds an answer may wait for the client to read any of it; a client that stops
    /// reading loses its connection (a slow one that keeps reading does not).
    #[arg(long, default_value_t = 30, value_name = "SECONDS")]
    pub(crate) send_timeout: u64,
    /// Open connections per client address (0: no limit); a trusted proxy has none.
    #[arg(long, default_value_t = 32, value_name = "N")]
    pub(crate) max_connections_per_address: usize,
    /// Behind a reverse proxy: rate limits and sign-in lock-outs count the last
    /// X-Forwarded-For address, when the connection comes from a trusted proxy.
    #[arg(long)]
    pub(crate) behind_proxy: bool,
    /// With --behind-proxy: an address or block the proxy connects from (repeatable)
    /// [default: loopback, 127.0.0.0/8 and ::1]. From any other address, X-Forwarded-For is
    /// ignored.
    #[arg(long, value_name = "CIDR", requires = "behind_proxy")]
    pub(crate) trusted_proxy: Vec<String>,
    /// No log line per request.
    #[arg(long)]
    pub(crate) quiet: bool,
    /// The SMTP server the front desk sends plans through: smtp://host:port (add
    /// ?tls=required for STARTTLS) or smtps://host:port. Credentials: AFTERCARE_SMTP_USERNAME,
    /// AFTERCARE_SMTP_PASSWORD.
    #[arg(long, value_name = "URL")]
    pub(crate) smtp: Option<String>,
    /// Allow SMTP credentials over a plain connection.
    #[arg(long)]
    pub(crate) smtp_insecure_auth: bool,
    /// The sender of the desk's e-mails ("Example Clinic <desk@example.com>").
    #[arg(long, value_name = "ADDRESS")]
    pub(crate) mail_from: Option<String>,
    /// How long a front-desk sign-in lasts, in seconds.
    #[arg(long, default_value_t = 8 * 3600, value_name = "SECONDS")]
    pub(crate) desk_session_seconds: u64,
}

/// `aftercare desk …`.
#[derive(Subcommand)]
pub(crate) enum DeskCommand {
    /// Add a desk account: asks for its password (or reads one line with --password-stdin).
    #[command(
        after_help = "Examples:\n  aftercare desk add-user maria --admin\n  printf '%s\\n' \"$PASSWORD\" | aftercare desk add-user frontdesk --password-stdin --db /var/lib/aftercare/plans.db"
    )]
    AddUser {
        /// The account's name (letters, digits, '.', '_', '-', '@').
        name: String,
        /// The account may also change the clinic's settings.
        #[arg(long)]
        admin: bool,
        /// Read the password from standard input (one line) instead of asking.
        #[arg(long)]
        password_stdin: bool,
        /// The server's database [default: as for `serve`].
        #[arg(long, value_name = "FILE")]
        db: Option<PathBuf>,
    },
    /// List the desk accounts.
    ListUsers {
        /// The server's database [default: as for `serve`].
        #[arg(long, value_name = "FILE")]
        db: Option<PathBuf>,
    },
    /// Remove a desk account and end its sign-ins.
    RemoveUser {
        /// The account's name.
        name: String,
        /// The server's database [default: as for `serve`].
        #[arg(long, value_name = "FILE")]
        db: Option<PathBuf>,
    },
    /// Lift a desk account's sign-in lock-outs: its failed sign-ins, from every address, are
    /// forgotten (running servers see it at once).
    Unlock {
        /// The account's name.
        name: String,
        /// The server's database [default: as for `serve`].
        #[arg(long, value_name = "FILE")]
        db: Option<PathBuf>,
    },
}

/// `aftercare key …`.
#[derive(Subcommand)]
pub(crate) enum KeyCommand {
    /// Replace the server key with a new one, sealing again what the old one sealed (stop the
    /// servers first, then give each the new key file).
    #[command(after_help = "Examples:\n  aftercare key rotate --db /var/lib/aftercare/plans.db")]
    Rotate {
        /// The server's database [default: as for `serve`].
        #[arg(long, value_name = "FILE")]
        db: Option<PathBuf>,
        /// Its key file [default: as for `serve`].
        #[arg(long, value_name = "FILE")]
        key_file: Option<PathBuf>,
    },
    /// When the key file is lost: erase what only it could open (the desk's settings: clinic,
    /// logo, protocol) and make a new key, so the server starts again; the plans are kept.
    #[command(
        after_help = "Examples:\n  aftercare key reset --db /var/lib/aftercare/plans.db --erase-settings"
    )]
    Reset {
        /// The server's database [default: as for `serve`].
        #[arg(long, value_name = "FILE")]
        db: Option<PathBuf>,
        /// Where the new key goes [default: as for `serve`].
        #[arg(long, value_name = "FILE")]
        key_file: Option<PathBuf>,
        /// Say yes to erasing the desk's settings (required).
        #[arg(long)]
        erase_settings: bool,
    },
}
