//! YAML front end: a located tree of one YAML document, read with `saphyr-parser`.
//!
//! Every node keeps its span in the [`SourceMap`](crate::source::SourceMap). Plain scalars are
//! resolved the way a YAML 1.2 loader that follows the core schema does (`true`/`True`/`TRUE`
//! are Booleans, `yes` and `on` are strings, `0077` is the integer 77, `0o17` is octal, `~` and
//! an empty value are null, `2001-12-14` is a date). Aliases are expanded into copies, under a
//! budget so that a "billion laughs" document fails instead of exhausting memory; nesting is
//! limited so that no later recursive walk can overflow the stack.

mod resolve;

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError};

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};

pub use resolve::{Version, resolve_plain, resolve_plain_as, version_of};

/// The diagnostic code of YAML that cannot be read.
pub const SYNTAX_CODE: &str = "BX060";

/// Limits that keep hostile documents from exhausting memory or the stack.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// The deepest nesting of sequences and mappings accepted.
    pub max_depth: usize,
    /// The most nodes the tree may hold once aliases are expanded.
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 200,
            max_nodes: 200_000,
        }
    }
}

/// One YAML node with the place it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The resolved value.
    pub value: Value,
    /// Where the node is written (for an alias: where the alias is written).
    pub span: Span,
    /// An explicit tag other than the core ones, such as `!include`.
    pub tag: Option<String>,
}

/// A resolved YAML value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null`, `~` or nothing.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer that fits 64 bits.
    Int(i64),
    /// An integer too large for 64 bits, as written (without underscores).
    BigInt(String),
    /// A floating-point number.
    Float(f64),
    /// A string.
    String(String),
    /// A date or date-time (`2001-12-14`), as written.
    Timestamp(String),
    /// Binary data (`!!binary`), as written.
    Binary(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in document order, duplicates included.
    Map(Vec<Entry>),
    /// A value another front end could not know (never produced by the YAML reader).
    Unknown,
}

/// One key/value pair of a mapping.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The key node.
    pub key: Node,
    /// The value node.
    pub value: Node,
}

impl Node {
    /// A node with no tag.
    pub fn new(value: Value, span: Span) -> Self {
        Node {
            value,
            span,
            tag: None,
        }
    }

    /// The string, when the node is one.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The entries, when the node is a mapping.
    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The items, when the node is a sequence.
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// The last entry of a mapping whose key is the string `name`.
    pub fn get(&self, name: &str) -> Option<&Entry> {
        self.as_map()?
            .iter()
            .rev()
            .find(|e| e.key.key_text().as_deref() == Some(name))
    }

    /// The text a key compares by: the scalar as written for strings, numbers and Booleans.
    pub fn key_text(&self) -> Option<String> {
        match &self.value {
            Value::String(s) | Value::BigInt(s) | Value::Timestamp(s) | Value::Binary(s) => {
                Some(s.clone())
            }
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Bool(b) => Some(if *b { "True" } else { "False" }.to_string()),
            Value::Null => Some("None".to_string()),
            _ => None,
        }
    }

    /// A short name of the node's type, as a user would say it.
    pub fn type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "a Boolean",
            Value::Int(_) | Value::BigInt(_) => "an integer",
            Value::Float(_) => "a number",
            Value::String(_) => "a string",
            Value::Timestamp(_) => "a date",
            Value::Binary(_) => "binary data",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
            Value::Unknown => "unknown",
        }
    }
}

/// Reads one YAML document from `text` (file `file` of the source map). `Ok(None)` when the
/// stream holds no document. Syntax errors, a second document, unknown anchors and exceeded
/// limits are errors with the place they occur.
pub fn parse(file: FileId, text: &str, limits: Limits) -> Result<Option<Node>, Box<Diagnostic>> {
    Reader::new(file, text, limits).run()
}

