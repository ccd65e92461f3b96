//! `lib.attrsets`: attribute paths, mapping and filtering, `genAttrs`, `recursiveUpdate`,
//! `optionalAttrs`, package outputs, …
//!
//! Results keep values lazy where nixpkgs' do (`mapAttrs`, `genAttrs`, `recursiveUpdate`), and
//! stay *open* when an input set is open or an attribute's presence cannot be decided, so that
//! selecting from them gives unknowns rather than errors.

use std::collections::BTreeMap;
use std::rc::Rc;

use super::lists::call_bool;
use super::strings::get_output;
use super::{Family, force_names, lazy_attr, select, set_of, string, throw, val};
use crate::eval::builtins::{
    force_attrs, force_bool, force_function, force_list, known, lazy_call,
};
use crate::eval::ops::update;
use crate::eval::value::{Attr, Attrs, Thunk, Unknown, UnknownReason, Value};
use crate::eval::{EvalResult, Evaluator, type_error};
use crate::source::Span;
use crate::syntax::ir::Name;

/// `lib.attrsets`.
pub(super) fn family(ev: &Evaluator) -> Family {
    let mut f = Family::default();
    f.builtin_or(ev, "attrNames", true, 1, |ev, a, span| {
        let set = known!(ev, force_attrs(ev, &a[0], span)?, span);
        if set.open.is_some() {
            return Ok(ev.derived_unknown(span));
        }
        Ok(Value::list(
            set.entries
                .keys()
                .map(|k| val(string(k.clone()), span))
                .collect(),
        ))
    });
    for name in [
        "hasAttr",
        "isAttrs",
        "getAttr",
        "removeAttrs",
        "intersectAttrs",
    ] {
        f.builtin(ev, name, false);
    }
    if !f.builtin(ev, "listToAttrs", false) {
        f.local("listToAttrs", 1, |ev, a, span| {
            let xs = known!(ev, force_list(ev, &a[0], span)?, span);
            list_to_attrs(ev, &xs, None, span)
        });
    }
    f.builtin_or(ev, "attrValues", true, 1, |ev, a, span| {
        let set = known!(ev, force_attrs(ev, &a[0], span)?, span);
        if set.open.is_some() {
            return Ok(ev.derived_unknown(span));
        }
        Ok(Value::list(
            set.entries.values().map(|a| a.value.clone()).collect(),
        ))
    });
    f.builtin(ev, "catAttrs", true);
    f.builtin_or(ev, "mapAttrs", true, 2, |ev, a, span| {
        let g = known!(ev, force_function(ev, &a[0], span)?, span);
        let set = known!(ev, force_attrs(ev, &a[1], span)?, span);
        Ok(map_attrs(&set, span, |name, value| {
            lazy_call(
                g.clone(),
                vec![val(string(name.clone()), span), value],
                span,
            )
        }))
    });
    f.builtin_or(ev, "zipAttrsWith", true, 2, |ev, a, span| {
        let g = known!(ev, force_function(ev, &a[0], span)?, span);
        let sets = known!(ev, force_list(ev, &a[1], span)?, span);
        zip_attrs_with(ev, Some(g), &sets, span)
    });
    f.func("zipAttrs", 1, |ev, a, span| {
        let sets = known!(ev, force_list(ev, &a[0], span)?, span);
        zip_attrs_with(ev, None, &sets, span)
    });

    f.func("attrByPath", 3, |ev, a, span| {
        let path = known!(ev, force_names(ev, &a[0], span)?, span);
        let mut v = ev.force(&a[2])?;
        for name in path.iter() {
            match &v {
                Value::Attrs(set) => match set.get(name) {
                    Some(attr) => v = ev.force(&attr.value.clone())?,
                    None if set.open.is_some() => return Ok(ev.derived_unknown(span)),
                    None => return ev.force(&a[1]),
                },
                Value::Unknown(_) => return Ok(ev.derived_unknown(span)),
                _ => return ev.force(&a[1]),
            }
        }
        Ok(v)
    });
    f.func("hasAttrByPath", 2, |ev, a, span| {
        let path = known!(ev, force_names(ev, &a[0], span)?, span);
        let mut v = ev.force(&a[1])?;
        for name in path.iter() {
            match &v {
                Value::Attrs(set) => match set.get(name) {
                    Some(attr) => v = ev.force(&attr.value.clone())?,
                    None if set.open.is_some() => return Ok(ev.derived_unknown(span)),
                    None => return Ok(Value::Bool(false)),
                },
                Value::Unknown(_) => return Ok(ev.derived_unknown(span)),
                _ => return Ok(Value::Bool(false)),
            }
        }
        Ok(Value::Bool(true))
    });
    f.func("getAttrFromPath", 2, |ev, a, span| {
        let path = known!(ev, force_names(ev, &a[0], span)?, span);
        let mut v = ev.force(&a[1])?;
        for name in path.iter() {
            match &v {
                Value::Attrs(set) => match set.get(name) {
                    Some(attr) => v = ev.force(&attr.value.clone())?,
                    None if set.open.is_some() => return Ok(ev.derived_unknown(span)),
                    None => {
                        return Err(throw(
                            format!("cannot find attribute '{}'", path.join(".")),
                            span,
                        ));
                    }
                },
                Value::Unknown(_) => return Ok(ev.derived_unknown(span)),
                _ => {
                    return Err(throw(
                        format!("cannot find attribute '{}'", path.join(".")),
                        span,
                    ));
                }
            }
        }
        Ok(v)
    });
    f.func("setAttrByPath", 2, |ev, a, span| {
        let path = known!(ev, force_names(ev, &a[0], span)?, span);
        let mut v = a[1].clone();
        for name in path.iter().rev() {
            v = val(set_of([(&**name, v)]), span);
        }
        ev.force(&v)
    });
    f.func("attrVals", 2, |ev, a, span| {
        let names = known!(ev, force_names(ev, &a[0], span)?, span);
        let set = ev.force(&a[1])?;
        let mut items = Vec::new();
        for name in names.iter() {
            match lazy_attr(ev, &set, name, span) {
                Some(t) => items.push(t),
                None => items.push(val(select(ev, &set, name, span)?, span)),
            }
        }
        Ok(Value::list(items))
    });
    f.func("getAttrs", 2, |ev, a, span| {
        let names = known!(ev, force_names(ev, &a[0], span)?, span);
        let set = ev.force(&a[1])?;
        let mut entries = BTreeMap::new();
        for name in names.iter() {
            let thunk = match lazy_attr(ev, &set, name, span) {
                Some(t) => t,
                None => {
                    let set = set.clone();
                    let name = name.clone();
                    Thunk::native(Some(span), move |ev| select(ev, &set, &name, span))
                }
            };
            entries.insert(
                name.clone(),
                Attr {
                    value: thunk,
                    key_span: None,
                },
            );
        }
        Ok(Value::attrs(entries))
    });
    f.func("nameValuePair", 2, |_, a, _| {
        Ok(set_of([("name", a[0].clone()), ("value", a[1].clone())]))
    });
    f.func("filterAttrs", 2, |ev, a, span| {
        let pred = known!(ev, force_function(ev, &a[0], span)?, span);
        let set = known!(ev, force_attrs(ev, &a[1], span)?, span);
        filter_attrs(ev, &pred, &set, false, span)
    });
    f.func("filterAttrsRecursive", 2, |ev, a, span| {
        let pred = known!(ev, force_function(ev, &a[0], span)?, span);
        let set = known!(ev, force_attrs(ev, &a[1], span)?, span);
        filter_attrs(ev, &pred, &set, true, span)
    });
    f.func("mapAttrs'", 2, |ev, a, span| {
        let g = known!(ev, force_function(ev, &a[0], span)?, span);
        let set = known!(ev, force_attrs(ev, &a[1], span)?, span);
        let pairs: Vec<Thunk> = set
            .entries
            .iter()
            .map(|(name, attr)| {
                lazy_call(
                    g.clone(),
                    vec![val(string(name.clone()), span), attr.value.clone()],
                    span,
                )
            })
            .collect();
        let open = set.open.clone();
        list_to_attrs(ev, &pairs, open, span)
    });
    f.func("mapAttrsToList", 2, |ev, a, span| {
        let g = known!(ev, force_function(ev, &a[0], span)?, span);
        let set = known!(ev, force_attrs(ev, &a[1], span)?, span);
        if set.open.is_some() {
            return Ok(ev.derived_unknown(span));
        }
        Ok(Value::list(
            set.entries
                .iter()
                .map(|(name, attr)| {
                    lazy_call(
                        g.clone(),
                        vec![val(string(name.clone()), span), attr.value.clone()],
                        span,
                    )
                })
                .collect(),
        ))
    });
    f.func("attrsToList", 1, |ev, a, span| {
        let set = known!(ev, force_attrs(ev, &a[0], span)?, span);
        if set.open.is_some() {
            return Ok(ev.derived_unknown(span));
        }
        Ok(Value::list(
            set.entries
                .iter()
                .map(|(name, attr)| {
                    val(
                        set_of([
                            ("name", val(string(name.clone()), span)),
                            ("value", attr.value.clone()),
                        ]),
                        span,
                    )
                })
                .collect(),
        ))
    });
    f.func("concatMapAttrs", 2, |ev, a, span| {
        let g = known!(ev, force_function(ev, &a[0], span)?, span);
        let set = known!(ev, force_attrs(ev, &a[1], span)?, span);
        let mut out = Attrs {
            entries: BTreeMap::new(),
            open: set.open.clone(),
        };
        for (name, attr) in &set.entries {
            let r = ev.call(
                g.clone(),
                &[val(string(name.clone()), span), attr.value.clone()],
                span,
            )?;
            match r {
                Value::Attrs(r) => out = update(&out, &r),
                v if v.is_unknown() => out.open = Some(unknown_of(ev, span)),
                other => {
                    return Err(type_error(
                        format!("value is {} while a set was expected", other.type_phrase()),
                        span,
                    ));
                }
            }
        }
        Ok(Value::Attrs(Rc::new(out)))
    });
    f.func("mapAttrsRecursive", 2, |ev, a, span| {
        let g = known!(ev, force_function(ev, &a[0], span)?, span);
        let set = known!(ev, force_attrs(ev, &a[1], span)?, span);
        Ok(map_recursive(None, g, Vec::new(), &set, span))
    });
    f.func("mapAttrsRecursiveCond", 3, |ev, a, span| {
        let cond = known!(ev, force_function(ev, &a[0], span)?, span);
        let g = known!(ev, force_function(ev, &a[1], span)?, span);
        let set = known!(ev, force_attrs(ev, &a[2], span)?, span);
        Ok(map_recursive(Some(cond), g, Vec::new(), &set, span))
    });
    f.func("genAttrs", 2, |ev, a, span| {
        let names = known!(ev, force_list(ev, &a[0], span)?, span);
        let g = known!(ev, force_function(ev, &a[1], span)?, span);
        let mut entries = BTreeMap::new();
        let mut open = None;
        for name in names.iter() {
            match ev.force_string(name, span)? {
                Some(n) => {
                    let value = lazy_call(g.clone(), vec![val(string(n.clone()), span)], span);
                    entries.entry(n).or_insert(Attr {
                        value,
                        key_span: None,
                    });
                }
                None => open = Some(unknown_of(ev, span)),
            }
        }
        Ok(Value::Attrs(Rc::new(Attrs { entries, open })))
    });
    f.func("optionalAttrs", 2, |ev, a, span| {
        match force_bool(ev, &a[0], span)? {
            Some(true) => ev.force(&a[1]),
            Some(false) => Ok(Value::attrs(BTreeMap::new())),
            None => Ok(ev.derived_unknown(span)),
        }
    });
    f.func("foldAttrs", 3, |ev, a, span| {
        let op = known!(ev, force_function(ev, &a[0], span)?, span);
        let sets = known!(ev, force_list(ev, &a[2], span)?, span);
        let mut acc: BTreeMap<Name, Thunk> = BTreeMap::new();
        let mut open = None;
        for set in sets.iter().rev() {
            let set = known!(ev, force_attrs(ev, set, span)?, span);
            if set.open.is_some() {
                open = set.open.clone();
            }
            for (name, attr) in &set.entries {
                let prev = acc.get(name).cloned().unwrap_or_else(|| a[1].clone());
                acc.insert(
                    name.clone(),
                    lazy_call(op.clone(), vec![attr.value.clone(), prev], span),
                );
            }
        }
        let entries = acc
            .into_iter()
            .map(|(k, v)| {
                (
                    k,
                    Attr {
                        value: v,
                        key_span: None,
                    },
                )
            })
            .collect();
        Ok(Value::Attrs(Rc::new(Attrs { entries, open })))
    });
    f.func("foldlAttrs", 3, |ev, a, span| {
        let g = known!(ev, force_function(ev, &a[0], span)?, span);
        let set = known!(ev, force_attrs(ev, &a[2], span)?, span);
        if set.open.is_some() {
            return Ok(ev.derived_unknown(span));
        }
        let mut acc = ev.force(&a[1])?;
        for (name, attr) in &set.entries {
            acc = ev.call(
                g.clone(),
                &[
                    val(acc, span),
                    val(string(name.clone()), span),
                    attr.value.clone(),
                ],
                span,
            )?;
        }
        Ok(acc)
    });
    f.func("collect", 2, |ev, a, span| {
        let pred = known!(ev, force_function(ev, &a[0], span)?, span);
        let mut out = Vec::new();
        if !collect(ev, &pred, &a[1], &mut out, span)? {
            return Ok(ev.derived_unknown(span));
        }
        Ok(Value::list(out))
    });
    f.func("recursiveUpdate", 2, |ev, a, span| {
        let lhs = known!(ev, force_attrs(ev, &a[0], span)?, span);
        let rhs = known!(ev, force_attrs(ev, &a[1], span)?, span);
        Ok(recursive_update(None, Vec::new(), &lhs, &rhs, span))
    });
    f.func("recursiveUpdateUntil", 3, |ev, a, span| {
        let pred = known!(ev, force_function(ev, &a[0], span)?, span);
        let lhs = known!(ev, force_attrs(ev, &a[1], span)?, span);
        let rhs = known!(ev, force_attrs(ev, &a[2], span)?, span);
        Ok(recursive_update(Some(pred), Vec::new(), &lhs, &rhs, span))
    });
    f.func("overrideExisting", 2, |ev, a, span| {
        let old = known!(ev, force_attrs(ev, &a[0], span)?, span);
        let new = known!(ev, force_attrs(ev, &a[1], span)?, span);
        Ok(map_attrs(&old, span, |name, value| match new.get(name) {
            Some(attr) => attr.value.clone(),
            None if new.open.is_some() => {
                let new = new.clone();
                let name = name.clone();
                Thunk::native(Some(span), move |ev| {
                    select(ev, &Value::Attrs(new.clone()), &name, span)
                })
            }
            None => value,
        }))
    });
    f.func("isDerivation", 1, |ev, a, span| match ev.force(&a[0])? {
        Value::Attrs(set) => match set.get("type") {
            Some(t) => match ev.force(&t.value.clone())? {
                Value::String(s) => Ok(Value::Bool(&*s == "derivation")),
                v if v.is_unknown() => Ok(ev.derived_unknown(span)),
                _ => Ok(Value::Bool(false)),
            },
            None if set.open.is_some() => Ok(ev.derived_unknown(span)),
            None => Ok(Value::Bool(false)),
        },
        Value::Unknown(_) => Ok(ev.derived_unknown(span)),
        _ => Ok(Value::Bool(false)),
    });
    f.func("recurseIntoAttrs", 1, |ev, a, span| {
        with_flag(ev, &a[0], "recurseForDerivations", true, span)
    });
    f.func("dontRecurseIntoAttrs", 1, |ev, a, span| {
        with_flag(ev, &a[0], "recurseForDerivations", false, span)
    });
    f.func("getOutput", 2, |ev, a, span| {
        let output = ev.force(&a[0])?;
        let Value::String(output) = output else {
            return Ok(ev.unknown(span, UnknownReason::Package));
        };
        let pkg = ev.force(&a[1])?;
        get_output(ev, &output, pkg, span)
    });
    for (name, output) in [
        ("getBin", "bin"),
        ("getLib", "lib"),
        ("getDev", "dev"),
        ("getMan", "man"),
    ] {
        f.func(name, 1, move |ev, a, span| {
            let pkg = ev.force(&a[0])?;
            get_output(ev, output, pkg, span)
        });
    }
    f
}

