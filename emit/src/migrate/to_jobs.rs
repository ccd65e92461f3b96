//! A normalized borgmatic configuration → `services.borgbackup.jobs` entries, one job per
//! repository, with a report of what happened to every source key.
//!
//! The keys are handled in groups, one module each: [`sources`] (source directories, patterns,
//! excludes, create flags), [`archive`] (archive names, the prune filter, retention),
//! [`secrets`] (the encryption mode and passphrase), [`environment`] (Borg's environment and
//! common flags, extra options), [`hooks`] (command hooks) and [`unsupported`] (what has no
//! equivalent). [`job`] holds the job being built and writes it as Nix.
//!
//! Jobs may read `config.networking.hostName` (where borgmatic used Borg's `{hostname}`): see
//! [`references_config`].

mod archive;
mod constants;
mod context;
mod environment;
mod hooks;
mod job;
mod secrets;
mod sources;
mod unsupported;
mod value;

use std::collections::{BTreeMap, BTreeSet};

use backix_parser::source::SourceMap;
use backix_parser::yaml::{Entry, Node, Value};

use super::hm_symlinks;
use super::nix_expr::NixExpr;
use super::report::KeyReport;

pub use context::Config;

/// Timer settings carried from a home-manager `services.borgmatic`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timer {
    /// `frequency` → `startAt`.
    pub start_at: String,
    /// `Persistent=true` → `persistentTimer`.
    pub persistent: bool,
    /// `systemd-inhibit` → `inhibitsSleep`.
    pub inhibits_sleep: bool,
}

/// Options of a migration.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `--schedule NAME=CALENDAR`: job name → startAt.
    pub schedules: BTreeMap<String, String>,
    /// Timer settings carried from a home-manager `services.borgmatic` (frequency → startAt,
    /// Persistent → persistentTimer, systemd-inhibit → inhibitsSleep).
    pub timer: Option<Timer>,
    /// The user that runs the jobs (`user`), e.g. a home-manager user; None = root.
    pub user: Option<String>,
    /// home-manager context for excludeHomeManagerSymlinks (home directory, known home.file
    /// targets).
    pub home_manager: Option<hm_symlinks::HomeContext>,
}

/// One migrated job.
#[derive(Clone, Debug, PartialEq)]
pub struct MigratedJob {
    /// The job name (`services.borgbackup.jobs.<name>`).
    pub name: String,
    /// The job's attribute set.
    pub value: NixExpr,
}

/// The result of migrating one configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct Migration {
    /// One job per repository, in the order of `repositories`.
    pub jobs: Vec<MigratedJob>,
    /// What happened to every source key, per job.
    pub report: Vec<KeyReport>,
}

/// The Nix text jobs write where borgmatic used Borg's `{hostname}`.
pub const HOSTNAME_EXPR: &str = "config.networking.hostName";

/// Whether any job reads `config` (so the module around it must take `config`).
pub fn references_config(migration: &Migration) -> bool {
    migration
        .jobs
        .iter()
        .any(|j| j.value.render().contains(HOSTNAME_EXPR))
}

