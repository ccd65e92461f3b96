//! Helpers shared by the assertion and domain checks: walking the instances of a module
//! (jobs, repos, backups), reading options with the module's defaults in mind, and pointing a
//! diagnostic inside a string literal.

use std::ops::Range;

use backix_parser::module::extract::{LocatedValue, ModuleKind, OptionNode, RootReport};
use backix_parser::source::{SourceMap, Span};

use crate::rule::Context;
use crate::view;

/// One named instance of a module: `services.borgbackup.jobs.<name>` and the like.
#[derive(Clone, Copy)]
pub struct Instance<'a> {
    /// The root it belongs to.
    pub root: &'a RootReport,
    /// The option below the root that holds the instances (`backups` of
    /// `programs.borgmatic`), if any.
    pub group: Option<&'static str>,
    /// Its attribute name.
    pub name: &'a str,
    /// Its options.
    pub node: &'a OptionNode,
}

impl<'a> Instance<'a> {
    /// The dotted option path of the instance, for messages (`services.borgbackup.jobs.home`,
    /// prefixed with `home-manager.users.<u>.` for roots below a home-manager user).
    pub fn path(&self) -> String {
        let name = view::nix_attr_name(self.name);
        let group = self.group.map(|g| format!(".{g}")).unwrap_or_default();
        match &self.root.user {
            Some(user) => format!(
                "home-manager.users.{}.{}{group}.{name}",
                view::nix_attr_name(user),
                self.root.option
            ),
            None => format!("{}{group}.{name}", self.root.option),
        }
    }

    /// The dotted path of one of its options.
    pub fn option(&self, rel: &str) -> String {
        format!("{}.{rel}", self.path())
    }

    /// The node of an option below the instance.
    pub fn at(&self, path: &str) -> Option<&'a OptionNode> {
        view::at(self.node, path)
    }

    /// How an option is set (see [`Setting`]).
    pub fn setting(&self, path: &str) -> Setting<'a> {
        setting(self.at(path))
    }

    /// Where to point for the instance as a whole.
    pub fn span(&self) -> Option<Span> {
        view::node_span(self.node)
    }
}

/// The roots of one module in the context.
pub fn roots<'a>(cx: &'a Context<'_>, kind: ModuleKind) -> impl Iterator<Item = &'a RootReport> {
    cx.extraction
        .systems
        .iter()
        .flat_map(|s| &s.roots)
        .filter(move |r| r.module == kind)
}

/// The named instances (jobs, repos, backups) of every root of one module.
pub fn instances<'a>(cx: &'a Context<'_>, kind: ModuleKind) -> Vec<Instance<'a>> {
    roots(cx, kind)
        .flat_map(|root| {
            view::entries(&root.value).map(move |(name, node)| Instance {
                root,
                group: None,
                name,
                node,
            })
        })
        .collect()
}

/// The named instances below an option of each root (`programs.borgmatic.backups.<name>`).
pub fn grouped_instances<'a>(
    cx: &'a Context<'_>,
    kind: ModuleKind,
    group: &'static str,
) -> Vec<Instance<'a>> {
    roots(cx, kind)
        .flat_map(|root| {
            view::child(&root.value, group)
                .into_iter()
                .flat_map(view::entries)
                .map(move |(name, node)| Instance {
                    root,
                    group: Some(group),
                    name,
                    node,
                })
        })
        .collect()
}

/// Whether a root's `enable` option is true (`false` when absent, the default; `None` when
/// unknown). A conditional `true` counts as true.
pub fn enabled(root: &RootReport) -> Option<bool> {
    match setting(view::at(&root.value, "enable")) {
        Setting::Absent | Setting::Null => Some(false),
        Setting::Value(v) => view::as_bool(v),
        Setting::Set(_) | Setting::Unknown => None,
    }
}

