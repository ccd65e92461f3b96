//! systemd command lines (`ExecStart=`) as bash words.
//!
//! The restic module joins option values into `ExecStart=` lines with spaces, unquoted, so
//! systemd's own rules decide the arguments: words split at whitespace, single and double
//! quotes anywhere in a word, C-style backslash escapes (inside quotes too), `%` specifiers,
//! `${NAME}` (one argument), a word `$NAME` (split at whitespace) and `$$`. [`to_bash`] applies
//! these rules and writes each argument so bash passes the same argument.

use crate::manifest::text::escape_shell_arg;
use crate::manifest::types::{Part, Reference, Text};

/// A piece of one argument.
#[derive(Clone, Debug, PartialEq)]
enum Seg {
    Lit(String),
    Ref(Reference),
}

/// What the line's context provides for `%` specifiers: the unit name without suffix.
pub struct Specifiers<'a> {
    /// `restic-backups-<name>`.
    pub unit: &'a str,
}

/// Converts one systemd command line (known text and references) into bash text with the same
/// arguments. Problems (specifiers systemd resolves from the machine, unknown escapes) are
/// reported in `warnings`, prefixed with `what`.
pub fn to_bash(line: &Text, spec: &Specifiers, what: &str, warnings: &mut Vec<String>) -> Text {
    let words = split(line, spec, what, warnings);
    let mut out: Vec<Part> = Vec::new();
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            out.push(Part::Lit(" ".into()));
        }
        out.extend(word_to_bash(word));
    }
    Text::from_parts(out)
}

/// Splits a line into arguments, each a list of literal and reference pieces.
fn split(line: &Text, spec: &Specifiers, what: &str, warnings: &mut Vec<String>) -> Vec<Vec<Seg>> {
    let mut words: Vec<Vec<Seg>> = Vec::new();
    let mut word: Vec<Seg> = Vec::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let push = |word: &mut Vec<Seg>, c: char| match word.last_mut() {
        Some(Seg::Lit(s)) => s.push(c),
        _ => word.push(Seg::Lit(c.to_string())),
    };
    for part in line.parts() {
        let s = match part {
            Part::Ref(r) => {
                word.push(Seg::Ref(r));
                in_word = true;
                continue;
            }
            Part::Lit(s) => resolve_specifiers(&s, spec, what, warnings),
        };
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, quote) {
                ('\\', _) => {
                    in_word = true;
                    match chars.next() {
                        Some(e) => {
                            for ch in unescape(e, &mut chars, what, warnings) {
                                push(&mut word, ch);
                            }
                        }
                        None => push(&mut word, '\\'),
                    }
                }
                (q @ ('\'' | '"'), None) => {
                    quote = Some(q);
                    in_word = true;
                }
                (q, Some(open)) if q == open => quote = None,
                (c, None) if c.is_whitespace() => {
                    if in_word {
                        words.push(std::mem::take(&mut word));
                        in_word = false;
                    }
                }
                (c, _) => {
                    in_word = true;
                    push(&mut word, c);
                }
            }
        }
    }
    if quote.is_some() {
        warnings.push(format!(
            "{what}: an unterminated quote; systemd refuses such a command line"
        ));
    }
    if in_word {
        words.push(word);
    }
    words
}

/// `%%` and the specifiers known from the unit; others are kept and reported.
fn resolve_specifiers(
    s: &str,
    spec: &Specifiers,
    what: &str,
    warnings: &mut Vec<String>,
) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('%') => out.push('%'),
            Some('n') => out.push_str(&format!("{}.service", spec.unit)),
            Some('N' | 'p') => out.push_str(spec.unit),
            Some(other) => {
                warnings.push(format!(
                    "{what}: systemd replaces the specifier %{other} with a value of the machine; \
                     backix passes it unchanged"
                ));
                out.push('%');
                out.push(other);
            }
            None => out.push('%'),
        }
    }
    out
}

/// The characters a backslash escape stands for.
fn unescape(
    e: char,
    rest: &mut std::iter::Peekable<std::str::Chars<'_>>,
    what: &str,
    warnings: &mut Vec<String>,
) -> Vec<char> {
    let simple = match e {
        'a' => Some('\x07'),
        'b' => Some('\x08'),
        'f' => Some('\x0c'),
        'n' => Some('\n'),
        'r' => Some('\r'),
        't' => Some('\t'),
        'v' => Some('\x0b'),
        's' => Some(' '),
        '\\' | '"' | '\'' => Some(e),
        _ => None,
    };
    if let Some(c) = simple {
        return vec![c];
    }
    if e == 'x' {
        let hex: String = (0..2)
            .filter_map(|_| rest.next_if(char::is_ascii_hexdigit))
            .collect();
        if let Some(c) = u8::from_str_radix(&hex, 16).ok().filter(|_| hex.len() == 2) {
            return vec![char::from(c)];
        }
    }
    warnings.push(format!(
        "{what}: systemd does not accept the escape \\{e}; backix keeps it as written"
    ));
    vec!['\\', e]
}

