//! Evaluation errors, classified as Nix classifies them.

use std::fmt;

use crate::source::Span;

/// What kind of failure an evaluation error is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// `throw` (caught by `tryEval`).
    Throw,
    /// A failed `assert` (caught by `tryEval`).
    Assert,
    /// `abort`.
    Abort,
    /// A value of the wrong type.
    Type,
    /// Selecting an attribute that is not there.
    MissingAttr,
    /// An undefined variable.
    UndefinedVariable,
    /// A value that depends on itself.
    InfiniteRecursion,
    /// Integer division by zero.
    DivisionByZero,
    /// The evaluation exceeded its step budget, depth limit or a size limit.
    Limit,
    /// A file could not be read or imported.
    Io,
    /// Syntax that could not be parsed.
    Syntax,
    /// Anything else Nix rejects (bad function call, invalid regex, …).
    Other,
}

/// A failed evaluation, with the place it failed and the trace leading to it.
#[derive(Clone, Debug)]
pub struct EvalError {
    /// The kind.
    pub kind: ErrorKind,
    /// What went wrong.
    pub message: String,
    /// Where.
    pub span: Option<Span>,
}

/// The result of an evaluation step. Errors are boxed to keep results small.
pub type EvalResult<T> = Result<T, Box<EvalError>>;

impl EvalError {
    /// A new error.
    pub fn new(kind: ErrorKind, message: impl Into<String>, span: Option<Span>) -> Box<Self> {
        Box::new(EvalError {
            kind,
            message: message.into(),
            span,
        })
    }

    /// Whether `builtins.tryEval` catches it (only `throw` and failed assertions, as in Nix).
    pub fn is_catchable(&self) -> bool {
        matches!(self.kind, ErrorKind::Throw | ErrorKind::Assert)
    }
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Shorthand for a type error.
pub fn type_error(message: impl Into<String>, span: Span) -> Box<EvalError> {
    EvalError::new(ErrorKind::Type, message, Some(span))
}
