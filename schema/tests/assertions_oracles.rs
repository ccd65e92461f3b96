//! The facts behind BX041–BX043, checked against the real tools: borg's own quota parser (and
//! `borg serve --storage-quota`), and `systemd-analyze verify` for `[Timer]` keys and triggers.

mod domain_support;

use std::process::{Command, Stdio};

use backix_schema::assertions::borg_quota::{module_accepts, parse_quota};
use backix_schema::assertions::timer_keys::{TIMER_KEYS, TRIGGER_KEYS, is_timer_key};
use domain_support::{python, require};

/// Every string of one to four characters over `0 1 5 9 .`, with no suffix or K, M, G, P:
/// all pass the module's type, and cover borg's float parsing and its 10M floor.
fn quota_cases() -> Vec<String> {
    let alphabet = ['0', '1', '5', '9', '.'];
    let mut bodies: Vec<String> = vec![String::new()];
    let mut all = Vec::new();
    for _ in 0..4 {
        bodies = bodies
            .iter()
            .flat_map(|b| alphabet.iter().map(move |c| format!("{b}{c}")))
            .collect();
        all.extend(bodies.iter().cloned());
    }
    let mut cases = Vec::new();
    for body in &all {
        for suffix in ["", "K", "M", "G", "P"] {
            cases.push(format!("{body}{suffix}"));
        }
    }
    cases.extend(
        [
            "100G",
            ".5G",
            "10M",
            "10000000",
            "9999999",
            "9.999999M",
            "10.0M",
        ]
        .map(String::from),
    );
    cases
}

#[test]
fn quota_matches_borgs_parser() {
    let cases = quota_cases();
    let script = "import sys\nfrom borg.archiver import parse_storage_quota\nfor line in sys.stdin:\n    s = line.rstrip('\\n')\n    try:\n        print(parse_storage_quota(s))\n    except Exception:\n        print('error')\n";
    let answers = python(script, &(cases.join("\n") + "\n"));
    let answers: Vec<&str> = answers.lines().collect();
    assert_eq!(answers.len(), cases.len());
    let mut mismatches = Vec::new();
    for (case, answer) in cases.iter().zip(answers) {
        assert!(module_accepts(case), "{case} should pass the module's type");
        let ours = match parse_quota(case) {
            Ok(bytes) => bytes.to_string(),
            Err(_) => "error".to_string(),
        };
        if ours != answer {
            mismatches.push(format!("{case}: borg {answer}, backix {ours}"));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches: {mismatches:#?}",
        mismatches.len()
    );
}

#[test]
fn quota_verdicts_match_borg_serve() {
    let borg = require("borg");
    for (case, accepted) in [("100G", true), ("5M", false), ("1.2.3G", false)] {
        assert_eq!(parse_quota(case).is_ok(), accepted, "{case}");
        let output = Command::new(&borg)
            .args(["serve", "--storage-quota", case])
            .env("BORG_SELFTEST", "disabled")
            .stdin(Stdio::null())
            .output()
            .expect("run borg serve");
        let stderr = String::from_utf8_lossy(&output.stderr);
        // An accepted quota lets borg serve start; it then ends at the closed input.
        assert_eq!(
            !stderr.contains("--storage-quota"),
            accepted,
            "{case}: {stderr}"
        );
    }
}

#[test]
fn timer_keys_match_systemd() {
    let analyze = require("systemd-analyze");
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("t.service"),
        "[Service]\nExecStart=/bin/true\n",
    )
    .expect("write");
    let verify = |body: &str| {
        std::fs::write(dir.path().join("t.timer"), format!("[Timer]\n{body}")).expect("write");
        let output = Command::new(&analyze)
            .args(["verify", "t.timer"])
            .current_dir(dir.path())
            .output()
            .expect("run systemd-analyze");
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    // Keys newer than systemd 252 (257, 258) are known to backix but not to this systemd.
    let newer = ["DeferReactivation", "RandomizedOffsetSec"];
    let value = |key: &str| match key {
        "OnCalendar" => "daily",
        "Unit" => "t.service",
        k if k.ends_with("Sec") => "1h",
        _ => "yes",
    };
    for key in TIMER_KEYS {
        let out = verify(&format!("OnCalendar=daily\n{key}={}\n", value(key)));
        assert_eq!(
            out.contains("Unknown key"),
            newer.contains(&key),
            "{key}: systemd says {out:?}"
        );
    }
    for key in [
        "onCalendar",
        "OnCalender",
        "Persistant",
        "RandomDelaySec",
        "oncalendar",
        "Calendar",
    ] {
        assert!(!is_timer_key(key), "{key}");
        let out = verify(&format!("OnCalendar=daily\n{key}=x\n"));
        assert!(out.contains("Unknown key"), "{key}: {out:?}");
    }
    // `X-` keys pass silently.
    assert!(is_timer_key("X-Mine"));
    assert!(!verify("OnCalendar=daily\nX-Mine=1\n").contains("Unknown key"));
    // Without a trigger systemd refuses the timer; each trigger alone is enough.
    let out = verify("Persistent=true\nRandomizedDelaySec=1h\n");
    assert!(out.contains("lacks value setting"), "{out:?}");
    for key in TRIGGER_KEYS {
        let out = verify(&format!("{key}={}\n", value(key)));
        assert!(!out.contains("lacks value setting"), "{key}: {out:?}");
    }
    // An empty `OnCalendar=` resets the list: no trigger is left.
    let out = verify("OnCalendar=daily\nOnCalendar=\n");
    assert!(out.contains("lacks value setting"), "{out:?}");
}
