//! The configuration one job is built from, and the report being written.

use std::collections::HashSet;

use backix_parser::source::{SourceMap, Span};
use backix_parser::yaml::{Entry, Node};
use backix_schema::borgmatic::analyze::REPOSITORY_OPTIONS;

use super::Options;
use crate::migrate::report::{KeyReport, Outcome};

/// The options one repository runs with: the top level, with the repository's own top-level
/// options over it (borgmatic 2.1.10), `repositories` itself left out.
#[derive(Debug)]
pub struct Config<'a> {
    entries: Vec<&'a Entry>,
}

impl<'a> Config<'a> {
    /// The configuration of `repository` (an item of `config`'s `repositories`).
    pub fn for_repository(config: &'a Node, repository: &'a Node) -> Config<'a> {
        let mut entries: Vec<&Entry> = Vec::new();
        let mut push = |e: &'a Entry| {
            let Some(name) = e.key.key_text() else {
                return;
            };
            entries.retain(|old| old.key.key_text().as_deref() != Some(&name));
            entries.push(e);
        };
        for e in super::entries(config) {
            if e.key.as_str() != Some("repositories") {
                push(e);
            }
        }
        for e in super::entries(repository) {
            if e.key
                .as_str()
                .is_some_and(|k| !REPOSITORY_OPTIONS.contains(&k))
            {
                push(e);
            }
        }
        Config { entries }
    }

    /// The entry of an option.
    pub fn get(&self, name: &str) -> Option<&'a Entry> {
        self.entries
            .iter()
            .find(|e| e.key.key_text().as_deref() == Some(name))
            .copied()
    }

    /// Every entry, in order.
    pub fn entries(&self) -> &[&'a Entry] {
        &self.entries
    }
}

/// The report of one job, and which keys have been dealt with.
pub struct Ctx<'a> {
    /// The source texts.
    pub sources: &'a SourceMap,
    /// The job's name.
    pub job: String,
    /// The migration's options.
    pub options: &'a Options,
    report: Vec<KeyReport>,
    handled: HashSet<String>,
}

impl<'a> Ctx<'a> {
    /// A context for the job `job`.
    pub fn new(sources: &'a SourceMap, job: &str, options: &'a Options) -> Ctx<'a> {
        Ctx {
            sources,
            job: job.to_string(),
            options,
            report: Vec::new(),
            handled: HashSet::new(),
        }
    }

    /// `file:line` of a span.
    pub fn at(&self, span: Span) -> String {
        let file = self.sources.file(span.file);
        let line = file.line_col(span.start).line;
        format!("{}:{line}", file.name)
    }

    /// The source text of a span (an expression or value as the user wrote it).
    pub fn text(&self, span: Span) -> &'a str {
        self.sources.text(span)
    }

    /// Marks a top-level key as dealt with (so [`super::unsupported`] leaves it alone).
    pub fn handled(&mut self, key: &str) {
        self.handled.insert(key.to_string());
    }

    /// Whether a top-level key has been dealt with.
    pub fn is_handled(&self, key: &str) -> bool {
        self.handled.contains(key)
    }

    fn push(&mut self, key: &str, span: Option<Span>, target: &str, outcome: Outcome) {
        let top = key.split(['.', '[']).next().unwrap_or(key);
        self.handled.insert(top.to_string());
        let target = if target.is_empty() {
            String::new()
        } else {
            target
                .split(", ")
                .map(|t| format!("jobs.{}.{t}", self.job))
                .collect::<Vec<_>>()
                .join(", ")
        };
        self.report.push(KeyReport {
            at: span.map(|s| self.at(s)),
            key: key.to_string(),
            target,
            outcome,
        });
    }

    /// `key` (written at `span`) went to `target` exactly.
    pub fn exact(&mut self, key: &str, span: Option<Span>, target: &str) {
        self.push(key, span, target, Outcome::Exact);
    }

    /// `key` went to `target` with a loss.
    pub fn lossy(&mut self, key: &str, span: Option<Span>, target: &str, why: impl Into<String>) {
        self.push(key, span, target, Outcome::Lossy { why: why.into() });
    }

    /// `key` was not carried.
    pub fn not_carried(
        &mut self,
        key: &str,
        span: Option<Span>,
        why: impl Into<String>,
        suggestion: Option<String>,
    ) {
        self.push(
            key,
            span,
            "",
            Outcome::NotCarried {
                why: why.into(),
                suggestion,
            },
        );
    }

    /// The report.
    pub fn finish(self) -> Vec<KeyReport> {
        self.report
    }
}
