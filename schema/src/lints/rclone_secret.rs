//! BX102: a password, key or token in a restic backup's `rcloneConfig` or `rcloneOptions`.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::{LocatedValue, ModuleKind};

use super::source_text::secret_spans;
use super::support::{finding, instances, is_secret_name};
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view;

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX102",
    name: "rclone-secret-in-store",
    kind: Kind::Lint,
    default_level: Level::Deny,
    summary: "a restic backup's `rcloneConfig` or `rcloneOptions` holds a password, key or token",
    why: "The restic module turns every `rcloneConfig` key into an `RCLONE_CONFIG_<REMOTE>_<KEY>` \
          variable (and every `rcloneOptions` key into `RCLONE_<NAME>`) of the systemd unit and \
          of the `restic-<name>` wrapper, both in the world-readable /nix/store. rclone's \
          obscured `pass` is not encryption: `rclone reveal` turns it back into the password.",
    bad: r#"services.restic.backups.cloud = {
  repository = "rclone:box:backups";
  passwordFile = "/run/secrets/restic";
  paths = [ "/home" ];
  rcloneConfig = {
    type = "sftp";
    host = "box.example.org";
    user = "backup";
    pass = "hYq0bF2zJ4sLk";
  };
};"#,
    good: r#"services.restic.backups.cloud = {
  repository = "rclone:box:backups";
  passwordFile = "/run/secrets/restic";
  paths = [ "/home" ];
  rcloneConfigFile = "/run/secrets/rclone.conf";
};"#,
    fix: "Put the rclone remote, with its secret, in a root-only `rcloneConfigFile` outside the \
          store, or pass the secret through `environmentFile` (RCLONE_CONFIG_<REMOTE>_PASS=…).",
};

/// The check.
pub struct RcloneSecret;

impl Check for RcloneSecret {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for job in instances(cx, ModuleKind::ResticBackups) {
            for option in ["rcloneConfig", "rcloneOptions"] {
                let Some(attrs) = job.attrs(option) else {
                    continue;
                };
                for (key, value) in attrs {
                    let LocatedValue::String { value: text, .. } = value else {
                        continue;
                    };
                    if text.is_empty() || !is_secret_name(key) {
                        continue;
                    }
                    let span = view::value_span(value).or_else(|| job.span_of(option));
                    let mut d = finding(
                        &RULE,
                        format!(
                            "`{option}.{key}` of restic backup `{}` is a secret written into the \
                             world-readable Nix store",
                            job.name
                        ),
                        span,
                    )
                    .with_note("the module passes it as an environment variable of the unit");
                    for s in secret_spans(cx.sources, value) {
                        d = d.with_secret(s);
                    }
                    out.push(d);
                }
            }
        }
    }
}
