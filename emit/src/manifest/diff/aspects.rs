//! The semantic comparisons of two versions of a job, on its serialized JSON.
//!
//! Options are found by name, for every job kind that has them: borg's `startAt`,
//! `prune.keep`, `paths`, `repo`, `encryption.*`; restic's `timerConfig`, `pruneOpts`,
//! `paths`, `repository`/`repositoryFile`, `passwordFile`. What no comparison covers is
//! reported per option.

use serde_json::Value;

use super::normalize::display_text;
use super::retention;
use super::{Aspect, Change, JobInput};

/// Borg's option names holding an encryption secret, with how they are named in output.
const BORG_SECRETS: [(&str, &str); 2] = [
    ("encryption.passphrase", "passphrase"),
    ("encryption.passCommand", "passCommand"),
];

/// Environment variables that also give borg its passphrase.
const BORG_ENV_UNLOCK: [&str; 3] = ["BORG_PASSPHRASE", "BORG_PASSCOMMAND", "BORG_PASSPHRASE_FD"];

/// Every change between two versions of a job.
pub fn changes(old: &JobInput, new: &JobInput) -> Vec<Change> {
    let o = old.value.get("options").unwrap_or(&Value::Null);
    let n = new.value.get("options").unwrap_or(&Value::Null);
    let mut cx = Cx {
        o,
        n,
        out: Vec::new(),
        handled: Vec::new(),
    };
    cx.schedule();
    cx.retention();
    cx.paths();
    cx.repository();
    cx.encryption();
    cx.secrets(old, new);
    cx.other_options();
    cx.job_fields(&old.value, &new.value);
    cx.out
}

/// The repository of a job (its JSON) as shown: `repo`, `repository` or `file <path>`.
pub fn repository_shown(job: &Value) -> Option<String> {
    repository_of(job.get("options")?)
}

fn repository_of(options: &Value) -> Option<String> {
    if let Some(r) = get(options, "repo").or_else(|| get(options, "repository")) {
        return Some(display_text(r));
    }
    get(options, "repositoryFile").map(|f| format!("file {}", display_text(f)))
}

/// An option by dotted path; `null` counts as absent.
fn get<'a>(options: &'a Value, path: &str) -> Option<&'a Value> {
    let mut v = options;
    for part in path.split('.') {
        v = v.get(part)?;
    }
    (!v.is_null()).then_some(v)
}

/// Whether an option is declared on either side (even as `null`).
fn present(a: &Value, b: &Value, path: &str) -> bool {
    let has = |v: &Value| {
        let (parent, last) = match path.rsplit_once('.') {
            Some((p, l)) => (p.split('.').try_fold(v, |v, k| v.get(k)), l),
            None => (Some(v), path),
        };
        parent.is_some_and(|p| p.get(last).is_some())
    };
    has(a) || has(b)
}

