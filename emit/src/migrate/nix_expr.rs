//! A small Nix expression tree and its writer, in the layout of nixfmt's RFC 166 style:
//! two-space indentation, every non-empty attribute set expanded one binding per line, lists of
//! two or more elements expanded one element per line, multi-line strings as indented `''`
//! strings.

use std::fmt::Write;

/// A Nix expression that migration writes.
#[derive(Clone, Debug, PartialEq)]
pub enum NixExpr {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A string; written as `"…"`, or as an indented `''` string when it spans lines.
    Str(String),
    /// A list.
    List(Vec<NixExpr>),
    /// An attribute set, bindings in the given order. A name may be a dotted path
    /// (`Attr::path`), written as `a.b = …;`.
    Attrs(Vec<Attr>),
    /// Source text written verbatim (an expression carried over from the user's file, such as
    /// `config.sops.secrets.borg.path`). It must be a complete expression.
    Raw(String),
    /// A comment line written above the next binding or element: `# text`.
    Comment(String),
}

/// One binding of an attribute set: `path = value;`.
#[derive(Clone, Debug, PartialEq)]
pub struct Attr {
    /// The attribute path, one element per name (`["services", "borgbackup", "jobs"]`).
    pub path: Vec<String>,
    /// The value.
    pub value: NixExpr,
    /// Comment lines written above the binding.
    pub comments: Vec<String>,
}

impl Attr {
    /// A binding of one name.
    pub fn new(name: impl Into<String>, value: NixExpr) -> Attr {
        Attr {
            path: vec![name.into()],
            value,
            comments: Vec::new(),
        }
    }

    /// A binding of a dotted path (`services.borgbackup.jobs`).
    pub fn path(path: &[&str], value: NixExpr) -> Attr {
        Attr {
            path: path.iter().map(|s| s.to_string()).collect(),
            value,
            comments: Vec::new(),
        }
    }

    /// The binding with a comment line above it.
    pub fn with_comment(mut self, comment: impl Into<String>) -> Attr {
        self.comments.push(comment.into());
        self
    }
}

impl NixExpr {
    /// A string.
    pub fn str(s: impl Into<String>) -> NixExpr {
        NixExpr::Str(s.into())
    }

    /// A list of strings.
    pub fn strs<I, S>(items: I) -> NixExpr
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        NixExpr::List(items.into_iter().map(|s| NixExpr::Str(s.into())).collect())
    }

    /// Writes the expression at indentation level 0, with a final newline.
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, 0);
        out.push('\n');
        out
    }

    /// Writes the expression as it would appear at `indent` levels (the first line is not
    /// indented: the caller has placed it; continuation lines are).
    pub fn render_at(&self, indent: usize) -> String {
        let mut out = String::new();
        self.write(&mut out, indent);
        out
    }

    fn write(&self, out: &mut String, indent: usize) {
        match self {
            NixExpr::Null => out.push_str("null"),
            NixExpr::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            NixExpr::Int(i) => write_int(out, *i),
            NixExpr::Str(s) => write_string(out, s, indent),
            NixExpr::Raw(text) => out.push_str(text),
            NixExpr::Comment(c) => {
                let _ = write!(out, "# {c}");
            }
            NixExpr::List(items) => {
                let real = items
                    .iter()
                    .filter(|i| !matches!(i, NixExpr::Comment(_)))
                    .count();
                if items.is_empty() {
                    out.push_str("[ ]");
                } else if real == 1 && items.len() == 1 && items[0].is_simple() {
                    out.push_str("[ ");
                    items[0].write_element(out, indent);
                    out.push_str(" ]");
                } else {
                    out.push('[');
                    for item in items {
                        newline(out, indent + 1);
                        item.write_element(out, indent + 1);
                    }
                    newline(out, indent);
                    out.push(']');
                }
            }
            NixExpr::Attrs(attrs) => {
                if attrs.is_empty() {
                    out.push_str("{ }");
                    return;
                }
                out.push('{');
                for attr in attrs {
                    for c in &attr.comments {
                        newline(out, indent + 1);
                        let _ = write!(out, "# {c}");
                    }
                    newline(out, indent + 1);
                    let path: Vec<String> = attr.path.iter().map(|p| attr_name(p)).collect();
                    out.push_str(&path.join("."));
                    out.push_str(" = ");
                    attr.value.write(out, indent + 1);
                    out.push(';');
                }
                newline(out, indent);
                out.push('}');
            }
        }
    }

    /// Writes a list element: a negative number is parenthesized (`[ -1 ]` does not parse: a
    /// list element cannot start with the negation operator).
    fn write_element(&self, out: &mut String, indent: usize) {
        match self {
            NixExpr::Int(i) if *i < 0 && *i != i64::MIN => {
                let _ = write!(out, "({i})");
            }
            _ => self.write(out, indent),
        }
    }

    /// Whether the expression fits on one line inside a one-element list.
    fn is_simple(&self) -> bool {
        match self {
            NixExpr::Null | NixExpr::Bool(_) | NixExpr::Int(_) => true,
            NixExpr::Str(s) => !s.contains('\n'),
            NixExpr::Raw(r) => !r.contains('\n'),
            _ => false,
        }
    }
}

