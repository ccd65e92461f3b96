//! `lib.strings` (concatenation, prefixes and suffixes, splitting, case, shell escaping,
//! versions, search paths, …) and `lib.meta`'s `getExe`/`getExe'`.
//!
//! Strings that are partly unknown (`"${config.x}/data"`) keep their known parts: a prefix test
//! is answered when the known prefix decides it, concatenations keep unknown pieces.

use std::rc::Rc;

use super::{Family, builtin_fn, join, known_text, string, string_list, throw, val};
use crate::eval::builtins::{force_bool, force_function, force_list, known};
use crate::eval::coerce::StringBuilder;
use crate::eval::value::{StrPiece, Thunk, UnknownReason, Value};
use crate::eval::{CoerceMode, Coerced, EvalResult, Evaluator};
use crate::source::Span;

/// Builtins that `lib.strings` re-exports (not at the top of `lib`).
const STRING_BUILTINS: &[&str] = &[
    "compareVersions",
    "elem",
    "elemAt",
    "filter",
    "fromJSON",
    "genList",
    "head",
    "isInt",
    "isList",
    "isAttrs",
    "isPath",
    "isString",
    "match",
    "parseDrvName",
    "readFile",
    "replaceStrings",
    "split",
    "storeDir",
    "stringLength",
    "substring",
    "tail",
    "toJSON",
    "typeOf",
    "unsafeDiscardStringContext",
];

