//! BX062 `borgmatic-wrong-type`: A value of the wrong type for its option.

use crate::rule::{Kind, Level, Rule};

/// A value of the wrong type for its option.
pub static RULE: Rule = Rule {
    code: "BX062",
    name: "borgmatic-wrong-type",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "A value of the wrong type for its option.",
    why: "borgmatic checks every value against its schema and refuses the file on a type mismatch, such as a string where a number or list is wanted.",
    bad: "source_directories: /home",
    good: "source_directories: [/home]",
    fix: "Write the value with the type the option wants (a list, an integer, a Boolean, a string).",
};

super::analysis_check!();
