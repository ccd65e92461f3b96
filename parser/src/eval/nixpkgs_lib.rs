//! backix's native implementation of the parts of nixpkgs `lib` that backup configs use.

use std::rc::Rc;

use super::Evaluator;
use super::value::{Attr, Attrs, Thunk, UnknownReason, Value};
use crate::source::Span;

/// The `lib` attribute set.
pub fn lib_set(_ev: &mut Evaluator) -> Value {
    Value::attrs_from([])
}

/// The `pkgs` value: an open set whose `lib` is backix's lib and whose packages are unknown.
pub fn pkgs_value(ev: &mut Evaluator, span: Span) -> Value {
    let lib = ev.lib();
    let open = match ev.unknown_text(span, "pkgs", UnknownReason::Package) {
        Value::Unknown(u) => Some(u),
        _ => None,
    };
    let mut entries = std::collections::BTreeMap::new();
    entries.insert("lib".into(), Attr { value: Thunk::value(lib, None), key_span: None });
    Value::Attrs(Rc::new(Attrs { entries, open }))
}