/// The unknown that marks a result as open, at `span`.
fn unknown_of(ev: &Evaluator, span: Span) -> Rc<Unknown> {
    match ev.derived_unknown(span) {
        Value::Unknown(u) => u,
        _ => unreachable!("derived_unknown gives an unknown"),
    }
}

/// A set with the same names (and openness) and each value replaced.
fn map_attrs(set: &Attrs, _span: Span, mut g: impl FnMut(&Name, Thunk) -> Thunk) -> Value {
    let entries = set
        .entries
        .iter()
        .map(|(name, attr)| {
            (
                name.clone(),
                Attr {
                    value: g(name, attr.value.clone()),
                    key_span: attr.key_span,
                },
            )
        })
        .collect();
    Value::Attrs(Rc::new(Attrs {
        entries,
        open: set.open.clone(),
    }))
}

/// `builtins.listToAttrs` over pairs (forced to read their names; values stay lazy). The first
/// pair of a name wins. A pair or name that is unknown makes the result open.
fn list_to_attrs(
    ev: &mut Evaluator,
    pairs: &[Thunk],
    open: Option<Rc<Unknown>>,
    span: Span,
) -> EvalResult<Value> {
    let mut entries = BTreeMap::new();
    let mut open = open;
    for pair in pairs {
        let pair = ev.force(pair)?;
        let Value::Attrs(pair_set) = &pair else {
            if pair.is_unknown() {
                open = Some(unknown_of(ev, span));
                continue;
            }
            return Err(type_error(
                format!("value is {} while a set was expected", pair.type_phrase()),
                span,
            ));
        };
        let name = select(ev, &pair, "name", span)?;
        let name = match name {
            Value::String(s) => s,
            v if v.is_unknown() => {
                open = Some(unknown_of(ev, span));
                continue;
            }
            other => {
                return Err(type_error(
                    format!(
                        "value is {} while a string was expected",
                        other.type_phrase()
                    ),
                    span,
                ));
            }
        };
        let value = match pair_set.get("value") {
            Some(attr) => attr.value.clone(),
            None => {
                let pair = pair.clone();
                Thunk::native(Some(span), move |ev| select(ev, &pair, "value", span))
            }
        };
        entries.entry(name).or_insert(Attr {
            value,
            key_span: None,
        });
    }
    Ok(Value::Attrs(Rc::new(Attrs { entries, open })))
}

