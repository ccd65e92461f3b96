//! BX011: a borg repository served by the machine needs at least one public key (the module's
//! assertion).

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::support::instances;
use crate::rule::{Check, Context, Kind, Level, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX011",
    name: "borg-repo-without-keys",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "a `services.borgbackup.repos` entry has no `authorizedKeys` and no `authorizedKeysAppendOnly`",
    why: "The NixOS module asserts `authorizedKeys != [ ] || authorizedKeysAppendOnly != [ ]` \
          (\"does not make sense without at least one public key\"): the system does not build. \
          Without a key no client can reach the repository.",
    bad: "services.borgbackup.repos.laptop = {\n  path = \"/srv/borg/laptop\";\n};",
    good: "services.borgbackup.repos.laptop = {\n  path = \"/srv/borg/laptop\";\n  authorizedKeys = [ \"ssh-ed25519 AAAA… root@laptop\" ];\n};",
    fix: "Add the client's SSH public key to `authorizedKeys` (full access) or \
          `authorizedKeysAppendOnly` (the client cannot delete archives).",
};

/// The check.
pub struct BorgRepoKeys;

impl Check for BorgRepoKeys {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for repo in instances(cx, ModuleKind::BorgbackupRepos) {
            let full = repo.setting("authorizedKeys").list_is_empty(true);
            let append = repo.setting("authorizedKeysAppendOnly").list_is_empty(true);
            if full == Some(true) && append == Some(true) {
                let mut d = Diagnostic::error(
                    RULE.code,
                    format!(
                        "{} has no public key: authorizedKeys and authorizedKeysAppendOnly are \
                         both empty",
                        repo.path()
                    ),
                    repo.span(),
                );
                for name in ["authorizedKeys", "authorizedKeysAppendOnly"] {
                    if let Some(span) = repo.at(name).and_then(crate::view::node_span) {
                        d = d.with_label(span, format!("{name} is empty"));
                    }
                }
                out.push(d.with_help(
                    "add the client's SSH public key to authorizedKeys, or to \
                     authorizedKeysAppendOnly to keep the client from deleting archives",
                ));
            }
        }
    }
}
