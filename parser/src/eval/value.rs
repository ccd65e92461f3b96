//! Values of the partial evaluator: Nix values plus explicit unknowns, lazily computed through
//! thunks that remember where their expression is.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::rc::Rc;

use super::Evaluator;
use super::env::Env;
use super::error::EvalResult;
use crate::source::Span;
use crate::syntax::ir::{ExprRef, Lambda, Name};

/// A Nix value in weak head normal form, or an unknown.
#[derive(Clone)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A 64-bit integer (wrapping on overflow, as Nix 2.8 does).
    Int(i64),
    /// A double.
    Float(f64),
    /// A fully known string.
    String(Rc<str>),
    /// A string of which some pieces are unknown, such as `"${config.x}/Documents"`.
    PartialString(Rc<[StrPiece]>),
    /// An absolute, canonical path.
    Path(Rc<str>),
    /// A list of lazily evaluated elements.
    List(Rc<[Thunk]>),
    /// An attribute set.
    Attrs(Rc<Attrs>),
    /// A function literal closed over its scope.
    Lambda(Rc<Closure>),
    /// A native function, possibly partially applied.
    PrimOp(Rc<PrimOpApp>),
    /// What static analysis cannot know.
    Unknown(Rc<Unknown>),
}

/// A piece of a partially known string.
#[derive(Clone, Debug)]
pub enum StrPiece {
    /// Known text.
    Known(Rc<str>),
    /// Text static analysis cannot know.
    Unknown(Rc<Unknown>),
}

/// Why a value is unknown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UnknownReason {
    /// A `config.*` option no analysed file defines.
    ConfigOption,
    /// Something from `pkgs`.
    Package,
    /// A `<search/path>` lookup.
    SearchPath,
    /// A file that is absent or may not be read.
    File,
    /// A fetcher or a store path.
    Store,
    /// Depends on the machine or the time (`getEnv`, `currentSystem`, `~/path`).
    Impure,
    /// A module argument the analysis does not supply.
    ModuleArgument,
    /// The result of an operation on an unknown.
    Derived,
}

/// An unknown value, with the source text that produced it.
#[derive(Debug)]
pub struct Unknown {
    /// Where the unknown expression is.
    pub span: Span,
    /// Its source text, such as `config.networking.hostName`.
    pub text: Rc<str>,
    /// Why it is unknown.
    pub reason: UnknownReason,
}

/// One attribute of a set.
#[derive(Clone)]
pub struct Attr {
    /// The value.
    pub value: Thunk,
    /// Where the attribute's name was written, when it was written in source.
    pub key_span: Option<Span>,
}

/// An attribute set: names in Nix's order (sorted by bytes).
#[derive(Clone, Default)]
pub struct Attrs {
    /// The attributes known.
    pub entries: BTreeMap<Name, Attr>,
    /// Set when the set may have attributes the analysis cannot see (`config`, `pkgs`): selecting
    /// a missing name gives an unknown instead of an error.
    pub open: Option<Rc<Unknown>>,
}

impl Attrs {
    /// A closed set of these entries.
    pub fn closed(entries: BTreeMap<Name, Attr>) -> Self {
        Attrs {
            entries,
            open: None,
        }
    }

    /// The attribute of this name.
    pub fn get(&self, name: &str) -> Option<&Attr> {
        self.entries.get(name)
    }

    /// The number of attributes known.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no attribute is known.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A function literal and the scope it closes over.
pub struct Closure {
    /// The function's syntax.
    pub lambda: Rc<Lambda>,
    /// Its scope.
    pub env: Env,
    /// The span of the function literal.
    pub span: Span,
}

/// The body of a native function: receives exactly `arity` argument thunks.
pub type NativeFn = Rc<dyn Fn(&mut Evaluator, &[Thunk], Span) -> EvalResult<Value>>;

/// A native function.
pub struct PrimOp {
    /// Its name, for messages (`map`, `lib.mkIf`).
    pub name: Rc<str>,
    /// How many arguments it takes before it runs.
    pub arity: usize,
    /// The implementation.
    pub func: NativeFn,
}

/// A native function with the arguments it has received so far.
pub struct PrimOpApp {
    /// The function.
    pub op: Rc<PrimOp>,
    /// Arguments received, fewer than its arity.
    pub args: Vec<Thunk>,
}

/// A lazily evaluated value.
#[derive(Clone)]
pub struct Thunk(Rc<ThunkCell>);

struct ThunkCell {
    span: Option<Span>,
    state: RefCell<ThunkState>,
}

/// A deferred native computation.
pub type NativeThunk = Rc<dyn Fn(&mut Evaluator) -> EvalResult<Value>>;

pub(crate) enum ThunkState {
    Done(Value),
    Expr(ExprRef, Env),
    Native(NativeThunk),
    /// Being evaluated; forcing it again is infinite recursion.
    Blackhole,
}

impl Thunk {
    /// An already evaluated value.
    pub fn value(value: Value, span: Option<Span>) -> Self {
        Thunk(Rc::new(ThunkCell {
            span,
            state: RefCell::new(ThunkState::Done(value)),
        }))
    }

