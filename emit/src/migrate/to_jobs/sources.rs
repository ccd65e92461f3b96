//! What goes into an archive: source directories, patterns and excludes (in borgmatic's order),
//! and the flags of `borg create`.
//!
//! borgmatic (1.9.6+) writes one patterns file: `R` roots, `patterns`, then `exclude_patterns`
//! as `! fm:` lines, then the lines of `patterns_from` and `exclude_from` files. The module
//! passes `--exclude-from` (its `exclude`) before `--patterns-from` (its `patterns`), and Borg
//! keeps the first match in command-line order, so when a configuration has patterns its
//! excludes are written as `! …` lines after them in `patterns`; the files follow as
//! `extraCreateArgs`, which come after both.

use backix_parser::yaml::{Node, Value};

use super::context::{Config, Ctx};
use super::job::Job;
use super::value::{self, expands};
use crate::migrate::hm_symlinks;
use crate::migrate::nix_expr::NixExpr;

/// Carries the source and create options.
pub fn carry(config: &Config, job: &mut Job, cx: &mut Ctx) {
    paths(config, job, cx);
    patterns_and_excludes(config, job, cx);
    flags(config, job, cx);
}

fn paths(config: &Config, job: &mut Job, cx: &mut Ctx) {
    let relative_note = config.get("working_directory").is_some();
    match config.get("source_directories") {
        Some(e) => {
            let Some(items) = value::strings(&e.value, cx) else {
                cx.not_carried(
                    "source_directories",
                    Some(e.key.span),
                    "its value is not known statically, so it cannot be written as `paths`",
                    Some("set `paths` by hand".into()),
                );
                job.paths = Some(Vec::new());
                return;
            };
            let texts: Vec<String> = e
                .value
                .as_seq()
                .map(|s| s.iter().filter_map(value::text).collect())
                .unwrap_or_default();
            let mut why = Vec::new();
            if texts.iter().any(|p| expands(p)) {
                why.push(
                    "borgmatic expands `~` and globs in source directories, the module passes \
                     them verbatim: expand them by hand",
                );
            }
            if texts
                .iter()
                .any(|p| !p.starts_with('/') && !p.starts_with('~'))
            {
                why.push(if relative_note {
                    "relative paths were read from `working_directory`, the job runs in `/`"
                } else {
                    "relative paths were read from borgmatic's working directory, the job runs \
                     in `/`"
                });
            }
            job.paths = Some(items);
            if why.is_empty() {
                cx.exact("source_directories", Some(e.key.span), "paths");
            } else {
                cx.lossy(
                    "source_directories",
                    Some(e.key.span),
                    "paths",
                    why.join("; "),
                );
            }
        }
        None => {
            // Roots come from `R` lines of the patterns; `[ ]` satisfies the module's
            // paths-xor-dumpCommand assertion.
            job.paths = Some(Vec::new());
        }
    }
    if let Some(e) = config.get("source_directories_must_exist") {
        cx.lossy(
            "source_directories_must_exist",
            Some(e.key.span),
            "",
            "the module does not check roots before `borg create`; with Borg 1.2 a missing \
             root is a warning (exit 1), which fails the job unless failOnWarnings is false",
        );
    }
}

/// The home directory `~` expands to, when it is known.
fn home(cx: &Ctx) -> Option<String> {
    if let Some(h) = &cx.options.home_manager {
        return Some(h.home.clone());
    }
    cx.options.user.is_none().then(|| "/root".to_string())
}

/// Expands a leading `~` (borgmatic's `os.path.expanduser`) in the path part of a pattern.
fn expand_home(path: &str, home: &str) -> Option<String> {
    if path == "~" {
        Some(home.to_string())
    } else {
        path.strip_prefix("~/").map(|rest| format!("{home}/{rest}"))
    }
}

/// The style prefixes borgmatic recognises at the start of an exclude.
const STYLES: [&str; 5] = ["sh:", "re:", "pp:", "pf:", "fm:"];

