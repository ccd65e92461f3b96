//! The partial evaluator: the Nix language with laziness, located values and explicit unknowns.
//!
//! Where every input of an expression is known, the result is exactly what Nix computes. Where an
//! input is unknown (`config.networking.hostName`, `pkgs.borgbackup`, a missing file), the result
//! is an [`Unknown`](value::Unknown) carrying the source text, or a partially known string; the
//! evaluator never invents a value.

pub mod builtins;
mod coerce;
pub mod env;
pub mod error;
pub mod json;
pub mod nixpkgs_lib;
mod ops;
#[cfg(test)]
mod test_support;
pub mod value;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::rc::Rc;

pub use coerce::{CoerceMode, Coerced, StringBuilder};
use env::{Env, WeakFrame};
pub use error::{ErrorKind, EvalError, EvalResult, type_error};
use value::*;

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, SourceMap, Span};
use crate::syntax::{self, ir::*};

/// Limits that keep any evaluation finite and bounded in memory.
#[derive(Clone, Debug)]
pub struct EvalOptions {
    /// Evaluation steps before the evaluation stops with a limit error.
    pub max_steps: u64,
    /// Nested function calls and forcings before the evaluation stops with a limit error.
    pub max_depth: usize,
    /// Largest list or string a single operation may build.
    pub max_size: usize,
    /// Largest file read, in bytes: files given as input, imported modules, `import`, `readFile`.
    pub max_file_size: u64,
}

impl Default for EvalOptions {
    fn default() -> Self {
        EvalOptions {
            max_steps: 50_000_000,
            max_depth: 20_000,
            max_size: 1 << 26,
            max_file_size: crate::input::DEFAULT_MAX_FILE_SIZE,
        }
    }
}

/// One evaluation session: the files read, the builtins, limits and counters.
pub struct Evaluator {
    /// Every file read so far.
    pub sources: SourceMap,
    /// Problems found while reading files (syntax errors of imported files, unreadable imports).
    pub diagnostics: Vec<Diagnostic>,
    /// Messages from `builtins.trace`, in order.
    pub traces: Vec<String>,
    options: EvalOptions,
    globals: Env,
    builtins: Value,
    lib: Option<Value>,
    steps: u64,
    depth: usize,
    imports: HashMap<PathBuf, Thunk>,
    modules: HashMap<PathBuf, ExprRef>,
    recursive_frames: Vec<WeakFrame>,
    cwd: PathBuf,
}

impl Drop for Evaluator {
    fn drop(&mut self) {
        // Recursive scopes refer to themselves through their thunks; emptying them frees the cycle.
        for frame in self.recursive_frames.drain(..) {
            env::clear_frame(&frame);
        }
    }
}

impl Evaluator {
    /// A new evaluator with the given limits.
    pub fn new(options: EvalOptions) -> Self {
        let builtins_value = builtins::builtins_set();
        let globals = builtins::global_scope(&builtins_value);
        Evaluator {
            sources: SourceMap::new(),
            diagnostics: Vec::new(),
            traces: Vec::new(),
            options,
            globals: Env::root(globals),
            builtins: builtins_value,
            lib: None,
            steps: 0,
            depth: 0,
            imports: HashMap::new(),
            modules: HashMap::new(),
            recursive_frames: Vec::new(),
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/")),
        }
    }

    /// The limits in force.
    pub fn options(&self) -> &EvalOptions {
        &self.options
    }

    /// The directory relative paths of expressions given on the command line resolve against.
    pub fn set_cwd(&mut self, cwd: PathBuf) {
        self.cwd = cwd;
    }

    /// The `builtins` set.
    pub fn builtins(&self) -> Value {
        self.builtins.clone()
    }

    /// backix's native nixpkgs `lib`.
    pub fn lib(&mut self) -> Value {
        if let Some(lib) = &self.lib {
            return lib.clone();
        }
        let lib = nixpkgs_lib::lib_set(self);
        self.lib = Some(lib.clone());
        lib
    }

    /// The outermost scope.
    pub fn global_env(&self) -> Env {
        self.globals.clone()
    }