enum Frame {
    Seq {
        items: Vec<Node>,
        start: u32,
        anchor: usize,
        tag: Option<String>,
    },
    Map {
        entries: Vec<Entry>,
        key: Option<Node>,
        start: u32,
        anchor: usize,
        tag: Option<String>,
    },
}

struct Reader<'a> {
    file: FileId,
    text: &'a str,
    limits: Limits,
    /// Byte offset of each character index (saphyr counts characters).
    offsets: Vec<u32>,
    anchors: HashMap<usize, (Node, usize)>,
    nodes: usize,
    stack: Vec<Frame>,
    root: Option<Node>,
    documents: usize,
    /// The rules plain scalars resolve by (`%YAML 1.1` or 1.2).
    version: resolve::Version,
}

impl<'a> Reader<'a> {
    fn new(file: FileId, text: &'a str, limits: Limits) -> Self {
        let mut offsets: Vec<u32> = text.char_indices().map(|(i, _)| i as u32).collect();
        offsets.push(text.len() as u32);
        Reader {
            file,
            text,
            limits,
            offsets,
            anchors: HashMap::new(),
            nodes: 0,
            stack: Vec::new(),
            root: None,
            documents: 0,
            version: resolve::version_of(text),
        }
    }

    fn byte(&self, char_index: usize) -> u32 {
        self.offsets
            .get(char_index)
            .copied()
            .unwrap_or(self.text.len() as u32)
    }

    fn span(&self, start: usize, end: usize) -> Span {
        let (s, e) = (self.byte(start), self.byte(end));
        Span::new(self.file, s, e.max(s))
    }

    fn error(&self, at: Span, message: impl Into<String>) -> Box<Diagnostic> {
        Box::new(Diagnostic::error(SYNTAX_CODE, message, Some(at)))
    }

    fn scan_error(&self, e: &ScanError) -> Box<Diagnostic> {
        let at = self.byte(e.marker().index());
        let end = self.text[at as usize..]
            .chars()
            .next()
            .map_or(at, |c| at + c.len_utf8() as u32);
        let message = if e.info() == "recursion limit exceeded" {
            // The scanner counts nested flow collections in a byte: 255 at most.
            "YAML flow collections (`[`, `{`) nested deeper than 255 levels: refusing to read further"
                .to_string()
        } else {
            format!("YAML syntax error: {}", e.info())
        };
        self.error(Span::new(self.file, at, end), message)
    }

    fn run(mut self) -> Result<Option<Node>, Box<Diagnostic>> {
        let mut parser = Parser::new_from_str(self.text);
        while let Some(next) = parser.next_event() {
            let (event, span) = next.map_err(|e| self.scan_error(&e))?;
            let (start, end) = (span.start.index(), span.end.index());
            match event {
                Event::StreamStart | Event::StreamEnd | Event::Nothing | Event::DocumentEnd => {}
                Event::DocumentStart(_) => {
                    self.documents += 1;
                    if self.documents > 1 {
                        return Err(self.error(
                            self.span(start, end.max(start + 1)),
                            "a second YAML document in the file: a configuration file holds one document",
                        ));
                    }
                }
                Event::Alias(id) => {
                    let at = self.span(start, end);
                    let Some((node, count)) = self.anchors.get(&id) else {
                        return Err(self.error(at, "alias of an unknown anchor"));
                    };
                    let (mut node, count) = (node.clone(), *count);
                    self.count(count, at)?;
                    node.span = at;
                    self.push(node)?;
                }
                Event::Scalar(value, style, anchor, tag) => {
                    let at = self.span(start, end);
                    let tag = tag.map(|t| format!("{}{}", t.handle, t.suffix));
                    let node = self.scalar(&value, style, tag, at)?;
                    self.count(1, at)?;
                    if anchor != 0 {
                        self.anchors.insert(anchor, (node.clone(), 1));
                    }
                    self.push(node)?;
                }
                Event::SequenceStart(anchor, tag) => {
                    self.open(start, end)?;
                    self.stack.push(Frame::Seq {
                        items: Vec::new(),
                        start: self.byte(start),
                        anchor,
                        tag: tag.map(|t| format!("{}{}", t.handle, t.suffix)),
                    });
                }
                Event::MappingStart(anchor, tag) => {
                    self.open(start, end)?;
                    self.stack.push(Frame::Map {
                        entries: Vec::new(),
                        key: None,
                        start: self.byte(start),
                        anchor,
                        tag: tag.map(|t| format!("{}{}", t.handle, t.suffix)),
                    });
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let end = self.byte(end);
                    let (value, start, anchor, tag) = match self.stack.pop() {
                        Some(Frame::Seq {
                            items,
                            start,
                            anchor,
                            tag,
                        }) => (Value::Seq(items), start, anchor, tag),
                        Some(Frame::Map {
                            entries,
                            start,
                            anchor,
                            tag,
                            ..
                        }) => (Value::Map(entries), start, anchor, tag),
                        None => continue,
                    };
                    let at = Span::new(self.file, start, end.max(start));
                    let node = collection(value, at, tag);
                    self.count(1, at)?;
                    if anchor != 0 {
                        let size = size(&node);
                        self.anchors.insert(anchor, (node.clone(), size));
                    }
                    self.push(node)?;
                }
            }
        }
        Ok(self.root)
    }

