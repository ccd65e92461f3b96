//! BX068 `borgmatic-unknown-check-repository`: check_repositories names a repository that no entry of repositories has as path or label.

use crate::rule::{Kind, Level, Rule};

/// check_repositories names a repository that no entry of repositories has as path or label.
pub static RULE: Rule = Rule {
    code: "BX068",
    name: "borgmatic-unknown-check-repository",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "check_repositories names a repository that no entry of repositories has as path or label.",
    why: "borgmatic validates check_repositories against the configured repositories and refuses the file when one does not match.",
    bad: "repositories:\n  - path: /backup/repo\n    label: local\ncheck_repositories: [offsite]",
    good: "repositories:\n  - path: /backup/repo\n    label: local\ncheck_repositories: [local]",
    fix: "Name a configured repository by label or path (globs are allowed).",
};

super::analysis_check!();