fn patterns_and_excludes(config: &Config, job: &mut Job, cx: &mut Ctx) {
    let home = home(cx);
    let has_patterns = config
        .get("patterns")
        .is_some_and(|e| super::is_set(&e.value));
    let mut pattern_lines = Vec::new();
    if let Some(e) = config.get("patterns") {
        match value::strings(&e.value, cx) {
            Some(items) => {
                let mut lossy = Vec::new();
                for (item, node) in items.into_iter().zip(seq(&e.value)) {
                    let Some(line) = value::text(node) else {
                        pattern_lines.push(item);
                        continue;
                    };
                    let trimmed = line.trim();
                    if trimmed.is_empty() || trimmed.starts_with('#') {
                        continue;
                    }
                    let (kind, path) = trimmed.split_once(' ').unwrap_or((trimmed, ""));
                    let path = path.trim_start();
                    let (style, bare) = match path.split_once(':') {
                        Some((s, b)) if s.len() == 2 => (Some(s), b),
                        _ => (None, path),
                    };
                    let mut out = trimmed.to_string();
                    if bare.starts_with('~') {
                        match home.as_deref().and_then(|h| expand_home(bare, h)) {
                            Some(x) => {
                                out = match style {
                                    Some(s) => format!("{kind} {s}:{x}"),
                                    None => format!("{kind} {x}"),
                                };
                                lossy.push(format!(
                                    "`~` in `{trimmed}` was expanded to the job user's home"
                                ));
                            }
                            None => lossy.push(format!(
                                "borgmatic expands `~` in `{trimmed}`, the module does not"
                            )),
                        }
                    }
                    if kind == "R" && bare.contains(['*', '?', '[']) {
                        lossy.push(format!(
                            "borgmatic expands the glob in the root `{trimmed}`, Borg does not"
                        ));
                    }
                    pattern_lines.push(NixExpr::Str(out));
                }
                if lossy.is_empty() {
                    cx.exact("patterns", Some(e.key.span), "patterns");
                } else {
                    cx.lossy("patterns", Some(e.key.span), "patterns", lossy.join("; "));
                }
            }
            None => cx.not_carried(
                "patterns",
                Some(e.key.span),
                "its value is not known statically",
                Some("set `patterns` by hand".into()),
            ),
        }
    }
    let mut exclude_lines = Vec::new();
    if let Some(e) = config.get("exclude_patterns") {
        match value::strings(&e.value, cx) {
            Some(items) => {
                let mut lossy = Vec::new();
                for (item, node) in items.into_iter().zip(seq(&e.value)) {
                    let Some(text) = value::text(node) else {
                        exclude_lines.push((item, true));
                        continue;
                    };
                    let (style, bare) = match STYLES.iter().find(|s| text.starts_with(*s)) {
                        Some(s) => (Some(&s[..2]), &text[3..]),
                        None => (None, text.as_str()),
                    };
                    let mut bare = bare.to_string();
                    if bare.starts_with('~') {
                        match home.as_deref().and_then(|h| expand_home(&bare, h)) {
                            Some(x) => {
                                lossy.push(format!(
                                    "`~` in `{text}` was expanded to the job user's home"
                                ));
                                bare = x;
                            }
                            None => lossy.push(format!(
                                "borgmatic expands `~` in `{text}`, the module does not"
                            )),
                        }
                    }
                    let line = if has_patterns {
                        format!("! {}:{bare}", style.unwrap_or("fm"))
                    } else {
                        match style {
                            Some(s) => format!("{s}:{bare}"),
                            None => bare,
                        }
                    };
                    exclude_lines.push((NixExpr::Str(line), false));
                }
                let target = if has_patterns { "patterns" } else { "exclude" };
                if exclude_lines.iter().any(|(_, unknown)| *unknown) && has_patterns {
                    lossy.push(
                        "an exclude whose value is not known statically went to `exclude`, \
                         before the patterns, where borgmatic puts it after them"
                            .into(),
                    );
                }
                if lossy.is_empty() {
                    cx.exact("exclude_patterns", Some(e.key.span), target);
                } else {
                    cx.lossy(
                        "exclude_patterns",
                        Some(e.key.span),
                        target,
                        lossy.join("; "),
                    );
                }
            }
            None => cx.not_carried(
                "exclude_patterns",
                Some(e.key.span),
                "its value is not known statically",
                Some("set `exclude` by hand".into()),
            ),
        }
    }
    for (line, unknown) in exclude_lines {
        if has_patterns && !unknown {
            pattern_lines.push(line);
        } else {
            job.exclude.push(line);
        }
    }
    job.patterns = pattern_lines;
    files(config, has_patterns, job, cx);
}

