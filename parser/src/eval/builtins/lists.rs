//! List builtins: `map`, `filter`, `foldl'`, `length`, `elem`, `elemAt`, `head`, `tail`,
//! `genList`, `concatLists`, `concatMap`, `any`, `all`, `sort`, `partition`, `groupBy`,
//! `catAttrs`, `lessThan`, `listToAttrs`, `zipAttrsWith` and `genericClosure`.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::rc::Rc;

use super::{Registry, force_attrs, force_function, force_int, force_list, known, lazy_call};
use crate::eval::value::{Attr, Attrs, Thunk, Unknown, Value};
use crate::eval::{ErrorKind, EvalError, EvalResult, Evaluator, type_error};
use crate::source::Span;
use crate::syntax::ir::Name;

/// Registers this family's builtins.
pub(super) fn register(r: &mut Registry) {
    r.function("map", 2, |ev, args, span| {
        // Nix forces the list but not the function: each element is a lazy application.
        let list = known!(ev, force_list(ev, &args[1], span)?, span);
        ev.charge(list.len() as u64, span)?;
        let items = list
            .iter()
            .map(|item| lazy_apply(args[0].clone(), vec![item.clone()], span))
            .collect();
        Ok(Value::list(items))
    });
    r.function("filter", 2, |ev, args, span| {
        let f = known!(ev, force_function(ev, &args[0], span)?, span);
        let list = known!(ev, force_list(ev, &args[1], span)?, span);
        let mut kept = Vec::new();
        let mut unknown = false;
        for item in list.iter() {
            match call_bool(ev, &f, std::slice::from_ref(item), span)? {
                Some(true) => kept.push(item.clone()),
                Some(false) => {}
                // Nix calls the predicate on every element, so later errors are still errors.
                None => unknown = true,
            }
        }
        Ok(if unknown {
            ev.derived_unknown(span)
        } else {
            Value::list(kept)
        })
    });
    r.function("foldl'", 3, |ev, args, span| {
        let f = known!(ev, force_function(ev, &args[0], span)?, span);
        let list = known!(ev, force_list(ev, &args[2], span)?, span);
        if list.is_empty() {
            return ev.force(&args[1]);
        }
        // The initial accumulator is not forced by Nix unless the list is empty; each call's
        // result is (the call evaluates the function's body to weak head normal form).
        let mut acc = args[1].clone();
        for item in list.iter() {
            let value = ev.call(f.clone(), &[acc, item.clone()], span)?;
            acc = Thunk::value(value, Some(span));
        }
        ev.force(&acc)
    });
    r.function("length", 1, |ev, args, span| {
        let list = known!(ev, force_list(ev, &args[0], span)?, span);
        Ok(Value::Int(list.len() as i64))
    });
    r.function("elem", 2, |ev, args, span| {
        let list = known!(ev, force_list(ev, &args[1], span)?, span);
        let mut unknown = false;
        for item in list.iter() {
            let result = ev.force(&args[0]).and_then(|x| {
                let y = ev.force(item)?;
                ev.equal(&x, &y, span)
            });
            match result {
                Ok(Some(true)) => return Ok(Value::Bool(true)),
                Ok(Some(false)) => {}
                Ok(None) => unknown = true,
                Err(e) => return soften(ev, e, unknown, span),
            }
        }
        Ok(if unknown {
            ev.derived_unknown(span)
        } else {
            Value::Bool(false)
        })
    });
    r.function("elemAt", 2, |ev, args, span| {
        // Nix forces the index first, then the list.
        let n = force_int(ev, &args[1], span)?;
        let list = force_list(ev, &args[0], span)?;
        let (Some(n), Some(list)) = (n, list) else {
            return Ok(ev.derived_unknown(span));
        };
        elem_at(ev, &list, n, span)
    });
    r.function("head", 1, |ev, args, span| {
        let list = known!(ev, force_list(ev, &args[0], span)?, span);
        elem_at(ev, &list, 0, span)
    });
    r.function("tail", 1, |ev, args, span| {
        let list = known!(ev, force_list(ev, &args[0], span)?, span);
        if list.is_empty() {
            return Err(EvalError::new(
                ErrorKind::Other,
                "'tail' called on an empty list",
                Some(span),
            ));
        }
        ev.charge(list.len() as u64, span)?;
        Ok(Value::List(list[1..].to_vec().into()))
    });
    r.function("genList", 2, |ev, args, span| {
        let len = known!(ev, force_int(ev, &args[1], span)?, span);
        if len < 0 {
            return Err(EvalError::new(
                ErrorKind::Other,
                format!("cannot create list of size {len}"),
                Some(span),
            ));
        }
        let len = usize::try_from(len).unwrap_or(usize::MAX);
        ev.check_size(len, span)?;
        ev.charge(len as u64, span)?;
        let items = (0..len)
            .map(|i| {
                lazy_apply(
                    args[0].clone(),
                    vec![Thunk::value(Value::Int(i as i64), Some(span))],
                    span,
                )
            })
            .collect();
        Ok(Value::list(items))
    });
    r.function("concatLists", 1, |ev, args, span| {
        let lists = known!(ev, force_list(ev, &args[0], span)?, span);
        let mut items = Vec::new();
        let mut unknown = false;
        for list in lists.iter() {
            match force_list(ev, list, span)? {
                Some(l) => items.extend(l.iter().cloned()),
                None => unknown = true,
            }
            ev.check_size(items.len(), span)?;
            ev.charge(1, span)?;
        }
        Ok(if unknown {
            ev.derived_unknown(span)
        } else {
            Value::list(items)
        })
    });
    r.function("concatMap", 2, |ev, args, span| {
        let f = known!(ev, force_function(ev, &args[0], span)?, span);
        let list = known!(ev, force_list(ev, &args[1], span)?, span);
        let mut items = Vec::new();
        let mut unknown = false;
        for item in list.iter() {
            match ev.call(f.clone(), std::slice::from_ref(item), span)? {
                Value::List(l) => items.extend(l.iter().cloned()),
                Value::Unknown(_) => unknown = true,
                other => return Err(expected(&other, "a list", span)),
            }
            ev.check_size(items.len(), span)?;
        }
        Ok(if unknown {
            ev.derived_unknown(span)
        } else {
            Value::list(items)
        })
    });
    r.function("any", 2, |ev, args, span| any_all(ev, args, span, true));
    r.function("all", 2, |ev, args, span| any_all(ev, args, span, false));
    r.function("sort", 2, |ev, args, span| {
        let f = known!(ev, force_function(ev, &args[0], span)?, span);
        let list = known!(ev, force_list(ev, &args[1], span)?, span);
        // Nix forces every element before sorting.
        for item in list.iter() {
            ev.force(item)?;
        }
        ev.charge(list.len() as u64, span)?;
        let mut items = list.to_vec();
        let mut less = |ev: &mut Evaluator, a: &Thunk, b: &Thunk| -> Result<bool, Stop> {
            match call_bool(ev, &f, &[a.clone(), b.clone()], span) {
                Ok(Some(b)) => Ok(b),
                Ok(None) => Err(Stop::Unknown),
                Err(e) => Err(Stop::Error(e)),
            }
        };
        match stable_sort(ev, &mut items, &mut less) {
            Ok(()) => Ok(Value::list(items)),
            Err(Stop::Unknown) => Ok(ev.derived_unknown(span)),
            Err(Stop::Error(e)) => Err(e),
        }
    });
    r.function("partition", 2, |ev, args, span| {
        let f = known!(ev, force_function(ev, &args[0], span)?, span);
        let list = known!(ev, force_list(ev, &args[1], span)?, span);
        let (mut right, mut wrong) = (Vec::new(), Vec::new());
        let mut unknown = false;
        for item in list.iter() {
            ev.force(item)?;
            match call_bool(ev, &f, std::slice::from_ref(item), span)? {
                Some(true) => right.push(item.clone()),
                Some(false) => wrong.push(item.clone()),
                None => unknown = true,
            }
        }
        if unknown {
            return Ok(ev.derived_unknown(span));
        }
        Ok(Value::attrs_from([
            ("right".into(), Value::list(right)),
            ("wrong".into(), Value::list(wrong)),
        ]))
    });
    r.function("groupBy", 2, |ev, args, span| {
        let f = known!(ev, force_function(ev, &args[0], span)?, span);
        let list = known!(ev, force_list(ev, &args[1], span)?, span);
        let mut groups: BTreeMap<Name, Vec<Thunk>> = BTreeMap::new();
        let mut unknown = false;
        for item in list.iter() {
            match ev.call(f.clone(), std::slice::from_ref(item), span)? {
                Value::String(name) => groups.entry(name).or_default().push(item.clone()),
                v if v.is_unknown() => unknown = true,
                other => return Err(expected(&other, "a string", span)),
            }
        }
        if unknown {
            return Ok(ev.derived_unknown(span));
        }
        let entries = groups
            .into_iter()
            .map(|(name, items)| {
                (
                    name,
                    Attr {
                        value: Thunk::value(Value::list(items), Some(span)),
                        key_span: None,
                    },
                )
            })
            .collect();
        Ok(Value::attrs(entries))
    });
    r.function("catAttrs", 2, |ev, args, span| {
        let name = known!(ev, ev.force_string(&args[0], span)?, span);
        let list = known!(ev, force_list(ev, &args[1], span)?, span);
        let mut items = Vec::new();
        let mut unknown = false;
        for item in list.iter() {
            match force_attrs(ev, item, span)? {
                Some(set) => match set.get(&name) {
                    Some(attr) => items.push(attr.value.clone()),
                    None if set.open.is_some() => unknown = true,
                    None => {}
                },
                None => unknown = true,
            }
        }
        Ok(if unknown {
            ev.derived_unknown(span)
        } else {
            Value::list(items)
        })
    });
    r.function("lessThan", 2, |ev, args, span| {
        let a = ev.force(&args[0])?;
        let b = ev.force(&args[1])?;
        Ok(match ev.compare(&a, &b, span)? {
            Some(o) => Value::Bool(o == Ordering::Less),
            None => ev.derived_unknown(span),
        })
    });
    r.function("listToAttrs", 1, list_to_attrs);
    r.function("zipAttrsWith", 2, zip_attrs_with);
    r.function("genericClosure", 1, generic_closure);
}

