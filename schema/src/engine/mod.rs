//! The lint engine: runs every check of the registry over a [`Context`] and turns what they
//! report into findings.
//!
//! 1. Every check runs; a check that panics becomes one `internal-error` finding naming the
//!    check, and the other checks still run.
//! 2. Each finding gets its rule's level: the rule's default, overridden by the nearest
//!    `backix.toml` of the file it points at, overridden by the command line
//!    ([`crate::config::level_of`]). Findings at `allow` are dropped; the others get the
//!    severity of their level.
//! 3. Inline `# backix: allow CODE` comments suppress findings ([`suppress`]).
//! 4. Findings are sorted by file, line, column and code, and identical ones kept once.
//!
//! Diagnostics of the analysis itself (syntax errors, evaluation errors, missing imports) come
//! in beside the checks' findings and keep their own code. Errors stay errors and cannot be
//! suppressed; the warnings listed in [`ANALYSIS_WARNING_CODES`] take levels (default `warn`;
//! `all` does not include them) and suppression comments like rules; notes are dropped.

pub mod secrets;
pub mod suppress;

use std::panic::{AssertUnwindSafe, catch_unwind};

use backix_parser::diagnostic::{Diagnostic, Severity};
use backix_parser::source::{FileId, SourceMap, Span};

use crate::config::{Config, Overrides, analysis_level, level_of};
use crate::registry;
use crate::rule::{Check, Context, Level, Rule};

/// The code of the finding that reports a check that panicked.
pub const INTERNAL_ERROR: &str = "internal-error";
/// The code of the warning about an unknown code in a suppression comment.
pub const UNKNOWN_RULE: &str = "unknown-rule";

/// The codes of the analysis' own warnings: they can be given levels (`--allow missing-import`)
/// and named in suppression comments, like rules; `all` does not include them.
pub const ANALYSIS_WARNING_CODES: &[&str] = &[
    "missing-import",
    "import-cycle",
    "not-a-module",
    UNKNOWN_RULE,
];

/// Where levels come from.
pub struct Settings<'a> {
    /// Levels from the command line, applied last.
    pub command_line: &'a Overrides,
    /// The configuration file in force for a file (its nearest `backix.toml`, or `--config`);
    /// `None` as argument asks for findings without a place.
    pub config_for: &'a dyn Fn(Option<FileId>) -> Option<std::sync::Arc<Config>>,
}

/// What one run produced.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The findings, sorted and without duplicates, with their final severity.
    pub findings: Vec<Diagnostic>,
    /// How many findings inline comments suppressed.
    pub suppressed: usize,
    /// Every secret span any check marked, shown or not: renderers mask them all.
    pub secrets: Vec<Span>,
}

/// Runs every registered check over `cx` and merges in the analysis diagnostics.
pub fn run(cx: &Context<'_>, analysis: Vec<Diagnostic>, settings: &Settings<'_>) -> Outcome {
    run_checks(&registry::checks(), cx, analysis, settings)
}

/// Runs the given checks (the registry's, or a test's own) over `cx`.
pub fn run_checks(
    checks: &[&dyn Check],
    cx: &Context<'_>,
    analysis: Vec<Diagnostic>,
    settings: &Settings<'_>,
) -> Outcome {
    let mut outcome = Outcome::default();
    let mut leveled: Vec<(Diagnostic, Option<&'static Rule>)> = Vec::new();
    for mut d in analysis {
        outcome.secrets.extend(&d.secrets);
        if d.severity == Severity::Warning && ANALYSIS_WARNING_CODES.contains(&d.code) {
            let config = (settings.config_for)(d.span.map(|s| s.file));
            match analysis_level(d.code, config.as_deref(), settings.command_line).severity() {
                Some(severity) => d.severity = severity,
                None => continue,
            }
        }
        if d.severity > Severity::Note {
            leveled.push((d, None));
        }
    }
    for check in checks {
        let rule = check.rule();
        if settings.command_line.level_for(rule) == Some(Level::Allow) {
            continue;
        }
        let mut found = Vec::new();
        let result = catch_unwind(AssertUnwindSafe(|| check.check(cx, &mut found)));
        if let Err(payload) = result {
            leveled.push((internal_error(rule, payload.as_ref()), None));
            outcome
                .secrets
                .extend(found.iter().flat_map(|d| d.secrets.clone()));
            continue;
        }
        for mut d in found {
            outcome.secrets.extend(&d.secrets);
            d.code = rule.code;
            let config = (settings.config_for)(d.span.map(|s| s.file));
            let level = level_of(rule, config.as_deref(), settings.command_line);
            if let Some(severity) = level.severity() {
                d.severity = severity;
                leveled.push((d, Some(rule)));
            }
        }
    }
    let suppressions = suppress::Suppressions::new(cx.sources);
    let mut kept = Vec::new();
    for (d, rule) in leveled {
        let suppressible = rule.is_some() || ANALYSIS_WARNING_CODES.contains(&d.code);
        if suppressible && suppressions.suppresses(&d, rule) {
            outcome.suppressed += 1;
        } else {
            kept.push(d);
        }
    }
    let known: Vec<&Rule> = checks.iter().map(|c| c.rule()).collect();
    kept.extend(suppressions.unknown_codes(&known));
    secrets::redact_all(cx.sources, &outcome.secrets, &mut kept);
    sort_and_dedup(cx.sources, &mut kept);
    outcome.findings = kept;
    outcome
}

std::thread_local! {
    static LAST_PANIC: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Replaces the panic hook by one that prints nothing and records where the panic happened:
/// the `internal-error` finding (or [`panic_message`]) reports it instead.
pub fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()));
        LAST_PANIC.with(|p| *p.borrow_mut() = place);
    }));
}

/// The message of a caught panic, with its place when [`quiet_panics`] recorded it.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    match LAST_PANIC.with(|p| p.borrow_mut().take()) {
        Some(place) => format!("{what} (at {place})"),
        None => what,
    }
}

/// The finding reporting that `rule`'s check panicked.
fn internal_error(rule: &Rule, payload: &(dyn std::any::Any + Send)) -> Diagnostic {
    let what = panic_message(payload);
    Diagnostic::error(
        INTERNAL_ERROR,
        format!(
            "internal error in check {} ({}): {what}",
            rule.code, rule.name
        ),
        None,
    )
    .with_note("this is a bug in backix; the other checks ran. Please report it.")
}

/// Sorts findings by file name, line, column, code and message, and removes duplicates.
/// Findings without a place come first.
pub fn sort_and_dedup(sources: &SourceMap, findings: &mut Vec<Diagnostic>) {
    let count = file_count(sources);
    findings.sort_by_cached_key(|d| {
        let place = d.span.filter(|s| (s.file.0 as usize) < count).map(|s| {
            let file = sources.file(s.file);
            let lc = file.line_col(s.start);
            (file.name.clone(), lc.line, lc.column, s.end)
        });
        (place, d.code, d.message.clone())
    });
    findings.dedup();
}

/// How many files `sources` holds.
pub fn file_count(sources: &SourceMap) -> usize {
    sources.files().count()
}

/// Whether a span points into a file of `sources` (the evaluator uses a placeholder file id for
/// places that do not exist).
pub fn valid(sources: &SourceMap, span: Span) -> bool {
    (span.file.0 as usize) < file_count(sources)
}
