//! Binary operators with Nix's semantics, extended to unknown operands.

use std::cmp::Ordering;
use std::rc::Rc;

use super::coerce::{CoerceMode, StringBuilder};
use super::env::Env;
use super::value::{Attrs, Value};
use super::{ErrorKind, EvalError, EvalResult, Evaluator, canonical_path, type_error};
use crate::source::Span;
use crate::syntax::ir::{BinOp, ExprRef};

impl Evaluator {
    pub(super) fn eval_binary(
        &mut self,
        op: BinOp,
        lhs: &ExprRef,
        rhs: &ExprRef,
        env: &Env,
        span: Span,
    ) -> EvalResult<Value> {
        match op {
            BinOp::And | BinOp::Or | BinOp::Implication => {
                return self.eval_logic(op, lhs, rhs, env, span);
            }
            BinOp::PipeRight => {
                let arg = self.thunk_of(lhs, env);
                let f = self.eval(rhs, env)?;
                return self.apply(f, arg, span);
            }
            BinOp::PipeLeft => {
                let f = self.eval(lhs, env)?;
                let arg = self.thunk_of(rhs, env);
                return self.apply(f, arg, span);
            }
            _ => {}
        }
        let a = self.eval(lhs, env)?;
        let b = self.eval(rhs, env)?;
        self.binary_values(op, a, b, span)
    }

    /// Applies a strict binary operator to two values.
    pub fn binary_values(
        &mut self,
        op: BinOp,
        a: Value,
        b: Value,
        span: Span,
    ) -> EvalResult<Value> {
        match op {
            BinOp::Equal => Ok(self
                .equal(&a, &b, span)?
                .map_or_else(|| self.derived_unknown(span), Value::Bool)),
            BinOp::NotEqual => Ok(self
                .equal(&a, &b, span)?
                .map_or_else(|| self.derived_unknown(span), |e| Value::Bool(!e))),
            BinOp::Less => self.compare_op(&a, &b, span, |o| o == Ordering::Less),
            BinOp::LessOrEq => self.compare_op(&b, &a, span, |o| o != Ordering::Less),
            BinOp::More => self.compare_op(&b, &a, span, |o| o == Ordering::Less),
            BinOp::MoreOrEq => self.compare_op(&a, &b, span, |o| o != Ordering::Less),
            BinOp::Concat => match (a, b) {
                (Value::List(x), Value::List(y)) => {
                    self.check_size(x.len() + y.len(), span)?;
                    let mut items = x.to_vec();
                    items.extend(y.iter().cloned());
                    Ok(Value::List(items.into()))
                }
                (x, y) if x.is_unknown() || y.is_unknown() => Ok(self.derived_unknown(span)),
                (Value::List(_), other) | (other, _) => Err(type_error(
                    format!("value is {} while a list was expected", other.type_phrase()),
                    span,
                )),
            },
            BinOp::Update => match (a, b) {
                (Value::Attrs(x), Value::Attrs(y)) => Ok(Value::Attrs(Rc::new(update(&x, &y)))),
                (x, y) if x.is_unknown() || y.is_unknown() => Ok(self.derived_unknown(span)),
                (Value::Attrs(_), other) | (other, _) => Err(type_error(
                    format!("value is {} while a set was expected", other.type_phrase()),
                    span,
                )),
            },
            BinOp::Add => self.add(a, b, span),
            BinOp::Sub | BinOp::Mul | BinOp::Div => self.arithmetic(op, a, b, span),
            BinOp::And | BinOp::Or | BinOp::Implication | BinOp::PipeLeft | BinOp::PipeRight => {
                unreachable!("lazy operators are evaluated by eval_binary")
            }
        }
    }

    fn eval_logic(
        &mut self,
        op: BinOp,
        lhs: &ExprRef,
        rhs: &ExprRef,
        env: &Env,
        span: Span,
    ) -> EvalResult<Value> {
        let a = self.eval(lhs, env)?;
        let a = match a {
            Value::Bool(b) => Some(b),
            v if v.is_unknown() => None,
            other => {
                return Err(type_error(
                    format!(
                        "value is {} while a Boolean was expected",
                        other.type_phrase()
                    ),
                    lhs.span,
                ));
            }
        };
        // Short-circuit exactly as Nix does.
        match (op, a) {
            (BinOp::And, Some(false)) => return Ok(Value::Bool(false)),
            (BinOp::Or, Some(true)) => return Ok(Value::Bool(true)),
            (BinOp::Implication, Some(false)) => return Ok(Value::Bool(true)),
            _ => {}
        }
        let b = match self.eval(rhs, env)? {
            Value::Bool(b) => Some(b),
            v if v.is_unknown() => None,
            other => {
                return Err(type_error(
                    format!(
                        "value is {} while a Boolean was expected",
                        other.type_phrase()
                    ),
                    rhs.span,
                ));
            }
        };
        let result = match (op, a, b) {
            (_, Some(_), Some(b)) => Some(b),
            // With the left side unknown, a decisive right side still settles the result.
            (BinOp::And, None, Some(false)) => Some(false),
            (BinOp::Or | BinOp::Implication, None, Some(true)) => Some(true),
            _ => None,
        };
        Ok(result.map_or_else(|| self.derived_unknown(span), Value::Bool))
    }

