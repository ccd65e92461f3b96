//! BX021: the NixOS borgmatic module warns about a `location` section in `settings` or in a
//! configuration (the module's warnings).

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::{LocatedValue, ModuleKind, OptionNode};
use backix_parser::source::Span;

use super::support::{enabled, roots};
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view;

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX021",
    name: "borgmatic-location-section",
    kind: Kind::Module,
    default_level: Level::Warn,
    summary: "NixOS `services.borgmatic.settings` or a configuration has a `location` section",
    why: "borgmatic 1.8 dropped the `location:`/`storage:`/… sections for a flat configuration. \
          The NixOS module warns (\"is deprecated, please move your options out of sections to \
          the global scope\") when `settings` or a configuration still has `location`; it does \
          not fail, so this is a warning.",
    bad: "services.borgmatic.enable = true;\nservices.borgmatic.settings = {\n  location.source_directories = [ \"/home\" ];\n  location.repositories = [ { path = \"/backup\"; label = \"local\"; } ];\n};",
    good: "services.borgmatic.enable = true;\nservices.borgmatic.settings = {\n  source_directories = [ \"/home\" ];\n  repositories = [ { path = \"/backup\"; label = \"local\"; } ];\n};",
    fix: "Move the options of `location` (and of the other sections) to the top level of the \
          configuration.",
};

/// Whether a configuration node has a `location` attribute, and where it is.
fn location_of(node: &OptionNode) -> Option<Option<Span>> {
    if let Some(child) = view::child(node, "location") {
        return Some(view::definitions(child).iter().find_map(|l| l.span));
    }
    match view::value(node) {
        Some(LocatedValue::Set { attrs, .. }) => attrs.get("location").map(view::value_span),
        _ => None,
    }
}

/// The check.
pub struct BorgmaticLocationSection;

impl Check for BorgmaticLocationSection {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for root in roots(cx, ModuleKind::NixosBorgmatic) {
            if enabled(root) != Some(true) {
                continue;
            }
            let mut found: Vec<(String, Option<Span>)> = Vec::new();
            if let Some(settings) = view::child(&root.value, "settings")
                && let Some(span) = location_of(settings)
            {
                found.push((format!("{}.settings.location", root.option), span));
            }
            if let Some(configurations) = view::child(&root.value, "configurations") {
                for (name, node) in view::entries(configurations) {
                    if let Some(span) = location_of(node) {
                        found.push((
                            format!("{}.configurations.{name}.location", root.option),
                            span,
                        ));
                    }
                }
            }
            for (option, span) in found {
                out.push(
                    Diagnostic::warning(
                        RULE.code,
                        format!(
                            "{option} is deprecated: borgmatic takes its options at the top \
                             level, not in sections"
                        ),
                        span,
                    )
                    .with_help("move the options inside location to the top level"),
                );
            }
        }
    }
}
