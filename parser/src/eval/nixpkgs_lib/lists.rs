//! `lib.lists`: optional, optionals, flatten, unique, range, imap0/imap1, folds, take/drop,
//! last/init, count, findFirst, zipListsWith, … Elements stay lazy wherever nixpkgs' do.

use std::rc::Rc;

use super::{Family, set_of, throw, val};
use crate::eval::builtins::{force_bool, force_function, force_int, force_list, known, lazy_call};
use crate::eval::value::{Thunk, Value};
use crate::eval::{ErrorKind, EvalError, EvalResult, Evaluator};
use crate::source::Span;

/// `lib.lists`.
pub(super) fn family(ev: &Evaluator) -> Family {
    let mut f = Family::default();
    for name in ["tail", "isList", "elemAt", "concatLists", "genList"] {
        f.builtin(ev, name, true);
    }
    f.builtin_or(ev, "map", false, 2, |ev, a, span| {
        let g = known!(ev, force_function(ev, &a[0], span)?, span);
        let xs = known!(ev, force_list(ev, &a[1], span)?, span);
        Ok(Value::list(
            xs.iter()
                .map(|x| lazy_call(g.clone(), vec![x.clone()], span))
                .collect(),
        ))
    });
    f.builtin_or(ev, "filter", true, 2, |ev, a, span| {
        let pred = known!(ev, force_function(ev, &a[0], span)?, span);
        let xs = known!(ev, force_list(ev, &a[1], span)?, span);
        let mut kept = Vec::new();
        for x in xs.iter() {
            match call_bool(ev, &pred, std::slice::from_ref(x), span)? {
                Some(true) => kept.push(x.clone()),
                Some(false) => {}
                None => return Ok(ev.derived_unknown(span)),
            }
        }
        Ok(Value::list(kept))
    });
    f.builtin_or(ev, "concatMap", true, 2, |ev, a, span| {
        let g = known!(ev, force_function(ev, &a[0], span)?, span);
        let xs = known!(ev, force_list(ev, &a[1], span)?, span);
        let mut out = Vec::new();
        for x in xs.iter() {
            let r = ev.call(g.clone(), std::slice::from_ref(x), span)?;
            let r = known!(ev, force_list(ev, &val(r, span), span)?, span);
            out.extend(r.iter().cloned());
            ev.check_size(out.len(), span)?;
        }
        Ok(Value::list(out))
    });
    f.builtin_or(ev, "foldl'", true, 3, |ev, a, span| {
        let op = known!(ev, force_function(ev, &a[0], span)?, span);
        let xs = known!(ev, force_list(ev, &a[2], span)?, span);
        let mut acc = ev.force(&a[1])?;
        for x in xs.iter() {
            acc = ev.call(op.clone(), &[val(acc, span), x.clone()], span)?;
        }
        Ok(acc)
    });
    f.builtin_or(ev, "elem", true, 2, |ev, a, span| {
        let x = ev.force(&a[0])?;
        let xs = known!(ev, force_list(ev, &a[1], span)?, span);
        Ok(match elem(ev, &x, &xs, span)? {
            Some(b) => Value::Bool(b),
            None => ev.derived_unknown(span),
        })
    });
    f.builtin_or(ev, "head", true, 1, |ev, a, span| {
        let xs = known!(ev, force_list(ev, &a[0], span)?, span);
        match xs.first() {
            Some(x) => ev.force(x),
            None => Err(EvalError::new(
                ErrorKind::Other,
                "'builtins.head' called on an empty list",
                Some(span),
            )),
        }
    });
    f.builtin_or(ev, "length", true, 1, |ev, a, span| {
        let xs = known!(ev, force_list(ev, &a[0], span)?, span);
        Ok(Value::Int(xs.len() as i64))
    });
    f.builtin_or(ev, "any", true, 2, |ev, a, span| any_all(ev, a, span, true));
    f.builtin_or(ev, "all", true, 2, |ev, a, span| {
        any_all(ev, a, span, false)
    });
    for name in ["sort", "partition", "groupBy"] {
        f.builtin(ev, name, true);
    }

    f.func("optional", 2, |ev, a, span| {
        Ok(match force_bool(ev, &a[0], span)? {
            Some(true) => Value::list(vec![a[1].clone()]),
            Some(false) => Value::list(Vec::new()),
            None => ev.derived_unknown(span),
        })
    });
    f.func("optionals", 2, |ev, a, span| {
        match force_bool(ev, &a[0], span)? {
            Some(true) => ev.force(&a[1]),
            Some(false) => Ok(Value::list(Vec::new())),
            None => Ok(ev.derived_unknown(span)),
        }
    });
    f.func("singleton", 1, |_, a, _| {
        Ok(Value::list(vec![a[0].clone()]))
    });
    f.func("toList", 1, |ev, a, span| match ev.force(&a[0])? {
        v @ Value::List(_) => Ok(v),
        Value::Unknown(_) => Ok(ev.derived_unknown(span)),
        _ => Ok(Value::list(vec![a[0].clone()])),
    });
    f.func("forEach", 2, |ev, a, span| {
        let xs = known!(ev, force_list(ev, &a[0], span)?, span);
        let g = known!(ev, force_function(ev, &a[1], span)?, span);
        Ok(Value::list(
            xs.iter()
                .map(|x| lazy_call(g.clone(), vec![x.clone()], span))
                .collect(),
        ))
    });
    f.func("flatten", 1, |ev, a, span| {
        let mut out = Vec::new();
        let v = ev.force(&a[0])?;
        if !flatten(ev, &a[0], v, &mut out, span)? {
            return Ok(ev.derived_unknown(span));
        }
        Ok(Value::list(out))
    });
    f.func("unique", 1, |ev, a, span| {
        let xs = known!(ev, force_list(ev, &a[0], span)?, span);
        let mut kept: Vec<Thunk> = Vec::new();
        let mut kept_values: Vec<Value> = Vec::new();
        for x in xs.iter() {
            let v = ev.force(x)?;
            ev.charge(kept.len() as u64, span)?;
            let seen: Vec<Thunk> = kept_values.iter().map(|k| val(k.clone(), span)).collect();
            match elem(ev, &v, &seen, span)? {
                Some(true) => {}
                Some(false) => {
                    kept.push(x.clone());
                    kept_values.push(v);
                }
                None => return Ok(ev.derived_unknown(span)),
            }
        }
        Ok(Value::list(kept))
    });
    f.func("range", 2, |ev, a, span| {
        let first = known!(ev, force_int(ev, &a[0], span)?, span);
        let last = known!(ev, force_int(ev, &a[1], span)?, span);
        if first > last {
            return Ok(Value::list(Vec::new()));
        }
        let n = (last as i128 - first as i128 + 1) as usize;
        ev.check_size(n, span)?;
        Ok(Value::list(
            (first..=last).map(|i| val(Value::Int(i), span)).collect(),
        ))
    });
    f.func("replicate", 2, |ev, a, span| {
        let n = known!(ev, force_int(ev, &a[0], span)?, span);
        let n = list_size(n, span)?;
        ev.check_size(n, span)?;
        Ok(Value::list(vec![a[1].clone(); n]))
    });
    f.func("imap0", 2, |ev, a, span| imap(ev, a, span, 0));
    f.func("imap1", 2, |ev, a, span| imap(ev, a, span, 1));
    f.func("foldl", 3, |ev, a, span| {
        let op = known!(ev, force_function(ev, &a[0], span)?, span);
        let xs = known!(ev, force_list(ev, &a[2], span)?, span);
        let mut acc = a[1].clone();
        for x in xs.iter() {
            acc = lazy_call(op.clone(), vec![acc, x.clone()], span);
        }
        ev.force(&acc)
    });
    f.func("foldr", 3, foldr);
    f.func("fold", 3, foldr);
    f.func("reverseList", 1, |ev, a, span| {
        let xs = known!(ev, force_list(ev, &a[0], span)?, span);
        Ok(Value::list(xs.iter().rev().cloned().collect()))
    });
    f.func("last", 1, |ev, a, span| {
        let xs = known!(ev, force_list(ev, &a[0], span)?, span);
        match xs.last() {
            Some(x) => ev.force(x),
            None => Err(throw("lists.last: list must not be empty!", span)),
        }
    });
    f.func("init", 1, |ev, a, span| {
        let xs = known!(ev, force_list(ev, &a[0], span)?, span);
        if xs.is_empty() {
            return Err(throw("lists.init: list must not be empty!", span));
        }
        Ok(Value::list(xs[..xs.len() - 1].to_vec()))
    });
    f.func("take", 2, |ev, a, span| {
        let count = known!(ev, force_int(ev, &a[0], span)?, span);
        let xs = known!(ev, force_list(ev, &a[1], span)?, span);
        sublist(0, count, &xs, span)
    });
    f.func("drop", 2, |ev, a, span| {
        let count = known!(ev, force_int(ev, &a[0], span)?, span);
        let xs = known!(ev, force_list(ev, &a[1], span)?, span);
        sublist(count, xs.len() as i64, &xs, span)
    });
    f.func("sublist", 3, |ev, a, span| {
        let start = known!(ev, force_int(ev, &a[0], span)?, span);
        let count = known!(ev, force_int(ev, &a[1], span)?, span);
        let xs = known!(ev, force_list(ev, &a[2], span)?, span);
        sublist(start, count, &xs, span)
    });
    f.func("count", 2, |ev, a, span| {
        let pred = known!(ev, force_function(ev, &a[0], span)?, span);
        let xs = known!(ev, force_list(ev, &a[1], span)?, span);
        let mut n = 0;
        for x in xs.iter() {
            match call_bool(ev, &pred, std::slice::from_ref(x), span)? {
                Some(true) => n += 1,
                Some(false) => {}
                None => return Ok(ev.derived_unknown(span)),
            }
        }
        Ok(Value::Int(n))
    });
    f.func("findFirst", 3, |ev, a, span| {
        let pred = known!(ev, force_function(ev, &a[0], span)?, span);
        let xs = known!(ev, force_list(ev, &a[2], span)?, span);
        for x in xs.iter() {
            match call_bool(ev, &pred, std::slice::from_ref(x), span)? {
                Some(true) => return ev.force(x),
                Some(false) => {}
                None => return Ok(ev.derived_unknown(span)),
            }
        }
        ev.force(&a[1])
    });
    f.func("findSingle", 4, |ev, a, span| {
        let pred = known!(ev, force_function(ev, &a[0], span)?, span);
        let xs = known!(ev, force_list(ev, &a[3], span)?, span);
        let mut found = Vec::new();
        for x in xs.iter() {
            match call_bool(ev, &pred, std::slice::from_ref(x), span)? {
                Some(true) => found.push(x.clone()),
                Some(false) => {}
                None => return Ok(ev.derived_unknown(span)),
            }
        }
        match found.len() {
            0 => ev.force(&a[1]),
            1 => ev.force(&found[0]),
            _ => ev.force(&a[2]),
        }
    });
    f.func("remove", 2, |ev, a, span| {
        let e = ev.force(&a[0])?;
        let xs = known!(ev, force_list(ev, &a[1], span)?, span);
        let mut kept = Vec::new();
        for x in xs.iter() {
            let v = ev.force(x)?;
            match ev.equal(&v, &e, span)? {
                Some(true) => {}
                Some(false) => kept.push(x.clone()),
                None => return Ok(ev.derived_unknown(span)),
            }
        }
        Ok(Value::list(kept))
    });
    f.func("subtractLists", 2, |ev, a, span| {
        member_filter(ev, a, span, false)
    });
    f.func("intersectLists", 2, |ev, a, span| {
        member_filter(ev, a, span, true)
    });
    f.func("zipListsWith", 3, |ev, a, span| {
        let g = known!(ev, force_function(ev, &a[0], span)?, span);
        zip_with(ev, g, &a[1], &a[2], span)
    });
    f.func("zipLists", 2, |ev, a, span| {
        let pair = crate::eval::builtins::prim("lib.zipLists", 2, |_, a, _| {
            Ok(set_of([("fst", a[0].clone()), ("snd", a[1].clone())]))
        });
        zip_with(ev, pair, &a[0], &a[1], span)
    });
    f
}

