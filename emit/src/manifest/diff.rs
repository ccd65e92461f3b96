//! Comparing the jobs of two manifests (`backix diff`, documented in `docs/diff.md`).
//!
//! Jobs are matched by (system, kind, name) and compared as their serialized JSON, so the
//! comparison works for every job kind without depending on its Rust type. Locations (`at`)
//! and warnings are left out: moving a line is not a change in what a job does. On top of the
//! textual diff, the options both kinds share by meaning (schedule, retention, paths,
//! repository, encryption) are compared semantically and risky changes are flagged. Secrets
//! are compared by value but never shown: the manifest holds references, and only whether a
//! secret changed is reported.

mod aspects;
mod normalize;
mod patch;
mod retention;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::manifest::{BuiltJob, Secrets};

pub use normalize::{display_text, rewrite_strings};

/// What identifies a job across two versions.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct JobKey {
    /// The module system, relative to the compared directory (empty for a single file).
    pub system: String,
    /// The job kind (`borgbackup`, `restic`, …).
    pub kind: String,
    /// The job's attribute name.
    pub name: String,
}

/// One job of one side, ready to compare.
#[derive(Clone, Debug)]
pub struct JobInput {
    /// Its identity.
    pub key: JobKey,
    /// Its system as shown to the user.
    pub system_shown: String,
    /// The job's JSON, normalized (no locations, no warnings).
    pub value: Value,
    /// Its literal secrets, compared but never shown.
    pub secrets: Secrets,
}

impl JobInput {
    /// A job to compare: `system_key` replaces its system in matching, `system_shown` in output,
    /// and `rewrite` (from, to) replaces a directory prefix in every string of its JSON.
    pub fn new(
        built: &BuiltJob,
        system_key: &str,
        system_shown: &str,
        rewrite: Option<(&str, &str)>,
    ) -> JobInput {
        let mut value = serde_json::to_value(&built.job).unwrap_or(Value::Null);
        if let Some((from, to)) = rewrite {
            rewrite_strings(&mut value, from, to);
        }
        normalize::normalize(&mut value);
        if let Value::Object(map) = &mut value {
            map.insert("system".into(), Value::String(system_shown.into()));
        }
        let kind = value
            .get("kind")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        JobInput {
            key: JobKey {
                system: system_key.into(),
                kind,
                name: built.job.name.clone(),
            },
            system_shown: system_shown.into(),
            value,
            secrets: built.secrets.clone(),
        }
    }
}

/// Whether a job was added, removed or changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// In both, different.
    Changed,
}

/// What a change is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Aspect {
    /// The job itself appeared or disappeared.
    Job,
    /// When it runs (`startAt`, `timerConfig`).
    Schedule,
    /// Its timer unit appeared or disappeared.
    Timer,
    /// What prune or forget keeps (`prune.keep`, `pruneOpts`).
    Retention,
    /// What it backs up (`paths`).
    Paths,
    /// Where it writes (`repo`, `repository`, `repositoryFile`).
    Repository,
    /// How the repository is encrypted or unlocked (`encryption.*`, `passwordFile`).
    Encryption,
    /// A secret whose value is kept out of the manifest.
    Secret,
    /// Any other option or field.
    Other,
}

/// One change of one job.
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    /// What it is about.
    pub aspect: Aspect,
    /// The option (or field) that changed, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub option: Option<String>,
    /// In words (`schedule daily → hourly`); never holds a secret.
    pub summary: String,
    /// Whether it can lose backups or stop them (retention shortened, path dropped, …).
    pub risky: bool,
    /// The old value (normalized JSON), absent for secrets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    /// The new value (normalized JSON), absent for secrets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
}

impl Change {
    fn new(aspect: Aspect, option: Option<&str>, summary: String, risky: bool) -> Change {
        Change {
            aspect,
            option: option.map(str::to_string),
            summary,
            risky,
            old: None,
            new: None,
        }
    }

    fn values(mut self, old: Option<&Value>, new: Option<&Value>) -> Change {
        self.old = old.cloned();
        self.new = new.cloned();
        self
    }
}

/// The comparison of one job.
#[derive(Clone, Debug, Serialize)]
pub struct JobDiff {
    /// The job's system as shown.
    pub system: String,
    /// Its kind.
    pub kind: String,
    /// Its name.
    pub name: String,
    /// Added, removed or changed.
    pub status: Status,
    /// The one-line summary ([`JobDiff::summarize`]).
    pub summary: String,
    /// What changed, semantic aspects first.
    pub changes: Vec<Change>,
    /// A unified diff of the job's normalized JSON (changed jobs only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patch: Option<String>,
}

