//! BX105: a restic repository URL with a password in it.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::source_text::secret_spans;
use super::support::{finding, instances};
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view;

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX105",
    name: "password-in-repository-url",
    kind: Kind::Lint,
    default_level: Level::Deny,
    summary: "a restic `repository` URL carries a password (`rest:https://user:password@host/`)",
    why: "`services.restic.backups.<name>.repository` becomes RESTIC_REPOSITORY in the systemd \
          unit and in the `restic-<name>` wrapper, both in the world-readable /nix/store. A \
          rest-server or S3 password written into the URL is readable by every local user; with \
          it and the repository password, the backups can be read or deleted.",
    bad: r#"services.restic.backups.home = {
  repository = "rest:https://backup:s3cr3t@rest.example.org/home";
  passwordFile = "/run/secrets/restic";
  paths = [ "/home" ];
};"#,
    good: r#"services.restic.backups.home = {
  repositoryFile = "/run/secrets/restic-repository";
  passwordFile = "/run/secrets/restic";
  paths = [ "/home" ];
};"#,
    fix: "Put the whole URL in a root-only file outside the store and name it with \
          `repositoryFile`, or set RESTIC_REPOSITORY in `environmentFile`.",
};

/// The check.
pub struct PasswordInRepositoryUrl;

/// Whether the text has `scheme://user:password@` (unknown pieces count as text).
fn has_password(url: &str) -> bool {
    let Some(start) = url.find("://") else {
        return false;
    };
    let rest = &url[start + 3..];
    let authority = rest.split('/').next().unwrap_or("");
    let Some(at) = authority.rfind('@') else {
        return false;
    };
    authority[..at]
        .split_once(':')
        .is_some_and(|(_, password)| !password.is_empty())
}

impl Check for PasswordInRepositoryUrl {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for job in instances(cx, ModuleKind::ResticBackups) {
            let Some(value) = job.node("repository").and_then(view::value) else {
                continue;
            };
            let Some(text) = view::string_with_holes(value, "x") else {
                continue;
            };
            if !has_password(&text) {
                continue;
            }
            let span = view::value_span(value).or_else(|| job.span_of("repository"));
            let mut d = finding(
                &RULE,
                format!(
                    "the repository URL of restic backup `{}` contains a password, which ends up \
                     in the world-readable Nix store",
                    job.name
                ),
                span,
            );
            for s in secret_spans(cx.sources, value) {
                d = d.with_secret(s);
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::has_password;

    #[test]
    fn urls() {
        assert!(has_password("rest:https://u:p@h/x"));
        assert!(has_password("s3:https://key:secret@s3.example.org/bucket"));
        assert!(!has_password("rest:https://u@h/x"));
        assert!(!has_password("sftp:u@h:/srv/x"));
        assert!(!has_password("rest:https://h:8000/x"));
        assert!(!has_password("/srv/restic"));
    }
}