/// `zipAttrsWith f sets` (or `zipAttrs` without `f`): per name, the list of its values.
fn zip_attrs_with(
    ev: &mut Evaluator,
    g: Option<Value>,
    sets: &[Thunk],
    span: Span,
) -> EvalResult<Value> {
    let mut values: BTreeMap<Name, Vec<Thunk>> = BTreeMap::new();
    let mut open = None;
    for set in sets {
        let set = known!(ev, force_attrs(ev, set, span)?, span);
        if set.open.is_some() {
            open = set.open.clone();
        }
        for (name, attr) in &set.entries {
            values
                .entry(name.clone())
                .or_default()
                .push(attr.value.clone());
        }
    }
    let entries = values
        .into_iter()
        .map(|(name, vs)| {
            let list = val(Value::list(vs), span);
            let value = match &g {
                Some(g) => lazy_call(g.clone(), vec![val(string(name.clone()), span), list], span),
                None => list,
            };
            (
                name,
                Attr {
                    value,
                    key_span: None,
                },
            )
        })
        .collect();
    Ok(Value::Attrs(Rc::new(Attrs { entries, open })))
}

/// `filterAttrs pred set` (and, when `recursive`, `filterAttrsRecursive`). Attributes whose
/// predicate is unknown are left out and make the result open.
fn filter_attrs(
    ev: &mut Evaluator,
    pred: &Value,
    set: &Attrs,
    recursive: bool,
    span: Span,
) -> EvalResult<Value> {
    let mut entries = BTreeMap::new();
    let mut open = set.open.clone();
    for (name, attr) in &set.entries {
        match call_bool(
            ev,
            pred,
            &[val(string(name.clone()), span), attr.value.clone()],
            span,
        )? {
            Some(true) => {
                let value = if recursive {
                    let pred = pred.clone();
                    let inner = attr.value.clone();
                    Thunk::native(Some(span), move |ev| match ev.force(&inner)? {
                        Value::Attrs(s) => filter_attrs(ev, &pred, &s, true, span),
                        other => Ok(other),
                    })
                } else {
                    attr.value.clone()
                };
                entries.insert(
                    name.clone(),
                    Attr {
                        value,
                        key_span: attr.key_span,
                    },
                );
            }
            Some(false) => {}
            None => open = Some(unknown_of(ev, span)),
        }
    }
    Ok(Value::Attrs(Rc::new(Attrs { entries, open })))
}

