//! The options of one `services.borgbackup.jobs.<name>`, with the module's defaults filled in.

use std::collections::BTreeMap;

use backix_parser::module::extract::{LocatedValue, OptionNode};
use backix_schema::view;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::manifest::read::{Reader, at};
use crate::manifest::types::{Part, Reference, Text};

/// A job's options after the module's defaults are applied. Booleans are `null` only when the
/// configuration sets them to something backix cannot evaluate (the job is then not rendered).
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct BorgOptions {
    /// `appendFailedSuffix` (default true).
    pub append_failed_suffix: Option<bool>,
    /// `archiveBaseName` (default `"${config.networking.hostName}-<name>"`; null for none).
    pub archive_base_name: Option<Text>,
    /// `compression` (default `"lz4"`).
    pub compression: Text,
    /// `createCommand` (default `"create"`).
    pub create_command: Text,
    /// `dateFormat` (default `"+%Y-%m-%dT%H:%M:%S"`).
    pub date_format: Text,
    /// `doInit` (default true).
    pub do_init: Option<bool>,
    /// `dumpCommand` (default null).
    pub dump_command: Option<Text>,
    /// `encryption.*`.
    pub encryption: Encryption,
    /// `environment` (default `{}`).
    pub environment: BTreeMap<String, Text>,
    /// `exclude` (default `[]`).
    pub exclude: Vec<Text>,
    /// `extraArgs`.
    pub extra_args: ExtraArgs,
    /// `extraCompactArgs`.
    pub extra_compact_args: ExtraArgs,
    /// `extraCreateArgs`.
    pub extra_create_args: ExtraArgs,
    /// `extraInitArgs`.
    pub extra_init_args: ExtraArgs,
    /// `extraPruneArgs`.
    pub extra_prune_args: ExtraArgs,
    /// `failOnWarnings` (default true).
    pub fail_on_warnings: Option<bool>,
    /// `group` (default `"root"`).
    pub group: Text,
    /// `inhibitsSleep` (default false).
    pub inhibits_sleep: Option<bool>,
    /// `paths` (default null; a string is a one-element list).
    pub paths: Option<Vec<Text>>,
    /// `patterns` (default `[]`).
    pub patterns: Vec<Text>,
    /// `persistentTimer` (default false).
    pub persistent_timer: Option<bool>,
    /// `postCreate`.
    pub post_create: Text,
    /// `postHook`.
    pub post_hook: Text,
    /// `postInit`.
    pub post_init: Text,
    /// `postPrune`.
    pub post_prune: Text,
    /// `preHook`.
    pub pre_hook: Text,
    /// `privateTmp` (default true).
    pub private_tmp: Option<bool>,
    /// `prune.*`.
    pub prune: Prune,
    /// `readWritePaths` (default `[]`).
    pub read_write_paths: Vec<Text>,
    /// `removableDevice` (default false).
    pub removable_device: Option<bool>,
    /// `repo` (required).
    pub repo: Text,
    /// `startAt` (default `"daily"`; a string is a one-element list; `[]` means no timer).
    pub start_at: Vec<Text>,
    /// `user` (default `"root"`).
    pub user: Text,
    /// `wrapper` (default `"borg-job-<name>"`).
    pub wrapper: Option<Text>,
    /// Not an option: `users.users.<user>.home`, which the unit's `ReadWritePaths` uses.
    pub user_home: Text,
}

/// `encryption.*`.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Encryption {
    /// `encryption.mode` (required).
    pub mode: Text,
    /// `encryption.passCommand`.
    pub pass_command: Option<Text>,
    /// `encryption.passphrase`: never its value, a secret reference to where it is written.
    pub passphrase: Option<Text>,
}

/// `prune.*`.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct Prune {
    /// `prune.keep`: name → value (as the module prints it with `toString`).
    pub keep: BTreeMap<String, Text>,
    /// `prune.prefix` (default `archiveBaseName`).
    pub prefix: Option<Text>,
}

/// An `extra*Args` option, which the module accepts as a list (each element one word) or a
/// string (word-split by bash).
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(rename_all = "lowercase")]
pub enum ExtraArgs {
    /// A list: escaped with `lib.escapeShellArgs`.
    List(Vec<Text>),
    /// A string: inserted verbatim.
    String(Text),
}

/// The secret values read from the configuration, by reference name; kept out of manifests.
pub type Secrets = BTreeMap<String, String>;

/// Whether an environment variable name looks like it carries a secret.
pub fn secret_env_name(name: &str) -> bool {
    let up = name.to_ascii_uppercase();
    ["PASSPHRASE", "PASSWORD", "SECRET", "TOKEN"]
        .iter()
        .any(|w| up.contains(w))
}

