//! `lib.trivial` (id, const, flip, pipe, boolToString, warn, throwIf, …), `lib.fixedPoints`
//! (fix, extends, composeExtensions) and `lib.asserts` (assertMsg, assertOneOf).

use std::cmp::Ordering;
use std::rc::Rc;

use super::{Family, builtin_fn, interpolate, is_function, known_text, throw, val};
use crate::eval::builtins::{force_attrs, force_bool, force_list, known};
use crate::eval::ops::update;
use crate::eval::value::{Thunk, UnknownReason, Value};
use crate::eval::{CoerceMode, EvalResult, Evaluator, type_error};
use crate::source::Span;
use crate::syntax::ir::BinOp;

/// `lib.trivial`.
pub(super) fn trivial(ev: &Evaluator) -> Family {
    let mut f = Family::default();
    f.func("id", 1, |ev, a, _| ev.force(&a[0]));
    f.func("const", 2, |ev, a, _| ev.force(&a[0]));
    f.func("flip", 3, |ev, a, span| {
        let g = ev.force(&a[0])?;
        ev.call(g, &[a[2].clone(), a[1].clone()], span)
    });
    f.func("pipe", 2, |ev, a, span| {
        let fs = known!(ev, force_list(ev, &a[1], span)?, span);
        let mut x = ev.force(&a[0])?;
        for g in fs.iter() {
            let g = ev.force(g)?;
            x = ev.apply(g, val(x, span), span)?;
        }
        Ok(x)
    });
    f.func("boolToString", 1, |ev, a, span| {
        let b = known!(ev, force_bool(ev, &a[0], span)?, span);
        Ok(Value::string(if b { "true" } else { "false" }))
    });
    f.func("mapNullable", 2, |ev, a, span| match ev.force(&a[1])? {
        Value::Null => Ok(Value::Null),
        Value::Unknown(_) => Ok(ev.derived_unknown(span)),
        _ => {
            let g = ev.force(&a[0])?;
            ev.apply(g, a[1].clone(), span)
        }
    });
    f.func("concat", 2, |ev, a, span| {
        binary(ev, BinOp::Concat, a, span)
    });
    f.func("mergeAttrs", 2, |ev, a, span| {
        binary(ev, BinOp::Update, a, span)
    });
    f.func("or", 2, |ev, a, span| logic(ev, a, span, true));
    f.func("and", 2, |ev, a, span| logic(ev, a, span, false));
    f.func("xor", 2, |ev, a, span| {
        let x = known!(ev, force_bool(ev, &a[0], span)?, span);
        let y = known!(ev, force_bool(ev, &a[1], span)?, span);
        Ok(Value::Bool(x != y))
    });
    f.func("min", 2, |ev, a, span| min_max(ev, a, span, true));
    f.func("max", 2, |ev, a, span| min_max(ev, a, span, false));
    f.func("mod", 2, |ev, a, span| {
        let base = ev.force(&a[0])?;
        let int = ev.force(&a[1])?;
        let quotient = ev.binary_values(BinOp::Div, base.clone(), int.clone(), span)?;
        let product = ev.binary_values(BinOp::Mul, int, quotient, span)?;
        ev.binary_values(BinOp::Sub, base, product, span)
    });
    f.func("compare", 2, |ev, a, span| {
        let x = ev.force(&a[0])?;
        let y = ev.force(&a[1])?;
        Ok(match ev.compare(&x, &y, span)? {
            Some(Ordering::Less) => Value::Int(-1),
            Some(Ordering::Greater) => Value::Int(1),
            Some(Ordering::Equal) => Value::Int(0),
            None => ev.derived_unknown(span),
        })
    });
    for name in ["bitAnd", "bitOr", "bitXor"] {
        f.builtin(ev, name, true);
    }
    // bitNot = builtins.sub (-1)
    f.func("bitNot", 1, |ev, a, span| {
        let x = ev.force(&a[0])?;
        ev.binary_values(BinOp::Sub, Value::Int(-1), x, span)
    });
    f.func("isFunction", 1, |ev, a, span| {
        let v = ev.force(&a[0])?;
        Ok(match is_function_deep(ev, v, span)? {
            Some(b) => Value::Bool(b),
            None => ev.derived_unknown(span),
        })
    });
    f.func("functionArgs", 1, |ev, a, span| {
        let v = ev.force(&a[0])?;
        function_args(ev, v, span)
    });
    f.func("toFunction", 1, |ev, a, span| {
        let v = ev.force(&a[0])?;
        match is_function_deep(ev, v.clone(), span)? {
            Some(true) => Ok(v),
            Some(false) => {
                let constant = a[0].clone();
                Ok(crate::eval::builtins::prim(
                    "lib.toFunction",
                    1,
                    move |ev, _, _| ev.force(&constant),
                ))
            }
            None => Ok(ev.derived_unknown(span)),
        }
    });
    f.func("warn", 2, |ev, a, span| {
        warning(ev, &a[0], span)?;
        ev.force(&a[1])
    });
    f.func("warnIf", 3, |ev, a, span| {
        if force_bool(ev, &a[0], span)? == Some(true) {
            warning(ev, &a[1], span)?;
        }
        ev.force(&a[2])
    });
    f.func("warnIfNot", 3, |ev, a, span| {
        if force_bool(ev, &a[0], span)? == Some(false) {
            warning(ev, &a[1], span)?;
        }
        ev.force(&a[2])
    });
    f.func("info", 2, |ev, a, span| {
        let message = ev.force(&a[0])?;
        let text = known_text(ev, message, CoerceMode::Interpolation, span)?;
        ev.traces.push(format!(
            "INFO: {}",
            text.as_deref().unwrap_or("<not statically known>")
        ));
        ev.force(&a[1])
    });
    // An unknown condition is not a failure: evaluation goes on as if it did not throw, as for
    // `assert`.
    f.func("throwIf", 3, |ev, a, span| {
        if force_bool(ev, &a[0], span)? == Some(true) {
            return Err(throw_message(ev, &a[1], span)?);
        }
        ev.force(&a[2])
    });
    f.func("throwIfNot", 3, |ev, a, span| {
        if force_bool(ev, &a[0], span)? == Some(false) {
            return Err(throw_message(ev, &a[1], span)?);
        }
        ev.force(&a[2])
    });
    f.func("importJSON", 1, |ev, a, span| {
        read_and_parse(ev, &a[0], "fromJSON", span)
    });
    f.func("importTOML", 1, |ev, a, span| {
        read_and_parse(ev, &a[0], "fromTOML", span)
    });
    f
}

