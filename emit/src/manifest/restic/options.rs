//! The options of one `services.restic.backups.<name>`, with the module's defaults filled in.
//!
//! restic has no option holding a password itself: `passwordFile`, `environmentFile`,
//! `repositoryFile` and `rcloneConfigFile` are paths and stay paths (their files are read by
//! restic, rclone or `backix run` at run time, never at emit time). The one place secrets can be
//! written literally is `rcloneConfig`/`rcloneOptions`; such values are kept aside like borg's
//! literal passphrases.

use std::collections::BTreeMap;

use backix_parser::module::extract::{LocatedValue, OptionNode};
use backix_schema::lints::support::is_secret_name;
use backix_schema::view;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::manifest::borg::options::Secrets;
use crate::manifest::read::{Reader, at, describe};
use crate::manifest::types::{Reference, Text};

/// A backup's options after the module's defaults are applied. Booleans are `null` only when the
/// configuration sets them to something backix cannot evaluate (the job is then not rendered).
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ResticOptions {
    /// `backupCleanupCommand` (default null).
    pub backup_cleanup_command: Option<Text>,
    /// `backupPrepareCommand` (default null).
    pub backup_prepare_command: Option<Text>,
    /// `checkOpts` (default `[]`).
    pub check_opts: Vec<Text>,
    /// `command` (default `[]`): the argv of `restic backup --stdin-from-command`.
    pub command: Vec<Text>,
    /// `createWrapper` (default true; null when not statically known, which blocks nothing:
    /// the `restic-<name>` wrapper is not part of the unit).
    pub create_wrapper: Option<bool>,
    /// `dynamicFilesFrom` (default null): a script whose output lists more files.
    pub dynamic_files_from: Option<Text>,
    /// `environmentFile` (default null): the unit's `EnvironmentFile=`, a path.
    pub environment_file: Option<Text>,
    /// `exclude` (default `[]`).
    pub exclude: Vec<Text>,
    /// `extraBackupArgs` (default `[]`).
    pub extra_backup_args: Vec<Text>,
    /// `extraOptions` (default `[]`): each becomes `-o ITEM` on every restic command.
    pub extra_options: Vec<Text>,
    /// `inhibitsSleep` (default false).
    pub inhibits_sleep: Option<bool>,
    /// `initialize` (default false).
    pub initialize: Option<bool>,
    /// `package`: the restic executable (`lib.getExe package`); `restic` from `PATH` for the
    /// default `pkgs.restic`, otherwise a reference to supply with the executable's path.
    pub package: Text,
    /// `passwordFile` (default null), a path.
    pub password_file: Option<Text>,
    /// `paths` (default `[]`; null is kept as null).
    pub paths: Option<Vec<Text>>,
    /// `progressFps` (default null), as Nix's `toString` prints it (`0.100000`, `2`).
    pub progress_fps: Option<Text>,
    /// `pruneOpts` (default `[]`).
    pub prune_opts: Vec<Text>,
    /// `rcloneConfig` (default null): remote key → value (Booleans as `true`/`false`).
    pub rclone_config: Option<BTreeMap<String, Text>>,
    /// `rcloneConfigFile` (default null), a path.
    pub rclone_config_file: Option<Text>,
    /// `rcloneOptions` (default null): rclone flag name → value.
    pub rclone_options: Option<BTreeMap<String, Text>>,
    /// `repository` (default null).
    pub repository: Option<Text>,
    /// `repositoryFile` (default null), a path.
    pub repository_file: Option<Text>,
    /// `runCheck` (default: whether `checkOpts` is not empty).
    pub run_check: Option<bool>,
    /// `timerConfig` (default `{ OnCalendar = "daily"; Persistent = true; }`; null for no
    /// timer): each key with its values as systemd reads them (Booleans `true`/`false`).
    pub timer_config: Option<BTreeMap<String, Vec<Text>>>,
    /// `user` (default `"root"`).
    pub user: Text,
}

/// Reads a backup's options. Problems that keep it from being rendered go to `r.blocked`;
/// literal secrets of `rcloneConfig`/`rcloneOptions` go to `secrets`.
pub fn read(name: &str, job: &OptionNode, r: &mut Reader, secrets: &mut Secrets) -> ResticOptions {
    let check_opts = r.list_or_empty(job, "checkOpts", false);
    let run_check = r.flag(job, "runCheck", !check_opts.is_empty());
    ResticOptions {
        backup_cleanup_command: r.nullable_text(job, "backupCleanupCommand", None),
        backup_prepare_command: r.nullable_text(job, "backupPrepareCommand", None),
        check_opts,
        command: r.list_or_empty(job, "command", false),
        // The unit does not depend on it: an unknown value is null and blocks nothing.
        create_wrapper: match r.value(job, "createWrapper") {
            None => Some(true),
            Some(v) => view::as_bool(v),
        },
        dynamic_files_from: r.nullable_text(job, "dynamicFilesFrom", None),
        environment_file: r.nullable_text(job, "environmentFile", None),
        exclude: r.list_or_empty(job, "exclude", false),
        extra_backup_args: r.list_or_empty(job, "extraBackupArgs", false),
        extra_options: r.list_or_empty(job, "extraOptions", false),
        inhibits_sleep: r.flag(job, "inhibitsSleep", false),
        initialize: r.flag(job, "initialize", false),
        package: package(job, r),
        password_file: r.nullable_text(job, "passwordFile", None),
        paths: match r.value(job, "paths") {
            None => Some(Vec::new()),
            Some(v) if view::is_null(v) => None,
            Some(v) => r.text_list("paths", v, false),
        },
        progress_fps: progress_fps(job, r),
        prune_opts: r.list_or_empty(job, "pruneOpts", false),
        rclone_config: rclone_attrs(name, job, "rcloneConfig", r, secrets),
        rclone_config_file: r.nullable_text(job, "rcloneConfigFile", None),
        rclone_options: rclone_attrs(name, job, "rcloneOptions", r, secrets),
        repository: r.nullable_text(job, "repository", None),
        repository_file: r.nullable_text(job, "repositoryFile", None),
        run_check,
        timer_config: timer_config(job, r),
        user: r.text_or(job, "user", "root"),
    }
}

