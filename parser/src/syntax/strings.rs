//! String literals as Nix 2.8 reads them: escapes of `"…"` strings, and the escapes and
//! indentation stripping of `''…''` strings.
//!
//! An indented string is split the way Nix's lexer splits it: runs of plain text, escapes
//! (`''$`, `'''`, `''\x`, a lone `$` or `'`) and interpolations. When the indentation is
//! measured, only plain text counts: an escape or an interpolation ends the leading whitespace
//! of its line. When it is stripped, an escape's text is read like plain text, so the spaces
//! after an escaped newline lose the indentation too.

use std::rc::Rc;

use super::ir::{ExprRef, StrPart};

/// A piece of a string literal before escapes are resolved.
pub enum RawPart {
    /// Source text between interpolations.
    Text(String),
    /// `${ … }`.
    Interp(ExprRef),
}

/// Resolves the escapes of a `"…"` string (`\n`, `\r`, `\t`, `\x` → `x`); a carriage return,
/// alone or before a newline, becomes a newline as in Nix.
pub fn plain(raw: Vec<RawPart>) -> Vec<StrPart> {
    let mut out = Vec::new();
    for part in raw {
        match part {
            RawPart::Text(t) => push_text(&mut out, &unescape(&t)),
            RawPart::Interp(e) => out.push(StrPart::Interp(e)),
        }
    }
    out
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            },
            '\r' => {
                out.push('\n');
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
            }
            c => out.push(c),
        }
    }
    out
}

enum Piece {
    /// Plain text: its spaces can be indentation.
    Text(String),
    /// The text of an escape.
    Escape(String),
    /// An interpolation.
    Interp(ExprRef),
}

/// Splits an indented string's source text into the tokens of Nix's lexer.
fn lex_indented(text: &str, out: &mut Vec<Piece>) {
    let mut run = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("''") {
            flush(&mut run, out);
            let (escaped, len) = if after.starts_with('$') {
                ("$".to_string(), 3)
            } else if after.starts_with('\'') {
                ("''".to_string(), 3)
            } else if let Some(x) = after.strip_prefix('\\') {
                match x.chars().next() {
                    Some('n') => ("\n".to_string(), 4),
                    Some('r') => ("\r".to_string(), 4),
                    Some('t') => ("\t".to_string(), 4),
                    Some(other) => (other.to_string(), 3 + other.len_utf8()),
                    None => (String::new(), 3),
                }
            } else {
                ("''".to_string(), 2)
            };
            out.push(Piece::Escape(escaped));
            rest = &rest[len.min(rest.len())..];
            continue;
        }
        if c == '$' || c == '\'' {
            let next = rest[1..].chars().next();
            match next {
                Some(n) if !(n == '{' || n == '\'' || (c == '\'' && n == '$')) => {
                    run.push(c);
                    run.push(n);
                    rest = &rest[1 + n.len_utf8()..];
                }
                _ => {
                    flush(&mut run, out);
                    out.push(Piece::Escape(c.to_string()));
                    rest = &rest[1..];
                }
            }
            continue;
        }
        run.push(c);
        rest = &rest[c.len_utf8()..];
    }
    flush(&mut run, out);
}

fn flush(run: &mut String, out: &mut Vec<Piece>) {
    if !run.is_empty() {
        out.push(Piece::Text(std::mem::take(run)));
    }
}

/// The pieces of an indented string after escapes and Nix 2.8's indentation stripping.
pub fn indented(raw: Vec<RawPart>) -> Vec<StrPart> {
    let mut pieces: Vec<Piece> = Vec::new();
    for (i, part) in raw.into_iter().enumerate() {
        match part {
            RawPart::Text(mut t) => {
                // The lexer drops spaces and one newline right after the opening quotes.
                if i == 0 {
                    let spaces = t.len() - t.trim_start_matches(' ').len();
                    if t[spaces..].starts_with('\n') {
                        t.drain(..=spaces);
                    }
                }
                lex_indented(&t, &mut pieces);
            }
            RawPart::Interp(e) => pieces.push(Piece::Interp(e)),
        }
    }
    let min_indent = minimum_indentation(&pieces);
    let count = pieces.len();
    let mut out = Vec::new();
    let mut at_line_start = true;
    let mut dropped = 0;
    for (i, piece) in pieces.into_iter().enumerate() {
        match piece {
            Piece::Interp(e) => {
                at_line_start = false;
                dropped = 0;
                out.push(StrPart::Interp(e));
            }
            // When stripping, Nix 2.8 reads an escape's text like plain text.
            Piece::Text(text) | Piece::Escape(text) => {
                let mut kept = String::with_capacity(text.len());
                for c in text.chars() {
                    if at_line_start {
                        match c {
                            ' ' => {
                                if dropped >= min_indent {
                                    kept.push(c);
                                }
                                dropped += 1;
                            }
                            '\n' => {
                                dropped = 0;
                                kept.push(c);
                            }
                            _ => {
                                at_line_start = false;
                                dropped = 0;
                                kept.push(c);
                            }
                        }
                    } else {
                        kept.push(c);
                        if c == '\n' {
                            at_line_start = true;
                        }
                    }
                }
                // A last line of spaces only is dropped.
                if i + 1 == count
                    && let Some(p) = kept.rfind('\n')
                    && kept[p + 1..].chars().all(|c| c == ' ')
                {
                    kept.truncate(p + 1);
                }
                push_text(&mut out, &kept);
            }
        }
    }
    out
}

/// The smallest indentation of a line with content; lines of spaces only do not count.
fn minimum_indentation(pieces: &[Piece]) -> usize {
    let mut at_line_start = true;
    let mut min_indent = usize::MAX;
    let mut indent = 0;
    for piece in pieces {
        match piece {
            Piece::Interp(_) | Piece::Escape(_) => {
                if at_line_start {
                    at_line_start = false;
                    min_indent = min_indent.min(indent);
                }
            }
            Piece::Text(text) => {
                for c in text.chars() {
                    if at_line_start {
                        match c {
                            ' ' => indent += 1,
                            '\n' => indent = 0,
                            _ => {
                                at_line_start = false;
                                min_indent = min_indent.min(indent);
                            }
                        }
                    } else if c == '\n' {
                        at_line_start = true;
                        indent = 0;
                    }
                }
            }
        }
    }
    if min_indent == usize::MAX {
        0
    } else {
        min_indent
    }
}

fn push_text(out: &mut Vec<StrPart>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(StrPart::Lit(last)) = out.last_mut() {
        *last = Rc::from(format!("{last}{text}"));
    } else {
        out.push(StrPart::Lit(Rc::from(text)));
    }
}
