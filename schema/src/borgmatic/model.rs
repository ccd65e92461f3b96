//! The flat borgmatic 2.1.10 configuration as Rust types (serde + schemars).
//!
//! Written by `tools/gen_model.py` from the facts of borgmatic's schema: types, enums,
//! required keys and closed objects. Do not edit by hand; rerun the generator.

#![allow(clippy::large_enum_variant)]

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::types::{IntOrString, Nullable, Statistics, present};

/// The flat borgmatic 2.1.10 configuration (one YAML file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `constants` (object): Map name→value; every "{name}" inside any string option value is replaced (command-hook values get shell-quoted). With any constant defined, *every* string value is afterwards coerced to int/bool if it looks like one (see pitfalls).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "BTreeMap<String, serde_json::Value>")]
    pub constants: Option<BTreeMap<String, serde_json::Value>>,
    /// `source_directories` (list of string): Paths to back up; globs and ~ expanded by borgmatic; become "R path" root patterns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub source_directories: Option<Vec<String>>,
    /// `source_directories_must_exist` (boolean): Error out before create if a root path is missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub source_directories_must_exist: Option<bool>,
    /// `repositories` (list of object): List of {path (required), label, encryption, id_hash, key_location, append_only, storage_quota, make_parent_directories}; items allow additionalProperties (2.1.10: any other top-level option placed here becomes repository-specific).
    pub repositories: Vec<Repository>,
    /// `working_directory` (string): cwd for Borg and (since 2.0.0) hooks; relative source paths resolve against it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub working_directory: Option<String>,
    /// `one_file_system` (boolean): --one-file-system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub one_file_system: Option<bool>,
    /// `numeric_ids` (boolean): --numeric-ids (Borg >=1.2.0b3) else --numeric-owner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub numeric_ids: Option<bool>,
    /// `atime` (boolean): true → --atime (Borg 1.2+); false → --noatime (older Borg).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub atime: Option<bool>,
    /// `ctime` (boolean): false → --noctime.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub ctime: Option<bool>,
    /// `birthtime` (boolean): false → --nobirthtime.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub birthtime: Option<bool>,
    /// `read_special` (boolean): --read-special; forced on when database/stream hooks are active.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub read_special: Option<bool>,
    /// `unsafe_skip_path_validation_before_create` (boolean): Skip the pre-create "borg create --dry-run --list" validation pass (runtime-dir exclusion + special-file detection).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub unsafe_skip_path_validation_before_create: Option<bool>,
    /// `flags` (boolean): false → --noflags (Borg 1.2+) / --nobsdflags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub flags: Option<bool>,
    /// `files_changed` (string): --files-changed (Borg 1.4.2+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "FilesChanged")]
    pub files_changed: Option<FilesChanged>,
    /// `files_cache` (string): --files-cache MODE.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub files_cache: Option<String>,
    /// `local_path` (string): Local Borg executable (may contain spaces-separated args; split on " ").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub local_path: Option<String>,
    /// `remote_path` (string): Remote Borg executable: --remote-path (Borg < 2.0.0b23) and always exported as BORG_REMOTE_PATH.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub remote_path: Option<String>,
    /// `patterns` (list of string): Borg pattern lines ("R", "+", "-", "!", "P"); tildes expanded (1.9.14+); merged into the single patterns file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub patterns: Option<Vec<String>>,
    /// `patterns_from` (list of string): Files of pattern lines; since 1.9.6 read by borgmatic and merged into the patterns file (not passed as --patterns-from).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub patterns_from: Option<Vec<String>>,
    /// `exclude_patterns` (list of string): Excludes; each becomes "! fm:<pattern>" (or keeps an explicit "sh:"/"re:"/... style) in the patterns file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub exclude_patterns: Option<Vec<String>>,
    /// `exclude_from` (list of string): Files of excludes; read by borgmatic and merged like exclude_patterns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub exclude_from: Option<Vec<String>>,
    /// `exclude_caches` (boolean): --exclude-caches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub exclude_caches: Option<bool>,
    /// `exclude_if_present` (list of string): List → one --exclude-if-present NAME per entry (string accepted, deprecated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub exclude_if_present: Option<Vec<String>>,
    /// `keep_exclude_tags` (boolean): --keep-exclude-tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub keep_exclude_tags: Option<bool>,
    /// `exclude_nodump` (boolean): --exclude-nodump (Borg 1.x only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub exclude_nodump: Option<bool>,
    /// `borgmatic_source_directory` (string): Deprecated (1.9.0); only for locating old dumps/bootstrap data in old archives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub borgmatic_source_directory: Option<String>,
    /// `user_runtime_directory` (string): Where borgmatic makes its temp "borgmatic" dir (patterns file, DB pipes, bootstrap manifest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub user_runtime_directory: Option<String>,
    /// `user_state_directory` (string): Where check timestamps live ({dir}/borgmatic/checks/...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub user_state_directory: Option<String>,
    /// `encryption_passcommand` (string): borgmatic runs it itself (shlex split, no shell, cached per run) and feeds the passphrase via BORG_PASSPHRASE_FD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub encryption_passcommand: Option<String>,
    /// `encryption_passphrase` (string): Passphrase (supports "{credential ...}"); wins over passcommand (1.9.10+); sent via BORG_PASSPHRASE_FD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub encryption_passphrase: Option<String>,
    /// `checkpoint_interval` (integer): --checkpoint-interval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub checkpoint_interval: Option<i64>,
    /// `checkpoint_volume` (integer): --checkpoint-volume (Borg 2+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub checkpoint_volume: Option<i64>,
    /// `chunker_params` (string): --chunker-params.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub chunker_params: Option<String>,
    /// `compression` (string): --compression SPEC (free string, e.g. "zstd,7", "auto,lzma").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub compression: Option<String>,
    /// `recompress` (string): recreate action only: --recompress MODE.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Recompress")]
    pub recompress: Option<Recompress>,
    /// `upload_rate_limit` (integer): kiB/s → --upload-ratelimit (Borg >=1.2.0b3) else --remote-ratelimit; Borg 1.x only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub upload_rate_limit: Option<i64>,
    /// `upload_buffer_size` (integer): MiB → --upload-buffer (Borg 1.x only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub upload_buffer_size: Option<i64>,
    /// `retries` (integer): Retry a failing repository run N times (whole action list for that repo).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub retries: Option<i64>,
    /// `retry_wait` (integer): Seconds; wait = retry_number × retry_wait (linear backoff).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub retry_wait: Option<i64>,
    /// `temporary_directory` (string): Exported as TMPDIR for Borg.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub temporary_directory: Option<String>,
    /// `ssh_command` (string): Exported as BORG_RSH.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub ssh_command: Option<String>,
    /// `borg_base_directory` (string): BORG_BASE_DIR.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub borg_base_directory: Option<String>,
    /// `borg_config_directory` (string): BORG_CONFIG_DIR.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub borg_config_directory: Option<String>,
    /// `borg_cache_directory` (string): BORG_CACHE_DIR.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub borg_cache_directory: Option<String>,
    /// `use_chunks_archive` (boolean): BORG_USE_CHUNKS_ARCHIVE=YES/NO (only if not already in env).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub use_chunks_archive: Option<bool>,
    /// `borg_files_cache_ttl` (integer): BORG_FILES_CACHE_TTL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub borg_files_cache_ttl: Option<i64>,
    /// `borg_security_directory` (string): BORG_SECURITY_DIR.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub borg_security_directory: Option<String>,
    /// `borg_keys_directory` (string): BORG_KEYS_DIR.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub borg_keys_directory: Option<String>,
    /// `borg_key_file` (string): BORG_KEY_FILE (keyfile repos).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub borg_key_file: Option<String>,
    /// `borg_exit_codes` (list of object): List of {code (int, not 0), treat_as: error\|warning} overriding borgmatic exit-code policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<BorgExitCode>")]
    pub borg_exit_codes: Option<Vec<BorgExitCode>>,
    /// `umask` (integer): YAML int read as octal digits (0077 and 77 both mean 077); → --umask and os.umask for hooks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub umask: Option<i64>,
    /// `lock_wait` (integer): --lock-wait N on every Borg call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub lock_wait: Option<i64>,
    /// `archive_name_format` (string): Archive name (Borg placeholders); also drives the default archive filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub archive_name_format: Option<String>,
    /// `match_archives` (string): Archive filter for prune/check/list/info/...: --match-archives (Borg >=2.0.0b3) or --glob-archives (leading "sh:" stripped).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub match_archives: Option<String>,
    /// `archive_hostname` (string): BORG_HOSTNAME (Borg 1.4.5+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub archive_hostname: Option<String>,
    /// `archive_username` (string): BORG_USERNAME (Borg 1.4.5+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub archive_username: Option<String>,
    /// `file_list_format` (string): list action --format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub file_list_format: Option<String>,
    /// `archive_list_format` (string): repo-list action --format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub archive_list_format: Option<String>,
    /// `relocated_repo_access_is_ok` (boolean): BORG_RELOCATED_REPO_ACCESS_IS_OK=YES/NO (only if not already in env).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub relocated_repo_access_is_ok: Option<bool>,
    /// `unknown_unencrypted_repo_access_is_ok` (boolean): BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK (idem).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub unknown_unencrypted_repo_access_is_ok: Option<bool>,
    /// `debug_passphrase` (boolean): BORG_DEBUG_PASSPHRASE (idem).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub debug_passphrase: Option<bool>,
    /// `display_passphrase` (boolean): BORG_DISPLAY_PASSPHRASE (idem).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub display_passphrase: Option<bool>,
    /// `check_i_know_what_i_am_doing` (boolean): BORG_CHECK_I_KNOW_WHAT_I_AM_DOING=YES/NO (always set if configured).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub check_i_know_what_i_am_doing: Option<bool>,
    /// `msgpack_version_check` (boolean): BORG_MSGPACK_VERSION_CHECK (Borg 1.4.2+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub msgpack_version_check: Option<bool>,
    /// `extra_borg_options` (object): Object of per-subcommand extra flag strings (shlex-split, appended): break_lock, check, compact, create, delete, export_tar, extract, key_export, key_import, key_change_passphrase, info, init (deprecated 2.0.10), list, mount, prune, recreate, rename, repo_create, repo_delete, repo_info, repo_list, transfer, umount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "ExtraBorgOptions")]
    pub extra_borg_options: Option<ExtraBorgOptions>,
    /// `keep_within` (string): --keep-within INTERVAL (string, e.g. "3H", "2d").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub keep_within: Option<String>,
    /// `keep_secondly` (integer): --keep-secondly N.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub keep_secondly: Option<i64>,
    /// `keep_minutely` (integer): --keep-minutely N.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub keep_minutely: Option<i64>,
    /// `keep_hourly` (integer): --keep-hourly N.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub keep_hourly: Option<i64>,
    /// `keep_daily` (integer): --keep-daily N.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub keep_daily: Option<i64>,
    /// `keep_weekly` (integer): --keep-weekly N.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub keep_weekly: Option<i64>,
    /// `keep_monthly` (integer): --keep-monthly N.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub keep_monthly: Option<i64>,
    /// `keep_yearly` (integer): --keep-yearly N.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub keep_yearly: Option<i64>,
    /// `keep_13weekly` (integer): --keep-13weekly N (added 2.0.5; needs Borg 1.4+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub keep_13weekly: Option<i64>,
    /// `keep_3monthly` (integer): --keep-3monthly N (added 2.0.5; needs Borg 1.4+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub keep_3monthly: Option<i64>,
    /// `prefix` (string): Deprecated (1.7.11). If set, prune/check filter becomes "sh:{prefix}*" / glob "{prefix}*", overriding match_archives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub prefix: Option<String>,
    /// `compact_threshold` (integer): compact --threshold N.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub compact_threshold: Option<i64>,
    /// `checks` (list of object): List of check dicts (oneOf): name ∈ {archives,data,extract,disabled} \| {repository (+max_duration)} \| {spot (+count_tolerance_percentage, data_sample_percentage, data_tolerance_percentage required, xxh64sum_command)}; each may have frequency, only_run_on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<Check>")]
    pub checks: Option<Vec<Check>>,
    /// `check_repositories` (list of string): Subset (paths or labels, globs) to check; must match a configured repository (logical validation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub check_repositories: Option<Vec<String>>,
    /// `check_last` (integer): --last N for archives/data checks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub check_last: Option<i64>,
    /// `color` (boolean): Console colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub color: Option<bool>,
    /// `verbosity` (integer): Console verbosity -2..2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    #[schemars(extend("enum" = [-2, -1, 0, 1, 2]))]
    pub verbosity: Option<i64>,
    /// `syslog_verbosity` (integer): Syslog/journal verbosity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    #[schemars(extend("enum" = [-2, -1, 0, 1, 2]))]
    pub syslog_verbosity: Option<i64>,
    /// `log_file_verbosity` (integer): Log-file verbosity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    #[schemars(extend("enum" = [-2, -1, 0, 1, 2]))]
    pub log_file_verbosity: Option<i64>,
    /// `log_file` (string): Log file path (also the {log_file} hook variable).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub log_file: Option<String>,
    /// `log_file_format` (string): Python "{}"-style LogRecord format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub log_file_format: Option<String>,
    /// `monitoring_verbosity` (integer): Verbosity of logs sent to monitoring hooks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    #[schemars(extend("enum" = [-2, -1, 0, 1, 2]))]
    pub monitoring_verbosity: Option<i64>,
    /// `log_json` (boolean): Borg JSON log lines and borgmatic JSON logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub log_json: Option<bool>,
    /// `progress` (boolean): --progress on supported actions (exclusive with list_details for create).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub progress: Option<bool>,
    /// `statistics` (string or boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Statistics")]
    pub statistics: Option<Statistics>,
    /// `quick_statistics` (boolean): Deprecated 2.1.9 → statistics: quick.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub quick_statistics: Option<bool>,
    /// `list_details` (boolean): --list (create adds --filter AME...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub list_details: Option<bool>,
    /// `default_actions` (boolean): false → bare "borgmatic" prints help instead of create,prune,compact,check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub default_actions: Option<bool>,
    /// `skip_actions` (list of string): Actions to never run for this file (check --force overrides for check).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<Action>")]
    pub skip_actions: Option<Vec<Action>>,
    /// `before_actions` (list of string): Deprecated 2.0.0 → commands: (mapping in §2.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub before_actions: Option<Vec<String>>,
    /// `before_backup` (list of string): Deprecated 2.0.0 → commands: (mapping in §2.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub before_backup: Option<Vec<String>>,
    /// `before_prune` (list of string): Deprecated 2.0.0 → commands: (mapping in §2.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub before_prune: Option<Vec<String>>,
    /// `before_compact` (list of string): Deprecated 2.0.0 → commands: (mapping in §2.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub before_compact: Option<Vec<String>>,
    /// `before_check` (list of string): Deprecated 2.0.0 → commands: (mapping in §2.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub before_check: Option<Vec<String>>,
    /// `before_extract` (list of string): Deprecated 2.0.0 → commands: (mapping in §2.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub before_extract: Option<Vec<String>>,
    /// `after_backup` (list of string): Deprecated 2.0.0 → commands: (mapping in §2.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub after_backup: Option<Vec<String>>,
    /// `after_compact` (list of string): Deprecated 2.0.0 → commands: (mapping in §2.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub after_compact: Option<Vec<String>>,
    /// `after_prune` (list of string): Deprecated 2.0.0 → commands: (mapping in §2.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub after_prune: Option<Vec<String>>,
    /// `after_check` (list of string): Deprecated 2.0.0 → commands: (mapping in §2.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub after_check: Option<Vec<String>>,
    /// `after_extract` (list of string): Deprecated 2.0.0 → commands: (mapping in §2.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub after_extract: Option<Vec<String>>,
    /// `after_actions` (list of string): Deprecated 2.0.0 → commands: (mapping in §2.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub after_actions: Option<Vec<String>>,
    /// `on_error` (list of string): Deprecated 2.0.0 → commands: (mapping in §2.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub on_error: Option<Vec<String>>,
    /// `before_everything` (list of string): Deprecated 2.0.0 → commands: (mapping in §2.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub before_everything: Option<Vec<String>>,
    /// `after_everything` (list of string): Deprecated 2.0.0 → commands: (mapping in §2.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub after_everything: Option<Vec<String>>,
    /// `commands` (list of object): 2.x hook list (see §3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<CommandHook>")]
    pub commands: Option<Vec<CommandHook>>,
    /// `bootstrap` (object): store_config_files (default true): store the config files + a manifest in every archive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Bootstrap")]
    pub bootstrap: Option<Bootstrap>,
    /// `influxdb_databases` (list of object): List; required name; bucket/org/tls/compression(none\|gzip) (2.1.8+; format forced to "directory" post-validation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<InfluxdbDatabasesItem>")]
    pub influxdb_databases: Option<Vec<InfluxdbDatabasesItem>>,
    /// `postgresql_databases` (list of object): List; required name ("all" = pg_dumpall); hostname/port/username/password/format(plain\|custom\|directory\|tar)/ssl_* /..._command/options; name globs 2.1.9+.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<PostgresqlDatabasesItem>")]
    pub postgresql_databases: Option<Vec<PostgresqlDatabasesItem>>,
    /// `mariadb_databases` (list of object): List; required name; skip_names, socket_path, password_transport(pipe\|environment), tls, events/routines/tablespaces, format(sql)...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<MariadbDatabasesItem>")]
    pub mariadb_databases: Option<Vec<MariadbDatabasesItem>>,
    /// `mysql_databases` (list of object): Same shape as mariadb with mysql_* commands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<MysqlDatabasesItem>")]
    pub mysql_databases: Option<Vec<MysqlDatabasesItem>>,
    /// `sqlite_databases` (list of object): List; required name + path; restore_path, sqlite_command.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<SqliteDatabasesItem>")]
    pub sqlite_databases: Option<Vec<SqliteDatabasesItem>>,
    /// `mongodb_databases` (list of object): List; required name; format(archive\|directory), password_transport(pipe\|file), authentication_database...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<MongodbDatabasesItem>")]
    pub mongodb_databases: Option<Vec<MongodbDatabasesItem>>,
    /// `openldap_databases` (list of object): List; required name (suffix, not "all"); slapcat/slapadd commands (2.1.8+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<OpenldapDatabasesItem>")]
    pub openldap_databases: Option<Vec<OpenldapDatabasesItem>>,
    /// `ntfy` (object): Required topic; server, username/password/access_token, start/finish/fail {title,message,priority,tags}, states (default [fail]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Ntfy")]
    pub ntfy: Option<Ntfy>,
    /// `pushover` (object): Required token,user; per-state message options; states (default [fail]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Pushover")]
    pub pushover: Option<Pushover>,
    /// `zabbix` (object): Required server; itemid or host+key; auth; per-state value; states (default [fail]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Zabbix")]
    pub zabbix: Option<Zabbix>,
    /// `apprise` (object): Required services[{url,label}]; send_logs (false), logs_size_limit, per-state title/body, states (default [fail]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Apprise")]
    pub apprise: Option<Apprise>,
    /// `healthchecks` (object): Required ping_url; verify_tls, send_logs (false since 2.1.0), ping_body_limit (100000), states (all), create_slug. String form deprecated 1.6.1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Healthchecks")]
    pub healthchecks: Option<Healthchecks>,
    /// `uptime_kuma` (object): Required push_url; states (all), verify_tls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "UptimeKuma")]
    pub uptime_kuma: Option<UptimeKuma>,
    /// `cronitor` (object): Required ping_url (string form deprecated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Cronitor")]
    pub cronitor: Option<Cronitor>,
    /// `pagerduty` (object): Required integration_key; send_logs (false). String form deprecated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Pagerduty")]
    pub pagerduty: Option<Pagerduty>,
    /// `loki` (object): Required url, labels (map of strings); tls{cert_path,key_path}; send_logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Loki")]
    pub loki: Option<Loki>,
    /// `sentry` (object): Required data_source_name_url, monitor_slug; environment, states.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Sentry")]
    pub sentry: Option<Sentry>,
    /// `watchgoose` (object): Same shape as healthchecks (ping_body_limit 10000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Watchgoose")]
    pub watchgoose: Option<Watchgoose>,
    /// `zfs` (object or null).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    #[schemars(with = "Nullable<Zfs>")]
    pub zfs: Option<Nullable<Zfs>>,
    /// `btrfs` (object or null).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    #[schemars(with = "Nullable<Btrfs>")]
    pub btrfs: Option<Nullable<Btrfs>>,
    /// `lvm` (object or null).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    #[schemars(with = "Nullable<Lvm>")]
    pub lvm: Option<Nullable<Lvm>>,
    /// `systemd` (object): Credential hook settings: systemd_creds_command, encrypted_credentials_directory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Systemd")]
    pub systemd: Option<Systemd>,
    /// `container` (object): Credential hook: secrets_directory (default /run/secrets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Container")]
    pub container: Option<Container>,
    /// `keepassxc` (object): Credential hook: keepassxc_cli_command, secret_tool_command, ask_for_password (true), key_file, yubikey.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Keepassxc")]
    pub keepassxc: Option<Keepassxc>,
    /// `onepassword` (object): Credential hook: op_command.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Onepassword")]
    pub onepassword: Option<Onepassword>,
}

