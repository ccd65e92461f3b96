//! Human rendering of extracted option trees: one line per option, with its location.

use std::fmt::Write;

use backix_parser::module::extract::{Extraction, LocatedValue, OptionNode, StringPart};
use backix_parser::source::Location;

/// Renders the extraction as lines `path = value  # file:line`.
pub fn render(extraction: &Extraction) -> String {
    let mut out = String::new();
    for system in &extraction.systems {
        let _ = writeln!(out, "# {} ({})", system.name, class_name(system));
        if system.roots.is_empty() {
            let _ = writeln!(out, "#   no backup options set");
        }
        for root in &system.roots {
            let prefix = match &root.user {
                Some(user) => format!("home-manager.users.{}.{}", quote_name(user), root.option),
                None => root.option.clone(),
            };
            node(&mut out, &prefix, &root.value);
        }
    }
    out
}

fn class_name(system: &backix_parser::module::extract::SystemReport) -> &'static str {
    match system.class {
        backix_parser::module::SystemClass::Nixos => "NixOS",
        backix_parser::module::SystemClass::HomeManager => "home-manager",
        backix_parser::module::SystemClass::Any => "modules",
    }
}

fn node(out: &mut String, path: &str, n: &OptionNode) {
    match n {
        OptionNode::Set { attrs, definitions } => {
            if attrs.is_empty() {
                let _ = writeln!(out, "{path} = {{ }}{}", at(definitions.first()));
            }
            for (name, child) in attrs {
                node(out, &format!("{path}.{}", quote_name(name)), child);
            }
        }
        OptionNode::Value {
            value,
            definitions,
            conditional,
        } => {
            let cond = if *conditional { " (conditional)" } else { "" };
            let _ = writeln!(
                out,
                "{path} = {}{}{}",
                show(value),
                at(definitions.last()),
                cond
            );
        }
        OptionNode::Conflict {
            message,
            definitions,
        } => {
            let places: Vec<String> = definitions
                .iter()
                .map(|l| format!("{}:{}", l.file, l.line))
                .collect();
            let _ = writeln!(
                out,
                "{path} = <conflict: {message}; defined at {}>",
                places.join(", ")
            );
        }
        OptionNode::Error { message, location } => {
            let _ = writeln!(out, "{path} = <error: {message}>{}", at(location.as_ref()));
        }
    }
}

fn at(location: Option<&Location>) -> String {
    match location {
        Some(l) => format!("  # {}:{}", l.file, l.line),
        None => String::new(),
    }
}

/// Quotes an attribute name when Nix needs it.
fn quote_name(name: &str) -> String {
    let plain = !name.is_empty()
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '\''));
    if plain {
        name.to_string()
    } else {
        format!("{name:?}")
    }
}

/// A Nix-like rendering of a value; unknowns as `<unknown: text>`.
pub fn show(value: &LocatedValue) -> String {
    match value {
        LocatedValue::Null { .. } => "null".into(),
        LocatedValue::Bool { value, .. } => value.to_string(),
        LocatedValue::Int { value, .. } => value.to_string(),
        LocatedValue::Float { value, .. } => value.to_string(),
        LocatedValue::String { value, .. } => format!("{value:?}"),
        LocatedValue::PartialString { parts, .. } => {
            let inner: String = parts
                .iter()
                .map(|p| match p {
                    StringPart::Text { text } => text.escape_debug().to_string(),
                    StringPart::Unknown { unknown } => format!("${{{unknown}}}"),
                })
                .collect();
            format!("\"{inner}\"")
        }
        LocatedValue::Path { value, .. } => value.clone(),
        LocatedValue::List { items, .. } => {
            if items.is_empty() {
                return "[ ]".into();
            }
            let inner: Vec<String> = items.iter().map(show).collect();
            format!("[ {} ]", inner.join(" "))
        }
        LocatedValue::Set { attrs, .. } => {
            if attrs.is_empty() {
                return "{ }".into();
            }
            let inner: Vec<String> = attrs
                .iter()
                .map(|(k, v)| format!("{} = {};", quote_name(k), show(v)))
                .collect();
            format!("{{ {} }}", inner.join(" "))
        }
        LocatedValue::Function { .. } => "<function>".into(),
        LocatedValue::Unknown { text, .. } => format!("<unknown: {}>", abbreviate(text)),
        LocatedValue::Error { message, .. } => format!("<error: {message}>"),
    }
}

/// Longest source text shown for an unknown.
const MAX_UNKNOWN_TEXT: usize = 60;

/// One line of at most [`MAX_UNKNOWN_TEXT`] characters: white space folded, the rest cut with `…`.
fn abbreviate(text: &str) -> String {
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.chars().count() <= MAX_UNKNOWN_TEXT {
        return folded;
    }
    let cut: String = folded.chars().take(MAX_UNKNOWN_TEXT - 1).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::abbreviate;

    #[test]
    fn long_unknowns_are_folded_and_cut() {
        assert_eq!(abbreviate("config.x.y"), "config.x.y");
        assert_eq!(
            abbreviate("pkgs.writeText \"a\"\n  ''\n  x\n''"),
            "pkgs.writeText \"a\" '' x ''"
        );
        let long = "a".repeat(100);
        let cut = abbreviate(&long);
        assert_eq!(cut.chars().count(), 60);
        assert!(cut.ends_with('…'));
    }
}
