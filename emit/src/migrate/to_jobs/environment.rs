//! Borg's environment, the flags common to every Borg call, `extra_borg_options`, output flags
//! and exit codes.

use backix_parser::yaml::Value;

use super::context::{Config, Ctx};
use super::job::Job;
use super::value;
use crate::migrate::nix_expr::NixExpr;

/// Options borgmatic hands Borg as environment variables, and whether the value is a directory
/// the job must be able to write (`readWritePaths`, as the unit's file system is read-only).
const VARIABLES: [(&str, &str, bool); 10] = [
    ("ssh_command", "BORG_RSH", false),
    ("borg_base_directory", "BORG_BASE_DIR", true),
    ("borg_config_directory", "BORG_CONFIG_DIR", true),
    ("borg_cache_directory", "BORG_CACHE_DIR", true),
    ("borg_security_directory", "BORG_SECURITY_DIR", true),
    ("borg_keys_directory", "BORG_KEYS_DIR", true),
    ("borg_key_file", "BORG_KEY_FILE", false),
    ("borg_files_cache_ttl", "BORG_FILES_CACHE_TTL", false),
    ("archive_hostname", "BORG_HOSTNAME", false),
    ("archive_username", "BORG_USERNAME", false),
];

/// Boolean options borgmatic hands Borg as `YES`/`NO` variables.
const BOOL_VARIABLES: [(&str, &str); 7] = [
    (
        "relocated_repo_access_is_ok",
        "BORG_RELOCATED_REPO_ACCESS_IS_OK",
    ),
    (
        "unknown_unencrypted_repo_access_is_ok",
        "BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK",
    ),
    (
        "check_i_know_what_i_am_doing",
        "BORG_CHECK_I_KNOW_WHAT_I_AM_DOING",
    ),
    ("debug_passphrase", "BORG_DEBUG_PASSPHRASE"),
    ("display_passphrase", "BORG_DISPLAY_PASSPHRASE"),
    ("use_chunks_archive", "BORG_USE_CHUNKS_ARCHIVE"),
    ("msgpack_version_check", "BORG_MSGPACK_VERSION_CHECK"),
];

/// Carries environment, common flags, extra options, output flags and exit codes.
pub fn carry(config: &Config, job: &mut Job, cx: &mut Ctx) {
    for e in config.entries() {
        let Some(key) = e.key.as_str() else { continue };
        let span = Some(e.key.span);
        if matches!(e.value.value, Value::Null) {
            if VARIABLES.iter().any(|(k, _, _)| *k == key)
                || BOOL_VARIABLES.iter().any(|(k, _)| *k == key)
            {
                cx.exact(key, span, "");
            }
            continue;
        }
        if let Some((_, var, dir)) = VARIABLES.iter().find(|(k, _, _)| *k == key) {
            let Some(v) = value::string(&e.value, cx) else {
                cx.not_carried(key, span, "not a string", None);
                continue;
            };
            job.env(var, v.clone());
            if *dir {
                job.read_write(v);
                cx.exact(key, span, &format!("environment.{var}, readWritePaths"));
            } else {
                cx.exact(key, span, &format!("environment.{var}"));
            }
        } else if key == "temporary_directory" {
            if let Some(v) = value::string(&e.value, cx) {
                job.env("TMPDIR", v.clone());
                job.read_write(v);
                cx.lossy(
                    key,
                    span,
                    "environment.TMPDIR, readWritePaths",
                    "borgmatic also puts its own temporary files there; the job's hooks see it \
                     as TMPDIR too",
                );
            }
        } else if let Some((_, var)) = BOOL_VARIABLES.iter().find(|(k, _)| *k == key) {
            match e.value.value {
                Value::Bool(b) => {
                    job.env(var, NixExpr::str(if b { "YES" } else { "NO" }));
                    cx.exact(key, span, &format!("environment.{var}"));
                }
                _ => cx.not_carried(key, span, "its value is not known statically", None),
            }
        } else if key == "lock_wait" || key == "remote_path" {
            let flag = if key == "lock_wait" {
                "--lock-wait"
            } else {
                "--remote-path"
            };
            match value::string(&e.value, cx) {
                Some(v) => {
                    job.extra_args.push(NixExpr::str(flag));
                    job.extra_args.push(v);
                    cx.exact(key, span, "extraArgs");
                }
                None => cx.not_carried(key, span, "not a value", None),
            }
        } else if key == "umask" {
            match value::string(&e.value, cx) {
                Some(v) => {
                    job.extra_args.push(NixExpr::str("--umask"));
                    job.extra_args.push(v);
                    cx.lossy(
                        key,
                        span,
                        "extraArgs",
                        "borgmatic also applies the umask to its hooks; the job's hooks keep \
                         the unit's umask",
                    );
                }
                None => cx.not_carried(key, span, "not a value", None),
            }
        } else if key == "local_path" {
            cx.not_carried(
                key,
                span,
                "the Borg binary is one package for every job (`services.borgbackup.package`)",
                Some(format!(
                    "set services.borgbackup.package to a package providing `{}`",
                    value::text(&e.value).unwrap_or_default()
                )),
            );
        } else if key == "extra_borg_options" {
            extra_options(e, job, cx);
        } else if key == "statistics" || key == "list_details" || key == "progress" {
            output_flags(key, &e.value, span, job, cx);
        } else if key == "borg_exit_codes" {
            exit_codes(&e.value, span, job, cx);
        }
    }
    if config.get("borg_exit_codes").is_none() {
        job.fail_on_warnings = Some(false);
        cx.exact("(borg exit codes)", None, "failOnWarnings");
    }
}