/// `mapAttrsRecursiveCond cond f set` (`cond` absent: `mapAttrsRecursive`). Lazy per value.
fn map_recursive(cond: Option<Value>, g: Value, path: Vec<Name>, set: &Attrs, span: Span) -> Value {
    map_attrs(set, span, |name, value| {
        let mut here = path.clone();
        here.push(name.clone());
        let (cond, g) = (cond.clone(), g.clone());
        Thunk::native(Some(span), move |ev| {
            let v = ev.force(&value)?;
            let path_value = super::string_list(&here, span);
            if let Value::Attrs(inner) = &v {
                let descend = match &cond {
                    None => Some(true),
                    Some(c) => call_bool(ev, c, &[val(v.clone(), span)], span)?,
                };
                match descend {
                    Some(true) => {
                        return Ok(map_recursive(
                            cond.clone(),
                            g.clone(),
                            here.clone(),
                            inner,
                            span,
                        ));
                    }
                    Some(false) => {}
                    None => return Ok(ev.derived_unknown(span)),
                }
            } else if matches!(v, Value::Unknown(_)) {
                return Ok(ev.derived_unknown(span));
            }
            ev.call(g.clone(), &[val(path_value, span), val(v, span)], span)
        })
    })
}

/// `recursiveUpdateUntil pred lhs rhs` (`pred` absent: `recursiveUpdate`, which stops where
/// either side is not a set). Merged values are computed lazily.
fn recursive_update(
    pred: Option<Value>,
    path: Vec<Name>,
    lhs: &Attrs,
    rhs: &Attrs,
    span: Span,
) -> Value {
    let mut entries = lhs.entries.clone();
    for (name, right) in &rhs.entries {
        let value = match lhs.entries.get(name) {
            None => right.value.clone(),
            Some(left) => {
                let (left, right) = (left.value.clone(), right.value.clone());
                let pred = pred.clone();
                let mut here = path.clone();
                here.push(name.clone());
                Thunk::native(Some(span), move |ev| {
                    let l = ev.force(&left)?;
                    let r = ev.force(&right)?;
                    let stop = match &pred {
                        None => match (&l, &r) {
                            (Value::Attrs(_), Value::Attrs(_)) => Some(false),
                            (_, Value::Unknown(_)) => None,
                            (Value::Unknown(_), Value::Attrs(_)) => None,
                            _ => Some(true),
                        },
                        Some(p) => {
                            let path_value = super::string_list(&here, span);
                            call_bool(
                                ev,
                                p,
                                &[
                                    val(path_value, span),
                                    val(l.clone(), span),
                                    val(r.clone(), span),
                                ],
                                span,
                            )?
                        }
                    };
                    match stop {
                        Some(true) => Ok(r),
                        Some(false) => match (&l, &r) {
                            (Value::Attrs(ls), Value::Attrs(rs)) => {
                                Ok(recursive_update(pred.clone(), here.clone(), ls, rs, span))
                            }
                            _ if l.is_unknown() || r.is_unknown() => Ok(ev.derived_unknown(span)),
                            (Value::Attrs(_), other) | (other, _) => Err(type_error(
                                format!(
                                    "value is {} while a set was expected",
                                    other.type_phrase()
                                ),
                                span,
                            )),
                        },
                        None => Ok(ev.derived_unknown(span)),
                    }
                })
            }
        };
        entries.insert(
            name.clone(),
            Attr {
                value,
                key_span: right.key_span,
            },
        );
    }
    let open = rhs.open.clone().or_else(|| lhs.open.clone());
    Value::Attrs(Rc::new(Attrs { entries, open }))
}

