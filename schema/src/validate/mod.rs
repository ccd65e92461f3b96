//! Validation of extracted option trees against the typed models (JSON Schema), with errors mapped back to source lines.

use crate::rule::Check;

/// The checks of this module.
pub fn checks() -> Vec<&'static dyn Check> {
    Vec::new()
}
