//! JSON Schema errors turned into findings: one code per kind of mistake, messages in Nix terms,
//! spans from the projection, and nothing at or below an unknown value.

use backix_parser::source::Span;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{ValidationError, Validator};
use serde_json::Value;

use super::names::{
    expected_words, is_group, locate, nix_type, nix_type_of_json, option_names, required_leaves,
    suggest,
};
use super::project::{NixKind, Projection, escape, unescape};
use crate::model::matching::by_json_pattern;

/// BX001 `type-mismatch`.
pub const TYPE_MISMATCH: &str = "BX001";
/// BX002 `unknown-option`.
pub const UNKNOWN_OPTION: &str = "BX002";
/// BX003 `invalid-value`.
pub const INVALID_VALUE: &str = "BX003";
/// BX004 `missing-option`.
pub const MISSING_OPTION: &str = "BX004";

/// One mistake found in an entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// The rule's code.
    pub code: &'static str,
    /// The JSON pointer of the value (or of the unknown attribute).
    pub pointer: String,
    /// The message, naming the option.
    pub message: String,
    /// Where to point.
    pub span: Option<Span>,
    /// A suggested fix.
    pub help: Option<String>,
    /// For type mismatches: the JSON types expected, to merge the branches of an `anyOf`.
    pub expected: Vec<String>,
    /// Whether the value is a secret (its source range is masked).
    pub secret: bool,
}

/// What the mapping needs about one entry.
pub struct EntryCx<'a> {
    /// The option path of the entry (`services.borgbackup.jobs.home`).
    pub prefix: &'a str,
    /// The model's schema.
    pub schema: &'a Value,
    /// The projected entry.
    pub projection: &'a Projection,
}

impl EntryCx<'_> {
    /// The option name of a pointer: `services.borgbackup.jobs.home.encryption.mode`; list
    /// elements as `[i]`.
    pub fn option_name(&self, pointer: &str) -> String {
        let mut name = self.prefix.to_string();
        let mut current = String::new();
        for raw in pointer.split('/').skip(1) {
            let in_list = self
                .projection
                .value
                .pointer(&current)
                .is_some_and(Value::is_array);
            let segment = unescape(raw);
            if in_list {
                name.push_str(&format!("[{segment}]"));
            } else {
                if !name.is_empty() {
                    name.push('.');
                }
                name.push_str(&nix_attr_name(&segment));
            }
            current.push('/');
            current.push_str(raw);
        }
        name
    }

    fn found(&self, pointer: &str) -> &'static str {
        match self.projection.kinds.get(pointer) {
            Some(NixKind::Path) => return "a path",
            Some(NixKind::Float) => return "a float",
            None => {}
        }
        match self.projection.value_at(pointer) {
            Some(Value::String(_)) => "a string",
            Some(Value::Bool(_)) => "a boolean",
            Some(Value::Number(n)) if n.is_f64() => "a float",
            Some(Value::Number(_)) => "an integer",
            Some(Value::Array(_)) => "a list",
            Some(Value::Object(_)) => "an attribute set",
            Some(Value::Null) => "null",
            None => "nothing",
        }
    }

    /// The value at a pointer, shown in a message: strings quoted and shortened, secrets not
    /// shown.
    fn shown(&self, pointer: &str) -> String {
        if is_secret(pointer) {
            return "this value (not shown: it is a secret)".into();
        }
        match self.projection.value_at(pointer) {
            Some(Value::String(s)) => {
                let short: String = s.chars().take(60).collect();
                let ellipsis = if short.len() < s.len() { "…" } else { "" };
                format!("`{}{ellipsis}`", short.replace('`', "'"))
            }
            Some(other) => format!("`{other}`"),
            None => "the value".into(),
        }
    }

    pub(super) fn finding(&self, code: &'static str, pointer: &str, message: String) -> Finding {
        let span = if code == UNKNOWN_OPTION || code == MISSING_OPTION {
            self.projection.key_span(pointer)
        } else {
            self.projection.value_span(pointer)
        };
        Finding {
            code,
            pointer: pointer.to_string(),
            message,
            span,
            help: None,
            expected: Vec::new(),
            secret: is_secret(pointer),
        }
    }
}

