//! BX043: a restic `timerConfig` with no trigger at all: the timer never fires.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::{LocatedValue, ModuleKind};

use super::support::{Setting, attr_entries, instances};
use super::timer_keys::TRIGGER_KEYS;
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view;

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX043",
    name: "restic-timer-no-trigger",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "a restic backup's `timerConfig` has no `OnCalendar`, `OnBootSec`, `OnUnitActiveSec` or other trigger",
    why: "A `timerConfig` of your own replaces the module's default `{ OnCalendar = \"daily\"; \
          Persistent = true; }` as a whole, so `timerConfig = { Persistent = true; }` leaves the \
          timer without anything to elapse on. systemd refuses to load it (\"Timer unit lacks \
          value setting\") and the backup never runs.",
    bad: "services.restic.backups.home.timerConfig = { RandomizedDelaySec = \"1h\"; };",
    good: "services.restic.backups.home.timerConfig = {\n  OnCalendar = \"daily\";\n  Persistent = true;\n  RandomizedDelaySec = \"1h\";\n};",
    fix: "Add a trigger, usually `OnCalendar = \"daily\"`; use `timerConfig = null` for a backup \
          that only runs by hand.",
};

/// Whether a trigger key's value makes the timer elapse (an empty list writes no line and an
/// empty string resets the setting). Unknown values count as triggers.
fn triggers(value: Option<&LocatedValue>) -> bool {
    match value {
        Some(LocatedValue::List { items, .. }) => items.iter().any(|i| triggers(Some(i))),
        Some(LocatedValue::String { value, .. }) => !value.is_empty(),
        Some(LocatedValue::Null { .. }) => false,
        _ => true,
    }
}

/// The check.
pub struct ResticTimerNoTrigger;

impl Check for ResticTimerNoTrigger {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for backup in instances(cx, ModuleKind::ResticBackups) {
            let node = backup.at("timerConfig");
            // Absent: the default has `OnCalendar`; `null`: no timer at all.
            if !matches!(
                backup.setting("timerConfig"),
                Setting::Set(_) | Setting::Value(_)
            ) {
                continue;
            }
            let Some(entries) = node.and_then(attr_entries) else {
                continue;
            };
            if entries
                .iter()
                .any(|e| TRIGGER_KEYS.contains(&e.name) && triggers(e.value))
            {
                continue;
            }
            let mut d = Diagnostic::error(
                RULE.code,
                format!(
                    "{} has no trigger (OnCalendar, OnBootSec, OnUnitActiveSec, …): it replaces \
                     the default `OnCalendar = \"daily\"`, and systemd refuses a timer without \
                     one, so the backup never runs",
                    backup.option("timerConfig")
                ),
                node.and_then(view::node_span).or(backup.span()),
            );
            if entries
                .iter()
                .any(|e| !super::timer_keys::is_timer_key(e.name))
            {
                d = d.with_note("a misspelt key does not count (see BX042)");
            }
            out.push(d.with_help(
                "add OnCalendar = \"daily\" (and Persistent = true), or set timerConfig = null \
                 for a backup that runs only by hand",
            ));
        }
    }
}
