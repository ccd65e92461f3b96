//! backix normalizes legacy and deprecated borgmatic files to what the real borgmatic 2.1.10
//! prints with `config validate --show` (same options, same values; key order aside).

mod borgmatic_oracle;

use backix_parser::source::{FileId, SourceMap};
use backix_parser::yaml::{self, Limits};
use backix_schema::borgmatic::{self, json::Located};
use serde_json::Value;

const LEGACY: &[(&str, &str)] = &[
    (
        "sections",
        r#"location:
    source_directories:
        - /srv/src
    repositories:
        - /srv/repo
        - user@backup.example.org:host.borg
        - user@host:/abs/repo
        - user@host:~/home-repo
    exclude_if_present: .nobackup
    numeric_owner: true
    bsd_flags: false
storage:
    encryption_passphrase: "correct horse"
    compression: lz4
    remote_rate_limit: 200
    umask: 0077
retention:
    keep_daily: 7
    prefix: host-
consistency:
    checks:
        - repository
        - archives
    check_last: 3
output:
    color: false
hooks:
    before_backup:
        - echo starting
    after_backup:
        - echo done
    on_error:
        - echo "failed {repository}"
    before_everything:
        - echo everything
    healthchecks: https://hc-ping.com/uuid
    umask: 0077
"#,
    ),
    (
        "hooks_order",
        r#"repositories:
    - path: /srv/repo
commands:
    - before: configuration
      run: [echo mine]
after_everything: [echo z]
before_actions: [echo a]
after_check: [echo c]
before_prune: [echo p]
after_actions: [echo b]
before_extract: [echo e]
before_compact: []
"#,
    ),
    (
        "forms",
        r#"repositories:
    - path: /srv/repo
      label: local
    - label: dropped
statistics: true
quick_statistics: false
store_config_files: false
cronitor: https://cronitor.link/x
pagerduty: key
borgmatic_source_directory: /tmp/bm
"#,
    ),
    (
        "constants",
        r#"constants:
    host: backup.example.org
    user: borg
    days: 7
    label: it's
    on: true
source_directories:
    - /srv/{label}
    - '\{host\}'
repositories:
    - path: ssh://{user}@{host}/./repo
      label: "{user}"
keep_daily: "{days}"
one_file_system: "{on}"
archive_name_format: "{hostname}-{now}"
before_backup:
    - echo {label} {host} \{host\}
commands:
    - before: action
      when: [create]
      run:
          - echo "{label}"
"#,
    ),
    (
        "yaml_1_1",
        r#"%YAML 1.1
---
repositories:
    - path: /srv/repo
one_file_system: yes
exclude_caches: on
umask: 0077
keep_daily: 0x10
keep_hourly: 1:00
"#,
    ),
    (
        "section_wins",
        r#"keep_daily: 1
compression: none
retention:
    keep_daily: 7
storage:
    compression: lz4
location:
    repositories:
        - path: /srv/repo
"#,
    ),
];

/// Sorts object keys, so that key order does not matter.
fn canonical(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> =
                map.into_iter().map(|(k, v)| (k, canonical(v))).collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(canonical).collect()),
        other => other,
    }
}

#[test]
fn normalization_matches_borgmatic_show() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in LEGACY {
        let path = dir.path().join(format!("{name}.yaml"));
        std::fs::write(&path, text).expect("write");
        let output = borgmatic_oracle::run(
            dir.path(),
            &[
                "config",
                "validate",
                "--show",
                "-c",
                &path.display().to_string(),
            ],
        );
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "{name}: borgmatic refused it:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        // The YAML, then borgmatic's closing words ("summary:" or "All configuration files are
        // valid") after a blank line.
        let shown = stdout.split("\n\n").next().unwrap_or_default();
        let theirs = yaml::parse(FileId(0), shown, Limits::default())
            .expect("borgmatic prints YAML")
            .expect("a document");
        let theirs = canonical(Located::new(&theirs).json);

        let mut sources = SourceMap::new();
        let file = borgmatic::load(&mut sources, name, text).expect("loads");
        assert!(
            !file.rejected(),
            "{name}: backix refuses it: {:#?}",
            file.analysis.findings
        );
        let ours = canonical(Located::new(file.analysis.normalized.as_ref().unwrap()).json);
        assert_eq!(ours, theirs, "{name}: normalized forms differ");
    }
}

