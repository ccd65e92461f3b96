//! A located YAML tree as a JSON instance for schema validation, with the way back: every JSON
//! pointer of the instance maps to the span of its value and, for mapping entries, of its key.

use std::collections::{BTreeSet, HashMap};

use backix_parser::source::Span;
use backix_parser::yaml::{Node, Value};
use serde_json::{Map, Number, Value as Json};

/// A JSON instance and where each of its parts was written.
#[derive(Debug, Default)]
pub struct Located {
    /// The instance.
    pub json: Json,
    /// JSON pointer → span of the value.
    pub values: HashMap<String, Span>,
    /// JSON pointer → span of the key, for values that are mapping entries.
    pub keys: HashMap<String, Span>,
    /// Pointers of values nobody can know (Nix values static analysis could not evaluate).
    pub unknown: BTreeSet<String>,
    /// Spans of mapping keys that are not strings (`1: a`), in document order.
    pub non_string_keys: Vec<Span>,
}

impl Located {
    /// Converts a tree.
    pub fn new(node: &Node) -> Located {
        let mut located = Located::default();
        located.json = located.convert(node, String::new());
        located
    }

    fn convert(&mut self, node: &Node, pointer: String) -> Json {
        self.values.insert(pointer.clone(), node.span);
        match &node.value {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Int(i) => Json::Number((*i).into()),
            // Too large for 64 bits: still an integer (a float without a fraction).
            Value::BigInt(s) => {
                Number::from_f64(s.parse::<f64>().unwrap_or(1e300)).map_or(Json::Null, Json::Number)
            }
            // JSON has no infinities or NaN: a non-integral number stands in, which has the same
            // type answers.
            Value::Float(f) => Json::Number(
                Number::from_f64(*f)
                    .or_else(|| Number::from_f64(0.5))
                    .expect("0.5 is finite"),
            ),
            Value::String(s) | Value::Timestamp(s) | Value::Binary(s) => Json::String(s.clone()),
            Value::Seq(items) => Json::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, n)| self.convert(n, format!("{pointer}/{i}")))
                    .collect(),
            ),
            Value::Map(entries) => {
                let mut map = Map::new();
                for e in entries {
                    let name = e.key.key_text().unwrap_or_else(|| "?".to_string());
                    if !matches!(e.key.value, Value::String(_)) {
                        self.non_string_keys.push(e.key.span);
                    }
                    let child = format!("{pointer}/{}", escape(&name));
                    self.keys.insert(child.clone(), e.key.span);
                    let v = self.convert(&e.value, child);
                    map.insert(name, v);
                }
                Json::Object(map)
            }
            Value::Unknown => {
                self.unknown.insert(pointer);
                Json::Null
            }
        }
    }

    /// Whether a pointer is at, above or below a value nobody can know.
    pub fn touches_unknown(&self, pointer: &str) -> bool {
        self.unknown.iter().any(|u| {
            u == pointer
                || u.strip_prefix(pointer).is_some_and(|r| r.starts_with('/'))
                || pointer
                    .strip_prefix(u.as_str())
                    .is_some_and(|r| r.starts_with('/'))
        })
    }

    /// The span of the value at a pointer (or of the nearest ancestor that has one).
    pub fn span(&self, pointer: &str) -> Option<Span> {
        let mut p = pointer;
        loop {
            if let Some(s) = self.values.get(p) {
                return Some(*s);
            }
            p = &p[..p.rfind('/')?];
        }
    }
}

/// Escapes one JSON pointer segment.
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// The dotted, borgmatic-style name of a pointer: `/checks/0/name` → `checks[0].name`.
pub fn dotted(pointer: &str) -> String {
    let mut out = String::new();
    for seg in pointer.split('/').skip(1) {
        let seg = seg.replace("~1", "/").replace("~0", "~");
        if seg.bytes().all(|b| b.is_ascii_digit()) && !seg.is_empty() {
            out.push_str(&format!("[{seg}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&seg);
        }
    }
    out
}
