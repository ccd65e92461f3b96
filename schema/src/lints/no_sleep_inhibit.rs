//! BX133 (opt-in): a scheduled backup that the machine may suspend in the middle of.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::support::{finding, instances};
use super::{borg, restic};
use crate::rule::{Check, Context, Kind, Level, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX133",
    name: "no-sleep-inhibit",
    kind: Kind::Lint,
    default_level: Level::Allow,
    summary: "a scheduled backup does not set `inhibitsSleep`: the machine may suspend in the \
              middle of it",
    why: "Both modules default to `inhibitsSleep = false`. On a laptop or desktop that suspends \
          when idle, a backup started by its timer is frozen half-way, its ssh connection drops \
          and it fails or leaves a stale lock; with `inhibitsSleep = true` the module runs it \
          under `systemd-inhibit --what=sleep`. Opt-in, for workstations and laptops.",
    bad: r#"services.borgbackup.jobs.home = {
  paths = [ "/home" ];
  repo = "borg@nas:home";
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
  environment.BORG_RSH = "ssh -i /etc/ssh/borg_ed25519";
};"#,
    good: r#"services.borgbackup.jobs.home = {
  paths = [ "/home" ];
  repo = "borg@nas:home";
  inhibitsSleep = true;
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
  environment.BORG_RSH = "ssh -i /etc/ssh/borg_ed25519";
};"#,
    fix: "Set `inhibitsSleep = true;`.",
};

/// The check.
pub struct NoSleepInhibit;

impl Check for NoSleepInhibit {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let all = instances(cx, ModuleKind::BorgbackupJobs)
            .into_iter()
            .map(|j| (j, "borg job", borg::scheduled(&j)))
            .chain(
                instances(cx, ModuleKind::ResticBackups)
                    .into_iter()
                    .map(|j| (j, "restic backup", restic::scheduled(&j))),
            );
        for (job, what, scheduled) in all {
            if scheduled != Some(true) || job.flag("inhibitsSleep", false) != Some(false) {
                continue;
            }
            out.push(finding(
                &RULE,
                format!(
                    "{what} `{}` runs on a timer without `inhibitsSleep`: the machine may \
                     suspend during the backup",
                    job.name
                ),
                job.written("inhibitsSleep").or_else(|| job.span()),
            ));
        }
    }
}
