//! borgmatic YAML → `services.borgbackup.jobs` (`to_jobs::from_config`) → borgmatic YAML
//! (`to_borgmatic`): wherever the first step reports a key as carried exactly, the second gives
//! it back with the same value after normalization (backix's normalized trees for generated
//! files; the real `borgmatic config validate --show` for the hand-written ones). The generated
//! files come from a proptest strategy with a fixed seed (`BACKIX_PROPTEST_CASES=N` for more).

use std::path::{Path, PathBuf};
use std::process::Command;

use backix_emit::migrate::report::{KeyReport, Outcome};
use backix_emit::migrate::to_borgmatic;
use backix_emit::migrate::to_jobs::{self, Options};
use backix_parser::eval::EvalOptions;
use backix_parser::module::analyze;
use backix_parser::source::{FileId, SourceMap};
use backix_parser::yaml::{self, Limits};
use backix_schema::borgmatic::json::Located;
use proptest::prelude::*;
use serde_json::Value;

/// A normalized borgmatic configuration as JSON (`bootstrap` dropped: normalization adds it).
fn normalized(text: &str) -> (Value, Vec<KeyReport>, String) {
    let mut sources = SourceMap::default();
    let file = backix_schema::borgmatic::load(&mut sources, "rt.yaml", text).expect("loads");
    assert!(!file.rejected(), "borgmatic would refuse:\n{text}");
    let node = file.analysis.normalized.clone().expect("a mapping");
    let mut json = Located::new(&node).json;
    if let Value::Object(m) = &mut json {
        m.remove("bootstrap");
    }
    let migration = to_jobs::from_config(&node, "rt", &sources, &Options::default());
    assert_eq!(migration.jobs.len(), 1, "one repository, one job:\n{text}");
    let job = &migration.jobs[0];
    let nix = format!(
        "{{ config, ... }}:\n{{\n  services.borgbackup.jobs.{} = {};\n}}\n",
        job.name,
        job.value.render_at(1)
    );
    (json, migration.report, nix)
}

/// The borgmatic configuration of the only job of `nix`.
fn back(dir: &Path, nix: &str) -> String {
    let path = dir.join("jobs.nix");
    std::fs::write(&path, nix).expect("write");
    let converted = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let analysis = analyze(&[path], EvalOptions::default()).expect("analyze");
            to_borgmatic::from_extraction(&analysis.extraction)
        })
        .expect("thread")
        .join()
        .expect("no panic");
    assert_eq!(converted.len(), 1, "{nix}");
    match &converted[0] {
        Ok(c) => c.config.render(),
        Err(r) => panic!("refused: {:?}\n{nix}", r.reasons),
    }
}

fn tree(text: &str) -> Value {
    let mut sources = SourceMap::default();
    let file = backix_schema::borgmatic::load(&mut sources, "back.yaml", text).expect("loads");
    assert!(
        !file.rejected(),
        "borgmatic would refuse the round trip:\n{text}"
    );
    let mut json = Located::new(&file.analysis.normalized.expect("a mapping")).json;
    if let Value::Object(m) = &mut json {
        m.remove("bootstrap");
    }
    json
}

/// The top-level keys `to_jobs` carried exactly (no report of the key is lossy or missing).
fn exact_keys(original: &Value, report: &[KeyReport]) -> Vec<String> {
    let top = |key: &str| key.split(['.', '[']).next().unwrap_or(key).to_string();
    original
        .as_object()
        .expect("a mapping")
        .keys()
        .filter(|k| {
            let reports: Vec<&KeyReport> = report.iter().filter(|r| top(&r.key) == **k).collect();
            !reports.is_empty() && reports.iter().all(|r| r.outcome == Outcome::Exact)
        })
        .cloned()
        .collect()
}

