//! Validation of a normalized configuration against the JSON Schema generated from the model,
//! with each error mapped back to the YAML (or Nix) place it concerns.

use std::sync::LazyLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{ValidationError, Validator};
use serde_json::Value as Json;

use super::finding::{Finding, codes};
use super::json::{Located, dotted, escape};

static SCHEMA: LazyLock<Json> = LazyLock::new(|| {
    let schema = schemars::generate::SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<super::model::Config>();
    serde_json::to_value(schema).expect("a schema is JSON")
});

static VALIDATOR: LazyLock<Validator> =
    LazyLock::new(|| jsonschema::validator_for(&SCHEMA).expect("the generated schema compiles"));

/// The JSON Schema of the flat borgmatic 2.1.10 configuration, generated from the model.
pub fn json_schema() -> Json {
    SCHEMA.clone()
}

/// Validates a converted configuration; findings go to `out`.
pub fn validate(located: &Located, out: &mut Vec<Finding>) {
    for error in VALIDATOR.iter_errors(&located.json) {
        report(located, &error, "", out);
    }
    // With constants defined, borgmatic 2.1.10 walks every option name as a string and
    // crashes on any other key.
    let has_constants = located.json["constants"]
        .as_object()
        .is_some_and(|c| !c.is_empty());
    if has_constants {
        for span in &located.non_string_keys {
            out.push(
                Finding::new(
                    codes::TYPE,
                    *span,
                    "a key that is not a string: with `constants` defined, borgmatic fails on it",
                )
                .with_help("Quote the key to make it a string."),
            );
        }
    }
}

/// The schema that applies at an instance pointer, following `properties`, `items` and
/// `additionalProperties` (not into `anyOf`).
fn schema_at(root: &Json, pointer: &str) -> Option<Json> {
    let mut schema = resolve(root, root)?;
    for seg in pointer.split('/').skip(1) {
        let seg = seg.replace("~1", "/").replace("~0", "~");
        let next = if let Some(p) = schema.get("properties").and_then(|p| p.get(&seg)) {
            p.clone()
        } else if let Some(items) = schema.get("items") {
            items.clone()
        } else if let Some(extra) = schema.get("additionalProperties").filter(|a| a.is_object()) {
            extra.clone()
        } else {
            return None;
        };
        schema = resolve(root, &next)?;
    }
    Some(schema)
}

fn resolve(root: &Json, schema: &Json) -> Option<Json> {
    match schema.get("$ref").and_then(Json::as_str) {
        Some(r) => {
            let target = root.pointer(r.strip_prefix('#')?)?;
            resolve(root, target)
        }
        None => Some(schema.clone()),
    }
}

fn place(pointer: &str) -> String {
    if pointer.is_empty() {
        "the top level".to_string()
    } else {
        format!("`{}`", dotted(pointer))
    }
}

fn type_word(t: &str) -> &'static str {
    match t {
        "string" => "a string",
        "integer" => "an integer",
        "number" => "a number",
        "boolean" => "a Boolean (true or false)",
        "array" => "a list",
        "object" => "a mapping",
        "null" => "null",
        _ => "a value",
    }
}

fn instance_type(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "a Boolean",
        Json::Number(n) if n.is_i64() || n.is_u64() => "an integer",
        Json::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0) => "an integer",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "a list",
        Json::Object(_) => "a mapping",
    }
}

/// The closest of `candidates` to `name`, when close enough to suggest.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(name, c), c))
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

