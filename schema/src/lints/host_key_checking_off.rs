//! BX118: ssh host key checking turned off for a backup connection.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::support::{finding, instances};
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view;

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX118",
    name: "host-key-checking-off",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "a backup's ssh command turns off host key checking (`StrictHostKeyChecking=no`, \
              `UserKnownHostsFile=/dev/null`)",
    why: "Without host key checking, anyone who can redirect the connection (DNS, a rogue \
          network, a reused address) receives the backups or feeds back a fake repository; \
          encryption does not help against a server that pretends to be empty and receives a \
          fresh `borg init`. The upstream NixOS tests use these options because their VMs have \
          new keys every run; real machines should pin the server's key.",
    bad: r#"services.borgbackup.jobs.home = {
  paths = [ "/home" ];
  repo = "borg@nas:home";
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
  environment.BORG_RSH = "ssh -o StrictHostKeyChecking=no -i /etc/ssh/borg_ed25519";
};"#,
    good: r#"programs.ssh.knownHosts.nas.publicKey = "ssh-ed25519 AAAAC3Nza…";
services.borgbackup.jobs.home = {
  paths = [ "/home" ];
  repo = "borg@nas:home";
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
  environment.BORG_RSH = "ssh -i /etc/ssh/borg_ed25519";
};"#,
    fix: "Remove the option and pin the server's key with `programs.ssh.knownHosts` (or \
          `-o UserKnownHostsFile=` pointing at a file with the key).",
};

/// Whether an ssh command line disables host key checking.
fn disables_checking(command: &str) -> bool {
    let flat: String = command
        .to_ascii_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '"' && *c != '\'')
        .collect();
    ["stricthostkeychecking=no", "stricthostkeychecking=off"]
        .iter()
        .any(|p| flat.contains(p))
        || flat.contains("userknownhostsfile=/dev/null")
}

/// The check.
pub struct HostKeyCheckingOff;

impl Check for HostKeyCheckingOff {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for job in instances(cx, ModuleKind::BorgbackupJobs) {
            let Some(env) = job.attrs("environment") else {
                continue;
            };
            for (name, value) in env {
                if name != "BORG_RSH" {
                    continue;
                }
                if view::as_str(value).is_some_and(disables_checking) {
                    out.push(finding(
                        &RULE,
                        format!(
                            "the ssh command of borg job `{}` does not check the server's host key",
                            job.name
                        ),
                        view::value_span(value).or_else(|| job.span_of("environment")),
                    ));
                }
            }
        }
        for job in instances(cx, ModuleKind::ResticBackups) {
            let Some(options) = job.strings("extraOptions") else {
                continue;
            };
            for item in options {
                if view::as_str(item)
                    .is_some_and(|s| s.contains("sftp.command") && disables_checking(s))
                {
                    out.push(finding(
                        &RULE,
                        format!(
                            "the sftp command of restic backup `{}` does not check the server's \
                             host key",
                            job.name
                        ),
                        view::value_span(item).or_else(|| job.span_of("extraOptions")),
                    ));
                }
            }
        }
    }
}
