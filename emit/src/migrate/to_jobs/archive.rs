//! Archive names, the archive filter of prune, and retention.
//!
//! borgmatic names archives by `archive_name_format` (Borg expands its placeholders; default
//! `{hostname}-{now:%Y-%m-%dT%H:%M:%S.%f}` with Borg 1) and prunes the archives matching
//! `prefix`, else `match_archives`, else the format with `{now}`/`{utcnow}`/`{pid}` as `*`. The
//! module names archives `<archiveBaseName>-$(date <dateFormat>)` and prunes those matching
//! `<prune.prefix>*` (default: `archiveBaseName`, no trailing dash).

use backix_parser::yaml::Value;

use super::context::{Config, Ctx};
use super::job::Job;
use super::{HOSTNAME_EXPR, value};
use crate::migrate::nix_expr::NixExpr;

/// Carries archive naming, the prune filter and retention.
pub fn carry(config: &Config, job: &mut Job, cx: &mut Ctx) {
    let derived = name(config, job, cx);
    filter(config, derived, job, cx);
    keep(config, job, cx);
    if let Some(e) = config.get("compact_threshold") {
        match value::string(&e.value, cx) {
            Some(v) if !matches!(e.value.value, Value::Null) => {
                job.extra_compact_args.push(NixExpr::str("--threshold"));
                job.extra_compact_args.push(v);
                cx.exact("compact_threshold", Some(e.key.span), "extraCompactArgs");
            }
            _ => cx.exact("compact_threshold", Some(e.key.span), ""),
        }
    }
}

/// One piece of an archive name format.
#[derive(Debug, PartialEq)]
enum Piece {
    Literal(String),
    Placeholder { name: String, spec: Option<String> },
}

/// Splits a format into literal text and `{name[:spec]}` placeholders (`{{`/`}}` are literal
/// braces, as in Python's `str.format`).
fn pieces(format: &str) -> Option<Vec<Piece>> {
    let mut out = Vec::new();
    let mut lit = String::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                lit.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                lit.push('}');
            }
            '{' => {
                let mut inner = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some(c) => inner.push(c),
                        None => return None,
                    }
                }
                if !lit.is_empty() {
                    out.push(Piece::Literal(std::mem::take(&mut lit)));
                }
                let (name, spec) = match inner.split_once(':') {
                    Some((n, s)) => (n.to_string(), Some(s.to_string())),
                    None => (inner, None),
                };
                out.push(Piece::Placeholder { name, spec });
            }
            '}' => return None,
            c => lit.push(c),
        }
    }
    if !lit.is_empty() {
        out.push(Piece::Literal(lit));
    }
    Some(out)
}

/// An `archiveBaseName` from literal text and `{hostname}`: a string, or the host name
/// expression around literal text.
fn base_expr(parts: &[Piece], cx: &Ctx) -> Option<(NixExpr, bool)> {
    let mut text = String::new();
    let mut uses_host = false;
    for p in parts {
        match p {
            Piece::Literal(l) => {
                if l.contains(['/', '{', '}']) {
                    return None;
                }
                text.push_str(
                    &l.replace('\\', "\\\\")
                        .replace('"', "\\\"")
                        .replace("${", "\\${"),
                );
            }
            Piece::Placeholder { name, spec: None } if name == "hostname" => {
                if cx.options.home_manager.is_some() {
                    return None;
                }
                uses_host = true;
                text.push_str(&format!("${{{HOSTNAME_EXPR}}}"));
            }
            _ => return None,
        }
    }
    if text.is_empty() {
        return None;
    }
    if uses_host {
        Some((NixExpr::Raw(format!("\"{text}\"")), true))
    } else {
        let plain: String = parts
            .iter()
            .map(|p| match p {
                Piece::Literal(l) => l.as_str(),
                _ => "",
            })
            .collect();
        Some((NixExpr::Str(plain), false))
    }
}

/// A Python `strftime` spec as arguments of `date` (`%f` is `%6N` there).
fn date_format(spec: &str, utc: bool) -> String {
    let spec = spec.replace("%f", "%6N");
    let arg = format!("+{spec}");
    let safe = arg
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "%+-_:.,/@=".contains(c));
    let arg = if safe {
        arg
    } else {
        format!("'{}'", arg.replace('\'', "'\\''"))
    };
    if utc { format!("-u {arg}") } else { arg }
}