/// `patterns_from` and `exclude_from` → `--patterns-from` / `--exclude-from` flags; home-manager's
/// symlink file → its lines.
fn files(config: &Config, has_patterns: bool, job: &mut Job, cx: &mut Ctx) {
    if let Some(e) = config.get("patterns_from") {
        match value::strings(&e.value, cx) {
            Some(items) => {
                for item in items {
                    job.extra_create_args.push(NixExpr::str("--patterns-from"));
                    job.extra_create_args.push(item);
                }
                cx.exact("patterns_from", Some(e.key.span), "extraCreateArgs");
            }
            None => cx.not_carried(
                "patterns_from",
                Some(e.key.span),
                "its value is not known statically",
                None,
            ),
        }
    }
    let mut hm_file_seen = false;
    let mut items_reported = false;
    if let Some(e) = config.get("exclude_from") {
        match value::strings(&e.value, cx) {
            Some(items) => {
                for (item, node) in items.into_iter().zip(seq(&e.value)) {
                    let is_hm =
                        value::text(node).is_some_and(|t| hm_symlinks::is_hm_exclude_file(&t));
                    if is_hm && let Some(home) = &cx.options.home_manager {
                        hm_file_seen = true;
                        let out = hm_symlinks::exclude_lines(home);
                        add_hm_lines(&out, has_patterns, job);
                        let target = if has_patterns { "patterns" } else { "exclude" };
                        if out.exact {
                            cx.exact("exclude_from", Some(node.span), target);
                        } else {
                            cx.lossy("exclude_from", Some(node.span), target, out.note);
                        }
                        continue;
                    }
                    job.extra_create_args.push(NixExpr::str("--exclude-from"));
                    job.extra_create_args.push(item);
                    if is_hm {
                        items_reported = true;
                        cx.lossy(
                            "exclude_from",
                            Some(node.span),
                            "extraCreateArgs",
                            "this is home-manager's generated file of symlinks, a store path \
                             that disappears when garbage-collected; give `--home USER=PATH` to \
                             write its lines instead",
                        );
                    }
                }
                if !hm_file_seen && !items_reported {
                    cx.exact("exclude_from", Some(e.key.span), "extraCreateArgs");
                }
            }
            None => cx.not_carried(
                "exclude_from",
                Some(e.key.span),
                "its value is not known statically",
                None,
            ),
        }
    }
    if !hm_file_seen
        && let Some(home) = &cx.options.home_manager
        && home.exclude_symlinks
    {
        let out = hm_symlinks::exclude_lines(home);
        add_hm_lines(&out, has_patterns, job);
        let target = if has_patterns { "patterns" } else { "exclude" };
        if out.exact {
            cx.exact("excludeHomeManagerSymlinks", None, target);
        } else {
            cx.lossy("excludeHomeManagerSymlinks", None, target, out.note);
        }
    }
}

fn add_hm_lines(out: &hm_symlinks::HmExcludes, has_patterns: bool, job: &mut Job) {
    for line in &out.lines {
        if has_patterns {
            let line = if line.starts_with("sh:") {
                format!("! {line}")
            } else {
                format!("! fm:{line}")
            };
            job.patterns.push(NixExpr::Str(line));
        } else {
            job.exclude.push(NixExpr::Str(line.clone()));
        }
    }
}

fn seq(node: &Node) -> Vec<&Node> {
    match &node.value {
        Value::Seq(items) => items.iter().collect(),
        _ => vec![node],
    }
}

/// Boolean create options: (key, flag when true, flag when false).
const BOOL_FLAGS: [(&str, Option<&str>, Option<&str>); 10] = [
    ("exclude_caches", Some("--exclude-caches"), None),
    ("keep_exclude_tags", Some("--keep-exclude-tags"), None),
    ("exclude_nodump", Some("--exclude-nodump"), None),
    ("one_file_system", Some("--one-file-system"), None),
    ("numeric_ids", Some("--numeric-ids"), None),
    ("read_special", Some("--read-special"), None),
    // Borg 1.2 leaves atime out by default, so only `true` gives a flag (as in borgmatic).
    ("atime", Some("--atime"), None),
    ("ctime", None, Some("--noctime")),
    ("birthtime", None, Some("--nobirthtime")),
    ("flags", None, Some("--noflags")),
];

