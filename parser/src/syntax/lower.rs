//! Lowering rnix's syntax tree into [`ir`](super::ir) expressions.
//!
//! Lowering follows the rules of Nix's own parser: dotted attribute paths are merged into nested
//! sets, an explicit set literal merges with dotted definitions of the same name (one level deep,
//! as Nix does), repeated names are errors, and `${"literal"}` keys count as static names.

use std::collections::HashMap;
use std::rc::Rc;

use rnix::ast::{self, AstToken, HasEntry, InterpolPart};
use rowan::ast::AstNode;

use super::ir::*;
use super::strings::{self, RawPart};
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};

/// Lowers one parsed file. Problems Nix's parser would reject are pushed to `errors`.
pub fn lower_root(file: FileId, root: &ast::Root, errors: &mut Vec<Diagnostic>) -> ExprRef {
    let mut lowerer = Lowerer { file, errors };
    match root.expr() {
        Some(expr) => lowerer.expr(expr),
        None => lowerer.error_node(root.syntax(), "the file contains no expression"),
    }
}

struct Lowerer<'a> {
    file: FileId,
    errors: &'a mut Vec<Diagnostic>,
}

/// An attribute value while its set is still being assembled.
enum PendingValue {
    Expr(ExprRef),
    Inherit(Name, Span),
    Nested(Box<PendingBindings>, Span),
}

struct PendingAttr {
    name: Name,
    key_span: Span,
    value: PendingValue,
}

#[derive(Default)]
struct PendingBindings {
    recursive: bool,
    statics: Vec<PendingAttr>,
    index: HashMap<Name, usize>,
    dynamics: Vec<DynamicAttr>,
}

impl<'a> Lowerer<'a> {
    fn span(&self, node: &rnix::SyntaxNode) -> Span {
        Span::from_range(self.file, node.text_range())
    }

    fn error_node(&mut self, node: &rnix::SyntaxNode, message: &str) -> ExprRef {
        let span = self.span(node);
        mk(ExprKind::Error(message.into()), span)
    }

    fn report(&mut self, message: String, span: Span) {
        self.errors
            .push(Diagnostic::error("nix-syntax", message, Some(span)));
    }

    fn opt_expr(&mut self, expr: Option<ast::Expr>, parent: &rnix::SyntaxNode) -> ExprRef {
        match expr {
            Some(e) => self.expr(e),
            None => self.error_node(parent, "incomplete expression"),
        }
    }

    fn expr(&mut self, expr: ast::Expr) -> ExprRef {
        stacker::maybe_grow(64 * 1024, 4 * 1024 * 1024, || self.expr_inner(expr))
    }

