//! Diagnostics: what backix tells a user, pointing at source spans.

use crate::source::Span;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informational.
    Note,
    /// Something the user probably wants to change.
    Warning,
    /// Something that is wrong.
    Error,
}

/// A secondary span with a message.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What about it.
    pub message: String,
}

/// A message about the input, with the place it concerns.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// A stable machine-readable code, such as `parse-error`.
    pub code: &'static str,
    /// One-line description.
    pub message: String,
    /// The main place, if any.
    pub span: Option<Span>,
    /// Other places involved.
    pub labels: Vec<Label>,
    /// Extra explanations.
    pub notes: Vec<String>,
    /// A suggested fix, if there is one.
    pub help: Option<String>,
    /// Source ranges holding a secret: every renderer masks them when it shows source text.
    pub secrets: Vec<Span>,
}

impl Diagnostic {
    /// A new diagnostic without labels or notes.
    pub fn new(
        severity: Severity,
        code: &'static str,
        message: impl Into<String>,
        span: Option<Span>,
    ) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            span,
            labels: Vec::new(),
            notes: Vec::new(),
            help: None,
            secrets: Vec::new(),
        }
    }

    /// An error.
    pub fn error(code: &'static str, message: impl Into<String>, span: Option<Span>) -> Self {
        Self::new(Severity::Error, code, message, span)
    }

    /// A warning.
    pub fn warning(code: &'static str, message: impl Into<String>, span: Option<Span>) -> Self {
        Self::new(Severity::Warning, code, message, span)
    }

    /// Adds a secondary label.
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Adds a note.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Marks a source range as a secret, never to be shown.
    pub fn with_secret(mut self, span: Span) -> Self {
        self.secrets.push(span);
        self
    }

    /// Sets the suggested fix.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}
