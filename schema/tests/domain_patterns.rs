//! borg exclude and pattern lines against borg 1.2 itself.
//!
//! - acceptance: `borg create --dry-run --exclude-from FILE` / `--patterns-from FILE`, each
//!   line backix rejects in a file of its own (borg stops at the first bad line with a
//!   traceback), the lines backix accepts all in one file;
//! - regex syntax: backix's port of Python's `re` parser against `re.compile` of the Python
//!   that runs borg, message and position;
//! - matching: the regexes borg builds (`borg.patterns.parse_pattern`) and what they match,
//!   and the `borg create --dry-run --list` listing of a small tree with the NixOS module's
//!   option order (`--exclude-from` before `--patterns-from`).

mod domain_support;

use std::collections::BTreeMap;

use backix_schema::domain::patterns::{
    Matcher, ParsedLine, Style, check_exclude_element, check_pattern_elements, parse_pattern,
};
use backix_schema::domain::pyre;
use domain_support::{assert_no_mismatches, borg_env, last_line, par_map, python, text};

/// `exclude` elements; `{SRC}` stands for the sandbox's file tree.
const EXCLUDES: &[&str] = &[
    "/home/*/.cache",
    "/nix",
    "*.o",
    "home/*/junk",
    "home/user/cache/",
    "fm:*.tmp",
    "fm:aa:something/*",
    "fm:[z-a]",
    "fm:",
    "sh:home/**/.thumbnails",
    "sh:[!a]*",
    "sh:[[]",
    "sh:[]]",
    "sh:a[",
    "re:^home/[^/]+\\.tmp/",
    "re:(?i)\\.JPG$",
    "re:(?<=a)b",
    "re:(a)\\1",
    "re:a{,3}",
    "re:x{",
    "re:\\Z",
    "re:(?x) a b # comment",
    "re:",
    "pp:/var/tmp",
    "pf:/etc/passwd",
    "\"/home/*\"",
    "'/home/*'",
    "some file with spaces.txt",
    "  padded  ",
    "# comment",
    "",
    "C:/x",
    "a1:b",
    "first\nsecond",
    "fine\nxx:bad",
    "xx:foo",
    "ab:",
    "1a:foo",
    "\u{e9}a:foo",
    "re:(",
    "re:a)",
    "re:[z-a]",
    "re:*a",
    "re:a**",
    "re:\\q",
    "re:a\\",
    "re:(?<=a|bc)",
    "re:(?P<1>x)",
    "re:(?i",
    "re:a(?i)b",
    "re:\\1",
    "re:[a",
    "re:(?L)a",
    "re:(?au)x",
    "re:(?<n>x)",
    "re:{1,2}",
    "re:a{2,1}",
    "re:\\x4",
    "re:\\777",
    "re:(?P=n)",
    "re:(?(1)a|b|c)",
    "re:a{99999999999}",
    "sh:[z-a]",
    "sh:a[b-a]c",
    "sh:[a-\\]",
];

/// `patterns` cases: the elements of one `patterns` option.
const PATTERNS: &[&[&str]] = &[
    &["+ home/susan"],
    &["- home/*"],
    &["! proc"],
    &["R {SRC}"],
    &["Rhome"],
    &["r etc"],
    &["P fm"],
    &["P re"],
    &["Pre"],
    &["p sh"],
    &["+ pf:home/bobby/specialfile.txt"],
    &["-home/*/.cache"],
    &["+\tfoo"],
    &["- re:^var/"],
    &["+ \"home/*\""],
    &["# comment"],
    &["   "],
    &["P re", "- ^home/"],
    &["P fm", "- home/*"],
    &["P re\n- ^etc/"],
    &["- sh:[z-a]x"],
    &["x foo"],
    &["+"],
    &["-"],
    &["!   "],
    &["P xx"],
    &["P sh:"],
    &["P"],
    &["R"],
    &["+ xx:foo"],
    &["- re:("],
    &["! sh:[z-a]"],
    &["home/susan"],
    &["/home/*"],
    &["+ re:a)"],
    &["P RE"],
    &["\u{d1} foo"],
    &["P re", "- a(b"],
    &["P re\n- a(b"],
    &["P pp", "- [z-a]"],
    &["- [z-a]"],
    &["- fm:[z-a]"],
];

