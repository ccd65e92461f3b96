//! The text output of `backix diff`: per job a summary line, warnings, and the patch.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use backix_emit::manifest::diff::{JobDiff, Report, Status};

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[1;33m";
const CYAN: &str = "\x1b[36m";

/// Renders a report as text; `color` adds ANSI colours, `patch` the JSON diffs.
pub fn text(report: &Report, color: bool, patch: bool) -> String {
    let paint = |code: &str, s: &str| {
        if color {
            format!("{code}{s}{RESET}")
        } else {
            s.to_string()
        }
    };
    let mut names: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for job in &report.jobs {
        *names.entry((&job.system, &job.name)).or_default() += 1;
    }
    let systems = report
        .jobs
        .iter()
        .map(|j| &j.system)
        .collect::<BTreeSet<_>>();
    let mut out = String::new();
    let mut warnings = 0;
    for job in &report.jobs {
        let label = label(
            job,
            systems.len() > 1,
            names[&(job.system.as_str(), job.name.as_str())] > 1,
        );
        let head = match job.status {
            Status::Added => format!("job {label} added"),
            Status::Removed => format!("job {label} removed"),
            Status::Changed => format!("job {label}: {}", job.summary),
        };
        let _ = writeln!(out, "{}", paint(BOLD, &head));
        for change in job.changes.iter().filter(|c| c.risky) {
            warnings += 1;
            let _ = writeln!(
                out,
                "{}: job {label}: {}",
                paint(YELLOW, "warning"),
                change.summary
            );
        }
        if patch && let Some(p) = &job.patch {
            for line in p.lines() {
                let code = match line.as_bytes().first() {
                    _ if line.starts_with("---") || line.starts_with("+++") => BOLD,
                    Some(b'-') => RED,
                    Some(b'+') => GREEN,
                    Some(b'@') => CYAN,
                    _ => "",
                };
                let line = if code.is_empty() {
                    line.to_string()
                } else {
                    paint(code, line)
                };
                let _ = writeln!(out, "{line}");
            }
        }
    }
    if report.changed {
        let count = |s: Status| report.jobs.iter().filter(|j| j.status == s).count();
        let _ = writeln!(
            out,
            "{} changed, {} added, {} removed; {}",
            plural(count(Status::Changed), "job"),
            count(Status::Added),
            count(Status::Removed),
            plural(warnings, "warning")
        );
    }
    out
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// The job's name; with its system when the report spans several, and its kind when a job
/// of another kind has the same name there.
fn label(job: &JobDiff, with_system: bool, with_kind: bool) -> String {
    let mut label = job.name.clone();
    if with_system {
        label.push_str(&format!(" ({})", job.system));
    }
    if with_kind {
        label.push_str(&format!(" [{}]", job.kind));
    }
    label
}
