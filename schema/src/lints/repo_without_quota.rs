//! BX135 (opt-in): a served borg repository without a storage quota.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::{LocatedValue, ModuleKind};

use super::support::{Setting, finding, instances};
use crate::rule::{Check, Context, Kind, Level, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX135",
    name: "repo-without-quota",
    kind: Kind::Lint,
    default_level: Level::Allow,
    summary: "a served borg repository has no `quota`",
    why: "Without `quota` the module starts `borg serve` without `--storage-quota`, so one \
          client (misconfigured, never pruning, or compromised) can fill the server's disk and \
          stop the backups of every other repository stored there. Opt-in, for servers that \
          hold several clients.",
    bad: r#"services.borgbackup.repos.laptop = {
  path = "/srv/borg/laptop";
  authorizedKeysAppendOnly = [ "ssh-ed25519 AAAAC3Nza… root@laptop" ];
};"#,
    good: r#"services.borgbackup.repos.laptop = {
  path = "/srv/borg/laptop";
  authorizedKeysAppendOnly = [ "ssh-ed25519 AAAAC3Nza… root@laptop" ];
  quota = "200G";
};"#,
    fix: "Set `quota` (for example `\"200G\"`) to what the client may use.",
};

/// The check.
pub struct RepoWithoutQuota;

impl Check for RepoWithoutQuota {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for repo in instances(cx, ModuleKind::BorgbackupRepos) {
            let unset = matches!(
                repo.get("quota"),
                Setting::Absent | Setting::Value(LocatedValue::Null { .. })
            );
            if unset {
                out.push(finding(
                    &RULE,
                    format!(
                        "borg repository `{}` has no quota: a client can fill the disk",
                        repo.name
                    ),
                    repo.written("quota").or_else(|| repo.span()),
                ));
            }
        }
    }
}