/// `lib.strings`.
pub(super) fn family(ev: &Evaluator) -> Family {
    let mut f = Family::default();
    for name in STRING_BUILTINS {
        f.builtin(ev, name, false);
    }
    f.builtin_or(ev, "concatStringsSep", true, 2, |ev, a, span| {
        let xs = known!(ev, force_list(ev, &a[1], span)?, span);
        let sep = ev.force(&a[0])?;
        concat_with(ev, sep, &xs, span, |ev, _, x| ev.force(x))
    });
    f.func("concatStrings", 1, |ev, a, span| {
        let xs = known!(ev, force_list(ev, &a[0], span)?, span);
        concat_with(ev, string(""), &xs, span, |ev, _, x| ev.force(x))
    });
    f.func("concatMapStrings", 2, |ev, a, span| {
        let g = known!(ev, force_function(ev, &a[0], span)?, span);
        let xs = known!(ev, force_list(ev, &a[1], span)?, span);
        concat_with(ev, string(""), &xs, span, |ev, _, x| {
            ev.call(g.clone(), std::slice::from_ref(x), span)
        })
    });
    f.func("concatImapStrings", 2, |ev, a, span| {
        let g = known!(ev, force_function(ev, &a[0], span)?, span);
        let xs = known!(ev, force_list(ev, &a[1], span)?, span);
        concat_with(ev, string(""), &xs, span, |ev, i, x| {
            ev.call(
                g.clone(),
                &[val(Value::Int(i as i64 + 1), span), x.clone()],
                span,
            )
        })
    });
    f.func("concatMapStringsSep", 3, |ev, a, span| {
        let sep = ev.force(&a[0])?;
        let g = known!(ev, force_function(ev, &a[1], span)?, span);
        let xs = known!(ev, force_list(ev, &a[2], span)?, span);
        concat_with(ev, sep, &xs, span, |ev, _, x| {
            ev.call(g.clone(), std::slice::from_ref(x), span)
        })
    });
    f.func("concatImapStringsSep", 3, |ev, a, span| {
        let sep = ev.force(&a[0])?;
        let g = known!(ev, force_function(ev, &a[1], span)?, span);
        let xs = known!(ev, force_list(ev, &a[2], span)?, span);
        concat_with(ev, sep, &xs, span, |ev, i, x| {
            ev.call(
                g.clone(),
                &[val(Value::Int(i as i64 + 1), span), x.clone()],
                span,
            )
        })
    });
    f.func("concatLines", 1, |ev, a, span| {
        let xs = known!(ev, force_list(ev, &a[0], span)?, span);
        let mut builder = StringBuilder::default();
        for x in xs.iter() {
            let v = ev.force(x)?;
            let c = ev.coerce_to_string(v, CoerceMode::Interpolation, span)?;
            builder.push(c);
            builder.push_str("\n");
            ev.check_size(builder.len(), span)?;
        }
        Ok(builder.finish())
    });
    f.func("intersperse", 2, |ev, a, span| {
        let xs = known!(ev, force_list(ev, &a[1], span)?, span);
        let mut out = Vec::with_capacity(xs.len() * 2);
        for (i, x) in xs.iter().enumerate() {
            if i > 0 {
                out.push(a[0].clone());
            }
            out.push(x.clone());
        }
        Ok(Value::list(out))
    });
    f.func("optionalString", 2, |ev, a, span| {
        match force_bool(ev, &a[0], span)? {
            Some(true) => ev.force(&a[1]),
            Some(false) => Ok(string("")),
            None => Ok(ev.derived_unknown(span)),
        }
    });
    f.func("hasPrefix", 2, |ev, a, span| {
        let s = text_of(ev, &a[1], span)?;
        let pref = known!(ev, strict_text(ev, &a[0], span)?, span);
        Ok(decision(ev, prefix_decision(&s, &pref), span))
    });
    f.func("hasSuffix", 2, |ev, a, span| {
        let s = text_of(ev, &a[1], span)?;
        let suffix = known!(ev, strict_text(ev, &a[0], span)?, span);
        Ok(decision(ev, suffix_decision(&s, &suffix), span))
    });
    f.func("hasInfix", 2, |ev, a, span| {
        let infix = known!(ev, strict_text(ev, &a[0], span)?, span);
        let s = text_of(ev, &a[1], span)?;
        let answer = match &s {
            Text::Known(s) => Some(s.contains(&*infix)),
            Text::Pieces(pieces) => {
                let found = pieces
                    .iter()
                    .any(|p| matches!(p, StrPiece::Known(k) if k.contains(&*infix)));
                if found { Some(true) } else { None }
            }
        };
        Ok(decision(ev, answer, span))
    });
    f.func("removePrefix", 2, |ev, a, span| {
        let original = ev.force(&a[1])?;
        let s = text_of(ev, &a[1], span)?;
        let pref = known!(ev, strict_text(ev, &a[0], span)?, span);
        match prefix_decision(&s, &pref) {
            Some(true) => Ok(drop_bytes(s, pref.len(), true)),
            Some(false) => Ok(original),
            None => Ok(ev.derived_unknown(span)),
        }
    });
    f.func("removeSuffix", 2, |ev, a, span| {
        let original = ev.force(&a[1])?;
        let s = text_of(ev, &a[1], span)?;
        let suffix = known!(ev, strict_text(ev, &a[0], span)?, span);
        match suffix_decision(&s, &suffix) {
            Some(true) => Ok(drop_bytes(s, suffix.len(), false)),
            Some(false) => Ok(original),
            None => Ok(ev.derived_unknown(span)),
        }
    });
    f.func("splitString", 2, |ev, a, span| {
        let sep = ev.force(&a[0])?;
        let sep = known!(ev, known_text(ev, sep, CoerceMode::ToString, span)?, span);
        let s = ev.force(&a[1])?;
        let s = known!(ev, known_text(ev, s, CoerceMode::ToString, span)?, span);
        let parts: Vec<&str> = s.split(&*sep).collect();
        Ok(string_list(&parts, span))
    });
    f.func("toLower", 1, |ev, a, span| {
        let s = known!(ev, strict_text(ev, &a[0], span)?, span);
        Ok(string(s.to_ascii_lowercase()))
    });
    f.func("toUpper", 1, |ev, a, span| {
        let s = known!(ev, strict_text(ev, &a[0], span)?, span);
        Ok(string(s.to_ascii_uppercase()))
    });
    f.func("escapeShellArg", 1, |ev, a, span| {
        let v = ev.force(&a[0])?;
        escape_shell_arg(ev, v, span)
    });
    f.func("escapeShellArgs", 1, |ev, a, span| {
        let xs = known!(ev, force_list(ev, &a[0], span)?, span);
        concat_with(ev, string(" "), &xs, span, |ev, _, x| {
            let v = ev.force(x)?;
            let escaped = escape_shell_arg(ev, v, span)?;
            if !escaped.is_unknown() {
                return Ok(escaped);
            }
            // Name the unknown piece after the element it escapes.
            let at = x.span().unwrap_or(span);
            let text = format!("lib.escapeShellArg ({})", ev.sources.text(at));
            Ok(ev.unknown_text(at, text, UnknownReason::Derived))
        })
    });
    f.func("escape", 2, |ev, a, span| {
        let Some(chars) = super::force_names(ev, &a[0], span)? else {
            return Ok(ev.derived_unknown(span));
        };
        let s = known!(ev, strict_text(ev, &a[1], span)?, span);
        let to: Vec<String> = chars.iter().map(|c| format!("\\{c}")).collect();
        let from: Vec<&str> = chars.iter().map(|c| &**c).collect();
        let to: Vec<&str> = to.iter().map(String::as_str).collect();
        Ok(string(replace_strings(&s, &from, &to)))
    });
    f.func("stringToCharacters", 1, |ev, a, span| {
        let s = known!(ev, strict_text(ev, &a[0], span)?, span);
        let chars: Vec<String> = s.chars().map(String::from).collect();
        Ok(string_list(&chars, span))
    });
    f.func("stringAsChars", 2, |ev, a, span| {
        let g = known!(ev, force_function(ev, &a[0], span)?, span);
        let s = known!(ev, strict_text(ev, &a[1], span)?, span);
        let chars: Vec<Thunk> = s
            .chars()
            .map(|c| val(string(String::from(c)), span))
            .collect();
        concat_with(ev, string(""), &chars, span, |ev, _, x| {
            ev.call(g.clone(), std::slice::from_ref(x), span)
        })
    });
    let lower: Vec<String> = ('a'..='z').map(String::from).collect();
    let upper: Vec<String> = ('A'..='Z').map(String::from).collect();
    f.put("lowerChars", string_list(&lower, super::no_span()), true);
    f.put("upperChars", string_list(&upper, super::no_span()), true);
    f.func("versionOlder", 2, |ev, a, span| {
        let v1 = known!(ev, strict_text(ev, &a[0], span)?, span);
        let v2 = known!(ev, strict_text(ev, &a[1], span)?, span);
        Ok(Value::Bool(
            compare_versions(&v2, &v1) == std::cmp::Ordering::Greater,
        ))
    });
    f.func("versionAtLeast", 2, |ev, a, span| {
        let v1 = known!(ev, strict_text(ev, &a[0], span)?, span);
        let v2 = known!(ev, strict_text(ev, &a[1], span)?, span);
        Ok(Value::Bool(
            compare_versions(&v2, &v1) != std::cmp::Ordering::Greater,
        ))
    });
    f.func("isStringLike", 1, |ev, a, span| match ev.force(&a[0])? {
        Value::String(_) | Value::PartialString(_) | Value::Path(_) => Ok(Value::Bool(true)),
        Value::Attrs(set) => {
            if set.get("outPath").is_some() || set.get("__toString").is_some() {
                Ok(Value::Bool(true))
            } else if set.open.is_some() {
                Ok(ev.derived_unknown(span))
            } else {
                Ok(Value::Bool(false))
            }
        }
        Value::Unknown(_) => Ok(ev.derived_unknown(span)),
        _ => Ok(Value::Bool(false)),
    });
    f.func("trim", 1, |ev, a, span| {
        let s = known!(ev, strict_text(ev, &a[0], span)?, span);
        Ok(string(s.trim_matches([' ', '\t', '\r', '\n'])))
    });
    f.func("toInt", 1, |ev, a, span| {
        let s = known!(ev, strict_text(ev, &a[0], span)?, span);
        to_int(&s, span)
    });
    f.func("fileContents", 1, |ev, a, span| {
        let Some(read) = builtin_fn(ev, "readFile")? else {
            return Ok(ev.unknown(span, UnknownReason::File));
        };
        let text = ev.apply(read, a[0].clone(), span)?;
        match text {
            Value::String(s) => Ok(string(s.strip_suffix('\n').unwrap_or(&s))),
            _ => Ok(ev.derived_unknown(span)),
        }
    });
    f.func("makeSearchPath", 2, |ev, a, span| {
        let sub = known!(ev, strict_text(ev, &a[0], span)?, span);
        let xs = known!(ev, force_list(ev, &a[1], span)?, span);
        search_path(ev, None, &sub, &xs, span)
    });
    f.func("makeSearchPathOutput", 3, |ev, a, span| {
        let output = known!(ev, strict_text(ev, &a[0], span)?, span);
        let sub = known!(ev, strict_text(ev, &a[1], span)?, span);
        let xs = known!(ev, force_list(ev, &a[2], span)?, span);
        search_path(ev, Some(&output), &sub, &xs, span)
    });
    for (name, output, sub) in [
        ("makeBinPath", "bin", "bin"),
        ("makeLibraryPath", "lib", "lib"),
        ("makeIncludePath", "dev", "include"),
    ] {
        f.func(name, 1, move |ev, a, span| {
            let xs = known!(ev, force_list(ev, &a[0], span)?, span);
            search_path(ev, Some(output), sub, &xs, span)
        });
    }
    f
}

