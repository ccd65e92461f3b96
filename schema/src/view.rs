//! Read access to extracted option trees, for validation, assertions and lints.
//!
//! The extraction (`backix_parser::module::extract`) gives every backup root as an
//! [`OptionNode`] tree whose leaves are [`LocatedValue`]s. Checks walk those trees through the
//! helpers here: a dotted path lookup, typed reads that answer `None` for unknown values, and the
//! span to point a diagnostic at.

use backix_parser::module::extract::{LocatedValue, OptionNode, StringPart};
use backix_parser::source::{Location, Span};

/// Looks up a child of a set node; `None` for other nodes and absent names.
pub fn child<'a>(node: &'a OptionNode, name: &str) -> Option<&'a OptionNode> {
    match node {
        OptionNode::Set { attrs, .. } => attrs.get(name),
        _ => None,
    }
}

/// Looks up a dotted path (`"encryption.mode"`) below `node`. Each segment is one attribute
/// name; names containing dots cannot be reached this way (use [`child`]).
pub fn at<'a>(node: &'a OptionNode, path: &str) -> Option<&'a OptionNode> {
    path.split('.').try_fold(node, |n, name| child(n, name))
}

/// The named children of a set node (jobs of a `jobs` root, options of a job), in name order.
pub fn entries(node: &OptionNode) -> impl Iterator<Item = (&str, &OptionNode)> {
    let attrs = match node {
        OptionNode::Set { attrs, .. } => Some(attrs),
        _ => None,
    };
    attrs
        .into_iter()
        .flat_map(|a| a.iter().map(|(k, v)| (k.as_str(), v)))
}

/// The merged value of an option node, when it is one.
pub fn value(node: &OptionNode) -> Option<&LocatedValue> {
    match node {
        OptionNode::Value { value, .. } => Some(value),
        _ => None,
    }
}

/// The value at a dotted path, when it is a merged option value.
pub fn value_at<'a>(node: &'a OptionNode, path: &str) -> Option<&'a LocatedValue> {
    at(node, path).and_then(value)
}

/// Whether the node's value depends on an `mkIf` whose condition is unknown.
pub fn is_conditional(node: &OptionNode) -> bool {
    matches!(
        node,
        OptionNode::Value {
            conditional: true,
            ..
        }
    )
}

/// The definitions of a node: where it was written.
pub fn definitions(node: &OptionNode) -> &[Location] {
    match node {
        OptionNode::Set { definitions, .. }
        | OptionNode::Value { definitions, .. }
        | OptionNode::Conflict { definitions, .. } => definitions,
        OptionNode::Error { location, .. } => location.as_slice(),
    }
}

/// The place to point at for a node: its value's own span, else its first definition.
pub fn node_span(node: &OptionNode) -> Option<Span> {
    value(node)
        .and_then(value_span)
        .or_else(|| definitions(node).iter().find_map(|l| l.span))
}

/// The location a value was written at.
pub fn value_location(value: &LocatedValue) -> Option<&Location> {
    value.location()
}

/// The span a value was written at.
pub fn value_span(value: &LocatedValue) -> Option<Span> {
    value_location(value).and_then(|l| l.span)
}

/// A known string (or path, as Nix coerces paths to strings); `None` when unknown or another type.
pub fn as_str(value: &LocatedValue) -> Option<&str> {
    match value {
        LocatedValue::String { value, .. } | LocatedValue::Path { value, .. } => Some(value),
        _ => None,
    }
}

/// A known Boolean.
pub fn as_bool(value: &LocatedValue) -> Option<bool> {
    match value {
        LocatedValue::Bool { value, .. } => Some(*value),
        _ => None,
    }
}

/// A known integer.
pub fn as_int(value: &LocatedValue) -> Option<i64> {
    match value {
        LocatedValue::Int { value, .. } => Some(*value),
        _ => None,
    }
}

/// The elements of a list.
pub fn as_list(value: &LocatedValue) -> Option<&[LocatedValue]> {
    match value {
        LocatedValue::List { items, .. } => Some(items),
        _ => None,
    }
}

/// Whether the value is `null`.
pub fn is_null(value: &LocatedValue) -> bool {
    matches!(value, LocatedValue::Null { .. })
}

/// Whether the value contains nothing unknown and no evaluation error.
pub fn is_known(value: &LocatedValue) -> bool {
    match value {
        LocatedValue::Unknown { .. }
        | LocatedValue::PartialString { .. }
        | LocatedValue::Error { .. } => false,
        LocatedValue::List { items, .. } => items.iter().all(is_known),
        LocatedValue::Set { attrs, .. } => attrs.values().all(is_known),
        _ => true,
    }
}

/// The known text of a string, with each unknown piece replaced by `placeholder`; `None` for
/// values that are not strings. Useful for checks that only need a prefix or a suffix.
pub fn string_with_holes(value: &LocatedValue, placeholder: &str) -> Option<String> {
    match value {
        LocatedValue::String { value, .. } | LocatedValue::Path { value, .. } => {
            Some(value.clone())
        }
        LocatedValue::PartialString { parts, .. } => Some(
            parts
                .iter()
                .map(|p| match p {
                    StringPart::Text { text } => text.as_str(),
                    StringPart::Unknown { .. } => placeholder,
                })
                .collect(),
        ),
        _ => None,
    }
}

/// A string option that the module coerces from a string or a list of strings (`startAt`,
/// `paths`, the `extra*Args`): the known strings, or `None` when the value or any element is not
/// a known string.
pub fn strings(value: &LocatedValue) -> Option<Vec<&str>> {
    match value {
        LocatedValue::List { items, .. } => items.iter().map(as_str).collect(),
        other => as_str(other).map(|s| vec![s]),
    }
}

/// An attribute name as written in Nix: bare when it is an identifier, else quoted with `\`,
/// `"` and `${` escaped (`home`, `"my job"`).
pub fn nix_attr_name(name: &str) -> String {
    /// Nix keywords, which cannot be bare attribute names.
    const KEYWORDS: [&str; 9] = [
        "if", "then", "else", "assert", "with", "let", "in", "rec", "inherit",
    ];
    let ident = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '\''))
        && !KEYWORDS.contains(&name);
    if ident {
        name.to_string()
    } else {
        nix_string_literal(name)
    }
}

/// A double-quoted Nix string literal with `\`, `"`, `${` and control characters escaped.
pub fn nix_string_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' if chars.peek() == Some(&'{') => out.push_str("\\$"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
