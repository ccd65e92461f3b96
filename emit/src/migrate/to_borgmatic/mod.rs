//! `services.borgbackup.jobs` → canonical flat borgmatic 2.1 YAML, one configuration per job,
//! with a report of what each option became.
//!
//! The translation follows the module's behaviour, not its option names: the repository with
//! its label and encryption mode; excludes as `! fm:` lines ahead of the patterns when both are
//! used (the module matches its excludes first); the prune glob as `match_archives`; no
//! retention as `skip_actions: [prune, compact]`; `failOnWarnings` as `borg_exit_codes`; the
//! hooks as `commands:`; flags of the `extra*Args` options lifted into borgmatic keys when one
//! exists ([`args`]), the rest in `extra_borg_options`. Service settings (schedule, user,
//! sandbox) have no place in a borgmatic file and are reported as not carried. A passphrase is
//! never copied: a literal one becomes a `{credential file …}` the user fills in.

mod archive;
pub mod args;
pub mod commands;
mod environment;
mod extra;
pub mod resolve;
pub mod yaml;

use backix_parser::module::extract::{Extraction, ModuleKind, OptionNode};
use backix_schema::view;

use crate::manifest::borg::options::{self, BorgOptions, Secrets};
use crate::manifest::read::{Reader, node_at};
use crate::manifest::types::Text;
use crate::migrate::report::{KeyReport, Outcome};
use resolve::{Place, Resolved, resolve};
use yaml::Yaml;

/// One job translated.
#[derive(Debug)]
pub struct Converted {
    /// The configuration (a system of a flake) the job belongs to.
    pub system: String,
    /// The job's name.
    pub name: String,
    /// The borgmatic configuration.
    pub config: Yaml,
    /// What happened to each option.
    pub report: Vec<KeyReport>,
}

/// A job that cannot be translated, and why (each reason names the option and its place).
#[derive(Debug)]
pub struct Refused {
    /// The configuration the job belongs to.
    pub system: String,
    /// The job's name.
    pub name: String,
    /// Why, one sentence per option.
    pub reasons: Vec<String>,
}

/// Translates every `services.borgbackup.jobs` entry of an extraction, in order.
pub fn from_extraction(extraction: &Extraction) -> Vec<Result<Converted, Refused>> {
    let mut out = Vec::new();
    for system in &extraction.systems {
        for root in &system.roots {
            if root.module != ModuleKind::BorgbackupJobs {
                continue;
            }
            for (name, node) in view::entries(&root.value) {
                out.push(match from_job(name, node) {
                    Ok((config, report)) => Ok(Converted {
                        system: system.name.clone(),
                        name: name.to_string(),
                        config,
                        report,
                    }),
                    Err(reasons) => Err(Refused {
                        system: system.name.clone(),
                        name: name.to_string(),
                        reasons,
                    }),
                });
            }
        }
    }
    out
}

/// Options that only shape the systemd service or timer: a borgmatic file has no place for
/// them. With what the user could do instead.
const SERVICE_OPTIONS: [(&str, &str); 9] = [
    (
        "startAt",
        "schedule borgmatic with a systemd timer (NixOS `services.borgmatic` ships borgmatic.timer; \
         set `systemd.timers.borgmatic.timerConfig.OnCalendar`)",
    ),
    (
        "persistentTimer",
        "set `Persistent=true` on the timer that runs borgmatic",
    ),
    (
        "inhibitsSleep",
        "run borgmatic under `systemd-inhibit --what=sleep` in its service",
    ),
    ("user", "run borgmatic's service as this user"),
    ("group", "run borgmatic's service with this group"),
    (
        "readWritePaths",
        "give borgmatic's service these `ReadWritePaths` if it is sandboxed",
    ),
    ("privateTmp", "set `PrivateTmp` on borgmatic's service"),
    (
        "removableDevice",
        "a `before: repository` hook such as `findmnt MOUNTPOINT >/dev/null || exit 75` skips \
         the repository while the device is absent",
    ),
    (
        "wrapper",
        "borgmatic's own command line reaches Borg with the configuration's settings: \
         `borgmatic borg ...`",
    ),
];