/// Writes an integer. The smallest one has no literal (its absolute value does not fit), so it
/// is written as a parenthesized subtraction.
fn write_int(out: &mut String, i: i64) {
    if i == i64::MIN {
        let _ = write!(out, "({} - 1)", i64::MIN + 1);
    } else {
        let _ = write!(out, "{i}");
    }
}

fn newline(out: &mut String, indent: usize) {
    out.push('\n');
    for _ in 0..indent {
        out.push_str("  ");
    }
}

/// An attribute name as Nix source: bare when it is an identifier (and not a keyword), quoted
/// otherwise.
pub fn attr_name(name: &str) -> String {
    backix_schema::view::nix_attr_name(name)
}

/// A double-quoted Nix string literal with `\`, `"`, `${` and control characters escaped.
pub fn quoted(s: &str) -> String {
    backix_schema::view::nix_string_literal(s)
}

/// Writes a string: an indented `''` string when it has several lines and nothing that would
/// need escaping there, a quoted string otherwise.
fn write_string(out: &mut String, s: &str, indent: usize) {
    let multiline = s.contains('\n')
        && !s.contains('\r')
        && !s.contains('\t')
        && !s.ends_with('\'')
        && s.lines().any(|l| !l.is_empty() && !l.starts_with(' '))
        && !s.lines().any(|l| !l.is_empty() && l.trim().is_empty());
    if !multiline {
        out.push_str(&quoted(s));
        return;
    }
    let escaped = escape_indented(s);
    out.push_str("''");
    let body = escaped.strip_suffix('\n').unwrap_or(&escaped);
    for line in body.split('\n') {
        if line.is_empty() {
            out.push('\n');
        } else {
            newline(out, indent + 1);
            out.push_str(line);
        }
    }
    if s.ends_with('\n') {
        // The closing quotes on a line of their own keep the final newline.
        newline(out, indent);
    }
    out.push_str("''");
}

/// Escapes text for an indented string: `''` as `'''`, `${` as `''${`, and a single `'` right
/// before `${` as `''\'` (written plainly, it would join the escape's quotes into `'''`).
fn escape_indented(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("''") {
            out.push_str("'''");
            rest = &rest[2..];
        } else if rest.starts_with("'${") {
            out.push_str("''\\'");
            rest = &rest[1..];
        } else if rest.starts_with("${") {
            out.push_str("''${");
            rest = &rest[2..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_list_elements_are_parenthesized() {
        let list = NixExpr::List(vec![NixExpr::Int(-1), NixExpr::Int(2)]);
        assert_eq!(list.render(), "[\n  (-1)\n  2\n]\n");
        assert_eq!(NixExpr::List(vec![NixExpr::Int(-7)]).render(), "[ (-7) ]\n");
        let set = NixExpr::Attrs(vec![Attr::new("a", NixExpr::Int(-3))]);
        assert_eq!(set.render(), "{\n  a = -3;\n}\n");
    }

    #[test]
    fn the_smallest_integer_is_written_as_a_subtraction() {
        assert_eq!(
            NixExpr::Int(i64::MIN).render(),
            "(-9223372036854775807 - 1)\n"
        );
        assert_eq!(
            NixExpr::List(vec![NixExpr::Int(i64::MIN)]).render(),
            "[ (-9223372036854775807 - 1) ]\n"
        );
    }
}
