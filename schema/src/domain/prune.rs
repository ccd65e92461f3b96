//! `prune.keep` of `services.borgbackup.jobs.<name>`: keys and values.
//!
//! The module turns each attribute into `--keep-<name>=<value>` (sorted by name, unquoted in the
//! script) and checks only the value's type: `either int (strMatching "[[:digit:]]+[Hdwmy]")`.
//! The name is not checked at all. borg 1.2's `prune` has `--keep-within INTERVAL` and the
//! counts `--keep-last`/`--keep-secondly` (one option, two names), `--keep-minutely`,
//! `--keep-hourly`, `--keep-daily`, `--keep-weekly`, `--keep-monthly`, `--keep-yearly`.
//! Python's argparse also accepts any unambiguous prefix of an option (`--keep-d=7` is
//! `--keep-daily=7`; `--keep-w` is ambiguous between within and weekly).
//!
//! Values: the counts go through Python's `int()` (so `"7d"` is rejected; `-1` and any other
//! negative number mean no limit), `--keep-within` through borg's `interval`: a number and one of
//! `H`, `d`, `w`, `m`, `y`, greater than zero (so an integer such as `7` is rejected).
//! borg refuses to prune when every rule is zero.

use super::{Issue, did_you_mean, py_int, quoted};

/// A `prune.keep` value as Nix gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeepValue<'a> {
    /// An integer.
    Int(i64),
    /// A string.
    Str(&'a str),
}

impl KeepValue<'_> {
    /// The text the module puts after `=` (`toString`).
    pub fn text(&self) -> String {
        match self {
            KeepValue::Int(i) => i.to_string(),
            KeepValue::Str(s) => (*s).to_string(),
        }
    }
}

/// The borg setting a key ends up in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeepRule {
    /// `--keep-within`.
    Within,
    /// `--keep-last` / `--keep-secondly`.
    Secondly,
    /// `--keep-minutely`.
    Minutely,
    /// `--keep-hourly`.
    Hourly,
    /// `--keep-daily`.
    Daily,
    /// `--keep-weekly`.
    Weekly,
    /// `--keep-monthly`.
    Monthly,
    /// `--keep-yearly`.
    Yearly,
}

/// The long options of `borg prune` that start with `--keep`, with their settings, in the order
/// argparse knows them.
const OPTIONS: [(&str, KeepRule); 9] = [
    ("within", KeepRule::Within),
    ("last", KeepRule::Secondly),
    ("secondly", KeepRule::Secondly),
    ("minutely", KeepRule::Minutely),
    ("hourly", KeepRule::Hourly),
    ("daily", KeepRule::Daily),
    ("weekly", KeepRule::Weekly),
    ("monthly", KeepRule::Monthly),
    ("yearly", KeepRule::Yearly),
];

/// The key names borg knows, for suggestions.
pub const KEYS: [&str; 9] = [
    "within", "last", "secondly", "minutely", "hourly", "daily", "weekly", "monthly", "yearly",
];

/// A key borg accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeepKey {
    /// The setting it sets.
    pub rule: KeepRule,
    /// The full name of the option argparse resolves it to, such as `daily`.
    pub option: &'static str,
    /// Accepted but doubtful: abbreviations.
    pub warnings: Vec<Issue>,
}

/// Characters that bash would treat specially in the unquoted `--keep-<name>=<value>` word.
fn shell_special(c: char) -> bool {
    c.is_whitespace() || "|&;<>()$`\\\"'*?[]#~{}!".contains(c)
}

