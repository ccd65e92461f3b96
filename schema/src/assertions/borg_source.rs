//! BX012: a borg job backs up either `paths` or the output of `dumpCommand`, exactly one of
//! them (the module's assertion).

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::support::instances;
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view::node_span;

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX012",
    name: "borg-paths-or-dump-command",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "a borgbackup job sets both or neither of `paths` and `dumpCommand`",
    why: "The NixOS module asserts that exactly one of `paths` and `dumpCommand` is non-null \
          (`paths = [ ]` counts as set): the system does not build otherwise. The job backs up \
          either files or the standard output of one command, never both.",
    bad: "services.borgbackup.jobs.db = {\n  repo = \"/backup\";\n  encryption.mode = \"none\";\n};",
    good: "services.borgbackup.jobs.db = {\n  paths = [ \"/var/lib/db\" ];\n  repo = \"/backup\";\n  encryption.mode = \"none\";\n};",
    fix: "Set `paths` to the directories to back up, or `dumpCommand` to an executable whose \
          output is the backup; for both, use two jobs.",
};

/// The check.
pub struct BorgSource;

impl Check for BorgSource {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for job in instances(cx, ModuleKind::BorgbackupJobs) {
            let paths = job.setting("paths").is_null(true);
            let dump = job.setting("dumpCommand").is_null(true);
            let (Some(paths_null), Some(dump_null)) = (paths, dump) else {
                continue;
            };
            if paths_null && dump_null {
                out.push(
                    Diagnostic::error(
                        RULE.code,
                        format!(
                            "{} sets neither paths nor dumpCommand: exactly one of them must be set",
                            job.path()
                        ),
                        job.span(),
                    )
                    .with_help(
                        "set paths to what the job backs up (or dumpCommand to an executable \
                         whose output is backed up)",
                    ),
                );
            } else if !paths_null && !dump_null {
                let mut d = Diagnostic::error(
                    RULE.code,
                    format!(
                        "{} sets both paths and dumpCommand: exactly one of them must be set",
                        job.path()
                    ),
                    job.at("dumpCommand").and_then(node_span).or(job.span()),
                );
                if let Some(span) = job.at("paths").and_then(node_span) {
                    d = d.with_label(span, "paths is set here");
                }
                out.push(d.with_help(
                    "remove one of them; to back up files and a command's output, define two jobs",
                ));
            }
        }
    }
}
