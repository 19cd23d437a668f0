//! The command line: argument parsing ([`args`]), one function per command ([`commands`]),
//! and the edges the library leaves out on purpose ([`edges`]: the clock, the system's zone,
//! files, the terminal). The library names values plainly (`minutes`, `at`); here they become
//! the flags people typed.

mod args;
mod commands;
mod edges;

use std::ffi::OsString;
use std::io;

use aftercare::error::Error;

use args::{Cli, Command, HabitsCommand, ProtocolAction};

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
    /// The server could not start or stopped on an error.
    Server(String),
}

impl From<aftercare::serve::ServeError> for Failure {
    fn from(e: aftercare::serve::ServeError) -> Self {
        match e {
            aftercare::serve::ServeError::Input(e) => e.into(),
            other => Failure::Server(other.to_string()),
        }
    }
}

/// The library's names for values that are flags here.
const FLAGS: &[&str] = &[
    "at",
    "tz",
    "minutes",
    "workout",
    "match",
    "smtp",
    "from",
    "to",
    "step",
    "top",
    "clinic-hours",
    "protect",
    "jobs",
    "date-order",
    "base-url",
    "key-file",
];

impl From<Error> for Failure {
    /// Every library error reaches the user through here: a field the library names plainly
    /// is given the flag it came from.
    fn from(e: Error) -> Self {
        Failure::Aftercare(e.map_field(|field| {
            if FLAGS.contains(&field) {
                format!("--{field}")
            } else {
                field.to_string()
            }
        }))
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Stdout(e)
    }
}

/// The error's message, with what to type to get past it where a flag does that.
pub fn describe(e: &Error) -> String {
    match e {
        Error::LocalTimeFold {
            field,
            value,
            zone,
            earlier,
            later,
        } => format!(
            "{field}: {value} happens twice in {zone} (at {earlier} and at {later}); \
             add --fold earlier or --fold later to say which"
        ),
        Error::PlainCredentials { .. } => {
            format!("{e} (--smtp-insecure-auth allows a plain connection)")
        }
        Error::OutputExists(path) => format!(
            "{}: output file already exists; pass --force to replace it",
            path.display()
        ),
        other => other.to_string(),
    }
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
        aftercare::tz::db::database().describe()
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
        Command::Plan(args) => commands::plan(args),
        Command::Suggest(args) => commands::suggest(args),
        Command::Oops(args) => commands::oops(args),
        Command::Batch(args) => commands::batch(args),
        Command::Habits(HabitsCommand::Init { file, force }) => commands::habits_init(file, force),
        Command::Habits(HabitsCommand::Show { file }) => commands::habits_show(file),
        Command::Protocol {
            action: Some(ProtocolAction::Check),
            protocol,
            ..
        } => commands::protocol_check(protocol.as_deref()),
        Command::Protocol {
            protocol,
            table,
            lang,
            ..
        } => commands::protocol(protocol.as_deref(), table, lang.unwrap_or_default()),
        Command::Activities { habits } => commands::activities(habits.as_deref()),
        Command::Completions { shell } => commands::completions(shell),
        Command::Man => commands::man(),
        Command::Serve(args) => commands::serve(args),
        Command::Desk(command) => commands::desk(command),
        Command::Followups(args) => commands::followups(args),
        Command::Key(command) => commands::key(command),
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
