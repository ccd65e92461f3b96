//! BX155 `borgmatic-quoted-exclude`: exclude patterns wrapped in literal quotes.

use backix_parser::yaml::Node;

use crate::borgmatic::finding::{Finding, codes};
use crate::rule::{Context, Kind, Level, Rule};

/// Exclude patterns wrapped in literal quotes.
pub static RULE: Rule = Rule {
    code: "BX155",
    name: "borgmatic-quoted-exclude",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "An exclude or pattern whose text carries its own quotes, which then never match.",
    why: "borgmatic writes patterns to a file without any shell: quotes inside the YAML value are part of the pattern, so '*.tmp' only matches names that start and end with a quote character.",
    bad: "exclude_patterns:\n  - \"'*.tmp'\"",
    good: "exclude_patterns:\n  - '*.tmp'",
    fix: "Remove the inner quotes; YAML quoting is enough.",
};

/// The check of [`RULE`].
pub struct Check;

impl crate::rule::Check for Check {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<backix_parser::diagnostic::Diagnostic>) {
        super::report_with(cx, out, |_, config, _| find(config));
    }
}

/// The text with one layer of matching quotes removed, when it has them.
fn unquoted(text: &str) -> Option<&str> {
    let t = text.trim();
    for q in ['\'', '"'] {
        if t.len() >= 2 && t.starts_with(q) && t.ends_with(q) {
            return Some(&t[1..t.len() - 1]);
        }
    }
    None
}

fn find(config: &Node) -> Vec<Finding> {
    let mut out = Vec::new();
    for (option, has_type) in [("exclude_patterns", false), ("patterns", true)] {
        let Some(items) = config.get(option).and_then(|e| e.value.as_seq()) else {
            continue;
        };
        for item in items {
            let Some(text) = item.as_str() else {
                continue;
            };
            let body = if has_type {
                match text.split_once(' ') {
                    Some((kind, rest)) if kind.len() == 1 => rest,
                    _ => continue,
                }
            } else {
                text
            };
            if let Some(inner) = unquoted(body) {
                out.push(
                    Finding::new(
                        codes::QUOTED_EXCLUDE,
                        item.span,
                        format!("the {option} entry `{text}` carries its own quotes, which are part of the pattern: it will not match what it seems to"),
                    )
                    .with_help(format!("write `{}`", text.replace(body, inner))),
                );
            }
        }
    }
    out
}
