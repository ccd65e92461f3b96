//! BX153 `borgmatic-nixos-option-in-settings`: NixOS `services.borgmatic` options written inside
//! a borgmatic configuration.

use backix_parser::yaml::Node;

use crate::borgmatic::finding::{Finding, codes};
use crate::borgmatic::nix::NIXOS_KEYS;
use crate::rule::{Context, Kind, Level, Rule};

/// NixOS `services.borgmatic` options written inside a borgmatic configuration.
pub static RULE: Rule = Rule {
    code: "BX153",
    name: "borgmatic-nixos-option-in-settings",
    kind: Kind::Lint,
    default_level: Level::Deny,
    summary: "A NixOS services.borgmatic option (configurations, settings, enable) written inside a borgmatic configuration.",
    why: "services.borgmatic.settings and configurations.<name> are free-form YAML: a NixOS option nested there by mistake is written into the YAML file, where borgmatic refuses it, and the intended configurations are never created.",
    bad: "services.borgmatic.settings.configurations.daily = { repositories = [ { path = \"/backup\"; label = \"local\"; } ]; };",
    good: "services.borgmatic.configurations.daily = { repositories = [ { path = \"/backup\"; label = \"local\"; } ]; };",
    fix: "Move the option out of settings, to services.borgmatic itself.",
};

/// The check of [`RULE`].
pub struct Check;

impl crate::rule::Check for Check {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<backix_parser::diagnostic::Diagnostic>) {
        super::report_with(cx, out, |target, config, _| {
            let Some(label) = target.label.as_deref() else {
                return Vec::new();
            };
            if !label.contains("services.borgmatic") {
                return Vec::new();
            }
            find(label, config)
        });
    }
}

fn find(label: &str, config: &Node) -> Vec<Finding> {
    let mut out = Vec::new();
    for entry in config.as_map().unwrap_or_default() {
        let Some(name) = entry.key.as_str() else {
            continue;
        };
        if !NIXOS_KEYS.contains(&name) {
            continue;
        }
        let place = label
            .rsplit_once(".settings")
            .or_else(|| label.rsplit_once(".configurations."))
            .map_or("services.borgmatic", |(base, _)| base);
        out.push(
            Finding::new(
                codes::NESTED_NIXOS_SETTINGS,
                entry.key.span,
                format!("`{name}` is a NixOS option of `services.borgmatic`, written inside the borgmatic configuration `{label}`"),
            )
            .with_help(format!("move it to `{place}.{name}`")),
        );
    }
    out
}