    /// Parses source text as a new file and returns its expression; syntax errors are recorded
    /// in [`Evaluator::diagnostics`] and returned.
    pub fn parse_source(
        &mut self,
        name: &str,
        path: Option<PathBuf>,
        text: &str,
    ) -> (ExprRef, Vec<Diagnostic>) {
        let id = self.sources.add(name, path, text);
        let mut parsed = syntax::parse(&self.sources, id);
        // After a syntax error rnix's recovered tree mis-scopes names; report only the syntax.
        if parsed.errors.is_empty() {
            let globals = self.globals.clone();
            let undefined =
                syntax::check_scopes(&parsed.expr, &|name| globals.lookup_lexical(name).is_some());
            parsed.errors.extend(undefined);
        }
        (parsed.expr, parsed.errors)
    }

    /// The parsed expression of a module file read before (by canonical path): a module shared
    /// by many systems is read and parsed once per evaluator.
    pub fn parsed_module(&self, canonical: &Path) -> Option<ExprRef> {
        self.modules.get(canonical).cloned()
    }

    /// Reads and parses a module file once: later calls with the same canonical path return
    /// the first parse (its syntax errors were reported then).
    pub fn parse_module(&mut self, name: &str, canonical: PathBuf, text: &str) -> ExprRef {
        if let Some(expr) = self.modules.get(&canonical) {
            return expr.clone();
        }
        let (expr, errors) = self.parse_source(name, Some(canonical.clone()), text);
        self.diagnostics.extend(errors);
        self.modules.insert(canonical, expr.clone());
        expr
    }

    /// Evaluates an expression to weak head normal form.
    pub fn eval(&mut self, expr: &ExprRef, env: &Env) -> EvalResult<Value> {
        self.steps += 1;
        if self.steps > self.options.max_steps {
            return Err(EvalError::new(
                ErrorKind::Limit,
                format!(
                    "evaluation stopped after {} steps (the step budget); raise it with --max-steps",
                    self.options.max_steps
                ),
                Some(expr.span),
            ));
        }
        stacker::maybe_grow(128 * 1024, 8 * 1024 * 1024, || self.eval_inner(expr, env))
    }

    /// Evaluates a thunk (once; later calls return the same value).
    pub fn force(&mut self, thunk: &Thunk) -> EvalResult<Value> {
        if let Some(v) = thunk.peek() {
            return Ok(v);
        }
        self.enter(thunk.span())?;
        let result = match thunk.take_state() {
            ThunkState::Done(v) => {
                thunk.set_state(ThunkState::Done(v.clone()));
                Ok(v)
            }
            ThunkState::Blackhole => {
                thunk.set_state(ThunkState::Blackhole);
                Err(EvalError::new(
                    ErrorKind::InfiniteRecursion,
                    "infinite recursion encountered",
                    thunk.span(),
                ))
            }
            ThunkState::Expr(expr, env) => match self.eval(&expr, &env) {
                Ok(v) => {
                    thunk.set_state(ThunkState::Done(v.clone()));
                    Ok(v)
                }
                Err(e) => {
                    thunk.set_state(ThunkState::Expr(expr, env));
                    Err(e)
                }
            },
            ThunkState::Native(f) => match f(self) {
                Ok(v) => {
                    thunk.set_state(ThunkState::Done(v.clone()));
                    Ok(v)
                }
                Err(e) => {
                    thunk.set_state(ThunkState::Native(f));
                    Err(e)
                }
            },
        };
        self.depth -= 1;
        result
    }

    /// Leaves a level entered with [`Evaluator::enter`].
    pub(crate) fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Enters one level of nesting, failing past the depth limit.
    pub(crate) fn enter(&mut self, span: Option<Span>) -> EvalResult<()> {
        self.depth += 1;
        if self.depth > self.options.max_depth {
            self.depth -= 1;
            return Err(EvalError::new(
                ErrorKind::Limit,
                format!(
                    "evaluation nested more than {} levels deep (stack overflow in Nix)",
                    self.options.max_depth
                ),
                span,
            ));
        }
        Ok(())
    }

    /// Calls a function value with one argument.
    pub fn apply(&mut self, f: Value, arg: Thunk, span: Span) -> EvalResult<Value> {
        self.enter(Some(span))?;
        let result = stacker::maybe_grow(128 * 1024, 8 * 1024 * 1024, || {
            self.apply_inner(f, arg, span)
        });
        self.depth -= 1;
        result
    }