/// Why a comparison-driven algorithm stopped early.
enum Stop {
    /// The comparator failed.
    Error(Box<EvalError>),
    /// The comparator's answer is unknown.
    Unknown,
}

/// A thunk applying a (lazily forced) function to arguments: `map`'s and `genList`'s elements.
fn lazy_apply(f: Thunk, args: Vec<Thunk>, span: Span) -> Thunk {
    Thunk::native(Some(span), move |ev| {
        let f = ev.force(&f)?;
        ev.call(f, &args, span)
    })
}

/// Nix's type error for a value of the wrong type (`what` is "a list", "a string", …).
fn expected(value: &Value, what: &str, span: Span) -> Box<EvalError> {
    type_error(
        format!("value is {} while {what} was expected", value.type_phrase()),
        span,
    )
}

/// Calls a predicate and forces its result to a Boolean; `None` when unknown.
fn call_bool(
    ev: &mut Evaluator,
    f: &Value,
    args: &[Thunk],
    span: Span,
) -> EvalResult<Option<bool>> {
    match ev.call(f.clone(), args, span)? {
        Value::Bool(b) => Ok(Some(b)),
        Value::Unknown(_) => Ok(None),
        other => Err(expected(&other, "a Boolean", span)),
    }
}

/// After an unknown was met, a later error may not happen in Nix (which could have stopped at
/// the unknown): the result is then unknown rather than the error.
fn soften(
    ev: &Evaluator,
    e: Box<EvalError>,
    unknown_before: bool,
    span: Span,
) -> EvalResult<Value> {
    if unknown_before && e.kind != ErrorKind::Limit {
        Ok(ev.derived_unknown(span))
    } else {
        Err(e)
    }
}

