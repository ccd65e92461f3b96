//! Command-line parsing and dispatch.

mod completions_cmd;
mod diff_cmd;
mod emit_cmd;
mod emit_units;
mod eval_cmd;
mod explain_cmd;
mod findings_cap;
mod lint_cmd;
mod lint_inputs;
mod migrate;
mod nix_input;
mod nix_locate;
mod run_cmd;
mod schema_cmd;
mod value_errors;

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
    /// Check Nix files and borgmatic YAML against every rule and report the findings.
    Lint(lint_cmd::LintArgs),
    /// Explain a rule: what it finds, why it matters, how to fix it.
    Explain(explain_cmd::ExplainArgs),
    /// Print the job manifest (JSON) of Nix files: what each backup job runs.
    Emit(emit_cmd::EmitArgs),
    /// Run one backup job as its systemd unit would, from a manifest or Nix files.
    Run(run_cmd::RunArgs),
    /// Print the JSON Schema of a module's typed model (or of every model).
    Schema(schema_cmd::SchemaArgs),
    /// Show what changes in each job's behaviour between two versions of a configuration.
    Diff(diff_cmd::DiffArgs),
    /// Translate borgmatic configurations into `services.borgbackup.jobs`, and jobs back.
    Migrate(migrate::MigrateArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(completions_cmd::CompletionsArgs),
    /// Print the manual page (roff), or write one page per subcommand with --out-dir.
    Manpage(completions_cmd::ManpageArgs),
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    let code = match cli.command {
        Command::Eval(args) => eval_cmd::run(args),
        Command::Lint(args) => lint_cmd::run(args),
        Command::Explain(args) => explain_cmd::run(args),
        Command::Emit(args) => emit_cmd::run(args),
        Command::Run(args) => run_cmd::run(args),
        Command::Schema(args) => schema_cmd::run(args),
        Command::Diff(args) => diff_cmd::run(args),
        Command::Migrate(args) => migrate::run(args),
        Command::Completions(args) => completions_cmd::completions(args),
        Command::Manpage(args) => completions_cmd::manpage(args),
    };
    ExitCode::from(code)
}
