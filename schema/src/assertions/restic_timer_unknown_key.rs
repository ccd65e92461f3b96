//! BX042: a restic `timerConfig` key that is not a systemd `[Timer]` key.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::support::{attr_entries, did_you_mean, instances};
use super::timer_keys::{TIMER_KEYS, is_timer_key};
use crate::rule::{Check, Context, Kind, Level, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX042",
    name: "restic-timer-unknown-key",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "a restic backup's `timerConfig` has a key systemd does not know in `[Timer]`",
    why: "`timerConfig` is written verbatim into the timer's `[Timer]` section, and a \
          `timerConfig` of your own replaces the default `{ OnCalendar = \"daily\"; Persistent \
          = true; }` as a whole. systemd ignores a key it does not know (keys are \
          case-sensitive: `onCalendar` is not `OnCalendar`), so the schedule written there is \
          lost; when it was the only trigger the timer refuses to load and the backup never \
          runs.",
    bad: "services.restic.backups.home.timerConfig = { onCalendar = \"daily\"; };",
    good: "services.restic.backups.home.timerConfig = { OnCalendar = \"daily\"; Persistent = true; };",
    fix: "Spell the key as systemd.timer(5) does (`OnCalendar`, `Persistent`, \
          `RandomizedDelaySec`, …).",
};

/// The check.
pub struct ResticTimerUnknownKey;

impl Check for ResticTimerUnknownKey {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for backup in instances(cx, ModuleKind::ResticBackups) {
            let Some(timer) = backup.at("timerConfig") else {
                continue;
            };
            for entry in attr_entries(timer).unwrap_or_default() {
                if is_timer_key(entry.name) {
                    continue;
                }
                let suggestion = did_you_mean(entry.name, &TIMER_KEYS);
                let message = format!(
                    "{}: systemd has no [Timer] key `{}` and ignores it{}",
                    backup.option("timerConfig"),
                    entry.name,
                    match suggestion {
                        Some(s) => format!("; did you mean `{s}`?"),
                        None => String::new(),
                    }
                );
                let help = match suggestion {
                    Some(s) => format!("write `{s}`: systemd's keys are case-sensitive"),
                    None => format!("systemd's [Timer] keys are {}", TIMER_KEYS.join(", ")),
                };
                out.push(
                    Diagnostic::error(RULE.code, message, entry.name_span.or(backup.span()))
                        .with_help(help),
                );
            }
        }
    }
}
