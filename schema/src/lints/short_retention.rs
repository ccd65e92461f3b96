//! BX113: a retention policy that keeps nothing older than a few days.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::{LocatedValue, ModuleKind};

use super::restic::prune_words;
use super::support::{finding, instances};
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view;

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX113",
    name: "short-retention",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "the retention policy keeps nothing older than a few days",
    why: "A file deleted or corrupted by mistake, ransomware, or a silently broken disk is often \
          noticed days or weeks later. `prune.keep = { within = \"2d\"; }` or `{ daily = 3; }` \
          (or restic's `--keep-daily 3` alone) delete every older archive, so the last good \
          copy is gone by the time anyone looks for it.",
    bad: r#"services.borgbackup.jobs.home = {
  paths = [ "/home" ];
  repo = "/mnt/backup/home";
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
  prune.keep = { daily = 3; };
};"#,
    good: r#"services.borgbackup.jobs.home = {
  paths = [ "/home" ];
  repo = "/mnt/backup/home";
  encryption.mode = "repokey-blake2";
  encryption.passCommand = "cat /run/secrets/borg";
  prune.keep = { daily = 7; weekly = 4; monthly = 6; };
};"#,
    fix: "Keep some weekly and monthly archives as well (`weekly = 4; monthly = 6;`, or \
          `--keep-weekly 4 --keep-monthly 6`).",
};

/// Reports policies that keep nothing older than this many days.
const MIN_DAYS: f64 = 7.0;

/// Days covered by `count` of a keep rule; `None` for rules whose reach depends on the schedule
/// (`last`) or that are unknown.
fn rule_days(rule: &str, count: f64) -> Option<f64> {
    if count < 0.0 {
        return Some(f64::INFINITY);
    }
    let unit = match rule {
        "secondly" => 1.0 / 86400.0,
        "minutely" => 1.0 / 1440.0,
        "hourly" => 1.0 / 24.0,
        "daily" => 1.0,
        "weekly" => 7.0,
        "monthly" => 30.0,
        "yearly" => 365.0,
        _ => return None,
    };
    Some(count * unit)
}

/// Days of a duration such as `7d`, `2w`, `1y` (borg) or `1y5m7d2h` (restic).
fn duration_days(text: &str) -> Option<f64> {
    let mut total = 0.0;
    let mut digits = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let n: f64 = digits.parse().ok()?;
        digits.clear();
        total += n * match c {
            'H' | 'h' => 1.0 / 24.0,
            'd' => 1.0,
            'w' => 7.0,
            'm' => 30.0,
            'y' => 365.0,
            _ => return None,
        };
    }
    digits.is_empty().then_some(total)
}

/// The reach in days of a borg `prune.keep`; `None` when anything is unknown.
fn borg_reach(keep: &[(&str, &LocatedValue)]) -> Option<f64> {
    let mut reach: f64 = 0.0;
    for (rule, value) in keep {
        let days = if *rule == "within" {
            duration_days(view::as_str(value)?)?
        } else if let Some(n) = view::as_int(value) {
            rule_days(rule, n as f64)?
        } else {
            return None;
        };
        reach = reach.max(days);
    }
    Some(reach)
}

/// The reach in days of restic keep options; `None` when anything is not understood.
fn restic_reach(words: &[String]) -> Option<f64> {
    let mut reach: f64 = 0.0;
    let mut any = false;
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        let Some(option) = word.strip_prefix("--keep-") else {
            if word.starts_with('-') && !word.starts_with("--") && word.len() >= 2 {
                return None; // short keep flags and others: not analysed
            }
            continue;
        };
        let (name, value) = match option.split_once('=') {
            Some((n, v)) => (n.to_string(), v.to_string()),
            None => {
                let v = words.get(i)?.clone();
                i += 1;
                (option.to_string(), v)
            }
        };
        any = true;
        let days = if let Some(period) = name.strip_prefix("within") {
            if !period.is_empty()
                && period != "-daily"
                && period != "-weekly"
                && period != "-monthly"
                && period != "-yearly"
                && period != "-hourly"
            {
                return None;
            }
            duration_days(&value)?
        } else {
            rule_days(&name, value.parse().ok()?)?
        };
        reach = reach.max(days);
    }
    any.then_some(reach)
}

/// The check.
pub struct ShortRetention;

impl Check for ShortRetention {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for job in instances(cx, ModuleKind::BorgbackupJobs) {
            let Some(keep) = job.attrs("prune.keep") else {
                continue;
            };
            if keep.is_empty() {
                continue;
            }
            if let Some(days) = borg_reach(&keep)
                && days < MIN_DAYS
            {
                out.push(report(
                    job.name,
                    "borg job",
                    days,
                    job.span_of("prune.keep"),
                ));
            }
        }
        for job in instances(cx, ModuleKind::ResticBackups) {
            let Some(words) = prune_words(&job) else {
                continue;
            };
            if let Some(days) = restic_reach(&words)
                && days < MIN_DAYS
            {
                out.push(report(
                    job.name,
                    "restic backup",
                    days,
                    job.span_of("pruneOpts"),
                ));
            }
        }
    }
}

fn report(
    name: &str,
    what: &str,
    days: f64,
    span: Option<backix_parser::source::Span>,
) -> Diagnostic {
    let reach = if days < 1.0 {
        "less than a day".to_string()
    } else {
        format!(
            "about {} day{}",
            days.round(),
            if days.round() == 1.0 { "" } else { "s" }
        )
    };
    finding(
        &RULE,
        format!("the retention of {what} `{name}` keeps nothing older than {reach}"),
        span,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(duration_days("7d"), Some(7.0));
        assert_eq!(duration_days("2w"), Some(14.0));
        assert_eq!(duration_days("1y5m"), Some(515.0));
        assert_eq!(duration_days("x"), None);
        assert_eq!(duration_days("7"), None);
    }

    #[test]
    fn restic_words() {
        let w = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        assert_eq!(restic_reach(&w("--keep-daily 3")), Some(3.0));
        assert_eq!(
            restic_reach(&w("--keep-daily=3 --keep-weekly 2")),
            Some(14.0)
        );
        assert_eq!(restic_reach(&w("--keep-last 3")), None);
        assert_eq!(restic_reach(&w("--keep-within 2d")), Some(2.0));
        assert_eq!(restic_reach(&w("--keep-monthly -1")), Some(f64::INFINITY));
    }
}