/// Migrates `config`, a normalized borgmatic configuration. `base_name` is what jobs are named
/// from (the file stem or the Nix label's last part): the job is `base_name`, or
/// `base_name-<label or index from 1>` when there are several repositories.
pub fn from_config(
    config: &Node,
    base_name: &str,
    sources: &SourceMap,
    options: &Options,
) -> Migration {
    let expanded = constants::expand(config);
    let config = expanded.as_ref().unwrap_or(config);
    let repositories: Vec<&Node> = config
        .get("repositories")
        .and_then(|e| e.value.as_seq())
        .map(|items| items.iter().collect())
        .unwrap_or_default();
    let mut jobs = Vec::new();
    let mut report = Vec::new();
    let several = repositories.len() > 1;
    let mut taken = BTreeSet::new();
    for (index, repository) in repositories.iter().enumerate() {
        let name = unique_name(
            job_name(base_name, repository, index, several),
            index,
            &mut taken,
        );
        let effective = Config::for_repository(config, repository);
        let mut cx = context::Ctx::new(sources, &name, options);
        let mut job = job::Job::default();
        secrets::repository(&effective, repository, several, &mut job, &mut cx);
        sources::carry(&effective, &mut job, &mut cx);
        archive::carry(&effective, &mut job, &mut cx);
        secrets::carry(&effective, &mut job, &mut cx);
        environment::carry(&effective, &mut job, &mut cx);
        hooks::carry(&effective, repository, &mut job, &mut cx);
        service(&name, &mut job, &mut cx);
        unsupported::carry(&effective, &mut cx);
        jobs.push(MigratedJob {
            name,
            value: job.to_expr(),
        });
        report.extend(cx.finish());
    }
    if repositories.is_empty() {
        let mut cx = context::Ctx::new(sources, base_name, options);
        let span = config
            .get("repositories")
            .map_or(config.span, |e| e.key.span);
        cx.not_carried(
            "repositories",
            Some(span),
            "the configuration has no repository with a `path`, so there is no job to write",
            None,
        );
        report.extend(cx.finish());
    }
    Migration { jobs, report }
}

/// The name of the job of one repository.
fn job_name(base: &str, repository: &Node, index: usize, several: bool) -> String {
    let base = sanitize(base);
    if !several {
        return base;
    }
    let label = repository
        .get("label")
        .and_then(|e| e.value.as_str())
        .map(sanitize)
        .filter(|l| !l.is_empty());
    match label {
        Some(label) => format!("{base}-{label}"),
        None => format!("{base}-{}", index + 1),
    }
}

/// `name`, or `name-<index from 1>` (suffixed further while taken) when an earlier repository's
/// job has it already: borgmatic accepts two repositories with the same label, a Nix attribute
/// set does not accept two jobs with the same name. The result is recorded as taken.
fn unique_name(name: String, index: usize, taken: &mut BTreeSet<String>) -> String {
    let mut unique = name.clone();
    let mut n = index + 1;
    while taken.contains(&unique) {
        unique = format!("{name}-{n}");
        n += 1;
    }
    taken.insert(unique.clone());
    unique
}

/// A name usable in a systemd unit name (`borgbackup-job-<name>`): characters other than
/// letters, digits, `-`, `_` and `.` become `-`.
pub fn sanitize(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// The service-level settings borgmatic does not have: schedule, user.
fn service(name: &str, job: &mut job::Job, cx: &mut context::Ctx) {
    let options = cx.options;
    if let Some(calendar) = options.schedules.get(name) {
        job.start_at = Some(calendar.clone());
        cx.exact("(schedule)", None, "startAt");
    } else if let Some(timer) = &options.timer {
        job.start_at = Some(timer.start_at.clone());
        job.persistent_timer = timer.persistent;
        job.inhibits_sleep = timer.inhibits_sleep;
        cx.exact("(schedule)", None, "startAt");
    } else {
        cx.lossy(
            "(schedule)",
            None,
            "startAt",
            "borgmatic has no schedule of its own: the job keeps the module's default, \
             startAt = \"daily\" (give `--schedule NAME=CALENDAR` to choose)",
        );
    }
    if let Some(user) = &options.user {
        job.user = Some(user.clone());
    }
}

/// Whether a node is a list, a mapping or a scalar that borgmatic treats as set (not null,
/// false, empty).
pub(crate) fn is_set(node: &Node) -> bool {
    match &node.value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::String(s) => !s.is_empty(),
        Value::Seq(items) => !items.is_empty(),
        Value::Map(entries) => !entries.is_empty(),
        _ => true,
    }
}

/// The entries of a mapping node (empty for anything else).
pub(crate) fn entries(node: &Node) -> &[Entry] {
    node.as_map().unwrap_or(&[])
}

