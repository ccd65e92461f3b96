//! `backix migrate --to borgmatic FILE.nix...`: each `services.borgbackup.jobs` entry as a flat
//! borgmatic 2.1 configuration. One job goes to standard output or `--output FILE`; several go
//! to `--output DIR` as `<job>.yaml` each, or to standard output as YAML documents separated by
//! `---`, each headed by a comment naming its job. The report goes to standard error.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use backix_emit::diagnostics::{Color, emit_to_stderr};
use backix_emit::migrate::report::KeyReport;
use backix_emit::migrate::to_borgmatic::{self, Converted, Refused};
use backix_parser::diagnostic::Severity;
use backix_parser::eval::EvalOptions;
use backix_parser::module::analyze;
use backix_parser::source::SourceMap;

use super::{MigrateArgs, common};
use crate::cli::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};

/// Runs `backix migrate --to borgmatic`.
pub fn run(args: &MigrateArgs) -> u8 {
    if args.check || args.write {
        eprintln!(
            "error: --check and --write rewrite Nix files in place; with --to borgmatic, use \
             --output FILE or DIR"
        );
        return EXIT_USAGE;
    }
    if !args.schedule.is_empty() {
        eprintln!("error: --schedule applies to --to jobs; a borgmatic file has no schedule");
        return EXIT_USAGE;
    }
    let paths = args.paths.clone();
    let worker = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || translate(&paths));
    let results = match worker.map(|h| h.join()) {
        Ok(Ok(Ok(r))) => r,
        Ok(Ok(Err(code))) => return code,
        _ => {
            eprintln!("error: internal error (a bug in backix; please report it)");
            return EXIT_USAGE;
        }
    };
    let mut converted = Vec::new();
    let mut refused: Vec<Refused> = Vec::new();
    for r in results {
        match r {
            Ok(c) => converted.push(c),
            Err(r) => refused.push(r),
        }
    }
    if !refused.is_empty() {
        for r in &refused {
            for reason in &r.reasons {
                eprintln!("error: {reason}");
            }
        }
        eprintln!(
            "error: {} job(s) cannot be written as borgmatic configuration; nothing was written",
            refused.len()
        );
        return EXIT_FINDINGS;
    }
    if converted.is_empty() {
        eprintln!("error: no services.borgbackup.jobs found in the given files");
        return EXIT_FINDINGS;
    }
    let names = file_names(&converted);
    for (c, name) in converted.iter().zip(&names) {
        if let Err(e) = self_check(c, name) {
            eprintln!("error: internal error: the configuration of job {name} {e}");
            return EXIT_USAGE;
        }
    }
    let report: Vec<KeyReport> = converted
        .iter()
        .flat_map(|c| c.report.iter().cloned())
        .collect();
    common::print_report(&report, args.report);
    if let Err(e) = write_output(args.output.as_deref(), &converted, &names) {
        eprintln!("error: {e}");
        return EXIT_FINDINGS;
    }
    if args.strict && common::strict_fails(&report) {
        eprintln!("error: --strict: some options were carried with a loss or not at all");
        return EXIT_FINDINGS;
    }
    EXIT_OK
}

type Results = Vec<Result<Converted, Refused>>;

fn translate(paths: &[PathBuf]) -> Result<Results, u8> {
    let analysis = analyze(paths, EvalOptions::default()).map_err(|e| {
        eprintln!("error: {e}");
        EXIT_USAGE
    })?;
    let ev = &analysis.evaluator;
    let errors: Vec<_> = ev
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    emit_to_stderr(&ev.sources, &errors, Color::Auto);
    Ok(to_borgmatic::from_extraction(&analysis.extraction))
}

/// File names (without `.yaml`): the job's name, prefixed with its system's when two systems
/// have a job of the same name.
fn file_names(converted: &[Converted]) -> Vec<String> {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for c in converted {
        *count.entry(&c.name).or_default() += 1;
    }
    converted
        .iter()
        .map(|c| {
            if count[c.name.as_str()] > 1 {
                format!("{}-{}", c.system, c.name)
            } else {
                c.name.clone()
            }
        })
        .collect()
}

/// Reads the written configuration back with backix's borgmatic loader: what borgmatic would
/// refuse is a bug of the translation, never shown as a result.
fn self_check(c: &Converted, name: &str) -> Result<(), String> {
    let text = c.config.render();
    let mut sources = SourceMap::default();
    let file = backix_schema::borgmatic::load(&mut sources, &format!("{name}.yaml"), &text)
        .map_err(|d| format!("does not parse: {}", d.message))?;
    if file.rejected() {
        let why: Vec<String> = file
            .analysis
            .findings
            .iter()
            .map(|f| format!("{}: {}", f.code, f.message))
            .collect();
        return Err(format!("would be refused by borgmatic: {}", why.join("; ")));
    }
    Ok(())
}

fn write_output(
    output: Option<&Path>,
    converted: &[Converted],
    names: &[String],
) -> Result<(), String> {
    match output {
        None => {
            let mut out = String::new();
            if converted.len() == 1 {
                out.push_str(&converted[0].config.render());
            } else {
                for (i, (c, name)) in converted.iter().zip(names).enumerate() {
                    if i > 0 {
                        out.push_str("---\n");
                    }
                    out.push_str(&format!("# job: {name}\n"));
                    out.push_str(&c.config.render());
                }
            }
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(out.as_bytes())
                .and_then(|_| stdout.flush())
                .map_err(|e| format!("cannot write to standard output: {e}"))
        }
        Some(dir) if converted.len() > 1 || dir.is_dir() => {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create directory {}: {e}", dir.display()))?;
            for (c, name) in converted.iter().zip(names) {
                if name.contains('/') || name.starts_with('.') {
                    return Err(format!(
                        "job {name}: its name cannot be a file name; give --output FILE for one job"
                    ));
                }
                common::write_atomic(&dir.join(format!("{name}.yaml")), &c.config.render(), false)?;
            }
            Ok(())
        }
        Some(file) => common::write_atomic(file, &converted[0].config.render(), false),
    }
}
