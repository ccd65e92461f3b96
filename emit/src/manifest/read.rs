//! Reading extracted option values into manifest values: known strings stay strings, unknown
//! pieces become references, and what cannot be represented is reported.

use backix_parser::module::extract::{LocatedValue, OptionNode, StringPart};
use backix_schema::view;

use super::types::{Part, Reference, Text};

/// Collects, while reading one job, the options that block rendering.
#[derive(Default)]
pub struct Reader {
    /// Problems that keep the job from being rendered (`option: why`).
    pub blocked: Vec<String>,
    /// Notes for the reader of the manifest.
    pub warnings: Vec<String>,
}

/// `file:line` of a value, when known.
pub fn at(value: &LocatedValue) -> Option<String> {
    view::value_location(value).map(|l| format!("{}:{}", l.file, l.line))
}

/// `file:line` of a node's first definition.
pub fn node_at(node: &OptionNode) -> Option<String> {
    match node {
        OptionNode::Value { value, .. } => at(value),
        _ => None,
    }
    .or_else(|| {
        view::definitions(node)
            .first()
            .map(|l| format!("{}:{}", l.file, l.line))
    })
}

impl Reader {
    /// The merged value of `option` below `job`, or `None` when it is not defined; conflicts and
    /// errors are reported and also give `None`.
    pub fn value<'a>(&mut self, job: &'a OptionNode, option: &str) -> Option<&'a LocatedValue> {
        let node = view::at(job, option)?;
        match node {
            OptionNode::Value { value, .. } => Some(value),
            OptionNode::Conflict { message, .. } => {
                self.block(option, &format!("conflicting definitions: {message}"));
                None
            }
            OptionNode::Error { message, .. } => {
                self.block(option, &format!("evaluation failed: {message}"));
                None
            }
            OptionNode::Set { .. } => {
                self.block(option, "is a set of options, not a value");
                None
            }
        }
    }

    /// Records that `option` keeps the job from being rendered.
    pub fn block(&mut self, option: &str, why: &str) {
        self.blocked.push(format!("{option}: {why}"));
    }

    /// A string value (a path counts, as Nix coerces it); unknown pieces become references.
    pub fn text(&mut self, option: &str, value: &LocatedValue) -> Option<Text> {
        let location = at(value);
        match value {
            LocatedValue::String { value, .. } | LocatedValue::Path { value, .. } => {
                Some(Text::lit(value.clone()))
            }
            LocatedValue::PartialString { parts, .. } => {
                Some(Text::from_parts(parts.iter().map(|p| match p {
                    StringPart::Text { text } => Part::Lit(text.clone()),
                    StringPart::Unknown { unknown } => Part::Ref(Reference {
                        reference: unknown.clone(),
                        at: location.clone(),
                        secret: false,
                    }),
                })))
            }
            LocatedValue::Unknown { text, .. } => Some(Text::reference(Reference {
                reference: text.clone(),
                at: location,
                secret: false,
            })),
            LocatedValue::Error { message, .. } => {
                self.block(option, &format!("evaluation failed: {message}"));
                None
            }
            other => {
                self.block(option, &format!("expected a string, found {}", kind(other)));
                None
            }
        }
    }

    /// A string option with a default.
    pub fn text_or(&mut self, job: &OptionNode, option: &str, default: &str) -> Text {
        match self.value(job, option) {
            Some(v) => self.text(option, v).unwrap_or_else(|| Text::lit(default)),
            None => Text::lit(default),
        }
    }

    /// A `nullOr str` option: `Ok(None)` for null.
    pub fn nullable_text(
        &mut self,
        job: &OptionNode,
        option: &str,
        default: Option<Text>,
    ) -> Option<Text> {
        match self.value(job, option) {
            Some(v) if view::is_null(v) => None,
            Some(v) => self.text(option, v),
            None => default,
        }
    }

    /// A Boolean option with its default; `None` (and a block) when unknown.
    pub fn flag(&mut self, job: &OptionNode, option: &str, default: bool) -> Option<bool> {
        match self.value(job, option) {
            None => Some(default),
            Some(v) => match view::as_bool(v) {
                Some(b) => Some(b),
                None => {
                    self.block(
                        option,
                        &format!(
                            "not statically known ({}); set it in the configuration",
                            describe(v)
                        ),
                    );
                    None
                }
            },
        }
    }

    /// A list of strings (a single string is a one-element list when `coerce_single`).
    pub fn text_list(
        &mut self,
        option: &str,
        value: &LocatedValue,
        coerce_single: bool,
    ) -> Option<Vec<Text>> {
        match value {
            LocatedValue::List { items, .. } => items
                .iter()
                .enumerate()
                .map(|(i, v)| self.text(&format!("{option}[{i}]"), v))
                .collect(),
            LocatedValue::String { .. } | LocatedValue::PartialString { .. } if coerce_single => {
                self.text(option, value).map(|t| vec![t])
            }
            other => {
                self.block(
                    option,
                    &format!("expected a list of strings, found {}", describe(other)),
                );
                None
            }
        }
    }

    /// The entries of an `attrsOf` option, whichever shape the extraction gave it (a set of
    /// option nodes, or one set value).
    pub fn attrs<'a>(
        &mut self,
        job: &'a OptionNode,
        option: &str,
    ) -> Vec<(String, &'a LocatedValue)> {
        let mut out = Vec::new();
        match view::at(job, option) {
            None => {}
            Some(OptionNode::Set { attrs, .. }) => {
                for (key, node) in attrs {
                    match node {
                        OptionNode::Value { value, .. } => out.push((key.clone(), value)),
                        _ => self.block(&format!("{option}.{key}"), "not a single value"),
                    }
                }
            }
            Some(_) => match self.value(job, option) {
                Some(LocatedValue::Set { attrs, .. }) => {
                    out.extend(attrs.iter().map(|(k, v)| (k.clone(), v)));
                }
                Some(v) => {
                    let why = format!("expected a set, found {}", describe(v));
                    self.block(option, &why);
                }
                None => {}
            },
        }
        out
    }

    /// A list option with an empty default.
    pub fn list_or_empty(&mut self, job: &OptionNode, option: &str, single: bool) -> Vec<Text> {
        match self.value(job, option) {
            Some(v) => self.text_list(option, v, single).unwrap_or_default(),
            None => Vec::new(),
        }
    }
}

/// A value's type, for messages.
pub fn kind(value: &LocatedValue) -> &'static str {
    match value {
        LocatedValue::Null { .. } => "null",
        LocatedValue::Bool { .. } => "a Boolean",
        LocatedValue::Int { .. } => "an integer",
        LocatedValue::Float { .. } => "a float",
        LocatedValue::String { .. } | LocatedValue::PartialString { .. } => "a string",
        LocatedValue::Path { .. } => "a path",
        LocatedValue::List { .. } => "a list",
        LocatedValue::Set { .. } => "a set",
        LocatedValue::Function { .. } => "a function",
        LocatedValue::Unknown { .. } => "an unknown value",
        LocatedValue::Error { .. } => "an error",
    }
}

/// A value's type, and for an unknown its source text.
pub fn describe(value: &LocatedValue) -> String {
    match value {
        LocatedValue::Unknown { text, .. } => format!("unknown: {text}"),
        other => kind(other).to_string(),
    }
}
