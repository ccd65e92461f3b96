//! BX020: a home-manager borgmatic backup sets exactly one of `location.sourceDirectories` and
//! `location.patterns` (the module's assertions).

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::support::{enabled, grouped_instances};
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view::node_span;

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX020",
    name: "borgmatic-sources-or-patterns",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "a home-manager `programs.borgmatic.backups` entry sets both or neither of `location.sourceDirectories` and `location.patterns`",
    why: "With `programs.borgmatic.enable = true`, home-manager asserts that each backup sets \
          `location.sourceDirectories` or `location.patterns` but not both: the configuration \
          does not build otherwise.",
    bad: "programs.borgmatic.enable = true;\nprograms.borgmatic.backups.home = {\n  location.repositories = [ \"/mnt/backup\" ];\n};",
    good: "programs.borgmatic.enable = true;\nprograms.borgmatic.backups.home = {\n  location.sourceDirectories = [ \"/home/me\" ];\n  location.repositories = [ \"/mnt/backup\" ];\n};",
    fix: "Set `location.sourceDirectories` to the directories to back up, or express them as \
          `R` lines in `location.patterns`, not both.",
};

/// The check.
pub struct BorgmaticSourcesOrPatterns;

impl Check for BorgmaticSourcesOrPatterns {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for backup in grouped_instances(cx, ModuleKind::HomeProgramsBorgmatic, "backups") {
            // The assertions live inside `mkIf cfg.enable`.
            if enabled(backup.root) != Some(true) {
                continue;
            }
            let sources = backup.setting("location.sourceDirectories").is_null(true);
            let patterns = backup.setting("location.patterns").is_null(true);
            let (Some(sources_null), Some(patterns_null)) = (sources, patterns) else {
                continue;
            };
            if sources_null && patterns_null {
                out.push(
                    Diagnostic::error(
                        RULE.code,
                        format!(
                            "{} must specify one of location.sourceDirectories or \
                             location.patterns",
                            backup.path()
                        ),
                        backup.span(),
                    )
                    .with_help("set location.sourceDirectories to the directories to back up"),
                );
            } else if !sources_null && !patterns_null {
                let mut d = Diagnostic::error(
                    RULE.code,
                    format!(
                        "{} cannot specify both location.sourceDirectories and location.patterns",
                        backup.path()
                    ),
                    backup
                        .at("location.patterns")
                        .and_then(node_span)
                        .or(backup.span()),
                );
                if let Some(span) = backup.at("location.sourceDirectories").and_then(node_span) {
                    d = d.with_label(span, "sourceDirectories is set here");
                }
                out.push(d.with_help(
                    "keep one: write the source directories as `R /path` lines in \
                     location.patterns, or drop the patterns",
                ));
            }
        }
    }
}
