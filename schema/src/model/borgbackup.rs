//! NixOS `services.borgbackup`: one job (`jobs.<name>`) and one repository served to clients
//! (`repos.<name>`). Every option of the module, with its Nix type (`x-nix-type`), default and
//! constraints.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::coerce::{ArgsListOrString, StringOrList, StringOrStrings};
use super::matching::{ABSOLUTE_PATH, BORG_ARCHIVE_BASE_NAME, BORG_COMPRESSION, BORG_QUOTA};

fn yes() -> bool {
    true
}

fn lz4() -> String {
    "lz4".into()
}

fn date_format() -> String {
    "+%Y-%m-%dT%H:%M:%S".into()
}

fn root() -> String {
    "root".into()
}

fn daily() -> StringOrStrings {
    StringOrStrings::One("daily".into())
}

fn borg() -> String {
    "borg".into()
}

fn borg_path() -> String {
    "/var/lib/borgbackup".into()
}

/// One job of `services.borgbackup.jobs`: a systemd service and timer that run `borg create`
/// (and `init`, `prune`, `compact`) on one repository.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(title = "services.borgbackup.jobs.<name>")]
pub struct BorgbackupJob {
    /// Create the archive as `<name>.failed` and rename it once `borg create` succeeded.
    #[serde(default = "yes")]
    #[schemars(extend("x-nix-type" = "bool"))]
    pub append_failed_suffix: bool,

    /// Prefix of archive names (the date is appended); `null` for none. Default:
    /// `"<hostName>-<name>"`.
    #[schemars(pattern(BORG_ARCHIVE_BASE_NAME.json))]
    #[schemars(extend("x-nix-type" = "nullOr (strMatching \"[^/{}]+\")"))]
    pub archive_base_name: Option<String>,

    /// borg compression spec, such as `auto,lzma` or `zstd,10`.
    #[serde(default = "lz4")]
    #[schemars(pattern(BORG_COMPRESSION.json))]
    #[schemars(extend(
        "x-nix-type" = "strMatching \"none|(auto,)?(lz4|zstd|zlib|lzma)(,[[:digit:]]{1,2})?\""
    ))]
    pub compression: String,

    /// The borg subcommand that creates the archive (`import-tar` reads a tar stream from
    /// `dumpCommand`).
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "enum [ \"create\" \"import-tar\" ]"))]
    pub create_command: CreateCommand,

    /// Arguments of `date` that give the archive name's suffix, inserted unquoted.
    #[serde(default = "date_format")]
    #[schemars(extend("x-nix-type" = "str"))]
    pub date_format: String,

    /// Run `borg init` when `borg list` fails on the repository.
    #[serde(default = "yes")]
    #[schemars(extend("x-nix-type" = "bool"))]
    pub do_init: bool,

    /// Absolute path of a program whose standard output is backed up instead of `paths`.
    #[serde(default)]
    #[schemars(pattern(ABSOLUTE_PATH.json))]
    #[schemars(extend("x-nix-type" = "nullOr path"))]
    pub dump_command: Option<String>,

    /// The repository's encryption mode and passphrase.
    #[schemars(extend("x-nix-group" = true))]
    pub encryption: Encryption,

    /// Extra environment variables of the service and the wrapper (they override the module's).
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "attrsOf str"))]
    pub environment: BTreeMap<String, String>,

    /// borg exclude patterns, one per line of the file given to `--exclude-from`.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "listOf str"))]
    pub exclude: Vec<String>,

    /// Arguments added to every borg call (a list is quoted word by word, a string is not).
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "coercedTo (listOf str) escapeShellArgs str"))]
    pub extra_args: ArgsListOrString,

    /// Arguments added to `borg compact`.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "coercedTo (listOf str) escapeShellArgs str"))]
    pub extra_compact_args: ArgsListOrString,

    /// Arguments added to `borg create`.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "coercedTo (listOf str) escapeShellArgs str"))]
    pub extra_create_args: ArgsListOrString,

    /// Arguments added to `borg init`.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "coercedTo (listOf str) escapeShellArgs str"))]
    pub extra_init_args: ArgsListOrString,

    /// Arguments added to `borg prune`.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "coercedTo (listOf str) escapeShellArgs str"))]
    pub extra_prune_args: ArgsListOrString,

    /// Fail the job on borg warnings; `false` treats warning exit codes (1, 100–127) as success.
    #[serde(default = "yes")]
    #[schemars(extend("x-nix-type" = "bool"))]
    pub fail_on_warnings: bool,

    /// Group the service runs as.
    #[serde(default = "root")]
    #[schemars(extend("x-nix-type" = "str"))]
    pub group: String,

    /// Keep the machine from sleeping while the job runs (`systemd-inhibit`).
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "bool"))]
    pub inhibits_sleep: bool,

    /// What to back up: one path or a list; exactly one of `paths` and `dumpCommand` is set.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "nullOr (coercedTo str singleton (listOf str))"))]
    pub paths: Option<StringOrList>,

    /// borg pattern lines, given to `--patterns-from` (the first match wins).
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "listOf str"))]
    pub patterns: Vec<String>,

    /// Run a missed start after boot (timer `Persistent=`).
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "bool"))]
    pub persistent_timer: bool,

    /// Shell commands run after the archive is created (`$archiveName` is set).
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "lines"))]
    pub post_create: String,

    /// Shell commands run when the job exits, always (`$exitStatus` is set).
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "lines"))]
    pub post_hook: String,

    /// Shell commands run after `borg init` created the repository.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "lines"))]
    pub post_init: String,

    /// Shell commands run after prune and compact.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "lines"))]
    pub post_prune: String,

    /// Shell commands run before init and create (they may change `archiveName`).
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "lines"))]
    pub pre_hook: String,

    /// Give the service a private `/tmp` (`PrivateTmp=`).
    #[serde(default = "yes")]
    #[schemars(extend("x-nix-type" = "bool"))]
    pub private_tmp: bool,

    /// Which archives to keep; without `keep` nothing is pruned or compacted.
    #[serde(default)]
    #[schemars(extend("x-nix-group" = true))]
    pub prune: Prune,

    /// Extra paths the service may write to (`ReadWritePaths=`).
    #[serde(default)]
    #[schemars(inner(pattern(ABSOLUTE_PATH.json)))]
    #[schemars(extend("x-nix-type" = "listOf path"))]
    pub read_write_paths: Vec<String>,

    /// The repository is on a removable device: it must be local, and is not created at boot.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "bool"))]
    pub removable_device: bool,

    /// The repository, local or remote (`user@host:path`); it becomes `BORG_REPO`.
    #[schemars(extend("x-nix-type" = "str"))]
    pub repo: String,

    /// When to run: systemd calendar expressions (`[ ]` for no timer).
    #[serde(default = "daily")]
    #[schemars(extend("x-nix-type" = "either str (listOf str)"))]
    pub start_at: StringOrStrings,

    /// User the service runs as.
    #[serde(default = "root")]
    #[schemars(extend("x-nix-type" = "str"))]
    pub user: String,

    /// Name of the borg wrapper put on PATH; `null` or `""` for none. Default:
    /// `"borg-job-<name>"`.
    #[schemars(extend("x-nix-type" = "nullOr str"))]
    pub wrapper: Option<String>,
}

