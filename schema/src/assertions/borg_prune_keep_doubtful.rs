//! BX036: a borg `prune.keep` that works but not as it reads.

use backix_parser::diagnostic::Diagnostic;

use super::borg_prune_walk::keep_findings;
use crate::rule::{Check, Context, Kind, Level, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX036",
    name: "borg-prune-keep-doubtful",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "a borgbackup job's `prune.keep` is accepted but partly ignored or unclear",
    why: "borg's argument parser accepts abbreviations (`d` for `daily`), a 0 count keeps \
          nothing for that rule, any negative count means unlimited, and two keys for the same \
          option (`last` and `secondly`) leave only the later. Pruning runs, but perhaps not \
          as intended; these are warnings.",
    bad: "services.borgbackup.jobs.home.prune.keep = { d = 7; weekly = 0; };",
    good: "services.borgbackup.jobs.home.prune.keep = { daily = 7; weekly = 4; };",
    fix: "Spell keys out in full, use -1 for no limit and leave out rules you do not want.",
};

/// The check.
pub struct BorgPruneKeepDoubtful;

impl Check for BorgPruneKeepDoubtful {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for finding in keep_findings(cx, false) {
            out.push(
                finding
                    .diagnostic(RULE.code, false)
                    .with_help("spell keys out, use -1 for no limit, leave out unwanted rules"),
            );
        }
    }
}
