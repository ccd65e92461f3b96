//! backix refuses exactly the borgmatic files that the real `borgmatic config validate` 2.1.10
//! refuses: hand-written documents (valid flat and legacy files, type errors, unknown options,
//! plain-string repositories, bad enums, YAML corner cases) and documents generated from every
//! top-level option of the model (a value of the wrong type, a misspelt name).

mod borgmatic_oracle;

use std::collections::BTreeMap;
use std::path::PathBuf;

use backix_parser::source::SourceMap;
use backix_schema::borgmatic;

const REPO: &str = "repositories:\n  - path: /srv/repo\n    label: local\n";

/// Hand-written documents: (name, text).
const DOCUMENTS: &[(&str, &str)] = &[
    ("minimal", "repositories:\n  - path: /srv/repo\n"),
    (
        "constants_coerce_a_passphrase",
        "constants:\n  a: b\nencryption_passphrase: '123456'\nrepositories:\n  - path: /srv/repo\n",
    ),
    (
        "constants_make_a_number",
        "constants:\n  days: 7\nkeep_daily: '{days}'\nrepositories:\n  - path: /srv/{days}\n",
    ),
    (
        "yaml_1_1_booleans",
        "%YAML 1.1\n---\none_file_system: yes\nrepositories:\n  - path: /srv/repo\n",
    ),
    (
        "yaml_1_2_yes_is_a_string",
        "one_file_system: yes\nrepositories:\n  - path: /srv/repo\n",
    ),
    (
        "flat_full",
        r#"source_directories:
    - /srv/src
repositories:
    - path: /srv/repo
      label: local
      encryption: repokey
    - path: ssh://user@backup.example.org/./host.borg
      label: remote
one_file_system: true
numeric_ids: true
exclude_patterns:
    - '*.pyc'
exclude_caches: true
exclude_if_present:
    - .nobackup
patterns:
    - '+ /srv/src/a'
compression: zstd,6
upload_rate_limit: 100
lock_wait: 5
ssh_command: ssh -i /root/.ssh/id_ed25519
encryption_passphrase: "correct horse"
archive_name_format: '{hostname}-docs-{now:%Y-%m-%dT%H:%M:%S}'
keep_within: 3H
keep_daily: 7
checks:
    - name: repository
      frequency: 2 weeks
    - name: archives
      frequency: 1 month
check_last: 3
extra_borg_options:
    create: --exclude-nodump
commands:
    - before: action
      when: [create]
      run:
          - echo "before create {repository}"
    - after: error
      run: ['echo failed']
"#,
    ),
    (
        "legacy",
        r#"location:
    source_directories:
        - /srv/src
    repositories:
        - /srv/repo
        - user@backup.example.org:host.borg
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
    on_error:
        - echo "failed {repository}"
    healthchecks: https://hc-ping.com/uuid
    umask: 0077
"#,
    ),
    (
        "invalid_many",
        "source_directories: /srv/src\nrepositories:\n    - label: nopath\nkeep_daily: seven\ncompression: 5\nbogus_option: true\n",
    ),
    (
        "missing_repositories",
        "source_directories: [/srv]\nkeep_daily: 7\n",
    ),
    ("plain_string_repository", "repositories: [/srv/repo]\n"),
    (
        "plain_string_repository_mixed",
        "repositories:\n  - /srv/repo\n  - path: /srv/other\n",
    ),
    ("repositories_null", "repositories:\n"),
    ("repositories_empty", "repositories: []\n"),
    ("repositories_empty_string", "repositories: ''\n"),
    ("repositories_string", "repositories: /srv/repo\n"),
    ("repositories_mapping", "repositories:\n  path: /srv/repo\n"),
    ("repository_int_item", "repositories: [5]\n"),
    ("repository_null_item", "repositories:\n  -\n"),
    ("repository_without_path", "repositories:\n  - label: x\n"),
    ("repository_int_path", "repositories:\n  - path: 5\n"),
    ("repository_list_path", "repositories:\n  - path: [a]\n"),
    (
        "repository_bad_label",
        "repositories:\n  - path: /r\n    label: 5\n",
    ),
    (
        "repository_append_only_str",
        "repositories:\n  - path: /r\n    append_only: yes\n",
    ),
    (
        "repository_override_ok",
        "repositories:\n  - path: /r\n    keep_daily: 3\n",
    ),
    (
        "repository_override_bad_type",
        "repositories:\n  - path: /r\n    keep_daily: seven\n",
    ),
    (
        "repository_override_unknown",
        "repositories:\n  - path: /r\n    bogus: 1\n",
    ),
    ("repository_tilde", "repositories:\n  - path: ~/repo\n"),
    (
        "repository_scp_style",
        "repositories:\n  - path: user@host:repo\n",
    ),
    (
        "repository_file_url",
        "repositories:\n  - path: file:///srv/repo\n",
    ),
    ("empty_file", ""),
    ("only_comment", "# nothing\n"),
    ("root_list", "- a\n- b\n"),
    ("root_scalar", "hello\n"),
    ("syntax_unclosed", "repositories: [\n"),
    (
        "syntax_flow_braces",
        "repositories:\n  - path: /r\ncommands:\n  - before: action\n    run: [echo \"x {repository}\"]\n",
    ),
    ("syntax_tab_indent", "repositories:\n\t- path: /r\n"),
    (
        "two_documents",
        "repositories:\n  - path: /r\n---\nkeep_daily: 1\n",
    ),
    (
        "duplicate_scalar",
        "repositories:\n  - path: /r\nkeep_daily: 1\nkeep_daily: 2\n",
    ),
    (
        "duplicate_list",
        "repositories:\n  - path: /r\nrepositories:\n  - path: /s\n",
    ),
    (
        "duplicate_incompatible",
        "repositories:\n  - path: /r\nrepositories:\n  path: /s\n",
    ),
    (
        "duplicate_mapping",
        "repositories:\n  - path: /r\nbootstrap:\n  store_config_files: true\nbootstrap:\n  store_config_files: false\n",
    ),
    (
        "merge_key",
        "base: &b\n  keep_daily: 1\nrepositories:\n  - path: /r\n",
    ),
    (
        "merge_key_ok",
        "repositories:\n  - &r\n    path: /r\n  - <<: *r\n    label: two\n",
    ),
    (
        "merge_key_scalar",
        "repositories:\n  - path: /r\n    <<: 5\n",
    ),
    (
        "alias_list",
        "source_directories: &s [/a, /b]\nexclude_patterns: *s\nrepositories:\n  - path: /r\n",
    ),
    (
        "unknown_tag",
        "repositories:\n  - path: /r\nkeep_daily: !foo 3\n",
    ),
    (
        "str_tag",
        "repositories:\n  - path: /r\nkeep_daily: !!str 3\n",
    ),
    (
        "int_tag",
        "repositories:\n  - path: /r\nkeep_daily: !!int \"3\"\n",
    ),
    (
        "date_value",
        "repositories:\n  - path: /r\nchecks:\n  - name: repository\n    frequency: 2024-01-01\n",
    ),
    (
        "date_in_list",
        "repositories:\n  - path: /r\nsource_directories: [2024-01-01]\n",
    ),
    (
        "yes_is_string",
        "repositories:\n  - path: /r\none_file_system: yes\n",
    ),
    (
        "true_capital",
        "repositories:\n  - path: /r\none_file_system: True\n",
    ),
    (
        "null_bool",
        "repositories:\n  - path: /r\none_file_system:\n",
    ),
    (
        "int_as_float",
        "repositories:\n  - path: /r\nkeep_daily: 7.0\n",
    ),
    (
        "int_fraction",
        "repositories:\n  - path: /r\nkeep_daily: 7.5\n",
    ),
    (
        "int_bool",
        "repositories:\n  - path: /r\nkeep_daily: true\n",
    ),
    (
        "int_quoted",
        "repositories:\n  - path: /r\nkeep_daily: \"7\"\n",
    ),
    (
        "int_negative",
        "repositories:\n  - path: /r\nkeep_daily: -1\n",
    ),
    (
        "int_huge",
        "repositories:\n  - path: /r\nkeep_daily: 123456789012345678901234567890\n",
    ),
    (
        "int_octal_prefix",
        "repositories:\n  - path: /r\numask: 0o77\n",
    ),
    (
        "float_for_string",
        "repositories:\n  - path: /r\ncompression: 1.5\n",
    ),
    (
        "nan_for_int",
        "repositories:\n  - path: /r\nkeep_daily: .nan\n",
    ),
    (
        "verbosity_ok",
        "repositories:\n  - path: /r\nverbosity: -2\n",
    ),
    (
        "verbosity_bad",
        "repositories:\n  - path: /r\nverbosity: 3\n",
    ),
    (
        "files_changed_bad",
        "repositories:\n  - path: /r\nfiles_changed: atime\n",
    ),
    (
        "statistics_bool",
        "repositories:\n  - path: /r\nstatistics: true\n",
    ),
    (
        "statistics_bad",
        "repositories:\n  - path: /r\nstatistics: full\n",
    ),
    (
        "quick_statistics",
        "repositories:\n  - path: /r\nquick_statistics: true\n",
    ),
    (
        "exclude_if_present_string",
        "repositories:\n  - path: /r\nexclude_if_present: .nobackup\n",
    ),
    (
        "skip_actions_bad",
        "repositories:\n  - path: /r\nskip_actions: [backup]\n",
    ),
    (
        "skip_actions_ok",
        "repositories:\n  - path: /r\nskip_actions: [prune, compact]\n",
    ),
    (
        "checks_spot_incomplete",
        "repositories:\n  - path: /r\nchecks:\n  - name: spot\n",
    ),
    (
        "checks_spot_ok",
        "repositories:\n  - path: /r\nchecks:\n  - name: spot\n    count_tolerance_percentage: 10\n    data_sample_percentage: 1\n    data_tolerance_percentage: 0.5\n",
    ),
    (
        "checks_bad_name",
        "repositories:\n  - path: /r\nchecks:\n  - name: everything\n",
    ),
    (
        "checks_repository_max_duration",
        "repositories:\n  - path: /r\nchecks:\n  - name: repository\n    max_duration: 60\n",
    ),
    (
        "checks_archives_max_duration",
        "repositories:\n  - path: /r\nchecks:\n  - name: archives\n    max_duration: 60\n",
    ),
    (
        "checks_strings",
        "repositories:\n  - path: /r\nchecks: [repository, archives]\n",
    ),
    (
        "checks_mixed",
        "repositories:\n  - path: /r\nchecks:\n  - name: repository\n  - archives\n",
    ),
    (
        "checks_string_then_mapping",
        "repositories:\n  - path: /r\nchecks:\n  - repository\n  - name: archives\n",
    ),
    (
        "checks_only_run_on",
        "repositories:\n  - path: /r\nchecks:\n  - name: archives\n    only_run_on: [Saturday, weekend]\n",
    ),
    (
        "commands_before_and_after",
        "repositories:\n  - path: /r\ncommands:\n  - before: action\n    after: action\n    run: [echo hi]\n",
    ),
    (
        "commands_no_run",
        "repositories:\n  - path: /r\ncommands:\n  - before: action\n",
    ),
    (
        "commands_bad_when",
        "repositories:\n  - path: /r\ncommands:\n  - before: action\n    when: [backup]\n    run: [echo hi]\n",
    ),
    (
        "commands_after_states",
        "repositories:\n  - path: /r\ncommands:\n  - after: configuration\n    states: [fail]\n    run: [echo hi]\n",
    ),
    (
        "commands_before_states",
        "repositories:\n  - path: /r\ncommands:\n  - before: configuration\n    states: [fail]\n    run: [echo hi]\n",
    ),
    (
        "commands_before_error",
        "repositories:\n  - path: /r\ncommands:\n  - before: error\n    run: [echo hi]\n",
    ),
    (
        "commands_not_list",
        "repositories:\n  - path: /r\ncommands:\n  before: action\n",
    ),
    (
        "deprecated_hooks",
        "repositories:\n  - path: /r\nbefore_backup: [echo a]\nafter_backup: [echo b]\non_error: [echo c]\nbefore_everything: [echo d]\nafter_actions: [echo e]\n",
    ),
    (
        "deprecated_hook_empty",
        "repositories:\n  - path: /r\nbefore_backup: []\n",
    ),
    (
        "deprecated_hook_string",
        "repositories:\n  - path: /r\nbefore_backup: echo a\n",
    ),
    (
        "deprecated_hook_with_commands",
        "repositories:\n  - path: /r\ncommands:\n  - before: action\n    run: [echo x]\nbefore_backup: [echo a]\n",
    ),
    (
        "renamed_options",
        "repositories:\n  - path: /r\nnumeric_owner: true\nbsd_flags: false\nremote_rate_limit: 100\n",
    ),
    (
        "renamed_null",
        "repositories:\n  - path: /r\nnumeric_owner:\n",
    ),
    (
        "renamed_bad_type",
        "repositories:\n  - path: /r\nnumeric_owner: 5\n",
    ),
    (
        "store_config_files_top",
        "repositories:\n  - path: /r\nstore_config_files: false\n",
    ),
    (
        "bootstrap_bad",
        "repositories:\n  - path: /r\nbootstrap:\n  store_config_files: maybe\n",
    ),
    (
        "healthchecks_string",
        "repositories:\n  - path: /r\nhealthchecks: https://hc-ping.com/x\n",
    ),
    (
        "healthchecks_missing_url",
        "repositories:\n  - path: /r\nhealthchecks:\n  send_logs: true\n",
    ),
    (
        "cronitor_string",
        "repositories:\n  - path: /r\ncronitor: https://cronitor.link/x\n",
    ),
    (
        "pagerduty_string",
        "repositories:\n  - path: /r\npagerduty: abc\n",
    ),
    (
        "cronhub_removed",
        "repositories:\n  - path: /r\ncronhub: https://cronhub.io/x\n",
    ),
    (
        "ntfy_ok",
        "repositories:\n  - path: /r\nntfy:\n  topic: backups\n  states: [start, fail]\n",
    ),
    (
        "ntfy_duplicate_state",
        "repositories:\n  - path: /r\nntfy:\n  topic: backups\n  states: [fail, fail]\n",
    ),
    (
        "ntfy_no_topic",
        "repositories:\n  - path: /r\nntfy:\n  server: https://ntfy.sh\n",
    ),
    (
        "loki_labels_bad",
        "repositories:\n  - path: /r\nloki:\n  url: http://l\n  labels:\n    app: 5\n",
    ),
    (
        "loki_ok",
        "repositories:\n  - path: /r\nloki:\n  url: http://l\n  labels:\n    app: borgmatic\n",
    ),
    (
        "zabbix_value_int",
        "repositories:\n  - path: /r\nzabbix:\n  server: http://z\n  start:\n    value: 1\n",
    ),
    (
        "zabbix_value_list",
        "repositories:\n  - path: /r\nzabbix:\n  server: http://z\n  start:\n    value: [1]\n",
    ),
    (
        "borg_exit_code_zero",
        "repositories:\n  - path: /r\nborg_exit_codes:\n  - code: 0\n    treat_as: warning\n",
    ),
    (
        "borg_exit_code_ok",
        "repositories:\n  - path: /r\nborg_exit_codes:\n  - code: 100\n    treat_as: error\n",
    ),
    (
        "borg_exit_code_missing",
        "repositories:\n  - path: /r\nborg_exit_codes:\n  - code: 100\n",
    ),
    (
        "openldap_all",
        "repositories:\n  - path: /r\nopenldap_databases:\n  - name: all\n",
    ),
    (
        "postgresql_ok",
        "repositories:\n  - path: /r\npostgresql_databases:\n  - name: users\n    format: custom\n",
    ),
    (
        "postgresql_bad_format",
        "repositories:\n  - path: /r\npostgresql_databases:\n  - name: users\n    format: zip\n",
    ),
    (
        "postgresql_no_name",
        "repositories:\n  - path: /r\npostgresql_databases:\n  - hostname: db\n",
    ),
    ("zfs_null", "repositories:\n  - path: /r\nzfs:\n"),
    ("zfs_empty", "repositories:\n  - path: /r\nzfs: {}\n"),
    ("zfs_bad", "repositories:\n  - path: /r\nzfs: true\n"),
    (
        "btrfs_unknown",
        "repositories:\n  - path: /r\nbtrfs:\n  mount_command: x\n",
    ),
    (
        "extra_borg_options_diff",
        "repositories:\n  - path: /r\nextra_borg_options:\n  diff: --x\n",
    ),
    (
        "extra_borg_options_repo_create",
        "repositories:\n  - path: /r\nextra_borg_options:\n  repo_create: --make-parent-dirs\n",
    ),
    (
        "constants_ok",
        "constants:\n  base: /srv\nrepositories:\n  - path: /r\nsource_directories: ['{base}/x']\n",
    ),
    (
        "check_repositories_ok",
        "repositories:\n  - path: /r\n    label: local\ncheck_repositories: [local]\n",
    ),
    (
        "check_repositories_glob",
        "repositories:\n  - path: /srv/r1\ncheck_repositories: ['/srv/*']\n",
    ),
    (
        "check_repositories_unknown",
        "repositories:\n  - path: /r\n    label: local\ncheck_repositories: [offsite]\n",
    ),
    (
        "legacy_null_section",
        "location:\nrepositories:\n  - path: /r\n",
    ),
    (
        "legacy_empty_section",
        "location: {}\nrepositories:\n  - path: /r\n",
    ),
    (
        "legacy_list_section",
        "location: [1]\nrepositories:\n  - path: /r\n",
    ),
    (
        "legacy_empty_list_section",
        "storage: []\nrepositories:\n  - path: /r\n",
    ),
    (
        "legacy_string_section",
        "retention: abc\nrepositories:\n  - path: /r\n",
    ),
    (
        "legacy_prefix_conflict",
        "location:\n  repositories: [/r]\n  prefix: a-\nconsistency:\n  prefix: b-\n",
    ),
    (
        "legacy_retention_prefix_differs",
        "location:\n  repositories: [/r]\nretention:\n  prefix: a-\nconsistency:\n  prefix: b-\n",
    ),
    (
        "legacy_umask_conflict",
        "location:\n  repositories: [/r]\nstorage:\n  umask: 77\nhooks:\n  umask: 27\n",
    ),
    (
        "legacy_umask_same",
        "location:\n  repositories: [/r]\nstorage:\n  umask: 77\nhooks:\n  umask: 77\n",
    ),
    (
        "legacy_unknown_in_section",
        "location:\n  repositories: [/r]\n  bogus: 1\n",
    ),
    (
        "legacy_cronhub",
        "location:\n  repositories: [/r]\nhooks:\n  cronhub: https://cronhub.io/x\n",
    ),
    (
        "legacy_section_overrides_top",
        "keep_daily: seven\nrepositories:\n  - path: /r\nretention:\n  keep_daily: 7\n",
    ),
    (
        "legacy_repository_without_path",
        "location:\n  repositories:\n    - label: x\n",
    ),
    ("legacy_int_repository", "location:\n  repositories: [5]\n"),
    (
        "legacy_and_top_repositories",
        "repositories:\n  - /top\nlocation:\n  repositories: [/r]\n",
    ),
    (
        "nested_option_in_repo_specific",
        "repositories:\n  - path: /r\n    encryption: 5\n",
    ),
    (
        "source_directories_must_exist",
        "repositories:\n  - path: /r\nsource_directories_must_exist: false\n",
    ),
    (
        "patterns_non_string",
        "repositories:\n  - path: /r\npatterns: [5]\n",
    ),
    ("keys_numeric", "repositories:\n  - path: /r\n1: a\n"),
    (
        "constants_non_string_key",
        "repositories:\n  - path: /r\nconstants:\n  1: a\n",
    ),
];

