//! Renderers of backix: pure functions from analysis results to text.

pub mod diagnostics;
pub mod manifest;
pub mod option_tree;
pub mod report;
