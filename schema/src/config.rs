//! `backix.toml`: the rule levels for the files below it, and level overrides in general.
//!
//! The format is documented in `docs/configuration.md`:
//!
//! ```toml
//! enable = ["BX150"]            # opt-in rules, turned on at "warn"
//!
//! [rules]
//! BX101 = "deny"                # a code ...
//! passphrase-in-store = "allow" # ... or a name
//! all = "warn"                  # every rule (a code or name given here wins over `all`)
//! ```
//!
//! The nearest `backix.toml` above a file applies to it (files are not merged). Unknown codes
//! and keys are reported as warnings with their place; a file that is not TOML, or a level that
//! is not `allow`, `warn` or `deny`, is an error.

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::registry;
use crate::rule::{Level, Rule};

/// The file name looked for.
pub const FILE_NAME: &str = "backix.toml";

/// What a level setting names: every rule, one rule, or one of the analysis' own warnings.
#[derive(Clone, Copy, Debug)]
pub enum Selector {
    /// `all`: every rule, opt-in rules included (not the analysis warnings).
    All,
    /// One rule, named by code or name.
    Rule(&'static Rule),
    /// One kind of warning of the analysis itself, such as `missing-import`
    /// ([`crate::engine::ANALYSIS_WARNING_CODES`]).
    Analysis(&'static str),
}

impl PartialEq for Selector {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Selector::All, Selector::All) => true,
            (Selector::Rule(a), Selector::Rule(b)) => a.code == b.code,
            (Selector::Analysis(a), Selector::Analysis(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for Selector {}

impl Selector {
    /// Parses `all`, a rule code (case-insensitive), a rule name or an analysis warning code.
    pub fn parse(text: &str) -> Option<Selector> {
        if text == "all" {
            return Some(Selector::All);
        }
        if let Some(code) = crate::engine::ANALYSIS_WARNING_CODES
            .iter()
            .find(|c| **c == text)
        {
            return Some(Selector::Analysis(code));
        }
        registry::find(text).map(Selector::Rule)
    }

    /// Whether this selector names the findings with `code` (`rule`: whether that is a rule's).
    pub fn matches(&self, code: &str, rule: bool) -> bool {
        match self {
            Selector::All => rule,
            Selector::Rule(r) => rule && r.code == code,
            Selector::Analysis(c) => !rule && *c == code,
        }
    }
}

/// The levels one layer sets (a configuration file, or the command line).
///
/// Within a layer a setting for one rule wins over `all`; between two settings of the same
/// kind the later one wins.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    entries: Vec<(Selector, Level)>,
}

impl Overrides {
    /// No settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a setting.
    pub fn set(&mut self, selector: Selector, level: Level) {
        self.entries.push((selector, level));
    }

    /// The level this layer sets for `rule`, if it sets one.
    pub fn level_for(&self, rule: &Rule) -> Option<Level> {
        self.level_for_code(rule.code, true)
    }

    /// The level this layer sets for findings with `code` (`rule`: whether it is a rule's code
    /// rather than an analysis warning's), if it sets one.
    pub fn level_for_code(&self, code: &str, rule: bool) -> Option<Level> {
        let last = |specific: bool| {
            self.entries
                .iter()
                .rev()
                .find(|(s, _)| (*s != Selector::All) == specific && s.matches(code, rule))
                .map(|(_, l)| *l)
        };
        last(true).or_else(|| last(false))
    }

    /// Whether the layer sets nothing.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The level of `rule`: its default, then the configuration file's setting, then the command
/// line's.
pub fn level_of(rule: &Rule, config: Option<&Config>, command_line: &Overrides) -> Level {
    command_line
        .level_for(rule)
        .or_else(|| config.and_then(|c| c.overrides.level_for(rule)))
        .unwrap_or(rule.default_level)
}

/// The level of an analysis warning with `code`: `warn`, unless the configuration file or
/// the command line (which wins) sets another.
pub fn analysis_level(code: &str, config: Option<&Config>, command_line: &Overrides) -> Level {
    command_line
        .level_for_code(code, false)
        .or_else(|| config.and_then(|c| c.overrides.level_for_code(code, false)))
        .unwrap_or(Level::Warn)
}

/// Something in a configuration file that backix ignored (an unknown code or key).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Byte range in the file.
    pub range: Range<usize>,
    /// What is wrong.
    pub message: String,
    /// A suggestion, if there is one.
    pub help: Option<String>,
}

/// A loaded `backix.toml`.
#[derive(Clone, Debug)]
pub struct Config {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its text (for showing problems with the source).
    pub text: String,
    /// The levels it sets.
    pub overrides: Overrides,
    /// What was ignored.
    pub problems: Vec<Problem>,
}

/// A configuration file that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The file.
    pub path: PathBuf,
    /// 1-based line, when the problem has a place.
    pub line: Option<usize>,
    /// 1-based column, when the problem has a place.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ConfigError {}

/// The nearest `backix.toml` in `dir` or one of its ancestors.
pub fn find(dir: &Path) -> Option<PathBuf> {
    let start = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    start
        .ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// Reads and parses a configuration file.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        path: path.to_path_buf(),
        line: None,
        column: None,
        message: match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::InvalidData => "not valid UTF-8 text".to_string(),
            _ => e.to_string(),
        },
    })?;
    parse(path, &text)
}

