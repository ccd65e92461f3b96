//! Retention rules (borg `prune.keep`, restic `pruneOpts`) read from JSON and compared.

use std::collections::BTreeMap;

use serde_json::Value;

use super::normalize::display_text;

/// One keep rule's value.
#[derive(Clone, Debug, PartialEq)]
pub enum Keep {
    /// A count of archives; `None` for unlimited (a negative count).
    Count(Option<i64>, String),
    /// A time span (`within`), in hours.
    Within(f64, String),
    /// Anything else (a reference, a tag list): comparable only for equality.
    Other(String),
}

impl Keep {
    fn parse(key: &str, text: &str) -> Keep {
        let text = text.trim().to_string();
        if key.starts_with("within") {
            return match hours(&text) {
                Some(h) => Keep::Within(h, text),
                None => Keep::Other(text),
            };
        }
        match text.parse::<i64>() {
            Ok(n) if n < 0 => Keep::Count(None, text),
            Ok(n) => Keep::Count(Some(n), text),
            Err(_) => Keep::Other(text),
        }
    }

    fn shown(&self) -> &str {
        match self {
            Keep::Count(_, t) | Keep::Within(_, t) | Keep::Other(t) => t,
        }
    }

    /// Whether `self` keeps less than `old` (`Some(true)`), more (`Some(false)`), or cannot
    /// be told (`None`).
    fn shorter_than(&self, old: &Keep) -> Option<bool> {
        match (old, self) {
            (Keep::Count(a, _), Keep::Count(b, _)) => {
                let a = a.unwrap_or(i64::MAX);
                let b = b.unwrap_or(i64::MAX);
                Some(b < a)
            }
            (Keep::Within(a, _), Keep::Within(b, _)) => Some(b < a),
            _ => None,
        }
    }
}

/// A time span as borg (`7d`, `24H`) or restic (`1y5m7d2h`) write it, in hours.
pub fn hours(text: &str) -> Option<f64> {
    let mut total = 0.0;
    let mut number = String::new();
    let mut any = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let n: f64 = number.parse().ok()?;
        number.clear();
        let unit = match c {
            'S' => 1.0 / 3600.0,
            'M' => 1.0 / 60.0,
            'H' | 'h' => 1.0,
            'd' => 24.0,
            'w' => 24.0 * 7.0,
            'm' => 24.0 * 31.0,
            'y' => 24.0 * 365.0,
            _ => return None,
        };
        total += n * unit;
        any = true;
    }
    (any && number.is_empty()).then_some(total)
}

/// The keep rules of a job's retention option: `prune.keep` (an object) or `pruneOpts` (a
/// list of command-line words, `--keep-daily 7` or `--keep-daily=7`). Keys are rule names
/// without `keep-` (`daily`, `within`, `within-daily`, `tag`).
pub fn rules(option: Option<&Value>) -> BTreeMap<String, Keep> {
    let mut out = BTreeMap::new();
    match option {
        Some(Value::Object(map)) => {
            for (key, v) in map {
                out.insert(key.clone(), Keep::parse(key, &display_text(v)));
            }
        }
        Some(Value::Array(items)) => {
            let words: Vec<String> = items
                .iter()
                .flat_map(|v| {
                    display_text(v)
                        .split_whitespace()
                        .map(str::to_string)
                        .collect::<Vec<_>>()
                })
                .collect();
            let mut i = 0;
            while i < words.len() {
                if let Some(rule) = words[i].strip_prefix("--keep-") {
                    let (key, value) = match rule.split_once('=') {
                        Some((k, v)) => (k.to_string(), v.to_string()),
                        None => {
                            i += 1;
                            (rule.to_string(), words.get(i).cloned().unwrap_or_default())
                        }
                    };
                    let value = value.trim_matches(['\'', '"']).to_string();
                    out.insert(key.clone(), Keep::parse(&key, &value));
                }
                i += 1;
            }
        }
        _ => {}
    }
    out
}