/// `collect pred v`: `v` itself when `pred v`, else the collections of its attribute values.
fn collect(
    ev: &mut Evaluator,
    pred: &Value,
    thunk: &Thunk,
    out: &mut Vec<Thunk>,
    span: Span,
) -> EvalResult<bool> {
    match call_bool(ev, pred, std::slice::from_ref(thunk), span)? {
        Some(true) => {
            out.push(thunk.clone());
            Ok(true)
        }
        Some(false) => match ev.force(thunk)? {
            Value::Attrs(set) => {
                if set.open.is_some() {
                    return Ok(false);
                }
                for attr in set.entries.values() {
                    if !stacker::maybe_grow(64 * 1024, 1024 * 1024, || {
                        collect(ev, pred, &attr.value, out, span)
                    })? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            Value::Unknown(_) => Ok(false),
            _ => Ok(true),
        },
        None => Ok(false),
    }
}

/// `attrs // { <flag> = <value>; }`.
fn with_flag(
    ev: &mut Evaluator,
    thunk: &Thunk,
    flag: &str,
    value: bool,
    span: Span,
) -> EvalResult<Value> {
    let set = known!(ev, force_attrs(ev, thunk, span)?, span);
    let mut out = (*set).clone();
    out.entries.insert(
        flag.into(),
        Attr {
            value: val(Value::Bool(value), span),
            key_span: None,
        },
    );
    Ok(Value::Attrs(Rc::new(out)))
}