/// `lib.meta` (only `getExe` and `getExe'`, which name files of packages and so are unknown).
pub(super) fn meta() -> Family {
    let mut f = Family::default();
    f.func("getExe", 1, |ev, _, span| {
        Ok(ev.unknown(span, UnknownReason::Package))
    });
    f.func("getExe'", 2, |ev, _, span| {
        Ok(ev.unknown(span, UnknownReason::Package))
    });
    f
}

/// A coerced string: fully known, or pieces.
enum Text {
    Known(Rc<str>),
    Pieces(Vec<StrPiece>),
}

/// Forces a string argument as `"${s}"` would coerce it.
fn text_of(ev: &mut Evaluator, thunk: &Thunk, span: Span) -> EvalResult<Text> {
    let v = ev.force(thunk)?;
    Ok(
        match ev.coerce_to_string(v, CoerceMode::Interpolation, span)? {
            Coerced::Known(s) => Text::Known(s),
            Coerced::Pieces(p) => Text::Pieces(p),
        },
    )
}

/// Forces an argument that must be a fully known string (as interpolation coerces it).
fn strict_text(ev: &mut Evaluator, thunk: &Thunk, span: Span) -> EvalResult<Option<Rc<str>>> {
    let v = ev.force(thunk)?;
    known_text(ev, v, CoerceMode::Interpolation, span)
}