/// Carries `archive_name_format`; returns the prune prefix derived from it (what borgmatic's
/// filter would be, as a prefix), when that is expressible.
fn name(config: &Config, job: &mut Job, cx: &mut Ctx) -> Option<NixExpr> {
    let Some(e) = config.get("archive_name_format") else {
        // borgmatic's default `{hostname}-{now:%Y-%m-%dT%H:%M:%S.%f}` filters `{hostname}-*`.
        if cx.options.home_manager.is_some() {
            return None;
        }
        cx.lossy(
            "archive_name_format",
            None,
            "",
            "not set: borgmatic names archives `{hostname}-<time with microseconds>`, the job \
             keeps the module's `<host>-<job>-<time>`; prune matches `<host>-*`, which covers both",
        );
        return Some(NixExpr::Raw(format!("\"${{{HOSTNAME_EXPR}}}-\"")));
    };
    let key_span = Some(e.key.span);
    let Some(format) = e.value.as_str() else {
        cx.not_carried(
            "archive_name_format",
            key_span,
            "its value is not known statically; the module's default naming is kept",
            Some("set `archiveBaseName` and `dateFormat` by hand".into()),
        );
        return None;
    };
    let fallback = |cx: &mut Ctx, why: &str| {
        cx.not_carried(
            "archive_name_format",
            key_span,
            format!("{why}; the module's default naming `<host>-<job>-<time>` is kept"),
            Some(format!(
                "set `archiveName=\"…\"` in `preHook` to rebuild `{format}` in the shell"
            )),
        );
    };
    let Some(parts) = pieces(format) else {
        fallback(cx, "the format's braces are unbalanced");
        return None;
    };
    let split = parts.iter().position(
        |p| matches!(p, Piece::Placeholder { name, .. } if name == "now" || name == "utcnow"),
    );
    let Some(split) = split else {
        fallback(
            cx,
            "the format has no `{now}`/`{utcnow}`, and the module always appends a date",
        );
        return None;
    };
    if split + 1 != parts.len() {
        fallback(
            cx,
            "the format has text after its time placeholder, and the module puts the date last",
        );
        return None;
    }
    let Piece::Placeholder { name, spec } = &parts[split] else {
        return None;
    };
    let mut base_parts: Vec<Piece> = parts[..split]
        .iter()
        .map(|p| match p {
            Piece::Literal(l) => Piece::Literal(l.clone()),
            Piece::Placeholder { name, spec } => Piece::Placeholder {
                name: name.clone(),
                spec: spec.clone(),
            },
        })
        .collect();
    // The module writes `<base>-<date>`: the separator must be a dash.
    match base_parts.last_mut() {
        Some(Piece::Literal(l)) if l.ends_with('-') => {
            l.pop();
            if l.is_empty() {
                base_parts.pop();
            }
        }
        None => {}
        _ => {
            fallback(
                cx,
                "the text before the time placeholder does not end in `-`, the separator the \
                 module writes",
            );
            return None;
        }
    }
    let utc = name == "utcnow";
    let spec = spec
        .clone()
        .unwrap_or_else(|| "%Y-%m-%dT%H:%M:%S".to_string());
    let date = date_format(&spec, utc);
    if date != "+%Y-%m-%dT%H:%M:%S" {
        job.date_format = Some(date);
    }
    if base_parts.is_empty() {
        job.archive_base_name = Some(NixExpr::Null);
        cx.exact(
            "archive_name_format",
            key_span,
            "archiveBaseName, dateFormat",
        );
        return Some(NixExpr::Null);
    }
    let Some((base, uses_host)) = base_expr(&base_parts, cx) else {
        fallback(
            cx,
            "the name has placeholders other than `{hostname}` or characters `archiveBaseName` \
             forbids (`/`, `{`, `}`)",
        );
        return None;
    };
    job.archive_base_name = Some(base.clone());
    if uses_host {
        cx.lossy(
            "archive_name_format",
            key_span,
            "archiveBaseName, dateFormat",
            "`{hostname}` became `networking.hostName`, the host name at build time rather \
             than Borg's at run time",
        );
    } else {
        cx.exact(
            "archive_name_format",
            key_span,
            "archiveBaseName, dateFormat",
        );
    }
    let prefix = match base {
        NixExpr::Str(s) => NixExpr::Str(format!("{s}-")),
        NixExpr::Raw(r) => NixExpr::Raw(format!("{}-\"", &r[..r.len() - 1])),
        other => other,
    };
    Some(prefix)
}