/// Options the reader may block on that the translation does not carry anyway.
fn ignored_when_unreadable(option: &str) -> bool {
    let head = option.split(['.', '[', ':']).next().unwrap_or(option);
    SERVICE_OPTIONS.iter().any(|(o, _)| *o == head)
        || matches!(
            head,
            "doInit" | "appendFailedSuffix" | "createCommand" | "dumpCommand"
        )
}

/// The state of one job's translation.
struct Job<'a> {
    name: &'a str,
    node: &'a OptionNode,
    doc: Vec<(String, Yaml)>,
    report: Vec<KeyReport>,
    errors: Vec<String>,
}

impl Job<'_> {
    fn at(&self, option: &str) -> Option<String> {
        view::at(self.node, option).and_then(node_at)
    }

    fn defined(&self, option: &str) -> bool {
        view::at(self.node, option).is_some()
    }

    fn push(&mut self, option: &str, target: &str, outcome: Outcome) {
        self.report.push(KeyReport {
            at: self.at(option),
            key: format!("jobs.{}.{option}", self.name),
            target: target.to_string(),
            outcome,
        });
    }

    /// Reports a carried option: exact without notes, lossy with them.
    fn carried(&mut self, option: &str, target: &str, notes: Vec<String>) {
        let outcome = if notes.is_empty() {
            Outcome::Exact
        } else {
            Outcome::Lossy {
                why: notes.join("; "),
            }
        };
        self.push(option, target, outcome);
    }

    fn not_carried(&mut self, option: &str, why: &str, suggestion: Option<&str>) {
        self.push(
            option,
            "",
            Outcome::NotCarried {
                why: why.to_string(),
                suggestion: suggestion.map(str::to_string),
            },
        );
    }

    fn refuse(&mut self, option: &str, why: &str) {
        let at = self
            .at(option)
            .map(|a| format!(" ({a})"))
            .unwrap_or_default();
        self.errors
            .push(format!("job {}: {option}{at}: {why}", self.name));
    }

    fn set(&mut self, key: &str, value: Yaml) {
        if let Some(slot) = self.doc.iter_mut().find(|(k, _)| k == key) {
            slot.1 = value;
        } else {
            self.doc.push((key.to_string(), value));
        }
    }

    fn resolve(&mut self, option: &str, text: &Text, place: Place) -> Option<Resolved> {
        match resolve(text, place) {
            Ok(r) => Some(r),
            Err(why) => {
                self.refuse(option, &why);
                None
            }
        }
    }

    fn resolve_all(&mut self, option: &str, texts: &[Text]) -> Option<(Vec<String>, Vec<String>)> {
        let mut values = Vec::new();
        let mut notes = Vec::new();
        for (i, t) in texts.iter().enumerate() {
            let r = self.resolve(&format!("{option}[{i}]"), t, Place::Plain)?;
            values.push(r.value);
            notes.extend(r.notes);
        }
        Some((values, notes))
    }
}