/// `lib.fixedPoints`.
pub(super) fn fixed_points() -> Family {
    let mut f = Family::default();
    f.func("fix", 1, |ev, a, span| {
        let g = ev.force(&a[0])?;
        fix(ev, g, span)
    });
    // extends overlay f = final: let prev = f final; in prev // overlay final prev
    f.func("extends", 3, |ev, a, span| {
        let (overlay, base, fin) = (a[0].clone(), a[1].clone(), a[2].clone());
        let prev = lazy_call_thunk(base, vec![fin.clone()], span);
        let prev_set = known!(ev, force_attrs(ev, &prev, span)?, span);
        let overlay = ev.force(&overlay)?;
        let ext = ev.call(overlay, &[fin, prev], span)?;
        match ext {
            Value::Attrs(ext) => Ok(Value::Attrs(Rc::new(update(&prev_set, &ext)))),
            v if v.is_unknown() => Ok(ev.derived_unknown(span)),
            other => Err(type_error(
                format!("value is {} while a set was expected", other.type_phrase()),
                span,
            )),
        }
    });
    // composeExtensions f g = final: prev: let fApplied = f final prev; prev' = prev // fApplied;
    // in fApplied // g final prev'
    f.func("composeExtensions", 4, |ev, a, span| {
        let (first, second, fin, prev) = (a[0].clone(), a[1].clone(), a[2].clone(), a[3].clone());
        let applied = lazy_call_thunk(first, vec![fin.clone(), prev.clone()], span);
        let applied_set = known!(ev, force_attrs(ev, &applied, span)?, span);
        let prev_set = known!(ev, force_attrs(ev, &prev, span)?, span);
        let prev2 = val(Value::Attrs(Rc::new(update(&prev_set, &applied_set))), span);
        let second = ev.force(&second)?;
        match ev.call(second, &[fin, prev2], span)? {
            Value::Attrs(g) => Ok(Value::Attrs(Rc::new(update(&applied_set, &g)))),
            v if v.is_unknown() => Ok(ev.derived_unknown(span)),
            other => Err(type_error(
                format!("value is {} while a set was expected", other.type_phrase()),
                span,
            )),
        }
    });
    f
}

/// `lib.asserts`.
pub(super) fn asserts() -> Family {
    let mut f = Family::default();
    f.func("assertMsg", 2, |ev, a, span| {
        match force_bool(ev, &a[0], span)? {
            Some(true) => Ok(Value::Bool(true)),
            Some(false) => Err(throw_message(ev, &a[1], span)?),
            None => Ok(ev.derived_unknown(span)),
        }
    });
    f.func("assertOneOf", 3, |ev, a, span| {
        let v = ev.force(&a[1])?;
        let xs = known!(ev, force_list(ev, &a[2], span)?, span);
        let mut unknown = false;
        for x in xs.iter() {
            let x = ev.force(x)?;
            match ev.equal(&v, &x, span)? {
                Some(true) => return Ok(Value::Bool(true)),
                Some(false) => {}
                None => unknown = true,
            }
        }
        if unknown {
            return Ok(ev.derived_unknown(span));
        }
        let name = ev.force(&a[0])?;
        let name = known_text(ev, name, CoerceMode::Interpolation, span)?;
        Err(throw(
            format!(
                "{} must be one of the allowed values, but is not",
                name.as_deref().unwrap_or("the value")
            ),
            span,
        ))
    });
    f
}

