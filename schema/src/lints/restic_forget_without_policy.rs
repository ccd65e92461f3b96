//! BX112: restic `pruneOpts` without any `--keep-*` option.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::restic::{is_keep_option, prune_words};
use super::support::{finding, instances};
use crate::rule::{Check, Context, Kind, Level, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX112",
    name: "restic-forget-without-policy",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "restic `pruneOpts` has no `--keep-*` option, so `forget` removes nothing",
    why: "The module runs `restic forget --prune <pruneOpts>` when `pruneOpts` is non-empty. \
          Without a keep policy (`--keep-last`, `--keep-daily`, `--keep-within`, …) restic \
          says that no policy was given and removes no snapshot: the job looks like it prunes, \
          but the repository grows for ever.",
    bad: r#"services.restic.backups.home = {
  repository = "/mnt/backup/restic";
  passwordFile = "/run/secrets/restic";
  paths = [ "/home" ];
  pruneOpts = [ "--prune" "--group-by host" ];
};"#,
    good: r#"services.restic.backups.home = {
  repository = "/mnt/backup/restic";
  passwordFile = "/run/secrets/restic";
  paths = [ "/home" ];
  pruneOpts = [ "--keep-daily 7" "--keep-weekly 5" "--keep-monthly 12" ];
};"#,
    fix: "Add keep options to `pruneOpts`, such as `\"--keep-daily 7\" \"--keep-weekly 5\" \
          \"--keep-monthly 12\"`.",
};

/// The check.
pub struct ResticForgetWithoutPolicy;

impl Check for ResticForgetWithoutPolicy {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for job in instances(cx, ModuleKind::ResticBackups) {
            let Some(words) = prune_words(&job) else {
                continue;
            };
            if words.is_empty() || words.iter().any(|w| is_keep_option(w)) {
                continue;
            }
            out.push(finding(
                &RULE,
                format!(
                    "`pruneOpts` of restic backup `{}` has no keep policy: `restic forget` \
                     removes no snapshot",
                    job.name
                ),
                job.span_of("pruneOpts"),
            ));
        }
    }
}
