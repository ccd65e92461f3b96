//! BX119: a remote borg repository without encryption.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::borg::remote_host;
use super::support::{finding, instances};
use crate::rule::{Check, Context, Kind, Level, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX119",
    name: "unencrypted-remote-repo",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "a borg job sends its data to a remote repository with `encryption.mode` `none` \
              or `authenticated`",
    why: "Modes `none`, `authenticated` and `authenticated-blake2` store the data unencrypted: \
          whoever administers, breaks into or later buys the disks of the remote host can read \
          every backed-up file. The assertion that wants a passphrase only applies to other \
          modes, so the module accepts this silently.",
    bad: r#"services.borgbackup.jobs.home = {
  paths = [ "/home" ];
  repo = "u123456@u123456.your-storagebox.de:home";
  encryption.mode = "none";
  environment.BORG_RSH = "ssh -i /etc/ssh/borg_ed25519";
};"#,
    good: r#"services.borgbackup.jobs.home = {
  paths = [ "/home" ];
  repo = "u123456@u123456.your-storagebox.de:home";
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
  environment.BORG_RSH = "ssh -i /etc/ssh/borg_ed25519";
};"#,
    fix: "Use `encryption.mode = \"repokey-blake2\"` with an `encryption.passCommand` (for an \
          existing repository: a new repository, then `borg transfer` or a fresh start).",
};

/// The check.
pub struct UnencryptedRemote;

impl Check for UnencryptedRemote {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for job in instances(cx, ModuleKind::BorgbackupJobs) {
            let Some(mode) = job.string("encryption.mode") else {
                continue;
            };
            if !matches!(mode, "none" | "authenticated" | "authenticated-blake2") {
                continue;
            }
            let Some(host) = remote_host(&job) else {
                continue;
            };
            let mut d = finding(
                &RULE,
                format!(
                    "borg job `{}` stores its data unencrypted (mode `{mode}`) on `{host}`",
                    job.name
                ),
                job.span_of("encryption.mode"),
            );
            if let Some(s) = job.written("repo") {
                d = d.with_label(s, "a remote repository");
            }
            out.push(d);
        }
    }
}