/// Checks a `prune.keep` attribute name against `borg prune`'s options (with argparse's prefix
/// matching), suggesting the closest name for unknown ones.
pub fn parse_keep_key(key: &str) -> Result<KeepKey, Issue> {
    const CODE: &str = "borg-prune-key";
    let whole = 0..key.len();
    if let Some((i, c)) = key.char_indices().find(|&(_, c)| shell_special(c)) {
        return Err(Issue::new(
            CODE,
            format!(
                "the module writes `--keep-{key}=…` unquoted into a bash script, so {} in the name \
                 breaks the command; borg's keys are {}",
                quoted(&c.to_string()),
                KEYS.join(", ")
            ),
            i..i + c.len_utf8(),
        ));
    }
    // argparse splits `--keep-<key>=<value>` at the first `=`.
    let name_end = key.find('=').unwrap_or(key.len());
    let name = &key[..name_end];
    if let Some(&(option, rule)) = OPTIONS.iter().find(|(o, _)| *o == name) {
        if name_end < key.len() {
            return Err(Issue::new(
                CODE,
                format!(
                    "`=` in the name: borg reads `--keep-{name}` with the value {}",
                    quoted(&format!("{}=…", &key[name_end + 1..]))
                ),
                name_end..key.len(),
            ));
        }
        return Ok(KeepKey {
            rule,
            option,
            warnings: Vec::new(),
        });
    }
    let matches: Vec<&(&str, KeepRule)> = OPTIONS
        .iter()
        .filter(|(o, _)| o.starts_with(name))
        .collect();
    match matches.as_slice() {
        [(option, rule)] if name_end == key.len() => Ok(KeepKey {
            rule: *rule,
            option,
            warnings: vec![Issue::new(
                "borg-prune-key-abbreviation",
                format!(
                    "borg's argument parser takes `--keep-{name}` as an abbreviation of \
                     `--keep-{option}`; write `{option}`"
                ),
                whole,
            )],
        }),
        [] | [_] => {
            let stripped = name
                .strip_prefix("keep-")
                .or_else(|| name.strip_prefix("keep_"))
                .or_else(|| name.strip_prefix("keep"))
                .unwrap_or(name);
            let suggestion = if stripped != name && KEYS.contains(&stripped.to_lowercase().as_str())
            {
                Some(
                    KEYS[KEYS
                        .iter()
                        .position(|k| *k == stripped.to_lowercase())
                        .expect("contained")],
                )
            } else {
                did_you_mean(stripped, &KEYS)
            };
            let hint = match suggestion {
                Some(s) if stripped != name => {
                    format!("; did you mean `{s}`? (the module adds `--keep-` itself)")
                }
                Some(s) => format!("; did you mean `{s}`?"),
                None => format!("; borg's keys are {}", KEYS.join(", ")),
            };
            Err(Issue::new(
                CODE,
                format!("`borg prune` has no option `--keep-{name}`{hint}"),
                whole,
            ))
        }
        many => Err(Issue::new(
            CODE,
            format!(
                "`--keep-{name}` is ambiguous for borg: it could be {}",
                many.iter()
                    .map(|(o, _)| format!("`{o}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
            whole,
        )),
    }
}

/// What borg makes of a valid value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeepAmount {
    /// A count of archives; negative means no limit, zero means this rule keeps nothing.
    Count(i128),
    /// A time span in hours (`--keep-within`).
    Hours(i128),
}

/// The verdicts on one value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeepValueCheck {
    /// Whether the module's type accepts it.
    pub module: Result<(), Issue>,
    /// How borg reads it for the key's option, or why borg refuses it; `Err` also when the key
    /// is unknown and there is nothing to check the value against (the error then says so).
    pub borg: Result<KeepAmount, Issue>,
    /// Accepted but doubtful.
    pub warnings: Vec<Issue>,
}

impl KeepValueCheck {
    /// Whether borg accepts the value for the key's option.
    pub fn borg_accepts(&self) -> bool {
        self.borg.is_ok()
    }
}

/// Whether the module's `strMatching "[[:digit:]]+[Hdwmy]"` accepts a string.
fn module_string_ok(s: &str) -> bool {
    let Some(last) = s.chars().last() else {
        return false;
    };
    let digits = &s[..s.len() - last.len_utf8()];
    "Hdwmy".contains(last) && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// borg's `interval()`: hours, or the message of its `ArgumentTypeError`.
fn borg_interval(s: &str) -> Result<i128, String> {
    let Some(last) = s.chars().last() else {
        return Err("an empty interval makes borg crash (IndexError)".into());
    };
    let multiplier = match last {
        'H' => 1,
        'd' => 24,
        'w' => 24 * 7,
        'm' => 24 * 31,
        'y' => 24 * 365,
        other => {
            return Err(format!(
                "Unexpected interval time unit \"{other}\": expected one of ['H', 'd', 'w', 'm', 'y']"
            ));
        }
    };
    let number = &s[..s.len() - last.len_utf8()];
    let hours = py_int(number).map_or(-1, |n| n.value.saturating_mul(multiplier));
    if hours <= 0 {
        return Err(format!(
            "Unexpected interval number \"{number}\": expected an integer greater than 0"
        ));
    }
    Ok(hours)
}

/// Checks a value for a key's setting (`None` when the key is unknown: only the module's type
/// is checked then).
pub fn check_keep_value(rule: Option<KeepRule>, value: &KeepValue<'_>) -> KeepValueCheck {
    let text = value.text();
    let whole = 0..text.len();
    let module = match value {
        KeepValue::Int(_) => Ok(()),
        KeepValue::Str(s) if module_string_ok(s) => Ok(()),
        KeepValue::Str(_) => Err(Issue::new(
            "module-prune-keep-type",
            "the module's type allows an integer or a string of digits followed by H, d, w, m \
             or y (such as \"7d\")",
            whole.clone(),
        )),
    };
    let mut warnings = Vec::new();
    let borg = match rule {
        None => Err(Issue::new(
            "borg-prune-value",
            "the key is unknown to borg, so the value cannot be checked",
            whole.clone(),
        )),
        Some(KeepRule::Within) => match borg_interval(&text) {
            Ok(h) => Ok(KeepAmount::Hours(h)),
            Err(msg) => {
                let hint = if matches!(value, KeepValue::Int(_)) {
                    format!(" (write a string such as \"{text}d\")")
                } else {
                    String::new()
                };
                Err(Issue::new(
                    "borg-prune-value",
                    format!("borg rejects --keep-within={text}: {msg}{hint}"),
                    whole.clone(),
                ))
            }
        },
        Some(_) => match py_int(&text) {
            Some(n) => {
                if n.value == 0 {
                    warnings.push(Issue::new(
                        "borg-prune-zero",
                        "0 keeps no archives for this rule, the same as leaving it out",
                        whole.clone(),
                    ));
                } else if n.value < -1 {
                    warnings.push(Issue::new(
                        "borg-prune-negative",
                        "borg treats every negative count as unlimited; write -1",
                        whole.clone(),
                    ));
                }
                Ok(KeepAmount::Count(n.value))
            }
            None => {
                let hint = if module_string_ok(&text) {
                    " (an interval like this only works for `within`; counts are integers)"
                } else {
                    ""
                };
                Err(Issue::new(
                    "borg-prune-value",
                    format!("borg expects an integer count, not {}{hint}", quoted(&text)),
                    whole.clone(),
                ))
            }
        },
    };
    KeepValueCheck {
        module,
        borg,
        warnings,
    }
}

/// The checks of one `prune.keep` attribute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeepEntryCheck {
    /// The key's verdict.
    pub key: Result<KeepKey, Issue>,
    /// The value's verdict (`None` never happens today; kept for symmetry with unknown keys).
    pub value: Option<KeepValueCheck>,
}

/// The checks of a whole `prune.keep` set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeepCheck {
    /// One per attribute, in the given order.
    pub entries: Vec<KeepEntryCheck>,
    /// Problems of the set as a whole (their ranges are empty: they concern no single string).
    pub errors: Vec<Issue>,
    /// Doubtful combinations.
    pub warnings: Vec<Issue>,
}

