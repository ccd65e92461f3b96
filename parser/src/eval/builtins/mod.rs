//! Nix's builtins, implemented natively with Nix's semantics and extended to unknowns.
//!
//! Each family lives in its own module and registers its functions in [`builtins_set`]. A builtin
//! receives its arguments as thunks, so laziness is as in Nix: an argument is forced only when
//! the builtin needs it. When a needed argument is unknown, the result is unknown.

mod attrs;
mod core;
mod io;
mod json_reader;
mod lists;
mod math;
mod strings;

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use super::value::{Attr, Attrs, PrimOp, PrimOpApp, Thunk, Value};
use super::{EvalResult, Evaluator, type_error};
use crate::source::Span;
use crate::syntax::ir::Name;

/// Names bound in the outermost scope besides `builtins` (the rest are `builtins.x` or `__x`).
const GLOBAL_NAMES: &[&str] = &[
    "abort",
    "baseNameOf",
    "derivation",
    "dirOf",
    "fetchGit",
    "fetchTarball",
    "fetchTree",
    "fromTOML",
    "import",
    "isNull",
    "map",
    "placeholder",
    "removeAttrs",
    "scopedImport",
    "throw",
    "toString",
];

/// Makes a native function value.
pub fn prim(
    name: &str,
    arity: usize,
    f: impl Fn(&mut Evaluator, &[Thunk], Span) -> EvalResult<Value> + 'static,
) -> Value {
    Value::PrimOp(Rc::new(PrimOpApp {
        op: Rc::new(PrimOp {
            name: name.into(),
            arity,
            func: Rc::new(f),
        }),
        args: Vec::new(),
    }))
}

/// Collects builtins while the set is built.
#[derive(Default)]
pub(crate) struct Registry {
    entries: BTreeMap<Name, Attr>,
}

impl Registry {
    /// Registers a native function under `name`.
    pub fn function(
        &mut self,
        name: &str,
        arity: usize,
        f: impl Fn(&mut Evaluator, &[Thunk], Span) -> EvalResult<Value> + 'static,
    ) {
        self.value(name, prim(name, arity, f));
    }

    /// Registers a constant.
    pub fn value(&mut self, name: &str, value: Value) {
        self.entries.insert(
            name.into(),
            Attr {
                value: Thunk::value(value, None),
                key_span: None,
            },
        );
    }
}

/// The `builtins` attribute set.
pub fn builtins_set() -> Value {
    let mut registry = Registry::default();
    core::register(&mut registry);
    lists::register(&mut registry);
    attrs::register(&mut registry);
    strings::register(&mut registry);
    math::register(&mut registry);
    io::register(&mut registry);
    let mut entries = registry.entries;
    // `builtins.builtins` refers to the set itself, as in Nix.
    let set = Rc::new(Attrs::closed(entries.clone()));
    entries.insert(
        "builtins".into(),
        Attr {
            value: Thunk::value(Value::Attrs(set), None),
            key_span: None,
        },
    );
    Value::attrs(entries)
}

/// The outermost scope: `builtins`, `true`, `false`, `null`, the global builtins and `__x` aliases.
pub fn global_scope(builtins: &Value) -> HashMap<Name, Thunk> {
    let mut scope = HashMap::new();
    let Value::Attrs(set) = builtins else {
        return scope;
    };
    for (name, attr) in &set.entries {
        if GLOBAL_NAMES.contains(&&**name) || matches!(&**name, "true" | "false" | "null") {
            scope.insert(name.clone(), attr.value.clone());
        }
        if !name.starts_with("__") && !matches!(&**name, "true" | "false" | "null" | "builtins") {
            scope.insert(format!("__{name}").into(), attr.value.clone());
        }
    }
    scope.insert("builtins".into(), Thunk::value(builtins.clone(), None));
    scope
}

/// Returns early with an unknown result when an argument is unknown (`None`).
#[macro_export]
#[doc(hidden)]
macro_rules! known {
    ($ev:expr, $value:expr, $span:expr) => {
        match $value {
            Some(v) => v,
            None => return Ok($ev.derived_unknown($span)),
        }
    };
}
pub(crate) use known;

/// Forces an integer argument; `None` when unknown.
pub fn force_int(ev: &mut Evaluator, thunk: &Thunk, span: Span) -> EvalResult<Option<i64>> {
    match ev.force(thunk)? {
        Value::Int(i) => Ok(Some(i)),
        v if v.is_unknown() => Ok(None),
        other => Err(type_error(
            format!(
                "value is {} while an integer was expected",
                other.type_phrase()
            ),
            span,
        )),
    }
}

/// Forces a number argument (integer or float); `None` when unknown.
pub fn force_number(ev: &mut Evaluator, thunk: &Thunk, span: Span) -> EvalResult<Option<Value>> {
    match ev.force(thunk)? {
        v @ (Value::Int(_) | Value::Float(_)) => Ok(Some(v)),
        v if v.is_unknown() => Ok(None),
        other => Err(type_error(
            format!(
                "value is {} while an integer was expected",
                other.type_phrase()
            ),
            span,
        )),
    }
}

/// Forces a Boolean argument; `None` when unknown.
pub fn force_bool(ev: &mut Evaluator, thunk: &Thunk, span: Span) -> EvalResult<Option<bool>> {
    match ev.force(thunk)? {
        Value::Bool(b) => Ok(Some(b)),
        v if v.is_unknown() => Ok(None),
        other => Err(type_error(
            format!(
                "value is {} while a Boolean was expected",
                other.type_phrase()
            ),
            span,
        )),
    }
}

/// Forces a list argument; `None` when unknown.
pub fn force_list(
    ev: &mut Evaluator,
    thunk: &Thunk,
    span: Span,
) -> EvalResult<Option<Rc<[Thunk]>>> {
    match ev.force(thunk)? {
        Value::List(l) => Ok(Some(l)),
        v if v.is_unknown() => Ok(None),
        other => Err(type_error(
            format!("value is {} while a list was expected", other.type_phrase()),
            span,
        )),
    }
}

/// Forces an attribute set argument; `None` when unknown.
pub fn force_attrs(ev: &mut Evaluator, thunk: &Thunk, span: Span) -> EvalResult<Option<Rc<Attrs>>> {
    match ev.force(thunk)? {
        Value::Attrs(a) => Ok(Some(a)),
        v if v.is_unknown() => Ok(None),
        other => Err(type_error(
            format!("value is {} while a set was expected", other.type_phrase()),
            span,
        )),
    }
}

/// Forces a function argument; `None` when unknown.
pub fn force_function(ev: &mut Evaluator, thunk: &Thunk, span: Span) -> EvalResult<Option<Value>> {
    match ev.force(thunk)? {
        v @ (Value::Lambda(_) | Value::PrimOp(_)) => Ok(Some(v)),
        Value::Attrs(a) if a.get("__functor").is_some() => Ok(Some(Value::Attrs(a))),
        v if v.is_unknown() => Ok(None),
        other => Err(type_error(
            format!(
                "value is {} while a function was expected",
                other.type_phrase()
            ),
            span,
        )),
    }
}

/// A thunk that applies `f` to `args` when forced (used to keep results lazy, as Nix does).
pub fn lazy_call(f: Value, args: Vec<Thunk>, span: Span) -> Thunk {
    Thunk::native(Some(span), move |ev| ev.call(f.clone(), &args, span))
}

/// A list value from evaluated values.
pub fn list_of(values: Vec<Value>, span: Span) -> Value {
    Value::List(
        values
            .into_iter()
            .map(|v| Thunk::value(v, Some(span)))
            .collect::<Vec<_>>()
            .into(),
    )
}
