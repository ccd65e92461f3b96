//! `lib.types`: option types as the module merger reads them.
//!
//! Every type is a set `{ _type = "option-type"; name; description; descriptionClass;
//! nestedTypes; … }` with nixpkgs' `name`, `description` and `descriptionClass` (those of current
//! nixpkgs: `types.path` is described "absolute path", `types.pathInStore` is named `path`).
//! Descriptions are computed lazily, so a type never forces its nested types until asked.
//! Structural fields:
//!
//! | type | fields |
//! | --- | --- |
//! | `listOf t`, `nonEmptyListOf t`, `attrsOf t`, `lazyAttrsOf t`, `attrsWith { elemType; }`, `nullOr t`, `uniq t`, `unique { message; } t`, `functionTo t` | `nestedTypes.elemType = t` |
//! | `either l r` | `nestedTypes.left = l`, `nestedTypes.right = r` |
//! | `oneOf [ a b c ]` | as nixpkgs: `either a (either b c)`, folded from the left (`either (either a b) c`) |
//! | `coercedTo from f to` | `nestedTypes.coercedType = from`, `nestedTypes.finalType = to`, and `coerceFunc = f` (backix) |
//! | `enum vs` | `values = vs` |
//! | `strMatching re`, `singleLineStr` | `regex = re` |
//! | `separatedString sep`, `lines`, `commas`, `envVar` | `separator = sep` (backix) |
//! | `submodule m`, `submoduleWith { modules; … }` | `submoduleModules` (a list of modules), `shorthandOnlyDefinesConfig`, `specialArgs` (backix) |
//! | `ints.*`, `port`, `numbers.*` | `bounds = { lowest; highest; }`, `null` where unbounded (backix) |
//!
//! `addCheck t f` is `t` itself (backix does not run custom checks); `number` is
//! `either int float`, as in nixpkgs. Types do not carry `check`/`merge` functions.

use std::rc::Rc;

use super::strings::escape_nix_string;
use super::{Family, interpolate, open_set, select, set_of, string, throw, val};
use crate::eval::builtins::{force_attrs, force_int, force_list, known};
use crate::eval::json::format_float;
use crate::eval::ops::update;
use crate::eval::value::{Attr, Attrs, Thunk, Value};
use crate::eval::{EvalResult, Evaluator, type_error};
use crate::source::Span;

/// Types without parameters: attribute name, nixpkgs name, description, description class.
const SIMPLE: &[(&str, &str, &str, Option<&str>)] = &[
    ("raw", "raw", "raw value", Some("noun")),
    ("anything", "anything", "anything", Some("noun")),
    (
        "unspecified",
        "unspecified",
        "unspecified value",
        Some("noun"),
    ),
    ("bool", "bool", "boolean", Some("noun")),
    (
        "boolByOr",
        "boolByOr",
        "boolean (merged using or)",
        Some("noun"),
    ),
    ("int", "int", "signed integer", Some("noun")),
    ("float", "float", "floating point number", Some("noun")),
    ("str", "str", "string", Some("noun")),
    (
        "nonEmptyStr",
        "nonEmptyStr",
        "non-empty string",
        Some("noun"),
    ),
    ("attrs", "attrs", "attribute set", None),
    ("package", "package", "package", Some("noun")),
    ("shellPackage", "package", "package", Some("noun")),
    ("path", "path", "absolute path", Some("noun")),
    ("pathInStore", "path", "path in the Nix store", Some("noun")),
    (
        "externalPath",
        "path",
        "absolute path not in the Nix store",
        Some("noun"),
    ),
    ("deferredModule", "deferredModule", "module", Some("noun")),
    ("optionType", "optionType", "optionType", Some("noun")),
];

/// A constant thunk.
fn c(v: Value) -> Thunk {
    Thunk::value(v, None)
}

/// A constant string thunk.
fn s(text: &str) -> Thunk {
    c(string(text))
}

/// A description class thunk (`null` when absent).
fn class(name: Option<&str>) -> Thunk {
    c(name.map_or(Value::Null, string))
}

