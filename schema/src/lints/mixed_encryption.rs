//! BX116: two borg jobs writing one repository with different encryption modes.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::borg::RepoIndex;
use super::support::{finding, instances, same_root};
use crate::rule::{Check, Context, Kind, Level, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX116",
    name: "mixed-encryption-modes",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "two borg jobs write the same repository with different `encryption.mode`s",
    why: "A borg repository has one encryption mode, fixed by `borg init`. With `doInit` (the \
          default) whichever job runs first creates the repository with its mode; the other \
          job's `encryption.mode` is then never used, and a job with mode `none` cannot open an \
          encrypted repository at all. What the configuration says is not what protects the \
          data, and a restore plan built on it is wrong.",
    bad: r#"services.borgbackup.jobs = {
  home = {
    paths = [ "/home" ];
    repo = "borg@nas:backups";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat /run/secrets/borg";
  };
  etc = {
    paths = [ "/etc" ];
    repo = "borg@nas:backups";
    encryption.mode = "none";
  };
};"#,
    good: r#"services.borgbackup.jobs = {
  home = {
    paths = [ "/home" ];
    repo = "borg@nas:backups";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat /run/secrets/borg";
  };
  etc = {
    paths = [ "/etc" ];
    repo = "borg@nas:backups";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat /run/secrets/borg";
  };
};"#,
    fix: "Give every job of a repository the repository's real mode (see `borg info`), or use \
          separate repositories.",
};

/// The check.
pub struct MixedEncryption;

impl Check for MixedEncryption {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let jobs = instances(cx, ModuleKind::BorgbackupJobs);
        let index = RepoIndex::new(&jobs);
        for (i, job) in jobs.iter().enumerate() {
            let Some(mode) = job.string("encryption.mode") else {
                continue;
            };
            // The earlier jobs certainly writing the same repository.
            let first = index
                .certainly_sharing(i)
                .iter()
                .take_while(|j| **j < i)
                .map(|j| &jobs[*j])
                .find(|other| {
                    same_root(job, other)
                        && other.string("encryption.mode").is_some_and(|m| m != mode)
                });
            let Some(other) = first else {
                continue;
            };
            let other_mode = other.string("encryption.mode").unwrap_or_default();
            let mut d = finding(
                &RULE,
                format!(
                    "borg job `{}` uses encryption mode `{mode}` for a repository that job `{}` \
                     writes with `{other_mode}`",
                    job.name, other.name
                ),
                job.span_of("encryption.mode"),
            );
            if let Some(s) = other.written("encryption.mode") {
                d = d.with_label(s, format!("job `{}` uses `{other_mode}`", other.name));
            }
            out.push(d);
        }
    }
}
