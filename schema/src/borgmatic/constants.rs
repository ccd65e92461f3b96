//! borgmatic's `constants`: every `{name}` in a string value is replaced by the constant's
//! value before normalization and validation, as borgmatic 2.1.10 does it.
//!
//! The facts this follows: a name is a run of word characters in braces; `\{name\}` stands for
//! the literal `{name}` (left as written inside command hooks); an unknown name, or a constant
//! whose value is null, leaves the braces as written; inside command hooks (options named
//! `before_*`, `after_*`, `on_error` and `run`, and everything below them) the value is
//! shell-quoted. Once any constant is defined, *every* non-empty string value is then coerced:
//! one that reads as an integer becomes one, and `true`/`True`/`false`/`False` become Booleans
//! (so `encryption_passphrase: "123456"` turns into a number and fails validation).

use std::sync::LazyLock;

use backix_parser::yaml::{Node, Value};
use regex::{Captures, Regex};

static CONSTANT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<left>\\)?\{(?P<name>\w+)(?P<right>\\)?\}").expect("constant pattern")
});

/// Applies the root mapping's `constants` to the whole tree (the `constants` mapping itself
/// included). Nothing changes when there are none.
pub fn apply(root: &mut Node) {
    let Some(constants) = root.get("constants").map(|e| e.value.clone()) else {
        return;
    };
    let Some(entries) = constants.as_map() else {
        return;
    };
    if entries.is_empty() {
        return;
    }
    let table: Vec<(String, Value)> = entries
        .iter()
        .filter_map(|e| Some((e.key.key_text()?, e.value.value.clone())))
        .collect();
    substitute(root, &table, false);
}

fn substitute(node: &mut Node, constants: &[(String, Value)], command_hook: bool) {
    match &mut node.value {
        Value::String(text) if !text.is_empty() => {
            node.value = interpolate(text, constants, command_hook)
                .map(|s| coerce(&s))
                .unwrap_or(Value::Unknown);
        }
        Value::Seq(items) => {
            for item in items {
                substitute(item, constants, command_hook);
            }
        }
        Value::Map(entries) => {
            for entry in entries {
                let hook = command_hook
                    || entry.key.as_str().is_some_and(|name| {
                        name.starts_with("before_")
                            || name.starts_with("after_")
                            || name == "on_error"
                            || name == "run"
                    });
                substitute(&mut entry.value, constants, hook);
            }
        }
        _ => {}
    }
}

/// The string with every constant replaced; `None` when a constant that is a list or mapping
/// is interpolated (borgmatic writes Python's rendering of it, which backix does not guess).
fn interpolate(text: &str, constants: &[(String, Value)], command_hook: bool) -> Option<String> {
    let mut unknowable = false;
    let out = CONSTANT.replace_all(text, |caps: &Captures<'_>| {
        let whole = caps[0].to_string();
        let name = &caps["name"];
        if caps.name("left").is_some() && caps.name("right").is_some() {
            return if command_hook {
                whole
            } else {
                format!("{{{name}}}")
            };
        }
        let value = constants
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v);
        match value.and_then(python_str) {
            Some(text) if command_hook => shell_quote(&text),
            Some(text) => text,
            None if value.is_some_and(|v| !matches!(v, Value::Null)) => {
                unknowable = true;
                whole
            }
            None => whole,
        }
    });
    (!unknowable).then(|| out.into_owned())
}

/// Python's `str()` of a scalar constant; `None` for null, lists, mappings and unknowns.
fn python_str(value: &Value) -> Option<String> {
    Some(match value {
        Value::String(s) | Value::BigInt(s) | Value::Timestamp(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Float(f) if f.is_nan() => "nan".into(),
        Value::Float(f) if f.is_infinite() => if *f > 0.0 { "inf" } else { "-inf" }.into(),
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 1e16 => format!("{f:.1}"),
        Value::Float(f) if f.abs() >= 1e-4 && f.abs() < 1e16 => format!("{f}"),
        // Python switches to exponent notation here; backix does not guess its digits.
        Value::Float(_) => return None,
        Value::Null | Value::Binary(_) | Value::Seq(_) | Value::Map(_) | Value::Unknown => {
            return None;
        }
    })
}

/// Python's `shlex.quote`.
fn shell_quote(text: &str) -> String {
    if text.is_empty() {
        return "''".into();
    }
    let safe = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_@%+=:,./-".contains(c));
    if safe {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\"'\"'"))
    }
}

