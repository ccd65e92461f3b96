//! Reading Nix source: rnix parsing, syntax diagnostics, and lowering to the evaluator's IR.

pub mod ir;
mod lower;
mod scope;
mod strings;

pub use scope::check_scopes;

use rnix::ParseError;

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, SourceMap, Span};

pub use ir::ExprRef;

/// Deepest nesting rnix parses before it stops with a recursion-limit error.
pub const MAX_NESTING: u32 = 512;

/// The result of parsing one file: the lowered expression and every syntax problem found.
pub struct ParsedFile {
    /// The file.
    pub file: FileId,
    /// The lowered expression; parts the parser could not read evaluate to errors.
    pub expr: ExprRef,
    /// Syntax errors, each with its place.
    pub errors: Vec<Diagnostic>,
}

/// Parses and lowers a file of the source map.
pub fn parse(map: &SourceMap, file: FileId) -> ParsedFile {
    let text: &str = &map.file(file).text;
    if let Some(offset) = too_deep(text) {
        let span = Span::new(file, offset, offset + 1);
        let message = format!(
            "brackets nested deeper than {MAX_BRACKET_NESTING} levels are not supported; the file was not read"
        );
        let expr = std::rc::Rc::new(ir::Expr {
            kind: ir::ExprKind::Error(message.clone().into()),
            span,
        });
        return ParsedFile {
            file,
            expr,
            errors: vec![Diagnostic::error("nix-syntax", message, Some(span))],
        };
    }
    // rnix's parser recurses once per nested bracket, with large frames; give it room.
    stacker::maybe_grow(32 << 20, 1 << 30, || parse_on_stack(map, file))
}

/// Deepest nesting of brackets, braces and interpolations accepted before parsing.
pub const MAX_BRACKET_NESTING: u32 = 10_000;

/// The offset of the first bracket nested deeper than the limit, if any.
fn too_deep(text: &str) -> Option<u32> {
    use rnix::SyntaxKind::*;
    let mut depth: u32 = 0;
    let mut offset: u32 = 0;
    let mut dots: u32 = 0;
    for token in rnix::tokenize(text) {
        // A long dotted attribute path nests as deeply as brackets do.
        match token.0 {
            TOKEN_DOT => {
                dots += 1;
                if dots > MAX_BRACKET_NESTING {
                    return Some(offset);
                }
            }
            TOKEN_IDENT | TOKEN_OR | TOKEN_WHITESPACE | TOKEN_COMMENT | TOKEN_STRING_START
            | TOKEN_STRING_CONTENT | TOKEN_STRING_END => {}
            _ => dots = 0,
        }
        match token.0 {
            TOKEN_L_BRACK | TOKEN_L_PAREN | TOKEN_L_BRACE | TOKEN_INTERPOL_START => {
                depth += 1;
                if depth > MAX_BRACKET_NESTING {
                    return Some(offset);
                }
            }
            TOKEN_R_BRACK | TOKEN_R_PAREN | TOKEN_R_BRACE | TOKEN_INTERPOL_END => {
                depth = depth.saturating_sub(1)
            }
            _ => {}
        }
        offset += token.1.len() as u32;
    }
    None
}

fn parse_on_stack(map: &SourceMap, file: FileId) -> ParsedFile {
    let source = map.file(file);
    let text: &str = &source.text;
    let parse = rnix::Root::parse(text);
    let end = text.len() as u32;
    let mut errors: Vec<Diagnostic> = parse
        .errors()
        .iter()
        .map(|e| parse_error(file, end, e))
        .collect();
    let root = parse.tree();
    let expr = lower::lower_root(file, &root, &mut errors);
    ParsedFile { file, expr, errors }
}

