//! The evaluator's expression tree: Nix syntax after desugaring, every node with its span.
//!
//! Lowering from rnix's concrete syntax tree merges dotted attribute paths, resolves string
//! escapes and indentation, and keeps only what evaluation needs.

use std::rc::Rc;

use crate::source::Span;

/// An identifier or attribute name.
pub type Name = Rc<str>;

/// A shared expression node.
pub type ExprRef = Rc<Expr>;

/// One expression with the span of its source text.
#[derive(Debug)]
pub struct Expr {
    /// What the expression is.
    pub kind: ExprKind,
    /// Where it is.
    pub span: Span,
}

/// A piece of a string or path literal.
#[derive(Debug)]
pub enum StrPart {
    /// Literal text, escapes already resolved.
    Lit(Rc<str>),
    /// `${ … }`.
    Interp(ExprRef),
}

/// The flavour of a path literal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathKind {
    /// `/abs/path`.
    Absolute,
    /// `./rel` or `a/b`, resolved against the file's directory.
    Relative,
    /// `~/x`, resolved against `$HOME`.
    Home,
}

/// Binary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum BinOp {
    Concat,
    Update,
    Add,
    Sub,
    Mul,
    Div,
    And,
    Or,
    Implication,
    Equal,
    NotEqual,
    Less,
    LessOrEq,
    More,
    MoreOrEq,
    PipeRight,
    PipeLeft,
}

/// A key in an attribute path.
#[derive(Debug)]
pub enum AttrKey {
    /// A key known at parse time.
    Static(Name, Span),
    /// `${expr}` or a string with interpolation.
    Dynamic(ExprRef),
}

/// How an attribute's value is computed.
#[derive(Debug)]
pub enum AttrValue {
    /// An expression, evaluated in the set's scope (the recursive scope for `rec` and `let`).
    Expr(ExprRef),
    /// `inherit name;`: the name looked up in the scope around the set.
    Inherit(Name, Span),
}

/// One statically named attribute.
#[derive(Debug)]
pub struct AttrDef {
    /// The attribute's name.
    pub name: Name,
    /// The span of the key where it is defined.
    pub key_span: Span,
    /// Its value.
    pub value: AttrValue,
}

/// An attribute whose name is computed.
#[derive(Debug)]
pub struct DynamicAttr {
    /// The name expression.
    pub key: ExprRef,
    /// The value.
    pub value: ExprRef,
}

/// The bindings of an attribute set or `let`.
#[derive(Debug, Default)]
pub struct Bindings {
    /// `rec { … }` (always true for `let`).
    pub recursive: bool,
    /// Statically named attributes, in source order, names unique.
    pub statics: Vec<AttrDef>,
    /// Attributes with computed names, in source order.
    pub dynamics: Vec<DynamicAttr>,
}

/// A function's parameter.
#[derive(Debug)]
pub enum Param {
    /// `x: …`.
    Ident(Name),
    /// `{ a, b ? d, ... } @ args: …`.
    Pattern {
        /// Formal arguments with optional defaults.
        formals: Vec<Formal>,
        /// Whether `...` allows other attributes.
        ellipsis: bool,
        /// The `@` name bound to the whole argument.
        bind: Option<Name>,
    },
}

/// One formal argument of a pattern.
#[derive(Debug)]
pub struct Formal {
    /// Its name.
    pub name: Name,
    /// Its default, if any.
    pub default: Option<ExprRef>,
    /// Where it is declared.
    pub span: Span,
}

/// A function literal.
#[derive(Debug)]
pub struct Lambda {
    /// Its parameter.
    pub param: Param,
    /// Its body.
    pub body: ExprRef,
}

/// The kinds of expression.
#[derive(Debug)]
#[allow(missing_docs)]
pub enum ExprKind {
    Int(i64),
    Float(f64),
    Str(Rc<str>),
    /// A string with interpolations.
    Interpolated(Vec<StrPart>),
    /// A path literal, possibly with interpolations.
    Path(PathKind, Vec<StrPart>),
    /// `<nixpkgs/lib>`: the text inside the brackets.
    SearchPath(Rc<str>),
    Var(Name),
    Select {
        expr: ExprRef,
        path: Vec<AttrKey>,
        default: Option<ExprRef>,
    },
    HasAttr {
        expr: ExprRef,
        path: Vec<AttrKey>,
    },
    List(Vec<ExprRef>),
    Attrs(Rc<Bindings>),
    Let(Rc<Bindings>, ExprRef),
    With(ExprRef, ExprRef),
    If(ExprRef, ExprRef, ExprRef),
    Assert(ExprRef, ExprRef),
    Lambda(Rc<Lambda>),
    Apply(ExprRef, ExprRef),
    Binary(BinOp, ExprRef, ExprRef),
    Not(ExprRef),
    Negate(ExprRef),
    /// `__curPos`.
    CurPos,
    /// Text the parser could not read; evaluating it is an error.
    Error(Rc<str>),
}
