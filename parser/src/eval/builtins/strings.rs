//! String builtins: `concatStringsSep`, `replaceStrings`, `match`, `split`, `substring`,
//! `stringLength`, `hashString`, `baseNameOf`, `dirOf`, `compareVersions`, `splitVersion`,
//! `parseDrvName`, `unsafeDiscardStringContext`, `unsafeDiscardOutputDependency` and
//! `addErrorContext`.
//!
//! Nix strings are bytes; `substring`, `stringLength` and the regular expressions work on bytes
//! as Nix does. A result that would not be valid UTF-8 (half of a multi-byte character) is
//! unknown, since values here are Rust strings.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use regex::bytes::{Regex, RegexBuilder};

use super::{Registry, force_int, force_list, known, list_of};
use crate::eval::coerce::StringBuilder;
use crate::eval::value::{StrPiece, Thunk, Value};
use crate::eval::{CoerceMode, Coerced, ErrorKind, EvalError, EvalResult, Evaluator, type_error};
use crate::source::Span;

/// Registers this family's builtins.
pub(super) fn register(r: &mut Registry) {
    r.function("concatStringsSep", 2, |ev, args, span| {
        let sep = force_string_or_pieces(ev, &args[0], span)?;
        let list = known!(ev, force_list(ev, &args[1], span)?, span);
        let mut builder = StringBuilder::default();
        for (i, item) in list.iter().enumerate() {
            if i > 0 {
                builder.push(sep.clone());
            }
            let v = ev.force(item)?;
            let coerced = ev.coerce_to_string(v, CoerceMode::Interpolation, span)?;
            builder.push(coerced);
            ev.check_size(builder.len(), span)?;
        }
        Ok(builder.finish())
    });
    r.function("replaceStrings", 3, replace_strings);
    r.function("match", 2, |ev, args, span| {
        let pattern = known!(ev, ev.force_string(&args[0], span)?, span);
        // Nix compiles the expression before it forces the string.
        let re = compile(&pattern, span)?;
        let text = known!(ev, ev.force_string(&args[1], span)?, span);
        let bytes = text.as_bytes();
        if !re.full.is_match(bytes) {
            ev.charge(bytes.len() as u64 / 16 + 1, span)?;
            return Ok(Value::Null);
        }
        let budget = ev.options().max_steps.saturating_sub(ev.steps());
        let mut exec = posix::Exec::new(&re.nfa, bytes, budget);
        let subs = exec.full_match();
        ev.charge(budget - exec.budget + 1, span)?;
        let subs: Vec<Option<std::ops::Range<usize>>> = match subs {
            Some(subs) => subs.iter().map(|s| s.range()).collect(),
            None => rust_groups(&re.full, bytes, 0).unwrap_or_default(),
        };
        let mut groups = Vec::new();
        for sub in subs.iter().skip(1) {
            groups.push(match sub {
                Some(r) => known!(ev, bytes_value(&bytes[r.clone()]), span),
                None => Value::Null,
            });
        }
        Ok(list_of(groups, span))
    });
    r.function("split", 2, |ev, args, span| {
        let pattern = known!(ev, ev.force_string(&args[0], span)?, span);
        let re = compile(&pattern, span)?;
        let text = known!(ev, ev.force_string(&args[1], span)?, span);
        split(ev, &re, &text, &args[1], span)
    });
    r.function("substring", 3, |ev, args, span| {
        // Nix 2.8 reads both numbers as C `int`s, truncating them.
        let start = force_int(ev, &args[0], span)?.map(|i| i as i32);
        let len = force_int(ev, &args[1], span)?.map(|i| i as i32);
        let v = ev.force(&args[2])?;
        let s = ev.coerce_to_string(v, CoerceMode::Interpolation, span)?;
        if start.is_some_and(|s| s < 0) {
            return Err(EvalError::new(
                ErrorKind::Other,
                "negative start position in 'substring'",
                Some(span),
            ));
        }
        let (Some(start), Some(len)) = (start, len) else {
            return Ok(ev.derived_unknown(span));
        };
        let start = start as usize;
        // A negative length is `std::string::npos` in C++: up to the end.
        let end = |size: usize| {
            if len < 0 {
                size
            } else {
                size.min(start.saturating_add(len as usize))
            }
        };
        let text: &[u8] = match &s {
            Coerced::Known(s) => s.as_bytes(),
            // The result may lie within the known beginning of a partially known string.
            Coerced::Pieces(pieces) => match pieces.first() {
                Some(StrPiece::Known(prefix))
                    if len >= 0 && start.saturating_add(len as usize) <= prefix.len() =>
                {
                    prefix.as_bytes()
                }
                _ => return Ok(ev.derived_unknown(span)),
            },
        };
        if start >= text.len() {
            return Ok(Value::string(""));
        }
        Ok(known!(ev, bytes_value(&text[start..end(text.len())]), span))
    });
    r.function("stringLength", 1, |ev, args, span| {
        let v = ev.force(&args[0])?;
        match ev.coerce_to_string(v, CoerceMode::Interpolation, span)? {
            Coerced::Known(s) => Ok(Value::Int(s.len() as i64)),
            Coerced::Pieces(_) => Ok(ev.derived_unknown(span)),
        }
    });
    r.function("hashString", 2, |ev, args, span| {
        let algo = known!(ev, ev.force_string(&args[0], span)?, span);
        if !matches!(&*algo, "md5" | "sha1" | "sha256" | "sha512") {
            return Err(EvalError::new(
                ErrorKind::Other,
                format!("unknown hash algorithm '{algo}'"),
                Some(span),
            ));
        }
        let text = known!(ev, ev.force_string(&args[1], span)?, span);
        Ok(Value::string(
            hash_hex(&algo, text.as_bytes()).unwrap_or_default(),
        ))
    });
    r.function("baseNameOf", 1, |ev, args, span| {
        let v = ev.force(&args[0])?;
        match ev.coerce_to_string(v, CoerceMode::PathInterpolation, span)? {
            Coerced::Known(s) => Ok(Value::string(base_name_of(&s))),
            Coerced::Pieces(pieces) => Ok(match pieces.last() {
                // "${x}/name": the last known piece settles the result.
                Some(StrPiece::Known(tail)) => match partial_base_name(tail) {
                    Some(name) => Value::string(name),
                    None => ev.derived_unknown(span),
                },
                _ => ev.derived_unknown(span),
            }),
        }
    });
    r.function("dirOf", 1, |ev, args, span| {
        let v = ev.force(&args[0])?;
        let is_path = matches!(v, Value::Path(_));
        match ev.coerce_to_string(v, CoerceMode::PathInterpolation, span)? {
            Coerced::Known(s) => {
                let dir = dir_of(&s);
                Ok(if is_path {
                    Value::Path(dir.into())
                } else {
                    Value::string(dir)
                })
            }
            Coerced::Pieces(pieces) => {
                Ok(partial_dir_of(&pieces).unwrap_or_else(|| ev.derived_unknown(span)))
            }
        }
    });
    r.function("compareVersions", 2, |ev, args, span| {
        let a = ev.force_string(&args[0], span)?;
        let b = ev.force_string(&args[1], span)?;
        let (Some(a), Some(b)) = (a, b) else {
            return Ok(ev.derived_unknown(span));
        };
        Ok(Value::Int(compare_versions(&a, &b)))
    });
    r.function("splitVersion", 1, |ev, args, span| {
        let version = known!(ev, ev.force_string(&args[0], span)?, span);
        let mut rest = version.as_bytes();
        let mut parts = Vec::new();
        loop {
            let component = next_component(&mut rest);
            if component.is_empty() {
                break;
            }
            parts.push(known!(ev, bytes_value(component), span));
        }
        Ok(list_of(parts, span))
    });
    r.function("parseDrvName", 1, |ev, args, span| {
        let name = known!(ev, ev.force_string(&args[0], span)?, span);
        let (name, version) = parse_drv_name(&name);
        Ok(Value::attrs_from([
            ("name".into(), Value::string(name)),
            ("version".into(), Value::string(version)),
        ]))
    });
    for name in [
        "unsafeDiscardStringContext",
        "unsafeDiscardOutputDependency",
    ] {
        r.function(name, 1, |ev, args, span| {
            let v = ev.force(&args[0])?;
            Ok(
                match ev.coerce_to_string(v, CoerceMode::Interpolation, span)? {
                    Coerced::Known(s) => Value::String(s),
                    Coerced::Pieces(p) => Value::PartialString(p.into()),
                },
            )
        });
    }
    r.function("addErrorContext", 2, |ev, args, _| ev.force(&args[1]));
}