fn substitute(s: &str) -> String {
    s.replace("{SRC}", &borg_env().src.to_string_lossy())
}

/// Runs `borg create --dry-run` with a pattern file; `Ok` if borg accepted it, else the
/// exception line of its traceback.
fn borg_accepts(option: &str, content: &str) -> Result<(), String> {
    let env = borg_env();
    let file = env.write("patterns", content);
    let out = env.borg(
        &[
            "create",
            "--dry-run",
            option,
            &file.to_string_lossy(),
            "::a",
            "etc",
        ],
        None,
    );
    let t = text(&out);
    if t.contains("Traceback (most recent call last)") {
        return Err(last_line(&t).to_string());
    }
    assert!(
        out.status.success(),
        "borg neither accepted nor rejected {content:?}: {t}"
    );
    Ok(())
}

#[test]
fn exclude_lines_match_borg() {
    let cases: Vec<String> = EXCLUDES.iter().map(|s| substitute(s)).collect();
    let ok: Vec<&String> = cases
        .iter()
        .filter(|c| check_exclude_element(c).errors.is_empty())
        .collect();
    let bad: Vec<&String> = cases
        .iter()
        .filter(|c| !check_exclude_element(c).errors.is_empty())
        .collect();
    assert!(
        ok.len() >= 25 && bad.len() >= 25,
        "{} / {}",
        ok.len(),
        bad.len()
    );
    let mut mismatches = Vec::new();
    let all: String = ok.iter().map(|c| format!("{c}\n")).collect();
    if let Err(e) = borg_accepts("--exclude-from", &all) {
        for c in &ok {
            if let Err(e) = borg_accepts("--exclude-from", &format!("{c}\n")) {
                mismatches.push(format!("backix accepts exclude {c:?}; borg: {e}"));
            }
        }
        mismatches.push(format!("the accepted lines together fail: {e}"));
    }
    let results = par_map(&bad, |c| borg_accepts("--exclude-from", &format!("{c}\n")));
    for (c, r) in bad.iter().zip(results) {
        if r.is_ok() {
            mismatches.push(format!(
                "backix rejects exclude {c:?} ({:?}); borg accepts it",
                check_exclude_element(c).errors
            ));
        }
    }
    assert_no_mismatches(&mismatches);
}

fn pattern_file(elements: &[String]) -> String {
    elements.iter().map(|e| format!("{e}\n")).collect()
}

#[test]
fn pattern_lines_match_borg() {
    let cases: Vec<Vec<String>> = PATTERNS
        .iter()
        .map(|c| c.iter().map(|s| substitute(s)).collect())
        .collect();
    let accepted = |c: &Vec<String>| {
        check_pattern_elements(c)
            .iter()
            .all(|e| e.errors.is_empty())
    };
    let ok: Vec<&Vec<String>> = cases.iter().filter(|c| accepted(c)).collect();
    let bad: Vec<&Vec<String>> = cases.iter().filter(|c| !accepted(c)).collect();
    assert!(
        ok.len() >= 15 && bad.len() >= 15,
        "{} / {}",
        ok.len(),
        bad.len()
    );
    let mut mismatches = Vec::new();
    // Together, each case followed by a reset of the default style.
    let all: String = ok
        .iter()
        .map(|c| format!("{}P sh\n", pattern_file(c)))
        .collect();
    if let Err(e) = borg_accepts("--patterns-from", &all) {
        for c in &ok {
            if let Err(e) = borg_accepts("--patterns-from", &pattern_file(c)) {
                mismatches.push(format!("backix accepts patterns {c:?}; borg: {e}"));
            }
        }
        mismatches.push(format!("the accepted cases together fail: {e}"));
    }
    let results = par_map(&bad, |c| borg_accepts("--patterns-from", &pattern_file(c)));
    for (c, r) in bad.iter().zip(results) {
        if r.is_ok() {
            let errors: Vec<_> = check_pattern_elements(c)
                .into_iter()
                .flat_map(|e| e.errors)
                .collect();
            mismatches.push(format!(
                "backix rejects patterns {c:?} ({errors:?}); borg accepts"
            ));
        }
    }
    assert_no_mismatches(&mismatches);
}

