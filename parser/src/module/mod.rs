//! The module system: modules collected from files, directories and flakes, their definitions
//! merged with nixpkgs' rules, and the backup option roots extracted.

pub mod collect;
pub mod declarations;
pub mod extract;
pub mod loader;
pub mod merge;
pub mod types;

use std::path::PathBuf;

use crate::eval::{EvalOptions, Evaluator};
pub use extract::{Extraction, extract};
pub use loader::{InputError, System, SystemClass, input_files, input_files_within, load_systems};

/// The result of analysing some paths: the evaluator (with its files and diagnostics) and the
/// extracted backup options.
pub struct Analysis {
    /// The evaluator, holding every file read and every diagnostic.
    pub evaluator: Evaluator,
    /// The extracted option roots.
    pub extraction: Extraction,
}

/// Reads the given files and directories and extracts every backup option root.
pub fn analyze(paths: &[PathBuf], options: EvalOptions) -> Result<Analysis, InputError> {
    let files = input_files_within(paths, options.max_file_size)?;
    let mut evaluator = Evaluator::new(options);
    let systems = load_systems(&mut evaluator, &files);
    let extraction = extract(&mut evaluator, &systems);
    drop(systems);
    Ok(Analysis {
        evaluator,
        extraction,
    })
}
