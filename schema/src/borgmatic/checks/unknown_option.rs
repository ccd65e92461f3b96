//! BX061 `borgmatic-unknown-option`: An option borgmatic 2.1.10 does not know.

use crate::rule::{Kind, Level, Rule};

/// An option borgmatic 2.1.10 does not know.
pub static RULE: Rule = Rule {
    code: "BX061",
    name: "borgmatic-unknown-option",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "An option borgmatic 2.1.10 does not know.",
    why: "borgmatic refuses the whole file when one option is unknown, usually a typo or an option of another release.",
    bad: "keep_dayly: 7",
    good: "keep_daily: 7",
    fix: "Use the option name borgmatic documents (the suggestion names the closest one), or remove the option.",
};

super::analysis_check!();
