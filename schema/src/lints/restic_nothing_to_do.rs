//! BX125: a restic backup whose service runs nothing.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::restic::{backs_up, prune_words};
use super::support::{finding, instances};
use crate::rule::{Check, Context, Kind, Level, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX125",
    name: "restic-nothing-to-back-up",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "a restic backup has no `paths`, `dynamicFilesFrom` or `command`, no `pruneOpts` \
              and no check: its service does nothing",
    why: "`paths` defaults to `[ ]`. With no paths, no `dynamicFilesFrom` and no `command`, the \
          module generates no `restic backup` line; without `pruneOpts` or a check either, the \
          unit's ExecStart is empty. The timer fires every day, the service \"succeeds\", and \
          there is no backup.",
    bad: r#"services.restic.backups.home = {
  repository = "/mnt/backup/restic";
  passwordFile = "/run/secrets/restic";
  exclude = [ "/home/*/.cache" ];
};"#,
    good: r#"services.restic.backups.home = {
  repository = "/mnt/backup/restic";
  passwordFile = "/run/secrets/restic";
  paths = [ "/home" ];
  exclude = [ "/home/*/.cache" ];
};"#,
    fix: "Set `paths` (or `dynamicFilesFrom`, or `command` for a stream backup).",
};

/// The check.
pub struct ResticNothingToDo;

impl Check for ResticNothingToDo {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for job in instances(cx, ModuleKind::ResticBackups) {
            if backs_up(&job) != Some(false) || prune_words(&job).is_none_or(|w| !w.is_empty()) {
                continue;
            }
            let checks = job
                .strings("checkOpts")
                .map(|opts| !opts.is_empty())
                .and_then(|default| job.flag("runCheck", default));
            if checks != Some(false) {
                continue;
            }
            out.push(finding(
                &RULE,
                format!(
                    "restic backup `{}` backs up nothing: `paths` is empty and neither \
                     `dynamicFilesFrom` nor `command` is set",
                    job.name
                ),
                job.written("paths").or_else(|| job.span()),
            ));
        }
    }
}
