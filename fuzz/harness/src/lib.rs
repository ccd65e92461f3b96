//! The functions behind backix's fuzz targets (`fuzz/cargo-fuzz`), one per target.
//!
//! Each takes arbitrary bytes, feeds them to backix's public APIs the way the command line does
//! and panics only on a bug: a panic of backix itself, an internal error of the lint engine or
//! a broken property (a normalized calendar that does not re-parse to itself, a migration whose
//! output does not read back). Input that is not UTF-8 is skipped, as the command line refuses
//! it before any analysis. `tests/regressions.rs` runs every saved finding and seed through
//! them in the normal test suite.

mod calendar;
mod migrate;
mod nix_eval;
mod patterns_repos;
mod support;
mod yaml;

pub use calendar::calendar;
pub use migrate::migrate;
pub use nix_eval::nix_eval;
pub use patterns_repos::patterns_repos;
pub use yaml::yaml;

/// A harness function: bytes in, a panic on a bug.
pub type Target = fn(&[u8]);

/// Every target by name, for drivers that pick one (the regression test, scripts).
pub const TARGETS: &[(&str, Target)] = &[
    ("nix_eval", nix_eval),
    ("yaml", yaml),
    ("calendar", calendar),
    ("patterns_repos", patterns_repos),
    ("migrate", migrate),
];
