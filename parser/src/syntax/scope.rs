//! Static variable resolution, as Nix does it at parse time: a name that is bound nowhere — no
//! `let`, function argument, `rec` attribute, global builtin, and no enclosing `with` — is an
//! error even where it is never evaluated.

use std::collections::HashSet;

use super::ir::*;
use crate::diagnostic::Diagnostic;

/// Reports every undefined variable in `expr`. `is_global` tells the names of the outermost scope.
pub fn check_scopes(expr: &ExprRef, is_global: &dyn Fn(&str) -> bool) -> Vec<Diagnostic> {
    let mut checker = Checker {
        scopes: Vec::new(),
        with_depth: 0,
        is_global,
        errors: Vec::new(),
    };
    checker.expr(expr);
    checker.errors
}

struct Checker<'a> {
    scopes: Vec<HashSet<Name>>,
    with_depth: usize,
    is_global: &'a dyn Fn(&str) -> bool,
    errors: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn bound(&self, name: &str) -> bool {
        self.with_depth > 0
            || self.scopes.iter().rev().any(|s| s.contains(name))
            || (self.is_global)(name)
    }

    fn var(&mut self, name: &Name, span: crate::source::Span) {
        if !self.bound(name) {
            self.errors.push(Diagnostic::error(
                "undefined-variable",
                format!("undefined variable '{name}'"),
                Some(span),
            ));
        }
    }

    fn expr(&mut self, expr: &ExprRef) {
        stacker::maybe_grow(64 * 1024, 4 * 1024 * 1024, || self.expr_inner(expr));
    }

    fn keys(&mut self, path: &[AttrKey]) {
        for key in path {
            if let AttrKey::Dynamic(e) = key {
                self.expr(e);
            }
        }
    }

    fn parts(&mut self, parts: &[StrPart]) {
        for part in parts {
            if let StrPart::Interp(e) = part {
                self.expr(e);
            }
        }
    }

    fn bindings(&mut self, b: &Bindings, recursive: bool) {
        // `inherit x;` always refers to the scope around the set.
        for attr in &b.statics {
            if let AttrValue::Inherit(name, span) = &attr.value {
                self.var(name, *span);
            }
        }
        if recursive {
            self.scopes
                .push(b.statics.iter().map(|a| a.name.clone()).collect());
        }
        for attr in &b.statics {
            if let AttrValue::Expr(e) = &attr.value {
                self.expr(e);
            }
        }
        for d in &b.dynamics {
            self.expr(&d.key);
            self.expr(&d.value);
        }
        if recursive {
            self.scopes.pop();
        }
    }

    fn expr_inner(&mut self, expr: &ExprRef) {
        match &expr.kind {
            ExprKind::Int(_)
            | ExprKind::Float(_)
            | ExprKind::Str(_)
            | ExprKind::SearchPath(_)
            | ExprKind::CurPos
            | ExprKind::Error(_) => {}
            ExprKind::Interpolated(parts) | ExprKind::Path(_, parts) => self.parts(parts),
            ExprKind::Var(name) => self.var(name, expr.span),
            ExprKind::Select {
                expr: e,
                path,
                default,
            } => {
                self.expr(e);
                self.keys(path);
                if let Some(d) = default {
                    self.expr(d);
                }
            }
            ExprKind::HasAttr { expr: e, path } => {
                self.expr(e);
                self.keys(path);
            }
            ExprKind::List(items) => items.iter().for_each(|i| self.expr(i)),
            ExprKind::Attrs(b) => self.bindings(b, b.recursive),
            ExprKind::Let(b, body) => {
                self.bindings(b, true);
                self.scopes
                    .push(b.statics.iter().map(|a| a.name.clone()).collect());
                self.expr(body);
                self.scopes.pop();
            }
            ExprKind::With(ns, body) => {
                self.expr(ns);
                self.with_depth += 1;
                self.expr(body);
                self.with_depth -= 1;
            }
            ExprKind::If(c, t, e) => {
                self.expr(c);
                self.expr(t);
                self.expr(e);
            }
            ExprKind::Assert(c, b) | ExprKind::Apply(c, b) | ExprKind::Binary(_, c, b) => {
                self.expr(c);
                self.expr(b);
            }
            ExprKind::Not(e) | ExprKind::Negate(e) => self.expr(e),
            ExprKind::Lambda(l) => {
                let mut scope = HashSet::new();
                match &l.param {
                    Param::Ident(n) => {
                        scope.insert(n.clone());
                    }
                    Param::Pattern { formals, bind, .. } => {
                        scope.extend(formals.iter().map(|f| f.name.clone()));
                        scope.extend(bind.iter().cloned());
                    }
                }
                self.scopes.push(scope);
                if let Param::Pattern { formals, .. } = &l.param {
                    for f in formals {
                        if let Some(d) = &f.default {
                            self.expr(d);
                        }
                    }
                }
                self.expr(&l.body);
                self.scopes.pop();
            }
        }
    }
}