/// Selects one of the job's `extra*Args` lists.
type ArgsField = fn(&mut Job) -> &mut Vec<NixExpr>;

/// `extra_borg_options.<action>` → the module's `extra*Args`.
fn extra_options(e: &backix_parser::yaml::Entry, job: &mut Job, cx: &mut Ctx) {
    let Some(entries) = e.value.as_map() else {
        if !matches!(e.value.value, Value::Null) {
            cx.not_carried(
                "extra_borg_options",
                Some(e.key.span),
                "its value is not known statically",
                None,
            );
        } else {
            cx.exact("extra_borg_options", Some(e.key.span), "");
        }
        return;
    };
    for opt in entries {
        let Some(action) = opt.key.as_str() else {
            continue;
        };
        let key = format!("extra_borg_options.{action}");
        let span = Some(opt.key.span);
        let target: Option<(&str, ArgsField)> = match action {
            "create" => Some(("extraCreateArgs", |j| &mut j.extra_create_args)),
            "prune" => Some(("extraPruneArgs", |j| &mut j.extra_prune_args)),
            "compact" => Some(("extraCompactArgs", |j| &mut j.extra_compact_args)),
            "init" | "repo_create" => Some(("extraInitArgs", |j| &mut j.extra_init_args)),
            _ => None,
        };
        let Some((name, field)) = target else {
            cx.not_carried(
                &key,
                span,
                format!("the module runs no `{action}` action"),
                None,
            );
            continue;
        };
        let Some(text) = opt.value.as_str() else {
            match &opt.value.value {
                Value::Null => cx.exact(&key, span, ""),
                Value::Unknown => {
                    field(job).push(NixExpr::Raw(cx.text(opt.value.span).to_string()));
                    cx.lossy(
                        &key,
                        span,
                        name,
                        "the expression is carried as one argument; borgmatic splits it into \
                         words",
                    );
                }
                _ => cx.not_carried(&key, span, "not a string", None),
            }
            continue;
        };
        let Some(words) = shlex::split(text) else {
            cx.not_carried(
                &key,
                span,
                "its quoting is unbalanced, so borgmatic would fail to split it",
                None,
            );
            continue;
        };
        field(job).extend(words.into_iter().map(NixExpr::Str));
        if action == "repo_create" {
            cx.lossy(
                &key,
                span,
                name,
                "borgmatic 2.1.10 ignores `repo_create` (it reads `repo-create`); the module \
                 passes these arguments to `borg init`",
            );
        } else {
            cx.exact(&key, span, name);
        }
    }
    cx.handled("extra_borg_options");
}

fn output_flags(
    key: &str,
    node: &backix_parser::yaml::Node,
    span: Option<backix_parser::source::Span>,
    job: &mut Job,
    cx: &mut Ctx,
) {
    match (key, &node.value) {
        ("statistics", Value::String(s)) if s == "standard" => {
            job.extra_create_args.push(NixExpr::str("--stats"));
            job.extra_prune_args.push(NixExpr::str("--stats"));
            cx.exact(key, span, "extraCreateArgs, extraPruneArgs");
        }
        ("statistics", Value::String(s)) if s == "quick" => cx.not_carried(
            key,
            span,
            "quick statistics need Borg 2 (`--quick-stats`), the module speaks Borg 1",
            Some("add `--stats` to `extraCreateArgs` for full statistics".into()),
        ),
        ("statistics", Value::String(s)) if s == "none" => cx.exact(key, span, ""),
        ("list_details", Value::Bool(true)) => {
            job.extra_create_args.push(NixExpr::str("--list"));
            job.extra_prune_args.push(NixExpr::str("--list"));
            cx.exact(key, span, "extraCreateArgs, extraPruneArgs");
        }
        ("progress", Value::Bool(true)) => {
            job.extra_create_args.push(NixExpr::str("--progress"));
            cx.exact(key, span, "extraCreateArgs");
        }
        (_, Value::Bool(false) | Value::Null) => cx.exact(key, span, ""),
        _ => cx.not_carried(key, span, "its value is not known statically", None),
    }
}

/// The exit codes borgmatic treats as warnings by default.
fn default_warning(code: i64) -> bool {
    code == 1 || (100..=127).contains(&code) && !matches!(code, 101 | 102 | 104 | 105 | 106)
}

fn exit_codes(
    node: &backix_parser::yaml::Node,
    span: Option<backix_parser::source::Span>,
    job: &mut Job,
    cx: &mut Ctx,
) {
    let mut warning_as_error = false;
    for item in node.as_seq().unwrap_or(&[]) {
        let code = item.get("code").and_then(|e| match e.value.value {
            Value::Int(i) => Some(i),
            _ => None,
        });
        let treat = item.get("treat_as").and_then(|e| e.value.as_str());
        if let (Some(code), Some("error")) = (code, treat)
            && default_warning(code)
        {
            warning_as_error = true;
        }
    }
    job.fail_on_warnings = Some(warning_as_error);
    cx.lossy(
        "borg_exit_codes",
        span,
        "failOnWarnings",
        format!(
            "the module has one switch for every Borg warning: failOnWarnings = \
             {warning_as_error} because {}",
            if warning_as_error {
                "a warning code is treated as an error"
            } else {
                "no warning code is treated as an error"
            }
        ),
    );
}
