//! BX100: a borg passphrase written into the configuration, and so into the world-readable store.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::{LocatedValue, ModuleKind};

use super::source_text::secret_spans;
use super::support::{Setting, finding, instances, reads_file};
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view;

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX100",
    name: "passphrase-in-store",
    kind: Kind::Lint,
    default_level: Level::Deny,
    summary: "a borg job's `encryption.passphrase` is written into the world-readable Nix store",
    why: "The module turns `encryption.passphrase` into `BORG_PASSPHRASE` in the unit's \
          environment and in the `borg-job-<name>` wrapper, both in /nix/store, which every user \
          of the machine (and every binary cache it pushes to) can read. With the repository and \
          the passphrase, anyone can read or delete the backups. The module documents this but \
          emits no warning. A passphrase read with `builtins.readFile` lands in the store the \
          same way.",
    bad: r#"services.borgbackup.jobs.home = {
  paths = [ "/home" ];
  repo = "borg@backup.example.org:home";
  encryption.mode = "repokey-blake2";
  encryption.passphrase = "correct horse battery staple";
};"#,
    good: r#"services.borgbackup.jobs.home = {
  paths = [ "/home" ];
  repo = "borg@backup.example.org:home";
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg-passphrase";
};"#,
    fix: "Keep the passphrase in a file outside the store (agenix, sops-nix, or a root-only \
          file) and use `encryption.passCommand = \"cat /path/to/file\"` instead.",
};

/// The check.
pub struct PassphraseInStore;

impl Check for PassphraseInStore {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for job in instances(cx, ModuleKind::BorgbackupJobs) {
            let Setting::Value(value) = job.get("encryption.passphrase") else {
                if let Some(node) = job.node("encryption.passphrase")
                    && let Some(v) = view::value(node)
                    && reads_file(v)
                {
                    report(cx, &job, v, "is read from a file at evaluation time", out);
                }
                continue;
            };
            match value {
                LocatedValue::String { .. } | LocatedValue::PartialString { .. } => {
                    report(cx, &job, value, "is written in the configuration", out)
                }
                _ => {}
            }
        }
    }
}

fn report(
    cx: &Context<'_>,
    job: &super::support::Job<'_>,
    value: &LocatedValue,
    how: &str,
    out: &mut Vec<Diagnostic>,
) {
    let span = view::value_span(value).or_else(|| job.span_of("encryption.passphrase"));
    let mut d = finding(
        &RULE,
        format!(
            "the passphrase of borg job `{}` {how} and ends up in the world-readable Nix store",
            job.name
        ),
        span,
    )
    .with_note(format!(
        "`{}` becomes BORG_PASSPHRASE in the unit and the wrapper, both in /nix/store",
        job.option("encryption.passphrase")
    ));
    for s in secret_spans(cx.sources, value) {
        d = d.with_secret(s);
    }
    out.push(d);
}
