//! Parsing alone, as a yardstick for `backix lint`: reads every `.nix` file below the paths
//! given and parses it with rnix, in parallel over all cores (rayon), as backix reads and
//! parses. Prints the number of files, bytes and files with syntax errors.

use std::path::PathBuf;
use std::process::ExitCode;

use rayon::prelude::*;

fn main() -> ExitCode {
    let roots: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if roots.is_empty() {
        eprintln!("usage: rnix_parse PATH...");
        return ExitCode::from(2);
    }
    let files: Vec<PathBuf> = roots
        .iter()
        .flat_map(|root| walkdir::WalkDir::new(root).sort_by_file_name())
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "nix"))
        .map(|e| e.into_path())
        .collect();
    let parsed: Result<Vec<(usize, bool)>, String> = files
        .par_iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).map_err(|e| format!("{}: {e}", f.display()))?;
            let root = rnix::Root::parse(&text);
            Ok((text.len(), root.errors().is_empty()))
        })
        .collect();
    match parsed {
        Ok(parsed) => {
            let bytes: usize = parsed.iter().map(|(b, _)| b).sum();
            let bad = parsed.iter().filter(|(_, ok)| !ok).count();
            println!(
                "{} files, {bytes} bytes, {bad} with syntax errors",
                parsed.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
