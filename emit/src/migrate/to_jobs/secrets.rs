//! The repository, its encryption mode and the passphrase.
//!
//! A literal `encryption_passphrase` is never written into Nix (it would be world-readable in
//! the store) nor printed: the job reads it from a file the user creates, and the report says
//! which line held it.

use backix_parser::yaml::{Node, Value};

use super::context::{Config, Ctx};
use super::job::Job;
use super::value;
use crate::migrate::nix_expr::NixExpr;

/// Borg 1 encryption modes, the module's enum.
pub const BORG1_MODES: [&str; 7] = [
    "repokey",
    "keyfile",
    "repokey-blake2",
    "keyfile-blake2",
    "authenticated",
    "authenticated-blake2",
    "none",
];

/// Where the job reads a passphrase that was written literally in borgmatic.
pub fn passphrase_file(job: &str) -> String {
    format!("/etc/borgbackup/{job}.passphrase")
}

/// Carries the repository item: `path`, `label`, `encryption`, and the `borg init` options.
pub fn repository(config: &Config, repository: &Node, several: bool, job: &mut Job, cx: &mut Ctx) {
    let path = repository.get("path");
    if let Some(p) = path {
        job.repo = value::string(&p.value, cx).map(|e| match e {
            NixExpr::Raw(_) => NixExpr::Raw(cx.text(p.value.span).to_string()),
            other => other,
        });
        if several {
            cx.lossy(
                "repositories[].path",
                Some(p.value.span),
                "repo",
                "one job per repository: the jobs run as independent units with their own \
                 timers, each with a copy of the hooks and options",
            );
        } else {
            cx.exact("repositories[].path", Some(p.value.span), "repo");
        }
    }
    if let Some(l) = repository.get("label") {
        cx.exact("repositories[].label", Some(l.key.span), "");
    }
    let has_secret = config
        .get("encryption_passphrase")
        .is_some_and(|e| super::is_set(&e.value))
        || config
            .get("encryption_passcommand")
            .is_some_and(|e| super::is_set(&e.value));
    match repository.get("encryption") {
        Some(e) => match &e.value.value {
            Value::String(mode) if BORG1_MODES.contains(&mode.as_str()) => {
                // borgmatic creates a repository only on `borgmatic repo-create`: doInit =
                // false keeps the job from creating one on its own.
                job.encryption_mode = Some(mode.clone());
                job.do_init = Some(false);
                cx.exact(
                    "repositories[].encryption",
                    Some(e.key.span),
                    "encryption.mode, doInit",
                );
            }
            Value::String(mode) => {
                job.encryption_mode = Some(default_mode(has_secret).to_string());
                job.do_init = Some(false);
                cx.not_carried(
                    "repositories[].encryption",
                    Some(e.key.span),
                    format!(
                        "`{mode}` is not a Borg 1 mode, and the module knows Borg 1 modes \
                         only; mode `{}` was written with doInit = false so the job never \
                         creates a repository",
                        default_mode(has_secret)
                    ),
                    None,
                );
            }
            _ => {
                job.encryption_mode = Some(default_mode(has_secret).to_string());
                job.do_init = Some(false);
                cx.not_carried(
                    "repositories[].encryption",
                    Some(e.key.span),
                    "its value is not known statically; doInit = false",
                    None,
                );
            }
        },
        None => {
            let mode = default_mode(has_secret);
            job.encryption_mode = Some(mode.to_string());
            job.do_init = Some(false);
            let why = if has_secret {
                "a passphrase is configured, so the repository is encrypted"
            } else {
                "no passphrase is configured"
            };
            cx.lossy(
                "(encryption mode)",
                path.map(|p| p.key.span),
                "encryption.mode, doInit",
                format!(
                    "the repository does not say its mode (borgmatic only needs it for \
                     repo-create): chose `{mode}` because {why}, and doInit = false so the job \
                     never creates the repository with a guessed mode"
                ),
            );
        }
    }
    for (key, flag, takes_value) in [
        ("append_only", "--append-only", false),
        ("storage_quota", "--storage-quota", true),
        ("make_parent_directories", "--make-parent-dirs", false),
    ] {
        let Some(e) = repository.get(key) else {
            continue;
        };
        let report_key = format!("repositories[].{key}");
        match (&e.value.value, takes_value) {
            (Value::Bool(true), false) => {
                job.extra_init_args.push(NixExpr::str(flag));
                cx.exact(&report_key, Some(e.key.span), "extraInitArgs");
            }
            (Value::Bool(false) | Value::Null, _) => cx.exact(&report_key, Some(e.key.span), ""),
            (_, true) => match value::string(&e.value, cx) {
                Some(v) => {
                    job.extra_init_args.push(NixExpr::str(flag));
                    job.extra_init_args.push(v);
                    cx.exact(&report_key, Some(e.key.span), "extraInitArgs");
                }
                None => cx.not_carried(&report_key, Some(e.key.span), "not a value", None),
            },
            _ => cx.not_carried(
                &report_key,
                Some(e.key.span),
                "its value is not known statically",
                None,
            ),
        }
    }
    for key in ["id_hash", "key_location"] {
        if let Some(e) = repository.get(key) {
            cx.not_carried(
                &format!("repositories[].{key}"),
                Some(e.key.span),
                "a Borg 2 repository option; the module speaks Borg 1",
                None,
            );
        }
    }
}

