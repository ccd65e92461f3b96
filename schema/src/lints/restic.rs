//! What a restic backup does, as far as the lints need it: its timer, whether it backs up
//! anything, and its `forget` options.

use backix_parser::module::extract::LocatedValue;

use super::support::{Job, Setting, symbolic};
use crate::view;

/// Whether the backup has a timer (`timerConfig`, default `{ OnCalendar = "daily"; … }`; `null`
/// means none).
pub fn scheduled(job: &Job<'_>) -> Option<bool> {
    match job.get("timerConfig") {
        Setting::Absent | Setting::Set(_) => Some(true),
        Setting::Value(LocatedValue::Null { .. }) => Some(false),
        Setting::Value(LocatedValue::Set { .. }) => Some(true),
        _ => None,
    }
}

/// Whether the service runs a backup: file paths, `dynamicFilesFrom` or `command`.
pub fn backs_up(job: &Job<'_>) -> Option<bool> {
    let paths = job.strings("paths")?;
    let dynamic = match job.get("dynamicFilesFrom") {
        Setting::Absent => false,
        Setting::Value(LocatedValue::Null { .. }) => false,
        Setting::Value(_) => true,
        _ => return None,
    };
    let command = job.strings("command")?;
    Some(!paths.is_empty() || dynamic || !command.is_empty())
}

/// The `pruneOpts` as words, `None` when unknown.
pub fn prune_words(job: &Job<'_>) -> Option<Vec<String>> {
    let items = job.strings("pruneOpts")?;
    let mut words = Vec::new();
    for item in items {
        words.extend(view::as_str(item)?.split_whitespace().map(str::to_string));
    }
    Some(words)
}

/// The repository as a symbolic string.
pub fn repository(job: &Job<'_>) -> Option<String> {
    match job.get("repository") {
        Setting::Value(v) => symbolic(v).map(|s| s.trim_end_matches('/').to_string()),
        _ => None,
    }
}

/// Whether a word of `restic forget` options is a keep policy (`--keep-daily`, `-d`, …).
pub fn is_keep_option(word: &str) -> bool {
    word.starts_with("--keep-")
        || (word.len() >= 2
            && word.starts_with('-')
            && !word.starts_with("--")
            && word[1..].starts_with(['l', 'H', 'd', 'w', 'm', 'y']))
}