fn report(located: &Located, error: &ValidationError<'_>, prefix: &str, out: &mut Vec<Finding>) {
    let pointer = format!("{prefix}{}", error.instance_path().as_str());
    let key_based = matches!(
        error.kind(),
        ValidationErrorKind::AdditionalProperties { .. } | ValidationErrorKind::Required { .. }
    );
    let hidden = if key_based {
        located.unknown.iter().any(|u| {
            *u == pointer
                || pointer
                    .strip_prefix(u.as_str())
                    .is_some_and(|r| r.starts_with('/'))
        })
    } else {
        located.touches_unknown(&pointer)
    };
    if hidden {
        return;
    }
    let Some(span) = located.span(&pointer) else {
        return;
    };
    let instance = located
        .json
        .pointer(&pointer)
        .cloned()
        .unwrap_or(Json::Null);
    let schema = schema_at(&SCHEMA, &pointer);
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let known: Vec<String> = schema
                .as_ref()
                .and_then(|s| s.get("properties"))
                .and_then(Json::as_object)
                .map(|p| p.keys().cloned().collect())
                .unwrap_or_default();
            for name in unexpected {
                let child = format!("{pointer}/{}", escape(name));
                let at = located.keys.get(&child).copied().unwrap_or(span);
                let mut f = Finding::new(
                    codes::UNKNOWN_OPTION,
                    at,
                    format!("unknown option `{name}` at {}", place(&pointer)),
                );
                if let Some(best) = did_you_mean(name, known.iter().map(String::as_str)) {
                    f = f.with_help(format!("did you mean `{best}`?"));
                }
                out.push(f);
            }
        }
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or("?");
            out.push(Finding::new(
                codes::MISSING_OPTION,
                span,
                format!("{} needs the option `{name}`", place(&pointer)),
            ));
        }
        ValidationErrorKind::Type { kind } => {
            let wanted: Vec<&str> = match kind {
                TypeKind::Single(t) => vec![type_word(&t.to_string())],
                TypeKind::Multiple(ts) => ts.iter().map(|t| type_word(&t.to_string())).collect(),
            };
            out.push(Finding::new(
                codes::TYPE,
                span,
                format!(
                    "{} is {}, borgmatic wants {}",
                    place(&pointer),
                    instance_type(&instance),
                    wanted.join(" or ")
                ),
            ));
        }
        ValidationErrorKind::Enum { options } => {
            let allowed: Vec<String> = options
                .as_array()
                .map(|a| a.iter().map(Json::to_string).collect())
                .unwrap_or_default();
            let mut f = Finding::new(
                codes::INVALID_VALUE,
                span,
                format!(
                    "{} is {}, which borgmatic does not accept: one of {}",
                    place(&pointer),
                    instance,
                    allowed.join(", ")
                ),
            );
            if let Some(s) = instance.as_str() {
                let names: Vec<&str> = options
                    .as_array()
                    .map(|a| a.iter().filter_map(Json::as_str).collect())
                    .unwrap_or_default();
                if let Some(best) = did_you_mean(s, names) {
                    f = f.with_help(format!("did you mean `{best}`?"));
                }
            }
            out.push(f);
        }
        ValidationErrorKind::Not { .. } => out.push(Finding::new(
            codes::INVALID_VALUE,
            span,
            format!("{} cannot be {}", place(&pointer), instance),
        )),
        ValidationErrorKind::UniqueItems => out.push(Finding::new(
            codes::INVALID_VALUE,
            span,
            format!("{} lists a value twice", place(&pointer)),
        )),
        ValidationErrorKind::AnyOf { .. }
        | ValidationErrorKind::OneOfNotValid { .. }
        | ValidationErrorKind::OneOfMultipleValid { .. } => {
            shape(located, &pointer, span, schema.as_ref(), out);
        }
        _ => out.push(Finding::new(
            codes::INVALID_VALUE,
            span,
            format!("{}: {error}", place(&pointer)),
        )),
    }
}

/// An entry that matches none of the shapes of its list (`checks`, `commands`): reports the
/// errors against the closest shape, as labels of one finding.
fn shape(
    located: &Located,
    pointer: &str,
    span: backix_parser::source::Span,
    schema: Option<&Json>,
    out: &mut Vec<Finding>,
) {
    let what = if pointer.starts_with("/checks/") {
        "check"
    } else if pointer.starts_with("/commands/") {
        "command hook"
    } else {
        "value"
    };
    let mut finding = Finding::new(
        codes::SHAPE,
        span,
        format!(
            "this {what} at {} matches none of the shapes borgmatic accepts",
            place(pointer)
        ),
    );
    let alternatives = schema
        .and_then(|s| s.get("anyOf").or_else(|| s.get("oneOf")))
        .and_then(Json::as_array)
        .cloned()
        .unwrap_or_default();
    let instance = located.json.pointer(pointer).cloned().unwrap_or(Json::Null);
    let mut best: Option<(bool, usize, Vec<Finding>)> = None;
    let mut enum_values: Vec<String> = Vec::new();
    for alt in &alternatives {
        let Some(alt) = resolve(&SCHEMA, alt) else {
            continue;
        };
        let mut sub = alt.clone();
        if let (Some(obj), Some(defs)) = (sub.as_object_mut(), SCHEMA.get("$defs")) {
            obj.insert("$defs".into(), defs.clone());
        }
        let Ok(validator) = jsonschema::validator_for(&sub) else {
            continue;
        };
        let mut found = Vec::new();
        let mut discriminator_wrong = false;
        for e in validator.iter_errors(&instance) {
            if let ValidationErrorKind::Enum { options } = e.kind()
                && e.instance_path().as_str().matches('/').count() == 1
            {
                discriminator_wrong = true;
                enum_values.extend(
                    options
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Json::as_str)
                        .map(str::to_string),
                );
            }
            sub_report(located, &e, pointer, &mut found);
        }
        let better = match &best {
            None => true,
            Some((wrong, n, _)) => {
                (!discriminator_wrong && *wrong)
                    || (discriminator_wrong == *wrong && found.len() < *n)
            }
        };
        if better {
            best = Some((discriminator_wrong, found.len(), found));
        }
    }
    match best {
        Some((true, _, _)) if !enum_values.is_empty() => {
            enum_values.dedup();
            let key = if what == "check" {
                "name"
            } else {
                "before/after"
            };
            finding = finding.with_note(format!(
                "its `{key}` must be one of: {}",
                enum_values.join(", ")
            ));
        }
        Some((_, _, found)) => {
            for f in found {
                finding = finding.with_label(f.span, f.message);
            }
        }
        None => {}
    }
    out.push(finding);
}

fn sub_report(
    located: &Located,
    error: &ValidationError<'_>,
    prefix: &str,
    out: &mut Vec<Finding>,
) {
    report(located, error, prefix, out);
}
