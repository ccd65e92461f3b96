//! Runs one check over a Nix fixture and reports its findings with their lines and columns.
#![allow(dead_code)]

use std::path::PathBuf;

use backix_parser::diagnostic::Severity;
use backix_parser::eval::EvalOptions;
use backix_schema::rule::{Check, Context};

/// One finding, resolved to a place in the fixture.
#[derive(Debug)]
pub struct Found {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub line: u32,
    pub column: u32,
    /// The source text the primary span covers.
    pub text: String,
    /// Lines of the labels.
    pub label_lines: Vec<u32>,
}

/// Writes `text` as a module file and runs `check` over it.
pub fn run(check: &dyn Check, text: &str) -> Vec<Found> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path: PathBuf = dir.path().join("configuration.nix");
    std::fs::write(&path, text).expect("write fixture");
    let analysis =
        backix_parser::module::analyze(&[path], EvalOptions::default()).expect("fixture readable");
    let cx = Context::new(&analysis.extraction, &[], &analysis.evaluator.sources);
    let mut out = Vec::new();
    check.check(&cx, &mut out);
    out.into_iter()
        .map(|d| {
            assert_eq!(d.code, check.rule().code, "{d:?}");
            let span = d.span.unwrap_or_else(|| panic!("no span: {d:?}"));
            let location = cx.sources.location(span);
            Found {
                code: d.code,
                severity: d.severity,
                message: d.message.clone(),
                help: d.help.clone(),
                line: location.line,
                column: location.column,
                text: cx.sources.text(span).to_string(),
                label_lines: d
                    .labels
                    .iter()
                    .map(|l| cx.sources.location(l.span).line)
                    .collect(),
            }
        })
        .collect()
}

/// The 1-based line of the fixture holding `# HERE` (there must be exactly one).
pub fn marked_line(text: &str) -> u32 {
    let lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("# HERE"))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(lines.len(), 1, "fixture needs exactly one `# HERE` mark");
    lines[0] as u32
}

/// Asserts exactly one finding, on the marked line, and returns it.
pub fn one_at_mark(check: &dyn Check, text: &str) -> Found {
    let found = run(check, text);
    assert_eq!(found.len(), 1, "expected one finding: {found:#?}\n{text}");
    let f = found.into_iter().next().expect("one");
    assert_eq!(f.code, check.rule().code);
    assert_eq!(
        f.line,
        marked_line(text),
        "finding on the wrong line: {f:#?}\n{text}"
    );
    assert!(f.help.is_some(), "every finding carries help: {f:#?}");
    f
}

/// Asserts that the check finds nothing.
pub fn none(check: &dyn Check, text: &str) {
    let found = run(check, text);
    assert!(found.is_empty(), "expected nothing: {found:#?}\n{text}");
}

/// A NixOS-style module with the given body.
pub fn module(body: &str) -> String {
    format!("{{ config, lib, pkgs, ... }}:\n{{\n{body}\n}}\n")
}
