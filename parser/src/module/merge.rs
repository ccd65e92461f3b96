//! Merging option definitions from many modules, with the module system's rules.
//!
//! Definitions are discharged level by level: `mkMerge` splits, `mkIf` attaches its condition
//! (evaluated only where a value is needed, so reading `config` inside a condition does not
//! recurse), `mkOverride` sets a priority and `mkOrder` an order. At an option boundary (a
//! declared option, or an undeclared leaf) conditions are evaluated — `false` drops the
//! definition, an unknown keeps it marked conditional — and only the definitions of the highest
//! priority (lowest number) remain. Then the type decides: sets merge per name, lists
//! concatenate in order, `lines` join with newlines, other values must agree.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use super::types::{DeclNode, Declarations, OptionType, Submodule};
use crate::eval::StringBuilder;
use crate::eval::value::{Attr, Attrs, Thunk, Unknown, UnknownReason, Value};
use crate::eval::{ErrorKind, EvalError, EvalResult, Evaluator};
use crate::source::Span;
use crate::syntax::ir::Name;

/// The priority of a plain definition.
pub const DEFAULT_PRIORITY: i64 = 100;
/// The order of a definition without `mkBefore`/`mkAfter`.
pub const DEFAULT_ORDER: i64 = 1000;

/// One definition of an option or of a set on the way to one.
#[derive(Clone)]
pub struct Def {
    /// The defined value (possibly wrapped in `mkIf`, `mkMerge`, …).
    pub value: Thunk,
    /// Where it is defined: the attribute's key, or the module.
    pub span: Option<Span>,
    /// `mkOverride` priority; lower wins.
    pub priority: i64,
    /// `mkOrder` priority for lists and lines.
    pub order: i64,
    /// `mkIf` conditions not evaluated yet.
    pub conditions: Vec<Thunk>,
    /// Whether it depends on an `mkIf` whose condition is unknown.
    pub conditional: bool,
}

impl Def {
    /// A plain definition.
    pub fn new(value: Thunk, span: Option<Span>) -> Self {
        Def {
            value,
            span,
            priority: DEFAULT_PRIORITY,
            order: DEFAULT_ORDER,
            conditions: Vec::new(),
            conditional: false,
        }
    }
}

/// A definition after its wrappers were removed: its value is forced.
#[derive(Clone)]
struct Discharged {
    def: Def,
    value: Value,
}

/// Where a surviving definition is, for reports.
#[derive(Clone, Debug)]
pub struct DefSite {
    /// The place, if known.
    pub span: Option<Span>,
    /// Whether an unknown `mkIf` condition guards it.
    pub conditional: bool,
    /// Its `mkOverride` priority.
    pub priority: i64,
}

/// Two or more definitions that cannot be merged.
#[derive(Clone, Debug)]
pub struct Conflict {
    /// What is wrong.
    pub message: String,
    /// Every definition involved.
    pub sites: Vec<DefSite>,
}

/// The merged result of one node of the option tree.
pub enum Merged {
    /// A set whose attributes merge per name.
    Set {
        /// Children, merged lazily.
        children: BTreeMap<Name, Rc<Node>>,
        /// Definitions that contributed.
        sites: Vec<DefSite>,
    },
    /// A merged value.
    Value {
        /// The value.
        value: Value,
        /// Definitions that contributed.
        sites: Vec<DefSite>,
    },
    /// Every definition was dropped by `mkIf false` (or there was none).
    Absent,
    /// Definitions that conflict.
    Conflict(Conflict),
}

/// How a node's definitions are to be read.
#[derive(Clone)]
pub enum NodeKind {
    /// A declared option of this type.
    Option(OptionType, Option<Thunk>),
    /// A group of declarations (not itself an option).
    Group(Rc<Declarations>, bool),
    /// Nothing is declared here: the shape of the definitions decides.
    Undeclared,
}

/// A node of the option tree, merged on first use.
pub struct Node {
    /// The option path, for messages (`services.borgbackup.jobs.home.paths`).
    pub path: Vec<Name>,
    defs: Vec<Def>,
    kind: NodeKind,
    merged: RefCell<Option<Rc<Merged>>>,
}

