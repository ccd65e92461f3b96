//! BX111: a scheduled restic backup that never forgets snapshots.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::restic::{backs_up, prune_words, repository, scheduled};
use super::support::{finding, has_symbols, instances, same_root};
use crate::rule::{Check, Context, Kind, Level, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX111",
    name: "restic-no-retention",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "a scheduled restic backup has no `pruneOpts`: its repository grows for ever",
    why: "`timerConfig` defaults to a daily timer, so a restic backup runs every day unless it \
          says `timerConfig = null;`. The module runs `restic forget --prune` only when \
          `pruneOpts` is non-empty; without it (and without another backup of the same \
          repository that prunes) every snapshot is kept until the storage is full.",
    bad: r#"services.restic.backups.home = {
  repository = "sftp:backup@nas:/srv/restic";
  passwordFile = "/run/secrets/restic";
  paths = [ "/home" ];
};"#,
    good: r#"services.restic.backups.home = {
  repository = "sftp:backup@nas:/srv/restic";
  passwordFile = "/run/secrets/restic";
  paths = [ "/home" ];
  pruneOpts = [ "--keep-daily 7" "--keep-weekly 5" "--keep-monthly 12" ];
};"#,
    fix: "Set `pruneOpts` with a keep policy (`[ \"--keep-daily 7\" \"--keep-weekly 5\" \
          \"--keep-monthly 12\" ]`), or prune the repository from another backup.",
};

/// The check.
pub struct ResticNoRetention;

impl Check for ResticNoRetention {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let backups = instances(cx, ModuleKind::ResticBackups);
        for job in &backups {
            if scheduled(job) != Some(true)
                || backs_up(job) != Some(true)
                || prune_words(job).is_none_or(|w| !w.is_empty())
            {
                continue;
            }
            let mine = repository(job);
            // Another backup may prune the same repository (a prune-only job, say).
            let covered = backups.iter().any(|other| {
                same_root(job, other)
                    && other.name != job.name
                    && prune_words(other).is_none_or(|w| !w.is_empty())
                    && match (&mine, repository(other)) {
                        (Some(a), Some(b)) => *a == b || has_symbols(a) || has_symbols(&b),
                        _ => true,
                    }
            });
            if covered {
                continue;
            }
            let span = job
                .written("pruneOpts")
                .or_else(|| job.written("timerConfig"))
                .or_else(|| job.span());
            out.push(finding(
                &RULE,
                format!(
                    "restic backup `{}` runs on a timer but never forgets snapshots: \
                     `pruneOpts` is empty, so its repository grows for ever",
                    job.name
                ),
                span,
            ));
        }
    }
}
