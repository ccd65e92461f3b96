//! What a borg job does, as far as the lints need it: its schedule, whether it prunes, the glob
//! its prune uses and the names its archives get (`<archiveBaseName>-<date>`).

use backix_parser::module::extract::LocatedValue;

use super::support::{Job, Setting, has_symbols, host_symbol, symbolic, symbolic_prefix};
use crate::domain::repository::{BorgLocation, parse_borg_repository};
use crate::view;

/// Whether the job has a timer (`startAt`, default `"daily"`; `[ ]` means none).
pub fn scheduled(job: &Job<'_>) -> Option<bool> {
    match job.get("startAt") {
        Setting::Absent => Some(true),
        Setting::Value(LocatedValue::List { items, .. }) => Some(!items.is_empty()),
        Setting::Value(LocatedValue::String { .. } | LocatedValue::PartialString { .. }) => {
            Some(true)
        }
        _ => None,
    }
}

/// Whether `prune.keep` is non-empty (the module prunes only then).
pub fn prunes(job: &Job<'_>) -> Option<bool> {
    job.attrs("prune.keep").map(|a| !a.is_empty())
}

/// The archive base name as a symbolic string: `Some(None)` for `null` (archives are named by
/// the date alone), `None` when unknown. The default is `${config.networking.hostName}-<name>`.
pub fn archive_base(job: &Job<'_>) -> Option<Option<String>> {
    match job.get("archiveBaseName") {
        Setting::Absent => Some(Some(format!("{}-{}", host_symbol(), job.name))),
        Setting::Value(LocatedValue::Null { .. }) => Some(None),
        Setting::Value(v) => symbolic(v).map(Some),
        _ => None,
    }
}

/// Which archives `borg prune` looks at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Glob {
    /// Every archive of the repository (`prune.prefix` null or empty, or no base name).
    All,
    /// Archives whose name starts with this symbolic text (`--glob-archives '<prefix>*'`).
    Prefix(String),
}

/// The prune glob: `prune.prefix`, defaulting to `archiveBaseName`.
pub fn prune_glob(job: &Job<'_>) -> Option<Glob> {
    match job.get("prune.prefix") {
        Setting::Absent => Some(match archive_base(job)? {
            None => Glob::All,
            Some(base) if base.is_empty() => Glob::All,
            Some(base) => Glob::Prefix(base),
        }),
        Setting::Value(LocatedValue::Null { .. }) => Some(Glob::All),
        Setting::Value(v) => {
            let s = symbolic(v)?;
            Some(if s.is_empty() {
                Glob::All
            } else {
                Glob::Prefix(s)
            })
        }
        _ => None,
    }
}

/// Whether a prune glob matches the archives of a job with this base name: `Some` only when
/// certain. A prefix with glob characters or borg placeholders is left undecided.
pub fn glob_matches(glob: &Glob, base: &Option<String>) -> Option<bool> {
    match glob {
        Glob::All => Some(true),
        Glob::Prefix(p) => {
            if p.contains(['*', '?', '[', '\\', '{']) {
                return None;
            }
            let names = base.as_ref().map(|b| format!("{b}-")).unwrap_or_default();
            symbolic_prefix(p, &names)
        }
    }
}

/// The repository as a symbolic string.
pub fn repo(job: &Job<'_>) -> Option<String> {
    match job.get("repo") {
        Setting::Value(v) => symbolic(v).map(|s| s.trim_end_matches('/').to_string()),
        _ => None,
    }
}

/// Whether two jobs certainly write the same repository.
pub fn same_repo(a: &Job<'_>, b: &Job<'_>) -> bool {
    match (repo(a), repo(b)) {
        (Some(x), Some(y)) => x == y && !x.is_empty(),
        _ => false,
    }
}

/// Whether two jobs may write the same repository (`false` only when certainly not).
pub fn maybe_same_repo(a: &Job<'_>, b: &Job<'_>) -> bool {
    match (repo(a), repo(b)) {
        (Some(x), Some(y)) => x == y || has_symbols(&x) || has_symbols(&y),
        _ => true,
    }
}

/// The jobs' repositories, read once, to find the pairs of jobs that may share one without
/// comparing every job with every other.
pub struct RepoIndex {
    repos: Vec<Option<String>>,
    /// Jobs by their repository's symbolic text.
    by_text: std::collections::HashMap<String, Vec<usize>>,
    /// Jobs whose repository is unknown or symbolic: they may share any job's.
    wild: Vec<usize>,
}

impl RepoIndex {
    /// Indexes `jobs` (in order).
    pub fn new(jobs: &[Job<'_>]) -> Self {
        let repos: Vec<Option<String>> = jobs.iter().map(repo).collect();
        let mut by_text: std::collections::HashMap<String, Vec<usize>> = Default::default();
        let mut wild = Vec::new();
        for (i, r) in repos.iter().enumerate() {
            if let Some(r) = r {
                by_text.entry(r.clone()).or_default().push(i);
            }
            if r.as_deref().is_none_or(has_symbols) {
                wild.push(i);
            }
        }
        RepoIndex {
            repos,
            by_text,
            wild,
        }
    }

    /// The jobs (indices, in order) for which [`maybe_same_repo`] with job `i` holds.
    pub fn maybe_sharing(&self, i: usize) -> Vec<usize> {
        match &self.repos[i] {
            Some(r) if !has_symbols(r) => {
                let mut out: Vec<usize> =
                    self.by_text[r].iter().chain(&self.wild).copied().collect();
                out.sort_unstable();
                out
            }
            _ => (0..self.repos.len()).collect(),
        }
    }

    /// The jobs (indices, in order) for which [`same_repo`] with job `i` holds.
    pub fn certainly_sharing(&self, i: usize) -> &[usize] {
        match &self.repos[i] {
            Some(r) if !r.is_empty() => &self.by_text[r],
            _ => &[],
        }
    }
}

/// Whether the prune of job `a` certainly deletes archives of job `b` (`None`: maybe).
pub fn prunes_archives_of(a: &Job<'_>, b: &Job<'_>) -> Option<bool> {
    if !maybe_same_repo(a, b) || prunes(a) == Some(false) {
        return Some(false);
    }
    let matches = glob_matches(&prune_glob(a)?, &archive_base(b)?)?;
    if !matches {
        return Some(false);
    }
    (same_repo(a, b) && prunes(a) == Some(true)).then_some(true)
}

/// The ssh host of a job's repository when it is certainly remote (`ssh://…` or
/// `[user@]host:path`, as borg reads it); `None` when local or unknown.
pub fn remote_host(job: &Job<'_>) -> Option<String> {
    let Setting::Value(value) = job.get("repo") else {
        return None;
    };
    let text = match value {
        LocatedValue::String { value, .. } => value.clone(),
        LocatedValue::PartialString { parts, .. } => {
            // Only when the known start already decides that it is remote.
            let first = match parts.first() {
                Some(backix_parser::module::extract::StringPart::Text { text }) => text,
                _ => return None,
            };
            if !(first.starts_with("ssh://") || first.contains('@')) {
                return None;
            }
            view::string_with_holes(value, "x")?
        }
        _ => return None,
    };
    match parse_borg_repository(&text).ok()?.location {
        BorgLocation::Ssh { host, .. } => Some(host),
        BorgLocation::Local { .. } => None,
    }
}