impl Node {
    /// A node with its definitions.
    pub fn new(path: Vec<Name>, defs: Vec<Def>, kind: NodeKind) -> Rc<Node> {
        Rc::new(Node {
            path,
            defs,
            kind,
            merged: RefCell::new(None),
        })
    }

    /// The dotted option path.
    pub fn dotted(&self) -> String {
        self.path
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join(".")
    }

    /// The declared type, if this is a declared option.
    pub fn option_type(&self) -> Option<&OptionType> {
        match &self.kind {
            NodeKind::Option(ty, _) => Some(ty),
            _ => None,
        }
    }

    /// The merged result (computed once).
    pub fn merged(self: &Rc<Self>, ev: &mut Evaluator) -> EvalResult<Rc<Merged>> {
        if let Some(m) = &*self.merged.borrow() {
            return Ok(m.clone());
        }
        let merged = Rc::new(self.compute(ev)?);
        *self.merged.borrow_mut() = Some(merged.clone());
        Ok(merged)
    }

    /// The child of a set node, if it has one.
    pub fn child(self: &Rc<Self>, ev: &mut Evaluator, name: &str) -> EvalResult<Option<Rc<Node>>> {
        match &*self.merged(ev)? {
            Merged::Set { children, .. } => Ok(children.get(name).cloned()),
            _ => Ok(None),
        }
    }

    /// The node's value as module code sees it through `config`.
    pub fn value(self: &Rc<Self>, ev: &mut Evaluator, span: Span) -> EvalResult<Value> {
        match &*self.merged(ev)? {
            Merged::Set { children, .. } => {
                let mut entries = BTreeMap::new();
                for (name, child) in children {
                    let child = child.clone();
                    let thunk = Thunk::native(Some(span), move |ev| child.value(ev, span));
                    entries.insert(
                        name.clone(),
                        Attr {
                            value: thunk,
                            key_span: None,
                        },
                    );
                }
                let open = match &self.kind {
                    // A declared attrsOf is closed: its names are exactly the defined ones.
                    NodeKind::Option(..) => None,
                    _ => Some(Rc::new(Unknown {
                        span,
                        text: format!("config.{}", self.dotted()).into(),
                        reason: UnknownReason::ConfigOption,
                    })),
                };
                Ok(Value::Attrs(Rc::new(Attrs { entries, open })))
            }
            Merged::Value { value, .. } => Ok(value.clone()),
            Merged::Absent => match &self.kind {
                NodeKind::Option(_, Some(default)) => ev.force(default),
                _ => Ok(ev.unknown_text(
                    span,
                    format!("config.{}", self.dotted()),
                    UnknownReason::ConfigOption,
                )),
            },
            Merged::Conflict(c) => Err(EvalError::new(
                ErrorKind::Other,
                c.message.clone(),
                c.sites.first().and_then(|s| s.span),
            )),
        }
    }

    fn compute(self: &Rc<Self>, ev: &mut Evaluator) -> EvalResult<Merged> {
        let mut discharged = Vec::new();
        for def in &self.defs {
            discharge(ev, def.clone(), &mut discharged)?;
        }
        match &self.kind {
            NodeKind::Option(ty, _) => {
                if let OptionType::Submodule(_) = ty.merge_shape() {
                    discharged = self.expand_modules(ev, discharged)?;
                }
                let survivors = resolve(ev, discharged)?;
                if survivors.is_empty() {
                    return Ok(Merged::Absent);
                }
                self.merge_typed(ev, ty.clone(), survivors)
            }
            NodeKind::Group(decls, freeform) => {
                if discharged.iter().all(|d| is_plain_set(&d.value)) {
                    let mut merged = self.set_children(
                        discharged,
                        |name| child_kind_in(decls, *freeform, name),
                        false,
                    );
                    self.add_declared_defaults(&mut merged, decls);
                    Ok(merged)
                } else {
                    let survivors = resolve(ev, discharged)?;
                    self.merge_undeclared(ev, survivors)
                }
            }
            NodeKind::Undeclared => {
                if !discharged.is_empty() && discharged.iter().all(|d| is_plain_set(&d.value)) {
                    Ok(self.set_children(discharged, |_| NodeKind::Undeclared, false))
                } else {
                    let survivors = resolve(ev, discharged)?;
                    self.merge_undeclared(ev, survivors)
                }
            }
        }
    }