/// `package`: the default (and `pkgs.restic` written out) is `restic`; anything else is kept
/// as a reference to the executable.
fn package(job: &OptionNode, r: &mut Reader) -> Text {
    match r.value(job, "package") {
        None => Text::lit("restic"),
        Some(LocatedValue::Unknown { text, .. }) if text == "pkgs.restic" => Text::lit("restic"),
        Some(v @ LocatedValue::Unknown { text, .. }) => Text::reference(Reference {
            reference: text.clone(),
            at: at(v),
            secret: false,
        }),
        Some(v) => r.text("package", v).unwrap_or_else(|| Text::lit("restic")),
    }
}

/// `progressFps` printed as Nix's `toString` prints a number.
fn progress_fps(job: &OptionNode, r: &mut Reader) -> Option<Text> {
    match r.value(job, "progressFps")? {
        v if view::is_null(v) => None,
        LocatedValue::Int { value, .. } => Some(Text::lit(value.to_string())),
        LocatedValue::Float { value, .. } => Some(Text::lit(format!("{value:.6}"))),
        v @ LocatedValue::Unknown { .. } => r.text("progressFps", v),
        v => {
            let why = format!("expected a number, found {}", describe(v));
            r.block("progressFps", &why);
            None
        }
    }
}

/// A string or Boolean as the module writes it into an environment variable or unit setting.
fn scalar(option: &str, value: &LocatedValue, r: &mut Reader) -> Option<Text> {
    match value {
        LocatedValue::Bool { value, .. } => Some(Text::lit(value.to_string())),
        LocatedValue::Int { value, .. } => Some(Text::lit(value.to_string())),
        v => r.text(option, v),
    }
}

/// `rcloneConfig`/`rcloneOptions`: null or a set of strings and Booleans. A literal value under
/// a secret-looking key is kept in `secrets` and replaced by a secret reference.
fn rclone_attrs(
    job_name: &str,
    job: &OptionNode,
    option: &str,
    r: &mut Reader,
    secrets: &mut Secrets,
) -> Option<BTreeMap<String, Text>> {
    let node = view::at(job, option)?;
    if let OptionNode::Value { value, .. } = node
        && view::is_null(value)
    {
        return None;
    }
    let mut out = BTreeMap::new();
    for (key, value) in r.attrs(job, option) {
        let path = format!("{option}.{key}");
        let Some(text) = scalar(&path, value, r) else {
            continue;
        };
        let text = match text.known() {
            Some(literal) if is_secret_name(&key) && !literal.is_empty() => {
                let location = at(value);
                r.warnings.push(format!(
                    "{path} of restic backup {job_name} is written literally{}: it ends up in \
                     the world-readable Nix store; the manifest refers to it instead of holding \
                     it (prefer rcloneConfigFile or environmentFile)",
                    location
                        .as_deref()
                        .map(|l| format!(" at {l}"))
                        .unwrap_or_default()
                ));
                secrets.insert(path.clone(), literal);
                Text::reference(Reference {
                    reference: path,
                    at: location,
                    secret: true,
                })
            }
            _ => text,
        };
        out.insert(key, text);
    }
    Some(out)
}

/// `timerConfig`: absent is the module's default, null is no timer.
fn timer_config(job: &OptionNode, r: &mut Reader) -> Option<BTreeMap<String, Vec<Text>>> {
    match view::at(job, "timerConfig") {
        None => {
            return Some(BTreeMap::from([
                ("OnCalendar".to_string(), vec![Text::lit("daily")]),
                ("Persistent".to_string(), vec![Text::lit("true")]),
            ]));
        }
        Some(OptionNode::Value { value, .. }) if view::is_null(value) => return None,
        Some(_) => {}
    }
    let mut out = BTreeMap::new();
    for (key, value) in r.attrs(job, "timerConfig") {
        let option = format!("timerConfig.{key}");
        let values = match value {
            LocatedValue::List { items, .. } => items
                .iter()
                .enumerate()
                .map(|(i, v)| scalar(&format!("{option}[{i}]"), v, r))
                .collect::<Option<Vec<_>>>(),
            v => scalar(&option, v, r).map(|t| vec![t]),
        };
        if let Some(values) = values {
            out.insert(key, values);
        }
    }
    Some(out)
}
