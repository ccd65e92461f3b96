//! Reading the models' JSON Schemas back: the subschema at an instance pointer, the option names
//! of a model (for "did you mean"), and Nix types in words for messages.

use serde_json::Value;

use super::project::unescape;

/// The schema node and its branches (`anyOf`, `oneOf`, `allOf`), flattened.
fn branches(node: &Value) -> Vec<&Value> {
    let mut out = vec![node];
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(Value::Array(items)) = node.get(key) {
            for item in items {
                out.extend(branches(item));
            }
        }
    }
    out
}

/// One step down a schema: the subschema for attribute `segment` (or list element, when
/// `index`), and whether the step enters a new scope (an entry of an attribute set of
/// submodules, or a list element) rather than a declared option or group.
fn descend<'a>(node: &'a Value, segment: &str, index: bool) -> Option<(&'a Value, bool)> {
    for b in branches(node) {
        if index {
            if let Some(items) = b.get("items").filter(|i| i.is_object()) {
                return Some((items, true));
            }
        } else {
            if let Some(child) = b.get("properties").and_then(|p| p.get(segment)) {
                return Some((child, false));
            }
            if let Some(extra) = b.get("additionalProperties").filter(|a| a.is_object()) {
                return Some((extra, true));
            }
        }
    }
    None
}

/// Where an instance pointer leads in a schema.
pub struct Located<'a> {
    /// The subschema at the pointer, when the schema describes it.
    pub node: Option<&'a Value>,
    /// The innermost scope at or above the pointer: the model, an entry of an attribute set of
    /// submodules, or a list element.
    pub scope: &'a Value,
    /// The instance pointer of that scope.
    pub scope_pointer: String,
}

/// Follows an instance pointer (`/encryption/mode`) through a schema; `instance` tells list
/// indices from attribute names.
pub fn locate<'a>(schema: &'a Value, instance: &Value, pointer: &str) -> Located<'a> {
    let mut located = Located {
        node: Some(schema),
        scope: schema,
        scope_pointer: String::new(),
    };
    let mut current = String::new();
    for raw in pointer.split('/').skip(1) {
        let index = instance.pointer(&current).is_some_and(Value::is_array);
        current.push('/');
        current.push_str(raw);
        let Some(node) = located.node else {
            break;
        };
        match descend(node, &unescape(raw), index) {
            Some((child, scope)) => {
                located.node = Some(child);
                if scope {
                    located.scope = child;
                    located.scope_pointer = current.clone();
                }
            }
            None => located.node = None,
        }
    }
    located
}

/// An option or group name of a model, relative to its scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionName {
    /// Dotted name (`encryption.passCommand`).
    pub path: String,
    /// Whether it is an option (it has a Nix type) rather than a group of options.
    pub is_option: bool,
}

/// The options and groups declared in a scope (not inside attribute sets of submodules or lists).
pub fn option_names(scope: &Value) -> Vec<OptionName> {
    let mut out = Vec::new();
    collect_names(scope, "", &mut out);
    out
}

fn collect_names(node: &Value, prefix: &str, out: &mut Vec<OptionName>) {
    for b in branches(node) {
        let Some(Value::Object(props)) = b.get("properties") else {
            continue;
        };
        for (name, child) in props {
            let path = format!("{prefix}{name}");
            let is_option = child.get("x-nix-type").is_some();
            if out.iter().any(|o| o.path == path) {
                continue;
            }
            out.push(OptionName {
                path: path.clone(),
                is_option,
            });
            if !is_option {
                collect_names(child, &format!("{path}."), out);
            }
        }
    }
}

/// The closest option or group name to `unknown` (dotted, relative to the scope), if one is
/// close enough to suggest.
pub fn suggest(unknown: &str, names: &[OptionName]) -> Option<String> {
    let last = |s: &str| s.rsplit('.').next().unwrap_or(s).to_string();
    let unknown_last = last(unknown);
    let mut best: Option<(f64, &str)> = None;
    for name in names {
        let whole = strsim::normalized_damerau_levenshtein(
            &unknown.to_lowercase(),
            &name.path.to_lowercase(),
        );
        let tail = strsim::normalized_damerau_levenshtein(
            &unknown_last.to_lowercase(),
            &last(&name.path).to_lowercase(),
        ) * 0.95;
        let score = whole.max(tail);
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, &name.path));
        }
    }
    best.filter(|(score, _)| *score >= 0.6)
        .map(|(_, path)| path.to_string())
}

