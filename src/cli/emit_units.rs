//! `backix emit --format systemd --out DIR` and `backix emit --format authorized-keys`
//! (docs/units.md).

use std::path::{Path, PathBuf};

use backix_emit::authorized_keys::{self, RepoKeys};
use backix_emit::diagnostics::{Color, emit_to_stderr};
use backix_emit::manifest::{Bindings, BuiltJob};
use backix_emit::units;
use backix_parser::diagnostic::Severity;
use backix_parser::eval::EvalOptions;
use backix_parser::module::analyze;

use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};

/// Writes the units of every job into `out`; a job that cannot be written is reported and the
/// others are still written (exit status 1 then).
pub fn systemd(jobs: &[BuiltJob], bindings: &Bindings, out: &Path) -> u8 {
    if let Err(e) = std::fs::create_dir_all(out) {
        eprintln!("error: creating {}: {e}", out.display());
        return EXIT_USAGE;
    }
    let dir = match std::fs::canonicalize(out) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {}: {e}", out.display());
            return EXIT_USAGE;
        }
    };
    let mut code = EXIT_OK;
    let mut rendered: Vec<(String, units::JobUnits)> = Vec::new();
    for built in jobs {
        let job = &built.job;
        if let backix_emit::manifest::JobSpec::Borgmatic(entry) = &job.spec {
            eprintln!(
                "warning: {} is a borgmatic configuration: its unit comes from the borgmatic \
                 package, backix writes no unit for it",
                entry.label
            );
            continue;
        }
        for w in &job.warnings {
            eprintln!("warning: {w}");
        }
        if job.conditional {
            eprintln!(
                "warning: job {} only exists under a condition backix cannot evaluate; its \
                 units are written anyway",
                job.name
            );
        }
        match units::for_job(built, bindings, &dir) {
            Ok(u) => {
                if let Some((other, _)) = rendered.iter().find(|(_, r)| r.unit == u.unit) {
                    eprintln!(
                        "error: job {} of {} and a job of {other} both give unit {}; emit them \
                         into different directories",
                        job.name, job.system, u.unit
                    );
                    code = EXIT_FINDINGS;
                } else {
                    rendered.push((job.system.clone(), u));
                }
            }
            Err(e) => {
                eprintln!("error: {e}");
                code = EXIT_FINDINGS;
            }
        }
    }
    if jobs.is_empty() {
        eprintln!("warning: no backup job found in the input; nothing written");
    }
    let all: Vec<units::JobUnits> = rendered.into_iter().map(|(_, u)| u).collect();
    match units::write_all(&dir, &all) {
        Ok((written, removed)) => {
            for p in written {
                println!("wrote {}", p.display());
            }
            for p in removed {
                println!("removed {} (no longer generated)", p.display());
            }
            code
        }
        Err(e) => {
            eprintln!("error: nothing written:\n{e}");
            EXIT_USAGE
        }
    }
}

/// Prints the `authorized_keys` lines of every `services.borgbackup.repos` entry; a repository
/// that cannot be rendered is reported (exit status 1) and left out.
pub fn authorized_keys(paths: &[PathBuf], eval_json: Option<&Path>, flake: Option<&str>) -> u8 {
    let results = match (eval_json, flake) {
        (None, None) => match from_files(paths) {
            Ok(r) => r,
            Err(code) => return code,
        },
        (eval_json, flake) => {
            let extraction = match (eval_json, flake) {
                (Some(path), _) => super::nix_input::load_eval_json(path),
                (None, Some(reference)) => super::nix_input::eval_flake(reference),
                (None, None) => unreachable!("handled above"),
            };
            match extraction {
                Ok(x) => {
                    for failure in super::nix_input::evaluation_failures(&x) {
                        eprintln!("error: {failure}");
                    }
                    authorized_keys::build(&x)
                }
                Err(message) => {
                    eprintln!("error: {message}");
                    return EXIT_USAGE;
                }
            }
        }
    };
    let mut code = EXIT_OK;
    let mut repos: Vec<RepoKeys> = Vec::new();
    for r in results {
        match r {
            Ok(k) => repos.push(k),
            Err(e) => {
                eprintln!("error: {e}");
                code = EXIT_FINDINGS;
            }
        }
    }
    if repos.is_empty() && code == EXIT_OK {
        eprintln!("warning: no services.borgbackup.repos entry found in the input");
    }
    print!("{}", authorized_keys::render(&repos));
    code
}

/// Reads Nix files (on a worker with a large stack, as the evaluator needs) and renders their
/// repositories' keys.
fn from_files(paths: &[PathBuf]) -> Result<Vec<Result<RepoKeys, String>>, u8> {
    let paths = paths.to_vec();
    let worker = std::thread::Builder::new().stack_size(256 << 20).spawn(
        move || -> Result<Vec<Result<RepoKeys, String>>, u8> {
            let analysis = analyze(&paths, EvalOptions::default()).map_err(|e| {
                eprintln!("error: {e}");
                EXIT_USAGE
            })?;
            let ev = &analysis.evaluator;
            let shown: Vec<_> = ev
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .cloned()
                .collect();
            emit_to_stderr(&ev.sources, &shown, Color::Auto);
            Ok(authorized_keys::build(&analysis.extraction))
        },
    );
    match worker.map(|h| h.join()) {
        Ok(Ok(result)) => result,
        _ => {
            eprintln!("error: internal error (a bug in backix; please report it)");
            Err(EXIT_USAGE)
        }
    }
}
