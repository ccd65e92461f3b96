//! What borgmatic's YAML loader does beyond YAML: `<<` merge keys, duplicate keys deep-merged
//! (mappings merged, lists appended, the last scalar wins, differing kinds refused), and its tags:
//! `!include FILE` (or a list of files) is replaced by the file's contents, looked for as
//! borgmatic does (`~` expanded; a relative name in the working directory, then beside the
//! including file), and `<<: !include FILE` deep-merges it. Included files are read into the
//! source map, so findings point into them. Without a file on disk to start from (standard
//! input), includes are not followed and a note says so. Other tags are refused.

use std::path::{Path, PathBuf};

use backix_parser::source::{SourceMap, Span};
use backix_parser::yaml::{self, Entry, Limits, Node, Value};

use super::finding::{Finding, codes};

/// How deep includes may nest before backix stops following them.
pub const MAX_INCLUDE_DEPTH: usize = 32;

/// What following `!include` needs: where files go, and where the including file is.
pub struct Includes<'a> {
    /// The source map included files are added to.
    pub sources: &'a mut SourceMap,
    /// The directory of the including file.
    pub directory: PathBuf,
    /// The files being read, outermost first (to refuse cycles).
    pub chain: Vec<PathBuf>,
}

/// Applies borgmatic's loader rules to a freshly parsed tree. `text` is the file's text (to tell
/// a plain `<<` merge key from a quoted one). `!include` is not followed.
pub fn apply(node: Node, text: Option<&str>, out: &mut Vec<Finding>) -> Node {
    let mut cx = Loader {
        text,
        out,
        includes: None,
    };
    cx.node(node)
}

/// [`apply`], following `!include` from the file whose place `includes` describes.
pub fn apply_following(
    node: Node,
    text: Option<&str>,
    includes: &mut Includes<'_>,
    out: &mut Vec<Finding>,
) -> Node {
    let mut cx = Loader {
        text,
        out,
        includes: Some(includes),
    };
    cx.node(node)
}

struct Loader<'a, 'b> {
    text: Option<&'a str>,
    out: &'a mut Vec<Finding>,
    includes: Option<&'a mut Includes<'b>>,
}

impl Loader<'_, '_> {
    fn node(&mut self, mut node: Node) -> Node {
        if let Some(tag) = node.tag.clone() {
            match tag.as_str() {
                "!include" if self.includes.is_some() => return self.include(node),
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

impl Loader<'_, '_> {
    /// The node an `!include` stands for: one file's contents, or a list of them in reverse
    /// order (as borgmatic lists them, so that merging them lets later files win).
    fn include(&mut self, node: Node) -> Node {
        match &node.value {
            Value::String(name) => self.include_file(name, node.span),
            Value::Seq(items)
                if items.iter().all(|i| i.as_str().is_some()) && !items.is_empty() =>
            {
                let loaded: Vec<Node> = items
                    .iter()
                    .rev()
                    .map(|i| self.include_file(i.as_str().unwrap_or_default(), i.span))
                    .collect();
                Node::new(Value::Seq(loaded), node.span)
            }
            _ => {
                self.out.push(Finding::new(
                    codes::SYNTAX,
                    node.span,
                    "`!include` takes a file name or a list of file names",
                ));
                Node::new(Value::Unknown, node.span)
            }
        }
    }

    fn include_file(&mut self, name: &str, at: Span) -> Node {
        let unknown = Node::new(Value::Unknown, at);
        let includes = self.includes.as_deref_mut().expect("following includes");
        let Some(path) = find_include(name, &includes.directory) else {
            let tried = candidates(name, &includes.directory)
                .iter()
                .map(|p| format!("`{}`", p.display()))
                .collect::<Vec<_>>()
                .join(" or ");
            self.out.push(Finding::new(
                codes::SYNTAX,
                at,
                format!("borgmatic cannot find the included file `{name}` (looked for {tried})"),
            ));
            return unknown;
        };
        let canonical = path.canonicalize().unwrap_or_else(|_| path.clone());
        if includes.chain.contains(&canonical) {
            self.out.push(Finding::new(
                codes::SYNTAX,
                at,
                format!(
                    "`{}` includes itself (through `!include`): borgmatic cannot load it",
                    path.display()
                ),
            ));
            return unknown;
        }
        if includes.chain.len() >= MAX_INCLUDE_DEPTH {
            self.out.push(Finding::new(
                codes::SYNTAX,
                at,
                format!(
                    "includes nested deeper than {MAX_INCLUDE_DEPTH} files: not followed further"
                ),
            ));
            return unknown;
        }
        let text = match backix_parser::input::read_text(
            &path,
            backix_parser::input::DEFAULT_MAX_FILE_SIZE,
        ) {
            Ok(text) => text,
            Err(message) => {
                self.out.push(Finding::new(
                    codes::SYNTAX,
                    at,
                    format!("cannot read the included file: {message}"),
                ));
                return unknown;
            }
        };
        let file = includes.sources.add(
            path.display().to_string(),
            Some(path.clone()),
            text.as_str(),
        );
        let parsed = match yaml::parse(file, &text, Limits::default()) {
            Ok(Some(parsed)) => parsed,
            // An empty file includes nothing.
            Ok(None) => return Node::new(Value::Null, at),
            Err(d) => {
                let mut f = Finding::new(
                    codes::SYNTAX,
                    d.span.unwrap_or(at),
                    format!("in the included file `{}`: {}", path.display(), d.message),
                );
                if d.span.is_some() {
                    f = f.with_label(at, "included here");
                }
                self.out.push(f);
                return unknown;
            }
        };
        let mut nested = Includes {
            sources: &mut *includes.sources,
            directory: path
                .parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
            chain: includes.chain.clone(),
        };
        nested.chain.push(canonical);
        apply_following(parsed, Some(&text), &mut nested, self.out)
    }
}

/// Where borgmatic looks for an included file.
fn candidates(name: &str, directory: &Path) -> Vec<PathBuf> {
    let expanded = match (name.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Path::new(&home).join(rest),
        _ => PathBuf::from(name),
    };
    if expanded.is_absolute() {
        return vec![expanded];
    }
    let mut out = Vec::new();
    if let Ok(cwd) = std::env::current_dir() {
        out.push(cwd.join(&expanded));
    }
    let beside = directory.join(&expanded);
    if !out.contains(&beside) {
        out.push(beside);
    }
    out
}

/// The included file, the first candidate that exists.
fn find_include(name: &str, directory: &Path) -> Option<PathBuf> {
    candidates(name, directory)
        .into_iter()
        .find(|p| p.is_file())
}

/// The span of a whole entry (key through value).
pub fn entry_span(entry: &Entry) -> Span {
    Span::new(
        entry.key.span.file,
        entry.key.span.start.min(entry.value.span.start),
        entry.key.span.end.max(entry.value.span.end),
    )
}