    fn open(&mut self, start: usize, end: usize) -> Result<(), Box<Diagnostic>> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(self.error(
                self.span(start, end.max(start + 1)),
                format!(
                    "YAML nested deeper than {} levels: refusing to read further",
                    self.limits.max_depth
                ),
            ));
        }
        Ok(())
    }

    fn count(&mut self, nodes: usize, at: Span) -> Result<(), Box<Diagnostic>> {
        self.nodes = self.nodes.saturating_add(nodes);
        if self.nodes > self.limits.max_nodes {
            return Err(self.error(
                at,
                format!(
                    "YAML expands to more than {} values (through aliases?): refusing to read further",
                    self.limits.max_nodes
                ),
            ));
        }
        Ok(())
    }

    fn push(&mut self, node: Node) -> Result<(), Box<Diagnostic>> {
        match self.stack.last_mut() {
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push(Entry {
                    key: k,
                    value: node,
                }),
            },
            None => self.root = Some(node),
        }
        Ok(())
    }

    fn scalar(
        &self,
        text: &str,
        style: ScalarStyle,
        tag: Option<String>,
        at: Span,
    ) -> Result<Node, Box<Diagnostic>> {
        let core = tag
            .as_deref()
            .and_then(|t| t.strip_prefix("tag:yaml.org,2002:"));
        let value = match (core, tag.as_deref()) {
            (Some("str"), _) => Value::String(text.to_string()),
            (Some("null"), _) => Value::Null,
            (Some("binary"), _) => Value::Binary(text.to_string()),
            (Some("timestamp"), _) => Value::Timestamp(text.to_string()),
            (Some(kind @ ("int" | "float" | "bool")), _) => {
                match (kind, resolve::resolve_plain_as(text, self.version)) {
                    ("int", v @ (Value::Int(_) | Value::BigInt(_))) => v,
                    ("float", Value::Int(i)) => Value::Float(i as f64),
                    ("float", v @ Value::Float(_)) => v,
                    ("bool", v @ Value::Bool(_)) => v,
                    ("bool", _) => match text {
                        "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "y" | "Y" => Value::Bool(true),
                        "no" | "No" | "NO" | "off" | "Off" | "OFF" | "n" | "N" => {
                            Value::Bool(false)
                        }
                        _ => {
                            return Err(self.error(at, format!("`{text}` is not a valid !!{kind}")));
                        }
                    },
                    _ => return Err(self.error(at, format!("`{text}` is not a valid !!{kind}"))),
                }
            }
            (Some(other), _) => {
                return Err(self.error(at, format!("unsupported YAML tag `!!{other}` on a scalar")));
            }
            (None, Some(_)) | (None, None) if !matches!(style, ScalarStyle::Plain) => {
                Value::String(text.to_string())
            }
            // A plain scalar with a local tag (`!include x`) keeps its text; the tag says more.
            (None, Some(_)) => Value::String(text.to_string()),
            (None, None) => resolve::resolve_plain_as(text, self.version),
        };
        let tag = tag.filter(|t| !t.starts_with("tag:yaml.org,2002:"));
        Ok(Node {
            value,
            span: at,
            tag,
        })
    }
}