/// How an option is set, as far as a check can tell.
#[derive(Clone, Copy, Debug)]
pub enum Setting<'a> {
    /// Not defined: the module's default applies.
    Absent,
    /// Defined as `null`.
    Null,
    /// Defined with a value that is not `null` (possibly partly unknown, like a list with an
    /// unknown element or a string with an unknown piece); `conditional` definitions count.
    Value(&'a LocatedValue),
    /// A group of sub-options or attributes (a submodule or an `attrsOf`), not `null`.
    Set(&'a OptionNode),
    /// Unknown, an evaluation error or a merge conflict: checks depending on it stay silent.
    Unknown,
}

impl<'a> Setting<'a> {
    /// Whether the option is certainly `null` given its default (`default_null`).
    pub fn is_null(&self, default_null: bool) -> Option<bool> {
        match self {
            Setting::Absent => Some(default_null),
            Setting::Null => Some(true),
            Setting::Value(_) | Setting::Set(_) => Some(false),
            Setting::Unknown => None,
        }
    }

    /// The value, when it is one.
    pub fn value(self) -> Option<&'a LocatedValue> {
        match self {
            Setting::Value(v) => Some(v),
            _ => None,
        }
    }

    /// A fully known string value.
    pub fn str(self) -> Option<&'a str> {
        self.value().and_then(view::as_str)
    }

    /// For a list option: whether it is empty (`default_empty` when absent); `None` when unknown
    /// or not a list. A list with unknown elements is not empty.
    pub fn list_is_empty(&self, default_empty: bool) -> Option<bool> {
        match self {
            Setting::Absent => Some(default_empty),
            Setting::Value(LocatedValue::List { items, .. }) => Some(items.is_empty()),
            _ => None,
        }
    }
}

/// Reads an option node.
pub fn setting(node: Option<&OptionNode>) -> Setting<'_> {
    match node {
        None => Setting::Absent,
        Some(node @ OptionNode::Set { .. }) => Setting::Set(node),
        Some(OptionNode::Value { value, .. }) => match value {
            LocatedValue::Null { .. } => Setting::Null,
            LocatedValue::Unknown { .. } | LocatedValue::Error { .. } => Setting::Unknown,
            other => Setting::Value(other),
        },
        Some(OptionNode::Conflict { .. } | OptionNode::Error { .. }) => Setting::Unknown,
    }
}

/// The span of an option node, or of the instance when the node has none.
pub fn span_or(node: Option<&OptionNode>, fallback: Option<Span>) -> Option<Span> {
    node.and_then(view::node_span).or(fallback)
}

/// The known strings of a `string or list of strings` option, each with its value (for its
/// span); unknown elements are skipped, the known ones are kept.
pub fn known_strings(value: &LocatedValue) -> Vec<(&str, &LocatedValue)> {
    match value {
        LocatedValue::List { items, .. } => items
            .iter()
            .filter_map(|item| view::as_str(item).map(|s| (s, item)))
            .collect(),
        other => view::as_str(other)
            .map(|s| (s, other))
            .into_iter()
            .collect(),
    }
}

/// The entries of an attribute-set option, whichever way the extraction shows it: as option
/// nodes (`attrsOf`, merged per name) or as one set value. Each entry gives its name, its value
/// (`None` when unknown, an error or a conflict) and where to point for its name and value.
pub fn attr_entries(node: &OptionNode) -> Option<Vec<AttrEntry<'_>>> {
    match node {
        OptionNode::Set { attrs, .. } => Some(
            attrs
                .iter()
                .map(|(name, child)| AttrEntry {
                    name,
                    value: view::value(child).filter(|v| !is_unknown(v)),
                    name_span: view::definitions(child).iter().find_map(|l| l.span),
                    span: view::node_span(child),
                })
                .collect(),
        ),
        OptionNode::Value {
            value: LocatedValue::Set { attrs, .. },
            ..
        } => Some(
            attrs
                .iter()
                .map(|(name, v)| AttrEntry {
                    name,
                    value: Some(v).filter(|v| !is_unknown(v)),
                    name_span: view::value_span(v),
                    span: view::value_span(v),
                })
                .collect(),
        ),
        _ => None,
    }
}

