//! The modules' own assertions and the domain checks (calendars, compression, patterns, retention, repositories), one check per file.

use crate::rule::Check;

/// The checks of this module.
pub fn checks() -> Vec<&'static dyn Check> {
    Vec::new()
}
