//! Supplying references: `--set NAME=VALUE`, `--hostname`, `--home`, and `BACKIX_SET_*`
//! environment variables.

use std::collections::BTreeMap;

use serde_json::Value;

use super::types::Unresolved;

/// Values supplied for references, by reference name or by option path.
#[derive(Clone, Debug, Default)]
pub struct Bindings {
    values: BTreeMap<String, String>,
    /// Whether `BACKIX_SET_*` environment variables are consulted.
    pub use_env: bool,
}

/// The environment variable that supplies a reference: `BACKIX_SET_` and the name in upper
/// case, every character other than a letter or digit replaced by `_`.
pub fn env_name(reference: &str) -> String {
    let mut out = String::from("BACKIX_SET_");
    out.extend(reference.chars().map(|c| {
        if c.is_ascii_alphanumeric() {
            c.to_ascii_uppercase()
        } else {
            '_'
        }
    }));
    out
}

impl Bindings {
    /// Supplies `name`.
    pub fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.values.insert(name.into(), value.into());
    }

    /// `--hostname NAME`: `config.networking.hostName`.
    pub fn hostname(&mut self, name: &str) {
        self.set("config.networking.hostName", name);
    }

    /// `--home USER=PATH`: `config.users.users.USER.home`.
    pub fn home(&mut self, user: &str, path: &str) {
        self.set(format!("config.users.users.{user}.home"), path);
    }

    /// The value supplied for a name.
    pub fn lookup(&self, name: &str) -> Option<String> {
        self.values.get(name).cloned().or_else(|| {
            self.use_env
                .then(|| std::env::var(env_name(name)).ok())
                .flatten()
        })
    }

    /// Parses `NAME=VALUE` (the name may not contain `=`).
    pub fn parse_assignment(text: &str) -> Result<(String, String), String> {
        match text.split_once('=') {
            Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
            _ => Err(format!("expected NAME=VALUE, got {text:?}")),
        }
    }
}

fn is_reference(v: &Value) -> Option<&str> {
    v.as_object()
        .filter(|o| {
            o.keys()
                .all(|k| matches!(k.as_str(), "ref" | "at" | "secret"))
        })
        .and_then(|o| o.get("ref"))
        .and_then(Value::as_str)
}

fn option_path(path: &[String]) -> String {
    let mut out = String::new();
    for seg in path {
        if seg.starts_with('[') {
            out.push_str(seg);
        } else if seg != "list" && seg != "string" {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(seg);
        }
    }
    out
}

/// Replaces every reference in a serialized options value that `lookup` can supply; a text
/// that is one reference can also be supplied by its option path (`repo`, `paths[0]`).
pub fn bind(value: &mut Value, lookup: &dyn Fn(&str) -> Option<String>) {
    walk(value, &mut Vec::new(), lookup);
}

fn walk(value: &mut Value, path: &mut Vec<String>, lookup: &dyn Fn(&str) -> Option<String>) {
    match value {
        Value::Array(items) => {
            let single = items.len() == 1;
            let mut replaced = false;
            for (i, item) in items.iter_mut().enumerate() {
                if let Some(name) = is_reference(item) {
                    let by_path = || single.then(|| lookup(&option_path(path))).flatten();
                    if let Some(v) = lookup(name).or_else(by_path) {
                        *item = Value::String(v);
                        replaced = true;
                    }
                } else {
                    path.push(format!("[{i}]"));
                    walk(item, path, lookup);
                    path.pop();
                }
            }
            // A text whose references are all supplied becomes one string.
            if replaced && items.iter().all(Value::is_string) {
                let joined: String = items.iter().filter_map(Value::as_str).collect();
                *value = Value::String(joined);
            }
        }
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                path.push(k.clone());
                walk(v, path, lookup);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Lists the references left in a serialized options value, once per name and option.
pub fn unresolved(value: &Value) -> Vec<Unresolved> {
    let mut out = Vec::new();
    collect(value, &mut Vec::new(), &mut out);
    out
}

fn collect(value: &Value, path: &mut Vec<String>, out: &mut Vec<Unresolved>) {
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if let Some(name) = is_reference(item) {
                    let entry = Unresolved {
                        reference: name.to_string(),
                        option: option_path(path),
                        at: item.get("at").and_then(Value::as_str).map(str::to_string),
                        secret: item.get("secret").and_then(Value::as_bool) == Some(true),
                    };
                    if !out.contains(&entry) {
                        out.push(entry);
                    }
                } else {
                    path.push(format!("[{i}]"));
                    collect(item, path, out);
                    path.pop();
                }
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                path.push(k.clone());
                collect(v, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binds_by_name_and_by_path() {
        let mut v = serde_json::json!({
            "repo": [{"ref": "config.sops.x"}],
            "archiveBaseName": [{"ref": "config.networking.hostName"}, "-home"],
            "paths": ["/a", [{"ref": "config.y"}]],
        });
        bind(&mut v, &|n| match n {
            "config.networking.hostName" => Some("nas".into()),
            "paths[1]" => Some("/b".into()),
            _ => None,
        });
        assert_eq!(v["archiveBaseName"], serde_json::json!("nas-home"));
        assert_eq!(v["paths"][1], serde_json::json!("/b"));
        let left = unresolved(&v);
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].option, "repo");
        assert_eq!(left[0].reference, "config.sops.x");
    }

    #[test]
    fn env_names_are_shell_safe() {
        assert_eq!(
            env_name("config.networking.hostName"),
            "BACKIX_SET_CONFIG_NETWORKING_HOSTNAME"
        );
    }
}
