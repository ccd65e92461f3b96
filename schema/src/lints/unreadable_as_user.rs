//! BX126: a job running as a non-root user that backs up root-only system paths.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::support::{finding, instances};
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view;

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX126",
    name: "unreadable-as-user",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "a backup running as a non-root `user` backs up system paths only root can read",
    why: "`user` sets the service's `User=`, with no extra capabilities. Paths such as `/`, \
          `/etc` (with `/etc/shadow` and the ssh host keys), `/root`, `/var/lib` and `/home` \
          (home directories are mode 700 on NixOS by default) hold files that user cannot \
          read: borg fails with a warning every run (or, with `failOnWarnings = false`, \
          silently leaves them out) and restic reports errors — the files that matter most for \
          a rebuild are missing from the backups.",
    bad: r#"services.borgbackup.jobs.system = {
  user = "backup";
  paths = [ "/etc" "/var/lib" ];
  repo = "/mnt/backup/system";
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
};"#,
    good: r#"services.borgbackup.jobs.system = {
  paths = [ "/etc" "/var/lib" ];
  repo = "/mnt/backup/system";
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
};"#,
    fix: "Run the job as root (the default), or back up only what the user can read.",
};

/// Whether only root can read (all of) this path.
fn root_only(path: &str) -> bool {
    let p = path.trim_end_matches('/');
    matches!(
        p,
        "" | "/etc" | "/var" | "/var/lib" | "/home" | "/etc/shadow" | "/etc/ssh" | "/root"
    ) || p.starts_with("/root/")
        || p.starts_with("/etc/ssh/")
}

/// The check.
pub struct UnreadableAsUser;

impl Check for UnreadableAsUser {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let all = instances(cx, ModuleKind::BorgbackupJobs)
            .into_iter()
            .map(|j| (j, "borg job"))
            .chain(
                instances(cx, ModuleKind::ResticBackups)
                    .into_iter()
                    .map(|j| (j, "restic backup")),
            );
        for (job, what) in all {
            let Some(user) = job.string("user") else {
                continue;
            };
            if user == "root" {
                continue;
            }
            let Some(paths) = job.strings("paths") else {
                continue;
            };
            for item in paths {
                let Some(path) = view::as_str(item) else {
                    continue;
                };
                if !path.starts_with('/') || !root_only(path) {
                    continue;
                }
                let mut d = finding(
                    &RULE,
                    format!(
                        "{what} `{}` runs as `{user}`, who cannot read all of `{path}`",
                        job.name
                    ),
                    view::value_span(item).or_else(|| job.span_of("paths")),
                );
                if let Some(s) = job.written("user") {
                    d = d.with_label(s, "the job runs as this user");
                }
                out.push(d);
            }
        }
    }
}
