//! NixOS `services.restic.backups.<name>`: every option of the module, with its Nix type
//! (`x-nix-type`), default and constraints.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::matching::ABSOLUTE_PATH;

fn yes() -> bool {
    true
}

fn root() -> String {
    "root".into()
}

fn no_paths() -> Option<Vec<String>> {
    Some(Vec::new())
}

fn daily_timer() -> Option<BTreeMap<String, UnitOption>> {
    Some(BTreeMap::from([
        ("OnCalendar".into(), UnitOption::Str("daily".into())),
        ("Persistent".into(), UnitOption::Bool(true)),
    ]))
}

/// One backup of `services.restic.backups`: a systemd service (and timer) that runs `restic
/// backup`, then optionally `forget --prune` and `check`.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(title = "services.restic.backups.<name>")]
pub struct ResticBackup {
    /// Script run when the service stops, after the backup (also after failures).
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "nullOr str"))]
    pub backup_cleanup_command: Option<String>,

    /// Script run before the backup starts.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "nullOr str"))]
    pub backup_prepare_command: Option<String>,

    /// Options of `restic check`.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "listOf str"))]
    pub check_opts: Vec<String>,

    /// Command whose output is backed up (`--stdin-from-command`), instead of files.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "listOf str"))]
    pub command: Vec<String>,

    /// Put a `restic-<name>` wrapper with the backup's environment on PATH.
    #[serde(default = "yes")]
    #[schemars(extend("x-nix-type" = "bool"))]
    pub create_wrapper: bool,

    /// Script whose output lists more files to back up.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "nullOr str"))]
    pub dynamic_files_from: Option<String>,

    /// systemd `EnvironmentFile=` with credentials (may set the repository and password too).
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "nullOr str"))]
    pub environment_file: Option<String>,

    /// Exclude patterns, given in a file to `--exclude-file`.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "listOf str"))]
    pub exclude: Vec<String>,

    /// Extra arguments of `restic backup`.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "listOf str"))]
    pub extra_backup_args: Vec<String>,

    /// Extended options (`-o key=value`) of every restic call.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "listOf str"))]
    pub extra_options: Vec<String>,

    /// Keep the machine from sleeping while restic runs (`systemd-inhibit`).
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "bool"))]
    pub inhibits_sleep: bool,

    /// Create the repository (`restic init`) when it cannot be opened.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "bool"))]
    pub initialize: bool,

    /// The restic package used. Default: `pkgs.restic`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-nix-type" = "package"))]
    pub package: Option<serde_json::Value>,

    /// File holding the repository password (`RESTIC_PASSWORD_FILE`).
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "nullOr str"))]
    pub password_file: Option<String>,

    /// Paths to back up (`null` and `[ ]`: none).
    #[serde(default = "no_paths")]
    #[schemars(extend("x-nix-type" = "nullOr (listOf str)"))]
    pub paths: Option<Vec<String>>,

    /// Progress updates per second (`RESTIC_PROGRESS_FPS`).
    #[serde(default)]
    #[schemars(range(min = 0))]
    #[schemars(extend("x-nix-type" = "nullOr numbers.nonnegative"))]
    pub progress_fps: Option<f64>,

    /// Options of `restic forget --prune`; empty for no pruning.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "listOf str"))]
    pub prune_opts: Vec<String>,

    /// rclone remote configuration, as `RCLONE_CONFIG_<REMOTE>_<KEY>` variables.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "nullOr (attrsOf (oneOf [ str bool ]))"))]
    pub rclone_config: Option<BTreeMap<String, StrOrBool>>,

    /// rclone configuration file (`RCLONE_CONFIG`).
    #[serde(default)]
    #[schemars(pattern(ABSOLUTE_PATH.json))]
    #[schemars(extend("x-nix-type" = "nullOr path"))]
    pub rclone_config_file: Option<String>,

    /// rclone global flags, as `RCLONE_<NAME>` variables.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "nullOr (attrsOf (oneOf [ str bool ]))"))]
    pub rclone_options: Option<BTreeMap<String, StrOrBool>>,

    /// The repository (`RESTIC_REPOSITORY`).
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "nullOr str"))]
    pub repository: Option<String>,

    /// File holding the repository location (`RESTIC_REPOSITORY_FILE`).
    #[serde(default)]
    #[schemars(pattern(ABSOLUTE_PATH.json))]
    #[schemars(extend("x-nix-type" = "nullOr path"))]
    pub repository_file: Option<String>,

    /// Run `restic check` after the backup. Default: `true` when `checkOpts` is not empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    #[schemars(extend("x-nix-type" = "bool"))]
    pub run_check: Option<bool>,

    /// The `[Timer]` section of the timer unit; `null` for no timer.
    #[serde(default = "daily_timer")]
    #[schemars(extend("x-nix-type" = "nullOr (attrsOf unitOption)"))]
    pub timer_config: Option<BTreeMap<String, UnitOption>>,

    /// User the service runs as.
    #[serde(default = "root")]
    #[schemars(extend("x-nix-type" = "str"))]
    pub user: String,
}

/// An rclone setting: a string or a Boolean.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum StrOrBool {
    // A string value.
    Str(String),
    // A Boolean, written `true` or `false`.
    Bool(bool),
}

/// A systemd unit setting: a Boolean, integer or string, or a list of them (several lines).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum UnitOption {
    // A Boolean.
    Bool(bool),
    // An integer.
    Int(i64),
    // A string.
    Str(String),
    // Several values, one line each.
    List(Vec<UnitScalar>),
}

/// One value of a systemd unit setting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum UnitScalar {
    // A Boolean.
    Bool(bool),
    // An integer.
    Int(i64),
    // A string.
    Str(String),
}
