//! BX034: a borg `exclude` or `patterns` line that borg accepts but that probably does not do
//! what was meant.

use backix_parser::diagnostic::Diagnostic;

use super::borg_patterns::{Findings, findings};
use crate::rule::{Check, Context, Kind, Level, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX034",
    name: "borg-pattern-doubtful",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "a borgbackup job's `exclude` or `patterns` line is accepted but probably does not match as meant",
    why: "borg strips whitespace, skips `#` lines, does not expand `~`, keeps quotes as part of \
          the pattern, and applies the module's `exclude` file before every `patterns` line, so \
          an include after a matching exclude never takes effect. The backup runs, but holds \
          more or less than intended; these are warnings.",
    bad: "services.borgbackup.jobs.home.exclude = [ \"'/home/*/.cache'\" ];",
    good: "services.borgbackup.jobs.home.exclude = [ \"/home/*/.cache\" ];",
    fix: "Write the pattern as borg reads it: no quotes, absolute paths instead of `~`, and \
          include lines before the excludes they are exceptions to (in `patterns`).",
};

/// The check.
pub struct BorgPatternDoubtful;

impl Check for BorgPatternDoubtful {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for finding in findings(cx, Findings::Warnings) {
            out.push(
                finding
                    .diagnostic(cx, RULE.code, false)
                    .with_help("write the pattern as borg reads it"),
            );
        }
    }
}
