//! BX067 `borgmatic-section-conflict`: Legacy sections borgmatic cannot flatten: differing prefix or umask values, or a section that is not a mapping.

use crate::rule::{Kind, Level, Rule};

/// Legacy sections borgmatic cannot flatten: differing prefix or umask values, or a section that is not a mapping.
pub static RULE: Rule = Rule {
    code: "BX067",
    name: "borgmatic-section-conflict",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "Legacy sections borgmatic cannot flatten: differing prefix or umask values, or a section that is not a mapping.",
    why: "borgmatic flattens location/storage/retention/consistency/output/hooks into the top level and refuses the file when two sections give different values it must keep apart.",
    bad: "storage:\n  umask: 0077\nhooks:\n  umask: 0027",
    good: "umask: 0077",
    fix: "Move the options to the top level, keeping one value.",
};

super::analysis_check!();
