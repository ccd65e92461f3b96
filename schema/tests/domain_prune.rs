//! `prune.keep` keys and values against borg 1.2 itself: `borg prune --dry-run --keep-KEY=VALUE`
//! on an empty repository, as the NixOS module writes the flags.

mod domain_support;

use backix_schema::domain::prune::{KeepValue, check_keep, check_keep_value, parse_keep_key};
use domain_support::{assert_no_mismatches, borg_env, par_map, text};

/// `(key, value)` as Nix would give them.
const CASES: &[(&str, KeepValue<'static>)] = &[
    ("within", KeepValue::Str("1d")),
    ("within", KeepValue::Str("12H")),
    ("within", KeepValue::Str("2w")),
    ("within", KeepValue::Str("3m")),
    ("within", KeepValue::Str("1y")),
    ("within", KeepValue::Str("0d")),
    ("within", KeepValue::Int(5)),
    ("within", KeepValue::Str("5")),
    ("within", KeepValue::Str("1D")),
    ("within", KeepValue::Str("1M")),
    ("within", KeepValue::Str("d")),
    ("last", KeepValue::Int(3)),
    ("secondly", KeepValue::Int(10)),
    ("minutely", KeepValue::Int(60)),
    ("hourly", KeepValue::Int(24)),
    ("daily", KeepValue::Int(7)),
    ("weekly", KeepValue::Int(4)),
    ("monthly", KeepValue::Int(-1)),
    ("yearly", KeepValue::Int(5)),
    ("daily", KeepValue::Int(0)),
    ("daily", KeepValue::Int(-5)),
    ("daily", KeepValue::Str("7d")),
    ("daily", KeepValue::Str("7")),
    ("weekly", KeepValue::Str("4w")),
    ("d", KeepValue::Int(7)),
    ("da", KeepValue::Int(7)),
    ("l", KeepValue::Int(1)),
    ("s", KeepValue::Int(1)),
    ("mo", KeepValue::Int(6)),
    ("mi", KeepValue::Int(6)),
    ("wi", KeepValue::Str("2d")),
    ("w", KeepValue::Int(4)),
    ("m", KeepValue::Int(6)),
    ("", KeepValue::Int(1)),
    ("dialy", KeepValue::Int(7)),
    ("dailyy", KeepValue::Int(7)),
    ("Daily", KeepValue::Int(7)),
    ("keep-daily", KeepValue::Int(7)),
    ("keepDaily", KeepValue::Int(7)),
    ("hours", KeepValue::Int(7)),
    ("withn", KeepValue::Str("1d")),
    ("within-", KeepValue::Str("1d")),
];

fn flag(key: &str, value: &KeepValue<'_>) -> String {
    format!("--keep-{key}={}", value.text())
}

fn backix_accepts(key: &str, value: &KeepValue<'_>) -> bool {
    match parse_keep_key(key) {
        Ok(k) => check_keep_value(Some(k.rule), value).borg_accepts(),
        Err(_) => false,
    }
}

#[test]
fn keys_and_values_match_borg() {
    let env = borg_env();
    let run = |flags: &[String]| {
        let mut args = vec!["prune".to_string(), "--dry-run".to_string()];
        args.extend(flags.iter().cloned());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        env.borg(&args, None)
    };
    let ok: Vec<String> = CASES
        .iter()
        .filter(|(k, v)| backix_accepts(k, v))
        .map(|(k, v)| flag(k, v))
        .collect();
    let bad: Vec<(String, String)> = CASES
        .iter()
        .filter(|(k, v)| !backix_accepts(k, v))
        .map(|(k, v)| {
            let why = match parse_keep_key(k) {
                Ok(key) => {
                    check_keep_value(Some(key.rule), v)
                        .borg
                        .unwrap_err()
                        .message
                }
                Err(e) => e.message,
            };
            (flag(k, v), why)
        })
        .collect();
    assert!(
        ok.len() >= 15 && bad.len() >= 15,
        "{} / {}",
        ok.len(),
        bad.len()
    );
    let mut mismatches = Vec::new();
    let batch = run(&ok);
    if !batch.status.success() {
        for f in &ok {
            let out = run(std::slice::from_ref(f));
            if !out.status.success() {
                mismatches.push(format!("backix accepts {f}; borg: {}", text(&out)));
            }
        }
    }
    let outs = par_map(&bad, |(f, _)| run(std::slice::from_ref(f)));
    for ((f, why), out) in bad.iter().zip(outs) {
        let t = text(&out);
        let refused =
            out.status.code() == Some(2) && domain_support::last_line(&t).contains(" error: ");
        if !refused {
            mismatches.push(format!(
                "backix rejects {f} ({why}); borg exits {:?}: {t}",
                out.status.code()
            ));
        }
    }
    assert_no_mismatches(&mismatches);
}

#[test]
fn all_zero_rules_fail_like_borg() {
    let env = borg_env();
    let entries = [("daily", KeepValue::Int(0)), ("weekly", KeepValue::Int(0))];
    let check = check_keep(&entries);
    assert_eq!(check.errors.len(), 1);
    let out = env.borg(
        &["prune", "--dry-run", "--keep-daily=0", "--keep-weekly=0"],
        None,
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("At least one of"), "{}", text(&out));

    // `last` and `secondly` are one option: the later flag (attribute order) wins.
    let entries = [("last", KeepValue::Int(2)), ("secondly", KeepValue::Int(0))];
    let check = check_keep(&entries);
    assert_eq!(check.warnings.len(), 1);
    assert_eq!(check.errors.len(), 1);
    let out = env.borg(
        &["prune", "--dry-run", "--keep-last=2", "--keep-secondly=0"],
        None,
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));

    let entries = [
        ("daily", KeepValue::Int(0)),
        ("within", KeepValue::Str("1d")),
    ];
    assert!(check_keep(&entries).errors.is_empty());
    let out = env.borg(
        &["prune", "--dry-run", "--keep-daily=0", "--keep-within=1d"],
        None,
    );
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn suggestions_for_unknown_keys() {
    for (key, expected) in [
        ("dialy", "daily"),
        ("dailyy", "daily"),
        ("keep-daily", "daily"),
        ("keepWeekly", "weekly"),
        ("withn", "within"),
        ("montly", "monthly"),
        ("hours", "hourly"),
    ] {
        let e = parse_keep_key(key).unwrap_err();
        assert!(
            e.message.contains(&format!("`{expected}`")),
            "{key}: {}",
            e.message
        );
    }
}
