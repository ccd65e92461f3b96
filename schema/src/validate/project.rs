//! Projection of an extracted option tree into a JSON document for schema validation, with the
//! source span of every JSON pointer.
//!
//! Nix paths become strings, integers and floats numbers. What static analysis cannot know
//! (unknown values, partly known strings, functions, evaluation errors, conflicting
//! definitions) becomes `null` and its pointer is recorded in [`Projection::opaque`]: the
//! validator drops every error at or below such a pointer, so an unknown is never reported.
//! Values under an `mkIf` of unknown condition are projected like the others: they may be set.

use std::collections::BTreeMap;

use backix_parser::module::extract::{LocatedValue, OptionNode};
use backix_parser::source::{Location, Span};
use serde_json::{Map, Number, Value};

use crate::view;

/// Where a pointer's value and key are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Spans {
    /// The value.
    pub value: Option<Span>,
    /// The attribute name that defines it (for options: the first definition).
    pub key: Option<Span>,
}

/// The Nix kind of a projected value, where JSON loses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NixKind {
    /// A Nix path, projected as a string.
    Path,
    /// A float, projected as a number.
    Float,
}

/// Definitions that cannot be merged, found while projecting.
#[derive(Debug, Clone)]
pub struct ConflictAt {
    /// JSON pointer of the option.
    pub pointer: String,
    /// The merge's message.
    pub message: String,
    /// Every conflicting definition.
    pub definitions: Vec<Location>,
}

/// One entry's option tree as JSON, with spans.
#[derive(Debug, Default)]
pub struct Projection {
    /// The document.
    pub value: Value,
    /// Spans by JSON pointer (`""` is the entry itself).
    pub spans: BTreeMap<String, Spans>,
    /// Pointers of values that are not known: nothing is reported at or below them.
    pub opaque: Vec<String>,
    /// Pointers of values whose Nix kind JSON does not show.
    pub kinds: BTreeMap<String, NixKind>,
    /// Conflicting definitions.
    pub conflicts: Vec<ConflictAt>,
}

impl Projection {
    /// Whether nothing can be reported at `pointer`: it is at or below an unknown value.
    pub fn is_opaque(&self, pointer: &str) -> bool {
        self.opaque.iter().any(|o| is_at_or_below(pointer, o))
    }

    /// The span to point at for a pointer's value: its own, else its key's, else the nearest
    /// ancestor's.
    pub fn value_span(&self, pointer: &str) -> Option<Span> {
        self.nearest(pointer, |s| s.value.or(s.key))
    }

    /// The span of the key that defines `pointer`, else the value's, else the nearest
    /// ancestor's.
    pub fn key_span(&self, pointer: &str) -> Option<Span> {
        self.nearest(pointer, |s| s.key.or(s.value))
    }

    fn nearest(&self, pointer: &str, pick: impl Fn(&Spans) -> Option<Span>) -> Option<Span> {
        let mut p = pointer;
        loop {
            if let Some(span) = self.spans.get(p).and_then(&pick) {
                return Some(span);
            }
            if p.is_empty() {
                return None;
            }
            p = &p[..p.rfind('/').unwrap_or(0)];
        }
    }

    /// The projected value at a pointer.
    pub fn value_at(&self, pointer: &str) -> Option<&Value> {
        self.value.pointer(pointer)
    }
}

/// Whether `pointer` is `ancestor` or below it.
pub fn is_at_or_below(pointer: &str, ancestor: &str) -> bool {
    pointer == ancestor
        || (pointer.starts_with(ancestor) && pointer.as_bytes().get(ancestor.len()) == Some(&b'/'))
}

/// Escapes one JSON pointer segment.
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Unescapes one JSON pointer segment.
pub fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// Projects one entry (a job, a repository, a whole module root).
pub fn project(node: &OptionNode) -> Projection {
    let mut out = Projection::default();
    out.value = node_value(node, String::new(), &mut out);
    out
}

fn first_span(locations: &[Location]) -> Option<Span> {
    locations.iter().find_map(|l| l.span)
}

fn node_value(node: &OptionNode, pointer: String, out: &mut Projection) -> Value {
    match node {
        OptionNode::Set { attrs, definitions } => {
            out.spans.insert(
                pointer.clone(),
                Spans {
                    value: None,
                    key: first_span(definitions),
                },
            );
            let mut map = Map::new();
            for (name, child) in attrs {
                let p = format!("{pointer}/{}", escape(name));
                map.insert(name.clone(), node_value(child, p, out));
            }
            Value::Object(map)
        }
        OptionNode::Value {
            value, definitions, ..
        } => {
            let key = first_span(definitions);
            let v = located_value(value, pointer.clone(), out);
            out.spans.entry(pointer).or_default().key = key;
            v
        }
        OptionNode::Conflict {
            message,
            definitions,
        } => {
            out.spans.insert(
                pointer.clone(),
                Spans {
                    value: None,
                    key: first_span(definitions),
                },
            );
            out.conflicts.push(ConflictAt {
                pointer: pointer.clone(),
                message: message.clone(),
                definitions: definitions.clone(),
            });
            out.opaque.push(pointer);
            Value::Null
        }
        OptionNode::Error { location, .. } => {
            out.spans.insert(
                pointer.clone(),
                Spans {
                    value: location.as_ref().and_then(|l| l.span),
                    key: None,
                },
            );
            out.opaque.push(pointer);
            Value::Null
        }
    }
}

fn located_value(value: &LocatedValue, pointer: String, out: &mut Projection) -> Value {
    out.spans.entry(pointer.clone()).or_default().value = view::value_span(value);
    match value {
        LocatedValue::Null { .. } => Value::Null,
        LocatedValue::Bool { value, .. } => Value::Bool(*value),
        LocatedValue::Int { value, .. } => Value::Number((*value).into()),
        LocatedValue::Float { value, .. } => {
            out.kinds.insert(pointer.clone(), NixKind::Float);
            match Number::from_f64(*value) {
                Some(n) => Value::Number(n),
                None => {
                    // NaN and infinities have no JSON form: nothing can be said about them.
                    out.opaque.push(pointer);
                    Value::Null
                }
            }
        }
        LocatedValue::String { value, .. } => Value::String(value.clone()),
        LocatedValue::Path { value, .. } => {
            out.kinds.insert(pointer, NixKind::Path);
            Value::String(value.clone())
        }
        LocatedValue::List { items, .. } => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| located_value(item, format!("{pointer}/{i}"), out))
                .collect(),
        ),
        LocatedValue::Set { attrs, .. } => {
            if attrs.contains_key("_type") || attrs.contains_key("outPath") {
                // A derivation or a module-system value: string-like or not, it is not plain
                // data backix can check.
                out.opaque.push(pointer);
                return Value::Null;
            }
            let mut map = Map::new();
            for (name, item) in attrs {
                let p = format!("{pointer}/{}", escape(name));
                map.insert(name.clone(), located_value(item, p, out));
            }
            Value::Object(map)
        }
        LocatedValue::PartialString { .. }
        | LocatedValue::Function { .. }
        | LocatedValue::Unknown { .. }
        | LocatedValue::Error { .. } => {
            out.opaque.push(pointer);
            Value::Null
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_nest_by_segment() {
        assert!(is_at_or_below("/a/b", "/a"));
        assert!(is_at_or_below("/a", "/a"));
        assert!(!is_at_or_below("/ab", "/a"));
        assert!(is_at_or_below("/a", ""));
        assert_eq!(escape("a/b~c"), "a~1b~0c");
        assert_eq!(unescape("a~1b~0c"), "a/b~c");
    }
}
