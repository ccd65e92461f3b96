//! BX033: a borg `exclude` or `patterns` line that `borg create` rejects.

use backix_parser::diagnostic::Diagnostic;

use super::borg_patterns::{Findings, findings};
use crate::rule::{Check, Context, Kind, Level, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX033",
    name: "borg-pattern-invalid",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "a borgbackup job's `exclude` or `patterns` line is one `borg create` rejects",
    why: "The module writes `exclude` and `patterns` into files passed with `--exclude-from` and \
          `--patterns-from`. borg dies on a line it cannot parse (an unknown style prefix such \
          as `xx:`, a regex Python cannot compile, a patterns line without `+`, `-`, `!`, `R` or \
          `P`) with exit code 1, which is borg's warning code: the job fails, or, with \
          `failOnWarnings = false`, reports success without having made a backup.",
    bad: "services.borgbackup.jobs.home.exclude = [ \"re:*.tmp\" ];",
    good: "services.borgbackup.jobs.home.exclude = [ \"re:.*\\\\.tmp$\" ];",
    fix: "Fix the line as the message says: use one of the styles fm:, sh:, re:, pp:, pf:, a \
          regex Python accepts, and in `patterns` start each line with +, -, !, R or P.",
};

/// The check.
pub struct BorgPatternInvalid;

impl Check for BorgPatternInvalid {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for finding in findings(cx, Findings::Errors) {
            out.push(finding.diagnostic(cx, RULE.code, true).with_help(
                "borg's pattern styles are fm:, sh:, re:, pp: and pf:; patterns lines start \
                 with +, -, !, R or P",
            ));
        }
    }
}
