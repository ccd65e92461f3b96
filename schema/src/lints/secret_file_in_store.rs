//! BX103: a restic password, environment, repository or rclone file that is a store path.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::{LocatedValue, ModuleKind};

use super::source_text::secret_spans;
use super::support::{finding, instances, store_source};
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view;

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX103",
    name: "secret-file-in-store",
    kind: Kind::Lint,
    default_level: Level::Deny,
    summary: "a restic `passwordFile`, `environmentFile`, `repositoryFile` or `rcloneConfigFile` \
              is a file in the Nix store",
    why: "These options name files meant to stay private: the repository password, credentials, \
          the repository location (which may carry a user and password) and the rclone remote \
          with its secrets. A Nix path literal (`passwordFile = ./restic-password;`) is copied \
          into the world-readable /nix/store, and `pkgs.writeText` or `builtins.toFile` write \
          their text there; every local user, and every cache the system is copied to, can then \
          read the secret.",
    bad: r#"services.restic.backups.home = {
  repository = "sftp:backup@nas:/srv/restic";
  passwordFile = ./secrets/restic-password;
  paths = [ "/home" ];
};"#,
    good: r#"services.restic.backups.home = {
  repository = "sftp:backup@nas:/srv/restic";
  passwordFile = "/run/secrets/restic-password";
  paths = [ "/home" ];
};"#,
    fix: "Give the option a string naming a root-only file outside the store (as agenix or \
          sops-nix provide), never a path literal or a file written by Nix.",
};

const OPTIONS: [&str; 4] = [
    "passwordFile",
    "environmentFile",
    "repositoryFile",
    "rcloneConfigFile",
];

/// The check.
pub struct SecretFileInStore;

impl Check for SecretFileInStore {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for job in instances(cx, ModuleKind::ResticBackups) {
            for option in OPTIONS {
                let Some(value) = job.node(option).and_then(view::value) else {
                    continue;
                };
                let Some(how) = store_source(value) else {
                    continue;
                };
                let span = view::value_span(value).or_else(|| job.span_of(option));
                let mut d = finding(
                    &RULE,
                    format!(
                        "`{option}` of restic backup `{}` is in the world-readable Nix store",
                        job.name
                    ),
                    span,
                )
                .with_note(format!("the file is given as {how}"));
                // The text of writeText and the like is the secret itself.
                if !matches!(value, LocatedValue::Path { .. }) {
                    for s in secret_spans(cx.sources, value) {
                        d = d.with_secret(s);
                    }
                }
                out.push(d);
            }
        }
    }
}