/// An option type set from its parts.
fn make_type<'a>(
    name: Thunk,
    description: Thunk,
    description_class: Thunk,
    nested: Vec<(&'a str, Thunk)>,
    extra: Vec<(&'a str, Thunk)>,
) -> Value {
    let mut pairs = vec![
        ("_type", s("option-type")),
        ("name", name),
        ("description", description),
        ("descriptionClass", description_class),
        ("nestedTypes", c(set_of(nested))),
    ];
    pairs.extend(extra);
    set_of(pairs)
}

/// A parameterless type by its attribute name in `lib.types` (`bool`, `str`, `package`, …).
pub(super) fn simple_type(attr: &str) -> Value {
    let (_, name, description, cls) = SIMPLE
        .iter()
        .find(|t| t.0 == attr)
        .copied()
        .unwrap_or((attr, attr, attr, None));
    make_type(s(name), s(description), class(cls), Vec::new(), Vec::new())
}

/// `optionDescriptionPhrase unparenthesize t`: `t.description`, in parentheses unless its
/// description class is one of `fits`.
fn phrase(ev: &mut Evaluator, t: &Thunk, fits: &[&str], span: Span) -> EvalResult<Value> {
    let ty = ev.force(t)?;
    if ty.is_unknown() {
        return Ok(ev.derived_unknown(span));
    }
    let description = select(ev, &ty, "description", span)?;
    let cls = description_class(ev, &ty, span)?;
    match cls {
        Some(Value::String(cls)) if fits.contains(&&*cls) => Ok(description),
        Some(v) if v.is_unknown() => Ok(ev.derived_unknown(span)),
        _ => interpolate(ev, vec![string("("), description, string(")")], span),
    }
}

/// `t.descriptionClass or null`.
fn description_class(ev: &mut Evaluator, ty: &Value, span: Span) -> EvalResult<Option<Value>> {
    match ty {
        Value::Attrs(set) => match set.get("descriptionClass") {
            Some(attr) => Ok(Some(ev.force(&attr.value.clone())?)),
            None if set.open.is_some() => Ok(Some(ev.derived_unknown(span))),
            None => Ok(None),
        },
        _ => Ok(Some(ev.derived_unknown(span))),
    }
}

/// A lazily computed field.
fn lazy(span: Span, f: impl Fn(&mut Evaluator) -> EvalResult<Value> + 'static) -> Thunk {
    Thunk::native(Some(span), f)
}

/// Classes that fit unparenthesized into `list of …` and `attribute set of …`.
const NOUN_COMPOSITE: &[&str] = &["noun", "composite"];
/// Classes that fit unparenthesized into `null or …` and `… or …`.
const NOUN_CONJUNCTION: &[&str] = &["noun", "conjunction"];

/// A type with one nested `elemType` described as `<prefix><phrase of elemType><suffix>`.
fn elem_type(
    name: &str,
    prefix: &'static str,
    fits: &'static [&'static str],
    cls: &str,
    elem: Thunk,
    span: Span,
) -> Value {
    let t = elem.clone();
    let description = lazy(span, move |ev| {
        let p = phrase(ev, &t, fits, span)?;
        interpolate(ev, vec![string(prefix), p], span)
    });
    make_type(
        s(name),
        description,
        class(Some(cls)),
        vec![("elemType", elem)],
        Vec::new(),
    )
}

/// `types.nullOr t`.
pub(super) fn null_or(elem: Thunk, span: Span) -> Value {
    elem_type(
        "nullOr",
        "null or ",
        NOUN_CONJUNCTION,
        "conjunction",
        elem,
        span,
    )
}

/// `types.either l r`.
fn either(left: Thunk, right: Thunk, span: Span) -> Value {
    let (l, r) = (left.clone(), right.clone());
    let description = lazy(span, move |ev| {
        let lt = ev.force(&l)?;
        if lt.is_unknown() {
            return Ok(ev.derived_unknown(span));
        }
        let non_restrictive = matches!(description_class(ev, &lt, span)?, Some(Value::String(c)) if &*c == "nonRestrictiveClause");
        if non_restrictive {
            let ld = select(ev, &lt, "description", span)?;
            let rp = phrase(ev, &r, NOUN_CONJUNCTION, span)?;
            return interpolate(ev, vec![ld, string(", or "), rp], span);
        }
        let lp = phrase(ev, &l, NOUN_CONJUNCTION, span)?;
        let rp = phrase(ev, &r, &["noun", "conjunction", "composite"], span)?;
        interpolate(ev, vec![lp, string(" or "), rp], span)
    });
    make_type(
        s("either"),
        description,
        class(Some("conjunction")),
        vec![("left", left), ("right", right)],
        Vec::new(),
    )
}

