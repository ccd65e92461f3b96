//! Migration between borgmatic and `services.borgbackup.jobs` (`backix migrate`).
//!
//! - [`nix_expr`]: the Nix that migration writes, in nixfmt's RFC 166 layout.
//! - [`report`]: what happened to each source key (carried exactly, with a loss, or not).
//! - [`to_jobs`]: a normalized borgmatic configuration → `services.borgbackup.jobs` entries.
//! - [`hm_symlinks`]: home-manager's `excludeHomeManagerSymlinks` as exclude lines.
//! - [`to_borgmatic`]: `services.borgbackup.jobs` → canonical flat borgmatic 2.1 YAML.
//! - [`in_place`]: rewriting borgmatic blocks of a Nix file into jobs through the syntax tree.

pub mod hm_symlinks;
pub mod in_place;
pub mod nix_expr;
pub mod report;
pub mod to_borgmatic;
pub mod to_jobs;