/// Checks a `prune.keep` set, given in attribute-name order (the order of the module's flags).
pub fn check_keep(entries: &[(&str, KeepValue<'_>)]) -> KeepCheck {
    let mut checks = Vec::new();
    let mut effective: Vec<(KeepRule, &str, Option<KeepAmount>)> = Vec::new();
    let mut warnings = Vec::new();
    let mut all_valid = true;
    for (key, value) in entries {
        let k = parse_keep_key(key);
        let rule = k.as_ref().ok().map(|k| k.rule);
        let v = check_keep_value(rule, value);
        all_valid &= k.is_ok() && v.borg.is_ok();
        if let Some(rule) = rule {
            let amount = v.borg.as_ref().ok().copied();
            if let Some(prev) = effective.iter_mut().find(|(r, _, _)| *r == rule) {
                warnings.push(Issue::new(
                    "borg-prune-duplicate",
                    format!(
                        "`{}` and `{key}` set the same borg option; the module passes both and \
                         borg keeps the later one, `{key}`",
                        prev.1
                    ),
                    0..0,
                ));
                *prev = (rule, key, amount);
            } else {
                effective.push((rule, key, amount));
            }
        }
        checks.push(KeepEntryCheck {
            key: k,
            value: Some(v),
        });
    }
    let mut errors = Vec::new();
    let any_rule = effective.iter().any(|(_, _, a)| match a {
        Some(KeepAmount::Count(n)) => *n != 0,
        Some(KeepAmount::Hours(_)) => true,
        None => false,
    });
    if all_valid && !entries.is_empty() && !any_rule {
        errors.push(Issue::new(
            "borg-prune-nothing",
            "every rule is 0, and borg prune refuses to run without at least one keep rule \
             (\"At least one of the … settings must be specified\"), which fails the job",
            0..0,
        ));
    }
    KeepCheck {
        entries: checks,
        errors,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert_eq!(parse_keep_key("daily").unwrap().rule, KeepRule::Daily);
        assert_eq!(parse_keep_key("last").unwrap().rule, KeepRule::Secondly);
        let k = parse_keep_key("d").unwrap();
        assert_eq!(k.option, "daily");
        assert_eq!(k.warnings.len(), 1);
        assert!(
            parse_keep_key("w")
                .unwrap_err()
                .message
                .contains("ambiguous")
        );
        let e = parse_keep_key("dialy").unwrap_err();
        assert!(e.message.contains("did you mean `daily`"), "{}", e.message);
        let e = parse_keep_key("keep-daily").unwrap_err();
        assert!(e.message.contains("adds `--keep-`"), "{}", e.message);
        let e = parse_keep_key("keepDaily").unwrap_err();
        assert!(e.message.contains("`daily`"), "{}", e.message);
        assert!(parse_keep_key("da ily").is_err());
    }

    #[test]
    fn values() {
        let v = check_keep_value(Some(KeepRule::Within), &KeepValue::Str("1d"));
        assert_eq!(v.borg, Ok(KeepAmount::Hours(24)));
        let v = check_keep_value(Some(KeepRule::Within), &KeepValue::Int(5));
        assert!(v.module.is_ok() && v.borg.is_err());
        let v = check_keep_value(Some(KeepRule::Within), &KeepValue::Str("0d"));
        assert!(v.module.is_ok() && v.borg.is_err());
        let v = check_keep_value(Some(KeepRule::Daily), &KeepValue::Str("7d"));
        assert!(v.module.is_ok() && v.borg.is_err());
        let v = check_keep_value(Some(KeepRule::Daily), &KeepValue::Int(-1));
        assert_eq!(v.borg, Ok(KeepAmount::Count(-1)));
        let v = check_keep_value(Some(KeepRule::Daily), &KeepValue::Str("seven"));
        assert!(v.module.is_err() && v.borg.is_err());
    }

    #[test]
    fn sets() {
        let c = check_keep(&[("daily", KeepValue::Int(0))]);
        assert_eq!(c.errors.len(), 1);
        let c = check_keep(&[
            ("daily", KeepValue::Int(0)),
            ("within", KeepValue::Str("2d")),
        ]);
        assert!(c.errors.is_empty());
        let c = check_keep(&[("last", KeepValue::Int(3)), ("secondly", KeepValue::Int(0))]);
        assert_eq!(c.warnings.len(), 1);
        assert_eq!(c.errors.len(), 1);
    }
}