/// `{ lowest = …; highest = …; }` with `null` for an open end.
fn bounds(lowest: Option<Value>, highest: Option<Value>) -> Thunk {
    c(set_of([
        ("highest", c(highest.unwrap_or(Value::Null))),
        ("lowest", c(lowest.unwrap_or(Value::Null))),
    ]))
}

/// An integer type with bounds.
fn int_type(
    name: &str,
    description: &str,
    cls: &str,
    lowest: Option<i64>,
    highest: Option<i64>,
) -> Value {
    make_type(
        s(name),
        s(description),
        class(Some(cls)),
        Vec::new(),
        vec![(
            "bounds",
            bounds(lowest.map(Value::Int), highest.map(Value::Int)),
        )],
    )
}

/// `ints.between lowest highest`.
fn int_between(lowest: i64, highest: i64) -> Value {
    int_type(
        "intBetween",
        &format!("integer between {lowest} and {highest} (both inclusive)"),
        "noun",
        Some(lowest),
        Some(highest),
    )
}

/// `ints.u<bits>` / `ints.s<bits>`.
fn int_bits(bits: u32, signed: bool) -> Value {
    let range: i64 = 1 << bits;
    let (lowest, highest, name, doc) = if signed {
        (
            -(range / 2),
            range / 2 - 1,
            format!("signedInt{bits}"),
            format!("{bits} bit signed integer"),
        )
    } else {
        (
            0,
            range - 1,
            format!("unsignedInt{bits}"),
            format!("{bits} bit unsigned integer"),
        )
    };
    int_type(
        &name,
        &format!("{doc}; between {lowest} and {highest} (both inclusive)"),
        "noun",
        Some(lowest),
        Some(highest),
    )
}

/// `builtins.toJSON` of a number, for `numbers.between` descriptions.
fn number_json(v: &Value) -> String {
    match v {
        Value::Int(i) => i.to_string(),
        Value::Float(f) => format_float(*f),
        _ => String::new(),
    }
}

/// `types.number`: `either int float`.
fn number() -> Value {
    either(
        c(simple_type("int")),
        c(simple_type("float")),
        super::no_span(),
    )
}

/// A number type with bounds (`numbers.*`).
fn number_type(
    name: &str,
    description: String,
    cls: &str,
    lowest: Option<Value>,
    highest: Option<Value>,
) -> Value {
    let base = number();
    let Value::Attrs(base) = base else {
        unreachable!("types are sets")
    };
    let over = set_of([
        ("bounds", bounds(lowest, highest)),
        ("description", s(&description)),
        ("descriptionClass", class(Some(cls))),
        ("name", s(name)),
    ]);
    let Value::Attrs(over) = over else {
        unreachable!("set_of gives a set")
    };
    Value::Attrs(Rc::new(update(&base, &over)))
}

/// `types.separatedString sep`.
fn separated_string(sep: &str) -> Value {
    let mut quoted = String::new();
    crate::eval::json::escape_json_string(&mut quoted, sep);
    make_type(
        s("separatedString"),
        s(&format!("strings concatenated with {quoted}")),
        class(Some("noun")),
        Vec::new(),
        vec![("separator", s(sep))],
    )
}

/// A submodule type from its modules thunk (a list) and options.
fn submodule_type(
    modules: Thunk,
    shorthand: Thunk,
    special_args: Thunk,
    description: Thunk,
) -> Value {
    make_type(
        s("submodule"),
        description,
        class(Some("noun")),
        Vec::new(),
        vec![
            ("shorthandOnlyDefinesConfig", shorthand),
            ("specialArgs", special_args),
            ("submoduleModules", modules),
        ],
    )
}

