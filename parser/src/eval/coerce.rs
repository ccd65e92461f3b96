//! Turning values into strings, with Nix's rules for interpolation and for `toString`.

use std::rc::Rc;

use super::value::{StrPiece, Thunk, UnknownReason, Value};
use super::{EvalResult, Evaluator, type_error};
use crate::source::Span;

/// Which coercion rules apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoerceMode {
    /// `"${x}"`: strings, paths (copied to the store) and sets with `__toString` or `outPath`.
    Interpolation,
    /// `./a/${x}`: like interpolation, but a path is used as its own text.
    PathInterpolation,
    /// `toString x`: also null, Booleans, numbers and lists.
    ToString,
}

/// A coerced string: known text, or pieces some of which are unknown.
#[derive(Clone, Debug)]
pub enum Coerced {
    /// Fully known.
    Known(Rc<str>),
    /// Partly unknown.
    Pieces(Vec<StrPiece>),
}

impl Coerced {
    /// The known text, if all of it is known.
    pub fn known(&self) -> Option<&str> {
        match self {
            Coerced::Known(s) => Some(s),
            Coerced::Pieces(_) => None,
        }
    }
}

/// Accumulates known text and unknown pieces into a string value.
#[derive(Default)]
pub struct StringBuilder {
    pieces: Vec<StrPiece>,
    text: String,
    len: usize,
}

impl StringBuilder {
    /// Appends known text.
    pub fn push_str(&mut self, s: &str) {
        self.text.push_str(s);
        self.len += s.len();
    }

    /// Appends a coerced string.
    pub fn push(&mut self, c: Coerced) {
        match c {
            Coerced::Known(s) => self.push_str(&s),
            Coerced::Pieces(pieces) => {
                for piece in pieces {
                    match piece {
                        StrPiece::Known(s) => self.push_str(&s),
                        StrPiece::Unknown(u) => {
                            self.flush();
                            self.pieces.push(StrPiece::Unknown(u));
                        }
                    }
                }
            }
        }
    }

    fn flush(&mut self) {
        if !self.text.is_empty() {
            let text = std::mem::take(&mut self.text);
            self.pieces.push(StrPiece::Known(text.into()));
        }
    }

    /// Known bytes so far.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing was appended yet.
    pub fn is_empty(&self) -> bool {
        self.len == 0 && self.pieces.is_empty()
    }

    /// The finished string value.
    pub fn finish(mut self) -> Value {
        if self.pieces.is_empty() {
            return Value::String(self.text.into());
        }
        self.flush();
        Value::PartialString(self.pieces.into())
    }

    /// The finished string as a coerced result.
    pub fn finish_coerced(mut self) -> Coerced {
        if self.pieces.is_empty() {
            return Coerced::Known(self.text.into());
        }
        self.flush();
        Coerced::Pieces(self.pieces)
    }
}

/// Nix's `toString` of a float: C's `%f`.
pub fn float_to_string(f: f64) -> String {
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f.is_nan() {
        return if f.is_sign_negative() {
            "-nan".into()
        } else {
            "nan".into()
        };
    }
    format!("{f:.6}")
}

impl Evaluator {
    /// Coerces a value to a string under the given rules.
    pub fn coerce_to_string(
        &mut self,
        value: Value,
        mode: CoerceMode,
        span: Span,
    ) -> EvalResult<Coerced> {
        let more = mode == CoerceMode::ToString;
        match value {
            Value::String(s) => Ok(Coerced::Known(s)),
            Value::PartialString(p) => Ok(Coerced::Pieces(p.to_vec())),
            Value::Path(p) => match mode {
                CoerceMode::Interpolation => {
                    // Nix copies the path into the store; its store path cannot be known here.
                    match self.unknown_text(span, p.to_string(), UnknownReason::Store) {
                        Value::Unknown(u) => Ok(Coerced::Pieces(vec![StrPiece::Unknown(u)])),
                        _ => unreachable!(),
                    }
                }
                _ => Ok(Coerced::Known(p)),
            },
            Value::Attrs(set) => {
                if let Some(f) = set.get("__toString") {
                    let f = self.force(&f.value.clone())?;
                    let result =
                        self.apply(f, Thunk::value(Value::Attrs(set.clone()), Some(span)), span)?;
                    return self.coerce_to_string(result, mode, span);
                }
                if let Some(out) = set.get("outPath") {
                    let out = self.force(&out.value.clone())?;
                    return self.coerce_to_string(out, mode, span);
                }
                if set.open.is_some() {
                    return Ok(self.unknown_pieces(span));
                }
                Err(type_error("cannot coerce a set to a string", span))
            }
            Value::Unknown(u) => Ok(Coerced::Pieces(vec![StrPiece::Unknown(u)])),
            Value::Null if more => Ok(Coerced::Known("".into())),
            Value::Bool(b) if more => Ok(Coerced::Known(if b { "1" } else { "" }.into())),
            Value::Int(i) if more => Ok(Coerced::Known(i.to_string().into())),
            Value::Float(f) if more => Ok(Coerced::Known(float_to_string(f).into())),
            Value::List(items) if more => {
                let mut builder = StringBuilder::default();
                let n = items.len();
                for (i, item) in items.iter().enumerate() {
                    let v = self.force(item)?;
                    let empty_list = matches!(&v, Value::List(l) if l.is_empty());
                    let c = stacker::maybe_grow(128 * 1024, 8 * 1024 * 1024, || {
                        self.coerce_to_string(v, mode, span)
                    })?;
                    builder.push(c);
                    if i + 1 < n && !empty_list {
                        builder.push_str(" ");
                    }
                    self.check_size(builder.len(), span)?;
                }
                Ok(builder.finish_coerced())
            }
            other => Err(type_error(
                format!("cannot coerce {} to a string", other.type_phrase()),
                span,
            )),
        }
    }

    fn unknown_pieces(&self, span: Span) -> Coerced {
        match self.derived_unknown(span) {
            Value::Unknown(u) => Coerced::Pieces(vec![StrPiece::Unknown(u)]),
            _ => unreachable!(),
        }
    }

    /// Forces a thunk that must be a fully known string; `Ok(None)` when it is unknown.
    pub fn force_string(&mut self, thunk: &Thunk, span: Span) -> EvalResult<Option<Rc<str>>> {
        match self.force(thunk)? {
            Value::String(s) => Ok(Some(s)),
            v if v.is_unknown() => Ok(None),
            other => Err(type_error(
                format!(
                    "value is {} while a string was expected",
                    other.type_phrase()
                ),
                span,
            )),
        }
    }
}
