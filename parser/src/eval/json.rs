//! JSON output exactly as Nix prints it (`nix-instantiate --eval --strict --json`, `builtins.toJSON`).

use super::value::{Unknown, Value};
use super::{CoerceMode, ErrorKind, EvalError, Evaluator};
use crate::source::Span;

/// Why a value could not be written as JSON.
pub enum JsonFailure {
    /// Nix itself would fail.
    Error(Box<EvalError>),
    /// The value depends on something static analysis cannot know.
    NotKnown(String),
}

impl From<Box<EvalError>> for JsonFailure {
    fn from(e: Box<EvalError>) -> Self {
        JsonFailure::Error(e)
    }
}

/// Formats a float as C++ streams do by default (`%g`, six significant digits).
pub fn format_float(f: f64) -> String {
    if f.is_nan() {
        return if f.is_sign_negative() {
            "-nan".into()
        } else {
            "nan".into()
        };
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    const PRECISION: i32 = 6;
    let sci = format!("{:.*e}", (PRECISION - 1) as usize, f);
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if !(-4..PRECISION).contains(&exponent) {
        let mantissa = strip_zeros(mantissa);
        let sign = if exponent < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exponent.abs())
    } else {
        let decimals = (PRECISION - 1 - exponent).max(0) as usize;
        strip_zeros(&format!("{f:.decimals$}")).to_string()
    }
}

fn strip_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

/// Appends a JSON string literal escaped as Nix escapes it.
pub fn escape_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn not_known(u: &Unknown) -> JsonFailure {
    JsonFailure::NotKnown(format!("the value of `{}` is not statically known", u.text))
}

impl Evaluator {
    /// Writes a value as JSON, forcing everything in it.
    pub fn write_json(
        &mut self,
        value: &Value,
        span: Span,
        out: &mut String,
    ) -> Result<(), JsonFailure> {
        self.charge(1, span)?;
        // Nesting counts against the depth limit, so a cyclic value ends in an error.
        self.enter(Some(span))?;
        let result = self.write_json_inner(value, span, out);
        self.leave();
        result
    }

    fn write_json_inner(
        &mut self,
        value: &Value,
        span: Span,
        out: &mut String,
    ) -> Result<(), JsonFailure> {
        match value {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) => out.push_str(&i.to_string()),
            Value::Float(f) => out.push_str(&format_float(*f)),
            Value::String(s) => escape_json_string(out, s),
            Value::PartialString(pieces) => {
                let text = pieces
                    .iter()
                    .map(|p| match p {
                        super::value::StrPiece::Known(s) => s.to_string(),
                        super::value::StrPiece::Unknown(u) => format!("${{{}}}", u.text),
                    })
                    .collect::<String>();
                return Err(JsonFailure::NotKnown(format!(
                    "the string \"{text}\" is not statically known"
                )));
            }
            Value::Path(p) => {
                return Err(JsonFailure::NotKnown(format!(
                    "the store path of {p} is not statically known (Nix copies it to the store)"
                )));
            }
            Value::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    let v = self.force(item)?;
                    let item_span = item.span().unwrap_or(span);
                    stacker::maybe_grow(128 * 1024, 8 * 1024 * 1024, || {
                        self.write_json(&v, item_span, out)
                    })?;
                }
                out.push(']');
            }
            Value::Attrs(set) => {
                if let Some(open) = &set.open {
                    return Err(not_known(open));
                }
                if let Some(to_string) = set.get("__toString") {
                    let _ = to_string;
                    let coerced =
                        self.coerce_to_string(value.clone(), CoerceMode::Interpolation, span)?;
                    match coerced.known() {
                        Some(s) => escape_json_string(out, s),
                        None => {
                            return Err(JsonFailure::NotKnown(
                                "a string is not statically known".into(),
                            ));
                        }
                    }
                    return Ok(());
                }
                if let Some(out_path) = set.get("outPath") {
                    let v = self.force(&out_path.value.clone())?;
                    return self.write_json(&v, span, out);
                }
                out.push('{');
                for (i, (name, attr)) in set.entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    escape_json_string(out, name);
                    out.push(':');
                    let v = self.force(&attr.value)?;
                    let attr_span = attr.value.span().unwrap_or(span);
                    stacker::maybe_grow(128 * 1024, 8 * 1024 * 1024, || {
                        self.write_json(&v, attr_span, out)
                    })?;
                }
                out.push('}');
            }
            Value::Lambda(_) | Value::PrimOp(_) => {
                return Err(JsonFailure::Error(EvalError::new(
                    ErrorKind::Type,
                    "cannot convert a function to JSON",
                    Some(span),
                )));
            }
            Value::Unknown(u) => return Err(not_known(u)),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::format_float;

    #[test]
    fn floats_print_like_cpp_streams() {
        assert_eq!(format_float(1.5), "1.5");
        assert_eq!(format_float(1.0), "1");
        assert_eq!(format_float(0.1), "0.1");
        assert_eq!(format_float(100.0), "100");
        assert_eq!(format_float(1e20), "1e+20");
        assert_eq!(format_float(1e-5), "1e-05");
        assert_eq!(format_float(std::f64::consts::PI), "3.14159");
        assert_eq!(format_float(123456789.0), "1.23457e+08");
        assert_eq!(format_float(0.0001), "0.0001");
        assert_eq!(format_float(-2.5), "-2.5");
        assert_eq!(format_float(999999.5), "1e+06");
    }
}
