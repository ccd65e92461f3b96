//! BX030: calendar expressions systemd rejects, in borg's `startAt`, restic's
//! `timerConfig.OnCalendar` and home-manager's `services.borgmatic.frequency`.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::{LocatedValue, ModuleKind};

use super::support::{attr_entries, enabled, inner_span, instances, known_strings, roots};
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view;

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX030",
    name: "calendar-invalid",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "a timer's calendar expression is not one systemd accepts",
    why: "`startAt`, `timerConfig.OnCalendar` and home-manager's `services.borgmatic.frequency` \
          become `OnCalendar=` lines of a systemd timer. systemd ignores an expression it cannot \
          parse, and a timer left without a trigger refuses to load: the backup never runs, \
          and nothing fails at build time.",
    bad: "services.borgbackup.jobs.home.startAt = \"dayly\";",
    good: "services.borgbackup.jobs.home.startAt = \"daily\";",
    fix: "Write a systemd.time(7) calendar expression, such as `daily`, `Mon..Fri 02:00` or \
          `*-*-* 03:30:00`; `systemd-analyze calendar 'EXPR'` shows how systemd reads it.",
};

/// The check.
pub struct Calendar;

impl Calendar {
    fn check_value(
        cx: &Context<'_>,
        option: &str,
        value: &LocatedValue,
        out: &mut Vec<Diagnostic>,
    ) {
        for (text, item) in known_strings(value) {
            let Err(error) = crate::calendar::parse(text) else {
                continue;
            };
            let span = inner_span(cx.sources, item, error.span()).or(view::value_span(item));
            out.push(
                Diagnostic::error(
                    RULE.code,
                    format!(
                        "{option}: {text:?} is not a valid calendar expression: {}",
                        error.message()
                    ),
                    span,
                )
                .with_help(
                    "write a systemd.time(7) calendar expression such as \"daily\", \
                     \"Mon..Fri 02:00\" or \"*-*-* 03:30:00\"; `systemd-analyze calendar` \
                     checks one",
                ),
            );
        }
    }
}

impl Check for Calendar {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for job in instances(cx, ModuleKind::BorgbackupJobs) {
            if let Some(value) = job.setting("startAt").value() {
                Self::check_value(cx, &job.option("startAt"), value, out);
            }
        }
        for backup in instances(cx, ModuleKind::ResticBackups) {
            let Some(timer) = backup.at("timerConfig") else {
                continue;
            };
            for entry in attr_entries(timer).unwrap_or_default() {
                if entry.name == "OnCalendar"
                    && let Some(value) = entry.value
                {
                    Self::check_value(cx, &backup.option("timerConfig.OnCalendar"), value, out);
                }
            }
        }
        for root in roots(cx, ModuleKind::HomeServicesBorgmatic) {
            // The timer only exists with `services.borgmatic.enable = true`.
            if enabled(root) != Some(true) {
                continue;
            }
            // On macOS the frequency is a launchd interval name, not a calendar (BX022).
            if root.darwin.is_some() {
                continue;
            }
            if let Some(value) = view::value_at(&root.value, "frequency") {
                let option = match &root.user {
                    Some(user) => format!("home-manager.users.{user}.{}.frequency", root.option),
                    None => format!("{}.frequency", root.option),
                };
                Self::check_value(cx, &option, value, out);
            }
        }
    }
}