/// `lib.types`.
pub(super) fn family() -> Family {
    let mut f = Family::default();
    for (attr, ..) in SIMPLE {
        f.put(attr, simple_type(attr), false);
    }
    f.put("singleLineStr", make_singleline(), false);
    f.put("lines", separated_string("\n"), false);
    f.put("commas", separated_string(","), false);
    f.put("envVar", separated_string(":"), false);
    f.put("port", int_bits(16, false), false);
    f.put("number", number(), false);

    let mut ints = Family::default();
    ints.put(
        "unsigned",
        int_type(
            "unsignedInt",
            "unsigned integer, meaning >=0",
            "nonRestrictiveClause",
            Some(0),
            None,
        ),
        false,
    );
    ints.put(
        "positive",
        int_type(
            "positiveInt",
            "positive integer, meaning >0",
            "nonRestrictiveClause",
            Some(1),
            None,
        ),
        false,
    );
    for bits in [8, 16, 32] {
        ints.put(&format!("u{bits}"), int_bits(bits, false), false);
        ints.put(&format!("s{bits}"), int_bits(bits, true), false);
    }
    ints.local("between", 2, |ev, a, span| {
        let lowest = known!(ev, force_int(ev, &a[0], span)?, span);
        let highest = known!(ev, force_int(ev, &a[1], span)?, span);
        if lowest > highest {
            return Err(throw(
                "ints.between: lowest must be smaller than highest",
                span,
            ));
        }
        Ok(int_between(lowest, highest))
    });
    f.put("ints", open_set(ints.entries, "lib.types.ints"), false);

    let mut numbers = Family::default();
    numbers.put(
        "nonnegative",
        number_type(
            "numberNonnegative",
            "nonnegative integer or floating point number, meaning >=0".into(),
            "nonRestrictiveClause",
            Some(Value::Int(0)),
            None,
        ),
        false,
    );
    numbers.put(
        "positive",
        number_type(
            "numberPositive",
            "positive integer or floating point number, meaning >0".into(),
            "nonRestrictiveClause",
            None,
            None,
        ),
        false,
    );
    numbers.local("between", 2, |ev, a, span| {
        let lowest = ev.force(&a[0])?;
        let highest = ev.force(&a[1])?;
        if lowest.is_unknown() || highest.is_unknown() {
            return Ok(ev.derived_unknown(span));
        }
        if ev.compare(&highest, &lowest, span)? == Some(std::cmp::Ordering::Less) {
            return Err(throw(
                "numbers.between: lowest must be smaller than highest",
                span,
            ));
        }
        let description = format!(
            "integer or floating point number between {} and {} (both inclusive)",
            number_json(&lowest),
            number_json(&highest)
        );
        Ok(number_type(
            "numberBetween",
            description,
            "conjunction",
            Some(lowest),
            Some(highest),
        ))
    });
    f.put(
        "numbers",
        open_set(numbers.entries, "lib.types.numbers"),
        false,
    );

    f.local("listOf", 1, |_, a, span| Ok(list_of(a[0].clone(), span)));
    f.local("nonEmptyListOf", 1, |_, a, span| {
        let list = val(list_of(a[0].clone(), span), span);
        let inner = list.clone();
        let description = lazy(span, move |ev| {
            let p = phrase(ev, &inner, &["noun"], span)?;
            interpolate(ev, vec![string("non-empty "), p], span)
        });
        Ok(make_type(
            s("listOf"),
            description,
            class(Some("composite")),
            vec![("elemType", a[0].clone())],
            Vec::new(),
        ))
    });
    f.local("attrsOf", 1, |_, a, span| {
        Ok(attrs_of(a[0].clone(), false, span))
    });
    f.local("lazyAttrsOf", 1, |_, a, span| {
        Ok(attrs_of(a[0].clone(), true, span))
    });
    f.local("attrsWith", 1, |ev, a, span| {
        let attrs = known!(ev, force_attrs(ev, &a[0], span)?, span);
        let Some(elem) = attrs.get("elemType") else {
            return Err(type_error(
                "function 'attrsWith' called without required argument 'elemType'",
                span,
            ));
        };
        let lazy_attrs = match attrs.get("lazy") {
            Some(l) => match ev.force(&l.value.clone())? {
                Value::Bool(b) => b,
                v if v.is_unknown() => return Ok(ev.derived_unknown(span)),
                other => {
                    return Err(type_error(
                        format!(
                            "value is {} while a Boolean was expected",
                            other.type_phrase()
                        ),
                        span,
                    ));
                }
            },
            None => false,
        };
        Ok(attrs_of(elem.value.clone(), lazy_attrs, span))
    });
    f.local("nullOr", 1, |_, a, span| Ok(null_or(a[0].clone(), span)));
    f.local("uniq", 1, |_, a, span| Ok(unique(a[0].clone(), span)));
    f.local("unique", 2, |_, a, span| Ok(unique(a[1].clone(), span)));
    f.local("functionTo", 1, |_, a, span| {
        Ok(elem_type(
            "functionTo",
            "function that evaluates to a(n) ",
            NOUN_COMPOSITE,
            "composite",
            a[0].clone(),
            span,
        ))
    });
    f.local("either", 2, |_, a, span| {
        Ok(either(a[0].clone(), a[1].clone(), span))
    });
    f.local("oneOf", 1, |ev, a, span| {
        let ts = known!(ev, force_list(ev, &a[0], span)?, span);
        let Some(first) = ts.first() else {
            return Err(throw(
                "types.oneOf needs to get at least one type in its argument",
                span,
            ));
        };
        let mut acc = ev.force(first)?;
        for t in ts.iter().skip(1) {
            acc = either(val(acc, span), t.clone(), span);
        }
        Ok(acc)
    });
    f.local("enum", 1, |_, a, span| Ok(enum_type(a[0].clone(), span)));
    f.local("strMatching", 1, |_, a, span| {
        let (p1, p2) = (a[0].clone(), a[0].clone());
        let name = lazy(span, move |ev| match ev.force_string(&p1, span)? {
            Some(p) => Ok(string(format!("strMatching {}", escape_nix_string(&p)))),
            None => Ok(ev.derived_unknown(span)),
        });
        let description = lazy(span, move |ev| {
            let p = ev.force(&p2)?;
            interpolate(ev, vec![string("string matching the pattern "), p], span)
        });
        Ok(make_type(
            name,
            description,
            class(Some("noun")),
            Vec::new(),
            vec![("regex", a[0].clone())],
        ))
    });
    f.local("separatedString", 1, |ev, a, span| {
        let sep = known!(ev, ev.force_string(&a[0], span)?, span);
        Ok(separated_string(&sep))
    });
    f.local("passwdEntry", 1, |ev, a, span| {
        let base = known!(ev, force_attrs(ev, &a[0], span)?, span);
        let t = a[0].clone();
        let t2 = a[0].clone();
        let name = lazy(span, move |ev| {
            let ty = ev.force(&t)?;
            let n = select(ev, &ty, "name", span)?;
            interpolate(ev, vec![string("passwdEntry "), n], span)
        });
        let description = lazy(span, move |ev| {
            let p = phrase(ev, &t2, &["noun"], span)?;
            interpolate(
                ev,
                vec![p, string(", not containing newlines or colons")],
                span,
            )
        });
        let over = set_of([
            ("description", description),
            ("descriptionClass", class(Some("nonRestrictiveClause"))),
            ("name", name),
        ]);
        let Value::Attrs(over) = over else {
            unreachable!("set_of gives a set")
        };
        Ok(Value::Attrs(Rc::new(update(&base, &over))))
    });
    f.local("submodule", 1, |_, a, span| {
        let m = a[0].clone();
        let modules = lazy(span, move |ev| match ev.force(&m)? {
            list @ Value::List(_) => Ok(list),
            Value::Unknown(_) => Ok(ev.derived_unknown(span)),
            _ => Ok(Value::list(vec![m.clone()])),
        });
        Ok(submodule_type(
            modules,
            c(Value::Bool(true)),
            c(Value::attrs(Default::default())),
            s("submodule"),
        ))
    });
    f.local("submoduleWith", 1, |ev, a, span| {
        let attrs = known!(ev, force_attrs(ev, &a[0], span)?, span);
        let Some(modules) = attrs.get("modules") else {
            return Err(type_error(
                "function 'submoduleWith' called without required argument 'modules'",
                span,
            ));
        };
        let shorthand = attrs
            .get("shorthandOnlyDefinesConfig")
            .map_or_else(|| c(Value::Bool(false)), |a| a.value.clone());
        let special = attrs
            .get("specialArgs")
            .map_or_else(|| c(Value::attrs(Default::default())), |a| a.value.clone());
        let description = match attrs.get("description") {
            Some(d) => {
                let d = d.value.clone();
                lazy(span, move |ev| match ev.force(&d)? {
                    Value::Null => Ok(string("submodule")),
                    other => Ok(other),
                })
            }
            None => s("submodule"),
        };
        Ok(submodule_type(
            modules.value.clone(),
            shorthand,
            special,
            description,
        ))
    });
    f.local("deferredModuleWith", 1, |ev, a, span| {
        let _ = known!(ev, force_attrs(ev, &a[0], span)?, span);
        Ok(simple_type("deferredModule"))
    });
    f.local("coercedTo", 3, |_, a, span| {
        let (from, to) = (a[0].clone(), a[2].clone());
        let description = lazy(span, move |ev| {
            let final_phrase = phrase(ev, &to, &["noun"], span)?;
            let coerced_phrase = phrase(ev, &from, &["noun"], span)?;
            interpolate(
                ev,
                vec![
                    final_phrase,
                    string(" or "),
                    coerced_phrase,
                    string(" convertible to it"),
                ],
                span,
            )
        });
        Ok(make_type(
            s("coercedTo"),
            description,
            class(None),
            vec![("coercedType", a[0].clone()), ("finalType", a[2].clone())],
            vec![("coerceFunc", a[1].clone())],
        ))
    });
    f.local("addCheck", 2, |ev, a, _| ev.force(&a[0]));

    f.func("isType", 2, |ev, a, span| {
        let wanted = ev.force(&a[0])?;
        let v = ev.force(&a[1])?;
        let actual = match &v {
            Value::Attrs(set) => match set.get("_type") {
                Some(t) => ev.force(&t.value.clone())?,
                None if set.open.is_some() => return Ok(ev.derived_unknown(span)),
                None => string(""),
            },
            v if v.is_unknown() => return Ok(ev.derived_unknown(span)),
            _ => string(""),
        };
        Ok(match ev.equal(&actual, &wanted, span)? {
            Some(b) => Value::Bool(b),
            None => ev.derived_unknown(span),
        })
    });
    f.func("isOptionType", 1, |ev, a, span| match ev.force(&a[0])? {
        Value::Attrs(set) => match set.get("_type") {
            Some(t) => match ev.force(&t.value.clone())? {
                Value::String(t) => Ok(Value::Bool(&*t == "option-type")),
                v if v.is_unknown() => Ok(ev.derived_unknown(span)),
                _ => Ok(Value::Bool(false)),
            },
            None if set.open.is_some() => Ok(ev.derived_unknown(span)),
            None => Ok(Value::Bool(false)),
        },
        v if v.is_unknown() => Ok(ev.derived_unknown(span)),
        _ => Ok(Value::Bool(false)),
    });
    f.func("setType", 2, |ev, a, span| {
        let set = known!(ev, force_attrs(ev, &a[1], span)?, span);
        let mut out = (*set).clone();
        out.entries.insert(
            "_type".into(),
            Attr {
                value: a[0].clone(),
                key_span: None,
            },
        );
        Ok(Value::Attrs(Rc::new(out)))
    });
    f.func("mkOptionType", 1, |ev, a, span| {
        let attrs = known!(ev, force_attrs(ev, &a[0], span)?, span);
        let Some(name) = attrs.get("name").map(|n| n.value.clone()) else {
            return Err(type_error(
                "function 'mkOptionType' called without required argument 'name'",
                span,
            ));
        };
        let mut out: Attrs = (*attrs).clone();
        let description = match attrs.get("description") {
            Some(d) => {
                let (d, name) = (d.value.clone(), name.clone());
                lazy(span, move |ev| match ev.force(&d)? {
                    Value::Null => ev.force(&name),
                    other => Ok(other),
                })
            }
            None => name,
        };
        let mut put = |k: &str, v: Thunk| {
            out.entries.insert(
                k.into(),
                Attr {
                    value: v,
                    key_span: None,
                },
            );
        };
        put("_type", s("option-type"));
        put("description", description);
        if attrs.get("descriptionClass").is_none() {
            put("descriptionClass", c(Value::Null));
        }
        if attrs.get("nestedTypes").is_none() {
            put("nestedTypes", c(Value::attrs(Default::default())));
        }
        Ok(Value::Attrs(Rc::new(out)))
    });
    f
}

