//! Resolution of plain scalars, following the YAML 1.2 core schema as common Python loaders
//! implement it: Booleans, nulls, integers (decimal with leading zeros, `0o`, `0x`, `0b`,
//! underscores allowed), floats and dates, tried in that order; anything else is a string.

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

/// The value of a plain (unquoted, untagged) scalar.
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
}
