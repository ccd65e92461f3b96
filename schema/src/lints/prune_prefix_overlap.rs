//! BX114: a borg job's prune also deletes another job's archives in the same repository.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::borg::{Glob, RepoIndex, archive_base, prune_glob, prunes_archives_of};
use super::support::{finding, instances, same_root, show_symbolic};
use crate::rule::{Check, Context, Kind, Level, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX114",
    name: "prune-prefix-overlap",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "a borg job's prune glob also matches the archives of another job in the same \
              repository",
    why: "Archives are named `<archiveBaseName>-<date>`, `archiveBaseName` defaulting to \
          `<hostName>-<job>`, and `borg prune` only looks at archives matching \
          `--glob-archives '<prune.prefix>*'`, the prefix defaulting to `archiveBaseName`. In a \
          repository shared by jobs `home` and `home-extra`, the glob `<host>-home*` also \
          matches `<host>-home-extra-…`: job `home` thins out `home-extra`'s archives with its \
          own policy, and the newest archives of one job can push out all of the other's. \
          `prune.prefix = null` or `\"\"` (or `archiveBaseName = null`) prunes every archive of \
          the repository.",
    bad: r#"services.borgbackup.jobs = {
  home = {
    paths = [ "/home" ];
    repo = "/mnt/backup/borg";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat /run/secrets/borg";
    prune.keep.daily = 7;
  };
  home-extra = {
    paths = [ "/srv/extra" ];
    repo = "/mnt/backup/borg";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat /run/secrets/borg";
    prune.keep.monthly = 12;
  };
};"#,
    good: r#"services.borgbackup.jobs = {
  home = {
    paths = [ "/home" ];
    repo = "/mnt/backup/borg";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat /run/secrets/borg";
    prune.prefix = "${config.networking.hostName}-home-";
    prune.keep.daily = 7;
  };
  extra = {
    paths = [ "/srv/extra" ];
    repo = "/mnt/backup/borg";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat /run/secrets/borg";
    prune.keep.monthly = 12;
  };
};"#,
    fix: "Make the archive base names of jobs sharing a repository such that none starts with \
          another's followed by `-` (rename `home-extra` to `extra`, or set `archiveBaseName`), \
          and end each `prune.prefix` with the separator: `\"${config.networking.hostName}-home-\"`.",
};

/// The check.
pub struct PrunePrefixOverlap;

impl Check for PrunePrefixOverlap {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let jobs = instances(cx, ModuleKind::BorgbackupJobs);
        let index = RepoIndex::new(&jobs);
        for (i, job) in jobs.iter().enumerate() {
            // Only jobs that may share the repository can have their archives pruned.
            for other in index.maybe_sharing(i).into_iter().map(|j| &jobs[j]) {
                if !same_root(job, other) || other.name == job.name {
                    continue;
                }
                if prunes_archives_of(job, other) != Some(true) {
                    continue;
                }
                let Some(glob) = prune_glob(job) else {
                    continue;
                };
                let glob_text = match &glob {
                    Glob::All => "every archive of the repository".to_string(),
                    Glob::Prefix(p) => format!("`{}*`", show_symbolic(p)),
                };
                let names = match archive_base(other) {
                    Some(Some(b)) => format!("`{}-…`", show_symbolic(&b)),
                    _ => "named by the date alone".to_string(),
                };
                let span = job
                    .written("prune.prefix")
                    .or_else(|| job.written("archiveBaseName"))
                    .or_else(|| job.written("prune.keep"))
                    .or_else(|| job.span());
                let mut d = finding(
                    &RULE,
                    format!(
                        "the prune of borg job `{}` also deletes archives of job `{}` in the \
                         same repository",
                        job.name, other.name
                    ),
                    span,
                )
                .with_note(format!(
                    "it prunes {glob_text}; the archives of `{}` are {names}",
                    other.name
                ));
                if let Some(s) = other.span() {
                    d = d.with_label(
                        s,
                        format!("job `{}` writes the same repository", other.name),
                    );
                }
                out.push(d);
            }
        }
    }
}