#[test]
fn literal_quotes_are_reported() {
    for e in ["\"/home/*\"", "'/home/*'", "fm:\"x\""] {
        let c = check_exclude_element(e);
        assert!(c.errors.is_empty());
        assert!(
            c.warnings.iter().any(|w| w.code == "borg-pattern-quotes"),
            "{e}: {:?}",
            c.warnings
        );
    }
    let c = &check_pattern_elements(&["+ \"home/susan\""])[0];
    assert!(c.warnings.iter().any(|w| w.code == "borg-pattern-quotes"));
    // And borg indeed never matches them.
    let p = parse_pattern("\"/home/*\"", 0, Style::Fnmatch).unwrap();
    assert_eq!(p.matches("home/susan"), Some(false));
}

/// Regexes for the syntax comparison with Python's `re.compile`.
const REGEXES: &[&str] = &[
    "",
    "a",
    "abc|def",
    "^home/[^/]+\\.tmp/",
    "(?i)abc",
    "(?i:a)b",
    "(?-i:a)",
    "(?ims)a",
    "(?x) a b # c",
    "(?x)[ ]",
    "a{,3}",
    "a{2}",
    "a{2,}",
    "a{,}",
    "a{",
    "a{}",
    "a{1",
    "a{1,",
    "a{x}",
    "{",
    "}",
    "]",
    "x{2,1",
    "[]a]",
    "[^]a]",
    "[a-]",
    "[-a]",
    "[\\d-]",
    "[\\d-z]",
    "[a-\\d]",
    "[\\w]",
    "[\\A]",
    "[\\b]",
    "[\\Z]",
    "[\\8]",
    "[\\1]",
    "[\\0]",
    "[\\777]",
    "[\\x41-\\x5a]",
    "[\\x4]",
    "[\\u00e9]",
    "[\\N{EM DASH}]",
    "[[:alpha:]]",
    "[a--b]",
    "[a&&b]",
    "[",
    "[a",
    "[^",
    "[]",
    "[]-a]",
    "[z-a]",
    "[a-a]",
    "(?P<n>a)(?P=n)",
    "(?P<n>a)(?P<n>b)",
    "(?P<1>a)",
    "(?P<a b>x)",
    "(?P<>x)",
    "(?P<n",
    "(?P=)",
    "(?P=x)",
    "(?P<n>(?P=n))",
    "(?Px)",
    "(?P",
    "(a)\\1",
    "\\1",
    "(a)\\2",
    "(a\\1)",
    "\\10",
    "(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\\10",
    "\\0",
    "\\07",
    "\\077",
    "\\0777",
    "\\123",
    "\\400",
    "\\8",
    "\\08",
    "(?<=ab)c",
    "(?<!a|b)c",
    "(?<=a|bc)",
    "(?<=a*)",
    "(?<=a{2})",
    "(?<=(a))",
    "(?<=(a)\\1)",
    "(a)(?<=\\1)",
    "(?<x)",
    "(?<",
    "(?=a)*",
    "(?>a+)b",
    "a*+",
    "a++",
    "a?+",
    "a{1,2}+",
    "a**",
    "a*?*",
    "a{2}{3}",
    "*",
    "+a",
    "?",
    "^*",
    "$*",
    "\\A*",
    "\\b+",
    "(?:^)*",
    "(?:)*",
    "()*",
    "(?#c)*",
    "a(?#c)*",
    "(?#c",
    "(?",
    "(?:",
    "(",
    ")",
    "a)",
    "(a",
    "((a)",
    "(?(1)a|b)(x)",
    "(x)(?(1)a|b)",
    "(?(1)a|b|c)",
    "(?(0)a)",
    "(?(-1)a)",
    "(?(x)a)",
    "(?(1a)a)",
    "(?(2)a)(b)",
    "(?(n)a)",
    "(?P<n>x)(?(n)a)",
    "(?( 1)a)(b)",
    "\\Z",
    "\\z",
    "\\q",
    "\\",
    "a\\",
    "\\e",
    "\\x4",
    "\\x4g",
    "\\u12",
    "\\u123g",
    "\\U00110000",
    "\\U0010ffff",
    "\\N",
    "\\N{",
    "\\N{}",
    "\\N{EM",
    "\\N{EM DASH}",
    "a(?i)",
    "(?i)(?s)a",
    "(?i)|(?s)",
    "a|(?i)b",
    "(?L)a",
    "(?a)",
    "(?u)",
    "(?au)",
    "(?a)(?u)",
    "(?t)",
    "(?t:a)",
    "(?-a:b)",
    "(?i-i:a)",
    "(?-:a)",
    "(?i-:a)",
    "(?i-",
    "(?i",
    "(?z)",
    "(?i)z",
    "(?iz)",
    "(?i!)",
    "(?-)",
    "(?-z:a)",
    "(?-i",
    "(?x:a b)c d",
    "a{99999999999}",
    "a{4294967294}",
    "a{4294967295}",
    "(?u)\\w+",
    "\\d+\\s\\W",
    "[\u{e9}-\u{ea}]",
    "\u{e9}*",
    "(?P<\u{e9}t\u{e9}>x)",
];

