//! Resolution of plain scalars as borgmatic's loader (ruamel.yaml, safe) does it.
//!
//! YAML 1.2, the default: Booleans, nulls, integers (decimal with leading zeros, `0o`, `0x`,
//! `0b`, underscores allowed), floats and dates, tried in that order; anything else is a string.
//! A document that starts with the directive `%YAML 1.1` is read with the YAML 1.1 rules
//! instead: `yes`/`no`/`on`/`off`/`y`/`n` are Booleans, a leading `0` means octal, and `1:30` is
//! a base-60 number.

use std::sync::LazyLock;

use regex::Regex;

use super::Value;

static FLOAT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
    )
    .expect("float pattern")
});

static INT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$")
        .expect("int pattern")
});

static TIMESTAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$",
    )
    .expect("timestamp pattern")
});

/// Which YAML version's rules resolve plain scalars.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Version {
    /// YAML 1.2 (no directive, or `%YAML 1.2`).
    #[default]
    V1_2,
    /// YAML 1.1 (`%YAML 1.1`).
    V1_1,
}

/// The version a document's `%YAML` directive asks for (directives come before the first
/// `---`, after blank and comment lines).
pub fn version_of(text: &str) -> Version {
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(rest) = line.strip_prefix("%YAML") {
            let version = rest.split_whitespace().next().unwrap_or_default();
            return if version == "1.1" {
                Version::V1_1
            } else {
                Version::V1_2
            };
        }
        if !line.starts_with('%') {
            break;
        }
    }
    Version::V1_2
}

static FLOAT_1_1: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
    )
    .expect("float pattern")
});

static INT_1_1: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[-+]?0b[0-1_]+|[-+]?0?[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$",
    )
    .expect("int pattern")
});

/// The value of a plain (unquoted, untagged) scalar under the given version's rules.
pub fn resolve_plain_as(text: &str, version: Version) -> Value {
    match version {
        Version::V1_2 => resolve_plain(text),
        Version::V1_1 => resolve_plain_1_1(text),
    }
}

fn resolve_plain_1_1(text: &str) -> Value {
    match text {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Value::Bool(true);
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Value::Bool(false);
        }
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        _ => {}
    }
    let first = text.chars().next().unwrap_or(' ');
    if (first.is_ascii_digit() || matches!(first, '-' | '+' | '.')) && FLOAT_1_1.is_match(text) {
        return float_1_1(text);
    }
    if (first.is_ascii_digit() || matches!(first, '-' | '+')) && INT_1_1.is_match(text) {
        return int_1_1(text);
    }
    if first.is_ascii_digit() && TIMESTAMP.is_match(text) {
        return Value::Timestamp(text.to_string());
    }
    Value::String(text.to_string())
}

/// Splits off a sign: (negative, the rest).
fn sign(clean: &str) -> (bool, &str) {
    match clean.as_bytes().first() {
        Some(b'-') => (true, &clean[1..]),
        Some(b'+') => (false, &clean[1..]),
        _ => (false, clean),
    }
}

fn int_1_1(text: &str) -> Value {
    let clean: String = text.chars().filter(|&c| c != '_').collect();
    let (negative, digits) = sign(&clean);
    if digits.is_empty() {
        return Value::String(text.to_string());
    }
    let magnitude: Option<i128> = if digits.contains(':') {
        digits.split(':').try_fold(0i128, |acc, part| {
            acc.checked_mul(60)?.checked_add(part.parse::<i128>().ok()?)
        })
    } else if let Some(d) = digits.strip_prefix("0b") {
        i128::from_str_radix(d, 2).ok()
    } else if let Some(d) = digits.strip_prefix("0x") {
        i128::from_str_radix(d, 16).ok()
    } else if digits.len() > 1 && digits.starts_with('0') {
        i128::from_str_radix(digits, 8).ok()
    } else {
        digits.parse().ok()
    };
    match magnitude {
        Some(v) => {
            let v = if negative { -v } else { v };
            i64::try_from(v).map_or_else(|_| Value::BigInt(v.to_string()), Value::Int)
        }
        None => Value::BigInt(clean),
    }
}

fn float_1_1(text: &str) -> Value {
    let clean: String = text
        .chars()
        .filter(|&c| c != '_')
        .collect::<String>()
        .to_ascii_lowercase();
    let (negative, body) = sign(&clean);
    let magnitude = match body {
        ".inf" => f64::INFINITY,
        ".nan" => return Value::Float(f64::NAN),
        _ if body.contains(':') => body
            .split(':')
            .map(|part| part.parse::<f64>().unwrap_or(f64::NAN))
            .fold(0.0, |acc, part| acc * 60.0 + part),
        _ => body
            .replace(".e", ".0e")
            .trim_end_matches('.')
            .parse()
            .unwrap_or(f64::NAN),
    };
    Value::Float(if negative { -magnitude } else { magnitude })
}

