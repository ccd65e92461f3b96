//! BX120: a borg repository whose key lives only on the backed-up machine.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::support::{finding, instances};
use crate::rule::{Check, Context, Kind, Level, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX120",
    name: "keyfile-only-on-host",
    kind: Kind::Lint,
    default_level: Level::Allow,
    summary: "a borg job uses `keyfile` encryption: the key exists only on the machine being \
              backed up",
    why: "With `keyfile` and `keyfile-blake2`, `borg init` keeps the encryption key in \
          `~/.config/borg/keys` of the job's user (root's home by default), not in the \
          repository. If the machine dies, the archives cannot be decrypted unless the key was \
          exported and stored elsewhere. Opt-in: enable it to be reminded where keyfile mode is \
          used, then allow it per job once the key is exported.",
    bad: r#"services.borgbackup.jobs.home = {
  paths = [ "/home" ];
  repo = "borg@nas:home";
  encryption.mode = "keyfile-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
};"#,
    good: r#"services.borgbackup.jobs.home = {
  paths = [ "/home" ];
  repo = "borg@nas:home";
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
};"#,
    fix: "Export the key (`borg key export`) and keep it with the passphrase away from the \
          machine, or use `repokey-blake2`, which stores the (passphrase-protected) key in the \
          repository.",
};

/// The check.
pub struct KeyfileMode;

impl Check for KeyfileMode {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for job in instances(cx, ModuleKind::BorgbackupJobs) {
            let Some(mode) = job.string("encryption.mode") else {
                continue;
            };
            if !mode.starts_with("keyfile") {
                continue;
            }
            out.push(finding(
                &RULE,
                format!(
                    "borg job `{}` uses `{mode}`: the key to its archives is only on this machine",
                    job.name
                ),
                job.span_of("encryption.mode"),
            ));
        }
    }
}
