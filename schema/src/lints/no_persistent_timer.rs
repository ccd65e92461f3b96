//! BX132 (opt-in): a scheduled job whose timer does not catch up missed runs.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::support::{finding, instances};
use super::{borg, restic};
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view;

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX132",
    name: "no-persistent-timer",
    kind: Kind::Lint,
    default_level: Level::Allow,
    summary: "a scheduled backup's timer is not persistent: runs missed while the machine is off \
              are lost",
    why: "borg jobs default to `persistentTimer = false`, so the timer's `Persistent=` is off: \
          when the machine is off or asleep at the scheduled time (every night, for a laptop), \
          systemd does not run the job at the next boot and the backup simply does not happen. \
          restic backups with `Persistent = false` in `timerConfig` behave the same. Opt-in, for \
          workstations and laptops.",
    bad: r#"services.borgbackup.jobs.home = {
  paths = [ "/home" ];
  repo = "/mnt/backup/home";
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
};"#,
    good: r#"services.borgbackup.jobs.home = {
  paths = [ "/home" ];
  repo = "/mnt/backup/home";
  persistentTimer = true;
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
};"#,
    fix: "Set `persistentTimer = true;` (borg) or `timerConfig.Persistent = true;` (restic).",
};

/// The check.
pub struct NoPersistentTimer;

impl Check for NoPersistentTimer {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for job in instances(cx, ModuleKind::BorgbackupJobs) {
            if borg::scheduled(&job) != Some(true)
                || job.flag("persistentTimer", false) != Some(false)
            {
                continue;
            }
            out.push(finding(
                &RULE,
                format!(
                    "the timer of borg job `{}` is not persistent: runs missed while the \
                     machine is off are skipped",
                    job.name
                ),
                job.written("persistentTimer")
                    .or_else(|| job.written("startAt"))
                    .or_else(|| job.span()),
            ));
        }
        for job in instances(cx, ModuleKind::ResticBackups) {
            if restic::scheduled(&job) != Some(true) {
                continue;
            }
            let Some(keys) = job.attrs("timerConfig") else {
                continue;
            };
            let Some((_, value)) = keys.iter().find(|(k, _)| *k == "Persistent") else {
                continue; // absent: the default keeps it, or BX131 reports it
            };
            let off = view::as_bool(value) == Some(false)
                || view::as_str(value).is_some_and(|s| matches!(s, "false" | "no" | "0" | "off"));
            if off {
                out.push(finding(
                    &RULE,
                    format!(
                        "the timer of restic backup `{}` is not persistent: runs missed while \
                         the machine is off are skipped",
                        job.name
                    ),
                    view::value_span(value).or_else(|| job.span_of("timerConfig")),
                ));
            }
        }
    }
}