/// Forces a string argument that may be partially known (`concatStringsSep`'s separator).
fn force_string_or_pieces(ev: &mut Evaluator, thunk: &Thunk, span: Span) -> EvalResult<Coerced> {
    match ev.force(thunk)? {
        Value::String(s) => Ok(Coerced::Known(s)),
        Value::PartialString(p) => Ok(Coerced::Pieces(p.to_vec())),
        Value::Unknown(u) => Ok(Coerced::Pieces(vec![StrPiece::Unknown(u)])),
        other => Err(type_error(
            format!(
                "value is {} while a string was expected",
                other.type_phrase()
            ),
            span,
        )),
    }
}

/// A string value from bytes; `None` when they are not valid UTF-8.
fn bytes_value(bytes: &[u8]) -> Option<Value> {
    std::str::from_utf8(bytes).ok().map(Value::string)
}

/// `replaceStrings from to s`, byte by byte as Nix 2.8 does it: at each position the first
/// `from` that matches is replaced; an empty `from` matches at every position (and at the end).
fn replace_strings(ev: &mut Evaluator, args: &[Thunk], span: Span) -> EvalResult<Value> {
    let from_list = known!(ev, force_list(ev, &args[0], span)?, span);
    let to_list = known!(ev, force_list(ev, &args[1], span)?, span);
    if from_list.len() != to_list.len() {
        return Err(EvalError::new(
            ErrorKind::Other,
            "'from' and 'to' arguments to 'replaceStrings' have different lengths",
            Some(span),
        ));
    }
    let mut from = Vec::with_capacity(from_list.len());
    let mut unknown = false;
    for item in from_list.iter() {
        match ev.force_string(item, span)? {
            Some(s) => from.push(s),
            None => unknown = true,
        }
    }
    // Nix 2.8 forces every replacement, used or not.
    let mut to = Vec::with_capacity(to_list.len());
    for item in to_list.iter() {
        to.push(force_string_or_pieces(ev, item, span)?);
    }
    let s = ev.force_string(&args[2], span)?;
    let (false, Some(s)) = (unknown, s) else {
        return Ok(ev.derived_unknown(span));
    };
    let s = s.as_bytes();
    ev.charge(
        (s.len() as u64 + 1) * (from.len() as u64).max(1) / 8 + 1,
        span,
    )?;

    let mut out = StringBuilder::default();
    let mut bytes: Vec<u8> = Vec::new();
    let mut p = 0;
    while p <= s.len() {
        let found = from.iter().position(|f| s[p..].starts_with(f.as_bytes()));
        match found {
            Some(i) => {
                match &to[i] {
                    Coerced::Known(t) => bytes.extend_from_slice(t.as_bytes()),
                    pieces => {
                        let Some(text) = bytes_value(&std::mem::take(&mut bytes)) else {
                            return Ok(ev.derived_unknown(span));
                        };
                        if let Value::String(text) = text {
                            out.push_str(&text);
                        }
                        out.push(pieces.clone());
                    }
                }
                if from[i].is_empty() {
                    if p < s.len() {
                        bytes.push(s[p]);
                    }
                    p += 1;
                } else {
                    p += from[i].len();
                }
            }
            None => {
                if p < s.len() {
                    bytes.push(s[p]);
                }
                p += 1;
            }
        }
        ev.check_size(bytes.len() + out.len(), span)?;
    }
    let Some(Value::String(text)) = bytes_value(&bytes) else {
        return Ok(ev.derived_unknown(span));
    };
    out.push_str(&text);
    Ok(out.finish())
}

/// A POSIX extended regular expression as Nix 2.8 (libstdc++'s `std::regex`) reads it: compiled
/// for the `regex` crate, which finds quickly whether and where a match starts, and as
/// libstdc++'s NFA, which decides which match it is and what its groups hold.
struct Compiled {
    /// The expression anchored at both ends (`match`).
    full: Regex,
    /// The expression for searching (`split`).
    search: Regex,
    /// libstdc++'s automaton.
    nfa: posix::Nfa,
}

thread_local! {
    static REGEX_CACHE: RefCell<HashMap<String, Option<Rc<Compiled>>>> = RefCell::new(HashMap::new());
}

/// Compiles (once) an expression; an invalid one is Nix's error.
fn compile(pattern: &str, span: Span) -> EvalResult<Rc<Compiled>> {
    let cached = REGEX_CACHE.with(|cache| cache.borrow().get(pattern).cloned());
    let compiled = match cached {
        Some(c) => c,
        None => {
            let compiled = translate_ere(pattern).and_then(|t| {
                let build = |p: String| {
                    RegexBuilder::new(&p)
                        .unicode(false)
                        .dot_matches_new_line(true)
                        .size_limit(1 << 26)
                        .build()
                        .ok()
                };
                let nfa = posix::compile(pattern)?;
                Some(Rc::new(Compiled {
                    full: build(format!(r"\A(?:{t})\z"))?,
                    search: build(t)?,
                    nfa,
                }))
            });
            REGEX_CACHE.with(|cache| {
                let mut cache = cache.borrow_mut();
                if cache.len() > 4096 {
                    cache.clear();
                }
                cache.insert(pattern.to_string(), compiled.clone());
            });
            compiled
        }
    };
    compiled.ok_or_else(|| {
        EvalError::new(
            ErrorKind::Other,
            format!("invalid regular expression '{pattern}'"),
            Some(span),
        )
    })
}

/// Translates a POSIX extended regular expression, with libstdc++'s rules (as compiled for
/// Nix 2.8, strictly: escaping an ordinary character is an error), into the `regex` crate's
/// syntax matching bytes. `None` when libstdc++ rejects the expression.
fn translate_ere(pattern: &str) -> Option<String> {
    let b = pattern.as_bytes();
    let mut out = String::new();
    let mut groups: Vec<usize> = Vec::new();
    // Where the last atom starts in `out`, when a quantifier may follow.
    let mut atom: Option<usize> = None;
    let mut quantified = false;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        i += 1;
        match c {
            b'\\' => {
                let e = *b.get(i)?;
                i += 1;
                if !b".[\\()*+?{|^$".contains(&e) {
                    return None;
                }
                atom = Some(out.len());
                quantified = false;
                push_byte(&mut out, e);
            }
            b'.' => {
                atom = Some(out.len());
                quantified = false;
                out.push('.');
            }
            b'[' => {
                let (class, next) = translate_bracket(b, i)?;
                atom = Some(out.len());
                quantified = false;
                out.push_str(&class);
                i = next;
            }
            b'(' => {
                groups.push(out.len());
                out.push('(');
                atom = None;
            }
            b')' => {
                let start = groups.pop()?;
                out.push(')');
                atom = Some(start);
                quantified = false;
            }
            b'|' => {
                out.push('|');
                atom = None;
            }
            b'^' | b'$' => {
                out.push(c as char);
                atom = None;
            }
            b'*' | b'+' | b'?' | b'{' => {
                let start = atom?;
                let quantifier = if c == b'{' {
                    let (q, next) = translate_interval(b, i)?;
                    i = next;
                    q
                } else {
                    (c as char).to_string()
                };
                // POSIX has no lazy quantifiers: `a*?` is `(a*)?`.
                if quantified {
                    out.insert_str(start, "(?:");
                    out.push(')');
                }
                out.push_str(&quantifier);
                quantified = true;
            }
            _ => {
                atom = Some(out.len());
                quantified = false;
                push_byte(&mut out, c);
            }
        }
    }
    if !groups.is_empty() {
        return None;
    }
    Some(out)
}