/// borgmatic's coercion of a string after interpolation: an integer as Python's `int()` reads
/// one, or a Boolean, else the string.
fn coerce(text: &str) -> Value {
    if let Some(value) = python_int(text) {
        return value;
    }
    match text {
        "true" | "True" => Value::Bool(true),
        "false" | "False" => Value::Bool(false),
        _ => Value::String(text.to_string()),
    }
}

/// Python's `int(text)` for decimal text: surrounding whitespace, a sign, ASCII digits with
/// single underscores between them.
fn python_int(text: &str) -> Option<Value> {
    let trimmed = text.trim();
    let (negative, digits) = match trimmed.as_bytes().first()? {
        b'-' => (true, &trimmed[1..]),
        b'+' => (false, &trimmed[1..]),
        _ => (false, trimmed),
    };
    let bytes = digits.as_bytes();
    let well_formed = !bytes.is_empty()
        && bytes.first()?.is_ascii_digit()
        && bytes.last()?.is_ascii_digit()
        && bytes.iter().all(|b| b.is_ascii_digit() || *b == b'_')
        && !digits.contains("__");
    if !well_formed {
        return None;
    }
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    let clean = clean.trim_start_matches('0');
    let clean = if clean.is_empty() { "0" } else { clean };
    let signed = if negative && clean != "0" {
        format!("-{clean}")
    } else {
        clean.to_string()
    };
    Some(match signed.parse::<i64>() {
        Ok(i) => Value::Int(i),
        Err(_) => Value::BigInt(signed),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use backix_parser::source::FileId;
    use backix_parser::yaml::{self, Limits};

    fn applied(text: &str) -> Node {
        let mut root = yaml::parse(FileId(0), text, Limits::default())
            .unwrap()
            .unwrap();
        apply(&mut root);
        root
    }

    fn value(root: &Node, name: &str) -> Value {
        root.get(name).unwrap().value.value.clone()
    }

    #[test]
    fn constants_are_interpolated_quoted_in_hooks_and_coerced() {
        let root = applied(
            "constants:\n  host: example.org\n  n: 7\n  phrase: it's me\n  nothing: null\n\
             repo: ssh://{host}/./r\nkeep: '{n}'\nflag: 'true'\nliteral: '\\{host\\}'\n\
             missing: '{other}'\nempty: ''\nbefore_backup:\n  - echo {phrase} \\{host\\}\n\
             none: '{nothing}'\nspaced: ' 12 '\n",
        );
        assert_eq!(
            value(&root, "repo"),
            Value::String("ssh://example.org/./r".into())
        );
        assert_eq!(value(&root, "keep"), Value::Int(7));
        assert_eq!(value(&root, "flag"), Value::Bool(true));
        assert_eq!(value(&root, "literal"), Value::String("{host}".into()));
        assert_eq!(value(&root, "missing"), Value::String("{other}".into()));
        assert_eq!(value(&root, "empty"), Value::String(String::new()));
        assert_eq!(value(&root, "none"), Value::String("{nothing}".into()));
        assert_eq!(value(&root, "spaced"), Value::Int(12));
        let hook = root.get("before_backup").unwrap().value.as_seq().unwrap()[0]
            .value
            .clone();
        assert_eq!(
            hook,
            Value::String("echo 'it'\"'\"'s me' \\{host\\}".into())
        );
    }

    #[test]
    fn without_constants_nothing_changes() {
        let root = applied("keep: '7'\nrepo: '{host}'\n");
        assert_eq!(value(&root, "keep"), Value::String("7".into()));
        assert_eq!(value(&root, "repo"), Value::String("{host}".into()));
    }

    #[test]
    fn python_int_reads_what_int_reads() {
        for (text, want) in [
            ("12", Some(12)),
            ("-0", Some(0)),
            ("+5", Some(5)),
            ("1_000", Some(1000)),
            ("007", Some(7)),
            ("1__0", None),
            ("_1", None),
            ("1_", None),
            ("0x10", None),
            ("", None),
            ("1.0", None),
        ] {
            let got = python_int(text).map(|v| match v {
                Value::Int(i) => i,
                other => panic!("{other:?}"),
            });
            assert_eq!(got, want, "{text:?}");
        }
    }
}
