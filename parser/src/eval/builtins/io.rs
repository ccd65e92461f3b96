//! File system and format builtins: `pathExists`, `readFile`, `readDir`, `hashFile` and
//! `fromTOML`.
//!
//! They read the real file system. A file or directory that is absent (or may not be read) is
//! unknown rather than an error: configurations often refer to secrets kept out of the
//! repository or to files generated on the target machine.

use std::collections::BTreeMap;
use std::io::ErrorKind as IoKind;
use std::path::PathBuf;

use super::{Registry, known, list_of};
use crate::eval::value::{Attr, Thunk, UnknownReason, Value};
use crate::eval::{CoerceMode, Coerced, ErrorKind, EvalError, EvalResult, Evaluator};
use crate::source::Span;
use crate::syntax::ir::Name;

/// Registers this family's builtins.
pub(super) fn register(r: &mut Registry) {
    r.function("pathExists", 1, |ev, args, span| {
        let path = known!(ev, force_path(ev, &args[0], span)?, span);
        // Nix calls lstat on the text as it is: a dangling symlink exists, "file/" does not.
        Ok(Value::Bool(std::fs::symlink_metadata(&path).is_ok()))
    });
    r.function("readFile", 1, |ev, args, span| {
        let path = known!(ev, force_path(ev, &args[0], span)?, span);
        let meta = match std::fs::metadata(&path) {
            Ok(meta) => meta,
            Err(_) => return Ok(ev.unknown(span, UnknownReason::File)),
        };
        if meta.is_dir() {
            return Err(EvalError::new(
                ErrorKind::Io,
                "reading from file: Is a directory",
                Some(span),
            ));
        }
        let limit = ev.options().max_file_size;
        if meta.len() > limit {
            return Err(EvalError::new(
                ErrorKind::Limit,
                format!(
                    "'{}' is larger than the limit of {limit} bytes",
                    path.display()
                ),
                Some(span),
            ));
        }
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(_) => return Ok(ev.unknown(span, UnknownReason::File)),
        };
        ev.charge(bytes.len() as u64 / 64, span)?;
        if bytes.contains(&0) {
            return Err(EvalError::new(
                ErrorKind::Other,
                format!(
                    "the contents of the file '{}' cannot be represented as a Nix string",
                    path.display()
                ),
                Some(span),
            ));
        }
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Value::string(text)),
            // Nix would give the bytes; values here are Rust strings.
            Err(_) => Ok(ev.unknown(span, UnknownReason::File)),
        }
    });
    r.function("readDir", 1, |ev, args, span| {
        let path = known!(ev, force_path(ev, &args[0], span)?, span);
        let entries = match std::fs::read_dir(&path) {
            Ok(entries) => entries,
            Err(e) if matches!(e.kind(), IoKind::NotFound | IoKind::PermissionDenied) => {
                return Ok(ev.unknown(span, UnknownReason::File));
            }
            Err(e) => {
                let reason = if e.kind() == IoKind::NotADirectory {
                    "Not a directory".to_string()
                } else {
                    e.to_string()
                };
                return Err(EvalError::new(
                    ErrorKind::Io,
                    format!("opening directory '{}': {reason}", path.display()),
                    Some(span),
                ));
            }
        };
        let mut result: BTreeMap<Name, Attr> = BTreeMap::new();
        for entry in entries {
            ev.charge(1, span)?;
            let Ok(entry) = entry else {
                return Ok(ev.unknown(span, UnknownReason::File));
            };
            let Ok(name) = entry.file_name().into_string() else {
                return Ok(ev.unknown(span, UnknownReason::File));
            };
            let kind = match entry.file_type() {
                Ok(t) if t.is_symlink() => "symlink",
                Ok(t) if t.is_file() => "regular",
                Ok(t) if t.is_dir() => "directory",
                _ => "unknown",
            };
            result.insert(
                name.into(),
                Attr {
                    value: Thunk::value(Value::string(kind), Some(span)),
                    key_span: None,
                },
            );
        }
        ev.check_size(result.len(), span)?;
        Ok(Value::attrs(result))
    });
    r.function("hashFile", 2, |ev, args, span| {
        let algo = known!(ev, ev.force_string(&args[0], span)?, span);
        if !matches!(&*algo, "md5" | "sha1" | "sha256" | "sha512") {
            return Err(EvalError::new(
                ErrorKind::Other,
                format!("unknown hash algorithm '{algo}'"),
                Some(span),
            ));
        }
        let path = known!(ev, force_path(ev, &args[1], span)?, span);
        let limit = ev.options().max_file_size;
        match std::fs::metadata(&path) {
            Ok(meta) if meta.len() > limit => Err(EvalError::new(
                ErrorKind::Limit,
                format!(
                    "'{}' is larger than the limit of {limit} bytes",
                    path.display()
                ),
                Some(span),
            )),
            Ok(meta) if meta.is_dir() => Err(EvalError::new(
                ErrorKind::Io,
                "reading from file: Is a directory",
                Some(span),
            )),
            Ok(_) => match std::fs::read(&path) {
                Ok(bytes) => Ok(Value::string(
                    super::strings::hash_hex(&algo, &bytes).unwrap_or_default(),
                )),
                Err(_) => Ok(ev.unknown(span, UnknownReason::File)),
            },
            Err(_) => Ok(ev.unknown(span, UnknownReason::File)),
        }
    });
    r.function("fromTOML", 1, |ev, args, span| {
        let text = known!(ev, ev.force_string(&args[0], span)?, span);
        let table: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| toml_error(e.message(), span))?;
        ev.charge(text.len() as u64 / 16, span)?;
        toml_to_value(toml::Value::Table(table), span)
    });
}

