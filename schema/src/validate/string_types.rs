//! Nix paths given where an option's type wants a string.
//!
//! JSON has no path type, so a projected path passes a schema's `"type": "string"`. The module
//! system is stricter: `types.str`, `lines`, `strMatching` and `enum` check `isString`, which a
//! path literal (`/mnt/backup`, `./hook.sh`) fails, so the build stops with "is not of type
//! `string`". `types.path` and the freeform YAML type accept both. This module reads the option's
//! Nix type (`x-nix-type`) and reports a path only where every reading of the type refuses it.

use serde_json::Value;

use super::errors::{EntryCx, Finding, TYPE_MISMATCH};
use super::names::nix_type;
use super::project::{NixKind, unescape};

/// Findings for every path value the option's type refuses.
pub fn path_findings(cx: &EntryCx<'_>, already: &[Finding]) -> Vec<Finding> {
    let mut out = Vec::new();
    for (pointer, kind) in &cx.projection.kinds {
        if *kind != NixKind::Path
            || cx.projection.is_opaque(pointer)
            || already.iter().any(|f| f.pointer == *pointer)
        {
            continue;
        }
        let Some((nix, steps)) = governing_type(cx.schema, &cx.projection.value, pointer) else {
            continue;
        };
        let Some(ty) = parse(nix) else {
            continue;
        };
        if accepts_path(&ty, &steps) != Some(false) {
            continue;
        }
        let path = cx
            .projection
            .value_at(pointer)
            .and_then(Value::as_str)
            .unwrap_or_default();
        let mut f = cx.finding(
            TYPE_MISMATCH,
            pointer,
            format!(
                "`{}`: expected a string (`{nix}`), found a path; the option's type does not \
                 accept Nix paths",
                cx.option_name(pointer)
            ),
        );
        f.help = Some(format!(
            "write it as a string: `\"{path}\"` (or `\"${{./file}}\"` to copy a file of the \
             configuration into the Nix store and use its store path)"
        ));
        f.expected = vec!["string".to_string()];
        out.push(f);
    }
    out
}

/// One step from an option's value down to the path: a list element or an attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Element,
    Attribute,
}

/// The Nix type of the option that holds `pointer`, and the steps from the option's value down
/// to it.
fn governing_type<'a>(
    schema: &'a Value,
    instance: &Value,
    pointer: &str,
) -> Option<(&'a str, Vec<Step>)> {
    let mut node = schema;
    let mut current = String::new();
    let segments: Vec<&str> = pointer.split('/').skip(1).collect();
    for (i, raw) in segments.iter().enumerate() {
        let in_list = instance.pointer(&current).is_some_and(Value::is_array);
        current.push('/');
        current.push_str(raw);
        let child = if in_list {
            node.get("items").filter(|n| n.is_object())
        } else {
            node.get("properties")
                .and_then(|p| p.get(unescape(raw).as_str()))
                .or_else(|| node.get("additionalProperties").filter(|n| n.is_object()))
        }?;
        if let Some(nix) = nix_type(child) {
            // The steps below the option, read from the instance.
            let mut steps = Vec::new();
            let mut below = current.clone();
            for raw in &segments[i + 1..] {
                let list = instance.pointer(&below).is_some_and(Value::is_array);
                steps.push(if list { Step::Element } else { Step::Attribute });
                below.push('/');
                below.push_str(raw);
            }
            return Some((nix, steps));
        }
        node = child;
    }
    None
}

/// A Nix option type, as far as paths are concerned.
#[derive(Debug, PartialEq)]
enum Type {
    /// `str`, `lines`, `strMatching …`, `enum […]`: `isString` only.
    StringOnly,
    /// `path`: a path or a string starting with `/`.
    Path,
    /// `listOf T`.
    List(Box<Type>),
    /// `attrsOf T`.
    Attrs(Box<Type>),
    /// `nullOr`, `either`, `coercedTo`, `oneOf`: any of these.
    Any(Vec<Type>),
    /// Anything else (numbers, submodules, packages, `yaml`): not this check's business.
    Other,
}

