//! BX124: an exclude that removes a whole backup path.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::support::{Job, finding, instances};
use crate::domain::patterns::{Matcher, RuleKind};
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view;

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX124",
    name: "exclude-covers-path",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "an exclude pattern matches a path in `paths` itself, so nothing of it is backed up",
    why: "borg and restic test excludes against each backup root too: an exclude that matches \
          the root (or a directory above it) drops it entirely, and borg does not even look \
          inside. Typically a broad exclude such as `/home` added for one job was copied to a \
          job that backs up `/home/alice`; the job succeeds and its archives are empty.",
    bad: r#"services.borgbackup.jobs.alice = {
  paths = [ "/home/alice" ];
  exclude = [ "/home" "*/.cache" ];
  repo = "/mnt/backup/alice";
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
};"#,
    good: r#"services.borgbackup.jobs.alice = {
  paths = [ "/home/alice" ];
  exclude = [ "*/.cache" ];
  repo = "/mnt/backup/alice";
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
};"#,
    fix: "Remove the exclude from this job, or make it more specific.",
};

fn known(job: &Job<'_>, option: &str) -> Option<Vec<String>> {
    job.strings(option)?
        .into_iter()
        .map(|v| view::as_str(v).map(str::to_string))
        .collect()
}

/// Whether a restic exclude pattern without wildcards matches `path` or a directory above it.
fn restic_covers(pattern: &str, path: &str) -> Option<bool> {
    if pattern.contains(['*', '?', '[', '\\', '$', '!']) || !pattern.starts_with('/') {
        return None;
    }
    let pattern = pattern.trim_end_matches('/');
    let path = path.trim_end_matches('/');
    Some(
        pattern.is_empty()
            || path == pattern
            || path
                .strip_prefix(pattern)
                .is_some_and(|r| r.starts_with('/')),
    )
}

/// The check.
pub struct ExcludeCoversPath;

impl Check for ExcludeCoversPath {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for job in instances(cx, ModuleKind::BorgbackupJobs) {
            let (Some(exclude), Some(patterns), Some(paths)) = (
                known(&job, "exclude"),
                known(&job, "patterns"),
                job.strings("paths"),
            ) else {
                continue;
            };
            if exclude.is_empty() {
                continue;
            }
            let matcher = Matcher::for_module(&exclude, &patterns);
            for item in paths {
                let Some(path) = view::as_str(item) else {
                    continue;
                };
                if !path.starts_with('/') {
                    continue;
                }
                let Some(decision) = matcher.decide(path) else {
                    continue;
                };
                let Some(rule) = decision.rule.map(|i| &matcher.rules()[i]) else {
                    continue;
                };
                if decision.included || rule.kind != RuleKind::ExcludeNoRecurse {
                    continue;
                }
                report(&job, "borg job", path, &rule.pattern.text, item, out);
            }
        }
        for job in instances(cx, ModuleKind::ResticBackups) {
            let (Some(exclude), Some(paths)) = (known(&job, "exclude"), job.strings("paths"))
            else {
                continue;
            };
            // A negated pattern may bring things back: not analysed.
            if exclude.iter().any(|e| e.starts_with('!')) {
                continue;
            }
            for item in paths {
                let Some(path) = view::as_str(item) else {
                    continue;
                };
                if let Some(pattern) = exclude
                    .iter()
                    .find(|e| restic_covers(e, path) == Some(true))
                {
                    report(&job, "restic backup", path, pattern, item, out);
                }
            }
        }
    }
}

fn report(
    job: &Job<'_>,
    what: &str,
    path: &str,
    pattern: &str,
    item: &backix_parser::module::extract::LocatedValue,
    out: &mut Vec<Diagnostic>,
) {
    let mut d = finding(
        &RULE,
        format!(
            "path `{path}` of {what} `{}` is excluded as a whole by pattern `{pattern}`",
            job.name
        ),
        view::value_span(item).or_else(|| job.span_of("paths")),
    );
    if let Some(s) = job.written("exclude") {
        d = d.with_label(s, "the exclude is here");
    }
    out.push(d);
}

#[cfg(test)]
mod tests {
    use super::restic_covers;

    #[test]
    fn restic_literal_patterns() {
        assert_eq!(restic_covers("/home", "/home/alice"), Some(true));
        assert_eq!(restic_covers("/home/", "/home"), Some(true));
        assert_eq!(restic_covers("/home", "/homes"), Some(false));
        assert_eq!(restic_covers("*.cache", "/home"), None);
        assert_eq!(restic_covers("home", "/home"), None);
    }
}
