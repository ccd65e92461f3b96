//! `backix lint --format sarif`: SARIF 2.1.0, as GitHub code scanning and other tools read it.
//!
//! Every rule of the registry is listed in `tool.driver.rules` (plus an entry for each analysis
//! code that occurs, such as `nix-syntax`); each finding is a result with its rule, level,
//! message and location (a URI relative to the current directory, columns in Unicode code
//! points, end column exclusive). Labels are `relatedLocations`.

use std::path::Path;

use backix_parser::diagnostic::{Diagnostic, Severity};
use backix_parser::source::Location;
use backix_schema::registry;
use backix_schema::rule::{Kind, Level, Rule};
use serde_json::{Value, json};

use super::{LintReport, TOOL_VERSION, has_line};

/// Renders the report as a SARIF 2.1.0 log (pretty-printed, with a final newline).
pub fn render(report: &LintReport<'_>) -> String {
    let mut ids: Vec<&str> = Vec::new();
    let mut rules: Vec<Value> = Vec::new();
    for rule in registry::rules() {
        ids.push(rule.code);
        rules.push(rule_entry(rule));
    }
    for d in report.findings {
        if !ids.contains(&d.code) {
            ids.push(d.code);
            rules.push(json!({
                "id": d.code,
                "name": d.code,
                "shortDescription": { "text": format!("backix analysis: {}", d.code) },
                "properties": { "kind": "analysis" },
            }));
        }
    }
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|d| result(report, d, ids.iter().position(|c| *c == d.code)))
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "backix",
                "version": TOOL_VERSION,
                "informationUri": "https://github.com/backix/backix",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

fn rule_entry(rule: &Rule) -> Value {
    let text = format!(
        "{}\n\nReported:\n\n{}\n\nFixed:\n\n{}\n",
        rule.fix,
        rule.bad.trim_end(),
        rule.good.trim_end()
    );
    let markdown = format!(
        "{}\n\n{}\n\nReported:\n\n```\n{}\n```\n\nFixed:\n\n```\n{}\n```\n",
        rule.why,
        rule.fix,
        rule.bad.trim_end(),
        rule.good.trim_end()
    );
    let level = match rule.default_level {
        Level::Allow => "none",
        Level::Warn => "warning",
        Level::Deny => "error",
    };
    json!({
        "id": rule.code,
        "name": rule.name,
        "shortDescription": { "text": rule.summary },
        "fullDescription": { "text": rule.why },
        "help": { "text": text, "markdown": markdown },
        "defaultConfiguration": { "level": level, "enabled": rule.default_level != Level::Allow },
        "properties": { "kind": match rule.kind { Kind::Module => "module", Kind::Lint => "lint" } },
    })
}

fn result(report: &LintReport<'_>, d: &Diagnostic, index: Option<usize>) -> Value {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    };
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let mut out = json!({
        "ruleId": d.code,
        "level": level,
        "message": { "text": text },
    });
    if let Some(i) = index {
        out["ruleIndex"] = json!(i);
    }
    if let Some(loc) = report.location(d.span) {
        out["locations"] = json!([physical(&loc, None)]);
    }
    let related: Vec<Value> = d
        .labels
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            let loc = report.location(Some(l.span))?;
            let mut v = physical(&loc, Some(&l.message));
            v["id"] = json!(i);
            Some(v)
        })
        .collect();
    if !related.is_empty() {
        out["relatedLocations"] = json!(related);
    }
    out
}

fn physical(loc: &Location, message: Option<&str>) -> Value {
    if !has_line(loc) {
        // A file without a region: the result concerns the file as a whole.
        let mut v = json!({
            "physicalLocation": { "artifactLocation": { "uri": uri(&loc.file) } },
        });
        if let Some(m) = message {
            v["message"] = json!({ "text": m });
        }
        return v;
    }
    let mut v = json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri(&loc.file) },
            "region": {
                "startLine": loc.line,
                "startColumn": loc.column,
                "endLine": loc.end_line,
                "endColumn": loc.end_column.max(1),
            },
        },
    });
    if let Some(m) = message {
        v["message"] = json!({ "text": m });
    }
    v
}

/// The URI of a file as backix names it: relative to the current directory when it is below
/// it, otherwise a `file://` URI; special characters percent-encoded.
pub fn uri(file: &str) -> String {
    let path = Path::new(file);
    if path.is_absolute() {
        let relative = std::env::current_dir()
            .ok()
            .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
        return match relative {
            Some(r) => encode(&r.to_string_lossy()),
            None => format!("file://{}", encode(file)),
        };
    }
    encode(file.strip_prefix("./").unwrap_or(file))
}

fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(uri("hosts/a b.nix"), "hosts/a%20b.nix");
        assert_eq!(uri("./x.nix"), "x.nix");
        assert_eq!(
            uri("/nonexistent-root/x.nix"),
            "file:///nonexistent-root/x.nix"
        );
    }
}
