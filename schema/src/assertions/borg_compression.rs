//! BX031: a borg `compression` spec the module's type accepts but borg rejects.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::support::{inner_span, instances};
use crate::domain::compression::check_compression;
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view;

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX031",
    name: "borg-compression-invalid",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "a borgbackup job's `compression` passes the module's type but `borg create` rejects it",
    why: "The module's type only checks the shape `[auto,]ALGORITHM[,NN]`, so a level borg does \
          not support (such as `zstd,99` or `lzma,10`) builds fine; `borg create --compression` \
          then refuses it and every run of the job fails.",
    bad: "services.borgbackup.jobs.home.compression = \"zstd,99\";",
    good: "services.borgbackup.jobs.home.compression = \"zstd,19\";",
    fix: "Use a level borg accepts: zstd 1..22, zlib and lzma 0..9; lz4 and none take none.",
};

/// The check.
pub struct BorgCompression;

impl Check for BorgCompression {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for job in instances(cx, ModuleKind::BorgbackupJobs) {
            let Some(value) = job.setting("compression").value() else {
                continue;
            };
            let Some(spec) = view::as_str(value) else {
                continue;
            };
            let check = check_compression(spec);
            // What the module's type rejects is the type check's finding.
            if check.module.is_err() {
                continue;
            }
            if let Err(issue) = check.borg {
                out.push(
                    Diagnostic::error(
                        RULE.code,
                        format!("{}: {}", job.option("compression"), issue.message),
                        inner_span(cx.sources, value, issue.range).or(view::value_span(value)),
                    )
                    .with_help(
                        "use a level borg accepts: zstd 1..22, zlib and lzma 0..9 (such as \
                         \"auto,zstd,10\")",
                    ),
                );
            }
        }
    }
}
