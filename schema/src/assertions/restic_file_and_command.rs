//! BX018: a restic backup backs up files or a command's output, not both (the module's
//! assertion).

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::support::{Instance, instances};
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view::node_span;

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX018",
    name: "restic-file-and-command-backup",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "a restic backup sets `command` together with `paths` or `dynamicFilesFrom`",
    why: "The NixOS module asserts that a backup is not both a file backup (`paths` non-empty \
          or `dynamicFilesFrom` set) and a command backup (`command` non-empty): one `restic \
          backup` call cannot read files and `--stdin-from-command` at once. The system does \
          not build otherwise.",
    bad: "services.restic.backups.db = {\n  paths = [ \"/var/lib/db\" ];\n  command = [ \"pg_dumpall\" ];\n  repository = \"/srv/restic\";\n  passwordFile = \"/run/secrets/restic\";\n};",
    good: "services.restic.backups.db = {\n  command = [ \"pg_dumpall\" ];\n  repository = \"/srv/restic\";\n  passwordFile = \"/run/secrets/restic\";\n};",
    fix: "Split it into two backups: one with `paths`/`dynamicFilesFrom`, one with `command`.",
};

/// Whether the backup is a file backup: `Some(option)` naming the option that makes it one.
fn file_backup(backup: &Instance<'_>) -> Option<Option<&'static str>> {
    // `paths` defaults to `[ ]`; `null` also means none.
    let paths = match backup.setting("paths").is_null(false) {
        Some(true) => Some(false),
        Some(false) => backup.setting("paths").list_is_empty(true).map(|e| !e),
        None => None,
    };
    let dynamic = backup.setting("dynamicFilesFrom").is_null(true).map(|n| !n);
    match (paths, dynamic) {
        (Some(true), _) => Some(Some("paths")),
        (_, Some(true)) => Some(Some("dynamicFilesFrom")),
        (Some(false), Some(false)) => Some(None),
        _ => None,
    }
}

/// The check.
pub struct ResticFileAndCommand;

impl Check for ResticFileAndCommand {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for backup in instances(cx, ModuleKind::ResticBackups) {
            if backup.setting("command").list_is_empty(true) != Some(false) {
                continue;
            }
            let Some(Some(files)) = file_backup(&backup) else {
                continue;
            };
            let mut d = Diagnostic::error(
                RULE.code,
                format!(
                    "{} is both a command backup (command) and a file backup ({files})",
                    backup.path()
                ),
                backup.at("command").and_then(node_span).or(backup.span()),
            );
            if let Some(span) = backup.at(files).and_then(node_span) {
                d = d.with_label(span, format!("{files} makes it a file backup"));
            }
            out.push(d.with_help(
                "define two backups: one with command, one with paths or dynamicFilesFrom",
            ));
        }
    }
}
