//! A small YAML writer for borgmatic configurations: block mappings and sequences, strings plain
//! only when no YAML 1.1 or 1.2 loader could read them as anything else, double-quoted (JSON
//! escapes, which YAML accepts) or as literal blocks otherwise.

/// A YAML value that migration writes.
#[derive(Clone, Debug, PartialEq)]
pub enum Yaml {
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A string.
    Str(String),
    /// A sequence.
    Seq(Vec<Yaml>),
    /// A mapping, keys in the given order.
    Map(Vec<(String, Yaml)>),
}

impl Yaml {
    /// A string value.
    pub fn str(s: impl Into<String>) -> Yaml {
        Yaml::Str(s.into())
    }

    /// A sequence of strings.
    pub fn strs<I, S>(items: I) -> Yaml
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Yaml::Seq(items.into_iter().map(|s| Yaml::Str(s.into())).collect())
    }

    /// The value under `key`, for a mapping.
    pub fn get(&self, key: &str) -> Option<&Yaml> {
        match self {
            Yaml::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Writes the value as a document (a mapping at the top level), with a final newline.
    pub fn render(&self) -> String {
        let mut out = String::new();
        match self {
            Yaml::Map(entries) if !entries.is_empty() => write_map(&mut out, entries, 0),
            Yaml::Seq(items) if !items.is_empty() => write_seq(&mut out, items, 0),
            other => {
                write_inline(&mut out, other, 0);
                out.push('\n');
            }
        }
        out
    }
}

const INDENT: usize = 4;

fn pad(out: &mut String, indent: usize) {
    for _ in 0..indent {
        out.push(' ');
    }
}

/// Whether a value is written on the line of its key (scalars and empty collections).
fn is_inline(v: &Yaml) -> bool {
    match v {
        Yaml::Seq(items) => items.is_empty(),
        Yaml::Map(entries) => entries.is_empty(),
        _ => true,
    }
}

fn write_map(out: &mut String, entries: &[(String, Yaml)], indent: usize) {
    for (i, (k, v)) in entries.iter().enumerate() {
        if i > 0 {
            pad(out, indent);
        }
        write_key_value(out, k, v, indent);
    }
}

/// `key: value` where the caller has placed the cursor at the key's column.
fn write_key_value(out: &mut String, key: &str, value: &Yaml, indent: usize) {
    out.push_str(&scalar(key, indent));
    out.push(':');
    if is_inline(value) {
        out.push(' ');
        write_inline(out, value, indent + INDENT);
        out.push('\n');
    } else {
        out.push('\n');
        pad(out, indent + INDENT);
        match value {
            Yaml::Map(entries) => write_map(out, entries, indent + INDENT),
            Yaml::Seq(items) => write_seq(out, items, indent + INDENT),
            _ => unreachable!("scalars are inline"),
        }
    }
}

fn write_seq(out: &mut String, items: &[Yaml], indent: usize) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            pad(out, indent);
        }
        out.push_str("- ");
        match item {
            Yaml::Map(entries) if flow_ok(entries) => {
                write_flow_map(out, entries);
                out.push('\n');
            }
            Yaml::Map(entries) if !entries.is_empty() => write_map(out, entries, indent + 2),
            Yaml::Seq(inner) if !inner.is_empty() => write_seq(out, inner, indent + 2),
            other => {
                write_inline(out, other, indent + 2);
                out.push('\n');
            }
        }
    }
}

/// Whether a small mapping of scalars can be written in flow style (`{code: 1, treat_as: error}`):
/// a record holding a number, every string plain and free of the flow indicators.
fn flow_ok(entries: &[(String, Yaml)]) -> bool {
    let flow_plain = |s: &str| plain_ok(s) && !s.contains(',');
    entries.iter().any(|(_, v)| matches!(v, Yaml::Int(_)))
        && entries.len() <= 3
        && entries.iter().all(|(k, v)| {
            flow_plain(k)
                && match v {
                    Yaml::Bool(_) | Yaml::Int(_) => true,
                    Yaml::Str(s) => flow_plain(s),
                    _ => false,
                }
        })
}

fn write_flow_map(out: &mut String, entries: &[(String, Yaml)]) {
    out.push('{');
    for (i, (k, v)) in entries.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(k);
        out.push_str(": ");
        write_inline(out, v, 0);
    }
    out.push('}');
}

