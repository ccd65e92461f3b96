//! BX122: a borg `dumpCommand` written as a command line rather than one program.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::{LocatedValue, ModuleKind, StringPart};

use super::support::{finding, instances};
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view;

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX122",
    name: "dump-command-with-arguments",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "a borg `dumpCommand` contains arguments, a pipe or other shell syntax",
    why: "`dumpCommand` is a path (`types.path`), and the module shell-escapes it as one word \
          before piping it into `borg create`. `\"${pkgs.postgresql}/bin/pg_dumpall -U \
          postgres\"` is therefore run as a program whose file name contains the spaces; it \
          does not exist, the job fails every night, and nothing is backed up. (A string that \
          does not start with `/` is rejected by the option type itself.)",
    bad: r#"services.borgbackup.jobs.postgres = {
  dumpCommand = "${config.services.postgresql.package}/bin/pg_dumpall -U postgres";
  repo = "/mnt/backup/postgres";
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
};"#,
    good: r#"services.borgbackup.jobs.postgres = {
  dumpCommand = pkgs.writeShellScript "dump-postgres" ''
    ${config.services.postgresql.package}/bin/pg_dumpall -U postgres
  '';
  repo = "/mnt/backup/postgres";
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
};"#,
    fix: "Wrap the command line in a script, `pkgs.writeShellScript \"dump\" ''…''`, and give \
          that as `dumpCommand`.",
};

/// Whether known text contains whitespace or shell syntax.
fn has_shell_syntax(text: &str) -> bool {
    text.contains(|c: char| c.is_whitespace() || "|;&<>$`".contains(c))
}

/// The check.
pub struct DumpCommandArguments;

impl Check for DumpCommandArguments {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for job in instances(cx, ModuleKind::BorgbackupJobs) {
            let Some(value) = job.node("dumpCommand").and_then(view::value) else {
                continue;
            };
            let found = match value {
                LocatedValue::String { value, .. } => {
                    value.starts_with('/') && has_shell_syntax(value)
                }
                LocatedValue::PartialString { parts, .. } => parts.iter().any(|p| match p {
                    StringPart::Text { text } => has_shell_syntax(text),
                    StringPart::Unknown { .. } => false,
                }),
                _ => false,
            };
            if !found {
                continue;
            }
            out.push(
                finding(
                    &RULE,
                    format!(
                        "`dumpCommand` of borg job `{}` is a command line, but the module runs it \
                         as a single program name",
                        job.name
                    ),
                    job.span_of("dumpCommand"),
                )
                .with_note("the module shell-escapes `dumpCommand` as one word"),
            );
        }
    }
}