    /// Calls a function value with several arguments, one after the other.
    pub fn call(&mut self, f: Value, args: &[Thunk], span: Span) -> EvalResult<Value> {
        let mut f = f;
        for arg in args {
            f = self.apply(f, arg.clone(), span)?;
        }
        Ok(f)
    }

    /// Calls a function with already evaluated arguments.
    pub fn call_values(&mut self, f: Value, args: Vec<Value>, span: Span) -> EvalResult<Value> {
        let thunks: Vec<Thunk> = args
            .into_iter()
            .map(|v| Thunk::value(v, Some(span)))
            .collect();
        self.call(f, &thunks, span)
    }

    /// An unknown produced by an operation on unknown inputs, carrying the operation's text.
    pub fn derived_unknown(&self, span: Span) -> Value {
        self.unknown(span, UnknownReason::Derived)
    }

    /// An unknown for the source text at `span`.
    pub fn unknown(&self, span: Span, reason: UnknownReason) -> Value {
        let text: Rc<str> = self.sources.text(span).into();
        Value::Unknown(Rc::new(Unknown { span, text, reason }))
    }

    /// An unknown with explicit text.
    pub fn unknown_text(
        &self,
        span: Span,
        text: impl Into<Rc<str>>,
        reason: UnknownReason,
    ) -> Value {
        Value::Unknown(Rc::new(Unknown {
            span,
            text: text.into(),
            reason,
        }))
    }

    fn apply_inner(&mut self, f: Value, arg: Thunk, span: Span) -> EvalResult<Value> {
        match f {
            Value::Lambda(closure) => self.apply_closure(&closure, arg, span),
            Value::PrimOp(app) => {
                let mut args = app.args.clone();
                args.push(arg);
                if args.len() == app.op.arity {
                    (app.op.func)(self, &args, span)
                } else {
                    Ok(Value::PrimOp(Rc::new(PrimOpApp {
                        op: app.op.clone(),
                        args,
                    })))
                }
            }
            Value::Attrs(set) => match set.get("__functor") {
                Some(functor) => {
                    let functor = self.force(&functor.value.clone())?;
                    let with_self = self.apply(
                        functor,
                        Thunk::value(Value::Attrs(set.clone()), Some(span)),
                        span,
                    )?;
                    self.apply(with_self, arg, span)
                }
                None if set.open.is_some() => Ok(self.derived_unknown(span)),
                None => Err(type_error(
                    "attempt to call something which is not a function but a set",
                    span,
                )),
            },
            Value::Unknown(_) | Value::PartialString(_) => Ok(self.derived_unknown(span)),
            other => Err(type_error(
                format!(
                    "attempt to call something which is not a function but {}",
                    other.type_phrase()
                ),
                span,
            )),
        }
    }

    fn apply_closure(&mut self, closure: &Closure, arg: Thunk, span: Span) -> EvalResult<Value> {
        let lambda = closure.lambda.clone();
        match &lambda.param {
            Param::Ident(name) => {
                let env = closure.env.bind_one(name.clone(), arg);
                self.eval(&lambda.body, &env)
            }
            Param::Pattern {
                formals,
                ellipsis,
                bind,
            } => {
                let arg_value = self.force(&arg)?;
                let env = closure.env.new_scope();
                self.recursive_frames.push(env.downgrade());
                match &arg_value {
                    Value::Attrs(set) => {
                        for formal in formals {
                            let thunk = match (set.get(&formal.name), &formal.default) {
                                (Some(attr), _) => attr.value.clone(),
                                (None, Some(default)) => Thunk::expr(default.clone(), env.clone()),
                                (None, None) if set.open.is_some() => Thunk::value(
                                    self.unknown_text(
                                        formal.span,
                                        formal.name.clone(),
                                        UnknownReason::ModuleArgument,
                                    ),
                                    Some(formal.span),
                                ),
                                (None, None) => {
                                    return Err(EvalError::new(
                                        ErrorKind::Type,
                                        format!(
                                            "function called without required argument '{}'",
                                            formal.name
                                        ),
                                        Some(span),
                                    ));
                                }
                            };
                            env.define(formal.name.clone(), thunk);
                        }
                        if !ellipsis {
                            for name in set.entries.keys() {
                                if !formals.iter().any(|f| &f.name == name) {
                                    return Err(EvalError::new(
                                        ErrorKind::Type,
                                        format!(
                                            "function called with unexpected argument '{name}'"
                                        ),
                                        Some(span),
                                    ));
                                }
                            }
                        }
                    }
                    Value::Unknown(_) | Value::PartialString(_) => {
                        for formal in formals {
                            let unknown = self.unknown_text(
                                formal.span,
                                formal.name.clone(),
                                UnknownReason::Derived,
                            );
                            env.define(
                                formal.name.clone(),
                                Thunk::value(unknown, Some(formal.span)),
                            );
                        }
                    }
                    other => {
                        return Err(type_error(
                            format!("value is {} while a set was expected", other.type_phrase()),
                            span,
                        ));
                    }
                }
                if let Some(name) = bind {
                    env.define(name.clone(), arg);
                }
                self.eval(&lambda.body, &env)
            }
        }
    }

