//! Domain checks: pure parsers and validators for the values backup modules pass to the tools.
//!
//! Every checker takes the option value as a string (or a few strings) and answers with a
//! structured value or an [`Issue`]: a human message and the byte range of the input string it
//! is about, so that backix can point at the column. Nothing here reads files or runs programs.
//!
//! - [`compression`]: borg compression specs, as the NixOS module's type and as borg 1.2 accept them.
//! - [`patterns`]: borg `--exclude-from` and `--patterns-from` lines, with a matcher that
//!   predicts which files `borg create` archives.
//! - [`pyre`]: a port of Python's `re` parser, to validate `re:` patterns as borg compiles them.
//! - [`prune`]: `prune.keep` keys and values.
//! - [`repository`]: borg and restic repository locations.
//!
//! [`check_borg_job`] runs the borg checks over the values of one `services.borgbackup.jobs.<name>`.

use std::ops::Range;

use backix_parser::diagnostic::Severity;

pub mod compression;
pub mod patterns;
pub mod prune;
pub mod pyre;
pub mod repository;

/// A problem in a value: a stable code, a human message and the byte range of the input it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    /// A stable machine-readable code, such as `borg-compression-level`.
    pub code: &'static str,
    /// One-line description, for a user.
    pub message: String,
    /// Byte range within the checked string (may be empty, at the place something is missing).
    pub range: Range<usize>,
}

impl Issue {
    /// A new issue.
    pub fn new(code: &'static str, message: impl Into<String>, range: Range<usize>) -> Self {
        Issue {
            code,
            message: message.into(),
            range,
        }
    }

    /// The same issue, with its range moved right by `offset` bytes.
    pub fn shifted(mut self, offset: usize) -> Self {
        self.range = self.range.start + offset..self.range.end + offset;
        self
    }
}

impl std::fmt::Display for Issue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} (bytes {}..{})",
            self.message, self.range.start, self.range.end
        )
    }
}

impl std::error::Error for Issue {}

/// Which option of a borg job a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BorgField {
    /// `compression`.
    Compression,
    /// `exclude`, with the list index.
    Exclude(usize),
    /// `patterns`, with the list index.
    Patterns(usize),
    /// A `prune.keep` attribute name, with its position in the given list.
    PruneKeepKey(usize),
    /// A `prune.keep` attribute value, with its position in the given list.
    PruneKeepValue(usize),
    /// The whole `prune.keep` set.
    PruneKeep,
    /// `repo`.
    Repo,
}

/// One finding of [`check_borg_job`]: how serious, which option, and the issue in that option's string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Error (the tool or the module rejects it) or warning.
    pub severity: Severity,
    /// The option the range belongs to.
    pub field: BorgField,
    /// What and where.
    pub issue: Issue,
}

/// The values of one borg job that the domain checks look at; absent ones are skipped.
#[derive(Clone, Debug, Default)]
pub struct BorgJobValues<'a> {
    /// `compression`.
    pub compression: Option<&'a str>,
    /// `exclude` list elements.
    pub exclude: Vec<&'a str>,
    /// `patterns` list elements.
    pub patterns: Vec<&'a str>,
    /// `prune.keep` attributes, in attribute-name order.
    pub keep: Vec<(&'a str, prune::KeepValue<'a>)>,
    /// `repo`.
    pub repo: Option<&'a str>,
    /// `removableDevice`.
    pub removable_device: bool,
}

