//! Rules: every check backix runs is one [`Rule`] (its documentation) and one [`Check`] (its
//! code). Rules are what the modules reject (type errors, unknown options, the modules'
//! assertions) and lints (what the modules let through but users regret).
//!
//! A rule's `code` is what diagnostics carry, what `--deny/--warn/--allow`, `backix.toml` and
//! `# backix: allow CODE` name, and what `backix explain CODE` documents. Codes are stable:
//! `BX0xx` for what the modules reject, `BX1xx` and up for lints.

use backix_parser::diagnostic::Severity;
use backix_parser::module::extract::Extraction;

/// How a rule's findings are treated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Not reported (opt-in rules start here).
    Allow,
    /// Reported as a warning; the exit code stays 0.
    Warn,
    /// Reported as an error; the exit code is 1.
    Deny,
}

impl Level {
    /// The severity a finding at this level is reported with (`None` for `Allow`).
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Allow => None,
            Level::Warn => Some(Severity::Warning),
            Level::Deny => Some(Severity::Error),
        }
    }

    /// Parses `allow`, `warn` or `deny`.
    pub fn parse(text: &str) -> Option<Level> {
        match text {
            "allow" => Some(Level::Allow),
            "warn" => Some(Level::Warn),
            "deny" => Some(Level::Deny),
            _ => None,
        }
    }
}

/// Whether a rule reports what the modules themselves reject or a lint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The NixOS or home-manager module (or borgmatic) would refuse this configuration.
    Module,
    /// Accepted by the modules, but likely regretted.
    Lint,
}

/// The documentation of one rule.
#[derive(Debug, serde::Serialize)]
pub struct Rule {
    /// Stable code, such as `BX101`.
    pub code: &'static str,
    /// Stable kebab-case name, such as `passphrase-in-store`.
    pub name: &'static str,
    /// Module rejection or lint.
    pub kind: Kind,
    /// The level used unless configured otherwise.
    pub default_level: Level,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// Why it matters, in a short paragraph.
    pub why: &'static str,
    /// A configuration the rule reports (Nix or YAML).
    pub bad: &'static str,
    /// The same configuration, fixed.
    pub good: &'static str,
    /// How to fix it, in one or two sentences.
    pub fix: &'static str,
}

/// What checks read.
pub struct Context<'a> {
    /// The backup option roots extracted from the Nix files.
    pub extraction: &'a Extraction,
    /// The borgmatic YAML files given.
    pub borgmatic: &'a [crate::borgmatic::ConfigFile],
    /// Every file read, for checks that look at source text.
    pub sources: &'a backix_parser::source::SourceMap,
    /// The schema validation's findings, computed once for the five rules that report them.
    validation: std::sync::OnceLock<Vec<backix_parser::diagnostic::Diagnostic>>,
}

impl<'a> Context<'a> {
    /// A context over an extraction, borgmatic files and the files they were read from.
    pub fn new(
        extraction: &'a Extraction,
        borgmatic: &'a [crate::borgmatic::ConfigFile],
        sources: &'a backix_parser::source::SourceMap,
    ) -> Self {
        Context {
            extraction,
            borgmatic,
            sources,
            validation: std::sync::OnceLock::new(),
        }
    }

    /// The value `compute` gives for this context's schema validation, computed on first use.
    pub fn validation(
        &self,
        compute: impl FnOnce(&Self) -> Vec<backix_parser::diagnostic::Diagnostic>,
    ) -> &[backix_parser::diagnostic::Diagnostic] {
        self.validation.get_or_init(|| compute(self))
    }
}

/// The code of a rule: finds every instance in the context.
pub trait Check: Sync {
    /// The rule this check implements.
    fn rule(&self) -> &'static Rule;
    /// Appends a diagnostic (with `code` = the rule's code) per finding. The severity set here
    /// is replaced by the configured level.
    fn check(&self, cx: &Context<'_>, out: &mut Vec<backix_parser::diagnostic::Diagnostic>);
}
