//! BX063 `borgmatic-invalid-value`: A value outside the set its option allows.

use crate::rule::{Kind, Level, Rule};

/// A value outside the set its option allows.
pub static RULE: Rule = Rule {
    code: "BX063",
    name: "borgmatic-invalid-value",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "A value outside the set its option allows.",
    why: "borgmatic refuses values outside an option's enumeration (check names, hook states, verbosity levels) and a few forbidden values.",
    bad: "verbosity: 3",
    good: "verbosity: 2",
    fix: "Use one of the values listed in the message.",
};

super::analysis_check!();