/// The borg subcommand that creates the archive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CreateCommand {
    // `borg create` of `paths` or of the dump command's output.
    #[default]
    Create,
    // `borg import-tar` of the dump command's output.
    ImportTar,
}

/// `encryption` of a borgbackup job.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Encryption {
    /// Encryption mode given to `borg init`; any mode but `none` needs a passCommand or
    /// passphrase.
    #[schemars(extend(
        "x-nix-type" = "enum [ \"repokey\" \"keyfile\" \"repokey-blake2\" \"keyfile-blake2\" \"authenticated\" \"authenticated-blake2\" \"none\" ]"
    ))]
    pub mode: EncryptionMode,

    /// A command that prints the passphrase (`BORG_PASSCOMMAND`).
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "nullOr str"))]
    pub pass_command: Option<String>,

    /// The passphrase itself (`BORG_PASSPHRASE`); it ends up in the world-readable Nix store.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "nullOr str"))]
    pub passphrase: Option<String>,
}

/// borg repository encryption modes the module accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EncryptionMode {
    // Key in the repository, AES + HMAC-SHA256.
    Repokey,
    // Key in a local file, AES + HMAC-SHA256.
    Keyfile,
    // Key in the repository, AES + BLAKE2b.
    RepokeyBlake2,
    // Key in a local file, AES + BLAKE2b.
    KeyfileBlake2,
    // No encryption, HMAC-SHA256 authentication.
    Authenticated,
    // No encryption, BLAKE2b authentication.
    AuthenticatedBlake2,
    // No encryption, no authentication.
    None,
}

/// `prune` of a borgbackup job.
#[derive(Clone, Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Prune {
    /// Retention: each `name = value` becomes `--keep-<name>=<value>` (`-1`: unlimited).
    #[serde(default)]
    #[schemars(extend(
        "x-nix-type" = "attrsOf (either int (strMatching \"[[:digit:]]+[Hdwmy]\"))"
    ))]
    pub keep: BTreeMap<String, KeepValue>,

    /// Only prune archives whose name starts with this (`null`: all archives). Default:
    /// `archiveBaseName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-nix-type" = "nullOr str"))]
    pub prefix: Option<String>,
}

/// One `prune.keep` value: a count, or an interval such as `7d`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum KeepValue {
    // A number of archives (`-1`: unlimited).
    Count(i64),
    // An interval: digits and one of H, d, w, m, y.
    Interval(#[schemars(pattern(super::matching::KEEP_INTERVAL.json))] String),
}

/// One repository of `services.borgbackup.repos`: a directory served by `borg serve` to the
/// SSH keys listed.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(title = "services.borgbackup.repos.<name>")]
pub struct BorgbackupRepo {
    /// Let clients create repositories in subdirectories (`--restrict-to-path`).
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "bool"))]
    pub allow_sub_repos: bool,

    /// SSH public keys with full access, forced to `borg serve`.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "listOf str"))]
    pub authorized_keys: Vec<String>,

    /// SSH public keys forced to `borg serve --append-only`.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "listOf str"))]
    pub authorized_keys_append_only: Vec<String>,

    /// Group of the serving user and of `path`.
    #[serde(default = "borg")]
    #[schemars(extend("x-nix-type" = "str"))]
    pub group: String,

    /// Where the backups are stored; created at boot.
    #[serde(default = "borg_path")]
    #[schemars(pattern(ABSOLUTE_PATH.json))]
    #[schemars(extend("x-nix-type" = "path"))]
    pub path: String,

    /// Storage quota, such as `100G` (`--storage-quota`); `null` for none.
    #[serde(default)]
    #[schemars(pattern(BORG_QUOTA.json))]
    #[schemars(extend("x-nix-type" = "nullOr (strMatching \"[[:digit:].]+[KMGTP]?\")"))]
    pub quota: Option<String>,

    /// The SSH login user that runs `borg serve`.
    #[serde(default = "borg")]
    #[schemars(extend("x-nix-type" = "str"))]
    pub user: String,
}