/// A value of the wrong type for a schema type, and one of the right type when it is simple.
fn samples(schema_type: &str) -> (Option<&'static str>, &'static str) {
    match schema_type {
        "string" => (Some("some-text"), "[a, b]"),
        "integer" => (Some("3"), "three"),
        "number" => (Some("2.5"), "two"),
        "boolean" => (Some("false"), "yes"),
        "array" => (None, "just-a-string"),
        "object" => (None, "just-a-string"),
        _ => (None, "[[nested]]"),
    }
}

/// Documents generated from every top-level option of the model.
fn generated() -> Vec<(String, String)> {
    let schema = borgmatic::json_schema();
    let properties = schema["properties"].as_object().expect("properties");
    let mut out = Vec::new();
    for (name, prop) in properties {
        if name == "repositories" {
            continue;
        }
        let prop = match prop.get("$ref").and_then(|r| r.as_str()) {
            Some(r) => schema.pointer(&r[1..]).expect("ref").clone(),
            None => prop.clone(),
        };
        let ty =
            prop.get("type")
                .and_then(|t| t.as_str())
                .unwrap_or(if prop.get("anyOf").is_some() {
                    "object"
                } else {
                    "?"
                });
        let (good, bad) = samples(ty);
        if prop.get("enum").is_none()
            && let Some(good) = good
        {
            out.push((
                format!("gen_{name}_good"),
                format!("{REPO}{name}: {good}\n"),
            ));
        }
        out.push((format!("gen_{name}_bad"), format!("{REPO}{name}: {bad}\n")));
        if let Some(values) = prop.get("enum").and_then(|e| e.as_array()) {
            if let Some(first) = values.first() {
                out.push((
                    format!("gen_{name}_enum_ok"),
                    format!("{REPO}{name}: {first}\n"),
                ));
            }
            out.push((
                format!("gen_{name}_enum_bad"),
                format!("{REPO}{name}: not-a-choice\n"),
            ));
        }
    }
    // Misspellings of a few options.
    for typo in [
        "keep_dayly",
        "source_directory",
        "exclude_pattern",
        "encryption_passphrase_",
        "Compression",
    ] {
        out.push((format!("gen_typo_{typo}"), format!("{REPO}{typo}: 1\n")));
    }
    out
}

