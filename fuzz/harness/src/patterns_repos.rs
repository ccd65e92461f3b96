//! `patterns_repos`: bytes as borg and restic values (patterns, compression, retention,
//! repositories).

use std::ops::Range;

use backix_schema::domain::patterns::{self, Matcher};
use backix_schema::domain::prune::{self, KeepValue};
use backix_schema::domain::{self, BorgJobValues, Issue, compression, pyre, repository};

use crate::support::text;

/// Runs every domain parser over the input: the whole text and each of its lines as `exclude`
/// and `patterns` elements, each line as a compression spec, a Python regex, a borg and a restic
/// repository, a `prune.keep` key, and `KEY=VALUE` lines as a `prune.keep` set; then the lines
/// as one job's values and as paths for the module's matcher. Every issue's range must lie
/// within the string it is about.
pub fn patterns_repos(data: &[u8]) {
    let Some(text) = text(data) else { return };
    let lines: Vec<&str> = text.lines().collect();

    in_range(text, &patterns::check_exclude_element(text).errors);
    for check in patterns::check_pattern_elements(&[text]) {
        in_range(text, &check.errors);
        in_range(text, &check.warnings);
    }
    for check in patterns::check_pattern_elements(&lines) {
        for issue in check.errors.iter().chain(&check.warnings) {
            assert!(issue.range.start <= issue.range.end, "{issue:?}");
        }
    }
    let keep: Vec<(&str, KeepValue<'_>)> = lines
        .iter()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| match v.parse::<i64>() {
            Ok(n) => (k, KeepValue::Int(n)),
            Err(_) => (k, KeepValue::Str(v)),
        })
        .collect();
    let _ = prune::check_keep(&keep);
    for line in &lines {
        let check = patterns::check_exclude_element(line);
        in_range(line, &check.errors);
        in_range(line, &check.warnings);
        let c = compression::check_compression(line);
        let _ = (c.module_accepts(), c.borg_accepts());
        if let Ok(re) = pyre::compile(line) {
            let _ = re.to_rust_syntax();
        }
        if let Err(issue) = repository::parse_borg_repository(line) {
            in_range(line, std::slice::from_ref(&issue));
        }
        if let Err(issue) = repository::parse_restic_repository(line) {
            in_range(line, std::slice::from_ref(&issue));
        }
        if let Err(issue) = prune::parse_keep_key(line) {
            in_range(line, std::slice::from_ref(&issue));
        }
    }
    let values = BorgJobValues {
        compression: lines.first().copied(),
        exclude: lines.iter().step_by(2).copied().collect(),
        patterns: lines.iter().skip(1).step_by(2).copied().collect(),
        keep,
        repo: lines.last().copied(),
        removable_device: text.len() % 2 == 0,
    };
    let _ = domain::check_borg_job(&values);
    let _ = patterns::shadowed_includes(&values.exclude, &values.patterns);
    let matcher = Matcher::for_module(&values.exclude, &values.patterns);
    for line in &lines {
        let _ = matcher.decide(line);
    }
}

/// Panics when an issue's range is not a range of `within`.
fn in_range(within: &str, issues: &[Issue]) {
    for issue in issues {
        let Range { start, end } = issue.range;
        assert!(
            start <= end && end <= within.len(),
            "issue {} at {start}..{end} outside {within:?} ({} bytes)",
            issue.code,
            within.len()
        );
    }
}
