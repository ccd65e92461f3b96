//! BX016: a restic backup names its repository with exactly one of `repository` and
//! `repositoryFile`, unless `environmentFile` is set (the module's assertion).

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::support::instances;
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view::node_span;

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX016",
    name: "restic-repository-source",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "a restic backup sets both or neither of `repository` and `repositoryFile`, and no `environmentFile`",
    why: "The NixOS module asserts `((repository == null) != (repositoryFile == null)) || \
          environmentFile != null`: the system does not build otherwise. With an \
          `environmentFile` the module trusts it to provide `RESTIC_REPOSITORY`.",
    bad: "services.restic.backups.home = {\n  paths = [ \"/home\" ];\n  passwordFile = \"/run/secrets/restic\";\n};",
    good: "services.restic.backups.home = {\n  paths = [ \"/home\" ];\n  repository = \"sftp:backup@nas:/srv/restic\";\n  passwordFile = \"/run/secrets/restic\";\n};",
    fix: "Set exactly one of `repository` and `repositoryFile`, or provide `RESTIC_REPOSITORY` \
          through `environmentFile`.",
};

/// The check.
pub struct ResticRepositorySource;

impl Check for ResticRepositorySource {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for backup in instances(cx, ModuleKind::ResticBackups) {
            let repository = backup.setting("repository").is_null(true);
            let file = backup.setting("repositoryFile").is_null(true);
            let env = backup.setting("environmentFile").is_null(true);
            let (Some(repository_null), Some(file_null), Some(true)) = (repository, file, env)
            else {
                continue;
            };
            if repository_null && file_null {
                out.push(
                    Diagnostic::error(
                        RULE.code,
                        format!(
                            "{} names no repository: set repository, repositoryFile or \
                             environmentFile",
                            backup.path()
                        ),
                        backup.span(),
                    )
                    .with_help(
                        "set repository (such as \"sftp:backup@nas:/srv/restic\"), or \
                         repositoryFile to a file holding it",
                    ),
                );
            } else if !repository_null && !file_null {
                let mut d = Diagnostic::error(
                    RULE.code,
                    format!(
                        "{} sets both repository and repositoryFile: exactly one of them may be set",
                        backup.path()
                    ),
                    backup
                        .at("repositoryFile")
                        .and_then(node_span)
                        .or(backup.span()),
                );
                if let Some(span) = backup.at("repository").and_then(node_span) {
                    d = d.with_label(span, "repository is set here");
                }
                out.push(d.with_help("remove one of them"));
            }
        }
    }
}