fn collection(value: Value, span: Span, tag: Option<String>) -> Node {
    let tag = tag.filter(|t| {
        !matches!(
            t.as_str(),
            "tag:yaml.org,2002:seq" | "tag:yaml.org,2002:map" | "tag:yaml.org,2002:omap"
        )
    });
    Node { value, span, tag }
}

/// How many nodes a tree holds (keys included), counted without recursion.
pub fn size(node: &Node) -> usize {
    let mut count = 0;
    let mut todo = vec![node];
    while let Some(n) = todo.pop() {
        count += 1;
        match &n.value {
            Value::Seq(items) => todo.extend(items),
            Value::Map(entries) => {
                for e in entries {
                    todo.push(&e.key);
                    todo.push(&e.value);
                }
            }
            _ => {}
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Node {
        parse(FileId(0), text, Limits::default())
            .expect("valid YAML")
            .expect("a document")
    }

    #[test]
    fn scalars_resolve_as_yaml_1_2() {
        let doc =
            read("a: yes\nb: True\nc: 0077\nd: 0o17\ne: ~\nf:\ng: '1'\nh: 1.5\ni: 2001-12-14\n");
        let get = |k: &str| doc.get(k).unwrap().value.value.clone();
        assert_eq!(get("a"), Value::String("yes".into()));
        assert_eq!(get("b"), Value::Bool(true));
        assert_eq!(get("c"), Value::Int(77));
        assert_eq!(get("d"), Value::Int(15));
        assert_eq!(get("e"), Value::Null);
        assert_eq!(get("f"), Value::Null);
        assert_eq!(get("g"), Value::String("1".into()));
        assert_eq!(get("h"), Value::Float(1.5));
        assert_eq!(get("i"), Value::Timestamp("2001-12-14".into()));
    }

    #[test]
    fn spans_point_at_the_value() {
        let text = "key:\n  - first\n  - second\n";
        let doc = read(text);
        let items = doc.get("key").unwrap().value.as_seq().unwrap();
        let s = items[1].span;
        assert_eq!(&text[s.start as usize..s.end as usize], "second");
    }

    #[test]
    fn aliases_expand_and_bombs_stop() {
        let doc = read("a: &x [1, 2]\nb: *x\n");
        assert_eq!(doc.get("b").unwrap().value.as_seq().unwrap().len(), 2);
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            bomb.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let err = parse(FileId(0), &bomb, Limits::default()).unwrap_err();
        assert!(
            err.message.contains("expands to more than"),
            "{}",
            err.message
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        // Flow nesting: the scanner's own limit or ours, either way an error.
        let text = "[".repeat(100_000);
        let err = parse(FileId(0), &text, Limits::default()).unwrap_err();
        assert!(
            err.message.contains("nested deeper") || err.message.contains("recursion limit"),
            "{}",
            err.message
        );
        // Block nesting goes through backix's limit.
        let mut text = String::new();
        for depth in 0..5_000 {
            text.push_str(&" ".repeat(depth));
            text.push_str("a:\n");
        }
        let err = parse(FileId(0), &text, Limits::default()).unwrap_err();
        assert!(err.message.contains("nested deeper"), "{}", err.message);
    }

    #[test]
    fn syntax_errors_have_a_place() {
        let err = parse(FileId(0), "a: 1\nkey: [unclosed\n", Limits::default()).unwrap_err();
        assert!(
            err.message.starts_with("YAML syntax error"),
            "{}",
            err.message
        );
        assert!(err.span.is_some());
    }
}