/// A `Repository` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Repository {
    /// `path` (string).
    pub path: String,
    /// `label` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub label: Option<String>,
    /// `encryption` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub encryption: Option<String>,
    /// `id_hash` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub id_hash: Option<String>,
    /// `key_location` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub key_location: Option<String>,
    /// `append_only` (boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub append_only: Option<bool>,
    /// `storage_quota` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub storage_quota: Option<String>,
    /// `make_parent_directories` (boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub make_parent_directories: Option<bool>,
    /// Other keys: in a repository entry, any top-level option, applied to that
    /// repository only.
    #[serde(flatten)]
    pub overrides: BTreeMap<String, serde_json::Value>,
}

/// The values borgmatic accepts here: `ctime`, `mtime`, `disabled`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum FilesChanged {
    /// `ctime`.
    #[serde(rename = "ctime")]
    Ctime,
    /// `mtime`.
    #[serde(rename = "mtime")]
    Mtime,
    /// `disabled`.
    #[serde(rename = "disabled")]
    Disabled,
}

/// The values borgmatic accepts here: `if-different`, `always`, `never`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Recompress {
    /// `if-different`.
    #[serde(rename = "if-different")]
    IfDifferent,
    /// `always`.
    #[serde(rename = "always")]
    Always,
    /// `never`.
    #[serde(rename = "never")]
    Never,
}