/// One argument as bash text: `$`-substitution as systemd does it, the rest quoted.
fn word_to_bash(word: &[Seg]) -> Vec<Part> {
    // A word that is exactly `$NAME` is replaced by the variable split at whitespace.
    if let [Seg::Lit(s)] = word
        && let Some(name) = s.strip_prefix('$')
        && is_var_name(name)
    {
        return vec![Part::Lit(format!("${name}"))];
    }
    let mut out = Vec::new();
    for seg in word {
        match seg {
            Seg::Ref(r) => {
                out.push(Part::Lit("'".into()));
                out.push(Part::Ref(r.clone()));
                out.push(Part::Lit("'".into()));
            }
            Seg::Lit(s) => out.extend(dollars(s)),
        }
    }
    if out.is_empty() {
        out.push(Part::Lit("''".into()));
    }
    out
}

/// A literal piece with `${NAME}` as `"${NAME}"` and `$$` as `$`, the rest escaped.
fn dollars(s: &str) -> Vec<Part> {
    let mut out = Vec::new();
    let mut lit = String::new();
    let flush = |lit: &mut String, out: &mut Vec<Part>| {
        if !lit.is_empty() {
            out.push(Part::Lit(escape_shell_arg(lit)));
            lit.clear();
        }
    };
    let mut rest = s;
    while let Some(pos) = rest.find('$') {
        lit.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        if let Some(tail) = after.strip_prefix('$') {
            lit.push('$');
            rest = tail;
        } else if let Some(body) = after.strip_prefix('{')
            && let Some(end) = body.find('}')
            && is_var_name(&body[..end])
        {
            flush(&mut lit, &mut out);
            out.push(Part::Lit(format!("\"${{{}}}\"", &body[..end])));
            rest = &body[end + 1..];
        } else {
            lit.push('$');
            rest = after;
        }
    }
    lit.push_str(rest);
    flush(&mut lit, &mut out);
    out
}

fn is_var_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bash(line: &str) -> (String, Vec<String>) {
        let mut w = Vec::new();
        let spec = Specifiers {
            unit: "restic-backups-x",
        };
        let t = to_bash(&Text::lit(line), &spec, "test", &mut w);
        (t.known().unwrap(), w)
    }

    /// The arguments bash gives the converted line (bash is the oracle of its own quoting).
    fn bash_argv(line: &str, env: &[(&str, &str)]) -> Vec<String> {
        let (text, _) = bash(line);
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(format!("for a in {text}; do printf '%s\\0' \"$a\"; done"))
            .envs(env.iter().copied())
            .output()
            .expect("bash runs");
        String::from_utf8(out.stdout)
            .unwrap()
            .split('\0')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn references_stay_inside_their_word() {
        let r = Reference {
            reference: "config.networking.hostName".into(),
            at: None,
            secret: false,
        };
        let line = Text::from_parts([
            Part::Lit("--tag ".into()),
            Part::Lit("--host=".into()),
            Part::Ref(r.clone()),
            Part::Lit(" x".into()),
        ]);
        let spec = Specifiers { unit: "u" };
        let out = to_bash(&line, &spec, "test", &mut Vec::new());
        assert_eq!(
            out,
            Text::from_parts([
                Part::Lit("--tag '--host=''".into()),
                Part::Ref(r),
                Part::Lit("' x".into()),
            ])
        );
    }

    #[test]
    fn plain_words_stay_plain() {
        assert_eq!(bash("--keep-last 1").0, "--keep-last 1");
        assert_eq!(bash("  --tag   a  ").0, "--tag a");
    }

    #[test]
    fn quotes_anywhere_in_a_word() {
        let line = "-o sftp.command='ssh alice@sftp -o UserKnownHostsFile=/dev/null -s sftp'";
        assert_eq!(
            bash_argv(line, &[]),
            [
                "-o",
                "sftp.command=ssh alice@sftp -o UserKnownHostsFile=/dev/null -s sftp"
            ]
        );
        assert_eq!(bash_argv(r#"a"b c"d 'e'"#, &[]), ["ab cd", "e"]);
    }

    #[test]
    fn shell_characters_are_plain_arguments() {
        assert_eq!(
            bash_argv("sh -c pg_dump x | gzip; *", &[]),
            ["sh", "-c", "pg_dump", "x", "|", "gzip;", "*"]
        );
    }

    #[test]
    fn escapes_specifiers_and_variables() {
        assert_eq!(bash_argv(r"a\sb c\x41 'd\'e'", &[]), ["a b", "cA", "d'e"]);
        assert_eq!(
            bash_argv("%% %n %N", &[]),
            ["%", "restic-backups-x.service", "restic-backups-x"]
        );
        assert_eq!(
            bash_argv("${V}x $V $$V a$V", &[("V", "1 2")]),
            ["1 2x", "1", "2", "$V", "a$V"]
        );
        let (_, w) = bash("%h");
        assert!(w[0].contains("%h"), "{w:?}");
    }
}
