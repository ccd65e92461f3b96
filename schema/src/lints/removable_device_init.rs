//! BX127: `doInit` left on for a job on a removable disk.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::support::{finding, instances};
use crate::rule::{Check, Context, Kind, Level, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX127",
    name: "removable-device-init",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "a borg job with `removableDevice = true` keeps `doInit = true` (the default)",
    why: "With `doInit` the job runs `borg init` whenever `borg list` fails. `removableDevice` \
          only stops the module from creating the repository directory; there is no check that \
          the disk is there. When the disk is not plugged in (and is not a `fileSystems` entry \
          systemd can wait for), the job initialises a new repository on the bare mount point, \
          on the system disk, and backs up there — the removable disk silently gets nothing. \
          The module's own documentation advises `doInit = false` for external drives.",
    bad: r#"services.borgbackup.jobs.usb = {
  paths = [ "/home" ];
  repo = "/run/media/alice/backup/borg";
  removableDevice = true;
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
};"#,
    good: r#"services.borgbackup.jobs.usb = {
  paths = [ "/home" ];
  repo = "/run/media/alice/backup/borg";
  removableDevice = true;
  doInit = false;
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
};"#,
    fix: "Set `doInit = false;` and initialise the repository on the disk once by hand \
          (`borg-job-<name> init --encryption …`).",
};

/// The check.
pub struct RemovableDeviceInit;

impl Check for RemovableDeviceInit {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for job in instances(cx, ModuleKind::BorgbackupJobs) {
            if job.flag("removableDevice", false) != Some(true)
                || job.flag("doInit", true) != Some(true)
            {
                continue;
            }
            let how = if job.written("doInit").is_some() {
                "`doInit = true`"
            } else {
                "`doInit` (on by default)"
            };
            let mut d = finding(
                &RULE,
                format!(
                    "borg job `{}` is on a removable device but keeps {how}: without the disk it \
                     creates a new repository on the mount point",
                    job.name
                ),
                job.written("doInit")
                    .or_else(|| job.span_of("removableDevice")),
            );
            if job.written("doInit").is_some()
                && let Some(s) = job.written("removableDevice")
            {
                d = d.with_label(s, "the repository is on a removable device");
            }
            out.push(d);
        }
    }
}