/// The values borgmatic accepts here: `error`, `warning`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum BorgExitCodeTreatAs {
    /// `error`.
    #[serde(rename = "error")]
    Error,
    /// `warning`.
    #[serde(rename = "warning")]
    Warning,
}

/// A `BorgExitCode` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BorgExitCode {
    /// `code` (integer).
    #[schemars(extend("not" = {"enum": [0]}))]
    pub code: i64,
    /// `treat_as` (string).
    pub treat_as: BorgExitCodeTreatAs,
}

/// A `ExtraBorgOptions` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtraBorgOptions {
    /// `break_lock` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub break_lock: Option<String>,
    /// `check` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub check: Option<String>,
    /// `compact` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub compact: Option<String>,
    /// `create` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub create: Option<String>,
    /// `delete` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub delete: Option<String>,
    /// `export_tar` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub export_tar: Option<String>,
    /// `extract` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub extract: Option<String>,
    /// `key_export` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub key_export: Option<String>,
    /// `key_import` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub key_import: Option<String>,
    /// `key_change_passphrase` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub key_change_passphrase: Option<String>,
    /// `info` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub info: Option<String>,
    /// `init` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub init: Option<String>,
    /// `list` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub list: Option<String>,
    /// `mount` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub mount: Option<String>,
    /// `prune` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub prune: Option<String>,
    /// `recreate` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub recreate: Option<String>,
    /// `rename` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub rename: Option<String>,
    /// `repo_create` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub repo_create: Option<String>,
    /// `repo_delete` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub repo_delete: Option<String>,
    /// `repo_info` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub repo_info: Option<String>,
    /// `repo_list` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub repo_list: Option<String>,
    /// `transfer` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub transfer: Option<String>,
    /// `umount` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub umount: Option<String>,
}

