//! borg exclude and pattern lines (`exclude` → `--exclude-from`, `patterns` → `--patterns-from`).
//!
//! The NixOS module writes each list element followed by a newline into a file. borg 1.2.4 reads
//! the file as text (so `\r` and `\r\n` end lines too), strips whitespace around each line (Python's
//! `str.strip()`), and ignores empty lines and lines starting with `#`.
//!
//! - An exclude line is a pattern, with an optional style prefix: if the third character is `:`
//!   and the first two are alphanumeric, they select the style (`fm`, `sh`, `re`, `pp`, `pf`;
//!   anything else is an error). The default style is `fm:`. Exclude-file patterns do not recurse:
//!   borg does not look inside a directory they exclude.
//! - A patterns line starts with `+` (include), `-` (exclude), `!` (exclude, do not recurse),
//!   `R`/`r` (a root path) or `P`/`p` (change the default style of the following lines); the
//!   rest, after optional whitespace, is the value. The default style is `sh:`.
//!
//! A line borg rejects makes `borg create` die with a Python traceback and exit code 1, which is
//! borg's *warning* code: with `failOnWarnings = false` the module's script then carries on as if
//! the backup had succeeded.
//!
//! Regexes are checked with [`super::pyre`], a port of Python's `re` parser; `sh:` and `fm:`
//! patterns are turned into regexes exactly as borg does (borg's `shellpattern.translate`,
//! Python's `fnmatch.translate`) and checked the same way: `sh:[z-a]` fails, `fm:[z-a]` does not.
//!
//! The module passes `--exclude-from` before `--patterns-from`, and borg applies patterns in
//! command-line order with the first match winning, so `exclude` entries come before all `patterns`
//! lines (borg's help says exclude files come last; for the module's command line they do not).
//! [`shadowed_includes`] reports include lines that can never take effect because of that.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::{Mutex, OnceLock};

use super::{Issue, did_you_mean, py_isspace, py_strip_range, pyre, quoted};

/// A pattern style.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Style {
    /// `fm:`: fnmatch, `*` crosses `/`; the default for excludes.
    Fnmatch,
    /// `sh:`: shell style, `*` stays within a path component, `**/` spans directories; the default
    /// for patterns.
    Shell,
    /// `re:`: a Python regular expression, searched anywhere in the path.
    Regex,
    /// `pp:`: path prefix.
    PathPrefix,
    /// `pf:`: full path, checked before every other pattern whatever the order.
    PathFull,
}

impl Style {
    /// The two-letter selector.
    pub fn prefix(self) -> &'static str {
        match self {
            Style::Fnmatch => "fm",
            Style::Shell => "sh",
            Style::Regex => "re",
            Style::PathPrefix => "pp",
            Style::PathFull => "pf",
        }
    }

    /// The style for a selector, as borg's `get_pattern_class`.
    pub fn from_prefix(prefix: &str) -> Option<Style> {
        Some(match prefix {
            "fm" => Style::Fnmatch,
            "sh" => Style::Shell,
            "re" => Style::Regex,
            "pp" => Style::PathPrefix,
            "pf" => Style::PathFull,
            _ => return None,
        })
    }
}

/// A parsed pattern, ready to match paths as borg does.
#[derive(Clone, Debug)]
pub struct Pattern {
    /// The style in effect.
    pub style: Style,
    /// Whether the style was selected with a prefix.
    pub explicit_style: bool,
    /// The pattern text after the style prefix, as written.
    pub text: String,
    /// Byte range of `text` within the checked string.
    pub range: Range<usize>,
    /// What borg matches against (after its normalisation: `normpath`, leading `/` removed).
    pub normalized: String,
    /// The Python regex borg compiles for `fm:`, `sh:` and `re:` patterns.
    pub python_regex: Option<String>,
    matcher: PatternMatcher,
}

/// How a pattern matches. Regexes are kept as source and compiled on the first match
/// ([`compiled`]): most checks only parse patterns, and the same patterns recur across jobs.
#[derive(Clone, Debug)]
enum PatternMatcher {
    /// A regex (Rust syntax, already anchored) applied to `path + "/"` (fm and sh).
    AnchoredWithSlash(String),
    /// A regex (Rust syntax) searched in the path (re).
    Search(String),
    /// `(path + "/").startswith(prefix)`.
    Prefix(String),
    /// `path == full`.
    Full(String),
    /// A valid pattern whose regex has no equivalent in the `regex` crate.
    Unknown,
}

impl Pattern {
    /// Whether the pattern matches `path` (a path as borg walks it; a leading `/` is ignored).
    /// `None` when the pattern uses regex features this crate cannot evaluate.
    pub fn matches(&self, path: &str) -> Option<bool> {
        let path = path.trim_start_matches('/');
        Some(match &self.matcher {
            PatternMatcher::AnchoredWithSlash(re) => compiled(re)?.is_match(&format!("{path}/")),
            PatternMatcher::Search(re) => compiled(re)?.is_match(path),
            PatternMatcher::Prefix(p) => format!("{path}/").starts_with(p.as_str()),
            PatternMatcher::Full(f) => path == f,
            PatternMatcher::Unknown => return None,
        })
    }
}