/// A literal byte in the `regex` crate's syntax.
fn push_byte(out: &mut String, byte: u8) {
    out.push_str(&format!("\\x{byte:02X}"));
}

/// `{m}`, `{m,}` or `{m,n}` after the `{`; returns it and the index after the `}`.
fn translate_interval(b: &[u8], mut i: usize) -> Option<(String, usize)> {
    let digits = |i: &mut usize| -> Option<u32> {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        std::str::from_utf8(&b[start..*i]).ok()?.parse().ok()
    };
    let min = digits(&mut i)?;
    let max = if b.get(i) == Some(&b',') {
        i += 1;
        if b.get(i).is_some_and(u8::is_ascii_digit) {
            Some(Some(digits(&mut i)?))
        } else {
            Some(None)
        }
    } else {
        None
    };
    if b.get(i) != Some(&b'}') {
        return None;
    }
    let q = match max {
        None => format!("{{{min}}}"),
        Some(None) => format!("{{{min},}}"),
        Some(Some(max)) if max >= min => format!("{{{min},{max}}}"),
        Some(Some(_)) => return None,
    };
    Some((q, i + 1))
}

/// A token inside a bracket expression, as libstdc++'s scanner reads it.
enum BracketToken {
    End,
    Dash,
    Char(u8),
    Class(String),
    Equiv(String),
    Collate(String),
}

/// What the previous bracket item was (libstdc++'s `_BracketState`).
enum Last {
    None,
    Char(u8),
    Class,
}

/// Translates a bracket expression starting after its `[`; returns it and the index after `]`.
fn translate_bracket(b: &[u8], mut i: usize) -> Option<(String, usize)> {
    let mut negate = false;
    if b.get(i) == Some(&b'^') {
        negate = true;
        i += 1;
    }
    let mut items = String::new();
    let mut at_start = true;
    let mut next = |i: &mut usize| -> Option<BracketToken> {
        let c = *b.get(*i)?;
        *i += 1;
        let start = std::mem::replace(&mut at_start, false);
        Some(match c {
            b'-' => BracketToken::Dash,
            b'[' => {
                let kind = *b.get(*i)?;
                if !matches!(kind, b'.' | b':' | b'=') {
                    return Some(BracketToken::Char(b'['));
                }
                *i += 1;
                let name_start = *i;
                while *b.get(*i)? != kind {
                    *i += 1;
                }
                let name = String::from_utf8(b[name_start..*i].to_vec()).ok()?;
                if b.get(*i + 1) != Some(&b']') {
                    return None;
                }
                *i += 2;
                match kind {
                    b'.' => BracketToken::Collate(name),
                    b':' => BracketToken::Class(name),
                    _ => BracketToken::Equiv(name),
                }
            }
            b']' if !start => BracketToken::End,
            c => BracketToken::Char(c),
        })
    };
    let add_char = |items: &mut String, c: u8| push_byte(items, c);
    let mut last = Last::None;
    let mut pending = Some(next(&mut i)?);
    match pending {
        Some(BracketToken::Char(c)) => {
            last = Last::Char(c);
            pending = None;
        }
        Some(BracketToken::Dash) => {
            last = Last::Char(b'-');
            pending = None;
        }
        _ => {}
    }
    loop {
        let token = match pending.take() {
            Some(t) => t,
            None => next(&mut i)?,
        };
        let push_char = |items: &mut String, last: &mut Last, c: u8| {
            if let Last::Char(x) = *last {
                add_char(items, x);
            }
            *last = Last::Char(c);
        };
        let push_class = |items: &mut String, last: &mut Last| {
            if let Last::Char(x) = *last {
                add_char(items, x);
            }
            *last = Last::Class;
        };
        match token {
            BracketToken::End => break,
            BracketToken::Collate(name) => {
                let c = collate_char(&name)?;
                push_char(&mut items, &mut last, c);
            }
            BracketToken::Equiv(name) => {
                let c = collate_char(&name)?;
                push_class(&mut items, &mut last);
                // libstdc++ compares the lower-cased characters.
                add_char(&mut items, c.to_ascii_lowercase());
                add_char(&mut items, c.to_ascii_uppercase());
            }
            BracketToken::Class(name) => {
                push_class(&mut items, &mut last);
                let name = name.to_ascii_lowercase();
                let rust = match name.as_str() {
                    "d" => "digit",
                    "w" => "word",
                    "s" => "space",
                    "alnum" | "alpha" | "blank" | "cntrl" | "digit" | "graph" | "lower"
                    | "print" | "punct" | "space" | "upper" | "xdigit" => &name,
                    _ => return None,
                };
                items.push_str(&format!("[:{rust}:]"));
            }
            BracketToken::Char(c) => push_char(&mut items, &mut last, c),
            BracketToken::Dash => {
                let after = next(&mut i)?;
                match (after, &last) {
                    (BracketToken::End, _) => {
                        push_char(&mut items, &mut last, b'-');
                        break;
                    }
                    (BracketToken::Char(y), Last::Char(x)) => {
                        push_range(&mut items, *x, y)?;
                        last = Last::None;
                    }
                    (BracketToken::Dash, Last::Char(x)) => {
                        push_range(&mut items, *x, b'-')?;
                        last = Last::None;
                    }
                    _ => return None,
                }
            }
        }
    }
    if let Last::Char(x) = last {
        add_char(&mut items, x);
    }
    let class = if items.is_empty() {
        // Only `[^…]` can be empty here; it matches any byte.
        if negate {
            r"[\x00-\xFF]".to_string()
        } else {
            r"[^\x00-\xFF]".to_string()
        }
    } else {
        format!("[{}{items}]", if negate { "^" } else { "" })
    };
    Some((class, i))
}

/// A range of (signed, as C `char`s compare) bytes.
fn push_range(items: &mut String, from: u8, to: u8) -> Option<()> {
    let (l, r) = (from as i8, to as i8);
    if l > r {
        return None;
    }
    if (l < 0) == (r < 0) {
        items.push_str(&format!("\\x{from:02X}-\\x{to:02X}"));
    } else {
        items.push_str(&format!("\\x{from:02X}-\\xFF\\x00-\\x{to:02X}"));
    }
    Some(())
}

