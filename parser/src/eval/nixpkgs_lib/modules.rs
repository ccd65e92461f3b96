//! `lib.modules`: the property markers the module merger reads, in exactly nixpkgs' shapes,
//! with every argument left lazy (`mkIf false (throw "x")` is a fine value):
//!
//! | call | value |
//! | --- | --- |
//! | `mkIf c x` | `{ _type = "if"; condition = c; content = x; }` |
//! | `mkMerge xs` | `{ _type = "merge"; contents = xs; }` |
//! | `mkOverride p x` | `{ _type = "override"; priority = p; content = x; }` |
//! | `mkOrder p x` | `{ _type = "order"; priority = p; content = x; }` |
//!
//! `mkVMOverride` is `mkOverride 10`, `mkForce` 50, `mkImageMediaOverride` 60, `mkDefault`
//! 1000, `mkOptionDefault` 1500; a plain definition has priority 100
//! (`defaultOverridePriority`). `mkBefore` is `mkOrder 500`, `mkAfter` `mkOrder 1500`, and
//! unordered definitions have order 1000 (`defaultOrderPriority`).
//!
//! The option-renaming helpers (`mkRemovedOptionModule`, `mkRenamedOptionModule`,
//! `mkAliasOptionModule`, …) return the empty module `{ }`: backix does not declare the old
//! option names, so definitions of them are reported by the merger like any undeclared option.

use super::{Family, interpolate, select, set_of, string, throw, val};
use crate::eval::builtins::{force_bool, lazy_call};
use crate::eval::value::{Thunk, Value};
use crate::source::Span;

/// The priorities of nixpkgs' `mkOverride` shorthands.
const OVERRIDES: &[(&str, i64)] = &[
    ("mkVMOverride", 10),
    ("mkForce", 50),
    ("mkImageMediaOverride", 60),
    ("mkDefault", 1000),
    ("mkOptionDefault", 1500),
];

/// `lib.modules`.
pub(super) fn family() -> Family {
    let mut f = Family::default();
    f.func("mkIf", 2, |_, a, _| Ok(mk_if(a[0].clone(), a[1].clone())));
    f.func("mkMerge", 1, |_, a, span| {
        Ok(set_of([
            ("_type", val(string("merge"), span)),
            ("contents", a[0].clone()),
        ]))
    });
    f.func("mkOverride", 2, |_, a, span| {
        Ok(marker("override", a[0].clone(), a[1].clone(), span))
    });
    for (name, priority) in OVERRIDES {
        let priority = *priority;
        f.func(name, 1, move |_, a, span| {
            Ok(marker(
                "override",
                val(Value::Int(priority), span),
                a[0].clone(),
                span,
            ))
        });
    }
    f.func("mkOrder", 2, |_, a, span| {
        Ok(marker("order", a[0].clone(), a[1].clone(), span))
    });
    f.func("mkBefore", 1, |_, a, span| {
        Ok(marker(
            "order",
            val(Value::Int(500), span),
            a[0].clone(),
            span,
        ))
    });
    f.func("mkAfter", 1, |_, a, span| {
        Ok(marker(
            "order",
            val(Value::Int(1500), span),
            a[0].clone(),
            span,
        ))
    });
    f.put("defaultOverridePriority", Value::Int(100), false);
    f.put("defaultOrderPriority", Value::Int(1000), false);
    f.func("mkFixStrictness", 1, |ev, a, _| ev.force(&a[0]));
    // mkAssert assertion message content =
    //   mkIf (if assertion then true else throw "\nFailed assertion: ${message}") content
    f.func("mkAssert", 3, |_, a, span| {
        let (assertion, message) = (a[0].clone(), a[1].clone());
        let condition = Thunk::native(Some(span), move |ev| {
            match force_bool(ev, &assertion, span)? {
                Some(true) => Ok(Value::Bool(true)),
                Some(false) => {
                    let message = ev.force(&message)?;
                    let text =
                        interpolate(ev, vec![string("\nFailed assertion: "), message], span)?;
                    let text = match text {
                        Value::String(s) => s.to_string(),
                        _ => "\nFailed assertion: <a message that is not statically known>"
                            .to_string(),
                    };
                    Err(throw(text, span))
                }
                None => Ok(ev.derived_unknown(span)),
            }
        });
        Ok(mk_if(condition, a[2].clone()))
    });
    // mkAliasIfDef option = mkIf (isOption option && option.isDefined)
    f.local("mkAliasIfDef", 2, |_, a, span| {
        Ok(mk_if(alias_condition(a[0].clone(), span), a[1].clone()))
    });
    // mkAliasAndWrapDefinitions wrap option = mkAliasIfDef option (wrap (mkMerge option.definitions))
    f.func("mkAliasAndWrapDefinitions", 2, |ev, a, span| {
        let wrap = ev.force(&a[0])?;
        Ok(alias_definitions(Some(wrap), a[1].clone(), span))
    });
    f.func("mkAliasDefinitions", 1, |_, a, span| {
        Ok(alias_definitions(None, a[0].clone(), span))
    });
    // mkDerivedConfig opt f = mkOverride (opt.highestPrio or defaultOverridePriority) (f opt.value)
    f.func("mkDerivedConfig", 2, |_, a, span| {
        let opt = a[0].clone();
        let priority = Thunk::native(Some(span), {
            let opt = opt.clone();
            move |ev| {
                let o = ev.force(&opt)?;
                match &o {
                    Value::Attrs(set) if set.get("highestPrio").is_none() && set.open.is_none() => {
                        Ok(Value::Int(100))
                    }
                    _ => select(ev, &o, "highestPrio", span),
                }
            }
        });
        let value = Thunk::native(Some(span), move |ev| {
            let o = ev.force(&opt)?;
            select(ev, &o, "value", span)
        });
        let g = a[1].clone();
        let content = Thunk::native(Some(span), move |ev| {
            let g = ev.force(&g)?;
            ev.apply(g, value.clone(), span)
        });
        Ok(marker("override", priority, content, span))
    });
    // setDefaultModuleLocation file m = { _file = file; imports = [ m ]; }
    f.func("setDefaultModuleLocation", 2, |_, a, span| {
        Ok(set_of([
            ("_file", a[0].clone()),
            ("imports", val(Value::list(vec![a[1].clone()]), span)),
        ]))
    });
    for (name, arity) in [
        ("mkRemovedOptionModule", 2),
        ("mkRenamedOptionModule", 2),
        ("mkRenamedOptionModuleWith", 1),
        ("mkMergedOptionModule", 3),
        ("mkChangedOptionModule", 3),
        ("mkAliasOptionModule", 2),
        ("mkAliasOptionModuleMD", 2),
    ] {
        f.func(name, arity, |_, _, _| Ok(Value::attrs(Default::default())));
    }
    f.func("fixMergeModules", 2, |ev, _, span| {
        Ok(ev.derived_unknown(span))
    });
    f
}

