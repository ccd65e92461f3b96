//! Source ranges of values, for marking secrets: values of attributes are sometimes located at
//! their name (`pass = "…";` points at `pass`); the secret is the expression after `=`.

use backix_parser::module::extract::LocatedValue;
use backix_parser::source::{SourceMap, Span};

use crate::view;

/// The source ranges to mark secret for a value: its own text (widened from an attribute name
/// to the expression after `=`), and, when that expression is a variable, the string bound to
/// that name in the same file (`let pass = "…"; in … passphrase = pass;`).
pub fn secret_spans(sources: &SourceMap, value: &LocatedValue) -> Vec<Span> {
    let Some(span) = secret_span(sources, value) else {
        return Vec::new();
    };
    let mut out = vec![span];
    let text = &sources.file(span.file).text;
    let expr = &text[span.start as usize..span.end as usize];
    let is_name = !expr.is_empty()
        && expr
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '\''));
    if is_name {
        for (at, _) in text.match_indices(expr) {
            let end = at + expr.len();
            let before_ok = text[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'));
            if !before_ok || end == span.end as usize {
                continue;
            }
            let key = Span::new(span.file, at as u32, end as u32);
            let located = LocatedValue::Unknown {
                text: String::new(),
                reason: "derived",
                location: Some(sources.location(key)),
            };
            if let Some(bound) = secret_span(sources, &located)
                && bound != key
                && text[bound.start as usize..].starts_with(['"', '\''])
            {
                out.push(bound);
            }
        }
    }
    out
}

/// The source range of a value: its own text, widened from an attribute name to the
/// expression after its `=` up to the `;` that ends the binding.
fn secret_span(sources: &SourceMap, value: &LocatedValue) -> Option<Span> {
    let span = view::value_span(value)?;
    let text = &sources.file(span.file).text;
    let after = text.get(span.end as usize..)?;
    let trimmed = after.trim_start();
    let Some(rest) = trimmed.strip_prefix('=').filter(|r| !r.starts_with('=')) else {
        return Some(span);
    };
    let expr_start = span.end as usize + (after.len() - rest.len());
    let expr = &rest[..expression_length(rest.as_bytes())];
    let start = expr_start + (expr.len() - expr.trim_start().len());
    let end = expr_start + expr.trim_end().len();
    if end <= start {
        return Some(span);
    }
    Some(Span::new(span.file, start as u32, end as u32))
}

/// The length of the Nix expression at the start of `b`, up to the `;` (or unmatched closing
/// bracket) that ends it, skipping strings, comments and nested brackets.
fn expression_length(b: &[u8]) -> usize {
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => i = skip_string(b, i + 1, false),
            b'\'' if b.get(i + 1) == Some(&b'\'') => i = skip_string(b, i + 2, true),
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b')' | b']' | b'}' => {
                if depth == 0 {
                    return i;
                }
                depth -= 1;
                i += 1;
            }
            b';' if depth == 0 => return i,
            _ => i += 1,
        }
    }
    b.len()
}

/// The index after the string whose text starts at `i`; `${…}` may nest.
fn skip_string(b: &[u8], mut i: usize, indented: bool) -> usize {
    while i < b.len() {
        if !indented && b[i] == b'\\' {
            i += 2;
            continue;
        }
        if indented && b[i] == b'\'' && b.get(i + 1) == Some(&b'\'') {
            // `''$`, `'''` and `''\` are escapes; `''` alone ends the string.
            match b.get(i + 2) {
                Some(b'$' | b'\'' | b'\\') => i += 3,
                _ => return i + 2,
            }
            continue;
        }
        if !indented && b[i] == b'"' {
            return i + 1;
        }
        if b[i] == b'$' && b.get(i + 1) == Some(&b'{') {
            i += 2 + expression_length(&b[i + 2..]) + 1;
            continue;
        }
        i += 1;
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::expression_length;

    #[test]
    fn expressions() {
        fn len(s: &str) -> &str {
            &s[..expression_length(s.as_bytes())]
        }
        assert_eq!(len(r#" "a;b" ; x"#), r#" "a;b" "#);
        assert_eq!(len(r#" "a${f "x;"}b"; y"#), r#" "a${f "x;"}b""#);
        assert_eq!(len(" ''a;'''b''; c"), " ''a;'''b''");
        assert_eq!(len(" ''a;''; c"), " ''a;''");
        assert_eq!(len(" { a = 1; }; z"), " { a = 1; }");
        assert_eq!(len(" x }"), " x ");
    }
}
