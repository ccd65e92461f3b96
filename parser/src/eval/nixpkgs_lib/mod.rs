//! backix's native implementation of the parts of nixpkgs `lib` that backup configs use.
//!
//! Every function is written in Rust with nixpkgs' documented semantics, laziness included: an
//! argument is forced only where nixpkgs forces it, and results keep their elements lazy where
//! nixpkgs' do. Where a needed input is unknown the result is unknown (or a partially known
//! string), never a guess.
//!
//! The functions are grouped by nixpkgs' own files: [`trivial`] (`lib.trivial`,
//! `lib.fixedPoints`, `lib.asserts`), [`lists`], [`strings`] (and `lib.meta`'s `getExe`),
//! [`attrsets`], [`options`], [`modules`] and [`types`]. Each family is reachable as its sub-set
//! (`lib.strings.hasPrefix`) and, for the names nixpkgs re-exports, as `lib.x`. The builtins that
//! nixpkgs re-exports (`lib.head`, `lib.filter`, `lib.attrNames`, …) are the `builtins` values
//! themselves.
//!
//! `lib` and its sub-sets are *open* sets: selecting a function backix does not implement
//! (`lib.generators.toINI`) gives an unknown carrying its source text instead of an error.
//!
//! The attribute-set shapes produced for the module system (`mkIf`, `mkMerge`, `mkOverride`,
//! `mkOrder`, `mkOption`) are documented in [`modules`] and [`options`]; the shapes of option
//! types (`types.*`) in [`types`].

mod attrsets;
mod lists;
mod modules;
mod options;
mod strings;
mod trivial;
mod types;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::rc::Rc;

use super::builtins::prim;
use super::coerce::StringBuilder;
use super::value::{Attr, Attrs, Thunk, Unknown, UnknownReason, Value};
use super::{CoerceMode, Coerced, ErrorKind, EvalError, EvalResult, Evaluator, type_error};
use crate::source::{FileId, Span};
use crate::syntax::ir::Name;

/// The builtins nixpkgs' `lib/default.nix` re-exports at the top of `lib`.
const TOP_BUILTINS: &[&str] = &[
    "add",
    "addErrorContext",
    "attrNames",
    "concatLists",
    "deepSeq",
    "elem",
    "elemAt",
    "filter",
    "genericClosure",
    "genList",
    "getAttr",
    "hasAttr",
    "head",
    "isAttrs",
    "isBool",
    "isInt",
    "isList",
    "isPath",
    "isString",
    "length",
    "lessThan",
    "listToAttrs",
    "map",
    "pathExists",
    "readFile",
    "replaceStrings",
    "seq",
    "stringLength",
    "sub",
    "substring",
    "tail",
    "trace",
];

/// The signature of a native lib function's body.
pub(super) trait NativeBody:
    Fn(&mut Evaluator, &[Thunk], Span) -> EvalResult<Value> + 'static
{
}
impl<F: Fn(&mut Evaluator, &[Thunk], Span) -> EvalResult<Value> + 'static> NativeBody for F {}

/// The functions of one nixpkgs lib file while `lib` is built.
#[derive(Default)]
pub(super) struct Family {
    /// Everything in the sub-set (`lib.strings`).
    entries: BTreeMap<Name, Attr>,
    /// The names also re-exported as `lib.x`.
    top: Vec<Name>,
}

impl Family {
    /// Adds a native function to the sub-set and to the top of `lib`.
    pub fn func(&mut self, name: &str, arity: usize, f: impl NativeBody) {
        self.put(name, prim(&format!("lib.{name}"), arity, f), true);
    }

    /// Adds a native function to the sub-set only.
    pub fn local(&mut self, name: &str, arity: usize, f: impl NativeBody) {
        self.put(name, prim(&format!("lib.{name}"), arity, f), false);
    }

    /// Adds a value, to the sub-set and, when `top`, to the top of `lib`.
    pub fn put(&mut self, name: &str, value: Value, top: bool) {
        self.put_thunk(name, Thunk::value(value, None), top);
    }

    fn put_thunk(&mut self, name: &str, thunk: Thunk, top: bool) {
        let name: Name = name.into();
        self.entries.insert(
            name.clone(),
            Attr {
                value: thunk,
                key_span: None,
            },
        );
        if top && !self.top.contains(&name) {
            self.top.push(name);
        }
    }