/// Translates one job; `Err` lists why it cannot be.
pub fn from_job(name: &str, node: &OptionNode) -> Result<(Yaml, Vec<KeyReport>), Vec<String>> {
    let mut reader = Reader::default();
    let mut secrets = Secrets::new();
    let o = options::read(name, node, &mut reader, &mut secrets);
    let mut job = Job {
        name,
        node,
        doc: Vec::new(),
        report: Vec::new(),
        errors: Vec::new(),
    };
    for blocked in &reader.blocked {
        let option = blocked.split(':').next().unwrap_or(blocked);
        if !ignored_when_unreadable(option) {
            let why = blocked[option.len()..].trim_start_matches(':').trim();
            job.refuse(option, why);
        }
    }
    if !job.errors.is_empty() {
        return Err(job.errors);
    }
    if let OptionNode::Set { attrs, .. } = node
        && !attrs.is_empty()
        && attrs.values().all(view::is_conditional)
    {
        job.report.push(KeyReport {
            at: node_at(node),
            key: format!("jobs.{name}"),
            target: String::new(),
            outcome: Outcome::Lossy {
                why: "the job is defined under a condition backix cannot evaluate; the \
                      configuration assumes it holds"
                    .into(),
            },
        });
    }
    sources(&mut job, &o);
    repository(&mut job, &o);
    patterns(&mut job, &o);
    // The module always passes `--compression` (default lz4); so does the configuration.
    if let Some(r) = job.resolve("compression", &o.compression, Place::Plain) {
        job.set("compression", Yaml::Str(r.value));
        if job.defined("compression") {
            job.carried("compression", "compression", r.notes);
        }
    }
    environment::environment(&mut job, &o);
    environment::encryption(&mut job, &o);
    archive::archive_names(&mut job, &o);
    archive::retention(&mut job, &o);
    extra::extra_args(&mut job, &o);
    exit_codes(&mut job, &o);
    hooks(&mut job, &o);
    service(&mut job, &o);
    if job.errors.is_empty() {
        Ok((order(job.doc), job.report))
    } else {
        Err(job.errors)
    }
}

/// The keys in the order borgmatic's reference lists them, so files read naturally.
fn order(doc: Vec<(String, Yaml)>) -> Yaml {
    const ORDER: [&str; 62] = [
        "source_directories",
        "source_directories_must_exist",
        "repositories",
        "one_file_system",
        "numeric_ids",
        "atime",
        "ctime",
        "birthtime",
        "read_special",
        "flags",
        "files_changed",
        "files_cache",
        "remote_path",
        "patterns",
        "exclude_patterns",
        "exclude_caches",
        "exclude_if_present",
        "keep_exclude_tags",
        "exclude_nodump",
        "encryption_passcommand",
        "encryption_passphrase",
        "checkpoint_interval",
        "checkpoint_volume",
        "chunker_params",
        "compression",
        "upload_rate_limit",
        "upload_buffer_size",
        "temporary_directory",
        "ssh_command",
        "borg_base_directory",
        "borg_config_directory",
        "borg_cache_directory",
        "use_chunks_archive",
        "borg_files_cache_ttl",
        "borg_security_directory",
        "borg_keys_directory",
        "borg_key_file",
        "borg_exit_codes",
        "umask",
        "lock_wait",
        "archive_name_format",
        "match_archives",
        "archive_hostname",
        "archive_username",
        "relocated_repo_access_is_ok",
        "unknown_unencrypted_repo_access_is_ok",
        "check_i_know_what_i_am_doing",
        "debug_passphrase",
        "display_passphrase",
        "msgpack_version_check",
        "extra_borg_options",
        "keep_within",
        "keep_secondly",
        "keep_minutely",
        "keep_hourly",
        "keep_daily",
        "keep_weekly",
        "keep_monthly",
        "keep_yearly",
        "keep_13weekly",
        "keep_3monthly",
        "compact_threshold",
    ];
    let rank = |k: &str| {
        ORDER.iter().position(|o| *o == k).unwrap_or(match k {
            "skip_actions" => ORDER.len(),
            _ => ORDER.len() + 1,
        })
    };
    let mut doc = doc;
    doc.sort_by_key(|(k, _)| rank(k));
    Yaml::Map(doc)
}

fn sources(job: &mut Job, o: &BorgOptions) {
    let Some(paths) = &o.paths else {
        return;
    };
    let Some((values, mut notes)) = job.resolve_all("paths", paths) else {
        return;
    };
    if values
        .iter()
        .any(|p| p.starts_with('~') || p.contains(['*', '?', '[']))
    {
        notes.push(
            "borgmatic expands `~` and globs in source directories; the module passed them \
             to Borg as written"
                .into(),
        );
    }
    if !values.is_empty() {
        job.set("source_directories", Yaml::strs(values));
    }
    job.carried("paths", "source_directories", notes);
}