    /// Turns module-valued definitions of a submodule (functions, or sets with `imports`,
    /// `config` or `options`) into plain configuration definitions.
    fn expand_modules(
        &self,
        ev: &mut Evaluator,
        defs: Vec<Discharged>,
    ) -> EvalResult<Vec<Discharged>> {
        let mut out = Vec::new();
        for d in defs {
            let is_module = match &d.value {
                Value::Lambda(_) | Value::PrimOp(_) => true,
                Value::Attrs(set) => ["imports", "config", "options"]
                    .iter()
                    .any(|k| set.get(k).is_some()),
                _ => false,
            };
            if !is_module {
                out.push(d);
                continue;
            }
            let span = d
                .def
                .span
                .unwrap_or(Span::new(crate::source::FileId(0), 0, 0));
            let name = self.path.last().map(|n| n.to_string());
            let args = super::collect::submodule_args(ev, span, name.as_deref());
            let mut collector = super::collect::Collector::new(args);
            collector.collect(ev, Thunk::value(d.value.clone(), Some(span)), Some(span));
            for inner in collector.defs {
                let mut def = d.def.clone();
                def.value = inner.value;
                def.span = inner.span.or(def.span);
                discharge(ev, def, &mut out)?;
            }
        }
        Ok(out)
    }

    /// Splits set definitions into per-name child definitions.
    fn set_children(
        &self,
        defs: Vec<Discharged>,
        kind_of: impl Fn(&str) -> NodeKind,
        boundary: bool,
    ) -> Merged {
        let mut by_name: BTreeMap<Name, Vec<Def>> = BTreeMap::new();
        let mut sites = Vec::new();
        for d in &defs {
            sites.push(site(&d.def));
            let Value::Attrs(set) = &d.value else {
                continue;
            };
            for (name, attr) in &set.entries {
                let mut child = d.def.clone();
                child.value = attr.value.clone();
                child.span = attr.key_span.or(d.def.span);
                if boundary {
                    child.priority = DEFAULT_PRIORITY;
                    child.order = DEFAULT_ORDER;
                }
                by_name.entry(name.clone()).or_default().push(child);
            }
        }
        let children = by_name
            .into_iter()
            .map(|(name, defs)| {
                let mut path = self.path.clone();
                path.push(name.clone());
                let kind = kind_of(&name);
                (name, Node::new(path, defs, kind))
            })
            .collect();
        Merged::Set { children, sites }
    }

    /// Adds children for declared options nobody defines but that have a default (directly or
    /// below), so that `config` reads give the default.
    fn add_declared_defaults(&self, merged: &mut Merged, decls: &Declarations) {
        let Merged::Set { children, .. } = merged else {
            return;
        };
        for (name, decl) in &decls.children {
            if children.contains_key(name) || !has_default(decl) {
                continue;
            }
            let mut path = self.path.clone();
            path.push(name.clone());
            let kind = match decl {
                DeclNode::Option(d) => NodeKind::Option(d.ty.clone(), d.default.clone()),
                DeclNode::Group(g) => NodeKind::Group(Rc::new(g.clone()), false),
            };
            children.insert(name.clone(), Node::new(path, Vec::new(), kind));
        }
    }

