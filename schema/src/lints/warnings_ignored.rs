//! BX129 (opt-in): `failOnWarnings = false` hides borg warnings.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::support::{finding, instances};
use crate::rule::{Check, Context, Kind, Level, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX129",
    name: "warnings-ignored",
    kind: Kind::Lint,
    default_level: Level::Allow,
    summary: "a borg job sets `failOnWarnings = false`: files borg could not read go unnoticed",
    why: "With `failOnWarnings = false` the module treats borg's warning exit codes (1 and \
          100–127) as success. Those are the runs where files could not be read (permissions, \
          files vanishing or changing while read): the unit stays green while parts of the data \
          are missing from every archive. Opt-in, since some setups turn it off on purpose for \
          files that always change.",
    bad: r#"services.borgbackup.jobs.home = {
  paths = [ "/home" ];
  repo = "/mnt/backup/home";
  failOnWarnings = false;
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
};"#,
    good: r#"services.borgbackup.jobs.home = {
  paths = [ "/home" ];
  exclude = [ "/home/*/.cache" ];
  repo = "/mnt/backup/home";
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
};"#,
    fix: "Keep `failOnWarnings = true` (the default) and exclude the files that cause the \
          warnings.",
};

/// The check.
pub struct WarningsIgnored;

impl Check for WarningsIgnored {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for job in instances(cx, ModuleKind::BorgbackupJobs) {
            if job.flag("failOnWarnings", true) != Some(false) {
                continue;
            }
            out.push(finding(
                &RULE,
                format!(
                    "borg job `{}` treats borg warnings (unreadable or changed files) as success",
                    job.name
                ),
                job.span_of("failOnWarnings"),
            ));
        }
    }
}
