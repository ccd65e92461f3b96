//! `lib.options`: option declarations in nixpkgs' shapes.
//!
//! - `mkOption attrs` is `attrs // { _type = "option"; }`; attributes other than nixpkgs'
//!   formals (`default`, `defaultText`, `example`, `description`, `relatedPackages`, `type`,
//!   `apply`, `internal`, `visible`, `readOnly`) are refused as nixpkgs refuses them.
//! - `mkEnableOption name` is `mkOption { type = types.bool; default = false; example = true;
//!   description = "Whether to enable ${name}."; }`.
//! - `mkPackageOption pkgs name { nullable ? false, default ? name, example ? null,
//!   extraDescription ? "", pkgsText ? "pkgs" }` declares an option of type `package` (or
//!   `nullOr package`) whose default is `pkgs.<default>`, looked up in the given `pkgs` (unknown
//!   for backix's own open `pkgs`).
//! - `literalExpression t` is `{ _type = "literalExpression"; text = t; }`, `literalMD t`
//!   `{ _type = "literalMD"; text = t; }`; `mdDoc` is the identity, as in current nixpkgs.

use std::rc::Rc;

use super::types::simple_type;
use super::{Family, interpolate, set_of, string, throw, val};
use crate::eval::builtins::{force_attrs, known};
use crate::eval::value::{Attr, Attrs, Thunk, UnknownReason, Value};
use crate::eval::{ErrorKind, EvalError, EvalResult, Evaluator, type_error};
use crate::source::Span;

/// The formal arguments of nixpkgs' `mkOption`.
const MK_OPTION_ARGS: &[&str] = &[
    "apply",
    "default",
    "defaultText",
    "description",
    "example",
    "internal",
    "readOnly",
    "relatedPackages",
    "type",
    "visible",
];

/// `lib.options`.
pub(super) fn family() -> Family {
    let mut f = Family::default();
    f.func("mkOption", 1, |ev, a, span| {
        let attrs = known!(ev, force_attrs(ev, &a[0], span)?, span);
        for name in attrs.entries.keys() {
            if !MK_OPTION_ARGS.contains(&&**name) {
                return Err(EvalError::new(
                    ErrorKind::Type,
                    format!("function 'mkOption' called with unexpected argument '{name}'"),
                    Some(span),
                ));
            }
        }
        Ok(option(&attrs, span))
    });
    f.func("mkEnableOption", 1, |_, a, span| {
        let name = a[0].clone();
        let description = Thunk::native(Some(span), move |ev| {
            let name = ev.force(&name)?;
            interpolate(
                ev,
                vec![string("Whether to enable "), name, string(".")],
                span,
            )
        });
        Ok(set_of([
            ("_type", val(string("option"), span)),
            ("default", val(Value::Bool(false), span)),
            ("description", description),
            ("example", val(Value::Bool(true), span)),
            ("type", val(simple_type("bool"), span)),
        ]))
    });
    f.func("mkPackageOption", 3, package_option);
    f.func("mkPackageOptionMD", 3, package_option);
    f.func("literalExpression", 1, |ev, a, span| {
        literal(ev, "literalExpression", &a[0], span)
    });
    f.func("literalExample", 1, |ev, a, span| {
        literal(ev, "literalExpression", &a[0], span)
    });
    f.func("literalMD", 1, |ev, a, span| {
        literal(ev, "literalMD", &a[0], span)
    });
    f.func("mdDoc", 1, |ev, a, _| ev.force(&a[0]));
    f.func("isOption", 1, |ev, a, span| match ev.force(&a[0])? {
        Value::Attrs(set) => match set.get("_type") {
            Some(t) => match ev.force(&t.value.clone())? {
                Value::String(s) => Ok(Value::Bool(&*s == "option")),
                v if v.is_unknown() => Ok(ev.derived_unknown(span)),
                _ => Ok(Value::Bool(false)),
            },
            None if set.open.is_some() => Ok(ev.derived_unknown(span)),
            None => Ok(Value::Bool(false)),
        },
        Value::Unknown(_) => Ok(ev.derived_unknown(span)),
        _ => Ok(Value::Bool(false)),
    });
    f
}

/// `attrs // { _type = "option"; }`.
fn option(attrs: &Attrs, span: Span) -> Value {
    let mut out = attrs.clone();
    out.entries.insert(
        "_type".into(),
        Attr {
            value: val(string("option"), span),
            key_span: None,
        },
    );
    Value::Attrs(Rc::new(out))
}

/// `{ _type = <kind>; text = t; }`, refusing what is not a string as nixpkgs does.
fn literal(ev: &mut Evaluator, kind: &str, text: &Thunk, span: Span) -> EvalResult<Value> {
    let v = ev.force(text)?;
    if !matches!(
        v,
        Value::String(_) | Value::PartialString(_) | Value::Unknown(_)
    ) {
        return Err(throw(format!("{kind} expects a string."), span));
    }
    Ok(set_of([
        ("_type", val(string(kind), span)),
        ("text", text.clone()),
    ]))
}

