//! Every saved fuzz finding (`fuzz/regressions/<target>/`), every seed (`fuzz/seeds/<target>/`)
//! and the repository's own files of the target's kind ([`REPOSITORY_SEEDS`], read where they
//! are rather than copied) run through the harness function: a panic fails the test, and so does
//! an input that takes longer than [`LIMIT`] (a hang), each input on its own thread.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long one input may take in a debug build before it counts as a hang.
const LIMIT: Duration = Duration::from_secs(60);

/// Directories of the repository (relative to its root) whose files with the extension are
/// seeds of a target too; `fuzz/run` gives them to the fuzzer the same way.
pub const REPOSITORY_SEEDS: &[(&str, &[&str], &str)] = &[
    (
        "nix_eval",
        &["examples", "tests/fixtures", "tests/eval_cases"],
        "nix",
    ),
    ("yaml", &["examples"], "yaml"),
    ("migrate", &["examples"], "yaml"),
];

/// The repository's files that seed `target`, sorted.
fn repository_seeds(target: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut out = Vec::new();
    for (name, dirs, extension) in REPOSITORY_SEEDS {
        if *name != target {
            continue;
        }
        let mut stack: Vec<PathBuf> = dirs.iter().map(|d| root.join(d)).collect();
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == *extension) {
                    out.push(path);
                }
            }
        }
    }
    out.sort();
    out
}

/// The files of `fuzz/<kind>/<target>/`, sorted (absent directory: none).
fn inputs(kind: &str, target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(kind)
        .join(target);
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    files
}

/// Runs one input on a thread; the failure, if any, in words.
fn run_one(run: fn(&[u8]), path: &Path) -> Option<String> {
    let data = match std::fs::read(path) {
        Ok(d) => d,
        Err(e) => return Some(format!("{}: cannot read: {e}", path.display())),
    };
    let (tx, rx) = mpsc::channel();
    let started = Instant::now();
    std::thread::Builder::new()
        .name(path.display().to_string())
        .spawn(move || {
            let outcome = std::panic::catch_unwind(|| run(&data));
            let _ = tx.send(outcome.map_err(|p| {
                p.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "a panic".to_string())
            }));
        })
        .expect("cannot start a thread");
    match rx.recv_timeout(LIMIT) {
        Ok(Ok(())) => None,
        Ok(Err(message)) => Some(format!("{}: panicked: {message}", path.display())),
        Err(_) => Some(format!(
            "{}: no result after {:?} (a hang)",
            path.display(),
            started.elapsed()
        )),
    }
}

/// Runs every regression and seed of `target`; fails listing every input that failed.
fn check_target(target: &str) {
    let run = backix_fuzz_harness::TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .map(|(_, run)| *run)
        .unwrap_or_else(|| panic!("no harness function named {target}"));
    let seeds = inputs("seeds", target);
    assert!(
        !seeds.is_empty(),
        "fuzz/seeds/{target}/ holds no seed: the fuzz target would start blind"
    );
    let files: Vec<PathBuf> = inputs("regressions", target)
        .into_iter()
        .chain(seeds)
        .chain(repository_seeds(target))
        .collect();
    let failures: Vec<String> = files.iter().filter_map(|p| run_one(run, p)).collect();
    assert!(
        failures.is_empty(),
        "{} of {} inputs of {target} fail:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

#[test]
fn nix_eval_inputs_run_clean() {
    check_target("nix_eval");
}

#[test]
fn yaml_inputs_run_clean() {
    check_target("yaml");
}

#[test]
fn calendar_inputs_run_clean() {
    check_target("calendar");
}

#[test]
fn patterns_repos_inputs_run_clean() {
    check_target("patterns_repos");
}

#[test]
fn migrate_inputs_run_clean() {
    check_target("migrate");
}

#[test]
fn the_repository_seeds_are_found() {
    for (target, _, _) in REPOSITORY_SEEDS {
        assert!(
            !repository_seeds(target).is_empty(),
            "no repository file seeds {target}: were the directories moved?"
        );
    }
}

#[test]
fn every_target_is_tested_here() {
    let here = include_str!("regressions.rs");
    for (name, _) in backix_fuzz_harness::TARGETS {
        assert!(
            here.contains(&format!("check_target(\"{name}\")")),
            "the harness target {name} has no test in tests/regressions.rs"
        );
    }
}