    fn eval_inner(&mut self, expr: &ExprRef, env: &Env) -> EvalResult<Value> {
        let span = expr.span;
        match &expr.kind {
            ExprKind::Int(i) => Ok(Value::Int(*i)),
            ExprKind::Float(f) => Ok(Value::Float(*f)),
            ExprKind::Str(s) => Ok(Value::String(s.clone())),
            ExprKind::Interpolated(parts) => self.eval_interpolated(parts, env, span),
            ExprKind::Path(kind, parts) => self.eval_path(*kind, parts, env, span),
            ExprKind::SearchPath(_) => Ok(self.unknown(span, UnknownReason::SearchPath)),
            ExprKind::Var(name) => self.lookup(name, env, span),
            ExprKind::Select {
                expr: inner,
                path,
                default,
            } => {
                let mut value = self.eval(inner, env)?;
                for (i, key) in path.iter().enumerate() {
                    let name = match self.attr_key_name(key, env)? {
                        KeyName::Name(n) => n,
                        KeyName::Unknown => return Ok(self.derived_unknown(span)),
                        KeyName::Null => {
                            return Err(type_error(
                                "value is null while a string was expected",
                                key_span(key),
                            ));
                        }
                    };
                    match value {
                        Value::Attrs(set) => match set.get(&name) {
                            Some(attr) => value = self.force(&attr.value.clone())?,
                            None => {
                                if let Some(default) = default {
                                    return self.eval(default, env);
                                }
                                if let Some(open) = &set.open {
                                    let end = key_span(path.last().unwrap_or(key)).end;
                                    let text_span = Span::new(span.file, span.start, end);
                                    return Ok(self.unknown(text_span, open.reason.clone()));
                                }
                                return Err(self.missing_attr(
                                    &name,
                                    &set,
                                    key_span(key),
                                    &path[..i],
                                ));
                            }
                        },
                        Value::Unknown(u) => {
                            let end = key_span(path.last().unwrap_or(key)).end;
                            let text_span = Span::new(span.file, span.start, end);
                            return Ok(self.unknown(text_span, u.reason.clone()));
                        }
                        other => {
                            if let Some(default) = default {
                                return self.eval(default, env);
                            }
                            return Err(type_error(
                                format!(
                                    "value is {} while a set was expected (selecting '{}')",
                                    other.type_phrase(),
                                    name
                                ),
                                key_span(key),
                            ));
                        }
                    }
                }
                Ok(value)
            }
            ExprKind::HasAttr { expr: inner, path } => {
                let mut value = self.eval(inner, env)?;
                for (i, key) in path.iter().enumerate() {
                    let name = match self.attr_key_name(key, env)? {
                        KeyName::Name(n) => n,
                        KeyName::Unknown => return Ok(self.derived_unknown(span)),
                        KeyName::Null => return Ok(Value::Bool(false)),
                    };
                    match value {
                        Value::Attrs(set) => match set.get(&name) {
                            Some(attr) => {
                                if i + 1 == path.len() {
                                    return Ok(Value::Bool(true));
                                }
                                value = self.force(&attr.value.clone())?;
                            }
                            None if set.open.is_some() => return Ok(self.derived_unknown(span)),
                            None => return Ok(Value::Bool(false)),
                        },
                        Value::Unknown(_) => return Ok(self.derived_unknown(span)),
                        _ => return Ok(Value::Bool(false)),
                    }
                }
                Ok(Value::Bool(true))
            }
            ExprKind::List(items) => {
                let thunks: Vec<Thunk> =
                    items.iter().map(|item| self.thunk_of(item, env)).collect();
                Ok(Value::List(thunks.into()))
            }
            ExprKind::Attrs(bindings) => {
                if bindings.recursive {
                    let scope = env.new_scope();
                    self.recursive_frames.push(scope.downgrade());
                    self.eval_bindings(bindings, env, &scope, true)
                } else {
                    self.eval_bindings(bindings, env, env, false)
                }
            }
            ExprKind::Let(bindings, body) => {
                let scope = env.new_scope();
                self.recursive_frames.push(scope.downgrade());
                for attr in &bindings.statics {
                    let thunk = self.binding_thunk(attr, env, &scope);
                    scope.define(attr.name.clone(), thunk);
                }
                self.eval(body, &scope)
            }
            ExprKind::With(ns, body) => {
                let scope = env.with(Thunk::expr(ns.clone(), env.clone()));
                self.eval(body, &scope)
            }
            ExprKind::If(cond, then, otherwise) => match self.eval(cond, env)? {
                Value::Bool(true) => self.eval(then, env),
                Value::Bool(false) => self.eval(otherwise, env),
                v if v.is_unknown() => Ok(self.derived_unknown(span)),
                other => Err(type_error(
                    format!(
                        "value is {} while a Boolean was expected",
                        other.type_phrase()
                    ),
                    cond.span,
                )),
            },
            ExprKind::Assert(cond, body) => match self.eval(cond, env)? {
                Value::Bool(true) => self.eval(body, env),
                Value::Bool(false) => Err(EvalError::new(
                    ErrorKind::Assert,
                    format!("assertion '{}' failed", self.sources.text(cond.span)),
                    Some(span),
                )),
                // An unknown condition is not a failure: evaluation goes on as if it held.
                v if v.is_unknown() => self.eval(body, env),
                other => Err(type_error(
                    format!(
                        "value is {} while a Boolean was expected",
                        other.type_phrase()
                    ),
                    cond.span,
                )),
            },
            ExprKind::Lambda(lambda) => Ok(Value::Lambda(Rc::new(Closure {
                lambda: lambda.clone(),
                env: env.clone(),
                span,
            }))),
            ExprKind::Apply(f, arg) => {
                let fv = self.eval(f, env)?;
                let arg = self.thunk_of(arg, env);
                self.apply(fv, arg, span)
            }
            ExprKind::Binary(op, lhs, rhs) => self.eval_binary(*op, lhs, rhs, env, span),
            ExprKind::Not(inner) => match self.eval(inner, env)? {
                Value::Bool(b) => Ok(Value::Bool(!b)),
                v if v.is_unknown() => Ok(self.derived_unknown(span)),
                other => Err(type_error(
                    format!(
                        "value is {} while a Boolean was expected",
                        other.type_phrase()
                    ),
                    inner.span,
                )),
            },
            ExprKind::Negate(inner) => match self.eval(inner, env)? {
                Value::Int(i) => Ok(Value::Int(i.wrapping_neg())),
                // Nix computes `-x` as `0 - x`, so `-0.0` is `0.0`.
                Value::Float(f) => Ok(Value::Float(0.0 - f)),
                v if v.is_unknown() => Ok(self.derived_unknown(span)),
                other => Err(type_error(
                    format!("cannot negate {}", other.type_phrase()),
                    span,
                )),
            },
            ExprKind::CurPos => {
                let file = self.sources.file(span.file);
                let lc = file.line_col(span.start);
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
            }
            ExprKind::Error(message) => Err(EvalError::new(
                ErrorKind::Syntax,
                format!("syntax error: {message}"),
                Some(span),
            )),
        }
    }

