//! Runs the real `borgmatic config validate` (2.1.10) on many files at once: several `-c` per
//! process, a few processes in parallel, and a batch split in halves when borgmatic crashes on
//! one of its files (a crash stops the whole run).

// Each test binary uses part of this module.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The borgmatic executable of the development setup; panics when it is missing.
pub fn borgmatic() -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.tools/venv/bin/borgmatic");
    assert!(
        path.exists(),
        "borgmatic 2.1.10 is missing at {}: run scripts/setup",
        path.display()
    );
    path
}

/// Runs borgmatic with a private home in `home`.
pub fn run(home: &Path, args: &[&str]) -> Output {
    let home = home.join("home");
    std::fs::create_dir_all(home.join("run")).expect("home");
    Command::new(borgmatic())
        .args(args)
        // Relative paths in a generated config (a `log_file`) land in the sandbox.
        .current_dir(&home)
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_RUNTIME_DIR", home.join("run"))
        .env("NO_COLOR", "1")
        .output()
        .expect("borgmatic runs")
}

/// The files among `files` that `borgmatic config validate` rejects.
pub fn rejected(dir: &Path, files: &[PathBuf]) -> BTreeSet<PathBuf> {
    let chunks: Vec<Vec<PathBuf>> = files.chunks(30).map(<[PathBuf]>::to_vec).collect();
    let workers = 3;
    let mut out = BTreeSet::new();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let chunks = &chunks;
                scope.spawn(move || {
                    let mut found = BTreeSet::new();
                    for chunk in chunks.iter().skip(w).step_by(workers) {
                        batch(dir, chunk, &mut found);
                    }
                    found
                })
            })
            .collect();
        for h in handles {
            out.extend(h.join().expect("worker"));
        }
    });
    out
}

fn batch(dir: &Path, files: &[PathBuf], found: &mut BTreeSet<PathBuf>) {
    let mut args = vec!["config".to_string(), "validate".to_string()];
    for f in files {
        args.push("-c".into());
        args.push(f.display().to_string());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = run(dir, &args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("Traceback (most recent call last)") {
        if files.len() == 1 {
            found.insert(files[0].clone());
            return;
        }
        let (a, b) = files.split_at(files.len() / 2);
        batch(dir, a, found);
        batch(dir, b, found);
        return;
    }
    let mut any = false;
    for f in files {
        if stderr.contains(&format!(
            "{}: Error parsing configuration file",
            f.display()
        )) {
            found.insert(f.clone());
            any = true;
        }
    }
    assert_eq!(
        any,
        !output.status.success(),
        "borgmatic's exit code and its messages disagree:\n{stderr}"
    );
}
