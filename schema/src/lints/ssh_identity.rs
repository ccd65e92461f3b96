//! BX117: a remote borg repository reached without naming an ssh key.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::{LocatedValue, ModuleKind};

use super::borg::remote_host;
use super::support::{finding, instances};
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view;

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX117",
    name: "remote-repo-without-ssh-identity",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "a borg job reaches a remote repository over ssh without naming a key \
              (`-i` in `environment.BORG_RSH`)",
    why: "The module never sets BORG_RSH, so borg runs plain `ssh` as the job's user (root by \
          default) and depends on whatever keys and `~/.ssh/config` that user happens to have — \
          state that is not in the configuration, not backed up by this job, and gone on a \
          reinstalled machine. The backups then fail exactly when the machine had to be \
          rebuilt, and the `borg-job-<name>` wrapper used for restores fails the same way.",
    bad: r#"services.borgbackup.jobs.home = {
  paths = [ "/home" ];
  repo = "borg@nas.example.org:home";
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
};"#,
    good: r#"services.borgbackup.jobs.home = {
  paths = [ "/home" ];
  repo = "borg@nas.example.org:home";
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
  environment.BORG_RSH = "ssh -i /etc/ssh/borg_ed25519";
};"#,
    fix: "Set `environment.BORG_RSH = \"ssh -i /path/to/key\";` with a key kept outside the \
          store (and a copy of it somewhere the restore can reach).",
};

/// Whether an ssh command line names an identity.
fn names_identity(rsh: &str) -> bool {
    rsh.split_whitespace()
        .any(|w| w.starts_with("-i") || w.to_ascii_lowercase().contains("identityfile"))
}

/// The check.
pub struct SshIdentity;

impl Check for SshIdentity {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for job in instances(cx, ModuleKind::BorgbackupJobs) {
            let Some(host) = remote_host(&job) else {
                continue;
            };
            let Some(env) = job.attrs("environment") else {
                continue;
            };
            let rsh = env.iter().find(|(k, _)| *k == "BORG_RSH").map(|(_, v)| *v);
            let span = match rsh {
                None => job.span_of("repo"),
                Some(v @ LocatedValue::String { value, .. }) if !names_identity(value) => {
                    view::value_span(v).or_else(|| job.span_of("environment"))
                }
                _ => continue,
            };
            let what = if rsh.is_some() {
                "`environment.BORG_RSH` names no key (`-i`)"
            } else {
                "`environment.BORG_RSH` is not set"
            };
            out.push(finding(
                &RULE,
                format!(
                    "borg job `{}` reaches `{host}` over ssh with whatever key its user has: \
                     {what}",
                    job.name
                ),
                span,
            ));
        }
    }
}