    /// A thunk for an expression, skipping the thunk for literals.
    fn thunk_of(&self, expr: &ExprRef, env: &Env) -> Thunk {
        match &expr.kind {
            // A variable is its binding itself, not a new thunk (so `[ f ] == [ f ]`, as in Nix).
            ExprKind::Var(name) => match env.lookup_lexical(name) {
                Some(thunk) => thunk,
                None => Thunk::expr(expr.clone(), env.clone()),
            },
            ExprKind::Int(i) => Thunk::value(Value::Int(*i), Some(expr.span)),
            ExprKind::Float(f) => Thunk::value(Value::Float(*f), Some(expr.span)),
            ExprKind::Str(s) => Thunk::value(Value::String(s.clone()), Some(expr.span)),
            _ => Thunk::expr(expr.clone(), env.clone()),
        }
    }

    fn binding_thunk(&self, attr: &AttrDef, outer: &Env, scope: &Env) -> Thunk {
        match &attr.value {
            AttrValue::Expr(e) => self.thunk_of(e, scope),
            AttrValue::Inherit(name, span) => Thunk::expr(
                Rc::new(Expr {
                    kind: ExprKind::Var(name.clone()),
                    span: *span,
                }),
                outer.clone(),
            ),
        }
    }

    fn eval_bindings(
        &mut self,
        bindings: &Bindings,
        outer: &Env,
        scope: &Env,
        recursive: bool,
    ) -> EvalResult<Value> {
        let mut entries: BTreeMap<Name, Attr> = BTreeMap::new();
        for attr in &bindings.statics {
            let thunk = self.binding_thunk(attr, outer, scope);
            if recursive {
                scope.define(attr.name.clone(), thunk.clone());
            }
            entries.insert(
                attr.name.clone(),
                Attr {
                    value: thunk,
                    key_span: Some(attr.key_span),
                },
            );
        }
        let mut open = None;
        for dynamic in &bindings.dynamics {
            let key = self.eval(&dynamic.key, scope)?;
            let name: Name = match key {
                Value::String(s) => s,
                Value::Null => continue,
                v if v.is_unknown() => {
                    // The set has an attribute whose name is unknown: further lookups are unknown.
                    if let Value::Unknown(u) = self.derived_unknown(dynamic.key.span) {
                        open = Some(u);
                    }
                    continue;
                }
                other => {
                    return Err(type_error(
                        format!(
                            "value is {} while a string was expected",
                            other.type_phrase()
                        ),
                        dynamic.key.span,
                    ));
                }
            };
            if entries.contains_key(&name) {
                return Err(EvalError::new(
                    ErrorKind::Other,
                    format!("dynamic attribute '{name}' already defined"),
                    Some(dynamic.key.span),
                ));
            }
            let thunk = self.thunk_of(&dynamic.value, scope);
            entries.insert(
                name,
                Attr {
                    value: thunk,
                    key_span: Some(dynamic.key.span),
                },
            );
        }
        Ok(Value::Attrs(Rc::new(Attrs { entries, open })))
    }