    fn expr_inner(&mut self, expr: ast::Expr) -> ExprRef {
        let node = expr.syntax().clone();
        let span = self.span(&node);
        let kind = match expr {
            ast::Expr::Literal(lit) => match lit.kind() {
                ast::LiteralKind::Integer(i) => match i.value() {
                    Ok(v) => ExprKind::Int(v),
                    Err(_) => {
                        self.report(format!("invalid integer '{}'", i.syntax().text()), span);
                        ExprKind::Error("invalid integer".into())
                    }
                },
                ast::LiteralKind::Float(f) => match f.value() {
                    // Like strtod, Nix rejects literals that overflow or underflow a double.
                    Ok(v)
                        if v.is_finite()
                            && (v == 0.0 || v.is_normal())
                            && !(v == 0.0 && has_nonzero_digit(f.syntax().text())) =>
                    {
                        ExprKind::Float(v)
                    }
                    _ => {
                        self.report(format!("invalid float '{}'", f.syntax().text()), span);
                        ExprKind::Error("invalid float".into())
                    }
                },
                ast::LiteralKind::Uri(u) => ExprKind::Str(u.syntax().text().into()),
            },
            ast::Expr::Str(s) => self.string(&s),
            ast::Expr::PathAbs(p) => ExprKind::Path(PathKind::Absolute, self.path_parts(p.parts())),
            ast::Expr::PathRel(p) => ExprKind::Path(PathKind::Relative, self.path_parts(p.parts())),
            ast::Expr::PathHome(p) => ExprKind::Path(PathKind::Home, self.path_parts(p.parts())),
            ast::Expr::PathSearch(p) => {
                let text = p
                    .content()
                    .map(|c| c.text().to_string())
                    .unwrap_or_default();
                let inner = text.trim_start_matches('<').trim_end_matches('>');
                ExprKind::SearchPath(inner.into())
            }
            ast::Expr::Ident(id) => ExprKind::Var(ident_name(&id)),
            ast::Expr::Paren(p) => return self.opt_expr(p.expr(), &node),
            ast::Expr::Root(r) => return self.opt_expr(r.expr(), &node),
            ast::Expr::List(l) => ExprKind::List(l.items().map(|e| self.expr(e)).collect()),
            ast::Expr::Select(s) => {
                let inner = self.opt_expr(s.expr(), &node);
                let path = self.attrpath(s.attrpath());
                let default = s.default_expr().map(|d| self.expr(d));
                ExprKind::Select {
                    expr: inner,
                    path,
                    default,
                }
            }
            ast::Expr::HasAttr(h) => {
                let inner = self.opt_expr(h.expr(), &node);
                let path = self.attrpath(h.attrpath());
                ExprKind::HasAttr { expr: inner, path }
            }
            ast::Expr::AttrSet(set) => {
                let pending = self.attrset_bindings(&set);
                ExprKind::Attrs(Rc::new(self.freeze(pending)))
            }
            ast::Expr::LetIn(l) => {
                let mut pending = PendingBindings {
                    recursive: true,
                    ..Default::default()
                };
                self.entries(&mut pending, l.entries());
                if let Some(first) = pending.dynamics.first() {
                    let span = first.key.span;
                    self.report("dynamic attributes are not allowed in let".into(), span);
                    pending.dynamics.clear();
                }
                let body = self.opt_expr(l.body(), &node);
                ExprKind::Let(Rc::new(self.freeze(pending)), body)
            }
            ast::Expr::LegacyLet(l) => {
                let mut pending = PendingBindings {
                    recursive: true,
                    ..Default::default()
                };
                self.entries(&mut pending, l.entries());
                let set = mk(ExprKind::Attrs(Rc::new(self.freeze(pending))), span);
                ExprKind::Select {
                    expr: set,
                    path: vec![AttrKey::Static("body".into(), span)],
                    default: None,
                }
            }
            ast::Expr::With(w) => {
                let ns = self.opt_expr(w.namespace(), &node);
                let body = self.opt_expr(w.body(), &node);
                ExprKind::With(ns, body)
            }
            ast::Expr::IfElse(i) => {
                let c = self.opt_expr(i.condition(), &node);
                let t = self.opt_expr(i.body(), &node);
                let e = self.opt_expr(i.else_body(), &node);
                ExprKind::If(c, t, e)
            }
            ast::Expr::Assert(a) => {
                let c = self.opt_expr(a.condition(), &node);
                let b = self.opt_expr(a.body(), &node);
                ExprKind::Assert(c, b)
            }
            ast::Expr::Lambda(l) => {
                let param = self.param(l.param());
                let body = self.opt_expr(l.body(), &node);
                ExprKind::Lambda(Rc::new(Lambda { param, body }))
            }
            ast::Expr::Apply(a) => {
                let f = self.opt_expr(a.lambda(), &node);
                let x = self.opt_expr(a.argument(), &node);
                ExprKind::Apply(f, x)
            }
            ast::Expr::BinOp(b) => {
                let lhs = self.opt_expr(b.lhs(), &node);
                let rhs = self.opt_expr(b.rhs(), &node);
                match b.operator() {
                    Some(op) => ExprKind::Binary(bin_op(op), lhs, rhs),
                    None => ExprKind::Error("missing operator".into()),
                }
            }
            ast::Expr::UnaryOp(u) => {
                let inner = self.opt_expr(u.expr(), &node);
                match u.operator() {
                    Some(ast::UnaryOpKind::Invert) => ExprKind::Not(inner),
                    Some(ast::UnaryOpKind::Negate) => ExprKind::Negate(inner),
                    None => ExprKind::Error("missing operator".into()),
                }
            }
            ast::Expr::CurPos(_) => ExprKind::CurPos,
            ast::Expr::Error(_) => ExprKind::Error("syntax error".into()),
        };
        mk(kind, span)
    }