/// A Boolean, or an unknown when undecided.
fn decision(ev: &Evaluator, answer: Option<bool>, span: Span) -> Value {
    match answer {
        Some(b) => Value::Bool(b),
        None => ev.derived_unknown(span),
    }
}

/// The known text at the start (or end) of a string.
fn known_edge(pieces: &[StrPiece], start: bool) -> String {
    let mut out = String::new();
    let iter: Box<dyn Iterator<Item = &StrPiece>> = if start {
        Box::new(pieces.iter())
    } else {
        Box::new(pieces.iter().rev())
    };
    for piece in iter {
        match piece {
            StrPiece::Known(k) if start => out.push_str(k),
            StrPiece::Known(k) => out.insert_str(0, k),
            StrPiece::Unknown(_) => break,
        }
    }
    out
}

/// Whether `s` starts with `pref`, when its known prefix decides it.
fn prefix_decision(s: &Text, pref: &str) -> Option<bool> {
    match s {
        Text::Known(s) => Some(s.starts_with(pref)),
        Text::Pieces(pieces) => {
            let known = known_edge(pieces, true);
            if known.len() >= pref.len() {
                Some(known.starts_with(pref))
            } else if !pref.starts_with(&known) {
                Some(false)
            } else {
                None
            }
        }
    }
}

/// Whether `s` ends with `suffix`, when its known suffix decides it.
fn suffix_decision(s: &Text, suffix: &str) -> Option<bool> {
    match s {
        Text::Known(s) => Some(s.ends_with(suffix)),
        Text::Pieces(pieces) => {
            let known = known_edge(pieces, false);
            if known.len() >= suffix.len() {
                Some(known.ends_with(suffix))
            } else if !suffix.ends_with(&known) {
                Some(false)
            } else {
                None
            }
        }
    }
}

