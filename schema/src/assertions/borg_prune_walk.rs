//! BX035 and BX036 share this walk over a borg job's `prune.keep`.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::{LocatedValue, ModuleKind};
use backix_parser::source::Span;

use super::support::{attr_entries, inner_span, instances};
use crate::domain::prune::{KeepValue, check_keep};
use crate::rule::Context;

/// One `prune.keep` finding, ready to report.
pub struct KeepFinding {
    /// The option path, for the message.
    pub option: String,
    /// What is wrong.
    pub message: String,
    /// Where.
    pub span: Option<Span>,
}

impl KeepFinding {
    /// A diagnostic for the finding.
    pub fn diagnostic(self, code: &'static str, error: bool) -> Diagnostic {
        let message = format!("{}: {}", self.option, self.message);
        if error {
            Diagnostic::error(code, message, self.span)
        } else {
            Diagnostic::warning(code, message, self.span)
        }
    }
}

/// The errors (`errors = true`) or warnings of every borg job's `prune.keep`. Values the
/// module's type rejects are the type check's findings and are skipped here.
pub fn keep_findings(cx: &Context<'_>, errors: bool) -> Vec<KeepFinding> {
    let mut out = Vec::new();
    for job in instances(cx, ModuleKind::BorgbackupJobs) {
        let Some(node) = job.at("prune.keep") else {
            continue;
        };
        let Some(entries) = attr_entries(node) else {
            continue;
        };
        let mut known = Vec::new();
        let mut all_known = true;
        for entry in &entries {
            let value = match entry.value {
                Some(LocatedValue::Int { value, .. }) => KeepValue::Int(*value),
                Some(LocatedValue::String { value, .. }) => KeepValue::Str(value),
                _ => {
                    all_known = false;
                    continue;
                }
            };
            known.push((entry, value));
        }
        if known.is_empty() {
            continue;
        }
        let pairs: Vec<(&str, KeepValue<'_>)> = known.iter().map(|(e, v)| (e.name, *v)).collect();
        let check = check_keep(&pairs);
        let option = |name: &str| job.option(&format!("prune.keep.{name}"));
        for ((entry, _), result) in known.iter().zip(&check.entries) {
            let value_span = |range: std::ops::Range<usize>| {
                entry
                    .value
                    .and_then(|v| inner_span(cx.sources, v, range))
                    .or(entry.span)
            };
            match &result.key {
                Err(issue) if errors => out.push(KeepFinding {
                    option: option(entry.name),
                    message: issue.message.clone(),
                    span: entry.name_span,
                }),
                Ok(key) if !errors => {
                    for issue in &key.warnings {
                        out.push(KeepFinding {
                            option: option(entry.name),
                            message: issue.message.clone(),
                            span: entry.name_span,
                        });
                    }
                }
                _ => {}
            }
            let Some(value) = &result.value else {
                continue;
            };
            if value.module.is_err() {
                continue;
            }
            if errors {
                if let (Ok(_), Err(issue)) = (&result.key, &value.borg) {
                    out.push(KeepFinding {
                        option: option(entry.name),
                        message: issue.message.clone(),
                        span: value_span(issue.range.clone()),
                    });
                }
            } else {
                for issue in &value.warnings {
                    out.push(KeepFinding {
                        option: option(entry.name),
                        message: issue.message.clone(),
                        span: value_span(issue.range.clone()),
                    });
                }
            }
        }
        // Findings about the set as a whole need every entry.
        if !all_known {
            continue;
        }
        let whole = if errors { check.errors } else { check.warnings };
        for issue in whole {
            out.push(KeepFinding {
                option: job.option("prune.keep"),
                message: issue.message,
                span: crate::view::node_span(node).or(job.span()),
            });
        }
    }
    out
}
