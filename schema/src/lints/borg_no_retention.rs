//! BX110: a scheduled borg job that never prunes.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::borg::{prunes, prunes_archives_of, scheduled};
use super::support::{finding, instances, same_root};
use crate::rule::{Check, Context, Kind, Level, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX110",
    name: "borg-no-retention",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "a scheduled borg job has an empty `prune.keep`: its repository grows for ever",
    why: "`startAt` defaults to `\"daily\"`, so every borg job runs on a timer unless it says \
          `startAt = [ ];`. The module runs `borg prune` and `borg compact` only when \
          `prune.keep` is non-empty; without it every archive is kept until the disk or the \
          quota is full, and then the backups stop — usually noticed at restore time.",
    bad: r#"services.borgbackup.jobs.home = {
  paths = [ "/home" ];
  repo = "/mnt/backup/home";
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
};"#,
    good: r#"services.borgbackup.jobs.home = {
  paths = [ "/home" ];
  repo = "/mnt/backup/home";
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
  prune.keep = { within = "1d"; daily = 7; weekly = 4; monthly = -1; };
};"#,
    fix: "Set `prune.keep` (for example `{ daily = 7; weekly = 4; monthly = 6; }`), or \
          `startAt = [ ];` if the job is only run by hand.",
};

/// The check.
pub struct BorgNoRetention;

impl Check for BorgNoRetention {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let jobs = instances(cx, ModuleKind::BorgbackupJobs);
        for job in &jobs {
            if scheduled(job) != Some(true) || prunes(job) != Some(false) {
                continue;
            }
            // Another job's prune may cover these archives.
            let covered = jobs.iter().any(|other| {
                same_root(job, other)
                    && other.name != job.name
                    && prunes_archives_of(other, job) != Some(false)
            });
            if covered {
                continue;
            }
            let schedule = match job.written("startAt") {
                Some(_) => "on a timer",
                None => "daily (the default of `startAt`)",
            };
            let span = job
                .written("prune.keep")
                .or_else(|| job.written("startAt"))
                .or_else(|| job.span());
            out.push(finding(
                &RULE,
                format!(
                    "borg job `{}` runs {schedule} but never prunes: `prune.keep` is empty, so \
                     its repository grows for ever",
                    job.name
                ),
                span,
            ));
        }
    }
}
