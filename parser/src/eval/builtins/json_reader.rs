//! `builtins.fromJSON`'s reader, with Nix 2.8's number rules: an integer literal is an integer
//! (wrapping to 64 bits as Nix does, `-0` included), anything with `.`, `e` or `E` is a float,
//! and of duplicate keys the last wins.

use std::collections::BTreeMap;

use super::list_of;
use crate::eval::value::{Attr, Thunk, Value};
use crate::source::Span;
use crate::syntax::ir::Name;

/// Parses a JSON document into a Nix value.
pub fn parse(text: &str, span: Span) -> Result<Value, String> {
    let mut reader = Reader {
        bytes: text.as_bytes(),
        text,
        pos: 0,
        span,
        depth: 0,
    };
    reader.ws();
    let value = reader.value()?;
    reader.ws();
    if reader.pos != reader.bytes.len() {
        return Err(format!("unexpected text at byte {}", reader.pos));
    }
    Ok(value)
}

struct Reader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
    span: Span,
    depth: usize,
}

/// Deepest nesting accepted.
const MAX_DEPTH: usize = 10_000;

impl Reader<'_> {
    fn ws(&mut self) {
        while self.pos < self.bytes.len()
            && matches!(self.bytes[self.pos], b' ' | b'\t' | b'\n' | b'\r')
        {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn expect(&mut self, word: &str) -> Result<(), String> {
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(format!("expected '{word}' at byte {}", self.pos))
        }
    }

    fn value(&mut self) -> Result<Value, String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err("nested too deeply".into());
        }
        let v = stacker::maybe_grow(64 * 1024, 2 * 1024 * 1024, || self.value_inner());
        self.depth -= 1;
        v
    }

    fn value_inner(&mut self) -> Result<Value, String> {
        match self.peek() {
            Some(b'n') => self.expect("null").map(|_| Value::Null),
            Some(b't') => self.expect("true").map(|_| Value::Bool(true)),
            Some(b'f') => self.expect("false").map(|_| Value::Bool(false)),
            Some(b'"') => self.string().map(Value::string),
            Some(b'[') => {
                self.pos += 1;
                let mut items = Vec::new();
                self.ws();
                if self.peek() == Some(b']') {
                    self.pos += 1;
                    return Ok(list_of(items, self.span));
                }
                loop {
                    self.ws();
                    items.push(self.value()?);
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.pos += 1,
                        Some(b']') => {
                            self.pos += 1;
                            return Ok(list_of(items, self.span));
                        }
                        _ => return Err(format!("expected ',' or ']' at byte {}", self.pos)),
                    }
                }
            }
            Some(b'{') => {
                self.pos += 1;
                let mut entries: BTreeMap<Name, Attr> = BTreeMap::new();
                self.ws();
                if self.peek() == Some(b'}') {
                    self.pos += 1;
                    return Ok(Value::attrs(entries));
                }
                loop {
                    self.ws();
                    if self.peek() != Some(b'"') {
                        return Err(format!("expected a key at byte {}", self.pos));
                    }
                    let key = self.string()?;
                    self.ws();
                    self.expect(":")?;
                    self.ws();
                    let value = self.value()?;
                    entries.insert(
                        key.into(),
                        Attr {
                            value: Thunk::value(value, Some(self.span)),
                            key_span: None,
                        },
                    );
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.pos += 1,
                        Some(b'}') => {
                            self.pos += 1;
                            return Ok(Value::attrs(entries));
                        }
                        _ => return Err(format!("expected ',' or '}}' at byte {}", self.pos)),
                    }
                }
            }
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(format!("unexpected input at byte {}", self.pos)),
        }
    }

    fn number(&mut self) -> Result<Value, String> {
        let start = self.pos;
        while self.pos < self.bytes.len()
            && matches!(
                self.bytes[self.pos],
                b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'
            )
        {
            self.pos += 1;
        }
        let text = &self.text[start..self.pos];
        if text.contains(['.', 'e', 'E']) {
            return text
                .parse::<f64>()
                .map(Value::Float)
                .map_err(|_| format!("invalid number '{text}'"));
        }
        match text.parse::<i128>() {
            // Nix keeps the low 64 bits of an integer that does not fit.
            Ok(i) if i >= i128::from(i64::MIN) && i <= i128::from(u64::MAX) => {
                Ok(Value::Int(i as i64))
            }
            Ok(_) => text
                .parse::<f64>()
                .map(Value::Float)
                .map_err(|_| format!("invalid number '{text}'")),
            Err(_) => Err(format!("invalid number '{text}'")),
        }
    }

    fn string(&mut self) -> Result<String, String> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let rest = &self.text[self.pos..];
            let Some(c) = rest.chars().next() else {
                return Err("unterminated string".into());
            };
            self.pos += c.len_utf8();
            match c {
                '"' => return Ok(out),
                '\\' => {
                    let Some(e) = self.text[self.pos..].chars().next() else {
                        return Err("unterminated string".into());
                    };
                    self.pos += e.len_utf8();
                    match e {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        'u' => {
                            let code = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&code)
                                && self.text[self.pos..].starts_with("\\u")
                            {
                                self.pos += 2;
                                let low = self.hex4()?;
                                char::from_u32(
                                    0x10000
                                        + ((code - 0xD800) << 10)
                                        + (low.wrapping_sub(0xDC00) & 0x3FF),
                                )
                            } else {
                                char::from_u32(code)
                            };
                            out.push(c.unwrap_or('\u{FFFD}'));
                        }
                        other => out.push(other),
                    }
                }
                c => out.push(c),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let digits = self
            .text
            .get(self.pos..self.pos + 4)
            .ok_or("truncated \\u escape")?;
        self.pos += 4;
        u32::from_str_radix(digits, 16).map_err(|_| format!("invalid \\u escape '{digits}'"))
    }
}