/// What a patterns-file line does.
#[derive(Clone, Debug)]
pub enum PatternLine {
    /// `R PATH`: a recursion root (a plain path, not a pattern).
    Root {
        /// The path.
        path: String,
        /// Its byte range.
        range: Range<usize>,
    },
    /// `P STYLE`: the default style for the following lines.
    DefaultStyle(Style),
    /// `+ PATTERN`.
    Include(Pattern),
    /// `- PATTERN`: exclude, but still look inside excluded directories for includes.
    Exclude(Pattern),
    /// `! PATTERN`: exclude and do not look inside.
    ExcludeNoRecurse(Pattern),
}

/// The result of checking one list element (of `exclude` or `patterns`).
#[derive(Clone, Debug, Default)]
pub struct ElementCheck {
    /// The lines borg reads from the element and how it reads them (comments and blank lines
    /// are left out); each with the byte range of the line.
    pub lines: Vec<(Range<usize>, ParsedLine)>,
    /// Lines borg rejects: `borg create` dies on the first.
    pub errors: Vec<Issue>,
    /// Lines borg accepts but that probably do not do what was meant.
    pub warnings: Vec<Issue>,
}

/// A line borg accepted.
#[derive(Clone, Debug)]
pub enum ParsedLine {
    /// An exclude-file pattern.
    Exclude(Pattern),
    /// A patterns-file line.
    Pattern(PatternLine),
}

// ---------------------------------------------------------------------------------------------
// Reading lines as borg does.

/// The byte ranges of the lines Python reads from `element + "\n"` in text mode (universal
/// newlines: `\n`, `\r\n` and `\r` end a line).
fn file_lines(s: &str) -> Vec<Range<usize>> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push(start..i);
                start = i + 1;
            }
            b'\r' => {
                out.push(start..i);
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push(start..s.len());
    out
}

/// What borg's `clean_lines` does with one line: `None` if it drops it, else the stripped range.
fn clean_line(
    s: &str,
    line: Range<usize>,
    warnings: &mut Vec<Issue>,
    multiline: bool,
) -> Option<Range<usize>> {
    let text = &s[line.clone()];
    let r = py_strip_range(text);
    let stripped = line.start + r.start..line.start + r.end;
    if stripped.is_empty() {
        if !multiline {
            warnings.push(Issue::new(
                "borg-pattern-empty",
                "borg ignores an empty line; this element has no effect",
                line,
            ));
        }
        return None;
    }
    if s[stripped.clone()].starts_with('#') {
        warnings.push(Issue::new(
            "borg-pattern-comment",
            "borg reads a line starting with `#` as a comment and ignores it (to match a name \
             starting with `#`, write the style prefix, such as `fm:#…`)",
            stripped,
        ));
        return None;
    }
    if stripped != line {
        warnings.push(Issue::new(
            "borg-pattern-whitespace",
            "borg strips the whitespace around the line; a path with leading or trailing \
             whitespace can only be matched with `re:`",
            line,
        ));
    }
    Some(stripped)
}

