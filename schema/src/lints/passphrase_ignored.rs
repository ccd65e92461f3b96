//! BX107: both `encryption.passCommand` and `encryption.passphrase`: the passphrase is ignored.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::{LocatedValue, ModuleKind};

use super::source_text::secret_spans;
use super::support::{Setting, finding, instances};
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view;

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX107",
    name: "passphrase-ignored",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "a borg job sets both `encryption.passCommand` and `encryption.passphrase`; the \
              passphrase is ignored",
    why: "When both are set the module exports only BORG_PASSCOMMAND; the passphrase is silently \
          dropped (there is no assertion). If the command prints something else, borg fails or \
          — worse — a repository initialised by `doInit` gets the command's output as its \
          passphrase, not the one written down for the day of the restore.",
    bad: r#"services.borgbackup.jobs.home = {
  paths = [ "/home" ];
  repo = "/mnt/backup/home";
  encryption = {
    mode = "repokey-blake2";
    passCommand = "cat /run/secrets/borg";
    passphrase = "the one in my password manager";
  };
};"#,
    good: r#"services.borgbackup.jobs.home = {
  paths = [ "/home" ];
  repo = "/mnt/backup/home";
  encryption = {
    mode = "repokey-blake2";
    passCommand = "cat /run/secrets/borg";
  };
};"#,
    fix: "Remove `encryption.passphrase` and make sure the passphrase command prints the \
          repository's passphrase.",
};

/// The check.
pub struct PassphraseIgnored;

fn is_set(s: Setting<'_>) -> bool {
    matches!(s, Setting::Value(v) if !matches!(v, LocatedValue::Null { .. }))
}

impl Check for PassphraseIgnored {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for job in instances(cx, ModuleKind::BorgbackupJobs) {
            if !is_set(job.get("encryption.passCommand"))
                || !is_set(job.get("encryption.passphrase"))
            {
                continue;
            }
            let secret = job
                .node("encryption.passphrase")
                .and_then(view::value)
                .map(|v| secret_spans(cx.sources, v))
                .unwrap_or_default();
            let span = job.span_of("encryption.passphrase");
            let mut d = finding(
                &RULE,
                format!(
                    "borg job `{}` sets both a passphrase command and a passphrase: the \
                     passphrase is ignored",
                    job.name
                ),
                span,
            );
            if let Some(s) = job.written("encryption.passCommand") {
                d = d.with_label(s, "this command gives the passphrase borg uses");
            }
            for s in secret {
                d = d.with_secret(s);
            }
            out.push(d);
        }
    }
}