/// Compares the exactly carried keys; returns how many were compared.
fn compare(original: &Value, report: &[KeyReport], back: &Value, context: &str) -> usize {
    let keys = exact_keys(original, report);
    for key in &keys {
        let (a, b) = (&original[key], &back[key]);
        if key == "repositories" {
            // The job name becomes the label; the path is what must survive.
            let paths = |v: &Value| -> Vec<Value> {
                v.as_array()
                    .map(|items| items.iter().map(|i| i["path"].clone()).collect())
                    .unwrap_or_default()
            };
            assert_eq!(paths(a), paths(b), "{key}:\n{context}");
        } else if (key == "patterns" || key == "exclude_patterns")
            && original.get("patterns").is_some()
            && original.get("exclude_patterns").is_some()
        {
            // Both given: the excludes come back as `! ` pattern lines after the patterns
            // (borgmatic's order; an exclude without a style is `fm:`), as docs/migrate.md says.
            let lines = |v: &Value| v.as_array().cloned().unwrap_or_default();
            let mut expected = lines(&original["patterns"]);
            for e in lines(&original["exclude_patterns"]) {
                let e = e.as_str().unwrap_or_default();
                let styled = ["fm:", "sh:", "re:", "pp:", "pf:"]
                    .iter()
                    .any(|s| e.starts_with(s));
                let line = if styled {
                    format!("! {e}")
                } else {
                    format!("! fm:{e}")
                };
                expected.push(Value::String(line));
            }
            assert_eq!(
                lines(&back["patterns"]),
                expected,
                "{key} changed in the round trip:\n{context}"
            );
        } else {
            assert_eq!(a, b, "{key} changed in the round trip:\n{context}");
        }
    }
    keys.len()
}

