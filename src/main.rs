//! The `aftercare` binary: a thin shell over the library. Errors bubble up to `main`, which
//! prints them on one line and picks the exit status (2 for bad input, 1 when the environment
//! fails, 3 when some rows of a batch failed); a closed pipe ends the program quietly.

mod cli;

use std::io::ErrorKind;
use std::process::ExitCode;

/// A batch builds and drops tens of thousands of small strings per second per core; glibc's
/// allocator spent a third of the run on them (measured with `perf`), mimalloc far less.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match cli::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(cli::Failure::Aftercare(e)) => {
            eprintln!(
                "aftercare: {}",
                aftercare::terminal::safe(&cli::describe(&e))
            );
            ExitCode::from(if e.is_input() { 2 } else { 1 })
        }
        // `aftercare plan -o - | head` must not complain when head stops reading.
        Err(cli::Failure::Stdout(e)) if e.kind() == ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        // Already reported row by row.
        Err(cli::Failure::RowsFailed) => ExitCode::from(3),
        Err(cli::Failure::Usage(line)) => {
            eprintln!("aftercare: {line}");
            ExitCode::from(2)
        }
        Err(cli::Failure::Server(message)) => {
            eprintln!("aftercare: {}", aftercare::terminal::safe(&message));
            ExitCode::from(1)
        }
        Err(cli::Failure::Stdout(e)) => {
            eprintln!("aftercare: writing to standard output: {e}");
            ExitCode::from(1)
        }
    }
}
