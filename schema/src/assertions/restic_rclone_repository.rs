//! BX019: `rcloneConfig` takes the rclone remote's name from `repository`, which must be set
//! and contain a `:` (evaluation fails otherwise).

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::support::{Setting, attr_entries, instances};
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view::node_span;

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX019",
    name: "restic-rclone-config-repository",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "a restic backup sets `rcloneConfig` but its `repository` is unset or has no `:`",
    why: "The NixOS module names the variables of `rcloneConfig` `RCLONE_CONFIG_<REMOTE>_<KEY>`, \
          taking REMOTE from the second `:`-separated field of `repository` (`rclone:REMOTE:path`). \
          With `repository = null` (for instance with `repositoryFile`) or a repository without \
          `:`, evaluating the system fails.",
    bad: "services.restic.backups.cloud = {\n  paths = [ \"/home\" ];\n  repositoryFile = \"/run/secrets/restic-repo\";\n  rcloneConfig = { type = \"b2\"; };\n  passwordFile = \"/run/secrets/restic\";\n};",
    good: "services.restic.backups.cloud = {\n  paths = [ \"/home\" ];\n  repository = \"rclone:b2:backups\";\n  rcloneConfig = { type = \"b2\"; };\n  passwordFile = \"/run/secrets/restic\";\n};",
    fix: "Set `repository` to `rclone:REMOTE:path`, or configure rclone with \
          `rcloneConfigFile` instead of `rcloneConfig`.",
};

/// The check.
pub struct ResticRcloneRepository;

impl Check for ResticRcloneRepository {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for backup in instances(cx, ModuleKind::ResticBackups) {
            // The remote's name is only computed for the variables of a non-empty set.
            let Some(config) = backup.at("rcloneConfig") else {
                continue;
            };
            if attr_entries(config).is_none_or(|e| e.is_empty()) {
                continue;
            }
            let problem = match backup.setting("repository") {
                Setting::Absent | Setting::Null => "repository is not set",
                Setting::Value(v) => match crate::view::as_str(v) {
                    Some(s) if !s.contains(':') => "repository has no `:`",
                    _ => continue,
                },
                Setting::Set(_) | Setting::Unknown => continue,
            };
            let mut d = Diagnostic::error(
                RULE.code,
                format!(
                    "{} sets rcloneConfig, but {problem}: the module takes the rclone remote's \
                     name from `repository = \"rclone:REMOTE:path\"` and evaluation fails",
                    backup.path()
                ),
                node_span(config).or(backup.span()),
            );
            if let Some(span) = backup.at("repository").and_then(node_span) {
                d = d.with_label(span, "repository is set here");
            }
            out.push(d.with_help(
                "set repository = \"rclone:REMOTE:path\", or move the rclone settings to \
                 rcloneConfigFile",
            ));
        }
    }
}