#[test]
fn deprecations_point_at_what_the_user_wrote() {
    let (_, text) = LEGACY[0];
    let mut sources = SourceMap::new();
    let file = borgmatic::load(&mut sources, "legacy.yaml", text).expect("loads");
    let at = |code: &str| -> Vec<(u32, String)> {
        file.findings(code)
            .map(|f| {
                let loc = sources.location(f.span);
                (loc.line, sources.text(f.span).to_string())
            })
            .collect()
    };
    let sections = at("BX150");
    assert_eq!(
        sections,
        vec![
            (1, "location".into()),
            (12, "storage".into()),
            (17, "retention".into()),
            (20, "consistency".into()),
            (25, "output".into()),
            (27, "hooks".into()),
        ]
    );
    let hooks = at("BX151");
    assert_eq!(
        hooks.iter().map(|h| h.1.as_str()).collect::<Vec<_>>(),
        [
            "before_backup",
            "after_backup",
            "on_error",
            "before_everything"
        ]
    );
    let renamed: Vec<String> = at("BX152").into_iter().map(|(_, t)| t).collect();
    for key in ["numeric_owner", "bsd_flags", "remote_rate_limit", "prefix"] {
        assert!(
            renamed.iter().any(|t| t == key),
            "{key} not reported: {renamed:?}"
        );
    }
    assert!(
        renamed
            .iter()
            .any(|t| t == "user@backup.example.org:host.borg"),
        "the scp-style repository is not reported: {renamed:?}"
    );
}

/// `!include` and `<<: !include` are followed as borgmatic follows them: a list of files merged
/// with later files winning, nested includes found beside the file that includes them, lists
/// appended; and a missing or self-including file is refused by both.
#[test]
fn includes_are_followed_as_borgmatic_follows_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("parts/deeper")).expect("dirs");
    let files = [
        (
            "main.yaml",
            "source_directories:\n    - /srv/main\nrepositories: !include parts/repos.yaml\n\
             keep_daily: 1\n<<: !include [parts/a.yaml, parts/b.yaml]\n",
        ),
        ("parts/repos.yaml", "- path: /srv/repo\n  label: local\n"),
        (
            "parts/a.yaml",
            "keep_daily: 5\nkeep_weekly: 2\nsource_directories:\n    - /srv/a\n\
             <<: !include deeper/c.yaml\n",
        ),
        ("parts/b.yaml", "keep_weekly: 3\ncompression: lz4\n"),
        (
            "parts/deeper/c.yaml",
            "keep_monthly: 6\nexclude_caches: true\n",
        ),
        (
            "missing.yaml",
            "repositories:\n    - path: /srv/r\n<<: !include nowhere.yaml\n",
        ),
        (
            "loop.yaml",
            "repositories:\n    - path: /srv/r\n<<: !include loop.yaml\n",
        ),
    ];
    for (name, text) in files {
        std::fs::write(root.join(name), text).expect("write");
    }
    let load = |name: &str| {
        let path = root.join(name);
        let text = std::fs::read_to_string(&path).expect("read");
        let mut sources = SourceMap::new();
        let file =
            borgmatic::load(&mut sources, &path.display().to_string(), &text).expect("loads");
        (file, sources)
    };
    let show = |name: &str| {
        borgmatic_oracle::run(
            root,
            &[
                "config",
                "validate",
                "--show",
                "-c",
                &root.join(name).display().to_string(),
            ],
        )
    };

    let output = show("main.yaml");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let shown = stdout.split("\n\n").next().unwrap_or_default();
    let theirs = yaml::parse(FileId(0), shown, Limits::default())
        .expect("borgmatic prints YAML")
        .expect("a document");
    let theirs = canonical(Located::new(&theirs).json);
    let (file, sources) = load("main.yaml");
    assert!(!file.rejected(), "{:#?}", file.analysis.findings);
    let ours = canonical(Located::new(file.analysis.normalized.as_ref().unwrap()).json);
    assert_eq!(ours, theirs, "normalized forms differ");
    assert!(
        sources
            .files()
            .any(|(_, f)| f.name.ends_with("parts/deeper/c.yaml")),
        "the nested include is in the source map"
    );

    for name in ["missing.yaml", "loop.yaml"] {
        assert!(!show(name).status.success(), "borgmatic accepts {name}");
        let (file, _) = load(name);
        assert!(file.rejected(), "backix accepts {name}");
    }
}
