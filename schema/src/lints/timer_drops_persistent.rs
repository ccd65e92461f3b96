//! BX131: a restic `timerConfig` that drops the default `Persistent = true`.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::support::{Setting, finding, instances};
use crate::rule::{Check, Context, Kind, Level, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX131",
    name: "timer-config-drops-persistent",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "a restic `timerConfig` without `Persistent` replaces the default \
              `{ OnCalendar = \"daily\"; Persistent = true; }` and loses `Persistent`",
    why: "`timerConfig` is one option: setting it replaces the whole default, it is not merged \
          key by key. Writing `timerConfig = { OnCalendar = \"03:00\"; };` to change the time \
          also drops `Persistent = true`, so a run missed while the machine was off or \
          rebooting is no longer caught up at the next boot — on laptops and desktops most runs \
          are silently skipped.",
    bad: r#"services.restic.backups.home = {
  repository = "/mnt/backup/restic";
  passwordFile = "/run/secrets/restic";
  paths = [ "/home" ];
  timerConfig = { OnCalendar = "03:00"; };
};"#,
    good: r#"services.restic.backups.home = {
  repository = "/mnt/backup/restic";
  passwordFile = "/run/secrets/restic";
  paths = [ "/home" ];
  timerConfig = { OnCalendar = "03:00"; Persistent = true; };
};"#,
    fix: "Add `Persistent = true;` to `timerConfig` (or `Persistent = false;` to say that \
          missed runs should stay missed).",
};

/// The check.
pub struct TimerDropsPersistent;

impl Check for TimerDropsPersistent {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for job in instances(cx, ModuleKind::ResticBackups) {
            if !matches!(
                job.get("timerConfig"),
                Setting::Set(_)
                    | Setting::Value(backix_parser::module::extract::LocatedValue::Set { .. })
            ) {
                continue;
            }
            let Some(keys) = job.attrs("timerConfig") else {
                continue;
            };
            if keys.iter().any(|(k, _)| *k == "Persistent") {
                continue;
            }
            out.push(finding(
                &RULE,
                format!(
                    "`timerConfig` of restic backup `{}` replaces the default and drops \
                     `Persistent = true`: runs missed while the machine is off are not caught up",
                    job.name
                ),
                job.span_of("timerConfig"),
            ));
        }
    }
}
