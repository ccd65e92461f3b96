//! Making two serialized jobs comparable: locations and warnings out, directories aligned.

use serde_json::Value;

/// Removes what does not change a job's behaviour: the `warnings` field and the `at`
/// location of every reference and unresolved entry.
pub fn normalize(value: &mut Value) {
    if let Value::Object(map) = value {
        map.remove("warnings");
    }
    strip_locations(value);
}

fn strip_locations(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.contains_key("ref") {
                map.remove("at");
            }
            map.values_mut().for_each(strip_locations);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_locations),
        _ => {}
    }
}

/// Replaces the directory `from` by `to` at the start of a path anywhere in the strings of
/// `value` (`from` itself, or `from` followed by `/`).
pub fn rewrite_strings(value: &mut Value, from: &str, to: &str) {
    if from.is_empty() || from == to {
        return;
    }
    match value {
        Value::String(s) => {
            if let Some(new) = rewrite(s, from, to) {
                *s = new;
            }
        }
        Value::Object(map) => map.values_mut().for_each(|v| rewrite_strings(v, from, to)),
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite_strings(v, from, to)),
        _ => {}
    }
}

fn rewrite(s: &str, from: &str, to: &str) -> Option<String> {
    if !s.contains(from) {
        return None;
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(from) {
        let after = &rest[i + from.len()..];
        let boundary = after.is_empty() || after.starts_with('/');
        out.push_str(&rest[..i]);
        out.push_str(if boundary { to } else { from });
        rest = after;
    }
    out.push_str(rest);
    Some(out)
}

/// A manifest text (a string, or pieces with references) as one line, references shown as
/// `${name}` (a secret's reference names where it is written, never its value).
pub fn display_text(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::String(s) => s.clone(),
        Value::Array(parts) if parts.iter().all(is_part) => {
            parts.iter().map(display_part).collect::<Vec<_>>().join("")
        }
        Value::Object(map) if map.contains_key("ref") => display_part(value),
        other => other.to_string(),
    }
}

fn is_part(v: &Value) -> bool {
    v.is_string() || v.get("ref").is_some()
}

fn display_part(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => {
            let name = other.get("ref").and_then(Value::as_str).unwrap_or("?");
            format!("${{{name}}}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn locations_and_warnings_are_removed() {
        let mut v = json!({
            "warnings": ["x at a.nix:3"],
            "options": {"p": [{"ref": "encryption.passphrase", "at": "a.nix:3", "secret": true}]},
            "unresolved": [{"ref": "r", "option": "repo", "at": "a.nix:4"}],
            "other": {"at": "kept"}
        });
        normalize(&mut v);
        assert_eq!(
            v,
            json!({
                "options": {"p": [{"ref": "encryption.passphrase", "secret": true}]},
                "unresolved": [{"ref": "r", "option": "repo"}],
                "other": {"at": "kept"}
            })
        );
    }

    #[test]
    fn only_whole_directory_prefixes_are_rewritten() {
        let mut v = json!(["/tmp/a/data", "/tmp/a", "/tmp/ab/x", "x /tmp/a/y"]);
        rewrite_strings(&mut v, "/tmp/a", "/srv/cfg");
        assert_eq!(
            v,
            json!(["/srv/cfg/data", "/srv/cfg", "/tmp/ab/x", "x /srv/cfg/y"])
        );
    }

    #[test]
    fn texts_show_references_by_name() {
        let v = json!([{"ref": "config.networking.hostName"}, "-home"]);
        assert_eq!(display_text(&v), "${config.networking.hostName}-home");
        assert_eq!(display_text(&json!("daily")), "daily");
    }
}
