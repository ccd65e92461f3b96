//! `backix lint --format json`: one JSON document, documented in `docs/lint-json.md`.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::source::Location;
use serde_json::{Value, json};

use super::{LintReport, TOOL_VERSION, has_line, level_name, rule_of};

/// Version of the JSON format; raised when a field changes meaning or disappears.
pub const FORMAT_VERSION: u32 = 1;

/// Renders the report as pretty-printed JSON (with a final newline).
pub fn render(report: &LintReport<'_>) -> String {
    let findings: Vec<Value> = report.findings.iter().map(|d| finding(report, d)).collect();
    let c = report.counts();
    let doc = json!({
        "version": FORMAT_VERSION,
        "tool": { "name": "backix", "version": TOOL_VERSION },
        "findings": findings,
        "summary": {
            "errors": c.errors,
            "warnings": c.warnings,
            "files_with_findings": c.files_with_findings,
            "files_checked": report.files_checked,
            "suppressed": report.suppressed,
        },
    });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

fn finding(report: &LintReport<'_>, d: &Diagnostic) -> Value {
    let labels: Vec<Value> = d
        .labels
        .iter()
        .map(|l| {
            json!({
                "message": l.message,
                "location": report.location(Some(l.span)).map(|x| location(&x)),
            })
        })
        .collect();
    json!({
        "code": d.code,
        "name": rule_of(d.code).map(|r| r.name),
        "level": level_name(d.severity),
        "severity": d.severity,
        "message": d.message,
        "location": report.location(d.span).map(|x| location(&x)),
        "labels": labels,
        "notes": d.notes,
        "help": d.help,
    })
}

fn location(l: &Location) -> Value {
    if !has_line(l) {
        // The file is known but not the line (a definition Nix reported by file only).
        return json!({
            "file": l.file,
            "line": null,
            "column": null,
            "end_line": null,
            "end_column": null,
        });
    }
    json!({
        "file": l.file,
        "line": l.line,
        "column": l.column,
        "end_line": l.end_line,
        "end_column": l.end_column,
    })
}
