//! BX104: a borg passphrase command that reads a file in the Nix store.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::{LocatedValue, ModuleKind};

use super::source_text::secret_spans;
use super::support::{Job, finding, home_borgmatic_backups, instances, store_source};
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view;

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX104",
    name: "pass-command-reads-store",
    kind: Kind::Lint,
    default_level: Level::Deny,
    summary: "a borg passphrase command (`encryption.passCommand`, BORG_PASSCOMMAND, \
              `storage.encryptionPasscommand`) reads a file in the Nix store",
    why: "A passphrase command only keeps the passphrase out of the store when the file it reads \
          is outside it. `\"cat ${./borg-passphrase}\"` copies the file into the world-readable \
          /nix/store, and `pkgs.writeText` writes the passphrase there, so every local user can \
          read it and, with the repository, the backups.",
    bad: r#"services.borgbackup.jobs.home = {
  paths = [ "/home" ];
  repo = "borg@nas:home";
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat ${./borg-passphrase}";
};"#,
    good: r#"services.borgbackup.jobs.home = {
  paths = [ "/home" ];
  repo = "borg@nas:home";
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg-passphrase";
};"#,
    fix: "Keep the passphrase in a root-only file outside the store (agenix, sops-nix, or a file \
          created by hand) and name it as a string in the command.",
};

/// The check.
pub struct PassCommandReadsStore;

impl Check for PassCommandReadsStore {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for job in instances(cx, ModuleKind::BorgbackupJobs) {
            check_option(cx, &job, "encryption.passCommand", "borg job", out);
            check_option(cx, &job, "environment.BORG_PASSCOMMAND", "borg job", out);
        }
        for job in home_borgmatic_backups(cx) {
            check_option(
                cx,
                &job,
                "storage.encryptionPasscommand",
                "borgmatic backup",
                out,
            );
        }
    }
}

fn check_option(
    cx: &Context<'_>,
    job: &Job<'_>,
    option: &str,
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    let Some(value) = job.node(option).and_then(view::value) else {
        return;
    };
    if matches!(value, LocatedValue::Path { .. }) {
        return;
    }
    let how = match value {
        LocatedValue::String { value: text, .. } if text.contains("/nix/store/") => {
            "a store path".to_string()
        }
        _ => match store_source(value) {
            Some(how) => how,
            None => return,
        },
    };
    let span = view::value_span(value).or_else(|| job.span_of(option));
    let mut d = finding(
        &RULE,
        format!(
            "the passphrase command of {what} `{}` reads a file in the world-readable Nix store",
            job.name
        ),
        span,
    )
    .with_note(format!("`{option}` uses {how}"));
    for s in secret_spans(cx.sources, value) {
        d = d.with_secret(s);
    }
    out.push(d);
}
