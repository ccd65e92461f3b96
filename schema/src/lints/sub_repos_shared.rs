//! BX136: `allowSubRepos` with several keys: clients reach each other's repositories.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::support::{finding, instances};
use crate::rule::{Check, Context, Kind, Level, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX136",
    name: "sub-repos-shared-keys",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "a served borg repository with `allowSubRepos` has several keys, which can all \
              reach every repository below its path",
    why: "With `allowSubRepos` the module restricts each key with `--restrict-to-path .` (the \
          whole `path`) instead of `--restrict-to-repository .`. Every key of the entry can then \
          open, read the metadata of, and — with `authorizedKeys` — delete every repository \
          below `path`, including the ones other clients created there.",
    bad: r#"services.borgbackup.repos.clients = {
  path = "/srv/borg";
  allowSubRepos = true;
  authorizedKeysAppendOnly = [
    "ssh-ed25519 AAAAC3Nza…1 root@laptop"
    "ssh-ed25519 AAAAC3Nza…2 root@desktop"
  ];
};"#,
    good: r#"services.borgbackup.repos = {
  laptop = {
    path = "/srv/borg/laptop";
    authorizedKeysAppendOnly = [ "ssh-ed25519 AAAAC3Nza…1 root@laptop" ];
  };
  desktop = {
    path = "/srv/borg/desktop";
    authorizedKeysAppendOnly = [ "ssh-ed25519 AAAAC3Nza…2 root@desktop" ];
  };
};"#,
    fix: "Give each client its own `services.borgbackup.repos.<name>` entry with its own `path`.",
};

/// The check.
pub struct SubReposShared;

impl Check for SubReposShared {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for repo in instances(cx, ModuleKind::BorgbackupRepos) {
            if repo.flag("allowSubRepos", false) != Some(true) {
                continue;
            }
            let (Some(full), Some(append)) = (
                repo.strings("authorizedKeys"),
                repo.strings("authorizedKeysAppendOnly"),
            ) else {
                continue;
            };
            let keys = full.len() + append.len();
            if keys < 2 {
                continue;
            }
            out.push(finding(
                &RULE,
                format!(
                    "the {keys} keys of borg repository `{}` can each reach every repository \
                     below its path (`allowSubRepos`)",
                    repo.name
                ),
                repo.span_of("allowSubRepos"),
            ));
        }
    }
}