/// Drops `n` known bytes from the start (or end) of a string that is known to have them.
fn drop_bytes(s: Text, n: usize, start: bool) -> Value {
    match s {
        Text::Known(s) => {
            let rest = if start { &s[n..] } else { &s[..s.len() - n] };
            string(rest)
        }
        Text::Pieces(pieces) => {
            let mut pieces = pieces;
            if !start {
                pieces.reverse();
            }
            let mut remaining = n;
            let mut out = Vec::new();
            for piece in pieces {
                match piece {
                    StrPiece::Known(k) if remaining > 0 => {
                        let cut = remaining.min(k.len());
                        remaining -= cut;
                        let rest = if start {
                            &k[cut..]
                        } else {
                            &k[..k.len() - cut]
                        };
                        if !rest.is_empty() {
                            out.push(StrPiece::Known(rest.into()));
                        }
                    }
                    other => out.push(other),
                }
            }
            if !start {
                out.reverse();
            }
            Value::PartialString(out.into())
        }
    }
}

/// Concatenates `map(i, x)` for every element with a separator, keeping unknown pieces.
fn concat_with(
    ev: &mut Evaluator,
    sep: Value,
    xs: &[Thunk],
    span: Span,
    map: impl Fn(&mut Evaluator, usize, &Thunk) -> EvalResult<Value>,
) -> EvalResult<Value> {
    let sep = ev.coerce_to_string(sep, CoerceMode::Interpolation, span)?;
    let mut builder = StringBuilder::default();
    for (i, x) in xs.iter().enumerate() {
        if i > 0 {
            builder.push(sep.clone());
        }
        let v = map(ev, i, x)?;
        let c = ev.coerce_to_string(v, CoerceMode::Interpolation, span)?;
        builder.push(c);
        ev.check_size(builder.len(), span)?;
    }
    Ok(builder.finish())
}

/// `escapeShellArg`: unchanged when the whole string is made of `[[:alnum:],._+:@%/-]`, else
/// single-quoted with each `'` written `'\''`. Unknown when the string is not fully known.
pub(super) fn escape_shell_arg(ev: &mut Evaluator, v: Value, span: Span) -> EvalResult<Value> {
    let s = known!(ev, known_text(ev, v, CoerceMode::ToString, span)?, span);
    let safe = !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b",._+:@%/-".contains(&b));
    if safe {
        return Ok(string(s));
    }
    Ok(string(format!("'{}'", s.replace('\'', "'\\''"))))
}

