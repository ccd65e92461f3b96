//! Helpers shared by the evaluator's unit tests: evaluate strictly and compare with what
//! `nix-instantiate --eval --strict --json` printed.

use super::{EvalOptions, Evaluator, StrictFailure};

/// Evaluates strictly: `Ok(json)`, `Err("error: …")`, `Err("unknown: …")` or `Err("syntax")`.
pub fn eval(expr: &str) -> Result<String, String> {
    let mut ev = Evaluator::new(EvalOptions::default());
    match ev.eval_strict_json("t", None, expr) {
        Ok(json) => Ok(json),
        Err(StrictFailure::Error(e)) => Err(format!("error: {}", e.message)),
        Err(StrictFailure::NotKnown(m)) => Err(format!("unknown: {m}")),
        Err(StrictFailure::Syntax(_)) => Err("syntax".into()),
    }
}

/// Asserts that `expr` evaluates to `json`.
pub fn ok(expr: &str, json: &str) {
    assert_eq!(eval(expr), Ok(json.to_string()), "{expr}");
}

/// Asserts that `expr` fails with an error message containing `message`.
pub fn err(expr: &str, message: &str) {
    match eval(expr) {
        Err(e) => assert!(
            e.starts_with("error: ") && e.contains(message),
            "{expr}: {e}"
        ),
        Ok(v) => panic!("{expr}: expected an error, got {v}"),
    }
}

/// Asserts that `expr` is not statically known.
pub fn unknown(expr: &str) {
    match eval(expr) {
        Err(e) => assert!(e.starts_with("unknown"), "{expr}: {e}"),
        Ok(v) => panic!("{expr}: expected an unknown, got {v}"),
    }
}