#[test]
fn backix_rejects_exactly_what_borgmatic_rejects() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut docs: Vec<(String, String)> = DOCUMENTS
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    // Every other generated document keeps the run near two minutes on an idle machine.
    docs.extend(generated().into_iter().step_by(2));
    assert!(docs.len() >= 250, "only {} documents", docs.len());
    // For a quick local look: BACKIX_BORGMATIC_DOCS=N checks only the first N documents.
    if let Some(n) = std::env::var("BACKIX_BORGMATIC_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        docs.truncate(n);
    }
    let mut paths: BTreeMap<PathBuf, (String, String)> = BTreeMap::new();
    for (name, text) in docs {
        let path = dir.path().join(format!("{name}.yaml"));
        std::fs::write(&path, &text).expect("write");
        assert!(
            paths.insert(path, (name.clone(), text)).is_none(),
            "duplicate name {name}"
        );
    }
    let files: Vec<PathBuf> = paths.keys().cloned().collect();
    let rejected = borgmatic_oracle::rejected(dir.path(), &files);
    let mut mismatches = Vec::new();
    let (mut refused, mut accepted) = (0, 0);
    for (path, (name, text)) in &paths {
        let mut sources = SourceMap::new();
        let ours = match borgmatic::load(&mut sources, &path.display().to_string(), text) {
            Err(_) => true,
            Ok(file) => file.rejected(),
        };
        let theirs = rejected.contains(path);
        if theirs {
            refused += 1;
        } else {
            accepted += 1;
        }
        if ours != theirs {
            let detail = match borgmatic::load(&mut sources, name, text) {
                Err(d) => vec![d.message],
                Ok(f) => f
                    .analysis
                    .findings
                    .iter()
                    .map(|f| format!("{} {}", f.code, f.message))
                    .collect(),
            };
            mismatches.push(format!(
                "{name}: borgmatic {} it, backix {} it\n---\n{text}---\nbackix: {detail:#?}",
                if theirs { "rejects" } else { "accepts" },
                if ours { "rejects" } else { "accepts" },
            ));
        }
    }
    if std::env::var("BACKIX_BORGMATIC_DOCS").is_err() {
        assert!(
            refused > 50 && accepted > 50,
            "{refused} refused, {accepted} accepted"
        );
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n\n")
    );
}