/// Nix's `coerceToPath`: a path, or a string (or a set with `outPath`) holding an absolute path.
/// `None` when the text is not known.
fn force_path(ev: &mut Evaluator, thunk: &Thunk, span: Span) -> EvalResult<Option<PathBuf>> {
    let v = ev.force(thunk)?;
    match ev.coerce_to_string(v, CoerceMode::PathInterpolation, span)? {
        Coerced::Known(s) if s.starts_with('/') => Ok(Some(PathBuf::from(&*s))),
        Coerced::Known(s) => Err(EvalError::new(
            ErrorKind::Other,
            format!("string '{s}' doesn't represent an absolute path"),
            Some(span),
        )),
        Coerced::Pieces(_) => Ok(None),
    }
}

fn toml_error(message: &str, span: Span) -> Box<EvalError> {
    EvalError::new(
        ErrorKind::Other,
        format!("while parsing a TOML string: {message}"),
        Some(span),
    )
}

/// A TOML value as Nix's `fromTOML` converts it; dates and times are an error.
fn toml_to_value(value: toml::Value, span: Span) -> EvalResult<Value> {
    Ok(match value {
        toml::Value::String(s) => Value::string(s),
        toml::Value::Integer(i) => Value::Int(i),
        toml::Value::Float(f) => Value::Float(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(_) => {
            return Err(toml_error("Dates and times are not supported", span));
        }
        toml::Value::Array(items) => {
            let items = items
                .into_iter()
                .map(|i| toml_to_value(i, span))
                .collect::<EvalResult<Vec<_>>>()?;
            list_of(items, span)
        }
        toml::Value::Table(table) => {
            let mut entries = BTreeMap::new();
            for (k, v) in table {
                let v = stacker::maybe_grow(64 * 1024, 1024 * 1024, || toml_to_value(v, span))?;
                entries.insert(
                    Name::from(k.as_str()),
                    Attr {
                        value: Thunk::value(v, Some(span)),
                        key_span: None,
                    },
                );
            }
            Value::attrs(entries)
        }
    })
}

#[cfg(test)]
mod tests {
    use crate::eval::test_support::{err, ok, unknown};

    /// A directory with a file `f` ("hi\n"), a symlink `l` to it, a dangling symlink and `sub/`.
    fn fixture() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("f"), "hi\n").unwrap();
        std::os::unix::fs::symlink(dir.path().join("f"), dir.path().join("l")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("missing"), dir.path().join("dangling"))
            .unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        dir
    }

    #[test]
    fn path_exists() {
        let dir = fixture();
        let d = dir.path().display();
        ok(&format!("builtins.pathExists {d}"), "true");
        ok(&format!("builtins.pathExists \"{d}/f\""), "true");
        ok(&format!("builtins.pathExists \"{d}/nope\""), "false");
        ok(&format!("builtins.pathExists \"{d}/dangling\""), "true");
        ok(&format!("builtins.pathExists \"{d}/f/\""), "false");
        ok(&format!("builtins.pathExists \"{d}/sub/\""), "true");
        ok(&format!("builtins.pathExists \"{d}/sub/..\""), "true");
        ok(&format!("builtins.pathExists ({d} + \"/f\")"), "true");
        err(
            "builtins.pathExists \"d\"",
            "string 'd' doesn't represent an absolute path",
        );
        err(
            "builtins.pathExists 1",
            "cannot coerce an integer to a string",
        );
        unknown("builtins.pathExists \"/${builtins.currentSystem}\"");
    }

    #[test]
    fn read_file_and_dir() {
        let dir = fixture();
        let d = dir.path().display();
        ok(&format!("builtins.readFile {d}/f"), r#""hi\n""#);
        ok(&format!("builtins.readFile \"{d}/l\""), r#""hi\n""#);
        unknown(&format!("builtins.readFile {d}/nope"));
        err(
            &format!("builtins.readFile {d}"),
            "reading from file: Is a directory",
        );
        err(
            "builtins.readFile \"d/f\"",
            "string 'd/f' doesn't represent an absolute path",
        );
        ok(
            &format!("builtins.readDir {d}"),
            r#"{"dangling":"symlink","f":"regular","l":"symlink","sub":"directory"}"#,
        );
        err(&format!("builtins.readDir {d}/f"), "Not a directory");
        unknown(&format!("builtins.readDir {d}/nope"));
        ok(
            &format!("builtins.hashFile \"sha256\" {d}/f"),
            r#""98ea6e4f216f2fb4b69fff9b3a44842c38686ca685f3f55dc48c5d3fb1107be4""#,
        );
    }

    #[test]
    fn from_toml() {
        ok(
            r#"builtins.fromTOML "a = 1\nb = \"x\"\n[c]\nd = [1, 2.5, true]\n[[e]]\nf = 1\n[[e]]\nf = 2""#,
            r#"{"a":1,"b":"x","c":{"d":[1,2.5,true]},"e":[{"f":1},{"f":2}]}"#,
        );
        ok(
            r#"builtins.fromTOML "a.b.c = 1\n\"x y\" = 2""#,
            r#"{"a":{"b":{"c":1}},"x y":2}"#,
        );
        ok(
            r#"builtins.fromTOML "a = 0x10\nb = 1e3\ne = 1_000""#,
            r#"{"a":16,"b":1000,"e":1000}"#,
        );
        ok(
            r#"builtins.fromTOML "a = [[1], [\"x\"]]""#,
            r#"{"a":[[1],["x"]]}"#,
        );
        ok(
            r#"builtins.fromTOML "a = -0.0\nb=+1\nc=1.5e-3""#,
            r#"{"a":-0,"b":1,"c":0.0015}"#,
        );
        ok(r#"builtins.fromTOML """#, "{}");
        err(
            r#"builtins.fromTOML "a = 1979-05-27""#,
            "while parsing a TOML string: Dates and times are not supported",
        );
        err(r#"builtins.fromTOML "a = ""#, "while parsing a TOML string");
        err(
            r#"builtins.fromTOML "a = 1\na = 2""#,
            "while parsing a TOML string",
        );
    }
}