/// The value of a plain (unquoted, untagged) scalar (YAML 1.2).
pub fn resolve_plain(text: &str) -> Value {
    match text {
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        _ => {}
    }
    // Like Python loaders, each resolver is only tried for its possible first characters.
    let first = text.chars().next().unwrap_or(' ');
    if (first.is_ascii_digit() || matches!(first, '-' | '+' | '.')) && FLOAT.is_match(text) {
        return float(text);
    }
    if (first.is_ascii_digit() || matches!(first, '-' | '+')) && INT.is_match(text) {
        return int(text);
    }
    if TIMESTAMP.is_match(text) {
        return Value::Timestamp(text.to_string());
    }
    Value::String(text.to_string())
}

fn float(text: &str) -> Value {
    let clean: String = text.chars().filter(|&c| c != '_').collect();
    let lower = clean.to_ascii_lowercase();
    let value = match lower.trim_start_matches(['+', '-']) {
        ".inf" if lower.starts_with('-') => f64::NEG_INFINITY,
        ".inf" => f64::INFINITY,
        ".nan" => f64::NAN,
        _ => {
            // Rust's parser wants a digit after the dot before an exponent ("1.e3").
            let fixed = clean.replace(".e", ".0e").replace(".E", ".0E");
            fixed.parse().unwrap_or(f64::NAN)
        }
    };
    Value::Float(value)
}

fn int(text: &str) -> Value {
    let clean: String = text.chars().filter(|&c| c != '_').collect();
    let (negative, digits) = match clean.as_bytes().first() {
        Some(b'-') => (true, &clean[1..]),
        Some(b'+') => (false, &clean[1..]),
        _ => (false, &clean[..]),
    };
    let (radix, digits) = if let Some(d) = digits.strip_prefix("0b") {
        (2, d)
    } else if let Some(d) = digits.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = digits.strip_prefix("0o") {
        (8, d)
    } else {
        (10, digits)
    };
    match i128::from_str_radix(digits, radix) {
        Ok(v) => {
            let v = if negative { -v } else { v };
            i64::try_from(v).map_or_else(|_| Value::BigInt(v.to_string()), Value::Int)
        }
        Err(_) => Value::BigInt(clean),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_like_a_yaml_1_2_loader() {
        for (text, want) in [
            ("yes", Value::String("yes".into())),
            ("tRue", Value::String("tRue".into())),
            ("FALSE", Value::Bool(false)),
            ("NULL", Value::Null),
            ("0077", Value::Int(77)),
            ("077", Value::Int(77)),
            ("0o77", Value::Int(63)),
            ("0x1F", Value::Int(31)),
            ("-0b1", Value::Int(-1)),
            ("1_000", Value::Int(1000)),
            ("1__2", Value::Int(12)),
            ("1_", Value::Int(1)),
            ("_1", Value::String("_1".into())),
            ("0x_1", Value::Int(1)),
            ("08", Value::Int(8)),
            ("1.e3", Value::Float(1000.0)),
            ("1_0.5", Value::Float(10.5)),
            ("3.", Value::Float(3.0)),
            ("12e", Value::String("12e".into())),
            ("0o", Value::String("0o".into())),
            ("1:20", Value::String("1:20".into())),
            ("2001-12-14", Value::Timestamp("2001-12-14".into())),
        ] {
            assert_eq!(resolve_plain(text), want, "{text}");
        }
        assert!(matches!(resolve_plain(".NaN"), Value::Float(f) if f.is_nan()));
        assert_eq!(resolve_plain("-.inf"), Value::Float(f64::NEG_INFINITY));
    }

    #[test]
    fn resolves_like_a_yaml_1_1_loader_after_the_directive() {
        let v11 = |t| resolve_plain_as(t, Version::V1_1);
        for (text, want) in [
            ("yes", Value::Bool(true)),
            ("n", Value::Bool(false)),
            ("Off", Value::Bool(false)),
            ("0077", Value::Int(63)),
            ("0x10", Value::Int(16)),
            ("0o17", Value::String("0o17".into())),
            ("1:30", Value::Int(90)),
            ("-1:0:0", Value::Int(-3600)),
            ("1:30.5", Value::Float(90.5)),
            ("09", Value::String("09".into())),
            ("0", Value::Int(0)),
            ("2001-12-14", Value::Timestamp("2001-12-14".into())),
        ] {
            assert_eq!(v11(text), want, "{text}");
        }
        assert_eq!(version_of("# c\n%YAML 1.1\n---\na: 1\n"), Version::V1_1);
        assert_eq!(version_of("%YAML 1.2\n---\n"), Version::V1_2);
        assert_eq!(version_of("a: 1\n%YAML 1.1\n"), Version::V1_2);
        assert_eq!(resolve_plain("-.inf"), Value::Float(f64::NEG_INFINITY));
    }
}