/// How retention changed: rule descriptions (`daily 7 → 3`) by direction.
#[derive(Debug, Default, PartialEq)]
pub struct Comparison {
    /// Pruning stopped: the old version had rules, the new has none.
    pub removed: bool,
    /// Pruning started: the new version has rules, the old had none.
    pub added: bool,
    /// Rules that keep less (lower, or dropped).
    pub shortened: Vec<String>,
    /// Rules that keep more (higher, or new).
    pub lengthened: Vec<String>,
    /// Rules that changed in a way that cannot be ordered.
    pub changed: Vec<String>,
}

/// Compares two rule sets.
pub fn compare(old: &BTreeMap<String, Keep>, new: &BTreeMap<String, Keep>) -> Comparison {
    let mut c = Comparison {
        removed: !old.is_empty() && new.is_empty(),
        added: old.is_empty() && !new.is_empty(),
        ..Comparison::default()
    };
    if c.removed || c.added {
        return c;
    }
    let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        match (old.get(key), new.get(key)) {
            (Some(o), Some(n)) if o.shown() == n.shown() => {}
            (Some(o), Some(n)) => {
                let text = format!("{key} {} → {}", o.shown(), n.shown());
                match n.shorter_than(o) {
                    Some(true) => c.shortened.push(text),
                    Some(false) => c.lengthened.push(text),
                    None => c.changed.push(text),
                }
            }
            (Some(o), None) => c.shortened.push(format!("{key} {} → none", o.shown())),
            (None, Some(n)) => c.lengthened.push(format!("{key} none → {}", n.shown())),
            (None, None) => {}
        }
    }
    c
}

/// The rules as `daily 7, weekly 4`.
pub fn shown(rules: &BTreeMap<String, Keep>) -> String {
    rules
        .iter()
        .map(|(k, v)| format!("{k} {}", v.shown()))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn borg_and_restic_rules_are_read_alike() {
        let borg = rules(Some(&json!({"daily": "7", "within": "2d"})));
        let restic = rules(Some(&json!([
            "--keep-daily 7",
            "--keep-within=2d",
            "--prune"
        ])));
        assert_eq!(borg, restic);
        let split = rules(Some(&json!(["--keep-daily", "7", "--keep-within", "2d"])));
        assert_eq!(borg, split);
    }

    #[test]
    fn directions_are_told_apart() {
        let old = rules(Some(
            &json!({"daily": "7", "weekly": "4", "within": "2d", "monthly": "-1"}),
        ));
        let new = rules(Some(
            &json!({"daily": "3", "within": "1w", "monthly": "12", "yearly": "1"}),
        ));
        let c = compare(&old, &new);
        assert_eq!(
            c.shortened,
            vec!["daily 7 → 3", "monthly -1 → 12", "weekly 4 → none"]
        );
        assert_eq!(c.lengthened, vec!["within 2d → 1w", "yearly none → 1"]);
        assert!(!c.removed && !c.added);
    }

    #[test]
    fn emptied_and_new_rules_are_removal_and_addition() {
        let some = rules(Some(&json!({"daily": "7"})));
        let none = rules(Some(&json!({})));
        assert!(compare(&some, &none).removed);
        assert!(compare(&none, &some).added);
        assert_eq!(compare(&some, &some), Comparison::default());
    }

    #[test]
    fn references_cannot_be_ordered() {
        let old = rules(Some(&json!({"daily": [{"ref": "config.x"}]})));
        let new = rules(Some(&json!({"daily": "3"})));
        assert_eq!(compare(&old, &new).changed, vec!["daily ${config.x} → 3"]);
    }

    #[test]
    fn spans_in_both_notations() {
        assert_eq!(hours("24H"), Some(24.0));
        assert_eq!(hours("1y5m7d2h"), Some(24.0 * (365.0 + 155.0 + 7.0) + 2.0));
        assert_eq!(hours("7"), None);
        assert_eq!(hours("x"), None);
    }
}