/// `types.singleLineStr`.
fn make_singleline() -> Value {
    make_type(
        s("singleLineStr"),
        s("(optionally newline-terminated) single-line string"),
        class(Some("noun")),
        Vec::new(),
        vec![("regex", s("[^\n\r]*\n?"))],
    )
}

/// `types.listOf t`.
fn list_of(elem: Thunk, span: Span) -> Value {
    elem_type(
        "listOf",
        "list of ",
        NOUN_COMPOSITE,
        "composite",
        elem,
        span,
    )
}

/// `types.attrsOf t` / `types.lazyAttrsOf t`.
fn attrs_of(elem: Thunk, lazy_attrs: bool, span: Span) -> Value {
    if lazy_attrs {
        elem_type(
            "lazyAttrsOf",
            "lazy attribute set of ",
            NOUN_COMPOSITE,
            "composite",
            elem,
            span,
        )
    } else {
        elem_type(
            "attrsOf",
            "attribute set of ",
            NOUN_COMPOSITE,
            "composite",
            elem,
            span,
        )
    }
}

/// `types.unique { message; } t` (and `uniq t`): `t`'s description and class, named `unique`.
fn unique(elem: Thunk, span: Span) -> Value {
    let (t1, t2) = (elem.clone(), elem.clone());
    let description = lazy(span, move |ev| {
        let ty = ev.force(&t1)?;
        select(ev, &ty, "description", span)
    });
    let cls = lazy(span, move |ev| {
        let ty = ev.force(&t2)?;
        Ok(description_class(ev, &ty, span)?.unwrap_or(Value::Null))
    });
    make_type(
        s("unique"),
        description,
        cls,
        vec![("elemType", elem)],
        Vec::new(),
    )
}

