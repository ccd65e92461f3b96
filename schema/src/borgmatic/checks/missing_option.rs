//! BX064 `borgmatic-missing-option`: A required option is missing.

use crate::rule::{Kind, Level, Rule};

/// A required option is missing.
pub static RULE: Rule = Rule {
    code: "BX064",
    name: "borgmatic-missing-option",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "A required option is missing.",
    why: "borgmatic refuses a configuration without repositories, and entries (database hooks, monitoring hooks, exit codes) without their required keys.",
    bad: "source_directories: [/home]",
    good: "source_directories: [/home]\nrepositories:\n  - path: /backup/repo",
    fix: "Add the option named in the message.",
};

super::analysis_check!();