    fn merge_typed(
        self: &Rc<Self>,
        ev: &mut Evaluator,
        ty: OptionType,
        defs: Vec<Discharged>,
    ) -> EvalResult<Merged> {
        match ty {
            OptionType::NullOr(inner) => {
                let nulls = defs
                    .iter()
                    .filter(|d| matches!(d.value, Value::Null))
                    .count();
                if nulls == defs.len() {
                    return Ok(Merged::Value {
                        value: Value::Null,
                        sites: defs.iter().map(|d| site(&d.def)).collect(),
                    });
                }
                if nulls > 0 {
                    return Ok(Merged::Conflict(Conflict {
                        message: format!(
                            "the option `{}` is defined both null and not null",
                            self.dotted()
                        ),
                        sites: defs.iter().map(|d| site(&d.def)).collect(),
                    }));
                }
                self.merge_typed(ev, *inner, defs)
            }
            OptionType::AttrsOf(elem) => {
                if defs.iter().all(|d| matches!(d.value, Value::Attrs(_))) {
                    let elem = *elem;
                    Ok(self.set_children(defs, |_| node_kind_for(&elem), true))
                } else {
                    self.merge_undeclared(ev, defs)
                }
            }
            OptionType::Submodule(sub) => {
                if defs.iter().all(|d| matches!(d.value, Value::Attrs(_))) {
                    let decls = Rc::new(sub.options.clone());
                    let freeform = sub.freeform;
                    let mut merged =
                        self.set_children(defs, |name| child_kind_in(&decls, freeform, name), true);
                    self.add_declared_defaults(&mut merged, &decls);
                    Ok(merged)
                } else {
                    self.merge_undeclared(ev, defs)
                }
            }
            OptionType::ListOf(_) => self.concat_lists(ev, defs),
            OptionType::Lines => {
                let mut defs = defs;
                defs.sort_by_key(|d| d.def.order);
                let sites = defs.iter().map(|d| site(&d.def)).collect();
                let values: Vec<Value> = defs.into_iter().map(|d| d.value).collect();
                let span = self.defs.first().and_then(|d| d.span).unwrap_or(Span::new(
                    crate::source::FileId(0),
                    0,
                    0,
                ));
                let value = join_lines(ev, values, span)?;
                Ok(Merged::Value { value, sites })
            }
            OptionType::CoercedTo(from, to) => {
                if defs.len() == 1 {
                    return self.merge_equal(ev, defs);
                }
                let mut coerced = Vec::new();
                for d in defs {
                    let value = coerce_to(ev, &from, &to, d.value.clone(), d.def.span)?;
                    coerced.push(Discharged { def: d.def, value });
                }
                self.merge_typed(ev, *to, coerced)
            }
            OptionType::Either(branches) => {
                if defs.iter().all(|d| matches!(d.value, Value::List(_)))
                    && branches
                        .iter()
                        .any(|b| matches!(b.merge_shape(), OptionType::ListOf(_)))
                {
                    return self.concat_lists(ev, defs);
                }
                self.merge_equal(ev, defs)
            }
            OptionType::Anything => self.merge_undeclared(ev, defs),
            _ => self.merge_equal(ev, defs),
        }
    }

    /// Merges definitions of an undeclared (or freeform) value by their shape.
    fn merge_undeclared(
        self: &Rc<Self>,
        ev: &mut Evaluator,
        defs: Vec<Discharged>,
    ) -> EvalResult<Merged> {
        if defs.is_empty() {
            return Ok(Merged::Absent);
        }
        if defs.iter().all(|d| is_plain_set(&d.value)) {
            return Ok(self.set_children(defs, |_| NodeKind::Undeclared, true));
        }
        if defs.len() > 1 && defs.iter().all(|d| matches!(d.value, Value::List(_))) {
            return self.concat_lists(ev, defs);
        }
        self.merge_equal(ev, defs)
    }

    fn concat_lists(&self, ev: &mut Evaluator, mut defs: Vec<Discharged>) -> EvalResult<Merged> {
        defs.sort_by_key(|d| d.def.order);
        let sites = defs.iter().map(|d| site(&d.def)).collect();
        let mut items = Vec::new();
        for d in &defs {
            match &d.value {
                Value::List(l) => items.extend(l.iter().cloned()),
                other if other.is_unknown() => {
                    // One unknown list makes the concatenation unknown.
                    return Ok(Merged::Value {
                        value: other.clone(),
                        sites,
                    });
                }
                other => {
                    let span = d
                        .def
                        .span
                        .unwrap_or(Span::new(crate::source::FileId(0), 0, 0));
                    let _ = ev;
                    return Err(EvalError::new(
                        ErrorKind::Type,
                        format!(
                            "the option `{}` is a list, but is defined as {}",
                            self.dotted(),
                            other.type_phrase()
                        ),
                        Some(span),
                    ));
                }
            }
        }
        Ok(Merged::Value {
            value: Value::List(items.into()),
            sites,
        })
    }

