//! BX033 and BX034 share this walk over a borg job's `exclude` and `patterns` lines.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::{LocatedValue, ModuleKind};

use super::support::{Instance, inner_span, instances};
use crate::domain::Issue;
use crate::domain::patterns::{check_exclude_element, check_pattern_elements, shadowed_includes};
use crate::rule::Context;
use crate::view;

/// Which findings a walk collects.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Findings {
    /// Lines borg rejects.
    Errors,
    /// Lines borg accepts but that probably do not do what was meant.
    Warnings,
}

/// One finding: the job, the option and element it is in, and the issue.
pub struct PatternFinding<'a> {
    /// The job.
    pub job: Instance<'a>,
    /// `exclude` or `patterns`.
    pub option: &'static str,
    /// The list element (for its span).
    pub element: &'a LocatedValue,
    /// Its index.
    pub index: usize,
    /// What is wrong, with its range in the element.
    pub issue: Issue,
}

impl PatternFinding<'_> {
    /// A diagnostic for the finding, pointing at the column when the element is a plain
    /// literal.
    pub fn diagnostic(&self, cx: &Context<'_>, code: &'static str, error: bool) -> Diagnostic {
        let message = format!(
            "{}, element {}: {}",
            self.job.option(self.option),
            self.index + 1,
            self.issue.message
        );
        let span = inner_span(cx.sources, self.element, self.issue.range.clone())
            .or(view::value_span(self.element));
        if error {
            Diagnostic::error(code, message, span)
        } else {
            Diagnostic::warning(code, message, span)
        }
    }
}

/// The leading known strings of a list option: checking stops at the first unknown element,
/// because a `P` line in it could change how the later lines read.
fn leading_strings(value: Option<&LocatedValue>) -> (Vec<(&str, &LocatedValue)>, bool) {
    let Some(items) = value.and_then(view::as_list) else {
        return (Vec::new(), false);
    };
    let mut out = Vec::new();
    for item in items {
        match view::as_str(item) {
            Some(s) => out.push((s, item)),
            None => return (out, false),
        }
    }
    (out, true)
}

/// Checks the `exclude` and `patterns` lines of every borg job.
pub fn findings<'a>(cx: &'a Context<'_>, which: Findings) -> Vec<PatternFinding<'a>> {
    let mut out = Vec::new();
    for job in instances(cx, ModuleKind::BorgbackupJobs) {
        // With `import-tar` the module passes neither file (BX014 reports the lists).
        if job.setting("createCommand").str() == Some("import-tar") {
            continue;
        }
        let (exclude, exclude_complete) = leading_strings(job.setting("exclude").value());
        let (patterns, patterns_complete) = leading_strings(job.setting("patterns").value());
        let mut push = |option, index: usize, element, issue| {
            out.push(PatternFinding {
                job,
                option,
                element,
                index,
                issue,
            })
        };
        for (index, (text, element)) in exclude.iter().enumerate() {
            let check = check_exclude_element(text);
            let issues = match which {
                Findings::Errors => check.errors,
                Findings::Warnings => check.warnings,
            };
            for issue in issues {
                push("exclude", index, *element, issue);
            }
        }
        let texts: Vec<&str> = patterns.iter().map(|(t, _)| *t).collect();
        for (index, check) in check_pattern_elements(&texts).into_iter().enumerate() {
            let issues = match which {
                Findings::Errors => check.errors,
                Findings::Warnings => check.warnings,
            };
            for issue in issues {
                push("patterns", index, patterns[index].1, issue);
            }
        }
        if which == Findings::Warnings && exclude_complete && patterns_complete {
            let excludes: Vec<&str> = exclude.iter().map(|(t, _)| *t).collect();
            for (index, issue) in shadowed_includes(&excludes, &texts) {
                push("patterns", index, patterns[index].1, issue);
            }
        }
    }
    out
}
