//! borgmatic's `constants`: `{name}` in every string value is replaced by the constant's value
//! (shell-quoted inside command hooks, as borgmatic 1.8.7+ does), before migration.

use backix_parser::yaml::{Node, Value};

/// The configuration with its constants expanded, or `None` when it has none.
pub fn expand(config: &Node) -> Option<Node> {
    let constants: Vec<(String, String)> = config
        .get("constants")?
        .value
        .as_map()?
        .iter()
        .filter_map(|e| {
            let name = e.key.key_text()?;
            let value = match &e.value.value {
                Value::String(s) => s.clone(),
                Value::Int(i) => i.to_string(),
                Value::Bool(b) => if *b { "True" } else { "False" }.to_string(),
                Value::Float(f) => f.to_string(),
                _ => return None,
            };
            Some((name, value))
        })
        .collect();
    if constants.is_empty() {
        return None;
    }
    let mut out = config.clone();
    if let Value::Map(entries) = &mut out.value {
        for e in entries.iter_mut() {
            match e.key.as_str() {
                Some("constants") => {}
                Some("commands") => replace(&mut e.value, &constants, true),
                _ => replace(&mut e.value, &constants, false),
            }
        }
    }
    Some(out)
}

fn replace(node: &mut Node, constants: &[(String, String)], quote: bool) {
    match &mut node.value {
        Value::String(s) => {
            for (name, value) in constants {
                let pattern = format!("{{{name}}}");
                if s.contains(&pattern) {
                    let value = if quote {
                        shlex::try_quote(value)
                            .map(|q| q.into_owned())
                            .unwrap_or_else(|_| value.clone())
                    } else {
                        value.clone()
                    };
                    *s = s.replace(&pattern, &value);
                }
            }
        }
        Value::Seq(items) => items.iter_mut().for_each(|i| replace(i, constants, quote)),
        Value::Map(entries) => entries
            .iter_mut()
            .for_each(|e| replace(&mut e.value, constants, quote)),
        _ => {}
    }
}
