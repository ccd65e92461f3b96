//! What borgmatic's YAML loader does beyond YAML: `<<` merge keys, duplicate keys deep-merged
//! (mappings merged, lists appended, the last scalar wins, differing kinds refused), and its tags
//! (`!include` is followed by borgmatic, not by backix; other tags are refused).

use backix_parser::source::Span;
use backix_parser::yaml::{Entry, Node, Value};

use super::finding::{Finding, codes};

/// Applies borgmatic's loader rules to a freshly parsed tree. `text` is the file's text (to tell
/// a plain `<<` merge key from a quoted one).
pub fn apply(node: Node, text: Option<&str>, out: &mut Vec<Finding>) -> Node {
    let mut cx = Loader { text, out };
    cx.node(node)
}

struct Loader<'a> {
    text: Option<&'a str>,
    out: &'a mut Vec<Finding>,
}

impl Loader<'_> {
    fn node(&mut self, mut node: Node) -> Node {
        if let Some(tag) = node.tag.clone() {
            match tag.as_str() {
                "!include" => {
                    self.out.push(
                        Finding::new(
                            codes::INCLUDE,
                            node.span,
                            "`!include` is not followed by backix: the included file is not checked",
                        )
                        .with_help("check the included file on its own as well"),
                    );
                    return Node::new(Value::Unknown, node.span);
                }
                "!retain" | "!omit" => {
                    self.out.push(Finding::new(
                        codes::SYNTAX,
                        node.span,
                        format!("`{tag}` only means something inside a `<<: !include` merge"),
                    ));
                }
                other => self.out.push(Finding::new(
                    codes::SYNTAX,
                    node.span,
                    format!("borgmatic cannot read the YAML tag `{other}`"),
                )),
            }
            node.tag = None;
        }
        node.value = match node.value {
            Value::Seq(items) => Value::Seq(items.into_iter().map(|n| self.node(n)).collect()),
            Value::Map(entries) => {
                let entries: Vec<Entry> = entries
                    .into_iter()
                    .map(|e| Entry {
                        key: e.key,
                        value: self.node(e.value),
                    })
                    .collect();
                let entries = self.merge_keys(entries);
                Value::Map(self.deep_merge(entries))
            }
            Value::Timestamp(text) => {
                self.out.push(
                    Finding::new(
                        codes::TYPE,
                        node.span,
                        format!("`{text}` is read as a date, which no borgmatic option takes"),
                    )
                    .with_help(format!("quote it to make it a string: \"{text}\"")),
                );
                Value::String(text)
            }
            other => other,
        };
        node
    }

    fn is_merge_key(&self, key: &Node) -> bool {
        key.as_str() == Some("<<")
            && self
                .text
                .is_none_or(|t| t.get(key.span.start as usize..key.span.end as usize) == Some("<<"))
    }

    /// `<<: *anchor` and `<<: [*a, *b]`: the merged entries come first, the mapping's own after
    /// them (so its own win), earlier merge sources before later ones in priority.
    fn merge_keys(&mut self, entries: Vec<Entry>) -> Vec<Entry> {
        if !entries.iter().any(|e| self.is_merge_key(&e.key)) {
            return entries;
        }
        let mut merged = Vec::new();
        let mut own = Vec::new();
        for entry in entries {
            if !self.is_merge_key(&entry.key) {
                own.push(entry);
                continue;
            }
            match entry.value.value {
                Value::Map(sub) => merged.extend(sub),
                Value::Seq(items) => {
                    let mut sources = Vec::new();
                    for item in items {
                        match item.value {
                            Value::Map(sub) => sources.push(sub),
                            _ => self.out.push(Finding::new(
                                codes::SYNTAX,
                                item.span,
                                "a `<<` merge takes a mapping or a list of mappings",
                            )),
                        }
                    }
                    for sub in sources.into_iter().rev() {
                        merged.extend(sub);
                    }
                }
                Value::Unknown => {}
                _ => self.out.push(Finding::new(
                    codes::SYNTAX,
                    entry.value.span,
                    "a `<<` merge takes a mapping or a list of mappings",
                )),
            }
        }
        merged.extend(own);
        merged
    }

    /// Entries with the same key are merged as borgmatic merges them.
    fn deep_merge(&mut self, entries: Vec<Entry>) -> Vec<Entry> {
        let mut groups: Vec<(String, Vec<Entry>)> = Vec::new();
        for entry in entries {
            let text = entry.key.key_text().unwrap_or_default();
            match groups.iter_mut().find(|(k, _)| *k == text) {
                Some((_, group)) => group.push(entry),
                None => groups.push((text, vec![entry])),
            }
        }
        let mut out = Vec::with_capacity(groups.len());
        for (name, mut group) in groups {
            if group.len() == 1 {
                out.extend(group);
                continue;
            }
            let kinds: Vec<u8> = group.iter().map(|e| kind(&e.value)).collect();
            let last = group.pop().expect("a group of two or more");
            if kinds.iter().any(|k| *k != kinds[0]) {
                let first = &group[0];
                self.out.push(
                    Finding::new(
                        codes::SYNTAX,
                        last.key.span,
                        format!(
                            "`{name}` is given twice with different kinds of value ({} and {}): borgmatic cannot merge them",
                            first.value.type_name(),
                            last.value.type_name()
                        ),
                    )
                    .with_label(first.key.span, "first given here"),
                );
                out.push(last);
                continue;
            }
            let value = match kinds[0] {
                MAP => {
                    let mut all = Vec::new();
                    for e in group {
                        if let Value::Map(sub) = e.value.value {
                            all.extend(sub);
                        }
                    }
                    if let Value::Map(sub) = last.value.value {
                        all.extend(sub);
                    }
                    Node::new(Value::Map(self.deep_merge(all)), last.value.span)
                }
                SEQ => {
                    let mut all = Vec::new();
                    for e in group {
                        if let Value::Seq(sub) = e.value.value {
                            all.extend(sub);
                        }
                    }
                    if let Value::Seq(sub) = last.value.value {
                        all.extend(sub);
                    }
                    Node::new(Value::Seq(all), last.value.span)
                }
                _ => last.value,
            };
            out.push(Entry {
                key: last.key,
                value,
            });
        }
        out
    }
}

const SCALAR: u8 = 0;
const SEQ: u8 = 1;
const MAP: u8 = 2;

fn kind(node: &Node) -> u8 {
    match node.value {
        Value::Seq(_) => SEQ,
        Value::Map(_) => MAP,
        _ => SCALAR,
    }
}

/// The span of a whole entry (key through value).
pub fn entry_span(entry: &Entry) -> Span {
    Span::new(
        entry.key.span.file,
        entry.key.span.start.min(entry.value.span.start),
        entry.key.span.end.max(entry.value.span.end),
    )
}
