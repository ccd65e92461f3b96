//! BX134 (opt-in): a served borg repository that clients can delete.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::support::{finding, instances};
use crate::rule::{Check, Context, Kind, Level, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX134",
    name: "repo-full-access-key",
    kind: Kind::Lint,
    default_level: Level::Allow,
    summary: "a served borg repository gives clients full access (`authorizedKeys`) rather than \
              append-only access",
    why: "Keys in `services.borgbackup.repos.<name>.authorizedKeys` get `borg serve` without \
          `--append-only`: whoever takes over a client (ransomware, a stolen laptop) can delete \
          or prune every archive the server holds for it, and the backups die with the client. \
          Keys in `authorizedKeysAppendOnly` can add archives but deleting only marks \
          transactions that the server's owner can roll back. Opt-in, because pruning from the \
          client needs full access.",
    bad: r#"services.borgbackup.repos.laptop = {
  path = "/srv/borg/laptop";
  authorizedKeys = [ "ssh-ed25519 AAAAC3Nza… root@laptop" ];
};"#,
    good: r#"services.borgbackup.repos.laptop = {
  path = "/srv/borg/laptop";
  authorizedKeysAppendOnly = [ "ssh-ed25519 AAAAC3Nza… root@laptop" ];
};"#,
    fix: "Move client keys to `authorizedKeysAppendOnly` and prune on the server (or from a \
          separate, better protected key).",
};

/// The check.
pub struct RepoFullAccessKey;

impl Check for RepoFullAccessKey {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for repo in instances(cx, ModuleKind::BorgbackupRepos) {
            let Some(keys) = repo.strings("authorizedKeys") else {
                continue;
            };
            if keys.is_empty() {
                continue;
            }
            out.push(finding(
                &RULE,
                format!(
                    "{} key(s) of borg repository `{}` can delete its archives (not append-only)",
                    keys.len(),
                    repo.name
                ),
                repo.span_of("authorizedKeys"),
            ));
        }
    }
}