/// Splits an element into the cleaned lines borg reads, warning about line breaks.
fn element_lines(s: &str, warnings: &mut Vec<Issue>) -> Vec<Range<usize>> {
    let lines = file_lines(s);
    let multiline = lines.len() > 1;
    if multiline {
        warnings.push(Issue::new(
            "borg-pattern-multiline",
            format!(
                "this element contains a line break: borg reads it as {} separate lines",
                lines.len()
            ),
            0..s.len(),
        ));
    }
    lines
        .into_iter()
        .filter_map(|l| clean_line(s, l, warnings, multiline))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Python helpers: os.path.normpath, re.escape, fnmatch.translate, borg's shellpattern.translate.

/// Python's `posixpath.normpath`.
pub fn normpath(path: &str) -> String {
    if path.is_empty() {
        return ".".into();
    }
    let mut initial = usize::from(path.starts_with('/'));
    if initial == 1 && path.starts_with("//") && !path.starts_with("///") {
        initial = 2;
    }
    let mut comps: Vec<&str> = Vec::new();
    for comp in path.split('/') {
        if comp.is_empty() || comp == "." {
            continue;
        }
        if comp != ".." || (initial == 0 && comps.is_empty()) || comps.last() == Some(&"..") {
            comps.push(comp);
        } else if !comps.is_empty() {
            comps.pop();
        }
    }
    let joined = format!("{}{}", "/".repeat(initial), comps.join("/"));
    if joined.is_empty() {
        ".".into()
    } else {
        joined
    }
}

/// Python's `re.escape` for one character.
fn re_escape(c: char, out: &mut String) {
    if "()[]{}?*+-|^$\\.&~# \t\n\r\x0b\x0c".contains(c) {
        out.push('\\');
    }
    out.push(c);
}

/// Python 3.11's `fnmatch.translate`, or `None` where it would raise.
fn fnmatch_translate(pat: &[char]) -> Option<String> {
    enum Piece {
        Star,
        Text(String),
    }
    let mut res: Vec<Piece> = Vec::new();
    let n = pat.len();
    let mut i = 0;
    while i < n {
        let c = pat[i];
        i += 1;
        match c {
            '*' => {
                if !matches!(res.last(), Some(Piece::Star)) {
                    res.push(Piece::Star);
                }
            }
            '?' => res.push(Piece::Text(".".into())),
            '[' => {
                let j = class_end(pat, i);
                if j >= n {
                    res.push(Piece::Text("\\[".into()));
                    continue;
                }
                let inner: String = pat[i..j].iter().collect();
                let mut stuff: String;
                if !inner.contains('-') {
                    stuff = inner.replace('\\', "\\\\");
                } else {
                    let mut chunks: Vec<String> = Vec::new();
                    let mut k = if pat[i] == '!' { i + 2 } else { i + 1 };
                    loop {
                        let found = (k..j).find(|&x| pat[x] == '-');
                        let Some(kk) = found else { break };
                        chunks.push(pat[i..kk].iter().collect());
                        i = kk + 1;
                        k = kk + 3;
                    }
                    let chunk: String = pat[i..j].iter().collect();
                    if !chunk.is_empty() {
                        chunks.push(chunk);
                    } else {
                        chunks.last_mut()?.push('-');
                    }
                    let mut k = chunks.len().saturating_sub(1);
                    while k > 0 {
                        let prev_last = chunks[k - 1].chars().last()?;
                        let first = chunks[k].chars().next()?;
                        if prev_last > first {
                            let mut merged: String = {
                                let mut p = chunks[k - 1].clone();
                                p.pop();
                                p
                            };
                            merged.extend(chunks[k].chars().skip(1));
                            chunks[k - 1] = merged;
                            chunks.remove(k);
                        }
                        k -= 1;
                    }
                    stuff = chunks
                        .iter()
                        .map(|s| s.replace('\\', "\\\\").replace('-', "\\-"))
                        .collect::<Vec<_>>()
                        .join("-");
                }
                let mut escaped = String::new();
                for c in stuff.chars() {
                    if "&~|".contains(c) {
                        escaped.push('\\');
                    }
                    escaped.push(c);
                }
                stuff = escaped;
                i = j + 1;
                if stuff.is_empty() {
                    res.push(Piece::Text("(?!)".into()));
                } else if stuff == "!" {
                    res.push(Piece::Text(".".into()));
                } else {
                    if let Some(rest) = stuff.strip_prefix('!') {
                        stuff = format!("^{rest}");
                    } else if stuff.starts_with('^') || stuff.starts_with('[') {
                        stuff = format!("\\{stuff}");
                    }
                    res.push(Piece::Text(format!("[{stuff}]")));
                }
            }
            c => {
                let mut s = String::new();
                re_escape(c, &mut s);
                res.push(Piece::Text(s));
            }
        }
    }
    let mut out = String::new();
    let mut idx = 0;
    while idx < res.len() {
        if let Piece::Text(t) = &res[idx] {
            out.push_str(t);
            idx += 1;
        } else {
            break;
        }
    }
    while idx < res.len() {
        idx += 1; // the STAR
        if idx == res.len() {
            out.push_str(".*");
            break;
        }
        let mut fixed = String::new();
        while idx < res.len() {
            match &res[idx] {
                Piece::Text(t) => fixed.push_str(t),
                Piece::Star => break,
            }
            idx += 1;
        }
        if idx == res.len() {
            out.push_str(".*");
            out.push_str(&fixed);
        } else {
            out.push_str(&format!("(?>.*?{fixed})"));
        }
    }
    Some(format!("(?s:{out})\\Z"))
}

/// borg 1.2's `shellpattern.translate`.
fn shell_translate(pat: &[char]) -> String {
    let n = pat.len();
    let mut i = 0;
    let mut res = String::new();
    while i < n {
        let c = pat[i];
        i += 1;
        match c {
            '*' => {
                if i + 1 < n && pat[i] == '*' && pat[i + 1] == '/' {
                    res.push_str("(?:[^\\/]*\\/)*");
                    i += 2;
                } else {
                    res.push_str("[^\\/]*");
                }
            }
            '?' => res.push_str("[^\\/]"),
            '[' => {
                let j = class_end(pat, i);
                if j >= n {
                    res.push_str("\\[");
                } else {
                    let mut stuff: String =
                        pat[i..j].iter().collect::<String>().replace('\\', "\\\\");
                    i = j + 1;
                    if let Some(rest) = stuff.strip_prefix('!') {
                        stuff = format!("^{rest}");
                    } else if stuff.starts_with('^') {
                        stuff = format!("\\{stuff}");
                    }
                    res.push('[');
                    res.push_str(&stuff);
                    res.push(']');
                }
            }
            c => re_escape(c, &mut res),
        }
    }
    format!("(?ms){res}\\Z")
}

// ---------------------------------------------------------------------------------------------
// Parsing patterns.

/// Parses a pattern (the part after any command character) as borg's `parse_pattern`.
/// `base` is the byte offset of `text` within the checked string.
pub fn parse_pattern(text: &str, base: usize, fallback: Style) -> Result<Pattern, Issue> {
    let (style, explicit, body_at) = match style_selector(text) {
        Some((sel, after)) => match Style::from_prefix(sel) {
            Some(style) => (style, true, after),
            None => {
                let suggestion = did_you_mean(sel, &["fm", "sh", "re", "pp", "pf"]);
                let hint = match suggestion {
                    Some(s) => format!("; did you mean `{s}:`?"),
                    None => String::new(),
                };
                return Err(Issue::new(
                    "borg-pattern-style",
                    format!(
                        "borg rejects the unknown pattern style {}{hint} (the styles are fm, sh, \
                         re, pp, pf; to match a path that starts with {}, put a style prefix \
                         before it, such as `fm:{}`)",
                        quoted(sel),
                        quoted(&text[..after]),
                        &text[..after]
                    ),
                    base..base + after - 1,
                ));
            }
        },
        None => (fallback, false, 0),
    };
    let body = &text[body_at..];
    let range = base + body_at..base + text.len();
    let compile_error = |e: pyre::PyReError, what: &str| {
        Issue::new(
            "borg-pattern-regex",
            format!(
                "borg cannot compile {what}: Python says \"{}\"{}",
                e.message,
                e.position
                    .map(|p| format!(" at position {p}"))
                    .unwrap_or_default()
            ),
            if style == Style::Regex {
                range.start + e.range.start..range.start + e.range.end
            } else {
                range.clone()
            },
        )
    };
    let chars = |s: &str| s.chars().collect::<Vec<char>>();
    let (normalized, python_regex, matcher) = match style {
        Style::Fnmatch => {
            let p = if body.ends_with('/') {
                format!("{}/*/", normpath(body).trim_end_matches('/'))
            } else {
                format!("{}/*", normpath(body))
            };
            let p = p.trim_start_matches('/').to_string();
            let Some(py) = fnmatch_translate(&chars(&p)) else {
                return Err(Issue::new(
                    "borg-pattern-regex",
                    "Python's fnmatch cannot translate this pattern (it raises an exception)",
                    range,
                ));
            };
            let compiled = pyre::compile(&py)
                .map_err(|e| compile_error(e, "the regex of this fm: pattern"))?;
            (p, Some(py), anchored(compiled.rust_syntax(true)))
        }
        Style::Shell => {
            let p = if body.ends_with('/') {
                format!("{}/**/*/", normpath(body).trim_end_matches('/'))
            } else {
                format!("{}/**/*", normpath(body))
            };
            let p = p.trim_start_matches('/').to_string();
            let py = shell_translate(&chars(&p));
            let compiled = pyre::compile(&py)
                .map_err(|e| compile_error(e, "the regex borg makes of this sh: pattern"))?;
            (p, Some(py), anchored(compiled.rust_syntax(false)))
        }
        Style::Regex => {
            let compiled =
                pyre::compile(body).map_err(|e| compile_error(e, "this regular expression"))?;
            let m = compiled
                .to_rust_syntax()
                .map_or(PatternMatcher::Unknown, PatternMatcher::Search);
            (body.to_string(), Some(body.to_string()), m)
        }
        Style::PathPrefix => {
            let p = format!("{}/", normpath(body).trim_end_matches('/'));
            let p = p.trim_start_matches('/').to_string();
            (p.clone(), None, PatternMatcher::Prefix(p))
        }
        Style::PathFull => {
            let p = normpath(body).trim_start_matches('/').to_string();
            (p.clone(), None, PatternMatcher::Full(p))
        }
    };
    Ok(Pattern {
        style,
        explicit_style: explicit,
        text: body.to_string(),
        range,
        normalized,
        python_regex,
        matcher,
    })
}

/// The style selector of a pattern as borg's `parse_pattern` finds it, with the byte index after
/// its colon: the pattern has more than two characters, the third is `:` and the first two are
/// alphanumeric (Python's `str.isalnum`, approximated by Rust's `char::is_alphanumeric`).
fn style_selector(s: &str) -> Option<(&str, usize)> {
    let mut it = s.char_indices();
    let (_, a) = it.next()?;
    let (_, b) = it.next()?;
    let (colon_at, colon) = it.next()?;
    (colon == ':' && a.is_alphanumeric() && b.is_alphanumeric())
        .then_some((&s[..colon_at], colon_at + 1))
}

fn anchored(rust: Option<String>) -> PatternMatcher {
    rust.map_or(PatternMatcher::Unknown, |r| {
        PatternMatcher::AnchoredWithSlash(format!(r"\A(?:{r})"))
    })
}

/// Most regexes [`compiled`] keeps; past this the cache starts over.
const COMPILED_CACHE_LIMIT: usize = 4096;

/// The regex of `source` (Rust syntax), compiled once per process; `None` when the `regex`
/// crate refuses it (a pattern whose matches then stay unknown). Compiling dominated linting
/// before: every check that parses patterns compiled each one again.
fn compiled(source: &str) -> Option<regex::Regex> {
    static CACHE: OnceLock<Mutex<HashMap<String, Option<regex::Regex>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Mutex::default);
    let lock = || cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(found) = lock().get(source) {
        return found.clone();
    }
    // Compiled outside the lock, so that workers do not wait for each other.
    let regex = regex::Regex::new(source).ok();
    let mut map = lock();
    if map.len() >= COMPILED_CACHE_LIMIT {
        map.clear();
    }
    map.insert(source.to_string(), regex.clone());
    regex
}

