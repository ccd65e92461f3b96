//! BX121: exclude patterns wrapped in quotes, which never match.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::support::{Job, finding, instances};
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view;

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX121",
    name: "quoted-exclude",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "an exclude pattern is wrapped in quotes (`\"'*.cache'\"`) and never matches",
    why: "borg's `exclude` and `patterns` and restic's `exclude` are written one per line into a \
          file (`--exclude-from`, `--patterns-from`, `--exclude-file`); no shell reads them, so \
          quotes copied from a command line stay part of the pattern. borg and restic then look \
          for names that begin and end with a quote, the pattern never matches, and the caches, \
          dumps or secrets meant to be left out are backed up.",
    bad: r#"services.borgbackup.jobs.home = {
  paths = [ "/home" ];
  exclude = [ "'/home/*/.cache'" ];
  repo = "/mnt/backup/home";
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
};"#,
    good: r#"services.borgbackup.jobs.home = {
  paths = [ "/home" ];
  exclude = [ "/home/*/.cache" ];
  repo = "/mnt/backup/home";
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
};"#,
    fix: "Remove the quotes: the Nix string is already the whole pattern.",
};

/// Whether a pattern (after an optional rule sign and style prefix) is wrapped in quotes.
fn is_quoted(element: &str, pattern_line: bool) -> bool {
    let mut s = element.trim();
    if pattern_line {
        // `+ x`, `- x`, `! x`, `R x`, `P x`
        if let Some(rest) = s
            .strip_prefix(['+', '-', '!', 'R', 'r', 'P', 'p'])
            .filter(|r| r.starts_with(char::is_whitespace))
        {
            s = rest.trim_start();
        }
    } else if let Some(rest) = s.strip_prefix('!') {
        s = rest;
    }
    if s.len() > 3 && s.as_bytes()[2] == b':' && s[..2].bytes().all(|b| b.is_ascii_lowercase()) {
        s = &s[3..];
    }
    s.len() >= 2
        && ((s.starts_with('\'') && s.ends_with('\'')) || (s.starts_with('"') && s.ends_with('"')))
}

fn check_list(job: &Job<'_>, option: &str, what: &str, lines: bool, out: &mut Vec<Diagnostic>) {
    let Some(items) = job.strings(option) else {
        return;
    };
    for item in items {
        let Some(text) = view::as_str(item) else {
            continue;
        };
        if text.lines().any(|l| is_quoted(l, lines)) {
            out.push(finding(
                &RULE,
                format!(
                    "a pattern in `{option}` of {what} `{}` is wrapped in quotes, which are part \
                     of the pattern: it never matches",
                    job.name
                ),
                view::value_span(item).or_else(|| job.span_of(option)),
            ));
        }
    }
}

/// The check.
pub struct QuotedExclude;

impl Check for QuotedExclude {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for job in instances(cx, ModuleKind::BorgbackupJobs) {
            check_list(&job, "exclude", "borg job", false, out);
            check_list(&job, "patterns", "borg job", true, out);
        }
        for job in instances(cx, ModuleKind::ResticBackups) {
            check_list(&job, "exclude", "restic backup", false, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_quoted;

    #[test]
    fn quotes() {
        assert!(is_quoted("'*.cache'", false));
        assert!(is_quoted("\"/home/*/.cache\"", false));
        assert!(is_quoted("sh:'**/.cache'", false));
        assert!(is_quoted("- '/home/*/.cache'", true));
        assert!(!is_quoted("*.cache", false));
        assert!(!is_quoted("- /home/x's files", true));
        assert!(!is_quoted("'", false));
    }
}
