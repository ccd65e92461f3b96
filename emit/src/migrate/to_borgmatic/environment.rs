//! `environment.*` and the passphrase settings: the variables borgmatic sets from keys of its
//! own, and which passphrase setting Borg ends up using (never its value).

use crate::manifest::borg::options::BorgOptions;
use crate::manifest::types::{Part, Text};

use super::Job;
use super::resolve::{self, Place};
use super::yaml::Yaml;

/// `environment.*` variables borgmatic sets itself from a key: string keys.
const ENV_STRINGS: [(&str, &str); 11] = [
    ("BORG_RSH", "ssh_command"),
    ("BORG_REMOTE_PATH", "remote_path"),
    ("TMPDIR", "temporary_directory"),
    ("BORG_BASE_DIR", "borg_base_directory"),
    ("BORG_CONFIG_DIR", "borg_config_directory"),
    ("BORG_CACHE_DIR", "borg_cache_directory"),
    ("BORG_SECURITY_DIR", "borg_security_directory"),
    ("BORG_KEYS_DIR", "borg_keys_directory"),
    ("BORG_KEY_FILE", "borg_key_file"),
    ("BORG_HOSTNAME", "archive_hostname"),
    ("BORG_USERNAME", "archive_username"),
];

/// `environment.*` variables borgmatic sets from a Boolean key (`yes`/`no`).
const ENV_FLAGS: [(&str, &str); 7] = [
    (
        "BORG_RELOCATED_REPO_ACCESS_IS_OK",
        "relocated_repo_access_is_ok",
    ),
    (
        "BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK",
        "unknown_unencrypted_repo_access_is_ok",
    ),
    (
        "BORG_CHECK_I_KNOW_WHAT_I_AM_DOING",
        "check_i_know_what_i_am_doing",
    ),
    ("BORG_DEBUG_PASSPHRASE", "debug_passphrase"),
    ("BORG_DISPLAY_PASSPHRASE", "display_passphrase"),
    ("BORG_USE_CHUNKS_ARCHIVE", "use_chunks_archive"),
    ("BORG_MSGPACK_VERSION_CHECK", "msgpack_version_check"),
];

pub(super) fn environment(job: &mut Job, o: &BorgOptions) {
    for (var, text) in &o.environment {
        let option = format!("environment.{var}");
        if matches!(
            var.as_str(),
            "BORG_REPO" | "BORG_PASSPHRASE" | "BORG_PASSCOMMAND"
        ) {
            continue; // With the repository and the passphrase.
        }
        if let Some((_, key)) = ENV_STRINGS.iter().find(|(v, _)| v == var) {
            if let Some(r) = job.resolve(&option, text, Place::Plain) {
                job.set(key, Yaml::Str(r.value));
                job.carried(&option, key, r.notes);
            }
            continue;
        }
        if let Some((_, key)) = ENV_FLAGS.iter().find(|(v, _)| v == var) {
            let value = text.known().map(|s| s.to_ascii_lowercase());
            match value.as_deref() {
                Some("yes" | "true" | "1") => job.set(key, Yaml::Bool(true)),
                Some("no" | "false" | "0") => job.set(key, Yaml::Bool(false)),
                _ => {
                    job.not_carried(&option, "not a yes/no value borgmatic's key can hold", None);
                    continue;
                }
            }
            job.carried(&option, key, Vec::new());
            continue;
        }
        if var == "BORG_FILES_CACHE_TTL" {
            if let Some(n) = text.known().and_then(|s| s.trim().parse::<i64>().ok()) {
                job.set("borg_files_cache_ttl", Yaml::Int(n));
                job.carried(&option, "borg_files_cache_ttl", Vec::new());
            } else {
                job.not_carried(&option, "not an integer", None);
            }
            continue;
        }
        job.not_carried(
            &option,
            "borgmatic cannot set environment variables",
            Some("set it in the environment of the service that runs borgmatic"),
        );
    }
}

/// Where a literal passphrase should be written by the user, read with `{credential file}`.
fn passphrase_file(job: &str) -> String {
    let safe: String = job
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("/etc/borgmatic/{safe}.passphrase")
}

pub(super) fn encryption(job: &mut Job, o: &BorgOptions) {
    // What Borg ends up using: the module sets BORG_PASSCOMMAND from passCommand, otherwise
    // BORG_PASSPHRASE from passphrase; `environment` overrides both; Borg prefers
    // BORG_PASSPHRASE over BORG_PASSCOMMAND.
    let env_pp = o.environment.get("BORG_PASSPHRASE");
    let env_pc = o.environment.get("BORG_PASSCOMMAND");
    let pc = o.encryption.pass_command.as_ref();
    let pp = o.encryption.passphrase.as_ref();
    let mut candidates: Vec<(&str, &Text, bool)> = Vec::new();
    if let Some(t) = env_pp {
        candidates.push(("environment.BORG_PASSPHRASE", t, true));
    }
    if pc.is_none()
        && let Some(t) = pp
    {
        candidates.push(("encryption.passphrase", t, true));
    }
    if let Some(t) = env_pc {
        candidates.push(("environment.BORG_PASSCOMMAND", t, false));
    }
    if let Some(t) = pc {
        candidates.push(("encryption.passCommand", t, false));
    }
    if pc.is_some()
        && let Some(_) = pp
    {
        candidates.push(("encryption.passphrase", pp.expect("checked"), true));
    }
    let mut used = false;
    for (option, text, is_passphrase) in candidates {
        if used {
            job.not_carried(
                option,
                "the job's Borg never reads it: another passphrase setting takes precedence",
                None,
            );
            continue;
        }
        used = true;
        if is_passphrase {
            passphrase(job, option, text);
        } else if let Some(r) = job.resolve(option, text, Place::Plain) {
            job.set("encryption_passcommand", Yaml::Str(r.value));
            job.carried(option, "encryption_passcommand", r.notes);
        }
    }
}

fn passphrase(job: &mut Job, option: &str, text: &Text) {
    let parts = text.parts();
    let file = match parts.as_slice() {
        [Part::Ref(r)] if r.secret => {
            let file = passphrase_file(job.name);
            job.set(
                "encryption_passphrase",
                Yaml::Str(format!("{{credential file {file}}}")),
            );
            job.carried(
                option,
                "encryption_passphrase",
                vec![format!(
                    "the passphrase written literally is not copied: write it into {file} \
                     (readable only by the user that runs borgmatic), which the configuration \
                     reads with `{{credential file …}}`"
                )],
            );
            return;
        }
        [Part::Ref(r)] => resolve::read_secret(&r.reference),
        _ => None,
    };
    match file {
        Some((path, note)) => {
            job.set(
                "encryption_passphrase",
                Yaml::Str(format!("{{credential file {path}}}")),
            );
            job.carried(option, "encryption_passphrase", vec![note]);
        }
        None => job.refuse(
            option,
            "its value is not known statically, and borgmatic cannot run Nix code to find it: \
             use `encryption.passCommand` (or a sops-nix/agenix secret file) and migrate again",
        ),
    }
}