    fn add(&mut self, a: Value, b: Value, span: Span) -> EvalResult<Value> {
        match (&a, &b) {
            (Value::Int(x), Value::Int(y)) => Ok(Value::Int(x.wrapping_add(*y))),
            (Value::Int(x), Value::Float(y)) => Ok(Value::Float(*x as f64 + y)),
            (Value::Float(x), Value::Int(y)) => Ok(Value::Float(x + *y as f64)),
            (Value::Float(x), Value::Float(y)) => Ok(Value::Float(x + y)),
            (Value::Path(p), _) => {
                let suffix = self.coerce_to_string(b, CoerceMode::PathInterpolation, span)?;
                match suffix.known() {
                    Some(s) => Ok(Value::Path(canonical_path(&format!("{p}{s}")).into())),
                    None => Ok(self.derived_unknown(span)),
                }
            }
            (Value::String(_) | Value::PartialString(_), _) | (Value::Attrs(_), _) => {
                let mut builder = StringBuilder::default();
                let left = self.coerce_to_string(a, CoerceMode::Interpolation, span)?;
                builder.push(left);
                let right = self.coerce_to_string(b, CoerceMode::Interpolation, span)?;
                builder.push(right);
                self.check_size(builder.len(), span)?;
                Ok(builder.finish())
            }
            (Value::Unknown(_), _) | (_, Value::Unknown(_) | Value::PartialString(_)) => {
                Ok(self.derived_unknown(span))
            }
            (Value::Int(_) | Value::Float(_), other) => Err(type_error(
                format!("cannot add {} to {}", other.type_phrase(), a.type_phrase()),
                span,
            )),
            (other, _) => Err(type_error(
                format!("cannot add {} to {}", b.type_phrase(), other.type_phrase()),
                span,
            )),
        }
    }