/// Reads a job's options; `Err` lists the problems that make the job unreadable (a required
/// option missing).
pub fn read(name: &str, job: &OptionNode, r: &mut Reader, secrets: &mut Secrets) -> BorgOptions {
    let host_ref = Text::from_parts([
        Part::Ref(Reference {
            reference: "config.networking.hostName".into(),
            at: None,
            secret: false,
        }),
        Part::Lit(format!("-{name}")),
    ]);
    let archive_base_name = r.nullable_text(job, "archiveBaseName", Some(host_ref));
    let prefix = match view::at(job, "prune.prefix") {
        Some(_) => r.nullable_text(job, "prune.prefix", None),
        None => archive_base_name.clone(),
    };
    let repo = match r.value(job, "repo") {
        Some(v) => r.text("repo", v).unwrap_or_else(Text::empty),
        None => {
            r.block("repo", "required, and not defined");
            Text::empty()
        }
    };
    let mode = match r.value(job, "encryption.mode") {
        Some(v) => r.text("encryption.mode", v).unwrap_or_else(Text::empty),
        None => {
            r.block("encryption.mode", "required, and not defined");
            Text::empty()
        }
    };
    let passphrase = match r.value(job, "encryption.passphrase") {
        None => None,
        Some(v) if view::is_null(v) => None,
        Some(v) => secret_text(name, "encryption.passphrase", v, r, secrets),
    };
    let mut environment = BTreeMap::new();
    for (key, v) in r.attrs(job, "environment") {
        let option = format!("environment.{key}");
        let t = if secret_env_name(&key) {
            secret_text(name, &option, v, r, secrets)
        } else {
            r.text(&option, v)
        };
        if let Some(t) = t {
            environment.insert(key, t);
        }
    }
    let user = r.text_or(job, "user", "root");
    let user_home = Text::reference(Reference {
        reference: format!("config.users.users.{}.home", user.display()),
        at: None,
        secret: false,
    });
    let mut keep = BTreeMap::new();
    for (key, v) in r.attrs(job, "prune.keep") {
        let option = format!("prune.keep.{key}");
        let t = match v {
            LocatedValue::Int { value, .. } => Some(Text::lit(value.to_string())),
            v => r.text(&option, v),
        };
        if let Some(t) = t {
            keep.insert(key, t);
        }
    }
    BorgOptions {
        append_failed_suffix: r.flag(job, "appendFailedSuffix", true),
        archive_base_name,
        compression: r.text_or(job, "compression", "lz4"),
        create_command: r.text_or(job, "createCommand", "create"),
        date_format: r.text_or(job, "dateFormat", "+%Y-%m-%dT%H:%M:%S"),
        do_init: r.flag(job, "doInit", true),
        dump_command: r.nullable_text(job, "dumpCommand", None),
        encryption: Encryption {
            mode,
            pass_command: r.nullable_text(job, "encryption.passCommand", None),
            passphrase,
        },
        environment,
        exclude: r.list_or_empty(job, "exclude", false),
        extra_args: extra_args(job, "extraArgs", r),
        extra_compact_args: extra_args(job, "extraCompactArgs", r),
        extra_create_args: extra_args(job, "extraCreateArgs", r),
        extra_init_args: extra_args(job, "extraInitArgs", r),
        extra_prune_args: extra_args(job, "extraPruneArgs", r),
        fail_on_warnings: r.flag(job, "failOnWarnings", true),
        group: r.text_or(job, "group", "root"),
        inhibits_sleep: r.flag(job, "inhibitsSleep", false),
        paths: match r.value(job, "paths") {
            None => None,
            Some(v) if view::is_null(v) => None,
            Some(v) => r.text_list("paths", v, true),
        },
        patterns: r.list_or_empty(job, "patterns", false),
        persistent_timer: r.flag(job, "persistentTimer", false),
        post_create: r.text_or(job, "postCreate", ""),
        post_hook: r.text_or(job, "postHook", ""),
        post_init: r.text_or(job, "postInit", ""),
        post_prune: r.text_or(job, "postPrune", ""),
        pre_hook: r.text_or(job, "preHook", ""),
        private_tmp: r.flag(job, "privateTmp", true),
        prune: Prune { keep, prefix },
        read_write_paths: r.list_or_empty(job, "readWritePaths", false),
        removable_device: r.flag(job, "removableDevice", false),
        repo,
        start_at: match r.value(job, "startAt") {
            None => vec![Text::lit("daily")],
            Some(v) => r.text_list("startAt", v, true).unwrap_or_default(),
        },
        user,
        wrapper: r.nullable_text(job, "wrapper", Some(Text::lit(format!("borg-job-{name}")))),
        user_home,
    }
}

/// A value that is a secret: a literal becomes a reference to where it is written (its value
/// goes to `secrets`, never to the manifest) and a warning.
fn secret_text(
    job: &str,
    option: &str,
    value: &LocatedValue,
    r: &mut Reader,
    secrets: &mut Secrets,
) -> Option<Text> {
    let text = r.text(option, value)?;
    let Some(literal) = text.known() else {
        return Some(text);
    };
    let location = at(value);
    r.warnings.push(format!(
        "{option} of job {job} is written literally{}: it ends up in the world-readable Nix store; \
         the manifest refers to it instead of holding it (prefer encryption.passCommand or a file)",
        location
            .as_deref()
            .map(|l| format!(" at {l}"))
            .unwrap_or_default()
    ));
    secrets.insert(option.to_string(), literal);
    Some(Text::reference(Reference {
        reference: option.to_string(),
        at: location,
        secret: true,
    }))
}

fn extra_args(job: &OptionNode, option: &str, r: &mut Reader) -> ExtraArgs {
    match r.value(job, option) {
        None => ExtraArgs::List(Vec::new()),
        Some(v @ LocatedValue::List { .. }) => {
            ExtraArgs::List(r.text_list(option, v, false).unwrap_or_default())
        }
        Some(v) => ExtraArgs::String(r.text(option, v).unwrap_or_else(Text::empty)),
    }
}
