//! Option types, as far as merging definitions needs them, and option declarations.

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::eval::value::Thunk;
use crate::source::Span;
use crate::syntax::ir::Name;

/// The type of an option, reduced to what decides how definitions merge and are checked.
#[derive(Clone, Debug)]
pub enum OptionType {
    /// `types.bool`.
    Bool,
    /// `types.int` and its ranges.
    Int,
    /// `types.float` / `types.number`.
    Number,
    /// `types.str` and string-like types merged by equality.
    Str,
    /// `types.lines`: definitions joined with newlines.
    Lines,
    /// `types.path`.
    Path,
    /// `types.package`.
    Package,
    /// `types.enum [ … ]`.
    Enum(Vec<String>),
    /// `types.strMatching "…"`.
    StrMatching(String),
    /// `types.listOf t`: definitions concatenated.
    ListOf(Box<OptionType>),
    /// `types.attrsOf t` / `lazyAttrsOf t`: definitions merged per name.
    AttrsOf(Box<OptionType>),
    /// `types.nullOr t`.
    NullOr(Box<OptionType>),
    /// `types.either a b` / `oneOf`.
    Either(Vec<OptionType>),
    /// `types.coercedTo from f to`.
    CoercedTo(Box<OptionType>, Box<OptionType>),
    /// `types.submodule …`: its own option declarations.
    Submodule(Rc<Submodule>),
    /// `types.anything`, freeform values and types backix does not model.
    Anything,
}

/// A submodule type: its declarations and, for users' submodules, its modules.
#[derive(Debug, Default)]
pub struct Submodule {
    /// Options it declares.
    pub options: Declarations,
    /// Whether undeclared attributes are allowed (a freeform type).
    pub freeform: bool,
    /// Modules of a user's submodule, evaluated per element (with `name`).
    pub modules: Vec<Thunk>,
}

impl std::fmt::Debug for Thunk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<thunk>")
    }
}

/// One declared option.
#[derive(Clone, Debug)]
pub struct OptionDecl {
    /// Its type.
    pub ty: OptionType,
    /// Its default, when the declaration is read from a user's module.
    pub default: Option<Thunk>,
    /// Where it is declared, when declared in an analysed file.
    pub span: Option<Span>,
}

/// An entry of a declaration tree.
#[derive(Clone, Debug)]
pub enum DeclNode {
    /// An option.
    Option(OptionDecl),
    /// A group of options (`services.borgbackup`).
    Group(Declarations),
}

/// A tree of option declarations.
#[derive(Clone, Debug, Default)]
pub struct Declarations {
    /// Children by name.
    pub children: BTreeMap<Name, DeclNode>,
}

impl Declarations {
    /// Declares an option at a dotted path (`encryption.mode`); a later declaration replaces an
    /// earlier one.
    pub fn declare(&mut self, path: &[Name], decl: OptionDecl) {
        let Some((last, prefix)) = path.split_last() else {
            return;
        };
        let mut node = self;
        for part in prefix {
            let entry = node
                .children
                .entry(part.clone())
                .or_insert_with(|| DeclNode::Group(Declarations::default()));
            if let DeclNode::Option(_) = entry {
                *entry = DeclNode::Group(Declarations::default());
            }
            let DeclNode::Group(group) = entry else {
                unreachable!()
            };
            node = group;
        }
        node.children.insert(last.clone(), DeclNode::Option(decl));
    }

    /// The entry for a name.
    pub fn get(&self, name: &str) -> Option<&DeclNode> {
        self.children.get(name)
    }

    /// Declares every option of a table of `("dotted.path", "type")` rows.
    pub fn from_table(
        rows: &[(&str, &str)],
        submodules: &dyn Fn(&str) -> Option<Rc<Submodule>>,
    ) -> Declarations {
        let mut decls = Declarations::default();
        for (path, ty) in rows {
            let path: Vec<Name> = path.split('.').map(Name::from).collect();
            let ty = parse_type(ty, submodules)
                .unwrap_or_else(|| panic!("bad type in the declaration table: {ty}"));
            decls.declare(
                &path,
                OptionDecl {
                    ty,
                    default: None,
                    span: None,
                },
            );
        }
        decls
    }
}

/// Parses the small type notation of the declaration tables:
/// `str`, `listOf str`, `nullOr (coercedTo str (listOf str))`, `either int str`, `submodule:job`.
pub fn parse_type(
    text: &str,
    submodules: &dyn Fn(&str) -> Option<Rc<Submodule>>,
) -> Option<OptionType> {
    let tokens = tokenize(text);
    let mut pos = 0;
    let ty = parse_one(&tokens, &mut pos, submodules)?;
    (pos == tokens.len()).then_some(ty)
}

fn tokenize(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '(' | ')' => {
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
                tokens.push(c.to_string());
            }
            c if c.is_whitespace() => {
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

fn parse_one(
    tokens: &[String],
    pos: &mut usize,
    subs: &dyn Fn(&str) -> Option<Rc<Submodule>>,
) -> Option<OptionType> {
    let token = tokens.get(*pos)?.clone();
    *pos += 1;
    let next = |pos: &mut usize| parse_one(tokens, pos, subs).map(Box::new);
    Some(match token.as_str() {
        "(" => {
            let inner = parse_one(tokens, pos, subs)?;
            if tokens.get(*pos)? != ")" {
                return None;
            }
            *pos += 1;
            inner
        }
        "bool" => OptionType::Bool,
        "int" => OptionType::Int,
        "number" => OptionType::Number,
        "str" => OptionType::Str,
        "lines" => OptionType::Lines,
        "path" => OptionType::Path,
        "package" => OptionType::Package,
        "anything" => OptionType::Anything,
        "enum" => OptionType::Enum(Vec::new()),
        "strMatching" => OptionType::StrMatching(String::new()),
        "listOf" => OptionType::ListOf(next(pos)?),
        "attrsOf" => OptionType::AttrsOf(next(pos)?),
        "nullOr" => OptionType::NullOr(next(pos)?),
        "either" => {
            let a = next(pos)?;
            let b = next(pos)?;
            OptionType::Either(vec![*a, *b])
        }
        "coercedTo" => {
            let a = next(pos)?;
            let b = next(pos)?;
            OptionType::CoercedTo(a, b)
        }
        other => match other.strip_prefix("submodule:") {
            Some(name) => OptionType::Submodule(subs(name)?),
            None => return None,
        },
    })
}

impl OptionType {
    /// The type with `nullOr`, `coercedTo` (final type) and `either` of one set-like branch
    /// looked through, for deciding how to merge.
    pub fn merge_shape(&self) -> &OptionType {
        match self {
            OptionType::NullOr(inner) => inner.merge_shape(),
            OptionType::CoercedTo(_, to) => to.merge_shape(),
            other => other,
        }
    }

    /// Whether definitions of this type are attribute sets merged per name.
    pub fn is_set_like(&self) -> bool {
        matches!(
            self.merge_shape(),
            OptionType::AttrsOf(_) | OptionType::Submodule(_)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_notation_parses() {
        let none = |_: &str| None;
        assert!(matches!(
            parse_type("nullOr (coercedTo str (listOf str))", &none),
            Some(OptionType::NullOr(_))
        ));
        assert!(
            matches!(parse_type("either int str", &none), Some(OptionType::Either(v)) if v.len() == 2)
        );
        assert!(parse_type("listOf", &none).is_none());
        assert!(parse_type("str str", &none).is_none());
    }
}