/// Parses the text of a configuration file read from `path`.
pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
    use toml::de::{DeTable, DeValue};

    let error = |range: Option<Range<usize>>, message: String| {
        let lc = range.map(|r| line_col(text, r.start));
        ConfigError {
            path: path.to_path_buf(),
            line: lc.map(|(l, _)| l),
            column: lc.map(|(_, c)| c),
            message,
        }
    };
    let table = DeTable::parse(text).map_err(|e| {
        let message = e.message().trim().to_string();
        error(e.span(), format!("not valid TOML: {message}"))
    })?;
    let mut config = Config {
        path: path.to_path_buf(),
        text: text.to_string(),
        overrides: Overrides::new(),
        problems: Vec::new(),
    };
    let mut enable = Vec::new();
    let mut levels = Vec::new();
    for (key, value) in table.get_ref().iter() {
        match (&**key.get_ref(), value.get_ref()) {
            ("rules", DeValue::Table(rules)) => {
                for (code, level) in rules.iter() {
                    let DeValue::String(level_text) = level.get_ref() else {
                        return Err(error(
                            Some(level.span()),
                            format!(
                                "the level of '{}' must be a string: \"allow\", \"warn\" or \"deny\"",
                                code.get_ref()
                            ),
                        ));
                    };
                    let Some(parsed) = Level::parse(level_text) else {
                        return Err(error(
                            Some(level.span()),
                            format!(
                                "'{level_text}' is not a level: use \"allow\", \"warn\" or \"deny\""
                            ),
                        ));
                    };
                    levels.push((code.get_ref().to_string(), code.span(), parsed));
                }
            }
            ("rules", _) => {
                return Err(error(
                    Some(value.span()),
                    "'rules' must be a table: [rules] CODE = \"deny\"".to_string(),
                ));
            }
            ("enable", DeValue::Array(items)) => {
                for item in items.iter() {
                    let DeValue::String(name) = item.get_ref() else {
                        return Err(error(
                            Some(item.span()),
                            "'enable' lists rule codes or names as strings".to_string(),
                        ));
                    };
                    enable.push((name.to_string(), item.span()));
                }
            }
            ("enable", _) => {
                return Err(error(
                    Some(value.span()),
                    "'enable' must be a list: enable = [\"BX150\"]".to_string(),
                ));
            }
            (other, _) => config.problems.push(Problem {
                range: key.span(),
                message: format!("unknown key '{other}' in {FILE_NAME} (ignored)"),
                help: Some("the keys are 'enable' and the table [rules]".to_string()),
            }),
        }
    }
    for (name, range) in enable {
        match Selector::parse(&name) {
            Some(selector) => config.overrides.set(selector, Level::Warn),
            None => config.problems.push(unknown(&name, range)),
        }
    }
    for (name, range, level) in levels {
        match Selector::parse(&name) {
            Some(selector) => config.overrides.set(selector, level),
            None => config.problems.push(unknown(&name, range)),
        }
    }
    Ok(config)
}

fn unknown(name: &str, range: Range<usize>) -> Problem {
    Problem {
        range,
        message: format!("unknown rule '{name}' (ignored)"),
        help: Some(match suggest(name) {
            Some(s) => format!("did you mean '{s}'? `backix explain --list` lists every rule"),
            None => "`backix explain --list` lists every rule".to_string(),
        }),
    }
}

