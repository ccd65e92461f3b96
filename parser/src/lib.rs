//! backix's front ends: Nix source (rnix parsing, a partial evaluator with located values, the
//! module system and extraction of backup options) and, later, YAML.

pub mod bridge;
pub mod diagnostic;
pub mod eval;
pub mod input;
pub mod module;
pub mod source;
pub mod syntax;
pub mod yaml;