/// A list option's items as shown (`null` is empty, a single text is one item).
fn items(v: Option<&Value>) -> Vec<String> {
    match v {
        None => Vec::new(),
        Some(Value::Array(list)) => list.iter().map(display_text).collect(),
        Some(other) => vec![display_text(other)],
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn listed(items: &[String]) -> String {
    if items.len() <= 3 {
        items.join(", ")
    } else {
        format!("{}, …", items[..3].join(", "))
    }
}

struct Cx<'a> {
    o: &'a Value,
    n: &'a Value,
    out: Vec<Change>,
    handled: Vec<String>,
}

impl Cx<'_> {
    fn push(&mut self, aspect: Aspect, option: &str, summary: String, risky: bool) {
        let (o, n) = (get(self.o, option), get(self.n, option));
        let change = Change::new(aspect, Some(option), summary, risky).values(o, n);
        self.out.push(change);
    }

    fn handle(&mut self, option: &str) -> bool {
        self.handled.push(option.to_string());
        get(self.o, option) != get(self.n, option)
    }

    /// `startAt` or `timerConfig`: when the job runs, and whether it has a timer.
    fn schedule(&mut self) {
        let option = if present(self.o, self.n, "startAt") {
            "startAt"
        } else if present(self.o, self.n, "timerConfig") {
            "timerConfig"
        } else {
            return;
        };
        if !self.handle(option) {
            return;
        }
        let shown = |v: Option<&Value>| -> Option<String> {
            match v? {
                Value::Object(timer) => Some(match timer.get("OnCalendar") {
                    Some(c) => items(Some(c)).join(", "),
                    None => Value::Object(timer.clone()).to_string(),
                }),
                other => {
                    let list = items(Some(other));
                    (!list.is_empty()).then(|| list.join(", "))
                }
            }
        };
        let (o, n) = (shown(get(self.o, option)), shown(get(self.n, option)));
        match (o, n) {
            (Some(o), None) => self.push(
                Aspect::Timer,
                option,
                format!("timer removed (was {o}): the job no longer runs by itself"),
                true,
            ),
            (None, Some(n)) => {
                self.push(Aspect::Timer, option, format!("timer added ({n})"), false)
            }
            (Some(o), Some(n)) if o != n => self.push(
                Aspect::Schedule,
                option,
                format!("schedule {o} → {n}"),
                false,
            ),
            _ => self.push(
                Aspect::Schedule,
                option,
                "timer settings changed".into(),
                false,
            ),
        }
    }

    /// `prune.keep` or `pruneOpts`.
    fn retention(&mut self) {
        let option = if present(self.o, self.n, "prune.keep") {
            "prune.keep"
        } else if present(self.o, self.n, "pruneOpts") {
            "pruneOpts"
        } else {
            return;
        };
        if !self.handle(option) {
            return;
        }
        let old = retention::rules(get(self.o, option));
        let new = retention::rules(get(self.n, option));
        let c = retention::compare(&old, &new);
        let before = self.out.len();
        if c.removed {
            let text = format!(
                "retention removed (was {}): prune no longer runs",
                retention::shown(&old)
            );
            self.push(Aspect::Retention, option, text, true);
        }
        if c.added {
            let text = format!(
                "retention added ({}): the next prune deletes what it does not keep",
                retention::shown(&new)
            );
            self.push(Aspect::Retention, option, text, true);
        }
        for (list, word, risky) in [
            (&c.shortened, "shortened", true),
            (&c.lengthened, "lengthened", false),
            (&c.changed, "changed", false),
        ] {
            if !list.is_empty() {
                let text = format!("retention {word} ({})", list.join(", "));
                self.push(Aspect::Retention, option, text, risky);
            }
        }
        if self.out.len() == before {
            self.push(
                Aspect::Retention,
                option,
                format!("{option} changed"),
                false,
            );
        }
    }

    /// `paths`: dropped and added entries.
    fn paths(&mut self) {
        if !present(self.o, self.n, "paths") || !self.handle("paths") {
            return;
        }
        let old = items(get(self.o, "paths"));
        let new = items(get(self.n, "paths"));
        let dropped: Vec<String> = old.iter().filter(|p| !new.contains(p)).cloned().collect();
        let added: Vec<String> = new.iter().filter(|p| !old.contains(p)).cloned().collect();
        if !dropped.is_empty() {
            let text = format!(
                "{} dropped ({})",
                plural(dropped.len(), "path", "paths"),
                listed(&dropped)
            );
            self.push(Aspect::Paths, "paths", text, true);
        }
        if !added.is_empty() {
            let text = format!(
                "{} added ({})",
                plural(added.len(), "path", "paths"),
                listed(&added)
            );
            self.push(Aspect::Paths, "paths", text, false);
        }
        if dropped.is_empty() && added.is_empty() {
            self.push(Aspect::Paths, "paths", "paths reordered".into(), false);
        }
    }

    /// `repo`, or `repository` and `repositoryFile`.
    fn repository(&mut self) {
        let options: Vec<&str> = ["repo", "repository", "repositoryFile"]
            .into_iter()
            .filter(|o| present(self.o, self.n, o))
            .collect();
        let mut changed = false;
        for option in &options {
            changed |= self.handle(option);
        }
        if !changed {
            return;
        }
        let o = repository_of(self.o).unwrap_or_else(|| "none".into());
        let n = repository_of(self.n).unwrap_or_else(|| "none".into());
        let text = if o == n {
            format!("repository changed ({})", options.join(", "))
        } else {
            format!("repository {o} → {n}: new archives go elsewhere")
        };
        let option = options.first().copied().unwrap_or("repo");
        let mut change = Change::new(Aspect::Repository, Some(option), text, true);
        change.old = Some(Value::String(o));
        change.new = Some(Value::String(n));
        self.out.push(change);
    }

    /// `encryption.mode`, `encryption.passphrase`, `encryption.passCommand`, `passwordFile`.
    fn encryption(&mut self) {
        if present(self.o, self.n, "encryption.mode") && self.handle("encryption.mode") {
            let o = get(self.o, "encryption.mode").map(display_text);
            let n = get(self.n, "encryption.mode").map(display_text);
            let text = format!(
                "encryption mode {} → {}: the repository must be created again",
                o.as_deref().unwrap_or("none"),
                n.as_deref().unwrap_or("none")
            );
            self.push(Aspect::Encryption, "encryption.mode", text, true);
        }
        for (option, word) in BORG_SECRETS {
            if present(self.o, self.n, option) && self.handle(option) {
                self.unlock_change(option, word, option == "encryption.passphrase");
            }
        }
        if present(self.o, self.n, "passwordFile") && self.handle("passwordFile") {
            self.unlock_change("passwordFile", "passwordFile", false);
        }
    }

    /// A change of one way of unlocking the repository; `secret` hides the values.
    fn unlock_change(&mut self, option: &str, word: &str, secret: bool) {
        let (o, n) = (get(self.o, option), get(self.n, option));
        let change = match (o, n) {
            (Some(_), None) => {
                let risky = !self.unlocks(self.n);
                let text = if risky {
                    format!("{word} removed: nothing unlocks the repository any more")
                } else {
                    format!("{word} removed")
                };
                Change::new(Aspect::Encryption, Some(option), text, risky)
            }
            (None, Some(_)) => Change::new(
                Aspect::Encryption,
                Some(option),
                format!("{word} added"),
                false,
            ),
            (Some(_), Some(_)) if secret => Change::new(
                Aspect::Encryption,
                Some(option),
                format!("{word} changed: the repository key must be re-encrypted with it"),
                true,
            ),
            (Some(a), Some(b)) => Change::new(
                Aspect::Encryption,
                Some(option),
                format!("{word} {} → {}", display_text(a), display_text(b)),
                false,
            ),
            (None, None) => return,
        };
        let change = if secret { change } else { change.values(o, n) };
        self.out.push(change);
    }

    /// Whether a version still has a way to unlock an encrypted repository (or needs none).
    fn unlocks(&self, options: &Value) -> bool {
        let mode = get(options, "encryption.mode").map(display_text);
        if mode.as_deref() == Some("none") {
            return true;
        }
        let env = options.get("environment");
        BORG_SECRETS.iter().any(|(o, _)| get(options, o).is_some())
            || ["passwordFile", "environmentFile"]
                .iter()
                .any(|o| get(options, o).is_some())
            || BORG_ENV_UNLOCK
                .iter()
                .any(|k| env.and_then(|e| e.get(k)).is_some_and(|v| !v.is_null()))
    }

    /// Literal secrets whose value changed while the option still refers to them.
    fn secrets(&mut self, old: &JobInput, new: &JobInput) {
        for (key, value) in &old.secrets {
            let Some(other) = new.secrets.get(key) else {
                continue;
            };
            if value == other || self.out.iter().any(|c| c.option.as_deref() == Some(key)) {
                continue;
            }
            let (text, risky) = match key.as_str() {
                "encryption.passphrase" => (
                    "passphrase changed: the repository key must be re-encrypted with it".into(),
                    true,
                ),
                other => (format!("secret {other} changed"), false),
            };
            self.out
                .push(Change::new(Aspect::Secret, Some(key), text, risky));
        }
    }

    /// Every other option that differs, one level deep inside partly compared options.
    fn other_options(&mut self) {
        let (o, n) = (self.o, self.n);
        self.other_in(o, n, "");
    }

    fn other_in(&mut self, o: &Value, n: &Value, prefix: &str) {
        let mut keys: Vec<String> = [o, n]
            .iter()
            .filter_map(|v| v.as_object())
            .flat_map(|m| m.keys().cloned())
            .collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            let path = format!("{prefix}{key}");
            if self.handled.contains(&path) {
                continue;
            }
            let (a, b) = (o.get(&key), n.get(&key));
            if a == b {
                continue;
            }
            let inner = format!("{path}.");
            if self.handled.iter().any(|h| h.starts_with(&inner)) {
                let null = Value::Null;
                self.other_in(a.unwrap_or(&null), b.unwrap_or(&null), &inner);
                continue;
            }
            let secret = self.secret_valued(a) || self.secret_valued(b);
            let mut change =
                Change::new(Aspect::Other, Some(&path), format!("{path} changed"), false);
            if !secret {
                change = change.values(a, b);
            }
            self.out.push(change);
        }
    }

    /// Whether a value holds a secret reference (its JSON is then not repeated).
    fn secret_valued(&self, v: Option<&Value>) -> bool {
        fn walk(v: &Value) -> bool {
            match v {
                Value::Object(m) => {
                    m.get("secret") == Some(&Value::Bool(true)) || m.values().any(walk)
                }
                Value::Array(a) => a.iter().any(walk),
                _ => false,
            }
        }
        v.is_some_and(walk)
    }

    /// `conditional` and `blocked`; `unresolved` and `rendered` only when nothing else
    /// explains the difference; a timer that disappeared from `rendered`.
    fn job_fields(&mut self, old: &Value, new: &Value) {
        for field in ["conditional", "blocked"] {
            let (a, b) = (old.get(field), new.get(field));
            if a != b {
                let text = match field {
                    "conditional" => format!(
                        "conditional {} → {}",
                        a.unwrap_or(&Value::Null),
                        b.unwrap_or(&Value::Null)
                    ),
                    _ => "blocked options changed".into(),
                };
                self.out
                    .push(Change::new(Aspect::Other, Some(field), text, false).values(a, b));
            }
        }
        let timer = |v: &Value| v.get("rendered").and_then(|r| r.get("timer")).cloned();
        let (ot, nt) = (timer(old), timer(new));
        let known_schedule = self
            .handled
            .iter()
            .any(|h| h == "startAt" || h == "timerConfig");
        if !known_schedule
            && ot.as_ref().is_some_and(|t| !t.is_null())
            && nt.as_ref().is_some_and(Value::is_null)
        {
            self.out.push(Change::new(
                Aspect::Timer,
                Some("rendered.timer"),
                "timer removed: the job no longer runs by itself".into(),
                true,
            ));
        }
        if self.out.is_empty() {
            for field in ["unresolved", "rendered"] {
                if old.get(field) != new.get(field) {
                    self.out.push(Change::new(
                        Aspect::Other,
                        Some(field),
                        format!("{field} changed"),
                        false,
                    ));
                }
            }
        }
    }
}