/// Calls a predicate and reads a Boolean (`None` when unknown).
pub(super) fn call_bool(
    ev: &mut Evaluator,
    pred: &Value,
    args: &[Thunk],
    span: Span,
) -> EvalResult<Option<bool>> {
    let r = ev.call(pred.clone(), args, span)?;
    force_bool(ev, &val(r, span), span)
}

/// `builtins.elem`: `Some(true)` as soon as an equal element is found, `None` when the answer
/// depends on an unknown.
pub(super) fn elem(
    ev: &mut Evaluator,
    x: &Value,
    xs: &[Thunk],
    span: Span,
) -> EvalResult<Option<bool>> {
    let mut unknown = false;
    for y in xs {
        let y = ev.force(y)?;
        match ev.equal(x, &y, span)? {
            Some(true) => return Ok(Some(true)),
            Some(false) => {}
            None => unknown = true,
        }
    }
    Ok(if unknown { None } else { Some(false) })
}

/// `any pred list` (`any` true) or `all pred list`.
fn any_all(ev: &mut Evaluator, a: &[Thunk], span: Span, any: bool) -> EvalResult<Value> {
    let pred = known!(ev, force_function(ev, &a[0], span)?, span);
    let xs = known!(ev, force_list(ev, &a[1], span)?, span);
    let mut unknown = false;
    for x in xs.iter() {
        match call_bool(ev, &pred, std::slice::from_ref(x), span)? {
            Some(b) if b == any => return Ok(Value::Bool(any)),
            Some(_) => {}
            None => unknown = true,
        }
    }
    Ok(if unknown {
        ev.derived_unknown(span)
    } else {
        Value::Bool(!any)
    })
}

