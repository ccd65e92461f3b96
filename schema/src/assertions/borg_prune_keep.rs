//! BX035: a borg `prune.keep` key or value that `borg prune` rejects.

use backix_parser::diagnostic::Diagnostic;

use super::borg_prune_walk::keep_findings;
use crate::rule::{Check, Context, Kind, Level, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX035",
    name: "borg-prune-keep-invalid",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "a borgbackup job's `prune.keep` has a key or value `borg prune` rejects",
    why: "The module turns each `prune.keep` attribute into `--keep-NAME=VALUE` without \
          checking the name, and only checks the value's shape. borg refuses an unknown option \
          (`dialy`), an ambiguous abbreviation, a count that is not an integer (`\"7d\"` for \
          `daily`) or an interval that is not one (`within = 7`), and refuses to prune when \
          every rule is 0: the job fails after creating the archive, every time.",
    bad: "services.borgbackup.jobs.home.prune.keep = { dialy = 7; within = 3; };",
    good: "services.borgbackup.jobs.home.prune.keep = { daily = 7; within = \"3d\"; };",
    fix: "Use borg's keys (within, last, secondly, minutely, hourly, daily, weekly, monthly, \
          yearly): integer counts, and an interval such as \"3d\" for `within`.",
};

/// The check.
pub struct BorgPruneKeep;

impl Check for BorgPruneKeep {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for finding in keep_findings(cx, true) {
            out.push(finding.diagnostic(RULE.code, true).with_help(
                "keys: within, last, secondly, minutely, hourly, daily, weekly, monthly, yearly; \
                 counts are integers (-1 for no limit), within takes an interval such as \"3d\"",
            ));
        }
    }
}
