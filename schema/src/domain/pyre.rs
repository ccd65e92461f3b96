//! Python's `re` syntax, as Python 3.11 (the interpreter borg 1.2.4 runs on) parses it.
//!
//! borg compiles `re:` patterns, and the regexes it builds from `sh:` and `fm:` patterns, with
//! Python's `re.compile`; a pattern it cannot compile stops `borg create` with a traceback. This
//! module is a port of `re/_parser.py` (plus the one check of `re/_compiler.py` that can fail,
//! the fixed width of look-behinds), so that the error and its position are Python's own. The
//! `regex` crate's syntax differs too much to stand in: it rejects look-arounds, back-references,
//! `\Z` and `{,n}`-style literals that Python accepts, and reads `[[:alpha:]]` as a class where
//! Python sees a set containing `[`, `:` and letters followed by a literal `]`.
//!
//! Known approximations: `\N{NAME}` accepts every non-empty name (Python looks it up in its
//! Unicode database), group names are checked with Unicode's XID properties as `str.isidentifier`
//! does but with a newer Unicode version, and warnings (`FutureWarning` for possible nested sets)
//! are not reported.
//!
//! [`PyRegex::to_rust_syntax`] translates a parsed pattern into the `regex` crate's syntax when
//! that is possible (no look-arounds, back-references, conditionals, atomic groups or possessive
//! repeats), to predict what borg matches. The translation reads `$` without the MULTILINE flag
//! as the end of the string, where Python also matches before a final newline.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;

use super::py_int;

const MAXREPEAT: u64 = 4_294_967_295;
const MAXGROUPS: usize = 1_073_741_823;

/// `re.IGNORECASE`.
const FLAG_I: u32 = 2;
/// `re.LOCALE`.
const FLAG_L: u32 = 4;
/// `re.MULTILINE`.
const FLAG_M: u32 = 8;
/// `re.DOTALL`.
const FLAG_S: u32 = 16;
/// `re.UNICODE`.
const FLAG_U: u32 = 32;
/// `re.VERBOSE`.
const FLAG_X: u32 = 64;
/// `re.DEBUG`.
const FLAG_DEBUG: u32 = 128;
/// `re.ASCII`.
const FLAG_A: u32 = 256;
/// `re.TEMPLATE`.
const FLAG_T: u32 = 1;
const TYPE_FLAGS: u32 = FLAG_A | FLAG_L | FLAG_U;
const GLOBAL_FLAGS: u32 = FLAG_DEBUG | FLAG_T;

fn flag_of(c: char) -> Option<u32> {
    Some(match c {
        'i' => FLAG_I,
        'L' => FLAG_L,
        'm' => FLAG_M,
        's' => FLAG_S,
        'x' => FLAG_X,
        'a' => FLAG_A,
        't' => FLAG_T,
        'u' => FLAG_U,
        _ => return None,
    })
}

/// Why Python's `re.compile` refuses a pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PyReError {
    /// Python's message, without the ` at position N` suffix.
    pub message: String,
    /// Python's `error.pos`: a position in characters, when Python reports one.
    pub position: Option<usize>,
    /// The byte range of the pattern the error is about.
    pub range: Range<usize>,
}