/// Reads one JSON string per line and prints `null` when Python's `re` compiles it,
/// or `[message, position]` when it does not.
const PYTHON_COMPILE_EACH_LINE: &str = r#"
import sys, json, re, warnings
warnings.simplefilter("ignore")
for line in sys.stdin:
    p = json.loads(line)
    try:
        re.compile(p)
        print(json.dumps(None))
    except re.error as e:
        print(json.dumps([e.msg, e.pos]))
    except Exception as e:
        print(json.dumps([str(e), None]))
"#;

#[test]
fn regex_syntax_matches_python() {
    let input: String = REGEXES
        .iter()
        .map(|r| format!("{}\n", json_string(r)))
        .collect();
    let out = python(PYTHON_COMPILE_EACH_LINE, &input);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), REGEXES.len());
    let mut mismatches = Vec::new();
    let mut errors = 0;
    for (r, line) in REGEXES.iter().zip(lines) {
        let python: Option<(String, Option<usize>)> = parse_python_result(line);
        let ours = pyre::compile(r).err().map(|e| (e.message, e.position));
        errors += usize::from(python.is_some());
        // `\N{…}` names are not looked up (a documented approximation).
        if r.contains("\\N{EM}") || (python.is_some() && ours.is_none() && r.contains("\\N{")) {
            continue;
        }
        if python != ours {
            mismatches.push(format!("{r:?}: python {python:?}, backix {ours:?}"));
        }
    }
    assert!(errors > 60, "the corpus has {errors} invalid regexes");
    assert_no_mismatches(&mismatches);
}

/// Patterns (exclude defaults: `fm:`) and paths for the matching comparison.
const MATCH_PATTERNS: &[&str] = &[
    "/home/*/.cache",
    "*.o",
    "home/*/junk",
    "home/user/cache/",
    "home/*",
    "*",
    "home",
    "/home/",
    "fm:*.tmp",
    "fm:aa:something/*",
    "fm:[z-a]",
    "fm:[a-z]*",
    "fm:[!h]*",
    "fm:?ome",
    "fm:home/[!b]*",
    "fm:[]]x",
    "fm:[!]x]",
    "fm:a[b-a-]c",
    "fm:\"home/*\"",
    "fm:",
    "fm:some file with spaces.txt",
    "sh:home/**/.cache",
    "sh:home/*/junk",
    "sh:home/**/junk",
    "sh:**/*.o",
    "sh:home/*",
    "sh:home/",
    "sh:[!a]*",
    "sh:[[]",
    "sh:?ome/susan",
    "sh:**",
    "sh:home/**",
    "sh:*/*/a.txt",
    "re:^home/[^/]+\\.tmp/",
    "re:\\.o$",
    "re:(?i)\\.TXT$",
    "re:^home/(susan|bob)/",
    "re:^/home",
    "re:",
    "re:[[:alpha:]]",
    "re:s$",
    "re:^etc$",
    "re:\\Aetc",
    "re:(?s)a.b",
    "re:\\bjunk\\b",
    "pp:/home/susan",
    "pp:home/",
    "pp:/",
    "pp:home/sus",
    "pf:/etc/passwd",
    "pf:etc/",
    "pf:home/susan/",
];