/// The values borgmatic accepts here: `archives`, `data`, `extract`, `disabled`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum CheckName {
    /// `archives`.
    #[serde(rename = "archives")]
    Archives,
    /// `data`.
    #[serde(rename = "data")]
    Data,
    /// `extract`.
    #[serde(rename = "extract")]
    Extract,
    /// `disabled`.
    #[serde(rename = "disabled")]
    Disabled,
}

/// A `CheckGeneric` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckGeneric {
    /// `name` (string).
    pub name: CheckName,
    /// `frequency` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub frequency: Option<String>,
    /// `only_run_on` (list of string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub only_run_on: Option<Vec<String>>,
}

/// The values borgmatic accepts here: `repository`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum CheckRepositoryName {
    /// `repository`.
    #[serde(rename = "repository")]
    Repository,
}

/// A `CheckRepository` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckRepository {
    /// `name` (string).
    pub name: CheckRepositoryName,
    /// `frequency` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub frequency: Option<String>,
    /// `only_run_on` (list of string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub only_run_on: Option<Vec<String>>,
    /// `max_duration` (integer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub max_duration: Option<i64>,
}

/// The values borgmatic accepts here: `spot`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum CheckSpotName {
    /// `spot`.
    #[serde(rename = "spot")]
    Spot,
}

/// A `CheckSpot` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckSpot {
    /// `name` (string).
    pub name: CheckSpotName,
    /// `frequency` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub frequency: Option<String>,
    /// `only_run_on` (list of string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub only_run_on: Option<Vec<String>>,
    /// `count_tolerance_percentage` (number).
    pub count_tolerance_percentage: f64,
    /// `data_sample_percentage` (number).
    pub data_sample_percentage: f64,
    /// `data_tolerance_percentage` (number).
    pub data_tolerance_percentage: f64,
    /// `xxh64sum_command` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub xxh64sum_command: Option<String>,
}

/// One of the shapes borgmatic accepts here (exactly one matches a valid entry).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Check {
    /// The `CheckGeneric` shape.
    CheckGeneric(CheckGeneric),
    /// The `CheckRepository` shape.
    CheckRepository(CheckRepository),
    /// The `CheckSpot` shape.
    CheckSpot(CheckSpot),
}

