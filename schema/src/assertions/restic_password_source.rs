//! BX017: a restic backup needs `passwordFile` or `environmentFile` (the module's assertion).

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::support::instances;
use crate::rule::{Check, Context, Kind, Level, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX017",
    name: "restic-password-source",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "a restic backup sets neither `passwordFile` nor `environmentFile`",
    why: "The NixOS module asserts `passwordFile != null || environmentFile != null`: the \
          system does not build otherwise. restic always needs the repository password, \
          from `RESTIC_PASSWORD_FILE` or from the environment file.",
    bad: "services.restic.backups.home = {\n  paths = [ \"/home\" ];\n  repository = \"/srv/restic\";\n};",
    good: "services.restic.backups.home = {\n  paths = [ \"/home\" ];\n  repository = \"/srv/restic\";\n  passwordFile = \"/run/secrets/restic\";\n};",
    fix: "Set `passwordFile` to a file outside the Nix store holding the password, or \
          `environmentFile` to a file that sets `RESTIC_PASSWORD`.",
};

/// The check.
pub struct ResticPasswordSource;

impl Check for ResticPasswordSource {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for backup in instances(cx, ModuleKind::ResticBackups) {
            let password = backup.setting("passwordFile").is_null(true);
            let env = backup.setting("environmentFile").is_null(true);
            if password == Some(true) && env == Some(true) {
                out.push(
                    Diagnostic::error(
                        RULE.code,
                        format!(
                            "{} sets neither passwordFile nor environmentFile, so restic has no \
                             repository password",
                            backup.path()
                        ),
                        backup.span(),
                    )
                    .with_help(
                        "set passwordFile to a file holding the password (outside the Nix \
                         store), or environmentFile to a file that sets RESTIC_PASSWORD",
                    ),
                );
            }
        }
    }
}