/// How `types.enum` shows one value in its description.
fn show_enum_value(ev: &mut Evaluator, v: Value) -> EvalResult<Value> {
    let span = super::no_span();
    Ok(match v {
        Value::String(_) | Value::PartialString(_) => {
            interpolate(ev, vec![string("\""), v, string("\"")], span)?
        }
        Value::Int(i) => string(i.to_string()),
        Value::Bool(b) => string(if b { "true" } else { "false" }),
        Value::Unknown(_) => v,
        other => string(format!("<{}>", other.type_name())),
    })
}

/// `types.enum values`.
fn enum_type(values: Thunk, span: Span) -> Value {
    let (v1, v2) = (values.clone(), values.clone());
    let description = lazy(span, move |ev| {
        let vs = known!(ev, force_list(ev, &v1, span)?, span);
        match vs.len() {
            0 => Ok(string("impossible (empty enum)")),
            1 => {
                let v = ev.force(&vs[0])?;
                let shown = show_enum_value(ev, v)?;
                interpolate(
                    ev,
                    vec![string("value "), shown, string(" (singular enum)")],
                    span,
                )
            }
            _ => {
                let mut parts = vec![string("one of ")];
                for (i, v) in vs.iter().enumerate() {
                    if i > 0 {
                        parts.push(string(", "));
                    }
                    let v = ev.force(v)?;
                    parts.push(show_enum_value(ev, v)?);
                }
                interpolate(ev, parts, span)
            }
        }
    });
    let cls = lazy(span, move |ev| {
        let vs = known!(ev, force_list(ev, &v2, span)?, span);
        Ok(string(if vs.len() < 2 { "noun" } else { "conjunction" }))
    });
    make_type(
        s("enum"),
        description,
        cls,
        Vec::new(),
        vec![("values", values)],
    )
}
