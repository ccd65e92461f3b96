//! Renderers of backix: pure functions from analysis results to text.

pub mod authorized_keys;
pub mod diagnostics;
pub mod manifest;
pub mod migrate;
pub mod option_tree;
pub mod report;
pub mod units;
