//! BX152 `borgmatic-deprecated-option`: An option or form borgmatic rewrites with a deprecation warning (renamed options, string forms, prefix, remote paths without ssh://).

use crate::rule::{Kind, Level, Rule};

/// An option or form borgmatic rewrites with a deprecation warning (renamed options, string forms, prefix, remote paths without ssh://).
pub static RULE: Rule = Rule {
    code: "BX152",
    name: "borgmatic-deprecated-option",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "An option or form borgmatic rewrites with a deprecation warning (renamed options, string forms, prefix, remote paths without ssh://).",
    why: "borgmatic still accepts these but warns on every run and will remove them; the rewritten meaning is sometimes not what was intended.",
    bad: "numeric_owner: true",
    good: "numeric_ids: true",
    fix: "Write the current form named in the help.",
};

super::analysis_check!();
