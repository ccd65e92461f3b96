//! BX154 `borgmatic-no-retention`: a configuration that runs prune without any `keep_*` option.

use backix_parser::yaml::{Node, Value};

use crate::borgmatic::finding::{Finding, codes};
use crate::rule::{Context, Kind, Level, Rule};

/// A configuration that runs prune without any `keep_*` option.
pub static RULE: Rule = Rule {
    code: "BX154",
    name: "borgmatic-no-retention",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "borgmatic runs prune (a default action) but no keep_* retention option is set.",
    why: "borgmatic passes no --keep-* flag, so Borg refuses to prune and every run ends with an error after the backup; archives are never pruned.",
    bad: "repositories:\n  - path: /backup/repo\nsource_directories: [/home]",
    good: "repositories:\n  - path: /backup/repo\nsource_directories: [/home]\nkeep_daily: 7\nkeep_weekly: 4",
    fix: "Set keep_daily/keep_weekly/... or, to keep every archive, add skip_actions: [prune, compact].",
};

/// The check of [`RULE`].
pub struct Check;

impl crate::rule::Check for Check {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<backix_parser::diagnostic::Diagnostic>) {
        super::report_with(cx, out, |_, config, _| find(config).into_iter().collect());
    }
}

fn has_retention(node: &Node) -> bool {
    node.as_map().unwrap_or_default().iter().any(|e| {
        e.key
            .as_str()
            .is_some_and(|k| k.starts_with("keep_") && k != "keep_exclude_tags")
    })
}

fn find(config: &Node) -> Option<Finding> {
    let repositories = config.get("repositories")?;
    let items = repositories.value.as_seq()?;
    if items.is_empty() || matches!(repositories.value.value, Value::Unknown) {
        return None;
    }
    if has_retention(config) || items.iter().any(has_retention) {
        return None;
    }
    if let Some(skip) = config.get("skip_actions") {
        match skip.value.as_seq() {
            Some(actions) if actions.iter().any(|a| a.as_str() == Some("prune")) => return None,
            Some(actions) if actions.iter().all(|a| a.as_str().is_some()) => {}
            _ => return None,
        }
    }
    if config
        .get("default_actions")
        .is_some_and(|e| e.value.value != Value::Bool(true))
    {
        return None;
    }
    Some(
        Finding::new(
            codes::NO_RETENTION,
            repositories.key.span,
            "borgmatic prunes these repositories by default, but no `keep_*` option is set: Borg will refuse to prune",
        )
        .with_help("set `keep_daily`, `keep_weekly`, ... or add `skip_actions: [prune, compact]`"),
    )
}