/// Parses the type expressions the models write in `x-nix-type`.
fn parse(text: &str) -> Option<Type> {
    let tokens = tokenize(text)?;
    let mut pos = 0;
    let ty = parse_type(&tokens, &mut pos)?;
    (pos == tokens.len()).then_some(ty)
}

#[derive(Debug, PartialEq)]
enum Token {
    Word(String),
    Open(char),
    Close(char),
    /// A string literal or a `{ … }` submodule body: one opaque argument.
    Opaque,
}

fn tokenize(text: &str) -> Option<Vec<Token>> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {}
            '(' | '[' => out.push(Token::Open(c)),
            ')' | ']' => out.push(Token::Close(c)),
            '"' => {
                let mut escaped = false;
                loop {
                    let c = chars.next()?;
                    if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        break;
                    }
                }
                out.push(Token::Opaque);
            }
            '{' => {
                let mut depth = 1;
                while depth > 0 {
                    match chars.next()? {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        _ => {}
                    }
                }
                out.push(Token::Opaque);
            }
            _ => {
                let mut word = String::from(c);
                while let Some(&n) = chars.peek() {
                    if n.is_whitespace() || "()[]{}\"".contains(n) {
                        break;
                    }
                    word.push(n);
                    chars.next();
                }
                out.push(Token::Word(word));
            }
        }
    }
    Some(out)
}

/// One argument: a word, a parenthesized type, a bracketed list or an opaque literal.
fn parse_argument(tokens: &[Token], pos: &mut usize) -> Option<Type> {
    match tokens.get(*pos)? {
        Token::Open('(') => {
            *pos += 1;
            let ty = parse_type(tokens, pos)?;
            (tokens.get(*pos)? == &Token::Close(')')).then_some(())?;
            *pos += 1;
            Some(ty)
        }
        Token::Open('[') => {
            *pos += 1;
            let mut items = Vec::new();
            while tokens.get(*pos)? != &Token::Close(']') {
                items.push(parse_argument(tokens, pos)?);
            }
            *pos += 1;
            Some(Type::Any(items))
        }
        Token::Word(word) => {
            *pos += 1;
            Some(simple(word))
        }
        Token::Opaque => {
            *pos += 1;
            Some(Type::Other)
        }
        Token::Open(_) | Token::Close(_) => None,
    }
}

fn simple(word: &str) -> Type {
    match word.trim_start_matches("types.") {
        "str" | "lines" | "commas" | "envVar" | "nonEmptyStr" | "singleLineStr" => Type::StringOnly,
        "path" => Type::Path,
        _ => Type::Other,
    }
}

fn parse_type(tokens: &[Token], pos: &mut usize) -> Option<Type> {
    let Some(Token::Word(head)) = tokens.get(*pos) else {
        return parse_argument(tokens, pos);
    };
    let head = head.trim_start_matches("types.").to_string();
    *pos += 1;
    let mut args = Vec::new();
    while matches!(
        tokens.get(*pos),
        Some(Token::Word(_) | Token::Open(_) | Token::Opaque)
    ) {
        args.push(parse_argument(tokens, pos)?);
    }
    let mut args = args.into_iter();
    Some(match head.as_str() {
        "strMatching" | "enum" | "separatedString" => Type::StringOnly,
        "listOf" | "nonEmptyListOf" => Type::List(Box::new(args.next()?)),
        "attrsOf" | "lazyAttrsOf" => Type::Attrs(Box::new(args.next()?)),
        "nullOr" | "uniq" | "unique" => args.next()?,
        "either" => Type::Any(args.collect()),
        // `coercedTo FROM f TO`: the function in the middle is a word, read as `Other`.
        "coercedTo" => {
            let from = args.next()?;
            let _function = args.next()?;
            let to = args.next()?;
            Type::Any(vec![from, to])
        }
        "oneOf" => match args.next()? {
            Type::Any(items) => Type::Any(items),
            other => other,
        },
        _ if args.len() == 0 => simple(&head),
        _ => Type::Other,
    })
}

