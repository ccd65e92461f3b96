//! BX101: a password, key or token given as a literal value in a borg job's `environment`.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::{LocatedValue, ModuleKind};

use super::source_text::secret_spans;
use super::support::{finding, instances, is_secret_name, reads_file};
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view;

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX101",
    name: "secret-in-environment",
    kind: Kind::Lint,
    default_level: Level::Deny,
    summary: "a secret (BORG_PASSPHRASE, AWS_SECRET_ACCESS_KEY, B2_ACCOUNT_KEY, …) is a literal \
              value in a borg job's `environment`",
    why: "Every entry of `services.borgbackup.jobs.<name>.environment` is written into the \
          unit's environment and baked into the `borg-job-<name>` wrapper with `--set`, both in \
          the world-readable /nix/store. A passphrase, cloud key or token there can be read by \
          every local user and by anyone who gets the store paths (binary caches, `nix copy`).",
    bad: r#"services.borgbackup.jobs.home = {
  repo = "/mnt/backup/home";
  paths = [ "/home" ];
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
  environment.AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG";
};"#,
    good: r#"services.borgbackup.jobs.home = {
  repo = "/mnt/backup/home";
  paths = [ "/home" ];
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
};
systemd.services.borgbackup-job-home.serviceConfig.EnvironmentFile = "/run/secrets/borg-env";"#,
    fix: "Move the secret into a root-only file outside the store and load it with \
          `systemd.services.borgbackup-job-<name>.serviceConfig.EnvironmentFile`, or use \
          `encryption.passCommand` for the passphrase.",
};

/// The check.
pub struct SecretInEnvironment;

impl Check for SecretInEnvironment {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for job in instances(cx, ModuleKind::BorgbackupJobs) {
            let Some(attrs) = job.attrs("environment") else {
                continue;
            };
            for (name, value) in attrs {
                if !is_secret_name(name) {
                    continue;
                }
                let literal = match value {
                    LocatedValue::String { value, .. } => !value.is_empty(),
                    v => reads_file(v),
                };
                if !literal {
                    continue;
                }
                let span = view::value_span(value).or_else(|| job.span_of("environment"));
                let mut d = finding(
                    &RULE,
                    format!(
                        "`{name}` of borg job `{}` is a literal secret: it ends up in the \
                         world-readable Nix store",
                        job.name
                    ),
                    span,
                )
                .with_note(
                    "job environments are written into the systemd unit and the wrapper script",
                );
                for s in secret_spans(cx.sources, value) {
                    d = d.with_secret(s);
                }
                out.push(d);
            }
        }
    }
}