/// The values borgmatic accepts here: `repo-create`, `transfer`, `prune`, `compact`, `create`, `recreate`, `check`, `delete`, `extract`, `config`, `export-tar`, `mount`, `umount`, `repo-delete`, `restore`, `repo-list`, `list`, `repo-info`, `info`, `break-lock`, `key`, `diff`, `browse`, `borg`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Action {
    /// `repo-create`.
    #[serde(rename = "repo-create")]
    RepoCreate,
    /// `transfer`.
    #[serde(rename = "transfer")]
    Transfer,
    /// `prune`.
    #[serde(rename = "prune")]
    Prune,
    /// `compact`.
    #[serde(rename = "compact")]
    Compact,
    /// `create`.
    #[serde(rename = "create")]
    Create,
    /// `recreate`.
    #[serde(rename = "recreate")]
    Recreate,
    /// `check`.
    #[serde(rename = "check")]
    Check,
    /// `delete`.
    #[serde(rename = "delete")]
    Delete,
    /// `extract`.
    #[serde(rename = "extract")]
    Extract,
    /// `config`.
    #[serde(rename = "config")]
    Config,
    /// `export-tar`.
    #[serde(rename = "export-tar")]
    ExportTar,
    /// `mount`.
    #[serde(rename = "mount")]
    Mount,
    /// `umount`.
    #[serde(rename = "umount")]
    Umount,
    /// `repo-delete`.
    #[serde(rename = "repo-delete")]
    RepoDelete,
    /// `restore`.
    #[serde(rename = "restore")]
    Restore,
    /// `repo-list`.
    #[serde(rename = "repo-list")]
    RepoList,
    /// `list`.
    #[serde(rename = "list")]
    List,
    /// `repo-info`.
    #[serde(rename = "repo-info")]
    RepoInfo,
    /// `info`.
    #[serde(rename = "info")]
    Info,
    /// `break-lock`.
    #[serde(rename = "break-lock")]
    BreakLock,
    /// `key`.
    #[serde(rename = "key")]
    Key,
    /// `diff`.
    #[serde(rename = "diff")]
    Diff,
    /// `browse`.
    #[serde(rename = "browse")]
    Browse,
    /// `borg`.
    #[serde(rename = "borg")]
    Borg,
}

/// The values borgmatic accepts here: `action`, `repository`, `configuration`, `everything`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum CommandBeforeBefore {
    /// `action`.
    #[serde(rename = "action")]
    Action,
    /// `repository`.
    #[serde(rename = "repository")]
    Repository,
    /// `configuration`.
    #[serde(rename = "configuration")]
    Configuration,
    /// `everything`.
    #[serde(rename = "everything")]
    Everything,
}

/// A `CommandBefore` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommandBefore {
    /// `before` (string).
    pub before: CommandBeforeBefore,
    /// `when` (list of string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<Action>")]
    pub when: Option<Vec<Action>>,
    /// `run` (list of string).
    pub run: Vec<String>,
}

/// The values borgmatic accepts here: `action`, `repository`, `configuration`, `everything`, `error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum CommandAfterAfter {
    /// `action`.
    #[serde(rename = "action")]
    Action,
    /// `repository`.
    #[serde(rename = "repository")]
    Repository,
    /// `configuration`.
    #[serde(rename = "configuration")]
    Configuration,
    /// `everything`.
    #[serde(rename = "everything")]
    Everything,
    /// `error`.
    #[serde(rename = "error")]
    Error,
}

/// The values borgmatic accepts here: `finish`, `fail`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum CommandState {
    /// `finish`.
    #[serde(rename = "finish")]
    Finish,
    /// `fail`.
    #[serde(rename = "fail")]
    Fail,
}

/// A `CommandAfter` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommandAfter {
    /// `after` (string).
    pub after: CommandAfterAfter,
    /// `when` (list of string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<Action>")]
    pub when: Option<Vec<Action>>,
    /// `states` (list of string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<CommandState>")]
    pub states: Option<Vec<CommandState>>,
    /// `run` (list of string).
    pub run: Vec<String>,
}

/// One of the shapes borgmatic accepts here (exactly one matches a valid entry).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum CommandHook {
    /// The `CommandBefore` shape.
    CommandBefore(CommandBefore),
    /// The `CommandAfter` shape.
    CommandAfter(CommandAfter),
}

/// A `Bootstrap` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bootstrap {
    /// `store_config_files` (boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub store_config_files: Option<bool>,
}

/// The values borgmatic accepts here: `none`, `gzip`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum InfluxdbDatabasesItemCompression {
    /// `none`.
    #[serde(rename = "none")]
    None,
    /// `gzip`.
    #[serde(rename = "gzip")]
    Gzip,
}

/// A `InfluxdbDatabasesItem` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InfluxdbDatabasesItem {
    /// `name` (string).
    pub name: String,
    /// `bucket_id` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub bucket_id: Option<String>,
    /// `label` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub label: Option<String>,
    /// `influx_command` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub influx_command: Option<String>,
    /// `password` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub password: Option<String>,
    /// `tls` (boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub tls: Option<bool>,
    /// `hostname` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub hostname: Option<String>,
    /// `port` (integer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub port: Option<i64>,
    /// `organization_id` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub organization_id: Option<String>,
    /// `organization_name` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub organization_name: Option<String>,
    /// `configurations_path` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub configurations_path: Option<String>,
    /// `active_configuration` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub active_configuration: Option<String>,
    /// `restore_bucket` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub restore_bucket: Option<String>,
    /// `restore_organization` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub restore_organization: Option<String>,
    /// `verify_tls` (boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub verify_tls: Option<bool>,
    /// `full_replace` (boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub full_replace: Option<bool>,
    /// `compression` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "InfluxdbDatabasesItemCompression")]
    pub compression: Option<InfluxdbDatabasesItemCompression>,
}

/// The values borgmatic accepts here: `plain`, `custom`, `directory`, `tar`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum PostgresqlDatabasesItemFormat {
    /// `plain`.
    #[serde(rename = "plain")]
    Plain,
    /// `custom`.
    #[serde(rename = "custom")]
    Custom,
    /// `directory`.
    #[serde(rename = "directory")]
    Directory,
    /// `tar`.
    #[serde(rename = "tar")]
    Tar,
}

/// The values borgmatic accepts here: `disable`, `allow`, `prefer`, `require`, `verify-ca`, `verify-full`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum PostgresqlDatabasesItemSslMode {
    /// `disable`.
    #[serde(rename = "disable")]
    Disable,
    /// `allow`.
    #[serde(rename = "allow")]
    Allow,
    /// `prefer`.
    #[serde(rename = "prefer")]
    Prefer,
    /// `require`.
    #[serde(rename = "require")]
    Require,
    /// `verify-ca`.
    #[serde(rename = "verify-ca")]
    VerifyCa,
    /// `verify-full`.
    #[serde(rename = "verify-full")]
    VerifyFull,
}