/// The Nix type of a schema node, as the module declares it.
pub fn nix_type(node: &Value) -> Option<&str> {
    node.get("x-nix-type").and_then(Value::as_str)
}

/// Whether a schema node is a group of options.
pub fn is_group(node: &Value) -> bool {
    node.get("x-nix-group").is_some()
}

/// The names a group requires that have no default, as dotted paths below it (recursively
/// through required groups).
pub fn required_leaves(node: &Value, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    for b in branches(node) {
        let Some(Value::Array(required)) = b.get("required") else {
            continue;
        };
        for name in required.iter().filter_map(Value::as_str) {
            let path = format!("{prefix}{name}");
            match b.get("properties").and_then(|p| p.get(name)) {
                Some(child) if is_group(child) => {
                    let inner = required_leaves(child, &format!("{path}."));
                    if inner.is_empty() {
                        out.push(path);
                    } else {
                        out.extend(inner);
                    }
                }
                _ => out.push(path),
            }
        }
    }
    out
}

/// A JSON Schema type in words, with the Nix type it stands for.
pub fn type_words(json_type: &str) -> (&'static str, &'static str) {
    match json_type {
        "string" => ("a string", "str"),
        "boolean" => ("a boolean", "bool"),
        "integer" => ("an integer", "int"),
        "number" => ("a number", "number"),
        "array" => ("a list", "listOf"),
        "object" => ("an attribute set", "attrsOf"),
        "null" => ("null", "null"),
        _ => ("a value", "anything"),
    }
}

/// The expected types in words: `a string or a list`.
pub fn expected_words(json_types: &[String]) -> String {
    let mut order: Vec<&str> = json_types.iter().map(String::as_str).collect();
    order.sort_by_key(|t| match *t {
        "null" => 9,
        "integer" => 0,
        "number" => 1,
        "string" => 2,
        "boolean" => 3,
        "array" => 4,
        "object" => 5,
        _ => 8,
    });
    order.dedup();
    // An integer is a number: say "a number" once.
    if order.contains(&"number") {
        order.retain(|t| *t != "integer");
    }
    let words: Vec<&str> = order.iter().map(|t| type_words(t).0).collect();
    match words.as_slice() {
        [] => "a value".into(),
        [one] => (*one).into(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The Nix type a JSON type list stands for, when the schema names none: `str`, `nullOr int`.
pub fn nix_type_of_json(json_types: &[String]) -> Option<String> {
    let non_null: Vec<&str> = json_types
        .iter()
        .map(String::as_str)
        .filter(|t| *t != "null")
        .collect();
    let base = match non_null.as_slice() {
        [one] if *one != "array" && *one != "object" => type_words(one).1.to_string(),
        _ => return None,
    };
    Some(if json_types.iter().any(|t| t == "null") {
        format!("nullOr {base}")
    } else {
        base
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(paths: &[&str]) -> Vec<OptionName> {
        paths
            .iter()
            .map(|p| OptionName {
                path: p.to_string(),
                is_option: true,
            })
            .collect()
    }

    #[test]
    fn suggests_typos_and_misplaced_options() {
        let all = names(&[
            "compression",
            "encryption.passCommand",
            "encryption.mode",
            "repo",
        ]);
        assert_eq!(suggest("compresion", &all).as_deref(), Some("compression"));
        assert_eq!(
            suggest("passCommand", &all).as_deref(),
            Some("encryption.passCommand")
        );
        assert_eq!(
            suggest("encryption.passcommand", &all).as_deref(),
            Some("encryption.passCommand")
        );
        assert_eq!(suggest("somethingElseEntirely", &all), None);
    }

    #[test]
    fn words_for_types() {
        assert_eq!(
            expected_words(&["null".into(), "string".into()]),
            "a string or null"
        );
        assert_eq!(
            expected_words(&["array".into(), "string".into(), "null".into()]),
            "a string, a list or null"
        );
        assert_eq!(
            nix_type_of_json(&["string".into(), "null".into()]).as_deref(),
            Some("nullOr str")
        );
    }
}