impl JobDiff {
    /// Whether any change is risky.
    pub fn risky(&self) -> bool {
        self.changes.iter().any(|c| c.risky)
    }

    /// The one-line summary: `schedule daily → hourly, 1 path dropped`; options no semantic
    /// comparison covers are counted (`2 other changes (compression, preHook)`).
    pub fn summarize(&self) -> String {
        let (other, semantic): (Vec<&Change>, Vec<&Change>) =
            self.changes.iter().partition(|c| c.aspect == Aspect::Other);
        let mut parts: Vec<String> = semantic.iter().map(|c| short(&c.summary)).collect();
        match other.as_slice() {
            [] => {}
            [one] => parts.push(one.summary.clone()),
            many => {
                let names: Vec<&str> = many.iter().filter_map(|c| c.option.as_deref()).collect();
                parts.push(format!(
                    "{} other changes ({})",
                    many.len(),
                    names.join(", ")
                ));
            }
        }
        parts.join(", ")
    }
}

/// A change's summary without its explanation (the part after `: `).
fn short(summary: &str) -> String {
    summary.split(": ").next().unwrap_or(summary).to_string()
}

/// The comparison of two versions.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// Whether anything changed.
    pub changed: bool,
    /// Jobs that were added, removed or changed, in (system, kind, name) order.
    pub jobs: Vec<JobDiff>,
}

/// Compares the jobs of two versions.
pub fn compare(old: &[JobInput], new: &[JobInput]) -> Report {
    let old_by: BTreeMap<&JobKey, &JobInput> = old.iter().map(|j| (&j.key, j)).collect();
    let new_by: BTreeMap<&JobKey, &JobInput> = new.iter().map(|j| (&j.key, j)).collect();
    let mut keys: Vec<&JobKey> = old_by.keys().chain(new_by.keys()).copied().collect();
    keys.sort();
    keys.dedup();
    let mut jobs = Vec::new();
    for key in keys {
        let diff = match (old_by.get(key), new_by.get(key)) {
            (Some(o), Some(n)) => compare_job(o, n),
            (Some(o), None) => Some(removed(o)),
            (None, Some(n)) => Some(added(n)),
            (None, None) => None,
        };
        if let Some(mut diff) = diff {
            diff.summary = diff.summarize();
            jobs.push(diff);
        }
    }
    Report {
        changed: !jobs.is_empty(),
        jobs,
    }
}

fn header(job: &JobInput, status: Status, changes: Vec<Change>) -> JobDiff {
    JobDiff {
        system: job.system_shown.clone(),
        kind: job.key.kind.clone(),
        name: job.key.name.clone(),
        status,
        summary: String::new(),
        changes,
        patch: None,
    }
}

fn added(job: &JobInput) -> JobDiff {
    let change = Change::new(Aspect::Job, None, "job added".into(), false);
    header(job, Status::Added, vec![change])
}

fn removed(job: &JobInput) -> JobDiff {
    let mut summary = "job removed".to_string();
    if let Some(repo) = aspects::repository_shown(&job.value) {
        summary.push_str(&format!(" (its archives stay in {repo})"));
    }
    let change = Change::new(Aspect::Job, None, summary, true);
    header(job, Status::Removed, vec![change])
}