/// The attribute path `name` or `default` of `mkPackageOption` names: a string or a list.
fn package_path(ev: &mut Evaluator, v: Value, span: Span) -> EvalResult<Option<Vec<Rc<str>>>> {
    match v {
        Value::String(s) => Ok(Some(vec![s])),
        Value::List(_) => super::force_names(ev, &val(v, span), span),
        v if v.is_unknown() => Ok(None),
        other => Err(type_error(
            format!(
                "value is {} while a string or a list was expected",
                other.type_phrase()
            ),
            span,
        )),
    }
}

/// `mkPackageOption pkgs name { nullable, default, example, extraDescription, pkgsText }`.
fn package_option(ev: &mut Evaluator, a: &[Thunk], span: Span) -> EvalResult<Value> {
    let name = ev.force(&a[1])?;
    let Some(name_path) = package_path(ev, name.clone(), span)? else {
        return Ok(ev.derived_unknown(span));
    };
    let attrs = known!(ev, force_attrs(ev, &a[2], span)?, span);
    let get = |ev: &mut Evaluator, key: &str| -> EvalResult<Option<Value>> {
        match attrs.get(key) {
            Some(attr) => Ok(Some(ev.force(&attr.value.clone())?)),
            None => Ok(None),
        }
    };
    let nullable = match get(ev, "nullable")? {
        Some(Value::Bool(b)) => b,
        Some(v) if v.is_unknown() => return Ok(ev.derived_unknown(span)),
        Some(other) => {
            return Err(type_error(
                format!(
                    "value is {} while a Boolean was expected",
                    other.type_phrase()
                ),
                span,
            ));
        }
        None => false,
    };
    let pkgs_text: Rc<str> = match get(ev, "pkgsText")? {
        Some(Value::String(s)) => s,
        _ => "pkgs".into(),
    };
    let default = get(ev, "default")?.unwrap_or(name);
    let mut entries: Vec<(&str, Thunk)> = Vec::new();
    if !matches!(default, Value::Null) {
        let Some(default_path) = package_path(ev, default, span)? else {
            return Ok(ev.derived_unknown(span));
        };
        let joined = default_path.join(".");
        let pkgs = a[0].clone();
        let text = format!("{pkgs_text}.{joined}");
        let lookup_text = text.clone();
        let pkgs_name = pkgs_text.clone();
        let default_value = Thunk::native(Some(span), move |ev| {
            let mut v = ev.force(&pkgs)?;
            for key in &default_path {
                v = match &v {
                    Value::Attrs(set) => match set.get(key) {
                        Some(attr) => ev.force(&attr.value.clone())?,
                        None if set.open.is_some() => {
                            return Ok(ev.unknown_text(
                                span,
                                lookup_text.clone(),
                                UnknownReason::Package,
                            ));
                        }
                        None => {
                            return Err(throw(
                                format!("{joined} cannot be found in {pkgs_name}"),
                                span,
                            ));
                        }
                    },
                    _ => {
                        return Ok(ev.unknown_text(
                            span,
                            lookup_text.clone(),
                            UnknownReason::Package,
                        ));
                    }
                };
            }
            Ok(v)
        });
        entries.push(("default", default_value));
        entries.push((
            "defaultText",
            val(literal_value("literalExpression", &text, span), span),
        ));
    } else if nullable {
        entries.push(("default", val(Value::Null, span)));
        entries.push((
            "defaultText",
            val(literal_value("literalExpression", "null", span), span),
        ));
    }
    let shown = name_path.last().cloned().unwrap_or_else(|| "".into());
    let extra = get(ev, "extraDescription")?.unwrap_or_else(|| string(""));
    let separator = if matches!(&extra, Value::String(s) if s.is_empty()) {
        ""
    } else {
        " "
    };
    let description = interpolate(
        ev,
        vec![
            string(format!("The {shown} package to use.{separator}")),
            extra,
        ],
        span,
    )?;
    entries.push(("description", val(description, span)));
    let package = simple_type("package");
    let ty = if nullable {
        super::types::null_or(val(package, span), span)
    } else {
        package
    };
    entries.push(("type", val(ty, span)));
    if let Some(example) = get(ev, "example")?
        && !matches!(example, Value::Null)
    {
        let example = match &example {
            Value::List(_) => {
                let Some(path) = package_path(ev, example.clone(), span)? else {
                    return Ok(ev.derived_unknown(span));
                };
                literal_value(
                    "literalExpression",
                    &format!("{pkgs_text}.{}", path.join(".")),
                    span,
                )
            }
            Value::String(s) => literal_value("literalExpression", s, span),
            _ => example,
        };
        entries.push(("example", val(example, span)));
    }
    entries.push(("_type", val(string("option"), span)));
    Ok(set_of(entries))
}

/// `{ _type = <kind>; text = <text>; }` from Rust text.
fn literal_value(kind: &str, text: &str, span: Span) -> Value {
    set_of([
        ("_type", val(string(kind), span)),
        ("text", val(string(text), span)),
    ])
}