/// Create options with a value: (key, flag).
const VALUE_FLAGS: [(&str, &str); 7] = [
    ("files_cache", "--files-cache"),
    ("files_changed", "--files-changed"),
    ("checkpoint_interval", "--checkpoint-interval"),
    ("checkpoint_volume", "--checkpoint-volume"),
    ("chunker_params", "--chunker-params"),
    ("upload_rate_limit", "--upload-ratelimit"),
    ("upload_buffer_size", "--upload-buffer"),
];

fn flags(config: &Config, job: &mut Job, cx: &mut Ctx) {
    for e in config.entries() {
        let Some(key) = e.key.as_str() else { continue };
        if let Some((_, on, off)) = BOOL_FLAGS.iter().find(|(k, _, _)| *k == key) {
            match e.value.value {
                Value::Bool(b) => {
                    if let Some(flag) = if b { on } else { off } {
                        job.extra_create_args.push(NixExpr::str(*flag));
                    }
                    cx.exact(key, Some(e.key.span), "extraCreateArgs");
                }
                Value::Null => cx.exact(key, Some(e.key.span), ""),
                _ => unknown(key, e.key.span, cx),
            }
        } else if let Some((_, flag)) = VALUE_FLAGS.iter().find(|(k, _)| *k == key) {
            // borgmatic passes a flag only for a truthy value (`upload_rate_limit: 0` is none).
            let truthy = match &e.value.value {
                Value::Int(i) => *i != 0,
                Value::Null => false,
                Value::String(s) => !s.is_empty(),
                _ => true,
            };
            if !truthy {
                cx.exact(key, Some(e.key.span), "");
                continue;
            }
            match value::string(&e.value, cx) {
                Some(v) => {
                    job.extra_create_args.push(NixExpr::str(*flag));
                    job.extra_create_args.push(v);
                    cx.exact(key, Some(e.key.span), "extraCreateArgs");
                }
                None => unknown(key, e.key.span, cx),
            }
        } else if key == "exclude_if_present" {
            match value::strings(&e.value, cx) {
                Some(items) => {
                    for item in items {
                        job.extra_create_args
                            .push(NixExpr::str("--exclude-if-present"));
                        job.extra_create_args.push(item);
                    }
                    cx.exact(key, Some(e.key.span), "extraCreateArgs");
                }
                None => unknown(key, e.key.span, cx),
            }
        } else if key == "compression" {
            compression(e, job, cx);
        }
    }
}

fn unknown(key: &str, span: backix_parser::source::Span, cx: &mut Ctx) {
    cx.not_carried(
        key,
        Some(span),
        "its value is not known statically, so the flag cannot be chosen",
        Some("add the flag to `extraCreateArgs` by hand".into()),
    );
}

/// Whether a compression spec matches the module's `compression` type.
pub fn module_compression(spec: &str) -> bool {
    let rest = spec.strip_prefix("auto,").unwrap_or(spec);
    if spec == "none" {
        return true;
    }
    let (algo, level) = match rest.split_once(',') {
        Some((a, l)) => (a, Some(l)),
        None => (rest, None),
    };
    ["lz4", "zstd", "zlib", "lzma"].contains(&algo)
        && level
            .is_none_or(|l| !l.is_empty() && l.len() <= 2 && l.chars().all(|c| c.is_ascii_digit()))
}

fn compression(e: &backix_parser::yaml::Entry, job: &mut Job, cx: &mut Ctx) {
    match &e.value.value {
        Value::String(s) if module_compression(s) => {
            if s != "lz4" {
                job.compression = Some(NixExpr::str(s));
            }
            cx.exact("compression", Some(e.key.span), "compression");
        }
        Value::String(s) => {
            job.extra_create_args.push(NixExpr::str("--compression"));
            job.extra_create_args.push(NixExpr::str(s));
            cx.exact("compression", Some(e.key.span), "extraCreateArgs");
        }
        Value::Null => cx.exact("compression", Some(e.key.span), ""),
        Value::Unknown => {
            job.compression = value::string(&e.value, cx);
            cx.lossy(
                "compression",
                Some(e.key.span),
                "compression",
                "the value is not known statically; the module accepts fewer specs than Borg \
                 (no `obfuscate`, levels of at most two digits)",
            );
        }
        _ => unknown("compression", e.key.span, cx),
    }
}