/// The rule code or name closest to a mistyped one, if one is close.
pub fn suggest(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let mut best: Option<(f64, String)> = None;
    let analysis = crate::engine::ANALYSIS_WARNING_CODES.iter().copied();
    let names = registry::rules()
        .into_iter()
        .flat_map(|r| [r.code, r.name])
        .chain(analysis);
    for candidate in names.map(str::to_string) {
        let score = strsim::jaro_winkler(&lower, &candidate.to_ascii_lowercase());
        if score >= 0.8 && best.as_ref().is_none_or(|(b, _)| score > *b) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, s)| s)
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn some_rule() -> Option<&'static Rule> {
        registry::rules().into_iter().next()
    }

    #[test]
    fn syntax_errors_have_a_line() {
        let e = parse(Path::new("x/backix.toml"), "[rules]\nBX101 = \n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        assert!(e.to_string().starts_with("x/backix.toml:2:"), "{e}");
    }

    #[test]
    fn bad_levels_are_errors() {
        let e = parse(Path::new("b.toml"), "[rules]\nall = \"error\"\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(7)), "{e}");
        assert!(e.message.contains("'error' is not a level"), "{e}");
        let e = parse(Path::new("b.toml"), "rules = 3\n").unwrap_err();
        assert!(e.message.contains("must be a table"), "{e}");
    }

    #[test]
    fn unknown_codes_and_keys_are_problems_with_places() {
        let text = "colour = true\n[rules]\nBX999 = \"deny\"\nall = \"deny\"\n";
        let c = parse(Path::new("b.toml"), text).unwrap();
        assert_eq!(c.problems.len(), 2, "{:?}", c.problems);
        assert_eq!(&text[c.problems[0].range.clone()], "colour");
        assert_eq!(&text[c.problems[1].range.clone()], "BX999");
        assert!(c.problems[1].message.contains("unknown rule 'BX999'"));
        assert_eq!(line_col(text, c.problems[1].range.start), (3, 1));
    }

    #[test]
    fn a_specific_setting_beats_all_and_the_command_line_beats_the_file() {
        let Some(rule) = some_rule() else {
            eprintln!("no rules registered yet");
            return;
        };
        let text = format!("[rules]\n{} = \"deny\"\nall = \"allow\"\n", rule.name);
        let c = parse(Path::new("b.toml"), &text).unwrap();
        assert!(c.problems.is_empty(), "{:?}", c.problems);
        let none = Overrides::new();
        assert_eq!(level_of(rule, Some(&c), &none), Level::Deny);
        let mut cli = Overrides::new();
        cli.set(Selector::All, Level::Warn);
        assert_eq!(level_of(rule, Some(&c), &cli), Level::Warn);
        assert_eq!(level_of(rule, None, &none), rule.default_level);
    }

    #[test]
    fn analysis_warnings_have_levels_but_all_does_not_touch_them() {
        let text = "[rules]\nmissing-import = \"deny\"\n";
        let c = parse(Path::new("b.toml"), text).unwrap();
        assert!(c.problems.is_empty(), "{:?}", c.problems);
        let none = Overrides::new();
        assert_eq!(
            analysis_level("missing-import", Some(&c), &none),
            Level::Deny
        );
        assert_eq!(analysis_level("import-cycle", Some(&c), &none), Level::Warn);
        let mut cli = Overrides::new();
        cli.set(Selector::All, Level::Allow);
        assert_eq!(
            analysis_level("missing-import", Some(&c), &cli),
            Level::Deny
        );
        cli.set(Selector::parse("missing-import").unwrap(), Level::Allow);
        assert_eq!(
            analysis_level("missing-import", Some(&c), &cli),
            Level::Allow
        );
    }

    #[test]
    fn enable_turns_rules_on_at_warn() {
        let Some(rule) = some_rule() else {
            return;
        };
        let c = parse(
            Path::new("b.toml"),
            &format!("enable = [\"{}\"]\n", rule.code),
        )
        .unwrap();
        assert_eq!(c.overrides.level_for(rule), Some(Level::Warn));
    }

    #[test]
    fn find_walks_up() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(find(&deep).filter(|p| p.starts_with(dir.path())), None);
        std::fs::write(dir.path().join("a/backix.toml"), "").unwrap();
        assert_eq!(find(&deep), Some(dir.path().join("a/backix.toml")));
    }
}