/// The repository path as borgmatic reads it (its own rewriting of Borg 1's `host:path`).
fn repository_path(path: &str) -> Result<String, String> {
    if !path.contains(':') {
        return Ok(path.to_string());
    }
    const KEPT: [&str; 5] = ["ssh://", "sftp://", "rclone:", "s3:", "b2:"];
    if KEPT.iter().any(|p| path.starts_with(p)) {
        return Ok(path.to_string());
    }
    if let Some(local) = path.strip_prefix("file://") {
        return Ok(local.to_string());
    }
    if path.starts_with('/') {
        return Err(
            "borgmatic reads a `:` in a repository path as a remote repository; rename the \
             directory or migrate by hand"
                .into(),
        );
    }
    Ok(format!(
        "ssh://{}",
        path.replace(":~", "/~")
            .replace(":/", "/")
            .replace(':', "/./")
    ))
}

fn repository(job: &mut Job, o: &BorgOptions) {
    let (option, text) = match o.environment.get("BORG_REPO") {
        Some(t) => ("environment.BORG_REPO", t.clone()),
        None => ("repo", o.repo.clone()),
    };
    if option != "repo" {
        job.not_carried(
            "repo",
            "environment.BORG_REPO overrides it in the module's service",
            None,
        );
    }
    let Some(r) = job.resolve(option, &text, Place::Plain) else {
        return;
    };
    let path = match repository_path(&r.value) {
        Ok(p) => p,
        Err(why) => {
            job.refuse(option, &why);
            return;
        }
    };
    job.carried(option, "repositories[0].path", r.notes);
    let mut entry = vec![
        ("path".to_string(), Yaml::Str(path)),
        ("label".to_string(), Yaml::str(job.name)),
    ];
    if let Some(mode) = job.resolve("encryption.mode", &o.encryption.mode, Place::Plain) {
        if !mode.value.is_empty() {
            entry.push(("encryption".to_string(), Yaml::Str(mode.value)));
        }
        job.carried("encryption.mode", "repositories[0].encryption", mode.notes);
    }
    job.doc.push((
        "repositories".to_string(),
        Yaml::Seq(vec![Yaml::Map(entry)]),
    ));
    match o.do_init {
        Some(false) => {
            if job.defined("doInit") {
                job.carried("doInit", "", Vec::new());
            }
        }
        _ => job.push(
            "doInit",
            "repositories[0].encryption",
            Outcome::Lossy {
                why: "borgmatic never initializes a repository by itself: run `borgmatic \
                      repo-create` once (the encryption mode is on the repository entry)"
                    .into(),
            },
        ),
    }
}

/// An exclude line of the module as a pattern line: Borg's `--exclude-from` reads each line
/// as a no-recursion exclude with the `fm:` style unless the line names a style.
fn exclude_line(line: &str) -> String {
    let styled = ["fm:", "sh:", "re:", "pp:", "pf:"]
        .iter()
        .any(|s| line.starts_with(s));
    if styled {
        format!("! {line}")
    } else {
        format!("! fm:{line}")
    }
}

fn patterns(job: &mut Job, o: &BorgOptions) {
    let Some((excludes, mut ex_notes)) = job.resolve_all("exclude", &o.exclude) else {
        return;
    };
    let Some((patterns, mut pat_notes)) = job.resolve_all("patterns", &o.patterns) else {
        return;
    };
    // Borg's `--exclude-from` strips lines and skips comments and blank lines.
    let excludes: Vec<String> = excludes
        .iter()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let tilde = "borgmatic expands a leading `~` in pattern and exclude lines; the module did not";
    if excludes.iter().any(|l| l.starts_with('~')) {
        ex_notes.push(tilde.into());
    }
    if patterns.iter().any(|l| {
        l.split_once(' ')
            .is_some_and(|(_, p)| p.trim_start().starts_with('~'))
    }) {
        pat_notes.push(tilde.into());
    }
    let has_patterns = patterns
        .iter()
        .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    if !excludes.is_empty() && has_patterns {
        let mut lines: Vec<String> = excludes.iter().map(|l| exclude_line(l)).collect();
        lines.extend(patterns);
        job.set("patterns", Yaml::strs(lines));
        job.carried("exclude", "patterns", ex_notes);
        job.carried("patterns", "patterns", pat_notes);
    } else {
        if !excludes.is_empty() {
            job.set("exclude_patterns", Yaml::strs(excludes));
        }
        if has_patterns {
            job.set("patterns", Yaml::strs(patterns));
        }
        if job.defined("exclude") {
            job.carried("exclude", "exclude_patterns", ex_notes);
        }
        if job.defined("patterns") {
            job.carried("patterns", "patterns", pat_notes);
        }
    }
}