/// An unknown marking a set whose further attributes cannot be known.
fn open_marker(ev: &Evaluator, span: Span) -> Rc<Unknown> {
    match ev.derived_unknown(span) {
        Value::Unknown(u) => u,
        _ => unreachable!("derived_unknown makes an unknown"),
    }
}

/// `elemAt`: Nix 2.8 truncates the index to a C `int` before checking it.
fn elem_at(ev: &mut Evaluator, list: &[Thunk], n: i64, span: Span) -> EvalResult<Value> {
    let n = n as i32;
    match usize::try_from(n).ok().and_then(|i| list.get(i)) {
        Some(item) => ev.force(item),
        None => Err(EvalError::new(
            ErrorKind::Other,
            format!("list index {n} is out of bounds"),
            Some(span),
        )),
    }
}

fn any_all(ev: &mut Evaluator, args: &[Thunk], span: Span, any: bool) -> EvalResult<Value> {
    let f = known!(ev, force_function(ev, &args[0], span)?, span);
    let list = known!(ev, force_list(ev, &args[1], span)?, span);
    let mut unknown = false;
    for item in list.iter() {
        match call_bool(ev, &f, std::slice::from_ref(item), span) {
            Ok(Some(b)) if b == any => return Ok(Value::Bool(any)),
            Ok(Some(_)) => {}
            Ok(None) => unknown = true,
            Err(e) => return soften(ev, e, unknown, span),
        }
    }
    Ok(if unknown {
        ev.derived_unknown(span)
    } else {
        Value::Bool(!any)
    })
}