const HAND_WRITTEN: &[&str] = &[
    r#"source_directories:
    - /home
    - /etc
repositories:
    - path: /mnt/backup/home
      label: local
      encryption: repokey
exclude_patterns:
    - '*.pyc'
    - /home/*/.cache
encryption_passcommand: cat /run/keys/borg
compression: zstd,6
one_file_system: true
exclude_caches: true
keep_daily: 7
keep_weekly: 4
keep_within: 2d
lock_wait: 30
"#,
    r#"source_directories:
    - /srv
repositories:
    - path: ssh://borg@nas.example.org/./srv
      label: nas
patterns:
    - '+ /srv/keep'
    - '- /srv/*'
ssh_command: ssh -i /root/.ssh/backup
checkpoint_interval: 600
numeric_ids: true
exclude_if_present:
    - .nobackup
keep_monthly: 6
compact_threshold: 20
extra_borg_options:
    create: --comment 'from borgmatic'
    prune: --save-space
commands:
    - after: action
      when: [create]
      states: [finish]
      run:
          - echo created
"#,
    r#"source_directories:
    - /var/lib/db
repositories:
    - path: /mnt/db
      label: db
      encryption: none
remote_path: borg1
umask: 77
upload_rate_limit: 100
files_cache: ctime,size
"#,
];

#[test]
fn hand_written_configurations_survive_per_borgmatic() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut compared = 0;
    let mut texts = Vec::new();
    for text in HAND_WRITTEN {
        let (original, report, nix) = normalized(text);
        let yaml = back(dir.path(), &nix);
        compared += compare(
            &original,
            &report,
            &tree(&yaml),
            &format!("{text}\n{nix}\n{yaml}"),
        );
        texts.push((text.to_string(), yaml, report));
    }
    assert!(compared >= 20, "only {compared} keys carried exactly");
    // The same comparison on what the real borgmatic reads from both files.
    let mut files: Vec<PathBuf> = Vec::new();
    for (i, (a, b, _)) in texts.iter().enumerate() {
        for (side, t) in [("a", a), ("b", b)] {
            let p = dir.path().join(format!("{i}{side}.yaml"));
            std::fs::write(&p, t).expect("write");
            files.push(p);
        }
    }
    let shown = borgmatic_show(dir.path(), &files);
    for (i, (a, b, report)) in texts.iter().enumerate() {
        let (original, _, _) = normalized(a);
        let keys = exact_keys(&original, report);
        assert!(!keys.is_empty());
        compare(
            &shown[2 * i],
            report,
            &shown[2 * i + 1],
            &format!("{a}\n{b}"),
        );
    }
}

fn borgmatic_show(dir: &Path, files: &[PathBuf]) -> Vec<Value> {
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join(".tools/venv/bin/borgmatic");
    assert!(
        bin.exists(),
        "borgmatic 2.1.10 is missing at {}: run scripts/setup",
        bin.display()
    );
    let home = dir.join("home");
    std::fs::create_dir_all(home.join("run")).expect("home");
    let mut cmd = Command::new(bin);
    cmd.args(["config", "validate", "--show"])
        .env("HOME", &home)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_RUNTIME_DIR", home.join("run"));
    for f in files {
        cmd.arg("-c").arg(f);
    }
    let out = cmd.output().expect("borgmatic runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
        .split("---\n")
        .skip(1)
        .map(|d| {
            let d = d.split("\n\n").next().unwrap_or_default();
            let node = yaml::parse(FileId(0), d, Limits::default())
                .expect("YAML")
                .expect("a document");
            let mut json = Located::new(&node).json;
            if let Value::Object(m) = &mut json {
                m.remove("bootstrap");
            }
            json
        })
        .collect()
}

/// A deterministic proptest runner: `default_cases` cases unless `BACKIX_PROPTEST_CASES` says
/// otherwise, nothing written to disk (see tests/properties.rs).
fn runner(default_cases: u32) -> proptest::test_runner::TestRunner {
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let cases = std::env::var("BACKIX_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_cases);
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha))
}

/// Source directories with what YAML writers must quote: spaces, quotes, `#`, `: `, unicode.
fn source_directory() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[a-z0-9_.-]{1,6}",
        1 => Just(" ".to_string()),
        1 => Just("'".to_string()),
        1 => Just("\"".to_string()),
        1 => Just(" #".to_string()),
        1 => Just(": ".to_string()),
        1 => Just("é".to_string()),
        1 => Just("日本".to_string()),
        1 => Just("*".to_string()),
    ];
    proptest::collection::vec(piece, 1..5).prop_map(|p| format!("/srv/{}", p.concat()))
}

/// A YAML single-quoted scalar.
fn single_quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

#[test]
fn generated_configurations_survive() {
    let dir = tempfile::tempdir().expect("temp dir");
    let optional: Vec<&str> = vec![
        "one_file_system: true",
        "exclude_caches: true",
        "keep_exclude_tags: true",
        "numeric_ids: true",
        "compression: lz4",
        "compression: auto,zstd,9",
        "checkpoint_interval: 300",
        "lock_wait: 5",
        "keep_daily: 3",
        "keep_weekly: 2",
        "keep_monthly: 12",
        "keep_yearly: 1",
        "keep_within: 12H",
        "ssh_command: ssh -p 2222",
        "encryption_passcommand: pass show borg",
        "exclude_patterns: ['*.o', '/srv/tmp']",
        "patterns: ['+ /srv/a', '- /srv/*']",
        "exclude_if_present: ['.nobackup', 'CACHEDIR.TAG']",
        "compact_threshold: 15",
        "temporary_directory: /var/tmp/borg",
        "borg_cache_directory: /var/cache/borg",
    ];
    let strategy = (
        proptest::collection::vec(source_directory(), 1..4),
        0u32..1000,
        proptest::sample::subsequence(optional, 0..8),
        any::<u64>(),
    );
    let compared = std::cell::Cell::new(0usize);
    let result = runner(40).run(&strategy, |(sources, n, chosen, seed)| {
        let sources: Vec<String> = sources.iter().map(|s| single_quoted(s)).collect();
        let mut lines = vec![
            format!("source_directories: [{}]", sources.join(", ")),
            format!("repositories: [{{path: /mnt/g{n}, label: g}}]"),
        ];
        let mut used = Vec::new();
        for line in chosen {
            let key = line.split(':').next().unwrap_or_default();
            if !used.contains(&key) {
                used.push(key);
                lines.push(line.to_string());
            }
        }
        // Key order does not matter to borgmatic; rotate to vary it.
        let len = lines.len();
        lines.rotate_left(seed as usize % len);
        let text = lines.join("\n") + "\n";
        let (original, report, nix) = normalized(&text);
        let yaml = back(dir.path(), &nix);
        compared.set(
            compared.get()
                + compare(
                    &original,
                    &report,
                    &tree(&yaml),
                    &format!("{text}\n{nix}\n{yaml}"),
                ),
        );
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    assert!(
        compared.get() >= 100,
        "only {} keys carried exactly",
        compared.get()
    );
}