    /// An expression to evaluate in a scope when needed.
    pub fn expr(expr: ExprRef, env: Env) -> Self {
        let span = Some(expr.span);
        Thunk(Rc::new(ThunkCell {
            span,
            state: RefCell::new(ThunkState::Expr(expr, env)),
        }))
    }

    /// A native computation to run when needed.
    pub fn native(
        span: Option<Span>,
        f: impl Fn(&mut Evaluator) -> EvalResult<Value> + 'static,
    ) -> Self {
        Thunk(Rc::new(ThunkCell {
            span,
            state: RefCell::new(ThunkState::Native(Rc::new(f))),
        }))
    }

    /// The span of the expression this thunk evaluates (or of the call that made it).
    pub fn span(&self) -> Option<Span> {
        self.0.span
    }

    /// The value if already evaluated.
    pub fn peek(&self) -> Option<Value> {
        match &*self.0.state.borrow() {
            ThunkState::Done(v) => Some(v.clone()),
            _ => None,
        }
    }

    pub(crate) fn take_state(&self) -> ThunkState {
        std::mem::replace(&mut *self.0.state.borrow_mut(), ThunkState::Blackhole)
    }

    pub(crate) fn set_state(&self, state: ThunkState) {
        *self.0.state.borrow_mut() = state;
    }

    /// Whether two thunks are the same object.
    pub fn ptr_eq(&self, other: &Thunk) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Value {
    /// Nix's name for the value's type, as `builtins.typeOf` says it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::String(_) | Value::PartialString(_) => "string",
            Value::Path(_) => "path",
            Value::List(_) => "list",
            Value::Attrs(_) => "set",
            Value::Lambda(_) | Value::PrimOp(_) => "lambda",
            Value::Unknown(_) => "unknown",
        }
    }

    /// The type as Nix's error messages phrase it ("a string", "an integer").
    pub fn type_phrase(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a Boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a float",
            Value::String(_) | Value::PartialString(_) => "a string",
            Value::Path(_) => "a path",
            Value::List(_) => "a list",
            Value::Attrs(_) => "a set",
            Value::Lambda(_) => "a function",
            Value::PrimOp(_) => "a built-in function",
            Value::Unknown(_) => "an unknown value",
        }
    }

    /// Whether the value is (or contains at its top) something unknown.
    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown(_) | Value::PartialString(_))
    }

    /// A string value.
    pub fn string(s: impl Into<Rc<str>>) -> Value {
        Value::String(s.into())
    }

    /// A list value from thunks.
    pub fn list(items: Vec<Thunk>) -> Value {
        Value::List(items.into())
    }

    /// A closed attribute set value.
    pub fn attrs(entries: BTreeMap<Name, Attr>) -> Value {
        Value::Attrs(Rc::new(Attrs::closed(entries)))
    }

    /// A set from name/value pairs with no source spans.
    pub fn attrs_from(pairs: impl IntoIterator<Item = (Name, Value)>) -> Value {
        let entries = pairs
            .into_iter()
            .map(|(k, v)| {
                (
                    k,
                    Attr {
                        value: Thunk::value(v, None),
                        key_span: None,
                    },
                )
            })
            .collect();
        Value::attrs(entries)
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => write!(f, "null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x}"),
            Value::String(s) => write!(f, "{s:?}"),
            Value::PartialString(p) => write!(f, "<partial string {p:?}>"),
            Value::Path(p) => write!(f, "{p}"),
            Value::List(l) => write!(f, "[ <{} elements> ]", l.len()),
            Value::Attrs(a) => {
                let names: Vec<&str> = a.entries.keys().map(|k| &**k).collect();
                write!(f, "{{ {} }}", names.join(" "))
            }
            Value::Lambda(_) => write!(f, "<lambda>"),
            Value::PrimOp(p) => write!(f, "<primop {}>", p.op.name),
            Value::Unknown(u) => write!(f, "<unknown {}>", u.text),
        }
    }
}