/// Warnings about a pattern that borg accepts.
fn pattern_warnings(p: &Pattern, warnings: &mut Vec<Issue>) {
    let t = p.text.as_str();
    let first = t.chars().next();
    let last = t.chars().last();
    if let Some(q @ ('"' | '\'')) = first {
        let message = if t.len() >= 2 && last == Some(q) {
            format!(
                "the {} quotes are part of the pattern: no shell removes them here, so borg looks \
                 for names containing quote characters and this pattern never matches",
                if q == '"' { "double" } else { "single" }
            )
        } else {
            "the pattern starts with a quote character, which borg takes literally".to_string()
        };
        warnings.push(Issue::new("borg-pattern-quotes", message, p.range.clone()));
    }
    if t.starts_with("~/") || t == "~" {
        warnings.push(Issue::new(
            "borg-pattern-tilde",
            "borg does not expand `~`: write the home directory's path",
            p.range.start..p.range.start + 1,
        ));
    }
    if let Some(i) = t.find('$') {
        let rest = &t[i + 1..];
        let var = rest.starts_with('{')
            || rest
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_uppercase() || c == '_');
        if var && p.style != Style::Regex {
            warnings.push(Issue::new(
                "borg-pattern-variable",
                "borg does not expand environment variables in patterns",
                p.range.start + i..p.range.end,
            ));
        }
    }
    if p.style == Style::Regex && (t.starts_with("^/") || t.starts_with("\\A/")) {
        warnings.push(Issue::new(
            "borg-pattern-regex-slash",
            "borg 1.2 matches paths without their leading `/`, so a regex anchored at `^/` never \
             matches; drop the `/`",
            p.range.start..p.range.start + t.find('/').map_or(1, |i| i + 1),
        ));
    }
    if p.style == Style::Regex && t.is_empty() {
        warnings.push(Issue::new(
            "borg-pattern-empty-regex",
            "an empty regex matches every path",
            p.range.clone(),
        ));
    }
}

