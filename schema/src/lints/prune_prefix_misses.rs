//! BX115: a borg job's prune glob does not match its own archives.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::borg::{Glob, archive_base, glob_matches, prune_glob, prunes};
use super::support::{finding, instances, show_symbolic};
use crate::rule::{Check, Context, Kind, Level, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX115",
    name: "prune-prefix-misses-archives",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "a borg job's `prune.prefix` does not match the names of its own archives",
    why: "`borg prune` only looks at archives matching `--glob-archives '<prune.prefix>*'`, and \
          the job names its archives `<archiveBaseName>-<date>`. When `prune.prefix` is set to \
          something the base name does not start with (often after renaming the job or \
          changing `archiveBaseName`), prune never touches the job's archives and the \
          repository grows for ever although `prune.keep` is set.",
    bad: r#"services.borgbackup.jobs.home = {
  paths = [ "/home" ];
  repo = "/mnt/backup/home";
  archiveBaseName = "laptop-home";
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
  prune.prefix = "home-";
  prune.keep.daily = 7;
};"#,
    good: r#"services.borgbackup.jobs.home = {
  paths = [ "/home" ];
  repo = "/mnt/backup/home";
  archiveBaseName = "laptop-home";
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
  prune.keep.daily = 7;
};"#,
    fix: "Remove `prune.prefix` (it defaults to `archiveBaseName`) or make it a prefix of \
          `archiveBaseName`.",
};

/// The check.
pub struct PrunePrefixMisses;

impl Check for PrunePrefixMisses {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for job in instances(cx, ModuleKind::BorgbackupJobs) {
            if prunes(&job) != Some(true) {
                continue;
            }
            let (Some(glob), Some(base)) = (prune_glob(&job), archive_base(&job)) else {
                continue;
            };
            if glob_matches(&glob, &base) != Some(false) {
                continue;
            }
            let Glob::Prefix(prefix) = &glob else {
                continue;
            };
            let names = match &base {
                Some(b) => format!("`{}-…`", show_symbolic(b)),
                None => "named by the date alone".to_string(),
            };
            let mut d = finding(
                &RULE,
                format!(
                    "the prune of borg job `{}` never matches its own archives: it looks at \
                     `{}*`, the archives are {names}",
                    job.name,
                    show_symbolic(prefix)
                ),
                job.span_of("prune.prefix"),
            );
            if let Some(s) = job.written("archiveBaseName") {
                d = d.with_label(s, "the archives are named after this");
            }
            out.push(d);
        }
    }
}