/// `builtins.replaceStrings` on known strings, with Nix's rules for empty patterns.
pub(super) fn replace_strings(s: &str, from: &[&str], to: &[&str]) -> String {
    let bytes = s.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(s.len());
    let mut p = 0;
    while p <= bytes.len() {
        let mut found = false;
        for (pattern, replacement) in from.iter().zip(to.iter()) {
            if bytes[p..].starts_with(pattern.as_bytes()) {
                found = true;
                out.extend_from_slice(replacement.as_bytes());
                if pattern.is_empty() {
                    if p < bytes.len() {
                        out.push(bytes[p]);
                    }
                    p += 1;
                } else {
                    p += pattern.len();
                }
                break;
            }
        }
        if !found {
            if p < bytes.len() {
                out.push(bytes[p]);
            }
            p += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// `lib.toInt`: a decimal integer with optional surrounding whitespace; a leading zero is
/// refused as ambiguous (octal or zero-padded), as nixpkgs refuses it.
fn to_int(s: &str, span: Span) -> EvalResult<Value> {
    let general = || {
        throw(
            format!("toInt: Could not convert {} to int.", escape_nix_string(s)),
            span,
        )
    };
    let trimmed =
        s.trim_matches(|c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{b}' | '\u{c}'));
    let digits = trimmed.strip_prefix('-').unwrap_or(trimmed);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(general());
    }
    if trimmed.len() > 1 && trimmed.starts_with('0') {
        return Err(throw(
            format!(
                "toInt: Ambiguity in interpretation of {} between octal and zero padded integer.",
                escape_nix_string(s)
            ),
            span,
        ));
    }
    trimmed
        .parse::<i64>()
        .map(Value::Int)
        .map_err(|_| general())
}

/// A string as a Nix string literal (`lib.strings.escapeNixString`): JSON quoting with `$`
/// escaped.
pub(super) fn escape_nix_string(s: &str) -> String {
    let mut out = String::new();
    crate::eval::json::escape_json_string(&mut out, s);
    out.replace('$', "\\$")
}

/// One component of a version string, as Nix's `compareVersions` splits them.
fn next_component<'a>(s: &'a str, pos: &mut usize) -> &'a str {
    let b = s.as_bytes();
    while *pos < b.len() && (b[*pos] == b'.' || b[*pos] == b'-') {
        *pos += 1;
    }
    let start = *pos;
    if *pos < b.len() && b[*pos].is_ascii_digit() {
        while *pos < b.len() && b[*pos].is_ascii_digit() {
            *pos += 1;
        }
    } else {
        while *pos < b.len() && !b[*pos].is_ascii_digit() && b[*pos] != b'.' && b[*pos] != b'-' {
            *pos += 1;
        }
    }
    &s[start..*pos]
}

/// Nix's ordering of two version components.
fn component_less(c1: &str, c2: &str) -> bool {
    let n1 = c1
        .parse::<u64>()
        .ok()
        .filter(|_| !c1.is_empty() && c1.bytes().all(|b| b.is_ascii_digit()));
    let n2 = c2
        .parse::<u64>()
        .ok()
        .filter(|_| !c2.is_empty() && c2.bytes().all(|b| b.is_ascii_digit()));
    match (n1, n2) {
        (Some(a), Some(b)) => a < b,
        _ if c1.is_empty() && n2.is_some() => true,
        _ if c1 == "pre" && c2 != "pre" => true,
        _ if c2 == "pre" => false,
        (_, Some(_)) => true,
        (Some(_), _) => false,
        _ => c1 < c2,
    }
}

/// `builtins.compareVersions`.
pub(super) fn compare_versions(v1: &str, v2: &str) -> std::cmp::Ordering {
    let (mut p1, mut p2) = (0, 0);
    while p1 < v1.len() || p2 < v2.len() {
        let c1 = next_component(v1, &mut p1);
        let c2 = next_component(v2, &mut p2);
        if component_less(c1, c2) {
            return std::cmp::Ordering::Less;
        }
        if component_less(c2, c1) {
            return std::cmp::Ordering::Greater;
        }
    }
    std::cmp::Ordering::Equal
}

/// nixpkgs' `getOutput output pkg`: `pkg.${output} or pkg.out or pkg` unless the package
/// already names an output. An unknown package gives an unknown.
pub(super) fn get_output(
    ev: &mut Evaluator,
    output: &str,
    pkg: Value,
    span: Span,
) -> EvalResult<Value> {
    match &pkg {
        Value::Attrs(set) => {
            if let Some(specified) = set.get("outputSpecified") {
                let specified = force_bool(ev, &specified.value.clone(), span)?;
                match specified {
                    Some(true) => return Ok(pkg),
                    Some(false) => {}
                    None => return Ok(ev.unknown(span, UnknownReason::Package)),
                }
            }
            for name in [output, "out"] {
                if let Some(attr) = set.get(name) {
                    return ev.force(&attr.value.clone());
                }
            }
            if set.open.is_some() {
                return Ok(ev.unknown(span, UnknownReason::Package));
            }
            Ok(pkg)
        }
        Value::Unknown(_) | Value::PartialString(_) => Ok(ev.unknown(span, UnknownReason::Package)),
        _ => Ok(pkg),
    }
}

/// `makeSearchPath` / `makeSearchPathOutput`: `<dir>/<sub>` of each non-null element, joined
/// with `:`. Unknown when a package is unknown.
fn search_path(
    ev: &mut Evaluator,
    output: Option<&str>,
    sub: &str,
    xs: &[Thunk],
    span: Span,
) -> EvalResult<Value> {
    let mut dirs = Vec::new();
    for x in xs {
        let mut v = ev.force(x)?;
        if matches!(v, Value::Null) {
            continue;
        }
        if let Some(output) = output {
            v = get_output(ev, output, v, span)?;
        }
        if v.is_unknown() {
            return Ok(ev.unknown(span, UnknownReason::Package));
        }
        let dir = super::interpolate(ev, vec![v, string(format!("/{sub}"))], span)?;
        if dir.is_unknown() {
            return Ok(ev.unknown(span, UnknownReason::Package));
        }
        dirs.push(dir);
    }
    join(ev, ":", dirs, span)
}