/// Checks one element of `exclude` (it becomes one or more lines of the `--exclude-from` file).
pub fn check_exclude_element(element: &str) -> ElementCheck {
    let mut check = ElementCheck::default();
    for line in element_lines(element, &mut check.warnings) {
        let text = &element[line.clone()];
        match parse_pattern(text, line.start, Style::Fnmatch) {
            Ok(p) => {
                pattern_warnings(&p, &mut check.warnings);
                check.lines.push((line, ParsedLine::Exclude(p)));
            }
            Err(e) => check.errors.push(e),
        }
    }
    check
}

/// Checks the elements of `patterns` in order (a `P` line changes the default style of the
/// lines after it, also in later elements). One check per element.
pub fn check_pattern_elements<S: AsRef<str>>(elements: &[S]) -> Vec<ElementCheck> {
    let mut fallback = Style::Shell;
    let mut out = Vec::new();
    for element in elements {
        let element = element.as_ref();
        let mut check = ElementCheck::default();
        for line in element_lines(element, &mut check.warnings) {
            match parse_pattern_line(element, line.clone(), fallback) {
                Ok(parsed) => {
                    match &parsed {
                        PatternLine::DefaultStyle(s) => fallback = *s,
                        PatternLine::Include(p)
                        | PatternLine::Exclude(p)
                        | PatternLine::ExcludeNoRecurse(p) => {
                            pattern_warnings(p, &mut check.warnings)
                        }
                        PatternLine::Root { path, range } => {
                            root_warnings(path, range.clone(), &mut check.warnings)
                        }
                    }
                    check.lines.push((line, ParsedLine::Pattern(parsed)));
                }
                Err(e) => check.errors.push(e),
            }
        }
        out.push(check);
    }
    out
}

fn root_warnings(path: &str, range: Range<usize>, warnings: &mut Vec<Issue>) {
    if path.starts_with('~') {
        warnings.push(Issue::new(
            "borg-pattern-tilde",
            "borg does not expand `~` in a root path: write the home directory's path",
            range,
        ));
    } else if !path.starts_with('/') {
        warnings.push(Issue::new(
            "borg-pattern-relative-root",
            "a relative root path is resolved against the working directory of the backup \
             service (`/` for systemd services); write an absolute path",
            range,
        ));
    }
}