/// `{ _type = "if"; condition = c; content = x; }`.
fn mk_if(condition: Thunk, content: Thunk) -> Value {
    set_of([
        ("_type", Thunk::value(string("if"), None)),
        ("condition", condition),
        ("content", content),
    ])
}

/// `{ _type = <kind>; priority = p; content = x; }` (`override` or `order`).
fn marker(kind: &str, priority: Thunk, content: Thunk, span: Span) -> Value {
    set_of([
        ("_type", val(string(kind), span)),
        ("priority", priority),
        ("content", content),
    ])
}

/// `isOption option && option.isDefined`, lazily.
fn alias_condition(option: Thunk, span: Span) -> Thunk {
    Thunk::native(Some(span), move |ev| {
        let o = ev.force(&option)?;
        let is_option = match &o {
            Value::Attrs(set) => match set.get("_type") {
                Some(t) => match ev.force(&t.value.clone())? {
                    Value::String(s) => Some(&*s == "option"),
                    v if v.is_unknown() => None,
                    _ => Some(false),
                },
                None if set.open.is_some() => None,
                None => Some(false),
            },
            v if v.is_unknown() => None,
            _ => Some(false),
        };
        match is_option {
            Some(false) => Ok(Value::Bool(false)),
            Some(true) => {
                let defined = select(ev, &o, "isDefined", span)?;
                Ok(defined)
            }
            None => {
                let defined = select(ev, &o, "isDefined", span)?;
                Ok(if matches!(defined, Value::Bool(false)) {
                    defined
                } else {
                    ev.derived_unknown(span)
                })
            }
        }
    })
}

/// `mkAliasIfDef option (wrap (mkMerge option.definitions))` (no `wrap`: the identity).
fn alias_definitions(wrap: Option<Value>, option: Thunk, span: Span) -> Value {
    let definitions = {
        let option = option.clone();
        Thunk::native(Some(span), move |ev| {
            let o = ev.force(&option)?;
            select(ev, &o, "definitions", span)
        })
    };
    let merged = val(
        set_of([
            ("_type", val(string("merge"), span)),
            ("contents", definitions),
        ]),
        span,
    );
    let content = match wrap {
        Some(w) => lazy_call(w, vec![merged], span),
        None => merged,
    };
    mk_if(alias_condition(option, span), content)
}
