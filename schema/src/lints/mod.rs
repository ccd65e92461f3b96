//! Lints: what the modules accept but users regret, one lint per file.

use crate::rule::Check;

/// The checks of this module.
pub fn checks() -> Vec<&'static dyn Check> {
    Vec::new()
}