/// `std::stable_sort` exactly as libstdc++ 12 (which Nix 2.8 is built with) runs it, so that
/// comparators that are not strict weak orderings (`a <= b`) give Nix's order: the range is
/// split in two halves, each sorted by insertion sort on chunks of 7 followed by merge passes,
/// and the halves merged (backwards when the first half is longer).
fn stable_sort<T: Clone>(
    ev: &mut Evaluator,
    items: &mut [T],
    less: &mut impl FnMut(&mut Evaluator, &T, &T) -> Result<bool, Stop>,
) -> Result<(), Stop> {
    let len = items.len();
    if len < 2 {
        return Ok(());
    }
    let half = len.div_ceil(2);
    let (first, second) = items.split_at_mut(half);
    merge_sort_with_buffer(ev, first, less)?;
    merge_sort_with_buffer(ev, second, less)?;
    let left: Vec<T> = items[..half].to_vec();
    let right: Vec<T> = items[half..].to_vec();
    if left.len() <= right.len() {
        // __move_merge_adaptive: forward, taking from the right only when it is less.
        let (mut i, mut j, mut out) = (0, 0, 0);
        while i < left.len() && j < right.len() {
            if less(ev, &right[j], &left[i])? {
                items[out] = right[j].clone();
                j += 1;
            } else {
                items[out] = left[i].clone();
                i += 1;
            }
            out += 1;
        }
        while i < left.len() {
            items[out] = left[i].clone();
            i += 1;
            out += 1;
        }
        while j < right.len() {
            items[out] = right[j].clone();
            j += 1;
            out += 1;
        }
    } else {
        // __move_merge_adaptive_backward: from the ends.
        let mut out = len;
        let (mut i, mut j) = (left.len(), right.len());
        while i > 0 && j > 0 {
            out -= 1;
            if less(ev, &right[j - 1], &left[i - 1])? {
                items[out] = left[i - 1].clone();
                i -= 1;
            } else {
                items[out] = right[j - 1].clone();
                j -= 1;
            }
        }
        while j > 0 {
            out -= 1;
            items[out] = right[j - 1].clone();
            j -= 1;
        }
    }
    Ok(())
}

/// libstdc++'s `__merge_sort_with_buffer`.
fn merge_sort_with_buffer<T: Clone>(
    ev: &mut Evaluator,
    items: &mut [T],
    less: &mut impl FnMut(&mut Evaluator, &T, &T) -> Result<bool, Stop>,
) -> Result<(), Stop> {
    const CHUNK: usize = 7;
    let len = items.len();
    let mut start = 0;
    while len - start >= CHUNK {
        insertion_sort(ev, &mut items[start..start + CHUNK], less)?;
        start += CHUNK;
    }
    insertion_sort(ev, &mut items[start..], less)?;
    let mut step = CHUNK;
    let mut buffer: Vec<T> = items.to_vec();
    while step < len {
        merge_sort_loop(ev, items, &mut buffer, step, less)?;
        step *= 2;
        merge_sort_loop(ev, &buffer.clone(), items, step, less)?;
        step *= 2;
    }
    Ok(())
}

/// libstdc++'s `__merge_sort_loop`: merges runs of `step` from `src` into `dst`.
fn merge_sort_loop<T: Clone>(
    ev: &mut Evaluator,
    src: &[T],
    dst: &mut [T],
    step: usize,
    less: &mut impl FnMut(&mut Evaluator, &T, &T) -> Result<bool, Stop>,
) -> Result<(), Stop> {
    let len = src.len();
    let mut first = 0;
    let mut out = 0;
    while len - first >= 2 * step {
        out = move_merge(
            ev,
            &src[first..first + step],
            &src[first + step..first + 2 * step],
            dst,
            out,
            less,
        )?;
        first += 2 * step;
    }
    let step = step.min(len - first);
    move_merge(
        ev,
        &src[first..first + step],
        &src[first + step..],
        dst,
        out,
        less,
    )?;
    Ok(())
}

