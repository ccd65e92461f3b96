//! Command-line parsing and dispatch.

mod eval_cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit status for success.
pub const EXIT_OK: u8 = 0;
/// Exit status when findings or evaluation errors were reported.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit status for usage and I/O errors.
pub const EXIT_USAGE: u8 = 2;

/// backix: checks, translates and runs the backup configuration of NixOS and home-manager systems.
#[derive(Parser, Debug)]
#[command(name = "backix", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Evaluate Nix files and print the backup options they set, or print one expression's value.
    Eval(eval_cmd::EvalArgs),
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    let code = match cli.command {
        Command::Eval(args) => eval_cmd::run(args),
    };
    ExitCode::from(code)
}