    fn arithmetic(&mut self, op: BinOp, a: Value, b: Value, span: Span) -> EvalResult<Value> {
        let name = match op {
            BinOp::Sub => "subtract",
            BinOp::Mul => "multiply",
            _ => "divide",
        };
        match (&a, &b) {
            (Value::Int(x), Value::Int(y)) => {
                let (x, y) = (*x, *y);
                Ok(Value::Int(match op {
                    BinOp::Sub => x.wrapping_sub(y),
                    BinOp::Mul => x.wrapping_mul(y),
                    _ => {
                        if y == 0 {
                            return Err(EvalError::new(
                                ErrorKind::DivisionByZero,
                                "division by zero",
                                Some(span),
                            ));
                        }
                        match x.checked_div(y) {
                            Some(q) => q,
                            None => {
                                return Err(EvalError::new(
                                    ErrorKind::Other,
                                    "overflow in integer division",
                                    Some(span),
                                ));
                            }
                        }
                    }
                }))
            }
            (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => {
                let x = as_float(&a);
                let y = as_float(&b);
                Ok(Value::Float(match op {
                    BinOp::Sub => x - y,
                    BinOp::Mul => x * y,
                    _ => {
                        if y == 0.0 {
                            return Err(EvalError::new(
                                ErrorKind::DivisionByZero,
                                "division by zero",
                                Some(span),
                            ));
                        }
                        x / y
                    }
                }))
            }
            _ if a.is_unknown() || b.is_unknown() => Ok(self.derived_unknown(span)),
            (Value::Int(_) | Value::Float(_), other) | (other, _) => Err(type_error(
                format!(
                    "cannot {name} {}: a number was expected",
                    other.type_phrase()
                ),
                span,
            )),
        }
    }

    fn compare_op(
        &mut self,
        a: &Value,
        b: &Value,
        span: Span,
        test: impl Fn(Ordering) -> bool,
    ) -> EvalResult<Value> {
        Ok(match self.compare(a, b, span)? {
            Some(o) => Value::Bool(test(o)),
            None => self.derived_unknown(span),
        })
    }

    /// Nix's ordering (`<`): numbers, strings, paths and lists lexicographically.
    /// `Ok(None)` when an operand is unknown.
    pub fn compare(&mut self, a: &Value, b: &Value, span: Span) -> EvalResult<Option<Ordering>> {
        stacker::maybe_grow(128 * 1024, 8 * 1024 * 1024, || {
            self.compare_inner(a, b, span)
        })
    }

    fn compare_inner(&mut self, a: &Value, b: &Value, span: Span) -> EvalResult<Option<Ordering>> {
        match (a, b) {
            (Value::Int(x), Value::Int(y)) => Ok(Some(x.cmp(y))),
            (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => {
                let (x, y) = (as_float(a), as_float(b));
                // NaN compares false both ways in Nix; `Equal` makes `<` false.
                Ok(Some(x.partial_cmp(&y).unwrap_or(Ordering::Equal)))
            }
            (Value::String(x), Value::String(y)) => Ok(Some(x.as_bytes().cmp(y.as_bytes()))),
            (Value::Path(x), Value::Path(y)) => Ok(Some(x.as_bytes().cmp(y.as_bytes()))),
            (Value::List(x), Value::List(y)) => {
                for (p, q) in x.iter().zip(y.iter()) {
                    let p = self.force(p)?;
                    let q = self.force(q)?;
                    if self.equal(&p, &q, span)? == Some(true) {
                        continue;
                    }
                    return self.compare(&p, &q, span);
                }
                Ok(Some(x.len().cmp(&y.len())))
            }
            _ if a.is_unknown() || b.is_unknown() => Ok(None),
            _ => Err(type_error(
                format!(
                    "cannot compare {} with {}",
                    a.type_phrase(),
                    b.type_phrase()
                ),
                span,
            )),
        }
    }

    /// Nix's deep equality. `Ok(None)` when the answer depends on an unknown.
    pub fn equal(&mut self, a: &Value, b: &Value, span: Span) -> EvalResult<Option<bool>> {
        stacker::maybe_grow(128 * 1024, 8 * 1024 * 1024, || self.equal_inner(a, b, span))
    }

    fn equal_inner(&mut self, a: &Value, b: &Value, span: Span) -> EvalResult<Option<bool>> {
        match (a, b) {
            (Value::Int(x), Value::Int(y)) => Ok(Some(x == y)),
            (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => {
                Ok(Some(as_float(a) == as_float(b)))
            }
            (Value::Bool(x), Value::Bool(y)) => Ok(Some(x == y)),
            (Value::Null, Value::Null) => Ok(Some(true)),
            (Value::String(x), Value::String(y)) => Ok(Some(x == y)),
            (Value::Path(x), Value::Path(y)) => Ok(Some(x == y)),
            (Value::List(x), Value::List(y)) => {
                if x.len() != y.len() {
                    return Ok(Some(false));
                }
                let mut unknown = false;
                for (p, q) in x.iter().zip(y.iter()) {
                    if p.ptr_eq(q) {
                        continue;
                    }
                    let p = self.force(p)?;
                    let q = self.force(q)?;
                    match self.equal(&p, &q, span)? {
                        Some(true) => {}
                        Some(false) => return Ok(Some(false)),
                        None => unknown = true,
                    }
                }
                Ok(if unknown { None } else { Some(true) })
            }
            (Value::Attrs(x), Value::Attrs(y)) => {
                // The same set is equal to itself without looking inside, as in Nix.
                if Rc::ptr_eq(x, y) {
                    return Ok(Some(true));
                }
                if x.open.is_some() || y.open.is_some() {
                    return Ok(None);
                }
                if is_derivation(self, x)? && is_derivation(self, y)? {
                    let (Some(p), Some(q)) = (x.get("outPath"), y.get("outPath")) else {
                        return Ok(Some(false));
                    };
                    let p = self.force(&p.value.clone())?;
                    let q = self.force(&q.value.clone())?;
                    return self.equal(&p, &q, span);
                }
                if x.len() != y.len() {
                    return Ok(Some(false));
                }
                let mut unknown = false;
                for ((kx, ax), (ky, ay)) in x.entries.iter().zip(y.entries.iter()) {
                    if kx != ky {
                        return Ok(Some(false));
                    }
                    if ax.value.ptr_eq(&ay.value) {
                        continue;
                    }
                    let p = self.force(&ax.value)?;
                    let q = self.force(&ay.value)?;
                    match self.equal(&p, &q, span)? {
                        Some(true) => {}
                        Some(false) => return Ok(Some(false)),
                        None => unknown = true,
                    }
                }
                Ok(if unknown { None } else { Some(true) })
            }
            _ if a.is_unknown() || b.is_unknown() => Ok(None),
            _ => Ok(Some(false)),
        }
    }
}

fn is_derivation(ev: &mut Evaluator, set: &Attrs) -> EvalResult<bool> {
    match set.get("type") {
        Some(attr) => {
            Ok(matches!(ev.force(&attr.value.clone())?, Value::String(s) if &*s == "derivation"))
        }
        None => Ok(false),
    }
}

fn as_float(v: &Value) -> f64 {
    match v {
        Value::Int(i) => *i as f64,
        Value::Float(f) => *f,
        _ => 0.0,
    }
}

/// `a // b`: the attributes of both, those of `b` winning.
pub fn update(a: &Attrs, b: &Attrs) -> Attrs {
    if a.is_empty() && a.open.is_none() {
        return b.clone();
    }
    if b.is_empty() && b.open.is_none() {
        return a.clone();
    }
    let mut entries = a.entries.clone();
    for (k, v) in &b.entries {
        entries.insert(k.clone(), v.clone());
    }
    Attrs {
        entries,
        open: b.open.clone().or_else(|| a.open.clone()),
    }
}
