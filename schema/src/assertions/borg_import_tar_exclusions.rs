//! BX014: `exclude` and `patterns` have no effect with `createCommand = "import-tar"` (the
//! module's assertion).

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::support::instances;
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view::node_span;

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX014",
    name: "borg-import-tar-exclusions",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "a borgbackup job with `createCommand = \"import-tar\"` sets `exclude` or `patterns`",
    why: "The NixOS module asserts `createCommand != \"import-tar\" || (exclude == [ ] && \
          patterns == [ ])`: `borg import-tar` stores the tar stream as it is and takes no \
          exclusions, so the module refuses them rather than ignore them.",
    bad: "services.borgbackup.jobs.tar = {\n  createCommand = \"import-tar\";\n  dumpCommand = \"/etc/backup/make-tar.sh\";\n  exclude = [ \"*.tmp\" ];\n  repo = \"/backup\";\n  encryption.mode = \"none\";\n};",
    good: "services.borgbackup.jobs.tar = {\n  createCommand = \"import-tar\";\n  dumpCommand = \"/etc/backup/make-tar.sh\";\n  repo = \"/backup\";\n  encryption.mode = \"none\";\n};",
    fix: "Remove `exclude` and `patterns`, and leave the files out of the tar stream that \
          `dumpCommand` writes instead.",
};

/// The check.
pub struct BorgImportTarExclusions;

impl Check for BorgImportTarExclusions {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for job in instances(cx, ModuleKind::BorgbackupJobs) {
            if job.setting("createCommand").str() != Some("import-tar") {
                continue;
            }
            for name in ["exclude", "patterns"] {
                if job.setting(name).list_is_empty(true) != Some(false) {
                    continue;
                }
                let mut d = Diagnostic::error(
                    RULE.code,
                    format!(
                        "{} has no effect with createCommand = \"import-tar\"",
                        job.option(name)
                    ),
                    job.at(name).and_then(node_span).or(job.span()),
                );
                if let Some(span) = job.at("createCommand").and_then(node_span) {
                    d = d.with_label(span, "createCommand is \"import-tar\" here");
                }
                out.push(d.with_help(format!(
                    "remove {name}, and leave those files out of the tar stream dumpCommand writes"
                )));
            }
        }
    }
}
