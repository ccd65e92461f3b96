//! BX066 `borgmatic-invalid-entry-shape`: A check or command hook that matches none of the shapes borgmatic accepts.

use crate::rule::{Kind, Level, Rule};

/// A check or command hook that matches none of the shapes borgmatic accepts.
pub static RULE: Rule = Rule {
    code: "BX066",
    name: "borgmatic-invalid-entry-shape",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "A check or command hook that matches none of the shapes borgmatic accepts.",
    why: "Each entry of checks and commands must match exactly one shape: a check name with its own options, a hook with before or after (not both) and run.",
    bad: "commands:\n  - before: action\n    after: action\n    run: [echo hi]",
    good: "commands:\n  - before: action\n    run: [echo hi]",
    fix: "Fix the entry as the labels show: a known check name with its required options, or one of before/after with run.",
};

super::analysis_check!();
