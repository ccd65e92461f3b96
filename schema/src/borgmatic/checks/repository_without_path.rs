//! BX156 `borgmatic-repository-without-path`: A repository entry without path, which borgmatic silently drops.

use crate::rule::{Kind, Level, Rule};

/// A repository entry without path, which borgmatic silently drops.
pub static RULE: Rule = Rule {
    code: "BX156",
    name: "borgmatic-repository-without-path",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "A repository entry without path, which borgmatic silently drops.",
    why: "borgmatic skips repository entries that have no path without any warning, so that repository is never backed up.",
    bad: "repositories:\n  - label: offsite",
    good: "repositories:\n  - path: ssh://backup@host/./repo\n    label: offsite",
    fix: "Add the path of the repository, or remove the entry.",
};

super::analysis_check!();