/// `foldr op nul list`: `op x1 (op x2 … nul)`, lazy in the rest of the fold.
fn foldr(ev: &mut Evaluator, a: &[Thunk], span: Span) -> EvalResult<Value> {
    let op = known!(ev, force_function(ev, &a[0], span)?, span);
    let xs = known!(ev, force_list(ev, &a[2], span)?, span);
    let mut acc = a[1].clone();
    for x in xs.iter().rev() {
        acc = lazy_call(op.clone(), vec![x.clone(), acc], span);
    }
    ev.force(&acc)
}

/// `imap0` / `imap1`: `f index element`, lazily, indices from `base`.
fn imap(ev: &mut Evaluator, a: &[Thunk], span: Span, base: i64) -> EvalResult<Value> {
    let g = known!(ev, force_function(ev, &a[0], span)?, span);
    let xs = known!(ev, force_list(ev, &a[1], span)?, span);
    let items = xs
        .iter()
        .enumerate()
        .map(|(i, x)| {
            lazy_call(
                g.clone(),
                vec![val(Value::Int(i as i64 + base), span), x.clone()],
                span,
            )
        })
        .collect();
    Ok(Value::list(items))
}

/// A list length, refusing negative sizes as `genList` does.
fn list_size(n: i64, span: Span) -> EvalResult<usize> {
    usize::try_from(n).map_err(|_| {
        EvalError::new(
            ErrorKind::Other,
            format!("cannot create list of size {n}"),
            Some(span),
        )
    })
}

