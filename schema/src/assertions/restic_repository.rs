//! BX039: a restic `repository` that restic cannot parse as a repository location.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::support::{inner_span, instances, redact, url_password};
use crate::domain::repository::parse_restic_repository;
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view;

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX039",
    name: "restic-repository-invalid",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "a restic backup's `repository` is not a location restic can parse",
    why: "`repository` becomes `RESTIC_REPOSITORY`; the module accepts any string, but restic \
          refuses an unknown backend (`sftp//host`, `s4:…`), an empty location or a malformed \
          URL, and every run of the backup fails.",
    bad: "services.restic.backups.home.repository = \"sfpt:backup@nas:/srv/restic\";",
    good: "services.restic.backups.home.repository = \"sftp:backup@nas:/srv/restic\";",
    fix: "Write `/local/path` or `BACKEND:…` with a backend restic knows (local, sftp, rest, \
          s3, b2, azure, gs, swift, rclone); a local directory with a `:` needs `local:`.",
};

/// The check.
pub struct ResticRepository;

impl Check for ResticRepository {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for backup in instances(cx, ModuleKind::ResticBackups) {
            let Some(value) = backup.setting("repository").value() else {
                continue;
            };
            let Some(repo) = view::as_str(value) else {
                continue;
            };
            if let Err(issue) = parse_restic_repository(repo) {
                let mut d = Diagnostic::error(
                    RULE.code,
                    format!(
                        "{}: {}",
                        backup.option("repository"),
                        redact(repo, issue.message)
                    ),
                    inner_span(cx.sources, value, issue.range).or(view::value_span(value)),
                )
                .with_help(
                    "write /local/path or BACKEND:… with one of restic's backends (local, \
                         sftp, rest, s3, b2, azure, gs, swift, rclone)",
                );
                // A URL's password stays out of every rendering of the source.
                if url_password(repo).is_some()
                    && let Some(span) =
                        inner_span(cx.sources, value, 0..repo.len()).or(view::value_span(value))
                {
                    d = d.with_secret(span);
                }
                out.push(d);
            }
        }
    }
}