/// Runs every borg domain check over one job's values.
pub fn check_borg_job(values: &BorgJobValues<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut push = |severity, field, issue| {
        out.push(Finding {
            severity,
            field,
            issue,
        })
    };
    if let Some(spec) = values.compression {
        let check = compression::check_compression(spec);
        if let Err(e) = &check.module {
            push(Severity::Error, BorgField::Compression, e.clone());
        }
        if let Err(e) = &check.borg {
            push(Severity::Error, BorgField::Compression, e.clone());
        }
        for w in check.warnings {
            push(Severity::Warning, BorgField::Compression, w);
        }
    }
    for (i, line) in values.exclude.iter().enumerate() {
        let check = patterns::check_exclude_element(line);
        for e in check.errors {
            push(Severity::Error, BorgField::Exclude(i), e);
        }
        for w in check.warnings {
            push(Severity::Warning, BorgField::Exclude(i), w);
        }
    }
    let pattern_checks = patterns::check_pattern_elements(&values.patterns);
    for (i, check) in pattern_checks.into_iter().enumerate() {
        for e in check.errors {
            push(Severity::Error, BorgField::Patterns(i), e);
        }
        for w in check.warnings {
            push(Severity::Warning, BorgField::Patterns(i), w);
        }
    }
    for (i, issue) in patterns::shadowed_includes(&values.exclude, &values.patterns) {
        push(Severity::Warning, BorgField::Patterns(i), issue);
    }
    if !values.keep.is_empty() {
        let check = prune::check_keep(&values.keep);
        for (i, entry) in check.entries.iter().enumerate() {
            match &entry.key {
                Ok(key) => {
                    for w in &key.warnings {
                        push(Severity::Warning, BorgField::PruneKeepKey(i), w.clone());
                    }
                }
                Err(e) => push(Severity::Error, BorgField::PruneKeepKey(i), e.clone()),
            }
            if let Some(value) = &entry.value {
                if let Err(e) = &value.module {
                    push(Severity::Error, BorgField::PruneKeepValue(i), e.clone());
                }
                // With an unknown key there is no option to check the value against.
                if let (Ok(_), Err(e)) = (&entry.key, &value.borg) {
                    push(Severity::Error, BorgField::PruneKeepValue(i), e.clone());
                }
                for w in &value.warnings {
                    push(Severity::Warning, BorgField::PruneKeepValue(i), w.clone());
                }
            }
        }
        for e in check.errors {
            push(Severity::Error, BorgField::PruneKeep, e);
        }
        for w in check.warnings {
            push(Severity::Warning, BorgField::PruneKeep, w);
        }
    }
    if let Some(repo) = values.repo {
        match repository::parse_borg_repository(repo) {
            Ok(parsed) => {
                for w in &parsed.warnings {
                    push(Severity::Warning, BorgField::Repo, w.clone());
                }
                if values.removable_device && !parsed.module_local {
                    push(
                        Severity::Error,
                        BorgField::Repo,
                        Issue::new(
                            "borg-removable-not-local",
                            "removableDevice = true needs a local repo, and the module counts only \
                             repos starting with `/` or `.` as local",
                            0..repo.len(),
                        ),
                    );
                }
            }
            Err(e) => push(Severity::Error, BorgField::Repo, e),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Helpers shared by the checkers: Python's notions of whitespace and of `int()`, edit distance.

/// Whether Python's `str.isspace()` holds for `c` (Unicode White_Space plus U+001C..U+001F).
pub(crate) fn py_isspace(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `str.strip()`: the byte range of `s` without leading and trailing Python whitespace.
pub(crate) fn py_strip_range(s: &str) -> Range<usize> {
    let start = s.len() - s.trim_start_matches(py_isspace).len();
    let end = s.trim_end_matches(py_isspace).len();
    if start >= end {
        start..start
    } else {
        start..end
    }
}

/// The first code point of every run of ten Unicode decimal digits (category Nd), Unicode 14
/// as in Python 3.11: `int()` accepts any of them.
const DECIMAL_ZEROS: [u32; 66] = [
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
    0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50,
    0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
];

/// The value of a Unicode decimal digit, as Python's `unicodedata.decimal`.
pub(crate) fn py_decimal(c: char) -> Option<u32> {
    let cp = c as u32;
    let i = DECIMAL_ZEROS.partition_point(|&z| z <= cp);
    if i == 0 {
        return None;
    }
    let zero = DECIMAL_ZEROS[i - 1];
    (cp - zero < 10).then_some(cp - zero)
}

/// How Python's `int(s)` read a string that it accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PyInt {
    /// The value (saturated at the bounds of `i128`).
    pub value: i128,
    /// Whether the text is exactly an optional `-` and ASCII digits without a superfluous
    /// leading zero, i.e. what a reader expects a number to look like.
    pub plain: bool,
}

/// Python's `int(s)` for base 10: surrounding whitespace, an optional sign, Unicode decimal
/// digits with single underscores between them. `None` when Python raises `ValueError`.
pub(crate) fn py_int(s: &str) -> Option<PyInt> {
    let r = py_strip_range(s);
    let t = &s[r.clone()];
    let (negative, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    if digits.is_empty() {
        return None;
    }
    let mut value: i128 = 0;
    let mut prev_underscore = true; // a leading underscore is not allowed
    for c in digits.chars() {
        if c == '_' {
            if prev_underscore {
                return None;
            }
            prev_underscore = true;
            continue;
        }
        let d = py_decimal(c)?;
        value = value.saturating_mul(10).saturating_add(i128::from(d));
        prev_underscore = false;
    }
    if prev_underscore {
        return None;
    }
    let ascii = digits.bytes().all(|b| b.is_ascii_digit());
    let plain = r == (0..s.len())
        && !t.starts_with('+')
        && ascii
        && !(digits.len() > 1 && digits.starts_with('0'));
    Some(PyInt {
        value: if negative { -value } else { value },
        plain,
    })
}

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions), in characters.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

/// The candidate closest to `word` (case-insensitively), if it is close enough to suggest.
pub(crate) fn did_you_mean<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let lower = word.to_lowercase();
    if lower.chars().count() >= 3
        && let Some(&c) = candidates.iter().find(|c| c.starts_with(lower.as_str()))
    {
        return Some(c);
    }
    let mut best: Option<(usize, &'c str)> = None;
    for &c in candidates {
        let d = edit_distance(&lower, c);
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    let (d, c) = best?;
    let limit = (c.chars().count().max(lower.chars().count()) / 3).max(1);
    (d <= limit).then_some(c)
}

/// Renders a string for a message: in backticks, with control characters escaped.
pub(crate) fn quoted(s: &str) -> String {
    let mut out = String::from("`");
    for c in s.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out.push('`');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_int() {
        assert_eq!(py_int("3").map(|i| i.value), Some(3));
        assert_eq!(py_int(" -3\n").map(|i| i.value), Some(-3));
        assert_eq!(py_int("1_0").map(|i| i.value), Some(10));
        assert_eq!(py_int("\u{661}").map(|i| i.value), Some(1));
        assert!(py_int("1__0").is_none());
        assert!(py_int("_1").is_none());
        assert!(py_int("1_").is_none());
        assert!(py_int("").is_none());
        assert!(py_int("- 3").is_none());
        assert!(py_int("3.0").is_none());
        assert!(py_int("0x3").is_none());
        assert!(py_int("7").unwrap().plain);
        assert!(!py_int("07").unwrap().plain);
        assert!(!py_int("+7").unwrap().plain);
    }

    #[test]
    fn borg_job() {
        let values = BorgJobValues {
            compression: Some("zstd,99"),
            exclude: vec!["\"/home/*\"", "/home/*"],
            patterns: vec!["+ /home/susan", "x"],
            keep: vec![
                ("dialy", prune::KeepValue::Int(7)),
                ("within", prune::KeepValue::Int(3)),
            ],
            repo: Some("user@host:repo"),
            removable_device: true,
        };
        let findings = check_borg_job(&values);
        let has = |field: BorgField, code: &str| {
            findings
                .iter()
                .any(|f| f.field == field && f.issue.code == code)
        };
        assert!(has(BorgField::Compression, "borg-compression-level"));
        assert!(has(BorgField::Exclude(0), "borg-pattern-quotes"));
        assert!(has(BorgField::Patterns(0), "borg-pattern-shadowed"));
        assert!(has(BorgField::Patterns(1), "borg-pattern-command"));
        assert!(has(BorgField::PruneKeepKey(0), "borg-prune-key"));
        assert!(has(BorgField::PruneKeepValue(1), "borg-prune-value"));
        assert!(has(BorgField::Repo, "borg-removable-not-local"));
        let errors = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        assert_eq!(errors, 5, "{findings:#?}");
        assert!(
            check_borg_job(&BorgJobValues {
                compression: Some("auto,zstd,10"),
                exclude: vec!["/home/*/.cache", "*.o"],
                patterns: vec!["R /home", "- home/*/Downloads"],
                keep: vec![("daily", prune::KeepValue::Int(7))],
                repo: Some("/var/backup/borg"),
                removable_device: true,
            })
            .is_empty()
        );
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("dialy", "daily"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(did_you_mean("dayly", &["daily", "weekly"]), Some("daily"));
        assert_eq!(did_you_mean("Weekly", &["daily", "weekly"]), Some("weekly"));
        assert_eq!(did_you_mean("banana", &["daily", "weekly"]), None);
        assert_eq!(did_you_mean("host", &["pid", "hostname"]), Some("hostname"));
    }
}
