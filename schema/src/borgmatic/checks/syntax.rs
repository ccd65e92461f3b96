//! BX060 `borgmatic-unreadable-yaml`: borgmatic cannot load the file: YAML syntax, an unknown tag, keys that cannot be merged, or a document that is not a mapping.

use crate::rule::{Kind, Level, Rule};

/// borgmatic cannot load the file: YAML syntax, an unknown tag, keys that cannot be merged, or a document that is not a mapping.
pub static RULE: Rule = Rule {
    code: "BX060",
    name: "borgmatic-unreadable-yaml",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "borgmatic cannot load the file: YAML syntax, an unknown tag, keys that cannot be merged, or a document that is not a mapping.",
    why: "borgmatic stops before running anything when a configuration file does not load; a scheduled backup then silently never happens.",
    bad: "keep_daily: [7",
    good: "keep_daily: 7",
    fix: "Fix the YAML at the place shown; quote values that contain braces or start with special characters.",
};

super::analysis_check!();
