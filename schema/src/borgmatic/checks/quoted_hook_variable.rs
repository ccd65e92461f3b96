//! BX157 `borgmatic-quoted-hook-variable`: command hook variables inside quotes of the hook's
//! own.

use backix_parser::yaml::Node;

use crate::borgmatic::finding::{Finding, codes};
use crate::rule::{Context, Kind, Level, Rule};

/// Command hook variables inside quotes of the hook's own.
pub static RULE: Rule = Rule {
    code: "BX157",
    name: "borgmatic-quoted-hook-variable",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "A {variable} in a command hook placed inside quotes, although borgmatic already shell-quotes it.",
    why: "Since 1.8.7 borgmatic substitutes hook variables shell-quoted; inside the hook's own quotes the inner quotes become literal characters of the argument.",
    bad: "commands:\n  - after: error\n    run:\n      - notify \"failed: {error}\"",
    good: "commands:\n  - after: error\n    run:\n      - notify failed: {error}",
    fix: "Write the variable outside any quotes; borgmatic quotes its value.",
};

/// The variables borgmatic substitutes in command hooks.
const VARIABLES: [&str; 7] = [
    "configuration_filename",
    "log_file",
    "repository",
    "repository_label",
    "repositories",
    "error",
    "output",
];

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

/// The variables written inside single or double quotes in a shell command.
fn quoted_variables(command: &str) -> Vec<&'static str> {
    let mut found = Vec::new();
    let mut quote: Option<char> = None;
    let mut chars = command.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match (quote, c) {
            (None, '\\') | (Some('"'), '\\') => {
                chars.next();
            }
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (Some(_), '{') => {
                if let Some(end) = command[i + 1..].find('}') {
                    let name = &command[i + 1..i + 1 + end];
                    if let Some(v) = VARIABLES.iter().find(|v| **v == name) {
                        found.push(*v);
                    }
                }
            }
            _ => {}
        }
    }
    found
}

fn find(config: &Node) -> Vec<Finding> {
    let mut out = Vec::new();
    for hook in config
        .get("commands")
        .and_then(|e| e.value.as_seq())
        .unwrap_or_default()
    {
        for command in hook
            .get("run")
            .and_then(|e| e.value.as_seq())
            .unwrap_or_default()
        {
            let Some(text) = command.as_str() else {
                continue;
            };
            for var in quoted_variables(text) {
                out.push(
                    Finding::new(
                        codes::QUOTED_HOOK_VARIABLE,
                        command.span,
                        format!("`{{{var}}}` is inside quotes, but borgmatic already shell-quotes its value: the quotes end up in the argument"),
                    )
                    .with_help(format!("write `{{{var}}}` outside the quotes")),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::quoted_variables;

    #[test]
    fn finds_variables_in_quotes_only() {
        assert_eq!(quoted_variables("echo \"error {error}\""), vec!["error"]);
        assert_eq!(quoted_variables("echo '{repository}'"), vec!["repository"]);
        assert!(quoted_variables("echo {repository} \"{hostname}\"").is_empty());
        assert!(quoted_variables("echo {error}").is_empty());
    }
}
