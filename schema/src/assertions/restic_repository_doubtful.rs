//! BX040: a restic `repository` that restic parses but that will fail or surprise when used.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::support::{inner_span, instances, redact, url_password};
use crate::domain::repository::parse_restic_repository;
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view;

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX040",
    name: "restic-repository-doubtful",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "a restic backup's `repository` parses, but probably not as meant",
    why: "restic does not expand `~`, resolves relative paths against the service's working \
          directory, and accepts some locations (an empty bucket or path, a REST URL without \
          scheme) that only fail when the repository is opened. These are warnings because \
          restic's parser lets them through.",
    bad: "services.restic.backups.home.repository = \"~/restic\";",
    good: "services.restic.backups.home.repository = \"/root/restic\";",
    fix: "Write the repository as an absolute path or a complete backend location.",
};

/// The check.
pub struct ResticRepositoryDoubtful;

impl Check for ResticRepositoryDoubtful {
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
            let Ok(parsed) = parse_restic_repository(repo) else {
                continue;
            };
            for issue in parsed.warnings {
                let mut d = Diagnostic::warning(
                    RULE.code,
                    format!(
                        "{}: {}",
                        backup.option("repository"),
                        redact(repo, issue.message)
                    ),
                    inner_span(cx.sources, value, issue.range).or(view::value_span(value)),
                )
                .with_help("write an absolute path or a complete backend location");
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
