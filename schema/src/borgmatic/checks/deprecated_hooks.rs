//! BX151 `borgmatic-deprecated-command-hooks`: before_*/after_*/on_error/*_everything hooks, superseded by commands: in borgmatic 2.0.

use crate::rule::{Kind, Level, Rule};

/// before_*/after_*/on_error/*_everything hooks, superseded by commands: in borgmatic 2.0.
pub static RULE: Rule = Rule {
    code: "BX151",
    name: "borgmatic-deprecated-command-hooks",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "before_*/after_*/on_error/*_everything hooks, superseded by commands: in borgmatic 2.0.",
    why: "These hooks still run but are deprecated; in 2.x an after_* hook also runs when the action failed, unlike 1.x, so converting them explicitly makes the behaviour visible.",
    bad: "before_backup:\n  - mount /mnt/backup",
    good: "commands:\n  - before: action\n    when: [create]\n    run:\n      - mount /mnt/backup",
    fix: "Rewrite each hook as a commands: entry as the help shows.",
};

super::analysis_check!();