    fn string(&mut self, s: &ast::Str) -> ExprKind {
        // The string's pieces, read directly so that a string broken by a syntax error still
        // lowers (and never trips rnix's own assertions).
        let mut multiline = false;
        let mut raw: Vec<RawPart> = Vec::new();
        for child in s.syntax().children_with_tokens() {
            match child {
                rowan::NodeOrToken::Token(t)
                    if t.kind() == rnix::SyntaxKind::TOKEN_STRING_START =>
                {
                    multiline = t.text() == "''"
                }
                rowan::NodeOrToken::Token(t)
                    if t.kind() == rnix::SyntaxKind::TOKEN_STRING_CONTENT =>
                {
                    raw.push(RawPart::Text(t.text().to_string()))
                }
                rowan::NodeOrToken::Node(n) => {
                    if let Some(i) = ast::Interpol::cast(n.clone()) {
                        raw.push(RawPart::Interp(self.opt_expr(i.expr(), &n)));
                    }
                }
                _ => {}
            }
        }
        let parts = if multiline {
            strings::indented(raw)
        } else {
            strings::plain(raw)
        };
        match parts.as_slice() {
            [] => ExprKind::Str("".into()),
            [StrPart::Lit(text)] => ExprKind::Str(text.clone()),
            _ => ExprKind::Interpolated(parts),
        }
    }

    fn path_parts(&mut self, parts: Vec<InterpolPart<ast::PathContent>>) -> Vec<StrPart> {
        parts
            .into_iter()
            .map(|part| match part {
                InterpolPart::Literal(text) => StrPart::Lit(text.text().into()),
                InterpolPart::Interpolation(i) => {
                    StrPart::Interp(self.opt_expr(i.expr(), i.syntax()))
                }
            })
            .collect()
    }

    fn param(&mut self, param: Option<ast::Param>) -> Param {
        match param {
            Some(ast::Param::IdentParam(p)) => Param::Ident(
                p.ident()
                    .map(|i| ident_name(&i))
                    .unwrap_or_else(|| "".into()),
            ),
            Some(ast::Param::Pattern(p)) => {
                let mut formals = Vec::new();
                for entry in p.pat_entries() {
                    let Some(ident) = entry.ident() else { continue };
                    let name = ident_name(&ident);
                    let span = self.span(ident.syntax());
                    if formals.iter().any(|f: &Formal| f.name == name) {
                        self.report(format!("duplicate formal function argument '{name}'"), span);
                        continue;
                    }
                    let default = entry.default().map(|d| self.expr(d));
                    formals.push(Formal {
                        name,
                        default,
                        span,
                    });
                }
                let bind = p.pat_bind().and_then(|b| b.ident()).map(|i| ident_name(&i));
                if let Some(b) = &bind
                    && formals.iter().any(|f| &f.name == b)
                {
                    let span = self.span(p.syntax());
                    self.report(format!("duplicate formal function argument '{b}'"), span);
                }
                Param::Pattern {
                    formals,
                    ellipsis: p.ellipsis_token().is_some(),
                    bind,
                }
            }
            None => Param::Ident("".into()),
        }
    }

    fn attrpath(&mut self, path: Option<ast::Attrpath>) -> Vec<AttrKey> {
        match path {
            Some(p) => p.attrs().map(|a| self.attr_key(a)).collect(),
            None => Vec::new(),
        }
    }

    fn attr_key(&mut self, attr: ast::Attr) -> AttrKey {
        let span = self.span(attr.syntax());
        match attr {
            ast::Attr::Ident(id) => AttrKey::Static(ident_name(&id), span),
            ast::Attr::Str(s) => self.string_key(&s, span),
            ast::Attr::Dynamic(d) => match d.expr() {
                Some(ast::Expr::Str(s)) => self.string_key(&s, span),
                Some(e) => AttrKey::Dynamic(self.expr(e)),
                None => AttrKey::Dynamic(self.error_node(d.syntax(), "empty dynamic attribute")),
            },
        }
    }

