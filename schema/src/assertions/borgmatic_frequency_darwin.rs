//! BX022: on macOS, home-manager's `services.borgmatic.frequency` must be one of the names it
//! can turn into a launchd calendar interval (the module's assertion).

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::support::{enabled, roots};
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view;

/// The names the module maps to launchd intervals.
pub const DARWIN_FREQUENCIES: &[&str] = &[
    "hourly",
    "daily",
    "weekly",
    "monthly",
    "semiannually",
    "annually",
];

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX022",
    name: "borgmatic-frequency-darwin",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "on macOS, home-manager's `services.borgmatic.frequency` is not one of the names launchd can run",
    why: "On macOS the home-manager module runs borgmatic from a launchd agent, not a systemd \
          timer, and turns `frequency` into a calendar interval from a fixed table: `hourly`, \
          `daily`, `weekly`, `monthly`, `semiannually` or `annually`. It asserts that the value is \
          one of them, so any other systemd calendar expression stops the build. backix applies \
          the rule when the configuration shows it is for macOS (a home directory under \
          `/Users`, or a nixpkgs platform ending in `-darwin`).",
    bad: "home.homeDirectory = \"/Users/me\";\nservices.borgmatic = { enable = true; frequency = \"*-*-* 02:00\"; };",
    good: "home.homeDirectory = \"/Users/me\";\nservices.borgmatic = { enable = true; frequency = \"daily\"; };",
    fix: "Use one of `hourly`, `daily`, `weekly`, `monthly`, `semiannually` or `annually`.",
};

/// The check.
pub struct BorgmaticFrequencyDarwin;

impl Check for BorgmaticFrequencyDarwin {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for root in roots(cx, ModuleKind::HomeServicesBorgmatic) {
            let Some(hint) = &root.darwin else {
                continue;
            };
            // The assertion lives inside `mkIf cfg.enable`; the default, `hourly`, is allowed.
            if enabled(root) != Some(true) {
                continue;
            }
            let Some(value) = view::value_at(&root.value, "frequency") else {
                continue;
            };
            let Some(frequency) = view::as_str(value) else {
                continue;
            };
            if DARWIN_FREQUENCIES.contains(&frequency) {
                continue;
            }
            let mut d = Diagnostic::error(
                RULE.code,
                format!(
                    "On Darwin, services.borgmatic.frequency must be one of: {}; it is {frequency:?}",
                    DARWIN_FREQUENCIES.join(", ")
                ),
                view::value_span(value),
            )
            .with_help("use one of hourly, daily, weekly, monthly, semiannually or annually");
            match hint.location.as_ref().and_then(|l| l.span) {
                Some(span) => d = d.with_label(span, "this configuration is for macOS"),
                None => d.notes.push(format!(
                    "this configuration is for macOS: {}",
                    hint.evidence
                )),
            }
            out.push(d);
        }
    }
}
