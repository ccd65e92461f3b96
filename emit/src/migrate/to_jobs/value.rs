//! borgmatic values → Nix values. A value static analysis could not know (from a Nix file) is
//! carried as the source text of its expression.

use backix_parser::yaml::{Node, Value};

use super::context::Ctx;
use crate::migrate::nix_expr::NixExpr;

/// A scalar as a Nix string (`toString` for a number or unknown that may be one).
pub fn string(node: &Node, cx: &Ctx) -> Option<NixExpr> {
    match &node.value {
        Value::String(s) => Some(NixExpr::Str(s.clone())),
        Value::Int(i) => Some(NixExpr::Str(i.to_string())),
        Value::BigInt(s) | Value::Timestamp(s) => Some(NixExpr::Str(s.clone())),
        Value::Float(f) => Some(NixExpr::Str(f.to_string())),
        Value::Unknown => Some(NixExpr::Raw(format!("toString ({})", cx.text(node.span)))),
        _ => None,
    }
}

/// A scalar as a plain Rust string, when it is known.
pub fn text(node: &Node) -> Option<String> {
    match &node.value {
        Value::String(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        Value::BigInt(s) | Value::Timestamp(s) => Some(s.clone()),
        Value::Float(f) => Some(f.to_string()),
        _ => None,
    }
}

/// A scalar as the Nix value of the same type.
pub fn scalar(node: &Node, cx: &Ctx) -> Option<NixExpr> {
    match &node.value {
        Value::String(s) => Some(NixExpr::Str(s.clone())),
        Value::Int(i) => Some(NixExpr::Int(*i)),
        Value::Bool(b) => Some(NixExpr::Bool(*b)),
        Value::Unknown => Some(NixExpr::Raw(paren(cx.text(node.span)))),
        _ => None,
    }
}

/// A list of strings (a single string counts as a one-element list, as borgmatic reads some
/// options). `None` when an item is not a scalar.
pub fn strings(node: &Node, cx: &Ctx) -> Option<Vec<NixExpr>> {
    match &node.value {
        Value::Seq(items) => items.iter().map(|i| string(i, cx)).collect(),
        Value::Null => Some(Vec::new()),
        Value::Unknown => None,
        _ => string(node, cx).map(|s| vec![s]),
    }
}

/// Source text wrapped in parentheses unless it is a simple name path or literal.
fn paren(text: &str) -> String {
    let simple = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '\''))
        || (text.starts_with('"') && text.ends_with('"') && !text[1..text.len() - 1].contains('"'));
    if simple {
        text.to_string()
    } else {
        format!("({text})")
    }
}

/// Whether a known string contains something borgmatic expands but Nix would carry verbatim: a
/// leading `~` or glob characters.
pub fn expands(path: &str) -> bool {
    path.starts_with('~') || path.contains(['*', '?', '['])
}