/// One attribute of an attribute-set option.
pub struct AttrEntry<'a> {
    /// Its name.
    pub name: &'a str,
    /// Its value, unless unknown.
    pub value: Option<&'a LocatedValue>,
    /// Where the name was written (or the best approximation).
    pub name_span: Option<Span>,
    /// Where the value was written (or the best approximation).
    pub span: Option<Span>,
}

fn is_unknown(value: &LocatedValue) -> bool {
    matches!(
        value,
        LocatedValue::Unknown { .. } | LocatedValue::Error { .. }
    )
}

/// The source span of the characters `range` of a known string value, when the value was
/// written as a plain string literal whose text is exactly the value (no escapes, no
/// interpolation, no indentation stripping): then byte `i` of the value is byte `i` of the
/// literal's contents. Otherwise `None` (point at the whole value instead).
///
/// Option values are located either at the literal itself (list elements) or at the attribute
/// name they were defined with (`startAt = "…"`); in the second case the literal that follows
/// the `=` is used.
pub fn inner_span(sources: &SourceMap, value: &LocatedValue, range: Range<usize>) -> Option<Span> {
    let text = view::as_str(value)?;
    let span = view::value_span(value)?;
    let start = literal_contents(sources, span, text)?;
    let end = range.end.min(text.len());
    let begin = range.start.min(end);
    Some(Span::new(
        span.file,
        start + begin as u32,
        start + end as u32,
    ))
}

/// The byte offset in the file where the contents of the literal holding `text` start.
fn literal_contents(sources: &SourceMap, span: Span, text: &str) -> Option<u32> {
    let file = sources.file(span.file);
    let source: &str = &file.text;
    let here = source.get(span.start as usize..span.end as usize)?;
    // The span is the literal itself.
    if let Some(offset) = literal_at(here, text)
        && offset + text.len() + closing_len(here) == here.len()
    {
        return Some(span.start + offset as u32);
    }
    // The span is the attribute name: `name = "…"`.
    let after = source.get(span.end as usize..)?;
    let rest = after.trim_start_matches([' ', '\t', '\n', '\r']);
    let rest = rest.strip_prefix('=')?;
    let value = rest.trim_start_matches([' ', '\t', '\n', '\r']);
    let value_at = source.len() - value.len();
    let offset = literal_at(value, text)?;
    Some((value_at + offset) as u32)
}

/// If `source` starts with a string literal whose contents are exactly `text`, the length of
/// its opening quote.
fn literal_at(source: &str, text: &str) -> Option<usize> {
    let (open, close) = if source.starts_with("''") {
        ("''", "''")
    } else if source.starts_with('"') {
        ("\"", "\"")
    } else {
        return None;
    };
    let body = source[open.len()..].strip_prefix(text)?;
    if !body.starts_with(close) {
        return None;
    }
    // Escapes, interpolations and (for indented strings) line breaks make the value differ
    // from the source text; refuse them even when they happen to agree.
    let special = if open == "\"" {
        text.contains('\\') || text.contains("${") || text.contains('"')
    } else {
        text.contains("''") || text.contains("${") || text.contains('\n') || text.contains('\'')
    };
    (!special).then_some(open.len())
}

fn closing_len(literal: &str) -> usize {
    if literal.starts_with("''") { 2 } else { 1 }
}

/// Options of home-manager's and NixOS's modules are matched case-sensitively; this suggests the
/// closest candidate to `word`, comparing case-insensitively.
pub fn did_you_mean<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let lower = word.to_lowercase();
    candidates
        .iter()
        .map(|c| (strsim::osa_distance(&lower, &c.to_lowercase()), *c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// The password of a URL's `user:password@` part, if the text holds one (restic's REST and
/// S3-compatible locations can carry credentials).
pub fn url_password(text: &str) -> Option<&str> {
    let after = &text[text.find("://")? + 3..];
    let userinfo = &after[..after.find('@')?];
    let password = &userinfo[userinfo.find(':')? + 1..];
    (!password.is_empty()).then_some(password)
}

/// `message` with every occurrence of the password in `text` (see [`url_password`]) masked.
pub fn redact(text: &str, message: String) -> String {
    match url_password(text) {
        Some(password) => message.replace(password, "****"),
        None => message,
    }
}