    fn lookup(&mut self, name: &Name, env: &Env, span: Span) -> EvalResult<Value> {
        if let Some(thunk) = env.lookup_lexical(name) {
            return self.force(&thunk);
        }
        let mut unknown_namespace = false;
        for ns in env.with_namespaces() {
            match self.force(&ns)? {
                Value::Attrs(set) => {
                    if let Some(attr) = set.get(name) {
                        return self.force(&attr.value.clone());
                    }
                    if set.open.is_some() {
                        unknown_namespace = true;
                    }
                }
                v if v.is_unknown() => unknown_namespace = true,
                other => {
                    return Err(type_error(
                        format!(
                            "value is {} while a set was expected (in 'with')",
                            other.type_phrase()
                        ),
                        span,
                    ));
                }
            }
        }
        if unknown_namespace {
            return Ok(self.unknown(span, UnknownReason::Derived));
        }
        Err(EvalError::new(
            ErrorKind::UndefinedVariable,
            format!("undefined variable '{name}'"),
            Some(span),
        ))
    }

    fn attr_key_name(&mut self, key: &AttrKey, env: &Env) -> EvalResult<KeyName> {
        match key {
            AttrKey::Static(name, _) => Ok(KeyName::Name(name.clone())),
            AttrKey::Dynamic(expr) => match self.eval(expr, env)? {
                Value::String(s) => Ok(KeyName::Name(s)),
                Value::Null => Ok(KeyName::Null),
                v if v.is_unknown() => Ok(KeyName::Unknown),
                other => Err(type_error(
                    format!(
                        "value is {} while a string was expected",
                        other.type_phrase()
                    ),
                    expr.span,
                )),
            },
        }
    }

