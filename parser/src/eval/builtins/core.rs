//! Control, types, conversion and import: `import`, `throw`, `abort`, `tryEval`, `seq`,
//! `deepSeq`, `trace`, `typeOf`, the `is*` predicates, `toString`, `toJSON`, `fromJSON`,
//! `functionArgs`, `unsafeGetAttrPos`, and the impure builtins that are unknown statically.

use std::path::PathBuf;
use std::rc::Rc;

use super::{Registry, force_attrs, known};
use crate::eval::json::JsonFailure;
use crate::eval::value::{Thunk, UnknownReason, Value};
use crate::eval::{CoerceMode, Coerced, ErrorKind, EvalError, EvalResult, Evaluator, type_error};
use crate::source::Span;
use crate::syntax::ir::Param;

pub(super) fn register(r: &mut Registry) {
    r.value("true", Value::Bool(true));
    r.value("false", Value::Bool(false));
    r.value("null", Value::Null);
    r.value("langVersion", Value::Int(6));
    r.value("storeDir", Value::string("/nix/store"));

    r.function("throw", 1, |ev, args, span| {
        let message = message_text(ev, &args[0], span)?;
        Err(EvalError::new(ErrorKind::Throw, message, Some(span)))
    });
    r.function("abort", 1, |ev, args, span| {
        let message = message_text(ev, &args[0], span)?;
        Err(EvalError::new(
            ErrorKind::Abort,
            format!("evaluation aborted with the following error message: '{message}'"),
            Some(span),
        ))
    });
    r.function("tryEval", 1, |ev, args, span| match ev.force(&args[0]) {
        Ok(v) => Ok(Value::attrs_from([
            ("success".into(), Value::Bool(true)),
            ("value".into(), v),
        ])),
        Err(e) if e.is_catchable() => Ok(Value::attrs_from([
            ("success".into(), Value::Bool(false)),
            ("value".into(), Value::Bool(false)),
        ])),
        Err(e) => {
            let _ = span;
            Err(e)
        }
    });
    r.function("seq", 2, |ev, args, _| {
        ev.force(&args[0])?;
        ev.force(&args[1])
    });
    r.function("deepSeq", 2, |ev, args, _| {
        let v = ev.force(&args[0])?;
        ev.force_deep(&v)?;
        ev.force(&args[1])
    });
    r.function("trace", 2, |ev, args, span| {
        let v = ev.force(&args[0])?;
        let text = match &v {
            Value::String(s) => s.to_string(),
            other => {
                let mut out = String::new();
                match ev.write_json(other, span, &mut out) {
                    Ok(()) => out,
                    Err(_) => format!("{other:?}"),
                }
            }
        };
        ev.traces.push(text);
        ev.force(&args[1])
    });
    r.function("typeOf", 1, |ev, args, span| {
        let v = ev.force(&args[0])?;
        if v.is_unknown() && !matches!(v, Value::PartialString(_)) {
            return Ok(ev.derived_unknown(span));
        }
        Ok(Value::string(v.type_name()))
    });
    for (name, ty) in [
        ("isNull", "null"),
        ("isBool", "bool"),
        ("isInt", "int"),
        ("isFloat", "float"),
        ("isString", "string"),
        ("isPath", "path"),
        ("isList", "list"),
        ("isAttrs", "set"),
        ("isFunction", "lambda"),
    ] {
        r.function(name, 1, move |ev, args, span| {
            let v = ev.force(&args[0])?;
            if matches!(v, Value::Unknown(_)) {
                return Ok(ev.derived_unknown(span));
            }
            Ok(Value::Bool(v.type_name() == ty))
        });
    }
    r.function("toString", 1, |ev, args, span| {
        let v = ev.force(&args[0])?;
        Ok(match ev.coerce_to_string(v, CoerceMode::ToString, span)? {
            Coerced::Known(s) => Value::String(s),
            Coerced::Pieces(p) => Value::PartialString(p.into()),
        })
    });
    r.function("toJSON", 1, |ev, args, span| {
        let v = ev.force(&args[0])?;
        let mut out = String::new();
        match ev.write_json(&v, span, &mut out) {
            Ok(()) => Ok(Value::string(out)),
            Err(JsonFailure::Error(e)) => Err(e),
            Err(JsonFailure::NotKnown(_)) => Ok(ev.derived_unknown(span)),
        }
    });
    r.function("fromJSON", 1, |ev, args, span| {
        let text = known!(ev, ev.force_string(&args[0], span)?, span);
        super::json_reader::parse(&text, span)
            .map_err(|e| EvalError::new(ErrorKind::Other, format!("invalid JSON: {e}"), Some(span)))
    });
    r.function("functionArgs", 1, |ev, args, span| {
        match ev.force(&args[0])? {
            Value::Lambda(closure) => match &closure.lambda.param {
                Param::Ident(_) => Ok(Value::attrs_from([])),
                Param::Pattern { formals, .. } => {
                    Ok(Value::attrs_from(formals.iter().map(|f| {
                        (f.name.clone(), Value::Bool(f.default.is_some()))
                    })))
                }
            },
            Value::PrimOp(_) => Ok(Value::attrs_from([])),
            v if v.is_unknown() => Ok(ev.derived_unknown(span)),
            other => Err(type_error(
                format!(
                    "value is {} while a function was expected",
                    other.type_phrase()
                ),
                span,
            )),
        }
    });
    r.function("unsafeGetAttrPos", 2, |ev, args, span| {
        let name = known!(ev, ev.force_string(&args[0], span)?, span);
        let set = known!(ev, force_attrs(ev, &args[1], span)?, span);
        let Some(key_span) = set.get(&name).and_then(|a| a.key_span) else {
            return Ok(Value::Null);
        };
        let file = ev.sources.file(key_span.file);
        let lc = file.line_col(key_span.start);
        let name = file
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| file.name.clone());
        Ok(Value::attrs_from([
            ("column".into(), Value::Int(lc.column as i64)),
            ("file".into(), Value::string(name)),
            ("line".into(), Value::Int(lc.line as i64)),
        ]))
    });
    r.function("import", 1, |ev, args, span| import(ev, &args[0], span));
    r.function("scopedImport", 2, |ev, _, span| {
        Ok(ev.unknown(span, UnknownReason::File))
    });

    // What depends on the machine, the time or the store is unknown statically.
    for name in ["currentSystem", "currentTime", "nixVersion", "nixPath"] {
        r.value(
            name,
            Value::Unknown(Rc::new(crate::eval::value::Unknown {
                span: Span::new(crate::source::FileId(u32::MAX), 0, 0),
                text: format!("builtins.{name}").into(),
                reason: UnknownReason::Impure,
            })),
        );
    }
    r.function("getEnv", 1, |ev, _, span| {
        Ok(ev.unknown(span, UnknownReason::Impure))
    });
    for name in [
        "fetchGit",
        "fetchTarball",
        "fetchTree",
        "fetchurl",
        "fetchMercurial",
        "fetchClosure",
        "path",
        "filterSource",
        "toFile",
        "derivation",
        "derivationStrict",
        "placeholder",
        "storePath",
    ] {
        let arity = match name {
            "toFile" | "filterSource" => 2,
            _ => 1,
        };
        r.function(name, arity, |ev, _, span| {
            Ok(ev.unknown(span, UnknownReason::Store))
        });
    }
}