/// Whether an option at this pointer holds a secret whose value must never be printed.
pub fn is_secret(pointer: &str) -> bool {
    pointer.split('/').any(|segment| {
        let s = segment.to_ascii_lowercase();
        ["passphrase", "password", "secret", "token", "credential"]
            .iter()
            .any(|w| s.contains(w))
            && !s.ends_with("file")
            && !s.ends_with("command")
    })
}

/// A Nix attribute name as written: quoted unless it is an identifier.
fn nix_attr_name(name: &str) -> String {
    let ident = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '\''));
    if ident {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// Validates a projected entry against a model's compiled schema: every finding, unknowns
/// dropped.
pub fn validate(validator: &Validator, cx: &EntryCx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for error in validator.iter_errors(&cx.projection.value) {
        reduce(&error, cx, &mut out);
    }
    let mut unique: Vec<Finding> = Vec::new();
    for f in out {
        if !unique.contains(&f) {
            unique.push(f);
        }
    }
    unique
}

/// The schema node that holds the keyword an error comes from.
fn keyword_owner<'a>(schema: &'a Value, error: &ValidationError<'_>) -> Option<&'a Value> {
    let path = error.schema_path().as_str();
    let owner = &path[..path.rfind('/').unwrap_or(0)];
    schema.pointer(owner)
}

fn type_names(kind: &TypeKind) -> Vec<String> {
    match kind {
        TypeKind::Single(t) => vec![t.to_string()],
        TypeKind::Multiple(set) => set.iter().map(|t| t.to_string()).collect(),
    }
}

fn reduce(error: &ValidationError<'_>, cx: &EntryCx<'_>, out: &mut Vec<Finding>) {
    let pointer = error.instance_path().as_str();
    let projection = cx.projection;
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            for key in unexpected {
                let child = format!("{pointer}/{}", escape(key));
                out.push(unknown_option(cx, &child));
            }
        }
        _ if projection.is_opaque(pointer) => {}
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            let branches: Vec<Vec<Finding>> = context
                .iter()
                .map(|errors| {
                    let mut found = Vec::new();
                    for e in errors {
                        reduce(e, cx, &mut found);
                    }
                    found
                })
                .collect();
            if branches.iter().any(Vec::is_empty) {
                // Some branch holds, up to what is unknown.
                return;
            }
            let type_here = |f: &Finding| f.code == TYPE_MISMATCH && f.pointer == pointer;
            let matching = branches
                .iter()
                .filter(|b| !b.iter().any(type_here))
                .min_by_key(|b| b.len());
            match matching {
                Some(best) => out.extend(best.iter().cloned()),
                None => {
                    let expected: Vec<String> = branches
                        .iter()
                        .flatten()
                        .filter(|f| type_here(f))
                        .flat_map(|f| f.expected.iter().cloned())
                        .collect();
                    let nix = keyword_owner(cx.schema, error)
                        .and_then(nix_type)
                        .map(str::to_string);
                    out.push(type_mismatch(cx, pointer, expected, nix));
                }
            }
        }
        ValidationErrorKind::OneOfMultipleValid { .. } => {}
        ValidationErrorKind::Type { kind } => {
            let nix = keyword_owner(cx.schema, error)
                .and_then(nix_type)
                .map(str::to_string);
            out.push(type_mismatch(cx, pointer, type_names(kind), nix));
        }
        ValidationErrorKind::Required { property } => {
            let Some(property) = property.as_str() else {
                return;
            };
            let owner = keyword_owner(cx.schema, error);
            let child = owner
                .and_then(|o| o.get("properties"))
                .and_then(|p| p.get(property));
            let leaves = match child {
                Some(c) if is_group(c) => {
                    let leaves = required_leaves(c, &format!("{property}."));
                    if leaves.is_empty() {
                        vec![property.to_string()]
                    } else {
                        leaves
                    }
                }
                _ => vec![property.to_string()],
            };
            for leaf in leaves {
                let mut name = cx.option_name(pointer);
                if !name.is_empty() {
                    name.push('.');
                }
                name.push_str(&leaf);
                let mut f = cx.finding(
                    MISSING_OPTION,
                    pointer,
                    format!("the option `{name}` is not set, and it has no default"),
                );
                f.help = Some(format!("define `{leaf}`"));
                out.push(f);
            }
        }
        ValidationErrorKind::Enum { options } => {
            let allowed = match &**options {
                Value::Array(values) => values
                    .iter()
                    .map(|v| match v {
                        Value::String(s) => format!("`{s}`"),
                        other => format!("`{other}`"),
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                other => other.to_string(),
            };
            let mut f = cx.finding(
                INVALID_VALUE,
                pointer,
                format!(
                    "`{}`: {} is not one of the allowed values",
                    cx.option_name(pointer),
                    cx.shown(pointer)
                ),
            );
            f.help = Some(format!("use one of {allowed}"));
            out.push(f);
        }
        ValidationErrorKind::Pattern { pattern } => {
            let nix = keyword_owner(cx.schema, error).and_then(nix_type);
            let (what, words) = match by_json_pattern(pattern) {
                Some(m) if m.nix.is_none() => ("is not an absolute path", m.words.to_string()),
                Some(m) => ("does not match the module's pattern", m.words.to_string()),
                None => (
                    "does not match the module's pattern",
                    format!("`{pattern}`"),
                ),
            };
            let mut message = format!(
                "`{}`: {} {what}",
                cx.option_name(pointer),
                cx.shown(pointer)
            );
            if let Some(nix) = nix {
                message.push_str(&format!(" (`{nix}`)"));
            }
            let mut f = cx.finding(INVALID_VALUE, pointer, message);
            f.help = Some(format!("expected {words}"));
            out.push(f);
        }
        ValidationErrorKind::Minimum { limit }
        | ValidationErrorKind::ExclusiveMinimum { limit } => {
            out.push(cx.finding(
                INVALID_VALUE,
                pointer,
                format!(
                    "`{}`: {} is below the minimum, {limit}",
                    cx.option_name(pointer),
                    cx.shown(pointer)
                ),
            ));
        }
        ValidationErrorKind::Maximum { limit }
        | ValidationErrorKind::ExclusiveMaximum { limit } => {
            out.push(cx.finding(
                INVALID_VALUE,
                pointer,
                format!(
                    "`{}`: {} is above the maximum, {limit}",
                    cx.option_name(pointer),
                    cx.shown(pointer)
                ),
            ));
        }
        _ => {
            out.push(cx.finding(
                INVALID_VALUE,
                pointer,
                format!("`{}`: {}", cx.option_name(pointer), error.masked()),
            ));
        }
    }
}

