//! BX130 (opt-in): a backup without a timer.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::support::{finding, instances};
use super::{borg, restic};
use crate::rule::{Check, Context, Kind, Level, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX130",
    name: "no-schedule",
    kind: Kind::Lint,
    default_level: Level::Allow,
    summary: "a backup has no timer (`startAt = [ ]`, `timerConfig = null`) and only runs when \
              started by hand",
    why: "The modules generate no timer for a borg job with `startAt = [ ]` or a restic backup \
          with `timerConfig = null`. That is right for jobs started by another unit or by hand, \
          but a job meant to run regularly then never does, and nothing fails to say so. \
          Opt-in: enable it on machines where every backup should be scheduled.",
    bad: r#"services.borgbackup.jobs.home = {
  paths = [ "/home" ];
  repo = "/mnt/backup/home";
  startAt = [ ];
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
};"#,
    good: r#"services.borgbackup.jobs.home = {
  paths = [ "/home" ];
  repo = "/mnt/backup/home";
  startAt = "daily";
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
};"#,
    fix: "Give the job a schedule (`startAt = \"daily\";`, `timerConfig.OnCalendar = \
          \"daily\";`), or allow this lint for jobs started on purpose by other units.",
};

/// The check.
pub struct NoSchedule;

impl Check for NoSchedule {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for job in instances(cx, ModuleKind::BorgbackupJobs) {
            if borg::scheduled(&job) == Some(false) {
                out.push(finding(
                    &RULE,
                    format!("borg job `{}` has no timer (`startAt = [ ]`)", job.name),
                    job.span_of("startAt"),
                ));
            }
        }
        for job in instances(cx, ModuleKind::ResticBackups) {
            if restic::scheduled(&job) == Some(false) {
                out.push(finding(
                    &RULE,
                    format!(
                        "restic backup `{}` has no timer (`timerConfig = null`)",
                        job.name
                    ),
                    job.span_of("timerConfig"),
                ));
            }
        }
    }
}