    /// Re-exports `builtins.<name>` when the evaluator has it; says whether it did.
    pub fn builtin(&mut self, ev: &Evaluator, name: &str, top: bool) -> bool {
        match builtin_attr(ev, name) {
            Some(thunk) => {
                self.put_thunk(name, thunk, top);
                true
            }
            None => false,
        }
    }

    /// Re-exports `builtins.<name>`, or this native version when the evaluator lacks it.
    pub fn builtin_or(
        &mut self,
        ev: &Evaluator,
        name: &str,
        top: bool,
        arity: usize,
        f: impl NativeBody,
    ) {
        if !self.builtin(ev, name, top) {
            self.put(name, prim(name, arity, f), top);
        }
    }
}

/// A span for values that were not written in any source file.
pub(super) fn no_span() -> Span {
    Span::new(FileId(u32::MAX), 0, 0)
}

/// The unknown that stands for names an open set does not know, with this text.
fn open_unknown(text: &str) -> Rc<Unknown> {
    Rc::new(Unknown {
        span: no_span(),
        text: text.into(),
        reason: UnknownReason::Derived,
    })
}

/// An open set of these entries: missing names are unknown, described by `text`.
fn open_set(entries: BTreeMap<Name, Attr>, text: &str) -> Value {
    Value::Attrs(Rc::new(Attrs {
        entries,
        open: Some(open_unknown(text)),
    }))
}

/// The thunk of `builtins.<name>`, if the evaluator has that builtin.
fn builtin_attr(ev: &Evaluator, name: &str) -> Option<Thunk> {
    match ev.builtins() {
        Value::Attrs(set) => set.get(name).map(|a| a.value.clone()),
        _ => None,
    }
}

/// `builtins.<name>` looked up when a lib function runs; `None` when the evaluator lacks it.
pub(super) fn builtin_fn(ev: &mut Evaluator, name: &str) -> EvalResult<Option<Value>> {
    match builtin_attr(ev, name) {
        Some(thunk) => Ok(Some(ev.force(&thunk)?)),
        None => Ok(None),
    }
}

/// The `lib` attribute set.
pub fn lib_set(ev: &mut Evaluator) -> Value {
    let mut top: BTreeMap<Name, Attr> = BTreeMap::new();
    for name in TOP_BUILTINS {
        if let Some(thunk) = builtin_attr(ev, name) {
            top.insert(
                (*name).into(),
                Attr {
                    value: thunk,
                    key_span: None,
                },
            );
        }
    }
    let families: Vec<(&str, Family)> = vec![
        ("trivial", trivial::trivial(ev)),
        ("fixedPoints", trivial::fixed_points()),
        ("asserts", trivial::asserts()),
        ("lists", lists::family(ev)),
        ("strings", strings::family(ev)),
        ("meta", strings::meta()),
        ("attrsets", attrsets::family(ev)),
        ("options", options::family()),
        ("modules", modules::family()),
        ("types", types::family()),
    ];
    for (name, family) in families {
        for exported in &family.top {
            if let Some(attr) = family.entries.get(exported) {
                top.insert(exported.clone(), attr.clone());
            }
        }
        let text = format!("lib.{name}");
        top.insert(
            name.into(),
            Attr {
                value: Thunk::value(open_set(family.entries, &text), None),
                key_span: None,
            },
        );
    }
    open_set(top, "lib")
}

/// The `pkgs` value: an open set whose `lib` is backix's lib and whose packages are unknown.
pub fn pkgs_value(ev: &mut Evaluator, span: Span) -> Value {
    let lib = ev.lib();
    let open = match ev.unknown_text(span, "pkgs", UnknownReason::Package) {
        Value::Unknown(u) => Some(u),
        _ => None,
    };
    let mut entries = BTreeMap::new();
    entries.insert(
        "lib".into(),
        Attr {
            value: Thunk::value(lib, None),
            key_span: None,
        },
    );
    Value::Attrs(Rc::new(Attrs { entries, open }))
}

// ---------------------------------------------------------------------------------------------
// Helpers shared by the families.

/// A thunk of an already known value, located at `span`.
pub(super) fn val(value: Value, span: Span) -> Thunk {
    Thunk::value(value, Some(span))
}

/// A closed set of these lazily evaluated attributes.
pub(super) fn set_of<'a>(pairs: impl IntoIterator<Item = (&'a str, Thunk)>) -> Value {
    let entries = pairs
        .into_iter()
        .map(|(k, v)| {
            (
                Name::from(k),
                Attr {
                    value: v,
                    key_span: None,
                },
            )
        })
        .collect();
    Value::attrs(entries)
}

