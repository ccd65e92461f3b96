//! The `backix` command line.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    restore_default_sigpipe();
    let args = cli::Cli::parse();
    cli::run(args)
}

/// Output piped into a reader that stops early (`backix emit | head`) ends backix quietly, as it
/// ends other Unix tools, instead of a panic from the failed write: the Rust runtime ignores
/// SIGPIPE, so the default action is put back.
fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in `main`, before any thread exists; setting a signal's
    // disposition to its default has no other effect.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