/// A `PostgresqlDatabasesItem` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PostgresqlDatabasesItem {
    /// `name` (string).
    pub name: String,
    /// `label` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub label: Option<String>,
    /// `container` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub container: Option<String>,
    /// `restore_container` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub restore_container: Option<String>,
    /// `hostname` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub hostname: Option<String>,
    /// `restore_hostname` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub restore_hostname: Option<String>,
    /// `port` (integer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub port: Option<i64>,
    /// `restore_port` (integer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub restore_port: Option<i64>,
    /// `username` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub username: Option<String>,
    /// `restore_username` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub restore_username: Option<String>,
    /// `password` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub password: Option<String>,
    /// `restore_password` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub restore_password: Option<String>,
    /// `no_owner` (boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub no_owner: Option<bool>,
    /// `format` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "PostgresqlDatabasesItemFormat")]
    pub format: Option<PostgresqlDatabasesItemFormat>,
    /// `compression` (string or integer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "IntOrString")]
    pub compression: Option<IntOrString>,
    /// `ssl_mode` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "PostgresqlDatabasesItemSslMode")]
    pub ssl_mode: Option<PostgresqlDatabasesItemSslMode>,
    /// `ssl_cert` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub ssl_cert: Option<String>,
    /// `ssl_key` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub ssl_key: Option<String>,
    /// `ssl_root_cert` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub ssl_root_cert: Option<String>,
    /// `ssl_crl` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub ssl_crl: Option<String>,
    /// `pg_dump_command` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub pg_dump_command: Option<String>,
    /// `pg_restore_command` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub pg_restore_command: Option<String>,
    /// `psql_command` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub psql_command: Option<String>,
    /// `options` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub options: Option<String>,
    /// `list_options` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub list_options: Option<String>,
    /// `restore_options` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub restore_options: Option<String>,
    /// `analyze_options` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub analyze_options: Option<String>,
}

/// The values borgmatic accepts here: `pipe`, `environment`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum MariadbDatabasesItemPasswordTransport {
    /// `pipe`.
    #[serde(rename = "pipe")]
    Pipe,
    /// `environment`.
    #[serde(rename = "environment")]
    Environment,
}

/// The values borgmatic accepts here: `sql`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum MariadbDatabasesItemFormat {
    /// `sql`.
    #[serde(rename = "sql")]
    Sql,
}

/// A `MariadbDatabasesItem` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MariadbDatabasesItem {
    /// `name` (string).
    pub name: String,
    /// `skip_names` (list of string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub skip_names: Option<Vec<String>>,
    /// `label` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub label: Option<String>,
    /// `container` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub container: Option<String>,
    /// `restore_container` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub restore_container: Option<String>,
    /// `hostname` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub hostname: Option<String>,
    /// `restore_hostname` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub restore_hostname: Option<String>,
    /// `port` (integer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub port: Option<i64>,
    /// `restore_port` (integer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub restore_port: Option<i64>,
    /// `socket_path` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub socket_path: Option<String>,
    /// `restore_socket_path` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub restore_socket_path: Option<String>,
    /// `username` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub username: Option<String>,
    /// `restore_username` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub restore_username: Option<String>,
    /// `password` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub password: Option<String>,
    /// `restore_password` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub restore_password: Option<String>,
    /// `password_transport` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "MariadbDatabasesItemPasswordTransport")]
    pub password_transport: Option<MariadbDatabasesItemPasswordTransport>,
    /// `tls` (boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub tls: Option<bool>,
    /// `restore_tls` (boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub restore_tls: Option<bool>,
    /// `events` (boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub events: Option<bool>,
    /// `routines` (boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub routines: Option<bool>,
    /// `tablespaces` (boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub tablespaces: Option<bool>,
    /// `mariadb_dump_command` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub mariadb_dump_command: Option<String>,
    /// `mariadb_command` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub mariadb_command: Option<String>,
    /// `format` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "MariadbDatabasesItemFormat")]
    pub format: Option<MariadbDatabasesItemFormat>,
    /// `add_drop_database` (boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub add_drop_database: Option<bool>,
    /// `options` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub options: Option<String>,
    /// `list_options` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub list_options: Option<String>,
    /// `restore_options` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub restore_options: Option<String>,
}

/// A `MysqlDatabasesItem` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MysqlDatabasesItem {
    /// `name` (string).
    pub name: String,
    /// `skip_names` (list of string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub skip_names: Option<Vec<String>>,
    /// `label` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub label: Option<String>,
    /// `container` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub container: Option<String>,
    /// `restore_container` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub restore_container: Option<String>,
    /// `hostname` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub hostname: Option<String>,
    /// `restore_hostname` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub restore_hostname: Option<String>,
    /// `port` (integer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub port: Option<i64>,
    /// `restore_port` (integer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub restore_port: Option<i64>,
    /// `socket_path` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub socket_path: Option<String>,
    /// `restore_socket_path` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub restore_socket_path: Option<String>,
    /// `username` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub username: Option<String>,
    /// `restore_username` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub restore_username: Option<String>,
    /// `password` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub password: Option<String>,
    /// `restore_password` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub restore_password: Option<String>,
    /// `password_transport` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "MariadbDatabasesItemPasswordTransport")]
    pub password_transport: Option<MariadbDatabasesItemPasswordTransport>,
    /// `tls` (boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub tls: Option<bool>,
    /// `restore_tls` (boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub restore_tls: Option<bool>,
    /// `events` (boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub events: Option<bool>,
    /// `routines` (boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub routines: Option<bool>,
    /// `tablespaces` (boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub tablespaces: Option<bool>,
    /// `mysql_dump_command` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub mysql_dump_command: Option<String>,
    /// `mysql_command` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub mysql_command: Option<String>,
    /// `format` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "MariadbDatabasesItemFormat")]
    pub format: Option<MariadbDatabasesItemFormat>,
    /// `add_drop_database` (boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub add_drop_database: Option<bool>,
    /// `options` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub options: Option<String>,
    /// `list_options` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub list_options: Option<String>,
    /// `restore_options` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub restore_options: Option<String>,
}

/// A `SqliteDatabasesItem` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SqliteDatabasesItem {
    /// `name` (string).
    pub name: String,
    /// `path` (string).
    pub path: String,
    /// `label` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub label: Option<String>,
    /// `restore_path` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub restore_path: Option<String>,
    /// `sqlite_command` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub sqlite_command: Option<String>,
    /// `sqlite_restore_command` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub sqlite_restore_command: Option<String>,
}

/// The values borgmatic accepts here: `pipe`, `file`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum MongodbDatabasesItemPasswordTransport {
    /// `pipe`.
    #[serde(rename = "pipe")]
    Pipe,
    /// `file`.
    #[serde(rename = "file")]
    File,
}

/// The values borgmatic accepts here: `archive`, `directory`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum MongodbDatabasesItemFormat {
    /// `archive`.
    #[serde(rename = "archive")]
    Archive,
    /// `directory`.
    #[serde(rename = "directory")]
    Directory,
}