    fn missing_attr(
        &self,
        name: &str,
        set: &Attrs,
        span: Span,
        _prefix: &[AttrKey],
    ) -> Box<EvalError> {
        let mut message = format!("attribute '{name}' missing");
        if let Some(similar) = set.entries.keys().find(|k| strsim_close(k, name)) {
            message.push_str(&format!("; did you mean '{similar}'?"));
        }
        EvalError::new(ErrorKind::MissingAttr, message, Some(span))
    }

    fn eval_interpolated(&mut self, parts: &[StrPart], env: &Env, span: Span) -> EvalResult<Value> {
        let mut builder = coerce::StringBuilder::default();
        for part in parts {
            match part {
                StrPart::Lit(text) => builder.push_str(text),
                StrPart::Interp(e) => {
                    let v = self.eval(e, env)?;
                    let coerced = self.coerce_to_string(v, CoerceMode::Interpolation, e.span)?;
                    builder.push(coerced);
                }
            }
            if builder.len() > self.options.max_size {
                return Err(EvalError::new(
                    ErrorKind::Limit,
                    "string too large",
                    Some(span),
                ));
            }
        }
        Ok(builder.finish())
    }

    fn eval_path(
        &mut self,
        kind: PathKind,
        parts: &[StrPart],
        env: &Env,
        span: Span,
    ) -> EvalResult<Value> {
        let mut builder = coerce::StringBuilder::default();
        for part in parts {
            match part {
                StrPart::Lit(text) => builder.push_str(text),
                StrPart::Interp(e) => {
                    let v = self.eval(e, env)?;
                    let coerced =
                        self.coerce_to_string(v, CoerceMode::PathInterpolation, e.span)?;
                    builder.push(coerced);
                }
            }
        }
        let Value::String(text) = builder.finish() else {
            return Ok(self.unknown(span, UnknownReason::Derived));
        };
        match kind {
            PathKind::Absolute => Ok(Value::Path(canonical_path(&text).into())),
            PathKind::Relative => {
                let base = self.base_dir(span.file);
                let joined = format!("{}/{}", base.display(), text);
                Ok(Value::Path(canonical_path(&joined).into()))
            }
            PathKind::Home => Ok(self.unknown(span, UnknownReason::Impure)),
        }
    }

