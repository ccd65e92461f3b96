//! The migration report: for every source key, whether it was carried exactly, carried with a
//! loss, or not carried, and why.

use serde::Serialize;

/// What happened to one source key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Outcome {
    /// The target behaves exactly as the source did.
    Exact,
    /// Carried, but something is approximated or lost.
    Lossy {
        /// What is lost, in a sentence.
        why: String,
    },
    /// Not carried: the target has no equivalent.
    NotCarried {
        /// Why, in a sentence.
        why: String,
        /// A hook or option the user could add to get close, when one makes sense.
        #[serde(skip_serializing_if = "Option::is_none")]
        suggestion: Option<String>,
    },
}

/// One line of the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeyReport {
    /// Where the key is written (`file:line`), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// The source key as a dotted path (`retention.keep_daily`, `commands[0]`).
    pub key: String,
    /// The target option(s) it went to (`jobs.home-nas.prune.keep.daily`), empty when none.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub target: String,
    /// What happened.
    #[serde(flatten)]
    pub outcome: Outcome,
}

impl KeyReport {
    /// Whether the key was carried with a loss or not at all (what `--strict` refuses).
    pub fn is_loss(&self) -> bool {
        !matches!(self.outcome, Outcome::Exact)
    }
}
