//! `backix diff OLD NEW`: what changes in each job between two versions of a configuration
//! (documented in `docs/diff.md`).

mod render;
mod version;

use std::io::IsTerminal;
use std::path::PathBuf;

use backix_emit::manifest::diff::{self, JobInput, Report};
use clap::{Args, ValueEnum};
use serde_json::json;

use super::emit_cmd::{ResolveArgs, load};
use super::lint_cmd::ColorArg;
use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};
use version::Version;

/// What `backix diff` writes.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// Summaries, warnings and unified diffs of each job's manifest.
    Text,
    /// The list of changes as JSON (docs/diff.md).
    Json,
}

/// Arguments of `backix diff`.
#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The old version: a file, a directory or a git revision.
    pub old: String,
    /// The new version: a file, a directory or a git revision.
    pub new: String,
    /// Compare only this path inside each version (relative to a directory argument, or for a
    /// revision to the current directory); repeatable. Also accepted after `--`.
    #[arg(long = "path", value_name = "PATH")]
    pub path: Vec<PathBuf>,
    /// Paths to compare, as with --path.
    #[arg(last = true, value_name = "PATH")]
    pub rest: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Colour the text output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// Leave out the unified diffs of the jobs' manifests.
    #[arg(long)]
    pub no_patch: bool,
    #[command(flatten)]
    pub resolve: ResolveArgs,
}

/// Runs `backix diff`: exit 0 when nothing changed, 1 when something did, 2 on errors.
pub fn run(args: DiffArgs) -> u8 {
    match compare(&args) {
        Ok(report) => {
            print(&args, &report);
            if report.changed {
                EXIT_FINDINGS
            } else {
                EXIT_OK
            }
        }
        Err(code) => code,
    }
}

fn compare(args: &DiffArgs) -> Result<Report, u8> {
    let usage = |e: String| {
        eprintln!("error: {e}");
        EXIT_USAGE
    };
    let bindings = args.resolve.bindings().map_err(usage)?;
    let paths: Vec<PathBuf> = args.path.iter().chain(&args.rest).cloned().collect();
    let old = Version::resolve(&args.old, &paths).map_err(usage)?;
    let new = Version::resolve(&args.new, &paths).map_err(usage)?;
    let old_jobs = load(&old.load, &bindings)?;
    let new_jobs = load(&new.load, &bindings)?;
    let inputs = |v: &Version, jobs: &[backix_emit::manifest::BuiltJob]| -> Vec<JobInput> {
        jobs.iter()
            .map(|b| {
                let key = v.system_key(&b.job.system);
                // A single file's system is named after NEW on both sides.
                let shown = if key.is_empty() {
                    new.arg.clone()
                } else {
                    key.clone()
                };
                JobInput::new(b, &key, &shown, Some((&v.from, &new.shown)))
            })
            .collect()
    };
    Ok(diff::compare(
        &inputs(&old, &old_jobs),
        &inputs(&new, &new_jobs),
    ))
}

fn print(args: &DiffArgs, report: &Report) {
    let mut report = report.clone();
    if args.no_patch {
        report.jobs.iter_mut().for_each(|j| j.patch = None);
    }
    match args.format {
        Format::Json => {
            let value = json!({
                "old": args.old,
                "new": args.new,
                "changed": report.changed,
                "jobs": report.jobs,
            });
            println!(
                "{}",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            );
        }
        Format::Text => {
            let color = match args.color {
                ColorArg::Always => true,
                ColorArg::Never => false,
                ColorArg::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            print!("{}", render::text(&report, color, true));
        }
    }
}