/// libstdc++'s collating element names (`[.space.]`, `[.a.]`) for the C locale.
fn collate_char(name: &str) -> Option<u8> {
    const NAMES: [&str; 128] = [
        "NUL",
        "SOH",
        "STX",
        "ETX",
        "EOT",
        "ENQ",
        "ACK",
        "alert",
        "backspace",
        "tab",
        "newline",
        "vertical-tab",
        "form-feed",
        "carriage-return",
        "SO",
        "SI",
        "DLE",
        "DC1",
        "DC2",
        "DC3",
        "DC4",
        "NAK",
        "SYN",
        "ETB",
        "CAN",
        "EM",
        "SUB",
        "ESC",
        "IS4",
        "IS3",
        "IS2",
        "IS1",
        "space",
        "exclamation-mark",
        "quotation-mark",
        "number-sign",
        "dollar-sign",
        "percent-sign",
        "ampersand",
        "apostrophe",
        "left-parenthesis",
        "right-parenthesis",
        "asterisk",
        "plus-sign",
        "comma",
        "hyphen",
        "period",
        "slash",
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "colon",
        "semicolon",
        "less-than-sign",
        "equals-sign",
        "greater-than-sign",
        "question-mark",
        "commercial-at",
        "A",
        "B",
        "C",
        "D",
        "E",
        "F",
        "G",
        "H",
        "I",
        "J",
        "K",
        "L",
        "M",
        "N",
        "O",
        "P",
        "Q",
        "R",
        "S",
        "T",
        "U",
        "V",
        "W",
        "X",
        "Y",
        "Z",
        "left-square-bracket",
        "backslash",
        "right-square-bracket",
        "circumflex",
        "underscore",
        "grave-accent",
        "a",
        "b",
        "c",
        "d",
        "e",
        "f",
        "g",
        "h",
        "i",
        "j",
        "k",
        "l",
        "m",
        "n",
        "o",
        "p",
        "q",
        "r",
        "s",
        "t",
        "u",
        "v",
        "w",
        "x",
        "y",
        "z",
        "left-curly-bracket",
        "vertical-line",
        "right-curly-bracket",
        "tilde",
        "DEL",
    ];
    NAMES.iter().position(|n| *n == name).map(|i| i as u8)
}

/// The groups (0 for the whole match) of the `regex` crate's leftmost match from `start`.
fn rust_groups(
    re: &Regex,
    bytes: &[u8],
    start: usize,
) -> Option<Vec<Option<std::ops::Range<usize>>>> {
    let caps = re.captures_at(bytes, start)?;
    Some(
        (0..caps.len())
            .map(|i| caps.get(i).map(|m| m.range()))
            .collect(),
    )
}

/// `split regex s`, with libstdc++'s `sregex_iterator` rules: after an empty match, a non-empty
/// match at the same place is tried, then the search goes on one byte further; after a
/// non-empty one, where it ended.
fn split(
    ev: &mut Evaluator,
    re: &Compiled,
    text: &str,
    original: &Thunk,
    span: Span,
) -> EvalResult<Value> {
    let bytes = text.as_bytes();
    let budget = ev.options().max_steps.saturating_sub(ev.steps());
    let mut exec = posix::Exec::new(&re.nfa, bytes, budget);
    // One `regex_search` from `start`: the `regex` crate finds where the leftmost match starts,
    // libstdc++'s executor which match it is there.
    let search = |exec: &mut posix::Exec,
                  start: usize,
                  prev_avail: bool|
     -> Option<Vec<Option<std::ops::Range<usize>>>> {
        let at = re.search.find_at(bytes, start)?.start();
        match exec.search_at(at, prev_avail || at > start, false) {
            Some(subs) => Some(subs.iter().map(|s| s.range()).collect()),
            None => rust_groups(&re.search, bytes, start),
        }
    };
    let mut parts: Vec<Value> = Vec::new();
    let mut prev_end = 0;
    let mut prev_avail = false;
    let mut found = search(&mut exec, 0, false);
    while let Some(subs) = found {
        if exec.budget == 0 {
            break;
        }
        let whole = subs[0].clone().unwrap_or(prev_end..prev_end);
        parts.push(known!(ev, bytes_value(&bytes[prev_end..whole.start]), span));
        let mut groups = Vec::new();
        for sub in subs.iter().skip(1) {
            groups.push(match sub {
                Some(r) => known!(ev, bytes_value(&bytes[r.clone()]), span),
                None => Value::Null,
            });
        }
        parts.push(list_of(groups, span));
        ev.check_size(parts.len(), span)?;
        prev_end = whole.end;
        let start = if whole.is_empty() {
            if whole.end == bytes.len() {
                break;
            }
            if let Some(subs) = exec.search_at(whole.end, prev_avail, true) {
                found = Some(subs.iter().map(|s| s.range()).collect());
                continue;
            }
            whole.end + 1
        } else {
            whole.end
        };
        prev_avail = true;
        found = search(&mut exec, start, true);
    }
    ev.charge(budget - exec.budget + 1, span)?;
    if parts.is_empty() {
        return Ok(Value::list(vec![original.clone()]));
    }
    parts.push(known!(ev, bytes_value(&bytes[prev_end..]), span));
    Ok(list_of(parts, span))
}

/// The lower-case hexadecimal digest of `data`, for Nix's hash names.
pub(super) fn hash_hex(algo: &str, data: &[u8]) -> Option<String> {
    use md5::Md5;
    use sha1::Sha1;
    use sha2::{Digest, Sha256, Sha512};
    let digest: Vec<u8> = match algo {
        "md5" => Md5::digest(data).to_vec(),
        "sha1" => Sha1::digest(data).to_vec(),
        "sha256" => Sha256::digest(data).to_vec(),
        "sha512" => Sha512::digest(data).to_vec(),
        _ => return None,
    };
    Some(digest.iter().map(|b| format!("{b:02x}")).collect())
}

/// Nix's `baseNameOf`: the last component, ignoring one trailing slash.
fn base_name_of(path: &str) -> &str {
    if path.is_empty() {
        return "";
    }
    let mut last = path.len() - 1;
    if path.as_bytes()[last] == b'/' && last > 0 {
        last -= 1;
    }
    let start = path[..=last].rfind('/').map_or(0, |p| p + 1);
    &path[start..=last]
}

/// `baseNameOf` of a string ending with this known text after unknown text, when the known
/// text settles it.
fn partial_base_name(tail: &str) -> Option<&str> {
    // With at least two known bytes at the end, the whole string is longer than one byte.
    let trimmed = if tail.len() >= 2 && tail.ends_with('/') {
        &tail[..tail.len() - 1]
    } else {
        tail
    };
    if tail == "/" {
        return None;
    }
    trimmed.rfind('/').map(|p| &trimmed[p + 1..])
}

/// Nix's `dirOf`: everything before the last slash; `.` without one, `/` for the root.
fn dir_of(path: &str) -> String {
    match path.rfind('/') {
        None => ".".to_string(),
        Some(0) => "/".to_string(),
        Some(p) => path[..p].to_string(),
    }
}

/// `dirOf` of a partially known string, when its last known piece has the last slash.
fn partial_dir_of(pieces: &[StrPiece]) -> Option<Value> {
    let Some(StrPiece::Known(tail)) = pieces.last() else {
        return None;
    };
    let pos = tail.rfind('/')?;
    let before = &pieces[..pieces.len() - 1];
    if pos == 0
        && !before
            .iter()
            .any(|p| matches!(p, StrPiece::Known(s) if !s.is_empty()))
    {
        // The slash may be the first character of the whole string.
        return None;
    }
    let mut builder = StringBuilder::default();
    builder.push(Coerced::Pieces(before.to_vec()));
    builder.push_str(&tail[..pos]);
    Some(builder.finish())
}

/// The next version component (libstdc++-free port of Nix's `nextComponent`): digits, or a run
/// of characters that are neither digits nor separators; `.` and `-` separate.
fn next_component<'a>(rest: &mut &'a [u8]) -> &'a [u8] {
    let s = *rest;
    let mut p = 0;
    while p < s.len() && (s[p] == b'.' || s[p] == b'-') {
        p += 1;
    }
    let start = p;
    if p < s.len() && s[p].is_ascii_digit() {
        while p < s.len() && s[p].is_ascii_digit() {
            p += 1;
        }
    } else {
        while p < s.len() && !s[p].is_ascii_digit() && s[p] != b'.' && s[p] != b'-' {
            p += 1;
        }
    }
    *rest = &s[p..];
    &s[start..p]
}