/// Whether a path at `steps` below a value of type `ty` passes the type check: `Some(false)`
/// only when every reading refuses it; `None` when the type does not say.
fn accepts_path(ty: &Type, steps: &[Step]) -> Option<bool> {
    match (ty, steps.split_first()) {
        (Type::Any(branches), _) => {
            let mut any_refuses = false;
            for branch in branches {
                match accepts_path(branch, steps) {
                    Some(false) => any_refuses = true,
                    _ if applies(branch, steps) => return None,
                    _ => {}
                }
            }
            any_refuses.then_some(false)
        }
        (Type::StringOnly, None) => Some(false),
        (Type::Path, None) => Some(true),
        (Type::List(item), Some((Step::Element, rest))) => accepts_path(item, rest),
        (Type::Attrs(item), Some((Step::Attribute, rest))) => accepts_path(item, rest),
        _ => None,
    }
}

/// Whether a type has a place at `steps` at all (a list type for an element, and so on).
fn applies(ty: &Type, steps: &[Step]) -> bool {
    match (ty, steps.split_first()) {
        (Type::Any(branches), _) => branches.iter().any(|b| applies(b, steps)),
        (Type::List(item), Some((Step::Element, rest)))
        | (Type::Attrs(item), Some((Step::Attribute, rest))) => applies(item, rest),
        (Type::List(_) | Type::Attrs(_), _) => false,
        (Type::StringOnly | Type::Path, None) => true,
        (Type::StringOnly | Type::Path, Some(_)) => false,
        (Type::Other, _) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(nix: &str, steps: &[Step]) -> Option<bool> {
        accepts_path(&parse(nix).expect(nix), steps)
    }

    #[test]
    fn string_types_refuse_paths_and_path_types_accept_them() {
        use Step::*;
        assert_eq!(verdict("str", &[]), Some(false));
        assert_eq!(verdict("lines", &[]), Some(false));
        assert_eq!(verdict("nullOr str", &[]), Some(false));
        assert_eq!(
            verdict("nullOr (strMatching \"[^/{}]+\")", &[]),
            Some(false)
        );
        assert_eq!(
            verdict("enum [ \"create\" \"import-tar\" ]", &[]),
            Some(false)
        );
        assert_eq!(verdict("listOf str", &[Element]), Some(false));
        assert_eq!(
            verdict("nullOr (coercedTo str singleton (listOf str))", &[]),
            Some(false)
        );
        assert_eq!(
            verdict("nullOr (coercedTo str singleton (listOf str))", &[Element]),
            Some(false)
        );
        assert_eq!(verdict("either str (listOf str)", &[Element]), Some(false));
        assert_eq!(verdict("attrsOf str", &[Attribute]), Some(false));
        assert_eq!(verdict("nullOr path", &[]), Some(true));
        assert_eq!(verdict("listOf path", &[Element]), Some(true));
        assert_eq!(verdict("path", &[]), Some(true));
        assert_eq!(verdict("yaml", &[]), None);
        assert_eq!(verdict("nullOr package", &[]), None);
        assert_eq!(
            verdict("nullOr (attrsOf (oneOf [ str bool ]))", &[Attribute]),
            None
        );
        assert_eq!(
            verdict(
                "listOf (either str (submodule { path; label; }))",
                &[Element]
            ),
            None
        );
        assert_eq!(verdict("nullOr (attrsOf unitOption)", &[Attribute]), None);
    }

    #[test]
    fn every_type_the_models_write_parses() {
        for text in [
            "attrsOf (either int (strMatching \"[[:digit:]]+[Hdwmy]\"))",
            "attrsOf (submodule { freeformType = yaml; })",
            "coercedTo (listOf str) escapeShellArgs str",
            "listOf (submodule { path = str; label = str; })",
            "nullOr numbers.nonnegative",
            "strMatching \"none|(auto,)?(lz4|zstd|zlib|lzma)(,[[:digit:]]{1,2})?\"",
        ] {
            assert!(parse(text).is_some(), "{text}");
        }
        assert!(parse("listOf (str").is_none());
    }
}
