//! Writes the inputs `bench/run` measures, with the generators of the criterion benchmark
//! (`benches/tree_gen/`), deterministically:
//!
//! ```text
//! bench_inputs files DIR COUNT       COUNT module files of real size (1–3 KB each)
//! bench_inputs hosts DIR HOSTS       the criterion benchmark's host tree (4 files a host)
//! bench_inputs single FILE BYTES     one module of at most BYTES bytes
//! bench_inputs jobs FILE COUNT       one module with COUNT borg jobs
//! bench_inputs borgmatic DIR COUNT   COUNT borgmatic configuration files
//! ```
//!
//! Prints what it wrote (files and bytes) on standard output.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[path = "../benches/tree_gen/mod.rs"]
mod tree_gen;

const USAGE: &str =
    "usage: bench_inputs files|hosts|borgmatic DIR COUNT | single FILE BYTES | jobs FILE COUNT";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [kind, out, number] = args.as_slice() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let Ok(number) = number.parse::<usize>() else {
        eprintln!("{number}: not a number\n{USAGE}");
        return ExitCode::from(2);
    };
    let out = PathBuf::from(out);
    let (files, bytes) = match kind.as_str() {
        "single" => (1, tree_gen::single_file(&out, number)),
        "jobs" => (1, tree_gen::jobs_file(&out, number)),
        "files" | "hosts" | "borgmatic" => {
            if !is_absent_or_empty(&out) {
                eprintln!(
                    "{}: not empty; give an absent or empty directory",
                    out.display()
                );
                return ExitCode::from(2);
            }
            let tree = match kind.as_str() {
                "files" if number < 10 => {
                    eprintln!("files: give at least 10");
                    return ExitCode::from(2);
                }
                "files" => tree_gen::generate_files(&out, number),
                "hosts" => tree_gen::generate(&out, number),
                _ => tree_gen::borgmatic_configs(&out, number),
            };
            (tree.files.len(), tree.bytes)
        }
        _ => {
            eprintln!("{kind}: unknown kind\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    println!("{files} files, {bytes} bytes: {}", out.display());
    ExitCode::SUCCESS
}

/// Whether `dir` does not exist or has no entries.
fn is_absent_or_empty(dir: &Path) -> bool {
    !dir.exists() || std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
}