/// Nix's `componentsLT`. Numbers are C `int`s: larger ones count as words.
fn components_lt(c1: &[u8], c2: &[u8]) -> bool {
    let int = |c: &[u8]| -> Option<i32> {
        if c.is_empty() || !c.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(c).ok()?.parse().ok()
    };
    let (n1, n2) = (int(c1), int(c2));
    match (n1, n2) {
        (Some(a), Some(b)) => a < b,
        _ if c1.is_empty() && n2.is_some() => true,
        _ if c1 == b"pre" && c2 != b"pre" => true,
        _ if c2 == b"pre" => false,
        (_, Some(_)) => true,
        (Some(_), _) => false,
        _ => c1 < c2,
    }
}

/// Nix's `compareVersions`: -1, 0 or 1.
fn compare_versions(v1: &str, v2: &str) -> i64 {
    let (mut p1, mut p2) = (v1.as_bytes(), v2.as_bytes());
    while !p1.is_empty() || !p2.is_empty() {
        let c1 = next_component(&mut p1);
        let c2 = next_component(&mut p2);
        if components_lt(c1, c2) {
            return -1;
        }
        if components_lt(c2, c1) {
            return 1;
        }
    }
    0
}

/// Nix's `DrvName`: the name ends at the first dash followed by a non-letter.
fn parse_drv_name(s: &str) -> (&str, &str) {
    let b = s.as_bytes();
    for i in 0..b.len() {
        if b[i] == b'-' && i + 1 < b.len() && !b[i + 1].is_ascii_alphabetic() {
            return (&s[..i], &s[i + 1..]);
        }
    }
    (s, "")
}

/// An emulation of libstdc++ 12's `std::regex` (POSIX extended syntax), which Nix 2.8 uses:
/// its NFA construction and its depth-first executor, which decide which match `split` finds
/// (the longest of the alternatives of a `|`, greedy repetitions) and what the groups hold.
/// The `regex` crate only says quickly whether and where a match starts.
mod posix {
    use super::translate_bracket;
    use regex::bytes::RegexBuilder;

    const NONE: usize = usize::MAX;

    /// A state of the NFA (libstdc++'s `_State` opcodes).
    #[derive(Clone)]
    enum State {
        Match(Box<[bool; 256]>, usize),
        /// `|`: the left branch (`alt`) then the right one (`next`), keeping the longer match.
        Alternative {
            next: usize,
            alt: usize,
        },
        /// A greedy loop: once more (`alt`), then, without a solution, on (`next`).
        Repeat {
            next: usize,
            alt: usize,
        },
        GroupBegin(usize, usize),
        GroupEnd(usize, usize),
        LineBegin(usize),
        LineEnd(usize),
        Dummy(usize),
        Accept,
    }

    impl State {
        fn set_next(&mut self, to: usize) {
            match self {
                State::Match(_, n)
                | State::Alternative { next: n, .. }
                | State::Repeat { next: n, .. }
                | State::GroupBegin(_, n)
                | State::GroupEnd(_, n)
                | State::LineBegin(n)
                | State::LineEnd(n)
                | State::Dummy(n) => *n = to,
                State::Accept => {}
            }
        }

        fn remap(&mut self, f: impl Fn(usize) -> usize) {
            match self {
                State::Match(_, n)
                | State::GroupBegin(_, n)
                | State::GroupEnd(_, n)
                | State::LineBegin(n)
                | State::LineEnd(n)
                | State::Dummy(n) => *n = f(*n),
                State::Alternative { next, alt } | State::Repeat { next, alt } => {
                    *next = f(*next);
                    *alt = f(*alt);
                }
                State::Accept => {}
            }
        }
    }

    /// A piece of the NFA under construction: its first and last states, and the first id of
    /// the states built for it (they are contiguous).
    #[derive(Clone, Copy)]
    struct Frag {
        start: usize,
        end: usize,
        lo: usize,
    }

    /// A compiled expression.
    pub(super) struct Nfa {
        states: Vec<State>,
        start: usize,
        /// Groups, the whole match (group 0) included.
        pub(super) groups: usize,
    }

