//! BX150 `borgmatic-legacy-sections`: Options grouped in the legacy sections location:, storage:, retention:, consistency:, output: or hooks:.

use crate::rule::{Kind, Level, Rule};

/// Options grouped in the legacy sections location:, storage:, retention:, consistency:, output: or hooks:.
pub static RULE: Rule = Rule {
    code: "BX150",
    name: "borgmatic-legacy-sections",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "Options grouped in the legacy sections location:, storage:, retention:, consistency:, output: or hooks:.",
    why: "Sections were removed from the schema in borgmatic 1.8; they are still flattened with a deprecation warning, and support will be removed.",
    bad: "location:\n  repositories:\n    - path: /backup/repo",
    good: "repositories:\n  - path: /backup/repo",
    fix: "Move the options of each section to the top level and delete the section keys.",
};

super::analysis_check!();