fn parse_error(file: FileId, end: u32, error: &ParseError) -> Diagnostic {
    let at_end = Span::new(file, end, end);
    let (message, span) = match error {
        ParseError::Unexpected(range) => (
            "unexpected input".to_string(),
            Span::from_range(file, *range),
        ),
        ParseError::UnexpectedExtra(range) => (
            "unexpected input after the expression".to_string(),
            Span::from_range(file, *range),
        ),
        ParseError::UnexpectedWanted(found, range, wanted) => (
            format!(
                "unexpected {}, expected {}",
                token_name(*found),
                wanted_list(wanted)
            ),
            Span::from_range(file, *range),
        ),
        ParseError::UnexpectedDoubleBind(range) => (
            "the argument set is bound twice with '@'".to_string(),
            Span::from_range(file, *range),
        ),
        ParseError::UnexpectedEOF => ("unexpected end of file".to_string(), at_end),
        ParseError::UnexpectedEOFWanted(wanted) => (
            format!("unexpected end of file, expected {}", wanted_list(wanted)),
            at_end,
        ),
        ParseError::DuplicatedArgs(range, name) => (
            format!("duplicate formal function argument '{name}'"),
            Span::from_range(file, *range),
        ),
        ParseError::RecursionLimitExceeded => (
            format!(
                "expressions nested deeper than {MAX_NESTING} levels are not supported; the rest of this file was not read"
            ),
            Span::new(file, 0, 0),
        ),
        other => (other.to_string(), Span::new(file, 0, 0)),
    };
    Diagnostic::error("nix-syntax", message, Some(span))
}

fn wanted_list(wanted: &[rnix::SyntaxKind]) -> String {
    let names: Vec<String> = wanted.iter().map(|k| token_name(*k)).collect();
    match names.len() {
        0 => "something else".to_string(),
        1 => names[0].clone(),
        _ => format!("one of {}", names.join(", ")),
    }
}

fn token_name(kind: rnix::SyntaxKind) -> String {
    use rnix::SyntaxKind::*;
    let s = match kind {
        TOKEN_SEMICOLON => "';'",
        TOKEN_ASSIGN => "'='",
        TOKEN_COLON => "':'",
        TOKEN_COMMA => "','",
        TOKEN_DOT => "'.'",
        TOKEN_L_BRACE => "'{'",
        TOKEN_R_BRACE => "'}'",
        TOKEN_L_BRACK => "'['",
        TOKEN_R_BRACK => "']'",
        TOKEN_L_PAREN => "'('",
        TOKEN_R_PAREN => "')'",
        TOKEN_IN => "'in'",
        TOKEN_THEN => "'then'",
        TOKEN_ELSE => "'else'",
        TOKEN_IDENT => "an identifier",
        TOKEN_STRING_END => "the end of the string",
        TOKEN_INTERPOL_END => "'}' closing the interpolation",
        TOKEN_ERROR => "an invalid token",
        _ => {
            return format!("{kind:?}")
                .trim_start_matches("TOKEN_")
                .trim_start_matches("NODE_")
                .to_lowercase()
                .replace('_', " ");
        }
    };
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors_of(text: &str) -> Vec<Diagnostic> {
        let mut map = SourceMap::new();
        let id = map.add("t.nix", None, text);
        parse(&map, id).errors
    }

    #[test]
    fn missing_semicolon_is_reported_with_a_place() {
        let errors = errors_of("{ a = 1 b = 2; }");
        assert!(!errors.is_empty());
        assert!(errors[0].span.is_some());
    }

    #[test]
    fn duplicate_attribute_points_at_both_definitions() {
        let errors = errors_of("{ a = 1; a = 2; }");
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("'a' already defined"));
        assert_eq!(errors[0].labels.len(), 1);
    }

    #[test]
    fn set_literals_merge_with_dotted_paths() {
        assert!(errors_of("{ a.b = 1; a = { c = 2; }; }").is_empty());
        assert!(errors_of("{ a = { c = 2; }; a.b = 1; }").is_empty());
        assert_eq!(errors_of("{ a.b.c = 1; a = { b.d = 2; }; }").len(), 1);
        assert_eq!(errors_of("{ a = 1; a.b = 2; }").len(), 1);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let dotted = format!("{{ {} = 1; }}", vec!["a"; 100_000].join("."));
        assert!(
            errors_of(&dotted)
                .iter()
                .any(|e| e.message.contains("nested deeper"))
        );
        for (open, close) in [("[", "]"), ("(", ")"), ("{ a = ", "; }")] {
            let text = format!("{}1{}", open.repeat(100_000), close.repeat(100_000));
            let errors = errors_of(&text);
            assert!(
                errors.iter().any(|e| e.message.contains("nested deeper")),
                "{open}: {errors:?}"
            );
        }
    }
}