fn type_mismatch(
    cx: &EntryCx<'_>,
    pointer: &str,
    expected: Vec<String>,
    nix: Option<String>,
) -> Finding {
    let nix = nix.or_else(|| nix_type_of_json(&expected));
    let mut message = format!(
        "`{}`: expected {}",
        cx.option_name(pointer),
        expected_words(&expected)
    );
    if let Some(nix) = &nix {
        message.push_str(&format!(" (`{nix}`)"));
    }
    message.push_str(&format!(", found {}", cx.found(pointer)));
    let mut f = cx.finding(TYPE_MISMATCH, pointer, message);
    f.expected = expected;
    f
}

fn unknown_option(cx: &EntryCx<'_>, pointer: &str) -> Finding {
    let located = locate(cx.schema, &cx.projection.value, pointer);
    let relative: Vec<String> = pointer[located.scope_pointer.len()..]
        .split('/')
        .skip(1)
        .map(unescape)
        .collect();
    let relative = relative.join(".");
    let names = option_names(located.scope);
    let mut f = cx.finding(
        UNKNOWN_OPTION,
        pointer,
        format!(
            "`{}` is not an option of the module",
            cx.option_name(pointer)
        ),
    );
    f.help = suggest(&relative, &names).map(|s| format!("did you mean `{s}`?"));
    f
}