const PATHS: &[&str] = &[
    "home",
    "home/susan",
    "home/susan/a.txt",
    "home/susan/A.TXT",
    "home/susan/b.o",
    "home/susan/b.odt",
    "home/susan/.cache",
    "home/susan/.cache/c",
    "home/bob/junk",
    "home/bob/junk/j",
    "home/a/b/junk",
    "home/user/cache",
    "home/user/cache/x",
    "etc",
    "etc/passwd",
    "etc/x",
    "var/tmp/t.tmp",
    "var/tmp/t.tmp/y",
    "x.o",
    "aa:something/x",
    "some file with spaces.txt",
    "\"home/x\"",
    "[x",
    "]x",
    "a-c",
    "axb",
    "\u{fc}n\u{ef}/\u{df}",
    "homes",
    "ahome",
];

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn parse_python_result(line: &str) -> Option<(String, Option<usize>)> {
    if line == "null" {
        return None;
    }
    // ["message", pos] with pos a number or null; messages never contain `", `.
    let inner = line.strip_prefix('[')?.strip_suffix(']')?;
    let (msg, pos) = inner.rsplit_once(", ")?;
    let msg = unescape_json(msg.strip_prefix('"')?.strip_suffix('"')?);
    Some((msg, pos.parse().ok()))
}

fn unescape_json(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap_or('?'));
            }
            Some(c) => out.push(c),
            None => {}
        }
    }
    out
}

#[test]
fn matching_matches_borg_patterns() {
    let script = r#"
import sys, json
from borg.patterns import parse_pattern, FnmatchPattern
data = json.load(sys.stdin)
for p in data["patterns"]:
    obj = parse_pattern(p, FnmatchPattern)
    regex = obj.regex.pattern if hasattr(obj, "regex") else None
    print(json.dumps([regex, [bool(obj.match(path)) for path in data["paths"]]]))
"#;
    let input = format!(
        "{{\"patterns\": [{}], \"paths\": [{}]}}",
        MATCH_PATTERNS
            .iter()
            .map(|p| json_string(p))
            .collect::<Vec<_>>()
            .join(", "),
        PATHS
            .iter()
            .map(|p| json_string(p))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let out = python(script, &input);
    let mut mismatches = Vec::new();
    let mut unknown = 0;
    for (p, line) in MATCH_PATTERNS.iter().zip(out.lines()) {
        let ours = parse_pattern(p, 0, Style::Fnmatch).expect(p);
        let (regex, flags) = line
            .strip_prefix('[')
            .and_then(|l| l.strip_suffix(']'))
            .and_then(|l| l.rsplit_once(", ["))
            .expect("python output");
        let regex = if regex == "null" {
            None
        } else {
            Some(unescape_json(&regex[1..regex.len() - 1]))
        };
        if regex != ours.python_regex && ours.style != Style::Regex {
            mismatches.push(format!(
                "{p:?}: borg regex {regex:?}, backix {:?}",
                ours.python_regex
            ));
        }
        let flags: Vec<bool> = flags
            .trim_end_matches(']')
            .split(", ")
            .map(|f| f == "true")
            .collect();
        for (path, expected) in PATHS.iter().zip(flags) {
            match ours.matches(path) {
                None => unknown += 1,
                Some(m) if m != expected => {
                    mismatches.push(format!("{p:?} on {path:?}: borg {expected}, backix {m}"))
                }
                Some(_) => {}
            }
        }
    }
    assert_eq!(
        unknown, 0,
        "every pattern here is within the matcher's reach"
    );
    assert_no_mismatches(&mismatches);
}

/// `(exclude, patterns)` configurations for the listing comparison.
const CONFIGS: &[(&[&str], &[&str])] = &[
    (&["*.o", "home/*/.cache"], &[]),
    (&[], &["+ home/susan", "- home/*"]),
    (&["home/*"], &["+ home/susan"]),
    (&["re:\\.tmp$", "pp:home/bob/junk"], &["! etc"]),
    (
        &["fm:home/*/junk/"],
        &["- sh:**/*.odt", "+ pf:home/susan/b.o", "- *.o"],
    ),
    (&["\"home/*\""], &[]),
    (&[], &["P fm", "- home/*/a.txt", "- var"]),
    (&[], &["- home", "+ home/susan/a.txt"]),
    (&[], &["! home", "+ home/susan/a.txt"]),
    (&["sh:home/*"], &["+ home/bob/junk/j", "- home/bob/junk"]),
];

fn tree(root: &std::path::Path) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read_dir") {
            let entry = entry.expect("entry");
            let path = entry.path();
            let rel = path
                .strip_prefix(root)
                .expect("inside")
                .to_string_lossy()
                .to_string();
            let is_dir = entry.file_type().expect("type").is_dir();
            if is_dir {
                stack.push(path);
            }
            out.push((rel, is_dir));
        }
    }
    out
}

