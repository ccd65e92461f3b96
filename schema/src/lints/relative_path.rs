//! BX123: a backup path that is not absolute (`~/Documents`, `$HOME/x`, `home/alice`).

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::support::{Job, finding, instances};
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view;

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX123",
    name: "relative-backup-path",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "a path in `paths` is not absolute; `~` and `$HOME` are not expanded",
    why: "borg jobs pass `paths` shell-escaped to `borg create`, and restic backups write them \
          into a `--files-from` list; neither goes through a shell, so `~/Documents` and \
          `$HOME/Documents` are looked up literally and do not exist. Other relative paths are \
          resolved against the working directory of whoever runs the command — `/` for the \
          service, the current directory for the `borg-job-<name>` or `restic-<name>` wrapper — \
          so the same job backs up different things, or nothing.",
    bad: r#"services.borgbackup.jobs.docs = {
  paths = [ "~/Documents" ];
  repo = "/mnt/backup/docs";
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
};"#,
    good: r#"services.borgbackup.jobs.docs = {
  paths = [ "/home/alice/Documents" ];
  repo = "/mnt/backup/docs";
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
};"#,
    fix: "Write the absolute path, for example `\"${config.users.users.alice.home}/Documents\"`.",
};

fn check_paths(job: &Job<'_>, what: &str, out: &mut Vec<Diagnostic>) {
    let Some(items) = job.strings("paths") else {
        return;
    };
    for item in items {
        let Some(path) = view::as_str(item) else {
            continue;
        };
        if path.starts_with('/') || path.is_empty() {
            continue;
        }
        let why = if path.starts_with('~') {
            "`~` is not expanded"
        } else if path.starts_with('$') {
            "variables are not expanded"
        } else {
            "it depends on the working directory"
        };
        out.push(finding(
            &RULE,
            format!(
                "path `{path}` of {what} `{}` is not absolute: {why}",
                job.name
            ),
            view::value_span(item).or_else(|| job.span_of("paths")),
        ));
    }
}

/// The check.
pub struct RelativePath;

impl Check for RelativePath {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for job in instances(cx, ModuleKind::BorgbackupJobs) {
            check_paths(&job, "borg job", out);
        }
        for job in instances(cx, ModuleKind::ResticBackups) {
            check_paths(&job, "restic backup", out);
        }
    }
}
