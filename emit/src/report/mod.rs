//! Lint reports in machine formats: JSON ([`json`]), SARIF 2.1.0 ([`sarif`]) and GitHub
//! workflow commands ([`github`]). The human format is [`crate::diagnostics`] followed by
//! [`summary`].

pub mod github;
pub mod json;
pub mod rules;
pub mod sarif;

use backix_parser::diagnostic::{Diagnostic, Severity};
use backix_parser::source::{Location, SourceMap, Span};
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

    /// The resolved location of a span, when it points into a file of the report.
    pub fn location(&self, span: Option<Span>) -> Option<Location> {
        let span = span?;
        let count = self.sources.files().count();
        ((span.file.0 as usize) < count).then(|| self.sources.location(span))
    }
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
