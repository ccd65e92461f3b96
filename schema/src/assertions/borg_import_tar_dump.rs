//! BX013: `createCommand = "import-tar"` reads the tar stream from `dumpCommand`, which must be
//! set (the module's assertion).

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::support::instances;
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view::node_span;

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX013",
    name: "borg-import-tar-needs-dump-command",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "a borgbackup job with `createCommand = \"import-tar\"` has no `dumpCommand`",
    why: "The NixOS module asserts `createCommand != \"import-tar\" || dumpCommand != null`: \
          `borg import-tar` reads a tar stream from standard input, which only `dumpCommand` \
          provides. The system does not build otherwise.",
    bad: "services.borgbackup.jobs.tar = {\n  createCommand = \"import-tar\";\n  paths = [ \"/srv\" ];\n  repo = \"/backup\";\n  encryption.mode = \"none\";\n};",
    good: "services.borgbackup.jobs.tar = {\n  createCommand = \"import-tar\";\n  dumpCommand = \"/etc/backup/make-tar.sh\";\n  repo = \"/backup\";\n  encryption.mode = \"none\";\n};",
    fix: "Set `dumpCommand` to an executable that writes a tar archive to standard output, or \
          drop `createCommand` to back up `paths` with `borg create`.",
};

/// The check.
pub struct BorgImportTarDump;

impl Check for BorgImportTarDump {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for job in instances(cx, ModuleKind::BorgbackupJobs) {
            if job.setting("createCommand").str() != Some("import-tar") {
                continue;
            }
            if job.setting("dumpCommand").is_null(true) == Some(true) {
                out.push(
                    Diagnostic::error(
                        RULE.code,
                        format!(
                            "{} uses createCommand = \"import-tar\" without a dumpCommand to \
                             produce the tar stream",
                            job.path()
                        ),
                        job.at("createCommand").and_then(node_span).or(job.span()),
                    )
                    .with_help(
                        "set dumpCommand to an executable that writes a tar archive to its \
                         standard output",
                    ),
                );
            }
        }
    }
}