fn exit_codes(job: &mut Job, o: &BorgOptions) {
    let entry = |code: i64, treat: &str| {
        Yaml::Map(vec![
            ("code".to_string(), Yaml::Int(code)),
            ("treat_as".to_string(), Yaml::str(treat)),
        ])
    };
    let codes: Vec<Yaml> = match o.fail_on_warnings {
        Some(false) => {
            job.set("source_directories_must_exist", Yaml::Bool(false));
            [101, 102, 104, 105, 106]
                .into_iter()
                .map(|c| entry(c, "warning"))
                .collect()
        }
        _ => [1, 100, 103, 107]
            .into_iter()
            .chain(108..=127)
            .map(|c| entry(c, "error"))
            .collect(),
    };
    job.set("borg_exit_codes", Yaml::Seq(codes));
    if job.defined("failOnWarnings") {
        job.carried("failOnWarnings", "borg_exit_codes", Vec::new());
    }
}

fn hooks(job: &mut Job, o: &BorgOptions) {
    let mut entries = Vec::new();
    for hook in &commands::HOOKS {
        let text = match hook.option {
            "preHook" => &o.pre_hook,
            "postInit" => &o.post_init,
            "postCreate" => &o.post_create,
            "postPrune" => &o.post_prune,
            _ => &o.post_hook,
        };
        if text.is_empty() {
            continue;
        }
        let Some(r) = job.resolve(hook.option, text, Place::Hook) else {
            continue;
        };
        if r.value.trim().is_empty() {
            continue;
        }
        let (entry, mut notes) = commands::entry(hook, &r.value);
        notes.extend(r.notes);
        entries.push(entry);
        job.carried(
            hook.option,
            &format!("commands[{}]", entries.len() - 1),
            notes,
        );
    }
    if !entries.is_empty() {
        job.set("commands", Yaml::Seq(entries));
    }
}

fn service(job: &mut Job, o: &BorgOptions) {
    if o.dump_command.is_some() {
        job.not_carried(
            "dumpCommand",
            "borgmatic has no standard-input source for an archive",
            Some(
                "borgmatic's database hooks (`postgresql_databases`, ...) stream dumps; or a \
                 `before: action` hook can dump to a file under the source directories",
            ),
        );
    }
    for (option, suggestion) in SERVICE_OPTIONS {
        if option == "startAt" && job.defined(option) && o.start_at.is_empty() {
            // `startAt = [ ]`: no timer, as a borgmatic file has none.
            job.carried(option, "", Vec::new());
        } else if job.defined(option) {
            job.not_carried(
                option,
                "a setting of the systemd service or timer; a borgmatic configuration has no \
                 place for it",
                Some(suggestion),
            );
        } else if option == "startAt" {
            job.push(
                "startAt",
                "",
                Outcome::NotCarried {
                    why: "the module's default schedule (daily) is a timer; a borgmatic \
                          configuration has no schedule"
                        .into(),
                    suggestion: Some(suggestion.to_string()),
                },
            );
        }
    }
    if job.defined("createCommand") && o.create_command.known().as_deref() != Some("create") {
        job.not_carried(
            "createCommand",
            "borgmatic's create action always runs `borg create`",
            None,
        );
    }
}
