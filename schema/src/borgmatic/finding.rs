//! What the borgmatic analysis finds in one configuration: a code, a place, a message. Checks
//! turn findings into diagnostics.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::source::Span;

/// The rule codes of the borgmatic checks.
pub mod codes {
    /// YAML borgmatic cannot load (syntax, tags, merges, not a mapping).
    pub const SYNTAX: &str = "BX060";
    /// An option borgmatic does not know.
    pub const UNKNOWN_OPTION: &str = "BX061";
    /// A value of the wrong type.
    pub const TYPE: &str = "BX062";
    /// A value outside the allowed set.
    pub const INVALID_VALUE: &str = "BX063";
    /// A required option missing.
    pub const MISSING_OPTION: &str = "BX064";
    /// A repository written as a plain string (or anything but a mapping) at the top level.
    pub const REPOSITORY_STRING: &str = "BX065";
    /// A check or command hook matching none of its shapes.
    pub const SHAPE: &str = "BX066";
    /// Legacy sections that cannot be flattened.
    pub const SECTION_CONFLICT: &str = "BX067";
    /// `check_repositories` naming no configured repository.
    pub const UNKNOWN_CHECK_REPOSITORY: &str = "BX068";
    /// Legacy configuration sections.
    pub const LEGACY_SECTIONS: &str = "BX150";
    /// `before_*` / `after_*` / `on_error` hooks.
    pub const DEPRECATED_HOOKS: &str = "BX151";
    /// Other deprecated options and forms.
    pub const DEPRECATED_OPTION: &str = "BX152";
    /// NixOS `services.borgmatic` keys nested inside `settings`.
    pub const NESTED_NIXOS_SETTINGS: &str = "BX153";
    /// Prune runs without any `keep_*`.
    pub const NO_RETENTION: &str = "BX154";
    /// Excludes wrapped in literal quotes.
    pub const QUOTED_EXCLUDE: &str = "BX155";
    /// A repository entry without `path`, silently dropped.
    pub const REPOSITORY_WITHOUT_PATH: &str = "BX156";
    /// Hook variables wrapped in quotes of their own.
    pub const QUOTED_HOOK_VARIABLE: &str = "BX157";
    /// A `umask` written with an `0o` prefix.
    pub const UMASK_PREFIX: &str = "BX158";
    /// `extra_borg_options.repo_create`, ignored by borgmatic 2.1.10.
    pub const REPO_CREATE_OPTIONS_IGNORED: &str = "BX159";
    /// An `!include` backix does not follow.
    pub const INCLUDE: &str = "BX160";
}

/// One finding.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// The rule code.
    pub code: &'static str,
    /// Where.
    pub span: Span,
    /// What.
    pub message: String,
    /// Other places involved.
    pub labels: Vec<(Span, String)>,
    /// A suggested fix.
    pub help: Option<String>,
    /// Extra explanations.
    pub notes: Vec<String>,
}

impl Finding {
    /// A finding with no labels, help or notes.
    pub fn new(code: &'static str, span: Span, message: impl Into<String>) -> Self {
        Finding {
            code,
            span,
            message: message.into(),
            labels: Vec::new(),
            help: None,
            notes: Vec::new(),
        }
    }

    /// Adds a secondary place.
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push((span, message.into()));
        self
    }

    /// Sets the suggested fix.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a note.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// The diagnostic of this finding (the severity is replaced by the rule's level).
    pub fn to_diagnostic(&self) -> Diagnostic {
        let mut d = Diagnostic::error(self.code, self.message.clone(), Some(self.span));
        for (span, message) in &self.labels {
            d = d.with_label(*span, message.clone());
        }
        for note in &self.notes {
            d = d.with_note(note.clone());
        }
        if let Some(help) = &self.help {
            d = d.with_help(help.clone());
        }
        d
    }
}