fn compare_job(old: &JobInput, new: &JobInput) -> Option<JobDiff> {
    if old.value == new.value && old.secrets == new.secrets {
        return None;
    }
    let changes = aspects::changes(old, new);
    let mut diff = header(new, Status::Changed, changes);
    if old.value != new.value {
        let label = format!("{} {}", new.system_shown, new.key.name);
        diff.patch = Some(patch::unified(&old.value, &new.value, &label));
    }
    Some(diff)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A job input straight from JSON, the way any job kind serializes.
    fn input(kind: &str, name: &str, options: Value, secrets: &[(&str, &str)]) -> JobInput {
        let mut value = json!({
            "system": "a.nix", "name": name, "kind": kind, "options": options,
            "conditional": false, "unresolved": [], "blocked": [], "warnings": ["w"],
            "rendered": null
        });
        normalize::normalize(&mut value);
        JobInput {
            key: JobKey {
                system: "a.nix".into(),
                kind: kind.into(),
                name: name.into(),
            },
            system_shown: "a.nix".into(),
            value,
            secrets: secrets
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    fn restic(change: impl FnOnce(&mut Value)) -> Value {
        let mut options = json!({
            "paths": ["/home", "/srv"],
            "repository": "sftp:backup@host:/restic",
            "repositoryFile": null,
            "passwordFile": "/run/keys/restic",
            "environmentFile": null,
            "timerConfig": {"OnCalendar": "daily", "Persistent": true},
            "pruneOpts": ["--keep-daily 7", "--keep-weekly 4"]
        });
        change(&mut options);
        options
    }

    fn summaries(old: Value, new: Value) -> (String, Vec<String>) {
        let report = compare(
            &[input("restic", "b", old, &[])],
            &[input("restic", "b", new, &[])],
        );
        assert_eq!(report.jobs.len(), 1);
        let job = &report.jobs[0];
        let risky = job
            .changes
            .iter()
            .filter(|c| c.risky)
            .map(|c| c.summary.clone())
            .collect();
        (job.summary.clone(), risky)
    }

    #[test]
    fn restic_jobs_are_compared_by_option_name() {
        let (summary, risky) = summaries(
            restic(|_| {}),
            restic(|o| {
                o["timerConfig"]["OnCalendar"] = json!("hourly");
                o["pruneOpts"] = json!(["--keep-daily=3", "--keep-weekly 4"]);
                o["paths"] = json!(["/home"]);
            }),
        );
        assert_eq!(
            summary,
            "schedule daily → hourly, retention shortened (daily 7 → 3), 1 path dropped (/srv)"
        );
        assert_eq!(risky.len(), 2);
    }

    #[test]
    fn restic_risky_changes() {
        type Edit = Box<dyn FnOnce(&mut Value)>;
        let cases: Vec<(Edit, &str)> = vec![
            (
                Box::new(|o| o["timerConfig"] = Value::Null),
                "timer removed (was daily): the job no longer runs by itself",
            ),
            (
                Box::new(|o| o["pruneOpts"] = json!([])),
                "retention removed (was daily 7, weekly 4): prune no longer runs",
            ),
            (
                Box::new(|o| {
                    o["repository"] = Value::Null;
                    o["repositoryFile"] = json!("/run/keys/repo");
                }),
                "repository sftp:backup@host:/restic → file /run/keys/repo: new archives go elsewhere",
            ),
            (
                Box::new(|o| o["passwordFile"] = Value::Null),
                "passwordFile removed: nothing unlocks the repository any more",
            ),
        ];
        for (change, expected) in cases {
            let (_, risky) = summaries(restic(|_| {}), restic(change));
            assert_eq!(risky, vec![expected.to_string()]);
        }
        // With an environment file the password can still come from there.
        let (summary, risky) = summaries(
            restic(|_| {}),
            restic(|o| {
                o["passwordFile"] = Value::Null;
                o["environmentFile"] = json!("/run/keys/env");
            }),
        );
        assert!(risky.is_empty(), "{risky:?}");
        assert_eq!(summary, "passwordFile removed, environmentFile changed");
    }

    #[test]
    fn timer_settings_other_than_the_calendar_are_noticed() {
        let (summary, risky) = summaries(
            restic(|_| {}),
            restic(|o| o["timerConfig"]["Persistent"] = json!(false)),
        );
        assert_eq!(summary, "timer settings changed");
        assert!(risky.is_empty());
    }

    #[test]
    fn equal_jobs_and_warnings_only_changes_are_no_change() {
        let old = input("restic", "b", restic(|_| {}), &[("x", "1")]);
        let mut new = old.clone();
        new.value["warnings"] = json!(["another warning"]);
        normalize::normalize(&mut new.value);
        assert!(!compare(std::slice::from_ref(&old), &[new]).changed);
        let mut secret = old.clone();
        secret.secrets.insert("x".into(), "2".into());
        let report = compare(&[old], &[secret]);
        assert_eq!(report.jobs[0].summary, "secret x changed");
        assert!(report.jobs[0].patch.is_none());
    }

    #[test]
    fn jobs_of_different_kinds_do_not_match() {
        let borg = input("borgbackup", "b", json!({"repo": "/r"}), &[]);
        let restic = input("restic", "b", restic(|_| {}), &[]);
        let report = compare(&[borg], &[restic]);
        let statuses: Vec<Status> = report.jobs.iter().map(|j| j.status).collect();
        assert_eq!(statuses, vec![Status::Removed, Status::Added]);
        assert!(report.jobs[0].risky());
    }
}