/// A pattern that Python's `re.compile` accepts.
#[derive(Clone, Debug)]
pub struct PyRegex {
    nodes: Vec<Node>,
    flags: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Category {
    Digit,
    NotDigit,
    Space,
    NotSpace,
    Word,
    NotWord,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum At {
    Beginning,
    BeginningString,
    Boundary,
    NonBoundary,
    End,
    EndString,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SetItem {
    Literal(u32),
    Range(u32, u32),
    Category(Category),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RepeatKind {
    Greedy,
    Lazy,
    Possessive,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Node {
    Literal(u32),
    /// `\N{…}`: a named character that this port does not look up.
    NamedChar,
    Any,
    In {
        negate: bool,
        items: Vec<SetItem>,
    },
    At(At),
    Branch(Vec<Vec<Node>>),
    Subpattern {
        group: Option<usize>,
        add_flags: u32,
        del_flags: u32,
        body: Vec<Node>,
    },
    Atomic(Vec<Node>),
    Repeat {
        min: u64,
        max: u64,
        kind: RepeatKind,
        body: Vec<Node>,
    },
    GroupRef(usize),
    GroupRefExists {
        group: usize,
        yes: Vec<Node>,
        no: Option<Vec<Node>>,
    },
    Assert {
        behind: bool,
        negate: bool,
        body: Vec<Node>,
        /// Character range of the assertion, for the look-behind width error.
        span: Range<usize>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    Char(char),
    Esc(char),
}

impl Tok {
    fn len(self) -> usize {
        match self {
            Tok::Char(_) => 1,
            Tok::Esc(_) => 2,
        }
    }

    fn is(self, c: char) -> bool {
        self == Tok::Char(c)
    }

    fn text(self) -> String {
        match self {
            Tok::Char(c) => c.to_string(),
            Tok::Esc(c) => format!("\\{c}"),
        }
    }
}

/// A raw error before it is placed: message and character position.
struct RawError {
    message: String,
    position: Option<usize>,
}

type PResult<T> = Result<T, RawError>;

struct Tokenizer {
    chars: Vec<char>,
    index: usize,
    next: Option<Tok>,
}

impl Tokenizer {
    fn new(pattern: &str) -> PResult<Tokenizer> {
        let mut t = Tokenizer {
            chars: pattern.chars().collect(),
            index: 0,
            next: None,
        };
        t.advance()?;
        Ok(t)
    }

    fn advance(&mut self) -> PResult<()> {
        let index = self.index;
        let Some(&c) = self.chars.get(index) else {
            self.next = None;
            return Ok(());
        };
        if c == '\\' {
            let Some(&e) = self.chars.get(index + 1) else {
                return Err(RawError {
                    message: "bad escape (end of pattern)".into(),
                    position: Some(self.chars.len() - 1),
                });
            };
            self.index = index + 2;
            self.next = Some(Tok::Esc(e));
        } else {
            self.index = index + 1;
            self.next = Some(Tok::Char(c));
        }
        Ok(())
    }

    fn matches(&mut self, c: char) -> PResult<bool> {
        if self.next == Some(Tok::Char(c)) {
            self.advance()?;
            return Ok(true);
        }
        Ok(false)
    }

    fn get(&mut self) -> PResult<Option<Tok>> {
        let this = self.next;
        self.advance()?;
        Ok(this)
    }

    fn next_in(&self, set: &str) -> bool {
        matches!(self.next, Some(Tok::Char(c)) if set.contains(c))
    }

    fn getwhile(&mut self, n: usize, set: &str) -> PResult<String> {
        let mut result = String::new();
        for _ in 0..n {
            match self.next {
                Some(Tok::Char(c)) if set.contains(c) => {
                    result.push(c);
                    self.advance()?;
                }
                _ => break,
            }
        }
        Ok(result)
    }

    fn getuntil(&mut self, terminator: char, name: &str) -> PResult<String> {
        let mut result = String::new();
        loop {
            let c = self.next;
            self.advance()?;
            match c {
                None => {
                    if result.is_empty() {
                        return Err(self.error(format!("missing {name}"), 0));
                    }
                    let n = result.chars().count();
                    return Err(self.error(format!("missing {terminator}, unterminated name"), n));
                }
                Some(t) if t.is(terminator) => {
                    if result.is_empty() {
                        return Err(self.error(format!("missing {name}"), 1));
                    }
                    break;
                }
                Some(t) => result.push_str(&t.text()),
            }
        }
        Ok(result)
    }

    fn tell(&self) -> usize {
        self.index - self.next.map_or(0, Tok::len)
    }

    fn seek(&mut self, index: usize) -> PResult<()> {
        self.index = index;
        self.advance()
    }

    fn error(&self, message: impl Into<String>, offset: usize) -> RawError {
        RawError {
            message: message.into(),
            position: Some(self.tell().saturating_sub(offset)),
        }
    }

    fn checkgroupname(&self, name: &str, offset: usize) -> PResult<()> {
        if !is_identifier(name) {
            return Err(self.error(
                format!("bad character in group name {}", py_repr(name)),
                name.chars().count() + offset,
            ));
        }
        Ok(())
    }
}

/// Python's `str.isidentifier()`.
fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c == '_' || unicode_ident::is_xid_start(c) => {}
        _ => return false,
    }
    chars.all(unicode_ident::is_xid_continue)
}

/// Python's `repr()` of a string, closely enough for messages.
pub(crate) fn py_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::new();
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if (0x80..0xa0).contains(&(c as u32)) => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

struct State {
    flags: u32,
    groupdict: HashMap<String, usize>,
    groupwidths: Vec<Option<(u64, u64)>>,
    lookbehindgroups: Option<usize>,
    grouprefpos: Vec<(usize, usize)>,
}

impl State {
    fn groups(&self) -> usize {
        self.groupwidths.len()
    }

    fn opengroup(&mut self, name: Option<&str>) -> Result<usize, String> {
        let gid = self.groups();
        self.groupwidths.push(None);
        if self.groups() > MAXGROUPS {
            return Err("too many groups".into());
        }
        if let Some(name) = name {
            if let Some(&ogid) = self.groupdict.get(name) {
                return Err(format!(
                    "redefinition of group name {} as group {gid}; was group {ogid}",
                    py_repr(name)
                ));
            }
            self.groupdict.insert(name.to_string(), gid);
        }
        Ok(gid)
    }

    fn checkgroup(&self, gid: usize) -> bool {
        gid < self.groups() && self.groupwidths[gid].is_some()
    }

    fn checklookbehindgroup(&self, gid: usize, source: &Tokenizer) -> PResult<()> {
        if let Some(lb) = self.lookbehindgroups {
            if !self.checkgroup(gid) {
                return Err(source.error("cannot refer to an open group", 0));
            }
            if gid >= lb {
                return Err(source.error(
                    "cannot refer to group defined in the same lookbehind subpattern",
                    0,
                ));
            }
        }
        Ok(())
    }
}

fn width(nodes: &[Node], state: &State) -> (u64, u64) {
    let mut lo: u128 = 0;
    let mut hi: u128 = 0;
    for node in nodes {
        let (l, h): (u128, u128) = match node {
            Node::Branch(items) => {
                let mut i = u128::from(MAXREPEAT - 1);
                let mut j = 0;
                for item in items {
                    let (l, h) = width(item, state);
                    i = i.min(u128::from(l));
                    j = j.max(u128::from(h));
                }
                (i, j)
            }
            Node::Atomic(body) | Node::Subpattern { body, .. } => {
                let (l, h) = width(body, state);
                (l.into(), h.into())
            }
            Node::Repeat { min, max, body, .. } => {
                let (l, h) = width(body, state);
                (
                    u128::from(l) * u128::from(*min),
                    u128::from(h) * u128::from(*max),
                )
            }
            Node::Literal(_) | Node::NamedChar | Node::Any | Node::In { .. } => (1, 1),
            Node::GroupRef(g) => {
                let (l, h) = state.groupwidths[*g].unwrap_or((0, 0));
                (l.into(), h.into())
            }
            Node::GroupRefExists { yes, no, .. } => {
                let (mut i, mut j) = width(yes, state);
                match no {
                    Some(no) => {
                        let (l, h) = width(no, state);
                        i = i.min(l);
                        j = j.max(h);
                    }
                    None => i = 0,
                }
                (i.into(), j.into())
            }
            Node::At(_) | Node::Assert { .. } => (0, 0),
        };
        lo = lo.saturating_add(l);
        hi = hi.saturating_add(h);
    }
    (
        lo.min(u128::from(MAXREPEAT - 1)) as u64,
        hi.min(u128::from(MAXREPEAT)) as u64,
    )
}

const DIGITS: &str = "0123456789";
const OCTDIGITS: &str = "01234567";
const HEXDIGITS: &str = "0123456789abcdefABCDEF";

fn is_ascii_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
}

enum Escaped {
    Node(Node),
    Category(Category),
}

fn category_of(c: char) -> Option<Category> {
    Some(match c {
        'd' => Category::Digit,
        'D' => Category::NotDigit,
        's' => Category::Space,
        'S' => Category::NotSpace,
        'w' => Category::Word,
        'W' => Category::NotWord,
        _ => return None,
    })
}

fn simple_escape(c: char) -> Option<u32> {
    Some(match c {
        'a' => 7,
        'b' => 8,
        'f' => 12,
        'n' => 10,
        'r' => 13,
        't' => 9,
        'v' => 11,
        '\\' => 92,
        _ => return None,
    })
}

/// `\x`, `\u`, `\U` and `\N` escapes, shared by both contexts; `None` if `c` is none of them.
fn hex_or_named(source: &mut Tokenizer, c: char) -> PResult<Option<Node>> {
    let digits = match c {
        'x' => 2,
        'u' => 4,
        'U' => 8,
        'N' => {
            if !source.matches('{')? {
                return Err(source.error("missing {", 0));
            }
            source.getuntil('}', "character name")?;
            return Ok(Some(Node::NamedChar));
        }
        _ => return Ok(None),
    };
    let hex = source.getwhile(digits, HEXDIGITS)?;
    let escape = format!("\\{c}{hex}");
    if hex.chars().count() != digits {
        return Err(source.error(
            format!("incomplete escape {escape}"),
            escape.chars().count(),
        ));
    }
    let value = u32::from_str_radix(&hex, 16).expect("hex digits");
    if value > 0x10FFFF {
        return Err(source.error(format!("bad escape {escape}"), escape.chars().count()));
    }
    Ok(Some(Node::Literal(value)))
}

fn class_escape(source: &mut Tokenizer, c: char) -> PResult<Escaped> {
    if let Some(v) = simple_escape(c) {
        return Ok(Escaped::Node(Node::Literal(v)));
    }
    if let Some(cat) = category_of(c) {
        return Ok(Escaped::Category(cat));
    }
    if let Some(node) = hex_or_named(source, c)? {
        return Ok(Escaped::Node(node));
    }
    if OCTDIGITS.contains(c) {
        let more = source.getwhile(2, OCTDIGITS)?;
        let escape = format!("\\{c}{more}");
        let value = u32::from_str_radix(&escape[1..], 8).expect("octal digits");
        if value > 0o377 {
            return Err(source.error(
                format!("octal escape value {escape} outside of range 0-0o377"),
                escape.chars().count(),
            ));
        }
        return Ok(Escaped::Node(Node::Literal(value)));
    }
    if DIGITS.contains(c) || is_ascii_letter(c) {
        return Err(source.error(format!("bad escape \\{c}"), 2));
    }
    Ok(Escaped::Node(Node::Literal(c as u32)))
}

fn escape(source: &mut Tokenizer, c: char, state: &State) -> PResult<Escaped> {
    match c {
        'A' => return Ok(Escaped::Node(Node::At(At::BeginningString))),
        'b' => return Ok(Escaped::Node(Node::At(At::Boundary))),
        'B' => return Ok(Escaped::Node(Node::At(At::NonBoundary))),
        'Z' => return Ok(Escaped::Node(Node::At(At::EndString))),
        _ => {}
    }
    if let Some(cat) = category_of(c) {
        return Ok(Escaped::Category(cat));
    }
    if let Some(v) = simple_escape(c) {
        return Ok(Escaped::Node(Node::Literal(v)));
    }
    if let Some(node) = hex_or_named(source, c)? {
        return Ok(Escaped::Node(node));
    }
    if c == '0' {
        let more = source.getwhile(2, OCTDIGITS)?;
        let value = u32::from_str_radix(&format!("0{more}"), 8).expect("octal digits");
        return Ok(Escaped::Node(Node::Literal(value)));
    }
    if DIGITS.contains(c) {
        let mut escape = format!("\\{c}");
        if source.next_in(DIGITS) {
            let Some(Tok::Char(d)) = source.get()? else {
                unreachable!("checked digit")
            };
            escape.push(d);
            let b: Vec<char> = escape.chars().collect();
            if OCTDIGITS.contains(b[1]) && OCTDIGITS.contains(b[2]) && source.next_in(OCTDIGITS) {
                let Some(Tok::Char(e)) = source.get()? else {
                    unreachable!("checked digit")
                };
                escape.push(e);
                let value = u32::from_str_radix(&escape[1..], 8).expect("octal digits");
                if value > 0o377 {
                    return Err(source.error(
                        format!("octal escape value {escape} outside of range 0-0o377"),
                        escape.chars().count(),
                    ));
                }
                return Ok(Escaped::Node(Node::Literal(value)));
            }
        }
        let group: usize = escape[1..].parse().expect("decimal digits");
        if group < state.groups() {
            if !state.checkgroup(group) {
                return Err(source.error("cannot refer to an open group", escape.len()));
            }
            state.checklookbehindgroup(group, source)?;
            return Ok(Escaped::Node(Node::GroupRef(group)));
        }
        return Err(source.error(format!("invalid group reference {group}"), escape.len() - 1));
    }
    if is_ascii_letter(c) {
        return Err(source.error(format!("bad escape \\{c}"), 2));
    }
    Ok(Escaped::Node(Node::Literal(c as u32)))
}

fn parse_sub(
    source: &mut Tokenizer,
    state: &mut State,
    mut verbose: bool,
    nested: usize,
) -> PResult<Vec<Node>> {
    let mut items = Vec::new();
    loop {
        let first = nested == 0 && items.is_empty();
        items.push(parse_seq(source, state, verbose, nested + 1, first)?);
        if !source.matches('|')? {
            break;
        }
        if nested == 0 {
            verbose = state.flags & FLAG_X != 0;
        }
    }
    if items.len() == 1 {
        return Ok(items.pop().expect("one item"));
    }
    Ok(vec![Node::Branch(items)])
}

fn parse_seq(
    source: &mut Tokenizer,
    state: &mut State,
    mut verbose: bool,
    nested: usize,
    first: bool,
) -> PResult<Vec<Node>> {
    let mut sub: Vec<Node> = Vec::new();
    while let Some(this) = source.next {
        if this.is('|') || this.is(')') {
            break;
        }
        source.get()?;
        if verbose && let Tok::Char(c) = this {
            if " \t\n\r\x0b\x0c".contains(c) {
                continue;
            }
            if c == '#' {
                loop {
                    match source.get()? {
                        None => break,
                        Some(t) if t.is('\n') => break,
                        Some(_) => {}
                    }
                }
                continue;
            }
        }
        let c = match this {
            Tok::Esc(e) => {
                match escape(source, e, state)? {
                    Escaped::Node(n) => sub.push(n),
                    Escaped::Category(cat) => sub.push(Node::In {
                        negate: false,
                        items: vec![SetItem::Category(cat)],
                    }),
                }
                continue;
            }
            Tok::Char(c) => c,
        };
        match c {
            '[' => sub.push(parse_set(source)?),
            '*' | '+' | '?' | '{' => {
                let here = source.tell();
                let (min, max) = match c {
                    '?' => (0, 1),
                    '*' => (0, MAXREPEAT),
                    '+' => (1, MAXREPEAT),
                    _ => {
                        if source.next == Some(Tok::Char('}')) {
                            sub.push(Node::Literal('{' as u32));
                            continue;
                        }
                        let mut lo = String::new();
                        let mut hi = String::new();
                        while source.next_in(DIGITS) {
                            lo.push_str(&source.get()?.expect("digit").text());
                        }
                        if source.matches(',')? {
                            while source.next_in(DIGITS) {
                                hi.push_str(&source.get()?.expect("digit").text());
                            }
                        } else {
                            hi = lo.clone();
                        }
                        if !source.matches('}')? {
                            sub.push(Node::Literal('{' as u32));
                            source.seek(here)?;
                            continue;
                        }
                        let mut min = 0;
                        let mut max = MAXREPEAT;
                        let too_large = || RawError {
                            message: "the repetition number is too large".into(),
                            position: None,
                        };
                        if !lo.is_empty() {
                            min = lo.parse::<u64>().unwrap_or(u64::MAX);
                            if min >= MAXREPEAT {
                                return Err(too_large());
                            }
                        }
                        if !hi.is_empty() {
                            max = hi.parse::<u64>().unwrap_or(u64::MAX);
                            if max >= MAXREPEAT {
                                return Err(too_large());
                            }
                            if max < min {
                                return Err(source.error(
                                    "min repeat greater than max repeat",
                                    source.tell() - here,
                                ));
                            }
                        }
                        (min, max)
                    }
                };
                let offset = source.tell() - here + 1;
                let Some(last) = sub.pop() else {
                    return Err(source.error("nothing to repeat", offset));
                };
                match last {
                    Node::At(_) => return Err(source.error("nothing to repeat", offset)),
                    Node::Repeat { .. } => return Err(source.error("multiple repeat", offset)),
                    _ => {}
                }
                let body = match last {
                    Node::Subpattern {
                        group: None,
                        add_flags: 0,
                        del_flags: 0,
                        body,
                    } => body,
                    other => vec![other],
                };
                let kind = if source.matches('?')? {
                    RepeatKind::Lazy
                } else if source.matches('+')? {
                    RepeatKind::Possessive
                } else {
                    RepeatKind::Greedy
                };
                sub.push(Node::Repeat {
                    min,
                    max,
                    kind,
                    body,
                });
            }
            '.' => sub.push(Node::Any),
            '(' => match parse_group(source, state, verbose, nested, first, &sub)? {
                Group::Node(node) => sub.push(node),
                Group::GlobalFlags => verbose = state.flags & FLAG_X != 0,
                Group::Nothing => {}
            },
            '^' => sub.push(Node::At(At::Beginning)),
            '$' => sub.push(Node::At(At::End)),
            c => sub.push(Node::Literal(c as u32)),
        }
    }
    // Unpack non-capturing groups without flags, as Python does.
    let mut out = Vec::with_capacity(sub.len());
    for node in sub {
        match node {
            Node::Subpattern {
                group: None,
                add_flags: 0,
                del_flags: 0,
                body,
            } => out.extend(body),
            other => out.push(other),
        }
    }
    Ok(out)
}

fn parse_set(source: &mut Tokenizer) -> PResult<Node> {
    let here = source.tell() - 1;
    let mut set: Vec<SetItem> = Vec::new();
    let negate = source.matches('^')?;
    let unterminated = |source: &Tokenizer| {
        let offset = source.tell() - here;
        source.error("unterminated character set", offset)
    };
    loop {
        let this = source.get()?;
        let Some(this) = this else {
            return Err(unterminated(source));
        };
        if this.is(']') && !set.is_empty() {
            break;
        }
        let code1 = match this {
            Tok::Esc(e) => class_escape(source, e)?,
            Tok::Char(c) => Escaped::Node(Node::Literal(c as u32)),
        };
        if source.matches('-')? {
            let that = source.get()?;
            let Some(that) = that else {
                return Err(unterminated(source));
            };
            if that.is(']') {
                set.push(set_item(code1));
                set.push(SetItem::Literal('-' as u32));
                break;
            }
            let code2 = match that {
                Tok::Esc(e) => class_escape(source, e)?,
                Tok::Char(c) => Escaped::Node(Node::Literal(c as u32)),
            };
            let range_error = |source: &Tokenizer| {
                let msg = format!("bad character range {}-{}", this.text(), that.text());
                source.error(msg, this.len() + 1 + that.len())
            };
            let (Escaped::Node(Node::Literal(lo)), Escaped::Node(Node::Literal(hi))) =
                (&code1, &code2)
            else {
                return Err(range_error(source));
            };
            if hi < lo {
                return Err(range_error(source));
            }
            set.push(SetItem::Range(*lo, *hi));
        } else {
            set.push(set_item(code1));
        }
    }
    let mut uniq: Vec<SetItem> = Vec::new();
    for item in set {
        if !uniq.contains(&item) {
            uniq.push(item);
        }
    }
    if uniq.len() == 1
        && let SetItem::Literal(c) = uniq[0]
    {
        return Ok(if negate {
            Node::In {
                negate: true,
                items: vec![SetItem::Literal(c)],
            }
        } else {
            Node::Literal(c)
        });
    }
    Ok(Node::In {
        negate,
        items: uniq,
    })
}

fn set_item(code: Escaped) -> SetItem {
    match code {
        Escaped::Category(c) => SetItem::Category(c),
        Escaped::Node(Node::Literal(c)) => SetItem::Literal(c),
        // `\N{…}` in a set: stands for some character this port does not know.
        Escaped::Node(_) => SetItem::Literal(0xFFFF_FFFF),
    }
}

/// What a parenthesised construct adds to the sequence.
enum Group {
    /// A node.
    Node(Node),
    /// Global flags, which change the parser state only.
    GlobalFlags,
    /// A `(?#…)` comment.
    Nothing,
}

/// Parses after `(`.
fn parse_group(
    source: &mut Tokenizer,
    state: &mut State,
    verbose: bool,
    nested: usize,
    first: bool,
    sub: &[Node],
) -> PResult<Group> {
    let start = source.tell() - 1;
    let mut capture = true;
    let mut atomic = false;
    let mut name: Option<String> = None;
    let mut add_flags = 0;
    let mut del_flags = 0;
    if source.matches('?')? {
        let Some(ch) = source.get()? else {
            return Err(source.error("unexpected end of pattern", 0));
        };
        match ch {
            Tok::Char('P') => {
                if source.matches('<')? {
                    let n = source.getuntil('>', "group name")?;
                    source.checkgroupname(&n, 1)?;
                    name = Some(n);
                } else if source.matches('=')? {
                    let n = source.getuntil(')', "group name")?;
                    source.checkgroupname(&n, 1)?;
                    let len = n.chars().count();
                    let Some(&gid) = state.groupdict.get(&n) else {
                        return Err(
                            source.error(format!("unknown group name {}", py_repr(&n)), len + 1)
                        );
                    };
                    if !state.checkgroup(gid) {
                        return Err(source.error("cannot refer to an open group", len + 1));
                    }
                    state.checklookbehindgroup(gid, source)?;
                    return Ok(Group::Node(Node::GroupRef(gid)));
                } else {
                    let Some(ch) = source.get()? else {
                        return Err(source.error("unexpected end of pattern", 0));
                    };
                    return Err(
                        source.error(format!("unknown extension ?P{}", ch.text()), ch.len() + 2)
                    );
                }
            }
            Tok::Char(':') => capture = false,
            Tok::Char('#') => {
                loop {
                    if source.next.is_none() {
                        let offset = source.tell() - start;
                        return Err(source.error("missing ), unterminated comment", offset));
                    }
                    if source.get()? == Some(Tok::Char(')')) {
                        break;
                    }
                }
                return Ok(Group::Nothing);
            }
            Tok::Char(c @ ('=' | '!' | '<')) => {
                let mut ch = c;
                let mut behind = false;
                let mut saved_lookbehind = None;
                if c == '<' {
                    let Some(next) = source.get()? else {
                        return Err(source.error("unexpected end of pattern", 0));
                    };
                    match next {
                        Tok::Char(n @ ('=' | '!')) => ch = n,
                        other => {
                            return Err(source.error(
                                format!("unknown extension ?<{}", other.text()),
                                other.len() + 2,
                            ));
                        }
                    }
                    behind = true;
                    saved_lookbehind = Some(state.lookbehindgroups);
                    if state.lookbehindgroups.is_none() {
                        state.lookbehindgroups = Some(state.groups());
                    }
                }
                let body = parse_sub(source, state, verbose, nested + 1)?;
                if behind && saved_lookbehind == Some(None) {
                    state.lookbehindgroups = None;
                }
                if !source.matches(')')? {
                    let offset = source.tell() - start;
                    return Err(source.error("missing ), unterminated subpattern", offset));
                }
                return Ok(Group::Node(Node::Assert {
                    behind,
                    negate: ch == '!',
                    body,
                    span: start..source.tell(),
                }));
            }
            Tok::Char('(') => {
                let condname = source.getuntil(')', "group name")?;
                let len = condname.chars().count();
                let condgroup;
                if is_identifier(&condname) {
                    let Some(&g) = state.groupdict.get(&condname) else {
                        return Err(source.error(
                            format!("unknown group name {}", py_repr(&condname)),
                            len + 1,
                        ));
                    };
                    condgroup = g;
                } else {
                    let bad = || {
                        source.error(
                            format!("bad character in group name {}", py_repr(&condname)),
                            len + 1,
                        )
                    };
                    let Some(value) = py_int(&condname) else {
                        return Err(bad());
                    };
                    if value.value < 0 {
                        return Err(bad());
                    }
                    if value.value == 0 {
                        return Err(source.error("bad group number", len + 1));
                    }
                    if value.value >= MAXGROUPS as i128 {
                        return Err(source
                            .error(format!("invalid group reference {}", value.value), len + 1));
                    }
                    condgroup = value.value as usize;
                    if !state.grouprefpos.iter().any(|(g, _)| *g == condgroup) {
                        state.grouprefpos.push((condgroup, source.tell() - len - 1));
                    }
                }
                state.checklookbehindgroup(condgroup, source)?;
                let yes = parse_seq(source, state, verbose, nested + 1, false)?;
                let no = if source.matches('|')? {
                    let no = parse_seq(source, state, verbose, nested + 1, false)?;
                    if source.next == Some(Tok::Char('|')) {
                        return Err(
                            source.error("conditional backref with more than two branches", 0)
                        );
                    }
                    Some(no)
                } else {
                    None
                };
                if !source.matches(')')? {
                    let offset = source.tell() - start;
                    return Err(source.error("missing ), unterminated subpattern", offset));
                }
                return Ok(Group::Node(Node::GroupRefExists {
                    group: condgroup,
                    yes,
                    no,
                }));
            }
            Tok::Char('>') => {
                capture = false;
                atomic = true;
            }
            Tok::Char(c) if flag_of(c).is_some() || c == '-' => {
                match parse_flags(source, state, c)? {
                    None => {
                        if !first || !sub.is_empty() {
                            let offset = source.tell() - start;
                            return Err(source
                                .error("global flags not at the start of the expression", offset));
                        }
                        return Ok(Group::GlobalFlags);
                    }
                    Some((add, del)) => {
                        add_flags = add;
                        del_flags = del;
                        capture = false;
                    }
                }
            }
            other => {
                return Err(source.error(
                    format!("unknown extension ?{}", other.text()),
                    other.len() + 1,
                ));
            }
        }
    }
    let group = if capture {
        match state.opengroup(name.as_deref()) {
            Ok(g) => Some(g),
            Err(msg) => {
                let len = name.as_deref().map_or(0, |n| n.chars().count());
                return Err(source.error(msg, len + 1));
            }
        }
    } else {
        None
    };
    let sub_verbose = (verbose || add_flags & FLAG_X != 0) && del_flags & FLAG_X == 0;
    let body = parse_sub(source, state, sub_verbose, nested + 1)?;
    if !source.matches(')')? {
        let offset = source.tell() - start;
        return Err(source.error("missing ), unterminated subpattern", offset));
    }
    if let Some(g) = group {
        state.groupwidths[g] = Some(width(&body, state));
    }
    if atomic {
        return Ok(Group::Node(Node::Atomic(body)));
    }
    Ok(Group::Node(Node::Subpattern {
        group,
        add_flags,
        del_flags,
        body,
    }))
}

fn parse_flags(
    source: &mut Tokenizer,
    state: &mut State,
    first: char,
) -> PResult<Option<(u32, u32)>> {
    let mut add_flags = 0;
    let mut del_flags = 0;
    let mut ch = Some(Tok::Char(first));
    if first != '-' {
        loop {
            let Some(Tok::Char(c)) = ch else {
                unreachable!("a flag character")
            };
            let flag = flag_of(c).expect("a flag");
            if c == 'L' {
                return Err(source.error(
                    "bad inline flags: cannot use 'L' flag with a str pattern",
                    0,
                ));
            }
            add_flags |= flag;
            if flag & TYPE_FLAGS != 0 && add_flags & TYPE_FLAGS != flag {
                return Err(source.error(
                    "bad inline flags: flags 'a', 'u' and 'L' are incompatible",
                    0,
                ));
            }
            ch = source.get()?;
            match ch {
                None => return Err(source.error("missing -, : or )", 0)),
                Some(Tok::Char(')' | '-' | ':')) => break,
                Some(Tok::Char(c)) if flag_of(c).is_some() => {}
                Some(t) => {
                    let msg = if is_alpha_tok(t) {
                        "unknown flag"
                    } else {
                        "missing -, : or )"
                    };
                    return Err(source.error(msg, t.len()));
                }
            }
        }
    }
    if ch == Some(Tok::Char(')')) {
        state.flags |= add_flags;
        return Ok(None);
    }
    if add_flags & GLOBAL_FLAGS != 0 {
        return Err(source.error("bad inline flags: cannot turn on global flag", 1));
    }
    if ch == Some(Tok::Char('-')) {
        ch = source.get()?;
        match ch {
            None => return Err(source.error("missing flag", 0)),
            Some(Tok::Char(c)) if flag_of(c).is_some() => {}
            Some(t) => {
                let msg = if is_alpha_tok(t) {
                    "unknown flag"
                } else {
                    "missing flag"
                };
                return Err(source.error(msg, t.len()));
            }
        }
        loop {
            let Some(Tok::Char(c)) = ch else {
                unreachable!("a flag character")
            };
            let flag = flag_of(c).expect("a flag");
            if flag & TYPE_FLAGS != 0 {
                return Err(source.error(
                    "bad inline flags: cannot turn off flags 'a', 'u' and 'L'",
                    0,
                ));
            }
            del_flags |= flag;
            ch = source.get()?;
            match ch {
                None => return Err(source.error("missing :", 0)),
                Some(Tok::Char(':')) => break,
                Some(Tok::Char(c)) if flag_of(c).is_some() => {}
                Some(t) => {
                    let msg = if is_alpha_tok(t) {
                        "unknown flag"
                    } else {
                        "missing :"
                    };
                    return Err(source.error(msg, t.len()));
                }
            }
        }
    }
    if del_flags & GLOBAL_FLAGS != 0 {
        return Err(source.error("bad inline flags: cannot turn off global flag", 1));
    }
    if add_flags & del_flags != 0 {
        return Err(source.error("bad inline flags: flag turned on and off", 1));
    }
    Ok(Some((add_flags, del_flags)))
}

/// Python's `char.isalpha()` for a token (an escape pair is two characters, never alphabetic).
fn is_alpha_tok(t: Tok) -> bool {
    match t {
        Tok::Char(c) => c.is_alphabetic(),
        Tok::Esc(_) => false,
    }
}

/// The first look-behind without a fixed width, in compile order.
fn check_lookbehinds(nodes: &[Node], state: &State) -> Option<Range<usize>> {
    for node in nodes {
        let found = match node {
            Node::Assert {
                behind, body, span, ..
            } => {
                if *behind {
                    let (lo, hi) = width(body, state);
                    if lo != hi {
                        return Some(span.clone());
                    }
                }
                check_lookbehinds(body, state)
            }
            Node::Branch(items) => items.iter().find_map(|i| check_lookbehinds(i, state)),
            Node::Subpattern { body, .. } | Node::Atomic(body) | Node::Repeat { body, .. } => {
                check_lookbehinds(body, state)
            }
            Node::GroupRefExists { yes, no, .. } => check_lookbehinds(yes, state)
                .or_else(|| no.as_ref().and_then(|n| check_lookbehinds(n, state))),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// Parses `pattern` as Python 3.11's `re.compile(pattern)` does, with Python's error if it fails.
pub fn compile(pattern: &str) -> Result<PyRegex, PyReError> {
    let chars: Vec<(usize, char)> = pattern.char_indices().collect();
    let to_range = |pos: Option<usize>| -> Range<usize> {
        match pos {
            Some(p) if p < chars.len() => chars[p].0..chars[p].0 + chars[p].1.len_utf8(),
            Some(_) => pattern.len()..pattern.len(),
            None => 0..pattern.len(),
        }
    };
    let place = |e: RawError| PyReError {
        range: to_range(e.position),
        message: e.message,
        position: e.position,
    };
    let mut source = Tokenizer::new(pattern).map_err(place)?;
    let mut state = State {
        flags: 0,
        groupdict: HashMap::new(),
        groupwidths: vec![None],
        lookbehindgroups: None,
        grouprefpos: Vec::new(),
    };
    let nodes = parse_sub(&mut source, &mut state, false, 0).map_err(place)?;
    // fix_flags
    if state.flags & FLAG_A == 0 {
        state.flags |= FLAG_U;
    } else if state.flags & FLAG_U != 0 {
        return Err(PyReError {
            message: "ASCII and UNICODE flags are incompatible".into(),
            position: None,
            range: 0..pattern.len(),
        });
    }
    if source.next.is_some() {
        return Err(place(source.error("unbalanced parenthesis", 0)));
    }
    for &(g, pos) in &state.grouprefpos {
        if g >= state.groups() {
            return Err(place(RawError {
                message: format!("invalid group reference {g}"),
                position: Some(pos),
            }));
        }
    }
    if let Some(span) = check_lookbehinds(&nodes, &state) {
        let start = to_range(Some(span.start)).start;
        let end = if span.end == 0 {
            start
        } else {
            to_range(Some(span.end - 1)).end
        };
        return Err(PyReError {
            message: "look-behind requires fixed-width pattern".into(),
            position: None,
            range: start..end,
        });
    }
    Ok(PyRegex {
        nodes,
        flags: state.flags,
    })
}

impl PyRegex {
    /// The pattern in the `regex` crate's syntax, matching the same strings, when every construct
    /// has an equivalent there (see the module documentation for the one approximation).
    pub fn to_rust_syntax(&self) -> Option<String> {
        self.rust_syntax(false)
    }

    /// As [`PyRegex::to_rust_syntax`], reading atomic groups as plain groups: right only where
    /// the caller knows that backtracking into them cannot change whether the pattern matches
    /// (the `(?>.*?FIXED)` groups of `fnmatch.translate`).
    pub(crate) fn rust_syntax(&self, atomic_as_group: bool) -> Option<String> {
        let mut out = String::new();
        emit(&self.nodes, self.flags, atomic_as_group, &mut out).ok()?;
        Some(out)
    }
}

struct Unsupported;

fn hexchar(out: &mut String, c: u32) {
    let _ = write!(out, "\\x{{{c:X}}}");
}

fn is_surrogate(c: u32) -> bool {
    (0xD800..=0xDFFF).contains(&c)
}

fn category_class(cat: Category, flags: u32, out: &mut String) {
    let ascii = flags & FLAG_A != 0;
    let s = match (cat, ascii) {
        (Category::Digit, false) => r"\d",
        (Category::NotDigit, false) => r"\D",
        (Category::Space, false) => r"\s\x{1C}-\x{1F}",
        (Category::NotSpace, false) => r"[^\s\x{1C}-\x{1F}]",
        (Category::Word, false) => r"\p{L}\p{N}_",
        (Category::NotWord, false) => r"[^\p{L}\p{N}_]",
        (Category::Digit, true) => "0-9",
        (Category::NotDigit, true) => "[^0-9]",
        (Category::Space, true) => r" \t\n\r\x0B\x0C",
        (Category::NotSpace, true) => r"[^ \t\n\r\x0B\x0C]",
        (Category::Word, true) => "0-9A-Za-z_",
        (Category::NotWord, true) => "[^0-9A-Za-z_]",
    };
    out.push_str(s);
}

fn emit(
    nodes: &[Node],
    flags: u32,
    atomic_as_group: bool,
    out: &mut String,
) -> Result<(), Unsupported> {
    let icase = flags & FLAG_I != 0;
    for node in nodes {
        match node {
            Node::Literal(c) => {
                if is_surrogate(*c) || *c > 0x10FFFF {
                    out.push_str(r"[^\s\S]");
                } else if icase {
                    out.push_str("(?i:");
                    hexchar(out, *c);
                    out.push(')');
                } else {
                    hexchar(out, *c);
                }
            }
            Node::NamedChar => return Err(Unsupported),
            Node::Any => out.push_str(if flags & FLAG_S != 0 {
                "(?s:.)"
            } else {
                r"[^\n]"
            }),
            Node::In { negate, items } => {
                let mut class = String::new();
                for item in items {
                    match *item {
                        SetItem::Literal(c) => {
                            if c == 0xFFFF_FFFF {
                                return Err(Unsupported);
                            }
                            if !is_surrogate(c) {
                                hexchar(&mut class, c);
                            }
                        }
                        SetItem::Range(lo, hi) => {
                            let parts = [(lo, hi.min(0xD7FF)), (lo.max(0xE000), hi)];
                            for (a, b) in parts {
                                if a <= b {
                                    hexchar(&mut class, a);
                                    class.push('-');
                                    hexchar(&mut class, b);
                                }
                            }
                        }
                        SetItem::Category(cat) => category_class(cat, flags, &mut class),
                    }
                }
                let set = if class.is_empty() {
                    if *negate {
                        "(?s:.)".to_string()
                    } else {
                        r"[^\s\S]".to_string()
                    }
                } else if *negate {
                    format!("[^{class}]")
                } else {
                    format!("[{class}]")
                };
                if icase {
                    let _ = write!(out, "(?i:{set})");
                } else {
                    out.push_str(&set);
                }
            }
            Node::At(at) => out.push_str(match at {
                At::Beginning if flags & FLAG_M != 0 => "(?m:^)",
                At::Beginning | At::BeginningString => r"\A",
                At::End if flags & FLAG_M != 0 => "(?m:$)",
                At::End | At::EndString => r"\z",
                At::Boundary if flags & FLAG_A != 0 => r"(?-u:\b)",
                At::Boundary => r"\b",
                At::NonBoundary if flags & FLAG_A != 0 => r"(?-u:\B)",
                At::NonBoundary => r"\B",
            }),
            Node::Branch(items) => {
                out.push_str("(?:");
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push('|');
                    }
                    emit(item, flags, atomic_as_group, out)?;
                }
                out.push(')');
            }
            Node::Subpattern {
                add_flags,
                del_flags,
                body,
                ..
            } => {
                // Python's `_combine_flags`: a type flag replaces the others.
                let mut inner = flags;
                if add_flags & TYPE_FLAGS != 0 {
                    inner &= !TYPE_FLAGS;
                }
                inner = (inner | add_flags) & !del_flags;
                out.push_str("(?:");
                emit(body, inner, atomic_as_group, out)?;
                out.push(')');
            }
            Node::Atomic(body) => {
                if !atomic_as_group {
                    return Err(Unsupported);
                }
                out.push_str("(?:");
                emit(body, flags, atomic_as_group, out)?;
                out.push(')');
            }
            Node::Repeat {
                min,
                max,
                kind,
                body,
            } => {
                if *kind == RepeatKind::Possessive {
                    return Err(Unsupported);
                }
                out.push_str("(?:");
                emit(body, flags, atomic_as_group, out)?;
                out.push(')');
                match (*min, *max) {
                    (0, MAXREPEAT) => out.push('*'),
                    (1, MAXREPEAT) => out.push('+'),
                    (0, 1) => out.push('?'),
                    (m, MAXREPEAT) => {
                        let _ = write!(out, "{{{m},}}");
                    }
                    (m, n) => {
                        let _ = write!(out, "{{{m},{n}}}");
                    }
                }
                if *kind == RepeatKind::Lazy {
                    out.push('?');
                }
            }
            // `(?!)` never matches (fnmatch writes it for an empty range), `(?=)` always does.
            Node::Assert {
                negate: true, body, ..
            } if body.is_empty() => out.push_str(r"[^\s\S]"),
            Node::Assert {
                negate: false,
                body,
                ..
            } if body.is_empty() => {}
            Node::GroupRef(_) | Node::GroupRefExists { .. } | Node::Assert { .. } => {
                return Err(Unsupported);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(p: &str) -> (String, Option<usize>) {
        let e = compile(p).expect_err(p);
        (e.message, e.position)
    }

    #[test]
    fn accepts() {
        for p in [
            "",
            "a",
            "^home/[^/]+\\.tmp/",
            "(?i)abc",
            "a{,3}",
            "a{",
            "a{}",
            "x{2,1",
            "[]a]",
            "(?P<n>a)(?P=n)",
            "(a)\\1",
            "(?<=ab)c",
            "(?<!a|b)c",
            "(?>a+)b",
            "a*+",
            "(?x) a # c",
            "(?#comment)a",
            "\\Z",
            "[\\d-]",
            "(?(1)a|b)(x)",
            "a(?#x)*",
            "(?:^)*",
            "\\N{EM DASH}",
        ] {
            assert!(compile(p).is_ok(), "{p}: {:?}", compile(p).err());
        }
    }

    #[test]
    fn errors_match_python() {
        assert_eq!(
            err("("),
            ("missing ), unterminated subpattern".into(), Some(0))
        );
        assert_eq!(err("a)"), ("unbalanced parenthesis".into(), Some(1)));
        assert_eq!(err("[z-a]"), ("bad character range z-a".into(), Some(1)));
        assert_eq!(err("*a"), ("nothing to repeat".into(), Some(0)));
        assert_eq!(err("a**"), ("multiple repeat".into(), Some(2)));
        assert_eq!(err("\\q"), ("bad escape \\q".into(), Some(0)));
        assert_eq!(err("a\\"), ("bad escape (end of pattern)".into(), Some(1)));
        assert_eq!(err("[a"), ("unterminated character set".into(), Some(0)));
        assert_eq!(
            err("(?<=a|bc)"),
            ("look-behind requires fixed-width pattern".into(), None)
        );
        assert_eq!(
            err("a(?i)"),
            (
                "global flags not at the start of the expression".into(),
                Some(1)
            )
        );
        assert_eq!(err("\\1"), ("invalid group reference 1".into(), Some(1)));
        assert_eq!(
            err("(?P<1>a)"),
            ("bad character in group name '1'".into(), Some(4))
        );
        assert_eq!(
            err("(?(2)a)"),
            ("invalid group reference 2".into(), Some(3))
        );
        assert_eq!(
            err("a{2,1}"),
            ("min repeat greater than max repeat".into(), Some(2))
        );
    }

    #[test]
    fn translation() {
        let r = compile("^home/[^/]+\\.tmp/")
            .unwrap()
            .to_rust_syntax()
            .unwrap();
        let re = regex::Regex::new(&r).unwrap();
        assert!(re.is_match("home/x.tmp/y"));
        assert!(!re.is_match("xhome/x.tmp/y"));
        assert!(compile("(a)\\1").unwrap().to_rust_syntax().is_none());
        let r = compile("[[:alpha:]]").unwrap().to_rust_syntax().unwrap();
        let re = regex::Regex::new(&r).unwrap();
        assert!(re.is_match(":]"));
        assert!(!re.is_match("b"));
    }
}