/// A `MongodbDatabasesItem` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MongodbDatabasesItem {
    /// `name` (string).
    pub name: String,
    /// `label` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub label: Option<String>,
    /// `container` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub container: Option<String>,
    /// `restore_container` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub restore_container: Option<String>,
    /// `hostname` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub hostname: Option<String>,
    /// `restore_hostname` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub restore_hostname: Option<String>,
    /// `port` (integer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub port: Option<i64>,
    /// `restore_port` (integer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub restore_port: Option<i64>,
    /// `username` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub username: Option<String>,
    /// `restore_username` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub restore_username: Option<String>,
    /// `password` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub password: Option<String>,
    /// `restore_password` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub restore_password: Option<String>,
    /// `password_transport` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "MongodbDatabasesItemPasswordTransport")]
    pub password_transport: Option<MongodbDatabasesItemPasswordTransport>,
    /// `authentication_database` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub authentication_database: Option<String>,
    /// `format` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "MongodbDatabasesItemFormat")]
    pub format: Option<MongodbDatabasesItemFormat>,
    /// `options` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub options: Option<String>,
    /// `restore_options` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub restore_options: Option<String>,
    /// `mongodump_command` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub mongodump_command: Option<String>,
    /// `mongorestore_command` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub mongorestore_command: Option<String>,
}

/// A `OpenldapDatabasesItem` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenldapDatabasesItem {
    /// `name` (string).
    #[schemars(extend("not" = {"enum": ["all"]}))]
    pub name: String,
    /// `label` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub label: Option<String>,
    /// `slapcat_command` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub slapcat_command: Option<String>,
    /// `slapadd_command` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub slapadd_command: Option<String>,
}

/// The values borgmatic accepts here: `max`, `urgent`, `high`, `default`, `low`, `min`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum NtfyStartPriority {
    /// `max`.
    #[serde(rename = "max")]
    Max,
    /// `urgent`.
    #[serde(rename = "urgent")]
    Urgent,
    /// `high`.
    #[serde(rename = "high")]
    High,
    /// `default`.
    #[serde(rename = "default")]
    Default,
    /// `low`.
    #[serde(rename = "low")]
    Low,
    /// `min`.
    #[serde(rename = "min")]
    Min,
}

/// A `NtfyStart` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NtfyStart {
    /// `title` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub title: Option<String>,
    /// `message` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub message: Option<String>,
    /// `priority` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "NtfyStartPriority")]
    pub priority: Option<NtfyStartPriority>,
    /// `tags` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub tags: Option<String>,
}

/// A `NtfyFinish` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NtfyFinish {
    /// `title` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub title: Option<String>,
    /// `message` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub message: Option<String>,
    /// `priority` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "NtfyStartPriority")]
    pub priority: Option<NtfyStartPriority>,
    /// `tags` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub tags: Option<String>,
}

/// A `NtfyFail` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NtfyFail {
    /// `title` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub title: Option<String>,
    /// `message` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub message: Option<String>,
    /// `priority` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "NtfyStartPriority")]
    pub priority: Option<NtfyStartPriority>,
    /// `tags` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub tags: Option<String>,
}

/// The values borgmatic accepts here: `start`, `finish`, `fail`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum MonitorState {
    /// `start`.
    #[serde(rename = "start")]
    Start,
    /// `finish`.
    #[serde(rename = "finish")]
    Finish,
    /// `fail`.
    #[serde(rename = "fail")]
    Fail,
}

/// A `Ntfy` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ntfy {
    /// `topic` (string).
    pub topic: String,
    /// `server` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub server: Option<String>,
    /// `username` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub username: Option<String>,
    /// `password` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub password: Option<String>,
    /// `access_token` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub access_token: Option<String>,
    /// `start` (object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "NtfyStart")]
    pub start: Option<NtfyStart>,
    /// `finish` (object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "NtfyFinish")]
    pub finish: Option<NtfyFinish>,
    /// `fail` (object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "NtfyFail")]
    pub fail: Option<NtfyFail>,
    /// `states` (list of string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<MonitorState>")]
    pub states: Option<Vec<MonitorState>>,
}

/// A `PushoverStart` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PushoverStart {
    /// `message` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub message: Option<String>,
    /// `priority` (integer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub priority: Option<i64>,
    /// `expire` (integer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub expire: Option<i64>,
    /// `retry` (integer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub retry: Option<i64>,
    /// `device` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub device: Option<String>,
    /// `html` (boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub html: Option<bool>,
    /// `sound` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub sound: Option<String>,
    /// `title` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub title: Option<String>,
    /// `ttl` (integer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub ttl: Option<i64>,
    /// `url` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub url: Option<String>,
    /// `url_title` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub url_title: Option<String>,
}

/// A `PushoverFinish` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PushoverFinish {
    /// `message` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub message: Option<String>,
    /// `priority` (integer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub priority: Option<i64>,
    /// `expire` (integer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub expire: Option<i64>,
    /// `retry` (integer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub retry: Option<i64>,
    /// `device` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub device: Option<String>,
    /// `html` (boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub html: Option<bool>,
    /// `sound` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub sound: Option<String>,
    /// `title` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub title: Option<String>,
    /// `ttl` (integer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub ttl: Option<i64>,
    /// `url` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub url: Option<String>,
    /// `url_title` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub url_title: Option<String>,
}

/// A `PushoverFail` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PushoverFail {
    /// `message` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub message: Option<String>,
    /// `priority` (integer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub priority: Option<i64>,
    /// `expire` (integer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub expire: Option<i64>,
    /// `retry` (integer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub retry: Option<i64>,
    /// `device` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub device: Option<String>,
    /// `html` (boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub html: Option<bool>,
    /// `sound` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub sound: Option<String>,
    /// `title` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub title: Option<String>,
    /// `ttl` (integer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub ttl: Option<i64>,
    /// `url` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub url: Option<String>,
    /// `url_title` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub url_title: Option<String>,
}

/// A `Pushover` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pushover {
    /// `token` (string).
    pub token: String,
    /// `user` (string).
    pub user: String,
    /// `start` (object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "PushoverStart")]
    pub start: Option<PushoverStart>,
    /// `finish` (object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "PushoverFinish")]
    pub finish: Option<PushoverFinish>,
    /// `fail` (object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "PushoverFail")]
    pub fail: Option<PushoverFail>,
    /// `states` (list of string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<MonitorState>")]
    pub states: Option<Vec<MonitorState>>,
}

/// A `ZabbixStart` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ZabbixStart {
    /// `value` (integer or string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "IntOrString")]
    pub value: Option<IntOrString>,
}

/// A `ZabbixFinish` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ZabbixFinish {
    /// `value` (integer or string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "IntOrString")]
    pub value: Option<IntOrString>,
}

/// A `ZabbixFail` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ZabbixFail {
    /// `value` (integer or string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "IntOrString")]
    pub value: Option<IntOrString>,
}