    /// The directory relative paths in a file resolve against.
    pub fn base_dir(&self, file: FileId) -> PathBuf {
        self.sources
            .file(file)
            .base_dir()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| self.cwd.clone())
    }

    /// Reads, parses and evaluates a file, once per path (`import`).
    pub fn import_file(&mut self, path: &Path, span: Span) -> EvalResult<Value> {
        let path = if path.is_dir() {
            path.join("default.nix")
        } else {
            path.to_path_buf()
        };
        if let Some(thunk) = self.imports.get(&path).cloned() {
            return self.force(&thunk);
        }
        let text = self.read_text(&path, span)?;
        let name = path.display().to_string();
        let (expr, errors) = self.parse_source(&name, Some(path.clone()), &text);
        let has_errors = !errors.is_empty();
        self.diagnostics.extend(errors);
        if has_errors {
            return Err(EvalError::new(
                ErrorKind::Syntax,
                format!("syntax error in '{name}'"),
                Some(span),
            ));
        }
        let thunk = Thunk::expr(expr, self.globals.clone());
        self.imports.insert(path, thunk.clone());
        self.force(&thunk)
    }

    /// Reads a text file within the size limit.
    pub fn read_text(&mut self, path: &Path, span: Span) -> EvalResult<String> {
        let meta = std::fs::metadata(path).map_err(|e| {
            EvalError::new(
                ErrorKind::Io,
                format!("getting status of '{}': {}", path.display(), io_reason(&e)),
                Some(span),
            )
        })?;
        if meta.len() > self.options.max_file_size {
            return Err(EvalError::new(
                ErrorKind::Limit,
                format!(
                    "'{}' is larger than the limit of {} bytes",
                    path.display(),
                    self.options.max_file_size
                ),
                Some(span),
            ));
        }
        let bytes = std::fs::read(path).map_err(|e| {
            EvalError::new(
                ErrorKind::Io,
                format!("reading '{}': {}", path.display(), io_reason(&e)),
                Some(span),
            )
        })?;
        String::from_utf8(bytes).map_err(|_| {
            EvalError::new(
                ErrorKind::Io,
                format!("'{}' is not valid UTF-8 text", path.display()),
                Some(span),
            )
        })
    }

    /// Forces a value and everything inside it (`deepSeq`, strict output).
    pub fn force_deep(&mut self, value: &Value) -> EvalResult<()> {
        self.enter(None)?;
        let result = self.force_deep_inner(value);
        self.leave();
        result
    }

    fn force_deep_inner(&mut self, value: &Value) -> EvalResult<()> {
        match value {
            Value::List(items) => {
                for item in items.iter() {
                    let v = self.force(item)?;
                    stacker::maybe_grow(128 * 1024, 8 * 1024 * 1024, || self.force_deep(&v))?;
                }
            }
            Value::Attrs(set) => {
                for attr in set.entries.values() {
                    let v = self.force(&attr.value)?;
                    stacker::maybe_grow(128 * 1024, 8 * 1024 * 1024, || self.force_deep(&v))?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Counts work done by a builtin that loops without evaluating expressions.
    pub fn charge(&mut self, steps: u64, span: Span) -> EvalResult<()> {
        self.steps += steps;
        if self.steps > self.options.max_steps {
            return Err(EvalError::new(
                ErrorKind::Limit,
                format!(
                    "evaluation stopped after {} steps (the step budget); raise it with --max-steps",
                    self.options.max_steps
                ),
                Some(span),
            ));
        }
        Ok(())
    }

    /// Fails when a list or string would exceed the size limit.
    pub fn check_size(&self, size: usize, span: Span) -> EvalResult<()> {
        if size > self.options.max_size {
            return Err(EvalError::new(
                ErrorKind::Limit,
                format!(
                    "a list or string of {size} elements exceeds the limit of {}",
                    self.options.max_size
                ),
                Some(span),
            ));
        }
        Ok(())
    }

    /// Evaluation steps taken so far.
    pub fn steps(&self) -> u64 {
        self.steps
    }
}

enum KeyName {
    Name(Name),
    Null,
    Unknown,
}

fn key_span(key: &AttrKey) -> Span {
    match key {
        AttrKey::Static(_, span) => *span,
        AttrKey::Dynamic(e) => e.span,
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "No such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "Permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// Whether two names are close enough to suggest one for the other.
fn strsim_close(a: &str, b: &str) -> bool {
    a != b && edit_distance(a, b) <= (a.len().max(b.len()) / 4).max(1)
}

/// Levenshtein distance between two strings, in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Nix's lexical path canonicalisation: no `.`, no `..`, no repeated or trailing slashes.
pub fn canonical_path(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    format!("/{}", parts.join("/"))
}

/// Why a strict evaluation did not produce JSON.
pub enum StrictFailure {
    /// The source does not parse.
    Syntax(Vec<Diagnostic>),
    /// Evaluation failed where Nix fails too.
    Error(Box<EvalError>),
    /// The value depends on something static analysis cannot know.
    NotKnown(String),
}

impl Evaluator {
    /// Evaluates source text fully and prints it as `nix-instantiate --eval --strict --json` does.
    pub fn eval_strict_json(
        &mut self,
        name: &str,
        path: Option<PathBuf>,
        text: &str,
    ) -> Result<String, StrictFailure> {
        let (expr, errors) = self.parse_source(name, path, text);
        if !errors.is_empty() {
            return Err(StrictFailure::Syntax(errors));
        }
        let env = self.global_env();
        let value = self.eval(&expr, &env).map_err(StrictFailure::Error)?;
        let mut out = String::new();
        let result = stacker::maybe_grow(256 * 1024, 16 * 1024 * 1024, || {
            self.write_json(&value, expr.span, &mut out)
        });
        match result {
            Ok(()) => Ok(out),
            Err(json::JsonFailure::Error(e)) => Err(StrictFailure::Error(e)),
            Err(json::JsonFailure::NotKnown(m)) => Err(StrictFailure::NotKnown(m)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::ok;

    #[test]
    fn pipe_operators_apply_functions() {
        // Nix 2.8 rejects these as syntax; rnix parses them and newer Nix evaluates them so.
        ok("1 |> (x: x + 1) |> (x: x * 10)", "20");
        ok("(x: x * 2) <| 3", "6");
    }
}
