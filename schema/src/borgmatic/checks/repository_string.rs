//! BX065 `borgmatic-repository-string`: A top-level repository written as a plain string, which makes borgmatic 2.1.10 crash.

use crate::rule::{Kind, Level, Rule};

/// A top-level repository written as a plain string, which makes borgmatic 2.1.10 crash.
pub static RULE: Rule = Rule {
    code: "BX065",
    name: "borgmatic-repository-string",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "A top-level repository written as a plain string, which makes borgmatic 2.1.10 crash.",
    why: "borgmatic 2.1.10 merges each repository entry as a mapping before it normalizes old forms, so a plain string stops it with an internal error; older releases accepted it with a warning.",
    bad: "repositories: [/backup/repo]",
    good: "repositories:\n  - path: /backup/repo",
    fix: "Write every repository as a mapping with a path (and a label).",
};

super::analysis_check!();
