//! `backix migrate`: borgmatic (YAML files, or borgmatic blocks of Nix files) to
//! `services.borgbackup.jobs`, and jobs back to borgmatic YAML.

pub(crate) mod common;
mod from_yaml;
mod in_place;
mod to_borgmatic;

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::EXIT_USAGE;

/// What `backix migrate` produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Target {
    /// `services.borgbackup.jobs` (from borgmatic YAML, or in place in Nix files).
    Jobs,
    /// Flat borgmatic 2.1 YAML (from the `services.borgbackup.jobs` of Nix files).
    Borgmatic,
}

/// How the migration report is written (on stderr).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One line per source key that was not carried exactly, and a summary.
    Text,
    /// Every source key as JSON.
    Json,
}

/// Arguments of `backix migrate`.
#[derive(Args, Debug)]
pub struct MigrateArgs {
    /// borgmatic YAML files, or Nix files (borgmatic blocks are rewritten in place; with
    /// `--to borgmatic`, their `services.borgbackup.jobs` are translated).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// What to produce.
    #[arg(long, value_enum, default_value = "jobs")]
    pub to: Target,
    /// Gives the migrated job NAME its own schedule (`startAt`), a systemd calendar
    /// expression. Repeatable.
    #[arg(long = "schedule", value_name = "NAME=CALENDAR")]
    pub schedule: Vec<String>,
    /// Fail (exit 1) when any source key is carried with a loss or not at all.
    #[arg(long)]
    pub strict: bool,
    /// Nix files: print a unified diff of what would change and exit 1 if anything would.
    #[arg(long, conflicts_with = "write")]
    pub check: bool,
    /// Nix files: replace each file atomically, keeping the original beside it (`FILE.orig`).
    #[arg(long)]
    pub write: bool,
    /// Write the result to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE", conflicts_with_all = ["check", "write"])]
    pub output: Option<PathBuf>,
    /// How the report of what was carried is written on standard error.
    #[arg(long, value_enum, default_value = "text")]
    pub report: ReportFormat,
    /// A user's home directory (`USER=PATH`), for home-manager configurations.
    #[arg(long, value_name = "USER=PATH")]
    pub home: Vec<String>,
}

/// Runs `backix migrate`.
pub fn run(args: MigrateArgs) -> u8 {
    let is_nix = |p: &Path| p.extension().is_some_and(|e| e == "nix") || p.is_dir();
    let nix = args.paths.iter().filter(|p| is_nix(p)).count();
    match args.to {
        Target::Borgmatic => to_borgmatic::run(&args),
        Target::Jobs if nix == args.paths.len() => in_place::run(&args),
        Target::Jobs if nix == 0 => from_yaml::run(&args),
        Target::Jobs => {
            eprintln!(
                "error: give either borgmatic YAML files or Nix files to migrate, not both in one call"
            );
            EXIT_USAGE
        }
    }
}
