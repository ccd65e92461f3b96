//! The corpus of real users' configurations (`../shared/corpus/nix`): every file is read without
//! a panic, and two figures are printed and held above floors: the share of files in which every
//! backup option root they set is found, and the share of leaf values that are known.

use std::path::{Path, PathBuf};

use backix_parser::eval::EvalOptions;
use backix_parser::module::analyze;
use backix_parser::module::extract::ModuleKind;

/// Raise these as the evaluator improves; the goal for roots is 0.95.
const ROOTS_FOUND_FLOOR: f64 = 0.0;
const KNOWN_LEAVES_FLOOR: f64 = 0.0;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/nix")
}

/// The roots a file's text visibly sets, found by plain text search.
fn roots_in_text(text: &str) -> Vec<ModuleKind> {
    let mut roots = Vec::new();
    let compact: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if compact.contains("borgbackup.jobs")
        || (compact.contains("borgbackup") && compact.contains("jobs"))
    {
        roots.push(ModuleKind::BorgbackupJobs);
    }
    if compact.contains("borgbackup.repos") {
        roots.push(ModuleKind::BorgbackupRepos);
    }
    if compact.contains("restic.backups")
        || (compact.contains("restic") && compact.contains("backups"))
    {
        roots.push(ModuleKind::ResticBackups);
    }
    if compact.contains("programs.borgmatic") {
        roots.push(ModuleKind::HomeProgramsBorgmatic);
    }
    roots
}

#[test]
fn every_corpus_file_is_read_and_its_roots_found() {
    let dir = corpus_dir();
    if !dir.is_dir() {
        eprintln!("corpus: skipped, {} is absent", dir.display());
        return;
    }
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "nix"))
        .map(|e| e.into_path())
        .collect();
    assert!(!files.is_empty(), "no .nix files in {}", dir.display());
    let (mut with_roots, mut all_found, mut known, mut total) = (0usize, 0usize, 0usize, 0usize);
    let mut missed = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let expected = roots_in_text(&text);
        let path = file.clone();
        let result = std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn(move || {
                analyze(&[path], EvalOptions::default()).map(|a| {
                    let found: Vec<ModuleKind> = a
                        .extraction
                        .systems
                        .iter()
                        .flat_map(|s| &s.roots)
                        .map(|r| r.module)
                        .collect();
                    let stats = a.extraction.leaf_stats();
                    (found, stats)
                })
            })
            .unwrap()
            .join();
        let Ok(result) = result else {
            panic!("panic while reading {}", file.display())
        };
        let Ok((found, stats)) = result else { continue };
        known += stats.known;
        total += stats.total;
        if expected.is_empty() {
            continue;
        }
        with_roots += 1;
        if expected.iter().all(|r| found.contains(r)) {
            all_found += 1;
        } else {
            missed.push(
                file.strip_prefix(&dir)
                    .unwrap_or(file)
                    .display()
                    .to_string(),
            );
        }
    }
    let roots_share = if with_roots == 0 {
        1.0
    } else {
        all_found as f64 / with_roots as f64
    };
    let known_share = if total == 0 {
        1.0
    } else {
        known as f64 / total as f64
    };
    println!(
        "corpus: {} files; roots found in {all_found}/{with_roots} ({:.1}%); known leaves {known}/{total} ({:.1}%)",
        files.len(),
        roots_share * 100.0,
        known_share * 100.0
    );
    for m in missed.iter().take(20) {
        println!("corpus: roots missed in {m}");
    }
    assert!(
        roots_share >= ROOTS_FOUND_FLOOR,
        "roots found share {roots_share} fell below {ROOTS_FOUND_FLOOR}"
    );
    assert!(
        known_share >= KNOWN_LEAVES_FLOOR,
        "known leaves share {known_share} fell below {KNOWN_LEAVES_FLOOR}"
    );
}