#[test]
fn create_listing_matches_borg() {
    let env = borg_env();
    let files = tree(&env.src);
    let tree: Vec<(&str, bool)> = files.iter().map(|(p, d)| (p.as_str(), *d)).collect();
    let roots = ["home", "etc", "var"];
    let results = par_map(CONFIGS, |(exclude, patterns)| {
        let e = env.write(
            "exclude",
            &exclude.iter().map(|l| format!("{l}\n")).collect::<String>(),
        );
        let p = env.write(
            "patterns",
            &patterns
                .iter()
                .map(|l| format!("{l}\n"))
                .collect::<String>(),
        );
        let (e, p) = (
            e.to_string_lossy().to_string(),
            p.to_string_lossy().to_string(),
        );
        let mut args = vec![
            "create",
            "--dry-run",
            "--list",
            "--exclude-from",
            &e,
            "--patterns-from",
            &p,
            "::a",
        ];
        args.extend(roots);
        env.borg(&args, None)
    });
    let mut mismatches = Vec::new();
    for ((exclude, patterns), out) in CONFIGS.iter().zip(results) {
        assert!(out.status.success(), "borg failed: {}", text(&out));
        let borg: BTreeMap<String, char> = text(&out)
            .lines()
            .filter_map(|l| {
                let (status, path) = l.split_once(' ')?;
                let status = match status {
                    "-" => '-',
                    "x" => 'x',
                    _ => return None,
                };
                Some((path.to_string(), status))
            })
            .collect();
        let matcher = Matcher::for_module(exclude, patterns);
        let ours = matcher
            .simulate_create(&roots, &tree)
            .expect("all rules evaluable");
        if borg != ours {
            mismatches.push(format!(
                "exclude {exclude:?}, patterns {patterns:?}:\n  borg   {borg:?}\n  backix {ours:?}"
            ));
        }
    }
    assert_no_mismatches(&mismatches);
}

#[test]
fn shadowed_includes_agree_with_the_listing() {
    use backix_schema::domain::patterns::shadowed_includes;
    // The module's order: exclude entries first. borg's listing above shows susan excluded.
    let s = shadowed_includes(&["home/*"], &["+ home/susan"]);
    assert_eq!(s.len(), 1);
    assert!(
        s[0].1
            .message
            .contains("--exclude-from before --patterns-from")
    );
    let s = shadowed_includes::<&str>(&[], &["! home", "+ home/susan/a.txt"]);
    assert_eq!(s.len(), 1);
    // `- home` (sh:) matches everything below home too, so the include comes too late.
    let s = shadowed_includes::<&str>(&[], &["- home", "+ home/susan/a.txt"]);
    assert_eq!(s.len(), 1);
    assert!(s[0].1.message.contains("already excludes"), "{s:?}");
    // Whereas `- home/*.txt`-style rules that do not match the parent leave it reachable.
    let s = shadowed_includes::<&str>(&[], &["- re:^home$", "+ home/susan/a.txt"]);
    assert!(s.is_empty(), "{s:?}");
    // Lines are parsed as in borg: a later element sees an earlier `P`.
    let c = check_pattern_elements(&["P re", "- a(b"]);
    assert!(c[0].errors.is_empty());
    assert_eq!(c[1].errors.len(), 1);
    assert!(matches!(c[0].lines[0].1, ParsedLine::Pattern(_)));
}