/// A `Zabbix` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Zabbix {
    /// `itemid` (integer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub itemid: Option<i64>,
    /// `host` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub host: Option<String>,
    /// `key` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub key: Option<String>,
    /// `server` (string).
    pub server: String,
    /// `username` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub username: Option<String>,
    /// `password` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub password: Option<String>,
    /// `api_key` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub api_key: Option<String>,
    /// `start` (object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "ZabbixStart")]
    pub start: Option<ZabbixStart>,
    /// `finish` (object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "ZabbixFinish")]
    pub finish: Option<ZabbixFinish>,
    /// `fail` (object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "ZabbixFail")]
    pub fail: Option<ZabbixFail>,
    /// `states` (list of string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<MonitorState>")]
    pub states: Option<Vec<MonitorState>>,
}

/// A `AppriseServicesItem` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AppriseServicesItem {
    /// `url` (string).
    pub url: String,
    /// `label` (string).
    pub label: String,
}

/// A `AppriseStart` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AppriseStart {
    /// `title` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub title: Option<String>,
    /// `body` (string).
    pub body: String,
}

/// A `AppriseFinish` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AppriseFinish {
    /// `title` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub title: Option<String>,
    /// `body` (string).
    pub body: String,
}

/// A `AppriseFail` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AppriseFail {
    /// `title` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub title: Option<String>,
    /// `body` (string).
    pub body: String,
}

/// A `AppriseLog` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AppriseLog {
    /// `title` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub title: Option<String>,
    /// `body` (string).
    pub body: String,
}

/// The values borgmatic accepts here: `start`, `finish`, `fail`, `log`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum AppriseStatesItem {
    /// `start`.
    #[serde(rename = "start")]
    Start,
    /// `finish`.
    #[serde(rename = "finish")]
    Finish,
    /// `fail`.
    #[serde(rename = "fail")]
    Fail,
    /// `log`.
    #[serde(rename = "log")]
    Log,
}

/// A `Apprise` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Apprise {
    /// `services` (list of object).
    pub services: Vec<AppriseServicesItem>,
    /// `send_logs` (boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub send_logs: Option<bool>,
    /// `logs_size_limit` (integer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub logs_size_limit: Option<i64>,
    /// `start` (object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "AppriseStart")]
    pub start: Option<AppriseStart>,
    /// `finish` (object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "AppriseFinish")]
    pub finish: Option<AppriseFinish>,
    /// `fail` (object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "AppriseFail")]
    pub fail: Option<AppriseFail>,
    /// `log` (object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "AppriseLog")]
    pub log: Option<AppriseLog>,
    /// `states` (list of string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<AppriseStatesItem>")]
    pub states: Option<Vec<AppriseStatesItem>>,
}

/// A `Healthchecks` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Healthchecks {
    /// `ping_url` (string).
    pub ping_url: String,
    /// `verify_tls` (boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub verify_tls: Option<bool>,
    /// `send_logs` (boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub send_logs: Option<bool>,
    /// `ping_body_limit` (integer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub ping_body_limit: Option<i64>,
    /// `states` (list of string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<AppriseStatesItem>")]
    pub states: Option<Vec<AppriseStatesItem>>,
    /// `create_slug` (boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub create_slug: Option<bool>,
}

/// A `UptimeKuma` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UptimeKuma {
    /// `push_url` (string).
    pub push_url: String,
    /// `states` (list of string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<MonitorState>")]
    pub states: Option<Vec<MonitorState>>,
    /// `verify_tls` (boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub verify_tls: Option<bool>,
}

/// A `Cronitor` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cronitor {
    /// `ping_url` (string).
    pub ping_url: String,
}

/// A `Pagerduty` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pagerduty {
    /// `integration_key` (string).
    pub integration_key: String,
    /// `send_logs` (boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub send_logs: Option<bool>,
}

/// A `LokiTls` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LokiTls {
    /// `cert_path` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub cert_path: Option<String>,
    /// `key_path` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub key_path: Option<String>,
}

/// A `Loki` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Loki {
    /// `url` (string).
    pub url: String,
    /// `tls` (object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "LokiTls")]
    pub tls: Option<LokiTls>,
    /// `labels` (object).
    pub labels: BTreeMap<String, String>,
    /// `send_logs` (boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub send_logs: Option<bool>,
}

/// A `Sentry` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sentry {
    /// `data_source_name_url` (string).
    pub data_source_name_url: String,
    /// `monitor_slug` (string).
    pub monitor_slug: String,
    /// `environment` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub environment: Option<String>,
    /// `states` (list of string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<MonitorState>")]
    pub states: Option<Vec<MonitorState>>,
}

/// A `Watchgoose` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Watchgoose {
    /// `ping_url` (string).
    pub ping_url: String,
    /// `verify_tls` (boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub verify_tls: Option<bool>,
    /// `send_logs` (boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub send_logs: Option<bool>,
    /// `ping_body_limit` (integer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub ping_body_limit: Option<i64>,
    /// `states` (list of string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<AppriseStatesItem>")]
    pub states: Option<Vec<AppriseStatesItem>>,
    /// `create_slug` (boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub create_slug: Option<bool>,
}

/// A `Zfs` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Zfs {
    /// `zfs_command` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub zfs_command: Option<String>,
    /// `mount_command` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub mount_command: Option<String>,
    /// `umount_command` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub umount_command: Option<String>,
}

/// A `Btrfs` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Btrfs {
    /// `btrfs_command` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub btrfs_command: Option<String>,
    /// `findmnt_command` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub findmnt_command: Option<String>,
}

/// A `Lvm` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lvm {
    /// `snapshot_size` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub snapshot_size: Option<String>,
    /// `lvcreate_command` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub lvcreate_command: Option<String>,
    /// `lvremove_command` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub lvremove_command: Option<String>,
    /// `lvs_command` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub lvs_command: Option<String>,
    /// `lsblk_command` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub lsblk_command: Option<String>,
    /// `mount_command` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub mount_command: Option<String>,
    /// `umount_command` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub umount_command: Option<String>,
}

/// A `Systemd` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Systemd {
    /// `systemd_creds_command` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub systemd_creds_command: Option<String>,
    /// `encrypted_credentials_directory` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub encrypted_credentials_directory: Option<String>,
}

/// A `Container` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Container {
    /// `secrets_directory` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub secrets_directory: Option<String>,
}

/// A `Keepassxc` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Keepassxc {
    /// `keepassxc_cli_command` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub keepassxc_cli_command: Option<String>,
    /// `secret_tool_command` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub secret_tool_command: Option<String>,
    /// `ask_for_password` (boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub ask_for_password: Option<bool>,
    /// `key_file` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub key_file: Option<String>,
    /// `yubikey` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub yubikey: Option<String>,
}

/// A `Onepassword` entry of the borgmatic configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Onepassword {
    /// `op_command` (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub op_command: Option<String>,
}
