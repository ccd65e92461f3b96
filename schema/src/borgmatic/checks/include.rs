//! BX160 `borgmatic-include-not-checked`: A value read with !include, which backix does not follow.

use crate::rule::{Kind, Level, Rule};

/// A value read with !include, which backix does not follow.
pub static RULE: Rule = Rule {
    code: "BX160",
    name: "borgmatic-include-not-checked",
    kind: Kind::Lint,
    default_level: Level::Allow,
    summary: "A value read with !include, which backix does not follow.",
    why: "The included file is merged by borgmatic at run time; backix checks only what it can read, so the included options are not checked here.",
    bad: "retention: !include retention.yaml",
    good: "keep_daily: 7",
    fix: "Check the included file with backix as well.",
};

super::analysis_check!();