/// A small deterministic generator for the randomized comparisons.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }

    fn string(&mut self, pieces: &[&str], max_len: usize) -> String {
        let len = self.below(max_len) + 1;
        (0..len).map(|_| pieces[self.below(pieces.len())]).collect()
    }
}

#[test]
fn random_regexes_match_python() {
    const PIECES: &[&str] = &[
        "a", "b", "(", ")", "[", "]", "{", "}", "*", "+", "?", "|", "^", "$", "\\", "-", ",", "1",
        "2", "0", ":", "<", ">", "=", "!", "P", "i", "x", " ", "#", "\n", "\\d", "\\b", "(?",
        "(?P<n>", "(?<=", "(?:", "[^", "{1,2}", "\\1", "\\Z", "\u{e9}", ".", "_", "'", "L", "u",
        "(?#", "z-a", "\\x", "\\u00",
    ];
    let mut rng = Lcg(12345);
    let cases: Vec<String> = (0..3000).map(|_| rng.string(PIECES, 8)).collect();
    let input: String = cases
        .iter()
        .map(|r| format!("{}\n", json_string(r)))
        .collect();
    let out = python(PYTHON_COMPILE_EACH_LINE, &input);
    let mut mismatches = Vec::new();
    let mut errors = 0;
    for (r, line) in cases.iter().zip(out.lines()) {
        let python = parse_python_result(line);
        errors += usize::from(python.is_some());
        let ours = pyre::compile(r).err().map(|e| (e.message, e.position));
        if python != ours {
            mismatches.push(format!("{r:?}: python {python:?}, backix {ours:?}"));
        }
    }
    assert!(errors > 1000 && errors < 2800, "{errors} errors in 3000");
    assert_no_mismatches(&mismatches);
}

#[test]
fn random_patterns_match_borg() {
    const PIECES: &[&str] = &[
        "a", "b", "/", "*", "**/", "?", "[", "]", "!", "-", "z", "^", ".", "\\", "a/", "b/", "*/",
        "z-a", "[!", "[z-a]", "[a-\\]",
    ];
    const STYLES: &[&str] = &["fm:", "sh:", "pp:", "pf:", ""];
    const RANDOM_PATHS: &[&str] = &[
        "a", "b", "a/b", "a/a", "b/a/b", "a/b/a", "z", "a-b", "ab", "ba", "a.b", "[a", "!a", "^a",
        "a\\b", "aa/bb/a", "b/b/b/b",
    ];
    let mut rng = Lcg(99);
    let cases: Vec<String> = (0..1500)
        .map(|_| {
            format!(
                "{}{}",
                STYLES[rng.below(STYLES.len())],
                rng.string(PIECES, 6)
            )
        })
        .collect();
    let input = format!(
        "{{\"patterns\": [{}], \"paths\": [{}]}}",
        cases
            .iter()
            .map(|p| json_string(p))
            .collect::<Vec<_>>()
            .join(", "),
        RANDOM_PATHS
            .iter()
            .map(|p| json_string(p))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let script = r#"
import sys, json, warnings
warnings.simplefilter("ignore")
from borg.patterns import parse_pattern, FnmatchPattern
data = json.load(sys.stdin)
for p in data["patterns"]:
    try:
        obj = parse_pattern(p, FnmatchPattern)
        print("".join("1" if obj.match(x) else "0" for x in data["paths"]))
    except Exception:
        print("ERR")
"#;
    let out = python(script, &input);
    let mut mismatches = Vec::new();
    let mut errors = 0;
    for (p, borg) in cases.iter().zip(out.lines()) {
        let ours = match parse_pattern(p, 0, Style::Fnmatch) {
            Err(_) => "ERR".to_string(),
            Ok(pat) => RANDOM_PATHS
                .iter()
                .map(|x| match pat.matches(x) {
                    Some(true) => '1',
                    Some(false) => '0',
                    None => '?',
                })
                .collect(),
        };
        errors += usize::from(borg == "ERR");
        if ours != borg {
            mismatches.push(format!("{p:?}: borg {borg}, backix {ours}"));
        }
    }
    assert!(errors > 20, "{errors} patterns borg rejects");
    assert_no_mismatches(&mismatches);
}
