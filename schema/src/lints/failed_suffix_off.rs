//! BX128: `appendFailedSuffix = false`: failed runs leave archives that look good.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::support::{finding, instances};
use crate::rule::{Check, Context, Kind, Level, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX128",
    name: "failed-suffix-off",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "a borg job sets `appendFailedSuffix = false`: archives of failed runs look like \
              good ones",
    why: "By default the module creates each archive as `<name>.failed` and renames it only \
          after `borg create` (and the `dumpCommand` piped into it) succeeded. With \
          `appendFailedSuffix = false` an archive written by a failed run — a database dump cut \
          off half-way, a run that ended with warnings — carries a normal name, and at restore \
          time nothing tells it apart from a complete one.",
    bad: r#"services.borgbackup.jobs.postgres = {
  dumpCommand = "/run/current-system/sw/bin/dump-postgres";
  repo = "/mnt/backup/postgres";
  appendFailedSuffix = false;
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
};"#,
    good: r#"services.borgbackup.jobs.postgres = {
  dumpCommand = "/run/current-system/sw/bin/dump-postgres";
  repo = "/mnt/backup/postgres";
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
};"#,
    fix: "Remove `appendFailedSuffix = false;` (the default, `true`, marks failed archives).",
};

/// The check.
pub struct FailedSuffixOff;

impl Check for FailedSuffixOff {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for job in instances(cx, ModuleKind::BorgbackupJobs) {
            if job.flag("appendFailedSuffix", true) != Some(false) {
                continue;
            }
            out.push(finding(
                &RULE,
                format!(
                    "borg job `{}` names the archives of failed runs like good ones \
                     (`appendFailedSuffix = false`)",
                    job.name
                ),
                job.span_of("appendFailedSuffix"),
            ));
        }
    }
}