/// libstdc++'s `__move_merge`; returns the next output position.
fn move_merge<T: Clone>(
    ev: &mut Evaluator,
    a: &[T],
    b: &[T],
    dst: &mut [T],
    mut out: usize,
    less: &mut impl FnMut(&mut Evaluator, &T, &T) -> Result<bool, Stop>,
) -> Result<usize, Stop> {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if less(ev, &b[j], &a[i])? {
            dst[out] = b[j].clone();
            j += 1;
        } else {
            dst[out] = a[i].clone();
            i += 1;
        }
        out += 1;
    }
    for item in a[i..].iter().chain(b[j..].iter()) {
        dst[out] = item.clone();
        out += 1;
    }
    Ok(out)
}

/// libstdc++'s `__insertion_sort` with `__unguarded_linear_insert`.
fn insertion_sort<T: Clone>(
    ev: &mut Evaluator,
    items: &mut [T],
    less: &mut impl FnMut(&mut Evaluator, &T, &T) -> Result<bool, Stop>,
) -> Result<(), Stop> {
    for i in 1..items.len() {
        if less(ev, &items[i], &items[0])? {
            items[..=i].rotate_right(1);
        } else {
            let val = items[i].clone();
            let mut last = i;
            while less(ev, &val, &items[last - 1])? {
                items[last] = items[last - 1].clone();
                last -= 1;
            }
            items[last] = val;
        }
    }
    Ok(())
}

/// `listToAttrs`: the first occurrence of a name wins; values stay lazy.
fn list_to_attrs(ev: &mut Evaluator, args: &[Thunk], span: Span) -> EvalResult<Value> {
    let list = known!(ev, force_list(ev, &args[0], span)?, span);
    let mut entries: BTreeMap<Name, Attr> = BTreeMap::new();
    // Once an element's name is unknown, it may shadow any later name: later values are unknown
    // and the set may have attributes not listed.
    let mut open: Option<Rc<Unknown>> = None;
    for item in list.iter() {
        let Some(set) = force_attrs(ev, item, span)? else {
            open.get_or_insert_with(|| open_marker(ev, span));
            continue;
        };
        let Some(name_attr) = set.get("name") else {
            if set.open.is_some() {
                open.get_or_insert_with(|| open_marker(ev, span));
                continue;
            }
            return Err(type_error(
                "attribute 'name' missing for call to 'listToAttrs'",
                span,
            ));
        };
        let name = match ev.force(&name_attr.value.clone())? {
            Value::String(s) => s,
            v if v.is_unknown() => {
                open.get_or_insert_with(|| open_marker(ev, span));
                continue;
            }
            other => return Err(expected(&other, "a string", span)),
        };
        if entries.contains_key(&name) {
            continue;
        }
        let (value, key_span) = match set.get("value") {
            Some(attr) => (attr.value.clone(), attr.key_span),
            None if set.open.is_some() => {
                (Thunk::value(ev.derived_unknown(span), Some(span)), None)
            }
            None => {
                return Err(type_error(
                    "attribute 'value' missing for call to 'listToAttrs'",
                    span,
                ));
            }
        };
        let value = if open.is_some() {
            Thunk::value(ev.derived_unknown(span), Some(span))
        } else {
            value
        };
        entries.insert(name, Attr { value, key_span });
    }
    Ok(Value::Attrs(Rc::new(Attrs { entries, open })))
}

