//! BX032: a borg `compression` spec that works but does not do what it seems to.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::support::{inner_span, instances};
use crate::domain::compression::check_compression;
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view;

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX032",
    name: "borg-compression-doubtful",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "a borgbackup job's `compression` is accepted but part of it is ignored or pointless",
    why: "borg ignores what follows `none` or `lz4` (so `lz4,9` is plain lz4), and reads \
          levels with Python's `int()`. Such specs run, but not as written; they are warnings \
          because the backup still works.",
    bad: "services.borgbackup.jobs.home.compression = \"lz4,9\";",
    good: "services.borgbackup.jobs.home.compression = \"lz4\";",
    fix: "Write the spec as borg reads it: drop ignored parts, or pick an algorithm that takes \
          a level (zstd, zlib, lzma).",
};

/// The check.
pub struct BorgCompressionDoubtful;

impl Check for BorgCompressionDoubtful {
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
            // Rejected specs are reported by the type check or BX031.
            if check.module.is_err() || check.borg.is_err() {
                continue;
            }
            for issue in check.warnings {
                out.push(
                    Diagnostic::warning(
                        RULE.code,
                        format!("{}: {}", job.option("compression"), issue.message),
                        inner_span(cx.sources, value, issue.range).or(view::value_span(value)),
                    )
                    .with_help("write the spec as borg reads it"),
                );
            }
        }
    }
}