/// `let x = f x; in x`: a thunk that passes itself to `f`.
pub(super) fn fix(ev: &mut Evaluator, f: Value, span: Span) -> EvalResult<Value> {
    let slot: Rc<std::cell::RefCell<Option<Thunk>>> = Rc::new(std::cell::RefCell::new(None));
    let inner = slot.clone();
    let thunk = Thunk::native(Some(span), move |ev| {
        let me = inner.borrow().clone();
        match me {
            Some(me) => ev.apply(f.clone(), me, span),
            None => Ok(ev.derived_unknown(span)),
        }
    });
    *slot.borrow_mut() = Some(thunk.clone());
    let result = ev.force(&thunk);
    // The thunk now holds its value; the slot no longer needs to keep it alive.
    slot.borrow_mut().take();
    result
}

/// A thunk that forces `f` and applies it to `args`.
fn lazy_call_thunk(f: Thunk, args: Vec<Thunk>, span: Span) -> Thunk {
    Thunk::native(Some(span), move |ev| {
        let f = ev.force(&f)?;
        ev.call(f, &args, span)
    })
}

/// A strict binary operator on the two arguments.
fn binary(ev: &mut Evaluator, op: BinOp, a: &[Thunk], span: Span) -> EvalResult<Value> {
    let x = ev.force(&a[0])?;
    let y = ev.force(&a[1])?;
    ev.binary_values(op, x, y, span)
}

/// `x || y` (`or_`) or `x && y`, short-circuiting as Nix does.
fn logic(ev: &mut Evaluator, a: &[Thunk], span: Span, or: bool) -> EvalResult<Value> {
    let x = force_bool(ev, &a[0], span)?;
    if x == Some(or) {
        return Ok(Value::Bool(or));
    }
    let y = force_bool(ev, &a[1], span)?;
    Ok(match (x, y) {
        (Some(_), Some(y)) => Value::Bool(y),
        (None, Some(y)) if y == or => Value::Bool(or),
        _ => ev.derived_unknown(span),
    })
}

/// `min x y` (`min` true) or `max x y`.
fn min_max(ev: &mut Evaluator, a: &[Thunk], span: Span, min: bool) -> EvalResult<Value> {
    let x = ev.force(&a[0])?;
    let y = ev.force(&a[1])?;
    // min = x: y: if x < y then x else y;  max = x: y: if x > y then x else y
    let order = if min {
        ev.compare(&x, &y, span)?
    } else {
        ev.compare(&y, &x, span)?
    };
    Ok(match order {
        Some(Ordering::Less) => x,
        Some(_) => y,
        None => ev.derived_unknown(span),
    })
}

/// nixpkgs' `isFunction`: a function, or a set whose `__functor` applied to it is one.
fn is_function_deep(ev: &mut Evaluator, v: Value, span: Span) -> EvalResult<Option<bool>> {
    if let Value::Attrs(set) = &v
        && let Some(functor) = set.get("__functor")
    {
        let functor = ev.force(&functor.value.clone())?;
        let applied = ev.apply(functor, val(v.clone(), span), span)?;
        return Ok(is_function(&applied));
    }
    Ok(is_function(&v))
}

/// nixpkgs' `functionArgs`: `__functionArgs` of a functor set, else `builtins.functionArgs`.
fn function_args(ev: &mut Evaluator, v: Value, span: Span) -> EvalResult<Value> {
    if let Value::Attrs(set) = &v
        && let Some(functor) = set.get("__functor")
    {
        if let Some(args) = set.get("__functionArgs") {
            return ev.force(&args.value.clone());
        }
        let functor = ev.force(&functor.value.clone())?;
        let applied = ev.apply(functor, val(v.clone(), span), span)?;
        return function_args(ev, applied, span);
    }
    match builtin_fn(ev, "functionArgs")? {
        Some(f) => ev.call_values(f, vec![v], span),
        None => Ok(ev.derived_unknown(span)),
    }
}

/// Records `evaluation warning: <message>` in the evaluator's traces.
fn warning(ev: &mut Evaluator, message: &Thunk, span: Span) -> EvalResult<()> {
    let message = ev.force(message)?;
    let text = known_text(ev, message, CoerceMode::Interpolation, span)?;
    ev.traces.push(format!(
        "evaluation warning: {}",
        text.as_deref().unwrap_or("<not statically known>")
    ));
    Ok(())
}

/// A `throw` whose message is the (coerced) message argument.
fn throw_message(
    ev: &mut Evaluator,
    message: &Thunk,
    span: Span,
) -> EvalResult<Box<crate::eval::EvalError>> {
    let message = ev.force(message)?;
    let text = interpolate(ev, vec![message], span)?;
    let text = match text {
        Value::String(s) => s.to_string(),
        _ => "<a message that is not statically known>".to_string(),
    };
    Ok(throw(text, span))
}

/// `fromX (builtins.readFile path)`, through the evaluator's builtins.
fn read_and_parse(ev: &mut Evaluator, path: &Thunk, parser: &str, span: Span) -> EvalResult<Value> {
    let (Some(read), Some(parse)) = (builtin_fn(ev, "readFile")?, builtin_fn(ev, parser)?) else {
        return Ok(ev.unknown(span, UnknownReason::File));
    };
    let text = ev.apply(read, path.clone(), span)?;
    if text.is_unknown() {
        return Ok(ev.derived_unknown(span));
    }
    ev.call_values(parse, vec![text], span)
}