/// `zipAttrsWith f sets`: for each name, `f name [values…]`, lazily.
fn zip_attrs_with(ev: &mut Evaluator, args: &[Thunk], span: Span) -> EvalResult<Value> {
    let f = known!(ev, force_function(ev, &args[0], span)?, span);
    let list = known!(ev, force_list(ev, &args[1], span)?, span);
    let mut groups: BTreeMap<Name, Vec<Thunk>> = BTreeMap::new();
    let mut open: Option<Rc<Unknown>> = None;
    for item in list.iter() {
        match force_attrs(ev, item, span)? {
            Some(set) => {
                if let Some(o) = &set.open {
                    open.get_or_insert_with(|| o.clone());
                }
                for (name, attr) in &set.entries {
                    groups
                        .entry(name.clone())
                        .or_default()
                        .push(attr.value.clone());
                }
            }
            None => {
                open.get_or_insert_with(|| open_marker(ev, span));
            }
        }
    }
    let mut entries = BTreeMap::new();
    for (name, values) in groups {
        // With an unknown or open element, the list of values of a name may be incomplete.
        let value = if open.is_some() {
            Thunk::value(ev.derived_unknown(span), Some(span))
        } else {
            let args = vec![
                Thunk::value(Value::String(name.clone()), Some(span)),
                Thunk::value(Value::list(values), Some(span)),
            ];
            lazy_call(f.clone(), args, span)
        };
        entries.insert(
            name,
            Attr {
                value,
                key_span: None,
            },
        );
    }
    Ok(Value::Attrs(Rc::new(Attrs { entries, open })))
}

/// `genericClosure { startSet; operator; }`: the closure of the start set under the operator,
/// elements identified by their `key` (compared as `<` compares them).
fn generic_closure(ev: &mut Evaluator, args: &[Thunk], span: Span) -> EvalResult<Value> {
    let set = known!(ev, force_attrs(ev, &args[0], span)?, span);
    let Some(start) = set.get("startSet") else {
        if set.open.is_some() {
            return Ok(ev.derived_unknown(span));
        }
        return Err(type_error(
            "attribute 'startSet' missing for call to 'genericClosure'",
            span,
        ));
    };
    let start = known!(ev, force_list(ev, &start.value.clone(), span)?, span);
    let mut work: std::collections::VecDeque<Thunk> = start.iter().cloned().collect();
    let Some(op) = set.get("operator") else {
        if set.open.is_some() {
            return Ok(ev.derived_unknown(span));
        }
        return Err(type_error(
            "attribute 'operator' missing for call to 'genericClosure'",
            span,
        ));
    };
    let op = ev.force(&op.value.clone())?;
    let mut done: Vec<Value> = Vec::new();
    let mut result = Vec::new();
    while let Some(e) = work.pop_front() {
        ev.charge(1, span)?;
        let element = known!(ev, force_attrs(ev, &e, span)?, span);
        let Some(key) = element.get("key") else {
            if element.open.is_some() {
                return Ok(ev.derived_unknown(span));
            }
            return Err(EvalError::new(
                ErrorKind::Other,
                "attribute 'key' required",
                Some(span),
            ));
        };
        let key = ev.force(&key.value.clone())?;
        // `done` is sorted by Nix's `<`; a key equal to one seen is skipped.
        let mut lo = 0;
        let mut hi = done.len();
        let mut seen = false;
        while lo < hi {
            let mid = (lo + hi) / 2;
            let Some(o) = ev.compare(&done[mid], &key, span)? else {
                return Ok(ev.derived_unknown(span));
            };
            match o {
                Ordering::Less => lo = mid + 1,
                Ordering::Greater => hi = mid,
                Ordering::Equal => {
                    seen = true;
                    break;
                }
            }
        }
        if seen {
            continue;
        }
        done.insert(lo, key);
        result.push(e.clone());
        ev.check_size(result.len(), span)?;
        let next = ev.apply(op.clone(), e, span)?;
        match next {
            Value::List(items) => {
                for item in items.iter() {
                    ev.force(item)?;
                    work.push_back(item.clone());
                }
            }
            v if v.is_unknown() => return Ok(ev.derived_unknown(span)),
            other => return Err(expected(&other, "a list", span)),
        }
    }
    Ok(Value::list(result))
}

#[cfg(test)]
mod tests {
    use crate::eval::test_support::{err, ok, unknown};

    // Expected values are nix-instantiate 2.8's output.

    #[test]
    fn map_filter_fold_length() {
        ok("map (x: x * 2) [1 2 3]", "[2,4,6]");
        ok("builtins.length (map (x: throw \"no\") [1 2])", "2");
        ok("builtins.map 1 []", "[]");
        ok("builtins.length (builtins.map 1 [1])", "1");
        ok("builtins.filter (x: x > 1) [1 2 3]", "[2,3]");
        err(
            "builtins.filter 1 (throw \"x\")",
            "value is an integer while a function was expected",
        );
        err(
            "builtins.filter (x: 1) [1]",
            "value is an integer while a Boolean was expected",
        );
        ok("builtins.foldl' (a: b: a + b) 0 [1 2 3]", "6");
        ok("builtins.foldl' (a: b: b) (throw \"x\") [1]", "1");
        err("builtins.foldl' (a: b: a) (throw \"x\") []", "x");
        err(
            "builtins.length 1",
            "value is an integer while a list was expected",
        );
    }

