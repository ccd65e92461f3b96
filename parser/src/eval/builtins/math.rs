//! Arithmetic builtins: `add`, `sub`, `mul`, `div`, `bitAnd`, `bitOr`, `bitXor`, `ceil` and
//! `floor`, with the exact checks and messages of Nix 2.8's primops (which differ from `+`:
//! `builtins.add` takes numbers only).

use super::{Registry, known};
use crate::eval::value::{Thunk, Value};
use crate::eval::{ErrorKind, EvalError, EvalResult, Evaluator, type_error};
use crate::source::Span;

/// A number as Nix's primops see it.
#[derive(Clone, Copy)]
enum Num {
    Int(i64),
    Float,
}

/// Registers this family's builtins.
pub(super) fn register(r: &mut Registry) {
    for name in ["add", "sub", "mul"] {
        r.function(name, 2, move |ev, args, span| {
            let a = known!(ev, force_value(ev, &args[0])?, span);
            let b = known!(ev, force_value(ev, &args[1])?, span);
            if matches!(a, Value::Float(_)) || matches!(b, Value::Float(_)) {
                let x = as_float(&a, span)?;
                let y = as_float(&b, span)?;
                return Ok(Value::Float(match name {
                    "add" => x + y,
                    "sub" => x - y,
                    _ => x * y,
                }));
            }
            let x = as_int(&a, span)?;
            let y = as_int(&b, span)?;
            Ok(Value::Int(match name {
                "add" => x.wrapping_add(y),
                "sub" => x.wrapping_sub(y),
                _ => x.wrapping_mul(y),
            }))
        });
    }
    r.function("div", 2, |ev, args, span| {
        let a = force_value(ev, &args[0])?;
        let b = known!(ev, force_value(ev, &args[1])?, span);
        // The divisor is checked first, whatever the dividend.
        if as_float(&b, span)? == 0.0 {
            return Err(EvalError::new(
                ErrorKind::DivisionByZero,
                "division by zero",
                Some(span),
            ));
        }
        let a = known!(ev, a, span);
        match (number(&a), number(&b)) {
            (Some(Num::Int(x)), Some(Num::Int(y))) => {
                if x == i64::MIN && y == -1 {
                    return Err(EvalError::new(
                        ErrorKind::Other,
                        "overflow in integer division",
                        Some(span),
                    ));
                }
                Ok(Value::Int(x / y))
            }
            (_, Some(Num::Float)) | (Some(Num::Float), _) => {
                Ok(Value::Float(as_float(&a, span)? / as_float(&b, span)?))
            }
            _ => Err(type_error(
                format!("value is {} while an integer was expected", a.type_phrase()),
                span,
            )),
        }
    });
    for name in ["bitAnd", "bitOr", "bitXor"] {
        r.function(name, 2, move |ev, args, span| {
            let a = known!(ev, force_value(ev, &args[0])?, span);
            let x = as_int(&a, span)?;
            let b = known!(ev, force_value(ev, &args[1])?, span);
            let y = as_int(&b, span)?;
            Ok(Value::Int(match name {
                "bitAnd" => x & y,
                "bitOr" => x | y,
                _ => x ^ y,
            }))
        });
    }
    r.function("ceil", 1, |ev, args, span| {
        let v = known!(ev, force_value(ev, &args[0])?, span);
        Ok(Value::Int(c_float_to_int(as_float(&v, span)?.ceil())))
    });
    r.function("floor", 1, |ev, args, span| {
        let v = known!(ev, force_value(ev, &args[0])?, span);
        Ok(Value::Int(c_float_to_int(as_float(&v, span)?.floor())))
    });
}

/// Forces an argument; `None` when unknown. Partially known strings are strings: the type
/// checks reject them as Nix would.
fn force_value(ev: &mut Evaluator, thunk: &Thunk) -> EvalResult<Option<Value>> {
    Ok(match ev.force(thunk)? {
        Value::Unknown(_) => None,
        v => Some(v),
    })
}

fn number(v: &Value) -> Option<Num> {
    match v {
        Value::Int(i) => Some(Num::Int(*i)),
        Value::Float(_) => Some(Num::Float),
        _ => None,
    }
}

/// Nix's `forceInt`.
fn as_int(v: &Value, span: Span) -> EvalResult<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        other => Err(type_error(
            format!(
                "value is {} while an integer was expected",
                other.type_phrase()
            ),
            span,
        )),
    }
}

/// Nix's `forceFloat`: integers are converted.
fn as_float(v: &Value, span: Span) -> EvalResult<f64> {
    match v {
        Value::Int(i) => Ok(*i as f64),
        Value::Float(f) => Ok(*f),
        other => Err(type_error(
            format!(
                "value is {} while a float was expected",
                other.type_phrase()
            ),
            span,
        )),
    }
}

/// C++'s conversion of a double to a 64-bit integer on x86-64: out of range (and NaN) gives
/// the minimum integer.
fn c_float_to_int(f: f64) -> i64 {
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if (-LIMIT..LIMIT).contains(&f) {
        f as i64
    } else {
        i64::MIN
    }
}

#[cfg(test)]
mod tests {
    use crate::eval::test_support::{err, ok, unknown};

    // Expected values are nix-instantiate 2.8's output.

    #[test]
    fn arithmetic() {
        ok("builtins.add 1 2", "3");
        ok("builtins.add 1.5 2", "3.5");
        err(
            "builtins.add \"a\" \"b\"",
            "value is a string while an integer was expected",
        );
        err(
            "builtins.add 1.5 \"a\"",
            "value is a string while a float was expected",
        );
        err(
            "builtins.add ./a \"b\"",
            "value is a path while an integer was expected",
        );
        ok("builtins.sub 1 2", "-1");
        ok("builtins.mul 3 2.5", "7.5");
        ok("builtins.add 9223372036854775807 1", "-9223372036854775808");
        ok("builtins.div 7 2", "3");
        ok("builtins.div (-7) 2", "-3");
        ok("builtins.div 7 2.0", "3.5");
        err("builtins.div 1 0", "division by zero");
        err("builtins.div 1.0 0", "division by zero");
        err("builtins.div 1 0.0", "division by zero");
        err(
            "builtins.div 1 \"a\"",
            "value is a string while a float was expected",
        );
        err(
            "builtins.div \"a\" 1",
            "value is a string while an integer was expected",
        );
        err(
            "builtins.div (-9223372036854775807 - 1) (-1)",
            "overflow in integer division",
        );
    }

    #[test]
    fn bits_and_rounding() {
        ok("builtins.bitAnd 12 10", "8");
        ok("builtins.bitOr 12 10", "14");
        ok("builtins.bitXor 12 10", "6");
        err(
            "builtins.bitAnd 1.0 1",
            "value is a float while an integer was expected",
        );
        ok(
            "map builtins.ceil [1.5 (-1.5) 2 1.0e20 (-0.5)]",
            "[2,-1,2,-9223372036854775808,0]",
        );
        ok("map builtins.floor [1.5 (-1.5) 2]", "[1,-2,2]");
        ok("builtins.floor 1.0e300", "-9223372036854775808");
        err(
            "builtins.ceil \"a\"",
            "value is a string while a float was expected",
        );
    }

    #[test]
    fn unknowns() {
        unknown("builtins.add 1 builtins.currentSystem");
        err("builtins.div builtins.currentSystem 0", "division by zero");
    }
}