fn message_text(ev: &mut Evaluator, thunk: &Thunk, span: Span) -> EvalResult<String> {
    let v = ev.force(thunk)?;
    Ok(
        match ev.coerce_to_string(v, CoerceMode::Interpolation, span) {
            Ok(Coerced::Known(s)) => s.to_string(),
            Ok(Coerced::Pieces(_)) => "<a message that is not statically known>".to_string(),
            Err(e) => return Err(e),
        },
    )
}

fn import(ev: &mut Evaluator, thunk: &Thunk, span: Span) -> EvalResult<Value> {
    let target = ev.force(thunk)?;
    let path: PathBuf = match &target {
        Value::Path(p) => PathBuf::from(&**p),
        Value::String(s) if s.starts_with('/') => PathBuf::from(&**s),
        Value::Unknown(u) if u.reason == UnknownReason::SearchPath => {
            return Ok(match &*u.text {
                "<nixpkgs/lib>" => ev.lib(),
                "<nixpkgs>" | "<nixos>" | "<nixpkgs/nixos>" => {
                    let pkgs = crate::eval::nixpkgs_lib::pkgs_value(ev, span);
                    super::prim("nixpkgs", 1, move |_, _, _| Ok(pkgs.clone()))
                }
                _ => ev.unknown(span, UnknownReason::SearchPath),
            });
        }
        Value::Attrs(set) if set.get("outPath").is_some() => {
            return Ok(ev.unknown(span, UnknownReason::Store));
        }
        v if v.is_unknown() => return Ok(ev.derived_unknown(span)),
        other => {
            return Err(type_error(
                format!("cannot import {}", other.type_phrase()),
                span,
            ));
        }
    };
    if !path.exists() {
        // An absent file (a secret kept out of git, a generated file) is unknown, not an error.
        return Ok(ev.unknown(span, UnknownReason::File));
    }
    ev.import_file(&path, span)
}
