//! Attribute set builtins: `attrNames`, `attrValues`, `hasAttr`, `getAttr`, `removeAttrs`,
//! `mapAttrs` and `intersectAttrs`.

use std::rc::Rc;

use super::{Registry, force_attrs, force_list, known, list_of};
use crate::eval::type_error;
use crate::eval::value::{Attr, Attrs, Thunk, Value};

/// Registers this family's builtins.
pub(super) fn register(r: &mut Registry) {
    r.function("attrNames", 1, |ev, args, span| {
        let set = known!(ev, force_attrs(ev, &args[0], span)?, span);
        if set.open.is_some() {
            return Ok(ev.derived_unknown(span));
        }
        // The map's order is Nix's: names sorted by bytes.
        Ok(list_of(
            set.entries
                .keys()
                .map(|name| Value::String(name.clone()))
                .collect(),
            span,
        ))
    });
    r.function("attrValues", 1, |ev, args, span| {
        let set = known!(ev, force_attrs(ev, &args[0], span)?, span);
        if set.open.is_some() {
            return Ok(ev.derived_unknown(span));
        }
        Ok(Value::list(
            set.entries
                .values()
                .map(|attr| attr.value.clone())
                .collect(),
        ))
    });
    r.function("hasAttr", 2, |ev, args, span| {
        let name = known!(ev, ev.force_string(&args[0], span)?, span);
        let set = known!(ev, force_attrs(ev, &args[1], span)?, span);
        Ok(match set.get(&name) {
            Some(_) => Value::Bool(true),
            None if set.open.is_some() => ev.derived_unknown(span),
            None => Value::Bool(false),
        })
    });
    r.function("getAttr", 2, |ev, args, span| {
        let name = known!(ev, ev.force_string(&args[0], span)?, span);
        let set = known!(ev, force_attrs(ev, &args[1], span)?, span);
        match set.get(&name) {
            Some(attr) => ev.force(&attr.value.clone()),
            None => match &set.open {
                Some(open) => Ok(ev.unknown(span, open.reason.clone())),
                None => Err(type_error(
                    format!("attribute '{name}' missing for call to 'getAttr'"),
                    span,
                )),
            },
        }
    });
    r.function("removeAttrs", 2, |ev, args, span| {
        let set = known!(ev, force_attrs(ev, &args[0], span)?, span);
        let names = known!(ev, force_list(ev, &args[1], span)?, span);
        let mut entries = set.entries.clone();
        let mut unknown = false;
        for name in names.iter() {
            match ev.force_string(name, span)? {
                Some(name) => {
                    entries.remove(&name);
                }
                None => unknown = true,
            }
        }
        if unknown {
            return Ok(ev.derived_unknown(span));
        }
        Ok(Value::Attrs(Rc::new(Attrs {
            entries,
            open: set.open.clone(),
        })))
    });
    r.function("mapAttrs", 2, |ev, args, span| {
        // Nix forces the set but not the function: each value is a lazy application.
        let set = known!(ev, force_attrs(ev, &args[1], span)?, span);
        ev.charge(set.len() as u64, span)?;
        let entries = set
            .entries
            .iter()
            .map(|(name, attr)| {
                let f = args[0].clone();
                let call_args = vec![
                    Thunk::value(Value::String(name.clone()), Some(span)),
                    attr.value.clone(),
                ];
                let value = Thunk::native(Some(span), move |ev| {
                    let f = ev.force(&f)?;
                    ev.call(f, &call_args, span)
                });
                (
                    name.clone(),
                    Attr {
                        value,
                        key_span: attr.key_span,
                    },
                )
            })
            .collect();
        Ok(Value::Attrs(Rc::new(Attrs {
            entries,
            open: set.open.clone(),
        })))
    });
    r.function("intersectAttrs", 2, |ev, args, span| {
        let e1 = known!(ev, force_attrs(ev, &args[0], span)?, span);
        let e2 = known!(ev, force_attrs(ev, &args[1], span)?, span);
        ev.charge(e2.len() as u64, span)?;
        let entries = e2
            .entries
            .iter()
            .filter(|(name, _)| e1.entries.contains_key(*name))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        // An attribute the analysis cannot see in either set may be in the intersection.
        let open = e1.open.clone().or_else(|| e2.open.clone());
        Ok(Value::Attrs(Rc::new(Attrs { entries, open })))
    });
}

#[cfg(test)]
mod tests {
    use crate::eval::test_support::{err, ok, unknown};

    // Expected values are nix-instantiate 2.8's output.

    #[test]
    fn names_and_values() {
        ok(
            "builtins.attrNames {b=1; a=2; B=3; \"_\"=4;}",
            r#"["B","_","a","b"]"#,
        );
        ok("builtins.attrValues {b=1; a=2;}", "[2,1]");
        err(
            "builtins.attrNames 1",
            "value is an integer while a set was expected",
        );
        ok(
            "builtins.length (builtins.attrValues { a = throw \"x\"; })",
            "1",
        );
    }

    #[test]
    fn has_get_remove() {
        ok("builtins.hasAttr \"a\" {a=1;}", "true");
        ok("builtins.hasAttr \"b\" {a=1;}", "false");
        err(
            "builtins.hasAttr 1 {a=1;}",
            "value is an integer while a string was expected",
        );
        ok("builtins.getAttr \"a\" {a=1;}", "1");
        err(
            "builtins.getAttr \"b\" {a=1;}",
            "attribute 'b' missing for call to 'getAttr'",
        );
        err("builtins.getAttr \"a\" {a=throw \"x\";}", "x");
        ok(
            "builtins.removeAttrs {a=1;b=2;} [\"a\" \"c\"]",
            r#"{"b":2}"#,
        );
        err(
            "builtins.removeAttrs {a=1;b=2;} [1]",
            "value is an integer while a string was expected",
        );
    }

    #[test]
    fn map_and_intersect() {
        ok(
            "builtins.mapAttrs (n: v: n + toString v) {a=1;b=2;}",
            r#"{"a":"a1","b":"b2"}"#,
        );
        ok("builtins.mapAttrs 1 {}", "{}");
        ok(
            "builtins.attrNames (builtins.mapAttrs (n: v: throw \"no\") {a=1;})",
            r#"["a"]"#,
        );
        ok(
            "builtins.intersectAttrs {a=1;b=2;} {b=3;c=4;}",
            r#"{"b":3}"#,
        );
    }

    #[test]
    fn unknowns_keep_what_is_known() {
        ok(
            "builtins.attrNames { a = builtins.currentSystem; }",
            r#"["a"]"#,
        );
        ok(
            "builtins.length (builtins.attrValues { a = builtins.currentSystem; })",
            "1",
        );
        unknown("builtins.attrNames { ${builtins.currentSystem} = 1; }");
        unknown("builtins.hasAttr \"a\" { ${builtins.currentSystem} = 1; }");
        ok(
            "builtins.hasAttr \"b\" { b = 2; ${builtins.currentSystem} = 1; }",
            "true",
        );
        unknown("builtins.getAttr \"a\" { ${builtins.currentSystem} = 1; }");
        unknown("builtins.getAttr builtins.currentSystem { a = 1; }");
        unknown("builtins.removeAttrs { a = 1; } [ builtins.currentSystem ]");
        ok(
            "builtins.attrNames (builtins.mapAttrs (n: v: v) { a = builtins.currentSystem; })",
            r#"["a"]"#,
        );
        unknown("(builtins.intersectAttrs { ${builtins.currentSystem} = 1; } { b = 2; }).b");
    }
}