    fn string_key(&mut self, s: &ast::Str, span: Span) -> AttrKey {
        match self.string(s) {
            ExprKind::Str(text) => AttrKey::Static(text, span),
            other => AttrKey::Dynamic(mk(other, span)),
        }
    }

    fn attrset_bindings(&mut self, set: &ast::AttrSet) -> PendingBindings {
        let mut pending = PendingBindings {
            recursive: set.rec_token().is_some(),
            ..Default::default()
        };
        self.entries(&mut pending, set.entries());
        pending
    }

    fn entries(&mut self, target: &mut PendingBindings, entries: impl Iterator<Item = ast::Entry>) {
        for entry in entries {
            match entry {
                ast::Entry::Inherit(inherit) => self.inherit(target, &inherit),
                ast::Entry::AttrpathValue(apv) => {
                    let keys = self.attrpath(apv.attrpath());
                    let node = apv.syntax().clone();
                    let value = match apv.value() {
                        Some(ast::Expr::AttrSet(set)) => {
                            let span = self.span(set.syntax());
                            PendingValue::Nested(Box::new(self.attrset_bindings(&set)), span)
                        }
                        other => PendingValue::Expr(self.opt_expr(other, &node)),
                    };
                    if keys.is_empty() {
                        let span = self.span(&node);
                        self.report("attribute without a name".into(), span);
                        continue;
                    }
                    self.add_attr(target, keys, value);
                }
            }
        }
    }

    fn inherit(&mut self, target: &mut PendingBindings, inherit: &ast::Inherit) {
        let from = inherit.from().map(|f| self.opt_expr(f.expr(), f.syntax()));
        for attr in inherit.attrs() {
            let key = self.attr_key(attr);
            let AttrKey::Static(name, span) = key else {
                let span = match &key {
                    AttrKey::Dynamic(e) => e.span,
                    AttrKey::Static(_, s) => *s,
                };
                self.report("dynamic attributes are not allowed in inherit".into(), span);
                continue;
            };
            let value = match &from {
                Some(source) => PendingValue::Expr(mk(
                    ExprKind::Select {
                        expr: source.clone(),
                        path: vec![AttrKey::Static(name.clone(), span)],
                        default: None,
                    },
                    span,
                )),
                None => PendingValue::Inherit(name.clone(), span),
            };
            self.insert_static(target, name, span, value);
        }
    }

    fn insert_static(
        &mut self,
        target: &mut PendingBindings,
        name: Name,
        key_span: Span,
        value: PendingValue,
    ) {
        if let Some(&i) = target.index.get(&name) {
            let existing = &mut target.statics[i];
            // Nix merges a set literal into an existing set literal, one level deep.
            if let (PendingValue::Nested(existing_set, _), PendingValue::Nested(new_set, _)) =
                (&mut existing.value, value)
            {
                let new_set = *new_set;
                for attr in new_set.statics {
                    if existing_set.index.contains_key(&attr.name) {
                        self.report(
                            format!("attribute '{}.{}' already defined", name, attr.name),
                            attr.key_span,
                        );
                    } else {
                        existing_set
                            .index
                            .insert(attr.name.clone(), existing_set.statics.len());
                        existing_set.statics.push(attr);
                    }
                }
                existing_set.dynamics.extend(new_set.dynamics);
                return;
            }
            let first = self.errors.len();
            self.report(format!("attribute '{name}' already defined"), key_span);
            let earlier = target.statics[i].key_span;
            self.errors[first] = self.errors[first]
                .clone()
                .with_label(earlier, "first defined here");
            return;
        }
        target.index.insert(name.clone(), target.statics.len());
        target.statics.push(PendingAttr {
            name,
            key_span,
            value,
        });
    }

    fn add_attr(&mut self, target: &mut PendingBindings, keys: Vec<AttrKey>, value: PendingValue) {
        stacker::maybe_grow(64 * 1024, 4 * 1024 * 1024, || {
            self.add_attr_inner(target, keys, value)
        })
    }