/// A `throw` with this message (caught by `tryEval`, as nixpkgs' throws are).
pub(super) fn throw(message: impl Into<String>, span: Span) -> Box<EvalError> {
    EvalError::new(ErrorKind::Throw, message, Some(span))
}

/// A string value known from Rust text.
pub(super) fn string(s: impl Into<Rc<str>>) -> Value {
    Value::String(s.into())
}

/// A list of string values.
pub(super) fn string_list<S: AsRef<str>>(items: &[S], span: Span) -> Value {
    Value::list(
        items
            .iter()
            .map(|s| val(string(s.as_ref()), span))
            .collect(),
    )
}

/// Forces a thunk that must be a list of fully known strings (an attribute path). `None` when the
/// list or one of its strings is not known.
pub(super) fn force_names(
    ev: &mut Evaluator,
    thunk: &Thunk,
    span: Span,
) -> EvalResult<Option<Vec<Rc<str>>>> {
    let Some(items) = super::builtins::force_list(ev, thunk, span)? else {
        return Ok(None);
    };
    let mut names = Vec::with_capacity(items.len());
    for item in items.iter() {
        match ev.force_string(item, span)? {
            Some(s) => names.push(s),
            None => return Ok(None),
        }
    }
    Ok(Some(names))
}

/// Coerces a value as string interpolation does and returns the text if fully known.
pub(super) fn known_text(
    ev: &mut Evaluator,
    value: Value,
    mode: CoerceMode,
    span: Span,
) -> EvalResult<Option<Rc<str>>> {
    Ok(match ev.coerce_to_string(value, mode, span)? {
        Coerced::Known(s) => Some(s),
        Coerced::Pieces(_) => None,
    })
}

/// Concatenates values as `"${a}${b}…"` does, keeping unknown pieces.
pub(super) fn interpolate(ev: &mut Evaluator, parts: Vec<Value>, span: Span) -> EvalResult<Value> {
    let mut builder = StringBuilder::default();
    for part in parts {
        let coerced = ev.coerce_to_string(part, CoerceMode::Interpolation, span)?;
        builder.push(coerced);
        ev.check_size(builder.len(), span)?;
    }
    Ok(builder.finish())
}

/// Joins values with a separator as `builtins.concatStringsSep` does, keeping unknown pieces.
pub(super) fn join(
    ev: &mut Evaluator,
    sep: &str,
    items: Vec<Value>,
    span: Span,
) -> EvalResult<Value> {
    let mut builder = StringBuilder::default();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            builder.push_str(sep);
        }
        let coerced = ev.coerce_to_string(item, CoerceMode::Interpolation, span)?;
        builder.push(coerced);
        ev.check_size(builder.len(), span)?;
    }
    Ok(builder.finish())
}

/// Selects `name` from a forced value as `v.name` does: an open set or an unknown gives an
/// unknown, a missing name an error.
pub(super) fn select(
    ev: &mut Evaluator,
    value: &Value,
    name: &str,
    span: Span,
) -> EvalResult<Value> {
    match value {
        Value::Attrs(set) => match set.get(name) {
            Some(attr) => ev.force(&attr.value.clone()),
            None if set.open.is_some() => Ok(ev.derived_unknown(span)),
            None => Err(EvalError::new(
                ErrorKind::MissingAttr,
                format!("attribute '{name}' missing"),
                Some(span),
            )),
        },
        v if v.is_unknown() => Ok(ev.derived_unknown(span)),
        other => Err(type_error(
            format!("value is {} while a set was expected", other.type_phrase()),
            span,
        )),
    }
}

/// Selects `name` from a set lazily: the attribute's own thunk, or a thunk of an unknown when
/// the set is open or unknown; `None` when a closed set lacks it.
pub(super) fn lazy_attr(ev: &Evaluator, value: &Value, name: &str, span: Span) -> Option<Thunk> {
    match value {
        Value::Attrs(set) => match set.get(name) {
            Some(attr) => Some(attr.value.clone()),
            None if set.open.is_some() => Some(val(ev.derived_unknown(span), span)),
            None => None,
        },
        v if v.is_unknown() => Some(val(ev.derived_unknown(span), span)),
        _ => None,
    }
}

/// Whether a value is a function as `builtins.isFunction` says (`None` when unknown).
pub(super) fn is_function(value: &Value) -> Option<bool> {
    match value {
        Value::Lambda(_) | Value::PrimOp(_) => Some(true),
        Value::Unknown(_) => None,
        _ => Some(false),
    }
}