/// Parses one cleaned patterns-file line (`line` is its byte range in `s`), as borg's
/// `parse_inclexcl_command`.
fn parse_pattern_line(s: &str, line: Range<usize>, fallback: Style) -> Result<PatternLine, Issue> {
    let text = &s[line.clone()];
    let first = text.chars().next().expect("cleaned lines are not empty");
    let cmd_len = first.len_utf8();
    let after = &text[cmd_len..];
    let value_off = cmd_len + (after.len() - after.trim_start_matches(py_isspace).len());
    let value = &text[value_off..];
    let value_range = line.start + value_off..line.end;
    let known = matches!(first, '+' | '-' | '!' | 'R' | 'r' | 'P' | 'p');
    if !known {
        let hint = if first == '/' || first.is_alphanumeric() || "*?[.~".contains(first) {
            format!(
                " (it looks like a pattern: write `- {text}` to exclude or `+ {text}` to include)"
            )
        } else {
            String::new()
        };
        return Err(Issue::new(
            "borg-pattern-command",
            format!(
                "borg rejects this patterns line: it must start with `+`, `-`, `!`, `R` or `P`{hint}"
            ),
            line.start..line.start + cmd_len,
        ));
    }
    if value.is_empty() {
        return Err(Issue::new(
            "borg-pattern-command",
            format!(
                "borg rejects {}: the line has no value after the command",
                quoted(text)
            ),
            line,
        ));
    }
    Ok(match first {
        'R' | 'r' => PatternLine::Root {
            path: value.to_string(),
            range: value_range,
        },
        'P' | 'p' => match Style::from_prefix(value) {
            Some(s) => PatternLine::DefaultStyle(s),
            None => {
                let suggestion =
                    did_you_mean(value.trim_end_matches(':'), &["fm", "sh", "re", "pp", "pf"]);
                let hint = suggestion
                    .map(|s| format!("; did you mean `P {s}`?"))
                    .unwrap_or_default();
                return Err(Issue::new(
                    "borg-pattern-style",
                    format!(
                        "borg rejects the pattern style {}{hint} (the styles are fm, sh, re, pp, pf)",
                        quoted(value)
                    ),
                    value_range,
                ));
            }
        },
        _ => {
            let p = parse_pattern(value, value_range.start, fallback)?;
            match first {
                '+' => PatternLine::Include(p),
                '-' => PatternLine::Exclude(p),
                _ => PatternLine::ExcludeNoRecurse(p),
            }
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Matching: which files `borg create` archives.

/// What a rule does when it matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleKind {
    /// `+`.
    Include,
    /// `-`: excluded, but borg still looks inside excluded directories.
    Exclude,
    /// `!`, or any exclude-file pattern: excluded, and borg does not look inside.
    ExcludeNoRecurse,
}

/// A rule of a [`Matcher`].
#[derive(Clone, Debug)]
pub struct Rule {
    /// The pattern.
    pub pattern: Pattern,
    /// What a match does.
    pub kind: RuleKind,
}

/// borg's `PatternMatcher` for `borg create`: `pf:` rules first, then the others in order; the
/// first match decides; no match means included.
#[derive(Clone, Debug, Default)]
pub struct Matcher {
    rules: Vec<Rule>,
}

/// The matcher's answer for one path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decision {
    /// Whether the path is archived.
    pub included: bool,
    /// Whether borg looks inside the path if it is an excluded directory.
    pub recurse: bool,
    /// The index of the deciding rule, if one matched.
    pub rule: Option<usize>,
}

impl Matcher {
    /// A matcher over `rules`, in the order borg receives them.
    pub fn new(rules: Vec<Rule>) -> Matcher {
        Matcher { rules }
    }

    /// The matcher the NixOS module's `borg create` uses: `exclude` elements (all of them
    /// non-recursing excludes) first, then the `patterns` lines. Lines borg rejects are left out.
    pub fn for_module<S: AsRef<str>>(exclude: &[S], patterns: &[S]) -> Matcher {
        let mut rules = Vec::new();
        for e in exclude {
            for (_, line) in check_exclude_element(e.as_ref()).lines {
                if let ParsedLine::Exclude(p) = line {
                    rules.push(Rule {
                        pattern: p,
                        kind: RuleKind::ExcludeNoRecurse,
                    });
                }
            }
        }
        for check in check_pattern_elements(patterns) {
            for (_, line) in check.lines {
                if let ParsedLine::Pattern(line) = line {
                    let (pattern, kind) = match line {
                        PatternLine::Include(p) => (p, RuleKind::Include),
                        PatternLine::Exclude(p) => (p, RuleKind::Exclude),
                        PatternLine::ExcludeNoRecurse(p) => (p, RuleKind::ExcludeNoRecurse),
                        _ => continue,
                    };
                    rules.push(Rule { pattern, kind });
                }
            }
        }
        Matcher { rules }
    }

    /// The rules, in order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// What borg decides for `path`; `None` if a rule that would be consulted cannot be evaluated.
    pub fn decide(&self, path: &str) -> Option<Decision> {
        let path = path.trim_start_matches('/');
        // pf: patterns are a hash lookup done first; a later one for the same path wins.
        let mut full: Option<usize> = None;
        for (i, r) in self.rules.iter().enumerate() {
            if r.pattern.style == Style::PathFull && r.pattern.matches(path) == Some(true) {
                full = Some(i);
            }
        }
        if let Some(i) = full {
            let kind = self.rules[i].kind;
            return Some(Decision {
                included: kind == RuleKind::Include,
                recurse: kind != RuleKind::ExcludeNoRecurse,
                rule: Some(i),
            });
        }
        for (i, r) in self.rules.iter().enumerate() {
            if r.pattern.style == Style::PathFull {
                continue;
            }
            if r.pattern.matches(path)? {
                return Some(Decision {
                    included: r.kind == RuleKind::Include,
                    recurse: r.kind != RuleKind::ExcludeNoRecurse,
                    rule: Some(i),
                });
            }
        }
        Some(Decision {
            included: true,
            recurse: true,
            rule: None,
        })
    }

    /// Predicts `borg create --dry-run --list` over a file tree: every path borg reports, with
    /// `'-'` for archived and `'x'` for excluded. `tree` lists every file and directory (as
    /// `(path, is_dir)`, paths relative, `/`-separated); `roots` are the paths given to borg.
    /// `None` if a rule cannot be evaluated.
    pub fn simulate_create(
        &self,
        roots: &[&str],
        tree: &[(&str, bool)],
    ) -> Option<BTreeMap<String, char>> {
        let mut children: HashMap<String, Vec<String>> = HashMap::new();
        let mut is_dir: HashMap<String, bool> = HashMap::new();
        for &(path, dir) in tree {
            let path = normpath(path);
            is_dir.insert(path.clone(), dir);
            let parent = match path.rfind('/') {
                Some(i) => path[..i].to_string(),
                None => ".".to_string(),
            };
            if parent != path {
                children.entry(parent).or_default().push(path.clone());
            }
        }
        let mut out = BTreeMap::new();
        for root in roots {
            self.walk(&normpath(root), &children, &is_dir, &mut out)?;
        }
        Some(out)
    }

    fn walk(
        &self,
        path: &str,
        children: &HashMap<String, Vec<String>>,
        is_dir: &HashMap<String, bool>,
        out: &mut BTreeMap<String, char>,
    ) -> Option<()> {
        let d = self.decide(path)?;
        let dir = is_dir.get(path).copied().unwrap_or(true);
        if !d.included {
            out.insert(path.to_string(), 'x');
            if !d.recurse || !dir {
                return Some(());
            }
        } else {
            out.insert(path.to_string(), '-');
        }
        if dir {
            for child in children.get(path).into_iter().flatten() {
                self.walk(child, children, is_dir, out)?;
            }
        }
        Some(())
    }
}

/// Include lines of `patterns` that can never take effect with the module's command line, as
/// `(index in patterns, warning)`: an `exclude` entry or an earlier `!` line stops borg before it
/// reaches the included path, or an earlier rule already decides the path itself.
pub fn shadowed_includes<S: AsRef<str>>(exclude: &[S], patterns: &[S]) -> Vec<(usize, Issue)> {
    let mut rules: Vec<(Rule, Option<usize>)> = Vec::new();
    for e in exclude {
        for (_, line) in check_exclude_element(e.as_ref()).lines {
            if let ParsedLine::Exclude(p) = line {
                rules.push((
                    Rule {
                        pattern: p,
                        kind: RuleKind::ExcludeNoRecurse,
                    },
                    None,
                ));
            }
        }
    }
    let exclude_count = rules.len();
    let mut out = Vec::new();
    for (index, check) in check_pattern_elements(patterns).into_iter().enumerate() {
        for (_, line) in check.lines {
            let ParsedLine::Pattern(line) = line else {
                continue;
            };
            let (pattern, kind) = match line {
                PatternLine::Include(p) => (p, RuleKind::Include),
                PatternLine::Exclude(p) => (p, RuleKind::Exclude),
                PatternLine::ExcludeNoRecurse(p) => (p, RuleKind::ExcludeNoRecurse),
                _ => continue,
            };
            if kind == RuleKind::Include
                && let Some(issue) = shadowing(&rules, exclude_count, &pattern)
            {
                out.push((index, issue));
            }
            rules.push((Rule { pattern, kind }, Some(index)));
        }
    }
    out
}

/// The literal path an include pattern is about: the part before its first wildcard, cut back
/// to a whole path component (`None` if nothing literal is left, or for regexes).
fn literal_base(p: &Pattern) -> Option<String> {
    let n = p.normalized.as_str();
    let base = match p.style {
        Style::Regex => return None,
        Style::PathFull => n.to_string(),
        Style::PathPrefix => n.trim_end_matches('/').to_string(),
        Style::Fnmatch | Style::Shell => {
            let literal = normpath(&p.text).trim_start_matches('/').to_string();
            match literal.find(['*', '?', '[']) {
                None => literal,
                Some(i) => match literal[..i].rfind('/') {
                    Some(j) => literal[..j].to_string(),
                    None => return None,
                },
            }
        }
    };
    (!base.is_empty() && base != ".").then_some(base)
}

fn shadowing(
    rules: &[(Rule, Option<usize>)],
    exclude_count: usize,
    include: &Pattern,
) -> Option<Issue> {
    let base = literal_base(include)?;
    let mut all: Vec<Rule> = rules.iter().map(|(r, _)| r.clone()).collect();
    all.push(Rule {
        pattern: include.clone(),
        kind: RuleKind::Include,
    });
    let own = all.len() - 1;
    let matcher = Matcher::new(all);
    let describe = |i: usize| -> String {
        if i < exclude_count {
            "an `exclude` entry".to_string()
        } else {
            let element = rules[i]
                .1
                .map_or(String::new(), |e| format!(" (element {e})"));
            format!("an earlier patterns line{element}")
        }
    };
    let mut prefix = String::new();
    let components: Vec<&str> = base.split('/').collect();
    for (k, comp) in components.iter().enumerate() {
        if k > 0 {
            prefix.push('/');
        }
        prefix.push_str(comp);
        let last = k + 1 == components.len();
        let d = matcher.decide(&prefix)?;
        let Some(rule) = d.rule else { continue };
        if rule == own || d.included {
            continue;
        }
        let r = &matcher.rules()[rule];
        if !d.recurse {
            let order = if rule < exclude_count {
                " The module passes --exclude-from before --patterns-from, so exclude entries \
                 are checked first, and borg does not look inside what they exclude."
            } else {
                " borg does not look inside what a `!` line excludes."
            };
            return Some(Issue::new(
                "borg-pattern-shadowed",
                format!(
                    "this include never takes effect: {} ({}) excludes {} first.{order}",
                    describe(rule),
                    quoted(&r.pattern.text),
                    quoted(&prefix)
                ),
                include.range.clone(),
            ));
        }
        if last {
            return Some(Issue::new(
                "borg-pattern-shadowed",
                format!(
                    "{} ({}) already excludes {}: the first matching rule wins, so put the \
                     include before it",
                    describe(rule),
                    quoted(&r.pattern.text),
                    quoted(&prefix)
                ),
                include.range.clone(),
            ));
        }
    }
    None
}

/// The index of the `]` closing a glob character class whose `[` is just before `start`
/// (a leading `!` and a `]` right after the bracket are part of the class, as in Python's
/// `fnmatch`), or the length of `pat` when the class is never closed.
fn class_end(pat: &[char], start: usize) -> usize {
    let n = pat.len();
    let mut j = start;
    if j < n && pat[j] == '!' {
        j += 1;
    }
    if j < n && pat[j] == ']' {
        j += 1;
    }
    while j < n && pat[j] != ']' {
        j += 1;
    }
    j
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_normpath() {
        assert_eq!(normpath(""), ".");
        assert_eq!(normpath("/home/"), "/home");
        assert_eq!(normpath("//home"), "//home");
        assert_eq!(normpath("///home"), "/home");
        assert_eq!(normpath("a/./b/../c"), "a/c");
        assert_eq!(normpath("../a"), "../a");
        assert_eq!(normpath("/.."), "/");
    }

    #[test]
    fn exclude_styles() {
        let c = check_exclude_element("xx:foo");
        assert_eq!(c.errors.len(), 1);
        assert_eq!(c.errors[0].range, 0..2);
        assert!(check_exclude_element("fm:[z-a]").errors.is_empty());
        let c = check_exclude_element("sh:[z-a]");
        assert!(
            c.errors[0].message.contains("bad character range z-a"),
            "{:?}",
            c.errors
        );
        let c = check_exclude_element("re:a(b");
        assert_eq!(c.errors[0].range, 4..5);
    }

    #[test]
    fn quotes_and_comments() {
        let c = check_exclude_element("\"/home/*\"");
        assert!(c.errors.is_empty());
        assert_eq!(c.warnings[0].code, "borg-pattern-quotes");
        let c = check_exclude_element("  # nothing");
        assert_eq!(c.warnings[0].code, "borg-pattern-comment");
        assert!(c.lines.is_empty());
    }

    #[test]
    fn matching() {
        let p = |s: &str| parse_pattern(s, 0, Style::Fnmatch).unwrap();
        assert_eq!(p("home/*/junk").matches("home/u/junk/x"), Some(true));
        assert_eq!(p("home/*/junk").matches("/home/u/a/junk"), Some(true));
        assert_eq!(p("*.o").matches("home/file.o"), Some(true));
        assert_eq!(p("*.o").matches("home/file.odt"), Some(false));
        assert_eq!(
            p("home/user/cache/").matches("home/user/cache"),
            Some(false)
        );
        assert_eq!(
            p("home/user/cache/").matches("home/user/cache/x"),
            Some(true)
        );
        assert_eq!(p("sh:home/*/junk").matches("home/a/b/junk"), Some(false));
        assert_eq!(p("sh:home/**/junk").matches("home/a/b/junk"), Some(true));
        assert_eq!(
            p("re:^home/[^/]+\\.tmp/").matches("home/x.tmp/y"),
            Some(true)
        );
        assert_eq!(p("pp:/home/u").matches("home/u/x"), Some(true));
        assert_eq!(p("pp:/home/u").matches("home/ux"), Some(false));
        assert_eq!(p("pf:/home/u").matches("home/u"), Some(true));
        assert_eq!(p("pf:/home/u").matches("home/u/x"), Some(false));
    }

    #[test]
    fn regexes_are_compiled_once_and_refusals_stay_unknown() {
        let p = |s: &str| parse_pattern(s, 0, Style::Fnmatch).unwrap();
        // The same pattern in two jobs: one compiled regex, the same answers.
        let (a, b) = (p("home/*/junk"), p("home/*/junk"));
        assert_eq!(a.matches("home/u/junk"), Some(true));
        assert_eq!(b.matches("home/u/junk"), Some(true));
        assert_eq!(b.matches("home/u/other"), Some(false));
        let source = r"\A(?:home/x)";
        let first = compiled(source).expect("compiles");
        let again = compiled(source).expect("compiles");
        assert_eq!(first.as_str(), again.as_str());
        // Valid for borg, but over the regex crate's size limit: whether it matches is unknown,
        // every time it is asked.
        let huge = p("re:(?:a{1000}){1000}");
        assert_eq!(huge.matches("a"), None);
        assert_eq!(huge.matches("a"), None);
    }

    #[test]
    fn module_order_shadows_includes() {
        let s = shadowed_includes(&["/home/*"], &["+ /home/susan"]);
        assert_eq!(s.len(), 1, "{s:?}");
        assert_eq!(s[0].0, 0);
        let s = shadowed_includes::<&str>(&[], &["+ /home/susan", "- /home/*"]);
        assert!(s.is_empty(), "{s:?}");
        let s = shadowed_includes::<&str>(&[], &["- /home/*", "+ /home/susan"]);
        assert_eq!(s.len(), 1, "{s:?}");
        let s = shadowed_includes::<&str>(&[], &["! /home", "+ /home/susan/docs"]);
        assert_eq!(s.len(), 1, "{s:?}");
    }
}
