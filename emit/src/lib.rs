//! Renderers of backix: pure functions from analysis results to text.

pub mod diagnostics;
pub mod option_tree;
