//! BX037: a borg `repo` that borg cannot parse as a repository location.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::support::{inner_span, instances};
use crate::domain::repository::parse_borg_repository;
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view;

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX037",
    name: "borg-repo-invalid",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "a borgbackup job's `repo` is not a location borg can parse",
    why: "`repo` becomes `BORG_REPO`; the module accepts any string, but borg refuses an empty \
          location, an unknown `{placeholder}` or a malformed `ssh://` URL, and every run of \
          the job fails.",
    bad: "services.borgbackup.jobs.home.repo = \"ssh://backup@nas:port/./borg\";",
    good: "services.borgbackup.jobs.home.repo = \"ssh://backup@nas:2222/./borg\";",
    fix: "Write `/local/path`, `user@host:path` or `ssh://user@host[:port]/path`, with only the \
          placeholders borg knows (`{hostname}`, `{user}`, …).",
};

/// The check.
pub struct BorgRepo;

impl Check for BorgRepo {
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
            if let Err(issue) = parse_borg_repository(repo) {
                out.push(
                    Diagnostic::error(
                        RULE.code,
                        format!("{}: {}", job.option("repo"), issue.message),
                        inner_span(cx.sources, value, issue.range).or(view::value_span(value)),
                    )
                    .with_help("write /local/path, user@host:path or ssh://user@host[:port]/path"),
                );
            }
        }
    }
}