    /// Several definitions of a value that does not merge must be equal.
    fn merge_equal(&self, ev: &mut Evaluator, defs: Vec<Discharged>) -> EvalResult<Merged> {
        let sites: Vec<DefSite> = defs.iter().map(|d| site(&d.def)).collect();
        let first = defs[0].value.clone();
        for other in &defs[1..] {
            let span = other
                .def
                .span
                .unwrap_or(Span::new(crate::source::FileId(0), 0, 0));
            ev.force_deep(&first)?;
            ev.force_deep(&other.value)?;
            if ev.equal(&first, &other.value, span)? == Some(false) {
                return Ok(Merged::Conflict(Conflict {
                    message: format!(
                        "the option `{}` has conflicting definition values",
                        self.dotted()
                    ),
                    sites,
                }));
            }
        }
        Ok(Merged::Value {
            value: first,
            sites,
        })
    }
}

fn has_default(decl: &DeclNode) -> bool {
    match decl {
        DeclNode::Option(d) => d.default.is_some(),
        DeclNode::Group(g) => g.children.values().any(has_default),
    }
}

fn site(def: &Def) -> DefSite {
    DefSite {
        span: def.span,
        conditional: def.conditional,
        priority: def.priority,
    }
}

/// A set that merges per name (not a derivation, not a module-system marker).
fn is_plain_set(value: &Value) -> bool {
    match value {
        Value::Attrs(set) => set.get("_type").is_none() && set.get("outPath").is_none(),
        _ => false,
    }
}

fn node_kind_for(ty: &OptionType) -> NodeKind {
    match ty {
        OptionType::Anything => NodeKind::Undeclared,
        other => NodeKind::Option(other.clone(), None),
    }
}

fn child_kind_in(decls: &Declarations, freeform: bool, name: &str) -> NodeKind {
    match decls.get(name) {
        Some(DeclNode::Option(decl)) => match &decl.ty {
            OptionType::Anything if decl.default.is_none() => NodeKind::Undeclared,
            ty => NodeKind::Option(ty.clone(), decl.default.clone()),
        },
        Some(DeclNode::Group(group)) => NodeKind::Group(Rc::new(group.clone()), freeform),
        None => {
            let _ = freeform;
            NodeKind::Undeclared
        }
    }
}

/// Removes `mkMerge`, `mkIf`, `mkOverride` and `mkOrder` wrappers, forcing each value.
fn discharge(ev: &mut Evaluator, def: Def, out: &mut Vec<Discharged>) -> EvalResult<()> {
    let value = ev.force(&def.value)?;
    let Value::Attrs(set) = &value else {
        out.push(Discharged { def, value });
        return Ok(());
    };
    let Some(kind) = set.get("_type") else {
        out.push(Discharged { def, value });
        return Ok(());
    };
    let kind = ev.force(&kind.value.clone())?;
    let field = |name: &str| set.get(name).map(|a| a.value.clone());
    match &kind {
        Value::String(k) if &**k == "merge" => {
            let Some(contents) = field("contents") else {
                return Ok(());
            };
            match ev.force(&contents)? {
                Value::List(items) => {
                    for item in items.iter() {
                        let mut d = def.clone();
                        d.value = item.clone();
                        discharge(ev, d, out)?;
                    }
                }
                v if v.is_unknown() => out.push(Discharged { def, value: v }),
                other => {
                    return Err(EvalError::new(
                        ErrorKind::Type,
                        format!("mkMerge expects a list, but got {}", other.type_phrase()),
                        def.span,
                    ));
                }
            }
        }
        Value::String(k) if &**k == "if" => {
            let (Some(condition), Some(content)) = (field("condition"), field("content")) else {
                return Ok(());
            };
            let mut d = def;
            d.conditions.push(condition);
            d.value = content;
            discharge(ev, d, out)?;
        }
        Value::String(k) if &**k == "override" => {
            let (Some(priority), Some(content)) = (field("priority"), field("content")) else {
                return Ok(());
            };
            let mut d = def;
            if let Value::Int(p) = ev.force(&priority)? {
                d.priority = p;
            }
            d.value = content;
            discharge(ev, d, out)?;
        }
        Value::String(k) if &**k == "order" => {
            let (Some(priority), Some(content)) = (field("priority"), field("content")) else {
                return Ok(());
            };
            let mut d = def;
            if let Value::Int(p) = ev.force(&priority)? {
                d.order = p;
            }
            d.value = content;
            discharge(ev, d, out)?;
        }
        _ => out.push(Discharged { def, value }),
    }
    Ok(())
}