/// The NixOS module `backix migrate` writes: `services.borgbackup.jobs` set to the jobs, taking
/// `config` when a job reads the host name from it, under a comment naming the source files.
pub fn nixos_module(jobs: &[MigratedJob], files: &[String]) -> String {
    use super::nix_expr::{Attr, NixExpr};
    let uses_config = jobs
        .iter()
        .any(|j| j.value.render().contains(HOSTNAME_EXPR));
    let set = NixExpr::Attrs(
        jobs.iter()
            .map(|j| Attr::new(j.name.clone(), j.value.clone()))
            .collect(),
    );
    let body = NixExpr::Attrs(vec![Attr::path(&["services", "borgbackup", "jobs"], set)]);
    let args = if uses_config {
        "{ config, ... }:"
    } else {
        "{ ... }:"
    };
    format!(
        "# Written by `backix migrate` from {}.\n{args}\n{}",
        files.join(", ").replace(|c: char| c.is_control(), "?"),
        body.render()
    )
}

#[cfg(test)]
mod tests {
    use backix_parser::source::Span;

    use super::*;

    fn node(value: Value, span: Span) -> Node {
        Node::new(value, span)
    }

    fn entry(name: &str, value: Node) -> Entry {
        Entry {
            key: node(Value::String(name.into()), value.span),
            value,
        }
    }

    #[test]
    fn unknown_values_carry_their_source_text() {
        let mut sources = SourceMap::new();
        let text = "config.sops.secrets.borg.path /mnt/repo";
        let file = sources.add("conf.nix", None, text);
        let unknown = node(Value::Unknown, Span::new(file, 0, 29));
        let repo = node(Value::String("/mnt/repo".into()), Span::new(file, 30, 39));
        let config = node(
            Value::Map(vec![
                entry(
                    "repositories",
                    node(
                        Value::Seq(vec![node(
                            Value::Map(vec![entry("path", repo)]),
                            Span::new(file, 30, 39),
                        )]),
                        Span::new(file, 30, 39),
                    ),
                ),
                entry("encryption_passcommand", unknown.clone()),
                entry("source_directories", unknown),
            ]),
            Span::new(file, 0, 39),
        );
        let m = from_config(&config, "nas box", &sources, &Options::default());
        assert_eq!(m.jobs.len(), 1);
        assert_eq!(m.jobs[0].name, "nas-box");
        let text = m.jobs[0].value.render();
        assert!(
            text.contains("passCommand = config.sops.secrets.borg.path;"),
            "{text}"
        );
        assert!(text.contains("repo = \"/mnt/repo\";"), "{text}");
        let sd = m
            .report
            .iter()
            .find(|r| r.key == "source_directories")
            .unwrap();
        assert!(sd.is_loss(), "{sd:?}");
        assert_eq!(sd.at.as_deref(), Some("conf.nix:1"));
    }

    #[test]
    fn names_jobs_by_label_or_index() {
        let mut sources = SourceMap::new();
        let file = sources.add("x.yaml", None, "");
        let span = Span::new(file, 0, 0);
        let repo = |path: &str, label: Option<&str>| {
            let mut e = vec![entry("path", node(Value::String(path.into()), span))];
            if let Some(l) = label {
                e.push(entry("label", node(Value::String(l.into()), span)));
            }
            node(Value::Map(e), span)
        };
        let config = node(
            Value::Map(vec![entry(
                "repositories",
                node(
                    Value::Seq(vec![repo("/a", None), repo("/b", Some("off site"))]),
                    span,
                ),
            )]),
            span,
        );
        let m = from_config(&config, "home", &sources, &Options::default());
        let names: Vec<&str> = m.jobs.iter().map(|j| j.name.as_str()).collect();
        assert_eq!(names, ["home-1", "home-off-site"]);

        // borgmatic accepts repeated labels (and labels equal after sanitizing); job names
        // stay unique.
        let config = node(
            Value::Map(vec![entry(
                "repositories",
                node(
                    Value::Seq(vec![
                        repo("/a", Some("nas")),
                        repo("/b", Some("nas")),
                        repo("/c", Some("nas-2")),
                        repo("/d", Some("nas/2")),
                    ]),
                    span,
                ),
            )]),
            span,
        );
        let m = from_config(&config, "home", &sources, &Options::default());
        let names: Vec<&str> = m.jobs.iter().map(|j| j.name.as_str()).collect();
        assert_eq!(
            names,
            ["home-nas", "home-nas-2", "home-nas-2-3", "home-nas-2-4"]
        );
    }
}