    struct Builder<'a> {
        b: &'a [u8],
        i: usize,
        states: Vec<State>,
        groups: usize,
    }

    /// Compiles an expression as libstdc++ does; `None` when it rejects it.
    pub(super) fn compile(pattern: &str) -> Option<Nfa> {
        let mut bld = Builder {
            b: pattern.as_bytes(),
            i: 0,
            states: Vec::new(),
            groups: 1,
        };
        let begin = bld.push(State::GroupBegin(0, NONE));
        let body = bld.disjunction()?;
        if bld.i != bld.b.len() {
            return None;
        }
        bld.link(begin, body.start);
        let end = bld.push(State::GroupEnd(0, NONE));
        bld.link(body.end, end);
        let accept = bld.push(State::Accept);
        bld.link(end, accept);
        if bld.states.len() > 100_000 {
            return None;
        }
        Some(Nfa {
            states: bld.states,
            start: begin,
            groups: bld.groups,
        })
    }

    impl Builder<'_> {
        fn push(&mut self, s: State) -> usize {
            self.states.push(s);
            self.states.len() - 1
        }

        fn link(&mut self, from: usize, to: usize) {
            self.states[from].set_next(to);
        }

        fn single(&mut self, s: State) -> Frag {
            let id = self.push(s);
            Frag {
                start: id,
                end: id,
                lo: id,
            }
        }

        fn append(&mut self, a: Frag, b: Frag) -> Frag {
            self.link(a.end, b.start);
            Frag {
                start: a.start,
                end: b.end,
                lo: a.lo.min(b.lo),
            }
        }

        fn clone_frag(&mut self, f: Frag, hi: usize) -> Frag {
            let offset = self.states.len() - f.lo;
            let map = |id: usize| {
                if id != NONE && id >= f.lo && id < hi {
                    id + offset
                } else {
                    id
                }
            };
            for id in f.lo..hi {
                let mut s = self.states[id].clone();
                s.remap(map);
                self.states.push(s);
            }
            Frag {
                start: map(f.start),
                end: map(f.end),
                lo: f.lo + offset,
            }
        }

        fn peek(&self) -> Option<u8> {
            self.b.get(self.i).copied()
        }

        fn disjunction(&mut self) -> Option<Frag> {
            let mut f = self.alternative()?;
            while self.peek() == Some(b'|') {
                self.i += 1;
                let right = self.alternative()?;
                let end = self.push(State::Dummy(NONE));
                self.link(f.end, end);
                self.link(right.end, end);
                let alt = self.push(State::Alternative {
                    next: right.start,
                    alt: f.start,
                });
                f = Frag {
                    start: alt,
                    end,
                    lo: f.lo,
                };
            }
            Some(f)
        }

        fn alternative(&mut self) -> Option<Frag> {
            let mut f: Option<Frag> = None;
            while let Some(t) = self.term()? {
                f = Some(match f {
                    Some(f) => self.append(f, t),
                    None => t,
                });
            }
            let end = self.single(State::Dummy(NONE));
            Some(match f {
                Some(f) => self.append(f, end),
                None => end,
            })
        }

        /// `Some(None)` when no term starts here.
        fn term(&mut self) -> Option<Option<Frag>> {
            match self.peek() {
                Some(b'^') => {
                    self.i += 1;
                    return Some(Some(self.single(State::LineBegin(NONE))));
                }
                Some(b'$') => {
                    self.i += 1;
                    return Some(Some(self.single(State::LineEnd(NONE))));
                }
                _ => {}
            }
            let Some(mut a) = self.atom()? else {
                return Some(None);
            };
            loop {
                match self.peek() {
                    Some(b'*') => {
                        self.i += 1;
                        let r = self.push(State::Repeat {
                            next: NONE,
                            alt: a.start,
                        });
                        self.link(a.end, r);
                        a = Frag {
                            start: r,
                            end: r,
                            lo: a.lo,
                        };
                    }
                    Some(b'+') => {
                        self.i += 1;
                        let r = self.push(State::Repeat {
                            next: NONE,
                            alt: a.start,
                        });
                        self.link(a.end, r);
                        a = Frag {
                            start: a.start,
                            end: r,
                            lo: a.lo,
                        };
                    }
                    Some(b'?') => {
                        self.i += 1;
                        let end = self.push(State::Dummy(NONE));
                        let r = self.push(State::Repeat {
                            next: end,
                            alt: a.start,
                        });
                        self.link(a.end, end);
                        a = Frag {
                            start: r,
                            end,
                            lo: a.lo,
                        };
                    }
                    Some(b'{') => {
                        self.i += 1;
                        a = self.interval(a)?;
                    }
                    _ => return Some(Some(a)),
                }
            }
        }

        fn number(&mut self) -> Option<usize> {
            let start = self.i;
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.i += 1;
            }
            std::str::from_utf8(&self.b[start..self.i])
                .ok()?
                .parse()
                .ok()
        }

        fn interval(&mut self, r: Frag) -> Option<Frag> {
            let min = self.number()?;
            let mut max = Some(min);
            if self.peek() == Some(b',') {
                self.i += 1;
                max = if self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    Some(self.number()?)
                } else {
                    None
                };
            }
            if self.peek() != Some(b'}') {
                return None;
            }
            self.i += 1;
            let hi = self.states.len();
            if min
                .saturating_add(max.unwrap_or(min))
                .saturating_mul(hi - r.lo)
                > 100_000
            {
                return None;
            }
            let mut e = self.single(State::Dummy(NONE));
            e.lo = r.lo;
            for _ in 0..min {
                let c = self.clone_frag(r, hi);
                e = self.append(e, c);
            }
            match max {
                None => {
                    let tmp = self.clone_frag(r, hi);
                    let s = self.push(State::Repeat {
                        next: NONE,
                        alt: tmp.start,
                    });
                    self.link(tmp.end, s);
                    self.link(e.end, s);
                    e.end = s;
                }
                Some(max) => {
                    let n = max.checked_sub(min)?;
                    let end = self.push(State::Dummy(NONE));
                    for _ in 0..n {
                        let tmp = self.clone_frag(r, hi);
                        let alt = self.push(State::Repeat {
                            next: end,
                            alt: tmp.start,
                        });
                        self.link(e.end, alt);
                        e.end = tmp.end;
                    }
                    self.link(e.end, end);
                    e.end = end;
                }
            }
            Some(e)
        }

        fn atom(&mut self) -> Option<Option<Frag>> {
            let Some(c) = self.peek() else {
                return Some(None);
            };
            let table = match c {
                b')' | b'|' | b'*' | b'+' | b'?' | b'{' => return Some(None),
                b'\\' => {
                    let e = *self.b.get(self.i + 1)?;
                    if !b".[\\()*+?{|^$".contains(&e) {
                        return None;
                    }
                    self.i += 2;
                    byte_table(|b| b == e)
                }
                b'.' => {
                    self.i += 1;
                    byte_table(|b| b != 0)
                }
                b'[' => {
                    let (class, next) = translate_bracket(self.b, self.i + 1)?;
                    self.i = next;
                    let re = RegexBuilder::new(&format!(r"\A{class}\z"))
                        .unicode(false)
                        .build()
                        .ok()?;
                    byte_table(|b| re.is_match(&[b]))
                }
                b'(' => {
                    self.i += 1;
                    let group = self.groups;
                    self.groups += 1;
                    let begin = self.single(State::GroupBegin(group, NONE));
                    let inner = self.disjunction()?;
                    if self.peek() != Some(b')') {
                        return None;
                    }
                    self.i += 1;
                    let f = self.append(begin, inner);
                    let end = self.single(State::GroupEnd(group, NONE));
                    return Some(Some(self.append(f, end)));
                }
                c => {
                    self.i += 1;
                    byte_table(|b| b == c)
                }
            };
            Some(Some(self.single(State::Match(table, NONE))))
        }
    }

    fn byte_table(f: impl Fn(u8) -> bool) -> Box<[bool; 256]> {
        let mut t = Box::new([false; 256]);
        for b in 0..=255u8 {
            t[b as usize] = f(b);
        }
        t
    }

    /// A group's bounds, as `sub_match`.
    #[derive(Clone, Copy)]
    pub(super) struct Sub {
        first: usize,
        second: usize,
        matched: bool,
    }

    impl Sub {
        /// The byte range, when the group took part.
        pub(super) fn range(&self) -> Option<std::ops::Range<usize>> {
            self.matched.then_some(self.first..self.second)
        }
    }

    /// libstdc++'s depth-first `_Executor` over one subject.
    pub(super) struct Exec<'a> {
        nfa: &'a Nfa,
        s: &'a [u8],
        begin: usize,
        cur: usize,
        exact: bool,
        prev_avail: bool,
        not_null: bool,
        has_sol: bool,
        sol_pos: Option<usize>,
        cur_results: Vec<Sub>,
        results: Vec<Sub>,
        rep_count: Vec<(usize, u32)>,
        /// Steps left; the search gives up (as with no match) when it reaches zero.
        pub(super) budget: u64,
    }

    impl<'a> Exec<'a> {
        /// An executor with a step budget.
        pub(super) fn new(nfa: &'a Nfa, s: &'a [u8], budget: u64) -> Self {
            let unmatched = Sub {
                first: s.len(),
                second: s.len(),
                matched: false,
            };
            Exec {
                nfa,
                s,
                begin: 0,
                cur: 0,
                exact: false,
                prev_avail: false,
                not_null: false,
                has_sol: false,
                sol_pos: None,
                cur_results: vec![unmatched; nfa.groups],
                results: vec![unmatched; nfa.groups],
                rep_count: vec![(NONE, 0); nfa.states.len()],
                budget,
            }
        }

        /// `regex_match`: the groups of the whole subject's match.
        pub(super) fn full_match(&mut self) -> Option<Vec<Sub>> {
            self.exact = true;
            self.begin = 0;
            self.prev_avail = false;
            self.not_null = false;
            self.run()
        }

        /// One attempt of `regex_search` at `begin` exactly (libstdc++'s `_M_search_from_first`).
        pub(super) fn search_at(
            &mut self,
            begin: usize,
            prev_avail: bool,
            not_null: bool,
        ) -> Option<Vec<Sub>> {
            self.exact = false;
            self.begin = begin;
            self.prev_avail = prev_avail;
            self.not_null = not_null;
            self.run()
        }

        fn run(&mut self) -> Option<Vec<Sub>> {
            let unmatched = Sub {
                first: self.s.len(),
                second: self.s.len(),
                matched: false,
            };
            self.results.iter_mut().for_each(|r| *r = unmatched);
            self.cur = self.begin;
            self.has_sol = false;
            self.sol_pos = None;
            self.cur_results = self.results.clone();
            self.dfs(self.nfa.start);
            (self.has_sol && self.budget > 0).then(|| self.results.clone())
        }

        fn dfs(&mut self, i: usize) {
            if self.budget == 0 {
                return;
            }
            self.budget -= 1;
            stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.step(i));
        }

        fn step(&mut self, i: usize) {
            match &self.nfa.states[i] {
                State::Repeat { next, alt } => {
                    let (next, alt) = (*next, *alt);
                    self.rep_once_more(i, alt);
                    if !self.has_sol {
                        self.dfs(next);
                    }
                }
                State::Alternative { next, alt } => {
                    let (next, alt) = (*next, *alt);
                    self.dfs(alt);
                    let had = self.has_sol;
                    self.has_sol = false;
                    self.dfs(next);
                    self.has_sol |= had;
                }
                State::GroupBegin(g, next) => {
                    let (g, next) = (*g, *next);
                    let back = self.cur_results[g].first;
                    self.cur_results[g].first = self.cur;
                    self.dfs(next);
                    self.cur_results[g].first = back;
                }
                State::GroupEnd(g, next) => {
                    let (g, next) = (*g, *next);
                    let back = self.cur_results[g];
                    self.cur_results[g].second = self.cur;
                    self.cur_results[g].matched = true;
                    self.dfs(next);
                    self.cur_results[g] = back;
                }
                State::LineBegin(next) => {
                    if self.cur == self.begin && !self.prev_avail {
                        self.dfs(*next);
                    }
                }
                State::LineEnd(next) => {
                    if self.cur == self.s.len() {
                        self.dfs(*next);
                    }
                }
                State::Match(table, next) => {
                    if self.cur < self.s.len() && table[self.s[self.cur] as usize] {
                        let next = *next;
                        self.cur += 1;
                        self.dfs(next);
                        self.cur -= 1;
                    }
                }
                State::Dummy(next) => self.dfs(*next),
                State::Accept => {
                    self.has_sol = if self.exact {
                        self.cur == self.s.len()
                    } else {
                        true
                    };
                    if self.cur == self.begin && self.not_null {
                        self.has_sol = false;
                    }
                    if self.has_sol && self.sol_pos.is_none_or(|p| p < self.cur) {
                        self.sol_pos = Some(self.cur);
                        self.results = self.cur_results.clone();
                    }
                }
            }
        }

        fn rep_once_more(&mut self, i: usize, alt: usize) {
            let count = self.rep_count[i];
            if count.1 == 0 || count.0 != self.cur {
                self.rep_count[i] = (self.cur, 1);
                self.dfs(alt);
                self.rep_count[i] = count;
            } else if count.1 < 2 {
                self.rep_count[i].1 += 1;
                self.dfs(alt);
                self.rep_count[i].1 -= 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::eval::test_support::{err, eval, ok, unknown};

    fn partial(expr: &str, text: &str) {
        let e = eval(expr).expect_err(expr);
        assert!(
            e.contains(&format!("the string \"{text}\" is not statically known")),
            "{expr}: {e}"
        );
    }

    // Expected values are nix-instantiate 2.8's output.

    #[test]
    fn concat_and_replace() {
        ok(r#"builtins.concatStringsSep "," ["a" "b"]"#, r#""a,b""#);
        ok(r#"builtins.concatStringsSep "," []"#, r#""""#);
        ok(
            r#"builtins.concatStringsSep "," [{outPath="x";}]"#,
            r#""x""#,
        );
        err(
            r#"builtins.concatStringsSep "," ["a" 1]"#,
            "cannot coerce an integer to a string",
        );
        err(
            r#"builtins.concatStringsSep 1 []"#,
            "value is an integer while a string was expected",
        );
        ok(
            r#"builtins.replaceStrings [""] ["-"] "abc""#,
            r#""-a-b-c-""#,
        );
        ok(
            r#"builtins.replaceStrings ["" "a"] ["-" "X"] "abc""#,
            r#""-a-b-c-""#,
        );
        ok(
            r#"builtins.replaceStrings ["a" ""] ["X" "-"] "abc""#,
            r#""X-b-c-""#,
        );
        ok(
            r#"builtins.replaceStrings ["aa" "a"] ["1" "2"] "aaa""#,
            r#""12""#,
        );
        ok(r#"builtins.replaceStrings [] [] "abc""#, r#""abc""#);
        err(
            r#"builtins.replaceStrings ["a"] [] "abc""#,
            "'from' and 'to' arguments to 'replaceStrings' have different lengths",
        );
        err(r#"builtins.replaceStrings ["a"] [(throw "x")] "b""#, "x");
    }

    #[test]
    fn regex_match() {
        ok(r#"builtins.match "a(b)?(c)" "ac""#, r#"[null,"c"]"#);
        ok(r#"builtins.match "ab" "ab""#, "[]");
        ok(r#"builtins.match "b" "ab""#, "null");
        ok(r#"builtins.match "a.b" "a\nb""#, "[]");
        ok(r#"builtins.match "." "é""#, "null");
        ok(r#"builtins.match ".." "é""#, "[]");
        ok(r#"builtins.match "[é]" "é""#, "null");
        ok(r#"builtins.match "(a)|(b)" "b""#, r#"[null,"b"]"#);
        ok(
            r#"builtins.match "(a|ab)(c|bcd)(d*)" "abcd""#,
            r#"["a","bcd",""]"#,
        );
        ok(r#"builtins.match "[[:alpha:]]+" "abC""#, "[]");
        ok(r#"builtins.match "[[:w:]]+" "ab_""#, "[]");
        ok(r#"builtins.match "[[:digit:][:alpha:]]+" "a1""#, "[]");
        ok(r#"builtins.match "[]a]" "]""#, "[]");
        ok(r#"builtins.match "[^]a]" "b""#, "[]");
        ok(r#"builtins.match "[\\]" "\\""#, "[]");
        ok(r#"builtins.match "[a-]+" "a-""#, "[]");
        ok(r#"builtins.match "[--z]" "a""#, "[]");
        ok(r#"builtins.match "[!--]" "-""#, "[]");
        ok(r#"builtins.match "[[.space.]]" " ""#, "[]");
        ok(r#"builtins.match "[[=a=]]" "A""#, "[]");
        ok(r#"builtins.match "[^a]" "\n""#, "[]");
        ok(r#"builtins.match "a**" "aa""#, "[]");
        ok(r#"builtins.match "(a*)+?" "aa""#, r#"[""]"#);
        ok(
            r#"builtins.match "(a|ab)(c|bcd)(d*)" "abcd""#,
            r#"["a","bcd",""]"#,
        );
        ok(r#"builtins.match "((a)|b)+" "ab""#, r#"["b","a"]"#);
        ok(r#"builtins.match "a{1}{2}" "aa""#, "[]");
        ok(r#"builtins.match "a{1,}" "aaa""#, "[]");
        ok(r#"builtins.match "a{0}" """#, "[]");
        ok(r#"builtins.match "()" """#, r#"[""]"#);
        ok(r#"builtins.match "a||b" """#, "[]");
        ok(r#"builtins.match "x^a" "xa""#, "null");
        ok(r#"builtins.match "}" "}""#, "[]");
        ok(
            r#"builtins.match "\\(\\{\\*\\+\\?\\|\\^\\$\\[\\\\\\." "({*+?|^$[\\.""#,
            "[]",
        );
        for invalid in [
            r"\\d",
            r"\\n",
            r"\\}",
            "a\\\\",
            "(?:a)",
            "*a",
            "a{",
            "a{,2}",
            "a{2,1}",
            "{",
            "a)",
            "^*",
            "a|*b",
            "(*a)",
            "[",
            "[a",
            "[[:alpha:]",
            "[[:foo:]]",
            "[[:alpha:]-z]",
            "[a-c-e]",
            "[z-a]",
            "[[.0.]]",
        ] {
            err(
                &format!("builtins.match \"{invalid}\" \"a\""),
                "invalid regular expression",
            );
        }
    }

    #[test]
    fn regex_split() {
        ok(
            r#"builtins.split "(a)|b" "xaybz""#,
            r#"["x",["a"],"y",[null],"z"]"#,
        );
        ok(
            r#"builtins.split "a*" "baaac""#,
            r#"["",[],"b",[],"",[],"c",[],""]"#,
        );
        ok(
            r#"builtins.split "," "a,b,,c""#,
            r#"["a",[],"b",[],"",[],"c"]"#,
        );
        ok(r#"builtins.split "x" "abc""#, r#"["abc"]"#);
        ok(r#"builtins.split "" "ab""#, r#"["",[],"a",[],"b",[],""]"#);
        ok(r#"builtins.split "^a" "aaa""#, r#"["",[],"aa"]"#);
        ok(
            r#"builtins.split "([[:space:]]+)" " a  b ""#,
            r#"["",[" "],"a",["  "],"b",[" "],""]"#,
        );
        err(
            r#"builtins.split "(" "a""#,
            "invalid regular expression '('",
        );
        // libstdc++'s POSIX search takes the longest alternative, unlike leftmost-first engines.
        ok(r#"builtins.split "a|ab" "xabx""#, r#"["x",[],"x"]"#);
        ok(
            r#"builtins.split "b(a|ab)" "cababb""#,
            r#"["ca",["ab"],"b"]"#,
        );
        ok(
            r#"builtins.split "a*(a|ab)" "abbab""#,
            r#"["",["ab"],"b",["ab"],""]"#,
        );
        ok(r#"builtins.split "^|(a|ab)" "ab""#, r#"["",["ab"],""]"#);
        ok(
            r#"builtins.split "|b?()b" "ba""#,
            r#"["",[""],"",[null],"a",[null],""]"#,
        );
        ok(
            r#"builtins.split "(a*)*" "ab""#,
            r#"["",[""],"",[""],"b",[""],""]"#,
        );
    }

    #[test]
    fn substrings() {
        ok(r#"builtins.substring 1 2 "abcd""#, r#""bc""#);
        ok(r#"builtins.substring 1 (-1) "abcd""#, r#""bcd""#);
        ok(r#"builtins.substring 10 2 "abcd""#, r#""""#);
        ok(r#"builtins.substring 2 10 "abcd""#, r#""cd""#);
        ok(r#"builtins.substring 0 4294967297 "abcd""#, r#""a""#);
        err(
            r#"builtins.substring (-1) 2 "abcd""#,
            "negative start position in 'substring'",
        );
        err(
            "builtins.substring 1 1 1",
            "cannot coerce an integer to a string",
        );
        ok(r#"builtins.stringLength "é""#, "2");
        err(
            "builtins.stringLength 1",
            "cannot coerce an integer to a string",
        );
    }

    #[test]
    fn hashes() {
        ok(
            r#"builtins.hashString "md5" "abc""#,
            r#""900150983cd24fb0d6963f7d28e17f72""#,
        );
        ok(
            r#"builtins.hashString "sha1" "abc""#,
            r#""a9993e364706816aba3e25717850c26c9cd0d89d""#,
        );
        ok(
            r#"builtins.hashString "sha256" "abc""#,
            r#""ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad""#,
        );
        ok(
            r#"builtins.hashString "sha512" """#,
            r#""cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e""#,
        );
        err(
            r#"builtins.hashString "sha3" "abc""#,
            "unknown hash algorithm 'sha3'",
        );
        err(
            r#"builtins.hashString "md5" 1"#,
            "value is an integer while a string was expected",
        );
    }

    #[test]
    fn paths_names_versions() {
        ok(
            r#"map baseNameOf ["/a/b" "/a/b/" "a" "" "/" "a//" "//" "/a/b//"]"#,
            r#"["b","b","a","","","","",""]"#,
        );
        ok(
            r#"map dirOf ["/a/b" "/a/b/" "a" "" "/" "a//" "//" "/a" "a/b" "/a/b//" "a/b/"]"#,
            r#"["/a","/a/b",".",".","/","a/","/","/","a","/a/b/","a/b"]"#,
        );
        ok("baseNameOf /a/b", r#""b""#);
        ok("builtins.typeOf (dirOf /a/b)", r#""path""#);
        ok("builtins.typeOf (baseNameOf /a/b)", r#""string""#);
        err("baseNameOf 1", "cannot coerce an integer to a string");
        ok(
            r#"map builtins.splitVersion ["1.2.3" "1.2pre3" "" "1..2" "a-b_c" "1.2.3a" ".1" "1." "2.0rc1" "1_2"]"#,
            r#"[["1","2","3"],["1","2","pre","3"],[],["1","2"],["a","b_c"],["1","2","3","a"],["1"],["1"],["2","0","rc","1"],["1","_","2"]]"#,
        );
        ok(
            r#"map (p: builtins.compareVersions (builtins.elemAt p 0) (builtins.elemAt p 1)) [["1.0" "2.3"] ["2.1" "2.3"] ["2.3" "2.3"] ["2.5" "2.3"] ["3.1" "2.3"] ["2.3.1" "2.3"] ["2.3.1" "2.3a"] ["2.3pre1" "2.3"] ["2.3pre3" "2.3pre12"] ["2.3a" "2.3c"] ["2.3pre1" "2.3c"] ["2.3pre1" "2.3q"] ["1.0" "1.0pre"] ["" "0"] ["a" "b"] ["1a" "1"] ["01" "1"] ["1.0" "1"] ["pre" ""] ["1" "a"]]"#,
            "[-1,-1,0,1,1,1,1,-1,-1,-1,-1,-1,1,-1,-1,1,0,1,-1,1]",
        );
        ok(
            r#"map builtins.parseDrvName ["nix-0.12pre12876" "a-b-c" "abc" "a-1-b" "a-" "-1" "a--1"]"#,
            r#"[{"name":"nix","version":"0.12pre12876"},{"name":"a-b-c","version":""},{"name":"abc","version":""},{"name":"a","version":"1-b"},{"name":"a-","version":""},{"name":"","version":"1"},{"name":"a","version":"-1"}]"#,
        );
        ok(r#"builtins.unsafeDiscardStringContext "x""#, r#""x""#);
        ok(r#"builtins.unsafeDiscardOutputDependency "x""#, r#""x""#);
        ok("builtins.addErrorContext 1 2", "2");
        err(
            "builtins.unsafeDiscardStringContext 1",
            "cannot coerce an integer to a string",
        );
    }

    #[test]
    fn unknowns_keep_what_is_known() {
        unknown(r#"builtins.stringLength "${builtins.currentSystem}""#);
        ok(r#"baseNameOf "${builtins.currentSystem}/foo""#, r#""foo""#);
        unknown(r#"baseNameOf "${builtins.currentSystem}/""#);
        partial(
            r#"dirOf "/x${builtins.currentSystem}/a/b""#,
            "/x${builtins.currentSystem}/a",
        );
        unknown(r#"dirOf "${builtins.currentSystem}/b""#);
        ok(
            r#"builtins.substring 0 3 "abcd${builtins.currentSystem}""#,
            r#""abc""#,
        );
        unknown(r#"builtins.substring 2 3 "abcd${builtins.currentSystem}""#);
        unknown(r#"builtins.match "a" builtins.currentSystem"#);
        err(
            r#"builtins.match "(" builtins.currentSystem"#,
            "invalid regular expression",
        );
        partial(
            r#"builtins.concatStringsSep "," [ "a" builtins.currentSystem ]"#,
            "a,${builtins.currentSystem}",
        );
        ok(
            r#"builtins.stringLength (builtins.concatStringsSep builtins.currentSystem [ "a" ])"#,
            "1",
        );
    }
}
