//! What has no equivalent in the module, each with why and, where one makes sense, a hook that
//! gets close. Every key no other group took ends here.

use super::context::{Config, Ctx};

/// Monitoring hooks (borgmatic pings them around a run).
const MONITORING: [&str; 12] = [
    "healthchecks",
    "cronitor",
    "pagerduty",
    "cronhub",
    "ntfy",
    "uptime_kuma",
    "apprise",
    "zabbix",
    "loki",
    "pushover",
    "sentry",
    "monitoring_verbosity",
];

/// Data-source hooks.
const DATA_SOURCES: [&str; 9] = [
    "postgresql_databases",
    "mysql_databases",
    "mariadb_databases",
    "sqlite_databases",
    "mongodb_databases",
    "influxdb_databases",
    "zfs",
    "btrfs",
    "lvm",
];

/// Options of borgmatic's own output and behaviour.
const BORGMATIC_ONLY: [&str; 13] = [
    "color",
    "verbosity",
    "syslog_verbosity",
    "log_file",
    "log_file_verbosity",
    "log_file_format",
    "log_json",
    "default_actions",
    "user_runtime_directory",
    "user_state_directory",
    "borgmatic_source_directory",
    "unsafe_skip_path_validation_before_create",
    "dry_run",
];

/// Reports every key no other group dealt with.
pub fn carry(config: &Config, cx: &mut Ctx) {
    for e in config.entries() {
        let Some(key) = e.key.key_text() else {
            continue;
        };
        if cx.is_handled(&key) {
            continue;
        }
        let span = Some(e.key.span);
        if key == "constants" {
            // Expanded into the values before migration (`constants.rs`).
            cx.exact("constants", span, "");
            continue;
        }
        let (why, suggestion): (String, Option<String>) = match key.as_str() {
            "checks" | "check_last" | "check_repositories" | "extract" | "spot" => (
                "the module runs no `borg check`".into(),
                Some("run `borg check` in postHook (it has no frequency state)".into()),
            ),
            "retries" | "retry_wait" => (
                "the module does not retry a failed repository".into(),
                Some("set systemd `Restart=on-failure` on borgbackup-job-<name>".into()),
            ),
            "working_directory" => (
                "the job runs in `/`; relative paths were carried as written".into(),
                Some("write the paths absolutely".into()),
            ),
            "skip_actions" => (
                "the module always runs create, and prune and compact when prune.keep is set"
                    .into(),
                None,
            ),
            "bootstrap" => (
                "the module never stores the configuration in the archive".into(),
                None,
            ),
            "source_directories_must_exist" => continue,
            k if MONITORING.contains(&k) => (
                "the module has no monitoring hooks".into(),
                Some("ping the service with `curl` in preHook and postHook".into()),
            ),
            k if DATA_SOURCES.contains(&k) => (
                "the module has no database or snapshot hooks; `dumpCommand` streams one \
                 command's output instead of files"
                    .into(),
                Some("dump in preHook to a directory in `paths`, or use dumpCommand in a job of its own".into()),
            ),
            k if BORGMATIC_ONLY.contains(&k) => (
                "an option of borgmatic itself, with no meaning for the module".into(),
                None,
            ),
            _ => (
                "backix knows no equivalent of this option in the module".into(),
                None,
            ),
        };
        if key == "bootstrap" && super::entries(&e.value).is_empty() {
            // Added by borgmatic's normalization, not written by the user.
            continue;
        }
        cx.not_carried(&key, span, why, suggestion);
    }
}
