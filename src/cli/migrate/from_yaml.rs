//! `backix migrate FILE.yaml…`: borgmatic YAML files → one NixOS module setting
//! `services.borgbackup.jobs`, with the report on standard error.

use std::collections::BTreeSet;

use backix_emit::diagnostics::{self, Color};
use backix_emit::migrate::hm_symlinks::HomeContext;
use backix_emit::migrate::to_jobs::{self, MigratedJob, Options};
use backix_parser::diagnostic::Diagnostic;
use backix_parser::input;
use backix_parser::source::SourceMap;
use backix_schema::borgmatic;
use backix_schema::engine::secrets;

use super::{MigrateArgs, common};
use crate::cli::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};

/// Runs this direction of `backix migrate`.
pub fn run(args: &MigrateArgs) -> u8 {
    if args.check || args.write {
        eprintln!(
            "error: --check and --write rewrite Nix files; for YAML files the module is written \
             on standard output or with --output FILE"
        );
        return EXIT_USAGE;
    }
    let schedules = match common::schedules(&args.schedule) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let homes = match common::homes(&args.home) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    if homes.len() > 1 {
        eprintln!("error: borgmatic YAML files run as one user: give at most one --home USER=PATH");
        return EXIT_USAGE;
    }
    let mut options = Options {
        schedules,
        ..Options::default()
    };
    if let Some((user, home)) = homes.into_iter().next() {
        options.user = Some(user);
        options.home_manager = Some(HomeContext {
            home,
            ..HomeContext::default()
        });
    }

    let mut jobs: Vec<MigratedJob> = Vec::new();
    let mut report = Vec::new();
    let mut rejected = false;
    let mut names = Vec::new();
    for path in &args.paths {
        let text = match input::read_text(path, input::DEFAULT_MAX_FILE_SIZE) {
            Ok(t) => t,
            Err(message) => {
                eprintln!("error: {message}");
                return EXIT_USAGE;
            }
        };
        let name = path.display().to_string();
        names.push(name.clone());
        let mut sources = SourceMap::new();
        let file = match borgmatic::load(&mut sources, &name, &text) {
            Ok(f) => f,
            Err(d) => {
                show(&sources, &[], vec![*d]);
                rejected = true;
                continue;
            }
        };
        if file.rejected() {
            let findings: Vec<Diagnostic> = file
                .analysis
                .findings
                .iter()
                .filter(|f| borgmatic::analyze::is_rejection(f.code))
                .map(|f| f.to_diagnostic())
                .collect();
            eprintln!(
                "error: borgmatic refuses {name}, so it is not migrated (fix it, then migrate):"
            );
            show(&sources, &file.secrets, findings);
            rejected = true;
            continue;
        }
        let Some(config) = &file.analysis.normalized else {
            eprintln!("error: {name} holds no configuration");
            rejected = true;
            continue;
        };
        let base = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "borgmatic".into());
        let migration = to_jobs::from_config(config, &base, &sources, &options);
        for job in &migration.jobs {
            if jobs.iter().any(|j| j.name == job.name) {
                eprintln!(
                    "error: two configurations give a job named `{}` (from {name}); rename one \
                     of the files",
                    job.name
                );
                return EXIT_USAGE;
            }
        }
        jobs.extend(migration.jobs);
        report.extend(migration.report);
    }
    let known: BTreeSet<&str> = jobs.iter().map(|j| j.name.as_str()).collect();
    for name in options.schedules.keys() {
        if !rejected && !known.contains(name.as_str()) {
            eprintln!(
                "error: --schedule {name}=…: no migrated job is named `{name}` (jobs: {})",
                known.iter().copied().collect::<Vec<_>>().join(", ")
            );
            return EXIT_USAGE;
        }
    }
    common::print_report(&report, args.report);
    if rejected {
        return EXIT_FINDINGS;
    }
    if args.strict && common::strict_fails(&report) {
        eprintln!("error: --strict: some keys were carried with a loss or not at all (above)");
        return EXIT_FINDINGS;
    }
    let text = to_jobs::nixos_module(&jobs, &names);
    match &args.output {
        Some(out) => {
            if let Err(e) = common::write_atomic(out, &text, false) {
                eprintln!("error: {e}");
                return EXIT_USAGE;
            }
        }
        None => print!("{text}"),
    }
    EXIT_OK
}

/// Prints diagnostics with secrets masked in the source shown and removed from messages.
fn show(sources: &SourceMap, secret_spans: &[backix_parser::source::Span], mut d: Vec<Diagnostic>) {
    secrets::redact_all(sources, secret_spans, &mut d);
    let mut masked = SourceMap::new();
    for ((_, f), text) in sources
        .files()
        .zip(secrets::masked_texts(sources, secret_spans))
    {
        masked.add(f.name.clone(), f.path.clone(), text);
    }
    diagnostics::emit_to_stderr(&masked, &d, Color::Auto);
}