    #[test]
    fn indexing() {
        ok("builtins.elemAt [1 2] 1", "2");
        ok("builtins.elemAt [1 2] 4294967296", "1");
        err("builtins.elemAt [1] (-1)", "list index -1 is out of bounds");
        err("builtins.elemAt [1] 1", "list index 1 is out of bounds");
        ok("builtins.head [1 (throw \"x\")]", "1");
        err("builtins.head []", "list index 0 is out of bounds");
        ok("builtins.tail [1 2 3]", "[2,3]");
        err("builtins.tail []", "'tail' called on an empty list");
    }

    #[test]
    fn gen_concat_any_all_elem() {
        ok("builtins.genList (x: x * x) 4", "[0,1,4,9]");
        ok("builtins.length (builtins.genList 1 2)", "2");
        err(
            "builtins.genList (x: x) (-1)",
            "cannot create list of size -1",
        );
        ok("builtins.concatLists [[1] [] [2 3]]", "[1,2,3]");
        err(
            "builtins.concatLists [[1] 2]",
            "value is an integer while a list was expected",
        );
        ok("builtins.concatMap (x: [x x]) [1 2]", "[1,1,2,2]");
        err(
            "builtins.concatMap (x: x) [1]",
            "value is an integer while a list was expected",
        );
        ok("builtins.any (x: x) [true (throw \"x\")]", "true");
        ok("builtins.all (x: x) [false (throw \"x\")]", "false");
        err(
            "builtins.any (x: x) [false 1]",
            "value is an integer while a Boolean was expected",
        );
        ok("builtins.elem 2 [1 2]", "true");
        ok("builtins.elem (throw \"x\") []", "false");
        err("builtins.elem 1 [(throw \"x\")]", "x");
    }

    #[test]
    fn sorting() {
        ok("builtins.sort (a: b: a < b) [3 1 2]", "[1,2,3]");
        ok("builtins.sort builtins.lessThan [3 1 2 1.5]", "[1,1.5,2,3]");
        ok(
            "builtins.sort (a: b: a.k < b.k) [{k=1;v=1;} {k=0;v=2;} {k=1;v=3;} {k=0;v=4;}]",
            r#"[{"k":0,"v":2},{"k":0,"v":4},{"k":1,"v":1},{"k":1,"v":3}]"#,
        );
        err(
            "builtins.sort builtins.lessThan [\"b\" 1]",
            "cannot compare an integer with a string",
        );
        err(
            "builtins.sort (a: b: 1) [1 2]",
            "value is an integer while a Boolean was expected",
        );
        // Non-strict comparators give libstdc++'s exact order.
        ok(
            "map (x: x.v) (builtins.sort (a: b: a.k <= b.k) (builtins.genList (i: { k = builtins.bitAnd i 3; v = i; }) 20))",
            "[16,12,8,4,0,17,13,9,5,1,18,14,10,6,2,19,15,11,7,3]",
        );
        ok(
            "map (x: x.v) (builtins.sort (a: b: a.k <= b.k) (builtins.genList (i: { k = builtins.bitAnd i 1; v = i; }) 17))",
            "[16,14,12,10,8,6,4,2,0,15,13,11,9,7,5,3,1]",
        );
        ok(
            "builtins.sort (a: b: true) [1 2 3 4 5 6 7 8 9 10 11]",
            "[11,10,9,8,7,6,5,4,3,2,1]",
        );
    }

