//! Lint reports in machine formats: JSON ([`json`]), SARIF 2.1.0 ([`sarif`]) and GitHub
//! workflow commands ([`github`]). The human format is [`crate::diagnostics`] followed by
//! [`summary`].

pub mod github;
pub mod json;
pub mod rules;
pub mod sarif;

use backix_parser::diagnostic::{Diagnostic, Severity};
use backix_parser::source::{FileId, Location, SourceMap, Span};
use backix_schema::rule::Rule;

/// Everything one `backix lint` run found.
pub struct LintReport<'a> {
    /// Every file read, with secrets already masked.
    pub sources: &'a SourceMap,
    /// The findings, in output order, with their final severity.
    pub findings: &'a [Diagnostic],
    /// How many files were read.
    pub files_checked: usize,
    /// How many findings inline comments suppressed.
    pub suppressed: usize,
}

/// Counts for the closing summary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counts {
    /// Findings at `deny` (errors).
    pub errors: usize,
    /// Findings at `warn`.
    pub warnings: usize,
    /// Files with at least one finding.
    pub files_with_findings: usize,
}

impl LintReport<'_> {
    /// Counts findings by severity and the files they point into.
    pub fn counts(&self) -> Counts {
        let mut files = std::collections::BTreeSet::new();
        let mut counts = Counts {
            errors: 0,
            warnings: 0,
            files_with_findings: 0,
        };
        for d in self.findings {
            match d.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Note => {}
            }
            if let Some(loc) = self.location(d.span) {
                files.insert(loc.file);
            }
        }
        counts.files_with_findings = files.len();
        counts
    }

    /// The resolved location of a span, when it points into a file of the report. A
    /// [`file_only`] span resolves to the file with line and column 0 (see [`has_line`]).
    pub fn location(&self, span: Option<Span>) -> Option<Location> {
        let span = span?;
        let count = self.sources.files().count();
        if (span.file.0 as usize) >= count {
            return None;
        }
        if is_file_only(span) {
            return Some(Location {
                file: self.sources.file(span.file).name.clone(),
                line: 0,
                column: 0,
                end_line: 0,
                end_column: 0,
                span: Some(span),
            });
        }
        Some(self.sources.location(span))
    }
}

/// Offsets from this one on mark a place that names a file but no line in it: what Nix
/// reports for a definition (its file only). No file backix reads is this large.
pub const FILE_ONLY_START: u32 = 1 << 31;

/// A span naming `file` without a place in it; `tag` (below 2^30) tells such places apart.
pub fn file_only(file: FileId, tag: u32) -> Span {
    let offset = FILE_ONLY_START + tag.min((1 << 30) - 1);
    Span::new(file, offset, offset)
}

/// Whether a span names only its file (made by [`file_only`], or an offset from one).
pub fn is_file_only(span: Span) -> bool {
    span.start >= FILE_ONLY_START
}

/// Whether a resolved location has a line (a [`file_only`] place has none).
pub fn has_line(location: &Location) -> bool {
    location.line > 0
}

/// The closing line of the human format: `3 errors, 2 warnings in 2 files (12 files checked)`.
pub fn summary(report: &LintReport<'_>) -> String {
    let c = report.counts();
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let checked = plural(report.files_checked, "file");
    let mut line = if c.errors + c.warnings == 0 {
        format!("no problems found ({checked} checked)")
    } else {
        format!(
            "{}, {} in {} ({checked} checked)",
            plural(c.errors, "error"),
            plural(c.warnings, "warning"),
            plural(c.files_with_findings, "file"),
        )
    };
    if report.suppressed > 0 {
        line.push_str(&format!("; {} suppressed", report.suppressed));
    }
    line
}

/// The rule behind a finding's code, if it comes from a rule.
pub fn rule_of(code: &str) -> Option<&'static Rule> {
    backix_schema::registry::rules()
        .into_iter()
        .find(|r| r.code == code)
}

/// The level name of a severity: `deny` for errors, `warn` for warnings.
pub fn level_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "deny",
        Severity::Warning => "warn",
        Severity::Note => "note",
    }
}

/// The version of backix writing the report.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_only_places_resolve_to_the_file_without_a_line() {
        let mut sources = SourceMap::new();
        let id = sources.add("host.nix", None, "{\n  a = 1;\n}\n");
        let findings = [];
        let report = LintReport {
            sources: &sources,
            findings: &findings,
            files_checked: 1,
            suppressed: 0,
        };
        let place = file_only(id, 3 << 12);
        assert!(is_file_only(place) && is_file_only(Span::new(id, place.start + 5, place.end + 9)));
        let l = report.location(Some(place)).unwrap();
        assert_eq!((l.file.as_str(), l.line, l.column), ("host.nix", 0, 0));
        assert!(!has_line(&l));
        let normal = report.location(Some(Span::new(id, 4, 5))).unwrap();
        assert!(!is_file_only(Span::new(id, 4, 5)) && has_line(&normal));
        assert_eq!((normal.line, normal.column), (2, 3));
    }
}