fn default_mode(has_secret: bool) -> &'static str {
    if has_secret { "repokey" } else { "none" }
}

/// Carries `encryption_passphrase` and `encryption_passcommand`.
pub fn carry(config: &Config, job: &mut Job, cx: &mut Ctx) {
    let passphrase = config
        .get("encryption_passphrase")
        .filter(|e| super::is_set(&e.value));
    let passcommand = config
        .get("encryption_passcommand")
        .filter(|e| super::is_set(&e.value));
    if let Some(e) = passphrase {
        let at = cx.at(e.value.span);
        match &e.value.value {
            Value::String(s) if credential_file(s).is_some() => {
                let file = credential_file(s).unwrap_or_default();
                job.pass_command = Some(NixExpr::Str(format!("cat {}", shell_word(&file))));
                cx.lossy(
                    "encryption_passphrase",
                    Some(e.key.span),
                    "encryption.passCommand",
                    "`{credential file …}` became a passCommand that reads the same file",
                );
            }
            Value::String(_) => {
                let file = passphrase_file(&cx.job);
                job.pass_command = Some(NixExpr::Str(format!("cat {file}")));
                cx.lossy(
                    "encryption_passphrase",
                    Some(e.key.span),
                    "encryption.passCommand",
                    format!(
                        "the passphrase written at {at} is not copied into Nix (it would be \
                         world-readable in the store): create {file} holding it (mode 0400, \
                         owned by the job's user), then remove it from the YAML"
                    ),
                );
            }
            Value::Unknown => {
                job.passphrase = Some(NixExpr::Raw(cx.text(e.value.span).to_string()));
                cx.lossy(
                    "encryption_passphrase",
                    Some(e.key.span),
                    "encryption.passphrase",
                    "the expression is carried as it is; the module puts the passphrase in the \
                     unit's environment and the store (a passCommand reading a file is safer)",
                );
            }
            _ => cx.not_carried(
                "encryption_passphrase",
                Some(e.key.span),
                format!("the value is {}, not a string", e.value.type_name()),
                None,
            ),
        }
        if let Some(c) = passcommand {
            cx.not_carried(
                "encryption_passcommand",
                Some(c.key.span),
                "borgmatic ignores the passcommand when a passphrase is set (the module would \
                 prefer the passcommand), so the passphrase was carried",
                None,
            );
        }
        return;
    }
    if let Some(e) = passcommand {
        match value::string(&e.value, cx) {
            Some(v) => {
                job.pass_command = Some(match v {
                    NixExpr::Raw(_) => NixExpr::Raw(cx.text(e.value.span).to_string()),
                    other => other,
                });
                cx.exact(
                    "encryption_passcommand",
                    Some(e.key.span),
                    "encryption.passCommand",
                );
            }
            None => cx.not_carried(
                "encryption_passcommand",
                Some(e.key.span),
                "not a string",
                None,
            ),
        }
    }
    for key in ["encryption_passphrase", "encryption_passcommand"] {
        if let Some(e) = config.get(key)
            && !cx.is_handled(key)
        {
            cx.exact(key, Some(e.key.span), "");
        }
    }
}

/// The path of a `{credential file PATH}` value.
fn credential_file(s: &str) -> Option<String> {
    let inner = s
        .trim()
        .strip_prefix("{credential file ")?
        .strip_suffix('}')?;
    Some(inner.trim().to_string())
}

/// A word for `shlex.split`/Borg's passcommand splitting.
fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+:@=%,".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}