    #[test]
    fn partition_group_cat() {
        ok(
            "builtins.partition (x: x > 1) [1 2 3 0]",
            r#"{"right":[2,3],"wrong":[1,0]}"#,
        );
        err("builtins.partition (x: true) [(throw \"a\")]", "a");
        ok(
            "builtins.groupBy (x: x.k) [{k=\"a\";v=1;} {k=\"b\";v=2;} {k=\"a\";v=3;}]",
            r#"{"a":[{"k":"a","v":1},{"k":"a","v":3}],"b":[{"k":"b","v":2}]}"#,
        );
        err(
            "builtins.groupBy (x: 1) [1]",
            "value is an integer while a string was expected",
        );
        ok("builtins.catAttrs \"a\" [{a=1;} {b=2;} {a=3;}]", "[1,3]");
        err(
            "builtins.catAttrs \"a\" [1]",
            "value is an integer while a set was expected",
        );
        ok("builtins.lessThan [1 2] [1 3]", "true");
        err(
            "builtins.lessThan 1 \"a\"",
            "cannot compare an integer with a string",
        );
    }

    #[test]
    fn list_to_attrs_and_zip() {
        ok(
            "builtins.listToAttrs [{name=\"a\";value=1;} {name=\"b\";value=2;} {name=\"a\";value=3;}]",
            r#"{"a":1,"b":2}"#,
        );
        ok(
            "(builtins.listToAttrs [{name=\"a\"; value=throw \"x\";}]) ? a",
            "true",
        );
        err(
            "builtins.listToAttrs [{name=\"a\";value=1;} {name=\"a\";value=2;} {name=\"b\";}]",
            "attribute 'value' missing",
        );
        ok(
            "builtins.listToAttrs [{name=\"a\";value=1;} {name=\"a\";}]",
            r#"{"a":1}"#,
        );
        err(
            "builtins.listToAttrs [{value=1;}]",
            "attribute 'name' missing for call to 'listToAttrs'",
        );
        err(
            "builtins.listToAttrs [1]",
            "value is an integer while a set was expected",
        );
        ok(
            "builtins.zipAttrsWith (n: v: [n v]) [{a=1;} {a=2;b=3;}]",
            r#"{"a":["a",[1,2]],"b":["b",[3]]}"#,
        );
        ok(
            "builtins.attrNames (builtins.zipAttrsWith (n: v: throw \"no\") [{a=1;} {b=2;}])",
            r#"["a","b"]"#,
        );
    }

    #[test]
    fn generic_closure() {
        ok(
            "builtins.genericClosure { startSet = [{key = 5;}]; operator = x: if x.key <= 1 then [] else [{key = x.key - 1;} {key = x.key - 2;}]; }",
            r#"[{"key":5},{"key":4},{"key":3},{"key":2},{"key":1},{"key":0}]"#,
        );
        err(
            "builtins.genericClosure { startSet = [{}]; operator = x: []; }",
            "attribute 'key' required",
        );
    }

    #[test]
    fn unknowns_keep_what_is_known() {
        ok("builtins.length [ builtins.currentSystem ]", "1");
        ok(
            "builtins.length (map (x: x + 1) [ builtins.currentSystem 2 ])",
            "2",
        );
        unknown("map (x: x + 1) [ builtins.currentSystem ]");
        ok("builtins.elem 1 [ builtins.currentSystem 1 ]", "true");
        unknown("builtins.elem 2 [ builtins.currentSystem 1 ]");
        unknown("builtins.elem 2 [ builtins.currentSystem (throw \"x\") ]");
        err(
            "builtins.elem 2 [ (throw \"x\") builtins.currentSystem ]",
            "x",
        );
        unknown("builtins.filter (x: x == \"a\") [ builtins.currentSystem ]");
        ok(
            "builtins.any (x: x == 1) [ builtins.currentSystem 1 ]",
            "true",
        );
        unknown("builtins.length builtins.currentSystem");
        ok(
            "builtins.attrNames (builtins.listToAttrs [{ name = \"a\"; value = builtins.currentSystem; }])",
            r#"["a"]"#,
        );
        unknown("(builtins.listToAttrs [{ name = builtins.currentSystem; value = 1; }]).a");
        ok(
            "(builtins.listToAttrs [{ name = builtins.currentSystem; value = 1; } { name = \"b\"; value = 2; }]) ? b",
            "true",
        );
        unknown("builtins.sort (a: b: builtins.currentSystem) [ 1 2 ]");
        ok("builtins.sort (a: b: a < b) [ ]", "[]");
        ok("builtins.elemAt [ builtins.currentSystem 2 ] 1", "2");
        unknown("builtins.elemAt [ 1 ] (builtins.length builtins.currentSystem)");
        ok(
            "builtins.length (builtins.tail [ builtins.currentSystem 1 2 ])",
            "2",
        );
    }
}