/// Evaluates pending conditions and keeps the definitions of the highest priority.
fn resolve(ev: &mut Evaluator, defs: Vec<Discharged>) -> EvalResult<Vec<Discharged>> {
    let mut kept = Vec::new();
    'defs: for mut d in defs {
        for condition in std::mem::take(&mut d.def.conditions) {
            match ev.force(&condition)? {
                Value::Bool(true) => {}
                Value::Bool(false) => continue 'defs,
                v if v.is_unknown() => d.def.conditional = true,
                other => {
                    let span = condition.span().or(d.def.span);
                    return Err(EvalError::new(
                        ErrorKind::Type,
                        format!(
                            "the condition of mkIf is {} while a Boolean was expected",
                            other.type_phrase()
                        ),
                        span,
                    ));
                }
            }
        }
        kept.push(d);
    }
    let Some(best) = kept.iter().map(|d| d.def.priority).min() else {
        return Ok(kept);
    };
    kept.retain(|d| d.def.priority == best);
    Ok(kept)
}

/// Coerces a definition to a `coercedTo` final type (`str` → `[ str ]`, list → shell words).
fn coerce_to(
    ev: &mut Evaluator,
    from: &OptionType,
    to: &OptionType,
    value: Value,
    span: Option<Span>,
) -> EvalResult<Value> {
    let span = span.unwrap_or(Span::new(crate::source::FileId(0), 0, 0));
    match (from.merge_shape(), to.merge_shape(), &value) {
        (OptionType::Str, OptionType::ListOf(_), Value::String(_) | Value::PartialString(_)) => {
            Ok(Value::List(vec![Thunk::value(value, Some(span))].into()))
        }
        (OptionType::ListOf(_), OptionType::Str, Value::List(_)) => {
            let lib = ev.lib();
            let Value::Attrs(lib) = lib else {
                return Ok(ev.derived_unknown(span));
            };
            let Some(f) = lib.get("escapeShellArgs") else {
                return Ok(ev.derived_unknown(span));
            };
            let f = ev.force(&f.value.clone())?;
            ev.call_values(f, vec![value], span)
        }
        _ => Ok(value),
    }
}

/// Makes a submodule from a user's `types.submodule` value, reading its options statically.
pub fn user_submodule(decls: Declarations, freeform: bool) -> Rc<Submodule> {
    Rc::new(Submodule {
        options: decls,
        freeform,
        modules: Vec::new(),
    })
}

/// Joins `types.lines` definitions with newlines, keeping unknown pieces.
fn join_lines(ev: &mut Evaluator, values: Vec<Value>, span: Span) -> EvalResult<Value> {
    let mut builder = StringBuilder::default();
    for (i, value) in values.into_iter().enumerate() {
        if i > 0 {
            builder.push_str("\n");
        }
        let coerced = ev.coerce_to_string(value, crate::eval::CoerceMode::Interpolation, span)?;
        builder.push(coerced);
    }
    Ok(builder.finish())
}