/// A scalar or empty collection; `indent` is the indentation of a literal block's content.
fn write_inline(out: &mut String, v: &Yaml, indent: usize) {
    match v {
        Yaml::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Yaml::Int(i) => out.push_str(&i.to_string()),
        Yaml::Str(s) => out.push_str(&scalar(s, indent)),
        Yaml::Seq(_) => out.push_str("[]"),
        Yaml::Map(_) => out.push_str("{}"),
    }
}

/// A string as a YAML scalar: plain, literal block (for several lines) or double-quoted.
pub fn scalar(s: &str, indent: usize) -> String {
    if plain_ok(s) {
        s.to_string()
    } else if let Some(block) = literal_block(s, indent) {
        block
    } else {
        double_quoted(s)
    }
}

/// Plain scalars are limited to a conservative alphabet that never starts an indicator, never
/// forms `: ` or ` #`, and never resolves to a Boolean, null, number or date in YAML 1.1 or 1.2.
fn plain_ok(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if !(first.is_ascii_alphabetic() || matches!(first, '/' | '_')) {
        return false;
    }
    if s.ends_with(' ') {
        return false;
    }
    if !s.chars().all(|c| {
        c.is_ascii_alphanumeric()
            || matches!(c, '/' | '_' | '.' | '-' | '@' | '+' | ',' | '=' | ' ')
    }) {
        return false;
    }
    if s.contains("  ") {
        return false;
    }
    // YAML 1.1 Booleans and nulls (`y`, `yes`, `on`, `off`, ...) and 1.2's.
    const WORDS: [&str; 12] = [
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf", "~",
    ];
    !WORDS.contains(&s.to_ascii_lowercase().as_str())
}

/// A literal block scalar (`|`, `|-`, `|+`) for a string of several lines, when every
/// character may appear unescaped and no line could be misread as indentation.
fn literal_block(s: &str, indent: usize) -> Option<String> {
    if !s.contains('\n') || s.starts_with(' ') || s.starts_with('\n') {
        return None;
    }
    if s.chars().any(|c| c != '\n' && c != '\t' && !printable(c)) {
        return None;
    }
    let body = s.trim_end_matches('\n');
    let trailing = s.len() - body.len();
    if body
        .split('\n')
        .any(|l| !l.is_empty() && l.trim_matches([' ', '\t']).is_empty())
    {
        return None;
    }
    let chomp = match trailing {
        0 => "-",
        1 => "",
        _ => "+",
    };
    let mut out = format!("|{chomp}");
    for line in s
        .split('\n')
        .take(body.split('\n').count() + trailing.saturating_sub(1))
    {
        out.push('\n');
        if !line.is_empty() {
            for _ in 0..indent {
                out.push(' ');
            }
            out.push_str(line);
        }
    }
    Some(out)
}

/// Characters written unescaped: YAML's printable set without the line breaks of YAML 1.1
/// (`\r`, NEL, the Unicode separators) and the byte order mark.
fn printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | ' '..='~' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// A double-quoted scalar: JSON's escapes (a subset of YAML's), plus escapes for the characters
/// YAML does not allow unescaped that JSON leaves alone.
fn double_quoted(s: &str) -> String {
    let json = serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string());
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c == '"' || c == '\\' || printable(c) {
            out.push(c);
        } else {
            let mut buf = [0u16; 2];
            for unit in c.encode_utf16(&mut buf) {
                out.push_str(&format!("\\u{unit:04X}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_only_when_unambiguous() {
        assert_eq!(scalar("/srv/data", 0), "/srv/data");
        assert_eq!(scalar("yes", 0), "\"yes\"");
        assert_eq!(scalar("0777", 0), "\"0777\"");
        assert_eq!(scalar("a: b", 0), "\"a: b\"");
        assert_eq!(scalar("*.pyc", 0), "\"*.pyc\"");
        assert_eq!(scalar("", 0), "\"\"");
    }

    #[test]
    fn literal_blocks_keep_final_newlines() {
        assert_eq!(scalar("a\nb\n", 2), "|\n  a\n  b");
        assert_eq!(scalar("a\nb", 2), "|-\n  a\n  b");
        assert_eq!(scalar("a\n\nb\n\n", 2), "|+\n  a\n\n  b\n");
    }
}