/// `prefix`, `match_archives` or the filter derived from the name → `prune.prefix`.
fn filter(config: &Config, derived: Option<NixExpr>, job: &mut Job, cx: &mut Ctx) {
    if let Some(e) = config.get("prefix") {
        match value::string(&e.value, cx) {
            Some(p) => {
                job.prune_prefix = Some(p);
                cx.exact("prefix", Some(e.key.span), "prune.prefix");
            }
            None => cx.exact("prefix", Some(e.key.span), ""),
        }
        if let Some(m) = config.get("match_archives") {
            cx.lossy(
                "match_archives",
                Some(m.key.span),
                "",
                "`prefix` overrides it for prune; borgmatic also applies it to check, list \
                 and info, which the module does not run",
            );
        }
        return;
    }
    if let Some(e) = config.get("match_archives") {
        let Some(text) = e.value.as_str() else {
            cx.not_carried(
                "match_archives",
                Some(e.key.span),
                "its value is not known statically",
                Some("set `prune.prefix` by hand".into()),
            );
            return;
        };
        if matches!(text, "*" | "sh:*" | "re:.*") {
            job.prune_prefix = Some(NixExpr::Null);
            cx.exact("match_archives", Some(e.key.span), "prune.prefix");
            return;
        }
        let glob = text.strip_prefix("sh:").unwrap_or(text);
        if text.starts_with("re:") || text.starts_with("aid:") || text.starts_with("pp:") {
            cx.not_carried(
                "match_archives",
                Some(e.key.span),
                "the module's prune filter is a prefix glob; a regular expression or archive \
                 ID filter cannot be written as one",
                Some("prune by hand with `borg prune --glob-archives …` in `postHook`".into()),
            );
            return;
        }
        match glob.strip_suffix('*') {
            Some(prefix) if !prefix.contains(['*', '?', '[', '{', '}']) => {
                job.prune_prefix = Some(NixExpr::str(prefix));
                cx.exact("match_archives", Some(e.key.span), "prune.prefix");
            }
            _ => cx.not_carried(
                "match_archives",
                Some(e.key.span),
                "only a filter of the form `<prefix>*` (no other wildcards or placeholders) \
                 can be written as the module's prune prefix",
                Some("prune by hand with `borg prune --glob-archives …` in `postHook`".into()),
            ),
        }
        return;
    }
    if let Some(p) = derived {
        job.prune_prefix = Some(p);
    }
}

/// `keep_*` options and the `prune.keep` names they go to.
const KEEP: [(&str, &str); 10] = [
    ("keep_within", "within"),
    ("keep_secondly", "secondly"),
    ("keep_minutely", "minutely"),
    ("keep_hourly", "hourly"),
    ("keep_daily", "daily"),
    ("keep_weekly", "weekly"),
    ("keep_monthly", "monthly"),
    ("keep_yearly", "yearly"),
    ("keep_13weekly", "13weekly"),
    ("keep_3monthly", "3monthly"),
];

/// Whether a `keep.within` value matches the module's `[[:digit:]]+[Hdwmy]`.
fn within_ok(s: &str) -> bool {
    s.len() >= 2
        && s[..s.len() - 1].chars().all(|c| c.is_ascii_digit())
        && s.ends_with(['H', 'd', 'w', 'm', 'y'])
}

fn keep(config: &Config, job: &mut Job, cx: &mut Ctx) {
    for e in config.entries() {
        let Some(key) = e.key.as_str() else { continue };
        let Some((_, name)) = KEEP.iter().find(|(k, _)| *k == key) else {
            continue;
        };
        let target = format!("prune.keep.{name}");
        match &e.value.value {
            Value::Null => cx.exact(key, Some(e.key.span), ""),
            Value::String(s) if *name == "within" && !within_ok(s) => cx.not_carried(
                key,
                Some(e.key.span),
                format!("`{s}` does not match the module's `[[:digit:]]+[Hdwmy]` for keep.within"),
                Some("add `--keep-within=…` to `extraPruneArgs`".into()),
            ),
            _ => match value::scalar(&e.value, cx) {
                Some(v) => {
                    job.keep.push((name.to_string(), v));
                    cx.exact(key, Some(e.key.span), &target);
                }
                None => cx.not_carried(
                    key,
                    Some(e.key.span),
                    format!("the value is {}, not a number", e.value.type_name()),
                    None,
                ),
            },
        }
    }
    let skips_prune = config
        .get("skip_actions")
        .and_then(|e| e.value.as_seq())
        .is_some_and(|s| s.iter().any(|a| a.as_str() == Some("prune")));
    if job.keep.is_empty() && !skips_prune {
        cx.lossy(
            "(retention)",
            None,
            "prune.keep",
            "no `keep_*` option: borgmatic's prune would fail (Borg wants one); the module \
             skips prune and compact when prune.keep is empty",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_formats() {
        assert_eq!(
            pieces("a-{hostname}-{now:%Y}").unwrap(),
            [
                Piece::Literal("a-".into()),
                Piece::Placeholder {
                    name: "hostname".into(),
                    spec: None
                },
                Piece::Literal("-".into()),
                Piece::Placeholder {
                    name: "now".into(),
                    spec: Some("%Y".into())
                }
            ]
        );
        assert!(pieces("a-{now").is_none());
        assert_eq!(pieces("{{x}}").unwrap(), [Piece::Literal("{x}".into())]);
    }

    #[test]
    fn date_formats_are_quoted_for_the_shell() {
        assert_eq!(date_format("%Y-%m-%d", false), "+%Y-%m-%d");
        assert_eq!(date_format("%Y %f", true), "-u '+%Y %6N'");
    }

    #[test]
    fn within_matches_the_module_type() {
        assert!(within_ok("3H"));
        assert!(within_ok("14d"));
        assert!(!within_ok("3S"));
        assert!(!within_ok("d"));
    }
}