/// `sublist start count list`, as nixpkgs computes it with `genList`.
fn sublist(start: i64, count: i64, xs: &Rc<[Thunk]>, span: Span) -> EvalResult<Value> {
    let len = xs.len() as i64;
    let n = if start >= len {
        0
    } else if start.saturating_add(count) > len {
        len - start
    } else {
        count
    };
    let n = list_size(n, span)?;
    if n == 0 {
        return Ok(Value::list(Vec::new()));
    }
    if start < 0 {
        return Err(EvalError::new(
            ErrorKind::Other,
            format!("list index {start} is out of bounds"),
            Some(span),
        ));
    }
    let start = start as usize;
    Ok(Value::list(xs[start..start + n].to_vec()))
}

/// Appends the leaves of a nested list; `false` when an element is unknown (so is the shape).
fn flatten(
    ev: &mut Evaluator,
    thunk: &Thunk,
    v: Value,
    out: &mut Vec<Thunk>,
    span: Span,
) -> EvalResult<bool> {
    match v {
        Value::List(items) => {
            for item in items.iter() {
                let v = ev.force(item)?;
                if !stacker::maybe_grow(64 * 1024, 1024 * 1024, || flatten(ev, item, v, out, span))?
                {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        Value::Unknown(_) => Ok(false),
        _ => {
            out.push(thunk.clone());
            ev.check_size(out.len(), span)?;
            Ok(true)
        }
    }
}

/// `subtractLists e list` (`keep_members` false) or `intersectLists e list` (true).
fn member_filter(
    ev: &mut Evaluator,
    a: &[Thunk],
    span: Span,
    keep_members: bool,
) -> EvalResult<Value> {
    let members = known!(ev, force_list(ev, &a[0], span)?, span);
    let xs = known!(ev, force_list(ev, &a[1], span)?, span);
    let mut kept = Vec::new();
    for x in xs.iter() {
        let v = ev.force(x)?;
        match elem(ev, &v, &members, span)? {
            Some(is_member) if is_member == keep_members => kept.push(x.clone()),
            Some(_) => {}
            None => return Ok(ev.derived_unknown(span)),
        }
    }
    Ok(Value::list(kept))
}

/// `zipListsWith f fst snd`: lazily, as long as the shorter list.
fn zip_with(
    ev: &mut Evaluator,
    g: Value,
    fst: &Thunk,
    snd: &Thunk,
    span: Span,
) -> EvalResult<Value> {
    let xs = known!(ev, force_list(ev, fst, span)?, span);
    let ys = known!(ev, force_list(ev, snd, span)?, span);
    let items = xs
        .iter()
        .zip(ys.iter())
        .map(|(x, y)| lazy_call(g.clone(), vec![x.clone(), y.clone()], span))
        .collect();
    Ok(Value::list(items))
}
