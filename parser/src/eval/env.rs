//! Scopes: lexical frames (let, rec, function arguments) and `with` frames.
//!
//! A name bound lexically anywhere in the chain wins over every `with`, as in Nix; among `with`
//! frames the innermost wins.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::{Rc, Weak};

use super::value::Thunk;
use crate::syntax::ir::Name;

/// A scope chain.
#[derive(Clone)]
pub struct Env(Rc<Frame>);

/// A weak handle on a frame, used to break reference cycles when an evaluation ends.
pub(crate) type WeakFrame = Weak<Frame>;

pub(crate) struct Frame {
    scope: Scope,
    parent: Option<Env>,
}

enum Scope {
    /// One function argument.
    Single(Name, Thunk),
    /// Several bindings; filled after creation for recursive scopes.
    Many(RefCell<HashMap<Name, Thunk>>),
    /// `with expr;`.
    With(Thunk),
}

impl Env {
    /// The outermost scope, holding the global builtins.
    pub fn root(bindings: HashMap<Name, Thunk>) -> Env {
        Env(Rc::new(Frame {
            scope: Scope::Many(RefCell::new(bindings)),
            parent: None,
        }))
    }

    /// A child scope binding one name.
    pub fn bind_one(&self, name: Name, value: Thunk) -> Env {
        Env(Rc::new(Frame {
            scope: Scope::Single(name, value),
            parent: Some(self.clone()),
        }))
    }

    /// A child scope with an empty set of bindings, to be filled with [`Env::define`].
    pub fn new_scope(&self) -> Env {
        Env(Rc::new(Frame {
            scope: Scope::Many(RefCell::new(HashMap::new())),
            parent: Some(self.clone()),
        }))
    }

    /// A child `with` scope.
    pub fn with(&self, namespace: Thunk) -> Env {
        Env(Rc::new(Frame {
            scope: Scope::With(namespace),
            parent: Some(self.clone()),
        }))
    }

    /// Adds a binding to a scope made by [`Env::new_scope`].
    pub fn define(&self, name: Name, value: Thunk) {
        if let Scope::Many(map) = &self.0.scope {
            map.borrow_mut().insert(name, value);
        }
    }

    /// The lexical binding of a name, if any.
    pub fn lookup_lexical(&self, name: &str) -> Option<Thunk> {
        let mut frame = Some(self);
        while let Some(env) = frame {
            match &env.0.scope {
                Scope::Single(n, t) if &**n == name => return Some(t.clone()),
                Scope::Many(map) => {
                    if let Some(t) = map.borrow().get(name) {
                        return Some(t.clone());
                    }
                }
                _ => {}
            }
            frame = env.0.parent.as_ref();
        }
        None
    }

    /// The `with` namespaces in scope, innermost first.
    pub fn with_namespaces(&self) -> Vec<Thunk> {
        let mut out = Vec::new();
        let mut frame = Some(self);
        while let Some(env) = frame {
            if let Scope::With(t) = &env.0.scope {
                out.push(t.clone());
            }
            frame = env.0.parent.as_ref();
        }
        out
    }

    /// Whether any `with` is in scope.
    pub fn has_with(&self) -> bool {
        let mut frame = Some(self);
        while let Some(env) = frame {
            if matches!(env.0.scope, Scope::With(_)) {
                return true;
            }
            frame = env.0.parent.as_ref();
        }
        false
    }

    pub(crate) fn downgrade(&self) -> WeakFrame {
        Rc::downgrade(&self.0)
    }
}

/// Empties a recursive frame so that the thunks referring to it can be freed.
pub(crate) fn clear_frame(frame: &WeakFrame) {
    if let Some(frame) = frame.upgrade()
        && let Scope::Many(map) = &frame.scope
    {
        let taken = std::mem::take(&mut *map.borrow_mut());
        drop(taken);
    }
}
