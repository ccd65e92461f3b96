//! BX160 `borgmatic-include-not-checked`: an `!include` backix could not follow (the file came from standard input).

use crate::rule::{Kind, Level, Rule};

/// An `!include` backix could not follow.
pub static RULE: Rule = Rule {
    code: "BX160",
    name: "borgmatic-include-not-checked",
    kind: Kind::Lint,
    default_level: Level::Allow,
    summary: "an `!include` backix could not follow, so the included options are not checked",
    why: "backix follows `!include` as borgmatic does, looking for the file in the working directory and beside the including file. A configuration read from standard input has no place on disk, so its includes are not followed and the included options are not checked.",
    bad: "retention: !include retention.yaml",
    good: "keep_daily: 7",
    fix: "Lint the file by its path instead of through `--stdin`, or check the included file on its own as well.",
};

super::analysis_check!();