    fn add_attr_inner(
        &mut self,
        target: &mut PendingBindings,
        mut keys: Vec<AttrKey>,
        value: PendingValue,
    ) {
        let first = keys.remove(0);
        if keys.is_empty() {
            match first {
                AttrKey::Static(name, span) => self.insert_static(target, name, span, value),
                AttrKey::Dynamic(key) => {
                    let value = self.pending_to_expr(value);
                    target.dynamics.push(DynamicAttr { key, value });
                }
            }
            return;
        }
        match first {
            AttrKey::Static(name, span) => {
                if let Some(&i) = target.index.get(&name) {
                    let earlier = target.statics[i].key_span;
                    match &mut target.statics[i].value {
                        PendingValue::Nested(inner, _) => self.add_attr(inner, keys, value),
                        _ => {
                            let d = Diagnostic::error(
                                "nix-syntax",
                                format!("attribute '{name}' already defined"),
                                Some(span),
                            )
                            .with_label(earlier, "first defined here");
                            self.errors.push(d);
                        }
                    }
                } else {
                    let mut nested = PendingBindings::default();
                    self.add_attr(&mut nested, keys, value);
                    target.index.insert(name.clone(), target.statics.len());
                    target.statics.push(PendingAttr {
                        name,
                        key_span: span,
                        value: PendingValue::Nested(Box::new(nested), span),
                    });
                }
            }
            AttrKey::Dynamic(key) => {
                let span = key.span;
                let mut nested = PendingBindings::default();
                self.add_attr(&mut nested, keys, value);
                let value = mk(ExprKind::Attrs(Rc::new(self.freeze(nested))), span);
                target.dynamics.push(DynamicAttr { key, value });
            }
        }
    }

    fn pending_to_expr(&mut self, value: PendingValue) -> ExprRef {
        match value {
            PendingValue::Expr(e) => e,
            PendingValue::Inherit(name, span) => mk(ExprKind::Var(name), span),
            PendingValue::Nested(b, span) => mk(ExprKind::Attrs(Rc::new(self.freeze(*b))), span),
        }
    }

    fn freeze(&mut self, pending: PendingBindings) -> Bindings {
        stacker::maybe_grow(64 * 1024, 4 * 1024 * 1024, || self.freeze_inner(pending))
    }

    fn freeze_inner(&mut self, pending: PendingBindings) -> Bindings {
        let statics = pending
            .statics
            .into_iter()
            .map(|attr| {
                let value = match attr.value {
                    PendingValue::Inherit(name, span) => AttrValue::Inherit(name, span),
                    other => AttrValue::Expr(self.pending_to_expr(other)),
                };
                AttrDef {
                    name: attr.name,
                    key_span: attr.key_span,
                    value,
                }
            })
            .collect();
        Bindings {
            recursive: pending.recursive,
            statics,
            dynamics: pending.dynamics,
        }
    }
}

fn ident_name(id: &ast::Ident) -> Name {
    id.syntax().text().to_string().into()
}

fn bin_op(op: ast::BinOpKind) -> BinOp {
    use ast::BinOpKind as K;
    match op {
        K::Concat => BinOp::Concat,
        K::Update => BinOp::Update,
        K::Add => BinOp::Add,
        K::Sub => BinOp::Sub,
        K::Mul => BinOp::Mul,
        K::Div => BinOp::Div,
        K::And => BinOp::And,
        K::Or => BinOp::Or,
        K::Implication => BinOp::Implication,
        K::Equal => BinOp::Equal,
        K::NotEqual => BinOp::NotEqual,
        K::Less => BinOp::Less,
        K::LessOrEq => BinOp::LessOrEq,
        K::More => BinOp::More,
        K::MoreOrEq => BinOp::MoreOrEq,
        K::PipeRight => BinOp::PipeRight,
        K::PipeLeft => BinOp::PipeLeft,
    }
}

fn mk(kind: ExprKind, span: Span) -> ExprRef {
    Rc::new(Expr { kind, span })
}

/// Whether the mantissa of a float literal has a non-zero digit.
fn has_nonzero_digit(text: &str) -> bool {
    text.split(['e', 'E'])
        .next()
        .unwrap_or("")
        .chars()
        .any(|c| c.is_ascii_digit() && c != '0')
}
