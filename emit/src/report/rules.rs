//! The documentation of rules: `backix explain` text and the generated `docs/lints.md`.

use backix_schema::rule::{Kind, Level, Rule};

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Module => "module",
        Kind::Lint => "lint",
    }
}

fn level_name(level: Level) -> &'static str {
    match level {
        Level::Allow => "allow (opt-in)",
        Level::Warn => "warn",
        Level::Deny => "deny",
    }
}

/// The language of an example, for code fences: Nix unless it reads as YAML.
fn language(example: &str) -> &'static str {
    let nixy = example.contains(" = ") || example.contains('{') || example.contains(';');
    if nixy { "nix" } else { "yaml" }
}

fn indent(text: &str) -> String {
    text.trim_end()
        .lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("    {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text `backix explain CODE` prints.
pub fn explain(rule: &Rule) -> String {
    format!(
        "{code} {name}\n\
         kind: {kind}; default level: {level}\n\n\
         {summary}\n\n\
         Why: {why}\n\n\
         Reported:\n\n{bad}\n\n\
         Fixed:\n\n{good}\n\n\
         Fix: {fix}\n",
        code = rule.code,
        name = rule.name,
        kind = kind_name(rule.kind),
        level = level_name(rule.default_level),
        summary = rule.summary.trim(),
        why = rule.why.trim(),
        bad = indent(rule.bad),
        good = indent(rule.good),
        fix = rule.fix.trim(),
    )
}

/// One line per rule, as `backix explain --list` prints them.
pub fn list(rules: &[&Rule]) -> String {
    let width = rules.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for r in rules {
        out.push_str(&format!(
            "{}  {:width$}  {:6}  {:5}  {}\n",
            r.code,
            r.name,
            kind_name(r.kind),
            match r.default_level {
                Level::Allow => "allow",
                Level::Warn => "warn",
                Level::Deny => "deny",
            },
            r.summary.trim(),
        ));
    }
    out
}

/// `docs/lints.md`: every rule, generated from the registry.
pub fn markdown(rules: &[&Rule]) -> String {
    let mut out = String::from(
        "# backix rules\n\n\
         <!-- Generated from the rule registry by `backix explain --markdown-all`; do not edit.\n     \
         Regenerate with: BACKIX_BLESS=1 cargo test --test cli_lint docs_lints_md_is_current -->\n\n\
         Every finding of `backix lint` carries one of these codes. Codes `BX0xx` are what the\n\
         modules (or borgmatic) reject; `BX1xx` and up are lints. Levels can be changed in\n\
         `backix.toml` ([configuration](configuration.md)), with `--deny/--warn/--allow`, or for one\n\
         place with a `# backix: allow CODE` comment. `backix explain CODE` prints one rule.\n\n",
    );
    if rules.is_empty() {
        out.push_str("No rules are registered yet.\n");
        return out;
    }
    out.push_str("| code | name | kind | default | summary |\n| --- | --- | --- | --- | --- |\n");
    for r in rules {
        out.push_str(&format!(
            "| [{code}](#{anchor}) | `{name}` | {kind} | {level} | {summary} |\n",
            code = r.code,
            anchor = format!("{}-{}", r.code, r.name).to_ascii_lowercase(),
            name = r.name,
            kind = kind_name(r.kind),
            level = level_name(r.default_level),
            summary = r.summary.trim().replace('|', "\\|"),
        ));
    }
    for r in rules {
        out.push_str(&format!(
            "\n## {code} {name}\n\n\
             Kind: {kind}. Default level: {level}.\n\n\
             {summary}\n\n\
             **Why.** {why}\n\n\
             Reported:\n\n```{lb}\n{bad}\n```\n\n\
             Fixed:\n\n```{lg}\n{good}\n```\n\n\
             **Fix.** {fix}\n",
            code = r.code,
            name = r.name,
            kind = kind_name(r.kind),
            level = level_name(r.default_level),
            summary = r.summary.trim(),
            why = r.why.trim(),
            lb = language(r.bad),
            bad = r.bad.trim_end(),
            lg = language(r.good),
            good = r.good.trim_end(),
            fix = r.fix.trim(),
        ));
    }
    out
}
