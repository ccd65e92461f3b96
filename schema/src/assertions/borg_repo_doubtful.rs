//! BX038: a borg `repo` that borg accepts but that will not work as meant.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::support::{inner_span, instances};
use crate::domain::repository::parse_borg_repository;
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view;

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX038",
    name: "borg-repo-doubtful",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "a borgbackup job's `repo` parses, but probably not as meant",
    why: "borg reads a location without `host:` as a local relative path (so `~/backup` or \
          `file:///backup` are local), while the module calls only repos starting with `/` or \
          `.` local: such a repo gets no `ReadWritePaths=` and is read-only under the service's \
          `ProtectSystem=strict`. Placeholders that change on every run, whitespace and an \
          archive part are further surprises. The job may still work, so this is a warning.",
    bad: "services.borgbackup.jobs.home.repo = \"~/backup\";",
    good: "services.borgbackup.jobs.home.repo = \"/root/backup\";",
    fix: "Write local repositories as absolute paths and remote ones as `user@host:path` or \
          `ssh://user@host/path`.",
};

/// The check.
pub struct BorgRepoDoubtful;

impl Check for BorgRepoDoubtful {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for job in instances(cx, ModuleKind::BorgbackupJobs) {
            let Some(value) = job.setting("repo").value() else {
                continue;
            };
            let Some(repo) = view::as_str(value) else {
                continue;
            };
            let Ok(parsed) = parse_borg_repository(repo) else {
                continue;
            };
            for issue in parsed.warnings {
                out.push(
                    Diagnostic::warning(
                        RULE.code,
                        format!("{}: {}", job.option("repo"), issue.message),
                        inner_span(cx.sources, value, issue.range).or(view::value_span(value)),
                    )
                    .with_help(
                        "write a local repository as an absolute path, a remote one as \
                         user@host:path or ssh://user@host/path",
                    ),
                );
            }
        }
    }
}
